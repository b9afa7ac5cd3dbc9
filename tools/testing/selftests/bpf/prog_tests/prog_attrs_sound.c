// SPDX-License-Identifier: GPL-2.0
/*
 * BPF program attribute sets: soundness of the access and map rules. Each
 * way a program reads kernel memory, writes kernel memory or packet data,
 * or writes a map, is refused with the exact errno and log line when its
 * attribute is missing, next to a twin that has it, loads and (where it
 * can) runs and shows its effect, and the observed set of the undeclared
 * program records it: writable tracepoint buffers, struct bpf_map fields,
 * socket pointers, struct_ops stores through a BTF pointer, __ksym
 * addresses, kfunc memory, skb dynptrs (helper, slices, kfuncs), packet
 * helpers, arenas, bpf_user_ringbuf_drain(), map
 * element iterators (checked at attach), the observed flags, the observed
 * set loaded as a declared one, and a refused prog array insertion.
 */
#include <test_progs.h>
#include <bpf/btf.h>
#include <linux/filter.h>
#include <fcntl.h>
#include <unistd.h>
#include "network_helpers.h"

#define PROG_ATTRS_LOG_SIZE 65536
#include "prog_attrs_helpers.h"

#define SOUND_OBJ "prog_attrs_sound.bpf.o"
#define ARENA_OBJ "prog_attrs_sound_arena.bpf.o"
#define TESTMOD_FILE "/sys/kernel/bpf_testmod"

#define READ_KERNEL BPF_PROG_ACCESS_READ_KERNEL
#define WRITE_KERNEL BPF_PROG_ACCESS_WRITE_KERNEL
#define WRITE_PACKET BPF_PROG_ACCESS_WRITE_PACKET
#define OBS_ATTACH_MAPS BPF_PROG_ATTRS_OBS_ATTACH_MAPS
#define OBS_EXTENSIBLE BPF_PROG_ATTRS_OBS_EXTENSIBLE

/* the log lines, after "insn N: " */
#define READ_KERNEL_LINE \
	"read kernel memory is not in the program's attribute set (access read_kernel)\n"
#define WRITE_KERNEL_LINE \
	"write kernel memory is not in the program's attribute set (access write_kernel)\n"
#define WRITE_PACKET_LINE \
	"write packet data is not in the program's attribute set (access write_packet)\n"

static struct btf *vmlinux_btf, *testmod_btf;

/* restrict access classes @handled, allowing @allowed of them */
static void set_access(struct bpf_prog_attrs *a, __u64 handled, __u64 allowed)
{
	a->access_handled = handled;
	a->access = allowed;
}

static bool have_testmod(void)
{
	return access(TESTMOD_FILE, F_OK) == 0;
}

static struct btf *kernel_btf(bool testmod)
{
	if (!vmlinux_btf)
		vmlinux_btf = btf__load_vmlinux_btf();
	if (!testmod || !vmlinux_btf)
		return vmlinux_btf;
	if (!testmod_btf)
		testmod_btf = btf__load_module_btf("bpf_testmod", vmlinux_btf);
	return testmod_btf;
}

/* Index of the first call to kfunc @name (of vmlinux, or of bpf_testmod) */
static int kfunc_idx(const struct bpf_program *prog, bool testmod, const char *name)
{
	struct btf *btf = kernel_btf(testmod);
	int id;

	id = btf ? btf__find_by_name_kind(btf, name, BTF_KIND_FUNC) : -1;
	return id > 0 ? kfunc_call_idx(prog, id) : -1;
}

/* Index of the first ld_imm64 of a typed __ksym (BPF_PSEUDO_BTF_ID) */
static int ksym_idx(const struct bpf_program *prog)
{
	const struct bpf_insn *insn = bpf_program__insns(prog);
	size_t i, n = bpf_program__insn_cnt(prog);

	for (i = 0; i < n; i++)
		if (insn[i].code == (BPF_LD | BPF_IMM | BPF_DW) &&
		    insn[i].src_reg == BPF_PSEUDO_BTF_ID)
			return i;
	return -1;
}

/* Index of the first store of @size (BPF_B ...) not to the stack (r10) */
static int store_idx(const struct bpf_program *prog, int size)
{
	const struct bpf_insn *insn = bpf_program__insns(prog);
	size_t i, n = bpf_program__insn_cnt(prog);

	for (i = 0; i < n; i++) {
		__u8 cls = BPF_CLASS(insn[i].code);

		if ((cls == BPF_ST || cls == BPF_STX) && BPF_MODE(insn[i].code) == BPF_MEM &&
		    BPF_SIZE(insn[i].code) == size && insn[i].dst_reg != BPF_REG_10)
			return i;
	}
	return -1;
}

/* The log has "insn @idx: @line" (@idx found in the loaded program). */
static void expect_line(int idx, const char *line, const char *what)
{
	char want[512];

	if (!ASSERT_GE(idx, 0, "instruction found"))
		return;
	snprintf(want, sizeof(want), "insn %d: %s", idx, line);
	ASSERT_HAS_SUBSTR(log_buf, want, what);
}

static void expect_map_write(int idx, const char *how, const char *map, const char *type,
			     const char *what)
{
	char line[256];

	snprintf(line, sizeof(line),
		 "%s map '%s' of type %s is not in the program's attribute set (map_types_write)\n",
		 how, map, type);
	expect_line(idx, line, what);
}

/* load_one() that must fail with -EACCES; close the object after use. */
static struct bpf_object *load_refused(const char *file, const char *name,
				       const struct bpf_prog_attrs *a, const char *what,
				       struct bpf_program **prog)
{
	struct bpf_object *obj;
	int err;

	obj = load_one(file, name, a, 0, NULL, &err, prog);
	if (obj)
		ASSERT_EQ(err, -EACCES, what);
	return obj;
}

/* bpf_prog_info with the observed set; the struct and its kfunc names */
struct attrs_report {
	struct bpf_prog_attrs a;
	char names[512];
};

static int observed(int fd, struct attrs_report *r, __u32 *flags, __u32 *verified)
{
	struct bpf_prog_info info;
	int err;

	err = get_observed(fd, &info, r, sizeof(*r));
	if (!ASSERT_OK(err, "get_info"))
		return err;
	if (!ASSERT_LE(info.attrs_observed_len, sizeof(*r), "the set fits"))
		return -E2BIG;
	if (flags)
		*flags = info.attrs_observed_flags;
	if (verified)
		*verified = info.verified_insns;
	return 0;
}

/* The undeclared program's observed access classes, or -1. */
static __s64 observed_access(int fd)
{
	struct attrs_report r;

	return observed(fd, &r, NULL, NULL) ? -1 : (__s64)r.a.access;
}

/* BPF_PROG_TEST_RUN on pkt_v4; the packet as it came out in @out */
static int run_pkt(int fd, void *out)
{
	LIBBPF_OPTS(bpf_test_run_opts, topts, .data_in = &pkt_v4,
		    .data_size_in = sizeof(pkt_v4), .repeat = 1);

	if (out) {
		topts.data_out = out;
		topts.data_size_out = sizeof(pkt_v4);
	}
	if (!ASSERT_OK(bpf_prog_test_run_opts(fd, &topts), "test_run"))
		return -1;
	return topts.retval;
}

static int run_syscall(int fd)
{
	LIBBPF_OPTS(bpf_test_run_opts, topts);

	if (!ASSERT_OK(bpf_prog_test_run_opts(fd, &topts), "test_run"))
		return -1;
	return topts.retval;
}

