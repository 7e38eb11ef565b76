/* Redis 7.0's documentation of every command as data: arguments, history and doc flags (COMMAND
 * DOCS), key specifications and tips (COMMAND INFO), generated into command_docs_data.c by
 * tools/gen_command_docs.py; the look-up by full name, the replies built from it, and the key
 * search by key specs (COMMAND GETKEYS[ANDFLAGS]). Read-only data: any thread may read it. */
#ifndef TESSERA_COMMAND_DOCS_H
#define TESSERA_COMMAND_DOCS_H

#include <stddef.h>
#include <stdint.h>

#include "tessera/resp_parser.h"

struct reply;

/* An argument's flags, in the order Redis prints them. */
#define DOC_ARG_OPTIONAL       (1u << 0)
#define DOC_ARG_MULTIPLE       (1u << 1)
#define DOC_ARG_MULTIPLE_TOKEN (1u << 2)

/* A command's doc flags. */
#define DOC_DEPRECATED (1u << 0)
#define DOC_SYSCMD     (1u << 1)

/* A key spec's flags, in the order Redis prints them. */
#define KS_RO             (1u << 0)
#define KS_RW             (1u << 1)
#define KS_OW             (1u << 2)
#define KS_RM             (1u << 3)
#define KS_ACCESS         (1u << 4)
#define KS_UPDATE         (1u << 5)
#define KS_INSERT         (1u << 6)
#define KS_DELETE         (1u << 7)
#define KS_NOT_KEY        (1u << 8)
#define KS_INCOMPLETE     (1u << 9)
#define KS_VARIABLE_FLAGS (1u << 10)

enum { KS_BS_UNKNOWN, KS_BS_INDEX, KS_BS_KEYWORD };
enum { KS_FK_UNKNOWN, KS_FK_RANGE, KS_FK_KEYNUM };

struct doc_arg {
    const char *name;
    const char *type;   /* "key", "string", "oneof", "block", "pure-token"... */
    int key_spec_index; /* -1: none */
    const char *token, *summary, *since, *deprecated_since;
    unsigned flags;             /* DOC_ARG_* */
    const struct doc_arg *args; /* the alternatives of a oneof, the parts of a block */
    int nargs;
};

struct doc_history {
    const char *since, *changes;
};

struct doc_key_spec {
    const char *notes;
    unsigned flags; /* KS_* but the search types */
    int bs_type;
    int bs_index;           /* index: the position; keyword: startfrom */
    const char *bs_keyword; /* keyword only */
    int fk_type;
    int fk[3]; /* range: lastkey, keystep, limit; keynum: keynumidx, firstkey, keystep */
};

struct cmd_doc {
    const char *name; /* full name, lower case: "get", "config|get" */
    const char *summary, *since, *group, *complexity, *deprecated_since, *replaced_by;
    unsigned doc_flags; /* DOC_* */
    const struct doc_history *history;
    int nhistory;
    const struct doc_arg *args;
    int nargs;
    const char *const *tips;
    int ntips;
    const struct doc_key_spec *key_specs;
    int nkey_specs;
};

/* The generated data, sorted by name. */
extern const struct cmd_doc cmd_docs[];
extern const size_t cmd_docs_count;

/* A command's documentation by full name ("config|get"), NULL when Redis has none. */
const struct cmd_doc *cmd_doc_find(const char *name);

/* COMMAND DOCS's fields of a command (its subcommands aside): the map's entries, without the
 * map's header, and their number. */
size_t cmd_doc_field_count(const struct cmd_doc *d);
void cmd_doc_reply_fields(struct reply *r, const struct cmd_doc *d);
/* COMMAND INFO's tips and key specs. */
void cmd_doc_reply_tips(struct reply *r, const struct cmd_doc *d);
void cmd_doc_reply_key_specs(struct reply *r, const struct cmd_doc *d);
/* A key spec flag set as Redis prints it (a set of simple strings). */
void cmd_doc_reply_key_flags(struct reply *r, unsigned flags);

/* A key the key specs found: its argument index and its spec's flags. */
struct doc_key {
    int pos;
    unsigned flags;
};

/* Redis's getKeysUsingKeySpecs: the keys of argv[0..argc) (argv[0] the command name) by the key
 * specs, at most max of them; -1 when a spec does not fit the arguments. Specs of channels
 * (not_key) are skipped. */
int cmd_doc_keys(const struct cmd_doc *d, int argc, const struct resp_arg *argv,
                 struct doc_key *keys, int max);
/* The flags of all specs ORed (inverted first when invert). */
unsigned cmd_doc_all_key_flags(const struct cmd_doc *d, int invert);

#endif
