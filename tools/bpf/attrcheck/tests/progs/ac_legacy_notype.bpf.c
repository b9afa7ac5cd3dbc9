// SPDX-License-Identifier: GPL-2.0
/*
 * Legacy programs without function symbols: code written as assembly, as
 * older compilers left it, whose labels are symbols of no type
 * (STT_NOTYPE), or no symbol at all. libbpf refuses the object (its
 * "maps" section); each executable section is a program, named by its
 * global symbol or else by the section.
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

struct bpf_map_def SEC("maps") events = {
	.type		= BPF_MAP_TYPE_PERF_EVENT_ARRAY,
	.key_size	= sizeof(__u32),
	.value_size	= sizeof(__u32),
	.max_entries	= 64,
};

/* xdp_count: a global label, no .type; "2/1": no label at all */
asm("	.section xdp,\"ax\",@progbits\n"
	"	.globl xdp_count\n"
	"xdp_count:\n"
	"	r6 = r1\n"
	"	call 8\n"			/* bpf_get_smp_processor_id */
	"	*(u32 *)(r10 - 4) = r0\n"
	"	r1 = r6\n"
	"	r2 = events ll\n"
	"	r3 = 0xffffffff ll\n"
	"	r4 = r10\n"
	"	r4 += -4\n"
	"	r5 = 4\n"
	"	call 25\n"			/* bpf_perf_event_output */
	"	r0 = 2\n"
	"	exit\n"
	"	.section \"2/1\",\"ax\",@progbits\n"
	"	call 7\n"			/* bpf_get_prandom_u32 */
	"	exit\n");

char _license[] SEC("license") = "GPL";
