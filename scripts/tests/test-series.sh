#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host self-tests of the tree assembly / export / drift check, on a tiny
# fake "kernel" tarball and a fake repository (seconds, no real tree).
set -o nounset -o pipefail

HERE=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap "rm -rf $tmp" EXIT
pass=0 fail=0

# shellcheck source=scripts/tests/lib-tests.sh
. "$(dirname "$0")/lib-tests.sh"
# expect_rc RC DESC CMD...: run CMD, capture output in $out, check its exit code.
expect_rc() {
	local want=$1 desc=$2 rc
	shift 2
	out=$("$@" 2>&1)
	rc=$?
	if [ "$rc" = "$want" ] || { [ "$want" = nonzero ] && [ "$rc" != 0 ]; }; then
		ok "$desc"
	else
		bad "$desc (exit $rc, wanted $want)"
		printf '%s\n' "$out" | sed 's/^/      /'
	fi
}
expect_out() {
	local desc=$1 pat=$2
	if printf '%s\n' "$out" | grep -qF -- "$pat"; then ok "$desc"; else
		bad "$desc: no '$pat' in:"
		printf '%s\n' "$out" | sed 's/^/      /'
	fi
}
expect_eq() {
	if [ -n "$2" ] && [ "$2" = "$3" ]; then ok "$1"; else bad "$1: '$2' != '$3'"; fi
}

