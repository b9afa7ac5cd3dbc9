#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# Benchmark (not a test): "attrcheck gen" over every BPF object the
# selftests build, side by side with "llvm-objdump -d" over the same
# objects. Prints one line per object and the totals.
# usage: bench-gen.sh [SELFTESTS_OUTPUT_DIR [ATTRCHECK]]
# Defaults: the harness's .build/tools-vm/selftests and its attrcheck.
SELF=${1:-${SELF:-/work/main/.build/tools-vm/selftests}}
AC=${2:-${ATTRCHECK:-$(cd "$SELF/.." && pwd)/attrcheck/attrcheck}}
OBJDUMP=${OBJDUMP:-/usr/lib/llvm-19/bin/llvm-objdump}
REPEAT=${REPEAT:-3}

[ -x "$AC" ] || { echo "no attrcheck at $AC" >&2; exit 2; }
[ -x "$OBJDUMP" ] || { echo "no llvm-objdump at $OBJDUMP" >&2; exit 2; }

# ms CMD...: best of $REPEAT wall-clock runs, in milliseconds
ms() {
	local best= t0 t1 i
	for ((i = 0; i < REPEAT; i++)); do
		t0=$(date +%s%N)
		"$@" >/dev/null 2>&1
		t1=$(date +%s%N)
		t1=$(( (t1 - t0) / 1000000 ))
		[ -z "$best" ] || [ "$t1" -lt "$best" ] && best=$t1
	done
	echo "$best"
}

printf '%-44s %8s %6s %6s %12s %10s\n' object bytes progs insns "gen ms" "objdump ms"
tg=0 to=0 n=0 nok=0 ti=0
for o in $(find "$SELF" -name '*.bpf.o' | sort); do
	n=$((n + 1))
	sz=$(stat -c %s "$o")
	if "$AC" -j gen "$o" limits >/tmp/bench-gen.$$ 2>/dev/null; then
		nok=$((nok + 1))
		read -r progs insns < <(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(len(d), sum(p.get("max_insn_cnt", 0) for p in d))' /tmp/bench-gen.$$)
	else
		progs=- insns=-
	fi
	g=$(ms "$AC" gen "$o")
	d=$(ms "$OBJDUMP" -d "$o")
	tg=$((tg + g))
	to=$((to + d))
	[ "$insns" != - ] && ti=$((ti + insns))
	printf '%-44s %8d %6s %6s %12d %10d\n' "${o#$SELF/}" "$sz" "$progs" "$insns" "$g" "$d"
done
rm -f /tmp/bench-gen.$$
printf '%-44s %8s %6s %6d %12d %10d\n' "TOTAL ($n objects, $nok analysed)" "" "" "$ti" "$tg" "$to"
