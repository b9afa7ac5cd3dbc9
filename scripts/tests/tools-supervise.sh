#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host tests of the supervisor's policy files ("attrcheck supervise check"):
# the sample policy in normal form (rules in evaluation order, the default
# last), JSON, and every refusal with its exact FILE:LINE message and exit
# status 2 (bad policy) or 3 (bad command line).
# Env: TREE (assembled tree), TOOLS_OUT (.build/tools-VARIANT).
HARNESS=$(cd "$(dirname "$0")/../.." && pwd)
TREE=${TREE:-$HARNESS/.build/linux}
TOOLS_OUT=${TOOLS_OUT:-$HARNESS/.build/tools-vm}
AC=${ATTRCHECK:-$TOOLS_OUT/attrcheck/attrcheck}
SRC=$TREE/tools/bpf/attrcheck/tests/supervise
NAME=tools-supervise
T=$(mktemp -d)
t0=$(date +%s)

pass=0 fail=0
# shellcheck source=scripts/tests/lib-tests.sh
. "$HARNESS/scripts/tests/lib-tests.sh"

[ -x "$AC" ] || { bad "attrcheck is built ($AC)"; finish; }

section "the sample policy"
ac supervise check "$SRC/sample.policy"
expect "check sample.policy: exit 0, silent on stderr" "0:" "$rc:$err"
expect "check sample.policy: normal form (tests/supervise/sample.norm)" "$(cat "$SRC/sample.norm")" "$out"
# the normal form is a policy file too, and its own normal form
cp "$T/out" "$T/norm.policy"
ac supervise check "$T/norm.policy"
expect "normal form: reads back to itself" "0:$(cat "$SRC/sample.norm")" "$rc:$out"
ac -j supervise check "$SRC/sample.policy"
expect "check -j" "0:{\"file\":\"$SRC/sample.policy\",\"rules\":4,\"ceilings\":2}" "$rc:$out"
printf 'rule r\n\tuid 0\n\tdeny\n' >"$T/nodefault"
ac supervise check "$T/nodefault"
expect "no default block: every other loader is denied" "0:# 1 rules, 0 ceilings; rules in evaluation order
rule r
	uid 0
	deny
	mode enforce

default
	deny
	mode enforce" "$rc:$out"
# evaluation order: most conditions first, then file order
printf 'rule a\n\tuid 0\n\tdeny\nrule b\n\tgid 5\n\tdeny\nrule c\n\tuid 0\n\tgid 5\n\tdeny\nrule d\n\texe /bin/x\n\tcgroup /a\n\tuid 1\n\tallow unrestricted\n' >"$T/order"
ac supervise check "$T/order"
expect "evaluation order: 3 conditions, 2, then 1 in file order" "0:d c a b default" \
	"$rc:$(sed -n 's/^rule \(.*\)/\1/p; s/^default$/default/p' "$T/out" | tr '\n' ' ' | sed 's/ $//')"
printf 'rule u\n\tuid root\n\tgid root\n\tdeny\n' >"$T/names"
ac supervise check "$T/names"
expect "uid and gid by name" "0:	uid 0 	gid 0" "$rc:$(grep -E '^	(uid|gid)' "$T/out" | tr '\n' ' ' | sed 's/ $//')"

section "refusals: FILE:LINE, exit 2"
# bad WHAT CONTENT MESSAGE: the file is refused with MESSAGE
badpol() {
	printf "$2" >"$T/p"
	ac supervise check "$T/p"
	expect "$1" "2:Error: $T/p:$3" "$rc:$err"
}
badpol "unknown statement, with a suggestion" 'rule r\n\tuiid 0\n\tdeny\n' \
	"2: unknown statement 'uiid' (did you mean 'uid'?)"
badpol "unknown statement" 'rule r\n\tfrobnicate 0\n' "2: unknown statement 'frobnicate'"
badpol "unknown block, with a suggestion" 'rules r\n\tdeny\n' \
	"1: unknown block 'rules' (did you mean 'rule'?)"
