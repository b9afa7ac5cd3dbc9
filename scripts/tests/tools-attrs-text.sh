#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host tests of the tools' text format for program attribute sets
# (tools/bpf/prog_attrs/prog_attrs_text.c, in bpftool and attrcheck) and of
# libbpf's reader of the binary ".bpf.attrs" section (tools/lib/bpf/
# prog_attrs.c), against the built libbpf:
#  - tools/bpf/attrcheck/tests/text_test.c: round trips over the inputs in
#    tests/text/ (X.attrs normalises to X.norm), parse(print(s)) == s for
#    generated sets, every error message exactly, the API around it; run
#    once as built and once with ASan/UBSan/LSan;
#  - tools/bpf/attrcheck/tests/text_elf_test.c, with ASan and UBSan (libbpf's
#    prog_attrs.c built with them too): the ".bpf.attrs" records of objects
#    built from tests/text/elf_*.bpf.c (BPF_PROG_ATTRS()) and of their
#    static link, a linked program without a record; each malformed record is -EINVAL from bpf_object__open
#    with its exact warning, next to a well-formed twin that opens;
#  - scripts/fuzz/text_fuzz.c: libFuzzer with ASan and UBSan
#    for FUZZ_TIME seconds (default 20) from the tests/text/ corpus, over
#    the text parser and the section reader; one test, failed by a crash, a
#    leak or a broken round trip.
# Env: TREE (assembled tree), TOOLS_OUT (.build/tools-VARIANT, after
# scripts/build-tools). Output: "ok - ..." / "FAIL - ..." lines, then
# "attrs-text: N passed, M failed"; exit status non-zero on a failure.

HARNESS=$(cd "$(dirname "$0")/../.." && pwd)
TREE=$(cd "${TREE:-$HARNESS/.build/linux}" && pwd)
TOOLS_OUT=$(cd "${TOOLS_OUT:-$HARNESS/.build/tools-vm}" && pwd)
FUZZ_TIME=${FUZZ_TIME:-20}
LLVM_BIN=/usr/lib/llvm-19/bin
FUZZER_RT=/usr/lib/llvm-19/lib/clang/19/lib/linux/libclang_rt.fuzzer-x86_64.a
NAME=attrs-text
SRC=$TREE/tools/bpf/attrcheck/tests
LIBBPF_OBJ=$TOOLS_OUT/libbpf

pass=0 fail=0
# shellcheck source=scripts/tests/lib-tests.sh
. "$HARNESS/scripts/tests/lib-tests.sh"
T=$(mktemp -d)
finish() {
	[ -n "$KEEP" ] && echo "kept $T" || rm -rf "$T"
	echo "$NAME: $pass passed, $fail failed"
	[ "$fail" = 0 ]
	exit
}

# run_driver WHAT CMD...: pass the driver's ok/FAIL lines on, counted
run_driver() {
	local what=$1 out rc p f
	shift
	out=$("$@" 2>&1)
	rc=$?
	printf '%s\n' "$out" | grep -vE '^text_(elf_)?test: [0-9]+ passed'
	p=$(printf '%s\n' "$out" | grep -c '^ok - ')
	f=$(printf '%s\n' "$out" | grep -c '^FAIL - ')
	pass=$((pass + p))
	fail=$((fail + f))
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		bad "$what exited with status $rc"
	elif [ "$p" = 0 ]; then
		bad "$what ran no test"
	fi
}

INC=(-I"$TOOLS_OUT/include" -I"$TOOLS_OUT/usr/include" -I"$TREE/tools/bpf/prog_attrs")
PAT=$TREE/tools/bpf/prog_attrs/prog_attrs_text.c
# the shared file builds as bpftool and attrcheck build it
PAT_INC=(-D_GNU_SOURCE -I"$TOOLS_OUT/include" -I"$TREE/tools/include" -I"$TREE/tools/include/uapi")
if [ -f "$LIBBPF_OBJ/libbpf.a" ] && [ -f "$TOOLS_OUT/include/bpf/libbpf.h" ] &&
	[ -f "$TOOLS_OUT/usr/include/linux/bpf.h" ]; then
	ok "built libbpf and headers in $TOOLS_OUT"
