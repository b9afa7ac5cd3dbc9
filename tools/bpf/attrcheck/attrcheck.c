// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * attrcheck: derive, check, show and diff BPF program attribute sets.
 * See Documentation/attrcheck.rst.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include <linux/kernel.h>

#include "analyze.h"
#include "json_writer.h"
#include "main.h"

bool json_output;
static bool pretty_output;
json_writer_t *json_wtr;
static const char *bin_name = "attrcheck";

void p_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (json_output) {
		jsonw_start_object(json_wtr);
		jsonw_name(json_wtr, "error");
		jsonw_vprintf_enquote(json_wtr, fmt, ap);
		jsonw_end_object(json_wtr);
	} else {
		fprintf(stderr, "Error: ");
		vfprintf(stderr, fmt, ap);
		fprintf(stderr, "\n");
	}
	va_end(ap);
}

void p_note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "Note: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
}

static void print_usage(FILE *f)
{
	fprintf(f,
		"Usage: %s [OPTIONS] COMMAND ...\n"
		"       %s gen OBJ [prog NAME] [limits] [-o FILE]\n"
		"       %s gen --observed OBJ [prog NAME] [limits] [-o FILE]\n"
		"       %s check OBJ FILE\n"
		"       %s show { FILE | id ID | pinned PATH }\n"
		"       %s diff A B\n"
		"       %s load OBJ FILE [prog NAME]\n"
		"       %s verify OBJ [removals N]\n"
		"       %s supervise { run | check | show | learn | help } ...\n"
		"       %s help\n"
		"\n"
		"       OPTIONS := { -j|--json [-p|--pretty] | -d|--debug | -h|--help | -V|--version }\n"
		"       A, B    := { FILE | id ID | pinned PATH }\n"
		"       OBJ     := a BPF object file: libbpf's conventions, or the legacy ones\n"
		"                  (a \"maps\" section, each executable section a program)\n"
		"\n"
		"Exit status: 0 success (check: no violation), 1 check found instructions\n"
		"outside the set, 2 an input could not be read, 3 bad command line, 4 the\n"
		"kernel refused a program (load, gen --observed).\n",
		bin_name, bin_name, bin_name, bin_name, bin_name, bin_name, bin_name, bin_name,
		bin_name, bin_name);
}

/* ---- sets -------------------------------------------------------------- */

static const char *map_type_str(unsigned int t)
{
	const char *s = libbpf_bpf_map_type_str(t);

	return s ? s : "unknown";
}

/* A map type mask, named like bpftool's "prog show -j"; absent when the
 * set does not restrict that kind.
 */
static void json_map_types(const char *key, bool handled, __u64 mask)
{
	int i;

	if (!handled)
		return;
	jsonw_name(json_wtr, key);
	jsonw_start_array(json_wtr);
	for (i = 1; i < 64; i++)
		if (mask & (1ULL << i))
			jsonw_string(json_wtr, map_type_str(i));
	jsonw_end_array(json_wtr);
}

/* The access classes this libbpf knows */
static __u64 known_access(void)
{
	unsigned int i;
	__u64 m = 0;

	for (i = 0; i < 64; i++)
		if (libbpf_bpf_prog_access_str(1ULL << i))
			m |= 1ULL << i;
	return m;
}

/*
 * The BPF_PROG_ATTRS_OBS_* flags of the observed sets of a file of sets
 * (bpf_prog_info.attrs_observed_flags), by index: where each observed set
 * is not an upper bound of what runs on the program's behalf. Sets read
 * from a file, derived or declared have none (NOT_OBSERVED).
 */
#define NOT_OBSERVED	(-1LL)

struct obs_flags {
	long long *v;
	size_t cnt;
};

static int obs_mark(struct obs_flags *o, size_t idx, __u32 flags)
{
	long long *v;
	size_t i;

	if (!o)
		return 0;
	if (idx >= o->cnt) {
		v = realloc(o->v, (idx + 1) * sizeof(*v));
		if (!v)
			return -ENOMEM;
		for (i = o->cnt; i <= idx; i++)
			v[i] = NOT_OBSERVED;
		o->v = v;
		o->cnt = idx + 1;
	}
	o->v[idx] = flags;
	return 0;
}

static bool obs_get(const struct obs_flags *o, size_t idx, __u32 *flags)
{
	if (!o || idx >= o->cnt || o->v[idx] == NOT_OBSERVED)
		return false;
	*flags = o->v[idx];
	return true;
}

/* The name of flag @bit as bpftool shows it: "bit N" ("bit_N" in JSON)
 * when libbpf has none.
 */
static const char *obs_flag_str(unsigned int bit, bool json, char *buf, size_t sz)
{
	const char *s = libbpf_bpf_prog_attrs_obs_str(1U << bit);

	if (s)
		return s;
	snprintf(buf, sz, json ? "bit_%u" : "bit %u", bit);
	return buf;
}

/* The convention object @o was read with: "libbpf" or "legacy" */
static const char *convention_str(const struct ac_object *o)
{
	return o->legacy ? "legacy" : "libbpf";
}

