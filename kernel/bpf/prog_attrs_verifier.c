// SPDX-License-Identifier: GPL-2.0-only
/*
 * BPF program attribute sets, in the verifier: every check of a program
 * against its declared set (helpers, kfuncs, maps, access classes, size
 * and work limits), each with one log line when it refuses, and the
 * recording of the observed set as the verifier goes. Called from
 * verifier.c only; prog_attrs.c completes the observed set once
 * verification succeeds (bpf_prog_attrs_verified()).
 */
#include <linux/bpf.h>
#include <linux/bpf_verifier.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <linux/filter.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <kunit/visibility.h>

#include "disasm.h"
#include "prog_attrs.h"

static struct bpf_prog_attrs_info *env_attrs(struct bpf_verifier_env *env)
{
	return env->prog->aux->attrs;
}

static int use_access(struct bpf_verifier_env *env, int insn_idx, u64 access);

static int deny_helper(struct bpf_verifier_env *env, int insn_idx, int func_id)
{
	const struct bpf_prog_attrs_info *ai = env_attrs(env);
	bool ceiling = ai->ceiling && bpf_prog_attrs_helper_allowed(ai->ceiling, func_id);

	bpf_verifier_log_write(env,
			       "insn %d: call to helper %s#%d is not in %s (helpers)\n",
			       insn_idx, func_id_name(func_id), func_id,
			       bpf_prog_attrs_refuser(ai, ceiling));
	return -EACCES;
}

/* Base register types that point only to kernel memory, whatever the flags. */
#define MEM_KERNEL_TYPES	(BIT(PTR_TO_BTF_ID) | BIT(CONST_PTR_TO_MAP) |		\
				 BIT(PTR_TO_SOCKET) | BIT(PTR_TO_SOCK_COMMON) |		\
				 BIT(PTR_TO_TCP_SOCK) | BIT(PTR_TO_XDP_SOCK) |		\
				 BIT(PTR_TO_TP_BUFFER) | BIT(PTR_TO_PACKET_END) |	\
				 BIT(PTR_TO_FUNC) | BIT(CONST_PTR_TO_DYNPTR))

/**
 * bpf_prog_attrs_mem_decided() - the accesses bpf_prog_attrs_mem() passes inline
 * @access: the access classes observed so far, so allowed
 * @write: stores rather than loads
 *
 * Through these base register types, with any flags, every access of the
 * direction is decided: the program's own memory, for loads also map
 * values, the context, packets and the arena (BPF_PROG_ATTRS_FREE_*),
 * and once a class is observed the pointers it alone covers (a store
 * through PTR_TO_MEM, a dynptr slice or the program's own memory, once
 * write_packet is). Map value and key stores, arena stores and an
 * iterator's map elements are checked at each access. Static but for the
 * KUnit suite, which holds the mask to bpf_prog_attrs_mem_kind().
 *
 * Return: a mask of base register types.
 */
VISIBLE_IF_KUNIT unsigned long bpf_prog_attrs_mem_decided(u64 access, bool write)
{
	unsigned long types = write ? BPF_PROG_ATTRS_FREE_ACCESS : BPF_PROG_ATTRS_FREE_LOAD;

	if (access & (write ? BPF_PROG_ACCESS_WRITE_KERNEL : BPF_PROG_ACCESS_READ_KERNEL))
		types |= MEM_KERNEL_TYPES;
	if (write && (access & BPF_PROG_ACCESS_WRITE_CTX))
		types |= BIT(PTR_TO_CTX);
	if (write && (access & BPF_PROG_ACCESS_WRITE_PACKET))
		types |= BIT(PTR_TO_PACKET) | BIT(PTR_TO_PACKET_META) | BIT(PTR_TO_MEM);
	return types;
}

/**
 * bpf_prog_attrs_check_prog() - the program as loaded
 * @env: the verifier environment, before any other pass
 *
 * Refuses a program larger than its set's size limit, and sets the
 * verifier's work limit and what bpf_prog_attrs_mem() passes inline.
 *
 * Return: 0 or -E2BIG, with one log line.
 */
