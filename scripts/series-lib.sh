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
# patches/NAME.patch holds NAME's edits to upstream files (a plain
# `git diff` against the pristine tree), patches/NAME.msg its commit
# message. New files live in the repository at their kernel path; the
# globs decide which patch each of them belongs to. A file belongs to
# exactly one patch. MAINTAINERS is never patched directly: our entry,
# patches/MAINTAINERS.entry, is merged into the real file (sorted) by the
# patch whose globs list MAINTAINERS.

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

# group_of PATH: the first patch whose globs match PATH, or nothing.
group_of() {
	local p=$1 name g
	local -
	set -f	# the globs are patterns for [[ ]], not for the file system
	for name in "${SERIES_NAMES[@]}"; do
		for g in ${SERIES_GLOBS[$name]}; do
			# shellcheck disable=SC2053
			if [[ $p == $g ]]; then
				echo "$name"
				return 0
			fi
		done
	done
	return 0
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

# maintainers_merge FILE ENTRY: insert ENTRY (one MAINTAINERS section)
# before the first section whose title sorts after it.
maintainers_merge() {
	local file=$1 entry=$2 title
	title=$(head -n1 "$entry")
	awk -v title="$title" -v entry="$entry" '
		function emit(   l) { while ((getline l < entry) > 0) print l; print ""; done = 1 }
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

# series_build_commits: build one commit per patch on top of the pristine
# tree, in the tree's object store, without touching its work tree.
# Prints "NAME COMMIT" per non-empty patch; the last line is the tip.
series_build_commits() {
	local idx=$BUILD/.series-index.$$ parent base name p g f mode sha
	local -A group_files=()
	local -
	set -f
	series_parse
	base=$(tgit rev-parse --verify -q baseline^{commit}) || die "tree has no baseline: run scripts/assemble"
	# Assign the repository's new files to patches.
	while IFS= read -r f; do
		name=$(group_of "$f")
		[ -n "$name" ] || die "new file $f matches no patch in $PATCHES/series: add a pattern for it"
		if tgit cat-file -e "baseline:$f" 2>/dev/null; then
			die "$f exists in the pristine tree: change it through a patch, not as a new file"
		fi
		group_files[$name]+="$f"$'\n'
	done < <(repo_new_files)
	for f in "$PATCHES"/*.patch; do
		[ -e "$f" ] || continue
		name=$(basename "$f" .patch)
		[ -n "${SERIES_GLOBS[$name]+x}" ] || die "$f is not listed in $PATCHES/series"
	done

	parent=$base
	rm -f "$idx"
	GIT_INDEX_FILE=$idx tgit read-tree "$base"
	for name in "${SERIES_NAMES[@]}"; do
		local before after
		before=$(GIT_INDEX_FILE=$idx tgit write-tree)
		p=$PATCHES/$name.patch
		if [ -s "$p" ]; then
			local err
			if ! err=$(GIT_INDEX_FILE=$idx tgit apply --cached --whitespace=nowarn "$p" 2>&1); then
				rm -f "$idx"
				printf '%s\n' "$err" >&2
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
					sha=$(maintainers_merge <(tgit show baseline:MAINTAINERS) "$PATCHES/MAINTAINERS.entry" |
						tgit hash-object -w --stdin)
					GIT_INDEX_FILE=$idx tgit update-index --cacheinfo "100644,$sha,MAINTAINERS"
				fi
			done
		fi
		after=$(GIT_INDEX_FILE=$idx tgit write-tree)
		[ "$before" = "$after" ] && continue
		local msg=$PATCHES/$name.msg
		local c
		if [ -f "$msg" ]; then
			c=$(GIT_AUTHOR_DATE=$FIXED_DATE GIT_COMMITTER_DATE=$FIXED_DATE \
				tgit commit-tree "$after" -p "$parent" -F "$msg")
		else
			c=$(GIT_AUTHOR_DATE=$FIXED_DATE GIT_COMMITTER_DATE=$FIXED_DATE \
				tgit commit-tree "$after" -p "$parent" -m "$name")
		fi
		echo "$name $c"
		parent=$c
	done
	rm -f "$idx"
	[ "$parent" = "$base" ] && echo "(pristine) $base"
	return 0
}

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
