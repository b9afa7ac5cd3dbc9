#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""An independent decoder of the helper and kfunc calls of BPF objects,
for tools-attrcheck-decode.sh: it shares no code with attrcheck (Python
standard library only; the ELF64 little-endian file is parsed here with
struct).

Programs are found the way libbpf finds them (bpf_object__add_programs):
every global or weak STT_FUNC symbol of an executable section other than
.text is a program, its code the symbol's range. A program is then
rebuilt as libbpf's bpf_object__reloc_code() does: every function it
calls (BPF_JMP|BPF_CALL, src_reg BPF_PSEUDO_CALL: relative in the same
section without a relocation, else the relocation's .text symbol + imm)
or whose address it loads (ld_imm64 relocated against a .text function
or section symbol, BPF_PSEUDO_FUNC at load), transitively; plus the
exception callback that a BTF decl tag "exception_callback:NAME" on the
program names (bpf_prog_assign_exc_cb). Every instruction of every
function so reached counts (the kernel checks helpers in a static pass
over the whole program): helper calls (src_reg 0, imm the id; compare
leaves out ids the set cannot hold, as that pass does) and kfunc
calls (a call relocated against an undefined symbol, or src_reg
BPF_PSEUDO_KFUNC_CALL), named by the relocation's symbol without a
flavour suffix ("___SUFFIX", which libbpf drops to resolve the kfunc).

usage:
  bpf_decode.py decode OBJ...
      print each program: "OBJ PROG helpers ID... kfuncs NAME..."
  bpf_decode.py compare BPF_H LIST
      LIST has lines "RC<TAB>JSON<TAB>ERR<TAB>OBJ": attrcheck gen -j's
      exit status, output and stderr files for OBJ. Prints one line per
      object, "ok OBJ: ...", "FAIL OBJ: ..." or "skip OBJ: reason", a
      comparator self-check ("ok selfcheck: ..." / "FAIL selfcheck: ..."),
      and "compared N skipped M programs P".
"""
import json
import re
import struct
import sys

SHT_PROGBITS, SHT_SYMTAB, SHT_RELA, SHT_REL, SHT_SYMTAB_SHNDX = 1, 2, 4, 9, 18
SHF_EXECINSTR = 0x4
STB_LOCAL, STB_GLOBAL, STB_WEAK = 0, 1, 2
STT_NOTYPE, STT_FUNC, STT_SECTION = 0, 2, 3
STV_HIDDEN, STV_INTERNAL = 2, 1
SHN_UNDEF, SHN_XINDEX = 0, 0xFFFF
EM_BPF = 247

BPF_JMP_CALL = 0x85  # BPF_JMP | BPF_CALL
BPF_LD_IMM_DW = 0x18  # BPF_LD | BPF_IMM | BPF_DW
PSEUDO_CALL, PSEUDO_KFUNC_CALL, PSEUDO_FUNC = 1, 2, 4

BTF_KIND_FUNC, BTF_KIND_DECL_TAG = 12, 17
BTF_FUNC_GLOBAL = 1


class Bad(Exception):
    pass


class Sym:
    __slots__ = ("idx", "name", "bind", "type", "vis", "shndx", "value", "size")


class Func:
    def __init__(self, name, sec, start, cnt, sym):
        self.name, self.sec, self.start, self.cnt, self.sym = name, sec, start, cnt, sym


class Obj:
    """The parts of a BPF ELF object the call graph needs."""

    def __init__(self, path):
        self.path = path
        with open(path, "rb") as f:
            self.d = f.read()
        self._header()
        self._sections()
        self._symbols()
        self._relocs()

    def _unpack(self, fmt, off):
        try:
            return struct.unpack_from(fmt, self.d, off)
        except struct.error:
            raise Bad("truncated ELF file") from None

    def _header(self):
        d = self.d
        if len(d) < 64 or d[:4] != b"\x7fELF":
            raise Bad("not an ELF file")
        if d[4] != 2:
            raise Bad("not ELF64")
        if d[5] != 1:
            raise Bad("not little-endian")
        (self.e_type, self.e_machine, _, _, _, self.e_shoff, _, _, _, _,
         self.e_shentsize, self.e_shnum, self.e_shstrndx) = self._unpack("<HHIQQQIHHHHHH", 16)
        if self.e_machine != EM_BPF:
            raise Bad("not EM_BPF")
        if self.e_shentsize != 64:
            raise Bad("bad section header size")

    def _shdr(self, i):
        return self._unpack("<IIQQQQIIQQ", self.e_shoff + i * 64)

    def _sections(self):
        first = self._shdr(0)
        n = self.e_shnum or first[5]  # extended numbering: sh_size of section 0
        strndx = self.e_shstrndx if self.e_shstrndx != SHN_XINDEX else first[6]
        self.secs = []
        for i in range(n):
            name, typ, flags, _, off, size, link, info, _, entsize = self._shdr(i)
            self.secs.append(dict(name_off=name, type=typ, flags=flags, off=off, size=size,
                                  link=link, info=info, entsize=entsize))
        if not 0 < strndx < n:
            raise Bad("no section name table")
        for s in self.secs:
            s["name"] = self._str(self.secs[strndx], s["name_off"])
        self.text = next((i for i, s in enumerate(self.secs) if s["name"] == ".text"), None)

    def _str(self, sec, off):
        start = sec["off"] + off
        end = self.d.find(b"\0", start, sec["off"] + sec["size"])
        if off >= sec["size"] or end < 0:
            raise Bad("bad string offset")
        return self.d[start:end].decode("utf-8", "replace")

    def data(self, i):
        s = self.secs[i]
        if s["off"] + s["size"] > len(self.d):
            raise Bad(f"section {s['name']} past the end of the file")
        return self.d[s["off"]:s["off"] + s["size"]]

    def is_exec(self, i):
        s = self.secs[i]
        return s["type"] == SHT_PROGBITS and s["flags"] & SHF_EXECINSTR

    def _symbols(self):
        st = [i for i, s in enumerate(self.secs) if s["type"] == SHT_SYMTAB]
        if len(st) != 1:
            raise Bad("not exactly one symbol table")
        symtab = self.secs[st[0]]
        strtab = self.secs[symtab["link"]]
        xidx = next((s for s in self.secs if s["type"] == SHT_SYMTAB_SHNDX), None)
        raw = self.data(st[0])
        self.syms = []
        for k in range(len(raw) // 24):
            name, info, other, shndx, value, size = struct.unpack_from("<IBBHQQ", raw, k * 24)
            y = Sym()
            y.idx, y.name = k, self._str(strtab, name)
            y.bind, y.type, y.vis = info >> 4, info & 0xF, other & 0x3
            if shndx == SHN_XINDEX and xidx:
                shndx = struct.unpack_from("<I", self.d, xidx["off"] + 4 * k)[0]
            y.shndx, y.value, y.size = shndx, value, size
            self.syms.append(y)
        # the functions: STT_FUNC symbols of executable sections
        self.funcs = []
        for y in self.syms:
            if y.type == STT_FUNC and 0 < y.shndx < len(self.secs) and self.is_exec(y.shndx):
                if y.value % 8 or y.size % 8 or y.value + y.size > self.secs[y.shndx]["size"]:
                    raise Bad(f"function {y.name} is not a whole number of instructions in its section")
                self.funcs.append(Func(y.name, y.shndx, y.value // 8, y.size // 8, y))

    def _relocs(self):
        self.rels = {}  # section -> {byte offset: Sym}
        for s in self.secs:
            if s["type"] not in (SHT_REL, SHT_RELA) or not 0 < s["info"] < len(self.secs):
                continue
            if not self.is_exec(s["info"]) and self.secs[s["info"]]["name"] != ".maps":
                continue
            ent = 16 if s["type"] == SHT_REL else 24
            raw = self.d[s["off"]:s["off"] + s["size"]]
            r = self.rels.setdefault(s["info"], {})
            for k in range(len(raw) // ent):
                off, info = struct.unpack_from("<QQ", raw, k * ent)
                if info >> 32 >= len(self.syms):
                    raise Bad("relocation against a symbol past the symbol table")
                r[off] = self.syms[info >> 32]

    def insns(self, sec):
        if not hasattr(self, "_insns"):
            self._insns = {}
        if sec not in self._insns:
            raw = self.data(sec)
            self._insns[sec] = [struct.unpack_from("<BBhi", raw, k * 8) for k in range(len(raw) // 8)]
        return self._insns[sec]

    def func_at(self, sec, idx):
        for f in self.funcs:
            if f.sec == sec and f.start <= idx < f.start + f.cnt:
                return f
        return None

    # --- BTF: only the decl tags "exception_callback:NAME" ---
    def exception_callbacks(self):
        """{program name: callback name} from the .BTF decl tags."""
        i = next((i for i, s in enumerate(self.secs) if s["name"] == ".BTF"), None)
        if i is None:
            return {}
        b = self.data(i)
        magic, _, _, hdr_len, type_off, type_len, str_off, str_len = struct.unpack_from("<HBBIIIII", b, 0)
        if magic != 0xEB9F:
            raise Bad("bad BTF magic")
        tbase, sbase = hdr_len + type_off, hdr_len + str_off

        def name(off):
            end = b.index(b"\0", sbase + off)
            return b[sbase + off:end].decode("utf-8", "replace")

        extra = {1: lambda v: 4, 4: lambda v: 12 * v, 5: lambda v: 12 * v, 6: lambda v: 8 * v,
                 13: lambda v: 8 * v, 14: lambda v: 4, 15: lambda v: 12 * v, 17: lambda v: 4,
                 19: lambda v: 12 * v, 3: lambda v: 12}
        types = [None]  # id 0 is void
        p = tbase
        while p < tbase + type_len:
            name_off, info, size_type = struct.unpack_from("<III", b, p)
            kind, vlen = (info >> 24) & 0x1F, info & 0xFFFF
            comp = struct.unpack_from("<i", b, p + 12)[0] if kind == BTF_KIND_DECL_TAG else None
            types.append((kind, name_off, vlen, size_type, comp))
            p += 12 + extra.get(kind, lambda v: 0)(vlen)
        out = {}
        pfx = "exception_callback:"
        for kind, name_off, vlen, ref, comp in types[1:]:
            if kind != BTF_KIND_DECL_TAG or comp != -1:
                continue
            tag = name(name_off)
            if not tag.startswith(pfx) or not 0 < ref < len(types):
                continue
            fk, fname, flinkage = types[ref][0], name(types[ref][1]), types[ref][2]
            if fk != BTF_KIND_FUNC or flinkage != BTF_FUNC_GLOBAL:
                raise Bad(f"exception_callback tag on {fname}, not a global function")
            if fname in out:  # several for one program: libbpf appends none
                out[fname] = None
            else:
                out[fname] = tag[len(pfx):]
        return out


def programs(o):
    """libbpf's programs: [(name, Func)] (none is fine: an object of maps
    only); raise Bad where libbpf refuses the object."""
    if any(s["name"] == "maps" for s in o.secs):
        raise Bad("legacy 'maps' section (libbpf refuses it)")
    progs = []
    for f in o.funcs:
        if f.sec == o.text or o.secs[f.sec]["size"] == 0:
            continue
        if f.sym.bind == STB_LOCAL:
            raise Bad(f"static program {f.name} in section {o.secs[f.sec]['name']} (libbpf refuses it)")
        progs.append((f.name, f))
    return progs


def one_per_section(o, progs):
    """Each executable section but .text is exactly one program, the whole
    section: attrcheck's legacy convention then finds the same programs."""
    for i, s in enumerate(o.secs):
        if i == o.text or not o.is_exec(i) or not s["size"]:
            continue
        fs = [f for _, f in progs if f.sec == i]
        if len(fs) != 1 or fs[0].start != 0 or fs[0].cnt * 8 != s["size"]:
            return False
    return bool(progs)


