# lfs getstripe on a Lustre mount prints what the opaque layout API does
# not give, from liblustreapi's other calls (issue 20, phase 4): object
# ids, groups and the layout generation from llapi_file_get_stripe (the
# raw lov_user_md / lov_comp_md_v1), FIDs from lmm_oi (files) and
# llapi_fd2fid (directories); --ost on the mount, its OST named by
# index, OSTxxxx or UUID. The same files made in the same order on the
# double's mount and on a store made as its servers are print the same,
# FIDs aside (a mount's is made of the host inode: checked exactly).
. "$(dirname "$0")/../e2e-lustre.sh"
skip_real "compares with a store made as the double's servers are"
REF="$SCRATCH/ref"
"$LFS" mkfs --osts 4 --ost-size 256M "$REF" > /dev/null
head -c 3M /dev/urandom > "$SCRATCH/data"

# The same files, the same calls, on the mount (P is $MNT) and on the store
# (P empty: store paths).
make_files() {
	local P=$1/t
	"$LFS" mkdir "$P" 2> /dev/null || mkdir "$P"
	"$LFS" setstripe -c 2 -i 3 "$P/f"
	"$LFS" setstripe -c 1 -p flash "$P/pooled"
	"$LFS" setstripe -E 1M -c 1 -i 1 -E -1 -c 2 "$P/pfl"
	"$LFS" setstripe -E 1M -c 1 -E -1 -c -1 "$P/full"
	"$LFS" mkdir "$P/d" 2> /dev/null || mkdir "$P/d"
	"$LFS" setstripe -c 3 "$P/d/g"
	"$LFS" setstripe -c 1 -i 0 "$P/m"
	"$LFS" migrate -c 2 -i 2 "$P/m"
	# Stripe offsets without objects: only in the raw layout's field
	# that holds the generation when there are objects.
	"$LFS" mkdir "$P/di" 2> /dev/null || mkdir "$P/di"
	"$LFS" setstripe -c 1 -i 2 "$P/di"
	"$LFS" mkdir "$P/dp" 2> /dev/null || mkdir "$P/dp"
	"$LFS" setstripe -E 1M -c 1 -i 3 -E -1 -c 2 -i 1 "$P/dp"
	"$LFS" setstripe -E 1M -c 1 -E -1 -c 2 -i 1 "$P/pfli"
}
need_pool flash 1 2
LFS_STORE="$REF" "$LFS" pool new flash
LFS_STORE="$REF" "$LFS" pool add flash 1 2
make_files "$MNT"
T=$MNT/t
dd if="$SCRATCH/data" of="$T/full" bs=1M conv=notrunc status=none
LFS_STORE="$REF" make_files ""
LFS_STORE="$REF" "$LFS" write /t/full < "$SCRATCH/data"

