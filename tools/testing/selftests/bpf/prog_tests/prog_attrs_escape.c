// SPDX-License-Identifier: GPL-2.0
/*
 * BPF program attribute sets: the bypass suite. Each way a program could
 * run code outside its own set is tried and must be refused with the
 * exact errno and log line, next to a twin that is allowed: tail calls
 * (into a broader program, a broader program inserted after load, an
 * undeclared one), freplace (at load and at attach), bpf_loop and timer
 * callbacks, global functions, module kfuncs, the inner map of a
 * map-in-map, bpf_sys_bpf loading a broader program, and the set being
 * changed in user memory while the kernel verifies.
 */
#include <test_progs.h>
#include <linux/filter.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "network_helpers.h"
#include "prog_attrs_helpers.h"

#define ESCAPE_OBJ "prog_attrs_escape.bpf.o"
#define EXT_OBJ "prog_attrs_ext.bpf.o"

static void expect_helper_refused(const char *name, struct bpf_prog_attrs *a, int helper,
				  const char *helper_str)
{
	struct bpf_program *prog;
	struct bpf_object *obj;
	char want[256];
	int err;

	obj = load_one(ESCAPE_OBJ, name, a, 0, NULL, &err, &prog);
	if (!obj)
		return;
	ASSERT_EQ(err, -EACCES, "refused");
	snprintf(want, sizeof(want),
		 "insn %d: call to helper %s#%d is not in the program's attribute set (helpers)\n",
		 call_idx(prog, helper), helper_str, helper);
	ASSERT_HAS_SUBSTR(log_buf, want, "log line");
	bpf_object__close(obj);

	/* the twin: the same program with the helper declared */
	allow_helper(a, helper);
	obj = load_one(ESCAPE_OBJ, name, a, 0, NULL, &err, &prog);
	if (!obj)
		return;
	ASSERT_OK(err, "allowed with the helper");
	bpf_object__close(obj);
}

static void test_loop_callback(void)
{
	struct bpf_prog_attrs a = {};

	allow_helper(&a, BPF_FUNC_loop);
	expect_helper_refused("loop_caller", &a, BPF_FUNC_ktime_get_ns, "bpf_ktime_get_ns");
}

static void test_global_function(void)
{
	struct bpf_prog_attrs a = {};

	expect_helper_refused("global_caller", &a, BPF_FUNC_get_prandom_u32,
			      "bpf_get_prandom_u32");
}

static void test_timer_callback(void)
{
	struct bpf_prog_attrs a = {};

	allow_helper(&a, BPF_FUNC_map_lookup_elem);
	allow_helper(&a, BPF_FUNC_timer_init);
	allow_helper(&a, BPF_FUNC_timer_set_callback);
	expect_helper_refused("timer_user", &a, BPF_FUNC_ktime_get_ns, "bpf_ktime_get_ns");
}

static void test_module_kfunc(void)
{
	static const char *const names[] = {
		"bpf_testmod:bpf_testmod_test_mod_kfunc",
		"bpf_testmod_test_mod_kfunc",
		"other_mod:bpf_testmod_test_mod_kfunc",
		"bpf_testmod_test_mod_kfunc_",
	};
	static const int want_err[] = { 0, 0, -EACCES, -EACCES };
	struct bpf_prog_attrs a = {};
	struct bpf_program *prog;
	struct bpf_object *obj;
	char want[256];
	int err, i;

	obj = load_one(ESCAPE_OBJ, "mod_kfunc", &a, 0, NULL, &err, &prog);
	if (!obj)
		return;
	ASSERT_EQ(err, -EACCES, "no kfuncs declared");
	snprintf(want, sizeof(want),
		 "insn %d: call to kfunc bpf_testmod:bpf_testmod_test_mod_kfunc is not in the program's attribute set (kfuncs)\n",
		 kfunc_call_idx(prog, 0));
	ASSERT_HAS_SUBSTR(log_buf, want, "kfunc log line");
	bpf_object__close(obj);

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		memset(&a, 0, sizeof(a));
		allow_kfunc(&a, names[i]);
		/* level 1 keeps only the failing path's lines; 2 keeps all */
		log_level = i == 1 ? 2 : 1;
		obj = load_one(ESCAPE_OBJ, "mod_kfunc", &a, 0, NULL, &err, &prog);
		log_level = 1;
		if (!obj)
			return;
		ASSERT_EQ(err, want_err[i], names[i]);
		if (i == 1) {
			/* a bare name matched a module's kfunc: the log says so */
			snprintf(want, sizeof(want),
				 "insn %d: kfunc bpf_testmod:bpf_testmod_test_mod_kfunc matched kfuncs entry %s\n",
				 kfunc_call_idx(prog, 0), names[i]);
			ASSERT_HAS_SUBSTR(log_buf, want, "says which name matched");
		}
		bpf_object__close(obj);
	}
}

