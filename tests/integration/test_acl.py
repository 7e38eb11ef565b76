# ACL: users, passwords, command rules, key and channel patterns, selectors, AUTH and HELLO AUTH,
# the ACL command (SETUSER GETUSER DELUSER LIST USERS WHOAMI CAT GENPASS LOG DRYRUN LOAD SAVE
# HELP), the aclfile and `user` directives, and redis-py's ACL calls. Checked against Redis 7.0.
# Run by run.py.

import hashlib
import os
import time

from harness import eq, ok, is_error, own_server, timeout, nshards, keys_on_distinct_shards

NOAUTH = 'NOAUTH Authentication required.'
WRONGPASS = 'WRONGPASS invalid username-password pair or user is disabled.'
NOPERM_KEY = 'NOPERM this user has no permissions to access one of the keys used as arguments'
NOPERM_CHAN = 'NOPERM this user has no permissions to access one of the channels used as arguments'


def noperm_cmd(name):
    return "NOPERM this user has no permissions to run the '%s' command" % name


def sha(p):
    return hashlib.sha256(p.encode()).hexdigest()


def clean(c):
    """Back to the default user alone, as a fresh server has it."""
    for u in c.cmd('ACL', 'USERS'):
        if u != b'default':
            c.cmd('ACL', 'DELUSER', u)
    eq(c.cmd('ACL', 'SETUSER', 'default', 'on', 'nopass', '~*', '&*', '+@all', 'clearselectors'),
       'OK')
    c.cmd('ACL', 'LOG', 'RESET')


def as_user(srv, user, password, port=None):
    c = srv.raw(port=port)
    eq(c.cmd('AUTH', user, password), 'OK', 'AUTH %s' % user)
    return c


def pairs(reply):
    """A RESP2 map (flat list) as a dict with str keys."""
    return {reply[i].decode(): reply[i + 1] for i in range(0, len(reply), 2)}


def test_acl_default_user(srv):
    c = srv.raw()
    clean(c)
    eq(c.cmd('ACL', 'LIST'), [b'user default on nopass ~* &* +@all'])
    eq(c.cmd('ACL', 'USERS'), [b'default'])
    eq(c.cmd('ACL', 'WHOAMI'), b'default')
    eq(c.cmd_raw('ACL', 'GETUSER', 'default'),
       b'*12\r\n$5\r\nflags\r\n*2\r\n$2\r\non\r\n$6\r\nnopass\r\n$9\r\npasswords\r\n*0\r\n'
       b'$8\r\ncommands\r\n$5\r\n+@all\r\n$4\r\nkeys\r\n$2\r\n~*\r\n$8\r\nchannels\r\n$2\r\n&*\r\n'
       b'$9\r\nselectors\r\n*0\r\n')
    eq(c.cmd('ACL', 'GETUSER', 'nosuch'), None)
    eq(c.cmd('HELLO', '3'), c.cmd('HELLO', '3'))
    raw = c.cmd_raw('ACL', 'GETUSER', 'default')
    ok(raw.startswith(b'%6\r\n$5\r\nflags\r\n~2\r\n'), 'RESP3 map and set: %r' % raw[:40])
    line = c.cmd('CLIENT', 'INFO').decode()
    ok(' user=default ' in line, line)


def test_acl_setuser_getuser(srv):
    c = srv.raw()
    clean(c)
    eq(c.cmd('ACL', 'SETUSER', 'u', 'on', '>p1', '>p2', '+@hash', '-hdel', '~cache:*', '%R~r:*', '%W~w:*', '&events:*', '(+get ~x*)'), 'OK')
    g = pairs(c.cmd('ACL', 'GETUSER', 'u'))
    eq(g['flags'], [b'on'])
    eq(g['passwords'], [sha('p1').encode(), sha('p2').encode()])
    eq(g['commands'], b'-@all +@hash -hdel')
    eq(g['keys'], b'~cache:* %R~r:* %W~w:*')
    eq(g['channels'], b'&events:*')
    eq(len(g['selectors']), 1)
    eq(pairs(g['selectors'][0]), {'commands': b'-@all +get', 'keys': b'~x*', 'channels': b''})
    eq(c.cmd('ACL', 'LIST')[1],
       ('user u on #%s #%s ~cache:* %%R~r:* %%W~w:* resetchannels &events:* -@all +@hash -hdel '
        '(~x* resetchannels -@all +get)' % (sha('p1'), sha('p2'))).encode())
    # A new user is off, without passwords, commands, keys or channels.
    eq(c.cmd('ACL', 'SETUSER', 'w'), 'OK')
    eq(c.cmd('ACL', 'LIST')[2], b'user w off resetchannels -@all')
    # Rules as Redis 7.0 keeps them.
    for rules, want in [(['+@all', '-@dangerous'], b'+@all -@dangerous'),
                        (['+@read', '-@read'], b'-@all'),
                        (['+get', '-get'], b'-@all'),
                        (['+config', '+config|get'], b'-@all +config'),
                        (['+@all', '-config|get'], b'+@all -config|get'),
                        (['+GET'], b'-@all +get'),
                        (['+config|get'], b'-@all +config|get'),
                        (['+@all', '-@string', '+get'], b'+@all -@string +get'),
                        (['allcommands', 'nocommands', '+set'], b'-@all +set')]:
        eq(c.cmd('ACL', 'SETUSER', 'w', 'reset', *rules), 'OK')
        eq(pairs(c.cmd('ACL', 'GETUSER', 'w'))['commands'], want, ' '.join(rules))
    eq(pairs(c.cmd('ACL', 'GETUSER', 'w'))['flags'], [b'off', b'sanitize-payload'])
    # Passwords: <, #, !, nopass, resetpass.
    eq(c.cmd('ACL', 'SETUSER', 'u', '<p1', '#' + sha('p3'), '!' + sha('p2')), 'OK')
    eq(pairs(c.cmd('ACL', 'GETUSER', 'u'))['passwords'], [sha('p3').encode()])
    eq(c.cmd('ACL', 'SETUSER', 'u', 'nopass'), 'OK')
    g = pairs(c.cmd('ACL', 'GETUSER', 'u'))
    eq((g['flags'], g['passwords']), ([b'on', b'nopass'], []))
    eq(c.cmd('ACL', 'SETUSER', 'u', 'resetpass', 'allkeys', 'allchannels', 'clearselectors'), 'OK')
    g = pairs(c.cmd('ACL', 'GETUSER', 'u'))
    eq((g['flags'], g['keys'], g['channels'], g['selectors']), ([b'on'], b'~*', b'&*', []))
    eq(c.cmd('ACL', 'SETUSER', 'u', 'resetkeys', 'resetchannels', '~a'), 'OK')
    g = pairs(c.cmd('ACL', 'GETUSER', 'u'))
    eq((g['keys'], g['channels']), (b'~a', b''))
    eq(c.cmd('ACL', 'USERS'), [b'default', b'u', b'w'])
    eq(c.cmd('ACL', 'DELUSER', 'u', 'w', 'nosuch'), 2)
    eq(c.cmd('ACL', 'USERS'), [b'default'])


