// SPDX-License-Identifier: GPL-2.0
/*
 * A kfunc call names a BTF (vmlinux or a module's, through insn->off and
 * fd_array) and a function in it; the verifier must call that BTF owner's
 * function. bpf_testmod and bpf_testmod_twin both define a kfunc named
 * bpf_kfunc_call_test4() returning different values: a call naming one
 * module's BTF must run that module's function, also when the other module
 * was loaded later (and so is found first by a lookup of the bare name), and
 * an attribute set allowing "bpf_testmod:bpf_kfunc_call_test4" allows the
 * call to bpf_testmod's function only (subtest "address"), also in one
 * program that calls both, one after the other (subtest "both": the
 * verifier's check of a call is skipped for the kfunc it let through last,
 * which must be the same module's).
 *
 * The verifier checks a kfunc's memory argument as read and written; one
 * whose pointee is const in the kfunc's prototype is only read, so passing
 * a map value to it is not a write of the map (subtest "const_mem", with
 * the twin's bpf_testmod_twin_sum() and bpf_testmod_twin_fill()).
 */
#include <test_progs.h>
#include <linux/filter.h>
#include <bpf/btf.h>
#include "network_helpers.h"
#include "testing_helpers.h"
#include "prog_attrs_helpers.h"

#define TWIN_MOD	"bpf_testmod_twin"
#define TEST4		"bpf_kfunc_call_test4"

/* the arguments of the call, and what each module's function returns */
#define ARG_A		1
#define ARG_B		20
#define ARG_C		300
#define ARG_D		4000
#define TESTMOD_RET	(ARG_A + ARG_B + ARG_C + ARG_D)		/* a + b + c + d */
#define TWIN_RET	(0x770000 + TESTMOD_RET)		/* bpf_testmod_twin.c */

/* the twin's memory kfuncs, and the map value they are given */
#define SUM		"bpf_testmod_twin_sum"
#define FILL		"bpf_testmod_twin_fill"
#define MEM_INTS	4

static const __u64 array_bit = 1ULL << BPF_MAP_TYPE_ARRAY;

/* The BTF object fd of module @name (and its id), or -errno. */
static int module_btf_fd(const char *name, __u32 *btf_id)
{
	struct bpf_btf_info info;
	char buf[64];
	__u32 id = 0, len;
	int err, fd;

	while (true) {
		err = bpf_btf_get_next_id(id, &id);
		if (err)
			return err;
		fd = bpf_btf_get_fd_by_id(id);
		if (fd < 0) {
			if (errno == ENOENT)
				continue;	/* unloaded meanwhile */
			return -errno;
		}
		memset(&info, 0, sizeof(info));
		info.name = ptr_to_u64(buf);
		info.name_len = sizeof(buf);
		len = sizeof(info);
		err = bpf_btf_get_info_by_fd(fd, &info, &len);
		if (err) {
			close(fd);
			return err;
		}
		if (info.kernel_btf && !strcmp(buf, name)) {
			*btf_id = info.id;
			return fd;
		}
		close(fd);
	}
}

/* The BTF id of func @name in the module BTF @id, or -errno. */
static int kfunc_btf_id(struct btf *vmlinux, __u32 id, const char *name)
{
	struct btf *btf;
	int ret;

	btf = btf__load_from_kernel_by_id_split(id, vmlinux);
	if (!btf)
		return -errno;
	ret = btf__find_by_name_kind(btf, name, BTF_KIND_FUNC);
	btf__free(btf);
	return ret;
}

/*
 * The module whose TEST4 a lookup of the bare name finds first: the
 * kallsyms order of /proc/kallsyms is that of kallsyms_lookup_name()
 * (vmlinux, then the modules, the most recently loaded first).
 */
static bool first_test4_owner(char *mod, size_t size)
{
	char line[512], sym[256], m[64];
	bool found = false;
	FILE *f;

	f = fopen("/proc/kallsyms", "r");
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		m[0] = '\0';
		if (sscanf(line, "%*s %*c %255s [%63[^]]]", sym, m) < 1)
			continue;
		if (!strcmp(sym, TEST4)) {
			snprintf(mod, size, "%s", m);
			found = true;
			break;
		}
	}
	fclose(f);
	return found;
}

