# The migrate protocol's refusals on a Lustre mount (the liblustreapi test
# double): a non-blocking migration whose lease a writer breaks, one that
# cannot get the lease, and a blocking one whose data version a writer
# moves, each fail with lfs.c's words and leave the file as it was.
. "$(dirname "$0")/../e2e-lustre.sh"
skip_real "needs the double's hooks to put a writer at an exact step of the protocol"

head -c 2000000 /dev/urandom > "$MNT/f"
cp "$MNT/f" ref
layout=$(layout_xattr "$MNT/f")

# A writer opens the file once the lease is held: the lease breaks (the
# kernel's lease, given up by the double as the MDS revokes one), the copy
# sees it.
expect_fail 16 "error: lfs migrate: $MNT/f: data copy failed: Device or resource busy" \
	env LLAPI_DOUBLE_HOOK_LEASE="exec 3>>'$MNT/f'" "$LFS" migrate -n -c 2 "$MNT/f"
cmp "$MNT/f" ref || fail "the file changed"
[ "$(layout_xattr "$MNT/f")" = "$layout" ] || fail "the layout changed"
[ "$(ls -A "$MNT")" = f ] || fail "left behind: $(ls -A "$MNT")"

# A writer holding the file open: no lease at all.
exec 3>> "$MNT/f"
expect_fail 16 "error: lfs migrate: $MNT/f: cannot get lease: Device or resource busy" \
	"$LFS" migrate -n -c 2 "$MNT/f"
exec 3>&-
[ "$(layout_xattr "$MNT/f")" = "$layout" ] || fail "the layout changed"

# Blocking: a write between DV1 and the swap (here once the group lock is
# held; Lustre's group lock would make it wait, a host file's write does
# not) moves the data version: llapi_fswap_layouts(SWAP_LAYOUTS_CHECK_DV1)
# refuses with EAGAIN, lfs.c's "file changed".
expect_fail 11 "error: lfs migrate: $MNT/f: file changed: Resource temporarily unavailable" \
	env LLAPI_DOUBLE_HOOK_GROUP_LOCK="printf more >> '$MNT/f'" "$LFS" migrate -c 2 "$MNT/f"
{ cat ref; printf more; } | cmp - "$MNT/f" || fail "the write was lost"
[ "$(layout_xattr "$MNT/f")" = "$layout" ] || fail "the layout changed"

# A truncate once the lease is held, in a non-blocking run: the size
# read after DV1 (migrate.c's check before the copy) sees it first,
# lfs.c's "source file changed".
expect_fail 11 "error: lfs migrate: $MNT/f: source file changed: Resource temporarily unavailable" \
	env LLAPI_DOUBLE_HOOK_LEASE="dd of='$MNT/f' bs=1 seek=100 count=0 status=none" "$LFS" migrate -n -c 2 "$MNT/f"
head -c 100 ref | cmp - "$MNT/f" || fail "the truncate was lost"

# With nothing in the way, it goes through. (A second migration meanwhile
# cannot be staged here: a blocking one waits for the group lock, as on
# Lustre, and a non-blocking one gets no lease while this one holds the
# file open for writing, as the MDS refuses it.)
"$LFS" migrate -n -c 2 "$MNT/f"
expect_out 2 "$LFS" getstripe -c "$MNT/f"
head -c 100 ref | cmp - "$MNT/f" || fail "the data changed"