badpol "unknown block" 'policy x\n' \
	"1: unknown block 'policy': expected 'ceiling NAME', 'rule NAME' or 'default'"
badpol "statement outside a block" '\tuid 0\n' \
	"1: 'uid' outside a block (indent statements under 'ceiling', 'rule' or 'default')"
badpol "unknown ceiling, with a suggestion" 'ceiling tracing\n\tmap_types none\nrule r\n\tuid 0\n\tallow tracng\n' \
	"5: unknown ceiling 'tracng' (did you mean 'tracing'?)"
badpol "unknown ceiling" 'rule r\n\tuid 0\n\tallow nothere\n' "3: unknown ceiling 'nothere'"
badpol "unknown helper in a ceiling (libbpf's parser, with its suggestion)" \
	'ceiling c\n\thelpers bpf_probe_write_usr\nrule r\n\tuid 0\n\tallow c\n' \
	"2: unknown helper 'bpf_probe_write_usr' (did you mean 'bpf_probe_write_user'?)"
badpol "digest of the wrong length" 'rule r\n\tdigest sha256:abcd\n\tdeny\n' \
	"2: digest: sha256 takes 64 hex digits, got 4"
badpol "sha512 digest of the wrong length" "rule r\n\tdigest sha512:$(printf '%064d' 0)\n\tdeny\n" \
	"2: digest: sha512 takes 128 hex digits, got 64"
badpol "digest: not hex" "rule r\n\tdigest sha256:$(printf '%063d' 0)g\n\tdeny\n" \
	"2: digest: 'g' is not a hex digit"
badpol "digest: unknown algorithm" 'rule r\n\tdigest md5:00\n\tdeny\n' \
	"2: digest: unknown algorithm 'md5' (sha256 or sha512)"
badpol "digest without algorithm" 'rule r\n\tdigest 00ff\n\tdeny\n' \
	"2: digest: expected sha256:HEX or sha512:HEX, got '00ff'"
badpol "duplicate rules (same conditions)" 'rule a\n\tuid 0\n\tgid 1\n\tdeny\nrule b\n\tgid 1\n\tuid 0\n\tallow unrestricted\n' \
	"5: rule b matches the same loaders as rule a (line 1)"
badpol "duplicate rule names" 'rule a\n\tuid 0\n\tdeny\nrule a\n\tuid 1\n\tdeny\n' \
	"4: a second rule a (first at line 1)"
badpol "a condition twice" 'rule a\n\tuid 0\n\tuid 1\n\tdeny\n' "3: uid given twice in rule a"
badpol "no action" 'rule a\n\tuid 0\n' "1: rule a has no 'allow' or 'deny'"
badpol "two actions" 'rule a\n\tuid 0\n\tdeny\n\tallow unrestricted\n' \
	"4: a has an action already ('allow' or 'deny' once)"
badpol "no condition" 'rule a\n\tdeny\n' \
	"1: rule a has no condition; the 'default' block is for every loader"
badpol "default with a condition" 'default\n\tuid 0\n\tdeny\n' \
	"2: uid: the default is for every other loader, it takes no conditions"
badpol "a second default" 'default\n\tdeny\ndefault\n\tdeny\n' "3: a second default block"
badpol "default without an action" 'default\n\tmode audit\n' "1: default has no 'allow' or 'deny'"
badpol "bad mode" 'rule a\n\tuid 0\n\tdeny\n\tmode warn\n' "4: mode takes 'enforce' or 'audit'"
badpol "allow without argument" 'rule a\n\tuid 0\n\tallow\n' \
	"3: allow takes one argument: a ceiling name or 'unrestricted'"
badpol "deny with an argument" 'rule a\n\tuid 0\n\tdeny all\n' "3: deny takes no argument"
badpol "relative exe path" 'rule a\n\texe bin/bpftrace\n\tdeny\n' \
	"2: exe: 'bin/bpftrace' is not an absolute path"
badpol "relative cgroup path" 'rule a\n\tcgroup ci.slice\n\tdeny\n' \
	"2: cgroup: 'ci.slice' is not an absolute path"
