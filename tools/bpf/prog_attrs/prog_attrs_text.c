// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Program attribute sets in text form (Documentation/bpf/prog_attrs_format.rst)
 * and in the binary records of the ".bpf.attrs" ELF section, for bpftool and
 * attrcheck. libbpf only loads sets; the text format, its checks and its
 * suggestions are a user interface of the tools and live here, once.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/bpf.h>
#include <linux/compiler.h>
#include <linux/kernel.h>
#include <bpf/bpf_attrs.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "prog_attrs_text.h"

/* 64-bit masks, so that ~MASK covers the upper half of the fields too */
#define ATTRS_H_ALL	((__u64)(BPF_PROG_ATTRS_H_MAP_TYPES |			\
				 BPF_PROG_ATTRS_H_MAP_TYPES_WRITE |		\
				 BPF_PROG_ATTRS_H_INSN_CNT | BPF_PROG_ATTRS_H_INSN_PROCESSED))
#define ACCESS_ALL	((__u64)(BPF_PROG_ACCESS_READ_KERNEL | BPF_PROG_ACCESS_WRITE_PACKET |	\
				 BPF_PROG_ACCESS_WRITE_CTX | BPF_PROG_ACCESS_WRITE_KERNEL))
/* the kernel's BPF_COMPLEXITY_LIMIT_INSNS, the bound of both limits */
#define ATTRS_INSN_LIMIT	1000000
/* a bigger struct is refused by the kernel too */
#define ATTRS_MAX_SIZE		4096
/* text lines the printer keeps within, a tab counting 8 */
#define ATTRS_COLS		80

#define NAME_LEN		BPF_PROG_ATTRS_KFUNC_NAME_LEN

static inline __u64 ptr_to_u64(const void *ptr)
{
	return (__u64)(unsigned long)ptr;
}

/* NULL with errno set to -@err */
static void *err_ptr(int err)
{
	errno = -err;
	return NULL;
}

/* @err (negative or 0), with errno set to -@err if it is an error */
static int err_ret(int err)
{
	if (err < 0)
		errno = -err;
	return err;
}

/* grows *@data to hold @need elements of @elem_sz bytes */
static int ensure_mem(void **data, size_t *cap, size_t elem_sz, size_t need)
{
	size_t new_cap;
	void *p;

	if (need <= *cap)
		return 0;
	new_cap = *cap * 3 / 2;
	if (new_cap < 16)
		new_cap = 16;
	if (new_cap < need)
		new_cap = need;
	if (new_cap > SIZE_MAX / elem_sz)
		return -ENOMEM;
	p = realloc(*data, new_cap * elem_sz);
	if (!p)
		return -ENOMEM;
	memset((char *)p + *cap * elem_sz, 0, (new_cap - *cap) * elem_sz);
	*data = p;
	*cap = new_cap;
	return 0;
}

/* __BPF_FUNC_MAPPER lists every helper in id order, from 0 */
#define __BPF_HELPER_NAME(x) "bpf_" #x
static const char * const helper_names[] = {
	__BPF_FUNC_MAPPER(__BPF_HELPER_NAME)
};

#undef __BPF_HELPER_NAME

struct bit_name {
	__u64 bit;
	const char *name;
};

static const struct bit_name access_names[] = {
	{ BPF_PROG_ACCESS_READ_KERNEL, "read_kernel" },
	{ BPF_PROG_ACCESS_WRITE_PACKET, "write_packet" },
	{ BPF_PROG_ACCESS_WRITE_CTX, "write_ctx" },
	{ BPF_PROG_ACCESS_WRITE_KERNEL, "write_kernel" },
};

/* bpf_prog_info.attrs_observed_flags */
static const struct bit_name obs_flag_names[] = {
	{ BPF_PROG_ATTRS_OBS_TAIL_CALLS, "tail_calls" },
	{ BPF_PROG_ATTRS_OBS_EXTENSIBLE, "extensible" },
	{ BPF_PROG_ATTRS_OBS_ATTACH_MAPS, "attach_maps" },
	{ BPF_PROG_ATTRS_OBS_SYS_BPF, "sys_bpf" },
};

const char *prog_attrs_helper_str(__u32 id)
{
	/* helper 0 (BPF_FUNC_unspec) is not a helper */
	if (id == 0 || id >= ARRAY_SIZE(helper_names))
		return NULL;
	return helper_names[id];
}

int prog_attrs_helper_id(const char *name)
{
	__u32 id;

	if (!name)
		return err_ret(-ENOENT);
	for (id = 1; id < ARRAY_SIZE(helper_names); id++)
		if (helper_names[id] && strcmp(helper_names[id], name) == 0)
			return id;
	return err_ret(-ENOENT);
}

static const char *bit_str(const struct bit_name *names, size_t cnt, __u64 bit)
{
	size_t i;

	for (i = 0; i < cnt; i++)
		if (names[i].bit == bit)
			return names[i].name;
	return NULL;
}

const char *prog_attrs_access_str(__u64 access_bit)
{
	return bit_str(access_names, ARRAY_SIZE(access_names), access_bit);
}

const char *prog_attrs_obs_str(__u32 flag)
{
	return bit_str(obs_flag_names, ARRAY_SIZE(obs_flag_names), flag);
}

static __u64 known_map_types(void)
{
	/* map type 0 (BPF_MAP_TYPE_UNSPEC) is not a map type */
	return (__MAX_BPF_MAP_TYPE >= 64 ? ~0ULL : (1ULL << __MAX_BPF_MAP_TYPE) - 1) & ~1ULL;
}

static const char *kfunc_names(const struct bpf_prog_attrs *a)
{
	return (const char *)(uintptr_t)a->kfuncs;
}

/* "name" or "module:name": [A-Za-z0-9_.], one ':' between two parts */
static bool kfunc_name_ok(const char *s, size_t n)
{
	bool colon = false;
	size_t i;

	if (!n || n >= NAME_LEN)
		return false;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == ':') {
			if (colon || i == 0 || i == n - 1)
				return false;
			colon = true;
		} else if (!isalnum((unsigned char)c) && c != '_' && c != '.') {
			return false;
		}
	}
	return true;
}