else
	bad "built libbpf and headers in $TOOLS_OUT (run scripts/build-tools)"
	finish
fi

# 1. the driver against the built libbpf.a
# The inputs, plus two the repository cannot hold as they are (patches
# must not carry CRLF line ends or trailing blanks): crlf.attrs is crlf.lf
# with CRLF line ends; empty.attrs gains lines of blanks only.
mkdir -p "$T/text"
cp "$SRC"/text/*.attrs "$SRC"/text/*.norm "$T/text/"
sed 's/$/\r/' "$SRC/text/crlf.lf" >"$T/text/crlf.attrs"
printf '   \n\t\n' >>"$T/text/empty.attrs"
if gcc -std=gnu11 -O1 -g -Wall -Wextra -Werror "${PAT_INC[@]}" -c -o "$T/pat.o" "$PAT" \
	2>"$T/cc.log" &&
	gcc -std=gnu11 -O1 -g -Wall -Wextra -Werror "${INC[@]}" -o "$T/text_test" \
	"$SRC/text_test.c" "$T/pat.o" "$LIBBPF_OBJ/libbpf.a" -lelf -lz 2>>"$T/cc.log"; then
	ok "build text_test against libbpf.a"
	run_driver text_test "$T/text_test" "$T/text"
else
	sed 's/^/  # /' "$T/cc.log"
	bad "build text_test against libbpf.a"
fi

# libbpf's objects from the build, its prog_attrs.o rebuilt from the tree
# with the sanitizers (the section reader); the shared file likewise
OBJS=()
for o in "$LIBBPF_OBJ"/staticobjs/*.o; do
	case ${o##*/} in prog_attrs.o | libbpf-in.o) ;; *) OBJS+=("$o") ;; esac
done
LPA_INC=(-D_GNU_SOURCE -I"$TREE/tools/lib/bpf" -I"$TREE/tools/include" -I"$TREE/tools/include/uapi")
SAN=(-g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all)
san_ok=
if "$LLVM_BIN/clang" "${SAN[@]}" "${LPA_INC[@]}" -c -o "$T/lpa_san.o" \
	"$TREE/tools/lib/bpf/prog_attrs.c" 2>"$T/cc.log" &&
	"$LLVM_BIN/clang" "${SAN[@]}" -std=gnu11 -Wall -Wextra -Werror "${PAT_INC[@]}" \
	-c -o "$T/pat_san.o" "$PAT" 2>>"$T/cc.log"; then
	ok "build libbpf's prog_attrs.c and prog_attrs_text.c with ASan and UBSan"
	san_ok=1
else
	sed 's/^/  # /' "$T/cc.log"
	bad "build libbpf's prog_attrs.c and prog_attrs_text.c with ASan and UBSan"
fi

# 2. the ".bpf.attrs" records, alone, concatenated by the linker, malformed
mkdir -p "$T/elf"
if [ -n "$san_ok" ] &&
	"$LLVM_BIN/clang" -g -O2 --target=bpf "${INC[@]}" -c -o "$T/elf/elf_a.bpf.o" \
	"$SRC/text/elf_a.bpf.c" 2>"$T/cc.log" &&
	"$LLVM_BIN/clang" -g -O2 --target=bpf "${INC[@]}" -c -o "$T/elf/elf_b.bpf.o" \
	"$SRC/text/elf_b.bpf.c" 2>>"$T/cc.log" &&
	"$LLVM_BIN/clang" -g -O2 --target=bpf "${INC[@]}" -c -o "$T/elf/elf_c.bpf.o" \
	"$SRC/text/elf_c.bpf.c" 2>>"$T/cc.log" &&
	"$LLVM_BIN/clang" "${SAN[@]}" -std=gnu11 -Wall -Wextra -Werror "${INC[@]}" \
	-o "$T/text_elf_test" "$SRC/text_elf_test.c" "$T/pat_san.o" "$T/lpa_san.o" \
	"${OBJS[@]}" -lelf -lz 2>>"$T/cc.log"; then
	ok "build text_elf_test (ASan, UBSan) and its BPF objects"
	run_driver text_elf_test "$T/text_elf_test" "$T/elf/elf_a.bpf.o" "$T/elf/elf_b.bpf.o" \
		"$T/elf/elf_c.bpf.o" "$T/elf"
