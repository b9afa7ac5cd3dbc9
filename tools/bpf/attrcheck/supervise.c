// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * attrcheck supervise: the reference supervisor. "run" loads a policy file
 * into the maps of supervisor.bpf.c, attaches it to the bpf_prog_attrs LSM
 * hook and writes every decision as text or JSON lines (stdout, a log
 * file, syslog); SIGHUP reloads the file, replacing the policy as a whole
 * or not at all. "check" validates a policy file, "show" prints the policy
 * in force. See Documentation/attrcheck-policy.rst.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <linux/compiler.h>
#include <linux/kernel.h>

#include "analyze.h"
#include "main.h"
#include "policy.h"
#include "supervisor.skel.h"
#include "prog_attrs_text.h"

#define SV_PIN_DIR	"/sys/fs/bpf/attrcheck-supervise"
#define SV_HIST		8
#define SV_WALK_DEPTH	16		/* directories below a pattern's prefix */
#define BPF_FS_MAGIC	0xcafe4a11

struct sv_state {
	const char *policy_path;
	const char *pin_dir;
	char pin_path[PATH_MAX];
	bool use_syslog;
	bool audit_all;			/* every rule in audit mode */
	FILE *log;			/* JSON lines, or NULL */
	struct supervisor_bpf *skel;
	struct ring_buffer *rb;
	struct policy *pol;		/* in force */
	__u32 gen;
	/* the last policies in force, to name the rules of their records */
	struct {
		struct policy *p;
		__u32 gen;
	} hist[SV_HIST];
	unsigned int hist_next;
	int inner_fd;
	__u32 inner_id;
	char cg_root[PATH_MAX];
	struct bpf_link *links[16];	/* pinned at pin_dir/NAME */
	char link_pins[16][PATH_MAX];
	unsigned int link_cnt;
};

/* set by the signal handler, read with READ_ONCE() by the main loop */
static sig_atomic_t want_reload, want_exit;

static void on_signal(int sig)
{
	if (sig == SIGHUP)
		WRITE_ONCE(want_reload, 1);
	else
		WRITE_ONCE(want_exit, 1);
}

/* ---- identities -------------------------------------------------------- */

/* The cgroup2 mount, from /proc/self/mounts; /sys/fs/cgroup if none */
static void cgroup_root(char *buf, size_t sz)
{
	char dev[256], dir[PATH_MAX], type[64];
	FILE *f = fopen("/proc/self/mounts", "r");

	snprintf(buf, sz, "/sys/fs/cgroup");
	if (!f)
		return;
	while (fscanf(f, "%255s %4095s %63s %*[^\n]", dev, dir, type) == 3)
		if (!strcmp(type, "cgroup2")) {
			snprintf(buf, sz, "%s", dir);
			break;
		}
	fclose(f);
}

/* The id of cgroup @rel (below @root) and its depth; -errno */
static int cgroup_id_of(const char *root, const char *rel, __u64 *id, __u32 *level)
{
	struct {
		struct file_handle fh;
		__u64 id;
	} h = { .fh.handle_bytes = sizeof(__u64) };
	char path[PATH_MAX];
	const char *s;
	int mnt;

	snprintf(path, sizeof(path), "%s%s", root, rel);
	if (name_to_handle_at(AT_FDCWD, path, &h.fh, &mnt, 0))
		return -errno;
	*id = h.id;
	*level = 0;
	for (s = rel; *s; s++)
		if (*s != '/' && (s == rel || s[-1] == '/'))
			(*level)++;
	return 0;
}

/* Path of cgroup @id below the cgroup2 mount (ids are inode numbers there) */
static bool cgroup_walk(char *path, size_t len, size_t cap, __u64 id, int depth)
{
	struct dirent *d;
	struct stat sb;
	bool found = false;
	DIR *dir;

	if (!stat(path, &sb) && sb.st_ino == id)
		return true;
	if (depth > 16)
		return false;
	dir = opendir(path);
	if (!dir)
		return false;
	while (!found && (d = readdir(dir))) {
		if (d->d_type != DT_DIR || d->d_name[0] == '.')
			continue;
		if (len + strlen(d->d_name) + 2 > cap)
			continue;
		snprintf(path + len, cap - len, "/%s", d->d_name);
		found = cgroup_walk(path, strlen(path), cap, id, depth + 1);
		if (!found)
			path[len] = '\0';
	}
	closedir(dir);
	return found;
}

static void cgroup_path(const struct sv_state *st, __u64 id, char *buf, size_t sz)
{
	static struct { __u64 id; char path[PATH_MAX]; } cache[32];
	static unsigned int next;
	char path[PATH_MAX];
	size_t rl = strlen(st->cg_root), i;

	for (i = 0; i < 32; i++)
		if (cache[i].id == id && id) {
			snprintf(buf, sz, "%s", cache[i].path);
			return;
		}
	snprintf(path, sizeof(path), "%s", st->cg_root);
	if (!cgroup_walk(path, rl, sizeof(path), id, 0)) {
		snprintf(buf, sz, "#%llu", (unsigned long long)id);
		return;
	}
	snprintf(buf, sz, "%s", path[rl] ? path + rl : "/");
	i = next++ % 32;
	cache[i].id = id;
	snprintf(cache[i].path, sizeof(cache[i].path), "%s", buf);
}

/* ---- policy into maps -------------------------------------------------- */

static void ceiling_of(const struct bpf_prog_attrs *a, struct sv_ceiling *c)
{
	memset(c, 0, sizeof(*c));
	memcpy(c->helpers, a->helpers, sizeof(c->helpers));
	c->map_types = a->map_types;
	c->map_types_write = a->map_types_write;
	c->handled = a->handled;
	c->access_handled = a->access_handled;
	c->access = a->access;
	c->max_insn_cnt = a->max_insn_cnt;
	c->max_insn_processed = a->max_insn_processed;
	c->kfunc_cnt = a->kfunc_cnt;
}

/* Rule @r as the BPF side reads it; a loader it names that is not there
 * now (exe, cgroup) makes it match nothing, with a note.
 */
static void rule_of(const struct sv_state *st, const struct policy *p,
		    const struct pol_rule *r, struct sv_rule *out)
{
	const struct bpf_prog_attrs *a = policy_ceiling(p, r);
	struct stat sb;
	int err;

	memset(out, 0, sizeof(*out));
	snprintf(out->name, sizeof(out->name), "%s", r->name);
	snprintf(out->ceiling_name, sizeof(out->ceiling_name), "%s", r->ceiling);
	out->match = r->match;
	out->action = r->action;
	out->mode = st->audit_all ? SV_AUDIT : r->mode;
	out->uid = r->uid;
	out->gid = r->gid;
	out->line = r->line;
	out->flags = r->flags;
	out->pinned_cnt = r->pinned_cnt;
	out->digest_alg = r->digest_alg;
	out->digest_size = r->digest_size;
	memcpy(out->digest, r->digest, sizeof(out->digest));
	if (a)
		ceiling_of(a, &out->ceiling);
	if (r->match & SV_M_EXE) {
		snprintf(out->exe, sizeof(out->exe), "%s", r->exe);
		if (stat(r->exe, &sb)) {
			p_note("%s:%u: rule %s: exe %s: %s: the rule matches nothing",
			       p->path, r->line, r->name, r->exe, strerror(errno));
			out->match |= SV_M_NEVER;
		} else {
			/* the kernel's dev_t: 12 bits major, 20 bits minor */
			out->exe_dev = (__u64)major(sb.st_dev) << 20 | minor(sb.st_dev);
			out->exe_ino = sb.st_ino;
		}
	}
	if (r->match & SV_M_CGROUP) {
		snprintf(out->cgroup, sizeof(out->cgroup), "%s", r->cgroup);
		err = cgroup_id_of(st->cg_root, r->cgroup, &out->cgroup_id, &out->cgroup_level);
		if (err) {
			p_note("%s:%u: rule %s: cgroup %s%s: %s: the rule matches nothing",
			       p->path, r->line, r->name, st->cg_root, r->cgroup, strerror(-err));
			out->match |= SV_M_NEVER;
		}
	}
}

