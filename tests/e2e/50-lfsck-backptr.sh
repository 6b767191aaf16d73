# lfsck never destroys what a file may still need (issue 14, item 1):
# files it cannot read are named and their objects kept; objects no
# layout references go to /.lustre/lost+found, readable and removable;
# only --orphans --delete destroys them; --orphans needs the store's
# privilege. Every object points back to its file (user.lfs.pfid).
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 4 --ost-size 256M
head -c 3000000 /dev/urandom > data
sum=$(md5sum < data)
host() { echo "$STORE/mdt/ROOT$1"; }
lov() { getfattr -n user.lfs.lov -e hex "$(host "$1")" 2>/dev/null | sed -n 's/^user.lfs.lov=//p'; }
summary() { echo "lfsck: 0 swap(s) rolled forward, 0 rolled back, 0 leftover inode(s) destroyed, 0 size(s) fixed, $1"; }

# Every object carries a back-pointer naming its file's inode.
"$LFS" import -c 2 data /v
for ost in 0 1; do
	getfattr -n user.lfs.pfid -e hex "$(object_path $ost 1)" 2>/dev/null | grep -q '^user.lfs.pfid=0x4c504644' ||
		fail "object $ost:1 has no back-pointer"
done

# A layout that does not decode: the file is named, its objects kept; a
# dry run changes nothing, a real run rebuilds the layout from its
# objects' back-pointers (as Lustre's LFSCK does), --delete or not.
layout=$("$LFS" getstripe /v | grep -v lmm_layout_gen)
good=$(lov /v)
setfattr -n user.lfs.lov -v "${good:0:42}ff${good:44}" "$(host /v)"
before=$(store_state)
expect_out "lfsck: /v: not checked: layout is corrupt: Invalid argument
lfsck: kept object OST0000:1: no layout lfsck read references it, but its file was not checked
lfsck: kept object OST0001:1: no layout lfsck read references it, but its file was not checked
$(summary "0 orphan object(s) found, 2 kept, 0 layout(s) rebuilt, 1 file(s) not checked, 0 damaged (dry run: nothing changed)")" \
	"$LFS" lfsck --orphans --dry-run
[ "$(store_state)" = "$before" ] || fail "lfsck --dry-run changed the store"
expect_out "lfsck: /v: not checked: layout is corrupt: Invalid argument
lfsck: kept object OST0000:1: no layout lfsck read references it, but its file was not checked
lfsck: kept object OST0001:1: no layout lfsck read references it, but its file was not checked
lfsck: /v: layout rebuilt from the back-pointers of its 2 object(s)
$(summary "0 orphan object(s) removed, 2 kept, 1 layout(s) rebuilt, 1 file(s) not checked, 0 damaged")" \
	"$LFS" lfsck --orphans --delete
[ "$("$LFS" getstripe /v | grep -v lmm_layout_gen)" = "$layout" ] || fail "rebuilt layout of /v"
[ "$("$LFS" cat /v | md5sum)" = "$sum" ] || fail "/v lost data"

