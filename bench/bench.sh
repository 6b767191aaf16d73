#!/usr/bin/env bash
# make bench: each case beside its baseline, measured in the same run on the
# same disk, and their ratio. BENCH_DIR picks the disk (default: ./bench-data);
# BENCH_BIG_MB and BENCH_FILES scale the two cases down for a quick look.
set -euo pipefail
cd "$(dirname "$0")/.."
LFS=$PWD/lfs
DIR=${BENCH_DIR:-$PWD/bench-data}
BIG_MB=${BENCH_BIG_MB:-1024}
FILES=${BENCH_FILES:-2000}
rm -rf "$DIR"; mkdir -p "$DIR"
trap 'rm -rf "$DIR"' EXIT
now() { date +%s.%N; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

echo "# lfs bench ($(date -u +%F), $(nproc) cores, data in $DIR)"

# Case 1: migrate a big file from 1 to 4 stripes vs cp + sync of the same bytes.
"$LFS" mkfs --osts 4 --ost-size $((BIG_MB * 2))M "$DIR/store" >/dev/null
export LFS_STORE=$DIR/store
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

# Case 2: many small files: -j 2 in one process vs one process per file.
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

# Case 3: the same between OSTs on two host filesystems (the copy path, no
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
