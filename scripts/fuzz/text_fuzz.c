// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the tools' text format of program attribute sets
 * (tools/bpf/prog_attrs/prog_attrs_text.c). Any input: no crash, no leak, no
 * undefined behaviour. A parsed input: printing it and parsing the print
 * gives the same sets (parse(print(parse(x))) == parse(x)), and the print
 * is a fixed point (print(parse(print(p))) == print(p)); abort() if not.
 *
 * Build: clang -fsanitize=fuzzer,address,undefined text_fuzz.c
 *        tools/bpf/prog_attrs/prog_attrs_text.c libbpf.a -lelf -lz
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "prog_attrs_text.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static struct btf *btf;

static char *print_file(const struct prog_attrs_text *f)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	if (!out)
		abort();
	if (prog_attrs_text__fprint(f, out)) {
		fprintf(stderr, "fprint failed on a parsed file\n");
		abort();
	}
	fclose(out);
	return buf;
}

static struct prog_attrs_text *section_round_trip(const struct prog_attrs_text *f,
						  const struct prog_attrs_text_opts *opts)
{
	struct prog_attrs_text *g;
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	if (!out || prog_attrs_text__fwrite_section(f, out))
		abort();
	fclose(out);
	g = prog_attrs_text__from_section(buf, len, opts);
	if (!g) {
		fprintf(stderr, "written section does not read: %s\n", opts->errbuf);
		abort();
	}
	free(buf);
	return g;
}

static int attrs_equal(const struct bpf_prog_attrs *a, const struct bpf_prog_attrs *b)
{
	struct bpf_prog_attrs x = *a, y = *b;

	x.kfuncs = 0;
	y.kfuncs = 0;
	if (memcmp(&x, &y, sizeof(x)))
		return 0;
	return !a->kfuncs_len ||
	       !memcmp((void *)(uintptr_t)a->kfuncs, (void *)(uintptr_t)b->kfuncs, a->kfuncs_len);
}

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

static void setup(void)
{
	static const char * const funcs[] = {
		"bpf_task_acquire", "bpf_task_release", "bpf_rcu_read_lock", "bpf_obj_new_impl",
	};
	size_t i;
	int proto;

	libbpf_set_print(quiet);
	btf = btf__new_empty();
	if (!btf)
		abort();
	btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	proto = btf__add_func_proto(btf, 1);
	for (i = 0; i < ARRAY_SIZE(funcs); i++)
		btf__add_func(btf, funcs[i], BTF_FUNC_GLOBAL, proto);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char errbuf[256];

	LIBBPF_OPTS(prog_attrs_text_opts, opts,
		    .filename = "fuzz",
		    .errbuf = errbuf,
		    .errbuf_sz = sizeof(errbuf));
	struct prog_attrs_text *f, *g, *h;
	char *p1, *p2;
	size_t i;

	if (!btf)
		setup();
	/* the first byte chooses whether kfunc names are checked */
	if (size && (data[0] & 1))
		opts.btf = btf;

	/* the same bytes as ".bpf.attrs" records: no crash, an error with an offset */
	h = prog_attrs_text__from_section(data, size, &opts);
	if (!h && errno == EINVAL && strncmp(errbuf, "fuzz: offset ", 13)) {
		fprintf(stderr, "section error without an offset: '%s'\n", errbuf);
		abort();
	}
	prog_attrs_text__free(h);

	f = prog_attrs_text__parse((const char *)data, size, &opts);
	if (!f) {
		if (strncmp(errbuf, "fuzz:", 5)) {
			fprintf(stderr, "error without FILE:LINE: '%s'\n", errbuf);
			abort();
		}
		return 0;
	}
	p1 = print_file(f);
	g = prog_attrs_text__parse(p1, strlen(p1), &opts);
	if (!g) {
		fprintf(stderr, "print does not parse: %s\n%s", errbuf, p1);
		abort();
	}
	if (prog_attrs_text__cnt(f) != prog_attrs_text__cnt(g))
		abort();
	for (i = 0; i < prog_attrs_text__cnt(f); i++) {
		if (strcmp(prog_attrs_text__name(f, i), prog_attrs_text__name(g, i)) ||
		    !attrs_equal(prog_attrs_text__attrs(f, i, NULL),
				 prog_attrs_text__attrs(g, i, NULL))) {
			fprintf(stderr, "parse(print(parse(x))) != parse(x) for '%s'\n%s",
				prog_attrs_text__name(f, i), p1);
			abort();
		}
	}
	p2 = print_file(g);
	if (strcmp(p1, p2)) {
		fprintf(stderr, "print is not a fixed point:\n%s---\n%s", p1, p2);
		abort();
	}
	/* a copy made with add() prints the same */
	h = prog_attrs_text__new();
	for (i = 0; i < prog_attrs_text__cnt(f); i++) {
		size_t sz;
		const struct bpf_prog_attrs *a = prog_attrs_text__attrs(f, i, &sz);

		if (prog_attrs_text__add(h, prog_attrs_text__name(f, i), a, sz))
			abort();
	}
	free(p2);
	p2 = print_file(h);
	if (strcmp(p1, p2))
		abort();
	prog_attrs_text__free(h);
	/* written as ".bpf.attrs" records and read back, it prints the same */
	h = section_round_trip(f, &opts);
	free(p2);
	p2 = print_file(h);
	if (strcmp(p1, p2)) {
		fprintf(stderr, "section round trip differs:\n%s---\n%s", p1, p2);
		abort();
	}
	prog_attrs_text__free(h);
	prog_attrs_text__free(g);
	prog_attrs_text__free(f);
	free(p1);
	free(p2);
	return 0;
}
