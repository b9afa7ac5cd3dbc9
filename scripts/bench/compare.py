# SPDX-License-Identifier: GPL-2.0
"""scripts/bench-verifier's comparison of the veristat runs.

usage: compare.py OUT PASSES GEN_VS_OBJDUMP NOBJ NSET [FEATURE_OBJS]

OUT holds KERNEL.PASS.MODE.csv (veristat -o csv) for KERNEL stock and
patched, MODE noset (and set, patched only). Verdict, instructions
processed, total and peak states must be identical between every run of
a program without a set, on either kernel, and between its runs with and
without a set; any difference is printed with the program named and the
exit status is 1. Verification time: each program's median over the
passes of its time in each pass, the minimum of that pass's runs when
the program was verified again in every pass of both sides (the guest's
repeats of its long programs, KERNEL.PASS.MODE.rN.csv), else its one
run; compared as the total ratio and the per-program median ratio,
with the programs of at least 1 ms (the verifier's clock reads whole
microseconds: a program's 1% is below that resolution under 100 us);
each kernel's noise is the spread of its totals from pass to pass.
KERNEL shifted (the layout control), when its runs are there, is compared
with stock as patched is.
FEATURE_OBJS names objects that use attribute sets themselves (a
.bpf.attrs section of their own, a program on the bpf_prog_attrs hook):
the stock kernel cannot load them, they are left out of stock vs patched.
"""
import csv
import os
import statistics
import sys

COUNTERS = ("verdict", "total_insns", "total_states", "peak_states")
LONG_US = 1000          # "programs over 1 ms"
TARGETS = {             # what the design promises (issue: benchmark)
    "patched/stock": (1.001, 1.003),    # total, each program over 1 ms
    "set/noset": (1.005, 1.01),         # total, each program
}
# the layout control (the stock tree, its symbols shifted as the patch
# shifts them) is held to the patched kernel's targets: what layout alone does
TARGETS["shifted/stock"] = TARGETS["patched/stock"]


def load(out, kernel, p, mode):
    path = os.path.join(out, f"{kernel}.{p}.{mode}.csv")
    runs = {}
    with open(path, newline="") as f:
        # veristat's notes ("Using guessed program type ...") come first
        lines = f.read().splitlines()
    for i, line in enumerate(lines):
        if line.startswith("file_name,"):
            break
    else:
        sys.exit(f"{path}: no veristat CSV header")
    for row in csv.DictReader(lines[i:]):
        runs[(row["file_name"], row["prog_name"])] = row
    return runs


def load_pass(out, kernel, p, mode):
    """One pass: the main run, each row given "durs", its durations in
    that run and in the pass's repeats; the repeats' rows as runs too."""
    runs = load(out, kernel, p, mode)
    reps = []
    r = 1
    while os.path.exists(os.path.join(out, f"{kernel}.{p}.{mode}.r{r}.csv")):
        reps.append(load(out, kernel, p, f"{mode}.r{r}"))
        r += 1
    for k, row in runs.items():
        row["durs"] = [int(row["duration"])] + [int(rep[k]["duration"]) for rep in reps if k in rep]
    return runs, reps


def counters(row):
    return tuple(row[c] for c in COUNTERS)


def same_counters(what, a_runs, b_runs, keys, bad, partial=False):
    """Every program of keys: one set of counters over a_runs and b_runs
    (partial: runs that verified only some programs, the repeats);
    returns how many differ."""
    n = len(bad)
    for k in sorted(keys):
        seen = {counters(r[k]) for r in a_runs + b_runs if k in r}
        missing = 0 if partial else sum(k not in r for r in a_runs + b_runs)
        if len(seen) > 1 or missing:
            bad.append(f"{what}: {k[0]} {k[1]}: " +
                       ("; ".join("/".join(c) for c in sorted(seen)) +
                        (f"; missing from {missing} run(s)" if missing else "")))
    return len(bad) - n


def durations(runs, keys, nsamples):
    """Each program's median over the passes of its minimum over the
    pass's first nsamples[k] runs."""
    return {k: statistics.median(min(r[k]["durs"][:nsamples[k]]) for r in runs) for k in keys}


def samples(a, b, keys):
    """Runs per pass that every pass of both sides has, per program."""
    return {k: min(len(r[k]["durs"]) for r in a + b) for k in keys}


