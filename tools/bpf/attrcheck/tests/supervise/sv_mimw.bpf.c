// SPDX-License-Identifier: GPL-2.0
/* Supervisor tests: a map of maps, whose inner map it writes (map_updates own). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct inner {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} in SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, __u32);
	__array(values, struct inner);
} outer SEC(".maps") = {
	.values = { &in },
};

SEC("tracepoint/syscalls/sys_enter_getpid")
int sv_mimw(void *ctx)
{
	__u32 k = 0, v = 1;
	void *m = bpf_map_lookup_elem(&outer, &k);

	if (!m)
		return 0;
	bpf_map_update_elem(m, &k, &v, BPF_ANY);
	return 0;
}

char _license[] SEC("license") = "GPL";
