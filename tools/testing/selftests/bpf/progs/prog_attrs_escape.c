// SPDX-License-Identifier: GPL-2.0
/* Programs for prog_attrs_escape: ways a program could try to run code
 * outside its attribute set (callbacks, global functions, module kfuncs,
 * loading another program from BPF). Each is loaded alone, with a set.
 */
#include <linux/stddef.h>
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <time.h>
#include <errno.h>
#include <bpf/bpf_helpers.h>
#include <../../../tools/include/linux/filter.h>
#include "bpf_misc.h"

char _license[] SEC("license") = "GPL";

extern void bpf_testmod_test_mod_kfunc(int i) __ksym;

static int loop_cb(__u32 idx, void *ctx)
{
	return bpf_ktime_get_ns() == 0;
}

SEC("tc")
int loop_caller(struct __sk_buff *skb)
{
	bpf_loop(1, loop_cb, NULL, 0);
	return TC_ACT_OK;
}

__noinline int global_fn(struct __sk_buff *skb)
{
	if (!skb)
		return 0;
	return bpf_get_prandom_u32() & 1;
}

SEC("tc")
int global_caller(struct __sk_buff *skb)
{
	return global_fn(skb);
}

struct timer_val {
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct timer_val);
} timers SEC(".maps");

static int timer_cb(void *map, int *key, struct timer_val *val)
{
	bpf_ktime_get_ns();
	return 0;
}

SEC("tc")
int timer_user(struct __sk_buff *skb)
{
	struct timer_val *v;
	int key = 0;

	v = bpf_map_lookup_elem(&timers, &key);
	if (!v)
		return TC_ACT_OK;
	bpf_timer_init(&v->t, &timers, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&v->t, timer_cb);
	return TC_ACT_OK;
}

SEC("tc")
int mod_kfunc(struct __sk_buff *skb)
{
	bpf_testmod_test_mod_kfunc(0);
	return TC_ACT_OK;
}

/* A freplace target: its global function is what an extension replaces. */
__noinline int tgt_sub(struct __sk_buff *skb)
{
	if (!skb)
		return 0;
	return 1;
}

SEC("tc")
int freplace_target(struct __sk_buff *skb)
{
	return tgt_sub(skb);
}

/* bpf_sys_bpf: load a program that calls bpf_ktime_get_ns, with the set
 * in this program's memory (a kernel pointer on that path).
 */
struct sys_args {
	__u64 log_buf;
	__u32 log_size;
	int allow_ktime;
	int ret;
};

struct bpf_prog_attrs inner_attrs;

SEC("syscall")
int sys_loader(struct sys_args *ctx)
{
	static const char license[] = "GPL";
	static struct bpf_insn insns[] = {
		BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_ktime_get_ns),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN(),
	};
	static union bpf_attr attr;

	__builtin_memset(&inner_attrs, 0, sizeof(inner_attrs));
	if (ctx->allow_ktime)
		inner_attrs.helpers[0] = 1ULL << BPF_FUNC_ktime_get_ns;
	__builtin_memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	attr.insns = (long)insns;
	attr.insn_cnt = ARRAY_SIZE(insns);
	attr.license = (long)license;
	attr.log_buf = ctx->log_buf;
	attr.log_size = ctx->log_size;
	attr.log_level = 1;
	attr.prog_attrs = (long)&inner_attrs;
	attr.prog_attrs_size = sizeof(inner_attrs);
	ctx->ret = bpf_sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr));
	return 0;
}
