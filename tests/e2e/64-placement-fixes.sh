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
