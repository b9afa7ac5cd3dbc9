#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Make a lean copy of tools/testing/selftests/bpf that builds only the
test_progs tests we need.

The selftests Makefile has no knob to build a subset: it compiles every
progs/*.c (about 800 BPF objects) and links every prog_tests/*.c. We make
a sibling directory (same depth, so the Makefile's relative paths hold)
made of symlinks to the real files, except that prog_tests/ holds only
the listed tests and progs/ only the BPF sources they need: the skeletons
they include, the .bpf.o files they open by name, the sources those
include, and the linked-skeleton parts the Makefile lists.

usage: lean-selftests.py SRC_DIR DST_DIR LIST_FILE
"""
import os
import re
import shutil
import sys

ALWAYS_PROGS = {
    "btf_data.c",  # resolve_btfids runs on btf_data.bpf.o when linking test_progs
}


def read_list(path):
    names = []
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if line:
                names.append((line, n))
    return names


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    src, dst, listfile = (os.path.abspath(a) for a in sys.argv[1:])
    if os.path.dirname(src) != os.path.dirname(dst):
        sys.exit("lean-selftests: DST_DIR must be a sibling of SRC_DIR")

    tests = []
    for name, n in read_list(listfile):
        path = os.path.join(src, "prog_tests", name + ".c")
        if not os.path.isfile(path):
            sys.exit(f"{listfile}:{n}: no test prog_tests/{name}.c in {src}")
        tests.append(name + ".c")

    makefile = open(os.path.join(src, "Makefile")).read().replace("\\\n", " ")
    linked = {}
    for m in re.finditer(r"^([\w.-]+\.skel\.h)-deps := (.*)$", makefile, re.M):
        linked[m.group(1)] = [d.replace(".bpf.o", ".c") for d in m.group(2).split()]

    def make_list(var):
        m = re.search(r"^%s\s*:=(.*)$" % var, makefile, re.M)
        return m.group(1).split() if m else []

    # The runner always builds the light skeletons and the linked
    # skeletons the Makefile lists, whatever the tests include.
    always = set(ALWAYS_PROGS) | set(make_list("LSKELS")) | set(make_list("LSKELS_EXTRA"))
    for skel in make_list("LINKED_SKELS"):
        always.update(linked.get(skel, []))

    progs_dir = os.path.join(src, "progs")
    have = set(os.listdir(progs_dir))
    want = set(always)
    inc_skel = re.compile(r'#include\s+"([\w-]+)\.(?:skel|lskel|subskel)\.h"')
    obj_ref = re.compile(r'"(?:\./)?([\w-]+)\.bpf\.o"')
    inc_c = re.compile(r'#include\s+"([\w-]+\.c)"')

    for t in tests:
        text = open(os.path.join(src, "prog_tests", t)).read()
        for m in inc_skel.finditer(text):
            skel = m.group(1) + ".skel.h"
            if skel in linked:
                want.update(linked[skel])
            else:
                want.add(m.group(1) + ".c")
        for m in obj_ref.finditer(text):
            want.add(m.group(1) + ".c")
    # Test helpers shared by all tests (test_loader.c etc.) include no skels.
    # Follow #include "x.c" between BPF sources.
    todo = list(want)
    while todo:
        c = todo.pop()
        if c not in have:
            continue
        for m in inc_c.finditer(open(os.path.join(progs_dir, c)).read()):
            if m.group(1) not in want:
                want.add(m.group(1))
                todo.append(m.group(1))
    want &= have

    # (Re)build DST: symlinks to everything but prog_tests/ and progs/.
    if os.path.isdir(dst):
        shutil.rmtree(dst)
    os.makedirs(dst)
    for e in os.listdir(src):
        if e in ("prog_tests", "progs"):
            continue
        os.symlink(os.path.join(src, e), os.path.join(dst, e))
    os.makedirs(os.path.join(dst, "prog_tests"))
    for e in os.listdir(os.path.join(src, "prog_tests")):
        if e.endswith(".c") and e not in tests:
            continue
        if e == "tests.h":
            continue
        os.symlink(os.path.join(src, "prog_tests", e), os.path.join(dst, "prog_tests", e))
    os.makedirs(os.path.join(dst, "progs"))
    for e in sorted(have):
        if e.endswith(".c") and e not in want:
            continue
        os.symlink(os.path.join(progs_dir, e), os.path.join(dst, "progs", e))
    print(f"lean selftests: {len(tests)} test files, {len([w for w in want if w.endswith('.c')])} "
          f"of {len([h for h in have if h.endswith('.c')])} BPF programs")


if __name__ == "__main__":
    main()
