// SPDX-License-Identifier: GPL-2.0
/* attrcheck test: kfuncs, also in a subprogram */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* __ksym on a line of its own: checkpatch reads "(void) __ksym" as a cast */
extern void bpf_rcu_read_lock(void)
	__ksym;
extern void bpf_rcu_read_unlock(void)
	__ksym;
extern void bpf_preempt_disable(void)
	__ksym;
extern void bpf_preempt_enable(void)
	__ksym;

static __noinline int locked(void)
{
	bpf_rcu_read_lock();
	bpf_rcu_read_unlock();
	return 0;
}

SEC("tc")
int kfuncs(struct __sk_buff *skb)
{
	bpf_preempt_disable();
	bpf_preempt_enable();
	return locked();
}

char _license[] SEC("license") = "GPL";
