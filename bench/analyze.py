#!/usr/bin/env python3
"""Statistics and the markdown report for bench/run.sh (python3 standard library only).

  analyze.py summary SECTION TOOL RC T0 T1 DIR   one progress line for one trial
  analyze.py report WORKDIR                      the markdown report on stdout
  analyze.py selftest                            check mann_whitney() against reference values

Hyperfine runs A then B (one block each); its verdict here is a two-sided Mann-Whitney U test
(normal approximation, tie-corrected variance, continuity correction) at p < 0.05 on the
per-run wall times in its JSON ("times").
"""
import json
import math
import os
import statistics
import sys

ALPHA = 0.05


# ---------------------------------------------------------------------------- statistics

def mann_whitney(a, b):
    """Two-sided Mann-Whitney U test: returns (U of a, p-value).

    Normal approximation with the tie correction of the variance and a continuity correction
    of 0.5 (the same as scipy.stats.mannwhitneyu(a, b, alternative='two-sided',
    method='asymptotic', use_continuity=True)).
    """
    n1, n2 = len(a), len(b)
    if n1 == 0 or n2 == 0:
        return float("nan"), float("nan")
    pooled = sorted([(x, 0) for x in a] + [(x, 1) for x in b])
    n = n1 + n2
    ranks = [0.0] * n
    tie_term = 0.0
    i = 0
    while i < n:
        j = i
        while j + 1 < n and pooled[j + 1][0] == pooled[i][0]:
            j += 1
        avg = (i + j) / 2.0 + 1.0  # ranks are 1-based
        for k in range(i, j + 1):
            ranks[k] = avg
        t = j - i + 1
        tie_term += t ** 3 - t
        i = j + 1
    r1 = sum(r for r, (_, g) in zip(ranks, pooled) if g == 0)
    u1 = r1 - n1 * (n1 + 1) / 2.0
    mu = n1 * n2 / 2.0
    var = n1 * n2 / 12.0 * ((n + 1) - tie_term / (n * (n - 1))) if n > 1 else 0.0
    if var <= 0:
        return u1, 1.0
    z = (abs(u1 - mu) - 0.5) / math.sqrt(var)
    if z < 0:
        z = 0.0
    p = math.erfc(z / math.sqrt(2.0))
    return u1, min(1.0, p)


def selftest():
    # Reference values worked out by hand (not by this code):
    # 1) a ranks 1,2,3 -> R1 = 6, U1 = 0, mu = 4.5, var = 3*3*7/12 = 5.25,
    #    z = (4.5 - 0.5)/sqrt(5.25) = 1.7457, p = erfc(z/sqrt 2) = 0.080856
    #    (R: wilcox.test(1:3, 4:6, exact=FALSE) gives W = 0, p-value = 0.08086).
    # 2) pooled 1a 2a 2a 2b 3a 3b 4b 5b: ranks 1, 3, 3, 3, 5.5, 5.5, 7, 8 -> R1 = 12.5,
    #    U1 = 2.5, mu = 8, ties (3,2): sum t^3-t = 24 + 6 = 30,
    #    var = 16/12 * (9 - 30/56) = 11.2857, z = (5.5 - 0.5)/3.3594 = 1.4884, p = 0.136658.
    # 3) all tied: variance 0, p = 1.
    cases = [
        ([1, 2, 3], [4, 5, 6], 0.0, 0.080856),
        ([1, 2, 2, 3], [2, 3, 4, 5], 2.5, 0.136658),
        ([5, 5, 5], [5, 5, 5], 4.5, 1.0),
    ]
    ok = True
    for a, b, u_ref, p_ref in cases:
        u, p = mann_whitney(a, b)
        good = abs(u - u_ref) < 1e-9 and abs(p - p_ref) < 5e-5
        ok &= good
        print(f"{'ok ' if good else 'BAD'} a={a} b={b} U={u} p={p:.6f} (ref U={u_ref} p={p_ref})")
    return 0 if ok else 1


