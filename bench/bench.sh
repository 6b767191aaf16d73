#!/usr/bin/env bash
# make bench: each case beside its baseline, alternately, BENCH_RUNS times
# (default 5) on the same disk, with fresh inputs for every pair. Prints and
# writes to bench/results.md the median time of each side, the median of the
# per-pair ratios, and the peak RSS of each side, with the machine's cores,
# memory, filesystem and kernel. BENCH_DIR picks the disk (default
# ./bench-data); BENCH_BIG_MB, BENCH_FILES, BENCH_FIND_FILES and BENCH_RUNS
# scale it down; BENCH_ONLY=NAME runs the cases named NAME or NAME_* (migrate,
# small, find); BENCH_RESULTS names another results file (e.g. /dev/null).
#
# Adding a case is one call, after defining its functions:
#
#   NAME_prep PAIR   make fresh inputs for pair PAIR (1..BENCH_RUNS) under
#                    $CASE_DIR; untimed. Keep earlier pairs' files unless
#                    freeing them cannot slow what follows (see the small case).
#   NAME_settle SIDE PAIR  optional, untimed, before each timed side (SIDE is
#                    lfs or base; default: sync). $BENCH_LAST_END is when the
#                    last timed side ended (epoch seconds).
#   NAME_lfs PAIR    the lfs side, timed; it runs lfs as `bench_lfs ARGS` so
#                    that lfs's own peak RSS is recorded.
#   NAME_base PAIR   the baseline, timed; it runs "$LFS" directly, if at all.
#                    Both sides run in `bash -c` under bench/rusage, so they
#                    see only what is exported: $LFS, $DIR, $FILES, $BIG_MB,
#                    $CASE_DIR, bench_lfs, and whatever variables (export) or
#                    helper functions (export -f) the case exports.
#   bench_case NAME "what is measured" slower|faster TARGET [lfs|base]
#       slower: ratio = lfs/base, met when <= TARGET (e.g. 1.25);
#       faster: ratio = base/lfs, met when >= TARGET (e.g. 20 for 20x).
#       The last word picks which side runs first in each pair (default lfs;
#       alt: they take turns, for two lfs runs on one store, where the
#       second would reuse the spare objects the first left, see spare.h).
#   bench_skip "what would be measured" "why" records a case that cannot run
#       here (e.g. no second filesystem).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

export LFS=$PWD/lfs
RUSAGE=${RUSAGE:-$PWD/build/bench/rusage}
export DIR=${BENCH_DIR:-$PWD/bench-data}
RESULTS=${BENCH_RESULTS:-$PWD/bench/results.md}
export BIG_MB=${BENCH_BIG_MB:-1024} FILES=${BENCH_FILES:-2000}
export FIND_FILES=${BENCH_FIND_FILES:-200000}
RUNS=${BENCH_RUNS:-5}
[ -x "$RUSAGE" ] || { echo "bench: $RUSAGE missing: run make bench" >&2; exit 1; }
rm -rf "$DIR"; mkdir -p "$DIR"
trap 'umount "$DIR/tmpfs" 2>/dev/null || true; rm -rf "$DIR"' EXIT
bench_begin

# Case: migrate a big file from 1 to 4 stripes vs cp + sync of the same bytes,
# page cache dropped before each side. cp runs first: migrate leaves freeing
# the old object to a process that outlives it, which the next pair's
# (untimed) preparation absorbs instead of the baseline.
migrate_prep() {
	rm -rf "$CASE_DIR"/p*
	mkdir -p "$CASE_DIR/p$1"
	head -c $((BIG_MB << 20)) /dev/urandom > "$CASE_DIR/p$1/big"
	"$LFS" mkfs --osts 4 --ost-size $((BIG_MB * 2))M "$CASE_DIR/p$1/store" >/dev/null
	"$LFS" -s "$CASE_DIR/p$1/store" import -c 1 "$CASE_DIR/p$1/big" /big
}
migrate_settle() { sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true; }
migrate_lfs() { bench_lfs -s "$CASE_DIR/p$1/store" migrate -c 4 /big && sync; }
migrate_base() { cp "$CASE_DIR/p$1/big" "$CASE_DIR/p$1/big.copy" && sync; }
bench_case migrate "migrate ${BIG_MB} MiB 1->4 stripes vs cp+sync" slower 1.25 base

