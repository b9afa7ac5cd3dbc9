// SPDX-License-Identifier: GPL-2.0
/* Supervisor tests: writes its map "m" (map_updates own). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} m SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_getpid")
int sv_mapw(void *ctx)
{
	__u32 k = 0, v = 1;

	bpf_map_update_elem(&m, &k, &v, BPF_ANY);
	return 0;
}

char _license[] SEC("license") = "GPL";
