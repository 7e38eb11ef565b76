/* The generated documentation of the commands (command_docs_data.c) as replies: COMMAND DOCS's
 * fields, COMMAND INFO's tips and key specs, in Redis 7.0's shapes for RESP2 and RESP3, and
 * the search for keys by key specs (Redis's getKeysUsingKeySpecs). Read-only: runs on any
 * worker. */
#include <stdlib.h>
#include <string.h>

#include "cmd/command_docs.h"
#include "tessera/reply.h"
#include "tessera/util.h"

static int doc_cmp(const void *key, const void *elem)
{
    return strcmp(key, ((const struct cmd_doc *)elem)->name);
}

const struct cmd_doc *cmd_doc_find(const char *name)
{
    return bsearch(name, cmd_docs, cmd_docs_count, sizeof cmd_docs[0], doc_cmp);
}

static void reply_flag_set(struct reply *r, unsigned flags, const char *const *names, int n)
{
    reply_set(r, (size_t)__builtin_popcount(flags & ((1u << n) - 1)));
    for (int i = 0; i < n; i++)
        if (flags & (1u << i)) reply_simple(r, names[i]);
}

static void reply_field(struct reply *r, const char *name, const char *value)
{
    reply_bulk_cstr(r, name);
    reply_bulk_cstr(r, value);
}

/* Redis's addReplyCommandArgList. */
static void reply_args(struct reply *r, const struct doc_arg *args, int n)
{
    static const char *const flag_names[] = {"optional", "multiple", "multiple_token"};
    reply_array(r, (size_t)n);
    for (int i = 0; i < n; i++) {
        const struct doc_arg *a = &args[i];
        size_t len = 2 + (a->key_spec_index >= 0) + (a->token != NULL) + (a->summary != NULL) +
                     (a->since != NULL) + (a->deprecated_since != NULL) + (a->flags != 0) +
                     (a->args != NULL);
        reply_map(r, len);
        reply_field(r, "name", a->name);
        reply_field(r, "type", a->type);
        if (a->key_spec_index >= 0) {
            reply_bulk_cstr(r, "key_spec_index");
            reply_int(r, a->key_spec_index);
        }
        if (a->token) reply_field(r, "token", a->token);
        if (a->summary) reply_field(r, "summary", a->summary);
        if (a->since) reply_field(r, "since", a->since);
        if (a->deprecated_since) reply_field(r, "deprecated_since", a->deprecated_since);
        if (a->flags) {
            reply_bulk_cstr(r, "flags");
            reply_flag_set(r, a->flags, flag_names, 3);
        }
        if (a->args) {
            reply_bulk_cstr(r, "arguments");
            reply_args(r, a->args, a->nargs);
        }
    }
}

size_t cmd_doc_field_count(const struct cmd_doc *d)
{
    return 1 + (d->summary != NULL) + (d->since != NULL) + (d->complexity != NULL) +
           (d->doc_flags != 0) + (d->deprecated_since != NULL) + (d->replaced_by != NULL) +
           (d->history != NULL) + (d->args != NULL);
}

/* Redis's addReplyCommandDocs up to the subcommands. */
void cmd_doc_reply_fields(struct reply *r, const struct cmd_doc *d)
{
    static const char *const doc_flag_names[] = {"deprecated", "syscmd"};
    if (d->summary) reply_field(r, "summary", d->summary);
    if (d->since) reply_field(r, "since", d->since);
    reply_field(r, "group", d->group ? d->group : "");
    if (d->complexity) reply_field(r, "complexity", d->complexity);
    if (d->doc_flags) {
        reply_bulk_cstr(r, "doc_flags");
        reply_flag_set(r, d->doc_flags, doc_flag_names, 2);
    }
    if (d->deprecated_since) reply_field(r, "deprecated_since", d->deprecated_since);
    if (d->replaced_by) reply_field(r, "replaced_by", d->replaced_by);
    if (d->history) {
        reply_bulk_cstr(r, "history");
        reply_set(r, (size_t)d->nhistory);
        for (int i = 0; i < d->nhistory; i++) {
            reply_array(r, 2);
            reply_bulk_cstr(r, d->history[i].since);
            reply_bulk_cstr(r, d->history[i].changes);
        }
    }
    if (d->args) {
        reply_bulk_cstr(r, "arguments");
        reply_args(r, d->args, d->nargs);
    }
}

void cmd_doc_reply_tips(struct reply *r, const struct cmd_doc *d)
{
    reply_set(r, (size_t)d->ntips);
    for (int i = 0; i < d->ntips; i++)
        reply_bulk_cstr(r, d->tips[i]);
}

void cmd_doc_reply_key_flags(struct reply *r, unsigned flags)
{
    static const char *const names[] = {
        "RO",     "RW",     "OW",      "RM",         "access",        "update",
        "insert", "delete", "not_key", "incomplete", "variable_flags"};
    reply_flag_set(r, flags, names, 11);
}