/*
 * Load the tc program @insns whose kfunc calls name the module BTF @btf_fd
 * (fd_array[1]). Returns the program fd or -errno.
 */
static int load_btf_prog(const struct bpf_insn *insns, size_t cnt, int btf_fd,
			 const struct bpf_prog_attrs *attrs)
{
	const int fd_array[2] = { 0, btf_fd };

	return load_raw_fds(BPF_PROG_TYPE_SCHED_CLS, insns, cnt, attrs, fd_array);
}

/*
 * r1..r4 = ARG_A..ARG_D; r0 = bpf_kfunc_call_test4() of the module BTF
 * @btf_fd (fd_array[1]); exit. Returns the program fd or -errno.
 */
static int load_test4(int btf_fd, int func_id, const struct bpf_prog_attrs *attrs)
{
	const struct bpf_insn insns[] = {
		BPF_MOV64_IMM(BPF_REG_1, ARG_A),
		BPF_MOV64_IMM(BPF_REG_2, ARG_B),
		BPF_MOV64_IMM(BPF_REG_3, ARG_C),
		BPF_MOV64_IMM(BPF_REG_4, ARG_D),
		/* insn 4, as the refusals' log lines say */
		BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_KFUNC_CALL, 1, func_id),
		BPF_EXIT_INSN(),
	};

	return load_btf_prog(insns, ARRAY_SIZE(insns), btf_fd, attrs);
}

/* Run @fd once on pkt_v4 and check the return value. */
static void run_once(const char *what, int fd, __u32 want)
{
	struct bpf_test_run_opts topts = {
		.sz = sizeof(topts),
		.data_in = &pkt_v4,
		.data_size_in = sizeof(pkt_v4),
		.repeat = 1,
	};

	topts.retval = 0xdeadbeef;
	if (ASSERT_OK(bpf_prog_test_run_opts(fd, &topts), what))
		ASSERT_EQ(topts.retval, want, what);
}

/* Load, run once on pkt_v4 and check the return value. */
static void check_run(const char *what, int btf_fd, int func_id,
		      const struct bpf_prog_attrs *attrs, __u32 want)
{
	int fd;

	fd = load_test4(btf_fd, func_id, attrs);
	if (!ASSERT_OK_FD(fd, what)) {
		printf("%s", log_buf);
		return;
	}
	run_once(what, fd, want);
	close(fd);
}

/* The load is refused with -EACCES and the call's log line. */
static void check_refused(const char *what, int btf_fd, int func_id,
			  const struct bpf_prog_attrs *attrs, const char *line)
{
	int fd;

	fd = load_test4(btf_fd, func_id, attrs);
	if (!ASSERT_EQ(fd, -EACCES, what)) {
		if (fd >= 0)
			close(fd);
		return;
	}
	ASSERT_HAS_SUBSTR(log_buf, line, what);
}

/* A set with the one kfunc @name and nothing else */
static void set_kfunc(struct bpf_prog_attrs *a, const char *name)
{
	memset(a, 0, sizeof(*a));
	allow_kfunc(a, name);
}

