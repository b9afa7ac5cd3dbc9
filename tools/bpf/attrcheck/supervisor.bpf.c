// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The supervisor's kernel side: a BPF-LSM program on the bpf_prog_attrs
 * hook. It finds who loads the program (uid, gid, cgroup, executable and
 * its fs-verity digest), the first rule of the policy in force that
 * matches the loader, and compares the program's verified set (declared,
 * else observed) with the rule's ceiling: a load above it is denied with
 * -EPERM (or, in audit mode, recorded and allowed). Every decision goes to
 * the ring buffer. The policy is one inner map of "policy", replaced as a
 * whole by userspace (supervise.c), so a load is decided by one policy.
 */
#define BPF_NO_KFUNC_PROTOTYPES
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "supervisor.h"

#define EPERM 1
#define SV_RB_SIZE	(1024 * 1024)	/* the ring buffer of decision records */

struct sv_policy {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, SV_MAX_ENTRIES);
	/* sizes, not BTF types: userspace creates these maps without BTF */
	__uint(key_size, sizeof(struct sv_key));
	__uint(value_size, sizeof(union sv_value));
	__uint(map_flags, BPF_F_NO_PREALLOC);
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, __u32);
	__array(values, struct sv_policy);
} policy SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, SV_RB_SIZE);
} events SEC(".maps");

/* The record being built and the lookup key, per CPU */
struct sv_scratch {
	struct sv_event ev;
	struct sv_key key;
	__u8 digest[4 + SV_DIGEST_MAX];	/* struct fsverity_digest */
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct sv_scratch);
} scratch SEC(".maps");

/* The supervisor's own maps, links and pins (supervise.c fills it) */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, struct sv_obj);
	__type(value, __u8);
} self_objs SEC(".maps");

/* Who created each map (lsm/bpf_map_create), for "map_updates own" */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, SV_MAX_OWNERS);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, __u64);		/* the map's address */
	__type(value, struct sv_owner);
} owners SEC(".maps");

/* Records the ring buffer had no room for */
__u64 lost_events;
/* Maps created while "owners" was full: they have no owner */
__u64 lost_owners;
/* The supervisor process: its pid, set before attaching, and its start
 * time, taken at its first bpf() call after that (a pid can be reused by
 * another process once it is gone; the pair cannot)
 */
__u32 self_tgid;
__u64 self_start;
/* self_objs holds pins (SV_O_PIN, SV_O_PIN_LOCKED): the inode hooks look */
__u32 have_pins;

static __always_inline __u32 lowest_bit(__u64 x)
{
	__u32 n = 0;

	if (!(x & 0xffffffffULL)) {
		n += 32;
		x >>= 32;
	}
	if (!(x & 0xffff)) {
		n += 16;
		x >>= 16;
	}
	if (!(x & 0xff)) {
		n += 8;
		x >>= 8;
	}
	if (!(x & 0xf)) {
		n += 4;
		x >>= 4;
	}
	if (!(x & 0x3)) {
		n += 2;
		x >>= 2;
	}
	if (!(x & 0x1))
		n += 1;
	return n;
}

/* The loader's executable: path, fs-verity digest, (device, inode); a
 * function of its own, so that its dynptr has a stack slot of its own.
 */
static __noinline void loader_exe(struct sv_scratch *s, __u64 *dev, __u64 *ino)
{
	struct sv_event *ev = &s->ev;
	struct bpf_dynptr dp;
	struct file *f;
	__u16 size;

	if (!bpf_get_task_exe_file || !bpf_put_file)
		return;
	f = bpf_get_task_exe_file(bpf_get_current_task_btf());
	if (!f)
		return;
	*ino = f->f_inode->i_ino;
	*dev = f->f_inode->i_sb->s_dev;
	if (bpf_path_d_path && bpf_path_d_path(&f->f_path, ev->exe, sizeof(ev->exe)) > 0)
		ev->exe_ok = 1;
	if (bpf_get_fsverity_digest) {
		bpf_dynptr_from_mem(s->digest, sizeof(s->digest), 0, &dp);
		if (bpf_get_fsverity_digest(f, &dp) >= 0) {
			size = *(__u16 *)&s->digest[2];
			if (size <= SV_DIGEST_MAX) {
				ev->digest_alg = *(__u16 *)&s->digest[0];
				ev->digest_size = size;
				__builtin_memcpy(ev->digest, &s->digest[4], SV_DIGEST_MAX);
			}
		}
	}
	bpf_put_file(f);
}