static void json_set(const char *name, const struct bpf_prog_attrs *a,
		     const __u32 *unbounded, const struct ac_object *o)
{
	const char *k = (const char *)(uintptr_t)a->kfuncs;
	unsigned int i;

	jsonw_start_object(json_wtr);
	jsonw_string_field(json_wtr, "name", name);
	if (o)
		jsonw_string_field(json_wtr, "convention", convention_str(o));
	jsonw_name(json_wtr, "helpers");
	jsonw_start_array(json_wtr);
	for (i = 1; i < BPF_PROG_ATTRS_HELPER_WORDS * 64; i++) {
		const char *h;

		if (!(a->helpers[i / 64] & (1ULL << (i % 64))))
			continue;
		h = libbpf_bpf_helper_str(i);
		if (h)
			jsonw_string(json_wtr, h);
		else
			jsonw_uint(json_wtr, i);
	}
	jsonw_end_array(json_wtr);
	jsonw_name(json_wtr, "kfuncs");
	jsonw_start_array(json_wtr);
	for (i = 0; k && i < a->kfunc_cnt; i++) {
		jsonw_string(json_wtr, k);
		k += strlen(k) + 1;
	}
	jsonw_end_array(json_wtr);
	json_map_types("map_types", a->handled & BPF_PROG_ATTRS_H_MAP_TYPES, a->map_types);
	json_map_types("map_types_write", a->handled & BPF_PROG_ATTRS_H_MAP_WRITE,
		       a->map_types_write);
	jsonw_name(json_wtr, "access_handled");
	jsonw_start_array(json_wtr);
	for (i = 0; i < 64; i++) {
		const char *s = libbpf_bpf_prog_access_str(1ULL << i);

		if ((a->access_handled & (1ULL << i)) && s)
			jsonw_string(json_wtr, s);
	}
	jsonw_end_array(json_wtr);
	jsonw_name(json_wtr, "access");
	jsonw_start_array(json_wtr);
	for (i = 0; i < 64; i++) {
		const char *s = libbpf_bpf_prog_access_str(1ULL << i);

		if ((a->access & (1ULL << i)) && s)
			jsonw_string(json_wtr, s);
	}
	jsonw_end_array(json_wtr);
	if (a->handled & BPF_PROG_ATTRS_H_INSN_CNT)
		jsonw_uint_field(json_wtr, "max_insn_cnt", a->max_insn_cnt);
	if (a->handled & BPF_PROG_ATTRS_H_INSN_PROCESSED)
		jsonw_uint_field(json_wtr, "max_insn_processed", a->max_insn_processed);
	if (unbounded) {
		char buf[16];

		jsonw_name(json_wtr, "unbounded");
		jsonw_start_array(json_wtr);
		for (i = 0; i < 32; i++)
			if (*unbounded & (1U << i))
				jsonw_string(json_wtr, obs_flag_str(i, true, buf, sizeof(buf)));
		jsonw_end_array(json_wtr);
	}
	jsonw_end_object(json_wtr);
}

/* Prints all sets of @f, as text or JSON (an array). An observed set
 * that is not an upper bound says so: in text, in a comment line at the
 * end of its block (so that the file still parses); in JSON, in its
 * "unbounded" array. Sets derived from object @o (or NULL) say which
 * convention it was read with: in JSON, in each set's "convention"; in
 * text, for the legacy one only, in a comment line before the first.
 */
static int print_file(const struct bpf_attrs_file *f, const struct obs_flags *obs,
		      const struct ac_object *o, FILE *out)
{
	__u32 flags;
	size_t i, sz;
	char buf[16];
	int b;

	if (json_output) {
		jsonw_start_array(json_wtr);
		for (i = 0; i < bpf_attrs_file__cnt(f); i++)
			json_set(bpf_attrs_file__name(f, i), bpf_attrs_file__attrs(f, i, &sz),
				 obs_get(obs, i, &flags) ? &flags : NULL, o);
		jsonw_end_array(json_wtr);
		return 0;
	}
	if (o && o->legacy)
		fprintf(out, "# convention: legacy (%s)\n", o->convention);
	for (i = 0; i < bpf_attrs_file__cnt(f); i++) {
		const struct bpf_prog_attrs *a = bpf_attrs_file__attrs(f, i, &sz);

		if (i)
			fputc('\n', out);
		if (bpf_prog_attrs__fprint(bpf_attrs_file__name(f, i), a, sz, out) < 0)
			return AC_EXIT_INPUT;
		if (!obs_get(obs, i, &flags) || !flags)
			continue;
		fprintf(out, "\t# not an upper bound:");
		for (b = 0; b < 32; b++)
			if (flags & (1U << b))
				fprintf(out, " %s", obs_flag_str(b, false, buf, sizeof(buf)));
		fputc('\n', out);
	}
	return ferror(out) ? AC_EXIT_INPUT : 0;
}

static struct bpf_attrs_file *read_file(const char *path)
{
	LIBBPF_OPTS(bpf_attrs_file_opts, opts);
	struct bpf_attrs_file *f;
	char msg[512] = "";

	opts.filename = path;
	opts.errbuf = msg;
	opts.errbuf_sz = sizeof(msg);
	f = bpf_attrs_file__read(path, &opts);
	if (!f)
		p_err("%s", msg[0] ? msg : strerror(errno));
	return f;
}

/* ---- gen --------------------------------------------------------------- */

/* What the legacy convention could not know of program @p */
static void legacy_notes(const struct ac_prog *p)
{
	if (p->inner_guessed)
		p_note("prog '%s': legacy map-in-map, inner map types unknown: all map types count",
		       p->name);
	if (p->type_unknown)
		p_note("prog '%s': section '%s': program type unknown (no libbpf or iproute2 name)",
		       p->name, p->sec);
}

/* The access classes gen could not decide for program @p, and why */
static void access_notes(const struct ac_prog *p)
{
	if (!p->ctx_known)
		p_note("prog '%s': context writes undecided: access write_ctx left unrestricted",
		       p->name);
	if (p->kern_why)
		p_note("prog '%s': kernel reads undecided (%s): %s",
		       p->name, p->kern_why, "access read_kernel left unrestricted");
	if (p->pkt_why)
		p_note("prog '%s': packet writes undecided (%s): %s",
		       p->name, p->pkt_why, "access write_packet left unrestricted");
}

static struct ac_object *open_object(const char *path)
{
	char msg[512] = "";
	struct ac_object *o = ac_object_open(path, NULL, 0, msg, sizeof(msg));

	if (!o)
		p_err("%s", msg);
	return o;
}

static int write_out(const struct bpf_attrs_file *f, const struct obs_flags *obs,
		     const struct ac_object *o, const char *out)
{
	FILE *fp = stdout;
	int rc;

	if (out) {
		fp = fopen(out, "w");
		if (!fp) {
			p_err("%s: %s", out, strerror(errno));
			return AC_EXIT_INPUT;
		}
	}
	if (out && json_output) {
		json_writer_t *saved = json_wtr;

		json_wtr = jsonw_new(fp);
		if (!json_wtr) {
			json_wtr = saved;
			fclose(fp);
			return AC_EXIT_INPUT;
		}
		jsonw_pretty(json_wtr, pretty_output);
		rc = print_file(f, obs, o, fp);
		jsonw_destroy(&json_wtr);
		json_wtr = saved;
	} else {
		rc = print_file(f, obs, o, fp);
	}
	if (out && fclose(fp)) {
		p_err("%s: %s", out, strerror(errno));
		rc = AC_EXIT_INPUT;
	}
	return rc;
}

