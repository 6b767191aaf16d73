#!/usr/bin/env bash
# make demo: install what is missing, build, create a demo store and walk
# through a restripe: layouts and df before and after.
set -euo pipefail
cd "$(dirname "$0")/.."
# The build, and what `make check` runs its tests with.
need="build-essential pkg-config libedit-dev liblua5.4-dev libyaml-dev zlib1g-dev libcmocka-dev tmux bc attr e2fsprogs python3"
missing=""
for p in $need; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
	SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
	$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing
fi
make -s lfs
LFS=$PWD/lfs
STORE=$PWD/demo-store
rm -rf "$STORE"
# run ARGS: show the command as typed (an argument with a blank quoted),
# then run it on the demo store.
run() {
	local shown=() a
	for a; do [[ $a == *' '* ]] && shown+=("'$a'") || shown+=("$a"); done
	echo; echo "\$ lfs ${shown[*]}"
	"$LFS" -s "$STORE" "$@"
}
echo "\$ lfs mkfs --osts 4 --ost-size 256M $STORE"
"$LFS" mkfs --osts 4 --ost-size 256M "$STORE"
run pool new flash
run pool add flash 0 1
tmp=$(mktemp -d)
head -c 100000 /dev/urandom > "$tmp/small"
head -c 5000000 /dev/urandom > "$tmp/medium"
head -c 20000000 /dev/urandom > "$tmp/large"
truncate -s 50M "$tmp/sparse"; echo tail >> "$tmp/sparse"
run import "$tmp/small" /small
run import -c 2 -p flash "$tmp/medium" /medium
run import -E 4M -c 1 -E -1 -c 4 "$tmp/large" /large
run import -c 4 "$tmp/sparse" /sparse
run getstripe /medium
run getstripe /large
run df
echo; echo "# Drain OST 0 with a shipped Lua procedure: it marks the OST nocreate"
echo "# (no new objects), migrates every file with an object on it (each keeps"
echo "# its geometry; the allocator picks OSTs afresh), and checks with find."
run -f drain_ost 0 --dry-run
run -f drain_ost 0
run df --graph
echo; echo "# Spread a hot file over every usable OST (4 asked, 3 usable: capped)."
run migrate -v -c 4 /medium
run getstripe /medium
echo; echo "# Bring OST 0 back and move /large's objects with find | migrate."
run ost create 0
run -c 'find / --ost 1 -type f -name large | migrate -v'
run df --graph
"$LFS" -s "$STORE" export /large "$tmp/large.out" && cmp "$tmp/large" "$tmp/large.out" &&
	echo && echo "export of /large matches the original byte for byte"
rm -rf "$tmp"
echo; echo "The demo store is in $STORE: try  lfs -s $STORE getstripe -r /"
