# Finding liblustreapi: a missing library, or one without a call lfs
# needs, is one line naming what was looked for; nothing is changed. A
# store selected keeps its paths, and off the mount nothing loads.
. "$(dirname "$0")/../e2e-lustre.sh"
echo data > "$MNT/f"
"$LFS" getstripe "$MNT/f" > /dev/null
count=$("$LFS" getstripe -c "$MNT/f")
[ -n "$REAL" ] || [ "$count" = 1 ] || fail "count $count"

st=0; LFS_LUSTREAPI="$SCRATCH/none.so" "$LFS" getstripe "$MNT/f" 2> err || st=$?
[ "$st" = 65 ] || fail "status $st"
expect_out "error: lfs getstripe: $MNT/f: Lustre client library $SCRATCH/none.so not found (dlopen: $SCRATCH/none.so: cannot open shared object file: No such file or directory)" cat err
# Unset, the soname Lustre 2.15 installs is looked for (on a real client
# it is there).
if [ -z "$REAL" ]; then
	st=0; env -u LFS_LUSTREAPI "$LFS" migrate -c 2 "$MNT/f" 2> err || st=$?
	[ "$st" = 65 ] || fail "status $st"
	grep -qx "error: lfs migrate: $MNT/f: Lustre client library liblustreapi.so.1 not found (dlopen: .*)" err ||
		fail "no soname: $(cat err)"
fi
# A library that is not liblustreapi (zlib): its first missing call named.
# (awk reads all of ldconfig's output: an early exit would be a SIGPIPE.)
zlib=$(ldconfig -p | awk '/libz\.so\.1 / && !z { z = $NF } END { print z }')
[ -n "$zlib" ] || fail "no libz.so.1 on this host"
expect_fail 65 "error: lfs setstripe: $MNT/g: Lustre client library $zlib has no llapi_layout_get_by_path (Lustre 2.15 or later is needed)" \
	env LFS_LUSTREAPI="$zlib" "$LFS" setstripe -c 2 "$MNT/g"
[ ! -e "$MNT/g" ] || fail "setstripe made $MNT/g"
expect_out "$count" "$LFS" getstripe -c "$MNT/f"

# Off the mount no library is needed: the store's usual error.
expect_fail 2 "error: lfs getstripe: no store found: use --store DIR, set LFS_STORE, or run inside a store (create one with 'lfs mkfs DIR')" \
	env LFS_LUSTREAPI="$SCRATCH/none.so" "$LFS" getstripe "$SCRATCH/elsewhere"
# A store selected: paths are its namespace paths, the mount is not looked at.
"$LFS" mkfs --osts 2 "$SCRATCH/st" > /dev/null
expect_fail 2 "error: lfs getstripe: $MNT/f: No such file or directory" \
	env LFS_STORE="$SCRATCH/st" LFS_LUSTREAPI="$SCRATCH/none.so" "$LFS" getstripe "$MNT/f"
expect_fail 2 "error: lfs getstripe: $MNT/f: No such file or directory" \
	env LFS_LUSTREAPI="$SCRATCH/none.so" "$LFS" -s "$SCRATCH/st" getstripe "$MNT/f"
