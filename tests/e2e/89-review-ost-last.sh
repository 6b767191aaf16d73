# lfs ost add after every OST was removed: the new OST takes the last
# removed one's size (it was made with capacity 0, and no file could be
# written: "no OST can take new objects").
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 1 --ost-size 64M
"$LFS" ost remove 0
expect_out "added lustre-OST0001_UUID (index 1) at $STORE/ost/OST0001" "$LFS" ost add
grep -qx "ost 1 capacity=67108864 state=active nocreate=0 degraded=0" "$STORE/lfs-store.conf" ||
	fail "conf: $(cat "$STORE/lfs-store.conf")"
head -c 3000 /dev/urandom > f.in
"$LFS" import f.in /f
"$LFS" export /f f.out && cmp f.in f.out
expect_out 1 "$LFS" getstripe -i /f
