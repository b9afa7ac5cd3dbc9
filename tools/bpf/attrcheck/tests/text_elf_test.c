// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of libbpf's reader of the ".bpf.attrs" ELF section, binary
 * records of <bpf/bpf_attrs.h> (no kernel needed: bpf_object__open only):
 * the section gives each program its set, the static linker's
 * concatenation of two objects' sections still reads record by record,
 * and every malformed record (patched into a copy of an object) makes
 * bpf_object__open fail with -EINVAL and one exact warning.
 *
 * Usage: text_elf_test A.bpf.o B.bpf.o C.bpf.o OUT_DIR
 *        (objects of tests/text/elf_a.bpf.c, elf_b.bpf.c and elf_c.bpf.c)
 */
#include <linux/elf.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/bpf.h>
#include <bpf/bpf_attrs.h>
#include <bpf/libbpf.h>

#include "prog_attrs_text.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

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
	ok = !prog_attrs__fprint(prog, a, sz, out);
	fclose(out);
	ok = ok && !strcmp(buf, text);
	if (!ok)
		printf("  # got:\n%s  # expected:\n%s", buf, text);
	free(buf);
	return ok;
}

/* an object file in memory, and where its ".bpf.attrs" section is */
struct obj_buf {
	char *buf;
	size_t len;
	size_t sec_off;		/* the section's bytes */
	size_t size_off;	/* its header's sh_size */
	__u64 sec_size;
};

static bool obj_read(const char *path, struct obj_buf *o)
{
	const struct elf64_hdr *eh;
	const struct elf64_shdr *sh;
	const char *names;
	FILE *in;
	size_t i;
	long n;

	memset(o, 0, sizeof(*o));
	in = fopen(path, "r");
	if (!in || fseek(in, 0, SEEK_END))
		goto err;
	n = ftell(in);
	if (n <= 0 || fseek(in, 0, SEEK_SET))
		goto err;
	o->len = n;
	o->buf = malloc(o->len);
	if (!o->buf || fread(o->buf, 1, o->len, in) != o->len)
		goto err;
	fclose(in);
	eh = (const struct elf64_hdr *)o->buf;
	sh = (const struct elf64_shdr *)(o->buf + eh->e_shoff);
	names = o->buf + sh[eh->e_shstrndx].sh_offset;
	for (i = 0; i < eh->e_shnum; i++) {
		if (strcmp(names + sh[i].sh_name, BPF_ATTRS_SEC))
			continue;
		o->sec_off = sh[i].sh_offset;
		o->sec_size = sh[i].sh_size;
		o->size_off = eh->e_shoff + i * sizeof(*sh) + offsetof(struct elf64_shdr, sh_size);
		return true;
	}
	return false;
err:
	if (in)
		fclose(in);
	free(o->buf);
	o->buf = NULL;
	return false;
}

/* the record at the section's start, in a copy */
static struct bpf_attrs_rec *rec0(char *copy, const struct obj_buf *o)
{
	return (struct bpf_attrs_rec *)(copy + o->sec_off);
}

static struct bpf_object *open_copy(const char *copy, const struct obj_buf *o)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts, .object_name = "mal.o");

	msgs[0] = '\0';
	return bpf_object__open_mem(copy, o->len, &opts);
}

enum mal {
	MAL_NONE,
	MAL_TRUNCATED,
	MAL_LEN_ODD,
	MAL_LEN_ZERO,
	MAL_LEN_PAST,
	MAL_NAME_OFF,
	MAL_NAME_NUL,
	MAL_KFUNCS_PTR,
	MAL_KFUNCS_OUT,
	MAL_KFUNCS_NUL,
	MAL_NO_PROG,
};

