// SPDX-License-Identifier: GPL-2.0
/*
 * attrcheck test: callbacks. A function whose address is passed to
 * bpf_loop() or bpf_for_each_map_elem() is code of the program (libbpf
 * appends it), and so are the helpers it calls: static ones are
 * referenced through the code section, a global one by its symbol.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct bpf_map;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} vals SEC(".maps");

static int loop_cb(__u32 i, void *ctx)
{
	*(__u64 *)ctx += bpf_get_prandom_u32();
	return 0;
}

static __u64 elem_cb(struct bpf_map *map, __u32 *key, __u64 *val, void *ctx)
{
	*(__u64 *)ctx += *val + bpf_ktime_get_ns();
	return 0;
}

SEC("tc")
int by_loop(struct __sk_buff *skb)
{
	__u64 sum = 0;

	bpf_loop(4, loop_cb, &sum, 0);
	return sum & 1;
}

SEC("tc")
int by_map_elem(struct __sk_buff *skb)
{
	__u64 sum = 0;

	bpf_for_each_map_elem(&vals, elem_cb, &sum, 0);
	return sum & 1;
}

char _license[] SEC("license") = "GPL";
