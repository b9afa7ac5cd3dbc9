#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# In the VM: bpftool and program attribute sets, end to end against the
# patched kernel. "prog load|loadall OBJ PATH attrs FILE" (success, every
# error with its exact message and exit status, the verifier's refusal),
# "prog show" (plain and JSON, field by field; the observed set's flags:
# extensible with BTF, tail_calls, none without BTF; the observed blocks
# loaded back with "attrs"), "feature probe".
# The BPF objects come from scripts/tests/bpf/bpftool-attrs, built on the host.
# Env (optional): SELF (selftests output, .build/tools-VARIANT/selftests),
# BPFTOOL. Output: "ok - ..." / "FAIL - ..." lines, then a summary line.

HARNESS=$(cd "$(dirname "$0")/../.." && pwd)
SELF=${SELF:-$HARNESS/.build/tools-vm/selftests}
TOOLS_OUT=$(cd "$SELF/.." && pwd)
BPFTOOL=${BPFTOOL:-$TOOLS_OUT/bpftool/bpftool}
LLVM_BIN=/usr/lib/llvm-19/bin
PIN=/sys/fs/bpf/attrs-test
NAME=bpftool-attrs

pass=0 fail=0 t0=$(date +%s)
# ok, bad, expect, bt, expect_json, json_field, insn_of, section
. "$HARNESS/scripts/tests/lib-tests.sh"
finish() {
	rm -rf "$PIN" "$T"
	section "done"
	echo "$NAME: $pass passed, $fail failed"
	[ "$fail" = 0 ]
	exit
}

# expect_fail WHAT MESSAGE: the last bt failed with status 255, printed
# nothing on stdout and exactly MESSAGE on stderr, and pinned nothing
expect_fail() {
	expect "$1: exit status" 255 "$rc"
	expect "$1: message" "$2" "$err"
	expect "$1: no output" "" "$out"
	if [ -e "$PIN" ]; then
		bad "$1: nothing pinned"
		rm -rf "$PIN"
	else
		ok "$1: nothing pinned"
	fi
}

# attrs_block FILE: the "attrs ..." lines of a plain "prog show"
attrs_block() { sed -n '/^\tattrs /,$p' "$1" | grep -v '^\tmetadata:' ; }
# obs_block FILE: the "attrs observed" block of a plain "prog show" (the last)
obs_block() { sed -n '/^\tattrs observed$/,$p' "$1" | grep -v '^\tmetadata:' ; }
ALL_ACCESS='["read_kernel", "write_packet", "write_ctx", "write_kernel"]'

# ---------------------------------------------------------------------------
[ -x "$BPFTOOL" ] || { bad "bpftool at $BPFTOOL"; finish; }
T=$(mktemp -d /tmp/bpftool-attrs.XXXXXX)
rm -rf "$PIN"
cd "$T" || exit 1

# The BPF objects (scripts/tests/bpf/bpftool-attrs/*.bpf.c) are built on
# the host by scripts/build-tools: compilers run slowly under TCG.
section "BPF objects"
for p in progs kf modk tail nobtf; do
	if cp "$TOOLS_OUT/guest-progs/bpftool-attrs/$p.bpf.o" . 2>/dev/null; then
		ok "built: $p.bpf.o"
	else
		bad "built: $p.bpf.o (scripts/build-tools)"
		finish
	fi
done
# Sizes and call sites, from the objects themselves.
count_insns=$(( $("$LLVM_BIN/llvm-nm" -S progs.bpf.o | awk '$4 == "count" { print "0x" $2 }') / 8 ))
stamp_insns=$(( $("$LLVM_BIN/llvm-nm" -S progs.bpf.o | awk '$4 == "stamp" { print "0x" $2 }') / 8 ))
ktime_insn=$(insn_of progs.bpf.o stamp 'call 0x5$')
unlock_insn=$(( $(insn_of kf.bpf.o locked 'call') + 1 ))

cat >good.attrs <<'EOF'
# both programs of progs.bpf.o
program count
	helpers bpf_map_lookup_elem
	map_types array
	map_types_write array
	access none
	max_insn_cnt 64
	max_insn_processed 1000

program stamp
	helpers bpf_map_update_elem bpf_ktime_get_ns
	map_types array
	map_types_write array
EOF

# --- feature probe -----------------------------------------------------------
section "feature probe"
bt feature probe kernel
expect "feature probe: exit status" 0 "$rc"
expect "feature probe: plain line" "Program attribute set support is available" \
	"$(grep 'attribute set' "$T/out")"
