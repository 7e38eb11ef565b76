# Redis 7.0 functions over TCP (issue 13): FUNCTION LOAD [REPLACE] (the "#!lua name=" header,
# redis.register_function in its positional and table forms, every load error), FCALL / FCALL_RO,
# FUNCTION LIST [LIBRARYNAME] [WITHCODE] in RESP2 and RESP3, DELETE, FLUSH, DUMP / RESTORE with
# each policy (also into a second server and into Redis 7.0.15, and a payload Redis wrote restored
# here), STATS while idle, HELP, the errors functions fail with ("script: <name>, on
# @user_function:LINE."), the load-time sandbox, INFO fields, and libraries kept in the snapshot
# across a restart. Every expectation is Redis 7.0.15's observed answer; tests skip while the
# server has no FUNCTION. Helpers: scriptutil.py, persistutil.py.

from harness import eq, ok, is_error, info_field, own_server, arity, resp3
import persistutil as pu
import scriptutil as su
from scriptutil import function_error, wire

LIB_A = "#!lua name=liba\nredis.register_function('fa', function() return 'a1' end)"
LIB_A2 = "#!lua name=liba\nredis.register_function('fa', function() return 'a2' end)"
LIB_B = "#!lua name=libb\nredis.register_function('fb', function() return 'b1' end)"
LIB_C = "#!lua name=libc\nredis.register_function('fa', function() return 'c1' end)"

# FUNCTION DUMP of Redis 7.0.15 holding only this library (RDB version 10 and its CRC64).
SHORT_LIB = "#!lua name=short\nredis.register_function('s', function() return 1 end)"
SHORT_DUMP = (b"\xf5@F#!lua name=short\nredis.register_function('s', function() return 1 end)"
              b"\n\x00\xe6\x1a\t/h\xc6\xf6A")
EMPTY_DUMP = b'\n\x00]\x9b\\@\x0f\x7f\xa2\xda'

BAD_PAYLOAD = 'ERR DUMP payload version or checksum are wrong'
NOT_FOUND = 'ERR Function not found'
LIB_NOT_FOUND = 'ERR Library not found'
NAME_RULE = ('Library names can only contain letters, numbers, or underscores(_) and must be at '
             'least one character long')


def fresh(srv):
    """A raw client of the shared server with no libraries, skipped while FUNCTION is unknown."""
    c = su.require_functions(srv.raw())
    eq(c.cmd('FUNCTION', 'FLUSH'), 'OK')
    return c


def library(name, functions):
    """FUNCTION LIST's RESP2 bytes for one library whose functions are (name, description or
    None, [flags]) in the order given, and whose code is not asked for."""
    out = [b'*6\r\n$12\r\nlibrary_name\r\n', bulk(name), b'$6\r\nengine\r\n$3\r\nLUA\r\n',
           b'$9\r\nfunctions\r\n', b'*%d\r\n' % len(functions)]
    for fname, desc, flags in functions:
        out.append(b'*6\r\n$4\r\nname\r\n' + bulk(fname) + b'$11\r\ndescription\r\n')
        out.append(bulk(desc) if desc is not None else b'$-1\r\n')
        out.append(b'$5\r\nflags\r\n*%d\r\n' % len(flags))
        out += [b'+%s\r\n' % f.encode() for f in flags]
    return b''.join(out)


def bulk(s):
    if isinstance(s, str):
        s = s.encode()
    return b'$%d\r\n%s\r\n' % (len(s), s)


def list_names(c, *args):
    """The library names FUNCTION LIST answers, as a set (their order is a hash table's)."""
    r = c.cmd('FUNCTION', 'LIST', *args)
    ok(isinstance(r, list), 'FUNCTION LIST answered %r' % (r,))
    names = set()
    for lib in r:
        d = dict(zip(lib[0::2], lib[1::2]))
        names.add(d[b'library_name'].decode())
    return names


# ---------------------------------------------------------------------------------------------
# FUNCTION LOAD and FCALL

def test_load_and_fcall(srv):
    c = fresh(srv)
    body = ("#!lua name=mylib\n"
            "redis.register_function('echo_arg', function(keys, args) return args[1] end)\n"
            "redis.register_function('shape', function(keys, args)\n"
            "  return {#keys, #args, keys[1], args[1]}\n"
            "end)\n"
            "redis.register_function('setget', function(keys, args)\n"
            "  redis.call('set', keys[1], args[1])\n"
            "  return redis.call('get', keys[1])\n"
            "end)")
    eq(c.cmd_raw('FUNCTION', 'LOAD', body), b'$5\r\nmylib\r\n')
    eq(c.cmd_raw('FCALL', 'echo_arg', 0, 'hello'), b'$5\r\nhello\r\n')
    eq(c.cmd_raw('FCALL', 'shape', 2, 'k1', 'k2', 'a1'),
       b'*4\r\n:2\r\n:1\r\n$2\r\nk1\r\n$2\r\na1\r\n')
    eq(c.cmd_raw('FCALL', 'shape', 0), b'*2\r\n:0\r\n:0\r\n')
    eq(c.cmd_raw('FCALL', 'setget', 1, 'k', 'v'), b'$1\r\nv\r\n')
    eq(c.cmd('GET', 'k'), b'v')
    # another connection calls the same functions
    d = srv.raw()
    eq(d.cmd_raw('FCALL', 'echo_arg', 0, 'there'), b'$5\r\nthere\r\n')
    eq(c.cmd_raw('FCALL', 'nofunc', 0), wire(NOT_FOUND))
    eq(c.cmd_raw('FCALL_RO', 'nofunc', 0), wire(NOT_FOUND))
    eq(c.cmd_raw('FCALL', 'shape', -1), wire(su.KEYS_NEGATIVE))
    eq(c.cmd_raw('FCALL', 'shape', 5, 'a'), wire(su.KEYS_TOO_MANY))
    eq(c.cmd_raw('FCALL', 'shape', 'x'), wire('ERR Bad number of keys provided'))
    eq(c.cmd_raw('FCALL_RO', 'shape', '1.5'), wire('ERR Bad number of keys provided'))
    # the function is looked up first
    eq(c.cmd_raw('FCALL', 'nofunc', 'x'), wire(NOT_FOUND))
    eq(c.cmd_raw('FCALL', 'nofunc', -1), wire(NOT_FOUND))
    eq(c.cmd_raw('FCALL', 'nofunc', 3), wire(NOT_FOUND))
    for cmd in ('fcall', 'fcall_ro'):
        eq(c.cmd_raw(cmd.upper()), wire(arity(cmd)))
        eq(c.cmd_raw(cmd.upper(), 'shape'), wire(arity(cmd)))


