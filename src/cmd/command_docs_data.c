/* Redis 7.0.15's command documentation (COMMAND DOCS) and key specifications and tips
 * (COMMAND INFO) for every command this server may have, keyed by full name. Written by
 * tools/gen_command_docs.py from a running redis-server: do not edit by hand. */
#include <stddef.h>

#include "cmd/command_docs.h"

/* clang-format off */

static const struct doc_arg d_acl_cat_args[] = {
    {.name = "categoryname", .type = "string", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL},
};

static const struct doc_arg d_acl_deluser_args[] = {
    {.name = "username", .type = "string", .key_spec_index = -1, .flags = DOC_ARG_MULTIPLE},
};

static const struct doc_arg d_acl_dryrun_args[] = {
    {.name = "username", .type = "string", .key_spec_index = -1},
    {.name = "command", .type = "string", .key_spec_index = -1},
    {.name = "arg", .type = "string", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL | DOC_ARG_MULTIPLE},
};

static const struct doc_arg d_acl_genpass_args[] = {
    {.name = "bits", .type = "integer", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL},
};

static const struct doc_history d_acl_getuser_history[] = {
    {"6.2.0", "Added Pub/Sub channel patterns."},
    {"7.0.0", "Added selectors and changed the format of key and channel patterns from a list to their rule representation."},
};
static const struct doc_arg d_acl_getuser_args[] = {
    {.name = "username", .type = "string", .key_spec_index = -1},
};




static const struct doc_arg d_acl_log_args_0[] = {
    {.name = "count", .type = "integer", .key_spec_index = -1},
    {.name = "reset", .type = "pure-token", .key_spec_index = -1, .token = "RESET"},
};
static const struct doc_arg d_acl_log_args[] = {
    {.name = "operation", .type = "oneof", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL, .args = d_acl_log_args_0, .nargs = 2},
};


static const struct doc_history d_acl_setuser_history[] = {
    {"6.2.0", "Added Pub/Sub channel patterns."},
    {"7.0.0", "Added selectors and key based permissions."},
};
static const struct doc_arg d_acl_setuser_args[] = {
    {.name = "username", .type = "string", .key_spec_index = -1},
    {.name = "rule", .type = "string", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL | DOC_ARG_MULTIPLE},
};



static const struct doc_arg d_append_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "value", .type = "string", .key_spec_index = -1},
};
static const struct doc_key_spec d_append_keys[] = {
    {.flags = KS_RW | KS_INSERT, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_history d_auth_history[] = {
    {"6.0.0", "Added ACL style (username and password)."},
};
static const struct doc_arg d_auth_args[] = {
    {.name = "username", .type = "string", .key_spec_index = -1, .since = "6.0.0", .flags = DOC_ARG_OPTIONAL},
    {.name = "password", .type = "string", .key_spec_index = -1},
};


static const struct doc_history d_bgsave_history[] = {
    {"3.2.2", "Added the `SCHEDULE` option."},
};
static const struct doc_arg d_bgsave_args[] = {
    {.name = "schedule", .type = "pure-token", .key_spec_index = -1, .token = "SCHEDULE", .since = "3.2.2", .flags = DOC_ARG_OPTIONAL},
};

static const struct doc_history d_bitcount_history[] = {
    {"7.0.0", "Added the `BYTE|BIT` option."},
};
static const struct doc_arg d_bitcount_args_1_2[] = {
    {.name = "byte", .type = "pure-token", .key_spec_index = -1, .token = "BYTE"},
    {.name = "bit", .type = "pure-token", .key_spec_index = -1, .token = "BIT"},
};
static const struct doc_arg d_bitcount_args_1[] = {
    {.name = "start", .type = "integer", .key_spec_index = -1},
    {.name = "end", .type = "integer", .key_spec_index = -1},
    {.name = "index_unit", .type = "oneof", .key_spec_index = -1, .since = "7.0.0", .flags = DOC_ARG_OPTIONAL, .args = d_bitcount_args_1_2, .nargs = 2},
};
static const struct doc_arg d_bitcount_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "index", .type = "block", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL, .args = d_bitcount_args_1, .nargs = 3},
};
static const struct doc_key_spec d_bitcount_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_bitfield_args_1_0[] = {
    {.name = "encoding", .type = "string", .key_spec_index = -1},
    {.name = "offset", .type = "integer", .key_spec_index = -1},
};
static const struct doc_arg d_bitfield_args_1_1_0[] = {
    {.name = "wrap", .type = "pure-token", .key_spec_index = -1, .token = "WRAP"},
    {.name = "sat", .type = "pure-token", .key_spec_index = -1, .token = "SAT"},
    {.name = "fail", .type = "pure-token", .key_spec_index = -1, .token = "FAIL"},
};
static const struct doc_arg d_bitfield_args_1_1_1_0[] = {
    {.name = "encoding", .type = "string", .key_spec_index = -1},
    {.name = "offset", .type = "integer", .key_spec_index = -1},
    {.name = "value", .type = "integer", .key_spec_index = -1},
};
static const struct doc_arg d_bitfield_args_1_1_1_1[] = {
    {.name = "encoding", .type = "string", .key_spec_index = -1},
    {.name = "offset", .type = "integer", .key_spec_index = -1},
    {.name = "increment", .type = "integer", .key_spec_index = -1},
};
static const struct doc_arg d_bitfield_args_1_1_1[] = {
    {.name = "encoding_offset_value", .type = "block", .key_spec_index = -1, .token = "SET", .args = d_bitfield_args_1_1_1_0, .nargs = 3},
    {.name = "encoding_offset_increment", .type = "block", .key_spec_index = -1, .token = "INCRBY", .args = d_bitfield_args_1_1_1_1, .nargs = 3},
};
static const struct doc_arg d_bitfield_args_1_1[] = {
    {.name = "wrap_sat_fail", .type = "oneof", .key_spec_index = -1, .token = "OVERFLOW", .flags = DOC_ARG_OPTIONAL, .args = d_bitfield_args_1_1_0, .nargs = 3},
    {.name = "write_operation", .type = "oneof", .key_spec_index = -1, .args = d_bitfield_args_1_1_1, .nargs = 2},
};
static const struct doc_arg d_bitfield_args_1[] = {
    {.name = "encoding_offset", .type = "block", .key_spec_index = -1, .token = "GET", .args = d_bitfield_args_1_0, .nargs = 2},
    {.name = "write", .type = "block", .key_spec_index = -1, .args = d_bitfield_args_1_1, .nargs = 2},
};
static const struct doc_arg d_bitfield_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "operation", .type = "oneof", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL | DOC_ARG_MULTIPLE, .args = d_bitfield_args_1, .nargs = 2},
};
static const struct doc_key_spec d_bitfield_keys[] = {
    {.notes = "This command allows both access and modification of the key", .flags = KS_RW | KS_ACCESS | KS_UPDATE | KS_VARIABLE_FLAGS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_bitfield_ro_args_1[] = {
    {.name = "encoding", .type = "string", .key_spec_index = -1},
    {.name = "offset", .type = "integer", .key_spec_index = -1},
};
static const struct doc_arg d_bitfield_ro_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "encoding_offset", .type = "block", .key_spec_index = -1, .token = "GET", .flags = DOC_ARG_OPTIONAL | DOC_ARG_MULTIPLE | DOC_ARG_MULTIPLE_TOKEN, .args = d_bitfield_ro_args_1, .nargs = 2},
};
static const struct doc_key_spec d_bitfield_ro_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_bitop_args[] = {
    {.name = "operation", .type = "string", .key_spec_index = -1},
    {.name = "destkey", .type = "key", .key_spec_index = 0},
    {.name = "key", .type = "key", .key_spec_index = 1, .flags = DOC_ARG_MULTIPLE},
};
static const struct doc_key_spec d_bitop_keys[] = {
    {.flags = KS_OW | KS_UPDATE, .bs_type = KS_BS_INDEX, .bs_index = 2, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 3, .fk_type = KS_FK_RANGE, .fk = {-1, 1, 0}},
};

static const struct doc_history d_bitpos_history[] = {
    {"7.0.0", "Added the `BYTE|BIT` option."},
};
static const struct doc_arg d_bitpos_args_2_1_1[] = {
    {.name = "byte", .type = "pure-token", .key_spec_index = -1, .token = "BYTE"},
    {.name = "bit", .type = "pure-token", .key_spec_index = -1, .token = "BIT"},
};
static const struct doc_arg d_bitpos_args_2_1[] = {
    {.name = "end", .type = "integer", .key_spec_index = -1},
    {.name = "index_unit", .type = "oneof", .key_spec_index = -1, .since = "7.0.0", .flags = DOC_ARG_OPTIONAL, .args = d_bitpos_args_2_1_1, .nargs = 2},
};
static const struct doc_arg d_bitpos_args_2[] = {
    {.name = "start", .type = "integer", .key_spec_index = -1},
    {.name = "end_index", .type = "block", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL, .args = d_bitpos_args_2_1, .nargs = 2},
};
static const struct doc_arg d_bitpos_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "bit", .type = "integer", .key_spec_index = -1},
    {.name = "index", .type = "block", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL, .args = d_bitpos_args_2, .nargs = 2},
};
static const struct doc_key_spec d_bitpos_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_blmove_args_2[] = {
    {.name = "left", .type = "pure-token", .key_spec_index = -1, .token = "LEFT"},
    {.name = "right", .type = "pure-token", .key_spec_index = -1, .token = "RIGHT"},
};
static const struct doc_arg d_blmove_args_3[] = {
    {.name = "left", .type = "pure-token", .key_spec_index = -1, .token = "LEFT"},
    {.name = "right", .type = "pure-token", .key_spec_index = -1, .token = "RIGHT"},
};
static const struct doc_arg d_blmove_args[] = {
    {.name = "source", .type = "key", .key_spec_index = 0},
    {.name = "destination", .type = "key", .key_spec_index = 1},
    {.name = "wherefrom", .type = "oneof", .key_spec_index = -1, .args = d_blmove_args_2, .nargs = 2},
    {.name = "whereto", .type = "oneof", .key_spec_index = -1, .args = d_blmove_args_3, .nargs = 2},
    {.name = "timeout", .type = "double", .key_spec_index = -1},
};
static const struct doc_key_spec d_blmove_keys[] = {
    {.flags = KS_RW | KS_ACCESS | KS_DELETE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
    {.flags = KS_RW | KS_INSERT, .bs_type = KS_BS_INDEX, .bs_index = 2, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_blmpop_args_3[] = {
    {.name = "left", .type = "pure-token", .key_spec_index = -1, .token = "LEFT"},
    {.name = "right", .type = "pure-token", .key_spec_index = -1, .token = "RIGHT"},
};
static const struct doc_arg d_blmpop_args[] = {
    {.name = "timeout", .type = "double", .key_spec_index = -1},
    {.name = "numkeys", .type = "integer", .key_spec_index = -1},
    {.name = "key", .type = "key", .key_spec_index = 0, .flags = DOC_ARG_MULTIPLE},
    {.name = "where", .type = "oneof", .key_spec_index = -1, .args = d_blmpop_args_3, .nargs = 2},
    {.name = "count", .type = "integer", .key_spec_index = -1, .token = "COUNT", .flags = DOC_ARG_OPTIONAL},
};
static const struct doc_key_spec d_blmpop_keys[] = {
    {.flags = KS_RW | KS_ACCESS | KS_DELETE, .bs_type = KS_BS_INDEX, .bs_index = 2, .fk_type = KS_FK_KEYNUM, .fk = {0, 1, 1}},
};

static const struct doc_history d_blpop_history[] = {
    {"6.0.0", "`timeout` is interpreted as a double instead of an integer."},
};
static const struct doc_arg d_blpop_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0, .flags = DOC_ARG_MULTIPLE},
    {.name = "timeout", .type = "double", .key_spec_index = -1},
};
static const struct doc_key_spec d_blpop_keys[] = {
    {.flags = KS_RW | KS_ACCESS | KS_DELETE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {-2, 1, 0}},
};

static const struct doc_history d_brpop_history[] = {
    {"6.0.0", "`timeout` is interpreted as a double instead of an integer."},
};
static const struct doc_arg d_brpop_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0, .flags = DOC_ARG_MULTIPLE},
    {.name = "timeout", .type = "double", .key_spec_index = -1},
};
static const struct doc_key_spec d_brpop_keys[] = {
    {.flags = KS_RW | KS_ACCESS | KS_DELETE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {-2, 1, 0}},
};

static const struct doc_history d_brpoplpush_history[] = {
    {"6.0.0", "`timeout` is interpreted as a double instead of an integer."},
};
static const struct doc_arg d_brpoplpush_args[] = {
    {.name = "source", .type = "key", .key_spec_index = 0},
    {.name = "destination", .type = "key", .key_spec_index = 1},
    {.name = "timeout", .type = "double", .key_spec_index = -1},
};
static const struct doc_key_spec d_brpoplpush_keys[] = {
    {.flags = KS_RW | KS_ACCESS | KS_DELETE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
    {.flags = KS_RW | KS_INSERT, .bs_type = KS_BS_INDEX, .bs_index = 2, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_bzmpop_args_3[] = {
    {.name = "min", .type = "pure-token", .key_spec_index = -1, .token = "MIN"},
    {.name = "max", .type = "pure-token", .key_spec_index = -1, .token = "MAX"},
};
static const struct doc_arg d_bzmpop_args[] = {
    {.name = "timeout", .type = "double", .key_spec_index = -1},
    {.name = "numkeys", .type = "integer", .key_spec_index = -1},
    {.name = "key", .type = "key", .key_spec_index = 0, .flags = DOC_ARG_MULTIPLE},
    {.name = "where", .type = "oneof", .key_spec_index = -1, .args = d_bzmpop_args_3, .nargs = 2},
    {.name = "count", .type = "integer", .key_spec_index = -1, .token = "COUNT", .flags = DOC_ARG_OPTIONAL},
};
static const struct doc_key_spec d_bzmpop_keys[] = {
    {.flags = KS_RW | KS_ACCESS | KS_DELETE, .bs_type = KS_BS_INDEX, .bs_index = 2, .fk_type = KS_FK_KEYNUM, .fk = {0, 1, 1}},
};

static const struct doc_history d_bzpopmax_history[] = {
    {"6.0.0", "`timeout` is interpreted as a double instead of an integer."},
};
static const struct doc_arg d_bzpopmax_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0, .flags = DOC_ARG_MULTIPLE},
    {.name = "timeout", .type = "double", .key_spec_index = -1},
};
static const struct doc_key_spec d_bzpopmax_keys[] = {
    {.flags = KS_RW | KS_ACCESS | KS_DELETE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {-2, 1, 0}},
};

static const struct doc_history d_bzpopmin_history[] = {
    {"6.0.0", "`timeout` is interpreted as a double instead of an integer."},
};
static const struct doc_arg d_bzpopmin_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0, .flags = DOC_ARG_MULTIPLE},
    {.name = "timeout", .type = "double", .key_spec_index = -1},
};
static const struct doc_key_spec d_bzpopmin_keys[] = {
    {.flags = KS_RW | KS_ACCESS | KS_DELETE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {-2, 1, 0}},
};


static const struct doc_arg d_client_caching_args_0[] = {
    {.name = "yes", .type = "pure-token", .key_spec_index = -1, .token = "YES"},
    {.name = "no", .type = "pure-token", .key_spec_index = -1, .token = "NO"},
};
static const struct doc_arg d_client_caching_args[] = {
    {.name = "mode", .type = "oneof", .key_spec_index = -1, .args = d_client_caching_args_0, .nargs = 2},
};





static const char *const d_client_info_tips[] = {"nondeterministic_output"};

static const struct doc_history d_client_kill_history[] = {
    {"2.8.12", "Added new filter format."},
    {"2.8.12", "`ID` option."},
    {"3.2.0", "Added `master` type in for `TYPE` option."},
    {"5.0.0", "Replaced `slave` `TYPE` with `replica`. `slave` still supported for backward compatibility."},
    {"6.2.0", "`LADDR` option."},
};
static const struct doc_arg d_client_kill_args_0_1_1[] = {
    {.name = "normal", .type = "pure-token", .key_spec_index = -1, .token = "NORMAL"},
    {.name = "master", .type = "pure-token", .key_spec_index = -1, .token = "MASTER", .since = "3.2.0"},
    {.name = "slave", .type = "pure-token", .key_spec_index = -1, .token = "SLAVE"},
    {.name = "replica", .type = "pure-token", .key_spec_index = -1, .token = "REPLICA", .since = "5.0.0"},
    {.name = "pubsub", .type = "pure-token", .key_spec_index = -1, .token = "PUBSUB"},
};
static const struct doc_arg d_client_kill_args_0_1[] = {
    {.name = "client-id", .type = "integer", .key_spec_index = -1, .token = "ID", .since = "2.8.12", .flags = DOC_ARG_OPTIONAL},
    {.name = "normal_master_slave_pubsub", .type = "oneof", .key_spec_index = -1, .token = "TYPE", .since = "2.8.12", .flags = DOC_ARG_OPTIONAL, .args = d_client_kill_args_0_1_1, .nargs = 5},
    {.name = "username", .type = "string", .key_spec_index = -1, .token = "USER", .flags = DOC_ARG_OPTIONAL},
    {.name = "ip:port", .type = "string", .key_spec_index = -1, .token = "ADDR", .flags = DOC_ARG_OPTIONAL},
    {.name = "ip:port", .type = "string", .key_spec_index = -1, .token = "LADDR", .since = "6.2.0", .flags = DOC_ARG_OPTIONAL},
    {.name = "yes/no", .type = "string", .key_spec_index = -1, .token = "SKIPME", .flags = DOC_ARG_OPTIONAL},
};
static const struct doc_arg d_client_kill_args_0[] = {
    {.name = "ip:port", .type = "string", .key_spec_index = -1, .deprecated_since = "2.8.12"},
    {.name = "new-format", .type = "oneof", .key_spec_index = -1, .flags = DOC_ARG_MULTIPLE, .args = d_client_kill_args_0_1, .nargs = 6},
};
static const struct doc_arg d_client_kill_args[] = {
    {.name = "filter", .type = "oneof", .key_spec_index = -1, .args = d_client_kill_args_0, .nargs = 2},
};

static const struct doc_history d_client_list_history[] = {
    {"2.8.12", "Added unique client `id` field."},
    {"5.0.0", "Added optional `TYPE` filter."},
    {"6.0.0", "Added `user` field."},
    {"6.2.0", "Added `argv-mem`, `tot-mem`, `laddr` and `redir` fields and the optional `ID` filter."},
    {"7.0.0", "Added `resp`, `multi-mem`, `rbs` and `rbp` fields."},
    {"7.0.3", "Added `ssub` field."},
};
static const struct doc_arg d_client_list_args_0[] = {
    {.name = "normal", .type = "pure-token", .key_spec_index = -1, .token = "NORMAL"},
    {.name = "master", .type = "pure-token", .key_spec_index = -1, .token = "MASTER"},
    {.name = "replica", .type = "pure-token", .key_spec_index = -1, .token = "REPLICA"},
    {.name = "pubsub", .type = "pure-token", .key_spec_index = -1, .token = "PUBSUB"},
};
static const struct doc_arg d_client_list_args_1[] = {
    {.name = "client-id", .type = "integer", .key_spec_index = -1, .flags = DOC_ARG_MULTIPLE},
};
static const struct doc_arg d_client_list_args[] = {
    {.name = "normal_master_replica_pubsub", .type = "oneof", .key_spec_index = -1, .token = "TYPE", .since = "5.0.0", .flags = DOC_ARG_OPTIONAL, .args = d_client_list_args_0, .nargs = 4},
    {.name = "id", .type = "block", .key_spec_index = -1, .token = "ID", .since = "6.2.0", .flags = DOC_ARG_OPTIONAL, .args = d_client_list_args_1, .nargs = 1},
};
static const char *const d_client_list_tips[] = {"nondeterministic_output"};

static const struct doc_arg d_client_no_evict_args_0[] = {
    {.name = "on", .type = "pure-token", .key_spec_index = -1, .token = "ON"},
    {.name = "off", .type = "pure-token", .key_spec_index = -1, .token = "OFF"},
};
static const struct doc_arg d_client_no_evict_args[] = {
    {.name = "enabled", .type = "oneof", .key_spec_index = -1, .args = d_client_no_evict_args_0, .nargs = 2},
};

static const struct doc_history d_client_pause_history[] = {
    {"6.2.0", "`CLIENT PAUSE WRITE` mode added along with the `mode` option."},
};
static const struct doc_arg d_client_pause_args_1[] = {
    {.name = "write", .type = "pure-token", .key_spec_index = -1, .token = "WRITE"},
    {.name = "all", .type = "pure-token", .key_spec_index = -1, .token = "ALL"},
};
static const struct doc_arg d_client_pause_args[] = {
    {.name = "timeout", .type = "integer", .key_spec_index = -1},
    {.name = "mode", .type = "oneof", .key_spec_index = -1, .since = "6.2.0", .flags = DOC_ARG_OPTIONAL, .args = d_client_pause_args_1, .nargs = 2},
};

static const struct doc_arg d_client_reply_args_0[] = {
    {.name = "on", .type = "pure-token", .key_spec_index = -1, .token = "ON"},
    {.name = "off", .type = "pure-token", .key_spec_index = -1, .token = "OFF"},
    {.name = "skip", .type = "pure-token", .key_spec_index = -1, .token = "SKIP"},
};
static const struct doc_arg d_client_reply_args[] = {
    {.name = "on_off_skip", .type = "oneof", .key_spec_index = -1, .args = d_client_reply_args_0, .nargs = 3},
};

static const struct doc_arg d_client_setname_args[] = {
    {.name = "connection-name", .type = "string", .key_spec_index = -1},
};

static const struct doc_arg d_client_tracking_args_0[] = {
    {.name = "on", .type = "pure-token", .key_spec_index = -1, .token = "ON"},
    {.name = "off", .type = "pure-token", .key_spec_index = -1, .token = "OFF"},
};
static const struct doc_arg d_client_tracking_args[] = {
    {.name = "status", .type = "oneof", .key_spec_index = -1, .args = d_client_tracking_args_0, .nargs = 2},
    {.name = "client-id", .type = "integer", .key_spec_index = -1, .token = "REDIRECT", .flags = DOC_ARG_OPTIONAL},
    {.name = "prefix", .type = "string", .key_spec_index = -1, .token = "PREFIX", .flags = DOC_ARG_OPTIONAL | DOC_ARG_MULTIPLE | DOC_ARG_MULTIPLE_TOKEN},
    {.name = "bcast", .type = "pure-token", .key_spec_index = -1, .token = "BCAST", .flags = DOC_ARG_OPTIONAL},
    {.name = "optin", .type = "pure-token", .key_spec_index = -1, .token = "OPTIN", .flags = DOC_ARG_OPTIONAL},
    {.name = "optout", .type = "pure-token", .key_spec_index = -1, .token = "OPTOUT", .flags = DOC_ARG_OPTIONAL},
    {.name = "noloop", .type = "pure-token", .key_spec_index = -1, .token = "NOLOOP", .flags = DOC_ARG_OPTIONAL},
};


static const struct doc_arg d_client_unblock_args_1[] = {
    {.name = "timeout", .type = "pure-token", .key_spec_index = -1, .token = "TIMEOUT"},
    {.name = "error", .type = "pure-token", .key_spec_index = -1, .token = "ERROR"},
};
static const struct doc_arg d_client_unblock_args[] = {
    {.name = "client-id", .type = "integer", .key_spec_index = -1},
    {.name = "timeout_error", .type = "oneof", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL, .args = d_client_unblock_args_1, .nargs = 2},
};


static const char *const d_command_tips[] = {"nondeterministic_output_order"};


static const struct doc_arg d_command_docs_args[] = {
    {.name = "command-name", .type = "string", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL | DOC_ARG_MULTIPLE},
};
static const char *const d_command_docs_tips[] = {"nondeterministic_output_order"};




static const struct doc_history d_command_info_history[] = {
    {"7.0.0", "Allowed to be called with no argument to get info on all commands."},
};
static const struct doc_arg d_command_info_args[] = {
    {.name = "command-name", .type = "string", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL | DOC_ARG_MULTIPLE},
};
static const char *const d_command_info_tips[] = {"nondeterministic_output_order"};

static const struct doc_arg d_command_list_args_0[] = {
    {.name = "module-name", .type = "string", .key_spec_index = -1, .token = "MODULE"},
    {.name = "category", .type = "string", .key_spec_index = -1, .token = "ACLCAT"},
    {.name = "pattern", .type = "pattern", .key_spec_index = -1, .token = "PATTERN"},
};
static const struct doc_arg d_command_list_args[] = {
    {.name = "filterby", .type = "oneof", .key_spec_index = -1, .token = "FILTERBY", .flags = DOC_ARG_OPTIONAL, .args = d_command_list_args_0, .nargs = 3},
};
static const char *const d_command_list_tips[] = {"nondeterministic_output_order"};


static const struct doc_history d_config_get_history[] = {
    {"7.0.0", "Added the ability to pass multiple pattern parameters in one call"},
};
static const struct doc_arg d_config_get_args_0[] = {
    {.name = "parameter", .type = "string", .key_spec_index = -1},
};
static const struct doc_arg d_config_get_args[] = {
    {.name = "parameter", .type = "block", .key_spec_index = -1, .flags = DOC_ARG_MULTIPLE, .args = d_config_get_args_0, .nargs = 1},
};




static const struct doc_history d_config_set_history[] = {
    {"7.0.0", "Added the ability to set multiple parameters in one call."},
};
static const struct doc_arg d_config_set_args_0[] = {
    {.name = "parameter", .type = "string", .key_spec_index = -1},
    {.name = "value", .type = "string", .key_spec_index = -1},
};
static const struct doc_arg d_config_set_args[] = {
    {.name = "parameter_value", .type = "block", .key_spec_index = -1, .flags = DOC_ARG_MULTIPLE, .args = d_config_set_args_0, .nargs = 2},
};
static const char *const d_config_set_tips[] = {"request_policy:all_nodes", "response_policy:all_succeeded"};

static const struct doc_arg d_copy_args[] = {
    {.name = "source", .type = "key", .key_spec_index = 0},
    {.name = "destination", .type = "key", .key_spec_index = 1},
    {.name = "destination-db", .type = "integer", .key_spec_index = -1, .token = "DB", .flags = DOC_ARG_OPTIONAL},
    {.name = "replace", .type = "pure-token", .key_spec_index = -1, .token = "REPLACE", .flags = DOC_ARG_OPTIONAL},
};
static const struct doc_key_spec d_copy_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
    {.flags = KS_OW | KS_UPDATE, .bs_type = KS_BS_INDEX, .bs_index = 2, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const char *const d_dbsize_tips[] = {"request_policy:all_shards", "response_policy:agg_sum"};


static const struct doc_arg d_decr_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
};
static const struct doc_key_spec d_decr_keys[] = {
    {.flags = KS_RW | KS_ACCESS | KS_UPDATE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_decrby_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "decrement", .type = "integer", .key_spec_index = -1},
};
static const struct doc_key_spec d_decrby_keys[] = {
    {.flags = KS_RW | KS_ACCESS | KS_UPDATE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_del_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0, .flags = DOC_ARG_MULTIPLE},
};
static const char *const d_del_tips[] = {"request_policy:multi_shard", "response_policy:agg_sum"};
static const struct doc_key_spec d_del_keys[] = {
    {.flags = KS_RM | KS_DELETE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {-1, 1, 0}},
};


static const struct doc_arg d_dump_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
};
static const char *const d_dump_tips[] = {"nondeterministic_output"};
static const struct doc_key_spec d_dump_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_echo_args[] = {
    {.name = "message", .type = "string", .key_spec_index = -1},
};

