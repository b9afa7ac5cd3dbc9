// SPDX-License-Identifier: GPL-2.0
/* text_elf_test: an object whose ".bpf.attrs" section holds its sets */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char _license[] SEC("license") = "GPL";

char _attrs_a[] SEC(".bpf.attrs") =
	"program prog_a\n"
	"\thelpers bpf_ktime_get_ns\n"
	"\tmax_insn_cnt 100";	/* no final newline: the next text starts a line */

SEC("socket")
int prog_a(struct __sk_buff *skb)
{
	return bpf_ktime_get_ns() == 0;
}