/* Rule 1: a writable raw tracepoint's buffer is kernel memory. */
static void test_tp_buffer(void)
{
	/* struct bpf_testmod_test_writable_ctx { bool early_ret; int val; } */
	const struct bpf_insn insns[] = {
		BPF_LDX_MEM(BPF_DW, BPF_REG_6, BPF_REG_1, 0),	/* the buffer */
		BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_6, 4),	/* insn 1: load val */
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_0, 1),
		BPF_STX_MEM(BPF_W, BPF_REG_6, BPF_REG_0, 4),	/* insn 3: store val */
		BPF_ST_MEM(BPF_B, BPF_REG_6, 0, 1),		/* early_ret = true */
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN(),
	};
	const enum bpf_prog_type type = BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE;
	struct bpf_prog_attrs a = {};
	int fd, tp, n, tfd;
	char buf[64] = {};

	set_access(&a, READ_KERNEL, 0);
	ASSERT_EQ(load_raw(type, insns, ARRAY_SIZE(insns), &a), -EACCES, "load refused");
	ASSERT_HAS_SUBSTR(log_buf, "insn 1: " READ_KERNEL_LINE, "read_kernel log line");

	set_access(&a, READ_KERNEL | WRITE_KERNEL, READ_KERNEL);
	ASSERT_EQ(load_raw(type, insns, ARRAY_SIZE(insns), &a), -EACCES, "store refused");
	ASSERT_HAS_SUBSTR(log_buf, "insn 3: " WRITE_KERNEL_LINE, "write_kernel log line");

	fd = load_raw(type, insns, ARRAY_SIZE(insns), NULL);
	if (ASSERT_OK_FD(fd, "undeclared")) {
		ASSERT_EQ(observed_access(fd), READ_KERNEL | WRITE_KERNEL, "observed access");
		close(fd);
	}

	set_access(&a, READ_KERNEL | WRITE_KERNEL, READ_KERNEL | WRITE_KERNEL);
	fd = load_raw(type, insns, ARRAY_SIZE(insns), &a);
	if (!ASSERT_OK_FD(fd, "loads with read_kernel and write_kernel"))
		return;
	if (!have_testmod()) {
		close(fd);
		test__skip();	/* no bpf_testmod: its tracepoint cannot run it */
		return;
	}
	/* bpf_testmod's read of 64 bytes fires the tracepoint: the program
	 * makes it return early with val + 1
	 */
	tp = bpf_raw_tracepoint_open("bpf_testmod_test_writable_bare", fd);
	if (ASSERT_OK_FD(tp, "attach")) {
		tfd = open(TESTMOD_FILE, O_RDONLY);
		if (ASSERT_OK_FD(tfd, "open " TESTMOD_FILE)) {
			n = read(tfd, buf, sizeof(buf));
			ASSERT_EQ(n, 5, "read");
			ASSERT_STREQ(buf, "1025\n", "val written by the program");
			close(tfd);
		}
		close(tp);
	}
	close(fd);
}

/*
 * Index of member @member in struct @type of vmlinux, its byte offset in
 * *@off; -1 if there is none.
 */
static int member_of(const char *type, const char *member, int *off)
{
	struct btf *btf = kernel_btf(false);
	const struct btf_member *m;
	const struct btf_type *t;
	int id, i;

	*off = -1;
	id = btf ? btf__find_by_name_kind(btf, type, BTF_KIND_STRUCT) : -1;
	if (id <= 0)
		return -1;
	t = btf__type_by_id(btf, id);
	for (i = 0, m = btf_members(t); i < btf_vlen(t); i++, m++) {
		if (!strcmp(btf__name_by_offset(btf, m->name_off), member)) {
			*off = btf_member_bit_offset(t, i) / 8;
			return i;
		}
	}
	return -1;
}

/* Rule 1: the fields of a map's struct bpf_map (CONST_PTR_TO_MAP). */
static void test_const_map_ptr(void)
{
	struct bpf_prog_attrs a = {};
	int map_fd, fd, off;

	if (!ASSERT_OK_PTR(kernel_btf(false), "vmlinux BTF"))
		return;
	member_of("bpf_map", "max_entries", &off);
	if (!ASSERT_GT(off, 0, "max_entries offset"))
		return;
	map_fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "attrs_cmp", 4, 4, 7, NULL);
	if (!ASSERT_OK_FD(map_fd, "array map"))
		return;
	{
		/* r0 = ((struct bpf_map *)&map)->max_entries */
		const struct bpf_insn insns[] = {
			BPF_LD_MAP_FD(BPF_REG_1, map_fd),
			BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, off),	/* insn 2 */
			BPF_EXIT_INSN(),
		};
		const enum bpf_prog_type type = BPF_PROG_TYPE_SOCKET_FILTER;
		struct attrs_report r;

		set_access(&a, READ_KERNEL, 0);
		ASSERT_EQ(load_raw(type, insns, ARRAY_SIZE(insns), &a), -EACCES, "load refused");
		ASSERT_HAS_SUBSTR(log_buf, "insn 2: " READ_KERNEL_LINE, "log line");

		fd = load_raw(type, insns, ARRAY_SIZE(insns), NULL);
		if (ASSERT_OK_FD(fd, "undeclared")) {
			if (!observed(fd, &r, NULL, NULL)) {
				ASSERT_EQ(r.a.access, READ_KERNEL, "observed access");
				ASSERT_EQ(r.a.map_types, 1ULL << BPF_MAP_TYPE_ARRAY,
					  "observed map types");
			}
			close(fd);
		}

		set_access(&a, READ_KERNEL, READ_KERNEL);
		fd = load_raw(type, insns, ARRAY_SIZE(insns), &a);
		if (ASSERT_OK_FD(fd, "loads with read_kernel")) {
			ASSERT_EQ(run_pkt(fd, NULL), 7, "read max_entries");
			close(fd);
		}
	}
	close(map_fd);
}

/* Rule 1: socket pointers (skb->sk). */
static void test_sock_ptr(void)
{
	/* r0 = skb->sk ? skb->sk->family : 0 */
	const struct bpf_insn insns[] = {
		BPF_LDX_MEM(BPF_DW, BPF_REG_2, BPF_REG_1, offsetof(struct __sk_buff, sk)),
		BPF_JMP_IMM(BPF_JEQ, BPF_REG_2, 0, 2),
		BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_2, offsetof(struct bpf_sock, family)),
		BPF_EXIT_INSN(),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN(),
	};
	const enum bpf_prog_type type = BPF_PROG_TYPE_SCHED_CLS;
	struct bpf_prog_attrs a = {};
	int fd;

	set_access(&a, READ_KERNEL, 0);
	ASSERT_EQ(load_raw(type, insns, ARRAY_SIZE(insns), &a), -EACCES, "load refused");
	ASSERT_HAS_SUBSTR(log_buf, "insn 2: " READ_KERNEL_LINE, "log line");

	fd = load_raw(type, insns, ARRAY_SIZE(insns), NULL);
	if (ASSERT_OK_FD(fd, "undeclared")) {
		ASSERT_EQ(observed_access(fd), READ_KERNEL, "observed access");
		close(fd);
	}

	set_access(&a, READ_KERNEL, READ_KERNEL);
	fd = load_raw(type, insns, ARRAY_SIZE(insns), &a);
	if (ASSERT_OK_FD(fd, "loads with read_kernel")) {
		/* BPF_PROG_TEST_RUN gives the skb a socket of the packet's family */
		ASSERT_EQ(run_pkt(fd, NULL), AF_INET, "sk->family");
		close(fd);
	}
}

/* A tcp_congestion_ops.cong_avoid program, loaded alone */
static int load_cong_avoid(const struct bpf_insn *insns, size_t cnt,
			   const struct bpf_prog_attrs *a)
{
	LIBBPF_OPTS(bpf_prog_load_opts, lo,
		    .log_buf = log_buf, .log_size = sizeof(log_buf), .log_level = log_level,
		    .prog_attrs = a, .prog_attrs_size = a ? sizeof(*a) : 0);
	int off;

	lo.attach_btf_id = btf__find_by_name_kind(kernel_btf(false), "tcp_congestion_ops",
						  BTF_KIND_STRUCT);
	lo.expected_attach_type = member_of("tcp_congestion_ops", "cong_avoid", &off);
	log_buf[0] = '\0';
	return bpf_prog_load(BPF_PROG_TYPE_STRUCT_OPS, NULL, "GPL", insns, cnt, &lo);
}

/*
 * Rule 1: a struct_ops program stores to kernel memory through a BTF
 * pointer it is given: cong_avoid sets tcp_sock->snd_cwnd (the tcp_ca
 * struct_ops lets it). Its twin only reads the field.
 */
