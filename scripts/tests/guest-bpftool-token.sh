#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# In the VM: bpftool and BPF token attribute ceilings, end to end against
# the patched kernel. "token ceiling" (the canonical blob, byte by byte,
# and its tag against sha256sum; every error with its exact message and
# exit status), "token mount" (a bpffs for a container made with unshare:
# /proc/mounts, "token list" plain and JSON, a token's fdinfo inside),
# an unmodified libbpf loader in the container (bpftool prog load with
# LIBBPF_BPF_TOKEN_PATH) loading within the ceiling and refused outside
# it, and "prog show" of the loaded programs from the host (the ceiling,
# the set they were verified under).
# The BPF objects come from scripts/tests/bpf/bpftool-token, built on the host.
# Env (optional): SELF (selftests output, .build/tools-VARIANT/selftests),
# BPFTOOL. Output: "ok - ..." / "FAIL - ..." lines, then a summary line.

HARNESS=$(cd "$(dirname "$0")/../.." && pwd)
SELF=${SELF:-$HARNESS/.build/tools-vm/selftests}
TOOLS_OUT=$(cd "$SELF/.." && pwd)
BPFTOOL=${BPFTOOL:-$TOOLS_OUT/bpftool/bpftool}
LLVM_BIN=/usr/lib/llvm-19/bin
MNT=/tmp/ctbpf
NAME=bpftool-token

pass=0 fail=0 t0=$(date +%s) UPID="" CT=""
# ok, bad, expect, bt, expect_json, json_field, insn_of, section
. "$HARNESS/scripts/tests/lib-tests.sh"
finish() {
	# the container: its mount namespace, the bpffs and its pins go with it
	[ -n "$CT" ] && kill "$CT" 2>/dev/null
	[ -n "$UPID" ] && { kill "$UPID" 2>/dev/null; wait "$UPID" 2>/dev/null; }
	rmdir "$MNT" 2>/dev/null
	rm -rf "$T"
	section "done"
	echo "$NAME: $pass passed, $fail failed"
	[ "$fail" = 0 ]
	exit
}

# ns CMD...: run CMD in the container (its user and mount namespaces, as
# its root), from its root directory: give it absolute paths
ns() { nsenter -t "$CT" -U -m --preserve-credentials "$@"; }

# nbt ARG...: bt in the container, with the token of its bpffs
nbt() {
	ns env LIBBPF_BPF_TOKEN_PATH="$MNT" "$BPFTOOL" "$@" >"$T/out" 2>"$T/err"
	rc=$?
	out=$(cat "$T/out")
	err=$(cat "$T/err")
}

# expect_fail WHAT MESSAGE: the last bt failed with status 255, printed
# nothing on stdout and exactly MESSAGE on stderr, and wrote no blob
# (x.blob, where the failing "token ceiling"s write) and no mount point
expect_fail() {
	expect "$1: exit status" 255 "$rc"
	expect "$1: message" "$2" "$err"
	expect "$1: no output" "" "$out"
	if [ -e "$T/x.blob" ] || [ -e "$MNT" ]; then
		bad "$1: nothing written"
		rm -f "$T/x.blob"
		rmdir "$MNT" 2>/dev/null
	else
		ok "$1: nothing written"
	fi
}

# attrs_head FILE: the "attrs ..." lines of a plain "prog show", up to the
# "attrs observed" line
attrs_head() { sed -n '/^\tattrs /,/^\tattrs observed$/p' "$1"; }
# u64 FILE OFFSET / u32 FILE OFFSET: a native-endian number of a blob
u64() { od -An -tu8 -j"$2" -N8 "$1" | tr -d ' '; }
u32() { od -An -tu4 -j"$2" -N4 "$1" | tr -d ' '; }
# sha_tag FILE: the first 8 bytes of its SHA-256, in hex
sha_tag() { sha256sum "$1" | cut -c1-16; }
# token_block FILE PATH: the plain "token list" block of mount PATH, its
# trailing blanks (upstream pads the items) removed
token_block() {
	sed 's/ *$//' "$1" | awk -v p="token_info  $2" '/^token_info/ { on = ($0 == p) } on'
}

