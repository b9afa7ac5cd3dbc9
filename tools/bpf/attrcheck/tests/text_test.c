// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of the tools' text format for program attribute sets
 * (tools/bpf/prog_attrs/prog_attrs_text.c, shared by bpftool and attrcheck;
 * Documentation/bpf/prog_attrs_format.rst):
 * round trips over the input files in DIR, parse(print(s)) == s for
 * generated sets, every error message exactly, and the API around it.
 *
 * Usage: text_test DIR   (prints "ok - ..." / "FAIL - ..." lines)
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "prog_attrs_text.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ATTRS_SZ sizeof(struct bpf_prog_attrs)

static int pass, fail;

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

static void show_diff(const char *want, const char *got)
{
	printf("  # expected:\n%s\n  # got:\n%s\n", want ? want : "(null)", got ? got : "(null)");
}

/* The normalised text of a file of sets; NULL on error. */
static char *print_file(const struct prog_attrs_text *f)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	int err;

	if (!out)
		return NULL;
	err = prog_attrs_text__fprint(f, out);
	fclose(out);
	if (err) {
		free(buf);
		return NULL;
	}
	return buf;
}

static char *read_all(const char *path, size_t *len)
{
	char *buf = NULL;
	size_t cap = 0;
	FILE *in = fopen(path, "r");
	ssize_t n;

	*len = 0;
	if (!in)
		return NULL;
	n = getdelim(&buf, &cap, '\0', in);
	/* the files hold no NUL bytes: one read gets everything */
	*len = n > 0 ? (size_t)n : 0;
	if (n < 0) {
		free(buf);
		buf = strdup("");
	}
	fclose(in);
	return buf;
}

static bool attrs_equal(const struct bpf_prog_attrs *a, const struct bpf_prog_attrs *b)
{
	struct bpf_prog_attrs x = *a, y = *b;

	x.kfuncs = 0;
	y.kfuncs = 0;
	if (memcmp(&x, &y, sizeof(x)))
		return false;
	return !a->kfuncs_len ||
	       !memcmp((void *)(uintptr_t)a->kfuncs, (void *)(uintptr_t)b->kfuncs, a->kfuncs_len);
}

static bool files_equal(const struct prog_attrs_text *a, const struct prog_attrs_text *b)
{
	size_t i, n = prog_attrs_text__cnt(a);

	if (n != prog_attrs_text__cnt(b))
		return false;
	for (i = 0; i < n; i++) {
		if (strcmp(prog_attrs_text__name(a, i), prog_attrs_text__name(b, i)) ||
		    !attrs_equal(prog_attrs_text__attrs(a, i, NULL),
				 prog_attrs_text__attrs(b, i, NULL)))
			return false;
	}
	return true;
}

/* A: every X.attrs in DIR normalises to X.norm, which is a fixed point. */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char * const *)a, *(char * const *)b);
}

static void test_files(const char *dir)
{
	char *names[256], path[4096];
	size_t n = 0, i, len;
	struct dirent *de;
	DIR *d = opendir(dir);

	if (!check(d, "open input directory %s", dir))
		return;
	while ((de = readdir(d)) && n < ARRAY_SIZE(names)) {
		size_t l = strlen(de->d_name);

		if (l > 6 && !strcmp(de->d_name + l - 6, ".attrs"))
			names[n++] = strndup(de->d_name, l - 6);
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), cmp_str);
	check(n >= 6, "at least 6 input files in %s (%zu)", dir, n);

	for (i = 0; i < n; i++) {
		char errbuf[256] = "";

		LIBBPF_OPTS(prog_attrs_text_opts, opts, .errbuf = errbuf,
			    .errbuf_sz = sizeof(errbuf));
		struct prog_attrs_text *f, *g;
		char *norm, *out, *out2, *text;

		snprintf(path, sizeof(path), "%s/%s.norm", dir, names[i]);
		norm = read_all(path, &len);
		if (!check(norm, "%s.norm exists", names[i]))
			continue;
		snprintf(path, sizeof(path), "%s/%s.attrs", dir, names[i]);
		f = prog_attrs_text__read(path, &opts);
		out = f ? print_file(f) : NULL;
		if (!check(out && !strcmp(out, norm), "print(parse(%s.attrs)) == %s.norm",
			   names[i], names[i])) {
			printf("  # %s\n", errbuf);
			show_diff(norm, out);
		}
		/* the same through prog_attrs_text__parse() */
		text = read_all(path, &len);
		g = prog_attrs_text__parse(text, len, &opts);
		check(g && f && files_equal(f, g), "parse(%s.attrs) == read(%s.attrs)",
		      names[i], names[i]);
		prog_attrs_text__free(g);
		free(text);

		g = prog_attrs_text__parse(norm, strlen(norm), &opts);
		out2 = g ? print_file(g) : NULL;
		if (!check(out2 && !strcmp(out2, norm), "print(parse(%s.norm)) == %s.norm",
			   names[i], names[i]))
			show_diff(norm, out2);
		check(f && g && files_equal(f, g), "parse(%s.attrs) == parse(%s.norm)",
		      names[i], names[i]);
		prog_attrs_text__free(f);
		prog_attrs_text__free(g);
		free(out);
		free(out2);
		free(norm);
		free(names[i]);
	}
}

/* B: generated sets */
static uint64_t rnd_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

