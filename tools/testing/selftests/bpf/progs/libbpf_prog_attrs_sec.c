// SPDX-License-Identifier: GPL-2.0
/* Programs for the libbpf_prog_attrs test whose attribute sets come from
 * the object's ".bpf.attrs" section (text format,
 * Documentation/bpf/prog_attrs_format.rst).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char _license[] SEC("license") = "GPL";

char _attrs[] SEC(".bpf.attrs") =
	"# the sets of this object's programs\n"
	"program attrs_sec_a\n"
	"\thelpers bpf_map_lookup_elem bpf_ktime_get_ns\n"
	"\tkfuncs bpf_testmod:bpf_kfunc_call_test1 bpf_rcu_read_lock\n"
	"\tmap_types hash array\n"
	"\tmap_types_write none\n"
	"\taccess none\n"
	"\taccess_handled read_kernel write_ctx\n"
	"\tmax_insn_cnt 64\n"
	"\tmax_insn_processed 1000\n"
	"\n"
	"program attrs_sec_b\n";

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
