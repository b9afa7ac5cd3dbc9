/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Program attribute sets carried in a BPF object: the ".bpf.attrs" ELF
 * section, a sequence of binary records, one per program, which libbpf
 * reads at bpf_object__open() as it reads "license" and "version".
 *
 * In BPF C, include <linux/bpf.h> (or vmlinux.h) and <bpf/bpf_helpers.h>
 * first, then:
 *
 *	BPF_PROG_ATTRS(my_prog, "bpf_rcu_read_lock\0bpf_rcu_read_unlock",
 *		       .helpers = { [0] = 1ULL << BPF_FUNC_map_lookup_elem },
 *		       .kfunc_cnt = 2,
 *		       .handled = BPF_PROG_ATTRS_H_MAP_TYPES,
 *		       .map_types = 1ULL << BPF_MAP_TYPE_HASH);
 */
#ifndef __BPF_ATTRS_H
#define __BPF_ATTRS_H

#ifdef __bpf__
#include "bpf_helpers.h"
#else
#include <linux/types.h>
#include <linux/bpf.h>
#endif

/* the ELF section of the records */
#define BPF_ATTRS_SEC ".bpf.attrs"

/**
 * struct bpf_attrs_rec - one record of the ".bpf.attrs" section
 * @rec_len: bytes of the whole record, a multiple of 8; the next record
 *	follows it (records are 8-aligned, so that the static linker's
 *	concatenation of the sections of several objects keeps them back to
 *	back)
 * @name_off: offset from the record start of the program's name,
 *	NUL-terminated, inside the record
 * @kfuncs_off: offset from the record start of the @attrs.kfuncs_len bytes
 *	of kfunc names (as struct bpf_prog_attrs.kfuncs points to them),
 *	inside the record; 0 if @attrs.kfunc_cnt is 0
 * @attrs: the program's set; @attrs.kfuncs must be 0, the names being at
 *	@kfuncs_off
 *
 * libbpf checks that the record and the regions it names are inside the
 * section; whether the set itself is valid is the kernel's decision, when
 * the program is loaded.
 */
struct bpf_attrs_rec {
	__u32 rec_len;
	__u16 name_off;
	__u16 kfuncs_off;
	struct bpf_prog_attrs attrs;
};

/**
 * BPF_PROG_ATTRS() - emit the ".bpf.attrs" record of a program
 * @prog: the program (its function name, not a string)
 * @kfunc_names: a string literal of the kfunc names separated by "\0"
 *	("a\0b"), or "" for none; attrs.kfuncs_len is its size when there are
 *	names, and attrs.kfunc_cnt must be given in the designated initializers
 * @...: designated initializers of struct bpf_prog_attrs, such as
 *	.helpers = { ... }, .handled = ..., .map_types = ...
 *
 * The record is 8-aligned (struct bpf_attrs_rec is, for its u64 fields)
 * and its rec_len a multiple of 8 (sizeof() of the 8-aligned struct).
 */
#define BPF_PROG_ATTRS(prog, kfunc_names, ...)					\
static const struct {								\
	struct bpf_attrs_rec rec;						\
	char name[sizeof(#prog)];						\
	char kf[sizeof(kfunc_names)];						\
} ___bpf_attrs_##prog SEC(BPF_ATTRS_SEC) = {					\
	.rec = {								\
		.rec_len = sizeof(___bpf_attrs_##prog),				\
		.name_off = __builtin_offsetof(__typeof__(___bpf_attrs_##prog), name), \
		.kfuncs_off = sizeof(kfunc_names) > 1 ?				\
			__builtin_offsetof(__typeof__(___bpf_attrs_##prog), kf) : 0, \
		.attrs = {							\
			.kfuncs_len = sizeof(kfunc_names) > 1 ?			\
				sizeof(kfunc_names) : 0,			\
			__VA_ARGS__						\
		},								\
	},									\
	.name = #prog,								\
	.kf = kfunc_names,							\
}

#endif /* __BPF_ATTRS_H */
