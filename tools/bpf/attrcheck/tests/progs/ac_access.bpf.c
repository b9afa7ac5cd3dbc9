// SPDX-License-Identifier: GPL-2.0
/*
 * attrcheck test: the access classes read_kernel and write_packet, each
 * rule next to a twin that does not use the class: packet stores through
 * the context's data pointers, a helper that changes packet data, reads
 * through a BTF pointer (a tracing context, a helper's result, a socket
 * map's element), a kfunc given an skb dynptr, and a callback, whose
 * pointers gen does not follow.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct task_struct {
	int pid;
} __attribute__((preserve_access_index));

struct bpf_fentry_test_t {
	struct bpf_fentry_test_t *a;
} __attribute__((preserve_access_index));

int bpf_dynptr_from_skb(struct __sk_buff *skb, __u64 flags,
			struct bpf_dynptr *ptr__uninit)
	__ksym;
void *bpf_dynptr_slice_rdwr(const struct bpf_dynptr *ptr, __u32 offset,
			    void *buffer__opt, __u32 buffer__szk)
	__ksym;

/* a store to the packet, through data and data_end */
SEC("xdp")
int pkt_store(struct xdp_md *ctx)
{
	__u8 *data = (void *)(long)ctx->data;
	__u8 *end = (void *)(long)ctx->data_end;

	if (data + 1 > end)
		return XDP_DROP;
	data[0] = 0xff;
	return XDP_PASS;
}

/* its twin: the packet only read */
SEC("xdp")
int pkt_load(struct xdp_md *ctx)
{
	__u8 *data = (void *)(long)ctx->data;
	__u8 *end = (void *)(long)ctx->data_end;

	if (data + 1 > end)
		return XDP_DROP;
	return data[0] ? XDP_PASS : XDP_DROP;
}

/* a helper the verifier marks as changing packet data */
SEC("tc")
int pkt_helper(struct __sk_buff *skb)
{
	return bpf_skb_pull_data(skb, 14);
}

/* a store through an skb dynptr's slice */
SEC("tc")
int pkt_dynptr(struct __sk_buff *skb)
{
	struct bpf_dynptr d;
	__u8 *p;

	bpf_dynptr_from_skb(skb, 0, &d);
	p = bpf_dynptr_slice_rdwr(&d, 0, NULL, 1);
	if (p)
		*p = 1;
	return 0;
}

/* kernel memory read through the current task's BTF pointer */
SEC("kprobe/do_nanosleep")
int kern_task(void *ctx)
{
	struct task_struct *t = bpf_get_current_task_btf();

	return t->pid & 1;
}

/* its twin: the same type, no kernel pointer */
SEC("kprobe/do_nanosleep")
int kern_none(void *ctx)
{
	return bpf_get_current_pid_tgid() & 1;
}

/* a tracing context: its arguments are BTF pointers (net/bpf/test_run.c) */
SEC("fentry/bpf_fentry_test7")
int kern_args(unsigned long long *ctx)
{
	struct bpf_fentry_test_t *arg = (void *)ctx[0];
	void *a = arg->a;

	/* fentry programs return 0: keep the load without a map */
	asm volatile("" : : "r"(a));
	return 0;
}

struct {
	__uint(type, BPF_MAP_TYPE_SOCKMAP);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} socks SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_XSKMAP);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} xsks SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} vals SEC(".maps");

/* a socket map's lookup returns the socket: its fields are kernel memory */
SEC("sk_skb")
int kern_sockmap(struct __sk_buff *skb)
{
	__u32 key = 0, type = 0;
	struct bpf_sock *sk;

	sk = bpf_map_lookup_elem(&socks, &key);
	if (sk) {
		type = sk->type;
		bpf_sk_release(sk);
	}
	return type == 1 ? SK_PASS : SK_DROP;
}

/* and an xskmap's, the AF_XDP socket */
SEC("xdp")
int kern_xskmap(struct xdp_md *ctx)
{
	struct bpf_xdp_sock *xs;
	__u32 key = 0;

	xs = bpf_map_lookup_elem(&xsks, &key);
	return xs && xs->queue_id ? XDP_PASS : XDP_DROP;
}

/* their twin: an array's lookup returns its value, the program's own */
SEC("xdp")
int val_array(struct xdp_md *ctx)
{
	__u32 key = 0, *v;

	v = bpf_map_lookup_elem(&vals, &key);
	return v && *v ? XDP_PASS : XDP_DROP;
}

static int loop_cb(__u32 i, void *data)
{
	*(__u64 *)data += i;
	return 0;
}

/* a callback: its pointers are not followed */
SEC("tc")
int not_followed(struct __sk_buff *skb)
{
	__u64 sum = 0;

	bpf_loop(4, loop_cb, &sum, 0);
	return sum & 1;
}

/* the same callback where no packet or kernel pointer can exist */
SEC("kprobe/do_nanosleep")
int no_source(void *ctx)
{
	__u64 sum = 0;

	bpf_loop(4, loop_cb, &sum, 0);
	return sum & 1;
}

char _license[] SEC("license") = "GPL";
