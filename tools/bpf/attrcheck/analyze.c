// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * attrcheck: static analysis of a BPF object file.
 *
 * The instructions are read from the ELF file as the compiler wrote them;
 * each program is rebuilt the way libbpf loads it: its own function, then
 * every subprogram it calls or takes the address of, appended in the
 * order libbpf appends them (depth first, in instruction order), then its
 * exception callback (a BTF decl tag) and what that calls. Helper
 * calls and kfunc calls are collected over all of that text, dead code
 * included, as the kernel's static pass sees it. Map references come from
 * the ld_imm64 relocations. Map writes and stores to the context come from
 * a small forward data-flow analysis that tracks where pointers come from
 * (the context, a map, a map value, the stack) across registers, stack
 * slots and calls; whatever it cannot tell is counted on the safe side.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include <linux/kernel.h>

#include "analyze.h"
#include "elfimg.h"

bool ac_verbose;

#define INSN_SZ		sizeof(struct bpf_insn)
#define STACK_SLOTS	(512 / 8)
#define MAX_ROUNDS	32

struct rel {
	__u64 off;
	__u32 sym;
};

struct sec {
	const char *name;
	const struct bpf_insn *insns;	/* executable sections */
	size_t insn_cnt;
	struct rel *rels;
	size_t rel_cnt;
	void *copy;			/* insns, when the file's are misaligned */
	bool exec;
	bool data;			/* SHF_ALLOC, not executable */
};

struct func {
	const char *name;
	size_t shndx;
	size_t start;			/* first insn in the section */
	size_t cnt;
	size_t sym;			/* its symbol */
	bool global;			/* a global function to the verifier */
};

struct sym {
	const char *name;
	size_t shndx;
	__u64 value;
	__u64 size;
	int type;
	int bind;
	int nargs;			/* sym_nargs() + 1, 0 until known */
};

struct line {
	__u32 sec_name_off;
	__u32 insn_off;
	__u32 file_off;
	__u32 line;
};

/* A map of a legacy "maps" section: its definition's first nine u32s */
enum { LM_TYPE, LM_ID = 5, LM_PINNING, LM_INNER_ID, LM_FIELDS = 9 };

struct lmap {
	const char *name;
	__u64 off;
	__u32 f[LM_FIELDS];		/* 0 past the end of the definition */
};

struct elf_info {
	struct elfimg img;
	struct sec *secs;
	size_t sec_cnt;
	struct sym *syms;
	size_t sym_cnt;
	struct func *funcs;
	size_t func_cnt;
	size_t text_shndx;
	size_t maps_shndx, legacy_maps_shndx;
	const __u8 *btf_ext;
	size_t btf_ext_sz;
	const void *btf_data;		/* .BTF */
	size_t btf_sz;
	struct btf *btf;		/* parsed here when libbpf refused the object */
	struct line *lines;
	size_t line_cnt;
	struct lmap *lmaps;		/* legacy convention only */
	size_t lmap_cnt;
	bool elf_map;			/* iproute2's struct bpf_elf_map */
	int kptrs;			/* object_kptrs(): 0 not yet, 1 no, 2 maybe */
};

/* ---- abstract values ---------------------------------------------------- */

enum {
	K_STACK = 1,	/* this frame's stack */
	K_FSTACK = 2,	/* some other frame's stack, or an unknown offset */
	K_CTX = 4,	/* the program's context */
	K_OTHER = 8,	/* any other pointer (packet, BTF, memory, ...) */
	/* for the access classes, on top of the above */
	K_PKT = 16,	/* may be packet data */
	K_KERN = 32,	/* may be kernel memory (a BTF pointer, a socket, ...) */
	K_UNK = 64,	/* not followed: may be anything */
};

struct aval {
	__u64 mptr;	/* may be a pointer to a map of these types */
	__u64 mval;	/* may point into a value of a map of these types */
	__s32 off;	/* stack offset, when off_known */
	__u8 k;
	__u8 off_known;
};

struct astate {
	struct aval r[MAX_BPF_REG];
	struct aval s[STACK_SLOTS];
	bool live;
};

/* per program analysis */
struct pfunc {
	size_t func;			/* index in elf_info.funcs */
	size_t base;			/* first insn in the program */
	struct aval entry[6];		/* R1..R5 (index 1..5) at entry */
	struct aval ret;
	bool entered;
	bool callback;
};

struct panalysis {
	struct elf_info *e;
	struct bpf_object *obj;
	struct ac_prog *p;
	struct pfunc *fs;
	size_t f_cnt;
	__u64 all_maps;			/* every map type referenced */
	__u64 inner_maps;		/* types of inner map templates */
	__u64 outer_maps;		/* map-in-map types referenced */
	bool changed;
	bool ctx_escaped;
	bool kern_used, kern_unk;	/* read_kernel: counted, or maybe (K_UNK) */
	bool pkt_used, pkt_unk;		/* write_packet */
	bool pkt_dynptr;		/* makes skb or xdp dynptrs */
	bool kptrs;			/* map values or objects may hold kptrs */
	bool kern_src, pkt_src;		/* such pointers can exist at all */
	char *err;
	size_t err_sz;
};

/* the worklist of one function's walk (analyze_func) */
struct walk {
	struct astate *states;	/* one per leader */
	size_t *slot;		/* per insn: its leader number, or SIZE_MAX */
	size_t *work;		/* leaders whose state changed */
	size_t wn;
	bool *inq;		/* per leader: in work */
	bool *seen;		/* per insn: stepped by the walk */
};

static void aval_join(struct aval *a, const struct aval *b)
{
	if (a->off_known && b->off_known && a->off == b->off) {
		/* keep */
	} else if (a->k == 0 && a->mptr == 0 && a->mval == 0) {
		a->off = b->off;
		a->off_known = b->off_known;
	} else if (!(b->k == 0 && b->mptr == 0 && b->mval == 0)) {
		a->off_known = 0;
	}
	a->k |= b->k;
	a->mptr |= b->mptr;
	a->mval |= b->mval;
	if ((a->k & K_STACK) && !a->off_known) {
		/* an unknown offset in our stack: treat like a foreign one */
		a->k |= K_FSTACK;
	}
}

static bool aval_eq(const struct aval *a, const struct aval *b)
{
	return a->k == b->k && a->mptr == b->mptr && a->mval == b->mval &&
	       a->off_known == b->off_known && (!a->off_known || a->off == b->off);
}

static struct aval aval_top(const struct panalysis *pa, bool ctx)
{
	struct aval v = {};

	v.k = K_OTHER | K_FSTACK | K_UNK | (ctx ? K_CTX : 0);
	v.mptr = pa->all_maps;
	v.mval = pa->all_maps;
	return v;
}

static struct aval aval_other(void)
{
	struct aval v = {};

	v.k = K_OTHER;
	return v;
}

/* a pointer the analysis does not follow */
static struct aval aval_unk(void)
{
	struct aval v = {};

	v.k = K_OTHER | K_UNK;
	return v;
}

/* ---- ELF --------------------------------------------------------------- */

static void seterr(char *err, size_t sz, const char *fmt, const char *a, const char *b)
{
	snprintf(err, sz, fmt, a, b);
}

static int rel_cmp(const void *a, const void *b)
{
	const struct rel *x = a, *y = b;

	return x->off < y->off ? -1 : x->off > y->off;
}

