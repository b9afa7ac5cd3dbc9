// SPDX-License-Identifier: GPL-2.0
/*
 * libbpf and program attribute sets: bpf_prog_load_opts.prog_attrs,
 * bpf_program__set_attrs()/bpf_program__attrs() (libbpf copies sets, the
 * kernel decides whether they are valid), the binary records of the
 * ".bpf.attrs" ELF section (bpf/bpf_attrs.h), light skeletons (gen_loader),
 * and a kernel without attribute sets (simulated with a BPF LSM program:
 * such a kernel refuses the larger union bpf_attr with E2BIG).
 */
#include <test_progs.h>
#include <linux/elf.h>
#include <linux/filter.h>
#include <sys/wait.h>
#include <bpf/bpf_attrs.h>
#include <bpf/skel_internal.h>
#include "prog_attrs_helpers.h"
#include "libbpf_prog_attrs_old.skel.h"

#define ATTRS_SZ sizeof(struct bpf_prog_attrs)

/* libbpf's warnings, captured */
static char msgs[8192];

static int capture_print(enum libbpf_print_level level, const char *fmt, va_list args)
{
	size_t n = strlen(msgs);

	if (level == LIBBPF_WARN && n < sizeof(msgs) - 1)
		vsnprintf(msgs + n, sizeof(msgs) - n, fmt, args);
	return 0;
}

/* the set as bpf_prog_info reports it: the struct, then its kfunc names */
struct attrs_buf {
	struct bpf_prog_attrs a;
	char names[1024];
};

static int declared_attrs(int prog_fd, struct attrs_buf *buf, __u32 *len)
{
	struct bpf_prog_info info;
	__u32 info_len = sizeof(info);
	int err;

	memset(&info, 0, sizeof(info));
	memset(buf, 0xff, sizeof(*buf));
	info.attrs_declared = ptr_to_u64(buf);
	info.attrs_declared_len = sizeof(*buf);
	err = bpf_prog_get_info_by_fd(prog_fd, &info, &info_len);
	*len = info.attrs_declared_len;
	return err;
}

/* compares a set field by field; names: the expected kfunc names, in order */
static void check_attrs(const struct bpf_prog_attrs *got, const struct bpf_prog_attrs *want,
			const char *names, __u32 names_len, const char *what)
{
	int i;

	for (i = 0; i < BPF_PROG_ATTRS_HELPER_WORDS; i++)
		ASSERT_EQ(got->helpers[i], want->helpers[i], what);
	ASSERT_EQ(got->map_types, want->map_types, what);
	ASSERT_EQ(got->map_types_write, want->map_types_write, what);
	ASSERT_EQ(got->handled, want->handled, what);
	ASSERT_EQ(got->access_handled, want->access_handled, what);
	ASSERT_EQ(got->access, want->access, what);
	ASSERT_EQ(got->max_insn_cnt, want->max_insn_cnt, what);
	ASSERT_EQ(got->max_insn_processed, want->max_insn_processed, what);
	ASSERT_EQ(got->kfunc_cnt, want->kfunc_cnt, what);
	ASSERT_EQ(got->kfuncs_len, names_len, what);
	if (names_len && got->kfuncs && got->kfuncs_len == names_len)
		ASSERT_OK(memcmp(u64_to_ptr(got->kfuncs), names, names_len), what);
}

/* The set of attrs_sec_a in progs/libbpf_prog_attrs_sec.c */
static const char sec_a_names[] = "bpf_rcu_read_lock\0bpf_testmod:bpf_kfunc_call_test1";

