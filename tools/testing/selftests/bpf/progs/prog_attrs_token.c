// SPDX-License-Identifier: GPL-2.0
/* Loaded by an unmodified libbpf loader with a token (bpf_token_path):
 * one program within the token's ceiling, one outside it, and a target
 * for extensions.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u64 seen;

SEC("socket")
int within(struct __sk_buff *skb)
{
	seen = bpf_ktime_get_ns();
	return 0;
}

SEC("socket")
int outside(struct __sk_buff *skb)
{
	__u64 v = 0;

	bpf_probe_read_kernel(&v, sizeof(v), (void *)(long)skb->len);
	seen = v;
	return 0;
}

/*
 * A target for prog_attrs_ext's extensions of tgt_sub, as in
 * prog_attrs_escape, which a user namespace cannot load: it needs
 * bpf_testmod's BTF, and reading a module's BTF needs CAP_SYS_ADMIN.
 */
__noinline int tgt_sub(struct __sk_buff *skb)
{
	if (!skb)
		return 0;
	return 1;
}

SEC("tc")
int freplace_target(struct __sk_buff *skb)
{
	return tgt_sub(skb);
}

char _license[] SEC("license") = "GPL";
