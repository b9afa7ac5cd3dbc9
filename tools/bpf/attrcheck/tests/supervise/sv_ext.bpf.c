// SPDX-License-Identifier: GPL-2.0
/* Supervisor tests: an extension (freplace) of sv_target's function. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("freplace/sv_target_fn")
int sv_ext(int x)
{
	return x + 1;
}

char _license[] SEC("license") = "GPL";