static const struct rel *find_rel(const struct sec *s, __u64 off)
{
	size_t lo = 0, hi = s->rel_cnt;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (s->rels[mid].off == off)
			return &s->rels[mid];
		if (s->rels[mid].off < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static void elf_info_free(struct elf_info *e)
{
	size_t i;

	if (!e)
		return;
	for (i = 0; i < e->sec_cnt && e->secs; i++) {
		free(e->secs[i].rels);
		free(e->secs[i].copy);
	}
	free(e->secs);
	free(e->syms);
	free(e->funcs);
	free(e->lines);
	free(e->lmaps);
	btf__free(e->btf);
	free(e);
}

static void parse_btf_ext(struct elf_info *e)
{
	const __u8 *d = e->btf_ext, *p, *end;
	__u32 hdr_len, li_off, li_len, rec_size;

	/* struct btf_ext_header: magic, version, flags, hdr_len, func_info_off,
	 * func_info_len, line_info_off, line_info_len
	 */
	if (!d || e->btf_ext_sz < 32)
		return;
	{
		__u16 magic;

		memcpy(&magic, d, sizeof(magic));
		if (magic != 0xeB9F)
			return;
	}
	memcpy(&hdr_len, d + 4, 4);
	memcpy(&li_off, d + 16, 4);
	memcpy(&li_len, d + 20, 4);
	if (hdr_len < 24 || hdr_len > e->btf_ext_sz)
		return;
	if ((__u64)hdr_len + li_off + li_len > e->btf_ext_sz || li_len < 4)
		return;
	p = d + hdr_len + li_off;
	end = p + li_len;
	memcpy(&rec_size, p, 4);
	p += 4;
	if (rec_size < 16)
		return;
	while (end - p >= 8) {
		__u32 sec_off, n, i;
		struct line *nl;

		memcpy(&sec_off, p, 4);
		memcpy(&n, p + 4, 4);
		p += 8;
		if (!n || (__u64)n * rec_size > (__u64)(end - p))
			return;
		nl = realloc(e->lines, (e->line_cnt + n) * sizeof(*nl));
		if (!nl)
			return;
		e->lines = nl;
		for (i = 0; i < n; i++, p += rec_size) {
			struct line *l = &e->lines[e->line_cnt++];
			__u32 col;

			l->sec_name_off = sec_off;
			memcpy(&l->insn_off, p, 4);
			memcpy(&l->file_off, p + 4, 4);
			memcpy(&col, p + 12, 4);
			l->line = col >> 10;
		}
	}
}

/* The identification bytes: an ELF64 file of the host's byte order */
static bool elf_ident_ok(const unsigned char *id, size_t size, char *err, size_t err_sz)
{
	if (size < EI_NIDENT || memcmp(id, ELFMAG, SELFMAG)) {
		seterr(err, err_sz, "not an ELF file%s%s", "", "");
		return false;
	}
	if (id[EI_CLASS] != ELFCLASS64) {
		seterr(err, err_sz, "not a 64-bit ELF file (BPF objects are ELF64)%s%s", "", "");
		return false;
	}
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (id[EI_DATA] != ELFDATA2LSB) {
		seterr(err, err_sz, "wrong byte order: %s object on a %s host",
		       id[EI_DATA] == ELFDATA2MSB ? "big-endian" : "unknown-endian",
		       "little-endian");
		return false;
	}
#else
	if (id[EI_DATA] != ELFDATA2MSB) {
		seterr(err, err_sz, "wrong byte order: %s object on a %s host",
		       id[EI_DATA] == ELFDATA2LSB ? "little-endian" : "unknown-endian",
		       "big-endian");
		return false;
	}
#endif
	return true;
}

/* The ELF header of a relocatable BPF object, and room for its sections */
static bool elf_read_header(struct elf_info *e, const void *mem, size_t size, char *err,
			    size_t err_sz)
{
	if (size < sizeof(e->img.eh)) {
		seterr(err, err_sz, "malformed ELF file: truncated ELF header%s%s", "", "");
		return false;
	}
	if (elfimg_open(&e->img, mem, size)) {
		seterr(err, err_sz, "malformed ELF file: bad section headers%s%s", "", "");
		return false;
	}
	if (e->img.eh.e_machine != EM_BPF) {
		seterr(err, err_sz, "not a BPF object (ELF machine is not EM_BPF)%s%s", "", "");
		return false;
	}
	if (e->img.eh.e_type != ET_REL) {
		seterr(err, err_sz, "not a relocatable BPF object%s%s", "", "");
		return false;
	}
	e->sec_cnt = e->img.shnum;
	if (!e->sec_cnt || e->sec_cnt > 65536) {
		seterr(err, err_sz, "malformed ELF file: bad section headers%s%s", "", "");
		return false;
	}
	e->secs = calloc(e->sec_cnt, sizeof(*e->secs));
	if (!e->secs) {
		seterr(err, err_sz, "out of memory%s%s", "", "");
		return false;
	}
	return true;
}

/* An executable section: its instructions, 8-byte aligned */
static bool elf_read_exec(struct elf_info *e, const struct elf64_shdr *sh, struct sec *s,
			  size_t idx)
{
	const void *d = elfimg_data(&e->img, sh);

	if (!d || sh->sh_size % INSN_SZ)
		return false;
	s->exec = true;
	s->insns = d;
	if ((uintptr_t)d % sizeof(__u64)) {
		s->copy = malloc(sh->sh_size ? sh->sh_size : 1);
		if (!s->copy)
			return false;
		memcpy(s->copy, d, sh->sh_size);
		s->insns = s->copy;
	}
	s->insn_cnt = sh->sh_size / INSN_SZ;
	if (!strcmp(s->name, ".text"))
		e->text_shndx = idx;
	return true;
}

/* What attrcheck needs of section @idx; false when it is malformed */
static bool elf_read_sec(struct elf_info *e, size_t idx, size_t *symtab)
{
	struct sec *s = &e->secs[idx];
	struct elf64_shdr sh;
	const void *data;

	if (!elfimg_shdr(&e->img, idx, &sh))
		return false;
	s->name = elfimg_str(&e->img, e->img.shstrndx, sh.sh_name);
	if (!s->name)
		return false;
	if (sh.sh_type == SHT_SYMTAB) {
		*symtab = idx;
	} else if (sh.sh_type == SHT_PROGBITS && (sh.sh_flags & SHF_EXECINSTR)) {
		return elf_read_exec(e, &sh, s, idx);
	} else if (sh.sh_flags & SHF_ALLOC) {
		s->data = true;
		if (!strcmp(s->name, ".maps"))
			e->maps_shndx = idx;
		else if (!strcmp(s->name, "maps"))
			e->legacy_maps_shndx = idx;
	} else if (sh.sh_type == SHT_PROGBITS && !strcmp(s->name, ".BTF.ext")) {
		data = elfimg_data(&e->img, &sh);
		if (data && sh.sh_size) {
			e->btf_ext = data;
			e->btf_ext_sz = sh.sh_size;
		}
	} else if (sh.sh_type == SHT_PROGBITS && !strcmp(s->name, ".BTF")) {
		data = elfimg_data(&e->img, &sh);
		if (data && sh.sh_size) {
			e->btf_data = data;
			e->btf_sz = sh.sh_size;
		}
	}
	return true;
}

/* Symbol @i, @es, a function of an executable section: one more of e->funcs */
static bool elf_add_func(struct elf_info *e, const struct sym *y, const struct elf64_sym *es,
			 size_t i)
{
	struct func *f = &e->funcs[e->func_cnt];
	const struct sec *s = &e->secs[y->shndx];
	int vis = ELFIMG_ST_VISIBILITY(es->st_other);

	if (es->st_value % INSN_SZ || es->st_size % INSN_SZ ||
	    es->st_value / INSN_SZ > s->insn_cnt ||
	    es->st_size / INSN_SZ > s->insn_cnt - es->st_value / INSN_SZ)
		return false;
	f->name = y->name;
	f->shndx = y->shndx;
	f->start = es->st_value / INSN_SZ;
	f->cnt = es->st_size / INSN_SZ;
	f->sym = i;
	/* libbpf makes a hidden one static */
	f->global = y->bind != STB_LOCAL && vis != ELFIMG_STV_HIDDEN &&
		    vis != ELFIMG_STV_INTERNAL;
	e->func_cnt++;
	return true;
}

static bool elf_read_syms(struct elf_info *e, size_t symtab)
{
	struct elf64_shdr sh;
	const __u8 *d;
	size_t i, n;

	if (!elfimg_shdr(&e->img, symtab, &sh))
		return false;
	d = elfimg_data(&e->img, &sh);
	if (!d || sh.sh_entsize != sizeof(struct elf64_sym))
		return false;
	n = sh.sh_size / sh.sh_entsize;
	e->syms = calloc(n ? n : 1, sizeof(*e->syms));
	e->funcs = calloc(n ? n : 1, sizeof(*e->funcs));
	if (!e->syms || !e->funcs)
		return false;
	for (i = 0; i < n; i++) {
		struct sym *y = &e->syms[i];
		struct elf64_sym es;

		memcpy(&es, d + i * sizeof(es), sizeof(es));
		y->name = elfimg_str(&e->img, sh.sh_link, es.st_name);
		if (!y->name)
			y->name = "";
		y->shndx = es.st_shndx;
		y->value = es.st_value;
		y->size = es.st_size;
		y->type = ELF64_ST_TYPE(es.st_info);
		y->bind = ELF64_ST_BIND(es.st_info);
		if (y->type == STT_FUNC && y->shndx && y->shndx < e->sec_cnt &&
		    e->secs[y->shndx].exec && !elf_add_func(e, y, &es, i))
			return false;
	}
	e->sym_cnt = n;
	return true;
}

/* The relocations of section @sh, REL section of @t: sorted by offset */
static bool elf_read_rel_sec(struct elf_info *e, const struct elf64_shdr *sh, struct sec *t)
{
	const __u8 *d = elfimg_data(&e->img, sh);
	struct elf64_rel r;
	size_t i, n;

	if (!d || sh->sh_entsize != sizeof(r))
		return false;
	n = sh->sh_size / sizeof(r);
	free(t->rels);
	t->rels = calloc(n ? n : 1, sizeof(*t->rels));
	if (!t->rels)
		return false;
	for (i = 0; i < n; i++) {
		memcpy(&r, d + i * sizeof(r), sizeof(r));
		if (ELF64_R_SYM(r.r_info) >= e->sym_cnt)
			return false;
		t->rels[i].off = r.r_offset;
		t->rels[i].sym = ELF64_R_SYM(r.r_info);
	}
	t->rel_cnt = n;
	qsort(t->rels, n, sizeof(*t->rels), rel_cmp);
	return true;
}

/*
 * The relocations of the executable sections and of .maps (a prog array's
 * "values" name programs there)
 */
static bool elf_read_rels(struct elf_info *e)
{
	struct elf64_shdr sh;
	size_t idx;

	for (idx = 1; idx < e->sec_cnt; idx++) {
		if (!elfimg_shdr(&e->img, idx, &sh) || sh.sh_type != SHT_REL)
			continue;
		if (sh.sh_info >= e->sec_cnt ||
		    (!e->secs[sh.sh_info].exec && (!e->maps_shndx || sh.sh_info != e->maps_shndx)))
			continue;
		if (!elf_read_rel_sec(e, &sh, &e->secs[sh.sh_info]))
			return false;
	}
	return true;
}

static struct elf_info *elf_info_read(const void *mem, size_t size, char *err, size_t err_sz)
{
	size_t idx, symtab = 0;
	struct elf_info *e;

	if (!elf_ident_ok(mem, size, err, err_sz))
		return NULL;
	e = calloc(1, sizeof(*e));
	if (!e) {
		seterr(err, err_sz, "out of memory%s%s", "", "");
		return NULL;
	}
	if (!elf_read_header(e, mem, size, err, err_sz))
		goto fail;
	/* section 0 is the null section */
	for (idx = 1; idx < e->sec_cnt; idx++)
		if (!elf_read_sec(e, idx, &symtab))
			goto bad;
	if (!symtab) {
		seterr(err, err_sz, "not a BPF object: no symbol table%s%s", "", "");
		goto fail;
	}
	if (!elf_read_syms(e, symtab) || !elf_read_rels(e))
		goto bad;
	parse_btf_ext(e);
	return e;
bad:
	seterr(err, err_sz, "malformed ELF file: bad section, symbol or relocation table%s%s",
	       "", "");
fail:
	elf_info_free(e);
	return NULL;
}

static long find_func(const struct elf_info *e, size_t shndx, size_t idx)
{
	size_t i;

	for (i = 0; i < e->func_cnt; i++) {
		const struct func *f = &e->funcs[i];

		if (f->shndx == shndx && idx >= f->start && idx < f->start + f->cnt)
			return i;
	}
	return -1;
}

static const struct sym *insn_sym(const struct elf_info *e, const struct func *f, size_t i)
{
	const struct rel *r = find_rel(&e->secs[f->shndx], (f->start + i) * INSN_SZ);

	return r ? &e->syms[r->sym] : NULL;
}

static bool is_ldimm64(const struct bpf_insn *in)
{
	return in->code == (BPF_LD | BPF_IMM | BPF_DW);
}

/* The callee of a call or ld_imm64 of a function at insn @i of @f, or -1. */
static long callee(const struct elf_info *e, const struct func *f, size_t i)
{
	const struct bpf_insn *in = &e->secs[f->shndx].insns[f->start + i];
	const struct sym *y = insn_sym(e, f, i);
	long long t;

	if (in->code == (BPF_JMP | BPF_CALL)) {
		if (in->src_reg != BPF_PSEUDO_CALL)
			return -1;
		if (y && y->shndx == SHN_UNDEF)
			return -1;	/* kfunc */
		if (y) {
			if (y->shndx >= e->sec_cnt || !e->secs[y->shndx].exec)
				return -1;
			t = (long long)(y->value / INSN_SZ) + in->imm + 1;
			if (t < 0 || (size_t)t >= e->secs[y->shndx].insn_cnt)
				return -1;
			return find_func(e, y->shndx, t);
		}
		t = (long long)(f->start + i) + in->imm + 1;
		if (t < 0 || (size_t)t >= e->secs[f->shndx].insn_cnt)
			return -1;
		return find_func(e, f->shndx, t);
	}
	if (is_ldimm64(in) && y && y->shndx && y->shndx < e->sec_cnt &&
	    e->secs[y->shndx].exec) {
		t = ((long long)y->value + in->imm) / (long long)INSN_SZ;
		if (t < 0 || (size_t)t >= e->secs[y->shndx].insn_cnt)
			return -1;
		return find_func(e, y->shndx, t);
	}
	return -1;
}

/* ---- map references ---------------------------------------------------- */

static __u64 type_bit(enum bpf_map_type t)
{
	return t > 0 && t < 64 ? 1ULL << t : 0;
}

static struct bpf_map *find_map(struct bpf_object *obj, const char *name)
{
	return obj && name && *name ? bpf_object__find_map_by_name(obj, name) : NULL;
}

/* The object's BTF: libbpf's, or ours when libbpf refused the object */
static const struct btf *pa_btf(const struct panalysis *pa)
{
	return pa->obj ? bpf_object__btf(pa->obj) : pa->e->btf;
}

/* Every map type this libbpf has a name for: the wide side of a guess */
static __u64 all_map_types(void)
{
	__u64 m = 0;
	int t;

	for (t = 1; t < 64; t++)
		if (libbpf_bpf_map_type_str(t))
			m |= 1ULL << t;
	return m;
}

/*
 * The inner map types of legacy map-in-map @lm. Only iproute2 names its
 * template, by id (inner_id), and only an unpinned map surely has it: a
 * pinned one may be an older map with another template. Otherwise they
 * cannot be known: all count, and a note says so.
 */
static __u64 lmap_inner(struct panalysis *pa, const struct lmap *lm)
{
	const struct elf_info *e = pa->e;
	__u64 t = 0;
	size_t i;

	if (e->elf_map && lm->f[LM_INNER_ID] && !lm->f[LM_PINNING])
		for (i = 0; i < e->lmap_cnt; i++)
			if (&e->lmaps[i] != lm && e->lmaps[i].f[LM_ID] == lm->f[LM_INNER_ID])
				t |= type_bit(e->lmaps[i].f[LM_TYPE]);
	if (t)
		return t;
	pa->p->inner_guessed = true;
	return all_map_types();
}

static __u64 lmap_type(struct panalysis *pa, const struct lmap *lm)
{
	__u32 t = lm->f[LM_TYPE];

	if (t == BPF_MAP_TYPE_ARRAY_OF_MAPS || t == BPF_MAP_TYPE_HASH_OF_MAPS)
		pa->inner_maps |= lmap_inner(pa, lm);
	return type_bit(t);
}

/*
 * An ld_imm64 of legacy map section symbol @y: the map at @y's offset
 * plus the instruction's (the section symbol and an offset, for a
 * static map), or, when none starts there, any of them.
 */
static __u64 legacy_map_val(struct panalysis *pa, const struct sym *y, __s32 imm)
{
	__u64 off = y->value + (__s64)imm, t = 0;
	size_t i;

	for (i = 0; i < pa->e->lmap_cnt; i++)
		if (pa->e->lmaps[i].off == off)
			return lmap_type(pa, &pa->e->lmaps[i]);
	for (i = 0; i < pa->e->lmap_cnt; i++)
		t |= lmap_type(pa, &pa->e->lmaps[i]);
	return t;
}

static bool in_datasec(const struct btf *btf, const char *sec, const char *var)
{
	const struct btf_var_secinfo *vs;
	const struct btf_type *t;
	int id, i;

	if (!btf)
		return false;
	id = btf__find_by_name_kind(btf, sec, BTF_KIND_DATASEC);
	if (id < 0)
		return false;
	t = btf__type_by_id(btf, id);
	vs = btf_var_secinfos(t);
	for (i = 0; i < btf_vlen(t); i++, vs++) {
		const struct btf_type *v = btf__type_by_id(btf, vs->type);
		const char *n = v ? btf__name_by_offset(btf, v->name_off) : NULL;

		if (n && !strcmp(n, var))
			return true;
	}
	return false;
}

/* The value an ld_imm64 loads: a map pointer, a map value, or other. */
static struct aval ldimm64_val(struct panalysis *pa, const struct func *f, size_t i,
			       bool *is_map)
{
	struct elf_info *e = pa->e;
	const struct sym *y = insn_sym(e, f, i);
	struct aval v = {};
	struct bpf_map *m = NULL;

	*is_map = false;
	if (!y)
		return v;	/* a constant */
	if (y->shndx == SHN_UNDEF) {
		if (in_datasec(pa_btf(pa), ".kconfig", y->name)) {
			*is_map = true;
			v.mval = type_bit(BPF_MAP_TYPE_ARRAY);
			return v;
		}
		/* a ksym: a BTF pointer, kernel memory */
		v = aval_other();
		v.k |= K_KERN;
		return v;
	}
	if (y->shndx >= e->sec_cnt)
		return aval_unk();
	if (e->secs[y->shndx].exec)
		return aval_other();	/* a callback */
	if (y->shndx == e->legacy_maps_shndx && !pa->obj) {
		*is_map = true;
		v.mptr = legacy_map_val(pa, y, e->secs[f->shndx].insns[f->start + i].imm);
		return v;
	}
	if (y->shndx == e->maps_shndx || y->shndx == e->legacy_maps_shndx) {
		m = find_map(pa->obj, y->name);
		if (!m) {
			/* a legacy map referenced by section symbol */
			struct bpf_map *it;

			if (!pa->obj)
				v.mptr = all_map_types();
			bpf_object__for_each_map(it, pa->obj)
				if (!bpf_map__is_internal(it))
					v.mptr |= type_bit(bpf_map__type(it));
			*is_map = true;
			return v;
		}
		*is_map = true;
		v.mptr = type_bit(bpf_map__type(m));
		if (bpf_map__inner_map(m))
			pa->inner_maps |= type_bit(bpf_map__type(bpf_map__inner_map(m)));
		return v;
	}
	if (e->secs[y->shndx].data) {
		const char *sn = e->secs[y->shndx].name;

		*is_map = true;
		if (!strncmp(sn, ".addr_space.", 12)) {
			v.mval = type_bit(BPF_MAP_TYPE_ARENA);
			return v;
		}
		v.mval = type_bit(BPF_MAP_TYPE_ARRAY);
		return v;
	}
	return aval_unk();
}

/*
 * An ld_imm64 of a variable of .rodata or .kconfig: a map the program
 * cannot write (BPF_F_RDONLY_PROG), which the kernel never counts as
 * written, nor refuses a kfunc argument into.
 */
static bool ldimm64_rdonly(struct panalysis *pa, const struct func *f, size_t i)
{
	const struct sym *y = insn_sym(pa->e, f, i);
	struct bpf_map *m;

	if (!y)
		return false;
	if (y->shndx == SHN_UNDEF)
		m = find_map(pa->obj, ".kconfig");
	else if (y->shndx < pa->e->sec_cnt && pa->e->secs[y->shndx].data &&
		 y->shndx != pa->e->maps_shndx && y->shndx != pa->e->legacy_maps_shndx)
		m = find_map(pa->obj, pa->e->secs[y->shndx].name);
	else
		return false;
	return m && bpf_map__is_internal(m) && (bpf_map__map_flags(m) & BPF_F_RDONLY_PROG);
}

/* ---- helpers ------------------------------------------------------------ */

/*
 * What only reads a map. These lists mirror those of
 * kernel/bpf/prog_attrs_verifier.c (helper_reads_map(), map_reader_kfuncs[];
 * the host tests compare them): the kernel counts every other helper given
 * a map (ARG_CONST_MAP_PTR), every other kfunc given a map, and every other
 * kfunc given a pointer into a value of a map the program may write, as
 * writing that map.
 */
static bool helper_reads_map(int id)
{
	switch (id) {
	case BPF_FUNC_map_lookup_elem:
	case BPF_FUNC_map_lookup_percpu_elem:
	case BPF_FUNC_map_peek_elem:
	case BPF_FUNC_tail_call:
	case BPF_FUNC_perf_event_read:
	case BPF_FUNC_perf_event_read_value:
	case BPF_FUNC_current_task_under_cgroup:
	case BPF_FUNC_skb_under_cgroup:
	case BPF_FUNC_redirect_map:
	case BPF_FUNC_sk_redirect_map:
	case BPF_FUNC_sk_redirect_hash:
	case BPF_FUNC_msg_redirect_map:
	case BPF_FUNC_msg_redirect_hash:
	case BPF_FUNC_sk_select_reuseport:
	/* these hand out value pointers: stores through them are counted */
	case BPF_FUNC_get_local_storage:
	case BPF_FUNC_for_each_map_elem:
	case BPF_FUNC_ringbuf_query:
		return true;
	default:
		return false;
	}
}

/*
 * The length of the kfunc name that extern @name stands for: libbpf's
 * bpf_core_essential_name_len(), "X___Y" (X, Y not '_') up to its last
 * such "___" is the kfunc X, a flavour; libbpf resolves the kfunc by that
 * name, and the kernel checks the set against it.
 */
static size_t essential_len(const char *name)
{
	size_t n = strlen(name), i;

	for (i = n >= 5 ? n - 4 : 0; i-- > 0;)
		if (name[i] != '_' && !strncmp(name + i + 1, "___", 3) && name[i + 4] != '_')
			return i + 1;
	return n;
}

static const char * const map_reader_kfuncs[] = {
	"bpf_map_sum_elem_count",
	"bpf_rbtree_first",
};

/* @name, or its flavour "@name___suffix", is a kfunc that only reads maps */
static bool kfunc_reads_map(const char *name)
{
	size_t n = essential_len(name), i;

	for (i = 0; i < ARRAY_SIZE(map_reader_kfuncs); i++)
		if (strlen(map_reader_kfuncs[i]) == n && !strncmp(name, map_reader_kfuncs[i], n))
			return true;
	return false;
}

/* helpers whose pointer arguments are all read, never written */
static bool helper_reads_args(int id)
{
	switch (id) {
	case BPF_FUNC_map_lookup_elem:
	case BPF_FUNC_map_update_elem:
	case BPF_FUNC_map_delete_elem:
	case BPF_FUNC_map_push_elem:
	case BPF_FUNC_map_lookup_percpu_elem:
	case BPF_FUNC_trace_printk:
	case BPF_FUNC_trace_vprintk:
	case BPF_FUNC_ringbuf_output:
	case BPF_FUNC_perf_event_output:
	case BPF_FUNC_skb_output:
	case BPF_FUNC_xdp_output:
	case BPF_FUNC_tail_call:
	case BPF_FUNC_for_each_map_elem:
	case BPF_FUNC_loop:
	case BPF_FUNC_ktime_get_ns:
	case BPF_FUNC_get_current_pid_tgid:
	case BPF_FUNC_get_smp_processor_id:
	case BPF_FUNC_get_prandom_u32:
	case BPF_FUNC_csum_diff:
	case BPF_FUNC_ringbuf_submit:
	case BPF_FUNC_ringbuf_discard:
	case BPF_FUNC_seq_write:
	case BPF_FUNC_seq_printf:
	case BPF_FUNC_probe_read_kernel:
	case BPF_FUNC_probe_read_user:
	case BPF_FUNC_probe_read:
	case BPF_FUNC_probe_read_str:
	case BPF_FUNC_probe_read_kernel_str:
	case BPF_FUNC_probe_read_user_str:
		/* the last six write R1 only: handled by the caller */
		return true;
	default:
		return false;
	}
}

static bool helper_writes_r1_only(int id)
{
	switch (id) {
	case BPF_FUNC_probe_read_kernel:
	case BPF_FUNC_probe_read_user:
	case BPF_FUNC_probe_read:
	case BPF_FUNC_probe_read_str:
	case BPF_FUNC_probe_read_kernel_str:
	case BPF_FUNC_probe_read_user_str:
		return true;
	default:
		return false;
	}
}

/* maps whose lookup, in a program, returns the socket the element holds */
#define SOCKET_MAPS	(type_bit(BPF_MAP_TYPE_SOCKMAP) | type_bit(BPF_MAP_TYPE_SOCKHASH) | \
			 type_bit(BPF_MAP_TYPE_XSKMAP))

static bool helper_returns_value(int id)
{
	switch (id) {
	case BPF_FUNC_map_lookup_elem:
	case BPF_FUNC_map_lookup_percpu_elem:
	case BPF_FUNC_get_local_storage:
	case BPF_FUNC_sk_storage_get:
	case BPF_FUNC_inode_storage_get:
	case BPF_FUNC_task_storage_get:
	case BPF_FUNC_cgrp_storage_get:
		return true;
	default:
		return false;
	}
}

/* helpers whose result may be kernel memory (RET_PTR_TO_BTF_ID, sockets) */
static bool helper_returns_kernel(int id)
{
	switch (id) {
	case BPF_FUNC_get_current_task_btf:
	case BPF_FUNC_task_pt_regs:
	case BPF_FUNC_per_cpu_ptr:
	case BPF_FUNC_this_cpu_ptr:
	case BPF_FUNC_kptr_xchg:
	case BPF_FUNC_sk_fullsock:
	case BPF_FUNC_tcp_sock:
	case BPF_FUNC_get_listener_sock:
	case BPF_FUNC_sk_lookup_tcp:
	case BPF_FUNC_sk_lookup_udp:
	case BPF_FUNC_skc_lookup_tcp:
	case BPF_FUNC_skc_to_tcp6_sock:
	case BPF_FUNC_skc_to_tcp_sock:
	case BPF_FUNC_skc_to_tcp_timewait_sock:
	case BPF_FUNC_skc_to_tcp_request_sock:
	case BPF_FUNC_skc_to_udp6_sock:
	case BPF_FUNC_skc_to_unix_sock:
	case BPF_FUNC_skc_to_mptcp_sock:
	case BPF_FUNC_sock_from_file:
		return true;
	default:
		/* a helper this header does not know */
		return id <= 0 || id >= __BPF_FUNC_MAX_ID;
	}
}

/* The arguments (a mask of R1..R5) that helper @id takes as a map */
static unsigned int helper_map_args(int id)
{
	switch (id) {
	case BPF_FUNC_map_lookup_elem:
	case BPF_FUNC_map_update_elem:
	case BPF_FUNC_map_delete_elem:
	case BPF_FUNC_map_push_elem:
	case BPF_FUNC_map_pop_elem:
	case BPF_FUNC_map_peek_elem:
	case BPF_FUNC_map_lookup_percpu_elem:
	case BPF_FUNC_for_each_map_elem:
	case BPF_FUNC_ringbuf_output:
	case BPF_FUNC_ringbuf_reserve:
	case BPF_FUNC_ringbuf_query:
	case BPF_FUNC_ringbuf_reserve_dynptr:
	case BPF_FUNC_user_ringbuf_drain:
	case BPF_FUNC_redirect_map:
	case BPF_FUNC_sk_redirect_map:
	case BPF_FUNC_sk_redirect_hash:
	case BPF_FUNC_msg_redirect_map:
	case BPF_FUNC_msg_redirect_hash:
	case BPF_FUNC_sock_map_update:
	case BPF_FUNC_sock_hash_update:
	case BPF_FUNC_get_local_storage:
	case BPF_FUNC_perf_event_read:
	case BPF_FUNC_perf_event_read_value:
	case BPF_FUNC_current_task_under_cgroup:
		return 1U << 1;
	case BPF_FUNC_sk_storage_get:
	case BPF_FUNC_sk_storage_delete:
	case BPF_FUNC_task_storage_get:
	case BPF_FUNC_task_storage_delete:
	case BPF_FUNC_inode_storage_get:
	case BPF_FUNC_inode_storage_delete:
	case BPF_FUNC_cgrp_storage_get:
	case BPF_FUNC_cgrp_storage_delete:
		return 1U << 1 | 1U << 2;
	case BPF_FUNC_tail_call:
	case BPF_FUNC_perf_event_output:
	case BPF_FUNC_skb_output:
	case BPF_FUNC_xdp_output:
	case BPF_FUNC_get_stackid:
	case BPF_FUNC_skb_under_cgroup:
	case BPF_FUNC_sk_select_reuseport:
	case BPF_FUNC_timer_init:
		return 1U << 2;
	default:
		return 0;
	}
}

/*
 * The arguments (a mask of R1..R5) that helper @id takes as kernel
 * objects (ARG_PTR_TO_BTF_ID, sockets) or maps, not as memory it reads.
 */
static unsigned int helper_obj_args(int id)
{
	switch (id) {
	case BPF_FUNC_sk_release:
	case BPF_FUNC_sk_fullsock:
	case BPF_FUNC_tcp_sock:
	case BPF_FUNC_get_listener_sock:
	case BPF_FUNC_skc_to_tcp6_sock:
	case BPF_FUNC_skc_to_tcp_sock:
	case BPF_FUNC_skc_to_tcp_timewait_sock:
	case BPF_FUNC_skc_to_tcp_request_sock:
	case BPF_FUNC_skc_to_udp6_sock:
	case BPF_FUNC_skc_to_unix_sock:
	case BPF_FUNC_skc_to_mptcp_sock:
	case BPF_FUNC_task_pt_regs:
	case BPF_FUNC_sock_from_file:
	case BPF_FUNC_get_task_stack:
	case BPF_FUNC_tcp_check_syncookie:
	case BPF_FUNC_tcp_gen_syncookie:
		return 1U << 1;
	default:
		return helper_map_args(id);
	}
}

/* helpers that only read their memory arguments (MEM_RDONLY) */
static bool helper_reads_mem(int id)
{
	switch (id) {
	case BPF_FUNC_sk_lookup_tcp:
	case BPF_FUNC_sk_lookup_udp:
	case BPF_FUNC_skc_lookup_tcp:
	case BPF_FUNC_tcp_check_syncookie:
	case BPF_FUNC_tcp_gen_syncookie:
		return true;
	default:
		return helper_reads_args(id) && !helper_writes_r1_only(id);
	}
}

/*
 * Helpers the verifier marks as changing packet data
 * (bpf_helper_changes_pkt_data(), net/core/filter.c), but the tail call.
 */
static bool helper_changes_pkt(int id)
{
	switch (id) {
	case BPF_FUNC_clone_redirect:
	case BPF_FUNC_l3_csum_replace:
	case BPF_FUNC_l4_csum_replace:
	case BPF_FUNC_lwt_push_encap:
	case BPF_FUNC_lwt_seg6_action:
	case BPF_FUNC_lwt_seg6_adjust_srh:
	case BPF_FUNC_lwt_seg6_store_bytes:
	case BPF_FUNC_msg_pop_data:
	case BPF_FUNC_msg_pull_data:
	case BPF_FUNC_msg_push_data:
	case BPF_FUNC_skb_adjust_room:
	case BPF_FUNC_skb_change_head:
	case BPF_FUNC_skb_change_proto:
	case BPF_FUNC_skb_change_tail:
	case BPF_FUNC_skb_pull_data:
	case BPF_FUNC_skb_store_bytes:
	case BPF_FUNC_skb_vlan_pop:
	case BPF_FUNC_skb_vlan_push:
	case BPF_FUNC_store_hdr_opt:
	case BPF_FUNC_xdp_adjust_head:
	case BPF_FUNC_xdp_adjust_meta:
	case BPF_FUNC_xdp_adjust_tail:
		return true;
	default:
		return false;
	}
}

/* ---- data flow ---------------------------------------------------------- */

static void note_write(struct panalysis *pa, const struct aval *v)
{
	__u64 t = v->mval;

	if (v->k & K_FSTACK) {
		/* a map value the analysis lost track of may be behind it */
		t |= pa->all_maps;
		if (pa->all_maps)
			pa->p->write_guessed = true;
	}
	pa->p->map_types_write |= t;
}

static void store_to(struct panalysis *pa, struct astate *st, const struct aval *base,
		     const struct aval *src, int size, bool strong)
{
	size_t j;

	if (base->k & K_CTX)
		pa->p->write_ctx = true;
	if (base->mval)
		pa->p->map_types_write |= base->mval;
	if (base->k & K_FSTACK) {
		/* the caller's stack, or ours at an unknown offset */
		if (src && (src->k & K_CTX))
			pa->ctx_escaped = true;
		if (src && src->mval)
			pa->p->write_guessed = true;
		note_write(pa, base);
	}
	if (!(base->k & K_STACK))
		return;
	if (!base->off_known || base->off >= 0 || base->off < -512) {
		for (j = 0; j < STACK_SLOTS; j++)
			if (src)
				aval_join(&st->s[j], src);
		return;
	}
	j = (size_t)((512 + base->off) / 8);
	if (size == 8 && src && !((512 + base->off) % 8)) {
		if (strong && base->k == K_STACK)
			st->s[j] = *src;
		else
			aval_join(&st->s[j], src);
	} else if (src && (src->k || src->mptr || src->mval)) {
		/* part of a pointer: keep what it may be, conservatively */
		aval_join(&st->s[j], src);
	} else if (strong && base->k == K_STACK && size == 8) {
		memset(&st->s[j], 0, sizeof(st->s[j]));
	}
}

/*
 * What a load from the context may give, by program type (the
 * is_valid_access callbacks of net/core/filter.c and kernel/trace/):
 * packet pointers (K_PKT), kernel pointers (K_KERN), for a load of @size
 * bytes. A type not listed here may give both.
 */
static __u8 ctx_yields(enum bpf_prog_type type, int size)
{
	switch (type) {
	case BPF_PROG_TYPE_KPROBE:
	case BPF_PROG_TYPE_TRACEPOINT:
	case BPF_PROG_TYPE_PERF_EVENT:
	case BPF_PROG_TYPE_RAW_TRACEPOINT:
	case BPF_PROG_TYPE_CGROUP_DEVICE:
	case BPF_PROG_TYPE_CGROUP_SYSCTL:
	case BPF_PROG_TYPE_CGROUP_SOCK:
	case BPF_PROG_TYPE_LIRC_MODE2:
	case BPF_PROG_TYPE_SYSCALL:
		return 0;		/* scalars only */
	case BPF_PROG_TYPE_XDP:
	case BPF_PROG_TYPE_FLOW_DISSECTOR:
		return K_PKT;		/* data, data_meta, data_end */
	case BPF_PROG_TYPE_SOCKET_FILTER:
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
	case BPF_PROG_TYPE_CGROUP_SKB:
	case BPF_PROG_TYPE_LWT_IN:
	case BPF_PROG_TYPE_LWT_OUT:
	case BPF_PROG_TYPE_LWT_XMIT:
	case BPF_PROG_TYPE_LWT_SEG6LOCAL:
	case BPF_PROG_TYPE_SK_SKB:
		/* struct __sk_buff: data fields of 4 bytes, sk of 8 */
		return size == 8 ? K_KERN : K_PKT;
	case BPF_PROG_TYPE_TRACING:
	case BPF_PROG_TYPE_LSM:
	case BPF_PROG_TYPE_STRUCT_OPS:
	case BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE:
	case BPF_PROG_TYPE_NETFILTER:
	case BPF_PROG_TYPE_SK_LOOKUP:
	case BPF_PROG_TYPE_CGROUP_SOCK_ADDR:
		return K_KERN;		/* BTF pointers, sockets, a tp buffer */
	default:
		/* sk_msg, sock_ops, sockopt, sk_reuseport, ext, unknown */
		return K_PKT | K_KERN;
	}
}

/* A load, or an atomic operation, through @base: read_kernel */
static void count_read(struct panalysis *pa, const struct aval *base)
{
	if ((base->k & K_KERN) || (base->mptr && !(base->k & K_UNK)))
		pa->kern_used = true;	/* kernel memory, a map's fields */
	else if (base->k & K_UNK)
		pa->kern_unk = true;
}

/* A store through @base, or memory a call may write: write_packet */
static void count_write(struct panalysis *pa, const struct aval *base)
{
	if (base->k & K_PKT)
		pa->pkt_used = true;
	else if (base->k & K_UNK)
		pa->pkt_unk = true;
}

static struct aval load_from(struct panalysis *pa, struct astate *st, const struct aval *base,
			     int size)
{
	struct aval v = {};

	if (base->k & (K_CTX | K_OTHER) || base->mval || base->mptr)
		v.k |= K_OTHER;
	if (base->k & K_CTX)
		v.k |= ctx_yields(pa->p->type, size);
	/* through kernel memory, or a kptr of a map value or an object */
	if ((base->k & K_KERN) || base->mptr ||
	    (size == 8 && pa->kptrs && (base->k & K_OTHER || base->mval)))
		v.k |= K_KERN;
	if (base->k & K_UNK)
		v.k |= K_UNK;
	if (base->k & K_FSTACK) {
		struct aval t = aval_top(pa, !pa->ctx_escaped ? false : true);

		/* pointers spilled by a caller: could be its context too */
		t.k |= K_CTX;
		aval_join(&v, &t);
	}
	if (base->k & K_STACK) {
		if (base->off_known && base->off < 0 && base->off >= -512 &&
		    !((512 + base->off) % 8) && size == 8) {
			aval_join(&v, &st->s[(512 + base->off) / 8]);
		} else if (base->off_known && base->off < 0 && base->off >= -512) {
			/* a part of a slot: a scalar unless a pointer was there */
			struct aval s = st->s[(512 + base->off) / 8];

			if (s.k || s.mptr || s.mval)
				aval_join(&v, &s);
		} else {
			struct aval t = aval_top(pa, true);

			aval_join(&v, &t);
		}
	}
	/* a value loaded from anywhere else is never the context */
	return v;
}

static void state_join(struct astate *a, const struct astate *b, bool *changed)
{
	size_t j;

	if (!a->live) {
		*a = *b;
		a->live = true;
		*changed = true;
		return;
	}
	for (j = 0; j < MAX_BPF_REG; j++) {
		struct aval o = a->r[j];

		aval_join(&a->r[j], &b->r[j]);
		if (!aval_eq(&o, &a->r[j]))
			*changed = true;
	}
	for (j = 0; j < STACK_SLOTS; j++) {
		struct aval o = a->s[j];

		aval_join(&a->s[j], &b->s[j]);
		if (!aval_eq(&o, &a->s[j]))
			*changed = true;
	}
}

static int bpf_size(__u8 code)
{
	switch (BPF_SIZE(code)) {
	case BPF_B:
		return 1;
	case BPF_H:
		return 2;
	case BPF_W:
		return 4;
	default:
		return 8;
	}
}

static size_t pfunc_of(struct panalysis *pa, long fidx)
{
	size_t i;

	for (i = 0; i < pa->f_cnt; i++)
		if ((long)pa->fs[i].func == fidx)
			return i;
	return (size_t)-1;
}

static void enter_callee(struct panalysis *pa, size_t pf, const struct astate *st, bool cb)
{
	struct pfunc *c = &pa->fs[pf];
	int r;

	for (r = 1; r <= 5; r++) {
		struct aval v = cb ? aval_top(pa, false) : st->r[r];
		struct aval o = c->entry[r];

		if (v.k & K_STACK) {
			v.k &= ~K_STACK;
			v.k |= K_FSTACK;
			v.off_known = 0;
		}
		aval_join(&c->entry[r], &v);
		if (!c->entered || !aval_eq(&o, &c->entry[r]))
			pa->changed = true;
	}
	if (!c->entered)
		pa->changed = true;
	c->entered = true;
	c->callback |= cb;
}

static void alu64(const struct bpf_insn *in, struct aval *dst, const struct aval *src)
{
	struct aval zero = {}, s;

	switch (BPF_OP(in->code)) {
	case BPF_MOV:
		*dst = BPF_SRC(in->code) == BPF_X && !in->off ? *src : zero;
		return;
	case BPF_ADD:
	case BPF_SUB:
		break;
	default:
		*dst = zero;
		return;
	}
	if (BPF_SRC(in->code) == BPF_K) {
		if (dst->off_known)
			dst->off += BPF_OP(in->code) == BPF_ADD ? in->imm : -in->imm;
		return;
	}
	/* pointer +/- register: keep what either may point to */
	s = *src;
	s.off_known = 0;
	dst->off_known = 0;
	if (!(s.k || s.mptr || s.mval || dst->k || dst->mptr || dst->mval))
		return;
	aval_join(dst, &s);
	dst->off_known = 0;
	if (dst->k & K_STACK)
		dst->k |= K_FSTACK;
}

static void alu(const struct bpf_insn *in, struct aval *dst, const struct aval *src)
{
	__u64 arena = type_bit(BPF_MAP_TYPE_ARENA), keep = 0;
	struct aval zero = {};

	/* any arithmetic on an arena pointer gives one (the verifier's rule) */
	if (BPF_OP(in->code) != BPF_MOV)
		keep = (dst->mval | (BPF_SRC(in->code) == BPF_X ? src->mval : 0)) & arena;
	if (BPF_CLASS(in->code) == BPF_ALU64 && BPF_OP(in->code) == BPF_MOV &&
	    BPF_SRC(in->code) == BPF_X && in->off == BPF_ADDR_SPACE_CAST) {
		/* as(1) to as(0) makes an arena pointer; as(0) to as(1) a scalar */
		*dst = zero;
		if (in->imm == 1)
			dst->mval = arena;
	} else if (BPF_CLASS(in->code) == BPF_ALU64) {
		alu64(in, dst, src);
	} else {
		*dst = zero;
	}
	dst->mval |= keep;
}

/*
 * Arguments R1..R@nargs of a call write the maps they may point into
 * (@val) or be (@map). An argument the analysis lost track of (loaded
 * from another frame's stack, say) may be any map: all count, and a note
 * says so.
 */
static void args_written(struct panalysis *pa, const struct astate *st, int nargs,
			 bool val, bool map)
{
	int r;

	for (r = 1; r <= nargs && r <= 5; r++) {
		const struct aval *v = &st->r[r];
		__u64 t = (val ? v->mval : 0) | (map ? v->mptr : 0);

		if (t && (v->k & K_OTHER) && (v->k & K_FSTACK)) {
			t |= pa->all_maps;
			pa->p->write_guessed = true;
		}
		pa->p->map_types_write |= t;
	}
}

/*
 * The number of arguments of function or kfunc @y from the object's BTF
 * (libbpf refuses a kfunc whose prototype differs from the kernel's in
 * it), or 5 when unknown. Cached in the symbol.
 */
static int sym_nargs(struct panalysis *pa, const struct sym *y)
{
	const struct btf *btf = pa_btf(pa);
	struct sym *s = &pa->e->syms[y - pa->e->syms];
	const struct btf_type *t;
	int id;

	if (s->nargs)
		return s->nargs - 1;
	s->nargs = 5 + 1;
	id = btf ? btf__find_by_name_kind(btf, s->name, BTF_KIND_FUNC) : -1;
	t = id > 0 ? btf__type_by_id(btf, id) : NULL;
	t = t ? btf__type_by_id(btf, t->type) : NULL;
	if (t && btf_is_func_proto(t) && btf_vlen(t) <= 5)
		s->nargs = btf_vlen(t) + 1;
	return s->nargs - 1;
}

/* What a kfunc's or a function's argument or result is, by its BTF type */
enum pkind {
	PK_UNKNOWN,	/* no BTF: any of the below */
	PK_SCALAR,	/* not a pointer */
	PK_OBJ,		/* a pointer to a struct or union: an object */
	PK_VOID,	/* void *: memory, or a cast (bpf_rdonly_cast) */
	PK_MEM,		/* a pointer to scalars: memory */
};

/* Type @id past modifiers and typedefs: 0 for void, -1 when malformed */
static long skip_mods(const struct btf *btf, __u32 id)
{
	const struct btf_type *t;
	int depth;

	for (depth = 0; id && depth < 32; depth++) {
		t = btf__type_by_id(btf, id);
		if (!t)
			return -1;
		if (!btf_is_mod(t) && !btf_is_typedef(t))
			return id;
		id = t->type;
	}
	return id ? -1 : 0;
}

static enum pkind pkind(const struct btf *btf, __u32 id)
{
	const struct btf_type *t;
	long r = skip_mods(btf, id);

	if (!r)
		return PK_SCALAR;	/* void */
	t = r > 0 ? btf__type_by_id(btf, r) : NULL;
	if (!t)
		return PK_UNKNOWN;
	if (!btf_is_ptr(t))
		return PK_SCALAR;
	r = skip_mods(btf, t->type);
	if (!r)
		return PK_VOID;
	t = r > 0 ? btf__type_by_id(btf, r) : NULL;
	if (!t)
		return PK_UNKNOWN;
	return btf_is_composite(t) || btf_is_fwd(t) ? PK_OBJ : PK_MEM;
}

/* The FUNC_PROTO of function or kfunc @name in the object's BTF, or NULL */
static const struct btf_type *func_proto(const struct panalysis *pa, const char *name)
{
	const struct btf *btf = pa_btf(pa);
	const struct btf_type *t;
	int id;

	id = btf ? btf__find_by_name_kind(btf, name, BTF_KIND_FUNC) : -1;
	t = id > 0 ? btf__type_by_id(btf, id) : NULL;
	t = t ? btf__type_by_id(btf, t->type) : NULL;
	return t && btf_is_func_proto(t) ? t : NULL;
}

/* Argument @n (0-based) of @proto, or its result (@n < 0) */
static enum pkind proto_kind(const struct panalysis *pa, const struct btf_type *proto, int n)
{
	if (!proto || n >= (int)btf_vlen(proto))
		return PK_UNKNOWN;
	return pkind(pa_btf(pa), n < 0 ? proto->type : btf_params(proto)[n].type);
}

/* @name, or its flavour "@name___suffix", is one of @names */
static bool name_listed(const char *name, const char * const *names, size_t cnt)
{
	size_t n = essential_len(name), i;

	for (i = 0; i < cnt; i++)
		if (strlen(names[i]) == n && !strncmp(name, names[i], n))
			return true;
	return false;
}

/* A read through call argument @v: read_kernel (no map's fields) */
static void count_arg_read(struct panalysis *pa, const struct aval *v)
{
	if (v->k & K_KERN)
		pa->kern_used = true;
	else if (v->k & K_UNK)
		pa->kern_unk = true;
}

/*
 * Arguments R1..R@nargs of a kfunc or a global function of prototype
 * @proto (NULL: unknown): memory the callee may read and write. A
 * pointer to an object (PTR_TO_BTF_ID) is no memory access.
 */
static void func_args(struct panalysis *pa, const struct astate *st,
		      const struct btf_type *proto, int nargs)
{
	int r;

	for (r = 1; r <= nargs && r <= 5; r++) {
		enum pkind k = proto_kind(pa, proto, r - 1);

		if (k == PK_SCALAR)
			continue;
		if (k != PK_OBJ)
			count_arg_read(pa, &st->r[r]);
		count_write(pa, &st->r[r]);
	}
}

/* Helper @id's arguments: memory it reads, memory it writes */
static void helper_args(struct panalysis *pa, const struct astate *st, int id)
{
	unsigned int obj = helper_obj_args(id);
	int r;

	for (r = 1; r <= 5; r++) {
		bool wr = helper_writes_r1_only(id) ? r == 1 : !helper_reads_mem(id);

		if (!(obj & (1U << r)))
			count_arg_read(pa, &st->r[r]);
		if (wr)
			count_write(pa, &st->r[r]);
	}
}

/* kfuncs whose result is the program's own memory, not the kernel's */
static const char * const own_ret_kfuncs[] = {
	"bpf_obj_new_impl",
	"bpf_percpu_obj_new_impl",
	"bpf_refcount_acquire_impl",
	"bpf_list_pop_front",
	"bpf_list_pop_back",
	"bpf_rbtree_remove",
	"bpf_rbtree_first",
	"bpf_iter_num_next",
	"bpf_iter_bits_next",
	"bpf_arena_alloc_pages",	/* the program's arena */
};

/* kfuncs whose result is a dynptr's memory: the packet's for skb, xdp */
static const char * const slice_kfuncs[] = {
	"bpf_dynptr_slice",
	"bpf_dynptr_slice_rdwr",
};

/*
 * The result of kfunc @name of prototype @proto: memory it hands out
 * (a pointer to scalars, PTR_TO_MEM) is counted as read_kernel at the
 * call; an object is kernel memory, counted where it is read.
 */
static struct aval kfunc_ret(struct panalysis *pa, const char *name,
			     const struct btf_type *proto)
{
	struct aval v = aval_other();

	if (name_listed(name, own_ret_kfuncs, ARRAY_SIZE(own_ret_kfuncs)))
		return v;
	if (name_listed(name, slice_kfuncs, ARRAY_SIZE(slice_kfuncs))) {
		v.k |= pa->pkt_dynptr ? K_PKT : 0;
		return v;
	}
	switch (proto_kind(pa, proto, -1)) {
	case PK_SCALAR:
		return v;
	case PK_UNKNOWN:
	case PK_MEM:
		pa->kern_used = true;
		break;
	case PK_OBJ:
	case PK_VOID:
		break;
	}
	v.k |= K_KERN;
	return v;
}

/* A call of a subprogram or a kfunc at insn @i of @f: returns R0. */
static struct aval call_func(struct panalysis *pa, const struct func *f, size_t i,
			     const struct astate *st)
{
	long c = callee(pa->e, f, i);
	size_t pf = c >= 0 ? pfunc_of(pa, c) : (size_t)-1;
	const struct sym *y;

	if (pf != (size_t)-1) {
		const struct func *g = &pa->e->funcs[c];

		/* the verifier checks a global function's arguments as read and written */
		if (g->global) {
			int n = sym_nargs(pa, &pa->e->syms[g->sym]);

			args_written(pa, st, n, true, false);
			func_args(pa, st, func_proto(pa, g->name), n);
		}
		enter_callee(pa, pf, st, false);
		return pa->fs[pf].ret;
	}
	/* a kfunc writes the maps and map values it is given, unless it only reads */
	y = insn_sym(pa->e, f, i);
	if (!y || !kfunc_reads_map(y->name))
		args_written(pa, st, y ? sym_nargs(pa, y) : 5, true, true);
	if (!y) {
		struct aval v = aval_unk();

		func_args(pa, st, NULL, 5);
		pa->kern_used = true;
		v.k |= K_KERN;
		return v;
	}
	func_args(pa, st, func_proto(pa, y->name), sym_nargs(pa, y));
	return kfunc_ret(pa, y->name, func_proto(pa, y->name));
}

/* A store or atomic operation of @src through @dst */
static void step_stx(struct panalysis *pa, const struct bpf_insn *in, struct astate *st,
		     struct aval *dst, struct aval *src)
{
	struct aval zero = {};

	count_write(pa, dst);
	if (BPF_MODE(in->code) != BPF_ATOMIC) {
		store_to(pa, st, dst, src, bpf_size(in->code), true);
		return;
	}
	/* the verifier checks an atomic operation as a load too */
	count_read(pa, dst);
	store_to(pa, st, dst, src, bpf_size(in->code), false);
	if (in->imm & BPF_FETCH)
		*src = zero;
	if (in->imm == BPF_CMPXCHG)
		st->r[BPF_REG_0] = zero;
}

/* ld_imm64 (insn @i of @f) into @dst, or LD_ABS, LD_IND */
static void step_ld(struct panalysis *pa, const struct bpf_insn *in, const struct func *f,
		    size_t i, struct astate *st, struct aval *dst)
{
	struct aval zero = {};
	bool is_map;
	int r;

	if (!is_ldimm64(in)) {
		/* LD_ABS, LD_IND */
		for (r = 0; r <= 5; r++)
			st->r[r] = zero;
		return;
	}
	*dst = ldimm64_val(pa, f, i, &is_map);
	/* a ksym's address: read_kernel, reachable or not */
	if (dst->k & K_KERN)
		pa->kern_used = true;
	/* read-only data: the verifier refuses any write to it */
	if (is_map && dst->mval && ldimm64_rdonly(pa, f, i))
		*dst = aval_other();
}

/* A call of helper @id: its arguments' effects; returns what it gives in R0 */
static struct aval helper_call(struct panalysis *pa, struct astate *st, int id)
{
	struct aval r0 = aval_other(), zero = {};
	const struct aval *m = &st->r[1];

	helper_args(pa, st, id);
	if (helper_returns_kernel(id))
		r0.k |= K_KERN;
	if (id == BPF_FUNC_dynptr_data && pa->pkt_dynptr)
		r0.k |= K_PKT;
	/* a map argument: written unless only read */
	if (!helper_reads_map(id))
		args_written(pa, st, 5, false, true);
	if (helper_writes_r1_only(id))
		note_write(pa, &st->r[1]);
	else if (!helper_reads_args(id))
		args_written(pa, st, 5, true, false);
	if (id == BPF_FUNC_map_peek_elem || id == BPF_FUNC_map_pop_elem)
		pa->p->map_types_write |= st->r[2].mval;
	if (!helper_returns_value(id))
		return r0;
	r0 = zero;
	r0.mval = m->mptr & ~pa->outer_maps;
	if (m->mptr & pa->outer_maps)
		r0.mptr = pa->inner_maps;
	if (m->k & (K_OTHER | K_FSTACK) || !m->mptr) {
		r0.mval |= pa->all_maps;
		r0.mptr |= pa->inner_maps;
	}
	/* a socket map's element is the socket (PTR_TO_SOCKET, PTR_TO_XDP_SOCK) */
	if (id == BPF_FUNC_map_lookup_elem && (r0.mval & SOCKET_MAPS))
		r0.k |= K_KERN;
	r0.mval &= ~SOCKET_MAPS;
	return r0;
}

/* A call (helper, subprogram, kfunc) or exit, insn @i of @f (function @pf) */
static void step_jmp(struct panalysis *pa, size_t pf, const struct bpf_insn *in,
		     const struct func *f, size_t i, struct astate *st)
{
	struct aval r0 = aval_other(), zero = {}, o;
	int r;

	if (BPF_OP(in->code) == BPF_EXIT) {
		o = pa->fs[pf].ret;
		aval_join(&pa->fs[pf].ret, &st->r[BPF_REG_0]);
		if (!aval_eq(&o, &pa->fs[pf].ret))
			pa->changed = true;
		return;
	}
	if (BPF_OP(in->code) != BPF_CALL)
		return;
	if (in->src_reg == 0)
		r0 = helper_call(pa, st, in->imm);
	else if (in->src_reg == BPF_PSEUDO_CALL || in->src_reg == BPF_PSEUDO_KFUNC_CALL)
		r0 = call_func(pa, f, i, st);
	for (r = 1; r <= 5; r++)
		st->r[r] = zero;
	st->r[BPF_REG_0] = r0;
}

/* One instruction: updates @st. */
static void step(struct panalysis *pa, size_t pf, const struct func *f, size_t i,
		 struct astate *st)
{
	const struct bpf_insn *in = &pa->e->secs[f->shndx].insns[f->start + i];
	struct aval zero = {}, *dst, *src;

	/* an invalid register: the verifier refuses it; nothing to learn */
	if (in->dst_reg >= MAX_BPF_REG || in->src_reg >= MAX_BPF_REG)
		return;
	dst = &st->r[in->dst_reg];
	src = &st->r[in->src_reg];
	switch (BPF_CLASS(in->code)) {
	case BPF_ALU64:
	case BPF_ALU:
		alu(in, dst, src);
		break;
	case BPF_LDX:
		count_read(pa, src);
		*dst = load_from(pa, st, src, bpf_size(in->code));
		if (BPF_MODE(in->code) == BPF_MEMSX)
			*dst = zero;
		break;
	case BPF_ST:
		count_write(pa, dst);
		store_to(pa, st, dst, &zero, bpf_size(in->code), true);
		break;
	case BPF_STX:
		step_stx(pa, in, st, dst, src);
		break;
	case BPF_LD:
		step_ld(pa, in, f, i, st, dst);
		break;
	case BPF_JMP:
		step_jmp(pa, pf, in, f, i, st);
		break;
	default:
		break;
	}
	/* R10 is read-only: keep it */
	st->r[BPF_REG_10] = zero;
	st->r[BPF_REG_10].k = K_STACK;
	st->r[BPF_REG_10].off_known = 1;
}

/* successors of insn @i in @f: returns their count (0..2) */
static int succs(const struct func *f, const struct bpf_insn *insns, size_t i, size_t out[2])
{
	const struct bpf_insn *in = &insns[i];
	__u8 cls = BPF_CLASS(in->code), op = BPF_OP(in->code);
	long long t;
	int n = 0;

	if (cls == BPF_LD && is_ldimm64(in))
		i++;	/* second half */
	if (cls != BPF_JMP && cls != BPF_JMP32) {
		if (i + 1 < f->cnt)
			out[n++] = i + 1;
		return n;
	}
	if (op == BPF_EXIT)
		return 0;
	if (op == BPF_CALL) {
		if (i + 1 < f->cnt)
			out[n++] = i + 1;
		return n;
	}
	if (cls == BPF_JMP32 && op == BPF_JA)
		t = (long long)i + in->imm + 1;
	else
		t = (long long)i + in->off + 1;
	if (t >= 0 && (size_t)t < f->cnt)
		out[n++] = t;
	if (op != BPF_JA && i + 1 < f->cnt)
		out[n++] = i + 1;
	return n;
}

/* The instruction after @i in a straight line (an ld_imm64 takes two) */
static size_t next_insn(const struct bpf_insn *insns, size_t i)
{
	return i + (is_ldimm64(&insns[i]) ? 2 : 1);
}

/*
 * Number the basic-block leaders of @f: its first instruction and every
 * successor of a jump (an instruction whose successors are not just the
 * next one in line). @slot[i] is leader i's number, SIZE_MAX for other instructions.
 * Only leaders keep a state: a state is about 1.8 KB, and functions of
 * 40,000 instructions exist; the rest of a block is walked from its
 * leader's state (each such instruction has one predecessor, the one
 * before it). Returns the number of leaders.
 */
static size_t number_leaders(const struct func *f, const struct bpf_insn *insns, size_t *slot)
{
	size_t i, n = 0, out[2];
	int k, c;

	for (i = 0; i < f->cnt; i++)
		slot[i] = SIZE_MAX;
	slot[0] = 0;
	for (i = 0; i < f->cnt; i++) {
		c = succs(f, insns, i, out);
		if (c == 1 && out[0] == next_insn(insns, i))
			continue;
		for (k = 0; k < c; k++)
			slot[out[k]] = 0;
	}
	for (i = 0; i < f->cnt; i++)
		if (slot[i] != SIZE_MAX)
			slot[i] = n++;
	return n;
}

/*
 * Walk the block that starts at leader @l from state @cur, marking what it
 * steps in @w->seen, and join the state at its end into its successors
 * (all leaders); those that changed go on @w->work.
 */
static void walk_block(struct panalysis *pa, size_t pf, const struct func *f, size_t l,
		       struct astate *cur, struct walk *w)
{
	const struct bpf_insn *insns = pa->e->secs[f->shndx].insns + f->start;
	size_t i = l, out[2];
	int n, k;

	for (;;) {
		w->seen[i] = true;
		step(pa, pf, f, i, cur);
		n = succs(f, insns, i, out);
		if (n == 1 && out[0] == next_insn(insns, i) && w->slot[out[0]] == SIZE_MAX) {
			i = out[0];
			continue;
		}
		break;
	}
	for (k = 0; k < n; k++) {
		size_t s = w->slot[out[k]];
		bool ch = false;

		state_join(&w->states[s], cur, &ch);
		if (ch && !w->inq[s]) {
			w->inq[s] = true;
			w->work[w->wn++] = out[k];
		}
	}
}

static int analyze_func(struct panalysis *pa, size_t pf)
{
	struct pfunc *p = &pa->fs[pf];
	const struct func *f = &pa->e->funcs[p->func];
	const struct bpf_insn *insns = pa->e->secs[f->shndx].insns + f->start;
	struct walk w = {};
	struct astate cur;
	size_t i, nl;
	int r, rc = 0;

	if (!f->cnt)
		return 0;
	w.slot = calloc(f->cnt, sizeof(*w.slot));
	w.seen = calloc(f->cnt, sizeof(*w.seen));
	if (!w.slot || !w.seen) {
		rc = -ENOMEM;
		goto out;
	}
	nl = number_leaders(f, insns, w.slot);
	w.states = calloc(nl, sizeof(*w.states));
	w.work = calloc(nl, sizeof(*w.work));
	w.inq = calloc(nl, sizeof(*w.inq));
	if (!w.states || !w.work || !w.inq) {
		rc = -ENOMEM;
		goto out;
	}
	memset(&cur, 0, sizeof(cur));
	cur.live = true;
	cur.r[BPF_REG_10].k = K_STACK;
	cur.r[BPF_REG_10].off_known = 1;
	if (pf == 0) {
		cur.r[BPF_REG_1].k = K_CTX;
	} else {
		for (r = 1; r <= 5; r++)
			cur.r[r] = p->entry[r];
	}
	w.states[0] = cur;
	w.work[w.wn++] = 0;
	w.inq[0] = true;
	while (w.wn) {
		i = w.work[--w.wn];
		w.inq[w.slot[i]] = false;
		cur = w.states[w.slot[i]];
		walk_block(pa, pf, f, i, &cur, &w);
	}
	/* instructions never reached by the walk (no path in the CFG): still
	 * part of the text; take them with an unknown state, safely
	 */
	for (i = 0; i < f->cnt; i++) {
		if (w.seen[i])
			continue;
		memset(&cur, 0, sizeof(cur));
		for (r = 0; r < MAX_BPF_REG; r++)
			cur.r[r] = aval_top(pa, true);
		for (r = 0; r < STACK_SLOTS; r++)
			cur.s[r] = aval_top(pa, true);
		step(pa, pf, f, i, &cur);
		if (is_ldimm64(&insns[i]))
			i++;
	}
out:
	free(w.states);
	free(w.work);
	free(w.inq);
	free(w.slot);
	free(w.seen);
	return rc;
}

/* ---- programs ----------------------------------------------------------- */

/* Adds kfunc @name (its essential name) to @p; *@kept: the name as listed */
static int add_kfunc(struct ac_prog *p, const char *name, const char **kept)
{
	size_t len = essential_len(name);
	char **n;
	unsigned int i;

	for (i = 0; i < p->kfunc_cnt; i++) {
		if (strlen(p->kfuncs[i]) == len && !strncmp(p->kfuncs[i], name, len)) {
			*kept = p->kfuncs[i];
			return 0;
		}
	}
	n = realloc(p->kfuncs, (p->kfunc_cnt + 1) * sizeof(*n));
	if (!n)
		return -ENOMEM;
	p->kfuncs = n;
	n[p->kfunc_cnt] = strndup(name, len);
	if (!n[p->kfunc_cnt])
		return -ENOMEM;
	*kept = n[p->kfunc_cnt++];
	return 0;
}

static int add_call(struct ac_prog *p, unsigned int insn, int helper, const char *kfunc)
{
	struct ac_call *c = realloc(p->calls, (p->call_cnt + 1) * sizeof(*c));

	if (!c)
		return -ENOMEM;
	p->calls = c;
	c += p->call_cnt++;
	memset(c, 0, sizeof(*c));
	c->insn = insn;
	c->helper = helper;
	c->kfunc = kfunc;
	return 0;
}

static void line_of(struct panalysis *pa, const struct func *f, size_t i, struct ac_call *c)
{
	const struct btf *btf = pa_btf(pa);
	const char *sec = pa->e->secs[f->shndx].name;
	__u32 off = (f->start + i) * INSN_SZ, best = 0;
	const struct line *bl = NULL;
	size_t k;

	if (!btf)
		return;
	for (k = 0; k < pa->e->line_cnt; k++) {
		const struct line *l = &pa->e->lines[k];
		const char *s;

		if (l->insn_off > off || (bl && l->insn_off < best))
			continue;
		s = btf__name_by_offset(btf, l->sec_name_off);
		if (!s || strcmp(s, sec))
			continue;
		bl = l;
		best = l->insn_off;
	}
	if (!bl)
		return;
	c->file = btf__name_by_offset(btf, bl->file_off);
	c->line = bl->line;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends function @fi and its callees, in libbpf's order. */
static int append_func(struct panalysis *pa, size_t fi, size_t *total)
{
	const struct func *f = &pa->e->funcs[fi];
	struct pfunc *n;
	size_t i;
	int err;

	if (pfunc_of(pa, fi) != (size_t)-1)
		return 0;
	if (pa->f_cnt >= 4096)
		return -E2BIG;
	n = realloc(pa->fs, (pa->f_cnt + 1) * sizeof(*n));
	if (!n)
		return -ENOMEM;
	pa->fs = n;
	memset(&n[pa->f_cnt], 0, sizeof(*n));
	n[pa->f_cnt].func = fi;
	n[pa->f_cnt].base = *total;
	pa->f_cnt++;
	*total += f->cnt;
	for (i = 0; i < f->cnt; i++) {
		const struct bpf_insn *in = &pa->e->secs[f->shndx].insns[f->start + i];
		long c;

		/*
		 * A function's address (a bpf_loop() callback, say): in the
		 * object, an ld_imm64 whose relocation names the code section,
		 * to which libbpf gives src_reg BPF_PSEUDO_FUNC at load.
		 */
		if (is_ldimm64(in) && in->src_reg != BPF_PSEUDO_FUNC) {
			c = callee(pa->e, f, i);
			err = c < 0 ? 0 : append_func(pa, c, total);
			if (err)
				return err;
			continue;
		}
		if (!(in->code == (BPF_JMP | BPF_CALL) && in->src_reg == BPF_PSEUDO_CALL) &&
		    !is_ldimm64(in))
			continue;
		c = callee(pa->e, f, i);
		if (c < 0) {
			const struct sym *y = insn_sym(pa->e, f, i);

			if (in->code == (BPF_JMP | BPF_CALL) && y && y->shndx == SHN_UNDEF)
				continue;	/* kfunc */
			snprintf(pa->err, pa->err_sz,
				 "prog '%s': insn %zu: call to an unknown subprogram",
				 pa->p->name, i);
			return -EINVAL;
		}
		err = append_func(pa, c, total);
		if (err)
			return err;
	}
	return 0;
}

/* ---- access classes: what the text shows ------------------------------- */

/* kfuncs that leave a dynptr's memory alone (kernel/bpf/prog_attrs_verifier.c) */
static const char * const dynptr_readers[] = {
	"bpf_dynptr_adjust",
	"bpf_dynptr_clone",
	"bpf_dynptr_is_null",
	"bpf_dynptr_is_rdonly",
	"bpf_dynptr_size",
	"bpf_dynptr_slice",
	"bpf_dynptr_slice_rdwr",
};

/* kfuncs that make an skb or xdp dynptr: the packet */
static const char * const pkt_dynptr_kfuncs[] = {
	"bpf_dynptr_from_skb",
	"bpf_dynptr_from_xdp",
};

/* kfunc @name takes a dynptr (struct bpf_dynptr *); without BTF, maybe */
static bool takes_dynptr(const struct panalysis *pa, const char *name)
{
	const struct btf_type *proto = func_proto(pa, name), *t;
	const struct btf *btf = pa_btf(pa);
	unsigned int i;
	long r;

	if (!proto)
		return true;
	for (i = 0; i < btf_vlen(proto); i++) {
		r = skip_mods(btf, btf_params(proto)[i].type);
		t = r > 0 ? btf__type_by_id(btf, r) : NULL;
		if (!t || !btf_is_ptr(t))
			continue;
		r = skip_mods(btf, t->type);
		t = r > 0 ? btf__type_by_id(btf, r) : NULL;
		if (t && !btf_is_ptr(t) &&
		    !strcmp(btf__name_by_offset(btf, t->name_off), "bpf_dynptr"))
			return true;
	}
	return false;
}

/*
 * Map values or objects of the program may hold kptrs (a type tag
 * "kptr", "kptr_untrusted", "percpu_kptr" in the object's BTF), or its
 * maps may be older ones (pinned) with a BTF of their own. Once per object.
 */
static bool object_kptrs(const struct panalysis *pa)
{
	const struct btf *btf = pa_btf(pa);
	struct elf_info *e = pa->e;
	struct bpf_map *m;
	__u32 id, n;
	size_t i;

	if (e->kptrs)
		return e->kptrs > 1;
	e->kptrs = 2;
	for (i = 0; i < e->lmap_cnt; i++)
		if (e->lmaps[i].f[LM_PINNING])
			return true;
	if (pa->obj)
		bpf_object__for_each_map(m, pa->obj)
			if (bpf_map__pin_path(m))
				return true;
	n = btf ? btf__type_cnt(btf) : 0;
	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);

		if (btf_is_type_tag(t) && strstr(btf__name_by_offset(btf, t->name_off), "kptr"))
			return true;
	}
	e->kptrs = 1;
	return false;
}