static void sec_a_attrs(struct bpf_prog_attrs *a)
{
	memset(a, 0, sizeof(*a));
	allow_helper(a, BPF_FUNC_map_lookup_elem);
	allow_helper(a, BPF_FUNC_ktime_get_ns);
	a->handled = BPF_PROG_ATTRS_H_MAP_TYPES | BPF_PROG_ATTRS_H_MAP_TYPES_WRITE |
		     BPF_PROG_ATTRS_H_INSN_CNT | BPF_PROG_ATTRS_H_INSN_PROCESSED;
	a->map_types = 1ULL << BPF_MAP_TYPE_HASH | 1ULL << BPF_MAP_TYPE_ARRAY;
	a->access_handled = BPF_PROG_ACCESS_READ_KERNEL | BPF_PROG_ACCESS_WRITE_CTX;
	a->max_insn_cnt = 64;
	a->max_insn_processed = 1000;
	a->kfunc_cnt = 2;
	a->kfuncs_len = sizeof(sec_a_names);
}

/* r0 = ktime_get_ns(); r0 = 0; exit */
static const struct bpf_insn call_ktime[] = {
	BPF_EMIT_CALL(BPF_FUNC_ktime_get_ns),
	BPF_MOV64_IMM(BPF_REG_0, 0),
	BPF_EXIT_INSN(),
};

static void test_prog_load_opts(void)
{
	LIBBPF_OPTS(bpf_prog_load_opts, opts,
		    .log_buf = log_buf,
		    .log_size = sizeof(log_buf),
		    .log_level = 1,
	);
	static const char names[] = "bpf_testmod:bpf_kfunc_call_test1\0bpf_task_release";
	static const char sorted[] = "bpf_task_release\0bpf_testmod:bpf_kfunc_call_test1";
	struct bpf_prog_attrs a, want;
	struct attrs_buf got;
	__u32 len;
	int fd;

	memset(&a, 0, sizeof(a));
	allow_helper(&a, BPF_FUNC_ktime_get_ns);
	a.handled = BPF_PROG_ATTRS_H_INSN_CNT;
	a.max_insn_cnt = 3;
	allow_kfuncs(&a, names, sizeof(names));
	opts.prog_attrs = &a;
	opts.prog_attrs_size = sizeof(a);
	fd = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "attrs_opts", "GPL", call_ktime,
			   ARRAY_SIZE(call_ktime), &opts);
	if (!ASSERT_OK_FD(fd, "load with a set that allows it"))
		return;
	if (ASSERT_OK(declared_attrs(fd, &got, &len), "get info")) {
		ASSERT_EQ(len, sizeof(a) + sizeof(names), "declared set size");
		want = a;
		check_attrs(&got.a, &want, sorted, sizeof(sorted), "declared set");
		ASSERT_EQ(got.a.kfuncs, ptr_to_u64(got.names), "kfuncs point into the buffer");
	}
	close(fd);

	/* the helper outside the set */
	memset(&a, 0, sizeof(a));
	allow_helper(&a, BPF_FUNC_get_prandom_u32);
	log_buf[0] = '\0';
	fd = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "attrs_opts", "GPL", call_ktime,
			   ARRAY_SIZE(call_ktime), &opts);
	ASSERT_EQ(fd, -EACCES, "load with a set that does not allow it");
	ASSERT_HAS_SUBSTR(log_buf,
			  "insn 0: call to helper bpf_ktime_get_ns#5 is not in the program's attribute set (helpers)\n",
			  "verifier log line");

	/* a size without a set is refused by libbpf, a set without size by the kernel */
	opts.prog_attrs = NULL;
	ASSERT_EQ(bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "attrs_opts", "GPL", call_ktime,
				ARRAY_SIZE(call_ktime), &opts), -EINVAL, "size without a set");
	opts.prog_attrs = &a;
	opts.prog_attrs_size = 0;
	ASSERT_EQ(bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "attrs_opts", "GPL", call_ktime,
				ARRAY_SIZE(call_ktime), &opts), -EINVAL, "set without size");

	/* no set: loads as before, reports none */
	opts.prog_attrs = NULL;
	fd = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "attrs_opts", "GPL", call_ktime,
			   ARRAY_SIZE(call_ktime), &opts);
	if (ASSERT_OK_FD(fd, "load without a set")) {
		if (ASSERT_OK(declared_attrs(fd, &got, &len), "get info"))
			ASSERT_EQ(len, 0, "no declared set");
		close(fd);
	}
}

