// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * attrcheck: derive, check, show and diff BPF program attribute sets.
 * See Documentation/attrcheck.rst. This file: the options, the command
 * table and the message printers; each command has its own file.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <bpf/libbpf.h>

#include "analyze.h"
#include "json_writer.h"
#include "main.h"

const char *bin_name = "attrcheck";
bool json_output;
bool pretty_output;
json_writer_t *json_wtr;

/* bpftool's p_err(): "Error: ..." on stderr, or {"error": ...} in JSON */
void p_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (json_output) {
		jsonw_start_object(json_wtr);
		jsonw_name(json_wtr, "error");
		jsonw_vprintf_enquote(json_wtr, fmt, ap);
		jsonw_end_object(json_wtr);
	} else {
		fprintf(stderr, "Error: ");
		vfprintf(stderr, fmt, ap);
		fprintf(stderr, "\n");
	}
	va_end(ap);
}

/* A note for the user, on stderr in both modes (JSON output stays the data) */
void p_note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "Note: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
}

static void print_usage(FILE *f)
{
	fprintf(f,
		"Usage: %s [OPTIONS] COMMAND ...\n"
		"       %s gen OBJ [prog NAME] [limits] [format FMT] [-o FILE]\n"
		"       %s gen --observed OBJ [prog NAME] [limits] [format FMT] [-o FILE]\n"
		"       %s check OBJ FILE\n"
		"       %s show { FILE [format FMT] | id ID | pinned PATH }\n"
		"       %s diff A B\n"
		"       %s supervise { run | check | show | learn | help } ...\n"
		"       %s help\n"
		"\n"
		"       OPTIONS := { -j|--json [-p|--pretty] | -d|--debug | -h|--help | -V|--version }\n"
		"       A, B    := { FILE | id ID | pinned PATH }\n"
		"       FMT     := { text | section } (section: the binary records of a\n"
		"                  .bpf.attrs section, for objcopy --add-section; default text)\n"
		"       OBJ     := a BPF object file: libbpf's conventions, or the legacy ones\n"
		"                  (a \"maps\" section, each executable section a program)\n"
		"\n"
		"Test commands (for the test harness and for developers; not a stable interface):\n"
		"       %s load OBJ FILE [prog NAME]\n"
		"       %s verify OBJ [removals N]\n"
		"\n"
		"Exit status: 0 success (check: no violation), 1 check found instructions\n"
		"outside the set, 2 an input could not be read, 3 bad command line, 4 the\n"
		"kernel refused a program (load, gen --observed, verify).\n",
		bin_name, bin_name, bin_name, bin_name, bin_name, bin_name, bin_name, bin_name,
		bin_name, bin_name);
}

static int do_help(int argc, char **argv)
{
	print_usage(stdout);
	return 0;
}

static int unknown_cmd(int argc, char **argv)
{
	if (argc < 1) {
		print_usage(stderr);
		return AC_EXIT_USAGE;
	}
	p_err("unknown command '%s'", argv[0]);
	if (!json_output)
		print_usage(stderr);
	return AC_EXIT_USAGE;
}

int cmd_select(const struct cmd *cmds, int argc, char **argv,
	       int (*fallback)(int argc, char **argv))
{
	unsigned int i;

	if (argc < 1)
		return fallback(argc, argv);
	for (i = 0; cmds[i].cmd; i++)
		if (!strcmp(argv[0], cmds[i].cmd))
			return cmds[i].func(argc - 1, argv + 1);
	return fallback(argc, argv);
}

static const struct cmd cmds[] = {
	{ "gen",	do_gen },
	{ "check",	do_check },
	{ "show",	do_show },
	{ "diff",	do_diff },
	{ "load",	do_load },
	{ "verify",	do_verify },
	{ "supervise",	do_supervise },
	{ "help",	do_help },
	{ "--help",	do_help },
	{ 0 }
};

static int silent_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_WARN || ac_verbose)
		return vfprintf(stderr, fmt, ap);
	return 0;
}

/*
 * The options before the command (the commands parse the rest). Returns
 * -1 to go on with the command at argv[optind], else the exit status.
 */
static int parse_options(int argc, char **argv)
{
	static const struct option options[] = {
		{ "json",	no_argument,	NULL,	'j' },
		{ "pretty",	no_argument,	NULL,	'p' },
		{ "debug",	no_argument,	NULL,	'd' },
		{ "help",	no_argument,	NULL,	'h' },
		{ "version",	no_argument,	NULL,	'V' },
		{ 0 }
	};
	int opt;

	while ((opt = getopt_long(argc, argv, "+jpdhV", options, NULL)) >= 0) {
		switch (opt) {
		case 'j':
			json_output = true;
			break;
		case 'p':
			json_output = true;
			pretty_output = true;
			break;
		case 'd':
			ac_verbose = true;
			break;
		case 'h':
			print_usage(stdout);
			return 0;
		case 'V':
			printf("%s v%d.%d (libbpf v%d.%d)\n", bin_name, 1, 0,
			       libbpf_major_version(), libbpf_minor_version());
			return 0;
		default:
			print_usage(stderr);
			return AC_EXIT_USAGE;
		}
	}
	return -1;
}

/* -j and -p anywhere after the command too, like bpftool; returns the new argc */
static int strip_json_args(int argc, char **argv)
{
	int i, k = 0;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "-j") || !strcmp(argv[i], "--json")) {
			json_output = true;
		} else if (!strcmp(argv[i], "-p") || !strcmp(argv[i], "--pretty")) {
			json_output = true;
			pretty_output = true;
		} else {
			argv[k++] = argv[i];
		}
	}
	return k;
}

int main(int argc, char **argv)
{
	int rc;

	libbpf_set_print(silent_print);
	rc = parse_options(argc, argv);
	if (rc >= 0)
		return rc;
	argc -= optind;
	argv += optind;
	if (argc < 1) {
		print_usage(stderr);
		return AC_EXIT_USAGE;
	}
	argc = strip_json_args(argc, argv);
	if (json_output) {
		json_wtr = jsonw_new(stdout);
		if (!json_wtr)
			return AC_EXIT_INPUT;
		jsonw_pretty(json_wtr, pretty_output);
	}
	/* only -j or -p after the options: the first of them is the command */
	rc = cmd_select(cmds, argc ? argc : 1, argv, unknown_cmd);
	if (json_output)
		jsonw_destroy(&json_wtr);
	return rc;
}