static uint32_t rnd_below(uint32_t n)
{
	return n ? rnd() % n : 0;
}

static uint64_t known_maps(void)
{
	return ((1ULL << __MAX_BPF_MAP_TYPE) - 1) & ~1ULL;
}

static uint64_t rnd_subset(uint64_t of)
{
	switch (rnd_below(4)) {
	case 0:
		return 0;
	case 1:
		return of;
	default:
		return rnd() & rnd() & of;
	}
}

struct gen_set {
	struct bpf_prog_attrs a;
	char names[BPF_PROG_ATTRS_KFUNC_MAX * BPF_PROG_ATTRS_KFUNC_NAME_LEN];
};

static const char name_chars[] =
	"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.";

static void gen_name(char *s, size_t len)
{
	size_t i, colon = len >= 3 && rnd_below(4) == 0 ? 1 + rnd_below(len - 2) : 0;

	for (i = 0; i < len; i++)
		s[i] = name_chars[rnd_below(sizeof(name_chars) - 1)];
	if (colon)
		s[colon] = ':';
	s[len] = '\0';
}

/* fills g->a (kfuncs pointing into g->names) with a random valid set */
static void gen_attrs(struct gen_set *g, bool huge)
{
	struct bpf_prog_attrs *a = &g->a;
	uint32_t i, j, cnt, w;
	size_t off = 0;

	memset(a, 0, sizeof(*a));
	for (w = 0; w < BPF_PROG_ATTRS_HELPER_WORDS; w++)
		a->helpers[w] = huge ? ~0ULL : rnd_subset(~0ULL);
	for (i = 0; i < 256; i++)
		if (i == 0 || i >= __BPF_FUNC_MAX_ID)
			a->helpers[i / 64] &= ~(1ULL << (i % 64));

	a->handled = huge ? 0xf : rnd_below(16);
	if (a->handled & BPF_PROG_ATTRS_H_MAP_TYPES)
		a->map_types = huge ? known_maps() : rnd_subset(known_maps());
	if (a->handled & BPF_PROG_ATTRS_H_MAP_TYPES_WRITE)
		a->map_types_write = rnd_subset(a->handled & BPF_PROG_ATTRS_H_MAP_TYPES ?
						a->map_types : known_maps());
	if (a->handled & BPF_PROG_ATTRS_H_INSN_CNT)
		a->max_insn_cnt = huge ? 1000000 : 1 + rnd_below(1000000);
	if (a->handled & BPF_PROG_ATTRS_H_INSN_PROCESSED)
		a->max_insn_processed = huge ? 1000000 : 1 + rnd_below(1000000);
	a->access_handled = huge ? 0xf : rnd_below(16);
	a->access = huge ? 0xf : rnd_subset(a->access_handled);

	cnt = huge ? BPF_PROG_ATTRS_KFUNC_MAX : rnd_below(4) ? rnd_below(12) : rnd_below(257);
	for (i = 0; i < cnt; i++) {
		char *s = g->names + off;
		bool dup;

		do {
			size_t len = huge ? BPF_PROG_ATTRS_KFUNC_NAME_LEN - 1 :
				     1 + rnd_below(rnd_below(8) ? 24 : 127);

			gen_name(s, len);
			dup = false;
			for (j = 0; j < off && !dup; j += strlen(g->names + j) + 1)
				dup = !strcmp(g->names + j, s);
		} while (dup);
		off += strlen(s) + 1;
	}
	a->kfunc_cnt = cnt;
	a->kfuncs_len = off;
	a->kfuncs = cnt ? (uintptr_t)g->names : 0;
}

static bool lines_fit(const char *text)
{
	const char *line = text;

	while (*line) {
		const char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) : strlen(line);
		size_t cols = n + (line[0] == '\t' ? 7 : 0);
		/* a line may be longer only when it holds one item */
		size_t blanks = 0, i;

		for (i = 1; i < n; i++)
			blanks += line[i] == ' ';
		if (cols > 80 && blanks > 1)
			return false;
		if (!nl)
			break;
		line = nl + 1;
	}
	return true;
}

static bool round_trip(struct prog_attrs_text *f, const char *what)
{
	char errbuf[256] = "";

	LIBBPF_OPTS(prog_attrs_text_opts, opts, .errbuf = errbuf, .errbuf_sz = sizeof(errbuf));
	struct prog_attrs_text *g;
	char *out, *out2 = NULL;
	bool ok;

	out = print_file(f);
	g = out ? prog_attrs_text__parse(out, strlen(out), &opts) : NULL;
	if (g)
		out2 = print_file(g);
	ok = g && files_equal(f, g) && out2 && !strcmp(out, out2) && lines_fit(out);
	if (!ok) {
		printf("  # %s: %s\n", what, errbuf);
		show_diff(out, out2);
	}
	prog_attrs_text__free(g);
	free(out);
	free(out2);
	return ok;
}

