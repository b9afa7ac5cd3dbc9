// SPDX-License-Identifier: GPL-2.0
/*
 * A second test module defining a kfunc of the same name and prototype as
 * bpf_testmod's bpf_kfunc_call_test4() but returning a different value, so
 * that a test can tell which module's function a kfunc call runs, and two
 * kfuncs taking memory, one through a pointer to const, so that a test can
 * tell a memory argument the kfunc only reads from one it may write
 * (prog_tests/prog_attrs_kfunc_addr.c).
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <linux/init.h>
#include <linux/module.h>

/* Added to the sum bpf_testmod's bpf_kfunc_call_test4() returns. */
#define BPF_TESTMOD_TWIN_BIAS	0x770000

__bpf_kfunc_start_defs();

__bpf_kfunc long bpf_kfunc_call_test4(signed char a, short b, int c, long d)
{
	return BPF_TESTMOD_TWIN_BIAS + (long)a + (long)b + (long)c + d;
}

/* The sum of the ints at @mem, @mem__sz bytes: only reads them. */
__bpf_kfunc int bpf_testmod_twin_sum(const int *mem, int mem__sz)
{
	int i, n = mem__sz / (int)sizeof(*mem), sum = 0;

	for (i = 0; i < n; i++)
		sum += mem[i];
	return sum;
}

/* Writes 7 into each int at @mem, @mem__sz bytes; returns their count. */
__bpf_kfunc int bpf_testmod_twin_fill(int *mem, int mem__sz)
{
	int i, n = mem__sz / (int)sizeof(*mem);

	for (i = 0; i < n; i++)
		mem[i] = 7;
	return n;
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(bpf_testmod_twin_kfunc_ids)
BTF_ID_FLAGS(func, bpf_kfunc_call_test4)
BTF_ID_FLAGS(func, bpf_testmod_twin_sum)
BTF_ID_FLAGS(func, bpf_testmod_twin_fill)
BTF_KFUNCS_END(bpf_testmod_twin_kfunc_ids)

static const struct btf_kfunc_id_set bpf_testmod_twin_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_testmod_twin_kfunc_ids,
};

static int __init bpf_testmod_twin_init(void)
{
	int ret;

	/* the program types bpf_testmod registers its test4 for (all three kfuncs) */
	ret = register_btf_kfunc_id_set(BPF_PROG_TYPE_SCHED_CLS, &bpf_testmod_twin_kfunc_set);
	ret = ret ?: register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &bpf_testmod_twin_kfunc_set);
	ret = ret ?: register_btf_kfunc_id_set(BPF_PROG_TYPE_SYSCALL, &bpf_testmod_twin_kfunc_set);
	ret = ret ?: register_btf_kfunc_id_set(BPF_PROG_TYPE_STRUCT_OPS,
						&bpf_testmod_twin_kfunc_set);
	return ret;
}

static void __exit bpf_testmod_twin_exit(void)
{
}

module_init(bpf_testmod_twin_init);
module_exit(bpf_testmod_twin_exit);

MODULE_DESCRIPTION("BPF selftests: a kfunc of the same name as bpf_testmod's, memory kfuncs");
MODULE_LICENSE("GPL");
