// SPDX-License-Identifier: GPL-2.0
/* Arena programs for prog_attrs_sound: a store to a global __arena
 * variable, and a kfunc given the arena. An object of its own, so that the
 * other programs load without an arena.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpf_arena_common.h"

char _license[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARENA);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, 2);
} sound_arena SEC(".maps");

/* Without address spaces in the compiler there is nothing to test: the
 * programs are left out and the test skips.
 */
#if defined(__BPF_FEATURE_ADDR_SPACE_CAST)
__u64 __arena_global arena_counter;

SEC("syscall")
int arena_store(void *ctx)
{
	return ++arena_counter;
}

SEC("syscall")
int arena_alloc(void *ctx)
{
	int __arena *page;
	int ret;

	page = bpf_arena_alloc_pages(&sound_arena, NULL, 1, NUMA_NO_NODE, 0);
	if (!page)
		return -1;
	*page = 7;
	barrier();	/* keeps the store, and reads it back from the page */
	ret = *page;
	bpf_arena_free_pages(&sound_arena, (void __arena *)page, 1);
	return ret;
}
#endif