static const struct doc_arg d_eval_args[] = {
    {.name = "script", .type = "string", .key_spec_index = -1},
    {.name = "numkeys", .type = "integer", .key_spec_index = -1},
    {.name = "key", .type = "key", .key_spec_index = 0, .flags = DOC_ARG_OPTIONAL | DOC_ARG_MULTIPLE},
    {.name = "arg", .type = "string", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL | DOC_ARG_MULTIPLE},
};
static const struct doc_key_spec d_eval_keys[] = {
    {.notes = "We cannot tell how the keys will be used so we assume the worst, RW and UPDATE", .flags = KS_RW | KS_ACCESS | KS_UPDATE, .bs_type = KS_BS_INDEX, .bs_index = 2, .fk_type = KS_FK_KEYNUM, .fk = {0, 1, 1}},
};

static const struct doc_arg d_eval_ro_args[] = {
    {.name = "script", .type = "string", .key_spec_index = -1},
    {.name = "numkeys", .type = "integer", .key_spec_index = -1},
    {.name = "key", .type = "key", .key_spec_index = 0, .flags = DOC_ARG_OPTIONAL | DOC_ARG_MULTIPLE},
    {.name = "arg", .type = "string", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL | DOC_ARG_MULTIPLE},
};
static const struct doc_key_spec d_eval_ro_keys[] = {
    {.notes = "We cannot tell how the keys will be used so we assume the worst, RO and ACCESS", .flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 2, .fk_type = KS_FK_KEYNUM, .fk = {0, 1, 1}},
};

static const struct doc_arg d_evalsha_args[] = {
    {.name = "sha1", .type = "string", .key_spec_index = -1},
    {.name = "numkeys", .type = "integer", .key_spec_index = -1},
    {.name = "key", .type = "key", .key_spec_index = 0, .flags = DOC_ARG_OPTIONAL | DOC_ARG_MULTIPLE},
    {.name = "arg", .type = "string", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL | DOC_ARG_MULTIPLE},
};
static const struct doc_key_spec d_evalsha_keys[] = {
    {.flags = KS_RW | KS_ACCESS | KS_UPDATE, .bs_type = KS_BS_INDEX, .bs_index = 2, .fk_type = KS_FK_KEYNUM, .fk = {0, 1, 1}},
};

static const struct doc_arg d_evalsha_ro_args[] = {
    {.name = "sha1", .type = "string", .key_spec_index = -1},
    {.name = "numkeys", .type = "integer", .key_spec_index = -1},
    {.name = "key", .type = "key", .key_spec_index = 0, .flags = DOC_ARG_OPTIONAL | DOC_ARG_MULTIPLE},
    {.name = "arg", .type = "string", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL | DOC_ARG_MULTIPLE},
};
static const struct doc_key_spec d_evalsha_ro_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 2, .fk_type = KS_FK_KEYNUM, .fk = {0, 1, 1}},
};


static const struct doc_history d_exists_history[] = {
    {"3.0.3", "Accepts multiple `key` arguments."},
};
static const struct doc_arg d_exists_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0, .flags = DOC_ARG_MULTIPLE},
};
static const char *const d_exists_tips[] = {"request_policy:multi_shard", "response_policy:agg_sum"};
static const struct doc_key_spec d_exists_keys[] = {
    {.flags = KS_RO, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {-1, 1, 0}},
};

static const struct doc_history d_expire_history[] = {
    {"7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`."},
};
static const struct doc_arg d_expire_args_2[] = {
    {.name = "nx", .type = "pure-token", .key_spec_index = -1, .token = "NX"},
    {.name = "xx", .type = "pure-token", .key_spec_index = -1, .token = "XX"},
    {.name = "gt", .type = "pure-token", .key_spec_index = -1, .token = "GT"},
    {.name = "lt", .type = "pure-token", .key_spec_index = -1, .token = "LT"},
};
static const struct doc_arg d_expire_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "seconds", .type = "integer", .key_spec_index = -1},
    {.name = "condition", .type = "oneof", .key_spec_index = -1, .since = "7.0.0", .flags = DOC_ARG_OPTIONAL, .args = d_expire_args_2, .nargs = 4},
};
static const struct doc_key_spec d_expire_keys[] = {
    {.flags = KS_RW | KS_UPDATE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_history d_expireat_history[] = {
    {"7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`."},
};
static const struct doc_arg d_expireat_args_2[] = {
    {.name = "nx", .type = "pure-token", .key_spec_index = -1, .token = "NX"},
    {.name = "xx", .type = "pure-token", .key_spec_index = -1, .token = "XX"},
    {.name = "gt", .type = "pure-token", .key_spec_index = -1, .token = "GT"},
    {.name = "lt", .type = "pure-token", .key_spec_index = -1, .token = "LT"},
};
static const struct doc_arg d_expireat_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "unix-time-seconds", .type = "unix-time", .key_spec_index = -1},
    {.name = "condition", .type = "oneof", .key_spec_index = -1, .since = "7.0.0", .flags = DOC_ARG_OPTIONAL, .args = d_expireat_args_2, .nargs = 4},
};
static const struct doc_key_spec d_expireat_keys[] = {
    {.flags = KS_RW | KS_UPDATE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_expiretime_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
};
static const struct doc_key_spec d_expiretime_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_fcall_args[] = {
    {.name = "function", .type = "string", .key_spec_index = -1},
    {.name = "numkeys", .type = "integer", .key_spec_index = -1},
    {.name = "key", .type = "key", .key_spec_index = 0, .flags = DOC_ARG_OPTIONAL | DOC_ARG_MULTIPLE},
    {.name = "arg", .type = "string", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL | DOC_ARG_MULTIPLE},
};
static const struct doc_key_spec d_fcall_keys[] = {
    {.notes = "We cannot tell how the keys will be used so we assume the worst, RW and UPDATE", .flags = KS_RW | KS_ACCESS | KS_UPDATE, .bs_type = KS_BS_INDEX, .bs_index = 2, .fk_type = KS_FK_KEYNUM, .fk = {0, 1, 1}},
};

static const struct doc_arg d_fcall_ro_args[] = {
    {.name = "function", .type = "string", .key_spec_index = -1},
    {.name = "numkeys", .type = "integer", .key_spec_index = -1},
    {.name = "key", .type = "key", .key_spec_index = 0, .flags = DOC_ARG_OPTIONAL | DOC_ARG_MULTIPLE},
    {.name = "arg", .type = "string", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL | DOC_ARG_MULTIPLE},
};
static const struct doc_key_spec d_fcall_ro_keys[] = {
    {.notes = "We cannot tell how the keys will be used so we assume the worst, RO and ACCESS", .flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 2, .fk_type = KS_FK_KEYNUM, .fk = {0, 1, 1}},
};

static const struct doc_history d_flushall_history[] = {
    {"4.0.0", "Added the `ASYNC` flushing mode modifier."},
    {"6.2.0", "Added the `SYNC` flushing mode modifier."},
};
static const struct doc_arg d_flushall_args_0[] = {
    {.name = "async", .type = "pure-token", .key_spec_index = -1, .token = "ASYNC", .since = "4.0.0"},
    {.name = "sync", .type = "pure-token", .key_spec_index = -1, .token = "SYNC", .since = "6.2.0"},
};
static const struct doc_arg d_flushall_args[] = {
    {.name = "async", .type = "oneof", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL, .args = d_flushall_args_0, .nargs = 2},
};
static const char *const d_flushall_tips[] = {"request_policy:all_shards", "response_policy:all_succeeded"};

static const struct doc_history d_flushdb_history[] = {
    {"4.0.0", "Added the `ASYNC` flushing mode modifier."},
    {"6.2.0", "Added the `SYNC` flushing mode modifier."},
};
static const struct doc_arg d_flushdb_args_0[] = {
    {.name = "async", .type = "pure-token", .key_spec_index = -1, .token = "ASYNC", .since = "4.0.0"},
    {.name = "sync", .type = "pure-token", .key_spec_index = -1, .token = "SYNC", .since = "6.2.0"},
};
static const struct doc_arg d_flushdb_args[] = {
    {.name = "async", .type = "oneof", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL, .args = d_flushdb_args_0, .nargs = 2},
};
static const char *const d_flushdb_tips[] = {"request_policy:all_shards", "response_policy:all_succeeded"};


static const struct doc_arg d_function_delete_args[] = {
    {.name = "library-name", .type = "string", .key_spec_index = -1},
};
static const char *const d_function_delete_tips[] = {"request_policy:all_shards", "response_policy:all_succeeded"};


static const struct doc_arg d_function_flush_args_0[] = {
    {.name = "async", .type = "pure-token", .key_spec_index = -1, .token = "ASYNC"},
    {.name = "sync", .type = "pure-token", .key_spec_index = -1, .token = "SYNC"},
};
static const struct doc_arg d_function_flush_args[] = {
    {.name = "async", .type = "oneof", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL, .args = d_function_flush_args_0, .nargs = 2},
};
static const char *const d_function_flush_tips[] = {"request_policy:all_shards", "response_policy:all_succeeded"};


static const char *const d_function_kill_tips[] = {"request_policy:all_shards", "response_policy:one_succeeded"};

static const struct doc_arg d_function_list_args[] = {
    {.name = "library-name-pattern", .type = "string", .key_spec_index = -1, .token = "LIBRARYNAME", .flags = DOC_ARG_OPTIONAL},
    {.name = "withcode", .type = "pure-token", .key_spec_index = -1, .token = "WITHCODE", .flags = DOC_ARG_OPTIONAL},
};
static const char *const d_function_list_tips[] = {"nondeterministic_output_order"};

static const struct doc_arg d_function_load_args[] = {
    {.name = "replace", .type = "pure-token", .key_spec_index = -1, .token = "REPLACE", .flags = DOC_ARG_OPTIONAL},
    {.name = "function-code", .type = "string", .key_spec_index = -1},
};
static const char *const d_function_load_tips[] = {"request_policy:all_shards", "response_policy:all_succeeded"};

static const struct doc_arg d_function_restore_args_1[] = {
    {.name = "flush", .type = "pure-token", .key_spec_index = -1, .token = "FLUSH"},
    {.name = "append", .type = "pure-token", .key_spec_index = -1, .token = "APPEND"},
    {.name = "replace", .type = "pure-token", .key_spec_index = -1, .token = "REPLACE"},
};
static const struct doc_arg d_function_restore_args[] = {
    {.name = "serialized-value", .type = "string", .key_spec_index = -1},
    {.name = "policy", .type = "oneof", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL, .args = d_function_restore_args_1, .nargs = 3},
};
static const char *const d_function_restore_tips[] = {"request_policy:all_shards", "response_policy:all_succeeded"};

static const char *const d_function_stats_tips[] = {"nondeterministic_output", "request_policy:all_shards", "response_policy:special"};

static const struct doc_history d_geoadd_history[] = {
    {"6.2.0", "Added the `CH`, `NX` and `XX` options."},
};
static const struct doc_arg d_geoadd_args_1[] = {
    {.name = "nx", .type = "pure-token", .key_spec_index = -1, .token = "NX"},
    {.name = "xx", .type = "pure-token", .key_spec_index = -1, .token = "XX"},
};
static const struct doc_arg d_geoadd_args_3[] = {
    {.name = "longitude", .type = "double", .key_spec_index = -1},
    {.name = "latitude", .type = "double", .key_spec_index = -1},
    {.name = "member", .type = "string", .key_spec_index = -1},
};
static const struct doc_arg d_geoadd_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "condition", .type = "oneof", .key_spec_index = -1, .since = "6.2.0", .flags = DOC_ARG_OPTIONAL, .args = d_geoadd_args_1, .nargs = 2},
    {.name = "change", .type = "pure-token", .key_spec_index = -1, .token = "CH", .since = "6.2.0", .flags = DOC_ARG_OPTIONAL},
    {.name = "longitude_latitude_member", .type = "block", .key_spec_index = -1, .flags = DOC_ARG_MULTIPLE, .args = d_geoadd_args_3, .nargs = 3},
};
static const struct doc_key_spec d_geoadd_keys[] = {
    {.flags = KS_RW | KS_UPDATE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_geodist_args_3[] = {
    {.name = "m", .type = "pure-token", .key_spec_index = -1, .token = "M"},
    {.name = "km", .type = "pure-token", .key_spec_index = -1, .token = "KM"},
    {.name = "ft", .type = "pure-token", .key_spec_index = -1, .token = "FT"},
    {.name = "mi", .type = "pure-token", .key_spec_index = -1, .token = "MI"},
};
static const struct doc_arg d_geodist_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "member1", .type = "string", .key_spec_index = -1},
    {.name = "member2", .type = "string", .key_spec_index = -1},
    {.name = "unit", .type = "oneof", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL, .args = d_geodist_args_3, .nargs = 4},
};
static const struct doc_key_spec d_geodist_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_geohash_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "member", .type = "string", .key_spec_index = -1, .flags = DOC_ARG_MULTIPLE},
};
static const struct doc_key_spec d_geohash_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_geopos_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "member", .type = "string", .key_spec_index = -1, .flags = DOC_ARG_MULTIPLE},
};
static const struct doc_key_spec d_geopos_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_history d_georadius_history[] = {
    {"6.2.0", "Added the `ANY` option for `COUNT`."},
    {"7.0.0", "Added support for uppercase unit names."},
};
static const struct doc_arg d_georadius_args_4[] = {
    {.name = "m", .type = "pure-token", .key_spec_index = -1, .token = "M"},
    {.name = "km", .type = "pure-token", .key_spec_index = -1, .token = "KM"},
    {.name = "ft", .type = "pure-token", .key_spec_index = -1, .token = "FT"},
    {.name = "mi", .type = "pure-token", .key_spec_index = -1, .token = "MI"},
};
static const struct doc_arg d_georadius_args_8[] = {
    {.name = "count", .type = "integer", .key_spec_index = -1, .token = "COUNT"},
    {.name = "any", .type = "pure-token", .key_spec_index = -1, .token = "ANY", .since = "6.2.0", .flags = DOC_ARG_OPTIONAL},
};
static const struct doc_arg d_georadius_args_9[] = {
    {.name = "asc", .type = "pure-token", .key_spec_index = -1, .token = "ASC"},
    {.name = "desc", .type = "pure-token", .key_spec_index = -1, .token = "DESC"},
};
static const struct doc_arg d_georadius_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "longitude", .type = "double", .key_spec_index = -1},
    {.name = "latitude", .type = "double", .key_spec_index = -1},
    {.name = "radius", .type = "double", .key_spec_index = -1},
    {.name = "unit", .type = "oneof", .key_spec_index = -1, .args = d_georadius_args_4, .nargs = 4},
    {.name = "withcoord", .type = "pure-token", .key_spec_index = -1, .token = "WITHCOORD", .flags = DOC_ARG_OPTIONAL},
    {.name = "withdist", .type = "pure-token", .key_spec_index = -1, .token = "WITHDIST", .flags = DOC_ARG_OPTIONAL},
    {.name = "withhash", .type = "pure-token", .key_spec_index = -1, .token = "WITHHASH", .flags = DOC_ARG_OPTIONAL},
    {.name = "count", .type = "block", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL, .args = d_georadius_args_8, .nargs = 2},
    {.name = "order", .type = "oneof", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL, .args = d_georadius_args_9, .nargs = 2},
    {.name = "key", .type = "key", .key_spec_index = 1, .token = "STORE", .flags = DOC_ARG_OPTIONAL},
    {.name = "key", .type = "key", .key_spec_index = 2, .token = "STOREDIST", .flags = DOC_ARG_OPTIONAL},
};
static const struct doc_key_spec d_georadius_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
    {.flags = KS_OW | KS_UPDATE, .bs_type = KS_BS_KEYWORD, .bs_keyword = "STORE", .bs_index = 6, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
    {.flags = KS_OW | KS_UPDATE, .bs_type = KS_BS_KEYWORD, .bs_keyword = "STOREDIST", .bs_index = 6, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_history d_georadius_ro_history[] = {
    {"6.2.0", "Added the `ANY` option for `COUNT`."},
};
static const struct doc_arg d_georadius_ro_args_4[] = {
    {.name = "m", .type = "pure-token", .key_spec_index = -1, .token = "M"},
    {.name = "km", .type = "pure-token", .key_spec_index = -1, .token = "KM"},
    {.name = "ft", .type = "pure-token", .key_spec_index = -1, .token = "FT"},
    {.name = "mi", .type = "pure-token", .key_spec_index = -1, .token = "MI"},
};
static const struct doc_arg d_georadius_ro_args_8[] = {
    {.name = "count", .type = "integer", .key_spec_index = -1, .token = "COUNT"},
    {.name = "any", .type = "pure-token", .key_spec_index = -1, .token = "ANY", .since = "6.2.0", .flags = DOC_ARG_OPTIONAL},
};
static const struct doc_arg d_georadius_ro_args_9[] = {
    {.name = "asc", .type = "pure-token", .key_spec_index = -1, .token = "ASC"},
    {.name = "desc", .type = "pure-token", .key_spec_index = -1, .token = "DESC"},
};
static const struct doc_arg d_georadius_ro_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "longitude", .type = "double", .key_spec_index = -1},
    {.name = "latitude", .type = "double", .key_spec_index = -1},
    {.name = "radius", .type = "double", .key_spec_index = -1},
    {.name = "unit", .type = "oneof", .key_spec_index = -1, .args = d_georadius_ro_args_4, .nargs = 4},
    {.name = "withcoord", .type = "pure-token", .key_spec_index = -1, .token = "WITHCOORD", .flags = DOC_ARG_OPTIONAL},
    {.name = "withdist", .type = "pure-token", .key_spec_index = -1, .token = "WITHDIST", .flags = DOC_ARG_OPTIONAL},
    {.name = "withhash", .type = "pure-token", .key_spec_index = -1, .token = "WITHHASH", .flags = DOC_ARG_OPTIONAL},
    {.name = "count", .type = "block", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL, .args = d_georadius_ro_args_8, .nargs = 2},
    {.name = "order", .type = "oneof", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL, .args = d_georadius_ro_args_9, .nargs = 2},
};
static const struct doc_key_spec d_georadius_ro_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_history d_georadiusbymember_history[] = {
    {"7.0.0", "Added support for uppercase unit names."},
};
static const struct doc_arg d_georadiusbymember_args_3[] = {
    {.name = "m", .type = "pure-token", .key_spec_index = -1, .token = "M"},
    {.name = "km", .type = "pure-token", .key_spec_index = -1, .token = "KM"},
    {.name = "ft", .type = "pure-token", .key_spec_index = -1, .token = "FT"},
    {.name = "mi", .type = "pure-token", .key_spec_index = -1, .token = "MI"},
};
static const struct doc_arg d_georadiusbymember_args_7[] = {
    {.name = "count", .type = "integer", .key_spec_index = -1, .token = "COUNT"},
    {.name = "any", .type = "pure-token", .key_spec_index = -1, .token = "ANY", .flags = DOC_ARG_OPTIONAL},
};
static const struct doc_arg d_georadiusbymember_args_8[] = {
    {.name = "asc", .type = "pure-token", .key_spec_index = -1, .token = "ASC"},
    {.name = "desc", .type = "pure-token", .key_spec_index = -1, .token = "DESC"},
};
static const struct doc_arg d_georadiusbymember_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "member", .type = "string", .key_spec_index = -1},
    {.name = "radius", .type = "double", .key_spec_index = -1},
    {.name = "unit", .type = "oneof", .key_spec_index = -1, .args = d_georadiusbymember_args_3, .nargs = 4},
    {.name = "withcoord", .type = "pure-token", .key_spec_index = -1, .token = "WITHCOORD", .flags = DOC_ARG_OPTIONAL},
    {.name = "withdist", .type = "pure-token", .key_spec_index = -1, .token = "WITHDIST", .flags = DOC_ARG_OPTIONAL},
    {.name = "withhash", .type = "pure-token", .key_spec_index = -1, .token = "WITHHASH", .flags = DOC_ARG_OPTIONAL},
    {.name = "count", .type = "block", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL, .args = d_georadiusbymember_args_7, .nargs = 2},
    {.name = "order", .type = "oneof", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL, .args = d_georadiusbymember_args_8, .nargs = 2},
    {.name = "key", .type = "key", .key_spec_index = 1, .token = "STORE", .flags = DOC_ARG_OPTIONAL},
    {.name = "key", .type = "key", .key_spec_index = 2, .token = "STOREDIST", .flags = DOC_ARG_OPTIONAL},
};
static const struct doc_key_spec d_georadiusbymember_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
    {.flags = KS_OW | KS_UPDATE, .bs_type = KS_BS_KEYWORD, .bs_keyword = "STORE", .bs_index = 5, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
    {.flags = KS_OW | KS_UPDATE, .bs_type = KS_BS_KEYWORD, .bs_keyword = "STOREDIST", .bs_index = 5, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_georadiusbymember_ro_args_3[] = {
    {.name = "m", .type = "pure-token", .key_spec_index = -1, .token = "M"},
    {.name = "km", .type = "pure-token", .key_spec_index = -1, .token = "KM"},
    {.name = "ft", .type = "pure-token", .key_spec_index = -1, .token = "FT"},
    {.name = "mi", .type = "pure-token", .key_spec_index = -1, .token = "MI"},
};
static const struct doc_arg d_georadiusbymember_ro_args_7[] = {
    {.name = "count", .type = "integer", .key_spec_index = -1, .token = "COUNT"},
    {.name = "any", .type = "pure-token", .key_spec_index = -1, .token = "ANY", .flags = DOC_ARG_OPTIONAL},
};
static const struct doc_arg d_georadiusbymember_ro_args_8[] = {
    {.name = "asc", .type = "pure-token", .key_spec_index = -1, .token = "ASC"},
    {.name = "desc", .type = "pure-token", .key_spec_index = -1, .token = "DESC"},
};
static const struct doc_arg d_georadiusbymember_ro_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "member", .type = "string", .key_spec_index = -1},
    {.name = "radius", .type = "double", .key_spec_index = -1},
    {.name = "unit", .type = "oneof", .key_spec_index = -1, .args = d_georadiusbymember_ro_args_3, .nargs = 4},
    {.name = "withcoord", .type = "pure-token", .key_spec_index = -1, .token = "WITHCOORD", .flags = DOC_ARG_OPTIONAL},
    {.name = "withdist", .type = "pure-token", .key_spec_index = -1, .token = "WITHDIST", .flags = DOC_ARG_OPTIONAL},
    {.name = "withhash", .type = "pure-token", .key_spec_index = -1, .token = "WITHHASH", .flags = DOC_ARG_OPTIONAL},
    {.name = "count", .type = "block", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL, .args = d_georadiusbymember_ro_args_7, .nargs = 2},
    {.name = "order", .type = "oneof", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL, .args = d_georadiusbymember_ro_args_8, .nargs = 2},
};
static const struct doc_key_spec d_georadiusbymember_ro_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_history d_geosearch_history[] = {
    {"7.0.0", "Added support for uppercase unit names."},
};
static const struct doc_arg d_geosearch_args_1_1[] = {
    {.name = "longitude", .type = "double", .key_spec_index = -1},
    {.name = "latitude", .type = "double", .key_spec_index = -1},
};
static const struct doc_arg d_geosearch_args_1[] = {
    {.name = "member", .type = "string", .key_spec_index = -1, .token = "FROMMEMBER"},
    {.name = "longitude_latitude", .type = "block", .key_spec_index = -1, .token = "FROMLONLAT", .args = d_geosearch_args_1_1, .nargs = 2},
};
static const struct doc_arg d_geosearch_args_2_0_1[] = {
    {.name = "m", .type = "pure-token", .key_spec_index = -1, .token = "M"},
    {.name = "km", .type = "pure-token", .key_spec_index = -1, .token = "KM"},
    {.name = "ft", .type = "pure-token", .key_spec_index = -1, .token = "FT"},
    {.name = "mi", .type = "pure-token", .key_spec_index = -1, .token = "MI"},
};
static const struct doc_arg d_geosearch_args_2_0[] = {
    {.name = "radius", .type = "double", .key_spec_index = -1, .token = "BYRADIUS"},
    {.name = "unit", .type = "oneof", .key_spec_index = -1, .args = d_geosearch_args_2_0_1, .nargs = 4},
};
static const struct doc_arg d_geosearch_args_2_1_2[] = {
    {.name = "m", .type = "pure-token", .key_spec_index = -1, .token = "M"},
    {.name = "km", .type = "pure-token", .key_spec_index = -1, .token = "KM"},
    {.name = "ft", .type = "pure-token", .key_spec_index = -1, .token = "FT"},
    {.name = "mi", .type = "pure-token", .key_spec_index = -1, .token = "MI"},
};
static const struct doc_arg d_geosearch_args_2_1[] = {
    {.name = "width", .type = "double", .key_spec_index = -1, .token = "BYBOX"},
    {.name = "height", .type = "double", .key_spec_index = -1},
    {.name = "unit", .type = "oneof", .key_spec_index = -1, .args = d_geosearch_args_2_1_2, .nargs = 4},
};
static const struct doc_arg d_geosearch_args_2[] = {
    {.name = "circle", .type = "block", .key_spec_index = -1, .args = d_geosearch_args_2_0, .nargs = 2},
    {.name = "box", .type = "block", .key_spec_index = -1, .args = d_geosearch_args_2_1, .nargs = 3},
};
static const struct doc_arg d_geosearch_args_3[] = {
    {.name = "asc", .type = "pure-token", .key_spec_index = -1, .token = "ASC"},
    {.name = "desc", .type = "pure-token", .key_spec_index = -1, .token = "DESC"},
};
static const struct doc_arg d_geosearch_args_4[] = {
    {.name = "count", .type = "integer", .key_spec_index = -1, .token = "COUNT"},
    {.name = "any", .type = "pure-token", .key_spec_index = -1, .token = "ANY", .flags = DOC_ARG_OPTIONAL},
};
static const struct doc_arg d_geosearch_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "from", .type = "oneof", .key_spec_index = -1, .args = d_geosearch_args_1, .nargs = 2},
    {.name = "by", .type = "oneof", .key_spec_index = -1, .args = d_geosearch_args_2, .nargs = 2},
    {.name = "order", .type = "oneof", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL, .args = d_geosearch_args_3, .nargs = 2},
    {.name = "count", .type = "block", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL, .args = d_geosearch_args_4, .nargs = 2},
    {.name = "withcoord", .type = "pure-token", .key_spec_index = -1, .token = "WITHCOORD", .flags = DOC_ARG_OPTIONAL},
    {.name = "withdist", .type = "pure-token", .key_spec_index = -1, .token = "WITHDIST", .flags = DOC_ARG_OPTIONAL},
    {.name = "withhash", .type = "pure-token", .key_spec_index = -1, .token = "WITHHASH", .flags = DOC_ARG_OPTIONAL},
};
static const struct doc_key_spec d_geosearch_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_history d_geosearchstore_history[] = {
    {"7.0.0", "Added support for uppercase unit names."},
};
static const struct doc_arg d_geosearchstore_args_2_1[] = {
    {.name = "longitude", .type = "double", .key_spec_index = -1},
    {.name = "latitude", .type = "double", .key_spec_index = -1},
};
static const struct doc_arg d_geosearchstore_args_2[] = {
    {.name = "member", .type = "string", .key_spec_index = -1, .token = "FROMMEMBER"},
    {.name = "longitude_latitude", .type = "block", .key_spec_index = -1, .token = "FROMLONLAT", .args = d_geosearchstore_args_2_1, .nargs = 2},
};
static const struct doc_arg d_geosearchstore_args_3_0_1[] = {
    {.name = "m", .type = "pure-token", .key_spec_index = -1, .token = "M"},
    {.name = "km", .type = "pure-token", .key_spec_index = -1, .token = "KM"},
    {.name = "ft", .type = "pure-token", .key_spec_index = -1, .token = "FT"},
    {.name = "mi", .type = "pure-token", .key_spec_index = -1, .token = "MI"},
};
static const struct doc_arg d_geosearchstore_args_3_0[] = {
    {.name = "radius", .type = "double", .key_spec_index = -1, .token = "BYRADIUS"},
    {.name = "unit", .type = "oneof", .key_spec_index = -1, .args = d_geosearchstore_args_3_0_1, .nargs = 4},
};
static const struct doc_arg d_geosearchstore_args_3_1_2[] = {
    {.name = "m", .type = "pure-token", .key_spec_index = -1, .token = "M"},
    {.name = "km", .type = "pure-token", .key_spec_index = -1, .token = "KM"},
    {.name = "ft", .type = "pure-token", .key_spec_index = -1, .token = "FT"},
    {.name = "mi", .type = "pure-token", .key_spec_index = -1, .token = "MI"},
};
static const struct doc_arg d_geosearchstore_args_3_1[] = {
    {.name = "width", .type = "double", .key_spec_index = -1, .token = "BYBOX"},
    {.name = "height", .type = "double", .key_spec_index = -1},
    {.name = "unit", .type = "oneof", .key_spec_index = -1, .args = d_geosearchstore_args_3_1_2, .nargs = 4},
};
static const struct doc_arg d_geosearchstore_args_3[] = {
    {.name = "circle", .type = "block", .key_spec_index = -1, .args = d_geosearchstore_args_3_0, .nargs = 2},
    {.name = "box", .type = "block", .key_spec_index = -1, .args = d_geosearchstore_args_3_1, .nargs = 3},
};
static const struct doc_arg d_geosearchstore_args_4[] = {
    {.name = "asc", .type = "pure-token", .key_spec_index = -1, .token = "ASC"},
    {.name = "desc", .type = "pure-token", .key_spec_index = -1, .token = "DESC"},
};
static const struct doc_arg d_geosearchstore_args_5[] = {
    {.name = "count", .type = "integer", .key_spec_index = -1, .token = "COUNT"},
    {.name = "any", .type = "pure-token", .key_spec_index = -1, .token = "ANY", .flags = DOC_ARG_OPTIONAL},
};
static const struct doc_arg d_geosearchstore_args[] = {
    {.name = "destination", .type = "key", .key_spec_index = 0},
    {.name = "source", .type = "key", .key_spec_index = 1},
    {.name = "from", .type = "oneof", .key_spec_index = -1, .args = d_geosearchstore_args_2, .nargs = 2},
    {.name = "by", .type = "oneof", .key_spec_index = -1, .args = d_geosearchstore_args_3, .nargs = 2},
    {.name = "order", .type = "oneof", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL, .args = d_geosearchstore_args_4, .nargs = 2},
    {.name = "count", .type = "block", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL, .args = d_geosearchstore_args_5, .nargs = 2},
    {.name = "storedist", .type = "pure-token", .key_spec_index = -1, .token = "STOREDIST", .flags = DOC_ARG_OPTIONAL},
};
static const struct doc_key_spec d_geosearchstore_keys[] = {
    {.flags = KS_OW | KS_UPDATE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 2, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_get_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
};
static const struct doc_key_spec d_get_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_getbit_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "offset", .type = "integer", .key_spec_index = -1},
};
static const struct doc_key_spec d_getbit_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_getdel_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
};
static const struct doc_key_spec d_getdel_keys[] = {
    {.flags = KS_RW | KS_ACCESS | KS_DELETE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_getex_args_1[] = {
    {.name = "seconds", .type = "integer", .key_spec_index = -1, .token = "EX"},
    {.name = "milliseconds", .type = "integer", .key_spec_index = -1, .token = "PX"},
    {.name = "unix-time-seconds", .type = "unix-time", .key_spec_index = -1, .token = "EXAT"},
    {.name = "unix-time-milliseconds", .type = "unix-time", .key_spec_index = -1, .token = "PXAT"},
    {.name = "persist", .type = "pure-token", .key_spec_index = -1, .token = "PERSIST"},
};
static const struct doc_arg d_getex_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "expiration", .type = "oneof", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL, .args = d_getex_args_1, .nargs = 5},
};
static const struct doc_key_spec d_getex_keys[] = {
    {.notes = "RW and UPDATE because it changes the TTL", .flags = KS_RW | KS_ACCESS | KS_UPDATE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_getrange_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "start", .type = "integer", .key_spec_index = -1},
    {.name = "end", .type = "integer", .key_spec_index = -1},
};
static const struct doc_key_spec d_getrange_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_getset_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "value", .type = "string", .key_spec_index = -1},
};
static const struct doc_key_spec d_getset_keys[] = {
    {.flags = KS_RW | KS_ACCESS | KS_UPDATE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_history d_hdel_history[] = {
    {"2.4.0", "Accepts multiple `field` arguments."},
};
static const struct doc_arg d_hdel_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "field", .type = "string", .key_spec_index = -1, .flags = DOC_ARG_MULTIPLE},
};
static const struct doc_key_spec d_hdel_keys[] = {
    {.flags = KS_RW | KS_DELETE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_history d_hello_history[] = {
    {"6.2.0", "`protover` made optional; when called without arguments the command reports the current connection's context."},
};
static const struct doc_arg d_hello_args_0_1[] = {
    {.name = "username", .type = "string", .key_spec_index = -1},
    {.name = "password", .type = "string", .key_spec_index = -1},
};
static const struct doc_arg d_hello_args_0[] = {
    {.name = "protover", .type = "integer", .key_spec_index = -1},
    {.name = "username_password", .type = "block", .key_spec_index = -1, .token = "AUTH", .flags = DOC_ARG_OPTIONAL, .args = d_hello_args_0_1, .nargs = 2},
    {.name = "clientname", .type = "string", .key_spec_index = -1, .token = "SETNAME", .flags = DOC_ARG_OPTIONAL},
};
static const struct doc_arg d_hello_args[] = {
    {.name = "arguments", .type = "block", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL, .args = d_hello_args_0, .nargs = 3},
};

static const struct doc_arg d_hexists_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "field", .type = "string", .key_spec_index = -1},
};
static const struct doc_key_spec d_hexists_keys[] = {
    {.flags = KS_RO, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_hget_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "field", .type = "string", .key_spec_index = -1},
};
static const struct doc_key_spec d_hget_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_hgetall_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
};
static const char *const d_hgetall_tips[] = {"nondeterministic_output_order"};
static const struct doc_key_spec d_hgetall_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_hincrby_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "field", .type = "string", .key_spec_index = -1},
    {.name = "increment", .type = "integer", .key_spec_index = -1},
};
static const struct doc_key_spec d_hincrby_keys[] = {
    {.flags = KS_RW | KS_ACCESS | KS_UPDATE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_hincrbyfloat_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "field", .type = "string", .key_spec_index = -1},
    {.name = "increment", .type = "double", .key_spec_index = -1},
};
static const struct doc_key_spec d_hincrbyfloat_keys[] = {
    {.flags = KS_RW | KS_ACCESS | KS_UPDATE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_hkeys_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
};
static const char *const d_hkeys_tips[] = {"nondeterministic_output_order"};
static const struct doc_key_spec d_hkeys_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_hlen_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
};
static const struct doc_key_spec d_hlen_keys[] = {
    {.flags = KS_RO, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_hmget_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "field", .type = "string", .key_spec_index = -1, .flags = DOC_ARG_MULTIPLE},
};
static const struct doc_key_spec d_hmget_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_hmset_args_1[] = {
    {.name = "field", .type = "string", .key_spec_index = -1},
    {.name = "value", .type = "string", .key_spec_index = -1},
};
static const struct doc_arg d_hmset_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "field_value", .type = "block", .key_spec_index = -1, .flags = DOC_ARG_MULTIPLE, .args = d_hmset_args_1, .nargs = 2},
};
static const struct doc_key_spec d_hmset_keys[] = {
    {.flags = KS_RW | KS_UPDATE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_hrandfield_args_1[] = {
    {.name = "count", .type = "integer", .key_spec_index = -1},
    {.name = "withvalues", .type = "pure-token", .key_spec_index = -1, .token = "WITHVALUES", .flags = DOC_ARG_OPTIONAL},
};
static const struct doc_arg d_hrandfield_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "options", .type = "block", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL, .args = d_hrandfield_args_1, .nargs = 2},
};
static const char *const d_hrandfield_tips[] = {"nondeterministic_output"};
static const struct doc_key_spec d_hrandfield_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_hscan_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "cursor", .type = "integer", .key_spec_index = -1},
    {.name = "pattern", .type = "pattern", .key_spec_index = -1, .token = "MATCH", .flags = DOC_ARG_OPTIONAL},
    {.name = "count", .type = "integer", .key_spec_index = -1, .token = "COUNT", .flags = DOC_ARG_OPTIONAL},
};
static const char *const d_hscan_tips[] = {"nondeterministic_output"};
static const struct doc_key_spec d_hscan_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_history d_hset_history[] = {
    {"4.0.0", "Accepts multiple `field` and `value` arguments."},
};
static const struct doc_arg d_hset_args_1[] = {
    {.name = "field", .type = "string", .key_spec_index = -1},
    {.name = "value", .type = "string", .key_spec_index = -1},
};
static const struct doc_arg d_hset_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "field_value", .type = "block", .key_spec_index = -1, .flags = DOC_ARG_MULTIPLE, .args = d_hset_args_1, .nargs = 2},
};
static const struct doc_key_spec d_hset_keys[] = {
    {.flags = KS_RW | KS_UPDATE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_hsetnx_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "field", .type = "string", .key_spec_index = -1},
    {.name = "value", .type = "string", .key_spec_index = -1},
};
static const struct doc_key_spec d_hsetnx_keys[] = {
    {.flags = KS_RW | KS_INSERT, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_hstrlen_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "field", .type = "string", .key_spec_index = -1},
};
static const struct doc_key_spec d_hstrlen_keys[] = {
    {.flags = KS_RO, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_hvals_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
};
static const char *const d_hvals_tips[] = {"nondeterministic_output_order"};
static const struct doc_key_spec d_hvals_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_incr_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
};
static const struct doc_key_spec d_incr_keys[] = {
    {.flags = KS_RW | KS_ACCESS | KS_UPDATE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_incrby_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "increment", .type = "integer", .key_spec_index = -1},
};
static const struct doc_key_spec d_incrby_keys[] = {
    {.flags = KS_RW | KS_ACCESS | KS_UPDATE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_incrbyfloat_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "increment", .type = "double", .key_spec_index = -1},
};
static const struct doc_key_spec d_incrbyfloat_keys[] = {
    {.flags = KS_RW | KS_ACCESS | KS_UPDATE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_history d_info_history[] = {
    {"7.0.0", "Added support for taking multiple section arguments."},
};
static const struct doc_arg d_info_args[] = {
    {.name = "section", .type = "string", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL | DOC_ARG_MULTIPLE},
};
static const char *const d_info_tips[] = {"nondeterministic_output", "request_policy:all_shards", "response_policy:special"};

static const struct doc_arg d_keys_args[] = {
    {.name = "pattern", .type = "pattern", .key_spec_index = -1},
};
static const char *const d_keys_tips[] = {"request_policy:all_shards", "nondeterministic_output_order"};

static const char *const d_lastsave_tips[] = {"nondeterministic_output"};


static const char *const d_latency_doctor_tips[] = {"nondeterministic_output", "request_policy:all_nodes", "response_policy:special"};

static const struct doc_arg d_latency_graph_args[] = {
    {.name = "event", .type = "string", .key_spec_index = -1},
};
static const char *const d_latency_graph_tips[] = {"nondeterministic_output", "request_policy:all_nodes", "response_policy:special"};


static const struct doc_arg d_latency_histogram_args[] = {
    {.name = "command", .type = "string", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL | DOC_ARG_MULTIPLE},
};
static const char *const d_latency_histogram_tips[] = {"nondeterministic_output", "request_policy:all_nodes", "response_policy:special"};

static const struct doc_arg d_latency_history_args[] = {
    {.name = "event", .type = "string", .key_spec_index = -1},
};
static const char *const d_latency_history_tips[] = {"nondeterministic_output", "request_policy:all_nodes", "response_policy:special"};

static const char *const d_latency_latest_tips[] = {"nondeterministic_output", "request_policy:all_nodes", "response_policy:special"};

static const struct doc_arg d_latency_reset_args[] = {
    {.name = "event", .type = "string", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL | DOC_ARG_MULTIPLE},
};
static const char *const d_latency_reset_tips[] = {"request_policy:all_nodes", "response_policy:all_succeeded"};

static const struct doc_arg d_lcs_args[] = {
    {.name = "key1", .type = "key", .key_spec_index = 0},
    {.name = "key2", .type = "key", .key_spec_index = 0},
    {.name = "len", .type = "pure-token", .key_spec_index = -1, .token = "LEN", .flags = DOC_ARG_OPTIONAL},
    {.name = "idx", .type = "pure-token", .key_spec_index = -1, .token = "IDX", .flags = DOC_ARG_OPTIONAL},
    {.name = "len", .type = "integer", .key_spec_index = -1, .token = "MINMATCHLEN", .flags = DOC_ARG_OPTIONAL},
    {.name = "withmatchlen", .type = "pure-token", .key_spec_index = -1, .token = "WITHMATCHLEN", .flags = DOC_ARG_OPTIONAL},
};
static const struct doc_key_spec d_lcs_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {1, 1, 0}},
};

