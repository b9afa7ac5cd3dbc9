// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * What the commands share: reading sets (set files, the sets of a loaded
 * program by id or pinned path), printing them as text or JSON, and
 * looking entries up in them.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/bpf_attrs.h>
#include <bpf/libbpf.h>

#include "analyze.h"
#include "elfimg.h"
#include "json_writer.h"
#include "main.h"
#include "prog_attrs_text.h"

/* ---- entries ------------------------------------------------------------ */

const char *map_type_str(unsigned int t)
{
	const char *s = libbpf_bpf_map_type_str(t);

	return s ? s : "unknown";
}

bool helper_in(const struct bpf_prog_attrs *a, int id)
{
	return id > 0 && id < BPF_PROG_ATTRS_HELPER_WORDS * 64 &&
	       (a->helpers[id / 64] & (1ULL << (id % 64)));
}

/* Whether @a allows kfunc @name, by a bare name or a module:name entry */
bool kfunc_in(const struct bpf_prog_attrs *a, const char *name)
{
	const char *k = (const char *)(uintptr_t)a->kfuncs;
	unsigned int i;

	for (i = 0; k && i < a->kfunc_cnt; i++, k += strlen(k) + 1) {
		const char *c = strchr(k, ':');

		if (!strcmp(c ? c + 1 : k, name))
			return true;
	}
	return false;
}

/* ---- observed flags ----------------------------------------------------- */

#define NOT_OBSERVED	(-1LL)

int obs_mark(struct obs_flags *o, size_t idx, __u32 flags)
{
	long long *v;
	size_t i;

	if (!o)
		return 0;
	if (idx >= o->cnt) {
		v = realloc(o->v, (idx + 1) * sizeof(*v));
		if (!v)
			return -ENOMEM;
		for (i = o->cnt; i <= idx; i++)
			v[i] = NOT_OBSERVED;
		o->v = v;
		o->cnt = idx + 1;
	}
	o->v[idx] = flags;
	return 0;
}

static bool obs_get(const struct obs_flags *o, size_t idx, __u32 *flags)
{
	if (!o || idx >= o->cnt || o->v[idx] == NOT_OBSERVED)
		return false;
	*flags = o->v[idx];
	return true;
}

/* The name of flag @bit as bpftool shows it: "bit N" ("bit_N" in JSON)
 * when libbpf has none.
 */
static const char *obs_flag_str(unsigned int bit, bool json, char *buf, size_t sz)
{
	const char *s = prog_attrs_obs_str(1U << bit);

	if (s)
		return s;
	snprintf(buf, sz, json ? "bit_%u" : "bit %u", bit);
	return buf;
}

/* ---- JSON --------------------------------------------------------------- */

/* A map type mask, named like bpftool's "prog show -j"; absent when the
 * set does not restrict that kind.
 */
static void json_map_types(const char *key, bool handled, __u64 mask)
{
	int i;

	if (!handled)
		return;
	jsonw_name(json_wtr, key);
	jsonw_start_array(json_wtr);
	for (i = 1; i < 64; i++)
		if (mask & (1ULL << i))
			jsonw_string(json_wtr, map_type_str(i));
	jsonw_end_array(json_wtr);
}

/* The access classes of @mask that libbpf has a name for */
static void json_access(const char *key, __u64 mask)
{
	unsigned int i;

	jsonw_name(json_wtr, key);
	jsonw_start_array(json_wtr);
	for (i = 0; i < 64; i++) {
		const char *s = prog_attrs_access_str(1ULL << i);

		if ((mask & (1ULL << i)) && s)
			jsonw_string(json_wtr, s);
	}
	jsonw_end_array(json_wtr);
}

static void json_calls(const struct bpf_prog_attrs *a)
{
	const char *k = (const char *)(uintptr_t)a->kfuncs;
	unsigned int i;

	jsonw_name(json_wtr, "helpers");
	jsonw_start_array(json_wtr);
	for (i = 1; i < BPF_PROG_ATTRS_HELPER_WORDS * 64; i++) {
		const char *h;

		if (!(a->helpers[i / 64] & (1ULL << (i % 64))))
			continue;
		h = prog_attrs_helper_str(i);
		if (h)
			jsonw_string(json_wtr, h);
		else
			jsonw_uint(json_wtr, i);
	}
	jsonw_end_array(json_wtr);
	jsonw_name(json_wtr, "kfuncs");
	jsonw_start_array(json_wtr);
	for (i = 0; k && i < a->kfunc_cnt; i++) {
		jsonw_string(json_wtr, k);
		k += strlen(k) + 1;
	}
	jsonw_end_array(json_wtr);
}

