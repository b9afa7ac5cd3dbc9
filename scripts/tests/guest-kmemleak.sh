#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-tests: alone (its kmemleak scans see every allocation in the guest)
# In the VM, debug kernel only (scripts/test --debug): our kernel paths do
# not leak. kmemleak is cleared, our test_progs tests run (the bad-input
# table of prog_attrs/bad_input first, three times over, then every
# prog_attrs, prog_attrs_escape and libbpf_prog_attrs subtest: loads
# refused at each step, sets kept with programs, prog arrays, freplace,
# the LSM hook denying), and after kmemleak's minimum object age two scans
# must report no unreferenced object (this script's own lines never
# contain that phrase: scripts/vm-run fails a run whose console has it,
# and the last lines of each suite's log are copied there). Any KASAN or UBSAN report fails the
# whole VM run (scripts/vm-run). On a kernel without kmemleak this reports
# one skipped check, never a pass.
# Env: W (writable copy of the selftests, as set by scripts/vm-tests).
NAME=guest-kmemleak
W=${W:-/tmp/selftests}
KML=/sys/kernel/debug/kmemleak
pass=0 fail=0
# shellcheck source=scripts/tests/lib-tests.sh
. "$(dirname "$0")/lib-tests.sh"

if [ ! -w $KML ]; then
	echo "skip - $KML not present: not a kmemleak kernel (run scripts/test --debug)"
	echo "$NAME: 0 passed, 0 failed, 1 skipped"
	exit 0
fi
cd "$W" || { bad "no selftests in $W"; echo "$NAME: $pass passed, $fail failed"; exit 1; }

# scan: wait past kmemleak's minimum object age (5 s), scan twice (an
# object is reported once it was unreferenced in two scans), and print the
# number of objects reported.
scan() {
	sleep 6
	echo scan >$KML
	echo scan >$KML
	grep -c '^unreferenced object' $KML
}

# The detector itself works: after "clear" and the two scans, nothing is
# reported for an idle window, and the file can be read.
echo clear >$KML
n=$(scan)
[ "$n" = 0 ] && ok "kmemleak active, idle window clean" || bad "idle window: $n objects reported before any test ran"

# window LABEL RUNS SUMMARY TEST...: clear kmemleak, run test_progs with
# -a TEST... RUNS times, each run must end with SUMMARY, then the scans
# must report nothing.
window() {
	local label=$1 runs=$2 want=$3 rc=0 sum n
	shift 3
	echo clear >$KML
	for _ in $(seq "$runs"); do
		./test_progs "${@/#/-a}" >/tmp/kml.log 2>&1 || rc=$?
		sum=$(grep '^Summary:' /tmp/kml.log)
		[ "$sum" = "$want" ] || break
	done
	if [ $rc = 0 ] && [ "$sum" = "$want" ]; then
		ok "$label: $runs run(s), each $sum"
	else
		bad "$label (status $rc): '$sum', wanted '$want'"
		grep -E '^#.*FAIL' /tmp/kml.log | head -n 20
	fi
	n=$(scan)
	if [ "$n" = 0 ]; then
		ok "$label: kmemleak reports nothing"
	else
		bad "$label: kmemleak reports $n objects"
		head -n 80 $KML
	fi
}

window "bad-input table" 3 "Summary: 1/1 PASSED, 0 SKIPPED, 0 FAILED" prog_attrs/bad_input
window "all prog_attrs tests" 1 "Summary: 3/26 PASSED, 0 SKIPPED, 0 FAILED" \
	prog_attrs prog_attrs_escape libbpf_prog_attrs
echo clear >$KML
echo "$NAME: $pass passed, $fail failed"
[ "$fail" = 0 ]