def test_load_replace(srv):
    c = fresh(srv)
    eq(c.cmd_raw('FUNCTION', 'LOAD', LIB_A), b'$4\r\nliba\r\n')
    eq(c.cmd_raw('FUNCTION', 'LOAD', LIB_A2), wire("ERR Library 'liba' already exists"))
    eq(c.cmd('FCALL', 'fa', 0), b'a1')
    eq(c.cmd_raw('FUNCTION', 'LOAD', 'REPLACE', LIB_A2), b'$4\r\nliba\r\n')
    eq(c.cmd('FCALL', 'fa', 0), b'a2')
    eq(c.cmd_raw('FUNCTION', 'LOAD', 'replace', LIB_A), b'$4\r\nliba\r\n')
    eq(c.cmd('FCALL', 'fa', 0), b'a1')
    # a function name belongs to one library: another may not take it, even with REPLACE
    eq(c.cmd_raw('FUNCTION', 'LOAD', LIB_C), wire('ERR Function fa already exists'))
    eq(c.cmd_raw('FUNCTION', 'LOAD', 'REPLACE', LIB_C), wire('ERR Function fa already exists'))
    # REPLACE with a library that drops a function: the function is gone
    eq(c.cmd('FUNCTION', 'LOAD', 'REPLACE',
             "#!lua name=liba\nredis.register_function('fa_new', function() return 'n' end)"),
       b'liba')
    eq(c.cmd_raw('FCALL', 'fa', 0), wire(NOT_FOUND))
    eq(c.cmd('FCALL', 'fa_new', 0), b'n')
    eq(c.cmd('FUNCTION', 'LOAD', LIB_C), b'libc')
    # a failed REPLACE leaves the old library as it was
    is_error(c.cmd('FUNCTION', 'LOAD', 'REPLACE', '#!lua name=liba\nreturn +'))
    eq(c.cmd('FCALL', 'fa_new', 0), b'n')
    eq(c.cmd_raw('FUNCTION', 'LOAD', 'BAD', LIB_A), wire('ERR Unknown option given: BAD'))
    eq(c.cmd_raw('FUNCTION', 'LOAD', 'REPLACE'), wire('ERR Missing library metadata'))
    eq(c.cmd_raw('FUNCTION', 'LOAD'), wire(arity('function|load')))
    # the extra argument is echoed with its newline turned into a space
    eq(c.cmd_raw('FUNCTION', 'LOAD', 'REPLACE', LIB_A, 'x'),
       wire('ERR Unknown option given: ' + LIB_A.replace('\n', ' ')))


def test_load_errors(srv):
    c = fresh(srv)
    reg = 'ERR Error registering functions: '
    for body, text in [
        ('return 1', 'ERR Missing library metadata'),
        ('#!lua\nreturn 1', 'ERR Library name was not given'),
        ('#!lua name=a', 'ERR Invalid library metadata'),
        ('#!lua name=x\nreturn 1', 'ERR No functions registered'),
        ("#!js name=a\nredis.register_function('f', function() end)", "ERR Engine 'js' not found"),
        ("#!lua name=bad-name!\nredis.register_function('f', function() end)", 'ERR ' + NAME_RULE),
        ("#!lua name=\nredis.register_function('f', function() end)", 'ERR ' + NAME_RULE),
        ("#!lua name=x flags=no-writes\nredis.register_function('f', function() end)",
         'ERR Invalid metadata value given: flags=no-writes'),
        ("#!lua name=a b\nredis.register_function('f', function() end)",
         'ERR Invalid metadata value given: b'),
        ("#!lua foo=bar name=a\nredis.register_function('f', function() end)",
         'ERR Invalid metadata value given: foo=bar'),
        ("#!lua name=a name=b\nredis.register_function('f', function() end)",
         'ERR Invalid metadata value, name argument was given multiple times'),
        ('#!lua name=x\nreturn +',
         "ERR Error compiling function: user_function:2: unexpected symbol near '+'"),
        ("#!lua name=x\nredis.register_function('f', function() return 1 end)\n"
         "redis.register_function('f', function() return 2 end)",
         reg + 'ERR Function already exists in the library'),
        ("#!lua name=x\nredis.register_function('f', 1)",
         reg + 'ERR second argument to redis.register_function must be a function'),
        ("#!lua name=x\nredis.register_function('bad name', function() end)", reg + 'ERR ' +
         NAME_RULE),
        ("#!lua name=x\nredis.register_function('', function() end)", reg + 'ERR ' + NAME_RULE),
        ("#!lua name=x\nredis.register_function('f', function() return 1 end, 'x')",
         reg + 'ERR wrong number of arguments to redis.register_function'),
        ('#!lua name=x\nredis.register_function()',
         reg + 'ERR wrong number of arguments to redis.register_function'),
        ("#!lua name=x\nredis.register_function{function_name='g', "
         "callback=function() return 1 end, flags={'bad'}}", reg + 'ERR unknown flag given'),
        ("#!lua name=x\nredis.register_function{function_name='g', "
         "callback=function() return 1 end, flags='no-writes'}",
         reg + 'ERR flags argument to redis.register_function must be a table representing '
               'function flags'),
        ("#!lua name=x\nredis.register_function{function_name='g', "
         "callback=function() return 1 end, unknown=1}",
         reg + 'ERR unknown argument given to redis.register_function'),
        ("#!lua name=x\nredis.register_function{function_name='g'}",
         reg + 'ERR redis.register_function must get a callback argument'),
        ('#!lua name=x\nredis.register_function{callback=function() end}',
         reg + 'ERR redis.register_function must get a function name argument'),
    ]:
        eq(c.cmd_raw('FUNCTION', 'LOAD', body), wire(text), 'FUNCTION LOAD %r' % body)
    # nothing of those was kept
    eq(c.cmd_raw('FUNCTION', 'LIST'), b'*0\r\n')


