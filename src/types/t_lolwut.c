/* LOLWUT, Redis 7.0's way: without VERSION (or for versions other than 5 and 6) only the version
 * line; VERSION 5 draws Georg Nees's Schotter (squares that rotate and drift more on each row,
 * the first two rows still) in Braille characters, as Redis does pixel for pixel; VERSION 6
 * draws a city skyline of our own (Redis's is random too) in Redis's four ANSI grays, with
 * Redis's caption.
 * Runs on the client's worker. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "resp/errors.h"
#include "tessera/mem.h"
#include "tessera/reply.h"
#include "tessera/util.h"
#include "types/t_lolwut.h"

#define LOLWUT_VERSION "7.0.15" /* the Redis version Tessera follows (HELLO, INFO) */

/* A growable text buffer. */
struct text {
    char *p;
    size_t len, cap;
};

static void text_add(struct text *t, const char *s, size_t n)
{
    if (t->len + n > t->cap) {
        size_t c = t->cap ? t->cap : 256;
        while (c < t->len + n)
            c *= 2;
        t->p = mem_realloc(t->p, c);
        t->cap = c;
    }
    memcpy(t->p + t->len, s, n);
    t->len += n;
}

static void text_cstr(struct text *t, const char *s)
{
    text_add(t, s, strlen(s));
}

struct canvas {
    int width, height;
    uint8_t *px;
};

static void canvas_init(struct canvas *c, int width, int height)
{
    c->width = width;
    c->height = height;
    c->px = mem_calloc((size_t)width * (size_t)height + 1, 1);
}

static void canvas_set(struct canvas *c, int x, int y, int color)
{
    if (x < 0 || x >= c->width || y < 0 || y >= c->height) return;
    c->px[(size_t)y * (size_t)c->width + (size_t)x] = (uint8_t)color;
}

static int canvas_get(const struct canvas *c, int x, int y)
{
    if (x < 0 || x >= c->width || y < 0 || y >= c->height) return 0;
    return c->px[(size_t)y * (size_t)c->width + (size_t)x];
}

/* Bresenham, both ends included. */
static void canvas_line(struct canvas *c, int x1, int y1, int x2, int y2)
{
    int dx = abs(x2 - x1), dy = abs(y2 - y1);
    int sx = x1 < x2 ? 1 : -1, sy = y1 < y2 ? 1 : -1;
    int err = dx - dy;
    for (;;) {
        canvas_set(c, x1, y1, 1);
        if (x1 == x2 && y1 == y2) break;
        int e2 = err * 2;
        if (e2 > -dy) {
            err -= dy;
            x1 += sx;
        }
        if (e2 < dx) {
            err += dx;
            y1 += sy;
        }
    }
}

/* A square centred on (x, y) of side `size`, turned by `angle`: its corners lie on the circle
 * through them, so the side is scaled by 1/sqrt(2). Float and rounding as Redis computes them,
 * so the same arguments give the same pixels. */
static void canvas_square(struct canvas *c, int x, int y, float size, float angle)
{
    int px[4], py[4];
    size = (float)(size / 1.4142135623);
    size = (float)round(size);
    float k = (float)(M_PI / 4 + angle);
    for (int j = 0; j < 4; j++) {
        px[j] = (int)round(sin(k) * size + x);
        py[j] = (int)round(cos(k) * size + y);
        k = (float)(k + M_PI / 2);
    }
    for (int j = 0; j < 4; j++)
        canvas_line(c, px[j], py[j], px[(j + 1) % 4], py[(j + 1) % 4]);
}

static float random_unit(void)
{
    return (float)(util_random() >> 40) / (float)(1 << 24);
}

static void draw_schotter(struct canvas *c, int cols, int per_row, int per_col)
{
    int width = cols * 2;
    int padding = width > 4 ? 2 : 0;
    float side = (float)(width - padding * 2) / (float)per_row;
    int height = (int)(side * (float)per_col + (float)(padding * 2));
    canvas_init(c, width, height);
    for (int y = 0; y < per_col; y++)
        for (int x = 0; x < per_row; x++) {
            int sx = (int)((float)x * side + side / 2 + (float)padding);
            int sy = (int)((float)y * side + side / 2 + (float)padding);
            float angle = 0;
            if (y > 1) { /* lower rows turn and drift further and further */
                float r1 = random_unit() / (float)per_col * (float)y;
                float r2 = random_unit() / (float)per_col * (float)y;
                float r3 = random_unit() / (float)per_col * (float)y;
                if (util_random() & 1) r1 = -r1;
                if (util_random() & 1) r2 = -r2;
                if (util_random() & 1) r3 = -r3;
                angle = r1;
                sx += (int)(r2 * side / 3);
                sy += (int)(r3 * side / 3);
            }
            canvas_square(c, sx, sy, side, angle);
        }
}

/* Each 2x4 block of pixels is one Braille character (U+2800 + the dots' bits), in UTF-8. */
static void render_braille(const struct canvas *c, struct text *t)
{
    static const int dots[8][2] = {{0, 0}, {0, 1}, {0, 2}, {1, 0}, {1, 1}, {1, 2}, {0, 3}, {1, 3}};
    for (int y = 0; y < c->height; y += 4) {
        for (int x = 0; x < c->width; x += 2) {
            int bits = 0;
            for (int b = 0; b < 8; b++)
                if (canvas_get(c, x + dots[b][0], y + dots[b][1])) bits |= 1 << b;
            int code = 0x2800 + bits;
            char u[3] = {(char)(0xE0 | (code >> 12)), (char)(0x80 | ((code >> 6) & 0x3F)),
                         (char)(0x80 | (code & 0x3F))};
            text_add(t, u, 3);
        }
        if (y != c->height - 1) text_add(t, "\n", 1);
    }
}