/* Patches copy @c of @o as @m says. */
static void patch(char *c, const struct obj_buf *o, enum mal m)
{
	struct bpf_attrs_rec *r = rec0(c, o);
	__u64 size;
	size_t i;

	switch (m) {
	case MAL_NONE:
		break;
	case MAL_TRUNCATED:
		size = sizeof(*r) - 4;
		memcpy(c + o->size_off, &size, sizeof(size));
		break;
	case MAL_LEN_ODD:
		r->rec_len -= 4;
		break;
	case MAL_LEN_ZERO:
		r->rec_len = 0;
		break;
	case MAL_LEN_PAST:
		r->rec_len += 8;
		break;
	case MAL_NAME_OFF:
		r->name_off = r->rec_len;
		break;
	case MAL_NAME_NUL:
		for (i = r->name_off; i < r->rec_len; i++)
			((char *)r)[i] = 'x';
		break;
	case MAL_KFUNCS_PTR:
		r->attrs.kfuncs = 8;
		break;
	case MAL_KFUNCS_OUT:
		r->attrs.kfuncs_len = r->rec_len - r->kfuncs_off + 1;
		break;
	case MAL_KFUNCS_NUL:
		((char *)r)[r->kfuncs_off + r->attrs.kfuncs_len - 1] = 'x';
		break;
	case MAL_NO_PROG:
		((char *)r)[r->name_off + 5] = 'z';	/* prog_a -> prog_z */
		break;
	}
}

static const struct {
	enum mal m;
	bool b;		/* on elf_b (a kfunc), not elf_a */
	const char *what;
	const char *warn;
} mals[] = {
	{ MAL_TRUNCATED, false, "truncated record",
	  "libbpf: mal.o(.bpf.attrs): offset 0: truncated record (100 bytes left, a record takes at least 104)\n"
	},
	{ MAL_LEN_ODD, false, "rec_len not a multiple of 8",
	  "libbpf: mal.o(.bpf.attrs): offset 0: bad record length 108 (112 bytes left; at least 104, a multiple of 8)\n"
	},
	{ MAL_LEN_ZERO, false, "rec_len 0",
	  "libbpf: mal.o(.bpf.attrs): offset 0: bad record length 0 (112 bytes left; at least 104, a multiple of 8)\n"
	},
	{ MAL_LEN_PAST, false, "rec_len past the section end",
	  "libbpf: mal.o(.bpf.attrs): offset 0: bad record length 120 (112 bytes left; at least 104, a multiple of 8)\n"
	},
	{ MAL_NAME_OFF, false, "name_off outside the record",
	  "libbpf: mal.o(.bpf.attrs): offset 0: program name offset 112 outside the record (112 bytes)\n"
	},
	{ MAL_NAME_NUL, false, "name not NUL-terminated",
	  "libbpf: mal.o(.bpf.attrs): offset 0: program name not NUL-terminated inside the record\n"
	},
	{ MAL_KFUNCS_PTR, true, "attrs.kfuncs not 0",
	  "libbpf: mal.o(.bpf.attrs): offset 0: attrs.kfuncs is not 0\n"
	},
	{ MAL_KFUNCS_OUT, true, "kfuncs region outside the record",
	  "libbpf: mal.o(.bpf.attrs): offset 0: kfunc names (offset 111, 26 bytes) not NUL-terminated inside the record (136 bytes)\n"
	},
	{ MAL_KFUNCS_NUL, true, "kfunc names not NUL-terminated",
	  "libbpf: mal.o(.bpf.attrs): offset 0: kfunc names (offset 111, 18 bytes) not NUL-terminated inside the record (136 bytes)\n"
	},
	{ MAL_NO_PROG, false, "a record for a missing program",
	  "libbpf: mal.o(.bpf.attrs): offset 0: no program 'prog_z' in the object\n"
	},
};

/* The set of elf_a.bpf.c / elf_b.bpf.c as structs */
static bool attrs_eq(const struct bpf_program *p, bool b)
{
	static const char kf[] = "bpf_rcu_read_lock";
	struct bpf_prog_attrs want = {};
	const struct bpf_prog_attrs *a;
	size_t sz = 0;

	if (!p)
		return false;
	a = bpf_program__attrs(p, &sz);
	if (!a || sz != sizeof(*a))
		return false;
	if (b) {
		want.kfunc_cnt = 1;
		want.kfuncs_len = sizeof(kf);
		want.access_handled = BPF_PROG_ACCESS_READ_KERNEL | BPF_PROG_ACCESS_WRITE_PACKET |
				      BPF_PROG_ACCESS_WRITE_CTX | BPF_PROG_ACCESS_WRITE_KERNEL;
		want.access = BPF_PROG_ACCESS_READ_KERNEL;
		if (!a->kfuncs || memcmp((const void *)(uintptr_t)a->kfuncs, kf, sizeof(kf)))
			return false;
	} else {
		want.helpers[BPF_FUNC_ktime_get_ns / 64] = 1ULL << (BPF_FUNC_ktime_get_ns % 64);
		want.handled = BPF_PROG_ATTRS_H_INSN_CNT;
		want.max_insn_cnt = 100;
	}
	want.kfuncs = a->kfuncs;
	return !memcmp(a, &want, sizeof(want));
}

