# Lua scripting over TCP (issue 13): EVAL, EVALSHA, EVAL_RO, EVALSHA_RO and SCRIPT LOAD / EXISTS /
# FLUSH / KILL / HELP; the errors scripts fail with ("user_script:LINE:" and the "script: <sha>, on
# @user_script:LINE." suffix); the sandbox (undeclared globals, protected tables, the libraries that
# are there and those that are not, bytecode refused); the redis API (call, pcall, error_reply,
# status_reply, sha1hex, log, setresp, set_repl, replicate_commands, breakpoint, debug, constants);
# conversions between Lua and RESP2 / RESP3 both ways; the script rules (noscript commands, writes
# from read-only scripts, shebang flags, OOM, SELECT, blocking commands, the script cache, INFO).
# Every expectation is Redis 7.0.15's observed answer; tests skip while the server has no EVAL.
# Helpers: scriptutil.py.

from harness import eq, ok, is_error, info_field, RespError, arity, resp3
import scriptutil as su
from scriptutil import sha1, script_error, wire


def ev(c, body, *keys_and_args, numkeys=None):
    """The exact bytes of EVAL body; numkeys defaults to 0 (every extra argument is an ARGV)."""
    return c.cmd_raw('EVAL', body, 0 if numkeys is None else numkeys, *keys_and_args)


def check_all(c, cases, what=''):
    """Each (body, expected bytes) run with EVAL and no keys."""
    for body, want in cases:
        eq(ev(c, body), want, '%sEVAL %r' % (what, body))


def script_fails(c, body, text, line=1, keys=(), args=()):
    """EVAL of body fails with text at line (the suffix names the body's SHA1)."""
    eq(c.cmd_raw('EVAL', body, len(keys), *keys, *args), wire(script_error(text, body, line)),
       'EVAL %r' % body)


# ---------------------------------------------------------------------------------------------
# EVAL and its arguments

def test_eval_basic_replies(srv):
    c = su.raw(srv)
    check_all(c, [
        ('return 1', b':1\r\n'),
        ('return -7', b':-7\r\n'),
        ("return 'x'", b'$1\r\nx\r\n'),
        ("return ''", b'$0\r\n\r\n'),
        ('return nil', b'$-1\r\n'),
        ('return', b'$-1\r\n'),
        ('', b'$-1\r\n'),
        ('local x = 1', b'$-1\r\n'),
        ('return {}', b'*0\r\n'),
    ])


def test_eval_keys_and_argv(srv):
    c = su.raw(srv)
    eq(c.cmd_raw('EVAL', 'return {KEYS[1], KEYS[2], ARGV[1], ARGV[2], #KEYS, #ARGV}', 2,
                 'k1', 'k2', 'a1', 'a2'),
       b'*6\r\n$2\r\nk1\r\n$2\r\nk2\r\n$2\r\na1\r\n$2\r\na2\r\n:2\r\n:2\r\n')
    eq(c.cmd_raw('EVAL', 'return {#KEYS, #ARGV}', 0), b'*2\r\n:0\r\n:0\r\n')
    eq(c.cmd_raw('EVAL', 'return {#KEYS, #ARGV}', 3, 'a', 'b', 'c'), b'*2\r\n:3\r\n:0\r\n')
    # arguments are strings, converted by arithmetic
    eq(c.cmd_raw('EVAL', 'return {type(ARGV[1]), ARGV[1] + 1}', 0, '41'),
       b'*2\r\n$6\r\nstring\r\n:42\r\n')
    # binary-safe both ways
    blob = bytes(range(256)) + b'\r\n\x00end'
    eq(c.cmd('EVAL', 'return ARGV[1]', 0, blob), blob)
    eq(c.cmd('EVAL', 'return #KEYS[1]', 1, blob), len(blob))
    eq(c.cmd('EVAL', "redis.call('set', KEYS[1], ARGV[1]) return redis.call('get', KEYS[1])",
             1, blob, blob), blob)
    eq(c.cmd('GET', blob), blob)


def test_eval_number_of_keys_errors(srv):
    c = su.raw(srv)
    body = 'return 1'
    for cmd in ('EVAL', 'EVAL_RO'):
        eq(c.cmd_raw(cmd, body, -1), wire(su.KEYS_NEGATIVE), cmd + ' -1')
        eq(c.cmd_raw(cmd, body, 2, 'a'), wire(su.KEYS_TOO_MANY), cmd + ' 2 a')
        eq(c.cmd_raw(cmd, body, 1), wire(su.KEYS_TOO_MANY), cmd + ' 1')
        for bad in ('abc', '1.5', '99999999999999999999', ''):
            eq(c.cmd_raw(cmd, body, bad), wire(su.NOT_INT), '%s numkeys %r' % (cmd, bad))
    sha = sha1(body)
    eq(c.cmd('SCRIPT', 'LOAD', body), sha.encode())
    for cmd in ('EVALSHA', 'EVALSHA_RO'):
        eq(c.cmd_raw(cmd, sha, -1), wire(su.KEYS_NEGATIVE), cmd + ' -1')
        eq(c.cmd_raw(cmd, sha, 3, 'a', 'b'), wire(su.KEYS_TOO_MANY), cmd + ' 3 a b')
        eq(c.cmd_raw(cmd, sha, 'x'), wire(su.NOT_INT), cmd + ' x')
    # as many keys as arguments is fine
    eq(c.cmd_raw('EVAL', 'return #KEYS', 2, 'a', 'b'), b':2\r\n')


def test_eval_arity(srv):
    c = su.raw(srv)
    for cmd in ('eval', 'evalsha', 'eval_ro', 'evalsha_ro'):
        eq(c.cmd_raw(cmd.upper()), wire(arity(cmd)), cmd)
        eq(c.cmd_raw(cmd.upper(), 'return 1'), wire(arity(cmd)), cmd + ' without numkeys')


def test_eval_compile_errors(srv):
    c = su.raw(srv)
    eq(ev(c, 'return syntax error here'),
       wire("ERR Error compiling script (new function): user_script:1: '<eof>' expected near "
            "'error'"))
    eq(ev(c, 'local a = 1\n\nreturn +'),
       wire("ERR Error compiling script (new function): user_script:3: unexpected symbol near "
            "'+'"))
    eq(ev(c, 'return {'),
       wire("ERR Error compiling script (new function): user_script:1: unexpected symbol near "
            "'<eof>'"))
    # a body that did not compile is not cached
    eq(c.cmd('SCRIPT', 'EXISTS', sha1('return {')), [0])


# ---------------------------------------------------------------------------------------------
# EVALSHA and the script cache

def test_eval_caches_the_body_for_evalsha(srv):
    c = su.raw(srv)
    eq(c.cmd('SCRIPT', 'FLUSH'), 'OK')
    body = "return 'cached ' .. ARGV[1]"
    sha = sha1(body)
    eq(c.cmd_raw('EVALSHA', sha, 0, 'x'), wire(su.NOSCRIPT))
    eq(c.cmd('SCRIPT', 'EXISTS', sha), [0])
    eq(c.cmd_raw('EVAL', body, 0, 'one'), b'$10\r\ncached one\r\n')
    eq(c.cmd('SCRIPT', 'EXISTS', sha), [1])
    eq(c.cmd_raw('EVALSHA', sha, 0, 'two'), b'$10\r\ncached two\r\n')
    eq(c.cmd_raw('EVALSHA', sha.upper(), 0, 'up'), b'$9\r\ncached up\r\n')
    eq(c.cmd_raw('EVALSHA_RO', sha, 0, 'ro'), b'$9\r\ncached ro\r\n')
    # another connection sees the same cache
    d = srv.raw()
    eq(d.cmd_raw('EVALSHA', sha, 0, 'd'), b'$8\r\ncached d\r\n')
    # a script that failed at run time stays cached
    failing = "return redis.call('nosuchcommand')"
    is_error(c.cmd('EVAL', failing, 0))
    eq(c.cmd('SCRIPT', 'EXISTS', sha1(failing)), [1])


def test_evalsha_unknown_sha(srv):
    c = su.raw(srv)
    for sha in ('ffffffffffffffffffffffffffffffffffffffff', 'e0e1', 'x',
                'e0e1f9fabfc9d4800c877a703b823ac0578ff8dbxx', ''):
        for cmd in ('EVALSHA', 'EVALSHA_RO'):
            eq(c.cmd_raw(cmd, sha, 0), wire(su.NOSCRIPT), '%s %r' % (cmd, sha))