static void test_generated(void)
{
	static struct gen_set g;
	struct prog_attrs_text *f;
	int i, bad = 0, err, sets = 0;
	char name[32];

	/* the empty set and the biggest one */
	f = prog_attrs_text__new();
	memset(&g, 0, sizeof(g));
	err = prog_attrs_text__add(f, "empty", &g.a, ATTRS_SZ);
	gen_attrs(&g, true);
	err = err ? : prog_attrs_text__add(f, "everything", &g.a, ATTRS_SZ);
	check(!err && round_trip(f, "extremes"),
	      "parse(print(s)) == s: empty set, and every helper, map type, access class, 256 kfuncs of 127 bytes, limits 1000000");
	prog_attrs_text__free(f);

	for (i = 0; i < 200; i++) {
		int j, n = 1 + rnd_below(10);

		f = prog_attrs_text__new();
		for (j = 0; j < n; j++) {
			gen_attrs(&g, false);
			snprintf(name, sizeof(name), "prog_%d_%d", i, j);
			err = prog_attrs_text__add(f, name, &g.a, ATTRS_SZ);
			if (err) {
				printf("  # add %s: %d\n", name, err);
				bad++;
			}
			sets++;
		}
		if (!round_trip(f, "generated"))
			bad++;
		prog_attrs_text__free(f);
	}
	check(bad == 0, "parse(print(s)) == s for %d generated sets in 200 files (%d failures)",
	      sets, bad);
}

/* C: errors, exactly */
static struct btf *kfunc_btf(void)
{
	static const char * const funcs[] = {
		"bpf_task_acquire", "bpf_task_release", "bpf_rcu_read_lock",
		"bpf_rcu_read_unlock", "bpf_kfunc_call_test1",
	};
	struct btf *btf = btf__new_empty();
	int proto, i;

	if (!btf)
		return NULL;
	btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	proto = btf__add_func_proto(btf, 1);
	for (i = 0; i < (int)ARRAY_SIZE(funcs); i++)
		btf__add_func(btf, funcs[i], BTF_FUNC_GLOBAL, proto);
	/* a type that is not a FUNC is not a kfunc */
	btf__add_struct(btf, "bpf_task_acquired", 0);
	return btf;
}

/* "a123456789b123456789...m1234567": 128 characters, made by main() */
static char long_name[129];

static void make_long_name(void)
{
	int i;

	for (i = 0; i < 128; i++)
		long_name[i] = i % 10 ? '0' + i % 10 : 'a' + i / 10;
}

#define TESTMOD "bpf_testmod:"

