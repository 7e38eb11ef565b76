/* Private to the ACL files (acl.c, acl_rules.c, acl_describe.c, acl_log.c, acl_file.c): the user
 * list, its lock and the helpers those files share. Nothing else includes it; the module's
 * interface is acl.h. Callers hold acl_lock where a declaration says so. */
#ifndef TESSERA_ACL_INTERNAL_H
#define TESSERA_ACL_INTERNAL_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "cmd/acl.h"

/* acl.c: the users. acl_lock guards the list and every change; sessions read a slot's current
 * version without it. */
extern pthread_mutex_t acl_lock;
extern struct acl_slot *acl_slots;   /* every live user, default first */
extern struct acl_slot *acl_default; /* never deleted */

const struct command *acl_orig_command(const char *name, size_t len);
int acl_nwords(void); /* uint64_t words in a selector's command bitmap */
void acl_sel_init(struct acl_selector *s);
void acl_sel_free(struct acl_selector *s);
void acl_pats_free(struct acl_pattern *p, int n);
struct acl_user *acl_user_new(const char *name, size_t nlen);
struct acl_user *acl_default_user_new(void);
void acl_user_free(struct acl_user *u);
/* acl_lock held for these four. */
void acl_publish(struct acl_slot *slot, struct acl_user *u);
struct acl_slot *acl_find_slot(const char *name, size_t nlen);
struct acl_slot *acl_add_slot(struct acl_user *u);
void acl_delete_slot(struct acl_slot *slot);
/* Brings the default user in line with requirepass; takes acl_lock when it must change it. */
void acl_sync_requirepass(void);

/* acl_rules.c: parsing the words of ACL SETUSER, the config file and the aclfile. */
enum rule_err {
    RE_OK = 0,
    RE_UNKNOWN,
    RE_SYNTAX,
    RE_KEYS_AFTER_ALL,
    RE_CHANS_AFTER_ALL,
    RE_NOPASS,
    RE_BADHASH,
    RE_FIRSTARG,
    RE_SELECTOR_FLAG,
};

enum rule_err acl_sel_rule(struct acl_selector *s, const char *op, size_t len);
/* Applies the rules to u; on an error writes Redis's message to err and returns -1. */
int acl_apply_rules(struct acl_user *u, int argc, const struct resp_arg *argv, char *err,
                    size_t errcap);
void acl_pass_add(struct acl_user *u, const unsigned char d[SHA256_LEN]);
int acl_bit_get(const uint64_t *b, int id);
int acl_cat_index(const char *name, size_t len); /* -1 when no category has that name */

/* acl_describe.c: a user as ACL LIST and the aclfile write it. */
struct acl_sbuf {
    char *p;
    size_t len, cap;
};

void acl_sb_add(struct acl_sbuf *b, const char *s, size_t n);
void acl_sb_cstr(struct acl_sbuf *b, const char *s);
char *acl_describe_user(const struct acl_user *u); /* mem_free it */

/* acl_file.c: "user <name> rules..." lines from the config file (from_file 0) or the aclfile. */
int acl_load_lines(const char *text, int from_file, char *err, size_t errcap);

#endif