/*
 * What the program's text shows of the access classes, dead code
 * included (the kernel counts less: reachable calls only), and whether
 * the pointers of each class can exist in the program at all: from its
 * context, a helper, a kfunc, a map or a ksym.
 */
static void access_static(struct panalysis *pa)
{
	const struct ac_prog *p = pa->p;
	unsigned int i;
	int id;

	pa->kptrs = object_kptrs(pa);
	for (i = 0; i < p->kfunc_cnt; i++)
		if (name_listed(p->kfuncs[i], pkt_dynptr_kfuncs, ARRAY_SIZE(pkt_dynptr_kfuncs)))
			pa->pkt_dynptr = true;
	for (id = 1; id < BPF_PROG_ATTRS_HELPER_WORDS * 64; id++) {
		if (!(p->helpers[id / 64] & (1ULL << (id % 64))))
			continue;
		if (id == BPF_FUNC_sys_bpf || id == BPF_FUNC_kallsyms_lookup_name)
			pa->kern_used = true;
		if (helper_changes_pkt(id) || (id == BPF_FUNC_dynptr_write && pa->pkt_dynptr))
			pa->pkt_used = true;
		if (helper_returns_kernel(id) || id == BPF_FUNC_find_vma)
			pa->kern_src = true;
	}
	/* a kfunc given an skb or xdp dynptr, other than those that read it */
	for (i = 0; pa->pkt_dynptr && i < p->kfunc_cnt; i++)
		if (!name_listed(p->kfuncs[i], dynptr_readers, ARRAY_SIZE(dynptr_readers)) &&
		    !name_listed(p->kfuncs[i], pkt_dynptr_kfuncs, ARRAY_SIZE(pkt_dynptr_kfuncs)) &&
		    takes_dynptr(pa, p->kfuncs[i]))
			pa->pkt_used = true;
	if ((ctx_yields(p->type, 8) & K_KERN) || p->kfunc_cnt || p->map_types || pa->kern_used)
		pa->kern_src = true;
	if (((ctx_yields(p->type, 4) | ctx_yields(p->type, 8)) & K_PKT) || pa->pkt_dynptr ||
	    pa->pkt_used)
		pa->pkt_src = true;
}

