#!/usr/bin/env python3
"""Reference values for stats_test.cc, computed independently of the C++ code.

Python 3 standard library only: `statistics` for summaries, exhaustive enumeration of every
split (itertools.combinations) for exact Mann-Whitney p-values, math.erfc for the normal
approximation, and a from-the-papers port of splitmix64 / xoshiro256** / Lemire's bounded draw
for the golden bootstrap intervals. Run `python3 src/stats/reference.py`; each printed line
names the test that uses it.
"""
import itertools
import math
import statistics
from fractions import Fraction

# ---- summarize ----
SUMMARY = [10.2, 9.8, 10.0, 10.5, 9.9, 30.0, 10.1, 10.3]


def summary(xs):
    med = statistics.median(xs)
    mean = statistics.mean(xs)
    sd = statistics.stdev(xs)
    mad = 1.4826 * statistics.median([abs(x - med) for x in xs])
    out = sum(1 for x in xs if abs(x - med) > 3 * mad)
    return dict(n=len(xs), min=min(xs), max=max(xs), median=med, mean=mean, stddev=sd,
                mad=mad, cv=sd / mean, outliers=out)


# ---- Mann-Whitney ----
def ranks(values):
    """Midranks (1-based) of the pooled values."""
    order = sorted(values)
    first = {}
    count = {}
    for i, v in enumerate(order):
        first.setdefault(v, i + 1)
        count[v] = count.get(v, 0) + 1
    return [Fraction(2 * first[v] + count[v] - 1, 2) for v in values]


def u_of_a(a, b):
    r = ranks(list(a) + list(b))
    ra = sum(r[:len(a)])
    return ra - Fraction(len(a) * (len(a) + 1), 2)


def mw_exact(a, b):
    """Every split of the pooled ranks into |a| and |b| is equally likely under H0."""
    n = len(a) + len(b)
    ua = u_of_a(a, b)
    le = ge = total = 0
    m = len(a)
    for combo in itertools.combinations(range(1, n + 1), m):
        u = sum(combo) - m * (m + 1) // 2
        total += 1
        le += u <= ua
        ge += u >= ua
    return min(1.0, 2 * min(Fraction(le, total), Fraction(ge, total)))


def mw_normal(a, b):
    """Normal approximation, tie-corrected variance, continuity correction 0.5."""
    na, nb = len(a), len(b)
    n = na + nb
    ua = u_of_a(a, b)
    pooled = list(a) + list(b)
    ties = sum(t ** 3 - t for t in (pooled.count(v) for v in set(pooled)))
    var = Fraction(na * nb, 12) * ((n + 1) - Fraction(ties, n * (n - 1)))
    z = (abs(ua - Fraction(na * nb, 2)) - Fraction(1, 2)) / math.sqrt(var)
    return min(1.0, math.erfc(float(z) / math.sqrt(2)))


MW_A5 = [1.1, 2.3, 3.5, 4.2, 5.0]
MW_B6 = [2.9, 4.8, 6.1, 7.3, 8.4, 9.0]
MW_A12 = [3.1, 4.7, 2.2, 5.9, 6.3, 1.8, 7.4, 4.1, 5.2, 3.6, 6.8, 2.7]
MW_B10 = [5.5, 7.9, 6.6, 8.2, 4.4, 9.1, 7.1, 5.7, 8.8, 6.0]
MW_LOW = [1, 2, 3, 4, 5]
MW_HIGH = [6, 7, 8, 9, 10]
MW_TIES_A = [1, 2, 2, 3, 3, 3, 4, 5]
MW_TIES_B = [3, 4, 4, 5, 5, 6, 6, 7, 8]
MW_BIG_A = [(i * 37 % 101) / 10.0 for i in range(25)]
MW_BIG_B = [(i * 53 % 103) / 10.0 + 2.55 for i in range(22)]

# ---- Rng and bootstrap (golden values) ----
M64 = (1 << 64) - 1


class Rng:
    def __init__(self, seed):
        x = seed
        self.s = []
        for _ in range(4):
            x = (x + 0x9E3779B97F4A7C15) & M64
            z = x
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
            self.s.append(z ^ (z >> 31))

    def next(self):
        s = self.s
        rotl = lambda x, k: ((x << k) | (x >> (64 - k))) & M64
        result = (rotl((s[1] * 5) & M64, 7) * 9) & M64
        t = (s[1] << 17) & M64
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        return result

    def below(self, n):
        m = self.next() * n
        low = m & M64
        if low < n:
            t = ((1 << 64) - n) % n
            while low < t:
                m = self.next() * n
                low = m & M64
        return m >> 64


def percentile(reps, confidence):
    reps = sorted(reps)
    alpha = (1 - confidence) / 2

    def q(p):
        h = (len(reps) - 1) * p
        i = math.floor(h)
        if i + 1 >= len(reps):
            return reps[-1]
        return reps[i] + (h - i) * (reps[i + 1] - reps[i])

    return q(alpha), q(1 - alpha)


def boot_median(xs, seed, resamples=2000, confidence=0.95):
    rng = Rng(seed)
    s = sorted(xs)
    reps = [statistics.median([s[rng.below(len(s))] for _ in s]) for _ in range(resamples)]
    return percentile(reps, confidence)


