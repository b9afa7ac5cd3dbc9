// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Program attribute sets: "prog load ... attrs FILE" and "prog show". */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "json_writer.h"
#include "main.h"
#include "prog_attrs_text.h"

/* Plain output: statements indented by two tabs, wrapped at 80 columns. */
#define ATTRS_INDENT	"\t\t"
#define ATTRS_COLS	80
#define ATTRS_INDENT_COLS 16

struct kernel_funcs {
	struct btf *vmlinux;
	struct btf *all;	/* split on vmlinux: the modules' functions */
};

/* The functions of the running kernel: vmlinux BTF, and a split BTF on it
 * holding the names of the functions of every loaded module, so that a
 * kfunc of a module ("name" or "module:name") passes the parser's check.
 * Return: the BTF to check kfunc names against, or NULL without kernel BTF.
 */
static const struct btf *kernel_funcs_load(struct kernel_funcs *kf)
{
	struct dirent *ent;
	int proto = -1;
	char path[PATH_MAX];
	DIR *dir;

	kf->all = NULL;
	kf->vmlinux = libbpf_find_kernel_btf();
	if (!kf->vmlinux)
		return NULL;
	dir = opendir("/sys/kernel/btf");
	if (!dir)
		return kf->vmlinux;
	kf->all = btf__new_empty_split(kf->vmlinux);
	if (kf->all)
		proto = btf__add_func_proto(kf->all, 0);
	while (proto > 0 && (ent = readdir(dir))) {
		struct btf *mod;
		__u32 id, n;

		if (ent->d_name[0] == '.' || !strcmp(ent->d_name, "vmlinux"))
			continue;
		snprintf(path, sizeof(path), "/sys/kernel/btf/%s", ent->d_name);
		mod = btf__parse_split(path, kf->vmlinux);
		if (!mod)
			continue;
		n = btf__type_cnt(mod);
		for (id = btf__type_cnt(kf->vmlinux); id < n; id++) {
			const struct btf_type *t = btf__type_by_id(mod, id);

			if (btf_is_func(t) &&
			    btf__add_func(kf->all, btf__name_by_offset(mod, t->name_off),
					  BTF_FUNC_GLOBAL, proto) < 0)
				proto = -1;
		}
		btf__free(mod);
	}
	closedir(dir);
	if (proto > 0)
		return kf->all;
	/* out of memory: no check rather than a wrong one */
	btf__free(kf->all);
	kf->all = NULL;
	return NULL;
}

static void kernel_funcs_free(struct kernel_funcs *kf)
{
	btf__free(kf->all);
	btf__free(kf->vmlinux);
}

/**
 * prog_attrs_read_file() - read and parse an attribute set file
 * @path: the file (text format, see bpftool-prog(8))
 *
 * The kfunc names are checked against the running kernel's functions,
 * when it has BTF.
 *
 * Return: the sets, or NULL after printing an error ("FILE:LINE: ..." for
 * a parse error).
 */
struct prog_attrs_text *prog_attrs_read_file(const char *path)
{
	LIBBPF_OPTS(prog_attrs_text_opts, opts, .filename = path);
	struct prog_attrs_text *file;
	struct kernel_funcs kf;
	char errbuf[512] = "";

	/* Known kfuncs, so that a misspelt one gets a suggestion. Without
	 * kernel BTF the names are only checked by the kernel at load.
	 */
	opts.btf = kernel_funcs_load(&kf);
	opts.errbuf = errbuf;
	opts.errbuf_sz = sizeof(errbuf);

	file = prog_attrs_text__read(path, &opts);
	if (!file) {
		if (errno == EINVAL && errbuf[0])
			p_err("%s", errbuf);
		else
			p_err("can't read attribute set file '%s': %s", path, strerror(errno));
	}
	kernel_funcs_free(&kf);
	return file;
}