static void test_address(struct btf *vmlinux, int twin_fd, __u32 twin_id)
{
	int mod_fd, mod_func, twin_func;
	struct bpf_prog_attrs a;
	char owner[64];
	__u32 mod_id;

	/* so the test tells the two lookups apart: the bare name is the twin's */
	if (ASSERT_TRUE(first_test4_owner(owner, sizeof(owner)), TEST4 " in /proc/kallsyms"))
		ASSERT_STREQ(owner, TWIN_MOD, "bare-name lookup finds the twin first");

	mod_fd = module_btf_fd("bpf_testmod", &mod_id);
	if (!ASSERT_OK_FD(mod_fd, "bpf_testmod BTF"))
		return;
	ASSERT_NEQ(mod_id, twin_id, "two BTF objects");
	mod_func = kfunc_btf_id(vmlinux, mod_id, TEST4);
	if (!ASSERT_GT(mod_func, 0, "bpf_testmod " TEST4))
		goto out;
	twin_func = kfunc_btf_id(vmlinux, twin_id, TEST4);
	if (!ASSERT_GT(twin_func, 0, TWIN_MOD " " TEST4))
		goto out;

	/*
	 * The call names bpf_testmod's BTF: bpf_testmod's function runs.
	 * Without the fix the address came from kallsyms_lookup_name(TEST4),
	 * the twin's (loaded later), and this returned TWIN_RET.
	 */
	check_run("bpf_testmod's test4 runs", mod_fd, mod_func, NULL, TESTMOD_RET);
	/* and a call naming the twin's BTF runs the twin's */
	check_run("twin's test4 runs", twin_fd, twin_func, NULL, TWIN_RET);

	/* a set allowing bpf_testmod's kfunc: that one only */
	set_kfunc(&a, "bpf_testmod:" TEST4);
	check_run("set bpf_testmod: bpf_testmod's test4 runs", mod_fd, mod_func, &a,
		  TESTMOD_RET);
	check_refused("set bpf_testmod: twin's test4 refused", twin_fd, twin_func, &a,
		      "insn 4: call to kfunc " TWIN_MOD ":" TEST4
		      " is not in the program's attribute set (kfuncs)\n");

	/* and the other way round */
	set_kfunc(&a, TWIN_MOD ":" TEST4);
	check_run("set twin: twin's test4 runs", twin_fd, twin_func, &a, TWIN_RET);
	check_refused("set twin: bpf_testmod's test4 refused", mod_fd, mod_func, &a,
		      "insn 4: call to kfunc bpf_testmod:" TEST4
		      " is not in the program's attribute set (kfuncs)\n");
out:
	close(mod_fd);
}

/*
 * bpf_testmod's TEST4 (fd_array[1]), then the twin's (fd_array[2]), the
 * second's return the program's. Returns the program fd or -errno.
 */
static int load_both(int mod_fd, int mod_func, int twin_fd, int twin_func,
		     const struct bpf_prog_attrs *attrs)
{
	const int fd_array[3] = { 0, mod_fd, twin_fd };
	const struct bpf_insn insns[] = {
		BPF_MOV64_IMM(BPF_REG_1, ARG_A),
		BPF_MOV64_IMM(BPF_REG_2, ARG_B),
		BPF_MOV64_IMM(BPF_REG_3, ARG_C),
		BPF_MOV64_IMM(BPF_REG_4, ARG_D),
		BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_KFUNC_CALL, 1, mod_func),
		BPF_MOV64_IMM(BPF_REG_1, ARG_A),
		BPF_MOV64_IMM(BPF_REG_2, ARG_B),
		BPF_MOV64_IMM(BPF_REG_3, ARG_C),
		BPF_MOV64_IMM(BPF_REG_4, ARG_D),
		/* insn 9, as the refusal's log line says */
		BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_KFUNC_CALL, 2, twin_func),
		BPF_EXIT_INSN(),
	};

	return load_raw_fds(BPF_PROG_TYPE_SCHED_CLS, insns, ARRAY_SIZE(insns), attrs, fd_array);
}

static void test_both(struct btf *vmlinux, int twin_fd, __u32 twin_id)
{
	static const char both[] = "bpf_testmod:" TEST4 "\0" TWIN_MOD ":" TEST4;
	int mod_fd, mod_func, twin_func, fd;
	struct bpf_prog_attrs a;
	__u32 mod_id;

	mod_fd = module_btf_fd("bpf_testmod", &mod_id);
	if (!ASSERT_OK_FD(mod_fd, "bpf_testmod BTF"))
		return;
	mod_func = kfunc_btf_id(vmlinux, mod_id, TEST4);
	twin_func = kfunc_btf_id(vmlinux, twin_id, TEST4);
	if (!ASSERT_GT(mod_func, 0, "bpf_testmod " TEST4) ||
	    !ASSERT_GT(twin_func, 0, TWIN_MOD " " TEST4))
		goto out;

	/* bpf_testmod's allowed, then the twin's of the same name: refused */
	set_kfunc(&a, "bpf_testmod:" TEST4);
	fd = load_both(mod_fd, mod_func, twin_fd, twin_func, &a);
	if (ASSERT_EQ(fd, -EACCES, "set bpf_testmod: the twin's call refused"))
		ASSERT_HAS_SUBSTR(log_buf, "insn 9: call to kfunc " TWIN_MOD ":" TEST4
				  " is not in the program's attribute set (kfuncs)\n",
				  "the twin's call named");
	else if (fd >= 0)
		close(fd);

	/* the twin's allowed, bpf_testmod's first: refused at the first call */
	set_kfunc(&a, TWIN_MOD ":" TEST4);
	fd = load_both(mod_fd, mod_func, twin_fd, twin_func, &a);
	if (ASSERT_EQ(fd, -EACCES, "set twin: bpf_testmod's call refused"))
		ASSERT_HAS_SUBSTR(log_buf, "insn 4: call to kfunc bpf_testmod:" TEST4
				  " is not in the program's attribute set (kfuncs)\n",
				  "bpf_testmod's call named");
	else if (fd >= 0)
		close(fd);

	/* both allowed: it loads and the twin's result is the program's */
	allow_kfuncs(&a, both, sizeof(both));
	fd = load_both(mod_fd, mod_func, twin_fd, twin_func, &a);
	if (ASSERT_OK_FD(fd, "both allowed")) {
		run_once("both allowed: the twin's test4 ran last", fd, TWIN_RET);
		close(fd);
	} else {
		printf("%s", log_buf);
	}
out:
	close(mod_fd);
}