static __always_inline void loader_identity(struct sv_scratch *s, __u64 *dev, __u64 *ino)
{
	struct sv_event *ev = &s->ev;
	__u64 v;

	/* too large to clear at once: the fields before the strings, and each
	 * string's first byte (userspace reads them as strings)
	 */
	__builtin_memset(ev, 0, __builtin_offsetof(struct sv_event, comm));
	ev->prog_name[0] = '\0';
	ev->exe[0] = '\0';
	ev->kfunc[0] = '\0';
	ev->ts_ns = bpf_ktime_get_boot_ns();
	v = bpf_get_current_pid_tgid();
	ev->pid = (__u32)v;
	ev->tgid = v >> 32;
	v = bpf_get_current_uid_gid();
	ev->uid = (__u32)v;
	ev->gid = v >> 32;
	ev->cgroup_id = bpf_get_current_cgroup_id();
	bpf_get_current_comm(ev->comm, sizeof(ev->comm));
	loader_exe(s, dev, ino);
}

static __always_inline bool rule_matches(const struct sv_rule *r, const struct sv_event *ev,
					 __u64 dev, __u64 ino)
{
	const __u64 *a = (const __u64 *)r->digest, *b = (const __u64 *)ev->digest;
	int i;

	if (r->match & SV_M_NEVER)
		return false;
	if ((r->match & SV_M_UID) && r->uid != ev->uid)
		return false;
	if ((r->match & SV_M_GID) && r->gid != ev->gid)
		return false;
	if ((r->match & SV_M_CGROUP) &&
	    bpf_get_current_ancestor_cgroup_id(r->cgroup_level) != r->cgroup_id)
		return false;
	if ((r->match & SV_M_EXE) && (!ino || r->exe_dev != dev || r->exe_ino != ino))
		return false;
	if (r->match & SV_M_DIGEST) {
		if (!ev->digest_alg || r->digest_alg != ev->digest_alg ||
		    r->digest_size != ev->digest_size)
			return false;
		for (i = 0; i < SV_DIGEST_MAX / 8; i++)
			if (a[i] != b[i])
				return false;
	}
	return true;
}

/* Kind @h, restricted by the ceiling: the set must restrict it to @mask
 * within @cmask; the reason's value is the first type outside, or -1
 */
static __always_inline bool beyond_mask(struct sv_event *ev, __u64 handled, __u64 c_handled,
					__u64 h, __u64 mask, __u64 cmask)
{
	if (!(c_handled & h))
		return false;
	if (!(handled & h)) {
		ev->reason_value = -1;
		return true;
	}
	mask &= ~cmask;
	if (!mask)
		return false;
	ev->reason_value = lowest_bit(mask);
	return true;
}

/* Limit @h, set by the ceiling: the set's must be no higher (-1: none) */
static __always_inline bool beyond_limit(struct sv_event *ev, __u64 handled, __u64 c_handled,
					 __u64 h, __u32 v, __u32 cv)
{
	if (!(c_handled & h))
		return false;
	ev->reason_limit = cv;
	if (!(handled & h)) {
		ev->reason_value = -1;
		return true;
	}
	if (v <= cv)
		return false;
	ev->reason_value = v;
	return true;
}

/* The first attribute of @set outside ceiling @c, as SV_R_*, or SV_R_NONE */
static __always_inline __u32 beyond_bits(struct sv_event *ev, const struct bpf_prog_attrs_set *set,
					 const struct sv_ceiling *c)
{
	__u64 x, may;
	int w;

	for (w = 0; w < SV_HELPER_WORDS; w++) {
		x = set->helpers[w] & ~c->helpers[w];
		if (x) {
			ev->reason_value = w * 64 + lowest_bit(x);
			return SV_R_HELPER;
		}
	}
	if (beyond_mask(ev, set->handled, c->handled, BPF_PROG_ATTRS_H_MAP_TYPES,
			set->map_types, c->map_types))
		return SV_R_MAP_TYPES;
	if (beyond_mask(ev, set->handled, c->handled, BPF_PROG_ATTRS_H_MAP_TYPES_WRITE,
			set->map_types_write, c->map_types_write))
		return SV_R_MAP_TYPES_WRITE;
	/* a class the set does not restrict may be used */
	may = ~set->access_handled | set->access;
	x = may & c->access_handled & ~c->access;
	if (x) {
		ev->reason_value = 1ULL << lowest_bit(x);
		return SV_R_ACCESS;
	}
	if (beyond_limit(ev, set->handled, c->handled, BPF_PROG_ATTRS_H_INSN_CNT,
			 set->max_insn_cnt, c->max_insn_cnt))
		return SV_R_MAX_INSN_CNT;
	if (beyond_limit(ev, set->handled, c->handled, BPF_PROG_ATTRS_H_INSN_PROCESSED,
			 set->max_insn_processed, c->max_insn_processed))
		return SV_R_MAX_INSN_PROCESSED;
	ev->reason_limit = 0;
	return SV_R_NONE;
}