static void test_set_attrs(void)
{
	static const char unterminated[2] = { 'a', 'b' };
	char names[] = "zz_kfunc\0aa:kfunc";
	const struct bpf_prog_attrs *p;
	struct bpf_program *ktime, *lookup;
	struct bpf_prog_attrs a, b, want;
	struct bpf_object *obj;
	struct attrs_buf got;
	size_t sz = 1;
	__u32 len;

	obj = bpf_object__open_file("libbpf_prog_attrs.bpf.o", NULL);
	if (!ASSERT_OK_PTR(obj, "open"))
		return;
	ktime = bpf_object__find_program_by_name(obj, "attrs_ktime");
	lookup = bpf_object__find_program_by_name(obj, "attrs_lookup");
	if (!ASSERT_OK_PTR(ktime, "attrs_ktime") || !ASSERT_OK_PTR(lookup, "attrs_lookup"))
		goto out;
	ASSERT_NULL(bpf_program__attrs(ktime, &sz), "no set without a section");
	ASSERT_EQ(sz, 0, "no set, size 0");

	/* libbpf copies the names, so they must end inside kfuncs_len */
	memset(&a, 0, sizeof(a));
	a.kfunc_cnt = 1;
	a.kfuncs = ptr_to_u64(unterminated);
	a.kfuncs_len = sizeof(unterminated);
	errno = 0;
	ASSERT_EQ(bpf_program__set_attrs(ktime, &a, sizeof(a)), -EINVAL, "names without a NUL");
	ASSERT_EQ(errno, EINVAL, "names without a NUL: errno");
	memset(&a, 0, sizeof(a));
	ASSERT_EQ(bpf_program__set_attrs(ktime, &a, BPF_PROG_ATTRS_SIZE_VER0 - 8), -EINVAL,
		  "size below the first version");
	ASSERT_NULL(bpf_program__attrs(ktime, NULL), "still no set");

	/* deep copy: the caller's names may change afterwards */
	allow_helper(&a, BPF_FUNC_ktime_get_ns);
	allow_kfuncs(&a, names, sizeof(names));
	if (!ASSERT_OK(bpf_program__set_attrs(ktime, &a, sizeof(a)), "set"))
		goto out;
	memset(names, 'x', sizeof(names) - 1);
	p = bpf_program__attrs(ktime, &sz);
	if (ASSERT_OK_PTR(p, "get") && ASSERT_EQ(sz, ATTRS_SZ, "size")) {
		ASSERT_NEQ(p->kfuncs, ptr_to_u64(names), "names copied");
		check_attrs(p, &a, "zz_kfunc\0aa:kfunc", 18, "the set, names as given");
	}

	/* NULL removes it; then set again */
	ASSERT_OK(bpf_program__set_attrs(ktime, NULL, 0), "remove");
	ASSERT_NULL(bpf_program__attrs(ktime, &sz), "removed");
	memset(&a, 0, sizeof(a));
	allow_helper(&a, BPF_FUNC_ktime_get_ns);
	ASSERT_OK(bpf_program__set_attrs(ktime, &a, sizeof(a)), "set again");

	memset(&b, 0, sizeof(b));
	allow_helper(&b, BPF_FUNC_map_lookup_elem);
	b.handled = BPF_PROG_ATTRS_H_MAP_TYPES | BPF_PROG_ATTRS_H_MAP_TYPES_WRITE;
	b.map_types = 1ULL << BPF_MAP_TYPE_HASH;
	ASSERT_OK(bpf_program__set_attrs(lookup, &b, sizeof(b)), "set lookup");

	if (!ASSERT_OK(bpf_object__load(obj), "load"))
		goto out;
	if (ASSERT_OK(declared_attrs(bpf_program__fd(ktime), &got, &len), "info ktime")) {
		ASSERT_EQ(len, ATTRS_SZ, "ktime set size");
		check_attrs(&got.a, &a, NULL, 0, "ktime declared set");
	}
	if (ASSERT_OK(declared_attrs(bpf_program__fd(lookup), &got, &len), "info lookup")) {
		ASSERT_EQ(len, ATTRS_SZ, "lookup set size");
		want = b;
		check_attrs(&got.a, &want, NULL, 0, "lookup declared set");
	}

	/* loaded: no more changes */
	ASSERT_EQ(bpf_program__set_attrs(ktime, &b, sizeof(b)), -EBUSY, "set after load");
	ASSERT_EQ(bpf_program__set_attrs(ktime, NULL, 0), -EBUSY, "remove after load");
	p = bpf_program__attrs(ktime, NULL);
	if (ASSERT_OK_PTR(p, "set kept"))
		check_attrs(p, &a, NULL, 0, "set unchanged");
out:
	bpf_object__close(obj);
}

