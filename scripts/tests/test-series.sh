#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host self-tests of the tree assembly / export / drift check, on a tiny
# fake "kernel" tarball and a fake repository (seconds, no real tree).
set -o nounset -o pipefail

HERE=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap "rm -rf $tmp" EXIT
pass=0 fail=0

ok() { pass=$((pass + 1)); echo "ok   - $*"; }
nok() { fail=$((fail + 1)); echo "FAIL - $*"; }
# expect_rc RC DESC CMD...: run CMD, capture output in $out, check its exit code.
expect_rc() {
	local want=$1 desc=$2 rc
	shift 2
	out=$("$@" 2>&1)
	rc=$?
	if [ "$rc" = "$want" ] || { [ "$want" = nonzero ] && [ "$rc" != 0 ]; }; then
		ok "$desc"
	else
		nok "$desc (exit $rc, wanted $want)"
		printf '%s\n' "$out" | sed 's/^/      /'
	fi
}
expect_out() {
	local desc=$1 pat=$2
	if printf '%s\n' "$out" | grep -qF -- "$pat"; then ok "$desc"; else
		nok "$desc: no '$pat' in:"
		printf '%s\n' "$out" | sed 's/^/      /'
	fi
}
expect_eq() {
	if [ -n "$2" ] && [ "$2" = "$3" ]; then ok "$1"; else nok "$1: '$2' != '$3'"; fi
}

# --- a fake pristine kernel tarball ----------------------------------------
k=$tmp/src/linux-source-6.12
mkdir -p "$k/kernel/bpf" "$k/include/linux" "$k/tools/lib/bpf"
printf 'int a;\nint b;\nint c;\nint d;\nint e;\n' >"$k/kernel/bpf/verifier.c"
printf 'obj-y += verifier.o\n' >"$k/kernel/bpf/Makefile"
printf '/* libbpf */\nint x;\n' >"$k/tools/lib/bpf/libbpf.c"
printf 'Maintainers list\n\nAAA SUBSYSTEM\nM:\tA <a@x>\nS:\tMaintained\n\nZZZ SUBSYSTEM\nM:\tZ <z@x>\nS:\tMaintained\n' >"$k/MAINTAINERS"
printf '*.o\n.*\n!.gitignore\n# Debian packaging\n/*\n!/debian/\n' >"$k/.gitignore"
printf 'pristine\n' >"$k/.mailmap"
tar -cJf "$tmp/linux.tar.xz" -C "$tmp/src" linux-source-6.12