# The series' identity is the git identity of the (fake) repository: no
# global or system git configuration of this machine may leak in.
: >"$tmp/gitconfig"
export GIT_CONFIG_GLOBAL=$tmp/gitconfig GIT_CONFIG_NOSYSTEM=1
unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
ID_NAME="Ada Lovelace" ID_EMAIL=ada@analytical-engine.org
ID="$ID_NAME <$ID_EMAIL>"
# ident REPO [NAME EMAIL]: set REPO's git identity (none without NAME).
ident() {
	git -C "$1" config --unset user.name
	git -C "$1" config --unset user.email
	[ $# = 1 ] || { git -C "$1" config user.name "$2"; git -C "$1" config user.email "$3"; }
	return 0
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
ident "$r" "$ID_NAME" "$ID_EMAIL"
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
printf 'bpf: verifier\n\nHook it.\n\nFixes: 0123456789ab ("bpf: old")\n' >"$r/patches/0002-verifier.msg"
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
# No M: line of ours: assembly adds the identity's.
printf 'MMM ATTRS\nS:\tMaintained\nF:\tkernel/bpf/new.c\n' >"$r/patches/MAINTAINERS.entry"

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

# The identity: author, committer and Signed-off-by of every commit, the
# M: line of our MAINTAINERS entry.
# msg REV: the commit message of REV exactly, lines joined with '|'.
msg() { git -C "$T" cat-file commit "$(git -C "$T" rev-parse "$1")" | sed '1,/^$/d' | tr '\n' '|'; }
expect_eq "every commit is by the repository's git identity" \
	"$(git -C "$T" log --format='%an <%ae>|%cn <%ce>' baseline..HEAD | sort -u)" "$ID|$ID"
expect_eq "every commit ends with the identity's Signed-off-by" \
	"$(for c in $(git -C "$T" rev-list baseline..HEAD); do git -C "$T" log -1 --format=%B "$c" | sed '/^$/d' | tail -n1; done | sort -u)" \
	"Signed-off-by: $ID"
expect_eq "Signed-off-by joins the closing trailer block (Fixes:)" \
	"$(msg ':/^bpf: verifier')" \
	"bpf: verifier||Hook it.||Fixes: 0123456789ab (\"bpf: old\")|Signed-off-by: $ID|"
expect_eq "Signed-off-by is a paragraph of its own after a body" \
	"$(msg ':/^bpf: core')" "bpf: core||The core.||Signed-off-by: $ID|"
expect_eq "Signed-off-by after the subject of a patch without .msg" \
	"$(msg ':/^0004-docs')" "0004-docs||Signed-off-by: $ID|"
expect_eq "MAINTAINERS entry gets the identity as its M: line" \
	"$(grep -A2 '^MMM ATTRS$' "$T/MAINTAINERS" | tr '\n' '|')" "MMM ATTRS|M:	$ID|S:	Maintained|"
head1=$(git -C "$T" rev-parse HEAD)
rm -rf "$BUILD"
"$S/assemble" >/dev/null 2>&1
expect_eq "assembly is reproducible for one identity (the same HEAD)" "$(git -C "$T" rev-parse HEAD)" "$head1"
GIT_AUTHOR_NAME=Other GIT_COMMITTER_EMAIL=other@elsewhere.org \
	expect_rc 0 "check-tree: GIT_AUTHOR_*/GIT_COMMITTER_* in the environment change nothing" "$S/check-tree"
# Another identity: the commits change, check-tree says why.
ident "$r" "Grace Hopper" grace@cobol-dev.org
expect_rc 1 "check-tree fails when the git identity changed" "$S/check-tree"
expect_out "check-tree says the identity changed" "the git identity changed since: the series was by $ID, it is now by Grace Hopper <grace@cobol-dev.org>"
expect_rc 0 "assemble with the new identity" "$S/assemble"
expect_eq "the commits carry the new identity" \
	"$(git -C "$T" log --format='%an <%ae>' baseline..HEAD | sort -u)|$(msg HEAD | tr '|' '\n' | tail -n1)" \
	"Grace Hopper <grace@cobol-dev.org>|Signed-off-by: Grace Hopper <grace@cobol-dev.org>"
expect_rc 0 "so does MAINTAINERS" grep -qx 'M:	Grace Hopper <grace@cobol-dev.org>' "$T/MAINTAINERS"
ident "$r" "$ID_NAME" "$ID_EMAIL"
expect_rc 0 "assemble with the first identity again" "$S/assemble"
expect_eq "... gives the first HEAD again" "$(git -C "$T" rev-parse HEAD)" "$head1"

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

# --- staged files: a file listed by several patches grows across them -------
# A second fake tarball (a longer upstream file, a stand-in checkpatch.pl)
# and repository: kernel/bpf/attrs.c is new, created by 0001 and grown by
# 0002; kernel/bpf/syscall.c is upstream, edited by 0001 and by 0002.
k2=$tmp/src2/linux-source-6.12
mkdir -p "$tmp/src2" && cp -a "$k" "$k2"
for i in $(seq 1 12); do echo "int l$i;"; done >"$k2/kernel/bpf/syscall.c"
mkdir -p "$k2/scripts"
# (CP_WARNINGS, CP_CHECKS: what it reports).
printf '#!/usr/bin/perl\nmy ($w, $c) = ($ENV{CP_WARNINGS} // 0, $ENV{CP_CHECKS} // 0);\nprint "total: 0 errors, $w warnings, $c checks, 1 lines checked\\n";\n' >"$k2/scripts/checkpatch.pl"
tar -cJf "$tmp/linux2.tar.xz" -C "$tmp/src2" linux-source-6.12
r2=$tmp/repo2
mkdir -p "$r2/scripts" "$r2/patches" "$r2/kernel/bpf"
git -C "$r2" init -q
ident "$r2" "$ID_NAME" "$ID_EMAIL"
echo "1.0-1" >"$r2/scripts/BASE_VERSION"
cat >"$r2/patches/series" <<'EOF'
[0001-core]
kernel/bpf/attrs.c
kernel/bpf/syscall.c
[0002-hook]
kernel/bpf/attrs.c
kernel/bpf/syscall.c
kernel/bpf/Makefile
EOF
printf 'bpf: core\n\nThe core.\n' >"$r2/patches/0001-core.msg"
printf 'bpf: hook\n\nHook it up.\n' >"$r2/patches/0002-hook.msg"
# The repository's copy of a new file is its final state (0002's step).
printf 'int attrs_core;\n/* 1 */\n/* 2 */\n/* 3 */\nint attrs_hook;\n' >"$r2/kernel/bpf/attrs.c"
cat >"$r2/patches/0001-core.patch" <<'EOF'
diff --git a/kernel/bpf/attrs.c b/kernel/bpf/attrs.c
new file mode 100644
--- /dev/null
+++ b/kernel/bpf/attrs.c
@@ -0,0 +1,4 @@
+int attrs_core;
+/* 1 */
+/* 2 */
+/* 3 */
diff --git a/kernel/bpf/syscall.c b/kernel/bpf/syscall.c
--- a/kernel/bpf/syscall.c
+++ b/kernel/bpf/syscall.c
@@ -1,4 +1,5 @@
 int l1;
 int l2;
+int core;
 int l3;
 int l4;
EOF
# 0002's step of syscall.c is against the state after 0001 (line numbers).
cat >"$r2/patches/0002-hook.patch" <<'EOF'
diff --git a/kernel/bpf/Makefile b/kernel/bpf/Makefile
--- a/kernel/bpf/Makefile
+++ b/kernel/bpf/Makefile
@@ -1 +1,2 @@
 obj-y += verifier.o
+obj-y += attrs.o
diff --git a/kernel/bpf/syscall.c b/kernel/bpf/syscall.c
--- a/kernel/bpf/syscall.c
+++ b/kernel/bpf/syscall.c
@@ -9,5 +9,6 @@
 int l8;
 int l9;
 int l10;
+int hook;
 int l11;
 int l12;
EOF
export ATTRS_REPO=$r2 BUILD=$tmp/build2 BASE_TARBALL=$tmp/linux2.tar.xz BASE_VERSION_OVERRIDE=1.0-1
T=$BUILD/linux
tg() { git -C "$T" -c user.name=dev -c user.email=dev@x "$@"; }
# at REV PATH: the file at commit REV, lines joined with '|'.
at() { git -C "$T" show "$1:$2" 2>/dev/null | tr '\n' '|'; }
nth() { git -C "$T" rev-list --reverse baseline..HEAD | sed -n "${1}p"; }
L() { local i; for i in "$@"; do printf '%s|' "$i"; done; }
pristine=$(L 'int l1;' 'int l2;' 'int l3;' 'int l4;' 'int l5;' 'int l6;' 'int l7;' 'int l8;' 'int l9;' 'int l10;' 'int l11;' 'int l12;')
s1=$(L 'int l1;' 'int l2;' 'int core;' 'int l3;' 'int l4;' 'int l5;' 'int l6;' 'int l7;' 'int l8;' 'int l9;' 'int l10;' 'int l11;' 'int l12;')
s2=$(L 'int l1;' 'int l2;' 'int core;' 'int l3;' 'int l4;' 'int l5;' 'int l6;' 'int l7;' 'int l8;' 'int l9;' 'int l10;' 'int hook;' 'int l11;' 'int l12;')
a1=$(L 'int attrs_core;' '/* 1 */' '/* 2 */' '/* 3 */')
a2=$(L 'int attrs_core;' '/* 1 */' '/* 2 */' '/* 3 */' 'int attrs_hook;')
mk0=$(L 'obj-y += verifier.o')
mk2=$(L 'obj-y += verifier.o' 'obj-y += attrs.o')

expect_rc 0 "staged: assemble" "$S/assemble"
expect_eq "staged: one commit per patch" \
	"$(git -C "$T" log --format=%s --reverse baseline..HEAD | tr '\n' '|')" "bpf: core|bpf: hook|"
c1=$(nth 1) c2=$(nth 2)
expect_eq "staged: baseline has the pristine upstream file" "$(at baseline kernel/bpf/syscall.c)" "$pristine"
expect_eq "staged: new file created by patch 1" "$(at "$c1" kernel/bpf/attrs.c)" "$a1"
expect_eq "staged: new file grown by patch 2 (the repository's copy)" "$(at "$c2" kernel/bpf/attrs.c)" "$a2"
expect_eq "staged: upstream file after patch 1" "$(at "$c1" kernel/bpf/syscall.c)" "$s1"
expect_eq "staged: upstream file after patch 2 (its step on top of patch 1)" "$(at "$c2" kernel/bpf/syscall.c)" "$s2"
expect_eq "staged: single-patch file untouched by patch 1" "$(at "$c1" kernel/bpf/Makefile)" "$mk0"
expect_eq "staged: single-patch file changed by patch 2" "$(at "$c2" kernel/bpf/Makefile)" "$mk2"
expect_eq "staged: files of each commit" \
	"$(git -C "$T" diff-tree -r --no-commit-id --name-only "$c1" | tr '\n' ' ')/$(git -C "$T" diff-tree -r --no-commit-id --name-only "$c2" | tr '\n' ' ')" \
	"kernel/bpf/attrs.c kernel/bpf/syscall.c /kernel/bpf/Makefile kernel/bpf/attrs.c kernel/bpf/syscall.c "
expect_rc 0 "staged: check-tree passes on a fresh tree" "$S/check-tree"

# Export without edits: the steps in git's own format, the same commits.
trees=$(git -C "$T" log --format=%T baseline..HEAD)
expect_rc 0 "staged: export without edits" "$S/export"
expect_eq "staged: export keeps every commit's tree" "$(git -C "$T" log --format=%T baseline..HEAD)" "$trees"
expect_rc 0 "staged: patch 1 holds the creation diff" grep -q '^new file mode' "$r2/patches/0001-core.patch"
expect_rc 1 "staged: the last patch holds no step of the new file (the repository has it)" \
	grep -q 'attrs.c' "$r2/patches/0002-hook.patch"
expect_rc 0 "staged: check-tree passes after export" "$S/check-tree"
cp "$r2/patches/0001-core.patch" "$tmp/0001.saved"

# Uncommitted edits to staged files go to the last patch that lists them.
sed -i 's/^int l6;$/int l6x;/' "$T/kernel/bpf/syscall.c"
echo 'int attrs_more;' >>"$T/kernel/bpf/attrs.c"
expect_rc 1 "staged: check-tree sees the uncommitted edits" "$S/check-tree"
expect_rc 0 "staged: export uncommitted edits" "$S/export"
expect_rc 0 "staged: patch 1 unchanged" cmp "$tmp/0001.saved" "$r2/patches/0001-core.patch"
expect_rc 0 "staged: the upstream edit is in the last patch" grep -q '^+int l6x;' "$r2/patches/0002-hook.patch"
expect_eq "staged: the new file's edit is in the repository's copy" \
	"$(tail -n1 "$r2/kernel/bpf/attrs.c")" "int attrs_more;"
expect_rc 0 "staged: check-tree passes after export" "$S/check-tree"
c1=$(nth 1) c2=$(nth 2)
expect_eq "staged: patch 1's state unchanged" "$(at "$c1" kernel/bpf/syscall.c)|$(at "$c1" kernel/bpf/attrs.c)" "$s1|$a1"
expect_eq "staged: patch 2 has the edits" "$(at "$c2" kernel/bpf/syscall.c)" "${s2/int l6;/int l6x;}"

# A hunk moved into patch 1: committed as a fixup of its commit.
sed -i 's/^int core;$/int core;\nint core2;/' "$T/kernel/bpf/syscall.c"
sed -i 's/^int attrs_core;$/int attrs_core;\nint attrs_core2;/' "$T/kernel/bpf/attrs.c"
tg commit -q -a --fixup="$c1"
fix=$(git -C "$T" rev-parse --short=12 HEAD)
expect_rc 1 "staged: export refuses an un-squashed fixup" "$S/export"
expect_out "staged: the refusal names the commit" "commit $fix 'fixup! bpf: core'"
expect_out "staged: the refusal says to autosquash" "rebase -i --autosquash baseline"
expect_rc 1 "staged: assemble refuses to drop the tree's commits" "$S/assemble"
expect_out "staged: assemble names the commit" "$fix fixup! bpf: core"
expect_rc 0 "staged: autosquash the fixup" env GIT_SEQUENCE_EDITOR=: git -C "$T" -c user.name=dev -c user.email=dev@x rebase -q -i --autosquash baseline
expect_rc 1 "staged: check-tree sees commits not exported" "$S/check-tree"
expect_out "staged: check-tree says to export" "the tree has commits that were not exported"
expect_rc 0 "staged: export after the rebase" "$S/export"
expect_eq "staged: patch 1 carries the fixup's hunks" "$(grep -v '^index ' "$r2/patches/0001-core.patch")" "$(cat <<'EOF'
diff --git a/kernel/bpf/attrs.c b/kernel/bpf/attrs.c
new file mode 100644
--- /dev/null
+++ b/kernel/bpf/attrs.c
@@ -0,0 +1,5 @@
+int attrs_core;
+int attrs_core2;
+/* 1 */
+/* 2 */
+/* 3 */
diff --git a/kernel/bpf/syscall.c b/kernel/bpf/syscall.c
--- a/kernel/bpf/syscall.c
+++ b/kernel/bpf/syscall.c
@@ -1,5 +1,7 @@
 int l1;
 int l2;
+int core;
+int core2;
 int l3;
 int l4;
 int l5;
EOF
)"
expect_eq "staged: patch 2 keeps its own hunks, against patch 1's state" "$(grep -v '^index ' "$r2/patches/0002-hook.patch")" "$(cat <<'EOF'
diff --git a/kernel/bpf/Makefile b/kernel/bpf/Makefile
--- a/kernel/bpf/Makefile
+++ b/kernel/bpf/Makefile
@@ -1 +1,2 @@
 obj-y += verifier.o
+obj-y += attrs.o
diff --git a/kernel/bpf/syscall.c b/kernel/bpf/syscall.c
--- a/kernel/bpf/syscall.c
+++ b/kernel/bpf/syscall.c
@@ -5,10 +5,11 @@ int core2;
 int l3;
 int l4;
 int l5;
-int l6;
+int l6x;
 int l7;
 int l8;
 int l9;
 int l10;
+int hook;
 int l11;
 int l12;
EOF
)"
expect_rc 0 "staged: check-tree passes after exporting the rebase" "$S/check-tree"
expect_rc 0 "staged: assemble after export is a no-op" "$S/assemble"
expect_out "staged: up to date" "tree is up to date"
rm -rf "$BUILD"
expect_rc 0 "staged: assemble from scratch" "$S/assemble"
c1=$(nth 1) c2=$(nth 2)
s1f=$(L 'int l1;' 'int l2;' 'int core;' 'int core2;' 'int l3;' 'int l4;' 'int l5;' 'int l6;' 'int l7;' 'int l8;' 'int l9;' 'int l10;' 'int l11;' 'int l12;')
expect_eq "staged: rebuilt patch 1 has the moved hunks" \
	"$(at "$c1" kernel/bpf/syscall.c)/$(at "$c1" kernel/bpf/attrs.c)" \
	"$s1f/$(L 'int attrs_core;' 'int attrs_core2;' '/* 1 */' '/* 2 */' '/* 3 */')"
