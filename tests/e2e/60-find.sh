# lfs find (issue 16): each test once, in long and single-dash forms, '!',
# -0 with names no line-based tool survives, --printf, the bad inputs and
# their statuses, and GNU find's answers over the MDT tree where Lustre's
# semantics and GNU's agree (days, sizes, -newer).
. "$(dirname "$0")/../e2e-lib.sh"
export TZ=UTC
mkstore --osts 4 --ost-size 64M
"$LFS" pool new flash
"$LFS" pool add flash 1
"$LFS" setstripe -c 1 -i 0 /a
"$LFS" setstripe -c 2 -i 2 -S 2M /b
"$LFS" setstripe -p flash /c
"$LFS" mkdir /d
"$LFS" setstripe -E 1M -c 1 -i 3 -E -1 -c 2 /d/e
"$LFS" ln -s ../a /d/l
head -c 3000 /dev/zero | "$LFS" write /a
head -c 3M /dev/zero | "$LFS" write /b
all='/
/a
/b
/c
/d
/d/e
/d/l'
expect_out "$all" "$LFS" find /
expect_out "/a
/b
/c
/d/e" "$LFS" find / --type f
expect_out "/d/l" "$LFS" find / -type l
expect_out "/a" "$LFS" find / --ost 0
expect_out "/b
/d/e" "$LFS" find / -O lustre-OST0003_UUID
expect_out "/a
/b" "$LFS" find / --obd OST0000,2
expect_out "/c" "$LFS" find / -i 1
expect_out "/a
/c" "$LFS" find / ! --ost 3 ! -stripe-index 2
expect_out "/c" "$LFS" find / --pool flash
expect_out "/
/a
/b
/d
/d/e
/d/l" "$LFS" find / -pool ''
expect_out "/b" "$LFS" find / -c 2
expect_out "/b" "$LFS" find / -stripe-count +1
expect_out "/b" "$LFS" find / -S 2M
expect_out "/b" "$LFS" find / --size +1M
expect_out "/a" "$LFS" find / -type f -size 3k
# A repeated test keeps its last value, as Lustre's single fp_size.
expect_out "/a
/c
/d/e" "$LFS" find / -size +2k -type f -size -4k --lazy
expect_out "/b" "$LFS" find / -b +2M
expect_out "/
/a
/b
/c
/d" "$LFS" find / -D 1
expect_out "/d/e
/d/l" "$LFS" find / --mindepth 2
expect_out "/d/e" "$LFS" find / -n 'e*'
expect_out "/
/d/l" "$LFS" find / ! -name '[a-e]'
expect_out "/
/a
/b
/c
/d/e" "$LFS" find / -L raid0
expect_out "" "$LFS" find / --layout released,mdt
expect_out "/d/e" "$LFS" find / --component-count 2
expect_out "/d/e" "$LFS" find / --component-start +0
expect_out "/d/e" "$LFS" find / -E 1M
expect_out "/
/d
/d/e" "$LFS" find / --component-flags ^init
expect_out "$all" "$LFS" find / -m 0
expect_out "" "$LFS" find / ! --mdt-index lustre-MDT0000_UUID
expect_out "$all" "$LFS" find / -u "$(id -u)" -G "$(id -g)"
expect_out "" "$LFS" find / ! --uid "$(id -u)"
expect_out "$all" "$LFS" find / --user "$(id -un)" --gid "$(id -g)"
chmod 0600 "$STORE/mdt/ROOT/c"
expect_out "/c" "$LFS" find / --perm 600
expect_out "/c" "$LFS" find / -type f ! -perm /o+r
expect_out "/c" "$LFS" find / -perm -u=rw,g= -type f ! -perm -g=r
expect_out "/a 3000 f 0644 1 [0] 1048576 0 []
/b 3145728 f 0644 2 [2,3] 2097152 2 []
/c 0 f 0600 1 [1] 1048576 1 [flash]" "$LFS" find / -type f -D 1 -printf '%p %s %y %m %Lc %Lo %LS %Li [%Lp]\n'
expect_out "/d/e 1 [3][?,?] %q \\z 50%" "$LFS" find /d/e -printf '%p %Lc %Lo %q \\z 50%%\n'

# Times, in the units and combinations of Lustre's set_time.
root=$STORE/mdt/ROOT
touch -d '3 days ago' "$root/a"
touch -d '90 minutes ago' "$root/b"
touch -d '40 days ago' "$root/c"
expect_out "/a" "$LFS" find / -type f -mtime 3
expect_out "/a
/c" "$LFS" find / -type f --mtime +2
expect_out "/b
/d/e" "$LFS" find / -type f -M -2h
expect_out "/a
/b
/c" "$LFS" find / -type f -M +1h20m
expect_out "/d/e" "$LFS" find / -type f -M -1h20m
expect_out "/c" "$LFS" find / -type f -M +5w
expect_out "/b
/d/e" "$LFS" find / -type f ! -mtime +1
expect_out "$all" "$LFS" find / -A -1y
expect_out "$all" "$LFS" find / -C -10m
expect_out "/b
/d/e" "$LFS" find / -type f --newer /a
expect_out "/b
/d/e" "$LFS" find / -type f -newermt "$(date -d '2 days ago' '+%Y-%m-%d %H:%M:%S')"
expect_out "/a
/b
/c" "$LFS" find / -type f ! -newermm /b
expect_out "/a
/c" "$LFS" find / -type f ! --newermt @"$(date -d '1 day ago' +%s)"
# Birth times, where the host keeps them (statx); a clear error elsewhere.
if [ "$(stat -c %W "$root/a")" != 0 ]; then
	expect_out "/