/**
 * prog_attrs_apply_file() - give each program of an object its set from a file
 * @obj: the opened, not yet loaded object
 * @path: the attribute set file (text format, see bpftool-prog(8))
 *
 * Every program to be loaded must have an entry, and every entry must name
 * a program of @obj.
 *
 * Return: 0, or -1 after printing an error.
 */
int prog_attrs_apply_file(struct bpf_object *obj, const char *path)
{
	const struct bpf_prog_attrs *attrs;
	struct prog_attrs_text *file;
	struct bpf_program *prog;
	const char *name;
	int err = -1, ret;
	size_t i, sz;

	file = prog_attrs_read_file(path);
	if (!file)
		return -1;

	for (i = 0; i < prog_attrs_text__cnt(file); i++) {
		name = prog_attrs_text__name(file, i);
		if (!bpf_object__find_program_by_name(obj, name)) {
			p_err("%s: program '%s' is not in the object file", path, name);
			goto out;
		}
	}

	bpf_object__for_each_program(prog, obj) {
		if (!bpf_program__autoload(prog))
			continue;
		name = bpf_program__name(prog);
		attrs = prog_attrs_text__find(file, name, &sz);
		if (!attrs) {
			p_err("%s: no attribute set for program '%s'", path, name);
			goto out;
		}
		ret = bpf_program__set_attrs(prog, attrs, sz);
		if (ret) {
			p_err("can't set the attribute set of program '%s': %s", name,
			      strerror(-ret));
			goto out;
		}
	}
	err = 0;
out:
	prog_attrs_text__free(file);
	return err;
}

/* ---- prog show ------------------------------------------------------- */

struct attrs_buf {
	struct bpf_prog_attrs *attrs;	/* NULL: the kernel reported none */
	const char *kfuncs;		/* names, within the buffer */
	__u32 kfuncs_len;
	__u32 unbounded;		/* observed set: BPF_PROG_ATTRS_OBS_* */
};

/* The kfunc names as reported: inside the buffer, NUL-terminated, as many
 * as the set says. Anything else leaves the set without kfuncs.
 */
static void attrs_buf_check(struct attrs_buf *b, __u32 len)
{
	struct bpf_prog_attrs *a = b->attrs;
	const char *start = (const char *)a, *p, *end;
	__u32 n;

	b->kfuncs = NULL;
	b->kfuncs_len = 0;
	if (!a->kfunc_cnt)
		return;
	p = u64_to_ptr(a->kfuncs);
	if (p < start + sizeof(*a) || p > start + len ||
	    a->kfuncs_len > (__u32)(start + len - p))
		goto bad;
	end = p + a->kfuncs_len;
	for (n = 0; n < a->kfunc_cnt; n++) {
		const char *nul = memchr(p, 0, end - p);

		if (!nul || nul == p)
			goto bad;
		p = nul + 1;
	}
	b->kfuncs = u64_to_ptr(a->kfuncs);
	b->kfuncs_len = a->kfuncs_len;
	return;
bad:
	a->kfunc_cnt = 0;
}

/* A buffer for a set of *@len bytes (0: none, as is a size too small to be
 * a set). Return: false if out of memory.
 */
static bool attrs_alloc(__u32 *len, void **buf)
{
	*buf = NULL;
	if (*len < sizeof(struct bpf_prog_attrs))
		*len = 0;
	if (*len)
		*buf = calloc(1, *len);
	return !*len || *buf;
}

/* The set the kernel wrote to @buf, of @len bytes; it reported @got. The
 * sets of a loaded program do not change: a size that did is a broken
 * report, not shown.
 */
static void attrs_take(struct attrs_buf *b, void *buf, __u32 len, __u32 got)
{
	if (buf && got == len) {
		b->attrs = buf;
		attrs_buf_check(b, len);
	} else {
		free(buf);
	}
}