def test_acl_setuser_errors(srv):
    c = srv.raw()
    clean(c)
    pre = "ERR Error in ACL SETUSER modifier '%s': "
    eq(c.cmd('ACL', 'SETUSER', 't', '+foo'),
       pre % '+foo' + 'Unknown command or category name in ACL')
    eq(c.cmd('ACL', 'SETUSER', 't', '+@foo'),
       pre % '+@foo' + 'Unknown command or category name in ACL')
    eq(c.cmd('ACL', 'SETUSER', 't', '+config|foo'),
       pre % '+config|foo' + 'Unknown command or category name in ACL')
    eq(c.cmd('ACL', 'SETUSER', 't', 'badrule'), pre % 'badrule' + 'Syntax error')
    eq(c.cmd('ACL', 'SETUSER', 't', '%X~a'), pre % '%X~a' + 'Syntax error')
    eq(c.cmd('ACL', 'SETUSER', 't', '#abc'),
       pre % '#abc' + 'The password hash must be exactly 64 characters and contain only '
       'lowercase hexadecimal characters')
    eq(c.cmd('ACL', 'SETUSER', 't', '<nope'),
       pre % '<nope' + 'The password you are trying to remove from the user does not exist')
    eq(c.cmd('ACL', 'SETUSER', 't', '(~a'),
       "ERR Unmatched parenthesis in acl selector starting at '(~a'.")
    eq(c.cmd('ACL', 'SETUSER', 't', 'allkeys', '~a'),
       pre % '~a' + "Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid "
       "and does not have any effect. Try 'resetkeys' to start with an empty list of patterns")
    eq(c.cmd('ACL', 'SETUSER', 't', 'allchannels', '&a'),
       pre % '&a' + "Adding a pattern after the * pattern (or the 'allchannels' flag) is not "
       "valid and does not have any effect. Try 'resetchannels' to start with an empty list of "
       "channels")
    eq(c.cmd('ACL', 'USERS'), [b'default'], 'a refused SETUSER creates nothing')
    eq(c.cmd('ACL', 'SETUSER', 't', 'on', '+get', 'badrule'), pre % 'badrule' + 'Syntax error')
    eq(c.cmd('ACL', 'USERS'), [b'default'], 'nothing of a refused SETUSER applies')
    eq(c.cmd('ACL', 'DELUSER', 'default'), "ERR The 'default' user cannot be removed")
    is_error(c.cmd('ACL', 'SETUSER'), "ERR wrong number of arguments for 'acl|setuser' command")
    is_error(c.cmd('ACL', 'NOSUCH'), prefix="ERR unknown subcommand 'NOSUCH'")
    eq(c.cmd('ACL', 'CAT', 'nosuch'), "ERR Unknown category 'nosuch'")
    eq(c.cmd('ACL', 'GENPASS', '0'),
       'ERR ACL GENPASS argument must be the number of bits for the output password, a positive '
       'number up to 4096')
    eq(c.cmd('ACL', 'GENPASS', 'x'), 'ERR value is not an integer or out of range')
    eq(c.cmd('ACL', 'SETUSER', 'a b', 'on'), "ERR Usernames can't contain spaces or null characters")
    eq(c.cmd('ACL', 'GENPASS', '5000'),
       'ERR ACL GENPASS argument must be the number of bits for the output password, a positive '
       'number up to 4096')