static bool ident_ok(const char *s, size_t n)
{
	size_t i;

	if (!n || n >= NAME_LEN || isdigit((unsigned char)s[0]))
		return false;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return false;
	return true;
}

static int cmp_str_ptr(const void *a, const void *b)
{
	return strcmp(*(const char * const *)a, *(const char * const *)b);
}

/*
 * Checks a set the way the kernel does. On success, *names (if not NULL)
 * receives a malloc()ed array of its kfunc_cnt kfunc names, sorted.
 */
static int attrs_check(const struct bpf_prog_attrs *a, size_t sz, const char ***names)
{
	const __u32 helper_max = __BPF_FUNC_MAX_ID;
	const char **v = NULL, *s;
	size_t i, off = 0;
	__u32 w;

	if (names)
		*names = NULL;
	if (!a || sz < BPF_PROG_ATTRS_SIZE_VER0)
		return -EINVAL;
	if (sz > ATTRS_MAX_SIZE)
		return -E2BIG;
	for (i = sizeof(*a); i < sz; i++)
		if (((const char *)a)[i])
			return -E2BIG;

	if (a->helpers[0] & 1)
		return -EINVAL;
	for (w = 0; w < BPF_PROG_ATTRS_HELPER_WORDS; w++) {
		__u64 valid;

		if (w * 64 >= helper_max)
			valid = 0;
		else if ((w + 1) * 64 <= helper_max)
			valid = ~0ULL;
		else
			valid = (1ULL << (helper_max - w * 64)) - 1;
		if (a->helpers[w] & ~valid)
			return -EINVAL;
	}
	if ((a->handled & ~ATTRS_H_ALL) || (a->access_handled & ~ACCESS_ALL) ||
	    (a->access & ~a->access_handled))
		return -EINVAL;
	if ((a->map_types | a->map_types_write) & ~known_map_types())
		return -EINVAL;
	if (!(a->handled & BPF_PROG_ATTRS_H_MAP_TYPES) && a->map_types)
		return -EINVAL;
	if (!(a->handled & BPF_PROG_ATTRS_H_MAP_TYPES_WRITE) && a->map_types_write)
		return -EINVAL;
	if ((a->handled & BPF_PROG_ATTRS_H_MAP_TYPES) && (a->map_types_write & ~a->map_types))
		return -EINVAL;
	if (a->handled & BPF_PROG_ATTRS_H_INSN_CNT) {
		if (!a->max_insn_cnt || a->max_insn_cnt > ATTRS_INSN_LIMIT)
			return -EINVAL;
	} else if (a->max_insn_cnt) {
		return -EINVAL;
	}
	if (a->handled & BPF_PROG_ATTRS_H_INSN_PROCESSED) {
		if (!a->max_insn_processed || a->max_insn_processed > ATTRS_INSN_LIMIT)
			return -EINVAL;
	} else if (a->max_insn_processed) {
		return -EINVAL;
	}

	if (a->kfunc_cnt > BPF_PROG_ATTRS_KFUNC_MAX ||
	    a->kfuncs_len > BPF_PROG_ATTRS_KFUNC_MAX * NAME_LEN)
		return -E2BIG;
	if (!a->kfunc_cnt != !a->kfuncs_len || !a->kfunc_cnt != !a->kfuncs)
		return -EINVAL;
	if (!a->kfunc_cnt)
		return 0;

	s = kfunc_names(a);
	if (s[a->kfuncs_len - 1] != '\0')
		return -EINVAL;
	v = calloc(a->kfunc_cnt, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (i = 0; i < a->kfunc_cnt; i++) {
		size_t n;

		if (off >= a->kfuncs_len)
			goto einval;
		n = strnlen(s + off, a->kfuncs_len - off);
		if (off + n >= a->kfuncs_len || !kfunc_name_ok(s + off, n))
			goto einval;
		v[i] = s + off;
		off += n + 1;
	}
	if (off != a->kfuncs_len)
		goto einval;
	qsort(v, a->kfunc_cnt, sizeof(*v), cmp_str_ptr);
	for (i = 1; i < a->kfunc_cnt; i++)
		if (strcmp(v[i - 1], v[i]) == 0)
			goto einval;
	if (names)
		*names = v;
	else
		free(v);
	return 0;
einval:
	free(v);
	return -EINVAL;
}

/*
 * A checked copy in one allocation: the struct, then the kfunc names
 * (sorted) that its kfuncs field points to.
 */
static int attrs_dup(const struct bpf_prog_attrs *a, size_t sz, struct bpf_prog_attrs **res)
{
	struct bpf_prog_attrs *c;
	const char **names;
	size_t i, off = 0;
	char *p;
	int err;

	*res = NULL;
	err = attrs_check(a, sz, &names);
	if (err)
		return err;
	c = calloc(1, sizeof(*c) + a->kfuncs_len);
	if (!c) {
		free(names);
		return -ENOMEM;
	}
	memcpy(c, a, sizeof(*c));
	p = (char *)(c + 1);
	for (i = 0; i < a->kfunc_cnt; i++) {
		size_t n = strlen(names[i]) + 1;

		memcpy(p + off, names[i], n);
		off += n;
	}
	free(names);
	c->kfuncs = a->kfunc_cnt ? ptr_to_u64(p) : 0;
	*res = c;
	return 0;
}

struct attrs_ent {
	char *name;
	struct bpf_prog_attrs *attrs;
	int line;	/* where it was parsed, for messages */
};

struct prog_attrs_text {
	struct attrs_ent *ents;
	size_t cnt;
	size_t cap;
};

struct prog_attrs_text *prog_attrs_text__new(void)
{
	struct prog_attrs_text *f = calloc(1, sizeof(*f));

	if (!f)
		return err_ptr(-ENOMEM);
	return f;
}

void prog_attrs_text__free(struct prog_attrs_text *f)
{
	size_t i;

	if (!f)
		return;
	for (i = 0; i < f->cnt; i++) {
		free(f->ents[i].name);
		free(f->ents[i].attrs);
	}
	free(f->ents);
	free(f);
}

size_t prog_attrs_text__cnt(const struct prog_attrs_text *f)
{
	return f ? f->cnt : 0;
}

const char *prog_attrs_text__name(const struct prog_attrs_text *f, size_t idx)
{
	if (!f || idx >= f->cnt)
		return err_ptr(-ENOENT);
	return f->ents[idx].name;
}

const struct bpf_prog_attrs *prog_attrs_text__attrs(const struct prog_attrs_text *f,
						    size_t idx, size_t *sz)
{
	if (!f || idx >= f->cnt)
		return err_ptr(-ENOENT);
	if (sz)
		*sz = sizeof(struct bpf_prog_attrs);
	return f->ents[idx].attrs;
}

static struct attrs_ent *find_ent(const struct prog_attrs_text *f, const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < f->cnt; i++)
		if (strlen(f->ents[i].name) == n && memcmp(f->ents[i].name, name, n) == 0)
			return &f->ents[i];
	return NULL;
}

