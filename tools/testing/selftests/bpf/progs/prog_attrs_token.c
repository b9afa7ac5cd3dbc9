// SPDX-License-Identifier: GPL-2.0
/* Loaded by an unmodified libbpf loader with a token (bpf_token_path):
 * one program within the token's ceiling, one outside it.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u64 seen;

SEC("socket")
int within(struct __sk_buff *skb)
{
	seen = bpf_ktime_get_ns();
	return 0;
}

SEC("socket")
int outside(struct __sk_buff *skb)
{
	__u64 v = 0;

	bpf_probe_read_kernel(&v, sizeof(v), (void *)(long)skb->len);
	seen = v;
	return 0;
}

char _license[] SEC("license") = "GPL";
