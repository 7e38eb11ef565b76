/* Unit tests of splitargs, the one copy of Redis's sdssplitargs used by inline requests and
 * config lines: words, quotes, escapes, the quirks, and unbalanced input. */
#include <criterion/criterion.h>
#include <string.h>

#include "tessera/splitargs.h"

struct words {
    int n;
    char w[16][64];
    size_t len[16];
};

static int collect(const char *arg, size_t len, void *ctx)
{
    struct words *ws = ctx;
    if (ws->n == 16) return 0;
    memcpy(ws->w[ws->n], arg, len);
    ws->len[ws->n++] = len;
    return 1;
}

static int split(const char *line, struct words *ws)
{
    char out[256];
    memset(ws, 0, sizeof *ws);
    return splitargs(line, strlen(line), out, collect, ws);
}

Test(splitargs, words_and_blanks)
{
    struct words ws;
    cr_assert_eq(split("  set  key\tvalue \r\n", &ws), 1);
    cr_assert_eq(ws.n, 3);
    cr_assert_str_eq(ws.w[0], "set");
    cr_assert_str_eq(ws.w[2], "value");
    cr_assert_eq(split("", &ws), 1);
    cr_assert_eq(ws.n, 0);
    cr_assert_eq(split(" \t ", &ws), 1);
    cr_assert_eq(ws.n, 0);
}

Test(splitargs, quotes_and_escapes)
{
    struct words ws;
    cr_assert_eq(split("\"a b\" 'c d' \"\\x41\\n\\\"\" 'it\\'s' \"\"", &ws), 1);
    cr_assert_eq(ws.n, 5);
    cr_assert_str_eq(ws.w[0], "a b");
    cr_assert_str_eq(ws.w[1], "c d");
    cr_assert_eq(ws.len[2], 3);
    cr_assert(memcmp(ws.w[2], "A\n\"", 3) == 0);
    cr_assert_str_eq(ws.w[3], "it's");
    cr_assert_eq(ws.len[4], 0, "an empty quoted word is a word");
    /* A quote inside a word opens a quoted part of the same word. */
    cr_assert_eq(split("ab\"c d\"", &ws), 1);
    cr_assert_eq(ws.n, 1);
    cr_assert_str_eq(ws.w[0], "abc d");
}

Test(splitargs, unbalanced_and_stops)
{
    struct words ws;
    cr_assert_eq(split("\"open", &ws), 0);
    cr_assert_eq(split("'open", &ws), 0);
    cr_assert_eq(split("\"closed\"x", &ws), 0, "a closing quote must end the word");
    char out[64];
    struct words many;
    memset(&many, 0, sizeof many);
    const char *line = "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17";
    cr_assert_eq(splitargs(line, strlen(line), out, collect, &many), -1,
                 "emit's refusal stops the split");
    /* A NUL byte ends the line, as in Redis's C-string version. */
    const char nul[] = "a\0b";
    memset(&ws, 0, sizeof ws);
    cr_assert_eq(splitargs(nul, 3, out, collect, &ws), 1);
    cr_assert_eq(ws.n, 1);
}