static const struct doc_arg d_lindex_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "index", .type = "integer", .key_spec_index = -1},
};
static const struct doc_key_spec d_lindex_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_linsert_args_1[] = {
    {.name = "before", .type = "pure-token", .key_spec_index = -1, .token = "BEFORE"},
    {.name = "after", .type = "pure-token", .key_spec_index = -1, .token = "AFTER"},
};
static const struct doc_arg d_linsert_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "where", .type = "oneof", .key_spec_index = -1, .args = d_linsert_args_1, .nargs = 2},
    {.name = "pivot", .type = "string", .key_spec_index = -1},
    {.name = "element", .type = "string", .key_spec_index = -1},
};
static const struct doc_key_spec d_linsert_keys[] = {
    {.flags = KS_RW | KS_INSERT, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_llen_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
};
static const struct doc_key_spec d_llen_keys[] = {
    {.flags = KS_RO, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_lmove_args_2[] = {
    {.name = "left", .type = "pure-token", .key_spec_index = -1, .token = "LEFT"},
    {.name = "right", .type = "pure-token", .key_spec_index = -1, .token = "RIGHT"},
};
static const struct doc_arg d_lmove_args_3[] = {
    {.name = "left", .type = "pure-token", .key_spec_index = -1, .token = "LEFT"},
    {.name = "right", .type = "pure-token", .key_spec_index = -1, .token = "RIGHT"},
};
static const struct doc_arg d_lmove_args[] = {
    {.name = "source", .type = "key", .key_spec_index = 0},
    {.name = "destination", .type = "key", .key_spec_index = 1},
    {.name = "wherefrom", .type = "oneof", .key_spec_index = -1, .args = d_lmove_args_2, .nargs = 2},
    {.name = "whereto", .type = "oneof", .key_spec_index = -1, .args = d_lmove_args_3, .nargs = 2},
};
static const struct doc_key_spec d_lmove_keys[] = {
    {.flags = KS_RW | KS_ACCESS | KS_DELETE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
    {.flags = KS_RW | KS_INSERT, .bs_type = KS_BS_INDEX, .bs_index = 2, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_lmpop_args_2[] = {
    {.name = "left", .type = "pure-token", .key_spec_index = -1, .token = "LEFT"},
    {.name = "right", .type = "pure-token", .key_spec_index = -1, .token = "RIGHT"},
};
static const struct doc_arg d_lmpop_args[] = {
    {.name = "numkeys", .type = "integer", .key_spec_index = -1},
    {.name = "key", .type = "key", .key_spec_index = 0, .flags = DOC_ARG_MULTIPLE},
    {.name = "where", .type = "oneof", .key_spec_index = -1, .args = d_lmpop_args_2, .nargs = 2},
    {.name = "count", .type = "integer", .key_spec_index = -1, .token = "COUNT", .flags = DOC_ARG_OPTIONAL},
};
static const struct doc_key_spec d_lmpop_keys[] = {
    {.flags = KS_RW | KS_ACCESS | KS_DELETE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_KEYNUM, .fk = {0, 1, 1}},
};

static const struct doc_arg d_lolwut_args[] = {
    {.name = "version", .type = "integer", .key_spec_index = -1, .token = "VERSION", .flags = DOC_ARG_OPTIONAL},
};

static const struct doc_history d_lpop_history[] = {
    {"6.2.0", "Added the `count` argument."},
};
static const struct doc_arg d_lpop_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "count", .type = "integer", .key_spec_index = -1, .since = "6.2.0", .flags = DOC_ARG_OPTIONAL},
};
static const struct doc_key_spec d_lpop_keys[] = {
    {.flags = KS_RW | KS_ACCESS | KS_DELETE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_lpos_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "element", .type = "string", .key_spec_index = -1},
    {.name = "rank", .type = "integer", .key_spec_index = -1, .token = "RANK", .flags = DOC_ARG_OPTIONAL},
    {.name = "num-matches", .type = "integer", .key_spec_index = -1, .token = "COUNT", .flags = DOC_ARG_OPTIONAL},
    {.name = "len", .type = "integer", .key_spec_index = -1, .token = "MAXLEN", .flags = DOC_ARG_OPTIONAL},
};
static const struct doc_key_spec d_lpos_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_history d_lpush_history[] = {
    {"2.4.0", "Accepts multiple `element` arguments."},
};
static const struct doc_arg d_lpush_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "element", .type = "string", .key_spec_index = -1, .flags = DOC_ARG_MULTIPLE},
};
static const struct doc_key_spec d_lpush_keys[] = {
    {.flags = KS_RW | KS_INSERT, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_history d_lpushx_history[] = {
    {"4.0.0", "Accepts multiple `element` arguments."},
};
static const struct doc_arg d_lpushx_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "element", .type = "string", .key_spec_index = -1, .flags = DOC_ARG_MULTIPLE},
};
static const struct doc_key_spec d_lpushx_keys[] = {
    {.flags = KS_RW | KS_INSERT, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_lrange_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "start", .type = "integer", .key_spec_index = -1},
    {.name = "stop", .type = "integer", .key_spec_index = -1},
};
static const struct doc_key_spec d_lrange_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_lrem_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "count", .type = "integer", .key_spec_index = -1},
    {.name = "element", .type = "string", .key_spec_index = -1},
};
static const struct doc_key_spec d_lrem_keys[] = {
    {.flags = KS_RW | KS_DELETE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_lset_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "index", .type = "integer", .key_spec_index = -1},
    {.name = "element", .type = "string", .key_spec_index = -1},
};
static const struct doc_key_spec d_lset_keys[] = {
    {.flags = KS_RW | KS_UPDATE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_ltrim_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "start", .type = "integer", .key_spec_index = -1},
    {.name = "stop", .type = "integer", .key_spec_index = -1},
};
static const struct doc_key_spec d_ltrim_keys[] = {
    {.flags = KS_RW | KS_DELETE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};


static const char *const d_memory_doctor_tips[] = {"nondeterministic_output", "request_policy:all_shards", "response_policy:special"};


static const char *const d_memory_malloc_stats_tips[] = {"nondeterministic_output", "request_policy:all_shards", "response_policy:special"};

static const char *const d_memory_purge_tips[] = {"request_policy:all_shards", "response_policy:all_succeeded"};

static const char *const d_memory_stats_tips[] = {"nondeterministic_output", "request_policy:all_shards", "response_policy:special"};

static const struct doc_arg d_memory_usage_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "count", .type = "integer", .key_spec_index = -1, .token = "SAMPLES", .flags = DOC_ARG_OPTIONAL},
};
static const struct doc_key_spec d_memory_usage_keys[] = {
    {.flags = KS_RO, .bs_type = KS_BS_INDEX, .bs_index = 2, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_mget_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0, .flags = DOC_ARG_MULTIPLE},
};
static const char *const d_mget_tips[] = {"request_policy:multi_shard"};
static const struct doc_key_spec d_mget_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {-1, 1, 0}},
};

static const struct doc_history d_migrate_history[] = {
    {"3.0.0", "Added the `COPY` and `REPLACE` options."},
    {"3.0.6", "Added the `KEYS` option."},
    {"4.0.7", "Added the `AUTH` option."},
    {"6.0.0", "Added the `AUTH2` option."},
};
static const struct doc_arg d_migrate_args_2[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "empty_string", .type = "pure-token", .key_spec_index = -1, .token = ""},
};
static const struct doc_arg d_migrate_args_7_1[] = {
    {.name = "username", .type = "string", .key_spec_index = -1},
    {.name = "password", .type = "string", .key_spec_index = -1},
};
static const struct doc_arg d_migrate_args_7[] = {
    {.name = "password", .type = "string", .key_spec_index = -1, .token = "AUTH", .since = "4.0.7", .flags = DOC_ARG_OPTIONAL},
    {.name = "username_password", .type = "block", .key_spec_index = -1, .token = "AUTH2", .since = "6.0.0", .flags = DOC_ARG_OPTIONAL, .args = d_migrate_args_7_1, .nargs = 2},
};
static const struct doc_arg d_migrate_args[] = {
    {.name = "host", .type = "string", .key_spec_index = -1},
    {.name = "port", .type = "integer", .key_spec_index = -1},
    {.name = "key_or_empty_string", .type = "oneof", .key_spec_index = -1, .args = d_migrate_args_2, .nargs = 2},
    {.name = "destination-db", .type = "integer", .key_spec_index = -1},
    {.name = "timeout", .type = "integer", .key_spec_index = -1},
    {.name = "copy", .type = "pure-token", .key_spec_index = -1, .token = "COPY", .since = "3.0.0", .flags = DOC_ARG_OPTIONAL},
    {.name = "replace", .type = "pure-token", .key_spec_index = -1, .token = "REPLACE", .since = "3.0.0", .flags = DOC_ARG_OPTIONAL},
    {.name = "authentication", .type = "oneof", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL, .args = d_migrate_args_7, .nargs = 2},
    {.name = "key", .type = "key", .key_spec_index = 1, .token = "KEYS", .since = "3.0.6", .flags = DOC_ARG_OPTIONAL | DOC_ARG_MULTIPLE},
};
static const char *const d_migrate_tips[] = {"nondeterministic_output"};
static const struct doc_key_spec d_migrate_keys[] = {
    {.flags = KS_RW | KS_ACCESS | KS_DELETE, .bs_type = KS_BS_INDEX, .bs_index = 3, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
    {.flags = KS_RW | KS_ACCESS | KS_DELETE | KS_INCOMPLETE, .bs_type = KS_BS_KEYWORD, .bs_keyword = "KEYS", .bs_index = -2, .fk_type = KS_FK_RANGE, .fk = {-1, 1, 0}},
};


static const struct doc_arg d_move_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "db", .type = "integer", .key_spec_index = -1},
};
static const struct doc_key_spec d_move_keys[] = {
    {.flags = KS_RW | KS_ACCESS | KS_UPDATE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_mset_args_0[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "value", .type = "string", .key_spec_index = -1},
};
static const struct doc_arg d_mset_args[] = {
    {.name = "key_value", .type = "block", .key_spec_index = -1, .flags = DOC_ARG_MULTIPLE, .args = d_mset_args_0, .nargs = 2},
};
static const char *const d_mset_tips[] = {"request_policy:multi_shard", "response_policy:all_succeeded"};
static const struct doc_key_spec d_mset_keys[] = {
    {.flags = KS_OW | KS_UPDATE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {-1, 2, 0}},
};

static const struct doc_arg d_msetnx_args_0[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "value", .type = "string", .key_spec_index = -1},
};
static const struct doc_arg d_msetnx_args[] = {
    {.name = "key_value", .type = "block", .key_spec_index = -1, .flags = DOC_ARG_MULTIPLE, .args = d_msetnx_args_0, .nargs = 2},
};
static const char *const d_msetnx_tips[] = {"request_policy:multi_shard", "response_policy:agg_min"};
static const struct doc_key_spec d_msetnx_keys[] = {
    {.flags = KS_OW | KS_INSERT, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {-1, 2, 0}},
};



