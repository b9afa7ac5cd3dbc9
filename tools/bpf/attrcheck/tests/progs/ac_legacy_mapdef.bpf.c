// SPDX-License-Identifier: GPL-2.0
/*
 * Legacy maps: libbpf's former struct bpf_map_def in a "maps" section,
 * which libbpf 1.x refuses. Each executable section is a program; a
 * static map is referenced by the section symbol and its offset; calls
 * into .text are followed as for libbpf.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct bpf_map_def {
	__u32 type;
	__u32 key_size;
	__u32 value_size;
	__u32 max_entries;
	__u32 map_flags;
};

struct bpf_map_def SEC("maps") counts = {
	.type		= BPF_MAP_TYPE_HASH,
	.key_size	= sizeof(__u32),
	.value_size	= sizeof(__u64),
	.max_entries	= 64,
};

static struct bpf_map_def SEC("maps") totals = {
	.type		= BPF_MAP_TYPE_ARRAY,
	.key_size	= sizeof(__u32),
	.value_size	= sizeof(__u64),
	.max_entries	= 1,
};

__noinline int stamp(int x)
{
	return x + bpf_ktime_get_ns();
}

SEC("kprobe/sys_write")
int count_writes(void *ctx)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	__u64 one = 1, *v;

	v = bpf_map_lookup_elem(&counts, &pid);
	if (v)
		__sync_fetch_and_add(v, 1);
	else
		bpf_map_update_elem(&counts, &pid, &one, BPF_ANY);
	return stamp(0) & 1;
}

SEC("socket")
int read_total(struct __sk_buff *skb)
{
	__u32 zero = 0;
	__u64 *v = bpf_map_lookup_elem(&totals, &zero);

	return v ? *v + bpf_get_prandom_u32() : 0;
}

char _license[] SEC("license") = "GPL";
