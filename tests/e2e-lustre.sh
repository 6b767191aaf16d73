# Helpers for the end-to-end tests on a Lustre client mount (95-107):
# source this instead of e2e-lib.sh. No store is selected: paths on the
# mount go to the client.
#
# Under make e2e they run against the liblustreapi test double
# (tests/lustre/, docs/lustre.md): $MNT is the directory treated as the
# mount (LFS_LUSTRE_TEST_MOUNT), $SRV the embedded store that models its
# servers (OSTs, pools; LLAPI_DOUBLE_SERVERS), $LLAPI_DOUBLE the library
# (make e2e sets it) loaded through LFS_LUSTREAPI.
#
# Under make check-lustre MOUNT=... (tests/check-lustre.sh) LFS_E2E_MOUNT
# is a scratch directory of a real Lustre client mount and the real
# liblustreapi.so.1 is loaded: no double, no servers to change ($SRV
# empty, $REAL 1). A case that needs what only the double gives (its
# servers' pools and OST states made by the test, its hooks) ends the test
# with a "SKIP: NAME: why" line (skip_real, need_pool, need_osts).
# LFS_E2E_REHEARSAL (e2e 108 only) keeps the double loaded as the "real"
# library, its servers made by the caller, to run this mode here.
. "$(dirname "$0")/../e2e-lib.sh"
unset LFS_STORE
REAL=
if [ -n "${LFS_E2E_MOUNT:-}" ]; then
	REAL=1
	[ -n "${LFS_E2E_REHEARSAL:-}" ] || unset LFS_LUSTREAPI LFS_LUSTRE_TEST_MOUNT LLAPI_DOUBLE_SERVERS
	MNT="$LFS_E2E_MOUNT/$(basename "$0" .sh)"
	SRV=
	mkdir "$MNT"
	FS=$("$LFS" df "$MNT" | awk -F'[-_]' '/-MDT0000_UUID/ { print $1; exit }')
else
	: "${LLAPI_DOUBLE:?the test double: make e2e sets it}"
	MNT="$SCRATCH/mnt"
	SRV="$SCRATCH/servers"
	FS=lustre
	mkdir -p "$MNT"
	"$LFS" mkfs --osts 4 --ost-size 256M "$SRV" > /dev/null
	export LFS_LUSTRE_TEST_MOUNT="$MNT" LLAPI_DOUBLE_SERVERS="$SRV" LFS_LUSTREAPI="$LLAPI_DOUBLE"
fi

# On a real mount, end the test here: the rest needs the double.
skip_real() {
	[ -z "$REAL" ] && return 0
	echo "SKIP: $(basename "$0" .sh): $*"
	exit 0
}
# On a real mount, end the test here having passed so far: the rest needs
# the double.
rest_real() {
	[ -z "$REAL" ] && return 0
	echo "PART: $(basename "$0" .sh): $*"
	exit 0
}
# need_osts N: the test's placements are the double's, on N OSTs: a real
# filesystem must have exactly N.
need_osts() {
	local n
	[ -z "$REAL" ] && return 0
	n=$("$LFS" df "$MNT" | grep -c '^[^ ]*-OST[0-9a-f]*_UUID ')
	[ "$n" = "$1" ] && return 0
	echo "SKIP: $(basename "$0" .sh): its placements assume $1 OSTs, $MNT has $n"
	exit 0
}
# need_pool NAME OST...: pool NAME holding exactly those OSTs. The double's
# servers get it; a real filesystem must have it already (made on the
# MGS), else the test ends with the lctl lines to make it.
need_pool() {
	local name=$1 want got
	shift
	if [ -z "$REAL" ]; then
		LFS_STORE="$SRV" "$LFS" pool new "$name"
		[ $# = 0 ] || LFS_STORE="$SRV" "$LFS" pool add "$name" "$@"
		return 0
	fi
	want=$(for i in "$@"; do printf '%s-OST%04x_UUID\n' "$FS" "$i"; done)
	got=$(cd "$MNT" && "$LFS" pool list "$name" 2> /dev/null | grep '_UUID$' | sort)
	if ! (cd "$MNT" && "$LFS" pool list "$name" > /dev/null 2>&1) || [ "$got" != "$(echo "$want" | sort)" ]; then
		echo "SKIP: $(basename "$0" .sh): needs pool $FS.$name of OSTs $* (on the MGS: lctl pool_new $FS.$name; lctl pool_add $FS.$name OST[$(echo "$@" | tr ' ' ',')])"
		exit 0
	fi
}

# The OSTs of a file on the mount, "0,3", as getstripe's object table says.
osts_of() { "$LFS" getstripe "$1" | awk '$1 ~ /^[0-9]+$/ && NF == 4 { printf "%s%s", n++ ? "," : "", $1 } END { print "" }'; }
# The file's layout as kept (the double: its xattr; Lustre: lustre.lov),
# to compare; a file made by a host tool gets its layout when first asked
# (getstripe).
layout_xattr() {
	"$LFS" getstripe "$1" > /dev/null
	local name=user.lfs-double.lov
	[ -z "$REAL" ] || [ -n "${LFS_E2E_REHEARSAL:-}" ] || name=lustre.lov
	getfattr --absolute-names --only-values -n "$name" "$1" | od -An -tx1
}

# Comparing with a store (115-117): ref_store MKFS-OPTIONS makes the
# double's servers anew and $REF, a store made alike (S and R run lfs on
# each; ref_pool NAME OST... makes a pool on both); `both CMD ARGS...`
# runs lfs CMD on the mount and on $REF, an argument starting "M:" naming
# $MNT's path there and the store's path here ("M:/d": "$MNT/d", "/d").
# Both must end with the same status and print the same stdout and stderr
# (the mount's $MNT left out); both's own are the mount's. `vals` prints
# the values of both's field lines on one line; `kept` the mount's
# layouts as kept and the store's, to show that a refusal changed nothing.
ref_store() {
	REF="$SCRATCH/ref"
	rm -rf "$SRV"
	"$LFS" mkfs "$@" "$SRV" > /dev/null
	"$LFS" mkfs "$@" "$REF" > /dev/null
}
S() { LFS_STORE="$SRV" "$LFS" "$@"; }
R() { LFS_STORE="$REF" "$LFS" "$@"; }
ref_pool() {
	local name=$1 s
	shift
	for s in S R; do $s pool new "$name"; $s pool add "$name" "$@"; done
}
vals() { both "$@" | awk 'NF { print $NF }' | paste -sd' '; }
kept() {
	local f
	for f in "$MNT"/*; do echo "$f"; layout_xattr "$f" 2> /dev/null || true; done
	R getstripe -r -y /
}
both() {
	local sm=0 ss=0 d="$SCRATCH/both"
	mkdir -p "$d"
	"$LFS" "${@/#M:/$MNT}" > "$d/mo" 2> "$d/me" || sm=$?
	LFS_STORE="$REF" "$LFS" "${@/#M:/}" > "$d/so" 2> "$d/se" || ss=$?
	sed -i "s|$MNT||g" "$d/mo" "$d/me"
	if [ "$sm" != "$ss" ] || ! cmp -s "$d/mo" "$d/so" || ! cmp -s "$d/me" "$d/se"; then
		fail "'$*': the mount and the store differ:
--- mount (status $sm)
$(cat "$d/mo" "$d/me")
--- store (status $ss)
$(cat "$d/so" "$d/se")"
	fi
	cat "$d/mo"
	cat "$d/me" >&2
	return "$sm"
}
