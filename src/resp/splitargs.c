/* Redis's sdssplitargs, the one copy (see tessera/splitargs.h): inline requests and config
 * lines split the same way. Pure, any thread. */
#include "tessera/splitargs.h"

/* isspace() in the C locale, without the locale look-up. */
static inline int is_c_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static inline int is_hex_digit(int c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static inline int hex_value(int c)
{
    if (c <= '9') return c - '0';
    if (c <= 'F') return c - 'A' + 10;
    return c - 'a' + 10;
}

/* Redis runs sdssplitargs on a NUL-terminated copy, so at() returns 0 at the end and an
 * embedded NUL ends the line just the same. */
int splitargs(const char *line, size_t n, char *out,
              int (*emit)(const char *arg, size_t len, void *ctx), void *ctx)
{
    const char *end = line + n;
    const char *p = line;
#define at(q) ((q) < end ? *(q) : '\0')

    for (;;) {
        while (at(p) && is_c_space((unsigned char)at(p)))
            p++;
        if (!at(p)) return 1;

        int inq = 0, insq = 0, done = 0;
        char *tok = out;
        while (!done) {
            char c = at(p);
            if (inq) {
                if (c == '\\' && at(p + 1) == 'x' && is_hex_digit(at(p + 2)) &&
                    is_hex_digit(at(p + 3))) {
                    *out++ = (char)(hex_value(at(p + 2)) * 16 + hex_value(at(p + 3)));
                    p += 3;
                } else if (c == '\\' && at(p + 1)) {
                    p++;
                    switch (*p) {
                    case 'n':
                        *out++ = '\n';
                        break;
                    case 'r':
                        *out++ = '\r';
                        break;
                    case 't':
                        *out++ = '\t';
                        break;
                    case 'b':
                        *out++ = '\b';
                        break;
                    case 'a':
                        *out++ = '\a';
                        break;
                    default:
                        *out++ = *p;
                        break;
                    }
                } else if (c == '"') {
                    /* A closing quote must be followed by a space or the end. */
                    if (at(p + 1) && !is_c_space((unsigned char)at(p + 1))) return 0;
                    done = 1;
                } else if (!c) {
                    return 0;
                } else {
                    *out++ = c;
                }
            } else if (insq) {
                if (c == '\\' && at(p + 1) == '\'') {
                    p++;
                    *out++ = '\'';
                } else if (c == '\'') {
                    if (at(p + 1) && !is_c_space((unsigned char)at(p + 1))) return 0;
                    done = 1;
                } else if (!c) {
                    return 0;
                } else {
                    *out++ = c;
                }
            } else {
                /* Unquoted tokens end only at these four and the end, not at \v or \f, though
                 * the blank skipping above takes all six isspace() chars: Redis's quirk. */
                switch (c) {
                case ' ':
                case '\n':
                case '\r':
                case '\t':
                case '\0':
                    done = 1;
                    break;
                case '"':
                    inq = 1;
                    break;
                case '\'':
                    insq = 1;
                    break;
                default:
                    *out++ = c;
                    break;
                }
            }
            if (at(p)) p++;
        }
        if (!emit(tok, (size_t)(out - tok), ctx)) return -1;
    }
#undef at
}