static void test_map_in_map(void)
{
	LIBBPF_OPTS(bpf_map_create_opts, opts);
	struct bpf_prog_attrs a = {};
	int inner, outer, fd, zero = 0;

	inner = bpf_map_create(BPF_MAP_TYPE_HASH, "attrs_inner", 4, 4, 1, NULL);
	if (!ASSERT_OK_FD(inner, "inner"))
		return;
	opts.inner_map_fd = inner;
	outer = bpf_map_create(BPF_MAP_TYPE_ARRAY_OF_MAPS, "attrs_outer", 4, 4, 1, &opts);
	if (!ASSERT_OK_FD(outer, "outer"))
		goto out_inner;
	ASSERT_OK(bpf_map_update_elem(outer, &zero, &inner, 0), "insert inner");
	{
		/* v = lookup(outer, 0); if (v) lookup(v, 0) */
		const struct bpf_insn insns[] = {
			BPF_ST_MEM(BPF_W, BPF_REG_10, -4, 0),
			BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),
			BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -4),
			BPF_LD_MAP_FD(BPF_REG_1, outer),
			BPF_EMIT_CALL(BPF_FUNC_map_lookup_elem),
			BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 4),
			BPF_MOV64_REG(BPF_REG_1, BPF_REG_0),
			BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),
			BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -4),
			BPF_EMIT_CALL(BPF_FUNC_map_lookup_elem),
			BPF_MOV64_IMM(BPF_REG_0, 0),
			BPF_EXIT_INSN(),
		};
		const enum bpf_prog_type type = BPF_PROG_TYPE_SOCKET_FILTER;

		allow_helper(&a, BPF_FUNC_map_lookup_elem);
		a.handled = BPF_PROG_ATTRS_H_MAP_TYPES;
		a.map_types = 1ULL << BPF_MAP_TYPE_ARRAY_OF_MAPS;
		fd = load_raw(type, insns, ARRAY_SIZE(insns), &a);
		ASSERT_EQ(fd, -EACCES, "inner map type not declared");
		ASSERT_HAS_SUBSTR(log_buf,
				  "insn 10: map '(inner map)' of type hash is not in the program's attribute set (map_types)\n",
				  "inner map log line");
		if (fd >= 0)
			close(fd);
		a.map_types |= 1ULL << BPF_MAP_TYPE_HASH;
		fd = load_raw(type, insns, ARRAY_SIZE(insns), &a);
		if (ASSERT_OK_FD(fd, "inner map type declared"))
			close(fd);
	}
	close(outer);
out_inner:
	close(inner);
}

static void test_sys_bpf(void)
{
	struct sys_args {
		__u64 log_buf;
		__u32 log_size;
		int allow_ktime;
		int ret;
	} args = {};
	LIBBPF_OPTS(bpf_test_run_opts, topts, .ctx_in = &args, .ctx_size_in = sizeof(args));
	static char inner_log[4096];
	struct bpf_prog_attrs a = {};
	struct bpf_program *prog;
	struct bpf_object *obj;
	int err;

	/* the loader itself must declare bpf_sys_bpf */
	obj = load_one(ESCAPE_OBJ, "sys_loader", &a, 0, NULL, &err, &prog);
	if (!obj)
		return;
	ASSERT_EQ(err, -EACCES, "bpf_sys_bpf not declared");
	ASSERT_HAS_SUBSTR(log_buf,
			  "call to helper bpf_sys_bpf#166 is not in the program's attribute set (helpers)\n",
			  "bpf_sys_bpf log line");
	bpf_object__close(obj);

	allow_helper(&a, BPF_FUNC_sys_bpf);
	obj = load_one(ESCAPE_OBJ, "sys_loader", &a, 0, NULL, &err, &prog);
	if (!obj)
		return;
	if (!ASSERT_OK(err, "loader with bpf_sys_bpf"))
		goto out;
	args.log_buf = ptr_to_u64(inner_log);
	args.log_size = sizeof(inner_log);
	args.allow_ktime = 0;
	err = bpf_prog_test_run_opts(bpf_program__fd(prog), &topts);
	ASSERT_OK(err, "run loader");
	ASSERT_EQ(args.ret, -EACCES, "broader program refused on the bpf_sys_bpf path");
	ASSERT_HAS_SUBSTR(inner_log,
			  "insn 0: call to helper bpf_ktime_get_ns#5 is not in the program's attribute set (helpers)\n",
			  "inner log line");
	args.allow_ktime = 1;
	err = bpf_prog_test_run_opts(bpf_program__fd(prog), &topts);
	ASSERT_OK(err, "run loader again");
	if (ASSERT_GE(args.ret, 0, "program within its set loads on the bpf_sys_bpf path"))
		close(args.ret);
out:
	bpf_object__close(obj);
}