static int put_kfuncs(int fd, __u32 idx, const struct bpf_prog_attrs *a)
{
	const char *s = (const char *)(uintptr_t)a->kfuncs;
	union sv_value v = {};
	struct sv_key k = { .kind = SV_K_KFUNC, .rule = idx };
	__u32 i;

	for (i = 0; i < a->kfunc_cnt; i++, s += strlen(s) + 1) {
		memset(k.name, 0, sizeof(k.name));
		snprintf(k.name, sizeof(k.name), "%s", s);
		if (bpf_map_update_elem(fd, &k, &v, BPF_NOEXIST))
			return -errno;
	}
	return 0;
}

/* The kernel's dev_t: 12 bits major, 20 bits minor */
static __u64 kdev(dev_t d)
{
	return (__u64)major(d) << 20 | minor(d);
}

static __u32 fd_id(int fd)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);

	return bpf_map_get_info_by_fd(fd, &info, &len) ? 0 : info.id;
}

/* ---- "pinned deny": the objects a pattern matches when the policy loads -- */

struct pin_walk {
	struct policy *p;
	int fd;				/* the new policy map */
	__u32 rule;
	const char *pattern;
	unsigned int found;
	int err;
};

static int put_obj_key(int fd, __u32 kind, __u32 rule, const void *obj, size_t size)
{
	struct sv_key k = { .kind = kind, .rule = rule };
	union sv_value v = {};

	memcpy(k.name, obj, size);
	return bpf_map_update_elem(fd, &k, &v, BPF_ANY) ? -errno : 0;
}

/* Object @sb (the target, for a symlink), matched at @path: its rule's
 * loaders may not open it or walk below it, nor open the map it pins
 */
static void pin_add(struct pin_walk *w, const char *path, const struct stat *sb)
{
	LIBBPF_OPTS(bpf_obj_get_opts, opts, .file_flags = BPF_F_RDONLY);
	struct sv_pin pin = { .dev = kdev(sb->st_dev), .ino = sb->st_ino };
	struct pol_pin *pp;
	__u32 id = 0;
	int fd;

	if (S_ISREG(sb->st_mode)) {
		fd = bpf_obj_get_opts(path, &opts);
		if (fd >= 0) {
			id = fd_id(fd);
			close(fd);
		}
	}
	pp = realloc(w->p->pins, (w->p->pin_cnt + 1) * sizeof(*pp));
	if (!pp) {
		w->err = -ENOMEM;
		return;
	}
	w->p->pins = pp;
	pp += w->p->pin_cnt;
	pp->dev = pin.dev;
	pp->ino = pin.ino;
	pp->map_id = id;
	pp->rule = w->rule;
	pp->pattern = w->pattern;
	pp->path = strdup(path);
	if (!pp->path) {
		w->err = -ENOMEM;
		return;
	}
	w->p->pin_cnt++;
	w->found++;
	w->err = put_obj_key(w->fd, SV_K_PIN, w->rule, &pin, sizeof(pin));
	if (!w->err)
		w->err = put_obj_key(w->fd, SV_K_PIN, SV_ANY_RULE, &pin, sizeof(pin));
	if (!w->err && id)
		w->err = put_obj_key(w->fd, SV_K_MAP, w->rule, &id, sizeof(id));
	if (!w->err && id)
		w->err = put_obj_key(w->fd, SV_K_MAP, SV_ANY_RULE, &id, sizeof(id));
}

/* @path (of length @len, in a PATH_MAX buffer) and what is below it; symlinks
 * are not followed down, but one that matches stands for its target
 */
