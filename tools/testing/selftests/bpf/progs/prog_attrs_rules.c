// SPDX-License-Identifier: GPL-2.0
/*
 * The verifier's rules for attribute sets as RUN_TESTS cases: for every
 * rule a program the set refuses, with the verifier's log line, next to
 * its twin that the set allows. The sets are the programs' .bpf.attrs
 * records (BPF_PROG_ATTRS()), which libbpf passes at load.
 */
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_attrs.h>
#include "bpf_misc.h"

char _license[] SEC("license") = "GPL";

#define MAPS		(BPF_PROG_ATTRS_H_MAP_TYPES | BPF_PROG_ATTRS_H_MAP_TYPES_WRITE)

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} rules_hash SEC(".maps");

struct task_struct *bpf_task_from_pid(s32 pid) __ksym;
void bpf_task_release(struct task_struct *p) __ksym;

/* helpers: a call outside the set, reachable */
BPF_PROG_ATTRS(helper_refused, "");
SEC("tc")
__failure
__msg("call to helper bpf_ktime_get_ns#5 is not in the program's attribute set (helpers)")
int helper_refused(struct __sk_buff *skb)
{
	return bpf_ktime_get_ns() == 0;
}

BPF_PROG_ATTRS(helper_allowed, "", .helpers = { [0] = 1ULL << BPF_FUNC_ktime_get_ns });
SEC("tc")
__success
int helper_allowed(struct __sk_buff *skb)
{
	return bpf_ktime_get_ns() == 0;
}

/* helpers: a call outside the set in dead code (r0 is 0: never taken) is refused too */
BPF_PROG_ATTRS(helper_dead_refused, "");
SEC("tc")
__failure
__msg("insn 2: call to helper bpf_ktime_get_ns#5 is not in the program's attribute set (helpers)")
__naked int helper_dead_refused(void)
{
	asm volatile ("r0 = 0;"
		      "if r0 == 0 goto 1;"
		      "call %[bpf_ktime_get_ns];"
		      "exit;"
		      :
		      : __imm(bpf_ktime_get_ns)
		      : __clobber_all);
}

BPF_PROG_ATTRS(helper_dead_allowed, "", .helpers = { [0] = 1ULL << BPF_FUNC_ktime_get_ns });
SEC("tc")
__success
__naked int helper_dead_allowed(void)
{
	asm volatile ("r0 = 0;"
		      "if r0 == 0 goto 1;"
		      "call %[bpf_ktime_get_ns];"
		      "exit;"
		      :
		      : __imm(bpf_ktime_get_ns)
		      : __clobber_all);
}

/* kfuncs */
BPF_PROG_ATTRS(kfunc_refused, "bpf_task_from_pid", .kfunc_cnt = 1);
SEC("tc")
__failure
__msg("call to kfunc bpf_task_release is not in the program's attribute set (kfuncs)")
int kfunc_refused(struct __sk_buff *skb)
{
	struct task_struct *t = bpf_task_from_pid(1);

	if (t)
		bpf_task_release(t);
	return 0;
}

BPF_PROG_ATTRS(kfunc_allowed, "bpf_task_from_pid\0bpf_task_release", .kfunc_cnt = 2);
SEC("tc")
__success
int kfunc_allowed(struct __sk_buff *skb)
{
	struct task_struct *t = bpf_task_from_pid(1);

	if (t)
		bpf_task_release(t);
	return 0;
}

/* map_types: a map of a type outside the set */
BPF_PROG_ATTRS(map_type_refused, "",
	       .helpers = { [0] = 1ULL << BPF_FUNC_map_lookup_elem },
	       .handled = MAPS, .map_types = 1ULL << BPF_MAP_TYPE_ARRAY);
SEC("tc")
__failure
__msg("map 'rules_hash' of type hash is not in the program's attribute set (map_types)")
int map_type_refused(struct __sk_buff *skb)
{
	__u32 key = 0;

	return !!bpf_map_lookup_elem(&rules_hash, &key);
}

BPF_PROG_ATTRS(map_type_allowed, "",
	       .helpers = { [0] = 1ULL << BPF_FUNC_map_lookup_elem },
	       .handled = MAPS, .map_types = 1ULL << BPF_MAP_TYPE_HASH);
