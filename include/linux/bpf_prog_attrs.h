/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * BPF program attribute sets: what a program may do (helpers, kfuncs, map
 * types, access classes, size limits), declared at BPF_PROG_LOAD, enforced
 * by the verifier and handed to the bpf_prog_attrs LSM hook.
 */
#ifndef _LINUX_BPF_PROG_ATTRS_H
#define _LINUX_BPF_PROG_ATTRS_H

#include <linux/bpf.h>
#include <linux/bpf_verifier.h>
#include <linux/bpfptr.h>
#include <linux/types.h>

/**
 * struct bpf_prog_attrs_set - an attribute set, in kernel form
 * @helpers: helper ids allowed (declared) or called (observed)
 * @map_types: map types that may be (or were) referenced
 * @map_types_write: map types that may be (or were) written
 * @handled: BPF_PROG_ATTRS_H_* kinds the set restricts
 * @access_handled: BPF_PROG_ACCESS_* classes the set restricts
 * @access: BPF_PROG_ACCESS_* classes allowed (declared) or used (observed)
 * @max_insn_cnt: program size limit, if BPF_PROG_ATTRS_H_INSN_CNT
 * @max_insn_processed: verifier work limit, if BPF_PROG_ATTRS_H_INSN_PROCESSED
 * @unbounded: observed sets only: BPF_PROG_ATTRS_OBS_* ways in which
 *	the set does not bound what runs on the program's behalf; 0 in a
 *	declared set
 * @kfunc_cnt: number of entries in @kfuncs
 * @kfuncs: kfunc names, "name" or "module:name", sorted (strcmp)
 *
 * A declared set always restricts helpers and kfuncs. An observed set
 * records what the verifier saw: once verification is done it handles
 * every kind, its limits are the program's actual size and verifier work,
 * so it loads as a declared set as it is.
 */
struct bpf_prog_attrs_set {
	u64 helpers[BPF_PROG_ATTRS_HELPER_WORDS];
	u64 map_types;
	u64 map_types_write;
	u64 handled;
	u64 access_handled;
	u64 access;
	u32 max_insn_cnt;
	u32 max_insn_processed;
	u32 unbounded;
	u32 kfunc_cnt;
	const char **kfuncs;
};

struct bpf_map;
struct bpf_mount_opts;
struct bpf_prog;
struct bpf_prog_attrs_tail;
struct bpf_prog_aux;
struct bpf_prog_info;
struct bpf_reg_state;
struct bpf_token;
struct bpf_verifier_env;
struct bpf_verifier_log;
struct btf;
struct btf_param;
struct seq_file;
union bpf_attr;

/* kernel/bpf/prog_attrs.c: a program's sets (syscall.c, core.c) */
int bpf_prog_attrs_load(struct bpf_prog *prog, const union bpf_attr *attr,
			bpfptr_t uattr);
int bpf_prog_attrs_verified(struct bpf_prog *prog, u32 insn_processed);
void bpf_prog_attrs_free(struct bpf_prog_aux *aux);
int bpf_prog_attrs_fill_info(const struct bpf_prog *prog,
			     struct bpf_prog_info *info);

/* kernel/bpf/prog_attrs.c: a bpffs instance's ceiling, carried by its tokens */
void bpf_prog_attrs_set_free(struct bpf_prog_attrs_set *set);
int bpf_prog_attrs_delegate(struct bpf_mount_opts *opts, const void *blob,
			    size_t size);
void bpf_prog_attrs_show_delegate(struct seq_file *m,
				  const struct bpf_prog_attrs_set *set,
				  const char *fmt);
int bpf_prog_attrs_token_init(struct bpf_token *token,
			      const struct bpf_mount_opts *opts);

/*
 * kernel/bpf/prog_attrs_verifier.c: verifier hooks (verifier.c); each
 * returns 0 or a negative errno, with a log line.
 */
int bpf_prog_attrs_check_prog(struct bpf_verifier_env *env);
int bpf_prog_attrs_over_work(struct bpf_verifier_env *env);
int bpf_prog_attrs_check_call(struct bpf_verifier_env *env, int insn_idx, s32 func_id);
int bpf_prog_attrs_check_helper(struct bpf_verifier_env *env, int insn_idx,
				int func_id);
int bpf_prog_attrs_check_helper_map(struct bpf_verifier_env *env, int insn_idx,
				    int func_id, const struct bpf_map *map);
int bpf_prog_attrs_check_map(struct bpf_verifier_env *env, int insn_idx,
			     const struct bpf_map *map);
int bpf_prog_attrs_check_mem(struct bpf_verifier_env *env, int insn_idx,
			     enum bpf_reg_type type, const struct bpf_map *map,
			     bool write);

/*
 * Base register types an access through which no set restricts and the
 * observed set does not record: the program's own memory, for loads and
 * stores (BPF_PROG_ATTRS_FREE_ACCESS), and for loads also map values, the
 * context, packets and the arena (BPF_PROG_ATTRS_FREE_LOAD). Every other
 * type, one added to enum bpf_reg_type included, is placed by
 * bpf_prog_attrs_check_mem(); the KUnit suite holds the two lists to it.
 */