expect_eq "staged: rebuilt patch 2 is the final state" \
	"$(at "$c2" kernel/bpf/syscall.c)/$(at "$c2" kernel/bpf/attrs.c)" \
	"$(L 'int l1;' 'int l2;' 'int core;' 'int core2;' 'int l3;' 'int l4;' 'int l5;' 'int l6x;' 'int l7;' 'int l8;' 'int l9;' 'int l10;' 'int hook;' 'int l11;' 'int l12;')/$(L 'int attrs_core;' 'int attrs_core2;' '/* 1 */' '/* 2 */' '/* 3 */' 'int attrs_hook;' 'int attrs_more;')"

# export-series: the mail patches show each patch's step.
expect_rc 0 "staged: export-series" "$S/export-series" -o "$tmp/mail"
m1=$(ls "$tmp"/mail/0001-*.patch 2>/dev/null) m2=$(ls "$tmp"/mail/0002-*.patch 2>/dev/null)
expect_rc 0 "staged: mail patch 1 creates the new file" grep -q '^+int attrs_core2;' "$m1"
expect_rc 0 "staged: mail patch 1 has the upstream step" grep -q '^+int core2;' "$m1"
expect_rc 0 "staged: mail patch 2 grows the new file" grep -q '^+int attrs_hook;' "$m2"
expect_rc 0 "staged: mail patch 2 has the upstream step" grep -q '^+int hook;' "$m2"
expect_rc 1 "staged: mail patch 2 does not repeat patch 1" grep -q '^+int core2;' "$m2"
expect_eq "staged: the mails are from the identity" \
	"$(grep -h '^From: ' "$tmp"/mail/*.patch | sort -u)" "From: $ID"
