// SPDX-License-Identifier: GPL-2.0
/*
 * BPF program attribute sets: the BPF_PROG_LOAD ABI (bad input table),
 * enforcement per attribute kind with exact errno and verifier log line,
 * and the bpf_prog_info round trip. Programs are raw instructions so each
 * test controls exactly which helper, map or access it contains.
 */
#include <test_progs.h>
#include <linux/filter.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "prog_attrs_helpers.h"
#include "prog_attrs_lsm.skel.h"
#include "prog_attrs_rules.skel.h"

/* BPF_PROG_LOAD with an attribute set; returns fd or -errno. */
static int load(enum bpf_prog_type type, const struct bpf_insn *insns, __u32 cnt,
		const void *attrs, __u32 attrs_size)
{
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = type;
	attr.insns = ptr_to_u64(insns);
	attr.insn_cnt = cnt;
	attr.license = ptr_to_u64("GPL");
	attr.log_buf = ptr_to_u64(log_buf);
	attr.log_size = sizeof(log_buf);
	attr.log_level = 1;
	attr.prog_attrs = ptr_to_u64(attrs);
	attr.prog_attrs_size = attrs_size;
	log_buf[0] = '\0';
	fd = syscall(__NR_bpf, BPF_PROG_LOAD, &attr, sizeof(attr));
	return fd < 0 ? -errno : fd;
}

/* r0 = ktime_get_ns(); r0 = 0; exit */
static const struct bpf_insn call_ktime[] = {
	BPF_EMIT_CALL(BPF_FUNC_ktime_get_ns),
	BPF_MOV64_IMM(BPF_REG_0, 0),
	BPF_EXIT_INSN(),
};

static const struct bpf_insn ret0[] = {
	BPF_MOV64_IMM(BPF_REG_0, 0),
	BPF_EXIT_INSN(),
};