/*
 * Look up the array map @map_fd's value 0 and pass it to the kfunc @func_id
 * of the module BTF @btf_fd (fd_array[1]) as (r1, r2) = (value, its size);
 * r0 is the kfunc's return, or 0 when the lookup fails. Returns the program
 * fd or -errno.
 */
static int load_mem(int btf_fd, int func_id, int map_fd, const struct bpf_prog_attrs *attrs)
{
	const struct bpf_insn insns[] = {
		BPF_ST_MEM(BPF_W, BPF_REG_10, -4, 0),
		BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -4),
		BPF_LD_MAP_FD(BPF_REG_1, map_fd),
		BPF_EMIT_CALL(BPF_FUNC_map_lookup_elem),
		BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 3),
		BPF_MOV64_REG(BPF_REG_1, BPF_REG_0),
		BPF_MOV64_IMM(BPF_REG_2, MEM_INTS * sizeof(int)),
		/* insn 9, as the refusal's log line says */
		BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_KFUNC_CALL, 1, func_id),
		BPF_EXIT_INSN(),
	};

	return load_btf_prog(insns, ARRAY_SIZE(insns), btf_fd, attrs);
}

/* The map_types_write of the observed set of the program @fd, or -1. */
static __s64 observed_map_writes(int fd)
{
	struct {
		struct bpf_prog_attrs a;
		char names[256];
	} obs;
	struct bpf_prog_info info;

	if (!ASSERT_OK(get_observed(fd, &info, &obs, sizeof(obs)), "get_info"))
		return -1;
	if (!ASSERT_GE(info.attrs_observed_len, sizeof(obs.a), "observed set") ||
	    !ASSERT_LE(info.attrs_observed_len, sizeof(obs), "the observed set fits"))
		return -1;
	ASSERT_EQ(obs.a.map_types, array_bit, "observed map types");
	return obs.a.map_types_write;
}

/* Allow map_lookup_elem and the kfunc @name of the twin; array maps, no writes. */
static void set_mem(struct bpf_prog_attrs *a, const char *name)
{
	set_kfunc(a, name);
	allow_helper(a, BPF_FUNC_map_lookup_elem);
	a->handled = BPF_PROG_ATTRS_H_MAP_TYPES | BPF_PROG_ATTRS_H_MAP_TYPES_WRITE;
	a->map_types = array_bit;
	a->map_types_write = 0;
}

