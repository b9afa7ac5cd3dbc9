# SPDX-License-Identifier: GPL-2.0
# Shared by the test scripts (scripts/tests/guest-*.sh, tools-*.sh), sourced
# after they set t0, pass, fail, T (a scratch directory), and BPFTOOL, AC
# or LLVM_BIN as they use them: result lines ("ok - ...", "FAIL - ..."), comparisons with a
# diff on failure, bpftool runs, JSON field checks, instruction indices.
# shellcheck shell=bash
# t0, T, BPFTOOL and LLVM_BIN are set, rc, out and err read by the sourcing script
# shellcheck disable=SC2154,SC2034

# finish: the summary line "NAME: N passed, N failed", exit 0 when none
# failed (a script with more to clean up defines its own after sourcing)
finish() {
	rm -rf "$T"
	echo "$NAME: $pass passed, $fail failed"
	[ "$fail" = 0 ]
	exit
}

# section NAME: a comment line with the time so far
section() { echo "# $* ($(( $(date +%s) - t0 ))s)"; }

ok() { echo "ok - $*"; pass=$((pass + 1)); }

bad() { echo "FAIL - $*"; fail=$((fail + 1)); }

# expect WHAT EXPECTED ACTUAL
expect() {
	if [ "$2" == "$3" ]; then
		ok "$1"
	else
		bad "$1"
		# (no process substitution: the VM has no /dev/fd)
		printf '%s\n' "$2" >"$T/want"
		printf '%s\n' "$3" >"$T/got"
		diff "$T/want" "$T/got" | sed 's/^/  # /'
	fi
}

# bt ARG...: run bpftool; sets rc, out (stdout) and err (stderr)
bt() {
	"$BPFTOOL" "$@" >"$T/out" 2>"$T/err"
	rc=$?
	out=$(cat "$T/out")
	err=$(cat "$T/err")
}

# ac ARG...: run attrcheck ($AC); sets rc, out (stdout) and err (stderr)
ac() {
	"$AC" "$@" >"$T/out" 2>"$T/err"
	rc=$?
	out=$(cat "$T/out")
	err=$(cat "$T/err")
}

# expect_json WHAT FILE KEY EXPECTED_JSON: object KEY of the JSON program
# object in FILE has exactly the fields of EXPECTED_JSON (null: absent);
# one result line per field
expect_json() {
	local line
	python3 - "$1" "$2" "$3" "$4" >"$T/json-check" 2>&1 <<'EOF'
import json, sys
what, path, key, want = sys.argv[1:]
want = json.loads(want)
try:
    prog = json.load(open(path))
except Exception as e:
    print(f"FAIL {what}: output is not JSON: {e}")
    sys.exit()
got = prog.get(key)
if want is None:
    print(("ok" if key not in prog else "FAIL") + f" {what}: no {key}")
    sys.exit()
if not isinstance(got, dict):
    print(f"FAIL {what}: {key} is {got!r}")
    sys.exit()
for f in sorted(set(want) | set(got)):
    if f in want and got.get(f) == want[f]:
        print(f"ok {what}: {key}.{f} == {json.dumps(want[f])}")
    elif f in want:
        print(f"FAIL {what}: {key}.{f} is {json.dumps(got.get(f))}, not {json.dumps(want[f])}")
    else:
        print(f"FAIL {what}: unexpected field {key}.{f} = {json.dumps(got[f])}")
EOF
	while IFS= read -r line; do
		case $line in
		ok\ *) ok "${line#ok }" ;;
		*) bad "${line#FAIL }" ;;
		esac
	done <"$T/json-check"
}

# json_field FILE KEY FIELD: field FIELD of object KEY of the JSON program
json_field() {
	python3 -c 'import json,sys
print(json.dumps(json.load(open(sys.argv[1]))[sys.argv[2]][sys.argv[3]]))' "$@" 2>&1
}

# insn_of OBJ FUNC PATTERN: index, within FUNC, of its first instruction
# whose disassembly matches PATTERN (what the verifier log calls insn N)
insn_of() {
	"$LLVM_BIN/llvm-objdump" -d --no-show-raw-insn "$1" | awk -v f="<$2>:" -v p="$3" '
		$2 == f { on = 1; next }
		on && /^$/ { exit }
		on && /^ *[0-9]+:/ { n = $1 + 0; if (base == "") base = n; if ($0 ~ p) { print n - base; exit } }'
}