static const struct doc_arg d_object_encoding_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
};
static const char *const d_object_encoding_tips[] = {"nondeterministic_output"};
static const struct doc_key_spec d_object_encoding_keys[] = {
    {.flags = KS_RO, .bs_type = KS_BS_INDEX, .bs_index = 2, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_object_freq_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
};
static const char *const d_object_freq_tips[] = {"nondeterministic_output"};
static const struct doc_key_spec d_object_freq_keys[] = {
    {.flags = KS_RO, .bs_type = KS_BS_INDEX, .bs_index = 2, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};


static const struct doc_arg d_object_idletime_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
};
static const char *const d_object_idletime_tips[] = {"nondeterministic_output"};
static const struct doc_key_spec d_object_idletime_keys[] = {
    {.flags = KS_RO, .bs_type = KS_BS_INDEX, .bs_index = 2, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_object_refcount_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
};
static const char *const d_object_refcount_tips[] = {"nondeterministic_output"};
static const struct doc_key_spec d_object_refcount_keys[] = {
    {.flags = KS_RO, .bs_type = KS_BS_INDEX, .bs_index = 2, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_persist_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
};
static const struct doc_key_spec d_persist_keys[] = {
    {.flags = KS_RW | KS_UPDATE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_history d_pexpire_history[] = {
    {"7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`."},
};
static const struct doc_arg d_pexpire_args_2[] = {
    {.name = "nx", .type = "pure-token", .key_spec_index = -1, .token = "NX"},
    {.name = "xx", .type = "pure-token", .key_spec_index = -1, .token = "XX"},
    {.name = "gt", .type = "pure-token", .key_spec_index = -1, .token = "GT"},
    {.name = "lt", .type = "pure-token", .key_spec_index = -1, .token = "LT"},
};
static const struct doc_arg d_pexpire_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "milliseconds", .type = "integer", .key_spec_index = -1},
    {.name = "condition", .type = "oneof", .key_spec_index = -1, .since = "7.0.0", .flags = DOC_ARG_OPTIONAL, .args = d_pexpire_args_2, .nargs = 4},
};
static const struct doc_key_spec d_pexpire_keys[] = {
    {.flags = KS_RW | KS_UPDATE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_history d_pexpireat_history[] = {
    {"7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`."},
};
static const struct doc_arg d_pexpireat_args_2[] = {
    {.name = "nx", .type = "pure-token", .key_spec_index = -1, .token = "NX"},
    {.name = "xx", .type = "pure-token", .key_spec_index = -1, .token = "XX"},
    {.name = "gt", .type = "pure-token", .key_spec_index = -1, .token = "GT"},
    {.name = "lt", .type = "pure-token", .key_spec_index = -1, .token = "LT"},
};
static const struct doc_arg d_pexpireat_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "unix-time-milliseconds", .type = "unix-time", .key_spec_index = -1},
    {.name = "condition", .type = "oneof", .key_spec_index = -1, .since = "7.0.0", .flags = DOC_ARG_OPTIONAL, .args = d_pexpireat_args_2, .nargs = 4},
};
static const struct doc_key_spec d_pexpireat_keys[] = {
    {.flags = KS_RW | KS_UPDATE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_pexpiretime_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
};
static const struct doc_key_spec d_pexpiretime_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_pfadd_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "element", .type = "string", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL | DOC_ARG_MULTIPLE},
};
static const struct doc_key_spec d_pfadd_keys[] = {
    {.flags = KS_RW | KS_INSERT, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_pfcount_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0, .flags = DOC_ARG_MULTIPLE},
};
static const struct doc_key_spec d_pfcount_keys[] = {
    {.notes = "RW because it may change the internal representation of the key, and propagate to replicas", .flags = KS_RW | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {-1, 1, 0}},
};

static const struct doc_arg d_pfdebug_args[] = {
    {.name = "subcommand", .type = "string", .key_spec_index = -1},
    {.name = "key", .type = "key", .key_spec_index = 0},
};
static const struct doc_key_spec d_pfdebug_keys[] = {
    {.flags = KS_RW | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 2, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_pfmerge_args[] = {
    {.name = "destkey", .type = "key", .key_spec_index = 0},
    {.name = "sourcekey", .type = "key", .key_spec_index = 1, .flags = DOC_ARG_MULTIPLE},
};
static const struct doc_key_spec d_pfmerge_keys[] = {
    {.flags = KS_RW | KS_ACCESS | KS_INSERT, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 2, .fk_type = KS_FK_RANGE, .fk = {-1, 1, 0}},
};


static const struct doc_arg d_ping_args[] = {
    {.name = "message", .type = "string", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL},
};
static const char *const d_ping_tips[] = {"request_policy:all_shards", "response_policy:all_succeeded"};

static const struct doc_arg d_psetex_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "milliseconds", .type = "integer", .key_spec_index = -1},
    {.name = "value", .type = "string", .key_spec_index = -1},
};
static const struct doc_key_spec d_psetex_keys[] = {
    {.flags = KS_OW | KS_UPDATE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_psubscribe_args_0[] = {
    {.name = "pattern", .type = "pattern", .key_spec_index = -1},
};
static const struct doc_arg d_psubscribe_args[] = {
    {.name = "pattern", .type = "block", .key_spec_index = -1, .flags = DOC_ARG_MULTIPLE, .args = d_psubscribe_args_0, .nargs = 1},
};

static const struct doc_history d_pttl_history[] = {
    {"2.8.0", "Added the -2 reply."},
};
static const struct doc_arg d_pttl_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
};
static const char *const d_pttl_tips[] = {"nondeterministic_output"};
static const struct doc_key_spec d_pttl_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_publish_args[] = {
    {.name = "channel", .type = "string", .key_spec_index = -1},
    {.name = "message", .type = "string", .key_spec_index = -1},
};


static const struct doc_arg d_pubsub_channels_args[] = {
    {.name = "pattern", .type = "pattern", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL},
};



static const struct doc_arg d_pubsub_numsub_args[] = {
    {.name = "channel", .type = "string", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL | DOC_ARG_MULTIPLE},
};

static const struct doc_arg d_pubsub_shardchannels_args[] = {
    {.name = "pattern", .type = "pattern", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL},
};

static const struct doc_arg d_pubsub_shardnumsub_args[] = {
    {.name = "shardchannel", .type = "string", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL | DOC_ARG_MULTIPLE},
};

static const struct doc_arg d_punsubscribe_args[] = {
    {.name = "pattern", .type = "pattern", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL | DOC_ARG_MULTIPLE},
};


static const char *const d_randomkey_tips[] = {"request_policy:all_shards", "nondeterministic_output"};

static const struct doc_arg d_rename_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "newkey", .type = "key", .key_spec_index = 1},
};
static const struct doc_key_spec d_rename_keys[] = {
    {.flags = KS_RW | KS_ACCESS | KS_DELETE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
    {.flags = KS_OW | KS_UPDATE, .bs_type = KS_BS_INDEX, .bs_index = 2, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_history d_renamenx_history[] = {
    {"3.2.0", "The command no longer returns an error when source and destination names are the same."},
};
static const struct doc_arg d_renamenx_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "newkey", .type = "key", .key_spec_index = 1},
};
static const struct doc_key_spec d_renamenx_keys[] = {
    {.flags = KS_RW | KS_ACCESS | KS_DELETE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
    {.flags = KS_OW | KS_INSERT, .bs_type = KS_BS_INDEX, .bs_index = 2, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};


static const struct doc_history d_restore_history[] = {
    {"3.0.0", "Added the `REPLACE` modifier."},
    {"5.0.0", "Added the `ABSTTL` modifier."},
    {"5.0.0", "Added the `IDLETIME` and `FREQ` options."},
};
static const struct doc_arg d_restore_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "ttl", .type = "integer", .key_spec_index = -1},
    {.name = "serialized-value", .type = "string", .key_spec_index = -1},
    {.name = "replace", .type = "pure-token", .key_spec_index = -1, .token = "REPLACE", .since = "3.0.0", .flags = DOC_ARG_OPTIONAL},
    {.name = "absttl", .type = "pure-token", .key_spec_index = -1, .token = "ABSTTL", .since = "5.0.0", .flags = DOC_ARG_OPTIONAL},
    {.name = "seconds", .type = "integer", .key_spec_index = -1, .token = "IDLETIME", .since = "5.0.0", .flags = DOC_ARG_OPTIONAL},
    {.name = "frequency", .type = "integer", .key_spec_index = -1, .token = "FREQ", .since = "5.0.0", .flags = DOC_ARG_OPTIONAL},
};
static const struct doc_key_spec d_restore_keys[] = {
    {.flags = KS_OW | KS_UPDATE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_history d_restore_asking_history[] = {
    {"3.0.0", "Added the `REPLACE` modifier."},
    {"5.0.0", "Added the `ABSTTL` modifier."},
    {"5.0.0", "Added the `IDLETIME` and `FREQ` options."},
};
static const struct doc_arg d_restore_asking_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "ttl", .type = "integer", .key_spec_index = -1},
    {.name = "serialized-value", .type = "string", .key_spec_index = -1},
    {.name = "replace", .type = "pure-token", .key_spec_index = -1, .token = "REPLACE", .since = "3.0.0", .flags = DOC_ARG_OPTIONAL},
    {.name = "absttl", .type = "pure-token", .key_spec_index = -1, .token = "ABSTTL", .since = "5.0.0", .flags = DOC_ARG_OPTIONAL},
    {.name = "seconds", .type = "integer", .key_spec_index = -1, .token = "IDLETIME", .since = "5.0.0", .flags = DOC_ARG_OPTIONAL},
    {.name = "frequency", .type = "integer", .key_spec_index = -1, .token = "FREQ", .since = "5.0.0", .flags = DOC_ARG_OPTIONAL},
};
static const struct doc_key_spec d_restore_asking_keys[] = {
    {.flags = KS_OW | KS_UPDATE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};


static const struct doc_history d_rpop_history[] = {
    {"6.2.0", "Added the `count` argument."},
};
static const struct doc_arg d_rpop_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "count", .type = "integer", .key_spec_index = -1, .since = "6.2.0", .flags = DOC_ARG_OPTIONAL},
};
static const struct doc_key_spec d_rpop_keys[] = {
    {.flags = KS_RW | KS_ACCESS | KS_DELETE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_rpoplpush_args[] = {
    {.name = "source", .type = "key", .key_spec_index = 0},
    {.name = "destination", .type = "key", .key_spec_index = 1},
};
static const struct doc_key_spec d_rpoplpush_keys[] = {
    {.flags = KS_RW | KS_ACCESS | KS_DELETE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
    {.flags = KS_RW | KS_INSERT, .bs_type = KS_BS_INDEX, .bs_index = 2, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_history d_rpush_history[] = {
    {"2.4.0", "Accepts multiple `element` arguments."},
};
static const struct doc_arg d_rpush_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "element", .type = "string", .key_spec_index = -1, .flags = DOC_ARG_MULTIPLE},
};
static const struct doc_key_spec d_rpush_keys[] = {
    {.flags = KS_RW | KS_INSERT, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_history d_rpushx_history[] = {
    {"4.0.0", "Accepts multiple `element` arguments."},
};
static const struct doc_arg d_rpushx_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "element", .type = "string", .key_spec_index = -1, .flags = DOC_ARG_MULTIPLE},
};
static const struct doc_key_spec d_rpushx_keys[] = {
    {.flags = KS_RW | KS_INSERT, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_history d_sadd_history[] = {
    {"2.4.0", "Accepts multiple `member` arguments."},
};
static const struct doc_arg d_sadd_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "member", .type = "string", .key_spec_index = -1, .flags = DOC_ARG_MULTIPLE},
};
static const struct doc_key_spec d_sadd_keys[] = {
    {.flags = KS_RW | KS_INSERT, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};


static const struct doc_history d_scan_history[] = {
    {"6.0.0", "Added the `TYPE` subcommand."},
};
static const struct doc_arg d_scan_args[] = {
    {.name = "cursor", .type = "integer", .key_spec_index = -1},
    {.name = "pattern", .type = "pattern", .key_spec_index = -1, .token = "MATCH", .flags = DOC_ARG_OPTIONAL},
    {.name = "count", .type = "integer", .key_spec_index = -1, .token = "COUNT", .flags = DOC_ARG_OPTIONAL},
    {.name = "type", .type = "string", .key_spec_index = -1, .token = "TYPE", .since = "6.0.0", .flags = DOC_ARG_OPTIONAL},
};
static const char *const d_scan_tips[] = {"nondeterministic_output", "request_policy:special"};

static const struct doc_arg d_scard_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
};
static const struct doc_key_spec d_scard_keys[] = {
    {.flags = KS_RO, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};


static const struct doc_arg d_script_debug_args_0[] = {
    {.name = "yes", .type = "pure-token", .key_spec_index = -1, .token = "YES"},
    {.name = "sync", .type = "pure-token", .key_spec_index = -1, .token = "SYNC"},
    {.name = "no", .type = "pure-token", .key_spec_index = -1, .token = "NO"},
};
static const struct doc_arg d_script_debug_args[] = {
    {.name = "mode", .type = "oneof", .key_spec_index = -1, .args = d_script_debug_args_0, .nargs = 3},
};

static const struct doc_arg d_script_exists_args[] = {
    {.name = "sha1", .type = "string", .key_spec_index = -1, .flags = DOC_ARG_MULTIPLE},
};
static const char *const d_script_exists_tips[] = {"request_policy:all_shards", "response_policy:agg_logical_and"};

static const struct doc_history d_script_flush_history[] = {
    {"6.2.0", "Added the `ASYNC` and `SYNC` flushing mode modifiers."},
};
static const struct doc_arg d_script_flush_args_0[] = {
    {.name = "async", .type = "pure-token", .key_spec_index = -1, .token = "ASYNC"},
    {.name = "sync", .type = "pure-token", .key_spec_index = -1, .token = "SYNC"},
};
static const struct doc_arg d_script_flush_args[] = {
    {.name = "async", .type = "oneof", .key_spec_index = -1, .since = "6.2.0", .flags = DOC_ARG_OPTIONAL, .args = d_script_flush_args_0, .nargs = 2},
};
static const char *const d_script_flush_tips[] = {"request_policy:all_nodes", "response_policy:all_succeeded"};


static const char *const d_script_kill_tips[] = {"request_policy:all_shards", "response_policy:one_succeeded"};

static const struct doc_arg d_script_load_args[] = {
    {.name = "script", .type = "string", .key_spec_index = -1},
};
static const char *const d_script_load_tips[] = {"request_policy:all_nodes", "response_policy:all_succeeded"};

static const struct doc_arg d_sdiff_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0, .flags = DOC_ARG_MULTIPLE},
};
static const char *const d_sdiff_tips[] = {"nondeterministic_output_order"};
static const struct doc_key_spec d_sdiff_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {-1, 1, 0}},
};

static const struct doc_arg d_sdiffstore_args[] = {
    {.name = "destination", .type = "key", .key_spec_index = 0},
    {.name = "key", .type = "key", .key_spec_index = 1, .flags = DOC_ARG_MULTIPLE},
};
static const struct doc_key_spec d_sdiffstore_keys[] = {
    {.flags = KS_OW | KS_UPDATE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 2, .fk_type = KS_FK_RANGE, .fk = {-1, 1, 0}},
};

static const struct doc_arg d_select_args[] = {
    {.name = "index", .type = "integer", .key_spec_index = -1},
};

static const struct doc_history d_set_history[] = {
    {"2.6.12", "Added the `EX`, `PX`, `NX` and `XX` options."},
    {"6.0.0", "Added the `KEEPTTL` option."},
    {"6.2.0", "Added the `GET`, `EXAT` and `PXAT` option."},
    {"7.0.0", "Allowed the `NX` and `GET` options to be used together."},
};
static const struct doc_arg d_set_args_2[] = {
    {.name = "nx", .type = "pure-token", .key_spec_index = -1, .token = "NX"},
    {.name = "xx", .type = "pure-token", .key_spec_index = -1, .token = "XX"},
};
static const struct doc_arg d_set_args_4[] = {
    {.name = "seconds", .type = "integer", .key_spec_index = -1, .token = "EX", .since = "2.6.12"},
    {.name = "milliseconds", .type = "integer", .key_spec_index = -1, .token = "PX", .since = "2.6.12"},
    {.name = "unix-time-seconds", .type = "unix-time", .key_spec_index = -1, .token = "EXAT", .since = "6.2.0"},
    {.name = "unix-time-milliseconds", .type = "unix-time", .key_spec_index = -1, .token = "PXAT", .since = "6.2.0"},
    {.name = "keepttl", .type = "pure-token", .key_spec_index = -1, .token = "KEEPTTL", .since = "6.0.0"},
};
static const struct doc_arg d_set_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "value", .type = "string", .key_spec_index = -1},
    {.name = "condition", .type = "oneof", .key_spec_index = -1, .since = "2.6.12", .flags = DOC_ARG_OPTIONAL, .args = d_set_args_2, .nargs = 2},
    {.name = "get", .type = "pure-token", .key_spec_index = -1, .token = "GET", .since = "6.2.0", .flags = DOC_ARG_OPTIONAL},
    {.name = "expiration", .type = "oneof", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL, .args = d_set_args_4, .nargs = 5},
};
static const struct doc_key_spec d_set_keys[] = {
    {.notes = "RW and ACCESS due to the optional `GET` argument", .flags = KS_RW | KS_ACCESS | KS_UPDATE | KS_VARIABLE_FLAGS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_setbit_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "offset", .type = "integer", .key_spec_index = -1},
    {.name = "value", .type = "integer", .key_spec_index = -1},
};
static const struct doc_key_spec d_setbit_keys[] = {
    {.flags = KS_RW | KS_ACCESS | KS_UPDATE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_setex_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "seconds", .type = "integer", .key_spec_index = -1},
    {.name = "value", .type = "string", .key_spec_index = -1},
};
static const struct doc_key_spec d_setex_keys[] = {
    {.flags = KS_OW | KS_UPDATE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_setnx_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "value", .type = "string", .key_spec_index = -1},
};
static const struct doc_key_spec d_setnx_keys[] = {
    {.flags = KS_OW | KS_INSERT, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_setrange_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "offset", .type = "integer", .key_spec_index = -1},
    {.name = "value", .type = "string", .key_spec_index = -1},
};
static const struct doc_key_spec d_setrange_keys[] = {
    {.flags = KS_RW | KS_UPDATE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_history d_shutdown_history[] = {
    {"7.0.0", "Added the `NOW`, `FORCE` and `ABORT` modifiers."},
};
static const struct doc_arg d_shutdown_args_0[] = {
    {.name = "nosave", .type = "pure-token", .key_spec_index = -1, .token = "NOSAVE"},
    {.name = "save", .type = "pure-token", .key_spec_index = -1, .token = "SAVE"},
};
static const struct doc_arg d_shutdown_args[] = {
    {.name = "nosave_save", .type = "oneof", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL, .args = d_shutdown_args_0, .nargs = 2},
    {.name = "now", .type = "pure-token", .key_spec_index = -1, .token = "NOW", .since = "7.0.0", .flags = DOC_ARG_OPTIONAL},
    {.name = "force", .type = "pure-token", .key_spec_index = -1, .token = "FORCE", .since = "7.0.0", .flags = DOC_ARG_OPTIONAL},
    {.name = "abort", .type = "pure-token", .key_spec_index = -1, .token = "ABORT", .since = "7.0.0", .flags = DOC_ARG_OPTIONAL},
};

static const struct doc_arg d_sinter_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0, .flags = DOC_ARG_MULTIPLE},
};
static const char *const d_sinter_tips[] = {"nondeterministic_output_order"};
static const struct doc_key_spec d_sinter_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {-1, 1, 0}},
};

static const struct doc_arg d_sintercard_args[] = {
    {.name = "numkeys", .type = "integer", .key_spec_index = -1},
    {.name = "key", .type = "key", .key_spec_index = 0, .flags = DOC_ARG_MULTIPLE},
    {.name = "limit", .type = "integer", .key_spec_index = -1, .token = "LIMIT", .flags = DOC_ARG_OPTIONAL},
};
static const struct doc_key_spec d_sintercard_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_KEYNUM, .fk = {0, 1, 1}},
};

static const struct doc_arg d_sinterstore_args[] = {
    {.name = "destination", .type = "key", .key_spec_index = 0},
    {.name = "key", .type = "key", .key_spec_index = 1, .flags = DOC_ARG_MULTIPLE},
};
static const struct doc_key_spec d_sinterstore_keys[] = {
    {.flags = KS_RW | KS_UPDATE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 2, .fk_type = KS_FK_RANGE, .fk = {-1, 1, 0}},
};

static const struct doc_arg d_sismember_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "member", .type = "string", .key_spec_index = -1},
};
static const struct doc_key_spec d_sismember_keys[] = {
    {.flags = KS_RO, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};


static const struct doc_history d_slowlog_get_history[] = {
    {"4.0.0", "Added client IP address, port and name to the reply."},
};
static const struct doc_arg d_slowlog_get_args[] = {
    {.name = "count", .type = "integer", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL},
};
static const char *const d_slowlog_get_tips[] = {"request_policy:all_nodes", "nondeterministic_output"};


static const char *const d_slowlog_len_tips[] = {"request_policy:all_nodes", "response_policy:agg_sum", "nondeterministic_output"};

static const char *const d_slowlog_reset_tips[] = {"request_policy:all_nodes", "response_policy:all_succeeded"};

static const struct doc_arg d_smembers_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
};
static const char *const d_smembers_tips[] = {"nondeterministic_output_order"};
static const struct doc_key_spec d_smembers_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_smismember_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "member", .type = "string", .key_spec_index = -1, .flags = DOC_ARG_MULTIPLE},
};
static const struct doc_key_spec d_smismember_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_smove_args[] = {
    {.name = "source", .type = "key", .key_spec_index = 0},
    {.name = "destination", .type = "key", .key_spec_index = 1},
    {.name = "member", .type = "string", .key_spec_index = -1},
};
static const struct doc_key_spec d_smove_keys[] = {
    {.flags = KS_RW | KS_ACCESS | KS_DELETE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
    {.flags = KS_RW | KS_INSERT, .bs_type = KS_BS_INDEX, .bs_index = 2, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_sort_args_2[] = {
    {.name = "offset", .type = "integer", .key_spec_index = -1},
    {.name = "count", .type = "integer", .key_spec_index = -1},
};
static const struct doc_arg d_sort_args_4[] = {
    {.name = "asc", .type = "pure-token", .key_spec_index = -1, .token = "ASC"},
    {.name = "desc", .type = "pure-token", .key_spec_index = -1, .token = "DESC"},
};
static const struct doc_arg d_sort_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "pattern", .type = "pattern", .key_spec_index = 1, .token = "BY", .flags = DOC_ARG_OPTIONAL},
    {.name = "offset_count", .type = "block", .key_spec_index = -1, .token = "LIMIT", .flags = DOC_ARG_OPTIONAL, .args = d_sort_args_2, .nargs = 2},
    {.name = "pattern", .type = "pattern", .key_spec_index = 1, .token = "GET", .flags = DOC_ARG_OPTIONAL | DOC_ARG_MULTIPLE | DOC_ARG_MULTIPLE_TOKEN},
    {.name = "order", .type = "oneof", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL, .args = d_sort_args_4, .nargs = 2},
    {.name = "sorting", .type = "pure-token", .key_spec_index = -1, .token = "ALPHA", .flags = DOC_ARG_OPTIONAL},
    {.name = "destination", .type = "key", .key_spec_index = 2, .token = "STORE", .flags = DOC_ARG_OPTIONAL},
};
static const struct doc_key_spec d_sort_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
    {.notes = "For the optional BY/GET keyword. It is marked 'unknown' because the key names derive from the content of the key we sort", .flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_UNKNOWN, .fk_type = KS_FK_UNKNOWN},
    {.notes = "For the optional STORE keyword. It is marked 'unknown' because the keyword can appear anywhere in the argument array", .flags = KS_OW | KS_UPDATE, .bs_type = KS_BS_UNKNOWN, .fk_type = KS_FK_UNKNOWN},
};

static const struct doc_arg d_sort_ro_args_2[] = {
    {.name = "offset", .type = "integer", .key_spec_index = -1},
    {.name = "count", .type = "integer", .key_spec_index = -1},
};
static const struct doc_arg d_sort_ro_args_4[] = {
    {.name = "asc", .type = "pure-token", .key_spec_index = -1, .token = "ASC"},
    {.name = "desc", .type = "pure-token", .key_spec_index = -1, .token = "DESC"},
};
static const struct doc_arg d_sort_ro_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "pattern", .type = "pattern", .key_spec_index = 1, .token = "BY", .flags = DOC_ARG_OPTIONAL},
    {.name = "offset_count", .type = "block", .key_spec_index = -1, .token = "LIMIT", .flags = DOC_ARG_OPTIONAL, .args = d_sort_ro_args_2, .nargs = 2},
    {.name = "pattern", .type = "pattern", .key_spec_index = 1, .token = "GET", .flags = DOC_ARG_OPTIONAL | DOC_ARG_MULTIPLE | DOC_ARG_MULTIPLE_TOKEN},
    {.name = "order", .type = "oneof", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL, .args = d_sort_ro_args_4, .nargs = 2},
    {.name = "sorting", .type = "pure-token", .key_spec_index = -1, .token = "ALPHA", .flags = DOC_ARG_OPTIONAL},
};
static const struct doc_key_spec d_sort_ro_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
    {.notes = "For the optional BY/GET keyword. It is marked 'unknown' because the key names derive from the content of the key we sort", .flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_UNKNOWN, .fk_type = KS_FK_UNKNOWN},
};

static const struct doc_history d_spop_history[] = {
    {"3.2.0", "Added the `count` argument."},
};
static const struct doc_arg d_spop_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "count", .type = "integer", .key_spec_index = -1, .since = "3.2.0", .flags = DOC_ARG_OPTIONAL},
};
static const char *const d_spop_tips[] = {"nondeterministic_output"};
static const struct doc_key_spec d_spop_keys[] = {
    {.flags = KS_RW | KS_ACCESS | KS_DELETE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_spublish_args[] = {
    {.name = "shardchannel", .type = "string", .key_spec_index = -1},
    {.name = "message", .type = "string", .key_spec_index = -1},
};
static const struct doc_key_spec d_spublish_keys[] = {
    {.flags = KS_NOT_KEY, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_history d_srandmember_history[] = {
    {"2.6.0", "Added the optional `count` argument."},
};
static const struct doc_arg d_srandmember_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "count", .type = "integer", .key_spec_index = -1, .since = "2.6.0", .flags = DOC_ARG_OPTIONAL},
};
static const char *const d_srandmember_tips[] = {"nondeterministic_output"};
static const struct doc_key_spec d_srandmember_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_history d_srem_history[] = {
    {"2.4.0", "Accepts multiple `member` arguments."},
};
static const struct doc_arg d_srem_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "member", .type = "string", .key_spec_index = -1, .flags = DOC_ARG_MULTIPLE},
};
static const struct doc_key_spec d_srem_keys[] = {
    {.flags = KS_RW | KS_DELETE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_sscan_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "cursor", .type = "integer", .key_spec_index = -1},
    {.name = "pattern", .type = "pattern", .key_spec_index = -1, .token = "MATCH", .flags = DOC_ARG_OPTIONAL},
    {.name = "count", .type = "integer", .key_spec_index = -1, .token = "COUNT", .flags = DOC_ARG_OPTIONAL},
};
static const char *const d_sscan_tips[] = {"nondeterministic_output"};
static const struct doc_key_spec d_sscan_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_ssubscribe_args[] = {
    {.name = "shardchannel", .type = "string", .key_spec_index = -1, .flags = DOC_ARG_MULTIPLE},
};
static const struct doc_key_spec d_ssubscribe_keys[] = {
    {.flags = KS_NOT_KEY, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {-1, 1, 0}},
};

static const struct doc_arg d_strlen_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
};
static const struct doc_key_spec d_strlen_keys[] = {
    {.flags = KS_RO, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_subscribe_args[] = {
    {.name = "channel", .type = "string", .key_spec_index = -1, .flags = DOC_ARG_MULTIPLE},
};

static const struct doc_arg d_substr_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "start", .type = "integer", .key_spec_index = -1},
    {.name = "end", .type = "integer", .key_spec_index = -1},
};
static const struct doc_key_spec d_substr_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_sunion_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0, .flags = DOC_ARG_MULTIPLE},
};
static const char *const d_sunion_tips[] = {"nondeterministic_output_order"};
static const struct doc_key_spec d_sunion_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {-1, 1, 0}},
};

static const struct doc_arg d_sunionstore_args[] = {
    {.name = "destination", .type = "key", .key_spec_index = 0},
    {.name = "key", .type = "key", .key_spec_index = 1, .flags = DOC_ARG_MULTIPLE},
};
static const struct doc_key_spec d_sunionstore_keys[] = {
    {.flags = KS_OW | KS_UPDATE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 2, .fk_type = KS_FK_RANGE, .fk = {-1, 1, 0}},
};

static const struct doc_arg d_sunsubscribe_args[] = {
    {.name = "shardchannel", .type = "string", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL | DOC_ARG_MULTIPLE},
};
static const struct doc_key_spec d_sunsubscribe_keys[] = {
    {.flags = KS_NOT_KEY, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {-1, 1, 0}},
};

static const struct doc_arg d_swapdb_args[] = {
    {.name = "index1", .type = "integer", .key_spec_index = -1},
    {.name = "index2", .type = "integer", .key_spec_index = -1},
};

static const char *const d_time_tips[] = {"nondeterministic_output"};

static const struct doc_arg d_touch_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0, .flags = DOC_ARG_MULTIPLE},
};
static const char *const d_touch_tips[] = {"request_policy:multi_shard", "response_policy:agg_sum"};
static const struct doc_key_spec d_touch_keys[] = {
    {.flags = KS_RO, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {-1, 1, 0}},
};

static const struct doc_history d_ttl_history[] = {
    {"2.8.0", "Added the -2 reply."},
};
static const struct doc_arg d_ttl_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
};
static const char *const d_ttl_tips[] = {"nondeterministic_output"};
static const struct doc_key_spec d_ttl_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_type_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
};
static const struct doc_key_spec d_type_keys[] = {
    {.flags = KS_RO, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_unlink_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0, .flags = DOC_ARG_MULTIPLE},
};
static const char *const d_unlink_tips[] = {"request_policy:multi_shard", "response_policy:agg_sum"};
static const struct doc_key_spec d_unlink_keys[] = {
    {.flags = KS_RM | KS_DELETE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {-1, 1, 0}},
};

static const struct doc_arg d_unsubscribe_args[] = {
    {.name = "channel", .type = "string", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL | DOC_ARG_MULTIPLE},
};


static const struct doc_arg d_wait_args[] = {
    {.name = "numreplicas", .type = "integer", .key_spec_index = -1},
    {.name = "timeout", .type = "integer", .key_spec_index = -1},
};
static const char *const d_wait_tips[] = {"request_policy:all_shards", "response_policy:agg_min"};

static const struct doc_arg d_watch_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0, .flags = DOC_ARG_MULTIPLE},
};
static const struct doc_key_spec d_watch_keys[] = {
    {.flags = KS_RO, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {-1, 1, 0}},
};