def test_acl_auth(srv):
    c = srv.raw()
    clean(c)
    eq(c.cmd('ACL', 'SETUSER', 'alice', 'on', '>a1', '>a2', '+@all', '~*'), 'OK')
    d = srv.raw()
    eq(d.cmd('AUTH', 'alice', 'bad'), WRONGPASS)
    eq(d.cmd('ACL', 'WHOAMI'), b'default', 'a failed AUTH changes nothing')
    eq(d.cmd('AUTH', 'alice', 'a2'), 'OK')
    eq(d.cmd('ACL', 'WHOAMI'), b'alice')
    ok(' user=alice ' in d.cmd('CLIENT', 'INFO').decode(), 'CLIENT INFO user=')
    lines = c.cmd('CLIENT', 'LIST').decode().split('\n')
    ok(any(' user=alice ' in l for l in lines), 'CLIENT LIST shows user=alice')
    eq(d.cmd('AUTH', 'nosuch', 'a1'), WRONGPASS)
    eq(c.cmd('ACL', 'SETUSER', 'bob', 'off', '>b', '+@all', '~*'), 'OK')
    eq(d.cmd('AUTH', 'bob', 'b'), WRONGPASS, 'a user that is off')
    eq(c.cmd('ACL', 'SETUSER', 'bob', 'on'), 'OK')
    eq(d.cmd('AUTH', 'bob', 'b'), 'OK')
    # A user turned off keeps its connections (Redis 7.0).
    eq(c.cmd('ACL', 'SETUSER', 'bob', 'off'), 'OK')
    eq(d.cmd('PING'), 'PONG')
    e = srv.raw()
    eq(e.cmd('HELLO', '3', 'AUTH', 'alice', 'a1')[b'proto'], 3)
    eq(e.cmd('ACL', 'WHOAMI'), b'alice')
    eq(e.cmd('HELLO', '2', 'AUTH', 'alice', 'zz'), WRONGPASS)
    eq(e.cmd('RESET'), 'RESET')
    eq(e.cmd('ACL', 'WHOAMI'), b'default', 'RESET goes back to the default user')
    # AUTH <pass> is the default user's.
    eq(c.cmd('ACL', 'SETUSER', 'default', 'resetpass', '>dp'), 'OK')
    f = srv.raw()
    eq(f.cmd('GET', 'k'), NOAUTH)
    eq(f.cmd('AUTH', 'dp'), 'OK')
    eq(f.cmd('ACL', 'WHOAMI'), b'default')
    clean(c)


def test_acl_command_rules(srv):
    c = srv.raw()
    clean(c)
    eq(c.cmd('ACL', 'SETUSER', 'u', 'on', '>p', '~*', '+@read', '+@string', '-@dangerous',
             '+config|get', '-debug', '+acl|whoami'), 'OK')
    u = as_user(srv, 'u', 'p')
    eq(u.cmd('SET', 'k', 'v'), 'OK')
    eq(u.cmd('GET', 'k'), b'v')
    eq(u.cmd('LPUSH', 'l', 'a'), noperm_cmd('lpush'))
    eq(u.cmd('LRANGE', 'l', '0', '-1'), [])
    eq(u.cmd('CONFIG', 'SET', 'maxclients', '10'), noperm_cmd('config|set'))
    ok(isinstance(u.cmd('CONFIG', 'GET', 'maxclients'), list), 'config|get allowed')
    eq(u.cmd('KEYS', '*'), noperm_cmd('keys'))
    eq(u.cmd('FLUSHALL'), noperm_cmd('flushall'))
    eq(u.cmd('ACL', 'WHOAMI'), b'u')
    eq(u.cmd('ACL', 'LIST'), noperm_cmd('acl|list'))
    # Commands without authentication stay allowed; unknown ones and arity come first.
    eq(u.cmd('AUTH', 'u', 'p'), 'OK')
    is_error(u.cmd('NOSUCH'), prefix="ERR unknown command 'NOSUCH'")
    eq(u.cmd('LPUSH', 'l'), "ERR wrong number of arguments for 'lpush' command")
    # A change applies to connected clients at once.
    eq(c.cmd('ACL', 'SETUSER', 'u', '+lpush'), 'OK')
    eq(u.cmd('LPUSH', 'l', 'a'), 1)
    eq(c.cmd('ACL', 'SETUSER', 'u', 'nocommands'), 'OK')
    eq(u.cmd('GET', 'k'), noperm_cmd('get'))
    clean(c)


