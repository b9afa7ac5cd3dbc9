#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# In the VM: attrcheck's sets against the verifier, over a corpus no one
# here wrote (the selftests' *.bpf.o in $W that load on this kernel) and
# over our own test programs (tools/bpf/attrcheck/tests/progs).
# For each object that loads without a set:
#   - "attrcheck gen" then "attrcheck load OBJ SET" must succeed
#     (sufficient; an object that does not load with its set counts as
#     skipped only if it does not load without a set either), and
#   - for each helper and kfunc of each program's set, the same set without
#     it must be refused by the verifier with its "not in the program's
#     attribute set" line (minimal; that program alone is loaded).
# Removals are capped per object (ATTRCHECK_MAX_REMOVALS, default 8) and
# the corpus walk stops after ATTRCHECK_BUDGET seconds (default 240); both
# are reported, to keep the run under five minutes under QEMU TCG.
# Env: SELF (selftests output), W (writable copy of the objects),
# ATTRCHECK (default $TOOLS_OUT/attrcheck/attrcheck).
HARNESS=$(cd "$(dirname "$0")/../.." && pwd)
SELF=${SELF:-$HARNESS/.build/tools-vm/selftests}
TOOLS_OUT=$(cd "$SELF/.." && pwd)
W=${W:-/tmp/selftests}
AC=${ATTRCHECK:-$TOOLS_OUT/attrcheck/attrcheck}
MAXR=${ATTRCHECK_MAX_REMOVALS:-8}
BUDGET=${ATTRCHECK_BUDGET:-240}	# seconds; objects past it are not tried
LLVM_BIN=/usr/lib/llvm-19/bin
TREE=${TREE:-$HARNESS/.build/linux}
NAME=guest-attrcheck
T=$(mktemp -d)

pass=0 fail=0
ok() { echo "ok - $*"; pass=$((pass + 1)); }
bad() { echo "FAIL - $*"; fail=$((fail + 1)); }

# drop SETFILE PROG KIND ITEM: SETFILE without ITEM in PROG's KIND lines
drop() {
	awk -v p="$2" -v k="$3" -v it="$4" '
	/^program / { cur = $2 }
	cur == p && $1 == k {
		line = "\t" k; n = 0
		for (i = 2; i <= NF; i++) if ($i != it) { line = line " " $i; n++ }
		if (n) print line
		next
	}
	{ print }' "$1"
}

[ -x "$AC" ] || { bad "attrcheck not built at $AC"; echo "$NAME: $pass passed, $fail failed"; exit 1; }

# our own programs, compiled here
mkdir -p "$T/own"
for src in "$TREE"/tools/bpf/attrcheck/tests/progs/*.bpf.c; do
	o=$T/own/$(basename "${src%.c}").o
	"$LLVM_BIN/clang" -target bpf -O2 -g -I"$TOOLS_OUT/attrcheck/libbpf/include" \
		-I"$TOOLS_OUT/include" -I"$TREE/tools/include/uapi" -c "$src" -o "$o" \
		2>"$T/cc.err" || echo "# cannot compile $src: $(head -3 "$T/cc.err")"
done

untried=0 objs=0 progs=0 loaded=0 removals=0 refused=0 skipped=0 capped=0 static_eq=0
for obj in "$T"/own/*.o "$W"/*.bpf.o; do
	[ -e "$obj" ] || continue
	b=$(basename "$obj")
	if [ $SECONDS -ge "$BUDGET" ]; then
		untried=$((untried + 1))
		continue
	fi
	t0=$SECONDS
	if ! "$AC" gen "$obj" -o "$T/set" 2>"$T/err"; then
		bad "$b: gen failed: $(head -2 "$T/err")"
		continue
	fi
	if ! timeout 30 "$AC" load "$obj" "$T/set" >"$T/loaded" 2>"$T/err"; then
		# refused: fine only if it does not load without a set either
		if timeout 30 "$AC" gen --observed "$obj" -o "$T/obs" >/dev/null 2>&1; then
			objs=$((objs + 1))
			bad "$b: loads without a set, not with its generated set: $(grep -m2 -e 'not in the program' -e Error "$T/err")"
		else
			skipped=$((skipped + 1))
		fi
		[ $((SECONDS - t0)) -ge 10 ] && echo "# slow (does not load): $b: $((SECONDS - t0))s"
		continue
	fi
	objs=$((objs + 1))
	loaded=$((loaded + 1))
	n=$(grep -c ' loaded with its set$' "$T/loaded")
	progs=$((progs + n))
	awk '{ print "program", $3 }' "$T/loaded" >"$T/obs"
	# (prog, kind, item) of every helper and kfunc
	# of the programs libbpf loads (not those marked "?")
	awk 'FNR == NR { if ($1 == "program") auto[$2] = 1; next }
	     /^program / { p = $2 }
	     (p in auto) && ($1 == "helpers" || $1 == "kfuncs") {
		for (i = 2; i <= NF; i++) print p, $1, $i }' "$T/obs" "$T/set" >"$T/items"
	total=$(wc -l <"$T/items")
	if [ "$total" -gt "$MAXR" ]; then
		capped=$((capped + 1))
		shuf -n "$MAXR" --random-source="$obj" "$T/items" >"$T/items.s"
		mv "$T/items.s" "$T/items"
	fi
	while read -r p k it; do
		drop "$T/set" "$p" "$k" "$it" >"$T/less"
		removals=$((removals + 1))
		if timeout 30 "$AC" load "$obj" "$T/less" prog "$p" >/dev/null 2>"$T/err"; then
			bad "$b: prog $p still loads without $k $it"
		elif grep -q "is not in the program's attribute set" "$T/err"; then
			refused=$((refused + 1))
		else
			bad "$b: prog $p without $k $it: refused for another reason: $(grep -m1 -v '^$' "$T/err")"
		fi
	done <"$T/items"
	[ $((SECONDS - t0)) -ge 10 ] && echo "# slow: $b: $((SECONDS - t0))s"
done
echo "# corpus: $objs objects, $progs programs loaded with their set, $refused of $removals removals refused ($skipped objects skipped: they do not load on this kernel without a set; removals sampled to $MAXR per object in $capped objects; $untried objects not tried: time budget ${BUDGET}s reached)"
[ "$objs" -ge 50 ] && ok "corpus has $objs objects that load (>= 50)" || bad "corpus has only $objs objects that load (< 50)"
[ "$objs" -gt 0 ] && [ "$loaded" = "$objs" ] && ok "all $objs objects load with their generated sets" || bad "$((objs - loaded)) objects do not load with their generated sets"
[ "$removals" -gt 0 ] && [ "$refused" = "$removals" ] && ok "all $removals single removals refused by the verifier" || bad "$refused of $removals removals refused"
rm -rf "$T"
echo "$NAME: $pass passed, $fail failed"
[ "$fail" = 0 ]
