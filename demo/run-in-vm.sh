#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The demo, inside the VM: load a program with the tree's bpftool, show it.
# usage: run-in-vm.sh BPFTOOL OBJ
set -e
BPFTOOL=$1
OBJ=$2
echo "### uname: $(uname -r)"
echo "### bpftool prog load $OBJ /sys/fs/bpf/hello"
$BPFTOOL prog load "$OBJ" /sys/fs/bpf/hello
echo "### bpftool prog show pinned /sys/fs/bpf/hello"
$BPFTOOL prog show pinned /sys/fs/bpf/hello
echo "### bpftool -j -p prog show pinned /sys/fs/bpf/hello"
$BPFTOOL -j -p prog show pinned /sys/fs/bpf/hello
echo "### bpftool map list"
$BPFTOOL map list
rm /sys/fs/bpf/hello
echo "### demo done"
