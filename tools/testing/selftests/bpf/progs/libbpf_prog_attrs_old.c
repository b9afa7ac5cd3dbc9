// SPDX-License-Identifier: GPL-2.0
/* Makes this kernel look like one without program attribute sets, for one
 * process: BPF_PROG_LOAD with a union bpf_attr larger than such a kernel
 * knows (past prog_token_fd) fails with E2BIG, as bpf_check_uarg_tail_zero()
 * makes it fail there.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#define E2BIG 7

char _license[] SEC("license") = "GPL";

__u32 target_tgid;

SEC("lsm/bpf")
int BPF_PROG(old_kernel, int cmd, union bpf_attr *attr, unsigned int size, int ret)
{
	if (ret)
		return ret;
	if ((bpf_get_current_pid_tgid() >> 32) != target_tgid)
		return 0;
	if (cmd == BPF_PROG_LOAD &&
	    size > __builtin_offsetof(union bpf_attr, prog_token_fd) + sizeof(__u32))
		return -E2BIG;
	return 0;
}
