/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* Static analysis of BPF object files for attrcheck. */
#ifndef __ATTRCHECK_ANALYZE_H
#define __ATTRCHECK_ANALYZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <linux/bpf.h>

/* Exit statuses (see Documentation/attrcheck.rst) */
#define AC_EXIT_OK		0	/* success; check: no violation */
#define AC_EXIT_VIOLATIONS	1	/* check: instructions outside the set */
#define AC_EXIT_INPUT		2	/* an input could not be read or is invalid */
#define AC_EXIT_USAGE		3	/* bad command line */
#define AC_EXIT_LOAD		4	/* load: the kernel refused the program */

/* One call in a program's text, helper or kfunc */
struct ac_call {
	unsigned int insn;		/* index in the program as loaded */
	int helper;			/* helper id, or -1 for a kfunc */
	const char *kfunc;		/* kfunc name */
	const char *file;		/* source file from line info, or NULL */
	unsigned int line;
};

struct ac_prog {
	char *name;
	char *sec;
	enum bpf_prog_type type;
	unsigned int insn_cnt;		/* main program and appended subprograms */
	unsigned int max_insn_cnt;	/* limits: its own, or a tail call member's */
	bool tail_folded;		/* took in the sets of prog array members */
	__u64 own_helpers[BPF_PROG_ATTRS_HELPER_WORDS];	/* before that */
	unsigned int func_cnt;		/* functions in it (1 + subprograms) */
	__u64 helpers[BPF_PROG_ATTRS_HELPER_WORDS];
	char **kfuncs;			/* sorted, unique */
	unsigned int kfunc_cnt;
	__u64 map_types;		/* referenced (incl. inner map templates) */
	__u64 map_types_write;
	bool write_guessed;		/* some write's map was unknown: all counted */
	bool inner_guessed;		/* a legacy map-in-map's inner types unknown: all */
	bool type_unknown;		/* legacy: no program type for its section */
	bool write_ctx;			/* stores to the context */
	bool ctx_known;			/* write_ctx could be decided */
	bool read_kernel;		/* reads kernel memory (BTF pointers, ...) */
	const char *kern_why;		/* read_kernel undecided: why; NULL decided */
	bool write_packet;		/* writes packet data */
	const char *pkt_why;		/* write_packet undecided: why; NULL decided */
	struct ac_call *calls;
	unsigned int call_cnt;
};

struct ac_object {
	char *path;
	struct bpf_object *obj;
	struct ac_prog *progs;
	unsigned int prog_cnt;
	bool legacy;			/* read with the legacy convention */
	char convention[96];		/* legacy: how its maps and programs were found */
	void *priv;
};

/* Reads and analyses the object at @path (or @size bytes at @mem when
 * @mem != NULL), as libbpf sees it, or, when libbpf refuses it or finds
 * no program in its code, with the legacy convention (@legacy set): a
 * "maps" section of struct bpf_map_def or struct bpf_elf_map, each
 * executable section other than .text a program. On error returns NULL
 * and writes a message to @err.
 */
struct ac_object *ac_object_open(const char *path, const void *mem, size_t size,
				 char *err, size_t err_sz);
void ac_object_free(struct ac_object *o);

/* Builds the attribute set of @p (caller frees); with @limits, max_insn_cnt too. */
struct bpf_prog_attrs *ac_prog_attrs(const struct ac_prog *p, bool limits, size_t *sz);

extern bool ac_verbose;

#endif
