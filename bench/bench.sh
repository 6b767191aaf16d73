#!/usr/bin/env bash
# make bench: each case beside its baseline, measured in the same run on the
# same disk, and their ratio. BENCH_DIR picks the disk (default: ./bench-data);
# BENCH_BIG_MB, BENCH_FILES and BENCH_FIND_FILES scale the cases down for a
# quick look; BENCH_ONLY=NAME (migrate, find, small) runs one case.
set -euo pipefail
cd "$(dirname "$0")/.."
LFS=$PWD/lfs
DIR=${BENCH_DIR:-$PWD/bench-data}
BIG_MB=${BENCH_BIG_MB:-1024}
FILES=${BENCH_FILES:-2000}
FIND_FILES=${BENCH_FIND_FILES:-200000}
rm -rf "$DIR"; mkdir -p "$DIR"
trap 'rm -rf "$DIR"' EXIT
now() { date +%s.%N; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
want() { [ -z "${BENCH_ONLY:-}" ] || [ "$BENCH_ONLY" = "$1" ]; }
median() { sort -g | awk '{ v[NR] = $1 } END { printf "%.3f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# pairs N CASE BASE: run the commands CASE and BASE (shell text) N times,
# alternately, output to /dev/null; prints "CASE_MEDIAN BASE_MEDIAN
# MEDIAN_OF_RATIOS".
pairs() {
	local n=$1 a=$2 b=$3 t0 t1 t2 ta tb i
	: > "$DIR/pairs"
	for i in $(seq "$n"); do
		t0=$(now); eval "$a" > /dev/null; t1=$(now); eval "$b" > /dev/null; t2=$(now)
		ta=$(secs "$t0" "$t1"); tb=$(secs "$t1" "$t2")
		echo "$ta $tb $(awk -v a="$ta" -v b="$tb" 'BEGIN { printf "%.4f", a / b }')" >> "$DIR/pairs"
	done
	echo "$(cut -d' ' -f1 "$DIR/pairs" | median) $(cut -d' ' -f2 "$DIR/pairs" | median) $(cut -d' ' -f3 "$DIR/pairs" | median)"
}

echo "# lfs bench ($(date -u +%F), $(nproc) cores, data in $DIR)"

# Case 1: migrate a big file from 1 to 4 stripes vs cp + sync of the same bytes.
"$LFS" mkfs --osts 4 --ost-size $((BIG_MB * 2))M "$DIR/store" >/dev/null
export LFS_STORE=$DIR/store
if want migrate; then
head -c $((BIG_MB << 20)) /dev/urandom > "$DIR/big"
"$LFS" import -c 1 "$DIR/big" /big
sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true
t0=$(now); cp "$DIR/big" "$DIR/big.copy"; sync; t1=$(now)
sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true
t2=$(now); "$LFS" migrate -c 4 /big; sync; t3=$(now)
cp_s=$(secs "$t0" "$t1"); mig_s=$(secs "$t2" "$t3")
echo "migrate ${BIG_MB} MiB 1->4 stripes: ${mig_s}s   cp+sync: ${cp_s}s   ratio $(ratio "$mig_s" "$cp_s") (target <= 1.25)"
rm -f "$DIR/big" "$DIR/big.copy"
"$LFS" rm /big
fi

# Case 2: lfs find over FIND_FILES empty files in FIND_FILES/100
# directories (1 stripe each, round robin over 4 OSTs) against GNU find
# over the MDT namespace (STORE/mdt/ROOT) in the same run, 5 pairs each,
# warm caches; and the peak RSS of the --ost run. A store of its own.
if want find; then
"$LFS" mkfs --osts 4 --ost-size 1G "$DIR/fstore" >/dev/null
mkdir -p "$DIR/tree"
(cd "$DIR/tree" && awk -v n="$FIND_FILES" 'BEGIN { for (d = 0; d < (n + 99) / 100; d++) print "d" d }' | xargs mkdir &&
 awk -v n="$FIND_FILES" 'BEGIN { for (i = 0; i < n; i++) print "d" int(i / 100) "/f" i % 100 }' | xargs touch)
"$LFS" -s "$DIR/fstore" mkdir /f
t0=$(now); "$LFS" -s "$DIR/fstore" import -c 1 "$DIR/tree" /f; t1=$(now)
rm -rf "$DIR/tree"
echo "find: $FIND_FILES files in $(( (FIND_FILES + 99) / 100 )) directories made by one import in $(secs "$t0" "$t1")s"
MDT=$DIR/fstore/mdt/ROOT
F=("$LFS" -s "$DIR/fstore" find /)
find "$MDT" -type f > /dev/null; "${F[@]}" --ost 1 > /dev/null   # warm up
read -r a b r < <(pairs 5 '"${F[@]}" --ost 1' 'find "$MDT" -type f')
echo "lfs find / --ost 1: ${a}s   find MDT -type f: ${b}s   ratio $r (median of 5 pairs; target <= 2)"
read -r a b r < <(pairs 5 '"${F[@]}" -type f -size +1M' 'find "$MDT" -type f -size +1M')
echo "lfs find / -type f -size +1M: ${a}s   find MDT -type f -size +1M: ${b}s   ratio $r (median of 5 pairs; target <= 1.3)"
${CC:-cc} -O2 -o "$DIR/maxrss" bench/maxrss.c
rss=$("$DIR/maxrss" "${F[@]}" --ost 1 2>&1 >/dev/null | tail -1)
echo "lfs find / --ost 1: peak RSS ${rss} KiB (target < 16384)"
rm -rf "$DIR/fstore"
fi

want small || exit 0
# Case 3: many small files: -j 2 in one process vs one process per file.
mkdir -p "$DIR/small"
for i in $(seq "$FILES"); do head -c 65536 /dev/urandom > "$DIR/small/f$i"; done
"$LFS" mkdir /a /b
"$LFS" import -c 1 "$DIR/small" /a
"$LFS" import -c 1 "$DIR/small" /b
# The -j run goes first. Without a journal, ext4 will not reuse
# an inode freed in the last minute (five while its table block is dirty)
# and scans past each such inode on every create: the per-file run frees
# three inodes per file, and whichever case runs second would pay for
# them. The -j run frees almost none (it keeps its spares), so going
# first it leaves the baseline as it would be on its own.
sync
t2=$(now); for i in $(seq "$FILES"); do echo "/b/f$i"; done | "$LFS" migrate -j 2 -c 2 --files-from -; t3=$(now)
t0=$(now); for i in $(seq "$FILES"); do "$LFS" migrate -c 2 "/a/f$i"; done; t1=$(now)
per_s=$(secs "$t0" "$t1"); j_s=$(secs "$t2" "$t3")
echo "migrate -j 2 of $FILES x 64 KiB: ${j_s}s   one process per file: ${per_s}s   speed-up $(ratio "$per_s" "$j_s")x (target >= 20)"

# Case 4: the same between OSTs on two host filesystems (the copy path, no
# linked twins): /a and /b on OST 0 in DIR, moved to OST 2 on a tmpfs that
# `lfs ost add --path` puts there. Needs root to mount the tmpfs.
TMPFS=$DIR/tmpfs
mkdir -p "$TMPFS"
if [ "$(id -u)" != 0 ] || ! mount -t tmpfs -o size=$((FILES * 64 * 3 / 1024 + 64))M tmpfs "$TMPFS" 2>/dev/null; then
	echo "migrate -j 2 of $FILES x 64 KiB across filesystems: skipped (mounting a tmpfs needs root)"
	exit 0
fi
trap 'umount "$TMPFS" 2>/dev/null; rm -rf "$DIR"' EXIT
"$LFS" rm -r /a /b
"$LFS" mkdir /a /b
"$LFS" import -o 0 "$DIR/small" /a
"$LFS" import -o 0 "$DIR/small" /b
"$LFS" ost add --size 4G --path "$TMPFS" >/dev/null
new=$(("$(awk '$1 == "osts" { print $2 }' "$DIR/store/lfs-store.conf")" - 1))
sync
t2=$(now); for i in $(seq "$FILES"); do echo "/b/f$i"; done | "$LFS" migrate -j 2 -o "$new" --files-from -; t3=$(now)
t0=$(now); for i in $(seq "$FILES"); do "$LFS" migrate -o "$new" "/a/f$i"; done; t1=$(now)
per_s=$(secs "$t0" "$t1"); j_s=$(secs "$t2" "$t3")
echo "migrate -j 2 of $FILES x 64 KiB across filesystems (OST on tmpfs): ${j_s}s   one process per file: ${per_s}s   speed-up $(ratio "$per_s" "$j_s")x (target >= 20)"