/* Fetch the declared and observed sets of program @fd, and the ceiling of
 * the token it was loaded with; @info is its info from a first call (with
 * the sizes). The second call asks for nothing else. Return: 0 (a set
 * missing or unreadable stays NULL) or -ENOMEM.
 */
static int get_prog_attrs(int fd, const struct bpf_prog_info *info,
			  struct attrs_buf *decl, struct attrs_buf *ceil,
			  struct attrs_buf *obs)
{
	__u32 dlen = info->attrs_declared_len, olen = info->attrs_observed_len;
	__u32 clen = info->attrs_ceiling_len;
	void *dbuf = NULL, *obuf = NULL, *cbuf = NULL;
	struct bpf_prog_info ai = {};
	__u32 len = sizeof(ai);
	int err;

	memset(decl, 0, sizeof(*decl));
	memset(ceil, 0, sizeof(*ceil));
	memset(obs, 0, sizeof(*obs));
	if (!attrs_alloc(&dlen, &dbuf) || !attrs_alloc(&olen, &obuf) ||
	    !attrs_alloc(&clen, &cbuf))
		goto enomem;
	if (!dlen && !olen && !clen)
		return 0;
	ai.attrs_declared_len = dlen;
	ai.attrs_declared = ptr_to_u64(dbuf);
	ai.attrs_observed_len = olen;
	ai.attrs_observed = ptr_to_u64(obuf);
	ai.attrs_ceiling_len = clen;
	ai.attrs_ceiling = ptr_to_u64(cbuf);
	err = bpf_prog_get_info_by_fd(fd, &ai, &len);
	if (err) {
		free(dbuf);
		free(obuf);
		free(cbuf);
		return 0;
	}
	attrs_take(decl, dbuf, dlen, ai.attrs_declared_len);
	attrs_take(ceil, cbuf, clen, ai.attrs_ceiling_len);
	obs->unbounded = ai.attrs_observed_flags;
	attrs_take(obs, obuf, olen, ai.attrs_observed_len);
	return 0;
enomem:
	free(dbuf);
	free(obuf);
	free(cbuf);
	return -ENOMEM;
}

/* One plain statement, "KEYWORD ITEM...", wrapped like the text format:
 * a continuation line repeats the keyword.
 */
struct stmt {
	const char *kw;
	int col;	/* 0: nothing printed yet */
};

static void stmt_item(struct stmt *s, const char *item)
{
	int n = strlen(item);

	if (s->col && s->col + 1 + n > ATTRS_COLS) {
		printf("\n");
		s->col = 0;
	}
	if (!s->col) {
		printf("%s%s", ATTRS_INDENT, s->kw);
		s->col = ATTRS_INDENT_COLS + strlen(s->kw);
	}
	printf(" %s", item);
	s->col += 1 + n;
}

static void stmt_end(struct stmt *s, bool none_if_empty)
{
	if (!s->col && none_if_empty)
		stmt_item(s, "none");
	if (s->col)
		printf("\n");
	s->col = 0;
}

static void stmt_id(struct stmt *s, const char *str, __u64 id)
{
	char buf[32];

	if (str) {
		stmt_item(s, str);
	} else {
		snprintf(buf, sizeof(buf), "#%llu", (unsigned long long)id);
		stmt_item(s, buf);
	}
}

/* Arrays for JSON; a number where libbpf has no name for an id. */
static void json_id(const char *str, __u64 id)
{
	if (str)
		jsonw_string(json_wtr, str);
	else
		jsonw_uint(json_wtr, id);
}

enum attrs_list {
	LIST_HELPERS,
	LIST_KFUNCS,
	LIST_MAP_TYPES,
	LIST_MAP_TYPES_WRITE,
	LIST_ACCESS,
	LIST_ACCESS_HANDLED,
};

static void emit_id(struct stmt *s, const char *str, __u64 id)
{
	if (s)
		stmt_id(s, str, id);
	else
		json_id(str, id);
}

