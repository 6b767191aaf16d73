# Namespace commands: ls, stat, mkdir, rm, mv, ln, chmod, chown, touch.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 4 --ost-size 64M
# Summed Used column of the OST rows of df.
ost_used() { "$LFS" df | awk '/-OST[0-9a-f]+_UUID/ { u += $3 } END { print u }'; }

# mkdir, ls, ls -l.
"$LFS" mkdir /a /d
"$LFS" mkdir -p /p/q/r
"$LFS" mkdir -p /p/q
"$LFS" mkdir -m 700 /m
expect_out $'a\nd\nm\np' "$LFS" ls
expect_out $'a\nd\nm\np' "$LFS" ls /
expect_out q "$LFS" ls /p
expect_out $'.\n..\nq' "$LFS" ls -a /p
"$LFS" ls -l / | grep -Eq '^drwx------ +2 +root +root +4096 [0-9-]+ [0-9:]+ m$' || fail "ls -l: $("$LFS" ls -l /)"
[ "$(stat -c %a "$STORE/mdt/ROOT/m")" = 700 ] || fail "mkdir -m"

# mkdir copies the parent's default layout; later changes leave it alone.
"$LFS" setstripe -c 2 /a
"$LFS" mkdir /a/b
"$LFS" getstripe -d /a/b | grep -q 'stripe_count:  2 ' || fail "mkdir did not copy the default: $("$LFS" getstripe -d /a/b)"
"$LFS" setstripe -c 3 /a
"$LFS" getstripe -d /a/b | grep -q 'stripe_count:  2 ' || fail "child default followed the parent"
# Children of the root get no copy (the root's default applies anyway).
[ "$(python3 -c 'import os,sys; print(os.listxattr(sys.argv[1]))' "$STORE/mdt/ROOT/d")" = "[]" ] || fail "copied the root default"

# touch creates with the default layout and sets times.
"$LFS" touch /a/b/t
expect_out 2 "$LFS" getstripe -c /a/b/t
"$LFS" touch -d '2020-01-02 03:04:05' /a/b/t
"$LFS" stat /a/b/t | grep -q '^Modify: 2020-01-02 03:04:05.000000000 ' || fail "touch -d: $("$LFS" stat /a/b/t)"
"$LFS" touch -d @86400 /a/b/t
[ "$(stat -c %X:%Y "$STORE/mdt/ROOT/a/b/t")" = 86400:86400 ] || fail "touch -d @EPOCH"

# stat.
printf 'hello' | "$LFS" write /f
out=$("$LFS" stat /f)
[ "${out%%$'\n'*}" = '  File: /f' ] || fail "stat: $out"
echo "$out" | grep -Eq '^  Size: 5 +	Blocks: [0-9]+ +IO Block: [0-9]+ +regular file$' || fail "stat size: $out"
echo "$out" | grep -Eq '^Inode: [0-9]+ +Links: 1$' || fail "stat links: $out"
echo "$out" | grep -q '^Access: (0644/-rw-r--r--)  Uid: (    0/    root)   Gid: (    0/    root)$' || fail "stat access: $out"
echo "$out" | grep -Eq '^Change: [0-9-]+ [0-9:]+\.[0-9]{9} [+-][0-9]{4}$' || fail "stat times: $out"
"$LFS" stat /d | grep -q ' directory$' || fail "stat dir"

# chmod, chown.
"$LFS" chmod 640 /f
"$LFS" chown 12:34 /f
[ "$(stat -c %a:%u:%g "$STORE/mdt/ROOT/f")" = 640:12:34 ] || fail "chmod/chown"
"$LFS" chown root:root /f
"$LFS" chown :12 /f
[ "$(stat -c %u:%g "$STORE/mdt/ROOT/f")" = 0:12 ] || fail "chown :GID"

# mv: rename, into a directory, over a file (whose objects go).
"$LFS" mv /f /g
expect_out hello "$LFS" cat /g
"$LFS" mv /g /d
expect_out hello "$LFS" cat /d/g
printf 'other' | "$LFS" write /o
used=$(ost_used)
"$LFS" mv /d/g /o
expect_out hello "$LFS" cat /o
[ "$(ost_used)" -lt "$used" ] || fail "mv over a file leaked its objects"

# Hard links share the data; rm of one name keeps it, rm of the last frees it.
head -c 3000000 /dev/urandom > big
"$LFS" import -c 2 big /big
"$LFS" ln /big /d/big2
"$LFS" ls -l /big | grep -Eq '^-rw-r--r-- +2 ' || fail "nlink 2"
used=$(ost_used)
"$LFS" rm /big
"$LFS" export /d/big2 big.out
cmp big big.out || fail "data lost with a link left"
[ "$(ost_used)" = "$used" ] || fail "rm of one link changed usage"
"$LFS" rm /d/big2
[ "$(ost_used)" -lt "$used" ] || fail "rm of the last link kept the space"