bt -j feature probe kernel
expect "feature probe -j: misc.have_prog_attrs" True \
	"$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["misc"]["have_prog_attrs"])' "$T/out" 2>&1)"
bt feature probe kernel macros
expect "feature probe macros: line" "#define HAVE_PROG_ATTRS" "$(grep PROG_ATTRS "$T/out")"

# --- load with a set, show it -------------------------------------------------
section "load and show"
# -d: the verifier log gives each program's "processed N insns".
bt -d prog loadall progs.bpf.o "$PIN" attrs good.attrs
expect "loadall attrs good.attrs: exit status" 0 "$rc"
expect "loadall attrs good.attrs: no output" "" "$out"
processed=($(sed -n 's/^processed \([0-9]*\) insns .*/\1/p' "$T/err"))
expect "loadall: verifier log of 2 programs" 2 "${#processed[@]}"
count_proc=${processed[0]:-0} stamp_proc=${processed[1]:-0}
[ -e "$PIN/count" ] && [ -e "$PIN/stamp" ] && ok "loadall: both programs pinned" ||
	bad "loadall: both programs pinned"

bt prog show pinned "$PIN/count"
expect "show count: exit status" 0 "$rc"
expect "show count: plain attrs lines" "$(printf '%s\n' \
	$'\tattrs declared' \
	$'\t\thelpers bpf_map_lookup_elem' \
	$'\t\tmap_types array' \
	$'\t\tmap_types_write array' \
	$'\t\taccess none' \
	$'\t\tmax_insn_cnt 64' \
	$'\t\tmax_insn_processed 1000' \
	$'\tattrs observed' \
	$'\t\thelpers bpf_map_lookup_elem' \
	$'\t\tmap_types array' \
	$'\t\tmap_types_write array' \
	$'\t\taccess none' \
	$'\t\tmax_insn_cnt '$count_insns \
	$'\t\tmax_insn_processed '$count_proc \
	$'\t\t# not an upper bound: extensible')" "$(attrs_block "$T/out")"
cp "$T/out" "$T/show-count"
bt -j prog show pinned "$PIN/count"
expect "show -j count: exit status" 0 "$rc"
expect_json "show -j count" "$T/out" attrs_declared '{"helpers": ["bpf_map_lookup_elem"],
	"kfuncs": [], "map_types": ["array"], "map_types_write": ["array"], "access": [],
	"access_handled": '"$ALL_ACCESS"', "max_insn_cnt": 64, "max_insn_processed": 1000}'
# the observed set handles every kind; BTF function info makes it extensible
expect_json "show -j count" "$T/out" attrs_observed '{"helpers": ["bpf_map_lookup_elem"],
	"kfuncs": [], "map_types": ["array"], "map_types_write": ["array"], "access": [],
	"access_handled": '"$ALL_ACCESS"', "max_insn_cnt": '$count_insns',
	"max_insn_processed": '$count_proc', "unbounded": ["extensible"]}'

# stamp's set handles only maps: no access or limit lines/fields
bt prog show pinned "$PIN/stamp"
expect "show stamp: plain attrs lines" "$(printf '%s\n' \
	$'\tattrs declared' \
	$'\t\thelpers bpf_map_update_elem bpf_ktime_get_ns' \
	$'\t\tmap_types array' \
	$'\t\tmap_types_write array' \
	$'\tattrs observed' \
	$'\t\thelpers bpf_map_update_elem bpf_ktime_get_ns' \
	$'\t\tmap_types array' \
	$'\t\tmap_types_write array' \
	$'\t\taccess none' \
	$'\t\tmax_insn_cnt '$stamp_insns \
	$'\t\tmax_insn_processed '$stamp_proc \
	$'\t\t# not an upper bound: extensible')" "$(attrs_block "$T/out")"
cp "$T/out" "$T/show-stamp"
bt -j prog show pinned "$PIN/stamp"
expect_json "show -j stamp" "$T/out" attrs_declared '{"helpers": ["bpf_map_update_elem",
	"bpf_ktime_get_ns"], "kfuncs": [], "map_types": ["array"], "map_types_write": ["array"]}'