# ---------------------------------------------------------------------------
[ -x "$BPFTOOL" ] || { bad "bpftool at $BPFTOOL"; finish; }
T=$(mktemp -d /tmp/bpftool-token.XXXXXX)
cd "$T" || exit 1
# (left by an interrupted run; nothing can be mounted there out of a container)
rmdir "$MNT" 2>/dev/null
[ -e "$MNT" ] && { bad "$MNT exists"; finish; }

# The BPF objects (scripts/tests/bpf/bpftool-token/*.bpf.c) are built on
# the host by scripts/build-tools: compilers run slowly under TCG.
section "BPF objects"
for p in ok rd; do
	if cp "$TOOLS_OUT/guest-progs/bpftool-token/$p.bpf.o" . 2>/dev/null; then
		ok "built: $p.bpf.o"
	else
		bad "built: $p.bpf.o (scripts/build-tools)"
		finish
	fi
done
# bpf_probe_read_kernel is helper 113
read_insn=$(insn_of rd.bpf.o peek 'call 0x71$')

# The container's ceiling: two helpers, no other kind restricted.
cat >ceiling.attrs <<'EOF'
# what the container may do
program ceiling
	helpers bpf_map_lookup_elem bpf_ktime_get_ns
EOF

# --- token ceiling -----------------------------------------------------------
section "token ceiling"
bt token ceiling ceiling.attrs out ceiling.blob
TAG=$(sha_tag ceiling.blob)
expect "ceiling: exit status" 0 "$rc"
expect "ceiling: tag line, the blob's SHA-256 prefix" "tag $TAG" "$out"
expect "ceiling: no stderr" "" "$err"
expect "ceiling: tag is 16 hex digits" 1 "$(grep -c '^[0-9a-f]\{16\}$' <<<"$TAG")"
expect "ceiling blob: size (the struct alone)" 96 "$(stat -c %s ceiling.blob)"
# helpers[0]: bits 1 (map_lookup_elem) and 5 (ktime_get_ns)
expect "ceiling blob: helpers[0]" 34 "$(u64 ceiling.blob 0)"
expect "ceiling blob: every other byte zero" "" \
	"$(od -An -tx1 -v -j8 ceiling.blob | tr -d ' \n0')"

# without "out": the blob on stdout, the tag on stderr
"$BPFTOOL" token ceiling ceiling.attrs >"$T/stdout.blob" 2>"$T/err"
expect "ceiling to stdout: exit status" 0 "$?"
cmp -s ceiling.blob "$T/stdout.blob" && ok "ceiling to stdout: the same blob" ||
	bad "ceiling to stdout: the same blob"
expect "ceiling to stdout: tag on stderr" "tag $TAG" "$(cat "$T/err")"

bt -j token ceiling ceiling.attrs out ceiling-j.blob
expect "ceiling -j: exit status" 0 "$rc"
expect "ceiling -j: JSON" "{\"tag\":\"$TAG\",\"size\":96}" "$out"
cmp -s ceiling.blob ceiling-j.blob && ok "ceiling -j: the same blob" ||
	bad "ceiling -j: the same blob"

# kfuncs, given unsorted: the names follow the struct, sorted
printf 'program c\n\thelpers bpf_ktime_get_ns\n\tkfuncs bpf_rcu_read_unlock bpf_rcu_read_lock\n\tmap_types array\n\tmax_insn_cnt 100\n' >kf.attrs
bt token ceiling kf.attrs out kf.blob
expect "kfunc ceiling: exit status" 0 "$rc"
expect "kfunc ceiling: tag" "tag $(sha_tag kf.blob)" "$out"
# 96 + "bpf_rcu_read_lock\0" (18) + "bpf_rcu_read_unlock\0" (20)
expect "kfunc ceiling blob: size" 134 "$(stat -c %s kf.blob)"
expect "kfunc ceiling blob: helpers[0] (bit 5)" 32 "$(u64 kf.blob 0)"
expect "kfunc ceiling blob: map_types (array)" 4 "$(u64 kf.blob 32)"
# BPF_PROG_ATTRS_H_MAP_TYPES | BPF_PROG_ATTRS_H_INSN_CNT
expect "kfunc ceiling blob: handled" 5 "$(u64 kf.blob 48)"
expect "kfunc ceiling blob: max_insn_cnt" 100 "$(u32 kf.blob 72)"
expect "kfunc ceiling blob: kfunc_cnt" 2 "$(u32 kf.blob 80)"
expect "kfunc ceiling blob: kfuncs_len" 38 "$(u32 kf.blob 84)"
expect "kfunc ceiling blob: kfuncs, the offset of the names" 96 "$(u64 kf.blob 88)"
expect "kfunc ceiling blob: the names, sorted" "$(printf 'bpf_rcu_read_lock\nbpf_rcu_read_unlock')" \
	"$(tail -c +97 kf.blob | tr '\0' '\n')"

