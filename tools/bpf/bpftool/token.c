// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Copyright (C) 2025 Didi Technology Co., Tao Chen */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <mntent.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <linux/magic.h>
#include <linux/mount.h>

#include "json_writer.h"
#include "main.h"
#include "prog_attrs_text.h"

#define MOUNTS_FILE "/proc/mounts"

#ifndef BPF_FS_MAGIC
#define BPF_FS_MAGIC		0xcafe4a11
#endif

static struct {
	const char *header;
	const char *key;
} sets[] = {
	{"allowed_cmds", "delegate_cmds"},
	{"allowed_maps", "delegate_maps"},
	{"allowed_progs", "delegate_progs"},
	{"allowed_attachs", "delegate_attachs"},
};

/* The attribute ceiling of a bpffs instance: a tag, not a list */
#define ATTRS_KEY "delegate_attrs"

static bool has_delegate_options(const char *mnt_ops)
{
	return strstr(mnt_ops, "delegate_cmds") ||
	       strstr(mnt_ops, "delegate_maps") ||
	       strstr(mnt_ops, "delegate_progs") ||
	       strstr(mnt_ops, "delegate_attachs") ||
	       strstr(mnt_ops, ATTRS_KEY);
}

static char *get_delegate_value(char *opts, const char *key)
{
	char *token, *rest, *ret = NULL;

	if (!opts)
		return NULL;

	for (token = strtok_r(opts, ",", &rest); token;
			token = strtok_r(NULL, ",", &rest)) {
		if (strncmp(token, key, strlen(key)) == 0 &&
		    token[strlen(key)] == '=') {
			ret = token + strlen(key) + 1;
			break;
		}
	}

	return ret;
}

static void print_items_per_line(char *input, int items_per_line)
{
	char *str, *rest;
	int cnt = 0;

	if (!input)
		return;

	for (str = strtok_r(input, ":", &rest); str;
			str = strtok_r(NULL, ":", &rest)) {
		if (cnt % items_per_line == 0)
			printf("\n\t  ");

		printf("%-20s", str);
		cnt++;
	}
}

#define ITEMS_PER_LINE 4
static void show_token_info_plain(struct mntent *mntent)
{
	char *opts, *value;
	size_t i;

	printf("token_info  %s", mntent->mnt_dir);

	for (i = 0; i < ARRAY_SIZE(sets); i++) {
		printf("\n\t%s:", sets[i].header);
		opts = strdup(mntent->mnt_opts);
		value = get_delegate_value(opts, sets[i].key);
		print_items_per_line(value, ITEMS_PER_LINE);
		free(opts);
	}

	opts = strdup(mntent->mnt_opts);
	value = get_delegate_value(opts, ATTRS_KEY);
	if (value)
		printf("\n\t%s  %s", ATTRS_KEY, value);
	free(opts);

	printf("\n");
}

static void split_json_array_str(char *input)
{
	char *str, *rest;

	if (!input) {
		jsonw_start_array(json_wtr);
		jsonw_end_array(json_wtr);
		return;
	}

	jsonw_start_array(json_wtr);
	for (str = strtok_r(input, ":", &rest); str;
			str = strtok_r(NULL, ":", &rest)) {
		jsonw_string(json_wtr, str);
	}
	jsonw_end_array(json_wtr);
}

static void show_token_info_json(struct mntent *mntent)
{
	char *opts, *value;
	size_t i;

	jsonw_start_object(json_wtr);
	jsonw_string_field(json_wtr, "token_info", mntent->mnt_dir);

	for (i = 0; i < ARRAY_SIZE(sets); i++) {
		jsonw_name(json_wtr, sets[i].header);
		opts = strdup(mntent->mnt_opts);
		value = get_delegate_value(opts, sets[i].key);
		split_json_array_str(value);
		free(opts);
	}

	opts = strdup(mntent->mnt_opts);
	value = get_delegate_value(opts, ATTRS_KEY);
	if (value)
		jsonw_string_field(json_wtr, ATTRS_KEY, value);
	free(opts);

	jsonw_end_object(json_wtr);
}

