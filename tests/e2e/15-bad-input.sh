# Bad input: each case prints one exact error line, exits with the errno
# (a malformed option value: the usage follows, status 4) and changes
# nothing in the store.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 4 --ost-size 64M
head -c 100000 /dev/urandom > small
"$LFS" import -c 1 small /good
"$LFS" setstripe -c 1 /has-layout
mkdir "$STORE/mdt/ROOT/dir"

E="error: lfs setstripe:"
# A malformed option value: lfs_setstripe_internal's progname is "lfs
# setstripe" and its messages add argv[0] again (2.15.3 lfs.c 3511-3512;
# "%s %s: invalid stripe size '%s'" 3959, count 3677, offset 3763,
# component end 3735), no "error: ".
U="lfs setstripe setstripe:"

# unchanged_usage 'first stderr line' cmd...: a usage error (a malformed
# option value: lfs_setstripe_internal's "goto usage_error") that changes
# nothing in the store.
unchanged_usage() {
	local before
	before=$(store_state)
	expect_usage "$@"
	[ "$before" = "$(store_state)" ] || fail "'${*:2}' changed the store"
}

# Stripe size: a multiple of 64 KiB, below 4 GiB.
unchanged_usage "$U invalid stripe size '100k'" "$LFS" setstripe -S 100k /a
unchanged_usage "$U invalid stripe size '65537'" "$LFS" setstripe -S 65537 /a
unchanged 22 "$E stripe size '4294967296' over 4GB limit" "$LFS" setstripe -S 4G /a
unchanged 22 "$E stripe size '8589934592' over 4GB limit" "$LFS" setstripe -S 8G /a
# Stripe count -1..2000, offset -1..65532.
unchanged_usage "$U invalid stripe count '2001'" "$LFS" setstripe -c 2001 /a
unchanged_usage "$U invalid stripe count '-2'" "$LFS" setstripe -c -2 /a
unchanged_usage "$U invalid stripe offset '65533'" "$LFS" setstripe -i 65533 /a
unchanged_usage "$U invalid stripe offset '-2'" "$LFS" setstripe -i -2 /a
# OST lists.
unchanged 19 "$E OST 9 does not exist" "$LFS" setstripe -o 9 /a
unchanged 19 "$E OST 4 does not exist" "$LFS" setstripe -o 0,4 /a
unchanged 22 "$E stripe_count(3) != nr_tgts(2)" "$LFS" setstripe -c 3 -o 1,2 /a
unchanged 22 "$E Invalid stripe offset '3', not in the target list" "$LFS" setstripe -o 1,2 -i 3 /a
# An -i the filesystem lacks.
unchanged 22 "$E OST 4 does not exist" "$LFS" setstripe -i 4 /a
# Pools.
unchanged 22 "$E /a: pool 'lustre.nopool' does not exist" "$LFS" setstripe -p nopool /a
# Too long: llapi_stripe_param_verify's llapi_error (liblustreapi.c 474-480).
unchanged 22 "lfs setstripe: Invalid Poolname 'sixteencharslong': Invalid argument (22)" "$LFS" setstripe -p sixteencharslong /a
unchanged 22 "$E pool name 'sixteencharslong' is too long (max is 15 characters)" "$LFS" setstripe -E 1M -p sixteencharslong -E -1 /a
unchanged 22 "$E pool name 'ignore' is reserved" "$LFS" setstripe -p ignore /a
unchanged 22 "$E pool name 'inherit' is reserved" "$LFS" setstripe -p inherit /a
# Component ends: aligned to 64 KiB, increasing.
unchanged_usage "$U invalid component end '100k'" "$LFS" setstripe -E 100k -c 1 -E -1 /a
unchanged 22 "$E Component end is before end of previous component" "$LFS" setstripe -E 2M -c 1 -E 1M -c 2 /a
# A file that already has a layout.
unchanged 17 "$E /has-layout: stripe already set: File exists" "$LFS" setstripe -c 2 /has-layout
# Paths: escaping the namespace, missing, a directory for a file.
unchanged 22 "$E /../x: path escapes the filesystem root" "$LFS" setstripe -c 1 /../x
unchanged 22 "$E /dir/../../x: path escapes the filesystem root" "$LFS" setstripe -c 1 /dir/../../x
unchanged 2 "error: lfs getstripe: /missing: No such file or directory" "$LFS" getstripe /missing
unchanged 2 "$E /nodir/x: No such file or directory" "$LFS" setstripe -c 1 /nodir/x
unchanged 2 "error: lfs cat: /missing: No such file or directory" "$LFS" cat /missing
unchanged 21 "error: lfs write: /dir: Is a directory" "$LFS" write /dir < small
unchanged 21 "error: lfs cat: /dir: Is a directory" "$LFS" cat /dir
unchanged 21 "error: lfs truncate: /dir: Is a directory" "$LFS" truncate -s 1 /dir
unchanged 21 "error: lfs export: /dir: Is a directory" "$LFS" export /dir out
[ ! -e out ] || fail "export of a directory made a host file"

