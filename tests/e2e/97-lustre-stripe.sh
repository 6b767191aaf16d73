# lfs setstripe and getstripe on a Lustre mount (the liblustreapi test
# double): files made with a layout, directory defaults and what files
# inherit from them (pools too), PFL, the field options, YAML out and back
# in. Object ids and groups are the servers' (e2e 118 checks them
# exactly against a store): here they are masked.
. "$(dirname "$0")/../e2e-lustre.sh"
need_osts 4
need_pool flash 1 2

ids() { "$LFS" getstripe "$@" | sed -E 's/^\t( +[0-9]+)\t +[0-9]+\t +0x[0-9a-f]+\t +(0x)?[0-9a-f]+$/\t\1\tID/'; }
"$LFS" setstripe -c 2 -S 2M -i 3 "$MNT/f"
expect_out "$MNT/f
lmm_stripe_count:  2
lmm_stripe_size:   2097152
lmm_pattern:       raid0
lmm_layout_gen:    0
lmm_stripe_offset: 3
	obdidx		 objid		 objid		 group
	     3	ID
	     0	ID" ids "$MNT/f"
expect_out 2 "$LFS" getstripe -c "$MNT/f"
expect_out 2097152 "$LFS" getstripe -S "$MNT/f"
expect_out 3 "$LFS" getstripe -i "$MNT/f"
expect_out "" "$LFS" getstripe -p "$MNT/f"
[ -f "$MNT/f" ] && [ ! -s "$MNT/f" ] || fail "setstripe made no empty file"

# A file that has a layout keeps it; a bad request leaves no name.
expect_fail 17 "error: lfs setstripe: $MNT/f: File exists" "$LFS" setstripe -c 1 "$MNT/f"
expect_out 2 "$LFS" getstripe -c "$MNT/f"
expect_fail 22 "error: lfs setstripe: $MNT/bad: Invalid argument" "$LFS" setstripe -i 7 "$MNT/bad"
expect_fail 22 "error: lfs setstripe: $MNT/bad: Invalid argument" "$LFS" setstripe -p nosuch "$MNT/bad"
[ ! -e "$MNT/bad" ] || fail "a refused setstripe left $MNT/bad"
expect_usage "lfs setstripe setstripe: invalid stripe size '3'" "$LFS" setstripe -S 3 "$MNT/bad"

# A directory default, shown by -d; files made there, by setstripe or by
# any host tool, take it, pool included; a new default without a pool
# keeps the directory's.
mkdir "$MNT/d"
expect_out "stripe_count:  1 stripe_size:   1048576 pattern:       raid0 stripe_offset: -1" \
	"$LFS" getstripe -d "$MNT/d"
"$LFS" setstripe -c 2 -p flash "$MNT/d"
expect_out "stripe_count:  2 stripe_size:   1048576 pattern:       raid0 stripe_offset: -1 pool:          flash" \
	"$LFS" getstripe -d "$MNT/d"
echo data > "$MNT/d/host"
"$LFS" setstripe -S 4M "$MNT/d/made"
for f in host made; do
	expect_out flash "$LFS" getstripe -p "$MNT/d/$f"
	expect_out 2 "$LFS" getstripe -c "$MNT/d/$f"
	[ "$(osts_of "$MNT/d/$f" | tr ',' '\n' | sort | tr '\n' ' ')" = "1 2 " ] ||
		fail "$f not in the pool's OSTs: $(osts_of "$MNT/d/$f")"
done
expect_out 4194304 "$LFS" getstripe -S "$MNT/d/made"
"$LFS" setstripe -c 1 "$MNT/d"
expect_out "stripe_count:  1 stripe_size:   1048576 pattern:       raid0 stripe_offset: -1 pool:          flash" \
	"$LFS" getstripe -d "$MNT/d"
# A directory lists its entries after its default, -r goes down.
"$LFS" getstripe -c "$MNT/d" > /dev/null
[ "$("$LFS" getstripe -r "$MNT" | grep -c '^lmm_stripe_count')" = 3 ] || fail "getstripe -r: $("$LFS" getstripe -r "$MNT")"

# PFL: the first component instantiated, the later ones as the size reaches them.
"$LFS" setstripe -E 1M -c 1 -E -1 -c 3 "$MNT/pfl"
"$LFS" getstripe "$MNT/pfl" > pfl.0
grep -c 'lcme_flags:          init' pfl.0 | grep -qx 1 || fail "new PFL file: $(cat pfl.0)"
grep -qx '  lcm_layout_gen:    0' pfl.0 || fail "lcm_layout_gen: $(cat pfl.0)"
head -c 3M /dev/zero > "$MNT/pfl"
"$LFS" getstripe "$MNT/pfl" > pfl.1
grep -c 'lcme_flags:          init' pfl.1 | grep -qx 2 || fail "written PFL file: $(cat pfl.1)"
# Instantiating a component changes the layout: gen + 1 (the double as the
# store's inode_instantiate).
[ -n "$REAL" ] || grep -qx '  lcm_layout_gen:    1' pfl.1 || fail "lcm_layout_gen: $(cat pfl.1)"
expect_out 3 "$LFS" getstripe -c "$MNT/pfl"

# getstripe -y and setstripe --yaml: the same geometry and OSTs again.
"$LFS" getstripe -y "$MNT/f" > f.yaml
grep -qx 'lmm_layout_gen:    0' f.yaml || fail "YAML: $(cat f.yaml)"
"$LFS" setstripe --yaml f.yaml "$MNT/g"
expect_out "$(osts_of "$MNT/f")" osts_of "$MNT/g"
expect_out 2097152 "$LFS" getstripe -S "$MNT/g"
