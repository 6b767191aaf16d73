# One-shot mode as Lustre's Parser_execarg, store discovery, paths relative
# to a working directory inside the namespace, and tree import.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 4 --ost-size 64M

# An unknown command lists the commands, one quoted name a line on
# stdout as Parser_execarg does, and exits 1.
set +e; out=$("$LFS" frobnicate 2>/dev/null); st=$?; set -e
[ $st = 1 ] || fail "unknown command: status $st"
[ "$(echo "$out" | head -1)" = "Try interactive use without arguments or use one of:" ] || fail "$out"
[ "$(echo "$out" | tail -1)" = "as argument." ] || fail "$out"
echo "$out" | grep -qx '"migrate"' || fail "command list: $out"
# One-shot matching is exact: a prefix is not a command.
set +e; "$LFS" getst / >/dev/null 2>&1; st=$?; set -e
[ $st = 1 ] || fail "prefix in one-shot mode: status $st"
# A usage error prints the command's usage on stderr and exits 4.
expect_usage "error: getstripe: no filename|pathname" "$LFS" getstripe
# help lists every command of the table; help CMD its usage.
for c in $("$LFS" --list-commands); do
	"$LFS" help | grep -q "^  $c " || fail "help does not list $c"
	"$LFS" help "$c" | grep -q '^usage: ' || fail "help $c"
done
# An operational failure exits with the errno.
expect_fail 2 "error: lfs getstripe: /missing: No such file or directory" "$LFS" getstripe /missing

# Store discovery: -s, $LFS_STORE, else the nearest ancestor of the cwd.
"$LFS" mkdir /abc
"$LFS" setstripe -c 1 /abc/test.txt
unset LFS_STORE
(cd "$STORE/ost" && expect_out 1 "$LFS" getstripe -c /abc/test.txt)
(cd / && expect_out 1 "$LFS" -s "$STORE" getstripe -c /abc/test.txt)
(cd / && expect_fail 2 "error: lfs getstripe: no store found: use --store DIR, set LFS_STORE, or run inside a store (create one with 'lfs mkfs DIR')" "$LFS" getstripe /abc)
# Inside STORE/mdt/ROOT, relative paths resolve as on a Lustre mount.
(cd "$STORE/mdt/ROOT" && "$LFS" migrate -c 2 ./abc/test.txt)
(cd "$STORE/mdt/ROOT/abc" && expect_out 2 "$LFS" getstripe -c test.txt)
export LFS_STORE="$STORE"

# Tree import: directories made, files striped, holes kept, symlinks and
# special files skipped; a file into an existing directory keeps its name.
mkdir -p tree/sub/deeper
head -c 3000000 /dev/urandom > tree/a
head -c 100 /dev/urandom > tree/sub/b
truncate -s 5M tree/sub/deeper/sparse; echo end >> tree/sub/deeper/sparse
ln -s a tree/link
mkfifo tree/fifo
"$LFS" mkdir /t
"$LFS" import -c 2 tree /t
for f in a sub/b sub/deeper/sparse; do
	"$LFS" export "/t/$f" out; cmp "tree/$f" out || fail "tree import of $f"
	[ "$("$LFS" getstripe -c "/t/$f")" = 2 ] || fail "layout of /t/$f"
done
[ "$("$LFS" ls /t)" = "a
sub" ] || fail "tree import made: $("$LFS" ls /t)"
"$LFS" import tree/a /abc
"$LFS" export /abc/a out; cmp tree/a out
echo done
