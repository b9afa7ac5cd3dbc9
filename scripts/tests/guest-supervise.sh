#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-tests: alone (its LSM program decides every load in the guest)
# In the VM: the reference supervisor ("attrcheck supervise run") deciding
# real loads by who loads them and what the programs can do. bpftool loads
# the test programs of tools/bpf/attrcheck/tests/supervise as root, as other
# uids (setpriv, with the capabilities kept), from a copy of bpftool named by
# an exe rule, from a cgroup, and from an ext4 image with fs-verity (a copy
# with "fsverity enable" and one without). Each decision record is asserted:
# the text line field by field, the JSON object of the log file. Also: audit
# vs enforce, the default, declared vs observed sets (a declared set above
# the ceiling is denied though the program's observed set fits), an observed
# set that is not an upper bound (tail calls), SIGHUP reloads (a bad file
# keeps the policy in force), loads decided during reloads (each by one
# policy), "show", what stays once the supervisor is stopped; other
# loaders' pins and maps ("pinned deny": the pin, its hard link, a symlink,
# a second pin, the map by id, a pin made later below a denied directory;
# "map_updates own": writable fds, updates, programs writing a map by a
# read-only fd or through a map of maps; each refusal next to its allowed
# twin); learning a
# policy from an audit period (real Debian bpftrace and bpftool), enforcing
# it: the same loads pass, broader ones are denied; self-protection: root's
# attempts to unpin, rename, hard-link, open, detach, update, ptrace and
# unmount are refused and recorded, the twins on other objects allowed;
# and last, the supervisor killed: its policy stays in force and locked,
# so this script must be the last one in the VM.
# Env: SELF (selftests output), ATTRCHECK, BPFTOOL.
HARNESS=$(cd "$(dirname "$0")/../.." && pwd)
SELF=${SELF:-$HARNESS/.build/tools-vm/selftests}
TOOLS_OUT=$(cd "$SELF/.." && pwd)
AC=${ATTRCHECK:-$TOOLS_OUT/attrcheck/attrcheck}
BPFTOOL=${BPFTOOL:-$TOOLS_OUT/bpftool/bpftool}
TREE=${TREE:-$HARNESS/.build/linux}
SRC=$TREE/tools/bpf/attrcheck/tests/supervise
NAME=guest-supervise
T=$(mktemp -d)
chmod 755 "$T"	# other uids load from here too
PIN=/sys/fs/bpf/svt
t0=$(date +%s)
SV=

pass=0 fail=0
# shellcheck source=scripts/tests/lib-tests.sh
. "$HARNESS/scripts/tests/lib-tests.sh"
finish() {
	[ -n "$SV" ] && kill "$SV" 2>/dev/null && wait "$SV"
	mountpoint -q "$T/v" && umount "$T/v"
	rmdir /sys/fs/cgroup/svjail 2>/dev/null
	rm -f "$PIN"
	rm -rf "$T" /sys/fs/bpf/svp
	echo "$NAME: $pass passed, $fail failed"
	[ "$fail" = 0 ]
	exit
}

[ -x "$AC" ] || { bad "attrcheck is built ($AC)"; finish; }
# the test programs, built by scripts/build-tools
for p in sv_fits sv_writer sv_tailer sv_target sv_ext sv_kfunc; do
	cp "$TOOLS_OUT/attrcheck/tests/supervise/$p.bpf.o" "$T/" || bad "built: $p.bpf.o"
done
mkdir -p "$T/bin"
SVT=$TOOLS_OUT/attrcheck/tests/supervise
cp "$SVT/sv_ext_load" "$T/bin/" || bad "built: sv_ext_load"
cp "$T/bin/sv_ext_load" "$T/bin/sv_ext_load-trusted"
cp "$BPFTOOL" "$T/bin/bpftool-trusted"
CAPS=+bpf,+perfmon,+sys_admin

# lo WHO OBJ [ARGS...]: bpftool loads OBJ (pinned at $PIN, then unpinned) as
# WHO: root, trusted (the copy an exe rule names), uid:N, or a path to run
# as root; sets lrc, lerr. Records the decision count before, in n0.
lo() {
	local who=$1 obj=$2
	local -a cmd
	shift 2
	case $who in
	root) cmd=("$BPFTOOL") ;;
	trusted) cmd=("$T/bin/bpftool-trusted") ;;
	uid:*) cmd=(setpriv --reuid="${who#uid:}" --regid="${who#uid:}" --clear-groups
		    --inh-caps="$CAPS" --ambient-caps="$CAPS" "$BPFTOOL") ;;
	*) cmd=("$who") ;;
	esac
	n0=$(wc -l <"$T/sv.out")
	"${cmd[@]}" prog load "$T/$obj.bpf.o" "$PIN" "$@" >"$T/lout" 2>"$T/lerr"
	lrc=$?
	lerr=$(cat "$T/lerr")
	rm -f "$PIN"
}

# decision NAME: the first decision line after n0 for program NAME (waits
# up to 20 s for the supervisor to print it); in dline, without "pid=N"
decision() {
	local i
	dline=
	for i in $(seq 100); do
		dline=$(tail -n +"$((n0 + 1))" "$T/sv.out" | grep -m1 " name=$1 ")
		[ -n "$dline" ] && break
		sleep 0.2
	done
	dline=$(sed 's/ pid=[0-9]* / pid=N /' <<<"$dline")
}

# waitfor FILE PATTERN: until a line of FILE matches (20 s)
waitfor() {
	local i
	for i in $(seq 100); do
		grep -q -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.2
	done
	return 1
}

cat >"$T/p1.policy" <<EOF
ceiling tracing
	helpers bpf_get_current_pid_tgid bpf_ktime_get_ns
	map_types none
	access read_kernel

ceiling broad
	helpers bpf_get_current_pid_tgid bpf_ktime_get_ns bpf_probe_write_user bpf_tail_call

rule trusted
	uid 0
	exe $T/bin/bpftool-trusted
	allow broad

rule trusted-ext
	exe $T/bin/sv_ext_load-trusted
	allow unrestricted

rule root
	uid 0
	allow tracing

rule jailed
	uid 0
	cgroup /svjail
	deny

rule audited
	uid 1000
	allow tracing
	mode audit

default
	deny
EOF

section "start"
mkdir -p /sys/fs/cgroup/svjail
"$AC" supervise run "$T/p1.policy" log "$T/log.json" >"$T/sv.out" 2>"$T/sv.err" &
SV=$!
if waitfor "$T/sv.err" "in force"; then
	ok "supervise run: started"