def test_script_load_and_exists(srv):
    c = su.raw(srv)
    eq(c.cmd('SCRIPT', 'FLUSH'), 'OK')
    eq(c.cmd_raw('SCRIPT', 'LOAD', 'return 1'),
       b'$40\r\ne0e1f9fabfc9d4800c877a703b823ac0578ff8db\r\n')
    # loading again is harmless and answers the same
    eq(c.cmd('SCRIPT', 'LOAD', 'return 1'), b'e0e1f9fabfc9d4800c877a703b823ac0578ff8db')
    eq(c.cmd('SCRIPT', 'LOAD', 'return 2'), sha1('return 2').encode())
    eq(c.cmd_raw('SCRIPT', 'EXISTS', 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db',
                 'ffffffffffffffffffffffffffffffffffffffff',
                 'E0E1F9FABFC9D4800C877A703B823AC0578FF8DB', sha1('return 2'), 'short'),
       b'*5\r\n:1\r\n:0\r\n:1\r\n:1\r\n:0\r\n')
    # SCRIPT LOAD does not run the script
    eq(c.cmd('SCRIPT', 'LOAD', "redis.call('set', 'loaded', 'ran')"),
       sha1("redis.call('set', 'loaded', 'ran')").encode())
    eq(c.cmd('EXISTS', 'loaded'), 0)
    eq(c.cmd('EVALSHA', sha1("redis.call('set', 'loaded', 'ran')"), 0), None)
    eq(c.cmd('GET', 'loaded'), b'ran')
    # a body that does not compile is refused
    eq(c.cmd_raw('SCRIPT', 'LOAD', 'return +'),
       wire("ERR Error compiling script (new function): user_script:1: unexpected symbol near "
            "'+'"))
    eq(c.cmd('SCRIPT', 'EXISTS', sha1('return +')), [0])
    eq(c.cmd_raw('SCRIPT', 'EXISTS'), wire(arity('script|exists')))
    eq(c.cmd_raw('SCRIPT', 'LOAD'), wire(arity('script|load')))
    eq(c.cmd_raw('SCRIPT', 'LOAD', 'a', 'b'), wire(arity('script|load')))


def test_script_flush(srv):
    c = su.raw(srv)
    for mode in ((), ('ASYNC',), ('SYNC',), ('async',), ('sync',)):
        sha = c.cmd('SCRIPT', 'LOAD', 'return %d' % len(mode)).decode()
        eq(c.cmd('SCRIPT', 'EXISTS', sha), [1])
        eq(c.cmd_raw('SCRIPT', 'FLUSH', *mode), b'+OK\r\n', 'SCRIPT FLUSH %r' % (mode,))
        eq(c.cmd('SCRIPT', 'EXISTS', sha), [0], 'after SCRIPT FLUSH %r' % (mode,))
        eq(c.cmd_raw('EVALSHA', sha, 0), wire(su.NOSCRIPT))
    for bad in (('BAD',), ('SYNC', 'ASYNC'), ('ASYNC', 'ASYNC')):
        eq(c.cmd_raw('SCRIPT', 'FLUSH', *bad),
           wire('ERR SCRIPT FLUSH only support SYNC|ASYNC option'), 'SCRIPT FLUSH %r' % (bad,))
    # EVAL brings a flushed body back
    eq(ev(c, 'return 0'), b':0\r\n')
    eq(c.cmd('EVALSHA', sha1('return 0'), 0), 0)


def test_script_flush_leaves_data_and_functions(srv):
    c = su.raw(srv)
    eq(c.cmd('SET', 'k', 'v'), 'OK')
    eq(c.cmd('SCRIPT', 'FLUSH'), 'OK')
    eq(c.cmd('GET', 'k'), b'v')
    # and FLUSHALL leaves the scripts
    sha = c.cmd('SCRIPT', 'LOAD', 'return 5').decode()
    eq(c.cmd('FLUSHALL'), 'OK')
    eq(c.cmd('EVALSHA', sha, 0), 5)


def test_script_help_and_errors(srv):
    c = su.raw(srv)
    # Tessera has no Lua debugger (SCRIPT DEBUG): its help leaves those two lines out
    debug = (b'+DEBUG (YES|SYNC|NO)\r\n'
             b'+    Set the debug mode for subsequent scripts executed.\r\n')
    eq(c.cmd_raw('SCRIPT', 'HELP'),
       (b'*17\r\n' if srv.reference else b'*15\r\n') +
       b'+SCRIPT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n' +
       (debug if srv.reference else b'') +
       b'+EXISTS <sha1> [<sha1> ...]\r\n'
       b'+    Return information about the existence of the scripts in the script cache.\r\n'
       b'+FLUSH [ASYNC|SYNC]\r\n'
       b'+    Flush the Lua scripts cache. Very dangerous on replicas.\r\n'
       b'+    When called without the optional mode argument, the behavior is determined by the\r\n'
       b'+    lazyfree-lazy-user-flush configuration directive. Valid modes are:\r\n'
       b'+    * ASYNC: Asynchronously flush the scripts cache.\r\n'
       b'+    * SYNC: Synchronously flush the scripts cache.\r\n'
       b'+KILL\r\n'
       b'+    Kill the currently executing Lua script.\r\n'
       b'+LOAD <script>\r\n'
       b'+    Load a script into the scripts cache without executing it.\r\n'
       b'+HELP\r\n'
       b'+    Prints this help.\r\n')
    eq(c.cmd_raw('SCRIPT'), wire(arity('script')))
    eq(c.cmd_raw('SCRIPT', 'NOPE'), wire("ERR unknown subcommand 'NOPE'. Try SCRIPT HELP."))
    eq(c.cmd_raw('SCRIPT', 'KILL', 'x'), wire(arity('script|kill')))
    eq(c.cmd_raw('SCRIPT', 'KILL'), wire(su.NOTBUSY))
    eq(c.cmd_raw('FUNCTION', 'KILL'), wire(su.NOTBUSY))


# ---------------------------------------------------------------------------------------------
# Script errors

def test_runtime_error_texts(srv):
    c = su.raw(srv)
    script_fails(c, "error('hi')", 'ERR user_script:1: hi')
    script_fails(c, "local a = 1\nlocal b = 2\nerror('line three')",
                 'ERR user_script:3: line three', line=3)
    # the line of the innermost frame, in the message and in the suffix
    script_fails(c, "local function f()\n  error('deep')\nend\nf()", 'ERR user_script:2: deep',
                 line=2)
    script_fails(c, 'error(123)', 'ERR user_script:1: 123')
    script_fails(c, 'error()', 'ERR nil')
    script_fails(c, 'error(nil)', 'ERR nil')
    # level 0: no position added, and ERR put in front of any text
    script_fails(c, "error('no position', 0)", 'ERR no position')
    script_fails(c, "error('MYCODE custom', 0)", 'ERR MYCODE custom')
    # an error table is the reply's text as it is
    script_fails(c, "error({err='MYERR from a table'})", 'MYERR from a table')
    script_fails(c, "local function f()\n  error({err='TAB deep'})\nend\n\nf()", 'TAB deep',
                 line=2)
    script_fails(c, 'local t = nil\nreturn t.x',
                 "ERR user_script:2: attempt to index local 't' (a nil value)", line=2)
    script_fails(c, "return 1 + {}",
                 'ERR user_script:1: attempt to perform arithmetic on a table value')
    script_fails(c, "return nofunc()",
                 "ERR user_script:1: Script attempted to access nonexistent global variable "
                 "'nofunc'")


def test_redis_call_errors_fail_the_script(srv):
    c = su.raw(srv)
    eq(c.cmd('SET', 's', 'x'), 'OK')
    script_fails(c, "return redis.call('incr', 's')", su.NOT_INT)
    script_fails(c, "return redis.call('lpush', 's', 1)",
                 'WRONGTYPE Operation against a key holding the wrong kind of value')
    script_fails(c, "return redis.call('nosuch')",
                 'ERR Unknown Redis command called from script')
    script_fails(c, "return redis.call('incr')",
                 'ERR Wrong number of args calling Redis command from script')
    script_fails(c, "return redis.call('set', 'a')",
                 'ERR Wrong number of args calling Redis command from script')
    script_fails(c, 'return redis.call()',
                 'ERR Please specify at least one argument for this redis lib call')
    script_fails(c, 'return redis.call(1)', 'ERR Unknown Redis command called from script')
    script_fails(c, "return redis.call('get', {})",
                 'ERR Lua redis lib command arguments must be strings or integers')
    script_fails(c, "return redis.call('set', 'n', true)",
                 'ERR Lua redis lib command arguments must be strings or integers')
    # the suffix names the line of the call
    script_fails(c, "local a = 1\nlocal b = 2\nreturn redis.call('nosuch')",
                 'ERR Unknown Redis command called from script', line=3)
    script_fails(c, "local function f()\n  redis.call('incr')\nend\n\nf()",
                 'ERR Wrong number of args calling Redis command from script', line=2)
    # the writes before the failing call stay done (no rollback)
    script_fails(c, "redis.call('set', 'before', '1')\nredis.call('incr', 's')", su.NOT_INT,
                 line=2)
    eq(c.cmd('GET', 'before'), b'1')
    # numbers are sent as their text
    eq(ev(c, "redis.call('set', 'n', 3.5) return redis.call('get', 'n')"), b'$3\r\n3.5\r\n')
    eq(ev(c, "redis.call('set', 'n', 10) return redis.call('get', 'n')"), b'$2\r\n10\r\n')