def test_acl_key_patterns(srv):
    c = srv.raw()
    clean(c)
    n = nshards(srv)
    ka = keys_on_distinct_shards('cache:a', n, 4)
    kb = keys_on_distinct_shards('other:', n, 2)
    eq(c.cmd('ACL', 'SETUSER', 'u', 'on', '>p', '+@all', '~cache:*', '%R~r:*', '%W~w:*'), 'OK')
    u = as_user(srv, 'u', 'p')
    mset = ['MSET']
    for k in ka:
        mset += [k, 'v']
    eq(u.cmd(*mset), 'OK', 'every key allowed, on %d shards' % n)
    eq(u.cmd('MGET', *ka), [b'v'] * len(ka))
    eq(u.cmd('MSET', ka[0], 'x', kb[0], 'y'), NOPERM_KEY)
    eq(u.cmd('MGET', ka[0], kb[1]), NOPERM_KEY)
    eq(c.cmd('EXISTS', kb[0]), 0, 'the refused MSET wrote nothing')
    eq(u.cmd('GET', 'other'), NOPERM_KEY)
    eq(c.cmd('SET', 'r:1', 'v'), 'OK')
    eq(u.cmd('GET', 'r:1'), b'v', '%R~ reads')
    eq(u.cmd('SET', 'r:1', 'x'), NOPERM_KEY, '%R~ does not write')
    eq(u.cmd('SET', 'w:1', 'x'), 'OK', '%W~ writes')
    eq(u.cmd('GET', 'w:1'), NOPERM_KEY, '%W~ does not read')
    eq(u.cmd('DEL', 'w:1'), 1)
    # Keys of commands with a numkeys argument.
    eq(u.cmd('LMPOP', '2', ka[0] + 'l', 'zz', 'LEFT'), NOPERM_KEY)
    eq(c.cmd('ACL', 'SETUSER', 'u', 'allkeys'), 'OK')
    eq(u.cmd('GET', 'other'), None)
    eq(c.cmd('ACL', 'SETUSER', 'u', 'resetkeys'), 'OK')
    eq(u.cmd('GET', ka[0]), NOPERM_KEY)
    eq(u.cmd('PING'), 'PONG', 'a command without keys')
    clean(c)


def test_acl_channels(srv):
    c = srv.raw()
    clean(c)
    eq(c.cmd('ACL', 'SETUSER', 'u', 'on', '>p', '+@all', '~*', '&events:*'), 'OK')
    u = as_user(srv, 'u', 'p')
    eq(u.cmd('PUBLISH', 'events:1', 'x'), 0)
    eq(u.cmd('PUBLISH', 'other', 'x'), NOPERM_CHAN)
    eq(u.cmd('SUBSCRIBE', 'events:1', 'other'), NOPERM_CHAN)
    eq(u.cmd('PSUBSCRIBE', 'events:1*'), NOPERM_CHAN, 'a pattern must be one of the patterns')
    eq(u.cmd('PSUBSCRIBE', 'events:*'), [b'psubscribe', b'events:*', 1])
    eq(u.cmd('PUNSUBSCRIBE'), [b'punsubscribe', b'events:*', 0])
    eq(u.cmd('SUBSCRIBE', 'events:1'), [b'subscribe', b'events:1', 1])
    eq(c.cmd('PUBLISH', 'events:1', 'hello'), 1)
    eq(u.read_reply()[0], [b'message', b'events:1', b'hello'])
    eq(u.cmd('UNSUBSCRIBE'), [b'unsubscribe', b'events:1', 0])
    # acl-pubsub-default: new users get resetchannels unless it says allchannels.
    eq(c.cmd('ACL', 'SETUSER', 'n1'), 'OK')
    eq(pairs(c.cmd('ACL', 'GETUSER', 'n1'))['channels'], b'')
    eq(c.cmd('CONFIG', 'SET', 'acl-pubsub-default', 'allchannels'), 'OK')
    eq(c.cmd('ACL', 'SETUSER', 'n2'), 'OK')
    eq(pairs(c.cmd('ACL', 'GETUSER', 'n2'))['channels'], b'&*')
    eq(c.cmd('CONFIG', 'SET', 'acl-pubsub-default', 'resetchannels'), 'OK')
    eq(c.cmd('CONFIG', 'GET', 'acl-pubsub-default'), [b'acl-pubsub-default', b'resetchannels'])
    clean(c)


def test_acl_selectors(srv):
    c = srv.raw()
    clean(c)
    eq(c.cmd('ACL', 'SETUSER', 'u', 'on', '>p', '+get', '~a*', '(+set ~b*)', '(+get %R~c*)'), 'OK')
    u = as_user(srv, 'u', 'p')
    eq(u.cmd('GET', 'a1'), None)
    eq(u.cmd('SET', 'b1', 'v'), 'OK', 'the first selector')
    eq(u.cmd('GET', 'c1'), None, 'the second selector')
    eq(u.cmd('SET', 'a1', 'v'), NOPERM_KEY, 'set is allowed by a selector, but not on a*')
    eq(u.cmd('GET', 'b1'), NOPERM_KEY)
    eq(u.cmd('DEL', 'a1'), noperm_cmd('del'))
    eq(c.cmd('ACL', 'SETUSER', 'u', 'clearselectors'), 'OK')
    eq(u.cmd('SET', 'b1', 'v'), noperm_cmd('set'))
    clean(c)