/* Emit the items of one list: JSON array elements, or plain items to @s. */
static void emit_list(const struct attrs_buf *b, enum attrs_list what, struct stmt *s)
{
	const struct bpf_prog_attrs *a = b->attrs;
	const char *p = b->kfuncs;
	unsigned int i;
	__u64 mask;
	__u32 n;

	if (what == LIST_HELPERS) {
		for (i = 0; i < BPF_PROG_ATTRS_HELPER_WORDS * 64; i++)
			if (a->helpers[i / 64] & (1ULL << (i % 64)))
				emit_id(s, prog_attrs_helper_str(i), i);
	} else if (what == LIST_KFUNCS) {
		for (n = 0; p && n < a->kfunc_cnt; n++, p += strlen(p) + 1) {
			if (s)
				stmt_item(s, p);
			else
				jsonw_string(json_wtr, p);
		}
	} else if (what == LIST_MAP_TYPES || what == LIST_MAP_TYPES_WRITE) {
		mask = what == LIST_MAP_TYPES ? a->map_types : a->map_types_write;
		for (i = 0; i < 64; i++)
			if (mask & (1ULL << i))
				emit_id(s, libbpf_bpf_map_type_str(i), i);
	} else {
		mask = what == LIST_ACCESS ? a->access : a->access_handled;
		for (i = 0; i < 64; i++)
			if (mask & (1ULL << i))
				emit_id(s, prog_attrs_access_str(1ULL << i), 1ULL << i);
	}
}

static void json_list(const struct attrs_buf *b, const char *name, enum attrs_list what)
{
	jsonw_name(json_wtr, name);
	jsonw_start_array(json_wtr);
	emit_list(b, what, NULL);
	jsonw_end_array(json_wtr);
}

static void plain_list(const struct attrs_buf *b, const char *kw, enum attrs_list what,
		       bool none_if_empty)
{
	struct stmt s = { .kw = kw };

	emit_list(b, what, &s);
	stmt_end(&s, none_if_empty);
}

/* The observed set's BPF_PROG_ATTRS_OBS_* flags, the ways in which it does
 * not bound what runs on the program's behalf: plain items ("bit N" for a
 * flag libbpf has no name for) to @s, or JSON strings ("bit_N").
 */
static void emit_unbounded(__u32 flags, struct stmt *s)
{
	unsigned int i;
	char buf[16];

	for (i = 0; i < 32; i++) {
		const char *str = prog_attrs_obs_str(1U << i);

		if (!(flags & (1U << i)))
			continue;
		if (!str) {
			snprintf(buf, sizeof(buf), s ? "bit %u" : "bit_%u", i);
			str = buf;
		}
		if (s)
			stmt_item(s, str);
		else
			jsonw_string(json_wtr, str);
	}
}

/* A set, declared or observed, with the kinds it handles (an observed set
 * handles every kind: its access classes are those the program uses, its
 * limits the program's size and verifier work); the observed one with its
 * "unbounded" flags, always.
 */
static void print_attrs_json(const char *name, const struct attrs_buf *b, bool observed)
{
	const struct bpf_prog_attrs *a = b->attrs;
	__u64 h = a->handled;

	jsonw_name(json_wtr, name);
	jsonw_start_object(json_wtr);
	json_list(b, "helpers", LIST_HELPERS);
	json_list(b, "kfuncs", LIST_KFUNCS);
	if (h & BPF_PROG_ATTRS_H_MAP_TYPES)
		json_list(b, "map_types", LIST_MAP_TYPES);
	if (h & BPF_PROG_ATTRS_H_MAP_TYPES_WRITE)
		json_list(b, "map_types_write", LIST_MAP_TYPES_WRITE);
	if (a->access_handled) {
		json_list(b, "access", LIST_ACCESS);
		json_list(b, "access_handled", LIST_ACCESS_HANDLED);
	}
	if (h & BPF_PROG_ATTRS_H_INSN_CNT)
		jsonw_uint_field(json_wtr, "max_insn_cnt", a->max_insn_cnt);
	if (h & BPF_PROG_ATTRS_H_INSN_PROCESSED)
		jsonw_uint_field(json_wtr, "max_insn_processed", a->max_insn_processed);
	if (observed) {
		jsonw_name(json_wtr, "unbounded");
		jsonw_start_array(json_wtr);
		emit_unbounded(b->unbounded, NULL);
		jsonw_end_array(json_wtr);
	}
	jsonw_end_object(json_wtr);
}

