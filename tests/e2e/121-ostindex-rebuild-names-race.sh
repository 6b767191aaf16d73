# An lfsck's rebuild of the OST index (lib/ostindex.h) racing mv and ln:
# the rebuild scans the namespace under the index's exclusive flock, and
# a name that moves from a directory not scanned yet into one already
# scanned would hide its inode from the scan, which would then write an
# index without it (find --ost missing the file until the next lfsck).
# mv and ln held no lock the rebuild waits for. Now every name they make
# is made under the index's shared hold: they wait for the scan, so each
# is wholly before it or after it. Staged with LFS_FAULT_STOP: the lfsck
# stopped at its second directory of mdt/ROOT (the first one scanned, the
# second not yet: which is which is readdir's order, so each case moves a
# file each way), the other command run until it ends or waits.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 2
head -c 100000 /dev/urandom > f.in

# index_exact WHAT: the index lfsck wrote is what a walk of every layout
# says, and another lfsck has nothing to add or remove.
index_exact() {
	local out
	find_ost_same 0 1
	out=$("$LFS" lfsck --dry-run)
	! grep -q "OST index" <<<"$out" || fail "$1: index not exact: $out"
}

# race 'SCRIPT': lfs lfsck stopped in its scan of mdt/ROOT (/d1 and /d2),
# the shell command line SCRIPT run until it ends or waits for the index's
# lock, then the lfsck goes on; both must succeed.
race() {
	staged_race ostindex-scan-dir:2 "$STORE/mdt/OSTINDEX" "$1" "$LFS" lfsck
}

# 1. mv: /d1/f to /d2 and /d2/g to /d1, both while the scan is half-way.
"$LFS" mkdir /d1 /d2
"$LFS" import -c 2 f.in /d1/f
"$LFS" import -c 2 f.in /d2/g
"$LFS" lfsck > /dev/null
race "'$LFS' mv /d1/f /d2/f && '$LFS' mv /d2/g /d1/g"
expect_out "/d1/g
/d2/f" "$LFS" find / --ost 0 -type f
index_exact "mv during the rebuild"

# 2. ln, then rm of the old name: each file gets a name in the other
# directory and loses the one it had.
race "'$LFS' ln /d2/f /d1/f2 && '$LFS' rm /d2/f && '$LFS' ln /d1/g /d2/g2 && '$LFS' rm /d1/g"
expect_out "/d1/f2
/d2/g2" "$LFS" find / --ost 1 -type f
index_exact "ln and rm during the rebuild"