static int __show_token_info(struct mntent *mntent)
{
	if (json_output)
		show_token_info_json(mntent);
	else
		show_token_info_plain(mntent);

	return 0;
}

static int show_token_info(void)
{
	FILE *fp;
	struct mntent *ent;

	fp = setmntent(MOUNTS_FILE, "r");
	if (!fp) {
		p_err("Failed to open: %s", MOUNTS_FILE);
		return -1;
	}

	if (json_output)
		jsonw_start_array(json_wtr);

	while ((ent = getmntent(fp)) != NULL) {
		if (strncmp(ent->mnt_type, "bpf", 3) == 0) {
			if (has_delegate_options(ent->mnt_opts))
				__show_token_info(ent);
		}
	}

	if (json_output)
		jsonw_end_array(json_wtr);

	endmntent(fp);

	return 0;
}

static int do_show(int argc, char **argv)
{
	if (argc)
		return BAD_ARG();

	return show_token_info();
}

/* ---- SHA-256 (FIPS 180-4), for the tag of a ceiling ------------------- */

#define SHA256_BLOCK	64
#define SHA256_DIGEST	32

struct sha256 {
	__u32 h[8];
	__u64 len;			/* bytes hashed so far */
	unsigned char buf[SHA256_BLOCK];
};

static const __u32 sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static __u32 sha256_ror(__u32 x, unsigned int n)
{
	return (x >> n) | (x << (32 - n));
}

static void sha256_init(struct sha256 *s)
{
	static const __u32 h0[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};

	memcpy(s->h, h0, sizeof(s->h));
	s->len = 0;
}

static void sha256_block(struct sha256 *s, const unsigned char *p)
{
	__u32 w[64], v[8], t1, t2;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = (__u32)p[4 * i] << 24 | (__u32)p[4 * i + 1] << 16 |
		       (__u32)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (i = 16; i < 64; i++)
		w[i] = w[i - 16] + w[i - 7] +
		       (sha256_ror(w[i - 15], 7) ^ sha256_ror(w[i - 15], 18) ^ (w[i - 15] >> 3)) +
		       (sha256_ror(w[i - 2], 17) ^ sha256_ror(w[i - 2], 19) ^ (w[i - 2] >> 10));
	memcpy(v, s->h, sizeof(v));
	for (i = 0; i < 64; i++) {
		/* v[]: a b c d e f g h */
		t1 = v[7] + (sha256_ror(v[4], 6) ^ sha256_ror(v[4], 11) ^ sha256_ror(v[4], 25)) +
		     ((v[4] & v[5]) ^ (~v[4] & v[6])) + sha256_k[i] + w[i];
		t2 = (sha256_ror(v[0], 2) ^ sha256_ror(v[0], 13) ^ sha256_ror(v[0], 22)) +
		     ((v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]));
		memmove(v + 1, v, 7 * sizeof(v[0]));
		v[4] += t1;
		v[0] = t1 + t2;
	}
	for (i = 0; i < 8; i++)
		s->h[i] += v[i];
}

static void sha256_update(struct sha256 *s, const void *data, size_t len)
{
	size_t used = s->len % SHA256_BLOCK, n;
	const unsigned char *p = data;

	s->len += len;
	while (len) {
		n = SHA256_BLOCK - used < len ? SHA256_BLOCK - used : len;
		memcpy(s->buf + used, p, n);
		used += n;
		p += n;
		len -= n;
		if (used == SHA256_BLOCK) {
			sha256_block(s, s->buf);
			used = 0;
		}
	}
}

