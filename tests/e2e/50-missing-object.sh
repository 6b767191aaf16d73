# A missing object that should exist is lost data, not a hole (issue 14,
# item 11): reading it is EIO naming the file and the object, migrate
# refuses to copy zeros, lfsck names the file and keeps its size. Objects
# no byte has reached may be missing (created lazily), so every path that
# grows a size creates the objects it reaches first. An object that does
# not point back to its file (junk put in its place) is not trusted for
# the size.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 4 --ost-size 256M
head -c 3000000 /dev/urandom > data
sum=$(md5sum < data)
summary() { echo "lfsck: 0 swap(s) rolled forward, 0 rolled back, 0 leftover inode(s) destroyed, $1"; }

# Lost: the second stripe's object of a 2-stripe file.
"$LFS" import -c 2 data /v
{ read -r _; read -r ost id; } < <(objects_of /v)
rm "$(object_path "$ost" "$id")"
lost="object $(printf 'OST%04x' "$ost"):$id is missing"
layout=$("$LFS" getstripe /v)
expect_fail 5 "error: lfs cat: /v: $lost: Input/output error" "$LFS" cat /v
expect_fail 5 "error: lfs export: /v: $lost: Input/output error" "$LFS" export /v out
before=$(store_state)
expect_fail 5 "error: lfs migrate: /v: $lost: Input/output error" "$LFS" migrate -c 1 /v
expect_fail 5 "error: lfs write: /v: $lost" sh -c 'echo x | "$LFS" write --offset 1048576 /v'
expect_fail 5 "error: lfs truncate: /v: $lost" "$LFS" truncate -s 2500000 /v
[ "$(store_state)" = "$before" ] || fail "a refused migrate, write or truncate changed the store"
[ "$("$LFS" getstripe /v)" = "$layout" ] || fail "migrate changed the layout"
expect_out "lfsck: /v: $lost: Input/output error
$(summary "0 size(s) fixed, 0 file(s) not checked, 1 damaged")" "$LFS" lfsck
[ "$("$LFS" stat -c %s /v 2>/dev/null || stat -c %s "$STORE/mdt/ROOT/v")" = 3000000 ] ||
	fail "lfsck changed the size of a damaged file"
# Cut below the lost bytes, the file is whole again.
"$LFS" truncate -s 1048576 /v
[ "$("$LFS" cat /v | md5sum)" = "$(head -c 1048576 data | md5sum)" ] || fail "truncated /v"

# Lazily missing objects are fine, and a write past the end creates the
# objects its hole reaches before the size does: a small file migrated
# to 4 stripes has one object; a write at 7 MB needs all four.
head -c 1000 data > small
"$LFS" import small /s
"$LFS" migrate -c 4 /s
[ "$(objects_of /s | while read -r o i; do [ -e "$(object_path "$o" "$i")" ] && echo y; done | wc -l)" = 1 ] ||
	fail "migrate created objects no byte reaches"
echo tail | "$LFS" write --offset 7000000 /s
[ "$(objects_of /s | while read -r o i; do [ -e "$(object_path "$o" "$i")" ] && echo y; done | wc -l)" = 4 ] ||
	fail "a write past the end left objects of its hole missing"
{ cat small; head -c $((7000000 - 1000)) /dev/zero; echo tail; } | cmp - <("$LFS" cat /s) || fail "/s content"
expect_out "$(summary "0 size(s) fixed, 0 file(s) not checked, 0 damaged")" "$LFS" lfsck

# Junk in an object's place (no back-pointer, or another file's): a
# sparse 1 TiB file must not make lfsck grow /j to 2 TiB.
"$LFS" import -c 2 data /j
{ read -r o0 i0; read -r o1 i1; } < <(objects_of /j)
rm "$(object_path "$o0" "$i0")"
truncate -s 1T "$(object_path "$o0" "$i0")"
expect_out "lfsck: /j: object $(printf 'OST%04x' "$o0"):$i0 has no back-pointer: not used for its size
$(summary "0 size(s) fixed, 0 file(s) not checked, 1 damaged")" "$LFS" lfsck
[ "$(stat -c %s "$STORE/mdt/ROOT/j")" = 3000000 ] || fail "junk object grew /j"
# A copy of another file's object in its place: it points elsewhere.
"$LFS" import -c 1 data /k
read -r ok ik < <(objects_of /k)
rm "$(object_path "$o0" "$i0")"
cp -a "$(object_path "$ok" "$ik")" "$(object_path "$o0" "$i0")"
truncate -s 1T "$(object_path "$o0" "$i0")"
expect_out "lfsck: /j: object $(printf 'OST%04x' "$o0"):$i0 points to another file: not used for its size
$(summary "0 size(s) fixed, 0 file(s) not checked, 1 damaged")" "$LFS" lfsck
[ "$(stat -c %s "$STORE/mdt/ROOT/j")" = 3000000 ] || fail "another file's object grew /j"
"$LFS" rm /j

# A kill while a write instantiates a component the size already reaches
# (an earlier write went past it) leaves no object missing below the
# size: they are created before the layout names them.
"$LFS" setstripe -E 1M -c 1 -E 4M -c 2 -E -1 -c 2 /p
echo a | "$LFS" write --offset 5000000 /p
set +e; echo b | LFS_FAULT=instantiated "$LFS" write --offset 2000000 /p 2>/dev/null; st=$?; set -e
[ "$st" = 137 ] || fail "write was not killed at 'instantiated' ($st)"
{ head -c 5000000 /dev/zero; echo a; } | cmp - <("$LFS" cat /p) || fail "/p after a kill in instantiate"
expect_out "$(summary "0 size(s) fixed, 0 file(s) not checked, 0 damaged")" "$LFS" lfsck
