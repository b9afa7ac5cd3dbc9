// SPDX-License-Identifier: GPL-2.0
/* Demo program for scripts/demo: a socket filter that counts packets by
 * protocol in an array map. Built with clang 19 against the tree's uapi
 * and libbpf headers.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, __u64);
} proto_count SEC(".maps");

SEC("socket")
int count_packets(struct __sk_buff *skb)
{
	__u32 key = skb->protocol & 0xff;
	__u64 *val = bpf_map_lookup_elem(&proto_count, &key);

	if (val)
		__sync_fetch_and_add(val, 1);
	return skb->len;
}

char LICENSE[] SEC("license") = "GPL";
