// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * A reader of ELF64 images in the host's byte order (see elfimg.h). Every
 * header is copied out of the image before it is read, so that a header
 * at an odd offset is no unaligned access.
 */
#include <errno.h>
#include <string.h>

#include "elfimg.h"

/* Whether @len bytes at @off lie within the image */
static bool elfimg_within(const struct elfimg *img, __u64 off, __u64 len)
{
	return off <= img->size && len <= img->size - off;
}

static void elfimg_shdr_at(const struct elfimg *img, size_t idx, struct elf64_shdr *sh)
{
	memcpy(sh, img->mem + img->eh.e_shoff + idx * sizeof(*sh), sizeof(*sh));
}

/**
 * elfimg_open() - check an image's ELF header and section header table
 * @img: filled in on success
 * @mem: the image, which must outlive @img
 * @size: its size in bytes
 *
 * Return: 0; -EINVAL if @mem is not an ELF64 image of the host's byte order
 * or its section header table does not lie within it.
 */
int elfimg_open(struct elfimg *img, const void *mem, size_t size)
{
	struct elf64_shdr sh0;
	const __u8 *id = mem;

	memset(img, 0, sizeof(*img));
	if (size < sizeof(img->eh) || memcmp(id, ELFMAG, SELFMAG) ||
	    id[EI_CLASS] != ELFCLASS64)
		return -EINVAL;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (id[EI_DATA] != ELFDATA2LSB)
		return -EINVAL;
#else
	if (id[EI_DATA] != ELFDATA2MSB)
		return -EINVAL;
#endif
	img->mem = mem;
	img->size = size;
	memcpy(&img->eh, mem, sizeof(img->eh));
	if (!img->eh.e_shoff)
		return 0;	/* no sections */
	if (img->eh.e_shentsize != sizeof(sh0) ||
	    !elfimg_within(img, img->eh.e_shoff, sizeof(sh0)))
		return -EINVAL;
	elfimg_shdr_at(img, 0, &sh0);
	/* section 0 holds the counts that do not fit the header */
	img->shnum = img->eh.e_shnum ? img->eh.e_shnum : sh0.sh_size;
	img->shstrndx = img->eh.e_shstrndx == ELFIMG_SHN_XINDEX ? sh0.sh_link :
			img->eh.e_shstrndx;
	if (img->shnum > (img->size - img->eh.e_shoff) / sizeof(sh0) ||
	    (img->shnum && img->shstrndx >= img->shnum))
		return -EINVAL;
	return 0;
}

/**
 * elfimg_shdr() - copy out a section header
 * @img: the image
 * @idx: the section's index
 * @sh: filled in on success
 *
 * Return: false if there is no section @idx.
 */
bool elfimg_shdr(const struct elfimg *img, size_t idx, struct elf64_shdr *sh)
{
	if (idx >= img->shnum)
		return false;
	elfimg_shdr_at(img, idx, sh);
	return true;
}

/**
 * elfimg_data() - the bytes of a section
 * @img: the image
 * @sh: the section's header
 *
 * Return: the @sh->sh_size bytes of the section, not necessarily aligned;
 * NULL for a section without bytes in the image (SHT_NOBITS) or one that
 * does not lie within it.
 */
const void *elfimg_data(const struct elfimg *img, const struct elf64_shdr *sh)
{
	if (sh->sh_type == SHT_NOBITS || !elfimg_within(img, sh->sh_offset, sh->sh_size))
		return NULL;
	return img->mem + sh->sh_offset;
}

/**
 * elfimg_str() - a string of a string table
 * @img: the image
 * @strndx: the index of the string table's section
 * @off: the string's offset in it
 *
 * Return: the string, or NULL if @strndx is not a string table within the
 * image or no NUL-terminated string starts at @off in it.
 */
const char *elfimg_str(const struct elfimg *img, size_t strndx, __u64 off)
{
	struct elf64_shdr sh;
	const char *s;

	if (!elfimg_shdr(img, strndx, &sh) || sh.sh_type != SHT_STRTAB)
		return NULL;
	s = elfimg_data(img, &sh);
	if (!s || off >= sh.sh_size || !memchr(s + off, '\0', sh.sh_size - off))
		return NULL;
	return s + off;
}