def test_redis_pcall_error_tables(srv):
    c = su.raw(srv)
    eq(c.cmd('SET', 's', 'x'), 'OK')
    # returned as it is, the error table is the error reply, without the suffix
    eq(ev(c, "return redis.pcall('incr', 's')"), wire(su.NOT_INT))
    eq(ev(c, "return redis.pcall('nosuch')"), wire('ERR Unknown Redis command called from script'))
    eq(ev(c, "return redis.pcall('incr', 'a', 'b')"),
       wire('ERR Wrong number of args calling Redis command from script'))
    # it is a table with an err field, and the script goes on
    eq(ev(c, "local t = redis.pcall('incr', 's') return {type(t), t['err']}"),
       b'*2\r\n$5\r\ntable\r\n$43\r\nERR value is not an integer or out of range\r\n')
    eq(ev(c, "local t = redis.pcall('lpush', 's', 'x') return t.err"),
       b'$65\r\nWRONGTYPE Operation against a key holding the wrong kind of value\r\n')
    eq(ev(c, "local t = redis.pcall('nosuch') redis.call('set', 'after', 'yes') return 'went on'"),
       b'$7\r\nwent on\r\n')
    eq(c.cmd('GET', 'after'), b'yes')
    # a successful pcall is like call
    eq(ev(c, "return redis.pcall('get', 's')"), b'$1\r\nx\r\n')
    eq(ev(c, "return redis.pcall('ping')"), b'+PONG\r\n')
    # inside an array the error is an element of the array
    eq(ev(c, "return {1, redis.pcall('incr', 's'), 3}"),
       b'*3\r\n:1\r\n-ERR value is not an integer or out of range\r\n:3\r\n')


def test_lua_pcall_gets_error_texts(srv):
    c = su.raw(srv)
    eq(c.cmd('SET', 's', 'x'), 'OK')
    # Lua's own pcall around redis.call or error({err=...}) gets the error's text as a string
    eq(ev(c, "local ok, e = pcall(redis.call, 'nosuch') return {tostring(ok), type(e), e}"),
       b'*3\r\n$5\r\nfalse\r\n$6\r\nstring\r\n'
       b'$44\r\nERR Unknown Redis command called from script\r\n')
    eq(ev(c, "local ok, e = pcall(function() return redis.call('incr', 's') end) "
             "return {tostring(ok), e}"),
       b'*2\r\n$5\r\nfalse\r\n$43\r\nERR value is not an integer or out of range\r\n')
    eq(ev(c, "local ok, e = pcall(error, {err='TBL'}) return {tostring(ok), type(e), e}"),
       b'*3\r\n$5\r\nfalse\r\n$6\r\nstring\r\n$3\r\nTBL\r\n')
    eq(ev(c, "local ok, e = pcall(error, 'plain') return {tostring(ok), e}"),
       b'*2\r\n$5\r\nfalse\r\n$5\r\nplain\r\n')
    eq(ev(c, "local ok, e = pcall(function() local x = nil return x.y end) "
             "return {tostring(ok), e}"),
       b"*2\r\n$5\r\nfalse\r\n$55\r\nuser_script:1: attempt to index local 'x' (a nil value)\r\n")
    eq(ev(c, "local ok, v = pcall(function() return 5 end) return {tostring(ok), v}"),
       b'*2\r\n$4\r\ntrue\r\n:5\r\n')
    eq(ev(c, "return {xpcall(function() error('x', 0) end, "
             "function(m) return 'handled ' .. m end)}"),
       b'*2\r\n$-1\r\n$9\r\nhandled x\r\n')
    eq(ev(c, "local ok, m = xpcall(function() error('x', 0) end, "
             "function(m) return 'handled ' .. m end) return m"),
       b'$9\r\nhandled x\r\n')


def test_error_and_status_replies(srv):
    c = su.raw(srv)
    check_all(c, [
        ("return redis.error_reply('boom')", b'-ERR boom\r\n'),
        ("return redis.error_reply('ERR boom')", b'-ERR boom\r\n'),
        ("return redis.error_reply('MYERR custom')", b'-MYERR custom\r\n'),
        ("return redis.error_reply('')", b'-ERR \r\n'),
        ('return redis.error_reply()', b'-ERR wrong number or type of arguments\r\n'),
        ("return redis.status_reply('FINE')", b'+FINE\r\n'),
        ('return redis.status_reply()', b'-ERR wrong number or type of arguments\r\n'),
        ("return {err='My Err'}", b'-My Err\r\n'),
        ("return {err='-x'}", b'--x\r\n'),
        ("return {ok='fine'}", b'+fine\r\n'),
        ("return {ok='fine', err='wins'}", b'-wins\r\n'),
        ("local t = redis.error_reply('E1') return {type(t), t.err}",
         b'*2\r\n$5\r\ntable\r\n$6\r\nERR E1\r\n'),
        ("local t = redis.status_reply('S1') return {type(t), t.ok}",
         b'*2\r\n$5\r\ntable\r\n$2\r\nS1\r\n'),
        ("return {1, {err='inner'}, {ok='fine'}}", b'*3\r\n:1\r\n-inner\r\n+fine\r\n'),
        # a status reply received from a command is a table with an ok field
        ("return redis.call('ping')", b'+PONG\r\n'),
        ("return redis.call('ping')['ok']", b'$4\r\nPONG\r\n'),
        ("return type(redis.call('set', 'k', 'v'))", b'$5\r\ntable\r\n'),
        ("return redis.call('set', 'k', 'v')", b'+OK\r\n'),
    ])


# ---------------------------------------------------------------------------------------------
# The sandbox

def test_undeclared_globals(srv):
    c = su.raw(srv)
    for name in ('x', 'undefined_thing', 'os', 'io', 'package', 'require', 'loadfile', 'dofile',
                 'print', 'setfenv', 'getfenv', 'debug', 'newproxy', 'module'):
        body = 'return type(%s)' % name
        script_fails(c, body, "ERR user_script:1: Script attempted to access nonexistent global "
                              "variable '%s'" % name)
    script_fails(c, 'return _G.x',
                 "ERR user_script:1: Script attempted to access nonexistent global variable 'x'")
    # a script cannot create globals, however it tries
    for body in ('x = 1', '_G.x = 1', 'function f() end', 'KEYS = {}', 'redis = nil'):
        script_fails(c, body, 'ERR user_script:1: Attempt to modify a readonly table')
    for body in ("rawset(_G, 'x', 1)", 'setmetatable(_G, nil)'):
        script_fails(c, body, 'ERR Attempt to modify a readonly table')
    # locals are fine, and nothing leaks from one script to the next
    eq(ev(c, 'local x = 5 local function f(a) return a * x end return f(2)'), b':10\r\n')
    script_fails(c, 'return type(x)',
                 "ERR user_script:1: Script attempted to access nonexistent global variable 'x'")


def test_protected_library_tables(srv):
    c = su.raw(srv)
    for body in ('redis.call = nil', 'redis.x = 1', "redis.log = function() end",
                 'cjson.encode = nil', 'cjson.x = 1', 'string.x = 1', 'string.rep = nil',
                 'table.insert = nil', 'math.floor = nil', 'bit.band = nil', 'struct.pack = nil',
                 'cmsgpack.pack = nil'):
        script_fails(c, body, 'ERR user_script:1: Attempt to modify a readonly table')
    # and they still work after those attempts
    eq(ev(c, "return {redis.call('ping').ok, cjson.encode({1}), string.rep('a', 2), "
             "math.floor(2.5), bit.band(3, 1)}"),
       b'*5\r\n$4\r\nPONG\r\n$3\r\n[1]\r\n$2\r\naa\r\n:2\r\n:1\r\n')
    # a script's own tables are its to change, metatables included
    eq(ev(c, "local t = setmetatable({}, {__index = function(t, k) return k .. '!' end}) "
             "t.a = 1 return {t.a, t.b}"),
       b'*2\r\n:1\r\n$2\r\nb!\r\n')


def test_available_globals(srv):
    c = su.raw(srv)
    names = ['string', 'table', 'math', 'cjson', 'bit', 'struct', 'cmsgpack', 'redis', 'coroutine',
             '_G', 'KEYS', 'ARGV', 'loadstring', 'load', 'pcall', 'xpcall', 'error', 'assert',
             'type', 'tostring', 'tonumber', 'pairs', 'ipairs', 'next', 'select', 'unpack',
             'rawget', 'rawset', 'rawequal', 'setmetatable', 'getmetatable', 'collectgarbage',
             'gcinfo']
    body = 'return {%s}' % ', '.join('type(%s)' % n for n in names)
    want = ['table'] * 9 + ['table', 'table', 'table'] + ['function'] * 21
    eq(c.cmd('EVAL', body, 0), [w.encode() for w in want])
    eq(ev(c, 'return _VERSION'), b'$7\r\nLua 5.1\r\n')


