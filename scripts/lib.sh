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

# Tree git wrapper: the assembled tree is a git repository of its own.
# The author of the series' commits, as in its Signed-off-by lines.
AUTHOR_NAME="BPF attribute sets team"
AUTHOR_EMAIL=bpf-attrs@localhost
tgit() { git -C "$TREE" -c user.name="$AUTHOR_NAME" -c user.email=$AUTHOR_EMAIL "$@"; }

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
