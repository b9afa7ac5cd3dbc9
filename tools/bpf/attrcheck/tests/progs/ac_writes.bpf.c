// SPDX-License-Identifier: GPL-2.0
/* attrcheck test: map writes as the kernel counts them, fail-closed: a
 * helper or kfunc given a map writes it unless it only reads maps, a
 * global function's map value argument is written at the call, a store
 * through an arena pointer writes the arena.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_USER_RINGBUF);
	__uint(max_entries, 4096);
} urb SEC(".maps");

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
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} lru SEC(".maps");

/* definitions, not declarations: libbpf matches kfunc prototypes by kind */
struct bpf_map {
	int m_dummy;
};

struct file {
	int f_dummy;
};

/* kfuncs (a function declaration is extern) */
__s64 bpf_map_sum_elem_count(const struct bpf_map *map) __ksym;
int bpf_copy_from_user_str(void *dst, __u32 dst__sz, const void *unsafe_ptr__ign,
			   __u64 flags) __ksym;
int bpf_get_file_xattr(struct file *file, const char *name__str,
		       struct bpf_dynptr *value_p) __ksym;

static long drain_cb(struct bpf_dynptr *dynptr, void *ctx)
{
	return 0;
}

/* draining a user ring buffer consumes it: a write */
SEC("xdp")
int drain(struct xdp_md *ctx)
{
	bpf_user_ringbuf_drain(&urb, drain_cb, NULL, 0);
	return XDP_PASS;
}

__noinline int global_read(__u64 *v)
{
	return v ? *v & 1 : 0;
}

static __noinline int static_read(__u64 *v)
{
	return *v & 1;
}

/* the verifier checks a global function's argument as written */
SEC("xdp")
int global_arg(struct xdp_md *ctx)
{
	__u32 k = 0;
	__u64 *v = bpf_map_lookup_elem(&hash, &k);

	if (!v)
		return XDP_PASS;
	return global_read(v) ? XDP_DROP : XDP_PASS;
}

/* a static one is verified with the caller's state: only read */
SEC("xdp")
int static_arg(struct xdp_md *ctx)
{
	__u32 k = 0;
	__u64 *v = bpf_map_lookup_elem(&array, &k);

	if (!v)
		return XDP_PASS;
	return static_read(v) ? XDP_DROP : XDP_PASS;
}

static __noinline int update_through(void **map)
{
	__u32 k = 0;
	__u64 one = 1;

	return bpf_map_update_elem(*map, &k, &one, BPF_ANY);
}

/* the map is read from the caller's stack: not followed, all maps count */
SEC("xdp")
int unknown_map(struct xdp_md *ctx)
{
	void *map = &lru;
	__u32 k = 0;

	if (bpf_map_lookup_elem(&hash, &k))
		return XDP_DROP;
	return update_through(&map) ? XDP_DROP : XDP_PASS;
}

/* a kfunc that only reads the map it is given */
SEC("xdp")
int map_count(struct xdp_md *ctx)
{
	return bpf_map_sum_elem_count((const struct bpf_map *)&lru) ? XDP_DROP : XDP_PASS;
}

/* a kfunc given a map value writes it */
SEC("syscall")
int kfunc_value(void *ctx)
{
	__u32 k = 0;
	__u64 *v = bpf_map_lookup_elem(&array, &k);

	if (!v)
		return 0;
	return bpf_copy_from_user_str(v, sizeof(*v), NULL, 0);
}

/*
 * .rodata is read-only to the program: a kfunc given it writes nothing
 * (the dynptr's buffer is a hash value, written by bpf_dynptr_from_mem)
 */
SEC("lsm.s/file_open")
int kfunc_rodata(__u64 *ctx)
{
	struct bpf_dynptr d;
	__u32 k = 0;
	__u64 *v = bpf_map_lookup_elem(&hash, &k);

	if (!v)
		return 0;
	bpf_dynptr_from_mem(v, sizeof(*v), 0, &d);
	bpf_get_file_xattr((struct file *)ctx[0], "user.attrcheck", &d);
	return 0;
}

#define __arena __attribute__((address_space(1)))

struct {
	__uint(type, BPF_MAP_TYPE_ARENA);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, 2);
} arena SEC(".maps");

void __arena *bpf_arena_alloc_pages(void *map, void __arena *addr, __u32 page_cnt,
				    int node_id, __u64 flags) __ksym;

int __arena arena_int;
int __arena *__arena arena_ptr;

/* a kfunc given the arena writes it, stores or not */
SEC("syscall")
int arena_alloc(void *ctx)
{
	return bpf_arena_alloc_pages(&arena, NULL, 1, -1, 0) ? 0 : 1;
}

/* reads of arena memory write nothing */
SEC("syscall")
int arena_read(void *ctx)
{
	return arena_int;
}

/* a store through a pointer read from the arena writes it */
SEC("syscall")
int arena_chase(void *ctx)
{
	int __arena *p = arena_ptr;

	if (p)
		*p = 1;
	return 0;
}

char _license[] SEC("license") = "GPL";
