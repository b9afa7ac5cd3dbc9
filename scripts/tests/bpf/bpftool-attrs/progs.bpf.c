// SPDX-License-Identifier: GPL-2.0
/* Two socket filters sharing an array map (guest-bpftool-attrs.sh). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

SEC("socket")
int count(struct __sk_buff *skb)
{
	__u32 key = 0;
	__u64 *v = bpf_map_lookup_elem(&counts, &key);

	if (v)
		__sync_fetch_and_add(v, 1);
	return 0;
}

SEC("socket")
int stamp(struct __sk_buff *skb)
{
	__u64 t = bpf_ktime_get_ns();
	__u32 key = 1;

	bpf_map_update_elem(&counts, &key, &t, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
