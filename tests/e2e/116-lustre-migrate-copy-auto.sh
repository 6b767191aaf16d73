# migrate --copy and migrate -A on a Lustre mount (the liblustreapi test
# double), each compared with the same command on a store set up as the
# double's servers: the layout taken from --copy's FILE (a directory's
# default for a directory), its placement left to the allocator; -A's
# stripe count from the OSTs' statfs by lfs_migrate's rule (docs/DESIGN.md
# 5.2), the same counts as the store's; data kept, refusals change nothing.
. "$(dirname "$0")/../e2e-lustre.sh"
skip_real "compares with a store set up as the double's servers"
# OSTs of 4 GiB: -A's cap (1% of the smallest free space) is 40 MiB.
ref_store --osts 4 --ost-size 4G
ref_pool flash 1 2
# same_data NAME: the mount's file and the store's hold host file NAME.
same_data() {
	cmp "$1" "$MNT/$1" || fail "$1 on the mount"
	R cat "/$1" | cmp - "$1" || fail "$1 on the store"
}
head -c 3M /dev/urandom > f
cp f "$MNT/f"
R import f /f > /dev/null

# --copy FILE: its components, counts, sizes and pools.
both setstripe -E 2M -c 1 -E -1 -c 2 -S 2M -p flash M:/src
both migrate --copy M:/src M:/f
expect_out 2 both getstripe --component-count M:/f
expect_out "1 1048576" vals getstripe -I 1 -c -S M:/f
expect_out "2 2097152 flash" vals getstripe -I 2 -c -S -p M:/f
same_data f
# Placement is not copied: a file made with -o 3,0 gives its count only.
both setstripe -o 3,0 M:/placed
both migrate --copy M:/placed M:/f
expect_out "2" both getstripe -c M:/f
same_data f
# --copy DIR: the default a new file there takes.
mkdir "$MNT/d"
R mkdir /d
both setstripe -c 2 -S 2M -p flash M:/d
both migrate --copy M:/d M:/f
expect_out "2 2097152 flash" vals getstripe -c -S -p M:/f
[ "$(osts_of "$MNT/f" | tr ',' '\n' | sort | paste -sd,)" = "1,2" ] || fail "f not in flash: $(osts_of "$MNT/f")"
same_data f
# Refusals: nothing changed.
before=$(kept)
expect_fail 2 "error: lfs migrate: --copy /nosuch: No such file or directory" both migrate --copy M:/nosuch M:/f
expect_usage "error: lfs migrate: --copy cannot be combined with -c, -S, -i, -o, -p or -E" both migrate --copy M:/src -c 2 M:/f
expect_usage "error: lfs migrate: --yaml cannot be combined with --copy" both migrate --copy M:/src --yaml x M:/f
[ "$(kept)" = "$before" ] || fail "a refused --copy changed a layout"
same_data f

# -A: 1 + sqrt(size in GiB), raised so an object takes at most 1% of the
# smallest OST's free space (40 MiB here), at most the OSTs taking
# objects. Sparse files: their size decides, not their data.
for n in 10 100 200; do
	truncate -s ${n}M "$MNT/s$n"
	R touch /s$n
	R truncate -s ${n}M /s$n
done
both migrate -A M:/s100 M:/s200
# (s10 stays at 1 stripe, "already in the requested layout (OSTs N)": its
# OST is each allocator's own choice.)
"$LFS" migrate -A "$MNT/s10" > /dev/null
R migrate -A /s10 > /dev/null
expect_out 1 both getstripe -c M:/s10
expect_out 3 both getstripe -c M:/s100
expect_out 4 both getstripe -c M:/s200
[ "$(stat -c %s "$MNT/s200")" = $((200 << 20)) ] || fail "s200's size"
# An OST that takes no new objects does not count; nor one outside -p's pool.
S ost nocreate 3
R ost nocreate 3
both migrate -A M:/s200
expect_out 3 both getstripe -c M:/s200
both migrate -A -p flash M:/s200
expect_out "2 flash" vals getstripe -c -p M:/s200
[ "$(osts_of "$MNT/s200" | tr ',' '\n' | sort | paste -sd,)" = "1,2" ] || fail "s200 not in flash: $(osts_of "$MNT/s200")"
# -A with data: kept.
both migrate -A M:/f
expect_out 1 both getstripe -c M:/f
same_data f
before=$(kept)
expect_usage "error: lfs migrate: --auto-stripe cannot be combined with -c or -E" both migrate -A -c 2 M:/f
expect_fail 2 "error: lfs migrate: /nosuch: No such file or directory" both migrate -A M:/nosuch
[ "$(kept)" = "$before" ] || fail "a refused -A changed a layout"
