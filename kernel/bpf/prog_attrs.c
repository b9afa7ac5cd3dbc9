// SPDX-License-Identifier: GPL-2.0-only
/*
 * BPF program attribute sets: copy in, validate, look up, compare, report.
 *
 * A set is copied from user (or kernel, for bpf_sys_bpf) memory exactly
 * once, before verification; the verifier and the LSM hook only ever see
 * the kernel copy. See Documentation/bpf/prog_attrs.rst.
 */
#include <linux/bpf.h>
#include <linux/bpf_prog_attrs.h>
#include <linux/bpf_verifier.h>
#include <linux/bsearch.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <linux/ctype.h>
#include <linux/filter.h>
#include <linux/hex.h>
#include <linux/security.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <crypto/sha2.h>

#include "disasm.h"

static const char * const map_type_names[] = {
	[BPF_MAP_TYPE_UNSPEC]			= "unspec",
	[BPF_MAP_TYPE_HASH]			= "hash",
	[BPF_MAP_TYPE_ARRAY]			= "array",
	[BPF_MAP_TYPE_PROG_ARRAY]		= "prog_array",
	[BPF_MAP_TYPE_PERF_EVENT_ARRAY]		= "perf_event_array",
	[BPF_MAP_TYPE_PERCPU_HASH]		= "percpu_hash",
	[BPF_MAP_TYPE_PERCPU_ARRAY]		= "percpu_array",
	[BPF_MAP_TYPE_STACK_TRACE]		= "stack_trace",
	[BPF_MAP_TYPE_CGROUP_ARRAY]		= "cgroup_array",
	[BPF_MAP_TYPE_LRU_HASH]			= "lru_hash",
	[BPF_MAP_TYPE_LRU_PERCPU_HASH]		= "lru_percpu_hash",
	[BPF_MAP_TYPE_LPM_TRIE]			= "lpm_trie",
	[BPF_MAP_TYPE_ARRAY_OF_MAPS]		= "array_of_maps",
	[BPF_MAP_TYPE_HASH_OF_MAPS]		= "hash_of_maps",
	[BPF_MAP_TYPE_DEVMAP]			= "devmap",
	[BPF_MAP_TYPE_SOCKMAP]			= "sockmap",
	[BPF_MAP_TYPE_CPUMAP]			= "cpumap",
	[BPF_MAP_TYPE_XSKMAP]			= "xskmap",
	[BPF_MAP_TYPE_SOCKHASH]			= "sockhash",
	[BPF_MAP_TYPE_CGROUP_STORAGE]		= "cgroup_storage",
	[BPF_MAP_TYPE_REUSEPORT_SOCKARRAY]	= "reuseport_sockarray",
	[BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE]	= "percpu_cgroup_storage",
	[BPF_MAP_TYPE_QUEUE]			= "queue",
	[BPF_MAP_TYPE_STACK]			= "stack",
	[BPF_MAP_TYPE_SK_STORAGE]		= "sk_storage",
	[BPF_MAP_TYPE_DEVMAP_HASH]		= "devmap_hash",
	[BPF_MAP_TYPE_STRUCT_OPS]		= "struct_ops",
	[BPF_MAP_TYPE_RINGBUF]			= "ringbuf",
	[BPF_MAP_TYPE_INODE_STORAGE]		= "inode_storage",
	[BPF_MAP_TYPE_TASK_STORAGE]		= "task_storage",
	[BPF_MAP_TYPE_BLOOM_FILTER]		= "bloom_filter",
	[BPF_MAP_TYPE_USER_RINGBUF]		= "user_ringbuf",
	[BPF_MAP_TYPE_CGRP_STORAGE]		= "cgrp_storage",
	[BPF_MAP_TYPE_ARENA]			= "arena",
};

/**
 * bpf_prog_attrs_map_type_name() - name of a map type, for log lines
 * @type: enum bpf_map_type value
 *
 * Return: the name ("hash", "ringbuf", ...), or "unknown".
 */
const char *bpf_prog_attrs_map_type_name(u32 type)
{
	BUILD_BUG_ON(ARRAY_SIZE(map_type_names) != __MAX_BPF_MAP_TYPE);
	if (type < ARRAY_SIZE(map_type_names) && map_type_names[type])
		return map_type_names[type];
	return "unknown";
}

/**
 * bpf_prog_attrs_validate() - check the fixed part of a user attribute set
 * @a: the set as copied from userspace
 *
 * Every bit must name something this kernel knows, limits must be within
 * the kernel's own, and kinds that are not handled must be left zero.
 *
 * Return: 0, -EINVAL for a malformed set, -E2BIG for a kfunc table beyond
 * BPF_PROG_ATTRS_KFUNC_MAX names.
 */
int bpf_prog_attrs_validate(const struct bpf_prog_attrs *a)
{
	u32 w, last = BPF_PROG_ATTRS_HELPER_WORDS - 1;
	u64 known_maps = GENMASK_ULL(__MAX_BPF_MAP_TYPE - 1, 1);

	BUILD_BUG_ON(__BPF_FUNC_MAX_ID > BPF_PROG_ATTRS_HELPER_BITS);
	BUILD_BUG_ON(__MAX_BPF_MAP_TYPE > 64);
	BUILD_BUG_ON(sizeof(struct bpf_prog_attrs) != BPF_PROG_ATTRS_SIZE_VER0);

	/* Helper 0 is BPF_FUNC_unspec; bits past the last helper are unknown. */
	if (a->helpers[0] & 1)
		return -EINVAL;
	for (w = 0; w <= last; w++) {
		u64 valid;

		if (w * 64 >= __BPF_FUNC_MAX_ID)
			valid = 0;
		else if ((w + 1) * 64 <= __BPF_FUNC_MAX_ID)
			valid = ~0ULL;
		else
			valid = GENMASK_ULL(__BPF_FUNC_MAX_ID - w * 64 - 1, 0);
		if (a->helpers[w] & ~valid)
			return -EINVAL;
	}

	if (a->handled & ~BPF_PROG_ATTRS_H_ALL)
		return -EINVAL;
	if (a->access_handled & ~BPF_PROG_ACCESS_ALL)
		return -EINVAL;
	if (a->access & ~a->access_handled)
		return -EINVAL;

	if ((a->map_types | a->map_types_write) & ~known_maps)
		return -EINVAL;
	if (!(a->handled & BPF_PROG_ATTRS_H_MAP_TYPES) && a->map_types)
		return -EINVAL;
	if (!(a->handled & BPF_PROG_ATTRS_H_MAP_WRITE) && a->map_types_write)
		return -EINVAL;
	/* A type that may be written must be one that may be referenced. */
	if ((a->handled & BPF_PROG_ATTRS_H_MAP_TYPES) &&
	    (a->map_types_write & ~a->map_types))
		return -EINVAL;

	if (a->handled & BPF_PROG_ATTRS_H_INSN_CNT) {
		if (!a->max_insn_cnt || a->max_insn_cnt > BPF_COMPLEXITY_LIMIT_INSNS)
			return -EINVAL;
	} else if (a->max_insn_cnt) {
		return -EINVAL;
	}
	if (a->handled & BPF_PROG_ATTRS_H_INSN_PROCESSED) {
		if (!a->max_insn_processed ||
		    a->max_insn_processed > BPF_COMPLEXITY_LIMIT_INSNS)
			return -EINVAL;
	} else if (a->max_insn_processed) {
		return -EINVAL;
	}

	if (a->kfunc_cnt > BPF_PROG_ATTRS_KFUNC_MAX)
		return -E2BIG;
	if (a->kfuncs_len > BPF_PROG_ATTRS_KFUNC_MAX * BPF_PROG_ATTRS_KFUNC_NAME_LEN)
		return -E2BIG;
	if (!a->kfunc_cnt != !a->kfuncs_len || !a->kfunc_cnt != !a->kfuncs)
		return -EINVAL;
	return 0;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(const char * const *)a, *(const char * const *)b);
}

