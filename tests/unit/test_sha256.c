/* SHA-256 against the FIPS 180-4 / NIST example vectors and the digest Redis stores for ACL
 * passwords. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "tessera/sha256.h"

static void hex(const unsigned char *d, char *out)
{
    for (int i = 0; i < SHA256_LEN; i++)
        sprintf(out + 2 * i, "%02x", d[i]);
}

static void check(const char *msg, size_t n, const char *want)
{
    unsigned char d[SHA256_LEN];
    char h[65];
    sha256(msg, n, d);
    hex(d, h);
    cr_assert_str_eq(h, want);
}

Test(sha256, empty)
{
    check("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

Test(sha256, abc)
{
    check("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

Test(sha256, two_blocks)
{
    const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    check(m, strlen(m), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

Test(sha256, redis_password)
{
    /* ACL SETUSER u >p1 shows this digest in Redis 7.0 */
    check("p1", 2, "f64551fcd6f07823cb87971cfb91446425da18286b3ab1ef935e0cbd7a69f68a");
}

Test(sha256, million_a_in_pieces)
{
    struct sha256 c;
    char chunk[1001];
    memset(chunk, 'a', sizeof chunk);
    sha256_init(&c);
    for (int i = 0; i < 1000; i++)
        sha256_update(&c, chunk, (size_t)(i % 2 ? 999 : 1001));
    unsigned char d[SHA256_LEN];
    char h[65];
    sha256_final(&c, d);
    hex(d, h);
    cr_assert_str_eq(h, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

Test(sha256, lengths_around_padding)
{
    /* 55, 56 and 64 bytes: the padding's edge cases, against known digests */
    char m[64];
    memset(m, 'a', sizeof m);
    check(m, 55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
    check(m, 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
    check(m, 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}
