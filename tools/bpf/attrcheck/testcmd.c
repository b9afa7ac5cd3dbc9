// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The test commands, load and verify: for the test harness and for
 * developers, not a stable interface (Documentation/attrcheck.rst, TEST
 * COMMANDS). They load objects on the running kernel with libbpf.
 *
 * A refusal is classified by its errno (Documentation/bpf/prog_attrs.rst,
 * "Errors"), never by the verifier's log, which is not an ABI: -EACCES
 * is an instruction outside the set, -E2BIG a limit. The log's line is
 * only printed, for the reader.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "analyze.h"
#include "main.h"
#include "prog_attrs_text.h"

/* ---- load --------------------------------------------------------------- */

/* Gives each program of @obj to load (all, or @only) its set from @f */
static int load_set_attrs(struct bpf_object *obj, const struct prog_attrs_text *f,
			  const char *file, const char *only, int *n)
{
	struct bpf_program *bp;
	int err;

	bpf_object__for_each_program(bp, obj) {
		const struct bpf_prog_attrs *a;
		size_t sz;

		if (only) {
			bpf_program__set_autoload(bp, !strcmp(bpf_program__name(bp), only));
			if (!bpf_program__autoload(bp))
				continue;
		}
		a = prog_attrs_text__find(f, bpf_program__name(bp), &sz);
		if (!a) {
			p_err("%s: no set for program '%s'", file, bpf_program__name(bp));
			return AC_EXIT_INPUT;
		}
		err = bpf_program__set_attrs(bp, a, sz);
		if (err) {
			p_err("prog '%s': cannot set its attributes: %s", bpf_program__name(bp),
			      strerror(-err));
			return AC_EXIT_INPUT;
		}
		(*n)++;
	}
	return 0;
}

static void load_report(struct bpf_object *obj, const char *path)
{
	struct bpf_program *bp;

	if (json_output)
		jsonw_start_array(json_wtr);
	bpf_object__for_each_program(bp, obj) {
		if (!bpf_program__autoload(bp))
			continue;
		if (json_output)
			jsonw_string(json_wtr, bpf_program__name(bp));
		else
			printf("%s: prog %s loaded with its set\n", path, bpf_program__name(bp));
	}
	if (json_output)
		jsonw_end_array(json_wtr);
}

int do_load(int argc, char **argv)
{
	struct prog_attrs_text *f;
	struct bpf_object *obj;
	const char *only = NULL;
	int err, n = 0, rc;

	if (argc == 4 && (!strcmp(argv[2], "prog") || !strcmp(argv[2], "--prog"))) {
		only = argv[3];
		argc -= 2;
	}
	if (argc != 2) {
		p_err("load: expected OBJ FILE [prog NAME]");
		return AC_EXIT_USAGE;
	}
	f = read_file(argv[1]);
	if (!f)
		return AC_EXIT_INPUT;
	obj = bpf_object__open_file(argv[0], NULL);
	if (!obj) {
		p_err("%s: libbpf cannot open the object: %s", argv[0], strerror(errno));
		prog_attrs_text__free(f);
		return AC_EXIT_INPUT;
	}
	rc = load_set_attrs(obj, f, argv[1], only, &n);
	if (!rc && only && !n) {
		p_err("%s: no program '%s'", argv[0], only);
		rc = AC_EXIT_INPUT;
	}
	if (!rc) {
		err = bpf_object__load(obj);
		if (err)
			p_err("%s: loading failed: %s", argv[0], strerror(-err));
		else
			load_report(obj, argv[0]);
		rc = err ? AC_EXIT_LOAD : AC_EXIT_OK;
	}
	bpf_object__close(obj);
	prog_attrs_text__free(f);
	return rc;
}

/* ---- verify ------------------------------------------------------------- */

/* libbpf's messages of the last load, kept for the reader */
static char *cap_buf;
static size_t cap_len;

