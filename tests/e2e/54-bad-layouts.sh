# Layouts that pass the checksum but break a rule of setstripe (issue 14
# item 8): installed with setfattr on a real file, every reader refuses the
# file with one clean message (or skips it), and nothing in the store
# changes. Before the decoder checked the rules, stripe size 0 killed cat,
# export and migrate with SIGFPE, no components killed getstripe with
# SIGSEGV, and the others read wrong data with status 0.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 4 --ost-size 64M
head -c 300000 /dev/urandom > data
"$LFS" import -c 2 -S 64k data /f
"$LFS" import -c 1 data /g
host="$STORE/mdt/ROOT/f"
good=$(getfattr --only-values -n user.lfs.lov "$host" | xxd -p | tr -d '\n')

# patch FIELD VALUE: the hex of /f's record with one field changed and the
# length and checksum fixed, so only the rules can refuse it. Fields of
# component 0 (layout_codec.c): size, start, count; obj1=obj0 copies
# object 0 over object 1; ost1 sets object 1's OST; pool (+ is a
# space); nocomps.
cat > patch.py <<'EOF'
import struct, sys, zlib
rec = bytearray.fromhex(sys.argv[1])
field, value = sys.argv[2], sys.argv[3]
c0, obj0 = 24, 24 + 68
if field == "size":
    struct.pack_into("<Q", rec, c0 + 24, int(value))
elif field == "start":
    struct.pack_into("<Q", rec, c0 + 8, int(value))
elif field == "count":
    struct.pack_into("<i", rec, c0 + 36, int(value))
elif field == "obj1=obj0":
    rec[obj0 + 12:obj0 + 24] = rec[obj0:obj0 + 12]
elif field == "ost1":
    struct.pack_into("<I", rec, obj0 + 12, int(value))
elif field == "pool":
    rec[c0 + 44:c0 + 60] = value.replace("+", " ").encode().ljust(16, b"\0")
elif field == "nocomps":
    rec = rec[:24]
    struct.pack_into("<H", rec, 20, 0)
struct.pack_into("<I", rec, 8, len(rec))
struct.pack_into("<I", rec, 12, 0)
struct.pack_into("<I", rec, 12, zlib.crc32(bytes(rec)))
print(rec.hex())
EOF

corrupt="layout is corrupt: Invalid argument"
check_readers() {
	local what=$1 before out err status
	before=$(store_state)
	expect_fail 22 "error: lfs cat: /f: $corrupt" "$LFS" cat /f
	expect_fail 22 "error: lfs export: /f: $corrupt" "$LFS" export /f out
	[ ! -e out ] || fail "$what: export left a file"
	expect_fail 22 "error: lfs migrate: /f: $corrupt" "$LFS" migrate -c 1 /f
	expect_fail 22 "error: lfs getstripe: /f: $corrupt" "$LFS" getstripe /f
	# The tree walk names /f and goes on to /g.
	status=0
	out=$("$LFS" getstripe -r / 2>err) || status=$?
	[ "$status" = 22 ] || fail "$what: getstripe -r / exited $status"
	[ "$(cat err)" = "error: lfs getstripe: /f: $corrupt" ] ||
		fail "$what: getstripe -r / said: $(cat err)"
	echo "$out" | grep -qx /g || fail "$what: getstripe -r / skipped /g"
	# Metadata readers do not need the layout.
	"$LFS" ls -l / | grep -q ' f$' || fail "$what: ls -l / lost /f"
	"$LFS" stat /f | grep -q 'Size: 300000' || fail "$what: stat /f"
	# lfsck skips a file it cannot read; it must not crash on it.
	status=0
	"$LFS" lfsck >/dev/null 2>err || status=$?
	[ "$status" -lt 128 ] || fail "$what: lfsck died with status $status"
	[ "$before" = "$(store_state)" ] || fail "$what: the readers changed the store:
$(diff <(echo "$before") <(echo "$(store_state)"))"
}

for spec in "size 0" "size 1" "size 9223372036854775808" "start 65536" \
	    "obj1=obj0 -" "count 1" "ost1 70000" "pool a+b" "nocomps -"; do
	# shellcheck disable=SC2086
	setfattr -n user.lfs.lov -v "0x$(python3 patch.py "$good" $spec)" "$host"
	check_readers "$spec"
done
# The file is whole again with its own layout back.
setfattr -n user.lfs.lov -v "0x$good" "$host"
"$LFS" cat /f | cmp - data || fail "/f changed"
check_healthy=$("$LFS" getstripe -c /f)
[ "$check_healthy" = 2 ] || fail "/f stripe count $check_healthy"
