// SPDX-License-Identifier: GPL-2.0
/*
 * Supervisor tests: map and pin access, one operation a run, its errno
 * printed (0: done), so a test can assert what the supervisor refused.
 *
 *   sv_maps create PATH          a hash map (4-byte key and value), pinned
 *                                at PATH: "map ID"
 *   sv_maps open PATH rdonly|rdwr  BPF_OBJ_GET: "open ERRNO"
 *   sv_maps id ID rdonly|rdwr    BPF_MAP_GET_FD_BY_ID: "id ERRNO"
 *   sv_maps update PATH          a writable BPF_OBJ_GET, then an update of
 *                                key 0: "update ERRNO"
 *   sv_maps load OBJ PATH        OBJ's map "m" is the map pinned at PATH,
 *                                opened read-only; OBJ is loaded: "load ERRNO"
 *   sv_maps load OBJ -           OBJ is loaded with maps of its own
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

static int flags_of(const char *s)
{
	if (!strcmp(s, "rdonly"))
		return BPF_F_RDONLY;
	if (!strcmp(s, "rdwr"))
		return 0;
	fprintf(stderr, "sv_maps: '%s': rdonly or rdwr\n", s);
	exit(2);
}

static int do_create(const char *path)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);
	int fd;

	fd = bpf_map_create(BPF_MAP_TYPE_HASH, "sv_maps", 4, 4, 1, NULL);
	if (fd < 0 || bpf_obj_pin(fd, path) || bpf_map_get_info_by_fd(fd, &info, &len)) {
		printf("create %d\n", errno);
		return 1;
	}
	printf("map %u\n", info.id);
	return 0;
}

static int do_load(const char *obj_path, const char *path)
{
	LIBBPF_OPTS(bpf_obj_get_opts, opts, .file_flags = BPF_F_RDONLY);
	struct bpf_object *obj;
	struct bpf_map *m;
	int fd = -1, err;

	if (!strcmp(path, "-")) {
		obj = bpf_object__open_file(obj_path, NULL);
		if (!obj) {
			fprintf(stderr, "sv_maps: %s: %s\n", obj_path, strerror(errno));
			return 2;
		}
		err = bpf_object__load(obj);
		printf("load %d\n", err ? -err : 0);
		bpf_object__close(obj);
		return 0;
	}
	fd = bpf_obj_get_opts(path, &opts);
	if (fd < 0) {
		printf("load open %d\n", errno);
		return 0;
	}
	obj = bpf_object__open_file(obj_path, NULL);
	m = obj ? bpf_object__find_map_by_name(obj, "m") : NULL;
	if (!m || bpf_map__reuse_fd(m, fd)) {
		fprintf(stderr, "sv_maps: %s: no map 'm' to reuse\n", obj_path);
		return 2;
	}
	err = bpf_object__load(obj);
	printf("load %d\n", err ? -err : 0);
	bpf_object__close(obj);
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	LIBBPF_OPTS(bpf_obj_get_opts, gopts);
	LIBBPF_OPTS(bpf_get_fd_by_id_opts, iopts);
	__u32 k = 0, v = 1;
	int fd;

	if (argc == 3 && !strcmp(argv[1], "create"))
		return do_create(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "open")) {
		gopts.file_flags = flags_of(argv[3]);
		fd = bpf_obj_get_opts(argv[2], &gopts);
		printf("open %d\n", fd < 0 ? errno : 0);
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "id")) {
		iopts.open_flags = flags_of(argv[3]);
		fd = bpf_map_get_fd_by_id_opts(strtoul(argv[2], NULL, 0), &iopts);
		printf("id %d\n", fd < 0 ? errno : 0);
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "update")) {
		fd = bpf_obj_get(argv[2]);
		if (fd < 0 || bpf_map_update_elem(fd, &k, &v, BPF_ANY))
			printf("update %d\n", errno);
		else
			printf("update 0\n");
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "load"))
		return do_load(argv[2], argv[3]);
	fprintf(stderr, "usage: %s create PATH | open PATH rdonly|rdwr | id ID rdonly|rdwr |\n"
		"       update PATH | load OBJ PATH\n", argv[0]);
	return 2;
}
