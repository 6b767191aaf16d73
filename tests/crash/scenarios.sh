# The scenarios of the crash campaign (sourced by crash.sh). Each NAME has:
#   NAME_setup           create its files in a fresh store (not killed);
#   PATHS                the paths its snapshots look at (set by setup);
#   NAME_op V            set OP (the command of variant V) and OP_IN (stdin);
#   NAME_next V          (if needed) after variant V completed, bring the
#                        files to the start of variant V+1 (not killed);
# and an entry in SCENARIOS: "NAME VARIANTS WEIGHT [MERGE]". The variants
# form a cycle: after the last one the files are back at variant 0's start,
# so each variant always starts from the same content and geometry and its
# completed result (measured once) is the "new" state to expect.
# MERGE: a killed write may also leave a prefix of its bytes applied
# ("replace": over an emptied file, "merge": over the old one); a batch of
# files ("per-file") may leave each file old or new.

SCENARIOS=(
	"migrate-single 4 3"
	"migrate-nonblock 3 3"
	"migrate-pfl 3 3"
	"migrate-sparse 3 2"
	"migrate-batch 3 3 per-file"
	"migrate-batch-nonblock 2 2 per-file"
	"migrate-big 2 1"
	"import 3 3"
	"write 2 2 replace"
	"write-append 1 2 merge"
	"write-offset 2 2 merge"
	"truncate 3 3"
	"setstripe 3 2"
	"mv 2 2"
	"mv-replace 2 2"
	"rm 2 2"
	"rm-link 2 2"
	"pool 5 2"
	"ost 6 2"
)

MB=$((1024 * 1024))
# host_file NAME SIZE: random content of SIZE bytes in $DATA/NAME, made once.
host_file() {
	[ -f "$DATA/$1" ] || head -c "$2" /dev/urandom > "$DATA/$1"
}
lfs_ok() { "$LFS" "$@" >/dev/null || { echo "setup: lfs $* failed" >&2; return 1; }; }

# -- migrate: the content never changes; the layout cycles.
migrate_cycle=("-c 4" "-c 2 -S 4M" "" "-b -c 1")
migrate-single_setup() { host_file big $BIG; lfs_ok import -c 1 "$DATA/big" /f; PATHS=(/f); }
migrate-single_op() { OP=("$LFS" migrate ${migrate_cycle[$1]} /f); }

nonblock_cycle=("-n -c 3" "-n -c 1 -S 2M" "-n")
migrate-nonblock_setup() { migrate-single_setup; }
migrate-nonblock_op() { OP=("$LFS" migrate ${nonblock_cycle[$1]} /f); }

pfl_cycle=("-E 4M -c 1 -E 24M -c 2 -E -1 -c 4" "-c 2"
	   "-E 1M -c 1 -S 1M -E -1 -c 3 -S 4M")
migrate-pfl_setup() { migrate-single_setup; }
migrate-pfl_op() { OP=("$LFS" migrate ${pfl_cycle[$1]} /f); }

# Data islands in a sparse file: holes must stay holes and read as zeros.
sparse_cycle=("-c 4" "-E 64M -c 2 -E -1 -c 3" "-c 1")
sparse_file() {
	[ -f "$DATA/sparse" ] && return
	truncate -s $((200 * MB)) "$DATA/sparse"
	for at in 0 60 150; do
		head -c $((BIG / 6)) /dev/urandom |
			dd of="$DATA/sparse" bs=1M seek=$at conv=notrunc status=none
	done
}
migrate-sparse_setup() { sparse_file; lfs_ok import -c 1 "$DATA/sparse" /f; PATHS=(/f); }
migrate-sparse_op() { OP=("$LFS" migrate ${sparse_cycle[$1]} /f); }

# Many small files (batched, spares reused) and two over the batch limit.
batch_cycle=("-c 2" "-c 3 -S 2M" "-c 1")
migrate-batch_setup() {
	local i
	if [ ! -d "$DATA/batch" ]; then
		mkdir "$DATA/batch"
		for i in $(seq 160); do
			head -c $(( (i * 7919) % 300001 )) /dev/urandom > "$DATA/batch/f$i"
		done
		head -c $((6 * MB)) /dev/urandom > "$DATA/batch/g1"
		truncate -s $((9 * MB)) "$DATA/batch/f7"
		cp "$DATA/batch/g1" "$DATA/batch/g2"
	fi
	lfs_ok mkdir /b
	lfs_ok import -c 1 "$DATA/batch" /b
	PATHS=(); for i in $(ls "$DATA/batch"); do PATHS+=("/b/$i"); done
	printf '%s\n' "${PATHS[@]}" > "$WORK/batch.list"
}
migrate-batch_op() { OP=("$LFS" migrate -j 2 ${batch_cycle[$1]} --files-from "$WORK/batch.list"); }

batchn_cycle=("-n -c 3" "-n -c 1")
migrate-batch-nonblock_setup() { migrate-batch_setup; }
migrate-batch-nonblock_op() { OP=("$LFS" migrate -j 2 ${batchn_cycle[$1]} --files-from "$WORK/batch.list"); }

# An object of 64 MiB or more is freed by a process of lfs's own.
migrate-big_setup() { host_file huge $((80 * MB)); lfs_ok import -c 1 "$DATA/huge" /f; PATHS=(/f); }
migrate-big_op() { OP=("$LFS" migrate -c $(( $1 ? 1 : 4 )) /f); }