# Symlinks resolve inside the store, never on the host.
"$LFS" ln -s /etc/passwd /l
"$LFS" ls -l /l | grep -q ' /l -> /etc/passwd$' || fail "ls -l symlink"
expect_fail 2 "error: lfs cat: /l: No such file or directory" "$LFS" cat /l
"$LFS" ln -s ../../../../../../etc/passwd /l2
expect_fail 2 "error: lfs cat: /l2: No such file or directory" "$LFS" cat /l2
"$LFS" ln -s /o /l3
expect_out hello "$LFS" cat /l3
# ls follows a symlink argument to a directory (not with -l); a dangling one is listed.
"$LFS" ln -s /p /lp
expect_out q "$LFS" ls /lp
"$LFS" ls -l /lp | grep -q '^l.* /lp -> /p$' || fail "ls -l of a symlink argument"
expect_out /l "$LFS" ls /l
"$LFS" rm /lp

# rm -r, depth first, symlinks removed not followed.
"$LFS" mkdir /t /t/u
"$LFS" touch /t/u/x /t/y
"$LFS" ln -s / /t/root
"$LFS" rm -r /t
expect_out $'a\nd\nl\nl2\nl3\nm\no\np' "$LFS" ls
"$LFS" rm -f /nothing

# Bad input: exact message, status, and nothing changed.
before=$(store_state)
expect_fail 2 "error: lfs ls: /nope: No such file or directory" "$LFS" ls /nope
expect_fail 22 "error: lfs ls: /../x: path escapes the filesystem root" "$LFS" ls /../x
expect_fail 2 "error: lfs stat: /nope: No such file or directory" "$LFS" stat /nope
expect_fail 21 "error: lfs cat: /d: Is a directory" "$LFS" cat /d
expect_fail 21 "error: lfs rm: /d: Is a directory" "$LFS" rm /d
expect_fail 21 "error: lfs rm: /a: Is a directory" "$LFS" rm /a
expect_fail 2 "error: lfs rm: /nope: No such file or directory" "$LFS" rm /nope
expect_fail 16 "error: lfs rm: /: refusing to remove the filesystem root" "$LFS" rm -r /
expect_fail 22 "error: lfs rm: /../x: path escapes the filesystem root" "$LFS" rm /../x
expect_fail 17 "error: lfs mkdir: /d: File exists" "$LFS" mkdir /d
expect_fail 2 "error: lfs mkdir: /x/y: No such file or directory" "$LFS" mkdir /x/y
# lfs_setdirstripe: "%s %s: bad MODE '%s'", CMD_HELP (2.15.3 lfs.c
# 6903-6909), after -m's deprecation warning (6790-6793).
err=$("$LFS" mkdir -m 9 /z 2>&1 >/dev/null) && fail "mkdir -m 9 succeeded"
[ "$(echo "$err" | head -2)" = "warning: '-m' is deprecated, use '--mode' or '-o' instead
lfs mkdir: bad MODE '9'" ] || fail "mkdir -m 9: $err"
expect_usage "lfs mkdir: bad MODE '9'" "$LFS" mkdir -o 9 /z
expect_fail 22 "error: lfs mv: /o: '/o' and '/o' are the same file" "$LFS" mv /o /o
expect_fail 22 "error: lfs mv: /d: Invalid argument" "$LFS" mv /d /d/sub
expect_fail 2 "error: lfs mv: /nope: No such file or directory" "$LFS" mv /nope /z
expect_fail 22 "error: lfs mv: /../o: path escapes the filesystem root" "$LFS" mv /../o /z
expect_fail 1 "error: lfs ln: /d: hard link not allowed for directory" "$LFS" ln /d /z
expect_fail 17 "error: lfs ln: /o: File exists" "$LFS" ln /a/b/t /o
expect_fail 2 "error: lfs ln: /nope: No such file or directory" "$LFS" ln /nope /z
expect_fail 22 "error: lfs chmod: invalid mode 'rwx'" "$LFS" chmod rwx /o
expect_fail 2 "error: lfs chmod: /nope: No such file or directory" "$LFS" chmod 644 /nope
expect_fail 22 "error: lfs chown: invalid user: 'no_such_user'" "$LFS" chown no_such_user /o
expect_fail 22 "error: lfs chown: invalid group: '0:no_such_group'" "$LFS" chown 0:no_such_group /o
expect_fail 2 "error: lfs touch: /x/y: No such file or directory" "$LFS" touch /x/y
expect_fail 22 "error: lfs touch: invalid date format 'yesterday'" "$LFS" touch -d yesterday /o
expect_fail 22 "error: lfs touch: /../x: path escapes the filesystem root" "$LFS" touch /../x
for c in mv ln chmod chown touch mkdir stat; do
	status=0; "$LFS" $c >/dev/null 2>&1 || status=$?
	[ $status = 4 ] || fail "lfs $c without arguments exited $status"
done
[ "$(store_state)" = "$before" ] || fail "a refused command changed the store"

# rm of a non-empty directory without -r changes nothing either (EISDIR above);
# with -r it goes.
"$LFS" rm -r /a
expect_out $'d\nl\nl2\nl3\nm\no\np' "$LFS" ls
echo done
