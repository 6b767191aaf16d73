# The OST index across crashes (lib/ostindex.h): a kill -9 between the
# index append and the layout write, or anywhere after, during setstripe,
# migrate (one file or a batch), a component's instantiation and import
# leaves find --ost listing every file whose layout names the OST, read
# at once (no recovery: find opens the store read-only). A run file left
# by another boot (a host crash) makes find walk every layout until a
# read-write open recovers and rebuilds the index.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 4 --ost-size 256M
IX=$STORE/mdt/OSTINDEX

mkdir -p tree
for i in $(seq 12); do head -c $((i * 40000)) /dev/urandom > "tree/f$i"; done
"$LFS" mkdir /t
"$LFS" import -c 1 -i 0 tree /t

# killed POINT CMD...: CMD dies at POINT (LFS_FAULT), then the index and
# the full walk agree on every OST.
killed() {
	local point=$1 st=0; shift
	LFS_FAULT=$point "$@" > /dev/null 2>&1 || st=$?
	[ $st = 137 ] || fail "LFS_FAULT=$point $*: status $st, not killed"
	find_ost_same 0 1 2 3
}

# setstripe: killed after the append (no layout yet) and after the layout.
killed ostindex-appended "$LFS" setstripe -c 2 -i 1 /t/s1
killed layout-set "$LFS" setstripe -c 2 -i 2 /t/s2
expect_out "/t/s2" "$LFS" find /t --ost 3
# migrate, one file: at each point of the swap, and at the second layout
# write (the source's new layout, after the volatile's).
"$LFS" lfsck > /dev/null
for p in ostindex-appended:2 layout-set:2 source-swapped volatile-swapped; do
	killed "$p" "$LFS" migrate -c 1 -i 3 /t/f2
	"$LFS" lfsck > /dev/null
	"$LFS" migrate -c 1 -i 0 /t/f2
done
# A batch: killed in the middle of the swaps.
for n in 5 9 12; do
	killed "layout-set:$n" "$LFS" migrate -c 2 -i 1 /t/f3 /t/f4 /t/f5 /t/f6 /t/f7 /t/f8
	"$LFS" lfsck > /dev/null
done
# A PFL file's second component instantiated by a write.
"$LFS" setstripe -E 64K -c 1 -i 0 -E -1 -c 2 -i 2 /t/pfl
killed instantiated sh -c 'head -c 200000 /dev/urandom | "$LFS" write /t/pfl'
expect_out "/t/pfl
/t/s2" "$LFS" find /t --ost 3
# import: the file linked into the namespace with its layout.
killed import-linked "$LFS" import -c 1 -i 1 tree/f1 /t/imp
"$LFS" lfsck > /dev/null
find_ost_same 0 1 2 3

# A host crash: a run file from another boot, and an index that lost its
# last appends. find walks every layout; a read-write open rebuilds.
want=$("$LFS" find / --ost 2)
[ -n "$want" ] || fail "nothing on OST 2"
: > "$IX/OST0002"
expect_out "" "$LFS" find / --ost 2
echo 00000000-0000-0000-0000-000000000000 > "$STORE/run/1.1"
expect_out "$want" "$LFS" find / --ost 2
"$LFS" mkdir /after > /dev/null
[ ! -e "$STORE/run/1.1" ] || fail "recovery kept the dead run file"
[ -s "$IX/OST0002" ] || fail "recovery did not rebuild the index"
expect_out "$want" "$LFS" find / --ost 2
# A dead process of this boot that never appended (empty run file) or did
# (this boot's id): its appends are in the page cache, the index holds.
: > "$IX/OST0002"
: > "$STORE/run/1.2"
expect_out "" "$LFS" find / --ost 2
cat /proc/sys/kernel/random/boot_id > "$STORE/run/1.2"
expect_out "" "$LFS" find / --ost 2
"$LFS" lfsck > /dev/null
expect_out "$want" "$LFS" find / --ost 2