def test_load_time_sandbox(srv):
    # while the library loads, only redis.register_function, redis.log and the constants exist
    c = fresh(srv)
    reg = 'ERR Error registering functions: ERR user_function:2: '

    def load(line):
        return c.cmd_raw('FUNCTION', 'LOAD', 'REPLACE',
                         "#!lua name=env\n%s\nredis.register_function('envf', function() "
                         "return 1 end)" % line)

    for line, name in [("redis.call('set', 'a', 'b')", 'call'), ('local x = redis.pcall', 'pcall'),
                       ("local x = redis.sha1hex('a')", 'sha1hex'),
                       ('local x = redis.setresp', 'setresp'),
                       ("local x = string.rep('a', 3)", 'string'),
                       ('local x = math.floor(1.5)', 'math'),
                       ('local x = cjson.encode({1})', 'cjson'),
                       ('local x = tostring(1)', 'tostring'),
                       ("error('oops')", 'error'), ('local t = KEYS', 'KEYS'),
                       ('local x = os', 'os')]:
        eq(load(line), wire(reg + "Script attempted to access nonexistent global variable '%s'"
                            % name), line)
    eq(load('x = 1'), wire(reg + 'Attempt to modify a readonly table'))
    eq(load("redis.log(redis.LOG_NOTICE, 'loading a library')"), b'$3\r\nenv\r\n')
    eq(load('local v = redis.REDIS_VERSION .. redis.REDIS_VERSION_NUM'), b'$3\r\nenv\r\n')
    eq(c.cmd('SET', 'a', 'untouched'), 'OK')
    eq(c.cmd('FCALL', 'envf', 0), 1)
    eq(c.cmd('GET', 'a'), b'untouched')


def test_register_function_table_form(srv):
    c = fresh(srv)
    eq(c.cmd('FUNCTION', 'LOAD',
             "#!lua name=one\nredis.register_function{function_name='f1', "
             "callback=function() return 1 end, flags={'no-writes', 'allow-oom'}, "
             "description='first'}"), b'one')
    eq(c.cmd_raw('FUNCTION', 'LIST'),
       b'*1\r\n' + library('one', [('f1', 'first', ['no-writes', 'allow-oom'])]))
    eq(c.cmd('FUNCTION', 'LOAD',
             "#!lua name=flags\nredis.register_function{function_name='f2', "
             "callback=function() return 2 end, flags={'no-writes', 'allow-oom', 'allow-stale', "
             "'no-cluster', 'allow-cross-slot-keys'}}"), b'flags')
    eq(c.cmd_raw('FUNCTION', 'LIST', 'LIBRARYNAME', 'flags'),
       b'*1\r\n' + library('flags', [('f2', None, ['no-writes', 'allow-oom', 'allow-stale',
                                                  'no-cluster', 'allow-cross-slot-keys'])]))
    eq(c.cmd('FCALL', 'f1', 0), 1)
    eq(c.cmd('FCALL_RO', 'f2', 0), 2)


def test_fcall_ro_and_no_writes(srv):
    c = fresh(srv)
    body = ("#!lua name=rw\n"
            "redis.register_function('w', function(keys) return redis.call('set', keys[1], 'w') "
            "end)\n"
            "redis.register_function{function_name='r', callback=function(keys)\n"
            "  return redis.call('get', keys[1])\n"
            "end, flags={'no-writes'}}\n"
            "redis.register_function{function_name='sneaky', callback=function(keys)\n"
            "  return redis.call('set', keys[1], 'sneaky')\n"
            "end, flags={'no-writes'}}\n"
            "redis.register_function{function_name='psneaky', callback=function(keys)\n"
            "  return redis.pcall('set', keys[1], 'sneaky')\n"
            "end, flags={'no-writes'}}")
    eq(c.cmd('FUNCTION', 'LOAD', body), b'rw')
    eq(c.cmd_raw('FCALL_RO', 'w', 1, 'k'), wire(su.RO_FLAGGED))
    eq(c.cmd_raw('FCALL_RO', 'r', 1, 'k'), b'$-1\r\n')
    eq(c.cmd_raw('FCALL', 'w', 1, 'k'), b'+OK\r\n')
    eq(c.cmd_raw('FCALL', 'r', 1, 'k'), b'$1\r\nw\r\n')
    eq(c.cmd_raw('FCALL_RO', 'r', 1, 'k'), b'$1\r\nw\r\n')
    for cmd in ('FCALL', 'FCALL_RO'):
        eq(c.cmd_raw(cmd, 'sneaky', 1, 'k'), wire(function_error(su.RO_WRITE, 'sneaky', 7)), cmd)
        eq(c.cmd_raw(cmd, 'psneaky', 1, 'k'), wire(su.RO_WRITE), cmd)
    eq(c.cmd('GET', 'k'), b'w')


