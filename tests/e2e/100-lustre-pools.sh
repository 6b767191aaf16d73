# The pools on a Lustre client mount (llapi_get_poollist,
# llapi_get_poolmembers against the double): `pool list` as on a store,
# Lustre's `pool_list FSNAME|FSNAME.POOL|PATH`, the library's own
# "Pools from"/"Pool:" lines not printed twice (lfs sets LLAPI_MSG_OFF),
# and migrate's "already in place" check asking the pool's members.
. "$(dirname "$0")/../e2e-lustre.sh"
skip_real "compares with the exact pools it makes on the double's servers (and changes them)"
cd "$MNT"
mkdir sub
expect_out "" "$LFS" pool list
S() { LFS_STORE="$SRV" "$LFS" "$@"; }
S pool new flash; S pool add flash 1 3; S pool new slow
expect_out "lustre.flash
lustre.slow" "$LFS" pool list
members="Pool: lustre.flash
lustre-OST0001_UUID
lustre-OST0003_UUID"
expect_out "$members" "$LFS" pool list flash
expect_out "$members" "$LFS" pool list lustre.flash
expect_out "Pool: lustre.slow" "$LFS" pool list slow
expect_out "$members" "$LFS" pool_list lustre.flash
pools="Pools from lustre:
lustre.flash
lustre.slow"
expect_out "$pools" "$LFS" pool_list lustre
expect_out "$pools" "$LFS" pool_list "$MNT/sub"
(cd sub && expect_out "$pools" "$LFS" pool_list ../sub/) || exit 1
expect_fail 2 "error: lfs pool: pool lustre.nope not found" "$LFS" pool list nope
expect_fail 2 "error: lfs pool_list: pool lustre.nope not found" "$LFS" pool_list lustre.nope
expect_fail 2 "error: lfs pool_list: Lustre filesystem 'other' not found" "$LFS" pool_list other
expect_fail 2 "error: lfs pool_list: pool other.flash not found" "$LFS" pool_list other.flash
expect_fail 22 "error: lfs pool: pool name 'a b' can contain only alphanumeric characters, underscores, and dashes" "$LFS" pool list 'a b'
expect_fail 4 "$("$LFS" pool list a b 2>&1 >/dev/null)" "$LFS" pool list a b
# More pools than the first arrays hold: grown on -EOVERFLOW.
"$LFS" mkfs --osts 40 --ost-size 1M "$SCRATCH/many" > /dev/null
for i in $(seq -w 1 40); do LFS_STORE="$SCRATCH/many" "$LFS" pool new "p$i"; done
LFS_STORE="$SCRATCH/many" "$LFS" pool add p01 0-39
for args in "" p01; do
	LFS_STORE="$SCRATCH/many" "$LFS" pool list $args > "$SCRATCH/many.want"
	LLAPI_DOUBLE_SERVERS="$SCRATCH/many" "$LFS" pool list $args > "$SCRATCH/many.got"
	[ "$(wc -l < "$SCRATCH/many.got")" -ge 40 ] || fail "many: $(cat "$SCRATCH/many.got")"
	cmp "$SCRATCH/many.got" "$SCRATCH/many.want" || fail "many $args: $(cat "$SCRATCH/many.got")"
done
# Another filesystem's servers: its name and pools.
"$LFS" mkfs --fsname scratch --osts 2 "$SCRATCH/srv2" > /dev/null
LFS_STORE="$SCRATCH/srv2" "$LFS" pool new p0
LLAPI_DOUBLE_SERVERS="$SCRATCH/srv2" expect_out "scratch.p0" "$LFS" pool list
# Already in place: on OSTs of the pool asked for, skipped; once an OST
# left the pool, moved onto the pool's OSTs.
"$LFS" setstripe -p flash -c 2 f
printf 'pool data\n' > f
[ "$(osts_of f)" = "1,3" ] || fail "f on $(osts_of f)"
expect_out "f: already in the requested layout (OSTs 1,3), skipped" "$LFS" migrate -v -p flash -c 2 f
S pool remove flash 3; S pool add flash 0
expect_out "f: migrated from OSTs 1,3 to OSTs 0,1" "$LFS" migrate -v -p flash -c 2 f
[ "$(cat f)" = "pool data" ] || fail "data: $(cat f)"
expect_out "f: already in the requested layout (OSTs 0,1), skipped" "$LFS" migrate -v -p flash -c 2 f
S pool remove flash 0; S pool add flash 2
expect_out "f: migrated from OSTs 0,1 to OSTs 1,2" "$LFS" migrate -v -p flash -c 2 f
"$LFS" getstripe -p f | grep -qx flash || fail "pool: $("$LFS" getstripe -p f)"
# A pool emptied and destroyed holds no OST back (as on a store).
S pool remove flash 1 2; S pool destroy flash
expect_out "f: already in the requested layout (OSTs 1,2), skipped" "$LFS" migrate -v -p flash -c 2 f
[ "$(cat f)" = "pool data" ] || fail "data: $(cat f)"
