// SPDX-License-Identifier: GPL-2.0
/*
 * A BPF token carries an attribute ceiling: the privileged parent sets
 * delegate_attrs on the bpffs instance of an unprivileged child (user and
 * mount namespace, as prog_tests/token.c sets one up); every program the
 * child loads with a token of that instance is verified under its declared
 * set within the ceiling, or under the ceiling when it declares none.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <unistd.h>
#include <linux/filter.h>
#include <linux/mount.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "prog_attrs_helpers.h"
#include "prog_attrs_lsm.skel.h"
#include "prog_attrs_token.skel.h"

#define SOCK_FILTER BPF_PROG_TYPE_SOCKET_FILTER
#define PAGE_SZ 4096	/* the kernel's bound on a set's struct */

static int sys_fsopen(const char *fsname, unsigned int flags)
{
	return syscall(__NR_fsopen, fsname, flags);
}

static int sys_fsconfig(int fs_fd, unsigned int cmd, const char *key, const void *val, int aux)
{
	return syscall(__NR_fsconfig, fs_fd, cmd, key, val, aux);
}

static int sys_fspick(int dfd, const char *path, unsigned int flags)
{
	return syscall(__NR_fspick, dfd, path, flags);
}

static int sys_fsmount(int fs_fd, unsigned int flags, unsigned int ms_flags)
{
	return syscall(__NR_fsmount, fs_fd, flags, ms_flags);
}

static void zclose_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

#define zclose(fd) zclose_fd(&(fd))

/* the verifier log lines the refusals must produce */
enum {
	PROBE_LINE, OWN_LINE, MAP_LINE, TAIL_LINE, LIBBPF_LINE, EXT_LINE,
	SYS_READ_LINE, SYS_WRITE_LINE, SYS_CEILING_LINE, KALLSYMS_LINE,
};

static const char * const want_line[] = {
	"insn 4: call to helper bpf_probe_read_kernel#113 is not in the token's attribute ceiling (helpers)\n",
	"insn 6: call to helper bpf_map_lookup_elem#1 is not in the program's attribute set (helpers)\n",
	"map 'h' of type hash is not in the token's attribute ceiling (map_types)\n",
	"prog array 'pa_open' holds a program whose attribute set is not within this program's (tail calls)\n",
	"call to helper bpf_probe_read_kernel#113 is not in the token's attribute ceiling (helpers)\n",
	"extension's attribute set is not within the set of the program it extends (freplace)\n",
	"insn 6: read kernel memory is not in the program's attribute set (access read_kernel)\n",
	"insn 6: write kernel memory is not in the program's attribute set (access write_kernel)\n",
	"insn 6: read kernel memory is not in the token's attribute ceiling (access read_kernel)\n",
	"insn 7: read kernel memory is not in the program's attribute set (access read_kernel)\n",
};

#define TOKEN_OBJ "prog_attrs_token.bpf.o"
#define EXT_OBJ "prog_attrs_ext.bpf.o"

/*
 * Open @file with only program @name to be loaded, with a token from
 * @token_path, and load it: bpf_object__load()'s result in *err.
 */
static struct bpf_object *open_one(const char *file, const char *name, const char *token_path,
				   int *err, struct bpf_program **progp)
{
	LIBBPF_OPTS(bpf_object_open_opts, oo, .bpf_token_path = token_path);
	struct bpf_program *p, *prog = NULL;
	struct bpf_object *obj;

	*err = -ENOENT;
	obj = bpf_object__open_file(file, &oo);
	if (!ASSERT_OK_PTR(obj, file))
		return NULL;
	bpf_object__for_each_program(p, obj) {
		bpf_program__set_autoload(p, !strcmp(bpf_program__name(p), name));
		if (!strcmp(bpf_program__name(p), name))
			prog = p;
	}
	if (!ASSERT_OK_PTR(prog, name))
		goto fail;
	log_buf[0] = '\0';
	bpf_program__set_log_buf(prog, log_buf, sizeof(log_buf));
	bpf_program__set_log_level(prog, 1);
	*err = bpf_object__load(obj);
	*progp = prog;
	return obj;
fail:
	bpf_object__close(obj);
	return NULL;
}

/* A ceiling as the blob fsconfig(FSCONFIG_SET_BINARY) takes. */
struct blob {
	struct bpf_prog_attrs a;
	char names[64];
};

/* @a's kfunc names (if any) copied after it; returns the blob's size */
static int make_blob(struct blob *b, const struct bpf_prog_attrs *a)
{
	memset(b, 0, sizeof(*b));
	b->a = *a;
	if (!a->kfunc_cnt)
		return sizeof(b->a);
	memcpy(b->names, u64_to_ptr(a->kfuncs), a->kfuncs_len);
	b->a.kfuncs = sizeof(b->a);
	return sizeof(b->a) + a->kfuncs_len;
}

static int set_ceiling(int fs_fd, const void *blob, int size)
{
	int err = sys_fsconfig(fs_fd, FSCONFIG_SET_BINARY, "delegate_attrs", blob, size);

	return err < 0 ? -errno : err;
}

/* helpers: map_lookup_elem, ktime_get_ns, tail_call; array and prog array maps */
static void base_ceiling(struct bpf_prog_attrs *a)
{
	memset(a, 0, sizeof(*a));
	allow_helper(a, BPF_FUNC_map_lookup_elem);
	allow_helper(a, BPF_FUNC_ktime_get_ns);
	allow_helper(a, BPF_FUNC_tail_call);
	a->handled = BPF_PROG_ATTRS_H_MAP_TYPES;
	a->map_types = (1ULL << BPF_MAP_TYPE_ARRAY) | (1ULL << BPF_MAP_TYPE_PROG_ARRAY);
	a->access_handled = BPF_PROG_ACCESS_READ_KERNEL;
}

