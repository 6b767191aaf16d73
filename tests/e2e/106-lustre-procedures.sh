# The shipped procedures (lua/scripts/) on a Lustre client mount (the
# double): the same calls as on a store, the files' data kept byte for
# byte. What only the servers do (drain_ost's nocreate) is said as the
# lctl line to run; drain_ost goes on and its last check tells what is
# left. --dry-run changes nothing.
. "$(dirname "$0")/../e2e-lustre.sh"
skip_real "makes its own servers (pools slow and fast, OST states) for the double"
# OSTs of 1 GiB: auto_stripe counts the OSTs with 256 MiB free.
SRV="$SCRATCH/servers1g"
"$LFS" mkfs --osts 4 --ost-size 1G "$SRV" > /dev/null
export LLAPI_DOUBLE_SERVERS="$SRV"
S() { LFS_STORE="$SRV" "$LFS" "$@"; }
S pool new slow; S pool add slow 0 1; S pool new fast; S pool add fast 2 3
cd "$MNT"
mkdir d
NAMES="a b c p1 p2 p3"
mk() {   # mk NAME BYTES SETSTRIPE-OPTIONS...: a file and its copy
	local n=$1 b=$2; shift 2
	"$LFS" setstripe "$@" "d/$n"
	head -c "$b" /dev/urandom > "d/$n"
	cp "d/$n" "$SCRATCH/$n.ref"
}
mk a 100000 -c 2 -i 3
mk b 5 -c 1 -i 3
mk c 40000 -c 1 -i 1
mk p1 3000000 -p slow -c 2
mk p2 70000 -p slow -c 1
mk p3 2000000 -E 1M -c 1 -p slow -E -1 -c 2 -p slow
same() { for n in $NAMES; do cmp "d/$n" "$SCRATCH/$n.ref" || fail "d/$n changed"; done; }
snap() { for n in $NAMES; do echo "$n"; layout_xattr "d/$n"; done; }
conf() { cat "$SRV/lfs-store.conf"; }
count() { "$LFS" getstripe -c "$1"; }
run() {   # run NAME ARGS...: the procedure, stdout and stderr kept
	set +e; "$LFS" -f "$@" > "$SCRATCH/out" 2> "$SCRATCH/err"; status=$?; set -e
}
line="on a Lustre client this is the servers' work; run on the MDS: lctl set_param osp.lustre-OST0003*.max_create_count=0"

# drain_ost --dry-run: the lctl line it needs, the plan; nothing changed.
before=$(snap); conf0=$(conf)
run drain_ost 3 --dry-run
[ "$status" = 0 ] || fail "dry run: status $status: $(cat "$SCRATCH/err")"
printf '%s\n' "would need OST 3 nocreate, which a client cannot set: $line" \
	"would migrate $MNT/d/a (97.7 KiB)" "would migrate $MNT/d/b (5 B)" \
	"drain_ost: OST 3: dry run: 2 files would migrate, 97.7 KiB would move; nothing changed" |
	diff - "$SCRATCH/out" || fail "drain_ost --dry-run"
[ "$(snap)" = "$before" ] && [ "$(conf)" = "$conf0" ] || fail "the dry run changed something"

# The admin ran the lctl line (the double's servers: ost nocreate), df
# shows N: drain_ost moves every file off OST 3, geometry kept.
S ost nocreate 3
c_before=$(layout_xattr d/c)
run drain_ost 3
[ "$status" = 0 ] || fail "drain: status $status: $(cat "$SCRATCH/out" "$SCRATCH/err")"
[ ! -s "$SCRATCH/err" ] || fail "drain: stderr: $(cat "$SCRATCH/err")"
grep -q "^drain_ost: OST 3: 2 files: 2 migrated, 0 skipped, 0 busy, 0 failed; 97.7 KiB in " "$SCRATCH/out" &&
	[ "$(tail -n 1 "$SCRATCH/out")" = "drain_ost: OST 3 is empty" ] || fail "drain: $(cat "$SCRATCH/out")"
same
[ "$(count d/a)" = 2 ] && [ "$(count d/b)" = 1 ] || fail "counts: $(count d/a) $(count d/b)"
case ",$(osts_of d/a),$(osts_of d/b)," in *,3,*) fail "still on 3: $(osts_of d/a) $(osts_of d/b)" ;; esac
[ "$(osts_of d/a | tr ',' '\n' | sort -u | wc -l)" = 2 ] || fail "a: $(osts_of d/a)"
[ "$(layout_xattr d/c)" = "$c_before" ] || fail "c (not on OST 3) was moved"
expect_out "" "$LFS" find d --ost 3
run drain_ost 3
[ "$status" = 0 ] && grep -q "^drain_ost: OST 3: 0 files: 0 migrated" "$SCRATCH/out" || fail "rerun: $(cat "$SCRATCH/out")"

