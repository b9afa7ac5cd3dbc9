// SPDX-License-Identifier: GPL-2.0
/*
 * Supervisor tests: load TARGET.bpf.o, then EXT.bpf.o as an extension
 * (freplace) of the function its section names ("freplace/FUNC") in the
 * first program of TARGET; print "target N" and "ext N", the errno of
 * each load (0: loaded).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <bpf/libbpf.h>

/* libbpf's warnings to stderr, for a failed load's reason */
static int warnings(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return level == LIBBPF_WARN ? vfprintf(stderr, fmt, ap) : 0;
}

int main(int argc, char **argv)
{
	struct bpf_object *tgt, *ext;
	struct bpf_program *tp, *ep;
	int err;

	if (argc != 3) {
		fprintf(stderr, "usage: %s TARGET.bpf.o EXT.bpf.o\n", argv[0]);
		return 2;
	}
	libbpf_set_print(warnings);
	tgt = bpf_object__open_file(argv[1], NULL);
	ext = bpf_object__open_file(argv[2], NULL);
	if (!tgt || !ext)
		return 2;
	err = bpf_object__load(tgt);
	printf("target %d\n", err ? -err : 0);
	if (err)
		return 1;
	tp = bpf_object__next_program(tgt, NULL);
	ep = bpf_object__next_program(ext, NULL);
	if (!tp || !ep)
		return 2;
	bpf_program__set_attach_target(ep, bpf_program__fd(tp),
				       bpf_program__section_name(ep) + strlen("freplace/"));
	err = bpf_object__load(ext);
	printf("ext %d\n", err ? -err : 0);
	bpf_object__close(ext);
	bpf_object__close(tgt);
	return 0;
}