static const struct doc_history d_xadd_history[] = {
    {"6.2.0", "Added the `NOMKSTREAM` option, `MINID` trimming strategy and the `LIMIT` option."},
    {"7.0.0", "Added support for the `<ms>-*` explicit ID form."},
};
static const struct doc_arg d_xadd_args_2_0[] = {
    {.name = "maxlen", .type = "pure-token", .key_spec_index = -1, .token = "MAXLEN"},
    {.name = "minid", .type = "pure-token", .key_spec_index = -1, .token = "MINID", .since = "6.2.0"},
};
static const struct doc_arg d_xadd_args_2_1[] = {
    {.name = "equal", .type = "pure-token", .key_spec_index = -1, .token = "="},
    {.name = "approximately", .type = "pure-token", .key_spec_index = -1, .token = "~"},
};
static const struct doc_arg d_xadd_args_2[] = {
    {.name = "strategy", .type = "oneof", .key_spec_index = -1, .args = d_xadd_args_2_0, .nargs = 2},
    {.name = "operator", .type = "oneof", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL, .args = d_xadd_args_2_1, .nargs = 2},
    {.name = "threshold", .type = "string", .key_spec_index = -1},
    {.name = "count", .type = "integer", .key_spec_index = -1, .token = "LIMIT", .since = "6.2.0", .flags = DOC_ARG_OPTIONAL},
};
static const struct doc_arg d_xadd_args_3[] = {
    {.name = "auto_id", .type = "pure-token", .key_spec_index = -1, .token = "*"},
    {.name = "id", .type = "string", .key_spec_index = -1},
};
static const struct doc_arg d_xadd_args_4[] = {
    {.name = "field", .type = "string", .key_spec_index = -1},
    {.name = "value", .type = "string", .key_spec_index = -1},
};
static const struct doc_arg d_xadd_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "nomkstream", .type = "pure-token", .key_spec_index = -1, .token = "NOMKSTREAM", .since = "6.2.0", .flags = DOC_ARG_OPTIONAL},
    {.name = "trim", .type = "block", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL, .args = d_xadd_args_2, .nargs = 4},
    {.name = "id_or_auto", .type = "oneof", .key_spec_index = -1, .args = d_xadd_args_3, .nargs = 2},
    {.name = "field_value", .type = "block", .key_spec_index = -1, .flags = DOC_ARG_MULTIPLE, .args = d_xadd_args_4, .nargs = 2},
};
static const char *const d_xadd_tips[] = {"nondeterministic_output"};
static const struct doc_key_spec d_xadd_keys[] = {
    {.notes = "UPDATE instead of INSERT because of the optional trimming feature", .flags = KS_RW | KS_UPDATE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_xdel_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "id", .type = "string", .key_spec_index = -1, .flags = DOC_ARG_MULTIPLE},
};
static const struct doc_key_spec d_xdel_keys[] = {
    {.flags = KS_RW | KS_DELETE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};



static const struct doc_history d_xinfo_stream_history[] = {
    {"6.0.0", "Added the `FULL` modifier."},
    {"7.0.0", "Added the `max-deleted-entry-id`, `entries-added`, `recorded-first-entry-id`, `entries-read` and `lag` fields"},
};
static const struct doc_arg d_xinfo_stream_args_1[] = {
    {.name = "count", .type = "integer", .key_spec_index = -1, .token = "COUNT", .flags = DOC_ARG_OPTIONAL},
};
static const struct doc_arg d_xinfo_stream_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "full", .type = "block", .key_spec_index = -1, .token = "FULL", .flags = DOC_ARG_OPTIONAL, .args = d_xinfo_stream_args_1, .nargs = 1},
};
static const struct doc_key_spec d_xinfo_stream_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 2, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_xlen_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
};
static const struct doc_key_spec d_xlen_keys[] = {
    {.flags = KS_RO, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_history d_xrange_history[] = {
    {"6.2.0", "Added exclusive ranges."},
};
static const struct doc_arg d_xrange_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "start", .type = "string", .key_spec_index = -1},
    {.name = "end", .type = "string", .key_spec_index = -1},
    {.name = "count", .type = "integer", .key_spec_index = -1, .token = "COUNT", .flags = DOC_ARG_OPTIONAL},
};
static const struct doc_key_spec d_xrange_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_xread_args_2[] = {
    {.name = "key", .type = "key", .key_spec_index = 0, .flags = DOC_ARG_MULTIPLE},
    {.name = "id", .type = "string", .key_spec_index = -1, .flags = DOC_ARG_MULTIPLE},
};
static const struct doc_arg d_xread_args[] = {
    {.name = "count", .type = "integer", .key_spec_index = -1, .token = "COUNT", .flags = DOC_ARG_OPTIONAL},
    {.name = "milliseconds", .type = "integer", .key_spec_index = -1, .token = "BLOCK", .flags = DOC_ARG_OPTIONAL},
    {.name = "streams", .type = "block", .key_spec_index = -1, .token = "STREAMS", .args = d_xread_args_2, .nargs = 2},
};
static const struct doc_key_spec d_xread_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_KEYWORD, .bs_keyword = "STREAMS", .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {-1, 1, 2}},
};

static const struct doc_history d_xrevrange_history[] = {
    {"6.2.0", "Added exclusive ranges."},
};
static const struct doc_arg d_xrevrange_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "end", .type = "string", .key_spec_index = -1},
    {.name = "start", .type = "string", .key_spec_index = -1},
    {.name = "count", .type = "integer", .key_spec_index = -1, .token = "COUNT", .flags = DOC_ARG_OPTIONAL},
};
static const struct doc_key_spec d_xrevrange_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_history d_xsetid_history[] = {
    {"7.0.0", "Added the `entries_added` and `max_deleted_entry_id` arguments."},
};
static const struct doc_arg d_xsetid_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "last-id", .type = "string", .key_spec_index = -1},
    {.name = "entries_added", .type = "integer", .key_spec_index = -1, .token = "ENTRIESADDED", .since = "7.0.0", .flags = DOC_ARG_OPTIONAL},
    {.name = "max_deleted_entry_id", .type = "string", .key_spec_index = -1, .token = "MAXDELETEDID", .since = "7.0.0", .flags = DOC_ARG_OPTIONAL},
};
static const struct doc_key_spec d_xsetid_keys[] = {
    {.flags = KS_RW | KS_UPDATE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_history d_xtrim_history[] = {
    {"6.2.0", "Added the `MINID` trimming strategy and the `LIMIT` option."},
};
static const struct doc_arg d_xtrim_args_1_0[] = {
    {.name = "maxlen", .type = "pure-token", .key_spec_index = -1, .token = "MAXLEN"},
    {.name = "minid", .type = "pure-token", .key_spec_index = -1, .token = "MINID", .since = "6.2.0"},
};
static const struct doc_arg d_xtrim_args_1_1[] = {
    {.name = "equal", .type = "pure-token", .key_spec_index = -1, .token = "="},
    {.name = "approximately", .type = "pure-token", .key_spec_index = -1, .token = "~"},
};
static const struct doc_arg d_xtrim_args_1[] = {
    {.name = "strategy", .type = "oneof", .key_spec_index = -1, .args = d_xtrim_args_1_0, .nargs = 2},
    {.name = "operator", .type = "oneof", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL, .args = d_xtrim_args_1_1, .nargs = 2},
    {.name = "threshold", .type = "string", .key_spec_index = -1},
    {.name = "count", .type = "integer", .key_spec_index = -1, .token = "LIMIT", .since = "6.2.0", .flags = DOC_ARG_OPTIONAL},
};
static const struct doc_arg d_xtrim_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "trim", .type = "block", .key_spec_index = -1, .args = d_xtrim_args_1, .nargs = 4},
};
static const char *const d_xtrim_tips[] = {"nondeterministic_output"};
static const struct doc_key_spec d_xtrim_keys[] = {
    {.flags = KS_RW | KS_DELETE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_history d_zadd_history[] = {
    {"2.4.0", "Accepts multiple elements."},
    {"3.0.2", "Added the `XX`, `NX`, `CH` and `INCR` options."},
    {"6.2.0", "Added the `GT` and `LT` options."},
};
static const struct doc_arg d_zadd_args_1[] = {
    {.name = "nx", .type = "pure-token", .key_spec_index = -1, .token = "NX"},
    {.name = "xx", .type = "pure-token", .key_spec_index = -1, .token = "XX"},
};
static const struct doc_arg d_zadd_args_2[] = {
    {.name = "gt", .type = "pure-token", .key_spec_index = -1, .token = "GT"},
    {.name = "lt", .type = "pure-token", .key_spec_index = -1, .token = "LT"},
};
static const struct doc_arg d_zadd_args_5[] = {
    {.name = "score", .type = "double", .key_spec_index = -1},
    {.name = "member", .type = "string", .key_spec_index = -1},
};
static const struct doc_arg d_zadd_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "condition", .type = "oneof", .key_spec_index = -1, .since = "3.0.2", .flags = DOC_ARG_OPTIONAL, .args = d_zadd_args_1, .nargs = 2},
    {.name = "comparison", .type = "oneof", .key_spec_index = -1, .since = "6.2.0", .flags = DOC_ARG_OPTIONAL, .args = d_zadd_args_2, .nargs = 2},
    {.name = "change", .type = "pure-token", .key_spec_index = -1, .token = "CH", .since = "3.0.2", .flags = DOC_ARG_OPTIONAL},
    {.name = "increment", .type = "pure-token", .key_spec_index = -1, .token = "INCR", .since = "3.0.2", .flags = DOC_ARG_OPTIONAL},
    {.name = "score_member", .type = "block", .key_spec_index = -1, .flags = DOC_ARG_MULTIPLE, .args = d_zadd_args_5, .nargs = 2},
};
static const struct doc_key_spec d_zadd_keys[] = {
    {.flags = KS_RW | KS_UPDATE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_zcard_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
};
static const struct doc_key_spec d_zcard_keys[] = {
    {.flags = KS_RO, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_zcount_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "min", .type = "double", .key_spec_index = -1},
    {.name = "max", .type = "double", .key_spec_index = -1},
};
static const struct doc_key_spec d_zcount_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_zdiff_args[] = {
    {.name = "numkeys", .type = "integer", .key_spec_index = -1},
    {.name = "key", .type = "key", .key_spec_index = 0, .flags = DOC_ARG_MULTIPLE},
    {.name = "withscores", .type = "pure-token", .key_spec_index = -1, .token = "WITHSCORES", .flags = DOC_ARG_OPTIONAL},
};
static const struct doc_key_spec d_zdiff_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_KEYNUM, .fk = {0, 1, 1}},
};

static const struct doc_arg d_zdiffstore_args[] = {
    {.name = "destination", .type = "key", .key_spec_index = 0},
    {.name = "numkeys", .type = "integer", .key_spec_index = -1},
    {.name = "key", .type = "key", .key_spec_index = 1, .flags = DOC_ARG_MULTIPLE},
};
static const struct doc_key_spec d_zdiffstore_keys[] = {
    {.flags = KS_OW | KS_UPDATE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 2, .fk_type = KS_FK_KEYNUM, .fk = {0, 1, 1}},
};

static const struct doc_arg d_zincrby_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "increment", .type = "integer", .key_spec_index = -1},
    {.name = "member", .type = "string", .key_spec_index = -1},
};
static const struct doc_key_spec d_zincrby_keys[] = {
    {.flags = KS_RW | KS_ACCESS | KS_UPDATE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_zinter_args_3[] = {
    {.name = "sum", .type = "pure-token", .key_spec_index = -1, .token = "SUM"},
    {.name = "min", .type = "pure-token", .key_spec_index = -1, .token = "MIN"},
    {.name = "max", .type = "pure-token", .key_spec_index = -1, .token = "MAX"},
};
static const struct doc_arg d_zinter_args[] = {
    {.name = "numkeys", .type = "integer", .key_spec_index = -1},
    {.name = "key", .type = "key", .key_spec_index = 0, .flags = DOC_ARG_MULTIPLE},
    {.name = "weight", .type = "integer", .key_spec_index = -1, .token = "WEIGHTS", .flags = DOC_ARG_OPTIONAL | DOC_ARG_MULTIPLE},
    {.name = "aggregate", .type = "oneof", .key_spec_index = -1, .token = "AGGREGATE", .flags = DOC_ARG_OPTIONAL, .args = d_zinter_args_3, .nargs = 3},
    {.name = "withscores", .type = "pure-token", .key_spec_index = -1, .token = "WITHSCORES", .flags = DOC_ARG_OPTIONAL},
};
static const struct doc_key_spec d_zinter_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_KEYNUM, .fk = {0, 1, 1}},
};

static const struct doc_arg d_zintercard_args[] = {
    {.name = "numkeys", .type = "integer", .key_spec_index = -1},
    {.name = "key", .type = "key", .key_spec_index = 0, .flags = DOC_ARG_MULTIPLE},
    {.name = "limit", .type = "integer", .key_spec_index = -1, .token = "LIMIT", .flags = DOC_ARG_OPTIONAL},
};
static const struct doc_key_spec d_zintercard_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_KEYNUM, .fk = {0, 1, 1}},
};

static const struct doc_arg d_zinterstore_args_4[] = {
    {.name = "sum", .type = "pure-token", .key_spec_index = -1, .token = "SUM"},
    {.name = "min", .type = "pure-token", .key_spec_index = -1, .token = "MIN"},
    {.name = "max", .type = "pure-token", .key_spec_index = -1, .token = "MAX"},
};
static const struct doc_arg d_zinterstore_args[] = {
    {.name = "destination", .type = "key", .key_spec_index = 0},
    {.name = "numkeys", .type = "integer", .key_spec_index = -1},
    {.name = "key", .type = "key", .key_spec_index = 1, .flags = DOC_ARG_MULTIPLE},
    {.name = "weight", .type = "integer", .key_spec_index = -1, .token = "WEIGHTS", .flags = DOC_ARG_OPTIONAL | DOC_ARG_MULTIPLE},
    {.name = "aggregate", .type = "oneof", .key_spec_index = -1, .token = "AGGREGATE", .flags = DOC_ARG_OPTIONAL, .args = d_zinterstore_args_4, .nargs = 3},
};
static const struct doc_key_spec d_zinterstore_keys[] = {
    {.flags = KS_OW | KS_UPDATE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 2, .fk_type = KS_FK_KEYNUM, .fk = {0, 1, 1}},
};

static const struct doc_arg d_zlexcount_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "min", .type = "string", .key_spec_index = -1},
    {.name = "max", .type = "string", .key_spec_index = -1},
};
static const struct doc_key_spec d_zlexcount_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_zmpop_args_2[] = {
    {.name = "min", .type = "pure-token", .key_spec_index = -1, .token = "MIN"},
    {.name = "max", .type = "pure-token", .key_spec_index = -1, .token = "MAX"},
};
static const struct doc_arg d_zmpop_args[] = {
    {.name = "numkeys", .type = "integer", .key_spec_index = -1},
    {.name = "key", .type = "key", .key_spec_index = 0, .flags = DOC_ARG_MULTIPLE},
    {.name = "where", .type = "oneof", .key_spec_index = -1, .args = d_zmpop_args_2, .nargs = 2},
    {.name = "count", .type = "integer", .key_spec_index = -1, .token = "COUNT", .flags = DOC_ARG_OPTIONAL},
};
static const struct doc_key_spec d_zmpop_keys[] = {
    {.flags = KS_RW | KS_ACCESS | KS_DELETE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_KEYNUM, .fk = {0, 1, 1}},
};

static const struct doc_arg d_zmscore_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "member", .type = "string", .key_spec_index = -1, .flags = DOC_ARG_MULTIPLE},
};
static const struct doc_key_spec d_zmscore_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_zpopmax_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "count", .type = "integer", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL},
};
static const struct doc_key_spec d_zpopmax_keys[] = {
    {.flags = KS_RW | KS_ACCESS | KS_DELETE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_zpopmin_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "count", .type = "integer", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL},
};
static const struct doc_key_spec d_zpopmin_keys[] = {
    {.flags = KS_RW | KS_ACCESS | KS_DELETE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_zrandmember_args_1[] = {
    {.name = "count", .type = "integer", .key_spec_index = -1},
    {.name = "withscores", .type = "pure-token", .key_spec_index = -1, .token = "WITHSCORES", .flags = DOC_ARG_OPTIONAL},
};
static const struct doc_arg d_zrandmember_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "options", .type = "block", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL, .args = d_zrandmember_args_1, .nargs = 2},
};
static const char *const d_zrandmember_tips[] = {"nondeterministic_output"};
static const struct doc_key_spec d_zrandmember_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_history d_zrange_history[] = {
    {"6.2.0", "Added the `REV`, `BYSCORE`, `BYLEX` and `LIMIT` options."},
};
static const struct doc_arg d_zrange_args_3[] = {
    {.name = "byscore", .type = "pure-token", .key_spec_index = -1, .token = "BYSCORE"},
    {.name = "bylex", .type = "pure-token", .key_spec_index = -1, .token = "BYLEX"},
};
static const struct doc_arg d_zrange_args_5[] = {
    {.name = "offset", .type = "integer", .key_spec_index = -1},
    {.name = "count", .type = "integer", .key_spec_index = -1},
};
static const struct doc_arg d_zrange_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "start", .type = "string", .key_spec_index = -1},
    {.name = "stop", .type = "string", .key_spec_index = -1},
    {.name = "sortby", .type = "oneof", .key_spec_index = -1, .since = "6.2.0", .flags = DOC_ARG_OPTIONAL, .args = d_zrange_args_3, .nargs = 2},
    {.name = "rev", .type = "pure-token", .key_spec_index = -1, .token = "REV", .since = "6.2.0", .flags = DOC_ARG_OPTIONAL},
    {.name = "offset_count", .type = "block", .key_spec_index = -1, .token = "LIMIT", .since = "6.2.0", .flags = DOC_ARG_OPTIONAL, .args = d_zrange_args_5, .nargs = 2},
    {.name = "withscores", .type = "pure-token", .key_spec_index = -1, .token = "WITHSCORES", .flags = DOC_ARG_OPTIONAL},
};
static const struct doc_key_spec d_zrange_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_zrangebylex_args_3[] = {
    {.name = "offset", .type = "integer", .key_spec_index = -1},
    {.name = "count", .type = "integer", .key_spec_index = -1},
};
static const struct doc_arg d_zrangebylex_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "min", .type = "string", .key_spec_index = -1},
    {.name = "max", .type = "string", .key_spec_index = -1},
    {.name = "offset_count", .type = "block", .key_spec_index = -1, .token = "LIMIT", .flags = DOC_ARG_OPTIONAL, .args = d_zrangebylex_args_3, .nargs = 2},
};
static const struct doc_key_spec d_zrangebylex_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_history d_zrangebyscore_history[] = {
    {"2.0.0", "Added the `WITHSCORES` modifier."},
};
static const struct doc_arg d_zrangebyscore_args_4[] = {
    {.name = "offset", .type = "integer", .key_spec_index = -1},
    {.name = "count", .type = "integer", .key_spec_index = -1},
};
static const struct doc_arg d_zrangebyscore_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "min", .type = "double", .key_spec_index = -1},
    {.name = "max", .type = "double", .key_spec_index = -1},
    {.name = "withscores", .type = "pure-token", .key_spec_index = -1, .token = "WITHSCORES", .since = "2.0.0", .flags = DOC_ARG_OPTIONAL},
    {.name = "offset_count", .type = "block", .key_spec_index = -1, .token = "LIMIT", .flags = DOC_ARG_OPTIONAL, .args = d_zrangebyscore_args_4, .nargs = 2},
};
static const struct doc_key_spec d_zrangebyscore_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_zrangestore_args_4[] = {
    {.name = "byscore", .type = "pure-token", .key_spec_index = -1, .token = "BYSCORE"},
    {.name = "bylex", .type = "pure-token", .key_spec_index = -1, .token = "BYLEX"},
};
static const struct doc_arg d_zrangestore_args_6[] = {
    {.name = "offset", .type = "integer", .key_spec_index = -1},
    {.name = "count", .type = "integer", .key_spec_index = -1},
};
static const struct doc_arg d_zrangestore_args[] = {
    {.name = "dst", .type = "key", .key_spec_index = 0},
    {.name = "src", .type = "key", .key_spec_index = 1},
    {.name = "min", .type = "string", .key_spec_index = -1},
    {.name = "max", .type = "string", .key_spec_index = -1},
    {.name = "sortby", .type = "oneof", .key_spec_index = -1, .flags = DOC_ARG_OPTIONAL, .args = d_zrangestore_args_4, .nargs = 2},
    {.name = "rev", .type = "pure-token", .key_spec_index = -1, .token = "REV", .flags = DOC_ARG_OPTIONAL},
    {.name = "offset_count", .type = "block", .key_spec_index = -1, .token = "LIMIT", .flags = DOC_ARG_OPTIONAL, .args = d_zrangestore_args_6, .nargs = 2},
};
static const struct doc_key_spec d_zrangestore_keys[] = {
    {.flags = KS_OW | KS_UPDATE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 2, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_zrank_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "member", .type = "string", .key_spec_index = -1},
};
static const struct doc_key_spec d_zrank_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_history d_zrem_history[] = {
    {"2.4.0", "Accepts multiple elements."},
};
static const struct doc_arg d_zrem_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "member", .type = "string", .key_spec_index = -1, .flags = DOC_ARG_MULTIPLE},
};
static const struct doc_key_spec d_zrem_keys[] = {
    {.flags = KS_RW | KS_DELETE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_zremrangebylex_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "min", .type = "string", .key_spec_index = -1},
    {.name = "max", .type = "string", .key_spec_index = -1},
};
static const struct doc_key_spec d_zremrangebylex_keys[] = {
    {.flags = KS_RW | KS_DELETE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_zremrangebyrank_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "start", .type = "integer", .key_spec_index = -1},
    {.name = "stop", .type = "integer", .key_spec_index = -1},
};
static const struct doc_key_spec d_zremrangebyrank_keys[] = {
    {.flags = KS_RW | KS_DELETE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_zremrangebyscore_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "min", .type = "double", .key_spec_index = -1},
    {.name = "max", .type = "double", .key_spec_index = -1},
};
static const struct doc_key_spec d_zremrangebyscore_keys[] = {
    {.flags = KS_RW | KS_DELETE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_zrevrange_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "start", .type = "integer", .key_spec_index = -1},
    {.name = "stop", .type = "integer", .key_spec_index = -1},
    {.name = "withscores", .type = "pure-token", .key_spec_index = -1, .token = "WITHSCORES", .flags = DOC_ARG_OPTIONAL},
};
static const struct doc_key_spec d_zrevrange_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_zrevrangebylex_args_3[] = {
    {.name = "offset", .type = "integer", .key_spec_index = -1},
    {.name = "count", .type = "integer", .key_spec_index = -1},
};
static const struct doc_arg d_zrevrangebylex_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "max", .type = "string", .key_spec_index = -1},
    {.name = "min", .type = "string", .key_spec_index = -1},
    {.name = "offset_count", .type = "block", .key_spec_index = -1, .token = "LIMIT", .flags = DOC_ARG_OPTIONAL, .args = d_zrevrangebylex_args_3, .nargs = 2},
};
static const struct doc_key_spec d_zrevrangebylex_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_history d_zrevrangebyscore_history[] = {
    {"2.1.6", "`min` and `max` can be exclusive."},
};
static const struct doc_arg d_zrevrangebyscore_args_4[] = {
    {.name = "offset", .type = "integer", .key_spec_index = -1},
    {.name = "count", .type = "integer", .key_spec_index = -1},
};
static const struct doc_arg d_zrevrangebyscore_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "max", .type = "double", .key_spec_index = -1},
    {.name = "min", .type = "double", .key_spec_index = -1},
    {.name = "withscores", .type = "pure-token", .key_spec_index = -1, .token = "WITHSCORES", .flags = DOC_ARG_OPTIONAL},
    {.name = "offset_count", .type = "block", .key_spec_index = -1, .token = "LIMIT", .flags = DOC_ARG_OPTIONAL, .args = d_zrevrangebyscore_args_4, .nargs = 2},
};
static const struct doc_key_spec d_zrevrangebyscore_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_zrevrank_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "member", .type = "string", .key_spec_index = -1},
};
static const struct doc_key_spec d_zrevrank_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_zscan_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "cursor", .type = "integer", .key_spec_index = -1},
    {.name = "pattern", .type = "pattern", .key_spec_index = -1, .token = "MATCH", .flags = DOC_ARG_OPTIONAL},
    {.name = "count", .type = "integer", .key_spec_index = -1, .token = "COUNT", .flags = DOC_ARG_OPTIONAL},
};
static const char *const d_zscan_tips[] = {"nondeterministic_output"};
static const struct doc_key_spec d_zscan_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_zscore_args[] = {
    {.name = "key", .type = "key", .key_spec_index = 0},
    {.name = "member", .type = "string", .key_spec_index = -1},
};
static const struct doc_key_spec d_zscore_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
};

static const struct doc_arg d_zunion_args_3[] = {
    {.name = "sum", .type = "pure-token", .key_spec_index = -1, .token = "SUM"},
    {.name = "min", .type = "pure-token", .key_spec_index = -1, .token = "MIN"},
    {.name = "max", .type = "pure-token", .key_spec_index = -1, .token = "MAX"},
};
static const struct doc_arg d_zunion_args[] = {
    {.name = "numkeys", .type = "integer", .key_spec_index = -1},
    {.name = "key", .type = "key", .key_spec_index = 0, .flags = DOC_ARG_MULTIPLE},
    {.name = "weight", .type = "integer", .key_spec_index = -1, .token = "WEIGHTS", .flags = DOC_ARG_OPTIONAL | DOC_ARG_MULTIPLE},
    {.name = "aggregate", .type = "oneof", .key_spec_index = -1, .token = "AGGREGATE", .flags = DOC_ARG_OPTIONAL, .args = d_zunion_args_3, .nargs = 3},
    {.name = "withscores", .type = "pure-token", .key_spec_index = -1, .token = "WITHSCORES", .flags = DOC_ARG_OPTIONAL},
};
static const struct doc_key_spec d_zunion_keys[] = {
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_KEYNUM, .fk = {0, 1, 1}},
};

static const struct doc_arg d_zunionstore_args_4[] = {
    {.name = "sum", .type = "pure-token", .key_spec_index = -1, .token = "SUM"},
    {.name = "min", .type = "pure-token", .key_spec_index = -1, .token = "MIN"},
    {.name = "max", .type = "pure-token", .key_spec_index = -1, .token = "MAX"},
};
static const struct doc_arg d_zunionstore_args[] = {
    {.name = "destination", .type = "key", .key_spec_index = 0},
    {.name = "numkeys", .type = "integer", .key_spec_index = -1},
    {.name = "key", .type = "key", .key_spec_index = 1, .flags = DOC_ARG_MULTIPLE},
    {.name = "weight", .type = "integer", .key_spec_index = -1, .token = "WEIGHTS", .flags = DOC_ARG_OPTIONAL | DOC_ARG_MULTIPLE},
    {.name = "aggregate", .type = "oneof", .key_spec_index = -1, .token = "AGGREGATE", .flags = DOC_ARG_OPTIONAL, .args = d_zunionstore_args_4, .nargs = 3},
};
static const struct doc_key_spec d_zunionstore_keys[] = {
    {.flags = KS_OW | KS_UPDATE, .bs_type = KS_BS_INDEX, .bs_index = 1, .fk_type = KS_FK_RANGE, .fk = {0, 1, 0}},
    {.flags = KS_RO | KS_ACCESS, .bs_type = KS_BS_INDEX, .bs_index = 2, .fk_type = KS_FK_KEYNUM, .fk = {0, 1, 1}},
};