/* @flags (BPF_PROG_ATTRS_OBS_*) as the JSON array @name of their names */
void json_obs_flags(json_writer_t *w, const char *name, __u32 flags)
{
	unsigned int i;
	char buf[16];

	jsonw_name(w, name);
	jsonw_start_array(w);
	for (i = 0; i < 32; i++)
		if (flags & (1U << i))
			jsonw_string(w, obs_flag_str(i, true, buf, sizeof(buf)));
	jsonw_end_array(w);
}

/* The convention object @o was read with: "libbpf" or "legacy" */
static const char *convention_str(const struct ac_object *o)
{
	return o->legacy ? "legacy" : "libbpf";
}

static void json_set(const char *name, const struct bpf_prog_attrs *a,
		     const __u32 *unbounded, const struct ac_object *o)
{
	jsonw_start_object(json_wtr);
	jsonw_string_field(json_wtr, "name", name);
	if (o)
		jsonw_string_field(json_wtr, "convention", convention_str(o));
	json_calls(a);
	json_map_types("map_types", a->handled & BPF_PROG_ATTRS_H_MAP_TYPES, a->map_types);
	json_map_types("map_types_write", a->handled & BPF_PROG_ATTRS_H_MAP_TYPES_WRITE,
		       a->map_types_write);
	json_access("access_handled", a->access_handled);
	json_access("access", a->access);
	if (a->handled & BPF_PROG_ATTRS_H_INSN_CNT)
		jsonw_uint_field(json_wtr, "max_insn_cnt", a->max_insn_cnt);
	if (a->handled & BPF_PROG_ATTRS_H_INSN_PROCESSED)
		jsonw_uint_field(json_wtr, "max_insn_processed", a->max_insn_processed);
	if (unbounded)
		json_obs_flags(json_wtr, "unbounded", *unbounded);
	jsonw_end_object(json_wtr);
}

/* ---- printing sets ------------------------------------------------------ */

static void print_unbounded(__u32 flags, FILE *out)
{
	char buf[16];
	int b;

	fprintf(out, "\t# not an upper bound:");
	for (b = 0; b < 32; b++)
		if (flags & (1U << b))
			fprintf(out, " %s", obs_flag_str(b, false, buf, sizeof(buf)));
	fputc('\n', out);
}

/* Prints all sets of @f, as text or JSON (an array). An observed set
 * that is not an upper bound says so: in text, in a comment line at the
 * end of its block (so that the file still parses); in JSON, in its
 * "unbounded" array. Sets derived from object @o (or NULL) say which
 * convention it was read with: in JSON, in each set's "convention"; in
 * text, for the legacy one only, in a comment line before the first.
 */
int print_file(const struct prog_attrs_text *f, const struct obs_flags *obs,
	       const struct ac_object *o, FILE *out)
{
	__u32 flags;
	size_t i, sz;

	if (json_output) {
		jsonw_start_array(json_wtr);
		for (i = 0; i < prog_attrs_text__cnt(f); i++)
			json_set(prog_attrs_text__name(f, i), prog_attrs_text__attrs(f, i, &sz),
				 obs_get(obs, i, &flags) ? &flags : NULL, o);
		jsonw_end_array(json_wtr);
		return 0;
	}
	if (o && o->legacy)
		fprintf(out, "# convention: legacy (%s)\n", o->convention);
	for (i = 0; i < prog_attrs_text__cnt(f); i++) {
		const struct bpf_prog_attrs *a = prog_attrs_text__attrs(f, i, &sz);

		if (i)
			fputc('\n', out);
		if (prog_attrs__fprint(prog_attrs_text__name(f, i), a, sz, out) < 0)
			return AC_EXIT_INPUT;
		if (obs_get(obs, i, &flags) && flags)
			print_unbounded(flags, out);
	}
	return ferror(out) ? AC_EXIT_INPUT : 0;
}

/* print_file() to stdout, or to file @out (JSON with a writer of its own) */
int write_out(const struct prog_attrs_text *f, const struct obs_flags *obs,
	      const struct ac_object *o, const char *out)
{
	FILE *fp = stdout;
	int rc;

	if (out) {
		fp = fopen(out, "w");
		if (!fp) {
			p_err("%s: %s", out, strerror(errno));
			return AC_EXIT_INPUT;
		}
	}
	if (out && json_output) {
		json_writer_t *saved = json_wtr;

		json_wtr = jsonw_new(fp);
		if (!json_wtr) {
			json_wtr = saved;
			fclose(fp);
			return AC_EXIT_INPUT;
		}
		jsonw_pretty(json_wtr, pretty_output);
		rc = print_file(f, obs, o, fp);
		jsonw_destroy(&json_wtr);
		json_wtr = saved;
	} else {
		rc = print_file(f, obs, o, fp);
	}
	if (out && fclose(fp)) {
		p_err("%s: %s", out, strerror(errno));
		rc = AC_EXIT_INPUT;
	}
	return rc;
}