/* The statements of the text format (bpftool-prog(8)), in its order: a
 * set prints as the file that declares it. The observed set's flags follow
 * as a comment, so that the block still loads as a set.
 */
static void print_attrs_plain(const char *title, const struct attrs_buf *b, bool observed)
{
	const struct bpf_prog_attrs *a = b->attrs;
	__u64 h = a->handled;

	printf("\t%s\n", title);
	plain_list(b, "helpers", LIST_HELPERS, false);
	plain_list(b, "kfuncs", LIST_KFUNCS, false);
	if (h & BPF_PROG_ATTRS_H_MAP_TYPES)
		plain_list(b, "map_types", LIST_MAP_TYPES, true);
	if (h & BPF_PROG_ATTRS_H_MAP_TYPES_WRITE)
		plain_list(b, "map_types_write", LIST_MAP_TYPES_WRITE, true);
	if (a->access_handled)
		plain_list(b, "access", LIST_ACCESS, true);
	if (a->access_handled && a->access_handled != prog_attrs_known_access())
		plain_list(b, "access_handled", LIST_ACCESS_HANDLED, false);
	if (h & BPF_PROG_ATTRS_H_INSN_CNT)
		printf("%smax_insn_cnt %u\n", ATTRS_INDENT, a->max_insn_cnt);
	if (h & BPF_PROG_ATTRS_H_INSN_PROCESSED)
		printf("%smax_insn_processed %u\n", ATTRS_INDENT, a->max_insn_processed);
	if (observed && b->unbounded) {
		struct stmt s = { .kw = "# not an upper bound:" };

		emit_unbounded(b->unbounded, &s);
		stmt_end(&s, false);
	}
}

/**
 * show_prog_attrs() - print a program's declared and observed sets
 * @fd: the program
 * @info: its info, from a call that asked for nothing (it has the sizes)
 *
 * JSON: fields "attrs_ceiling", "attrs_declared" and "attrs_observed" of
 * the program's object, each absent without a set. Plain: "attrs ceiling
 * (token)", "attrs declared" and "attrs observed" blocks, one statement of
 * the text format a line. Under a token's ceiling the declared set is the
 * one the program was verified under: its own within the ceiling, or the
 * ceiling when it declared none; its block says so.
 */
void show_prog_attrs(int fd, const struct bpf_prog_info *info)
{
	struct attrs_buf decl, ceil, obs;

	if (get_prog_attrs(fd, info, &decl, &ceil, &obs)) {
		/* (an error object would break the program's JSON object) */
		if (!json_output)
			p_err("mem alloc failed");
		return;
	}
	if (json_output) {
		if (ceil.attrs)
			print_attrs_json("attrs_ceiling", &ceil, false);
		if (decl.attrs)
			print_attrs_json("attrs_declared", &decl, false);
		if (obs.attrs)
			print_attrs_json("attrs_observed", &obs, true);
	} else {
		if (ceil.attrs)
			print_attrs_plain("attrs ceiling (token)", &ceil, false);
		if (decl.attrs)
			print_attrs_plain(ceil.attrs ? "attrs declared (within the ceiling)" :
					  "attrs declared", &decl, false);
		if (obs.attrs)
			print_attrs_plain("attrs observed", &obs, true);
	}
	free(decl.attrs);
	free(ceil.attrs);
	free(obs.attrs);
}
