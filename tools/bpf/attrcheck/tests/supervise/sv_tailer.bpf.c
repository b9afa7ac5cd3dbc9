// SPDX-License-Identifier: GPL-2.0
/* Supervisor tests: tail-calls through a prog array, so its observed set
 * is not an upper bound of what runs on its behalf.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} sv_jmp SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_getpid")
int sv_tailer(void *ctx)
{
	bpf_tail_call(ctx, &sv_jmp, 0);
	return bpf_ktime_get_ns() & 1;
}

char _license[] SEC("license") = "GPL";
