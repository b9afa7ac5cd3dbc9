// SPDX-License-Identifier: GPL-2.0
/*
 * Compiled without -g: no BTF, no function info, nothing can replace it
 * (guest-bpftool-attrs.sh).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("socket")
int nobtf(struct __sk_buff *skb)
{
	return bpf_get_prandom_u32() & 1;
}

char LICENSE[] SEC("license") = "GPL";
