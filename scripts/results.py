#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Count the results of one test run and print the closing line.

usage: results.py [--known FILE] [--json OUT] SUITE=FILE ...
       results.py --list-failures SUITE=FILE ...   (known-failures.txt lines)

Suites and what FILE is:
  run=FILE            lines "step<TAB>pass|fail" (build, VM boot, splats)
  host=FILE           lines "SUITE: N passed, N failed[, N skipped]" of
                      the host and guest tool tests
  checkpatch=FILE     scripts/export-series' checkpatch report
  kunit=FILE          kunit.py parse --json output
  test_verifier=FILE  test_verifier's stdout
  test_progs=FILE     test_progs' stdout

A result listed in the known-failures FILE ("suite<TAB>name", the
failures of the unpatched baseline tree under the same config) is
reported as a known failure: not passed, not failed, counted as skipped.
Exit status: 0 when nothing failed and every suite produced results.
"""
import json
import os
import re
import sys


def parse_host(path):
    res = []
    for line in open(path, errors="replace"):
        m = re.match(r"^(\S+): (\d+) passed, (\d+) failed(?:, (\d+) skipped)?", line)
        if m:
            res += [(f"{m.group(1)}#{i}", "pass") for i in range(int(m.group(2)))]
            res += [(f"{m.group(1)}#fail{i}", "fail") for i in range(int(m.group(3)))]
            res += [(f"{m.group(1)}#skip{i}", "skip") for i in range(int(m.group(4) or 0))]
        m = re.match(r"^FAIL - (.*)", line)
        if m:
            print(f"  host FAIL: {m.group(1)}")
    return res


def parse_checkpatch(path):
    res = []
    for line in open(path, errors="replace"):
        m = re.match(r"^CHECKPATCH (\S+): (\d+) errors, (\d+) warnings, (\d+) checks", line)
        if m:
            bad = int(m.group(2)) + int(m.group(3)) + int(m.group(4))
            res.append((m.group(1), "fail" if bad else "pass"))
    return res


def parse_kunit(path):
    res = []
    try:
        data = json.load(open(path))
    except (OSError, ValueError) as e:
        print(f"  kunit: cannot read {path}: {e}")
        return None

    def walk(node, prefix):
        for case in node.get("test_cases", []):
            st = case.get("status", "")
            res.append((f"{prefix}.{case['name']}",
                        {"PASS": "pass", "SKIP": "skip"}.get(st, "fail")))
        for sub in node.get("sub_groups", []):
            walk(sub, f"{prefix}.{sub['name']}" if prefix else sub["name"])

    walk(data, "")
    return res


def parse_test_verifier(path):
    res = []
    summary = None
    for line in open(path, errors="replace"):
        line = line.rstrip("\n")
        m = re.match(r"^(#\d+/[pu]) (.*) (OK|FAIL|SKIP)\b", line)
        if m:
            res.append((f"{m.group(1)} {m.group(2)}",
                        {"OK": "pass", "FAIL": "fail", "SKIP": "skip"}[m.group(3)]))
        m = re.match(r"^Summary: (\d+) PASSED, (\d+) SKIPPED, (\d+) FAILED", line)
        if m:
            summary = tuple(int(x) for x in m.groups())
    if summary is None:
        print("  test_verifier: no Summary line (crashed or did not run)")
        return None
    got = (sum(r == "pass" for _, r in res), sum(r == "skip" for _, r in res),
           sum(r == "fail" for _, r in res))
    if got != summary:
        print(f"  test_verifier: parsed {got} but its summary says {summary}")
        return None
    return res


def parse_test_progs(path):
    tests = {}
    subs = {}
    summary = None
    in_errors = False
    for line in open(path, errors="replace"):
        line = line.rstrip("\n")
        if line.startswith("All error logs:"):
            in_errors = True
        if line.startswith("Summary: "):
            in_errors = False
        if in_errors:
            continue  # failures repeated with their logs
        m = re.match(r"^#(\d+)/(\d+)\s+(.*):(OK|FAIL|SKIP)$", line)
        if m:
            subs.setdefault(m.group(1), []).append((m.group(3), m.group(4)))
            continue
        m = re.match(r"^#(\d+)\s+(.*?):(OK|FAIL|SKIP)(?: \(SKIP: \d+/\d+\))?$", line)
        if m:
            tests[m.group(1)] = (m.group(2), m.group(3))
        m = re.match(r"^Summary: (\d+)/(\d+) PASSED, (\d+) SKIPPED, (\d+) FAILED", line)
        if m:
            summary = m.groups()
    if summary is None:
        print("  test_progs: no Summary line (crashed or did not run)")
        return None
    ok_subs = sum(1 for v in subs.values() for _, r in v if r == "OK")
    if ok_subs != int(summary[1]):
        print(f"  test_progs: parsed {ok_subs} passed subtests, its summary says {summary[1]}")
        return None
    conv = {"OK": "pass", "FAIL": "fail", "SKIP": "skip"}
    res = []
    seen = {}

    def uniq(name):
        # some subtests share a name: number the repeats
        seen[name] = seen.get(name, 0) + 1
        return name if seen[name] == 1 else f"{name} [{seen[name]}]"

    for num in subs:
        if num not in tests:
            print(f"  test_progs: subtests of #{num} without a result line")
            tests[num] = (f"#{num}", "FAIL")
    for num, (name, r) in tests.items():
        if num in subs:
            res += [(uniq(n), conv[s]) for n, s in subs[num]]
            # a test can fail outside its subtests
            if r == "FAIL" and not any(s == "FAIL" for _, s in subs[num]):
                res.append((name, "fail"))
        else:
            res.append((uniq(name), conv[r]))
    return res


def parse_status(path):
    """Lines "name<TAB>pass|fail": steps of the run itself (VM boot...)."""
    res = []
    for line in open(path):
        name, _, r = line.rstrip("\n").partition("\t")
        res.append((name, "pass" if r == "pass" else "fail"))
    return res


PARSERS = {
    "run": parse_status,
    "host": parse_host,
    "checkpatch": parse_checkpatch,
    "kunit": parse_kunit,
    "test_verifier": parse_test_verifier,
    "test_progs": parse_test_progs,
}


def main():
    args = sys.argv[1:]
    known = set()
    out_json = None
    while args and args[0].startswith("--"):
        if args[0] == "--known":
            for line in open(args[1]):
                line = line.rstrip("\n")
                if line and not line.startswith("#"):
                    known.add(tuple(line.split("\t", 1)))
            args = args[2:]
        elif args[0] == "--json":
            out_json = args[1]
            args = args[2:]
        elif args[0] == "--list-failures":
            # print the failures as known-failures.txt lines, nothing else
            for a in args[1:]:
                suite, _, path = a.partition("=")
                for name, r in PARSERS[suite](path) or []:
                    if r == "fail":
                        print(f"{suite}\t{name}")
            return
        else:
            sys.exit(__doc__)
    total = {"pass": 0, "fail": 0, "skip": 0, "known": 0}
    broken = []
    report = {}
    for a in args:
        suite, _, path = a.partition("=")
        label = suite
        if suite == "host":
            label = os.path.basename(path).rsplit(".", 1)[0]
        try:
            res = PARSERS[suite](path)
        except OSError as e:
            print(f"  {suite}: no results ({e})")
            res = None
        if not res:
            broken.append(label)
            print(f"{label:14s} NO RESULTS")
            continue
        counts = {"pass": 0, "fail": 0, "skip": 0, "known": 0}
        fixed = []
        for name, r in res:
            if (suite, name) in known:
                if r == "fail":
                    r = "known"
                elif r == "pass":
                    fixed.append(name)
            counts[r] += 1
            if r == "fail":
                print(f"  {label} FAIL: {name}")
        for k in total:
            total[k] += counts[k]
        report[label] = counts
        print(f"{label:14s} {counts['pass']} passed, {counts['fail']} failed, "
              f"{counts['skip']} skipped, {counts['known']} known baseline failures")
        for name in fixed:
            print(f"  {label}: known baseline failure now passes: {name}")
    if out_json:
        json.dump({"suites": report, "total": total, "no_results": broken},
                  open(out_json, "w"), indent=1)
    fails = total["fail"] + len(broken)
    print(f"{total['pass']} passed, {fails} failed, {total['skip'] + total['known']} skipped")
    sys.exit(1 if fails else 0)


if __name__ == "__main__":
    main()
