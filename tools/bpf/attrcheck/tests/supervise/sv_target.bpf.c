// SPDX-License-Identifier: GPL-2.0
/* Supervisor tests: a program with a global function an extension
 * (sv_ext.bpf.c) can replace.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

__noinline int sv_target_fn(int x)
{
	return x ? 1 : 0;
}

SEC("tracepoint/syscalls/sys_enter_getpid")
int sv_target(void *ctx)
{
	return sv_target_fn(bpf_ktime_get_ns() & 1);
}

char _license[] SEC("license") = "GPL";