const struct bpf_prog_attrs *prog_attrs_text__find(const struct prog_attrs_text *f,
						   const char *name, size_t *sz)
{
	struct attrs_ent *e;

	if (!f || !name)
		return err_ptr(-EINVAL);
	e = find_ent(f, name, strlen(name));
	if (!e)
		return err_ptr(-ENOENT);
	if (sz)
		*sz = sizeof(struct bpf_prog_attrs);
	return e->attrs;
}

static int add_ent(struct prog_attrs_text *f, const char *name, size_t n,
		   const struct bpf_prog_attrs *attrs, size_t sz, int line)
{
	struct bpf_prog_attrs *copy;
	struct attrs_ent *e;
	char *s;
	int err;

	if (!ident_ok(name, n))
		return -EINVAL;
	if (find_ent(f, name, n))
		return -EEXIST;
	err = ensure_mem((void **)&f->ents, &f->cap, sizeof(*f->ents), f->cnt + 1);
	if (err)
		return err;
	err = attrs_dup(attrs, sz, &copy);
	if (err)
		return err;
	s = strndup(name, n);
	if (!s) {
		free(copy);
		return -ENOMEM;
	}
	e = &f->ents[f->cnt++];
	e->name = s;
	e->attrs = copy;
	e->line = line;
	return 0;
}

int prog_attrs_text__add(struct prog_attrs_text *f, const char *name,
			 const struct bpf_prog_attrs *attrs, size_t sz)
{
	if (!f || !name)
		return err_ret(-EINVAL);
	return err_ret(add_ent(f, name, strlen(name), attrs, sz, 0));
}

/* printing */

struct out_line {
	FILE *out;
	const char *kw;
	size_t col;
	bool open;
};

static void line_item(struct out_line *l, const char *item)
{
	size_t n = strlen(item);

	if (l->open && l->col + 1 + n <= ATTRS_COLS) {
		fprintf(l->out, " %s", item);
		l->col += 1 + n;
		return;
	}
	if (l->open)
		fputc('\n', l->out);
	fprintf(l->out, "\t%s %s", l->kw, item);
	l->col = 8 + strlen(l->kw) + 1 + n;
	l->open = true;
}

static void line_end(struct out_line *l)
{
	if (l->open)
		fputc('\n', l->out);
	l->open = false;
}

static void print_map_types(FILE *out, const char *kw, __u64 types)
{
	struct out_line l = { .out = out, .kw = kw };
	__u32 t;

	if (!types)
		line_item(&l, "none");
	for (t = 0; t < 64; t++)
		if (types & (1ULL << t))
			line_item(&l, libbpf_bpf_map_type_str(t));
	line_end(&l);
}

static void print_access(FILE *out, const char *kw, __u64 bits)
{
	struct out_line l = { .out = out, .kw = kw };
	size_t i;

	if (!bits)
		line_item(&l, "none");
	for (i = 0; i < ARRAY_SIZE(access_names); i++)
		if (bits & access_names[i].bit)
			line_item(&l, access_names[i].name);
	line_end(&l);
}

int prog_attrs__fprint(const char *name, const struct bpf_prog_attrs *a,
		       size_t sz, FILE *out)
{
	struct out_line l = { .out = out };
	const char **names;
	__u32 id;
	size_t i;
	int err;

	if (!name || !out || !ident_ok(name, strlen(name)))
		return err_ret(-EINVAL);
	err = attrs_check(a, sz, &names);
	if (err)
		return err_ret(err);

	fprintf(out, "program %s\n", name);
	l.kw = "helpers";
	for (id = 1; id < ARRAY_SIZE(helper_names); id++)
		if (a->helpers[id / 64] & (1ULL << (id % 64)))
			line_item(&l, helper_names[id]);
	line_end(&l);
	l.kw = "kfuncs";
	for (i = 0; i < a->kfunc_cnt; i++)
		line_item(&l, names[i]);
	line_end(&l);
	free(names);
	if (a->handled & BPF_PROG_ATTRS_H_MAP_TYPES)
		print_map_types(out, "map_types", a->map_types);
	if (a->handled & BPF_PROG_ATTRS_H_MAP_TYPES_WRITE)
		print_map_types(out, "map_types_write", a->map_types_write);
	if (a->access_handled) {
		print_access(out, "access", a->access);
		if (a->access_handled != ACCESS_ALL)
			print_access(out, "access_handled", a->access_handled);
	}
	if (a->handled & BPF_PROG_ATTRS_H_INSN_CNT)
		fprintf(out, "\tmax_insn_cnt %u\n", a->max_insn_cnt);
	if (a->handled & BPF_PROG_ATTRS_H_INSN_PROCESSED)
		fprintf(out, "\tmax_insn_processed %u\n", a->max_insn_processed);
	return ferror(out) ? err_ret(-EIO) : 0;
}

