/* The error catalogue's texts (see errors.h). Read-only, any thread. */
#include "resp/errors.h"

static const char *const error_texts[ERROR_COUNT] = {
#define ERROR_TEXT(id, text) [id] = text,
    ERROR_LIST(ERROR_TEXT)
#undef ERROR_TEXT
};

const char *error_text(enum error_id id)
{
    return error_texts[id];
}
