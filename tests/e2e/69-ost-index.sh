# The OST index (lib/ostindex.h): lfs find --ost answers from it exactly
# as from a walk of every layout, over migrations, setstripe, rm, mv over
# a file, hard links, ost add and remove, reading no layout; lfsck finds
# nothing to fix after them, reports and fixes a missing or stale entry,
# builds the index of a store made before it, and keeps a torn record
# harmless.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 3 --ost-size 64M
IX=$STORE/mdt/OSTINDEX
[ -f "$IX/VERSION" ] || fail "mkfs made no index"

# same OSTS...: index and full walk agree, and lfsck has nothing to fix.
same() {
	local out
	find_ost_same "$@"
	out=$("$LFS" lfsck --dry-run)
	! echo "$out" | grep -q "OST index" || fail "index not exact: $out"
}

mkdir -p tree/d
for i in $(seq 40); do head -c $((i * 5000)) /dev/urandom > "tree/f$i"; done
for i in $(seq 10); do echo "$i" > "tree/d/g$i"; done
"$LFS" mkdir /t
"$LFS" import -c 1 tree /t
"$LFS" setstripe -c 2 -i 1 /t/s2
"$LFS" setstripe -E 1M -c 1 -i 0 -E -1 -c 2 -i 1 /t/pfl
[ -n "$("$LFS" find / --ost 0)" ] || fail "nothing on OST 0"
same 0 1 2 0,2

# Migrations move files between OSTs; rm frees inode numbers that new
# files reuse (the index drops them first: no stale entry).
for i in $(seq 1 3 40); do "$LFS" migrate -c 2 "/t/f$i"; done
"$LFS" find /t/d --ost 1 | "$LFS" migrate -i 2 -c 1 --files-from -
for i in $(seq 2 5 40); do "$LFS" rm "/t/f$i"; done
for i in $(seq 8); do echo new > "new$i"; done
for i in $(seq 8); do "$LFS" import -c 1 "new$i" "/t/n$i"; done
same 0 1 2 1,2
# mv over a file destroys the one replaced; a hard link shares the inode
# (both names listed), and the file stays on its OSTs until the last goes.
"$LFS" mv /t/f4 /t/f5
"$LFS" ln /t/f6 /t/d/f6link
expect_out "/t/d/f6link
/t/f6" "$LFS" find / --ost "$("$LFS" getstripe -i /t/f6)" -name "f6*"
"$LFS" rm /t/f6
same 0 1 2
"$LFS" rm /t/d/f6link
same 0 1 2

# A new OST gets an empty index file and files soon; a removed one loses
# its file.
"$LFS" ost add > /dev/null
[ -f "$IX/OST0003" ] && [ ! -s "$IX/OST0003" ] || fail "ost add: no empty OST0003 index"
"$LFS" import -c 1 -i 3 tree/f7 /t/on3
"$LFS" migrate -c 4 /t/f3
[ -s "$IX/OST0003" ] || fail "nothing indexed on OST 3"
same 0 1 2 3
expect_out "/t/f3
/t/on3" "$LFS" find / --ost 3
"$LFS" ost add > /dev/null
"$LFS" ost remove 4 > /dev/null
[ ! -e "$IX/OST0004" ] || fail "ost remove kept the OST0004 index"
same 0 1 2 3

# The index is what find reads, and no layout: a file whose layout is
# corrupt is listed on its OSTs without a word, where the full walk
# reports it; a test that needs the layout reads it (and reports it).
f=$("$LFS" find /t/d --ost 2 | head -1)
[ -n "$f" ] || fail "nothing on OST 2 in /t/d"
lov=$(getfattr --absolute-names -n user.lfs.lov -e hex "$STORE/mdt/ROOT$f" | sed -n 's/^user.lfs.lov=//p')
setfattr -n user.lfs.lov -v 0x00 "$STORE/mdt/ROOT$f"
"$LFS" find /t/d --ost 2 | grep -qx "$f" || fail "index: $f not listed"
expect_fail 22 "error: lfs find: $f: layout is corrupt" env LFS_FIND_NO_INDEX=1 "$LFS" find "$f" --ost 2
expect_fail 22 "error: lfs find: $f: layout is corrupt" "$LFS" find "$f" --ost 2 -c 1
setfattr -n user.lfs.lov -v "$lov" "$STORE/mdt/ROOT$f"
# An entry lost (the file emptied behind lfs's back) hides the files on
# that OST; one added makes a file show; lfsck reports and fixes both.
want=$("$LFS" find / --ost 3)
: > "$IX/OST0003"
expect_out "" "$LFS" find / --ost 3
expect_out "$want" env LFS_FIND_NO_INDEX=1 "$LFS" find / --ost 3
printf '%016x' "$(stat -c %i "$STORE/mdt/ROOT/t/f1")" | sed 's/../& /g' |
	awk '{ for (i = NF; i >= 1; i--) printf "\\x%s", $i }' | xargs -0 printf >> "$IX/OST0003"
expect_out "/t/f1" "$LFS" find / --ost 3
out=$("$LFS" lfsck --dry-run)
echo "$out" | grep -qx "lfsck: OST index: 2 entry(ies) missing, 1 stale" || fail "lfsck --dry-run: $out"
[ "$(stat -c %s "$IX/OST0003")" = 8 ] || fail "lfsck --dry-run wrote the index"
out=$("$LFS" lfsck)
echo "$out" | grep -qx "lfsck: OST index: 2 entry(ies) missing, 1 stale, rewritten" || fail "lfsck: $out"
expect_out "$want" "$LFS" find / --ost 3
# The rebuild writes each file compacted: 8 bytes per file on the OST.
n=$(LFS_FIND_NO_INDEX=1 "$LFS" find / --ost 0 | wc -l)
[ "$(stat -c %s "$IX/OST0000")" = $((n * 8)) ] || fail "OST0000 index: $(stat -c %s "$IX/OST0000") bytes for $n files"
out=$("$LFS" lfsck)
echo "$out" | grep -q "OST index" && fail "second lfsck: $out"

# A torn last record (a crash mid-append) is ignored.
printf 'abc' >> "$IX/OST0001"
same 1
"$LFS" lfsck > /dev/null
[ $(( $(stat -c %s "$IX/OST0001") % 8 )) = 0 ] || fail "lfsck kept a torn record"

# A store from before the index: find walks every layout; lfsck makes it.
rm -r "$IX"
find_ost_same 0 1 2 3
"$LFS" import -c 1 -i 2 tree/f9 /t/late
[ ! -e "$IX" ] || fail "a layout write made an index"
out=$("$LFS" lfsck)
echo "$out" | grep -qx "lfsck: OST index: made" || fail "lfsck on an old store: $out"
[ -f "$IX/VERSION" ] || fail "lfsck made no VERSION"
same 0 1 2 3
# Half made (directory, no VERSION: an lfsck killed midway): not trusted.
rm "$IX/VERSION"
: > "$IX/OST0002"
find_ost_same 2
"$LFS" lfsck > /dev/null
same 0 1 2 3
