/* ACL users and the permission check (Redis 7.0's model): users with SHA-256 passwords, command
 * rules, key and channel patterns and selectors; the check the execution path runs before routing,
 * and the ACL LOG. A user is an immutable snapshot: ACL SETUSER builds a new version and publishes
 * it in the user's slot, which sessions read without locks (see docs/acl.md). Changes and
 * look-ups by name take a mutex (never on the request path). Any worker thread. */
#ifndef TESSERA_ACL_H
#define TESSERA_ACL_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "tessera/resp_parser.h"
#include "tessera/sha256.h"

struct command;
struct session;
struct reply;

/* User flags. ACL_ALLPERM: on, and the root selector allows every command, key and channel
 * (the one test the execution path makes for such a user). */
#define ACL_ON            (1u << 0)
#define ACL_NOPASS        (1u << 1)
#define ACL_ALLPERM       (1u << 2)
#define ACL_DELETED       (1u << 3)
#define ACL_SANITIZE      (1u << 4)
#define ACL_SKIP_SANITIZE (1u << 5)

/* Selector flags. */
#define ACL_SEL_ALLCMDS  (1u << 0) /* +@all: future commands too */
#define ACL_SEL_ALLKEYS  (1u << 1)
#define ACL_SEL_ALLCHANS (1u << 2)

#define ACL_KEY_R 1u
#define ACL_KEY_W 2u

struct acl_pattern {
    char *p;
    size_t len;
    unsigned rw; /* keys: ACL_KEY_R | ACL_KEY_W */
};

struct acl_selector {
    unsigned flags;
    uint64_t *cmds; /* a bit per command id (leaf commands and subcommands) */
    char *rules;    /* the command rules after +@all or -@all, as Redis 7.0 keeps them */
    int nkeys, nchans;
    struct acl_pattern *keys, *chans;
};

struct acl_user {
    char *name;
    unsigned flags;
    int npass;
    unsigned char (*pass)[SHA256_LEN];
    int nsel; /* sel[0] is the root selector */
    struct acl_selector *sel;
};

/* Where a user's current version lives; a session points at its user's slot for its life. */
struct acl_slot {
    _Atomic(struct acl_user *) cur;
    struct acl_slot *next;
};

static inline const struct acl_user *acl_user_of(const struct acl_slot *slot)
{
    return atomic_load_explicit(&slot->cur, memory_order_acquire);
}

/* Why a command was refused (Redis's order: the highest one among selectors is reported). */
enum acl_result {
    ACL_OK = 0,
    ACL_DENIED_CMD = 1,
    ACL_DENIED_KEY = 2,
    ACL_DENIED_AUTH = 3,
    ACL_DENIED_CHANNEL = 4
};

/* Start-up, before workers run: the default user (with requirepass), then the `user` directives
 * or the aclfile. 0, or -1 with a message in err. */
int acl_init(char *err, size_t errcap);
struct acl_slot *acl_default_slot(void);
/* Whether a new connection starts authenticated (the default user is on and nopass). */
int acl_default_nopass(void);

/* The slot of a user by name, or NULL. */
struct acl_slot *acl_find(const char *name, size_t nlen);
/* AUTH: the slot of the user when the password is right and the user is on, else NULL. */
struct acl_slot *acl_authenticate(const char *name, size_t nlen, const char *pass, size_t plen);

/* Whether any user lacks a permission or was deleted (else every session may run anything, and
 * the execution path skips the check: gates.h). */
int acl_restricted(void);

/* The permission check; *pos receives the argument index of the refused key or channel. */
enum acl_result acl_check(const struct acl_user *u, const struct command *cmd, int argc,
                          const struct resp_arg *argv, int *pos);
/* The execution path's slow branch for a user without every permission: closes the session of a
 * deleted user (returns 1, msg ""), or checks and logs a refusal (returns 1, msg the error), or
 * returns 0. */
int acl_refuse(struct session *s, const struct command *cmd, int argc, const struct resp_arg *argv,
               char *msg, size_t cap);

/* Whether the user may use a channel (pattern 0) or subscribe to a pattern (1). */
int acl_channel_allowed(const struct acl_user *u, const char *name, size_t len, int pattern);

/* EXEC: a queued command the user may no longer run (its ACL changed since it was queued):
 * 1 with Redis's error in msg, logged in the multi context; else 0. */
int acl_exec_refuse(struct session *s, const struct command *cmd, int argc,
                    const struct resp_arg *argv, char *msg, size_t cap);

/* ACL DRYRUN: 0 when the user may run the command line, else 1 after writing the reason as
 * a bulk string (Redis's texts); -1 for no such user. */
int acl_dryrun(const char *name, size_t nlen, struct reply *r, const struct command *cmd, int argc,
               const struct resp_arg *argv);

/* ACL SETUSER: applies the rules to the user (created when missing) all or nothing. 0, or -1
 * with Redis's error text in err. */
int acl_setuser(const char *name, size_t nlen, int argc, const struct resp_arg *argv, char *err,
                size_t errcap);
/* 1 deleted, 0 no such user. */
int acl_deluser(const char *name, size_t nlen);
/* The user's ACL LIST line (without "user "), in a string to mem_free; NULL when missing. */
char *acl_describe(const char *name, size_t nlen);
/* ACL GETUSER's reply; 0 when there is no such user (nothing written). */
int acl_reply_getuser(struct reply *r, const char *name, size_t nlen);
/* ACL LIST / ACL USERS. */
void acl_reply_list(struct reply *r, int names_only);
/* ACL CAT: category names, or the commands of one (-1 when unknown). */
int acl_reply_cat(struct reply *r, const char *cat, size_t len);

/* ACL LOG: an entry (reason, object) for session s; the reply; RESET. */
void acl_log_add(struct session *s, enum acl_result reason, int multi, const char *object,
                 size_t olen, const char *username);
void acl_log_reply(struct reply *r, long count);
void acl_log_reset(void);

/* CONFIG REWRITE: "user <ACL LIST form>\n" for each user but default, in a string to mem_free
 * (NULL when there is none). */
char *acl_user_lines(void);

/* ACL SAVE / LOAD with the aclfile: 0, or -1 with Redis's error text in err. */
int acl_save_file(char *err, size_t errcap);
int acl_load_file(char *err, size_t errcap);

#endif
