# A damaged store: LAST_ID rewound, corrupt or missing (issue 14 item 2).
# Each case checks the exact message, that no live object is reused and
# that nothing was lost.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 2 --ost-size 64M

objid() { "$LFS" getstripe "$1" | awk '$1 == "0" && NF == 4 { print $2 }'; }
same() { "$LFS" export "$1" got; cmp -s "$2" got || fail "content of $1 changed"; }

# ---- LAST_ID behind the objects: new ids skip past the largest one.
for i in 1 2 3; do head -c $((100000 * i)) /dev/urandom > f$i; "$LFS" import -c 1 -i 0 f$i /f$i; done
# Each process reserves a batch of 1024 ids: objects 1, 1025, 2049.
[ "$(objid /f3)" = 2049 ] || fail "f3 has object $(objid /f3)"
"$LFS" rm /f2                 # 1025 gone: 1 and 2049 remain
echo 0 > "$STORE/ost/OST0000/LAST_ID"
head -c 150000 /dev/urandom > new
err=$("$LFS" import -c 1 -i 0 new /new 2>&1) || fail "import after a rewind: $err"
[ "$err" = "warning: lfs import: OST0000: LAST_ID 0 is behind existing object 2049; advanced to 2050" ] ||
	fail "rewind warning: $err"
[ "$(objid /new)" = 2050 ] || fail "/new got object $(objid /new), not a fresh one"
[ "$(cat "$STORE/ost/OST0000/LAST_ID")" -ge 2050 ] || fail "LAST_ID not advanced"
same /f1 f1; same /f3 f3; same /new new
"$LFS" rm /new
same /f1 f1; same /f3 f3
# A second command finds LAST_ID sound: no warning.
err=$("$LFS" import -c 1 -i 0 new /new2 2>&1) || fail "import: $err"
[ -z "$err" ] || fail "warning again: $err"
[ "$(usage_used)" = "$(objects_used)" ] || fail "usage $(usage_used) != objects $(objects_used)"
# migrate -j workers have store handles of their own: they warn too.
echo 0 > "$STORE/ost/OST0000/LAST_ID"
err=$("$LFS" migrate -j 2 -c 1 -i 0 -S 2M /f1 /f3 2>&1 >/dev/null) || fail "migrate -j: $err"
echo "$err" | grep -q "^warning: lfs migrate: OST0000: LAST_ID 0 is behind existing object [0-9]*; advanced to [0-9]*$" ||
	fail "migrate -j after a rewind: $err"
same /f1 f1; same /f3 f3; same /new2 new

# ---- Ids stop below 2^48 (Lustre's IDIF_MAX_OID for sequence 0).
echo 281474976710654 > "$STORE/ost/OST0000/LAST_ID"
"$LFS" import -c 1 -i 0 new /last
[ "$(objid /last)" = 281474976710655 ] || fail "/last got $(objid /last)"
echo 281474976710655 > "$STORE/ost/OST0000/LAST_ID"
unchanged 28 "error: lfs import: /x: OST0000: no object ids left after 281474976710655 (the limit is 2^48 per sequence)" \
	"$LFS" import -c 1 -i 0 new /x
echo 18446744073709551615 > "$STORE/ost/OST0000/LAST_ID"
unchanged 28 "error: lfs import: /x: OST0000: no object ids left after 18446744073709551615 (the limit is 2^48 per sequence)" \
	"$LFS" import -c 1 -i 0 new /x
"$LFS" rm /last /new2

# ---- Damaged or missing LAST_ID: the store's damage, which lfsck rebuilds.
echo abc > "$STORE/ost/OST0000/LAST_ID"
unchanged 117 "error: lfs import: /x: OST0000: LAST_ID is damaged, not an object id (lfs lfsck rebuilds it)" \
	"$LFS" import -c 1 -i 0 new /x
rm "$STORE/ost/OST0000/LAST_ID"
unchanged 117 "error: lfs import: /x: OST0000: LAST_ID is missing: the store is damaged (lfs lfsck rebuilds it)" \
	"$LFS" import -c 1 -i 0 new /x