/* send or receive one fd over a unix socket */
static int sendfd(int sock, int fd)
{
	char c = 0, buf[CMSG_SPACE(sizeof(int))] = {};
	struct iovec io = { .iov_base = &c, .iov_len = 1 };
	struct msghdr msg = { .msg_iov = &io, .msg_iovlen = 1,
			      .msg_control = buf, .msg_controllen = sizeof(buf) };
	struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);

	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_RIGHTS;
	cmsg->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
	return sendmsg(sock, &msg, 0) == 1 ? 0 : -errno;
}

static int recvfd(int sock)
{
	char c, buf[CMSG_SPACE(sizeof(int))] = {};
	struct iovec io = { .iov_base = &c, .iov_len = 1 };
	struct msghdr msg = { .msg_iov = &io, .msg_iovlen = 1,
			      .msg_control = buf, .msg_controllen = sizeof(buf) };
	struct cmsghdr *cmsg;
	int fd;

	if (recvmsg(sock, &msg, 0) != 1)
		return -errno ?: -EINVAL;
	cmsg = CMSG_FIRSTHDR(&msg);
	if (!cmsg || cmsg->cmsg_type != SCM_RIGHTS)
		return -EINVAL;
	memcpy(&fd, CMSG_DATA(cmsg), sizeof(int));
	return fd;
}

static int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), ok;

	if (fd < 0)
		return -1;
	ok = write(fd, s, strlen(s)) == (ssize_t)strlen(s);
	close(fd);
	return ok ? 0 : -1;
}

static int enter_userns(void)
{
	char map[64];
	uid_t uid = getuid();
	gid_t gid = getgid();

	if (unshare(CLONE_NEWUSER))
		return -1;
	if (write_file("/proc/self/setgroups", "deny") && errno != ENOENT)
		return -1;
	snprintf(map, sizeof(map), "0 %d 1", uid);
	if (write_file("/proc/self/uid_map", map))
		return -1;
	snprintf(map, sizeof(map), "0 %d 1", gid);
	if (write_file("/proc/self/gid_map", map))
		return -1;
	if (setgid(0) || setuid(0))
		return -1;
	if (unshare(CLONE_NEWNS))
		return -1;
	return mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
}

/* ---- the programs (socket filters) ------------------------------------- */

static int token_fd = -1;

/* the test logic of a child, in its namespaces, with a token */
typedef int (*child_fn)(int mnt_fd, int sock);

static void check_nothing(int sock)
{
	(void)sock;
}

static void run(const struct bpf_prog_attrs *c, int n, child_fn fn,
		void (*check)(int sock));

static int load_tok(const struct bpf_insn *insns, size_t cnt, const struct bpf_prog_attrs *a)
{
	LIBBPF_OPTS(bpf_prog_load_opts, lo,
		    .log_buf = log_buf, .log_size = sizeof(log_buf), .log_level = 1,
		    .token_fd = token_fd, .prog_flags = BPF_F_TOKEN_FD,
		    .prog_attrs = a, .prog_attrs_size = a ? sizeof(*a) : 0);
	int fd;

	log_buf[0] = '\0';
	fd = bpf_prog_load(SOCK_FILTER, NULL, "GPL", insns, cnt, &lo);
	return fd < 0 ? -errno : fd;
}

static int map_tok(enum bpf_map_type type, const char *name)
{
	LIBBPF_OPTS(bpf_map_create_opts, mo, .token_fd = token_fd, .map_flags = BPF_F_TOKEN_FD);
	int fd = bpf_map_create(type, name, 4, 4, 1, &mo);

	return fd < 0 ? -errno : fd;
}

/* ktime_get_ns() and a lookup in array @map_fd: within the ceiling */
static int load_fits(int map_fd, const struct bpf_prog_attrs *a)
{
	struct bpf_insn insns[] = {
		BPF_EMIT_CALL(BPF_FUNC_ktime_get_ns),
		BPF_ST_MEM(BPF_W, BPF_REG_10, -4, 0),
		BPF_LD_MAP_FD(BPF_REG_1, map_fd),
		BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -4),
		BPF_EMIT_CALL(BPF_FUNC_map_lookup_elem),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN(),
	};

	return load_tok(insns, ARRAY_SIZE(insns), a);
}

/* bpf_probe_read_kernel() (insn 4): outside the ceiling */
static const struct bpf_insn probe_insns[] = {
	BPF_MOV64_REG(BPF_REG_1, BPF_REG_10),
	BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, -8),
	BPF_MOV64_IMM(BPF_REG_2, 8),
	BPF_MOV64_IMM(BPF_REG_3, 0),
	BPF_EMIT_CALL(BPF_FUNC_probe_read_kernel),
	BPF_MOV64_IMM(BPF_REG_0, 0),
	BPF_EXIT_INSN(),
};

/* a tail call through prog array @pa_fd */
static int load_caller(int pa_fd)
{
	struct bpf_insn insns[] = {
		BPF_LD_MAP_FD(BPF_REG_2, pa_fd),
		BPF_MOV64_IMM(BPF_REG_3, 0),
		BPF_EMIT_CALL(BPF_FUNC_tail_call),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN(),
	};

	return load_tok(insns, ARRAY_SIZE(insns), NULL);
}

/* loaded by the privileged parent, without token or set: calls get_prandom_u32 */
static int outside_fd = -1;

static int load_outside(void)
{
	struct bpf_insn insns[] = {
		BPF_EMIT_CALL(BPF_FUNC_get_prandom_u32),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN(),
	};

	return load_raw(SOCK_FILTER, insns, ARRAY_SIZE(insns), NULL);
}

static bool log_has(const char *line)
{
	if (strstr(log_buf, line))
		return true;
	fprintf(stderr, "expected log line: %s\nverifier log:\n%s\n", line, log_buf);
	return false;
}

