// SPDX-License-Identifier: GPL-2.0
/* attrcheck test: dead code, subprograms, several programs per object */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

static __noinline int sub_time(int x)
{
	return x + (int)bpf_ktime_get_ns();
}

static __noinline int sub_nested(int x)
{
	return sub_time(x) + (int)bpf_get_smp_processor_id();
}

__noinline int global_func(int x)
{
	return x * (int)bpf_get_prandom_u32();
}

/* dead code: the verifier never reaches the call */
SEC("xdp")
int dead_code(struct xdp_md *ctx)
{
	int never = 0;

	/* a constant to the verifier, not to the compiler */
	barrier_var(never);
	if (never)
		bpf_printk("never %d", never);
	return XDP_PASS;
}

SEC("xdp")
int subprogs(struct xdp_md *ctx)
{
	return sub_nested(ctx->ingress_ifindex) > 0 ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int global(struct xdp_md *ctx)
{
	return global_func(ctx->ingress_ifindex) & 1 ? XDP_PASS : XDP_DROP;
}

SEC("tc")
int write_ctx(struct __sk_buff *skb)
{
	skb->mark = 42;
	return 0;
}

SEC("socket")
int nothing(struct __sk_buff *skb)
{
	return 0;
}

char _license[] SEC("license") = "GPL";
