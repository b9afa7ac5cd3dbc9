// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of the ".bpf.attrs" ELF section in libbpf (no kernel needed:
 * bpf_object__open only): the section gives each program its set, and
 * the static linker's concatenation of two objects' sections (NUL
 * between them) still reads as one text.
 *
 * Usage: text_elf_test A.bpf.o B.bpf.o OUT_DIR
 *        (objects of tests/text/elf_a.bpf.c and elf_b.bpf.c)
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/bpf.h>
#include <bpf/libbpf.h>

static int pass, fail;
static char msgs[4096];

static bool count(bool ok)
{
	if (ok)
		pass++;
	else
		fail++;
	return ok;
}

/* Prints "ok - MESSAGE" or "FAIL - MESSAGE" (printf() arguments), counts
 * it; evaluates to @ok.
 */
#define check(ok, ...) ({				\
	bool check_ok_ = (ok);				\
							\
	printf("%s - ", check_ok_ ? "ok" : "FAIL");	\
	printf(__VA_ARGS__);				\
	putchar('\n');					\
	count(check_ok_);				\
})

static int capture(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	size_t n = strlen(msgs);

	if (level == LIBBPF_WARN && n < sizeof(msgs) - 1)
		vsnprintf(msgs + n, sizeof(msgs) - n, fmt, ap);
	return 0;
}

static bool set_is(const struct bpf_object *obj, const char *prog, const char *text)
{
	struct bpf_program *p = bpf_object__find_program_by_name(obj, prog);
	const struct bpf_prog_attrs *a;
	char *buf = NULL;
	size_t len = 0, sz;
	FILE *out;
	bool ok;

	if (!p)
		return false;
	a = bpf_program__attrs(p, &sz);
	if (!a)
		return false;
	out = open_memstream(&buf, &len);
	if (!out)
		return false;
	ok = !bpf_prog_attrs__fprint(prog, a, sz, out);
	fclose(out);
	ok = ok && !strcmp(buf, text);
	if (!ok)
		printf("  # got:\n%s  # expected:\n%s", buf, text);
	free(buf);
	return ok;
}

static const char set_a[] = "program prog_a\n\thelpers bpf_ktime_get_ns\n\tmax_insn_cnt 100\n";
static const char set_b[] =
	"program prog_b\n\tkfuncs bpf_rcu_read_lock\n\taccess read_kernel\n";

int main(int argc, char **argv)
{
	struct bpf_object *obj;
	struct bpf_linker *linker;
	char linked[4096];
	int err;

	if (argc != 4) {
		fprintf(stderr, "usage: %s A.bpf.o B.bpf.o OUT_DIR\n", argv[0]);
		return 2;
	}
	libbpf_set_print(capture);

	obj = bpf_object__open_file(argv[1], NULL);
	check(obj && set_is(obj, "prog_a", set_a), "open: the section gives prog_a its set");
	bpf_object__close(obj);

	snprintf(linked, sizeof(linked), "%s/linked.bpf.o", argv[3]);
	linker = bpf_linker__new(linked, NULL);
	err = linker ? 0 : -errno;
	err = err ?: bpf_linker__add_file(linker, argv[1], NULL);
	err = err ?: bpf_linker__add_file(linker, argv[2], NULL);
	err = err ?: bpf_linker__finalize(linker);
	bpf_linker__free(linker);
	if (check(!err, "link the two objects (%d)", err)) {
		msgs[0] = '\0';
		obj = bpf_object__open_file(linked, NULL);
		if (!obj)
			printf("  # %s", msgs);
		check(obj && set_is(obj, "prog_a", set_a) && set_is(obj, "prog_b", set_b),
		      "linked object: both sections, concatenated, give both programs their sets");
		bpf_object__close(obj);
	}

	obj = bpf_object__open_file(argv[2], NULL);
	check(obj && set_is(obj, "prog_b", set_b), "open: the section gives prog_b its set");
	bpf_object__close(obj);

	printf("text_elf_test: %d passed, %d failed\n", pass, fail);
	return fail ? 1 : 0;
}
