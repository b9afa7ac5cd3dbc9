// SPDX-License-Identifier: GPL-2.0
/* text_elf_test: an object whose ".bpf.attrs" section holds its set */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_attrs.h>

char _license[] SEC("license") = "GPL";

BPF_PROG_ATTRS(prog_a, "",
	       .helpers = { [BPF_FUNC_ktime_get_ns / 64] = 1ULL << (BPF_FUNC_ktime_get_ns % 64) },
	       .handled = BPF_PROG_ATTRS_H_INSN_CNT,
	       .max_insn_cnt = 100);

SEC("socket")
int prog_a(struct __sk_buff *skb)
{
	return bpf_ktime_get_ns() == 0;
}