/* Parses the optional numeric arguments from argv[first] on into vals (as many as given, up to
 * n); replies and returns 0 when one is not an integer. */
static int parse_longs(struct cmd_ctx *ctx, int first, long long *vals, int n)
{
    for (int i = 0; i < n && first + i < ctx->argc; i++)
        if (!str_to_ll(ctx->argv[first + i].ptr, ctx->argv[first + i].len, &vals[i])) {
            ctx_error_text(ctx, error_text(ERR_NOT_INT));
            return 0;
        }
    return 1;
}

static long long clamp(long long v, long long lo, long long hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static void lolwut5(struct cmd_ctx *ctx, int first, struct text *t)
{
    long long v[3] = {66, 8, 12}; /* columns, squares per row, squares per column */
    if (!parse_longs(ctx, first, v, 3)) return;
    struct canvas c;
    draw_schotter(&c, (int)clamp(v[0], 1, 1000), (int)clamp(v[1], 1, 200),
                  (int)clamp(v[2], 1, 200));
    render_braille(&c, t);
    mem_free(c.px);
    text_cstr(t,
              "\nGeorg Nees - schotter, plotter on paper, 1968. Redis ver. " LOLWUT_VERSION "\n");
    reply_verbatim(ctx->out, t->p, t->len);
}

/* One building: a block of `color` rising from the bottom, its top row a step narrower; with
 * windows, a grid of them inside, each lit (white) or dark (light gray) at random. */
static void draw_building(struct canvas *c, int x0, int w, int h, int color, int windows)
{
    int top = c->height - h;
    for (int y = top; y < c->height; y++)
        for (int x = x0; x < x0 + w; x++) {
            if (y == top && (x == x0 || x == x0 + w - 1)) continue; /* rounded roof corners */
            int px = color;
            if (windows && y > top + 1 && y < c->height - 1 && x > x0 && x < x0 + w - 1 &&
                (x - x0) % 2 == 0 && (y - top) % 2 == 0)
                px = util_random() % 3 ? 3 : 2;
            canvas_set(c, x, y, px);
        }
}

/* A skyline at dusk on a white sky: two rows of windowless buildings in the grays behind (the
 * lighter further back), then black ones with windows in front. */
static void draw_skyline(struct canvas *c, int width, int height)
{
    canvas_init(c, width, height);
    memset(c->px, 3, (size_t)width * (size_t)height);
    for (int color = 2; color >= 1; color--)
        for (int x = -8; x < width;) {
            x += (int)(util_random() % 6);
            int w = 8 + (int)(util_random() % 8);
            int h =
                height / 2 + (int)(util_random() % (uint64_t)(height / (color == 2 ? 2 : 3) + 1));
            draw_building(c, x, w, h, color, 0);
            x += color == 2 ? w / 2 : w + 1;
        }
    for (int x = -8; x < width;) {
        x += (int)(util_random() % 6);
        int w = 5 + (int)(util_random() % 12);
        int h = height / 3 + (int)(util_random() % (uint64_t)(height / 2 + 1));
        draw_building(c, x, w, h, 0, 1);
        x += w + 4;
    }
}

static void lolwut6(struct cmd_ctx *ctx, int first, struct text *t)
{
    long long v[2] = {80, 20}; /* columns, rows */
    if (!parse_longs(ctx, first, v, 2)) return;
    struct canvas c;
    draw_skyline(&c, (int)clamp(v[0], 1, 1000), (int)clamp(v[1], 1, 1000));
    static const char *const colors[4] = {"0;30;40", "0;90;100", "0;37;47", "0;97;107"};
    for (int y = 0; y < c.height; y++) {
        for (int x = 0; x < c.width; x++) {
            char px[32];
            int n = snprintf(px, sizeof px, "\033[%sm \033[0m", colors[canvas_get(&c, x, y)]);
            text_add(t, px, (size_t)n);
        }
        text_add(t, "\n", 1);
    }
    mem_free(c.px);
    text_cstr(t,
              "Dedicated to the 8 bit game developers of past and present.\n"
              "Original 8 bit image from Plaguemon by hikikomori. Redis ver. " LOLWUT_VERSION "\n");
    reply_verbatim(ctx->out, t->p, t->len);
}

void cmd_lolwut(struct cmd_ctx *ctx)
{
    struct text t = {0};
    unsigned version = 0; /* 0: this server's own (7), which has no art */
    int first = 1;
    if (ctx->argc >= 3 && CTX_ARG_IS(ctx, 1, "version")) {
        long long v;
        if (!str_to_ll(ctx->argv[2].ptr, ctx->argv[2].len, &v)) {
            ctx_error_text(ctx, error_text(ERR_NOT_INT));
            return;
        }
        version = (unsigned)v; /* Redis prints it as "%u.0.0" */
        first = 3;
    }
    if (version == 5)
        lolwut5(ctx, first, &t);
    else if (version == 6)
        lolwut6(ctx, first, &t);
    else
        reply_verbatim(ctx->out, "Redis ver. " LOLWUT_VERSION "\n",
                       strlen("Redis ver. " LOLWUT_VERSION "\n"));
    mem_free(t.p);
}