/* A set without the helper the program calls: the exact verifier line */
static void test_object_refused(void)
{
	struct bpf_program *ktime, *lookup;
	struct bpf_object *obj;
	struct bpf_prog_attrs a;
	char want[256];
	int idx;

	obj = bpf_object__open_file("libbpf_prog_attrs.bpf.o", NULL);
	if (!ASSERT_OK_PTR(obj, "open"))
		return;
	ktime = bpf_object__find_program_by_name(obj, "attrs_ktime");
	lookup = bpf_object__find_program_by_name(obj, "attrs_lookup");
	if (!ASSERT_OK_PTR(ktime, "attrs_ktime") || !ASSERT_OK_PTR(lookup, "attrs_lookup"))
		goto out;
	bpf_program__set_autoload(lookup, false);
	memset(&a, 0, sizeof(a));
	allow_helper(&a, BPF_FUNC_get_prandom_u32);
	ASSERT_OK(bpf_program__set_attrs(ktime, &a, sizeof(a)), "set");
	log_buf[0] = '\0';
	bpf_program__set_log_buf(ktime, log_buf, sizeof(log_buf));
	ASSERT_EQ(bpf_object__load(obj), -EACCES, "load refused");
	ASSERT_LT(bpf_program__fd(ktime), 0, "not loaded");

	idx = call_idx(ktime, BPF_FUNC_ktime_get_ns);
	if (!ASSERT_GE(idx, 0, "call insn found"))
		goto out;
	snprintf(want, sizeof(want),
		 "insn %d: call to helper bpf_ktime_get_ns#5 is not in the program's attribute set (helpers)\n",
		 idx);
	ASSERT_HAS_SUBSTR(log_buf, want, "verifier log line");
out:
	bpf_object__close(obj);
}

/*
 * libbpf does not check a set (no mirror of the kernel's rules): it takes
 * a set the kernel refuses, and the load is the kernel's -EINVAL.
 */
static void test_kernel_decides(void)
{
	struct bpf_program *ktime, *lookup;
	struct bpf_object *obj;
	struct bpf_prog_attrs a;

	obj = bpf_object__open_file("libbpf_prog_attrs.bpf.o", NULL);
	if (!ASSERT_OK_PTR(obj, "open"))
		return;
	ktime = bpf_object__find_program_by_name(obj, "attrs_ktime");
	lookup = bpf_object__find_program_by_name(obj, "attrs_lookup");
	if (!ASSERT_OK_PTR(ktime, "attrs_ktime") || !ASSERT_OK_PTR(lookup, "attrs_lookup"))
		goto out;
	bpf_program__set_autoload(lookup, false);
	memset(&a, 0, sizeof(a));
	allow_helper(&a, BPF_FUNC_ktime_get_ns);
	a.access = BPF_PROG_ACCESS_WRITE_CTX;	/* a class the set does not handle */
	if (ASSERT_OK(bpf_program__set_attrs(ktime, &a, sizeof(a)), "libbpf takes the set"))
		ASSERT_EQ(bpf_object__load(obj), -EINVAL, "the kernel refuses it");
	ASSERT_LT(bpf_program__fd(ktime), 0, "not loaded");
out:
	bpf_object__close(obj);
}