static void test_bad_input(void)
{
	const size_t page = sysconf(_SC_PAGESIZE);
	struct {
		struct bpf_prog_attrs a;
		char tail[16];
	} big;
	struct bpf_prog_attrs a;
	char *unmapped;
	int fd;

	memset(&a, 0, sizeof(a));
	fd = load(BPF_PROG_TYPE_SOCKET_FILTER, ret0, ARRAY_SIZE(ret0), &a, sizeof(a));
	if (ASSERT_OK_FD(fd, "empty set loads"))
		close(fd);

	ASSERT_EQ(load(BPF_PROG_TYPE_SOCKET_FILTER, ret0, 2, &a, 8), -EINVAL, "size too small");
	ASSERT_EQ(load(BPF_PROG_TYPE_SOCKET_FILTER, ret0, 2, &a, BPF_PROG_ATTRS_SIZE_VER0 - 1),
		  -EINVAL, "size one below v0");
	ASSERT_EQ(load(BPF_PROG_TYPE_SOCKET_FILTER, ret0, 2, NULL, sizeof(a)), -EINVAL,
		  "size without pointer");
	ASSERT_EQ(load(BPF_PROG_TYPE_SOCKET_FILTER, ret0, 2, &a, 0), -EINVAL,
		  "pointer without size");

	/* A newer, larger struct: accepted only with a zero tail. */
	memset(&big, 0, sizeof(big));
	fd = load(BPF_PROG_TYPE_SOCKET_FILTER, ret0, 2, &big, sizeof(big));
	if (ASSERT_OK_FD(fd, "larger struct, zero tail"))
		close(fd);
	big.tail[15] = 1;
	ASSERT_EQ(load(BPF_PROG_TYPE_SOCKET_FILTER, ret0, 2, &big, sizeof(big)), -E2BIG,
		  "larger struct, non-zero tail");
	ASSERT_EQ(load(BPF_PROG_TYPE_SOCKET_FILTER, ret0, 2, &big, page + 1), -E2BIG,
		  "size beyond a page");

	unmapped = mmap(NULL, page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (!ASSERT_NEQ(unmapped, MAP_FAILED, "mmap"))
		return;
	ASSERT_EQ(load(BPF_PROG_TYPE_SOCKET_FILTER, ret0, 2, unmapped, sizeof(a)), -EFAULT,
		  "unreadable set");

	memset(&a, 0, sizeof(a));
	a.handled = 1U << 31;
	ASSERT_EQ(load(BPF_PROG_TYPE_SOCKET_FILTER, ret0, 2, &a, sizeof(a)), -EINVAL,
		  "unknown handled bit");
	memset(&a, 0, sizeof(a));
	a.handled = 1ULL << 63;
	ASSERT_EQ(load(BPF_PROG_TYPE_SOCKET_FILTER, ret0, 2, &a, sizeof(a)), -EINVAL,
		  "unknown handled bit, upper half");
	memset(&a, 0, sizeof(a));
	a.access_handled = 1U << 31;
	ASSERT_EQ(load(BPF_PROG_TYPE_SOCKET_FILTER, ret0, 2, &a, sizeof(a)), -EINVAL,
		  "unknown access class");
	memset(&a, 0, sizeof(a));
	a.access_handled = 1ULL << 32;
	ASSERT_EQ(load(BPF_PROG_TYPE_SOCKET_FILTER, ret0, 2, &a, sizeof(a)), -EINVAL,
		  "unknown access class, upper half");
	memset(&a, 0, sizeof(a));
	allow_helper(&a, __BPF_FUNC_MAX_ID);
	ASSERT_EQ(load(BPF_PROG_TYPE_SOCKET_FILTER, ret0, 2, &a, sizeof(a)), -EINVAL,
		  "unknown helper id");
	memset(&a, 0, sizeof(a));
	a.helpers[3] = 1ULL << 63;
	ASSERT_EQ(load(BPF_PROG_TYPE_SOCKET_FILTER, ret0, 2, &a, sizeof(a)), -EINVAL,
		  "helper bit 255");
	memset(&a, 0, sizeof(a));
	a.map_types = 1ULL << BPF_MAP_TYPE_HASH;
	ASSERT_EQ(load(BPF_PROG_TYPE_SOCKET_FILTER, ret0, 2, &a, sizeof(a)), -EINVAL,
		  "map types without handling them");

	memset(&a, 0, sizeof(a));
	a.kfunc_cnt = BPF_PROG_ATTRS_KFUNC_MAX + 1;
	a.kfuncs_len = 4;
	a.kfuncs = ptr_to_u64("abc");
	ASSERT_EQ(load(BPF_PROG_TYPE_SOCKET_FILTER, ret0, 2, &a, sizeof(a)), -E2BIG,
		  "kfunc table too large");
	a.kfunc_cnt = 1;
	a.kfuncs_len = 3;
	ASSERT_EQ(load(BPF_PROG_TYPE_SOCKET_FILTER, ret0, 2, &a, sizeof(a)), -EINVAL,
		  "kfunc name not NUL-terminated");
	a.kfunc_cnt = 2;
	a.kfuncs_len = 5;
	a.kfuncs = ptr_to_u64("abc\0\0");
	ASSERT_EQ(load(BPF_PROG_TYPE_SOCKET_FILTER, ret0, 2, &a, sizeof(a)), -EINVAL,
		  "empty kfunc name");
	a.kfunc_cnt = 2;
	a.kfuncs_len = 8;
	a.kfuncs = ptr_to_u64("abc\0abc");
	ASSERT_EQ(load(BPF_PROG_TYPE_SOCKET_FILTER, ret0, 2, &a, sizeof(a)), -EINVAL,
		  "duplicate kfunc name");
	a.kfunc_cnt = 1;
	a.kfuncs_len = 4;
	a.kfuncs = ptr_to_u64(unmapped);
	ASSERT_EQ(load(BPF_PROG_TYPE_SOCKET_FILTER, ret0, 2, &a, sizeof(a)), -EFAULT,
		  "unreadable kfunc names");
	munmap(unmapped, page);
}

static void test_helpers(void)
{
	struct bpf_prog_attrs a;
	int fd;

	memset(&a, 0, sizeof(a));
	allow_helper(&a, BPF_FUNC_ktime_get_ns);
	fd = load(BPF_PROG_TYPE_SOCKET_FILTER, call_ktime, ARRAY_SIZE(call_ktime), &a, sizeof(a));
	if (ASSERT_OK_FD(fd, "helper in the set"))
		close(fd);

	memset(&a, 0, sizeof(a));
	allow_helper(&a, BPF_FUNC_get_prandom_u32);
	ASSERT_EQ(load(BPF_PROG_TYPE_SOCKET_FILTER, call_ktime, ARRAY_SIZE(call_ktime), &a,
		       sizeof(a)), -EACCES, "helper not in the set");
	ASSERT_HAS_SUBSTR(log_buf,
			  "insn 0: call to helper bpf_ktime_get_ns#5 is not in the program's attribute set (helpers)\n",
			  "log names insn, helper and attribute");

	/* No set: the same program loads as before. */
	fd = load(BPF_PROG_TYPE_SOCKET_FILTER, call_ktime, ARRAY_SIZE(call_ktime), NULL, 0);
	if (ASSERT_OK_FD(fd, "no set"))
		close(fd);
}

static void test_dead_code(void)
{
	/* The call is never reached (r0 is known to be 0): a static pass
	 * must still refuse it.
	 */
	const struct bpf_insn insns[] = {
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 1),
		BPF_EMIT_CALL(BPF_FUNC_probe_read_kernel),
		BPF_EXIT_INSN(),
	};
	struct bpf_prog_attrs a;
	int fd;

	memset(&a, 0, sizeof(a));
	ASSERT_EQ(load(BPF_PROG_TYPE_SOCKET_FILTER, insns, ARRAY_SIZE(insns), &a, sizeof(a)),
		  -EACCES, "dead-code helper refused");
	ASSERT_HAS_SUBSTR(log_buf,
			  "insn 2: call to helper bpf_probe_read_kernel#113 is not in the program's attribute set (helpers)\n",
			  "dead-code log");
	allow_helper(&a, BPF_FUNC_probe_read_kernel);
	fd = load(BPF_PROG_TYPE_SOCKET_FILTER, insns, ARRAY_SIZE(insns), &a, sizeof(a));
	if (ASSERT_OK_FD(fd, "dead-code helper declared"))
		close(fd);
}

