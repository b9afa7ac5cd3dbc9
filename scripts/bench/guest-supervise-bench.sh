#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# In the VM (scripts/bench-supervise): program load latency with the
# supervisor attached vs without. Each object of $W is loaded by
# load_bench (open, load every program and map, close; the median of
# ROUNDS) with no supervisor ("off") and under "attrcheck supervise run"
# ("on", a policy whose rule for root has a ceiling that admits the whole
# corpus: the union of the helpers and kfuncs of an audit pass, so every
# load goes through the full comparison), PASSES times, the order of off
# and on alternating from pass to pass. Output: $OUT/PASS.MODE, one line
# "OBJ NS" per object.
# Env: W (objects), OUT (default $ATTRS_VM_OUT), AC, LB (load_bench),
# ROUNDS, PASSES.
set -u
OUT=${OUT:-${ATTRS_VM_OUT:-}}
[ -n "$OUT" ] && [ -d "$OUT" ] || { echo "no output directory (OUT)" >&2; exit 2; }
ROUNDS=${ROUNDS:-3}
PASSES=${PASSES:-3}
T=$(mktemp -d)

# the objects that load on this kernel, once, without a supervisor
objs=()
for o in "$W"/*.bpf.o; do
	[ "$("$LB" 1 "$o" | cut -d' ' -f2)" = fail ] || objs+=("$o")
done
echo "# ${#objs[@]} objects load"
# the ceiling: every helper and kfunc load_bench's loads use, probes of
# libbpf's included (a ceiling that refused a probe would change what
# libbpf does, not just add the supervisor's cost), from one pass under an
# audit policy
printf 'default\n\tdeny\n\tmode audit\n' >"$T/audit.policy"
"$AC" supervise run "$T/audit.policy" log "$T/audit.json" >/dev/null 2>"$T/sv.err" &
SV=$!
for _ in $(seq 100); do
	grep -q "in force" "$T/sv.err" && break
	sleep 0.2
done
"$LB" 1 "${objs[@]}" >/dev/null
kill -TERM "$SV"
wait "$SV"
python3 - "$T/audit.json" >"$T/bench.policy" <<'PYEOF'
import json, sys
h, k = set(), set()
for line in open(sys.argv[1]):
    d = json.loads(line)
    if d.get("event") == "load":
        h |= set(d["prog"]["attrs"]["helpers"])
        k |= set(d["prog"]["attrs"]["kfuncs"])
print("ceiling corpus")
print("\thelpers " + " ".join(sorted(h)))
if k:
    print("\tkfuncs " + " ".join(sorted(k)))
print("\nrule root\n\tuid 0\n\tallow corpus\n\ndefault\n\tdeny")
PYEOF
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
		"$LB" "$ROUNDS" "${objs[@]}" >"$OUT/$p.$m" || exit 1
		[ "$m" = on ] && off
		echo "# pass $p $m: $(grep -vc fail "$OUT/$p.$m") objects"
	done
done
grep -c '^deny' "$T/sv.out" >"$OUT/denials" || true
cp "$T/sv.out" "$OUT/decisions"
rm -rf "$T"