expect_eq "staged: each mail patch is signed off by it" \
	"$(grep -c "^Signed-off-by: $ID\$" "$m1" "$m2" | tr '\n' ' ')" "$m1:1 $m2:1 "
expect_rc 1 "staged: a real identity's series is no draft" grep -qi 'draft' <<<"$out"

# export-series refuses a placeholder identity, and writes nothing.
mkdir -p "$tmp/mail-old" && echo keep >"$tmp/mail-old/keep"
refused() {	# DESC NAME EMAIL (no NAME: no identity)
	local desc=$1
	shift
	ident "$r2" "$@"
	expect_rc 1 "staged: export-series refuses $desc" "$S/export-series" -o "$tmp/mail-old"
	expect_out "staged: ... saying what is wrong ($desc)" "is not a real, known identity"
	expect_out "staged: ... and how to set it ($desc)" "git -C $r2 config user.email"
	expect_eq "staged: ... writing nothing ($desc)" "$(ls "$tmp/mail-old" | tr '\n' ' ')" "keep "
}
refused "no identity" && expect_out "staged: ... none: says so" "git has no identity here"
refused "a localhost address" "Ada Lovelace" ada@localhost
refused "an example.com address" "Ada Lovelace" ada@example.com
refused "an example.org address" "Ada Lovelace" ada@mail.example.org
refused "an example.net address" "Ada Lovelace" ada@example.net
refused "a .example domain" "Ada Lovelace" ada@users.noreply.seed.example
refused "a .invalid domain" "Ada Lovelace" ada@draft.invalid
refused "a .test domain" "Ada Lovelace" ada@dev.test
refused "a .localhost domain" "Ada Lovelace" ada@box.localhost
refused "the old team placeholder" "BPF attribute sets team" bpf-attrs@kernel-dev.org
refused "'Your Name'" "Your Name" ada@analytical-engine.org
refused "a name-less address" "Ada Lovelace" ada
ident "$r2" "$ID_NAME" "$ID_EMAIL"
expect_rc 0 "staged: a real-looking identity is accepted" "$S/export-series" -o "$tmp/mail-old"
# --draft: any identity, said so in one line, nothing added to the mails.
ident "$r2" "Your Name" you@example.com
"$S/assemble" >/dev/null 2>&1
expect_rc 1 "staged: a tree assembled with a placeholder: export-series refuses" "$S/export-series" -o "$tmp/mail-d"
expect_rc 1 "staged: ... and writes nothing" test -e "$tmp/mail-d"
expect_rc 0 "staged: export-series --draft accepts a placeholder" "$S/export-series" --draft -o "$tmp/mail-d"
expect_out "staged: --draft says it is a draft, not for sending" "DRAFT: the series in $tmp/mail-d is by Your Name <you@example.com>"
expect_eq "staged: ... in one line" "$(grep -ci 'draft' <<<"$out")" "1"
expect_eq "staged: draft mails carry git's identity" \
	"$(grep -h '^From: \|^Signed-off-by: ' "$tmp"/mail-d/000[12]-*.patch | sort | uniq -c | tr -s ' ' | tr '\n' '|')" \
	" 2 From: Your Name <you@example.com>| 2 Signed-off-by: Your Name <you@example.com>|"
