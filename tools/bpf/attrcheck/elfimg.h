/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * A reader of ELF64 images in the host's byte order: the section headers,
 * their bytes and their strings, each offset checked against the image.
 * attrcheck reads objects that libbpf refuses (the legacy conventions) and
 * trusts no field of them; what it needs of ELF is this much.
 */
#ifndef __ATTRCHECK_ELFIMG_H
#define __ATTRCHECK_ELFIMG_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/elf.h>
#include <linux/types.h>

/* Of the ELF specification, not in <linux/elf.h> */
#define ELFIMG_SHN_XINDEX	0xffff
#define ELFIMG_ST_VISIBILITY(o)	((o) & 0x3)
#define ELFIMG_STV_INTERNAL	1
#define ELFIMG_STV_HIDDEN	2

/**
 * struct elfimg - an ELF64 image in memory
 * @mem: the image, which the reader never writes
 * @size: its size in bytes
 * @eh: its ELF header
 * @shnum: its number of sections (the extended number if there are many)
 * @shstrndx: the index of the section of section names
 */
struct elfimg {
	const __u8 *mem;
	size_t size;
	struct elf64_hdr eh;
	size_t shnum;
	size_t shstrndx;
};

int elfimg_open(struct elfimg *img, const void *mem, size_t size);
bool elfimg_shdr(const struct elfimg *img, size_t idx, struct elf64_shdr *sh);
const void *elfimg_data(const struct elfimg *img, const struct elf64_shdr *sh);
const char *elfimg_str(const struct elfimg *img, size_t strndx, __u64 off);

#endif /* __ATTRCHECK_ELFIMG_H */