static void test_elf_section(void)
{
	struct bpf_program *pa, *pb;
	const struct bpf_prog_attrs *p;
	struct bpf_prog_attrs want, empty;
	struct bpf_object *obj;
	struct attrs_buf got;
	size_t sz;
	__u32 len;

	obj = bpf_object__open_file("libbpf_prog_attrs_sec.bpf.o", NULL);
	if (!ASSERT_OK_PTR(obj, "open"))
		return;
	pa = bpf_object__find_program_by_name(obj, "attrs_sec_a");
	pb = bpf_object__find_program_by_name(obj, "attrs_sec_b");
	if (!ASSERT_OK_PTR(pa, "attrs_sec_a") || !ASSERT_OK_PTR(pb, "attrs_sec_b"))
		goto out;
	sec_a_attrs(&want);
	memset(&empty, 0, sizeof(empty));
	p = bpf_program__attrs(pa, &sz);
	if (ASSERT_OK_PTR(p, "attrs_sec_a set from the section") && ASSERT_EQ(sz, ATTRS_SZ, "sz"))
		check_attrs(p, &want, sec_a_names, sizeof(sec_a_names), "attrs_sec_a parsed");
	p = bpf_program__attrs(pb, &sz);
	if (ASSERT_OK_PTR(p, "attrs_sec_b set from the section"))
		check_attrs(p, &empty, NULL, 0, "attrs_sec_b parsed (empty set)");

	if (!ASSERT_OK(bpf_object__load(obj), "load"))
		goto out;
	if (ASSERT_OK(declared_attrs(bpf_program__fd(pa), &got, &len), "info a")) {
		ASSERT_EQ(len, ATTRS_SZ + sizeof(sec_a_names), "a: declared size");
		check_attrs(&got.a, &want, sec_a_names, sizeof(sec_a_names), "a: declared set");
	}
	if (ASSERT_OK(declared_attrs(bpf_program__fd(pb), &got, &len), "info b")) {
		ASSERT_EQ(len, ATTRS_SZ, "b: declared size");
		check_attrs(&got.a, &empty, NULL, 0, "b: declared set");
	}
out:
	bpf_object__close(obj);

	/* bpf_program__set_attrs() overrides the section */
	obj = bpf_object__open_file("libbpf_prog_attrs_sec.bpf.o", NULL);
	if (!ASSERT_OK_PTR(obj, "open again"))
		return;
	pb = bpf_object__find_program_by_name(obj, "attrs_sec_b");
	memset(&want, 0, sizeof(want));
	allow_helper(&want, BPF_FUNC_get_prandom_u32);
	if (ASSERT_OK_PTR(pb, "attrs_sec_b") &&
	    ASSERT_OK(bpf_program__set_attrs(pb, &want, sizeof(want)), "override") &&
	    ASSERT_OK(bpf_object__load(obj), "load with the override") &&
	    ASSERT_OK(declared_attrs(bpf_program__fd(pb), &got, &len), "info"))
		check_attrs(&got.a, &want, NULL, 0, "overridden set");
	bpf_object__close(obj);
}

/* where the ".bpf.attrs" section of ELF file @buf is */
static bool attrs_sec(const char *buf, size_t sz, size_t *off, size_t *len)
{
	const struct elf64_hdr *eh = (const struct elf64_hdr *)buf;
	const struct elf64_shdr *sh;
	const char *names;
	int i;

	if (sz < sizeof(*eh) || eh->e_shoff + (size_t)eh->e_shnum * sizeof(*sh) > sz)
		return false;
	sh = (const struct elf64_shdr *)(buf + eh->e_shoff);
	names = buf + sh[eh->e_shstrndx].sh_offset;
	for (i = 0; i < eh->e_shnum; i++) {
		if (strcmp(names + sh[i].sh_name, BPF_ATTRS_SEC))
			continue;
		*off = sh[i].sh_offset;
		*len = sh[i].sh_size;
		return true;
	}
	return false;
}