def callee(o, f, i, ins):
    """The function a call or ld_imm64 at insn i of f refers to, or None."""
    code, regs, _, imm = ins
    src = regs >> 4
    sec = f.sec
    y = o.rels.get(sec, {}).get((f.start + i) * 8)
    if code == BPF_JMP_CALL:
        if src != PSEUDO_CALL or (y and y.shndx == SHN_UNDEF):
            return None
        if y:  # RELO_CALL: against a .text symbol (global func or section)
            if y.shndx != o.text:
                raise Bad(f"{f.name}: insn {i}: call relocated against {y.name}, not in .text")
            t_sec, t = o.text, y.value // 8 + imm + 1
        else:  # a static function of the same section
            t_sec, t = sec, f.start + i + imm + 1
    elif code == BPF_LD_IMM_DW:
        # RELO_SUBPROG_ADDR: sym_is_subprog(), a .text function or section symbol
        if y and y.shndx == o.text and o.text is not None and (
                (y.bind == STB_LOCAL and y.type == STT_SECTION) or
                (y.bind in (STB_GLOBAL, STB_WEAK) and y.type == STT_FUNC)):
            t_sec, t = o.text, (y.value + imm) // 8
        elif src == PSEUDO_FUNC and not y:
            t_sec, t = sec, f.start + i + imm + 1
        else:
            return None
    else:
        return None
    g = o.func_at(t_sec, t)
    if g is None:
        raise Bad(f"{f.name}: insn {i}: reference to insn {t} of section "
                  f"{o.secs[t_sec]['name']}, in no function")
    return g


