# bash completion for lfs. Candidates come from the binary itself
# (`lfs --complete -- WORDS...`), so they never drift from its option and
# command tables: this file lists no option and no command.

# Undo the shell quoting of a word as typed ('a b, "a b, a\ b -> a b).
_lfs_dequote()
{
	local w=$1 out= q= c i
	for ((i = 0; i < ${#w}; i++)); do
		c=${w:i:1}
		if [[ -n $q ]]; then
			if [[ $c == "$q" ]]; then q=; else out+=$c; fi
		elif [[ $c == "'" || $c == '"' ]]; then
			q=$c
		elif [[ $c == '\' ]]; then
			i=$((i + 1))
			out+=${w:i:1}
		else
			out+=$c
		fi
	done
	printf '%s' "$out"
}

_lfs()
{
	local lfs=${COMP_WORDS[0]} i w cur
	local -a words=() cands=()

	# bash splits "--pool=x" into "--pool" "=" "x": glue them back so
	# lfs sees the word as typed.
	for ((i = 1; i <= COMP_CWORD; i++)); do
		w=$(_lfs_dequote "${COMP_WORDS[i]}")
		if ((${#words[@]})) && [[ $w == "=" || ${words[-1]} == *= ]] &&
		   [[ ${COMP_WORDS[i]} == "=" || ${COMP_WORDS[i-1]} == "=" ]]; then
			words[-1]+=$w
		else
			words+=("$w")
		fi
	done
	cur=${words[-1]}
	# lfs knows its own options, its commands' and their values.
	mapfile -t cands < <("$lfs" --complete -- "${words[@]}" 2>/dev/null)
	# "--pool=fa": bash replaces only what follows the '='.
	if [[ $cur == *=* && ${COMP_WORDS[COMP_CWORD]} != *=* ]]; then
		cands=("${cands[@]#"${cur%%=*}="}")
	fi
	COMPREPLY=("${cands[@]}")
	# Quote spaces and such as in file names; a directory continues.
	compopt -o filenames 2>/dev/null || true
	if ((${#COMPREPLY[@]} == 1)) && [[ ${COMPREPLY[0]} == */ ]]; then
		compopt -o nospace 2>/dev/null || true
	fi
	return 0
}
complete -F _lfs lfs