int prog_attrs_text__fprint(const struct prog_attrs_text *f, FILE *out)
{
	size_t i;
	int err;

	if (!f || !out)
		return err_ret(-EINVAL);
	for (i = 0; i < f->cnt; i++) {
		if (i)
			fputc('\n', out);
		err = prog_attrs__fprint(f->ents[i].name, f->ents[i].attrs,
					 sizeof(struct bpf_prog_attrs), out);
		if (err)
			return err;
	}
	return ferror(out) ? err_ret(-EIO) : 0;
}

/* parsing */

/*
 * Copies the options into *@o, defaults for what an older caller's @opts
 * lacks; -EINVAL if @opts is bigger than this struct and its tail not zero
 * (what libbpf's OPTS_VALID() does for its own options).
 */
static int opts_get(const struct prog_attrs_text_opts *opts, struct prog_attrs_text_opts *o)
{
	size_t i, sz;

	memset(o, 0, sizeof(*o));
	o->sz = sizeof(*o);
	if (!opts)
		return 0;
	sz = opts->sz;
	if (sz < sizeof(size_t))
		return -EINVAL;
	for (i = sizeof(*o); i < sz; i++)
		if (((const char *)opts)[i])
			return -EINVAL;
	memcpy(o, opts, sz < sizeof(*o) ? sz : sizeof(*o));
	o->sz = sizeof(*o);
	return 0;
}

struct tok {
	const char *s;
	size_t n;
};

enum stmt {
	ST_PROGRAM,
	ST_HELPERS,
	ST_KFUNCS,
	ST_MAP_TYPES,
	ST_MAP_TYPES_WRITE,
	ST_ACCESS,
	ST_ACCESS_HANDLED,
	ST_MAX_INSN_CNT,
	ST_MAX_INSN_PROCESSED,
	__ST_CNT,
};

static const char * const stmt_names[__ST_CNT] = {
	[ST_PROGRAM] = "program",
	[ST_HELPERS] = "helpers",
	[ST_KFUNCS] = "kfuncs",
	[ST_MAP_TYPES] = "map_types",
	[ST_MAP_TYPES_WRITE] = "map_types_write",
	[ST_ACCESS] = "access",
	[ST_ACCESS_HANDLED] = "access_handled",
	[ST_MAX_INSN_CNT] = "max_insn_cnt",
	[ST_MAX_INSN_PROCESSED] = "max_insn_processed",
};

/*
 * Keywords before they took the names of the struct bpf_prog_attrs fields:
 * refused, with the new name as the suggestion.
 */
static const struct {
	const char *old;
	enum stmt st;
} stmt_renamed[] = {
	{ "maps", ST_MAP_TYPES },
	{ "maps_write", ST_MAP_TYPES_WRITE },
	{ "max_insns", ST_MAX_INSN_CNT },
	{ "max_processed", ST_MAX_INSN_PROCESSED },
};

/* the program block being parsed */
struct blk {
	struct bpf_prog_attrs a;
	char name[NAME_LEN];
	int line;			/* of its "program" statement */
	char (*kfuncs)[NAME_LEN];	/* BPF_PROG_ATTRS_KFUNC_MAX names */
	int write_line[64];		/* where each written map type was listed */
	int access_line[ARRAY_SIZE(access_names)];	/* where each allowed class was listed */
	int access_handled_line;
	int seen[__ST_CNT];		/* line of each statement's first use */
	int none_line[__ST_CNT];	/* line of "KW none" */
};

struct parser {
	const char *file;
	const struct btf *btf;
	char *errbuf;
	size_t errbuf_sz;
	int line;
	struct blk b;
	bool in_blk;
	struct prog_attrs_text *f;
};

__printf(3, 4)
static int perr(struct parser *p, int line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (p->errbuf && p->errbuf_sz)
		snprintf(p->errbuf, p->errbuf_sz, "%s:%d: %s", p->file, line, msg);
	return -EINVAL;
}

/* a token for a message: at most 64 characters, unprintable ones as '?' */
static const char *tok_str(const struct tok *t, char *buf, size_t sz)
{
	size_t i, n = t->n, max = 64;

	if (n > max)
		n = max;
	if (n >= sz - 4)
		n = sz - 4;
	for (i = 0; i < n; i++)
		buf[i] = isprint((unsigned char)t->s[i]) ? t->s[i] : '?';
	if (n < t->n)
		buf[i++] = '.', buf[i++] = '.', buf[i++] = '.';
	buf[i] = '\0';
	return buf;
}

#define TOK(t) tok_str((t), (char[80]) { 0 }, 80)

static bool tok_is(const struct tok *t, const char *s)
{
	return strlen(s) == t->n && memcmp(t->s, s, t->n) == 0;
}

/* optimal string alignment distance, bounded by ATTRS_DIST_MAX + 1 */
#define ATTRS_DIST_MAX	3

static size_t edit_distance(const char *a, size_t n, const char *b)
{
	size_t m = strlen(b), i, j;
	unsigned char d[NAME_LEN + 1][NAME_LEN + 1];

	if (n >= NAME_LEN || m >= NAME_LEN)
		return ATTRS_DIST_MAX + 1;
	if ((n > m ? n - m : m - n) > ATTRS_DIST_MAX)
		return ATTRS_DIST_MAX + 1;
	for (i = 0; i <= n; i++)
		d[i][0] = i;
	for (j = 0; j <= m; j++)
		d[0][j] = j;
	for (i = 1; i <= n; i++) {
		for (j = 1; j <= m; j++) {
			size_t v, cost = a[i - 1] != b[j - 1];

			v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1u < v)
				v = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < v)
				v = d[i - 1][j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1u < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	}
	return d[n][m];
}

struct suggest {
	const struct tok *t;
	const char *best;
	size_t dist;
};

