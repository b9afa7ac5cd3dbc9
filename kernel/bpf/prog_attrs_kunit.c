// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests for the attribute set core (kernel/bpf/prog_attrs.c):
 * validation of every field, the kfunc name table, lookups, containment
 * and the bpf_prog_info report; through prog_attrs.h, the memory kinds of
 * prog_attrs_verifier.c and the tail call record of prog_attrs_contain.c.
 * Included from prog_attrs.c.
 */
#include <kunit/test.h>

static void valid_base(struct bpf_prog_attrs *a)
{
	memset(a, 0, sizeof(*a));
	a->helpers[0] = 1ULL << BPF_FUNC_map_lookup_elem;
}

static void validate_empty_and_minimal(struct kunit *test)
{
	struct bpf_prog_attrs a;

	memset(&a, 0, sizeof(a));
	KUNIT_EXPECT_EQ(test, bpf_prog_attrs_validate(&a), 0);
	valid_base(&a);
	KUNIT_EXPECT_EQ(test, bpf_prog_attrs_validate(&a), 0);
}

static void validate_helper_bits(struct kunit *test)
{
	struct bpf_prog_attrs a;
	u32 last = __BPF_FUNC_MAX_ID - 1;

	valid_base(&a);
	a.helpers[last / 64] |= 1ULL << (last % 64);
	KUNIT_EXPECT_EQ(test, bpf_prog_attrs_validate(&a), 0);

	/* the first id past the last helper */
	valid_base(&a);
	a.helpers[__BPF_FUNC_MAX_ID / 64] |= 1ULL << (__BPF_FUNC_MAX_ID % 64);
	KUNIT_EXPECT_EQ(test, bpf_prog_attrs_validate(&a), -EINVAL);

	/* the very last bit of the bitmap */
	valid_base(&a);
	a.helpers[BPF_PROG_ATTRS_HELPER_WORDS - 1] = 1ULL << 63;
	KUNIT_EXPECT_EQ(test, bpf_prog_attrs_validate(&a), -EINVAL);

	/* BPF_FUNC_unspec */
	valid_base(&a);
	a.helpers[0] |= 1;
	KUNIT_EXPECT_EQ(test, bpf_prog_attrs_validate(&a), -EINVAL);
}

static void validate_handled_and_access(struct kunit *test)
{
	struct bpf_prog_attrs a;

	valid_base(&a);
	a.handled = BPF_PROG_ATTRS_H_ALL;
	a.max_insn_cnt = 1;
	a.max_insn_processed = 1;
	KUNIT_EXPECT_EQ(test, bpf_prog_attrs_validate(&a), 0);

	valid_base(&a);
	a.handled = BPF_PROG_ATTRS_H_ALL + 1;	/* the next, unknown bit */
	KUNIT_EXPECT_EQ(test, bpf_prog_attrs_validate(&a), -EINVAL);
	valid_base(&a);
	a.handled = 1U << 31;
	KUNIT_EXPECT_EQ(test, bpf_prog_attrs_validate(&a), -EINVAL);

	valid_base(&a);
	a.access_handled = BPF_PROG_ACCESS_ALL;
	a.access = BPF_PROG_ACCESS_WRITE_PACKET;
	KUNIT_EXPECT_EQ(test, bpf_prog_attrs_validate(&a), 0);
	a.access_handled = BPF_PROG_ACCESS_ALL + 1;
	KUNIT_EXPECT_EQ(test, bpf_prog_attrs_validate(&a), -EINVAL);

	/* allowing a class the set does not handle */
	valid_base(&a);
	a.access_handled = BPF_PROG_ACCESS_READ_KERNEL;
	a.access = BPF_PROG_ACCESS_WRITE_CTX;
	KUNIT_EXPECT_EQ(test, bpf_prog_attrs_validate(&a), -EINVAL);

	/* the high bits of the 64-bit masks are unknown too */
	valid_base(&a);
	a.handled = 1ULL << 63;
	KUNIT_EXPECT_EQ(test, bpf_prog_attrs_validate(&a), -EINVAL);
	valid_base(&a);
	a.access_handled = 1ULL << 32;
	KUNIT_EXPECT_EQ(test, bpf_prog_attrs_validate(&a), -EINVAL);
}

static void validate_map_types(struct kunit *test)
{
	struct bpf_prog_attrs a;

	valid_base(&a);
	a.handled = BPF_PROG_ATTRS_H_MAP_TYPES | BPF_PROG_ATTRS_H_MAP_TYPES_WRITE;
	a.map_types = 1ULL << BPF_MAP_TYPE_HASH | 1ULL << BPF_MAP_TYPE_ARENA;
	a.map_types_write = 1ULL << BPF_MAP_TYPE_HASH;
	KUNIT_EXPECT_EQ(test, bpf_prog_attrs_validate(&a), 0);

	/* write without reference */
	a.map_types_write |= 1ULL << BPF_MAP_TYPE_ARRAY;
	KUNIT_EXPECT_EQ(test, bpf_prog_attrs_validate(&a), -EINVAL);

	/* unknown type, unspec */
	valid_base(&a);
	a.handled = BPF_PROG_ATTRS_H_MAP_TYPES;
	a.map_types = 1ULL << __MAX_BPF_MAP_TYPE;
	KUNIT_EXPECT_EQ(test, bpf_prog_attrs_validate(&a), -EINVAL);
	a.map_types = 1ULL << BPF_MAP_TYPE_UNSPEC;
	KUNIT_EXPECT_EQ(test, bpf_prog_attrs_validate(&a), -EINVAL);

	/* bits for a kind that is not handled */
	valid_base(&a);
	a.map_types = 1ULL << BPF_MAP_TYPE_HASH;
	KUNIT_EXPECT_EQ(test, bpf_prog_attrs_validate(&a), -EINVAL);
	valid_base(&a);
	a.handled = BPF_PROG_ATTRS_H_MAP_TYPES;
	a.map_types = 1ULL << BPF_MAP_TYPE_HASH;
	a.map_types_write = 1ULL << BPF_MAP_TYPE_HASH;
	KUNIT_EXPECT_EQ(test, bpf_prog_attrs_validate(&a), -EINVAL);
}