static void test_struct_ops_store(void)
{
	struct bpf_prog_attrs a = {};
	int fd, off, unused;

	if (!ASSERT_OK_PTR(kernel_btf(false), "vmlinux BTF") ||
	    !ASSERT_GE(member_of("tcp_congestion_ops", "cong_avoid", &unused), 0,
		       "tcp_congestion_ops.cong_avoid"))
		return;
	member_of("tcp_sock", "snd_cwnd", &off);
	if (!ASSERT_GT(off, 0, "tcp_sock.snd_cwnd offset"))
		return;
	{
		/* ((struct tcp_sock *)sk)->snd_cwnd = 10 */
		const struct bpf_insn store[] = {
			BPF_LDX_MEM(BPF_DW, BPF_REG_2, BPF_REG_1, 0),	/* sk */
			BPF_MOV64_IMM(BPF_REG_3, 10),
			BPF_STX_MEM(BPF_W, BPF_REG_2, BPF_REG_3, off),	/* insn 2 */
			BPF_MOV64_IMM(BPF_REG_0, 0),
			BPF_EXIT_INSN(),
		};
		/* the twin: r3 = ((struct tcp_sock *)sk)->snd_cwnd */
		const struct bpf_insn load[] = {
			BPF_LDX_MEM(BPF_DW, BPF_REG_2, BPF_REG_1, 0),
			BPF_LDX_MEM(BPF_W, BPF_REG_3, BPF_REG_2, off),	/* insn 1 */
			BPF_MOV64_IMM(BPF_REG_0, 0),
			BPF_EXIT_INSN(),
		};

		set_access(&a, WRITE_KERNEL, 0);
		ASSERT_EQ(load_cong_avoid(store, ARRAY_SIZE(store), &a), -EACCES,
			  "store refused");
		ASSERT_HAS_SUBSTR(log_buf, "insn 2: " WRITE_KERNEL_LINE, "write_kernel log line");
		set_access(&a, READ_KERNEL | WRITE_KERNEL, READ_KERNEL);
		ASSERT_EQ(load_cong_avoid(store, ARRAY_SIZE(store), &a), -EACCES,
			  "store refused with read_kernel");
		ASSERT_HAS_SUBSTR(log_buf, "insn 2: " WRITE_KERNEL_LINE, "write_kernel log line");

		set_access(&a, WRITE_KERNEL, WRITE_KERNEL);
		fd = load_cong_avoid(store, ARRAY_SIZE(store), &a);
		if (ASSERT_OK_FD(fd, "store loads with write_kernel"))
			close(fd);
		fd = load_cong_avoid(store, ARRAY_SIZE(store), NULL);
		if (ASSERT_OK_FD(fd, "store undeclared")) {
			ASSERT_EQ(observed_access(fd), WRITE_KERNEL, "observed access, store");
			close(fd);
		}

		set_access(&a, READ_KERNEL | WRITE_KERNEL, 0);
		ASSERT_EQ(load_cong_avoid(load, ARRAY_SIZE(load), &a), -EACCES, "load refused");
		ASSERT_HAS_SUBSTR(log_buf, "insn 1: " READ_KERNEL_LINE, "read_kernel log line");
		set_access(&a, READ_KERNEL | WRITE_KERNEL, READ_KERNEL);
		fd = load_cong_avoid(load, ARRAY_SIZE(load), &a);
		if (ASSERT_OK_FD(fd, "read loads without write_kernel"))
			close(fd);
		fd = load_cong_avoid(load, ARRAY_SIZE(load), NULL);
		if (ASSERT_OK_FD(fd, "read undeclared")) {
			ASSERT_EQ(observed_access(fd), READ_KERNEL, "observed access, read");
			close(fd);
		}
	}
}

/* Rule 1: the address of a typed __ksym, at its ld_imm64. */
static void test_ksym(void)
{
	struct bpf_prog_attrs a = {};
	struct bpf_program *prog;
	struct bpf_object *obj;
	struct btf *btf;
	int err;

	btf = kernel_btf(false);
	if (!ASSERT_OK_PTR(btf, "vmlinux BTF"))
		return;
	if (btf__find_by_name_kind(btf, "bpf_prog_active", BTF_KIND_VAR) <= 0) {
		test__skip();	/* per-CPU variables not in BTF */
		return;
	}
	allow_helper(&a, BPF_FUNC_this_cpu_ptr);
	set_access(&a, READ_KERNEL, 0);
	obj = load_refused(SOUND_OBJ, "ksym_read", &a, "ld_imm64 of a __ksym refused", &prog);
	if (obj) {
		expect_line(ksym_idx(prog), READ_KERNEL_LINE, "log line at the ld_imm64");
		bpf_object__close(obj);
	}

	obj = load_one(SOUND_OBJ, "ksym_read", NULL, 0, NULL, &err, &prog);
	if (obj) {
		if (ASSERT_OK(err, "undeclared"))
			ASSERT_EQ(observed_access(bpf_program__fd(prog)), READ_KERNEL,
				  "observed access");
		bpf_object__close(obj);
	}

	set_access(&a, READ_KERNEL, READ_KERNEL);
	obj = load_one(SOUND_OBJ, "ksym_read", &a, 0, NULL, &err, &prog);
	if (obj) {
		/* not in a tracing program: bpf_prog_active is 0 */
		if (ASSERT_OK(err, "loads with read_kernel"))
			ASSERT_EQ(run_pkt(bpf_program__fd(prog), NULL), 0, "read bpf_prog_active");
		bpf_object__close(obj);
	}
}

/* Rule 1: memory a kfunc returns (bpf_testmod). */
static void test_kfunc_mem(void)
{
	static const char rdwr[] = "bpf_kfunc_call_test_acquire\0"
				   "bpf_kfunc_call_test_get_rdwr_mem\0"
				   "bpf_kfunc_call_test_release";
	static const char rdonly[] = "bpf_kfunc_call_test_acquire\0"
				     "bpf_kfunc_call_test_get_rdonly_mem\0"
				     "bpf_kfunc_call_test_release";
	struct bpf_prog_attrs a = {};
	struct bpf_program *prog;
	struct bpf_object *obj;
	int err;

	if (!have_testmod() || !ASSERT_OK_PTR(kernel_btf(true), "bpf_testmod BTF")) {
		test__skip();
		return;
	}
	allow_kfuncs(&a, rdwr, sizeof(rdwr));
	set_access(&a, WRITE_KERNEL, 0);
	obj = load_refused(SOUND_OBJ, "kfunc_rdwr", &a, "writable kfunc memory refused", &prog);
	if (obj) {
		expect_line(kfunc_idx(prog, true, "bpf_kfunc_call_test_get_rdwr_mem"),
			    WRITE_KERNEL_LINE, "write_kernel log line at the call");
		bpf_object__close(obj);
	}
	set_access(&a, READ_KERNEL, 0);
	obj = load_refused(SOUND_OBJ, "kfunc_rdwr", &a, "kfunc memory refused", &prog);
	if (obj) {
		expect_line(kfunc_idx(prog, true, "bpf_kfunc_call_test_get_rdwr_mem"),
			    READ_KERNEL_LINE, "read_kernel log line at the call");
		bpf_object__close(obj);
	}

	set_access(&a, READ_KERNEL | WRITE_KERNEL, READ_KERNEL | WRITE_KERNEL);
	obj = load_one(SOUND_OBJ, "kfunc_rdwr", &a, 0, NULL, &err, &prog);
	if (obj) {
		if (ASSERT_OK(err, "loads with read_kernel and write_kernel"))
			ASSERT_EQ(run_pkt(bpf_program__fd(prog), NULL), 108, "read p[1]");
		bpf_object__close(obj);
	}
	obj = load_one(SOUND_OBJ, "kfunc_rdwr", NULL, 0, NULL, &err, &prog);
	if (obj) {
		if (ASSERT_OK(err, "undeclared"))
			ASSERT_EQ(observed_access(bpf_program__fd(prog)),
				  READ_KERNEL | WRITE_KERNEL, "observed access, rdwr");
		bpf_object__close(obj);
	}

	/* read-only memory: read_kernel only */
	memset(&a, 0, sizeof(a));
	allow_kfuncs(&a, rdonly, sizeof(rdonly));
	set_access(&a, READ_KERNEL, 0);
	obj = load_refused(SOUND_OBJ, "kfunc_rdonly", &a, "read-only kfunc memory refused", &prog);
	if (obj) {
		expect_line(kfunc_idx(prog, true, "bpf_kfunc_call_test_get_rdonly_mem"),
			    READ_KERNEL_LINE, "read_kernel log line at the call");
		bpf_object__close(obj);
	}
	set_access(&a, READ_KERNEL | WRITE_KERNEL, READ_KERNEL);
	obj = load_one(SOUND_OBJ, "kfunc_rdonly", &a, 0, NULL, &err, &prog);
	if (obj) {
		if (ASSERT_OK(err, "read-only memory is no write_kernel"))
			ASSERT_EQ(run_pkt(bpf_program__fd(prog), NULL), 42, "read p[0]");
		bpf_object__close(obj);
	}
	obj = load_one(SOUND_OBJ, "kfunc_rdonly", NULL, 0, NULL, &err, &prog);
	if (obj) {
		if (ASSERT_OK(err, "undeclared"))
			ASSERT_EQ(observed_access(bpf_program__fd(prog)), READ_KERNEL,
				  "observed access, rdonly");
		bpf_object__close(obj);
	}
}