static void sha256_final(struct sha256 *s, unsigned char *digest)
{
	unsigned char pad[SHA256_BLOCK + 8] = { 0x80 };
	size_t used = s->len % SHA256_BLOCK;
	size_t n = (used < SHA256_BLOCK - 8 ? SHA256_BLOCK - 8 : 2 * SHA256_BLOCK - 8) - used;
	__u64 bits = s->len * 8;
	int i;

	for (i = 0; i < 8; i++)
		pad[n + i] = bits >> (56 - 8 * i);
	sha256_update(s, pad, n + 8);
	for (i = 0; i < SHA256_DIGEST; i++)
		digest[i] = s->h[i / 4] >> (24 - 8 * (i % 4));
}

/* ---- ceilings: "token ceiling" and "token mount ... ceiling" ---------- */

/* A ceiling in the form fsconfig() takes, with its tag as the kernel shows
 * it (/proc/mounts, a token's fdinfo): the first BPF_TAG_SIZE bytes of the
 * SHA-256 of the blob, in hex.
 */
struct ceiling {
	void *blob;
	size_t size;
	char tag[BPF_TAG_SIZE * 2 + 1];
};

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(const char * const *)a, *(const char * const *)b);
}

/* The canonical blob of a set: the struct, its kfuncs field the offset of
 * the names (0 without names), then the names, sorted.
 */
static int ceiling_build(const struct bpf_prog_attrs *attrs, struct ceiling *c)
{
	unsigned char digest[SHA256_DIGEST];
	struct bpf_prog_attrs a = *attrs;
	const char **names, *p;
	struct sha256 s;
	__u32 i, len = 0;
	char *out;

	names = calloc(a.kfunc_cnt ?: 1, sizeof(*names));
	if (!names)
		return -ENOMEM;
	p = u64_to_ptr(a.kfuncs);
	for (i = 0; i < a.kfunc_cnt; i++) {
		names[i] = p;
		len += strlen(p) + 1;
		p += strlen(p) + 1;
	}
	qsort(names, a.kfunc_cnt, sizeof(*names), cmp_name);
	a.kfuncs_len = len;
	a.kfuncs = a.kfunc_cnt ? sizeof(a) : 0;

	c->size = sizeof(a) + len;
	c->blob = malloc(c->size);
	if (!c->blob) {
		free(names);
		return -ENOMEM;
	}
	memcpy(c->blob, &a, sizeof(a));
	out = (char *)c->blob + sizeof(a);
	for (i = 0; i < a.kfunc_cnt; i++) {
		memcpy(out, names[i], strlen(names[i]) + 1);
		out += strlen(names[i]) + 1;
	}
	free(names);

	sha256_init(&s);
	sha256_update(&s, c->blob, c->size);
	sha256_final(&s, digest);
	for (i = 0; i < BPF_TAG_SIZE; i++)
		sprintf(c->tag + 2 * i, "%02x", digest[i]);
	return 0;
}

/* The ceiling of attribute set file @path: the set of program @prog, or
 * the file's only set when @prog is NULL. Return: 0, or -1 after an error.
 */
static int ceiling_read(const char *path, const char *prog, struct ceiling *c)
{
	const struct bpf_prog_attrs *attrs;
	struct prog_attrs_text *file;
	size_t n, sz;
	int err = -1;

	memset(c, 0, sizeof(*c));
	file = prog_attrs_read_file(path);
	if (!file)
		return -1;
	n = prog_attrs_text__cnt(file);
	if (prog) {
		attrs = prog_attrs_text__find(file, prog, &sz);
		if (!attrs) {
			p_err("%s: no attribute set for program '%s'", path, prog);
			goto out;
		}
	} else if (n != 1) {
		if (n)
			p_err("%s: %zu attribute sets, choose one with 'program NAME'", path, n);
		else
			p_err("%s: no attribute set", path);
		goto out;
	} else {
		attrs = prog_attrs_text__attrs(file, 0, &sz);
	}
	if (sz != sizeof(*attrs)) {
		p_err("%s: attribute set of unexpected size %zu", path, sz);
		goto out;
	}
	if (ceiling_build(attrs, c)) {
		p_err("mem alloc failed");
		goto out;
	}
	err = 0;
out:
	prog_attrs_text__free(file);
	return err;
}

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	ssize_t n;

	while (len) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= n;
	}
	return 0;
}