max=$(find "$STORE/ost/OST0000/O" -path '*/d*/*' -type f -printf '%f\n' | sort -n | tail -1)
out=$("$LFS" lfsck --dry-run)
echo "$out" | grep -qx "lfsck: OST0000: LAST_ID was missing; would be rebuilt as $max" || fail "lfsck --dry-run: $out"
[ ! -e "$STORE/ost/OST0000/LAST_ID" ] || fail "dry run rebuilt LAST_ID"
out=$("$LFS" lfsck)
echo "$out" | grep -qx "lfsck: OST0000: LAST_ID was missing; rebuilt as $max" || fail "lfsck: $out"
echo 5 > "$STORE/ost/OST0000/LAST_ID"
out=$("$LFS" lfsck)
echo "$out" | grep -qx "lfsck: OST0000: LAST_ID 5 is behind existing object $max; rebuilt as $max" || fail "lfsck: $out"
"$LFS" import -c 1 -i 0 new /x
[ "$(objid /x)" = $((max + 1)) ] || fail "/x got object $(objid /x)"
same /f1 f1; same /f3 f3; same /x new

# ---- A layout naming an OST the store does not have (item 9): reported
# as damage, removable, and recovery goes on past it.
rm -rf "$STORE"
mkstore --osts 4 --ost-size 64M
head -c 3000000 /dev/urandom > big
for f in a a2; do "$LFS" import -c 4 big /$f; done
"$LFS" import -c 1 -i 0 big /keep
"$LFS" import -c 1 -i 1 big /keep2
sed -i -e 's/^osts 4$/osts 2/' -e '/^ost [23] /d' "$STORE/lfs-store.conf"
D="/a: layout names OST0002, which the store does not have (it has 2 OSTs): the file is damaged"
out=$("$LFS" getstripe /a 2>err) && fail "getstripe of a damaged file succeeded"
echo "$out" | grep -q '^	     3	 ' || fail "getstripe did not show the layout: $out"
[ "$(cat err)" = "error: lfs getstripe: $D" ] || fail "getstripe: $(cat err)"
unchanged 19 "error: lfs cat: $D" "$LFS" cat /a
unchanged 19 "error: lfs export: $D" "$LFS" export /a out
unchanged 19 "error: lfs truncate: $D" "$LFS" truncate -s 0 /a
unchanged 19 "error: lfs write: $D" "$LFS" write /a < /dev/null
unchanged 19 "error: lfs setstripe: $D" "$LFS" setstripe -c 1 /a
unchanged 19 "error: lfs migrate: /a: layout names an OST the filesystem does not have: the file is damaged: No such device" \
	"$LFS" migrate -c 1 /a
# rm removes it, destroying the objects that exist.
objects() { find "$STORE/ost/OST0000/O" "$STORE/ost/OST0001/O" -type f | wc -l; }
n=$(objects)
"$LFS" rm /a2
[ "$(objects)" = $((n - 2)) ] || fail "rm of a damaged file left its objects: $(objects) of $n"
[ -z "$(ls "$STORE/mdt/PENDING")" ] || fail "rm left $(ls "$STORE/mdt/PENDING")"
# Killed mid-rm, the damaged file sits in PENDING: the next writer's
# recovery destroys what it can and goes on.
status=0; LFS_FAULT=unlink-pending "$LFS" rm /a 2>/dev/null || status=$?
[ $status = 137 ] || fail "rm was not killed at unlink-pending ($status)"
[ -n "$(ls "$STORE/mdt/PENDING")" ] || fail "nothing in PENDING"
"$LFS" import -c 1 -i 0 big /after || fail "a writer after the crash failed"
[ -z "$(ls "$STORE/mdt/PENDING")" ] || fail "recovery left $(ls "$STORE/mdt/PENDING")"
[ "$(objects)" = $((n - 4 + 1)) ] || fail "recovery left objects: $(objects)"
same /keep big; same /keep2 big
# An entry recovery cannot finish is reported, kept, and the rest goes on.
obj=$(find "$STORE/ost/OST0000/O" -name "$(objid /keep)")
status=0; LFS_FAULT=unlink-pending "$LFS" rm /keep 2>/dev/null || status=$?
[ $status = 137 ] || fail "rm was not killed ($status)"
pend=$(ls "$STORE/mdt/PENDING")
rm "$obj"; mkdir -p "$obj/x"      # an object that cannot be destroyed
status=0; LFS_FAULT=unlink-pending "$LFS" rm /keep2 2>/dev/null || status=$?
[ $status = 137 ] || fail "rm was not killed ($status)"
"$LFS" import -c 1 -i 0 big /after2 || fail "a writer after two crashes failed"
[ "$(ls "$STORE/mdt/PENDING")" = "$pend" ] || fail "PENDING: $(ls "$STORE/mdt/PENDING")"
status=0; out=$("$LFS" lfsck 2>err) || status=$?
[ $status = 117 ] || fail "lfsck exited $status"
echo "$out" | grep -qx "lfsck: mdt/PENDING/$pend: cannot finish it: Is a directory; kept for the next lfsck" ||
	fail "lfsck: $out"