int bpf_prog_attrs_check_prog(struct bpf_verifier_env *env)
{
	struct bpf_prog_attrs_info *ai = env_attrs(env);
	const struct bpf_prog_attrs_set *d = ai ? ai->declared : NULL;

	/* do_check()'s one test of the work done, the verifier's limit or the set's */
	env->insn_processed_max = BPF_COMPLEXITY_LIMIT_INSNS;
	if (!ai) {
		/* nothing to check: every test passes inline */
		memset(&env->attrs_decided, 0xff, sizeof(env->attrs_decided));
		return 0;
	}
	env->attrs_decided.mem[0] = bpf_prog_attrs_mem_decided(0, false);
	env->attrs_decided.mem[1] = bpf_prog_attrs_mem_decided(0, true);
	ai->observed.max_insn_cnt = env->prog->len;	/* as loaded */
	if (d && (d->handled & BPF_PROG_ATTRS_H_INSN_CNT) && env->prog->len > d->max_insn_cnt) {
		const struct bpf_prog_attrs_set *c = ai->ceiling;
		bool ceiling = c && (!(c->handled & BPF_PROG_ATTRS_H_INSN_CNT) ||
				     env->prog->len <= c->max_insn_cnt);

		bpf_verifier_log_write(env,
				       "program of %u insns is larger than %s allows (max_insn_cnt %u)\n",
				       env->prog->len,
				       ai->ceiling && !ceiling ? "the token's attribute ceiling" :
				       "its attribute set", d->max_insn_cnt);
		return -E2BIG;
	}
	if (d && (d->handled & BPF_PROG_ATTRS_H_INSN_PROCESSED))
		env->insn_processed_max = min_t(u32, d->max_insn_processed,
						BPF_COMPLEXITY_LIMIT_INSNS);
	return 0;
}

/**
 * bpf_prog_attrs_check_call() - a helper call anywhere in the program text
 * @env: the verifier environment
 * @insn_idx: the call, reachable or not
 * @func_id: its helper id, as loaded
 *
 * Called by the verifier's first walk over every instruction, so that a
 * helper call outside the set is refused in dead code too.
 *
 * Return: 0 or -EACCES, with one log line.
 */
int bpf_prog_attrs_check_call(struct bpf_verifier_env *env, int insn_idx, s32 func_id)
{
	struct bpf_prog_attrs_info *ai = env_attrs(env);

	/* an invalid id is the verifier's own error, where reachable */
	if (!ai || func_id <= 0 || func_id >= __BPF_FUNC_MAX_ID)
		return 0;
	if (ai->declared && !bpf_prog_attrs_helper_allowed(ai->declared, func_id))
		return deny_helper(env, insn_idx, func_id);
	/* observed too, dead code included, as a declared set needs it */
	ai->observed.helpers[func_id / 64] |= 1ULL << (func_id % 64);
	return 0;
}

/**
 * bpf_prog_attrs_over_work() - verifier work went past the set's limit
 * @env: the verifier environment
 *
 * Return: -E2BIG, with one log line.
 */
int bpf_prog_attrs_over_work(struct bpf_verifier_env *env)
{
	const struct bpf_prog_attrs_set *c = env_attrs(env)->ceiling;
	bool ceiling = c && (c->handled & BPF_PROG_ATTRS_H_INSN_PROCESSED) &&
		       c->max_insn_processed == env->insn_processed_max;

	bpf_verifier_log_write(env,
			       "insn %d: verifier work above the %s limit of %u insns (max_insn_processed)\n",
			       env->insn_idx,
			       ceiling ? "token's attribute ceiling's" : "attribute set's",
			       env->insn_processed_max);
	return -E2BIG;
}

/**
 * bpf_prog_attrs_check_helper() - a reachable helper call
 * @env: the verifier environment
 * @insn_idx: the call instruction
 * @func_id: the helper, a valid id
 *
 * Return: 0 or -EACCES (logged).
 */
int bpf_prog_attrs_check_helper(struct bpf_verifier_env *env, int insn_idx,
				int func_id)
{
	struct bpf_prog_attrs_info *ai = env_attrs(env);
	int err = 0;

	if (!ai || func_id <= 0 || func_id >= BPF_PROG_ATTRS_HELPER_BITS)
		return 0;
	if (ai->declared && !bpf_prog_attrs_helper_allowed(ai->declared, func_id))
		return deny_helper(env, insn_idx, func_id);
	ai->observed.helpers[func_id / 64] |= 1ULL << (func_id % 64);
	/*
	 * Helpers that change packet data (store, pull, push, adjust ...).
	 * A tail call is marked so for the packet pointers it invalidates;
	 * its callee is bounded by tail call containment instead.
	 */
	if (func_id != BPF_FUNC_tail_call && bpf_helper_changes_pkt_data(func_id))
		err = use_access(env, insn_idx, BPF_PROG_ACCESS_WRITE_PACKET);
	/*
	 * bpf_sys_bpf() takes the pointers in the attr it is given as kernel
	 * pointers: a map command copies from and to any kernel address.
	 * bpf_kallsyms_lookup_name() returns one, as a __ksym's ld_imm64 does.
	 */
	else if (func_id == BPF_FUNC_sys_bpf)
		err = use_access(env, insn_idx, BPF_PROG_ACCESS_READ_KERNEL |
						BPF_PROG_ACCESS_WRITE_KERNEL);
	else if (func_id == BPF_FUNC_kallsyms_lookup_name)
		err = use_access(env, insn_idx, BPF_PROG_ACCESS_READ_KERNEL);
	/* the same call again, on any path, is decided: bpf_prog_attrs_helper() */
	if (!err)
		__set_bit(func_id, env->attrs_decided.helpers);
	return err;
}