def median(xs):
    return statistics.median(xs) if xs else float("nan")


# ---------------------------------------------------------------------------- reading trials

def tail(path, nbytes=400):
    try:
        with open(path, "rb") as f:
            data = f.read()
        text = data[-nbytes:].decode("utf-8", "replace").strip()
        return " ".join(text.split())
    except OSError:
        return ""


def parse_trial(section, tool, rc, t0, t1, d):
    """Everything one trial tells us, as a dict. 'ok' is False on any failure, with 'error'."""
    t = {"section": section, "tool": tool, "rc": int(rc), "wall": float(t1) - float(t0),
         "dir": d, "ok": False}
    t["other_cpu"], t["steal"] = other_cpu(d, t["wall"])
    if t["rc"] != 0:
        why = {124: "timed out", 137: "killed after timeout"}.get(t["rc"], f"exit {t['rc']}")
        t["error"] = f"{why}: {tail(os.path.join(d, 'err.txt')) or '(no stderr)'}"
        return t
    try:
        if tool == "hone":
            with open(os.path.join(d, "out.txt")) as f:
                j = json.load(f)
            res = j["results"]
            t["n"] = [int(r["n"]) for r in res]
            t["medians"] = [float(r["median"]) for r in res]
            t["unit"] = j.get("unit", res[0].get("unit"))
            t["spawn_floor"] = j.get("spawn_floor")
            t["interrupted"] = j.get("interrupted", False)
            if section != "overhead":
                c = j["comparisons"][0]
                t["ratio"] = float(c["ratio"])
                t["ci"] = [float(c["ci"][0]), float(c["ci"][1])]
                t["p"] = c.get("p_value")
                t["verdict"] = c["verdict"]
                t["negligible"] = bool(c.get("negligible", False))
                t["description"] = c.get("description", "")
        else:
            with open(os.path.join(d, "out.json")) as f:
                j = json.load(f)
            res = j["results"]
            t["n"] = [len(r["times"]) for r in res]
            t["means"] = [float(r["mean"]) for r in res]
            t["medians"] = [float(r["median"]) for r in res]
            if section != "overhead":
                a, b = res[0]["times"], res[1]["times"]
                _, p = mann_whitney(a, b)
                t["p"] = p
                t["ratio"] = t["medians"][1] / t["medians"][0]
                t["mean_ratio"] = t["means"][1] / t["means"][0]
                if p < ALPHA:
                    t["verdict"] = "slower" if t["means"][1] > t["means"][0] else "faster"
                else:
                    t["verdict"] = "no difference"
        t["ok"] = True
    except (OSError, ValueError, KeyError, IndexError, TypeError, ZeroDivisionError) as e:
        t["error"] = f"unreadable output ({type(e).__name__}: {e}); stderr: {tail(os.path.join(d, 'err.txt'))}"
    return t


CONTENDED = 0.25  # other processes used at least this many CPUs on average during the trial


def other_cpu(d, wall):
    """(CPUs used by other processes, CPUs stolen by the hypervisor), averaged over the trial.

    The machine's busy time from /proc/stat before and after, minus the user+sys time of the
    tool's whole process tree (bash `time`). (None, None) when the files are missing.
    """
    try:
        with open(os.path.join(d, "stat.txt")) as f:
            lines = [l.split() for l in f.read().splitlines() if l.startswith("cpu ")]
        with open(os.path.join(d, "time.txt")) as f:
            u, s = f.read().split()[-2:]
        own = float(u) + float(s)
        hz = os.sysconf("SC_CLK_TCK")
        before, after = ([int(x) for x in l[1:]] for l in lines[:2])
        delta = [y - x for x, y in zip(before, after)]
        # user nice system idle iowait irq softirq steal ...
        busy = (delta[0] + delta[1] + delta[2] + delta[5] + delta[6]) / hz
        steal = delta[7] / hz if len(delta) > 7 else 0.0
        if wall <= 0:
            return None, None
        return max(0.0, busy - own) / wall, steal / wall
    except (OSError, ValueError, IndexError):
        return None, None