def test_function_errors(srv):
    c = fresh(srv)
    body = ("#!lua name=rt\n"
            "redis.register_function('boom', function(keys, args)\n"
            "  error('boom here')\n"
            "end)\n"
            "redis.register_function('bad', function(keys, args)\n"
            "  return redis.call('incr')\n"
            "end)\n"
            "redis.register_function('glob', function(keys, args)\n"
            "  return undefined_thing\n"
            "end)\n"
            "redis.register_function('reply', function(keys, args)\n"
            "  return redis.error_reply('MY failure')\n"
            "end)\n"
            "redis.register_function('nested', function(keys, args)\n"
            "  return redis.call('fcall', 'boom', 0)\n"
            "end)\n"
            "redis.register_function('setglobal', function(keys, args)\n"
            "  x = 1\n"
            "end)\n"
            "redis.register_function('pcalled', function(keys, args)\n"
            "  return redis.pcall('incr')\n"
            "end)")
    eq(c.cmd('FUNCTION', 'LOAD', body), b'rt')
    eq(c.cmd_raw('FCALL', 'boom', 0), wire(function_error('ERR user_function:3: boom here',
                                                          'boom', 3)))
    eq(c.cmd_raw('FCALL', 'bad', 0),
       wire(function_error('ERR Wrong number of args calling Redis command from script', 'bad',
                           6)))
    eq(c.cmd_raw('FCALL', 'glob', 0),
       wire(function_error("ERR user_function:9: Script attempted to access nonexistent global "
                           "variable 'undefined_thing'", 'glob', 9)))
    eq(c.cmd_raw('FCALL', 'reply', 0), b'-MY failure\r\n')
    eq(c.cmd_raw('FCALL', 'nested', 0), wire(function_error(su.NOT_ALLOWED, 'nested', 15)))
    eq(c.cmd_raw('FCALL', 'setglobal', 0),
       wire(function_error('ERR user_function:18: Attempt to modify a readonly table',
                           'setglobal', 18)))
    eq(c.cmd_raw('FCALL', 'pcalled', 0),
       wire('ERR Wrong number of args calling Redis command from script'))
    # scripts may not call functions nor manage them
    for cmd in ("'fcall', 'boom', 0", "'fcall_ro', 'boom', 0", "'function', 'list'",
                "'function', 'flush'"):
        body = 'return redis.call(%s)' % cmd
        eq(c.cmd_raw('EVAL', body, 0), wire(su.script_error(su.NOT_ALLOWED, body)), body)


def test_functions_have_the_libraries(srv):
    c = fresh(srv)
    body = ("#!lua name=libs\n"
            "redis.register_function('libs', function(keys, args)\n"
            "  return {type(string), type(cjson), type(redis.call), type(redis.setresp), "
            "type(math), type(bit), type(struct), type(cmsgpack), type(table), "
            "redis.sha1hex(''), cjson.encode({1})}\n"
            "end)")
    eq(c.cmd('FUNCTION', 'LOAD', body), b'libs')
    eq(c.cmd('FCALL', 'libs', 0),
       [b'table', b'table', b'function', b'function', b'table', b'table', b'table', b'table',
        b'table', b'da39a3ee5e6b4b0d3255bfef95601890afd80709', b'[1]'])


def test_function_resp3_conversions(srv):
    c = fresh(srv)
    body = ("#!lua name=r3\n"
            "redis.register_function('conv', function(keys, args)\n"
            "  redis.setresp(3)\n"
            "  return {redis.call('hgetall', keys[1]), {double=1.5}, true, false}\n"
            "end)")
    eq(c.cmd('FUNCTION', 'LOAD', body), b'r3')
    eq(c.cmd('HSET', 'h', 'f', 'v'), 1)
    eq(c.cmd_raw('FCALL', 'conv', 1, 'h'),
       b'*4\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n$3\r\n1.5\r\n:1\r\n:0\r\n')
    r = resp3(srv)
    eq(r.cmd_raw('FCALL', 'conv', 1, 'h'),
       b'*4\r\n%1\r\n$1\r\nf\r\n$1\r\nv\r\n,1.5\r\n#t\r\n#f\r\n')


# ---------------------------------------------------------------------------------------------
# LIST, DELETE, FLUSH, STATS, HELP

def test_function_list_resp2(srv):
    c = fresh(srv)
    eq(c.cmd_raw('FUNCTION', 'LIST'), b'*0\r\n')
    eq(c.cmd('FUNCTION', 'LOAD', LIB_A), b'liba')
    one = library('liba', [('fa', None, [])])
    eq(c.cmd_raw('FUNCTION', 'LIST'), b'*1\r\n' + one)
    code = b'$12\r\nlibrary_code\r\n' + bulk(LIB_A)
    with_code = b'*1\r\n*8' + one[2:] + code
    eq(c.cmd_raw('FUNCTION', 'LIST', 'WITHCODE'), with_code)
    eq(c.cmd_raw('FUNCTION', 'LIST', 'withcode', 'LIBRARYNAME', 'liba'), with_code)
    eq(c.cmd_raw('FUNCTION', 'LIST', 'LIBRARYNAME', 'liba', 'WITHCODE'), with_code)
    eq(c.cmd_raw('FUNCTION', 'LIST', 'LIBRARYNAME', 'lib?'), b'*1\r\n' + one)
    # LIBRARYNAME is a glob pattern, not a prefix
    eq(c.cmd_raw('FUNCTION', 'LIST', 'LIBRARYNAME', 'lib'), b'*0\r\n')
    eq(c.cmd_raw('FUNCTION', 'LIST', 'LIBRARYNAME', 'zz*'), b'*0\r\n')
    eq(c.cmd('FUNCTION', 'LOAD', LIB_B), b'libb')
    eq(c.cmd('FUNCTION', 'LOAD', "#!lua name=other\nredis.register_function('o', function() "
                                 "return 1 end)"), b'other')
    eq(list_names(c), {'liba', 'libb', 'other'})
    eq(list_names(c, 'LIBRARYNAME', 'lib*'), {'liba', 'libb'})
    eq(list_names(c, 'LIBRARYNAME', '*b'), {'libb'})
    eq(list_names(c, 'LIBRARYNAME', '*'), {'liba', 'libb', 'other'})
    eq(c.cmd_raw('FUNCTION', 'LIST', 'LIBRARYNAME', 'libb'),
       b'*1\r\n' + library('libb', [('fb', None, [])]))
    eq(c.cmd_raw('FUNCTION', 'LIST', 'LIBRARYNAME'),
       wire('ERR library name argument was not given'))
    eq(c.cmd_raw('FUNCTION', 'LIST', 'BAD'), wire('ERR Unknown argument BAD'))
    eq(c.cmd_raw('FUNCTION', 'LIST', 'LIBRARYNAME', 'x', 'LIBRARYNAME', 'y'),
       wire('ERR Unknown argument LIBRARYNAME'))
    eq(c.cmd_raw('FUNCTION', 'LIST', 'WITHCODE', 'WITHCODE'), wire('ERR Unknown argument WITHCODE'))
    # several functions in one library: compared as a set (a hash table's order)
    eq(c.cmd('FUNCTION', 'LOAD', "#!lua name=many\n"
                                 "redis.register_function('m1', function() return 1 end)\n"
                                 "redis.register_function('m2', function() return 2 end)\n"
                                 "redis.register_function{function_name='m3', "
                                 "callback=function() return 3 end, flags={'no-writes'}, "
                                 "description='third'}"), b'many')
    lib = c.cmd('FUNCTION', 'LIST', 'LIBRARYNAME', 'many')
    eq(len(lib), 1)
    fields = dict(zip(lib[0][0::2], lib[0][1::2]))
    eq(sorted(fields), [b'engine', b'functions', b'library_name'])
    funcs = {}
    for f in fields[b'functions']:
        d = dict(zip(f[0::2], f[1::2]))
        funcs[d[b'name']] = (d[b'description'], d[b'flags'])
    eq(funcs, {b'm1': (None, []), b'm2': (None, []), b'm3': (b'third', ['no-writes'])})


