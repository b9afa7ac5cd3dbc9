#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# VM runner self-tests (need a built kernel): exit status passing, a hung
# command killed at the timeout, missing tools reported, boot time.
# usage: vm-harness.sh [--debug]
set -o nounset -o pipefail
S=$(cd "$(dirname "$0")/.." && pwd)
pass=0 fail=0
# shellcheck source=scripts/tests/lib-tests.sh
. "$(dirname "$0")/lib-tests.sh"
check() { # DESC WANT_RC GREP_PATTERN CMD...
	local desc=$1 want=$2 pat=$3 out rc
	shift 3
	out=$("$@" 2>&1)
	rc=$?
	if [ "$rc" != "$want" ]; then
		bad "$desc (exit $rc, wanted $want)"
		printf '%s\n' "$out" | tail -n 15 | sed 's/^/      /'
	elif [ -n "$pat" ] && ! printf '%s\n' "$out" | grep -qE -- "$pat"; then
		bad "$desc: no /$pat/ in output"
		printf '%s\n' "$out" | tail -n 15 | sed 's/^/      /'
	else
		ok "$desc"
	fi
	LAST=$out
}

check "command exit status comes back (3)" 3 "command exit status 3" \
	"$S/vm-run" "$@" --quiet --timeout 120 -- sh -c 'exit 3'
boot=$(printf '%s\n' "$LAST" | sed -n 's/.*guest reached the command \([0-9.]*\)s after kernel start.*/\1/p')
# The lean kernel must reach the command within 10 s. The debug kernel
# (KASAN, UBSAN, kmemleak) under TCG takes about 1.5 s per exec over 9p
# and about 30 s to get through vm-init (measured): its limit is 60 s.
# The hang test's timeout must come after the command started.
limit=10 hang=25
[ "${1:-}" = --debug ] && limit=60 hang=90
if [ -n "$boot" ] && [ "$(echo "$boot <= $limit" | bc)" = 1 ]; then
	ok "kernel start to command in ${boot}s (limit ${limit}s)"
else
	bad "kernel start to command took '${boot}'s (limit ${limit}s)"
fi
check "command output reaches the console" 0 "hello-from-the-guest" \
	"$S/vm-run" "$@" --timeout 120 -- echo hello-from-the-guest
check "guest writes results to ATTRS_VM_OUT" 0 "" \
	"$S/vm-run" "$@" --quiet --timeout 120 -- sh -c 'echo x > "$ATTRS_VM_OUT/f" && test -w /tmp && ! touch /usr/x 2>/dev/null'
check "a hung command is killed at the timeout" 124 "VM timed out after ${hang}s" \
	"$S/vm-run" "$@" --quiet --timeout $hang -- sleep 1000
# A PATH with every command but qemu.
nq=$(mktemp -d)
trap 'rm -rf "$nq"' EXIT
for d in /usr/local/bin /usr/bin /bin /usr/sbin /sbin; do
	for f in "$d"/*; do
		case ${f##*/} in qemu-system-*) continue ;; esac
		[ -e "$nq/${f##*/}" ] || ln -s "$f" "$nq/${f##*/}"
	done
done
check "a missing qemu is reported with its package" 1 "install Debian package 'qemu-system-x86'" \
	env PATH="$nq" "$S/vm-run" "$@" -- true
check "a bad timeout is refused" 1 "--timeout wants seconds" \
	"$S/vm-run" "$@" --timeout soon -- true
echo "vm-harness: $pass passed, $fail failed"
[ $fail = 0 ]