SEC("tc")
__success
int map_type_allowed(struct __sk_buff *skb)
{
	__u32 key = 0;

	return !!bpf_map_lookup_elem(&rules_hash, &key);
}

/* map_types_write: a store into a value of a map the set lets it only read */
BPF_PROG_ATTRS(map_store_refused, "",
	       .helpers = { [0] = 1ULL << BPF_FUNC_map_lookup_elem },
	       .handled = MAPS, .map_types = 1ULL << BPF_MAP_TYPE_HASH);
SEC("tc")
__failure
__msg("store to a value of map 'rules_hash' of type hash")
__msg("is not in the program's attribute set (map_types_write)")
int map_store_refused(struct __sk_buff *skb)
{
	__u32 key = 0;
	__u64 *v = bpf_map_lookup_elem(&rules_hash, &key);

	if (v)
		*v = 1;
	return 0;
}

BPF_PROG_ATTRS(map_store_allowed, "",
	       .helpers = { [0] = 1ULL << BPF_FUNC_map_lookup_elem },
	       .handled = MAPS, .map_types = 1ULL << BPF_MAP_TYPE_HASH,
	       .map_types_write = 1ULL << BPF_MAP_TYPE_HASH);
SEC("tc")
__success
int map_store_allowed(struct __sk_buff *skb)
{
	__u32 key = 0;
	__u64 *v = bpf_map_lookup_elem(&rules_hash, &key);

	if (v)
		*v = 1;
	return 0;
}

/* map_types_write: a helper that writes the map */
BPF_PROG_ATTRS(map_update_refused, "",
	       .helpers = { [0] = 1ULL << BPF_FUNC_map_update_elem },
	       .handled = MAPS, .map_types = 1ULL << BPF_MAP_TYPE_HASH);
SEC("tc")
__failure
__msg("helper writes map 'rules_hash' of type hash")
__msg("is not in the program's attribute set (map_types_write)")
int map_update_refused(struct __sk_buff *skb)
{
	__u32 key = 0;
	__u64 val = 1;

	return bpf_map_update_elem(&rules_hash, &key, &val, BPF_ANY);
}

BPF_PROG_ATTRS(map_update_allowed, "",
	       .helpers = { [0] = 1ULL << BPF_FUNC_map_update_elem },
	       .handled = MAPS, .map_types = 1ULL << BPF_MAP_TYPE_HASH,
	       .map_types_write = 1ULL << BPF_MAP_TYPE_HASH);
SEC("tc")
__success
int map_update_allowed(struct __sk_buff *skb)
{
	__u32 key = 0;
	__u64 val = 1;

	return bpf_map_update_elem(&rules_hash, &key, &val, BPF_ANY);
}

/* read_kernel: a load through the skb's socket */
BPF_PROG_ATTRS(read_kernel_refused, "", .access_handled = BPF_PROG_ACCESS_READ_KERNEL);
SEC("tc")
__failure
__msg("read kernel memory is not in the program's attribute set (access read_kernel)")
int read_kernel_refused(struct __sk_buff *skb)
{
	struct bpf_sock *sk = skb->sk;

	return sk ? sk->family : 0;
}

BPF_PROG_ATTRS(read_kernel_allowed, "",
	       .access_handled = BPF_PROG_ACCESS_READ_KERNEL,
	       .access = BPF_PROG_ACCESS_READ_KERNEL);
SEC("tc")
__success
int read_kernel_allowed(struct __sk_buff *skb)
{
	struct bpf_sock *sk = skb->sk;

	return sk ? sk->family : 0;
}

/* write_packet: a store to packet data */
BPF_PROG_ATTRS(write_packet_refused, "", .access_handled = BPF_PROG_ACCESS_WRITE_PACKET);
SEC("tc")
__failure
__msg("write packet data is not in the program's attribute set (access write_packet)")
int write_packet_refused(struct __sk_buff *skb)
{
	__u8 *data = (void *)(long)skb->data, *end = (void *)(long)skb->data_end;

	if (data + 1 <= end)
		data[0] = 1;
	return 0;
}