def test_function_list_resp3(srv):
    c = fresh(srv)
    eq(c.cmd('FUNCTION', 'LOAD',
             "#!lua name=one\nredis.register_function{function_name='f1', "
             "callback=function() return 1 end, flags={'no-writes', 'allow-oom'}, "
             "description='first'}"), b'one')
    eq(c.cmd('FUNCTION', 'LOAD', LIB_A), b'liba')
    r = resp3(srv)
    eq(r.cmd_raw('FUNCTION', 'LIST', 'LIBRARYNAME', 'one'),
       b'*1\r\n%3\r\n$12\r\nlibrary_name\r\n$3\r\none\r\n$6\r\nengine\r\n$3\r\nLUA\r\n'
       b'$9\r\nfunctions\r\n*1\r\n%3\r\n$4\r\nname\r\n$2\r\nf1\r\n$11\r\ndescription\r\n'
       b'$5\r\nfirst\r\n$5\r\nflags\r\n~2\r\n+no-writes\r\n+allow-oom\r\n')
    eq(r.cmd_raw('FUNCTION', 'LIST', 'LIBRARYNAME', 'liba', 'WITHCODE'),
       b'*1\r\n%4\r\n$12\r\nlibrary_name\r\n$4\r\nliba\r\n$6\r\nengine\r\n$3\r\nLUA\r\n'
       b'$9\r\nfunctions\r\n*1\r\n%3\r\n$4\r\nname\r\n$2\r\nfa\r\n$11\r\ndescription\r\n'
       b'_\r\n$5\r\nflags\r\n~0\r\n$12\r\nlibrary_code\r\n' + bulk(LIB_A))
    eq(r.cmd_raw('FUNCTION', 'LIST', 'LIBRARYNAME', 'none'), b'*0\r\n')


def test_function_delete(srv):
    c = fresh(srv)
    eq(c.cmd('FUNCTION', 'LOAD', LIB_A), b'liba')
    eq(c.cmd('FUNCTION', 'LOAD', LIB_B), b'libb')
    eq(c.cmd_raw('FUNCTION', 'DELETE', 'liba'), b'+OK\r\n')
    eq(c.cmd_raw('FCALL', 'fa', 0), wire(NOT_FOUND))
    eq(c.cmd('FCALL', 'fb', 0), b'b1')
    eq(c.cmd_raw('FUNCTION', 'DELETE', 'liba'), wire(LIB_NOT_FOUND))
    eq(c.cmd_raw('FUNCTION', 'DELETE', 'nolib'), wire(LIB_NOT_FOUND))
    eq(c.cmd_raw('FUNCTION', 'DELETE'), wire(arity('function|delete')))
    eq(c.cmd_raw('FUNCTION', 'DELETE', 'a', 'b'), wire(arity('function|delete')))
    eq(list_names(c), {'libb'})
    # the name is free again, for the library and its functions
    eq(c.cmd('FUNCTION', 'LOAD', LIB_C), b'libc')
    eq(c.cmd('FCALL', 'fa', 0), b'c1')


def test_function_flush(srv):
    c = fresh(srv)
    for mode in ((), ('ASYNC',), ('SYNC',), ('async',)):
        eq(c.cmd('FUNCTION', 'LOAD', LIB_A), b'liba')
        eq(c.cmd('FUNCTION', 'LOAD', LIB_B), b'libb')
        eq(c.cmd_raw('FUNCTION', 'FLUSH', *mode), b'+OK\r\n', 'FUNCTION FLUSH %r' % (mode,))
        eq(c.cmd_raw('FUNCTION', 'LIST'), b'*0\r\n')
        eq(c.cmd_raw('FCALL', 'fa', 0), wire(NOT_FOUND))
    eq(c.cmd_raw('FUNCTION', 'FLUSH', 'BAD'),
       wire('ERR FUNCTION FLUSH only supports SYNC|ASYNC option'))
    eq(c.cmd_raw('FUNCTION', 'FLUSH', 'SYNC', 'SYNC'),
       wire("ERR unknown subcommand or wrong number of arguments for 'FLUSH'. Try FUNCTION "
            "HELP."))
    # data and the script cache stay; FLUSHALL and SCRIPT FLUSH leave the functions
    eq(c.cmd('SET', 'k', 'v'), 'OK')
    sha = c.cmd('SCRIPT', 'LOAD', 'return 7').decode()
    eq(c.cmd('FUNCTION', 'FLUSH'), 'OK')
    eq(c.cmd('GET', 'k'), b'v')
    eq(c.cmd('EVALSHA', sha, 0), 7)
    eq(c.cmd('FUNCTION', 'LOAD', LIB_A), b'liba')
    eq(c.cmd('FLUSHALL'), 'OK')
    eq(c.cmd('SCRIPT', 'FLUSH'), 'OK')
    eq(c.cmd('FCALL', 'fa', 0), b'a1')