/* Load @name undeclared and assert its observed access classes. */
static void expect_observed_access(const char *name, __u64 want)
{
	struct bpf_program *prog;
	struct bpf_object *obj;
	int err;

	obj = load_one(SOUND_OBJ, name, NULL, 0, NULL, &err, &prog);
	if (!obj)
		return;
	if (ASSERT_OK(err, name))
		ASSERT_EQ(observed_access(bpf_program__fd(prog)), want, "observed access");
	bpf_object__close(obj);
}

/* Rule 2: bpf_dynptr_write() to an skb dynptr, at the helper call. */
static void test_dynptr_write(void)
{
	struct bpf_prog_attrs a = {};
	struct bpf_program *prog;
	struct ipv4_packet out;
	struct bpf_object *obj;
	int err;

	allow_helper(&a, BPF_FUNC_dynptr_write);
	allow_kfunc(&a, "bpf_dynptr_from_skb");
	set_access(&a, WRITE_PACKET, 0);
	obj = load_refused(SOUND_OBJ, "dynptr_write_skb", &a, "skb dynptr write refused", &prog);
	if (obj) {
		expect_line(call_idx(prog, BPF_FUNC_dynptr_write), WRITE_PACKET_LINE,
			    "log line at the helper call");
		bpf_object__close(obj);
	}

	expect_observed_access("dynptr_write_skb", WRITE_PACKET);

	set_access(&a, WRITE_PACKET, WRITE_PACKET);
	obj = load_one(SOUND_OBJ, "dynptr_write_skb", &a, 0, NULL, &err, &prog);
	if (!obj)
		return;
	if (ASSERT_OK(err, "loads with write_packet")) {
		memset(&out, 0, sizeof(out));
		ASSERT_EQ(run_pkt(bpf_program__fd(prog), &out), 0, "run");
		ASSERT_EQ(out.eth.h_dest[0], 0x12, "packet written [0]");
		ASSERT_EQ(out.eth.h_dest[1], 0x34, "packet written [1]");
	}
	bpf_object__close(obj);
}

/* Rule 2: a store through bpf_dynptr_slice_rdwr() of an skb dynptr, at
 * the store; a read-only slice and bpf_dynptr_size() write nothing.
 */
static void test_dynptr_slice_rdwr(void)
{
	static const char rdwr[] = "bpf_dynptr_from_skb\0bpf_dynptr_slice_rdwr";
	static const char rdonly[] = "bpf_dynptr_from_skb\0bpf_dynptr_slice";
	static const char size[] = "bpf_dynptr_from_skb\0bpf_dynptr_size";
	struct bpf_prog_attrs a = {};
	struct bpf_program *prog;
	struct ipv4_packet out;
	struct bpf_object *obj;
	int err;

	allow_kfuncs(&a, rdwr, sizeof(rdwr));
	set_access(&a, WRITE_PACKET, 0);
	obj = load_refused(SOUND_OBJ, "dynptr_slice_store", &a, "slice store refused", &prog);
	if (obj) {
		expect_line(store_idx(prog, BPF_B), WRITE_PACKET_LINE, "log line at the store");
		bpf_object__close(obj);
	}

	expect_observed_access("dynptr_slice_store", WRITE_PACKET);

	set_access(&a, WRITE_PACKET, WRITE_PACKET);
	obj = load_one(SOUND_OBJ, "dynptr_slice_store", &a, 0, NULL, &err, &prog);
	if (obj) {
		if (ASSERT_OK(err, "loads with write_packet")) {
			memset(&out, 0, sizeof(out));
			ASSERT_EQ(run_pkt(bpf_program__fd(prog), &out), 0, "run");
			ASSERT_EQ(out.eth.h_dest[0], 0x56, "packet written");
		}
		bpf_object__close(obj);
	}

	/* the twins: a read-only slice and the dynptr's size */
	memset(&a, 0, sizeof(a));
	allow_kfuncs(&a, rdonly, sizeof(rdonly));
	set_access(&a, ATTRS_ACCESS_ALL, 0);
	obj = load_one(SOUND_OBJ, "dynptr_slice_load", &a, 0, NULL, &err, &prog);
	if (obj) {
		if (ASSERT_OK(err, "read-only slice, no access class"))
			ASSERT_EQ(run_pkt(bpf_program__fd(prog), NULL), 0x08, "read h_proto");
		bpf_object__close(obj);
	}
	expect_observed_access("dynptr_slice_load", 0);

	allow_kfuncs(&a, size, sizeof(size));
	obj = load_one(SOUND_OBJ, "dynptr_size_skb", &a, 0, NULL, &err, &prog);
	if (obj) {
		if (ASSERT_OK(err, "bpf_dynptr_size, no access class"))
			ASSERT_EQ(run_pkt(bpf_program__fd(prog), NULL), sizeof(pkt_v4), "size");
		bpf_object__close(obj);
	}
}

/* Rule 2, the twin: a local dynptr (over a map value) is not the packet. */
static void test_dynptr_local(void)
{
	struct bpf_prog_attrs a = {};
	struct bpf_program *prog;
	struct attrs_report r;
	struct bpf_object *obj;
	int err;

	allow_helper(&a, BPF_FUNC_dynptr_from_mem);
	allow_helper(&a, BPF_FUNC_dynptr_write);
	set_access(&a, ATTRS_ACCESS_ALL, 0);
	obj = load_one(SOUND_OBJ, "dynptr_local", &a, 0, NULL, &err, &prog);
	if (obj) {
		if (ASSERT_OK(err, "local dynptr write, no access class"))
			ASSERT_EQ(run_pkt(bpf_program__fd(prog), NULL), 7, "written through it");
		bpf_object__close(obj);
	}

	obj = load_one(SOUND_OBJ, "dynptr_local", NULL, 0, NULL, &err, &prog);
	if (!obj)
		return;
	if (ASSERT_OK(err, "undeclared") && !observed(bpf_program__fd(prog), &r, NULL, NULL)) {
		ASSERT_EQ(r.a.access, 0, "observed access");
		/* counted when the dynptr is made: its memory, a .bss value */
		ASSERT_EQ(r.a.map_types_write, 1ULL << BPF_MAP_TYPE_ARRAY,
			  "observed map_types_write");
	}
	bpf_object__close(obj);
}

/* Rule 2: a kfunc given an initialized skb dynptr, at its call. */
static void test_dynptr_kfunc(void)
{
	static const char skb[] = "bpf_dynptr_from_skb\0bpf_kfunc_dynptr_test";
	struct bpf_prog_attrs a = {};
	struct bpf_program *prog;
	struct bpf_object *obj;
	int err;

	if (!have_testmod() || !ASSERT_OK_PTR(kernel_btf(true), "bpf_testmod BTF")) {
		test__skip();
		return;
	}
	allow_kfuncs(&a, skb, sizeof(skb));
	set_access(&a, WRITE_PACKET, 0);
	obj = load_refused(SOUND_OBJ, "dynptr_kfunc_skb", &a, "kfunc refused", &prog);
	if (obj) {
		expect_line(kfunc_idx(prog, true, "bpf_kfunc_dynptr_test"), WRITE_PACKET_LINE,
			    "log line at the kfunc call");
		bpf_object__close(obj);
	}

	expect_observed_access("dynptr_kfunc_skb", WRITE_PACKET);

	set_access(&a, WRITE_PACKET, WRITE_PACKET);
	obj = load_one(SOUND_OBJ, "dynptr_kfunc_skb", &a, 0, NULL, &err, &prog);
	if (obj) {
		if (ASSERT_OK(err, "loads with write_packet"))
			ASSERT_EQ(run_pkt(bpf_program__fd(prog), NULL), 0, "run");
		bpf_object__close(obj);
	}

	/* the twin: the same kfunc given a local dynptr */
	memset(&a, 0, sizeof(a));
	allow_helper(&a, BPF_FUNC_dynptr_from_mem);
	allow_kfunc(&a, "bpf_kfunc_dynptr_test");
	set_access(&a, WRITE_PACKET, 0);
	obj = load_one(SOUND_OBJ, "dynptr_kfunc_local", &a, 0, NULL, &err, &prog);
	if (obj) {
		if (ASSERT_OK(err, "kfunc given a local dynptr, no write_packet"))
			ASSERT_EQ(run_pkt(bpf_program__fd(prog), NULL), 0, "run");
		bpf_object__close(obj);
	}
}

