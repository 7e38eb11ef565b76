/* The ACL rule parser and matcher (cmd/acl.c) without Net: rules and their errors, how
 * GETUSER/LIST describe them, and the check of commands, keys (read/write), channels and
 * selectors, over the real command table (the engine with the fake Net). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "cmd/acl.h"
#include "cmd/cmd.h"
#include "fake_net.h"
#include "tessera/mem.h"

static void setup(void)
{
    fake_setup(2);
}

static void teardown(void)
{
    fake_teardown();
}

TestSuite(acl, .init = setup, .fini = teardown);

/* SETUSER name with space-separated rules; the error text, or "" on success. */
static const char *setuser(const char *name, const char *rules)
{
    static char err[700];
    struct resp_arg argv[32];
    char buf[1024];
    int argc = 0;
    snprintf(buf, sizeof buf, "%s", rules);
    char *save = NULL;
    for (char *t = strtok_r(buf, " ", &save); t; t = strtok_r(NULL, " ", &save))
        argv[argc++] = (struct resp_arg){.ptr = t, .len = strlen(t)};
    err[0] = '\0';
    acl_setuser(name, strlen(name), argc, argv, err, sizeof err);
    return err;
}

static const struct acl_user *user(const char *name, const char *pass)
{
    struct acl_slot *s = acl_authenticate(name, strlen(name), pass, strlen(pass));
    cr_assert_not_null(s, "AUTH %s", name);
    return acl_user_of(s);
}

/* The check of a command line given as space-separated words. */
static enum acl_result check(const struct acl_user *u, const char *line, int *pos)
{
    struct resp_arg argv[16];
    static char buf[512];
    int argc = 0;
    snprintf(buf, sizeof buf, "%s", line);
    char *save = NULL;
    for (char *t = strtok_r(buf, " ", &save); t; t = strtok_r(NULL, " ", &save))
        argv[argc++] = (struct resp_arg){.ptr = t, .len = strlen(t)};
    const struct command *c = cmd_lookup(argv[0].ptr, argv[0].len);
    cr_assert_not_null(c, "%s", line);
    if (c->subcommands) c = cmd_lookup_sub(c, argv[1].ptr, argv[1].len);
    int p = 0;
    enum acl_result r = acl_check(u, c, argc, argv, &p);
    if (pos) *pos = p;
    return r;
}

static void expect_describe(const char *name, const char *want)
{
    char *d = acl_describe(name, strlen(name));
    cr_assert_not_null(d);
    cr_assert_str_eq(d, want);
    mem_free(d);
}

Test(acl, default_user_has_every_permission)
{
    const struct acl_user *u = user("default", "anything");
    cr_assert(u->flags & ACL_ALLPERM);
    expect_describe("default", "default on nopass ~* &* +@all");
    cr_assert_eq(check(u, "flushall", NULL), ACL_OK);
}

Test(acl, passwords)
{
    cr_assert_str_eq(setuser("u", "on >p1 >p2"), "");
    cr_assert_not_null(acl_authenticate("u", 1, "p1", 2));
    cr_assert_not_null(acl_authenticate("u", 1, "p2", 2));
    cr_assert_null(acl_authenticate("u", 1, "p3", 2));
    cr_assert_str_eq(setuser("u", "<p1"), "");
    cr_assert_null(acl_authenticate("u", 1, "p1", 2));
    cr_assert_str_eq(setuser("u", "off"), "");
    cr_assert_null(acl_authenticate("u", 1, "p2", 2), "a user that is off");
    cr_assert_str_eq(setuser("u", "on nopass"), "");
    cr_assert_not_null(acl_authenticate("u", 1, "whatever", 8));
    cr_assert_str_eq(setuser("u", "resetpass"), "");
    cr_assert_null(acl_authenticate("u", 1, "whatever", 8));
    /* sha256("p1") */
    cr_assert_str_eq(
        setuser("u", "#f64551fcd6f07823cb87971cfb91446425da18286b3ab1ef935e0cbd7a69f68a"), "");
    cr_assert_not_null(acl_authenticate("u", 1, "p1", 2));
    cr_assert_str_eq(
        setuser("u", "!f64551fcd6f07823cb87971cfb91446425da18286b3ab1ef935e0cbd7a69f68a"), "");
    cr_assert_null(acl_authenticate("u", 1, "p1", 2));
}

Test(acl, rule_errors_change_nothing)
{
    cr_assert_str_eq(setuser("e", "+nosuch"), "ERR Error in ACL SETUSER modifier '+nosuch': "
                                              "Unknown command or category name in ACL");
    cr_assert_str_eq(setuser("e", "+get|x"), "ERR Error in ACL SETUSER modifier '+get|x': "
                                             "Allowing first-arg of a subcommand is not supported");
    cr_assert_str_eq(setuser("e", "#12"),
                     "ERR Error in ACL SETUSER modifier '#12': The password hash must be exactly "
                     "64 characters and contain only lowercase hexadecimal characters");
    cr_assert_str_eq(setuser("e", "(~a +get"),
                     "ERR Unmatched parenthesis in acl selector starting at '(~a'.");
    cr_assert_null(acl_describe("e", 1), "a refused SETUSER creates nothing");
    cr_assert_str_eq(setuser("e", "on"), "");
    cr_assert_str_eq(setuser("e", "+get ~a bogus"),
                     "ERR Error in ACL SETUSER modifier 'bogus': Syntax error");
    expect_describe("e", "e on resetchannels -@all");
}

