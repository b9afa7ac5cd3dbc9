// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * attrcheck gen: the set of each program of an object, derived from the
 * ELF file (analyze.c), or, with --observed, as the kernel observed it.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "analyze.h"
#include "main.h"
#include "prog_attrs_text.h"

struct gen_opts {
	const char *obj_path;
	const char *only;		/* prog NAME */
	const char *out;		/* -o FILE */
	bool observed;
	bool limits;
	bool section;			/* format section */
};

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

/*
 * The observed set as the kernel reports it: it handles every kind, the
 * limits being the program's size and verifier work (kept with "limits"
 * only, as for gen). An access class this libbpf has no name for stays
 * unrestricted.
 */
static void observed_trim(struct bpf_prog_attrs *a, bool limits)
{
	a->access_handled &= prog_attrs_known_access();
	a->access &= a->access_handled;
	if (limits)
		return;
	a->handled &= ~(__u64)(BPF_PROG_ATTRS_H_INSN_CNT | BPF_PROG_ATTRS_H_INSN_PROCESSED);
	a->max_insn_cnt = 0;
	a->max_insn_processed = 0;
}

/*
 * Adds the observed set of loaded program @bp to @f. Returns 0, -errno
 * (the set could not be read), or AC_EXIT_LOAD when the kernel reports
 * none (said here).
 */
static int add_observed(const char *path, struct bpf_program *bp, bool limits,
			struct prog_attrs_text *f, struct obs_flags *obs)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info), need;
	struct bpf_prog_attrs *a;
	int err;

	err = bpf_prog_get_info_by_fd(bpf_program__fd(bp), &info, &len);
	if (err)
		return err;
	need = info.attrs_observed_len;
	if (need < sizeof(*a)) {
		p_err("%s: prog '%s': the kernel reports no observed set", path,
		      bpf_program__name(bp));
		return AC_EXIT_LOAD;
	}
	a = calloc(1, need + 1);
	if (!a)
		return -ENOMEM;
	memset(&info, 0, sizeof(info));
	info.attrs_observed = (__u64)(uintptr_t)a;
	info.attrs_observed_len = need;
	len = sizeof(info);
	err = bpf_prog_get_info_by_fd(bpf_program__fd(bp), &info, &len);
	if (!err) {
		observed_trim(a, limits);
		/* names follow the struct; a->kfuncs already points at them */
		err = prog_attrs_text__add(f, bpf_program__name(bp), a, sizeof(*a));
	}
	free(a);
	if (!err)
		err = obs_mark(obs, prog_attrs_text__cnt(f) - 1, info.attrs_observed_flags);
	return err;
}

/* gen --observed: load the programs without a set, read back their sets */
static int load_observed(const struct gen_opts *g, struct prog_attrs_text *f,
			 struct obs_flags *obs)
{
	struct bpf_object *obj;
	struct bpf_program *bp;
	int err = 0;

	obj = bpf_object__open_file(g->obj_path, NULL);
	if (!obj) {
		p_err("%s: libbpf cannot open the object: %s", g->obj_path, strerror(errno));
		return AC_EXIT_INPUT;
	}
	bpf_object__for_each_program(bp, obj) {
		if (g->only && strcmp(bpf_program__name(bp), g->only))
			bpf_program__set_autoload(bp, false);
		else
			bpf_program__set_attrs(bp, NULL, 0);
	}
	err = bpf_object__load(obj);
	if (err) {
		p_err("%s: loading failed: %s", g->obj_path, strerror(-err));
		bpf_object__close(obj);
		return AC_EXIT_LOAD;
	}
	bpf_object__for_each_program(bp, obj) {
		if (!bpf_program__autoload(bp))
			continue;
		err = add_observed(g->obj_path, bp, g->limits, f, obs);
		if (err)
			break;
	}
	bpf_object__close(obj);
	if (err < 0)
		p_err("%s: cannot read the observed set: %s", g->obj_path, strerror(-err));
	return err ? AC_EXIT_LOAD : 0;
}