/* Rule 2: helpers that change packet data, at the call. */
static void test_pkt_helpers(void)
{
	const struct bpf_insn pull[] = {
		BPF_MOV64_IMM(BPF_REG_2, 0),
		BPF_EMIT_CALL(BPF_FUNC_skb_pull_data),		/* insn 1 */
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN(),
	};
	/* r0 = the byte at 12 (the high byte of h_proto) */
	const struct bpf_insn load_bytes[] = {
		BPF_MOV64_IMM(BPF_REG_2, 12),
		BPF_MOV64_REG(BPF_REG_3, BPF_REG_10),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_3, -8),
		BPF_MOV64_IMM(BPF_REG_4, 1),
		BPF_EMIT_CALL(BPF_FUNC_skb_load_bytes),
		BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_10, -8),
		BPF_EXIT_INSN(),
	};
	const enum bpf_prog_type type = BPF_PROG_TYPE_SCHED_CLS;
	struct bpf_prog_attrs a = {};
	int fd;

	allow_helper(&a, BPF_FUNC_skb_pull_data);
	set_access(&a, WRITE_PACKET, 0);
	ASSERT_EQ(load_raw(type, pull, ARRAY_SIZE(pull), &a), -EACCES, "skb_pull_data refused");
	ASSERT_HAS_SUBSTR(log_buf, "insn 1: " WRITE_PACKET_LINE, "log line at the call");
	fd = load_raw(type, pull, ARRAY_SIZE(pull), NULL);
	if (ASSERT_OK_FD(fd, "undeclared")) {
		ASSERT_EQ(observed_access(fd), WRITE_PACKET, "observed access");
		close(fd);
	}
	set_access(&a, WRITE_PACKET, WRITE_PACKET);
	fd = load_raw(type, pull, ARRAY_SIZE(pull), &a);
	if (ASSERT_OK_FD(fd, "skb_pull_data with write_packet")) {
		ASSERT_EQ(run_pkt(fd, NULL), 0, "run");
		close(fd);
	}

	/* the twin: a helper that only reads the packet */
	memset(&a, 0, sizeof(a));
	allow_helper(&a, BPF_FUNC_skb_load_bytes);
	set_access(&a, ATTRS_ACCESS_ALL, 0);
	fd = load_raw(type, load_bytes, ARRAY_SIZE(load_bytes), &a);
	if (ASSERT_OK_FD(fd, "skb_load_bytes, no access class")) {
		ASSERT_EQ(run_pkt(fd, NULL), 0x08, "read h_proto");
		ASSERT_EQ(observed_access(fd), 0, "observed access");
		close(fd);
	}
}

/* Rule 3: arena stores and kfuncs given the arena write it; a kfunc that
 * only reads its map (bpf_map_sum_elem_count) does not write it.
 */
static void test_arena(void)
{
	static const char pages[] = "bpf_arena_alloc_pages\0bpf_arena_free_pages";
	struct bpf_prog_attrs a = {};
	struct bpf_program *prog;
	struct attrs_report r;
	struct bpf_object *obj;
	__u32 key, val = 0;
	int err;

	obj = bpf_object__open_file(ARENA_OBJ, NULL);
	if (!ASSERT_OK_PTR(obj, ARENA_OBJ))
		return;
	prog = bpf_object__find_program_by_name(obj, "arena_store");
	bpf_object__close(obj);
	if (!prog) {
		test__skip();	/* compiled without address spaces */
		return;
	}

	a.handled = BPF_PROG_ATTRS_H_MAP_TYPES_WRITE;
	obj = load_refused(ARENA_OBJ, "arena_store", &a, "arena store refused", &prog);
	if (obj) {
		expect_map_write(store_idx(prog, BPF_DW), "store to", "sound_arena", "arena",
				 "log line at the store");
		bpf_object__close(obj);
	}
	a.map_types_write = 1ULL << BPF_MAP_TYPE_ARENA;
	obj = load_one(ARENA_OBJ, "arena_store", &a, 0, NULL, &err, &prog);
	if (obj) {
		if (ASSERT_OK(err, "loads with arena in map_types_write")) {
			ASSERT_EQ(run_syscall(bpf_program__fd(prog)), 1, "first run");
			ASSERT_EQ(run_syscall(bpf_program__fd(prog)), 2, "the arena kept it");
		}
		bpf_object__close(obj);
	}
	obj = load_one(ARENA_OBJ, "arena_store", NULL, 0, NULL, &err, &prog);
	if (obj) {
		if (ASSERT_OK(err, "undeclared") &&
		    !observed(bpf_program__fd(prog), &r, NULL, NULL)) {
			ASSERT_EQ(r.a.map_types, 1ULL << BPF_MAP_TYPE_ARENA, "observed map_types");
			ASSERT_EQ(r.a.map_types_write, 1ULL << BPF_MAP_TYPE_ARENA,
				  "observed map_types_write");
		}
		bpf_object__close(obj);
	}

	memset(&a, 0, sizeof(a));
	allow_kfuncs(&a, pages, sizeof(pages));
	a.handled = BPF_PROG_ATTRS_H_MAP_TYPES_WRITE;
	obj = load_refused(ARENA_OBJ, "arena_alloc", &a, "kfunc given the arena refused", &prog);
	if (obj) {
		expect_map_write(kfunc_idx(prog, false, "bpf_arena_alloc_pages"),
				 "kfunc writes", "sound_arena", "arena", "log line at the call");
		bpf_object__close(obj);
	}
	a.map_types_write = 1ULL << BPF_MAP_TYPE_ARENA;
	obj = load_one(ARENA_OBJ, "arena_alloc", &a, 0, NULL, &err, &prog);
	if (obj) {
		if (ASSERT_OK(err, "loads with arena in map_types_write"))
			ASSERT_EQ(run_syscall(bpf_program__fd(prog)), 7, "page written");
		bpf_object__close(obj);
	}

	/* the twin: bpf_map_sum_elem_count() only reads the hash it is given */
	memset(&a, 0, sizeof(a));
	allow_kfunc(&a, "bpf_map_sum_elem_count");
	a.handled = BPF_PROG_ATTRS_H_MAP_TYPES | BPF_PROG_ATTRS_H_MAP_TYPES_WRITE;
	a.map_types = 1ULL << BPF_MAP_TYPE_HASH;
	obj = load_one(SOUND_OBJ, "map_sum_count", &a, 0, NULL, &err, &prog);
	if (!obj)
		return;
	if (ASSERT_OK(err, "bpf_map_sum_elem_count, no map write")) {
		int map_fd = bpf_map__fd(bpf_object__find_map_by_name(obj, "sum_hash"));

		for (key = 0; key < 2; key++)
			ASSERT_OK(bpf_map_update_elem(map_fd, &key, &val, 0), "insert");
		ASSERT_EQ(run_pkt(bpf_program__fd(prog), NULL), 2, "elements counted");
	}
	bpf_object__close(obj);
}