/* "attrs_ceiling:\t<16 hex digits>" in the token's fdinfo, into @tag */
static int fdinfo_tag(int fd, char *tag)
{
	char path[64], line[128];
	FILE *f;
	int found = -ENOENT;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "r");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "attrs_ceiling: %63s", tag) == 1)
			found = strlen(tag) == 16 && strspn(tag, "0123456789abcdef") == 16 ?
				0 : -EINVAL;
	fclose(f);
	return found;
}

/* ---- the child, inside its namespaces ---------------------------------- */

/* Under the ceiling {map_lookup_elem, ktime_get_ns, tail_call}. */
static int child_ceiling(int mnt_fd, int sock)
{
	struct bpf_prog_attrs a;
	int map_fd, fd, pa_open, pa_in, caller, member, idx = 0;
	char tag[64], tag2[64];
	int tok2;

	if (!ASSERT_OK(fdinfo_tag(token_fd, tag), "token fdinfo tag"))
		return -1;
	/* a second token of the same instance: the same ceiling */
	tok2 = bpf_token_create(mnt_fd, NULL);
	if (!ASSERT_GE(tok2, 0, "second token") ||
	    !ASSERT_OK(fdinfo_tag(tok2, tag2), "second fdinfo tag") ||
	    !ASSERT_STREQ(tag2, tag, "same tag"))
		return -1;
	close(tok2);

	map_fd = map_tok(BPF_MAP_TYPE_ARRAY, "m");
	if (!ASSERT_GE(map_fd, 0, "array map"))
		return -1;

	/* undeclared, within the ceiling: loads; the parent checks its info */
	fd = load_fits(map_fd, NULL);
	if (!ASSERT_GE(fd, 0, "undeclared fits") || !ASSERT_OK(sendfd(sock, fd), "send"))
		return -1;
	close(fd);

	/* undeclared, calling a helper outside the ceiling */
	fd = load_tok(probe_insns, ARRAY_SIZE(probe_insns), NULL);
	if (!ASSERT_EQ(fd, -EACCES, "undeclared probe_read_kernel") ||
	    !ASSERT_TRUE(log_has(want_line[PROBE_LINE]),
			 "ceiling log line"))
		return -1;

	/* declared outside the ceiling: refused, and the ceiling says so */
	base_ceiling(&a);
	allow_helper(&a, BPF_FUNC_probe_read_kernel);
	a.handled = 0;
	a.map_types = 0;
	a.access_handled = 0;
	fd = load_tok(probe_insns, ARRAY_SIZE(probe_insns), &a);
	if (!ASSERT_EQ(fd, -EACCES, "declared probe_read_kernel") ||
	    !ASSERT_TRUE(log_has(want_line[PROBE_LINE]),
			 "declared ceiling log line"))
		return -1;

	/* declared narrower than the ceiling: the program's own set refuses */
	memset(&a, 0, sizeof(a));
	allow_helper(&a, BPF_FUNC_ktime_get_ns);
	fd = load_fits(map_fd, &a);
	if (!ASSERT_EQ(fd, -EACCES, "declared without map_lookup_elem") ||
	    !ASSERT_TRUE(log_has(want_line[OWN_LINE]),
			 "own set log line"))
		return -1;

	/* its twin, declared within the ceiling: loads; the parent checks its info */
	allow_helper(&a, BPF_FUNC_map_lookup_elem);
	fd = load_fits(map_fd, &a);
	if (!ASSERT_GE(fd, 0, "declared within") || !ASSERT_OK(sendfd(sock, fd), "send"))
		return -1;
	close(fd);

	/* the ceiling also restricts map types and kernel reads, as a set does */
	fd = map_tok(BPF_MAP_TYPE_HASH, "h");
	if (!ASSERT_GE(fd, 0, "hash map"))
		return -1;
	fd = load_fits(fd, NULL);
	if (!ASSERT_EQ(fd, -EACCES, "hash map outside the ceiling") ||
	    !ASSERT_TRUE(log_has(want_line[MAP_LINE]),
			 "map log line"))
		return -1;

	/* tail calls: an array already holding a program outside the ceiling */
	pa_open = map_tok(BPF_MAP_TYPE_PROG_ARRAY, "pa_open");
	if (!ASSERT_GE(pa_open, 0, "prog array") ||
	    !ASSERT_OK(bpf_map_update_elem(pa_open, &idx, &outside_fd, 0), "insert outside"))
		return -1;
	caller = load_caller(pa_open);
	if (!ASSERT_EQ(caller, -EACCES, "caller of outside member") ||
	    !ASSERT_TRUE(log_has(want_line[TAIL_LINE]),
			 "tail call log line"))
		return -1;

	/* ... and the other order: the caller first, then the insertions */
	pa_in = map_tok(BPF_MAP_TYPE_PROG_ARRAY, "pa_in");
	if (!ASSERT_GE(pa_in, 0, "prog array"))
		return -1;
	caller = load_caller(pa_in);
	if (!ASSERT_GE(caller, 0, "caller, empty array"))
		return -1;
	if (!ASSERT_ERR(bpf_map_update_elem(pa_in, &idx, &outside_fd, 0), "insert outside") ||
	    !ASSERT_EQ(errno, EACCES, "insert outside errno"))
		return -1;
	member = load_caller(pa_in);	/* undeclared under the ceiling: within it */
	if (!ASSERT_GE(member, 0, "member") ||
	    !ASSERT_OK(bpf_map_update_elem(pa_in, &idx, &member, 0), "insert within"))
		return -1;
	return 0;
}

/* one byte: the parent has looked at what the last load left */
static int wait_ack(int sock)
{
	char c;

	return read(sock, &c, 1) == 1 ? 0 : -1;
}

static void ack(int sock)
{
	ASSERT_EQ(write(sock, "k", 1), 1, "ack");
}