static void malformed(const struct obj_buf *oa, const struct obj_buf *ob)
{
	struct bpf_object *obj;
	size_t i;
	int err;

	for (i = 0; i < ARRAY_SIZE(mals); i++) {
		const struct obj_buf *o = mals[i].b ? ob : oa;
		const char *prog = mals[i].b ? "prog_b" : "prog_a";
		char *c = malloc(o->len);

		if (!c)
			exit(2);
		/* the well-formed twin */
		memcpy(c, o->buf, o->len);
		obj = open_copy(c, o);
		check(obj && attrs_eq(bpf_object__find_program_by_name(obj, prog), mals[i].b) &&
		      !msgs[0], "%s: the well-formed twin opens with its set", mals[i].what);
		bpf_object__close(obj);

		patch(c, o, mals[i].m);
		obj = open_copy(c, o);
		err = obj ? 0 : -errno;
		if (!check(!obj && err == -EINVAL && !strcmp(msgs, mals[i].warn),
			   "%s: bpf_object__open is -EINVAL with its warning", mals[i].what))
			printf("  # err %d, warnings:\n  # %s  # expected:\n  # %s", err, msgs,
			       mals[i].warn);
		bpf_object__close(obj);
		free(c);
	}
}

static const char set_a[] = "program prog_a\n\thelpers bpf_ktime_get_ns\n\tmax_insn_cnt 100\n";
static const char set_b[] =
	"program prog_b\n\tkfuncs bpf_rcu_read_lock\n\taccess read_kernel\n";

int main(int argc, char **argv)
{
	struct obj_buf oa, ob;
	struct bpf_object *obj;
	struct bpf_linker *linker;
	char linked[4096];
	int err;

	if (argc != 5) {
		fprintf(stderr, "usage: %s A.bpf.o B.bpf.o C.bpf.o OUT_DIR\n", argv[0]);
		return 2;
	}
	libbpf_set_print(capture);

	obj = bpf_object__open_file(argv[1], NULL);
	check(obj && set_is(obj, "prog_a", set_a), "open: the section gives prog_a its set");
	bpf_object__close(obj);

	snprintf(linked, sizeof(linked), "%s/linked.bpf.o", argv[4]);
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

	/* prog_c (no record) linked with prog_a: the section misses a program */
	snprintf(linked, sizeof(linked), "%s/linked_c.bpf.o", argv[4]);
	linker = bpf_linker__new(linked, NULL);
	err = linker ? 0 : -errno;
	err = err ?: bpf_linker__add_file(linker, argv[1], NULL);
	err = err ?: bpf_linker__add_file(linker, argv[3], NULL);
	err = err ?: bpf_linker__finalize(linker);
	bpf_linker__free(linker);
	if (check(!err, "link elf_a and elf_c (%d)", err)) {
		char want[4200];

		snprintf(want, sizeof(want),
			 "libbpf: %s(.bpf.attrs): no attribute set for program 'prog_c'\n", linked);
		msgs[0] = '\0';
		obj = bpf_object__open_file(linked, NULL);
		err = obj ? 0 : -errno;
		if (!check(!obj && err == -EINVAL && !strcmp(msgs, want),
			   "a program without a record: -EINVAL with its warning"))
			printf("  # err %d, warnings:\n  # %s", err, msgs);
		bpf_object__close(obj);
	}

	if (check(obj_read(argv[1], &oa) && obj_read(argv[2], &ob) && oa.sec_size == 112 &&
		  ob.sec_size == 136, "find the sections: one record of 112 and one of 136 bytes"))
		malformed(&oa, &ob);
	free(oa.buf);
	free(ob.buf);

	printf("text_elf_test: %d passed, %d failed\n", pass, fail);
	return fail ? 1 : 0;
}
