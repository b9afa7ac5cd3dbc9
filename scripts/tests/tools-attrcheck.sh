#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host tests of attrcheck (tools/bpf/attrcheck): exact generated sets for
# objects compiled here from tools/bpf/attrcheck/tests/progs (dead code,
# subprograms, several programs per object, kfuncs (their flavours,
# "NAME___FLAVOUR", count as the kfunc NAME), exception callbacks (the
# function a decl tag "exception_callback:NAME" names, which libbpf
# appends), each map kind, access
# classes (read_kernel, write_packet: used, not used, undecided), writes
# through a map argument, map writes as the kernel counts them: helpers
# and kfuncs given a map, global function arguments, arena stores),
# objects of the legacy conventions libbpf refuses (ac_legacy_*: a "maps"
# section of struct bpf_map_def or iproute2's struct bpf_elf_map, each
# executable section a program, static and STT_NOTYPE program symbols),
# check/show/diff/JSON output and exit statuses,
# bad input (truncated, non-ELF, non-BPF, wrong-endian, corrupted: exit 2
# with a clear message, never a crash), and a bounded libFuzzer run of the
# ELF path under ASan/UBSan; attrcheck's lists of map and dynptr readers
# equal the kernel's.
# Env: TREE (assembled tree), TOOLS_OUT (.build/tools-VARIANT).
HARNESS=$(cd "$(dirname "$0")/../.." && pwd)
TREE=${TREE:-$HARNESS/.build/linux}
TOOLS_OUT=${TOOLS_OUT:-$HARNESS/.build/tools-vm}
AC=${ATTRCHECK:-$TOOLS_OUT/attrcheck/attrcheck}
LLVM_BIN=/usr/lib/llvm-19/bin
SRC=$TREE/tools/bpf/attrcheck/tests
FUZZ_TIME=${ATTRCHECK_FUZZ_TIME:-20}
NAME=tools-attrcheck
T=$(mktemp -d)

t0=$(date +%s)
pass=0 fail=0
# shellcheck source=scripts/tests/lib-tests.sh
. "$HARNESS/scripts/tests/lib-tests.sh"

[ -x "$AC" ] || { bad "attrcheck is built ($AC)"; finish; }

# attrcheck decides map writes and dynptr writes as the kernel does: its
# lists of helpers and kfuncs that only read a map, and of kfuncs that
# leave a dynptr's memory alone, equal the kernel's (a helper the kernel
# counts as a writer and attrcheck as a reader would make a generated set
# insufficient; the other way round, one too broad).
lists() {
	python3 - "$1" "$2" <<'EOPY'
import re, sys
src = open(sys.argv[1]).read()
what = sys.argv[2]
if what == "helper_reads_map":
    m = re.search(r"static bool helper_reads_map\(int \w+\)\n\{(.*?)\n\}", src, re.S)
    items = re.findall(r"case (BPF_FUNC_\w+):", m.group(1)) if m else []
else:
    m = re.search(r"static const char \* const " + what + r"\[\] = \{(.*?)\};", src, re.S)
    items = re.findall(r'"(\w+)"', m.group(1)) if m else []
print(" ".join(sorted(items)))
EOPY
}
for l in helper_reads_map map_reader_kfuncs dynptr_readers; do
	k=$(lists "$TREE/kernel/bpf/prog_attrs_verifier.c" $l)
	a=$(lists "$TREE/tools/bpf/attrcheck/analyze.c" $l)
	if [ -n "$k" ] && [ "$k" = "$a" ]; then
		ok "attrcheck's $l is the kernel's ($(echo "$k" | wc -w) entries)"
	else
		bad "attrcheck's $l is the kernel's: kernel '$k', attrcheck '$a'"
	fi
