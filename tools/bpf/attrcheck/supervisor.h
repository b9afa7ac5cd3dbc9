/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The supervisor's kernel/userspace interface: the policy as it lives in
 * the supervisor's maps, and the decision records of its ring buffer.
 * Shared by supervisor.bpf.c and supervise.c; see
 * Documentation/attrcheck-policy.rst.
 */
#ifndef __ATTRCHECK_SUPERVISOR_H
#define __ATTRCHECK_SUPERVISOR_H

#define SV_MAX_RULES		64	/* rules in a policy, default excluded */
#define SV_MAX_ENTRIES		8192	/* rules, kfunc names and the head */
#define SV_NAME_LEN		32	/* rule and ceiling names, with the NUL */
#define SV_KFUNC_LEN		128	/* BPF_PROG_ATTRS_KFUNC_NAME_LEN */
#define SV_KFUNC_MAX		256	/* BPF_PROG_ATTRS_KFUNC_MAX */
#define SV_HELPER_WORDS		4	/* BPF_PROG_ATTRS_HELPER_WORDS */
#define SV_EXE_LEN		256
#define SV_DIGEST_MAX		64	/* SHA-512 */
#define SV_COMM_LEN		16
#define SV_PROG_NAME_LEN	16	/* BPF_OBJ_NAME_LEN */
#define SV_EV_KFUNCS		8	/* kfunc names a record carries */
#define SV_MAX_OWNERS		65536	/* maps whose creator is known */
#define SV_MAX_PINNED		16	/* "pinned deny" patterns of a rule */
#define SV_ANY_RULE		0xffffffffU	/* key.rule: some rule names it */

/* What a rule matches on: every condition given must hold */
enum sv_match {
	SV_M_UID	= 1 << 0,
	SV_M_GID	= 1 << 1,
	SV_M_CGROUP	= 1 << 2,	/* the cgroup or one below it */
	SV_M_EXE	= 1 << 3,	/* the loader's executable (device, inode) */
	SV_M_DIGEST	= 1 << 4,	/* its fs-verity digest */
	SV_M_NEVER	= 1 << 5,	/* exe or cgroup absent at policy load */
};

enum sv_action {
	SV_A_CEILING,		/* allow what fits the rule's ceiling */
	SV_A_UNRESTRICTED,	/* allow every load */
	SV_A_DENY,		/* deny every load */
};

/* What else a rule says about the loader's access to maps (sv_rule.flags) */
enum sv_rule_flags {
	SV_F_OWN_MAPS	= 1 << 0,	/* map_updates own */
};

enum sv_mode {
	SV_ENFORCE,
	SV_AUDIT,		/* record what would be denied, allow it */
};

/* A ceiling: struct bpf_prog_attrs without the kfunc names, which are
 * keys of their own (SV_K_KFUNC).
 */
struct sv_ceiling {
	__u64 helpers[SV_HELPER_WORDS];
	__u64 map_types;
	__u64 map_types_write;
	__u64 handled;
	__u64 access_handled;
	__u64 access;
	__u32 max_insn_cnt;
	__u32 max_insn_processed;
	__u32 kfunc_cnt;
	__u32 pad;
};

struct sv_rule {
	char name[SV_NAME_LEN];
	char ceiling_name[SV_NAME_LEN];
	__u32 match;			/* SV_M_* */
	__u32 action;			/* SV_A_* */
	__u32 mode;			/* SV_ENFORCE, SV_AUDIT */
	__u32 uid;
	__u32 gid;
	__u32 cgroup_level;		/* depth of the cgroup, / is 0 */
	__u64 cgroup_id;
	__u64 exe_dev;			/* kernel dev_t (MKDEV) */
	__u64 exe_ino;
	__u32 line;			/* in the policy file */
	__u32 flags;			/* SV_F_* */
	__u32 pinned_cnt;		/* SV_K_PATTERN keys 0..pinned_cnt-1 */
	__u16 digest_alg;		/* FS_VERITY_HASH_ALG_* */
	__u16 digest_size;
	__u8 digest[SV_DIGEST_MAX];
	struct sv_ceiling ceiling;
	/* as written in the policy, for "attrcheck supervise show" */
	char exe[SV_EXE_LEN];
	char cgroup[SV_EXE_LEN];
};

/* The policy head: SV_K_HEAD, rule 0 */
struct sv_head {
	__u32 generation;		/* bumped by every policy load */
	__u32 rule_cnt;			/* rules 0..rule_cnt-1, then the default */
	__u32 self_tgid;		/* the supervisor process */
	__u32 flags;			/* SV_HF_* */
};

/* What the policy holds besides load rules, so hooks look only then */
enum sv_head_flags {
	SV_HF_PINNED	= 1 << 0,	/* SV_K_PIN and SV_K_MAP keys */
	SV_HF_OWN_MAPS	= 1 << 1,	/* a rule with SV_F_OWN_MAPS */
};

enum sv_kind {
	SV_K_HEAD,
	SV_K_RULE,			/* rule: index in evaluation order */
	SV_K_KFUNC,			/* rule: index; name: a kfunc it allows */
	SV_K_PIN,			/* rule: index or SV_ANY_RULE; name: sv_pin */
	SV_K_MAP,			/* rule: index or SV_ANY_RULE; name: map id */
	SV_K_PATTERN,			/* rule: index; name: __u32 n; value: pattern */
};

/* SV_K_PIN: a pin, directory or symlink target "pinned deny" matched
 * when the policy was loaded; the loaders of the rule may not open it,
 * nor walk below it
 */
struct sv_pin {
	__u64 dev;			/* kernel dev_t */
	__u64 ino;
};

struct sv_key {
	__u32 kind;			/* SV_K_* */
	__u32 rule;
	char name[SV_KFUNC_LEN];	/* SV_K_KFUNC only, NUL padded */
};

