// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Program attribute sets: copies of the sets given to libbpf, and the sets
 * an object carries in its ".bpf.attrs" section (bpf_attrs.h). libbpf only
 * loads sets: whether a set is valid is the kernel's decision, so the only
 * checks here are those needed to copy and read safely.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/bpf.h>
#include "libbpf.h"
#include "bpf_attrs.h"
#include "libbpf_internal.h"

static inline __u64 ptr_to_u64(const void *ptr)
{
	return (__u64)(unsigned long)ptr;
}

/*
 * A copy in one allocation: the struct, then the kfunc names its kfuncs
 * field points to. Bytes past the struct libbpf knows must be zero (they
 * would be dropped); the kfunc names are copied, so they must end with a
 * NUL inside kfuncs_len.
 */
int libbpf_prog_attrs_dup(const struct bpf_prog_attrs *a, size_t sz,
			  struct bpf_prog_attrs **res)
{
	const char *names;
	struct bpf_prog_attrs *c;
	size_t i;

	*res = NULL;
	if (!a || sz < BPF_PROG_ATTRS_SIZE_VER0)
		return -EINVAL;
	for (i = sizeof(*a); i < sz; i++)
		if (((const char *)a)[i])
			return -E2BIG;
	names = (const char *)(uintptr_t)a->kfuncs;
	if (a->kfuncs_len && (!names || names[a->kfuncs_len - 1] != '\0'))
		return -EINVAL;
	c = calloc(1, sizeof(*c) + a->kfuncs_len);
	if (!c)
		return -ENOMEM;
	/* an older caller's smaller struct: the fields it lacks stay zero */
	memcpy(c, a, sz < sizeof(*c) ? sz : sizeof(*c));
	if (a->kfuncs_len) {
		memcpy(c + 1, names, a->kfuncs_len);
		c->kfuncs = ptr_to_u64(c + 1);
	}
	*res = c;
	return 0;
}

/*
 * Checks that the record at @off of the section and the regions it names
 * are inside it; fills *@a (kfuncs pointing into the section) and *@name.
 * Returns 0 or -EINVAL, with a message naming the object, the section and
 * the record's offset.
 */
static int attrs_rec(const char *path, const char *data, size_t len, size_t off,
		     __u32 *rec_len, struct bpf_prog_attrs *a, const char **name)
{
	struct bpf_attrs_rec r;
	size_t left = len - off;

	if (left < sizeof(r)) {
		pr_warn("%s(%s): offset %zu: truncated record (%zu bytes left, a record takes at least %zu)\n",
			path, BPF_ATTRS_SEC, off, left, sizeof(r));
		return -EINVAL;
	}
	memcpy(&r, data + off, sizeof(r));
	if (r.rec_len < sizeof(r) || r.rec_len > left || r.rec_len % 8) {
		pr_warn("%s(%s): offset %zu: bad record length %u (%zu bytes left; at least %zu, a multiple of 8)\n",
			path, BPF_ATTRS_SEC, off, r.rec_len, left, sizeof(r));
		return -EINVAL;
	}
	if (r.name_off < sizeof(r) || r.name_off >= r.rec_len) {
		pr_warn("%s(%s): offset %zu: program name offset %u outside the record (%u bytes)\n",
			path, BPF_ATTRS_SEC, off, r.name_off, r.rec_len);
		return -EINVAL;
	}
	if (!memchr(data + off + r.name_off, '\0', r.rec_len - r.name_off)) {
		pr_warn("%s(%s): offset %zu: program name not NUL-terminated inside the record\n",
			path, BPF_ATTRS_SEC, off);
		return -EINVAL;
	}
	if (r.attrs.kfuncs) {
		pr_warn("%s(%s): offset %zu: attrs.kfuncs is not 0\n", path, BPF_ATTRS_SEC, off);
		return -EINVAL;
	}
	if (r.attrs.kfuncs_len &&
	    (r.kfuncs_off < sizeof(r) || r.kfuncs_off > r.rec_len ||
	     r.attrs.kfuncs_len > r.rec_len - r.kfuncs_off ||
	     data[off + r.kfuncs_off + r.attrs.kfuncs_len - 1] != '\0')) {
		pr_warn("%s(%s): offset %zu: kfunc names (offset %u, %u bytes) not NUL-terminated inside the record (%u bytes)\n",
			path, BPF_ATTRS_SEC, off, r.kfuncs_off, r.attrs.kfuncs_len, r.rec_len);
		return -EINVAL;
	}
	*a = r.attrs;
	if (r.attrs.kfuncs_len)
		a->kfuncs = ptr_to_u64(data + off + r.kfuncs_off);
	*name = data + off + r.name_off;
	*rec_len = r.rec_len;
	return 0;
}

/*
 * The ".bpf.attrs" section: a record for each program of the object, and
 * only for them. Sets are copied; bpf_program__set_attrs() overrides them.
 */
int libbpf_prog_attrs_from_elf(struct bpf_object *obj, const char *path,
			       const char *data, size_t len)
{
	struct bpf_program *prog;
	size_t off = 0;
	__u32 rec_len;
	int err;

	while (off < len) {
		struct bpf_prog_attrs a;
		const char *name;

		err = attrs_rec(path, data, len, off, &rec_len, &a, &name);
		if (err)
			return err;
		prog = bpf_object__find_program_by_name(obj, name);
		if (!prog) {
			pr_warn("%s(%s): offset %zu: no program '%s' in the object\n",
				path, BPF_ATTRS_SEC, off, name);
			return -EINVAL;
		}
		if (bpf_program__attrs(prog, NULL)) {
			pr_warn("%s(%s): offset %zu: a second record for program '%s'\n",
				path, BPF_ATTRS_SEC, off, name);
			return -EINVAL;
		}
		err = bpf_program__set_attrs(prog, &a, sizeof(a));
		if (err)
			return err;
		off += rec_len;
	}
	bpf_object__for_each_program(prog, obj) {
		if (!bpf_program__attrs(prog, NULL)) {
			pr_warn("%s(%s): no attribute set for program '%s'\n", path, BPF_ATTRS_SEC,
				bpf_program__name(prog));
			return -EINVAL;
		}
	}
	return 0;
}