[ "$(cat err)" = "error: lfs lfsck: 1 entry(ies) could not be finished (see above)" ] || fail "lfsck: $(cat err)"
rm -r "$obj"
out=$("$LFS" lfsck) || fail "lfsck after the repair: $out"
[ -z "$(ls "$STORE/mdt/PENDING")" ] || fail "PENDING: $(ls "$STORE/mdt/PENDING")"
same /after big; same /after2 big

# ---- Pool names (item 7): Lustre's rule wherever a name enters the
# configuration, control bytes escaped in messages, and a configuration
# an older lfs damaged with such a name still opens and can be repaired.
rm -rf "$STORE"
mkstore --osts 4 --ost-size 64M
"$LFS" pool new flash
"$LFS" pool add flash 0 1
"$LFS" import -c 1 -p flash big /m
R="can contain only alphanumeric characters, underscores, and dashes"
unchanged 22 "error: lfs pool: pool name 'a b' $R" "$LFS" pool new 'a b'
unchanged 22 "error: lfs pool: pool name 'a\tb' $R" "$LFS" pool new $'a\tb'
unchanged 22 "error: lfs pool: pool name 'z\nfsname evil' $R" "$LFS" pool new $'z\nfsname evil'
unchanged 22 "error: lfs pool: pool name 'x\x1b[31m' $R" "$LFS" pool new $'x\e[31m'
unchanged 22 "error: lfs pool: pool name 'a/b' $R" "$LFS" pool new lustre.a/b
unchanged 22 "error: lfs pool: pool name 'a b' $R" "$LFS" pool add 'a b' 2
unchanged 22 "error: lfs setstripe: pool name 'a b' $R" "$LFS" setstripe -p 'a b' /s
unchanged 22 "error: lfs import: pool name 'a b' $R" "$LFS" import -p 'a b' big /s
unchanged 22 "error: lfs migrate: pool name 'a b' $R" "$LFS" migrate -p 'a b' /m
"$LFS" getstripe -y /m | sed 's/lmm_pool: *flash/lmm_pool: "a b"/' > bad.yaml
unchanged 22 "error: lfs setstripe: --yaml bad.yaml: line 6: lmm_pool: pool name 'a b' $R" \
	"$LFS" setstripe --yaml bad.yaml /s
expect_fail 22 "error: lfs mkfs: invalid fsname 'a\nb': 1 to 8 letters, digits or '_'" \
	"$LFS" mkfs --fsname $'a\nb' other
[ ! -e other ] || fail "mkfs with a bad fsname created something"

