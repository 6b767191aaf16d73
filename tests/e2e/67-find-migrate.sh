# Draining an OST as an admin does it: lfs find's names, NUL-terminated,
# piped into lfs migrate. Names of any bytes pass; only the files with an
# object on the OST move, and they leave it.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 4 --ost-size 256M

NAMES=('sp ace' $'new\nline' '-dash' '--long' $'bad\xff\xfe' ' lead')
head -c 200000 /dev/urandom > data
"$LFS" mkdir /d
for n in "${NAMES[@]}"; do "$LFS" import -o 1,2 data "/d/$n"; done
"$LFS" import -o 0 data /d/stay
"$LFS" import -o 3 data /d/stay3

# Which files hold an object on OST 1, by name, one a line (escaped by
# od so that the comparison sees every byte).
on_ost1() { "$LFS" find /d --ost 1 -0 | od -An -c | tr -s ' \n' ' '; }
want=$(printf '/d/%s\0' "${NAMES[@]}" | LC_ALL=C sort -z | od -An -c | tr -s ' \n' ' ')
got=$(on_ost1)
[ "$got" = "$want" ] || fail "find --ost 1 -0: got [$got] want [$want]"

"$LFS" ost nocreate 1
"$LFS" find /d --ost 1 -0 | "$LFS" migrate -0 --files-from - >out 2>err ||
	fail "find | migrate: $(cat err)"
[ -z "$("$LFS" find /d --ost 1)" ] || fail "OST 1 still holds: $("$LFS" find /d --ost 1)"
grep -q '^lfs migrate: 6 files: 6 migrated, 0 skipped, 0 busy, 0 failed' err ||
	fail "summary: $(cat err)"
# Every file's data kept; the files not on OST 1 untouched.
for n in "${NAMES[@]}" stay stay3; do
	"$LFS" cat "/d/$n" | cmp -s - data || fail "/d/$n: data changed"
done
expect_out 0 "$LFS" getstripe -i /d/stay
expect_out 3 "$LFS" getstripe -i /d/stay3
