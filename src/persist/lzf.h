/* LZF, the format of liblzf that Redis uses for compressed strings in RDB files: a stream of
 * literal runs (up to 32 bytes) and back-references (up to 264 bytes, up to 8 KiB back).
 * Our own implementation of the format, bounds-checked on both sides. Any thread. */
#ifndef TESSERA_PERSIST_LZF_H
#define TESSERA_PERSIST_LZF_H

#include <stddef.h>

/* Compresses inlen bytes into out; returns the compressed length, or 0 when it would not fit in
 * outcap bytes (or inlen is 0). The output decodes with any LZF decoder (Redis's included). */
size_t lzf_compress(const void *in, size_t inlen, void *out, size_t outcap);

/* Decompresses inlen bytes into out (outlen bytes of room); returns the bytes written, or 0 when
 * the input is corrupt (truncated, a reference before the start of the output) or does not fit.
 * Reads and writes only within the two buffers, whatever the input holds. */
size_t lzf_decompress(const void *in, size_t inlen, void *out, size_t outlen);

#endif
