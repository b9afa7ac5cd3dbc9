// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * attrcheck diff: what a second set allows that the first does not, and
 * what it no longer allows, per program.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <bpf/libbpf.h>

#include "analyze.h"
#include "main.h"
#include "prog_attrs_text.h"

struct diff_ctx {
	const char *prog;
	int n;
};

static void diff_item(struct diff_ctx *c, char sign, const char *kind, const char *name)
{
	c->n++;
	if (json_output) {
		jsonw_start_object(json_wtr);
		jsonw_string_field(json_wtr, "prog", c->prog);
		jsonw_string_field(json_wtr, "change", sign == '+' ? "added" : "removed");
		jsonw_string_field(json_wtr, "kind", kind);
		jsonw_string_field(json_wtr, "name", name);
		jsonw_end_object(json_wtr);
	} else {
		printf("%c %s %s\n", sign, kind, name);
	}
}

static bool kfunc_exact(const struct bpf_prog_attrs *a, const char *name)
{
	const char *k = (const char *)(uintptr_t)a->kfuncs;
	unsigned int i;

	for (i = 0; k && i < a->kfunc_cnt; i++, k += strlen(k) + 1)
		if (!strcmp(k, name))
			return true;
	return false;
}

static void diff_helpers(struct diff_ctx *c, const struct bpf_prog_attrs *a,
			 const struct bpf_prog_attrs *b)
{
	unsigned int i;
	char buf[32];

	for (i = 1; i < BPF_PROG_ATTRS_HELPER_WORDS * 64; i++) {
		bool ia = helper_in(a, i), ib = helper_in(b, i);
		const char *h;

		if (ia == ib)
			continue;
		h = prog_attrs_helper_str(i);
		if (!h) {
			snprintf(buf, sizeof(buf), "#%u", i);
			h = buf;
		}
		diff_item(c, ib ? '+' : '-', "helper", h);
	}
}

/* The kfuncs of @from not in @to, as changes @sign */
static void diff_kfuncs(struct diff_ctx *c, char sign, const struct bpf_prog_attrs *from,
			const struct bpf_prog_attrs *to)
{
	const char *k = (const char *)(uintptr_t)from->kfuncs;
	unsigned int i;

	for (i = 0; k && i < from->kfunc_cnt; i++, k += strlen(k) + 1)
		if (!kfunc_exact(to, k))
			diff_item(c, sign, "kfunc", k);
}

static void diff_maps(struct diff_ctx *c, const char *kind, bool ha, __u64 a, bool hb, __u64 b)
{
	unsigned int t;

	/* not handled = anything allowed */
	if (ha && !hb) {
		diff_item(c, '+', kind, "(any: no longer restricted)");
		return;
	}
	if (!ha && hb) {
		diff_item(c, '-', kind, "(any: now restricted)");
		ha = true;
		a = ~0ULL;
	}
	if (!ha)
		return;
	for (t = 1; t < 64; t++) {
		if ((b & ~a) & (1ULL << t))
			diff_item(c, '+', kind, map_type_str(t));
		if ((a & ~b) & (1ULL << t) && (~a || libbpf_bpf_map_type_str(t)))
			if (a != ~0ULL)
				diff_item(c, '-', kind, map_type_str(t));
	}
}

static void diff_access(struct diff_ctx *c, const struct bpf_prog_attrs *a,
			const struct bpf_prog_attrs *b)
{
	unsigned int i;

	for (i = 0; i < 64; i++) {
		__u64 bit = 1ULL << i;
		/* allowed: not handled, or handled and listed */
		bool aa = !(a->access_handled & bit) || (a->access & bit);
		bool ab = !(b->access_handled & bit) || (b->access & bit);
		const char *s = prog_attrs_access_str(bit);

		if (!s || aa == ab)
			continue;
		diff_item(c, ab ? '+' : '-', "access", s);
	}
}

/* Limit @kind (handled bit @bit) of @a, @va, against that of @b, @vb */
static void diff_limit(struct diff_ctx *c, const char *kind, __u64 bit,
		       const struct bpf_prog_attrs *a, __u32 va,
		       const struct bpf_prog_attrs *b, __u32 vb)
{
	char buf[32];

	if (!((a->handled ^ b->handled) & bit) && va == vb)
		return;
	snprintf(buf, sizeof(buf), "%u", va);
	if (a->handled & bit)
		diff_item(c, '-', kind, buf);
	snprintf(buf, sizeof(buf), "%u", vb);
	if (b->handled & bit)
		diff_item(c, '+', kind, buf);
}

