/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* What attrcheck's commands share: output mode and message printers. */
#ifndef __ATTRCHECK_MAIN_H
#define __ATTRCHECK_MAIN_H

#include <stdbool.h>

#include <linux/compiler.h>

#include "json_writer.h"

extern bool json_output;
extern json_writer_t *json_wtr;

void __printf(1, 2) p_err(const char *fmt, ...);
void __printf(1, 2) p_note(const char *fmt, ...);

/* supervise.c, learn.c */
int do_supervise(int argc, char **argv);
int do_learn(int argc, char **argv);

#endif
