#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
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
ok() { echo "ok - $*"; pass=$((pass + 1)); }
bad() { echo "FAIL - $*"; fail=$((fail + 1)); }

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

echo clear >$KML
rc=0
for _ in 1 2 3; do
	./test_progs -a prog_attrs/bad_input >/tmp/kml-bad.log 2>&1 || rc=$?
done
grep -qx 'Summary: 1/1 PASSED, 0 SKIPPED, 0 FAILED' /tmp/kml-bad.log && [ $rc = 0 ] &&
	ok "prog_attrs/bad_input passed 3 times" || {
	bad "prog_attrs/bad_input (status $rc)"
	tail -n 20 /tmp/kml-bad.log
}
n=$(scan)
if [ "$n" = 0 ]; then
	ok "bad-input table: kmemleak reports nothing"
else
	bad "bad-input table: kmemleak reports $n objects"
	head -n 80 $KML
fi

echo clear >$KML
./test_progs -a prog_attrs -a prog_attrs_escape -a libbpf_prog_attrs >/tmp/kml-all.log 2>&1
rc=$?
sum=$(grep '^Summary:' /tmp/kml-all.log)
[ $rc = 0 ] && [ "$sum" = "Summary: 3/26 PASSED, 0 SKIPPED, 0 FAILED" ] &&
	ok "prog_attrs, prog_attrs_escape, libbpf_prog_attrs: $sum" || {
	bad "prog_attrs tests (status $rc): $sum"
	grep -E '^#.*FAIL' /tmp/kml-all.log | head -n 20
}
n=$(scan)
if [ "$n" = 0 ]; then
	ok "all prog_attrs tests: kmemleak reports nothing"
else
	bad "all prog_attrs tests: kmemleak reports $n objects"
	head -n 80 $KML
fi
echo clear >$KML
echo "$NAME: $pass passed, $fail failed"
[ "$fail" = 0 ]