#define BPF_PROG_ATTRS_FREE_ACCESS	(BIT(NOT_INIT) | BIT(SCALAR_VALUE) |	\
					 BIT(PTR_TO_STACK) | BIT(PTR_TO_FLOW_KEYS))
#define BPF_PROG_ATTRS_FREE_LOAD	(BPF_PROG_ATTRS_FREE_ACCESS |		\
					 BIT(PTR_TO_MEM) | BIT(PTR_TO_MAP_VALUE) |	\
					 BIT(PTR_TO_MAP_KEY) | BIT(PTR_TO_ARENA) |	\
					 BIT(PTR_TO_CTX) | BIT(PTR_TO_PACKET) |		\
					 BIT(PTR_TO_PACKET_META))

/**
 * bpf_prog_attrs_mem() - a memory access, the decided ones inline
 * @env: the verifier environment
 * @insn_idx: the instruction (the load, store or call)
 * @type: the pointer's register type, with its flags
 * @map: the map, for PTR_TO_MAP_VALUE and PTR_TO_MAP_KEY
 * @write: a store (or atomic) rather than a load
 *
 * The verifier calls this for every access it checks, on every path:
 * accesses through a base register type env->attrs_decided lets through
 * (from the start, those of BPF_PROG_ATTRS_FREE_*; then those of each
 * access class once observed) pass without a call.
 *
 * Return: as bpf_prog_attrs_check_mem().
 */
static inline int bpf_prog_attrs_mem(struct bpf_verifier_env *env, int insn_idx,
				     enum bpf_reg_type type, const struct bpf_map *map,
				     bool write)
{
	u32 base = base_type(type);

	if (base < BITS_PER_LONG && (env->attrs_decided.mem[write] & BIT(base)))
		return 0;
	return bpf_prog_attrs_check_mem(env, insn_idx, type, map, write);
}

/**
 * bpf_prog_attrs_helper() - a reachable helper call, inline once decided
 * @env: the verifier environment
 * @insn_idx: the call instruction
 * @func_id: the helper, a valid id
 *
 * Return: as bpf_prog_attrs_check_helper().
 */
static inline int bpf_prog_attrs_helper(struct bpf_verifier_env *env, int insn_idx,
					int func_id)
{
	if (func_id >= 0 && func_id < BPF_PROG_ATTRS_HELPER_WORDS * 64 &&
	    test_bit(func_id, env->attrs_decided.helpers))
		return 0;
	return bpf_prog_attrs_check_helper(env, insn_idx, func_id);
}

/**
 * bpf_prog_attrs_helper_map() - a helper's map argument, inline once decided
 * @env: the verifier environment
 * @insn_idx: the call instruction
 * @func_id: the helper
 * @map: the map argument, or NULL
 *
 * Return: as bpf_prog_attrs_check_helper_map().
 */
static inline int bpf_prog_attrs_helper_map(struct bpf_verifier_env *env, int insn_idx,
					    int func_id, const struct bpf_map *map)
{
	if (!map || (map->map_type < 64 &&
		     (env->attrs_decided.maps_rw & BIT_ULL(map->map_type))))
		return 0;
	return bpf_prog_attrs_check_helper_map(env, insn_idx, func_id, map);
}

int bpf_prog_attrs_check_kfunc(struct bpf_verifier_env *env, int insn_idx,
			       const struct btf *btf, const char *name,
			       bool reachable);
int bpf_prog_attrs_check_ksym(struct bpf_verifier_env *env, int insn_idx);
int bpf_prog_attrs_check_dynptr_write(struct bpf_verifier_env *env, int insn_idx,
				      enum bpf_dynptr_type type);
int bpf_prog_attrs_check_kfunc_dynptr(struct bpf_verifier_env *env, int insn_idx,
				      const char *name, enum bpf_dynptr_type type);
int bpf_prog_attrs_check_kfunc_mem(struct bpf_verifier_env *env, int insn_idx,
				   const char *name, bool rdonly);
void bpf_prog_attrs_kfunc_mem_arg(struct bpf_verifier_env *env, const struct btf *btf,
				  const struct btf_param *arg, u32 regno);
void bpf_prog_attrs_kfunc_mem_arg_done(struct bpf_verifier_env *env);
int bpf_prog_attrs_check_kfunc_args(struct bpf_verifier_env *env, int insn_idx,
				    const char *name, const struct bpf_reg_state *regs,
				    u32 nargs);

/*
 * kernel/bpf/prog_attrs_contain.c: tail calls (arraymap.c, verifier.c),
 * extensions (verifier.c), maps bound at attach time (bpf_iter.c).
 */
int bpf_prog_attrs_tail_member(const struct bpf_map *map,
			       const struct bpf_prog *prog);
void bpf_prog_attrs_tail_free(struct bpf_prog_attrs_tail *t);
int bpf_prog_attrs_check_tail_calls(struct bpf_verifier_env *env);
int bpf_prog_attrs_check_ext(struct bpf_verifier_log *log,
			     const struct bpf_prog *prog,
			     const struct bpf_prog *tgt);
int bpf_prog_attrs_check_attach_map(const struct bpf_prog *prog,
				    const struct bpf_map *map);

#endif /* _LINUX_BPF_PROG_ATTRS_H */
