# lfs migrate on a Lustre mount (the liblustreapi test double): the data
# stays byte for byte, holes included, the layout changes, in blocking and
# non-blocking mode, with layout options, PFL, -j and --files-from; the
# volatile leaves no name behind.
. "$(dirname "$0")/../e2e-lustre.sh"
need_osts 4

head -c 3000000 /dev/urandom > "$MNT/f"
cp "$MNT/f" ref
[ -n "$REAL" ] || [ "$("$LFS" getstripe -c "$MNT/f")" = 1 ] || fail "new file: $("$LFS" getstripe "$MNT/f")"
before=$(layout_xattr "$MNT/f")

# Blocking (the default): group lock, DV1, copy, swap with CHECK_DV1.
"$LFS" migrate -c 2 -S 2M "$MNT/f"
cmp "$MNT/f" ref || fail "migrate changed the data"
expect_out 2 "$LFS" getstripe -c "$MNT/f"
expect_out 2097152 "$LFS" getstripe -S "$MNT/f"
[ "$(layout_xattr "$MNT/f")" != "$before" ] || fail "the layout did not change"
[ "$(ls -A "$MNT")" = f ] || fail "left behind: $(ls -A "$MNT")"

# Non-blocking: lease, copy checking it, DV2, SWAP_LAYOUTS_CLOSE.
"$LFS" migrate -n -c 3 "$MNT/f"
cmp "$MNT/f" ref || fail "migrate -n changed the data"
expect_out 3 "$LFS" getstripe -c "$MNT/f"
[ "$(osts_of "$MNT/f" | tr ',' '\n' | sort -u | wc -l)" = 3 ] || fail "OSTs: $(osts_of "$MNT/f")"

# -o places exactly, -v names the OSTs from and to.
from=$(osts_of "$MNT/f")
expect_out "$MNT/f: migrated from OSTs $from to OSTs 3,1" "$LFS" migrate -v -o 3,1 "$MNT/f"
expect_out 3,1 osts_of "$MNT/f"
cmp "$MNT/f" ref || fail "migrate -o changed the data"

# Times and holes are kept; a file migrated again to where it is, skipped.
truncate -s 20M "$MNT/sparse"
printf 'head' | dd of="$MNT/sparse" conv=notrunc status=none
printf 'tail' | dd of="$MNT/sparse" bs=1 seek=$((16 << 20)) conv=notrunc status=none
touch -d '2020-01-02 03:04:05' "$MNT/sparse"
cp --sparse=always "$MNT/sparse" sparse.ref
"$LFS" migrate -c 4 "$MNT/sparse"
cmp "$MNT/sparse" sparse.ref || fail "sparse file changed"
[ "$(du -k "$MNT/sparse" | cut -f1)" -lt 1024 ] || fail "holes filled: $(du -k "$MNT/sparse")"
[ "$(stat -c %y "$MNT/sparse")" = "2020-01-02 03:04:05.000000000 +0000" ] ||
	fail "mtime: $(stat -c %y "$MNT/sparse")"

# PFL: the components the size reaches are instantiated, the data kept.
"$LFS" migrate -E 1M -c 1 -E -1 -c 2 "$MNT/f"
cmp "$MNT/f" ref || fail "PFL migrate changed the data"
"$LFS" getstripe "$MNT/f" > pfl.out
[ "$(grep -c 'lcme_flags:          init' pfl.out)" = 2 ] || fail "PFL: $(cat pfl.out)"

# Many files: -j 2 and --files-from, a relative name from the mount's cwd.
mkdir "$MNT/d"
for i in 1 2 3 4 5; do head -c $((i * 70000)) /dev/urandom > "$MNT/d/g$i"; done
cp -a "$MNT/d" d.ref
ls "$MNT"/d/g[1-3] > list
"$LFS" migrate -j 2 -c 2 --files-from list 2> sum
grep -qx 'lfs migrate: 3 files: 3 migrated, 0 skipped, 0 busy, 0 failed; .*' sum || fail "summary: $(cat sum)"
(cd "$MNT/d" && "$LFS" migrate -c 4 g4 g5 2> /dev/null)
for i in 1 2 3 4 5; do
	cmp "$MNT/d/g$i" "d.ref/g$i" || fail "g$i changed"
	want=$([ $i -le 3 ] && echo 2 || echo 4)
	expect_out $want "$LFS" getstripe -c "$MNT/d/g$i"
done

# A store selected (LFS_STORE) keeps paths store paths, as always.
"$LFS" mkfs --osts 2 "$SCRATCH/st" > /dev/null
st=0; LFS_STORE="$SCRATCH/st" "$LFS" migrate -c 1 "$MNT/f" 2> err || st=$?
[ "$st" = 2 ] && grep -q "^error: lfs migrate: $MNT/f: " err || fail "with a store: $st $(cat err)"

# Every process that loaded the double closed its servers' handle (no
# run/ entry of a dead process left for recovery).
[ -n "$REAL" ] || [ -z "$(ls -A "$SRV/run")" ] || fail "servers' run/: $(ls -A "$SRV/run")"
