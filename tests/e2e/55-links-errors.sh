# Names with control bytes, and errors: what a terminal sees, exit
# statuses, and that a refused command changes nothing.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 2 --ost-size 64M

# ---- Names with control bytes ----
NL=$'/a\nb' ESC=$'/g\e[31mh' Q="/e'f"$'\001'
for n in "$NL" "$ESC" "$Q"; do echo data | "$LFS" write "$n"; done
# Not a terminal: the bytes themselves, as ls does (scripts get the name).
[ "$("$LFS" ls / | od -An -c | tr -s ' ')" = \
  "$(printf 'a\nb\ne'"'"'f\001\ng\033[31mh\n' | od -An -c | tr -s ' ')" ] ||
	fail "ls to a pipe: $("$LFS" ls / | od -c)"
# Errors are one line whatever they name, on a terminal or not: control
# bytes as C escapes (ls -b).
expect_fail 2 'error: lfs cat: /no\nsuch\x\033: No such file or directory' \
	"$LFS" cat $'/no\nsuch\\x\e'
if command -v script >/dev/null; then
	# On a terminal: GNU ls's shell-escape quoting, which bash reads back.
	on_tty() { script -qec "$*" /dev/null | tr -d '\r'; }
	[ "$(on_tty "$LFS" ls /)" = "'a'\$'\\n''b'
'e'\\''f'\$'\\001'
'g'\$'\\033''[31mh'" ] || fail "ls on a terminal: $(on_tty "$LFS" ls / | od -c)"
	[ "$(on_tty "$LFS" ls -l / | sed "s/^.* [0-9:]\{5\} //")" = "'a'\$'\\n''b'
'e'\\''f'\$'\\001'
'g'\$'\\033''[31mh'" ] || fail "ls -l on a terminal: $(on_tty "$LFS" ls -l /)"
	[ "$(on_tty "$LFS" getstripe "'$NL'" | head -1)" = "'/a'\$'\\n''b'" ] ||
		fail "getstripe on a terminal: $(on_tty "$LFS" getstripe "'$NL'")"
	out=$(on_tty "$LFS" migrate -v -S 128k "'$NL'")
	[[ "$out" = "'/a'\$'\\n''b': migrated from OSTs "* ]] ||
		fail "migrate -v on a terminal: $out"
	[ "$(on_tty "$LFS" stat "'$ESC'" | head -1)" = "  File: '/g'\$'\\033''[31mh'" ] ||
		fail "stat on a terminal: $(on_tty "$LFS" stat "'$ESC'" | head -1)"
	# Valid UTF-8 passes; a C1 control or a stray byte does not.
	echo x | "$LFS" write $'/\u00e9t\u00e9'
	echo x | "$LFS" write $'/c1\xc2\x9b'
	echo x | "$LFS" write $'/bad\xff'
	[ "$(on_tty "$LFS" ls / | grep -a -e t -e c1 -e bad)" = "'bad'\$'\\377'
'c1'\$'\\302\\233'
$(printf '\303\251t\303\251')" ] || fail "ls of UTF-8 names: $(on_tty "$LFS" ls /)"
	"$LFS" rm $'/\u00e9t\u00e9' $'/c1\xc2\x9b' $'/bad\xff'
	# lfsck's notes are lines: escaped on a terminal, raw to a pipe.
	touch "$STORE/mdt/PENDING/VOLATILE:"$'\e[31mx'
	[ "$(on_tty "$LFS" lfsck | head -1)" = \
	  'lfsck: destroyed leftover volatile inode VOLATILE:\033[31mx' ] ||
		fail "lfsck on a terminal: $(on_tty "$LFS" lfsck)"
	touch "$STORE/mdt/PENDING/VOLATILE:"$'\e[31mx'
	[ "$("$LFS" lfsck | head -1)" = \
	  "lfsck: destroyed leftover volatile inode VOLATILE:"$'\e[31mx' ] ||
		fail "lfsck to a pipe: $("$LFS" lfsck)"
fi

# ---- Exit statuses and what errors name ----
echo data | "$LFS" write /f
"$LFS" mkdir /d
# A path over 4096 bytes is ENAMETOOLONG (36) for every command, whether
# one name or many (Lustre's form: the path, then strerror).
ONE=/$(printf 'a%.0s' $(seq 5000))
MANY=$(printf '/abcdefghi%.0s' $(seq 500))
for P in "$ONE" "$MANY"; do
	T="$P: File name too long"
	for cmd in ls cat stat getstripe rm mkdir touch "chmod 644" "chown 0" \
		   "setstripe -c 1" "truncate -s 0" "migrate -c 1"; do
		unchanged 36 "error: lfs ${cmd%% *}: $T" "$LFS" $cmd "$P"
	done
	unchanged 36 "error: lfs write: $T" "$LFS" write "$P" < /dev/null
	unchanged 36 "error: lfs import: $T" "$LFS" import /dev/null "$P"
	unchanged 36 "error: lfs export: $T" "$LFS" export "$P" out
	unchanged 36 "error: lfs ln: $T" "$LFS" ln /f "$P"
	unchanged 36 "error: lfs ln: $T" "$LFS" ln "$P" /g
	unchanged 36 "error: lfs ln: $T" "$LFS" ln -s /f "$P"
	unchanged 36 "error: lfs mv: $T" "$LFS" mv /f "$P"
	unchanged 36 "error: lfs mv: $T" "$LFS" mv "$P" /g
	unchanged 36 "error: lfs mkdir: $T" "$LFS" mkdir -p "$P"
	echo "$P" > list
	unchanged 36 "error: lfs migrate: $T" "$LFS" migrate --files-from list
	unchanged 36 "error: lfs cd: $T" "$LFS" <<< "cd $P"
done
[ ! -e out ] || fail "export of a too long path made a host file"
# Past the largest file size (off_t's, as Lustre's MAX_LFS_FILESIZE):
# EFBIG, before a new file is created.
BIG="beyond the largest file size (9223372036854775807 bytes)"
echo x > x
unchanged 27 "error: lfs write: /new: $BIG" \
	"$LFS" write --offset 18446744073709551615 /new < x
unchanged 27 "error: lfs write: /f: $BIG" \
	"$LFS" write --offset 9223372036854775808 /f < x
unchanged 27 "error: lfs truncate: /f: $BIG" \
	"$LFS" truncate -s 18446744073709551615 /f
# mv names the destination's directory when that is what is missing.
unchanged 2 "error: lfs mv: /nodir: No such file or directory" "$LFS" mv /f /nodir/f
unchanged 2 "error: lfs mv: /d/no: No such file or directory" "$LFS" mv /f /d/no/f
unchanged 20 "error: lfs mv: /f: Not a directory" "$LFS" mv /d /f/d
unchanged 2 "error: lfs mv: /nof: No such file or directory" "$LFS" mv /nof /nodir/f
# Another user of a store that root owns (made readable to all here): it
# reads, and is told why it cannot write.
nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
chmod o+x "$SCRATCH"
if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null ||
   ! nobody test -r "$STORE/lfs-store.conf" || ! nobody test -x "$LFS"; then
	echo "SKIP: another user's view of the store (needs root, setpriv, and a store and binary others can reach)"
else
	[ "$(nobody "$LFS" cat /f)" = data ] || fail "nobody cannot read the store"
	for cmd in "touch /x" "rm /f" "truncate -s 0 /f" "lfsck"; do
		unchanged 13 "error: lfs ${cmd%% *}: $STORE: this store is writable only by its owner (root)" \
			nobody "$LFS" $cmd
	done
fi

# ---- Hard links between the namespace and host files outside the store ----
# (the scratch directory is on the store's filesystem). A file the store
# did not make (bytes but no layout), or an inode with names outside the
# namespace, is refused for layout and data changes, and the latter for
# metadata changes too; the outside file keeps its bytes, size, xattrs,
# mode, owner and times.
ROOT=$STORE/mdt/ROOT
echo "not the store's" > victim
: > victim-empty
echo data | "$LFS" write /linked-out
ln victim "$ROOT/x"
ln victim-empty "$ROOT/e"
ln "$ROOT/linked-out" outside-name
outside() {
	for v in victim victim-empty outside-name; do
		echo "$v $(stat -c '%s %a %u %g %y' "$v") $(md5sum < "$v")"
		getfattr -d -m - --absolute-names "$v" 2>/dev/null
	done
}
before_out=$(outside)
NOLAYOUT="not a file of this store (16 bytes but no layout)"
OUT="not a file of this store (1 link outside it)"
for p in /x /e /linked-out; do
	case $p in /x) why=$NOLAYOUT ;; *) why=$OUT ;; esac
	unchanged 1 "error: lfs setstripe: $p: $why" "$LFS" setstripe -c 1 $p
	unchanged 1 "error: lfs truncate: $p: $why" "$LFS" truncate -s 0 $p
	unchanged 1 "error: lfs truncate: $p: $why" "$LFS" truncate -s 1M $p
	for opt in "" -a "--offset 3"; do
		unchanged 1 "error: lfs write: $p: $why" "$LFS" write $opt $p < x
	done
	unchanged 1 "error: lfs migrate: $p: $why: Operation not permitted" \
		"$LFS" migrate -c 2 $p
	for cmd in "chmod 777" "chown 65534" "touch -d @0"; do
		unchanged 1 "error: lfs ${cmd%% *}: $p: $OUT" "$LFS" $cmd $p
	done
	[ "$(outside)" = "$before_out" ] || fail "an outside file changed after $p"
done
# Reading: bytes the store did not write are not shown as its data.
unchanged 1 "error: lfs cat: /x: $NOLAYOUT" "$LFS" cat /x
unchanged 1 "error: lfs export: /x: $NOLAYOUT" "$LFS" export /x out
[ ! -e out ] || fail "export of /x made a host file"
[ -z "$("$LFS" cat /e)" ] && [ "$("$LFS" cat /linked-out)" = data ] ||
	fail "cat of /e or /linked-out"
# Removing a name removes only the name.
"$LFS" rm /x /e /linked-out
[ "$(outside)" = "$before_out" ] || fail "rm changed an outside file"
[ "$(cat victim)" = "not the store's" ] || fail "rm /x changed the victim"
# The store's own hard links (lfs ln) and an admin's inside the namespace
# are accounted for: every name works.
echo abc | "$LFS" write /h1
"$LFS" ln /h1 /h2
"$LFS" mkdir /sub
ln "$ROOT/h1" "$ROOT/sub/h3"
"$LFS" truncate -s 2 /h2
echo z | "$LFS" write -a /sub/h3
"$LFS" migrate -c 2 /h1
"$LFS" chmod 600 /sub/h3
"$LFS" chown 65534 /h2
"$LFS" touch -d @0 /h1
[ "$(stat -c "%a %u %Y" "$ROOT/h1")" = "600 65534 0" ] ||
	fail "metadata through hard links: $(stat -c "%a %u %Y" "$ROOT/h1")"
"$LFS" setstripe -c 1 /e2 && ln "$ROOT/e2" "$ROOT/sub/e3" && "$LFS" truncate -s 0 /sub/e3
[ "$("$LFS" cat /h1)" = abz ] || fail "hard links: $("$LFS" cat /h1 | od -c)"
