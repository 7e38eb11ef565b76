/* The catalogue of error replies, worded exactly as Redis words them (the code word included,
 * "-" and CRLF left to the reply writer). One list, so no handler spells an error twice. */
#ifndef TESSERA_ERRORS_H
#define TESSERA_ERRORS_H

#define ERROR_LIST(X)                                                                              \
    X(ERR_SYNTAX, "ERR syntax error")                                                              \
    X(ERR_WRONGTYPE, "WRONGTYPE Operation against a key holding the wrong kind of value")          \
    X(ERR_NOT_INT, "ERR value is not an integer or out of range")                                  \
    X(ERR_NOT_FLOAT, "ERR value is not a valid float")                                             \
    X(ERR_OVERFLOW, "ERR increment or decrement would overflow")                                   \
    X(ERR_DECR_OVERFLOW, "ERR decrement would overflow")                                           \
    X(ERR_CMD_INVALID, "ERR Invalid command specified")                                            \
    X(ERR_CMD_ARGC, "ERR Invalid number of arguments specified for command")                       \
    X(ERR_CMD_NO_KEYS, "ERR The command has no key arguments")                                     \
    X(ERR_CMD_BAD_ARGS, "ERR Invalid arguments specified for command")                             \
    X(ERR_NAN_INF, "ERR increment would produce NaN or Infinity")                                  \
    X(ERR_NO_KEY, "ERR no such key")                                                               \
    X(ERR_DB_INDEX, "ERR DB index is out of range")                                                \
    X(ERR_INVALID_EXPIRE, "ERR invalid expire time in '%s' command")                               \
    X(ERR_STRING_TOO_LONG, "ERR string exceeds maximum allowed size (proto-max-bulk-len)")         \
    /* Tessera's own: an entry keeps a key's length in 32 bits (proto-max-bulk-len > 4gb only) */  \
    X(ERR_KEY_TOO_LONG, "ERR key exceeds maximum allowed size (4294967295 bytes)")                 \
    X(ERR_OFFSET_RANGE, "ERR offset is out of range")                                              \
    X(ERR_BIT_OFFSET, "ERR bit offset is not an integer or out of range")                          \
    X(ERR_BIT_VALUE, "ERR bit is not an integer or out of range")                                  \
    X(ERR_BIT_ARG, "ERR The bit argument must be 1 or 0.")                                         \
    X(ERR_BITOP_NOT, "ERR BITOP NOT must be called with a single source key.")                     \
    X(ERR_BITFIELD_TYPE, "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is " \
                         "not supported but i64 is.")                                              \
    X(ERR_BITFIELD_OVERFLOW, "ERR Invalid OVERFLOW type specified")                                \
    X(ERR_BITFIELD_RO, "ERR BITFIELD_RO only supports the GET subcommand")                         \
    X(ERR_NOT_POSITIVE, "ERR value is out of range, must be positive")                             \
    X(ERR_VALUE_RANGE, "ERR value is out of range")                                                \
    X(ERR_WRONG_ARGS, "ERR wrong number of arguments for '%s' command")                            \
    X(ERR_UNKNOWN_CMD, "ERR unknown command '%.*s', with args beginning with: %s")                 \
    X(ERR_UNKNOWN_SUBCMD, "ERR unknown subcommand '%.128s'. Try %s HELP.")                         \
    X(ERR_NOAUTH, "NOAUTH Authentication required.")                                               \
    X(ERR_WRONGPASS, "WRONGPASS invalid username-password pair or user is disabled.")              \
    X(ERR_AUTH_NOPASS, "ERR AUTH <password> called without any password configured for the "       \
                       "default user. Are you sure your configuration is correct?")                \
    X(ERR_NOPROTO, "NOPROTO unsupported protocol version")                                         \
    X(ERR_PROTO_VERSION, "ERR Protocol version is not an integer or out of range")                 \
    X(ERR_MAXCLIENTS, "ERR max number of clients reached")                                         \
    X(ERR_NO_SUCH_CLIENT, "ERR No such client")                                                    \
    X(ERR_CLIENT_NAME, "ERR Client names cannot contain spaces, newlines or special characters.")  \
    X(ERR_TIMEOUT_NOT_FLOAT, "ERR timeout is not a float or out of range")                         \
    X(ERR_TIMEOUT_NEGATIVE, "ERR timeout is negative")                                             \
    X(ERR_COUNT_POSITIVE, "ERR count should be greater than 0")                                    \
    X(ERR_NX_XX_GT_LT, "ERR NX and XX, GT or LT options at the same time are not compatible")      \
    X(ERR_GT_LT_NX, "ERR GT, LT, and/or NX options at the same time are not compatible")           \
    X(ERR_SAME_OBJECT, "ERR source and destination objects are the same")                          \
    X(ERR_GT_LT, "ERR GT and LT options at the same time are not compatible")                      \
    X(ERR_UNSUPPORTED_OPTION, "ERR Unsupported option %s")                                         \
    X(ERR_INVALID_CURSOR, "ERR invalid cursor")                                                    \
    X(ERR_RANGE, "ERR value is out of range, value must between %lld and %lld")                    \
    X(ERR_HELLO_OPTION, "ERR Syntax error in HELLO option '%.*s'")                                 \
    X(ERR_HELLO_NOAUTH,                                                                            \
      "NOAUTH HELLO must be called with the client already authenticated, otherwise the "          \
      "HELLO AUTH <user> <pass> option can be used to authenticate the client and "                \
      "select the RESP protocol version at the same time")                                         \
    X(ERR_CLIENT_ID_RANGE, "ERR client-id should be greater than 0")                               \
    X(ERR_CLIENT_ID_INVALID, "ERR Invalid client ID")                                              \
    X(ERR_CLIENT_TYPE, "ERR Unknown client type '%.*s'")                                           \
    X(ERR_NO_SUCH_USER, "ERR No such user '%.*s'")                                                 \
    X(ERR_SETINFO_OPTION, "ERR Unrecognized option '%.*s'")                                        \
    X(ERR_SETINFO_VALUE, "ERR %.*s cannot contain spaces, newlines or special characters.")        \
    X(ERR_TRACK_REDIR_ONE, "ERR A client can only redirect to a single other client")              \
    X(ERR_TRACK_REDIR_MISSING, "ERR The client ID you want redirect to does not exist")            \
    X(ERR_TRACK_PREFIX_BCAST, "ERR PREFIX option requires BCAST mode to be enabled")               \
    X(ERR_TRACK_BCAST_SWITCH,                                                                      \
      "ERR You can't switch BCAST mode on/off before disabling tracking for this client, and "     \
      "then re-enabling it with a different mode.")                                                \
    X(ERR_TRACK_BCAST_OPT, "ERR OPTIN and OPTOUT are not compatible with BCAST")                   \
    X(ERR_TRACK_OPTIN_OPTOUT, "ERR You can't specify both OPTIN mode and OPTOUT mode")             \
    X(ERR_TRACK_OPT_SWITCH,                                                                        \
      "ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and "     \
      "then re-enabling it with a different mode.")                                                \
    X(ERR_TRACK_OVERLAP_OLD,                                                                       \
      "ERR Prefix '%.*s' overlaps with an existing prefix '%.*s'. Prefixes for a single "          \
      "client must not overlap.")                                                                  \
    X(ERR_TRACK_OVERLAP_NEW,                                                                       \
      "ERR Prefix '%.*s' overlaps with another provided prefix '%.*s'. Prefixes for a single "     \
      "client must not overlap.")                                                                  \
    X(ERR_CACHING_MODE,                                                                            \
      "ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN "      \
      "or OPTOUT mode enabled")                                                                    \
    X(ERR_CACHING_YES,                                                                             \
      "ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.")              \
    X(ERR_CACHING_NO,                                                                              \
      "ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.")              \
    X(ERR_CONFIG_UNKNOWN, "ERR Unknown option or number of arguments for CONFIG SET - '%s'")       \
    X(ERR_CONFIG_FAILED, "ERR CONFIG SET failed (possibly related to argument '%s') - %s")         \
    X(ERR_NO_CONFIG_FILE, "ERR The server is running without a config file")                       \
    X(ERR_CONFIG_REWRITE, "ERR Rewriting config file: %s")                                         \
    X(ERR_PROTECTED_MODE,                                                                          \
      "DENIED Redis is running in protected mode because protected mode is enabled and no "        \
      "password is set for the default user. In this mode connections are only accepted "          \
      "from the loopback interface. If you want to connect from external computers to Redis "      \
      "you may adopt one of the following solutions: 1) Just disable protected mode sending "      \
      "the command 'CONFIG SET protected-mode no' from the loopback interface by connecting "      \
      "to Redis from the same host the server is running, however MAKE SURE Redis is not "         \
      "publicly accessible from internet if you do so. Use CONFIG REWRITE to make this "           \
      "change permanent. 2) Alternatively you can just disable the protected mode by "             \
      "editing the Redis configuration file, and setting the protected mode option to 'no', "      \
      "and then restarting the server. 3) If you started the server manually just for "            \
      "testing, restart it with the '--protected-mode no' option. 4) Setup a an "                  \
      "authentication password for the default user. NOTE: You only need to do one of the "        \
      "above things in order for the server to start accepting connections from the "              \
      "outside.")                                                                                  \
    X(ERR_NO_SHUTDOWN, "ERR No shutdown in progress.")                                             \
    X(ERR_LOADING, "LOADING Redis is loading the dataset in memory")                               \
    X(ERR_OBJECT_NO_LFU,                                                                           \
      "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note "    \
      "that when switching between policies at runtime LRU and LFU data will take some time to "   \
      "adjust.")                                                                                   \
    X(ERR_OBJECT_LFU,                                                                              \
      "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when "     \
      "switching between policies at runtime LRU and LFU data will take some time to adjust.")     \
    X(ERR_OOM, "OOM command not allowed when used memory > 'maxmemory'.")                          \
    X(ERR_BGSAVE_IN_PROGRESS, "ERR Background save already in progress")                           \
    X(ERR_BUSYKEY, "BUSYKEY Target key name already exists.")                                      \
    X(ERR_RESTORE_TTL, "ERR Invalid TTL value, must be >= 0")                                      \
    X(ERR_RESTORE_IDLETIME, "ERR Invalid IDLETIME value, must be >= 0")                            \
    X(ERR_RESTORE_FREQ, "ERR Invalid FREQ value, must be >= 0 and <= 255")                         \
    X(ERR_DEBUG_DISABLED,                                                                          \
      "ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", "    \
      "you can run it from a local connection, otherwise you need to set this option in the "      \
      "configuration file, and then restart the server.")                                          \
    X(ERR_RELOAD_OPTION, "ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.")  \
    X(ERR_RELOAD_SAVE, "ERR Error trying to save the RDB dump")                                    \
    X(ERR_RELOAD_LOAD, "ERR Error trying to load the RDB dump: %s")                                \
    X(ERR_DEBUG_SUBCOMMAND,                                                                        \
      "ERR unknown subcommand or wrong number of arguments for '%.128s'. Try DEBUG HELP.")         \
    X(ERR_DEBUG_NOT_LISTPACK, "ERR Not a listpack encoded object.")                                \
    X(ERR_DEBUG_NOT_QUICKLIST, "ERR Not a quicklist encoded object.")                              \
    X(ERR_DEBUG_DB_RANGE, "ERR Out of range database")                                             \
    X(ERR_DEBUG_NOT_HT,                                                                            \
      "ERR The value stored at the specified key is not represented using an hash table")          \
    X(ERR_DEBUG_RESP2, "ERR RESP2 is not supported by this command")                               \
    X(ERR_DEBUG_PROTOCOL_TYPE,                                                                     \
      "ERR Wrong protocol type name. Please use one of the following: "                            \
      "string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false")           \
    X(ERR_DEBUG_PACKED_THRESHOLD,                                                                  \
      "ERR argument must be a memory value bigger than 1 and smaller than 4gb")                    \
    X(ERR_MISCONF, "MISCONF Redis is configured to save RDB snapshots, but it's currently unable " \
                   "to persist to disk. Commands that may modify the data set are disabled, "      \
                   "because this instance is configured to report errors during writes if RDB "    \
                   "snapshotting fails (stop-writes-on-bgsave-error option). Please check the "    \
                   "Redis logs for details about the RDB error.")                                  \
    X(ERR_HASH_NOT_INT, "ERR hash value is not an integer")                                        \
    X(ERR_HASH_NOT_FLOAT, "ERR hash value is not a float")                                         \
    X(ERR_VALUE_NAN_INF, "ERR value is NaN or Infinity")                                           \
    X(ERR_NUMKEYS_POSITIVE, "ERR numkeys should be greater than 0")                                \
    X(ERR_NUMKEYS_ARGS, "ERR Number of keys can't be greater than number of args")                 \
    X(ERR_LIMIT_NEGATIVE, "ERR LIMIT can't be negative")                                           \
    X(ERR_INDEX_RANGE, "ERR index out of range")                                                   \
    X(ERR_LPOS_RANK, "ERR RANK can't be zero: use 1 to start from the first match, 2 from the "    \
                     "second ... or use negative to start from the end of the list")               \
    X(ERR_LPOS_COUNT, "ERR COUNT can't be negative")                                               \
    X(ERR_LPOS_MAXLEN, "ERR MAXLEN can't be negative")                                             \
    X(ERR_GEO_LONLAT, "ERR invalid longitude,latitude pair %f,%f")                                 \
    X(ERR_GEO_UNIT, "ERR unsupported unit provided. please use M, KM, FT, MI")                     \
    X(ERR_GEO_MEMBER, "ERR could not decode requested zset member")                                \
    X(ERR_GEO_RADIUS_NUM, "ERR need numeric radius")                                               \
    X(ERR_GEO_RADIUS_NEG, "ERR radius cannot be negative")                                         \
    X(ERR_GEO_WIDTH_NUM, "ERR need numeric width")                                                 \
    X(ERR_GEO_HEIGHT_NUM, "ERR need numeric height")                                               \
    X(ERR_GEO_BOX_NEG, "ERR height or width cannot be negative")                                   \
    X(ERR_GEO_COUNT, "ERR COUNT must be > 0")                                                      \
    X(ERR_GEO_ANY, "ERR the ANY argument requires COUNT argument")                                 \
    X(ERR_GEO_STORE_OPTS,                                                                          \
      "ERR %s is not compatible with WITHDIST, WITHHASH and WITHCOORD options")                    \
    X(ERR_GEO_FROM, "ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for %.*s")       \
    X(ERR_GEO_BY, "ERR exactly one of BYRADIUS and BYBOX can be specified for %.*s")               \
    X(ERR_ZADD_NX_XX, "ERR XX and NX options at the same time are not compatible")                 \
    X(ERR_ZADD_INCR_PAIR, "ERR INCR option supports a single increment-element pair")              \
    X(ERR_SCORE_NAN, "ERR resulting score is not a number (NaN)")                                  \
    X(ERR_MINMAX_FLOAT, "ERR min or max is not a float")                                           \
    X(ERR_MINMAX_LEX, "ERR min or max not valid string range item")                                \
    X(ERR_ZRANGE_LIMIT,                                                                            \
      "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX")     \
    X(ERR_ZRANGE_BYLEX_SCORES,                                                                     \
      "ERR syntax error, WITHSCORES not supported in combination with BYLEX")                      \
    X(ERR_INPUT_KEY_NEEDED, "ERR at least 1 input key is needed for '%s' command")                 \
    X(ERR_WEIGHT_FLOAT, "ERR weight value is not a float")                                         \
    X(ERR_NOT_HLL, "WRONGTYPE Key is not a valid HyperLogLog string value.")                       \
    X(ERR_INVALID_HLL, "INVALIDOBJ Corrupted HLL object detected")                                 \
    X(ERR_STREAM_ID, "ERR Invalid stream ID specified as stream command argument")                 \
    X(ERR_XADD_ID_SMALL,                                                                           \
      "ERR The ID specified in XADD is equal or smaller than the target stream top item")          \
    X(ERR_XADD_ID_ZERO, "ERR The ID specified in XADD must be greater than 0-0")                   \
    X(ERR_XADD_EXHAUSTED,                                                                          \
      "ERR The stream has exhausted the last possible ID, unable to add more items")               \
    X(ERR_XADD_TOO_LARGE, "ERR Elements are too large to be stored")                               \
    X(ERR_XTRIM_MAXLEN_NEG, "ERR The MAXLEN argument must be >= 0.")                               \
    X(ERR_XTRIM_LIMIT_NEG, "ERR The LIMIT argument must be >= 0.")                                 \
    X(ERR_XTRIM_BOTH,                                                                              \
      "ERR syntax error, MAXLEN and MINID options at the same time are not compatible")            \
    X(ERR_XTRIM_LIMIT_NO_STRATEGY,                                                                 \
      "ERR syntax error, LIMIT cannot be used without specifying a trimming strategy")             \
    X(ERR_XTRIM_LIMIT_NO_APPROX,                                                                   \
      "ERR syntax error, LIMIT cannot be used without the special ~ option")                       \
    X(ERR_XTRIM_NO_STRATEGY, "ERR syntax error, XTRIM must be called with a trimming strategy")    \
    X(ERR_XRANGE_START, "ERR invalid start ID for the interval")                                   \
    X(ERR_XRANGE_END, "ERR invalid end ID for the interval")                                       \
    X(ERR_TIMEOUT_NOT_INT, "ERR timeout is not an integer or out of range")                        \
    X(ERR_XREAD_UNBALANCED, "ERR Unbalanced XREAD list of streams: for each stream key an ID or "  \
                            "'$' must be specified.")                                              \
    X(ERR_XREAD_GT, "ERR The > ID can be specified only when calling XREADGROUP using the GROUP "  \
                    "<group> <consumer> option.")                                                  \
    X(ERR_XREAD_GROUP,                                                                             \
      "ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.")           \
    X(ERR_XREAD_NOACK,                                                                             \
      "ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.")           \
    X(ERR_XSETID_ENTRIES_ADDED, "ERR entries_added must be positive")                              \
    X(ERR_XSETID_MAX_DELETED, "ERR The ID specified in XSETID is smaller than the provided "       \
                              "max_deleted_entry_id")                                              \
    X(ERR_XSETID_SMALL, "ERR The ID specified in XSETID is smaller than the target stream top "    \
                        "item")                                                                    \
    X(ERR_XSETID_LENGTH, "ERR The entries_added specified in XSETID is smaller than the target "   \
                         "stream length")                                                          \
    X(ERR_SUBCMD_SYNTAX,                                                                           \
      "ERR unknown subcommand or wrong number of arguments for '%.*s'. Try %s HELP.")

enum error_id {
#define ERROR_ENUM(id, text) id,
    ERROR_LIST(ERROR_ENUM)
#undef ERROR_ENUM
        ERROR_COUNT
};

/* The text of an error; texts with %s take the command name or argument (see reply_errorf). */
const char *error_text(enum error_id id);

/* Error codes as INFO errorstats counts them (the first word of an error: ERR, WRONGTYPE...). */
/* clang-format off */
#define ERROR_CODE_LIST(X) \
    X(ERR) X(WRONGTYPE) X(NOAUTH) X(WRONGPASS) X(NOPROTO) X(EXECABORT) \
    X(OOM) X(BUSY) X(NOSCRIPT) X(LOADING) X(READONLY) X(MISCONF) \
    X(NOPERM) X(BUSYKEY) X(UNKILLABLE) X(NOTBUSY) X(CROSSSLOT) X(MOVED) \
    X(ASK) X(TRYAGAIN) X(NOREPLICAS) X(DENIED) X(UNBLOCKED) \
    X(INVALIDOBJ)
/* clang-format on */
enum error_code {
#define ERROR_CODE_ENUM(code) ERRCODE_##code,
    ERROR_CODE_LIST(ERROR_CODE_ENUM)
#undef ERROR_CODE_ENUM
        ERROR_CODE_COUNT
};
/* The code an error message starts with (ERRCODE_ERR when it is none of the known ones). */
enum error_code error_code_of(const char *msg);
const char *error_code_name(enum error_code c);

#endif
