// SPDX-License-Identifier: GPL-2.0-only
/*
 * BPF program attribute sets: containment. Code that runs on a restricted
 * program's behalf but is not verified with it must be within its set: the
 * members of the prog arrays it tail calls through, an extension
 * (freplace) of it, and the map of a map element iterator, bound only at
 * attach time.
 */
#include <linux/bpf.h>
#include <linux/bpf_verifier.h>
#include <linux/mutex.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <kunit/visibility.h>

#include "prog_attrs.h"

static const struct bpf_prog_attrs_set *prog_declared(const struct bpf_prog *prog)
{
	return prog->aux->attrs ? prog->aux->attrs->declared : NULL;
}

/*
 * Tail calls. A prog array keeps, under its own mutex, the largest set
 * every restricted caller allows (the intersection of their sets) and
 * the smallest set that holds every program ever inserted (the union of
 * theirs; an undeclared member makes it unrestricted). A restricted
 * caller must contain the members' union and narrows the ceiling; a new
 * member must be within the ceiling and widens the union. Check and
 * record are one step under the mutex, so a caller and an insertion
 * racing each other cannot both pass. Both records only ever grow more
 * conservative: a member removed from the array still counts. The record
 * (struct bpf_prog_attrs_tail, in prog_attrs.h) is made on first use.
 */
static struct bpf_prog_attrs_tail *tail_state(const struct bpf_map *map)
{
	struct bpf_array_aux *aux = container_of(map, struct bpf_array, map)->aux;
	struct bpf_prog_attrs_tail *t, *old;

	t = READ_ONCE(aux->attrs_tail);
	if (t)
		return t;
	t = kzalloc(sizeof(*t), GFP_KERNEL_ACCOUNT);
	if (!t)
		return NULL;
	mutex_init(&t->lock);
	old = cmpxchg(&aux->attrs_tail, NULL, t);
	if (old) {
		kfree(t);
		return old;
	}
	return t;
}

/**
 * bpf_prog_attrs_tail_free() - free a prog array's tail call record
 * @t: the record, or NULL
 */
void bpf_prog_attrs_tail_free(struct bpf_prog_attrs_tail *t)
{
	if (!t)
		return;
	bpf_prog_attrs_set_free(t->ceiling);
	bpf_prog_attrs_set_free(t->members);
	mutex_destroy(&t->lock);
	kfree(t);
}

/* Replace @t's record *@rec by its combination with @set; on error, keep it. */
static int tail_record(struct bpf_prog_attrs_tail *t,
		       struct bpf_prog_attrs_set **rec,
		       const struct bpf_prog_attrs_set *set, bool intersect)
{
	struct bpf_prog_attrs_set *n;

	lockdep_assert_held(&t->lock);
	n = *rec ? bpf_prog_attrs_combine(*rec, set, intersect) :
		   bpf_prog_attrs_combine(set, set, intersect);
	if (IS_ERR(n))
		return PTR_ERR(n);
	bpf_prog_attrs_set_free(*rec);
	*rec = n;
	return 0;
}

/* An undeclared member: the array's members are unrestricted for good. */
static void tail_open(struct bpf_prog_attrs_tail *t)
{
	lockdep_assert_held(&t->lock);
	t->open_member = true;
	bpf_prog_attrs_set_free(t->members);
	t->members = NULL;
}

/**
 * bpf_prog_attrs_tail_widen() - widen a prog array's members' record
 * @t: the prog array's record, its lock held
 * @d: the declared set of a new member
 *
 * The record is bounded like any set: a union with more kfunc names than
 * a set may hold is recorded as an undeclared member would be, which only
 * ever refuses more callers. Static but for the KUnit suite.
 *
 * Return: 0 or -ENOMEM (the record is then unchanged).
 */
VISIBLE_IF_KUNIT int bpf_prog_attrs_tail_widen(struct bpf_prog_attrs_tail *t,
					       const struct bpf_prog_attrs_set *d)
{
	int err;

	lockdep_assert_held(&t->lock);
	err = tail_record(t, &t->members, d, false);
	if (!err && t->members->kfunc_cnt > BPF_PROG_ATTRS_KFUNC_MAX)
		tail_open(t);
	return err;
}

/**
 * bpf_prog_attrs_tail_member() - may @prog enter the prog array @map?
 * @map: a BPF_MAP_TYPE_PROG_ARRAY
 * @prog: the program being inserted
 *
 * Return: 0, and @prog counts as a member from now on; -EACCES when its
 * set is not within the set of every restricted program that can tail
 * call through @map (an undeclared program is unrestricted); -ENOMEM.
 */
