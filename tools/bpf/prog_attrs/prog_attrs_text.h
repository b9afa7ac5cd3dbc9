/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Program attribute sets for bpftool and attrcheck: the text format
 * (Documentation/bpf/prog_attrs_format.rst), with the checks and the
 * suggestions of its parser, and the binary records of the ".bpf.attrs"
 * ELF section (<bpf/bpf_attrs.h>). libbpf only loads sets; what a set
 * looks like to a person is the tools' business.
 *
 * A struct prog_attrs_text holds named sets ("program NAME" blocks), in
 * file order. Sets are (const struct bpf_prog_attrs *, size) pairs; their
 * kfunc names live in memory owned by it, pointed to by attrs->kfuncs.
 *
 * Functions returning a pointer return NULL with errno set on error; those
 * returning an int return 0 or a negative errno, and set errno too.
 */
#ifndef __PROG_ATTRS_TEXT_H
#define __PROG_ATTRS_TEXT_H

#include <stddef.h>
#include <stdio.h>
#include <linux/types.h>

struct bpf_prog_attrs;
struct btf;
struct prog_attrs_text;

struct prog_attrs_text_opts {
	size_t sz; /* size of this struct, as for libbpf's options */
	/* file name used in messages; default "<input>" */
	const char *filename;
	/* known kfuncs (vmlinux BTF, or split module BTF); NULL: not checked */
	const struct btf *btf;
	/* receives the first error, "FILE:LINE: message" */
	char *errbuf;
	size_t errbuf_sz;
};

/**
 * prog_attrs_text__parse() - parse attribute sets in text form
 * @text: the text, not necessarily NUL-terminated
 * @len: its length
 * @opts: options, may be NULL
 *
 * Return: the sets; NULL with errno set on error (EINVAL: parse error,
 * described in opts->errbuf, "FILE:LINE: message"; ENOMEM).
 */
struct prog_attrs_text *prog_attrs_text__parse(const char *text, size_t len,
					       const struct prog_attrs_text_opts *opts);
/**
 * prog_attrs_text__read() - read and parse a file of attribute sets
 * @path: the file
 * @opts: options, may be NULL; the default file name is @path
 *
 * Return: as prog_attrs_text__parse().
 */
struct prog_attrs_text *prog_attrs_text__read(const char *path,
					      const struct prog_attrs_text_opts *opts);
/**
 * prog_attrs_text__from_section() - read the records of a ".bpf.attrs" section
 * @data: the section's contents
 * @len: their length
 * @opts: options, may be NULL; opts->btf is not used
 *
 * Every record is checked as libbpf does, and its set as the text parser
 * does. Return: the sets; NULL with errno set on error (EINVAL: a bad
 * record, described in opts->errbuf, "FILE: offset N: message"; ENOMEM).
 */
struct prog_attrs_text *prog_attrs_text__from_section(const void *data, size_t len,
						      const struct prog_attrs_text_opts *opts);
/* An empty file, to be filled with prog_attrs_text__add(); NULL on ENOMEM */
struct prog_attrs_text *prog_attrs_text__new(void);
void prog_attrs_text__free(struct prog_attrs_text *f);
/* Number of sets in the file */
size_t prog_attrs_text__cnt(const struct prog_attrs_text *f);
/* Program name of set @idx; NULL if out of range */
const char *prog_attrs_text__name(const struct prog_attrs_text *f, size_t idx);
/* Set @idx and its size (in *@sz if not NULL); NULL if out of range */
const struct bpf_prog_attrs *prog_attrs_text__attrs(const struct prog_attrs_text *f,
						    size_t idx, size_t *sz);
/* The set of program @name; NULL (errno ENOENT) if there is none */
const struct bpf_prog_attrs *prog_attrs_text__find(const struct prog_attrs_text *f,
						   const char *name, size_t *sz);
/**
 * prog_attrs_text__add() - append a checked deep copy of a set
 * @f: the file
 * @name: the program's name
 * @attrs: the set
 * @sz: the size of the struct at @attrs
 *
 * Return: 0; -EINVAL for a malformed set or program name, -E2BIG for
 * non-zero bytes past the known struct, -EEXIST if @f has a set for @name
 * already, -ENOMEM.
 */
int prog_attrs_text__add(struct prog_attrs_text *f, const char *name,
			 const struct bpf_prog_attrs *attrs, size_t sz);
/* Prints all sets in normalised form; 0 or a negative error */
int prog_attrs_text__fprint(const struct prog_attrs_text *f, FILE *out);
/*
 * Writes all sets as ".bpf.attrs" records, for
 * objcopy --add-section .bpf.attrs=FILE; 0 or a negative error
 */
int prog_attrs_text__fwrite_section(const struct prog_attrs_text *f, FILE *out);
/* Prints one "program NAME" block in normalised form; 0 or a negative error */
int prog_attrs__fprint(const char *name, const struct bpf_prog_attrs *attrs,
		       size_t sz, FILE *out);
/* Helper name ("bpf_map_lookup_elem") of helper @id; NULL if unknown */
const char *prog_attrs_helper_str(__u32 id);
/* Helper id of helper @name; -ENOENT if unknown */
int prog_attrs_helper_id(const char *name);
/* Name ("read_kernel", ...) of access class BPF_PROG_ACCESS_*; NULL if unknown */
const char *prog_attrs_access_str(__u64 access_bit);
/* The BPF_PROG_ACCESS_* classes the text format knows, as a mask */
__u64 prog_attrs_known_access(void);
/*
 * Name ("tail_calls", ...) of BPF_PROG_ATTRS_OBS_* flag @flag of
 * bpf_prog_info.attrs_observed_flags; NULL if unknown
 */
const char *prog_attrs_obs_str(__u32 flag);

#endif /* __PROG_ATTRS_TEXT_H */
