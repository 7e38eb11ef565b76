/* The `struct` library of scripts: struct.pack, struct.unpack and struct.size with the formats,
 * results and error texts of the struct 0.2 library Redis 7.0 bundles. Lua C functions, run on
 * the thread that owns the lua_State. Options: ">" "<" byte order, "!n" alignment, "x" a
 * zero byte, "bBhHlLT" and "iI[n]" integers, "f" "d" floats, "c[n]" fixed-size strings ("c0":
 * the whole string, or when unpacking the length read just before), "s" zero-terminated. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <limits.h>

#include <lauxlib.h>
#include <lua.h>

#include "script/lua_libs.h"

#define STRUCT_MAX_INT 32 /* widest "i" / "I", in bytes */

/* The default of a bare "!": the strictest alignment of a C scalar, as Lua's LUAI_MAXALIGN. */
struct struct_align_probe {
    char c;
    union {
        double d;
        void *p;
        long l;
    } u;
};
#define STRUCT_MAX_ALIGN ((int)offsetof(struct struct_align_probe, u))

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define STRUCT_NATIVE_BIG 1
#else
#define STRUCT_NATIVE_BIG 0
#endif

/* The state a format carries from option to option. */
struct layout {
    int big;      /* big-endian */
    size_t align; /* maximum alignment, a power of 2 */
};

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static int is_alnum(int c)
{
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Doubles to 64-bit integers as Redis's x86-64 build converts them. C leaves out-of-range
 * conversions undefined; the CPU answers 0x8000000000000000 ("integer indefinite") for them and
 * for NaN, and the unsigned conversion subtracts 2^63 first from values of 2^63 and more (so
 * 2^64 and +inf give 0). */
static int64_t num_to_i64(double d)
{
    if (d >= -9223372036854775808.0 && d < 9223372036854775808.0) return (int64_t)d;
    return INT64_MIN;
}

static uint64_t num_to_u64(double d)
{
    if (!(d >= 9223372036854775808.0)) return (uint64_t)num_to_i64(d);
    if (d < 18446744073709551616.0) return (uint64_t)d;
    return 0;
}

/* The decimal number at *fmt, or dflt when there is none. */
static int read_count(lua_State *L, const char **fmt, int dflt)
{
    if (!is_digit(**fmt)) return dflt;
    int a = 0;
    do {
        int digit = **fmt - '0';
        if (a > INT_MAX / 10 || a * 10 > INT_MAX - digit) luaL_error(L, "integral size overflow");
        a = a * 10 + digit;
        (*fmt)++;
    } while (is_digit(**fmt));
    return a;
}

/* The size of option opt, reading its count; 0 for options that take no room or vary. */
static size_t option_size(lua_State *L, int opt, const char **fmt)
{
    switch (opt) {
    case 'B':
    case 'b':
        return sizeof(char);
    case 'H':
    case 'h':
        return sizeof(short);
    case 'L':
    case 'l':
        return sizeof(long);
    case 'T':
        return sizeof(size_t);
    case 'f':
        return sizeof(float);
    case 'd':
        return sizeof(double);
    case 'x':
        return 1;
    case 'c':
        return (size_t)read_count(L, fmt, 1);
    case 'i':
    case 'I': {
        int n = read_count(L, fmt, sizeof(int));
        if (n > STRUCT_MAX_INT)
            luaL_error(L, "integral size %d is larger than limit of %d", n, STRUCT_MAX_INT);
        return (size_t)n;
    }
    default:
        return 0;
    }
}

/* Padding that aligns offset len for an item of the given size. The mask arithmetic is the
 * original's, also for the odd sizes ("i3") where it is no real alignment. */
static size_t padding(size_t len, const struct layout *lay, int opt, size_t size)
{
    if (size == 0 || opt == 'c') return 0;
    size_t align = size > lay->align ? lay->align : size;
    return (align - (len & (align - 1))) & (align - 1);
}

/* Options that change the layout and take no value; anything else is an invalid option. Redis's
 * copy has no "=" (native order): it is an invalid option there too. */
static void layout_option(lua_State *L, int opt, const char **fmt, struct layout *lay)
{
    switch (opt) {
    case ' ':
        return;
    case '>':
        lay->big = 1;
        return;
    case '<':
        lay->big = 0;
        return;
    case '!': {
        int a = read_count(L, fmt, STRUCT_MAX_ALIGN);
        if (a <= 0 || (a & (a - 1)) != 0) luaL_error(L, "alignment %d is not a power of 2", a);
        lay->align = (size_t)a;
        return;
    }
    default:
        luaL_argerror(L, 1, lua_pushfstring(L, "invalid format option '%c'", opt));
    }
}

static void layout_init(struct layout *lay)
{
    lay->big = STRUCT_NATIVE_BIG;
    lay->align = 1;
}

/* Copies n bytes of a native value to out in the layout's byte order. */
static void put_ordered(char *out, const void *native, size_t n, int big)
{
    const char *p = native;
    if (big == STRUCT_NATIVE_BIG) {
        memcpy(out, p, n);
        return;
    }
    for (size_t i = 0; i < n; i++)
        out[i] = p[n - 1 - i];
}

static void pack_integer(lua_State *L, luaL_Buffer *b, int arg, int big, size_t size)
{
    uint64_t v = num_to_u64(luaL_checknumber(L, arg));
    char out[STRUCT_MAX_INT];
    /* Bytes past the eighth are zero, whatever the sign: the value is a 64-bit one. */
    for (size_t i = 0; i < size; i++) {
        unsigned char byte = i < 8 ? (unsigned char)(v >> (8 * i)) : 0;
        out[big ? size - 1 - i : i] = (char)byte;
    }
    luaL_addlstring(b, out, size);
}

static int struct_pack(lua_State *L)
{
    const char *fmt = luaL_checkstring(L, 1);
    struct layout lay;
    layout_init(&lay);
    int arg = 2;
    size_t total = 0;
    luaL_Buffer b;
    /* A nil between the arguments and the buffer's own stack slots: a missing argument reads
     * as nil, never as a piece of the buffer. */
    lua_pushnil(L);
    luaL_buffinit(L, &b);
    while (*fmt != '\0') {
        int opt = *fmt++;
        size_t size = option_size(L, opt, &fmt);
        size_t pad = padding(total, &lay, opt, size);
        total += pad;
        while (pad-- > 0)
            luaL_addchar(&b, '\0');
        switch (opt) {
        case 'b':
        case 'B':
        case 'h':
        case 'H':
        case 'l':
        case 'L':
        case 'T':
        case 'i':
        case 'I':
            pack_integer(L, &b, arg++, lay.big, size);
            break;
        case 'x':
            luaL_addchar(&b, '\0');
            break;
        case 'f': {
            float f = (float)luaL_checknumber(L, arg++);
            char out[sizeof f];
            put_ordered(out, &f, sizeof f, lay.big);
            luaL_addlstring(&b, out, sizeof f);
            break;
        }
        case 'd': {
            double d = luaL_checknumber(L, arg++);
            char out[sizeof d];
            put_ordered(out, &d, sizeof d, lay.big);
            luaL_addlstring(&b, out, sizeof d);
            break;
        }
        case 'c':
        case 's': {
            size_t len;
            const char *s = luaL_checklstring(L, arg++, &len);
            if (size == 0) size = len;
            /* The original names the argument after the string: keep its number. */
            luaL_argcheck(L, len >= size, arg, "string too short");
            luaL_addlstring(&b, s, size);
            if (opt == 's') {
                luaL_addchar(&b, '\0');
                size++;
            }
            break;
        }
        default:
            layout_option(L, opt, &fmt, &lay);
        }
        total += size;
    }
    luaL_pushresult(&b);
    return 1;
}

/* The integer stored in size bytes. Only the 8 least significant bytes count: the others fall
 * off the original's 64-bit accumulator, and so they do here. */
static lua_Number unpack_integer(const char *p, int big, int is_signed, size_t size)
{
    uint64_t v = 0;
    for (size_t i = 0; i < size; i++) {
        unsigned char byte = (unsigned char)p[big ? i : size - 1 - i];
        v = (v << 8) | byte;
    }
    if (!is_signed) return (lua_Number)v;
    /* The sign bit is bit size*8-1; the original's shift counts wrap at 64 as x86's do, so
     * "i9".."i32" test an odd bit of the low 8 bytes: kept for identical results. */
    uint64_t mask = ~(uint64_t)0 << ((size * 8 - 1) & 63);
    if (v & mask) v |= mask;
    return (lua_Number)(int64_t)v;
}

static int struct_unpack(lua_State *L)
{
    const char *fmt = luaL_checkstring(L, 1);
    size_t ld;
    const char *data = luaL_checklstring(L, 2, &ld);
    size_t pos = (size_t)luaL_optinteger(L, 3, 1);
    luaL_argcheck(L, pos > 0, 3, "offset must be 1 or greater");
    pos--;
    struct layout lay;
    layout_init(&lay);
    int n = 0;
    while (*fmt != '\0') {
        int opt = *fmt++;
        size_t size = option_size(L, opt, &fmt);
        pos += padding(pos, &lay, opt, size);
        luaL_argcheck(L, size <= ld && pos <= ld - size, 2, "data string too short");
        luaL_checkstack(L, 2, "too many results");
        switch (opt) {
        case 'b':
        case 'B':
        case 'h':
        case 'H':
        case 'l':
        case 'L':
        case 'T':
        case 'i':
        case 'I':
            lua_pushnumber(L, unpack_integer(data + pos, lay.big, opt >= 'a', size));
            n++;
            break;
        case 'x':
            break;
        case 'f': {
            float f;
            put_ordered((char *)&f, data + pos, sizeof f, lay.big);
            lua_pushnumber(L, f);
            n++;
            break;
        }
        case 'd': {
            double d;
            put_ordered((char *)&d, data + pos, sizeof d, lay.big);
            lua_pushnumber(L, d);
            n++;
            break;
        }
        case 'c':
            if (size == 0) {
                if (n == 0 || !lua_isnumber(L, -1))
                    luaL_error(L, "format 'c0' needs a previous size");
                size = (size_t)num_to_u64(lua_tonumber(L, -1));
                lua_pop(L, 1);
                n--;
                luaL_argcheck(L, size <= ld && pos <= ld - size, 2, "data string too short");
            }
            lua_pushlstring(L, data + pos, size);
            n++;
            break;
        case 's': {
            const char *end = memchr(data + pos, '\0', ld - pos);
            if (end == NULL) luaL_error(L, "unfinished string in data");
            size = (size_t)(end - (data + pos)) + 1;
            lua_pushlstring(L, data + pos, size - 1);
            n++;
            break;
        }
        default:
            layout_option(L, opt, &fmt, &lay);
        }
        pos += size;
    }
    lua_pushinteger(L, (lua_Integer)(pos + 1));
    return n + 1;
}

static int struct_size(lua_State *L)
{
    const char *fmt = luaL_checkstring(L, 1);
    struct layout lay;
    layout_init(&lay);
    size_t pos = 0;
    while (*fmt != '\0') {
        int opt = *fmt++;
        size_t size = option_size(L, opt, &fmt);
        pos += padding(pos, &lay, opt, size);
        if (opt == 's')
            luaL_argerror(L, 1, "option 's' has no fixed size");
        else if (opt == 'c' && size == 0)
            luaL_argerror(L, 1, "option 'c0' has no fixed size");
        /* Letters and digits the options above do not know count as nothing here. */
        if (!is_alnum(opt)) layout_option(L, opt, &fmt, &lay);
        pos += size;
    }
    lua_pushinteger(L, (lua_Integer)pos);
    return 1;
}

static const luaL_Reg struct_funcs[] = {
    {"pack", struct_pack},
    {"unpack", struct_unpack},
    {"size", struct_size},
    {NULL, NULL},
};

int tessera_open_struct(lua_State *L)
{
    luaL_register(L, "struct", struct_funcs);
    return 1;
}