else
	bad "supervise run: started: $(cat "$T/sv.err")"
	finish
fi
expect "startup line" "attrcheck supervise: pid $SV, policy $T/p1.policy in force (generation 1)" \
	"$(cat "$T/sv.err")"
expect "the first record: the policy" "policy file=$T/p1.policy policy=1 rules=5" "$(head -1 "$T/sv.out")"
expect "pinned: the policy map" "yes" "$([ -e /sys/fs/bpf/attrcheck-supervise/policy ] && echo yes)"

section "rules by uid, exe; enforce"
BT=$(readlink -f "$BPFTOOL")
lo root sv_fits
expect "root, sv_fits (within tracing): loads" 0 "$lrc"
decision sv_fits
expect "root, sv_fits: the decision line" \
	"allow type=tracepoint name=sv_fits insns=6 set=observed probe=no uid=0 gid=0 pid=N comm=bpftool exe=$BT digest=- cgroup=/ rule=root mode=enforce policy=1 reason=\"fits ceiling tracing\"" \
	"$dline"
lo root sv_writer
expect "root, sv_writer (bpf_probe_write_user): refused, EPERM" "1:1" \
	"$([ $lrc != 0 ] && echo 1):$(grep -c 'Operation not permitted' <<<"$lerr" | sed 's/[1-9][0-9]*/1/')"
decision sv_writer
expect "root, sv_writer: deny, the helper named" \
	"deny type=tracepoint name=sv_writer insns=11 set=observed probe=no uid=0 gid=0 pid=N comm=bpftool exe=$BT digest=- cgroup=/ rule=root mode=enforce policy=1 reason=\"helper bpf_probe_write_user is not in ceiling tracing\"" \
	"$dline"
grep '"name":"sv_writer"' "$T/log.json" | tail -1 >"$T/j"
python3 - "$T/j" "$BT" >"$T/jcheck" <<'EOF'
import json, sys
d = json.loads(open(sys.argv[1]).read())
want = {"event": "load", "decision": "deny", "mode": "enforce", "policy": 1, "rule": "root",
        "ceiling": "tracing",
        "reason": {"kind": "helper", "id": 36, "name": "bpf_probe_write_user",
                   "text": "helper bpf_probe_write_user is not in ceiling tracing"},
        "prog": {"type": "tracepoint", "name": "sv_writer", "insns": 11, "set": "observed",
                 "unbounded": ["extensible"], "probe": False}}
attrs = d.get("prog", {}).pop("attrs", None)
for k, v in want.items():
    print(("ok" if d.get(k) == v else "FAIL") + f" json {k} == {json.dumps(v)}" +
          ("" if d.get(k) == v else f" (got {json.dumps(d.get(k))})"))
wa = {"helpers": ["bpf_ktime_get_ns", "bpf_get_current_pid_tgid", "bpf_probe_write_user"],
      "kfuncs": [], "kfunc_cnt": 0, "map_types": [], "map_types_write": [],
      "access_handled": ["read_kernel", "write_packet", "write_ctx", "write_kernel"],
      "access": [], "max_insn_cnt": 11}
mp = (attrs or {}).pop("max_insn_processed", None)
print(("ok" if attrs == wa else "FAIL") + f" json prog.attrs == {json.dumps(wa)}" +
      ("" if attrs == wa else f" (got {json.dumps(attrs)})"))
print(("ok" if isinstance(mp, int) and mp >= 11 else "FAIL") + " json prog.attrs.max_insn_processed is a count")
l = d.get("loader", {})
wl = {"uid": 0, "gid": 0, "comm": "bpftool", "exe": sys.argv[2], "digest": None, "cgroup": "/"}
for k, v in wl.items():
    print(("ok" if l.get(k) == v else "FAIL") + f" json loader.{k} == {json.dumps(v)}" +
          ("" if l.get(k) == v else f" (got {json.dumps(l.get(k))})"))
for k in ("pid", "tid", "cgroup_id"):
    print(("ok" if isinstance(l.get(k), int) and l[k] > 0 else "FAIL") + f" json loader.{k} is a number")
print(("ok" if isinstance(d.get("time_ns"), int) else "FAIL") + " json time_ns is a number")
print(("ok" if set(d) == set(want) | {"loader", "time_ns"} else "FAIL") + f" json: no other field {sorted(d)}")
EOF
while IFS= read -r line; do
	case $line in ok\ *) ok "${line#ok }" ;; *) bad "${line#FAIL }" ;; esac
done <"$T/jcheck"
lo trusted sv_writer
expect "trusted copy (exe rule), sv_writer: loads" 0 "$lrc"
decision sv_writer
expect "trusted copy: rule trusted, ceiling broad" \
	"allow type=tracepoint name=sv_writer insns=11 set=observed probe=no uid=0 gid=0 pid=N comm=bpftool-trusted exe=$T/bin/bpftool-trusted digest=- cgroup=/ rule=trusted mode=enforce policy=1 reason=\"fits ceiling broad\"" \
	"$dline"

section "audit, default"
lo uid:1000 sv_writer
expect "uid 1000 (audit rule), sv_writer: loads" 0 "$lrc$([ $lrc = 0 ] || echo " $lerr")"
decision sv_writer
expect "uid 1000: audit-deny, allowed" \
	"audit-deny type=tracepoint name=sv_writer insns=11 set=observed probe=no uid=1000 gid=1000 pid=N comm=bpftool exe=$BT digest=- cgroup=/ rule=audited mode=audit policy=1 reason=\"helper bpf_probe_write_user is not in ceiling tracing\"" \
	"$dline"
lo uid:1001 sv_fits
expect "uid 1001 (default deny), sv_fits: refused" 1 "$([ $lrc != 0 ] && echo 1)"
sleep 1
tail -n +"$((n0 + 1))" "$T/sv.out" | grep ' uid=1001 ' >"$T/d1001"
expect "uid 1001: decisions recorded" yes "$([ -s "$T/d1001" ] && echo yes)"
expect "uid 1001: every decision a deny by the default (probes too)" \
	"$(wc -l <"$T/d1001")" "$(grep -c '^deny .* rule=default mode=enforce policy=1 reason="rule default denies every load"$' "$T/d1001")"
expect "uid 1001: libbpf's probe was decided first and is marked" "probe=yes" \
	"$(head -1 "$T/d1001" | grep -o 'probe=yes')"

