# Names with control bytes, and errors: what a terminal sees, exit
# statuses, and that a refused command changes nothing.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 2 --ost-size 64M

unchanged() {
	local before after
	before=$(store_state)
	expect_fail "$@"
	after=$(store_state)
	[ "$before" = "$after" ] || fail "'${*:3}' changed the store:
$(diff <(echo "$before") <(echo "$after"))"
}

# ---- Names with control bytes ----
NL=$'/a\nb' ESC=$'/g\e[31mh' Q="/e'f"$'\001'
for n in "$NL" "$ESC" "$Q"; do echo data | "$LFS" write "$n"; done
# Not a terminal: the bytes themselves, as ls does (scripts get the name).
[ "$("$LFS" ls / | od -An -c | tr -s ' ')" = \
  "$(printf 'a\nb\ne'"'"'f\001\ng\033[31mh\n' | od -An -c | tr -s ' ')" ] ||
	fail "ls to a pipe: $("$LFS" ls / | od -c)"
# Errors are one line whatever they name, on a terminal or not: control
# bytes as C escapes, a backslash doubled (ls -b).
expect_fail 2 'error: lfs cat: /no\nsuch\\x\033: No such file or directory' \
	"$LFS" cat $'/no\nsuch\\x\e'
if command -v script >/dev/null; then
	# On a terminal: GNU ls's shell-escape quoting, which bash reads back.
	tty() { script -qec "$*" /dev/null | tr -d '\r'; }
	[ "$(tty "$LFS" ls /)" = "'a'\$'\\n''b'
'e'\\''f'\$'\\001'
'g'\$'\\033''[31mh'" ] || fail "ls on a terminal: $(tty "$LFS" ls / | od -c)"
	[ "$(tty "$LFS" ls -l / | sed "s/^.* [0-9:]\{5\} //")" = "'a'\$'\\n''b'
'e'\\''f'\$'\\001'
'g'\$'\\033''[31mh'" ] || fail "ls -l on a terminal: $(tty "$LFS" ls -l /)"
	[ "$(tty "$LFS" getstripe "'$NL'" | head -1)" = "'/a'\$'\\n''b'" ] ||
		fail "getstripe on a terminal: $(tty "$LFS" getstripe "'$NL'")"
	out=$(tty "$LFS" migrate -v -S 128k "'$NL'")
	[[ "$out" = "'/a'\$'\\n''b': migrated from OSTs "* ]] ||
		fail "migrate -v on a terminal: $out"
	[ "$(tty "$LFS" stat "'$ESC'" | head -1)" = "  File: '/g'\$'\\033''[31mh'" ] ||
		fail "stat on a terminal: $(tty "$LFS" stat "'$ESC'" | head -1)"
	# Valid UTF-8 passes; a C1 control or a stray byte does not.
	echo x | "$LFS" write $'/\u00e9t\u00e9'
	echo x | "$LFS" write $'/c1\xc2\x9b'
	echo x | "$LFS" write $'/bad\xff'
	[ "$(tty "$LFS" ls / | grep -a -e t -e c1 -e bad)" = "'bad'\$'\\377'
'c1'\$'\\302\\233'
$(printf '\303\251t\303\251')" ] || fail "ls of UTF-8 names: $(tty "$LFS" ls /)"
	"$LFS" rm $'/\u00e9t\u00e9' $'/c1\xc2\x9b' $'/bad\xff'
	# lfsck's notes are lines: escaped on a terminal, raw to a pipe.
	touch "$STORE/mdt/PENDING/VOLATILE:"$'\e[31mx'
	[ "$(tty "$LFS" lfsck | head -1)" = \
	  'lfsck: destroyed leftover volatile inode VOLATILE:\033[31mx' ] ||
		fail "lfsck on a terminal: $(tty "$LFS" lfsck)"
	touch "$STORE/mdt/PENDING/VOLATILE:"$'\e[31mx'
	[ "$("$LFS" lfsck | head -1)" = \
	  "lfsck: destroyed leftover volatile inode VOLATILE:"$'\e[31mx' ] ||
		fail "lfsck to a pipe: $("$LFS" lfsck)"
fi
