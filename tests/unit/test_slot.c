/* Unit tests of the key-to-slot function: CRC16 check value, hash-tag rules and slots taken
 * from the Redis docs and from CLUSTER KEYSLOT of a cluster-enabled redis-server 7.0.15. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "tessera/slot.h"

static unsigned slot_str(const char *key)
{
    return slot_of_key(key, strlen(key));
}

/* Bit-at-a-time CRC16-CCITT (XMODEM), independent of the table the code under test uses. */
static uint16_t crc16_bitwise(const char *buf, size_t len)
{
    uint16_t crc = 0;
    for (size_t i = 0; i < len; i++) {
        crc ^= (uint16_t)((unsigned char)buf[i] << 8);
        for (int b = 0; b < 8; b++)
            crc = (crc & 0x8000) ? (uint16_t)((crc << 1) ^ 0x1021) : (uint16_t)(crc << 1);
    }
    return crc;
}

Test(slot, crc16_check_value)
{
    /* The XMODEM check value, quoted in Redis's crc16.c. */
    cr_assert_eq(slot_crc16("123456789", 9), 0x31C3);
    cr_assert_eq(slot_crc16("", 0), 0);
    cr_assert_eq(slot_crc16("a\0b", 3), crc16_bitwise("a\0b", 3));
}

Test(slot, crc16_matches_bitwise_reference)
{
    char buf[64];
    uint32_t x = 2463534242u;
    for (int round = 0; round < 20000; round++) {
        size_t len = (size_t)(round % 64);
        for (size_t i = 0; i < len; i++) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            buf[i] = (char)(x & 0xff);
        }
        cr_assert_eq(slot_crc16(buf, len), crc16_bitwise(buf, len), "round %d", round);
    }
}

Test(slot, documented_values)
{
    /* redis.io CLUSTER KEYSLOT page. */
    cr_assert_eq(slot_str("somekey"), 11058);
    cr_assert_eq(slot_str("foo{hash_tag}"), 2515);
    cr_assert_eq(slot_str("bar{hash_tag}"), 2515);
    /* Keys listed as the first slots in the well-known "keys for every slot" table. */
    cr_assert_eq(slot_str("fyimk7v1CgnBo"), 0);
    cr_assert_eq(slot_str("8HMdi"), 1);
}

Test(slot, values_from_redis_cluster_keyslot)
{
    static const struct {
        const char *key;
        unsigned slot;
    } cases[] = {
        {"foo", 12182},
        {"bar", 5061},
        {"123456789", 12739},
        {"{user1}.following", 8106},
        {"user:case", 9491},
        {"user:info{1}", 9842},
        {"key:000000000000", 13053},
        {"", 0},
        {"{", 4092},
        {"}", 12090},
        {"{}", 15257},
        {"a{b", 13340},
        {"{}a", 10875},
        {"a{}b{c}", 7353},
        {"{user1000}.following", 3443},
        {"{user1000}.followers", 3443},
        {"foo{}{bar}", 8363},
        {"foo{{bar}}zap", 4015},
        {"foo{bar}{zap}", 5061},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        cr_assert_eq(slot_str(cases[i].key), cases[i].slot, "%s", cases[i].key);
    cr_assert_eq(slot_of_key("a\0b", 3), 8383);
}

Test(slot, hash_tag_rules)
{
    /* Same tag, same slot. */
    cr_assert_eq(slot_str("{user1000}.following"), slot_str("{user1000}.followers"));
    cr_assert_eq(slot_str("{user1000}.following"), slot_str("user1000"));
    /* Empty first tag: the whole key is hashed, later braces do not count. */
    cr_assert_eq(slot_str("foo{}{bar}"), slot_crc16("foo{}{bar}", 10) & 16383);
    cr_assert_neq(slot_str("foo{}{bar}"), slot_str("bar"));
    /* The tag runs from the first '{' to the first '}' after it. */
    cr_assert_eq(slot_str("foo{{bar}}zap"), slot_str("{bar"));
    cr_assert_eq(slot_str("foo{bar}{zap}"), slot_str("bar"));
    /* No closing brace: whole key. */
    cr_assert_eq(slot_str("foo{bar"), slot_crc16("foo{bar", 7) & 16383);
    /* A '}' before the '{' does not close it. */
    cr_assert_eq(slot_str("}foo{bar}"), slot_str("bar"));
    /* Binary keys: the tag may hold NUL bytes and the length is what counts. */
    cr_assert_eq(slot_of_key("x{a\0b}y", 7), slot_of_key("a\0b", 3));
}

Test(slot, always_in_range)
{
    char key[16];
    for (unsigned i = 0; i < 100000; i++) {
        int n = snprintf(key, sizeof(key), "key:%u", i);
        cr_assert_lt(slot_of_key(key, (size_t)n), SLOT_COUNT);
    }
}
