# Shared pieces of the scripting tests (test_scripting*.py, test_functions.py,
# test_client_scripting.py): the SHA1 of a script body, the texts of script errors as Redis 7.0.15
# words them (the "script: <sha>, on @user_script:<line>." suffix, "@user_function" for functions),
# and the probes that turn "unknown command" into a SKIP while the server has no scripting yet
# (issue 13).

import hashlib

from harness import RespError, Skip

NOSCRIPT = 'NOSCRIPT No matching script. Please use EVAL.'
NOTBUSY = 'NOTBUSY No scripts in execution right now.'
NOT_ALLOWED = 'ERR This Redis command is not allowed from script'
RO_WRITE = 'ERR Write commands are not allowed from read-only scripts.'
RO_FLAGGED = 'ERR Can not execute a script with write flag using *_ro command.'
KEYS_NEGATIVE = "ERR Number of keys can't be negative"
KEYS_TOO_MANY = "ERR Number of keys can't be greater than number of args"
NOT_INT = 'ERR value is not an integer or out of range'
OOM = "OOM command not allowed when used memory > 'maxmemory'."


def sha1(body):
    """The hex SHA1 of a script body (str or bytes): its name in the script cache."""
    if isinstance(body, str):
        body = body.encode()
    return hashlib.sha1(body).hexdigest()


def script_error(text, body, line=1):
    """The error a script run by EVAL fails with: text, then where (its SHA1 and line)."""
    return '%s script: %s, on @user_script:%d.' % (text, sha1(body), line)


def function_error(text, name, line):
    """The error a function run by FCALL fails with: text, then its name and line."""
    return '%s script: %s, on @user_function:%d.' % (text, name, line)


def wire(text):
    """The exact bytes of an error reply."""
    return b'-' + text.encode() + b'\r\n'


def _require(c, what, *args):
    v = c.cmd(*args)
    if isinstance(v, RespError) and v.startswith('ERR unknown command'):
        raise Skip('the server has no %s yet (issue 13)' % what)
    return v


def require_eval(c):
    """Skips the test while the server answers "unknown command" to EVAL; returns c."""
    _require(c, 'EVAL', 'EVAL', 'return 1', '0')
    return c


def require_functions(c):
    """Skips the test while the server answers "unknown command" to FUNCTION; returns c."""
    _require(c, 'FUNCTION', 'FUNCTION', 'STATS')
    return c


def raw(srv, **kw):
    """A raw client of the file's shared server, the test skipped while it has no EVAL."""
    return require_eval(srv.raw(**kw))