static void validate_limits(struct kunit *test)
{
	struct bpf_prog_attrs a;

	valid_base(&a);
	a.handled = BPF_PROG_ATTRS_H_INSN_CNT;
	a.max_insn_cnt = BPF_COMPLEXITY_LIMIT_INSNS;
	KUNIT_EXPECT_EQ(test, bpf_prog_attrs_validate(&a), 0);
	a.max_insn_cnt = BPF_COMPLEXITY_LIMIT_INSNS + 1;
	KUNIT_EXPECT_EQ(test, bpf_prog_attrs_validate(&a), -EINVAL);
	a.max_insn_cnt = 0;
	KUNIT_EXPECT_EQ(test, bpf_prog_attrs_validate(&a), -EINVAL);

	valid_base(&a);
	a.max_insn_processed = 100;	/* not handled */
	KUNIT_EXPECT_EQ(test, bpf_prog_attrs_validate(&a), -EINVAL);
	a.handled = BPF_PROG_ATTRS_H_INSN_PROCESSED;
	KUNIT_EXPECT_EQ(test, bpf_prog_attrs_validate(&a), 0);
	a.max_insn_processed = BPF_COMPLEXITY_LIMIT_INSNS + 1;
	KUNIT_EXPECT_EQ(test, bpf_prog_attrs_validate(&a), -EINVAL);
}

static void validate_kfunc_table_header(struct kunit *test)
{
	struct bpf_prog_attrs a;

	valid_base(&a);
	a.kfunc_cnt = BPF_PROG_ATTRS_KFUNC_MAX;
	a.kfuncs_len = 2 * BPF_PROG_ATTRS_KFUNC_MAX;
	a.kfuncs = 0x1000;
	KUNIT_EXPECT_EQ(test, bpf_prog_attrs_validate(&a), 0);
	a.kfunc_cnt = BPF_PROG_ATTRS_KFUNC_MAX + 1;
	KUNIT_EXPECT_EQ(test, bpf_prog_attrs_validate(&a), -E2BIG);
	a.kfunc_cnt = 1;
	a.kfuncs_len = BPF_PROG_ATTRS_KFUNC_MAX * BPF_PROG_ATTRS_KFUNC_NAME_LEN + 1;
	KUNIT_EXPECT_EQ(test, bpf_prog_attrs_validate(&a), -E2BIG);
	/* count, length and pointer go together */
	a.kfuncs_len = 0;
	KUNIT_EXPECT_EQ(test, bpf_prog_attrs_validate(&a), -EINVAL);
	a.kfuncs_len = 4;
	a.kfuncs = 0;
	KUNIT_EXPECT_EQ(test, bpf_prog_attrs_validate(&a), -EINVAL);
	a.kfunc_cnt = 0;
	a.kfuncs = 0x1000;
	KUNIT_EXPECT_EQ(test, bpf_prog_attrs_validate(&a), -EINVAL);
}

static int parse(struct bpf_prog_attrs_set *set, const char *s, u32 len, u32 cnt)
{
	memset(set, 0, sizeof(*set));
	return bpf_prog_attrs_parse_kfuncs(set, s, len, cnt);
}

static void kfunc_table_parse(struct kunit *test)
{
	static const char good[] =
		"bpf_task_release\0bpf_testmod:bpf_kfunc_call_test1\0bpf_cpumask_create";
	struct bpf_prog_attrs_set s;
	const char *m = NULL;

	KUNIT_ASSERT_EQ(test, parse(&s, good, sizeof(good), 3), 0);
	KUNIT_EXPECT_EQ(test, s.kfunc_cnt, 3);
	/* sorted */
	KUNIT_EXPECT_STREQ(test, s.kfuncs[0], "bpf_cpumask_create");
	KUNIT_EXPECT_STREQ(test, s.kfuncs[2], "bpf_testmod:bpf_kfunc_call_test1");
	KUNIT_EXPECT_TRUE(test, bpf_prog_attrs_has_kfunc(&s, NULL, "bpf_task_release", &m));
	KUNIT_EXPECT_STREQ(test, m, "bpf_task_release");
	/* a bare name matches in any module */
	KUNIT_EXPECT_TRUE(test, bpf_prog_attrs_has_kfunc(&s, "mod", "bpf_cpumask_create", &m));
	KUNIT_EXPECT_STREQ(test, m, "bpf_cpumask_create");
	/* a qualified one only in its module */
	KUNIT_EXPECT_TRUE(test, bpf_prog_attrs_has_kfunc(&s, "bpf_testmod",
							 "bpf_kfunc_call_test1", &m));
	KUNIT_EXPECT_STREQ(test, m, "bpf_testmod:bpf_kfunc_call_test1");
	KUNIT_EXPECT_FALSE(test, bpf_prog_attrs_has_kfunc(&s, "other",
							  "bpf_kfunc_call_test1", NULL));
	KUNIT_EXPECT_FALSE(test, bpf_prog_attrs_has_kfunc(&s, NULL,
							  "bpf_kfunc_call_test1", NULL));
	KUNIT_EXPECT_FALSE(test, bpf_prog_attrs_has_kfunc(&s, NULL, "bpf_task", NULL));
	kvfree(s.kfuncs);
}