static void test_subprog(void)
{
	/* main calls a static subprogram that calls the helper */
	const struct bpf_insn insns[] = {
		BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, 2),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN(),
		BPF_EMIT_CALL(BPF_FUNC_ktime_get_ns),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN(),
	};
	struct bpf_prog_attrs a;
	int fd;

	memset(&a, 0, sizeof(a));
	ASSERT_EQ(load(BPF_PROG_TYPE_SOCKET_FILTER, insns, ARRAY_SIZE(insns), &a, sizeof(a)),
		  -EACCES, "helper in subprog refused");
	ASSERT_HAS_SUBSTR(log_buf,
			  "insn 3: call to helper bpf_ktime_get_ns#5 is not in the program's attribute set (helpers)\n",
			  "subprog log");
	allow_helper(&a, BPF_FUNC_ktime_get_ns);
	fd = load(BPF_PROG_TYPE_SOCKET_FILTER, insns, ARRAY_SIZE(insns), &a, sizeof(a));
	if (ASSERT_OK_FD(fd, "helper in subprog declared"))
		close(fd);
}

static void test_limits(void)
{
	struct bpf_prog_attrs a;
	int fd;

	memset(&a, 0, sizeof(a));
	allow_helper(&a, BPF_FUNC_ktime_get_ns);
	a.handled = BPF_PROG_ATTRS_H_INSN_CNT;
	a.max_insn_cnt = 2;
	ASSERT_EQ(load(BPF_PROG_TYPE_SOCKET_FILTER, call_ktime, 3, &a, sizeof(a)), -E2BIG,
		  "program larger than max_insn_cnt");
	ASSERT_HAS_SUBSTR(log_buf,
			  "program of 3 insns is larger than its attribute set allows (max_insn_cnt 2)\n",
			  "max_insn_cnt log");
	a.max_insn_cnt = 3;
	fd = load(BPF_PROG_TYPE_SOCKET_FILTER, call_ktime, 3, &a, sizeof(a));
	if (ASSERT_OK_FD(fd, "program at max_insn_cnt"))
		close(fd);

	memset(&a, 0, sizeof(a));
	allow_helper(&a, BPF_FUNC_ktime_get_ns);
	a.handled = BPF_PROG_ATTRS_H_INSN_PROCESSED;
	a.max_insn_processed = 2;
	ASSERT_EQ(load(BPF_PROG_TYPE_SOCKET_FILTER, call_ktime, 3, &a, sizeof(a)), -E2BIG,
		  "verifier work above max_insn_processed");
	ASSERT_HAS_SUBSTR(log_buf,
			  "insn 2: verifier work above the attribute set's limit of 2 insns (max_insn_processed)\n",
			  "max_insn_processed log");
	a.max_insn_processed = 3;
	fd = load(BPF_PROG_TYPE_SOCKET_FILTER, call_ktime, 3, &a, sizeof(a));
	if (ASSERT_OK_FD(fd, "verifier work at max_insn_processed"))
		close(fd);
}