static void pin_walk(struct pin_walk *w, char *path, size_t len, int depth)
{
	struct stat lsb, sb;
	struct dirent *de;
	struct statfs fs;
	DIR *d;

	if (w->err || lstat(path, &lsb))
		return;
	if (!fnmatch(w->pattern, path, 0) && !stat(path, &sb) && !statfs(path, &fs) &&
	    fs.f_type == BPF_FS_MAGIC)
		pin_add(w, path, &sb);
	if (!S_ISDIR(lsb.st_mode) || depth >= SV_WALK_DEPTH)
		return;
	d = opendir(path);
	if (!d)
		return;
	while (!w->err && (de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (len + 2 + strlen(de->d_name) > PATH_MAX)
			continue;
		snprintf(path + len, PATH_MAX - len, "%s%s", len > 1 ? "/" : "", de->d_name);
		pin_walk(w, path, strlen(path), depth + 1);
		path[len] = '\0';
	}
	closedir(d);
}

/* The directory a pattern's walk starts at: up to the component with the
 * first wildcard, or the whole path when it has none
 */
static size_t pattern_prefix(const char *pat)
{
	const char *g = strpbrk(pat, "*?[\\");

	if (!g)
		return strlen(pat);
	while (g > pat && *g != '/')
		g--;
	return g == pat ? 1 : (size_t)(g - pat);
}

/* Resolves rule @idx's patterns into @fd: keys SV_K_PATTERN, _PIN, _MAP */
static int put_pinned(struct policy *p, int fd, __u32 idx)
{
	const struct pol_rule *r = &p->rules[idx];
	struct pin_walk w = { .p = p, .fd = fd, .rule = idx };
	struct sv_key k = { .kind = SV_K_PATTERN, .rule = idx };
	char path[PATH_MAX];
	union sv_value v;
	unsigned int i;
	size_t n;

	for (i = 0; i < r->pinned_cnt && !w.err; i++) {
		memset(&v, 0, sizeof(v));
		snprintf(v.pattern, sizeof(v.pattern), "%s", r->pinned[i]);
		memcpy(k.name, &i, sizeof(i));
		if (bpf_map_update_elem(fd, &k, &v, BPF_NOEXIST))
			return -errno;
		w.pattern = r->pinned[i];
		w.found = 0;
		n = pattern_prefix(w.pattern);
		snprintf(path, sizeof(path), "%.*s", (int)n, w.pattern);
		pin_walk(&w, path, strlen(path), 0);
		if (!w.err && !w.found)
			p_note("%s:%u: %s%s: pinned deny %s matches nothing on a bpffs now",
			       p->path, r->line, idx == p->rule_cnt ? "" : "rule ",
			       r->name, w.pattern);
	}
	return w.err;
}

/* A new policy map holding @p as generation @gen; its fd or -errno */
static int policy_map(const struct sv_state *st, struct policy *p, __u32 gen)
{
	LIBBPF_OPTS(bpf_map_create_opts, opts, .map_flags = BPF_F_NO_PREALLOC);
	struct sv_key k = {};
	union sv_value v;
	__u32 i, flags = 0;
	int fd, err = 0;

	fd = bpf_map_create(BPF_MAP_TYPE_HASH, "sv_policy", sizeof(k), sizeof(v),
			    SV_MAX_ENTRIES, &opts);
	if (fd < 0)
		return -errno;
	for (i = 0; i <= p->rule_cnt && !err; i++) {
		const struct bpf_prog_attrs *a = policy_ceiling(p, &p->rules[i]);

		k.kind = SV_K_RULE;
		k.rule = i;
		rule_of(st, p, &p->rules[i], &v.rule);
		if (bpf_map_update_elem(fd, &k, &v, BPF_NOEXIST))
			err = -errno;
		else if (a)
			err = put_kfuncs(fd, i, a);
		if (!err && p->rules[i].pinned_cnt) {
			flags |= SV_HF_PINNED;
			err = put_pinned(p, fd, i);
		}
		if (p->rules[i].flags & SV_F_OWN_MAPS)
			flags |= SV_HF_OWN_MAPS;
		memset(&k, 0, sizeof(k));
	}
	memset(&k, 0, sizeof(k));
	memset(&v, 0, sizeof(v));
	v.head.generation = gen;
	v.head.rule_cnt = p->rule_cnt;
	v.head.self_tgid = getpid();
	v.head.flags = flags;
	if (!err && bpf_map_update_elem(fd, &k, &v, BPF_NOEXIST))
		err = -errno;
	if (err) {
		close(fd);
		return err;
	}
	return fd;
}

/* ---- output ------------------------------------------------------------ */

static void out_line(struct sv_state *st, const char *text, const char *json, int prio)
{
	printf("%s\n", json_output ? json : text);
	fflush(stdout);
	if (st->log) {
		fprintf(st->log, "%s\n", json);
		fflush(st->log);
	}
	if (st->use_syslog)
		syslog(prio, "%s", text);
}

/* Appends " key=value" to @b, quoting values that need it */
static void kv(FILE *b, const char *key, const char *val)
{
	const char *s;

	if (!*val) {
		fprintf(b, " %s=-", key);
		return;
	}
	for (s = val; *s; s++)
		if (*s <= ' ' || *s == '"' || *s == '\\' || *s >= 0x7f)
			break;
	if (!*s) {
		fprintf(b, " %s=%s", key, val);
		return;
	}
	fprintf(b, " %s=\"", key);
	for (s = val; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(b, "\\%c", *s);
		else if ((unsigned char)*s < ' ' || (unsigned char)*s >= 0x7f)
			fprintf(b, "\\x%02x", (unsigned char)*s);
		else
			fputc(*s, b);
	}
	fputc('"', b);
}

/* The policy that decided @ev, if it is one of the last SV_HIST */
static const struct policy *ev_policy(const struct sv_state *st, const struct sv_event *ev)
{
	const struct policy *p = NULL;
	unsigned int i;

	for (i = 0; i < SV_HIST; i++)
		if (st->hist[i].p && st->hist[i].gen == ev->generation)
			p = st->hist[i].p;
	return p;
}

static const struct pol_rule *ev_rule(const struct sv_state *st, const struct sv_event *ev)
{
	const struct policy *p = ev_policy(st, ev);

	if (!p || ev->rule < 0 || (__u32)ev->rule > p->rule_cnt)
		return NULL;
	return &p->rules[ev->rule];
}

static const char *reason_kind(__u32 r)
{
	static const char *const k[] = {
		[SV_R_NONE] = "none", [SV_R_HELPER] = "helper", [SV_R_KFUNC] = "kfunc",
		[SV_R_MAP_TYPES] = "map_types", [SV_R_MAP_TYPES_WRITE] = "map_types_write",
		[SV_R_ACCESS] = "access", [SV_R_MAX_INSN_CNT] = "max_insn_cnt",
		[SV_R_MAX_INSN_PROCESSED] = "max_insn_processed",
		[SV_R_UNBOUNDED] = "unbounded", [SV_R_RULE_DENY] = "deny",
		[SV_R_NO_POLICY] = "no_policy", [SV_R_EXTENSION] = "extension",
		[SV_R_MAP_OWNER] = "map_owner",
	};

	return r < ARRAY_SIZE(k) && k[r] ? k[r] : "unknown";
}

/* The attribute named by a denial: helper, kfunc, map type, class */
static const char *reason_name(const struct sv_event *ev)
{
	const char *s;

	switch (ev->reason) {
	case SV_R_HELPER:
		s = prog_attrs_helper_str(ev->reason_value);
		return s ? s : "unknown helper";
	case SV_R_KFUNC:
		return ev->kfunc;
	case SV_R_MAP_TYPES:
	case SV_R_MAP_TYPES_WRITE:
		if (ev->reason_value == (__u64)-1)
			return NULL;
		s = libbpf_bpf_map_type_str(ev->reason_value);
		return s ? s : "unknown map type";
	case SV_R_ACCESS:
		s = prog_attrs_access_str(ev->reason_value);
		return s ? s : "unknown class";
	default:
		return NULL;
	}
}

static void unbounded_str(__u32 flags, char *buf, size_t sz)
{
	size_t n = 0;
	const char *s;
	int i;

	buf[0] = '\0';
	for (i = 0; i < 32; i++) {
		if (!(flags & (1U << i)))
			continue;
		s = prog_attrs_obs_str(1U << i);
		n += snprintf(buf + n, n < sz ? sz - n : 0, "%s%s", n ? "," : "", s ? s : "?");
	}
}

static void reason_text(const struct sv_event *ev, const struct pol_rule *r, char *buf, size_t sz)
{
	const char *ceil = r && r->action == SV_A_CEILING ? r->ceiling : "?";
	const char *name = reason_name(ev);
	char fl[128];

	switch (ev->reason) {
	case SV_R_NONE:
		if (r && r->action == SV_A_UNRESTRICTED)
			snprintf(buf, sz, "rule %s is unrestricted", r->name);
		else
			snprintf(buf, sz, "fits ceiling %s", ceil);
		break;
	case SV_R_HELPER:
	case SV_R_KFUNC:
	case SV_R_ACCESS:
		snprintf(buf, sz, "%s %s is not in ceiling %s",
			 ev->reason == SV_R_ACCESS ? "access" : reason_kind(ev->reason),
			 name, ceil);
		break;
	case SV_R_MAP_TYPES:
	case SV_R_MAP_TYPES_WRITE:
		if (name)
			snprintf(buf, sz, "%s %s is not in ceiling %s", reason_kind(ev->reason),
				 name, ceil);
		else
			snprintf(buf, sz, "%s not restricted, ceiling %s restricts it",
				 reason_kind(ev->reason), ceil);
		break;
	case SV_R_MAX_INSN_CNT:
	case SV_R_MAX_INSN_PROCESSED:
		if (ev->reason_value == (__u64)-1)
			snprintf(buf, sz, "%s not restricted, ceiling %s has %u",
				 reason_kind(ev->reason), ceil, ev->reason_limit);
		else
			snprintf(buf, sz, "%s %llu is above ceiling %s's %u",
				 reason_kind(ev->reason),
				 (unsigned long long)ev->reason_value, ceil, ev->reason_limit);
		break;
	case SV_R_UNBOUNDED:
		unbounded_str(ev->reason_value, fl, sizeof(fl));
		snprintf(buf, sz, "observed set is not an upper bound (%s), ceiling %s is",
			 fl, ceil);
		break;
	case SV_R_RULE_DENY:
		snprintf(buf, sz, "rule %s denies every load", r ? r->name : "?");
		break;
	case SV_R_EXTENSION:
		snprintf(buf, sz, "an extension (freplace) loads only under an unrestricted rule");
		break;
	case SV_R_MAP_OWNER:
		if (ev->reason_value)
			snprintf(buf, sz, "map %llu it may write is not its own (map_updates own)",
				 (unsigned long long)ev->reason_value);
		else
			snprintf(buf, sz, "%s",
				 "it may write maps bound at attach time (map_updates own)");
		break;
	default:
		snprintf(buf, sz, "no policy in force");
	}
}

/* A load bpftrace or libbpf makes to probe the kernel: at most 4
 * instructions, or at most 8 without a name (libbpf's name probe aside)
 */
static bool is_probe(const struct sv_event *ev)
{
	if (ev->insn_cnt <= 4)
		return true;
	return ev->insn_cnt <= 8 &&
	       (!ev->prog_name[0] || !strcmp(ev->prog_name, "libbpf_nametest"));
}

static const char *decision_str(const struct sv_event *ev)
{
	if (ev->verdict == SV_V_ALLOW)
		return "allow";
	return ev->mode == SV_AUDIT ? "audit-deny" : "deny";
}

struct ev_view {
	const struct sv_event *ev;
	const struct pol_rule *r;
	char reason[256];
	char cgroup[PATH_MAX];
	char digest[8 + 2 * SV_DIGEST_MAX];
	const char *type;
	char rule_name[SV_NAME_LEN + 16];
};

/* Who: uid=... gid=... pid=... comm=... exe=... digest=... cgroup=... */
static void text_loader(const struct ev_view *e, FILE *b)
{
	const struct sv_event *ev = e->ev;
	char num[32];

	snprintf(num, sizeof(num), "%u", ev->uid);
	kv(b, "uid", num);
	snprintf(num, sizeof(num), "%u", ev->gid);
	kv(b, "gid", num);
	snprintf(num, sizeof(num), "%u", ev->tgid);
	kv(b, "pid", num);
	kv(b, "comm", ev->comm);
	kv(b, "exe", ev->exe_ok ? ev->exe : "");
	kv(b, "digest", e->digest);
	kv(b, "cgroup", e->cgroup);
}

static void text_event(const struct ev_view *e, FILE *b)
{
	const struct sv_event *ev = e->ev;
	char num[32];

	fputs(decision_str(ev), b);
	kv(b, "type", e->type);
	kv(b, "name", ev->prog_name);
	snprintf(num, sizeof(num), "%u", ev->insn_cnt);
	kv(b, "insns", num);
	kv(b, "set", ev->declared ? "declared" : "observed");
	kv(b, "probe", is_probe(ev) ? "yes" : "no");
	text_loader(e, b);
	kv(b, "rule", e->rule_name);
	kv(b, "mode", ev->mode == SV_AUDIT ? "audit" : "enforce");
	snprintf(num, sizeof(num), "%u", ev->generation);
	kv(b, "policy", num);
	kv(b, "reason", e->reason);
}

static void json_reason(json_writer_t *w, const struct ev_view *e)
{
	const struct sv_event *ev = e->ev;
	const char *name = reason_name(ev);

	jsonw_name(w, "reason");
	jsonw_start_object(w);
	jsonw_string_field(w, "kind", reason_kind(ev->reason));
	switch (ev->reason) {
	case SV_R_HELPER:
	case SV_R_KFUNC:
	case SV_R_ACCESS:
	case SV_R_MAP_TYPES:
	case SV_R_MAP_TYPES_WRITE:
		if (ev->reason == SV_R_HELPER)
			jsonw_uint_field(w, "id", ev->reason_value);
		if (name)
			jsonw_string_field(w, "name", name);
		else
			jsonw_null_field(w, "name");
		break;
	case SV_R_MAX_INSN_CNT:
	case SV_R_MAX_INSN_PROCESSED:
		if (ev->reason_value == (__u64)-1)
			jsonw_null_field(w, "value");
		else
			jsonw_uint_field(w, "value", ev->reason_value);
		jsonw_uint_field(w, "limit", ev->reason_limit);
		break;
	case SV_R_UNBOUNDED:
		json_obs_flags(w, "flags", ev->reason_value);
		break;
	case SV_R_MAP_OWNER:
		if (ev->reason_value)
			jsonw_uint_field(w, "map_id", ev->reason_value);
		else
			jsonw_null_field(w, "map_id");
		break;
	default:
		break;
	}
	jsonw_string_field(w, "text", e->reason);
	jsonw_end_object(w);
}

static void json_map_types(json_writer_t *w, const char *key, __u64 mask)
{
	const char *s;
	int i;

	jsonw_name(w, key);
	jsonw_start_array(w);
	for (i = 0; i < 64; i++)
		if (mask & (1ULL << i)) {
			s = libbpf_bpf_map_type_str(i);
			jsonw_string(w, s ? s : "unknown");
		}
	jsonw_end_array(w);
}

/* The set judged ("attrs"), in the field names of "attrcheck -j show" */
static void json_set(json_writer_t *w, const struct sv_event *ev)
{
	const struct sv_ceiling *c = &ev->set;
	const char *s;
	__u32 i;

	jsonw_name(w, "attrs");
	jsonw_start_object(w);
	jsonw_name(w, "helpers");
	jsonw_start_array(w);
	for (i = 0; i < SV_HELPER_WORDS * 64; i++)
		if (c->helpers[i / 64] & (1ULL << (i % 64))) {
			s = prog_attrs_helper_str(i);
			if (s)
				jsonw_string(w, s);
			else
				jsonw_uint(w, i);
		}
	jsonw_end_array(w);
	jsonw_name(w, "kfuncs");
	jsonw_start_array(w);
	for (i = 0; i < c->kfunc_cnt && i < SV_EV_KFUNCS; i++)
		jsonw_string(w, ev->kfuncs[i]);
	jsonw_end_array(w);
	jsonw_uint_field(w, "kfunc_cnt", c->kfunc_cnt);
	if (c->handled & BPF_PROG_ATTRS_H_MAP_TYPES)
		json_map_types(w, "map_types", c->map_types);
	if (c->handled & BPF_PROG_ATTRS_H_MAP_TYPES_WRITE)
		json_map_types(w, "map_types_write", c->map_types_write);
	jsonw_name(w, "access_handled");
	jsonw_start_array(w);
	for (i = 0; i < 64; i++)
		if ((c->access_handled & (1ULL << i)) && prog_attrs_access_str(1ULL << i))
			jsonw_string(w, prog_attrs_access_str(1ULL << i));
	jsonw_end_array(w);
	jsonw_name(w, "access");
	jsonw_start_array(w);
	for (i = 0; i < 64; i++)
		if ((c->access & (1ULL << i)) && prog_attrs_access_str(1ULL << i))
			jsonw_string(w, prog_attrs_access_str(1ULL << i));
	jsonw_end_array(w);
	if (c->handled & BPF_PROG_ATTRS_H_INSN_CNT)
		jsonw_uint_field(w, "max_insn_cnt", c->max_insn_cnt);
	if (c->handled & BPF_PROG_ATTRS_H_INSN_PROCESSED)
		jsonw_uint_field(w, "max_insn_processed", c->max_insn_processed);
	jsonw_end_object(w);
}

/* Who: the process, as "loader" (for a load, or a refused operation) */
static void json_loader(json_writer_t *w, const struct ev_view *e)
{
	const struct sv_event *ev = e->ev;

	jsonw_name(w, "loader");
	jsonw_start_object(w);
	jsonw_uint_field(w, "uid", ev->uid);
	jsonw_uint_field(w, "gid", ev->gid);
	jsonw_uint_field(w, "pid", ev->tgid);
	jsonw_uint_field(w, "tid", ev->pid);
	jsonw_string_field(w, "comm", ev->comm);
	if (ev->exe_ok)
		jsonw_string_field(w, "exe", ev->exe);
	else
		jsonw_null_field(w, "exe");
	if (ev->digest_alg)
		jsonw_string_field(w, "digest", e->digest);
	else
		jsonw_null_field(w, "digest");
	jsonw_string_field(w, "cgroup", e->cgroup);
	jsonw_uint_field(w, "cgroup_id", ev->cgroup_id);
	jsonw_end_object(w);
}

static void json_event(const struct ev_view *e, json_writer_t *w)
{
	const struct sv_event *ev = e->ev;

	jsonw_start_object(w);
	jsonw_string_field(w, "event", "load");
	jsonw_string_field(w, "decision", decision_str(ev));
	jsonw_string_field(w, "mode", ev->mode == SV_AUDIT ? "audit" : "enforce");
	jsonw_uint_field(w, "policy", ev->generation);
	if (e->r)
		jsonw_string_field(w, "rule", e->r->name);
	else
		jsonw_null_field(w, "rule");
	if (e->r && e->r->action == SV_A_CEILING)
		jsonw_string_field(w, "ceiling", e->r->ceiling);
	else
		jsonw_null_field(w, "ceiling");
	json_reason(w, e);
	jsonw_name(w, "prog");
	jsonw_start_object(w);
	jsonw_string_field(w, "type", e->type);
	jsonw_string_field(w, "name", ev->prog_name);
	jsonw_uint_field(w, "insns", ev->insn_cnt);
	jsonw_string_field(w, "set", ev->declared ? "declared" : "observed");
	json_obs_flags(w, "unbounded", ev->unbounded);
	jsonw_bool_field(w, "probe", is_probe(ev));
	json_set(w, ev);
	jsonw_end_object(w);
	json_loader(w, e);
	jsonw_uint_field(w, "time_ns", ev->ts_ns);
	jsonw_end_object(w);
}

/* One JSON object, on one line, into a string the caller frees */
static char *json_line(void (*fn)(const void *, json_writer_t *), const void *arg)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	json_writer_t *w;

	if (!m)
		return NULL;
	w = jsonw_new(m);
	if (w) {
		fn(arg, w);
		jsonw_destroy(&w);
	}
	fclose(m);
	if (buf && len && buf[len - 1] == '\n')
		buf[len - 1] = '\0';
	return buf;
}