static void suggest_init(struct suggest *sg, const struct tok *t)
{
	sg->t = t;
	sg->best = NULL;
	/* at most a third of the word wrong, and never more than ATTRS_DIST_MAX */
	sg->dist = t->n / 3 < 1 ? 1 : t->n / 3;
	if (sg->dist > ATTRS_DIST_MAX)
		sg->dist = ATTRS_DIST_MAX;
	sg->dist++;
}

/* suggests @sugg when the token is close to @cand */
static void suggest_try_as(struct suggest *sg, const char *cand, const char *sugg)
{
	size_t d;

	if (!cand)
		return;
	d = edit_distance(sg->t->s, sg->t->n, cand);
	if (d < sg->dist) {
		sg->dist = d;
		sg->best = sugg;
	}
}

static void suggest_try(struct suggest *sg, const char *cand)
{
	suggest_try_as(sg, cand, cand);
}

static int unknown_name(struct parser *p, const char *what, const struct tok *t,
			const struct suggest *sg, const char *prefix)
{
	if (sg->best)
		return perr(p, p->line, "unknown %s '%s' (did you mean '%s%s'?)", what, TOK(t),
			    prefix, sg->best);
	return perr(p, p->line, "unknown %s '%s'", what, TOK(t));
}

static int stmt_id(struct parser *p, const struct tok *t)
{
	struct suggest sg;
	int i;

	for (i = 0; i < __ST_CNT; i++)
		if (tok_is(t, stmt_names[i]))
			return i;
	suggest_init(&sg, t);
	for (i = 0; i < __ST_CNT; i++)
		suggest_try(&sg, stmt_names[i]);
	/* a former keyword, or a typo of one, suggests its new name */
	for (i = 0; i < (int)ARRAY_SIZE(stmt_renamed); i++)
		suggest_try_as(&sg, stmt_renamed[i].old, stmt_names[stmt_renamed[i].st]);
	return unknown_name(p, "keyword", t, &sg, "");
}

static int parse_helper(struct parser *p, const struct tok *t)
{
	struct suggest sg;
	__u32 id;

	for (id = 1; id < ARRAY_SIZE(helper_names); id++) {
		if (!helper_names[id] || !tok_is(t, helper_names[id]))
			continue;
		if (p->b.a.helpers[id / 64] & (1ULL << (id % 64)))
			return perr(p, p->line, "duplicate helper '%s'", helper_names[id]);
		p->b.a.helpers[id / 64] |= 1ULL << (id % 64);
		return 0;
	}
	suggest_init(&sg, t);
	for (id = 1; id < ARRAY_SIZE(helper_names); id++) {
		/* the name as in enum bpf_func_id, without "bpf_" */
		if (tok_is(t, helper_names[id] + 4)) {
			sg.best = helper_names[id];
			break;
		}
		suggest_try(&sg, helper_names[id]);
	}
	return unknown_name(p, "helper", t, &sg, "");
}

static int parse_kfunc(struct parser *p, const struct tok *t)
{
	struct bpf_prog_attrs *a = &p->b.a;
	const struct tok *name = t;
	struct tok base;
	const char *colon;
	struct suggest sg;
	__u32 i, n;

	if (t->n >= NAME_LEN)
		return perr(p, p->line, "kfunc name '%s' too long (at most %d characters)",
			    TOK(t), NAME_LEN - 1);
	if (!kfunc_name_ok(t->s, t->n))
		return perr(p, p->line, "invalid kfunc name '%s'", TOK(t));
	for (i = 0; i < a->kfunc_cnt; i++)
		if (tok_is(t, p->b.kfuncs[i]))
			return perr(p, p->line, "duplicate kfunc '%s'", TOK(t));
	if (a->kfunc_cnt >= BPF_PROG_ATTRS_KFUNC_MAX)
		return perr(p, p->line, "too many kfuncs (at most %d)", BPF_PROG_ATTRS_KFUNC_MAX);

	colon = memchr(t->s, ':', t->n);
	if (colon) {
		base.s = colon + 1;
		base.n = t->n - (colon + 1 - t->s);
		name = &base;
	}
	if (p->btf) {
		bool found = false;

		n = btf__type_cnt(p->btf);
		for (i = 1; i < n && !found; i++) {
			const struct btf_type *bt = btf__type_by_id(p->btf, i);

			found = btf_is_func(bt) &&
				tok_is(name, btf__name_by_offset(p->btf, bt->name_off));
		}
		if (!found) {
			char prefix[NAME_LEN] = "";

			suggest_init(&sg, name);
			for (i = 1; i < n; i++) {
				const struct btf_type *bt = btf__type_by_id(p->btf, i);

				if (btf_is_func(bt))
					suggest_try(&sg, btf__name_by_offset(p->btf, bt->name_off));
			}
			if (colon)
				snprintf(prefix, sizeof(prefix), "%.*s:", (int)(colon - t->s),
					 t->s);
			sg.t = t;
			return unknown_name(p, "kfunc", t, &sg, prefix);
		}
	}
	memcpy(p->b.kfuncs[a->kfunc_cnt], t->s, t->n);
	p->b.kfuncs[a->kfunc_cnt][t->n] = '\0';
	a->kfunc_cnt++;
	a->kfuncs_len += t->n + 1;
	return 0;
}

static int parse_map_type(struct parser *p, const struct tok *t, __u64 *types, int *lines)
{
	struct suggest sg;
	__u32 i;

	for (i = 1; i < 64; i++) {
		const char *s = libbpf_bpf_map_type_str(i);

		if (!s || !tok_is(t, s))
			continue;
		if (*types & (1ULL << i))
			return perr(p, p->line, "duplicate map type '%s'", s);
		*types |= 1ULL << i;
		if (lines)
			lines[i] = p->line;
		return 0;
	}
	suggest_init(&sg, t);
	for (i = 1; i < 64; i++)
		suggest_try(&sg, libbpf_bpf_map_type_str(i));
	return unknown_name(p, "map type", t, &sg, "");
}