def noise(runs, keys):
    totals = [sum(int(r[k]["duration"]) for k in keys) for r in runs]
    return max(totals) / min(totals) if len(totals) > 1 and min(totals) else None


def compare(name, a, b, keys, a_noise, b_noise, differ):
    """Prints and returns one comparison's line: B against A."""
    n = samples(a, b, keys)
    da, db = durations(a, keys, n), durations(b, keys, n)
    both = [k for k in keys if da[k] > 0 and db[k] > 0]
    total = sum(db[k] for k in both) / sum(da[k] for k in both)
    ratios = {k: db[k] / da[k] for k in both}
    med = statistics.median(ratios.values())
    long = [k for k in both if da[k] >= LONG_US]
    t_total, t_each = TARGETS[name]
    over = [k for k in long if ratios[k] > t_each]
    worst = max(long, key=lambda k: ratios[k]) if long else None
    fmt = (lambda x: f"{x:.4f}" if x else "-")
    same = "identical" if not differ else f"{differ} differ"
    print(f"| {name} | {len(both)} ({sum(n[k] > 1 for k in both)} as min of "
          f"{max(n.values())}) | {same} | {total:.4f} | {med:.4f} | "
          f"{len(long)}: median {statistics.median(ratios[k] for k in long):.4f}, "
          f"max {ratios[worst]:.4f} ({worst[1]}) | {len(over)} | {fmt(a_noise)} / {fmt(b_noise)} |"
          if long else
          f"| {name} | {len(both)} | {same} | {total:.4f} | {med:.4f} | - | {len(over)} | "
          f"{fmt(a_noise)} / {fmt(b_noise)} |")
    return {"name": name, "total": total, "median": med, "over": over,
            "t_total": t_total, "t_each": t_each, "da": da, "db": db, "ratios": ratios}


def top(res, n=12):
    """The costliest programs, in the columns of veristat's compare mode."""
    da, db, ratios = res["da"], res["db"], res["ratios"]
    print(f"\n{res['name']}: the {n} longest verifications (median us)\n")
    print(f"{'File':<34} {'Program':<34} {'Duration (us) (A)':>17} {'(B)':>9} {'(DIFF)':>9}")
    for k in sorted(ratios, key=lambda k: -da[k])[:n]:
        d = (ratios[k] - 1) * 100
        print(f"{k[0][:34]:<34} {k[1][:34]:<34} {da[k]:>17.0f} {db[k]:>9.0f} {d:>+8.2f}%")


def control(res, ctl):
    """The programs over 1 ms above target, patched against stock, next to
    what the layout control (no feature, its symbols shifted) does to them."""
    over = sorted(res["over"], key=lambda k: -res["ratios"][k])
    print(f"\n{res['name']} above {res['t_each']}, next to the layout control "
          f"({len(over)} program(s); the control has {len(ctl['over'])} above it itself)\n")
    if not over:
        return
    print(f"{'File':<34} {'Program':<40} {'patched/stock':>13} {'shifted/stock':>13}")
    for k in over:
        c = ctl["ratios"].get(k)
        print(f"{k[0][:34]:<34} {k[1][:40]:<40} {res['ratios'][k]:>13.4f} "
              f"{c:>13.4f}" if c else f"{k[0][:34]:<34} {k[1][:40]:<40} "
              f"{res['ratios'][k]:>13.4f} {'-':>13}")


def gen_vs_objdump(path):
    t = {"gen": [], "objdump": []}
    for line in open(path):
        tool, ns = line.split()
        t[tool].append(int(ns))
    g, o = statistics.median(t["gen"]), statistics.median(t["objdump"])
    print(f"\nattrcheck gen vs llvm-objdump -d over the corpus ({len(t['gen'])} rounds, "
          f"interleaved): {g / 1e9:.2f} s vs {o / 1e9:.2f} s, gen is {o / g:.1f}x faster")
    return o / g


def gen_only(gvo, nobj):
    speed = gen_vs_objdump(gvo)
    print(f"corpus: {nobj} objects\n  attrcheck gen vs llvm-objdump -d: {speed:.1f}x "
          "(target >= 10x)" + ("" if speed >= 10 else "  -- NOT MET"))