badpol "unknown user" 'rule a\n\tuid no-such-user-here\n\tdeny\n' \
	"2: uid: unknown user 'no-such-user-here'"
badpol "unknown group" 'rule a\n\tgid no-such-group-here\n\tdeny\n' \
	"2: gid: unknown group 'no-such-group-here'"
badpol "a condition without argument" 'rule a\n\tuid\n\tdeny\n' "2: uid takes one argument"
badpol "too many arguments" 'rule a\n\tuid 0 1\n\tdeny\n' "2: uid takes one argument"
badpol "bad rule name" 'rule 9lives\n\tuid 0\n\tdeny\n' \
	"1: bad rule name '9lives' (letters, digits, '_', '-', '.', at most 31)"
badpol "rule named default" 'rule default\n\tuid 0\n\tdeny\n' \
	"1: bad rule name 'default' (letters, digits, '_', '-', '.', at most 31)"
badpol "pinned without deny" 'rule a\n\tuid 0\n\tdeny\n\tpinned /sys/fs/bpf/x\n' \
	"4: pinned takes 'deny' and one or more path patterns"
badpol "pinned deny without a pattern" 'rule a\n\tuid 0\n\tdeny\n\tpinned deny\n' \
	"4: pinned takes 'deny' and one or more path patterns"
badpol "pinned deny: a relative pattern" 'rule a\n\tuid 0\n\tdeny\n\tpinned deny /sys/fs/bpf/x tc/*\n' \
	"4: pinned: 'tc/*' is not an absolute path pattern"
badpol "more than 16 pinned patterns" \
	"rule a\n\tuid 0\n\tdeny\n\tpinned deny$(printf ' /p%d' $(seq 1 9))\n\tpinned deny$(printf ' /q%d' $(seq 1 8))\n" \
	"5: more than 16 pinned patterns in a"
badpol "pinned deny: 17 patterns on one line" \
	"rule a\n\tuid 0\n\tdeny\n\tpinned deny$(printf ' /p%d' $(seq 1 17))\n" \
	"4: pinned: too many arguments"
badpol "map_updates: bad value" 'rule a\n\tuid 0\n\tdeny\n\tmap_updates mine\n' \
	"4: map_updates takes 'own' or 'any'"
badpol "map_updates twice" 'rule a\n\tuid 0\n\tdeny\n\tmap_updates own\n\tmap_updates any\n' \
	"5: map_updates given twice in a"
printf 'rule a\n\tuid 0\n\tallow unrestricted\n\tmap_updates any\n\tpinned deny /sys/fs/bpf/a*  /sys/fs/bpf/b\ndefault\n\tdeny\n\tpinned deny /sys/fs/bpf/*\n\tmap_updates own\n' >"$T/pinned"
ac supervise check "$T/pinned"
expect "pinned deny and map_updates, in rules and the default: normal form" "0:rule a
	uid 0
	allow unrestricted
	pinned deny /sys/fs/bpf/a*
	pinned deny /sys/fs/bpf/b
	mode enforce

