# Placement fixes after issue 18 points 1-3: each case failed before its fix.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 4 --ost-size 64M

# migrate -C N is idempotent: -C 3 on 4 OSTs gives 3 distinct OSTs and no
# overstriping flag (lod_qos.c), which is what -C 3 asks for.
"$LFS" setstripe -C 3 /c3
expect_out "/c3: already in the requested layout (OSTs 0,1,2), skipped" \
	"$LFS" migrate -C 3 -v /c3
# So with two usable OSTs for -C 2.
"$LFS" ost nocreate 0
"$LFS" ost nocreate 1
"$LFS" setstripe -C 2 /c2
expect_out "/c2: already in the requested layout (OSTs 3,2), skipped" \
	"$LFS" migrate -C 2 -v /c2
"$LFS" ost create 0
"$LFS" ost create 1

# A destroyed pool: lod_qos.c places on all OSTs when lod_find_pool() finds
# none, so a directory whose default named it still takes files (without
# the pool), and files that name it still migrate and drain.
"$LFS" pool new lustre.p1
"$LFS" pool add lustre.p1 1
"$LFS" mkdir /d
"$LFS" setstripe -p p1 /d
"$LFS" setstripe -c 1 /d/f0
"$LFS" setstripe -c 1 /d/f5
"$LFS" setstripe -E 1M -c 1 -E -1 -c 2 /d/pfl
"$LFS" pool remove lustre.p1 1
"$LFS" pool destroy lustre.p1
"$LFS" setstripe -c 1 /d/f1
echo data > data
"$LFS" write -c 1 /d/f2 < data
"$LFS" import -c 1 data /d/f4
"$LFS" touch /d/t
expect_out "" "$LFS" getstripe -p /d/f1 /d/f2 /d/f4 /d/t
"$LFS" migrate -c 1 /d/f0
expect_out "" "$LFS" getstripe -p /d/f0
# A later PFL component is instantiated on any OST.
head -c 3M /dev/zero | "$LFS" write /d/pfl
[ "$("$LFS" getstripe /d/pfl | grep -c l_ost_idx)" = 3 ] || fail "/d/pfl: $("$LFS" getstripe /d/pfl)"
# migrate without options keeps the file's pool name and drains OST 1.
"$LFS" ost nocreate 1
"$LFS" migrate /d/f5
expect_out p1 "$LFS" getstripe -p /d/f5
[ "$("$LFS" getstripe -i /d/f5)" != 1 ] || fail "/d/f5 left on OST 1"
"$LFS" ost create 1
# An explicit -p of it is refused, as llapi_file_open_param refuses it.
unchanged 22 "error: lfs setstripe: /d/x: pool 'lustre.p1' does not exist" \
	"$LFS" setstripe -p p1 /d/x

# An OST list starts at the stripe offset (lod_alloc_ost_list), so a file
# placed by -o 1,3 -i 3, or by a template whose lmm_stripe_offset is not
# its first l_ost_idx, is already where the same request puts it.
"$LFS" setstripe -o 1,3 -i 3 /o
expect_out "/o: already in the requested layout (OSTs 3,1), skipped" \
	"$LFS" migrate -o 1,3 -i 3 -v /o
printf 'lmm_stripe_count: 2\nlmm_stripe_offset: 3\nlmm_objects:\n- l_ost_idx: 1\n- l_ost_idx: 3\n' > t.yaml
"$LFS" setstripe --yaml t.yaml /y
expect_out "/y: already in the requested layout (OSTs 3,1), skipped" \
	"$LFS" migrate --yaml t.yaml -v /y

# A directory default set with -i keeps the pool it replaces even when the
# OST is not in it, and files made from it as it is are refused, as in
# Lustre 2.15.3: lod_dir_declare_xattr_set verifies the V1 given (no
# pool), lod_xattr_set_default_lov_on_dir then retains the pool without
# verifying again, and lod_ost_alloc_specific fails the create with
# EINVAL ("Start index 0 not found in pool 'p2'"). A file given its own
# layout (-c 1: no offset, lod_qos_parse_config) is made in the pool.
"$LFS" pool new lustre.p2
"$LFS" pool add lustre.p2 1
"$LFS" mkdir /e
"$LFS" setstripe -p p2 /e
"$LFS" setstripe -i 0 /e
expect_out "stripe_count:  1 stripe_size:   1048576 pattern:       raid0 stripe_offset: 0 pool:          p2" \
	"$LFS" getstripe -d /e
expect_fail 22 "error: lfs touch: /e/x: OST 0 is not in pool 'p2'" "$LFS" touch /e/x
"$LFS" setstripe -c 1 /e/f
expect_out "p2" "$LFS" getstripe -p /e/f
