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
