// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * libFuzzer target for attrcheck's ELF path: the object parser, the
 * program reconstruction and the analysis, on arbitrary bytes.
 * Build (see scripts/tests/tools-attrcheck.sh), with -I tools/bpf/attrcheck:
 *   clang -fsanitize=fuzzer,address,undefined elf_fuzz.c analyze.c elfimg.c \
 *         libbpf.a -lelf -lz
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/libbpf.h>

#include "analyze.h"

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ac_object *o;
	char err[512];
	unsigned int i;

	libbpf_set_print(quiet);
	o = ac_object_open(NULL, data, size, err, sizeof(err));
	if (!o)
		return 0;
	for (i = 0; i < o->prog_cnt; i++) {
		size_t sz;

		free(ac_prog_attrs(&o->progs[i], true, &sz));
	}
	ac_object_free(o);
	return 0;
}