static int do_ceiling(int argc, char **argv)
{
	const char *path, *prog = NULL, *out = NULL;
	struct ceiling c;
	int fd, err;

	if (!REQ_ARGS(1))
		return -1;
	path = GET_ARG();
	while (argc) {
		if (is_prefix(*argv, "program")) {
			NEXT_ARG();
			if (!REQ_ARGS(1))
				return -1;
			if (prog) {
				p_err("program already specified");
				return -1;
			}
			prog = GET_ARG();
		} else if (is_prefix(*argv, "out")) {
			NEXT_ARG();
			if (!REQ_ARGS(1))
				return -1;
			if (out) {
				p_err("out already specified");
				return -1;
			}
			out = GET_ARG();
		} else {
			p_err("expected no more arguments, 'program' or 'out', got: '%s'?",
			      *argv);
			return -1;
		}
	}
	if (!out && json_output) {
		p_err("JSON output needs 'out BLOB': the blob would go to standard output");
		return -1;
	}
	if (!out && isatty(STDOUT_FILENO)) {
		p_err("not writing a binary blob to a terminal: give 'out BLOB' or redirect the output");
		return -1;
	}

	if (ceiling_read(path, prog, &c))
		return -1;

	if (out) {
		fd = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fd < 0) {
			p_err("can't open '%s': %s", out, strerror(errno));
			free(c.blob);
			return -1;
		}
		err = write_all(fd, c.blob, c.size);
		if (close(fd))
			err = -1;
	} else {
		err = write_all(STDOUT_FILENO, c.blob, c.size);
	}
	free(c.blob);
	if (err) {
		p_err("can't write '%s': %s", out ?: "(standard output)", strerror(errno));
		return -1;
	}

	if (json_output) {
		jsonw_start_object(json_wtr);
		jsonw_string_field(json_wtr, "tag", c.tag);
		jsonw_uint_field(json_wtr, "size", c.size);
		jsonw_end_object(json_wtr);
	} else {
		/* the blob went to standard output: the tag goes apart */
		fprintf(out ? stdout : stderr, "tag %s\n", c.tag);
	}
	return 0;
}

/* ---- token mount ------------------------------------------------------ */

#ifndef __NR_fsopen
#define __NR_fsopen 430
#endif
#ifndef __NR_fsconfig
#define __NR_fsconfig 431
#endif
#ifndef __NR_fsmount
#define __NR_fsmount 432
#endif
#ifndef __NR_move_mount
#define __NR_move_mount 429
#endif

static int sys_fsopen(const char *fsname, unsigned int flags)
{
	return syscall(__NR_fsopen, fsname, flags);
}

static int sys_fsconfig(int fd, unsigned int cmd, const char *key,
			const void *value, int aux)
{
	return syscall(__NR_fsconfig, fd, cmd, key, value, aux);
}

static int sys_fsmount(int fd, unsigned int flags, unsigned int attr_flags)
{
	return syscall(__NR_fsmount, fd, flags, attr_flags);
}

static int sys_move_mount(int from_dfd, const char *from_path, int to_dfd,
			  const char *to_path, unsigned int flags)
{
	return syscall(__NR_move_mount, from_dfd, from_path, to_dfd, to_path, flags);
}

/* What a child process that joined a container's namespaces does */
struct ns_job {
	int userns_fd;		/* -1: stay in this user namespace */
	int mntns_fd;		/* -1: stay in this mount namespace */
	const char *userns_path, *mntns_path;
	/* sets @fd (passed back) or returns -errno with the step in @what */
	int (*fn)(struct ns_job *job);
	const char *path;	/* mount point */
	int mnt_fd;		/* the mount to move there */
	int fd;
	char what[PATH_MAX + 32];
};