def test_bytecode_refused(srv):
    c = su.raw(srv)
    # loadstring of a string.dump result compiles nothing: nil and a parse error
    eq(ev(c, 'local f, e = loadstring(string.dump(function() return 1 end)) '
             'return {type(f), type(e)}'),
       b'*2\r\n$3\r\nnil\r\n$6\r\nstring\r\n')
    r = c.cmd('EVAL', 'local f, e = loadstring(string.dump(function() return 1 end)) return e', 0)
    ok(isinstance(r, bytes) and r.endswith(b": unexpected symbol near 'char(27)'"),
       'loadstring of bytecode answered %r' % (r,))
    eq(ev(c, "local f, e = loadstring('\\27Lua') return type(f)"), b'$3\r\nnil\r\n')
    # load with a reader function refuses it too
    r = c.cmd('EVAL', 'local s = string.dump(function() return 1 end) local done = false '
                      'local f, e = load(function() if done then return nil end done = true '
                      'return s end) return {type(f), e}', 0)
    ok(isinstance(r, list) and r[0] == b'nil' and r[1].endswith(b"unexpected symbol near "
                                                               b"'char(27)'"),
       'load of bytecode answered %r' % (r,))
    # text chunks load and run
    eq(ev(c, "local f = loadstring('return 5 + ...') return f(2)"), b':7\r\n')
    eq(ev(c, "local f, e = loadstring('return +') return {type(f), e}"),
       b'*2\r\n$3\r\nnil\r\n$49\r\n[string "return +"]:1: unexpected symbol near \'+\'\r\n')


# ---------------------------------------------------------------------------------------------
# The redis API

def test_redis_sha1hex(srv):
    c = su.raw(srv)
    check_all(c, [
        ("return redis.sha1hex('')", b'$40\r\nda39a3ee5e6b4b0d3255bfef95601890afd80709\r\n'),
        ("return redis.sha1hex('Pizza & Mandolino')",
         b'$40\r\n74822d82031af7493c20eefa13bd07ec4fada82f\r\n'),
        ('return redis.sha1hex(123)', b'$40\r\n40bd001563085fc35165329ea1ff5c5ecbdbbeef\r\n'),
    ])
    blob = bytes(range(256)) * 3
    eq(c.cmd('EVAL', 'return redis.sha1hex(ARGV[1])', 0, blob), sha1(blob).encode())
    script_fails(c, 'return redis.sha1hex()', 'ERR wrong number of arguments')


def test_redis_log(srv):
    c = su.raw(srv)
    check_all(c, [
        ("return redis.log(redis.LOG_WARNING, 'scripting test: a warning')", b'$-1\r\n'),
        ("return redis.log(redis.LOG_NOTICE, 'several', 'parts', 3)", b'$-1\r\n'),
        ("return redis.log(redis.LOG_VERBOSE, 'verbose')", b'$-1\r\n'),
        ("return redis.log(redis.LOG_DEBUG, 'debug')", b'$-1\r\n'),
        ("redis.log(redis.LOG_WARNING, 'then') return 'went on'", b'$7\r\nwent on\r\n'),
    ])
    script_fails(c, "return redis.log(99, 'x')", 'ERR Invalid debug level.')
    script_fails(c, 'return redis.log(redis.LOG_WARNING)',
                 'ERR redis.log() requires two arguments or more.')


def test_redis_constants(srv):
    c = su.raw(srv)
    check_all(c, [
        ('return {redis.LOG_DEBUG, redis.LOG_VERBOSE, redis.LOG_NOTICE, redis.LOG_WARNING}',
         b'*4\r\n:0\r\n:1\r\n:2\r\n:3\r\n'),
        ('return {redis.REPL_NONE, redis.REPL_AOF, redis.REPL_SLAVE, redis.REPL_REPLICA, '
         'redis.REPL_ALL}', b'*5\r\n:0\r\n:1\r\n:2\r\n:2\r\n:3\r\n'),
    ])
    # the version the server reports in INFO, as a string and as 0x00MMmmpp
    version = None
    for line in c.cmd('INFO', 'server').decode().splitlines():
        if line.startswith('redis_version:'):
            version = line.split(':', 1)[1]
    ok(version is not None, 'INFO server has redis_version')
    eq(c.cmd('EVAL', 'return redis.REDIS_VERSION', 0), version.encode())
    major, minor, patch = (int(x) for x in version.split('.'))
    eq(c.cmd('EVAL', 'return redis.REDIS_VERSION_NUM', 0), (major << 16) | (minor << 8) | patch)
    eq(c.cmd('EVAL', "return string.format('%06x', redis.REDIS_VERSION_NUM)", 0),
       ('%02x%02x%02x' % (major, minor, patch)).encode())


def test_redis_set_repl_and_replicate_commands(srv):
    c = su.raw(srv)
    check_all(c, [
        ('return redis.replicate_commands()', b':1\r\n'),
        ('return redis.set_repl(redis.REPL_ALL)', b'$-1\r\n'),
        ('return redis.set_repl(redis.REPL_NONE)', b'$-1\r\n'),
        ('return redis.set_repl(redis.REPL_AOF)', b'$-1\r\n'),
        ('return redis.set_repl(redis.REPL_REPLICA)', b'$-1\r\n'),
        ("redis.set_repl(redis.REPL_NONE) redis.call('set', 'r', 'v') "
         "redis.set_repl(redis.REPL_ALL) return redis.call('get', 'r')", b'$1\r\nv\r\n'),
    ])
    script_fails(c, 'return redis.set_repl(99)',
                 'ERR Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or '
                 'REPL_NONE.')
    # the write is done whatever the replication flags say
    eq(c.cmd('GET', 'r'), b'v')


def test_redis_setresp_errors(srv):
    c = su.raw(srv)
    check_all(c, [
        ('return redis.setresp(2)', b'$-1\r\n'),
        ('return redis.setresp(3)', b'$-1\r\n'),
    ])
    script_fails(c, 'return redis.setresp(4)', 'ERR RESP version must be 2 or 3.')
    script_fails(c, 'return redis.setresp(1)', 'ERR RESP version must be 2 or 3.')


def test_redis_breakpoint_and_debug(srv):
    c = su.raw(srv)
    # outside the debugger both do nothing
    check_all(c, [
        ('return redis.breakpoint()', b'$-1\r\n'),
        ("return redis.debug('x', 1)", b'$-1\r\n'),
        ("redis.breakpoint() redis.debug('y') return 'went on'", b'$7\r\nwent on\r\n'),
    ])


# ---------------------------------------------------------------------------------------------
# Conversions, RESP2

def test_lua_to_resp2(srv):
    c = su.raw(srv)
    check_all(c, [
        # numbers are truncated towards zero to integers
        ('return 3.99', b':3\r\n'),
        ('return -3.99', b':-3\r\n'),
        ('return 0.5', b':0\r\n'),
        ('return {1, 2.7, -0.5}', b'*3\r\n:1\r\n:2\r\n:0\r\n'),
        ("return '3.99'", b'$4\r\n3.99\r\n'),
        ('return 2^40', b':1099511627776\r\n'),
        # booleans: true is 1, false is a null bulk
        ('return true', b':1\r\n'),
        ('return false', b'$-1\r\n'),
        ('return {1, true, false, 3}', b'*4\r\n:1\r\n:1\r\n$-1\r\n:3\r\n'),
        # an array stops at its first nil
        ("return {1, 2, 3, 'x', nil, 4}", b'*4\r\n:1\r\n:2\r\n:3\r\n$1\r\nx\r\n'),
        ('return {nil, 1}', b'*0\r\n'),
        ('return {[1]=1, [3]=3}', b'*1\r\n:1\r\n'),
        # keys other than 1..n are not part of the reply
        ('return {a=1}', b'*0\r\n'),
        ("return {1, 2, a='x'}", b'*2\r\n:1\r\n:2\r\n'),
        # nested arrays
        ("return {1, {2, {3, 'x'}}, 'y', {}}",
         b'*4\r\n:1\r\n*2\r\n:2\r\n*2\r\n:3\r\n$1\r\nx\r\n$1\r\ny\r\n*0\r\n'),
        # RESP3 types fall back to RESP2 shapes
        ('return {double=3.5}', b'$3\r\n3.5\r\n'),
        ('return {map={a=1}}', b'*2\r\n$1\r\na\r\n:1\r\n'),
        ('return {set={a=true}}', b'*1\r\n$1\r\na\r\n'),
        ("return {big_number='123456789012345678901234567890'}",
         b'$30\r\n123456789012345678901234567890\r\n'),
        # what has no reply form is nil
        ('return function() end', b'$-1\r\n'),
        ('return coroutine.create(function() end)', b'$-1\r\n'),
    ])