/* Every kfunc of @set must be a key of rule @idx */
static __always_inline __u32 beyond_kfuncs(void *inner, struct sv_scratch *s,
					   const struct bpf_prog_attrs_set *set, __u32 idx)
{
	const char **names = set->kfuncs;
	__u32 cnt = set->kfunc_cnt;
	const char *name;
	int i;

	if (cnt > SV_KFUNC_MAX)
		return SV_R_KFUNC;
	s->key.kind = SV_K_KFUNC;
	s->key.rule = idx;
	bpf_for(i, 0, cnt) {
		__builtin_memset(s->key.name, 0, sizeof(s->key.name));
		if (bpf_probe_read_kernel(&name, sizeof(name), &names[i]) ||
		    bpf_probe_read_kernel_str(s->key.name, sizeof(s->key.name), name) < 0 ||
		    !bpf_map_lookup_elem(inner, &s->key)) {
			__builtin_memcpy(s->ev.kfunc, s->key.name, sizeof(s->ev.kfunc));
			return SV_R_KFUNC;
		}
	}
	return SV_R_NONE;
}

static __always_inline int decide(struct sv_scratch *s, void *inner, const struct sv_rule *r,
				  const struct bpf_prog_attrs_set *set)
{
	struct sv_event *ev = &s->ev;

	ev->mode = r->mode;
	switch (r->action) {
	case SV_A_UNRESTRICTED:
		ev->reason = SV_R_NONE;
		break;
	case SV_A_CEILING:
		ev->reason = beyond_bits(ev, set, &r->ceiling);
		if (ev->reason == SV_R_NONE)
			ev->reason = beyond_kfuncs(inner, s, set, ev->rule);
		/*
		 * An observed set that is not an upper bound fits no ceiling;
		 * "extensible" aside: under a ceiling no extension loads.
		 */
		if (ev->reason == SV_R_NONE && !ev->declared &&
		    (ev->unbounded & ~BPF_PROG_ATTRS_OBS_EXTENSIBLE)) {
			ev->reason = SV_R_UNBOUNDED;
			ev->reason_value = ev->unbounded & ~BPF_PROG_ATTRS_OBS_EXTENSIBLE;
		}
		if (ev->reason == SV_R_NONE && ev->prog_type == BPF_PROG_TYPE_EXT)
			ev->reason = SV_R_EXTENSION;
		break;
	default:
		ev->reason = SV_R_RULE_DENY;
		break;
	}
	ev->verdict = ev->reason == SV_R_NONE ? SV_V_ALLOW : SV_V_DENY;
	return ev->verdict == SV_V_DENY && r->mode != SV_AUDIT ? -EPERM : 0;
}

/* The policy in force and its head; NULL when there is none */
static __always_inline const struct sv_head *policy_head(struct sv_scratch *s, void **inner)
{
	const union sv_value *v;
	__u32 zero = 0;

	*inner = bpf_map_lookup_elem(&policy, &zero);
	if (!*inner)
		return NULL;
	__builtin_memset(&s->key, 0, sizeof(s->key));
	v = bpf_map_lookup_elem(*inner, &s->key);
	return v ? &v->head : NULL;
}

/* The rule that decides for the loader in @s->ev (its index in ev->rule,
 * the policy's generation in ev->generation), or NULL
 */
