# A damaged store: LAST_ID rewound, corrupt or missing (issue 14 item 2).
# Each case checks the exact message, that no live object is reused and
# that nothing was lost.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 2 --ost-size 64M

unchanged() {   # expect_fail, and the store is the same before and after
	local before after
	before=$(store_state)
	expect_fail "$@"
	after=$(store_state)
	[ "$before" = "$after" ] || fail "'${*:3}' changed the store:
$(diff <(echo "$before") <(echo "$after"))"
}
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
out=$("$LFS" lfsck --dry-run)
echo "$out" | grep -qx "lfsck: OST0000: LAST_ID was missing; would be rebuilt as 2049" || fail "lfsck --dry-run: $out"
[ ! -e "$STORE/ost/OST0000/LAST_ID" ] || fail "dry run rebuilt LAST_ID"
out=$("$LFS" lfsck)
echo "$out" | grep -qx "lfsck: OST0000: LAST_ID was missing; rebuilt as 2049" || fail "lfsck: $out"
echo 5 > "$STORE/ost/OST0000/LAST_ID"
out=$("$LFS" lfsck)
echo "$out" | grep -qx "lfsck: OST0000: LAST_ID 5 is behind existing object 2049; rebuilt as 2049" || fail "lfsck: $out"
"$LFS" import -c 1 -i 0 new /x
[ "$(objid /x)" = 2050 ] || fail "/x got object $(objid /x)"
same /f1 f1; same /f3 f3; same /x new