section "cgroup"
n0=$(wc -l <"$T/sv.out")
sh -c "echo \$\$ >/sys/fs/cgroup/svjail/cgroup.procs && exec '$BPFTOOL' prog load '$T/sv_fits.bpf.o' '$PIN'" \
	>"$T/lout" 2>&1
lrc=$?
rm -f "$PIN"
expect "root in /svjail (uid+cgroup rule, before root): refused" 1 "$([ $lrc != 0 ] && echo 1)"
waitfor "$T/sv.out" " cgroup=/svjail "
dline=$(tail -n +"$((n0 + 1))" "$T/sv.out" | grep -m1 ' cgroup=/svjail ')
expect "root in /svjail: rule jailed" \
	"deny cgroup=/svjail rule=jailed reason=\"rule jailed denies every load\"" \
	"$(sed -E 's/^(deny) .* (cgroup=[^ ]*) (rule=[^ ]*) .* (reason=.*)$/\1 \2 \3 \4/' <<<"$dline")"

section "declared sets"
printf 'program sv_fits\n\thelpers bpf_get_current_pid_tgid bpf_ktime_get_ns\n\tmap_types none\n\taccess none\n' >"$T/fits_ok.attrs"
printf 'program sv_fits\n\thelpers bpf_get_current_pid_tgid bpf_ktime_get_ns bpf_probe_write_user\n\tmap_types none\n\taccess none\n' >"$T/fits_wide.attrs"
printf 'program sv_fits\n\thelpers bpf_get_current_pid_tgid bpf_ktime_get_ns\n\taccess none\n' >"$T/fits_maps.attrs"
lo root sv_fits attrs "$T/fits_ok.attrs"
decision sv_fits
expect "declared set within the ceiling: loads, judged by the declared set" "0:allow set=declared" \
	"$lrc:$(grep -o '^allow' <<<"$dline") $(grep -o 'set=[a-z]*' <<<"$dline")"
lo root sv_fits attrs "$T/fits_wide.attrs"
decision sv_fits
expect "declared set above the ceiling (the program itself fits): denied" \
	"1:deny set=declared reason=\"helper bpf_probe_write_user is not in ceiling tracing\"" \
	"$([ $lrc != 0 ] && echo 1):$(grep -o '^deny' <<<"$dline") $(grep -o 'set=[a-z]*' <<<"$dline") $(grep -o 'reason=.*' <<<"$dline")"
lo root sv_fits attrs "$T/fits_maps.attrs"
decision sv_fits
expect "declared set not restricting map types, the ceiling does: denied" \
	"1:reason=\"map_types not restricted, ceiling tracing restricts it\"" \
	"$([ $lrc != 0 ] && echo 1):$(grep -o 'reason=.*' <<<"$dline")"

section "observed sets that are not an upper bound"
lo trusted sv_tailer
decision sv_tailer
expect "tail calls, no declared set: denied under a ceiling" \
	"1:deny set=observed reason=\"observed set is not an upper bound (tail_calls), ceiling broad is\"" \
	"$([ $lrc != 0 ] && echo 1):$(grep -o '^deny' <<<"$dline") $(grep -o 'set=[a-z]*' <<<"$dline") $(grep -o 'reason=.*' <<<"$dline")"
expect "its JSON record: the flags as arrays of names, as bpftool -j prints them" \
	'{"kind": "unbounded", "flags": ["tail_calls"], "text": "observed set is not an upper bound (tail_calls), ceiling broad is"} ["tail_calls", "extensible"]' \
	"$(grep '"name":"sv_tailer"' "$T/log.json" | tail -1 |
	   python3 -c 'import json,sys; d=json.load(sys.stdin); print(json.dumps(d["reason"]), json.dumps(d["prog"]["unbounded"]))')"
printf 'program sv_tailer\n\thelpers bpf_tail_call bpf_ktime_get_ns\n\tmap_types prog_array\n' >"$T/tailer.attrs"
lo trusted sv_tailer attrs "$T/tailer.attrs"
decision sv_tailer
expect "tail calls with a declared set (contained): loads" "0:allow set=declared" \
	"$lrc:$(grep -o '^allow' <<<"$dline") $(grep -o 'set=[a-z]*' <<<"$dline")"

section "extensions"
n0=$(wc -l <"$T/sv.out")
expect "under a ceiling: the target loads, its extension is refused (EPERM)" "target 0
ext 1" "$("$T/bin/sv_ext_load" "$T/sv_target.bpf.o" "$T/sv_ext.bpf.o" 2>"$T/ext.err")"
decision sv_ext
expect "the extension: deny, type ext" \
	"deny type=ext name=sv_ext rule=root reason=\"an extension (freplace) loads only under an unrestricted rule\"" \
	"$(sed -E 's/^(deny) (type=[^ ]*) (name=[^ ]*) .* (rule=[^ ]*) .* (reason=.*)$/\1 \2 \3 \4 \5/' <<<"$dline")"
expect "under an unrestricted rule: both load" "target 0
ext 0" "$("$T/bin/sv_ext_load-trusted" "$T/sv_target.bpf.o" "$T/sv_ext.bpf.o" 2>&1)"

section "show"
"$AC" supervise check "$T/p1.policy" >"$T/check.out" 2>&1 ||
	gdb -batch -ex run -ex bt --args "$AC" supervise check "$T/p1.policy" 2>&1 | tail -20
"$AC" supervise show >"$T/show.out" 2>&1 ||
	gdb -batch -ex run -ex bt --args "$AC" supervise show 2>&1 | tail -20
expect "show: the policy in force, as check prints the file" \
	"# policy in force: generation 1, loaded by pid $SV
$(cat "$T/check.out")" "$(cat "$T/show.out")"

section "fs-verity"
truncate -s 32M "$T/v.img"
mkdir -p "$T/v"
if mkfs.ext4 -q -O verity -b 4096 "$T/v.img" && mount -o loop "$T/v.img" "$T/v"; then
	ok "ext4 image with verity mounted"
else
	bad "ext4 image with verity mounted"