static void json_event_cb(const void *e, json_writer_t *w)
{
	json_event(e, w);
}

static const char *op_str(__u32 op)
{
	static const char *const s[] = {
		[SV_OP_MAP_WRITE] = "map_write", [SV_OP_LINK_FD] = "link_fd",
		[SV_OP_PIN_OPEN] = "pin_open", [SV_OP_UNLINK] = "unlink",
		[SV_OP_RENAME] = "rename", [SV_OP_HARDLINK] = "hardlink",
		[SV_OP_UMOUNT] = "umount", [SV_OP_PTRACE] = "ptrace",
		[SV_OP_PINNED] = "pinned", [SV_OP_MAP_FD] = "map_fd",
		[SV_OP_MAP_UPDATE] = "map_update",
	};

	return op < ARRAY_SIZE(s) && s[op] ? s[op] : "unknown";
}

/* A refused operation on the supervisor's own objects */
static void text_protect(const struct ev_view *e, FILE *b)
{
	const struct sv_event *ev = e->ev;
	char num[32];

	fputs("protect", b);
	kv(b, "op", op_str(ev->op));
	snprintf(num, sizeof(num), "%llu", (unsigned long long)ev->reason_value);
	kv(b, "object", num);
	text_loader(e, b);
	kv(b, "reason", "the supervisor's own object");
}

