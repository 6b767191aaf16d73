# Layout features end to end: PFL components, overstriping, large layouts
# in side files, directory defaults, getstripe's selectors.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 4 --ost-size 256M

# PFL: instantiation as writes reach components; getstripe -E/--component-start.
"$LFS" setstripe -E 1M -c 1 -E 8M -c 2 -E -1 -c 4 /pfl
expect_out 3 "$LFS" getstripe --component-count /pfl
# A field option alone shows the last instantiated component
# (liblustreapi.c print_last_init_comp()).
expect_out 1048576 "$LFS" getstripe -E /pfl
expect_out 0 "$LFS" getstripe --component-start /pfl
[ "$("$LFS" getstripe /pfl | grep -c 'lcme_flags:          init')" = 1 ] || fail "only the first component instantiated"
head -c 3000000 /dev/urandom > three
"$LFS" write /pfl < three
[ "$("$LFS" getstripe /pfl | grep -c 'lcme_flags:          init')" = 2 ] || fail "write instantiated component 2"
"$LFS" cat /pfl | cmp - three
expect_out "    lcme_extent.e_start: 1048576
    lcme_extent.e_end:   8388608" "$LFS" getstripe --component-start -E /pfl
"$LFS" getstripe -E8M /pfl | grep -q '^    lcme_id:             2$' || fail "-E8M selects component 2"
[ "$("$LFS" getstripe -E8M /pfl | grep -c lcme_id)" = 1 ] || fail "-E8M selects only one"
expect_out 2 "$LFS" getstripe -I 2 -c /pfl
"$LFS" truncate -s 20M /pfl
[ "$("$LFS" getstripe /pfl | grep -c 'lcme_flags:          init')" = 3 ] || fail "truncate instantiated component 3"

# --component-add past the last component; --component-del of the last
# uninstantiated one; an instantiated one is refused.
"$LFS" setstripe -E 1M -c 1 -E 4M -c 2 /short
head -c 5000000 /dev/urandom | { "$LFS" write /short 2>err && fail "write past the last component"; } || true
grep -q "is beyond the end of the file's last component (4194304 bytes written before the error were kept)" err || fail "EFBIG: $(cat err)"
"$LFS" setstripe --component-add -E -1 -c 4 /short
expect_out 3 "$LFS" getstripe --component-count /short
"$LFS" setstripe --component-del -I 3 /short
expect_out 2 "$LFS" getstripe --component-count /short
expect_fail 16 "error: lfs setstripe: /short: component 1 is instantiated: only uninstantiated components can be deleted" "$LFS" setstripe --component-del -I 1 /short

# Overstriping: -C beyond the OST count, and a repeated -o OST.
"$LFS" setstripe -C 8 /over
expect_out 8 "$LFS" getstripe -c /over
expect_out raid0,overstriped "$LFS" getstripe -L /over
"$LFS" setstripe -o 1,1,2 /rep
expect_out raid0,overstriped "$LFS" getstripe -L /rep
[ "$("$LFS" getstripe /rep | awk '/^\t +[0-9]/ {printf "%s ", $1}')" = "1 1 2 " ] || fail "-o 1,1,2 objects"

# 2000 stripes: the layout lives in a side file; data and migrate work.
"$LFS" setstripe -C 2000 /wide
expect_out 2000 "$LFS" getstripe -c /wide
[ "$(ls "$STORE/mdt/LAYOUTS" | wc -l)" = 1 ] || fail "side file for a 2000-stripe layout"
"$LFS" write /wide < three
"$LFS" cat /wide | cmp - three
"$LFS" migrate -c 2 /wide
[ -z "$(ls "$STORE/mdt/LAYOUTS")" ] || fail "side file left after migrating to a small layout"
"$LFS" migrate -C 1500 /wide
expect_out 1500 "$LFS" getstripe -c /wide
"$LFS" cat /wide | cmp - three
"$LFS" rm /wide
[ -z "$(ls "$STORE/mdt/LAYOUTS")" ] || fail "side file left after rm"

# Directory defaults: a file takes its parent's default, else the root's;
# fields a plain default leaves unset come from the root's.
"$LFS" setstripe -c 2 /
"$LFS" mkdir /d /d2
"$LFS" setstripe -S 2M /d
"$LFS" setstripe /d/f
expect_out 2 "$LFS" getstripe -c /d/f
expect_out 2097152 "$LFS" getstripe -S /d/f
"$LFS" setstripe /d2/f
expect_out 1048576 "$LFS" getstripe -S /d2/f
expect_out "stripe_count:  2 stripe_size:   2097152 pattern:       raid0 stripe_offset: -1" "$LFS" getstripe -d /d
"$LFS" setstripe -d /d
"$LFS" setstripe /d/g
expect_out 1048576 "$LFS" getstripe -S /d/g
expect_out "stripe_count:  2 stripe_size:   1048576 pattern:       raid0 stripe_offset: -1" "$LFS" getstripe -d /d

# getstripe -r recurses, a directory without -r lists its entries once.
[ "$("$LFS" getstripe -r / | grep -c '^lmm_stripe_count')" = 5 ] || fail "-r"
"$LFS" getstripe /d | grep -qx /d/f || fail "dir listing names its files"

# -v adds the FID lines; -g the generation; -p the pool.
"$LFS" getstripe -v /over | grep -q '^lmm_fid:           \[0x200000400:0x[0-9a-f]*:0x0\]$' || fail "-v fid"
expect_out 0 "$LFS" getstripe -g /over
"$LFS" pool new flash; "$LFS" pool add flash 2 3
"$LFS" setstripe -p flash -c 2 /inpool
expect_out flash "$LFS" getstripe -p /inpool
[ "$("$LFS" getstripe /inpool | awk '/^\t +[0-9]/ {print $1}' | sort | tr '\n' ' ')" = "2 3 " ] || fail "pool OSTs"

# setstripe -v says when a count was capped to the usable OSTs.
"$LFS" ost nocreate 3
"$LFS" setstripe -v -c 4 /capped 2>err
grep -qx "lfs setstripe: /capped: stripe count 4 capped to 3 usable OSTs" err || fail "capped: $(cat err)"
expect_out 3 "$LFS" getstripe -c /capped
echo done
