// SPDX-License-Identifier: GPL-2.0
/* attrcheck test: each map kind, reads and writes, a map as an argument */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} hash SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} array SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} pcpu SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} lru SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} rb SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} perf SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 2);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} jmp SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_QUEUE);
	__uint(max_entries, 4);
	__type(value, __u64);
} queue SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_STACK);
	__uint(max_entries, 4);
	__type(value, __u64);
} stack SEC(".maps");

struct inner {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} inner1 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, __u32);
	__array(values, struct inner);
} outer SEC(".maps") = {
	.values = { &inner1 },
};

__u64 counter;

/* reads only: a lookup, no store */
SEC("xdp")
int read_hash(struct xdp_md *ctx)
{
	__u32 k = 0;
	__u64 *v = bpf_map_lookup_elem(&hash, &k);

	return v && *v ? XDP_DROP : XDP_PASS;
}

/* a store into a looked-up value writes the array */
SEC("xdp")
int store_array(struct xdp_md *ctx)
{
	__u32 k = 0;
	__u64 *v = bpf_map_lookup_elem(&array, &k);

	if (v)
		*v = 1;
	v = bpf_map_lookup_elem(&hash, &k);
	return v && *v ? XDP_DROP : XDP_PASS;
}

/* a global variable: a store to .bss writes an array */
SEC("xdp")
int store_global(struct xdp_md *ctx)
{
	__sync_fetch_and_add(&counter, 1);
	return XDP_PASS;
}

static __noinline int update(void *map, __u32 key)
{
	__u64 one = 1;

	return bpf_map_update_elem(map, &key, &one, BPF_ANY);
}

/* the map reaches map_update_elem through a subprogram's argument */
SEC("xdp")
int map_arg(struct xdp_md *ctx)
{
	__u32 k = 0;
	__u64 *v = bpf_map_lookup_elem(&pcpu, &k);

	if (v && *v)
		return XDP_DROP;
	return update(&lru, ctx->ingress_ifindex) ? XDP_DROP : XDP_PASS;
}

SEC("xdp")
int output(struct xdp_md *ctx)
{
	__u64 x = 1;

	bpf_ringbuf_output(&rb, &x, sizeof(x), 0);
	bpf_perf_event_output(ctx, &perf, BPF_F_CURRENT_CPU, &x, sizeof(x));
	return XDP_PASS;
}

SEC("xdp")
int queues(struct xdp_md *ctx)
{
	__u64 x = 1;

	bpf_map_push_elem(&queue, &x, 0);
	bpf_map_peek_elem(&stack, &x);
	return x ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int tail(struct xdp_md *ctx)
{
	bpf_tail_call(ctx, &jmp, 0);
	return XDP_PASS;
}

SEC("xdp")
int map_in_map(struct xdp_md *ctx)
{
	__u32 k = 0;
	void *in = bpf_map_lookup_elem(&outer, &k);
	__u64 *v;

	if (!in)
		return XDP_PASS;
	v = bpf_map_lookup_elem(in, &k);
	return v && *v ? XDP_DROP : XDP_PASS;
}

char _license[] SEC("license") = "GPL";
