// SPDX-License-Identifier: GPL-2.0
/* Extensions of prog_attrs_escape's tgt_sub (see prog_attrs_escape.c). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char _license[] SEC("license") = "GPL";

SEC("freplace/tgt_sub")
int ext_ktime(struct __sk_buff *skb)
{
	return (bpf_ktime_get_ns() & 0) + 2;
}

SEC("freplace/tgt_sub")
int ext_plain(struct __sk_buff *skb)
{
	return 2;
}