static void json_protect_cb(const void *arg, json_writer_t *w)
{
	const struct ev_view *e = arg;
	const struct sv_event *ev = e->ev;

	jsonw_start_object(w);
	jsonw_string_field(w, "event", "protect");
	jsonw_string_field(w, "decision", "deny");
	jsonw_string_field(w, "op", op_str(ev->op));
	jsonw_uint_field(w, "object", ev->reason_value);
	json_loader(w, e);
	jsonw_uint_field(w, "time_ns", ev->ts_ns);
	jsonw_end_object(w);
}

static void on_protect(struct sv_state *st, struct ev_view *e)
{
	char *text = NULL, *json;
	size_t len = 0;
	FILE *b = open_memstream(&text, &len);

	if (!b)
		return;
	cgroup_path(st, e->ev->cgroup_id, e->cgroup, sizeof(e->cgroup));
	if (e->ev->digest_alg)
		policy_digest_str(e->ev->digest_alg, e->ev->digest_size, e->ev->digest,
				  e->digest, sizeof(e->digest));
	text_protect(e, b);
	fclose(b);
	json = json_line(json_protect_cb, e);
	out_line(st, text, json ? json : "{}", LOG_WARNING);
	free(json);
	free(text);
}

/* The object a "pinned deny" refusal names, from the policy that decided */
static const struct pol_pin *ev_pin(const struct sv_state *st, const struct sv_event *ev)
{
	const struct policy *p = ev_policy(st, ev);
	unsigned int i;

	for (i = 0; p && i < p->pin_cnt; i++) {
		const struct pol_pin *pp = &p->pins[i];

		if ((__s32)pp->rule != ev->rule)
			continue;
		if (ev->op == SV_OP_PINNED && pp->ino == ev->reason_value &&
		    pp->dev == ev->reason_limit)
			return pp;
		if (ev->op == SV_OP_MAP_FD && pp->map_id && pp->map_id == ev->reason_value)
			return pp;
	}
	return NULL;
}

static void access_reason(const struct ev_view *e, const struct pol_pin *pp, char *buf,
			  size_t sz)
{
	const char *rule = e->rule_name;

	if (e->ev->op == SV_OP_MAP_UPDATE)
		snprintf(buf, sz, "rule %s: map_updates own, and another loader created the map",
			 rule);
	else if (pp && e->ev->op == SV_OP_MAP_FD)
		snprintf(buf, sz, "rule %s: pinned deny %s (the map pinned at %s)", rule,
			 pp->pattern, pp->path);
	else if (pp)
		snprintf(buf, sz, "rule %s: pinned deny %s", rule, pp->pattern);
	else
		snprintf(buf, sz, "rule %s: pinned deny", rule);
}

/* A map or pin access the loader's rule refuses (or audits) */
static void text_access(const struct ev_view *e, const struct pol_pin *pp, FILE *b)
{
	const struct sv_event *ev = e->ev;
	char num[32];

	fputs(decision_str(ev), b);
	kv(b, "op", op_str(ev->op));
	if (ev->op == SV_OP_PINNED)
		snprintf(num, sizeof(num), "inode:%llu", (unsigned long long)ev->reason_value);
	else
		snprintf(num, sizeof(num), "map:%llu", (unsigned long long)ev->reason_value);
	kv(b, "object", num);
	kv(b, "path", pp && ev->op == SV_OP_PINNED ? pp->path : "");
	text_loader(e, b);
	kv(b, "rule", e->rule_name);
	kv(b, "mode", ev->mode == SV_AUDIT ? "audit" : "enforce");
	snprintf(num, sizeof(num), "%u", ev->generation);
	kv(b, "policy", num);
	kv(b, "reason", e->reason);
}

struct access_view {
	const struct ev_view *e;
	const struct pol_pin *pp;
};

static void json_access_cb(const void *arg, json_writer_t *w)
{
	const struct access_view *a = arg;
	const struct sv_event *ev = a->e->ev;

	jsonw_start_object(w);
	jsonw_string_field(w, "event", "access");
	jsonw_string_field(w, "decision", decision_str(ev));
	jsonw_string_field(w, "mode", ev->mode == SV_AUDIT ? "audit" : "enforce");
	jsonw_uint_field(w, "policy", ev->generation);
	if (a->e->r)
		jsonw_string_field(w, "rule", a->e->r->name);
	else
		jsonw_null_field(w, "rule");
	jsonw_string_field(w, "op", op_str(ev->op));
	jsonw_name(w, "object");
	jsonw_start_object(w);
	if (ev->op == SV_OP_PINNED) {
		jsonw_uint_field(w, "inode", ev->reason_value);
		jsonw_uint_field(w, "dev", ev->reason_limit);
	} else {
		jsonw_uint_field(w, "map_id", ev->reason_value);
	}
	if (a->pp)
		jsonw_string_field(w, "path", a->pp->path);
	else
		jsonw_null_field(w, "path");
	if (a->pp)
		jsonw_string_field(w, "pattern", a->pp->pattern);
	else
		jsonw_null_field(w, "pattern");
	jsonw_end_object(w);
	jsonw_string_field(w, "reason", a->e->reason);
	json_loader(w, a->e);
	jsonw_uint_field(w, "time_ns", ev->ts_ns);
	jsonw_end_object(w);
}

static void on_access(struct sv_state *st, struct ev_view *e)
{
	struct access_view a = { .e = e };
	char *text = NULL, *json;
	size_t len = 0;
	FILE *b;

	e->r = ev_rule(st, e->ev);
	if (e->r)
		snprintf(e->rule_name, sizeof(e->rule_name), "%s", e->r->name);
	else
		snprintf(e->rule_name, sizeof(e->rule_name), "#%d", e->ev->rule);
	a.pp = ev_pin(st, e->ev);
	access_reason(e, a.pp, e->reason, sizeof(e->reason));
	cgroup_path(st, e->ev->cgroup_id, e->cgroup, sizeof(e->cgroup));
	if (e->ev->digest_alg)
		policy_digest_str(e->ev->digest_alg, e->ev->digest_size, e->ev->digest,
				  e->digest, sizeof(e->digest));
	b = open_memstream(&text, &len);
	if (!b)
		return;
	text_access(e, a.pp, b);
	fclose(b);
	json = json_line(json_access_cb, &a);
	out_line(st, text, json ? json : "{}", LOG_WARNING);
	free(json);
	free(text);
}