def test_function_stats_idle(srv):
    c = fresh(srv)

    def stats2(libs, funcs):
        return (b'*4\r\n$14\r\nrunning_script\r\n$-1\r\n$7\r\nengines\r\n*2\r\n$3\r\nLUA\r\n'
                b'*4\r\n$15\r\nlibraries_count\r\n:%d\r\n$15\r\nfunctions_count\r\n:%d\r\n'
                % (libs, funcs))

    eq(c.cmd_raw('FUNCTION', 'STATS'), stats2(0, 0))
    eq(c.cmd('FUNCTION', 'LOAD', LIB_A), b'liba')
    eq(c.cmd('FUNCTION', 'LOAD', "#!lua name=two\n"
                                 "redis.register_function('t1', function() return 1 end)\n"
                                 "redis.register_function('t2', function() return 2 end)"), b'two')
    eq(c.cmd_raw('FUNCTION', 'STATS'), stats2(2, 3))
    r = resp3(srv)
    eq(r.cmd_raw('FUNCTION', 'STATS'),
       b'%2\r\n$14\r\nrunning_script\r\n_\r\n$7\r\nengines\r\n%1\r\n$3\r\nLUA\r\n'
       b'%2\r\n$15\r\nlibraries_count\r\n:2\r\n$15\r\nfunctions_count\r\n:3\r\n')
    eq(c.cmd_raw('FUNCTION', 'STATS', 'x'), wire(arity('function|stats')))
    eq(c.cmd('FUNCTION', 'DELETE', 'two'), 'OK')
    eq(c.cmd_raw('FUNCTION', 'STATS'), stats2(1, 1))


def test_function_help_and_errors(srv):
    c = fresh(srv)
    eq(c.cmd_raw('FUNCTION', 'HELP'),
       b'*40\r\n'
       b'+FUNCTION <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n'
       b'+LOAD [REPLACE] <FUNCTION CODE>\r\n'
       b'+    Create a new library with the given library name and code.\r\n'
       b'+DELETE <LIBRARY NAME>\r\n'
       b'+    Delete the given library.\r\n'
       b'+LIST [LIBRARYNAME PATTERN] [WITHCODE]\r\n'
       b'+    Return general information on all the libraries:\r\n'
       b'+    * Library name\r\n'
       b'+    * The engine used to run the Library\r\n'
       b'+    * Library description\r\n'
       b'+    * Functions list\r\n'
       b'+    * Library code (if WITHCODE is given)\r\n'
       b'+    It also possible to get only function that matches a pattern using LIBRARYNAME '
       b'argument.\r\n'
       b'+STATS\r\n'
       b'+    Return information about the current function running:\r\n'
       b'+    * Function name\r\n'
       b'+    * Command used to run the function\r\n'
       b'+    * Duration in MS that the function is running\r\n'
       b'+    If no function is running, return nil\r\n'
       b'+    In addition, returns a list of available engines.\r\n'
       b'+KILL\r\n'
       b'+    Kill the current running function.\r\n'
       b'+FLUSH [ASYNC|SYNC]\r\n'
       b'+    Delete all the libraries.\r\n'
       b'+    When called without the optional mode argument, the behavior is determined by the\r\n'
       b'+    lazyfree-lazy-user-flush configuration directive. Valid modes are:\r\n'
       b'+    * ASYNC: Asynchronously flush the libraries.\r\n'
       b'+    * SYNC: Synchronously flush the libraries.\r\n'
       b'+DUMP\r\n'
       b'+    Return a serialized payload representing the current libraries, can be restored '
       b'using FUNCTION RESTORE command\r\n'
       b'+RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]\r\n'
       b'+    Restore the libraries represented by the given payload, it is possible to give a '
       b'restore policy to\r\n'
       b'+    control how to handle existing libraries (default APPEND):\r\n'
       b'+    * FLUSH: delete all existing libraries.\r\n'
       b'+    * APPEND: appends the restored libraries to the existing libraries. On collision, '
       b'abort.\r\n'
       b'+    * REPLACE: appends the restored libraries to the existing libraries, On collision, '
       b'replace the old\r\n'
       b'+      libraries with the new libraries (notice that even on this option there is a '
       b'chance of failure\r\n'
       b'+      in case of functions name collision with another library).\r\n'
       b'+HELP\r\n'
       b'+    Prints this help.\r\n')
    eq(c.cmd_raw('FUNCTION'), wire(arity('function')))
    eq(c.cmd_raw('FUNCTION', 'NOPE'), wire("ERR unknown subcommand 'NOPE'. Try FUNCTION HELP."))
    eq(c.cmd_raw('FUNCTION', 'KILL'), wire(su.NOTBUSY))
    eq(c.cmd_raw('FUNCTION', 'KILL', 'x'), wire(arity('function|kill')))


# ---------------------------------------------------------------------------------------------
# DUMP and RESTORE

def check_payload(p):
    """A FUNCTION DUMP payload: RDB version 10 (the first with functions) and its CRC64."""
    ok(isinstance(p, bytes) and len(p) >= 10, 'FUNCTION DUMP answered %r' % (p,))
    eq(int.from_bytes(p[-10:-8], 'little'), 10, 'RDB version of the payload')
    eq(pu.crc64(p[:-8]), int.from_bytes(p[-8:], 'little'), 'CRC64 footer of the payload')