/*
 * Why a class is left unrestricted, or NULL: it is decided when it is
 * used, when its pointers cannot exist in the program, or when the
 * analysis settled and followed every pointer that may be one.
 */
static const char *undecided(bool used, bool src, bool unk, bool settled)
{
	if (used || !src)
		return NULL;
	if (!settled)
		return "the analysis did not settle";
	return unk ? "a pointer not followed" : NULL;
}

/* Calls and maps over the whole text of the program */
static int collect_text(struct panalysis *pa)
{
	struct elf_info *e = pa->e;
	struct ac_prog *p = pa->p;
	size_t k, i;
	int rc;

	for (k = 0; k < pa->f_cnt; k++) {
		const struct func *f = &e->funcs[pa->fs[k].func];

		for (i = 0; i < f->cnt; i++) {
			const struct bpf_insn *in = &e->secs[f->shndx].insns[f->start + i];
			const struct sym *y;
			const char *kf;

			if (in->code == (BPF_JMP | BPF_CALL) && in->src_reg == 0) {
				if (in->imm > 0 && in->imm < __BPF_FUNC_MAX_ID) {
					p->helpers[in->imm / 64] |= 1ULL << (in->imm % 64);
					rc = add_call(p, pa->fs[k].base + i, in->imm, NULL);
					if (rc)
						return rc;
					line_of(pa, f, i, &p->calls[p->call_cnt - 1]);
				}
			} else if (in->code == (BPF_JMP | BPF_CALL) &&
				   (in->src_reg == BPF_PSEUDO_CALL ||
				    in->src_reg == BPF_PSEUDO_KFUNC_CALL)) {
				y = insn_sym(e, f, i);
				if (!y || y->shndx != SHN_UNDEF)
					continue;
				rc = add_kfunc(p, y->name, &kf);
				if (!rc)
					rc = add_call(p, pa->fs[k].base + i, -1, kf);
				if (rc)
					return rc;
				line_of(pa, f, i, &p->calls[p->call_cnt - 1]);
			} else if (is_ldimm64(in)) {
				struct aval v;
				bool is_map;

				v = ldimm64_val(pa, f, i, &is_map);
				if (is_map)
					p->map_types |= v.mptr | v.mval;
				i++;
			}
		}
	}
	p->map_types |= pa->inner_maps;
	pa->all_maps = p->map_types;
	pa->outer_maps = type_bit(BPF_MAP_TYPE_ARRAY_OF_MAPS) |
			 type_bit(BPF_MAP_TYPE_HASH_OF_MAPS);
	if (p->kfunc_cnt)
		qsort(p->kfuncs, p->kfunc_cnt, sizeof(*p->kfuncs), cmp_str);
	access_static(pa);
	return 0;
}