static int on_event(void *ctx, void *data, size_t sz)
{
	struct sv_state *st = ctx;
	struct ev_view e = { .ev = data };
	const struct sv_event *ev = data;
	char *text = NULL, *json;
	size_t tlen = 0;
	FILE *b;

	if (sz < sizeof(*ev))
		return 0;
	if (ev->event == SV_EV_PROTECT) {
		on_protect(st, &e);
		return 0;
	}
	if (ev->event == SV_EV_ACCESS) {
		on_access(st, &e);
		return 0;
	}
	e.r = ev_rule(st, ev);
	reason_text(ev, e.r, e.reason, sizeof(e.reason));
	cgroup_path(st, ev->cgroup_id, e.cgroup, sizeof(e.cgroup));
	if (ev->digest_alg)
		policy_digest_str(ev->digest_alg, ev->digest_size, ev->digest, e.digest,
				  sizeof(e.digest));
	e.type = libbpf_bpf_prog_type_str(ev->prog_type);
	if (!e.type)
		e.type = "unknown";
	if (e.r)
		snprintf(e.rule_name, sizeof(e.rule_name), "%s", e.r->name);
	else
		snprintf(e.rule_name, sizeof(e.rule_name), "#%d", ev->rule);
	b = open_memstream(&text, &tlen);
	if (!b)
		return 0;
	text_event(&e, b);
	fclose(b);
	json = json_line(json_event_cb, &e);
	out_line(st, text, json ? json : "{}", ev->verdict == SV_V_ALLOW ? LOG_INFO : LOG_WARNING);
	free(json);
	free(text);
	return 0;
}

struct pol_msg {
	const char *what;		/* "policy", "policy-refused" */
	const char *path;
	__u32 gen, rules;
	unsigned int pins;		/* objects "pinned deny" matched */
	bool has_pinned;
	const char *error;
};

static void json_policy_cb(const void *arg, json_writer_t *w)
{
	const struct pol_msg *m = arg;

	jsonw_start_object(w);
	jsonw_string_field(w, "event", m->what);
	jsonw_string_field(w, "file", m->path);
	jsonw_uint_field(w, "policy", m->gen);
	if (m->error)
		jsonw_string_field(w, "error", m->error);
	else
		jsonw_uint_field(w, "rules", m->rules);
	if (!m->error && m->has_pinned)
		jsonw_uint_field(w, "pinned", m->pins);
	jsonw_end_object(w);
}

static void policy_event(struct sv_state *st, const struct pol_msg *m)
{
	char *text = NULL, *json, num[16];
	size_t len = 0;
	FILE *b = open_memstream(&text, &len);

	if (!b)
		return;
	fputs(m->what, b);
	kv(b, "file", m->path);
	snprintf(num, sizeof(num), "%u", m->gen);
	kv(b, "policy", num);
	if (m->error) {
		kv(b, "error", m->error);
	} else {
		snprintf(num, sizeof(num), "%u", m->rules);
		kv(b, "rules", num);
	}
	if (!m->error && m->has_pinned) {
		snprintf(num, sizeof(num), "%u", m->pins);
		kv(b, "pinned", num);
	}
	fclose(b);
	json = json_line(json_policy_cb, m);
	out_line(st, text, json ? json : "{}", m->error ? LOG_ERR : LOG_NOTICE);
	free(json);
	free(text);
}

/* ---- run --------------------------------------------------------------- */

/* Adds (or, with @del, removes) one of the supervisor's objects */
static int self_obj(struct sv_state *st, __u32 kind, __u64 id, __u64 dev, bool del)
{
	struct sv_obj k = { .kind = kind, .id = id, .dev = dev };
	int fd = bpf_map__fd(st->skel->maps.self_objs);
	__u8 one = 1;

	if (del)
		return bpf_map_delete_elem(fd, &k) ? -errno : 0;
	return bpf_map_update_elem(fd, &k, &one, BPF_ANY) ? -errno : 0;
}

static int self_pin(struct sv_state *st, const char *path, __u32 kind)
{
	struct stat sb;

	if (stat(path, &sb))
		return -errno;
	return self_obj(st, kind, sb.st_ino,
			(__u64)major(sb.st_dev) << 20 | minor(sb.st_dev), false);
}

/* Reads the policy file and puts it in force as a whole; the policy in
 * force stays on any error.
 */
static int reload(struct sv_state *st)
{
	struct pol_msg m = { .path = st->policy_path };
	char err[512] = "";
	__u32 zero = 0, i;
	struct policy *p;
	int fd;

	p = policy_read(st->policy_path, err, sizeof(err));
	if (!p) {
		m.what = "policy-refused";
		m.gen = st->gen;
		m.error = err;
		policy_event(st, &m);
		return -EINVAL;
	}
	fd = policy_map(st, p, st->gen + 1);
	if (fd >= 0 &&
	    bpf_map_update_elem(bpf_map__fd(st->skel->maps.policy), &zero, &fd, BPF_ANY)) {
		close(fd);
		fd = -errno;
	}
	if (fd < 0) {
		snprintf(err, sizeof(err), "policy maps: %s", strerror(-fd));
		m.what = "policy-refused";
		m.gen = st->gen;
		m.error = err;
		policy_event(st, &m);
		policy_free(p);
		return fd;
	}
	if (st->inner_fd >= 0) {
		self_obj(st, SV_O_MAP, st->inner_id, 0, true);
		close(st->inner_fd);
	}
	st->inner_fd = fd;
	st->inner_id = fd_id(fd);
	self_obj(st, SV_O_MAP, st->inner_id, 0, false);
	st->gen++;
	st->pol = p;
	policy_free(st->hist[st->hist_next].p);
	st->hist[st->hist_next].p = p;
	st->hist[st->hist_next].gen = st->gen;
	st->hist_next = (st->hist_next + 1) % SV_HIST;
	m.what = "policy";
	m.gen = st->gen;
	m.rules = p->rule_cnt;
	m.pins = p->pin_cnt;
	for (i = 0; i <= p->rule_cnt; i++)
		m.has_pinned |= p->rules[i].pinned_cnt > 0;
	policy_event(st, &m);
	return 0;
}

static int pin_policy(struct sv_state *st)
{
	int err;

	if (mkdir(st->pin_dir, 0700) && errno != EEXIST) {
		p_err("%s: %s", st->pin_dir, strerror(errno));
		return -errno;
	}
	snprintf(st->pin_path, sizeof(st->pin_path), "%s/policy", st->pin_dir);
	err = bpf_map__pin(st->skel->maps.policy, st->pin_path);
	if (err) {
		p_err("pinning %s: %s%s", st->pin_path, strerror(-err),
		      err == -EEXIST ? " (is a supervisor running?)" : "");
		st->pin_path[0] = '\0';
	}
	return err;
}

static void run_cleanup(struct sv_state *st)
{
	unsigned int i;

	if (st->skel)
		st->skel->bss->have_pins = 0;
	for (i = 0; i < st->link_cnt; i++) {
		unlink(st->link_pins[i]);
		bpf_link__destroy(st->links[i]);
	}
	if (st->pin_path[0]) {
		unlink(st->pin_path);
		rmdir(st->pin_dir);
	}
	ring_buffer__free(st->rb);
	supervisor_bpf__destroy(st->skel);
	if (st->inner_fd >= 0)
		close(st->inner_fd);
	for (i = 0; i < SV_HIST; i++)
		policy_free(st->hist[i].p);
	if (st->log)
		fclose(st->log);
	if (st->use_syslog)
		closelog();
}

