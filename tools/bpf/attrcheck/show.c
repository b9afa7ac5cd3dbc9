// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * attrcheck show: a set file in normalised form (text, or the binary
 * records of a ".bpf.attrs" section, alone or in an object), or the
 * declared and observed sets of a loaded program.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/libbpf.h>

#include "analyze.h"
#include "main.h"
#include "prog_attrs_text.h"

/* "format { text | section }" at the end of the words: *@section */
static int show_format(int *argc, char **argv, bool *section)
{
	const char *fmt;

	*section = false;
	if (*argc < 2 || strcmp(argv[*argc - 2], "format"))
		return 0;
	fmt = argv[*argc - 1];
	if (!strcmp(fmt, "section")) {
		*section = true;
	} else if (strcmp(fmt, "text")) {
		p_err("show: unknown format '%s' (text or section)", fmt);
		return AC_EXIT_USAGE;
	}
	*argc -= 2;
	return 0;
}

int do_show(int argc, char **argv)
{
	struct obs_flags obs = {};
	struct prog_attrs_text *f;
	bool section;
	int rc;

	rc = show_format(&argc, argv, &section);
	if (rc)
		return rc;
	if (section) {
		/* FILE format section: the records of a section, or an object's */
		if (argc != 1) {
			p_err("show: format section reads a FILE (section contents or an object)");
			return AC_EXIT_USAGE;
		}
		f = read_section(*argv);
		rc = f ? 0 : AC_EXIT_INPUT;
		argc--;
	} else {
		f = get_source(&argc, &argv, &obs, &rc);
	}
	if (!f)
		goto out;
	if (argc) {
		p_err("show: unexpected argument '%s'", *argv);
		rc = AC_EXIT_USAGE;
	} else {
		rc = print_file(f, &obs, NULL, stdout);
	}
	prog_attrs_text__free(f);
out:
	free(obs.v);
	return rc;
}
