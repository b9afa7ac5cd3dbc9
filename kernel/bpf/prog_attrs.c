// SPDX-License-Identifier: GPL-2.0-only
/*
 * BPF program attribute sets: copy in, validate, look up, compare, report;
 * the sets kept with a program (load, verified, free, bpf_prog_info) and a
 * BPF token's ceiling.
 *
 * A set is copied from user (or kernel, for bpf_sys_bpf) memory exactly
 * once, before verification; the verifier and the LSM hook only ever see
 * the kernel copy. The verifier checks are in prog_attrs_verifier.c, tail
 * call, freplace and attach-time containment in prog_attrs_contain.c. See
 * Documentation/bpf/prog_attrs.rst.
 */
#include <linux/bpf.h>
#include <linux/bpfptr.h>
#include <linux/bsearch.h>
#include <linux/capability.h>
#include <linux/ctype.h>
#include <linux/hex.h>
#include <linux/security.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <crypto/sha2.h>

#include "prog_attrs.h"

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

/* Helper 0 is BPF_FUNC_unspec; bits past the last helper are unknown. */
static int validate_helper_mask(const struct bpf_prog_attrs *a)
{
	u32 w, last = BPF_PROG_ATTRS_HELPER_WORDS - 1;

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
	return 0;
}

/* The kinds and access classes handled, and the map types they allow. */
static int validate_kind_masks(const struct bpf_prog_attrs *a)
{
	u64 known_maps = GENMASK_ULL(__MAX_BPF_MAP_TYPE - 1, 1);

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
	if (!(a->handled & BPF_PROG_ATTRS_H_MAP_TYPES_WRITE) && a->map_types_write)
		return -EINVAL;
	/* A type that may be written must be one that may be referenced. */
	if ((a->handled & BPF_PROG_ATTRS_H_MAP_TYPES) &&
	    (a->map_types_write & ~a->map_types))
		return -EINVAL;
	return 0;
}

/* A size or work limit is set (within the kernel's) just when it is handled. */
static int validate_insn_limits(const struct bpf_prog_attrs *a)
{
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
	return 0;
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
static int bpf_prog_attrs_validate(const struct bpf_prog_attrs *a)
{
	int err;

	BUILD_BUG_ON(__BPF_FUNC_MAX_ID > BPF_PROG_ATTRS_HELPER_BITS);
	BUILD_BUG_ON(__MAX_BPF_MAP_TYPE > 64);
	BUILD_BUG_ON(sizeof(struct bpf_prog_attrs) != BPF_PROG_ATTRS_SIZE_VER0);

	err = validate_helper_mask(a);
	if (err)
		return err;
	err = validate_kind_masks(a);
	if (err)
		return err;
	err = validate_insn_limits(a);
	if (err)
		return err;

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
static int bpf_prog_attrs_parse_kfuncs(struct bpf_prog_attrs_set *set,
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
static struct bpf_prog_attrs_set *bpf_prog_attrs_from_user(bpfptr_t uattrs, u32 size)
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
static struct bpf_prog_attrs_set *bpf_prog_attrs_from_blob(const void *blob, size_t size)
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
	copy = kmemdup(blob, fixed, GFP_KERNEL);
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
static struct bpf_prog_attrs_set *bpf_prog_attrs_set_dup(const struct bpf_prog_attrs_set *set)
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
	if ((outer->handled & BPF_PROG_ATTRS_H_MAP_TYPES_WRITE) &&
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
			       GFP_KERNEL);
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

/* The largest set within @a and @b: a kind either restricts stays restricted. */
static void intersect_fixed(struct bpf_prog_attrs_set *r,
			    const struct bpf_prog_attrs_set *a,
			    const struct bpf_prog_attrs_set *b)
{
	u32 i;

	for (i = 0; i < BPF_PROG_ATTRS_HELPER_WORDS; i++)
		r->helpers[i] = a->helpers[i] & b->helpers[i];
	r->handled = a->handled | b->handled;
	r->map_types = (a->handled & BPF_PROG_ATTRS_H_MAP_TYPES ? a->map_types : ~0ULL) &
		       (b->handled & BPF_PROG_ATTRS_H_MAP_TYPES ? b->map_types : ~0ULL);
	r->map_types_write =
		(a->handled & BPF_PROG_ATTRS_H_MAP_TYPES_WRITE ? a->map_types_write : ~0ULL) &
		(b->handled & BPF_PROG_ATTRS_H_MAP_TYPES_WRITE ? b->map_types_write : ~0ULL);
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
}

/* The smallest set holding @a and @b: restricted only where both restrict. */
static void union_fixed(struct bpf_prog_attrs_set *r,
			const struct bpf_prog_attrs_set *a,
			const struct bpf_prog_attrs_set *b)
{
	u32 i;

	for (i = 0; i < BPF_PROG_ATTRS_HELPER_WORDS; i++)
		r->helpers[i] = a->helpers[i] | b->helpers[i];
	r->handled = a->handled & b->handled;
	r->map_types = a->map_types | b->map_types;
	r->map_types_write = a->map_types_write | b->map_types_write;
	r->access_handled = a->access_handled & b->access_handled;
	r->access = (a->access | b->access) & r->access_handled;
	r->max_insn_cnt = max(a->max_insn_cnt, b->max_insn_cnt);
	r->max_insn_processed = max(a->max_insn_processed, b->max_insn_processed);
}

/* Keep the unused fields zero, as a validated set has them. */
static void clear_unhandled(struct bpf_prog_attrs_set *r)
{
	if (!(r->handled & BPF_PROG_ATTRS_H_MAP_TYPES))
		r->map_types = 0;
	else
		r->map_types_write &= r->map_types;	/* unreachable otherwise */
	if (!(r->handled & BPF_PROG_ATTRS_H_MAP_TYPES_WRITE))
		r->map_types_write = 0;
	if (!(r->handled & BPF_PROG_ATTRS_H_INSN_CNT))
		r->max_insn_cnt = 0;
	if (!(r->handled & BPF_PROG_ATTRS_H_INSN_PROCESSED))
		r->max_insn_processed = 0;
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
	int err;

	r = kzalloc(sizeof(*r), GFP_KERNEL_ACCOUNT);
	if (!r)
		return ERR_PTR(-ENOMEM);
	if (intersect)
		intersect_fixed(r, a, b);
	else
		union_fixed(r, a, b);
	clear_unhandled(r);
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
static size_t bpf_prog_attrs_report_size(const struct bpf_prog_attrs_set *set)
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
static void bpf_prog_attrs_report(const struct bpf_prog_attrs_set *set, void *buf,
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
static void bpf_prog_attrs_tag(const struct bpf_prog_attrs_set *set, u8 *tag)
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

/* ---- kept with the program: load, verified, free, bpf_prog_info ------- */

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

#if IS_ENABLED(CONFIG_BPF_PROG_ATTRS_KUNIT_TEST)
#include "prog_attrs_kunit.c"
#endif