expect_eq "staged: ... and nothing else than the real series" \
	"$(cat "$tmp"/mail-d/000[12]-*.patch | grep -v '^From\|^Signed-off-by: \|^index ' | md5sum)" \
	"$(cat "$tmp"/mail/000[12]-*.patch | grep -v '^From\|^Signed-off-by: \|^index ' | md5sum)"
ident "$r2"
"$S/assemble" >/dev/null 2>&1
expect_rc 0 "staged: --draft without any git identity" "$S/export-series" --draft -o "$tmp/mail-d"
expect_out "staged: ... says so" "DRAFT: the series in $tmp/mail-d is by $(printf 'Draft <draft@invalid>')"
expect_eq "staged: ... by the fixed draft identity" \
	"$(grep -h '^From: \|^Signed-off-by: ' "$tmp"/mail-d/0001-*.patch | tr '\n' '|')" \
	"From: Draft <draft@invalid>|Signed-off-by: Draft <draft@invalid>|"
# A .msg carrying another identity's placeholder Signed-off-by is refused.
ident "$r2" "$ID_NAME" "$ID_EMAIL"
printf 'Signed-off-by: BPF attribute sets team <bpf-attrs@localhost>\n' >>"$r2/patches/0002-hook.msg"
"$S/assemble" >/dev/null 2>&1
expect_rc 1 "staged: export-series refuses a placeholder Signed-off-by in a .msg" "$S/export-series" -o "$tmp/mail-s"
expect_out "staged: ... naming it" "'BPF attribute sets team <bpf-attrs@localhost>' (in the series) is not a real, known identity"
expect_rc 1 "staged: ... writing nothing" test -e "$tmp/mail-s"
sed -i '/^Signed-off-by:/d' "$r2/patches/0002-hook.msg"
expect_rc 0 "staged: assemble with the real identity again" "$S/assemble"
# checkpatch --strict must be clean: a warning or a check fails the export.
expect_rc 1 "staged: a checkpatch warning fails export-series" \
	env CP_WARNINGS=1 "$S/export-series" --draft -o "$tmp/mail-w"
