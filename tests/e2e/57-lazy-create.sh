# Objects created lazily (issue 14, items 1, 2, 11): the first write that
# reaches an object no byte of its file reached before makes it, or finds
# it made. What it finds must point back to the file: an id that LAST_ID,
# set back, handed to another file is that file's object, never shared.
# And a writer holding a file open while rm destroys its objects is
# refused rather than recreate objects nothing names.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 2 --ost-size 256M
head -c 2M /dev/urandom > big.dat
"$LFS" import -c 1 -i 0 big.dat /big
echo hi | "$LFS" write -c 1 -i 0 /small
"$LFS" migrate -c 2 -i 0 /big /small
# /small's second stripe: an OST0001 id no object holds yet.
{ read -r _; read -r ost id; } < <(objects_of /small)
[ "$ost" = 1 ] && [ ! -e "$(object_path 1 "$id")" ] || fail "setup: /small's stripe 1 exists"
echo 0 > "$STORE/ost/OST0001/LAST_ID"
echo NEWFILE | "$LFS" write -c 1 -i 1 /new 2>/dev/null
[ "$(objects_of /new)" = "1 $id" ] || fail "setup: /new did not get /small's id $id: $(objects_of /new)"

# Writes reaching that object are refused before any byte is written,
# whether the write starts in the foreign object or before it.
theirs="error: lfs write: /small: object OST0001:$id belongs to another file"
head -c 1100000 /dev/zero | tr '\0' Z > z.in
unchanged 117 "$theirs" sh -c '"$LFS" write -a /small < z.in'
unchanged 117 "$theirs" sh -c 'echo x | "$LFS" write --offset 1048576 /small'
unchanged 117 "error: lfs truncate: /small: object OST0001:$id belongs to another file" \
	"$LFS" truncate -s 2M /small
expect_out NEWFILE "$LFS" cat /new
expect_out hi "$LFS" cat /small
# An object there without a back-pointer is no more this file's.
setfattr -x user.lfs.pfid "$(object_path 1 "$id")"
unchanged 117 "$theirs" sh -c 'echo x | "$LFS" write --offset 1048576 /small'

# The file's own object, made before any byte reached it (a grow then a
# cut keeps it), is found and written.
"$LFS" rm /new
"$LFS" truncate -s 2M /big
"$LFS" truncate -s 0 /big
{ read -r _; read -r ost id; } < <(objects_of /big)
[ -e "$(object_path "$ost" "$id")" ] || fail "setup: truncate made no object"
echo own | "$LFS" write --offset 1048576 /big
[ "$("$LFS" cat /big | tail -c 4)" = own ] || fail "write to the file's own empty object"

# A writer that has /r open when rm destroys its objects: its next write
# is refused, nothing is recreated. The input comes through a fifo, so the
# rm falls between its two writes.
rm -rf "$STORE"; mkstore --osts 2 --ost-size 256M
"$LFS" setstripe -c 2 /r
mkfifo in.fifo
"$LFS" write -a /r < in.fifo 2>err & wpid=$!
exec 3> in.fifo
head -c 1M /dev/zero | tr '\0' a >&3
until [ "$(stat -c %s "$STORE/mdt/ROOT/r")" = 1048576 ]; do :; done
"$LFS" rm /r
head -c 1M /dev/zero | tr '\0' b >&3 || :      # the writer stops reading
exec 3>&-
st=0; wait $wpid || st=$?
[ $st = 116 ] || fail "write to a removed file: status $st ($(cat err))"
[ "$(cat err)" = "error: lfs write: /r: file was removed while open for writing (1048576 bytes written before the error were kept)" ] ||
	fail "write to a removed file: $(cat err)"
[ "$(objects_used)" = 0 ] && [ "$(usage_used)" = 0 ] || fail "objects $(objects_used), usage $(usage_used) after rm"
"$LFS" lfsck --orphans --dry-run | grep -q ", 0 orphan object(s) found" || fail "orphans after rm of an open file"