# Objects that do not make a whole layout (a small file migrated to 4
# stripes has one object: the others were never needed) are kept, the
# layout left for the admin; restored, the file reads whole.
head -c 1000 data > small
"$LFS" import small /t
"$LFS" migrate -c 4 /t
good=$(lov /t)
setfattr -n user.lfs.lov -v "${good:0:42}ff${good:44}" "$(host /t)"
out=$("$LFS" lfsck --orphans)
[ "$out" = "lfsck: /t: not checked: layout is corrupt: Invalid argument
$(echo "$out" | grep '^lfsck: kept object')
lfsck: /t: layout not rebuilt: the back-pointers of its 1 object(s) do not make a whole layout
$(summary "0 orphan object(s) moved to /.lustre/lost+found, 1 kept, 0 layout(s) rebuilt, 1 file(s) not checked, 0 damaged")" ] ||
	fail "incomplete objects: $out"
setfattr -n user.lfs.lov -v "$good" "$(host /t)"
"$LFS" cat /t | cmp -s - small || fail "/t lost data"

# A file lfsck cannot open read-write (immutable on the host): its layout
# still counts; only its size is not checked.
"$LFS" import -c 1 data /u
chattr +i "$(host /u)"
out=$("$LFS" lfsck --orphans)
chattr -i "$(host /u)"
[ "$out" = "lfsck: /u: size not checked: cannot open it read-write: Operation not permitted
$(summary "0 orphan object(s) moved to /.lustre/lost+found, 0 kept, 0 layout(s) rebuilt, 0 file(s) not checked, 0 damaged")" ] ||
	fail "immutable file: $out"
[ "$("$LFS" cat /u | md5sum)" = "$sum" ] || fail "/u lost data"

# A file removed behind lfs's back: its objects are orphans, and its OST
# index entry stale. A dry run changes nothing; then they become files of
# /.lustre/lost+found named after the parent's FID (Lustre's "-R-"),
# holding the bytes.
"$LFS" import -c 1 -i 3 data /w
read -r _ wid < <(objects_of /w)
ino=$(stat -c %i "$(host /w)")
fid=$(printf '[0x200000400:%#x:0x0]' "$ino")
rm "$(host /w)"
# And an object nothing points to: one put there by hand.
head -c 5000 data > "$(object_path 2 77)"
before=$(store_state)
expect_out "lfsck: orphan object OST0002:77 (no layout references it)
lfsck: orphan object OST0003:$wid (no layout references it)
lfsck: OST index: 0 entry(ies) missing, 1 stale
$(summary "2 orphan object(s) found, 0 kept, 0 layout(s) rebuilt, 0 file(s) not checked, 0 damaged (dry run: nothing changed)")" \
	"$LFS" lfsck --orphans --dry-run
[ "$(store_state)" = "$before" ] || fail "dry run changed the store"
# (The stale entry goes, unless the host gave its number to the new
# lost+found file of the same OST, which made it right again.)
"$LFS" lfsck --orphans > out
expect_out "lfsck: moved orphan object OST0002:77 (no layout references it) to /.lustre/lost+found/[0x100020000:0x4d:0x0]-N-0
lfsck: moved orphan object OST0003:$wid (no layout references it) to /.lustre/lost+found/$fid-R-0
$(summary "2 orphan object(s) moved to /.lustre/lost+found, 0 kept, 0 layout(s) rebuilt, 0 file(s) not checked, 0 damaged")" \
	grep -vx "lfsck: OST index: 0 entry(ies) missing, 1 stale, rewritten" out
[ "$("$LFS" cat "/.lustre/lost+found/$fid-R-0" | md5sum)" = "$sum" ] || fail "lost+found file of /w"
"$LFS" cat "/.lustre/lost+found/[0x100020000:0x4d:0x0]-N-0" | cmp -s - <(head -c 5000 data) ||
	fail "lost+found file of the stray object"
expect_out "$(summary "0 orphan object(s) moved to /.lustre/lost+found, 0 kept, 0 layout(s) rebuilt, 0 file(s) not checked, 0 damaged")" \
	"$LFS" lfsck --orphans
[ "$(objects_used)" = "$(usage_used)" ] || fail "usage after lost+found"
"$LFS" rm "/.lustre/lost+found/$fid-R-0"
[ ! -e "$(object_path 3 "$wid")" ] || fail "lfs rm left the lost+found file's object"

# --delete destroys orphans instead.
"$LFS" import -c 1 -i 3 data /x
read -r ost id < <(objects_of /x)
rm "$(host /x)"
expect_out "lfsck: removed orphan object OST0003:$id (no layout references it)
lfsck: OST index: 0 entry(ies) missing, 1 stale, rewritten
$(summary "1 orphan object(s) removed, 0 kept, 0 layout(s) rebuilt, 0 file(s) not checked, 0 damaged")" \
	"$LFS" lfsck --orphans --delete
[ ! -e "$(object_path "$ost" "$id")" ] || fail "--delete left the object"
expect_usage "error: lfs lfsck: --delete needs --orphans" "$LFS" lfsck --delete

# Only root or the store's owner may look for orphans, even in a store
# opened to other users.
"$LFS" import -c 1 data /y
read -r yost yid < <(objects_of /y)
rm "$(host /y)"
chmod -R a+rwX "$STORE"
chmod a+rx "$SCRATCH"
before=$(store_state)
expect_fail 1 "error: lfs lfsck: --orphans: only root or the owner of the store (uid 0) may look for orphans: Operation not permitted" \
	setpriv --reuid=65534 --regid=65534 --clear-groups "$LFS" lfsck --orphans
expect_fail 1 "error: lfs lfsck: --orphans: only root or the owner of the store (uid 0) may look for orphans: Operation not permitted" \
	setpriv --reuid=65534 --regid=65534 --clear-groups "$LFS" lfsck --orphans --dry-run
[ "$(store_state)" = "$before" ] || fail "a refused lfsck changed the store"
# The store's owner may: the orphan goes to lost+found, owned by it.
chown -R 65534:65534 "$STORE"
out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$LFS" lfsck --orphans)
echo "$out" | grep -q "^lfsck: moved orphan object $(printf 'OST%04x' "$yost"):$yid (no layout references it) to /.lustre/lost+found/" ||
	fail "the store's owner: $out"