/* For the LSM: one program undeclared, one declared, each sent on. */
static int child_lsm(int mnt_fd, int sock)
{
	struct bpf_prog_attrs a;
	int map_fd, fd;

	map_fd = map_tok(BPF_MAP_TYPE_ARRAY, "m");
	if (!ASSERT_GE(map_fd, 0, "array map"))
		return -1;
	fd = load_fits(map_fd, NULL);
	if (!ASSERT_GE(fd, 0, "undeclared") || !ASSERT_OK(sendfd(sock, fd), "send") ||
	    !ASSERT_OK(wait_ack(sock), "ack"))
		return -1;
	close(fd);
	memset(&a, 0, sizeof(a));
	allow_helper(&a, BPF_FUNC_ktime_get_ns);
	allow_helper(&a, BPF_FUNC_map_lookup_elem);
	allow_helper(&a, BPF_FUNC_get_prandom_u32);	/* outside the ceiling */
	fd = load_fits(map_fd, &a);
	if (!ASSERT_GE(fd, 0, "declared") || !ASSERT_OK(sendfd(sock, fd), "send") ||
	    !ASSERT_OK(wait_ack(sock), "ack"))
		return -1;
	close(fd);
	/* the supervisor denies what it sees with max_insn_cnt 4242 */
	a.handled = BPF_PROG_ATTRS_H_INSN_CNT;
	a.max_insn_cnt = 4242;
	fd = load_fits(map_fd, &a);
	if (!ASSERT_EQ(fd, -EPERM, "denied by the LSM"))
		return -1;
	return 0;
}

static char token_path[64];

/*
 * An unmodified libbpf loader given only bpf_token_path: .data needs an
 * array map (within the ceiling); "within" loads, "outside" is refused.
 */
static int child_libbpf(int mnt_fd, int sock)
{
	LIBBPF_OPTS(bpf_object_open_opts, oo, .bpf_token_path = token_path,
		    .kernel_log_buf = log_buf, .kernel_log_size = sizeof(log_buf),
		    .kernel_log_level = 1);
	struct prog_attrs_token *skel;
	int err;

	snprintf(token_path, sizeof(token_path), "/proc/self/fd/%d", mnt_fd);
	skel = prog_attrs_token__open_opts(&oo);
	if (!ASSERT_OK_PTR(skel, "open"))
		return -1;
	bpf_program__set_autoload(skel->progs.outside, false);
	bpf_program__set_autoload(skel->progs.freplace_target, false);
	err = prog_attrs_token__load(skel);
	if (!ASSERT_OK(err, "load within"))
		goto out;
	prog_attrs_token__destroy(skel);

	skel = prog_attrs_token__open_opts(&oo);
	if (!ASSERT_OK_PTR(skel, "open"))
		return -1;
	bpf_program__set_autoload(skel->progs.within, false);
	bpf_program__set_autoload(skel->progs.freplace_target, false);
	log_buf[0] = '\0';
	err = prog_attrs_token__load(skel);
	if (!ASSERT_EQ(err, -EACCES, "load outside") ||
	    !ASSERT_TRUE(log_has(want_line[LIBBPF_LINE]), "ceiling log line"))
		err = -1;
	else
		err = 0;
out:
	prog_attrs_token__destroy(skel);
	(void)sock;
	return err;
}

/*
 * freplace: an undeclared target loaded under the ceiling is restricted to
 * it, so extensions of it are held to the ceiling, whoever loads them. (On
 * 6.12 the container cannot extend programs itself: libbpf needs the
 * target's BTF, BPF_BTF_GET_FD_BY_ID, which a token does not grant.)
 */
static int child_freplace(int mnt_fd, int sock)
{
	struct bpf_program *tgt;
	struct bpf_object *obj;
	int err = -1, res;

	snprintf(token_path, sizeof(token_path), "/proc/self/fd/%d", mnt_fd);
	obj = open_one(TOKEN_OBJ, "freplace_target", token_path, &res, &tgt);
	if (obj && ASSERT_OK(res, "target under the ceiling") &&
	    ASSERT_OK(sendfd(sock, bpf_program__fd(tgt)), "send") &&
	    ASSERT_OK(wait_ack(sock), "ack"))
		err = 0;
	bpf_object__close(obj);
	return err;
}

/*
 * Syscall programs: bpf_sys_bpf() takes kernel pointers in its attr (a
 * map command copies from and to any address), bpf_kallsyms_lookup_name()
 * returns a kernel address.
 */
static const struct bpf_insn sys_bpf_insns[] = {
	BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 0),
	BPF_ST_MEM(BPF_DW, BPF_REG_10, -16, 0),
	BPF_MOV64_IMM(BPF_REG_1, BPF_MAP_UPDATE_ELEM),
	BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),
	BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -16),
	BPF_MOV64_IMM(BPF_REG_3, 16),
	BPF_EMIT_CALL(BPF_FUNC_sys_bpf),
	BPF_MOV64_IMM(BPF_REG_0, 0),
	BPF_EXIT_INSN(),
};

static const struct bpf_insn kallsyms_insns[] = {
	BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 0),
	BPF_MOV64_REG(BPF_REG_1, BPF_REG_10),
	BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, -8),
	BPF_MOV64_IMM(BPF_REG_2, 8),
	BPF_MOV64_IMM(BPF_REG_3, 0),
	BPF_MOV64_REG(BPF_REG_4, BPF_REG_10),
	BPF_ALU64_IMM(BPF_ADD, BPF_REG_4, -16),
	BPF_EMIT_CALL(BPF_FUNC_kallsyms_lookup_name),
	BPF_MOV64_IMM(BPF_REG_0, 0),
	BPF_EXIT_INSN(),
};

