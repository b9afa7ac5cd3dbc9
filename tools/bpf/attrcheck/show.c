// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * attrcheck show: a set file in normalised form, or the declared and
 * observed sets of a loaded program.
 */
#include <stdio.h>
#include <stdlib.h>

#include <bpf/libbpf.h>

#include "analyze.h"
#include "main.h"

int do_show(int argc, char **argv)
{
	struct obs_flags obs = {};
	struct bpf_attrs_file *f;
	int rc;

	f = get_source(&argc, &argv, &obs, &rc);
	if (!f)
		goto out;
	if (argc) {
		p_err("show: unexpected argument '%s'", *argv);
		rc = AC_EXIT_USAGE;
	} else {
		rc = print_file(f, &obs, NULL, stdout);
	}
	bpf_attrs_file__free(f);
out:
	free(obs.v);
	return rc;
}