def test_acl_multi_execabort(srv):
    c = srv.raw()
    clean(c)
    eq(c.cmd('ACL', 'SETUSER', 'u', 'on', '>p', '+@all', '-lpush', '~k*'), 'OK')
    u = as_user(srv, 'u', 'p')
    eq(u.cmd('MULTI'), 'OK')
    eq(u.cmd('SET', 'k1', 'v'), 'QUEUED')
    eq(u.cmd('LPUSH', 'k2', 'v'), noperm_cmd('lpush'))
    eq(u.cmd('SET', 'x', 'v'), NOPERM_KEY)
    eq(u.cmd('EXEC'), 'EXECABORT Transaction discarded because of previous errors.')
    eq(c.cmd('EXISTS', 'k1'), 0)
    log = c.cmd('ACL', 'LOG')
    eq(pairs(log[0])['context'], b'multi')
    # Rules changed between MULTI and EXEC: checked again at EXEC, per command.
    eq(u.cmd('MULTI'), 'OK')
    eq(u.cmd('SET', 'k1', 'v'), 'QUEUED')
    eq(u.cmd('GET', 'k1'), 'QUEUED')
    eq(c.cmd('ACL', 'SETUSER', 'u', '-set'), 'OK')
    eq(c.cmd('ACL', 'LOG', 'RESET'), 'OK')
    eq(u.cmd('EXEC'), ['NOPERM ACLs rules changed between the moment the transaction was '
                       'accumulated and the EXEC call. This command is no longer allowed for the '
                       'following reason: no permission to execute the command or subcommand',
                       None])
    e = pairs(c.cmd('ACL', 'LOG')[0])
    eq((e['reason'], e['context'], e['object']), (b'command', b'multi', b'set'))
    clean(c)


def test_acl_deleted_user_disconnected(srv):
    c = srv.raw()
    clean(c)
    eq(c.cmd('ACL', 'SETUSER', 'gone', 'on', '>p', '+@all', '~*'), 'OK')
    u = as_user(srv, 'gone', 'p')
    eq(u.cmd('PING'), 'PONG')
    idle = as_user(srv, 'gone', 'p')
    eq(c.cmd('ACL', 'DELUSER', 'gone'), 1)
    ok(idle.wait_closed(5.0), 'an idle connection of a deleted user is closed at once')
    try:
        u.send(b'*1\r\n$4\r\nPING\r\n')
    except OSError:
        pass
    ok(u.wait_closed(5.0), 'the connection of a deleted user is closed')
    # A client deleting its own user gets the answer, then is closed.
    eq(c.cmd('ACL', 'SETUSER', 'self', 'on', '>p', '+@all', '~*'), 'OK')
    me = as_user(srv, 'self', 'p')
    eq(me.cmd('ACL', 'DELUSER', 'self'), 1)
    ok(me.wait_closed(5.0), 'closed after its reply')
    eq(srv.raw().cmd('AUTH', 'gone', 'p'), WRONGPASS)
    clean(c)


def test_acl_log(srv):
    c = srv.raw()
    clean(c)
    eq(c.cmd('ACL', 'SETUSER', 'u', 'on', '>p', '+get', '~k*', '&ch'), 'OK')
    u = as_user(srv, 'u', 'p')
    u.cmd('CLIENT', 'ID')
    u.cmd('GET', 'zz')
    eq(srv.raw().cmd('AUTH', 'u', 'secret-pw'), WRONGPASS)
    log = [pairs(e) for e in c.cmd('ACL', 'LOG')]
    eq([(e['reason'], e['object'], e['username'], e['context']) for e in log],
       [(b'auth', b'AUTH', b'u', b'toplevel'), (b'key', b'zz', b'u', b'toplevel'),
        (b'command', b'client|id', b'u', b'toplevel')])
    eq(list(pairs(c.cmd('ACL', 'LOG')[0]).keys()),
       ['count', 'reason', 'context', 'object', 'username', 'age-seconds', 'client-info'])
    ok(b'secret-pw' not in c.cmd_raw('ACL', 'LOG'), 'never the password')
    ok(b' user=u ' in log[1]['client-info'], log[1]['client-info'])
    u.cmd('GET', 'zz')
    log = [pairs(e) for e in c.cmd('ACL', 'LOG')]
    eq(len(log), 3, 'a repeat counts in its entry')
    eq((log[0]['object'], log[0]['count']), (b'zz', 2))
    eq(len(c.cmd('ACL', 'LOG', '1')), 1)
    eq(c.cmd('ACL', 'LOG', 'x'), 'ERR value is not an integer or out of range')
    eq(c.cmd('ACL', 'LOG', 'RESET'), 'OK')
    eq(c.cmd('ACL', 'LOG'), [])
    eq(c.cmd('CONFIG', 'SET', 'acllog-max-len', '2'), 'OK')
    try:
        for k in ('z1', 'z2', 'z3'):
            eq(u.cmd('GET', k), NOPERM_KEY)
        eq([pairs(e)['object'] for e in c.cmd('ACL', 'LOG')], [b'z3', b'z2'], 'acllog-max-len')
    finally:
        eq(c.cmd('CONFIG', 'SET', 'acllog-max-len', '128'), 'OK')
    clean(c)