/* BPF_PROG_TEST_RUN on pkt_v4: the program's return value, or -1 */
static int run_skb(int prog_fd)
{
	LIBBPF_OPTS(bpf_test_run_opts, topts, .data_in = &pkt_v4,
		    .data_size_in = sizeof(pkt_v4), .repeat = 1);

	if (bpf_prog_test_run_opts(prog_fd, &topts))
		return -1;
	return topts.retval;
}

static void test_freplace(void)
{
	struct bpf_object *tgt_obj, *open_obj, *obj;
	struct bpf_program *tgt, *open_tgt, *ext;
	struct bpf_prog_attrs empty = {}, ktime = {};
	struct bpf_link *link;
	int err, tgt_fd, open_fd;

	allow_helper(&ktime, BPF_FUNC_ktime_get_ns);
	/* a restricted target, and an unrestricted one */
	tgt_obj = load_one(ESCAPE_OBJ, "freplace_target", &empty, 0, NULL, &err, &tgt);
	if (!tgt_obj || !ASSERT_OK(err, "restricted target"))
		goto out_tgt;
	tgt_fd = bpf_program__fd(tgt);
	open_obj = load_one(ESCAPE_OBJ, "freplace_target", NULL, 0, NULL, &err, &open_tgt);
	if (!open_obj || !ASSERT_OK(err, "unrestricted target"))
		goto out_open;
	open_fd = bpf_program__fd(open_tgt);
	ASSERT_EQ(run_skb(tgt_fd), 1, "target runs its own function");

	/* broader extension: refused at load */
	obj = load_one(EXT_OBJ, "ext_ktime", &ktime, tgt_fd, "tgt_sub", &err, &ext);
	if (obj) {
		ASSERT_EQ(err, -EACCES, "broader extension refused");
		ASSERT_HAS_SUBSTR(log_buf,
				  "extension's attribute set is not within the set of the program it extends (freplace)\n",
				  "freplace log line");
		bpf_object__close(obj);
	}
	/* undeclared extension: unrestricted, refused */
	obj = load_one(EXT_OBJ, "ext_plain", NULL, tgt_fd, "tgt_sub", &err, &ext);
	if (obj) {
		ASSERT_EQ(err, -EACCES, "undeclared extension refused");
		bpf_object__close(obj);
	}
	/* the twin: an extension within the target's set loads and replaces */
	obj = load_one(EXT_OBJ, "ext_plain", &empty, tgt_fd, "tgt_sub", &err, &ext);
	if (obj) {
		if (ASSERT_OK(err, "extension within the set")) {
			link = bpf_program__attach_freplace(ext, tgt_fd, "tgt_sub");
			if (ASSERT_OK_PTR(link, "attach"))  {
				ASSERT_EQ(run_skb(tgt_fd), 2, "replaced");
				bpf_link__destroy(link);
			}
		}
		bpf_object__close(obj);
	}
	/* loaded against the unrestricted target, then attached to the
	 * restricted one: refused at attach
	 */
	obj = load_one(EXT_OBJ, "ext_ktime", &ktime, open_fd, "tgt_sub", &err, &ext);
	if (obj) {
		if (ASSERT_OK(err, "broader extension of an unrestricted target")) {
			link = bpf_program__attach_freplace(ext, tgt_fd, "tgt_sub");
			ASSERT_ERR_PTR(link, "attach to the restricted target");
			ASSERT_EQ(libbpf_get_error(link), -EACCES, "attach errno");
			if (!IS_ERR_OR_NULL(link))
				bpf_link__destroy(link);
			link = bpf_program__attach_freplace(ext, open_fd, "tgt_sub");
			if (ASSERT_OK_PTR(link, "attach to the unrestricted target")) {
				ASSERT_EQ(run_skb(open_fd), 2, "replaced");
				bpf_link__destroy(link);
			}
		}
		bpf_object__close(obj);
	}
out_open:
	bpf_object__close(open_obj);
out_tgt:
	bpf_object__close(tgt_obj);
}

