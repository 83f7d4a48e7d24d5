// A tiny workload for hone init's Cargo fixture.
fn main() {
    let n: u64 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(3_000_000);
    let mut x: u64 = 1;
    for _ in 0..n {
        x = std::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407));
    }
    std::process::exit(if x == 42 { 1 } else { 0 });
}

#[cfg(test)]
mod tests {
    #[test]
    fn runs() {
        assert_eq!(2 + 2, 4);
    }
}