# a file of several sets: "program NAME" picks one
{ printf 'program other\n\thelpers bpf_get_prandom_u32\n\n'; cat ceiling.attrs; } >two.attrs
bt token ceiling two.attrs program ceiling out two.blob
expect "ceiling program NAME: exit status" 0 "$rc"
cmp -s ceiling.blob two.blob && ok "ceiling program NAME: the set of NAME" ||
	bad "ceiling program NAME: the set of NAME"

section "token ceiling errors"
bt token ceiling "$T/missing.attrs" out x.blob
expect_fail "ceiling, missing file" \
	"Error: can't read attribute set file '$T/missing.attrs': No such file or directory"
printf 'program c\n\thelpers bpf_ktime_get_ns\n\tfrobnicate 1\n' >bad.attrs
bt token ceiling bad.attrs out x.blob
expect_fail "ceiling, bad line" "Error: bad.attrs:3: unknown keyword 'frobnicate'"
printf 'program c\n\thelpers bpf_ktime_get_nss\n' >typo.attrs
bt token ceiling typo.attrs out x.blob
expect_fail "ceiling, unknown helper" \
	"Error: typo.attrs:2: unknown helper 'bpf_ktime_get_nss' (did you mean 'bpf_ktime_get_ns'?)"
printf '# kfuncs\nprogram c\n\tkfuncs bpf_rcu_read_lok\n' >kftypo.attrs
bt token ceiling kftypo.attrs out x.blob
expect_fail "ceiling, unknown kfunc" \
	"Error: kftypo.attrs:3: unknown kfunc 'bpf_rcu_read_lok' (did you mean 'bpf_rcu_read_lock'?)"
bt token ceiling two.attrs out x.blob
expect_fail "ceiling, two sets" \
	"Error: two.attrs: 2 attribute sets, choose one with 'program NAME'"
bt token ceiling two.attrs program ghost out x.blob
expect_fail "ceiling, program without a set" \
	"Error: two.attrs: no attribute set for program 'ghost'"
printf '# nothing\n' >empty.attrs
bt token ceiling empty.attrs out x.blob
expect_fail "ceiling, no set" "Error: empty.attrs: no attribute set"
bt token ceiling ceiling.attrs out x.blob out y.blob
expect_fail "ceiling, out twice" "Error: out already specified"
bt token ceiling ceiling.attrs frob
expect_fail "ceiling, unknown argument" \
	"Error: expected no more arguments, 'program' or 'out', got: 'frob'?"
bt token ceiling
expect_fail "ceiling without a file" "Error: 'ceiling' needs at least 1 arguments, 0 found"
bt -j token ceiling ceiling.attrs
expect "ceiling -j without out: exit status" 255 "$rc"
expect "ceiling -j without out: JSON error" \
	"{\"error\":\"JSON output needs 'out BLOB': the blob would go to standard output\"}" "$out"
bt -j token ceiling "$T/missing.attrs" out x.blob
expect "ceiling -j, missing file: JSON error" \
	"{\"error\":\"can't read attribute set file '$T/missing.attrs': No such file or directory\"}" \
	"$out"
# a terminal: script(1) gives bpftool one (the VM may lack devpts)
[ -e /dev/pts/ptmx ] || { mkdir -p /dev/pts && mount -t devpts devpts /dev/pts; } 2>/dev/null
[ -e /dev/ptmx ] || ln -s pts/ptmx /dev/ptmx 2>/dev/null
if command -v script >/dev/null; then
	script -qec "$BPFTOOL token ceiling $T/ceiling.attrs" /dev/null >"$T/tty" 2>&1
	expect "ceiling to a terminal: exit status" 255 "$?"
	expect "ceiling to a terminal: refused" \
		"Error: not writing a binary blob to a terminal: give 'out BLOB' or redirect the output" \
		"$(tr -d '\r' <"$T/tty")"
