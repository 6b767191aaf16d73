# What belongs to Lustre's servers is refused on a client mount, with the
# command an admin runs instead, where (lctl's parameter and command names
# from Lustre 2.15.3: lfs_migrate.1's max_create_count, lctl.c's pool_*
# and lfsck_start); the servers' configuration is not changed.
. "$(dirname "$0")/../e2e-lustre.sh"
cd "$MNT"
conf=$([ -n "$REAL" ] || cat "$SRV/lfs-store.conf")
refused() {   # refused 'WHERE: COMMAND' lfs-args...
	local want=$1; shift
	expect_fail 95 "error: lfs $1: on a Lustre client this is the servers' work; run $want" "$LFS" "$@"
}
refused "on the MDS: lctl set_param osp.${FS}-OST0003*.max_create_count=0" ost nocreate 3
refused "on the MDS: lctl set_param osp.${FS}-OST0001*.max_create_count=20000" ost create 1
refused "on the MDS: lctl set_param osp.${FS}-OST0002*.active=0" ost deactivate 2
refused "on the MDS: lctl set_param osp.${FS}-OST0002*.active=1" ost activate 2
refused "on the OSS: lctl set_param obdfilter.${FS}-OST0000.degraded=1" ost degrade 0
refused "on the OSS: lctl set_param obdfilter.${FS}-OST0000.degraded=0" ost undegrade 0
refused "on the MGS: lctl conf_param ${FS}-OST0001.osc.active=0" ost remove 1
refused "on the new OSS: mkfs.lustre --ost --fsname=${FS} --index=INDEX --mgsnode=MGSNID DEVICE" ost add
refused "on the MGS: lctl pool_new ${FS}.flash" pool new flash
refused "on the MGS: lctl pool_new ${FS}.flash" pool new ${FS}.flash
refused "on the MGS: lctl pool_add ${FS}.flash OST_INDEXES" pool add flash 1 2
refused "on the MGS: lctl pool_remove ${FS}.flash OST_INDEXES" pool remove flash 1
refused "on the MGS: lctl pool_destroy ${FS}.flash" pool destroy flash
refused "on the MDS: lctl lfsck_start -M ${FS}-MDT0000 -A" lfsck
refused "on each server: mkfs.lustre --fsname=NAME --mgs|--mdt|--ost --index=N DEVICE ($MNT/new is on a Lustre mount)" mkfs "$MNT/new"
expect_fail 22 "error: lfs ost: x: give the OST index" "$LFS" ost nocreate x
[ -n "$REAL" ] || [ "$(cat "$SRV/lfs-store.conf")" = "$conf" ] || fail "the servers changed"
[ ! -e "$MNT/new" ] || fail "mkfs made $MNT/new"
rest_real "needs the double's servers (another fsname, the store)"
# The filesystem's name is the servers' (llapi_search_fsname).
"$LFS" mkfs --fsname scratch --osts 2 "$SCRATCH/srv2" > /dev/null
LLAPI_DOUBLE_SERVERS="$SCRATCH/srv2" refused "on the MDS: lctl set_param osp.scratch-OST0001*.max_create_count=0" ost nocreate 1
# Off the mount the store is used as always.
cd "$SCRATCH"
LFS_STORE="$SRV" "$LFS" ost nocreate 3
grep -qx 'ost 3 capacity=268435456 state=active nocreate=1 degraded=0' "$SRV/lfs-store.conf" ||
	fail "store: $(cat "$SRV/lfs-store.conf")"
