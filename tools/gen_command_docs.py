#!/usr/bin/python3
"""Writes src/cmd/command_docs_data.c from a running redis-server 7.0.15: the COMMAND DOCS
(arguments, history, doc flags) and the COMMAND INFO key specifications and tips of every command
and subcommand, keyed by full name ("get", "config|get"). Run by hand when the reference changes:

    redis-server --port 7000 --save '' &
    tools/gen_command_docs.py --port 7000 > src/cmd/command_docs_data.c

Commands this server leaves out (stream consumer groups, replication and cluster, modules)
are not written. The answers are read over RESP3 so maps, sets and arrays keep their kinds."""

import argparse
import socket
import sys

EXCLUDED_PREFIXES = ('cluster', 'module')
EXCLUDED = {'replicaof', 'slaveof', 'sync', 'psync', 'replconf', 'failover', 'readonly',
            'readwrite', 'asking',
            # stream consumer groups
            'xgroup', 'xreadgroup', 'xack', 'xpending', 'xclaim', 'xautoclaim', 'xinfo|groups',
            'xinfo|consumers'}

# In the order Redis prints them (addReplyFlagsForKeyArgs, addReplyFlagsForArg,
# addReplyDocFlagsForCommand); the C side keeps the same order.
KEY_FLAGS = ['RO', 'RW', 'OW', 'RM', 'access', 'update', 'insert', 'delete', 'not_key',
             'incomplete', 'variable_flags']
ARG_FLAGS = ['optional', 'multiple', 'multiple_token']
DOC_FLAGS = ['deprecated', 'syscmd']
ARG_FIELDS = ['name', 'type', 'key_spec_index', 'token', 'summary', 'since', 'deprecated_since',
              'flags', 'arguments']
DOC_FIELDS = ['summary', 'since', 'group', 'complexity', 'doc_flags', 'deprecated_since',
              'replaced_by', 'history', 'arguments', 'subcommands']


class Resp3:
    def __init__(self, port):
        self.sock = socket.create_connection(('127.0.0.1', port))
        self.buf = b''
        self.cmd('HELLO', '3')

    def _line(self):
        while b'\r\n' not in self.buf:
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise EOFError
            self.buf += chunk
        line, self.buf = self.buf.split(b'\r\n', 1)
        return line

    def _exact(self, n):
        while len(self.buf) < n + 2:
            self.buf += self.sock.recv(1 << 20)
        data, self.buf = self.buf[:n], self.buf[n + 2:]
        return data

    def value(self):
        line = self._line()
        t, rest = chr(line[0]), line[1:].decode()
        if t in '+':
            return ('str', rest)
        if t == '-':
            raise RuntimeError(rest)
        if t == ':':
            return ('int', int(rest))
        if t == '$':
            return ('str', self._exact(int(rest)).decode())
        if t == '_':
            return ('null', None)
        if t in '*~>':
            return ('array' if t != '~' else 'set', [self.value() for _ in range(int(rest))])
        if t == '%':
            return ('map', [(self.value()[1], self.value()) for _ in range(int(rest))])
        raise RuntimeError('unexpected reply %r' % line)

    def cmd(self, *args):
        out = b'*%d\r\n' % len(args)
        for a in args:
            a = a.encode()
            out += b'$%d\r\n%s\r\n' % (len(a), a)
        self.sock.sendall(out)
        return self.value()


def c_str(s):
    if s is None:
        return 'NULL'
    out = s.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n')
    return '"%s"' % out


def ident(name):
    return 'd_' + ''.join(ch if ch.isalnum() else '_' for ch in name)


def excluded(name):
    top = name.split('|')[0]
    return name in EXCLUDED or top in EXCLUDED or top.startswith(EXCLUDED_PREFIXES)


def flag_bits(values, names, prefix):
    bits = []
    for v in values:
        if v[1] not in names:
            raise RuntimeError('unknown flag %r' % v[1])
        bits.append(prefix + v[1].upper())
    return ' | '.join(bits) if bits else '0'


