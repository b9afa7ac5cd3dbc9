// SPDX-License-Identifier: GPL-2.0
/* Supervisor tests: also writes user memory (bpf_probe_write_user). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("tracepoint/syscalls/sys_enter_getpid")
int sv_writer(void *ctx)
{
	__u32 v = 0;

	bpf_probe_write_user((void *)(long)bpf_ktime_get_ns(), &v, sizeof(v));
	return bpf_get_current_pid_tgid() & 1;
}

char _license[] SEC("license") = "GPL";