static int capture_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	char line[1024];
	int n;
	char *b;

	if (level == LIBBPF_DEBUG)
		return 0;
	n = vsnprintf(line, sizeof(line), fmt, ap);
	if (n <= 0)
		return 0;
	if ((size_t)n >= sizeof(line))
		n = sizeof(line) - 1;
	b = realloc(cap_buf, cap_len + n + 1);
	if (!b)
		return 0;
	cap_buf = b;
	memcpy(cap_buf + cap_len, line, n + 1);
	cap_len += n;
	return 0;
}

struct verify_ctx {
	const char *path;
	const struct ac_object *o;
	bool *autoload;			/* the programs libbpf loads */
	unsigned int max;		/* removals N, 0: all */
	unsigned int total;		/* helpers and kfuncs of those programs */
	unsigned int folded;		/* of those, taken in from tail call members */
	unsigned int removals;
	unsigned int refused;
};

/* The verifier's work on each program of @obj, loaded, into @insns. */
static void verified_insns(struct bpf_object *obj, const struct ac_object *o, __u32 *insns)
{
	struct bpf_program *bp;
	unsigned int i;

	for (i = 0; i < o->prog_cnt; i++) {
		struct bpf_prog_info info = {};
		__u32 len = sizeof(info);

		insns[i] = 0;
		bp = bpf_object__find_program_by_name(obj, o->progs[i].name);
		if (bp && bpf_program__fd(bp) >= 0 &&
		    !bpf_prog_get_info_by_fd(bpf_program__fd(bp), &info, &len))
			insns[i] = info.verified_insns;
	}
}

/* Removes kfunc @name from the names of @a */
static void attrs_drop_kfunc(struct bpf_prog_attrs *a, const char *name)
{
	char *k = (char *)(uintptr_t)a->kfuncs, *w = k;
	unsigned int j, cnt = a->kfunc_cnt;

	for (j = 0; j < cnt; j++) {
		size_t n = strlen(k) + 1;

		if (strcmp(k, name)) {
			memmove(w, k, n);
			w += n;
		} else {
			a->kfunc_cnt--;
		}
		k += n;
	}
	a->kfuncs_len = w - (char *)(uintptr_t)a->kfuncs;
	if (!a->kfunc_cnt)
		a->kfuncs = 0;
}

/*
 * Load @path, with the generated sets if @sets (less helper @drop_helper
 * or kfunc @drop_kfunc of program @drop_prog, only that one loaded, if
 * @drop_prog), else with no set at all (not the object's own .bpf.attrs
 * records either), and, if @insns, record each program's verified_insns
 * there. Returns 0 or libbpf's -errno.
 */
static int verify_load(const char *path, const struct ac_object *o, bool sets,
		       const char *drop_prog, int drop_helper, const char *drop_kfunc,
		       __u32 *insns)
{
	struct bpf_object *obj;
	struct bpf_program *bp;
	unsigned int i;
	int err = 0;

	cap_len = 0;
	if (cap_buf)
		cap_buf[0] = 0;
	obj = bpf_object__open_file(path, NULL);
	if (!obj)
		return -errno;
	/* without: no set at all, not the ones the object may carry itself */
	bpf_object__for_each_program(bp, obj)
		if (!sets && bpf_program__set_attrs(bp, NULL, 0))
			err = -EINVAL;
	for (i = 0; sets && i < o->prog_cnt; i++) {
		const struct ac_prog *p = &o->progs[i];
		struct bpf_prog_attrs *a;
		size_t sz;

		bp = bpf_object__find_program_by_name(obj, p->name);
		if (!bp)
			continue;
		if (drop_prog) {
			bpf_program__set_autoload(bp, !strcmp(p->name, drop_prog));
			if (strcmp(p->name, drop_prog))
				continue;
		}
		a = ac_prog_attrs(p, false, &sz);
		if (!a) {
			err = -ENOMEM;
			break;
		}
		if (drop_prog && drop_helper > 0)
			a->helpers[drop_helper / 64] &= ~(1ULL << (drop_helper % 64));
		if (drop_prog && drop_kfunc)
			attrs_drop_kfunc(a, drop_kfunc);
		err = bpf_program__set_attrs(bp, a, sz);
		free(a);
		if (err)
			break;
	}
	if (!err)
		err = bpf_object__load(obj);
	if (!err && insns)
		verified_insns(obj, o, insns);
	bpf_object__close(obj);
	return err;
}