else
	echo "# no script(1): the terminal refusal is not tested"
fi

# --- token mount: errors, and a mount in bpftool's own namespaces ------------
section "token mount"
bt token mount "$MNT"
expect_fail "mount, nothing to delegate" \
	"Error: nothing to delegate: give 'ceiling FILE' or a 'delegate_*' option"
bt token mount ctbpf userns 1 delegate_cmds any
expect_fail "mount, relative path with userns" \
	"Error: with 'userns', the mount point must be an absolute path, not 'ctbpf'"
bt token mount "$MNT" userns 2147483647 delegate_cmds any
expect_fail "mount, no such process" \
	"Error: can't open /proc/2147483647/ns/user: No such file or directory"
bt token mount "$MNT" userns 1x delegate_cmds any
expect_fail "mount, bad pid" "Error: can't parse '1x' as a process id"
bt token mount "$MNT" program ceiling delegate_cmds any
expect_fail "mount, program without ceiling" "Error: 'program' needs 'ceiling FILE'"
bt token mount "$MNT" ceiling "$T/missing.attrs"
expect_fail "mount, missing ceiling file" \
	"Error: can't read attribute set file '$T/missing.attrs': No such file or directory"
bt token mount "$MNT" ceiling bad.attrs
expect_fail "mount, bad ceiling file" "Error: bad.attrs:3: unknown keyword 'frobnicate'"

# In a private mount namespace of the initial user namespace: the options
# show, though no token can be created from such a bpffs.
unshare -m --propagation private sh -c '
	"$1" token mount "$2/initbpf" delegate_cmds prog_load:map_create \
		delegate_progs socket_filter ceiling "$2/ceiling.attrs" || exit 1
	grep " $2/initbpf " /proc/mounts
	"$1" token list >"$2/init-list"
	"$1" token mount "$2/initbpf2" delegate_cmds frob' sh "$BPFTOOL" "$T" >"$T/out" 2>"$T/err"
expect "mount in own namespaces: /proc/mounts" \
	"none $T/initbpf bpf rw,relatime,delegate_cmds=map_create:prog_load,delegate_progs=socket_filter,delegate_attrs=$TAG 0 0" \
	"$(cat "$T/out")"
expect "mount in own namespaces: token list" "$(printf '%s\n' \
	"token_info  $T/initbpf" \
	$'\tallowed_cmds:' \
	$'\t  map_create          prog_load' \
	$'\tallowed_maps:' \
	$'\tallowed_progs:' \
	$'\t  socket_filter' \
	$'\tallowed_attachs:' \
	$'\tdelegate_attrs  '"$TAG")" "$(token_block "$T/init-list" "$T/initbpf")"
expect "mount, bad delegate_cmds: fsconfig error" \
	"Error: fsconfig(delegate_cmds=frob) failed: Invalid argument" "$(cat "$T/err")"
grep -q " $T/initbpf " /proc/mounts && bad "mount in own namespaces: not in ours" ||
	ok "mount in own namespaces: not in ours"

# --- a container -------------------------------------------------------------
section "a container"
unshare -U -r -m --fork sleep 300 &
UPID=$!
# the sleep, unshare's child, in the new namespaces
for _ in $(seq 100); do
	CT=$(grep -l "^PPid:[[:space:]]*$UPID\$" /proc/[0-9]*/status 2>/dev/null |
		head -n1 | cut -d/ -f3)
	[ -n "$CT" ] && [ "$(readlink "/proc/$CT/ns/user")" != "$(readlink /proc/self/ns/user)" ] &&
		break
	CT=""
	sleep 0.1
done
[ -n "$CT" ] && ok "container: process $CT in its own user namespace" ||
	{ bad "container: no process in a new user namespace"; finish; }
expect "container: root inside" 0 "$(ns id -u)"

bt token mount "$MNT" userns "$CT" ceiling ceiling.attrs delegate_cmds any \
	delegate_maps any delegate_progs any delegate_attachs any
