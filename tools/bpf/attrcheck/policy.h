/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* Supervisor policy files: parse, check, print (Documentation/attrcheck-policy.rst). */
#ifndef __ATTRCHECK_POLICY_H
#define __ATTRCHECK_POLICY_H

#include <stdbool.h>
#include <stdio.h>
#include <linux/types.h>

#include "supervisor.h"

struct prog_attrs_text;
struct bpf_prog_attrs;

struct pol_rule {
	char name[SV_NAME_LEN];
	char ceiling[SV_NAME_LEN];	/* SV_A_CEILING: its name */
	unsigned int line;
	__u32 match;			/* SV_M_* given */
	__u32 action;			/* SV_A_* */
	__u32 mode;			/* SV_ENFORCE, SV_AUDIT */
	__u32 uid, gid;
	char *cgroup;			/* path below the cgroup2 mount */
	char *exe;
	__u16 digest_alg;
	__u16 digest_size;
	__u8 digest[SV_DIGEST_MAX];
	__u32 flags;			/* SV_F_* */
	char *pinned[SV_MAX_PINNED];	/* "pinned deny" patterns */
	unsigned int pinned_cnt;
};

/* An object a "pinned deny" pattern matched when the policy was loaded */
struct pol_pin {
	__u64 dev, ino;			/* kernel dev_t, inode */
	__u32 map_id;			/* 0: not a map */
	unsigned int rule;		/* index in evaluation order */
	const char *pattern;		/* the rule's */
	char *path;
};

struct policy {
	char *path;
	struct prog_attrs_text *ceilings;	/* "ceiling NAME" blocks */
	struct pol_rule *rules;		/* evaluation order; the default last */
	unsigned int rule_cnt;		/* without the default */
	struct pol_pin *pins;		/* filled by "attrcheck supervise" */
	unsigned int pin_cnt;
};

/* Reads @path; NULL on error, with "FILE:LINE: message" in @err */
struct policy *policy_read(const char *path, char *err, size_t err_sz);
void policy_free(struct policy *p);
/* The ceiling of rule @r, or NULL (unrestricted, deny) */
const struct bpf_prog_attrs *policy_ceiling(const struct policy *p, const struct pol_rule *r);
/* Prints @p in normal form (ceilings, then rules in evaluation order) */
int policy_fprint(const struct policy *p, FILE *out);
/* "sha256:HEX" into @buf */
void policy_digest_str(__u16 alg, __u16 size, const __u8 *d, char *buf, size_t sz);

#endif