# A mount's FID is [FID_SEQ_NORMAL:host inode:0x0] (the double's,
# tests/lustre/llapi_double_fid.c).
fid_of() { printf '[0x200000400:%#x:0x0]' "$(stat -c %i "$1")"; }
# FIDs and paths made comparable.
norm() {
	sed -E -e "s#$MNT##g" -e 's/\[?0x200000400:0x[0-9a-f]+:0x0\]?/FID/g' \
		-e 's/(lmm_object_id: +)0x[0-9a-f]+/\1INO/'
}
same() {
	local m s a args=()
	for a in "$@"; do
		a=${a//$MNT/}
		args+=("${a:-/}")
	done
	m=$("$LFS" getstripe "$@" | norm) || fail "getstripe $* on the mount"
	s=$(cd "$SCRATCH" && LFS_STORE="$REF" "$LFS" getstripe "${args[@]}" | norm) ||
		fail "getstripe $* on the store"
	[ "$m" = "$s" ] || fail "getstripe $*: mount and store differ:
$(diff <(echo "$s") <(echo "$m"))"
	[ -n "$m" ] || fail "getstripe $*: nothing printed"
}

# A directory's default and a component not instantiated keep their
# stripe offsets (the opaque API gives none without objects).
for o in -d -y; do
	same $o "$T/di"
	same $o "$T/dp"
done
same -d -i "$T/di"
same "$T/pfli"
same -y "$T/pfli"
expect_out "stripe_count:  1 stripe_size:   1048576 pattern:       raid0 stripe_offset: 2" \
	"$LFS" getstripe -d "$T/di"

# One file exactly: real ids (the servers' allocator's), group 0, gen 0.
ino_f=$(printf '%#x' "$(stat -c %i "$T/f")")
expect_out "$T/f
lmm_magic:         0x0BD10BD0
lmm_seq:           0x200000400
lmm_object_id:     $ino_f
lmm_fid:           $(fid_of "$T/f")
lmm_stripe_count:  2
lmm_stripe_size:   1048576
lmm_pattern:       raid0
lmm_layout_gen:    0
lmm_stripe_offset: 3
	obdidx		 objid		 objid		 group
	     3	             1	          0x1	             0
	     0	             1	          0x1	             0" "$LFS" getstripe -v "$T/f"
expect_out "$(fid_of "$T/f")" "$LFS" getstripe -F "$T/f"
expect_out "$(fid_of "$T/d")" "$LFS" getstripe -F -d "$T/d"
expect_out "lmm_stripe_count:  2
lmm_stripe_size:   1048576
lmm_pattern:       raid0
lmm_layout_gen:    0
lmm_stripe_offset: 3
lmm_objects:
      - l_ost_idx: 3
        l_fid:     0x100030000:0x1:0x0
      - l_ost_idx: 0
        l_fid:     0x100000000:0x1:0x0" "$LFS" getstripe -y "$T/f"
# A migrated file's layout generation moved (the swap), as on a store.
expect_out 1 "$LFS" getstripe -g "$T/m"

# Everything else as the store prints it.
for opts in "" -v -y -g -F -q "-v -y" "-I 2" "-E" "--component-count"; do
	for f in f pooled pfl full m d/g; do
		# shellcheck disable=SC2086
		same $opts "$T/$f"
	done
done
same -v -d "$T/d"
same -r -v "$T"
same -r -y "$T"
# --ost: only the files with an object there, the object marked; by
# index, OSTxxxx, FS-OSTxxxx and its UUID alike.
for o in 0 1 2 3 lustre-OST0001 lustre-OST0003_UUID 0x3; do
	same -r --ost "$o" "$T"
	same -r -y --ost "$o" "$T"
	same -r -v --ost "$o" "$T"
	same --ost "$o" "$T/full"
done
expect_out "$T/f
lmm_stripe_count:  2
lmm_stripe_size:   1048576
lmm_pattern:       raid0
lmm_layout_gen:    0
lmm_stripe_offset: 3
	obdidx		 objid		 objid		 group
	     3	             1	          0x1	             0 *" "$LFS" getstripe --ost lustre-OST0003_UUID "$T/f"
expect_out "" "$LFS" getstripe --ost 2 "$T/f"

# Bad OSTs: Lustre's words, status 22, nothing on stdout, nothing changed.
before=$("$LFS" getstripe -r -v "$MNT")
for o in 4 9 OST0009 other-OST0001 nosuch -1 ""; do
	expect_fail 22 "error: lfs getstripe: $o: unknown obduuid" "$LFS" getstripe --ost "$o" "$T/f"
	expect_out "" sh -c '"$0" getstripe --ost "$1" "$2" 2> /dev/null; true' "$LFS" "$o" "$T/f"
done
[ "$("$LFS" getstripe -r -v "$MNT")" = "$before" ] || fail "a refused getstripe changed a layout"
# An OST removed from the servers is unknown; an inactive one is still named.
LFS_STORE="$SRV" "$LFS" ost deactivate 1
same -r --ost 1 "$T"