static const struct {
	const char *text;
	bool btf;
	const char *msg;
} errors[] = {
	{ "program p\n\thelpers bpf_map_lookup_elen\n", false,
	  "t.attrs:2: unknown helper 'bpf_map_lookup_elen' (did you mean 'bpf_map_lookup_elem'?)" },
	{ "program p\n\thelpers bpf_trace_prinkt\n", false,
	  "t.attrs:2: unknown helper 'bpf_trace_prinkt' (did you mean 'bpf_trace_printk'?)" },
	{ "program p\nhelpers map_lookup_elem\n", false,
	  "t.attrs:2: unknown helper 'map_lookup_elem' (did you mean 'bpf_map_lookup_elem'?)" },
	{ "program p\n\thelpers xyz\n", false, "t.attrs:2: unknown helper 'xyz'" },
	{ "program p\n\thelpers bpf_unspec\n", false, "t.attrs:2: unknown helper 'bpf_unspec'" },
	{ "program p\n\thelpers bpf_map_lookup_elem bpf_map_lookup_elem\n", false,
	  "t.attrs:2: duplicate helper 'bpf_map_lookup_elem'" },
	{ "program p\n\thelpers bpf_tail_call\n\thelpers bpf_tail_call\n", false,
	  "t.attrs:3: duplicate helper 'bpf_tail_call'" },
	{ "program p\n\thelpers\n", false, "t.attrs:2: 'helpers' without names" },
	{ "program p\n\tkfuncs\n", false, "t.attrs:2: 'kfuncs' without names" },
	{ "program p\n\tkfuncs bpf_task_acquir\n", true,
	  "t.attrs:2: unknown kfunc 'bpf_task_acquir' (did you mean 'bpf_task_acquire'?)" },
	{ "program p\n\tkfuncs bpf_testmod:bpf_kfunc_call_test\n", true,
	  "t.attrs:2: unknown kfunc '" TESTMOD "bpf_kfunc_call_test' (did you mean '" TESTMOD
	  "bpf_kfunc_call_test1'?)" },
	{ "program p\n\tkfuncs bpf_task_acquired\n", true,
	  "t.attrs:2: unknown kfunc 'bpf_task_acquired' (did you mean 'bpf_task_acquire'?)" },
	{ "program p\n\tkfuncs totally_unknown\n", true,
	  "t.attrs:2: unknown kfunc 'totally_unknown'" },
	{ "program p\n\tkfuncs bpf-task\n", false, "t.attrs:2: invalid kfunc name 'bpf-task'" },
	{ "program p\n\tkfuncs a:b:c\n", false, "t.attrs:2: invalid kfunc name 'a:b:c'" },
	{ "program p\n\tkfuncs :b\n", false, "t.attrs:2: invalid kfunc name ':b'" },
	{ "program p\n\tkfuncs mod:\n", false, "t.attrs:2: invalid kfunc name 'mod:'" },
	{ "program p\n\tkfuncs x\n\tkfuncs y x\n", false, "t.attrs:3: duplicate kfunc 'x'" },
	{ "program p\n\tmap_types hash hahs\n", false,
	  "t.attrs:2: unknown map type 'hahs' (did you mean 'hash'?)" },
	{ "program p\n\tmap_types ringbuff\n", false,
	  "t.attrs:2: unknown map type 'ringbuff' (did you mean 'ringbuf'?)" },
	{ "program p\n\tmap_types unspec\n", false, "t.attrs:2: unknown map type 'unspec'" },
	{ "program p\n\tmap_types hash\n\tmap_types array hash\n", false,
	  "t.attrs:3: duplicate map type 'hash'" },
	{ "program p\n\tmap_types\n", false,
	  "t.attrs:2: 'map_types' without map types (or 'none')" },
	{ "program p\n\tmap_types_write\n", false,
	  "t.attrs:2: 'map_types_write' without map types (or 'none')" },
	{ "program p\n\tmap_types none hash\n", false,
	  "t.attrs:2: 'none' with other items in 'map_types'" },
	{ "program p\n\tmap_types hash\n\tmap_types none\n", false,
	  "t.attrs:3: 'map_types none' after 'map_types' (line 2)" },
	{ "program p\n\tmap_types_write none\n\tmap_types_write hash\n", false,
	  "t.attrs:3: 'map_types_write' after 'map_types_write none' (line 2)" },
	{ "program p\n\tmap_types array\n\n\tmap_types_write array hash\n", false,
	  "t.attrs:4: map type 'hash' in 'map_types_write' but not in 'map_types'" },
	{ "program p\n\tmap_types_write ringbuf\n\tmap_types none\n", false,
	  "t.attrs:2: map type 'ringbuf' in 'map_types_write' but not in 'map_types'" },
	{ "program p\n\taccess read_kernal\n", false,
	  "t.attrs:2: unknown access class 'read_kernal' (did you mean 'read_kernel'?)" },
	{ "program p\n\taccess write_kernal\n", false,
	  "t.attrs:2: unknown access class 'write_kernal' (did you mean 'write_kernel'?)" },
	{ "program p\n\taccess none\n\taccess_handled write_kernl\n", false,
	  "t.attrs:3: unknown access class 'write_kernl' (did you mean 'write_kernel'?)" },
	{ "program p\n\taccess write_kernel read_kernel write_kernel\n", false,
	  "t.attrs:2: duplicate access class 'write_kernel'" },
	{ "program p\n\taccess write_kernel\n\taccess_handled write_ctx read_kernel\n", false,
	  "t.attrs:2: access class 'write_kernel' allowed but not in 'access_handled' (line 3)" },
	{ "program p\n\taccess write_ctx write_ctx\n", false,
	  "t.attrs:2: duplicate access class 'write_ctx'" },
	{ "program p\n\taccess\n", false,
	  "t.attrs:2: 'access' without access classes (or 'none')" },
	{ "program p\n\taccess none read_kernel\n", false,
	  "t.attrs:2: 'none' with other items in 'access'" },
	{ "program p\n\taccess_handled read_kernel\n", false,
	  "t.attrs:2: 'access_handled' before 'access'" },
	{ "program p\n\taccess none\n\taccess_handled\n", false,
	  "t.attrs:3: 'access_handled' without access classes" },
	{ "program p\n\taccess none\n\taccess_handled none\n", false,
	  "t.attrs:3: unknown access class 'none'" },
	{ "program p\n\taccess write_ctx\n\taccess_handled read_kernel\n", false,
	  "t.attrs:2: access class 'write_ctx' allowed but not in 'access_handled' (line 3)" },
	{ "program p\n\tmax_insn_cnt 0\n", false,
	  "t.attrs:2: max_insn_cnt out of range (1..1000000): 0" },
	{ "program p\n\tmax_insn_cnt 1000001\n", false,
	  "t.attrs:2: max_insn_cnt out of range (1..1000000): 1000001" },
	{ "program p\n\tmax_insn_processed 99999999999999999999999\n", false,
	  "t.attrs:2: max_insn_processed out of range (1..1000000): 99999999999999999999999" },
	{ "program p\n\tmax_insn_cnt -1\n", false, "t.attrs:2: bad number '-1'" },
	{ "program p\n\tmax_insn_cnt 0x10\n", false, "t.attrs:2: bad number '0x10'" },
	{ "program p\n\tmax_insn_cnt 10k\n", false, "t.attrs:2: bad number '10k'" },
	{ "program p\n\tmax_insn_cnt 10 20\n", false,
	  "t.attrs:2: unexpected '20' after 'max_insn_cnt 10'" },
	{ "program p\n\tmax_insn_processed\n", false,
	  "t.attrs:2: 'max_insn_processed' without a number" },
	{ "program p\n\tmax_insn_cnt 1\n\tmax_insn_cnt 1\n", false,
	  "t.attrs:3: duplicate 'max_insn_cnt' (first at line 2)" },
	{ "program p\n\thelper bpf_map_lookup_elem\n", false,
	  "t.attrs:2: unknown keyword 'helper' (did you mean 'helpers'?)" },
	{ "program p\n\tmap_tpyes hash\n", false,
	  "t.attrs:2: unknown keyword 'map_tpyes' (did you mean 'map_types'?)" },
	/* the keywords before they took the struct bpf_prog_attrs field names */
	{ "program p\n\tmaps hash\n", false,
	  "t.attrs:2: unknown keyword 'maps' (did you mean 'map_types'?)" },
	{ "program p\n\tmaps_write none\n", false,
	  "t.attrs:2: unknown keyword 'maps_write' (did you mean 'map_types_write'?)" },
	{ "program p\n\tmax_insns 10\n", false,
	  "t.attrs:2: unknown keyword 'max_insns' (did you mean 'max_insn_cnt'?)" },
	{ "program p\n\tmax_processed 10\n", false,
	  "t.attrs:2: unknown keyword 'max_processed' (did you mean 'max_insn_processed'?)" },
	{ "program p\n\tmpas hash\n", false,
	  "t.attrs:2: unknown keyword 'mpas' (did you mean 'map_types'?)" },
	{ "program p\n\tmax_insn 10\n", false,
	  "t.attrs:2: unknown keyword 'max_insn' (did you mean 'max_insn_cnt'?)" },
	{ "programme p\n", false,
	  "t.attrs:1: unknown keyword 'programme' (did you mean 'program'?)" },
	{ "program p\n\tfoo bar\n", false, "t.attrs:2: unknown keyword 'foo'" },
	{ "# comment\n\thelpers bpf_map_lookup_elem\n", false,
	  "t.attrs:2: 'helpers' before 'program'" },
	{ "program p\nprogram q\n\n# again\nprogram p\n", false,
	  "t.attrs:5: duplicate program 'p' (first at line 1)" },
	{ "program\n", false, "t.attrs:1: 'program' without a name" },
	{ "program p q\n", false, "t.attrs:1: unexpected 'q' after program name" },
	{ "program 1p\n", false, "t.attrs:1: invalid program name '1p'" },
	{ "program p.q\n", false, "t.attrs:1: invalid program name 'p.q'" },
	{ "program p\x01q\n", false, "t.attrs:1: invalid program name 'p?q'" },
};

