/* SPDX-License-Identifier: GPL-2.0 */
/* Kernel variables the prog_attrs tests' BPF programs take the address of */
#ifndef __PROG_ATTRS_KSYMS_H
#define __PROG_ATTRS_KSYMS_H

extern const int bpf_prog_active __ksym __weak;

#endif /* __PROG_ATTRS_KSYMS_H */