/*
 * Data flow, to a fixed point over all functions; a function whose
 * address is taken is a callback, called by the kernel.
 */
static int flow(struct panalysis *pa)
{
	struct elf_info *e = pa->e;
	struct ac_prog *p = pa->p;
	int rc, round;
	bool settled;
	size_t k, i;

	for (k = 0; k < pa->f_cnt; k++) {
		const struct func *g = &e->funcs[pa->fs[k].func];

		for (i = 0; i < g->cnt; i++) {
			const struct bpf_insn *in = &e->secs[g->shndx].insns[g->start + i];
			size_t pf;
			long c;

			if (!is_ldimm64(in))
				continue;
			c = callee(e, g, i);
			pf = c >= 0 ? pfunc_of(pa, c) : (size_t)-1;
			if (pf != (size_t)-1 && pf) {
				struct astate dummy = {};

				enter_callee(pa, pf, &dummy, true);
			}
			i++;
		}
	}
	for (round = 0; round < MAX_ROUNDS; round++) {
		pa->changed = false;
		for (k = 0; k < pa->f_cnt; k++) {
			if (k && !pa->fs[k].entered)
				continue;
			rc = analyze_func(pa, k);
			if (rc)
				return rc;
		}
		if (!pa->changed)
			break;
	}
	settled = !pa->changed;
	if (pa->changed) {
		/* did not settle: take the worst case */
		p->map_types_write = p->map_types;
		p->write_guessed = true;
		pa->ctx_escaped = true;
	}
	/* a function never entered (called only from unknown places) */
	for (k = 1; k < pa->f_cnt; k++) {
		if (pa->fs[k].entered)
			continue;
		for (i = 1; i <= 5; i++)
			pa->fs[k].entry[i] = aval_top(pa, true);
		rc = analyze_func(pa, k);
		if (rc)
			return rc;
	}
	p->map_types_write &= p->map_types;
	p->ctx_known = !pa->ctx_escaped;
	p->read_kernel = pa->kern_used;
	p->kern_why = undecided(pa->kern_used, pa->kern_src, pa->kern_unk, settled);
	p->write_packet = pa->pkt_used;
	p->pkt_why = undecided(pa->pkt_used, pa->pkt_src, pa->pkt_unk, settled);
	return 0;
}