/* The sets of @f as ".bpf.attrs" records, to stdout or to file @out */
int write_section(const struct prog_attrs_text *f, const char *out)
{
	FILE *fp = stdout;
	int err;

	if (out) {
		fp = fopen(out, "we");
		if (!fp) {
			p_err("%s: %s", out, strerror(errno));
			return AC_EXIT_INPUT;
		}
	}
	err = prog_attrs_text__fwrite_section(f, fp);
	if (out && fclose(fp) && !err)
		err = -errno;
	else if (!out && fflush(fp) && !err)
		err = -errno;
	if (err) {
		p_err("%s: %s", out ? out : "stdout", strerror(-err));
		return AC_EXIT_INPUT;
	}
	return 0;
}

/* ---- reading sets and objects ------------------------------------------- */

struct prog_attrs_text *read_file(const char *path)
{
	LIBBPF_OPTS(prog_attrs_text_opts, opts);
	struct prog_attrs_text *f;
	char msg[512] = "";

	opts.filename = path;
	opts.errbuf = msg;
	opts.errbuf_sz = sizeof(msg);
	f = prog_attrs_text__read(path, &opts);
	if (!f)
		p_err("%s", msg[0] ? msg : strerror(errno));
	return f;
}

/* The whole of file @path, in *@buf (malloc()ed) and *@len; 0 or -errno */
static int slurp(const char *path, char **buf, size_t *len)
{
	size_t cap = 0, n;
	char *p = NULL, *np;
	FILE *in;
	int err = 0;

	*buf = NULL;
	*len = 0;
	in = fopen(path, "re");
	if (!in)
		return -errno;
	for (;;) {
		if (*len == cap) {
			cap = cap ? cap * 2 : 65536;
			np = realloc(p, cap);
			if (!np) {
				err = -ENOMEM;
				break;
			}
			p = np;
		}
		n = fread(p + *len, 1, cap - *len, in);
		*len += n;
		if (!n) {
			if (ferror(in))
				err = -EIO;
			break;
		}
	}
	fclose(in);
	if (err)
		free(p);
	else
		*buf = p;
	return err;
}

/* The BPF_ATTRS_SEC section of ELF object @buf: 0, -ENOENT (none) or -EINVAL */
static int elf_attrs_sec(const char *buf, size_t len, const void **data, size_t *sz)
{
	struct elf64_shdr sh;
	struct elfimg img;
	const char *name;
	size_t idx;

	if (elfimg_open(&img, buf, len))
		return -EINVAL;
	for (idx = 1; idx < img.shnum; idx++) {
		if (!elfimg_shdr(&img, idx, &sh))
			continue;
		name = elfimg_str(&img, img.shstrndx, sh.sh_name);
		if (!name || strcmp(name, BPF_ATTRS_SEC))
			continue;
		/* the section's bytes, which live in @buf */
		*data = elfimg_data(&img, &sh);
		if (!*data)
			return -EINVAL;
		*sz = sh.sh_size;
		return 0;
	}
	return -ENOENT;
}

struct prog_attrs_text *read_section(const char *path)
{
	char file[PATH_MAX + 16], msg[PATH_MAX + 512] = "";
	struct prog_attrs_text_opts opts = {
		.sz = sizeof(opts),
		.filename = file,
		.errbuf = msg,
		.errbuf_sz = sizeof(msg),
	};
	struct prog_attrs_text *f = NULL;
	const void *data = NULL;
	size_t len, sz = 0;
	char *buf;
	int err;

	err = slurp(path, &buf, &len);
	if (err) {
		p_err("%s: %s", path, strerror(-err));
		return NULL;
	}
	snprintf(file, sizeof(file), "%s", path);
	if (len >= SELFMAG && !memcmp(buf, ELFMAG, SELFMAG)) {
		/* an object: its section */
		err = elf_attrs_sec(buf, len, &data, &sz);
		if (err == -ENOENT)
			p_err("%s: no %s section", path, BPF_ATTRS_SEC);
		else if (err)
			p_err("%s: not a readable ELF object", path);
		if (err)
			goto out;
		snprintf(file, sizeof(file), "%s(%s)", path, BPF_ATTRS_SEC);
	} else {
		/* the section's contents, as objcopy --add-section takes them */
		data = buf;
		sz = len;
	}
	f = prog_attrs_text__from_section(data, sz, &opts);
	if (!f)
		p_err("%s", msg[0] ? msg : strerror(errno));
out:
	free(buf);
	return f;
}

struct ac_object *open_object(const char *path)
{
	char msg[512] = "";
	struct ac_object *o = ac_object_open(path, NULL, 0, msg, sizeof(msg));

	if (!o)
		p_err("%s", msg);
	return o;
}

/*
 * Reads the declared and observed sets of program @fd, @dl and @ol bytes
 * as its first bpf_prog_info said, into *@d and *@ob (NULL for none), and
 * the observed set's flags into *@flags. Returns 0 or -errno.
 */