/* r1 = map; r2 = fp - 4 (key 0); r0 = HELPER(r1, r2[, r3 = r2, r4 = 0]) */
static void map_prog(struct bpf_insn *insns, int map_fd, int helper)
{
	struct bpf_insn p[] = {
		BPF_ST_MEM(BPF_W, BPF_REG_10, -4, 0),
		BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -4),
		BPF_LD_MAP_FD(BPF_REG_1, map_fd),
		BPF_MOV64_REG(BPF_REG_3, BPF_REG_2),
		BPF_MOV64_IMM(BPF_REG_4, 0),
		BPF_EMIT_CALL(helper),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN(),
	};

	memcpy(insns, p, sizeof(p));
}

#define MAP_PROG_LEN 10

static void test_maps(void)
{
	struct bpf_insn insns[MAP_PROG_LEN];
	struct bpf_prog_attrs a;
	int fd, map_fd;

	map_fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "attrs_arr", 4, 4, 1, NULL);
	if (!ASSERT_OK_FD(map_fd, "array map"))
		return;

	/* reference */
	map_prog(insns, map_fd, BPF_FUNC_map_lookup_elem);
	memset(&a, 0, sizeof(a));
	allow_helper(&a, BPF_FUNC_map_lookup_elem);
	a.handled = BPF_PROG_ATTRS_H_MAP_TYPES;
	a.map_types = 1ULL << BPF_MAP_TYPE_HASH;
	ASSERT_EQ(load(BPF_PROG_TYPE_SOCKET_FILTER, insns, MAP_PROG_LEN, &a, sizeof(a)),
		  -EACCES, "map type not in the set");
	ASSERT_HAS_SUBSTR(log_buf,
			  "insn 3: map 'attrs_arr' of type array is not in the program's attribute set (map_types)\n",
			  "map type log");
	a.map_types |= 1ULL << BPF_MAP_TYPE_ARRAY;
	fd = load(BPF_PROG_TYPE_SOCKET_FILTER, insns, MAP_PROG_LEN, &a, sizeof(a));
	if (ASSERT_OK_FD(fd, "map type in the set"))
		close(fd);

	/* write through a helper */
	map_prog(insns, map_fd, BPF_FUNC_map_update_elem);
	memset(&a, 0, sizeof(a));
	allow_helper(&a, BPF_FUNC_map_update_elem);
	a.handled = BPF_PROG_ATTRS_H_MAP_TYPES_WRITE;
	ASSERT_EQ(load(BPF_PROG_TYPE_SOCKET_FILTER, insns, MAP_PROG_LEN, &a, sizeof(a)),
		  -EACCES, "map write not in the set");
	ASSERT_HAS_SUBSTR(log_buf,
			  "insn 7: helper writes map 'attrs_arr' of type array is not in the program's attribute set (map_types_write)\n",
			  "map write log");
	a.map_types_write = 1ULL << BPF_MAP_TYPE_ARRAY;
	fd = load(BPF_PROG_TYPE_SOCKET_FILTER, insns, MAP_PROG_LEN, &a, sizeof(a));
	if (ASSERT_OK_FD(fd, "map write in the set"))
		close(fd);

	/* a read-only user of the same map needs no write attribute */
	map_prog(insns, map_fd, BPF_FUNC_map_lookup_elem);
	memset(&a, 0, sizeof(a));
	allow_helper(&a, BPF_FUNC_map_lookup_elem);
	a.handled = BPF_PROG_ATTRS_H_MAP_TYPES_WRITE;
	fd = load(BPF_PROG_TYPE_SOCKET_FILTER, insns, MAP_PROG_LEN, &a, sizeof(a));
	if (ASSERT_OK_FD(fd, "lookup is not a write"))
		close(fd);
	close(map_fd);
}