static bool kfunc_name_ok(const char *s, size_t n)
{
	bool colon = false;
	size_t i;

	if (!n || n >= BPF_PROG_ATTRS_KFUNC_NAME_LEN)
		return false;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == ':') {
			/* one separator, with a module and a name around it */
			if (colon || i == 0 || i == n - 1)
				return false;
			colon = true;
		} else if (!isalnum(c) && c != '_' && c != '.') {
			return false;
		}
	}
	return true;
}

/**
 * bpf_prog_attrs_parse_kfuncs() - parse a set's kfunc name table
 * @set: the set to fill (@set->kfuncs must be NULL)
 * @strs: @cnt NUL-terminated names back to back, kernel memory
 * @len: bytes at @strs; the last one must be the last name's NUL
 * @cnt: number of names
 *
 * Names are "name" or "module:name" (identifier characters and '.'),
 * non-empty, shorter than BPF_PROG_ATTRS_KFUNC_NAME_LEN, and distinct.
 * On success @set->kfuncs is one allocation: the sorted pointer array
 * followed by a copy of the strings.
 *
 * Return: 0, -EINVAL for a malformed table, -ENOMEM.
 */
int bpf_prog_attrs_parse_kfuncs(struct bpf_prog_attrs_set *set,
				const char *strs, u32 len, u32 cnt)
{
	const char **names;
	char *copy;
	u32 i, off = 0;

	if (!cnt)
		return len ? -EINVAL : 0;
	if (cnt > BPF_PROG_ATTRS_KFUNC_MAX || !len || strs[len - 1] != '\0')
		return -EINVAL;

	names = kvmalloc(cnt * sizeof(*names) + len, GFP_KERNEL_ACCOUNT);
	if (!names)
		return -ENOMEM;
	copy = (char *)(names + cnt);
	memcpy(copy, strs, len);

	for (i = 0; i < cnt; i++) {
		size_t n;

		if (off >= len)
			goto einval;
		n = strnlen(copy + off, len - off);
		if (off + n >= len || !kfunc_name_ok(copy + off, n))
			goto einval;
		names[i] = copy + off;
		off += n + 1;
	}
	if (off != len)
		goto einval;

	sort(names, cnt, sizeof(*names), cmp_name, NULL);
	for (i = 1; i < cnt; i++)
		if (!strcmp(names[i - 1], names[i]))
			goto einval;

	set->kfuncs = names;
	set->kfunc_cnt = cnt;
	return 0;
einval:
	kvfree(names);
	return -EINVAL;
}

/* The observed table: names the kernel produced, distinct, no checks. */
static int observed_kfuncs(struct bpf_prog_attrs_set *set, char **strs, u32 cnt)
{
	const char **names;
	size_t len = 0;
	char *copy;
	u32 i;

	for (i = 0; i < cnt; i++)
		len += strlen(strs[i]) + 1;
	names = kvmalloc(cnt * sizeof(*names) + len, GFP_KERNEL_ACCOUNT);
	if (!names)
		return -ENOMEM;
	copy = (char *)(names + cnt);
	for (i = 0; i < cnt; i++) {
		size_t n = strlen(strs[i]) + 1;

		memcpy(copy, strs[i], n);
		names[i] = copy;
		copy += n;
	}
	sort(names, cnt, sizeof(*names), cmp_name, NULL);
	set->kfuncs = names;
	set->kfunc_cnt = cnt;
	return 0;
}

/**
 * bpf_prog_attrs_set_free() - free a set made by this file
 * @set: the set, or NULL
 */
void bpf_prog_attrs_set_free(struct bpf_prog_attrs_set *set)
{
	if (!set)
		return;
	kvfree(set->kfuncs);
	kfree(set);
}

/**
 * bpf_prog_attrs_from_user() - copy in and validate a declared set
 * @uattrs: pointer to a struct bpf_prog_attrs, user or kernel memory
 * @size: its size as the caller knows it
 *
 * A size below BPF_PROG_ATTRS_SIZE_VER0 is refused; a larger one is
 * accepted when the bytes this kernel does not know are all zero. The
 * user memory is read once; nothing else ever reads it again.
 *
 * Return: the new set, or ERR_PTR(-EINVAL/-E2BIG/-EFAULT/-ENOMEM).
 */
struct bpf_prog_attrs_set *bpf_prog_attrs_from_user(bpfptr_t uattrs, u32 size)
{
	struct bpf_prog_attrs_set *set;
	struct bpf_prog_attrs a;
	char *strs = NULL;
	int err;

	if (size < BPF_PROG_ATTRS_SIZE_VER0)
		return ERR_PTR(-EINVAL);
	if (size > PAGE_SIZE)
		return ERR_PTR(-E2BIG);
	err = bpf_check_uarg_tail_zero(uattrs, sizeof(a), size);
	if (err)
		return ERR_PTR(err);
	if (copy_from_bpfptr(&a, uattrs, sizeof(a)))
		return ERR_PTR(-EFAULT);
	err = bpf_prog_attrs_validate(&a);
	if (err)
		return ERR_PTR(err);

	set = kzalloc(sizeof(*set), GFP_KERNEL_ACCOUNT);
	if (!set)
		return ERR_PTR(-ENOMEM);
	memcpy(set->helpers, a.helpers, sizeof(set->helpers));
	set->map_types = a.map_types;
	set->map_types_write = a.map_types_write;
	set->handled = a.handled;
	set->access_handled = a.access_handled;
	set->access = a.access;
	set->max_insn_cnt = a.max_insn_cnt;
	set->max_insn_processed = a.max_insn_processed;

	if (a.kfunc_cnt) {
		strs = kvmemdup_bpfptr(make_bpfptr(a.kfuncs, bpfptr_is_kernel(uattrs)),
				       a.kfuncs_len);
		if (IS_ERR(strs)) {
			err = PTR_ERR(strs);
			goto err_free;
		}
		err = bpf_prog_attrs_parse_kfuncs(set, strs, a.kfuncs_len, a.kfunc_cnt);
		kvfree(strs);
		if (err)
			goto err_free;
	}
	return set;
err_free:
	bpf_prog_attrs_set_free(set);
	return ERR_PTR(err);
}

/**
 * bpf_prog_attrs_from_blob() - copy in and validate a set given as one blob
 * @blob: a struct bpf_prog_attrs with its kfunc names after it, in kernel
 *	memory (a bpffs instance's delegate_attrs, given by fsconfig())
 * @size: bytes at @blob
 *
 * In a blob, &bpf_prog_attrs.kfuncs is the offset of the kfunc names from
 * @blob, and the names end it; the struct is everything before them (all
 * of @blob when there are none). The struct and the names are then checked
 * as bpf_prog_attrs_from_user() checks them, with the same errors.
 *
 * Return: the new set, or ERR_PTR(-EINVAL/-E2BIG/-ENOMEM).
 */