# Pools and OST states (lctl's side): errors change nothing.
"$LFS" pool new flash
"$LFS" pool add flash 1 2
P="error: lfs pool:"
unchanged 17 "$P pool lustre.flash already exists" "$LFS" pool new flash
unchanged 19 "$P OST 9 does not exist (the filesystem has 4 OSTs)" "$LFS" pool add flash 9
unchanged 17 "$P lustre-OST0001_UUID is already in pool lustre.flash" "$LFS" pool add flash 1
unchanged 39 "$P pool lustre.flash is not empty: remove its OSTs first" "$LFS" pool destroy flash
unchanged 2 "$P lustre-OST0003_UUID is not in pool lustre.flash" "$LFS" pool remove flash 3
unchanged 2 "$P pool lustre.nope not found" "$LFS" pool destroy nope
unchanged 22 "$P pool name 'sixteencharslong' is too long (max is 15 characters)" "$LFS" pool new sixteencharslong
unchanged 19 "error: lfs ost: OST 9 does not exist (the filesystem has 4 OSTs)" "$LFS" ost deactivate 9
unchanged 22 "error: lfs ost: x: not an OST index or UUID" "$LFS" ost deactivate x
# -i outside the pool; -o starting outside it (lod_verify_v1v3 checks the
# start only: -o 1,3 is accepted, without the pool, e2e 80); unusable
# listed OSTs.
unchanged 22 "$E /pp: OST 3 is not in pool 'flash'" "$LFS" setstripe -p flash -i 3 /pp
unchanged 22 "$E /pp: OST 3 is not in pool 'flash'" "$LFS" setstripe -p flash -o 3,1 /pp
"$LFS" ost deactivate 1
unchanged 121 "$E /q: inactive OST 1 among your specified 2 OST(s)" "$LFS" setstripe -o 1,2 /q
"$LFS" ost activate 1
"$LFS" ost nocreate 2
unchanged 121 "$E /q: OST 2 takes no new objects (nocreate) among your specified 2 OST(s)" "$LFS" setstripe -o 1,2 /q
"$LFS" ost create 2

# A corrupt layout xattr: getstripe names the bad file, still prints the
# good one, and exits nonzero.
"$LFS" import -c 1 small /bad
python3 -c "import os, sys; os.setxattr(sys.argv[1], 'user.lfs.lov', b'garbage')" \
	"$STORE/mdt/ROOT/bad"
before=$(store_state)
status=0
out=$("$LFS" getstripe /bad /good 2>err) || status=$?
[ "$status" = 22 ] || fail "getstripe of a corrupt layout exited $status"
[ "$(cat err)" = "error: lfs getstripe: /bad: layout is corrupt: Invalid argument" ] ||
	fail "corrupt layout message: $(cat err)"
[ "$(echo "$out" | head -1)" = /good ] || fail "getstripe did not print /good: $out"
echo "$out" | grep -q '^lmm_stripe_count:  1$' || fail "good layout: $out"
echo "$out" | grep -q bad && fail "printed something for /bad: $out"
[ "$before" = "$(store_state)" ] || fail "getstripe changed the store"
# The data commands say the same, not a bare "Invalid argument".
unchanged 22 "error: lfs cat: /bad: layout is corrupt: Invalid argument" "$LFS" cat /bad
unchanged 22 "error: lfs export: /bad: layout is corrupt: Invalid argument" "$LFS" export /bad bad.out
unchanged 22 "error: lfs truncate: /bad: layout is corrupt: Invalid argument" "$LFS" truncate -s 0 /bad
# A special file made on the host is not a store file.
mkfifo "$STORE/mdt/ROOT/fifo"
unchanged 22 "error: lfs cat: /fifo: not a regular file" "$LFS" cat /fifo