# --- a fake repository -------------------------------------------------------
r=$tmp/repo
mkdir -p "$r/scripts" "$r/patches" "$r/kernel/bpf"
git -C "$r" init -q
echo "1.0-1" >"$r/scripts/BASE_VERSION"
cat >"$r/patches/series" <<'EOF'
[0001-core]
kernel/bpf/new.c
kernel/bpf/Makefile
[0002-verifier]
kernel/bpf/verifier.c
[0003-libbpf]
tools/lib/bpf/*
[0004-docs]
MAINTAINERS
EOF
printf 'bpf: core\n\nThe core.\n' >"$r/patches/0001-core.msg"
printf 'bpf: verifier\n\nHook it.\n' >"$r/patches/0002-verifier.msg"
printf 'int new_code;\n' >"$r/kernel/bpf/new.c"
cat >"$r/patches/0001-core.patch" <<'EOF'
--- a/kernel/bpf/Makefile
+++ b/kernel/bpf/Makefile
@@ -1 +1,2 @@
 obj-y += verifier.o
+obj-y += new.o
EOF
cat >"$r/patches/0002-verifier.patch" <<'EOF'
--- a/kernel/bpf/verifier.c
+++ b/kernel/bpf/verifier.c
@@ -1,5 +1,6 @@
 int a;
 int b;
+int hook;
 int c;
 int d;
 int e;
EOF
printf 'MMM ATTRS\nM:\tUs <us@x>\nS:\tMaintained\nF:\tkernel/bpf/new.c\n' >"$r/patches/MAINTAINERS.entry"

export ATTRS_REPO=$r BUILD=$tmp/build BASE_TARBALL=$tmp/linux.tar.xz BASE_VERSION_OVERRIDE=1.0-1
T=$BUILD/linux
S=$HERE/scripts

# Globs must not be expanded against the current directory.
mkdir -p "$tmp/cwd/tools/lib/bpf" && touch "$tmp/cwd/tools/lib/bpf/decoy"
cd "$tmp/cwd"

# --- tests -------------------------------------------------------------------
expect_rc 0 "assemble builds the tree from scratch" "$S/assemble"
expect_eq "baseline tag is the pristine tree" \
	"$(git -C "$T" log --format=%s -1 baseline)" "baseline: linux-source-6.12 1.0-1"
expect_eq "one commit per non-empty patch" \
	"$(git -C "$T" log --format=%s --reverse baseline..HEAD | tr '\n' '|')" "bpf: core|bpf: verifier|0004-docs|"
expect_eq "baseline holds every file of the tarball, ignored or not" \
	"$(git -C "$T" ls-tree -r --name-only baseline | tr '\n' ' ')" ".gitignore .mailmap MAINTAINERS kernel/bpf/Makefile kernel/bpf/verifier.c tools/lib/bpf/libbpf.c "
expect_eq "new file overlaid" "$(cat "$T/kernel/bpf/new.c")" "int new_code;"
expect_eq "patch applied" "$(sed -n 3p "$T/kernel/bpf/verifier.c")" "int hook;"
expect_eq "MAINTAINERS entry merged in sorted position" \
	"$(grep -E '^[A-Z]{3} ' "$T/MAINTAINERS" | tr '\n' '|')" "AAA SUBSYSTEM|MMM ATTRS|ZZZ SUBSYSTEM|"
expect_rc 0 "check-tree passes on a fresh tree" "$S/check-tree"

touch -d '2020-01-01' "$T/kernel/bpf/verifier.c" "$T/kernel/bpf/new.c"
expect_rc 0 "re-assemble with no change" "$S/assemble"
expect_out "re-assemble says up to date" "tree is up to date"
expect_eq "re-assemble leaves files untouched (mtime)" \
	"$(stat -c %Y "$T/kernel/bpf/verifier.c")" "$(date -d 2020-01-01 +%s)"

# Repository change: only the changed file is rewritten.
printf 'int new_code2;\n' >"$r/kernel/bpf/new.c"
expect_rc 1 "check-tree fails when the repository changed" "$S/check-tree"
expect_out "check-tree says to assemble" "the repository changed since the tree was assembled"
expect_rc 0 "assemble picks up a repository change" "$S/assemble"
expect_out "assemble reports one changed file" "1 file(s) changed"
expect_eq "changed new file updated" "$(cat "$T/kernel/bpf/new.c")" "int new_code2;"
expect_eq "unchanged upstream file keeps its mtime" \
	"$(stat -c %Y "$T/kernel/bpf/verifier.c")" "$(date -d 2020-01-01 +%s)"

# Edits in the tree: drift is caught, assemble refuses, export brings them back.
sed -i 's/int d;/int d2;/' "$T/kernel/bpf/verifier.c"
printf '/* libbpf */\nint x;\nint y;\n' >"$T/tools/lib/bpf/libbpf.c"
printf 'int brand_new;\n' >"$T/tools/lib/bpf/attrs.c"
printf 'build artifact\n' >"$T/tools/lib/bpf/attrs.o"
expect_rc 1 "check-tree fails on un-exported tree edits" "$S/check-tree"
expect_out "check-tree names the edited file" "kernel/bpf/verifier.c"
expect_out "check-tree says to export" "the tree has edits that were not exported"
expect_rc 0 "assemble keeps un-exported edits" "$S/assemble"
expect_out "assemble says it kept them" "keeping 3 un-exported edit(s)"
expect_eq "the edit is still there" "$(sed -n 5p "$T/kernel/bpf/verifier.c")" "int d2;"
expect_rc 0 "export" "$S/export"
expect_out "export writes the verifier patch" "wrote $r/patches/0002-verifier.patch"
expect_out "export writes a message placeholder for a new patch" "placeholder"
expect_eq "exported new file" "$(cat "$r/tools/lib/bpf/attrs.c")" "int brand_new;"
expect_rc 1 "ignored build artifacts are not exported" test -e "$r/tools/lib/bpf/attrs.o"
expect_rc 0 "patch now carries the edit" grep -q '^+int d2;' "$r/patches/0002-verifier.patch"
expect_rc 0 "new libbpf patch" grep -q '^+int y;' "$r/patches/0003-libbpf.patch"
expect_rc 0 "check-tree passes after export" "$S/check-tree"
expect_rc 0 "assemble after export is a no-op" "$S/assemble"
expect_out "assemble after export: up to date" "tree is up to date"

