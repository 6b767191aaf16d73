# mkfs, import/export round trips, getstripe and df formats.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 4 --ost-size 64M

# Sizes around stripe boundaries round-trip byte for byte.
S=$((1024 * 1024))
for size in 0 1 $((S - 1)) $S $((S + 1)) $((2 * S - 1)) $((2 * S + 1)) $((3 * S + 12345)); do
	head -c $size /dev/urandom > "in.$size"
	"$LFS" import -c 2 "in.$size" "/f.$size"
	"$LFS" export "/f.$size" "out.$size"
	cmp "in.$size" "out.$size" || fail "round trip of $size bytes"
	[ "$("$LFS" cat "/f.$size" | wc -c)" = $size ] || fail "cat of $size bytes"
done

# A sparse file keeps its holes.
truncate -s 10M sparse; printf 'x' | dd of=sparse bs=1 seek=5000000 conv=notrunc 2>/dev/null
"$LFS" import -c 4 sparse /sparse
"$LFS" export /sparse sparse.out
cmp sparse sparse.out
blocks=$(find "$STORE/ost" -path '*O/0/*' -type f -newer sparse -printf '%b\n' | paste -sd+ | bc)
[ "$(du -k sparse.out | cut -f1)" -le 64 ] || fail "export filled holes"

# getstripe of a plain file, exact format.
"$LFS" setstripe -c 2 -i 1 /two
got=$("$LFS" getstripe /two)
want_head="/two
lmm_stripe_count:  2
lmm_stripe_size:   1048576
lmm_pattern:       raid0
lmm_layout_gen:    0
lmm_stripe_offset: 1
	obdidx		 objid		 objid		 group"
[ "$(echo "$got" | head -7)" = "$want_head" ] || fail "getstripe header: $got"
echo "$got" | sed -n 8p | grep -Eq $'^\t     1\t {1,14}[0-9]+\t {0,12}0x[0-9a-f]+\t             0$' || fail "row format: $got"
echo "$got" | sed -n 9p | grep -Eq $'^\t     2\t' || fail "second stripe on OST 2: $got"
expect_out 2 "$LFS" getstripe -c /two
expect_out 1048576 "$LFS" getstripe -S /two
expect_out 1 "$LFS" getstripe -i /two
expect_out raid0 "$LFS" getstripe -L /two
# --ost: only matching rows, marked; a file with none prints nothing.
"$LFS" getstripe --ost 2 /two | grep -Eq $'^\t     2\t.* \\*$' || fail "--ost row"
[ -z "$("$LFS" getstripe --ost 3 /two)" ] || fail "--ost with no object printed something"
expect_fail 22 "error: lfs getstripe: lustre-OST0009_UUID: unknown obduuid" "$LFS" getstripe --ost lustre-OST0009_UUID /two

# df: header, rows, summary.
out=$("$LFS" df)
echo "$out" | head -1 | grep -q '^UUID                   1K-blocks        Used   Available Use% Mounted on$' || fail "df header: $out"
echo "$out" | grep -q "^lustre-OST0003_UUID  *65536 .*$STORE\[OST:3\]$" || fail "df OST row: $out"
echo "$out" | grep -q "^filesystem_summary:  *262144 " || fail "df summary: $out"
"$LFS" df -h | grep -q '^lustre-OST0000_UUID *64.0M ' || fail "df -h"

# Bad input: a directory that is not a store.
mkdir notastore
expect_fail 2 "error: lfs getstripe: $SCRATCH/notastore: not an lfs store (no lfs-store.conf)" "$LFS" -s notastore getstripe /
# A store of an unknown format version.
cp -r "$STORE" future; sed -i 's/^format 1$/format 9/' future/lfs-store.conf
expect_fail 71 "error: lfs df: $SCRATCH/future: unsupported store format version '9' (this lfs reads version 1)" "$LFS" -s future df
echo done