static void kfunc_table_bad(struct kunit *test)
{
	char longname[BPF_PROG_ATTRS_KFUNC_NAME_LEN + 1];
	struct bpf_prog_attrs_set s;

	/* not NUL-terminated */
	KUNIT_EXPECT_EQ(test, parse(&s, "abc", 3, 1), -EINVAL);
	/* empty name */
	KUNIT_EXPECT_EQ(test, parse(&s, "a\0\0", 3, 2), -EINVAL);
	KUNIT_EXPECT_EQ(test, parse(&s, "", 1, 1), -EINVAL);
	/* count and strings disagree, both ways */
	KUNIT_EXPECT_EQ(test, parse(&s, "a\0b", 4, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, parse(&s, "a\0b", 4, 3), -EINVAL);
	KUNIT_EXPECT_EQ(test, parse(&s, "a", 2, 0), -EINVAL);
	/* duplicates */
	KUNIT_EXPECT_EQ(test, parse(&s, "a\0b\0a", 6, 3), -EINVAL);
	/* bad characters and separators */
	KUNIT_EXPECT_EQ(test, parse(&s, "a b", 4, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, parse(&s, ":a", 3, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, parse(&s, "a:", 3, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, parse(&s, "m:a:b", 6, 1), -EINVAL);
	/* too long, and the longest that fits */
	memset(longname, 'k', sizeof(longname));
	longname[BPF_PROG_ATTRS_KFUNC_NAME_LEN] = '\0';
	KUNIT_EXPECT_EQ(test, parse(&s, longname, sizeof(longname), 1), -EINVAL);
	longname[BPF_PROG_ATTRS_KFUNC_NAME_LEN - 1] = '\0';
	KUNIT_EXPECT_EQ(test, parse(&s, longname, BPF_PROG_ATTRS_KFUNC_NAME_LEN, 1), 0);
	kvfree(s.kfuncs);
	/* too many */
	KUNIT_EXPECT_EQ(test, parse(&s, "a", 2, BPF_PROG_ATTRS_KFUNC_MAX + 1), -EINVAL);
	KUNIT_EXPECT_PTR_EQ(test, s.kfuncs, NULL);
}

static void lookups(struct kunit *test)
{
	struct bpf_prog_attrs_set s = {};

	s.helpers[0] = 1ULL << BPF_FUNC_map_lookup_elem;
	s.helpers[3] = 1ULL << (__BPF_FUNC_MAX_ID - 1 - 192);
	KUNIT_EXPECT_TRUE(test, bpf_prog_attrs_helper_allowed(&s, BPF_FUNC_map_lookup_elem));
	KUNIT_EXPECT_TRUE(test, bpf_prog_attrs_helper_allowed(&s, __BPF_FUNC_MAX_ID - 1));
	KUNIT_EXPECT_FALSE(test, bpf_prog_attrs_helper_allowed(&s, BPF_FUNC_probe_write_user));
	KUNIT_EXPECT_FALSE(test, bpf_prog_attrs_helper_allowed(&s, 256));
	KUNIT_EXPECT_FALSE(test, bpf_prog_attrs_helper_allowed(&s, U32_MAX));

	/* kinds that are not handled are not restricted */
	KUNIT_EXPECT_TRUE(test, bpf_prog_attrs_map_allowed(&s, BPF_MAP_TYPE_HASH, true));
	KUNIT_EXPECT_TRUE(test, bpf_prog_attrs_access_allowed(&s, BPF_PROG_ACCESS_WRITE_CTX));
	s.handled = BPF_PROG_ATTRS_H_MAP_TYPES | BPF_PROG_ATTRS_H_MAP_TYPES_WRITE;
	s.map_types = 1ULL << BPF_MAP_TYPE_HASH | 1ULL << BPF_MAP_TYPE_ARRAY;
	s.map_types_write = 1ULL << BPF_MAP_TYPE_HASH;
	KUNIT_EXPECT_TRUE(test, bpf_prog_attrs_map_allowed(&s, BPF_MAP_TYPE_ARRAY, false));
	KUNIT_EXPECT_FALSE(test, bpf_prog_attrs_map_allowed(&s, BPF_MAP_TYPE_ARRAY, true));
	KUNIT_EXPECT_TRUE(test, bpf_prog_attrs_map_allowed(&s, BPF_MAP_TYPE_HASH, true));
	KUNIT_EXPECT_FALSE(test, bpf_prog_attrs_map_allowed(&s, BPF_MAP_TYPE_RINGBUF, false));
	KUNIT_EXPECT_FALSE(test, bpf_prog_attrs_map_allowed(&s, 64, false));
	s.access_handled = BPF_PROG_ACCESS_WRITE_CTX | BPF_PROG_ACCESS_WRITE_PACKET;
	s.access = BPF_PROG_ACCESS_WRITE_PACKET;
	KUNIT_EXPECT_FALSE(test, bpf_prog_attrs_access_allowed(&s, BPF_PROG_ACCESS_WRITE_CTX));
	KUNIT_EXPECT_TRUE(test, bpf_prog_attrs_access_allowed(&s, BPF_PROG_ACCESS_WRITE_PACKET));
	KUNIT_EXPECT_TRUE(test, bpf_prog_attrs_access_allowed(&s, BPF_PROG_ACCESS_READ_KERNEL));

	KUNIT_EXPECT_STREQ(test, bpf_prog_attrs_map_type_name(BPF_MAP_TYPE_ARENA), "arena");
	KUNIT_EXPECT_STREQ(test, bpf_prog_attrs_map_type_name(BPF_MAP_TYPE_HASH), "hash");
	KUNIT_EXPECT_STREQ(test, bpf_prog_attrs_map_type_name(__MAX_BPF_MAP_TYPE), "unknown");
}

static void subset(struct kunit *test)
{
	static const char ab[] = "a\0b", a[] = "a", mod_a[] = "m:a";
	struct bpf_prog_attrs_set in = {}, out = {};

	/* undeclared programs are unrestricted */
	KUNIT_EXPECT_TRUE(test, bpf_prog_attrs_subset(NULL, NULL));
	KUNIT_EXPECT_TRUE(test, bpf_prog_attrs_subset(&in, NULL));
	KUNIT_EXPECT_FALSE(test, bpf_prog_attrs_subset(NULL, &out));
	KUNIT_EXPECT_TRUE(test, bpf_prog_attrs_subset(&in, &out));

	in.helpers[1] = 4;
	KUNIT_EXPECT_FALSE(test, bpf_prog_attrs_subset(&in, &out));
	out.helpers[1] = 6;
	KUNIT_EXPECT_TRUE(test, bpf_prog_attrs_subset(&in, &out));
	KUNIT_EXPECT_FALSE(test, bpf_prog_attrs_subset(&out, &in));

	/* a kind the outer set restricts must be restricted no wider */
	out.handled = BPF_PROG_ATTRS_H_MAP_TYPES;
	out.map_types = 1ULL << BPF_MAP_TYPE_HASH;
	KUNIT_EXPECT_FALSE(test, bpf_prog_attrs_subset(&in, &out));
	in.handled = BPF_PROG_ATTRS_H_MAP_TYPES;
	in.map_types = 1ULL << BPF_MAP_TYPE_HASH | 1ULL << BPF_MAP_TYPE_ARRAY;
	KUNIT_EXPECT_FALSE(test, bpf_prog_attrs_subset(&in, &out));
	in.map_types = 1ULL << BPF_MAP_TYPE_HASH;
	KUNIT_EXPECT_TRUE(test, bpf_prog_attrs_subset(&in, &out));

	out.access_handled = BPF_PROG_ACCESS_WRITE_CTX;
	KUNIT_EXPECT_FALSE(test, bpf_prog_attrs_subset(&in, &out));
	in.access_handled = BPF_PROG_ACCESS_WRITE_CTX;
	in.access = BPF_PROG_ACCESS_WRITE_CTX;
	KUNIT_EXPECT_FALSE(test, bpf_prog_attrs_subset(&in, &out));
	in.access = 0;
	KUNIT_EXPECT_TRUE(test, bpf_prog_attrs_subset(&in, &out));

	out.handled |= BPF_PROG_ATTRS_H_INSN_CNT;
	out.max_insn_cnt = 100;
	in.handled |= BPF_PROG_ATTRS_H_INSN_CNT;
	in.max_insn_cnt = 101;
	KUNIT_EXPECT_FALSE(test, bpf_prog_attrs_subset(&in, &out));
	in.max_insn_cnt = 100;
	KUNIT_EXPECT_TRUE(test, bpf_prog_attrs_subset(&in, &out));

	/* kfuncs: exact names; a bare name is not covered by m:name */
	KUNIT_ASSERT_EQ(test, bpf_prog_attrs_parse_kfuncs(&in, a, sizeof(a), 1), 0);
	KUNIT_EXPECT_FALSE(test, bpf_prog_attrs_subset(&in, &out));
	KUNIT_ASSERT_EQ(test, bpf_prog_attrs_parse_kfuncs(&out, mod_a, sizeof(mod_a), 1), 0);
	KUNIT_EXPECT_FALSE(test, bpf_prog_attrs_subset(&in, &out));
	kvfree(out.kfuncs);
	out.kfuncs = NULL;
	KUNIT_ASSERT_EQ(test, bpf_prog_attrs_parse_kfuncs(&out, ab, sizeof(ab), 2), 0);
	KUNIT_EXPECT_TRUE(test, bpf_prog_attrs_subset(&in, &out));
	KUNIT_EXPECT_FALSE(test, bpf_prog_attrs_subset(&out, &in));
	kvfree(in.kfuncs);
	kvfree(out.kfuncs);
}

/* bpf_prog_attrs_validate() of @set as bpf_prog_info reports it */
static int set_validate(struct kunit *test, const struct bpf_prog_attrs_set *set)
{
	char *buf = kunit_kzalloc(test, bpf_prog_attrs_report_size(set), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	bpf_prog_attrs_report(set, buf, 0);
	return bpf_prog_attrs_validate((struct bpf_prog_attrs *)buf);
}

static void combine(struct kunit *test)
{
	static const char ab[] = "a\0b", bc[] = "b\0c";
	struct bpf_prog_attrs_set x = {}, y = {}, *u, *i;

	x.helpers[0] = 0x3;
	y.helpers[0] = 0x6;
	y.helpers[3] = 1;
	/* x restricts map types and the size; y restricts the write class */
	x.handled = BPF_PROG_ATTRS_H_MAP_TYPES | BPF_PROG_ATTRS_H_INSN_CNT;
	x.map_types = 1ULL << BPF_MAP_TYPE_HASH | 1ULL << BPF_MAP_TYPE_ARRAY;
	x.max_insn_cnt = 50;
	y.handled = BPF_PROG_ATTRS_H_MAP_TYPES | BPF_PROG_ATTRS_H_INSN_CNT;
	y.map_types = 1ULL << BPF_MAP_TYPE_ARRAY | 1ULL << BPF_MAP_TYPE_RINGBUF;
	y.max_insn_cnt = 70;
	y.access_handled = BPF_PROG_ACCESS_WRITE_CTX | BPF_PROG_ACCESS_READ_KERNEL;
	y.access = BPF_PROG_ACCESS_READ_KERNEL;
	KUNIT_ASSERT_EQ(test, bpf_prog_attrs_parse_kfuncs(&x, ab, sizeof(ab), 2), 0);
	KUNIT_ASSERT_EQ(test, bpf_prog_attrs_parse_kfuncs(&y, bc, sizeof(bc), 2), 0);

	u = bpf_prog_attrs_combine(&x, &y, false);
	KUNIT_ASSERT_FALSE(test, IS_ERR(u));
	KUNIT_EXPECT_EQ(test, u->helpers[0], 0x7ULL);
	KUNIT_EXPECT_EQ(test, u->helpers[3], 1ULL);
	KUNIT_EXPECT_EQ(test, u->handled, x.handled);
	KUNIT_EXPECT_EQ(test, u->map_types, x.map_types | y.map_types);
	KUNIT_EXPECT_EQ(test, u->max_insn_cnt, 70);
	KUNIT_EXPECT_EQ(test, u->access_handled, 0);	/* x does not restrict it */
	KUNIT_EXPECT_EQ(test, u->access, 0);
	KUNIT_ASSERT_EQ(test, u->kfunc_cnt, 3);
	KUNIT_EXPECT_STREQ(test, u->kfuncs[0], "a");
	KUNIT_EXPECT_STREQ(test, u->kfuncs[2], "c");
	KUNIT_EXPECT_TRUE(test, bpf_prog_attrs_subset(&x, u));
	KUNIT_EXPECT_TRUE(test, bpf_prog_attrs_subset(&y, u));

	i = bpf_prog_attrs_combine(&x, &y, true);
	KUNIT_ASSERT_FALSE(test, IS_ERR(i));
	KUNIT_EXPECT_EQ(test, i->helpers[0], 0x2ULL);
	KUNIT_EXPECT_EQ(test, i->helpers[3], 0ULL);
	KUNIT_EXPECT_EQ(test, i->map_types, 1ULL << BPF_MAP_TYPE_ARRAY);
	KUNIT_EXPECT_EQ(test, i->max_insn_cnt, 50);
	KUNIT_EXPECT_EQ(test, i->access_handled, y.access_handled);
	KUNIT_EXPECT_EQ(test, i->access, BPF_PROG_ACCESS_READ_KERNEL);
	KUNIT_ASSERT_EQ(test, i->kfunc_cnt, 1);
	KUNIT_EXPECT_STREQ(test, i->kfuncs[0], "b");
	KUNIT_EXPECT_TRUE(test, bpf_prog_attrs_subset(i, &x));
	KUNIT_EXPECT_TRUE(test, bpf_prog_attrs_subset(i, &y));
	/* the intersection is the largest: x and y are not within it */
	KUNIT_EXPECT_FALSE(test, bpf_prog_attrs_subset(&x, i));
	KUNIT_EXPECT_TRUE(test, bpf_prog_attrs_subset(i, u));

	/* a kind one side leaves unrestricted takes the other's bits */
	y.handled |= BPF_PROG_ATTRS_H_MAP_TYPES_WRITE;
	y.map_types_write = 1ULL << BPF_MAP_TYPE_RINGBUF;
	bpf_prog_attrs_set_free(i);
	i = bpf_prog_attrs_combine(&x, &y, true);
	KUNIT_ASSERT_FALSE(test, IS_ERR(i));
	KUNIT_EXPECT_TRUE(test, i->handled & BPF_PROG_ATTRS_H_MAP_TYPES_WRITE);
	/* ... within the types it may reference at all: x has no ringbuf */
	KUNIT_EXPECT_EQ(test, i->map_types_write, 0ULL);
	KUNIT_EXPECT_EQ(test, set_validate(test, i), 0);
	y.map_types_write |= 1ULL << BPF_MAP_TYPE_ARRAY;
	bpf_prog_attrs_set_free(i);
	i = bpf_prog_attrs_combine(&x, &y, true);
	KUNIT_ASSERT_FALSE(test, IS_ERR(i));
	KUNIT_EXPECT_EQ(test, i->map_types_write, 1ULL << BPF_MAP_TYPE_ARRAY);
	bpf_prog_attrs_set_free(u);
	u = bpf_prog_attrs_combine(&x, &y, false);
	KUNIT_ASSERT_FALSE(test, IS_ERR(u));
	KUNIT_EXPECT_FALSE(test, u->handled & BPF_PROG_ATTRS_H_MAP_TYPES_WRITE);
	KUNIT_EXPECT_EQ(test, u->map_types_write, 0ULL);

	bpf_prog_attrs_set_free(u);
	bpf_prog_attrs_set_free(i);
	kvfree(x.kfuncs);
	kvfree(y.kfuncs);
}

static void report_round_trip(struct kunit *test)
{
	static const char names[] = "zeta\0alpha";
	struct bpf_prog_attrs_set s = {};
	struct bpf_prog_attrs *a;
	size_t n;
	char *buf;

	s.helpers[2] = 0x55;
	s.handled = BPF_PROG_ATTRS_H_MAP_TYPES_WRITE;
	s.map_types_write = 1ULL << BPF_MAP_TYPE_RINGBUF;
	s.access_handled = BPF_PROG_ACCESS_ALL;
	s.access = BPF_PROG_ACCESS_READ_KERNEL;
	KUNIT_ASSERT_EQ(test, bpf_prog_attrs_parse_kfuncs(&s, names, sizeof(names), 2), 0);
	n = bpf_prog_attrs_report_size(&s);
	KUNIT_EXPECT_EQ(test, n, sizeof(*a) + sizeof(names));
	buf = kunit_kzalloc(test, n, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	bpf_prog_attrs_report(&s, buf, 0x10000);
	a = (struct bpf_prog_attrs *)buf;
	KUNIT_EXPECT_EQ(test, a->helpers[2], 0x55);
	KUNIT_EXPECT_EQ(test, a->handled, BPF_PROG_ATTRS_H_MAP_TYPES_WRITE);
	KUNIT_EXPECT_EQ(test, a->map_types_write, 1ULL << BPF_MAP_TYPE_RINGBUF);
	KUNIT_EXPECT_EQ(test, a->access, BPF_PROG_ACCESS_READ_KERNEL);
	KUNIT_EXPECT_EQ(test, a->kfunc_cnt, 2);
	KUNIT_EXPECT_EQ(test, a->kfuncs_len, sizeof(names));
	KUNIT_EXPECT_EQ(test, a->kfuncs, 0x10000 + sizeof(*a));
	/* sorted, so "alpha" comes first */
	KUNIT_EXPECT_STREQ(test, buf + sizeof(*a), "alpha");
	KUNIT_EXPECT_STREQ(test, buf + sizeof(*a) + 6, "zeta");
	/* and what was reported is a valid set again */
	KUNIT_EXPECT_EQ(test, bpf_prog_attrs_validate(a), 0);
	kvfree(s.kfuncs);
}

/* The intersection of kfunc tables keeps what both allow, exactly. */
static void kfunc_intersect_exact(struct kunit *test)
{
	static const char xn[] = "foo\0mod:bar\0baz\0vmlinux:qux\0only_x";
	static const char yn[] = "mod:foo\0bar\0baz\0qux\0other:only_x";
	struct bpf_prog_attrs_set x = {}, y = {}, *i;

	KUNIT_ASSERT_EQ(test, bpf_prog_attrs_parse_kfuncs(&x, xn, sizeof(xn), 5), 0);
	KUNIT_ASSERT_EQ(test, bpf_prog_attrs_parse_kfuncs(&y, yn, sizeof(yn), 5), 0);
	i = bpf_prog_attrs_combine(&x, &y, true);
	KUNIT_ASSERT_FALSE(test, IS_ERR(i));
	/* a bare name covers a qualified one; "only_x" covers "other:only_x" */
	KUNIT_ASSERT_EQ(test, i->kfunc_cnt, 5);
	KUNIT_EXPECT_STREQ(test, i->kfuncs[0], "baz");
	KUNIT_EXPECT_STREQ(test, i->kfuncs[1], "mod:bar");
	KUNIT_EXPECT_STREQ(test, i->kfuncs[2], "mod:foo");
	KUNIT_EXPECT_STREQ(test, i->kfuncs[3], "other:only_x");
	KUNIT_EXPECT_STREQ(test, i->kfuncs[4], "vmlinux:qux");
	KUNIT_EXPECT_TRUE(test, bpf_prog_attrs_has_kfunc(i, "mod", "foo", NULL));
	KUNIT_EXPECT_FALSE(test, bpf_prog_attrs_has_kfunc(i, NULL, "foo", NULL));
	KUNIT_EXPECT_FALSE(test, bpf_prog_attrs_has_kfunc(i, "mod", "qux", NULL));
	KUNIT_EXPECT_TRUE(test, bpf_prog_attrs_has_kfunc(i, NULL, "qux", NULL));
	bpf_prog_attrs_set_free(i);
	kvfree(x.kfuncs);
	kvfree(y.kfuncs);
}

/* A ceiling blob (fsconfig's delegate_attrs): layout, round trip, tag. */
static void blob_and_tag(struct kunit *test)
{
	static const char names[] = "zeta\0alpha";
	u8 tag[BPF_TAG_SIZE], tag2[BPF_TAG_SIZE], digest[SHA256_DIGEST_SIZE];
	struct bpf_prog_attrs_set s = {}, *p;
	struct bpf_prog_attrs *a;
	size_t n;
	char *buf;

	s.helpers[0] = 1ULL << BPF_FUNC_map_lookup_elem;
	s.handled = BPF_PROG_ATTRS_H_MAP_TYPES;
	s.map_types = 1ULL << BPF_MAP_TYPE_ARRAY;
	KUNIT_ASSERT_EQ(test, bpf_prog_attrs_parse_kfuncs(&s, names, sizeof(names), 2), 0);
	n = bpf_prog_attrs_report_size(&s);
	buf = kunit_kzalloc(test, n + 8, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	bpf_prog_attrs_report(&s, buf, 0);
	a = (struct bpf_prog_attrs *)buf;
	KUNIT_EXPECT_EQ(test, a->kfuncs, sizeof(*a));	/* the blob's offset */

	p = bpf_prog_attrs_from_blob(buf, n);
	KUNIT_ASSERT_FALSE(test, IS_ERR(p));
	KUNIT_EXPECT_TRUE(test, bpf_prog_attrs_subset(p, &s));
	KUNIT_EXPECT_TRUE(test, bpf_prog_attrs_subset(&s, p));
	/* the tag is the start of the SHA-256 of the canonical blob */
	bpf_prog_attrs_tag(p, tag);
	sha256(buf, n, digest);
	KUNIT_EXPECT_MEMEQ(test, tag, digest, BPF_TAG_SIZE);
	bpf_prog_attrs_tag(&s, tag2);
	KUNIT_EXPECT_MEMEQ(test, tag, tag2, BPF_TAG_SIZE);
	bpf_prog_attrs_set_free(p);
	s.helpers[0] |= 1ULL << BPF_FUNC_ktime_get_ns;
	bpf_prog_attrs_tag(&s, tag2);
	KUNIT_EXPECT_MEMNEQ(test, tag, tag2, BPF_TAG_SIZE);

	/* bad layouts */
	KUNIT_EXPECT_EQ(test, PTR_ERR(bpf_prog_attrs_from_blob(buf, sizeof(*a) - 8)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(bpf_prog_attrs_from_blob(buf, n - 1)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(bpf_prog_attrs_from_blob(buf, n + 8)), -EINVAL);
	a->kfuncs = 8;
	KUNIT_EXPECT_EQ(test, PTR_ERR(bpf_prog_attrs_from_blob(buf, n)), -EINVAL);
	/* without an offset the names are a tail this kernel does not know */
	a->kfuncs = 0;
	KUNIT_EXPECT_EQ(test, PTR_ERR(bpf_prog_attrs_from_blob(buf, n)), -E2BIG);
	kvfree(s.kfuncs);
}

/* Ceilings given one after the other only ever narrow. */
static void delegate_narrows(struct kunit *test)
{
	struct bpf_mount_opts opts = {};
	struct bpf_prog_attrs a;

	memset(&a, 0, sizeof(a));
	a.helpers[0] = 1ULL << BPF_FUNC_map_lookup_elem | 1ULL << BPF_FUNC_ktime_get_ns;
	KUNIT_ASSERT_EQ(test, bpf_prog_attrs_delegate(&opts, &a, sizeof(a)), 0);
	a.helpers[0] = 1ULL << BPF_FUNC_ktime_get_ns | 1ULL << BPF_FUNC_get_prandom_u32;
	a.handled = BPF_PROG_ATTRS_H_INSN_CNT;
	a.max_insn_cnt = 100;
	KUNIT_ASSERT_EQ(test, bpf_prog_attrs_delegate(&opts, &a, sizeof(a)), 0);
	KUNIT_ASSERT_NOT_NULL(test, opts.delegate_attrs);
	KUNIT_EXPECT_EQ(test, opts.delegate_attrs->helpers[0], 1ULL << BPF_FUNC_ktime_get_ns);
	KUNIT_EXPECT_EQ(test, opts.delegate_attrs->handled, BPF_PROG_ATTRS_H_INSN_CNT);
	KUNIT_EXPECT_EQ(test, opts.delegate_attrs->max_insn_cnt, 100);
	/* a bad one changes nothing */
	a.helpers[0] |= 1;
	KUNIT_EXPECT_EQ(test, bpf_prog_attrs_delegate(&opts, &a, sizeof(a)), -EINVAL);
	KUNIT_EXPECT_EQ(test, opts.delegate_attrs->helpers[0], 1ULL << BPF_FUNC_ktime_get_ns);
	bpf_prog_attrs_set_free(opts.delegate_attrs);
}

/* Where each kind of pointer's accesses are counted. */
static void mem_kinds(struct kunit *test)
{
	static const struct {
		u32 type;
		enum mem_kind kind;
	} want[] = {
		{ NOT_INIT, MEM_KIND_OWN },
		{ SCALAR_VALUE, MEM_KIND_OWN },
		{ PTR_TO_STACK, MEM_KIND_OWN },
		{ PTR_TO_CTX, MEM_KIND_CTX },
		{ PTR_TO_PACKET, MEM_KIND_PACKET },
		{ PTR_TO_PACKET_META, MEM_KIND_PACKET },
		{ PTR_TO_PACKET_END, MEM_KIND_KERNEL },
		{ PTR_TO_MAP_VALUE, MEM_KIND_MAP },
		{ PTR_TO_MAP_VALUE | PTR_MAYBE_NULL, MEM_KIND_MAP },
		{ PTR_TO_MAP_KEY, MEM_KIND_MAP },
		{ PTR_TO_ARENA, MEM_KIND_ARENA },
		{ PTR_TO_BUF, MEM_KIND_ATTACH_MAP },
		{ PTR_TO_BUF | MEM_RDONLY, MEM_KIND_ATTACH_MAP },
		{ CONST_PTR_TO_MAP, MEM_KIND_KERNEL },
		{ PTR_TO_TP_BUFFER, MEM_KIND_KERNEL },
		{ PTR_TO_SOCKET, MEM_KIND_KERNEL },
		{ PTR_TO_TCP_SOCK, MEM_KIND_KERNEL },
		{ PTR_TO_BTF_ID, MEM_KIND_KERNEL },
		{ PTR_TO_BTF_ID | PTR_TRUSTED, MEM_KIND_KERNEL },
		{ PTR_TO_BTF_ID | PTR_UNTRUSTED, MEM_KIND_KERNEL },
		{ PTR_TO_BTF_ID | MEM_ALLOC, MEM_KIND_OWN },
		{ PTR_TO_MEM, MEM_KIND_OWN },
		{ PTR_TO_MEM | MEM_RINGBUF, MEM_KIND_OWN },
		{ PTR_TO_MEM | DYNPTR_TYPE_SKB, MEM_KIND_PACKET },
		{ PTR_TO_MEM | DYNPTR_TYPE_XDP | MEM_RDONLY, MEM_KIND_PACKET },
		{ PTR_TO_FUNC, MEM_KIND_KERNEL },
		{ CONST_PTR_TO_DYNPTR, MEM_KIND_KERNEL },
		/* not a register type at all */
		{ __BPF_REG_TYPE_MAX, MEM_KIND_KERNEL },
	};
	u32 i;

	for (i = 0; i < ARRAY_SIZE(want); i++)
		KUNIT_EXPECT_EQ_MSG(test, bpf_prog_attrs_mem_kind(want[i].type), want[i].kind,
				    "register type %#x", want[i].type);
}

/*
 * The register types bpf_prog_attrs_mem() lets through inline: loads
 * through them are free (own memory, maps, context, packets, arena:
 * nothing restricted, nothing observed), stores only through the
 * program's own memory, whatever the flags.
 */
static void free_accesses(struct kunit *test)
{
	static const u32 flags[] = {
		0, PTR_MAYBE_NULL, MEM_RDONLY, MEM_RINGBUF, MEM_USER, MEM_PERCPU,
		PTR_UNTRUSTED, PTR_TRUSTED, MEM_RCU, MEM_ALLOC,
		DYNPTR_TYPE_LOCAL, DYNPTR_TYPE_SKB, DYNPTR_TYPE_XDP,
	};
	u32 base, i, n_load = 0;

	BUILD_BUG_ON(__BPF_REG_TYPE_MAX > BITS_PER_LONG);
	for (base = 0; base < __BPF_REG_TYPE_MAX; base++) {
		for (i = 0; i < ARRAY_SIZE(flags); i++) {
			enum mem_kind kind = bpf_prog_attrs_mem_kind(base | flags[i]);

			if (BPF_PROG_ATTRS_FREE_ACCESS & BIT(base))
				KUNIT_EXPECT_EQ_MSG(test, kind, MEM_KIND_OWN,
						    "register type %#x", base | flags[i]);
			if (BPF_PROG_ATTRS_FREE_LOAD & BIT(base))
				KUNIT_EXPECT_TRUE_MSG(test, kind == MEM_KIND_OWN ||
						      kind == MEM_KIND_MAP ||
						      kind == MEM_KIND_ARENA ||
						      kind == MEM_KIND_CTX ||
						      kind == MEM_KIND_PACKET,
						      "register type %#x: kind %d",
						      base | flags[i], kind);
		}
		n_load += !!(BPF_PROG_ATTRS_FREE_LOAD & BIT(base));
	}
	/* the lists as written: four own kinds, seven more for loads */
	KUNIT_EXPECT_EQ(test, hweight_long(BPF_PROG_ATTRS_FREE_ACCESS), 4);
	KUNIT_EXPECT_EQ(test, n_load, 11);
	KUNIT_EXPECT_FALSE(test, BPF_PROG_ATTRS_FREE_LOAD & BIT(PTR_TO_BTF_ID));
	KUNIT_EXPECT_FALSE(test, BPF_PROG_ATTRS_FREE_LOAD & BIT(PTR_TO_BUF));
}

/* Would bpf_prog_attrs_check_mem() pass this access, once @access is observed? */
static bool passes_observed(enum mem_kind kind, u64 access, bool write)
{
	switch (kind) {
	case MEM_KIND_OWN:
		return true;
	case MEM_KIND_MAP:
	case MEM_KIND_ARENA:
		/* stores are checked map by map */
		return !write;
	case MEM_KIND_ATTACH_MAP:
		/* observed at each access */
		return false;
	case MEM_KIND_CTX:
		return !write || (access & BPF_PROG_ACCESS_WRITE_CTX);
	case MEM_KIND_PACKET:
		return !write || (access & BPF_PROG_ACCESS_WRITE_PACKET);
	case MEM_KIND_KERNEL:
		return access & (write ? BPF_PROG_ACCESS_WRITE_KERNEL :
				 BPF_PROG_ACCESS_READ_KERNEL);
	}
	return false;
}

/*
 * The base register types bpf_prog_attrs_mem() passes inline once access
 * classes are observed: whatever the flags, each is an access
 * bpf_prog_attrs_check_mem() passes then; and none before its class is.
 */
static void decided_accesses(struct kunit *test)
{
	static const u32 flags[] = {
		0, PTR_MAYBE_NULL, MEM_RDONLY, MEM_RINGBUF, MEM_USER, MEM_PERCPU,
		PTR_UNTRUSTED, PTR_TRUSTED, MEM_RCU, MEM_ALLOC, MEM_ALLOC | MEM_RCU,
		DYNPTR_TYPE_LOCAL, DYNPTR_TYPE_SKB, DYNPTR_TYPE_XDP,
		DYNPTR_TYPE_SKB | MEM_RDONLY,
	};
	u32 type, i, write;
	u64 access;

	for (access = 0; access <= BPF_PROG_ACCESS_ALL; access++) {
		for (write = 0; write < 2; write++) {
			unsigned long types = bpf_prog_attrs_mem_decided(access, write);

			for (i = 0; i < __BPF_REG_TYPE_MAX * ARRAY_SIZE(flags); i++) {
				type = (i / ARRAY_SIZE(flags)) | flags[i % ARRAY_SIZE(flags)];
				if (!(types & BIT(base_type(type))))
					continue;
				KUNIT_EXPECT_TRUE_MSG(test,
						      passes_observed(bpf_prog_attrs_mem_kind(type),
								      access, write),
						      "register type %#x, access %#llx, write %u",
						      type, access, write);
			}
		}
	}
	/* each class decides its own pointers, and only once observed */
	KUNIT_EXPECT_FALSE(test, bpf_prog_attrs_mem_decided(0, false) & BIT(PTR_TO_BTF_ID));
	KUNIT_EXPECT_TRUE(test, bpf_prog_attrs_mem_decided(BPF_PROG_ACCESS_READ_KERNEL, false) &
			  BIT(PTR_TO_BTF_ID));
	KUNIT_EXPECT_FALSE(test, bpf_prog_attrs_mem_decided(BPF_PROG_ACCESS_READ_KERNEL, true) &
			   BIT(PTR_TO_BTF_ID));
	KUNIT_EXPECT_TRUE(test, bpf_prog_attrs_mem_decided(BPF_PROG_ACCESS_WRITE_PACKET, true) &
			  BIT(PTR_TO_MEM));
	KUNIT_EXPECT_FALSE(test, bpf_prog_attrs_mem_decided(BPF_PROG_ACCESS_WRITE_PACKET, true) &
			   BIT(PTR_TO_CTX));
	KUNIT_EXPECT_FALSE(test, bpf_prog_attrs_mem_decided(BPF_PROG_ACCESS_ALL, true) &
			   (BIT(PTR_TO_MAP_VALUE) | BIT(PTR_TO_ARENA) | BIT(PTR_TO_BUF)));
	KUNIT_EXPECT_FALSE(test, bpf_prog_attrs_mem_decided(BPF_PROG_ACCESS_ALL, false) &
			   BIT(PTR_TO_BUF));
}

/* A prog array's member record stays bounded by a set's kfunc limit. */
static void tail_record_bounded(struct kunit *test)
{
	const u32 half = BPF_PROG_ATTRS_KFUNC_MAX / 2 + 1;
	struct bpf_prog_attrs_set a = {}, b = {};
	struct bpf_prog_attrs_tail t = {};
	char *strs[2];
	u32 i, n, k;

	/* two sets of "a0".."a<half>" and "b0".."b<half>": a union too large */
	for (k = 0; k < 2; k++) {
		strs[k] = kunit_kzalloc(test, half * 8, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, strs[k]);
		for (i = 0, n = 0; i < half; i++)
			n += sprintf(strs[k] + n, "%c%u", 'a' + k, i) + 1;
		KUNIT_ASSERT_EQ(test,
				bpf_prog_attrs_parse_kfuncs(k ? &b : &a, strs[k], n, half), 0);
	}
	mutex_init(&t.lock);
	mutex_lock(&t.lock);
	KUNIT_EXPECT_EQ(test, bpf_prog_attrs_tail_widen(&t, &a), 0);
	KUNIT_ASSERT_NOT_NULL(test, t.members);
	KUNIT_EXPECT_EQ(test, t.members->kfunc_cnt, half);
	KUNIT_EXPECT_FALSE(test, t.open_member);
	/* the same member again: within the record, which is left alone */
	KUNIT_EXPECT_TRUE(test, bpf_prog_attrs_subset(&a, t.members));
	KUNIT_EXPECT_EQ(test, bpf_prog_attrs_tail_widen(&t, &b), 0);
	KUNIT_EXPECT_TRUE(test, t.open_member);
	KUNIT_EXPECT_NULL(test, t.members);
	mutex_unlock(&t.lock);
	bpf_prog_attrs_set_free(t.members);
	mutex_destroy(&t.lock);
	kvfree(a.kfuncs);
	kvfree(b.kfuncs);
}

static struct kunit_case bpf_prog_attrs_test_cases[] = {
	KUNIT_CASE(validate_empty_and_minimal),
	KUNIT_CASE(validate_helper_bits),
	KUNIT_CASE(validate_handled_and_access),
	KUNIT_CASE(validate_map_types),
	KUNIT_CASE(validate_limits),
	KUNIT_CASE(validate_kfunc_table_header),
	KUNIT_CASE(kfunc_table_parse),
	KUNIT_CASE(kfunc_table_bad),
	KUNIT_CASE(lookups),
	KUNIT_CASE(subset),
	KUNIT_CASE(combine),
	KUNIT_CASE(report_round_trip),
	KUNIT_CASE(mem_kinds),
	KUNIT_CASE(decided_accesses),
	KUNIT_CASE(free_accesses),
	KUNIT_CASE(tail_record_bounded),
	KUNIT_CASE(kfunc_intersect_exact),
	KUNIT_CASE(blob_and_tag),
	KUNIT_CASE(delegate_narrows),
	{}
};

static struct kunit_suite bpf_prog_attrs_test_suite = {
	.name = "bpf_prog_attrs",
	.test_cases = bpf_prog_attrs_test_cases,
};

kunit_test_suite(bpf_prog_attrs_test_suite);
