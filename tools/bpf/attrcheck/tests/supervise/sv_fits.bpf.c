// SPDX-License-Identifier: GPL-2.0
/* Supervisor tests: a tracing program within the "tracing" ceiling. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("tracepoint/syscalls/sys_enter_getpid")
int sv_fits(void *ctx)
{
	return (bpf_get_current_pid_tgid() ^ bpf_ktime_get_ns()) & 1;
}

char _license[] SEC("license") = "GPL";