/* The child's report: 0 or an errno, and the step that failed */
struct ns_reply {
	int err;
	char what[PATH_MAX + 32];
};

static int job_fsopen(struct ns_job *job)
{
	job->fd = sys_fsopen("bpf", FSOPEN_CLOEXEC);
	if (job->fd < 0) {
		snprintf(job->what, sizeof(job->what), "fsopen(\"bpf\")");
		return -errno;
	}
	return 0;
}

/* Mount @job->mnt_fd at @job->path, a directory created if missing. */
static int job_move_mount(struct ns_job *job)
{
	if (mkdir(job->path, 0755) && errno != EEXIST) {
		snprintf(job->what, sizeof(job->what), "mkdir(%s)", job->path);
		return -errno;
	}
	if (sys_move_mount(job->mnt_fd, "", AT_FDCWD, job->path, MOVE_MOUNT_F_EMPTY_PATH)) {
		snprintf(job->what, sizeof(job->what), "move_mount(%s)", job->path);
		return -errno;
	}
	return 0;
}

static void ns_child(struct ns_job *job, int sock)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} cbuf = {};
	struct ns_reply r = {};
	struct iovec iov = { .iov_base = &r, .iov_len = sizeof(r) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *cmsg;

	job->fd = -1;
	/* Not dumpable: in the container's user namespace, its root could
	 * otherwise ptrace this process and pass back another context.
	 */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)) {
		r.err = errno;
		snprintf(r.what, sizeof(r.what), "prctl(PR_SET_DUMPABLE)");
	} else if (job->userns_fd >= 0 && setns(job->userns_fd, CLONE_NEWUSER)) {
		/* the user namespace first: it owns the mount namespace */
		r.err = errno;
		snprintf(r.what, sizeof(r.what), "setns(%s)", job->userns_path);
	} else if (job->mntns_fd >= 0 && setns(job->mntns_fd, CLONE_NEWNS)) {
		r.err = errno;
		snprintf(r.what, sizeof(r.what), "setns(%s)", job->mntns_path);
	} else {
		r.err = -job->fn(job);
		memcpy(r.what, job->what, sizeof(r.what));
	}
	if (!r.err && job->fd >= 0) {
		msg.msg_control = cbuf.buf;
		msg.msg_controllen = sizeof(cbuf.buf);
		cmsg = CMSG_FIRSTHDR(&msg);
		cmsg->cmsg_level = SOL_SOCKET;
		cmsg->cmsg_type = SCM_RIGHTS;
		cmsg->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cmsg), &job->fd, sizeof(int));
	}
	_exit(sendmsg(sock, &msg, 0) == sizeof(r) ? 0 : 1);
}

/* Run @job in a child process in the namespaces of @job. Return: 0 (with
 * the file descriptor the child passed back, if any, in @job->fd), or -1
 * after an error naming the failing step.
 */
static int run_in_ns(struct ns_job *job, int pid)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} cbuf;
	struct ns_reply r = {};
	struct iovec iov = { .iov_base = &r, .iov_len = sizeof(r) };
	struct msghdr msg = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = cbuf.buf,
		.msg_controllen = sizeof(cbuf.buf),
	};
	struct cmsghdr *cmsg;
	int sv[2], status;
	pid_t child;
	ssize_t n;

	job->fd = -1;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv)) {
		p_err("socketpair() failed: %s", strerror(errno));
		return -1;
	}
	fflush(stdout);
	fflush(stderr);
	child = fork();
	if (child < 0) {
		p_err("fork() failed: %s", strerror(errno));
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	if (!child) {
		close(sv[0]);
		ns_child(job, sv[1]);
	}
	close(sv[1]);
	do {
		n = recvmsg(sv[0], &msg, MSG_CMSG_CLOEXEC);
	} while (n < 0 && errno == EINTR);
	close(sv[0]);
	while (waitpid(child, &status, 0) < 0 && errno == EINTR)
		;
	if (n != sizeof(r)) {
		p_err("the child process in the namespaces of process %d failed", pid);
		return -1;
	}
	if (r.err) {
		r.what[sizeof(r.what) - 1] = '\0';
		p_err("%s in the namespaces of process %d failed: %s", r.what, pid,
		      strerror(r.err));
		return -1;
	}
	cmsg = CMSG_FIRSTHDR(&msg);
	if (cmsg && cmsg->cmsg_level == SOL_SOCKET && cmsg->cmsg_type == SCM_RIGHTS)
		memcpy(&job->fd, CMSG_DATA(cmsg), sizeof(int));
	return 0;
}