/* a sleepable syscall program, with @a (NULL: none) and token_fd if >= 0 */
static int load_syscall(const struct bpf_insn *insns, size_t cnt,
			const struct bpf_prog_attrs *a)
{
	LIBBPF_OPTS(bpf_prog_load_opts, lo,
		    .log_buf = log_buf, .log_size = sizeof(log_buf), .log_level = 1,
		    .prog_flags = BPF_F_SLEEPABLE,
		    .prog_attrs = a, .prog_attrs_size = a ? sizeof(*a) : 0);
	int fd;

	if (token_fd >= 0) {
		lo.token_fd = token_fd;
		lo.prog_flags |= BPF_F_TOKEN_FD;
	}
	log_buf[0] = '\0';
	fd = bpf_prog_load(BPF_PROG_TYPE_SYSCALL, NULL, "GPL", insns, cnt, &lo);
	return fd < 0 ? -errno : fd;
}

/* Under a ceiling that keeps kernel memory out, bpf_sys_bpf() is refused. */
static int child_sys_bpf(int mnt_fd, int sock)
{
	int fd = load_syscall(sys_bpf_insns, ARRAY_SIZE(sys_bpf_insns), NULL);

	if (!ASSERT_EQ(fd, -EACCES, "bpf_sys_bpf under the ceiling") ||
	    !ASSERT_TRUE(log_has(want_line[SYS_CEILING_LINE]), "ceiling log line"))
		return -1;
	(void)mnt_fd;
	(void)sock;
	return 0;
}

static void subtest_sys_bpf(void)
{
	struct bpf_prog_attrs a = {}, c = {};
	struct bpf_prog_info info;
	char obs[512];
	int fd;

	/* declared sets, loaded by the privileged side */
	allow_helper(&a, BPF_FUNC_sys_bpf);
	a.access_handled = BPF_PROG_ACCESS_READ_KERNEL | BPF_PROG_ACCESS_WRITE_KERNEL;
	fd = load_syscall(sys_bpf_insns, ARRAY_SIZE(sys_bpf_insns), &a);
	ASSERT_EQ(fd, -EACCES, "bpf_sys_bpf without read_kernel");
	ASSERT_TRUE(log_has(want_line[SYS_READ_LINE]), "read_kernel log line");
	a.access = BPF_PROG_ACCESS_READ_KERNEL;
	fd = load_syscall(sys_bpf_insns, ARRAY_SIZE(sys_bpf_insns), &a);
	ASSERT_EQ(fd, -EACCES, "bpf_sys_bpf without write_kernel");
	ASSERT_TRUE(log_has(want_line[SYS_WRITE_LINE]), "write_kernel log line");
	a.access |= BPF_PROG_ACCESS_WRITE_KERNEL;
	fd = load_syscall(sys_bpf_insns, ARRAY_SIZE(sys_bpf_insns), &a);
	if (ASSERT_GE(fd, 0, "bpf_sys_bpf with both") &&
	    ASSERT_OK(get_observed(fd, &info, obs, sizeof(obs)), "info"))
		ASSERT_EQ(((struct bpf_prog_attrs *)obs)->access,
			  BPF_PROG_ACCESS_READ_KERNEL | BPF_PROG_ACCESS_WRITE_KERNEL,
			  "observed access");
	if (fd >= 0)
		close(fd);

	memset(&a, 0, sizeof(a));
	allow_helper(&a, BPF_FUNC_kallsyms_lookup_name);
	a.access_handled = BPF_PROG_ACCESS_READ_KERNEL;
	fd = load_syscall(kallsyms_insns, ARRAY_SIZE(kallsyms_insns), &a);
	ASSERT_EQ(fd, -EACCES, "bpf_kallsyms_lookup_name without read_kernel");
	ASSERT_TRUE(log_has(want_line[KALLSYMS_LINE]), "kallsyms log line");
	a.access = BPF_PROG_ACCESS_READ_KERNEL;
	fd = load_syscall(kallsyms_insns, ARRAY_SIZE(kallsyms_insns), &a);
	if (ASSERT_GE(fd, 0, "bpf_kallsyms_lookup_name with read_kernel"))
		close(fd);

	/* a ceiling allowing the helper but not kernel reads */
	allow_helper(&c, BPF_FUNC_sys_bpf);
	c.access_handled = BPF_PROG_ACCESS_READ_KERNEL;
	run(&c, 1, child_sys_bpf, check_nothing);
}

/* Without a ceiling the token behaves as upstream's. */
static int child_no_ceiling(int mnt_fd, int sock)
{
	char tag[64];
	int fd;

	if (!ASSERT_EQ(fdinfo_tag(token_fd, tag), -ENOENT, "no fdinfo tag"))
		return -1;
	fd = load_tok(probe_insns, ARRAY_SIZE(probe_insns), NULL);
	if (!ASSERT_GE(fd, 0, "probe_read_kernel without ceiling") ||
	    !ASSERT_OK(sendfd(sock, fd), "send"))
		return -1;
	close(fd);
	return 0;
}

/* a supervisor on the bpf_prog_attrs hook, watching the child */
static struct prog_attrs_lsm *lsm;

