# Placement as Lustre 2.15.3 places data (issue 18, points 1-4); each
# expected layout is written from Lustre's source, cited before it.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 4 --ost-size 64M

# 2. lod_qos.c: "If there are enough OSTs, a component with overstriping
# requested will not actually end up overstriped": -C 3 on 4 OSTs is raid0
# on 3 distinct OSTs; -C 6 repeats OSTs and stays overstriped.
"$LFS" setstripe -C 3 /c3
expect_out "/c3
lmm_stripe_count:  3
lmm_stripe_size:   1048576
lmm_pattern:       raid0
lmm_layout_gen:    0
lmm_stripe_offset: 0
	obdidx		 objid		 objid		 group
	     0	             1	          0x1	             0
	     1	             1	          0x1	             0
	     2	             1	          0x1	             0" "$LFS" getstripe /c3
"$LFS" setstripe -C 6 /c6
expect_out raid0,overstriped "$LFS" getstripe -L /c6

# 1. Pools are inherited as Lustre inherits them. lod_qos.c
# lod_qos_parse_config: a component that names no pool (and no OST list)
# takes def_pool, the pool of the default lod_ah_init gave the new file
# from its parent directory (else the root).
"$LFS" pool new fast
"$LFS" pool add fast 1 2 3
"$LFS" mkdir /d
"$LFS" setstripe -p fast -c 1 /d
"$LFS" setstripe -c 2 /d/f
expect_out "/d/f
lmm_stripe_count:  2
lmm_stripe_size:   1048576
lmm_pattern:       raid0
lmm_layout_gen:    0
lmm_stripe_offset: 1
lmm_pool:          fast
	obdidx		 objid		 objid		 group
	     1	          2049	        0x801	             0
	     2	          2049	        0x801	             0" "$LFS" getstripe /d/f
# An OST list is LOV_USER_MAGIC_SPECIFIC: no pool is inherited.
"$LFS" setstripe -o 0 /d/o
expect_out "" "$LFS" getstripe -p /d/o
# migrate -c 1: the volatile is created in /d, so the file stays in fast.
"$LFS" setstripe -c 2 /d/g
"$LFS" write /d/g < /dev/null
"$LFS" migrate -c 1 /d/g
expect_out "/d/g
lmm_stripe_count:  1
lmm_stripe_size:   1048576
lmm_pattern:       raid0
lmm_layout_gen:    1
lmm_stripe_offset: 2
lmm_pool:          fast
	obdidx		 objid		 objid		 group
	     2	          3073	        0xc01	             0" "$LFS" getstripe /d/g
# sanity.sh 56wb: "lfs migrate -c 1" takes a file out of its pool when
# its directory has no default pool.
"$LFS" setstripe -c 2 -p fast /h
"$LFS" migrate -c 1 /h
expect_out "" "$LFS" getstripe -p /h
# lod_object.c lod_xattr_set_default_lov_on_dir: "Retain the pool name if
# it is not given"; only setstripe -d clears it.
"$LFS" setstripe -c 3 /d
expect_out "stripe_count:  3 stripe_size:   1048576 pattern:       raid0 stripe_offset: -1 pool:          fast" \
	"$LFS" getstripe -d /d
"$LFS" setstripe -d /d
"$LFS" setstripe -c 2 /d
expect_out "stripe_count:  2 stripe_size:   1048576 pattern:       raid0 stripe_offset: -1" \
	"$LFS" getstripe -d /d

# 3. lfs.c build_layout_from_yaml_node reads lmm_stripe_offset and every
# l_ost_idx into the new layout (an OST list): a layout saved with
# getstripe -y is reproduced on the same OSTs, from the same start.
# What getstripe -y says of a file but its object ids:
placement() { "$LFS" getstripe -y "$1" | grep -v l_fid; }
"$LFS" setstripe -c 2 -i 2 /y1
"$LFS" getstripe -y /y1 > y1.yaml
"$LFS" setstripe --yaml y1.yaml /y2
expect_out "lmm_stripe_count:  2
lmm_stripe_size:   1048576
lmm_pattern:       raid0
lmm_layout_gen:    0
lmm_stripe_offset: 2
lmm_objects:
      - l_ost_idx: 2
      - l_ost_idx: 3" placement /y2
