/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * BPF program attribute sets: what kernel/bpf/prog_attrs.c (set logic,
 * lifetime, delegation), prog_attrs_verifier.c (the verifier checks) and
 * prog_attrs_contain.c (tail calls, freplace, attach-time maps) share, and
 * their KUnit suite. Other kernel code uses <linux/bpf_prog_attrs.h>.
 */
#ifndef __BPF_PROG_ATTRS_H__
#define __BPF_PROG_ATTRS_H__

#include <linux/bpf.h>
#include <linux/bpf_prog_attrs.h>
#include <linux/mutex.h>
#include <linux/types.h>

#define BPF_PROG_ATTRS_HELPER_BITS	(BPF_PROG_ATTRS_HELPER_WORDS * 64)

/* Kinds a set restricts only when their bit is in ->handled (64-bit masks). */
#define BPF_PROG_ATTRS_H_ALL	((u64)(BPF_PROG_ATTRS_H_MAP_TYPES |	\
				       BPF_PROG_ATTRS_H_MAP_TYPES_WRITE |	\
				       BPF_PROG_ATTRS_H_INSN_CNT |	\
				       BPF_PROG_ATTRS_H_INSN_PROCESSED))
#define BPF_PROG_ACCESS_ALL	((u64)(BPF_PROG_ACCESS_READ_KERNEL |	\
				       BPF_PROG_ACCESS_WRITE_PACKET |	\
				       BPF_PROG_ACCESS_WRITE_CTX |	\
				       BPF_PROG_ACCESS_WRITE_KERNEL))

/*
 * A kfunc the verifier let through: its BTF and its name there (a pointer
 * a module's BTF may share with vmlinux's: both make the key), and what
 * is known of it (KFUNC_* in prog_attrs_verifier.c).
 */
struct bpf_prog_attrs_kfunc_seen {
	const struct btf *btf;
	const char *name;
	u32 kinds;
};

/* kfuncs remembered: a loop's iterator next and destroy, and a few more */
#define BPF_PROG_ATTRS_KFUNC_SEEN	4

/**
 * struct bpf_prog_attrs_info - the sets kept with a program (prog->aux)
 * @declared: the set the program is verified under, or NULL: the set
 *	given at load time, within @ceiling when there is one
 * @ceiling: a copy of the attribute ceiling of the program's BPF token,
 *	or NULL
 * @observed: what the verifier saw the program use
 */
struct bpf_prog_attrs_info {
	struct bpf_prog_attrs_set *declared;
	struct bpf_prog_attrs_set *ceiling;
	struct bpf_prog_attrs_set observed;
	/* private: kfuncs seen during verification, until it ends */
	char **obs_kfuncs;
	u32 obs_kfunc_cnt;
	/* stores to the element of a map given at attach time (iterators) */
	bool attach_map_write;
	/* the verifier is checking a kfunc's const memory argument */
	bool mem_arg_rdonly;
	/* registers of the kfunc call's memory arguments, as checked */
	u32 kfunc_mem_regs;
	/* the last kfuncs let through (prog_attrs_verifier.c) */
	struct bpf_prog_attrs_kfunc_seen kfunc_seen[BPF_PROG_ATTRS_KFUNC_SEEN];
	u32 kfunc_seen_next;
};

/* Set logic (prog_attrs.c). */
const char *bpf_prog_attrs_map_type_name(u32 type);
bool bpf_prog_attrs_has_kfunc(const struct bpf_prog_attrs_set *set,
			      const char *module, const char *name,
			      const char **matched);
bool bpf_prog_attrs_subset(const struct bpf_prog_attrs_set *inner,
			   const struct bpf_prog_attrs_set *outer);
struct bpf_prog_attrs_set *bpf_prog_attrs_combine(const struct bpf_prog_attrs_set *a,
						  const struct bpf_prog_attrs_set *b,
						  bool intersect);

static inline bool bpf_prog_attrs_helper_allowed(const struct bpf_prog_attrs_set *set,
						 u32 func_id)
{
	return func_id < BPF_PROG_ATTRS_HELPER_BITS &&
	       (set->helpers[func_id / 64] & (1ULL << (func_id % 64)));
}

static inline bool bpf_prog_attrs_map_allowed(const struct bpf_prog_attrs_set *set,
					      u32 map_type, bool write)
{
	u32 kind = write ? BPF_PROG_ATTRS_H_MAP_TYPES_WRITE : BPF_PROG_ATTRS_H_MAP_TYPES;
	u64 mask = write ? set->map_types_write : set->map_types;

	if (!(set->handled & kind))
		return true;
	return map_type < 64 && (mask & (1ULL << map_type));
}

static inline bool bpf_prog_attrs_access_allowed(const struct bpf_prog_attrs_set *set,
						 u64 access)
{
	return !(set->access_handled & access) || (set->access & access) == access;
}

/*
 * Who refused, for the log line: the token's ceiling when it does not
 * allow what was refused, else the program's own set.
 */
static inline const char *bpf_prog_attrs_refuser(const struct bpf_prog_attrs_info *ai,
						 bool ceiling_allows)
{
	return ai->ceiling && !ceiling_allows ? "the token's attribute ceiling" :
						"the program's attribute set";
}

/* What a memory access through a pointer of some register type touches. */
enum mem_kind {
	MEM_KIND_OWN,		/* the program's own memory, or none */
	MEM_KIND_MAP,		/* a value (or key) of reg->map_ptr */
	MEM_KIND_ARENA,		/* the program's arena */
	MEM_KIND_ATTACH_MAP,	/* an element of a map given at attach time */
	MEM_KIND_CTX,		/* the context */
	MEM_KIND_PACKET,	/* packet data */
	MEM_KIND_KERNEL,	/* kernel memory, or anything not placed */
};

/*
 * A prog array's tail call record (prog_attrs_contain.c): the sets its
 * callers allow and its members need, allocated on first use.
 */
struct bpf_prog_attrs_tail {
	struct mutex lock;			/* guards the three fields below */
	struct bpf_prog_attrs_set *ceiling;	/* NULL: no restricted caller */
	struct bpf_prog_attrs_set *members;	/* NULL: no declared member */
	bool open_member;			/* an undeclared program was inserted */
};

#if IS_ENABLED(CONFIG_KUNIT)
/* Static without KUnit (VISIBLE_IF_KUNIT); the suite is in prog_attrs.c. */
enum mem_kind bpf_prog_attrs_mem_kind(enum bpf_reg_type type);
unsigned long bpf_prog_attrs_mem_decided(u64 access, bool write);
int bpf_prog_attrs_tail_widen(struct bpf_prog_attrs_tail *t,
			      const struct bpf_prog_attrs_set *d);
#endif

#endif /* __BPF_PROG_ATTRS_H__ */