expect_json "show -j stamp" "$T/out" attrs_observed '{"helpers": ["bpf_map_update_elem",
	"bpf_ktime_get_ns"], "kfuncs": [], "map_types": ["array"], "map_types_write": ["array"],
	"access": [], "access_handled": '"$ALL_ACCESS"', "max_insn_cnt": '$stamp_insns',
	"max_insn_processed": '$stamp_proc', "unbounded": ["extensible"]}'

# "prog list" and a listing of all programs show the sets too
bt -j prog list
expect "prog list -j: count's declared helpers" "['bpf_map_lookup_elem']" \
	"$(python3 -c 'import json,sys
print([p["attrs_declared"]["helpers"] for p in json.load(open(sys.argv[1]))
       if p.get("name") == "count"][0])' "$T/out" 2>&1)"
rm -rf "$PIN"

# the observed blocks load back as they are, under "program NAME" lines
{
	echo "program count"
	obs_block "$T/show-count" | sed 1d
	echo
	echo "program stamp"
	obs_block "$T/show-stamp" | sed 1d
} >observed.attrs
bt prog loadall progs.bpf.o "$PIN" attrs observed.attrs
expect "loadall attrs observed.attrs (the observed blocks): exit status" 0 "$rc"
expect "loadall attrs observed.attrs: no output" "" "$out$err"
bt prog show pinned "$PIN/count"
expect "observed set loaded back: count's declared block is its observed one" \
	"$(printf '%s\n' $'\tattrs declared'; obs_block "$T/show-count" | sed -e 1d -e '/# not an upper bound/d')" \
	"$(attrs_block "$T/out" | sed '/^\tattrs observed$/,$d')"
expect "observed set loaded back: count's observed block unchanged" \
	"$(obs_block "$T/show-count")" "$(obs_block "$T/out")"
bt prog show pinned "$PIN/stamp"
expect "observed set loaded back: stamp's declared block is its observed one" \
	"$(printf '%s\n' $'\tattrs declared'; obs_block "$T/show-stamp" | sed -e 1d -e '/# not an upper bound/d')" \
	"$(attrs_block "$T/out" | sed '/^\tattrs observed$/,$d')"
rm -rf "$PIN"

# "prog load" loads every program of the object too, pins the first
bt prog load progs.bpf.o "$PIN" attrs good.attrs
expect "load attrs good.attrs: exit status" 0 "$rc"
expect "load attrs good.attrs: no output" "" "$out$err"
bt prog show pinned "$PIN"
expect "load: the pinned program has its set" $'\t\thelpers bpf_map_lookup_elem' \
	"$(attrs_block "$T/out" | sed -n 2p)"
rm -f "$PIN"

# without a set: only the observed one
bt prog load progs.bpf.o "$PIN"
expect "load without attrs: exit status" 0 "$rc"
bt prog show pinned "$PIN"
expect "show, no set: plain attrs lines" "$(printf '%s\n' \
	$'\tattrs observed' \
	$'\t\thelpers bpf_map_lookup_elem' \
	$'\t\tmap_types array' \
	$'\t\tmap_types_write array' \
	$'\t\taccess none' \
	$'\t\tmax_insn_cnt '$count_insns \
	$'\t\tmax_insn_processed '$count_proc \
	$'\t\t# not an upper bound: extensible')" "$(attrs_block "$T/out")"
bt -j prog show pinned "$PIN"
expect_json "show -j, no set" "$T/out" attrs_declared null
expect "show -j, no set: attrs_observed.unbounded" '["extensible"]' \
	"$(json_field "$T/out" attrs_observed unbounded)"
rm -f "$PIN"

# a tail call: whatever the prog array holds runs too
bt prog load tail.bpf.o "$PIN"
expect "load tail call program: exit status" 0 "$rc"
bt prog show pinned "$PIN"
expect "show tail call program: observed flags line" \
	$'\t\t# not an upper bound: tail_calls extensible' "$(obs_block "$T/out" | tail -n1)"
expect "show tail call program: observed helpers" $'\t\thelpers bpf_tail_call' \
	"$(obs_block "$T/out" | grep helpers)"
bt -j prog show pinned "$PIN"
expect "show -j tail call program: attrs_observed.unbounded" '["tail_calls", "extensible"]' \
	"$(json_field "$T/out" attrs_observed unbounded)"
rm -f "$PIN"

# no BTF: nothing can replace the program's functions, no flag
bt prog load nobtf.bpf.o "$PIN"
expect "load program without BTF: exit status" 0 "$rc"
bt prog show pinned "$PIN"
expect "show program without BTF: observed helpers" $'\t\thelpers bpf_get_prandom_u32' \
	"$(obs_block "$T/out" | grep helpers)"