static void test_errors(void)
{
	struct btf *btf = kfunc_btf();
	char text[1024], want[512];
	size_t i, k, len;

	check(btf, "build a BTF with kfuncs");
	for (i = 0; i < ARRAY_SIZE(errors) + 2; i++) {
		char errbuf[512] = "unset";

		LIBBPF_OPTS(prog_attrs_text_opts, opts,
			    .filename = "t.attrs",
			    .errbuf = errbuf,
			    .errbuf_sz = sizeof(errbuf));
		struct prog_attrs_text *f;

		if (i == ARRAY_SIZE(errors)) {
			/* a 128-byte kfunc name: too long */
			len = snprintf(text, sizeof(text), "program p\n\tkfuncs %s\n", long_name);
			snprintf(want, sizeof(want),
				 "t.attrs:2: kfunc name '%.64s...' too long (at most 127 characters)",
				 long_name);
		} else if (i == ARRAY_SIZE(errors) + 1) {
			/* a NUL byte is no blank */
			static const char nul[] =
				"program p\n\thelpers bpf_map_lookup_elem\0bpf_tail_call\n";

			len = sizeof(nul) - 1;
			memcpy(text, nul, sizeof(nul));
			snprintf(want, sizeof(want), "%s",
				 "t.attrs:2: unknown helper 'bpf_map_lookup_elem?bpf_tail_call'");
		} else {
			len = snprintf(text, sizeof(text), "%s", errors[i].text);
			snprintf(want, sizeof(want), "%s", errors[i].msg);
			opts.btf = errors[i].btf ? btf : NULL;
		}
		errno = 0;
		f = prog_attrs_text__parse(text, len, &opts);
		if (!check(!f && errno == EINVAL && !strcmp(errbuf, want), "error: %s", want))
			printf("  # got (%s, errno %d): %s\n", f ? "parsed" : "NULL", errno,
			       errbuf);
		prog_attrs_text__free(f);
	}

	/* too many kfuncs: 257 names */
	k = snprintf(text, sizeof(text), "program p\n");
	{
		char *big = malloc(257 * 16 + 64);
		char errbuf[256] = "";

		LIBBPF_OPTS(prog_attrs_text_opts, opts, .filename = "t.attrs", .errbuf = errbuf,
			    .errbuf_sz = sizeof(errbuf));
		struct prog_attrs_text *f;
		size_t off = 0;

		off += sprintf(big + off, "%s", text);
		for (i = 0; i < 257; i++)
			off += sprintf(big + off, "%skfuncs k%zu\n", i % 2 ? "" : "\t", i);
		f = prog_attrs_text__parse(big, off, &opts);
		check(!f && errno == EINVAL &&
		      !strcmp(errbuf, "t.attrs:258: too many kfuncs (at most 256)"),
		      "error: t.attrs:258: too many kfuncs (at most 256)");
		if (f || strcmp(errbuf, "t.attrs:258: too many kfuncs (at most 256)"))
			printf("  # got: %s\n", errbuf);
		prog_attrs_text__free(f);
		/* 256 is fine */
		off = k;
		for (i = 0; i < 256; i++)
			off += sprintf(big + off, "kfuncs k%zu\n", i);
		f = prog_attrs_text__parse(big, off, &opts);
		check(f && prog_attrs_text__attrs(f, 0, NULL)->kfunc_cnt == 256,
		      "256 kfuncs are accepted");
		prog_attrs_text__free(f);
		free(big);
	}
	/* a 127-byte name is fine */
	{
		struct prog_attrs_text *f;

		len = snprintf(text, sizeof(text), "program p\nkfuncs %.127s\n", long_name);
		f = prog_attrs_text__parse(text, len, NULL);
		check(f && prog_attrs_text__attrs(f, 0, NULL)->kfuncs_len == 128,
		      "a kfunc name of 127 characters is accepted");
		prog_attrs_text__free(f);
		len = snprintf(text, sizeof(text), "program %.128s\n", long_name);
		f = prog_attrs_text__parse(text, len, NULL);
		check(!f && errno == EINVAL, "a program name of 128 characters is refused");
		len = snprintf(text, sizeof(text), "program %.127s\n", long_name);
		f = prog_attrs_text__parse(text, len, NULL);
		check(f, "a program name of 127 characters is accepted");
		prog_attrs_text__free(f);
	}
	/* default file name, and an error buffer too small for the message */
	{
		char small[8], errbuf[128];

		LIBBPF_OPTS(prog_attrs_text_opts, opts, .errbuf = small,
			    .errbuf_sz = sizeof(small));
		LIBBPF_OPTS(prog_attrs_text_opts, o2, .errbuf = errbuf,
			    .errbuf_sz = sizeof(errbuf));

		check(!prog_attrs_text__parse("nope\n", 5, &opts) && !strcmp(small, "<input>"),
		      "error message truncated to the error buffer");
		check(!prog_attrs_text__parse("x", 1, &o2) &&
		      !strcmp(errbuf, "<input>:1: unknown keyword 'x'"),
		      "default file name <input>, last line without a newline");
	}
	btf__free(btf);
}

