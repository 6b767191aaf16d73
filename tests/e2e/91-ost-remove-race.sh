# ost remove against layouts in flight: no layout naming a removed OST
# ever lands. The count of the layouts naming the OST runs under the
# configuration lock every layout write holds shared, it includes
# mdt/PENDING (a migration's volatile, a file being created) and OST lists
# (-o) of components and directory defaults, and a layout allocated before
# the removal but written after it is refused.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 4
E="error: lfs ost"

# 1. A migration in flight whose volatile names OST 3 without an object
# there (no byte reaches its stripe): the removal is refused, and the
# file ends on OST 1 and 3 as asked.
head -c 300000 /dev/urandom > m.in
"$LFS" import -o 0 m.in /m
"$LFS" migrate -W 100K -c 2 -S 1M -o 1,3 /m 2>m.err & mpid=$!
for _ in $(seq 200); do
	[ -n "$(find "$STORE/mdt/PENDING" -mindepth 1)" ] && break; sleep 0.02
done
[ -n "$(find "$STORE/mdt/PENDING" -mindepth 1)" ] || fail "the migration is not in flight"
[ -z "$(find "$STORE/ost/OST0003/O" -type f)" ] || fail "an object on OST 3: the test needs none"
expect_fail 39 "$E: OST0003: named by 1 layout; drain it first (lfs ost nocreate 3; lfs find / --ost 3 | lfs migrate --files-from -)" \
	"$LFS" ost remove 3
kill -0 $mpid 2>/dev/null || fail "the migration ended before the removal was tried: lower its -W"
wait $mpid || fail "migrate: $(cat m.err)"
expect_out "1
3" sh -c "\"$LFS\" getstripe /m | awk '\$1 ~ /^[0-9]+\$/ && NF == 4 { print \$1 }'"
"$LFS" export /m m.out; cmp m.in m.out || fail "content of /m"

# 2. A file allocated on OST 2 (-o 2) and stopped before its layout is
# written (LFS_FAULT_STOP): OST 2 holds nothing and no layout names it, so
# it is removed; the create then resumes and is refused, leaving nothing.
LFS_FAULT=create-allocated LFS_FAULT_STOP=1 "$LFS" setstripe -o 2 -c 1 /late 2>late.err & spid=$!
for _ in $(seq 200); do
	[ "$(awk '{ print $3 }' /proc/$spid/stat 2>/dev/null)" = T ] && break; sleep 0.02
done
[ "$(awk '{ print $3 }' /proc/$spid/stat)" = T ] || fail "setstripe did not stop at create-allocated"
"$LFS" ost remove 2
kill -CONT $spid
st=0; wait $spid || st=$?
[ $st = 19 ] || fail "setstripe after the removal: status $st ($(cat late.err))"
[ "$(cat late.err)" = "error: lfs setstripe: /late: OST0002 was removed (ost remove)" ] ||
	fail "setstripe after the removal: $(cat late.err)"
expect_fail 2 "error: lfs getstripe: /late: No such file or directory" "$LFS" getstripe /late
"$LFS" find / --ost 2 | grep -q . && fail "a layout names removed OST 2"
"$LFS" lfsck >/dev/null
[ -z "$(find "$STORE/mdt/PENDING" -mindepth 1)" ] || fail "PENDING not empty"

# 3. An OST list naming the OST in a directory default, or in a component
# not instantiated yet, keeps it too.
"$LFS" mkdir /d
"$LFS" setstripe -o 1 -c 1 /d
expect_fail 39 "$E: OST0001: holds 1 object; drain it first (lfs ost nocreate 1; lfs find / --ost 1 | lfs migrate --files-from -)" \
	"$LFS" ost remove 1
"$LFS" migrate -o 0,3 -c 2 /m
expect_fail 39 "$E: OST0001: named by 1 layout; drain it first (lfs ost nocreate 1; lfs find / --ost 1 | lfs migrate --files-from -)" \
	"$LFS" ost remove 1
"$LFS" setstripe -d /d
"$LFS" setstripe -E 1M -c 1 -o 0 -E -1 -c 1 -o 1 /pfl
expect_fail 39 "$E: OST0001: named by 1 layout; drain it first (lfs ost nocreate 1; lfs find / --ost 1 | lfs migrate --files-from -)" \
	"$LFS" ost remove 1
"$LFS" rm /pfl
"$LFS" ost remove 1
expect_out "0 3" "$LFS" -e 'local t = {} for _, o in ipairs(lfs.osts()) do
	t[#t + 1] = o.index end print(table.concat(t, " "))'