def essential_name(name):
    """libbpf's bpf_core_essential_name_len(): "X___Y" names the kfunc X
    (a flavour); libbpf resolves the extern by that name, and the kernel
    checks the set against the kfunc's own name."""
    for i in range(len(name) - 5, -1, -1):
        s = name[i:i + 5]
        if s[0] != "_" and s[1:4] == "___" and s[4] != "_":
            return name[:i + 1]
    return name


def decode_prog(o, main, exc_cb):
    """(helper ids, kfunc names, function names) of program main."""
    seen, order, work = set(), [], [main]
    if exc_cb:
        g = next((f for f in o.funcs if f.sec == o.text and f.name == exc_cb), None)
        if g is None:
            raise Bad(f"{main.name}: exception callback {exc_cb} not found")
        work.append(g)
    helpers, kfuncs = set(), set()
    while work:
        f = work.pop()
        key = (f.sec, f.start)
        if key in seen:
            continue
        seen.add(key)
        order.append(f.name)
        ins = o.insns(f.sec)
        rels = o.rels.get(f.sec, {})
        i = 0
        while i < f.cnt:
            x = ins[f.start + i]
            code, regs, _, imm = x
            src = regs >> 4
            if code == BPF_JMP_CALL:
                y = rels.get((f.start + i) * 8)
                if y is not None and y.shndx == SHN_UNDEF:
                    kfuncs.add(essential_name(y.name))
                elif src == 0:
                    helpers.add(imm)
                elif src == PSEUDO_KFUNC_CALL:
                    kfuncs.add(essential_name(y.name) if y else f"btf_id#{imm}")
                elif src == PSEUDO_CALL:
                    work.append(callee(o, f, i, x))
            elif code == BPF_LD_IMM_DW:
                g = callee(o, f, i, x)
                if g:
                    work.append(g)
                i += 1  # its second half
            i += 1
    return helpers, kfuncs, order