expect "mount for the container: exit status" 0 "$rc"
expect "mount for the container: no output" "" "$out$err"
line=$(ns cat /proc/mounts | grep " $MNT ")
expect "container's /proc/mounts" \
	"none $MNT bpf rw,relatime,delegate_cmds=any,delegate_maps=any,delegate_progs=any,delegate_attachs=any,delegate_attrs=$TAG 0 0" \
	"$line"
expect "container's /proc/mounts: delegate_attrs is the blob's SHA-256 prefix" \
	"$(sha_tag ceiling.blob)" "$(sed -n 's/.*,delegate_attrs=\([0-9a-f]*\).*/\1/p' <<<"$line")"
grep -q " $MNT " /proc/mounts && bad "mount for the container: not in the host's mounts" ||
	ok "mount for the container: not in the host's mounts"

ns "$BPFTOOL" token list >"$T/out" 2>"$T/err"
expect "token list in the container: exit status" 0 "$?"
expect "token list in the container" "$(printf '%s\n' \
	"token_info  $MNT" \
	$'\tallowed_cmds:' $'\t  any' \
	$'\tallowed_maps:' $'\t  any' \
	$'\tallowed_progs:' $'\t  any' \
	$'\tallowed_attachs:' $'\t  any' \
	$'\tdelegate_attrs  '"$TAG")" "$(token_block "$T/out" "$MNT")"
ns "$BPFTOOL" -j token show >"$T/out" 2>"$T/err"
expect "token show -j in the container: exit status" 0 "$?"
expect "token show -j in the container: the mount's object" \
	"{\"token_info\": \"$MNT\", \"allowed_cmds\": [\"any\"], \"allowed_maps\": [\"any\"], \"allowed_progs\": [\"any\"], \"allowed_attachs\": [\"any\"], \"delegate_attrs\": \"$TAG\"}" \
	"$(python3 -c 'import json,sys
print([json.dumps(m) for m in json.load(open(sys.argv[1])) if m["token_info"] == sys.argv[2]])' "$T/out" "$MNT" 2>&1 |
	sed -e "s/^\['//" -e "s/'\]$//")"
bt token list
expect "token list on the host: not the container's mount" 0 "$(grep -c "token_info  $MNT\$" "$T/out")"

# a token of the container carries the ceiling (fdinfo)
ns python3 - "$MNT" >"$T/out" 2>&1 <<'EOF'
import ctypes, os, platform, struct, sys
nr = {"x86_64": 321, "aarch64": 280}[platform.machine()]
libc = ctypes.CDLL(None, use_errno=True)
fd = os.open(sys.argv[1], os.O_RDONLY | os.O_DIRECTORY)
attr = ctypes.create_string_buffer(struct.pack("II", 0, fd), 64)
tok = libc.syscall(nr, 36, attr, 8)     # BPF_TOKEN_CREATE
if tok < 0:
    print("BPF_TOKEN_CREATE:", os.strerror(ctypes.get_errno()))
    sys.exit()
print("".join(l for l in open(f"/proc/self/fdinfo/{tok}") if l.startswith("attrs_ceiling:")), end="")
EOF
expect "token fdinfo: attrs_ceiling" $'attrs_ceiling:\t'"$TAG" "$(cat "$T/out")"

# --- an unmodified libbpf loader in the container ----------------------------
section "loading with the token"
ns "$BPFTOOL" prog load "$T/ok.bpf.o" "$MNT/notoken" >"$T/out" 2>"$T/err"
expect "load without the token: exit status" 255 "$?"

nbt prog load "$T/ok.bpf.o" "$MNT/ok"
expect "load within the ceiling: exit status" 0 "$rc"
expect "load within the ceiling: no output" "" "$out$err"
ns test -e "$MNT/ok" && ok "load within the ceiling: pinned" || bad "load within the ceiling: pinned"

nbt prog load "$T/rd.bpf.o" "$MNT/rd"
expect "load outside the ceiling: exit status" 255 "$rc"
expect "load outside the ceiling: verifier log line" \
	"insn $read_insn: call to helper bpf_probe_read_kernel#113 is not in the token's attribute ceiling (helpers)" \
	"$(grep "attribute ceiling" "$T/err")"