int bpf_prog_attrs_tail_member(const struct bpf_map *map,
			       const struct bpf_prog *prog)
{
	const struct bpf_prog_attrs_set *d = prog_declared(prog);
	struct bpf_prog_attrs_tail *t;
	int err = 0;

	if (map->map_type != BPF_MAP_TYPE_PROG_ARRAY)
		return 0;
	t = tail_state(map);
	if (!t)
		return -ENOMEM;
	mutex_lock(&t->lock);
	if (t->ceiling && !bpf_prog_attrs_subset(d, t->ceiling))
		err = -EACCES;
	else if (!d || t->open_member)
		tail_open(t);
	else if (!t->members || !bpf_prog_attrs_subset(d, t->members))
		err = bpf_prog_attrs_tail_widen(t, d);
	mutex_unlock(&t->lock);
	return err;
}

/**
 * bpf_prog_attrs_check_tail_calls() - may this program tail call?
 * @env: the verifier environment, after a successful do_check()
 *
 * A program with a declared set may use a prog array only if every
 * program inserted into it so far is within that set; from then on only
 * such programs may be inserted.
 *
 * Return: 0, -EACCES with a log line, or -ENOMEM.
 */
int bpf_prog_attrs_check_tail_calls(struct bpf_verifier_env *env)
{
	const struct bpf_prog_attrs_set *d = prog_declared(env->prog);
	struct bpf_prog_attrs_tail *t;
	struct bpf_map *map;
	int err = 0;
	u32 i;

	/* a program that never calls bpf_tail_call() runs no member */
	if (!d || !bpf_prog_attrs_helper_allowed(&env->prog->aux->attrs->observed,
						 BPF_FUNC_tail_call))
		return 0;
	for (i = 0; i < env->used_map_cnt && !err; i++) {
		map = env->used_maps[i];
		if (map->map_type != BPF_MAP_TYPE_PROG_ARRAY)
			continue;
		t = tail_state(map);
		if (!t)
			return -ENOMEM;
		mutex_lock(&t->lock);
		if (t->open_member || (t->members && !bpf_prog_attrs_subset(t->members, d))) {
			bpf_verifier_log_write(env,
					       "prog array '%s' holds a program whose attribute set is not within this program's (tail calls)\n",
					       map->name);
			err = -EACCES;
		} else if (!t->ceiling || !bpf_prog_attrs_subset(t->ceiling, d)) {
			err = tail_record(t, &t->ceiling, d, true);
		}
		mutex_unlock(&t->lock);
	}
	return err;
}

/* The map types of @set admit reading (and, if @write, writing) @type. */
static bool attach_map_allowed(const struct bpf_prog_attrs_set *set, u32 type,
			       bool write)
{
	return bpf_prog_attrs_map_allowed(set, type, false) &&
	       (!write || bpf_prog_attrs_map_allowed(set, type, true));
}

/**
 * bpf_prog_attrs_check_attach_map() - may @prog be attached to @map?
 * @prog: a map element iterator (iter/bpf_map_elem, iter/bpf_sk_storage_map)
 * @map: the map given at BPF_LINK_CREATE, whose elements it reads
 *
 * The verifier could not know this map: its type is checked here against
 * map_types, and against map_types_write if the program stores to the
 * elements.
 *
 * Return: 0, or -EACCES (with a rate-limited message).
 */
int bpf_prog_attrs_check_attach_map(const struct bpf_prog *prog,
				    const struct bpf_map *map)
{
	const struct bpf_prog_attrs_info *ai = prog->aux->attrs;
	const struct bpf_prog_attrs_set *d = ai ? ai->declared : NULL;
	const struct bpf_prog_attrs_set *refuser;
	bool write = ai && ai->attach_map_write;
	bool ceiling;

	if (!d || attach_map_allowed(d, map->map_type, write))
		return 0;
	/* the set that refused names the field: the ceiling's, if it did */
	ceiling = ai->ceiling && attach_map_allowed(ai->ceiling, map->map_type, write);
	refuser = ai->ceiling && !ceiling ? ai->ceiling : d;
	pr_info_ratelimited("bpf: prog '%s': map '%s' of type %s is not in %s (%s, at attach)\n",
			    prog->aux->name, map->name,
			    bpf_prog_attrs_map_type_name(map->map_type),
			    bpf_prog_attrs_refuser(ai, ceiling),
			    bpf_prog_attrs_map_allowed(refuser, map->map_type, false) ?
			    "map_types_write" : "map_types");
	return -EACCES;
}

/**
 * bpf_prog_attrs_check_ext() - may @prog replace a function of @tgt?
 * @log: the verifier log, or NULL at attach time
 * @prog: a BPF_PROG_TYPE_EXT program
 * @tgt: the program it extends
 *
 * Return: 0 when @tgt is unrestricted or @prog's declared set is within
 * @tgt's; -EACCES, with a log line, otherwise.
 */
int bpf_prog_attrs_check_ext(struct bpf_verifier_log *log,
			     const struct bpf_prog *prog,
			     const struct bpf_prog *tgt)
{
	const struct bpf_prog_attrs_set *t = prog_declared(tgt);

	if (!t || bpf_prog_attrs_subset(prog_declared(prog), t))
		return 0;
	bpf_log(log,
		"extension's attribute set is not within the set of the program it extends (freplace)\n");
	return -EACCES;
}
