/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the program attribute set tests (prog_tests/
 * *prog_attrs*.c): building a set, finding an instruction of a loaded
 * program, loading with the verifier log in log_buf, and reading back the
 * observed set. Define PROG_ATTRS_LOG_SIZE before the include for a
 * log_buf of another size.
 */
#ifndef __PROG_ATTRS_HELPERS_H
#define __PROG_ATTRS_HELPERS_H

#include <test_progs.h>

#ifndef PROG_ATTRS_LOG_SIZE
#define PROG_ATTRS_LOG_SIZE 16384
#endif

/* every kind a set may handle, every access class: an observed set's */
#define ATTRS_H_ALL (BPF_PROG_ATTRS_H_MAP_TYPES | BPF_PROG_ATTRS_H_MAP_TYPES_WRITE | \
		     BPF_PROG_ATTRS_H_INSN_CNT | BPF_PROG_ATTRS_H_INSN_PROCESSED)
#define ATTRS_ACCESS_ALL (BPF_PROG_ACCESS_READ_KERNEL | BPF_PROG_ACCESS_WRITE_PACKET | \
			  BPF_PROG_ACCESS_WRITE_CTX | BPF_PROG_ACCESS_WRITE_KERNEL)

/* the verifier log of the last load_one() or load_raw() */
static char log_buf[PROG_ATTRS_LOG_SIZE];
/* their log level */
static int log_level = 1;

static inline void allow_helper(struct bpf_prog_attrs *a, int id)
{
	a->helpers[id / 64] |= 1ULL << (id % 64);
}

/* @names: "a\0b" (NUL-separated), @len: its sizeof */
static inline void allow_kfuncs(struct bpf_prog_attrs *a, const char *names, size_t len)
{
	size_t i;

	a->kfunc_cnt = 0;
	for (i = 0; i < len; i++)
		a->kfunc_cnt += !names[i];
	a->kfuncs_len = len;
	a->kfuncs = ptr_to_u64(names);
}

/* the set's kfuncs are the one kfunc @name */
static inline void allow_kfunc(struct bpf_prog_attrs *a, const char *name)
{
	allow_kfuncs(a, name, strlen(name) + 1);
}

/* Index of the first call to helper @id in @prog as it was loaded. */
static inline int call_idx(const struct bpf_program *prog, int id)
{
	const struct bpf_insn *insn = bpf_program__insns(prog);
	size_t i, n = bpf_program__insn_cnt(prog);

	for (i = 0; i < n; i++)
		if (insn[i].code == (BPF_JMP | BPF_CALL) && !insn[i].src_reg &&
		    insn[i].imm == id)
			return i;
	return -1;
}

/* Index of the first call to the kfunc of BTF id @btf_id (0: to any kfunc) */
static inline int kfunc_call_idx(const struct bpf_program *prog, int btf_id)
{
	const struct bpf_insn *insn = bpf_program__insns(prog);
	size_t i, n = bpf_program__insn_cnt(prog);

	for (i = 0; i < n; i++)
		if (insn[i].code == (BPF_JMP | BPF_CALL) &&
		    insn[i].src_reg == BPF_PSEUDO_KFUNC_CALL && (!btf_id || insn[i].imm == btf_id))
			return i;
	return -1;
}

/*
 * Open @file with only program @name to be loaded, give it set @a (NULL:
 * none) and an optional freplace target, load. Returns the object (or
 * NULL if it could not be opened); *err is bpf_object__load()'s result.
 */
static inline struct bpf_object *load_one(const char *file, const char *name,
					  const struct bpf_prog_attrs *a, int tgt_fd,
					  const char *tgt_func, int *err,
					  struct bpf_program **progp)
{
	struct bpf_program *p, *prog = NULL;
	struct bpf_object *obj;

	*err = -ENOENT;
	obj = bpf_object__open_file(file, NULL);
	if (!ASSERT_OK_PTR(obj, file))
		return NULL;
	bpf_object__for_each_program(p, obj) {
		bool me = !strcmp(bpf_program__name(p), name);

		bpf_program__set_autoload(p, me);
		if (me)
			prog = p;
	}
	if (!ASSERT_OK_PTR(prog, name))
		goto fail;
	log_buf[0] = '\0';
	bpf_program__set_log_buf(prog, log_buf, sizeof(log_buf));
	bpf_program__set_log_level(prog, log_level);
	if (a && !ASSERT_OK(bpf_program__set_attrs(prog, a, sizeof(*a)), "set_attrs"))
		goto fail;
	if (tgt_func &&
	    !ASSERT_OK(bpf_program__set_attach_target(prog, tgt_fd, tgt_func), "attach target"))
		goto fail;
	*err = bpf_object__load(obj);
	*progp = prog;
	return obj;
fail:
	bpf_object__close(obj);
	return NULL;
}

/* bpf_prog_load() of @insns with set @a (NULL: none) and @fd_array (or NULL) */
static inline int load_raw_fds(enum bpf_prog_type type, const struct bpf_insn *insns,
			       size_t cnt, const struct bpf_prog_attrs *a, const int *fd_array)
{
	LIBBPF_OPTS(bpf_prog_load_opts, lo,
		    .fd_array = fd_array,
		    .log_buf = log_buf, .log_size = sizeof(log_buf), .log_level = log_level,
		    .prog_attrs = a, .prog_attrs_size = a ? sizeof(*a) : 0);

	log_buf[0] = '\0';
	return bpf_prog_load(type, NULL, "GPL", insns, cnt, &lo);
}

static inline int load_raw(enum bpf_prog_type type, const struct bpf_insn *insns, size_t cnt,
			   const struct bpf_prog_attrs *a)
{
	return load_raw_fds(type, insns, cnt, a, NULL);
}

/*
 * bpf_prog_info of program @fd with its observed set in @buf (@size bytes,
 * zeroed first): bpf_prog_get_info_by_fd()'s result.
 */
static inline int get_observed(int fd, struct bpf_prog_info *info, void *buf, __u32 size)
{
	__u32 len = sizeof(*info);

	memset(info, 0, sizeof(*info));
	memset(buf, 0, size);
	info->attrs_observed = ptr_to_u64(buf);
	info->attrs_observed_len = size;
	return bpf_prog_get_info_by_fd(fd, info, &len);
}

#endif /* __PROG_ATTRS_HELPERS_H */