static int load_observed(const char *path, const char *only, bool limits,
			 struct bpf_attrs_file *f, struct obs_flags *obs)
{
	struct bpf_object *obj;
	struct bpf_program *bp;
	int err;

	obj = bpf_object__open_file(path, NULL);
	if (!obj) {
		p_err("%s: libbpf cannot open the object: %s", path, strerror(errno));
		return AC_EXIT_INPUT;
	}
	bpf_object__for_each_program(bp, obj) {
		if (only && strcmp(bpf_program__name(bp), only))
			bpf_program__set_autoload(bp, false);
		else
			bpf_program__set_attrs(bp, NULL, 0);
	}
	err = bpf_object__load(obj);
	if (err) {
		p_err("%s: loading failed: %s", path, strerror(-err));
		bpf_object__close(obj);
		return AC_EXIT_LOAD;
	}
	bpf_object__for_each_program(bp, obj) {
		struct bpf_prog_info info = {};
		__u32 len = sizeof(info);
		struct bpf_prog_attrs *a;
		__u32 need;

		if (!bpf_program__autoload(bp))
			continue;
		err = bpf_prog_get_info_by_fd(bpf_program__fd(bp), &info, &len);
		if (err)
			goto info_err;
		need = info.attrs_observed_len;
		if (need < sizeof(*a)) {
			p_err("%s: prog '%s': the kernel reports no observed set", path,
			      bpf_program__name(bp));
			bpf_object__close(obj);
			return AC_EXIT_LOAD;
		}
		a = calloc(1, need + 1);
		if (!a) {
			err = -ENOMEM;
			goto info_err;
		}
		memset(&info, 0, sizeof(info));
		info.attrs_observed = (__u64)(uintptr_t)a;
		info.attrs_observed_len = need;
		len = sizeof(info);
		err = bpf_prog_get_info_by_fd(bpf_program__fd(bp), &info, &len);
		if (err) {
			free(a);
			goto info_err;
		}
		/* The observed set as the kernel reports it: it handles
		 * every kind, the limits being the program's size and
		 * verifier work (kept with "limits" only, as for gen). An
		 * access class this libbpf has no name for stays
		 * unrestricted.
		 */
		a->access_handled &= known_access();
		a->access &= a->access_handled;
		if (!limits) {
			a->handled &= ~(__u64)(BPF_PROG_ATTRS_H_INSN_CNT |
					       BPF_PROG_ATTRS_H_INSN_PROCESSED);
			a->max_insn_cnt = 0;
			a->max_insn_processed = 0;
		}
		/* names follow the struct; a->kfuncs already points at them */
		err = bpf_attrs_file__add(f, bpf_program__name(bp), a, sizeof(*a));
		free(a);
		if (!err)
			err = obs_mark(obs, bpf_attrs_file__cnt(f) - 1, info.attrs_observed_flags);
		if (err)
			goto info_err;
	}
	bpf_object__close(obj);
	return 0;
info_err:
	p_err("%s: cannot read the observed set: %s", path, strerror(-err));
	bpf_object__close(obj);
	return AC_EXIT_LOAD;
}

static int do_gen(int argc, char **argv)
{
	const char *obj_path = NULL, *only = NULL, *out = NULL;
	bool observed = false, limits = false;
	struct obs_flags obs = {};
	struct bpf_attrs_file *f;
	struct ac_object *o;
	unsigned int i;
	int rc = 0;

	while (argc) {
		if (!strcmp(*argv, "--observed") || !strcmp(*argv, "observed")) {
			observed = true;
		} else if (!strcmp(*argv, "limits") || !strcmp(*argv, "--limits")) {
			limits = true;
		} else if ((!strcmp(*argv, "prog") || !strcmp(*argv, "--prog")) && argc > 1) {
			only = argv[1];
			argc--, argv++;
		} else if (!strncmp(*argv, "--prog=", 7)) {
			only = *argv + 7;
		} else if ((!strcmp(*argv, "-o") || !strcmp(*argv, "--output")) && argc > 1) {
			out = argv[1];
			argc--, argv++;
		} else if (!obj_path && **argv != '-') {
			obj_path = *argv;
		} else {
			p_err("gen: unexpected argument '%s'", *argv);
			return AC_EXIT_USAGE;
		}
		argc--, argv++;
	}
	if (!obj_path) {
		p_err("gen: expected an object file");
		return AC_EXIT_USAGE;
	}
	f = bpf_attrs_file__new();
	if (!f) {
		p_err("out of memory");
		return AC_EXIT_INPUT;
	}
	if (observed) {
		rc = load_observed(obj_path, only, limits, f, &obs);
		if (!rc && only && !bpf_attrs_file__cnt(f)) {
			p_err("%s: no program '%s'", obj_path, only);
			rc = AC_EXIT_INPUT;
		}
		if (!rc)
			rc = write_out(f, &obs, NULL, out);
		bpf_attrs_file__free(f);
		free(obs.v);
		return rc;
	}
	o = open_object(obj_path);
	if (!o) {
		bpf_attrs_file__free(f);
		return AC_EXIT_INPUT;
	}
	for (i = 0; i < o->prog_cnt; i++) {
		const struct ac_prog *p = &o->progs[i];
		struct bpf_prog_attrs *a;
		size_t sz;
		int err;

		if (only && strcmp(p->name, only))
			continue;
		a = ac_prog_attrs(p, limits, &sz);
		if (!a) {
			rc = AC_EXIT_INPUT;
			p_err("out of memory");
			break;
		}
		err = bpf_attrs_file__add(f, p->name, a, sz);
		free(a);
		if (err) {
			p_err("prog '%s': cannot add its set: %s", p->name, strerror(-err));
			rc = AC_EXIT_INPUT;
			break;
		}
		if (p->write_guessed)
			p_note("prog '%s': unknown maps written: all its map types count",
			       p->name);
		access_notes(p);
		legacy_notes(p);
	}
	if (!rc && only && !bpf_attrs_file__cnt(f)) {
		p_err("%s: no program '%s'", obj_path, only);
		rc = AC_EXIT_INPUT;
	}
	if (!rc)
		rc = write_out(f, NULL, o, out);
	bpf_attrs_file__free(f);
	ac_object_free(o);
	return rc;
}