/* The messages of a filesystem context (fsopen(2)), "e ..." lines, as one
 * string in @buf
 */
static void fs_log(int fs_fd, char *buf, size_t size)
{
	size_t len = 0;
	char msg[256];
	ssize_t n;

	buf[0] = '\0';
	while ((n = read(fs_fd, msg, sizeof(msg) - 1)) > 0) {
		msg[n] = '\0';
		if (msg[n - 1] == '\n')
			msg[n - 1] = '\0';
		if (n < 2 || msg[1] != ' ' || len >= size - 1)
			continue;
		len += snprintf(buf + len, size - len, "%s%s", len ? "; " : "", msg + 2);
	}
}

static int fs_config(int fs_fd, unsigned int cmd, const char *key,
		     const void *value, int aux, const char *what)
{
	char log[512];
	int err;

	if (!sys_fsconfig(fs_fd, cmd, key, value, aux))
		return 0;
	err = errno;
	fs_log(fs_fd, log, sizeof(log));
	p_err("fsconfig(%s) failed: %s%s%s", what, strerror(err), log[0] ? ": " : "", log);
	return -1;
}

/* An open namespace file of process @pid, and whether it is our own */
static int open_ns(int pid, const char *ns, char *path, size_t size, bool *own)
{
	struct stat st, self;
	char self_path[64];
	int fd;

	snprintf(path, size, "/proc/%d/ns/%s", pid, ns);
	snprintf(self_path, sizeof(self_path), "/proc/self/ns/%s", ns);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		p_err("can't open %s: %s", path, strerror(errno));
		return -1;
	}
	*own = !fstat(fd, &st) && !stat(self_path, &self) &&
	       st.st_dev == self.st_dev && st.st_ino == self.st_ino;
	return fd;
}

/* The arguments of "token mount" */
struct mount_args {
	const char *path;
	const char *delegate[ARRAY_SIZE(sets)];
	const char *userns;
	const char *attrs_file;
	const char *prog;
	int pid;		/* 0: no 'userns', our own namespaces */
};

/* What "token mount" holds, released by mount_release() */
struct mount_ctx {
	struct ns_job job;	/* the namespaces of process 'userns PID' */
	char userns_path[64];
	char mntns_path[64];
	struct ceiling c;
	int fs_fd;
	int mnt_fd;
};

/* Where the value of keyword @arg goes, and its full @name: NULL if
 * @arg is no keyword of "token mount"
 */
static const char **mount_arg_slot(struct mount_args *a, const char *arg,
				   const char **name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sets); i++) {
		if (!strcmp(arg, sets[i].key)) {
			*name = sets[i].key;
			return &a->delegate[i];
		}
	}
	if (is_prefix(arg, "userns")) {
		*name = "userns";
		return &a->userns;
	}
	if (is_prefix(arg, "ceiling")) {
		*name = "ceiling";
		return &a->attrs_file;
	}
	if (is_prefix(arg, "program")) {
		*name = "program";
		return &a->prog;
	}
	return NULL;
}

static int parse_pid(const char *arg, int *pid)
{
	char *end;
	long val;

	errno = 0;
	val = strtol(arg, &end, 10);
	if (errno || *end || val <= 0 || val > INT_MAX) {
		p_err("can't parse '%s' as a process id", arg);
		return -1;
	}
	*pid = val;
	return 0;
}