static void child(int sock, child_fn fn)
{
	struct bpf_prog_attrs a;
	struct blob b;
	int fs_fd, mnt_fd, err = 1;

	/* this process's test log is lost at exit: write to the real stdout */
	stdout = env.stdout_saved;
	stderr = env.stdout_saved;
	if (!ASSERT_OK(enter_userns(), "enter userns"))
		goto out;
	fs_fd = sys_fsopen("bpf", 0);
	if (!ASSERT_GE(fs_fd, 0, "fsopen"))
		goto out;
	/* the unprivileged side cannot set (or widen) a ceiling */
	base_ceiling(&a);
	err = set_ceiling(fs_fd, &b, make_blob(&b, &a));
	if (!ASSERT_EQ(err, -EPERM, "unprivileged delegate_attrs"))
		goto out;
	err = 1;
	if (!ASSERT_OK(sendfd(sock, fs_fd), "send fs_fd"))
		goto out;
	close(fs_fd);
	fs_fd = recvfd(sock);	/* the detached mount, an O_PATH fd */
	if (!ASSERT_GE(fs_fd, 0, "recv mnt_fd"))
		goto out;
	mnt_fd = openat(fs_fd, ".", O_RDONLY | O_DIRECTORY);
	close(fs_fd);
	if (!ASSERT_GE(mnt_fd, 0, "open bpffs"))
		goto out;
	token_fd = bpf_token_create(mnt_fd, NULL);
	if (!ASSERT_GE(token_fd, 0, "token"))
		goto out;
	err = fn(mnt_fd, sock) ? 1 : 0;
out:
	exit(err);
}

/* ---- the parent -------------------------------------------------------- */

static int set_any(int fs_fd, const char *key)
{
	return sys_fsconfig(fs_fd, FSCONFIG_SET_STRING, key, "any", 0) ? -errno : 0;
}

/*
 * Run @fn in a child with a token whose bpffs instance gets the ceilings
 * @c[0..n-1] (each narrows the one before), and hand the program fds it
 * sends back to @check.
 */
static void run(const struct bpf_prog_attrs *c, int n, child_fn fn,
		void (*check)(int sock))
{
	int sock[2] = { -1, -1 }, fs_fd = -1, mnt_fd = -1, pid, status, i;
	struct blob b;

	if (!ASSERT_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sock), "socketpair"))
		return;
	pid = fork();
	if (!ASSERT_GE(pid, 0, "fork"))
		goto out;
	if (pid == 0) {
		close(sock[0]);
		child(sock[1], fn);
	}
	/* the child loads nothing before it has its mount */
	if (lsm)
		lsm->bss->monitored_pid = pid;
	zclose(sock[1]);
	fs_fd = recvfd(sock[0]);
	if (!ASSERT_GE(fs_fd, 0, "recv fs_fd"))
		goto kill;
	if (!ASSERT_OK(set_any(fs_fd, "delegate_cmds"), "delegate_cmds") ||
	    !ASSERT_OK(set_any(fs_fd, "delegate_maps"), "delegate_maps") ||
	    !ASSERT_OK(set_any(fs_fd, "delegate_progs"), "delegate_progs") ||
	    !ASSERT_OK(set_any(fs_fd, "delegate_attachs"), "delegate_attachs"))
		goto kill;
	for (i = 0; i < n; i++)
		if (!ASSERT_OK(set_ceiling(fs_fd, &b, make_blob(&b, &c[i])), "delegate_attrs"))
			goto kill;
	if (!ASSERT_OK(sys_fsconfig(fs_fd, FSCONFIG_CMD_CREATE, NULL, NULL, 0), "create"))
		goto kill;
	mnt_fd = sys_fsmount(fs_fd, 0, 0);
	if (!ASSERT_GE(mnt_fd, 0, "fsmount") || !ASSERT_OK(sendfd(sock[0], mnt_fd), "send"))
		goto kill;
	check(sock[0]);
	if (ASSERT_EQ(waitpid(pid, &status, 0), pid, "waitpid") &&
	    ASSERT_TRUE(WIFEXITED(status), "exited"))
		ASSERT_EQ(WEXITSTATUS(status), 0, "child status");
	goto out;
kill:
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
out:
	zclose(sock[0]);
	zclose(sock[1]);
	zclose(fs_fd);
	zclose(mnt_fd);
}

struct sets {
	struct bpf_prog_info info;
	char declared[512], ceiling[512];
};

static int get_sets(int fd, struct sets *s)
{
	__u32 len = sizeof(s->info);

	memset(s, 0, sizeof(*s));
	s->info.attrs_declared = ptr_to_u64(s->declared);
	s->info.attrs_declared_len = sizeof(s->declared);
	s->info.attrs_ceiling = ptr_to_u64(s->ceiling);
	s->info.attrs_ceiling_len = sizeof(s->ceiling);
	return bpf_prog_get_info_by_fd(fd, &s->info, &len);
}

static void check_ceiling(int sock)
{
	const struct bpf_prog_attrs *d, *c;
	struct bpf_prog_attrs want;
	struct sets s;
	int fd;

	/* the undeclared program: verified under the ceiling itself */
	fd = recvfd(sock);
	if (!ASSERT_GE(fd, 0, "recv undeclared") || !ASSERT_OK(get_sets(fd, &s), "info"))
		return;
	close(fd);
	d = (void *)s.declared;
	c = (void *)s.ceiling;
	base_ceiling(&want);
	ASSERT_EQ(s.info.attrs_ceiling_len, sizeof(want), "ceiling len");
	ASSERT_EQ(s.info.attrs_declared_len, sizeof(want), "declared len");
	ASSERT_OK(memcmp(c, &want, sizeof(want)), "ceiling reported");
	ASSERT_OK(memcmp(d, &want, sizeof(want)), "verified under the ceiling");

	/* the declared one: under its set within the ceiling */
	fd = recvfd(sock);
	if (!ASSERT_GE(fd, 0, "recv declared") || !ASSERT_OK(get_sets(fd, &s), "info"))
		return;
	close(fd);
	memset(&want, 0, sizeof(want));
	allow_helper(&want, BPF_FUNC_ktime_get_ns);
	allow_helper(&want, BPF_FUNC_map_lookup_elem);
	want.handled = BPF_PROG_ATTRS_H_MAP_TYPES;
	want.map_types = (1ULL << BPF_MAP_TYPE_ARRAY) | (1ULL << BPF_MAP_TYPE_PROG_ARRAY);
	want.access_handled = BPF_PROG_ACCESS_READ_KERNEL;
	ASSERT_EQ(s.info.attrs_ceiling_len, sizeof(want), "ceiling len");
	ASSERT_OK(memcmp(d, &want, sizeof(want)), "declared within the ceiling");
}