static __always_inline const struct sv_rule *find_rule(struct sv_scratch *s, void *inner,
						       const struct sv_head *h,
						       __u64 dev, __u64 ino)
{
	struct sv_event *ev = &s->ev;
	const union sv_value *v;
	__u32 n = h->rule_cnt;
	int i;

	ev->generation = h->generation;
	if (n > SV_MAX_RULES)
		n = SV_MAX_RULES;
	__builtin_memset(&s->key, 0, sizeof(s->key));
	s->key.kind = SV_K_RULE;
	/* rules 0..n-1 in evaluation order, then the default (rule n) */
	bpf_for(i, 0, n + 1) {
		s->key.rule = i;
		v = bpf_map_lookup_elem(inner, &s->key);
		if (!v || !rule_matches(&v->rule, ev, dev, ino))
			continue;
		ev->rule = i;
		return &v->rule;
	}
	return NULL;
}

/* Is @map's creator the loader (uid @uid, executable @dev, @ino)? */
static __always_inline bool owned(const void *map, __u32 uid, __u64 dev, __u64 ino)
{
	__u64 key = (__u64)map;
	const struct sv_owner *o = bpf_map_lookup_elem(&owners, &key);

	return o && ino && o->uid == uid && o->exe_dev == dev && o->exe_ino == ino;
}

static __always_inline bool may_write_maps(const struct bpf_prog_attrs_set *set)
{
	return !(set->handled & BPF_PROG_ATTRS_H_MAP_TYPES_WRITE) || set->map_types_write;
}

/*
 * "map_updates own": a program that may write maps may use only maps of
 * the loader's own among those it may write (a map of maps: any inner map,
 * whose owner is not known now), and no map bound at attach time.
 */
static __always_inline __u32 beyond_owners(struct sv_event *ev, struct bpf_prog *prog,
					   const struct bpf_prog_attrs_set *set,
					   __u64 dev, __u64 ino)
{
	struct bpf_map **maps = prog->aux->used_maps;
	__u32 cnt = prog->aux->used_map_cnt, type;
	struct bpf_map *m;
	int i;

	if (!may_write_maps(set))
		return SV_R_NONE;
	if (ev->unbounded & BPF_PROG_ATTRS_OBS_ATTACH_MAPS) {
		ev->reason_value = 0;
		return SV_R_MAP_OWNER;
	}
	bpf_for(i, 0, cnt) {
		if (bpf_probe_read_kernel(&m, sizeof(m), &maps[i]) ||
		    bpf_probe_read_kernel(&type, sizeof(type), &m->map_type))
			return SV_R_MAP_OWNER;
		if (type != BPF_MAP_TYPE_ARRAY_OF_MAPS && type != BPF_MAP_TYPE_HASH_OF_MAPS &&
		    (set->handled & BPF_PROG_ATTRS_H_MAP_TYPES_WRITE) &&
		    !(set->map_types_write & (1ULL << (type & 63))))
			continue;
		if (type != BPF_MAP_TYPE_ARRAY_OF_MAPS && type != BPF_MAP_TYPE_HASH_OF_MAPS &&
		    owned(m, ev->uid, dev, ino))
			continue;
		ev->reason_value = 0;
		bpf_probe_read_kernel(&ev->reason_value, sizeof(__u32), &m->id);
		return SV_R_MAP_OWNER;
	}
	return SV_R_NONE;
}

/* The set judged, into the record */
static __always_inline void record_set(struct sv_event *ev, const struct bpf_prog_attrs_set *set)
{
	const char **names = set->kfuncs;
	struct sv_ceiling *c = &ev->set;
	const char *name;
	int i;

	for (i = 0; i < SV_HELPER_WORDS; i++)
		c->helpers[i] = set->helpers[i];
	c->map_types = set->map_types;
	c->map_types_write = set->map_types_write;
	c->handled = set->handled;
	c->access_handled = set->access_handled;
	c->access = set->access;
	c->max_insn_cnt = set->max_insn_cnt;
	c->max_insn_processed = set->max_insn_processed;
	c->kfunc_cnt = set->kfunc_cnt;
	for (i = 0; i < SV_EV_KFUNCS && i < c->kfunc_cnt; i++) {
		ev->kfuncs[i][0] = '\0';
		if (bpf_probe_read_kernel(&name, sizeof(name), &names[i]))
			continue;
		bpf_probe_read_kernel_str(ev->kfuncs[i], sizeof(ev->kfuncs[i]), name);
	}
}

/*
 * A record to the daemon. An allowed load does not wake it: it reads the
 * ring buffer at least every 200 ms anyway, and a load then does not wait
 * for the daemon to format its record (on a busy CPU, it would). Denials,
 * and any record once the buffer is half full, wake it at once.
 */