def boot_ratio(base, cand, seed, resamples=2000, confidence=0.95):
    """Unpaired: each side resampled on its own."""
    rng = Rng(seed)
    reps = []
    sb, sc = sorted(base), sorted(cand)
    for _ in range(resamples):
        rb = [sb[rng.below(len(sb))] for _ in sb]
        rc = [sc[rng.below(len(sc))] for _ in sc]
        reps.append(statistics.median(rc) / statistics.median(rb))
    return percentile(reps, confidence)


# ---- paired ratio: Hodges-Lehmann with the Wilcoxon signed-rank interval ----
def signed_rank_cut(n, confidence):
    """Largest c with P(W+ <= c-1) <= alpha/2, from the null distribution of W+ built by
    enumerating all 2^n sign patterns (a different method from the C++ dynamic programme);
    at least 1."""
    alpha = 1 - confidence
    counts = {}
    for signs in itertools.product((0, 1), repeat=n):
        w = sum(rank for rank, s in zip(range(1, n + 1), signs) if s)
        counts[w] = counts.get(w, 0) + 1
    total = 2 ** n
    c, cum = 0, Fraction(0)
    while cum + Fraction(counts.get(c, 0), total) <= Fraction(alpha / 2):
        cum += Fraction(counts.get(c, 0), total)
        c += 1
    return max(c, 1)


def paired_ratio(base, cand, confidence=0.95):
    d = [math.log(c / b) for b, c in zip(base, cand)]
    n = len(d)
    walsh = sorted((d[i] + d[j]) / 2 for i in range(n) for j in range(i, n))
    c = signed_rank_cut(n, confidence)
    return (math.exp(statistics.median(walsh)), math.exp(walsh[c - 1]),
            math.exp(walsh[len(walsh) - c]))


BOOT_BASE = [1.02, 0.98, 1.05, 1.01, 0.97, 1.03, 1.00, 1.04, 0.99, 1.06, 0.96, 1.02]
BOOT_CAND = [1.07, 1.01, 1.09, 1.05, 1.02, 1.06, 1.04, 1.10, 1.03, 1.08, 1.00, 1.05]

# ---- geometric mean of ratios ----
GEO = [([1.0, 1.1, 0.9], [2.0, 2.2, 1.8, 2.1]),     # medians 1.0 and 2.05
       ([4.0, 4.4, 3.6, 4.1], [3.0, 3.1, 2.9]),     # medians 4.05 and 3.0
       ([10.0, 10.0], [11.0, 12.0])]                # medians 10.0 and 11.5


def main():
    r = lambda x: repr(float(x))
    print("SummarizeMatchesPython:", {k: (v if isinstance(v, int) else r(v))
                                      for k, v in summary(SUMMARY).items()})
    print("MedianOddEven:", statistics.median([3, 1, 2]), statistics.median([4, 1, 3, 2]))
    print("MannWhitneyExact 5v6:", r(mw_exact(MW_A5, MW_B6)), "U_a =", u_of_a(MW_A5, MW_B6))
    print("MannWhitneyExact 12v10:", r(mw_exact(MW_A12, MW_B10)))
    print("MannWhitneyExact separated 5v5:", r(mw_exact(MW_LOW, MW_HIGH)))
    print("MannWhitneyNormalTies 8v9:", r(mw_normal(MW_TIES_A, MW_TIES_B)))
    assert len(set(MW_BIG_A + MW_BIG_B)) == len(MW_BIG_A) + len(MW_BIG_B), "want no ties"
    print("MannWhitneyNormalLarge 25v22:", r(mw_normal(MW_BIG_A, MW_BIG_B)))
    rng = Rng(42)
    print("RngGolden next() x3 seed 42:", [rng.next() for _ in range(3)])
    rng = Rng(7)
    print("RngGolden below(10) x10 seed 7:", [rng.below(10) for _ in range(10)])
    print("BootstrapGolden median seed 1:", [r(x) for x in boot_median(BOOT_BASE, 1)])
    print("BootstrapGolden unpaired seed 1:", [r(x) for x in boot_ratio(BOOT_BASE, BOOT_CAND, 1)])
    print("PairedRatio 12 rounds (ratio, lo, hi):", [r(x) for x in paired_ratio(BOOT_BASE, BOOT_CAND)])
    print("PairedRatio 5 rounds (ratio, lo, hi):",
          [r(x) for x in paired_ratio(BOOT_BASE[:5], BOOT_CAND[:5])])
    print("SignedRankCut n=6..12:", [signed_rank_cut(n, 0.95) for n in range(6, 13)])
    # Geometric mean: per-pair estimates (bootstrap seeds 11, 12 for the unpaired pairs; the
    # third pair is paired); each side of a log-interval / z is a standard error, in quadrature.
    z = statistics.NormalDist().inv_cdf(0.975)
    ests = []
    for i, (b, c) in enumerate(GEO):
        if i == 2:
            ests.append(paired_ratio(b, c))
        else:
            lo, hi = boot_ratio(b, c, 11 + i)
            ests.append((statistics.median(c) / statistics.median(b), lo, hi))
    mean = statistics.fmean(math.log(e[0]) for e in ests)
    below = z * math.sqrt(sum(((math.log(e[0]) - math.log(e[1])) / z) ** 2 for e in ests)) / 3
    above = z * math.sqrt(sum(((math.log(e[2]) - math.log(e[0])) / z) ** 2 for e in ests)) / 3
    print("GeoMean (value, lo, hi):", [r(math.exp(mean)), r(math.exp(mean - below)), r(math.exp(mean + above))])


if __name__ == "__main__":
    main()