# Case: many small files, -j 2 in one process vs one process per file.
# Without a journal, ext4 will not reuse an inode freed in the last minute
# (five while its table block is dirty) and scans past each such inode on
# every create: the per-file run frees three inodes per file, and whatever
# creates files after it pays for them. So the -j run goes first in each
# pair (it frees almost none: it keeps its spares), and from the second pair
# on it waits until a minute has passed since the last per-file run (synced,
# so no table block is dirty). Each pair gets its own files and store, made
# before the pair's timed runs, and no pair's files are removed until the
# end (removing them would free inodes too).
# distinct_ids DIR...: every LAST_ID under DIR (a store or an OST made
# with --path, no object yet) set to a random multiple of 1024, so that no
# two pairs' stores (nor another run's) hold a layout byte for byte.
# Identical stores share more than names: ext4 shares identical xattr
# blocks between files (its mbcache), so from the second pair on each
# layout swap that makes a file's layout an earlier pair's twin frees its
# own block, a synchronous discard on this disk, on both sides. No real
# store has two files with one layout.
distinct_ids() {
	local f
	find "$@" -name LAST_ID | while read -r f; do
		echo $(((RANDOM * 32768 + RANDOM) * 1024)) > "$f"
	done
}
# small_store PAIR LAYOUT...: FILES fresh files of 64 KiB, imported with
# LAYOUT into a fresh store twice: /a for the baseline, /b for lfs.
small_store() {
	local d=$CASE_DIR/p$1 i
	shift
	mkdir -p "$d/small"
	for i in $(seq "$FILES"); do head -c 65536 /dev/urandom > "$d/small/f$i"; done
	"$LFS" mkfs --osts 4 --ost-size $((FILES / 4 + 64))M "$d/store" >/dev/null
	distinct_ids "$d/store"
	"$LFS" -s "$d/store" mkdir /a /b
	"$LFS" -s "$d/store" import "$@" "$d/small" /a
	"$LFS" -s "$d/store" import "$@" "$d/small" /b
}
# small_batch PAIR OPTS...: /b's files in one migrate -j 2 OPTS.
small_batch() {
	local p=$1
	shift
	seq -f "/b/f%.0f" "$FILES" |
		bench_lfs -s "$CASE_DIR/p$p/store" migrate -j 2 "$@" --files-from -
}
# small_each PAIR OPTS...: /a's files, one migrate OPTS process each.
small_each() {
	local p=$1 i
	shift
	for i in $(seq "$FILES"); do
		"$LFS" -s "$CASE_DIR/p$p/store" migrate "$@" "/a/f$i" || return
	done
}
export -f small_batch small_each
small_settle() {
	local wait=$((BENCH_LAST_END + 61 - $(date +%s)))
	sync
	if [ "$1" = lfs ] && [ "$2" -gt 1 ] && [ "$wait" -gt 0 ]; then
		sleep "$wait"
		sync
	fi
}
small_prep() { small_store "$1" -c 1; }
small_lfs() { small_batch "$1" -c 2; }
small_base() { small_each "$1" -c 2; }
bench_case small "migrate -j 2 of $FILES x 64 KiB vs one process per file" faster 20

# Case: the same -j 2 run from Lua (lfs.migrate_many over a list of the
# names, /b) vs the command's (migrate -j 2 --files-from, /a). Neither
# frees inodes per file, so the order does not matter.
small_lua_prep() { small_store "$1" -c 1; }
small_lua_lfs() {
	bench_lfs -s "$CASE_DIR/p$1/store" -e "local t = {}
		for i = 1, $FILES do t[i] = '/b/f' .. i end
		assert(lfs.migrate_many(t, {stripe_count = 2}, {jobs = 2}))"
}
small_lua_base() {
	local i
	for i in $(seq "$FILES"); do echo "/a/f$i"; done |
		"$LFS" -s "$CASE_DIR/p$1/store" migrate -j 2 -c 2 --files-from -
}
bench_case small_lua "lfs.migrate_many -j 2 of $FILES x 64 KiB vs migrate -j 2 --files-from" slower 1.2 alt