/*
 * Helpers that only read the map they are given. Every other helper with
 * a map argument counts as writing it, so a new helper is a writer until
 * it is listed here.
 */
static bool helper_reads_map(int func_id)
{
	switch (func_id) {
	case BPF_FUNC_map_lookup_elem:
	case BPF_FUNC_map_lookup_percpu_elem:
	case BPF_FUNC_map_peek_elem:
	case BPF_FUNC_tail_call:
	case BPF_FUNC_perf_event_read:
	case BPF_FUNC_perf_event_read_value:
	case BPF_FUNC_current_task_under_cgroup:
	case BPF_FUNC_skb_under_cgroup:
	case BPF_FUNC_redirect_map:
	case BPF_FUNC_sk_redirect_map:
	case BPF_FUNC_sk_redirect_hash:
	case BPF_FUNC_msg_redirect_map:
	case BPF_FUNC_msg_redirect_hash:
	case BPF_FUNC_sk_select_reuseport:
	/* these hand out value pointers: stores through them are counted */
	case BPF_FUNC_get_local_storage:
	case BPF_FUNC_for_each_map_elem:
	case BPF_FUNC_ringbuf_query:
		return true;
	default:
		return false;
	}
}

/* Map types observed referenced and written: every later check passes. */
static void decide_maps(struct bpf_verifier_env *env, const struct bpf_prog_attrs_info *ai)
{
	env->attrs_decided.maps_rw = ai->observed.map_types & ai->observed.map_types_write;
}

static int map_write(struct bpf_verifier_env *env, int insn_idx,
		     const struct bpf_map *map, const char *how)
{
	struct bpf_prog_attrs_info *ai = env_attrs(env);

	if (!ai || !map)
		return 0;
	/* observed only once allowed, as in use_access() */
	if (map->map_type < 64 && (ai->observed.map_types_write & BIT_ULL(map->map_type)))
		return 0;
	if (ai->declared && !bpf_prog_attrs_map_allowed(ai->declared, map->map_type, true)) {
		bool ceiling = ai->ceiling &&
			       bpf_prog_attrs_map_allowed(ai->ceiling, map->map_type, true);

		bpf_verifier_log_write(env,
				       "insn %d: %s map '%s' of type %s is not in %s (map_types_write)\n",
				       insn_idx, how, map->name[0] ? map->name : "(inner map)",
				       bpf_prog_attrs_map_type_name(map->map_type),
				       bpf_prog_attrs_refuser(ai, ceiling));
		return -EACCES;
	}
	if (map->map_type < 64)
		ai->observed.map_types_write |= 1ULL << map->map_type;
	decide_maps(env, ai);
	return 0;
}

/* A store through PTR_TO_ARENA writes the program's (only) arena. */
static int arena_write(struct bpf_verifier_env *env, int insn_idx)
{
	u32 i;

	for (i = 0; i < env->used_map_cnt; i++)
		if (env->used_maps[i]->map_type == BPF_MAP_TYPE_ARENA)
			return map_write(env, insn_idx, env->used_maps[i], "store to");
	/* arena pointers come from the program's arena: cannot happen */
	return -EFAULT;
}

/**
 * bpf_prog_attrs_check_helper_map() - a reachable helper call with its map
 * @env: the verifier environment
 * @insn_idx: the call instruction
 * @func_id: the helper
 * @map: the map argument, or NULL
 *
 * The map is checked as referenced (it may be the inner map of a
 * map-in-map, known only here) and, for a helper that writes, as written.
 *
 * Return: 0 or -EACCES (logged).
 */
int bpf_prog_attrs_check_helper_map(struct bpf_verifier_env *env, int insn_idx,
				    int func_id, const struct bpf_map *map)
{
	int err;

	if (!map)
		return 0;
	/* An inner map of a map-in-map is only seen here, by its template. */
	err = bpf_prog_attrs_check_map(env, insn_idx, map);
	if (err || helper_reads_map(func_id))
		return err;
	return map_write(env, insn_idx, map, "helper writes");
}

/**
 * bpf_prog_attrs_check_map() - the program references a map
 * @env: the verifier environment
 * @insn_idx: the instruction (ld_imm64), or the map's lookup for an inner map
 * @map: the map
 *
 * Return: 0 or -EACCES (logged).
 */
