#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The demo, inside the VM: load a program with its attribute set
# (demo/hello.attrs) using the tree's bpftool, show the declared and
# observed sets, then load it with a set that lacks a helper it calls
# (demo/over.attrs) and show the verifier's refusal.
# usage: run-in-vm.sh BPFTOOL OBJ
set -e
BPFTOOL=$1
OBJ=$2
DEMO=$(cd "$(dirname "$0")" && pwd)
echo "### uname: $(uname -r)"
echo "### bpftool feature probe kernel | grep 'attribute set'"
$BPFTOOL feature probe kernel | grep 'attribute set'
echo "### cat demo/hello.attrs"
cat "$DEMO/hello.attrs"
echo "### bpftool prog load $OBJ /sys/fs/bpf/hello attrs demo/hello.attrs"
$BPFTOOL prog load "$OBJ" /sys/fs/bpf/hello attrs "$DEMO/hello.attrs"
echo "### bpftool prog show pinned /sys/fs/bpf/hello"
$BPFTOOL prog show pinned /sys/fs/bpf/hello
echo "### bpftool -j -p prog show pinned /sys/fs/bpf/hello"
$BPFTOOL -j -p prog show pinned /sys/fs/bpf/hello
echo "### bpftool map list"
$BPFTOOL map list
rm /sys/fs/bpf/hello
echo "### diff demo/hello.attrs demo/over.attrs"
diff "$DEMO/hello.attrs" "$DEMO/over.attrs" || true
echo "### bpftool prog load $OBJ /sys/fs/bpf/over attrs demo/over.attrs"
rc=0
$BPFTOOL prog load "$OBJ" /sys/fs/bpf/over attrs "$DEMO/over.attrs" 2>/tmp/over.err || rc=$?
if [ $rc = 0 ]; then
	echo "### unexpected: the program was loaded"
	exit 1
fi
echo "### refused (exit status $rc); the verifier says:"
grep -E "not in the program's attribute set|^Error" /tmp/over.err
echo "### demo done"