const struct cmd_doc cmd_docs[] = {
    {.name = "acl", .summary = "A container for Access List Control commands ", .since = "6.0.0", .group = "server", .complexity = "Depends on subcommand."},
    {.name = "acl|cat", .summary = "List the ACL categories or the commands inside a category", .since = "6.0.0", .group = "server", .complexity = "O(1) since the categories and commands are a fixed set.", .args = d_acl_cat_args, .nargs = 1},
    {.name = "acl|deluser", .summary = "Remove the specified ACL users and the associated rules", .since = "6.0.0", .group = "server", .complexity = "O(1) amortized time considering the typical user.", .args = d_acl_deluser_args, .nargs = 1},
    {.name = "acl|dryrun", .summary = "Returns whether the user can execute the given command without executing the command.", .since = "7.0.0", .group = "server", .complexity = "O(1).", .args = d_acl_dryrun_args, .nargs = 3},
    {.name = "acl|genpass", .summary = "Generate a pseudorandom secure password to use for ACL users", .since = "6.0.0", .group = "server", .complexity = "O(1)", .args = d_acl_genpass_args, .nargs = 1},
    {.name = "acl|getuser", .summary = "Get the rules for a specific ACL user", .since = "6.0.0", .group = "server", .complexity = "O(N). Where N is the number of password, command and pattern rules that the user has.", .history = d_acl_getuser_history, .nhistory = 2, .args = d_acl_getuser_args, .nargs = 1},
    {.name = "acl|help", .summary = "Show helpful text about the different subcommands", .since = "6.0.0", .group = "server", .complexity = "O(1)"},
    {.name = "acl|list", .summary = "List the current ACL rules in ACL config file format", .since = "6.0.0", .group = "server", .complexity = "O(N). Where N is the number of configured users."},
    {.name = "acl|load", .summary = "Reload the ACLs from the configured ACL file", .since = "6.0.0", .group = "server", .complexity = "O(N). Where N is the number of configured users."},
    {.name = "acl|log", .summary = "List latest events denied because of ACLs in place", .since = "6.0.0", .group = "server", .complexity = "O(N) with N being the number of entries shown.", .args = d_acl_log_args, .nargs = 1},
    {.name = "acl|save", .summary = "Save the current ACL rules in the configured ACL file", .since = "6.0.0", .group = "server", .complexity = "O(N). Where N is the number of configured users."},
    {.name = "acl|setuser", .summary = "Modify or create the rules for a specific ACL user", .since = "6.0.0", .group = "server", .complexity = "O(N). Where N is the number of rules provided.", .history = d_acl_setuser_history, .nhistory = 2, .args = d_acl_setuser_args, .nargs = 2},
    {.name = "acl|users", .summary = "List the username of all the configured ACL rules", .since = "6.0.0", .group = "server", .complexity = "O(N). Where N is the number of configured users."},
    {.name = "acl|whoami", .summary = "Return the name of the user associated to the current connection", .since = "6.0.0", .group = "server", .complexity = "O(1)"},
    {.name = "append", .summary = "Append a value to a key", .since = "2.0.0", .group = "string", .complexity = "O(1). The amortized time complexity is O(1) assuming the appended value is small and the already present value is of any size, since the dynamic string library used by Redis will double the free space available on every reallocation.", .args = d_append_args, .nargs = 2, .key_specs = d_append_keys, .nkey_specs = 1},
    {.name = "auth", .summary = "Authenticate to the server", .since = "1.0.0", .group = "connection", .complexity = "O(N) where N is the number of passwords defined for the user", .history = d_auth_history, .nhistory = 1, .args = d_auth_args, .nargs = 2},
    {.name = "bgrewriteaof", .summary = "Asynchronously rewrite the append-only file", .since = "1.0.0", .group = "server", .complexity = "O(1)"},
    {.name = "bgsave", .summary = "Asynchronously save the dataset to disk", .since = "1.0.0", .group = "server", .complexity = "O(1)", .history = d_bgsave_history, .nhistory = 1, .args = d_bgsave_args, .nargs = 1},
    {.name = "bitcount", .summary = "Count set bits in a string", .since = "2.6.0", .group = "bitmap", .complexity = "O(N)", .history = d_bitcount_history, .nhistory = 1, .args = d_bitcount_args, .nargs = 2, .key_specs = d_bitcount_keys, .nkey_specs = 1},
    {.name = "bitfield", .summary = "Perform arbitrary bitfield integer operations on strings", .since = "3.2.0", .group = "bitmap", .complexity = "O(1) for each subcommand specified", .args = d_bitfield_args, .nargs = 2, .key_specs = d_bitfield_keys, .nkey_specs = 1},
    {.name = "bitfield_ro", .summary = "Perform arbitrary bitfield integer operations on strings. Read-only variant of BITFIELD", .since = "6.0.0", .group = "bitmap", .complexity = "O(1) for each subcommand specified", .args = d_bitfield_ro_args, .nargs = 2, .key_specs = d_bitfield_ro_keys, .nkey_specs = 1},
    {.name = "bitop", .summary = "Perform bitwise operations between strings", .since = "2.6.0", .group = "bitmap", .complexity = "O(N)", .args = d_bitop_args, .nargs = 3, .key_specs = d_bitop_keys, .nkey_specs = 2},
    {.name = "bitpos", .summary = "Find first bit set or clear in a string", .since = "2.8.7", .group = "bitmap", .complexity = "O(N)", .history = d_bitpos_history, .nhistory = 1, .args = d_bitpos_args, .nargs = 3, .key_specs = d_bitpos_keys, .nkey_specs = 1},
    {.name = "blmove", .summary = "Pop an element from a list, push it to another list and return it; or block until one is available", .since = "6.2.0", .group = "list", .complexity = "O(1)", .args = d_blmove_args, .nargs = 5, .key_specs = d_blmove_keys, .nkey_specs = 2},
    {.name = "blmpop", .summary = "Pop elements from a list, or block until one is available", .since = "7.0.0", .group = "list", .complexity = "O(N+M) where N is the number of provided keys and M is the number of elements returned.", .args = d_blmpop_args, .nargs = 5, .key_specs = d_blmpop_keys, .nkey_specs = 1},
    {.name = "blpop", .summary = "Remove and get the first element in a list, or block until one is available", .since = "2.0.0", .group = "list", .complexity = "O(N) where N is the number of provided keys.", .history = d_blpop_history, .nhistory = 1, .args = d_blpop_args, .nargs = 2, .key_specs = d_blpop_keys, .nkey_specs = 1},
    {.name = "brpop", .summary = "Remove and get the last element in a list, or block until one is available", .since = "2.0.0", .group = "list", .complexity = "O(N) where N is the number of provided keys.", .history = d_brpop_history, .nhistory = 1, .args = d_brpop_args, .nargs = 2, .key_specs = d_brpop_keys, .nkey_specs = 1},
    {.name = "brpoplpush", .summary = "Pop an element from a list, push it to another list and return it; or block until one is available", .since = "2.2.0", .group = "list", .complexity = "O(1)", .deprecated_since = "6.2.0", .replaced_by = "`BLMOVE` with the `RIGHT` and `LEFT` arguments", .doc_flags = DOC_DEPRECATED, .history = d_brpoplpush_history, .nhistory = 1, .args = d_brpoplpush_args, .nargs = 3, .key_specs = d_brpoplpush_keys, .nkey_specs = 2},
    {.name = "bzmpop", .summary = "Remove and return members with scores in a sorted set or block until one is available", .since = "7.0.0", .group = "sorted-set", .complexity = "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.", .args = d_bzmpop_args, .nargs = 5, .key_specs = d_bzmpop_keys, .nkey_specs = 1},
    {.name = "bzpopmax", .summary = "Remove and return the member with the highest score from one or more sorted sets, or block until one is available", .since = "5.0.0", .group = "sorted-set", .complexity = "O(log(N)) with N being the number of elements in the sorted set.", .history = d_bzpopmax_history, .nhistory = 1, .args = d_bzpopmax_args, .nargs = 2, .key_specs = d_bzpopmax_keys, .nkey_specs = 1},
    {.name = "bzpopmin", .summary = "Remove and return the member with the lowest score from one or more sorted sets, or block until one is available", .since = "5.0.0", .group = "sorted-set", .complexity = "O(log(N)) with N being the number of elements in the sorted set.", .history = d_bzpopmin_history, .nhistory = 1, .args = d_bzpopmin_args, .nargs = 2, .key_specs = d_bzpopmin_keys, .nkey_specs = 1},
    {.name = "client", .summary = "A container for client connection commands", .since = "2.4.0", .group = "connection", .complexity = "Depends on subcommand."},
    {.name = "client|caching", .summary = "Instruct the server about tracking or not keys in the next request", .since = "6.0.0", .group = "connection", .complexity = "O(1)", .args = d_client_caching_args, .nargs = 1},
    {.name = "client|getname", .summary = "Get the current connection name", .since = "2.6.9", .group = "connection", .complexity = "O(1)"},
    {.name = "client|getredir", .summary = "Get tracking notifications redirection client ID if any", .since = "6.0.0", .group = "connection", .complexity = "O(1)"},
    {.name = "client|help", .summary = "Show helpful text about the different subcommands", .since = "5.0.0", .group = "connection", .complexity = "O(1)"},
    {.name = "client|id", .summary = "Returns the client ID for the current connection", .since = "5.0.0", .group = "connection", .complexity = "O(1)"},
    {.name = "client|info", .summary = "Returns information about the current client connection.", .since = "6.2.0", .group = "connection", .complexity = "O(1)", .tips = d_client_info_tips, .ntips = 1},
    {.name = "client|kill", .summary = "Kill the connection of a client", .since = "2.4.0", .group = "connection", .complexity = "O(N) where N is the number of client connections", .history = d_client_kill_history, .nhistory = 5, .args = d_client_kill_args, .nargs = 1},
    {.name = "client|list", .summary = "Get the list of client connections", .since = "2.4.0", .group = "connection", .complexity = "O(N) where N is the number of client connections", .history = d_client_list_history, .nhistory = 6, .args = d_client_list_args, .nargs = 2, .tips = d_client_list_tips, .ntips = 1},
    {.name = "client|no-evict", .summary = "Set client eviction mode for the current connection", .since = "7.0.0", .group = "connection", .complexity = "O(1)", .args = d_client_no_evict_args, .nargs = 1},
    {.name = "client|pause", .summary = "Stop processing commands from clients for some time", .since = "2.9.50", .group = "connection", .complexity = "O(1)", .history = d_client_pause_history, .nhistory = 1, .args = d_client_pause_args, .nargs = 2},
    {.name = "client|reply", .summary = "Instruct the server whether to reply to commands", .since = "3.2.0", .group = "connection", .complexity = "O(1)", .args = d_client_reply_args, .nargs = 1},
    {.name = "client|setname", .summary = "Set the current connection name", .since = "2.6.9", .group = "connection", .complexity = "O(1)", .args = d_client_setname_args, .nargs = 1},
    {.name = "client|tracking", .summary = "Enable or disable server assisted client side caching support", .since = "6.0.0", .group = "connection", .complexity = "O(1). Some options may introduce additional complexity.", .args = d_client_tracking_args, .nargs = 7},
    {.name = "client|trackinginfo", .summary = "Return information about server assisted client side caching for the current connection", .since = "6.2.0", .group = "connection", .complexity = "O(1)"},
    {.name = "client|unblock", .summary = "Unblock a client blocked in a blocking command from a different connection", .since = "5.0.0", .group = "connection", .complexity = "O(log N) where N is the number of client connections", .args = d_client_unblock_args, .nargs = 2},
    {.name = "client|unpause", .summary = "Resume processing of clients that were paused", .since = "6.2.0", .group = "connection", .complexity = "O(N) Where N is the number of paused clients"},
    {.name = "command", .summary = "Get array of Redis command details", .since = "2.8.13", .group = "server", .complexity = "O(N) where N is the total number of Redis commands", .tips = d_command_tips, .ntips = 1},
    {.name = "command|count", .summary = "Get total number of Redis commands", .since = "2.8.13", .group = "server", .complexity = "O(1)"},
    {.name = "command|docs", .summary = "Get array of specific Redis command documentation", .since = "7.0.0", .group = "server", .complexity = "O(N) where N is the number of commands to look up", .args = d_command_docs_args, .nargs = 1, .tips = d_command_docs_tips, .ntips = 1},
    {.name = "command|getkeys", .summary = "Extract keys given a full Redis command", .since = "2.8.13", .group = "server", .complexity = "O(N) where N is the number of arguments to the command"},
    {.name = "command|getkeysandflags", .summary = "Extract keys and access flags given a full Redis command", .since = "7.0.0", .group = "server", .complexity = "O(N) where N is the number of arguments to the command"},
    {.name = "command|help", .summary = "Show helpful text about the different subcommands", .since = "5.0.0", .group = "server", .complexity = "O(1)"},
    {.name = "command|info", .summary = "Get array of specific Redis command details, or all when no argument is given.", .since = "2.8.13", .group = "server", .complexity = "O(N) where N is the number of commands to look up", .history = d_command_info_history, .nhistory = 1, .args = d_command_info_args, .nargs = 1, .tips = d_command_info_tips, .ntips = 1},
    {.name = "command|list", .summary = "Get an array of Redis command names", .since = "7.0.0", .group = "server", .complexity = "O(N) where N is the total number of Redis commands", .args = d_command_list_args, .nargs = 1, .tips = d_command_list_tips, .ntips = 1},
    {.name = "config", .summary = "A container for server configuration commands", .since = "2.0.0", .group = "server", .complexity = "Depends on subcommand."},
    {.name = "config|get", .summary = "Get the values of configuration parameters", .since = "2.0.0", .group = "server", .complexity = "O(N) when N is the number of configuration parameters provided", .history = d_config_get_history, .nhistory = 1, .args = d_config_get_args, .nargs = 1},
    {.name = "config|help", .summary = "Show helpful text about the different subcommands", .since = "5.0.0", .group = "server", .complexity = "O(1)"},
    {.name = "config|resetstat", .summary = "Reset the stats returned by INFO", .since = "2.0.0", .group = "server", .complexity = "O(1)"},
    {.name = "config|rewrite", .summary = "Rewrite the configuration file with the in memory configuration", .since = "2.8.0", .group = "server", .complexity = "O(1)"},
    {.name = "config|set", .summary = "Set configuration parameters to the given values", .since = "2.0.0", .group = "server", .complexity = "O(N) when N is the number of configuration parameters provided", .history = d_config_set_history, .nhistory = 1, .args = d_config_set_args, .nargs = 1, .tips = d_config_set_tips, .ntips = 2},
    {.name = "copy", .summary = "Copy a key", .since = "6.2.0", .group = "generic", .complexity = "O(N) worst case for collections, where N is the number of nested items. O(1) for string values.", .args = d_copy_args, .nargs = 4, .key_specs = d_copy_keys, .nkey_specs = 2},
    {.name = "dbsize", .summary = "Return the number of keys in the selected database", .since = "1.0.0", .group = "server", .complexity = "O(1)", .tips = d_dbsize_tips, .ntips = 2},
    {.name = "debug", .summary = "A container for debugging commands", .since = "1.0.0", .group = "server", .complexity = "Depends on subcommand.", .doc_flags = DOC_SYSCMD},
    {.name = "decr", .summary = "Decrement the integer value of a key by one", .since = "1.0.0", .group = "string", .complexity = "O(1)", .args = d_decr_args, .nargs = 1, .key_specs = d_decr_keys, .nkey_specs = 1},
    {.name = "decrby", .summary = "Decrement the integer value of a key by the given number", .since = "1.0.0", .group = "string", .complexity = "O(1)", .args = d_decrby_args, .nargs = 2, .key_specs = d_decrby_keys, .nkey_specs = 1},
    {.name = "del", .summary = "Delete a key", .since = "1.0.0", .group = "generic", .complexity = "O(N) where N is the number of keys that will be removed. When a key to remove holds a value other than a string, the individual complexity for this key is O(M) where M is the number of elements in the list, set, sorted set or hash. Removing a single key that holds a string value is O(1).", .args = d_del_args, .nargs = 1, .tips = d_del_tips, .ntips = 2, .key_specs = d_del_keys, .nkey_specs = 1},
    {.name = "discard", .summary = "Discard all commands issued after MULTI", .since = "2.0.0", .group = "transactions", .complexity = "O(N), when N is the number of queued commands"},
    {.name = "dump", .summary = "Return a serialized version of the value stored at the specified key.", .since = "2.6.0", .group = "generic", .complexity = "O(1) to access the key and additional O(N*M) to serialize it, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1).", .args = d_dump_args, .nargs = 1, .tips = d_dump_tips, .ntips = 1, .key_specs = d_dump_keys, .nkey_specs = 1},
    {.name = "echo", .summary = "Echo the given string", .since = "1.0.0", .group = "connection", .complexity = "O(1)", .args = d_echo_args, .nargs = 1},
    {.name = "eval", .summary = "Execute a Lua script server side", .since = "2.6.0", .group = "scripting", .complexity = "Depends on the script that is executed.", .args = d_eval_args, .nargs = 4, .key_specs = d_eval_keys, .nkey_specs = 1},
    {.name = "eval_ro", .summary = "Execute a read-only Lua script server side", .since = "7.0.0", .group = "scripting", .complexity = "Depends on the script that is executed.", .args = d_eval_ro_args, .nargs = 4, .key_specs = d_eval_ro_keys, .nkey_specs = 1},
    {.name = "evalsha", .summary = "Execute a Lua script server side", .since = "2.6.0", .group = "scripting", .complexity = "Depends on the script that is executed.", .args = d_evalsha_args, .nargs = 4, .key_specs = d_evalsha_keys, .nkey_specs = 1},
    {.name = "evalsha_ro", .summary = "Execute a read-only Lua script server side", .since = "7.0.0", .group = "scripting", .complexity = "Depends on the script that is executed.", .args = d_evalsha_ro_args, .nargs = 4, .key_specs = d_evalsha_ro_keys, .nkey_specs = 1},
    {.name = "exec", .summary = "Execute all commands issued after MULTI", .since = "1.2.0", .group = "transactions", .complexity = "Depends on commands in the transaction"},
    {.name = "exists", .summary = "Determine if a key exists", .since = "1.0.0", .group = "generic", .complexity = "O(N) where N is the number of keys to check.", .history = d_exists_history, .nhistory = 1, .args = d_exists_args, .nargs = 1, .tips = d_exists_tips, .ntips = 2, .key_specs = d_exists_keys, .nkey_specs = 1},
    {.name = "expire", .summary = "Set a key's time to live in seconds", .since = "1.0.0", .group = "generic", .complexity = "O(1)", .history = d_expire_history, .nhistory = 1, .args = d_expire_args, .nargs = 3, .key_specs = d_expire_keys, .nkey_specs = 1},
    {.name = "expireat", .summary = "Set the expiration for a key as a UNIX timestamp", .since = "1.2.0", .group = "generic", .complexity = "O(1)", .history = d_expireat_history, .nhistory = 1, .args = d_expireat_args, .nargs = 3, .key_specs = d_expireat_keys, .nkey_specs = 1},
    {.name = "expiretime", .summary = "Get the expiration Unix timestamp for a key", .since = "7.0.0", .group = "generic", .complexity = "O(1)", .args = d_expiretime_args, .nargs = 1, .key_specs = d_expiretime_keys, .nkey_specs = 1},
    {.name = "fcall", .summary = "Invoke a function", .since = "7.0.0", .group = "scripting", .complexity = "Depends on the function that is executed.", .args = d_fcall_args, .nargs = 4, .key_specs = d_fcall_keys, .nkey_specs = 1},
    {.name = "fcall_ro", .summary = "Invoke a read-only function", .since = "7.0.0", .group = "scripting", .complexity = "Depends on the function that is executed.", .args = d_fcall_ro_args, .nargs = 4, .key_specs = d_fcall_ro_keys, .nkey_specs = 1},
    {.name = "flushall", .summary = "Remove all keys from all databases", .since = "1.0.0", .group = "server", .complexity = "O(N) where N is the total number of keys in all databases", .history = d_flushall_history, .nhistory = 2, .args = d_flushall_args, .nargs = 1, .tips = d_flushall_tips, .ntips = 2},
    {.name = "flushdb", .summary = "Remove all keys from the current database", .since = "1.0.0", .group = "server", .complexity = "O(N) where N is the number of keys in the selected database", .history = d_flushdb_history, .nhistory = 2, .args = d_flushdb_args, .nargs = 1, .tips = d_flushdb_tips, .ntips = 2},
    {.name = "function", .summary = "A container for function commands", .since = "7.0.0", .group = "scripting", .complexity = "Depends on subcommand."},
    {.name = "function|delete", .summary = "Delete a function by name", .since = "7.0.0", .group = "scripting", .complexity = "O(1)", .args = d_function_delete_args, .nargs = 1, .tips = d_function_delete_tips, .ntips = 2},
    {.name = "function|dump", .summary = "Dump all functions into a serialized binary payload", .since = "7.0.0", .group = "scripting", .complexity = "O(N) where N is the number of functions"},
    {.name = "function|flush", .summary = "Deleting all functions", .since = "7.0.0", .group = "scripting", .complexity = "O(N) where N is the number of functions deleted", .args = d_function_flush_args, .nargs = 1, .tips = d_function_flush_tips, .ntips = 2},
    {.name = "function|help", .summary = "Show helpful text about the different subcommands", .since = "7.0.0", .group = "scripting", .complexity = "O(1)"},
    {.name = "function|kill", .summary = "Kill the function currently in execution.", .since = "7.0.0", .group = "scripting", .complexity = "O(1)", .tips = d_function_kill_tips, .ntips = 2},
    {.name = "function|list", .summary = "List information about all the functions", .since = "7.0.0", .group = "scripting", .complexity = "O(N) where N is the number of functions", .args = d_function_list_args, .nargs = 2, .tips = d_function_list_tips, .ntips = 1},
    {.name = "function|load", .summary = "Create a function with the given arguments (name, code, description)", .since = "7.0.0", .group = "scripting", .complexity = "O(1) (considering compilation time is redundant)", .args = d_function_load_args, .nargs = 2, .tips = d_function_load_tips, .ntips = 2},
    {.name = "function|restore", .summary = "Restore all the functions on the given payload", .since = "7.0.0", .group = "scripting", .complexity = "O(N) where N is the number of functions on the payload", .args = d_function_restore_args, .nargs = 2, .tips = d_function_restore_tips, .ntips = 2},
    {.name = "function|stats", .summary = "Return information about the function currently running (name, description, duration)", .since = "7.0.0", .group = "scripting", .complexity = "O(1)", .tips = d_function_stats_tips, .ntips = 3},
    {.name = "geoadd", .summary = "Add one or more geospatial items in the geospatial index represented using a sorted set", .since = "3.2.0", .group = "geo", .complexity = "O(log(N)) for each item added, where N is the number of elements in the sorted set.", .history = d_geoadd_history, .nhistory = 1, .args = d_geoadd_args, .nargs = 4, .key_specs = d_geoadd_keys, .nkey_specs = 1},
    {.name = "geodist", .summary = "Returns the distance between two members of a geospatial index", .since = "3.2.0", .group = "geo", .complexity = "O(log(N))", .args = d_geodist_args, .nargs = 4, .key_specs = d_geodist_keys, .nkey_specs = 1},
    {.name = "geohash", .summary = "Returns members of a geospatial index as standard geohash strings", .since = "3.2.0", .group = "geo", .complexity = "O(log(N)) for each member requested, where N is the number of elements in the sorted set.", .args = d_geohash_args, .nargs = 2, .key_specs = d_geohash_keys, .nkey_specs = 1},
    {.name = "geopos", .summary = "Returns longitude and latitude of members of a geospatial index", .since = "3.2.0", .group = "geo", .complexity = "O(N) where N is the number of members requested.", .args = d_geopos_args, .nargs = 2, .key_specs = d_geopos_keys, .nkey_specs = 1},
    {.name = "georadius", .summary = "Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a point", .since = "3.2.0", .group = "geo", .complexity = "O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.", .deprecated_since = "6.2.0", .replaced_by = "`GEOSEARCH` and `GEOSEARCHSTORE` with the `BYRADIUS` argument", .doc_flags = DOC_DEPRECATED, .history = d_georadius_history, .nhistory = 2, .args = d_georadius_args, .nargs = 12, .key_specs = d_georadius_keys, .nkey_specs = 3},
    {.name = "georadius_ro", .summary = "A read-only variant for GEORADIUS", .since = "3.2.10", .group = "geo", .complexity = "O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.", .deprecated_since = "6.2.0", .replaced_by = "`GEOSEARCH` with the `BYRADIUS` argument", .doc_flags = DOC_DEPRECATED, .history = d_georadius_ro_history, .nhistory = 1, .args = d_georadius_ro_args, .nargs = 10, .key_specs = d_georadius_ro_keys, .nkey_specs = 1},
    {.name = "georadiusbymember", .summary = "Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a member", .since = "3.2.0", .group = "geo", .complexity = "O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.", .deprecated_since = "6.2.0", .replaced_by = "`GEOSEARCH` and `GEOSEARCHSTORE` with the `BYRADIUS` and `FROMMEMBER` arguments", .doc_flags = DOC_DEPRECATED, .history = d_georadiusbymember_history, .nhistory = 1, .args = d_georadiusbymember_args, .nargs = 11, .key_specs = d_georadiusbymember_keys, .nkey_specs = 3},
    {.name = "georadiusbymember_ro", .summary = "A read-only variant for GEORADIUSBYMEMBER", .since = "3.2.10", .group = "geo", .complexity = "O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.", .deprecated_since = "6.2.0", .replaced_by = "`GEOSEARCH` with the `BYRADIUS` and `FROMMEMBER` arguments", .doc_flags = DOC_DEPRECATED, .args = d_georadiusbymember_ro_args, .nargs = 9, .key_specs = d_georadiusbymember_ro_keys, .nkey_specs = 1},
    {.name = "geosearch", .summary = "Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle.", .since = "6.2.0", .group = "geo", .complexity = "O(N+log(M)) where N is the number of elements in the grid-aligned bounding box area around the shape provided as the filter and M is the number of items inside the shape", .history = d_geosearch_history, .nhistory = 1, .args = d_geosearch_args, .nargs = 8, .key_specs = d_geosearch_keys, .nkey_specs = 1},
    {.name = "geosearchstore", .summary = "Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle, and store the result in another key.", .since = "6.2.0", .group = "geo", .complexity = "O(N+log(M)) where N is the number of elements in the grid-aligned bounding box area around the shape provided as the filter and M is the number of items inside the shape", .history = d_geosearchstore_history, .nhistory = 1, .args = d_geosearchstore_args, .nargs = 7, .key_specs = d_geosearchstore_keys, .nkey_specs = 2},
    {.name = "get", .summary = "Get the value of a key", .since = "1.0.0", .group = "string", .complexity = "O(1)", .args = d_get_args, .nargs = 1, .key_specs = d_get_keys, .nkey_specs = 1},
    {.name = "getbit", .summary = "Returns the bit value at offset in the string value stored at key", .since = "2.2.0", .group = "bitmap", .complexity = "O(1)", .args = d_getbit_args, .nargs = 2, .key_specs = d_getbit_keys, .nkey_specs = 1},
    {.name = "getdel", .summary = "Get the value of a key and delete the key", .since = "6.2.0", .group = "string", .complexity = "O(1)", .args = d_getdel_args, .nargs = 1, .key_specs = d_getdel_keys, .nkey_specs = 1},
    {.name = "getex", .summary = "Get the value of a key and optionally set its expiration", .since = "6.2.0", .group = "string", .complexity = "O(1)", .args = d_getex_args, .nargs = 2, .key_specs = d_getex_keys, .nkey_specs = 1},
    {.name = "getrange", .summary = "Get a substring of the string stored at a key", .since = "2.4.0", .group = "string", .complexity = "O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.", .args = d_getrange_args, .nargs = 3, .key_specs = d_getrange_keys, .nkey_specs = 1},
    {.name = "getset", .summary = "Set the string value of a key and return its old value", .since = "1.0.0", .group = "string", .complexity = "O(1)", .deprecated_since = "6.2.0", .replaced_by = "`SET` with the `!GET` argument", .doc_flags = DOC_DEPRECATED, .args = d_getset_args, .nargs = 2, .key_specs = d_getset_keys, .nkey_specs = 1},
    {.name = "hdel", .summary = "Delete one or more hash fields", .since = "2.0.0", .group = "hash", .complexity = "O(N) where N is the number of fields to be removed.", .history = d_hdel_history, .nhistory = 1, .args = d_hdel_args, .nargs = 2, .key_specs = d_hdel_keys, .nkey_specs = 1},
    {.name = "hello", .summary = "Handshake with Redis", .since = "6.0.0", .group = "connection", .complexity = "O(1)", .history = d_hello_history, .nhistory = 1, .args = d_hello_args, .nargs = 1},
    {.name = "hexists", .summary = "Determine if a hash field exists", .since = "2.0.0", .group = "hash", .complexity = "O(1)", .args = d_hexists_args, .nargs = 2, .key_specs = d_hexists_keys, .nkey_specs = 1},
    {.name = "hget", .summary = "Get the value of a hash field", .since = "2.0.0", .group = "hash", .complexity = "O(1)", .args = d_hget_args, .nargs = 2, .key_specs = d_hget_keys, .nkey_specs = 1},
    {.name = "hgetall", .summary = "Get all the fields and values in a hash", .since = "2.0.0", .group = "hash", .complexity = "O(N) where N is the size of the hash.", .args = d_hgetall_args, .nargs = 1, .tips = d_hgetall_tips, .ntips = 1, .key_specs = d_hgetall_keys, .nkey_specs = 1},
    {.name = "hincrby", .summary = "Increment the integer value of a hash field by the given number", .since = "2.0.0", .group = "hash", .complexity = "O(1)", .args = d_hincrby_args, .nargs = 3, .key_specs = d_hincrby_keys, .nkey_specs = 1},
    {.name = "hincrbyfloat", .summary = "Increment the float value of a hash field by the given amount", .since = "2.6.0", .group = "hash", .complexity = "O(1)", .args = d_hincrbyfloat_args, .nargs = 3, .key_specs = d_hincrbyfloat_keys, .nkey_specs = 1},
    {.name = "hkeys", .summary = "Get all the fields in a hash", .since = "2.0.0", .group = "hash", .complexity = "O(N) where N is the size of the hash.", .args = d_hkeys_args, .nargs = 1, .tips = d_hkeys_tips, .ntips = 1, .key_specs = d_hkeys_keys, .nkey_specs = 1},
    {.name = "hlen", .summary = "Get the number of fields in a hash", .since = "2.0.0", .group = "hash", .complexity = "O(1)", .args = d_hlen_args, .nargs = 1, .key_specs = d_hlen_keys, .nkey_specs = 1},
    {.name = "hmget", .summary = "Get the values of all the given hash fields", .since = "2.0.0", .group = "hash", .complexity = "O(N) where N is the number of fields being requested.", .args = d_hmget_args, .nargs = 2, .key_specs = d_hmget_keys, .nkey_specs = 1},
    {.name = "hmset", .summary = "Set multiple hash fields to multiple values", .since = "2.0.0", .group = "hash", .complexity = "O(N) where N is the number of fields being set.", .deprecated_since = "4.0.0", .replaced_by = "`HSET` with multiple field-value pairs", .doc_flags = DOC_DEPRECATED, .args = d_hmset_args, .nargs = 2, .key_specs = d_hmset_keys, .nkey_specs = 1},
    {.name = "hrandfield", .summary = "Get one or multiple random fields from a hash", .since = "6.2.0", .group = "hash", .complexity = "O(N) where N is the number of fields returned", .args = d_hrandfield_args, .nargs = 2, .tips = d_hrandfield_tips, .ntips = 1, .key_specs = d_hrandfield_keys, .nkey_specs = 1},
    {.name = "hscan", .summary = "Incrementally iterate hash fields and associated values", .since = "2.8.0", .group = "hash", .complexity = "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..", .args = d_hscan_args, .nargs = 4, .tips = d_hscan_tips, .ntips = 1, .key_specs = d_hscan_keys, .nkey_specs = 1},
    {.name = "hset", .summary = "Set the string value of a hash field", .since = "2.0.0", .group = "hash", .complexity = "O(1) for each field/value pair added, so O(N) to add N field/value pairs when the command is called with multiple field/value pairs.", .history = d_hset_history, .nhistory = 1, .args = d_hset_args, .nargs = 2, .key_specs = d_hset_keys, .nkey_specs = 1},
    {.name = "hsetnx", .summary = "Set the value of a hash field, only if the field does not exist", .since = "2.0.0", .group = "hash", .complexity = "O(1)", .args = d_hsetnx_args, .nargs = 3, .key_specs = d_hsetnx_keys, .nkey_specs = 1},
    {.name = "hstrlen", .summary = "Get the length of the value of a hash field", .since = "3.2.0", .group = "hash", .complexity = "O(1)", .args = d_hstrlen_args, .nargs = 2, .key_specs = d_hstrlen_keys, .nkey_specs = 1},
    {.name = "hvals", .summary = "Get all the values in a hash", .since = "2.0.0", .group = "hash", .complexity = "O(N) where N is the size of the hash.", .args = d_hvals_args, .nargs = 1, .tips = d_hvals_tips, .ntips = 1, .key_specs = d_hvals_keys, .nkey_specs = 1},
    {.name = "incr", .summary = "Increment the integer value of a key by one", .since = "1.0.0", .group = "string", .complexity = "O(1)", .args = d_incr_args, .nargs = 1, .key_specs = d_incr_keys, .nkey_specs = 1},
    {.name = "incrby", .summary = "Increment the integer value of a key by the given amount", .since = "1.0.0", .group = "string", .complexity = "O(1)", .args = d_incrby_args, .nargs = 2, .key_specs = d_incrby_keys, .nkey_specs = 1},
    {.name = "incrbyfloat", .summary = "Increment the float value of a key by the given amount", .since = "2.6.0", .group = "string", .complexity = "O(1)", .args = d_incrbyfloat_args, .nargs = 2, .key_specs = d_incrbyfloat_keys, .nkey_specs = 1},
    {.name = "info", .summary = "Get information and statistics about the server", .since = "1.0.0", .group = "server", .complexity = "O(1)", .history = d_info_history, .nhistory = 1, .args = d_info_args, .nargs = 1, .tips = d_info_tips, .ntips = 3},
    {.name = "keys", .summary = "Find all keys matching the given pattern", .since = "1.0.0", .group = "generic", .complexity = "O(N) with N being the number of keys in the database, under the assumption that the key names in the database and the given pattern have limited length.", .args = d_keys_args, .nargs = 1, .tips = d_keys_tips, .ntips = 2},
    {.name = "lastsave", .summary = "Get the UNIX time stamp of the last successful save to disk", .since = "1.0.0", .group = "server", .complexity = "O(1)", .tips = d_lastsave_tips, .ntips = 1},
    {.name = "latency", .summary = "A container for latency diagnostics commands", .since = "2.8.13", .group = "server", .complexity = "Depends on subcommand."},
    {.name = "latency|doctor", .summary = "Return a human readable latency analysis report.", .since = "2.8.13", .group = "server", .complexity = "O(1)", .tips = d_latency_doctor_tips, .ntips = 3},
    {.name = "latency|graph", .summary = "Return a latency graph for the event.", .since = "2.8.13", .group = "server", .complexity = "O(1)", .args = d_latency_graph_args, .nargs = 1, .tips = d_latency_graph_tips, .ntips = 3},
    {.name = "latency|help", .summary = "Show helpful text about the different subcommands.", .since = "2.8.13", .group = "server", .complexity = "O(1)"},
    {.name = "latency|histogram", .summary = "Return the cumulative distribution of latencies of a subset of commands or all.", .since = "7.0.0", .group = "server", .complexity = "O(N) where N is the number of commands with latency information being retrieved.", .args = d_latency_histogram_args, .nargs = 1, .tips = d_latency_histogram_tips, .ntips = 3},
    {.name = "latency|history", .summary = "Return timestamp-latency samples for the event.", .since = "2.8.13", .group = "server", .complexity = "O(1)", .args = d_latency_history_args, .nargs = 1, .tips = d_latency_history_tips, .ntips = 3},
    {.name = "latency|latest", .summary = "Return the latest latency samples for all events.", .since = "2.8.13", .group = "server", .complexity = "O(1)", .tips = d_latency_latest_tips, .ntips = 3},
    {.name = "latency|reset", .summary = "Reset latency data for one or more events.", .since = "2.8.13", .group = "server", .complexity = "O(1)", .args = d_latency_reset_args, .nargs = 1, .tips = d_latency_reset_tips, .ntips = 2},
    {.name = "lcs", .summary = "Find longest common substring", .since = "7.0.0", .group = "string", .complexity = "O(N*M) where N and M are the lengths of s1 and s2, respectively", .args = d_lcs_args, .nargs = 6, .key_specs = d_lcs_keys, .nkey_specs = 1},
    {.name = "lindex", .summary = "Get an element from a list by its index", .since = "1.0.0", .group = "list", .complexity = "O(N) where N is the number of elements to traverse to get to the element at index. This makes asking for the first or the last element of the list O(1).", .args = d_lindex_args, .nargs = 2, .key_specs = d_lindex_keys, .nkey_specs = 1},
    {.name = "linsert", .summary = "Insert an element before or after another element in a list", .since = "2.2.0", .group = "list", .complexity = "O(N) where N is the number of elements to traverse before seeing the value pivot. This means that inserting somewhere on the left end on the list (head) can be considered O(1) and inserting somewhere on the right end (tail) is O(N).", .args = d_linsert_args, .nargs = 4, .key_specs = d_linsert_keys, .nkey_specs = 1},
    {.name = "llen", .summary = "Get the length of a list", .since = "1.0.0", .group = "list", .complexity = "O(1)", .args = d_llen_args, .nargs = 1, .key_specs = d_llen_keys, .nkey_specs = 1},
    {.name = "lmove", .summary = "Pop an element from a list, push it to another list and return it", .since = "6.2.0", .group = "list", .complexity = "O(1)", .args = d_lmove_args, .nargs = 4, .key_specs = d_lmove_keys, .nkey_specs = 2},
    {.name = "lmpop", .summary = "Pop elements from a list", .since = "7.0.0", .group = "list", .complexity = "O(N+M) where N is the number of provided keys and M is the number of elements returned.", .args = d_lmpop_args, .nargs = 4, .key_specs = d_lmpop_keys, .nkey_specs = 1},
    {.name = "lolwut", .summary = "Display some computer art and the Redis version", .since = "5.0.0", .group = "server", .args = d_lolwut_args, .nargs = 1},
    {.name = "lpop", .summary = "Remove and get the first elements in a list", .since = "1.0.0", .group = "list", .complexity = "O(N) where N is the number of elements returned", .history = d_lpop_history, .nhistory = 1, .args = d_lpop_args, .nargs = 2, .key_specs = d_lpop_keys, .nkey_specs = 1},
    {.name = "lpos", .summary = "Return the index of matching elements on a list", .since = "6.0.6", .group = "list", .complexity = "O(N) where N is the number of elements in the list, for the average case. When searching for elements near the head or the tail of the list, or when the MAXLEN option is provided, the command may run in constant time.", .args = d_lpos_args, .nargs = 5, .key_specs = d_lpos_keys, .nkey_specs = 1},
    {.name = "lpush", .summary = "Prepend one or multiple elements to a list", .since = "1.0.0", .group = "list", .complexity = "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.", .history = d_lpush_history, .nhistory = 1, .args = d_lpush_args, .nargs = 2, .key_specs = d_lpush_keys, .nkey_specs = 1},
    {.name = "lpushx", .summary = "Prepend an element to a list, only if the list exists", .since = "2.2.0", .group = "list", .complexity = "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.", .history = d_lpushx_history, .nhistory = 1, .args = d_lpushx_args, .nargs = 2, .key_specs = d_lpushx_keys, .nkey_specs = 1},
    {.name = "lrange", .summary = "Get a range of elements from a list", .since = "1.0.0", .group = "list", .complexity = "O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest end (HEAD or TAIL) for large lists; and N is the number of elements in the specified range.", .args = d_lrange_args, .nargs = 3, .key_specs = d_lrange_keys, .nkey_specs = 1},
    {.name = "lrem", .summary = "Remove elements from a list", .since = "1.0.0", .group = "list", .complexity = "O(N+M) where N is the length of the list and M is the number of elements removed.", .args = d_lrem_args, .nargs = 3, .key_specs = d_lrem_keys, .nkey_specs = 1},
    {.name = "lset", .summary = "Set the value of an element in a list by its index", .since = "1.0.0", .group = "list", .complexity = "O(N) where N is the length of the list. Setting either the first or the last element of the list is O(1).", .args = d_lset_args, .nargs = 3, .key_specs = d_lset_keys, .nkey_specs = 1},
    {.name = "ltrim", .summary = "Trim a list to the specified range", .since = "1.0.0", .group = "list", .complexity = "O(N) where N is the number of elements to be removed by the operation.", .args = d_ltrim_args, .nargs = 3, .key_specs = d_ltrim_keys, .nkey_specs = 1},
    {.name = "memory", .summary = "A container for memory diagnostics commands", .since = "4.0.0", .group = "server", .complexity = "Depends on subcommand."},
    {.name = "memory|doctor", .summary = "Outputs memory problems report", .since = "4.0.0", .group = "server", .complexity = "O(1)", .tips = d_memory_doctor_tips, .ntips = 3},
    {.name = "memory|help", .summary = "Show helpful text about the different subcommands", .since = "4.0.0", .group = "server", .complexity = "O(1)"},
    {.name = "memory|malloc-stats", .summary = "Show allocator internal stats", .since = "4.0.0", .group = "server", .complexity = "Depends on how much memory is allocated, could be slow", .tips = d_memory_malloc_stats_tips, .ntips = 3},
    {.name = "memory|purge", .summary = "Ask the allocator to release memory", .since = "4.0.0", .group = "server", .complexity = "Depends on how much memory is allocated, could be slow", .tips = d_memory_purge_tips, .ntips = 2},
    {.name = "memory|stats", .summary = "Show memory usage details", .since = "4.0.0", .group = "server", .complexity = "O(1)", .tips = d_memory_stats_tips, .ntips = 3},
    {.name = "memory|usage", .summary = "Estimate the memory usage of a key", .since = "4.0.0", .group = "server", .complexity = "O(N) where N is the number of samples.", .args = d_memory_usage_args, .nargs = 2, .key_specs = d_memory_usage_keys, .nkey_specs = 1},
    {.name = "mget", .summary = "Get the values of all the given keys", .since = "1.0.0", .group = "string", .complexity = "O(N) where N is the number of keys to retrieve.", .args = d_mget_args, .nargs = 1, .tips = d_mget_tips, .ntips = 1, .key_specs = d_mget_keys, .nkey_specs = 1},
    {.name = "migrate", .summary = "Atomically transfer a key from a Redis instance to another one.", .since = "2.6.0", .group = "generic", .complexity = "This command actually executes a DUMP+DEL in the source instance, and a RESTORE in the target instance. See the pages of these commands for time complexity. Also an O(N) data transfer between the two instances is performed.", .history = d_migrate_history, .nhistory = 4, .args = d_migrate_args, .nargs = 9, .tips = d_migrate_tips, .ntips = 1, .key_specs = d_migrate_keys, .nkey_specs = 2},
    {.name = "monitor", .summary = "Listen for all requests received by the server in real time", .since = "1.0.0", .group = "server"},
    {.name = "move", .summary = "Move a key to another database", .since = "1.0.0", .group = "generic", .complexity = "O(1)", .args = d_move_args, .nargs = 2, .key_specs = d_move_keys, .nkey_specs = 1},
    {.name = "mset", .summary = "Set multiple keys to multiple values", .since = "1.0.1", .group = "string", .complexity = "O(N) where N is the number of keys to set.", .args = d_mset_args, .nargs = 1, .tips = d_mset_tips, .ntips = 2, .key_specs = d_mset_keys, .nkey_specs = 1},
    {.name = "msetnx", .summary = "Set multiple keys to multiple values, only if none of the keys exist", .since = "1.0.1", .group = "string", .complexity = "O(N) where N is the number of keys to set.", .args = d_msetnx_args, .nargs = 1, .tips = d_msetnx_tips, .ntips = 2, .key_specs = d_msetnx_keys, .nkey_specs = 1},
    {.name = "multi", .summary = "Mark the start of a transaction block", .since = "1.2.0", .group = "transactions", .complexity = "O(1)"},
    {.name = "object", .summary = "A container for object introspection commands", .since = "2.2.3", .group = "generic", .complexity = "Depends on subcommand."},
    {.name = "object|encoding", .summary = "Inspect the internal encoding of a Redis object", .since = "2.2.3", .group = "generic", .complexity = "O(1)", .args = d_object_encoding_args, .nargs = 1, .tips = d_object_encoding_tips, .ntips = 1, .key_specs = d_object_encoding_keys, .nkey_specs = 1},
    {.name = "object|freq", .summary = "Get the logarithmic access frequency counter of a Redis object", .since = "4.0.0", .group = "generic", .complexity = "O(1)", .args = d_object_freq_args, .nargs = 1, .tips = d_object_freq_tips, .ntips = 1, .key_specs = d_object_freq_keys, .nkey_specs = 1},
    {.name = "object|help", .summary = "Show helpful text about the different subcommands", .since = "6.2.0", .group = "generic", .complexity = "O(1)"},
    {.name = "object|idletime", .summary = "Get the time since a Redis object was last accessed", .since = "2.2.3", .group = "generic", .complexity = "O(1)", .args = d_object_idletime_args, .nargs = 1, .tips = d_object_idletime_tips, .ntips = 1, .key_specs = d_object_idletime_keys, .nkey_specs = 1},
    {.name = "object|refcount", .summary = "Get the number of references to the value of the key", .since = "2.2.3", .group = "generic", .complexity = "O(1)", .args = d_object_refcount_args, .nargs = 1, .tips = d_object_refcount_tips, .ntips = 1, .key_specs = d_object_refcount_keys, .nkey_specs = 1},
    {.name = "persist", .summary = "Remove the expiration from a key", .since = "2.2.0", .group = "generic", .complexity = "O(1)", .args = d_persist_args, .nargs = 1, .key_specs = d_persist_keys, .nkey_specs = 1},
    {.name = "pexpire", .summary = "Set a key's time to live in milliseconds", .since = "2.6.0", .group = "generic", .complexity = "O(1)", .history = d_pexpire_history, .nhistory = 1, .args = d_pexpire_args, .nargs = 3, .key_specs = d_pexpire_keys, .nkey_specs = 1},
    {.name = "pexpireat", .summary = "Set the expiration for a key as a UNIX timestamp specified in milliseconds", .since = "2.6.0", .group = "generic", .complexity = "O(1)", .history = d_pexpireat_history, .nhistory = 1, .args = d_pexpireat_args, .nargs = 3, .key_specs = d_pexpireat_keys, .nkey_specs = 1},
    {.name = "pexpiretime", .summary = "Get the expiration Unix timestamp for a key in milliseconds", .since = "7.0.0", .group = "generic", .complexity = "O(1)", .args = d_pexpiretime_args, .nargs = 1, .key_specs = d_pexpiretime_keys, .nkey_specs = 1},
    {.name = "pfadd", .summary = "Adds the specified elements to the specified HyperLogLog.", .since = "2.8.9", .group = "hyperloglog", .complexity = "O(1) to add every element.", .args = d_pfadd_args, .nargs = 2, .key_specs = d_pfadd_keys, .nkey_specs = 1},
    {.name = "pfcount", .summary = "Return the approximated cardinality of the set(s) observed by the HyperLogLog at key(s).", .since = "2.8.9", .group = "hyperloglog", .complexity = "O(1) with a very small average constant time when called with a single key. O(N) with N being the number of keys, and much bigger constant times, when called with multiple keys.", .args = d_pfcount_args, .nargs = 1, .key_specs = d_pfcount_keys, .nkey_specs = 1},
    {.name = "pfdebug", .summary = "Internal commands for debugging HyperLogLog values", .since = "2.8.9", .group = "hyperloglog", .complexity = "N/A", .doc_flags = DOC_SYSCMD, .args = d_pfdebug_args, .nargs = 2, .key_specs = d_pfdebug_keys, .nkey_specs = 1},
    {.name = "pfmerge", .summary = "Merge N different HyperLogLogs into a single one.", .since = "2.8.9", .group = "hyperloglog", .complexity = "O(N) to merge N HyperLogLogs, but with high constant times.", .args = d_pfmerge_args, .nargs = 2, .key_specs = d_pfmerge_keys, .nkey_specs = 2},
    {.name = "pfselftest", .summary = "An internal command for testing HyperLogLog values", .since = "2.8.9", .group = "hyperloglog", .complexity = "N/A", .doc_flags = DOC_SYSCMD},
    {.name = "ping", .summary = "Ping the server", .since = "1.0.0", .group = "connection", .complexity = "O(1)", .args = d_ping_args, .nargs = 1, .tips = d_ping_tips, .ntips = 2},
    {.name = "psetex", .summary = "Set the value and expiration in milliseconds of a key", .since = "2.6.0", .group = "string", .complexity = "O(1)", .args = d_psetex_args, .nargs = 3, .key_specs = d_psetex_keys, .nkey_specs = 1},
    {.name = "psubscribe", .summary = "Listen for messages published to channels matching the given patterns", .since = "2.0.0", .group = "pubsub", .complexity = "O(N) where N is the number of patterns the client is already subscribed to.", .args = d_psubscribe_args, .nargs = 1},
    {.name = "pttl", .summary = "Get the time to live for a key in milliseconds", .since = "2.6.0", .group = "generic", .complexity = "O(1)", .history = d_pttl_history, .nhistory = 1, .args = d_pttl_args, .nargs = 1, .tips = d_pttl_tips, .ntips = 1, .key_specs = d_pttl_keys, .nkey_specs = 1},
    {.name = "publish", .summary = "Post a message to a channel", .since = "2.0.0", .group = "pubsub", .complexity = "O(N+M) where N is the number of clients subscribed to the receiving channel and M is the total number of subscribed patterns (by any client).", .args = d_publish_args, .nargs = 2},
    {.name = "pubsub", .summary = "A container for Pub/Sub commands", .since = "2.8.0", .group = "pubsub", .complexity = "Depends on subcommand."},
    {.name = "pubsub|channels", .summary = "List active channels", .since = "2.8.0", .group = "pubsub", .complexity = "O(N) where N is the number of active channels, and assuming constant time pattern matching (relatively short channels and patterns)", .args = d_pubsub_channels_args, .nargs = 1},
    {.name = "pubsub|help", .summary = "Show helpful text about the different subcommands", .since = "6.2.0", .group = "pubsub", .complexity = "O(1)"},
    {.name = "pubsub|numpat", .summary = "Get the count of unique patterns pattern subscriptions", .since = "2.8.0", .group = "pubsub", .complexity = "O(1)"},
    {.name = "pubsub|numsub", .summary = "Get the count of subscribers for channels", .since = "2.8.0", .group = "pubsub", .complexity = "O(N) for the NUMSUB subcommand, where N is the number of requested channels", .args = d_pubsub_numsub_args, .nargs = 1},
    {.name = "pubsub|shardchannels", .summary = "List active shard channels", .since = "7.0.0", .group = "pubsub", .complexity = "O(N) where N is the number of active shard channels, and assuming constant time pattern matching (relatively short shard channels).", .args = d_pubsub_shardchannels_args, .nargs = 1},
    {.name = "pubsub|shardnumsub", .summary = "Get the count of subscribers for shard channels", .since = "7.0.0", .group = "pubsub", .complexity = "O(N) for the SHARDNUMSUB subcommand, where N is the number of requested shard channels", .args = d_pubsub_shardnumsub_args, .nargs = 1},
    {.name = "punsubscribe", .summary = "Stop listening for messages posted to channels matching the given patterns", .since = "2.0.0", .group = "pubsub", .complexity = "O(N+M) where N is the number of patterns the client is already subscribed and M is the number of total patterns subscribed in the system (by any client).", .args = d_punsubscribe_args, .nargs = 1},
    {.name = "quit", .summary = "Close the connection", .since = "1.0.0", .group = "connection", .complexity = "O(1)"},
    {.name = "randomkey", .summary = "Return a random key from the keyspace", .since = "1.0.0", .group = "generic", .complexity = "O(1)", .tips = d_randomkey_tips, .ntips = 2},
    {.name = "rename", .summary = "Rename a key", .since = "1.0.0", .group = "generic", .complexity = "O(1)", .args = d_rename_args, .nargs = 2, .key_specs = d_rename_keys, .nkey_specs = 2},
    {.name = "renamenx", .summary = "Rename a key, only if the new key does not exist", .since = "1.0.0", .group = "generic", .complexity = "O(1)", .history = d_renamenx_history, .nhistory = 1, .args = d_renamenx_args, .nargs = 2, .key_specs = d_renamenx_keys, .nkey_specs = 2},
    {.name = "reset", .summary = "Reset the connection", .since = "6.2.0", .group = "connection", .complexity = "O(1)"},
    {.name = "restore", .summary = "Create a key using the provided serialized value, previously obtained using DUMP.", .since = "2.6.0", .group = "generic", .complexity = "O(1) to create the new key and additional O(N*M) to reconstruct the serialized value, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1). However for sorted set values the complexity is O(N*M*log(N)) because inserting values into sorted sets is O(log(N)).", .history = d_restore_history, .nhistory = 3, .args = d_restore_args, .nargs = 7, .key_specs = d_restore_keys, .nkey_specs = 1},
    {.name = "restore-asking", .summary = "An internal command for migrating keys in a cluster", .since = "3.0.0", .group = "server", .complexity = "O(1) to create the new key and additional O(N*M) to reconstruct the serialized value, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1). However for sorted set values the complexity is O(N*M*log(N)) because inserting values into sorted sets is O(log(N)).", .doc_flags = DOC_SYSCMD, .history = d_restore_asking_history, .nhistory = 3, .args = d_restore_asking_args, .nargs = 7, .key_specs = d_restore_asking_keys, .nkey_specs = 1},
    {.name = "role", .summary = "Return the role of the instance in the context of replication", .since = "2.8.12", .group = "server", .complexity = "O(1)"},
    {.name = "rpop", .summary = "Remove and get the last elements in a list", .since = "1.0.0", .group = "list", .complexity = "O(N) where N is the number of elements returned", .history = d_rpop_history, .nhistory = 1, .args = d_rpop_args, .nargs = 2, .key_specs = d_rpop_keys, .nkey_specs = 1},
    {.name = "rpoplpush", .summary = "Remove the last element in a list, prepend it to another list and return it", .since = "1.2.0", .group = "list", .complexity = "O(1)", .deprecated_since = "6.2.0", .replaced_by = "`LMOVE` with the `RIGHT` and `LEFT` arguments", .doc_flags = DOC_DEPRECATED, .args = d_rpoplpush_args, .nargs = 2, .key_specs = d_rpoplpush_keys, .nkey_specs = 2},
    {.name = "rpush", .summary = "Append one or multiple elements to a list", .since = "1.0.0", .group = "list", .complexity = "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.", .history = d_rpush_history, .nhistory = 1, .args = d_rpush_args, .nargs = 2, .key_specs = d_rpush_keys, .nkey_specs = 1},
    {.name = "rpushx", .summary = "Append an element to a list, only if the list exists", .since = "2.2.0", .group = "list", .complexity = "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.", .history = d_rpushx_history, .nhistory = 1, .args = d_rpushx_args, .nargs = 2, .key_specs = d_rpushx_keys, .nkey_specs = 1},
    {.name = "sadd", .summary = "Add one or more members to a set", .since = "1.0.0", .group = "set", .complexity = "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.", .history = d_sadd_history, .nhistory = 1, .args = d_sadd_args, .nargs = 2, .key_specs = d_sadd_keys, .nkey_specs = 1},
    {.name = "save", .summary = "Synchronously save the dataset to disk", .since = "1.0.0", .group = "server", .complexity = "O(N) where N is the total number of keys in all databases"},
    {.name = "scan", .summary = "Incrementally iterate the keys space", .since = "2.8.0", .group = "generic", .complexity = "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.", .history = d_scan_history, .nhistory = 1, .args = d_scan_args, .nargs = 4, .tips = d_scan_tips, .ntips = 2},
    {.name = "scard", .summary = "Get the number of members in a set", .since = "1.0.0", .group = "set", .complexity = "O(1)", .args = d_scard_args, .nargs = 1, .key_specs = d_scard_keys, .nkey_specs = 1},
    {.name = "script", .summary = "A container for Lua scripts management commands", .since = "2.6.0", .group = "scripting", .complexity = "Depends on subcommand."},
    {.name = "script|debug", .summary = "Set the debug mode for executed scripts.", .since = "3.2.0", .group = "scripting", .complexity = "O(1)", .args = d_script_debug_args, .nargs = 1},
    {.name = "script|exists", .summary = "Check existence of scripts in the script cache.", .since = "2.6.0", .group = "scripting", .complexity = "O(N) with N being the number of scripts to check (so checking a single script is an O(1) operation).", .args = d_script_exists_args, .nargs = 1, .tips = d_script_exists_tips, .ntips = 2},
    {.name = "script|flush", .summary = "Remove all the scripts from the script cache.", .since = "2.6.0", .group = "scripting", .complexity = "O(N) with N being the number of scripts in cache", .history = d_script_flush_history, .nhistory = 1, .args = d_script_flush_args, .nargs = 1, .tips = d_script_flush_tips, .ntips = 2},
    {.name = "script|help", .summary = "Show helpful text about the different subcommands", .since = "5.0.0", .group = "scripting", .complexity = "O(1)"},
    {.name = "script|kill", .summary = "Kill the script currently in execution.", .since = "2.6.0", .group = "scripting", .complexity = "O(1)", .tips = d_script_kill_tips, .ntips = 2},
    {.name = "script|load", .summary = "Load the specified Lua script into the script cache.", .since = "2.6.0", .group = "scripting", .complexity = "O(N) with N being the length in bytes of the script body.", .args = d_script_load_args, .nargs = 1, .tips = d_script_load_tips, .ntips = 2},
    {.name = "sdiff", .summary = "Subtract multiple sets", .since = "1.0.0", .group = "set", .complexity = "O(N) where N is the total number of elements in all given sets.", .args = d_sdiff_args, .nargs = 1, .tips = d_sdiff_tips, .ntips = 1, .key_specs = d_sdiff_keys, .nkey_specs = 1},
    {.name = "sdiffstore", .summary = "Subtract multiple sets and store the resulting set in a key", .since = "1.0.0", .group = "set", .complexity = "O(N) where N is the total number of elements in all given sets.", .args = d_sdiffstore_args, .nargs = 2, .key_specs = d_sdiffstore_keys, .nkey_specs = 2},
    {.name = "select", .summary = "Change the selected database for the current connection", .since = "1.0.0", .group = "connection", .complexity = "O(1)", .args = d_select_args, .nargs = 1},
    {.name = "set", .summary = "Set the string value of a key", .since = "1.0.0", .group = "string", .complexity = "O(1)", .history = d_set_history, .nhistory = 4, .args = d_set_args, .nargs = 5, .key_specs = d_set_keys, .nkey_specs = 1},
    {.name = "setbit", .summary = "Sets or clears the bit at offset in the string value stored at key", .since = "2.2.0", .group = "bitmap", .complexity = "O(1)", .args = d_setbit_args, .nargs = 3, .key_specs = d_setbit_keys, .nkey_specs = 1},
    {.name = "setex", .summary = "Set the value and expiration of a key", .since = "2.0.0", .group = "string", .complexity = "O(1)", .args = d_setex_args, .nargs = 3, .key_specs = d_setex_keys, .nkey_specs = 1},
    {.name = "setnx", .summary = "Set the value of a key, only if the key does not exist", .since = "1.0.0", .group = "string", .complexity = "O(1)", .args = d_setnx_args, .nargs = 2, .key_specs = d_setnx_keys, .nkey_specs = 1},
    {.name = "setrange", .summary = "Overwrite part of a string at key starting at the specified offset", .since = "2.2.0", .group = "string", .complexity = "O(1), not counting the time taken to copy the new string in place. Usually, this string is very small so the amortized complexity is O(1). Otherwise, complexity is O(M) with M being the length of the value argument.", .args = d_setrange_args, .nargs = 3, .key_specs = d_setrange_keys, .nkey_specs = 1},
    {.name = "shutdown", .summary = "Synchronously save the dataset to disk and then shut down the server", .since = "1.0.0", .group = "server", .complexity = "O(N) when saving, where N is the total number of keys in all databases when saving data, otherwise O(1)", .history = d_shutdown_history, .nhistory = 1, .args = d_shutdown_args, .nargs = 4},
    {.name = "sinter", .summary = "Intersect multiple sets", .since = "1.0.0", .group = "set", .complexity = "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.", .args = d_sinter_args, .nargs = 1, .tips = d_sinter_tips, .ntips = 1, .key_specs = d_sinter_keys, .nkey_specs = 1},
    {.name = "sintercard", .summary = "Intersect multiple sets and return the cardinality of the result", .since = "7.0.0", .group = "set", .complexity = "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.", .args = d_sintercard_args, .nargs = 3, .key_specs = d_sintercard_keys, .nkey_specs = 1},
    {.name = "sinterstore", .summary = "Intersect multiple sets and store the resulting set in a key", .since = "1.0.0", .group = "set", .complexity = "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.", .args = d_sinterstore_args, .nargs = 2, .key_specs = d_sinterstore_keys, .nkey_specs = 2},
    {.name = "sismember", .summary = "Determine if a given value is a member of a set", .since = "1.0.0", .group = "set", .complexity = "O(1)", .args = d_sismember_args, .nargs = 2, .key_specs = d_sismember_keys, .nkey_specs = 1},
    {.name = "slowlog", .summary = "A container for slow log commands", .since = "2.2.12", .group = "server", .complexity = "Depends on subcommand."},
    {.name = "slowlog|get", .summary = "Get the slow log's entries", .since = "2.2.12", .group = "server", .complexity = "O(N) where N is the number of entries returned", .history = d_slowlog_get_history, .nhistory = 1, .args = d_slowlog_get_args, .nargs = 1, .tips = d_slowlog_get_tips, .ntips = 2},
    {.name = "slowlog|help", .summary = "Show helpful text about the different subcommands", .since = "6.2.0", .group = "server", .complexity = "O(1)"},
    {.name = "slowlog|len", .summary = "Get the slow log's length", .since = "2.2.12", .group = "server", .complexity = "O(1)", .tips = d_slowlog_len_tips, .ntips = 3},
    {.name = "slowlog|reset", .summary = "Clear all entries from the slow log", .since = "2.2.12", .group = "server", .complexity = "O(N) where N is the number of entries in the slowlog", .tips = d_slowlog_reset_tips, .ntips = 2},
    {.name = "smembers", .summary = "Get all the members in a set", .since = "1.0.0", .group = "set", .complexity = "O(N) where N is the set cardinality.", .args = d_smembers_args, .nargs = 1, .tips = d_smembers_tips, .ntips = 1, .key_specs = d_smembers_keys, .nkey_specs = 1},
    {.name = "smismember", .summary = "Returns the membership associated with the given elements for a set", .since = "6.2.0", .group = "set", .complexity = "O(N) where N is the number of elements being checked for membership", .args = d_smismember_args, .nargs = 2, .key_specs = d_smismember_keys, .nkey_specs = 1},
    {.name = "smove", .summary = "Move a member from one set to another", .since = "1.0.0", .group = "set", .complexity = "O(1)", .args = d_smove_args, .nargs = 3, .key_specs = d_smove_keys, .nkey_specs = 2},
    {.name = "sort", .summary = "Sort the elements in a list, set or sorted set", .since = "1.0.0", .group = "generic", .complexity = "O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N).", .args = d_sort_args, .nargs = 7, .key_specs = d_sort_keys, .nkey_specs = 3},
    {.name = "sort_ro", .summary = "Sort the elements in a list, set or sorted set. Read-only variant of SORT.", .since = "7.0.0", .group = "generic", .complexity = "O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N).", .args = d_sort_ro_args, .nargs = 6, .key_specs = d_sort_ro_keys, .nkey_specs = 2},
    {.name = "spop", .summary = "Remove and return one or multiple random members from a set", .since = "1.0.0", .group = "set", .complexity = "Without the count argument O(1), otherwise O(N) where N is the value of the passed count.", .history = d_spop_history, .nhistory = 1, .args = d_spop_args, .nargs = 2, .tips = d_spop_tips, .ntips = 1, .key_specs = d_spop_keys, .nkey_specs = 1},
    {.name = "spublish", .summary = "Post a message to a shard channel", .since = "7.0.0", .group = "pubsub", .complexity = "O(N) where N is the number of clients subscribed to the receiving shard channel.", .args = d_spublish_args, .nargs = 2, .key_specs = d_spublish_keys, .nkey_specs = 1},
    {.name = "srandmember", .summary = "Get one or multiple random members from a set", .since = "1.0.0", .group = "set", .complexity = "Without the count argument O(1), otherwise O(N) where N is the absolute value of the passed count.", .history = d_srandmember_history, .nhistory = 1, .args = d_srandmember_args, .nargs = 2, .tips = d_srandmember_tips, .ntips = 1, .key_specs = d_srandmember_keys, .nkey_specs = 1},
    {.name = "srem", .summary = "Remove one or more members from a set", .since = "1.0.0", .group = "set", .complexity = "O(N) where N is the number of members to be removed.", .history = d_srem_history, .nhistory = 1, .args = d_srem_args, .nargs = 2, .key_specs = d_srem_keys, .nkey_specs = 1},
    {.name = "sscan", .summary = "Incrementally iterate Set elements", .since = "2.8.0", .group = "set", .complexity = "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..", .args = d_sscan_args, .nargs = 4, .tips = d_sscan_tips, .ntips = 1, .key_specs = d_sscan_keys, .nkey_specs = 1},
    {.name = "ssubscribe", .summary = "Listen for messages published to the given shard channels", .since = "7.0.0", .group = "pubsub", .complexity = "O(N) where N is the number of shard channels to subscribe to.", .args = d_ssubscribe_args, .nargs = 1, .key_specs = d_ssubscribe_keys, .nkey_specs = 1},
    {.name = "strlen", .summary = "Get the length of the value stored in a key", .since = "2.2.0", .group = "string", .complexity = "O(1)", .args = d_strlen_args, .nargs = 1, .key_specs = d_strlen_keys, .nkey_specs = 1},
    {.name = "subscribe", .summary = "Listen for messages published to the given channels", .since = "2.0.0", .group = "pubsub", .complexity = "O(N) where N is the number of channels to subscribe to.", .args = d_subscribe_args, .nargs = 1},
    {.name = "substr", .summary = "Get a substring of the string stored at a key", .since = "1.0.0", .group = "string", .complexity = "O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.", .deprecated_since = "2.0.0", .replaced_by = "`GETRANGE`", .doc_flags = DOC_DEPRECATED, .args = d_substr_args, .nargs = 3, .key_specs = d_substr_keys, .nkey_specs = 1},
    {.name = "sunion", .summary = "Add multiple sets", .since = "1.0.0", .group = "set", .complexity = "O(N) where N is the total number of elements in all given sets.", .args = d_sunion_args, .nargs = 1, .tips = d_sunion_tips, .ntips = 1, .key_specs = d_sunion_keys, .nkey_specs = 1},
    {.name = "sunionstore", .summary = "Add multiple sets and store the resulting set in a key", .since = "1.0.0", .group = "set", .complexity = "O(N) where N is the total number of elements in all given sets.", .args = d_sunionstore_args, .nargs = 2, .key_specs = d_sunionstore_keys, .nkey_specs = 2},
    {.name = "sunsubscribe", .summary = "Stop listening for messages posted to the given shard channels", .since = "7.0.0", .group = "pubsub", .complexity = "O(N) where N is the number of clients already subscribed to a shard channel.", .args = d_sunsubscribe_args, .nargs = 1, .key_specs = d_sunsubscribe_keys, .nkey_specs = 1},
    {.name = "swapdb", .summary = "Swaps two Redis databases", .since = "4.0.0", .group = "server", .complexity = "O(N) where N is the count of clients watching or blocking on keys from both databases.", .args = d_swapdb_args, .nargs = 2},
    {.name = "time", .summary = "Return the current server time", .since = "2.6.0", .group = "server", .complexity = "O(1)", .tips = d_time_tips, .ntips = 1},
    {.name = "touch", .summary = "Alters the last access time of a key(s). Returns the number of existing keys specified.", .since = "3.2.1", .group = "generic", .complexity = "O(N) where N is the number of keys that will be touched.", .args = d_touch_args, .nargs = 1, .tips = d_touch_tips, .ntips = 2, .key_specs = d_touch_keys, .nkey_specs = 1},
    {.name = "ttl", .summary = "Get the time to live for a key in seconds", .since = "1.0.0", .group = "generic", .complexity = "O(1)", .history = d_ttl_history, .nhistory = 1, .args = d_ttl_args, .nargs = 1, .tips = d_ttl_tips, .ntips = 1, .key_specs = d_ttl_keys, .nkey_specs = 1},
    {.name = "type", .summary = "Determine the type stored at key", .since = "1.0.0", .group = "generic", .complexity = "O(1)", .args = d_type_args, .nargs = 1, .key_specs = d_type_keys, .nkey_specs = 1},
    {.name = "unlink", .summary = "Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non blocking.", .since = "4.0.0", .group = "generic", .complexity = "O(1) for each key removed regardless of its size. Then the command does O(N) work in a different thread in order to reclaim memory, where N is the number of allocations the deleted objects where composed of.", .args = d_unlink_args, .nargs = 1, .tips = d_unlink_tips, .ntips = 2, .key_specs = d_unlink_keys, .nkey_specs = 1},
    {.name = "unsubscribe", .summary = "Stop listening for messages posted to the given channels", .since = "2.0.0", .group = "pubsub", .complexity = "O(N) where N is the number of clients already subscribed to a channel.", .args = d_unsubscribe_args, .nargs = 1},
    {.name = "unwatch", .summary = "Forget about all watched keys", .since = "2.2.0", .group = "transactions", .complexity = "O(1)"},
    {.name = "wait", .summary = "Wait for the synchronous replication of all the write commands sent in the context of the current connection", .since = "3.0.0", .group = "generic", .complexity = "O(1)", .args = d_wait_args, .nargs = 2, .tips = d_wait_tips, .ntips = 2},
    {.name = "watch", .summary = "Watch the given keys to determine execution of the MULTI/EXEC block", .since = "2.2.0", .group = "transactions", .complexity = "O(1) for every key.", .args = d_watch_args, .nargs = 1, .key_specs = d_watch_keys, .nkey_specs = 1},
    {.name = "xadd", .summary = "Appends a new entry to a stream", .since = "5.0.0", .group = "stream", .complexity = "O(1) when adding a new entry, O(N) when trimming where N being the number of entries evicted.", .history = d_xadd_history, .nhistory = 2, .args = d_xadd_args, .nargs = 5, .tips = d_xadd_tips, .ntips = 1, .key_specs = d_xadd_keys, .nkey_specs = 1},
    {.name = "xdel", .summary = "Removes the specified entries from the stream. Returns the number of items actually deleted, that may be different from the number of IDs passed in case certain IDs do not exist.", .since = "5.0.0", .group = "stream", .complexity = "O(1) for each single item to delete in the stream, regardless of the stream size.", .args = d_xdel_args, .nargs = 2, .key_specs = d_xdel_keys, .nkey_specs = 1},
    {.name = "xinfo", .summary = "A container for stream introspection commands", .since = "5.0.0", .group = "stream", .complexity = "Depends on subcommand."},
    {.name = "xinfo|help", .summary = "Show helpful text about the different subcommands", .since = "5.0.0", .group = "stream", .complexity = "O(1)"},
    {.name = "xinfo|stream", .summary = "Get information about a stream", .since = "5.0.0", .group = "stream", .complexity = "O(1)", .history = d_xinfo_stream_history, .nhistory = 2, .args = d_xinfo_stream_args, .nargs = 2, .key_specs = d_xinfo_stream_keys, .nkey_specs = 1},
    {.name = "xlen", .summary = "Return the number of entries in a stream", .since = "5.0.0", .group = "stream", .complexity = "O(1)", .args = d_xlen_args, .nargs = 1, .key_specs = d_xlen_keys, .nkey_specs = 1},
    {.name = "xrange", .summary = "Return a range of elements in a stream, with IDs matching the specified IDs interval", .since = "5.0.0", .group = "stream", .complexity = "O(N) with N being the number of elements being returned. If N is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1).", .history = d_xrange_history, .nhistory = 1, .args = d_xrange_args, .nargs = 4, .key_specs = d_xrange_keys, .nkey_specs = 1},
    {.name = "xread", .summary = "Return never seen elements in multiple streams, with IDs greater than the ones reported by the caller for each stream. Can block.", .since = "5.0.0", .group = "stream", .complexity = "For each stream mentioned: O(N) with N being the number of elements being returned, it means that XREAD-ing with a fixed COUNT is O(1). Note that when the BLOCK option is used, XADD will pay O(M) time in order to serve the M clients blocked on the stream getting new data.", .args = d_xread_args, .nargs = 3, .key_specs = d_xread_keys, .nkey_specs = 1},
    {.name = "xrevrange", .summary = "Return a range of elements in a stream, with IDs matching the specified IDs interval, in reverse order (from greater to smaller IDs) compared to XRANGE", .since = "5.0.0", .group = "stream", .complexity = "O(N) with N being the number of elements returned. If N is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1).", .history = d_xrevrange_history, .nhistory = 1, .args = d_xrevrange_args, .nargs = 4, .key_specs = d_xrevrange_keys, .nkey_specs = 1},
    {.name = "xsetid", .summary = "An internal command for replicating stream values", .since = "5.0.0", .group = "stream", .complexity = "O(1)", .history = d_xsetid_history, .nhistory = 1, .args = d_xsetid_args, .nargs = 4, .key_specs = d_xsetid_keys, .nkey_specs = 1},
    {.name = "xtrim", .summary = "Trims the stream to (approximately if '~' is passed) a certain size", .since = "5.0.0", .group = "stream", .complexity = "O(N), with N being the number of evicted entries. Constant times are very small however, since entries are organized in macro nodes containing multiple entries that can be released with a single deallocation.", .history = d_xtrim_history, .nhistory = 1, .args = d_xtrim_args, .nargs = 2, .tips = d_xtrim_tips, .ntips = 1, .key_specs = d_xtrim_keys, .nkey_specs = 1},
    {.name = "zadd", .summary = "Add one or more members to a sorted set, or update its score if it already exists", .since = "1.2.0", .group = "sorted-set", .complexity = "O(log(N)) for each item added, where N is the number of elements in the sorted set.", .history = d_zadd_history, .nhistory = 3, .args = d_zadd_args, .nargs = 6, .key_specs = d_zadd_keys, .nkey_specs = 1},
    {.name = "zcard", .summary = "Get the number of members in a sorted set", .since = "1.2.0", .group = "sorted-set", .complexity = "O(1)", .args = d_zcard_args, .nargs = 1, .key_specs = d_zcard_keys, .nkey_specs = 1},
    {.name = "zcount", .summary = "Count the members in a sorted set with scores within the given values", .since = "2.0.0", .group = "sorted-set", .complexity = "O(log(N)) with N being the number of elements in the sorted set.", .args = d_zcount_args, .nargs = 3, .key_specs = d_zcount_keys, .nkey_specs = 1},
    {.name = "zdiff", .summary = "Subtract multiple sorted sets", .since = "6.2.0", .group = "sorted-set", .complexity = "O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.", .args = d_zdiff_args, .nargs = 3, .key_specs = d_zdiff_keys, .nkey_specs = 1},
    {.name = "zdiffstore", .summary = "Subtract multiple sorted sets and store the resulting sorted set in a new key", .since = "6.2.0", .group = "sorted-set", .complexity = "O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.", .args = d_zdiffstore_args, .nargs = 3, .key_specs = d_zdiffstore_keys, .nkey_specs = 2},
    {.name = "zincrby", .summary = "Increment the score of a member in a sorted set", .since = "1.2.0", .group = "sorted-set", .complexity = "O(log(N)) where N is the number of elements in the sorted set.", .args = d_zincrby_args, .nargs = 3, .key_specs = d_zincrby_keys, .nkey_specs = 1},
    {.name = "zinter", .summary = "Intersect multiple sorted sets", .since = "6.2.0", .group = "sorted-set", .complexity = "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.", .args = d_zinter_args, .nargs = 5, .key_specs = d_zinter_keys, .nkey_specs = 1},
    {.name = "zintercard", .summary = "Intersect multiple sorted sets and return the cardinality of the result", .since = "7.0.0", .group = "sorted-set", .complexity = "O(N*K) worst case with N being the smallest input sorted set, K being the number of input sorted sets.", .args = d_zintercard_args, .nargs = 3, .key_specs = d_zintercard_keys, .nkey_specs = 1},
    {.name = "zinterstore", .summary = "Intersect multiple sorted sets and store the resulting sorted set in a new key", .since = "2.0.0", .group = "sorted-set", .complexity = "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.", .args = d_zinterstore_args, .nargs = 5, .key_specs = d_zinterstore_keys, .nkey_specs = 2},
    {.name = "zlexcount", .summary = "Count the number of members in a sorted set between a given lexicographical range", .since = "2.8.9", .group = "sorted-set", .complexity = "O(log(N)) with N being the number of elements in the sorted set.", .args = d_zlexcount_args, .nargs = 3, .key_specs = d_zlexcount_keys, .nkey_specs = 1},
    {.name = "zmpop", .summary = "Remove and return members with scores in a sorted set", .since = "7.0.0", .group = "sorted-set", .complexity = "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.", .args = d_zmpop_args, .nargs = 4, .key_specs = d_zmpop_keys, .nkey_specs = 1},
    {.name = "zmscore", .summary = "Get the score associated with the given members in a sorted set", .since = "6.2.0", .group = "sorted-set", .complexity = "O(N) where N is the number of members being requested.", .args = d_zmscore_args, .nargs = 2, .key_specs = d_zmscore_keys, .nkey_specs = 1},
    {.name = "zpopmax", .summary = "Remove and return members with the highest scores in a sorted set", .since = "5.0.0", .group = "sorted-set", .complexity = "O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.", .args = d_zpopmax_args, .nargs = 2, .key_specs = d_zpopmax_keys, .nkey_specs = 1},
    {.name = "zpopmin", .summary = "Remove and return members with the lowest scores in a sorted set", .since = "5.0.0", .group = "sorted-set", .complexity = "O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.", .args = d_zpopmin_args, .nargs = 2, .key_specs = d_zpopmin_keys, .nkey_specs = 1},
    {.name = "zrandmember", .summary = "Get one or multiple random elements from a sorted set", .since = "6.2.0", .group = "sorted-set", .complexity = "O(N) where N is the number of elements returned", .args = d_zrandmember_args, .nargs = 2, .tips = d_zrandmember_tips, .ntips = 1, .key_specs = d_zrandmember_keys, .nkey_specs = 1},
    {.name = "zrange", .summary = "Return a range of members in a sorted set", .since = "1.2.0", .group = "sorted-set", .complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.", .history = d_zrange_history, .nhistory = 1, .args = d_zrange_args, .nargs = 7, .key_specs = d_zrange_keys, .nkey_specs = 1},
    {.name = "zrangebylex", .summary = "Return a range of members in a sorted set, by lexicographical range", .since = "2.8.9", .group = "sorted-set", .complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).", .deprecated_since = "6.2.0", .replaced_by = "`ZRANGE` with the `BYLEX` argument", .doc_flags = DOC_DEPRECATED, .args = d_zrangebylex_args, .nargs = 4, .key_specs = d_zrangebylex_keys, .nkey_specs = 1},
    {.name = "zrangebyscore", .summary = "Return a range of members in a sorted set, by score", .since = "1.0.5", .group = "sorted-set", .complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).", .deprecated_since = "6.2.0", .replaced_by = "`ZRANGE` with the `BYSCORE` argument", .doc_flags = DOC_DEPRECATED, .history = d_zrangebyscore_history, .nhistory = 1, .args = d_zrangebyscore_args, .nargs = 5, .key_specs = d_zrangebyscore_keys, .nkey_specs = 1},
    {.name = "zrangestore", .summary = "Store a range of members from sorted set into another key", .since = "6.2.0", .group = "sorted-set", .complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements stored into the destination key.", .args = d_zrangestore_args, .nargs = 7, .key_specs = d_zrangestore_keys, .nkey_specs = 2},
    {.name = "zrank", .summary = "Determine the index of a member in a sorted set", .since = "2.0.0", .group = "sorted-set", .complexity = "O(log(N))", .args = d_zrank_args, .nargs = 2, .key_specs = d_zrank_keys, .nkey_specs = 1},
    {.name = "zrem", .summary = "Remove one or more members from a sorted set", .since = "1.2.0", .group = "sorted-set", .complexity = "O(M*log(N)) with N being the number of elements in the sorted set and M the number of elements to be removed.", .history = d_zrem_history, .nhistory = 1, .args = d_zrem_args, .nargs = 2, .key_specs = d_zrem_keys, .nkey_specs = 1},
    {.name = "zremrangebylex", .summary = "Remove all members in a sorted set between the given lexicographical range", .since = "2.8.9", .group = "sorted-set", .complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.", .args = d_zremrangebylex_args, .nargs = 3, .key_specs = d_zremrangebylex_keys, .nkey_specs = 1},
    {.name = "zremrangebyrank", .summary = "Remove all members in a sorted set within the given indexes", .since = "2.0.0", .group = "sorted-set", .complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.", .args = d_zremrangebyrank_args, .nargs = 3, .key_specs = d_zremrangebyrank_keys, .nkey_specs = 1},
    {.name = "zremrangebyscore", .summary = "Remove all members in a sorted set within the given scores", .since = "1.2.0", .group = "sorted-set", .complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.", .args = d_zremrangebyscore_args, .nargs = 3, .key_specs = d_zremrangebyscore_keys, .nkey_specs = 1},
    {.name = "zrevrange", .summary = "Return a range of members in a sorted set, by index, with scores ordered from high to low", .since = "1.2.0", .group = "sorted-set", .complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.", .deprecated_since = "6.2.0", .replaced_by = "`ZRANGE` with the `REV` argument", .doc_flags = DOC_DEPRECATED, .args = d_zrevrange_args, .nargs = 4, .key_specs = d_zrevrange_keys, .nkey_specs = 1},
    {.name = "zrevrangebylex", .summary = "Return a range of members in a sorted set, by lexicographical range, ordered from higher to lower strings.", .since = "2.8.9", .group = "sorted-set", .complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).", .deprecated_since = "6.2.0", .replaced_by = "`ZRANGE` with the `REV` and `BYLEX` arguments", .doc_flags = DOC_DEPRECATED, .args = d_zrevrangebylex_args, .nargs = 4, .key_specs = d_zrevrangebylex_keys, .nkey_specs = 1},
    {.name = "zrevrangebyscore", .summary = "Return a range of members in a sorted set, by score, with scores ordered from high to low", .since = "2.2.0", .group = "sorted-set", .complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).", .deprecated_since = "6.2.0", .replaced_by = "`ZRANGE` with the `REV` and `BYSCORE` arguments", .doc_flags = DOC_DEPRECATED, .history = d_zrevrangebyscore_history, .nhistory = 1, .args = d_zrevrangebyscore_args, .nargs = 5, .key_specs = d_zrevrangebyscore_keys, .nkey_specs = 1},
    {.name = "zrevrank", .summary = "Determine the index of a member in a sorted set, with scores ordered from high to low", .since = "2.0.0", .group = "sorted-set", .complexity = "O(log(N))", .args = d_zrevrank_args, .nargs = 2, .key_specs = d_zrevrank_keys, .nkey_specs = 1},
    {.name = "zscan", .summary = "Incrementally iterate sorted sets elements and associated scores", .since = "2.8.0", .group = "sorted-set", .complexity = "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..", .args = d_zscan_args, .nargs = 4, .tips = d_zscan_tips, .ntips = 1, .key_specs = d_zscan_keys, .nkey_specs = 1},
    {.name = "zscore", .summary = "Get the score associated with the given member in a sorted set", .since = "1.2.0", .group = "sorted-set", .complexity = "O(1)", .args = d_zscore_args, .nargs = 2, .key_specs = d_zscore_keys, .nkey_specs = 1},
    {.name = "zunion", .summary = "Add multiple sorted sets", .since = "6.2.0", .group = "sorted-set", .complexity = "O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.", .args = d_zunion_args, .nargs = 5, .key_specs = d_zunion_keys, .nkey_specs = 1},
    {.name = "zunionstore", .summary = "Add multiple sorted sets and store the resulting sorted set in a new key", .since = "2.0.0", .group = "sorted-set", .complexity = "O(N)+O(M log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.", .args = d_zunionstore_args, .nargs = 5, .key_specs = d_zunionstore_keys, .nkey_specs = 2},
};

const size_t cmd_docs_count = sizeof(cmd_docs) / sizeof(cmd_docs[0]);
/* clang-format on */