static __always_inline void emit(struct sv_event *ev)
{
	__u64 flags = BPF_RB_FORCE_WAKEUP;

	if (ev->event == SV_EV_LOAD && ev->verdict == SV_V_ALLOW &&
	    bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA) < SV_RB_SIZE / 2)
		flags = BPF_RB_NO_WAKEUP;
	if (bpf_ringbuf_output(&events, ev, sizeof(*ev), flags))
		__sync_fetch_and_add(&lost_events, 1);
}

SEC("lsm/bpf_prog_attrs")
int BPF_PROG(sv_prog_attrs, struct bpf_prog *prog,
	     const struct bpf_prog_attrs_set *declared,
	     const struct bpf_prog_attrs_set *observed, int ret)
{
	const struct bpf_prog_attrs_set *set = declared ? declared : observed;
	const struct sv_head *h;
	const struct sv_rule *r;
	__u64 dev = 0, ino = 0;
	struct sv_scratch *s;
	struct sv_event *ev;
	__u32 zero = 0;
	void *inner;
	int err;

	if (ret)
		return ret;
	s = bpf_map_lookup_elem(&scratch, &zero);
	if (!s)
		return -EPERM;
	ev = &s->ev;
	loader_identity(s, &dev, &ino);
	ev->prog_type = prog->type;
	ev->insn_cnt = observed->max_insn_cnt;
	ev->declared = !!declared;
	ev->unbounded = observed->unbounded;
	bpf_probe_read_kernel_str(ev->prog_name, sizeof(ev->prog_name), prog->aux->name);
	record_set(ev, set);
	ev->rule = -1;
	ev->verdict = SV_V_DENY;
	ev->reason = SV_R_NO_POLICY;

	h = policy_head(s, &inner);
	if (!h) {
		emit(ev);
		return -EPERM;
	}
	r = find_rule(s, inner, h, dev, ino);
	if (!r) {
		emit(ev);
		return -EPERM;
	}
	err = decide(s, inner, r, set);
	if (ev->reason == SV_R_NONE && (r->flags & SV_F_OWN_MAPS) && r->action != SV_A_DENY) {
		ev->reason = beyond_owners(ev, prog, set, dev, ino);
		if (ev->reason != SV_R_NONE) {
			ev->verdict = SV_V_DENY;
			err = r->mode == SV_AUDIT ? 0 : -EPERM;
		}
	}
	emit(ev);
	return err;
}

/* ---- self-protection --------------------------------------------------- */

#define BPF_FS_MAGIC	0xcafe4a11
#define FMODE_WRITE	0x2

static __always_inline bool is_self(void)
{
	struct task_struct *t = bpf_get_current_task_btf();

	return self_tgid && self_start && t->tgid == self_tgid &&
	       t->group_leader->start_time == self_start;
}

static __always_inline bool is_obj(__u32 kind, __u64 id, __u64 dev)
{
	struct sv_obj k = { .kind = kind, .id = id, .dev = dev };

	return bpf_map_lookup_elem(&self_objs, &k);
}

/* A pin of the supervisor's: @locked also refuses opening it */
static __always_inline bool is_pin(struct inode *inode, bool locked)
{
	__u64 ino, dev;

	if (!have_pins || !inode || inode->i_sb->s_magic != BPF_FS_MAGIC)
		return false;
	ino = inode->i_ino;
	dev = inode->i_sb->s_dev;
	return is_obj(SV_O_PIN_LOCKED, ino, dev) || (!locked && is_obj(SV_O_PIN, ino, dev));
}

/* Refuses @op on object @obj, with a record */
static __always_inline int refuse(__u32 op, __u64 obj)
{
	struct sv_scratch *s;
	__u32 zero = 0;
	__u64 dev, ino;

	s = bpf_map_lookup_elem(&scratch, &zero);
	if (s) {
		loader_identity(s, &dev, &ino);
		s->ev.event = SV_EV_PROTECT;
		s->ev.op = op;
		s->ev.reason_value = obj;
		s->ev.verdict = SV_V_DENY;
		s->ev.rule = -1;
		emit(&s->ev);
	}
	return -EPERM;
}

SEC("lsm/bpf")
int BPF_PROG(sv_bpf, int cmd, union bpf_attr *attr, unsigned int size, int ret)
{
	struct task_struct *t;

	if (ret)
		return ret;
	if (!self_start && self_tgid) {
		t = bpf_get_current_task_btf();
		if (t->tgid == self_tgid)
			self_start = t->group_leader->start_time;
	}
	if (cmd != BPF_LINK_GET_FD_BY_ID || !is_obj(SV_O_LINK, attr->link_id, 0) || is_self())
		return 0;
	return refuse(SV_OP_LINK_FD, attr->link_id);
}