else
	sed 's/^/  # /' "$T/cc.log"
	bad "build text_elf_test (ASan, UBSan) and its BPF objects"
fi

# 3. the parser built with sanitizers, for the driver
if [ -n "$san_ok" ] &&
	"$LLVM_BIN/clang" "${SAN[@]}" -Wall -Wextra -Werror "${INC[@]}" -o "$T/text_test_san" \
	"$SRC/text_test.c" "$T/pat_san.o" "$LIBBPF_OBJ/libbpf.a" -lelf -lz 2>"$T/cc.log"; then
	ok "build text_test with ASan, UBSan and LSan"
	out=$(ASAN_OPTIONS=detect_leaks=1 "$T/text_test_san" "$T/text" 2>&1)
	rc=$?
	if [ $rc = 0 ] && ! grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error' <<<"$out"; then
		ok "text_test with ASan, UBSan and LSan: $(tail -n1 <<<"$out")"
	else
		grep -E '^FAIL|Sanitizer|runtime error' <<<"$out" | head -20 | sed 's/^/  # /'
		bad "text_test with ASan, UBSan and LSan (status $rc)"
	fi
else
	sed 's/^/  # /' "$T/cc.log"
	bad "build text_test with ASan, UBSan and LSan"
fi

# 4. the fuzzer
if [ -f "$FUZZER_RT" ]; then
	ok "libFuzzer runtime present (libclang-rt-19-dev)"
else
	bad "libFuzzer runtime $FUZZER_RT missing: install libclang-rt-19-dev (scripts/install-deps)"
	finish
fi
FZ=(-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all)
if "$LLVM_BIN/clang" "${FZ[@]}" "${PAT_INC[@]}" -c -o "$T/pat_fuzz.o" "$PAT" 2>"$T/cc.log" &&
	"$LLVM_BIN/clang" "${FZ[@]}" -Wall -Wextra -Werror "${INC[@]}" -o "$T/text_fuzz" \
	"$HARNESS/scripts/fuzz/text_fuzz.c" "$T/pat_fuzz.o" "$LIBBPF_OBJ/libbpf.a" -lelf -lz 2>>"$T/cc.log"; then
	ok "build text_fuzz (libFuzzer, ASan, UBSan)"
else
	sed 's/^/  # /' "$T/cc.log"
	bad "build text_fuzz (libFuzzer, ASan, UBSan)"
	finish
fi
mkdir -p "$T/corpus"
cp "$T"/text/*.attrs "$T"/text/*.norm "$T/corpus/"
(cd "$T" && ./text_fuzz -max_total_time="$FUZZ_TIME" -timeout=10 -rss_limit_mb=2048 \
	-dict="$HARNESS/scripts/fuzz/text_fuzz.dict" -artifact_prefix="$T/crash-" corpus >"$T/fuzz.log" 2>&1)
rc=$?
runs=$(grep -oE 'Done [0-9]+ runs' "$T/fuzz.log" | grep -oE '[0-9]+')
if [ $rc = 0 ] && [ -n "$runs" ] && ! ls "$T"/crash-* >/dev/null 2>&1; then
	ok "text_fuzz: $runs runs in ${FUZZ_TIME}s, no crash, leak or round-trip mismatch"
else
	{ grep -E 'ERROR|runtime error|parse\(|print|abort|SUMMARY' "$T/fuzz.log" ||
		tail -n 5 "$T/fuzz.log"; } | head -20 | sed 's/^/  # /'
	for c in "$T"/crash-*; do
		[ -f "$c" ] && echo "  # input: $(od -c "$c" | head -5 | tr '\n' ' ')"
	done
	bad "text_fuzz (status $rc)"
fi
finish
