/* table.c - the command table: one line per command (and its extern). */
#include "cmd.h"

extern const struct lfs_cmd cmd_cat_def;
extern const struct lfs_cmd cmd_chmod_def;
extern const struct lfs_cmd cmd_chown_def;
extern const struct lfs_cmd cmd_df_def;
extern const struct lfs_cmd cmd_export_def;
extern const struct lfs_cmd cmd_find_def;
extern const struct lfs_cmd cmd_getstripe_def;
extern const struct lfs_cmd cmd_help_def;
extern const struct lfs_cmd cmd_import_def;
extern const struct lfs_cmd cmd_jobs_def;
extern const struct lfs_cmd cmd_lfsck_def;
extern const struct lfs_cmd cmd_ln_def;
extern const struct lfs_cmd cmd_ls_def;
extern const struct lfs_cmd cmd_migrate_def;
extern const struct lfs_cmd cmd_mkdir_def;
extern const struct lfs_cmd cmd_mkfs_def;
extern const struct lfs_cmd cmd_mv_def;
extern const struct lfs_cmd cmd_ost_def;
extern const struct lfs_cmd cmd_pool_def;
extern const struct lfs_cmd cmd_pool_list_def;
extern const struct lfs_cmd cmd_rm_def;
extern const struct lfs_cmd cmd_setstripe_def;
extern const struct lfs_cmd cmd_stat_def;
extern const struct lfs_cmd cmd_touch_def;
extern const struct lfs_cmd cmd_truncate_def;
extern const struct lfs_cmd cmd_write_def;

const struct lfs_cmd *const lfs_commands[] = {
	&cmd_cat_def,
	&cmd_chmod_def,
	&cmd_chown_def,
	&cmd_df_def,
	&cmd_export_def,
	&cmd_find_def,
	&cmd_getstripe_def,
	&cmd_help_def,
	&cmd_import_def,
	&cmd_jobs_def,
	&cmd_lfsck_def,
	&cmd_ln_def,
	&cmd_ls_def,
	&cmd_migrate_def,
	&cmd_mkdir_def,
	&cmd_mkfs_def,
	&cmd_mv_def,
	&cmd_ost_def,
	&cmd_pool_def,
	&cmd_pool_list_def,
	&cmd_rm_def,
	&cmd_setstripe_def,
	&cmd_stat_def,
	&cmd_touch_def,
	&cmd_truncate_def,
	&cmd_write_def,
	NULL,
};