class Writer:
    def __init__(self):
        self.out = []

    def emit(self, line=''):
        self.out.append(line)

    def args(self, base, args):
        """Writes the arrays of an argument list (nested ones first); returns the array's name."""
        rows = []
        for i, (_, a) in enumerate(args):
            fields = dict(a)
            for k in fields:
                if k not in ARG_FIELDS:
                    raise RuntimeError('unknown argument field %r' % k)
            keys = list(fields)
            if keys != [k for k in ARG_FIELDS if k in fields]:
                raise RuntimeError('argument fields out of order: %r' % keys)
            sub, nsub = 'NULL', 0
            if 'arguments' in fields:
                sub = self.args('%s_%d' % (base, i), fields['arguments'][1])
                nsub = len(fields['arguments'][1])
            row = ['.name = %s' % c_str(fields['name'][1]),
                   '.type = %s' % c_str(fields['type'][1]),
                   '.key_spec_index = %d' % (fields['key_spec_index'][1]
                                             if 'key_spec_index' in fields else -1)]
            for k in ('token', 'summary', 'since', 'deprecated_since'):
                if k in fields:
                    row.append('.%s = %s' % (k, c_str(fields[k][1])))
            if 'flags' in fields:
                row.append('.flags = %s' % flag_bits(fields['flags'][1], ARG_FLAGS, 'DOC_ARG_'))
            if nsub:
                row.append('.args = %s, .nargs = %d' % (sub, nsub))
            rows.append('    {%s},' % ', '.join(row))
        self.emit('static const struct doc_arg %s[] = {' % base)
        self.out.extend(rows)
        self.emit('};')
        return base

    def key_specs(self, base, specs):
        self.emit('static const struct doc_key_spec %s[] = {' % base)
        for _, spec in specs:
            s = dict(spec)
            row = []
            if 'notes' in s:
                row.append('.notes = %s' % c_str(s['notes'][1]))
            row.append('.flags = %s' % flag_bits(s['flags'][1], KEY_FLAGS, 'KS_'))
            bs = dict(s['begin_search'][1])
            bspec = dict(bs['spec'][1])
            if bs['type'][1] == 'index':
                row.append('.bs_type = KS_BS_INDEX, .bs_index = %d' % bspec['index'][1])
            elif bs['type'][1] == 'keyword':
                row.append('.bs_type = KS_BS_KEYWORD, .bs_keyword = %s, .bs_index = %d' %
                           (c_str(bspec['keyword'][1]), bspec['startfrom'][1]))
            else:
                row.append('.bs_type = KS_BS_UNKNOWN')
            fk = dict(s['find_keys'][1])
            fspec = dict(fk['spec'][1])
            if fk['type'][1] == 'range':
                row.append('.fk_type = KS_FK_RANGE, .fk = {%d, %d, %d}' %
                           (fspec['lastkey'][1], fspec['keystep'][1], fspec['limit'][1]))
            elif fk['type'][1] == 'keynum':
                row.append('.fk_type = KS_FK_KEYNUM, .fk = {%d, %d, %d}' %
                           (fspec['keynumidx'][1], fspec['firstkey'][1], fspec['keystep'][1]))
            else:
                row.append('.fk_type = KS_FK_UNKNOWN')
            self.emit('    {%s},' % ', '.join(row))
        self.emit('};')

    def command(self, name, docs, info):
        base = ident(name)
        d = dict(docs[1])
        keys = list(d)
        if keys != [k for k in DOC_FIELDS if k in d]:
            raise RuntimeError('%s: docs fields %r' % (name, keys))
        row = ['.name = %s' % c_str(name)]
        for k in ('summary', 'since', 'group', 'complexity', 'deprecated_since', 'replaced_by'):
            if k in d:
                row.append('.%s = %s' % (k, c_str(d[k][1])))
        if 'doc_flags' in d:
            row.append('.doc_flags = %s' % flag_bits(d['doc_flags'][1], DOC_FLAGS, 'DOC_'))
        if 'history' in d:
            self.emit('static const struct doc_history %s_history[] = {' % base)
            for _, h in d['history'][1]:
                self.emit('    {%s, %s},' % (c_str(h[0][1]), c_str(h[1][1])))
            self.emit('};')
            row.append('.history = %s_history, .nhistory = %d' % (base, len(d['history'][1])))
        if 'arguments' in d:
            self.args(base + '_args', d['arguments'][1])
            row.append('.args = %s_args, .nargs = %d' % (base, len(d['arguments'][1])))
        tips, specs = info[1][7][1], info[1][8][1]
        if tips:
            self.emit('static const char *const %s_tips[] = {%s};' %
                      (base, ', '.join(c_str(t[1]) for t in tips)))
            row.append('.tips = %s_tips, .ntips = %d' % (base, len(tips)))
        if specs:
            self.key_specs(base + '_keys', specs)
            row.append('.key_specs = %s_keys, .nkey_specs = %d' % (base, len(specs)))
        return '    {%s},' % ', '.join(row)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--port', type=int, default=6379)
    opts = ap.parse_args()
    r = Resp3(opts.port)
    version = dict(r.cmd('HELLO', '3')[1])['version'][1]
    docs = dict(r.cmd('COMMAND', 'DOCS')[1])
    infos = {i[1][0][1]: i for i in r.cmd('COMMAND', 'INFO')[1]}

    entries = {}  # full name -> (docs, info)
    for name, info in infos.items():
        if excluded(name):
            continue
        entries[name] = (docs[name], info)
        subdocs = dict(dict(docs[name][1]).get('subcommands', ('map', []))[1])
        for sub in info[1][9][1]:
            subname = sub[1][0][1]
            if not excluded(subname):
                entries[subname] = (subdocs[subname], sub)

    w = Writer()
    w.emit('/* Redis %s\'s command documentation (COMMAND DOCS) and key specifications and tips' %
           version)
    w.emit(' * (COMMAND INFO) for every command this server may have, keyed by full name. Written by')
    w.emit(' * tools/gen_command_docs.py from a running redis-server: do not edit by hand. */')
    w.emit('#include <stddef.h>')
    w.emit()
    w.emit('#include "cmd/command_docs.h"')
    w.emit()
    w.emit('/* clang-format off */')
    rows = []
    for name in sorted(entries):
        d, info = entries[name]
        # the container's docs without its subcommands: those are entries of their own
        d = ('map', [(k, v) for k, v in d[1] if k != 'subcommands'])
        rows.append(w.command(name, d, info))
        w.emit()
    w.emit('const struct cmd_doc cmd_docs[] = {')
    w.out.extend(rows)
    w.emit('};')
    w.emit()
    w.emit('const size_t cmd_docs_count = sizeof(cmd_docs) / sizeof(cmd_docs[0]);')
    w.emit('/* clang-format on */')
    sys.stdout.write('\n'.join(w.out) + '\n')


if __name__ == '__main__':
    main()
