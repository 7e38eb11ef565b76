/* The option table's shape, shared by the files that make up the configuration module:
 * config.c (the engine and Tessera's own options), config_inert.c (Redis 7.0's directives that
 * have no effect here) and config_rewrite.c (CONFIG REWRITE). Not for other modules: they use
 * tessera/config.h. */
#ifndef TESSERA_CONFIG_TABLE_H
#define TESSERA_CONFIG_TABLE_H

#include <stddef.h>

#include "tessera/config.h"

enum opt_type {
    OPT_INT,    /* int field, [min, max] */
    OPT_LL,     /* long long field, [min, max] */
    OPT_OCTAL,  /* int field, written and read in octal, [min, max] */
    OPT_MEMORY, /* long long field, bytes with an optional unit (k kb m mb g gb), [min, max] */
    OPT_BOOL,   /* int field, yes/no */
    OPT_ENUM,   /* int field, the value of a name in names (vals, or the index) */
    OPT_FLAGS,  /* int field: one or more of names, their vals or-ed (shutdown-on-sigterm) */
    OPT_STRING, /* char * field */
    OPT_BIND,   /* char * field: zero or more addresses, space-separated */
    OPT_DIR,    /* char * field: set by chdir; read back as the working directory */
    OPT_OBUF,   /* struct obuf_limit[CLIENT_CLASS_COUNT]: `class hard soft seconds`, repeated */
    OPT_NOTIFY, /* int field: keyspace event classes, as letters (notify-keyspace-events) */
    OPT_SAVE,   /* char * field: `<seconds> <changes>` pairs, space-separated (save) */
    OPT_WORDS,  /* char * field: several words checked by check_words, kept space-separated */
};

#define OPT_IMMUTABLE 1u /* CONFIG SET refuses it */
/* A file path: CONFIG SET refuses it unless enable-protected-configs allows the client. */
#define OPT_PROTECTED 2u
#define OPT_HIDDEN    4u  /* CONFIG GET shows it to its exact name only, not to a pattern */
#define OPT_INERT     8u  /* accepted as Redis does, without effect here (config_inert.c) */
#define OPT_EMPTY_NUL 16u /* string: "" is Redis's NULL (CONFIG REWRITE drops its lines) */
#define OPT_PERCENT   32u /* memory: `N%` is also accepted, kept as -N */
#define OPT_UNITS     64u /* int: a size, with a unit if wanted (k kb m mb g gb) */
/* CONFIG REWRITE writes it even at its default (Redis's latency-tracking-info-percentiles) */
#define OPT_REWRITE_ALWAYS 128u

struct option {
    const char *name;
    enum opt_type type;
    unsigned flags;
    size_t offset;                /* of the field in struct config */
    long long min, max;           /* accepted range (int, memory) */
    long long def;                /* default (int, memory, bool, enum) */
    long long clamp_lo, clamp_hi; /* values are then pulled into this range (when clamp_hi) */
    const char *def_str;          /* default (string kinds) */
    const char *const *names;     /* enum names, NULL-terminated */
    const int *vals;              /* their values (enum: the index when NULL) */
    const char *(*check)(const char *value); /* string: NULL when valid, else the reason */
    /* OPT_WORDS: NULL when the words are valid (their value as CONFIG GET shows it written in
     * canon), else the reason */
    const char *(*check_words)(int argc, char **argv, char *canon, size_t len);
    /* OPT_FLAGS: NULL when the combination is valid, else the reason */
    const char *(*check_flags)(int flags);
};

#define FIELD(f) offsetof(struct config, f)
#define INT_OPT(n, fl, f, lo, hi, d)                                                               \
    {                                                                                              \
        .name = n, .type = OPT_INT, .flags = fl, .offset = FIELD(f), .min = lo, .max = hi,         \
        .def = d                                                                                   \
    }
#define LL_OPT(n, fl, f, lo, hi, d)                                                                \
    {                                                                                              \
        .name = n, .type = OPT_LL, .flags = fl, .offset = FIELD(f), .min = lo, .max = hi, .def = d \
    }
/* An int whose accepted range is wider than what it keeps: values are pulled into [clo, chi]. */
#define CLAMPED_INT_OPT(n, fl, f, lo, hi, d, clo, chi)                                             \
    {                                                                                              \
        .name = n, .type = OPT_INT, .flags = fl, .offset = FIELD(f), .min = lo, .max = hi,         \
        .def = d, .clamp_lo = clo, .clamp_hi = chi                                                 \
    }
#define MEMORY_OPT(n, fl, f, lo, hi, d)                                                            \
    {                                                                                              \
        .name = n, .type = OPT_MEMORY, .flags = fl, .offset = FIELD(f), .min = lo, .max = hi,      \
        .def = d                                                                                   \
    }
#define BOOL_OPT(n, fl, f, d)                                                                      \
    {                                                                                              \
        .name = n, .type = OPT_BOOL, .flags = fl, .offset = FIELD(f), .def = d                     \
    }
#define ENUM_OPT(n, fl, f, nm, d)                                                                  \
    {                                                                                              \
        .name = n, .type = OPT_ENUM, .flags = fl, .offset = FIELD(f), .names = nm, .def = d        \
    }
#define STRING_OPT(n, t, fl, f, d, chk)                                                            \
    {                                                                                              \
        .name = n, .type = t, .flags = fl, .offset = FIELD(f), .def_str = d, .check = chk          \
    }

/* The options of config_inert.c, and their number. */
extern const struct option config_inert_options[];
extern const size_t config_inert_count;

/* Every option, Tessera's own then the inert ones: i in [0, config_option_count()). */
size_t config_option_count(void);
const struct option *config_option_at(size_t i);
/* The option a name (or one of Redis's alias names) designates, or NULL. */
const struct option *config_option_find(const char *name);

/* The value of o in c as CONFIG GET shows it: in buf, or c's own string. */
const char *config_option_value(const struct config *c, const struct option *o, char *buf,
                                size_t len);
/* A number field's value (int, long long, bool, enum kinds). */
long long config_option_number(const struct config *c, const struct option *o);

/* s quoted as Redis's sdscatrepr quotes it, appended to out (a mem_alloc string or NULL);
 * returns the new string. */
char *config_quote_append(char *out, const char *s);

/* Whether a file or the command line had a `user default ...` line (Redis then rewrites it with
 * sanitize-payload). */
int config_user_line_seen(void);

/* Whether a file or the command line named the option: set while loading. */
int config_option_was_set(const struct option *o);

#endif
