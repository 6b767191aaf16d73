# Helpers of the crash campaign (crash.sh) and the stress test: snapshots of
# files as the store shows them, and the checks every store must pass at rest.
# Expects LFS (the binary) and STORE (the store directory); LFS_STORE is set
# from STORE by the callers.

export LC_ALL=C

# snap DIR PATH...: what the store shows of each path, in DIR:
#   DIR/meta   one line per path: "PATH absent", "PATH dir", or
#              "PATH CRC SIZE INODE_SIZE" (cksum of the content read back, its
#              length, and the MDT inode's host size, which must equal it);
#   DIR/layout getstripe of the present files (a directory: its default),
#              each after its path line (-y prints none);
#   DIR/c.N    the content of the N-th present file, with SNAP_CONTENT set or
#              more than 4 files (read back by one lfs process).
# Fails (status 1, message on stdout) when a present file cannot be read.
snap() {
	local dir=$1 p i=0 script="" err; shift
	local -a files=() idx=() sizes=() isizes=() sums=()
	rm -rf "$dir" && mkdir -p "$dir"
	: > "$dir/meta"; : > "$dir/layout"
	for p in "$@"; do
		if [ -d "$STORE/mdt/ROOT$p" ]; then
			echo "$p dir" >> "$dir/meta"
			{ echo "$p"; "$LFS" getstripe -d "$p"; } >> "$dir/layout" 2>&1
		elif [ -e "$STORE/mdt/ROOT$p" ] || [ -L "$STORE/mdt/ROOT$p" ]; then
			files+=("$p"); idx+=($i)
			script+="export $p $dir/c.$i"$'\n'
			i=$((i + 1))
		else
			echo "$p absent" >> "$dir/meta"
		fi
	done
	[ ${#files[@]} = 0 ] && return 0
	if [ -z "${SNAP_CONTENT:-}" ] && [ ${#files[@]} -le 4 ]; then
		for p in "${files[@]}"; do
			set -- $( { "$LFS" cat "$p" || echo "failed $?" >&2; } 2> "$dir/err" | cksum)
			[ -s "$dir/err" ] && { echo "reading back $p failed: $(cat "$dir/err")"; return 1; }
			sums+=($1); sizes+=($2)
		done
	else
		if ! err=$(printf '%s' "$script" | "$LFS" 2>&1 >/dev/null); then
			echo "reading back failed: $err"
			return 1
		fi
		mapfile -t sums < <(cd "$dir" && cksum "${idx[@]/#/c.}" | cut -d' ' -f1)
		mapfile -t sizes < <(cd "$dir" && stat -c %s "${idx[@]/#/c.}")
	fi
	mapfile -t isizes < <(cd "$STORE/mdt/ROOT" && stat -c %s "${files[@]/#/.}")
	for i in "${!files[@]}"; do
		echo "${files[$i]} ${sums[$i]} ${sizes[$i]} ${isizes[$i]}" >> "$dir/meta"
	done
	"$LFS" getstripe "${files[@]}" >> "$dir/layout" 2>&1
}

# The views of a snapshot compared across states: exact (same objects, same
# generation: nothing happened) and geometry (what a completed operation
# must produce whatever OSTs and objects the allocator chose).
view_exact() { cat "$1/meta" "$1/layout"; }
# (Without the objects: a plain layout's table, a component's l_ost_idx rows.)
layout_geom() { grep -Ev $'^\t|l_ost_idx|lmm_objects|lmm_stripe_offset|layout_gen' "$1/layout"; }
view_geom() { cat "$1/meta"; layout_geom "$1"; }
same_exact() { cmp -s <(view_exact "$1") <(view_exact "$2"); }
same_geom() { cmp -s <(view_geom "$1") <(view_geom "$2"); }

# keyed DIR exact|geom: each line of that view prefixed by its path.
keyed() {
	awk '{ print $1 "\t" $0 }' "$1/meta"
	if [ $2 = exact ]; then cat "$1/layout"; else layout_geom "$1"; fi |
		awk '/^\// { p = $1 } { print p "\t" $0 }'
}
# per_file CUR OLD NEW: the paths of CUR in neither their OLD (exact) nor
# their NEW (geometry) state, each judged alone (a batch of files, each
# migrated or not). Prints them, fails if any.
per_file() {
	awk -F '\t' 'FNR == 1 { f++ } { s[f, $1] = s[f, $1] "\n" $2; if (f == 1) k[$1] = 1 }
		END { for (p in k) if (s[1, p] != s[2, p] && s[3, p] != s[4, p]) { print p; bad = 1 }; exit bad }' \
		<(keyed "$1" exact) <(keyed "$2" exact) <(keyed "$1" geom) <(keyed "$3" geom)
}

# Every present file's content length must equal its MDT inode's size.
sizes_agree() {
	awk 'NF == 4 && $3 != $4 { print "size of " $1 ": content " $3 " bytes, inode " $4; bad = 1 }
	     END { exit bad }' "$1/meta"
}

# merge_ok ACTUAL BASE NEW: ACTUAL is NEW up to some byte X and BASE from X
# on (lengths included): what a write of NEW's changed bytes over BASE,
# killed part way, may leave (a prefix of the write applied). BASE is
# /dev/null for a write that truncated first.
merge_ok() {
	local out x
	out=$(cmp "$1" "$3" 2>&1) && return 0
	case $out in
	*"differ: "*) x=${out##*differ: }; x=${x#* }; x=$(( ${x%%,*} - 1 )) ;;  # "byte N," or "char N,"
	*"which is empty"*) x=0 ;;
	*"after byte "*) x=${out##*after byte }; x=${x%%,*} ;;
	*) return 1 ;;
	esac
	cmp -s -i "$x:$x" "$1" "$2"
}

# count_objects: the object files ("PATH LINKS BLOCKS" lines in objs) and
# each OST's bytes and number of objects in used[] and count[] (the
# caller's: check_store).
count_objects() {
	local p n sum ost
	used=() count=()
	objs=$(find "$STORE/ost" -path '*/O/0/d*/*' -type f -printf '%p %n %b\n')
	while read -r p n sum; do
		[ -n "$p" ] || continue
		ost=${p#*ost/OST}; ost=$((16#${ost%%/*}))
		used[$ost]=$(( ${used[$ost]:-0} + sum * 512 ))
		count[$ost]=$(( ${count[$ost]:-0} + 1 ))
	done <<< "$objs"
}

# usage_report: each OST whose usage (ost list in bytes, df in KiB, df -i
# in objects) differs from its objects (used[], count[]).
usage_report() {
	local ost n sum line
	while read -r ost _ _ _ _ n sum; do
		[[ $ost =~ ^[0-9]+$ ]] || continue
		if [ "$n" != "${used[$ost]:-0}" ] || [ "$sum" != "${count[$ost]:-0}" ]; then
			echo "OST$ost usage $n bytes, $sum objects; its objects hold ${used[$ost]:-0} bytes, ${count[$ost]:-0} objects"
		fi
	done < <("$LFS" ost list)
	while read -r _ _ n _ _ line _ _ sum _ _ _; do
		[[ $line =~ \[OST:([0-9]+)\]$ ]] || continue
		ost=${BASH_REMATCH[1]}
		if [ "$n" != $(( ${used[$ost]:-0} / 1024 )) ] || [ "$sum" != "${count[$ost]:-0}" ]; then
			echo "lfs df: OST$ost used $n KiB, $sum objects; its objects hold $(( ${used[$ost]:-0} / 1024 )) KiB, ${count[$ost]:-0} objects"
		fi
	done < <(paste -d' ' <("$LFS" df | awk '{ print $1, $2, $3, $4, $5, $6 }') \
			     <("$LFS" df -i | awk '{ print $1, $2, $3, $4, $5, $6 }'))
}

# settle: have the host write the objects back, so their blocks are final.
settle() { find "$STORE/ost" -path '*/O/0/d*/*' -type f -exec sync {} +; }

# usage_drift: after settle, each OST whose usage differs from its objects'
# blocks. A command charges an object's blocks as they are when it writes;
# ext4 allocates or frees an extent-tree block of a fragmented object at
# write-back, later, so usage may drift by such blocks without any crash
# (tests/e2e/53 saw it too). Recovery and lfsck recount it.
usage_drift() {
	local objs
	local -A used=() count=()
	settle
	count_objects
	usage_report
}

# check_store: the invariants of a store at rest, after recovery. Prints one
# line per problem and fails if there is any:
#  - no leftovers of operations (PENDING, JOURNAL, spares);
#  - every object named by at most one layout, every object file named by a
#    layout, and no object file sharing its data with another name;
#  - each OST's usage (lfs df, lfs df -i, lfs ost list) equal to the blocks
#    and the number of its object files;
#  - lfs lfsck --orphans --dry-run finding nothing to do (an OST index
#    entry missing or stale is a line of its own);
#  - index_same: lfs find --ost answering from the OST index as from every
#    layout.
check_store() {
	local bad=0 out ost id n sum objs p
	local -A ref=() used=() count=()
	out=$(find "$STORE/mdt/PENDING" "$STORE/mdt/JOURNAL" -mindepth 1 2>&1
	      find "$STORE/ost" -path '*/O/0/spare/*' 2>&1)
	[ -z "$out" ] || { echo "leftovers:" $out; bad=1; }
	# Objects named by layouts: "OST OID PATH", from the path lines and
	# the object rows of a plain layout (OST, decimal and hex id) or of a
	# component ("- N: { l_ost_idx: OST, l_fid: [SEQ:OID:VER] }"); -y
	# prints no path lines.
	if ! out=$("$LFS" getstripe -r / 2>&1); then
		echo "getstripe -r / failed: $(echo "$out" | grep error | head -3)"
		return 1
	fi
	while read -r ost id p; do
		id=$((16#${id#0x}))
		# Hard links of one inode name its objects by one layout.
		if [ -n "${ref[$ost/$id]:-}" ] && ! [ "$STORE/mdt/ROOT${ref[$ost/$id]}" -ef "$STORE/mdt/ROOT$p" ]; then
			echo "object OST$ost:$id named by two layouts: ${ref[$ost/$id]} and $p"
			bad=1
		fi
		ref[$ost/$id]=$p
	done < <(echo "$out" | awk '/^\// { p = $0 }
		/^\t *[0-9]+\t/ && NF == 4 { print $1, $3, p }
		/l_ost_idx:/ { o = $5; sub(",", "", o); split($7, f, ":"); print o, f[2], p }')
	# Object files: ost/OSTxxxx/O/0/dN/ID, with their link count and blocks.
	count_objects
	while read -r p n sum; do
		[ -n "$p" ] || continue
		ost=${p#*ost/OST}; ost=$((16#${ost%%/*})); id=${p##*/}
		if [ -z "${ref[$ost/$id]:-}" ]; then
			echo "leaked object OST$ost:$id (no layout names it)"; bad=1
		fi
		[ "$n" = 1 ] || { echo "object OST$ost:$id has $n host links"; bad=1; }
	done <<< "$objs"
	out=$(usage_report)
	if [ -n "$out" ]; then
		# The host may still be allocating blocks of recent writes: count
		# again once the objects are written back.
		settle
		count_objects
		out=$(usage_report)
	fi
	[ -z "$out" ] || { echo "$out"; bad=1; }
	out=$("$LFS" lfsck --orphans --dry-run 2>&1)
	if [ "$(echo "$out" | wc -l)" != 1 ] || echo "$out" | grep -Eo '[0-9]+' | grep -qv '^0$'; then
		echo "lfsck --orphans --dry-run: $out"; bad=1
	fi
	index_same || bad=1
	return $bad
}

# index_same: for each OST, lfs find / --ost N (the OST index, when it is
# trusted) lists what a walk of every layout lists (LFS_FIND_NO_INDEX),
# sorted; prints the differences. Also right after a kill, before
# recovery: a killed writer leaves the index untrusted, any other kill
# leaves it exact.
index_same() {
	local ost a b bad=0
	for ost in $("$LFS" ost list | awk '$1 ~ /^[0-9]+$/ { print $1 }'); do
		a=$("$LFS" find / --ost "$ost" 2>&1 | sort)
		b=$(LFS_FIND_NO_INDEX=1 "$LFS" find / --ost "$ost" 2>&1 | sort)
		[ "$a" = "$b" ] && continue
		echo "OST index: find --ost $ost differs from the walk of every layout:"
		diff <(echo "$b") <(echo "$a") | head -5
		bad=1
	done
	return $bad
}