struct bpf_prog_attrs_set *bpf_prog_attrs_from_blob(const void *blob, size_t size)
{
	struct bpf_prog_attrs_set *set;
	struct bpf_prog_attrs a;
	size_t fixed = size;
	void *copy;

	if (size < BPF_PROG_ATTRS_SIZE_VER0)
		return ERR_PTR(-EINVAL);
	memcpy(&a, blob, sizeof(a));
	if (a.kfuncs) {
		if (a.kfuncs < BPF_PROG_ATTRS_SIZE_VER0 || a.kfuncs > size ||
		    size - a.kfuncs != a.kfuncs_len)
			return ERR_PTR(-EINVAL);
		fixed = a.kfuncs;
	}
	if (fixed > PAGE_SIZE)
		return ERR_PTR(-E2BIG);
	copy = kmemdup(blob, fixed, GFP_KERNEL_ACCOUNT);
	if (!copy)
		return ERR_PTR(-ENOMEM);
	/* the names, as a kernel pointer bpf_prog_attrs_from_user() reads */
	if (a.kfuncs)
		((struct bpf_prog_attrs *)copy)->kfuncs = (unsigned long)blob + a.kfuncs;
	set = bpf_prog_attrs_from_user(KERNEL_BPFPTR(copy), fixed);
	kfree(copy);
	return set;
}

/**
 * bpf_prog_attrs_set_dup() - copy a set
 * @set: the set
 *
 * Return: a new set equal to @set, or ERR_PTR(-ENOMEM).
 */
struct bpf_prog_attrs_set *bpf_prog_attrs_set_dup(const struct bpf_prog_attrs_set *set)
{
	/* every field of a set is its own intersection with itself */
	return bpf_prog_attrs_combine(set, set, true);
}

static int cmp_key(const void *key, const void *elem)
{
	return strcmp(key, *(const char * const *)elem);
}

/**
 * bpf_prog_attrs_has_kfunc() - look a kfunc up in a set, O(log n)
 * @set: the set
 * @module: the kfunc's module name, or NULL for vmlinux
 * @name: the kfunc's name
 * @matched: if not NULL, set to the entry that matched
 *
 * "module:name" matches the kfunc of that module only ("vmlinux:name" the
 * kernel's own); a bare "name" matches it wherever it comes from.
 *
 * Return: true when the set lists the kfunc.
 */
bool bpf_prog_attrs_has_kfunc(const struct bpf_prog_attrs_set *set,
			      const char *module, const char *name,
			      const char **matched)
{
	char qual[BPF_PROG_ATTRS_KFUNC_NAME_LEN];
	const char **hit = NULL;

	if (!set->kfunc_cnt)
		return false;
	if (snprintf(qual, sizeof(qual), "%s:%s", module ?: "vmlinux", name) < sizeof(qual))
		hit = bsearch(qual, set->kfuncs, set->kfunc_cnt,
			      sizeof(*set->kfuncs), cmp_key);
	if (!hit)
		hit = bsearch(name, set->kfuncs, set->kfunc_cnt,
			      sizeof(*set->kfuncs), cmp_key);
	if (hit && matched)
		*matched = *hit;
	return hit;
}

/**
 * bpf_prog_attrs_subset() - is @inner contained in @outer?
 * @inner: a declared set, or NULL for an undeclared (unrestricted) program
 * @outer: a declared set, or NULL (unrestricted)
 *
 * Everything @inner allows, @outer allows too: helpers and kfuncs, every
 * kind and access class @outer handles (which @inner must handle as well,
 * with a set and limits no wider). A bare kfunc name in @inner is only
 * covered by the same bare name in @outer.
 *
 * Return: true when @inner is within @outer.
 */
bool bpf_prog_attrs_subset(const struct bpf_prog_attrs_set *inner,
			   const struct bpf_prog_attrs_set *outer)
{
	u32 i, j;

	if (!outer)
		return true;
	if (!inner)
		return false;
	for (i = 0; i < BPF_PROG_ATTRS_HELPER_WORDS; i++)
		if (inner->helpers[i] & ~outer->helpers[i])
			return false;
	if ((outer->handled & ~inner->handled) ||
	    (outer->access_handled & ~inner->access_handled))
		return false;
	if ((outer->handled & BPF_PROG_ATTRS_H_MAP_TYPES) &&
	    (inner->map_types & ~outer->map_types))
		return false;
	if ((outer->handled & BPF_PROG_ATTRS_H_MAP_WRITE) &&
	    (inner->map_types_write & ~outer->map_types_write))
		return false;
	if ((inner->access & outer->access_handled) & ~outer->access)
		return false;
	if ((outer->handled & BPF_PROG_ATTRS_H_INSN_CNT) &&
	    inner->max_insn_cnt > outer->max_insn_cnt)
		return false;
	if ((outer->handled & BPF_PROG_ATTRS_H_INSN_PROCESSED) &&
	    inner->max_insn_processed > outer->max_insn_processed)
		return false;
	/* Both kfunc tables are sorted: one merge pass. */
	for (i = 0, j = 0; i < inner->kfunc_cnt; i++) {
		int c = 1;

		while (j < outer->kfunc_cnt &&
		       (c = strcmp(outer->kfuncs[j], inner->kfuncs[i])) < 0)
			j++;
		if (j == outer->kfunc_cnt || c)
			return false;
	}
	return true;
}

static bool kfunc_listed(const struct bpf_prog_attrs_set *set, const char *name)
{
	return set->kfunc_cnt &&
	       bsearch(name, set->kfuncs, set->kfunc_cnt, sizeof(*set->kfuncs), cmp_key);
}

/* Does @set allow every kfunc the entry @name allows? */
static bool kfunc_covered(const struct bpf_prog_attrs_set *set, const char *name)
{
	const char *colon = strchr(name, ':');

	return kfunc_listed(set, name) || (colon && kfunc_listed(set, colon + 1));
}

/*
 * The intersection of two kfunc tables: an entry of either that the other
 * covers ("mod:name" is covered by "mod:name" and by a bare "name").
 */
static int intersect_kfuncs(struct bpf_prog_attrs_set *dst,
			    const struct bpf_prog_attrs_set *a,
			    const struct bpf_prog_attrs_set *b, char **names)
{
	u32 i, n = 0;

	for (i = 0; i < a->kfunc_cnt; i++)
		if (kfunc_covered(b, a->kfuncs[i]))
			names[n++] = (char *)a->kfuncs[i];
	for (i = 0; i < b->kfunc_cnt; i++)
		if (!kfunc_listed(a, b->kfuncs[i]) && kfunc_covered(a, b->kfuncs[i]))
			names[n++] = (char *)b->kfuncs[i];
	return n ? observed_kfuncs(dst, names, n) : 0;
}