fi
cp "$BPFTOOL" "$T/v/bpftool-verity"
cp "$BPFTOOL" "$T/v/bpftool-plain"
fsverity enable "$T/v/bpftool-verity" || bad "fsverity enable"
DG=$(fsverity measure "$T/v/bpftool-verity" | cut -d' ' -f1)
expect "fsverity measure: a sha256 digest" "sha256:64" "${DG%%:*}:$(printf %s "${DG#*:}" | wc -c)"
sed "s|^rule root\$|rule verity\n\tuid 0\n\tdigest $DG\n\tallow broad\n\nrule root|" "$T/p1.policy" >"$T/p2.policy"
cp "$T/p2.policy" "$T/p1.policy"
n0=$(wc -l <"$T/sv.out")
kill -HUP "$SV"
waitfor "$T/sv.out" "^policy file=$T/p1.policy policy=2 rules=6" && ok "SIGHUP: generation 2 in force" ||
	bad "SIGHUP: generation 2 in force: $(tail -2 "$T/sv.out")"
lo "$T/v/bpftool-verity" sv_writer
decision sv_writer
expect "the copy with fs-verity: rule verity, its digest in the record" \
	"0:allow digest=$DG rule=verity policy=2" \
	"$lrc:$(grep -o '^allow' <<<"$dline") $(grep -o 'digest=[^ ]*' <<<"$dline") $(grep -o 'rule=[^ ]*' <<<"$dline") $(grep -o 'policy=[0-9]*' <<<"$dline")"
lo "$T/v/bpftool-plain" sv_writer
decision sv_writer
expect "the same binary without fs-verity: rule root, denied" \
	"1:deny digest=- rule=root policy=2" \
	"$([ $lrc != 0 ] && echo 1):$(grep -o '^deny' <<<"$dline") $(grep -o 'digest=[^ ]*' <<<"$dline") $(grep -o 'rule=[^ ]*' <<<"$dline") $(grep -o 'policy=[0-9]*' <<<"$dline")"
grep '"rule":"verity"' "$T/log.json" | grep '"name":"sv_writer"' | tail -1 >"$T/j"
expect "JSON: loader.digest" "\"$DG\"" "$(python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["loader"]["digest"]))' "$T/j" 2>&1 || cat "$T/j")"

section "kfuncs and limits"
# a policy whose ceiling for root lists one of two kfuncs and limits the size
cp "$T/p1.policy" "$T/p2.saved"
cat >"$T/p1.policy" <<EOF
ceiling kf
	helpers bpf_get_current_pid_tgid bpf_ktime_get_ns
	kfuncs bpf_rcu_read_lock
	max_insn_cnt 8

ceiling kf2
	kfuncs bpf_rcu_read_lock bpf_rcu_read_unlock

rule root
	uid 0
	allow kf

rule trusted
	uid 0
	exe $T/bin/bpftool-trusted
	allow kf2

default
	deny
EOF
kill -HUP "$SV"
waitfor "$T/sv.out" "^policy file=$T/p1.policy policy=3 " && ok "SIGHUP: generation 3 in force" ||
	bad "SIGHUP: generation 3 in force: $(tail -2 "$T/sv.out")"
lo root sv_kfunc
decision sv_kfunc
expect "a kfunc outside the ceiling: denied, the kfunc named" \
	"1:deny rule=root reason=\"kfunc bpf_rcu_read_unlock is not in ceiling kf\"" \
	"$([ $lrc != 0 ] && echo 1):$(grep -o '^deny' <<<"$dline") $(grep -o 'rule=[^ ]*' <<<"$dline") $(grep -o 'reason=.*' <<<"$dline")"
grep '"name":"sv_kfunc"' "$T/log.json" | tail -1 >"$T/j"
expect "JSON: reason kfunc, prog.attrs.kfuncs" \
	'{"kind": "kfunc", "name": "bpf_rcu_read_unlock", "text": "kfunc bpf_rcu_read_unlock is not in ceiling kf"} ["bpf_rcu_read_lock", "bpf_rcu_read_unlock"] 2' \
	"$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(json.dumps(d["reason"]), json.dumps(d["prog"]["attrs"]["kfuncs"]), d["prog"]["attrs"]["kfunc_cnt"])' "$T/j" 2>&1)"
lo trusted sv_kfunc
decision sv_kfunc
expect "both kfuncs in the ceiling: loads" "0:allow rule=trusted" \
	"$lrc:$(grep -o '^allow' <<<"$dline") $(grep -o 'rule=[^ ]*' <<<"$dline")"
lo root sv_fits
decision sv_fits
expect "6 instructions within max_insn_cnt 8: loads" "0:allow" "$lrc:$(grep -o '^allow' <<<"$dline")"
lo root sv_writer
decision sv_writer
expect "11 instructions: the helper is named first" \
	"reason=\"helper bpf_probe_write_user is not in ceiling kf\"" "$(grep -o 'reason=.*' <<<"$dline")"
printf 'program sv_fits\n\thelpers bpf_get_current_pid_tgid bpf_ktime_get_ns\n\tmax_insn_cnt 100\n' >"$T/big.attrs"
lo root sv_fits attrs "$T/big.attrs"
decision sv_fits
expect "a declared max_insn_cnt above the ceiling's: denied" \
	"1:reason=\"max_insn_cnt 100 is above ceiling kf's 8\"" \
	"$([ $lrc != 0 ] && echo 1):$(grep -o 'reason=.*' <<<"$dline")"
lo root sv_fits attrs "$T/fits_maps.attrs"
decision sv_fits
expect "a declared set without max_insn_cnt, the ceiling has one: denied" \
	"1:reason=\"max_insn_cnt not restricted, ceiling kf has 8\"" \
	"$([ $lrc != 0 ] && echo 1):$(grep -o 'reason=.*' <<<"$dline")"
cp "$T/p2.saved" "$T/p1.policy"
kill -HUP "$SV"
waitfor "$T/sv.out" "^policy file=$T/p1.policy policy=4 " && ok "SIGHUP: generation 4 (the fs-verity policy again)" ||
	bad "SIGHUP: generation 4"

section "reloads"
cp "$T/p1.policy" "$T/good.policy"
printf 'rule broken\n\tuid 0\n\tallow nosuch\n' >"$T/p1.policy"
kill -HUP "$SV"
waitfor "$T/sv.out" "^policy-refused" && ok "bad file: refused" || bad "bad file: refused"
expect "bad file: the record names FILE:LINE, generation 4 stays" \
	"policy-refused file=$T/p1.policy policy=4 error=\"$T/p1.policy:3: unknown ceiling 'nosuch'\"" \
	"$(grep '^policy-refused' "$T/sv.out")"
lo root sv_writer
decision sv_writer
expect "after the refused reload: still decided by generation 4" "deny rule=root policy=4" \
	"$(grep -o '^deny' <<<"$dline") $(grep -o 'rule=[^ ]*' <<<"$dline") $(grep -o 'policy=[0-9]*' <<<"$dline")"
# loads in a loop while the policy changes between two files: each load
# is decided by one policy (its rule is one of that generation's)
sed 's/^rule root$/rule rootA/' "$T/good.policy" >"$T/A.policy"
sed 's/^rule root$/rule rootB/' "$T/good.policy" >"$T/B.policy"
n0=$(wc -l <"$T/sv.out")
(
	for i in $(seq 12); do
		"$BPFTOOL" prog load "$T/sv_fits.bpf.o" "${PIN}_$i" >/dev/null 2>&1 && echo ok
		rm -f "${PIN}_$i"
	done >"$T/loop.out"
) &
LOOP=$!
gens=""
for i in 1 2 3 4 5 6; do
	[ $((i % 2)) = 1 ] && f=A || f=B
	cp "$T/$f.policy" "$T/p1.policy"
	kill -HUP "$SV"
	waitfor "$T/sv.out" "^policy file=.* policy=$((i + 4)) " || bad "reload $i"
	gens="$gens $((i + 4)):$f"
	sleep 0.5
done
wait "$LOOP"
sleep 1
expect "loads during reloads: all 12 loaded" 12 "$(grep -c ok "$T/loop.out")"
tail -n +"$((n0 + 1))" "$T/sv.out" | grep ' name=sv_fits ' >"$T/loop.dec"
expect "loads during reloads: 12 decisions" 12 "$(wc -l <"$T/loop.dec")"
mixed=$(while IFS= read -r l; do
	g=$(grep -o ' policy=[0-9]*' <<<"$l" | cut -d= -f2)
	r=$(grep -o ' rule=[^ ]*' <<<"$l" | cut -d= -f2)
	case " $gens " in
	*" $g:A "*) [ "$r" = rootA ] || echo "$g:$r" ;;
	*" $g:B "*) [ "$r" = rootB ] || echo "$g:$r" ;;
	*) [ "$g" = 4 ] && [ "$r" = root ] || echo "$g:$r" ;;
	esac
