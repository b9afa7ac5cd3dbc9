# SPDX-License-Identifier: GPL-2.0
# The patch series: how the repository's new files and patches map onto
# the assembled kernel tree, and back. Sourced after lib.sh.
# shellcheck shell=bash
#
# patches/series lists the patches in order, one section each:
#
#   [NAME]
#   glob ...          files (new or upstream) that belong to patch NAME
#
# A file belongs to every patch whose globs match it, in series order.
# Most files belong to one patch: patches/NAME.patch holds NAME's edits to
# its upstream files (a plain `git diff` against the pristine tree), and
# its new files live in the repository at their kernel path (final state).
# A file matched by several patches is "staged": it grows across them, as
# in upstream series (a new file created by one patch and extended by the
# next, an upstream file edited by several). Each patch that lists it
# holds its step in its .patch, a plain `git diff` from the state after the
# previous patch that lists it (the first step of an upstream file is
# against the pristine tree, of a new file a creation diff), except that a
# new file's last step is the repository's copy at its kernel path, so it
# needs no diff. patches/NAME.msg is NAME's commit message (its first line
# the commit subject; NAME when there is no .msg), without Signed-off-by:
# the commit gets the series' identity (lib.sh, the exporter's git
# identity) as author, committer and Signed-off-by. MAINTAINERS is never
# patched directly: our entry, patches/MAINTAINERS.entry (no M: line of
# ours: the identity is added as the first), is merged into the real file
# (sorted) by the patches whose globs list MAINTAINERS, each with the F:
# lines of the files there so far (maintainers_present).
#
# In the assembled tree each non-empty patch is one commit on baseline, so
# a hunk moves to an earlier patch with `git commit --fixup=COMMIT` and
# `git rebase -i --autosquash baseline`; scripts/export maps the commits
# back to patches by subject and writes each staged file's steps from them.
# Uncommitted edits go to the last patch that lists the file. A .patch, or
# a commit in the tree, may change only files its patch lists; a new file
# deleted in the tree leaves the series (every step of it).

declare -a SERIES_NAMES=()
declare -A SERIES_GLOBS=()
FIXED_DATE='2024-11-17T00:00:00+0000'