/* Rule 3: a kfunc given a map as a BTF pointer (struct bpf_map *). */
static void test_btf_map_kfunc(void)
{
	struct bpf_prog_attrs a = {};
	struct bpf_program *prog;
	struct bpf_object *obj;
	int err;

	allow_kfunc(&a, "bpf_arena_alloc_pages");
	set_access(&a, ATTRS_ACCESS_ALL, READ_KERNEL);
	a.handled = ATTRS_H_ALL & ~(BPF_PROG_ATTRS_H_INSN_CNT | BPF_PROG_ATTRS_H_INSN_PROCESSED);
	obj = load_refused(SOUND_OBJ, "iter_map_kfunc_write", &a, "BTF map to a kfunc refused",
			   &prog);
	if (obj) {
		expect_line(kfunc_idx(prog, false, "bpf_arena_alloc_pages"), WRITE_KERNEL_LINE,
			    "log line at the call");
		bpf_object__close(obj);
	}
	/* the twin: write_kernel allowed, no map type named anywhere */
	set_access(&a, ATTRS_ACCESS_ALL, WRITE_KERNEL);
	obj = load_one(SOUND_OBJ, "iter_map_kfunc_write", &a, 0, NULL, &err, &prog);
	if (obj) {
		ASSERT_OK(err, "loads with write_kernel");
		bpf_object__close(obj);
	}
	expect_observed_access("iter_map_kfunc_write", WRITE_KERNEL);

	/* a kfunc that only reads maps: nothing at all allowed, it loads */
	memset(&a, 0, sizeof(a));
	allow_kfunc(&a, "bpf_map_sum_elem_count");
	set_access(&a, ATTRS_ACCESS_ALL, 0);
	a.handled = ATTRS_H_ALL & ~(BPF_PROG_ATTRS_H_INSN_CNT | BPF_PROG_ATTRS_H_INSN_PROCESSED);
	obj = load_one(SOUND_OBJ, "iter_map_kfunc_read", &a, 0, NULL, &err, &prog);
	if (obj) {
		ASSERT_OK(err, "a map reader loads with nothing allowed");
		bpf_object__close(obj);
	}
	expect_observed_access("iter_map_kfunc_read", 0);
}

/* Rule 4: helpers with a map write it unless known to only read it. */
static void test_user_ringbuf_drain(void)
{
	const size_t page = sysconf(_SC_PAGESIZE);
	struct user_ring_buffer *urb;
	struct bpf_prog_attrs a = {};
	struct bpf_program *prog;
	struct attrs_report r;
	struct bpf_object *obj;
	int rb_fd, fd, err;
	__u64 *sample;

	allow_helper(&a, BPF_FUNC_user_ringbuf_drain);
	a.handled = BPF_PROG_ATTRS_H_MAP_TYPES_WRITE;
	obj = load_refused(SOUND_OBJ, "urb_drain", &a, "drain refused", &prog);
	if (obj) {
		expect_map_write(call_idx(prog, BPF_FUNC_user_ringbuf_drain), "helper writes",
				 "sound_urb", "user_ringbuf", "log line at the call");
		bpf_object__close(obj);
	}

	obj = load_one(SOUND_OBJ, "urb_drain", NULL, 0, NULL, &err, &prog);
	if (obj) {
		if (ASSERT_OK(err, "undeclared") &&
		    !observed(bpf_program__fd(prog), &r, NULL, NULL))
			ASSERT_EQ(r.a.map_types_write, 1ULL << BPF_MAP_TYPE_USER_RINGBUF,
				  "observed map_types_write");
		bpf_object__close(obj);
	}

	a.map_types_write = 1ULL << BPF_MAP_TYPE_USER_RINGBUF;
	obj = load_one(SOUND_OBJ, "urb_drain", &a, 0, NULL, &err, &prog);
	if (obj && ASSERT_OK(err, "loads with user_ringbuf in map_types_write")) {
		fd = bpf_map__fd(bpf_object__find_map_by_name(obj, "sound_urb"));
		urb = user_ring_buffer__new(fd, NULL);
		if (ASSERT_OK_PTR(urb, "user_ring_buffer__new")) {
			sample = user_ring_buffer__reserve(urb, sizeof(*sample));
			if (ASSERT_OK_PTR(sample, "reserve")) {
				*sample = 42;
				user_ring_buffer__submit(urb, sample);
				fd = bpf_program__fd(prog);
				ASSERT_EQ(run_pkt(fd, NULL), 1, "drained one sample");
				ASSERT_EQ(run_pkt(fd, NULL), 0, "it was consumed");
			}
			user_ring_buffer__free(urb);
		}
	}
	bpf_object__close(obj);

	/* the twin: bpf_ringbuf_query() only reads its ring buffer */
	rb_fd = bpf_map_create(BPF_MAP_TYPE_RINGBUF, "attrs_rb", 0, 0, page * 4, NULL);
	if (!ASSERT_OK_FD(rb_fd, "ringbuf"))
		return;
	{
		const struct bpf_insn insns[] = {
			BPF_LD_MAP_FD(BPF_REG_1, rb_fd),
			BPF_MOV64_IMM(BPF_REG_2, BPF_RB_AVAIL_DATA),
			BPF_EMIT_CALL(BPF_FUNC_ringbuf_query),
			BPF_EXIT_INSN(),
		};

		memset(&a, 0, sizeof(a));
		allow_helper(&a, BPF_FUNC_ringbuf_query);
		a.handled = BPF_PROG_ATTRS_H_MAP_TYPES_WRITE;
		fd = load_raw(BPF_PROG_TYPE_SOCKET_FILTER, insns, ARRAY_SIZE(insns), &a);
		if (ASSERT_OK_FD(fd, "ringbuf_query, no map write")) {
			ASSERT_EQ(run_pkt(fd, NULL), 0, "no data available");
			close(fd);
		}
	}
	close(rb_fd);
}

static int attach_iter(struct bpf_program *prog, int map_fd, struct bpf_link **link)
{
	LIBBPF_OPTS(bpf_iter_attach_opts, opts);
	union bpf_iter_link_info linfo;

	memset(&linfo, 0, sizeof(linfo));
	linfo.map.map_fd = map_fd;
	opts.link_info = &linfo;
	opts.link_info_len = sizeof(linfo);
	*link = bpf_program__attach_iter(prog, &opts);
	return *link ? 0 : -errno;
}

static int read_iter(struct bpf_link *link, __u64 *vals, size_t sz)
{
	char *buf = (char *)vals;
	int fd, n, total = 0;

	fd = bpf_iter_create(bpf_link__fd(link));
	if (fd < 0)
		return fd;
	while ((n = read(fd, buf + total, sz - total)) > 0)
		total += n;
	close(fd);
	return n < 0 ? -errno : total;
}

/* Load iterator @name with @a and attach it to @map_fd: the errno. */
static int iter_attach_err(const char *name, const struct bpf_prog_attrs *a, int map_fd)
{
	struct bpf_program *prog;
	struct bpf_link *link;
	struct bpf_object *obj;
	int err;

	obj = load_one(SOUND_OBJ, name, a, 0, NULL, &err, &prog);
	if (!obj)
		return -ENOENT;
	if (ASSERT_OK(err, "the iterator loads with any map_types")) {
		err = attach_iter(prog, map_fd, &link);
		bpf_link__destroy(link);
	}
	bpf_object__close(obj);
	return err;
}

/* Every iterator given a map at attach is checked there: a sockmap too. */
static void test_iter_sockmap(void)
{
	struct bpf_prog_attrs a = {};
	int map_fd;

	map_fd = bpf_map_create(BPF_MAP_TYPE_SOCKMAP, "attrs_iter_sock", 4, 4, 1, NULL);
	if (!ASSERT_OK_FD(map_fd, "sockmap"))
		return;
	allow_helper(&a, BPF_FUNC_seq_write);
	a.handled = BPF_PROG_ATTRS_H_MAP_TYPES;
	a.map_types = 1ULL << BPF_MAP_TYPE_ARRAY;
	ASSERT_EQ(iter_attach_err("iter_sockmap", &a, map_fd), -EACCES,
		  "sockmap iterator, map type not in map_types");
	a.map_types = 1ULL << BPF_MAP_TYPE_SOCKMAP;
	ASSERT_OK(iter_attach_err("iter_sockmap", &a, map_fd), "the twin attaches");
	close(map_fd);
}

