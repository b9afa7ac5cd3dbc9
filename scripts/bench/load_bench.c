// SPDX-License-Identifier: GPL-2.0
/*
 * load_bench ROUNDS OBJ...: for each BPF object, read the file once, then
 * open it from memory and load it (every program and map, as libbpf loads
 * it) ROUNDS times and print "OBJ NS", the median time of one
 * open+load+close in nanoseconds (CLOCK_MONOTONIC; under QEMU -icount,
 * guest instructions), or "OBJ fail" when the object does not load. File
 * I/O is outside the timed part.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <bpf/libbpf.h>

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return 0;
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

/* The file at @path, in memory */
static void *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	void *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (!fseek(f, 0, SEEK_END) && (n = ftell(f)) > 0 && !fseek(f, 0, SEEK_SET)) {
		buf = malloc(n);
		if (buf && fread(buf, 1, n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		*len = n;
	}
	fclose(f);
	return buf;
}

/* One open+load+close of the object at @buf: its time, or -1 */
static long long load_once(const void *buf, size_t len, const char *name)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts, .object_name = name);
	struct bpf_object *obj;
	long long t0 = now_ns(), t;
	int err;

	obj = bpf_object__open_mem(buf, len, &opts);
	if (!obj)
		return -1;
	err = bpf_object__load(obj);
	bpf_object__close(obj);
	t = now_ns() - t0;
	return err ? -1 : t;
}

int main(int argc, char **argv)
{
	long long *t;
	int rounds, i, r = 0;

	if (argc < 3 || (rounds = atoi(argv[1])) < 1) {
		fprintf(stderr, "usage: %s ROUNDS OBJ...\n", argv[0]);
		return 2;
	}
	t = calloc(rounds, sizeof(*t));
	if (!t)
		return 1;
	libbpf_set_print(quiet);
	for (i = 2; i < argc; i++) {
		size_t len = 0;
		void *buf = slurp(argv[i], &len);
		int loaded;

		for (r = 0; buf && r < rounds; r++) {
			t[r] = load_once(buf, len, argv[i]);
			if (t[r] < 0)
				break;
		}
		loaded = buf && r == rounds;
		free(buf);
		if (!loaded) {
			printf("%s fail\n", argv[i]);
			continue;
		}
		qsort(t, rounds, sizeof(*t), cmp);
		printf("%s %lld\n", argv[i], t[rounds / 2]);
		fflush(stdout);
	}
	free(t);
	return 0;
}