/* Merge two sorted kfunc tables: their union, or their intersection. */
static int merge_kfuncs(struct bpf_prog_attrs_set *dst,
			const struct bpf_prog_attrs_set *a,
			const struct bpf_prog_attrs_set *b, bool intersect)
{
	u32 i = 0, j = 0, n = 0;
	char **names;
	int err;

	names = kvmalloc_array(a->kfunc_cnt + b->kfunc_cnt + 1, sizeof(*names),
			       GFP_KERNEL_ACCOUNT);
	if (!names)
		return -ENOMEM;
	if (intersect) {
		err = intersect_kfuncs(dst, a, b, names);
		kvfree(names);
		return err;
	}
	while (i < a->kfunc_cnt || j < b->kfunc_cnt) {
		int c;

		if (i == a->kfunc_cnt)
			c = 1;
		else if (j == b->kfunc_cnt)
			c = -1;
		else
			c = strcmp(a->kfuncs[i], b->kfuncs[j]);
		if (c <= 0) {
			names[n++] = (char *)a->kfuncs[i++];
			if (!c)
				j++;
		} else {
			names[n++] = (char *)b->kfuncs[j++];
		}
	}
	err = n ? observed_kfuncs(dst, names, n) : 0;
	kvfree(names);
	return err;
}

/**
 * bpf_prog_attrs_combine() - the union or the intersection of two sets
 * @a: a set
 * @b: another set
 * @intersect: false: the smallest set that contains both; true: the
 *	largest set within both (every set within it is within @a and @b)
 *
 * Return: a new set (free it with bpf_prog_attrs_set_free()), or
 * ERR_PTR(-ENOMEM).
 */
struct bpf_prog_attrs_set *bpf_prog_attrs_combine(const struct bpf_prog_attrs_set *a,
						  const struct bpf_prog_attrs_set *b,
						  bool intersect)
{
	struct bpf_prog_attrs_set *r;
	u64 both;
	u32 i;
	int err;

	r = kzalloc(sizeof(*r), GFP_KERNEL_ACCOUNT);
	if (!r)
		return ERR_PTR(-ENOMEM);
	for (i = 0; i < BPF_PROG_ATTRS_HELPER_WORDS; i++)
		r->helpers[i] = intersect ? a->helpers[i] & b->helpers[i] :
					    a->helpers[i] | b->helpers[i];
	both = a->handled & b->handled;
	if (intersect) {
		/* A kind either side restricts stays restricted. */
		r->handled = a->handled | b->handled;
		r->map_types = (a->handled & BPF_PROG_ATTRS_H_MAP_TYPES ? a->map_types : ~0ULL) &
			       (b->handled & BPF_PROG_ATTRS_H_MAP_TYPES ? b->map_types : ~0ULL);
		r->map_types_write =
			(a->handled & BPF_PROG_ATTRS_H_MAP_WRITE ? a->map_types_write : ~0ULL) &
			(b->handled & BPF_PROG_ATTRS_H_MAP_WRITE ? b->map_types_write : ~0ULL);
		r->access_handled = a->access_handled | b->access_handled;
		r->access = (a->access | ~a->access_handled) &
			    (b->access | ~b->access_handled) & r->access_handled;
		r->max_insn_cnt = min(a->handled & BPF_PROG_ATTRS_H_INSN_CNT ?
				      a->max_insn_cnt : U32_MAX,
				      b->handled & BPF_PROG_ATTRS_H_INSN_CNT ?
				      b->max_insn_cnt : U32_MAX);
		r->max_insn_processed = min(a->handled & BPF_PROG_ATTRS_H_INSN_PROCESSED ?
					    a->max_insn_processed : U32_MAX,
					    b->handled & BPF_PROG_ATTRS_H_INSN_PROCESSED ?
					    b->max_insn_processed : U32_MAX);
	} else {
		/* Restricted only where both sides restrict. */
		r->handled = both;
		r->map_types = a->map_types | b->map_types;
		r->map_types_write = a->map_types_write | b->map_types_write;
		r->access_handled = a->access_handled & b->access_handled;
		r->access = (a->access | b->access) & r->access_handled;
		r->max_insn_cnt = max(a->max_insn_cnt, b->max_insn_cnt);
		r->max_insn_processed = max(a->max_insn_processed, b->max_insn_processed);
	}
	/* Keep the unused fields zero, as a validated set has them. */
	if (!(r->handled & BPF_PROG_ATTRS_H_MAP_TYPES))
		r->map_types = 0;
	else
		r->map_types_write &= r->map_types;	/* unreachable otherwise */
	if (!(r->handled & BPF_PROG_ATTRS_H_MAP_WRITE))
		r->map_types_write = 0;
	if (!(r->handled & BPF_PROG_ATTRS_H_INSN_CNT))
		r->max_insn_cnt = 0;
	if (!(r->handled & BPF_PROG_ATTRS_H_INSN_PROCESSED))
		r->max_insn_processed = 0;
	err = merge_kfuncs(r, a, b, intersect);
	if (err) {
		kfree(r);
		return ERR_PTR(err);
	}
	return r;
}

/**
 * bpf_prog_attrs_report_size() - bytes bpf_prog_attrs_report() writes
 * @set: the set
 *
 * Return: sizeof(struct bpf_prog_attrs) plus the kfunc names.
 */
size_t bpf_prog_attrs_report_size(const struct bpf_prog_attrs_set *set)
{
	size_t n = sizeof(struct bpf_prog_attrs);
	u32 i;

	for (i = 0; i < set->kfunc_cnt; i++)
		n += strlen(set->kfuncs[i]) + 1;
	return n;
}

/* The struct part of a set's UAPI form; its names are at @kfuncs. */
static void report_fixed(const struct bpf_prog_attrs_set *set,
			 struct bpf_prog_attrs *a, u64 kfuncs)
{
	u32 i, len = 0;

	memset(a, 0, sizeof(*a));
	memcpy(a->helpers, set->helpers, sizeof(a->helpers));
	a->map_types = set->map_types;
	a->map_types_write = set->map_types_write;
	a->handled = set->handled;
	a->access_handled = set->access_handled;
	a->access = set->access;
	a->max_insn_cnt = set->max_insn_cnt;
	a->max_insn_processed = set->max_insn_processed;
	a->kfunc_cnt = set->kfunc_cnt;
	for (i = 0; i < set->kfunc_cnt; i++)
		len += strlen(set->kfuncs[i]) + 1;
	a->kfuncs_len = len;
	a->kfuncs = set->kfunc_cnt ? kfuncs : 0;
}

/**
 * bpf_prog_attrs_report() - a set in its UAPI form, for bpf_prog_info
 * @set: the set
 * @buf: bpf_prog_attrs_report_size(@set) bytes of kernel memory
 * @ubuf: the user address @buf will be copied to
 *
 * Writes a struct bpf_prog_attrs followed by the kfunc names; its
 * ->kfuncs points at the names within the user's copy, so the result can
 * be passed to BPF_PROG_LOAD as it is.
 */
void bpf_prog_attrs_report(const struct bpf_prog_attrs_set *set, void *buf,
			   u64 ubuf)
{
	struct bpf_prog_attrs *a = buf;
	char *p = buf + sizeof(*a);
	u32 i;

	report_fixed(set, a, ubuf + sizeof(*a));
	for (i = 0; i < set->kfunc_cnt; i++) {
		size_t n = strlen(set->kfuncs[i]) + 1;

		memcpy(p, set->kfuncs[i], n);
		p += n;
	}
}