expect_out "staged: ... with the count" "checkpatch: 0 error(s), 2 warning(s), 0 check(s) in the series"
expect_rc 1 "staged: a checkpatch check fails export-series" \
	env CP_CHECKS=1 "$S/export-series" --draft -o "$tmp/mail-w"
expect_rc 0 "staged: ... and a clean one passes" "$S/export-series" --draft -o "$tmp/mail-w"

# A stray commit in the tree is refused, by name.
echo 'int wip;' >>"$T/kernel/bpf/syscall.c"
tg commit -q -a -m "wip: stray"
stray=$(git -C "$T" rev-parse --short=12 HEAD)
expect_rc 1 "staged: export refuses a stray commit" "$S/export"
expect_out "staged: the refusal names the stray commit" "commit $stray 'wip: stray' in $T is not a patch of the series"
git -C "$T" reset -q --soft HEAD~1
expect_rc 0 "staged: the stray edit, uncommitted, exports" "$S/export"
expect_rc 0 "staged: ... to the last patch" grep -q '^+int wip;' "$r2/patches/0002-hook.patch"
sed -i '/^int wip;$/d' "$T/kernel/bpf/syscall.c"
expect_rc 0 "staged: and back" "$S/export"

# Commits out of series order are refused, and so is a tree mid-rebase.
c1=$(nth 1) c2=$(nth 2)
x=$(tg commit-tree -p baseline -m "bpf: hook" "$c2^{tree}")
y=$(tg commit-tree -p "$x" -m "bpf: core" "$c2^{tree}")
git -C "$T" update-ref HEAD "$y"
expect_rc 1 "staged: export refuses patches out of order" "$S/export"
expect_out "staged: ... naming the commit" "commit ${y:0:12} 'bpf: core' in $T (patch 0001-core) comes after a later patch"
git -C "$T" update-ref HEAD "$c2"
mkdir "$T/.git/rebase-merge"
expect_rc 1 "staged: export refuses a tree mid-rebase" "$S/export"
expect_out "staged: ... saying so" "a rebase, cherry-pick or merge is in progress"
rmdir "$T/.git/rebase-merge"
expect_rc 0 "staged: check-tree passes again" "$S/check-tree"