static int prog_read_sets(int fd, __u32 dl, __u32 ol, void **d, void **ob, __u32 *flags)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);
	int err;

	*d = dl ? calloc(1, dl) : NULL;
	*ob = ol ? calloc(1, ol) : NULL;
	if ((dl && !*d) || (ol && !*ob))
		return -ENOMEM;
	info.attrs_declared = (__u64)(uintptr_t)*d;
	info.attrs_declared_len = dl;
	info.attrs_observed = (__u64)(uintptr_t)*ob;
	info.attrs_observed_len = ol;
	err = bpf_prog_get_info_by_fd(fd, &info, &len);
	*flags = info.attrs_observed_flags;
	return err;
}

/* Adds the sets of program @fd to @f: the declared set under the
 * program's name, the observed one after it (NAME_observed when there is
 * a declared set).
 */
static int add_prog_sets(struct prog_attrs_text *f, struct obs_flags *obs, int fd,
			 const char *what)
{
	char name[BPF_OBJ_NAME_LEN + 16], oname[sizeof(name) + 10];
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info), flags;
	void *d = NULL, *ob = NULL;
	int err;

	err = bpf_prog_get_info_by_fd(fd, &info, &len);
	if (err) {
		p_err("%s: cannot get program info: %s", what, strerror(-err));
		return AC_EXIT_INPUT;
	}
	snprintf(name, sizeof(name), "%s", info.name[0] ? info.name : "prog");
	err = prog_read_sets(fd, info.attrs_declared_len, info.attrs_observed_len, &d, &ob,
			     &flags);
	if (!err && !d && !ob) {
		p_err("%s: the kernel reports no attribute set for this program", what);
		return AC_EXIT_INPUT;
	}
	if (!err && d && info.attrs_declared_len >= sizeof(struct bpf_prog_attrs))
		err = prog_attrs_text__add(f, name, d, sizeof(struct bpf_prog_attrs));
	if (!err && ob && info.attrs_observed_len >= sizeof(struct bpf_prog_attrs)) {
		snprintf(oname, sizeof(oname), d ? "%s_observed" : "%s", name);
		err = prog_attrs_text__add(f, oname, ob, sizeof(struct bpf_prog_attrs));
		if (!err)
			err = obs_mark(obs, prog_attrs_text__cnt(f) - 1, flags);
	}
	free(d);
	free(ob);
	if (err) {
		p_err("%s: cannot read its attribute sets: %s", what, strerror(-err));
		return AC_EXIT_INPUT;
	}
	return 0;
}

/*
 * bpftool's prog_parse_fd(), for "id ID" and "pinned PATH": returns the
 * program's fd and consumes the two words, or -AC_EXIT_USAGE (a bad id)
 * or -AC_EXIT_INPUT (no such program), with a message.
 */
int prog_parse_fd(int *argc, char ***argv)
{
	char **a = *argv;
	unsigned long id;
	char *end;
	int fd;

	if (!strcmp(a[0], "id")) {
		id = strtoul(a[1], &end, 0);
		if (*end || !*a[1] || id > UINT32_MAX) {
			p_err("bad program id '%s'", a[1]);
			return -AC_EXIT_USAGE;
		}
		fd = bpf_prog_get_fd_by_id(id);
	} else {
		fd = bpf_obj_get(a[1]);
	}
	*argc -= 2;
	*argv += 2;
	if (fd < 0) {
		p_err("%s %s: %s", a[0], a[1], strerror(errno));
		return -AC_EXIT_INPUT;
	}
	return fd;
}

/* Reads a set source: FILE, id ID or pinned PATH; consumes its words.
 * With @obs, records the flags of a program's observed set.
 */
struct prog_attrs_text *get_source(int *argc, char ***argv, struct obs_flags *obs, int *rc)
{
	struct prog_attrs_text *f;
	const char *what;
	int fd;

	*rc = AC_EXIT_USAGE;
	if (*argc < 1) {
		p_err("expected FILE, id ID or pinned PATH");
		return NULL;
	}
	what = **argv;
	if (*argc < 2 || (strcmp(what, "id") && strcmp(what, "pinned"))) {
		*argc -= 1;
		*argv += 1;
		f = read_file(what);
		*rc = f ? 0 : AC_EXIT_INPUT;
		return f;
	}
	what = (*argv)[1];
	fd = prog_parse_fd(argc, argv);
	if (fd < 0) {
		*rc = -fd;
		return NULL;
	}
	*rc = AC_EXIT_INPUT;
	f = prog_attrs_text__new();
	if (f)
		*rc = add_prog_sets(f, obs, fd, what);
	close(fd);
	if (f && *rc) {
		prog_attrs_text__free(f);
		f = NULL;
	}
	return f;
}
