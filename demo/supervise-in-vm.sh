#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The supervisor demo, inside the VM: an unmodified Debian bpftrace under
# "attrcheck supervise". First a period in audit mode, from which a policy
# is learned; then that policy enforced: the same one-liner loads (its
# observed set fits the ceiling learned for it), a script that needs a
# helper outside the ceiling is denied and the decision names the helper,
# and the same bpftrace binary with fs-verity enabled, matched by its
# digest, gets the broader rule and loads.
# usage: supervise-in-vm.sh ATTRCHECK
set -e
AC=$1
D=/tmp/demo-supervise
ONE='tracepoint:syscalls:sys_enter_getpid { @n = count(); } interval:ms:200 { exit(); }'
WIDE='kprobe:do_nanosleep { @stacks[kstack] = count(); } interval:ms:200 { exit(); }'
mkdir -p $D

# start POLICY [ARGS]: the supervisor in the background, until "in force"
start() {
	"$AC" supervise run "$@" >$D/sv.out 2>$D/sv.err &
	SV=$!
	i=0
	until grep -q "in force" $D/sv.err; do
		i=$((i + 1))
		[ $i -lt 100 ] || { cat $D/sv.err; exit 1; }
		sleep 0.2
	done
	cat $D/sv.err
}
stop() {
	kill -TERM $SV
	wait $SV || true
}
# mark; decisions: the supervisor's lines since the mark, probes apart
mark() {
	n0=$(wc -l <$D/sv.out)
}
decisions() {
	sleep 1
	tail -n +$((n0 + 1)) $D/sv.out | grep -v ' probe=yes ' | grep -v '^policy' || true
}

printf 'default\n\tdeny\n\tmode audit\n' >$D/audit.policy
echo "### cat audit.policy   (no rule: the default denies, in audit mode)"
cat $D/audit.policy
echo "### attrcheck supervise run audit.policy log demo.json &"
start $D/audit.policy log $D/demo.json
mark
echo "### bpftrace -e '$ONE'"
bpftrace -e "$ONE"
echo "### the supervisor's decisions (probes left out)"
decisions
stop
echo "### attrcheck supervise learn demo.json -o learned.policy"
"$AC" supervise learn $D/demo.json -o $D/learned.policy
cat $D/learned.policy

echo "### the same bpftrace on an ext4 image with fs-verity"
truncate -s 96M $D/verity.img
mkfs.ext4 -q -O verity -b 4096 $D/verity.img
mkdir -p $D/verity
mount -o loop $D/verity.img $D/verity
cp /usr/bin/bpftrace $D/verity/bpftrace
fsverity enable $D/verity/bpftrace
DG=$(fsverity measure $D/verity/bpftrace | cut -d' ' -f1)
echo "### fsverity measure: $DG; a rule for that digest:"
printf '\nrule verified-bpftrace\n\tuid 0\n\tdigest %s\n\tallow unrestricted\n' "$DG" | tee -a $D/learned.policy
"$AC" supervise check $D/learned.policy >/dev/null

echo "### attrcheck supervise run learned.policy &"
start $D/learned.policy
mark
echo "### bpftrace -e '$ONE'   (fits its learned ceiling)"
bpftrace -e "$ONE"
decisions
mark
echo "### bpftrace -e '$WIDE'   (kstack: a helper outside the ceiling)"
rc=0
bpftrace -e "$WIDE" >$D/bt.out 2>&1 || rc=$?
tail -2 $D/bt.out
echo "### refused (exit status $rc); the supervisor says:"
decisions | grep '^deny'
mark
echo "### $D/verity/bpftrace -e '$WIDE'   (the same binary, fs-verity digest: rule verified-bpftrace)"
$D/verity/bpftrace -e "$WIDE" | tail -3
decisions | head -3
stop
umount $D/verity
echo "### supervisor demo done"