int bpf_prog_attrs_check_map(struct bpf_verifier_env *env, int insn_idx,
			     const struct bpf_map *map)
{
	struct bpf_prog_attrs_info *ai = env_attrs(env);

	if (!ai)
		return 0;
	/* observed only once allowed, as in use_access() */
	if (map->map_type < 64 && (ai->observed.map_types & BIT_ULL(map->map_type)))
		return 0;
	if (ai->declared && !bpf_prog_attrs_map_allowed(ai->declared, map->map_type, false)) {
		bool ceiling = ai->ceiling &&
			       bpf_prog_attrs_map_allowed(ai->ceiling, map->map_type, false);

		bpf_verifier_log_write(env,
				       "insn %d: map '%s' of type %s is not in %s (map_types)\n",
				       insn_idx, map->name[0] ? map->name : "(inner map)",
				       bpf_prog_attrs_map_type_name(map->map_type),
				       bpf_prog_attrs_refuser(ai, ceiling));
		return -EACCES;
	}
	if (map->map_type < 64)
		ai->observed.map_types |= 1ULL << map->map_type;
	decide_maps(env, ai);
	return 0;
}

static const struct {
	u64 access;
	const char *what;	/* for the log line */
	const char *attr;	/* the attribute's name */
} access_names[] = {
	{ BPF_PROG_ACCESS_READ_KERNEL, "read kernel memory", "read_kernel" },
	{ BPF_PROG_ACCESS_WRITE_PACKET, "write packet data", "write_packet" },
	{ BPF_PROG_ACCESS_WRITE_CTX, "write the context", "write_ctx" },
	{ BPF_PROG_ACCESS_WRITE_KERNEL, "write kernel memory", "write_kernel" },
};

/* Check access classes @access (one or more) and record them as used. */
static int use_access(struct bpf_verifier_env *env, int insn_idx, u64 access)
{
	struct bpf_prog_attrs_info *ai = env_attrs(env);
	u32 i;

	BUILD_BUG_ON(ARRAY_SIZE(access_names) != hweight64(BPF_PROG_ACCESS_ALL));
	/* observed only once allowed: the set does not change while verifying */
	if (!ai || (ai->observed.access & access) == access)
		return 0;
	for (i = 0; ai->declared && i < ARRAY_SIZE(access_names); i++) {
		u64 one = access_names[i].access;
		bool ceiling;

		if (!(access & one) || bpf_prog_attrs_access_allowed(ai->declared, one))
			continue;
		ceiling = ai->ceiling && bpf_prog_attrs_access_allowed(ai->ceiling, one);
		bpf_verifier_log_write(env,
				       "insn %d: %s is not in %s (access %s)\n",
				       insn_idx, access_names[i].what,
				       bpf_prog_attrs_refuser(ai, ceiling),
				       access_names[i].attr);
		return -EACCES;
	}
	ai->observed.access |= access;
	env->attrs_decided.mem[0] = bpf_prog_attrs_mem_decided(ai->observed.access, false);
	env->attrs_decided.mem[1] = bpf_prog_attrs_mem_decided(ai->observed.access, true);
	return 0;
}

/* PTR_TO_MEM: a kfunc's, a dynptr's slice, a ringbuf reservation ... */
static enum mem_kind ptr_to_mem_kind(enum bpf_reg_type type)
{
	/* reserved from a ringbuf: counted at the reservation */
	if (type & MEM_RINGBUF)
		return MEM_KIND_OWN;
	/* a slice of an skb or xdp dynptr */
	if (type & (DYNPTR_TYPE_SKB | DYNPTR_TYPE_XDP))
		return MEM_KIND_PACKET;
	/*
	 * Counted where the pointer was made: a kfunc's memory or a
	 * __ksym at the call or ld_imm64, a local dynptr's memory when
	 * it was made, a global function's argument at each caller.
	 */
	return MEM_KIND_OWN;
}

/**
 * bpf_prog_attrs_mem_kind() - what an access through a pointer touches
 * @type: the pointer's register type, with its flags
 *
 * Every base register type is placed here: the switch has no default, so
 * a register type added to enum bpf_reg_type without a place breaks the
 * build (-Wswitch and the BUILD_BUG_ON below). Pointers no access is
 * allowed through count as kernel memory, the broadest kind. Static but
 * for the KUnit suite.
 *
 * Return: the kind of memory, MEM_KIND_KERNEL for anything not placed.
 */
