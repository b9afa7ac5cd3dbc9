// SPDX-License-Identifier: GPL-2.0
/* text_elf_test: linked with elf_a.bpf.c, the sections are concatenated */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char _license[] SEC("license") = "GPL";

char _attrs_b[] SEC(".bpf.attrs") =
	"program prog_b\n"
	"\tkfuncs bpf_rcu_read_lock\n"
	"\taccess read_kernel\n";

SEC("socket")
int prog_b(struct __sk_buff *skb)
{
	return 0;
}
