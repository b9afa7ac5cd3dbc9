# SPDX-License-Identifier: GPL-2.0
# Common settings and helpers for the harness scripts. Sourced, not run.
# shellcheck shell=bash

set -o errexit -o nounset -o pipefail

HARNESS=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# The repository whose new files and patches make the series (overridable
# for the harness self-tests, which use a small fake repository).
REPO=${ATTRS_REPO:-$HARNESS}
# Everything generated lives under BUILD (git-ignored): the assembled
# kernel tree, kernel and tool build output, VM logs.
BUILD=${BUILD:-$HARNESS/.build}
TREE=$BUILD/linux
VARIANT=${VARIANT:-vm}		# vm | debug (KASAN, UBSAN, kmemleak)
OBJ=$BUILD/obj-$VARIANT
TOOLS_OUT=$BUILD/tools-$VARIANT
LOGS=$BUILD/logs
# Top-level kernel directories that may hold our new files. Our own
# scripts/ directory is the harness, never overlaid onto the kernel.
OVERLAY_DIRS="arch Documentation include kernel lib net samples security tools"
# The Debian package the series was tested on.
BASE_PKG=linux-source-6.12
# Overridable so the harness self-tests can run on a tiny fake tree.
BASE_TARBALL=${BASE_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
BASE_VERSION_FILE=$REPO/scripts/BASE_VERSION
PATCHES=${PATCHES:-$REPO/patches}
JOBS=${JOBS:-$(( $(nproc) + 1 ))}

export CCACHE_DIR=${CCACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/bpf-attrs/ccache}
export CCACHE_BASEDIR=$BUILD
export CCACHE_NOHASHDIR=1
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-10G}
export CCACHE_COMPILERCHECK=content
# Reproducible, cache-friendly kernel builds.
export KBUILD_BUILD_TIMESTAMP='2024-11-17 00:00:00 UTC'
export KBUILD_BUILD_USER=bpf-attrs KBUILD_BUILD_HOST=harness
# clang/lld/llvm 19 for BPF code, first on PATH for the tool builds.
LLVM_BIN=/usr/lib/llvm-19/bin

_t0=$(date +%s)
log() { printf '[%s %4ss] %s\n' "${0##*/}" "$(( $(date +%s) - _t0 ))" "$*" >&2; }
die() { printf '%s: error: %s\n' "${0##*/}" "$*" >&2; exit 1; }
step() { log "== $*"; }

# need_cmd CMD PKG: fail clearly when a command from a Debian package is missing.
need_cmd() {
	command -v "$1" >/dev/null 2>&1 ||
		die "'$1' not found: install Debian package '$2' (scripts/install-deps does it)"
}

base_version() { cat "$BASE_VERSION_FILE"; }

installed_base_version() {
	if [ -n "${BASE_VERSION_OVERRIDE:-}" ]; then echo "$BASE_VERSION_OVERRIDE"; return; fi
	dpkg-query -W -f='${Version}' "$BASE_PKG" 2>/dev/null || true
}

# The identity of the series: the exporter's git identity in the repository
# (git config user.name / user.email). It is the author, committer and
# Signed-off-by of every commit of the assembled tree and the first M: line
# of our MAINTAINERS entry; patches/*.msg and patches/MAINTAINERS.entry
# carry none. Without one the series is a draft, "Draft <draft@invalid>",
# which scripts/export-series writes only with --draft.
DRAFT_NAME=Draft
DRAFT_EMAIL=draft@invalid
AUTHOR_NAME=$(git -C "$REPO" config user.name 2>/dev/null || true)
AUTHOR_EMAIL=$(git -C "$REPO" config user.email 2>/dev/null || true)
AUTHOR_FROM_GIT=1
if [ -z "$AUTHOR_NAME" ] || [ -z "$AUTHOR_EMAIL" ]; then
	AUTHOR_NAME=$DRAFT_NAME AUTHOR_EMAIL=$DRAFT_EMAIL AUTHOR_FROM_GIT=0
fi
# Tree git wrapper: the assembled tree is a git repository of its own.
tgit() { git -C "$TREE" -c user.name="$AUTHOR_NAME" -c user.email="$AUTHOR_EMAIL" "$@"; }

# identity_problem NAME EMAIL: say why NAME <EMAIL> is no real, known
# identity (a placeholder, a test or documentation address, the draft);
# print nothing when it looks like a real one.
identity_problem() {
	local name=$1 email=$2 domain lname
	if [ -z "$name" ] || [ -z "$email" ] ||
		{ [ "$AUTHOR_FROM_GIT" = 0 ] && [ "$name <$email>" = "$AUTHOR_NAME <$AUTHOR_EMAIL>" ]; }; then
		echo "git has no identity here (user.name and user.email are not both set)"
		return
	fi
	[[ $name$email != *[\<\>\"]* && $name$email != *[[:cntrl:]]* ]] ||
		{ echo "'$name <$email>' has characters a mail address cannot carry there"; return; }
	[[ $email =~ ^[^@[:space:]]+@([^@[:space:]]+)$ ]] ||
		{ echo "'$email' is not a mail address"; return; }
	domain=${BASH_REMATCH[1],,}
	domain=${domain%.}
	case $domain in
	localhost | *.localhost | example.com | example.org | example.net | \
		*.example.com | *.example.org | *.example.net | *.example | *.invalid | *.test | \
		example | invalid | test | local | *.local | localdomain | *.localdomain)
		echo "the mail domain '$domain' of '$email' is reserved for examples, tests or local use: no one can reply there"
		return ;;
	esac
	[[ $domain == *.* ]] ||
		{ echo "the mail domain '$domain' of '$email' is no Internet domain"; return; }
	lname=${name,,}
	lname=${lname//[[:space:]]/ }
	case $lname in
	"your name" | "your full name" | "firstname lastname" | "first last" | "name" | \
		"john doe" | "jane doe" | "draft" | "root" | "nobody" | "unknown" | "user" | \
		"bpf attribute sets team" | "bpf-attrs" | *" team" | *" maintainers")
		echo "the name '$name' is a placeholder, not a person's name"
		return ;;
	esac
	return 0
}

# lock_dir DIR: serialise builds into DIR (several shells or agents may run
# the harness at once on one machine); waits, and says so, when it is busy.
lock_dir() {
	mkdir -p "$BUILD"
	exec {_lockfd}>"$1.lock"
	if ! flock -n "$_lockfd"; then
		log "waiting for another build of ${1##*/}"
		flock "$_lockfd"
	fi
}