done <"$T/loop.dec")
expect "loads during reloads: each rule is its generation's (no mix)" "" "$mixed"
kill -0 "$SV" 2>/dev/null && ok "the supervisor survived the reloads" || bad "the supervisor survived the reloads"

section "maps and pins of other loaders: pinned deny, map_updates own"
# sv_maps (tests/supervise/sv_maps.c) as the untrusted loader (a copy an
# exe rule names) and as root's plain tool; each run prints an errno
PD=/sys/fs/bpf/svp
mkdir -p "$PD/dir"
cp "$SVT/sv_maps" "$T/bin/sv_maps"
cp "$SVT/sv_maps" "$T/bin/sv_maps-untrusted"
cp "$SVT/sv_maps" "$T/bin/sv_maps-audited"
cp "$SVT/sv_mapw.bpf.o" "$SVT/sv_mimw.bpf.o" "$SVT/sv_mimr.bpf.o" "$T/"
mine() { "$T/bin/sv_maps" "$@" 2>&1; }
unt() { "$T/bin/sv_maps-untrusted" "$@" 2>&1; }
IDA=$(mine create "$PD/secret" | sed -n 's/^map //p')
IDB=$(mine create "$PD/free" | sed -n 's/^map //p')
expect "root's maps pinned at $PD/secret and $PD/free" "yes" \
	"$([ -n "$IDA" ] && [ -n "$IDB" ] && echo yes)"
cat "$T/good.policy" - >"$T/p1.policy" <<EOF

rule untrusted
	uid 0
	exe $T/bin/sv_maps-untrusted
	allow unrestricted
	pinned deny $PD/secret* $PD/dir
	map_updates own

rule untrusted-audited
	uid 0
	exe $T/bin/sv_maps-audited
	allow unrestricted
	pinned deny $PD/secret*
	map_updates own
	mode audit
EOF
n0=$(wc -l <"$T/sv.out")
kill -HUP "$SV"
waitfor "$T/sv.out" "^policy file=$T/p1.policy policy=11 " && ok "SIGHUP: generation 11 in force" ||
	bad "SIGHUP: generation 11 in force: $(tail -2 "$T/sv.out")"
expect "the policy record counts what the patterns matched (secret, dir; secret)" \
	"policy file=$T/p1.policy policy=11 rules=8 pinned=3" \
	"$(tail -n +"$((n0 + 1))" "$T/sv.out" | grep -m1 '^policy ')"
# after the policy loads: a pin below the denied directory, another name
# and a symlink for the secret pin, and the secret map pinned once more
# where no pattern reaches
mine create "$PD/dir/later" >/dev/null
ln "$PD/secret" "$PD/hard"
ln -s "$PD/secret" "$PD/sym"
"$BPFTOOL" map pin id "$IDA" "$PD/repin"
n0=$(wc -l <"$T/sv.out")
expect "untrusted: open of the pin (read-only): EPERM" "open 1" "$(unt open "$PD/secret" rdonly)"
expect "untrusted: its hard link: EPERM" "open 1" "$(unt open "$PD/hard" rdonly)"
expect "untrusted: a symlink to it: EPERM" "open 1" "$(unt open "$PD/sym" rdonly)"
expect "untrusted: the map pinned again where no pattern reaches: EPERM" "open 1" \
	"$(unt open "$PD/repin" rdonly)"
expect "untrusted: the map by id: EPERM" "id 1" "$(unt id "$IDA" rdonly)"
expect "untrusted: a pin made later below the denied directory: EPERM" "open 1" \
	"$(unt open "$PD/dir/later" rdonly)"
expect "twin: untrusted opens another pin read-only" "open 0" "$(unt open "$PD/free" rdonly)"
expect "twin: root's own tool opens the secret pin" "open 0" "$(mine open "$PD/secret" rdonly)"
expect "twin: root's own tool walks the denied directory" "open 0" "$(mine open "$PD/dir/later" rdonly)"
sleep 1
tail -n +"$((n0 + 1))" "$T/sv.out" | sed 's/ pid=[0-9]* / pid=N /' >"$T/acc"
expect "the record: op, object, the path the pattern matched, who, the rule, why" \
	"deny op=pinned object=inode:$(stat -c %i "$PD/secret") path=$PD/secret uid=0 gid=0 pid=N comm=sv_maps-untrust exe=$T/bin/sv_maps-untrusted digest=- cgroup=/ rule=untrusted mode=enforce policy=11 reason=\"rule untrusted: pinned deny $PD/secret*\"" \
	"$(head -1 "$T/acc")"
