// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for libbpf's text format of program attribute sets
 * (tools/lib/bpf/prog_attrs.c). Any input: no crash, no leak, no
 * undefined behaviour. A parsed input: printing it and parsing the print
 * gives the same sets (parse(print(parse(x))) == parse(x)), and the print
 * is a fixed point (print(parse(print(p))) == print(p)); abort() if not.
 *
 * Build: clang -fsanitize=fuzzer,address,undefined text_fuzz.c
 *        tools/lib/bpf/prog_attrs.c + the other libbpf objects -lelf -lz
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static struct btf *btf;

static char *print_file(const struct bpf_attrs_file *f)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	if (!out)
		abort();
	if (bpf_attrs_file__fprint(f, out)) {
		fprintf(stderr, "fprint failed on a parsed file\n");
		abort();
	}
	fclose(out);
	return buf;
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

	LIBBPF_OPTS(bpf_attrs_file_opts, opts,
		    .filename = "fuzz",
		    .errbuf = errbuf,
		    .errbuf_sz = sizeof(errbuf));
	struct bpf_attrs_file *f, *g, *h;
	char *p1, *p2;
	size_t i;

	if (!btf)
		setup();
	/* the first byte chooses whether kfunc names are checked */
	if (size && (data[0] & 1))
		opts.btf = btf;

	f = bpf_attrs_file__parse((const char *)data, size, &opts);
	if (!f) {
		if (strncmp(errbuf, "fuzz:", 5)) {
			fprintf(stderr, "error without FILE:LINE: '%s'\n", errbuf);
			abort();
		}
		return 0;
	}
	p1 = print_file(f);
	g = bpf_attrs_file__parse(p1, strlen(p1), &opts);
	if (!g) {
		fprintf(stderr, "print does not parse: %s\n%s", errbuf, p1);
		abort();
	}
	if (bpf_attrs_file__cnt(f) != bpf_attrs_file__cnt(g))
		abort();
	for (i = 0; i < bpf_attrs_file__cnt(f); i++) {
		if (strcmp(bpf_attrs_file__name(f, i), bpf_attrs_file__name(g, i)) ||
		    !attrs_equal(bpf_attrs_file__attrs(f, i, NULL),
				 bpf_attrs_file__attrs(g, i, NULL))) {
			fprintf(stderr, "parse(print(parse(x))) != parse(x) for '%s'\n%s",
				bpf_attrs_file__name(f, i), p1);
			abort();
		}
	}
	p2 = print_file(g);
	if (strcmp(p1, p2)) {
		fprintf(stderr, "print is not a fixed point:\n%s---\n%s", p1, p2);
		abort();
	}
	/* a copy made with add() prints the same */
	h = bpf_attrs_file__new();
	for (i = 0; i < bpf_attrs_file__cnt(f); i++) {
		size_t sz;
		const struct bpf_prog_attrs *a = bpf_attrs_file__attrs(f, i, &sz);

		if (bpf_attrs_file__add(h, bpf_attrs_file__name(f, i), a, sz))
			abort();
	}
	free(p2);
	p2 = print_file(h);
	if (strcmp(p1, p2))
		abort();
	bpf_attrs_file__free(h);
	bpf_attrs_file__free(g);
	bpf_attrs_file__free(f);
	free(p1);
	free(p2);
	return 0;
}
