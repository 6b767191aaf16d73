/*
 * complete.h - completion candidates, derived from the command table only.
 *
 * The engine is pure: it takes the words of one command (words[0] is the
 * command name, already unquoted) and the index of the word under the
 * cursor (possibly partial, possibly ""), and returns the raw candidates
 * for that whole word. Quoting for a line editor or for bash is the
 * caller's job. Used by the lfs> shell and by `lfs --complete`. The
 * shell's builtins (ctx->builtins) count as commands.
 */
#ifndef LFS_COMPLETE_H
#define LFS_COMPLETE_H

#include "cmd.h"

/* *cands gets a malloc'd NULL-terminated array (sorted, no duplicates);
 * returns the number of candidates, or -ENOMEM. cword may equal argc (the
 * cursor is on a new, empty word). Never prints: store errors are
 * silently "no candidates". */
int complete_words(struct lfs_ctx *ctx, int argc, char **words, int cword,
		   char ***cands);
/* The same for a host command line (bash): words are what follows lfs,
 * the cursor on the last. lfs's own options (lfs_global_opts) come
 * first, then the command (no builtins unless ctx has them); a --store
 * DIR among them sets ctx->store_dir (pointing into words). */
int complete_argv(struct lfs_ctx *ctx, int argc, char **words, char ***cands);
void complete_free(char **cands);

#endif