# Object ids may be used up (LAST_ID) and the round-robin cursor moved by a
# failed create, as on Lustre; the namespace, the objects and the
# configuration may not change.
# (The OST index may keep entries of the undone layout: lib/ostindex.h.)
ns_state() { (cd "$STORE" && find mdt ost -path mdt/OSTINDEX -prune -o -path '*/O/0/*' -printf '%p %s\n' -o -path 'mdt/*' -printf '%p %s %m\n' | sort; cat lfs-store.conf); }

# A full OST: an import that does not fit leaves no file and no object.
rm -rf "$STORE"
mkstore --osts 1 --ost-size 1M
head -c 3M /dev/urandom > big
objs=$(find "$STORE/ost" -path '*/O/0/*' -type f | sort)
used=$("$LFS" df | awk '/OST0000/ {print $3}')
before=$(ns_state)
expect_fail 28 "error: lfs import: /big: No space left on device" "$LFS" import -c 1 big /big
[ "$objs" = "$(find "$STORE/ost" -path '*/O/0/*' -type f | sort)" ] || fail "import left an object"
[ ! -e "$STORE/mdt/ROOT/big" ] || fail "import left a file"
[ "$(ls -A "$STORE/mdt/PENDING")" = "" ] || fail "import left a PENDING entry"
[ "$used" = "$("$LFS" df | awk '/OST0000/ {print $3}')" ] || fail "df Used not back: $("$LFS" df)"
[ "$before" = "$(ns_state)" ] || fail "failed import changed the store:
$(diff <(echo "$before") <(ns_state))"

# A write into an existing file that hits ENOSPC keeps the earlier bytes
# and says how many new ones were kept.
head -c 500000 /dev/urandom > half
"$LFS" import half /h
expect_fail 28 "error: lfs write: /h: No space left on device (548576 bytes written before the error were kept)" \
	"$LFS" write --append /h < big
"$LFS" cat /h > h.out
cmp -n 500000 half h.out || fail "ENOSPC lost the earlier bytes"
cmp -n 548576 big h.out 0 500000 || fail "the kept bytes are not the written ones"
[ "$(wc -c < h.out)" = 1048576 ] || fail "size after ENOSPC: $(wc -c < h.out)"
expect_fail 28 "error: lfs write: /h: No space left on device" "$LFS" write --append /h < small
cmp h.out <("$LFS" cat /h) || fail "a write with no room changed the file"

# mkfs on a filesystem without user xattrs (ramfs), where we may mount one.
mkdir mnt
if unshare -rm true 2>/dev/null; then
	status=0
	err=$(unshare -rm sh -c 'mount -t ramfs none "$1" && exec "$2" mkfs "$1/st"' sh \
		"$SCRATCH/mnt" "$LFS" 2>&1 >/dev/null) || status=$?
	if [ "$status" = 0 ]; then
		echo "skip: this kernel's ramfs has user xattrs"
	else
	[ "$status" = 95 ] || fail "mkfs on ramfs exited $status: $err"
	[ "$err" = "error: lfs mkfs: $SCRATCH/mnt/st: the filesystem does not support user extended attributes (mount it with user_xattr, or use ext4, xfs, btrfs or tmpfs)" ] ||
		fail "mkfs on ramfs said: $err"
	fi
else
	echo "skip: cannot mount a ramfs here (no user namespaces)"
fi
# mkfs on a non-empty directory, and on an existing store.
mkdir full; touch full/x
expect_fail 39 "error: lfs mkfs: full: directory not empty" "$LFS" mkfs full
[ "$(ls -A full)" = x ] || fail "mkfs changed a non-empty directory"
before=$(store_state)
expect_fail 17 "error: lfs mkfs: $STORE: already holds a store" "$LFS" mkfs "$STORE"
[ "$before" = "$(store_state)" ] || fail "mkfs changed an existing store"
echo done