/* ---- check ------------------------------------------------------------- */

static bool helper_in(const struct bpf_prog_attrs *a, int id)
{
	return id > 0 && id < BPF_PROG_ATTRS_HELPER_WORDS * 64 &&
	       (a->helpers[id / 64] & (1ULL << (id % 64)));
}

static bool kfunc_in(const struct bpf_prog_attrs *a, const char *name)
{
	const char *k = (const char *)(uintptr_t)a->kfuncs;
	unsigned int i;

	for (i = 0; k && i < a->kfunc_cnt; i++, k += strlen(k) + 1) {
		const char *c = strchr(k, ':');

		if (!strcmp(c ? c + 1 : k, name))
			return true;
	}
	return false;
}

static void map_violation(const struct ac_prog *p, const char *what, __u64 extra, int *n)
{
	unsigned int t;

	for (t = 1; t < 64; t++) {
		if (!(extra & (1ULL << t)))
			continue;
		(*n)++;
		if (json_output) {
			jsonw_start_object(json_wtr);
			jsonw_string_field(json_wtr, "prog", p->name);
			jsonw_string_field(json_wtr, "kind", what);
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
	const char *name = libbpf_bpf_prog_access_str(bit);

	if (!used || !(a->access_handled & bit) || (a->access & bit))
		return;
	(*n)++;
	if (json_output) {
		jsonw_start_object(json_wtr);
		jsonw_string_field(json_wtr, "prog", p->name);
		jsonw_string_field(json_wtr, "kind", "access");
		jsonw_string_field(json_wtr, "name", name ? name : "unknown");
		jsonw_end_object(json_wtr);
	} else {
		printf("%s: access %s is not in the set\n", p->name, name ? name : "unknown");
	}
}

static int do_check(int argc, char **argv)
{
	const struct bpf_prog_attrs *a;
	struct bpf_attrs_file *f;
	struct ac_object *o;
	unsigned int i, j;
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
		const struct ac_prog *p = &o->progs[i];

		a = bpf_attrs_file__find(f, p->name, &sz);
		if (!a) {
			n++;
			if (json_output) {
				jsonw_start_object(json_wtr);
				jsonw_string_field(json_wtr, "prog", p->name);
				jsonw_string_field(json_wtr, "kind", "program");
				jsonw_end_object(json_wtr);
			} else {
				printf("%s: no set for this program in %s\n", p->name, argv[1]);
			}
			continue;
		}
		for (j = 0; j < p->call_cnt; j++) {
			const struct ac_call *c = &p->calls[j];
			const char *hn;

			if (c->helper >= 0 ? helper_in(a, c->helper) : kfunc_in(a, c->kfunc))
				continue;
			n++;
			hn = c->helper >= 0 ? libbpf_bpf_helper_str(c->helper) : NULL;
			if (json_output) {
				jsonw_start_object(json_wtr);
				jsonw_string_field(json_wtr, "prog", p->name);
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
				continue;
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
		if (a->handled & BPF_PROG_ATTRS_H_MAP_TYPES)
			map_violation(p, "map_types", p->map_types & ~a->map_types, &n);
		if (a->handled & BPF_PROG_ATTRS_H_MAP_WRITE)
			map_violation(p, "map_types_write",
				      p->map_types_write & ~a->map_types_write, &n);
		access_violation(p, a, BPF_PROG_ACCESS_READ_KERNEL, p->read_kernel, &n);
		access_violation(p, a, BPF_PROG_ACCESS_WRITE_PACKET, p->write_packet, &n);
		access_violation(p, a, BPF_PROG_ACCESS_WRITE_CTX, p->write_ctx, &n);
		if ((a->handled & BPF_PROG_ATTRS_H_INSN_CNT) && p->insn_cnt > a->max_insn_cnt) {
			n++;
			if (json_output) {
				jsonw_start_object(json_wtr);
				jsonw_string_field(json_wtr, "prog", p->name);
				jsonw_string_field(json_wtr, "kind", "max_insn_cnt");
				jsonw_uint_field(json_wtr, "insns", p->insn_cnt);
				jsonw_end_object(json_wtr);
			} else {
				printf("%s: %u insns, more than max_insn_cnt %u\n", p->name,
				       p->insn_cnt, a->max_insn_cnt);
			}
		}
	}
	if (json_output)
		jsonw_end_array(json_wtr);
	else if (n)
		fprintf(stderr, "%s: %d violation%s\n", argv[0], n, n == 1 ? "" : "s");
	bpf_attrs_file__free(f);
	ac_object_free(o);
	return n ? AC_EXIT_VIOLATIONS : AC_EXIT_OK;
}

/* ---- show, diff -------------------------------------------------------- */

static int add_prog_sets(struct bpf_attrs_file *f, struct obs_flags *obs, int fd,
			 const char *what)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info), dl, ol;
	char name[BPF_OBJ_NAME_LEN + 16];
	void *d = NULL, *ob = NULL;
	int err;

	err = bpf_prog_get_info_by_fd(fd, &info, &len);
	if (err) {
		p_err("%s: cannot get program info: %s", what, strerror(-err));
		return AC_EXIT_INPUT;
	}
	dl = info.attrs_declared_len;
	ol = info.attrs_observed_len;
	snprintf(name, sizeof(name), "%s", info.name[0] ? info.name : "prog");
	if (dl)
		d = calloc(1, dl);
	if (ol)
		ob = calloc(1, ol);
	if ((dl && !d) || (ol && !ob)) {
		err = -ENOMEM;
		goto out;
	}
	memset(&info, 0, sizeof(info));
	info.attrs_declared = (__u64)(uintptr_t)d;
	info.attrs_declared_len = dl;
	info.attrs_observed = (__u64)(uintptr_t)ob;
	info.attrs_observed_len = ol;
	len = sizeof(info);
	err = bpf_prog_get_info_by_fd(fd, &info, &len);
	if (err)
		goto out;
	if (!d && !ob) {
		p_err("%s: the kernel reports no attribute set for this program", what);
		err = 0;
		free(d);
		free(ob);
		return AC_EXIT_INPUT;
	}
	/* the declared set under the program's name; the observed one after it */
	if (d && dl >= sizeof(struct bpf_prog_attrs))
		err = bpf_attrs_file__add(f, name, d, sizeof(struct bpf_prog_attrs));
	if (!err && ob && ol >= sizeof(struct bpf_prog_attrs)) {
		char oname[sizeof(name) + 10];

		snprintf(oname, sizeof(oname), d ? "%s_observed" : "%s", name);
		err = bpf_attrs_file__add(f, oname, ob, sizeof(struct bpf_prog_attrs));
		if (!err)
			err = obs_mark(obs, bpf_attrs_file__cnt(f) - 1, info.attrs_observed_flags);
	}
out:
	free(d);
	free(ob);
	if (err) {
		p_err("%s: cannot read its attribute sets: %s", what, strerror(-err));
		return AC_EXIT_INPUT;
	}
	return 0;
}

/* Reads a set source: FILE, id ID or pinned PATH; consumes its words.
 * With @obs, records the flags of a program's observed set.
 */
static struct bpf_attrs_file *get_source(int *argc, char ***argv, struct obs_flags *obs,
					 int *rc)
{
	struct bpf_attrs_file *f;
	char **a = *argv;
	int fd;

	*rc = AC_EXIT_USAGE;
	if (*argc < 1) {
		p_err("expected FILE, id ID or pinned PATH");
		return NULL;
	}
	if ((!strcmp(a[0], "id") || !strcmp(a[0], "pinned")) && *argc >= 2) {
		if (!strcmp(a[0], "id")) {
			char *end;
			unsigned long id = strtoul(a[1], &end, 0);

			if (*end || !*a[1] || id > UINT32_MAX) {
				p_err("bad program id '%s'", a[1]);
				return NULL;
			}
			fd = bpf_prog_get_fd_by_id(id);
		} else {
			fd = bpf_obj_get(a[1]);
		}
		*argc -= 2;
		*argv += 2;
		*rc = AC_EXIT_INPUT;
		if (fd < 0) {
			p_err("%s %s: %s", a[0], a[1], strerror(errno));
			return NULL;
		}
		f = bpf_attrs_file__new();
		if (!f) {
			close(fd);
			return NULL;
		}
		*rc = add_prog_sets(f, obs, fd, a[1]);
		close(fd);
		if (*rc) {
			bpf_attrs_file__free(f);
			return NULL;
		}
		return f;
	}
	*argc -= 1;
	*argv += 1;
	*rc = AC_EXIT_INPUT;
	f = read_file(a[0]);
	if (f)
		*rc = 0;
	return f;
}

static int do_show(int argc, char **argv)
{
	struct obs_flags obs = {};
	struct bpf_attrs_file *f;
	int rc;

	f = get_source(&argc, &argv, &obs, &rc);
	if (!f)
		goto out;
	if (argc) {
		p_err("show: unexpected argument '%s'", *argv);
		rc = AC_EXIT_USAGE;
	} else {
		rc = print_file(f, &obs, NULL, stdout);
	}
	bpf_attrs_file__free(f);
out:
	free(obs.v);
	return rc;
}

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

static void diff_sets(struct diff_ctx *c, const struct bpf_prog_attrs *a,
		      const struct bpf_prog_attrs *b)
{
	const char *k;
	char buf[32];
	unsigned int i;

	for (i = 1; i < BPF_PROG_ATTRS_HELPER_WORDS * 64; i++) {
		bool ia = helper_in(a, i), ib = helper_in(b, i);
		const char *h;

		if (ia == ib)
			continue;
		h = libbpf_bpf_helper_str(i);
		if (!h) {
			snprintf(buf, sizeof(buf), "#%u", i);
			h = buf;
		}
		diff_item(c, ib ? '+' : '-', "helper", h);
	}
	k = (const char *)(uintptr_t)b->kfuncs;
	for (i = 0; k && i < b->kfunc_cnt; i++, k += strlen(k) + 1)
		if (!kfunc_exact(a, k))
			diff_item(c, '+', "kfunc", k);
	k = (const char *)(uintptr_t)a->kfuncs;
	for (i = 0; k && i < a->kfunc_cnt; i++, k += strlen(k) + 1)
		if (!kfunc_exact(b, k))
			diff_item(c, '-', "kfunc", k);
	diff_maps(c, "map", a->handled & BPF_PROG_ATTRS_H_MAP_TYPES, a->map_types,
		  b->handled & BPF_PROG_ATTRS_H_MAP_TYPES, b->map_types);
	diff_maps(c, "map_write", a->handled & BPF_PROG_ATTRS_H_MAP_WRITE, a->map_types_write,
		  b->handled & BPF_PROG_ATTRS_H_MAP_WRITE, b->map_types_write);
	for (i = 0; i < 64; i++) {
		__u64 bit = 1ULL << i;
		/* allowed: not handled, or handled and listed */
		bool aa = !(a->access_handled & bit) || (a->access & bit);
		bool ab = !(b->access_handled & bit) || (b->access & bit);
		const char *s = libbpf_bpf_prog_access_str(bit);

		if (!s || aa == ab)
			continue;
		diff_item(c, ab ? '+' : '-', "access", s);
	}
	if ((a->handled ^ b->handled) & BPF_PROG_ATTRS_H_INSN_CNT ||
	    a->max_insn_cnt != b->max_insn_cnt) {
		snprintf(buf, sizeof(buf), "%u", a->max_insn_cnt);
		if (a->handled & BPF_PROG_ATTRS_H_INSN_CNT)
			diff_item(c, '-', "max_insn_cnt", buf);
		snprintf(buf, sizeof(buf), "%u", b->max_insn_cnt);
		if (b->handled & BPF_PROG_ATTRS_H_INSN_CNT)
			diff_item(c, '+', "max_insn_cnt", buf);
	}
	if ((a->handled ^ b->handled) & BPF_PROG_ATTRS_H_INSN_PROCESSED ||
	    a->max_insn_processed != b->max_insn_processed) {
		snprintf(buf, sizeof(buf), "%u", a->max_insn_processed);
		if (a->handled & BPF_PROG_ATTRS_H_INSN_PROCESSED)
			diff_item(c, '-', "max_insn_processed", buf);
		snprintf(buf, sizeof(buf), "%u", b->max_insn_processed);
		if (b->handled & BPF_PROG_ATTRS_H_INSN_PROCESSED)
			diff_item(c, '+', "max_insn_processed", buf);
	}
}

static int do_diff(int argc, char **argv)
{
	struct bpf_attrs_file *fa, *fb;
	struct bpf_prog_attrs empty = {};
	struct diff_ctx c = {};
	bool single;
	size_t i, sz;
	int rc;

	fa = get_source(&argc, &argv, NULL, &rc);
	if (!fa)
		return rc;
	fb = get_source(&argc, &argv, NULL, &rc);
	if (!fb) {
		bpf_attrs_file__free(fa);
		return rc;
	}
	if (argc) {
		p_err("diff: unexpected argument '%s'", *argv);
		rc = AC_EXIT_USAGE;
		goto out;
	}
	/* one set each, whatever their names: compare them */
	single = bpf_attrs_file__cnt(fa) == 1 && bpf_attrs_file__cnt(fb) == 1;
	if (json_output)
		jsonw_start_array(json_wtr);
	for (i = 0; i < bpf_attrs_file__cnt(fb); i++) {
		const char *name = bpf_attrs_file__name(fb, i);
		const struct bpf_prog_attrs *b = bpf_attrs_file__attrs(fb, i, &sz);
		const struct bpf_prog_attrs *a;

		if (single)
			a = bpf_attrs_file__attrs(fa, 0, &sz);
		else
			a = bpf_attrs_file__find(fa, name, &sz);
		c.prog = name;
		if (!json_output && !single)
			printf("program %s%s\n", name, a ? "" : " (added)");
		diff_sets(&c, a ? a : &empty, b);
	}
	for (i = 0; !single && i < bpf_attrs_file__cnt(fa); i++) {
		const char *name = bpf_attrs_file__name(fa, i);

		if (bpf_attrs_file__find(fb, name, &sz))
			continue;
		c.prog = name;
		c.n++;
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
	if (json_output)
		jsonw_end_array(json_wtr);
	rc = 0;
out:
	bpf_attrs_file__free(fa);
	bpf_attrs_file__free(fb);
	return rc;
}

/* ---- load -------------------------------------------------------------- */

static int do_load(int argc, char **argv)
{
	struct bpf_attrs_file *f;
	struct bpf_object *obj;
	struct bpf_program *bp;
	const char *only = NULL;
	int err, n = 0;

	if (argc == 4 && (!strcmp(argv[2], "prog") || !strcmp(argv[2], "--prog"))) {
		only = argv[3];
		argc -= 2;
	}
	if (argc != 2) {
		p_err("load: expected OBJ FILE [prog NAME]");
		return AC_EXIT_USAGE;
	}
	f = read_file(argv[1]);
	if (!f)
		return AC_EXIT_INPUT;
	obj = bpf_object__open_file(argv[0], NULL);
	if (!obj) {
		p_err("%s: libbpf cannot open the object: %s", argv[0], strerror(errno));
		bpf_attrs_file__free(f);
		return AC_EXIT_INPUT;
	}
	bpf_object__for_each_program(bp, obj) {
		const struct bpf_prog_attrs *a;
		size_t sz;

		if (only) {
			bpf_program__set_autoload(bp, !strcmp(bpf_program__name(bp), only));
			if (!bpf_program__autoload(bp))
				continue;
		}
		a = bpf_attrs_file__find(f, bpf_program__name(bp), &sz);
		if (!a) {
			p_err("%s: no set for program '%s'", argv[1], bpf_program__name(bp));
			bpf_object__close(obj);
			bpf_attrs_file__free(f);
			return AC_EXIT_INPUT;
		}
		err = bpf_program__set_attrs(bp, a, sz);
		if (err) {
			p_err("prog '%s': cannot set its attributes: %s", bpf_program__name(bp),
			      strerror(-err));
			bpf_object__close(obj);
			bpf_attrs_file__free(f);
			return AC_EXIT_INPUT;
		}
		n++;
	}
	if (only && !n) {
		p_err("%s: no program '%s'", argv[0], only);
		bpf_object__close(obj);
		bpf_attrs_file__free(f);
		return AC_EXIT_INPUT;
	}
	err = bpf_object__load(obj);
	if (err) {
		p_err("%s: loading failed: %s", argv[0], strerror(-err));
	} else {
		if (json_output)
			jsonw_start_array(json_wtr);
		bpf_object__for_each_program(bp, obj) {
			if (!bpf_program__autoload(bp))
				continue;
			if (json_output)
				jsonw_string(json_wtr, bpf_program__name(bp));
			else
				printf("%s: prog %s loaded with its set\n", argv[0],
				       bpf_program__name(bp));
		}
		if (json_output)
			jsonw_end_array(json_wtr);
	}
	bpf_object__close(obj);
	bpf_attrs_file__free(f);
	return err ? AC_EXIT_LOAD : AC_EXIT_OK;
}

/* ---- verify (tests) ---------------------------------------------------- */

static char *cap_buf;
static size_t cap_len;

static int capture_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	char line[1024];
	int n;
	char *b;

	if (level == LIBBPF_DEBUG)
		return 0;
	n = vsnprintf(line, sizeof(line), fmt, ap);
	if (n <= 0)
		return 0;
	if ((size_t)n >= sizeof(line))
		n = sizeof(line) - 1;
	b = realloc(cap_buf, cap_len + n + 1);
	if (!b)
		return 0;
	cap_buf = b;
	memcpy(cap_buf + cap_len, line, n + 1);
	cap_len += n;
	return 0;
}

/* Loads @path with the generated sets, @drop_prog's set changed by
 * removing helper @drop_helper or kfunc @drop_kfunc (when @drop_prog),
 * only @drop_prog loaded then. @sets false: without any set.
 */
/* The verifier's work on each program of @obj, loaded, into @insns. */
static void verified_insns(struct bpf_object *obj, const struct ac_object *o, __u32 *insns)
{
	struct bpf_program *bp;
	unsigned int i;

	for (i = 0; i < o->prog_cnt; i++) {
		struct bpf_prog_info info = {};
		__u32 len = sizeof(info);

		insns[i] = 0;
		bp = bpf_object__find_program_by_name(obj, o->progs[i].name);
		if (bp && bpf_program__fd(bp) >= 0 &&
		    !bpf_prog_get_info_by_fd(bpf_program__fd(bp), &info, &len))
			insns[i] = info.verified_insns;
	}
}

/*
 * Load @path, with the generated sets if @sets (less one helper or kfunc
 * of one program if @drop_prog), and, if @insns, record each program's
 * verified_insns there.
 */
static int verify_load(const char *path, const struct ac_object *o, bool sets,
		       const char *drop_prog, int drop_helper, const char *drop_kfunc,
		       __u32 *insns)
{
	struct bpf_object *obj;
	struct bpf_program *bp;
	unsigned int i;
	int err = 0;

	cap_len = 0;
	if (cap_buf)
		cap_buf[0] = 0;
	obj = bpf_object__open_file(path, NULL);
	if (!obj)
		return -errno;
	for (i = 0; sets && i < o->prog_cnt; i++) {
		const struct ac_prog *p = &o->progs[i];
		struct bpf_prog_attrs *a;
		size_t sz;

		bp = bpf_object__find_program_by_name(obj, p->name);
		if (!bp)
			continue;
		if (drop_prog) {
			bpf_program__set_autoload(bp, !strcmp(p->name, drop_prog));
			if (strcmp(p->name, drop_prog))
				continue;
		}
		a = ac_prog_attrs(p, false, &sz);
		if (!a) {
			err = -ENOMEM;
			break;
		}
		if (drop_prog && drop_helper > 0)
			a->helpers[drop_helper / 64] &= ~(1ULL << (drop_helper % 64));
		if (drop_prog && drop_kfunc) {
			/* rebuild the names without it */
			char *k = (char *)(uintptr_t)a->kfuncs, *w = k;
			unsigned int j, cnt = a->kfunc_cnt;

			for (j = 0; j < cnt; j++) {
				size_t n = strlen(k) + 1;

				if (strcmp(k, drop_kfunc)) {
					memmove(w, k, n);
					w += n;
				} else {
					a->kfunc_cnt--;
				}
				k += n;
			}
			a->kfuncs_len = w - (char *)(uintptr_t)a->kfuncs;
			if (!a->kfunc_cnt)
				a->kfuncs = 0;
		}
		err = bpf_program__set_attrs(bp, a, sz);
		free(a);
		if (err)
			break;
	}
	if (!err)
		err = bpf_object__load(obj);
	if (!err && insns)
		verified_insns(obj, o, insns);
	bpf_object__close(obj);
	return err;
}

/*
 * A set must not change how the verifier sees a program: the same work
 * with the generated sets as without. Returns the programs that differ.
 */
static unsigned int compare_work(const char *path, const struct ac_object *o,
				 const __u32 *with, __u32 *without)
{
	unsigned int i, n = 0, differ = 0;

	if (verify_load(path, o, false, NULL, 0, NULL, without)) {
		printf("FAIL: does not load without the sets, but loads with them\n");
		return 1;
	}
	for (i = 0; i < o->prog_cnt; i++) {
		if (!with[i] && !without[i])
			continue;
		n++;
		if (with[i] == without[i])
			continue;
		differ++;
		printf("FAIL: prog %s: %u insns processed with its set, %u without\n",
		       o->progs[i].name, with[i], without[i]);
	}
	printf("counters: %u programs, %u differ in insns processed with and without the sets\n",
	       n, differ);
	return differ;
}

static int do_verify(int argc, char **argv)
{
	unsigned int i, j, max = 0, removals = 0, refused = 0, total = 0, step, progs = 0;
	__u32 *with, *without;
	struct bpf_object *obj;
	struct bpf_program *bp;
	struct ac_object *o;
	const char *path;
	int err, bad = 0;
	bool *autoload;

	if (argc == 3 && !strcmp(argv[1], "removals")) {
		max = strtoul(argv[2], NULL, 0);
		argc -= 2;
	}
	if (argc != 1) {
		p_err("verify: expected OBJ [removals N]");
		return AC_EXIT_USAGE;
	}
	path = argv[0];
	o = open_object(path);
	if (!o) {
		/* not even libbpf can open it: it cannot load either */
		return AC_EXIT_INPUT;
	}
	if (o->legacy) {
		p_err("%s: convention: legacy (%s): libbpf cannot load it", path, o->convention);
		ac_object_free(o);
		return AC_EXIT_INPUT;
	}
	libbpf_set_print(capture_print);
	with = calloc(o->prog_cnt + 1, sizeof(*with));
	without = calloc(o->prog_cnt + 1, sizeof(*without));
	if (!with || !without) {
		free(with);
		free(without);
		ac_object_free(o);
		return AC_EXIT_INPUT;
	}
	err = verify_load(path, o, true, NULL, 0, NULL, with);
	if (err) {
		const char *why = NULL;

		/* the verifier's lines (Documentation/bpf/prog_attrs.rst) */
		if (cap_buf)
			why = strstr(cap_buf, "not in the program's attribute set");
		if (cap_buf && !why)
			why = strstr(cap_buf, "than its attribute set allows");

		/* Refused for the set: the verifier names it. Refused for
		 * anything else: the object does not load on this kernel.
		 */
		if (why) {
			while (why > cap_buf && why[-1] != '\n')
				why--;
			printf("FAIL: refused with its generated set: %.*s\n",
			       (int)strcspn(why, "\n"), why);
			free(with);
			free(without);
			ac_object_free(o);
			return AC_EXIT_VIOLATIONS;
		}
		why = cap_buf && *cap_buf ? cap_buf : "";
		if (strrchr(why, ':'))
			why = strrchr(why, ':') + 1;
		printf("skip: does not load on this kernel (%s):%s", strerror(-err), why);
		free(with);
		free(without);
		ac_object_free(o);
		return AC_EXIT_LOAD;
	}
	/* which programs libbpf loads (not those in "?" sections) */
	autoload = calloc(o->prog_cnt + 1, sizeof(*autoload));
	obj = bpf_object__open_file(path, NULL);
	if (!autoload || !obj) {
		free(autoload);
		bpf_object__close(obj);
		free(with);
		free(without);
		ac_object_free(o);
		return AC_EXIT_INPUT;
	}
	for (i = 0; i < o->prog_cnt; i++) {
		bp = bpf_object__find_program_by_name(obj, o->progs[i].name);
		autoload[i] = bp && bpf_program__autoload(bp);
		progs += autoload[i];
	}
	bpf_object__close(obj);
	printf("loaded: %u programs with their sets\n", progs);
	bad += compare_work(path, o, with, without);
	/* every helper and kfunc of the programs libbpf loads */
	for (i = 0; i < o->prog_cnt; i++) {
		const struct ac_prog *p = &o->progs[i];

		if (!autoload[i])
			continue;
		for (j = 1; j < BPF_PROG_ATTRS_HELPER_WORDS * 64; j++)
			total += !!(p->helpers[j / 64] & (1ULL << (j % 64)));
		total += p->kfunc_cnt;
	}
	step = max && total > max ? (total + max - 1) / max : 1;
	for (i = 0, j = 0; i < o->prog_cnt; i++) {
		const struct ac_prog *p = &o->progs[i];
		unsigned int h, k;

		if (!autoload[i])
			continue;
		for (h = 1; h < BPF_PROG_ATTRS_HELPER_WORDS * 64 + p->kfunc_cnt; h++) {
			bool is_kfunc = h >= BPF_PROG_ATTRS_HELPER_WORDS * 64;
			const char *kf = NULL, *hn;

			if (is_kfunc) {
				k = h - BPF_PROG_ATTRS_HELPER_WORDS * 64;
				kf = p->kfuncs[k];
			} else if (!(p->helpers[h / 64] & (1ULL << (h % 64)))) {
				continue;
			}
			if (j++ % step)
				continue;
			removals++;
			err = verify_load(path, o, true, p->name, is_kfunc ? 0 : (int)h, kf,
					  NULL);
			hn = is_kfunc ? kf : libbpf_bpf_helper_str(h);
			if (err == -EACCES && cap_buf &&
			    strstr(cap_buf, "is not in the program's attribute set")) {
				refused++;
				continue;
			}
			bad++;
			printf("FAIL: prog %s without %s %s: %s\n", p->name,
			       is_kfunc ? "kfunc" : "helper", hn ? hn : "?",
			       err ? "refused for another reason" : "still loads");
		}
	}
	printf("removals: %u of %u refused (%u helpers and kfuncs in all)\n", refused,
	       removals, total);
	free(autoload);
	free(with);
	free(without);
	ac_object_free(o);
	free(cap_buf);
	cap_buf = NULL;
	return bad ? AC_EXIT_VIOLATIONS : AC_EXIT_OK;
}

/* ---- main -------------------------------------------------------------- */

static int do_help(int argc, char **argv)
{
	print_usage(stdout);
	return 0;
}

static int unknown_cmd(const char *cmd)
{
	p_err("unknown command '%s'", cmd);
	if (!json_output)
		print_usage(stderr);
	return AC_EXIT_USAGE;
}

static const struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
} cmds[] = {
	{ "gen",	do_gen },
	{ "check",	do_check },
	{ "show",	do_show },
	{ "diff",	do_diff },
	{ "load",	do_load },
	{ "verify",	do_verify },
	{ "supervise",	do_supervise },
	{ "help",	do_help },
	{ "--help",	do_help },
};