/* PATH, then keywords each with a value, each at most once */
static int parse_mount_args(int argc, char **argv, struct mount_args *a)
{
	const char **slot;
	const char *name;

	if (!REQ_ARGS(1))
		return -1;
	a->path = GET_ARG();
	while (argc) {
		slot = mount_arg_slot(a, *argv, &name);
		if (!slot) {
			p_err("expected no more arguments, 'userns', 'ceiling', 'program' or 'delegate_{cmds,maps,progs,attachs}', got: '%s'?",
			      *argv);
			return -1;
		}
		NEXT_ARG();
		if (!REQ_ARGS(1))
			return -1;
		if (*slot) {
			p_err("%s already specified", name);
			return -1;
		}
		*slot = GET_ARG();
		if (slot == &a->userns && parse_pid(a->userns, &a->pid))
			return -1;
	}
	return 0;
}

static int check_mount_args(const struct mount_args *a)
{
	size_t i;

	if (a->prog && !a->attrs_file) {
		p_err("'program' needs 'ceiling FILE'");
		return -1;
	}
	for (i = 0; i < ARRAY_SIZE(sets) && !a->delegate[i]; i++)
		;
	if (!a->attrs_file && i == ARRAY_SIZE(sets)) {
		p_err("nothing to delegate: give 'ceiling FILE' or a 'delegate_*' option");
		return -1;
	}
	if (a->pid && a->path[0] != '/') {
		p_err("with 'userns', the mount point must be an absolute path, not '%s'",
		      a->path);
		return -1;
	}
	return 0;
}

/* The user and mount namespaces of process @pid, for run_in_ns() */
static int mount_open_ns(struct mount_ctx *m, int pid)
{
	struct ns_job *job = &m->job;
	bool own;

	job->userns_fd = open_ns(pid, "user", m->userns_path, sizeof(m->userns_path), &own);
	if (job->userns_fd < 0)
		return -1;
	/* our own: already in it, setns() would fail */
	if (own) {
		close(job->userns_fd);
		job->userns_fd = -1;
	}
	job->mntns_fd = open_ns(pid, "mnt", m->mntns_path, sizeof(m->mntns_path), &own);
	if (job->mntns_fd < 0)
		return -1;
	job->userns_path = m->userns_path;
	job->mntns_path = m->mntns_path;
	return 0;
}

/* A bpffs context in @m->fs_fd, opened in the namespaces of process @pid,
 * or in ours without @pid
 */
static int mount_fsopen(struct mount_ctx *m, int pid)
{
	if (!pid) {
		m->fs_fd = sys_fsopen("bpf", FSOPEN_CLOEXEC);
		if (m->fs_fd < 0) {
			p_err("fsopen(\"bpf\") failed: %s", strerror(errno));
			return -1;
		}
		return 0;
	}
	if (mount_open_ns(m, pid))
		return -1;
	/* the filesystem context takes the user namespace of its opener */
	m->job.fn = job_fsopen;
	if (run_in_ns(&m->job, pid))
		return -1;
	m->fs_fd = m->job.fd;
	if (m->fs_fd < 0) {
		p_err("fsopen(\"bpf\") in the namespaces of process %d: no file descriptor received",
		      pid);
		return -1;
	}
	return 0;
}

/* Configure @m->fs_fd (delegate_* options, ceiling), create the bpffs and
 * a mount of it, not yet placed, in @m->mnt_fd
 */
