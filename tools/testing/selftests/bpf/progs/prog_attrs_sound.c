// SPDX-License-Identifier: GPL-2.0
/* Programs for prog_attrs_sound: each way a program reads or writes kernel
 * memory, packet data or a map that the attribute set rules count. Each is
 * loaded alone by prog_tests/prog_attrs_sound.c, with a set that lacks or
 * has the attribute it needs.
 */
#define BPF_NO_KFUNC_PROTOTYPES
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpf_kfuncs.h"
#include "prog_attrs_ksyms.h"

char _license[] SEC("license") = "GPL";

struct prog_test_ref_kfunc;

/* bpf_testmod (and net/bpf/test_run.c for the release), as declared in
 * bpf_testmod_kfunc.h but weak: the other programs load without the module
 */
struct prog_test_ref_kfunc *
bpf_kfunc_call_test_acquire(unsigned long *scalar_ptr) __ksym __weak;
void bpf_kfunc_call_test_release(struct prog_test_ref_kfunc *p) __ksym __weak;
int *bpf_kfunc_call_test_get_rdwr_mem(struct prog_test_ref_kfunc *p,
				      const int rdwr_buf_size) __ksym __weak;
int *bpf_kfunc_call_test_get_rdonly_mem(struct prog_test_ref_kfunc *p,
					const int rdonly_buf_size) __ksym __weak;
void bpf_kfunc_dynptr_test(struct bpf_dynptr *ptr, struct bpf_dynptr *ptr__nullable) __ksym __weak;
s64 bpf_map_sum_elem_count(const struct bpf_map *map) __ksym __weak;
void *bpf_arena_alloc_pages(void *p__map, void *addr__ign, __u32 page_cnt, int node_id,
			    __u64 flags) __ksym __weak;

/* A typed __ksym (prog_attrs_ksyms.h): its ld_imm64 is BPF_PSEUDO_BTF_ID */
SEC("tc")
int ksym_read(struct __sk_buff *skb)
{
	const int *active = bpf_this_cpu_ptr(&bpf_prog_active);

	return *active;
}

/*
 * Memory a kfunc returns, of a struct prog_test_ref_kfunc acquired and
 * released around it: writable (@rdwr) or read-only. Inlined, so that each
 * program calls only its own kfunc.
 */
static __always_inline int kfunc_mem(bool rdwr)
{
	struct prog_test_ref_kfunc *pt;
	unsigned long s = 0;
	int ret = -1;
	int *p;

	pt = bpf_kfunc_call_test_acquire(&s);
	if (!pt)
		return -1;
	if (rdwr) {
		p = bpf_kfunc_call_test_get_rdwr_mem(pt, 2 * sizeof(int));
		if (p) {
			p[0] = 42;	/* prog_test_struct.a, left as it was */
			ret = p[1];	/* .b: 108 */
		}
	} else {
		p = bpf_kfunc_call_test_get_rdonly_mem(pt, 2 * sizeof(int));
		if (p)
			ret = p[0];	/* .a: 42 */
	}
	bpf_kfunc_call_test_release(pt);
	return ret;
}

SEC("tc")
int kfunc_rdwr(struct __sk_buff *skb)
{
	return kfunc_mem(true);
}

SEC("tc")
int kfunc_rdonly(struct __sk_buff *skb)
{
	return kfunc_mem(false);
}

/* skb dynptrs: a helper write, a store through a slice, a read slice */
SEC("tc")
int dynptr_write_skb(struct __sk_buff *skb)
{
	__u8 mac[2] = { 0x12, 0x34 };
	struct bpf_dynptr ptr;

	if (bpf_dynptr_from_skb(skb, 0, &ptr))
		return 1;
	return bpf_dynptr_write(&ptr, 0, mac, sizeof(mac), 0) ? 2 : 0;
}

SEC("tc")
int dynptr_slice_store(struct __sk_buff *skb)
{
	struct bpf_dynptr ptr;
	__u8 buf[4] = {};
	__u8 *p;

	if (bpf_dynptr_from_skb(skb, 0, &ptr))
		return 1;
	p = bpf_dynptr_slice_rdwr(&ptr, 0, buf, sizeof(buf));
	if (!p)
		return 2;
	p[0] = 0x56;
	return 0;
}

SEC("tc")
int dynptr_slice_load(struct __sk_buff *skb)
{
	struct bpf_dynptr ptr;
	__u8 buf[2] = {};
	__u8 *p;

	if (bpf_dynptr_from_skb(skb, 0, &ptr))
		return -1;
	/* the high byte of the Ethernet protocol */
	p = bpf_dynptr_slice(&ptr, 12, buf, sizeof(buf));
	if (!p)
		return -2;
	return p[0];
}

SEC("tc")
int dynptr_size_skb(struct __sk_buff *skb)
{
	struct bpf_dynptr ptr;

	if (bpf_dynptr_from_skb(skb, 0, &ptr))
		return -1;
	return bpf_dynptr_size(&ptr);
}

