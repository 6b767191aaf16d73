# lfs ost add --path into a directory the store owns is refused: an OST
# made in the namespace (mdt/ROOT) is a namespace entry, and `lfs rm -r`
# of it deleted the objects of every file striped there.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 2 --ost-size 64M
E="error: lfs ost"
"$LFS" mkdir /host
head -c 5000 /dev/urandom > f.in
"$LFS" import -c 2 f.in /host/f
mkdir -p "$STORE/ost/OST0001/sub"
unchanged 22 "$E: $STORE/mdt/ROOT/host: inside $STORE/mdt, which the store owns" \
	"$LFS" ost add --path "$STORE/mdt/ROOT/host"
unchanged 22 "$E: $STORE/mdt: inside $STORE/mdt, which the store owns" \
	"$LFS" ost add --path "$STORE/mdt"
unchanged 22 "$E: $STORE/run: inside $STORE/run, which the store owns" \
	"$LFS" ost add --path "$STORE/run"
unchanged 22 "$E: $STORE/ost/OST0000/O/0/d3: inside $STORE/ost/OST0000, which the store owns" \
	"$LFS" ost add --path "$STORE/ost/OST0000/O/0/d3"
unchanged 22 "$E: $STORE/ost/OST0001/sub: inside $STORE/ost/OST0001, which the store owns" \
	"$LFS" ost add --path "$STORE/ost/OST0001/sub"
# An OST on another host directory owns it too.
mkdir "$SCRATCH/disk"
expect_out "added lustre-OST0002_UUID (index 2) at $SCRATCH/disk/OST0002" \
	"$LFS" ost add --path "$SCRATCH/disk"
unchanged 22 "$E: $SCRATCH/disk/OST0002: inside $SCRATCH/disk/OST0002, which the store owns" \
	"$LFS" ost add --path "$SCRATCH/disk/OST0002"
# Still allowed: the store itself, its ost/ directory, another directory in it.
expect_out "added lustre-OST0003_UUID (index 3) at $STORE/ost/OST0003" \
	"$LFS" ost add --path "$STORE/ost"
mkdir "$STORE/inner"
expect_out "added lustre-OST0004_UUID (index 4) at $STORE/inner/OST0004" \
	"$LFS" ost add --path "$STORE/inner"
[ "$("$LFS" find /host)" = "/host
/host/f" ] || fail "an OST in the namespace: $("$LFS" find /host)"