/* Function @fi of the program, a callback: the kernel calls it with anything */
static void enter_callback(struct panalysis *pa, long fi)
{
	size_t pf = pfunc_of(pa, fi);
	struct astate dummy = {};

	if (pf != (size_t)-1 && pf)
		enter_callee(pa, pf, &dummy, true);
}

/*
 * Analyses program @p, whose own function is funcs[@main], with its
 * exception callback funcs[@exc] (-1: none), which libbpf appends after
 * the program's subprograms, then what it calls (bpf_object__relocate()).
 */
static int analyze_main(struct elf_info *e, struct bpf_object *obj, size_t main, long exc,
			struct ac_prog *p, char *err, size_t err_sz)
{
	struct panalysis pa = { .e = e, .obj = obj, .p = p, .err = err, .err_sz = err_sz };
	size_t total = 0;
	int rc;

	rc = append_func(&pa, main, &total);
	if (!rc && exc >= 0)
		rc = append_func(&pa, exc, &total);
	if (!rc) {
		p->insn_cnt = total;
		p->max_insn_cnt = total;
		p->func_cnt = pa.f_cnt;
		rc = collect_text(&pa);
	}
	if (!rc && exc >= 0)
		enter_callback(&pa, exc);
	if (!rc)
		rc = flow(&pa);
	free(pa.fs);
	return rc;
}