static void check_no_ceiling(int sock)
{
	struct sets s;
	int fd = recvfd(sock);

	if (!ASSERT_GE(fd, 0, "recv") || !ASSERT_OK(get_sets(fd, &s), "info"))
		return;
	close(fd);
	ASSERT_EQ(s.info.attrs_ceiling_len, 0, "no ceiling");
	ASSERT_EQ(s.info.attrs_declared_len, 0, "no declared set");
}

static void subtest_ceiling(void)
{
	struct bpf_prog_attrs c[2];

	/* given twice, the ceilings intersect: {lookup, ktime, tail_call} */
	base_ceiling(&c[0]);
	allow_helper(&c[0], BPF_FUNC_probe_read_kernel);
	base_ceiling(&c[1]);
	allow_helper(&c[1], BPF_FUNC_get_prandom_u32);
	outside_fd = load_outside();
	if (!ASSERT_GE(outside_fd, 0, "outside program"))
		return;
	run(c, 2, child_ceiling, check_ceiling);
	zclose(outside_fd);
}

/* The LSM hook receives the set the program is verified under. */
static void check_lsm(int sock)
{
	int fd;

	fd = recvfd(sock);
	if (!ASSERT_GE(fd, 0, "recv undeclared"))
		return;
	close(fd);
	ASSERT_EQ(lsm->bss->seen_declared, 1, "undeclared: the hook sees a set");
	ASSERT_EQ(lsm->bss->declared_helpers0,
		  1ULL << BPF_FUNC_map_lookup_elem | 1ULL << BPF_FUNC_ktime_get_ns |
		  1ULL << BPF_FUNC_tail_call, "undeclared: the ceiling");
	ack(sock);
	fd = recvfd(sock);
	if (!ASSERT_GE(fd, 0, "recv declared"))
		return;
	close(fd);
	ASSERT_EQ(lsm->bss->declared_helpers0,
		  1ULL << BPF_FUNC_map_lookup_elem | 1ULL << BPF_FUNC_ktime_get_ns,
		  "declared: within the ceiling");
	ack(sock);
}

static void subtest_lsm(void)
{
	struct bpf_prog_attrs c;

	lsm = prog_attrs_lsm__open_and_load();
	if (!ASSERT_OK_PTR(lsm, "lsm load"))
		return;
	if (ASSERT_OK(prog_attrs_lsm__attach(lsm), "lsm attach")) {
		base_ceiling(&c);
		run(&c, 1, child_lsm, check_lsm);
		ASSERT_EQ(lsm->bss->calls, 3, "hook calls");
	}
	prog_attrs_lsm__destroy(lsm);
	lsm = NULL;
}

static void check_freplace(int sock)
{
	struct bpf_prog_attrs a;
	struct bpf_program *ext;
	struct bpf_object *obj;
	int tgt_fd, err;

	tgt_fd = recvfd(sock);
	if (!ASSERT_GE(tgt_fd, 0, "recv target"))
		return;
	obj = load_one(EXT_OBJ, "ext_plain", NULL, tgt_fd, "tgt_sub", &err, &ext);
	if (obj) {
		ASSERT_EQ(err, -EACCES, "unrestricted extension refused");
		ASSERT_TRUE(log_has(want_line[EXT_LINE]), "freplace log line");
		bpf_object__close(obj);
	}
	/* the twin: an extension declared within the ceiling loads and attaches */
	memset(&a, 0, sizeof(a));
	allow_helper(&a, BPF_FUNC_ktime_get_ns);
	a.handled = BPF_PROG_ATTRS_H_MAP_TYPES;	/* no maps */
	a.access_handled = BPF_PROG_ACCESS_READ_KERNEL;
	obj = load_one(EXT_OBJ, "ext_ktime", &a, tgt_fd, "tgt_sub", &err, &ext);
	if (obj) {
		/*
		 * Loading is where the sets are compared. (Attaching fails
		 * with -EINVAL on 6.12 whatever the sets: the subprograms of a
		 * program loaded with a token are left out of kallsyms, as
		 * jit_subprogs() does not pass them the token, so the target
		 * address cannot be patched.)
		 */
		ASSERT_OK(err, "extension within the ceiling");
		bpf_object__close(obj);
	}
	close(tgt_fd);
	ack(sock);
}

static void subtest_freplace(void)
{
	struct bpf_prog_attrs c;

	base_ceiling(&c);
	run(&c, 1, child_freplace, check_freplace);
}

static void subtest_libbpf(void)
{
	struct bpf_prog_attrs c;

	base_ceiling(&c);
	run(&c, 1, child_libbpf, check_nothing);
}

static void subtest_no_ceiling(void)
{
	run(NULL, 0, child_no_ceiling, check_no_ceiling);
}

/* A mounted instance's ceiling cannot be changed (fspick + reconfigure). */
static void subtest_no_reconfigure(void)
{
	struct bpf_prog_attrs a;
	struct blob b;
	int fs_fd, mnt_fd, pick_fd;

	fs_fd = sys_fsopen("bpf", 0);
	if (!ASSERT_GE(fs_fd, 0, "fsopen"))
		return;
	if (!ASSERT_OK(sys_fsconfig(fs_fd, FSCONFIG_CMD_CREATE, NULL, NULL, 0), "create"))
		goto out;
	mnt_fd = sys_fsmount(fs_fd, 0, 0);
	if (!ASSERT_GE(mnt_fd, 0, "fsmount"))
		goto out;
	pick_fd = sys_fspick(mnt_fd, "", FSPICK_EMPTY_PATH);
	if (ASSERT_GE(pick_fd, 0, "fspick")) {
		base_ceiling(&a);
		ASSERT_EQ(set_ceiling(pick_fd, &b, make_blob(&b, &a)), -EINVAL,
			  "delegate_attrs on reconfigure");
		close(pick_fd);
	}
	close(mnt_fd);
out:
	close(fs_fd);
}