VISIBLE_IF_KUNIT enum mem_kind bpf_prog_attrs_mem_kind(enum bpf_reg_type type)
{
	BUILD_BUG_ON(__BPF_REG_TYPE_MAX - 1 != CONST_PTR_TO_DYNPTR);

	switch ((enum bpf_reg_type)base_type(type)) {
	case NOT_INIT:
	case SCALAR_VALUE:
		/* NULL for a zero-sized helper argument: no memory */
	case PTR_TO_STACK:
	case PTR_TO_FLOW_KEYS:
		/* the flow dissector's per-run output */
		return MEM_KIND_OWN;
	case PTR_TO_MEM:
		return ptr_to_mem_kind(type);
	case PTR_TO_BTF_ID:
		/* objects of the program's own (bpf_obj_new) */
		return type & MEM_ALLOC ? MEM_KIND_OWN : MEM_KIND_KERNEL;
	case PTR_TO_MAP_VALUE:
	case PTR_TO_MAP_KEY:
		return MEM_KIND_MAP;
	case PTR_TO_ARENA:
		return MEM_KIND_ARENA;
	case PTR_TO_BUF:
		return MEM_KIND_ATTACH_MAP;
	case PTR_TO_CTX:
		return MEM_KIND_CTX;
	case PTR_TO_PACKET:
	case PTR_TO_PACKET_META:
		return MEM_KIND_PACKET;
	case CONST_PTR_TO_MAP:
	case PTR_TO_SOCKET:
	case PTR_TO_SOCK_COMMON:
	case PTR_TO_TCP_SOCK:
	case PTR_TO_XDP_SOCK:
	case PTR_TO_TP_BUFFER:
		return MEM_KIND_KERNEL;
	case PTR_TO_PACKET_END:
	case PTR_TO_FUNC:
	case CONST_PTR_TO_DYNPTR:
		/* the verifier allows no access through these */
		return MEM_KIND_KERNEL;
	case __BPF_REG_TYPE_MAX:
	case PTR_TO_MAP_VALUE_OR_NULL:
	case PTR_TO_SOCKET_OR_NULL:
	case PTR_TO_SOCK_COMMON_OR_NULL:
	case PTR_TO_TCP_SOCK_OR_NULL:
	case PTR_TO_BTF_ID_OR_NULL:
	case __BPF_REG_TYPE_LIMIT:
		/* not base types */
		break;
	}
	return MEM_KIND_KERNEL;
}

/**
 * bpf_prog_attrs_check_mem() - a memory access, direct or by a helper
 * @env: the verifier environment
 * @insn_idx: the instruction (the load, store or call)
 * @type: the pointer's register type, with its flags
 * @map: the map, for PTR_TO_MAP_VALUE and PTR_TO_MAP_KEY
 * @write: a store (or atomic) rather than a load
 *
 * Return: 0 or -EACCES (logged) for an access class or a map write
 * outside the set; -EFAULT for an arena pointer without an arena.
 */
int bpf_prog_attrs_check_mem(struct bpf_verifier_env *env, int insn_idx,
			     enum bpf_reg_type type, const struct bpf_map *map,
			     bool write)
{
	struct bpf_prog_attrs_info *ai = env_attrs(env);

	if (!ai)
		return 0;
	/* a kfunc's const memory argument is read, not written */
	if (write && ai->mem_arg_rdonly)
		return 0;
	switch (bpf_prog_attrs_mem_kind(type)) {
	case MEM_KIND_OWN:
		return 0;
	case MEM_KIND_MAP:
		/* a read-only map: the verifier refuses the store itself */
		if (!write || (map && (map->map_flags & BPF_F_RDONLY_PROG)))
			return 0;
		return map_write(env, insn_idx, map, "store to a value of");
	case MEM_KIND_ARENA:
		return write ? arena_write(env, insn_idx) : 0;
	case MEM_KIND_ATTACH_MAP:
		/* the map's type is checked when it is attached */
		ai->observed.unbounded |= BPF_PROG_ATTRS_OBS_ATTACH_MAPS;
		if (write)
			ai->attach_map_write = true;
		return 0;
	case MEM_KIND_CTX:
		return write ? use_access(env, insn_idx, BPF_PROG_ACCESS_WRITE_CTX) : 0;
	case MEM_KIND_PACKET:
		return write ? use_access(env, insn_idx, BPF_PROG_ACCESS_WRITE_PACKET) : 0;
	case MEM_KIND_KERNEL:
		return use_access(env, insn_idx, write ? BPF_PROG_ACCESS_WRITE_KERNEL :
						      BPF_PROG_ACCESS_READ_KERNEL);
	}
	return -EFAULT;
}

/**
 * bpf_prog_attrs_check_ksym() - the program takes a kernel symbol's address
 * @env: the verifier environment
 * @insn_idx: the ld_imm64 (BPF_PSEUDO_BTF_ID), reachable or not
 *
 * The address is kernel memory the program may then read (or only leak).
 *
 * Return: 0 or -EACCES (logged).
 */
int bpf_prog_attrs_check_ksym(struct bpf_verifier_env *env, int insn_idx)
{
	return use_access(env, insn_idx, BPF_PROG_ACCESS_READ_KERNEL);
}