/* The line of @log that names the set, for the reader; NULL when none */
static const char *set_line(const char *log, int *len)
{
	const char *why = log ? strstr(log, "attribute set") : NULL;

	if (!why)
		return NULL;
	while (why > log && why[-1] != '\n')
		why--;
	*len = strcspn(why, "\n");
	return why;
}

/*
 * The object did not load with its generated sets (@err). Refused for
 * the sets if it loads without them: -EACCES (an instruction outside the
 * set) or -E2BIG (a limit) as the verifier reports it, or another errno
 * (a set the kernel rejects). Else, or on a kernel without attribute
 * sets (-EOPNOTSUPP), it does not load on this kernel.
 */
static int verify_refused(struct verify_ctx *v, int err)
{
	char *log = cap_buf && *cap_buf ? strdup(cap_buf) : NULL;
	const char *why;
	int len = 0;

	if (err != -EOPNOTSUPP && !verify_load(v->path, v->o, false, NULL, 0, NULL, NULL)) {
		why = set_line(log, &len);
		if (why)
			printf("FAIL: refused with its generated set: %.*s\n", len, why);
		else
			printf("FAIL: refused with its generated set: %s (no verifier line)\n",
			       strerror(-err));
		free(log);
		return AC_EXIT_VIOLATIONS;
	}
	why = log ? log : "";
	if (strrchr(why, ':'))
		why = strrchr(why, ':') + 1;
	printf("skip: does not load on this kernel (%s):%s", strerror(-err), why);
	free(log);
	return AC_EXIT_LOAD;
}

/*
 * A set must not change how the verifier sees a program: the same work
 * with the generated sets as without. Returns the programs that differ.
 */
static unsigned int compare_work(const char *path, const struct ac_object *o,
				 const __u32 *with, __u32 *without)
{
	unsigned int i, n = 0, differ = 0;

	if (verify_load(path, o, false, NULL, 0, NULL, without)) {
		printf("FAIL: does not load without the sets, but loads with them\n");
		return 1;
	}
	for (i = 0; i < o->prog_cnt; i++) {
		if (!with[i] && !without[i])
			continue;
		n++;
		if (with[i] == without[i])
			continue;
		differ++;
		printf("FAIL: prog %s: %u insns processed with its set, %u without\n",
		       o->progs[i].name, with[i], without[i]);
	}
	printf("counters: %u programs, %u differ in insns processed with and without the sets\n",
	       n, differ);
	return differ;
}

static unsigned int helper_cnt(const struct ac_prog *p)
{
	unsigned int j, n = 0;

	for (j = 1; j < BPF_PROG_ATTRS_HELPER_WORDS * 64; j++)
		n += !!(p->helpers[j / 64] & (1ULL << (j % 64)));
	return n;
}

/*
 * Which programs libbpf loads (not those in "?" sections), and their
 * helpers and kfuncs in all; prints how many programs.
 */
static int verify_autoload(struct verify_ctx *v)
{
	const struct ac_object *o = v->o;
	struct bpf_object *obj;
	struct bpf_program *bp;
	unsigned int i, progs = 0;

	v->autoload = calloc(o->prog_cnt + 1, sizeof(*v->autoload));
	obj = bpf_object__open_file(v->path, NULL);
	if (!v->autoload || !obj) {
		bpf_object__close(obj);
		return AC_EXIT_INPUT;
	}
	for (i = 0; i < o->prog_cnt; i++) {
		bp = bpf_object__find_program_by_name(obj, o->progs[i].name);
		v->autoload[i] = bp && bpf_program__autoload(bp);
		progs += v->autoload[i];
		if (v->autoload[i])
			v->total += helper_cnt(&o->progs[i]) + o->progs[i].kfunc_cnt;
	}
	bpf_object__close(obj);
	printf("loaded: %u programs with their sets\n", progs);
	return 0;
}

/*
 * Program @p with its set less helper @h, or kfunc @kf, must be refused
 * for the set: -EACCES. Returns 1 when it is not.
 */