expect "the hard link's record names the pin the pattern matched" \
	"path=$PD/secret" "$(sed -n 2p "$T/acc" | grep -o ' path=[^ ]*' | sed 's/^ //')"
expect "by another path or id: op map_fd, the map and where it is pinned" \
	"deny op=map_fd object=map:$IDA path=- rule=untrusted reason=\"rule untrusted: pinned deny $PD/secret* (the map pinned at $PD/secret)\"" \
	"$(grep -m1 ' op=map_fd ' "$T/acc" | sed -E 's/^(.*path=[^ ]*) .* (rule=[^ ]*) mode=.* (reason=.*)$/\1 \2 \3/')"
expect "six refusals recorded, none for the twins" 6 "$(grep -c '^deny op=' "$T/acc")"
grep '"event":"access"' "$T/log.json" | grep '"op":"pinned"' | head -1 >"$T/j"
expect "JSON: the access record" \
	"access deny pinned untrusted $PD/secret $PD/secret* sv_maps-untrust" \
	"$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["event"], d["decision"], d["op"], d["rule"], d["object"]["path"], d["object"]["pattern"], d["loader"]["comm"])' "$T/j" 2>&1)"
expect "audit mode: the open passes" "open 0" "$("$T/bin/sv_maps-audited" open "$PD/secret" rdonly 2>&1)"
waitfor "$T/sv.out" "^audit-deny op=pinned .* rule=untrusted-audited " && ok "audit mode: recorded as audit-deny" ||
	bad "audit mode: recorded as audit-deny"
# map_updates own: writable fds of maps another loader created
expect "untrusted: a writable fd of root's map: EPERM" "open 1" "$(unt open "$PD/free" rdwr)"
expect "untrusted: an update of root's map: EPERM" "update 1" "$(unt update "$PD/free")"
expect "untrusted: root's map by id, writable: EPERM" "id 1" "$(unt id "$IDB" rdwr)"
IDM=$(unt create "$PD/mine" | sed -n 's/^map //p')
expect "twin: untrusted creates a map" "yes" "$([ -n "$IDM" ] && echo yes)"
expect "twin: untrusted updates its own map" "update 0" "$(unt update "$PD/mine")"
expect "twin: root's tool updates it too (not restricted)" "update 0" "$(mine update "$PD/mine")"
waitfor "$T/sv.out" "^deny op=map_update object=map:$IDB .* rule=untrusted .*reason=\"rule untrusted: map_updates own, and another loader created the map\"" &&
	ok "map_update: recorded, the map named" || bad "map_update: recorded, the map named"
# a program that writes its map, given root's map by a read-only fd
n0=$(wc -l <"$T/sv.out")
expect "untrusted: a program writing root's map (read-only fd): EPERM" "load 1" \
	"$(unt load "$T/sv_mapw.bpf.o" "$PD/free" | grep '^load')"
decision sv_mapw
expect "its decision names the map" \
	"deny rule=untrusted reason=\"map $IDB it may write is not its own (map_updates own)\"" \
	"$(grep -o '^deny' <<<"$dline") $(grep -o 'rule=[^ ]*' <<<"$dline") $(grep -o 'reason=.*' <<<"$dline")"
expect "twin: the same program on its own map loads" "load 0" \
	"$(unt load "$T/sv_mapw.bpf.o" "$PD/mine" | grep '^load')"
# a map of maps: which maps are inside is not known at load
n0=$(wc -l <"$T/sv.out")
expect "untrusted: a program writing through a map of maps (its own): EPERM" "load 1" \
	"$(unt load "$T/sv_mimw.bpf.o" - | grep '^load')"
decision sv_mimw
expect "its decision names the map of maps" "deny rule=untrusted" \
	"$(grep -o '^deny' <<<"$dline") $(grep -o 'rule=[^ ]*' <<<"$dline")$(grep -q 'reason="map [0-9]* it may write is not its own (map_updates own)"' <<<"$dline" || echo " $dline")"
expect "twin: a program only reading through a map of maps loads" "load 0" \
	"$(unt load "$T/sv_mimr.bpf.o" - | grep '^load')"
rm -rf "$PD"

section "self-protection: root cannot unpin, detach, update or trace the supervisor"
D=/sys/fs/bpf/attrcheck-supervise
expect "pinned: the policy and the link of each program" \
	"policy sv_bpf sv_bpf_map sv_bpf_map_create sv_bpf_map_free sv_inode_link sv_inode_permission sv_inode_rename sv_inode_unlink sv_prog_attrs sv_ptrace_access_check sv_sb_umount" \
	"$(ls "$D" | tr '\n' ' ' | sed 's/ $//')"
n0=$(wc -l <"$T/sv.out")
# refused CMD...: CMD fails; its stderr in rerr
refused() {
	"$@" >"$T/rout" 2>"$T/rerr"
	[ $? != 0 ]
}
refused rm -f "$D/policy" && ok "rm of the policy pin: refused" || bad "rm of the policy pin: refused"
refused mv "$D/policy" /sys/fs/bpf/moved && ok "mv of the policy pin: refused" || bad "mv of the policy pin: refused"
refused ln "$D/sv_prog_attrs" /sys/fs/bpf/hard && ok "a hard link to a link pin: refused" ||
	bad "a hard link to a link pin: refused"
refused "$BPFTOOL" link show pinned "$D/sv_prog_attrs" && ok "opening a link pin: refused" ||
	bad "opening a link pin: refused"
refused "$BPFTOOL" link list
lid=$(sed -n 's/.*can.t get link by id (\([0-9]*\)): Operation not permitted.*/\1/p' "$T/rerr")
expect "a link of the supervisor by id: EPERM" "yes" "$([ -n "$lid" ] && echo yes)$([ -z "$lid" ] && cat "$T/rerr")"
refused "$BPFTOOL" link detach id "${lid:-0}" && ok "bpftool link detach id $lid: refused" ||
	bad "bpftool link detach id $lid: refused"
refused "$BPFTOOL" map list
mid=$(sed -n 's/.*can.t get map by id (\([0-9]*\)): Operation not permitted.*/\1/p' "$T/rerr")
expect "a map of the supervisor by id, writable: EPERM" "yes" "$([ -n "$mid" ] && echo yes)$([ -z "$mid" ] && cat "$T/rerr")"
refused "$BPFTOOL" map update pinned "$D/policy" key 0 0 0 0 value 0 0 0 0 &&
	grep -q "Operation not permitted" "$T/rerr" && ok "map update of the policy map: refused, EPERM" ||
	bad "map update of the policy map: refused, EPERM: $(cat "$T/rerr")"