/**
 * bpf_prog_attrs_check_dynptr_write() - a write through a dynptr
 * @env: the verifier environment
 * @insn_idx: the call (bpf_dynptr_write(), or a kfunc taking the dynptr)
 * @type: the dynptr's type
 *
 * An skb or xdp dynptr is the packet; other dynptrs are memory counted
 * when they were made (a local one's map value or stack, a ringbuf's
 * reservation).
 *
 * Return: 0 or -EACCES (logged).
 */
int bpf_prog_attrs_check_dynptr_write(struct bpf_verifier_env *env, int insn_idx,
				      enum bpf_dynptr_type type)
{
	switch (type) {
	case BPF_DYNPTR_TYPE_LOCAL:
	case BPF_DYNPTR_TYPE_RINGBUF:
		return 0;
	case BPF_DYNPTR_TYPE_SKB:
	case BPF_DYNPTR_TYPE_XDP:
	case BPF_DYNPTR_TYPE_INVALID:
		break;
	}
	return use_access(env, insn_idx, BPF_PROG_ACCESS_WRITE_PACKET);
}

/* kfuncs that do not change what an initialized dynptr points to */
static const char * const dynptr_readers[] = {
	"bpf_dynptr_adjust",
	"bpf_dynptr_clone",
	"bpf_dynptr_is_null",
	"bpf_dynptr_is_rdonly",
	"bpf_dynptr_size",
	"bpf_dynptr_slice",	/* a copy, or read-only packet memory */
	"bpf_dynptr_slice_rdwr",	/* stores through the slice are checked */
};

/* kfuncs returning memory that is the program's own, not the kernel's */
static const char * const own_mem_kfuncs[] = {
	"bpf_iter_bits_next",	/* the iterator, on the program's stack */
	"bpf_iter_num_next",
};

/* struct bpf_map, as a kfunc argument from an iterator's context */
BTF_ID_LIST_SINGLE(attrs_btf_ids, struct, bpf_map)

/* kfuncs that only read the map they are given */
static const char * const map_reader_kfuncs[] = {
	"bpf_map_sum_elem_count",
	"bpf_rbtree_first",
};

static bool name_in(const char *name, const char * const *names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(name, names[i]))
			return true;
	return false;
}

/* What the lists above say of a kfunc. */
#define KFUNC_DYNPTR_READER	BIT(0)
#define KFUNC_OWN_MEM		BIT(1)
#define KFUNC_MAP_READER	BIT(2)

static u32 kfunc_kinds(const char *name)
{
	return (name_in(name, dynptr_readers, ARRAY_SIZE(dynptr_readers)) ?
		KFUNC_DYNPTR_READER : 0) |
	       (name_in(name, own_mem_kfuncs, ARRAY_SIZE(own_mem_kfuncs)) ?
		KFUNC_OWN_MEM : 0) |
	       (name_in(name, map_reader_kfuncs, ARRAY_SIZE(map_reader_kfuncs)) ?
		KFUNC_MAP_READER : 0);
}

/* A kfunc let through before, by its BTF and its name there, or NULL. */
static const struct bpf_prog_attrs_kfunc_seen *
kfunc_seen(const struct bpf_prog_attrs_info *ai, const struct btf *btf, const char *name)
{
	u32 i;

	for (i = 0; i < BPF_PROG_ATTRS_KFUNC_SEEN; i++)
		if (ai->kfunc_seen[i].name == name && ai->kfunc_seen[i].btf == btf)
			return &ai->kfunc_seen[i];
	return NULL;
}

/*
 * Whether kfunc @name is of @kind (the lists go by name alone): known
 * without a string compare for the kfunc being checked, which
 * bpf_prog_attrs_check_kfunc() saw first.
 */
static bool kfunc_is(const struct bpf_prog_attrs_info *ai, const char *name, u32 kind)
{
	u32 i;

	for (i = 0; i < BPF_PROG_ATTRS_KFUNC_SEEN; i++)
		if (ai->kfunc_seen[i].name == name)
			return ai->kfunc_seen[i].kinds & kind;
	return kfunc_kinds(name) & kind;
}

/**
 * bpf_prog_attrs_check_kfunc_dynptr() - a kfunc takes an initialized dynptr
 * @env: the verifier environment
 * @insn_idx: the call
 * @name: the kfunc
 * @type: the dynptr's type
 *
 * A kfunc not known to leave the dynptr's memory alone may write it.
 *
 * Return: 0 or -EACCES (logged).
 */
int bpf_prog_attrs_check_kfunc_dynptr(struct bpf_verifier_env *env, int insn_idx,
				      const char *name, enum bpf_dynptr_type type)
{
	const struct bpf_prog_attrs_info *ai = env_attrs(env);

	if (!ai || kfunc_is(ai, name, KFUNC_DYNPTR_READER))
		return 0;
	return bpf_prog_attrs_check_dynptr_write(env, insn_idx, type);
}

