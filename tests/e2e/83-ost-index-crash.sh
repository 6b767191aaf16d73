# The OST index across crashes (lib/ostindex.h): a kill -9 between an
# index append and the change it describes (a layout write, an inode's
# last unlink), or anywhere after, during setstripe, migrate (one file or
# a batch), a component's instantiation, import and rm, leaves a marked
# run file of a dead process: find --ost, read at once (no recovery: find
# opens the store read-only), walks every layout and lists exactly the
# files whose layout names the OST; after recovery the index is trusted
# and exact again (lfsck --dry-run finds nothing). A run file left by
# another boot (a host crash) is a dead writer too; an empty one (a dead
# process that never appended) is not.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 4 --ost-size 256M
IX=$STORE/mdt/OSTINDEX

mkdir -p tree
for i in $(seq 12); do head -c $((i * 40000)) /dev/urandom > "tree/f$i"; done
"$LFS" mkdir /t
"$LFS" import -c 1 -i 0 tree /t

# exact: the index is trusted (an emptied index file hides files) and
# agrees with the full walk; lfsck finds nothing to add or drop.
exact() {
	local out
	find_ost_same 0 1 2 3
	out=$("$LFS" lfsck --dry-run)
	echo "$out" | grep -q "OST index" && fail "index not exact: $out"
	return 0
}
# killed POINT CMD...: CMD dies at POINT (LFS_FAULT); at once the index
# is not trusted and find still answers right; recovery makes it exact.
killed() {
	local point=$1 st=0 n; shift
	LFS_FAULT=$point "$@" > /dev/null 2>&1 || st=$?
	[ $st = 137 ] || fail "LFS_FAULT=$point $*: status $st, not killed"
	find_ost_same 0 1 2 3
	# Not trusted: an emptied index file changes nothing.
	cp "$IX/OST0000" "$SCRATCH/ix0"
	n=$(LFS_FIND_NO_INDEX=1 "$LFS" find / --ost 0 | wc -l)
	: > "$IX/OST0000"
	[ "$("$LFS" find / --ost 0 | wc -l)" = "$n" ] || fail "$point: index trusted after a kill"
	cp "$SCRATCH/ix0" "$IX/OST0000"
	"$LFS" lfsck > /dev/null
	exact
}

exact
# setstripe: killed after the append (no layout yet) and after the layout.
killed ostindex-appended "$LFS" setstripe -c 2 -i 1 /t/s1
killed layout-set "$LFS" setstripe -c 2 -i 2 /t/s2
"$LFS" setstripe -c 2 -i 2 /t/s2
expect_out "/t/s2" "$LFS" find /t --ost 3
# migrate, one file: at each point of the swap, and at the second layout
# write (the source's new layout, after the volatile's).
for p in ostindex-appended:2 layout-set:2 source-swapped volatile-swapped index-forgotten; do
	killed "$p" "$LFS" migrate -c 1 -i 3 /t/f2
	"$LFS" migrate -c 1 -i 0 /t/f2
	exact
done
# A batch: killed in the middle of the swaps.
for n in 5 9 12; do
	killed "layout-set:$n" "$LFS" migrate -c 2 -i 1 /t/f3 /t/f4 /t/f5 /t/f6 /t/f7 /t/f8
done
# A PFL file's second component instantiated by a write.
"$LFS" setstripe -E 64K -c 1 -i 0 -E -1 -c 2 -i 2 /t/pfl
killed instantiated sh -c 'head -c 200000 /dev/urandom | "$LFS" write /t/pfl'
# import: the file linked into the namespace with its layout.
killed import-linked "$LFS" import -c 1 -i 1 tree/f1 /t/imp
# rm: killed once the inode's entries are gone, before its unlink.
killed index-forgotten "$LFS" rm /t/f9
[ -z "$("$LFS" find /t -name f9)" ] || "$LFS" rm /t/f9
exact

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
# A dead process that never appended (empty run file) leaves the index
# trusted; one of this boot that did (marked) does not.
: > "$IX/OST0002"
: > "$STORE/run/1.2"
expect_out "" "$LFS" find / --ost 2
cat /proc/sys/kernel/random/boot_id > "$STORE/run/1.2"
expect_out "$want" "$LFS" find / --ost 2
"$LFS" lfsck > /dev/null
expect_out "$want" "$LFS" find / --ost 2
exact