refused readlink "/proc/$SV/fd/0" && ok "ptrace access (/proc/PID/fd/N) to the supervisor: refused" ||
	bad "ptrace access (/proc/PID/fd/N) to the supervisor: refused"
refused umount /sys/fs/bpf && ok "umount of the bpffs that holds the pins: refused" ||
	bad "umount of the bpffs that holds the pins: refused"
sleep 1
for op in unlink rename hardlink pin_open link_fd map_write ptrace umount; do
	expect "a protect record for $op, naming the process" "yes" \
		"$(tail -n +"$((n0 + 1))" "$T/sv.out" | grep -q "^protect op=$op object=[0-9]* uid=0 gid=0 pid=[0-9]* comm=[^ ]* exe=/[^ ]* digest=- cgroup=/ reason=\"the supervisor's own object\"$" && echo yes)"
done
expect "the pins are all still there" 12 "$(ls "$D" | wc -l)"
lo root sv_writer
expect "enforcement still holds: sv_writer refused" 1 "$([ $lrc != 0 ] && echo 1)"
# the twins: the same operations on objects that are not the supervisor's
"$AC" supervise show >/dev/null 2>&1 && ok "read-only: show still reads the policy" ||
	bad "read-only: show still reads the policy"
"$BPFTOOL" map create /sys/fs/bpf/svm type array key 4 value 4 entries 1 name svm &&
	"$BPFTOOL" map update pinned /sys/fs/bpf/svm key 0 0 0 0 value 1 0 0 0 &&
	mv /sys/fs/bpf/svm /sys/fs/bpf/svm2 && rm /sys/fs/bpf/svm2 &&
	ok "another map: created, updated, renamed, unpinned" || bad "another map: created, updated, renamed, unpinned"
readlink "/proc/$$/fd/0" >/dev/null && ok "ptrace access to another process" ||
	bad "ptrace access to another process"

section "stop"
kill -TERM "$SV"
wait "$SV"
expect "SIGTERM: exit status 0" 0 $?
SV=
expect "stopped: the pin is gone" "" "$(ls /sys/fs/bpf/attrcheck-supervise 2>&1 | grep -v 'No such')"
lo root sv_writer 2>/dev/null
expect "stopped: nothing is enforced any more" 0 "$lrc"
section "learning a policy: bpftrace (unmodified) and bpftool under an audit policy"
BPFTRACE=/usr/bin/bpftrace
ONE='tracepoint:syscalls:sys_enter_getpid { @n = count(); } interval:ms:200 { exit(); }'
WIDE='kprobe:do_nanosleep { @s[kstack] = count(); } interval:ms:200 { exit(); }'
printf 'default\n\tdeny\n\tmode audit\n' >"$T/empty.policy"
"$AC" supervise run "$T/empty.policy" log "$T/learn.json" >"$T/sv.out" 2>"$T/sv.err" &
SV=$!
waitfor "$T/sv.err" "in force" && ok "the empty audit policy in force" || bad "the empty audit policy in force"
timeout 300 "$BPFTRACE" -e "$ONE" >"$T/bt.out" 2>&1
expect "bpftrace one-liner under the audit policy: runs" "0" "$?$(grep -i error "$T/bt.out")"
lo root sv_fits
expect "bpftool under the audit policy: loads" 0 "$lrc"
sleep 1
expect "audit: loads recorded" yes "$(grep -q '^audit-deny ' "$T/sv.out" && echo yes)"
expect "audit: every load recorded as audit-deny by the default" \
	"$(grep -c '^audit-deny ' "$T/sv.out")" "$(grep -c ' rule=default mode=audit ' "$T/sv.out")"
kill -TERM "$SV"
wait "$SV"
SV=
"$AC" supervise learn "$T/learn.json" -o "$T/learned.policy" 2>"$T/learn.err"
expect "learn: exit 0" "0:" "$?:$(cat "$T/learn.err")"
"$AC" supervise check "$T/learned.policy" >/dev/null 2>"$T/check.err"
expect "the learned policy is a valid policy" "0:" "$?:$(cat "$T/check.err")"
expect "learned: one rule per loader, by uid and executable" \
	"rule bpftrace_uid0_1 uid 0 exe $(readlink -f "$BPFTRACE") allow bpftrace_uid0_1
rule bpftool_uid0_2 uid 0 exe $BT allow bpftool_uid0_2" \
	"$(awk '/^rule /{r=$0} /^default/{r=""} /^\t(uid|exe|allow)/{sub(/^\t/, ""); r=r" "$0} /^\tmode/ && r {print r}' "$T/learned.policy")"
# each learned ceiling is the union of what its loader loaded, computed
# here from the log, independently of attrcheck
python3 - "$T/learn.json" "$T/learned.policy" >"$T/lcheck" <<'PYEOF'
import json, sys
want = {}
for line in open(sys.argv[1]):
    try:
        d = json.loads(line)
    except ValueError:
        continue
    if d.get("event") != "load":
        continue
    key = (d["loader"]["uid"], d["loader"]["exe"])
    a = d["prog"]["attrs"]
    w = want.setdefault(key, {k: set() for k in ("helpers", "kfuncs", "map_types", "map_types_write", "access")})
    for k in w:
        w[k] |= set(a.get(k, []))
got, rules, cur, rule = {}, {}, None, None
for line in open(sys.argv[2]):
    f = line.split()
    if not f or f[0].startswith("#"):
        continue
    if line[0] not in " \t":
        cur = f[1] if f[0] == "ceiling" else None
        rule = f[1] if f[0] == "rule" else None
        if cur:
            got[cur] = {k: set() for k in ("helpers", "kfuncs", "map_types", "map_types_write", "access")}
        if rule:
            rules[rule] = {}
        continue
    if cur and f[0] in got[cur]:
        got[cur][f[0]] |= set(x for x in f[1:] if x != "none")
    if rule:
        rules[rule][f[0]] = f[1]
for name, r in rules.items():
    key = (int(r["uid"]), r.get("exe"))
    print(("ok" if key in want else "FAIL") + f" learned rule {name}: a loader of the log")
    c = got.get(r["allow"])
    if key in want:
        print(("ok" if c == want[key] else "FAIL") + f" learned ceiling {r['allow']}: the union of its loads" +
              ("" if c == want[key] else f" (got {c}, want {want[key]})"))
