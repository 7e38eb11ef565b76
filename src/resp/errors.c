/* The error catalogue's texts (see errors.h). Read-only, any thread. */
#include <string.h>

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

static const char *const code_names[ERROR_CODE_COUNT] = {
#define ERROR_CODE_NAME(code) [ERRCODE_##code] = #code,
    ERROR_CODE_LIST(ERROR_CODE_NAME)
#undef ERROR_CODE_NAME
};

enum error_code error_code_of(const char *msg)
{
    size_t n = strcspn(msg, " \r\n");
    for (int i = 0; i < ERROR_CODE_COUNT; i++)
        if (strlen(code_names[i]) == n && memcmp(code_names[i], msg, n) == 0)
            return (enum error_code)i;
    return ERRCODE_ERR;
}

const char *error_code_name(enum error_code c)
{
    return code_names[c];
}