def fmt_cpu(x):
    return "—" if x is None else f"{x:.2f}"


def fmt_time(s):
    if s is None or (isinstance(s, float) and math.isnan(s)):
        return "—"
    if s >= 1:
        return f"{s:.2f} s"
    if s >= 1e-3:
        return f"{s * 1e3:.2f} ms"
    return f"{s * 1e6:.0f} µs"


def fmt_ratio(r):
    return f"{r:.4f}"


def fmt_ci(ci):
    return f"[{ci[0]:.4f}, {ci[1]:.4f}]"


def fmt_p(p):
    if p is None:
        return "—"
    return f"{p:.2g}" if p >= 1e-4 else f"{p:.1e}"


def summary(section, tool, rc, t0, t1, d):
    t = parse_trial(section, tool, rc, t0, t1, d)
    wall = f"{t['wall']:.1f} s, other CPU {fmt_cpu(t['other_cpu'])}"
    if not t["ok"]:
        return f"FAILED ({t['error']}) [{wall}]"
    if section == "overhead":
        if tool == "hone":
            return (f"median of true {fmt_time(t['medians'][0])}, spawn floor "
                    f"{fmt_time(t['spawn_floor'])}, n={t['n']} [{wall}]")
        return f"mean of true {fmt_time(t['means'][0])}, median {fmt_time(t['medians'][0])} [{wall}]"
    if tool == "hone":
        neg = ", negligible" if t["negligible"] else ""
        return (f"{t['verdict']}{neg} ratio {fmt_ratio(t['ratio'])} CI {fmt_ci(t['ci'])} "
                f"n={t['n']} [{wall}]")
    return f"{t['verdict']} p={fmt_p(t['p'])} median ratio {fmt_ratio(t['ratio'])} n={t['n']} [{wall}]"


# ---------------------------------------------------------------------------- report

def read_meta(work):
    meta = {}
    with open(os.path.join(work, "meta.tsv")) as f:
        for line in f:
            k, _, v = line.rstrip("\n").partition("\t")
            meta[k] = v
    return meta


def read_trials(work):
    trials = []
    with open(os.path.join(work, "log.tsv")) as f:
        for line in f:
            section, level, trial, tool, rc, t0, t1, d, load = line.rstrip("\n").split("\t")
            t = parse_trial(section, tool, rc, t0, t1, d)
            t["load"] = float(load)
            t["level"] = level
            t["trial"] = int(trial)
            trials.append(t)
    return trials


def pf(ok):
    return "**pass**" if ok else "**FAIL**"