done
INC="-I$TOOLS_OUT/attrcheck/libbpf/include -I$TREE/tools/include/uapi"
for s in "$SRC"/progs/*.bpf.c; do
	b=$(basename "${s%.c}")
	if "$LLVM_BIN/clang" -target bpf -O2 -g $INC -c "$s" -o "$T/$b.o" 2>"$T/cc.err"; then
		ok "compile $b.c"
	else
		bad "compile $b.c: $(head -3 "$T/cc.err")"
	fi
done

# 1. exact sets
for s in "$SRC"/progs/*.bpf.c; do
	b=$(basename "${s%.bpf.c}")
	ac gen "$T/$b.bpf.o"
	expect "gen $b: exit status" 0 "$rc"
	expect "gen $b: the expected set (tests/progs/$b.attrs)" "$(cat "$SRC/progs/$b.attrs")" "$out"
done
ac gen "$T/ac_maps.bpf.o"
expect "gen ac_maps: note for nothing guessed" "" "$err"
ac gen "$T/ac_writes.bpf.o"
expect "gen ac_writes: a map not followed: all count, and a note" \
	"Note: prog 'unknown_map': unknown maps written: all its map types count" "$err"

# access classes read_kernel and write_packet (tests/progs/ac_access):
# decided where the instructions show them, else unrestricted and a note
ac gen "$T/ac_access.bpf.o"
expect "gen ac_access: undecided classes, each with a note" \
	"Note: prog 'not_followed': context writes undecided: access write_ctx left unrestricted
Note: prog 'not_followed': kernel reads undecided (a pointer not followed): access read_kernel left unrestricted
Note: prog 'not_followed': packet writes undecided (a pointer not followed): access write_packet left unrestricted
Note: prog 'no_source': context writes undecided: access write_ctx left unrestricted" "$err"
ac -j gen "$T/ac_access.bpf.o"
expect "gen -j ac_access: access_handled and access of each program" \
	"pkt_store:read_kernel,write_packet,write_ctx:write_packet
pkt_load:read_kernel,write_packet,write_ctx:
kern_xskmap:read_kernel,write_packet,write_ctx:read_kernel
val_array:read_kernel,write_packet,write_ctx:
pkt_helper:read_kernel,write_packet,write_ctx:write_packet
pkt_dynptr:read_kernel,write_packet,write_ctx:write_packet
not_followed::
kern_task:read_kernel,write_packet,write_ctx:read_kernel
kern_none:read_kernel,write_packet,write_ctx:
no_source:read_kernel,write_packet:
kern_args:read_kernel,write_packet,write_ctx:read_kernel
kern_sockmap:read_kernel,write_packet,write_ctx:read_kernel" \
	"$(python3 -c 'import json,sys
for s in json.load(open(sys.argv[1])):
	print("%s:%s:%s" % (s["name"], ",".join(s["access_handled"]), ",".join(s["access"])))' "$T/out" 2>&1)"
sed -e '/^program pkt_store/,/^$/s/^\taccess write_packet$/\taccess none/' \
	-e '/^program kern_task/,/^$/s/^\taccess read_kernel$/\taccess none/' \
	-e '/^program kern_sockmap/,/^$/s/^\taccess read_kernel$/\taccess none/' \
	"$SRC/progs/ac_access.attrs" >"$T/lessa"
ac check "$T/ac_access.bpf.o" "$T/lessa"
expect "check without write_packet, read_kernel: exit 1, each named" "1:pkt_store: access write_packet is not in the set
kern_task: access read_kernel is not in the set
kern_sockmap: access read_kernel is not in the set" "$rc:$out"
ac -j check "$T/ac_access.bpf.o" "$T/lessa"
expect "check -j: kind access, read_kernel and write_packet" \
	'[{"prog":"pkt_store","kind":"access","name":"write_packet"},{"prog":"kern_task","kind":"access","name":"read_kernel"},{"prog":"kern_sockmap","kind":"access","name":"read_kernel"}]' \
	"$out"
ac check "$T/ac_access.bpf.o" "$SRC/progs/ac_access.attrs"
expect "check ac_access with its own set: exit 0" "0:" "$rc:$out"

# one program, -o, both CLI spellings
ac gen "$T/ac_maps.bpf.o" prog map_arg -o "$T/one"
expect "gen prog NAME -o FILE: status and stdout" "0:" "$rc:$out"
expect "gen prog NAME -o FILE: that program's set" \
	"$(awk '/^program map_arg/,/^$/' "$SRC/progs/ac_maps.attrs" | sed '/^$/d')" "$(cat "$T/one")"
ac gen --prog map_arg -o "$T/one2" "$T/ac_maps.bpf.o"
expect "gen --prog NAME -o FILE: same file" "0:$(cat "$T/one")" "$rc:$(cat "$T/one2")"
ac gen "$T/ac_maps.bpf.o" prog nosuch
expect "gen prog NOSUCH: exit 2, message" \
	"2:Error: $T/ac_maps.bpf.o: no program 'nosuch'" "$rc:$err"
ac gen "$T/ac_basic.bpf.o" prog subprogs limits
expect "gen limits: max_insn_cnt (main program and both subprograms)" "	max_insn_cnt 18" "$(grep max_insn_cnt <<<"$out")"
ac gen "$T/ac_exc_cb.bpf.o" prog with_exc_cb limits
expect "gen limits: max_insn_cnt (program, subprogram, exception callback and its subprogram)" \
	"	max_insn_cnt 26" "$(grep max_insn_cnt <<<"$out")"

# 2. check
ac check "$T/ac_basic.bpf.o" "$SRC/progs/ac_basic.attrs"
expect "check with its own set: exit 0, silent" "0::" "$rc:$out:$err"
sed '/^program subprogs/,/^$/s/ bpf_ktime_get_ns//' "$SRC/progs/ac_basic.attrs" >"$T/less"
ac check "$T/ac_basic.bpf.o" "$T/less"
expect "check without bpf_ktime_get_ns: exit 1" 1 "$rc"
expect "check without bpf_ktime_get_ns: the instruction and its source line" \
	"subprogs: insn 15: call to helper bpf_ktime_get_ns#5 is not in the set ($SRC/progs/ac_basic.bpf.c:8)" \
	"$out"
expect "check: summary on stderr" "$T/ac_basic.bpf.o: 1 violation" "$err"
sed '/^program kfuncs/,/^$/s/ bpf_rcu_read_lock//' "$SRC/progs/ac_kfunc.attrs" >"$T/lessk"
ac check "$T/ac_kfunc.bpf.o" "$T/lessk"
expect "check without a kfunc: exit 1, the call in the subprogram" \
	"1:kfuncs: insn 5: call to kfunc bpf_rcu_read_lock is not in the set ($SRC/progs/ac_kfunc.bpf.c:18)" \
	"$rc:$out"
sed '/^program flavours/,/^$/s/ bpf_rcu_read_lock//' "$SRC/progs/ac_kfunc_flavour.attrs" >"$T/lessf"
ac check "$T/ac_kfunc_flavour.bpf.o" "$T/lessf"
expect "check without a kfunc called as a flavour: exit 1, the kfunc's own name" \
	"1:flavours: insn 0: call to kfunc bpf_rcu_read_lock is not in the set ($SRC/progs/ac_kfunc_flavour.bpf.c:28)" \
	"$rc:$out"
sed '/^program with_exc_cb/,/^$/s/ bpf_get_prandom_u32//' "$SRC/progs/ac_exc_cb.attrs" >"$T/lesse"
ac check "$T/ac_exc_cb.bpf.o" "$T/lesse"
expect "check without a helper of the exception callback: exit 1, its call past the subprograms" \
	"1:with_exc_cb: insn 11: call to helper bpf_get_prandom_u32#7 is not in the set ($SRC/progs/ac_exc_cb.bpf.c:37)" \
	"$rc:$out"
sed '/^program dead_code/,/^$/s/^\thelpers bpf_trace_printk$//' "$SRC/progs/ac_basic.attrs" >"$T/lessd"
ac check "$T/ac_basic.bpf.o" "$T/lessd"
expect "check: a helper in dead code counts" 1 "$rc"
expect "check: dead code line" "dead_code: insn" "$(cut -c1-15 <<<"$out")"
ac -j check "$T/ac_basic.bpf.o" "$T/less"
expect "check -j: JSON" \
	"[{\"prog\":\"subprogs\",\"insn\":15,\"kind\":\"helper\",\"name\":\"bpf_ktime_get_ns\",\"id\":5,\"file\":\"$SRC/progs/ac_basic.bpf.c\",\"line\":8}]" \
	"$out"
# map types and limits beyond the set, named as the struct's fields
sed -e '/^program store_array/,/^$/s/^\tmap_types hash array$/\tmap_types hash/' \
	-e '/^program store_array/,/^$/s/^\tmap_types_write array$/\tmap_types_write none/' \
	"$SRC/progs/ac_maps.attrs" >"$T/lessm"
ac check "$T/ac_maps.bpf.o" "$T/lessm"
expect "check without array: map_types and map_types_write" "1:store_array: map type array is not in the set
store_array: written map type array is not in the set" "$rc:$out"
ac -j check "$T/ac_maps.bpf.o" "$T/lessm"
expect "check -j: kinds map_types and map_types_write" \
	'[{"prog":"store_array","kind":"map_types","name":"array"},{"prog":"store_array","kind":"map_types_write","name":"array"}]' \
	"$out"
sed '/^program subprogs/,/^$/s/^\taccess none$/\taccess none\n\tmax_insn_cnt 5/' \
	"$SRC/progs/ac_basic.attrs" >"$T/lessl"
ac check "$T/ac_basic.bpf.o" "$T/lessl"
expect "check: max_insn_cnt below the size" "1:subprogs: 18 insns, more than max_insn_cnt 5" \
	"$rc:$out"
ac -j check "$T/ac_basic.bpf.o" "$T/lessl"
expect "check -j: kind max_insn_cnt" '[{"prog":"subprogs","kind":"max_insn_cnt","insns":18}]' "$out"
ac check "$T/ac_basic.bpf.o" "$T/nonexistent"
expect "check: unreadable set file: exit 2" 2 "$rc"

# 3. show, diff
ac show "$SRC/progs/ac_maps.attrs"
expect "show FILE: normalised text, unchanged" "0:$(cat "$SRC/progs/ac_maps.attrs")" "$rc:$out"
ac -j show "$SRC/progs/ac_kfunc.attrs"
expect "show -j FILE" \
	'[{"name":"kfuncs","helpers":[],"kfuncs":["bpf_preempt_disable","bpf_preempt_enable","bpf_rcu_read_lock","bpf_rcu_read_unlock"],"map_types":[],"map_types_write":[],"access_handled":["read_kernel","write_packet","write_ctx"],"access":[]}]' \
	"$out"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$T/out" 2>/dev/null &&
	ok "show -j: valid JSON" || bad "show -j: valid JSON"
printf 'program p\n\thelpers bpf_map_lookup_elem bpf_ktime_get_ns\n\tmap_types hash\n' >"$T/a"
printf 'program p\n\thelpers bpf_map_lookup_elem bpf_probe_write_user\n\tkfuncs bpf_task_release\n\tmap_types hash array\n' >"$T/b"
ac diff "$T/a" "$T/b"
expect "diff A B" "0:- helper bpf_ktime_get_ns
+ helper bpf_probe_write_user
+ kfunc bpf_task_release
+ map_types array" "$rc:$out"
ac -j diff "$T/a" "$T/b"
expect "diff -j" '[{"prog":"p","change":"removed","kind":"helper","name":"bpf_ktime_get_ns"},{"prog":"p","change":"added","kind":"helper","name":"bpf_probe_write_user"},{"prog":"p","change":"added","kind":"kfunc","name":"bpf_task_release"},{"prog":"p","change":"added","kind":"map_types","name":"array"}]' "$out"
ac diff "$T/a" "$T/a"
expect "diff A A: nothing" "0:" "$rc:$out"
# access classes: "access" handles all four, write_kernel included
printf 'program w\n\taccess write_kernel\n' >"$T/w"
ac show "$T/w"
expect "show: access write_kernel" "0:program w
	access write_kernel" "$rc:$out"
ac -j show "$T/w"
expect "show -j: access handles every class, write_kernel allowed" \
	'[{"name":"w","helpers":[],"kfuncs":[],"access_handled":["read_kernel","write_packet","write_ctx","write_kernel"],"access":["write_kernel"]}]' \
	"$out"
printf 'program w\n\taccess none\n' >"$T/wnone"
ac diff "$T/wnone" "$T/w"
expect "diff: + access write_kernel" "0:+ access write_kernel" "$rc:$out"
printf 'program w\n\taccess write_ctx\n\taccess_handled write_ctx\n' >"$T/wctx"
ac diff "$T/wctx" "$T/wnone"
expect "diff: access_handled write_ctx (as generated) against access none" "0:- access read_kernel
- access write_packet
- access write_ctx
- access write_kernel" "$rc:$out"
printf 'program w\n\taccess write_kernal\n' >"$T/wtypo"
ac show "$T/wtypo"
expect "show: a misspelt access class, exit 2 and a suggestion" \
	"2:Error: $T/wtypo:2: unknown access class 'write_kernal' (did you mean 'write_kernel'?)" \
	"$rc:$err"
# the keywords are the struct bpf_prog_attrs field names; the former
# spellings are refused, each with its new name
printf 'program l\n\tmax_insn_cnt 10\n\tmax_insn_processed 100\n' >"$T/l1"
printf 'program l\n\tmax_insn_cnt 20\n\tmax_insn_processed 100\n' >"$T/l2"
ac diff "$T/l1" "$T/l2"
expect "diff: max_insn_cnt" "0:- max_insn_cnt 10
+ max_insn_cnt 20" "$rc:$out"
n=1
for kw in maps:map_types maps_write:map_types_write max_insns:max_insn_cnt \
	max_processed:max_insn_processed; do
	printf 'program old\n\t%s 1\n' "${kw%%:*}" >"$T/old$n"
	ac show "$T/old$n"
	expect "show: former keyword '${kw%%:*}', exit 2 and '${kw#*:}' suggested" \
		"2:Error: $T/old$n:2: unknown keyword '${kw%%:*}' (did you mean '${kw#*:}'?)" \
		"$rc:$err"
	n=$((n + 1))
done

# 3b. the binary records of a ".bpf.attrs" section: gen format section,
# show FILE format section (the records alone, or in an object), exact text
for b in ac_basic ac_kfunc ac_maps; do
	ac gen "$T/$b.bpf.o" format section -o "$T/$b.sec"
	expect "gen $b format section: exit 0, nothing said" "0:" "$rc:$err"
	ac show "$T/$b.sec" format section
	expect "gen $b -> section -> show: the set of tests/progs/$b.attrs" \
		"0:$(cat "$SRC/progs/$b.attrs")" "$rc:$out"
done
if "$LLVM_BIN/llvm-objcopy" --add-section .bpf.attrs="$T/ac_kfunc.sec" \
	--set-section-alignment .bpf.attrs=8 "$T/ac_kfunc.bpf.o" "$T/withsec.o" 2>"$T/oc.err"; then
	ac show "$T/withsec.o" format section
	expect "show OBJ format section: the object's .bpf.attrs, as text" \
		"0:$(cat "$SRC/progs/ac_kfunc.attrs")" "$rc:$out"
else
	bad "objcopy --add-section .bpf.attrs: $(head -3 "$T/oc.err")"
fi
ac show "$T/ac_kfunc.sec" format text
expect "show SECTION format text: the records are not text, exit 2" "2" "$rc"
ac show "$T/ac_kfunc.bpf.o" format section
expect "show OBJ format section without the section: exit 2, said" \
	"2:Error: $T/ac_kfunc.bpf.o: no .bpf.attrs section" "$rc:$err"
head -c 50 "$T/ac_basic.sec" >"$T/trunc.sec"
ac show "$T/trunc.sec" format section
expect "show format section, a truncated record: exit 2, the offset" \
	"2:Error: $T/trunc.sec: offset 0: truncated record (50 bytes left, a record takes at least 104)" \
	"$rc:$err"
ac -j gen "$T/ac_basic.bpf.o" format section -o "$T/x.sec"
expect "gen -j format section: exit 3, a JSON error" \
	'3:{"error":"gen: format section is binary, not JSON"}' "$rc:$out"
ac show "$T/ac_basic.sec" format binary
expect "show format FMT unknown: exit 3" \
	"3:Error: show: unknown format 'binary' (text or section)" "$rc:$err"
ac -j show "$T/ac_kfunc.sec" format section
sec_json=$rc:$out
ac -j show "$SRC/progs/ac_kfunc.attrs"
expect "show -j FILE format section: the JSON of the text" "$rc:$out" "$sec_json"

# 4. usage
ac --help
expect "--help: exit 0, usage" "0:Usage:" "$rc:$(head -c 6 <<<"$out")"
ac frobnicate
expect "unknown command: exit 3" "3:Error: unknown command 'frobnicate'" "$rc:$(head -1 <<<"$err")"
ac gen
expect "gen without OBJ: exit 3" "3:Error: gen: expected an object file" "$rc:$err"

# 5. bad input: exit 2 and a clear message, never a crash
head -c 200 "$T/ac_maps.bpf.o" >"$T/trunc.o"
ac gen "$T/trunc.o"
expect "truncated object" "2:Error: $T/trunc.o: malformed ELF file: bad section headers" "$rc:$err"
echo "hello" >"$T/text.o"
ac gen "$T/text.o"
expect "not ELF" "2:Error: $T/text.o: not an ELF file" "$rc:$err"
ac gen /bin/true
expect "non-BPF ELF (/bin/true)" "2:Error: /bin/true: not a BPF object (ELF machine is not EM_BPF)" "$rc:$err"
cp "$T/ac_maps.bpf.o" "$T/be.o"
printf '\x02' | dd of="$T/be.o" bs=1 seek=5 conv=notrunc status=none
ac gen "$T/be.o"
expect "wrong-endian object" \
	"2:Error: $T/be.o: wrong byte order: big-endian object on a little-endian host" "$rc:$err"
ac gen "$T/nonexistent.o"
expect "missing file" "2:Error: $T/nonexistent.o: No such file or directory" "$rc:$err"
ac gen "$T"
expect "a directory" "2:Error: $T: not a regular file" "$rc:$err"
# BPF code libbpf finds no program in: an error, never an empty set
printf '%s\n' '#include <linux/bpf.h>' '#include <bpf/bpf_helpers.h>' \
	'__attribute__((noinline)) int sub(int x) { return x + bpf_get_prandom_u32(); }' >"$T/textonly.c"
printf '%s\n' '	.section xdp,"ax",@progbits' '	.globl prog' 'prog:' '	call 7' '	r0 = 2' \
	'	exit' >"$T/notype.s"
if "$LLVM_BIN/clang" -target bpf -O2 $INC -c "$T/textonly.c" -o "$T/textonly.o" 2>"$T/cc.err" &&
   "$LLVM_BIN/clang" -target bpf -c "$T/notype.s" -o "$T/notype.o" 2>>"$T/cc.err"; then
	ok "compile a .text-only object and one whose symbol is STT_NOTYPE"
else
	bad "compile a .text-only object and one whose symbol is STT_NOTYPE: $(head -3 "$T/cc.err")"
fi
ac gen "$T/textonly.o"
expect "code only in .text: exit 2, no set, the reason" \
	"2::Error: $T/textonly.o: 4 instructions of BPF code (section .text), but no program libbpf can load: a program is a global function (STT_FUNC) in a section other than .text" \
	"$rc:$out:$err"
ac gen "$T/ac_basic.bpf.o" -o "$T/some.attrs"
ac check "$T/textonly.o" "$T/some.attrs"
expect "check on it: exit 2 too, the same reason" \
	"2:Error: $T/textonly.o: 4 instructions of BPF code (section .text), but no program libbpf can load: a program is a global function (STT_FUNC) in a section other than .text" \
	"$rc:$err"
ac -j gen "$T/textonly.o"
expect "gen -j on it: the error as JSON" \
	"2:{\"error\":\"$T/textonly.o: 4 instructions of BPF code (section .text), but no program libbpf can load: a program is a global function (STT_FUNC) in a section other than .text\"}" \
	"$rc:$("$AC" -j gen "$T/textonly.o" 2>&1)"
# libbpf opens it but finds no program (the symbol is STT_NOTYPE): the
# legacy convention, its section a program named by the symbol
ac gen "$T/notype.o"
expect "a program symbol of type STT_NOTYPE: the legacy convention, its set" \
	"0:# convention: legacy (no maps section; each executable section a program)
program prog
	helpers bpf_get_prandom_u32
	map_types none
	map_types_write none
	access none
	access_handled read_kernel write_packet write_ctx:" "$rc:$out:$err"

# ELF's extended numbering (the section count in section 0's sh_size, the
# names' index in its sh_link): read as the plain header is; section 0
# that does not hold the count it is said to hold: refused
python3 - "$T/ac_maps.bpf.o" "$T/xnum.o" "$T/xnum0.o" <<'PY'
import struct, sys
b = bytearray(open(sys.argv[1], "rb").read())
shoff, = struct.unpack_from("<Q", b, 40)
shnum, shstrndx = struct.unpack_from("<HH", b, 60)
struct.pack_into("<HH", b, 60, 0, 0xffff)
struct.pack_into("<Q", b, shoff + 32, shnum)
struct.pack_into("<I", b, shoff + 40, shstrndx)
open(sys.argv[2], "wb").write(b)
struct.pack_into("<Q", b, shoff + 32, 0)
open(sys.argv[3], "wb").write(b)
PY
ac gen "$T/ac_maps.bpf.o"
plain="$rc:$out"
ac gen "$T/xnum.o"
expect "extended section numbering: the same sets as the plain header" "$plain" "$rc:$out"
ac gen "$T/xnum0.o"
expect "extended numbering, section 0 without the count: refused" \
	"2:Error: $T/xnum0.o: malformed ELF file: bad section headers" "$rc:$err"

# corrupted: section header offset, then bytes all over the file
cp "$T/ac_maps.bpf.o" "$T/c1.o"
printf '\xff\xff\xff\x7f' | dd of="$T/c1.o" bs=1 seek=40 conv=notrunc status=none
ac gen "$T/c1.o"
expect "corrupted section header offset: exit 2" 2 "$rc"
expect "corrupted section header offset: message" "Error: $T/c1.o: malformed ELF file" \
	"$(grep -o "^Error: $T/c1.o: malformed ELF file" <<<"$err")"
crashes=0 exits=""
size=$(stat -c %s "$T/ac_maps.bpf.o")
for i in $(seq 1 60); do
	cp "$T/ac_maps.bpf.o" "$T/c.o"
	for j in 1 2 3 4; do
		off=$(( (i * 7919 + j * 104729) % size ))
		printf "\\x$(printf %02x $(( (i * 31 + j * 17) % 256 )))" |
			dd of="$T/c.o" bs=1 seek=$off conv=notrunc status=none
	done
	"$AC" gen "$T/c.o" >/dev/null 2>&1
	r=$?
	[ $r -ge 128 ] && crashes=$((crashes + 1))
	case " $exits " in *" $r "*) ;; *) exits="$exits $r" ;; esac
done
expect "60 corrupted objects: no crash (exit statuses:$exits)" 0 "$crashes"

# 6. legacy conventions (tests/progs/ac_legacy_*, whose sets section 1
# checked): the convention said, libbpf's refusal not shown as an error,
# what could not be known noted
for b in ac_legacy_mapdef ac_legacy_elfmap; do
	ac gen "$T/$b.bpf.o"
	expect "gen $b: no libbpf warning, no note" "" "$err"
done
ac gen "$T/ac_legacy_mapdef.bpf.o"
expect "gen ac_legacy_mapdef: the convention line" \
	"# convention: legacy (maps section: bpf_map_def; each executable section a program)" \
	"$(head -1 <<<"$out")"
ac gen "$T/ac_legacy_elfmap.bpf.o"
expect "gen ac_legacy_elfmap: the convention line" \
	"# convention: legacy (maps section: bpf_elf_map; each executable section a program)" \
	"$(head -1 <<<"$out")"
ac gen "$T/ac_legacy_elfmap.bpf.o" prog tail_hash
expect "static tail call (section 1/0): the helper it alone calls is in its set" \
	"	helpers bpf_map_update_elem bpf_get_hash_recalc" "$(grep helpers <<<"$out")"
ac gen "$T/ac_legacy_elfmap.bpf.o" prog cls_main
expect "the classifier that tail-calls it: not in its set" \
	"	helpers bpf_map_lookup_elem bpf_tail_call" "$(grep helpers <<<"$out")"
ac gen "$T/ac_legacy_mim.bpf.o"
expect "gen ac_legacy_mim: pinned map-in-map, inner types unknown: a note" \
	"Note: prog 'guessed': legacy map-in-map, inner map types unknown: all map types count" \
	"$err"
ac gen "$T/ac_legacy_notype.bpf.o"
expect "gen ac_legacy_notype: STT_NOTYPE symbol and none, a program type unknown: a note" \
	"Note: prog 'sec_2_1': section '2/1': program type unknown (no libbpf or iproute2 name)" \
	"$err"
ac -j gen "$T/ac_legacy_elfmap.bpf.o"
expect "gen -j ac_legacy_elfmap: convention legacy in each set" "tail_hash:legacy cls_main:legacy" \
	"$(python3 -c 'import json,sys; print(" ".join("%s:%s" % (s["name"], s["convention"]) for s in json.load(open(sys.argv[1]))))' "$T/out" 2>&1)"
expect "gen -j ac_legacy_elfmap: the tail call's helpers" \
	'["bpf_map_update_elem", "bpf_get_hash_recalc"]' \
	"$(python3 -c 'import json,sys; print(json.dumps([s for s in json.load(open(sys.argv[1])) if s["name"] == "tail_hash"][0]["helpers"]))' "$T/out" 2>&1)"
ac -j gen "$T/ac_maps.bpf.o"
expect "gen -j ac_maps: convention libbpf in each set" "libbpf" \
	"$(python3 -c 'import json,sys; print(" ".join(sorted(set(s["convention"] for s in json.load(open(sys.argv[1]))))))' "$T/out" 2>&1)"
ac gen "$T/ac_legacy_elfmap.bpf.o" -o "$T/legacy.attrs"
ac check "$T/ac_legacy_elfmap.bpf.o" "$T/legacy.attrs"
expect "check a legacy object with its set (convention comment included): exit 0, a note" \
	"0::Note: $T/ac_legacy_elfmap.bpf.o: convention: legacy (maps section: bpf_elf_map; each executable section a program)" \
	"$rc:$out:$err"
sed '/^program tail_hash/,/^$/s/ bpf_get_hash_recalc//' "$T/legacy.attrs" >"$T/lesslg"
ac check "$T/ac_legacy_elfmap.bpf.o" "$T/lesslg"
expect "check a legacy object: the tail call's helper outside the set, its line" \
	"1:tail_hash: insn 0: call to helper bpf_get_hash_recalc#34 is not in the set ($SRC/progs/ac_legacy_elfmap.bpf.c:43)" \
	"$rc:$out"
ac verify "$T/ac_legacy_elfmap.bpf.o"
expect "verify a legacy object: exit 2, libbpf cannot load it" \
	"2:Error: $T/ac_legacy_elfmap.bpf.o: convention: legacy (maps section: bpf_elf_map; each executable section a program): libbpf cannot load it" \
	"$rc:$err"
# a map symbol past the end of the maps section: an error, never a guess
python3 - "$T/ac_legacy_mapdef.bpf.o" "$T/badmaps.o" <<'PY'
import struct, sys
d = bytearray(open(sys.argv[1], "rb").read())
shoff, = struct.unpack_from("<Q", d, 0x28)
shnum, = struct.unpack_from("<H", d, 0x3c)
sh = [struct.unpack_from("<IIQQQQIIQQ", d, shoff + i * 64) for i in range(shnum)]
sym = next(s for s in sh if s[1] == 2)
strs = sh[sym[6]][4]
for off in range(sym[4], sym[4] + sym[5], 24):
	name, = struct.unpack_from("<I", d, off)
	if d[strs + name:d.index(0, strs + name)] == b"counts":
		struct.pack_into("<Q", d, off + 8, 0x1000)
open(sys.argv[2], "wb").write(d)
PY
ac gen "$T/badmaps.o"
expect "a legacy map symbol past its section: exit 2, the reason" \
	"2::Error: $T/badmaps.o: malformed legacy maps section: bad map symbols" "$rc:$out:$err"
# BTF-defined maps and a program libbpf refuses (static): not legacy,
# libbpf's error as before
printf '%s\n' '#include <linux/bpf.h>' '#include <bpf/bpf_helpers.h>' \
	'struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1); __type(key, int); __type(value, int); } m SEC(".maps");' \
	'static __attribute__((section("xdp"), used)) int p(void *ctx) { int k = 0; return !!bpf_map_lookup_elem(&m, &k); }' \
	>"$T/btfstatic.c"
if "$LLVM_BIN/clang" -target bpf -O2 -g $INC -c "$T/btfstatic.c" -o "$T/btfstatic.o" 2>"$T/cc.err"; then
	ac gen "$T/btfstatic.o"
	expect "static program, BTF-defined maps: libbpf's refusal, exit 2" \
		"2:libbpf: sec 'xdp': program 'p' is static and not supported
Error: $T/btfstatic.o: libbpf cannot open the object: Operation not supported" "$rc:$err"
else
	bad "compile a static program with BTF-defined maps: $(head -3 "$T/cc.err")"
fi
# an exception callback libbpf cannot find or append: its refusal, exit 2
printf '%s\n' '#include <linux/bpf.h>' '#include <bpf/bpf_helpers.h>' \
	'static __noinline int cb(__u64 c) { return c + bpf_get_prandom_u32(); }' \
	'SEC("tc") __attribute__((btf_decl_tag("exception_callback:CB"))) int p(void *ctx) { return cb(0); }' \
	>"$T/exccb.c"
if sed 's/CB/nosuch/' "$T/exccb.c" >"$T/exccb1.c" && sed 's/CB/cb/' "$T/exccb.c" >"$T/exccb2.c" &&
   "$LLVM_BIN/clang" -target bpf -O2 -g $INC -c "$T/exccb1.c" -o "$T/exccb1.o" 2>"$T/cc.err" &&
   "$LLVM_BIN/clang" -target bpf -O2 -g $INC -c "$T/exccb2.c" -o "$T/exccb2.o" 2>>"$T/cc.err"; then
	ac gen "$T/exccb1.o"
	expect "exception callback not found: exit 2, the reason" \
		"2::Error: $T/exccb1.o: prog 'p': exception callback 'nosuch': not found" "$rc:$out:$err"
	ac gen "$T/exccb2.o"
	expect "exception callback static: exit 2, the reason" \
		"2::Error: $T/exccb2.o: prog 'p': exception callback 'cb': not a global, non-hidden function" \
		"$rc:$out:$err"
else
	bad "compile programs naming a missing and a static exception callback: $(head -3 "$T/cc.err")"
fi

# 7. fuzz the ELF path (the legacy objects among the seeds), bounded,
# under ASan/UBSan
if "$LLVM_BIN/clang" -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-I"$TOOLS_OUT/attrcheck/libbpf/include" -I"$TREE/tools/include/uapi" -I"$TREE/tools/include" \
	-I"$TREE/tools/bpf/attrcheck" "$HARNESS/scripts/fuzz/elf_fuzz.c" \
	"$TREE/tools/bpf/attrcheck/analyze.c" "$TREE/tools/bpf/attrcheck/elfimg.c" \
	"$TOOLS_OUT/attrcheck/libbpf/libbpf.a" -lelf -lz -o "$T/elf_fuzz" 2>"$T/fz.err"; then
	ok "build the fuzz target"
	mkdir -p "$T/corpus"
	cp "$T"/*.bpf.o "$T/corpus/"
	(cd "$T" && ./elf_fuzz -max_total_time="$FUZZ_TIME" -rss_limit_mb=1024 corpus \
		>"$T/fz.log" 2>&1)
	r=$?
	runs=$(grep -o 'Done [0-9]* runs' "$T/fz.log" | awk '{print $2}')
	expect "fuzz the ELF path for ${FUZZ_TIME}s (${runs:-0} runs): clean" 0 "$r"
	[ $r = 0 ] || grep -m5 -E 'ERROR|runtime error|SUMMARY' "$T/fz.log" | sed 's/^/  # /'
else
	bad "build the fuzz target: $(head -3 "$T/fz.err")"
fi
finish
