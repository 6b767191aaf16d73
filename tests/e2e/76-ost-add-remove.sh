# lfs ost add / remove: growing and shrinking the store, OSTs on other
# host directories (--path), a moved store, a missing OST directory.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 2 --ost-size 64M
E="error: lfs ost"

# 1. Add one OST in the store: the next index, the last OST's size.
expect_out "added lustre-OST0002_UUID (index 2) at $STORE/ost/OST0002" "$LFS" ost add
[ -f "$STORE/ost/OST0002/LAST_ID" ] || fail "OST0002 not made"
grep -qx "ost 2 capacity=67108864 state=active nocreate=0 degraded=0" "$STORE/lfs-store.conf" ||
	fail "conf: $(cat "$STORE/lfs-store.conf")"
"$LFS" df | grep -q "lustre-OST0002_UUID  *65536 " || fail "df: $("$LFS" df)"
# It joins the allocator at once: a file over all OSTs uses it.
head -c 300000 /dev/urandom > f.in
"$LFS" import -c -1 -S 64K f.in /wide
expect_out 3 "$LFS" getstripe -c /wide
objects_of /wide | grep -q '^2 ' || fail "no object on OST 2"

# 2. --count and --path: another host directory, recorded absolute
# outside the store and relative inside it.
mkdir "$SCRATCH/disk"
expect_out "added lustre-OST0003_UUID (index 3) at $SCRATCH/disk/OST0003
added lustre-OST0004_UUID (index 4) at $SCRATCH/disk/OST0004" \
	"$LFS" ost add --count 2 --size 32M --path "$SCRATCH/disk"
grep -qx "ost 3 capacity=33554432 state=active nocreate=0 degraded=0 path=$SCRATCH/disk/OST0003" \
	"$STORE/lfs-store.conf" || fail "conf: $(cat "$STORE/lfs-store.conf")"
mkdir "$STORE/inner"
expect_out "added lustre-OST0005_UUID (index 5) at $STORE/inner/OST0005" \
	"$LFS" ost add --path "$STORE/inner"
grep -qx "ost 5 capacity=33554432 state=active nocreate=0 degraded=0 path=inner/OST0005" \
	"$STORE/lfs-store.conf" || fail "conf: $(cat "$STORE/lfs-store.conf")"
"$LFS" import -o 3,5 -S 64K f.in /out
"$LFS" export /out o.out && cmp f.in o.out

# 3. Refusals: exact messages, nothing changed.
ext_state() { find "$SCRATCH/disk" | sort; }
before_ext=$(ext_state)
unchanged 22 "$E: invalid OST count '0': 1 to 1024" "$LFS" ost add --count 0
unchanged 22 "$E: invalid OST count 'x': 1 to 1024" "$LFS" ost add --count x
unchanged 22 "$E: invalid size 'big'" "$LFS" ost add --size big
unchanged 2 "$E: $SCRATCH/nowhere: No such file or directory" "$LFS" ost add --path "$SCRATCH/nowhere"
touch "$SCRATCH/plain"
unchanged 20 "$E: $SCRATCH/plain: Not a directory" "$LFS" ost add --path "$SCRATCH/plain"
mkdir "$SCRATCH/disk2"; mkdir "$SCRATCH/disk2/OST0006"
unchanged 17 "$E: $SCRATCH/disk2/OST0006: already exists" "$LFS" ost add --path "$SCRATCH/disk2"
rmdir "$SCRATCH/disk2/OST0006"
expect_usage "ost: list OSTs, change an OST's state, add or remove OSTs" "$LFS" ost add extra
unchanged 19 "$E: OST 9 does not exist (the filesystem has 6 OSTs)" "$LFS" ost remove 9
unchanged 22 "$E: x: not an OST index or UUID" "$LFS" ost remove x
unchanged 39 "$E: OST0002: holds 1 object; drain it first (lfs ost nocreate 2; lfs find / --ost 2 | lfs migrate --files-from -)" "$LFS" ost remove 2
unchanged 39 "$E: OST0003: holds 1 object; drain it first (lfs ost nocreate 3; lfs find / --ost 3 | lfs migrate --files-from -)" "$LFS" ost remove 3
# An object no byte reaches is not created: OST 4 holds none of /lazy's,
# yet its layout names OST 4.
head -c 1000 f.in > small.in
"$LFS" import -o 0 small.in /lazy
"$LFS" migrate -o 0,4 /lazy
objects_of /lazy | grep -q '^4 ' || fail "/lazy does not name OST 4"
[ -z "$(find "$SCRATCH"/disk/OST0004/O -type f)" ] || fail "OST 4 holds objects"
unchanged 39 "$E: OST0004: named by 1 layout; drain it first (lfs ost nocreate 4; lfs find / --ost 4 | lfs migrate --files-from -)" "$LFS" ost remove 4
[ "$(ext_state)" = "$before_ext" ] || fail "a refusal changed $SCRATCH/disk"

