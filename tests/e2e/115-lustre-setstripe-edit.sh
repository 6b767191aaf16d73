# setstripe -d, --copy, --component-add and --component-del on a Lustre
# mount (the liblustreapi test double), each compared with the same
# command on a store set up as the double's servers: the same output,
# messages and statuses; each refusal changes nothing.
. "$(dirname "$0")/../e2e-lustre.sh"
skip_real "compares with a store set up as the double's servers"
ref_store --osts 4 --ost-size 256M
ref_pool flash 1 2
mkdir "$MNT/d" "$MNT/plain"
R mkdir /d /plain

# -d: a directory's default deleted; its new files take the root's again.
both setstripe -c 2 -S 2M -p flash M:/d
expect_out "stripe_count:  2 stripe_size:   2097152 pattern:       raid0 stripe_offset: -1 pool:          flash" \
	both getstripe -d M:/d
both setstripe -d M:/d
expect_out "stripe_count:  1 stripe_size:   1048576 pattern:       raid0 stripe_offset: -1" \
	both getstripe -d M:/d
both setstripe M:/d/after
expect_out "1 1048576" vals getstripe -c -S M:/d/after
expect_out "" both getstripe -p M:/d/after
getfattr -n user.lfs-double.lov "$MNT/d" > /dev/null 2>&1 && fail "-d left the directory's default xattr"
# Deleting what is not there is no error, as in Lustre.
both setstripe -d M:/plain
# Refusals: a file, a missing path, options beside -d.
both setstripe -c 2 M:/f
before=$(kept)
expect_fail 20 "error: lfs setstripe: /f: --delete applies to directories" both setstripe -d M:/f
expect_fail 20 "error: lfs setstripe: /nosuch: --delete applies to directories" both setstripe -d M:/nosuch
expect_fail 22 "error: lfs setstripe: --delete cannot be combined with layout options" both setstripe -d -c 2 M:/d
[ "$(kept)" = "$before" ] || fail "a refused -d changed a layout"
[ ! -e "$MNT/nosuch" ] || fail "-d made a name"
# The mount's root: Lustre deletes its default (sanity.sh 65n), the
# filesystem's then applies; a store's root default is the filesystem's.
"$LFS" setstripe -c 3 "$MNT"
expect_out "stripe_count:  3 stripe_size:   1048576 pattern:       raid0 stripe_offset: -1" \
	"$LFS" getstripe -d "$MNT/plain"
"$LFS" setstripe -d "$MNT"
expect_out "stripe_count:  1 stripe_size:   1048576 pattern:       raid0 stripe_offset: -1" \
	"$LFS" getstripe -d "$MNT/plain"
expect_fail 1 "error: lfs setstripe: /: the root's default is the filesystem default; set it instead of deleting it" R setstripe -d /

# --copy: FILE's geometry, pools and components, not its OSTs.
both setstripe -E 2M -c 1 -p flash -E 8M -c 2 -S 2M -E -1 -c 3 M:/pfl
both setstripe --copy M:/pfl M:/copy
both setstripe -c 2 -o 3,0 M:/placed
both setstripe --copy M:/placed M:/copy2
expect_out 3 both getstripe --component-count M:/copy
expect_out flash both getstripe -I 1 -p M:/copy
expect_out "2 2097152" vals getstripe -I 2 -c -S M:/copy
expect_out 2 both getstripe -c M:/copy2
[ "$(osts_of "$MNT/placed")" = "3,0" ] || fail "placed: $(osts_of "$MNT/placed")"
# The placement is not copied: a default with -i 3 copies as offset -1.
mkdir "$MNT/at3" "$MNT/to"
R mkdir /at3 /to
both setstripe -c 2 -i 3 M:/at3
both setstripe --copy M:/at3 M:/to
expect_out "stripe_count:  2 stripe_size:   1048576 pattern:       raid0 stripe_offset: -1" \
	both getstripe -d M:/to
# A directory's --copy: the default its new files take (getstripe -d's).
both setstripe -c 2 -p flash M:/d
both setstripe --copy M:/d M:/plain
expect_out "stripe_count:  2 stripe_size:   1048576 pattern:       raid0 stripe_offset: -1 pool:          flash" \
	both getstripe -d M:/plain