/**
 * bpf_prog_attrs_check_kfunc_mem() - a kfunc returns a pointer to memory
 * @env: the verifier environment
 * @insn_idx: the call
 * @name: the kfunc
 * @rdonly: the memory is read-only to the program
 *
 * Memory a kfunc hands out (not a struct, so not checked as a BTF pointer
 * at each access) is kernel memory, read and, unless read-only, written.
 *
 * Return: 0 or -EACCES (logged).
 */
int bpf_prog_attrs_check_kfunc_mem(struct bpf_verifier_env *env, int insn_idx,
				   const char *name, bool rdonly)
{
	const struct bpf_prog_attrs_info *ai = env_attrs(env);

	if (!ai || kfunc_is(ai, name, KFUNC_OWN_MEM))
		return 0;
	return use_access(env, insn_idx, BPF_PROG_ACCESS_READ_KERNEL |
			  (rdonly ? 0 : BPF_PROG_ACCESS_WRITE_KERNEL));
}

/**
 * bpf_prog_attrs_kfunc_mem_arg() - the verifier checks a kfunc memory argument
 * @env: the verifier environment
 * @btf: the kfunc's BTF
 * @arg: the argument
 * @regno: the register that holds it
 *
 * The verifier checks a kfunc's memory argument as read and as written;
 * that check counts the access. A pointer to const is only read by the
 * kfunc (kernel code, which keeps to its prototype): its check does not
 * count as a write. Until bpf_prog_attrs_kfunc_mem_arg_done().
 */
void bpf_prog_attrs_kfunc_mem_arg(struct bpf_verifier_env *env, const struct btf *btf,
				  const struct btf_param *arg, u32 regno)
{
	struct bpf_prog_attrs_info *ai = env_attrs(env);
	const struct btf_type *t;

	if (!ai)
		return;
	ai->kfunc_mem_regs |= BIT(regno);
	ai->mem_arg_rdonly = false;
	t = btf_type_skip_modifiers(btf, arg->type, NULL);
	if (!t || !btf_type_is_ptr(t))
		return;
	/* the pointee's qualifiers, through typedefs */
	for (t = btf_type_by_id(btf, t->type); t; t = btf_type_by_id(btf, t->type)) {
		switch (btf_kind(t)) {
		case BTF_KIND_CONST:
			ai->mem_arg_rdonly = true;
			return;
		case BTF_KIND_TYPEDEF:
		case BTF_KIND_VOLATILE:
		case BTF_KIND_RESTRICT:
		case BTF_KIND_TYPE_TAG:
			continue;
		default:
			return;
		}
	}
}

/**
 * bpf_prog_attrs_kfunc_mem_arg_done() - the memory argument is checked
 * @env: the verifier environment
 */
void bpf_prog_attrs_kfunc_mem_arg_done(struct bpf_verifier_env *env)
{
	struct bpf_prog_attrs_info *ai = env_attrs(env);

	if (ai)
		ai->mem_arg_rdonly = false;
}

/**
 * bpf_prog_attrs_check_kfunc_args() - a kfunc's map and map value arguments
 * @env: the verifier environment
 * @insn_idx: the call
 * @name: the kfunc
 * @regs: the caller's registers, arguments checked
 * @nargs: the kfunc's number of arguments
 *
 * A kfunc given a map, or a pointer into a value of a map the program may
 * write (a list or rbtree root, a workqueue), counts as writing that map,
 * unless it is known only to read it. Memory arguments were counted when
 * the verifier checked them. A map the verifier knows only as a BTF
 * pointer (struct bpf_map * from an iterator) cannot be named: writing it
 * counts as writing kernel memory.
 *
 * Return: 0 or -EACCES (logged).
 */
int bpf_prog_attrs_check_kfunc_args(struct bpf_verifier_env *env, int insn_idx,
				    const char *name, const struct bpf_reg_state *regs,
				    u32 nargs)
{
	struct bpf_prog_attrs_info *ai = env_attrs(env);
	const struct bpf_reg_state *reg;
	u32 i, mem_regs;
	int err = 0;

	if (!ai)
		return 0;
	mem_regs = ai->kfunc_mem_regs;
	ai->kfunc_mem_regs = 0;
	if (kfunc_is(ai, name, KFUNC_MAP_READER))
		return 0;
	for (i = 0; !err && i < nargs && i < MAX_BPF_FUNC_REG_ARGS; i++) {
		reg = &regs[BPF_REG_1 + i];
		switch (base_type(reg->type)) {
		case CONST_PTR_TO_MAP:
			err = map_write(env, insn_idx, reg->map_ptr, "kfunc writes");
			break;
		case PTR_TO_MAP_VALUE:
			/* counted as memory; .rodata and other read-only maps */
			if ((mem_regs & BIT(BPF_REG_1 + i)) ||
			    (reg->map_ptr->map_flags & BPF_F_RDONLY_PROG))
				break;
			err = map_write(env, insn_idx, reg->map_ptr, "kfunc writes");
			break;
		case PTR_TO_BTF_ID:
			if (reg->btf_id == attrs_btf_ids[0] && btf_is_kernel(reg->btf) &&
			    !btf_is_module(reg->btf))
				err = use_access(env, insn_idx, BPF_PROG_ACCESS_WRITE_KERNEL);
			break;
		default:
			break;
		}
	}
	return err;
}