# The repository changed how a staged file is split (not the final state)
# since the tree was assembled: export must not overwrite that.
cp "$r2/patches/0001-core.patch" "$tmp/0001.saved"
sed -i 's|^/\* 2 \*/$|/* two */|' "$T/kernel/bpf/attrs.c"
tg commit -q -a --fixup="$(nth 1)"
GIT_SEQUENCE_EDITOR=: tg rebase -q -i --autosquash baseline
expect_rc 0 "staged: export a fixup of the new file's first step" "$S/export"
expect_rc 0 "staged: ... it is in patch 1" grep -q '^+/\* two \*/' "$r2/patches/0001-core.patch"
cp "$tmp/0001.saved" "$r2/patches/0001-core.patch"
expect_rc 1 "staged: export refuses when the repository changed a step" "$S/export"
expect_out "staged: ... naming patch and file" "the repository changed patch 0001-core's step of kernel/bpf/attrs.c since the tree was assembled"
expect_rc 0 "staged: ... and writes nothing" cmp "$tmp/0001.saved" "$r2/patches/0001-core.patch"
expect_rc 1 "staged: check-tree sees the repository's new split" "$S/check-tree"
expect_out "staged: ... and says to assemble" "the repository changed since the tree was assembled"
expect_rc 0 "staged: assemble takes the repository's split" "$S/assemble"
expect_eq "staged: patch 1's state is the repository's again" "$(at "$(nth 1)" kernel/bpf/attrs.c | cut -d'|' -f4)" "/* 2 */"
expect_rc 0 "staged: check-tree passes after assemble" "$S/check-tree"
# Un-exported commits in the tree and a repository change at once.
sed -i 's/^int l7;$/int l7x;/' "$T/kernel/bpf/syscall.c"
tg commit -q -a --fixup="$(nth 2)"
GIT_SEQUENCE_EDITOR=: tg rebase -q -i --autosquash baseline
sed -i 's/^int attrs_hook;$/int attrs_hook2;/' "$r2/kernel/bpf/attrs.c"
expect_rc 1 "staged: export refuses a repository change with un-exported commits" "$S/export"
expect_out "staged: ... and says how to keep the commits" "assemble cannot keep those; save them"
expect_rc 1 "staged: assemble refuses to drop the un-exported commits" "$S/assemble"
expect_out "staged: ... saying so" "not exported: run scripts/export, or pass --force"
sed -i 's/^int attrs_hook2;$/int attrs_hook;/' "$r2/kernel/bpf/attrs.c"
expect_rc 0 "staged: without the repository change, export" "$S/export"
expect_rc 0 "staged: ... the fixup is in patch 2" grep -q '^+int l7x;' "$r2/patches/0002-hook.patch"

# A fixup of patch 1 touching a file patch 1 does not list is refused.
c1=$(nth 1)
sed -i '1i # more' "$T/kernel/bpf/Makefile"
tg commit -q -a --fixup="$c1"
GIT_SEQUENCE_EDITOR=: tg rebase -q -i --autosquash baseline
expect_rc 1 "staged: export refuses a hunk moved to a patch that does not list its file" "$S/export"
expect_out "staged: the refusal names file and patch" "kernel/bpf/Makefile: commit"
expect_out "staged: ... and where it is listed" "does not list it in $r2/patches/series (it is listed by: 0002-hook)"
expect_rc 0 "staged: assemble --force discards the tree's commits" "$S/assemble" --force
expect_rc 0 "staged: check-tree passes after --force" "$S/check-tree"

# A staged file's step that does not apply names the patch and the file.
cp "$r2/patches/0002-hook.patch" "$tmp/0002.saved"
sed -i 's/^ int l9;$/ int l9x;/' "$r2/patches/0002-hook.patch"
expect_rc 1 "staged: assemble fails on a step that does not apply" "$S/assemble"
expect_out "staged: broken step names the patch" "patch 0002-hook"
expect_out "staged: broken step names the staged file" "the step of staged file kernel/bpf/syscall.c (listed by: 0001-core 0002-hook)"
cp "$tmp/0002.saved" "$r2/patches/0002-hook.patch"
# A .patch may change only the files its patch lists, and never hold the
# last step of a new file.
sed -i 's|^kernel/bpf/Makefile$||' "$r2/patches/series"
expect_rc 1 "staged: assemble refuses a .patch changing a file its patch does not list" "$S/assemble"
expect_out "staged: ... naming the file" "changes kernel/bpf/Makefile, which [0002-hook] does not list"
printf 'kernel/bpf/Makefile\nkernel/bpf/extra.c\n' >>"$r2/patches/series"
printf 'diff --git a/kernel/bpf/extra.c b/kernel/bpf/extra.c\nnew file mode 100644\n--- /dev/null\n+++ b/kernel/bpf/extra.c\n@@ -0,0 +1 @@\n+int extra;\n' >>"$r2/patches/0002-hook.patch"
expect_rc 1 "staged: assemble refuses a last step of a new file in a .patch" "$S/assemble"
expect_out "staged: ... naming it" "holds new file kernel/bpf/extra.c, but 0002-hook is the last patch that lists it"