both setstripe --copy M:/d M:/fromdir
expect_out "2 flash" vals getstripe -c -p M:/fromdir
before=$(kept)
expect_fail 2 "error: lfs setstripe: --copy /nosuch: No such file or directory" both setstripe --copy M:/nosuch M:/new
expect_usage "error: lfs setstripe: --copy cannot be combined with other layout options" both setstripe --copy M:/pfl -c 2 M:/new
# (The store says "stripe already set: File exists", the mount as 97.)
expect_fail 17 "error: lfs setstripe: $MNT/copy: File exists" "$LFS" setstripe --copy "$MNT/pfl" "$MNT/copy"
[ "$(kept)" = "$before" ] || fail "a refused --copy changed a layout"
[ ! -e "$MNT/new" ] || fail "a refused --copy made a name"

# --component-add after the last component; --component-del of the last
# uninstantiated one.
both setstripe -E 1M -c 1 -E 4M -c 2 M:/short
both setstripe --component-add -E -1 -c 4 M:/short
expect_out 3 both getstripe --component-count M:/short
expect_out "4194304 EOF 4" vals getstripe -I 3 -c --component-start -E M:/short
both setstripe --component-del -I 3 M:/short
expect_out 2 both getstripe --component-count M:/short
# Unset stripe size and count come from the last component.
both setstripe --component-add -E 16M -S 2M M:/short
both setstripe --component-add -E -1 -p flash M:/short
expect_out "2 2097152" vals getstripe -I 3 -c -S M:/short
expect_out "2 2097152 flash" vals getstripe -I 4 -c -S -p M:/short
both setstripe --component-del -I 4 M:/short
both setstripe --component-del -I 3 M:/short
# Refusals, each with the store's message and status, nothing changed.
both setstripe -E 1M -c 1 -E 4M -c 2 -E 8M -c 2 M:/three
both setstripe -E 1M -c 1 -E -1 -c 2 M:/eof
before=$(kept)
expect_fail 16 "error: lfs setstripe: /short: component 1 is instantiated: only uninstantiated components can be deleted" \
	both setstripe --component-del -I 1 M:/short
expect_fail 22 "error: lfs setstripe: /three: component 2 is not the last one: delete from the end" \
	both setstripe --component-del -I 2 M:/three
expect_fail 2 "error: lfs setstripe: /short: no component with id 9" both setstripe --component-del -I 9 M:/short
expect_fail 22 "error: lfs setstripe: /f: not a composite (PFL) file" both setstripe --component-del -I 1 M:/f
expect_fail 22 "error: lfs setstripe: /f: not a composite (PFL) file" both setstripe --component-add -E -1 M:/f
expect_fail 22 "error: lfs setstripe: /eof: the last component already ends at EOF: nothing can follow it" \
	both setstripe --component-add -E -1 -c 1 M:/eof
expect_fail 22 "error: lfs setstripe: /short: component end 2097152 must be beyond the file's last component end 4194304" \
	both setstripe --component-add -E 2M M:/short
expect_fail 22 "error: lfs setstripe: /short: --component-add needs -E components" both setstripe --component-add -c 2 M:/short
expect_fail 21 "error: lfs setstripe: /d: component add/delete needs a file" both setstripe --component-add -E -1 M:/d
expect_fail 21 "error: lfs setstripe: /d: component add/delete needs a file" both setstripe --component-del -I 1 M:/d
expect_fail 2 "error: lfs setstripe: /nosuch: No such file or directory" both setstripe --component-del -I 1 M:/nosuch
expect_fail 22 "error: lfs setstripe: --component-del needs -I ID" both setstripe --component-del M:/short
# The servers refuse what they do not know, as for a new file.
expect_fail 22 "error: lfs setstripe: $MNT/short: Invalid argument" "$LFS" setstripe --component-add -E -1 -p nosuch "$MNT/short"
[ "$(kept)" = "$before" ] || fail "a refused --component-* changed a layout"
[ ! -e "$MNT/nosuch" ] || fail "a refused --component-del made a name"

# A component added takes data as the file grows; data kept throughout.
both setstripe --component-add -E -1 -c 3 M:/short
head -c 6M /dev/urandom > six
cp six "$MNT/short"
cmp six "$MNT/short"
expect_out 3 "$LFS" getstripe -I 3 -c "$MNT/short"
"$LFS" getstripe -I 3 "$MNT/short" | grep -q 'lcme_flags:          init' || fail "component 3 not instantiated"
