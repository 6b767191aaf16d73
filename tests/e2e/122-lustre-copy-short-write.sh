# lfs migrate on a Lustre mount whose copy into the volatile is cut short
# (lib/backend_lustre.c lustre_copy): a short pwrite sets no errno, and the
# copy reported whatever errno an earlier call had left ("Invalid
# argument"). Now it writes the rest again and reports what that write
# says. A file size limit (ulimit -f, SIGXFSZ ignored) makes the short
# write: the write that crosses it is short, the next fails with EFBIG.
# The file keeps its data and its layout, and no volatile is left.
. "$(dirname "$0")/../e2e-lustre.sh"
head -c 300000 /dev/urandom > "$MNT/g"
cp "$MNT/g" ref
before=$(layout_xattr "$MNT/g")
limited() { bash -c 'ulimit -f 100; trap "" XFSZ; exec "$@"' _ "$@"; }
expect_fail 27 "error: lfs migrate: $MNT/g: data copy failed: File too large" \
	limited "$LFS" migrate -c 2 "$MNT/g"
cmp "$MNT/g" ref || fail "the failed migrate changed the data"
[ "$(layout_xattr "$MNT/g")" = "$before" ] || fail "the failed migrate changed the layout"
[ "$(ls -A "$MNT")" = g ] || fail "left behind: $(ls -A "$MNT")"
# Without the limit the same migrate goes through.
"$LFS" migrate -c 2 "$MNT/g"
cmp "$MNT/g" ref || fail "migrate changed the data"