def report(work):
    meta = read_meta(work)
    trials = read_trials(work)
    out = []
    w = out.append

    def sel(section, tool, level=None):
        return [t for t in trials if t["section"] == section and t["tool"] == tool
                and (level is None or t["level"] == level)]

    quick = meta.get("quick") == "1"
    w("# hone benchmarks: hone vs hyperfine" + (" (quick smoke run)" if quick else ""))
    w("")
    w(f"- Date: {meta.get('date')}")
    machine = f"{meta.get('cpu')}, {meta.get('cores')} cores"
    if meta.get("hypervisor"):
        machine += f", VM ({meta['hypervisor']})"
    if meta.get("governor"):
        machine += f", governor {meta['governor']}"
    w(f"- Machine: {machine}; {meta.get('kernel')}")
    loads = [t["load"] for t in trials]
    w(f"- Load average (1/5/15 min): {meta.get('load_start')} at start, {meta.get('load_end')} at end; "
      f"1-min load after each trial: median {median(loads):.2f}, max {max(loads, default=float('nan')):.2f} "
      f"(the benchmark itself keeps about 1 CPU busy)")
    if meta.get("hog", "0") not in ("", "0"):
        w(f"- **CPU hog**: {meta['hog']} busy loop(s) (`while :; do :; done`) ran through the whole "
          f"benchmark, on purpose: the A/A and detection numbers below are under that load")
    oc = [t["other_cpu"] for t in trials if t["other_cpu"] is not None]
    st = [t["steal"] for t in trials if t["steal"] is not None]
    if oc:
        w(f"- CPU used by other processes during a trial (machine busy time from /proc/stat minus "
          f"the tool's own user+sys), in CPUs: median {median(oc):.2f}, max {max(oc):.2f}; "
          f"{sum(1 for x in oc if x >= CONTENDED)}/{len(oc)} trials contended (≥ {CONTENDED} CPU); "
          f"hypervisor steal median {median(st):.3f}, max {max(st):.3f} CPU")
    w(f"- hone: `{meta.get('hone')}` (commit {meta.get('hone_commit')}); "
      f"hyperfine: `{meta.get('hyperfine')}`")
    w(f"- Workload: `spin {meta.get('spin_n')}` (a dependent CPU loop, ~50 ms here) as A; "
      f"B = `spin` with 1%, 2%, 5% more iterations")
    w(f"- Command: `{meta.get('command')}`")
    w(f"- Total time: {int(meta.get('total_seconds', '0')) / 60:.1f} min; every tool invocation "
      f"in its own fresh temporary directory; hone and hyperfine trials alternate "
      f"(hone first on odd trials)")
    w("")

    # ---- acceptance
    d1 = sel("detect", "hone", "1")
    aa = sel("aa", "hone")
    d1_ok = [t for t in d1 if t["ok"]]
    slower1 = sum(1 for t in d1_ok if t["verdict"] == "slower")
    faster1 = sum(1 for t in d1_ok if t["verdict"] == "faster")
    max_wall1 = max((t["wall"] for t in d1), default=float("nan"))
    slow_trials = sum(1 for t in d1 if t["wall"] >= 15)
    aa_ok = [t for t in aa if t["ok"]]
    aa_fp = sum(1 for t in aa_ok if t["verdict"] not in ("same", "unsure"))
    n1, naa = len(d1), len(aa)
    w("## Acceptance (issue 2, \"Done when\"), hone with default settings")
    w("")
    w("| Target | Measured | Result |")
    w("|---|---|---|")
    need = math.ceil(0.9 * n1)
    w(f"| 1% slower called `slower` in ≥ 9/10 trials | {slower1}/{n1}"
      f"{f' ({n1 - len(d1_ok)} failed to run)' if len(d1_ok) < n1 else ''} | "
      f"{pf(n1 > 0 and slower1 >= need)} |")
    w(f"| each 1% trial under 15 s wall | max {max_wall1:.1f} s; {slow_trials}/{n1} trials ≥ 15 s | "
      f"{pf(n1 > 0 and slow_trials == 0)} |")
    w(f"| 1% slower never called `faster` | {faster1}/{n1} `faster` | {pf(n1 > 0 and faster1 == 0)} |")
    allowed = naa // 20  # "at most 1 in 20", scaled down for shorter runs
    aa_neg = sum(1 for t in aa_ok if t["verdict"] in ("slower", "faster") and t["negligible"])
    w(f"| A/A: verdict other than `same`/`unsure` in ≤ 1/20 trials | {aa_fp}/{naa}"
      f" ({aa_neg} of them `negligible`)"
      f"{f'; {naa - len(aa_ok)} failed to run' if len(aa_ok) < naa else ''} | "
      f"{pf(naa > 0 and len(aa_ok) == naa and aa_fp <= allowed)} |")
    if quick or n1 != 10 or naa != 20:
        w("")
        w(f"(Trial counts differ from the targets' 10 and 20: rates are scaled — pass needs "
          f"≥ {need}/{n1} detected and ≤ {allowed}/{naa} A/A "
          f"verdicts; a smoke run cannot really establish either.)")
    calm = lambda ts: [t for t in ts if t["ok"] and t["other_cpu"] is not None
                       and t["other_cpu"] < CONTENDED]
    c1, caa = calm(d1), calm(aa)
    if len(c1) < len(d1) or len(caa) < len(aa):
        w("")
        w(f"Other processes used ≥ {CONTENDED} CPU during {len(d1) - len(c1)}/{n1} of hone's 1% "
          f"trials and {len(aa) - len(caa)}/{naa} of its A/A trials. For information only (the "
          f"targets count every trial): on the uncontended ones alone, 1% called `slower` in "
          f"{sum(1 for t in c1 if t['verdict'] == 'slower')}/{len(c1)}, `faster` in "
          f"{sum(1 for t in c1 if t['verdict'] == 'faster')}/{len(c1)}; A/A verdict other than "
          f"`same`/`unsure` in {sum(1 for t in caa if t['verdict'] not in ('same', 'unsure'))}"
          f"/{len(caa)}.")
    w("")

    # ---- (a) overhead
    oh_h = [t for t in sel("overhead", "hone") if t["ok"]]
    oh_y = [t for t in sel("overhead", "hyperfine") if t["ok"]]
    w("## (a) Per-run overhead on `true`")
    w("")
    w("`hone compare --runs 200 --format json -- true true` vs "
      "`hyperfine -N --runs 200 --export-json f.json true`"
      f", {len(sel('overhead', 'hone'))} repetition(s) each; values are the median over "
      "repetitions (range in brackets when more than one).")
    w("")

    def agg(vals, f=fmt_time):
        vals = [v for v in vals if v is not None]
        if not vals:
            return "—"
        s = f(median(vals))
        if len(vals) > 1:
            s += f" [{f(min(vals))} – {f(max(vals))}]"
        return s

    h_true = [t["medians"][0] for t in oh_h]
    h_floor = [t["spawn_floor"] for t in oh_h]
    h_runs = [sum(t["n"]) for t in oh_h]
    h_per = [t["wall"] / sum(t["n"]) for t in oh_h]
    h_own = [t["wall"] / sum(t["n"]) - t["medians"][0] for t in oh_h]
    y_mean = [t["means"][0] for t in oh_y]
    y_med = [t["medians"][0] for t in oh_y]
    y_runs = [sum(t["n"]) for t in oh_y]
    y_per = [t["wall"] / sum(t["n"]) for t in oh_y]
    y_own = [t["wall"] / sum(t["n"]) - t["medians"][0] for t in oh_y]
    w("| | hone | hyperfine -N |")
    w("|---|---|---|")
    w(f"| reported time of `true` | median {agg(h_true)} | mean {agg(y_mean)}, median {agg(y_med)} |")
    w(f"| hone's `spawn_floor` | {agg(h_floor)} | — |")
    w(f"| timed runs per invocation | {agg(h_runs, lambda x: str(int(x)))} (200 per command × 2) "
      f"| {agg(y_runs, lambda x: str(int(x)))} |")
    w(f"| tool's total wall time | {agg([t['wall'] for t in oh_h])} | {agg([t['wall'] for t in oh_y])} |")
    w(f"| total wall ÷ timed runs (tool's cost per run) | {agg(h_per)} | {agg(y_per)} |")
    w(f"| … minus the reported time of `true` (bookkeeping per run) | {agg(h_own)} | {agg(y_own)} |")
    if h_per and y_per:
        w(f"| cost per run, hone ÷ hyperfine | {median(h_per) / median(y_per):.2f}× | 1 |")
    w("")
    w("hone's total includes its start-up, the spawn-floor measurement, one warm-up per command, "
      "the confidence intervals and writing every sample to SQLite; hyperfine's includes its start-up "
      "and no warm-up.")
    w("")

    # ---- (b) A/A
    w("## (b) False positives: A vs identical A")
    w("")
    w(f"A = `spin {meta.get('spin_n')}` against itself. hone: `hone compare --format json -- A A` "
      "(interleaved rounds, adaptive stopping, default settings). hyperfine: "
      "`hyperfine -N --export-json f.json A A` (default run counts: all of A's runs, then all of "
      "B's) judged by a two-sided Mann–Whitney U test at p < 0.05 on its per-run `times`. "
      "hyperfine cannot alternate A and B, so its interleaved variant is not measured.")
    w("")
    aa_y = sel("aa", "hyperfine")
    w("| tool | trials | failed | same | unsure | slower | faster | … of which negligible | "
      "**verdict other than same/unsure** | n per command (median) | wall per trial median / max |")
    w("|---|---|---|---|---|---|---|---|---|---|---|")
    w(hone_row(aa))
    aa_y_ok = [t for t in aa_y if t["ok"]]
    diff = sum(1 for t in aa_y_ok if t["p"] < ALPHA)
    w(f"| hyperfine + Mann–Whitney | {len(aa_y)} | {len(aa_y) - len(aa_y_ok)} | — | "
      f"{len(aa_y_ok) - diff} (p ≥ 0.05) | "
      f"{sum(1 for t in aa_y_ok if t['verdict'] == 'slower')} | "
      f"{sum(1 for t in aa_y_ok if t['verdict'] == 'faster')} | — | "
      f"**{diff}/{len(aa_y)}** | {n_med(aa_y_ok)} | {walls(aa_y)} |")
    w("")
    if aa_ok:
        widths = [t["ci"][1] - t["ci"][0] for t in aa_ok]
        w(f"hone A/A: ratio CI width median {100 * median(widths):.2f}% (max "
          f"{100 * max(widths):.2f}%); |ratio − 1| median "
          f"{100 * median([abs(t['ratio'] - 1) for t in aa_ok]):.2f}%.")
    if aa_y_ok:
        w(f"hyperfine A/A: |median ratio − 1| median "
          f"{100 * median([abs(t['ratio'] - 1) for t in aa_y_ok]):.2f}%, max "
          f"{100 * max(abs(t['ratio'] - 1) for t in aa_y_ok):.2f}%.")
    w("")

    # ---- (c) detection
    w("## (c) Detection: A vs the same loop 1%, 2%, 5% longer")
    w("")
    w("hone: detected = verdict `slower` (negligible or not); wrong direction = `faster`. "
      "hyperfine: detected = Mann–Whitney p < 0.05 and B's mean larger; wrong direction = "
      "p < 0.05 and B's mean smaller.")
    w("")
    w("| slowdown | tool | trials | failed | detected | wrong direction | same | unsure | "
      "n per command (median) | ratio (median) | wall per trial median / max |")
    w("|---|---|---|---|---|---|---|---|---|---|---|")
    for lvl in ("1", "2", "5"):
        h = sel("detect", "hone", lvl)
        y = sel("detect", "hyperfine", lvl)
        hk = [t for t in h if t["ok"]]
        yk = [t for t in y if t["ok"]]
        det = sum(1 for t in hk if t["verdict"] == "slower")
        neg = sum(1 for t in hk if t["verdict"] == "slower" and t["negligible"])
        w(f"| +{lvl}% | hone | {len(h)} | {len(h) - len(hk)} | **{det}/{len(h)}**"
          f"{f' ({neg} negligible)' if neg else ''} | "
          f"{sum(1 for t in hk if t['verdict'] == 'faster')} | "
          f"{sum(1 for t in hk if t['verdict'] == 'same')} | "
          f"{sum(1 for t in hk if t['verdict'] == 'unsure')} | {n_med(hk)} | "
          f"{med_ratio(hk)} | {walls(h)} |")
        ydet = sum(1 for t in yk if t["verdict"] == "slower")
        w(f"| +{lvl}% | hyperfine + M–W | {len(y)} | {len(y) - len(yk)} | **{ydet}/{len(y)}** | "
          f"{sum(1 for t in yk if t['verdict'] == 'faster')} | — | — | {n_med(yk)} | "
          f"{med_ratio(yk)} | {walls(y)} |")
    w("")

    # ---- failures
    failed = [t for t in trials if not t["ok"]]
    w("## Failed trials")
    w("")
    if not failed:
        w("None: every invocation exited 0 and printed readable JSON.")
    else:
        for t in failed:
            w(f"- {t['section']}{' +' + t['level'] + '%' if t['level'] else ''} trial {t['trial']}, "
              f"{t['tool']}, after {t['wall']:.1f} s: {t['error']}")
    w("")

    # ---- per-trial details
    w("## Per-trial details")
    w("")
    w("load = 1-minute load average right after the trial; other CPU = CPUs used on average by "
      "other processes during the trial. ratio = B/A (hone: paired Hodges–Lehmann ratio with its Wilcoxon signed-rank 95% CI; hyperfine: ratio of "
      "medians, p from Mann–Whitney on its per-run times; the direction of a hyperfine verdict "
      "follows the ratio of means, shown in the CI column).")
    w("")
    w("| section | trial | tool | n (A, B) | ratio | 95% CI | CI width | p | verdict | wall | load | other CPU |")
    w("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for t in trials:
        if t["section"] == "overhead":
            continue
        sec = "A/A" if t["section"] == "aa" else f"+{t['level']}%"
        if not t["ok"]:
            w(f"| {sec} | {t['trial']} | {t['tool']} | — | — | — | — | — | FAILED | {t['wall']:.1f} s | "
              f"{t['load']:.2f} | {fmt_cpu(t['other_cpu'])} |")
            continue
        if t["tool"] == "hone":
            verdict = t["verdict"] + (" (negligible)" if t["negligible"] else "")
            ci, width = fmt_ci(t["ci"]), f"{100 * (t['ci'][1] - t['ci'][0]):.2f}%"
        else:
            verdict = t["verdict"]
            ci, width = f"(mean ratio {fmt_ratio(t['mean_ratio'])})", "—"
        w(f"| {sec} | {t['trial']} | {t['tool']} | {t['n'][0]}, {t['n'][1]} | "
          f"{fmt_ratio(t['ratio'])} | {ci} | {width} | {fmt_p(t['p'])} | {verdict} | "
          f"{t['wall']:.1f} s | {t['load']:.2f} | {fmt_cpu(t['other_cpu'])} |")
    return "\n".join(out)


def n_med(ts):
    if not ts:
        return "—"
    return f"{median([statistics.mean(t['n']) for t in ts]):g}"


def med_ratio(ts):
    if not ts:
        return "—"
    return fmt_ratio(median([t["ratio"] for t in ts]))


def walls(ts):
    if not ts:
        return "—"
    ws = [t["wall"] for t in ts]
    return f"{median(ws):.1f} / {max(ws):.1f} s"


def hone_row(ts):
    ok = [t for t in ts if t["ok"]]
    c = {v: sum(1 for t in ok if t["verdict"] == v) for v in ("same", "unsure", "slower", "faster")}
    neg = sum(1 for t in ok if t["verdict"] in ("slower", "faster") and t["negligible"])
    other = c["slower"] + c["faster"]
    return (f"| hone | {len(ts)} | {len(ts) - len(ok)} | {c['same']} | {c['unsure']} | "
            f"{c['slower']} | {c['faster']} | {neg} | **{other}/{len(ts)}** | {n_med(ok)} | "
            f"{walls(ts)} |")


def main(argv):
    if len(argv) >= 2 and argv[1] == "summary" and len(argv) == 8:
        print(summary(*argv[2:8]))
        return 0
    if len(argv) == 3 and argv[1] == "report":
        print(report(argv[2]))
        return 0
    if len(argv) == 2 and argv[1] == "selftest":
        return selftest()
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