def test_resp2_to_lua(srv):
    c = su.raw(srv)
    eq(c.cmd('RPUSH', 'l', 'a', 'b', 'c'), 3)
    eq(c.cmd('HSET', 'h', 'f', 'v'), 1)
    eq(c.cmd('ZADD', 'z', '1.5', 'm'), 1)
    check_all(c, [
        # integer reply: a number
        ("local v = redis.call('incr', 'n') return {type(v), v}",
         b'*2\r\n$6\r\nnumber\r\n:1\r\n'),
        # bulk: a string
        ("local v = redis.call('lindex', 'l', 0) return {type(v), v}",
         b'*2\r\n$6\r\nstring\r\n$1\r\na\r\n'),
        # null bulk and null array: false
        ("local v = redis.call('get', 'nokey') return {type(v), tostring(v)}",
         b'*2\r\n$7\r\nboolean\r\n$5\r\nfalse\r\n'),
        ("local v = redis.call('lpop', 'nolist', 2) return {type(v), tostring(v)}",
         b'*2\r\n$7\r\nboolean\r\n$5\r\nfalse\r\n'),
        ("return redis.call('get', 'nokey')", b'$-1\r\n'),
        # status: a table with ok
        ("local v = redis.call('set', 'k', 'v') return {type(v), v.ok}",
         b'*2\r\n$5\r\ntable\r\n$2\r\nOK\r\n'),
        # arrays: tables, nested
        ("local v = redis.call('lrange', 'l', 0, -1) return {type(v), #v, v[1], v[3]}",
         b'*4\r\n$5\r\ntable\r\n:3\r\n$1\r\na\r\n$1\r\nc\r\n'),
        ("return redis.call('lrange', 'l', 0, -1)", b'*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n'),
        ("local v = redis.call('lrange', 'nolist', 0, -1) return {type(v), #v}",
         b'*2\r\n$5\r\ntable\r\n:0\r\n'),
        # maps and doubles arrive in their RESP2 shapes
        ("return redis.call('hgetall', 'h')", b'*2\r\n$1\r\nf\r\n$1\r\nv\r\n'),
        ("local v = redis.call('zscore', 'z', 'm') return {type(v), v}",
         b'*2\r\n$6\r\nstring\r\n$3\r\n1.5\r\n'),
        ("return redis.call('zrange', 'z', 0, -1, 'withscores')",
         b'*2\r\n$1\r\nm\r\n$3\r\n1.5\r\n'),
        # a null inside an array is false: the array is cut there on the way back
        ("local v = redis.call('mget', 'k', 'nokey', 'k') return {type(v[2]), #v}",
         b'*2\r\n$7\r\nboolean\r\n:3\r\n'),
        ("return redis.call('mget', 'k', 'nokey', 'k')", b'*3\r\n$1\r\nv\r\n$-1\r\n$1\r\nv\r\n'),
    ])


# ---------------------------------------------------------------------------------------------
# Conversions, RESP3

def test_lua_to_resp3(srv):
    c = resp3(srv)
    su.require_eval(c)
    check_all(c, [
        ('return {double=3.5}', b',3.5\r\n'),
        ('return {double=0.1}', b',0.10000000000000001\r\n'),
        ('return {double=-2}', b',-2\r\n'),
        ('return {double=1/0}', b',inf\r\n'),
        ('return {double=-1/0}', b',-inf\r\n'),
        ('return {map={a=1}}', b'%1\r\n$1\r\na\r\n:1\r\n'),
        ('return {map={}}', b'%0\r\n'),
        ("return {map={k={1, 'x'}}}", b'%1\r\n$1\r\nk\r\n*2\r\n:1\r\n$1\r\nx\r\n'),
        ('return {set={a=true}}', b'~1\r\n$1\r\na\r\n'),
        ('return {set={}}', b'~0\r\n'),
        ("return {big_number='123456789012345678901234567890'}",
         b'(123456789012345678901234567890\r\n'),
        # without setresp(3) the booleans keep their RESP2 meaning, null is RESP3's
        ('return true', b':1\r\n'),
        ('return false', b'_\r\n'),
        ('return nil', b'_\r\n'),
        ("return redis.call('get', 'nokey')", b'_\r\n'),
        ('return {1, nil, 2}', b'*1\r\n:1\r\n'),
        ('return 3.7', b':3\r\n'),
        ("return {err='E'}", b'-E\r\n'),
        ("return {ok='S'}", b'+S\r\n'),
        # with setresp(3) they are RESP3 booleans
        ('redis.setresp(3) return true', b'#t\r\n'),
        ('redis.setresp(3) return false', b'#f\r\n'),
        ('redis.setresp(3) return {true, false, 1}', b'*3\r\n#t\r\n#f\r\n:1\r\n'),
        ('redis.setresp(3) return nil', b'_\r\n'),
        ('redis.setresp(3) return {1, {double=2.5}, {map={x={1, 2}}}}',
         b'*3\r\n:1\r\n,2.5\r\n%1\r\n$1\r\nx\r\n*2\r\n:1\r\n:2\r\n'),
    ])


def test_lua_to_resp2_after_setresp3(srv):
    # a RESP2 client gets RESP2 shapes whatever the script's protocol
    c = su.raw(srv)
    check_all(c, [
        ('redis.setresp(3) return true', b':1\r\n'),
        ('redis.setresp(3) return false', b':0\r\n'),
        ('redis.setresp(3) return {double=3.5}', b'$3\r\n3.5\r\n'),
        ('redis.setresp(3) return {map={a=1}}', b'*2\r\n$1\r\na\r\n:1\r\n'),
        ('redis.setresp(3) return {set={a=true}}', b'*1\r\n$1\r\na\r\n'),
        ("redis.setresp(3) return {big_number='12'}", b'$2\r\n12\r\n'),
        ("redis.setresp(3) return redis.call('get', 'nokey')", b'$-1\r\n'),
    ])
    eq(c.cmd('HSET', 'h', 'f', 'v'), 1)
    eq(c.cmd('SADD', 's', 'm'), 1)
    eq(c.cmd('ZADD', 'z', '1.5', 'a'), 1)
    check_all(c, [
        ("redis.setresp(3) return redis.call('hgetall', 'h')", b'*2\r\n$1\r\nf\r\n$1\r\nv\r\n'),
        ("redis.setresp(3) return redis.call('smembers', 's')", b'*1\r\n$1\r\nm\r\n'),
        ("redis.setresp(3) return redis.call('zscore', 'z', 'a')", b'$3\r\n1.5\r\n'),
        ("redis.setresp(3) return redis.call('zrange', 'z', 0, -1, 'withscores')",
         b'*1\r\n*2\r\n$1\r\na\r\n$3\r\n1.5\r\n'),
    ])


def test_resp3_replies_to_lua(srv):
    c = resp3(srv)
    su.require_eval(c)
    eq(c.cmd('HSET', 'h', 'f1', 'v1'), 1)
    eq(c.cmd('HSET', 'h2', 'f1', 'v1', 'f2', 'v2'), 2)
    eq(c.cmd('SADD', 's', 'm1'), 1)
    eq(c.cmd('ZADD', 'z', '1.5', 'a'), 1)
    check_all(c, [
        # a map: a table with a map field, returned as a map
        ("redis.setresp(3) local m = redis.call('hgetall', 'h') return {type(m.map), m.map.f1}",
         b'*2\r\n$5\r\ntable\r\n$2\r\nv1\r\n'),
        ("redis.setresp(3) return redis.call('hgetall', 'h')",
         b'%1\r\n$2\r\nf1\r\n$2\r\nv1\r\n'),
        # a set: a table with a set field whose members are true
        ("redis.setresp(3) local s = redis.call('smembers', 's') "
         "return {type(s.set), tostring(s.set.m1)}",
         b'*2\r\n$5\r\ntable\r\n$4\r\ntrue\r\n'),
        ("redis.setresp(3) return redis.call('smembers', 's')", b'~1\r\n$2\r\nm1\r\n'),
        ("redis.setresp(3) return redis.call('smembers', 'nokey')", b'~0\r\n'),
        # a double: a table with a double field holding a number
        ("redis.setresp(3) local d = redis.call('zscore', 'z', 'a') "
         "return {type(d), type(d.double), tostring(d.double)}",
         b'*3\r\n$5\r\ntable\r\n$6\r\nnumber\r\n$3\r\n1.5\r\n'),
        ("redis.setresp(3) return redis.call('zscore', 'z', 'a')", b',1.5\r\n'),
        ("redis.setresp(3) return redis.call('zrange', 'z', 0, -1, 'withscores')",
         b'*1\r\n*2\r\n$1\r\na\r\n,1.5\r\n'),
        # a null: nil (not false as in RESP2)
        ("redis.setresp(3) local v = redis.call('get', 'nokey') return type(v)",
         b'$3\r\nnil\r\n'),
        ("redis.setresp(3) local v = redis.call('zscore', 'z', 'nomember') return type(v)",
         b'$3\r\nnil\r\n'),
        ("redis.setresp(3) return redis.call('get', 'nokey')", b'_\r\n'),
        ("redis.setresp(2) local v = redis.call('get', 'nokey') return type(v)",
         b'$7\r\nboolean\r\n'),
        # integers, bulks and arrays are as in RESP2
        ("redis.setresp(3) return redis.call('exists', 'h')", b':1\r\n'),
        ("redis.setresp(3) return redis.call('hget', 'h', 'f1')", b'$2\r\nv1\r\n'),
        # without setresp(3) the script gets RESP2 shapes even on a RESP3 connection
        ("return redis.call('hgetall', 'h')", b'*2\r\n$2\r\nf1\r\n$2\r\nv1\r\n'),
        ("return redis.call('zscore', 'z', 'a')", b'$3\r\n1.5\r\n'),
        ("return redis.call('zrange', 'z', 0, -1, 'withscores')",
         b'*2\r\n$1\r\na\r\n$3\r\n1.5\r\n'),
    ])
    # a map of several fields (its order is the Lua table's)
    r = c.cmd('EVAL', "redis.setresp(3) return redis.call('hgetall', 'h2')", 0)
    eq(r, {b'f1': b'v1', b'f2': b'v2'})
    # a verbatim string: a table with verbatim_string = {format, string}
    # (Tessera's INFO gathers from every worker, which a script cannot wait for: scripts may
    # not call it there, docs/scripting.md)
    if srv.reference:
        eq(ev(c, "redis.setresp(3) local t = redis.call('info', 'server') "
                 "return {t.verbatim_string.format, t.verbatim_string.string:sub(1, 8)}"),
           b'*2\r\n$3\r\ntxt\r\n$8\r\n# Server\r\n')