BPF_PROG_ATTRS(write_packet_allowed, "",
	       .access_handled = BPF_PROG_ACCESS_WRITE_PACKET,
	       .access = BPF_PROG_ACCESS_WRITE_PACKET);
SEC("tc")
__success
int write_packet_allowed(struct __sk_buff *skb)
{
	__u8 *data = (void *)(long)skb->data, *end = (void *)(long)skb->data_end;

	if (data + 1 <= end)
		data[0] = 1;
	return 0;
}

/* write_packet: a helper that changes packet data */
BPF_PROG_ATTRS(store_bytes_refused, "",
	       .helpers = { [0] = 1ULL << BPF_FUNC_skb_store_bytes },
	       .access_handled = BPF_PROG_ACCESS_WRITE_PACKET);
SEC("tc")
__failure
__msg("write packet data is not in the program's attribute set (access write_packet)")
int store_bytes_refused(struct __sk_buff *skb)
{
	__u8 b = 0;

	return bpf_skb_store_bytes(skb, 0, &b, 1, 0);
}

BPF_PROG_ATTRS(store_bytes_allowed, "",
	       .helpers = { [0] = 1ULL << BPF_FUNC_skb_store_bytes },
	       .access_handled = BPF_PROG_ACCESS_WRITE_PACKET,
	       .access = BPF_PROG_ACCESS_WRITE_PACKET);
SEC("tc")
__success
int store_bytes_allowed(struct __sk_buff *skb)
{
	__u8 b = 0;

	return bpf_skb_store_bytes(skb, 0, &b, 1, 0);
}

/* write_ctx: a store to the context */
BPF_PROG_ATTRS(write_ctx_refused, "", .access_handled = BPF_PROG_ACCESS_WRITE_CTX);
SEC("tc")
__failure
__msg("write the context is not in the program's attribute set (access write_ctx)")
int write_ctx_refused(struct __sk_buff *skb)
{
	skb->mark = 1;
	return 0;
}

BPF_PROG_ATTRS(write_ctx_allowed, "",
	       .access_handled = BPF_PROG_ACCESS_WRITE_CTX,
	       .access = BPF_PROG_ACCESS_WRITE_CTX);
SEC("tc")
__success
int write_ctx_allowed(struct __sk_buff *skb)
{
	skb->mark = 1;
	return 0;
}

/* max_insn_cnt: the program's size */
BPF_PROG_ATTRS(insn_cnt_refused, "", .handled = BPF_PROG_ATTRS_H_INSN_CNT, .max_insn_cnt = 2);
SEC("tc")
__failure
__msg("program of 3 insns is larger than its attribute set allows (max_insn_cnt 2)")
__naked int insn_cnt_refused(void)
{
	asm volatile ("r0 = 0;"
		      "r0 += 1;"
		      "exit;"
		      ::: __clobber_all);
}

BPF_PROG_ATTRS(insn_cnt_allowed, "", .handled = BPF_PROG_ATTRS_H_INSN_CNT, .max_insn_cnt = 3);
SEC("tc")
__success
__naked int insn_cnt_allowed(void)
{
	asm volatile ("r0 = 0;"
		      "r0 += 1;"
		      "exit;"
		      ::: __clobber_all);
}

/* max_insn_processed: the verifier's work, five instructions here */
BPF_PROG_ATTRS(insn_processed_refused, "",
	       .handled = BPF_PROG_ATTRS_H_INSN_PROCESSED, .max_insn_processed = 4);
SEC("tc")
__failure
__msg("insn 4: verifier work above the attribute set's limit of 4 insns (max_insn_processed)")
__naked int insn_processed_refused(void)
{
	asm volatile ("r0 = 0;"
		      "r0 += 1;"
		      "r0 += 1;"
		      "r0 += 1;"
		      "exit;"
		      ::: __clobber_all);
}

BPF_PROG_ATTRS(insn_processed_allowed, "",
	       .handled = BPF_PROG_ATTRS_H_INSN_PROCESSED, .max_insn_processed = 5);
SEC("tc")
__success
__naked int insn_processed_allowed(void)
{
	asm volatile ("r0 = 0;"
		      "r0 += 1;"
		      "r0 += 1;"
		      "r0 += 1;"
		      "exit;"
		      ::: __clobber_all);
}