/* Rule 5: a map element iterator's map is checked at attach. */
static void test_iter_map_elem(void)
{
	__u64 vals[4] = { 10, 20, 30, 40 }, got[4], out[8];
	struct bpf_prog_attrs a = {};
	struct bpf_program *prog;
	struct bpf_object *obj;
	struct bpf_link *link;
	int map_fd, err, i;
	__u32 flags, key;

	map_fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "attrs_iter_arr", 4, 8, 4, NULL);
	if (!ASSERT_OK_FD(map_fd, "array map"))
		return;
	for (key = 0; key < 4; key++)
		ASSERT_OK(bpf_map_update_elem(map_fd, &key, &vals[key], 0), "fill");

	a.handled = BPF_PROG_ATTRS_H_MAP_TYPES;
	a.map_types = 1ULL << BPF_MAP_TYPE_HASH;
	ASSERT_EQ(iter_attach_err("iter_inc", &a, map_fd), -EACCES,
		  "attach to a map type not in map_types");
	a.handled |= BPF_PROG_ATTRS_H_MAP_TYPES_WRITE;
	a.map_types = 1ULL << BPF_MAP_TYPE_ARRAY;
	ASSERT_EQ(iter_attach_err("iter_inc", &a, map_fd), -EACCES,
		  "writing iterator, map type not in map_types_write");

	/* the twin: with array in map_types_write it attaches and writes */
	a.map_types_write = 1ULL << BPF_MAP_TYPE_ARRAY;
	obj = load_one(SOUND_OBJ, "iter_inc", &a, 0, NULL, &err, &prog);
	if (obj) {
		if (ASSERT_OK(err, "load") &&
		    ASSERT_OK(attach_iter(prog, map_fd, &link), "writing iterator attaches")) {
			ASSERT_EQ(read_iter(link, out, sizeof(out)), 0, "read the iterator");
			for (key = 0; key < 4; key++) {
				ASSERT_OK(bpf_map_lookup_elem(map_fd, &key, &got[key]), "lookup");
				ASSERT_EQ(got[key], vals[key] + 1, "value incremented");
			}
			bpf_link__destroy(link);
		}
		bpf_object__close(obj);
	}

	/* a reading iterator needs no write */
	memset(&a, 0, sizeof(a));
	allow_helper(&a, BPF_FUNC_seq_write);
	a.handled = BPF_PROG_ATTRS_H_MAP_TYPES | BPF_PROG_ATTRS_H_MAP_TYPES_WRITE;
	a.map_types = 1ULL << BPF_MAP_TYPE_ARRAY;
	obj = load_one(SOUND_OBJ, "iter_read", &a, 0, NULL, &err, &prog);
	if (obj) {
		if (ASSERT_OK(err, "load") &&
		    ASSERT_OK(attach_iter(prog, map_fd, &link), "read-only iterator attaches")) {
			ASSERT_EQ(read_iter(link, out, sizeof(out)), sizeof(got), "read");
			for (i = 0; i < 4; i++)
				ASSERT_EQ(out[i], vals[i] + 1, "value read");
			bpf_link__destroy(link);
		}
		bpf_object__close(obj);
	}

	/* undeclared: the observed set cannot bound the attach-time map */
	for (i = 0; i < 2; i++) {
		struct attrs_report r;

		obj = load_one(SOUND_OBJ, i ? "iter_read" : "iter_inc", NULL, 0, NULL, &err, &prog);
		if (!obj)
			continue;
		if (ASSERT_OK(err, "undeclared") &&
		    !observed(bpf_program__fd(prog), &r, &flags, NULL))
			ASSERT_EQ(flags, OBS_ATTACH_MAPS | OBS_EXTENSIBLE, "observed flags");
		bpf_object__close(obj);
	}
	close(map_fd);
}

/* tail call through slot 0 of @map_fd; if it is empty, return 3 */
static int load_caller(enum bpf_prog_type type, int map_fd, const struct bpf_prog_attrs *a)
{
	const struct bpf_insn insns[] = {
		BPF_LD_MAP_FD(BPF_REG_2, map_fd),
		BPF_MOV64_IMM(BPF_REG_3, 0),
		BPF_EMIT_CALL(BPF_FUNC_tail_call),
		BPF_MOV64_IMM(BPF_REG_0, 3),
		BPF_EXIT_INSN(),
	};

	return load_raw(type, insns, ARRAY_SIZE(insns), a);
}

static void expect_flags(int fd, __u32 want, const char *what)
{
	struct attrs_report r;
	__u32 flags;

	if (!observed(fd, &r, &flags, NULL))
		ASSERT_EQ(flags, want, what);
}

/* Rule 6: the observed flags. */
static void test_observed_flags(void)
{
	const struct bpf_insn ret0[] = {
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN(),
	};
	const enum bpf_prog_type type = BPF_PROG_TYPE_SOCKET_FILTER;
	struct bpf_prog_attrs a = {};
	struct bpf_program *prog;
	struct attrs_report r;
	struct bpf_object *obj;
	int fd, pa, err;

	/* raw, without BTF: nothing */
	fd = load_raw(type, ret0, ARRAY_SIZE(ret0), NULL);
	if (ASSERT_OK_FD(fd, "raw program")) {
		expect_flags(fd, 0, "no flags");
		close(fd);
	}

	/* a tail caller, undeclared and declared */
	pa = bpf_map_create(BPF_MAP_TYPE_PROG_ARRAY, "attrs_of_pa", 4, 4, 1, NULL);
	if (ASSERT_OK_FD(pa, "prog array")) {
		fd = load_caller(type, pa, NULL);
		if (ASSERT_OK_FD(fd, "undeclared tail caller")) {
			expect_flags(fd, BPF_PROG_ATTRS_OBS_TAIL_CALLS, "tail calls");
			/*
			 * bpf_tail_call() is marked as changing packet data,
			 * but what the callee does is bounded by tail call
			 * containment, not counted as the caller's access
			 */
			ASSERT_EQ(observed_access(fd), 0, "observed access");
			close(fd);
		}
		allow_helper(&a, BPF_FUNC_tail_call);
		/* and a caller with every access class denied loads */
		set_access(&a, ATTRS_ACCESS_ALL, 0);
		fd = load_caller(type, pa, &a);
		if (ASSERT_OK_FD(fd, "declared tail caller")) {
			expect_flags(fd, BPF_PROG_ATTRS_OBS_TAIL_CALLS, "tail calls, declared");
			close(fd);
		}
		close(pa);
	}

	/* from an object with BTF: extensible */
	obj = load_one(SOUND_OBJ, "plain", NULL, 0, NULL, &err, &prog);
	if (obj) {
		if (ASSERT_OK(err, "object program"))
			expect_flags(bpf_program__fd(prog), BPF_PROG_ATTRS_OBS_EXTENSIBLE,
				     "extensible");
		bpf_object__close(obj);
	}
	memset(&a, 0, sizeof(a));
	obj = load_one(SOUND_OBJ, "plain", &a, 0, NULL, &err, &prog);
	if (obj) {
		if (ASSERT_OK(err, "object program, declared"))
			expect_flags(bpf_program__fd(prog), BPF_PROG_ATTRS_OBS_EXTENSIBLE,
				     "extensible, declared");
		bpf_object__close(obj);
	}

	/* bpf_sys_bpf */
	obj = load_one(SOUND_OBJ, "sys_bpf_caller", NULL, 0, NULL, &err, &prog);
	if (obj) {
		if (ASSERT_OK(err, "bpf_sys_bpf caller"))
			expect_flags(bpf_program__fd(prog),
				     BPF_PROG_ATTRS_OBS_SYS_BPF | BPF_PROG_ATTRS_OBS_EXTENSIBLE,
				     "sys_bpf");
		bpf_object__close(obj);
	}

	/* every kind handled, nothing seen */
	fd = load_raw(type, ret0, ARRAY_SIZE(ret0), NULL);
	if (!ASSERT_OK_FD(fd, "raw program"))
		return;
	if (!observed(fd, &r, NULL, NULL)) {
		ASSERT_EQ(r.a.handled, ATTRS_H_ALL, "observed handled");
		ASSERT_EQ(r.a.access_handled, ATTRS_ACCESS_ALL, "observed access_handled");
		ASSERT_EQ(r.a.access, 0, "observed access");
		ASSERT_EQ(r.a.map_types | r.a.map_types_write, 0, "observed map types");
		ASSERT_EQ(r.a.max_insn_cnt, 2, "observed max_insn_cnt");
	}
	close(fd);
}

