/* The aclfile and the config file's user lines: loading them (all lines apply or none), ACL
 * LOAD, ACL SAVE and the lines CONFIG REWRITE writes. Start-up and any worker thread; takes
 * acl_lock. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd/acl.h"
#include "cmd/acl_internal.h"
#include "tessera/config.h"
#include "tessera/mem.h"
#include "tessera/util.h"

/* ACL LOAD and ACL SAVE without an aclfile (Redis's text). */
#define NO_ACLFILE                                                                                 \
    "ERR This Redis instance is not configured to use an ACL file. You may want to specify users " \
    "via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis "      \
    "configuration file set) in order to store users in the Redis configuration."

/* Appends "label:line: reason. " to err (ACL LOAD and start-up report every bad line). */
static void load_error(char *err, size_t errcap, const char *label, int lineno, const char *fmt,
                       const char *arg)
{
    size_t n = strlen(err);
    if (n + 1 >= errcap) return;
    n += (size_t)snprintf(err + n, errcap - n, "%s:%d: ", label, lineno);
    if (n + 1 >= errcap) return;
    n += (size_t)snprintf(err + n, errcap - n, fmt, arg);
    if (n + 1 >= errcap) return;
    snprintf(err + n, errcap - n, ". ");
}

/* "user <name> rules..." lines: all of them apply, or none (the users stay as they were).
 * from_file: the aclfile replaces every user, the default user included. */
int acl_load_lines(const char *text, int from_file, char *err, size_t errcap)
{
    const char *label = from_file ? g_config.aclfile : "config";
    err[0] = '\0';
    pthread_mutex_lock(&acl_lock);
    /* Build every user aside first. */
    struct acl_user **built = NULL;
    size_t nbuilt = 0;
    int lineno = 0, rc = 0;
    const char *p = text;
    while (*p) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        lineno++;
        char *line = mem_strndup(p, len);
        p += len + (eol ? 1 : 0);
        size_t ll = strlen(line);
        while (ll && (line[ll - 1] == '\r' || line[ll - 1] == ' '))
            line[--ll] = '\0';
        if (ll == 0 || line[0] == '#') {
            mem_free(line);
            continue;
        }
        struct resp_arg args[512];
        int argc = 0;
        char *save = NULL;
        for (char *tok = strtok_r(line, " ", &save); tok && argc < 512;
             tok = strtok_r(NULL, " ", &save))
            args[argc++] = (struct resp_arg){.ptr = tok, .len = strlen(tok)};
        if (argc < 2 || !arg_is(args[0].ptr, args[0].len, "user")) {
            load_error(err, errcap, label, lineno, "%s", "should start with user keyword");
            rc = -1;
        } else {
            int dup = 0;
            for (size_t i = 0; i < nbuilt && !dup; i++)
                if (strlen(built[i]->name) == args[1].len &&
                    memcmp(built[i]->name, args[1].ptr, args[1].len) == 0) {
                    load_error(err, errcap, label, lineno, "Duplicate user '%s' found",
                               built[i]->name);
                    rc = dup = -1;
                }
            if (!dup) {
                int isdef = arg_is(args[1].ptr, args[1].len, "default");
                struct acl_user *u =
                    isdef ? acl_default_user_new() : acl_user_new(args[1].ptr, args[1].len);
                if (isdef) {
                    /* a default line describes the user completely */
                    char e2[8];
                    struct resp_arg reset = {.ptr = "reset", .len = 5};
                    acl_apply_rules(u, 1, &reset, e2, sizeof e2);
                }
                char e[512];
                if (acl_apply_rules(u, argc - 2, args + 2, e, sizeof e) < 0) {
                    /* the reason alone, as Redis's file errors give it */
                    const char *why = strstr(e, "': ");
                    why = why ? why + 3 : (strncmp(e, "ERR ", 4) == 0 ? e + 4 : e);
                    size_t wl = strlen(why);
                    char reason[512];
                    snprintf(reason, sizeof reason, "%.*s",
                             (int)(wl && why[wl - 1] == '.' ? wl - 1 : wl), why);
                    load_error(err, errcap, label, lineno, "%s", reason);
                    acl_user_free(u);
                    rc = -1;
                } else {
                    built = mem_realloc(built, (nbuilt + 1) * sizeof *built);
                    built[nbuilt++] = u;
                }
            }
        }
        mem_free(line);
    }
    if (rc == 0) {
        if (from_file) {
            /* ACL LOAD: users not in the file are gone; the default user keeps its defaults. */
            struct acl_slot *s = acl_slots;
            while (s) {
                struct acl_slot *next = s->next;
                if (s != acl_default) acl_delete_slot(s);
                s = next;
            }
            acl_publish(acl_default, acl_default_user_new());
        }
        for (size_t i = 0; i < nbuilt; i++) {
            struct acl_slot *slot = acl_find_slot(built[i]->name, strlen(built[i]->name));
            if (slot)
                acl_publish(slot, built[i]);
            else
                acl_add_slot(built[i]);
        }
    } else {
        for (size_t i = 0; i < nbuilt; i++)
            acl_user_free(built[i]);
    }
    mem_free(built);
    pthread_mutex_unlock(&acl_lock);
    return rc;
}

