# getstripe -R/--raw and -v's composite header and directory lines, each
# expected output written from Lustre 2.15.3's liblustreapi.c
# (lov_dump_user_lmm_header, lov_dump_comp_v1_header, lov_dump_comp_v1_
# entry) and lustre_user.h's struct sizes.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 4
fid() { printf '[0x200000400:0x%x:0x0]' "$(stat -c %i "$STORE/mdt/ROOT/$1")"; }
oid() { printf '0x%x' "$(stat -c %i "$STORE/mdt/ROOT/$1")"; }

"$LFS" mkdir /d /e /pd
"$LFS" setstripe -S 4M /e
"$LFS" setstripe -E 1M -E -1 -c 2 /pd

# A directory without a default of its own: llapi_getstripe fakes one
# (count 0, size 0, offset -1) with FID_SEQ_LOV_DEFAULT unless fp_raw,
# and that sequence prints "(Default) " under -v (before the path: -v
# sets fp_max_depth = 1); is_dir prints the directory's FID
# (llapi_path2fid), no lmm_magic/seq/object_id. Without -R the zeroes
# print the filesystem default (sattr_cache_get_defaults).
expect_out "(Default) /d
lmm_fid:           $(fid d)
stripe_count:  1 stripe_size:   1048576 pattern:       raid0 stripe_offset: -1" \
	"$LFS" getstripe -v /d
expect_out "/d
lmm_fid:           $(fid d)
stripe_count:  0 stripe_size:   0 pattern:       raid0 stripe_offset: -1" \
	"$LFS" getstripe -v -R /d
expect_out "stripe_count:  0 stripe_size:   0 pattern:       raid0 stripe_offset: -1" \
	"$LFS" getstripe --raw -d /d
# A default of its own: no "(Default)"; -R shows its unset count as 0.
expect_out "/e
lmm_fid:           $(fid e)
stripe_count:  1 stripe_size:   4194304 pattern:       raid0 stripe_offset: -1" \
	"$LFS" getstripe -v /e
expect_out "stripe_count:  0 stripe_size:   4194304 pattern:       raid0 stripe_offset: -1" \
	"$LFS" getstripe -R -d /e
expect_out "0" "$LFS" getstripe -R -c -d /e
expect_out "1" "$LFS" getstripe -c -d /e
# -R changes only directories (LDF_IS_RAW is read in is_dir branches).
"$LFS" setstripe -c 2 /f
[ "$("$LFS" getstripe -R /f)" = "$("$LFS" getstripe /f)" ] || fail "-R changed a file's output"

# A PFL directory default: composite_header with lcm_flags "" (no
# mirrors), lcm_size = 32 + 2 * 48 + 2 * 32 (no objects in a default),
# "  - lcme_id:" and each component's lcme_offset, lcme_size and
# sub_layout; each sub-layout prints the directory's lmm_fid. -R keeps
# the unset count and sizes at 0.
expect_out "/pd
composite_header:
  lcm_magic:         0x0BD60BD0
  lcm_size:          192
  lcm_flags:         
  lcm_layout_gen:    0
  lcm_mirror_count:  1
  lcm_entry_count:   2
components:
  - lcme_id:             N/A
    lcme_mirror_id:      N/A
    lcme_flags:          0
    lcme_extent.e_start: 0
    lcme_extent.e_end:   1048576
    lcme_offset:         128
    lcme_size:           32
    sub_layout:
      lmm_fid:           $(fid pd)
      stripe_count:  0       stripe_size:   0       pattern:       raid0       stripe_offset: -1

  - lcme_id:             N/A
    lcme_mirror_id:      N/A
    lcme_flags:          0
    lcme_extent.e_start: 1048576
    lcme_extent.e_end:   EOF
    lcme_offset:         160
    lcme_size:           32
    sub_layout:
      lmm_fid:           $(fid pd)
      stripe_count:  2       stripe_size:   0       pattern:       raid0       stripe_offset: -1" \
	"$LFS" getstripe -v -R /pd

# A PFL file: the comment above lov_dump_comp_v1 (lcm_size 264 for one
# object then two: 128 + 56 + 80, here 128 + 56 + 96 as a pool makes the
# second a V3 blob of 48 bytes; the component not instantiated counts
# the objects it would get, lod_comp_entry_stripe_count); lcm_flags "0"
# (llapi_layout_flags_string); sub-layouts with lmm_magic, lmm_seq,
# lmm_object_id and lmm_fid.
"$LFS" pool new fast
"$LFS" pool add fast 0 1
"$LFS" setstripe -E 1M -c 1 -i 1 -E -1 -c 2 -p fast /pfl
expect_out "/pfl
composite_header:
  lcm_magic:         0x0BD60BD0
  lcm_size:          280
  lcm_flags:         0
  lcm_layout_gen:    0
  lcm_mirror_count:  1
  lcm_entry_count:   2
components:
  - lcme_id:             1
    lcme_mirror_id:      0
    lcme_flags:          init
    lcme_extent.e_start: 0
    lcme_extent.e_end:   1048576
    lcme_offset:         128
    lcme_size:           56
    sub_layout:
      lmm_magic:         0x0BD10BD0
      lmm_seq:           0x200000400
      lmm_object_id:     $(oid pfl)
      lmm_fid:           $(fid pfl)
      lmm_stripe_count:  1
      lmm_stripe_size:   1048576
      lmm_pattern:       raid0
      lmm_layout_gen:    0
      lmm_stripe_offset: 1
      lmm_objects:
      - 0: { l_ost_idx: 1, l_fid: F }

  - lcme_id:             2
    lcme_mirror_id:      0
    lcme_flags:          0
    lcme_extent.e_start: 1048576
    lcme_extent.e_end:   EOF
    lcme_offset:         184
    lcme_size:           96
    sub_layout:
      lmm_magic:         0x0BD30BD0
      lmm_seq:           0x200000400
      lmm_object_id:     $(oid pfl)
      lmm_fid:           $(fid pfl)
      lmm_stripe_count:  2
      lmm_stripe_size:   1048576
      lmm_pattern:       raid0
      lmm_layout_gen:    0
      lmm_stripe_offset: -1
      lmm_pool:          fast" \
	eval '"$LFS" getstripe -v /pfl | sed "s/l_fid: \[[^]]*\]/l_fid: F/"'
# -y -v: the header without "components:", entries without "  - ",
# lcme_offset or lcme_size (lov_dump_comp_v1_entry's yaml branch).
out=$("$LFS" getstripe -y -v /pfl)
[ "$(echo "$out" | sed -n '1,9p')" = "composite_header:
  lcm_magic:         0x0BD60BD0
  lcm_size:          280
  lcm_flags:         0
  lcm_layout_gen:    0
  lcm_mirror_count:  1
  lcm_entry_count:   2
  component0:
    lcme_id:             1" ] || fail "-y -v: $out"
echo "$out" | grep -q 'lcme_offset\|components:' && fail "-y -v printed -v's text lines: $out"
# A field option alone is not -v: no header.
expect_out "2" "$LFS" getstripe --component-count /pfl
echo ok