Test(acl, command_rules_kept_as_redis_does)
{
    static const char *const cases[][2] = {
        {"+@all -@dangerous", "+@all -@dangerous"},
        {"+@read -@read", "-@all"},
        {"+@read -@write", "-@all +@read"},
        {"+get +@read", "-@all +@read"},
        {"+@read -get +get", "-@all +@read"},
        {"+config +config|get", "-@all +config"},
        {"-config|get +config", "-@all +config"},
        {"+@all -config|get", "+@all -config|get"},
        {"+@all -@string +get", "+@all -@string +get"},
        {"+get -get", "-@all"},
        {"+@hash -hdel", "-@all +@hash -hdel"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char rules[256], want[256];
        snprintf(rules, sizeof rules, "reset %s", cases[i][0]);
        cr_assert_str_eq(setuser("r", rules), "", "%s", rules);
        snprintf(want, sizeof want, "r off sanitize-payload resetchannels %s", cases[i][1]);
        expect_describe("r", want);
    }
}

Test(acl, commands_and_subcommands)
{
    cr_assert_str_eq(setuser("c", "on >p ~* +@read +config|get -keys"), "");
    const struct acl_user *u = user("c", "p");
    cr_assert_not(u->flags & ACL_ALLPERM);
    cr_assert_eq(check(u, "get k", NULL), ACL_OK);
    cr_assert_eq(check(u, "set k v", NULL), ACL_DENIED_CMD);
    cr_assert_eq(check(u, "keys *", NULL), ACL_DENIED_CMD);
    cr_assert_eq(check(u, "config get port", NULL), ACL_OK);
    cr_assert_eq(check(u, "config set port 1", NULL), ACL_DENIED_CMD);
    cr_assert_eq(check(u, "auth a b", NULL), ACL_OK, "no-auth commands are always allowed");
}

Test(acl, keys_read_and_write)
{
    cr_assert_str_eq(setuser("k", "on >p +@all ~cache:* %R~r:* %W~w:*"), "");
    const struct acl_user *u = user("k", "p");
    int pos;
    cr_assert_eq(check(u, "mset cache:1 a cache:2 b", NULL), ACL_OK);
    cr_assert_eq(check(u, "mset cache:1 a other b", &pos), ACL_DENIED_KEY);
    cr_assert_eq(pos, 3, "the refused key's argument");
    cr_assert_eq(check(u, "get r:1", NULL), ACL_OK);
    cr_assert_eq(check(u, "set r:1 v", NULL), ACL_DENIED_KEY);
    cr_assert_eq(check(u, "set w:1 v", NULL), ACL_OK);
    cr_assert_eq(check(u, "get w:1", NULL), ACL_DENIED_KEY);
    cr_assert_eq(check(u, "ping", NULL), ACL_OK);
    expect_describe("k", "k on #148de9c5a7a44d19e56cd9ae1a554bf67847afb0c58f6e12fa29ac7ddfca9940"
                         " ~cache:* %R~r:* %W~w:* resetchannels +@all");
}

Test(acl, channels)
{
    cr_assert_str_eq(setuser("ch", "on >p +@all ~* &events:*"), "");
    const struct acl_user *u = user("ch", "p");
    int pos;
    cr_assert_eq(check(u, "publish events:1 m", NULL), ACL_OK);
    cr_assert_eq(check(u, "publish other m", NULL), ACL_DENIED_CHANNEL);
    cr_assert_eq(check(u, "subscribe events:a other", &pos), ACL_DENIED_CHANNEL);
    cr_assert_eq(pos, 2);
    cr_assert_eq(check(u, "psubscribe events:*", NULL), ACL_OK);
    cr_assert_eq(check(u, "psubscribe events:a*", NULL), ACL_DENIED_CHANNEL,
                 "a pattern must equal one of the user's");
}

Test(acl, selectors_and_reported_reason)
{
    cr_assert_str_eq(setuser("s", "on >p +get ~a* (+set ~b*) (+get %R~c*)"), "");
    const struct acl_user *u = user("s", "p");
    cr_assert_eq(u->nsel, 3);
    cr_assert_eq(check(u, "get a1", NULL), ACL_OK);
    cr_assert_eq(check(u, "set b1 v", NULL), ACL_OK);
    cr_assert_eq(check(u, "get c1", NULL), ACL_OK);
    cr_assert_eq(check(u, "set a1 v", NULL), ACL_DENIED_KEY, "the worst reason among selectors");
    cr_assert_eq(check(u, "del a1", NULL), ACL_DENIED_CMD);
    expect_describe("s", "s on #148de9c5a7a44d19e56cd9ae1a554bf67847afb0c58f6e12fa29ac7ddfca9940"
                         " ~a* resetchannels -@all +get (~b* resetchannels -@all +set)"
                         " (%R~c* resetchannels -@all +get)");
    cr_assert_str_eq(setuser("s", "clearselectors"), "");
    cr_assert_eq(check(user("s", "p"), "set b1 v", NULL), ACL_DENIED_CMD);
}

Test(acl, deleted_user_keeps_a_readable_slot)
{
    cr_assert_str_eq(setuser("d", "on >p +@all ~* &*"), "");
    struct acl_slot *s = acl_authenticate("d", 1, "p", 1);
    cr_assert(acl_user_of(s)->flags & ACL_ALLPERM);
    cr_assert_eq(acl_deluser("d", 1), 1);
    cr_assert(acl_user_of(s)->flags & ACL_DELETED);
    cr_assert_not(acl_user_of(s)->flags & ACL_ALLPERM,
                  "a deleted user's sessions take the slow path");
    cr_assert_null(acl_authenticate("d", 1, "p", 1));
    cr_assert_eq(acl_deluser("d", 1), 0);
}