/* Every bad-input case of a load-time set is refused at fsconfig time. */
static void subtest_bad_ceilings(void)
{
	static const char bad_name[] = "bpf_rcu_read_lock\0bad name";
	static const char twice[] = "bpf_rcu_read_lock\0bpf_rcu_read_lock";
	struct bpf_prog_attrs a;
	struct blob b;
	int fs_fd, size;
	char big[PAGE_SZ * 2] = {};

	fs_fd = sys_fsopen("bpf", 0);
	if (!ASSERT_GE(fs_fd, 0, "fsopen"))
		return;

	base_ceiling(&a);
	size = make_blob(&b, &a);
	ASSERT_EQ(set_ceiling(fs_fd, &b, BPF_PROG_ATTRS_SIZE_VER0 - 8), -EINVAL, "short");
	ASSERT_EQ(sys_fsconfig(fs_fd, FSCONFIG_SET_STRING, "delegate_attrs", "helpers", 0), -1,
		  "string value");
	ASSERT_EQ(errno, EINVAL, "string value errno");

	/* a tail the kernel does not know must be zero */
	memcpy(big, &b, size);
	big[size] = 1;
	ASSERT_EQ(set_ceiling(fs_fd, big, size + 8), -E2BIG, "nonzero tail");
	big[size] = 0;
	ASSERT_OK(set_ceiling(fs_fd, big, size + 8), "zero tail");
	ASSERT_EQ(set_ceiling(fs_fd, big, PAGE_SZ + 8), -E2BIG, "larger than a page");

	base_ceiling(&a);
	a.helpers[0] |= 1;	/* BPF_FUNC_unspec */
	ASSERT_EQ(set_ceiling(fs_fd, &b, make_blob(&b, &a)), -EINVAL, "helper 0");
	base_ceiling(&a);
	a.helpers[BPF_PROG_ATTRS_HELPER_WORDS - 1] |= 1ULL << 63;
	ASSERT_EQ(set_ceiling(fs_fd, &b, make_blob(&b, &a)), -EINVAL, "unknown helper");
	base_ceiling(&a);
	a.handled |= 1ULL << 40;
	ASSERT_EQ(set_ceiling(fs_fd, &b, make_blob(&b, &a)), -EINVAL, "unknown kind");
	base_ceiling(&a);
	a.access = BPF_PROG_ACCESS_WRITE_PACKET;	/* not handled */
	ASSERT_EQ(set_ceiling(fs_fd, &b, make_blob(&b, &a)), -EINVAL, "access not handled");
	base_ceiling(&a);
	a.map_types_write = 1ULL << BPF_MAP_TYPE_ARRAY;	/* map_types_write not handled */
	ASSERT_EQ(set_ceiling(fs_fd, &b, make_blob(&b, &a)), -EINVAL, "map write not handled");
	base_ceiling(&a);
	a.handled |= BPF_PROG_ATTRS_H_INSN_CNT;	/* with a limit of 0 */
	ASSERT_EQ(set_ceiling(fs_fd, &b, make_blob(&b, &a)), -EINVAL, "zero limit");

	/* kfunc tables */
	base_ceiling(&a);
	allow_kfuncs(&a, bad_name, sizeof(bad_name));
	ASSERT_EQ(set_ceiling(fs_fd, &b, make_blob(&b, &a)), -EINVAL, "bad kfunc name");
	base_ceiling(&a);
	allow_kfuncs(&a, twice, sizeof(twice));
	ASSERT_EQ(set_ceiling(fs_fd, &b, make_blob(&b, &a)), -EINVAL, "kfunc listed twice");
	base_ceiling(&a);
	allow_kfunc(&a, "bpf_rcu_read_lock");
	size = make_blob(&b, &a);
	ASSERT_OK(set_ceiling(fs_fd, &b, size), "good kfunc table");
	b.a.kfuncs = 8;		/* inside the struct */
	ASSERT_EQ(set_ceiling(fs_fd, &b, size), -EINVAL, "kfunc offset in the struct");
	b.a.kfuncs = sizeof(b.a) + 1;	/* not where the names end the blob */
	ASSERT_EQ(set_ceiling(fs_fd, &b, size), -EINVAL, "kfunc offset");
	b.a.kfuncs = sizeof(b.a);
	b.names[a.kfuncs_len - 1] = 'x';	/* not NUL-terminated */
	ASSERT_EQ(set_ceiling(fs_fd, &b, size), -EINVAL, "unterminated name");
	base_ceiling(&a);
	a.kfunc_cnt = BPF_PROG_ATTRS_KFUNC_MAX + 1;
	a.kfuncs_len = 1;
	a.kfuncs = sizeof(a);
	memcpy(big, &a, sizeof(a));
	ASSERT_EQ(set_ceiling(fs_fd, big, sizeof(a) + 1), -E2BIG, "too many kfuncs");
	close(fs_fd);
	subtest_no_reconfigure();
}

void test_prog_attrs_token(void)
{
	if (test__start_subtest("ceiling"))
		subtest_ceiling();
	if (test__start_subtest("no_ceiling"))
		subtest_no_ceiling();
	if (test__start_subtest("lsm"))
		subtest_lsm();
	if (test__start_subtest("libbpf"))
		subtest_libbpf();
	if (test__start_subtest("freplace"))
		subtest_freplace();
	if (test__start_subtest("sys_bpf"))
		subtest_sys_bpf();
	if (test__start_subtest("bad_ceilings"))
		subtest_bad_ceilings();
}