# An OST the client does not see nocreate: the line on stderr, the files
# migrated anyway, and the check names what the allocator put back (p1:
# two stripes in pool slow, OSTs 0 and 1, must keep one on OST 0).
S ost create 3
conf1=$(conf)
run drain_ost 0
[ "$status" = 1 ] || fail "drain 0: status $status"
grep -qxF "drain_ost: OST 0 may still take new objects: ${line//0003/0000} (a client cannot see whether it was run); migrating anyway: files placed on it again are listed at the end" \
	"$SCRATCH/err" || fail "drain 0: no lctl line: $(cat "$SCRATCH/err")"
grep -qxF "drain_ost: still on OST 0: $MNT/d/p1" "$SCRATCH/err" || fail "drain 0: $(cat "$SCRATCH/err")"
grep -qE "^drain_ost: OST 0 still holds objects of [0-9]+ files: run drain_ost 0 again$" "$SCRATCH/out" ||
	fail "drain 0: $(cat "$SCRATCH/out")"
same

# pool_move --dry-run, then for real: SRCPOOL's files in DSTPOOL, their
# stripe counts kept, PFL components too; a rerun finds nothing.
before=$(snap)
run pool_move slow fast --dry-run
[ "$status" = 0 ] || fail "pool_move dry run: status $status"
[ "$(grep -c '^would move .* from pool slow to fast$' "$SCRATCH/out")" = 3 ] &&
	grep -q "^pool_move: pool slow -> fast: dry run: 3 files would migrate, .*; nothing changed$" "$SCRATCH/out" ||
	fail "pool_move --dry-run: $(cat "$SCRATCH/out")"
grep -qxF "would move $MNT/d/p2 (68.4 KiB) from pool slow to fast" "$SCRATCH/out" || fail "plan: $(cat "$SCRATCH/out")"
[ "$(snap)" = "$before" ] || fail "the pool_move dry run changed something"
run pool_move slow fast
[ "$status" = 0 ] && grep -q "^pool_move: pool slow -> fast: 3 files: 3 migrated, 0 skipped, 0 busy, 0 failed; " "$SCRATCH/out" ||
	fail "pool_move: $status $(cat "$SCRATCH/out" "$SCRATCH/err")"
same
for n in p1 p2; do
	expect_out fast "$LFS" getstripe -p "d/$n"
	case ",$(osts_of "d/$n")," in *,0,*|*,1,*) fail "$n: $(osts_of "d/$n")" ;; esac
done
[ "$(count d/p1)" = 2 ] && [ "$(count d/p2)" = 1 ] || fail "counts: $(count d/p1) $(count d/p2)"
[ "$("$LFS" getstripe d/p3 | grep -c 'lmm_pool:          fast')" = 2 ] &&
	[ "$("$LFS" getstripe --component-count d/p3)" = 2 ] || fail "p3: $("$LFS" getstripe d/p3)"
expect_out "" "$LFS" find d --pool slow
run pool_move slow fast
[ "$status" = 0 ] && grep -q "^pool_move: pool slow -> fast: 0 files" "$SCRATCH/out" || fail "rerun: $(cat "$SCRATCH/out")"
run pool_move nope fast
[ "$status" = 22 ] && [ "$(cat "$SCRATCH/err")" = "error: pool_move: pool 'nope' does not exist" ] ||
	fail "bad pool: $status $(cat "$SCRATCH/err")"

# auto_stripe: small files want one stripe (a relative PATH on the mount);
# the PFL file is left alone.
before=$(snap)
run auto_stripe d --dry-run
[ "$status" = 0 ] && grep -qxF "would restripe d/a (97.7 KiB): 2 -> 1 stripes" "$SCRATCH/out" &&
	grep -qxF "would restripe d/p1 (2.9 MiB): 2 -> 1 stripes" "$SCRATCH/out" &&
	grep -qxF "auto_stripe: 1 PFL files left as they are" "$SCRATCH/out" || fail "auto_stripe --dry-run: $(cat "$SCRATCH/out")"
[ "$(snap)" = "$before" ] || fail "the auto_stripe dry run changed something"
run auto_stripe d
[ "$status" = 0 ] || fail "auto_stripe: $status $(cat "$SCRATCH/out" "$SCRATCH/err")"
[ "$(count d/a)" = 1 ] && [ "$(count d/p1)" = 1 ] || fail "auto_stripe counts: $(count d/a) $(count d/p1)"
expect_out fast "$LFS" getstripe -p d/p1
same

# rebalance: the OSTs as the client's statfs gives them (here empty):
# df through the command on the mount, nothing to do.
run rebalance --dry-run
[ "$status" = 0 ] && grep -q "lustre-OST0003_UUID" "$SCRATCH/out" &&
	grep -qx "rebalance: every OST is within 5% of the mean (0.0% used): nothing to do" "$SCRATCH/out" ||
	fail "rebalance: $(cat "$SCRATCH/out" "$SCRATCH/err")"
# The procedures never changed the servers: only the admin did.
[ "$(conf)" = "$conf1" ] || fail "the servers changed: $(conf)"