/* Raw tail call programs: r0 = RET (callee) or tail call through a map. */
static int load_callee(int ret, bool ktime, const struct bpf_prog_attrs *a)
{
	const struct bpf_insn insns[] = {
		BPF_EMIT_CALL(BPF_FUNC_ktime_get_ns),
		BPF_MOV64_IMM(BPF_REG_0, ret),
		BPF_EXIT_INSN(),
	};

	if (ktime)
		return load_raw(BPF_PROG_TYPE_SOCKET_FILTER, insns, 3, a);
	return load_raw(BPF_PROG_TYPE_SOCKET_FILTER, insns + 1, 2, a);
}

static int load_caller(int map_fd, const struct bpf_prog_attrs *a)
{
	const struct bpf_insn insns[] = {
		BPF_LD_MAP_FD(BPF_REG_2, map_fd),
		BPF_MOV64_IMM(BPF_REG_3, 0),
		BPF_EMIT_CALL(BPF_FUNC_tail_call),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN(),
	};

	return load_raw(BPF_PROG_TYPE_SOCKET_FILTER, insns, ARRAY_SIZE(insns), a);
}

static void test_tail_calls(void)
{
	struct bpf_prog_attrs narrow = {}, tc_only = {}, tc_ktime = {};
	int pa1 = -1, pa2 = -1, pa3 = -1, caller = -1, caller2 = -1, open_caller = -1;
	int nar = -1, broad = -1, open = -1, zero = 0, one = 1;
	char want[256];

	allow_helper(&tc_only, BPF_FUNC_tail_call);
	allow_helper(&tc_ktime, BPF_FUNC_tail_call);
	allow_helper(&tc_ktime, BPF_FUNC_ktime_get_ns);
	nar = load_callee(7, false, &narrow);		/* set {} */
	broad = load_callee(8, true, &tc_ktime);	/* set {tail_call, ktime} */
	open = load_callee(9, false, NULL);		/* no set */
	if (!ASSERT_OK_FD(nar, "narrow callee") || !ASSERT_OK_FD(broad, "broad callee") ||
	    !ASSERT_OK_FD(open, "undeclared callee"))
		goto out;

	/* 1. A restricted caller first: only programs within its set may be
	 * inserted after it loaded.
	 */
	pa1 = bpf_map_create(BPF_MAP_TYPE_PROG_ARRAY, "attrs_pa1", 4, 4, 2, NULL);
	if (!ASSERT_OK_FD(pa1, "prog array 1"))
		goto out;
	caller = load_caller(pa1, &tc_only);
	if (!ASSERT_OK_FD(caller, "restricted caller on an empty array"))
		goto out;
	ASSERT_OK(bpf_map_update_elem(pa1, &zero, &nar, 0), "insert a program within its set");
	ASSERT_EQ(run_skb(caller), 7, "tail call taken");
	ASSERT_EQ(bpf_map_update_elem(pa1, &one, &broad, 0), -EACCES,
		  "broader program inserted after load refused");
	ASSERT_EQ(bpf_map_update_elem(pa1, &one, &open, 0), -EACCES,
		  "undeclared program inserted after load refused");
	ASSERT_OK(bpf_map_update_elem(pa1, &one, &nar, 0), "another slot, within the set");

	/* 2. The array holds a broader program first: a restricted caller
	 * that could tail call into it is refused, its twin that contains
	 * the member loads.
	 */
	pa2 = bpf_map_create(BPF_MAP_TYPE_PROG_ARRAY, "attrs_pa2", 4, 4, 2, NULL);
	if (!ASSERT_OK_FD(pa2, "prog array 2"))
		goto out;
	ASSERT_OK(bpf_map_update_elem(pa2, &zero, &broad, 0), "insert into an unused array");
	ASSERT_EQ(load_caller(pa2, &tc_only), -EACCES, "tail call into a broader program");
	snprintf(want, sizeof(want),
		 "prog array 'attrs_pa2' holds a program whose attribute set is not within this program's (tail calls)\n");
	ASSERT_HAS_SUBSTR(log_buf, want, "tail call log line");
	caller2 = load_caller(pa2, &tc_ktime);
	if (ASSERT_OK_FD(caller2, "caller containing the member"))
		ASSERT_EQ(run_skb(caller2), 8, "tail call into the member");
	/* removing the member does not forget it (conservative) */
	ASSERT_OK(bpf_map_delete_elem(pa2, &zero), "delete member");
	ASSERT_EQ(load_caller(pa2, &tc_only), -EACCES, "a removed member still counts");

	/* 3. An undeclared member: only undeclared callers may use the array. */
	pa3 = bpf_map_create(BPF_MAP_TYPE_PROG_ARRAY, "attrs_pa3", 4, 4, 1, NULL);
	if (!ASSERT_OK_FD(pa3, "prog array 3"))
		goto out;
	ASSERT_OK(bpf_map_update_elem(pa3, &zero, &open, 0), "undeclared member");
	ASSERT_EQ(load_caller(pa3, &tc_ktime), -EACCES, "restricted caller, undeclared member");
	open_caller = load_caller(pa3, NULL);
	if (ASSERT_OK_FD(open_caller, "undeclared caller"))
		ASSERT_EQ(run_skb(open_caller), 9, "undeclared tail call");
out:
	if (open_caller >= 0)
		close(open_caller);
	if (caller2 >= 0)
		close(caller2);
	if (caller >= 0)
		close(caller);
	if (pa3 >= 0)
		close(pa3);
	if (pa2 >= 0)
		close(pa2);
	if (pa1 >= 0)
		close(pa1);
	if (open >= 0)
		close(open);
	if (broad >= 0)
		close(broad);
	if (nar >= 0)
		close(nar);
}

