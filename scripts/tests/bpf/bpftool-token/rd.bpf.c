// SPDX-License-Identifier: GPL-2.0
/*
 * A kprobe program calling a helper outside the token's ceiling
 * (guest-bpftool-token.sh).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("kprobe/do_nanosleep")
int peek(void *ctx)
{
	long v = 0;

	bpf_probe_read_kernel(&v, sizeof(v), ctx);
	return v & 1;
}

char LICENSE[] SEC("license") = "GPL";