static int parse_access(struct parser *p, const struct tok *t, __u64 *bits, bool allowed)
{
	struct suggest sg;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(access_names); i++) {
		__u32 bit = access_names[i].bit;

		if (!tok_is(t, access_names[i].name))
			continue;
		if (*bits & bit)
			return perr(p, p->line, "duplicate access class '%s'",
				    access_names[i].name);
		*bits |= bit;
		if (allowed)
			p->b.access_line[i] = p->line;
		return 0;
	}
	suggest_init(&sg, t);
	for (i = 0; i < ARRAY_SIZE(access_names); i++)
		suggest_try(&sg, access_names[i].name);
	return unknown_name(p, "access class", t, &sg, "");
}

static int parse_number(struct parser *p, const char *kw, const struct tok *t, __u32 *res)
{
	unsigned long long v = 0;
	size_t i;

	for (i = 0; i < t->n; i++) {
		if (!isdigit((unsigned char)t->s[i]))
			return perr(p, p->line, "bad number '%s'", TOK(t));
		if (v <= ATTRS_INSN_LIMIT)
			v = v * 10 + (t->s[i] - '0');
	}
	if (v < 1 || v > ATTRS_INSN_LIMIT)
		return perr(p, p->line, "%s out of range (1..%d): %s", kw, ATTRS_INSN_LIMIT,
			    TOK(t));
	*res = v;
	return 0;
}

/* adds the finished block to the file */
static int end_blk(struct parser *p)
{
	struct blk *b = &p->b;
	struct bpf_prog_attrs *a = &b->a;
	char *names = NULL;
	size_t i, off = 0;
	int err;

	if (!p->in_blk)
		return 0;
	p->in_blk = false;
	if (a->handled & BPF_PROG_ATTRS_H_MAP_TYPES) {
		__u64 extra = a->map_types_write & ~a->map_types;

		for (i = 0; i < 64; i++)
			if (extra & (1ULL << i))
				return perr(p, b->write_line[i],
					    "map type '%s' in 'map_types_write' but not in 'map_types'",
					    libbpf_bpf_map_type_str(i));
	}
	for (i = 0; i < ARRAY_SIZE(access_names); i++)
		if ((a->access & access_names[i].bit) && !(a->access_handled & access_names[i].bit))
			return perr(p, b->access_line[i],
				    "access class '%s' allowed but not in 'access_handled' (line %d)",
				    access_names[i].name, b->access_handled_line);

	if (a->kfunc_cnt) {
		names = malloc(a->kfuncs_len);
		if (!names)
			return -ENOMEM;
		for (i = 0; i < a->kfunc_cnt; i++) {
			size_t n = strlen(b->kfuncs[i]) + 1;

			memcpy(names + off, b->kfuncs[i], n);
			off += n;
		}
		a->kfuncs = ptr_to_u64(names);
	}
	err = add_ent(p->f, b->name, strlen(b->name), a, sizeof(*a), b->line);
	free(names);
	if (err == -EINVAL)	/* the checks above and below should prevent it */
		return perr(p, b->line, "invalid attribute set for program '%s'", b->name);
	return err;
}

static int start_blk(struct parser *p, const struct tok *t, size_t nargs)
{
	struct attrs_ent *e;
	int err;

	if (nargs == 0)
		return perr(p, p->line, "'program' without a name");
	if (t->n >= NAME_LEN)
		return perr(p, p->line, "program name '%s' too long (at most %d characters)",
			    TOK(t), NAME_LEN - 1);
	if (!ident_ok(t->s, t->n))
		return perr(p, p->line, "invalid program name '%s'", TOK(t));
	err = end_blk(p);
	if (err)
		return err;
	e = find_ent(p->f, t->s, t->n);
	if (e)
		return perr(p, p->line, "duplicate program '%s' (first at line %d)", e->name,
			    e->line);

	memset(&p->b.a, 0, sizeof(p->b.a));
	memset(p->b.write_line, 0, sizeof(p->b.write_line));
	memset(p->b.access_line, 0, sizeof(p->b.access_line));
	memset(p->b.seen, 0, sizeof(p->b.seen));
	memset(p->b.none_line, 0, sizeof(p->b.none_line));
	p->b.access_handled_line = 0;
	memcpy(p->b.name, t->s, t->n);
	p->b.name[t->n] = '\0';
	p->b.line = p->line;
	p->in_blk = true;
	return 0;
}

/*
 * "KW none": the kind is handled, nothing is allowed. It must be alone, in
 * the only KW statement of its block. Return: 1 for "none", 0 for a list,
 * or an error.
 */
static int none_stmt(struct parser *p, int st, const struct tok *args, size_t n)
{
	const char *kw = stmt_names[st];
	size_t i;

	for (i = 0; i < n; i++)
		if (tok_is(&args[i], "none"))
			break;
	if (i == n) {
		if (p->b.none_line[st])
			return perr(p, p->line, "'%s' after '%s none' (line %d)", kw, kw,
				    p->b.none_line[st]);
		return 0;
	}
	if (n > 1)
		return perr(p, p->line, "'none' with other items in '%s'", kw);
	if (p->b.seen[st])
		return perr(p, p->line, "'%s none' after '%s' (line %d)", kw, kw, p->b.seen[st]);
	p->b.none_line[st] = p->line;
	return 1;
}