def main():
    if sys.argv[1] == "--gen-only":
        gen_only(sys.argv[2], sys.argv[3])
        return
    out, passes, gvo, nobj, nset = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
    feature = set(open(sys.argv[6]).read().split()) if len(sys.argv) > 6 else set()
    stock, pn, ps, reps = [], [], [], {"stock": [], "pn": [], "ps": []}
    for p in range(1, passes + 1):
        for lst, rl, kernel, mode in ((stock, "stock", "stock", "noset"), (pn, "pn", "patched", "noset"),
                                      (ps, "ps", "patched", "set")):
            runs, rp = load_pass(out, kernel, p, mode)
            lst.append(runs)
            reps[rl] += rp
    shifted, reps["shifted"] = [], []
    if os.path.exists(os.path.join(out, "shifted.1.noset.csv")):
        for p in range(1, passes + 1):
            runs, rp = load_pass(out, "shifted", p, "noset")
            shifted.append(runs)
            reps["shifted"] += rp
    for r in stock + reps["stock"] + shifted + reps["shifted"]:
        for k in [k for k in r if k[0] in feature]:
            del r[k]
    bad = []
    keys = set().union(*stock) | {k for r in pn for k in r if k[0] not in feature}
    d1 = same_counters("stock vs patched, no set", stock, pn, keys, bad)
    # the repeats: the same counters as the main runs, where they ran
    rkeys = {k for r in reps["stock"] + reps["pn"] for k in r if k in keys}
    d1 += same_counters("stock vs patched, no set (repeats)", stock + reps["stock"],
                        pn + reps["pn"], rkeys, bad, partial=True)
    if shifted:
        d3 = same_counters("stock vs the layout control", stock, shifted, keys, bad)
    skeys = set().union(*ps)
    d2 = same_counters("with vs without the generated set", pn, ps, skeys, bad)
    d2 += same_counters("with vs without the generated set (repeats)", pn + reps["pn"],
                        ps + reps["ps"], skeys, bad, partial=True)
    ok_keys = keys - {k for k in keys if any(k not in r for r in stock + pn)}
    ok_skeys = skeys - {k for k in skeys if any(k not in r for r in pn + ps)}
    print(f"corpus: {nobj} objects ({nset} with generated sets; {len(feature)} using sets "
          f"themselves, left out of stock vs patched); programs: {len(keys)} compared without "
          f"a set, {len(skeys)} with one; {passes} pass(es) of each kernel\n")
    print("| comparison (B/A) | programs timed | verdict, insns, states | total | per-program median | "
          f"programs over 1 ms (A) | above target | noise A / B |")
    print("|---|---|---|---|---|---|---|---|")
    r1 = compare("patched/stock", stock, pn, ok_keys, noise(stock, ok_keys), noise(pn, ok_keys), d1)
    r2 = compare("set/noset", [{k: r[k] for k in ok_skeys} for r in pn],
                 [{k: r[k] for k in ok_skeys} for r in ps], ok_skeys,
                 noise(pn, ok_skeys), noise(ps, ok_skeys), d2)
    r3 = None
    if shifted:
        ok_sh = keys - {k for k in keys if any(k not in r for r in stock + shifted)}
        r3 = compare("shifted/stock", stock, shifted, ok_sh, noise(stock, ok_sh),
                     noise(shifted, ok_sh), d3)
    top(r1)
    top(r2)
    if r3:
        control(r1, r3)
    speed = gen_vs_objdump(gvo)
    print("\ntargets:")
    for r in (r1, r2) + ((r3,) if r3 else ()):
        scope = "each program over 1 ms"
        print(f"  {r['name']}: total {r['total']:.4f} (target <= {r['t_total']}), "
              f"{scope} <= {r['t_each']}: {len(r['over'])} above" +
              ("" if r["total"] <= r["t_total"] and not r["over"] else "  -- NOT MET"))
    print(f"  attrcheck gen vs llvm-objdump -d: {speed:.1f}x (target >= 10x)" +
          ("" if speed >= 10 else "  -- NOT MET"))
    if bad:
        print(f"\nFAIL: counters differ for {len(bad)} program(s):")
        for b in bad:
            print("  " + b)
        return 1
    print("\ncounters identical for every program (verdict, insns processed, total and peak states)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
