// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * attrcheck supervise learn: propose a policy from the decision log of a
 * period in audit mode (the JSON lines "supervise run ... log FILE"
 * writes), as audit2allow does for SELinux: one rule per loader seen (uid
 * and executable, or uid and fs-verity digest), whose ceiling is the
 * tightest set that admits everything that loader loaded, probes included.
 * The result is for a person to review, not to install blindly.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/libbpf.h>

#include "analyze.h"
#include "main.h"
#include "policy.h"
#include "prog_attrs_text.h"

/* ---- a small JSON reader, enough for our own records ------------------- */

enum jtype { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct jv {
	enum jtype t;
	double num;
	char *str;			/* J_STR */
	struct jv *items;		/* J_ARR, J_OBJ */
	char **keys;			/* J_OBJ */
	size_t n;
};

static void jv_free(struct jv *v)
{
	size_t i;

	for (i = 0; i < v->n; i++) {
		jv_free(&v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->str);
	memset(v, 0, sizeof(*v));
}

static const char *ws(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return s;
}

static const char *j_parse(const char *s, struct jv *v, int depth);

static const char *j_string(const char *s, char **out)
{
	size_t cap = 32, n = 0;
	char *b = malloc(cap), c;
	unsigned int u;

	if (!b)
		return NULL;
	for (s++; *s && *s != '"'; s++) {
		c = *s;
		if (c == '\\') {
			s++;
			switch (*s) {
			case 'n':
				c = '\n';
				break;
			case 't':
				c = '\t';
				break;
			case 'r':
				c = '\r';
				break;
			case 'b':
				c = '\b';
				break;
			case 'f':
				c = '\f';
				break;
			case 'u':
				if (sscanf(s + 1, "%4x", &u) != 1)
					goto bad;
				c = u < 0x80 ? (char)u : '?';
				s += 4;
				break;
			case '"':
			case '\\':
			case '/':
				c = *s;
				break;
			default:
				goto bad;
			}
		}
		if (n + 2 > cap) {
			char *nb = realloc(b, cap *= 2);

			if (!nb)
				goto bad;
			b = nb;
		}
		b[n++] = c;
	}
	if (*s != '"')
		goto bad;
	b[n] = '\0';
	*out = b;
	return s + 1;
bad:
	free(b);
	return NULL;
}

static const char *j_items(const char *s, struct jv *v, int depth, bool obj)
{
	char close = obj ? '}' : ']';
	struct jv *ni;
	char **nk;

	s = ws(s + 1);
	if (*s == close)
		return s + 1;
	for (;;) {
		ni = realloc(v->items, (v->n + 1) * sizeof(*ni));
		if (!ni)
			return NULL;
		v->items = ni;
		memset(&v->items[v->n], 0, sizeof(*ni));
		if (obj) {
			nk = realloc(v->keys, (v->n + 1) * sizeof(*nk));
			if (!nk)
				return NULL;
			v->keys = nk;
			v->keys[v->n] = NULL;
			if (*s != '"')
				return NULL;
			s = j_string(s, &v->keys[v->n]);
			if (!s)
				return NULL;
			s = ws(s);
			if (*s++ != ':')
				return NULL;
		}
		s = j_parse(s, &v->items[v->n], depth + 1);
		v->n++;
		if (!s)
			return NULL;
		s = ws(s);
		if (*s == close)
			return s + 1;
		if (*s != ',')
			return NULL;
		s = ws(s + 1);
	}
}

static const char *j_parse(const char *s, struct jv *v, int depth)
{
	char *end;

	if (depth > 16)
		return NULL;
	s = ws(s);
	switch (*s) {
	case '{':
		v->t = J_OBJ;
		return j_items(s, v, depth, true);
	case '[':
		v->t = J_ARR;
		return j_items(s, v, depth, false);
	case '"':
		v->t = J_STR;
		return j_string(s, &v->str);
	case 't':
		v->t = J_BOOL;
		v->num = 1;
		return strncmp(s, "true", 4) ? NULL : s + 4;
	case 'f':
		v->t = J_BOOL;
		return strncmp(s, "false", 5) ? NULL : s + 5;
	case 'n':
		v->t = J_NULL;
		return strncmp(s, "null", 4) ? NULL : s + 4;
	default:
		v->t = J_NUM;
		v->num = strtod(s, &end);
		return end == s ? NULL : end;
	}
}

/* Member @key of object @v (a path "a.b" walks down), or NULL */
static const struct jv *jget(const struct jv *v, const char *path)
{
	const char *dot;
	size_t i, len;

	while (v && *path) {
		dot = strchr(path, '.');
		len = dot ? (size_t)(dot - path) : strlen(path);
		if (v->t != J_OBJ)
			return NULL;
		for (i = 0; i < v->n; i++)
			if (strlen(v->keys[i]) == len && !strncmp(v->keys[i], path, len))
				break;
		v = i < v->n ? &v->items[i] : NULL;
		path += len + (dot ? 1 : 0);
	}
	return v;
}

static const char *jstr(const struct jv *v, const char *path)
{
	v = jget(v, path);
	return v && v->t == J_STR ? v->str : NULL;
}

/* ---- learning ---------------------------------------------------------- */

struct loader {
	__u32 uid;
	char *exe;			/* or NULL */
	char *digest;			/* "sha256:HEX" or NULL */
	struct bpf_prog_attrs set;	/* the union, kfuncs apart */
	char **kfuncs;
	size_t kfunc_cnt;
	unsigned int loads, probes;
	bool unbounded;			/* a load only "unrestricted" admits */
	bool kfuncs_cut;		/* a record listed only part of its kfuncs */
};

struct learner {
	const char *path;
	struct loader *ls;
	size_t cnt;
	unsigned int records, skipped;
};

static int add_kfunc(struct loader *l, const char *name)
{
	char **nk;
	size_t i;

	for (i = 0; i < l->kfunc_cnt; i++)
		if (!strcmp(l->kfuncs[i], name))
			return 0;
	nk = realloc(l->kfuncs, (l->kfunc_cnt + 1) * sizeof(*nk));
	if (!nk)
		return -ENOMEM;
	l->kfuncs = nk;
	l->kfuncs[l->kfunc_cnt] = strdup(name);
	return l->kfuncs[l->kfunc_cnt++] ? 0 : -ENOMEM;
}

static __u64 map_mask(const struct jv *a)
{
	__u64 m = 0;
	size_t i;
	int t;

	for (i = 0; a && a->t == J_ARR && i < a->n; i++)
		for (t = 0; t < 64; t++)
			if (a->items[i].t == J_STR && libbpf_bpf_map_type_str(t) &&
			    !strcmp(libbpf_bpf_map_type_str(t), a->items[i].str))
				m |= 1ULL << t;
	return m;
}

static __u64 access_mask(const struct jv *a)
{
	__u64 m = 0;
	size_t i;
	int b;

	for (i = 0; a && a->t == J_ARR && i < a->n; i++)
		for (b = 0; b < 64; b++)
			if (a->items[i].t == J_STR && prog_attrs_access_str(1ULL << b) &&
			    !strcmp(prog_attrs_access_str(1ULL << b), a->items[i].str))
				m |= 1ULL << b;
	return m;
}

static struct loader *find_loader(struct learner *ln, __u32 uid, const char *exe,
				  const char *digest)
{
	struct loader *l, *nl;
	size_t i;

	for (i = 0; i < ln->cnt; i++) {
		l = &ln->ls[i];
		if (l->uid == uid && !strcmp(l->exe ? l->exe : "", exe ? exe : "") &&
		    !strcmp(l->digest ? l->digest : "", digest ? digest : ""))
			return l;
	}
	nl = realloc(ln->ls, (ln->cnt + 1) * sizeof(*nl));
	if (!nl)
		return NULL;
	ln->ls = nl;
	l = &ln->ls[ln->cnt++];
	memset(l, 0, sizeof(*l));
	l->uid = uid;
	l->exe = exe ? strdup(exe) : NULL;
	l->digest = digest ? strdup(digest) : NULL;
	l->set.handled = BPF_PROG_ATTRS_H_MAP_TYPES | BPF_PROG_ATTRS_H_MAP_TYPES_WRITE;
	l->set.access_handled = ~0ULL;
	return l;
}

/*
 * Whether load record @v is one that only an unrestricted rule admits: an
 * extension, or an observed set that is no upper bound for a reason other
 * than that an extension could replace its global functions (which needs
 * an unrestricted rule of its own). A record that does not say is one.
 */
static bool record_unbounded(const struct jv *v)
{
	const struct jv *a = jget(v, "prog.unbounded");
	const char *type = jstr(v, "prog.type");
	size_t i;

	if ((type && !strcmp(type, "ext")) || !a || a->t != J_ARR)
		return true;
	for (i = 0; i < a->n; i++)
		if (a->items[i].t != J_STR || strcmp(a->items[i].str, "extensible"))
			return true;
	return false;
}

/* Adds the set of load record @v to its loader */
static int learn_record(struct learner *ln, const struct jv *v)
{
	const struct jv *uid = jget(v, "loader.uid"), *set = jget(v, "prog.attrs"), *a, *x;
	struct loader *l;
	size_t i;
	int id;

	if (!uid || uid->t != J_NUM || !set || set->t != J_OBJ) {
		ln->skipped++;
		return 0;
	}
	l = find_loader(ln, uid->num, jstr(v, "loader.exe"), jstr(v, "loader.digest"));
	if (!l)
		return -ENOMEM;
	l->loads++;
	x = jget(v, "prog.probe");
	if (x && x->t == J_BOOL && x->num)
		l->probes++;
	if (record_unbounded(v))
		l->unbounded = true;
	a = jget(set, "helpers");
	for (i = 0; a && a->t == J_ARR && i < a->n; i++) {
		id = a->items[i].t == J_STR ? prog_attrs_helper_id(a->items[i].str) :
		     a->items[i].t == J_NUM ? (int)a->items[i].num : -1;
		if (id > 0 && id < BPF_PROG_ATTRS_HELPER_WORDS * 64)
			l->set.helpers[id / 64] |= 1ULL << (id % 64);
	}
	a = jget(set, "kfuncs");
	for (i = 0; a && a->t == J_ARR && i < a->n; i++)
		if (a->items[i].t == J_STR && add_kfunc(l, a->items[i].str))
			return -ENOMEM;
	x = jget(set, "kfunc_cnt");
	if (x && x->t == J_NUM && a && x->num > a->n)
		l->kfuncs_cut = true;
	/* a kind a record does not restrict is not restricted for its loader */
	if (!jget(set, "map_types"))
		l->set.handled &= ~BPF_PROG_ATTRS_H_MAP_TYPES;
	l->set.map_types |= map_mask(jget(set, "map_types"));
	if (!jget(set, "map_types_write"))
		l->set.handled &= ~BPF_PROG_ATTRS_H_MAP_TYPES_WRITE;
	l->set.map_types_write |= map_mask(jget(set, "map_types_write"));
	l->set.access_handled &= access_mask(jget(set, "access_handled"));
	l->set.access |= access_mask(jget(set, "access"));
	return 0;
}

static int learn_file(struct learner *ln, FILE *f)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	struct jv v;
	const char *ev;
	int err = 0;

	while (!err && (n = getline(&line, &cap, f)) > 0) {
		memset(&v, 0, sizeof(v));
		if (!j_parse(line, &v, 0) || v.t != J_OBJ) {
			ln->skipped++;
		} else {
			ev = jstr(&v, "event");
			if (ev && !strcmp(ev, "load")) {
				ln->records++;
				err = learn_record(ln, &v);
			}
		}
		jv_free(&v);
	}
	free(line);
	return err;
}

/* A rule name from the executable's file name and the uid */
static void rule_name(const struct learner *ln, size_t idx, char *buf, size_t sz)
{
	const struct loader *l = &ln->ls[idx];
	const char *base = l->exe ? strrchr(l->exe, '/') : NULL;
	char stem[16];
	size_t i, k = 0;

	base = base ? base + 1 : "loader";
	for (i = 0; base[i] && k < sizeof(stem) - 1; i++)
		if (isalnum((unsigned char)base[i]) || base[i] == '_')
			stem[k++] = base[i];
	stem[k] = '\0';
	if (!k || !isalpha((unsigned char)stem[0]))
		snprintf(stem, sizeof(stem), "loader");
	snprintf(buf, sz, "%s_uid%u_%zu", stem, l->uid, idx + 1);
}

static int parse_digest_str(const char *s, struct pol_rule *r)
{
	size_t i, len;
	unsigned int b;

	if (!strncmp(s, "sha256:", 7))
		r->digest_alg = 1;
	else if (!strncmp(s, "sha512:", 7))
		r->digest_alg = 2;
	else
		return -EINVAL;
	s += 7;
	len = strlen(s) / 2;
	if (len > SV_DIGEST_MAX || len != (r->digest_alg == 1 ? 32u : 64u))
		return -EINVAL;
	for (i = 0; i < len; i++) {
		if (sscanf(s + 2 * i, "%2x", &b) != 1)
			return -EINVAL;
		r->digest[i] = b;
	}
	r->digest_size = len;
	return 0;
}

/* The kfunc names back to back, as struct bpf_prog_attrs wants them */
static char *kfunc_blob(const struct loader *l, __u32 *len)
{
	size_t i, n = 0;
	char *b;

	for (i = 0; i < l->kfunc_cnt; i++)
		n += strlen(l->kfuncs[i]) + 1;
	b = malloc(n + 1);
	if (!b)
		return NULL;
	n = 0;
	for (i = 0; i < l->kfunc_cnt; i++) {
		memcpy(b + n, l->kfuncs[i], strlen(l->kfuncs[i]) + 1);
		n += strlen(l->kfuncs[i]) + 1;
	}
	*len = n;
	return b;
}

static int learned_rule(struct policy *p, const struct learner *ln, size_t i)
{
	const struct loader *l = &ln->ls[i];
	struct pol_rule *r = &p->rules[p->rule_cnt];
	struct bpf_prog_attrs a = l->set;
	char *blob = NULL;
	int err;

	rule_name(ln, i, r->name, sizeof(r->name));
	r->match = SV_M_UID;
	r->uid = l->uid;
	if (l->digest && !parse_digest_str(l->digest, r)) {
		r->match |= SV_M_DIGEST;
	} else if (l->exe) {
		r->match |= SV_M_EXE;
		r->exe = strdup(l->exe);
	}
	r->mode = SV_ENFORCE;
	p->rule_cnt++;
	if (l->unbounded) {
		r->action = SV_A_UNRESTRICTED;
		return 0;
	}
	r->action = SV_A_CEILING;
	snprintf(r->ceiling, sizeof(r->ceiling), "%s", r->name);
	/* a kind not restricted has its field zero; classes as libbpf knows them */
	if (!(a.handled & BPF_PROG_ATTRS_H_MAP_TYPES))
		a.map_types = 0;
	if (!(a.handled & BPF_PROG_ATTRS_H_MAP_TYPES_WRITE))
		a.map_types_write = 0;
	a.access_handled &= prog_attrs_known_access();
	a.access &= a.access_handled;
	a.kfunc_cnt = l->kfunc_cnt;
	if (l->kfunc_cnt) {
		blob = kfunc_blob(l, &a.kfuncs_len);
		if (!blob)
			return -ENOMEM;
		a.kfuncs = (uintptr_t)blob;
	}
	err = prog_attrs_text__add(p->ceilings, r->ceiling, &a, sizeof(a));
	free(blob);
	return err;
}

static void learned_notes(const struct learner *ln, const struct policy *p, FILE *out)
{
	size_t i;

	fprintf(out, "# Learned by \"attrcheck supervise learn\" from %s:\n", ln->path);
	fprintf(out, "# %u load records, %zu loaders. Review before use: each rule admits\n",
		ln->records, ln->cnt);
	fprintf(out, "# what its loader loaded in that period, and nothing more.\n");
	for (i = 0; i < ln->cnt; i++) {
		const struct loader *l = &ln->ls[i];

		fprintf(out, "# rule %s: %u loads (%u probes)\n", p->rules[i].name, l->loads,
			l->probes);
		if (l->unbounded)
			fprintf(out, "%s\n%s\n",
				"#   unrestricted: it loaded programs no ceiling admits (tail calls,",
				"#   extensions, ...); give those programs declared sets instead");
		if (l->kfuncs_cut)
			fprintf(out, "%s\n",
				"#   a record listed only part of its kfuncs: check the ceiling's");
	}
}

static int do_learn_args(int argc, char **argv, const char **in, const char **outp)
{
	int i;

	*in = NULL;
	*outp = NULL;
	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "-o") && i + 1 < argc)
			*outp = argv[++i];
		else if (!*in)
			*in = argv[i];
		else
			return -1;
	}
	return *in ? 0 : -1;
}