static int parse_stmt(struct parser *p, const struct tok *kw, const struct tok *args, size_t n)
{
	struct bpf_prog_attrs *a = &p->b.a;
	int st, err = 0;
	__u64 bits = 0;
	size_t i;

	st = stmt_id(p, kw);
	if (st < 0)
		return st;
	if (st == ST_PROGRAM) {
		if (n > 1)
			return perr(p, p->line, "unexpected '%s' after program name",
				    TOK(&args[1]));
		return start_blk(p, n ? &args[0] : NULL, n);
	}
	if (!p->in_blk)
		return perr(p, p->line, "'%s' before 'program'", stmt_names[st]);

	switch (st) {
	case ST_HELPERS:
	case ST_KFUNCS:
		if (!n)
			return perr(p, p->line, "'%s' without names", stmt_names[st]);
		for (i = 0; i < n && !err; i++)
			err = st == ST_HELPERS ? parse_helper(p, &args[i])
					       : parse_kfunc(p, &args[i]);
		break;
	case ST_MAP_TYPES:
	case ST_MAP_TYPES_WRITE:
		if (!n)
			return perr(p, p->line, "'%s' without map types (or 'none')",
				    stmt_names[st]);
		a->handled |= st == ST_MAP_TYPES ? BPF_PROG_ATTRS_H_MAP_TYPES
					    : BPF_PROG_ATTRS_H_MAP_TYPES_WRITE;
		err = none_stmt(p, st, args, n);
		if (err) {
			err = err < 0 ? err : 0;
			break;
		}
		for (i = 0; i < n && !err; i++) {
			if (st == ST_MAP_TYPES)
				err = parse_map_type(p, &args[i], &a->map_types, NULL);
			else
				err = parse_map_type(p, &args[i], &a->map_types_write,
						     p->b.write_line);
		}
		break;
	case ST_ACCESS:
		if (!n)
			return perr(p, p->line, "'access' without access classes (or 'none')");
		if (!p->b.access_handled_line)
			a->access_handled = ACCESS_ALL;
		err = none_stmt(p, st, args, n);
		if (err) {
			err = err < 0 ? err : 0;
			break;
		}
		for (i = 0; i < n && !err; i++)
			err = parse_access(p, &args[i], &a->access, true);
		break;
	case ST_ACCESS_HANDLED:
		if (!p->b.seen[ST_ACCESS])
			return perr(p, p->line, "'access_handled' before 'access'");
		if (!n)
			return perr(p, p->line, "'access_handled' without access classes");
		if (!p->b.access_handled_line) {
			a->access_handled = 0;
			p->b.access_handled_line = p->line;
		}
		bits = a->access_handled;
		for (i = 0; i < n && !err; i++)
			err = parse_access(p, &args[i], &bits, false);
		a->access_handled = bits;
		break;
	case ST_MAX_INSN_CNT:
	case ST_MAX_INSN_PROCESSED:
		if (p->b.seen[st])
			return perr(p, p->line, "duplicate '%s' (first at line %d)", stmt_names[st],
				    p->b.seen[st]);
		if (n != 1)
			return n ? perr(p, p->line, "unexpected '%s' after '%s %s'", TOK(&args[1]),
					stmt_names[st], TOK(&args[0]))
				 : perr(p, p->line, "'%s' without a number", stmt_names[st]);
		if (st == ST_MAX_INSN_CNT) {
			err = parse_number(p, stmt_names[st], &args[0], &a->max_insn_cnt);
			a->handled |= BPF_PROG_ATTRS_H_INSN_CNT;
		} else {
			err = parse_number(p, stmt_names[st], &args[0], &a->max_insn_processed);
			a->handled |= BPF_PROG_ATTRS_H_INSN_PROCESSED;
		}
		break;
	default:
		break;
	}
	if (!p->b.seen[st])
		p->b.seen[st] = p->line;
	return err;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static int parse_line(struct parser *p, const char *s, size_t n, struct tok **toks,
		      size_t *cap)
{
	size_t i = 0, cnt = 0;
	int err;

	while (i < n) {
		size_t start;

		while (i < n && is_blank(s[i]))
			i++;
		if (i == n || s[i] == '#')
			break;
		start = i;
		while (i < n && !is_blank(s[i]) && s[i] != '#')
			i++;
		err = ensure_mem((void **)toks, cap, sizeof(**toks), cnt + 1);
		if (err)
			return err;
		(*toks)[cnt].s = s + start;
		(*toks)[cnt].n = i - start;
		cnt++;
	}
	if (!cnt)
		return 0;
	return parse_stmt(p, &(*toks)[0], &(*toks)[1], cnt - 1);
}

struct prog_attrs_text *prog_attrs_text__parse(const char *text, size_t len,
					       const struct prog_attrs_text_opts *opts)
{
	struct prog_attrs_text_opts o;
	struct parser p = {};
	struct tok *toks = NULL;
	size_t cap = 0, pos = 0;
	int err = 0;

	if (opts_get(opts, &o) || (!text && len))
		return err_ptr(-EINVAL);
	p.file = o.filename ? : "<input>";
	p.btf = o.btf;
	p.errbuf = o.errbuf;
	p.errbuf_sz = o.errbuf_sz;
	if (p.errbuf && p.errbuf_sz)
		p.errbuf[0] = '\0';
	p.f = prog_attrs_text__new();
	p.b.kfuncs = calloc(BPF_PROG_ATTRS_KFUNC_MAX, sizeof(*p.b.kfuncs));
	if (!p.f || !p.b.kfuncs) {
		err = -ENOMEM;
		goto out;
	}

	while (pos < len && !err) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;

		p.line++;
		err = parse_line(&p, text + pos, end - pos, &toks, &cap);
		pos = end + 1;
	}
	p.line++;
	if (!err)
		err = end_blk(&p);
out:
	free(toks);
	free(p.b.kfuncs);
	if (err) {
		prog_attrs_text__free(p.f);
		return err_ptr(err);
	}
	return p.f;
}

