// SPDX-License-Identifier: GPL-2.0
/* Programs for the libbpf_prog_attrs test whose attribute sets come from
 * the object's ".bpf.attrs" section: binary records (bpf/bpf_attrs.h),
 * one per program, written with BPF_PROG_ATTRS().
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_attrs.h>

char _license[] SEC("license") = "GPL";

/* BPF_FUNC_map_lookup_elem (1) and BPF_FUNC_ktime_get_ns (5) share a word */
BPF_PROG_ATTRS(attrs_sec_a, "bpf_rcu_read_lock\0bpf_testmod:bpf_kfunc_call_test1",
	       .helpers = { [0] = 1ULL << BPF_FUNC_map_lookup_elem |
				  1ULL << BPF_FUNC_ktime_get_ns },
	       .kfunc_cnt = 2,
	       .handled = BPF_PROG_ATTRS_H_MAP_TYPES | BPF_PROG_ATTRS_H_MAP_TYPES_WRITE |
			  BPF_PROG_ATTRS_H_INSN_CNT | BPF_PROG_ATTRS_H_INSN_PROCESSED,
	       .map_types = 1ULL << BPF_MAP_TYPE_HASH | 1ULL << BPF_MAP_TYPE_ARRAY,
	       .access_handled = BPF_PROG_ACCESS_READ_KERNEL | BPF_PROG_ACCESS_WRITE_CTX,
	       .max_insn_cnt = 64,
	       .max_insn_processed = 1000);

/* the empty set: no helper, no kfunc, nothing else restricted */
BPF_PROG_ATTRS(attrs_sec_b, "");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} sec_hash SEC(".maps");

SEC("socket")
int attrs_sec_a(struct __sk_buff *skb)
{
	__u32 key = 0;

	if (!bpf_map_lookup_elem(&sec_hash, &key))
		return 0;
	return bpf_ktime_get_ns() == 0;
}

SEC("socket")
int attrs_sec_b(struct __sk_buff *skb)
{
	return 0;
}