static void test_const_mem(struct btf *vmlinux, int twin_fd, __u32 twin_id)
{
	const int in[MEM_INTS] = { 1, 20, 300, 4000 };
	int out[MEM_INTS], sum_func, fill_func, map_fd, fd, i;
	struct bpf_prog_attrs a;
	__u32 key = 0;

	sum_func = kfunc_btf_id(vmlinux, twin_id, SUM);
	if (!ASSERT_GT(sum_func, 0, TWIN_MOD " " SUM))
		return;
	fill_func = kfunc_btf_id(vmlinux, twin_id, FILL);
	if (!ASSERT_GT(fill_func, 0, TWIN_MOD " " FILL))
		return;
	map_fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "attrs_mem", sizeof(key), sizeof(in), 1,
				NULL);
	if (!ASSERT_OK_FD(map_fd, "array map"))
		return;
	if (!ASSERT_OK(bpf_map_update_elem(map_fd, &key, in, BPF_ANY), "map value"))
		goto out;

	/* undeclared: a const memory argument is read, a non-const one written */
	fd = load_mem(twin_fd, sum_func, map_fd, NULL);
	if (ASSERT_OK_FD(fd, "undeclared sum")) {
		ASSERT_EQ(observed_map_writes(fd), 0, "undeclared sum: no map write observed");
		close(fd);
	} else {
		printf("%s", log_buf);
	}
	fd = load_mem(twin_fd, fill_func, map_fd, NULL);
	if (ASSERT_OK_FD(fd, "undeclared fill")) {
		ASSERT_EQ(observed_map_writes(fd), array_bit,
			  "undeclared fill: array write observed");
		close(fd);
	} else {
		printf("%s", log_buf);
	}

	/* a set without map writes: the const argument loads and runs */
	set_mem(&a, TWIN_MOD ":" SUM);
	fd = load_mem(twin_fd, sum_func, map_fd, &a);
	if (ASSERT_OK_FD(fd, "sum, no map writes")) {
		run_once("sum of the map value", fd, 1 + 20 + 300 + 4000);
		close(fd);
	} else {
		printf("%s", log_buf);
	}

	/* the non-const one is a store to the map value: refused */
	set_mem(&a, TWIN_MOD ":" FILL);
	fd = load_mem(twin_fd, fill_func, map_fd, &a);
	if (ASSERT_EQ(fd, -EACCES, "fill, no map writes"))
		ASSERT_HAS_SUBSTR(log_buf,
				  "insn 9: store to a value of map 'attrs_mem' of type array is not in the program's attribute set (map_types_write)\n",
				  "fill, no map writes: log");
	else if (fd >= 0)
		close(fd);

	/* and loads with array writes allowed: the kfunc writes the value */
	a.map_types_write = array_bit;
	fd = load_mem(twin_fd, fill_func, map_fd, &a);
	if (!ASSERT_OK_FD(fd, "fill, array writes")) {
		printf("%s", log_buf);
		goto out;
	}
	run_once("fill returns the count", fd, MEM_INTS);
	close(fd);
	memset(out, 0, sizeof(out));
	if (ASSERT_OK(bpf_map_lookup_elem(map_fd, &key, out), "read the map value"))
		for (i = 0; i < MEM_INTS; i++)
			ASSERT_EQ(out[i], 7, "the map value is filled");
out:
	close(map_fd);
}

void test_prog_attrs_kfunc_addr(void)
{
	struct btf *vmlinux = NULL;
	int twin_fd = -1;
	bool twin_loaded;
	__u32 twin_id;

	/* test_progs loads bpf_testmod at start */
	if (!ASSERT_TRUE(env.has_testmod, "bpf_testmod loaded"))
		return;

	/* a twin left by an earlier run would precede bpf_testmod */
	unload_module(TWIN_MOD, false);
	twin_loaded = !load_module(TWIN_MOD ".ko", env.verbosity > VERBOSE_NONE);
	if (!ASSERT_TRUE(twin_loaded, "load " TWIN_MOD ".ko"))
		return;

	vmlinux = btf__load_vmlinux_btf();
	if (!ASSERT_OK_PTR(vmlinux, "vmlinux BTF"))
		goto out;
	twin_fd = module_btf_fd(TWIN_MOD, &twin_id);
	if (!ASSERT_OK_FD(twin_fd, TWIN_MOD " BTF"))
		goto out;

	if (test__start_subtest("address"))
		test_address(vmlinux, twin_fd, twin_id);
	if (test__start_subtest("both"))
		test_both(vmlinux, twin_fd, twin_id);
	if (test__start_subtest("const_mem"))
		test_const_mem(vmlinux, twin_fd, twin_id);
out:
	btf__free(vmlinux);
	if (twin_fd >= 0)
		close(twin_fd);
	/* the programs are closed: their references to the twin go away */
	ASSERT_OK(unload_module(TWIN_MOD, env.verbosity > VERBOSE_NONE), "unload " TWIN_MOD);
}
