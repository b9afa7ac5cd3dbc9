// SPDX-License-Identifier: GPL-2.0
/*
 * A kprobe program within the token's ceiling (guest-bpftool-token.sh).
 * Kprobes, unlike socket filters, are never loadable without privileges,
 * so a load in the container can only be the token's.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("kprobe/do_nanosleep")
int stamp(void *ctx)
{
	return bpf_ktime_get_ns() & 1;
}

char LICENSE[] SEC("license") = "GPL";