print(("ok" if len(rules) == len(want) else "FAIL") + f" learned: one rule per loader ({len(want)})")
PYEOF
while IFS= read -r line; do
	case $line in ok\ *) ok "${line#ok }" ;; *) bad "${line#FAIL }" ;; esac
done <"$T/lcheck"
"$AC" supervise run "$T/learned.policy" log "$T/enf.json" >"$T/sv.out" 2>"$T/sv.err" &
SV=$!
waitfor "$T/sv.err" "in force" && ok "the learned policy in force" || bad "the learned policy in force"
n0=$(wc -l <"$T/sv.out")
timeout 300 "$BPFTRACE" -e "$ONE" >"$T/bt.out" 2>&1
expect "enforced: the same bpftrace one-liner runs" "0" "$?$(grep -i error "$T/bt.out")"
sleep 1
tail -n +"$((n0 + 1))" "$T/sv.out" | grep ' comm=bpftrace ' >"$T/bt.dec"
expect "enforced: each of bpftrace's loads allowed by its rule" "$(wc -l <"$T/bt.dec")" \
	"$(grep -c '^allow .* rule=bpftrace_uid0_1 mode=enforce ' "$T/bt.dec")"
lo root sv_fits
expect "enforced: the same bpftool load passes" 0 "$lrc"
lo root sv_writer
decision sv_writer
expect "enforced: a broader bpftool load is denied, the helper named" \
	"1:deny rule=bpftool_uid0_2 reason=\"helper bpf_probe_write_user is not in ceiling bpftool_uid0_2\"" \
	"$([ $lrc != 0 ] && echo 1):$(grep -o '^deny' <<<"$dline") $(grep -o 'rule=[^ ]*' <<<"$dline") $(grep -o 'reason=.*' <<<"$dline")"
n0=$(wc -l <"$T/sv.out")
timeout 300 "$BPFTRACE" -e "$WIDE" >"$T/bt.out" 2>&1
expect "enforced: a bpftrace script needing more (kstack) fails" 1 "$([ $? != 0 ] && echo 1)"
sleep 1
expect "enforced: its denial names the helper" \
	"deny rule=bpftrace_uid0_1 reason=\"helper bpf_get_stackid is not in ceiling bpftrace_uid0_1\"" \
	"$(tail -n +"$((n0 + 1))" "$T/sv.out" | grep '^deny .* probe=no ' | head -1 | sed -E 's/^(deny) .* (rule=[^ ]*) .* (reason=.*)$/\1 \2 \3/')"
# bpftrace's denied load, field by field: the JSON object, then the text
# line against the program it names
python3 - "$T/enf.json" "$(readlink -f "$BPFTRACE")" >"$T/btj" <<'PYEOF'
import json, sys
for line in open(sys.argv[1]):
    d = json.loads(line)
    if (d.get("event") != "load" or d["decision"] != "deny" or d["prog"]["probe"] or
            d["loader"]["comm"] != "bpftrace"):
        continue
    p, l, r = d["prog"], d["loader"], d["reason"]
    want = {"mode": "enforce", "policy": 1, "rule": "bpftrace_uid0_1", "ceiling": "bpftrace_uid0_1",
            "reason": {"kind": "helper", "id": 27, "name": "bpf_get_stackid",
                       "text": "helper bpf_get_stackid is not in ceiling bpftrace_uid0_1"},
            "type": "kprobe", "set": "observed",
            "uid": 0, "gid": 0, "comm": "bpftrace", "exe": sys.argv[2], "digest": None, "cgroup": "/"}
    got = {"mode": d["mode"], "policy": d["policy"], "rule": d["rule"], "ceiling": d["ceiling"],
           "reason": r, "type": p["type"], "set": p["set"],
           "uid": l["uid"], "gid": l["gid"], "comm": l["comm"], "exe": l["exe"],
           "digest": l["digest"], "cgroup": l["cgroup"]}
    for k in want:
        print(("ok" if got[k] == want[k] else "FAIL") + f" bpftrace's denial, JSON {k}" +
              ("" if got[k] == want[k] else f": {got[k]!r}, want {want[k]!r}"))
    print(("ok" if "bpf_get_stackid" in p["attrs"]["helpers"] else "FAIL") +
          " bpftrace's denial, JSON prog.attrs.helpers holds bpf_get_stackid")
    print(f"line deny type={p['type']} name={p['name']} insns={p['insns']} set=observed probe=no "
          f"uid=0 gid=0 pid=N comm=bpftrace exe={sys.argv[2]} digest=- cgroup=/ "
          f"rule=bpftrace_uid0_1 mode=enforce policy=1 "
          f"reason=\"helper bpf_get_stackid is not in ceiling bpftrace_uid0_1\"")
    break
else:
    print("FAIL bpftrace's denial, JSON: no record")
PYEOF
while IFS= read -r line; do
	case $line in
	ok\ *) ok "${line#ok }" ;;
	line\ *) expect "bpftrace's denial: the text line, field by field" "${line#line }" \
		"$(tail -n +"$((n0 + 1))" "$T/sv.out" | grep '^deny .* probe=no ' | head -1 | sed 's/ pid=[0-9]* / pid=N /')" ;;
	*) bad "${line#FAIL }" ;;
	esac
done <"$T/btj"
section "the supervisor killed: enforcement stays, locked"
pid_killed=$SV
kill -KILL "$SV"
wait "$SV" 2>/dev/null
SV=
lo root sv_writer
expect "killed: sv_writer still refused (EPERM)" "1:1" \
	"$([ $lrc != 0 ] && echo 1):$(grep -c 'Operation not permitted' <<<"$lerr" | sed 's/[1-9][0-9]*/1/')"
lo root sv_fits
expect "killed: sv_fits still loads" 0 "$lrc"
rm -f /sys/fs/bpf/attrcheck-supervise/policy 2>/dev/null
expect "killed: the pins stay, locked" 12 "$(ls /sys/fs/bpf/attrcheck-supervise | wc -l)"
"$AC" supervise run "$T/learned.policy" >/dev/null 2>"$T/err"
expect "a new supervisor refuses to start, exit 4" \
	"4:Error: /sys/fs/bpf/attrcheck-supervise: the pins of a supervisor that is gone (pid $pid_killed): its policy stays in force, locked, until reboot" \
	"$?:$(cat "$T/err")"
finish