/* the offset in the section of the record of program @name */
static long rec_of(const char *sec, size_t len, const char *name)
{
	const struct bpf_attrs_rec *r;
	size_t off;

	for (off = 0; off + sizeof(*r) <= len; off += r->rec_len) {
		r = (const struct bpf_attrs_rec *)(sec + off);
		if (!r->rec_len)
			break;
		if (!strcmp(sec + off + r->name_off, name))
			return off;
	}
	return -1;
}

/*
 * Broken sections: the object of libbpf_prog_attrs_sec.c with its records
 * edited in memory (such objects cannot be in progs/: the selftests build
 * generates a skeleton of each, and their open fails by design). Every
 * malformed record is tested on the host too (attrcheck's text_elf_test).
 */
static void test_elf_errors(void)
{
	enum { REC_NO_PROG, REC_SECOND, REC_LEN, __REC_CNT };
	LIBBPF_OPTS(bpf_object_open_opts, opts, .object_name = "attrs_edited.bpf.o");
	char *orig = NULL, *buf = NULL, want[256];
	long ra, rb, at;
	size_t sec_off = 0, sec_len = 0, sz = 0;
	struct bpf_attrs_rec *r;
	libbpf_print_fn_t old;
	struct bpf_object *obj;
	FILE *f;
	int i;

	f = fopen("libbpf_prog_attrs_sec.bpf.o", "r");
	if (!ASSERT_OK_PTR(f, "open the object file"))
		return;
	orig = malloc(1 << 20);
	if (ASSERT_OK_PTR(orig, "malloc"))
		sz = fread(orig, 1, 1 << 20, f);
	fclose(f);
	buf = malloc(sz + 1);
	if (!ASSERT_GT(sz, 0, "read the object file") || !ASSERT_OK_PTR(buf, "malloc") ||
	    !ASSERT_TRUE(attrs_sec(orig, sz, &sec_off, &sec_len), "find the section"))
		goto out;
	ra = rec_of(orig + sec_off, sec_len, "attrs_sec_a");
	rb = rec_of(orig + sec_off, sec_len, "attrs_sec_b");
	if (!ASSERT_GE(ra, 0, "record of attrs_sec_a") ||
	    !ASSERT_GE(rb, 0, "record of attrs_sec_b"))
		goto out;

	for (i = 0; i < __REC_CNT; i++) {
		memcpy(buf, orig, sz);
		r = (struct bpf_attrs_rec *)(buf + sec_off + rb);
		switch (i) {
		case REC_NO_PROG:
			buf[sec_off + rb + r->name_off + 10] = 'x';	/* attrs_sec_x */
			snprintf(want, sizeof(want),
				 "libbpf: attrs_edited.bpf.o(.bpf.attrs): offset %ld: no program 'attrs_sec_x' in the object\n",
				 rb);
			break;
		case REC_SECOND:
			buf[sec_off + rb + r->name_off + 10] = 'a';	/* attrs_sec_a */
			at = ra > rb ? ra : rb;
			snprintf(want, sizeof(want),
				 "libbpf: attrs_edited.bpf.o(.bpf.attrs): offset %ld: a second record for program 'attrs_sec_a'\n",
				 at);
			break;
		case REC_LEN:
			r->rec_len += 4;
			snprintf(want, sizeof(want),
				 "libbpf: attrs_edited.bpf.o(.bpf.attrs): offset %ld: bad record length %u (%zu bytes left; at least %zu, a multiple of 8)\n",
				 rb, r->rec_len, sec_len - rb, sizeof(*r));
			break;
		}
		msgs[0] = '\0';
		old = libbpf_set_print(capture_print);
		obj = bpf_object__open_mem(buf, sz, &opts);
		libbpf_set_print(old);
		if (!ASSERT_ERR_PTR(obj, want)) {
			bpf_object__close(obj);
			continue;
		}
		ASSERT_EQ(errno, EINVAL, "errno");
		ASSERT_STRNEQ(msgs, want, strlen(want), "first warning");
	}
out:
	free(orig);
	free(buf);
}

