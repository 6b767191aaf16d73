# A new file is made unnamed, then named (inode_create): made in its parent
# directory, so the kernel gives it the group of a setgid parent even when
# the creator is not in that group, as a plain create does. Made in
# mdt/PENDING and given the group by fchown, which needs membership, touch,
# write, setstripe and import failed there with "Operation not permitted".
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 2
echo two > two.in
nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
chmod o+x "$SCRATCH"
if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null || ! nobody test -x "$LFS" ||
   ! getent group daemon >/dev/null; then
	echo "SKIP: a setgid directory of a group the store's owner is not in (needs root, setpriv, group daemon)"
	exit 0
fi
"$LFS" mkdir /sg
chown -R 65534:65534 "$STORE"
chgrp daemon "$STORE/mdt/ROOT/sg"
chmod 2777 "$STORE/mdt/ROOT/sg"
gid=$(getent group daemon | cut -d: -f3)
chmod o+r two.in
nobody "$LFS" touch /sg/t || fail "touch in a setgid directory"
nobody "$LFS" setstripe -c 1 /sg/s || fail "setstripe in a setgid directory"
nobody "$LFS" write /sg/w < two.in || fail "write in a setgid directory"
nobody "$LFS" import "$PWD/two.in" /sg/i || fail "import in a setgid directory"
for f in t s w i; do
	[ "$(stat -c '%u %g' "$STORE/mdt/ROOT/sg/$f")" = "65534 $gid" ] ||
		fail "/sg/$f: owner and group $(stat -c '%u %g' "$STORE/mdt/ROOT/sg/$f")"
done
[ "$(nobody "$LFS" cat /sg/i)" = two ] || fail "content of /sg/i"
[ -z "$(find "$STORE/mdt/PENDING" -mindepth 1 ! -name 'spare.*')" ] || fail "PENDING not empty"