/* ---- the loader's access to maps and pins ------------------------------ */

/* Does the policy name @obj (SV_K_PIN, SV_K_MAP) for rule @rule? */
static __always_inline bool names(struct sv_scratch *s, void *inner, __u32 kind, __u32 rule,
				  const void *obj, __u32 size)
{
	__builtin_memset(&s->key, 0, sizeof(s->key));
	s->key.kind = kind;
	s->key.rule = rule;
	if (size > sizeof(s->key.name))
		return false;
	__builtin_memcpy(s->key.name, obj, size);
	return bpf_map_lookup_elem(inner, &s->key);
}

/* Refuses @op on @obj (@dev: a pin's device) as rule @r says, with a
 * record; in audit mode, records it and allows it
 */
static __always_inline int refuse_access(struct sv_scratch *s, const struct sv_rule *r,
					 __u32 op, __u64 obj, __u32 dev)
{
	struct sv_event *ev = &s->ev;

	ev->event = SV_EV_ACCESS;
	ev->op = op;
	ev->reason_value = obj;
	ev->reason_limit = dev;
	ev->mode = r->mode;
	ev->verdict = SV_V_DENY;
	emit(ev);
	return r->mode == SV_AUDIT ? 0 : -EPERM;
}

/* The rule deciding for the current process, its identity in @s->ev */
static __always_inline const struct sv_rule *loader_rule(struct sv_scratch *s, void *inner,
							 const struct sv_head *h,
							 __u64 *dev, __u64 *ino)
{
	*dev = 0;
	*ino = 0;
	loader_identity(s, dev, ino);
	s->ev.rule = -1;
	return find_rule(s, inner, h, *dev, *ino);
}

/*
 * A map fd for another process: refused when the loader's rule names the
 * map ("pinned deny", whatever the path or the id it is opened by), or,
 * with "map_updates own", for a writable fd of a map it did not create.
 */
static __always_inline int map_access(struct bpf_map *map, fmode_t fmode)
{
	const struct sv_head *h;
	const struct sv_rule *r;
	struct sv_scratch *s;
	__u32 zero = 0, id = map->id, flags;
	__u64 dev, ino;
	bool pinned;
	void *inner;

	s = bpf_map_lookup_elem(&scratch, &zero);
	if (!s)
		return -EPERM;
	h = policy_head(s, &inner);
	if (!h)
		return 0;
	flags = h->flags;
	pinned = (flags & SV_HF_PINNED) && names(s, inner, SV_K_MAP, SV_ANY_RULE, &id, sizeof(id));
	if (!pinned && !((flags & SV_HF_OWN_MAPS) && (fmode & FMODE_WRITE)))
		return 0;
	if (is_self())
		return 0;
	r = loader_rule(s, inner, h, &dev, &ino);
	if (!r)
		return 0;
	if (pinned && names(s, inner, SV_K_MAP, s->ev.rule, &id, sizeof(id)))
		return refuse_access(s, r, SV_OP_MAP_FD, id, 0);
	if ((r->flags & SV_F_OWN_MAPS) && (fmode & FMODE_WRITE) &&
	    !owned(map, s->ev.uid, dev, ino))
		return refuse_access(s, r, SV_OP_MAP_UPDATE, id, 0);
	return 0;
}

/* A path walk to or through a pin, directory or symlink target the
 * loader's rule names ("pinned deny")
 */
static __always_inline int pin_access(struct inode *inode)
{
	struct sv_pin pin = { .dev = inode->i_sb->s_dev, .ino = inode->i_ino };
	const struct sv_head *h;
	const struct sv_rule *r;
	struct sv_scratch *s;
	__u32 zero = 0;
	__u64 dev, ino;
	void *inner;

	s = bpf_map_lookup_elem(&scratch, &zero);
	if (!s)
		return -EPERM;
	h = policy_head(s, &inner);
	if (!h || !(h->flags & SV_HF_PINNED) ||
	    !names(s, inner, SV_K_PIN, SV_ANY_RULE, &pin, sizeof(pin)) || is_self())
		return 0;
	r = loader_rule(s, inner, h, &dev, &ino);
	if (!r || !names(s, inner, SV_K_PIN, s->ev.rule, &pin, sizeof(pin)))
		return 0;
	return refuse_access(s, r, SV_OP_PINNED, pin.ino, pin.dev);
}