static int mount_create(struct mount_ctx *m, const struct mount_args *a)
{
	struct statfs st;
	char what[64];
	size_t i;

	/* the delegation needs CAP_SYS_ADMIN here, in the initial namespace */
	for (i = 0; i < ARRAY_SIZE(sets); i++) {
		if (!a->delegate[i])
			continue;
		snprintf(what, sizeof(what), "%s=%.32s", sets[i].key, a->delegate[i]);
		if (fs_config(m->fs_fd, FSCONFIG_SET_STRING, sets[i].key, a->delegate[i], 0,
			      what))
			return -1;
	}
	if (m->c.blob && fs_config(m->fs_fd, FSCONFIG_SET_BINARY, ATTRS_KEY, m->c.blob,
				   m->c.size, ATTRS_KEY))
		return -1;
	if (fs_config(m->fs_fd, FSCONFIG_CMD_CREATE, NULL, NULL, 0, "FSCONFIG_CMD_CREATE"))
		return -1;
	m->mnt_fd = sys_fsmount(m->fs_fd, FSMOUNT_CLOEXEC, 0);
	if (m->mnt_fd < 0) {
		p_err("fsmount() failed: %s", strerror(errno));
		return -1;
	}
	/* the context the child passed back must be a bpffs one */
	if (fstatfs(m->mnt_fd, &st) || (unsigned long)st.f_type != BPF_FS_MAGIC) {
		p_err("the new mount is not a bpffs");
		return -1;
	}
	return 0;
}

/* Move @m->mnt_fd to @a->path, in the mount namespace of process @a->pid */
static int mount_place(struct mount_ctx *m, const struct mount_args *a)
{
	struct ns_job *job = &m->job;
	int err;

	job->path = a->path;
	job->mnt_fd = m->mnt_fd;
	if (a->pid) {
		/* the mount namespace only: this process may mount anywhere */
		if (job->userns_fd >= 0)
			close(job->userns_fd);
		job->userns_fd = -1;
		job->fn = job_move_mount;
		return run_in_ns(job, a->pid);
	}
	err = job_move_mount(job);
	if (err) {
		p_err("%s failed: %s", job->what, strerror(-err));
		return -1;
	}
	return 0;
}

static void mount_release(struct mount_ctx *m)
{
	if (m->mnt_fd >= 0)
		close(m->mnt_fd);
	if (m->fs_fd >= 0)
		close(m->fs_fd);
	if (m->job.userns_fd >= 0)
		close(m->job.userns_fd);
	if (m->job.mntns_fd >= 0)
		close(m->job.mntns_fd);
	free(m->c.blob);
}

static int do_mount(int argc, char **argv)
{
	struct mount_ctx m = {
		.job = { .userns_fd = -1, .mntns_fd = -1 },
		.fs_fd = -1,
		.mnt_fd = -1,
	};
	struct mount_args a = {};
	int err = -1;

	if (parse_mount_args(argc, argv, &a) || check_mount_args(&a))
		return -1;
	if (a.attrs_file && ceiling_read(a.attrs_file, a.prog, &m.c))
		return -1;
	if (mount_fsopen(&m, a.pid) || mount_create(&m, &a) || mount_place(&m, &a))
		goto out;
	if (json_output)
		jsonw_null(json_wtr);
	err = 0;
out:
	mount_release(&m);
	return err;
}

static int do_help(int argc, char **argv)
{
	if (json_output) {
		jsonw_null(json_wtr);
		return 0;
	}

	fprintf(stderr,
		"Usage: %1$s %2$s { show | list }\n"
		"       %1$s %2$s ceiling FILE [program NAME] [out BLOB]\n"
		"       %1$s %2$s mount PATH [userns PID] [ceiling FILE [program NAME]]\n"
		"                        [delegate_cmds SPEC] [delegate_maps SPEC]\n"
		"                        [delegate_progs SPEC] [delegate_attachs SPEC]\n"
		"       %1$s %2$s help\n"
		"\n"
		"       SPEC := { any | NAME[:NAME...] | MASK }\n"
		"       " HELP_SPEC_OPTIONS " }\n"
		"",
		bin_name, argv[-2]);
	return 0;
}

static const struct cmd cmds[] = {
	{ "show",	do_show },
	{ "list",	do_show },
	{ "ceiling",	do_ceiling },
	{ "mount",	do_mount },
	{ "help",	do_help },
	{ 0 }
};

int do_token(int argc, char **argv)
{
	return cmd_select(cmds, argc, argv, do_help);
}
