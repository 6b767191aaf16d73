# setstripe --yaml / migrate --yaml: getstripe -y output read back.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 4 --ost-size 64M

# Same count and size in every instantiated component as the source.
same_geometry() {
	local a=$1 b=$2
	[ "$("$LFS" getstripe -c "$a")" = "$("$LFS" getstripe -c "$b")" ] || fail "$b: count differs from $a"
	[ "$("$LFS" getstripe -S "$a")" = "$("$LFS" getstripe -S "$b")" ] || fail "$b: size differs from $a"
	[ "$("$LFS" getstripe --component-count "$a")" = "$("$LFS" getstripe --component-count "$b")" ] ||
		fail "$b: component count differs from $a"
}
# getstripe -y without the lines that belong to one file (objects, ids,
# which OST): what a template must reproduce.
geometry() {
	"$LFS" getstripe -y "$1" |
		grep -Ev 'lmm_objects|l_ost_idx|l_fid|lmm_stripe_offset|lcme_flags|layout_gen'
}

# Plain.
"$LFS" setstripe -c 2 -S 2M /f
"$LFS" getstripe -y /f > f.yaml
"$LFS" setstripe --yaml f.yaml /g
same_geometry /f /g
[ "$(geometry /f)" = "$(geometry /g)" ] || fail "plain yaml round trip: $(geometry /g)"

# PFL: each component's geometry, also once written through.
"$LFS" setstripe -E 1M -c 1 -E 8M -c 2 -E -1 -c 4 /p
"$LFS" getstripe -y /p > p.yaml
"$LFS" setstripe --yaml p.yaml /q
same_geometry /p /q
[ "$(geometry /p)" = "$(geometry /q)" ] || fail "PFL yaml round trip: $(geometry /q)"
head -c $((9 * 1024 * 1024)) /dev/urandom > data
"$LFS" setstripe -E 1M -c 1 -E 8M -c 2 -E -1 -c 4 /pw
"$LFS" write /pw < data
"$LFS" getstripe -y /pw > pw.yaml
"$LFS" setstripe --yaml pw.yaml /qw
"$LFS" write /qw < data
expect_out 4 "$LFS" getstripe -c /qw
[ "$(geometry /pw)" = "$(geometry /qw)" ] || fail "written PFL: $(geometry /qw)"

# Lustre's own output for a plain file: its OSTs are kept, as
# build_layout_from_yaml_node reads every l_ost_idx, so an OST the store
# lacks is refused.
cat > lustre.yaml <<'EOF'
/mnt/lustre/f
  lmm_stripe_count:  3
  lmm_stripe_size:   4194304
  lmm_pattern:       raid0
  lmm_layout_gen:    0
  lmm_stripe_offset: 1
  lmm_objects:
  - l_ost_idx: 1
    l_fid:     [0x100010000:0x1:0x0]
  - l_ost_idx: 3
    l_fid:     [0x100030000:0x1:0x0]
  - l_ost_idx: 2
    l_fid:     [0x100020000:0x1:0x0]
EOF
"$LFS" setstripe --yaml lustre.yaml /l
expect_out 3 "$LFS" getstripe -c /l
expect_out 4194304 "$LFS" getstripe -S /l
[ "$(objects_of /l | cut -d' ' -f1 | tr '\n' ' ')" = "1 3 2 " ] || fail "/l: OSTs $(objects_of /l)"
sed 's/l_ost_idx: 2/l_ost_idx: 7/' lustre.yaml > lustre7.yaml
expect_fail 19 "error: lfs setstripe: /l7: OST 7 does not exist" \
	"$LFS" setstripe --yaml lustre7.yaml /l7

# A directory default, from file or directory output.
"$LFS" mkdir /d /d2
"$LFS" setstripe --yaml p.yaml /d
"$LFS" touch /d/x
same_geometry /p /d/x
"$LFS" getstripe -y -d /d > d.yaml
"$LFS" setstripe --yaml d.yaml /d2
[ "$("$LFS" getstripe -y -d /d)" = "$("$LFS" getstripe -y -d /d2)" ] || fail "directory default round trip"

# migrate --yaml: new layout, same content.
"$LFS" import -c 1 data /h
"$LFS" migrate --yaml p.yaml /h
[ "$(geometry /h)" = "$(geometry /pw)" ] || fail "migrate --yaml layout: $(geometry /h)"
expect_out 4 "$LFS" getstripe -c /h
expect_out 3 "$LFS" getstripe --component-count /h
"$LFS" export /h h.out
cmp data h.out || fail "migrate --yaml changed the content"
"$LFS" migrate --yaml f.yaml /h
same_geometry /f /h
"$LFS" export /h h.out
cmp data h.out || fail "migrate --yaml to plain changed the content"

# Usage errors and bad files: nothing changes.
st0=$(store_state)
for opt in "-c 2" "-S 1M" "-i 1" "-o 1" "-p flash" "-E -1"; do
	# shellcheck disable=SC2086
	expect_usage "error: lfs setstripe: --yaml cannot be combined with other layout options" "$LFS" setstripe --yaml f.yaml $opt /new
	# shellcheck disable=SC2086
	expect_usage "error: lfs migrate: --yaml cannot be combined with -c, -S, -i, -o, -p or -E" "$LFS" migrate $opt --yaml f.yaml /h
done
expect_usage "error: lfs migrate: --yaml cannot be combined with --copy" "$LFS" migrate --yaml f.yaml --copy /f /h
printf '/f\n  lmm_stripe_count:  1\n  lmm_stripe_size:   100000\n' > bad.yaml
expect_fail 22 "error: lfs setstripe: --yaml bad.yaml: line 3: lmm_stripe_size: 100000 is not a multiple of 65536" "$LFS" setstripe --yaml bad.yaml /new
expect_fail 22 "error: lfs migrate: --yaml bad.yaml: line 3: lmm_stripe_size: 100000 is not a multiple of 65536" "$LFS" migrate --yaml bad.yaml /h
printf 'lmm_stripe_count: [1\n' > bad2.yaml
expect_fail 22 "error: lfs setstripe: --yaml bad2.yaml: line 2: not valid YAML: did not find expected ',' or ']' (while parsing a flow sequence started on line 1)" "$LFS" setstripe --yaml bad2.yaml /new
sed 's/lmm_pattern:       raid0/lmm_pattern:       mdt/' p.yaml > bad3.yaml
expect_fail 22 "error: lfs migrate: --yaml bad3.yaml: line 13: lmm_pattern: unknown pattern 'mdt'" "$LFS" migrate --yaml bad3.yaml /h
expect_fail 2 "error: lfs setstripe: --yaml nope.yaml: No such file or directory" "$LFS" setstripe --yaml nope.yaml /new
[ "$st0" = "$(store_state)" ] || fail "a refused --yaml changed the store"
"$LFS" export /h h.out && cmp data h.out