TAIL_CALL = 12  # BPF_FUNC_tail_call


def fold_tail_members(o, sets):
    """libbpf fills a prog array from its "values" (relocations in .maps
    against programs) at load, and the kernel wants each member within
    the set of every program that tail calls through the array: every
    tail caller takes in all such members' helpers and kfuncs, until
    nothing grows."""
    maps = next((i for i in range(len(o.secs)) if o.secs[i]["name"] == ".maps"), None)
    members = {y.name for y in o.rels.get(maps, {}).values()} & set(sets)
    changed = True
    while members and changed:
        changed = False
        for name, (h, k) in sets.items():
            if TAIL_CALL not in h:
                continue
            for m in members - {name}:
                mh, mk = sets[m]
                if not (mh <= h and mk <= k):
                    h |= mh
                    k |= mk
                    changed = True


def decode(path):
    """({program: (helpers, kfuncs)}, one_per_section); raise Bad where
    libbpf would refuse the object."""
    o = Obj(path)
    exc = o.exception_callbacks()
    progs = programs(o)
    sets = {name: decode_prog(o, f, exc.get(name))[:2] for name, f in progs}
    fold_tail_members(o, sets)
    return sets, one_per_section(o, progs)


def helper_ids(bpf_h):
    """{"bpf_NAME": id} from __BPF_FUNC_MAPPER in uapi linux/bpf.h"""
    text = open(bpf_h).read()
    m = re.search(r"#define ___BPF_FUNC_MAPPER\(FN, ctx\.\.\.\)(.*?)\n\s*/\* \*/", text, re.S)
    body = m.group(1) if m else text
    ids = {"bpf_" + n: int(i) for n, i in re.findall(r"FN\((\w+), (\d+), ##ctx\)", body)}
    if len(ids) < 200 or ids.get("bpf_map_lookup_elem") != 1:
        raise SystemExit(f"bpf_decode: {bpf_h}: no __BPF_FUNC_MAPPER list found")
    return ids


