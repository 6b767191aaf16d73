# Helpers for the end-to-end tests on a Lustre client mount (95-99): source
# this instead of e2e-lib.sh. They run against the liblustreapi test double
# (tests/lustre/, docs/lustre.md): $MNT is the directory treated as the
# mount (LFS_LUSTRE_TEST_MOUNT), $SRV the embedded store that models its
# servers (OSTs, pools; LLAPI_DOUBLE_SERVERS), $LLAPI_DOUBLE the library
# (make e2e sets it) loaded through LFS_LUSTREAPI. No store is selected:
# paths on the mount go to the client.
. "$(dirname "$0")/../e2e-lib.sh"
: "${LLAPI_DOUBLE:?the test double: make e2e sets it}"
unset LFS_STORE
MNT="$SCRATCH/mnt"
SRV="$SCRATCH/servers"
mkdir -p "$MNT"
"$LFS" mkfs --osts 4 --ost-size 256M "$SRV" > /dev/null
export LFS_LUSTRE_TEST_MOUNT="$MNT" LLAPI_DOUBLE_SERVERS="$SRV" LFS_LUSTREAPI="$LLAPI_DOUBLE"

# The OSTs of a file on the mount, "0,3", as getstripe's object table says.
osts_of() { "$LFS" getstripe "$1" | awk '$1 ~ /^[0-9]+$/ && NF == 4 { printf "%s%s", n++ ? "," : "", $1 } END { print "" }'; }
# What the double keeps as the file's layout (its xattr), to compare; a
# file made by a host tool gets its layout when first asked (getstripe).
layout_xattr() {
	"$LFS" getstripe "$1" > /dev/null
	getfattr --absolute-names --only-values -n user.lfs-double.lov "$1" | od -An -tx1
}