static void test_map_value_store(void)
{
	struct bpf_prog_attrs a;
	int fd, map_fd;

	map_fd = bpf_map_create(BPF_MAP_TYPE_HASH, "attrs_hash", 4, 8, 1, NULL);
	if (!ASSERT_OK_FD(map_fd, "hash map"))
		return;
	{
		struct bpf_insn insns[] = {
			BPF_ST_MEM(BPF_W, BPF_REG_10, -4, 0),
			BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),
			BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -4),
			BPF_LD_MAP_FD(BPF_REG_1, map_fd),
			BPF_EMIT_CALL(BPF_FUNC_map_lookup_elem),
			BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 1),
			BPF_ST_MEM(BPF_DW, BPF_REG_0, 0, 42),
			BPF_MOV64_IMM(BPF_REG_0, 0),
			BPF_EXIT_INSN(),
		};

		memset(&a, 0, sizeof(a));
		allow_helper(&a, BPF_FUNC_map_lookup_elem);
		a.handled = BPF_PROG_ATTRS_H_MAP_TYPES_WRITE;
		ASSERT_EQ(load(BPF_PROG_TYPE_SOCKET_FILTER, insns, ARRAY_SIZE(insns), &a,
			       sizeof(a)), -EACCES, "store to map value not in the set");
		ASSERT_HAS_SUBSTR(log_buf,
				  "insn 7: store to a value of map 'attrs_hash' of type hash is not in the program's attribute set (map_types_write)\n",
				  "map value store log");
		a.map_types_write = 1ULL << BPF_MAP_TYPE_HASH;
		fd = load(BPF_PROG_TYPE_SOCKET_FILTER, insns, ARRAY_SIZE(insns), &a, sizeof(a));
		if (ASSERT_OK_FD(fd, "store to map value in the set"))
			close(fd);
	}
	close(map_fd);
}

static void test_access_classes(void)
{
	/* socket filter: skb->cb[0] = 1 */
	const struct bpf_insn ctx_store[] = {
		BPF_MOV64_IMM(BPF_REG_2, 1),
		BPF_STX_MEM(BPF_W, BPF_REG_1, BPF_REG_2, offsetof(struct __sk_buff, cb[0])),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN(),
	};
	/* tc: if (data + 1 <= data_end) *data = 0 */
	const struct bpf_insn pkt_store[] = {
		BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1, offsetof(struct __sk_buff, data)),
		BPF_LDX_MEM(BPF_W, BPF_REG_3, BPF_REG_1, offsetof(struct __sk_buff, data_end)),
		BPF_MOV64_REG(BPF_REG_4, BPF_REG_2),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_4, 1),
		BPF_JMP_REG(BPF_JGT, BPF_REG_4, BPF_REG_3, 1),
		BPF_ST_MEM(BPF_B, BPF_REG_2, 0, 0),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN(),
	};
	struct bpf_prog_attrs a;
	int fd;

	memset(&a, 0, sizeof(a));
	a.access_handled = BPF_PROG_ACCESS_WRITE_CTX;
	ASSERT_EQ(load(BPF_PROG_TYPE_SOCKET_FILTER, ctx_store, ARRAY_SIZE(ctx_store), &a,
		       sizeof(a)), -EACCES, "context store not in the set");
	ASSERT_HAS_SUBSTR(log_buf,
			  "insn 1: write the context is not in the program's attribute set (access write_ctx)\n",
			  "write_ctx log");
	a.access = BPF_PROG_ACCESS_WRITE_CTX;
	fd = load(BPF_PROG_TYPE_SOCKET_FILTER, ctx_store, ARRAY_SIZE(ctx_store), &a, sizeof(a));
	if (ASSERT_OK_FD(fd, "context store in the set"))
		close(fd);
	/* a class the set does not handle is not restricted */
	a.access_handled = BPF_PROG_ACCESS_WRITE_PACKET;
	a.access = 0;
	fd = load(BPF_PROG_TYPE_SOCKET_FILTER, ctx_store, ARRAY_SIZE(ctx_store), &a, sizeof(a));
	if (ASSERT_OK_FD(fd, "class not handled"))
		close(fd);

	memset(&a, 0, sizeof(a));
	a.access_handled = BPF_PROG_ACCESS_WRITE_PACKET;
	ASSERT_EQ(load(BPF_PROG_TYPE_SCHED_CLS, pkt_store, ARRAY_SIZE(pkt_store), &a, sizeof(a)),
		  -EACCES, "packet store not in the set");
	ASSERT_HAS_SUBSTR(log_buf,
			  "insn 5: write packet data is not in the program's attribute set (access write_packet)\n",
			  "write_packet log");
	a.access = BPF_PROG_ACCESS_WRITE_PACKET;
	fd = load(BPF_PROG_TYPE_SCHED_CLS, pkt_store, ARRAY_SIZE(pkt_store), &a, sizeof(a));
	if (ASSERT_OK_FD(fd, "packet store in the set"))
		close(fd);
}