def diff_prog(mine, theirs):
    """Differences between the decoded set and attrcheck's, as text."""
    out = []
    for what, a, b in (("helpers", mine[0], theirs[0]), ("kfuncs", mine[1], theirs[1])):
        if a - b:
            out.append(f"attrcheck misses {what} (insufficient): {fmt(a - b)}")
        if b - a:
            out.append(f"attrcheck has extra {what} (not exact): {fmt(b - a)}")
    return out


NAMES = {}  # helper id -> name, for messages (cmd_compare sets it)


def fmt(s):
    return " ".join(f"{x} ({NAMES[x]})" if x in NAMES else str(x)
                    for x in sorted(s, key=lambda v: (isinstance(v, str), v)))


def compare_obj(mine, theirs):
    """[(prog, [differences])] of one object"""
    out = []
    for p in sorted(set(mine) | set(theirs)):
        if p not in theirs:
            out.append((p, ["a program attrcheck does not list"]))
        elif p not in mine:
            out.append((p, ["a program attrcheck lists, libbpf's convention not"]))
        else:
            d = diff_prog(mine[p], theirs[p])
            if d:
                out.append((p, d))
    return out


def attrcheck_sets(doc, ids):
    """{prog: (helper ids, kfunc names)} of attrcheck gen -j output"""
    sets = {}
    for s in doc:
        h = set()
        for x in s["helpers"]:
            if isinstance(x, int):
                h.add(x)
            elif x in ids:
                h.add(ids[x])
            else:
                raise ValueError(f"helper {x!r} is not in bpf.h")
        sets[s["name"]] = (h, set(s["kfuncs"]))
    return sets


