// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Supervisor policy files (Documentation/attrcheck-policy.rst): "ceiling"
 * blocks in the text format of attribute sets, read by its parser in
 * tools/bpf/prog_attrs/ (the one implementation of that format), and "rule"
 * and "default" blocks that say who gets which ceiling.
 */
#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/libbpf.h>

#include <linux/kernel.h>

#include "policy.h"
#include "prog_attrs_text.h"

#define FS_VERITY_HASH_ALG_SHA256	1
#define FS_VERITY_HASH_ALG_SHA512	2

struct parser {
	const char *path;
	unsigned int line;
	char *err;
	size_t err_sz;
	struct policy *p;
	struct pol_rule *cur;		/* the rule block being read */
	bool in_ceiling;
	bool have_default;
	bool have_action;		/* of the current block */
	bool have_mode;
	bool have_updates;
};

static int perr(struct parser *ps, const char *fmt, ...)
{
	size_t n;
	va_list ap;

	n = snprintf(ps->err, ps->err_sz, "%s:%u: ", ps->path, ps->line);
	va_start(ap, fmt);
	if (n < ps->err_sz)
		vsnprintf(ps->err + n, ps->err_sz - n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* Levenshtein distance, for "did you mean" */
static unsigned int edit_distance(const char *a, const char *b)
{
	unsigned int d[64], i, j, prev, tmp, la = strlen(a), lb = strlen(b);

	if (la >= 63 || lb >= 63)
		return UINT_MAX;
	for (j = 0; j <= lb; j++)
		d[j] = j;
	for (i = 1; i <= la; i++) {
		prev = d[0];
		d[0] = i;
		for (j = 1; j <= lb; j++) {
			tmp = d[j];
			d[j] = prev + (a[i - 1] != b[j - 1]);
			if (d[j - 1] + 1 < d[j])
				d[j] = d[j - 1] + 1;
			if (tmp + 1 < d[j])
				d[j] = tmp + 1;
			prev = tmp;
		}
	}
	return d[lb];
}

/* The closest of @cands (NULL-terminated) to @word, if close enough */
static const char *suggest(const char *word, const char *const *cands)
{
	unsigned int best = 3, d;
	const char *s = NULL;

	for (; *cands; cands++) {
		d = edit_distance(word, *cands);
		if (d < best) {
			best = d;
			s = *cands;
		}
	}
	return s;
}

static bool ident_ok(const char *s)
{
	size_t n = strlen(s);

	if (!n || n >= SV_NAME_LEN || !(isalpha((unsigned char)*s) || *s == '_'))
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-' && *s != '.')
			return false;
	return true;
}

/* Splits @line into at most @max words; returns their number */
static int split(char *line, char **w, int max)
{
	int n = 0;
	char *s = line;

	while (*s) {
		while (isspace((unsigned char)*s))
			s++;
		if (!*s)
			break;
		if (n == max)
			return max + 1;
		w[n++] = s;
		while (*s && !isspace((unsigned char)*s))
			s++;
		if (*s)
			*s++ = '\0';
	}
	return n;
}

static int parse_id(struct parser *ps, const char *kw, const char *s, __u32 *out)
{
	char *end;
	unsigned long v;
	struct passwd *pw;
	struct group *gr;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (isdigit((unsigned char)*s) && !*end && !errno && v < UINT_MAX) {
		*out = v;
		return 0;
	}
	if (!strcmp(kw, "uid")) {
		pw = getpwnam(s);
		if (pw) {
			*out = pw->pw_uid;
			return 0;
		}
		return perr(ps, "uid: unknown user '%s'", s);
	}
	gr = getgrnam(s);
	if (gr) {
		*out = gr->gr_gid;
		return 0;
	}
	return perr(ps, "gid: unknown group '%s'", s);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower((unsigned char)c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static int parse_digest(struct parser *ps, struct pol_rule *r, const char *s)
{
	const char *hex = strchr(s, ':');
	size_t want, len, i;
	int hi, lo;

	if (!hex)
		return perr(ps, "digest: expected sha256:HEX or sha512:HEX, got '%s'", s);
	if (!strncmp(s, "sha256:", 7)) {
		r->digest_alg = FS_VERITY_HASH_ALG_SHA256;
		want = 32;
	} else if (!strncmp(s, "sha512:", 7)) {
		r->digest_alg = FS_VERITY_HASH_ALG_SHA512;
		want = 64;
	} else {
		return perr(ps, "digest: unknown algorithm '%.*s' (sha256 or sha512)",
			    (int)(hex - s), s);
	}
	hex++;
	len = strlen(hex);
	if (len != want * 2)
		return perr(ps, "digest: %.6s takes %zu hex digits, got %zu", s, want * 2, len);
	for (i = 0; i < want; i++) {
		hi = hexval(hex[2 * i]);
		lo = hexval(hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return perr(ps, "digest: '%c' is not a hex digit",
				    hi < 0 ? hex[2 * i] : hex[2 * i + 1]);
		r->digest[i] = hi << 4 | lo;
	}
	r->digest_size = want;
	return 0;
}

static int parse_path(struct parser *ps, const char *kw, const char *s, char **out)
{
	if (*s != '/')
		return perr(ps, "%s: '%s' is not an absolute path", kw, s);
	if (strlen(s) >= SV_EXE_LEN)
		return perr(ps, "%s: path longer than %d bytes", kw, SV_EXE_LEN - 1);
	*out = strdup(s);
	return *out ? 0 : -ENOMEM;
}

static const char *const rule_kws[] = {
	"uid", "gid", "cgroup", "exe", "digest", "allow", "deny", "mode", "pinned",
	"map_updates", NULL
};

static bool is_default(const struct parser *ps)
{
	return ps->cur == &ps->p->rules[SV_MAX_RULES];
}

/* The SV_M_* bit of condition @kw, or 0 */
static __u32 cond_bit(const char *kw)
{
	static const struct { const char *kw; __u32 bit; } conds[] = {
		{ "uid", SV_M_UID }, { "gid", SV_M_GID }, { "cgroup", SV_M_CGROUP },
		{ "exe", SV_M_EXE }, { "digest", SV_M_DIGEST },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(conds); i++)
		if (!strcmp(kw, conds[i].kw))
			return conds[i].bit;
	return 0;
}

static int rule_cond(struct parser *ps, struct pol_rule *r, __u32 bit, const char *kw,
		     const char *arg)
{
	if (is_default(ps))
		return perr(ps, "%s: the default is for every other loader, it takes no conditions",
			    kw);
	if (r->match & bit)
		return perr(ps, "%s given twice in rule %s", kw, r->name);
	r->match |= bit;
	switch (bit) {
	case SV_M_UID:
		return parse_id(ps, kw, arg, &r->uid);
	case SV_M_GID:
		return parse_id(ps, kw, arg, &r->gid);
	case SV_M_CGROUP:
		return parse_path(ps, kw, arg, &r->cgroup);
	case SV_M_EXE:
		return parse_path(ps, kw, arg, &r->exe);
	default:
		return parse_digest(ps, r, arg);
	}
}

static int rule_action(struct parser *ps, struct pol_rule *r, char **w, int n)
{
	if (ps->have_action)
		return perr(ps, "%s has an action already ('allow' or 'deny' once)", r->name);
	ps->have_action = true;
	if (!strcmp(w[0], "deny")) {
		if (n != 1)
			return perr(ps, "deny takes no argument");
		r->action = SV_A_DENY;
		return 0;
	}
	if (n != 2)
		return perr(ps, "allow takes one argument: a ceiling name or 'unrestricted'");
	if (!strcmp(w[1], "unrestricted")) {
		r->action = SV_A_UNRESTRICTED;
		return 0;
	}
	r->action = SV_A_CEILING;
	if (!prog_attrs_text__find(ps->p->ceilings, w[1], NULL)) {
		const char *c[SV_MAX_RULES + 2], *s;
		size_t i, cnt = prog_attrs_text__cnt(ps->p->ceilings);

		for (i = 0; i < cnt && i < SV_MAX_RULES; i++)
			c[i] = prog_attrs_text__name(ps->p->ceilings, i);
		c[i] = NULL;
		s = suggest(w[1], c);
		if (s)
			return perr(ps, "unknown ceiling '%s' (did you mean '%s'?)", w[1], s);
		return perr(ps, "unknown ceiling '%s'", w[1]);
	}
	snprintf(r->ceiling, sizeof(r->ceiling), "%s", w[1]);
	return 0;
}

/* "pinned deny PATTERN...": absolute fnmatch(3) patterns */
static int rule_pinned(struct parser *ps, struct pol_rule *r, char **w, int n)
{
	int i;

	if (n < 3 || strcmp(w[1], "deny"))
		return perr(ps, "pinned takes 'deny' and one or more path patterns");
	for (i = 2; i < n; i++) {
		if (r->pinned_cnt == SV_MAX_PINNED)
			return perr(ps, "more than %d pinned patterns in %s", SV_MAX_PINNED,
				    r->name);
		if (w[i][0] != '/')
			return perr(ps, "pinned: '%s' is not an absolute path pattern", w[i]);
		if (strlen(w[i]) >= SV_EXE_LEN)
			return perr(ps, "pinned: pattern longer than %d bytes", SV_EXE_LEN - 1);
		r->pinned[r->pinned_cnt] = strdup(w[i]);
		if (!r->pinned[r->pinned_cnt])
			return -ENOMEM;
		r->pinned_cnt++;
	}
	return 0;
}

static int rule_updates(struct parser *ps, struct pol_rule *r, char **w, int n)
{
	if (ps->have_updates)
		return perr(ps, "map_updates given twice in %s", r->name);
	ps->have_updates = true;
	if (n == 2 && !strcmp(w[1], "own"))
		r->flags |= SV_F_OWN_MAPS;
	else if (!(n == 2 && !strcmp(w[1], "any")))
		return perr(ps, "map_updates takes 'own' or 'any'");
	return 0;
}

static int rule_stmt(struct parser *ps, char **w, int n)
{
	struct pol_rule *r = ps->cur;
	const char *s;
	__u32 bit;

	if (!strcmp(w[0], "allow") || !strcmp(w[0], "deny"))
		return rule_action(ps, r, w, n);
	if (!strcmp(w[0], "pinned"))
		return rule_pinned(ps, r, w, n);
	if (!strcmp(w[0], "map_updates"))
		return rule_updates(ps, r, w, n);
	if (!strcmp(w[0], "mode")) {
		if (ps->have_mode)
			return perr(ps, "mode given twice in %s", r->name);
		ps->have_mode = true;
		if (n == 2 && !strcmp(w[1], "enforce"))
			r->mode = SV_ENFORCE;
		else if (n == 2 && !strcmp(w[1], "audit"))
			r->mode = SV_AUDIT;
		else
			return perr(ps, "mode takes 'enforce' or 'audit'");
		return 0;
	}
	bit = cond_bit(w[0]);
	if (!bit) {
		s = suggest(w[0], rule_kws);
		if (s)
			return perr(ps, "unknown statement '%s' (did you mean '%s'?)", w[0], s);
		return perr(ps, "unknown statement '%s'", w[0]);
	}
	if (n != 2)
		return perr(ps, "%s takes one argument", w[0]);
	return rule_cond(ps, r, bit, w[0], w[1]);
}

static int end_block(struct parser *ps)
{
	struct pol_rule *r = ps->cur;

	if (!r)
		return 0;
	if (!ps->have_action) {
		ps->line = r->line;
		return perr(ps, "%s%s has no 'allow' or 'deny'",
			    is_default(ps) ? "" : "rule ", r->name);
	}
	if (!is_default(ps)) {
		if (!r->match) {
			ps->line = r->line;
			return perr(ps,
				    "rule %s has no condition; the 'default' block is for every loader",
				    r->name);
		}
		ps->p->rule_cnt++;
	}
	ps->cur = NULL;
	return 0;
}

static int new_block(struct parser *ps, char **w, int n)
{
	static const char *const heads[] = { "ceiling", "rule", "default", NULL };
	struct policy *p = ps->p;
	struct pol_rule *r;
	unsigned int i;
	const char *s;
	int err;

	err = end_block(ps);
	if (err)
		return err;
	ps->in_ceiling = false;
	ps->have_action = false;
	ps->have_mode = false;
	ps->have_updates = false;
	if (!strcmp(w[0], "ceiling")) {
		ps->in_ceiling = true;	/* read by the text format's parser */
		return 0;
	}
	if (!strcmp(w[0], "default")) {
		if (n != 1)
			return perr(ps, "default takes no name");
		if (ps->have_default)
			return perr(ps, "a second default block");
		ps->have_default = true;
		/* the default is kept past the rules, moved last at the end */
		r = &p->rules[SV_MAX_RULES];
		memset(r, 0, sizeof(*r));
		snprintf(r->name, sizeof(r->name), "default");
		r->line = ps->line;
		ps->cur = r;
		return 0;
	}
	if (strcmp(w[0], "rule")) {
		s = suggest(w[0], heads);
		if (s)
			return perr(ps, "unknown block '%s' (did you mean '%s'?)", w[0], s);
		return perr(ps,
			    "unknown block '%s': expected 'ceiling NAME', 'rule NAME' or 'default'",
			    w[0]);
	}
	if (n != 2)
		return perr(ps, "rule takes one name");
	if (!ident_ok(w[1]) || !strcmp(w[1], "default"))
		return perr(ps, "bad rule name '%s' (letters, digits, '_', '-', '.', at most %d)",
			    w[1], SV_NAME_LEN - 1);
	for (i = 0; i < p->rule_cnt; i++)
		if (!strcmp(p->rules[i].name, w[1]))
			return perr(ps, "a second rule %s (first at line %u)", w[1],
				    p->rules[i].line);
	if (p->rule_cnt == SV_MAX_RULES)
		return perr(ps, "more than %d rules", SV_MAX_RULES);
	r = &p->rules[p->rule_cnt];
	memset(r, 0, sizeof(*r));
	snprintf(r->name, sizeof(r->name), "%s", w[1]);
	r->line = ps->line;
	ps->cur = r;
	return 0;
}

/* Blanks out all but the ceiling blocks (renamed "program"), line by line,
 * so the text format's parser sees only them and reports the file's line numbers.
 */
static char *ceiling_text(const char *text, size_t len, size_t *out_len)
{
	char *out = malloc(len + 1), *o = out;
	const char *s = text, *end = text + len, *nl;
	bool in = false;

	if (!out)
		return NULL;
	while (s < end) {
		nl = memchr(s, '\n', end - s);
		if (!nl)
			nl = end;
		if (s < nl && !isspace((unsigned char)*s) && *s != '#') {
			in = nl - s > 8 && !strncmp(s, "ceiling", 7) &&
			     isspace((unsigned char)s[7]);
			if (in) {
				memcpy(o, "program", 7);
				memcpy(o + 7, s + 7, nl - s - 7);
				o += nl - s;
			}
		} else if (in) {
			memcpy(o, s, nl - s);
			o += nl - s;
		}
		if (nl < end)
			*o++ = '\n';
		s = nl + 1;
	}
	*o = '\0';
	*out_len = o - out;
	return out;
}

static int read_ceilings(struct parser *ps, const char *text, size_t len)
{
	LIBBPF_OPTS(prog_attrs_text_opts, opts, .filename = ps->path,
		    .errbuf = ps->err, .errbuf_sz = ps->err_sz);
	size_t clen;
	char *ct = ceiling_text(text, len, &clen);

	if (!ct)
		return -ENOMEM;
	ps->p->ceilings = prog_attrs_text__parse(ct, clen, &opts);
	free(ct);
	return ps->p->ceilings ? 0 : -EINVAL;
}

static int read_rules(struct parser *ps, char *text)
{
	char *line, *hash, *w[SV_MAX_PINNED + 3];
	int n, err = 0;
	char *s = text, *nl;

	for (ps->line = 1; s; ps->line++, s = nl) {
		nl = strchr(s, '\n');
		if (nl)
			*nl++ = '\0';
		line = s;
		hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		n = split(line, w, SV_MAX_PINNED + 2);
		if (!n)
			continue;
		if (!isspace((unsigned char)*line)) {
			err = new_block(ps, w, n);
		} else if (ps->in_ceiling) {
			continue;
		} else if (!ps->cur) {
			err = perr(ps,
				   "'%s' outside a block (indent statements under 'ceiling', 'rule' or 'default')",
				   w[0]);
		} else if (n > SV_MAX_PINNED + 2 || (n > 3 && strcmp(w[0], "pinned"))) {
			err = perr(ps, "%s: too many arguments", w[0]);
		} else {
			err = rule_stmt(ps, w, n);
		}
		if (err)
			return err;
	}
	ps->line--;
	return end_block(ps);
}

/* Most conditions first; equal ones in file order (a stable sort) */
static void sort_rules(struct policy *p)
{
	struct pol_rule tmp;
	unsigned int i, j;

	for (i = 1; i < p->rule_cnt; i++) {
		tmp = p->rules[i];
		for (j = i; j > 0 && __builtin_popcount(p->rules[j - 1].match) <
				     __builtin_popcount(tmp.match); j--)
			p->rules[j] = p->rules[j - 1];
		p->rules[j] = tmp;
	}
}

static bool same_conditions(const struct pol_rule *a, const struct pol_rule *b)
{
	if (a->match != b->match)
		return false;
	if ((a->match & SV_M_UID) && a->uid != b->uid)
		return false;
	if ((a->match & SV_M_GID) && a->gid != b->gid)
		return false;
	if ((a->match & SV_M_CGROUP) && strcmp(a->cgroup, b->cgroup))
		return false;
	if ((a->match & SV_M_EXE) && strcmp(a->exe, b->exe))
		return false;
	if ((a->match & SV_M_DIGEST) &&
	    (a->digest_alg != b->digest_alg || memcmp(a->digest, b->digest, a->digest_size)))
		return false;
	return true;
}

static int check_duplicates(struct parser *ps)
{
	struct policy *p = ps->p;
	unsigned int i, j;

	for (i = 0; i < p->rule_cnt; i++)
		for (j = 0; j < i; j++)
			if (same_conditions(&p->rules[i], &p->rules[j])) {
				ps->line = p->rules[i].line;
				return perr(ps,
					    "rule %s matches the same loaders as rule %s (line %u)",
					    p->rules[i].name, p->rules[j].name, p->rules[j].line);
			}
	return 0;
}

static char *read_all(const char *path, size_t *len, char *err, size_t err_sz)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t cap = 0, n = 0, k;

	if (!f) {
		snprintf(err, err_sz, "%s: %s", path, strerror(errno));
		return NULL;
	}
	do {
		if (n + 4096 + 1 > cap) {
			char *nb = realloc(buf, cap = cap * 2 + 8192);

			if (!nb) {
				free(buf);
				fclose(f);
				snprintf(err, err_sz, "%s: %s", path, strerror(ENOMEM));
				return NULL;
			}
			buf = nb;
		}
		k = fread(buf + n, 1, 4096, f);
		n += k;
	} while (k == 4096 && n < (1 << 24));
	if (ferror(f) || n >= (1 << 24)) {
		snprintf(err, err_sz, "%s: %s", path, n >= (1 << 24) ? "larger than 16 MiB" :
			 strerror(errno ? errno : EIO));
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	if (strlen(buf) != n) {
		snprintf(err, err_sz, "%s: holds a NUL byte: not a policy file", path);
		free(buf);
		return NULL;
	}
	*len = n;
	return buf;
}

struct policy *policy_read(const char *path, char *err, size_t err_sz)
{
	struct parser ps = { .path = path, .err = err, .err_sz = err_sz };
	struct policy *p = calloc(1, sizeof(*p));
	char *text;
	size_t len;

	if (!p)
		return NULL;
	p->rules = calloc(SV_MAX_RULES + 1, sizeof(*p->rules));
	p->path = strdup(path);
	ps.p = p;
	text = p->rules && p->path ? read_all(path, &len, err, err_sz) : NULL;
	if (!text || read_ceilings(&ps, text, len) || read_rules(&ps, text) ||
	    check_duplicates(&ps)) {
		free(text);
		policy_free(p);
		return NULL;
	}
	free(text);
	if (!ps.have_default) {
		/* no default block: every other loader is denied */
		memset(&p->rules[SV_MAX_RULES], 0, sizeof(p->rules[0]));
		snprintf(p->rules[SV_MAX_RULES].name, SV_NAME_LEN, "default");
		p->rules[SV_MAX_RULES].action = SV_A_DENY;
	}
	sort_rules(p);
	p->rules[p->rule_cnt] = p->rules[SV_MAX_RULES];
	if (p->rule_cnt != SV_MAX_RULES)
		memset(&p->rules[SV_MAX_RULES], 0, sizeof(p->rules[0]));
	return p;
}

void policy_free(struct policy *p)
{
	unsigned int i, k;

	if (!p)
		return;
	for (i = 0; p->rules && i <= SV_MAX_RULES; i++) {
		if (i > p->rule_cnt)
			break;
		free(p->rules[i].cgroup);
		free(p->rules[i].exe);
		for (k = 0; k < p->rules[i].pinned_cnt; k++)
			free(p->rules[i].pinned[k]);
	}
	/* a default block not yet moved after the rules (a refused file) */
	if (p->rules && p->rule_cnt < SV_MAX_RULES)
		for (k = 0; k < p->rules[SV_MAX_RULES].pinned_cnt; k++)
			free(p->rules[SV_MAX_RULES].pinned[k]);
	for (k = 0; k < p->pin_cnt; k++)
		free(p->pins[k].path);
	free(p->pins);
	free(p->rules);
	prog_attrs_text__free(p->ceilings);
	free(p->path);
	free(p);
}

const struct bpf_prog_attrs *policy_ceiling(const struct policy *p, const struct pol_rule *r)
{
	if (r->action != SV_A_CEILING)
		return NULL;
	return prog_attrs_text__find(p->ceilings, r->ceiling, NULL);
}

void policy_digest_str(__u16 alg, __u16 size, const __u8 *d, char *buf, size_t sz)
{
	const char *a = alg == FS_VERITY_HASH_ALG_SHA256 ? "sha256" :
			alg == FS_VERITY_HASH_ALG_SHA512 ? "sha512" : "unknown";
	size_t n, i;

	n = snprintf(buf, sz, "%s:", a);
	for (i = 0; i < size && i < SV_DIGEST_MAX && n + 2 < sz; i++)
		n += snprintf(buf + n, sz - n, "%02x", d[i]);
}

static void print_rule(const struct pol_rule *r, bool is_default, FILE *out)
{
	char dg[8 + 2 * SV_DIGEST_MAX];
	unsigned int i;

	if (is_default)
		fprintf(out, "default\n");
	else
		fprintf(out, "rule %s\n", r->name);
	if (r->match & SV_M_UID)
		fprintf(out, "\tuid %u\n", r->uid);
	if (r->match & SV_M_GID)
		fprintf(out, "\tgid %u\n", r->gid);
	if (r->match & SV_M_CGROUP)
		fprintf(out, "\tcgroup %s\n", r->cgroup);
	if (r->match & SV_M_EXE)
		fprintf(out, "\texe %s\n", r->exe);
	if (r->match & SV_M_DIGEST) {
		policy_digest_str(r->digest_alg, r->digest_size, r->digest, dg, sizeof(dg));
		fprintf(out, "\tdigest %s\n", dg);
	}
	if (r->action == SV_A_DENY)
		fprintf(out, "\tdeny\n");
	else
		fprintf(out, "\tallow %s\n",
			r->action == SV_A_CEILING ? r->ceiling : "unrestricted");
	for (i = 0; i < r->pinned_cnt; i++)
		fprintf(out, "\tpinned deny %s\n", r->pinned[i]);
	if (r->flags & SV_F_OWN_MAPS)
		fprintf(out, "\tmap_updates own\n");
	fprintf(out, "\tmode %s\n", r->mode == SV_AUDIT ? "audit" : "enforce");
}

/* One ceiling block, as libbpf prints a set, headed "ceiling NAME" */
static int print_ceiling(const char *name, const struct bpf_prog_attrs *a, FILE *out)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	int err;

	if (!m)
		return -ENOMEM;
	err = prog_attrs__fprint(name, a, sizeof(*a), m);
	fclose(m);
	if (!err && len > 8 && !strncmp(buf, "program ", 8))
		fprintf(out, "ceiling %s", buf + 8);
	free(buf);
	return err;
}

/* Ceilings in the order the rules first use them, then unused ones */
int policy_fprint(const struct policy *p, FILE *out)
{
	size_t i, cnt = prog_attrs_text__cnt(p->ceilings);
	unsigned int r, k, done = 0;
	bool *shown = calloc(cnt + 1, sizeof(*shown));
	const char *name;
	int err = 0;

	if (!shown)
		return -ENOMEM;
	fprintf(out, "# %u rules, %zu ceilings; rules in evaluation order\n",
		p->rule_cnt, cnt);
	for (k = 0; k <= p->rule_cnt + 1 && !err; k++) {
		for (i = 0; i < cnt && !err; i++) {
			name = prog_attrs_text__name(p->ceilings, i);
			if (shown[i] || (k <= p->rule_cnt && (p->rules[k].action != SV_A_CEILING ||
							      strcmp(p->rules[k].ceiling, name))))
				continue;
			shown[i] = true;
			done++;
			err = print_ceiling(name, prog_attrs_text__attrs(p->ceilings, i, NULL),
					    out);
			fputc('\n', out);
		}
	}
	free(shown);
	for (r = 0; r <= p->rule_cnt && !err; r++) {
		print_rule(&p->rules[r], r == p->rule_cnt, out);
		if (r < p->rule_cnt)
			fputc('\n', out);
	}
	if (err)
		return err;
	return ferror(out) || done != cnt ? -EIO : 0;
}