static int run_args(struct sv_state *st, int argc, char **argv)
{
	int i;

	if (argc < 1) {
		p_err("supervise run: no policy file");
		return AC_EXIT_USAGE;
	}
	st->policy_path = argv[0];
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "audit")) {
			st->audit_all = true;
		} else if (!strcmp(argv[i], "syslog")) {
			st->use_syslog = true;
		} else if (!strcmp(argv[i], "log") && i + 1 < argc) {
			st->log = fopen(argv[++i], "a");
			if (!st->log) {
				p_err("%s: %s", argv[i], strerror(errno));
				return AC_EXIT_INPUT;
			}
		} else if (!strcmp(argv[i], "pin") && i + 1 < argc) {
			st->pin_dir = argv[++i];
		} else {
			p_err("supervise run: unexpected '%s' (audit, syslog, log FILE, pin DIR)",
			      argv[i]);
			return AC_EXIT_USAGE;
		}
	}
	return 0;
}

/* The head of the policy pinned at @path (read-only), or -errno */
static int pinned_head(const char *path, struct sv_head *head)
{
	LIBBPF_OPTS(bpf_obj_get_opts, gopts, .file_flags = BPF_F_RDONLY);
	LIBBPF_OPTS(bpf_get_fd_by_id_opts, iopts, .open_flags = BPF_F_RDONLY);
	struct sv_key k = {};
	union sv_value v;
	__u32 zero = 0, id;
	int outer, fd, err = 0;

	outer = bpf_obj_get_opts(path, &gopts);
	if (outer < 0)
		return -errno;
	if (bpf_map_lookup_elem(outer, &zero, &id))
		err = -errno;
	close(outer);
	if (err)
		return err;
	fd = bpf_map_get_fd_by_id_opts(id, &iopts);
	if (fd < 0)
		return -errno;
	if (bpf_map_lookup_elem(fd, &k, &v))
		err = -errno;
	else
		*head = v.head;
	close(fd);
	return err;
}

/* Another supervisor's pins: one running, or one gone whose policy stays */
static int check_pins(const struct sv_state *st)
{
	struct sv_head head = {};
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/policy", st->pin_dir);
	if (access(path, F_OK))
		return 0;
	pinned_head(path, &head);
	if (head.self_tgid && !kill(head.self_tgid, 0))
		p_err("%s: a supervisor is running (pid %u)", st->pin_dir, head.self_tgid);
	else
		p_err("%s: the pins of a supervisor that is gone (pid %u): %s",
		      st->pin_dir, head.self_tgid,
		      "its policy stays in force, locked, until reboot");
	return AC_EXIT_LOAD;
}

/* Attaches every program and pins its link at pin_dir/NAME, so that
 * enforcement outlives the daemon
 */
static int attach_all(struct sv_state *st)
{
	struct bpf_program *prog;
	struct bpf_link *link;
	char *path;
	int err;

	bpf_object__for_each_program(prog, st->skel->obj) {
		if (st->link_cnt == ARRAY_SIZE(st->links))
			return -E2BIG;
		link = bpf_program__attach(prog);
		if (!link)
			return -errno;
		st->links[st->link_cnt] = link;
		path = st->link_pins[st->link_cnt++];
		snprintf(path, PATH_MAX, "%s/%s", st->pin_dir, bpf_program__name(prog));
		err = bpf_link__pin(link, path);
		if (err) {
			path[0] = '\0';
			return err;
		}
	}
	return 0;
}

/* Registers the supervisor's maps, links and pins for self-protection */
static int protect(struct sv_state *st)
{
	struct bpf_link_info li;
	struct bpf_map *map;
	struct stat sb;
	__u32 i, len;
	int err = 0;

	bpf_object__for_each_map(map, st->skel->obj)
		if (!err && bpf_map__fd(map) >= 0)
			err = self_obj(st, SV_O_MAP, fd_id(bpf_map__fd(map)), 0, false);
	for (i = 0; !err && i < st->link_cnt; i++) {
		memset(&li, 0, sizeof(li));
		len = sizeof(li);
		err = bpf_link_get_info_by_fd(bpf_link__fd(st->links[i]), &li, &len);
		if (!err)
			err = self_obj(st, SV_O_LINK, li.id, 0, false);
		if (!err)
			err = self_pin(st, st->link_pins[i], SV_O_PIN_LOCKED);
	}
	if (!err)
		err = self_pin(st, st->pin_path, SV_O_PIN);
	if (!err && stat(st->pin_dir, &sb))
		err = -errno;
	if (!err)
		err = self_obj(st, SV_O_MOUNT, 0,
			       (__u64)major(sb.st_dev) << 20 | minor(sb.st_dev), false);
	if (!err)
		st->skel->bss->have_pins = 1;
	return err;
}

static int run_start(struct sv_state *st)
{
	int err;

	/* before loading: a locked supervisor's policy may refuse the load */
	err = check_pins(st);
	if (err)
		return err;
	st->skel = supervisor_bpf__open_and_load();
	if (!st->skel) {
		p_err("loading the supervisor: %s %s", strerror(errno),
		      "(a kernel with the bpf_prog_attrs hook and BPF LSM on?)");
		return AC_EXIT_LOAD;
	}
	st->skel->bss->self_tgid = getpid();
	if (reload(st))
		return AC_EXIT_INPUT;
	if (pin_policy(st))
		return AC_EXIT_LOAD;
	st->rb = ring_buffer__new(bpf_map__fd(st->skel->maps.events), on_event, st, NULL);
	if (!st->rb) {
		p_err("ring buffer: %s", strerror(errno));
		return AC_EXIT_LOAD;
	}
	err = attach_all(st);
	if (!err)
		err = protect(st);
	if (err) {
		p_err("attaching the supervisor: %s", strerror(-err));
		return AC_EXIT_LOAD;
	}
	fprintf(stderr, "attrcheck supervise: pid %d, policy %s in force (generation %u)\n",
		getpid(), st->policy_path, st->gen);
	return 0;
}

static int sv_run(int argc, char **argv)
{
	struct sv_state st = { .pin_dir = SV_PIN_DIR, .inner_fd = -1 };
	struct sigaction sa = { .sa_handler = on_signal };
	__u64 lost = 0;
	int rc, n;

	rc = run_args(&st, argc, argv);
	if (rc)
		goto out;
	cgroup_root(st.cg_root, sizeof(st.cg_root));
	if (st.use_syslog)
		openlog("attrcheck-supervise", LOG_PID, LOG_AUTHPRIV);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	rc = run_start(&st);
	while (!rc && !READ_ONCE(want_exit)) {
		n = ring_buffer__poll(st.rb, 200);
		/* allowed loads do not wake us: their records, at least every 200 ms */
		if (n == 0)
			n = ring_buffer__consume(st.rb);
		if (n < 0 && n != -EINTR) {
			p_err("ring buffer: %s", strerror(-n));
			rc = AC_EXIT_LOAD;
		}
		if (READ_ONCE(want_reload)) {
			WRITE_ONCE(want_reload, 0);
			reload(&st);
		}
		if (st.skel->bss->lost_events != lost) {
			lost = st.skel->bss->lost_events;
			p_note("%llu decision records lost (ring buffer full)",
			       (unsigned long long)lost);
		}
	}
	if (!rc)
		ring_buffer__consume(st.rb);
out:
	run_cleanup(&st);
	return rc;
}

/* ---- check, show ------------------------------------------------------- */

static int sv_check(int argc, char **argv)
{
	char err[512];
	struct policy *p;
	int rc;

	if (argc != 1) {
		p_err("supervise check: expected one policy file");
		return AC_EXIT_USAGE;
	}
	p = policy_read(argv[0], err, sizeof(err));
	if (!p) {
		p_err("%s", err);
		return AC_EXIT_INPUT;
	}
	if (json_output) {
		jsonw_start_object(json_wtr);
		jsonw_string_field(json_wtr, "file", argv[0]);
		jsonw_uint_field(json_wtr, "rules", p->rule_cnt);
		jsonw_uint_field(json_wtr, "ceilings", prog_attrs_text__cnt(p->ceilings));
		jsonw_end_object(json_wtr);
		rc = 0;
	} else {
		rc = policy_fprint(p, stdout) ? AC_EXIT_INPUT : 0;
	}
	policy_free(p);
	return rc;
}

