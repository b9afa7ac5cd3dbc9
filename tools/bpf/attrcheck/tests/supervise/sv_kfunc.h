/* SPDX-License-Identifier: GPL-2.0 */
/* Supervisor tests: the kfuncs sv_kfunc.bpf.c calls (kernel/bpf/helpers.c). */
#ifndef __SV_KFUNC_H
#define __SV_KFUNC_H

void __ksym bpf_rcu_read_lock(void);
void __ksym bpf_rcu_read_unlock(void);

#endif