# Lines an older lfs wrote for such names: reported (escaped), ignored,
# kept; every command still works, and pool destroy of the name undoes it.
conf="$STORE/lfs-store.conf"
printf 'pool a b\npool c\td\npool z\nfsname evil\nbogus \001\n' >> "$conf"
W="warning: lfs pool: lfs-store.conf line"
want="$W 10: ignored malformed entry 'pool a b'
$W 11: ignored malformed entry 'pool c\\td'
$W 13: ignored malformed entry 'fsname evil'
$W 14: ignored malformed entry 'bogus \\x01'"
out=$("$LFS" pool list 2>err) || fail "pool list on a damaged configuration failed"
[ "$out" = "lustre.flash
lustre.z" ] || fail "pool list: $out"
[ "$(cat err)" = "$want" ] || fail "warnings:
$(cat err)"
before=$(cat "$conf")
"$LFS" cat /m 2>/dev/null | cmp -s - big || fail "cat on a damaged configuration"
[ "$(cat "$conf")" = "$before" ] || fail "a reader changed the configuration"
"$LFS" import -c 1 -p flash big /m2 2>/dev/null || fail "import on a damaged configuration"
"$LFS" pool new q 2>/dev/null
grep -qx 'pool a b' "$conf" || fail "a configuration write dropped a damaged line"
"$LFS" pool destroy 'a b' 2>/dev/null
"$LFS" pool destroy $'c\td' 2>/dev/null
"$LFS" pool destroy $'z\nfsname evil' 2>/dev/null
WB="$W 11: ignored malformed entry 'bogus \\x01'"
unchanged 2 "$WB
error: lfs pool: pool lustre.nope not found" "$LFS" pool destroy nope
unchanged 22 "$WB
error: lfs pool: pool name 'x y' $R" "$LFS" pool destroy 'x y'
out=$("$LFS" pool list 2>err)
[ "$out" = "lustre.flash
lustre.q" ] || fail "pool list after the repair: $out"
[ "$(cat err)" = "$WB" ] || fail "after the repair: $(cat err)"
same /m big; same /m2 big
# A damaged line the store cannot do without is an error naming it, escaped.
sed -i 's/^fsname lustre$/fsname a\x01b/' "$conf"
expect_fail 22 "error: lfs pool: $STORE: lfs-store.conf line 3: malformed entry 'fsname a\x01b'" "$LFS" pool list

# ---- A journal record recovery cannot finish keeps its volatile: killed
# after the source took the new layout, the volatile still names the new
# objects, and destroying it would destroy the file's data.
rm -rf "$STORE"
mkstore --osts 2 --ost-size 64M
"$LFS" import -c 1 -i 0 big /m
old="$STORE/ost/OST0000/O/0/d$(( $(objid /m) % 32 ))/$(objid /m)"
status=0; LFS_FAULT=source-swapped "$LFS" migrate -c 2 /m 2>/dev/null || status=$?
[ $status = 137 ] || fail "migrate was not killed at source-swapped ($status)"
vol=$(ls "$STORE/mdt/PENDING")
rec=$(ls "$STORE/mdt/JOURNAL")
chattr +i "$old"                  # the old object cannot be destroyed
trap 'chattr -i "$old" 2>/dev/null || true' EXIT
status=0; out=$("$LFS" lfsck 2>err) || status=$?
[ $status = 117 ] || fail "lfsck exited $status"
echo "$out" | grep -qx "lfsck: mdt/JOURNAL/$rec: cannot finish it: Operation not permitted; kept for the next lfsck" ||
	fail "lfsck: $out"
echo "$out" | grep -qx "lfsck: kept mdt/PENDING/$vol: the record of its interrupted swap is not finished" ||
	fail "lfsck: $out"
[ "$(ls "$STORE/mdt/PENDING")" = "$vol" ] || fail "PENDING: $(ls "$STORE/mdt/PENDING")"
[ "$(ls "$STORE/mdt/JOURNAL")" = "$rec" ] || fail "JOURNAL: $(ls "$STORE/mdt/JOURNAL")"
same /m big
chattr -i "$old"
out=$("$LFS" lfsck) || fail "lfsck after the repair: $out"
echo "$out" | grep -qx "lfsck: 1 swap(s) rolled forward, 0 rolled back, 0 leftover inode(s) destroyed, 0 size(s) fixed, 0 file(s) not checked, 0 damaged" ||
	fail "lfsck after the repair: $out"
[ -z "$(ls -A "$STORE/mdt/PENDING" "$STORE/mdt/JOURNAL" | grep -v '^/\|^$')" ] ||
	fail "left: $(ls "$STORE/mdt/PENDING" "$STORE/mdt/JOURNAL")"
[ ! -e "$old" ] || fail "the old object was not destroyed"
same /m big
[ "$(usage_used)" = "$(objects_used)" ] || fail "usage $(usage_used) != objects $(objects_used)"

# ---- lfsck rebuilds LAST_ID past every id a layout names, not only past
# the objects present: migrate does not create an object no byte of the
# file reaches, and its id must not go to another file.
rm -rf "$STORE"
mkstore --osts 2 --ost-size 64M
head -c 2M /dev/urandom > big2
"$LFS" import -c 1 -i 0 big2 /big
echo hi > hi; "$LFS" write -c 1 -i 0 /small < hi
"$LFS" migrate -c 2 -i 0 /big /small
ids1() { "$LFS" getstripe "$1" | awk '$1 == "1" && NF == 4 { print $2 }'; }
[ "$(ids1 /small)" = 2 ] || fail "/small's stripe 1 is $(ids1 /small)"
[ ! -e "$STORE/ost/OST0001/O/0/d2/2" ] || fail "OST0001 object 2 was created"
echo 0 > "$STORE/ost/OST0001/LAST_ID"
expect_out "lfsck: OST0001: LAST_ID 0 is behind layout-named object 2; would be rebuilt as 2
lfsck: 0 swap(s) rolled forward, 0 rolled back, 0 leftover inode(s) destroyed, 0 size(s) fixed, 0 file(s) not checked, 0 damaged (dry run: nothing changed)" \
	"$LFS" lfsck --dry-run
expect_out "lfsck: OST0001: LAST_ID 0 is behind layout-named object 2; rebuilt as 2
lfsck: 0 swap(s) rolled forward, 0 rolled back, 0 leftover inode(s) destroyed, 0 size(s) fixed, 0 file(s) not checked, 0 damaged" \
	"$LFS" lfsck
echo NEWFILE > nf; "$LFS" write -c 1 -i 1 /new < nf
id=$(ids1 /new)
[ "$id" -gt 2 ] || fail "/new got OST0001 id $id, which /small names"
"$LFS" rm /small
same /new nf; same /big big2

# ---- FSNAME.POOL names a pool of FSNAME: another filesystem's is
# refused (the MGS: "x is not defined"), not taken for ours.
"$LFS" pool new lustre.ok
unchanged 22 "error: lfs pool: x is not defined" "$LFS" pool new x.y
unchanged 22 "error: lfs pool: x is not defined" "$LFS" pool add x.ok 0
unchanged 22 "error: lfs pool: x is not defined" "$LFS" pool destroy x.ok
unchanged 22 "error: lfs pool: lustr is not defined" "$LFS" pool new lustr.y
unchanged 22 "error: lfs pool: a\nb is not defined" "$LFS" pool new $'a\nb.y'
unchanged 22 "error: lfs pool: argument .y must be <fsname>.<poolname>" "$LFS" pool new .y
expect_out "lustre.ok" "$LFS" pool list

# ---- A dry run says what it would do to a stray PENDING entry, and does
# nothing (it used to say "destroyed" and leave the entry).
touch "$STORE/mdt/PENDING/junk"
out=$("$LFS" lfsck --dry-run)
echo "$out" | grep -qx "lfsck: would destroy leftover volatile inode junk" || fail "dry run note: $out"
[ -e "$STORE/mdt/PENDING/junk" ] || fail "lfsck --dry-run removed a PENDING entry"
out=$("$LFS" lfsck)
echo "$out" | grep -qx "lfsck: destroyed leftover volatile inode junk" || fail "lfsck note: $out"
[ ! -e "$STORE/mdt/PENDING/junk" ] || fail "lfsck left the PENDING entry"