static void diff_sets(struct diff_ctx *c, const struct bpf_prog_attrs *a,
		      const struct bpf_prog_attrs *b)
{
	diff_helpers(c, a, b);
	diff_kfuncs(c, '+', b, a);
	diff_kfuncs(c, '-', a, b);
	diff_maps(c, "map_types", a->handled & BPF_PROG_ATTRS_H_MAP_TYPES, a->map_types,
		  b->handled & BPF_PROG_ATTRS_H_MAP_TYPES, b->map_types);
	diff_maps(c, "map_types_write",
		  a->handled & BPF_PROG_ATTRS_H_MAP_TYPES_WRITE, a->map_types_write,
		  b->handled & BPF_PROG_ATTRS_H_MAP_TYPES_WRITE, b->map_types_write);
	diff_access(c, a, b);
	diff_limit(c, "max_insn_cnt", BPF_PROG_ATTRS_H_INSN_CNT,
		   a, a->max_insn_cnt, b, b->max_insn_cnt);
	diff_limit(c, "max_insn_processed", BPF_PROG_ATTRS_H_INSN_PROCESSED,
		   a, a->max_insn_processed, b, b->max_insn_processed);
}

/* Each set of @fb against its program's in @fa (or the only one of each) */
static void diff_files(struct diff_ctx *c, const struct prog_attrs_text *fa,
		       const struct prog_attrs_text *fb, bool single)
{
	static const struct bpf_prog_attrs empty;
	size_t i, sz;

	for (i = 0; i < prog_attrs_text__cnt(fb); i++) {
		const char *name = prog_attrs_text__name(fb, i);
		const struct bpf_prog_attrs *b = prog_attrs_text__attrs(fb, i, &sz);
		const struct bpf_prog_attrs *a;

		if (single)
			a = prog_attrs_text__attrs(fa, 0, &sz);
		else
			a = prog_attrs_text__find(fa, name, &sz);
		c->prog = name;
		if (!json_output && !single)
			printf("program %s%s\n", name, a ? "" : " (added)");
		diff_sets(c, a ? a : &empty, b);
	}
}

/* The programs of @fa that @fb has no set for */
static void diff_removed(struct diff_ctx *c, const struct prog_attrs_text *fa,
			 const struct prog_attrs_text *fb)
{
	size_t i, sz;

	for (i = 0; i < prog_attrs_text__cnt(fa); i++) {
		const char *name = prog_attrs_text__name(fa, i);

		if (prog_attrs_text__find(fb, name, &sz))
			continue;
		c->prog = name;
		c->n++;
		if (json_output) {
			jsonw_start_object(json_wtr);
			jsonw_string_field(json_wtr, "prog", name);
			jsonw_string_field(json_wtr, "change", "removed");
			jsonw_string_field(json_wtr, "kind", "program");
			jsonw_end_object(json_wtr);
		} else {
			printf("program %s (removed)\n", name);
		}
	}
}

int do_diff(int argc, char **argv)
{
	struct prog_attrs_text *fa, *fb;
	struct diff_ctx c = {};
	bool single;
	int rc;

	fa = get_source(&argc, &argv, NULL, &rc);
	if (!fa)
		return rc;
	fb = get_source(&argc, &argv, NULL, &rc);
	if (!fb) {
		prog_attrs_text__free(fa);
		return rc;
	}
	if (argc) {
		p_err("diff: unexpected argument '%s'", *argv);
		rc = AC_EXIT_USAGE;
		goto out;
	}
	/* one set each, whatever their names: compare them */
	single = prog_attrs_text__cnt(fa) == 1 && prog_attrs_text__cnt(fb) == 1;
	if (json_output)
		jsonw_start_array(json_wtr);
	diff_files(&c, fa, fb, single);
	if (!single)
		diff_removed(&c, fa, fb);
	if (json_output)
		jsonw_end_array(json_wtr);
	rc = 0;
out:
	prog_attrs_text__free(fa);
	prog_attrs_text__free(fb);
	return rc;
}