int acl_load_file(char *err, size_t errcap)
{
    const char *path = g_config.aclfile;
    if (!path || !path[0]) {
        snprintf(err, errcap, "%s", NO_ACLFILE);
        return -1;
    }
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errcap, "ERR Error loading ACLs, opening file '%s': %m", path);
        return -1;
    }
    struct acl_sbuf b = {0};
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        acl_sb_add(&b, chunk, n);
    fclose(f);
    char e[2048];
    int rc = acl_load_lines(b.p ? b.p : "", 1, e, sizeof e);
    mem_free(b.p);
    if (rc < 0)
        snprintf(err, errcap,
                 "ERR %sWARNING: ACL errors detected, no change to the previously active ACL "
                 "rules was performed",
                 e);
    return rc;
}

char *acl_user_lines(void)
{
    acl_sync_requirepass();
    pthread_mutex_lock(&acl_lock);
    struct acl_sbuf b = {0};
    for (struct acl_slot *s = acl_slots; s; s = s->next) {
        if (s == acl_default) continue;
        char *d = acl_describe_user(acl_user_of(s));
        acl_sb_cstr(&b, "user ");
        acl_sb_cstr(&b, d);
        acl_sb_cstr(&b, "\n");
        mem_free(d);
    }
    pthread_mutex_unlock(&acl_lock);
    return b.p;
}

int acl_save_file(char *err, size_t errcap)
{
    const char *path = g_config.aclfile;
    if (!path || !path[0]) {
        snprintf(err, errcap, "%s", NO_ACLFILE);
        return -1;
    }
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp-%d", path, (int)getpid());
    acl_sync_requirepass();
    pthread_mutex_lock(&acl_lock);
    struct acl_sbuf b = {0};
    for (struct acl_slot *s = acl_slots; s; s = s->next) {
        char *d = acl_describe_user(acl_user_of(s));
        acl_sb_cstr(&b, "user ");
        acl_sb_cstr(&b, d);
        acl_sb_cstr(&b, "\n");
        mem_free(d);
    }
    pthread_mutex_unlock(&acl_lock);
    FILE *f = fopen(tmp, "w");
    int ok = f && fwrite(b.p, 1, b.len, f) == b.len;
    if (f && fclose(f) != 0) ok = 0;
    mem_free(b.p);
    if (!ok || rename(tmp, path) != 0) {
        remove(tmp);
        snprintf(err, errcap,
                 "ERR There was an error trying to save the ACLs. Please check the "
                 "server logs for more information");
        return -1;
    }
    return 0;
}