/* Adds the derived set of each program of @o (or of g->only) to @f */
static int gen_static(const struct gen_opts *g, const struct ac_object *o,
		      struct prog_attrs_text *f)
{
	unsigned int i;

	for (i = 0; i < o->prog_cnt; i++) {
		const struct ac_prog *p = &o->progs[i];
		struct bpf_prog_attrs *a;
		size_t sz;
		int err;

		if (g->only && strcmp(p->name, g->only))
			continue;
		a = ac_prog_attrs(p, g->limits, &sz);
		if (!a) {
			p_err("out of memory");
			return AC_EXIT_INPUT;
		}
		err = prog_attrs_text__add(f, p->name, a, sz);
		free(a);
		if (err) {
			p_err("prog '%s': cannot add its set: %s", p->name, strerror(-err));
			return AC_EXIT_INPUT;
		}
		if (p->write_guessed)
			p_note("prog '%s': unknown maps written: all its map types count",
			       p->name);
		access_notes(p);
		legacy_notes(p);
	}
	return 0;
}

static int gen_parse_args(int argc, char **argv, struct gen_opts *g)
{
	for (; argc; argc--, argv++) {
		if (!strcmp(*argv, "--observed") || !strcmp(*argv, "observed")) {
			g->observed = true;
		} else if (!strcmp(*argv, "limits") || !strcmp(*argv, "--limits")) {
			g->limits = true;
		} else if ((!strcmp(*argv, "prog") || !strcmp(*argv, "--prog")) && argc > 1) {
			g->only = argv[1];
			argc--, argv++;
		} else if (!strncmp(*argv, "--prog=", 7)) {
			g->only = *argv + 7;
		} else if (!strcmp(*argv, "format") && argc > 1) {
			if (!strcmp(argv[1], "section")) {
				g->section = true;
			} else if (strcmp(argv[1], "text")) {
				p_err("gen: unknown format '%s' (text or section)", argv[1]);
				return AC_EXIT_USAGE;
			}
			argc--, argv++;
		} else if ((!strcmp(*argv, "-o") || !strcmp(*argv, "--output")) && argc > 1) {
			g->out = argv[1];
			argc--, argv++;
		} else if (!g->obj_path && **argv != '-') {
			g->obj_path = *argv;
		} else {
			p_err("gen: unexpected argument '%s'", *argv);
			return AC_EXIT_USAGE;
		}
	}
	if (!g->obj_path) {
		p_err("gen: expected an object file");
		return AC_EXIT_USAGE;
	}
	if (g->section && json_output) {
		p_err("gen: format section is binary, not JSON");
		return AC_EXIT_USAGE;
	}
	if (g->section && !g->out && isatty(STDOUT_FILENO)) {
		p_err("gen: format section is binary: write it with -o FILE");
		return AC_EXIT_USAGE;
	}
	return 0;
}

int do_gen(int argc, char **argv)
{
	struct gen_opts g = {};
	struct obs_flags obs = {};
	struct prog_attrs_text *f;
	struct ac_object *o = NULL;
	int rc;

	rc = gen_parse_args(argc, argv, &g);
	if (rc)
		return rc;
	f = prog_attrs_text__new();
	if (!f) {
		p_err("out of memory");
		return AC_EXIT_INPUT;
	}
	if (g.observed) {
		rc = load_observed(&g, f, &obs);
	} else {
		o = open_object(g.obj_path);
		rc = o ? gen_static(&g, o, f) : AC_EXIT_INPUT;
	}
	if (!rc && g.only && !prog_attrs_text__cnt(f)) {
		p_err("%s: no program '%s'", g.obj_path, g.only);
		rc = AC_EXIT_INPUT;
	}
	if (!rc && g.section)
		rc = write_section(f, g.out);
	else if (!rc)
		rc = write_out(f, g.observed ? &obs : NULL, o, g.out);
	prog_attrs_text__free(f);
	ac_object_free(o);
	free(obs.v);
	return rc;
}