struct prog_attrs_text *prog_attrs_text__read(const char *path,
					      const struct prog_attrs_text_opts *opts)
{
	struct prog_attrs_text_opts o;
	struct prog_attrs_text *f;
	size_t len = 0, cap = 0;
	char *buf = NULL;
	int err = 0;
	FILE *in;

	if (!path || opts_get(opts, &o))
		return err_ptr(-EINVAL);
	in = fopen(path, "re");
	if (!in)
		return err_ptr(-errno);
	for (;;) {
		size_t n;

		if (len == cap) {
			err = ensure_mem((void **)&buf, &cap, 1, len + 4096);
			if (err)
				break;
		}
		n = fread(buf + len, 1, cap - len, in);
		len += n;
		if (n == 0) {
			if (ferror(in))
				err = -EIO;
			break;
		}
	}
	fclose(in);
	if (err) {
		free(buf);
		return err_ptr(err);
	}
	if (!o.filename)
		o.filename = path;
	f = prog_attrs_text__parse(buf, len, &o);
	err = -errno;
	free(buf);
	return f ? f : err_ptr(err);
}

/* the binary records of the ".bpf.attrs" ELF section (<bpf/bpf_attrs.h>) */

__printf(4, 5)
static int sec_err(const struct prog_attrs_text_opts *o, const char *file, size_t off,
		   const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (o->errbuf && o->errbuf_sz)
		snprintf(o->errbuf, o->errbuf_sz, "%s: offset %zu: %s", file, off, msg);
	return -EINVAL;
}

/*
 * The checks of libbpf's reader, in the same words: the record at @off and
 * the regions it names are inside the section. Fills *@a (kfuncs pointing
 * into the section), *@name and *@rec_len.
 */
static int sec_rec(const struct prog_attrs_text_opts *o, const char *file, const char *data,
		   size_t len, size_t off, struct bpf_prog_attrs *a, const char **name,
		   __u32 *rec_len)
{
	struct bpf_attrs_rec r;
	size_t left = len - off;

	if (left < sizeof(r))
		return sec_err(o, file, off,
			       "truncated record (%zu bytes left, a record takes at least %zu)",
			       left, sizeof(r));
	memcpy(&r, data + off, sizeof(r));
	if (r.rec_len < sizeof(r) || r.rec_len > left || r.rec_len % 8)
		return sec_err(o, file, off,
			       "bad record length %u (%zu bytes left; at least %zu, a multiple of 8)",
			       r.rec_len, left, sizeof(r));
	if (r.name_off < sizeof(r) || r.name_off >= r.rec_len)
		return sec_err(o, file, off,
			       "program name offset %u outside the record (%u bytes)",
			       r.name_off, r.rec_len);
	if (!memchr(data + off + r.name_off, '\0', r.rec_len - r.name_off))
		return sec_err(o, file, off,
			       "program name not NUL-terminated inside the record");
	if (r.attrs.kfuncs)
		return sec_err(o, file, off, "attrs.kfuncs is not 0");
	if (r.attrs.kfuncs_len &&
	    (r.kfuncs_off < sizeof(r) || r.kfuncs_off > r.rec_len ||
	     r.attrs.kfuncs_len > r.rec_len - r.kfuncs_off ||
	     data[off + r.kfuncs_off + r.attrs.kfuncs_len - 1] != '\0'))
		return sec_err(o, file, off,
			       "kfunc names (offset %u, %u bytes) not NUL-terminated inside the record (%u bytes)",
			       r.kfuncs_off, r.attrs.kfuncs_len, r.rec_len);
	*a = r.attrs;
	if (r.attrs.kfuncs_len)
		a->kfuncs = ptr_to_u64(data + off + r.kfuncs_off);
	*name = data + off + r.name_off;
	*rec_len = r.rec_len;
	return 0;
}

struct prog_attrs_text *prog_attrs_text__from_section(const void *data, size_t len,
						      const struct prog_attrs_text_opts *opts)
{
	struct prog_attrs_text_opts o;
	struct prog_attrs_text *f;
	const char *file;
	size_t off = 0;
	int err = 0;

	if (opts_get(opts, &o) || (!data && len))
		return err_ptr(-EINVAL);
	file = o.filename ? : "<input>";
	if (o.errbuf && o.errbuf_sz)
		o.errbuf[0] = '\0';
	f = prog_attrs_text__new();
	if (!f)
		return NULL;
	while (off < len && !err) {
		const char *name = NULL;
		struct bpf_prog_attrs a;
		__u32 rec_len = 0;

		err = sec_rec(&o, file, data, len, off, &a, &name, &rec_len);
		if (err)
			break;
		err = add_ent(f, name, strlen(name), &a, sizeof(a), 0);
		if (err == -EEXIST)
			err = sec_err(&o, file, off, "a second record for program '%s'", name);
		else if (err == -EINVAL || err == -E2BIG)
			err = sec_err(&o, file, off, "invalid attribute set for program '%s'",
				      name);
		off += rec_len;
	}
	if (err) {
		prog_attrs_text__free(f);
		return err_ptr(err);
	}
	return f;
}

int prog_attrs_text__fwrite_section(const struct prog_attrs_text *f, FILE *out)
{
	static const char zero[8];
	size_t i;

	if (!f || !out)
		return err_ret(-EINVAL);
	for (i = 0; i < f->cnt; i++) {
		const struct bpf_prog_attrs *a = f->ents[i].attrs;
		size_t nl = strlen(f->ents[i].name) + 1;
		struct bpf_attrs_rec r = {};
		size_t len = sizeof(r) + nl + a->kfuncs_len;

		r.rec_len = (len + 7) & ~(size_t)7;
		r.name_off = sizeof(r);
		r.kfuncs_off = a->kfunc_cnt ? sizeof(r) + nl : 0;
		memcpy(&r.attrs, a, sizeof(*a));
		r.attrs.kfuncs = 0;
		fwrite(&r, sizeof(r), 1, out);
		fwrite(f->ents[i].name, nl, 1, out);
		if (a->kfunc_cnt)
			fwrite(kfunc_names(a), a->kfuncs_len, 1, out);
		fwrite(zero, r.rec_len - len, 1, out);
	}
	return ferror(out) ? err_ret(-EIO) : 0;
}

__u64 prog_attrs_known_access(void)
{
	__u64 m = 0;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(access_names); i++)
		m |= access_names[i].bit;
	return m;
}