def cmd_compare(bpf_h, listfile):
    ids = helper_ids(bpf_h)
    NAMES.update({v: k for k, v in ids.items()})
    max_id = max(ids.values()) + 1  # __BPF_FUNC_MAX_ID
    compared = skipped = nprogs = 0
    hsample = ksample = None
    for line in open(listfile):
        rc, js, errf, path = line.rstrip("\n").split("\t", 3)
        err = open(errf).read().strip().replace("\n", " / ")
        try:
            doc = json.load(open(js))
        except ValueError as e:
            doc = e
        if rc == "2":
            if not err and isinstance(doc, dict):
                err = doc.get("error", "")
            print(f"skip {path}: attrcheck refuses it (exit 2): {err}")
            skipped += 1
            continue
        if rc != "0":
            print(f"FAIL {path}: attrcheck gen exited {rc}: {err}")
            continue
        try:
            mine, whole = decode(path)
        except Bad as e:
            mine, why = None, str(e)
        except Exception as e:  # a decoder bug or a file it cannot read
            mine, why = None, f"decoder error: {e!r}"
        try:
            if isinstance(doc, Exception):
                raise doc
            conv = {s["convention"] for s in doc}
            theirs = attrcheck_sets(doc, ids)
        except (ValueError, KeyError, TypeError) as e:
            print(f"FAIL {path}: attrcheck gen -j output: {e}")
            continue
        label = ""
        if conv == {"legacy"}:
            # attrcheck's own documented rules for objects libbpf refuses
            # to open (here: externs only another object defines); the
            # decoder models libbpf's only, and compares such an object
            # only where both conventions find the same programs.
            if mine is None or not whole:
                print(f"skip {path}: attrcheck reads it with its legacy convention "
                      f"(libbpf refuses to open it), whose programs are not libbpf's: "
                      f"{why if mine is None else 'a section holds other than one whole function'}")
                skipped += 1
                continue
            label = " (legacy convention; one function per section, as libbpf finds them)"
        elif mine is None:
            print(f"FAIL {path}: attrcheck reads it (convention libbpf), the decode cannot: {why}")
            continue
        # An id outside 1..__BPF_FUNC_MAX_ID-1 is in no set: the kernel's
        # static pass (bpf_prog_attrs_check_prog) leaves it to the
        # verifier's own error; only valid ids are compared.
        invalid = set()
        for p, (h, k) in mine.items():
            invalid |= {x for x in h if not 0 < x < max_id}
            mine[p] = ({x for x in h if 0 < x < max_id}, k)
        note = f"; invalid helper ids, in no set: {fmt(invalid)}" if invalid else ""
        diffs = compare_obj(mine, theirs)
        compared += 1
        nprogs += len(mine)
        if diffs:
            for p, d in diffs:
                print(f"FAIL {path}: program {p}: " + "; ".join(d))
        else:
            print(f"ok {path}: {len(mine)} program{'s' * (len(mine) != 1)}, "
                  f"helper and kfunc sets equal{label}{note}")
        if not diffs:
            for p in sorted(theirs):
                if hsample is None and theirs[p][0]:
                    hsample = (path, mine, theirs, p)
                if ksample is None and theirs[p][1]:
                    ksample = (path, mine, theirs, p)
    selfcheck(hsample, ksample)
    print(f"compared {compared} skipped {skipped} programs {nprogs}")


def selfcheck(hsample, ksample):
    """Deliberately wrong attrcheck sets: the comparator must report one
    helper removed (the case that matters: an insufficient set), one
    helper added, and one kfunc removed, each exactly."""
    cases = []
    if hsample:
        path, mine, theirs, p = hsample
        h, k = theirs[p]
        drop = min(h)
        cases += [("one helper removed", hsample, (h - {drop}, k),
                   f"attrcheck misses helpers (insufficient): {fmt({drop})}"),
                  ("one helper added", hsample, (h | {9999}, k),
                   "attrcheck has extra helpers (not exact): 9999")]
    else:
        print("FAIL selfcheck: no program with helpers compared equal, to mutate")
    if ksample:
        path, mine, theirs, p = ksample
        h, k = theirs[p]
        drop = min(k)
        cases.append(("one kfunc removed", ksample, (h, k - {drop}),
                      f"attrcheck misses kfuncs (insufficient): {drop}"))
    else:
        print("FAIL selfcheck: no program with kfuncs compared equal, to mutate")
    for what, (path, mine, theirs, p), wrong, want in cases:
        t = dict(theirs)
        t[p] = wrong
        got = compare_obj(mine, t)
        if got == [(p, [want])]:
            print(f"ok selfcheck: {what} ({path} program {p}) is reported: {want}")
        else:
            print(f"FAIL selfcheck: {what} ({path} program {p}): the comparator said {got!r}")


def cmd_decode(paths):
    rc = 0
    for path in paths:
        try:
            sets = decode(path)[0]
        except (Bad, OSError) as e:
            print(f"{path}: {e}", file=sys.stderr)
            rc = 2
            continue
        for p in sorted(sets):
            h, k = sets[p]
            print(f"{path} {p} helpers {fmt(h)} kfuncs {fmt(k)}".rstrip())
    return rc


def main(argv):
    if len(argv) >= 2 and argv[0] == "decode":
        return cmd_decode(argv[1:])
    if len(argv) == 3 and argv[0] == "compare":
        return cmd_compare(argv[1], argv[2])
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
