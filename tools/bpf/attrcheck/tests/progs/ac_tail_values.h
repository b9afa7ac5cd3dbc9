/* SPDX-License-Identifier: GPL-2.0 */
/* ac_tail_values.bpf.c: the programs its prog array holds, defined after it */
#ifndef __AC_TAIL_VALUES_H
#define __AC_TAIL_VALUES_H

struct __sk_buff;

int member_a(struct __sk_buff *skb);
int member_b(struct __sk_buff *skb);

#endif /* __AC_TAIL_VALUES_H */