static void test_prog_info(void)
{
	static const char names[] = "bpf_task_release\0bpf_testmod:bpf_kfunc_call_test1";
	struct {
		struct bpf_prog_attrs a;
		char names[128];
	} decl, obs;
	struct bpf_prog_info info;
	__u32 len = sizeof(info);
	struct bpf_prog_attrs a;
	int fd, err;

	memset(&a, 0, sizeof(a));
	allow_helper(&a, BPF_FUNC_ktime_get_ns);
	allow_helper(&a, BPF_FUNC_get_prandom_u32);
	a.handled = BPF_PROG_ATTRS_H_INSN_CNT;
	a.max_insn_cnt = 100;
	allow_kfuncs(&a, names, sizeof(names));
	fd = load(BPF_PROG_TYPE_SOCKET_FILTER, call_ktime, 3, &a, sizeof(a));
	if (!ASSERT_OK_FD(fd, "load"))
		return;

	/* Full buffers. */
	memset(&info, 0, sizeof(info));
	memset(&decl, 0xff, sizeof(decl));
	memset(&obs, 0xff, sizeof(obs));
	info.attrs_declared = ptr_to_u64(&decl);
	info.attrs_declared_len = sizeof(decl);
	info.attrs_observed = ptr_to_u64(&obs);
	info.attrs_observed_len = sizeof(obs);
	err = bpf_prog_get_info_by_fd(fd, &info, &len);
	if (!ASSERT_OK(err, "get_info"))
		goto out;
	ASSERT_EQ(info.attrs_declared_len, sizeof(a) + sizeof(names), "declared len");
	ASSERT_EQ(decl.a.helpers[0], a.helpers[0], "declared helpers");
	ASSERT_EQ(decl.a.handled, BPF_PROG_ATTRS_H_INSN_CNT, "declared handled");
	ASSERT_EQ(decl.a.max_insn_cnt, 100, "declared max_insn_cnt");
	ASSERT_EQ(decl.a.kfunc_cnt, 2, "declared kfunc_cnt");
	ASSERT_EQ(decl.a.kfuncs_len, sizeof(names), "declared kfuncs_len");
	ASSERT_EQ(decl.a.kfuncs, ptr_to_u64(decl.names), "kfuncs point into the buffer");
	ASSERT_STREQ(decl.names, "bpf_task_release", "first kfunc (sorted)");
	ASSERT_STREQ(decl.names + strlen("bpf_task_release") + 1,
		     "bpf_testmod:bpf_kfunc_call_test1", "second kfunc");
	ASSERT_EQ(info.attrs_observed_len, sizeof(a), "observed len");
	ASSERT_EQ(obs.a.helpers[0], 1ULL << BPF_FUNC_ktime_get_ns, "observed helpers");
	ASSERT_EQ(obs.a.helpers[1] | obs.a.helpers[2] | obs.a.helpers[3], 0, "observed helpers hi");
	ASSERT_EQ(obs.a.map_types, 0, "observed map types");
	ASSERT_EQ(obs.a.map_types_write, 0, "observed map writes");
	/* the observed set handles every kind: it loads as a declared set */
	ASSERT_EQ(obs.a.handled, ATTRS_H_ALL, "observed handled");
	ASSERT_EQ(obs.a.access_handled, ATTRS_ACCESS_ALL, "observed access_handled");
	ASSERT_EQ(obs.a.access, 0, "observed access");
	ASSERT_EQ(obs.a.max_insn_cnt, 3, "observed insn cnt");
	ASSERT_EQ(obs.a.max_insn_processed, info.verified_insns, "observed work");
	ASSERT_EQ(obs.a.kfunc_cnt, 0, "observed kfuncs");
	ASSERT_EQ(info.attrs_observed_flags, 0, "observed flags (raw, no BTF)");

	/* What was reported back loads again as it is, declared and observed. */
	err = load(BPF_PROG_TYPE_SOCKET_FILTER, call_ktime, 3, &decl, sizeof(decl.a));
	if (ASSERT_OK_FD(err, "reload with the reported set"))
		close(err);
	err = load(BPF_PROG_TYPE_SOCKET_FILTER, call_ktime, 3, &obs, sizeof(obs.a));
	if (ASSERT_OK_FD(err, "reload with the observed set"))
		close(err);

	/* A buffer too small: the prefix that fits, and the full size. */
	memset(&info, 0, sizeof(info));
	memset(&decl, 0xff, sizeof(decl));
	info.attrs_declared = ptr_to_u64(&decl);
	info.attrs_declared_len = 16;
	len = sizeof(info);
	err = bpf_prog_get_info_by_fd(fd, &info, &len);
	ASSERT_OK(err, "get_info small");
	ASSERT_EQ(info.attrs_declared_len, sizeof(a) + sizeof(names), "full size reported");
	ASSERT_EQ(decl.a.helpers[0], a.helpers[0], "prefix copied");
	ASSERT_EQ(decl.a.helpers[2], ~0ULL, "nothing past the buffer");
	ASSERT_EQ(info.attrs_observed_len, sizeof(a), "no observed buffer, its size");

	/* Without a set: no declared set, an observed one. */
	close(fd);
	fd = load(BPF_PROG_TYPE_SOCKET_FILTER, ret0, 2, NULL, 0);
	if (!ASSERT_OK_FD(fd, "load without set"))
		return;
	memset(&info, 0, sizeof(info));
	info.attrs_declared = ptr_to_u64(&decl);
	info.attrs_declared_len = sizeof(decl);
	info.attrs_observed = ptr_to_u64(&obs);
	info.attrs_observed_len = sizeof(obs);
	len = sizeof(info);
	err = bpf_prog_get_info_by_fd(fd, &info, &len);
	ASSERT_OK(err, "get_info no set");
	ASSERT_EQ(info.attrs_declared_len, 0, "no declared set");
	ASSERT_EQ(info.attrs_observed_len, sizeof(a), "observed set");
	ASSERT_EQ(obs.a.helpers[0], 0, "observed no helpers");
	ASSERT_EQ(obs.a.handled, ATTRS_H_ALL, "observed handled, no set");
	ASSERT_EQ(obs.a.access_handled, ATTRS_ACCESS_ALL, "observed access_handled, no set");
	ASSERT_EQ(obs.a.max_insn_cnt, 2, "observed insn cnt, no set");
out:
	close(fd);
}