# Case: the same between OSTs on two host filesystems (the copy path, no
# linked twins): /a and /b on OST 0 in DIR, moved to OST 4, which
# `lfs ost add --path` puts on a tmpfs (a directory of it per pair). Needs
# root to mount the tmpfs, sized for every pair's files. Ordered and spaced
# as the small case, whose reasons hold here: OST 0 is on the same ext4.
small_xfs_prep() {
	mkdir -p "$DIR/tmpfs/p$1"
	small_store "$1" -o 0
	"$LFS" -s "$CASE_DIR/p$1/store" ost add --size 4G --path "$DIR/tmpfs/p$1" >/dev/null
	distinct_ids "$DIR/tmpfs/p$1"
}
small_xfs_settle() { small_settle "$@"; }
small_xfs_lfs() { small_batch "$1" -o 4; }
small_xfs_base() { small_each "$1" -o 4; }
what="migrate -j 2 of $FILES x 64 KiB across filesystems (OST on tmpfs) vs one process per file"
mkdir -p "$DIR/tmpfs"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=$((FILES * 128 * RUNS / 1024 + 64))M tmpfs "$DIR/tmpfs" 2>/dev/null; then
	bench_case small_xfs "$what" faster 20
else
	bench_skip "$what" "mounting a tmpfs needs root"
fi


# Case: lfs find over FIND_FILES empty files in FIND_FILES/100 directories
# (1 stripe each, round robin over 4 OSTs) against GNU find over the MDT
# namespace (STORE/mdt/ROOT), warm caches. find only reads, so one store,
# made (and both finds run once) before the first pair, serves every pair.
find_prep() {
	[ "$1" = 1 ] || return 0
	[ -d "$DIR/fstore" ] || {
		"$LFS" mkfs --osts 4 --ost-size 1G "$DIR/fstore" >/dev/null
		mkdir -p "$DIR/tree"
		(cd "$DIR/tree" &&
			awk -v n="$FIND_FILES" 'BEGIN { for (d = 0; d < (n + 99) / 100; d++) print "d" d }' | xargs mkdir &&
			awk -v n="$FIND_FILES" 'BEGIN { for (i = 0; i < n; i++) print "d" int(i / 100) "/f" i % 100 }' | xargs touch)
		"$LFS" -s "$DIR/fstore" mkdir /f
		"$LFS" -s "$DIR/fstore" import -c 1 "$DIR/tree" /f
		rm -rf "$DIR/tree"
	}
	find "$DIR/fstore/mdt/ROOT" -type f >/dev/null
	"$LFS" -s "$DIR/fstore" find / --ost 1 >/dev/null
}
find_ost_prep() { find_prep "$@"; }
find_ost_settle() { :; }
find_ost_lfs() { bench_lfs -s "$DIR/fstore" find / --ost 1; }
find_ost_base() { find "$DIR/fstore/mdt/ROOT" -type f; }
bench_case find_ost "lfs find / --ost 1 vs find MDT -type f, $FIND_FILES files (peak RSS target < 16 MiB)" slower 2
find_size_prep() { find_prep "$@"; }
find_size_settle() { :; }
find_size_lfs() { bench_lfs -s "$DIR/fstore" find / -type f -size +1M; }
find_size_base() { find "$DIR/fstore/mdt/ROOT" -type f -size +1M; }
bench_case find_size "lfs find / -type f -size +1M vs find MDT -type f -size +1M, $FIND_FILES files" slower 1.3
find_lua_prep() { find_prep "$@"; }
find_lua_settle() { :; }
find_lua_lfs() {
	bench_lfs -s "$DIR/fstore" -e 'local n = 0
		for p in lfs.find("/", {ost = 1}) do n = n + 1 end'
}
find_lua_base() { "$LFS" -s "$DIR/fstore" find / --ost 1; }
bench_case find_lua "lfs.find(\"/\", {ost = 1}) iterated vs lfs find / --ost 1, $FIND_FILES files" slower 1.2

bench_end