/* The set of rule @idx of policy map @fd, as a struct bpf_prog_attrs */
static int show_ceiling(int fd, __u32 idx, const struct sv_rule *r, struct prog_attrs_text *cf)
{
	struct bpf_prog_attrs a = {};
	struct sv_key k = {}, next;
	char *names = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&names, &len);
	void *prev = NULL;
	int err;

	if (!m)
		return -ENOMEM;
	while (!bpf_map_get_next_key(fd, prev, &next)) {
		if (next.kind == SV_K_KFUNC && next.rule == idx) {
			fputs(next.name, m);
			fputc('\0', m);
			a.kfunc_cnt++;
		}
		k = next;
		prev = &k;
	}
	fclose(m);
	memcpy(a.helpers, r->ceiling.helpers, sizeof(a.helpers));
	a.map_types = r->ceiling.map_types;
	a.map_types_write = r->ceiling.map_types_write;
	a.handled = r->ceiling.handled;
	a.access_handled = r->ceiling.access_handled;
	a.access = r->ceiling.access;
	a.max_insn_cnt = r->ceiling.max_insn_cnt;
	a.max_insn_processed = r->ceiling.max_insn_processed;
	a.kfuncs = a.kfunc_cnt ? (uintptr_t)names : 0;
	a.kfuncs_len = a.kfunc_cnt ? len : 0;
	err = prog_attrs_text__add(cf, r->ceiling_name, &a, sizeof(a));
	free(names);
	return err == -EEXIST ? 0 : err;
}

static int show_rule(const union sv_value *v, struct pol_rule *pr)
{
	const struct sv_rule *r = &v->rule;

	memset(pr, 0, sizeof(*pr));
	snprintf(pr->name, sizeof(pr->name), "%s", r->name);
	snprintf(pr->ceiling, sizeof(pr->ceiling), "%s", r->ceiling_name);
	pr->line = r->line;
	pr->match = r->match & ~SV_M_NEVER;
	pr->action = r->action;
	pr->mode = r->mode;
	pr->uid = r->uid;
	pr->gid = r->gid;
	pr->digest_alg = r->digest_alg;
	pr->digest_size = r->digest_size;
	memcpy(pr->digest, r->digest, sizeof(pr->digest));
	pr->exe = r->match & SV_M_EXE ? strdup(r->exe) : NULL;
	pr->cgroup = r->match & SV_M_CGROUP ? strdup(r->cgroup) : NULL;
	pr->flags = r->flags;
	return 0;
}

/* Rule @idx's "pinned deny" patterns, as written */
static int show_pinned(int fd, __u32 idx, __u32 cnt, struct pol_rule *pr)
{
	struct sv_key k = { .kind = SV_K_PATTERN, .rule = idx };
	union sv_value v;
	__u32 i;

	for (i = 0; i < cnt && i < SV_MAX_PINNED; i++) {
		memcpy(k.name, &i, sizeof(i));
		if (bpf_map_lookup_elem(fd, &k, &v))
			return -errno;
		v.pattern[sizeof(v.pattern) - 1] = '\0';
		pr->pinned[i] = strdup(v.pattern);
		if (!pr->pinned[i])
			return -ENOMEM;
		pr->pinned_cnt++;
	}
	return 0;
}

static int show_policy(int fd, struct policy *p, struct sv_head *head)
{
	struct sv_key k = {};
	union sv_value v;
	__u32 i;
	int err;

	if (bpf_map_lookup_elem(fd, &k, &v))
		return -errno;
	*head = v.head;
	if (head->rule_cnt > SV_MAX_RULES)
		return -EINVAL;
	p->rule_cnt = head->rule_cnt;
	for (i = 0; i <= head->rule_cnt; i++) {
		k.kind = SV_K_RULE;
		k.rule = i;
		if (bpf_map_lookup_elem(fd, &k, &v))
			return -errno;
		show_rule(&v, &p->rules[i]);
		err = show_pinned(fd, i, v.rule.pinned_cnt, &p->rules[i]);
		if (err)
			return err;
		if (v.rule.action == SV_A_CEILING) {
			err = show_ceiling(fd, i, &v.rule, p->ceilings);
			if (err)
				return err;
		}
	}
	return 0;
}

static int sv_show(int argc, char **argv)
{
	/* read-only: the supervisor refuses others writable fds of its maps */
	LIBBPF_OPTS(bpf_obj_get_opts, gopts, .file_flags = BPF_F_RDONLY);
	LIBBPF_OPTS(bpf_get_fd_by_id_opts, iopts, .open_flags = BPF_F_RDONLY);
	const char *dir = SV_PIN_DIR;
	char path[PATH_MAX];
	struct sv_head head = {};
	struct policy *p;
	__u32 zero = 0, id;
	int outer, fd, err;

	if (argc == 2 && !strcmp(argv[0], "pin")) {
		dir = argv[1];
	} else if (argc) {
		p_err("supervise show: expected nothing or 'pin DIR'");
		return AC_EXIT_USAGE;
	}
	snprintf(path, sizeof(path), "%s/policy", dir);
	outer = bpf_obj_get_opts(path, &gopts);
	if (outer < 0) {
		p_err("%s: %s (is a supervisor running?)", path, strerror(errno));
		return AC_EXIT_INPUT;
	}
	err = bpf_map_lookup_elem(outer, &zero, &id) ? -errno : 0;
	fd = err ? -1 : bpf_map_get_fd_by_id_opts(id, &iopts);
	close(outer);
	if (fd < 0) {
		p_err("%s: no policy in force: %s", path, strerror(err ? -err : errno));
		return AC_EXIT_INPUT;
	}
	p = calloc(1, sizeof(*p));
	if (p) {
		p->rules = calloc(SV_MAX_RULES + 1, sizeof(*p->rules));
		p->ceilings = prog_attrs_text__new();
		p->path = strdup(path);
	}
	err = !p || !p->rules || !p->ceilings || !p->path ? -ENOMEM : show_policy(fd, p, &head);
	close(fd);
	if (!err) {
		printf("# policy in force: generation %u, loaded by pid %u\n", head.generation,
		       head.self_tgid);
		err = policy_fprint(p, stdout);
	}
	if (err)
		p_err("%s: %s", path, strerror(-err));
	policy_free(p);
	return err ? AC_EXIT_INPUT : 0;
}

static void sv_usage(FILE *f)
{
	fprintf(f,
		"Usage: attrcheck supervise run POLICY [audit] [syslog] [log FILE] [pin DIR]\n"
		"       attrcheck supervise check POLICY\n"
		"       attrcheck supervise show [pin DIR]\n"
		"       attrcheck supervise learn LOG [-o FILE]\n"
		"       attrcheck supervise help\n"
		"\n"
		"run: load POLICY, attach to the bpf_prog_attrs LSM hook, print every decision\n"
		"(one line each; -j: JSON), SIGHUP reloads POLICY. audit: no rule denies.\n"
		"log FILE: decisions as JSON lines, appended. pin DIR: default %s.\n"
		"learn: a policy proposed from the JSON log of a period in audit mode.\n"
		"Exit status: 0 success, 2 bad policy file, 3 bad command line, 4 the\n"
		"kernel refused the supervisor.\n", SV_PIN_DIR);
}

static int sv_help(int argc, char **argv)
{
	sv_usage(stdout);
	return 0;
}

static int sv_unknown(int argc, char **argv)
{
	if (argc < 1) {
		sv_usage(stderr);
		return AC_EXIT_USAGE;
	}
	p_err("supervise: unknown command '%s' (run, check, show, learn, help)", argv[0]);
	return AC_EXIT_USAGE;
}

static const struct cmd sv_cmds[] = {
	{ "run",	sv_run },
	{ "check",	sv_check },
	{ "show",	sv_show },
	{ "learn",	do_learn },
	{ "help",	sv_help },
	{ 0 }
};

int do_supervise(int argc, char **argv)
{
	return cmd_select(sv_cmds, argc, argv, sv_unknown);
}