# ---------------------------------------------------------------------------------------------
# What scripts may run

NOSCRIPT_COMMANDS = [
    ('multi',), ('exec',), ('discard',), ('watch', 'a'), ('unwatch',), ('subscribe', 'ch'),
    ('psubscribe', 'p*'), ('unsubscribe',), ('eval', 'return 1', '0'),
    ('evalsha', 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db', '0'), ('eval_ro', 'return 1', '0'),
    ('fcall', 'f', '0'), ('script', 'flush'), ('script', 'load', 'return 1'),
    ('function', 'flush'), ('function', 'list'), ('client', 'list'), ('client', 'id'),
    ('hello',), ('auth', 'x'), ('save',), ('bgsave',), ('shutdown',), ('monitor',),
    ('config', 'get', 'maxmemory'), ('debug', 'sleep', '0'), ('quit',), ('reset',),
    # the blocking commands that may not run in a script at all
    ('blpop', 'nolist', '0'), ('brpop', 'nolist', '0'), ('brpoplpush', 'a', 'b', '0'),
    ('blmove', 'a', 'b', 'left', 'left', '0'), ('bzpopmin', 'nz', '1'), ('bzpopmax', 'nz', '1'),
]


def test_noscript_commands_refused(srv):
    c = su.raw(srv)
    for cmd in NOSCRIPT_COMMANDS:
        body = 'return redis.call(%s)' % ', '.join("'%s'" % a for a in cmd)
        if cmd[0] in ('wait', 'sync', 'psync') and not srv.reference:
            # replication commands Tessera does not have: unknown, as any other
            script_fails(c, body, 'ERR Unknown Redis command called from script')
            continue
        script_fails(c, body, su.NOT_ALLOWED)
        # pcall gets the same text without the suffix
        body = 'return redis.pcall(%s)' % ', '.join("'%s'" % a for a in cmd)
        eq(ev(c, body), wire(su.NOT_ALLOWED), body)
    # the connection is as it was: not in MULTI, not subscribed
    eq(c.cmd_raw('PING'), b'+PONG\r\n')
    eq(c.cmd_raw('EXEC'), b'-ERR EXEC without MULTI\r\n')


def test_allowed_commands_in_scripts(srv):
    c = su.raw(srv)
    check_all(c, [
        ("return redis.call('publish', 'nobody', 'm')", b':0\r\n'),
        ("return redis.call('echo', 'e')", b'$1\r\ne\r\n'),
        ("return redis.call('exists', 'a', 'b')", b':0\r\n'),
        ("return redis.call('dbsize')", b':0\r\n'),
        ("return redis.call('keys', '*')", b'*0\r\n'),
        ("return redis.call('randomkey')", b'$-1\r\n'),
        ("return #redis.call('time')", b':2\r\n'),
        ("return redis.call('type', 'nokey').ok", b'$4\r\nnone\r\n'),
        ("return redis.call('spop', 'noset')", b'$-1\r\n'),
    ])


def test_blocking_commands_answer_as_timed_out(srv):
    c = su.raw(srv)
    check_all(c, [
        # the blocking forms that scripts may call never wait
        ("return redis.call('blmpop', '0', '1', 'nolist', 'left')", b'$-1\r\n'),
        ("return redis.call('bzmpop', '0', '1', 'nozset', 'min')", b'$-1\r\n'),
        ("return redis.call('blmpop', '5', '2', 'l1', 'l2', 'right', 'count', '3')", b'$-1\r\n'),
    ])
    eq(c.cmd('RPUSH', 'l2', 'a', 'b'), 2)
    eq(c.cmd('ZADD', 'z', '1', 'm'), 1)
    check_all(c, [
        ("return redis.call('blmpop', '0', '2', 'l1', 'l2', 'left')",
         b'*2\r\n$2\r\nl2\r\n*1\r\n$1\r\na\r\n'),
        ("return redis.call('bzmpop', '0', '1', 'z', 'min')",
         b'*2\r\n$1\r\nz\r\n*1\r\n*2\r\n$1\r\nm\r\n$1\r\n1\r\n'),
    ])


def test_select_inside_script(srv):
    c = su.raw(srv)
    eq(ev(c, "redis.call('select', 1) redis.call('set', 'k', 'in db1') "
             "return redis.call('get', 'k')"), b'$6\r\nin db1\r\n')
    # the caller stays in its database
    eq(c.cmd('GET', 'k'), None)
    eq(c.cmd('SELECT', '1'), 'OK')
    eq(c.cmd('GET', 'k'), b'in db1')
    # the script starts in the caller's database
    eq(ev(c, "return redis.call('get', 'k')"), b'$6\r\nin db1\r\n')
    eq(ev(c, "redis.call('select', 0) redis.call('set', 'k', 'in db0') return 1"), b':1\r\n')
    eq(c.cmd('GET', 'k'), b'in db1')
    eq(c.cmd('SELECT', '0'), 'OK')
    eq(c.cmd('GET', 'k'), b'in db0')
    script_fails(c, "return redis.call('select', 99)", 'ERR DB index is out of range')
    eq(c.cmd('SELECT', '1'), 'OK')
    eq(c.cmd('FLUSHDB'), 'OK')
    eq(c.cmd('SELECT', '0'), 'OK')


def test_eval_ro_refuses_writes(srv):
    c = su.raw(srv)
    eq(c.cmd('SET', 'x', 'old'), 'OK')
    for body in ("return redis.call('set', 'x', 1)", "return redis.call('del', 'x')",
                 "return redis.call('incr', 'x')", "return redis.call('flushall')",
                 "return redis.call('publish', 'ch', 1)"):
        eq(c.cmd_raw('EVAL_RO', body, 1, 'x'), wire(script_error(su.RO_WRITE, body)), body)
    eq(c.cmd_raw('EVAL_RO', "return redis.pcall('set', 'x', 1)", 1, 'x'), wire(su.RO_WRITE))
    eq(c.cmd('GET', 'x'), b'old')
    # reads are fine
    eq(c.cmd_raw('EVAL_RO', "return redis.call('get', KEYS[1])", 1, 'x'), b'$3\r\nold\r\n')
    # EVALSHA_RO of a cached script that writes: refused the same way
    body = "return redis.call('set', KEYS[1], 'new')"
    sha = c.cmd('SCRIPT', 'LOAD', body).decode()
    eq(c.cmd_raw('EVALSHA_RO', sha, 1, 'x'), wire(script_error(su.RO_WRITE, body)))
    eq(c.cmd_raw('EVALSHA', sha, 1, 'x'), b'+OK\r\n')
    eq(c.cmd('GET', 'x'), b'new')


def test_shebang_no_writes(srv):
    c = su.raw(srv)
    eq(c.cmd('SET', 'x', 'old'), 'OK')
    body = '#!lua flags=no-writes\nreturn redis.call("set", "x", 1)'
    # the shebang is line 1
    eq(c.cmd_raw('EVAL', body, 1, 'x'), wire(script_error(su.RO_WRITE, body, line=2)))
    eq(c.cmd_raw('EVAL', '#!lua flags=no-writes\nreturn redis.pcall("set", "x", 1)', 1, 'x'),
       wire(su.RO_WRITE))
    eq(c.cmd_raw('EVAL', '#!lua flags=no-writes\nreturn redis.call("get", "x")', 1, 'x'),
       b'$3\r\nold\r\n')
    eq(c.cmd_raw('EVAL_RO', '#!lua flags=no-writes\nreturn redis.call("get", "x")', 1, 'x'),
       b'$3\r\nold\r\n')
    # a shebang without no-writes may write, so *_RO refuses to run it at all
    eq(c.cmd_raw('EVAL_RO', '#!lua\nreturn redis.call("get", "x")', 1, 'x'), wire(su.RO_FLAGGED))
    eq(c.cmd_raw('EVAL_RO', '#!lua\nreturn 1', 0), wire(su.RO_FLAGGED))
    sha = c.cmd('SCRIPT', 'LOAD', '#!lua\nreturn 2').decode()
    eq(c.cmd_raw('EVALSHA_RO', sha, 0), wire(su.RO_FLAGGED))
    eq(c.cmd('GET', 'x'), b'old')


def test_shebang_parsing(srv):
    c = su.raw(srv)
    check_all(c, [
        ('#!lua\nreturn 1', b':1\r\n'),
        ('#!lua flags=no-writes\nreturn 1', b':1\r\n'),
        ('#!lua flags=\nreturn 1', b':1\r\n'),
        ('#!lua  flags=no-writes\nreturn 1', b':1\r\n'),
        ('#!lua flags=allow-oom,allow-stale,no-cluster,allow-cross-slot-keys\nreturn 1',
         b':1\r\n'),
        ('#!lua flags=no-writes,allow-oom\nreturn 1', b':1\r\n'),
        ('#!lua flags=bad-flag\nreturn 1',
         b'-ERR Unexpected flag in script shebang: bad-flag\r\n'),
        ('#!lua name=foo\nreturn 1', b'-ERR Unknown lua shebang option: name=foo\r\n'),
        ('#!python\nreturn 1', b'-ERR Unexpected engine in script shebang: #!python\r\n'),
        ('#!lua', b'-ERR Invalid script shebang\r\n'),
        ('#!lua flags=no-writes,', b'-ERR Invalid script shebang\r\n'),
        # a script with a shebang may touch keys it did not declare
        ('#!lua\nreturn redis.call("set", "undeclared", "v")', b'+OK\r\n'),
        ('#!lua\nreturn x',
         wire(script_error("ERR user_script:2: Script attempted to access nonexistent global "
                           "variable 'x'", '#!lua\nreturn x', line=2))),
    ])
    eq(c.cmd('SCRIPT', 'LOAD', '#!lua flags=bad-flag\nreturn 1'),
       RespError('ERR Unexpected flag in script shebang: bad-flag'))


def test_oom_and_allow_oom(srv):
    c = su.raw(srv)
    eq(c.cmd('SET', 'x', '1'), 'OK')
    eq(c.cmd('CONFIG', 'SET', 'maxmemory', '1'), 'OK')
    try:
        # a script with a shebang and no allow-oom / no-writes is refused before it runs
        eq(ev(c, '#!lua\nreturn redis.call("set", "x", 2)'), wire(su.OOM))
        eq(ev(c, '#!lua\nreturn 1'), wire(su.OOM))
        eq(ev(c, '#!lua flags=no-writes\nreturn redis.call("get", "x")'), b'$1\r\n1\r\n')
        eq(ev(c, '#!lua flags=allow-oom\nreturn redis.call("set", "x", 3)'), b'+OK\r\n')
        # a script without a shebang runs; its writes that may grow memory are refused
        body = 'return redis.call("set", "x", 4)'
        eq(ev(c, body), wire(script_error(su.OOM, body)))
        body = 'return redis.call("incr", "x")'
        eq(ev(c, body), wire(script_error(su.OOM, body)))
        eq(ev(c, 'return redis.call("get", "x")'), b'$1\r\n3\r\n')
        eq(c.cmd_raw('EVAL_RO', 'return redis.call("get", "x")', 0), b'$1\r\n3\r\n')
        eq(ev(c, 'return redis.call("del", "x")'), b':1\r\n')
    finally:
        eq(c.cmd('CONFIG', 'SET', 'maxmemory', '0'), 'OK')


# ---------------------------------------------------------------------------------------------
# Lua libraries

def test_lib_base(srv):
    c = su.raw(srv)
    check_all(c, [
        ("return {tostring(12), tonumber('0x10'), tonumber('  7  '), tostring(tonumber('z'))}",
         b'*4\r\n$2\r\n12\r\n:16\r\n:7\r\n$3\r\nnil\r\n'),
        ("return {tostring(0.1), tostring(1/3), tostring(1e15), tostring(-0.0)}",
         b'*4\r\n$3\r\n0.1\r\n$16\r\n0.33333333333333\r\n$5\r\n1e+15\r\n$2\r\n-0\r\n'),
        ("return {select('#', 1, nil, 3), select(2, 'a', 'b', 'c')}",
         b'*3\r\n:3\r\n$1\r\nb\r\n$1\r\nc\r\n'),
        ("return {unpack({1, 2, 3})}", b'*3\r\n:1\r\n:2\r\n:3\r\n'),
        ("local n = 0 for k, v in pairs({a=1, b=2, 3}) do n = n + 1 end return n", b':3\r\n'),
        ("local s = '' for i, v in ipairs({'a', 'b', nil, 'd'}) do s = s .. v end return s",
         b'$2\r\nab\r\n'),
        ("return {rawequal('a', 'a'), rawget({5}, 1), next({}) == nil}",
         b'*3\r\n:1\r\n:5\r\n:1\r\n'),
        ("local ok, e = pcall(assert, false, 'assert text') return e",
         b'$11\r\nassert text\r\n'),
        ("local mt = {__add = function(a, b) return a.v + b.v end} "
         "local a = setmetatable({v=2}, mt) local b = setmetatable({v=3}, mt) "
         "return {a + b, tostring(getmetatable(a) == mt)}",
         b'*2\r\n:5\r\n$4\r\ntrue\r\n'),
        ("local co = coroutine.create(function(a) "
         "local b = coroutine.yield(a + 1) return b * 2 end) "
         "local _, x = coroutine.resume(co, 1) local _, y = coroutine.resume(co, 10) "
         "return {x, y, coroutine.status(co)}",
         b'*3\r\n:2\r\n:20\r\n$4\r\ndead\r\n'),
        ("return {collectgarbage('count') > 0, gcinfo() > 0}", b'*2\r\n:1\r\n:1\r\n'),
    ])


def test_lib_string(srv):
    c = su.raw(srv)
    check_all(c, [
        ("return {string.rep('ab', 3), string.sub('hello', 2, -2), string.upper('aBc'), "
         "string.lower('AbC'), string.len('four'), string.reverse('abc')}",
         b'*6\r\n$6\r\nababab\r\n$3\r\nell\r\n$3\r\nABC\r\n$3\r\nabc\r\n:4\r\n$3\r\ncba\r\n'),
        ("return {string.find('hello world', 'o w'), string.find('a.b', '.', 1, true)}",
         b'*3\r\n:5\r\n:2\r\n:2\r\n'),
        ("return {string.match('key:123:x', '(%a+):(%d+)')}",
         b'*2\r\n$3\r\nkey\r\n$3\r\n123\r\n'),
        ("local t = {} for w in string.gmatch('one two three', '%a+') do t[#t + 1] = w end "
         "return t", b'*3\r\n$3\r\none\r\n$3\r\ntwo\r\n$5\r\nthree\r\n'),
        ("return {string.gsub('hello world', 'o', '0')}", b'*2\r\n$11\r\nhell0 w0rld\r\n:2\r\n'),
        ("return string.format('%d|%5.2f|%s|%q|%x|%-3s|', 42, 3.14159, 'hi', 'a\"b', 255, 'z')",
         b'$26\r\n42| 3.14|hi|"a\\"b"|ff|z  |\r\n'),
        ("return {string.char(72, 105), string.byte('AB', 1, 2)}",
         b'*3\r\n$2\r\nHi\r\n:65\r\n:66\r\n'),
        ("local s = 'method' return {s:upper(), ('x'):rep(3), #s}",
         b'*3\r\n$6\r\nMETHOD\r\n$3\r\nxxx\r\n:6\r\n'),
    ])


def test_lib_table(srv):
    c = su.raw(srv)
    check_all(c, [
        ("local t = {3, 1, 2} table.sort(t) return t", b'*3\r\n:1\r\n:2\r\n:3\r\n'),
        ("local t = {'b', 'c', 'a'} table.sort(t, function(x, y) return x > y end) return t",
         b'*3\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n'),
        ("local t = {} table.insert(t, 'a') table.insert(t, 1, 'b') table.insert(t, 'c') "
         "return t", b'*3\r\n$1\r\nb\r\n$1\r\na\r\n$1\r\nc\r\n'),
        ("local t = {1, 2, 3} local r = table.remove(t, 1) return {r, #t, t[1]}",
         b'*3\r\n:1\r\n:2\r\n:2\r\n'),
        ("return table.concat({1, 'a', 2.5}, ',')", b'$7\r\n1,a,2.5\r\n'),
        ("return {table.getn({1, 2, 3}), #{1, 2}, table.maxn({[1]=1, [7]=7})}",
         b'*3\r\n:3\r\n:2\r\n:7\r\n'),
    ])


def test_lib_math(srv):
    c = su.raw(srv)
    check_all(c, [
        ("return {math.floor(2.7), math.ceil(2.1), math.max(1, 9, 3), math.min(4, -2), "
         "math.abs(-5), math.sqrt(16), math.pow(2, 10), math.fmod(7, 3)}",
         b'*8\r\n:2\r\n:3\r\n:9\r\n:-2\r\n:5\r\n:4\r\n:1024\r\n:1\r\n'),
        ("return {tostring(math.pi), tostring(math.huge), tostring(-math.huge)}",
         b'*3\r\n$15\r\n3.1415926535898\r\n$3\r\ninf\r\n$4\r\n-inf\r\n'),
        ("return {math.floor(math.log10(1000) + 0.5), math.floor(math.exp(0)), "
         "math.floor(math.sin(0)), math.modf(3.5)}",
         b'*5\r\n:3\r\n:1\r\n:0\r\n:3\r\n:0\r\n'),
        # random numbers: in range, and math.randomseed repeats a sequence
        ("for i = 1, 200 do local r = math.random(10) "
         "if r < 1 or r > 10 or r ~= math.floor(r) then return r end end "
         "for i = 1, 200 do local r = math.random(5, 7) if r < 5 or r > 7 then return r end end "
         "for i = 1, 200 do local r = math.random() if r < 0 or r >= 1 then return r end end "
         "return 'in range'", b'$8\r\nin range\r\n'),
        ("math.randomseed(7) local a = {math.random(1000), math.random(1000), math.random(1000)} "
         "math.randomseed(7) local b = {math.random(1000), math.random(1000), math.random(1000)} "
         "return tostring(a[1] == b[1] and a[2] == b[2] and a[3] == b[3])",
         b'$4\r\ntrue\r\n'),
    ])


def test_lib_cjson(srv):
    c = su.raw(srv)
    check_all(c, [
        ("return cjson.encode({1, 2, 3, 'x'})", b'$11\r\n[1,2,3,"x"]\r\n'),
        ("return cjson.encode({a=1})", b'$7\r\n{"a":1}\r\n'),
        ("return cjson.encode({a={b={1, 2.5, true, false}}})",
         b'$30\r\n{"a":{"b":[1,2.5,true,false]}}\r\n'),
        ("return cjson.encode(cjson.null)", b'$4\r\nnull\r\n'),
        ("return cjson.encode({})", b'$2\r\n{}\r\n'),
        ("return cjson.encode('he said \"hi\"\\n/')", b'$20\r\n"he said \\"hi\\"\\n\\/"\r\n'),
        ("return cjson.encode({0.1, 123456789012, -7})", b'$21\r\n[0.1,123456789012,-7]\r\n'),
        ("return cjson.encode({[1]=1, [4]=4})", b'$15\r\n[1,null,null,4]\r\n'),
        ("local t = cjson.decode('{\"a\":[1,2,{\"b\":null}],\"c\":\"d\"}') "
         "return {t.a[1], t.a[2], tostring(t.a[3].b == cjson.null), t.c}",
         b'*4\r\n:1\r\n:2\r\n$4\r\ntrue\r\n$1\r\nd\r\n'),
        ("return cjson.decode('[1,2,3]')", b'*3\r\n:1\r\n:2\r\n:3\r\n'),
        ("return tostring(cjson.decode('1.5'))", b'$3\r\n1.5\r\n'),
        ("return {cjson.decode('\"\\\\u00e9\"'), cjson.decode('true')}",
         b'*2\r\n$2\r\n\xc3\xa9\r\n:1\r\n'),
    ])
    # round trips of values from the client
    doc = '{"name":"r\\u00e9sum\\u00e9","n":[1,2,3],"nested":{"deep":[{"x":true}]}}'
    eq(c.cmd('EVAL', 'local t = cjson.decode(ARGV[1]) '
                     'return {t.name, #t.n, tostring(t.nested.deep[1].x)}', 0, doc),
       ['r\u00e9sum\u00e9'.encode(), 3, b'true'])
    eq(c.cmd('EVAL', 'return cjson.decode(cjson.encode(ARGV[1]))', 0, 'r\u00e9 \x01 /'),
       'r\u00e9 \x01 /'.encode())
    script_fails(c, "return cjson.decode('{bad')",
                 'ERR user_script:1: Expected object key string but found invalid token at '
                 'character 2')
    script_fails(c, 'return cjson.encode(function() end)',
                 'ERR user_script:1: Cannot serialise function: type not supported')
    script_fails(c, 'return cjson.encode({[1]=1, [20]=5})',
                 'ERR user_script:1: Cannot serialise table: excessively sparse array')


def test_lib_bit(srv):
    c = su.raw(srv)
    check_all(c, [
        ("return {bit.band(0xff, 0x0f), bit.bor(1, 2), bit.bxor(5, 3), bit.bnot(0), "
         "bit.lshift(1, 10), bit.rshift(1024, 3), bit.arshift(-256, 4), bit.tobit(0xffffffff), "
         "bit.rol(1, 33), bit.ror(1, 1), bit.bswap(0x12345678)}",
         b'*11\r\n:15\r\n:3\r\n:6\r\n:-1\r\n:1024\r\n:128\r\n:-16\r\n:-1\r\n:2\r\n'
         b':-2147483648\r\n:2018915346\r\n'),
        ("return {bit.tohex(255), bit.tohex(-1, 4), bit.tohex(0xabc, -3)}",
         b'*3\r\n$8\r\n000000ff\r\n$4\r\nffff\r\n$3\r\nABC\r\n'),
        ("return bit.band(0xf0f0, 0xff00, 0x3000)", b':12288\r\n'),
    ])


def test_lib_struct(srv):
    c = su.raw(srv)
    check_all(c, [
        ("return struct.pack('>I2', 258)", b'$2\r\n\x01\x02\r\n'),
        ("return struct.pack('<i4', -2)", b'$4\r\n\xfe\xff\xff\xff\r\n'),
        ("return {struct.unpack('>I2', '\\1\\2')}", b'*2\r\n:258\r\n:3\r\n'),
        ("return {struct.unpack('<i4', struct.pack('<i4', -5))}", b'*2\r\n:-5\r\n:5\r\n'),
        ("return struct.size('>iI2b')", b':7\r\n'),
        ("return {struct.unpack('bc0', struct.pack('bc0', 5, 'hello'))}",
         b'*2\r\n$5\r\nhello\r\n:7\r\n'),
        ("local v = struct.unpack('>d', struct.pack('>d', 2.5)) return tostring(v)",
         b'$3\r\n2.5\r\n'),
    ])


def test_lib_cmsgpack(srv):
    c = su.raw(srv)
    check_all(c, [
        ("return cmsgpack.pack({1, 2, 3})", b'$4\r\n\x93\x01\x02\x03\r\n'),
        ("return cmsgpack.pack({a=1})", b'$4\r\n\x81\xa1a\x01\r\n'),
        ("return cmsgpack.pack('abc', 300, -1, true, 1.5)",
         b'$14\r\n\xa3abc\xcd\x01,\xff\xc3\xca?\xc0\x00\x00\r\n'),
        ("return {cmsgpack.unpack(cmsgpack.pack('abc', 300, -1, {1, 2}))}",
         b'*4\r\n$3\r\nabc\r\n:300\r\n:-1\r\n*2\r\n:1\r\n:2\r\n'),
    ])
    eq(c.cmd('EVAL', 'local t = cmsgpack.unpack(ARGV[1]) return {t.k, t.n}', 0,
             b'\x82\xa1k\xa1v\xa1n\x07'), [b'v', 7])


# ---------------------------------------------------------------------------------------------
# Larger replies and INFO

def test_large_script_replies(srv):
    c = su.raw(srv)
    r = c.cmd('EVAL', 'local t = {} for i = 1, 5000 do t[i] = i end return t', 0)
    eq(r, list(range(1, 5001)))
    r = c.cmd('EVAL', "return string.rep('x', 300000)", 0)
    eq(r, b'x' * 300000)
    r = c.cmd('EVAL', "for i = 1, 1000 do redis.call('rpush', 'big', i) end "
                      "return redis.call('lrange', 'big', 0, -1)", 0)
    eq(r, [str(i).encode() for i in range(1, 1001)])


def test_info_script_fields(srv):
    c = su.raw(srv)
    eq(c.cmd('SCRIPT', 'FLUSH'), 'OK')
    info = c.cmd('INFO', 'memory').decode()
    for field in ('used_memory_lua', 'used_memory_vm_eval', 'used_memory_lua_human',
                  'used_memory_scripts_eval', 'number_of_cached_scripts', 'number_of_functions',
                  'number_of_libraries', 'used_memory_vm_functions', 'used_memory_vm_total',
                  'used_memory_vm_total_human', 'used_memory_functions', 'used_memory_scripts',
                  'used_memory_scripts_human'):
        ok('\r\n%s:' % field in info, 'INFO memory has %s' % field)
    eq(info_field(c, 'memory', 'number_of_cached_scripts'), 0)
    for i in range(3):
        eq(c.cmd('EVAL', 'return %d' % i, 0), i)
    eq(c.cmd('SCRIPT', 'LOAD', 'return 99'), sha1('return 99').encode())
    eq(c.cmd('EVAL', 'return 0', 0), 0)  # already cached
    eq(info_field(c, 'memory', 'number_of_cached_scripts'), 4)
    ok(info_field(c, 'memory', 'used_memory_scripts_eval') > 0, 'used_memory_scripts_eval > 0')
    ok(info_field(c, 'memory', 'used_memory_vm_eval') > 0, 'used_memory_vm_eval > 0')
    eq(info_field(c, 'memory', 'used_memory_lua'), info_field(c, 'memory', 'used_memory_vm_eval'))
    eq(c.cmd('SCRIPT', 'FLUSH'), 'OK')
    eq(info_field(c, 'memory', 'number_of_cached_scripts'), 0)
