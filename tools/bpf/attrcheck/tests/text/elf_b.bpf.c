// SPDX-License-Identifier: GPL-2.0
/* text_elf_test: linked with elf_a.bpf.c, the sections are concatenated */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_attrs.h>

char _license[] SEC("license") = "GPL";

BPF_PROG_ATTRS(prog_b, "bpf_rcu_read_lock",
	       .kfunc_cnt = 1,
	       .access_handled = BPF_PROG_ACCESS_READ_KERNEL | BPF_PROG_ACCESS_WRITE_PACKET |
				 BPF_PROG_ACCESS_WRITE_CTX | BPF_PROG_ACCESS_WRITE_KERNEL,
	       .access = BPF_PROG_ACCESS_READ_KERNEL);

SEC("socket")
int prog_b(struct __sk_buff *skb)
{
	return 0;
}