SEC("tc")
int dynptr_kfunc_skb(struct __sk_buff *skb)
{
	struct bpf_dynptr ptr;

	if (bpf_dynptr_from_skb(skb, 0, &ptr))
		return 1;
	bpf_kfunc_dynptr_test(&ptr, NULL);
	return 0;
}

/* A local dynptr, over a map value: not packet data */
__u8 local_buf[8];

SEC("tc")
int dynptr_local(struct __sk_buff *skb)
{
	struct bpf_dynptr ptr;
	__u8 v = 7;

	bpf_dynptr_from_mem(local_buf, sizeof(local_buf), 0, &ptr);
	if (bpf_dynptr_write(&ptr, 0, &v, sizeof(v), 0))
		return -1;
	return local_buf[0];
}

SEC("tc")
int dynptr_kfunc_local(struct __sk_buff *skb)
{
	struct bpf_dynptr ptr;

	bpf_dynptr_from_mem(local_buf, sizeof(local_buf), 0, &ptr);
	bpf_kfunc_dynptr_test(&ptr, NULL);
	return 0;
}

/* bpf_user_ringbuf_drain() consumes the samples: a write of the map */
struct {
	__uint(type, BPF_MAP_TYPE_USER_RINGBUF);
	__uint(max_entries, 4 * 4096);
} sound_urb SEC(".maps");

static long drain_cb(struct bpf_dynptr *dynptr, void *ctx)
{
	return 0;
}

SEC("tc")
int urb_drain(struct __sk_buff *skb)
{
	return bpf_user_ringbuf_drain(&sound_urb, drain_cb, NULL, 0);
}

/* Map element iterators: the map is given at attach time */
SEC("iter/bpf_map_elem")
int iter_inc(struct bpf_iter__bpf_map_elem *ctx)
{
	__u64 *val = ctx->value;

	if (!val)
		return 0;
	*val += 1;
	return 0;
}

SEC("iter/bpf_map_elem")
int iter_read(struct bpf_iter__bpf_map_elem *ctx)
{
	struct seq_file *seq = ctx->meta->seq;
	__u64 *val = ctx->value;

	if (!val)
		return 0;
	bpf_seq_write(seq, val, sizeof(*val));
	return 0;
}

/* A sockmap iterator: its map too is given at attach time */
SEC("iter/sockmap")
int iter_sockmap(struct bpf_iter__sockmap *ctx)
{
	__u32 *key = ctx->key;

	if (!key)
		return 0;
	bpf_seq_write(ctx->meta->seq, key, sizeof(*key));
	return 0;
}

/* A kfunc given a map that it only reads */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} sum_hash SEC(".maps");

SEC("tc")
int map_sum_count(struct __sk_buff *skb)
{
	return bpf_map_sum_elem_count((const struct bpf_map *)&sum_hash);
}

/*
 * A map the verifier knows only as a BTF pointer (any map of the system,
 * from the map iterator): a kfunc given it writes kernel memory, one that
 * only reads maps does not.
 */
SEC("iter.s/bpf_map")
int iter_map_kfunc_write(struct bpf_iter__bpf_map *ctx)
{
	struct bpf_map *map = ctx->map;

	if (!map)
		return 0;
	bpf_arena_alloc_pages(map, NULL, 0, -1, 0);	/* no page: no effect */
	return 0;
}

SEC("iter/bpf_map")
int iter_map_kfunc_read(struct bpf_iter__bpf_map *ctx)
{
	struct bpf_map *map = ctx->map;

	if (!map)
		return 0;
	return bpf_map_sum_elem_count(map) < 0;
}

/* Observed flags */
SEC("tc")
int plain(struct __sk_buff *skb)
{
	return 1;
}

SEC("syscall")
int sys_bpf_caller(void *ctx)
{
	char attr[8] = {};

	return bpf_sys_bpf(BPF_MAP_GET_NEXT_ID, attr, sizeof(attr));
}

/* The observed set as a declared one: a helper, a kfunc, a map write and
 * a packet write.
 */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} rt_map SEC(".maps");

SEC("tc")
int round_trip(struct __sk_buff *skb)
{
	struct bpf_dynptr ptr;
	__u8 b = 0x9a;
	__u32 key = 0;
	__u64 *v;

	v = bpf_map_lookup_elem(&rt_map, &key);
	if (!v)
		return 1;
	*v = bpf_ktime_get_ns();
	if (bpf_dynptr_from_skb(skb, 0, &ptr))
		return 2;
	return bpf_dynptr_write(&ptr, 0, &b, sizeof(b), 0) ? 3 : 0;
}

/* A freplace target and its extension (failed_insert) */
__noinline int sound_sub(struct __sk_buff *skb)
{
	if (!skb)
		return 0;
	return 1;
}

SEC("tc")
int sound_tgt(struct __sk_buff *skb)
{
	return sound_sub(skb);
}

SEC("freplace/sound_sub")
int sound_ext(struct __sk_buff *skb)
{
	return (bpf_ktime_get_ns() & 0) + 2;
}