/a
/b
/c
/d" "$LFS" find / -D 1 -B -1d
	expect_out "/a
/b
/c
/d/e" "$LFS" find / -type f -newerBm /a
else
	expect_fail 95 "error: lfs find: /: the host filesystem keeps no birth time" \
		"$LFS" find / -D 0 -B -1d
fi

# GNU find agrees on days, sizes and -newer over the MDT tree.
agree() {
	local ours gnu
	ours=$(cd "$root" && "$LFS" find . "$@" | sort)
	gnu=$(cd "$root" && find . "$@" | sort)
	[ "$ours" = "$gnu" ] || fail "find . $*: ours differ from GNU find:
$ours
--- GNU
$gnu"
}
agree -mtime 3
agree -mtime +2
agree -mtime -1
agree ! -mtime 0
agree -type f -size -1k
agree -size 3k
agree -size +1M
agree -size -2M
agree -type f -newer b
agree -maxdepth 1 -type d
agree -name '[a-c]'

# -0: names with blanks, newlines, leading dashes and bytes that are no
# UTF-8 come out whole, and nothing else does.
"$LFS" mkdir /n
for name in 'two words' $'new\nline' '-dash' $'\xff\xfe'; do
	"$LFS" touch "/n/$name"
done
"$LFS" find /n -type f -0 > z.out
printf '/n/%s\0' '-dash' $'new\nline' 'two words' $'\xff\xfe' > z.want
cmp z.out z.want || fail "-0 output: $(od -c z.out)"
"$LFS" find /n -type f --print0 -printf '%p\0' > z.out
cmp z.out z.want || fail "--printf %p\\0: $(od -c z.out)"
expect_out "/n/-dash" "$LFS" find /n -P -name '-*'

# Bad input: a usage error prints nothing on stdout and the usage on
# stderr, status 4; a target that does not exist is one line, status 22.
for bad in "--size 10Q|bad file size '10Q'" "-c 2x|bad stripe_count '2x'" \
	   "--mtime 3x|bad time string '3x'" "-type q|bad type 'q'" \
	   "-D -1|bad maxdepth '-1'" "--perm 8|invalid mode '8'" \
	   "-L raid5|bad layout 'raid5'" "--component-flags x|bad component flags 'x'" \
	   "--newermt someday|invalid time 'someday'" "-S 1Q|bad stripe_size '1Q'"; do
	args=${bad%%|*}
	# shellcheck disable=SC2086
	expect_usage "error: lfs find: ${bad#*|}" "$LFS" find / $args
	# shellcheck disable=SC2086
	[ -z "$("$LFS" find / $args 2>/dev/null)" ] || fail "find / $args printed on stdout"
done
expect_usage "find: unrecognized option '--frobnicate'" "$LFS" find / --frobnicate 1
expect_usage "error: lfs find: no filename|pathname" "$LFS" find -type f
expect_usage "error: lfs find: filename|dirname must either precede options or follow options" \
	"$LFS" find / -type f /d
expect_fail 22 "error: lfs find: 9: unknown obduuid" "$LFS" find / --ost 9
expect_fail 22 "error: lfs find: lustre-OST0004_UUID: unknown obduuid" "$LFS" find / -O 1,lustre-OST0004_UUID
expect_fail 22 "error: lfs find: pool 'lustre.slow' does not exist" "$LFS" find / --pool slow
expect_fail 22 "error: lfs find: 1: unknown obduuid" "$LFS" find / --mdt 1
expect_fail 22 "error: lfs find: User/UID: no-such-user cannot be found." "$LFS" find / -U no-such-user

# A missing path, or one outside the store, is reported; the others are
# still walked, and the status says something failed.
st=0; "$LFS" find /nope /d /../x -type f > out 2> err || st=$?
[ $st = 2 ] || fail "missing path: status $st"
expect_out "/d/e" cat out
expect_out "error: lfs find: /nope: No such file or directory
error: lfs find: /../x: path escapes the filesystem root" cat err
# The start is not followed when it is a symlink, nor anything below.
expect_out "/d/l" "$LFS" find /d/l
"$LFS" ln -s .. /d/loop
expect_out "/d/loop" "$LFS" find / -name loop

# A directory that cannot be read is reported and the walk goes on (as
# another user when run as root, who reads everything).
mkdir -m 0 "$root/locked"
"$LFS" mkdir /m
as_user=()
if [ "$(id -u)" = 0 ]; then
	chmod 755 "$SCRATCH"
	as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
st=0; "${as_user[@]}" "$LFS" find / -type d > out 2> err || st=$?
[ $st = 13 ] || fail "unreadable directory: status $st ($(cat err))"
expect_out "/
/d
/locked
/m
/n" cat out
expect_out "error: lfs find: /locked: cannot read directory: Permission denied" cat err
