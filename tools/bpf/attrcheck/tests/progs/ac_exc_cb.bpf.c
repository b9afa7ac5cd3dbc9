// SPDX-License-Identifier: GPL-2.0
/*
 * attrcheck test: an exception callback. The global function that a BTF
 * decl tag "exception_callback:NAME" on a program names is code of that
 * program: libbpf appends it after the program's subprograms, then what
 * it calls, and the verifier checks it whether the program throws or
 * not, so its helpers, kfuncs, maps and instructions count. A program
 * without the tag (bpf_throw() would run the default callback) has none
 * of them.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define __exception_cb(name) __attribute__((btf_decl_tag("exception_callback:" #name)))

extern void bpf_throw(__u64 cookie)
	__ksym;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} thrown SEC(".maps");

static __noinline int count(__u64 cookie)
{
	__u32 key = cookie & 3;
	__u64 now = bpf_ktime_get_ns();

	bpf_map_update_elem(&thrown, &key, &now, BPF_ANY);
	return 0;
}

__noinline int exc_cb(__u64 cookie)
{
	return count(cookie) + (int)bpf_get_prandom_u32();
}

/*
 * bpf_throw() in dead code: the verifier refuses one it reaches when the
 * JIT cannot unwind (x86 without the ORC unwinder, as in the test
 * kernel), and a constant to the verifier, not to the compiler, keeps it
 * in the text, where the kernel still checks the kfunc against the set
 */
static __noinline int check_len(struct __sk_buff *skb)
{
	int never = 0;

	barrier_var(never);
	if (never)
		bpf_throw(skb->len);
	return (int)bpf_get_smp_processor_id();
}

SEC("tc")
__exception_cb(exc_cb)
int with_exc_cb(struct __sk_buff *skb)
{
	return check_len(skb);
}

SEC("tc")
int default_cb(struct __sk_buff *skb)
{
	int never = 0;

	barrier_var(never);
	if (never)
		bpf_throw(2);
	return 0;
}

char _license[] SEC("license") = "GPL";
