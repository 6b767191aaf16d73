# lua/scripts/pool_move.lua through lfs -f: old and big files of pool
# flash move to pool disk keeping their geometry; --help, bad arguments,
# a dry run, a run killed half-way and its rerun, then the data, the
# layouts and df.
. "$(dirname "$0")/../e2e-proc.sh"
mkstore --osts 4 --ost-size 256M
"$LFS" pool new flash; "$LFS" pool add flash 0,1
"$LFS" pool new disk; "$LFS" pool add disk 2,3
"$LFS" pool new empty

# host/fNN of NN * 50000 bytes; f01-f08 modified 60 days ago, the rest
# today. The candidates: old and of 150000 bytes or more (f03-f08).
make_files host 12 50000
for i in 01 02 03 04 05 06 07 08; do touch -d '60 days ago' "host/f$i"; done
"$LFS" mkdir /hot
"$LFS" setstripe -p flash -c 2 /hot
"$LFS" import host /hot
# A PFL file in flash (old, big): it keeps its two components, in disk.
head -c 2500000 /dev/urandom > host/pfl
touch -d '60 days ago' host/pfl
"$LFS" setstripe -E 1M -c 1 -p flash -E eof -c 2 /hot/pfl
"$LFS" write /hot/pfl < host/pfl
"$LFS" touch -d "$(date -d '60 days ago' '+%Y-%m-%d %H:%M:%S')" /hot/pfl
# A file in no pool, old and big: not a candidate.
"$LFS" import -c 1 host/f06 /nopool
want_moved=$(printf '/hot/%s\n' f03 f04 f05 f06 f07 f08 pfl)

help_ok pool_move
proc_usage "error: pool_move: missing DSTPOOL" "$LFS" -f pool_move flash
proc_usage "error: pool_move: invalid pool name 'a.b'" "$LFS" -f pool_move a.b disk
proc_usage "error: pool_move: SRCPOOL and DSTPOOL are the same pool 'disk'" "$LFS" -f pool_move disk disk
proc_usage "error: pool_move: invalid number of days 'x'" "$LFS" -f pool_move flash disk --older-than x
proc_usage "error: pool_move: invalid size '1Q'" "$LFS" -f pool_move flash disk --min-size 1Q
unchanged 22 "error: pool_move: pool 'nope' does not exist" "$LFS" -f pool_move flash nope
unchanged 22 "error: pool_move: pool 'empty' has no OSTs" "$LFS" -f pool_move flash empty

args=(flash disk --older-than 30 --min-size 150000)
dry_run dry.out "$LFS" -f pool_move "${args[@]}" --dry-run
[ "$(sed -n 's/^would move \(.*\) ([0-9.]* [KM]*i*B) from pool flash to disk$/\1/p' dry.out)" = "$want_moved" ] ||
	fail "dry run plan: $(cat dry.out)"
tail -1 dry.out | grep -qx 'pool_move: pool flash -> disk: dry run: 7 files would migrate, [0-9.]* MiB would move; nothing changed' ||
	fail "dry run summary: $(tail -1 dry.out)"

# Killed after its 3rd swap; lfsck settles the one in flight; the rerun
# moves the rest and does not touch what moved.
set +e
LFS_FAULT=swapped:3 "$LFS" -f pool_move "${args[@]}" >kill.out 2>&1
st=$?
set -e
[ $st = 137 ] || fail "killed run: status $st: $(cat kill.out)"
"$LFS" lfsck >/dev/null
left=$("$LFS" find /hot --pool flash -type f -mtime +30 -size +149999 | wc -l)
[ "$left" -lt 7 ] && [ "$left" -gt 0 ] || fail "after the kill: $left files left"
"$LFS" -f pool_move "${args[@]}" >run.out 2>run.err || fail "rerun: $(cat run.out run.err)"
[ "$(summary pool_move run.out)" = "pool_move: pool flash -> disk: $left files: $left migrated, 0 skipped, 0 busy, 0 failed; X in Xs" ] ||
	fail "rerun summary: $(cat run.out run.err)"
[ ! -s run.err ] || fail "rerun stderr: $(cat run.err)"

# Pools, geometry, OSTs: the candidates in disk on OSTs 2 and 3, the rest
# where it was.
[ "$("$LFS" find / --pool disk -type f)" = "$want_moved" ] || fail "in disk: $("$LFS" find / --pool disk -type f)"
[ "$("$LFS" find / --pool flash -type f)" = "$(printf '/hot/%s\n' f01 f02 f09 f10 f11 f12)" ] ||
	fail "in flash: $("$LFS" find / --pool flash -type f)"
for f in f03 f04 f05 f06 f07 f08; do
	expect_out 2 "$LFS" getstripe -c "/hot/$f"
	[ "$(objects_of "/hot/$f" | cut -d' ' -f1 | sort | tr '\n' ' ')" = "2 3 " ] ||
		fail "/hot/$f: objects on $(objects_of "/hot/$f")"
done
expect_out 2 "$LFS" getstripe --component-count /hot/pfl
pfl=$("$LFS" getstripe /hot/pfl)
[ "$(sed -n 's/^ *lmm_stripe_count: *//p; s/^ *lmm_pool: *//p' <<< "$pfl" | tr '\n' ' ')" = "1 disk 2 disk " ] ||
	fail "/hot/pfl: $pfl"
[ "$(sed -n 's/.*l_ost_idx: \([0-9]*\),.*/\1/p' <<< "$pfl" | sort -u | tr '\n' ' ')" = "2 3 " ] ||
	fail "/hot/pfl objects: $pfl"
expect_out "" "$LFS" getstripe -p /nopool
same_content /hot host
"$LFS" cat /nopool | cmp -s - host/f06 || fail "/nopool: content"
# df: flash's OSTs hold only what stayed there.
[ "$("$LFS" df -p disk | awk '/OST/ { s += $3 } END { print s }')" -gt 0 ] || fail "df -p disk: nothing"
clean_store pool_move

# Nothing left to move: a rerun changes nothing.
before=$(snapshot)
"$LFS" -f pool_move "${args[@]}" >again.out || fail "third run: $(cat again.out)"
[ "$(summary pool_move again.out)" = "pool_move: pool flash -> disk: 0 files: 0 migrated, 0 skipped, 0 busy, 0 failed; X in Xs" ] ||
	fail "third run: $(cat again.out)"
[ "$before" = "$(snapshot)" ] || fail "the third run changed the store"
