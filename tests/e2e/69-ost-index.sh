# The OST index (lib/ostindex.h): lfs find --ost answers from it exactly
# as from a walk of every layout, over migrations, setstripe, rm, ost add
# and remove; lfsck reports and adds a missing entry, builds the index of
# a store made before it, and keeps a torn record harmless.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 3 --ost-size 64M
IX=$STORE/mdt/OSTINDEX
[ -f "$IX/VERSION" ] || fail "mkfs made no index"

same() { find_ost_same "$@"; }

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
# files reuse (the index keeps stale entries: find verifies each).
for i in $(seq 1 3 40); do "$LFS" migrate -c 2 "/t/f$i"; done
"$LFS" find /t/d --ost 1 | "$LFS" migrate -i 2 -c 1 --files-from -
for i in $(seq 2 5 40); do "$LFS" rm "/t/f$i"; done
for i in $(seq 8); do echo new > "new$i"; done
for i in $(seq 8); do "$LFS" import -c 1 "new$i" "/t/n$i"; done
same 0 1 2 1,2

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

# The index is what find reads: an entry lost (the file emptied behind
# lfs's back) hides the files on that OST, and lfsck reports and adds it.
want=$("$LFS" find / --ost 3)
: > "$IX/OST0003"
expect_out "" "$LFS" find / --ost 3
expect_out "$want" env LFS_FIND_NO_INDEX=1 "$LFS" find / --ost 3
out=$("$LFS" lfsck --dry-run)
echo "$out" | grep -qx "lfsck: OST index: 2 entry(ies) missing" || fail "lfsck --dry-run: $out"
[ ! -s "$IX/OST0003" ] || fail "lfsck --dry-run wrote the index"
out=$("$LFS" lfsck)
echo "$out" | grep -qx "lfsck: OST index: 2 entry(ies) missing, added" || fail "lfsck: $out"
expect_out "$want" "$LFS" find / --ost 3
# The rebuild drops stale entries and repeats: 8 bytes per file per OST.
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
same 0 1 2 3
"$LFS" import -c 1 -i 2 tree/f9 /t/late
[ ! -e "$IX" ] || fail "a layout write made an index"
out=$("$LFS" lfsck)
echo "$out" | grep -qx "lfsck: OST index: made" || fail "lfsck on an old store: $out"
[ -f "$IX/VERSION" ] || fail "lfsck made no VERSION"
same 0 1 2 3
# Half made (directory, no VERSION: an lfsck killed midway): not trusted.
rm "$IX/VERSION"
: > "$IX/OST0002"
same 2
"$LFS" lfsck > /dev/null
same 0 1 2 3