def test_acl_dryrun(srv):
    c = srv.raw()
    clean(c)
    eq(c.cmd('ACL', 'SETUSER', 'u', 'on', '>p', '+get', '+publish', '~k*', '&ch'), 'OK')
    eq(c.cmd('ACL', 'DRYRUN', 'u', 'GET', 'k1'), 'OK')
    eq(c.cmd('ACL', 'DRYRUN', 'u', 'GET', 'x'), b"This user has no permissions to access the 'x' key")
    eq(c.cmd('ACL', 'DRYRUN', 'u', 'SET', 'k', 'v'),
       b"This user has no permissions to run the 'set' command")
    eq(c.cmd('ACL', 'DRYRUN', 'u', 'PUBLISH', 'no', 'm'),
       b"This user has no permissions to access the 'no' channel")
    eq(c.cmd('ACL', 'DRYRUN', 'nosuch', 'GET', 'k'), "ERR User 'nosuch' not found")
    eq(c.cmd('ACL', 'DRYRUN', 'u', 'NOSUCH', 'k'), "ERR Command 'NOSUCH' not found")
    eq(c.cmd('ACL', 'DRYRUN', 'u', 'GET'), "ERR wrong number of arguments for 'get' command")
    eq(c.cmd('ACL', 'LOG'), [], 'a dry run logs nothing')
    clean(c)


def test_acl_cat_genpass_help(srv):
    c = srv.raw()
    cats = c.cmd('ACL', 'CAT')
    eq(cats, [b'keyspace', b'read', b'write', b'set', b'sortedset', b'list', b'hash', b'string',
              b'bitmap', b'hyperloglog', b'geo', b'stream', b'pubsub', b'admin', b'fast',
              b'slow', b'blocking', b'dangerous', b'connection', b'transaction', b'scripting'])
    hll = set(c.cmd('ACL', 'CAT', 'hyperloglog'))
    eq(hll, {b'pfadd', b'pfcount', b'pfmerge', b'pfdebug', b'pfselftest'})
    ok(b'config|set' in c.cmd('ACL', 'CAT', 'admin'), 'subcommands are listed by full name')
    p = c.cmd('ACL', 'GENPASS')
    eq(len(p), 64)
    ok(all(ch in b'0123456789abcdef' for ch in p), p)
    ok(c.cmd('ACL', 'GENPASS') != p, 'random')
    eq(len(c.cmd('ACL', 'GENPASS', '5')), 2)
    eq(len(c.cmd('ACL', 'GENPASS', '4096')), 1024)
    h = c.cmd('ACL', 'HELP')
    ok(h[0].startswith('ACL <subcommand>'), h[0])


@own_server
def test_acl_requirepass(srv):
    s = srv.start_server(['--requirepass', 'rp'])
    c = srv.raw(port=s.port)
    eq(c.cmd('GET', 'k'), NOAUTH)
    eq(c.cmd('AUTH', 'rp'), 'OK')
    g = pairs(c.cmd('ACL', 'GETUSER', 'default'))
    eq((g['flags'], g['passwords']), ([b'on'], [sha('rp').encode()]))
    eq(c.cmd('CONFIG', 'SET', 'requirepass', ''), 'OK')
    g = pairs(c.cmd('ACL', 'GETUSER', 'default'))
    eq((g['flags'], g['passwords']), ([b'on', b'nopass'], []))
    eq(srv.raw(port=s.port).cmd('GET', 'k'), None)


@own_server
def test_acl_file_load_save(srv):
    d = srv.track_dir()
    path = os.path.join(d, 'users.acl')
    with open(path, 'w') as f:
        f.write('user default on nopass ~* &* +@all\n'
                'user alice on #%s ~a:* resetchannels -@all +get\n' % sha('pw'))
    s = srv.start_server(['--aclfile', path])
    c = srv.raw(port=s.port)
    eq(c.cmd('ACL', 'USERS'), [b'alice', b'default'], 'sorted by name')
    a = as_user(srv, 'alice', 'pw', port=s.port)
    eq(a.cmd('GET', 'a:1'), None)
    eq(a.cmd('GET', 'b'), NOPERM_KEY)
    eq(c.cmd('ACL', 'SETUSER', 'bob', 'on', '>b', '+@all', '~*', '&*'), 'OK')
    eq(c.cmd('ACL', 'SAVE'), 'OK')
    text = open(path).read()
    ok('user bob on #%s ~* &* +@all' % sha('b') in text, text)
    eq(c.cmd('ACL', 'DELUSER', 'bob'), 1)
    eq(c.cmd('ACL', 'LOAD'), 'OK')
    eq(c.cmd('ACL', 'USERS'), [b'alice', b'bob', b'default'])
    eq(as_user(srv, 'bob', 'b', port=s.port).cmd('ACL', 'WHOAMI'), b'bob')
    # A bad file leaves the users as they were.
    with open(path, 'a') as f:
        f.write('user carol on badrule\n')
    eq(c.cmd('ACL', 'LOAD'), 'ERR %s:4: Syntax error. WARNING: ACL errors detected, no change to '
       'the previously active ACL rules was performed' % path)
    eq(c.cmd('ACL', 'USERS'), [b'alice', b'bob', b'default'])


