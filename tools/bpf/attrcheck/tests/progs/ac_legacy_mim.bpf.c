// SPDX-License-Identifier: GPL-2.0
/*
 * iproute2's map-in-map: the outer map names its template by id
 * (inner_id). Unpinned, the template is the inner map type; pinned, an
 * older map with another template may be reused: all map types count,
 * with a note.
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
#define INNER_ID	42

struct bpf_elf_map SEC("maps") inner = {
	.type		= BPF_MAP_TYPE_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 1,
	.id		= INNER_ID,
};

struct bpf_elf_map SEC("maps") outer = {
	.type		= BPF_MAP_TYPE_ARRAY_OF_MAPS,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 1,
	.inner_id	= INNER_ID,
};

struct bpf_elf_map SEC("maps") outer_pinned = {
	.type		= BPF_MAP_TYPE_HASH_OF_MAPS,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 1,
	.inner_id	= INNER_ID,
	.pinning	= PIN_GLOBAL_NS,
};

static __always_inline int lookup(void *map)
{
	__u32 zero = 0, *v;
	void *m = bpf_map_lookup_elem(map, &zero);

	if (!m)
		return TC_ACT_OK;
	v = bpf_map_lookup_elem(m, &zero);
	return v ? *v : TC_ACT_OK;
}

SEC("classifier")
int known(struct __sk_buff *skb)
{
	return lookup(&outer);
}

SEC("action")
int guessed(struct __sk_buff *skb)
{
	return lookup(&outer_pinned);
}

char __license[] SEC("license") = "GPL";