expect "show program without BTF: no flags line" 0 \
	"$(obs_block "$T/out" | grep -c 'not an upper bound')"
bt -j prog show pinned "$PIN"
expect "show -j program without BTF: attrs_observed.unbounded" '[]' \
	"$(json_field "$T/out" attrs_observed unbounded)"
rm -f "$PIN"

# kfuncs
printf 'program locked\n\tkfuncs bpf_rcu_read_unlock bpf_rcu_read_lock\n' >kf.attrs
bt prog load kf.bpf.o "$PIN" attrs kf.attrs
expect "load kfunc program: exit status" 0 "$rc"
expect "load kfunc program: no output" "" "$out$err"
bt prog show pinned "$PIN"
expect "show kfunc program: plain kfuncs lines" "$(printf '%s\n' \
	$'\t\tkfuncs bpf_rcu_read_lock bpf_rcu_read_unlock' \
	$'\t\tkfuncs bpf_rcu_read_lock bpf_rcu_read_unlock')" \
	"$(attrs_block "$T/out" | grep kfuncs)"
bt -j prog show pinned "$PIN"
expect_json "show -j kfunc program" "$T/out" attrs_declared \
	'{"helpers": [], "kfuncs": ["bpf_rcu_read_lock", "bpf_rcu_read_unlock"]}'
rm -f "$PIN"

# a module's kfunc, by "module:name": the parser knows the modules' BTF too
if [ -e /sys/module/bpf_testmod ]; then
	testmod=loaded
elif insmod "$SELF/bpf_testmod.ko" 2>"$T/insmod.err"; then
	testmod=ours
else
	testmod=""
	bad "insmod bpf_testmod.ko: $(cat "$T/insmod.err")"
fi
if [ -n "$testmod" ]; then
	printf 'program modk\n\tkfuncs bpf_testmod:bpf_kfunc_common_test\n' >modk.attrs
	bt prog load modk.bpf.o "$PIN" attrs modk.attrs
	expect "load module kfunc program: exit status" 0 "$rc"
	expect "load module kfunc program: no output" "" "$out$err"
	bt -j prog show pinned "$PIN"
	expect_json "show -j module kfunc program" "$T/out" attrs_declared \
		'{"helpers": [], "kfuncs": ["bpf_testmod:bpf_kfunc_common_test"]}'
	expect "show -j module kfunc program: observed kfuncs" \
		"['bpf_testmod:bpf_kfunc_common_test']" \
		"$(python3 -c 'import json,sys
print(json.load(open(sys.argv[1]))["attrs_observed"]["kfuncs"])' "$T/out" 2>&1)"
	rm -f "$PIN"
	printf 'program modk\n\tkfuncs bpf_testmod:bpf_kfunc_comon_test\n' >modktypo.attrs
	bt prog load modk.bpf.o "$PIN" attrs modktypo.attrs
	expect_fail "unknown module kfunc" \
		"Error: modktypo.attrs:2: unknown kfunc 'bpf_testmod:bpf_kfunc_comon_test' (did you mean 'bpf_testmod:bpf_kfunc_common_test'?)"
	[ "$testmod" = ours ] && rmmod bpf_testmod
fi

# --- errors --------------------------------------------------------------------
section "errors"
bt prog load progs.bpf.o "$PIN" attrs "$T/missing.attrs"
expect_fail "missing file" \
	"Error: can't read attribute set file '$T/missing.attrs': No such file or directory"

bt -j prog load progs.bpf.o "$PIN" attrs "$T/missing.attrs"
expect "missing file, -j: exit status" 255 "$rc"
expect "missing file, -j: JSON error" \
	"{\"error\":\"can't read attribute set file '$T/missing.attrs': No such file or directory\"}" \
	"$out"

printf 'program count\n\thelpers bpf_map_lookup_elem\n\tmap_types array\n\tfrobnicate 1\n' >bad.attrs
bt prog load progs.bpf.o "$PIN" attrs bad.attrs
expect_fail "bad line" "Error: bad.attrs:4: unknown keyword 'frobnicate'"

printf 'program count\n\thelpers bpf_map_lookup_elen\n' >typo.attrs
bt prog load progs.bpf.o "$PIN" attrs typo.attrs
expect_fail "unknown helper" \
	"Error: typo.attrs:2: unknown helper 'bpf_map_lookup_elen' (did you mean 'bpf_map_lookup_elem'?)"

