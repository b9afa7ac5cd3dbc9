// SPDX-License-Identifier: GPL-2.0
/*
 * attrcheck test: a prog array the object fills ("values"): libbpf
 * inserts member_a and member_b at load, and the kernel wants each within
 * the set of every program that tail calls through the array, so the
 * callers' sets take in the members' (member_b tail calls too). A program
 * that does not tail call (no_tail_call) keeps its own set.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "ac_tail_values.h"

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 2);
	__uint(key_size, sizeof(__u32));
	__array(values, int (void *));
} jmp_table SEC(".maps") = {
	.values = {
		[0] = (void *)&member_a,
		[1] = (void *)&member_b,
	},
};

SEC("tc")
int member_a(struct __sk_buff *skb)
{
	return bpf_get_prandom_u32() & 1;
}

SEC("tc")
int member_b(struct __sk_buff *skb)
{
	bpf_tail_call(skb, &jmp_table, 0);
	return (int)bpf_ktime_get_ns() & 1;
}

SEC("tc")
int entry(struct __sk_buff *skb)
{
	bpf_tail_call(skb, &jmp_table, 1);
	return 0;
}

SEC("tc")
int no_tail_call(struct __sk_buff *skb)
{
	return bpf_get_smp_processor_id() & 1;
}

char _license[] SEC("license") = "GPL";
