#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host test of attrcheck gen over a corpus: every BPF object of the lean
# selftests build ($TOOLS_OUT/selftests/*.bpf.o) and of the guest tests
# ($TOOLS_OUT/guest-progs/*/*.o), each program's helper and kfunc sets as
# attrcheck gen -j derives them equal to those of an independent decode
# of its call instructions (scripts/tests/bpf_decode.py: Python standard
# library, libbpf's convention for programs, subprograms, callbacks and
# exception callbacks; helper names mapped to ids by the tree's uapi
# linux/bpf.h __BPF_FUNC_MAPPER). Objects attrcheck refuses (exit 2) are
# skipped with the reason, never counted as passed, and so are those it
# reads with its legacy convention (libbpf refuses to open them) unless
# each section is one whole function, where both conventions find the
# same programs; at least MIN_OBJS objects must be compared. Proof that a
# difference fails: a comparator self-check (a helper removed, a helper
# added, a kfunc removed) and, end to end, attrcheck's JSON for one object
# with a helper removed.
# Run by scripts/test with the other tools-*.sh; one attrcheck process
# per object, one decoder process over all (about a second).
# Env: TREE (assembled tree), TOOLS_OUT (.build/tools-VARIANT),
# ATTRCHECK, ATTRCHECK_DECODE_MIN (default 140).
HARNESS=$(cd "$(dirname "$0")/../.." && pwd)
TREE=${TREE:-$HARNESS/.build/linux}
TOOLS_OUT=${TOOLS_OUT:-$HARNESS/.build/tools-vm}
AC=${ATTRCHECK:-$TOOLS_OUT/attrcheck/attrcheck}
MIN_OBJS=${ATTRCHECK_DECODE_MIN:-140}
NAME=tools-attrcheck-decode
T=$(mktemp -d)

t0=$(date +%s)
pass=0 fail=0 skips=0
# shellcheck source=scripts/tests/lib-tests.sh
. "$HARNESS/scripts/tests/lib-tests.sh"
# skipped objects are counted as skipped (results.py), never as passed
finish() {
	rm -rf "$T"
	echo "$NAME: $pass passed, $fail failed, $skips skipped"
	[ "$fail" = 0 ]
	exit
}

[ -x "$AC" ] || { bad "attrcheck is built ($AC)"; finish; }
BPF_H=$TREE/include/uapi/linux/bpf.h
[ -r "$BPF_H" ] || { bad "the tree's uapi bpf.h ($BPF_H)"; finish; }

section "attrcheck gen -j over the corpus"
n=0
: >"$T/list"
for o in "$TOOLS_OUT"/selftests/*.bpf.o "$TOOLS_OUT"/guest-progs/*/*.o; do
	[ -f "$o" ] || continue
	n=$((n + 1))
	"$AC" gen -j "$o" >"$T/$n.json" 2>"$T/$n.err"
	printf '%s\t%s\t%s\t%s\n' "$?" "$T/$n.json" "$T/$n.err" "$o" >>"$T/list"
done
if [ "$n" -gt 0 ]; then
	ok "corpus: $n objects"
else
	bad "corpus: no objects in $TOOLS_OUT/{selftests,guest-progs}"
fi

section "independent decode and comparison"
python3 "$HARNESS/scripts/tests/bpf_decode.py" compare "$BPF_H" "$T/list" >"$T/cmp" 2>&1 ||
	bad "bpf_decode.py compare: exit $? ($(tail -1 "$T/cmp"))"
compared=0 skipped=0 progs=0
while IFS= read -r line; do
	case $line in
	ok\ *) ok "${line#ok }" ;;
	FAIL\ *) bad "${line#FAIL }" ;;
	skip\ *) echo "skip - ${line#skip }"; skips=$((skips + 1)) ;;
	compared\ *) read -r _ compared _ skipped _ progs <<<"$line" ;;
	*) bad "bpf_decode.py: $line" ;;
	esac
done <"$T/cmp"
echo "# compared $compared objects ($progs programs), skipped $skipped"
if [ "$compared" -ge "$MIN_OBJS" ]; then
	ok "at least $MIN_OBJS objects compared ($compared; $skipped skipped)"
else
	bad "at least $MIN_OBJS objects compared: only $compared ($skipped skipped)"
fi

section "a deliberately wrong set fails the comparison"
# End to end: attrcheck's JSON for the first object that compared equal
# and has a helper, the first helper of its first such program removed.
dropped=
sed -n 's/^ok \(.*\): [0-9]* programs\{0,1\}, .*/\1/p' "$T/cmp" >"$T/oks"
while IFS= read -r first; do
	js=$(awk -F '\t' -v o="$first" '$4 == o { print $2; exit }' "$T/list")
	dropped=$(python3 -c 'import json, sys
doc = json.load(open(sys.argv[1]))
for s in doc:
    if s["helpers"]:
        print(s["name"], s["helpers"].pop(0))
        break
json.dump(doc, open(sys.argv[2], "w"))' "$js" "$T/wrong.json" 2>&1)
	[ -n "$dropped" ] && break
done <"$T/oks"
[ -n "$dropped" ] || { bad "a compared object with a helper, to remove one"; finish; }
printf '0\t%s\t%s\t%s\n' "$T/wrong.json" "$T/wrong.err" "$first" >"$T/wrong.list"
: >"$T/wrong.err"
python3 "$HARNESS/scripts/tests/bpf_decode.py" compare "$BPF_H" "$T/wrong.list" >"$T/wrong.cmp" 2>&1
read -r prog helper <<<"$dropped"
id=$(sed -n "s/.*FN(${helper#bpf_}, \([0-9]*\), ##ctx).*/\1/p" "$BPF_H")
expect "$first without $helper in program $prog: the mismatch is reported" \
	"FAIL $first: program $prog: attrcheck misses helpers (insufficient): $id ($helper)" \
	"$(grep -F "FAIL $first:" "$T/wrong.cmp")"
finish