/* Light skeleton: the loader program passes the set through bpf_sys_bpf */
static void test_light_skeleton(void)
{
	struct {
		struct bpf_loader_ctx ctx;
		struct bpf_map_desc maps[1];
		struct bpf_prog_desc progs[2];
	} ctx;
	LIBBPF_OPTS(gen_loader_opts, gen);
	struct bpf_load_and_run_opts opts = {};
	struct bpf_prog_attrs want;
	struct bpf_object *obj;
	struct attrs_buf got;
	int err, i;
	__u32 len;

	for (i = 0; i < 2; i++) {
		obj = bpf_object__open_file("libbpf_prog_attrs_sec.bpf.o", NULL);
		if (!ASSERT_OK_PTR(obj, "open"))
			return;
		if (i == 1) {
			/* the same program with a set that misses a helper */
			memset(&want, 0, sizeof(want));
			allow_helper(&want, BPF_FUNC_map_lookup_elem);
			bpf_program__set_attrs(bpf_object__find_program_by_name(obj, "attrs_sec_a"),
					       &want, sizeof(want));
		}
		err = bpf_object__gen_loader(obj, &gen);
		err = err ?: bpf_object__load(obj);
		if (!ASSERT_OK(err, "generate the loader")) {
			bpf_object__close(obj);
			return;
		}
		memset(&ctx, 0, sizeof(ctx));
		ctx.ctx.sz = sizeof(ctx);
		ctx.progs[0].prog_fd = -1;
		ctx.progs[1].prog_fd = -1;
		opts.ctx = &ctx.ctx;
		opts.data = gen.data;
		opts.data_sz = gen.data_sz;
		opts.insns = gen.insns;
		opts.insns_sz = gen.insns_sz;
		err = bpf_load_and_run(&opts);
		if (i == 0) {
			if (ASSERT_OK(err, "run the loader") &&
			    ASSERT_OK(declared_attrs(ctx.progs[0].prog_fd, &got, &len), "info")) {
				sec_a_attrs(&want);
				ASSERT_EQ(len, ATTRS_SZ + sizeof(sec_a_names), "declared size");
				check_attrs(&got.a, &want, sec_a_names, sizeof(sec_a_names),
					    "set loaded by the light skeleton");
			}
		} else {
			ASSERT_EQ(err, -EACCES, "loader: program outside its set refused");
		}
		if (ctx.progs[0].prog_fd > 0)
			close(ctx.progs[0].prog_fd);
		if (ctx.progs[1].prog_fd > 0)
			close(ctx.progs[1].prog_fd);
		if (ctx.maps[0].map_fd > 0)
			close(ctx.maps[0].map_fd);
		bpf_object__close(obj);
	}
}

/*
 * A kernel without attribute sets: BPF_PROG_LOAD with a union bpf_attr
 * larger than it knows (past prog_token_fd) fails with E2BIG. A BPF LSM
 * program on the bpf hook (libbpf_prog_attrs_old.c) makes this kernel
 * behave so for one process, the child below.
 */
struct old_kernel_result {
	int sim;		/* 0 or -errno: the LSM program attached */
	int raw_set;		/* bpf_prog_load() with a set */
	int raw_noset;		/* bpf_prog_load() without */
	int obj_set;		/* bpf_object__load(), programs with sets */
	int obj_set_fd;		/* the program's fd after that */
	int obj_noset;		/* bpf_object__load(), programs without sets */
	char msgs[1024];
};