def test_dump_restore_round_trip(srv):
    c = fresh(srv)
    eq(c.cmd_raw('FUNCTION', 'DUMP'), bulk(EMPTY_DUMP))
    eq(c.cmd('FUNCTION', 'LOAD', LIB_A), b'liba')
    eq(c.cmd('FUNCTION', 'LOAD', LIB_B), b'libb')
    big = ("#!lua name=big\nlocal pad = '%s'\n"
           "redis.register_function('bigf', function() return #pad end)" % ('abc' * 3000))
    eq(c.cmd('FUNCTION', 'LOAD', big), b'big')
    before = c.cmd('FUNCTION', 'LIST', 'WITHCODE')
    payload = c.cmd('FUNCTION', 'DUMP')
    check_payload(payload)
    eq(c.cmd('FUNCTION', 'FLUSH'), 'OK')
    eq(c.cmd_raw('FUNCTION', 'RESTORE', payload), b'+OK\r\n')
    after = c.cmd('FUNCTION', 'LIST', 'WITHCODE')
    eq(sorted(map(repr, after)), sorted(map(repr, before)), 'FUNCTION LIST WITHCODE after RESTORE')
    eq(c.cmd('FCALL', 'fa', 0), b'a1')
    eq(c.cmd('FCALL', 'fb', 0), b'b1')
    eq(c.cmd('FCALL', 'bigf', 0), 9000)
    # the empty payload restores nothing, and into an empty server gives an empty dump again
    eq(c.cmd_raw('FUNCTION', 'RESTORE', EMPTY_DUMP), b'+OK\r\n')
    eq(list_names(c), {'liba', 'libb', 'big'})
    eq(c.cmd_raw('FUNCTION', 'RESTORE', EMPTY_DUMP, 'FLUSH'), b'+OK\r\n')
    eq(c.cmd_raw('FUNCTION', 'LIST'), b'*0\r\n')
    eq(c.cmd('FUNCTION', 'DUMP'), EMPTY_DUMP)


def test_restore_policies(srv):
    c = fresh(srv)
    eq(c.cmd('FUNCTION', 'LOAD', LIB_A), b'liba')
    dump_a = c.cmd('FUNCTION', 'DUMP')
    check_payload(dump_a)
    # APPEND (the default) refuses a library that exists
    eq(c.cmd_raw('FUNCTION', 'RESTORE', dump_a), wire('ERR Library liba already exists'))
    eq(c.cmd_raw('FUNCTION', 'RESTORE', dump_a, 'APPEND'), wire('ERR Library liba already exists'))
    eq(c.cmd_raw('FUNCTION', 'RESTORE', dump_a, 'REPLACE'), b'+OK\r\n')
    eq(c.cmd_raw('FUNCTION', 'RESTORE', dump_a, 'FLUSH'), b'+OK\r\n')
    eq(c.cmd_raw('FUNCTION', 'RESTORE', dump_a, 'replace'), b'+OK\r\n')
    # REPLACE swaps the library and keeps the others
    eq(c.cmd('FUNCTION', 'LOAD', 'REPLACE', LIB_A2), b'liba')
    eq(c.cmd('FUNCTION', 'LOAD', LIB_B), b'libb')
    eq(c.cmd('FCALL', 'fa', 0), b'a2')
    eq(c.cmd_raw('FUNCTION', 'RESTORE', dump_a, 'REPLACE'), b'+OK\r\n')
    eq(c.cmd('FCALL', 'fa', 0), b'a1')
    eq(c.cmd('FCALL', 'fb', 0), b'b1')
    # FLUSH drops every library first
    eq(c.cmd('FUNCTION', 'LOAD', 'REPLACE', LIB_A2), b'liba')
    eq(c.cmd_raw('FUNCTION', 'RESTORE', dump_a, 'FLUSH'), b'+OK\r\n')
    eq(c.cmd('FCALL', 'fa', 0), b'a1')
    eq(c.cmd_raw('FCALL', 'fb', 0), wire(NOT_FOUND))
    # a function of another library with the same name: refused whatever the policy but FLUSH
    eq(c.cmd('FUNCTION', 'FLUSH'), 'OK')
    eq(c.cmd('FUNCTION', 'LOAD', LIB_C), b'libc')
    for policy in ((), ('APPEND',), ('REPLACE',)):
        eq(c.cmd_raw('FUNCTION', 'RESTORE', dump_a, *policy),
           wire('ERR Function fa already exists'), 'RESTORE %r' % (policy,))
    eq(list_names(c), {'libc'}, 'a refused RESTORE changes nothing')
    eq(c.cmd('FCALL', 'fa', 0), b'c1')
    eq(c.cmd_raw('FUNCTION', 'RESTORE', dump_a, 'FLUSH'), b'+OK\r\n')
    eq(c.cmd('FCALL', 'fa', 0), b'a1')
    eq(list_names(c), {'liba'})
    # errors
    eq(c.cmd_raw('FUNCTION', 'RESTORE', dump_a, 'BAD'),
       wire('ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.'))
    eq(c.cmd_raw('FUNCTION', 'RESTORE', dump_a, 'FLUSH', 'x'),
       wire("ERR unknown subcommand or wrong number of arguments for 'RESTORE'. Try FUNCTION "
            "HELP."))
    eq(c.cmd_raw('FUNCTION', 'RESTORE'), wire(arity('function|restore')))
    for bad in (b'garbage', b'', dump_a[:-1] + bytes([dump_a[-1] ^ 1]), dump_a[:-10],
                EMPTY_DUMP[:2] + b'\x00' * 8):
        eq(c.cmd_raw('FUNCTION', 'RESTORE', bad), wire(BAD_PAYLOAD), 'RESTORE %r' % bad)
    eq(list_names(c), {'liba'})


def test_restore_payload_from_redis(srv):
    c = fresh(srv)
    check_payload(SHORT_DUMP)
    eq(c.cmd_raw('FUNCTION', 'RESTORE', SHORT_DUMP), b'+OK\r\n')
    eq(c.cmd('FCALL', 's', 0), 1)
    eq(c.cmd_raw('FUNCTION', 'LIST', 'WITHCODE'),
       b'*1\r\n*8' + library('short', [('s', None, [])])[2:] +
       b'$12\r\nlibrary_code\r\n' + bulk(SHORT_LIB))
    eq(c.cmd_raw('FUNCTION', 'RESTORE', EMPTY_DUMP, 'FLUSH'), b'+OK\r\n')
    eq(c.cmd_raw('FUNCTION', 'LIST'), b'*0\r\n')


