#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# In the VM (scripts/bench): veristat over the corpus, on the kernel this
# boot runs. KERNEL=stock: the corpus once. KERNEL=patched: the corpus
# without sets and the same objects carrying the sets "attrcheck gen"
# derived (a .bpf.attrs section), in the order ORDER ("noset set" or "set
# noset"; a second run in one boot is slightly cheaper than the first).
# Output: $OUT/KERNEL.PASS.MODE.csv (veristat -o csv), and $OUT/clock.PASS.KERNEL
# (the clocksource: durations are only as fine as it is).
# Env: VS (veristat), A (objects), S (the objects with sets), KERNEL, PASS,
# ORDER, OUT (default $ATTRS_VM_OUT).
set -u
OUT=${OUT:-${ATTRS_VM_OUT:-}}
[ -n "$OUT" ] && [ -d "$OUT" ] || { echo "no output directory (OUT)" >&2; exit 2; }
ulimit -l unlimited
cat /sys/devices/system/clocksource/clocksource0/current_clocksource >"$OUT/clock.$PASS.$KERNEL"

run() {
	local dir=$1 out=$2
	"$VS" -o csv "$dir"/*.bpf.o >"$out" 2>"$out.err"
	echo "# $KERNEL pass $PASS: $(($(wc -l <"$out") - 1)) programs from $dir"
}
if [ "$KERNEL" = stock ]; then
	run "$A" "$OUT/stock.$PASS.noset.csv"
	exit 0
fi
for m in $ORDER; do
	case $m in
	noset) run "$A" "$OUT/patched.$PASS.noset.csv" ;;
	set) run "$S" "$OUT/patched.$PASS.set.csv" ;;
	esac
done