int do_learn(int argc, char **argv)
{
	struct learner ln = {};
	struct policy p = {};
	const char *outp;
	FILE *f, *out = stdout;
	size_t i;
	int err = 0;

	if (do_learn_args(argc, argv, &ln.path, &outp)) {
		p_err("supervise learn: expected LOG [-o FILE]");
		return AC_EXIT_USAGE;
	}
	f = fopen(ln.path, "r");
	if (!f) {
		p_err("%s: %s", ln.path, strerror(errno));
		return AC_EXIT_INPUT;
	}
	err = learn_file(&ln, f);
	fclose(f);
	if (!err && !ln.cnt) {
		p_err("%s: no load records to learn from", ln.path);
		return AC_EXIT_INPUT;
	}
	if (!err && ln.cnt > SV_MAX_RULES) {
		p_err("%s: %zu loaders, more than a policy's %d rules", ln.path, ln.cnt,
		      SV_MAX_RULES);
		return AC_EXIT_INPUT;
	}
	p.rules = calloc(SV_MAX_RULES + 1, sizeof(*p.rules));
	p.ceilings = prog_attrs_text__new();
	for (i = 0; !err && i < ln.cnt; i++)
		err = !p.rules || !p.ceilings ? -ENOMEM : learned_rule(&p, &ln, i);
	if (!err) {
		snprintf(p.rules[p.rule_cnt].name, SV_NAME_LEN, "default");
		p.rules[p.rule_cnt].action = SV_A_DENY;
		if (outp) {
			out = fopen(outp, "w");
			if (!out)
				err = -errno;
		}
	}
	if (!err) {
		learned_notes(&ln, &p, out);
		err = policy_fprint(&p, out);
		if (out != stdout && fclose(out) && !err)
			err = -errno;
	}
	if (err)
		p_err("supervise learn: %s", strerror(-err));
	for (i = 0; i < ln.cnt; i++) {
		while (ln.ls[i].kfunc_cnt)
			free(ln.ls[i].kfuncs[--ln.ls[i].kfunc_cnt]);
		free(ln.ls[i].kfuncs);
		free(ln.ls[i].exe);
		free(ln.ls[i].digest);
	}
	free(ln.ls);
	for (i = 0; p.rules && i < p.rule_cnt; i++)
		free(p.rules[i].exe);
	free(p.rules);
	prog_attrs_text__free(p.ceilings);
	return err ? AC_EXIT_INPUT : 0;
}
