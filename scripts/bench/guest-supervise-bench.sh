#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# In the VM (scripts/bench-supervise): program load latency with the
# supervisor attached vs without. Each object of $W is loaded by
# load_bench (open, load every program and map, close; the median of
# ROUNDS) with no supervisor ("off") and under "attrcheck supervise run"
# ("on", a policy whose rule for root has a ceiling that admits the whole
# corpus: the union of the static sets attrcheck gen derives, so every
# load goes through the full comparison), PASSES times, the order of off
# and on alternating from pass to pass. Output: $OUT/PASS.MODE, one line
# "OBJ NS" per object.
# Env: W (objects), OUT, AC, LB (load_bench), ROUNDS, PASSES.
set -u
ROUNDS=${ROUNDS:-3}
PASSES=${PASSES:-3}
T=$(mktemp -d)

# the objects that load on this kernel, once, without a supervisor
objs=()
for o in "$W"/*.bpf.o; do
	[ "$("$LB" 1 "$o" | cut -d' ' -f2)" = fail ] || objs+=("$o")
done
echo "# ${#objs[@]} objects load"
# the ceiling: every helper and kfunc the corpus calls
for o in "${objs[@]}"; do
	"$AC" gen "$o" 2>/dev/null
done | awk '$1 == "helpers" || $1 == "kfuncs" { for (i = 2; i <= NF; i++) s[$1 SUBSEP $i] = 1 }
	END {
		print "ceiling corpus"
		for (k in s) { split(k, a, SUBSEP); l[a[1]] = l[a[1]] " " a[2] }
		for (k in l) print "\t" k l[k]
		print "\nrule root\n\tuid 0\n\tallow corpus\n\ndefault\n\tdeny"
	}' >"$T/bench.policy"
"$AC" supervise check "$T/bench.policy" >/dev/null || exit 1

on() {
	: >"$T/sv.err"
	"$AC" supervise run "$T/bench.policy" >>"$T/sv.out" 2>"$T/sv.err" &
	SV=$!
	for _ in $(seq 100); do
		grep -q "in force" "$T/sv.err" && break
		sleep 0.2
	done
}
off() {
	kill -TERM "$SV"
	wait "$SV"
}
for p in $(seq "$PASSES"); do
	if [ $((p % 2)) = 1 ]; then order="off on"; else order="on off"; fi
	for m in $order; do
		[ "$m" = on ] && on
		"$LB" "$ROUNDS" "${objs[@]}" >"$OUT/$p.$m"
		[ "$m" = on ] && off
		echo "# pass $p $m: $(grep -vc fail "$OUT/$p.$m") objects"
	done
done
grep -c '^deny' "$T/sv.out" >"$OUT/denials" || true
rm -rf "$T"