/* Rule 7: the observed report loads as a declared set as it is. */
static void test_observed_loads_as_declared(void)
{
	static const char kfunc[] = "bpf_dynptr_from_skb";
	struct attrs_report r, again;
	struct bpf_prog_attrs want = {};
	struct bpf_program *prog;
	struct ipv4_packet out;
	struct bpf_object *obj;
	__u32 flags, verified;
	int err, i;

	obj = load_one(SOUND_OBJ, "round_trip", NULL, 0, NULL, &err, &prog);
	if (!obj)
		return;
	if (!ASSERT_OK(err, "undeclared") ||
	    observed(bpf_program__fd(prog), &r, &flags, &verified)) {
		bpf_object__close(obj);
		return;
	}
	allow_helper(&want, BPF_FUNC_map_lookup_elem);
	allow_helper(&want, BPF_FUNC_ktime_get_ns);
	allow_helper(&want, BPF_FUNC_dynptr_write);
	for (i = 0; i < BPF_PROG_ATTRS_HELPER_WORDS; i++)
		ASSERT_EQ(r.a.helpers[i], want.helpers[i], "observed helpers");
	ASSERT_EQ(r.a.map_types, 1ULL << BPF_MAP_TYPE_ARRAY, "observed map_types");
	ASSERT_EQ(r.a.map_types_write, 1ULL << BPF_MAP_TYPE_ARRAY, "observed map_types_write");
	ASSERT_EQ(r.a.handled, ATTRS_H_ALL, "observed handled");
	ASSERT_EQ(r.a.access_handled, ATTRS_ACCESS_ALL, "observed access_handled");
	ASSERT_EQ(r.a.access, WRITE_PACKET, "observed access");
	ASSERT_EQ(r.a.max_insn_cnt, bpf_program__insn_cnt(prog), "observed max_insn_cnt");
	ASSERT_EQ(r.a.max_insn_processed, verified, "observed max_insn_processed");
	ASSERT_EQ(r.a.kfunc_cnt, 1, "observed kfunc_cnt");
	ASSERT_EQ(r.a.kfuncs_len, sizeof(kfunc), "observed kfuncs_len");
	ASSERT_EQ(r.a.kfuncs, ptr_to_u64(r.names), "kfuncs point into the buffer");
	ASSERT_STREQ(r.names, kfunc, "observed kfunc");
	ASSERT_EQ(flags, BPF_PROG_ATTRS_OBS_EXTENSIBLE, "observed flags");
	bpf_object__close(obj);

	/* as it is: loads, runs, and observes the same set again */
	obj = load_one(SOUND_OBJ, "round_trip", &r.a, 0, NULL, &err, &prog);
	if (obj) {
		if (ASSERT_OK(err, "loads with its observed set") &&
		    !observed(bpf_program__fd(prog), &again, NULL, NULL)) {
			ASSERT_OK(memcmp(&again.a, &r.a, offsetof(struct bpf_prog_attrs, kfuncs)),
				  "observed again the same");
			ASSERT_STREQ(again.names, kfunc, "the same kfunc");
			memset(&out, 0, sizeof(out));
			ASSERT_EQ(run_pkt(bpf_program__fd(prog), &out), 0, "run");
			ASSERT_EQ(out.eth.h_dest[0], 0x9a, "packet written");
		}
		bpf_object__close(obj);
	}

	/* one observed helper less: refused at its call */
	r.a.helpers[0] &= ~(1ULL << BPF_FUNC_ktime_get_ns);
	obj = load_refused(SOUND_OBJ, "round_trip", &r.a, "without an observed helper", &prog);
	if (obj) {
		expect_line(call_idx(prog, BPF_FUNC_ktime_get_ns),
			    "call to helper bpf_ktime_get_ns#5 is not in the program's attribute set (helpers)\n",
			    "helper log line");
		bpf_object__close(obj);
	}
}

/* Rule 8: a prog array insertion refused with -EBUSY (the program is
 * extended by freplace) does not widen the array's member record.
 */
static void test_failed_insert(void)
{
	const enum bpf_prog_type type = BPF_PROG_TYPE_SCHED_CLS;
	struct bpf_object *tgt_obj, *ext_obj = NULL;
	struct bpf_prog_attrs ktime = {}, tc = {};
	int tgt_fd, pa = -1, pa2 = -1, caller = -1, err, zero = 0;
	struct bpf_program *tgt, *ext;
	struct bpf_link *link = NULL;

	allow_helper(&ktime, BPF_FUNC_ktime_get_ns);
	allow_helper(&tc, BPF_FUNC_tail_call);
	tgt_obj = load_one(SOUND_OBJ, "sound_tgt", &ktime, 0, NULL, &err, &tgt);
	if (!tgt_obj || !ASSERT_OK(err, "target"))
		goto out;
	tgt_fd = bpf_program__fd(tgt);
	ext_obj = load_one(SOUND_OBJ, "sound_ext", &ktime, tgt_fd, "sound_sub", &err, &ext);
	if (!ext_obj || !ASSERT_OK(err, "extension within the target's set"))
		goto out;
	link = bpf_program__attach_freplace(ext, tgt_fd, "sound_sub");
	if (!ASSERT_OK_PTR(link, "attach the extension"))
		goto out;
	ASSERT_EQ(run_pkt(tgt_fd, NULL), 2, "target extended");

	pa = bpf_map_create(BPF_MAP_TYPE_PROG_ARRAY, "attrs_fi_pa", 4, 4, 1, NULL);
	if (!ASSERT_OK_FD(pa, "prog array"))
		goto out;
	ASSERT_EQ(bpf_map_update_elem(pa, &zero, &tgt_fd, 0), -EBUSY,
		  "an extended program is no tail call target");
	/* the refused member is not recorded: a caller without ktime loads */
	caller = load_caller(type, pa, &tc);
	if (ASSERT_OK_FD(caller, "restricted caller after the refused insertion"))
		ASSERT_EQ(run_pkt(caller, NULL), 3, "slot empty");

	/* not extended any more: now the caller's set refuses it */
	bpf_link__destroy(link);
	link = NULL;
	ASSERT_EQ(run_pkt(tgt_fd, NULL), 1, "target restored");
	ASSERT_EQ(bpf_map_update_elem(pa, &zero, &tgt_fd, 0), -EACCES,
		  "outside the caller's set");

	/* the contrast: an insertion that succeeds is recorded */
	pa2 = bpf_map_create(BPF_MAP_TYPE_PROG_ARRAY, "attrs_fi_pa2", 4, 4, 1, NULL);
	if (!ASSERT_OK_FD(pa2, "prog array 2"))
		goto out;
	ASSERT_OK(bpf_map_update_elem(pa2, &zero, &tgt_fd, 0), "insert");
	ASSERT_EQ(load_caller(type, pa2, &tc), -EACCES, "caller refused by the member");
	ASSERT_HAS_SUBSTR(log_buf,
			  "prog array 'attrs_fi_pa2' holds a program whose attribute set is not within this program's (tail calls)\n",
			  "tail call log line");
out:
	if (caller >= 0)
		close(caller);
	if (pa2 >= 0)
		close(pa2);
	if (pa >= 0)
		close(pa);
	bpf_link__destroy(link);
	bpf_object__close(ext_obj);
	bpf_object__close(tgt_obj);
}

/* serial: tp_buffer attaches to bpf_testmod's writable tracepoint, which
 * changes what every 64-byte read of /sys/kernel/bpf_testmod returns
 */
void serial_test_prog_attrs_sound(void)
{
	if (test__start_subtest("tp_buffer"))
		test_tp_buffer();
	if (test__start_subtest("const_map_ptr"))
		test_const_map_ptr();
	if (test__start_subtest("sock_ptr"))
		test_sock_ptr();
	if (test__start_subtest("struct_ops_store"))
		test_struct_ops_store();
	if (test__start_subtest("ksym"))
		test_ksym();
	if (test__start_subtest("kfunc_mem"))
		test_kfunc_mem();
	if (test__start_subtest("dynptr_write"))
		test_dynptr_write();
	if (test__start_subtest("dynptr_slice_rdwr"))
		test_dynptr_slice_rdwr();
	if (test__start_subtest("dynptr_local"))
		test_dynptr_local();
	if (test__start_subtest("dynptr_kfunc"))
		test_dynptr_kfunc();
	if (test__start_subtest("pkt_helpers"))
		test_pkt_helpers();
	if (test__start_subtest("arena"))
		test_arena();
	if (test__start_subtest("btf_map_kfunc"))
		test_btf_map_kfunc();
	if (test__start_subtest("user_ringbuf_drain"))
		test_user_ringbuf_drain();
	if (test__start_subtest("iter_map_elem"))
		test_iter_map_elem();
	if (test__start_subtest("iter_sockmap"))
		test_iter_sockmap();
	if (test__start_subtest("observed_flags"))
		test_observed_flags();
	if (test__start_subtest("observed_loads_as_declared"))
		test_observed_loads_as_declared();
	if (test__start_subtest("failed_insert"))
		test_failed_insert();
	btf__free(testmod_btf);
	btf__free(vmlinux_btf);
	testmod_btf = NULL;
	vmlinux_btf = NULL;
}
