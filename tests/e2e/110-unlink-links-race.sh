# rm of a name of a file that has other links, racing whatever removes
# another of its links (a second rm, a create's or a mv's PENDING entry):
# the last link's removal destroys the objects, once. rm took a name of a
# file with more than one link without the owner lock, so two removals
# each saw the other's link and neither destroyed: orphan objects, no
# name, no entry. Every new file briefly has two links (its name and its
# new.* entry), a replaced one too (replace.*). Each race is staged with
# LFS_FAULT_STOP (lib/fault.h): one side stopped where it has counted the
# links, the other run against it.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 4
head -c 300000 /dev/urandom > a.in
head -c 200000 /dev/urandom > x.in
# race POINT NAME 'HOLDER ARGS' 'OTHER ARGS': lfs HOLDER stopped at POINT
# (having taken the file NAME), lfs OTHER run until it ends or waits for a
# lock of NAME's inode, then HOLDER goes on; both must succeed.
race() {
	# shellcheck disable=SC2086
	staged_race "$1" "$STORE/mdt/ROOT$2" "'$LFS' $4" "$LFS" $3
}

# 1. Two rms of two links of one file: the first stopped where it has
# decided how its name goes, the second run meanwhile.
"$LFS" import -c 2 a.in /a
"$LFS" ln /a /b
race unlink-name /a "rm /a" "rm /b"
expect_out "" "$LFS" ls /
store_clean "two rms of two links" 0

# 2. rm of a new file while its creator holds both its name and its new.*
# entry, stopped where the entry's release has counted two links.
race pending-counted /f "setstripe -c 2 /f" "rm /f"
expect_fail 2 "error: lfs getstripe: /f: No such file or directory" "$LFS" getstripe /f
store_clean "rm during a create" 0

# 3. rm of one link while a mv replaces the other, stopped after its
# rename where the replace.* entry's release has counted two links.
"$LFS" import -c 2 a.in /a
"$LFS" ln /a /b
"$LFS" import -c 1 x.in /x
race pending-counted /a "mv /x /b" "rm /a"
expect_out "b" "$LFS" ls /
"$LFS" export /b b.out; cmp x.in b.out || fail "content of /b"
store_clean "rm during a mv onto the other link" 1