"$LFS" setstripe -E 1M -c 1 -i 3 -E -1 -c 2 /p1
"$LFS" getstripe -y /p1 > p1.yaml
"$LFS" setstripe --yaml p1.yaml /p2
[ "$(placement /p2)" = "$(placement /p1)" ] || fail "PFL yaml placement: $(placement /p2)"
expect_out 3 "$LFS" getstripe -I 1 -i /p2
"$LFS" getstripe -y /c6 > c6.yaml
"$LFS" setstripe --yaml c6.yaml /c6b
[ "$(placement /c6b)" = "$(placement /c6)" ] || fail "overstriped yaml placement: $(placement /c6b)"
# migrate --yaml moves the file onto the template's OSTs.
"$LFS" setstripe -c 1 -i 0 /m
"$LFS" write /m < y1.yaml
"$LFS" migrate --yaml y1.yaml /m
expect_out "$(placement /y1 | sed 's/lmm_layout_gen:    0/lmm_layout_gen:    1/')" placement /m
"$LFS" cat /m | cmp - y1.yaml

# 4. import makes each subdirectory as mkdir does (ns_mkdir: it takes its
# parent's default, so the files below stay in /d's pool), and keeps the
# host's mode and times as cp -a does; --no-preserve opts out.
"$LFS" setstripe -p fast -c 1 /d
mkdir -p tree/sub/deeper
echo a > tree/a; echo b > tree/sub/deeper/b
chmod 0640 tree/a; chmod 0750 tree/sub; chmod 0755 tree/sub/deeper; chmod 0644 tree/sub/deeper/b
touch -d '2001-02-03 04:05:06' tree/a tree/sub/deeper/b tree/sub/deeper
touch -d '2002-03-04 05:06:07' tree/sub
"$LFS" mkdir /d/in
"$LFS" import tree /d/in
expect_out "/d/in/sub/deeper/b
lmm_stripe_count:  1
lmm_stripe_size:   1048576
lmm_pattern:       raid0
lmm_layout_gen:    0
lmm_stripe_offset: 1
lmm_pool:          fast
	obdidx		 objid		 objid		 group
	     1	          6145	       0x1801	             0" "$LFS" getstripe /d/in/sub/deeper/b
expect_out "stripe_count:  1 stripe_size:   1048576 pattern:       raid0 stripe_offset: -1 pool:          fast" \
	"$LFS" getstripe -d /d/in/sub/deeper
# Mode and mtime as on the host, read where lfs stat reads them.
ROOT=$STORE/mdt/ROOT
mode_mtime() { stat -c '%a %y' "$@" | sed 's/ [+-][0-9]*$//'; }
expect_out "640 2001-02-03 04:05:06.000000000
750 2002-03-04 05:06:07.000000000
755 2001-02-03 04:05:06.000000000
644 2001-02-03 04:05:06.000000000" \
	mode_mtime "$ROOT/d/in/a" "$ROOT/d/in/sub" "$ROOT/d/in/sub/deeper" "$ROOT/d/in/sub/deeper/b"
"$LFS" mkdir /d/np
"$LFS" import --no-preserve tree /d/np
[ "$(stat -c %Y "$ROOT/d/np/a")" != "$(stat -c %Y tree/a)" ] || fail "--no-preserve kept a's mtime"
[ "$(stat -c %Y "$ROOT/d/np/sub")" != "$(stat -c %Y tree/sub)" ] || fail "--no-preserve kept sub's mtime"
expect_out "$(printf %o $((0777 & ~$(umask))))" stat -c %a "$ROOT/d/np/sub"