expect "load outside the ceiling: error" "Error: failed to load object file" "$(tail -n1 "$T/err")"
ns test -e "$MNT/rd" && bad "load outside the ceiling: nothing pinned" ||
	ok "load outside the ceiling: nothing pinned"
nbt -d prog load "$T/rd.bpf.o" "$MNT/rd"
expect "load outside the ceiling, -d: verifier log line" 1 \
	"$(grep -c "^insn $read_insn: call to helper bpf_probe_read_kernel#113 is not in the token's attribute ceiling (helpers)\$" "$T/err")"

# a declared set that allows the helper: the ceiling still refuses it
printf 'program peek\n\thelpers bpf_probe_read_kernel\n' >rd.attrs
nbt prog load "$T/rd.bpf.o" "$MNT/rd" attrs "$T/rd.attrs"
expect "declared set beyond the ceiling: exit status" 255 "$rc"
expect "declared set beyond the ceiling: verifier log line" \
	"insn $read_insn: call to helper bpf_probe_read_kernel#113 is not in the token's attribute ceiling (helpers)" \
	"$(grep "attribute ceiling" "$T/err")"

# a declared set: verified under it within the ceiling
printf 'program stamp\n\thelpers bpf_ktime_get_ns bpf_get_prandom_u32\n' >ok.attrs
nbt prog load "$T/ok.bpf.o" "$MNT/ok2" attrs "$T/ok.attrs"
expect "load with a declared set: exit status" 0 "$rc"
expect "load with a declared set: no output" "" "$out$err"

# --- prog show, from the host ------------------------------------------------
section "prog show"
bt -j prog show pinned "/proc/$CT/root$MNT/ok"
expect "show pinned (host): exit status" 0 "$rc"
id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$T/out" 2>&1)
bt -j prog show id "$id"
expect "show -j id $id: exit status" 0 "$rc"
CEIL='{"helpers": ["bpf_map_lookup_elem", "bpf_ktime_get_ns"], "kfuncs": []}'
expect_json "show -j, no declared set" "$T/out" attrs_ceiling "$CEIL"
# no declared set: verified under the ceiling itself
expect_json "show -j, no declared set" "$T/out" attrs_declared "$CEIL"
expect "show -j, no declared set: observed helpers" '["bpf_ktime_get_ns"]' \
	"$(json_field "$T/out" attrs_observed helpers)"
bt prog show id "$id"
expect "show, no declared set: plain attrs lines" "$(printf '%s\n' \
	$'\tattrs ceiling (token)' \
	$'\t\thelpers bpf_map_lookup_elem bpf_ktime_get_ns' \
	$'\tattrs declared (within the ceiling)' \
	$'\t\thelpers bpf_map_lookup_elem bpf_ktime_get_ns' \
	$'\tattrs observed')" "$(attrs_head "$T/out")"

bt -j prog show pinned "/proc/$CT/root$MNT/ok2"
expect "show pinned ok2 (host): exit status" 0 "$rc"
expect_json "show -j, declared set" "$T/out" attrs_ceiling "$CEIL"
expect_json "show -j, declared set" "$T/out" attrs_declared \
	'{"helpers": ["bpf_ktime_get_ns"], "kfuncs": []}'
bt prog show pinned "/proc/$CT/root$MNT/ok2"
expect "show, declared set: plain attrs lines" "$(printf '%s\n' \
	$'\tattrs ceiling (token)' \
	$'\t\thelpers bpf_map_lookup_elem bpf_ktime_get_ns' \
	$'\tattrs declared (within the ceiling)' \
	$'\t\thelpers bpf_ktime_get_ns' \
	$'\tattrs observed')" "$(attrs_head "$T/out")"

# a program loaded without a token: no ceiling
bt prog load ok.bpf.o /sys/fs/bpf/token-test
expect "load without a token (host): exit status" 0 "$rc"
bt -j prog show pinned /sys/fs/bpf/token-test
expect_json "show -j, no token" "$T/out" attrs_ceiling null
bt prog show pinned /sys/fs/bpf/token-test
expect "show, no token: the declared block's label" 0 "$(grep -c 'ceiling' "$T/out")"
rm -f /sys/fs/bpf/token-test

finish
