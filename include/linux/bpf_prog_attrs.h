/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * BPF program attribute sets: what a program may do (helpers, kfuncs, map
 * types, access classes, size limits), declared at BPF_PROG_LOAD, enforced
 * by the verifier and handed to the bpf_prog_attrs LSM hook.
 */
#ifndef _LINUX_BPF_PROG_ATTRS_H
#define _LINUX_BPF_PROG_ATTRS_H

#include <linux/bpf.h>
#include <linux/bpfptr.h>
#include <linux/types.h>

#define BPF_PROG_ATTRS_HELPER_BITS	(BPF_PROG_ATTRS_HELPER_WORDS * 64)

/* Kinds a set restricts only when their bit is in ->handled (64-bit masks). */
#define BPF_PROG_ATTRS_H_ALL	((u64)(BPF_PROG_ATTRS_H_MAP_TYPES |	\
				       BPF_PROG_ATTRS_H_MAP_WRITE |	\
				       BPF_PROG_ATTRS_H_INSN_CNT |	\
				       BPF_PROG_ATTRS_H_INSN_PROCESSED))
#define BPF_PROG_ACCESS_ALL	((u64)(BPF_PROG_ACCESS_READ_KERNEL |	\
				       BPF_PROG_ACCESS_WRITE_PACKET |	\
				       BPF_PROG_ACCESS_WRITE_CTX |	\
				       BPF_PROG_ACCESS_WRITE_KERNEL))
#define BPF_PROG_ATTRS_OBS_ALL	(BPF_PROG_ATTRS_OBS_TAIL_CALLS |	\
				 BPF_PROG_ATTRS_OBS_EXTENSIBLE |	\
				 BPF_PROG_ATTRS_OBS_ATTACH_MAPS |	\
				 BPF_PROG_ATTRS_OBS_SYS_BPF)

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
};

struct bpf_map;
struct bpf_prog;
struct bpf_prog_aux;
struct btf;
struct bpf_prog_info;
struct bpf_verifier_env;
union bpf_attr;

int bpf_prog_attrs_validate(const struct bpf_prog_attrs *a);
int bpf_prog_attrs_parse_kfuncs(struct bpf_prog_attrs_set *set,
				const char *strs, u32 len, u32 cnt);
struct bpf_prog_attrs_set *bpf_prog_attrs_from_user(bpfptr_t uattrs, u32 size);
struct bpf_prog_attrs_set *bpf_prog_attrs_from_blob(const void *blob, size_t size);
struct bpf_prog_attrs_set *bpf_prog_attrs_set_dup(const struct bpf_prog_attrs_set *set);
void bpf_prog_attrs_tag(const struct bpf_prog_attrs_set *set, u8 *tag);
void bpf_prog_attrs_set_free(struct bpf_prog_attrs_set *set);
bool bpf_prog_attrs_has_kfunc(const struct bpf_prog_attrs_set *set,
			      const char *module, const char *name,
			      const char **matched);
bool bpf_prog_attrs_subset(const struct bpf_prog_attrs_set *inner,
			   const struct bpf_prog_attrs_set *outer);
struct bpf_prog_attrs_set *bpf_prog_attrs_combine(const struct bpf_prog_attrs_set *a,
						  const struct bpf_prog_attrs_set *b,
						  bool intersect);
const char *bpf_prog_attrs_map_type_name(u32 type);
size_t bpf_prog_attrs_report_size(const struct bpf_prog_attrs_set *set);
void bpf_prog_attrs_report(const struct bpf_prog_attrs_set *set, void *buf,
			   u64 ubuf);

int bpf_prog_attrs_load(struct bpf_prog *prog, const union bpf_attr *attr,
			bpfptr_t uattr);
void bpf_prog_attrs_free(struct bpf_prog_aux *aux);
int bpf_prog_attrs_fill_info(const struct bpf_prog *prog,
			     struct bpf_prog_info *info);
int bpf_prog_attrs_verified(struct bpf_prog *prog, u32 insn_processed);

/* Containment: tail calls (prog arrays) and extensions (freplace). */
struct bpf_prog_attrs_tail;
struct bpf_verifier_log;
int bpf_prog_attrs_tail_member(const struct bpf_map *map,
			       const struct bpf_prog *prog);
void bpf_prog_attrs_tail_free(struct bpf_prog_attrs_tail *t);
int bpf_prog_attrs_check_tail_calls(struct bpf_verifier_env *env);
int bpf_prog_attrs_check_ext(struct bpf_verifier_log *log,
			     const struct bpf_prog *prog,
			     const struct bpf_prog *tgt);

/* Verifier hooks: each returns 0 or a negative errno, with a log line. */
int bpf_prog_attrs_check_prog(struct bpf_verifier_env *env);
int bpf_prog_attrs_over_work(struct bpf_verifier_env *env);
int bpf_prog_attrs_check_helper(struct bpf_verifier_env *env, int insn_idx,
				int func_id);
int bpf_prog_attrs_check_helper_map(struct bpf_verifier_env *env, int insn_idx,
				    int func_id, const struct bpf_map *map);
int bpf_prog_attrs_check_map(struct bpf_verifier_env *env, int insn_idx,
			     const struct bpf_map *map);
int bpf_prog_attrs_check_mem(struct bpf_verifier_env *env, int insn_idx,
			     enum bpf_reg_type type, const struct bpf_map *map,
			     bool write);
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
struct bpf_reg_state;
struct btf_param;
void bpf_prog_attrs_kfunc_mem_arg(struct bpf_verifier_env *env, const struct btf *btf,
				  const struct btf_param *arg, u32 regno);
void bpf_prog_attrs_kfunc_mem_arg_done(struct bpf_verifier_env *env);
int bpf_prog_attrs_check_kfunc_args(struct bpf_verifier_env *env, int insn_idx,
				    const char *name, const struct bpf_reg_state *regs,
				    u32 nargs);

/* Delegation: a bpffs instance's ceiling, carried by its BPF tokens. */
struct bpf_mount_opts;
struct bpf_token;
struct seq_file;
int bpf_prog_attrs_delegate(struct bpf_mount_opts *opts, const void *blob,
			    size_t size);
void bpf_prog_attrs_show_delegate(struct seq_file *m,
				  const struct bpf_prog_attrs_set *set,
				  const char *fmt);
int bpf_prog_attrs_token_init(struct bpf_token *token,
			      const struct bpf_mount_opts *opts);

/* Maps bound at attach time (map element iterators). */
int bpf_prog_attrs_check_attach_map(const struct bpf_prog *prog,
				    const struct bpf_map *map);

static inline bool bpf_prog_attrs_helper_allowed(const struct bpf_prog_attrs_set *set,
						 u32 func_id)
{
	return func_id < BPF_PROG_ATTRS_HELPER_BITS &&
	       (set->helpers[func_id / 64] & (1ULL << (func_id % 64)));
}

static inline bool bpf_prog_attrs_map_allowed(const struct bpf_prog_attrs_set *set,
					      u32 map_type, bool write)
{
	u32 kind = write ? BPF_PROG_ATTRS_H_MAP_WRITE : BPF_PROG_ATTRS_H_MAP_TYPES;
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

#endif /* _LINUX_BPF_PROG_ATTRS_H */
