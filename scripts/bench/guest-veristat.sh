#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# In the VM (scripts/bench): veristat over the corpus, on the kernel this
# boot runs. KERNEL=stock (or shifted, its layout control): the corpus
# once. KERNEL=patched: the corpus without sets and the same objects
# carrying the sets "attrcheck gen"
# derived (a .bpf.attrs section), in the order ORDER ("noset set" or "set
# noset"; a second run in one boot is slightly cheaper than the first).
# Then the programs that took at least LONG_US (default 500) microseconds
# in the first run are verified REPEAT (default 2) more times, each mode
# in turn: a timer interrupt or deferred work that lands in one
# verification adds tens of microseconds to it, and the minimum of the
# runs leaves that out.
# Output: $OUT/KERNEL.PASS.MODE.csv (veristat -o csv), the repeats in
# $OUT/KERNEL.PASS.MODE.rN.csv, and $OUT/clock.PASS.KERNEL (the
# clocksource: durations are only as fine as it is).
# Env: VS (veristat), A (objects), S (the objects with sets), KERNEL, PASS,
# ORDER, REPEAT, LONG_US, OUT (default $ATTRS_VM_OUT).
set -u
OUT=${OUT:-${ATTRS_VM_OUT:-}}
[ -n "$OUT" ] && [ -d "$OUT" ] || { echo "no output directory (OUT)" >&2; exit 2; }
ulimit -l unlimited
cat /sys/devices/system/clocksource/clocksource0/current_clocksource >"$OUT/clock.$PASS.$KERNEL"

REPEAT=${REPEAT:-2} LONG_US=${LONG_US:-500}

run() {
	local dir=$1 out=$2
	shift 2
	"$VS" -o csv "$@" "$dir"/*.bpf.o >"$out" 2>"$out.err"
	echo "# $KERNEL pass $PASS: $(($(grep -c . "$out") - 1)) programs from $dir ${*:+(filtered)}"
}
dir_of() { case $1 in set) echo "$S" ;; *) echo "$A" ;; esac; }
modes=noset
# the stock kernel and its layout control know no sets
case $KERNEL in stock | shifted) ;; *) modes=$ORDER ;; esac
for m in $modes; do
	run "$(dir_of $m)" "$OUT/$KERNEL.$PASS.$m.csv"
done
# the long programs of the first run, as veristat filters (file/prog)
first=$OUT/$KERNEL.$PASS.${modes%% *}.csv
awk -F, -v min="$LONG_US" '$1 == "file_name" { for (i = 1; i <= NF; i++) col[$i] = i; next }
	("duration" in col) && $col["duration"] + 0 >= min { print $col["file_name"] "/" $col["prog_name"] }' \
	"$first" >"$OUT/long.$PASS.$KERNEL"
[ -s "$OUT/long.$PASS.$KERNEL" ] || exit 0
for r in $(seq "$REPEAT"); do
	for m in $modes; do
		run "$(dir_of $m)" "$OUT/$KERNEL.$PASS.$m.r$r.csv" -f "@$OUT/long.$PASS.$KERNEL"
	done
done
