/* Pub/sub, keyspace notifications and MONITOR. Subscriptions live on the subscriber's worker, in
 * that worker's registry; a message goes to every worker that has subscribers (one shared,
 * reference-counted message on the mesh), and each delivers to its own clients in the order it
 * receives messages, which keeps one publisher's messages in order. See docs/pubsub.md.
 * Worker threads only. */
#ifndef TESSERA_PUBSUB_H
#define TESSERA_PUBSUB_H

#include <stdatomic.h>
#include <stdint.h>

#include "cmd/cmd.h"

struct session;
struct worker;
struct msg;

/* Per worker: set up its registry at start, free it at the end. */
void pubsub_worker_init(struct worker *w);
void pubsub_worker_free(struct worker *w);
/* Registers the keyspace-event publisher with the keyspace (once, at start). */
void pubsub_init(void);

/* The session's channels and patterns (0 when it subscribes to nothing). */
int pubsub_count(const struct session *s);
/* For CLIENT LIST: channels, patterns, shard channels. */
void pubsub_counts(const struct session *s, long *sub, long *psub, long *ssub);
/* Whether fn answers 1 for one of the session's channels, shard channels or patterns
 * (pattern 1); the client's own worker. */
int pubsub_any(const struct session *s,
               int (*fn)(void *arg, const char *name, size_t len, int pattern), void *arg);
/* The session ends or resets: leaves every channel and pattern, stops monitoring. */
void pubsub_session_end(struct session *s);

/* MONITOR: whether anyone monitors, and the feed of a command about to run for session s. */
extern _Atomic int g_monitors;
static inline int pubsub_monitoring(void)
{
    return atomic_load_explicit(&g_monitors, memory_order_relaxed) > 0;
}
void pubsub_feed_monitors(struct session *s, const struct command *cmd, int db, int argc,
                          const struct resp_arg *argv);
/* A command a script runs, shown as Redis shows it (`[<db> lua]`), kept with the script's events:
 * a run that must go again over more shards shows nothing of itself. */
void pubsub_feed_monitors_script(struct worker *w, const struct command *cmd, int db, int argc,
                                 const struct resp_arg *argv);

/* Keyspace events in a client's order. The events a client's command causes are kept with its
 * reply's place (struct pending's `events`) when earlier replies of the client are still on
 * their way, and published when that place is sent (net/client.c), so that one client's events
 * keep the order of its commands whichever shards ran them. A thread running a command for a
 * client sets the sink its events go to (NULL: published at once); swap returns the previous one
 * to put back. */
struct pubsub_events;
struct pubsub_events **pubsub_sink_swap(struct pubsub_events **sink);
/* Moves the events of src behind those of *dst. */
void pubsub_events_append(struct pubsub_events **dst, struct pubsub_events *src);
/* Publishes the kept events from this worker, in order, and frees them (NULL: none). */
void pubsub_sink_publish(struct worker *w, struct pubsub_events *events);
void pubsub_sink_free(struct pubsub_events *events);

/* INFO's pubsub_channels, pubsub_patterns, pubsubshard_channels: each worker's part takes a
 * snapshot of its names on its thread; done counts the distinct ones over every part. */
void *pubsub_stats_part(struct worker *w);
void pubsub_stats_done(void **parts, int n, uint64_t *channels, uint64_t *patterns,
                       uint64_t *shard_channels);
void pubsub_stats_free(void *part);

/* Dispatch hands over a MSG_PUBSUB message from another worker. */
void pubsub_on_message(struct worker *w, struct msg *m);
void pubsub_free_message(struct msg *m);

void cmd_subscribe(struct cmd_ctx *ctx);
void cmd_unsubscribe(struct cmd_ctx *ctx);
void cmd_psubscribe(struct cmd_ctx *ctx);
void cmd_punsubscribe(struct cmd_ctx *ctx);
void cmd_ssubscribe(struct cmd_ctx *ctx);
void cmd_sunsubscribe(struct cmd_ctx *ctx);
void cmd_publish(struct cmd_ctx *ctx);
void cmd_spublish(struct cmd_ctx *ctx);
void cmd_pubsub_channels(struct cmd_ctx *ctx);
void cmd_pubsub_shardchannels(struct cmd_ctx *ctx);
void cmd_pubsub_numsub(struct cmd_ctx *ctx);
void cmd_pubsub_shardnumsub(struct cmd_ctx *ctx);
void cmd_pubsub_numpat(struct cmd_ctx *ctx);
void cmd_pubsub_help(struct cmd_ctx *ctx);
void cmd_monitor(struct cmd_ctx *ctx);

#endif