# vmlinux BTF is passed to the parser: kfunc names are checked
printf '# kfuncs\nprogram locked\n\tkfuncs bpf_rcu_read_lok\n' >kftypo.attrs
bt prog load kf.bpf.o "$PIN" attrs kftypo.attrs
expect_fail "unknown kfunc" \
	"Error: kftypo.attrs:3: unknown kfunc 'bpf_rcu_read_lok' (did you mean 'bpf_rcu_read_lock'?)"

sed '/^program stamp/,$d' good.attrs >nostamp.attrs
bt prog loadall progs.bpf.o "$PIN" attrs nostamp.attrs
expect_fail "program with no entry" "Error: nostamp.attrs: no attribute set for program 'stamp'"

{ cat good.attrs; printf '\nprogram ghost\n'; } >ghost.attrs
bt prog loadall progs.bpf.o "$PIN" attrs ghost.attrs
expect_fail "entry with no program" "Error: ghost.attrs: program 'ghost' is not in the object file"

bt prog load progs.bpf.o "$PIN" attrs good.attrs attrs good.attrs
expect_fail "attrs twice" "Error: attrs already specified"

bt prog load progs.bpf.o "$PIN" attrs
expect_fail "attrs without a file" "Error: 'attrs' needs at least 1 arguments, 0 found"

# the verifier refuses a program outside its set
sed 's/ bpf_ktime_get_ns$//' good.attrs >over.attrs
bt prog loadall progs.bpf.o "$PIN" attrs over.attrs
expect "exceeding set: exit status" 255 "$rc"
expect "exceeding set: verifier log line" \
	"insn $ktime_insn: call to helper bpf_ktime_get_ns#5 is not in the program's attribute set (helpers)" \
	"$(grep "attribute set" "$T/err")"
expect "exceeding set: error" "Error: failed to load object file" "$(tail -n1 "$T/err")"
[ -e "$PIN" ] && bad "exceeding set: nothing pinned" || ok "exceeding set: nothing pinned"
rm -rf "$PIN"

printf 'program locked\n\tkfuncs bpf_rcu_read_lock\n' >kfover.attrs
bt prog load kf.bpf.o "$PIN" attrs kfover.attrs
expect "exceeding kfuncs: exit status" 255 "$rc"
expect "exceeding kfuncs: verifier log line" \
	"insn $unlock_insn: call to kfunc bpf_rcu_read_unlock is not in the program's attribute set (kfuncs)" \
	"$(grep "attribute set" "$T/err")"
rm -f "$PIN"

# a loader program (-L, light skeleton) passes the sets through bpf_sys_bpf
bt -L prog load progs.bpf.o attrs good.attrs
expect "-L load attrs good.attrs: exit status" 0 "$rc"
expect "-L load attrs good.attrs: no output" "" "$out$err"
bt -L -d prog load progs.bpf.o attrs over.attrs
expect "-L load attrs over.attrs: exit status" 243 "$rc"
expect "-L load attrs over.attrs: loader error" "err -13" "$(grep '^err ' "$T/err")"
expect "-L load attrs over.attrs: verifier log line" \
	"insn $ktime_insn: call to helper bpf_ktime_get_ns#5 is not in the program's attribute set (helpers)" \
	"$(grep "attribute set" "$T/err")"
bt -L prog load progs.bpf.o attrs nostamp.attrs
expect "-L load, program with no entry: exit status" 255 "$rc"
expect "-L load, program with no entry: message" \
	"Error: nostamp.attrs: no attribute set for program 'stamp'" "$err"

# the work limit: exactly the work done passes, one less is refused
sed "s/max_insn_processed 1000/max_insn_processed $count_proc/" good.attrs >exact.attrs
bt prog loadall progs.bpf.o "$PIN" attrs exact.attrs
expect "max_insn_processed = work done: exit status" 0 "$rc"
rm -rf "$PIN"
sed "s/max_insn_processed 1000/max_insn_processed $((count_proc - 1))/" good.attrs >tight.attrs
bt prog loadall progs.bpf.o "$PIN" attrs tight.attrs
expect "max_insn_processed below work done: exit status" 255 "$rc"
expect "max_insn_processed below work done: verifier log line" 1 \
	"$(grep -c "verifier work above the attribute set's limit of $((count_proc - 1)) insns (max_insn_processed)" "$T/err")"
rm -rf "$PIN"

finish
