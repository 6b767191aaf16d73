# lfs find's walk (issue 16, performance): layouts read ahead on every core
# give the same answers, in the same order, as layouts read one by one;
# an entry is lstat'ed only when a test needs it; and the bad inputs of
# the issue each print their exact message and nothing on stdout.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 4 --ost-size 64M
root=$STORE/mdt/ROOT

# A directory of more than one read-ahead window (256), files on every
# OST, a PFL file, an overstriped one whose layout is in a side file.
mkdir -p tree/sub
for i in $(seq 600); do : > "tree/f$i"; done
for i in $(seq 5); do : > "tree/sub/g$i"; done
"$LFS" mkdir /big
"$LFS" import -c 1 tree /big
"$LFS" setstripe -E 1M -c 1 -i 1 -E -1 -c 2 -i 2 /big/pfl
"$LFS" setstripe -C 400 /big/wide
[ -n "$(ls "$STORE/mdt/LAYOUTS")" ] || fail "no side file for /big/wide"

# Reference: the same walk with no layout test (no read-ahead), each
# file's OSTs read one by one through --printf.
"$LFS" find /big --printf '%p %y %Lo\n' > all
[ "$(wc -l < all)" = 609 ] || fail "walk saw $(wc -l < all) entries"
want() { awk -v o="$1" -v neg="$2" '$2 == "f" { has = ($3 ~ "[[,]" o "[],]") } $2 == "f" && has != neg { print $1 }' all; }
for ost in 0 1 2 3; do
	want $ost 0 > w; "$LFS" find /big --ost $ost > g
	cmp w g || fail "--ost $ost: $(diff w g | head)"
	want $ost 1 > w; "$LFS" find /big ! --ost $ost > g
	cmp w g || fail "! --ost $ost: $(diff w g | head)"
done
# -name and -type decide before the layout; -0 and --mindepth as before.
want 3 0 | grep '/f1[0-9]*$' > w
"$LFS" find /big -type f -name 'f1*' -O OST0003 > g
cmp w g || fail "-name with --ost: $(diff w g | head)"
expect_out "" "$LFS" find /big -type d --ost 1
want 1 0 | tr '\n' '\0' > w
"$LFS" find /big --mindepth 1 --ost 1 -0 > g
cmp w g || fail "-0 --ost 1"
expect_out "/big/pfl" "$LFS" find /big --component-count 2
expect_out "/big/wide" "$LFS" find /big -c +100

# A corrupt layout is reported and the walk goes on, read ahead or not
# (a walk of every layout: the OST index answers --ost without reading
# one, tests/e2e/69).
good=$(getfattr -n user.lfs.lov -e hex "$root/big/f300" 2>/dev/null | sed -n 's/^user.lfs.lov=//p')
setfattr -n user.lfs.lov -v "${good:0:42}ff${good:44}" "$root/big/f300"
st=0; LFS_FIND_NO_INDEX=1 "$LFS" find /big --ost 0 > out 2> err || st=$?
[ $st = 22 ] || fail "corrupt layout: status $st"
expect_out "error: lfs find: /big/f300: layout is corrupt" cat err
grep -v '^/big/f300$' <(want 0 0) > w
cmp w out || fail "walk after a corrupt layout: $(diff w out | head)"
setfattr -n user.lfs.lov -v "$good" "$root/big/f300"

# Without a test of the inode, the listing's types suffice: -type and
# -name with --ost lstat nothing, --size and --printf lstat each entry.
if strace -o /dev/null true 2> /dev/null; then
	stats() { strace -f -e trace=newfstatat,fstatat64,statx -o trace "$LFS" "$@" > /dev/null; grep -c '"g[1-5]"' trace || true; }
	n=$(stats find /big/sub -type f --ost 1)
	[ "$n" = 0 ] || fail "-type f --ost lstat'ed $n entries"
	n=$(stats find /big/sub -type f -size -1M)
	[ "$n" = 5 ] || fail "-size lstat'ed $n entries"
fi

# Bad input (issue 16): a usage error prints the usage, status 4 and
# nothing on stdout; a target that does not exist is one line, status 22,
# nothing on stdout; neither changes the store.
for args in "--size 10Q" "-c 2x" "--mtime 3x" "--frobnicate 1" "--ost 9" \
	    "-O lustre-OST0004_UUID" "--pool slow"; do
	# shellcheck disable=SC2086
	out=$("$LFS" find / $args 2>/dev/null) || true
	[ -z "$out" ] || fail "find / $args printed on stdout: $out"
done
unchanged 22 "error: lfs find: 9: unknown obduuid" "$LFS" find / --ost 9
unchanged 22 "error: lfs find: lustre-OST0004_UUID: unknown obduuid" "$LFS" find / -O lustre-OST0004_UUID
unchanged 22 "error: lfs find: pool 'lustre.slow' does not exist" "$LFS" find / --pool slow
# A loop of directory symlinks: each link is found, none followed.
"$LFS" mkdir /x /x/a /x/b
"$LFS" ln -s /x/b /x/a/to-b
"$LFS" ln -s ../a /x/b/to-a
expect_out "/x
/x/a
/x/a/to-b
/x/b
/x/b/to-a" "$LFS" find /x
expect_out "/x/a/to-b
/x/b/to-a" "$LFS" find /x -type l
echo done
