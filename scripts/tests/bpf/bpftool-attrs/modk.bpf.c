// SPDX-License-Identifier: GPL-2.0
/* A kfunc of a module (bpf_testmod, from the selftests; guest-bpftool-attrs.sh). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern void bpf_kfunc_common_test(void) __ksym;

SEC("socket")
int modk(struct __sk_buff *skb)
{
	bpf_kfunc_common_test();
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
