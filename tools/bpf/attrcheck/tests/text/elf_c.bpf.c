// SPDX-License-Identifier: GPL-2.0
/* text_elf_test: a program without a record, linked with elf_a.bpf.c */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char _license[] SEC("license") = "GPL";

SEC("socket")
int prog_c(struct __sk_buff *skb)
{
	return 0;
}