def test_dump_into_another_server(srv):
    c = fresh(srv)
    eq(c.cmd('FUNCTION', 'LOAD', LIB_A), b'liba')
    eq(c.cmd('FUNCTION', 'LOAD', SHORT_LIB), b'short')
    payload = c.cmd('FUNCTION', 'DUMP')
    check_payload(payload)
    # a second server of the kind under test, and Redis 7.0.15
    for other in (srv.start_server(), srv.start_reference()):
        d = srv.raw(port=other.port)
        eq(d.cmd_raw('FUNCTION', 'RESTORE', payload), b'+OK\r\n')
        eq(d.cmd('FCALL', 'fa', 0), b'a1')
        eq(d.cmd('FCALL', 's', 0), 1)
        eq(list_names(d), {'liba', 'short'})
        # and back: its dump restores here
        back = d.cmd('FUNCTION', 'DUMP')
        check_payload(back)
        eq(c.cmd_raw('FUNCTION', 'RESTORE', back, 'FLUSH'), b'+OK\r\n')
        eq(c.cmd('FCALL', 'fa', 0), b'a1')
        eq(list_names(c), {'liba', 'short'})


# ---------------------------------------------------------------------------------------------
# Functions in transactions, INFO, persistence

def test_fcall_inside_multi(srv):
    c = fresh(srv)
    eq(c.cmd('FUNCTION', 'LOAD', "#!lua name=m\nredis.register_function('incr2', "
                                 "function(keys) redis.call('incr', keys[1]) "
                                 "return redis.call('incr', keys[1]) end)"), b'm')
    eq(c.cmd_raw('MULTI'), b'+OK\r\n')
    eq(c.cmd_raw('FCALL', 'incr2', 1, 'n'), b'+QUEUED\r\n')
    eq(c.cmd_raw('FCALL', 'nofunc', 0), b'+QUEUED\r\n')
    eq(c.cmd_raw('FCALL', 'incr2', 1, 'n'), b'+QUEUED\r\n')
    eq(c.cmd_raw('EXEC'), b'*3\r\n:2\r\n-ERR Function not found\r\n:4\r\n')
    # FUNCTION itself may be queued
    eq(c.cmd_raw('MULTI'), b'+OK\r\n')
    eq(c.cmd_raw('FUNCTION', 'LOAD', LIB_A), b'+QUEUED\r\n')
    eq(c.cmd_raw('FCALL', 'fa', 0), b'+QUEUED\r\n')
    eq(c.cmd_raw('EXEC'), b'*2\r\n$4\r\nliba\r\n$2\r\na1\r\n')


def test_info_function_fields(srv):
    c = fresh(srv)
    eq(info_field(c, 'memory', 'number_of_functions'), 0)
    eq(info_field(c, 'memory', 'number_of_libraries'), 0)
    eq(c.cmd('FUNCTION', 'LOAD', LIB_A), b'liba')
    eq(c.cmd('FUNCTION', 'LOAD', "#!lua name=two\n"
                                 "redis.register_function('t1', function() return 1 end)\n"
                                 "redis.register_function('t2', function() return 2 end)"), b'two')
    eq(info_field(c, 'memory', 'number_of_functions'), 3)
    eq(info_field(c, 'memory', 'number_of_libraries'), 2)
    ok(info_field(c, 'memory', 'used_memory_functions') > 0, 'used_memory_functions > 0')
    ok(info_field(c, 'memory', 'used_memory_vm_functions') > 0, 'used_memory_vm_functions > 0')
    eq(c.cmd('FUNCTION', 'FLUSH'), 'OK')
    eq(info_field(c, 'memory', 'number_of_functions'), 0)
    eq(info_field(c, 'memory', 'number_of_libraries'), 0)


@own_server
def test_functions_kept_in_the_snapshot(srv):
    s = pu.start(srv)
    c = su.require_functions(srv.raw(port=s.port))
    eq(c.cmd('FUNCTION', 'LOAD', LIB_A), b'liba')
    eq(c.cmd('FUNCTION', 'LOAD', "#!lua name=counter\n"
                                 "redis.register_function{function_name='bump', "
                                 "callback=function(keys) return redis.call('incr', keys[1]) end, "
                                 "description='adds one'}"), b'counter')
    eq(c.cmd('FCALL', 'bump', 1, 'n'), 1)
    sha = c.cmd('SCRIPT', 'LOAD', 'return 42').decode()
    before = c.cmd('FUNCTION', 'LIST', 'WITHCODE')
    eq(c.cmd('SAVE'), 'OK')
    c.close()
    pu.clean_stop(s)
    s2 = pu.restart(srv, s)
    d = srv.raw(port=s2.port)
    eq(sorted(map(repr, d.cmd('FUNCTION', 'LIST', 'WITHCODE'))), sorted(map(repr, before)),
       'FUNCTION LIST WITHCODE after the restart')
    eq(d.cmd('FCALL', 'fa', 0), b'a1')
    eq(d.cmd('FCALL', 'bump', 1, 'n'), 2)
    # the script cache is not part of the snapshot
    eq(d.cmd_raw('EVALSHA', sha, 0), wire(su.NOSCRIPT))
    # a snapshot taken with no libraries restores none
    eq(d.cmd('FUNCTION', 'FLUSH'), 'OK')
    eq(d.cmd('SAVE'), 'OK')
    d.close()
    pu.clean_stop(s2)
    s3 = pu.restart(srv, s2)
    e = srv.raw(port=s3.port)
    eq(e.cmd_raw('FUNCTION', 'LIST'), b'*0\r\n')
    eq(e.cmd('GET', 'n'), b'2')
