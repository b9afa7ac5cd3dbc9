// SPDX-License-Identifier: GPL-2.0
/*
 * iproute2's convention (tc): struct bpf_elf_map in a "maps" section, a
 * pinned map, the program in section "classifier" and a static tail call
 * in section "1/0" (ID/KEY), as Cilium writes them; libbpf refuses both.
 * A helper called only in the tail call is in that program's set alone.
 */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

struct bpf_elf_map {
	__u32 type;
	__u32 size_key;
	__u32 size_value;
	__u32 max_elem;
	__u32 flags;
	__u32 id;
	__u32 pinning;
	__u32 inner_id;
	__u32 inner_idx;
};

#define PIN_GLOBAL_NS	2

struct bpf_elf_map SEC("maps") flows = {
	.type		= BPF_MAP_TYPE_LRU_HASH,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= 1024,
	.pinning	= PIN_GLOBAL_NS,
};

struct bpf_elf_map SEC("maps") jmp_map = {
	.type		= BPF_MAP_TYPE_PROG_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 1,
};

SEC("1/0") static int tail_hash(struct __sk_buff *skb)
{
	__u32 h = bpf_get_hash_recalc(skb);
	__u64 n = 1;

	bpf_map_update_elem(&flows, &h, &n, BPF_ANY);
	return TC_ACT_OK;
}

SEC("classifier")
int cls_main(struct __sk_buff *skb)
{
	__u32 key = skb->mark;

	if (bpf_map_lookup_elem(&flows, &key))
		bpf_tail_call(skb, &jmp_map, 0);
	return TC_ACT_OK;
}

char __license[] SEC("license") = "GPL";