default
	deny
	pinned deny /sys/fs/bpf/*
	map_updates own
	mode enforce" "$rc:$(sed 1d "$T/out")"
{
	for i in $(seq 0 64); do printf 'rule r%d\n\tuid %d\n\tdeny\n' "$i" "$i"; done
} >"$T/many"
ac supervise check "$T/many"
expect "more than 64 rules" "2:Error: $T/many:193: more than 64 rules" "$rc:$err"
printf 'rule a\n\tuid 0\n\tdeny\n\0\n' >"$T/nul"
ac supervise check "$T/nul"
expect "a NUL byte" "2:Error: $T/nul: holds a NUL byte: not a policy file" "$rc:$err"
ac supervise check "$T/nonexistent"
expect "missing file" "2:Error: $T/nonexistent: No such file or directory" "$rc:$err"
ac -j supervise check "$T/p"
expect "check -j: the error as JSON" "2:{\"error\":\"$T/p:2: unknown statement 'frobnicate'\"}" \
	"$rc:$(printf 'rule r\n\tfrobnicate 0\n' >"$T/p"; "$AC" -j supervise check "$T/p" 2>&1)"

section "learn"
# a log with a probe and a program of one loader, a loader known by its
# fs-verity digest, one that loaded a program no ceiling admits, a policy
# record, a protect record and a line that is not JSON
ac supervise learn "$SRC/learn.log.json"
expect "learn: exit 0, the proposed policy (tests/supervise/learn.policy)" \
	"0:$(cat "$SRC/learn.policy")" \
	"$rc:$(sed 's|^# Learned by "attrcheck supervise learn" from .*:$|# Learned by "attrcheck supervise learn" from LOG:|' <<<"$out")"
ac supervise learn "$SRC/learn.log.json" -o "$T/learned"
expect "learn -o FILE: the same policy in FILE, nothing on stdout" "0::$(cat "$SRC/learn.policy")" \
	"$rc:$out:$(sed 's|^# Learned by "attrcheck supervise learn" from .*:$|# Learned by "attrcheck supervise learn" from LOG:|' "$T/learned")"
ac supervise check "$T/learned"
expect "the learned policy checks" "0:" "$rc:$err"
printf '{"event":"policy","file":"p","policy":1,"rules":0}\n' >"$T/nolog"
# a record that does not say how its observed set is bounded (no
# "unbounded" array: an older log's string, or none) is unbounded, fail
# closed; the same record with its array is not
grep '"name":"kprobe_x"' "$SRC/learn.log.json" >"$T/one.json"
sed 's/"unbounded":\[\]/"unbounded":""/' "$T/one.json" >"$T/str.json"
sed 's/"unbounded":\[\],//' "$T/one.json" >"$T/none.json"
for v in one str none; do
	ac supervise learn "$T/$v.json"
	eval "rule_$v=\$(grep -A3 '^rule bpftrace' <<<\"\$out\" | grep -o 'allow .*')"
done
expect "learn: a record with its unbounded array: its own ceiling" "allow bpftrace_uid1000_1" "$rule_one"
expect "learn: unbounded as a string: unrestricted (fail closed)" "allow unrestricted" "$rule_str"
expect "learn: no unbounded at all: unrestricted (fail closed)" "allow unrestricted" "$rule_none"
ac supervise learn "$T/nolog"
expect "learn: a log without loads: exit 2" "2:Error: $T/nolog: no load records to learn from" "$rc:$err"
ac supervise learn "$T/nonexistent"
expect "learn: a missing log: exit 2" "2:Error: $T/nonexistent: No such file or directory" "$rc:$err"
ac supervise learn
expect "learn without a log: exit 3" "3:Error: supervise learn: expected LOG [-o FILE]" "$rc:$err"

section "command line: exit 3"
ac supervise
expect "supervise without a command: exit 3, usage" "3:Usage: attrcheck supervise run POLICY" \
	"$rc:$(head -1 <<<"$err" | cut -d' ' -f1-5)"
ac supervise frob
expect "unknown verb" "3:Error: supervise: unknown command 'frob' (run, check, show, learn, help)" "$rc:$err"
ac supervise check
expect "check without a file" "3:Error: supervise check: expected one policy file" "$rc:$err"
ac supervise run
expect "run without a file" "3:Error: supervise run: no policy file" "$rc:$err"
ac supervise run "$SRC/sample.policy" bogus
expect "run with a bad option" \
	"3:Error: supervise run: unexpected 'bogus' (audit, syslog, log FILE, pin DIR)" "$rc:$err"
ac supervise show extra
expect "show with a bad argument" "3:Error: supervise show: expected nothing or 'pin DIR'" "$rc:$err"
ac supervise help
expect "help: exit 0, usage on stdout" "0:Usage: attrcheck supervise run POLICY" \
	"$rc:$(head -1 <<<"$out" | cut -d' ' -f1-5)"
finish