/* {type, spec: {name: value...}} with n integer fields (names[i] = values[i]). */
static void reply_search(struct reply *r, const char *type, int n, const char *const *names,
                         const int *values)
{
    reply_map(r, 2);
    reply_field(r, "type", type);
    reply_bulk_cstr(r, "spec");
    reply_map(r, (size_t)n);
    for (int i = 0; i < n; i++) {
        reply_bulk_cstr(r, names[i]);
        reply_int(r, values[i]);
    }
}

/* Redis's addReplyCommandKeySpecs. */
void cmd_doc_reply_key_specs(struct reply *r, const struct cmd_doc *d)
{
    static const char *const range[] = {"lastkey", "keystep", "limit"};
    static const char *const keynum[] = {"keynumidx", "firstkey", "keystep"};
    static const char *const index[] = {"index"};
    reply_set(r, (size_t)d->nkey_specs);
    for (int i = 0; i < d->nkey_specs; i++) {
        const struct doc_key_spec *ks = &d->key_specs[i];
        reply_map(r, 3 + (ks->notes != NULL));
        if (ks->notes) reply_field(r, "notes", ks->notes);
        reply_bulk_cstr(r, "flags");
        cmd_doc_reply_key_flags(r, ks->flags);
        reply_bulk_cstr(r, "begin_search");
        if (ks->bs_type == KS_BS_INDEX) {
            reply_search(r, "index", 1, index, &ks->bs_index);
        } else if (ks->bs_type == KS_BS_KEYWORD) {
            reply_map(r, 2);
            reply_field(r, "type", "keyword");
            reply_bulk_cstr(r, "spec");
            reply_map(r, 2);
            reply_field(r, "keyword", ks->bs_keyword);
            reply_bulk_cstr(r, "startfrom");
            reply_int(r, ks->bs_index);
        } else {
            reply_search(r, "unknown", 0, NULL, NULL);
        }
        reply_bulk_cstr(r, "find_keys");
        if (ks->fk_type == KS_FK_RANGE)
            reply_search(r, "range", 3, range, ks->fk);
        else if (ks->fk_type == KS_FK_KEYNUM)
            reply_search(r, "keynum", 3, keynum, ks->fk);
        else
            reply_search(r, "unknown", 0, NULL, NULL);
    }
}

unsigned cmd_doc_all_key_flags(const struct cmd_doc *d, int invert)
{
    unsigned all = 0;
    for (int i = 0; i < d->nkey_specs; i++)
        all |= invert ? ~d->key_specs[i].flags : d->key_specs[i].flags;
    return all;
}

/* Where a spec's keys begin: 0 when its keyword is absent, -1 when the spec cannot say. */
static int spec_first(const struct doc_key_spec *ks, int argc, const struct resp_arg *argv)
{
    if (ks->bs_type == KS_BS_INDEX) return ks->bs_index;
    if (ks->bs_type != KS_BS_KEYWORD) return -1;
    int start = ks->bs_index > 0 ? ks->bs_index : argc + ks->bs_index;
    int end = ks->bs_index > 0 ? argc - 1 : 1;
    for (int i = start; i != end; i = start <= end ? i + 1 : i - 1) {
        if (i >= argc || i < 1) break;
        if (arg_is(argv[i].ptr, argv[i].len, ks->bs_keyword)) return i + 1;
    }
    return 0;
}

int cmd_doc_keys(const struct cmd_doc *d, int argc, const struct resp_arg *argv,
                 struct doc_key *keys, int max)
{
    int n = 0;
    for (int s = 0; s < d->nkey_specs; s++) {
        const struct doc_key_spec *ks = &d->key_specs[s];
        if (ks->flags & KS_NOT_KEY) continue;
        int first = spec_first(ks, argc, argv);
        if (first < 0) return -1;
        if (first == 0) continue; /* keyword not there */
        int last, step;
        if (ks->fk_type == KS_FK_RANGE) {
            step = ks->fk[1];
            if (ks->fk[0] >= 0)
                last = first + ks->fk[0];
            else if (!ks->fk[2])
                last = argc + ks->fk[0];
            else
                last = first + ((argc - first) / ks->fk[2] + ks->fk[0]);
        } else if (ks->fk_type == KS_FK_KEYNUM) {
            step = ks->fk[2];
            long long numkeys;
            int at = first + ks->fk[0];
            if (at >= argc) return -1;
            if (!str_to_ll(argv[at].ptr, argv[at].len, &numkeys) || numkeys < 0) return -1;
            first += ks->fk[1];
            last = first + (int)numkeys - 1;
        } else {
            return -1;
        }
        if (last >= argc || last < first || first >= argc) return -1;
        for (int i = first; i <= last && n<max; i += step> 0 ? step : 1)
            keys[n++] = (struct doc_key){.pos = i, .flags = ks->flags};
    }
    return n;
}