# --- MAINTAINERS grows with the series ---------------------------------------
# Each patch that lists MAINTAINERS merges our entry with the F: lines of
# the files there so far; the last one has it whole.
r3=$tmp/repo3
mkdir -p "$r3/scripts" "$r3/patches" "$r3/kernel/bpf"
git -C "$r3" init -q
ident "$r3" "$ID_NAME" "$ID_EMAIL"
echo "1.0-1" >"$r3/scripts/BASE_VERSION"
cat >"$r3/patches/series" <<'EOF'
[0001-core]
kernel/bpf/core_attrs.c
MAINTAINERS
[0002-hook]
kernel/bpf/hook_attrs.c
MAINTAINERS
EOF
printf 'bpf: core\n\nThe core.\n' >"$r3/patches/0001-core.msg"
printf 'bpf: hook\n\nThe hook.\n' >"$r3/patches/0002-hook.msg"
printf 'int core_attrs;\n' >"$r3/kernel/bpf/core_attrs.c"
printf 'int hook_attrs;\n' >"$r3/kernel/bpf/hook_attrs.c"
printf 'MMM ATTRS\nS:\tMaintained\nF:\tkernel/bpf/core_attrs.c\nF:\tkernel/bpf/hook_attrs.c\n' \
	>"$r3/patches/MAINTAINERS.entry"
expect_rc 0 "maintainers: assemble" env ATTRS_REPO="$r3" BUILD="$tmp/build3" "$S/assemble"
m3() { git -C "$tmp/build3/linux" show "$1:MAINTAINERS" | sed -n '/^MMM ATTRS$/,/^$/p' | tr '\n' '|'; }
expect_eq "maintainers: the first patch names the files it adds" "$(m3 HEAD~1)" \
	"MMM ATTRS|M:	$ID|S:	Maintained|F:	kernel/bpf/core_attrs.c||"
expect_eq "maintainers: the last patch has the whole entry" "$(m3 HEAD)" \
	"MMM ATTRS|M:	$ID|S:	Maintained|F:	kernel/bpf/core_attrs.c|F:	kernel/bpf/hook_attrs.c||"
expect_rc 0 "maintainers: check-tree passes" env ATTRS_REPO="$r3" BUILD="$tmp/build3" "$S/check-tree"
expect_rc 0 "maintainers: export writes nothing" env ATTRS_REPO="$r3" BUILD="$tmp/build3" "$S/export"
expect_eq "maintainers: ... no patch file for MAINTAINERS" "$(ls "$r3/patches" | tr '\n' ' ')" \
	"0001-core.msg 0002-hook.msg MAINTAINERS.entry series "

# Several sections: each gets the identity; one whose files are not there
# yet is left out, and comes with the patch that adds them.
printf 'MMM ATTRS\nS:\tMaintained\nF:\tkernel/bpf/core_attrs.c\n\nMMM ATTRS (hook)\nL:\thook@example.org\nS:\tMaintained\nF:\tkernel/bpf/hook_*.c\n' \
	>"$r3/patches/MAINTAINERS.entry"
expect_rc 0 "maintainers, two sections: assemble" env ATTRS_REPO="$r3" BUILD="$tmp/build3" "$S/assemble"
m3b() { git -C "$tmp/build3/linux" show "$1:MAINTAINERS" | sed -n '/^MMM ATTRS$/,/^ZZZ SUBSYSTEM$/p' | tr '\n' '|'; }
expect_eq "maintainers, two sections: the first patch has the first only" "$(m3b HEAD~1)" \
	"MMM ATTRS|M:	$ID|S:	Maintained|F:	kernel/bpf/core_attrs.c||ZZZ SUBSYSTEM|"
expect_eq "maintainers, two sections: the second patch adds the second, with its M: line" "$(m3b HEAD)" \
	"MMM ATTRS|M:	$ID|S:	Maintained|F:	kernel/bpf/core_attrs.c||MMM ATTRS (hook)|M:	$ID|L:	hook@example.org|S:	Maintained|F:	kernel/bpf/hook_*.c||ZZZ SUBSYSTEM|"
expect_rc 0 "maintainers, two sections: check-tree passes" env ATTRS_REPO="$r3" BUILD="$tmp/build3" "$S/check-tree"

echo "series: $pass passed, $fail failed"
[ "$fail" = 0 ]
