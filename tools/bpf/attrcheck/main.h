/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * What attrcheck's commands share: the output mode and message printers
 * (main.c), the command table, and the set sources and printers
 * (common.c). One command per file, as in bpftool.
 */
#ifndef __ATTRCHECK_MAIN_H
#define __ATTRCHECK_MAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <linux/bpf.h>
#include <linux/compiler.h>

#include "json_writer.h"

struct ac_object;
struct prog_attrs_text;

extern const char *bin_name;
extern bool json_output;
extern bool pretty_output;
extern json_writer_t *json_wtr;

void __printf(1, 2) p_err(const char *fmt, ...);
void __printf(1, 2) p_note(const char *fmt, ...);

/* A command and the function that runs it (bpftool's struct cmd) */
struct cmd {
	const char *cmd;
	int (*func)(int argc, char **argv);
};

/*
 * Runs the command of @cmds (ended by an entry without a name) that
 * argv[0] names, with the words after it. The names are matched whole:
 * they are a stable interface, and a prefix would change its meaning as
 * commands are added. With no word, or an unknown one, runs @fallback
 * with all the words.
 */
int cmd_select(const struct cmd *cmds, int argc, char **argv,
	       int (*fallback)(int argc, char **argv));

/* common.c: set files, sets of loaded programs, printers */

/*
 * The BPF_PROG_ATTRS_OBS_* flags of the observed sets of a file of sets
 * (bpf_prog_info.attrs_observed_flags), by index: where each observed set
 * is not an upper bound of what runs on the program's behalf. Sets read
 * from a file, derived or declared have none.
 */
struct obs_flags {
	long long *v;
	size_t cnt;
};

int obs_mark(struct obs_flags *o, size_t idx, __u32 flags);
void json_obs_flags(json_writer_t *w, const char *name, __u32 flags);
const char *map_type_str(unsigned int t);
bool helper_in(const struct bpf_prog_attrs *a, int id);
bool kfunc_in(const struct bpf_prog_attrs *a, const char *name);
struct ac_object *open_object(const char *path);
struct prog_attrs_text *read_file(const char *path);
struct prog_attrs_text *read_section(const char *path);
int print_file(const struct prog_attrs_text *f, const struct obs_flags *obs,
	       const struct ac_object *o, FILE *out);
int write_out(const struct prog_attrs_text *f, const struct obs_flags *obs,
	      const struct ac_object *o, const char *out);
int write_section(const struct prog_attrs_text *f, const char *out);
int prog_parse_fd(int *argc, char ***argv);
struct prog_attrs_text *get_source(int *argc, char ***argv, struct obs_flags *obs,
				   int *rc);

/* the commands: gen.c, check.c, show.c, diff.c, testcmd.c, supervise.c, learn.c */
int do_gen(int argc, char **argv);
int do_check(int argc, char **argv);
int do_show(int argc, char **argv);
int do_diff(int argc, char **argv);
int do_load(int argc, char **argv);
int do_verify(int argc, char **argv);
int do_supervise(int argc, char **argv);
int do_learn(int argc, char **argv);

#endif