/* The set is copied once: flipping it in user memory during loads can
 * only ever give a load whose verdict matches the set it reports.
 */
static struct bpf_prog_attrs race_attrs;
static int race_stop;

static void *flipper(void *arg)
{
	while (!READ_ONCE(race_stop))
		WRITE_ONCE(race_attrs.helpers[0],
			   race_attrs.helpers[0] ^ (1ULL << BPF_FUNC_ktime_get_ns));
	return NULL;
}

static void test_set_changed_during_load(void)
{
	const struct bpf_insn insns[] = {
		BPF_EMIT_CALL(BPF_FUNC_ktime_get_ns),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN(),
	};
	int i, fd, loaded = 0, refused = 0, bad = 0;
	struct bpf_prog_attrs got;
	pthread_t th;

	memset(&race_attrs, 0, sizeof(race_attrs));
	WRITE_ONCE(race_stop, 0);
	if (!ASSERT_OK(pthread_create(&th, NULL, flipper, NULL), "thread"))
		return;
	for (i = 0; i < 300; i++) {
		struct bpf_prog_info info = {};
		__u32 len = sizeof(info);

		fd = load_raw(BPF_PROG_TYPE_SOCKET_FILTER, insns, ARRAY_SIZE(insns), &race_attrs);
		if (fd < 0) {
			refused += fd == -EACCES;
			bad += fd != -EACCES;
			continue;
		}
		loaded++;
		memset(&got, 0, sizeof(got));
		info.attrs_declared = ptr_to_u64(&got);
		info.attrs_declared_len = sizeof(got);
		if (bpf_prog_get_info_by_fd(fd, &info, &len) ||
		    !(got.helpers[0] & (1ULL << BPF_FUNC_ktime_get_ns)))
			bad++;
		close(fd);
	}
	WRITE_ONCE(race_stop, 1);
	pthread_join(th, NULL);
	ASSERT_EQ(bad, 0, "every loaded program's kept set allows its helper");
	ASSERT_EQ(loaded + refused, 300, "each load loaded or was refused");
}

void test_prog_attrs_escape(void)
{
	if (test__start_subtest("tail_calls"))
		test_tail_calls();
	if (test__start_subtest("freplace"))
		test_freplace();
	if (test__start_subtest("loop_callback"))
		test_loop_callback();
	if (test__start_subtest("timer_callback"))
		test_timer_callback();
	if (test__start_subtest("global_function"))
		test_global_function();
	if (test__start_subtest("module_kfunc"))
		test_module_kfunc();
	if (test__start_subtest("map_in_map"))
		test_map_in_map();
	if (test__start_subtest("sys_bpf"))
		test_sys_bpf();
	if (test__start_subtest("set_changed_during_load"))
		test_set_changed_during_load();
}