@own_server
def test_acl_user_directives(srv):
    d = srv.track_dir()
    conf = os.path.join(d, 'tessera.conf')
    with open(conf, 'w') as f:
        f.write('user alice on >pw ~a:* +@all\nuser bob off\n')
    s = srv.start_server(config_file=conf)
    c = srv.raw(port=s.port)
    eq(c.cmd('ACL', 'USERS'), [b'alice', b'bob', b'default'])
    a = as_user(srv, 'alice', 'pw', port=s.port)
    eq(a.cmd('SET', 'a:1', 'v'), 'OK')
    eq(a.cmd('SET', 'b', 'v'), NOPERM_KEY)
    # CONFIG REWRITE keeps the users in the file.
    eq(c.cmd('ACL', 'SETUSER', 'carol', 'on', '>c', '+get', '~c:*'), 'OK')
    eq(c.cmd('CONFIG', 'REWRITE'), 'OK')
    text = open(conf).read()
    ok('user alice on #%s ~a:* resetchannels +@all' % sha('pw') in text, text)
    ok('user carol on #%s ~c:* resetchannels -@all +get' % sha('c') in text, text)
    ok('user bob off resetchannels -@all' in text, text)
    eq(c.cmd('ACL', 'SAVE'),
       'ERR This Redis instance is not configured to use an ACL file. You may want to specify '
       'users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a '
       'Redis configuration file set) in order to store users in the Redis configuration.')
    # user and aclfile together are refused at start.
    conf2 = os.path.join(d, 'both.conf')
    with open(conf2, 'w') as f:
        f.write('user alice on >pw\naclfile %s\n' % os.path.join(d, 'x.acl'))
    bad = srv.new_server(config_file=conf2)
    bad.wait = False
    bad.start()
    ok(bad.wait_exit(10.0) not in (None, 0), 'user and aclfile together stop the start')
    ok('either an ACL file or declare users' in bad.log_text(), bad.log_text()[-400:])


def test_acl_redis_py(srv):
    import redis
    r = srv.client()
    for u in r.acl_users():
        if u != 'default':
            r.acl_deluser(u)
    ok(r.acl_setuser('py', enabled=True, passwords=['+secret'], commands=['+@all', '-flushall'],
                     keys=['py:*']), 'acl_setuser')
    u = redis.Redis(port=srv.port, username='py', password='secret')
    try:
        ok(u.set('py:1', 'v'), 'set')
        eq(u.get('py:1'), b'v')
        eq(u.acl_whoami(), 'py')
        try:
            u.get('other')
            ok(False, 'NoPermissionError expected')
        except redis.exceptions.NoPermissionError as e:
            eq(str(e), NOPERM_KEY[len('NOPERM '):])
        info = r.acl_getuser('py')
        eq(info['passwords'], [sha('secret')])
        ok('on' in info['flags'], info)
        try:
            redis.Redis(port=srv.port, username='py', password='bad').ping()
            ok(False, 'AuthenticationError expected')
        except (redis.exceptions.AuthenticationError, redis.exceptions.ResponseError) as e:
            ok('WRONGPASS' in str(e) or 'invalid' in str(e), str(e))
    finally:
        u.close()
        r.acl_deluser('py')


@own_server
def test_rename_command(srv):
    d = srv.track_dir()
    conf = os.path.join(d, 'rename.conf')
    with open(conf, 'w') as f:
        f.write('rename-command config myconfig\nrename-command FLUSHALL ""\n')
    s = srv.start_server(config_file=conf)
    c = srv.raw(port=s.port)
    eq(c.cmd('CONFIG', 'GET', 'port'),
       "ERR unknown command 'CONFIG', with args beginning with: 'GET' 'port' ")
    eq(c.cmd('MYCONFIG', 'GET', 'maxclients'), [b'maxclients', b'10000'])
    eq(c.cmd('FLUSHALL'), "ERR unknown command 'FLUSHALL', with args beginning with: ")
    eq(c.cmd('SET', 'k', 'v'), 'OK')
    # ACL rules name commands by their original names.
    eq(c.cmd('ACL', 'SETUSER', 'u', 'on', '>p', '+config|get', '+flushall'), 'OK')
    eq(c.cmd('ACL', 'DRYRUN', 'u', 'GET', 'k'), b"This user has no permissions to run the 'get' command")


def test_acl_client_kill_user(srv):
    c = srv.raw()
    clean(c)
    eq(c.cmd('ACL', 'SETUSER', 'k1', 'on', '>p', '+@all', '~*'), 'OK')
    a = as_user(srv, 'k1', 'p')
    b = as_user(srv, 'k1', 'p')
    other = srv.raw()
    eq(c.cmd('CLIENT', 'KILL', 'USER', 'nosuch'), "ERR No such user 'nosuch'")
    eq(c.cmd('CLIENT', 'KILL', 'USER', 'k1'), 2)
    ok(a.wait_closed(5.0) and b.wait_closed(5.0), "k1's connections are closed")
    eq(other.cmd('PING'), 'PONG', "the default user's connection stays")
    clean(c)