/* The function of .text named @name, or -1 */
static long text_func(const struct elf_info *e, const char *name)
{
	size_t i;

	for (i = 0; e->text_shndx && i < e->func_cnt; i++)
		if (e->funcs[i].shndx == e->text_shndx && !strcmp(e->funcs[i].name, name))
			return i;
	return -1;
}

#define EXC_CB_TAG	"exception_callback:"

/*
 * Program @prog's exception callback, found as libbpf's
 * bpf_prog_assign_exc_cb() finds it: a BTF decl tag
 * "exception_callback:CB" on the program's FUNC names a global, not
 * hidden function CB of .text. *@cb: its index in funcs, or -1 (no tag;
 * several, for which libbpf appends none). An error where libbpf refuses
 * the object: such a tag not on a global function, CB not found or static.
 */
static int exc_cb_of(const struct elf_info *e, const struct btf *btf, const char *prog,
		     long *cb, char *err, size_t err_sz)
{
	__u32 id, n = btf ? btf__type_cnt(btf) : 0;
	const size_t plen = strlen(EXC_CB_TAG);
	const char *tag, *name;
	bool seen = false;

	*cb = -1;
	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);

		tag = btf__name_by_offset(btf, t->name_off);
		if (!btf_is_decl_tag(t) || btf_decl_tag(t)->component_idx != -1 || !tag ||
		    strncmp(tag, EXC_CB_TAG, plen))
			continue;
		t = btf__type_by_id(btf, t->type);
		/* a FUNC's linkage is its vlen */
		if (!t || !btf_is_func(t) || btf_vlen(t) != BTF_FUNC_GLOBAL) {
			snprintf(err, err_sz, "prog '%s': decl tag '%s': not on a global function",
				 prog, tag);
			return -EINVAL;
		}
		name = btf__name_by_offset(btf, t->name_off);
		if (!name || strcmp(name, prog))
			continue;
		if (seen) {
			*cb = -1;
			return 0;
		}
		seen = true;
		*cb = text_func(e, tag + plen);
		if (*cb < 0 || !e->funcs[*cb].global) {
			snprintf(err, err_sz, "prog '%s': exception callback '%s': %s", prog,
				 tag + plen,
				 *cb < 0 ? "not found" : "not a global, non-hidden function");
			return -ENOENT;
		}
	}
	return 0;
}

static int analyze_prog(struct elf_info *e, struct bpf_object *obj, struct bpf_program *bp,
			struct ac_prog *p, char *err, size_t err_sz)
{
	const char *sec = bpf_program__section_name(bp);
	size_t fi;
	long exc;
	int rc;

	p->name = strdup(bpf_program__name(bp));
	p->sec = strdup(sec);
	p->type = bpf_program__type(bp);
	if (!p->name || !p->sec)
		return -ENOMEM;
	rc = exc_cb_of(e, bpf_object__btf(obj), p->name, &exc, err, err_sz);
	if (rc)
		return rc;
	for (fi = 0; fi < e->func_cnt; fi++) {
		const char *sn = e->secs[e->funcs[fi].shndx].name;

		/* a leading '?' (not loaded by default) is not in libbpf's name */
		if (sn[0] == '?')
			sn++;
		if (!strcmp(e->funcs[fi].name, p->name) && !strcmp(sn, sec))
			return analyze_main(e, obj, fi, exc, p, err, err_sz);
	}
	snprintf(err, err_sz, "prog '%s': no function symbol in section '%s'", p->name, sec);
	return -EINVAL;
}

static void prog_free(struct ac_prog *p)
{
	unsigned int i;

	for (i = 0; i < p->kfunc_cnt; i++)
		free(p->kfuncs[i]);
	free(p->kfuncs);
	free(p->calls);
	free(p->name);
	free(p->sec);
}

struct priv {
	struct elf_info *e;
	void *buf;
};

void ac_object_free(struct ac_object *o)
{
	struct priv *pv;
	unsigned int i;

	if (!o)
		return;
	for (i = 0; i < o->prog_cnt; i++)
		prog_free(&o->progs[i]);
	free(o->progs);
	bpf_object__close(o->obj);
	pv = o->priv;
	if (pv) {
		elf_info_free(pv->e);
		free(pv->buf);
		free(pv);
	}
	free(o->path);
	free(o);
}

static void *read_all(const char *path, size_t *size, char *err, size_t err_sz)
{
	struct stat sb;
	char *buf = NULL;
	size_t n = 0;
	ssize_t r;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, err_sz, "%s", strerror(errno));
		return NULL;
	}
	if (fstat(fd, &sb) || !S_ISREG(sb.st_mode)) {
		snprintf(err, err_sz, "not a regular file");
		close(fd);
		return NULL;
	}
	if (sb.st_size > (1 << 30)) {
		snprintf(err, err_sz, "file too large");
		close(fd);
		return NULL;
	}
	buf = malloc(sb.st_size ? sb.st_size : 1);
	if (!buf) {
		snprintf(err, err_sz, "out of memory");
		close(fd);
		return NULL;
	}
	while (n < (size_t)sb.st_size) {
		r = read(fd, buf + n, sb.st_size - n);
		if (r <= 0) {
			snprintf(err, err_sz, "read error");
			free(buf);
			close(fd);
			return NULL;
		}
		n += r;
	}
	close(fd);
	*size = n;
	return buf;
}

/* ---- the legacy convention ---------------------------------------------- */

static bool lmap_sym(const struct elf_info *e, const struct sym *y)
{
	return y->shndx == e->legacy_maps_shndx && y->name[0] &&
	       (y->type == STT_OBJECT || y->type == STT_NOTYPE);
}

/* Map @lm's definition: the u32s of its @stride bytes at @d (NULL: zeros) */
static void lmap_fields(struct lmap *lm, const __u8 *d, __u64 stride)
{
	size_t k;

	for (k = 0; d && k < LM_FIELDS && (k + 1) * 4 <= stride; k++)
		memcpy(&lm->f[k], d + lm->off + k * 4, 4);
}

/*
 * The legacy "maps" section: each object symbol in it a map, defined at
 * the symbol's offset over the symbol's size or, when the symbol has
 * none, over the section's size shared by its map symbols. Definitions
 * of 36 bytes are iproute2's struct bpf_elf_map, others libbpf's former
 * struct bpf_map_def (20 bytes, or more with fields of its own).
 */
static int legacy_maps_read(struct elf_info *e)
{
	const __u8 *d = NULL;
	struct elf64_shdr sh;
	size_t i, n = 0;

	if (!elfimg_shdr(&e->img, e->legacy_maps_shndx, &sh))
		return -EINVAL;
	if (sh.sh_type != SHT_NOBITS) {
		d = elfimg_data(&e->img, &sh);
		if (!d)
			return -EINVAL;
	}
	for (i = 0; i < e->sym_cnt; i++)
		n += lmap_sym(e, &e->syms[i]);
	e->lmaps = calloc(n ? n : 1, sizeof(*e->lmaps));
	if (!e->lmaps)
		return -ENOMEM;
	e->elf_map = n > 0;
	for (i = 0; i < e->sym_cnt; i++) {
		const struct sym *y = &e->syms[i];
		struct lmap *lm = &e->lmaps[e->lmap_cnt];
		__u64 stride;

		if (!lmap_sym(e, y))
			continue;
		stride = y->size ? y->size : sh.sh_size / n;
		if ((!y->size && sh.sh_size % n) || stride < 4 || y->value > sh.sh_size ||
		    stride > sh.sh_size - y->value)
			return -EINVAL;
		lm->name = y->name;
		lm->off = y->value;
		lmap_fields(lm, d, stride);
		if (stride != 36)
			e->elf_map = false;
		e->lmap_cnt++;
	}
	return 0;
}

/* A section the legacy loaders load as a program: code other than .text */
static bool legacy_sec(const struct elf_info *e, size_t i)
{
	return e->secs[i].exec && e->secs[i].insn_cnt && i != e->text_shndx;
}

static bool legacy_code(const struct elf_info *e)
{
	size_t i;

	for (i = 1; i < e->sec_cnt; i++)
		if (legacy_sec(e, i))
			return true;
	return false;
}

/*
 * The legacy loaders load a whole section as one program: its functions
 * make one, the size of the section. The subprograms stay the functions
 * of .text, followed by the whole of .text for a call that no function
 * symbol covers (older compilers' STT_NOTYPE symbols).
 */
static int legacy_funcs(struct elf_info *e)
{
	struct func *nf = calloc(e->func_cnt + e->sec_cnt, sizeof(*nf));
	size_t i, n = 0;

	if (!nf)
		return -ENOMEM;
	for (i = 0; i < e->func_cnt; i++)
		if (e->funcs[i].shndx == e->text_shndx)
			nf[n++] = e->funcs[i];
	for (i = 1; i < e->sec_cnt; i++) {
		if (!e->secs[i].exec || !e->secs[i].insn_cnt)
			continue;
		nf[n].name = e->secs[i].name;
		nf[n].shndx = i;
		nf[n].cnt = e->secs[i].insn_cnt;
		n++;
	}
	free(e->funcs);
	e->funcs = nf;
	e->func_cnt = n;
	return 0;
}

/* How well symbol @y names its section's program: 0 not at all */
static int name_rank(const struct sym *y)
{
	if (!y->name[0])
		return 0;
	if (y->type == STT_FUNC)
		return y->bind == STB_LOCAL ? 2 : 3;
	return y->type == STT_NOTYPE && y->bind != STB_LOCAL;
}

/* @s as a program name of a set file: [A-Za-z0-9_], no leading digit */
static char *ident(const char *s)
{
	size_t pre = !isalpha((unsigned char)s[0]) && s[0] != '_' ? 4 : 0, n, i;
	char *r;

	n = min(strlen(s), (size_t)BPF_PROG_ATTRS_KFUNC_NAME_LEN - 1 - pre);
	r = malloc(pre + n + 1);
	if (!r)
		return NULL;
	memcpy(r, "sec_", pre);
	for (i = 0; i < n; i++)
		r[pre + i] = isalnum((unsigned char)s[i]) ? s[i] : '_';
	r[pre + n] = '\0';
	return r;
}

static bool prog_named(const struct ac_object *o, const struct ac_prog *p)
{
	unsigned int i;

	for (i = 0; i < o->prog_cnt; i++)
		if (&o->progs[i] != p && o->progs[i].name && !strcmp(o->progs[i].name, p->name))
			return true;
	return false;
}

/*
 * The name of section @shndx's program: its first global function, or
 * its first static one, or its first global symbol of no type, or else
 * the section's name; the section's name too when an earlier program has
 * that name already.
 */
static int legacy_name(const struct ac_object *o, const struct elf_info *e, size_t shndx,
		       struct ac_prog *p)
{
	const struct sym *best = NULL;
	size_t i;

	for (i = 0; i < e->sym_cnt; i++) {
		const struct sym *y = &e->syms[i];

		if (y->shndx != shndx || !name_rank(y))
			continue;
		if (!best || name_rank(y) > name_rank(best) ||
		    (name_rank(y) == name_rank(best) && y->value < best->value))
			best = y;
	}
	p->name = ident(best ? best->name : e->secs[shndx].name);
	if (p->name && best && prog_named(o, p)) {
		free(p->name);
		p->name = ident(e->secs[shndx].name);
	}
	return p->name ? 0 : -ENOMEM;
}

/* iproute2's tail-call sections: "ID/KEY", two numbers */
static bool tail_call_sec(const char *s)
{
	char *end;

	if (!isdigit((unsigned char)s[0]))
		return false;
	strtoul(s, &end, 0);
	if (*end != '/' || !isdigit((unsigned char)end[1]))
		return false;
	strtoul(end + 1, &end, 0);
	return !*end;
}

/*
 * The program types, from the section names as libbpf knows them (with
 * iproute2's "classifier" and "action"); a tail-call section is of the
 * object's classifiers' type, when it has classifiers.
 */
static void legacy_types(struct ac_object *o)
{
	enum bpf_attach_type at;
	unsigned int i;
	bool cls = false;

	for (i = 0; i < o->prog_cnt; i++) {
		struct ac_prog *p = &o->progs[i];

		if (libbpf_prog_type_by_name(p->sec, &p->type, &at)) {
			p->type = BPF_PROG_TYPE_UNSPEC;
			p->type_unknown = true;
		}
		cls |= p->type == BPF_PROG_TYPE_SCHED_CLS;
	}
	for (i = 0; i < o->prog_cnt; i++) {
		struct ac_prog *p = &o->progs[i];

		if (p->type_unknown && cls && tail_call_sec(p->sec)) {
			p->type = BPF_PROG_TYPE_SCHED_CLS;
			p->type_unknown = false;
		}
	}
}