# -- import: all or nothing (absent, or whole with its layout).
import_args=("-c 2" "-E 8M -c 1 -E -1 -c 3" "-c 4")
import_setup() { host_file big $BIG; sparse_file; PATHS=(/i); }
import_op() {
	local src=big; [ "$1" = 2 ] && src=sparse
	OP=("$LFS" import ${import_args[$1]} "$DATA/$src" /i)
}
import_next() { lfs_ok rm /i; }

# -- write: a killed write leaves the old content or a prefix of the new.
write_setup() { host_file big $BIG; host_file big2 $((BIG * 5 / 6)); lfs_ok import -c 3 "$DATA/big" /w; PATHS=(/w); }
write_op() { OP=("$LFS" write /w); OP_IN=$DATA/$( (( $1 )) && echo big || echo big2); }

write-append_setup() {
	host_file big $BIG; host_file small $((3 * MB + 12345))
	lfs_ok import -c 2 "$DATA/small" /a; PATHS=(/a)
}
write-append_op() { OP=("$LFS" write -a /a); OP_IN=$DATA/big; }
write-append_next() { lfs_ok truncate -s $((3 * MB + 12345)) /a; }

write-offset_setup() {
	host_file big $BIG; host_file mid $((BIG / 2))
	[ -f "$DATA/big.mid" ] || tail -c +$((8 * MB + 1)) "$DATA/big" | head -c $((BIG / 2)) > "$DATA/big.mid"
	lfs_ok import -c 2 "$DATA/big" /o; PATHS=(/o)
}
write-offset_op() { OP=("$LFS" write --offset $((8 * MB)) /o); OP_IN=$DATA/$( (( $1 )) && echo big.mid || echo mid); }

# -- truncate: the old size and bytes, or the new ones; nothing between.
truncate_sizes=($((12 * MB + 4321)) $((BIG + 7 * MB)) $((3 * MB)))
truncate_setup() { host_file big $BIG; lfs_ok import -c 4 "$DATA/big" /t; PATHS=(/t); }
truncate_op() { OP=("$LFS" truncate -s ${truncate_sizes[$1]} /t); }
# Variant 1 grows what variant 0 cut; the whole file comes back after it
# and after variant 2.
truncate_next() { [ "$1" = 0 ] || "$LFS" write /t < "$DATA/big"; }

# -- setstripe: a new file (absent, or empty with its layout), a directory
# default (old or new).
setstripe_setup() { lfs_ok mkdir /d; PATHS=(/s /d); }
setstripe_op() {
	case $1 in
	0) OP=("$LFS" setstripe -c 2 -S 2M /s) ;;
	1) OP=("$LFS" setstripe -E 1M -c 1 -E -1 -c 4 /s) ;;
	2) OP=("$LFS" setstripe -c 3 /d) ;;
	esac
}
setstripe_next() {
	case $1 in
	0|1) lfs_ok rm /s ;;
	2) lfs_ok setstripe -d /d ;;
	esac
}

# -- mv: onto a new name and back; onto an existing file (replaced: its
# objects destroyed), the two contents alternating.
mv_setup() { host_file big $BIG; lfs_ok mkdir /m /n; lfs_ok import -c 2 "$DATA/big" /m/a; PATHS=(/m/a /n/b); }
mv_op() { (( $1 )) && OP=("$LFS" mv /n/b /m/a) || OP=("$LFS" mv /m/a /n/b); }

mv-replace_setup() {
	host_file big $BIG; host_file big2 $((BIG * 5 / 6))
	lfs_ok import -c 2 "$DATA/big" /x; lfs_ok import -c 3 "$DATA/big2" /y; PATHS=(/x /y)
}
mv-replace_op() { OP=("$LFS" mv /x /y); }
mv-replace_next() { lfs_ok import -c $(( $1 ? 2 : 3 )) "$DATA/$( (( $1 )) && echo big || echo big2)" /x; }

# -- rm: present and whole, or absent with its objects destroyed.
rm_setup() { host_file big $BIG; lfs_ok import -c 3 "$DATA/big" /r; PATHS=(/r); }
rm_op() { OP=("$LFS" rm /r); }
rm_next() { lfs_ok import $( (( $1 )) && echo "-c 3" || echo "-E 4M -c 1 -E -1 -c 2") "$DATA/big" /r; }
# -- rm of one of two hard links (the file stays whole), then of the last
# (its objects destroyed): each under the inode's owner lock (pending.h).
rm-link_setup() { host_file big $BIG; lfs_ok import -c 3 "$DATA/big" /r; lfs_ok ln /r /l; PATHS=(/r /l); }
rm-link_op() { (( $1 )) && OP=("$LFS" rm /r) || OP=("$LFS" rm /l); }
rm-link_next() { (( $1 )) || return 0; lfs_ok import -c 3 "$DATA/big" /r && lfs_ok ln /r /l; }

# -- pool and ost changes: the configuration is old or new, and parseable.
pool_cmds=("new p1" "add p1 1-2" "add p1 3" "remove p1 1-3" "destroy p1")
pool_setup() { PATHS=(); }
pool_op() { OP=("$LFS" pool ${pool_cmds[$1]}); }
pool_state() { "$LFS" pool list; "$LFS" pool list p1 2>&1; "$LFS" getstripe -d /; }

ost_cmds=("deactivate 1" "activate 1" "nocreate 2" "degrade 3" "create 2" "undegrade 3")
ost_setup() { PATHS=(); }
ost_op() { OP=("$LFS" ost ${ost_cmds[$1]}); }
ost_state() { "$LFS" ost list | awk '{ print $1, $2, $3, $4, $5 }'; "$LFS" df -v >/dev/null && echo df ok; }