series_parse() {
	local f=$PATCHES/series line name=""
	[ -f "$f" ] || die "$f not found"
	SERIES_NAMES=()
	SERIES_GLOBS=()
	local n=0
	while IFS= read -r line || [ -n "$line" ]; do
		n=$((n + 1))
		line=${line%%#*}
		line=${line#"${line%%[![:space:]]*}"}	# trim
		line=${line%"${line##*[![:space:]]}"}
		[ -z "$line" ] && continue
		if [[ $line =~ ^\[([A-Za-z0-9._-]+)\]$ ]]; then
			name=${BASH_REMATCH[1]}
			[ -z "${SERIES_GLOBS[$name]+x}" ] || die "$f:$n: patch '$name' listed twice"
			SERIES_NAMES+=("$name")
			SERIES_GLOBS[$name]=""
		elif [ -z "$name" ]; then
			die "$f:$n: file pattern before the first [patch] header"
		else
			SERIES_GLOBS[$name]+="$line "
		fi
	done <"$f"
	[ ${#SERIES_NAMES[@]} -gt 0 ] || die "$f: no patches listed"
}

# series_groups PATH: set REPLY to every patch whose globs match PATH, in
# series order, separated by spaces (empty when none matches). PATH is
# staged when there are several; its last step is in the last one.
series_groups() {
	local name g
	local -
	set -f	# the globs are patterns for [[ ]], not for the file system
	REPLY=""
	for name in "${SERIES_NAMES[@]}"; do
		for g in ${SERIES_GLOBS[$name]}; do
			# shellcheck disable=SC2053
			if [[ $1 == $g ]]; then
				REPLY+="$name "
				break
			fi
		done
	done
	REPLY=${REPLY% }
}

# groups_of PATH: series_groups, printed (nothing when none matches).
groups_of() {
	series_groups "$1"
	[ -z "$REPLY" ] || echo "$REPLY"
	return 0
}

# series_no_rebase: refuse to work on a tree in the middle of a rebase,
# cherry-pick or merge (its HEAD and files are half-way).
series_no_rebase() {
	local g=$TREE/.git
	if [ -d "$g/rebase-merge" ] || [ -d "$g/rebase-apply" ] ||
		[ -f "$g/CHERRY_PICK_HEAD" ] || [ -f "$g/MERGE_HEAD" ]; then
		die "a rebase, cherry-pick or merge is in progress in $TREE: finish it (or abort it) first"
	fi
	return 0
}

# series_subject NAME: the commit subject of patch NAME in the tree (the
# first line of patches/NAME.msg, or NAME).
series_subject() {
	local line=""
	if [ -f "$PATCHES/$1.msg" ]; then
		IFS= read -r line <"$PATCHES/$1.msg" || true
		echo "$line"
	else
		echo "$1"
	fi
}

# New files of the repository: everything under the overlay directories.
repo_new_files() {
	local d dirs=()
	for d in $OVERLAY_DIRS; do
		[ -e "$REPO/$d" ] && dirs+=("$d")
	done
	[ ${#dirs[@]} -eq 0 ] && return 0
	git -C "$REPO" ls-files -co --exclude-standard -- "${dirs[@]}" |
		while IFS= read -r p; do [ -f "$REPO/$p" ] && echo "$p"; done | sort -u
}

# maintainers_entry ENTRY: our MAINTAINERS sections: ENTRY (one or more
# sections, a blank line between them: each a title and its L:/S:/F:...
# lines) with the series' identity as the first M: line of each.
maintainers_entry() {
	local m
	m=$(printf 'M:\t%s <%s>' "$AUTHOR_NAME" "$AUTHOR_EMAIL")
	awk -v m="$m" '
		{ if (pend) { pend = 0; if ($0 != m) print m }; print }
		$0 != "" && (NR == 1 || prev == "") { pend = 1 }
		{ prev = $0 }
		END { if (pend) print m }' "$1"
}

# maintainers_present ENTRY INDEX: ENTRY with only its F: lines that match a
# file in git index INDEX, and without the sections none of whose F: lines
# does. The patches whose globs list MAINTAINERS merge our sections as far
# as the series has come: each names the files it adds (as checkpatch asks
# of a patch that adds files), and the last one has them all.
maintainers_present() {
	local line pat sec="" out="" kept=0 files=0
	_maint_flush() {
		if [ -n "$sec" ] && { [ $kept = 1 ] || [ $files = 0 ]; }; then
			out+="${out:+$'\n'}$sec"
		fi
		sec="" kept=0 files=0
	}
	while IFS= read -r line || [ -n "$line" ]; do
		if [ -z "$line" ]; then
			_maint_flush
			continue
		fi
		if [[ $line == F:$'\t'* ]]; then
			files=1
			pat=${line#F:$'\t'}
			[[ $pat == */ ]] && pat="$pat**"
			[ -n "$(GIT_INDEX_FILE=$2 tgit ls-files -- ":(glob)$pat" | head -n1)" ] || continue
			kept=1
		fi
		sec+="$line"$'\n'
	done <"$1"
	_maint_flush
	printf '%s' "$out"
}

# maintainers_merge FILE ENTRY: insert our sections (maintainers_entry
# ENTRY), which sort next to each other, before the first section whose
# title sorts after the first of them.
maintainers_merge() {
	local file=$1 text title
	text=$(maintainers_entry "$2")
	title=${text%%$'\n'*}
	MAINT_ENTRY=$text awk -v title="$title" '
		function emit() { print ENVIRON["MAINT_ENTRY"]; print ""; done = 1 }
		{ lines[NR] = $0 }
		END {
			for (i = 1; i <= NR; i++) {
				if (!done && i > 1 && lines[i-1] == "" && lines[i+1] ~ /^[A-Z]:\t/ &&
				    lines[i] > title && seen_first)
					emit()
				if (i > 1 && lines[i-1] == "" && lines[i+1] ~ /^[A-Z]:\t/)
					seen_first = 1
				print lines[i]
			}
			if (!done) { print ""; emit() }
		}' "$file"
}

# series_message NAME: the commit message of patch NAME: patches/NAME.msg
# (or NAME) with the series' Signed-off-by (lib.sh: the exporter's git
# identity) added to its closing trailer block (Fixes:, ...), or as a
# block of its own; not added twice.
series_message() {
	local sob
	sob="Signed-off-by: $AUTHOR_NAME <$AUTHOR_EMAIL>"
	{ if [ -f "$PATCHES/$1.msg" ]; then cat "$PATCHES/$1.msg"; else echo "$1"; fi; } |
		awk -v sob="$sob" '
		{ l[++n] = $0 }
		END {
			while (n > 0 && l[n] ~ /^[ \t]*$/) n--
			# The last paragraph (not the subject) is a trailer block?
			for (s = n; s > 1 && l[s-1] !~ /^[ \t]*$/; s--) ;
			trailers = s > 1
			for (i = s; i <= n && trailers; i++)
				if (l[i] !~ /^[A-Za-z0-9-]+: / && l[i] !~ /^[ \t]/) trailers = 0
			for (i = 1; i <= n; i++) print l[i]
			if (n > 0 && l[n] == sob) exit
			if (!trailers) print ""
			print sob
		}'
}

# series_build_commits: build one commit per patch on top of the pristine
# tree, in the tree's object store, without touching its work tree: each
# patch's .patch is applied (a staged file's step applies to its state
# after the earlier patches), then the new files it is the last to list
# are set from the repository. Prints "NAME COMMIT" per non-empty patch;
# the last line is the tip.
series_build_commits() {
	local idx=$BUILD/.series-index.$$ parent base name p g f mode sha groups
	local -A group_files=() in_base=() file_groups=()
	local -a pfiles=() pfs=()
	local -
	pfs=("$PATCHES"/*.patch)
	set -f
	series_parse
	base=$(tgit rev-parse --verify -q "baseline^{commit}") || die "tree has no baseline: run scripts/assemble"
	# Assign the repository's new files to the last patch that lists them.
	while IFS= read -r f; do
		series_groups "$f"
		groups=$REPLY
		[ -n "$groups" ] || die "new file $f matches no patch in $PATCHES/series: add a pattern for it"
		if tgit cat-file -e "baseline:$f" 2>/dev/null; then
			die "$f exists in the pristine tree: change it through a patch, not as a new file"
		fi
		group_files[${groups##* }]+="$f"$'\n'
	done < <(repo_new_files)
	# Each .patch changes only files its patch lists, and never holds the
	# last step of a new file (that is the repository's copy).
	for p in "${pfs[@]}"; do
		[ -e "$p" ] || continue
		name=$(basename "$p" .patch)
		[ -n "${SERIES_GLOBS[$name]+x}" ] || die "$p is not listed in $PATCHES/series"
		[ -s "$p" ] || continue
		mapfile -t pfiles < <(tgit apply --numstat "$p" 2>/dev/null | cut -f3-)
		[ ${#pfiles[@]} -gt 0 ] || continue
		while IFS= read -r f; do in_base[$f]=1; done < <(tgit ls-tree -r --name-only "$base" -- "${pfiles[@]}")
		for f in "${pfiles[@]}"; do
			if [ -z "${file_groups[$f]+x}" ]; then
				series_groups "$f"
				file_groups[$f]=$REPLY
			fi
			groups=${file_groups[$f]}
			[[ " $groups " == *" $name "* ]] ||
				die "$p changes $f, which [$name] does not list in $PATCHES/series (add a pattern for it there)"
			if [ -z "${in_base[$f]:-}" ] && [ "${groups##* }" = "$name" ]; then
				die "$p holds new file $f, but $name is the last patch that lists it: that step is the file itself, at $REPO/$f"
			fi
		done
	done

	parent=$base
	rm -f "$idx"
	GIT_INDEX_FILE=$idx tgit read-tree "$base"
	for name in "${SERIES_NAMES[@]}"; do
		local before after
		before=$(GIT_INDEX_FILE=$idx tgit write-tree)
		p=$PATCHES/$name.patch
		if [ -s "$p" ]; then
			local err line why=""
			if ! err=$(GIT_INDEX_FILE=$idx tgit apply --cached --whitespace=nowarn "$p" 2>&1); then
				rm -f "$idx"
				printf '%s\n' "$err" >&2
				# A staged file's later step applies to the earlier
				# patches' version of it, not to the pristine tree.
				while IFS= read -r line; do
					f=""
					if [[ $line =~ ^error:\ patch\ failed:\ (.*):[0-9]+$ ]]; then
						f=${BASH_REMATCH[1]}
					elif [[ $line =~ ^error:\ (.*):\ (patch\ does\ not\ apply|already\ exists\ in\ index|does\ not\ exist\ in\ index)$ ]]; then
						f=${BASH_REMATCH[1]}
					fi
					[ -n "$f" ] || continue
					series_groups "$f"
					groups=$REPLY
					if [ "$groups" != "${groups%% *}" ] && [ "${groups%% *}" != "$name" ]; then
						why="the step of staged file $f (listed by: $groups) does not apply to its state after the earlier patch(es) that list it; git's report above names the hunk"
						break
					fi
				done <<<"$err"
				[ -n "$why" ] && die "patch $name ($p): $why"
				die "patch $name ($p) does not apply to $BASE_PKG $(installed_base_version) (tested on $(base_version)); git's report above names the file and hunk"
			fi
		fi
		if [ -n "${group_files[$name]:-}" ]; then
			while IFS= read -r f; do
				[ -n "$f" ] || continue
				mode=100644
				[ -x "$REPO/$f" ] && mode=100755
				sha=$(tgit hash-object -w --no-filters --stdin <"$REPO/$f")
				GIT_INDEX_FILE=$idx tgit update-index --add --cacheinfo "$mode,$sha,$f"
			done <<<"${group_files[$name]}"
		fi
		if [ -f "$PATCHES/MAINTAINERS.entry" ]; then
			for g in ${SERIES_GLOBS[$name]}; do
				if [ "$g" = MAINTAINERS ]; then
					sha=$(maintainers_merge <(tgit show baseline:MAINTAINERS) \
						<(maintainers_present "$PATCHES/MAINTAINERS.entry" "$idx") |
						tgit hash-object -w --stdin)
					GIT_INDEX_FILE=$idx tgit update-index --cacheinfo "100644,$sha,MAINTAINERS"
				fi
			done
		fi
		after=$(GIT_INDEX_FILE=$idx tgit write-tree)
		[ "$before" = "$after" ] && continue
		# Deterministic for one identity: fixed dates, the identity
		# whatever GIT_AUTHOR_* / GIT_COMMITTER_* the caller has set.
		local c
		c=$(series_message "$name" |
			GIT_AUTHOR_NAME=$AUTHOR_NAME GIT_AUTHOR_EMAIL=$AUTHOR_EMAIL GIT_AUTHOR_DATE=$FIXED_DATE \
			GIT_COMMITTER_NAME=$AUTHOR_NAME GIT_COMMITTER_EMAIL=$AUTHOR_EMAIL GIT_COMMITTER_DATE=$FIXED_DATE \
			tgit commit-tree "$after" -p "$parent" -F -)
		echo "$name $c"
		parent=$c
	done
	rm -f "$idx"
	[ "$parent" = "$base" ] && echo "(pristine) $base"
	return 0
}

# series_identity_changed REV: when the series' commits up to REV (as
# assembled) carry another identity than the exporter's git identity now,
# say so (the commits, MAINTAINERS and Signed-off-by follow the identity).
series_identity_changed() {
	local was
	was=$(tgit log -1 --format='%an <%ae>' baseline.."$1" 2>/dev/null || true)
	[ -n "$was" ] && [ "$was" != "$AUTHOR_NAME <$AUTHOR_EMAIL>" ] &&
		echo "the git identity changed since: the series was by $was, it is now by $AUTHOR_NAME <$AUTHOR_EMAIL>"
	return 0
}

# series_states VAR: read "NAME COMMIT" lines (series_build_commits or
# series_map_commits) on stdin and set VAR[NAME], for every patch of the
# series, to the commit of the state after NAME: its own commit, else the
# last earlier one, else baseline.
series_states() {
	local -n _states=$1
	local -A _own=()
	local _n _c _cur
	while read -r _n _c; do [ -n "$_n" ] && _own[$_n]=$_c; done
	_cur=$(tgit rev-parse --verify -q "baseline^{commit}") || die "tree has no baseline: run scripts/assemble"
	_states=()
	for _n in "${SERIES_NAMES[@]}"; do
		[ -n "${_own[$_n]:-}" ] && _cur=${_own[$_n]}
		_states["$_n"]=$_cur
	done
}

# series_map_commits REV: map the tree's commits baseline..REV to the
# patches of the series by subject (series_subject); print "NAME COMMIT"
# per commit. Refuses a commit that is no patch of the series (a fixup!
# not squashed yet, a work-in-progress commit), two commits of one patch,
# patches out of series order and merges.
series_map_commits() {
	local rev=$1 c s name i last=-1 msg
	local -A by_subject=() pos=() seen=()
	for i in "${!SERIES_NAMES[@]}"; do
		name=${SERIES_NAMES[$i]}
		s=$(series_subject "$name")
		[ -z "${by_subject[$s]+x}" ] ||
			die "patches ${by_subject[$s]} and $name have the same subject '$s': the tree's commits could not be told apart"
		by_subject[$s]=$name
		pos[$name]=$i
	done
	tgit merge-base --is-ancestor baseline "$rev" ||
		die "$rev in $TREE does not descend from baseline: the series is built on baseline"
	[ -z "$(tgit rev-list --merges baseline.."$rev")" ] ||
		die "baseline..$rev in $TREE has merge commits: the series is a straight line of commits on baseline"
	while read -r c; do
		msg=$(tgit log -1 --format=%B "$c")
		s=${msg%%$'\n'*}
		name=${by_subject[$s]:-}
		if [ -z "$name" ]; then
			case $s in
			fixup!* | squash!* | amend!*)
				die "commit ${c:0:12} '$s' in $TREE is not a patch of the series: squash it into its patch (git -C $TREE rebase -i --autosquash baseline)" ;;
			esac
			die "commit ${c:0:12} '$s' in $TREE is not a patch of the series (no patch in $PATCHES/series has that subject): squash it into one (git commit --fixup, git rebase -i --autosquash baseline) or drop it"
		fi
		[ -z "${seen[$name]:-}" ] ||
			die "commit ${c:0:12} '$s' in $TREE: patch $name has two commits (${seen[$name]:0:12} too): squash them"
		[ "${pos[$name]}" -gt "$last" ] ||
			die "commit ${c:0:12} '$s' in $TREE (patch $name) comes after a later patch of $PATCHES/series: the commits must follow the series' order"
		seen[$name]=$c
		last=${pos[$name]}
		echo "$name $c"
	done < <(tgit rev-list --reverse baseline.."$rev")
}

# The series as last assembled (or exported) into the tree, as the
# "NAME COMMIT" lines of series_build_commits: HEAD was then its tip, so
# another HEAD means commits made in the tree (a fixup and a rebase) that
# were not exported yet. The ref keeps those commits reachable.
ASSEMBLED_REF=refs/bpf-attrs/assembled
ASSEMBLED_FILE=$TREE/.git/bpf-attrs-assembled

# series_record_assembled COMMITS: note the series_build_commits output
# COMMITS (HEAD is now its tip) as the assembled series.
series_record_assembled() {
	printf '%s\n' "$1" >"$ASSEMBLED_FILE.tmp"
	mv "$ASSEMBLED_FILE.tmp" "$ASSEMBLED_FILE"
	tgit update-ref "$ASSEMBLED_REF" "$(printf '%s\n' "$1" | tail -n1 | cut -d' ' -f2)"
}

# series_assembled: the "NAME COMMIT" lines of the series last assembled;
# for a tree assembled before the record existed, HEAD's commits.
series_assembled() {
	local t
	t=$(tgit rev-parse -q --verify "$ASSEMBLED_REF^{commit}" || true)
	if [ -n "$t" ] && [ -f "$ASSEMBLED_FILE" ] &&
		[ "$(tail -n1 "$ASSEMBLED_FILE" | cut -d' ' -f2)" = "$t" ]; then
		cat "$ASSEMBLED_FILE"
	else
		series_map_commits HEAD
	fi
}

# series_assembled_tip: the tip of the series last assembled (or HEAD).
series_assembled_tip() {
	tgit rev-parse -q --verify "$ASSEMBLED_REF^{commit}" || tgit rev-parse HEAD
}

# series_signature REV: the commits baseline..REV as their trees and
# messages (equal for two chains that format to the same series).
series_signature() { tgit log --format='%T%n%B' baseline.."$1"; }

# worktree_tree: the tree object of the work tree as it is now (tracked
# files plus untracked, non-ignored ones), without touching the index.
worktree_tree() {
	local idx=$BUILD/.wt-index.$$ t
	cp "$TREE/.git/index" "$idx"
	GIT_INDEX_FILE=$idx tgit add -A . >/dev/null 2>&1 || { rm -f "$idx"; die "git add in $TREE failed"; }
	t=$(GIT_INDEX_FILE=$idx tgit write-tree)
	rm -f "$idx"
	echo "$t"
}
