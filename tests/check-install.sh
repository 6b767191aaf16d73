#!/usr/bin/env bash
# `make install` into temporary directories, never the system's: a copy
# of the build ($LFS_BUILD) made with PREFIX in a scratch directory, then
# the same with DESTDIR. The installed binary runs help and a command on a
# store, finds the installed Lua procedures by name (PREFIX is compiled
# in), and the bash completion file completes from it; README says where
# each goes ("make install", "Procedures", "bash completion").
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
: "${LFS_BUILD:?the build directory to copy}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lfs-install.XXXXXX")
# KEEP=1 leaves the scratch directory for a look.
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
fail() { echo "FAIL: check-install: $*" >&2; exit 1; }

# The copy keeps the objects' times: only what PREFIX changes is rebuilt.
cp -a "$LFS_BUILD" "$tmp/build"
P=$tmp/prefix
tree_lfs=$(stat -c %Y "$root/lfs" 2>/dev/null || echo none)
make -s -C "$root" BUILD="$tmp/build" PREFIX="$P" install > "$tmp/make.out" 2>&1 ||
	fail "make install: $(cat "$tmp/make.out")"
[ "$(stat -c %Y "$root/lfs" 2>/dev/null || echo none)" = "$tree_lfs" ] ||
	fail "make install replaced the tree's ./lfs"

want="bin/lfs
share/bash-completion/completions/lfs"
for f in "$root"/lua/scripts/*.lua; do
	want+=$'\n'"share/lfs/scripts/$(basename "$f")"
done
got=$(cd "$P" && find . -type f | sed 's|^\./||' | sort)
[ "$got" = "$(sort <<<"$want")" ] || fail "installed files:
$got
--- want
$want"
[ "$(stat -c %a "$P/bin/lfs")" = 755 ] || fail "bin/lfs mode $(stat -c %a "$P/bin/lfs")"
[ "$(stat -c %a "$P/share/bash-completion/completions/lfs")" = 644 ] || fail "completion mode"

# The binary: help, and a command on a store.
L=$P/bin/lfs
"$L" help > "$tmp/help.out" || fail "lfs help failed"
grep -q '^ *getstripe' "$tmp/help.out" || fail "lfs help: $(head "$tmp/help.out")"
export LFS_STORE=$tmp/store
"$L" mkfs --osts 2 "$LFS_STORE" > /dev/null
head -c 100000 /dev/urandom > "$tmp/f"
"$L" import -c 2 "$tmp/f" /f
[ "$("$L" getstripe -c /f)" = 2 ] || fail "getstripe -c /f: $("$L" getstripe -c /f)"

# The procedures by name, from the installed directory alone: gone from
# there, the name is unknown.
unset LFS_SCRIPT_PATH
for f in "$root"/lua/scripts/*.lua; do
	name=$(basename "$f" .lua)
	"$L" -f "$name" --help > "$tmp/s.out" 2>&1 || fail "lfs -f $name --help: $(cat "$tmp/s.out")"
done
mv "$P/share/lfs/scripts" "$P/share/lfs/moved"
! "$L" -f "$name" --help > "$tmp/s.out" 2>&1 || fail "lfs -f $name found elsewhere than $P"
mv "$P/share/lfs/moved" "$P/share/lfs/scripts"

# The completion file, sourced as bash-completion loads it, with the
# installed binary first on PATH.
out=$(PATH="$P/bin:$PATH" bash -c '
	. "$1"
	complete -p lfs
	COMP_WORDS=(lfs getst); COMP_CWORD=1; COMP_LINE="lfs getst"; COMP_POINT=9
	_lfs
	printf "%s\n" "${COMPREPLY[@]}"' _ "$P/share/bash-completion/completions/lfs")
grep -q -- '-F _lfs lfs$' <<<"$out" || fail "completion not registered: $out"
grep -qx 'getstripe' <<<"$out" || fail "completion of 'getst': $out"

# DESTDIR: the same files under it, and nothing rebuilt for it.
make -s -C "$root" BUILD="$tmp/build" PREFIX="$P" DESTDIR="$tmp/stage" install \
	> "$tmp/make.out" 2>&1 || fail "make install DESTDIR: $(cat "$tmp/make.out")"
staged=$(cd "$tmp/stage$P" && find . -type f | sed 's|^\./||' | sort)
[ "$staged" = "$got" ] || fail "DESTDIR install: $staged"
[ "$(find "$tmp/stage" -type f | wc -l)" = "$(wc -l <<<"$got")" ] ||
	fail "DESTDIR install wrote outside DESTDIR$P"
cmp "$tmp/stage$P/bin/lfs" "$L" || fail "DESTDIR install rebuilt the binary"
echo "ok   check-install"
