#!/usr/bin/env bash
# Regenerate the seed corpora (tests/fuzz/corpus/TARGET) from what lfs
# itself writes: layouts of files and directory defaults made by real
# commands, their getstripe -y text, a store configuration, command lines
# and sizes. Usage: tests/fuzz/seeds.sh [LFS] (default ./lfs). Files
# named crash-* are regression inputs found by fuzzing; they are kept.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
LFS=$(realpath "${1:-./lfs}")
out=$here/corpus
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LFS_STORE=$tmp/store
for t in layout_decode decode_read layout_yaml lineparse size store_conf; do
	mkdir -p "$out/$t"
	find "$out/$t" -type f ! -name 'crash-*' -delete
done

# One process, so the objects are ids 1, 2, 3 of each OST (the read
# target creates ids 1..8 of OSTs 0..3).
"$LFS" mkfs --osts 4 "$LFS_STORE" >/dev/null
head -c 400000 /dev/zero | tr '\0' x > "$tmp/data"
"$LFS" <<CMDS
import -c 4 -S 64k $tmp/data /plain4
setstripe -c 1 /plain1
setstripe -E 1M -c 1 -E 8M -c 2 -E -1 -c -1 -S 2M /pfl
truncate -s 9M /pfl
setstripe -E 1M -c 2 -E -1 -c 4 /pfl-partial
setstripe -C 6 /over
setstripe -o 1,1,2 /list
mkdir /dir /pfldir
setstripe -c 2 -S 4M /dir
setstripe -E 64k -c 1 -E -1 -c -1 /pfldir
pool new fast
pool add fast 1 2
ost nocreate 3
CMDS
le64() { python3 -c "import struct,sys; sys.stdout.buffer.write(struct.pack('<QQI', *map(int, sys.argv[1:])))" "$@"; }
for f in plain4 plain1 pfl pfl-partial over list dir pfldir; do
	rec=$tmp/$f.rec
	getfattr --only-values -n user.lfs.lov "$LFS_STORE/mdt/ROOT/$f" > "$rec" 2>/dev/null
	cp "$rec" "$out/layout_decode/$f"
	# Read 256 KiB at a stripe boundary of a 9 MiB file.
	{ le64 9437184 65536 262144; cat "$rec"; } > "$out/decode_read/$f"
	"$LFS" getstripe -y "/$f" > "$out/layout_yaml/$f"
done
cp "$LFS_STORE/lfs-store.conf" "$out/store_conf/pools"
printf 'format 1\nfsname x\nosts 1\n' > "$out/store_conf/minimal"
printf '%s' 'setstripe -E 1M -c 1 -E -1 -c -1 /f; getstripe -y /f' > "$out/lineparse/two"
printf '%s' "write \"a b\" 'c;d' e\\ f \"g\\\"h\" ; ls" > "$out/lineparse/quotes"
printf '%s' 'mkdir /a\\ '"'"'/b\'"'"' "/c\\" \' > "$out/lineparse/continued"
for s in 1M 1.5g 0x10k 64 4096b 18446744073709551615 -1 0x7fffffffffffffff; do
	printf '%s' "$s" > "$out/size/$(echo "$s" | tr -c 'a-zA-Z0-9.\n' _)"
done
