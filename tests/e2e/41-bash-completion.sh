# bash completion: completions/lfs.bash asks `lfs --complete`; drive _lfs
# as bash would, with COMP_WORDS and COMP_CWORD set.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 3 --ost-size 64M
"$LFS" pool new fast
"$LFS" pool new slow
mkdir "$STORE/mdt/ROOT/sub dir" "$STORE/mdt/ROOT/data"
"$LFS" setstripe -c 1 /data/f1
here=$(cd "$(dirname "$0")/../.." && pwd)
lfs() { "$LFS" "$@"; }
. "$here/completions/lfs.bash"

# complete WANT WORD...: the cursor is on the last word.
complete_is() {
	local want=$1; shift
	COMP_WORDS=(lfs "$@")
	COMP_CWORD=$#
	COMPREPLY=()
	_lfs
	local got
	got=$(IFS='|'; echo "${COMPREPLY[*]}")
	[ "$got" = "$want" ] || fail "completing '$*': got '$got', want '$want'"
}

complete_is "setstripe" sets
complete_is "pool|pool_list" poo
complete_is "--stripe-count|--stripe-index|--stripe-size" setstripe --stri
complete_is "fast|slow" setstripe -p ""
complete_is "fast" setstripe --pool f
complete_is "fast" setstripe --pool = f     # bash splits --pool=f at '='
complete_is "0|1|2" setstripe -i ""
complete_is "raid0" setstripe -L r
complete_is "data/|sub dir/" getstripe ""
complete_is "/data/f1" getstripe /data/f
complete_is "sub dir/" getstripe "sub\\ d"
# Subcommands, then their operands (pool add NAME OST...).
complete_is "activate|add|create|deactivate|degrade|list|nocreate|remove|undegrade" ost ""
complete_is "nocreate" ost n
complete_is "0|1|2" ost remove ""
complete_is "fast|slow" pool add ""
complete_is "0|1|2" pool add fast ""
complete_is "--count|--path|--size" ost add --
complete_is "sub dir/" getstripe "'sub d"
complete_is "getstripe" help getst
complete_is "" nosuchcommand ""
# Global options are skipped, and -s STORE is passed through.
unset LFS_STORE
complete_is "fast|slow" -s "$STORE" setstripe -p ""
complete_is "fast|slow" --store="$STORE" setstripe -p ""
complete_is "" setstripe -p ""                       # no store: nothing, quietly
complete_is "--store" --sto
# lfs's own options come from its table, as the commands' do.
complete_is "--command|--complete" --com
complete_is "--command|--complete|--execute|--file|--help|--keep-going|--list-commands|--store|--version|-c|-e|-f|-h|-k|-s" -
opts=$("$LFS" -h | grep -o -- '--[a-z][a-z-]*' | sort -u | paste -sd'|')
complete_is "$opts" --
complete_is "" -c ""                 # no command follows -c LINE
complete_is "" --list-commands ""
complete_is "setstripe" -k -s "$STORE" sets
complete_is "setstripe" -- sets
# -s takes a host directory.
mkdir -p "$SCRATCH/dirs/store-a"
complete_is "$SCRATCH/dirs/store-a/" -s "$SCRATCH/dirs/st"
# The shell's builtins are not commands of a one-shot lfs.
complete_is "" cd ""
complete_is "" pw
# The script itself lists no option and no command.
grep -Eq -- '--(store|command|keep-going|help)\b|compgen -W' "$here/completions/lfs.bash" &&
	fail "completions/lfs.bash lists options by hand"
# The completion is registered for lfs.
complete -p lfs | grep -q -- '-F _lfs' || fail "complete -F _lfs lfs not registered"
echo ok