/**
 * bpf_prog_attrs_tag() - a short name of a set, stable across kernels
 * @set: the set
 * @tag: BPF_TAG_SIZE bytes, set to the first bytes of the SHA-256 of the
 *	set's canonical blob: the bpf_prog_attrs_from_blob() form with the
 *	names sorted, right after the struct
 *
 * Shown for a bpffs instance's delegate_attrs and its tokens, where the
 * set itself would be too long; userspace computes the same tag from the
 * blob it passes.
 */
void bpf_prog_attrs_tag(const struct bpf_prog_attrs_set *set, u8 *tag)
{
	u8 digest[SHA256_DIGEST_SIZE];
	struct sha256_state sctx;
	struct bpf_prog_attrs a;
	u32 i;

	report_fixed(set, &a, sizeof(a));
	sha256_init(&sctx);
	sha256_update(&sctx, (const u8 *)&a, sizeof(a));
	for (i = 0; i < set->kfunc_cnt; i++)
		sha256_update(&sctx, set->kfuncs[i], strlen(set->kfuncs[i]) + 1);
	sha256_final(&sctx, digest);
	memcpy(tag, digest, BPF_TAG_SIZE);
	memzero_explicit(&sctx, sizeof(sctx));
}

/* ---- verifier: enforce the declared set, record the observed one -------- */

static struct bpf_prog_attrs_info *env_attrs(struct bpf_verifier_env *env)
{
	return env->prog->aux->attrs;
}

static int use_access(struct bpf_verifier_env *env, int insn_idx, u64 access);

/*
 * Who refused, for the log line: the token's ceiling when it does not
 * allow what was refused, else the program's own set.
 */
static const char *refuser(const struct bpf_prog_attrs_info *ai, bool ceiling_allows)
{
	return ai->ceiling && !ceiling_allows ? "the token's attribute ceiling" :
						"the program's attribute set";
}

static int deny_helper(struct bpf_verifier_env *env, int insn_idx, int func_id)
{
	const struct bpf_prog_attrs_info *ai = env_attrs(env);
	bool ceiling = ai->ceiling && bpf_prog_attrs_helper_allowed(ai->ceiling, func_id);

	bpf_verifier_log_write(env,
			       "insn %d: call to helper %s#%d is not in %s (helpers)\n",
			       insn_idx, func_id_name(func_id), func_id, refuser(ai, ceiling));
	return -EACCES;
}

/**
 * bpf_prog_attrs_check_prog() - static pass over the whole program
 * @env: the verifier environment, before any other pass
 *
 * Refuses a program larger than its set's size limit, and every helper
 * call outside the set anywhere in the program text, dead code included.
 *
 * Return: 0, -E2BIG (size limit) or -EACCES, with one log line.
 */
