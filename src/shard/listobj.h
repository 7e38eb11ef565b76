/* List values: a quicklist, a doubly linked list of nodes that each hold a listpack of
 * elements, as Redis 7.0 keeps every list. Node size follows list-max-listpack-size (taken when
 * the list is created): negative -1..-5 bound a node's bytes to 4..64 KiB, positive N bounds its
 * entries to N. With list-compress-depth N > 0 (also taken at creation) every node but the first
 * and last N keeps its listpack LZF-compressed, as Redis does. Used by the thread holding the
 * list's shard.
 *
 * Element pointers that reads return are valid until the list changes; one in a compressed node
 * points into the reading thread's scratch copy, valid until that thread reads another
 * compressed node (of any list). */
#ifndef TESSERA_LISTOBJ_H
#define TESSERA_LISTOBJ_H

#include <stddef.h>
#include <stdint.h>

struct listobj;

/* Ends of a list (the same values as t_list.h's LIST_HEAD and LIST_TAIL). */
#define LISTOBJ_HEAD 0
#define LISTOBJ_TAIL 1

struct listobj *listobj_new(void);
/* A list whose nodes follow `fill` instead of the configuration, uncompressed (tests, tools). */
struct listobj *listobj_new_fill(int fill);
/* A list with its own node bound and compress depth (0: none). */
struct listobj *listobj_new_opts(int fill, int depth);
void listobj_free(struct listobj *l);
struct listobj *listobj_dup(const struct listobj *l);
/* Bytes the list holds (MEMORY USAGE): the list, its nodes and their listpacks. */
size_t listobj_usage(const struct listobj *l);
uint64_t listobj_len(const struct listobj *l);
uint64_t listobj_node_count(const struct listobj *l);
/* Nodes held compressed now (tests). */
uint64_t listobj_compressed_nodes(const struct listobj *l);
/* The elements of node i from the head (DEBUG's quicklist figures); 0 past the last. */
uint32_t listobj_node_len(const struct listobj *l, uint64_t i);
/* The node size bound the list was made with (list-max-listpack-size then). */
int listobj_fill(const struct listobj *l);
/* The compress depth the list was made with (list-compress-depth then; 0: none). */
int listobj_depth(const struct listobj *l);

void listobj_push(struct listobj *l, int where, const char *s, size_t len);
/* The element at one end (valid until the list changes); 0 when the list is empty. */
int listobj_peek(const struct listobj *l, int where, const char **s, size_t *len);
/* Removes the element at one end; 0 when the list is empty. */
int listobj_pop(struct listobj *l, int where);

/* Indexes count from 0 at the head, negative ones from -1 at the tail. */
/* The element at index (valid until the list changes); 0 when out of range. */
int listobj_index(const struct listobj *l, long index, const char **s, size_t *len);
/* Replaces the element at index; 0 when out of range. */
int listobj_set(struct listobj *l, long index, const char *s, size_t len);
/* Inserts s before (after == 0) or after the first element equal to the pivot, searching from
 * the head; 1 when inserted, 0 when there is no such pivot. */
int listobj_insert(struct listobj *l, int after, const char *pivot, size_t plen, const char *s,
                   size_t len);
/* LREM: removes elements equal to s, at most count of them from the head (count > 0), from the
 * tail (count < 0) or all (count 0); returns how many went. */
uint64_t listobj_rem(struct listobj *l, long count, const char *s, size_t len);
/* Deletes n elements from index start on (fewer when the end comes first). */
void listobj_del_range(struct listobj *l, long start, uint64_t n);

/* Iteration from an index towards the tail (LISTOBJ_TAIL) or the head (LISTOBJ_HEAD). The list
 * must not change while an iterator walks it. */
struct listobj_iter {
    const struct listobj *l;
    const void *node;
    size_t pos;
    int dir;
};
void listobj_iter_init(struct listobj_iter *it, const struct listobj *l, long index, int dir);
/* The next element (valid until the list changes); 0 at the end. */
int listobj_iter_next(struct listobj_iter *it, const char **s, size_t *len);

/* Whether the structure holds together: counts agree, no node is empty, links go both ways,
 * every node of more than one element is within the size bound, and compression is in shape
 * (the window at each end plain, every other node compressed unless LZF is not worth it there,
 * every compressed form sound). For tests. */
int listobj_check(const struct listobj *l);

/* OBJECT ENCODING's name: Redis 7.0 says quicklist for every list. */
const char *listobj_encoding(const struct listobj *l);

#endif