static int silent_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_WARN || ac_verbose)
		return vfprintf(stderr, fmt, ap);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "json",	no_argument,	NULL,	'j' },
		{ "pretty",	no_argument,	NULL,	'p' },
		{ "debug",	no_argument,	NULL,	'd' },
		{ "help",	no_argument,	NULL,	'h' },
		{ "version",	no_argument,	NULL,	'V' },
		{ 0 }
	};
	const char *cmd;
	int opt, rc;
	size_t i;

	libbpf_set_print(silent_print);
	/* options before the command only; the commands parse the rest */
	while ((opt = getopt_long(argc, argv, "+jpdhV", options, NULL)) >= 0) {
		switch (opt) {
		case 'j':
			json_output = true;
			break;
		case 'p':
			json_output = true;
			pretty_output = true;
			break;
		case 'd':
			ac_verbose = true;
			break;
		case 'h':
			print_usage(stdout);
			return 0;
		case 'V':
			printf("%s v%d.%d (libbpf v%d.%d)\n", bin_name, 1, 0,
			       libbpf_major_version(), libbpf_minor_version());
			return 0;
		default:
			print_usage(stderr);
			return AC_EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1) {
		print_usage(stderr);
		return AC_EXIT_USAGE;
	}
	/* -j anywhere after the command too, like bpftool */
	{
		int i, k = 0;

		for (i = 0; i < argc; i++) {
			if (!strcmp(argv[i], "-j") || !strcmp(argv[i], "--json")) {
				json_output = true;
			} else if (!strcmp(argv[i], "-p") || !strcmp(argv[i], "--pretty")) {
				json_output = true;
				pretty_output = true;
			} else {
				argv[k++] = argv[i];
			}
		}
		argc = k;
	}
	if (json_output) {
		json_wtr = jsonw_new(stdout);
		if (!json_wtr)
			return AC_EXIT_INPUT;
		jsonw_pretty(json_wtr, pretty_output);
	}
	cmd = argv[0];
	argc--, argv++;
	for (i = 0; i < ARRAY_SIZE(cmds); i++)
		if (!strcmp(cmd, cmds[i].name))
			break;
	if (i < ARRAY_SIZE(cmds))
		rc = cmds[i].fn(argc, argv);
	else
		rc = unknown_cmd(cmd);
	if (json_output)
		jsonw_destroy(&json_wtr);
	return rc;
}
