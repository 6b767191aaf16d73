# lfs find on a Lustre client mount: our walker over the host tree, each
# layout read with llapi_layout_get_by_fd (against the double), OSTs and
# pools checked on the client (llapi_obd_statfs, llapi_get_poolmembers);
# the output as on a store; and find | migrate on the mount.
. "$(dirname "$0")/../e2e-lustre.sh"
need_osts 4
need_pool flash 1 3
cd "$MNT"
mkdir -p d/e d/empty
"$LFS" setstripe -c 3 d/e/three
printf 'three\n' > d/e/three
"$LFS" setstripe -c 2 -p flash d/e/fl
"$LFS" setstripe -o 2 d/two
printf 'x%.0s' $(seq 1 5000) > d/two
printf 'host\n' > d/host          # made by a host tool: its default layout
"$LFS" setstripe -E 1M -c 1 -E -1 -c 2 d/pfl
"$LFS" setstripe -c 2 d/empty     # a directory's own default
touch -d '2001-01-01' d/old
expect_out ".
./d
./d/e
./d/e/fl
./d/e/three
./d/empty
./d/host
./d/old
./d/pfl
./d/two" "$LFS" find .
expect_out "d/e/three" "$LFS" find d -type f -c 3
expect_out "d/e/fl" "$LFS" find d --pool flash
expect_out "d/e/fl" "$LFS" find d --pool "$FS.flash"
expect_out "d/two" "$LFS" find d -type f --ost 2 ! --pool flash -c 1 -size +1k
expect_out "$("$LFS" find d --ost 3,1)" "$LFS" find d --ost "$FS-OST0003_UUID,OST0001"
[ -n "$("$LFS" find d --ost 3,1)" ] || fail "nothing on OSTs 1 and 3"
expect_out "$("$LFS" find d -type f)" sh -c "'$LFS' find d -type f --ost 0,1,2,3"
expect_out "d/pfl" "$LFS" find d --component-count 2
expect_out "d/pfl" "$LFS" find d --comp-start +0 --component-count +1
expect_out "d/empty" "$LFS" find d -type d -c 2
expect_out "d/two" "$LFS" find d -size +4k
expect_out "d/old" "$LFS" find d -mtime +365
expect_out "d/e/three
d/two" "$LFS" find d -name 't*'
expect_out "$MNT/d/host" "$LFS" find "$MNT/d" -name host -S 1M
touch -d '2020-01-01' d/e/fl
expect_out "d/e/three" "$LFS" find d -newer d/e/fl -type f -name 'th*'
expect_out "d/e/fl
d/old" "$LFS" find d ! -newer d/e/fl -type f
# Errors as on a store, nothing found.
expect_fail 22 "error: lfs find: pool '$FS.nope' does not exist" "$LFS" find d --pool nope
expect_fail 22 "error: lfs find: 9: unknown obduuid" "$LFS" find d --ost 9
expect_fail 22 "error: lfs find: OST00zz: unknown obduuid" "$LFS" find d --ost OST00zz
expect_fail 2 "error: lfs find: nope: No such file or directory" "$LFS" find nope
# find | migrate on the mount: every file found lands on the asked OSTs.
"$LFS" find d -type f ! -c 1 | "$LFS" migrate -c 1 -i 0 --files-from - > /dev/null
expect_out "" "$LFS" find d -type f ! -c 1 ! -name pfl
expect_out "d/e/three" "$LFS" find d --ost 0 -name three
[ "$(cat d/e/three)" = three ] || fail "data: $(cat d/e/three)"
# Off the mount with a store selected the same command is the store's.
cd "$SCRATCH"
"$LFS" mkfs "$SCRATCH/store" > /dev/null
LFS_STORE="$SCRATCH/store" expect_out "/" "$LFS" find / -maxdepth 0