/* Has the verifier seen this kfunc (@module's, or vmlinux's) before? */
static bool kfunc_observed(const struct bpf_prog_attrs_info *ai,
			   const char *module, const char *name)
{
	u32 i;

	for (i = 0; i < ai->obs_kfunc_cnt; i++) {
		const char *o = ai->obs_kfuncs[i];

		if (module ? (!strncmp(o, module, strlen(module)) &&
			      o[strlen(module)] == ':' &&
			      !strcmp(o + strlen(module) + 1, name))
			   : !strcmp(o, name))
			return true;
	}
	return false;
}

/* Add a kfunc to the observed table, "module:name" for a module's. */
static int observe_kfunc(struct bpf_verifier_env *env, int insn_idx,
			 const char *module, const char *name)
{
	struct bpf_prog_attrs_info *ai = env_attrs(env);
	char **obs;

	if (ai->obs_kfunc_cnt >= BPF_PROG_ATTRS_KFUNC_MAX) {
		/* the observed set could no longer bound the program */
		bpf_verifier_log_write(env,
				       "insn %d: more than %u distinct kfuncs called\n",
				       insn_idx, BPF_PROG_ATTRS_KFUNC_MAX);
		return -E2BIG;
	}
	obs = krealloc_array(ai->obs_kfuncs, ai->obs_kfunc_cnt + 1, sizeof(*obs),
			     GFP_KERNEL_ACCOUNT);
	if (!obs)
		return -ENOMEM;
	ai->obs_kfuncs = obs;
	obs[ai->obs_kfunc_cnt] = module ? kasprintf(GFP_KERNEL_ACCOUNT, "%s:%s", module, name)
					: kstrdup(name, GFP_KERNEL_ACCOUNT);
	if (!obs[ai->obs_kfunc_cnt])
		return -ENOMEM;
	ai->obs_kfunc_cnt++;
	return 0;
}

/**
 * bpf_prog_attrs_check_kfunc() - a kfunc call
 * @env: the verifier environment
 * @insn_idx: the call instruction
 * @btf: the BTF the kfunc comes from (vmlinux or a module's)
 * @name: the kfunc's name
 * @reachable: false for the static pass over all instructions
 *
 * Return: 0, -ENOMEM, -E2BIG (more distinct kfuncs than a set may hold,
 * logged), or -EACCES (logged).
 */
int bpf_prog_attrs_check_kfunc(struct bpf_verifier_env *env, int insn_idx,
			       const struct btf *btf, const char *name,
			       bool reachable)
{
	struct bpf_prog_attrs_info *ai = env_attrs(env);
	struct bpf_prog_attrs_kfunc_seen *seen;
	const char *matched = NULL;
	const char *module;
	int err;

	if (!ai || kfunc_seen(ai, btf, name))
		return 0;
	module = btf_is_module(btf) ? btf_get_name(btf) : NULL;
	/* observed only once allowed (and the static pass saw every call) */
	if (kfunc_observed(ai, module, name))
		goto last;
	if (ai->declared &&
	    !bpf_prog_attrs_has_kfunc(ai->declared, module, name, &matched)) {
		bool ceiling = ai->ceiling &&
			       bpf_prog_attrs_has_kfunc(ai->ceiling, module, name, NULL);

		bpf_verifier_log_write(env,
				       "insn %d: call to kfunc %s%s%s is not in %s (kfuncs)\n",
				       insn_idx, module ?: "", module ? ":" : "", name,
				       bpf_prog_attrs_refuser(ai, ceiling));
		return -EACCES;
	}
	/* observed from the static pass too: dead code counts */
	err = observe_kfunc(env, insn_idx, module, name);
	if (err)
		return err;
	/* say which entry allowed a module's kfunc, once per kfunc */
	if (matched && module && !strchr(matched, ':'))
		bpf_verifier_log_write(env, "insn %d: kfunc %s:%s matched kfuncs entry %s\n",
				       insn_idx, module, name, matched);
last:
	/* pointers into the BTF, which outlives the verification */
	seen = &ai->kfunc_seen[ai->kfunc_seen_next++ % BPF_PROG_ATTRS_KFUNC_SEEN];
	seen->btf = btf;
	seen->name = name;
	seen->kinds = kfunc_kinds(name);
	return 0;
}