/* D: the API around the format */
static void test_api(void)
{
	static struct gen_set g;
	struct bpf_prog_attrs a = {}, *b;
	struct prog_attrs_text *f;
	char big[ATTRS_SZ + 16] = {};
	const char *names;
	size_t sz = 0;
	int id, bad = 0, err;
	char path[] = "/tmp/text_test_XXXXXX";
	FILE *out;
	int fd;

	for (id = 1; id < __BPF_FUNC_MAX_ID; id++) {
		const char *name = prog_attrs_helper_str(id);

		if (!name || prog_attrs_helper_id(name) != id)
			bad++;
	}
	check(bad == 0, "helper names and ids map both ways for ids 1..%d", __BPF_FUNC_MAX_ID - 1);
	check(!strcmp(prog_attrs_helper_str(BPF_FUNC_map_lookup_elem), "bpf_map_lookup_elem") &&
	      !strcmp(prog_attrs_helper_str(BPF_FUNC_probe_write_user), "bpf_probe_write_user") &&
	      prog_attrs_helper_id("bpf_probe_write_user") == 36 &&
	      prog_attrs_helper_id("bpf_loop") == BPF_FUNC_loop &&
	      prog_attrs_helper_id("bpf_user_ringbuf_drain") == BPF_FUNC_user_ringbuf_drain,
	      "helper ids match enum bpf_func_id");
	check(!prog_attrs_helper_str(0) && !prog_attrs_helper_str(__BPF_FUNC_MAX_ID) &&
	      prog_attrs_helper_id("bpf_unspec") == -ENOENT &&
	      prog_attrs_helper_id("map_lookup_elem") == -ENOENT &&
	      prog_attrs_helper_id(NULL) == -ENOENT,
	      "unknown helpers: NULL and -ENOENT");
	check(!strcmp(prog_attrs_access_str(BPF_PROG_ACCESS_READ_KERNEL), "read_kernel") &&
	      !strcmp(prog_attrs_access_str(BPF_PROG_ACCESS_WRITE_PACKET), "write_packet") &&
	      !strcmp(prog_attrs_access_str(BPF_PROG_ACCESS_WRITE_CTX), "write_ctx") &&
	      !strcmp(prog_attrs_access_str(BPF_PROG_ACCESS_WRITE_KERNEL), "write_kernel") &&
	      !prog_attrs_access_str(16) && !prog_attrs_access_str(3) &&
	      !prog_attrs_access_str(1ULL << 32) && !prog_attrs_access_str(0),
	      "access class names");
	check(!strcmp(prog_attrs_obs_str(BPF_PROG_ATTRS_OBS_TAIL_CALLS), "tail_calls") &&
	      !strcmp(prog_attrs_obs_str(BPF_PROG_ATTRS_OBS_EXTENSIBLE), "extensible") &&
	      !strcmp(prog_attrs_obs_str(BPF_PROG_ATTRS_OBS_ATTACH_MAPS),
		      "attach_maps") &&
	      !strcmp(prog_attrs_obs_str(BPF_PROG_ATTRS_OBS_SYS_BPF), "sys_bpf") &&
	      !prog_attrs_obs_str(16) && !prog_attrs_obs_str(3) &&
	      !prog_attrs_obs_str(0),
	      "observed set flag names");

	/* add, find, cnt, name, attrs */
	f = prog_attrs_text__new();
	a.helpers[0] = 1ULL << BPF_FUNC_map_lookup_elem;
	err = prog_attrs_text__add(f, "one", &a, ATTRS_SZ);
	check(!err && prog_attrs_text__add(f, "one", &a, ATTRS_SZ) == -EEXIST,
	      "add: a second set for a name is -EEXIST");
	check(prog_attrs_text__add(f, "1x", &a, ATTRS_SZ) == -EINVAL &&
	      prog_attrs_text__add(f, "", &a, ATTRS_SZ) == -EINVAL &&
	      prog_attrs_text__add(f, long_name, &a, ATTRS_SZ) == -EINVAL &&
	      prog_attrs_text__add(f, NULL, &a, ATTRS_SZ) == -EINVAL &&
	      prog_attrs_text__add(f, "x", NULL, ATTRS_SZ) == -EINVAL,
	      "add: bad program names and NULL are -EINVAL");
	memcpy(big, &a, sizeof(a));
	check(!prog_attrs_text__add(f, "two", (void *)big, sizeof(big)),
	      "add: a bigger struct with a zero tail is accepted");
	big[sizeof(big) - 1] = 1;
	check(prog_attrs_text__add(f, "three", (void *)big, sizeof(big)) == -E2BIG &&
	      prog_attrs_text__add(f, "three", &a, BPF_PROG_ATTRS_SIZE_VER0 - 8) == -EINVAL,
	      "add: a non-zero tail is -E2BIG, a short struct -EINVAL");
	b = (void *)prog_attrs_text__find(f, "two", &sz);
	check(prog_attrs_text__cnt(f) == 2 && b && sz == ATTRS_SZ &&
	      b->helpers[0] == a.helpers[0] && !strcmp(prog_attrs_text__name(f, 1), "two") &&
	      prog_attrs_text__attrs(f, 1, NULL) == b,
	      "find, cnt, name, attrs");
	errno = 0;
	check(!prog_attrs_text__find(f, "zero", NULL) && errno == ENOENT &&
	      !prog_attrs_text__name(f, 2) && !prog_attrs_text__attrs(f, 2, NULL) &&
	      prog_attrs_text__cnt(NULL) == 0,
	      "find: unknown name is NULL/ENOENT; index out of range is NULL");

	/* kfunc names are copied deep and sorted */
	names = "zeta\0alpha\0mod:beta";
	a.kfunc_cnt = 3;
	a.kfuncs_len = 20;
	a.kfuncs = (uintptr_t)names;
	err = prog_attrs_text__add(f, "k", &a, ATTRS_SZ);
	b = (void *)prog_attrs_text__find(f, "k", NULL);
	check(!err && b && (uintptr_t)b->kfuncs != (uintptr_t)names &&
	      !memcmp((void *)(uintptr_t)b->kfuncs, "alpha\0mod:beta\0zeta", 20),
	      "add: kfunc names copied, sorted");
	prog_attrs_text__free(f);

	/* malformed sets: what the kernel refuses, libbpf refuses */
	{
		static const struct {
			const char *what;
			int err;
		} cases[] = {
			{ "helper 0", -EINVAL }, { "helper past the last", -EINVAL },
			{ "unknown handled bit", -EINVAL }, { "unknown access bit", -EINVAL },
			{ "access not handled", -EINVAL }, { "access bit 32", -EINVAL },
			{ "map type 0", -EINVAL }, { "unknown map type", -EINVAL },
			{ "map_types not handled", -EINVAL },
			{ "map_types_write not handled", -EINVAL },
			{ "written type not referenced", -EINVAL },
			{ "max_insn_cnt 0", -EINVAL }, { "max_insn_cnt too big", -EINVAL },
			{ "max_insn_cnt not handled", -EINVAL },
			{ "max_insn_processed 0", -EINVAL },
			{ "max_insn_processed not handled", -EINVAL },
			{ "257 kfuncs", -E2BIG }, { "kfuncs_len too big", -E2BIG },
			{ "kfunc_cnt without names", -EINVAL },
			{ "names without kfunc_cnt", -EINVAL },
			{ "last name not terminated", -EINVAL },
			{ "fewer names than kfunc_cnt", -EINVAL },
			{ "more names than kfunc_cnt", -EINVAL }, { "empty name", -EINVAL },
			{ "bad character", -EINVAL }, { "two colons", -EINVAL },
			{ "duplicate names", -EINVAL }, { "name of 128 bytes", -EINVAL },
			{ "handled bit 32", -EINVAL },
		};
		char longk[200];
		size_t i;

		snprintf(longk, sizeof(longk), "%s", long_name);
		for (i = 0; i < ARRAY_SIZE(cases); i++) {
			struct bpf_prog_attrs m = {};
			char *buf = NULL;
			size_t blen = 0;

			switch (i) {
			case 0:
				m.helpers[0] = 1;
				break;
			case 1:
				m.helpers[__BPF_FUNC_MAX_ID / 64] =
					1ULL << (__BPF_FUNC_MAX_ID % 64);
				break;
			case 2:
				m.handled = 16;
				break;
			case 3:
				m.access_handled = 16;
				break;
			case 4:
				m.access = 1;
				m.access_handled = 2;
				break;
			case 5:
				m.access_handled = 1ULL << 32;
				break;
			case 6:
				m.handled = 1;
				m.map_types = 1;
				break;
			case 7:
				m.handled = 1;
				m.map_types = 1ULL << __MAX_BPF_MAP_TYPE;
				break;
			case 8:
				m.map_types = 2;
				break;
			case 9:
				m.handled = 1;
				m.map_types = 2;
				m.map_types_write = 2;
				break;
			case 10:
				m.handled = 3;
				m.map_types = 2;
				m.map_types_write = 4;
				break;
			case 11:
				m.handled = 4;
				break;
			case 12:
				m.handled = 4;
				m.max_insn_cnt = 1000001;
				break;
			case 13:
				m.max_insn_cnt = 5;
				break;
			case 14:
				m.handled = 8;
				break;
			case 15:
				m.max_insn_processed = 5;
				break;
			case 16:
				m.kfunc_cnt = 257;
				m.kfuncs_len = 3;
				m.kfuncs = (uintptr_t)"ab";
				break;
			case 17:
				m.kfunc_cnt = 1;
				m.kfuncs_len = 256 * 128 + 1;
				m.kfuncs = (uintptr_t)"ab";
				break;
			case 18:
				m.kfunc_cnt = 1;
				m.kfuncs_len = 3;
				break;
			case 19:
				m.kfuncs_len = 3;
				m.kfuncs = (uintptr_t)"ab";
				break;
			case 20:
				m.kfunc_cnt = 1;
				m.kfuncs_len = 2;
				m.kfuncs = (uintptr_t)"abc";
				break;
			case 21:
				m.kfunc_cnt = 3;
				m.kfuncs_len = 5;
				m.kfuncs = (uintptr_t)"ab\0c";
				break;
			case 22:
				m.kfunc_cnt = 1;
				m.kfuncs_len = 5;
				m.kfuncs = (uintptr_t)"ab\0c";
				break;
			case 23:
				m.kfunc_cnt = 2;
				m.kfuncs_len = 3;
				m.kfuncs = (uintptr_t)"\0a";
				break;
			case 24:
				m.kfunc_cnt = 1;
				m.kfuncs_len = 4;
				m.kfuncs = (uintptr_t)"a-b";
				break;
			case 25:
				m.kfunc_cnt = 1;
				m.kfuncs_len = 6;
				m.kfuncs = (uintptr_t)"a:b:c";
				break;
			case 26:
				m.kfunc_cnt = 2;
				m.kfuncs_len = 6;
				m.kfuncs = (uintptr_t)"ab\0ab";
				break;
			case 27:
				m.kfunc_cnt = 1;
				m.kfuncs_len = 129;
				m.kfuncs = (uintptr_t)longk;
				break;
			case 28:
				m.handled = 1ULL << 32;
				break;
			}
			f = prog_attrs_text__new();
			err = prog_attrs_text__add(f, "m", &m, ATTRS_SZ);
			out = open_memstream(&buf, &blen);
			check(err == cases[i].err &&
			      prog_attrs__fprint("m", &m, ATTRS_SZ, out) == cases[i].err,
			      "malformed set (%s): add and print fail with %d", cases[i].what,
			      cases[i].err);
			fclose(out);
			free(buf);
			prog_attrs_text__free(f);
		}
	}

	/* prog_attrs__fprint prints one block */
	{
		char *buf = NULL;
		size_t blen = 0;

		memset(&g, 0, sizeof(g));
		g.a.helpers[0] = 1ULL << BPF_FUNC_map_lookup_elem;
		g.a.handled = BPF_PROG_ATTRS_H_INSN_CNT;
		g.a.max_insn_cnt = 10;
		out = open_memstream(&buf, &blen);
		err = prog_attrs__fprint("blk", &g.a, ATTRS_SZ, out);
		fclose(out);
		check(!err &&
		      !strcmp(buf, "program blk\n\thelpers bpf_map_lookup_elem\n"
				   "\tmax_insn_cnt 10\n"),
		      "prog_attrs__fprint prints one program block");
		free(buf);
		check(prog_attrs__fprint("bad name", &g.a, ATTRS_SZ, stdout) == -EINVAL,
		      "prog_attrs__fprint refuses a bad program name");
	}

	/* prog_attrs_text__read */
	fd = mkstemp(path);
	if (fd >= 0) {
		char errbuf[256], want[300];

		LIBBPF_OPTS(prog_attrs_text_opts, opts, .errbuf = errbuf,
			    .errbuf_sz = sizeof(errbuf));

		if (write(fd, "program a\n\tnope\n", 16) != 16)
			bad++;
		close(fd);
		f = prog_attrs_text__read(path, &opts);
		snprintf(want, sizeof(want), "%s:2: unknown keyword 'nope'", path);
		check(!f && errno == EINVAL && !strcmp(errbuf, want),
		      "read: errors name the file path");
		opts.filename = "other.attrs";
		f = prog_attrs_text__read(path, &opts);
		check(!f && !strcmp(errbuf, "other.attrs:2: unknown keyword 'nope'"),
		      "read: opts->filename overrides the path in messages");
		unlink(path);
		errno = 0;
		f = prog_attrs_text__read(path, NULL);
		check(!f && errno == ENOENT, "read: a missing file is ENOENT");
	}
	{
		struct { struct prog_attrs_text_opts o; long pad; } bigopts = {
			.o.sz = sizeof(bigopts), .pad = 1
		};

		errno = 0;
		check(!prog_attrs_text__parse("", 0, &bigopts.o) && errno == EINVAL,
		      "parse: opts with unknown non-zero fields are EINVAL");
		f = prog_attrs_text__parse(NULL, 0, NULL);
		check(f && prog_attrs_text__cnt(f) == 0, "parse: empty text, NULL opts");
		prog_attrs_text__free(f);
	}
}

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	libbpf_set_print(quiet);
	make_long_name();
	test_files(argv[1]);
	test_generated();
	test_errors();
	test_api();
	printf("text_test: %d passed, %d failed\n", pass, fail);
	return fail ? 1 : 0;
}