def test_acl_subscribers_lose_channels(srv):
    c = srv.raw()
    clean(c)
    eq(c.cmd('ACL', 'SETUSER', 'sub', 'on', '>p', '+@all', '~*', '&a*', '&b*'), 'OK')
    s1 = as_user(srv, 'sub', 'p')
    eq(s1.cmd('SUBSCRIBE', 'a1'), [b'subscribe', b'a1', 1])
    s2 = as_user(srv, 'sub', 'p')
    eq(s2.cmd('PSUBSCRIBE', 'b*'), [b'psubscribe', b'b*', 1])
    s3 = as_user(srv, 'sub', 'p')
    eq(s3.cmd('SUBSCRIBE', 'b1'), [b'subscribe', b'b1', 1])
    eq(c.cmd('ACL', 'SETUSER', 'sub', 'resetchannels', '&b*'), 'OK')
    ok(s1.wait_closed(5.0), 'a subscriber of a channel no longer allowed is closed')
    eq(c.cmd('PUBLISH', 'b1', 'm'), 2, 'the others stay')
    eq(s2.read_reply()[0], [b'pmessage', b'b*', b'b1', b'm'])
    eq(s3.read_reply()[0], [b'message', b'b1', b'm'])
    eq(c.cmd('ACL', 'SETUSER', 'sub', 'resetchannels', '&b1'), 'OK')
    ok(s2.wait_closed(5.0), 'a pattern must stay one of the user\'s')
    eq(c.cmd('PUBLISH', 'b1', 'm'), 1)
    clean(c)


# Key permissions by what each command does with its keys (Redis's key specs), checked with
# ACL DRYRUN for a user that may only write w* and only read r*.
KEY_USE_ALLOWED = [
    'set w1 v',
    'setnx w1 v',
    'setex w1 10 v',
    'mset w1 v',
    'msetnx w1 v',
    'del w1',
    'unlink w1',
    'append w1 v',
    'setrange w1 0 v',
    'lpush w1 v',
    'lpushx w1 v',
    'linsert w1 before a b',
    'lset w1 0 v',
    'ltrim w1 0 1',
    'lrem w1 0 v',
    'sadd w1 v',
    'srem w1 v',
    'hset w1 f v',
    'hsetnx w1 f v',
    'hmset w1 f v',
    'hdel w1 f',
    'zadd w1 1 a',
    'zrem w1 a',
    'zremrangebyrank w1 0 1',
    'pfadd w1 a',
    'geoadd w1 1 1 a',
    'expire w1 10',
    'persist w1',
    'sinterstore w1 r1',
    'zunionstore w1 1 r1',
    'zrangestore w1 r1 0 1',
    'copy r1 w1',
    'geosearchstore w1 r1 fromlonlat 0 0 byradius 1 m',
    'touch w1',
    'sdiffstore w1 r1 r2',
    'sunionstore w1 r1',
    'zinterstore w1 1 r1',
    'zdiffstore w1 1 r1',
    'psetex w1 10 v',
    'pexpire w1 1',
    'expireat w1 1',
    'rpush w1 v',
    'rpushx w1 v',
    'zremrangebyscore w1 0 1',
    'zremrangebylex w1 - +',
    'object encoding w1',
    'get r1',
    'exists w1',
    'type w1',
    'dump r1',
    'georadius r1 0 0 1 m store w1',
    'sismember w1 a',
    'strlen r1',
    'getrange r1 0 1',
    'hgetall r1',
    'pfcount r1',
    'strlen w1',
    'hexists w1 f',
    'hlen w1',
    'llen w1',
    'scard w1',
    'zcard w1',
    'hstrlen w1 f',
    'object freq w1',
]
KEY_USE_DENIED = [
    ('set w1 v get', 'w1'),
    ('getset w1 v', 'w1'),
    ('incr w1', 'w1'),
    ('lpop w1', 'w1'),
    ('spop w1', 'w1'),
    ('hincrby w1 f 1', 'w1'),
    ('zincrby w1 1 a', 'w1'),
    ('pfmerge w1 r1', 'w1'),
    ('rename w1 w2', 'w1'),
    ('smove w1 w2 a', 'w1'),
    ('lmove w1 w2 left left', 'w1'),
    ('rpoplpush w1 w2', 'w1'),
    ('getdel w1', 'w1'),
    ('getex w1', 'w1'),
    ('incrbyfloat w1 1', 'w1'),
    ('decr w1', 'w1'),
    ('hincrbyfloat w1 f 1', 'w1'),
    ('lmpop 1 w1 left', 'w1'),
    ('zpopmin w1', 'w1'),
    ('rpop w1', 'w1'),
    ('zmpop 1 w1 min', 'w1'),
    ('srandmember w1', 'w1'),
    ('sinterstore w1 w2', 'w2'),
    ('copy w1 w2', 'w1'),
    ('pfmerge w1 w2', 'w1'),
    ('mget r1 w1', 'w1'),
    ('ttl w1', 'w1'),
    ('blpop w1 0', 'w1'),
    ('lrange w1 0 1', 'w1'),
    ('pfcount w1', 'w1'),
    ('rename r1 w1', 'r1'),
    ('renamenx w1 r2', 'w1'),
    ('smismember w1 a', 'w1'),
    ('zscore w1 a', 'w1'),
]


def test_acl_key_read_write_by_command(srv):
    c = srv.raw()
    clean(c)
    eq(c.cmd('ACL', 'SETUSER', 'wo', 'on', '>p', '+@all', '%W~w*', '%R~r*'), 'OK')
    for line in KEY_USE_ALLOWED:
        eq(c.cmd('ACL', 'DRYRUN', 'wo', *line.split()), 'OK', line)
    for line, key in KEY_USE_DENIED:
        eq(c.cmd('ACL', 'DRYRUN', 'wo', *line.split()),
           ("This user has no permissions to access the '%s' key" % key).encode(), line)
    clean(c)
