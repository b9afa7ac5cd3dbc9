// SPDX-License-Identifier: GPL-2.0
/*
 * attrcheck test: kfunc flavours. libbpf resolves the extern
 * "NAME___FLAVOUR" as the kfunc NAME (bpf_core_essential_name_len(): up
 * to the last "___" between two characters other than '_'), and the
 * kernel checks the set against NAME: the set lists NAME, once.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* __ksym on a line of its own: checkpatch reads "(void) __ksym" as a cast */
extern void bpf_rcu_read_lock___new(void)
	__ksym __weak;
extern void bpf_rcu_read_unlock___v2(void)
	__ksym;
extern void bpf_rcu_read_lock(void)
	__ksym;
extern void bpf_rcu_read_unlock(void)
	__ksym;
extern void bpf_preempt_disable___a_b(void)
	__ksym;
extern void bpf_preempt_enable(void)
	__ksym;

SEC("tc")
int flavours(struct __sk_buff *skb)
{
	bpf_rcu_read_lock___new();
	bpf_rcu_read_unlock___v2();
	return 0;
}

/* a flavour and the kfunc itself: one name */
SEC("tc")
int both(struct __sk_buff *skb)
{
	bpf_rcu_read_lock___new();
	bpf_rcu_read_unlock___v2();
	bpf_rcu_read_lock();
	bpf_rcu_read_unlock();
	return 0;
}

static __noinline int preempt(void)
{
	bpf_preempt_disable___a_b();
	bpf_preempt_enable();
	return 0;
}

/* in a subprogram; underscores within the flavour */
SEC("tc")
int in_subprog(struct __sk_buff *skb)
{
	return preempt();
}

char _license[] SEC("license") = "GPL";
