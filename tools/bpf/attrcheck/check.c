// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * attrcheck check: every instruction (and map type, access class, size)
 * of an object's programs that their sets in a file do not allow, offline.
 */
#include <stdio.h>
#include <string.h>

#include <bpf/libbpf.h>

#include "analyze.h"
#include "main.h"
#include "prog_attrs_text.h"

/* The start of a violation in JSON: {"prog": NAME, "kind": KIND, ... */
static void json_violation(const struct ac_prog *p, const char *kind)
{
	jsonw_start_object(json_wtr);
	jsonw_string_field(json_wtr, "prog", p->name);
	if (kind)
		jsonw_string_field(json_wtr, "kind", kind);
}

static void no_set(const struct ac_prog *p, const char *file)
{
	if (json_output) {
		json_violation(p, "program");
		jsonw_end_object(json_wtr);
	} else {
		printf("%s: no set for this program in %s\n", p->name, file);
	}
}

static void call_violation(const struct ac_prog *p, const struct ac_call *c)
{
	const char *hn = c->helper >= 0 ? prog_attrs_helper_str(c->helper) : NULL;

	if (json_output) {
		json_violation(p, NULL);
		jsonw_uint_field(json_wtr, "insn", c->insn);
		if (c->helper >= 0) {
			jsonw_string_field(json_wtr, "kind", "helper");
			jsonw_string_field(json_wtr, "name", hn ? hn : "unknown");
			jsonw_uint_field(json_wtr, "id", c->helper);
		} else {
			jsonw_string_field(json_wtr, "kind", "kfunc");
			jsonw_string_field(json_wtr, "name", c->kfunc);
		}
		if (c->file) {
			jsonw_string_field(json_wtr, "file", c->file);
			jsonw_uint_field(json_wtr, "line", c->line);
		}
		jsonw_end_object(json_wtr);
		return;
	}
	if (c->helper >= 0)
		printf("%s: insn %u: call to helper %s#%d is not in the set",
		       p->name, c->insn, hn ? hn : "unknown", c->helper);
	else
		printf("%s: insn %u: call to kfunc %s is not in the set",
		       p->name, c->insn, c->kfunc);
	if (c->file)
		printf(" (%s:%u)", c->file, c->line);
	printf("\n");
}

static void map_violation(const struct ac_prog *p, const char *what, __u64 extra, int *n)
{
	unsigned int t;

	for (t = 1; t < 64; t++) {
		if (!(extra & (1ULL << t)))
			continue;
		(*n)++;
		if (json_output) {
			json_violation(p, what);
			jsonw_string_field(json_wtr, "name", map_type_str(t));
			jsonw_end_object(json_wtr);
		} else {
			printf("%s: %s %s is not in the set\n", p->name,
			       !strcmp(what, "map_types") ? "map type" : "written map type",
			       map_type_str(t));
		}
	}
}

/* Access class @bit, used by @p (@used), but not allowed by a set handling it */
static void access_violation(const struct ac_prog *p, const struct bpf_prog_attrs *a,
			     __u64 bit, bool used, int *n)
{
	const char *name = prog_attrs_access_str(bit);

	if (!used || !(a->access_handled & bit) || (a->access & bit))
		return;
	(*n)++;
	if (json_output) {
		json_violation(p, "access");
		jsonw_string_field(json_wtr, "name", name ? name : "unknown");
		jsonw_end_object(json_wtr);
	} else {
		printf("%s: access %s is not in the set\n", p->name, name ? name : "unknown");
	}
}

static void size_violation(const struct ac_prog *p, const struct bpf_prog_attrs *a, int *n)
{
	if (!(a->handled & BPF_PROG_ATTRS_H_INSN_CNT) || p->insn_cnt <= a->max_insn_cnt)
		return;
	(*n)++;
	if (json_output) {
		json_violation(p, "max_insn_cnt");
		jsonw_uint_field(json_wtr, "insns", p->insn_cnt);
		jsonw_end_object(json_wtr);
	} else {
		printf("%s: %u insns, more than max_insn_cnt %u\n", p->name,
		       p->insn_cnt, a->max_insn_cnt);
	}
}

/* Reports what of program @p its set @a does not allow; counts it in @n */
static void check_prog(const struct ac_prog *p, const struct bpf_prog_attrs *a, int *n)
{
	unsigned int j;

	for (j = 0; j < p->call_cnt; j++) {
		const struct ac_call *c = &p->calls[j];

		if (c->helper >= 0 ? helper_in(a, c->helper) : kfunc_in(a, c->kfunc))
			continue;
		(*n)++;
		call_violation(p, c);
	}
	if (a->handled & BPF_PROG_ATTRS_H_MAP_TYPES)
		map_violation(p, "map_types", p->map_types & ~a->map_types, n);
	if (a->handled & BPF_PROG_ATTRS_H_MAP_TYPES_WRITE)
		map_violation(p, "map_types_write", p->map_types_write & ~a->map_types_write, n);
	access_violation(p, a, BPF_PROG_ACCESS_READ_KERNEL, p->read_kernel, n);
	access_violation(p, a, BPF_PROG_ACCESS_WRITE_PACKET, p->write_packet, n);
	access_violation(p, a, BPF_PROG_ACCESS_WRITE_CTX, p->write_ctx, n);
	size_violation(p, a, n);
}

int do_check(int argc, char **argv)
{
	const struct bpf_prog_attrs *a;
	struct prog_attrs_text *f;
	struct ac_object *o;
	unsigned int i;
	int n = 0;
	size_t sz;

	if (argc != 2) {
		p_err("check: expected OBJ FILE");
		return AC_EXIT_USAGE;
	}
	o = open_object(argv[0]);
	if (!o)
		return AC_EXIT_INPUT;
	if (o->legacy)
		p_note("%s: convention: legacy (%s)", argv[0], o->convention);
	f = read_file(argv[1]);
	if (!f) {
		ac_object_free(o);
		return AC_EXIT_INPUT;
	}
	if (json_output)
		jsonw_start_array(json_wtr);
	for (i = 0; i < o->prog_cnt; i++) {
		a = prog_attrs_text__find(f, o->progs[i].name, &sz);
		if (a) {
			check_prog(&o->progs[i], a, &n);
		} else {
			n++;
			no_set(&o->progs[i], argv[1]);
		}
	}
	if (json_output)
		jsonw_end_array(json_wtr);
	else if (n)
		fprintf(stderr, "%s: %d violation%s\n", argv[0], n, n == 1 ? "" : "s");
	prog_attrs_text__free(f);
	ac_object_free(o);
	return n ? AC_EXIT_VIOLATIONS : AC_EXIT_OK;
}