static __u32 prog_id(int fd)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);

	if (bpf_prog_get_info_by_fd(fd, &info, &len))
		return 0;
	return info.id;
}

static void test_lsm(void)
{
	static const char names[] = "bpf_task_release";
	struct prog_attrs_lsm *skel;
	struct bpf_prog_attrs a;
	__u32 id_before, id_after;
	int fd;

	skel = prog_attrs_lsm__open_and_load();
	if (!ASSERT_OK_PTR(skel, "open_and_load"))
		return;
	skel->bss->monitored_pid = getpid();
	if (!ASSERT_OK(prog_attrs_lsm__attach(skel), "attach"))
		goto out;

	/* The hook sees the declared and the observed set. */
	memset(&a, 0, sizeof(a));
	allow_helper(&a, BPF_FUNC_ktime_get_ns);
	allow_helper(&a, BPF_FUNC_get_prandom_u32);
	a.handled = BPF_PROG_ATTRS_H_INSN_CNT;
	a.max_insn_cnt = 10;
	allow_kfuncs(&a, names, sizeof(names));
	fd = load(BPF_PROG_TYPE_SOCKET_FILTER, call_ktime, 3, &a, sizeof(a));
	if (!ASSERT_OK_FD(fd, "load with a set"))
		goto out;
	id_before = prog_id(fd);
	close(fd);
	ASSERT_EQ(skel->bss->calls, 1, "hook called once");
	ASSERT_EQ(skel->bss->seen_declared, 1, "declared set passed");
	ASSERT_EQ(skel->bss->declared_helpers0, a.helpers[0], "declared helpers");
	ASSERT_EQ(skel->bss->declared_max_insn_cnt, 10, "declared max_insn_cnt");
	ASSERT_EQ(skel->bss->declared_kfunc_cnt, 1, "declared kfuncs");
	ASSERT_EQ(skel->bss->observed_helpers0, 1ULL << BPF_FUNC_ktime_get_ns, "observed helpers");
	ASSERT_EQ(skel->bss->observed_insn_cnt, 3, "observed insn cnt");
	ASSERT_EQ(skel->bss->observed_handled, ATTRS_H_ALL, "observed handles every kind");

	/* Without a set: NULL declared, observed still there. */
	fd = load(BPF_PROG_TYPE_SOCKET_FILTER, ret0, 2, NULL, 0);
	if (ASSERT_OK_FD(fd, "load without a set"))
		close(fd);
	ASSERT_EQ(skel->bss->calls, 2, "hook called again");
	ASSERT_EQ(skel->bss->seen_declared, 0, "no declared set");
	ASSERT_EQ(skel->bss->observed_insn_cnt, 2, "observed insn cnt, no set");

	/* The supervisor denies: its errno, and no program id was used. */
	a.max_insn_cnt = 4242;
	ASSERT_EQ(load(BPF_PROG_TYPE_SOCKET_FILTER, call_ktime, 3, &a, sizeof(a)), -EPERM,
		  "denied by the hook");
	ASSERT_EQ(skel->bss->calls, 3, "hook called for the denied load");
	fd = load(BPF_PROG_TYPE_SOCKET_FILTER, ret0, 2, NULL, 0);
	if (!ASSERT_OK_FD(fd, "load after the denial"))
		goto out;
	id_after = prog_id(fd);
	close(fd);
	/* ids are cyclic: only the program without a set took one in between */
	ASSERT_EQ(id_after, id_before + 2, "denied load allocated no id");
out:
	prog_attrs_lsm__destroy(skel);
}

/* serial: the lsm subtest counts program ids */
void serial_test_prog_attrs(void)
{
	if (test__start_subtest("bad_input"))
		test_bad_input();
	if (test__start_subtest("helpers"))
		test_helpers();
	if (test__start_subtest("dead_code"))
		test_dead_code();
	if (test__start_subtest("subprog"))
		test_subprog();
	if (test__start_subtest("limits"))
		test_limits();
	if (test__start_subtest("maps"))
		test_maps();
	if (test__start_subtest("map_value_store"))
		test_map_value_store();
	if (test__start_subtest("access_classes"))
		test_access_classes();
	if (test__start_subtest("prog_info"))
		test_prog_info();
	if (test__start_subtest("lsm"))
		test_lsm();
}

/* The rules as RUN_TESTS cases: each refusal's log line, next to its twin */
void test_prog_attrs_rules(void)
{
	RUN_TESTS(prog_attrs_rules);
}