union sv_value {
	struct sv_head head;
	struct sv_rule rule;
	char pattern[SV_EXE_LEN];	/* SV_K_PATTERN: as written, for "show" */
};

/* The supervisor's own objects (map "self_objs"), protected from others */
enum sv_obj_kind {
	SV_O_MAP = 1,			/* id: a map; writable opens refused */
	SV_O_LINK,			/* id: a link; BPF_LINK_GET_FD_BY_ID refused */
	SV_O_PIN,			/* (dev, ino): unlink, rename, link refused */
	SV_O_PIN_LOCKED,		/* the same, and any open */
	SV_O_MOUNT,			/* dev: the bpffs holding the pins; umount refused */
};

struct sv_obj {
	__u32 kind;			/* SV_O_* */
	__u32 pad;
	__u64 id;			/* id, inode number, or 0 */
	__u64 dev;			/* kernel dev_t, or 0 */
};

/* What another process tried on the supervisor's objects */
enum sv_op {
	SV_OP_MAP_WRITE = 1,		/* a writable fd of one of its maps */
	SV_OP_LINK_FD,			/* an fd of one of its links, by id */
	SV_OP_PIN_OPEN,			/* a path walk to a locked pin */
	SV_OP_UNLINK,
	SV_OP_RENAME,
	SV_OP_HARDLINK,
	SV_OP_UMOUNT,
	SV_OP_PTRACE,			/* ptrace, pidfd_getfd, /proc/PID/fd */
	SV_OP_PINNED,			/* an open below a "pinned deny" path */
	SV_OP_MAP_FD,			/* an fd of a map pinned there, by any path or id */
	SV_OP_MAP_UPDATE,		/* a writable fd of a map of another owner */
};

enum sv_event_kind {
	SV_EV_LOAD,			/* a decision on a program load */
	SV_EV_PROTECT,			/* op refused on the supervisor's objects */
	SV_EV_ACCESS,			/* op refused by the loader's rule */
};

/* Why a load was denied (or, in audit mode, would have been) */
enum sv_reason {
	SV_R_NONE,
	SV_R_HELPER,			/* value: helper id */
	SV_R_KFUNC,			/* kfunc: the name */
	SV_R_MAP_TYPES,			/* value: map type, or -1: not restricted */
	SV_R_MAP_TYPES_WRITE,		/* likewise */
	SV_R_ACCESS,			/* value: BPF_PROG_ACCESS_* bit */
	SV_R_MAX_INSN_CNT,		/* value: the program's, limit: the ceiling's */
	SV_R_MAX_INSN_PROCESSED,	/* likewise; -1: not restricted */
	SV_R_UNBOUNDED,			/* value: BPF_PROG_ATTRS_OBS_* flags */
	SV_R_RULE_DENY,			/* the rule says deny */
	SV_R_NO_POLICY,			/* no policy in the map: fail closed */
	SV_R_EXTENSION,			/* an extension (freplace), under a ceiling */
	SV_R_MAP_OWNER,			/* value: id of a map it may write, not its own */
};

enum sv_verdict {
	SV_V_ALLOW,
	SV_V_DENY,
};

/* The creator of a map (map "owners", keyed by the map's address) */
struct sv_owner {
	__u32 uid;
	__u32 pad;
	__u64 exe_dev;			/* 0: no executable */
	__u64 exe_ino;
};

struct sv_event {
	__u32 event;			/* SV_EV_* */
	__u32 op;			/* SV_EV_PROTECT, SV_EV_ACCESS: SV_OP_* */
	__u64 ts_ns;			/* CLOCK_BOOTTIME */
	__u64 cgroup_id;
	__u64 reason_value;		/* SV_EV_PROTECT, _ACCESS: the object's id or inode */
	/* reason_limit, SV_EV_ACCESS: the pin's device (kernel dev_t) */
	__u32 pid;
	__u32 tgid;
	__u32 uid;
	__u32 gid;
	__u32 generation;
	__s32 rule;			/* index, rule_cnt: the default, -1: none */
	__u32 verdict;			/* SV_V_* */
	__u32 mode;			/* SV_ENFORCE, SV_AUDIT */
	__u32 reason;			/* SV_R_* */
	__u32 reason_limit;
	__u32 prog_type;
	__u32 insn_cnt;
	__u32 declared;			/* judged by the declared set */
	__u32 unbounded;		/* observed set's BPF_PROG_ATTRS_OBS_* */
	__u32 exe_ok;			/* exe holds a path */
	__u16 digest_alg;		/* 0: no fs-verity digest */
	__u16 digest_size;
	__u8 digest[SV_DIGEST_MAX];
	char comm[SV_COMM_LEN];
	char prog_name[SV_PROG_NAME_LEN];
	char exe[SV_EXE_LEN];
	char kfunc[SV_KFUNC_LEN];	/* SV_R_KFUNC: the kfunc */
	/* the set judged, for the log and for learning a policy */
	struct sv_ceiling set;		/* kfunc_cnt: of the whole set */
	char kfuncs[SV_EV_KFUNCS][SV_KFUNC_LEN];	/* the first ones */
};

#ifdef __bpf__
/* The kfuncs of fs/bpf_fs_kfuncs.c and fs/verity/measure.c (6.12), weak:
 * the supervisor runs without fs-verity too
 */
struct file *bpf_get_task_exe_file(struct task_struct *task) __ksym __weak;
void bpf_put_file(struct file *file) __ksym __weak;
int bpf_path_d_path(struct path *path, char *buf, size_t buf__sz) __ksym __weak;
int bpf_get_fsverity_digest(struct file *file,
			    struct bpf_dynptr *digest_p) __ksym __weak;
#endif

#endif