static int legacy_prog(struct ac_object *o, struct elf_info *e, size_t shndx,
		       struct ac_prog *p, char *err, size_t err_sz)
{
	long main = find_func(e, shndx, 0);
	enum bpf_attach_type at;
	int rc;

	rc = legacy_name(o, e, shndx, p);
	if (rc)
		return rc;
	p->sec = strdup(e->secs[shndx].name);
	if (!p->sec)
		return -ENOMEM;
	if (prog_named(o, p)) {
		snprintf(err, err_sz, "legacy programs of the same name '%s' (section '%s')",
			 p->name, p->sec);
		return -EINVAL;
	}
	if (main < 0)
		return -EINVAL;
	/* the type by the section's name, for the context (legacy_types() redoes it) */
	if (libbpf_prog_type_by_name(p->sec, &p->type, &at))
		p->type = BPF_PROG_TYPE_UNSPEC;
	/* no exception callback: libbpf, which appends it, does not load these */
	return analyze_main(e, o->obj, main, -1, p, err, err_sz);
}

static void legacy_describe(struct ac_object *o, const struct elf_info *e)
{
	const char *maps = "no maps section";

	if (e->legacy_maps_shndx)
		maps = !e->lmap_cnt ? "maps section: no map symbols" :
		       e->elf_map ? "maps section: bpf_elf_map" : "maps section: bpf_map_def";
	else if (e->maps_shndx)
		maps = "maps: BTF-defined .maps";
	snprintf(o->convention, sizeof(o->convention), "%s; each executable section a program",
		 maps);
}

/* Reads @o's maps and programs with the legacy convention */
static int legacy_open(struct ac_object *o, struct elf_info *e, char *err, size_t err_sz)
{
	size_t i, n = 0;
	int rc = 0;

	if (e->legacy_maps_shndx && !o->obj)
		rc = legacy_maps_read(e);
	if (rc) {
		snprintf(err, err_sz, rc == -ENOMEM ? "out of memory" :
			 "malformed legacy maps section: bad map symbols");
		return rc;
	}
	if (!o->obj && e->btf_data)
		e->btf = btf__new(e->btf_data, e->btf_sz);	/* names, lines */
	rc = legacy_funcs(e);
	for (i = 1; i < e->sec_cnt; i++)
		n += legacy_sec(e, i);
	o->progs = calloc(n ? n : 1, sizeof(*o->progs));
	if (rc || !o->progs)
		return -ENOMEM;
	for (i = 1; i < e->sec_cnt; i++) {
		if (!legacy_sec(e, i))
			continue;
		rc = legacy_prog(o, e, i, &o->progs[o->prog_cnt++], err, err_sz);
		if (rc)
			return rc;
	}
	legacy_types(o);
	o->legacy = true;
	legacy_describe(o, e);
	return 0;
}

/*
 * BPF code that libbpf finds no program in: never an empty answer. Its
 * programs are the global function symbols of sections other than .text;
 * code only in .text is subprograms, and the symbols of older compilers
 * (STT_NOTYPE) mark no function at all.
 */
static bool no_program(const struct elf_info *e, const char *path, char *err, size_t err_sz)
{
	size_t i, insns = 0, secs = 0;
	const char *first = NULL;

	for (i = 0; i < e->sec_cnt; i++) {
		if (!e->secs[i].exec || !e->secs[i].insn_cnt)
			continue;
		insns += e->secs[i].insn_cnt;
		secs++;
		first = first ? first : e->secs[i].name;
	}
	if (!insns)
		return false;
	snprintf(err, err_sz,
		 "%s: %zu instructions of BPF code (section %s%s), but no program libbpf can load: a program is a global function (STT_FUNC) in a section other than .text",
		 path, insns, first, secs > 1 ? " and others" : "");
	return true;
}

/*
 * libbpf's warnings while it opens the object, held back: when the
 * legacy convention reads the object instead, they are no error.
 */
static libbpf_print_fn_t lb_prev;
static char lb_msgs[2048];
static size_t lb_len;

static int lb_hold(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	int n;

	if (level != LIBBPF_WARN)
		return lb_prev ? lb_prev(level, fmt, ap) : 0;
	if (lb_len >= sizeof(lb_msgs) - 1)
		return 0;
	n = vsnprintf(lb_msgs + lb_len, sizeof(lb_msgs) - lb_len, fmt, ap);
	if (n > 0)
		lb_len = min(lb_len + n, sizeof(lb_msgs) - 1);
	return n;
}

static void lb_call(enum libbpf_print_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	lb_prev(level, fmt, ap);
	va_end(ap);
}

/* The held warnings, at @level (LIBBPF_DEBUG: no longer warnings) */
static void lb_release(enum libbpf_print_level level)
{
	if (lb_prev && lb_len)
		lb_call(level, "%s", lb_msgs);
	lb_len = 0;
}

/* libbpf's view of the object; NULL when it refuses it (errno set) */
static struct bpf_object *lb_open(const char *path, const void *mem, size_t size)
{
	LIBBPF_OPTS(bpf_object_open_opts, oo);
	struct bpf_object *obj;
	int saved;

	oo.object_name = path ? NULL : "attrcheck";
	lb_len = 0;
	lb_prev = libbpf_set_print(lb_hold);
	obj = bpf_object__open_mem(mem, size, &oo);
	saved = errno;
	libbpf_set_print(lb_prev);
	errno = saved;
	return obj;
}

/*
 * libbpf first; the legacy convention when libbpf refuses an object
 * without BTF-defined maps, or finds no program while code other than
 * .text is there.
 */
/* Is program @p put into a prog array by the object ("values" in .maps)? */
static bool tail_member(const struct elf_info *e, const struct ac_prog *p)
{
	const struct sec *s;
	size_t i;

	if (!e->maps_shndx)
		return false;
	s = &e->secs[e->maps_shndx];
	for (i = 0; i < s->rel_cnt; i++) {
		const struct sym *y = &e->syms[s->rels[i].sym];

		if (y->type == STT_FUNC && y->shndx < e->sec_cnt && e->secs[y->shndx].exec &&
		    y->name && !strcmp(y->name, p->name))
			return true;
	}
	return false;
}

/* Take member @m's set into tail caller @p; *@changed when @p grew. */
static int tail_take(struct ac_prog *p, const struct ac_prog *m, bool *changed)
{
	struct ac_prog old = *p;
	const char *kept;
	unsigned int i;
	int rc;

	for (i = 0; i < BPF_PROG_ATTRS_HELPER_WORDS; i++)
		p->helpers[i] |= m->helpers[i];
	for (i = 0; i < m->kfunc_cnt; i++) {
		rc = add_kfunc(p, m->kfuncs[i], &kept);
		if (rc)
			return rc;
	}
	if (p->kfunc_cnt > 1)
		qsort(p->kfuncs, p->kfunc_cnt, sizeof(*p->kfuncs), cmp_str);
	p->map_types |= m->map_types;
	p->map_types_write |= m->map_types_write;
	p->write_guessed |= m->write_guessed;
	p->write_ctx |= m->write_ctx;
	p->ctx_known &= m->ctx_known;
	p->read_kernel |= m->read_kernel;
	if (!p->kern_why)
		p->kern_why = m->kern_why;
	p->write_packet |= m->write_packet;
	if (!p->pkt_why)
		p->pkt_why = m->pkt_why;
	if (p->max_insn_cnt < m->max_insn_cnt)
		p->max_insn_cnt = m->max_insn_cnt;
	*changed |= memcmp(old.helpers, p->helpers, sizeof(p->helpers)) ||
		    old.kfunc_cnt != p->kfunc_cnt || old.map_types != p->map_types ||
		    old.map_types_write != p->map_types_write ||
		    old.write_ctx != p->write_ctx || old.ctx_known != p->ctx_known ||
		    old.read_kernel != p->read_kernel || old.kern_why != p->kern_why ||
		    old.write_packet != p->write_packet || old.pkt_why != p->pkt_why ||
		    old.max_insn_cnt != p->max_insn_cnt;
	return 0;
}

static bool calls_tail_call(const struct ac_prog *p)
{
	return p->helpers[BPF_FUNC_tail_call / 64] & (1ULL << (BPF_FUNC_tail_call % 64));
}

/*
 * libbpf inserts the programs a prog array's "values" name into it at
 * load, and the kernel then wants each within the set of every program
 * that tail calls through the array. Which array a tail call uses is not
 * followed: every program of the object that calls bpf_tail_call() takes
 * in the sets of all such members, until nothing grows (members tail
 * call too).
 */
static int fold_tail_members(struct ac_object *o, const struct elf_info *e)
{
	bool *member, changed = true;
	unsigned int i, j, n = 0;
	int rc = 0;

	member = calloc(o->prog_cnt ? o->prog_cnt : 1, sizeof(*member));
	if (!member)
		return -ENOMEM;
	for (i = 0; i < o->prog_cnt; i++)
		n += member[i] = tail_member(e, &o->progs[i]);
	while (n && changed && !rc) {
		changed = false;
		for (i = 0; i < o->prog_cnt && !rc; i++) {
			if (!calls_tail_call(&o->progs[i]))
				continue;
			for (j = 0; j < o->prog_cnt && !rc; j++) {
				if (!member[j] || j == i)
					continue;
				if (!o->progs[i].tail_folded)
					memcpy(o->progs[i].own_helpers, o->progs[i].helpers,
					       sizeof(o->progs[i].own_helpers));
				o->progs[i].tail_folded = true;
				rc = tail_take(&o->progs[i], &o->progs[j], &changed);
			}
		}
	}
	free(member);
	return rc;
}

static int open_progs(struct ac_object *o, struct elf_info *e, const char *path,
		      const void *mem, size_t size, char *err, size_t err_sz)
{
	struct bpf_program *bp;
	unsigned int n = 0;
	int rc = 0;

	o->obj = lb_open(path, mem, size);
	if (o->obj)
		bpf_object__for_each_program(bp, o->obj)
			n++;
	else
		rc = -errno;
	if ((o->obj ? !n : !e->maps_shndx) && legacy_code(e)) {
		lb_release(LIBBPF_DEBUG);
		return legacy_open(o, e, err, err_sz);
	}
	lb_release(LIBBPF_WARN);
	if (!o->obj) {
		snprintf(err, err_sz, "libbpf cannot open the object: %s", strerror(-rc));
		return rc ? rc : -EINVAL;
	}
	o->progs = calloc(n ? n : 1, sizeof(*o->progs));
	if (!o->progs)
		return -ENOMEM;
	bpf_object__for_each_program(bp, o->obj) {
		rc = analyze_prog(e, o->obj, bp, &o->progs[o->prog_cnt++], err, err_sz);
		if (rc)
			return rc;
	}
	return fold_tail_members(o, e);
}

struct ac_object *ac_object_open(const char *path, const void *mem, size_t size,
				 char *err, size_t err_sz)
{
	struct ac_object *o = calloc(1, sizeof(*o));
	struct priv *pv = calloc(1, sizeof(*pv));
	char msg[256] = "";
	int rc;

	if (!o || !pv) {
		free(o);
		free(pv);
		snprintf(err, err_sz, "out of memory");
		return NULL;
	}
	o->priv = pv;
	o->path = strdup(path ? path : "<memory>");
	if (!mem) {
		pv->buf = read_all(path, &size, msg, sizeof(msg));
		if (!pv->buf) {
			snprintf(err, err_sz, "%s: %s", path, msg);
			goto fail;
		}
		mem = pv->buf;
	}
	pv->e = elf_info_read(mem, size, msg, sizeof(msg));
	if (!pv->e) {
		snprintf(err, err_sz, "%s: %s", o->path, msg);
		goto fail;
	}
	rc = open_progs(o, pv->e, path, mem, size, msg, sizeof(msg));
	if (rc) {
		snprintf(err, err_sz, "%s: %s", o->path, msg[0] ? msg : strerror(-rc));
		goto fail;
	}
	if (!o->prog_cnt && no_program(pv->e, o->path, err, err_sz))
		goto fail;
	return o;
fail:
	ac_object_free(o);
	return NULL;
}

struct bpf_prog_attrs *ac_prog_attrs(const struct ac_prog *p, bool limits, size_t *sz)
{
	struct bpf_prog_attrs *a;
	size_t len = 0, off;
	unsigned int i;
	char *names;

	for (i = 0; i < p->kfunc_cnt; i++)
		len += strlen(p->kfuncs[i]) + 1;
	a = calloc(1, sizeof(*a) + len);
	if (!a)
		return NULL;
	memcpy(a->helpers, p->helpers, sizeof(a->helpers));
	a->handled = BPF_PROG_ATTRS_H_MAP_TYPES | BPF_PROG_ATTRS_H_MAP_TYPES_WRITE;
	a->map_types = p->map_types;
	a->map_types_write = p->map_types_write;
	if (p->ctx_known) {
		a->access_handled |= BPF_PROG_ACCESS_WRITE_CTX;
		a->access |= p->write_ctx ? BPF_PROG_ACCESS_WRITE_CTX : 0;
	}
	if (!p->kern_why) {
		a->access_handled |= BPF_PROG_ACCESS_READ_KERNEL;
		a->access |= p->read_kernel ? BPF_PROG_ACCESS_READ_KERNEL : 0;
	}
	if (!p->pkt_why) {
		a->access_handled |= BPF_PROG_ACCESS_WRITE_PACKET;
		a->access |= p->write_packet ? BPF_PROG_ACCESS_WRITE_PACKET : 0;
	}
	if (limits) {
		a->handled |= BPF_PROG_ATTRS_H_INSN_CNT;
		a->max_insn_cnt = p->max_insn_cnt;
	}
	names = (char *)(a + 1);
	for (i = 0, off = 0; i < p->kfunc_cnt; i++) {
		size_t n = strlen(p->kfuncs[i]) + 1;

		memcpy(names + off, p->kfuncs[i], n);
		off += n;
	}
	a->kfunc_cnt = p->kfunc_cnt;
	a->kfuncs_len = len;
	a->kfuncs = len ? (__u64)(uintptr_t)names : 0;
	*sz = sizeof(*a);
	return a;
}