int bpf_prog_attrs_check_prog(struct bpf_verifier_env *env)
{
	struct bpf_prog_attrs_info *ai = env_attrs(env);
	const struct bpf_prog_attrs_set *d = ai ? ai->declared : NULL;
	struct bpf_insn *insn = env->prog->insnsi;
	u32 i;

	if (!ai)
		return 0;
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
		env->attrs_max_processed = d->max_insn_processed;

	for (i = 0; i < env->prog->len; i++, insn++) {
		/* helper calls only: kfuncs and subprogram calls have src_reg set */
		if (insn->code != (BPF_JMP | BPF_CALL) || insn->src_reg)
			continue;
		/* an invalid id is the verifier's own error, where reachable */
		if (insn->imm <= 0 || insn->imm >= __BPF_FUNC_MAX_ID)
			continue;
		if (d && !bpf_prog_attrs_helper_allowed(d, insn->imm))
			return deny_helper(env, i, insn->imm);
		/* observed too, dead code included, as a declared set needs it */
		ai->observed.helpers[insn->imm / 64] |= 1ULL << (insn->imm % 64);
	}
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
		       c->max_insn_processed == env->attrs_max_processed;

	bpf_verifier_log_write(env,
			       "insn %d: verifier work above the %s limit of %u insns (max_insn_processed)\n",
			       env->insn_idx,
			       ceiling ? "token's attribute ceiling's" : "attribute set's",
			       env->attrs_max_processed);
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
		return use_access(env, insn_idx, BPF_PROG_ACCESS_WRITE_PACKET);
	/*
	 * bpf_sys_bpf() takes the pointers in the attr it is given as kernel
	 * pointers: a map command copies from and to any kernel address.
	 * bpf_kallsyms_lookup_name() returns one, as a __ksym's ld_imm64 does.
	 */
	if (func_id == BPF_FUNC_sys_bpf)
		return use_access(env, insn_idx, BPF_PROG_ACCESS_READ_KERNEL |
						 BPF_PROG_ACCESS_WRITE_KERNEL);
	if (func_id == BPF_FUNC_kallsyms_lookup_name)
		return use_access(env, insn_idx, BPF_PROG_ACCESS_READ_KERNEL);
	return 0;
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

static int map_write(struct bpf_verifier_env *env, int insn_idx,
		     const struct bpf_map *map, const char *how)
{
	struct bpf_prog_attrs_info *ai = env_attrs(env);

	if (!ai || !map)
		return 0;
	if (ai->declared && !bpf_prog_attrs_map_allowed(ai->declared, map->map_type, true)) {
		bool ceiling = ai->ceiling &&
			       bpf_prog_attrs_map_allowed(ai->ceiling, map->map_type, true);

		bpf_verifier_log_write(env,
				       "insn %d: %s map '%s' of type %s is not in %s (map_types_write)\n",
				       insn_idx, how, map->name[0] ? map->name : "(inner map)",
				       bpf_prog_attrs_map_type_name(map->map_type),
				       refuser(ai, ceiling));
		return -EACCES;
	}
	if (map->map_type < 64)
		ai->observed.map_types_write |= 1ULL << map->map_type;
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
	if (ai->declared && !bpf_prog_attrs_map_allowed(ai->declared, map->map_type, false)) {
		bool ceiling = ai->ceiling &&
			       bpf_prog_attrs_map_allowed(ai->ceiling, map->map_type, false);

		bpf_verifier_log_write(env,
				       "insn %d: map '%s' of type %s is not in %s (map_types)\n",
				       insn_idx, map->name[0] ? map->name : "(inner map)",
				       bpf_prog_attrs_map_type_name(map->map_type),
				       refuser(ai, ceiling));
		return -EACCES;
	}
	if (map->map_type < 64)
		ai->observed.map_types |= 1ULL << map->map_type;
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
	if (!ai || !access)
		return 0;
	for (i = 0; ai->declared && i < ARRAY_SIZE(access_names); i++) {
		u64 one = access_names[i].access;

		if (!(access & one) || bpf_prog_attrs_access_allowed(ai->declared, one))
			continue;
		bpf_verifier_log_write(env,
				       "insn %d: %s is not in %s (access %s)\n",
				       insn_idx, access_names[i].what,
				       refuser(ai, ai->ceiling &&
					       bpf_prog_attrs_access_allowed(ai->ceiling, one)),
				       access_names[i].attr);
		return -EACCES;
	}
	ai->observed.access |= access;
	return 0;
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
 * Every base register type is placed here: the switch has no default, so
 * a register type added to enum bpf_reg_type without a place breaks the
 * build (-Wswitch and the BUILD_BUG_ON below). Pointers no access is
 * allowed through count as kernel memory, the broadest kind.
 */
static enum mem_kind mem_kind(enum bpf_reg_type type)
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
	switch (mem_kind(type)) {
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
	if (name_in(name, dynptr_readers, ARRAY_SIZE(dynptr_readers)))
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
	if (name_in(name, own_mem_kfuncs, ARRAY_SIZE(own_mem_kfuncs)))
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
	if (name_in(name, map_reader_kfuncs, ARRAY_SIZE(map_reader_kfuncs)))
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

/**
 * bpf_prog_attrs_check_kfunc() - a kfunc call
 * @env: the verifier environment
 * @insn_idx: the call instruction
 * @btf: the BTF the kfunc comes from (vmlinux or a module's)
 * @name: the kfunc's name
 * @reachable: false for the static pass over all instructions
 *
 * Return: 0, -ENOMEM, or -EACCES (logged).
 */
int bpf_prog_attrs_check_kfunc(struct bpf_verifier_env *env, int insn_idx,
			       const struct btf *btf, const char *name,
			       bool reachable)
{
	struct bpf_prog_attrs_info *ai = env_attrs(env);
	const char *module = btf_is_module(btf) ? btf_get_name(btf) : NULL;
	const char *matched = NULL;
	char **obs;
	u32 i;

	if (!ai)
		return 0;
	if (ai->declared &&
	    !bpf_prog_attrs_has_kfunc(ai->declared, module, name, &matched)) {
		bool ceiling = ai->ceiling &&
			       bpf_prog_attrs_has_kfunc(ai->ceiling, module, name, NULL);

		bpf_verifier_log_write(env,
				       "insn %d: call to kfunc %s%s%s is not in %s (kfuncs)\n",
				       insn_idx, module ?: "", module ? ":" : "", name,
				       refuser(ai, ceiling));
		return -EACCES;
	}
	/* observed from the static pass too: dead code counts */
	for (i = 0; i < ai->obs_kfunc_cnt; i++) {
		const char *o = ai->obs_kfuncs[i];

		if (module ? (!strncmp(o, module, strlen(module)) &&
			      o[strlen(module)] == ':' &&
			      !strcmp(o + strlen(module) + 1, name))
			   : !strcmp(o, name))
			return 0;
	}
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
	/* say which entry allowed a module's kfunc, once per kfunc */
	if (matched && module && !strchr(matched, ':'))
		bpf_verifier_log_write(env, "insn %d: kfunc %s:%s matched attribute %s\n",
				       insn_idx, module, name, matched);
	return 0;
}

static void free_obs_kfuncs(struct bpf_prog_attrs_info *ai)
{
	u32 i;

	for (i = 0; i < ai->obs_kfunc_cnt; i++)
		kfree(ai->obs_kfuncs[i]);
	kfree(ai->obs_kfuncs);
	ai->obs_kfuncs = NULL;
	ai->obs_kfunc_cnt = 0;
}

/**
 * bpf_prog_attrs_verified() - verification succeeded: settle the sets
 * @prog: the program, verified, not yet visible
 * @insn_processed: the verifier's work on it
 *
 * Completes the observed set (verifier work, kfunc table) and hands both sets to
 * the LSM hook, which may still refuse the program.
 *
 * Return: 0, -ENOMEM, or the LSM's error.
 */
int bpf_prog_attrs_verified(struct bpf_prog *prog, u32 insn_processed)
{
	struct bpf_prog_attrs_info *ai = prog->aux->attrs;
	struct bpf_prog_attrs_set *o;
	int err;

	if (!ai)
		return 0;
	o = &ai->observed;
	o->max_insn_processed = insn_processed;
	/* As a declared set, the observed one admits just this program. */
	o->handled = BPF_PROG_ATTRS_H_ALL;
	o->access_handled = BPF_PROG_ACCESS_ALL;
	o->map_types |= o->map_types_write;
	if (bpf_prog_attrs_helper_allowed(o, BPF_FUNC_tail_call))
		o->unbounded |= BPF_PROG_ATTRS_OBS_TAIL_CALLS;
	if (bpf_prog_attrs_helper_allowed(o, BPF_FUNC_sys_bpf))
		o->unbounded |= BPF_PROG_ATTRS_OBS_SYS_BPF;
	if (prog->aux->func_info)
		o->unbounded |= BPF_PROG_ATTRS_OBS_EXTENSIBLE;
	if (ai->obs_kfunc_cnt) {
		err = observed_kfuncs(o, ai->obs_kfuncs, ai->obs_kfunc_cnt);
		free_obs_kfuncs(ai);
		if (err)
			return err;
	}
	return security_bpf_prog_attrs(prog, ai->declared, o);
}

/* ---- kept with the program: load, free, bpf_prog_info ------------------ */

/**
 * bpf_prog_attrs_load() - set up a program's attribute sets at BPF_PROG_LOAD
 * @prog: the program being loaded
 * @attr: the BPF_PROG_LOAD attributes (already copied in)
 * @uattr: where @attr came from, user or kernel (bpf_sys_bpf) memory
 *
 * Always allocates the observed set; copies in the declared set when the
 * caller gave one. A program loaded with a BPF token that carries an
 * attribute ceiling is verified under its declared set intersected with
 * the ceiling, or under the ceiling when it declares none. Whatever was
 * allocated hangs off @prog->aux and is freed with the program on every
 * path (bpf_prog_attrs_free()).
 *
 * Return: 0, or -EINVAL/-E2BIG/-EFAULT/-ENOMEM (see bpf_prog_attrs_from_user()).
 */
int bpf_prog_attrs_load(struct bpf_prog *prog, const union bpf_attr *attr,
			bpfptr_t uattr)
{
	const struct bpf_prog_attrs_set *ceiling;
	struct bpf_prog_attrs_info *info;
	struct bpf_prog_attrs_set *set = NULL, *eff;

	info = kzalloc(sizeof(*info), GFP_KERNEL_ACCOUNT);
	if (!info)
		return -ENOMEM;
	prog->aux->attrs = info;

	if (attr->prog_attrs || attr->prog_attrs_size) {
		if (!attr->prog_attrs || !attr->prog_attrs_size)
			return -EINVAL;
		set = bpf_prog_attrs_from_user(make_bpfptr(attr->prog_attrs, uattr.is_kernel),
					       attr->prog_attrs_size);
		if (IS_ERR(set))
			return PTR_ERR(set);
	}
	ceiling = prog->aux->token ? prog->aux->token->attrs_ceiling : NULL;
	if (!ceiling) {
		info->declared = set;
		return 0;
	}
	/* Under a token's ceiling: the declared set within it, or the ceiling. */
	eff = set ? bpf_prog_attrs_combine(set, ceiling, true) :
		    bpf_prog_attrs_set_dup(ceiling);
	bpf_prog_attrs_set_free(set);
	if (IS_ERR(eff))
		return PTR_ERR(eff);
	info->declared = eff;
	/* a set of more kfunc names than a set may hold could not be reported back */
	if (eff->kfunc_cnt > BPF_PROG_ATTRS_KFUNC_MAX)
		return -E2BIG;
	info->ceiling = bpf_prog_attrs_set_dup(ceiling);
	if (IS_ERR(info->ceiling)) {
		int err = PTR_ERR(info->ceiling);

		info->ceiling = NULL;
		return err;
	}
	return 0;
}

/**
 * bpf_prog_attrs_free() - free a program's attribute sets
 * @aux: the program's aux, from bpf_prog_free_deferred()
 */
void bpf_prog_attrs_free(struct bpf_prog_aux *aux)
{
	struct bpf_prog_attrs_info *info = aux->attrs;

	if (!info)
		return;
	bpf_prog_attrs_set_free(info->declared);
	bpf_prog_attrs_set_free(info->ceiling);
	kvfree(info->observed.kfuncs);
	free_obs_kfuncs(info);
	kfree(info);
	aux->attrs = NULL;
}

static int fill_one(const struct bpf_prog_attrs_set *set, u64 ubuf, u32 *ulen)
{
	size_t need = set ? bpf_prog_attrs_report_size(set) : 0;
	u32 len = *ulen;
	void *buf;
	int err = 0;

	*ulen = need;
	if (!len || !need)
		return 0;
	buf = kvzalloc(need, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	bpf_prog_attrs_report(set, buf, ubuf);
	if (copy_to_user(u64_to_user_ptr(ubuf), buf, min_t(size_t, len, need)))
		err = -EFAULT;
	kvfree(buf);
	return err;
}

/**
 * bpf_prog_attrs_fill_info() - report a program's sets in bpf_prog_info
 * @prog: the program
 * @info: the info being filled; attrs_*_len hold the user's buffer sizes
 *
 * Like map_ids: writes at most the given number of bytes to each buffer
 * and sets each length to the full size (0: no such set). Also sets
 * attrs_observed_flags, the ways the observed set is not an upper bound.
 *
 * Return: 0, -EFAULT or -ENOMEM.
 */
int bpf_prog_attrs_fill_info(const struct bpf_prog *prog,
			     struct bpf_prog_info *info)
{
	struct bpf_prog_attrs_info *ai = prog->aux->attrs;
	int err;

	/* Like the instructions, hidden from callers without CAP_BPF. */
	if (!bpf_capable()) {
		info->attrs_declared_len = 0;
		info->attrs_observed_len = 0;
		info->attrs_observed_flags = 0;
		info->attrs_ceiling_len = 0;
		return 0;
	}
	info->attrs_observed_flags = ai ? ai->observed.unbounded : 0;
	err = fill_one(ai ? ai->declared : NULL, info->attrs_declared,
		       &info->attrs_declared_len);
	if (err)
		return err;
	err = fill_one(ai ? ai->ceiling : NULL, info->attrs_ceiling,
		       &info->attrs_ceiling_len);
	if (err)
		return err;
	return fill_one(ai ? &ai->observed : NULL, info->attrs_observed,
			&info->attrs_observed_len);
}

/* ---- delegation: a bpffs instance's ceiling, carried by its tokens ----- */

/**
 * bpf_prog_attrs_delegate() - set a bpffs instance's delegate_attrs
 * @opts: the instance's options, being set up (fsconfig())
 * @blob: the ceiling, in bpf_prog_attrs_from_blob() form
 * @size: bytes at @blob
 *
 * A ceiling given again narrows the one given before: the instance's
 * ceiling is the intersection of all of them, so it is never widened.
 *
 * Return: 0, or an error of bpf_prog_attrs_from_blob().
 */
int bpf_prog_attrs_delegate(struct bpf_mount_opts *opts, const void *blob,
			    size_t size)
{
	struct bpf_prog_attrs_set *set, *both;

	set = bpf_prog_attrs_from_blob(blob, size);
	if (IS_ERR(set))
		return PTR_ERR(set);
	if (opts->delegate_attrs) {
		both = bpf_prog_attrs_combine(opts->delegate_attrs, set, true);
		bpf_prog_attrs_set_free(set);
		if (IS_ERR(both))
			return PTR_ERR(both);
		bpf_prog_attrs_set_free(opts->delegate_attrs);
		set = both;
	}
	opts->delegate_attrs = set;
	return 0;
}

/**
 * bpf_prog_attrs_show_delegate() - print a ceiling's tag
 * @m: the seq_file (mount options, a token's fdinfo)
 * @set: the ceiling, or NULL (nothing is printed)
 * @fmt: a format with one "%s", for the tag in hex
 */
void bpf_prog_attrs_show_delegate(struct seq_file *m,
				  const struct bpf_prog_attrs_set *set,
				  const char *fmt)
{
	char hex[BPF_TAG_SIZE * 2 + 1];
	u8 tag[BPF_TAG_SIZE];

	if (!set)
		return;
	bpf_prog_attrs_tag(set, tag);
	bin2hex(hex, tag, sizeof(tag));
	hex[sizeof(hex) - 1] = '\0';
	seq_printf(m, fmt, hex);
}

/**
 * bpf_prog_attrs_token_init() - a new token takes its instance's ceiling
 * @token: the token, being created
 * @opts: the options of the bpffs instance it is created from
 *
 * The token keeps its own copy, freed with it; programs loaded with the
 * token hold the token, so its ceiling outlives them.
 *
 * Return: 0 or -ENOMEM.
 */
int bpf_prog_attrs_token_init(struct bpf_token *token,
			      const struct bpf_mount_opts *opts)
{
	struct bpf_prog_attrs_set *set;

	if (!opts->delegate_attrs)
		return 0;
	set = bpf_prog_attrs_set_dup(opts->delegate_attrs);
	if (IS_ERR(set))
		return PTR_ERR(set);
	token->attrs_ceiling = set;
	return 0;
}

static const struct bpf_prog_attrs_set *prog_declared(const struct bpf_prog *prog)
{
	return prog->aux->attrs ? prog->aux->attrs->declared : NULL;
}

/*
 * Tail calls. A prog array keeps, under its own mutex, the largest set
 * every restricted caller allows (the intersection of their sets) and
 * the smallest set that holds every program ever inserted (the union of
 * theirs; an undeclared member makes it unrestricted). A restricted
 * caller must contain the members' union and narrows the ceiling; a new
 * member must be within the ceiling and widens the union. Check and
 * record are one step under the mutex, so a caller and an insertion
 * racing each other cannot both pass. Both records only ever grow more
 * conservative: a member removed from the array still counts.
 */
struct bpf_prog_attrs_tail {
	struct mutex lock;			/* guards the three fields below */
	struct bpf_prog_attrs_set *ceiling;	/* NULL: no restricted caller */
	struct bpf_prog_attrs_set *members;	/* NULL: no declared member */
	bool open_member;			/* an undeclared program was inserted */
};

static struct bpf_prog_attrs_tail *tail_state(const struct bpf_map *map)
{
	struct bpf_array_aux *aux = container_of(map, struct bpf_array, map)->aux;
	struct bpf_prog_attrs_tail *t, *old;

	t = READ_ONCE(aux->attrs_tail);
	if (t)
		return t;
	t = kzalloc(sizeof(*t), GFP_KERNEL_ACCOUNT);
	if (!t)
		return NULL;
	mutex_init(&t->lock);
	old = cmpxchg(&aux->attrs_tail, NULL, t);
	if (old) {
		kfree(t);
		return old;
	}
	return t;
}

/**
 * bpf_prog_attrs_tail_free() - free a prog array's tail call record
 * @t: the record, or NULL
 */
void bpf_prog_attrs_tail_free(struct bpf_prog_attrs_tail *t)
{
	if (!t)
		return;
	bpf_prog_attrs_set_free(t->ceiling);
	bpf_prog_attrs_set_free(t->members);
	mutex_destroy(&t->lock);
	kfree(t);
}

/* Replace *@rec by its combination with @set; nothing changes on error. */
static int tail_record(struct bpf_prog_attrs_set **rec,
		       const struct bpf_prog_attrs_set *set, bool intersect)
{
	struct bpf_prog_attrs_set *n;

	n = *rec ? bpf_prog_attrs_combine(*rec, set, intersect) :
		   bpf_prog_attrs_combine(set, set, intersect);
	if (IS_ERR(n))
		return PTR_ERR(n);
	bpf_prog_attrs_set_free(*rec);
	*rec = n;
	return 0;
}

/* An undeclared member: the array's members are unrestricted for good. */
static void tail_open(struct bpf_prog_attrs_tail *t)
{
	lockdep_assert_held(&t->lock);
	t->open_member = true;
	bpf_prog_attrs_set_free(t->members);
	t->members = NULL;
}

/*
 * Widen the members' record by @d. The record is bounded like any set:
 * a union with more kfunc names than a set may hold is recorded as an
 * undeclared member would be, which only ever refuses more callers.
 */
static int tail_widen(struct bpf_prog_attrs_tail *t, const struct bpf_prog_attrs_set *d)
{
	int err;

	lockdep_assert_held(&t->lock);
	err = tail_record(&t->members, d, false);
	if (!err && t->members->kfunc_cnt > BPF_PROG_ATTRS_KFUNC_MAX)
		tail_open(t);
	return err;
}

/**
 * bpf_prog_attrs_tail_member() - may @prog enter the prog array @map?
 * @map: a BPF_MAP_TYPE_PROG_ARRAY
 * @prog: the program being inserted
 *
 * Return: 0, and @prog counts as a member from now on; -EACCES when its
 * set is not within the set of every restricted program that can tail
 * call through @map (an undeclared program is unrestricted); -ENOMEM.
 */
int bpf_prog_attrs_tail_member(const struct bpf_map *map,
			       const struct bpf_prog *prog)
{
	const struct bpf_prog_attrs_set *d = prog_declared(prog);
	struct bpf_prog_attrs_tail *t;
	int err = 0;

	if (map->map_type != BPF_MAP_TYPE_PROG_ARRAY)
		return 0;
	t = tail_state(map);
	if (!t)
		return -ENOMEM;
	mutex_lock(&t->lock);
	if (t->ceiling && !bpf_prog_attrs_subset(d, t->ceiling))
		err = -EACCES;
	else if (!d || t->open_member)
		tail_open(t);
	else if (!t->members || !bpf_prog_attrs_subset(d, t->members))
		err = tail_widen(t, d);
	mutex_unlock(&t->lock);
	return err;
}

/**
 * bpf_prog_attrs_check_tail_calls() - may this program tail call?
 * @env: the verifier environment, after a successful do_check()
 *
 * A program with a declared set may use a prog array only if every
 * program inserted into it so far is within that set; from then on only
 * such programs may be inserted.
 *
 * Return: 0, -EACCES with a log line, or -ENOMEM.
 */
int bpf_prog_attrs_check_tail_calls(struct bpf_verifier_env *env)
{
	const struct bpf_prog_attrs_set *d = prog_declared(env->prog);
	struct bpf_prog_attrs_tail *t;
	struct bpf_map *map;
	int err = 0;
	u32 i;

	/* a program that never calls bpf_tail_call() runs no member */
	if (!d || !bpf_prog_attrs_helper_allowed(&env->prog->aux->attrs->observed,
						 BPF_FUNC_tail_call))
		return 0;
	for (i = 0; i < env->used_map_cnt && !err; i++) {
		map = env->used_maps[i];
		if (map->map_type != BPF_MAP_TYPE_PROG_ARRAY)
			continue;
		t = tail_state(map);
		if (!t)
			return -ENOMEM;
		mutex_lock(&t->lock);
		if (t->open_member || (t->members && !bpf_prog_attrs_subset(t->members, d))) {
			bpf_verifier_log_write(env,
					       "prog array '%s' holds a program whose attribute set is not within this program's (tail calls)\n",
					       map->name);
			err = -EACCES;
		} else if (!t->ceiling || !bpf_prog_attrs_subset(t->ceiling, d)) {
			err = tail_record(&t->ceiling, d, true);
		}
		mutex_unlock(&t->lock);
	}
	return err;
}

/**
 * bpf_prog_attrs_check_attach_map() - may @prog be attached to @map?
 * @prog: a map element iterator (iter/bpf_map_elem, iter/bpf_sk_storage_map)
 * @map: the map given at BPF_LINK_CREATE, whose elements it reads
 *
 * The verifier could not know this map: its type is checked here against
 * map_types, and against map_types_write if the program stores to the
 * elements.
 *
 * Return: 0, or -EACCES (with a rate-limited message).
 */
int bpf_prog_attrs_check_attach_map(const struct bpf_prog *prog,
				    const struct bpf_map *map)
{
	const struct bpf_prog_attrs_info *ai = prog->aux->attrs;
	const struct bpf_prog_attrs_set *d = ai ? ai->declared : NULL;
	bool write = ai && ai->attach_map_write;

	if (!d || (bpf_prog_attrs_map_allowed(d, map->map_type, false) &&
		   (!write || bpf_prog_attrs_map_allowed(d, map->map_type, true))))
		return 0;
	pr_info_ratelimited("bpf: prog '%s': map '%s' of type %s is not in %s (%s, at attach)\n",
			    prog->aux->name, map->name,
			    bpf_prog_attrs_map_type_name(map->map_type),
			    refuser(ai, ai->ceiling &&
				    bpf_prog_attrs_map_allowed(ai->ceiling, map->map_type, write)),
			    bpf_prog_attrs_map_allowed(d, map->map_type, false) ?
			    "map_types_write" : "map_types");
	return -EACCES;
}

/**
 * bpf_prog_attrs_check_ext() - may @prog replace a function of @tgt?
 * @log: the verifier log, or NULL at attach time
 * @prog: a BPF_PROG_TYPE_EXT program
 * @tgt: the program it extends
 *
 * Return: 0 when @tgt is unrestricted or @prog's declared set is within
 * @tgt's; -EACCES, with a log line, otherwise.
 */
int bpf_prog_attrs_check_ext(struct bpf_verifier_log *log,
			     const struct bpf_prog *prog,
			     const struct bpf_prog *tgt)
{
	const struct bpf_prog_attrs_set *t = prog_declared(tgt);

	if (!t || bpf_prog_attrs_subset(prog_declared(prog), t))
		return 0;
	bpf_log(log,
		"extension's attribute set is not within the set of the program it extends (freplace)\n");
	return -EACCES;
}

#if IS_ENABLED(CONFIG_BPF_PROG_ATTRS_KUNIT_TEST)
#include "prog_attrs_kunit.c"
#endif