# 4. Remove an OST once empty: a tombstone, its index never reused.
"$LFS" ost nocreate 2
"$LFS" find / --ost 2 | "$LFS" migrate --files-from -
"$LFS" ost remove 2
[ ! -e "$STORE/ost/OST0002" ] || fail "OST0002's directory stayed"
grep -qx "ost 2 capacity=67108864 state=inactive nocreate=1 degraded=0 removed=1" "$STORE/lfs-store.conf" ||
	fail "no tombstone: $(cat "$STORE/lfs-store.conf")"
"$LFS" ost list | grep -q OST0002 && fail "ost list shows a removed OST"
"$LFS" df | grep -q OST0002 && fail "df shows a removed OST"
expect_out "0 1 3 4 5" "$LFS" -e 'local t = {} for _, o in ipairs(lfs.osts()) do
	t[#t + 1] = o.index .. (o.unavailable and "U" or "") end print(table.concat(t, " "))'
unchanged 19 "$E: OST0002 was removed (ost remove)" "$LFS" ost remove 2
unchanged 19 "$E: OST0002 was removed (ost remove)" "$LFS" ost nocreate 2
expect_out "added lustre-OST0006_UUID (index 6) at $STORE/ost/OST0006" "$LFS" ost add
for i in $(seq 8); do "$LFS" import -c -1 f.in /many.$i; done
"$LFS" find / --ost 2 | grep -q . && fail "an object was placed on a removed OST"
"$LFS" pool new p1
"$LFS" pool add p1 1 3
# A layout naming a removed OST is reported as such, not as corrupt.
"$LFS" import -o 4 f.in /on4
"$LFS" find / --ost 4 | "$LFS" migrate -o 1 --files-from -
"$LFS" ost remove 4
"$LFS" lfsck >/dev/null

# 5. The store moved: relative OSTs follow, absolute ones stay found.
mv "$STORE" "$SCRATCH/moved"
STORE=$SCRATCH/moved; export LFS_STORE=$STORE
"$LFS" export /out o2.out && cmp f.in o2.out
"$LFS" ost list | grep -q "^5 .*active   -" || fail "OST 5 lost after the move: $("$LFS" ost list)"

# 6. A missing OST directory: that OST is unavailable, the store is not
# corrupt; reads of its objects fail naming it; back when it returns.
mv "$SCRATCH/disk/OST0003" "$SCRATCH/away"
"$LFS" ost list | grep -q "^3 .*inactive U " || fail "ost list: $("$LFS" ost list)"
expect_out "3 inactive true" "$LFS" -e 'for _, o in ipairs(lfs.osts()) do
	if o.index == 3 then print(o.index .. " " .. o.state .. " " .. tostring(o.unavailable)) end end'
"$LFS" df -v | grep -q "lustre-OST0003_UUID *: inactive device" || fail "df: $("$LFS" df -v)"
expect_fail 123 "error: lfs export: /out: object OST0003:1 is on an unavailable OST ($SCRATCH/disk/OST0003: No such file or directory): No medium found" \
	"$LFS" export /out o3.out
"$LFS" import -c -1 f.in /after
objects_of /after | grep -q '^3 ' && fail "an object was placed on an unavailable OST"
"$LFS" ls / >/dev/null
mv "$SCRATCH/away" "$SCRATCH/disk/OST0003"
"$LFS" export /out o4.out && cmp f.in o4.out
"$LFS" ost list | grep -q "^3 .*active   -" || fail "OST 3 not back: $("$LFS" ost list)"

# The last OST is not removed: a store without one takes no object.
mkdir last && "$LFS" mkfs --osts 1 last/store >/dev/null
before=$(cd last/store && find . -printf '%p %s %m\n' | sort; cat lfs-store.conf)
LFS_STORE=$PWD/last/store expect_fail 16 "$E: OST0000: the store's last OST; add another first (lfs ost add)" \
	"$LFS" ost remove 0
[ "$before" = "$(cd last/store && find . -printf '%p %s %m\n' | sort; cat lfs-store.conf)" ] ||
	fail "a refused remove of the last OST changed the store"