SEC("lsm/bpf_map_create")
int BPF_PROG(sv_bpf_map_create, struct bpf_map *map, union bpf_attr *attr,
	     struct bpf_token *token, int ret)
{
	struct sv_owner o = {};
	__u64 key = (__u64)map;
	struct file *f;

	if (ret)
		return ret;
	o.uid = (__u32)bpf_get_current_uid_gid();
	if (bpf_get_task_exe_file && bpf_put_file) {
		f = bpf_get_task_exe_file(bpf_get_current_task_btf());
		if (f) {
			o.exe_ino = f->f_inode->i_ino;
			o.exe_dev = f->f_inode->i_sb->s_dev;
			bpf_put_file(f);
		}
	}
	if (bpf_map_update_elem(&owners, &key, &o, BPF_ANY))
		__sync_fetch_and_add(&lost_owners, 1);
	return 0;
}

SEC("lsm/bpf_map_free")
int BPF_PROG(sv_bpf_map_free, struct bpf_map *map)
{
	__u64 key = (__u64)map;

	bpf_map_delete_elem(&owners, &key);
	return 0;
}

SEC("lsm/bpf_map")
int BPF_PROG(sv_bpf_map, struct bpf_map *map, fmode_t fmode, int ret)
{
	if (ret)
		return ret;
	if (!is_obj(SV_O_MAP, map->id, 0))
		return map_access(map, fmode);
	if (!(fmode & FMODE_WRITE) || is_self())
		return 0;
	return refuse(SV_OP_MAP_WRITE, map->id);
}

SEC("lsm/inode_permission")
int BPF_PROG(sv_inode_permission, struct inode *inode, int mask, int ret)
{
	if (ret)
		return ret;
	if (!inode || inode->i_sb->s_magic != BPF_FS_MAGIC)
		return 0;
	if (!is_pin(inode, true))
		return pin_access(inode);
	if (is_self())
		return 0;
	return refuse(SV_OP_PIN_OPEN, inode->i_ino);
}

SEC("lsm/inode_unlink")
int BPF_PROG(sv_inode_unlink, struct inode *dir, struct dentry *dentry, int ret)
{
	if (ret)
		return ret;
	if (!is_pin(dentry->d_inode, false) || is_self())
		return 0;
	return refuse(SV_OP_UNLINK, dentry->d_inode->i_ino);
}

SEC("lsm/inode_rename")
int BPF_PROG(sv_inode_rename, struct inode *old_dir, struct dentry *old_dentry,
	     struct inode *new_dir, struct dentry *new_dentry, int ret)
{
	struct inode *victim = new_dentry->d_inode;

	if (ret)
		return ret;
	if (is_self())
		return 0;
	if (is_pin(old_dentry->d_inode, false))
		return refuse(SV_OP_RENAME, old_dentry->d_inode->i_ino);
	if (victim && is_pin(victim, false))
		return refuse(SV_OP_RENAME, victim->i_ino);
	return 0;
}

SEC("lsm/inode_link")
int BPF_PROG(sv_inode_link, struct dentry *old_dentry, struct inode *dir,
	     struct dentry *new_dentry, int ret)
{
	if (ret)
		return ret;
	if (!is_pin(old_dentry->d_inode, false) || is_self())
		return 0;
	return refuse(SV_OP_HARDLINK, old_dentry->d_inode->i_ino);
}

SEC("lsm/sb_umount")
int BPF_PROG(sv_sb_umount, struct vfsmount *mnt, int flags, int ret)
{
	__u64 dev;

	if (ret)
		return ret;
	if (!have_pins)
		return 0;
	dev = mnt->mnt_sb->s_dev;
	if (!is_obj(SV_O_MOUNT, 0, dev) || is_self())
		return 0;
	return refuse(SV_OP_UMOUNT, dev);
}

SEC("lsm/ptrace_access_check")
int BPF_PROG(sv_ptrace_access_check, struct task_struct *child, unsigned int mode, int ret)
{
	if (ret)
		return ret;
	if (!self_tgid || child->tgid != self_tgid ||
	    child->group_leader->start_time != self_start || is_self())
		return 0;
	return refuse(SV_OP_PTRACE, child->tgid);
}

char _license[] SEC("license") = "GPL";
