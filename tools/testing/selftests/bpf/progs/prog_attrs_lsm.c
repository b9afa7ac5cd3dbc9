// SPDX-License-Identifier: GPL-2.0
/* A BPF-LSM supervisor on the bpf_prog_attrs hook: records what it was
 * given and denies a load whose declared max_insn_cnt is the magic value.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#define EPERM 1
#define DENY_MAGIC 4242

__u32 monitored_pid;
int calls;
int seen_declared;
__u64 declared_helpers0;
__u32 declared_max_insn_cnt;
__u32 declared_kfunc_cnt;
__u64 observed_helpers0;
__u32 observed_insn_cnt;
__u32 observed_handled;

SEC("lsm/bpf_prog_attrs")
int BPF_PROG(supervise, struct bpf_prog *prog,
	     const struct bpf_prog_attrs_set *declared,
	     const struct bpf_prog_attrs_set *observed, int ret)
{
	if (ret)
		return ret;
	if ((bpf_get_current_pid_tgid() >> 32) != monitored_pid)
		return 0;
	calls++;
	seen_declared = !!declared;
	if (declared) {
		declared_helpers0 = declared->helpers[0];
		declared_max_insn_cnt = declared->max_insn_cnt;
		declared_kfunc_cnt = declared->kfunc_cnt;
	}
	observed_helpers0 = observed->helpers[0];
	observed_insn_cnt = observed->max_insn_cnt;
	observed_handled = observed->handled;
	if (declared && declared->max_insn_cnt == DENY_MAGIC)
		return -EPERM;
	return 0;
}

char _license[] SEC("license") = "GPL";