static void old_kernel_child(struct old_kernel_result *r)
{
	LIBBPF_OPTS(bpf_prog_load_opts, opts);
	struct libbpf_prog_attrs_old *skel;
	struct bpf_prog_attrs a = {};
	struct bpf_program *prog;
	struct bpf_object *obj;
	int fd;

	skel = libbpf_prog_attrs_old__open_and_load();
	if (!skel) {
		r->sim = -errno ?: -EINVAL;
		return;
	}
	skel->bss->target_tgid = getpid();
	r->sim = libbpf_prog_attrs_old__attach(skel);
	if (r->sim)
		goto out;

	allow_helper(&a, BPF_FUNC_ktime_get_ns);
	opts.prog_attrs = &a;
	opts.prog_attrs_size = sizeof(a);
	fd = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, NULL, "GPL", call_ktime,
			   ARRAY_SIZE(call_ktime), &opts);
	r->raw_set = fd < 0 ? fd : 0;
	opts.prog_attrs = NULL;
	opts.prog_attrs_size = 0;
	fd = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, NULL, "GPL", call_ktime,
			   ARRAY_SIZE(call_ktime), &opts);
	r->raw_noset = fd < 0 ? fd : 0;
	if (fd >= 0)
		close(fd);

	obj = bpf_object__open_file("libbpf_prog_attrs_sec.bpf.o", NULL);
	if (!obj) {
		r->obj_set = -errno;
	} else {
		libbpf_set_print(capture_print);
		msgs[0] = '\0';
		r->obj_set = bpf_object__load(obj);
		libbpf_set_print(NULL);
		memcpy(r->msgs, msgs, strnlen(msgs, sizeof(r->msgs) - 1));
		prog = bpf_object__find_program_by_name(obj, "attrs_sec_a");
		r->obj_set_fd = prog ? bpf_program__fd(prog) : -ENOENT;
		bpf_object__close(obj);
	}

	obj = bpf_object__open_file("libbpf_prog_attrs.bpf.o", NULL);
	r->obj_noset = obj ? bpf_object__load(obj) : -errno;
	bpf_object__close(obj);
out:
	libbpf_prog_attrs_old__destroy(skel);
}

static void test_old_kernel(void)
{
	static const char want[] =
		"libbpf: prog 'attrs_sec_a': the kernel does not support program attribute sets\n";
	struct old_kernel_result r;
	int pfd[2], status;
	pid_t pid;

	if (!ASSERT_OK(pipe(pfd), "pipe"))
		return;
	pid = fork();
	if (!ASSERT_GE(pid, 0, "fork"))
		return;
	if (pid == 0) {
		memset(&r, 0, sizeof(r));
		close(pfd[0]);
		old_kernel_child(&r);
		_exit(write(pfd[1], &r, sizeof(r)) == sizeof(r) ? 0 : 1);
	}
	close(pfd[1]);
	memset(&r, 0, sizeof(r));
	ASSERT_EQ(read(pfd[0], &r, sizeof(r)), sizeof(r), "child's result");
	close(pfd[0]);
	ASSERT_EQ(waitpid(pid, &status, 0), pid, "waitpid");
	ASSERT_EQ(status, 0, "child exit status");

	if (!ASSERT_OK(r.sim, "old kernel simulation (BPF LSM on the bpf hook)"))
		return;
	ASSERT_EQ(r.raw_set, -E2BIG, "bpf_prog_load with a set: the kernel's E2BIG");
	ASSERT_OK(r.raw_noset, "bpf_prog_load without a set: the old attr size");
	ASSERT_EQ(r.obj_set, -EOPNOTSUPP, "object with sets: -EOPNOTSUPP");
	ASSERT_LT(r.obj_set_fd, 0, "never loaded without its set");
	ASSERT_STRNEQ(r.msgs, want, strlen(want), "the warning");
	ASSERT_OK(r.obj_noset, "object without sets loads");
}

void test_libbpf_prog_attrs(void)
{
	if (test__start_subtest("old_kernel"))
		test_old_kernel();
	if (test__start_subtest("prog_load_opts"))
		test_prog_load_opts();
	if (test__start_subtest("set_attrs"))
		test_set_attrs();
	if (test__start_subtest("object_refused"))
		test_object_refused();
	if (test__start_subtest("kernel_decides"))
		test_kernel_decides();
	if (test__start_subtest("elf_section"))
		test_elf_section();
	if (test__start_subtest("elf_errors"))
		test_elf_errors();
	if (test__start_subtest("light_skeleton"))
		test_light_skeleton();
}
