// SPDX-License-Identifier: GPL-2.0
/* Supervisor tests: calls two kfuncs (bpf_rcu_read_lock/unlock). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "sv_kfunc.h"

SEC("tracepoint/syscalls/sys_enter_getpid")
int sv_kfunc(void *ctx)
{
	bpf_rcu_read_lock();
	bpf_rcu_read_unlock();
	return 0;
}

char _license[] SEC("license") = "GPL";