# Edits on both sides: disjoint files merge, the same file is refused.
printf 'int repo_side;\n' >"$r/kernel/bpf/new.c"
sed -i 's/int e;/int e2;/' "$T/kernel/bpf/verifier.c"
expect_rc 1 "export refuses while the repository changed" "$S/export"
expect_out "export says to assemble first" "run scripts/assemble first"
expect_rc 0 "assemble merges a repository change with a disjoint tree edit" "$S/assemble"
expect_out "assemble keeps the tree edit" "keeping 1 un-exported edit(s)"
expect_eq "tree edit kept" "$(tail -n1 "$T/kernel/bpf/verifier.c")" "int e2;"
expect_eq "repository change applied" "$(cat "$T/kernel/bpf/new.c")" "int repo_side;"
expect_rc 0 "export after the merge" "$S/export"
expect_rc 0 "exported tree edit" grep -q '^+int e2;' "$r/patches/0002-verifier.patch"
printf 'int repo_again;\n' >"$r/kernel/bpf/new.c"
printf 'int tree_again;\n' >"$T/kernel/bpf/new.c"
expect_rc 1 "export refuses a file changed on both sides" "$S/export"
expect_out "export names the conflicting file" "kernel/bpf/new.c"
expect_rc 1 "assemble refuses a file changed on both sides" "$S/assemble"
expect_out "assemble names the conflicting file" "kernel/bpf/new.c"
expect_eq "nothing lost on either side" "$(cat "$r/kernel/bpf/new.c") $(cat "$T/kernel/bpf/new.c")" "int repo_again; int tree_again;"
printf 'int repo_side;\n' >"$r/kernel/bpf/new.c"
printf 'int repo_side;\n' >"$T/kernel/bpf/new.c"

# Deleting a new file in the tree removes it from the repository.
rm "$T/tools/lib/bpf/attrs.c"
expect_rc 0 "export of a deleted new file" "$S/export"
expect_rc 1 "deleted new file gone from the repository" test -e "$r/tools/lib/bpf/attrs.c"

# Round trip from a clean build dir reproduces the same tree.
tree1=$(git -C "$T" rev-parse HEAD^{tree})
rm -rf "$BUILD"
expect_rc 0 "assemble from scratch after export" "$S/assemble"
expect_eq "round trip gives the same tree" "$(git -C "$T" rev-parse HEAD^{tree})" "$tree1"

# A file that belongs to no patch.
printf 'x\n' >"$T/kernel/bpf/stray.c"
expect_rc 1 "export refuses a file that matches no patch" "$S/export"
expect_out "the error names the file" "kernel/bpf/stray.c: matches no patch"
rm "$T/kernel/bpf/stray.c"

# MAINTAINERS is edited through the entry, not directly.
echo "junk" >>"$T/MAINTAINERS"
expect_rc 1 "export refuses a direct MAINTAINERS edit" "$S/export"
expect_out "MAINTAINERS error points to the entry file" "edit $r/patches/MAINTAINERS.entry"
git -C "$T" checkout -q -- MAINTAINERS

# A patch that no longer applies fails clearly.
sed -i 's/^ int b;/ int bb;/' "$r/patches/0002-verifier.patch"
expect_rc 1 "assemble fails on a broken patch" "$S/assemble"
expect_out "broken patch: names the patch" "patch 0002-verifier"
expect_out "broken patch: names file and hunk" "patch failed: kernel/bpf/verifier.c:1"
git -C "$r" checkout -q -- patches 2>/dev/null || true

# Another source version is reported.
sed -i 's/^ int bb;/ int b;/' "$r/patches/0002-verifier.patch"
BASE_VERSION_OVERRIDE=1.1-1 expect_rc 0 "assemble on another source version" "$S/assemble" --force
expect_out "other version: warning" "the series was tested on 1.0-1"

# Missing tarball: clear message.
BASE_TARBALL=$tmp/nope.tar.xz expect_rc 1 "missing source package" "$S/assemble"
expect_out "missing source: names the package" "install Debian package linux-source-6.12"

echo "series: $pass passed, $fail failed"
[ "$fail" = 0 ]
