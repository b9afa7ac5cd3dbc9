// SPDX-License-Identifier: GPL-2.0
/* Programs for the libbpf_prog_attrs test: no ".bpf.attrs" section, sets
 * are given with bpf_program__set_attrs().
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char _license[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} attrs_hash SEC(".maps");

SEC("socket")
int attrs_ktime(struct __sk_buff *skb)
{
	return bpf_ktime_get_ns() == 0;
}

SEC("socket")
int attrs_lookup(struct __sk_buff *skb)
{
	__u32 key = 0;

	return !!bpf_map_lookup_elem(&attrs_hash, &key);
}