static unsigned int try_removal(struct verify_ctx *v, const struct ac_prog *p,
				unsigned int h, const char *kf)
{
	const char *hn = kf ? kf : prog_attrs_helper_str(h);
	int err;

	v->removals++;
	err = verify_load(v->path, v->o, true, p->name, kf ? 0 : (int)h, kf, NULL);
	if (err == -EACCES) {
		v->refused++;
		return 0;
	}
	printf("FAIL: prog %s without %s %s: %s\n", p->name, kf ? "kfunc" : "helper",
	       hn ? hn : "?", err ? "refused for another reason" : "still loads");
	return 1;
}

/*
 * Is helper @h (or kfunc @h - nh) one @p's own code calls? What a tail
 * caller took in from prog array members is needed only for the members'
 * insertion at load, which a load of @p alone does not do.
 */
static bool own_item(const struct ac_prog *p, unsigned int h, unsigned int nh)
{
	if (!p->tail_folded)
		return true;
	return h < nh && (p->own_helpers[h / 64] & (1ULL << (h % 64)));
}

/*
 * Each helper and kfunc of each program libbpf loads (at most v->max,
 * evenly sampled) removed in turn, but for what a tail caller took in from
 * prog array members. Returns the removals not refused.
 */
static unsigned int verify_removals(struct verify_ctx *v)
{
	const unsigned int nh = BPF_PROG_ATTRS_HELPER_WORDS * 64;
	unsigned int i, h, j = 0, step, bad = 0;

	step = v->max && v->total > v->max ? (v->total + v->max - 1) / v->max : 1;
	for (i = 0; i < v->o->prog_cnt; i++) {
		const struct ac_prog *p = &v->o->progs[i];

		if (!v->autoload[i])
			continue;
		for (h = 1; h < nh + p->kfunc_cnt; h++) {
			if (h < nh && !(p->helpers[h / 64] & (1ULL << (h % 64))))
				continue;
			if (!own_item(p, h, nh)) {
				v->folded++;
				continue;
			}
			if (j++ % step)
				continue;
			bad += try_removal(v, p, h, h >= nh ? p->kfuncs[h - nh] : NULL);
		}
	}
	printf("removals: %u of %u refused (%u helpers and kfuncs in all, %u from members)\n",
	       v->refused, v->removals, v->total, v->folded);
	return bad;
}

/* Sufficient (loads with its sets), the same verifier work, minimal */
static int verify_object(struct verify_ctx *v)
{
	unsigned int cnt = v->o->prog_cnt + 1, bad;
	__u32 *with, *without;
	int err, rc;

	with = calloc(cnt, sizeof(*with));
	without = calloc(cnt, sizeof(*without));
	if (!with || !without) {
		rc = AC_EXIT_INPUT;
		goto out;
	}
	err = verify_load(v->path, v->o, true, NULL, 0, NULL, with);
	if (err) {
		rc = verify_refused(v, err);
		goto out;
	}
	rc = verify_autoload(v);
	if (rc)
		goto out;
	bad = compare_work(v->path, v->o, with, without);
	bad += verify_removals(v);
	rc = bad ? AC_EXIT_VIOLATIONS : AC_EXIT_OK;
out:
	free(with);
	free(without);
	return rc;
}

int do_verify(int argc, char **argv)
{
	struct verify_ctx v = {};
	struct ac_object *o;
	int rc;

	if (argc == 3 && !strcmp(argv[1], "removals")) {
		v.max = strtoul(argv[2], NULL, 0);
		argc -= 2;
	}
	if (argc != 1) {
		p_err("verify: expected OBJ [removals N]");
		return AC_EXIT_USAGE;
	}
	v.path = argv[0];
	/* not even libbpf can open it: it cannot load either */
	o = open_object(v.path);
	if (!o)
		return AC_EXIT_INPUT;
	if (o->legacy) {
		p_err("%s: convention: legacy (%s): libbpf cannot load it", v.path,
		      o->convention);
		ac_object_free(o);
		return AC_EXIT_INPUT;
	}
	v.o = o;
	libbpf_set_print(capture_print);
	rc = verify_object(&v);
	free(v.autoload);
	ac_object_free(o);
	free(cap_buf);
	cap_buf = NULL;
	return rc;
}
