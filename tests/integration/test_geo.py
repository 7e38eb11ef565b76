# Geo commands over TCP: GEOADD (NX XX CH) GEODIST GEOHASH GEOPOS, GEORADIUS GEORADIUSBYMEMBER and
# their _RO forms, GEOSEARCH and GEOSEARCHSTORE: every error text, RESP2 and RESP3 reply bytes
# (distances "%.4f", coordinates as Redis prints them), stores on other shards, keyspace events,
# and a dataset of a few hundred points around several cities (both encodings) searched with many
# shapes, units and options, compared byte for byte with a redis-server started beside the server
# under test. Run by run.py (4 shards).

import random

from harness import eq, ok, keys_on_distinct_shards, key_shard, nshards
from harness import WRONGTYPE, arity, encode_command

SYNTAX = 'ERR syntax error'
NOT_FLOAT = 'ERR value is not a valid float'
NOT_INT = 'ERR value is not an integer or out of range'
UNIT = 'ERR unsupported unit provided. please use M, KM, FT, MI'
MEMBER = 'ERR could not decode requested zset member'

SICILY = ['13.361389', '38.115556', 'Palermo', '15.087269', '37.502669', 'Catania']


def sicily(r, key='Sicily'):
    eq(r.cmd('GEOADD', key, *SICILY), 2)


# ---------------------------------------------------------------------------------------------
# GEOADD

def test_geoadd_scores_and_flags(srv):
    r = srv.raw()
    sicily(r)
    eq(r.cmd('ZRANGE', 'Sicily', '0', '-1', 'WITHSCORES'),
       [b'Palermo', b'3479099956230698', b'Catania', b'3479447370796909'])
    eq(r.cmd('TYPE', 'Sicily'), 'zset')
    eq(r.cmd('GEOADD', 'Sicily', *SICILY), 0, 'nothing new')
    eq(r.cmd('GEOADD', 'Sicily', 'CH', *SICILY), 0, 'nothing changed')
    eq(r.cmd('GEOADD', 'Sicily', 'CH', '13.5', '38.1', 'Palermo', '1', '1', 'x'), 2)
    eq(r.cmd('GEOADD', 'Sicily', 'XX', '13.361389', '38.115556', 'Palermo', '2', '2', 'y'), 0)
    eq(r.cmd('ZSCORE', 'Sicily', 'Palermo'), b'3479099956230698', 'XX updates')
    eq(r.cmd('ZSCORE', 'Sicily', 'y'), None, 'XX adds nothing')
    eq(r.cmd('GEOADD', 'Sicily', 'NX', 'CH', '0', '0', 'Palermo', '3', '3', 'z'), 1)
    eq(r.cmd('ZSCORE', 'Sicily', 'Palermo'), b'3479099956230698', 'NX leaves members alone')
    eq(r.cmd('GEOADD', 'Sicily', 'XX', 'CH', 'CH', '0', '0', 'z'), 1)
    eq(r.cmd('GEOADD', 'nokey', 'XX', '0', '0', 'z'), 0)
    eq(r.cmd('EXISTS', 'nokey'), 0, 'XX creates no key')
    eq(r.cmd('GEOADD', 'edges', '-180', '-85.05112878', 'sw', '180', '85.05112878', 'ne',
             '0', '0', 'o'), 3)
    eq(r.cmd('ZRANGE', 'edges', '0', '-1', 'WITHSCORES'),
       [b'sw', b'0', b'o', b'3377699720527872', b'ne', b'13510798882111488'])


def test_geoadd_errors(srv):
    r = srv.raw()
    eq(r.cmd('GEOADD', 'g', '1', '2'), arity('geoadd'))
    eq(r.cmd('GEOADD', 'g', '1', '2', 'a', '3'), SYNTAX)
    eq(r.cmd('GEOADD', 'g', 'NX', 'XX', '1', '2', 'a'), SYNTAX, 'GEOADD says syntax error')
    eq(r.cmd('GEOADD', 'g', 'GT', '1', '2', 'a'), SYNTAX)
    eq(r.cmd('GEOADD', 'g', 'NX', 'CH', 'CH'), SYNTAX, 'no triple')
    eq(r.cmd('GEOADD', 'g', '1', '2', 'a', 'CH', '2', '3'), NOT_FLOAT, 'options come first')
    eq(r.cmd('GEOADD', 'g', 'x', '2', 'a'), NOT_FLOAT)
    eq(r.cmd('GEOADD', 'g', '1', 'nan', 'a'), NOT_FLOAT)
    eq(r.cmd('GEOADD', 'g', '200', '10', 'a'),
       'ERR invalid longitude,latitude pair 200.000000,10.000000')
    eq(r.cmd('GEOADD', 'g', '10', '85.06', 'a'),
       'ERR invalid longitude,latitude pair 10.000000,85.060000')
    eq(r.cmd('GEOADD', 'g', '-180.0000001', '0', 'a'),
       'ERR invalid longitude,latitude pair -180.000000,0.000000')
    eq(r.cmd('GEOADD', 'g', '1', '1', 'ok', '1e300', '0', 'a'),
       'ERR invalid longitude,latitude pair ' + '%f' % 1e300 + ',0.000000')
    eq(r.cmd('GEOADD', 'g', '1', '1', 'ok', 'inf', '0', 'a'),
       'ERR invalid longitude,latitude pair inf,0.000000')
    eq(r.cmd('EXISTS', 'g'), 0, 'nothing added when a pair is bad')
    eq(r.cmd('SET', 's', 'v'), 'OK')
    eq(r.cmd('GEOADD', 's', '1', '1', 'a'), WRONGTYPE)
    eq(r.cmd('GEOADD', 's', '1', '100', 'a'),
       'ERR invalid longitude,latitude pair 1.000000,100.000000', 'coordinates before the key')


# ---------------------------------------------------------------------------------------------
# GEOPOS GEOHASH GEODIST

def test_geopos_geohash_geodist(srv):
    r = srv.raw()
    sicily(r)
    eq(r.cmd_raw('GEOPOS', 'Sicily', 'Palermo', 'nosuch', 'Catania'),
       b'*3\r\n*2\r\n$20\r\n13.36138933897018433\r\n$20\r\n38.11555639549629859\r\n*-1\r\n'
       b'*2\r\n$20\r\n15.08726745843887329\r\n$20\r\n37.50266842333162032\r\n')
    eq(r.cmd_raw('GEOPOS', 'nokey', 'a'), b'*1\r\n*-1\r\n')
    eq(r.cmd_raw('GEOHASH', 'Sicily', 'Palermo', 'nosuch', 'Catania'),
       b'*3\r\n$11\r\nsqc8b49rny0\r\n$-1\r\n$11\r\nsqdtr74hyu0\r\n')
    eq(r.cmd_raw('GEOHASH', 'nokey', 'a', 'b'), b'*2\r\n$-1\r\n$-1\r\n')
    eq(r.cmd_raw('GEOHASH', 'Sicily'), b'*0\r\n')
    eq(r.cmd_raw('GEOPOS', 'Sicily'), b'*0\r\n')
    eq(r.cmd('GEODIST', 'Sicily', 'Palermo', 'Catania'), b'166274.1516')
    eq(r.cmd('GEODIST', 'Sicily', 'Palermo', 'Catania', 'km'), b'166.2742')
    eq(r.cmd('GEODIST', 'Sicily', 'Palermo', 'Catania', 'MI'), b'103.3182')
    eq(r.cmd('GEODIST', 'Sicily', 'Palermo', 'Catania', 'ft'), b'545518.8700')
    eq(r.cmd('GEODIST', 'Sicily', 'Palermo', 'Palermo'), b'0.0000')
    eq(r.cmd_raw('GEODIST', 'Sicily', 'Palermo', 'nosuch'), b'$-1\r\n')
    eq(r.cmd_raw('GEODIST', 'nokey', 'a', 'b'), b'$-1\r\n')
    eq(r.cmd('GEODIST', 'Sicily', 'Palermo', 'Catania', 'yd'), UNIT)
    eq(r.cmd('GEODIST', 'Sicily', 'Palermo', 'Catania', 'km', 'x'), SYNTAX)
    eq(r.cmd('GEODIST', 'Sicily', 'Palermo'), arity('geodist'))
    eq(r.cmd('GEOADD', 'edges', '-180', '-85.05112878', 'sw', '180', '85.05112878', 'ne',
             '0', '0', 'o', '-0.0000001', '-0.0000001', 'neg'), 4)
    eq(r.cmd('GEOPOS', 'edges', 'sw', 'ne', 'o', 'neg'),
       [[b'-179.99999731779098511', b'-85.05112751263942528'],
        [b'180', b'85.0511287799999991'],
        [b'0.00000268220901489', b'0.00000126736058093'],
        [b'-0.00000268220901489', b'-0.00000126736058093']])
    eq(r.cmd('GEOHASH', 'edges', 'sw', 'ne', 'o'),
       [b'00bh0hbj200', b'bp05b5048p0', b's0000000000'])
    eq(r.cmd('SET', 's', 'v'), 'OK')
    eq(r.cmd('GEOPOS', 's', 'a'), WRONGTYPE)
    eq(r.cmd('GEOHASH', 's', 'a'), WRONGTYPE)
    eq(r.cmd('GEODIST', 's', 'a', 'b'), WRONGTYPE)
    eq(r.cmd('GEODIST', 's', 'a', 'b', 'yd'), UNIT, 'the unit before the key')
    # A member with a score that is no geohash still decodes, as in Redis.
    eq(r.cmd('ZADD', 'z', '-5', 'neg', '1e20', 'big'), 2)
    eq(r.cmd('GEOHASH', 'z', 'neg', 'big'), r.cmd('GEOHASH', 'z', 'neg', 'big'))


def test_resp3_replies(srv):
    r = srv.raw()
    eq(r.cmd('HELLO', '3')[b'proto'], 3)
    sicily(r)
    eq(r.cmd_raw('GEOPOS', 'Sicily', 'Palermo', 'nosuch'),
       b'*2\r\n*2\r\n,13.36138933897018433\r\n,38.11555639549629859\r\n_\r\n')
    eq(r.cmd_raw('GEOHASH', 'Sicily', 'nosuch', 'Catania'), b'*2\r\n_\r\n$11\r\nsqdtr74hyu0\r\n')
    eq(r.cmd_raw('GEODIST', 'Sicily', 'Palermo', 'Catania', 'km'), b'$8\r\n166.2742\r\n')
    eq(r.cmd_raw('GEODIST', 'nokey', 'a', 'b'), b'_\r\n')
    eq(r.cmd_raw('GEORADIUS', 'Sicily', '15', '37', '100', 'km', 'WITHDIST', 'WITHCOORD',
                 'WITHHASH'),
       b'*1\r\n*4\r\n$7\r\nCatania\r\n$7\r\n56.4413\r\n:3479447370796909\r\n'
       b'*2\r\n,15.08726745843887329\r\n,37.50266842333162032\r\n')
    eq(r.cmd_raw('GEOSEARCH', 'nokey', 'FROMLONLAT', '0', '0', 'BYRADIUS', '1', 'm'), b'*0\r\n')


# ---------------------------------------------------------------------------------------------
# The searches: fixed expectations on the Sicily example

def test_georadius_and_geosearch(srv):
    r = srv.raw()
    sicily(r)
    eq(r.cmd('GEOADD', 'Sicily', '12.758489', '38.788135', 'edge1', '17.241510', '38.788135',
             'edge2'), 2)
    eq(r.cmd('GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'WITHDIST', 'ASC'),
       [[b'Catania', b'56.4413'], [b'Palermo', b'190.4424']])
    eq(r.cmd('GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'WITHDIST', 'DESC'),
       [[b'Palermo', b'190.4424'], [b'Catania', b'56.4413']])
    eq(r.cmd('GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'WITHCOORD'),
       [[b'Palermo', [b'13.36138933897018433', b'38.11555639549629859']],
        [b'Catania', [b'15.08726745843887329', b'37.50266842333162032']]])
    eq(r.cmd('GEORADIUS_RO', 'Sicily', '15', '37', '200', 'km', 'COUNT', '1'), [b'Catania'])
    eq(r.cmd('GEORADIUS', 'Sicily', '15', '37', '200000', 'm', 'WITHHASH', 'COUNT', '1', 'DESC'),
       [[b'Palermo', 3479099956230698]])
    eq(r.cmd('GEORADIUSBYMEMBER', 'Sicily', 'Palermo', '200', 'km', 'WITHDIST'),
       [[b'Palermo', b'0.0000'], [b'edge1', b'91.4007'], [b'Catania', b'166.2742']])
    eq(r.cmd('GEORADIUSBYMEMBER_RO', 'Sicily', 'Catania', '100', 'mi', 'ASC'), [b'Catania'])
    eq(r.cmd('GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '400', '400', 'km', 'ASC',
             'WITHCOORD', 'WITHDIST'),
       [[b'Catania', b'56.4413', [b'15.08726745843887329', b'37.50266842333162032']],
        [b'Palermo', b'190.4424', [b'13.36138933897018433', b'38.11555639549629859']],
        [b'edge2', b'279.7403', [b'17.24151045083999634', b'38.78813451624225195']],
        [b'edge1', b'279.7405', [b'12.7584877610206604', b'38.78813451624225195']]])
    eq(r.cmd('GEOSEARCH', 'Sicily', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '200', 'km', 'ASC'),
       [b'Palermo', b'edge1', b'Catania'])
    eq(r.cmd('GEOSEARCH', 'Sicily', 'frommember', 'Palermo', 'byradius', '200', 'KM', 'count',
             '2', 'desc'), [b'Catania', b'edge1'])
    eq(len(r.cmd('GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '400', '400', 'km',
                 'COUNT', '2', 'ANY')), 2)
    eq(r.cmd('GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '1', 'm'), [])
    eq(r.cmd('GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '0', 'm'), [])
    eq(r.cmd('GEOSEARCH', 'Sicily', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '0', 'm'),
       [b'Palermo'])
    eq(r.cmd('GEORADIUSBYMEMBER', 'nokey', 'x', 'abc', 'yd'), [], 'no key: no parsing')
    eq(r.cmd('GEOSEARCH', 'nokey', 'FROMMEMBER', 'x', 'BYRADIUS', '1', 'km'), [])
    eq(r.cmd('GEORADIUS', 'nokey', '1', '2', '3', 'km'), [])


def test_search_errors(srv):
    r = srv.raw()
    sicily(r)
    s = 'Sicily'
    eq(r.cmd('GEORADIUS', s, '15', '37', '200'), arity('georadius'))
    eq(r.cmd('GEORADIUSBYMEMBER', s, 'Palermo', '200'), arity('georadiusbymember'))
    eq(r.cmd('GEOSEARCH', s, 'FROMMEMBER', 'Palermo', 'BYRADIUS', '1'), arity('geosearch'))
    eq(r.cmd('GEOSEARCHSTORE', 'd', s, 'FROMMEMBER', 'Palermo', 'BYRADIUS', '1'),
       arity('geosearchstore'))
    eq(r.cmd('GEORADIUS', s, 'x', '37', '200', 'km'), NOT_FLOAT)
    eq(r.cmd('GEORADIUS', s, '15', '90', '200', 'km'),
       'ERR invalid longitude,latitude pair 15.000000,90.000000')
    eq(r.cmd('GEORADIUS', s, '15', '37', 'x', 'km'), 'ERR need numeric radius')
    eq(r.cmd('GEORADIUS', s, '15', '37', '-1', 'km'), 'ERR radius cannot be negative')
    eq(r.cmd('GEORADIUS', s, '15', '37', '1', 'kmm'), UNIT)
    eq(r.cmd('GEORADIUS', s, '15', '37', '1', 'km', 'WITHDIST', 'STORE', 'd'),
       'ERR STORE option in GEORADIUS is not compatible with WITHDIST, WITHHASH and WITHCOORD '
       'options')
    eq(r.cmd('GEORADIUS', s, '15', '37', '1', 'km', 'STOREDIST', 'd', 'WITHHASH'),
       'ERR STORE option in GEORADIUS is not compatible with WITHDIST, WITHHASH and WITHCOORD '
       'options')
    eq(r.cmd('GEORADIUS', s, '15', '37', '1', 'km', 'STORE'), SYNTAX)
    eq(r.cmd('GEORADIUS_RO', s, '15', '37', '1', 'km', 'STORE', 'd'), SYNTAX)
    eq(r.cmd('GEORADIUSBYMEMBER_RO', s, 'Palermo', '1', 'km', 'STOREDIST', 'd'), SYNTAX)
    eq(r.cmd('GEORADIUS', s, '15', '37', '1', 'km', 'COUNT'), SYNTAX)
    eq(r.cmd('GEORADIUS', s, '15', '37', '1', 'km', 'COUNT', 'x'), NOT_INT)
    eq(r.cmd('GEORADIUS', s, '15', '37', '1', 'km', 'COUNT', '0'), 'ERR COUNT must be > 0')
    eq(r.cmd('GEORADIUS', s, '15', '37', '1', 'km', 'COUNT', '-3'), 'ERR COUNT must be > 0')
    eq(r.cmd('GEORADIUS', s, '15', '37', '1', 'km', 'ANY'),
       'ERR the ANY argument requires COUNT argument')
    eq(r.cmd('GEORADIUS', s, '15', '37', '1', 'km', 'FROMMEMBER', 'x'), SYNTAX)
    eq(r.cmd('GEORADIUSBYMEMBER', s, 'nosuch', '1', 'km'), MEMBER)
    eq(r.cmd('GEORADIUSBYMEMBER', s, 'nosuch', 'x', 'yd'), MEMBER, 'the member first')
    eq(r.cmd('GEORADIUSBYMEMBER', s, 'Palermo', 'x', 'km'), 'ERR need numeric radius')
    eq(r.cmd('GEOSEARCH', s, 'FROMMEMBER', 'nosuch', 'BYRADIUS', '1', 'km'), MEMBER)
    eq(r.cmd('GEOSEARCH', s, 'BYRADIUS', '1', 'km', 'ASC', 'ASC'),
       'ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for GEOSEARCH')
    eq(r.cmd('geoSearch', s, 'BYRADIUS', '1', 'km', 'ASC', 'DESC'),
       'ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for geoSearch')
    eq(r.cmd('GEOSEARCH', s, 'FROMMEMBER', 'Palermo', 'ASC', 'DESC', 'WITHDIST'),
       'ERR exactly one of BYRADIUS and BYBOX can be specified for GEOSEARCH')
    eq(r.cmd('GEOSEARCHSTORE', 'd', s, 'FROMLONLAT', '1', '2', 'ASC', 'DESC'),
       'ERR exactly one of BYRADIUS and BYBOX can be specified for GEOSEARCHSTORE')
    eq(r.cmd('GEOSEARCH', s, 'FROMMEMBER', 'Palermo', 'FROMLONLAT', '1', '2', 'BYRADIUS', '1',
             'km'), SYNTAX)
    eq(r.cmd('GEOSEARCH', s, 'FROMMEMBER', 'Palermo', 'BYRADIUS', '1', 'km', 'BYBOX', '1', '1',
             'km'), SYNTAX)
    eq(r.cmd('GEOSEARCH', s, 'FROMMEMBER', 'Palermo', 'BYBOX', 'x', '1', 'km'),
       'ERR need numeric width')
    eq(r.cmd('GEOSEARCH', s, 'FROMMEMBER', 'Palermo', 'BYBOX', '1', 'x', 'km'),
       'ERR need numeric height')
    eq(r.cmd('GEOSEARCH', s, 'FROMMEMBER', 'Palermo', 'BYBOX', '1', '-1', 'km'),
       'ERR height or width cannot be negative')
    eq(r.cmd('GEOSEARCH', s, 'FROMMEMBER', 'Palermo', 'BYBOX', '1', '1', 'xx'), UNIT)
    eq(r.cmd('GEOSEARCH', s, 'FROMMEMBER', 'Palermo', 'BYBOX', '1', '1', 'km', 'STORE', 'd'),
       SYNTAX)
    eq(r.cmd('GEOSEARCH', s, 'FROMMEMBER', 'Palermo', 'BYBOX', '1', '1', 'km', 'STOREDIST'),
       SYNTAX)
    eq(r.cmd('GEOSEARCHSTORE', 'd', s, 'FROMMEMBER', 'Palermo', 'BYBOX', '1', '1', 'km',
             'WITHCOORD'),
       'ERR GEOSEARCHSTORE is not compatible with WITHDIST, WITHHASH and WITHCOORD options')
    eq(r.cmd('GEOSEARCH', s, 'FROMLONLAT', '1', '2', 'BYRADIUS', '1', 'km', 'COUNT', '1',
             'ANY', 'ANY'), [])
    eq(r.cmd('SET', 'str', 'v'), 'OK')
    eq(r.cmd('GEORADIUS', 'str', 'x', '37', '200', 'km'), WRONGTYPE, 'the type first')
    eq(r.cmd('GEOSEARCH', 'str', 'BYRADIUS', '1', 'km', 'x', 'y'), WRONGTYPE)
    eq(r.cmd('GEOSEARCHSTORE', 'd', 'str', 'FROMLONLAT', '1', '2', 'BYRADIUS', '1', 'km'),
       WRONGTYPE)


# ---------------------------------------------------------------------------------------------
# Stores, with source and destination on different shards

def test_stores_across_shards(srv):
    r = srv.raw()
    src, dst, other = keys_on_distinct_shards('geo', nshards(srv), 3)
    ok(nshards(srv) < 2 or key_shard(src, nshards(srv)) != key_shard(dst, nshards(srv)),
       'distinct shards')
    sicily(r, src)
    eq(r.cmd('GEORADIUS', src, '15', '37', '200', 'km', 'STORE', dst), 2)
    eq(r.cmd('ZRANGE', dst, '0', '-1', 'WITHSCORES'),
       [b'Palermo', b'3479099956230698', b'Catania', b'3479447370796909'])
    eq(r.cmd('GEORADIUS', src, '15', '37', '200', 'km', 'STOREDIST', dst, 'COUNT', '1'), 1)
    eq(r.cmd('ZRANGE', dst, '0', '-1', 'WITHSCORES'), [b'Catania', b'56.441257870158204'])
    eq(r.cmd('GEORADIUS', src, '15', '37', '200', 'km', 'STORE', other, 'STOREDIST', dst,
             'DESC'), 2, 'the last destination wins')
    eq(r.cmd('EXISTS', other), 0)
    eq(r.cmd('ZRANGE', dst, '0', '-1', 'WITHSCORES'),
       [b'Catania', b'56.441257870158204', b'Palermo', b'190.44242984775784'])
    eq(r.cmd('COMMAND', 'GETKEYS', 'GEORADIUS', src, '15', '37', '200', 'km', 'STORE', other,
             'STOREDIST', dst), [src.encode(), other.encode(), dst.encode()])
    eq(r.cmd('COMMAND', 'GETKEYS', 'GEORADIUSBYMEMBER', src, 'm', '200', 'km', 'STORE', dst),
       [src.encode(), dst.encode()])
    eq(r.cmd('COMMAND', 'GETKEYS', 'GEORADIUS', src, '15', '37', '200', 'km', 'STOREDIST', dst,
             'STORE', other), [src.encode(), other.encode(), dst.encode()])
    eq(r.cmd('COMMAND', 'GETKEYS', 'GEORADIUS', src, '15', '37', '200', 'km', 'STORE'),
       [src.encode()])
    eq(r.cmd('GEORADIUSBYMEMBER', src, 'Palermo', '10', 'km', 'STORE', dst), 1)
    eq(r.cmd('ZRANGE', dst, '0', '-1'), [b'Palermo'])
    eq(r.cmd('GEOSEARCHSTORE', dst, src, 'FROMLONLAT', '15', '37', 'BYBOX', '400', '400', 'km',
             'STOREDIST', 'COUNT', '1', 'DESC'), 1)
    eq(r.cmd('ZRANGE', dst, '0', '-1', 'WITHSCORES'), [b'Palermo', b'190.44242984775784'])
    eq(r.cmd('OBJECT', 'ENCODING', dst), b'listpack')
    # Empty results and missing sources delete the destination, whatever it held.
    eq(r.cmd('SET', other, 'v'), 'OK')
    eq(r.cmd('EXPIRE', dst, '100'), 1)
    eq(r.cmd('GEOSEARCHSTORE', other, src, 'FROMLONLAT', '0', '0', 'BYRADIUS', '1', 'km'), 0)
    eq(r.cmd('EXISTS', other), 0)
    eq(r.cmd('GEOSEARCHSTORE', dst, src, 'FROMMEMBER', 'Catania', 'BYRADIUS', '1', 'km'), 1)
    eq(r.cmd('TTL', dst), -1, 'a stored result has no expiry')
    eq(r.cmd('GEORADIUS', 'nokey', '15', '37', '200', 'km', 'STORE', dst), 0)
    eq(r.cmd('EXISTS', dst), 0)
    eq(r.cmd('SET', dst, 'v'), 'OK')
    eq(r.cmd('GEOSEARCHSTORE', dst, 'nokey', 'FROMMEMBER', 'x', 'BYRADIUS', '1', 'km'), 0)
    eq(r.cmd('EXISTS', dst), 0)
    # Of two STOREs the last is used; its shard is held too.
    a, b = keys_on_distinct_shards('geotwo', nshards(srv), 2)
    eq(r.cmd('GEORADIUS', src, '15', '37', '200', 'km', 'STORE', a, 'STORE', b), 2)
    eq(r.cmd('EXISTS', a), 0)
    eq(r.cmd('ZCARD', b), 2)
    # Inside MULTI, with the other commands of the block.
    eq(r.cmd('MULTI'), 'OK')
    eq(r.cmd('GEOSEARCHSTORE', a, src, 'FROMMEMBER', 'Palermo', 'BYRADIUS', '1', 'km'), 'QUEUED')
    eq(r.cmd('GEORADIUSBYMEMBER', src, 'Catania', '1', 'km', 'STOREDIST', b), 'QUEUED')
    eq(r.cmd('ZRANGE', a, '0', '-1'), 'QUEUED')
    eq(r.cmd('EXEC'), [1, 1, [b'Palermo']])
    eq(r.cmd('ZRANGE', b, '0', '-1', 'WITHSCORES'), [b'Catania', b'0'])
    # The source as its own destination.
    eq(r.cmd('GEORADIUS', src, '15', '37', '100', 'km', 'STORE', src), 1)
    eq(r.cmd('ZRANGE', src, '0', '-1'), [b'Catania'])
    eq(r.cmd('SET', other, 'v'), 'OK')
    eq(r.cmd('GEOSEARCHSTORE', dst, other, 'FROMLONLAT', '0', '0', 'BYRADIUS', '1', 'km'),
       WRONGTYPE)


def test_keyspace_events(srv):
    r, sub = srv.raw(), srv.raw()
    src, dst = keys_on_distinct_shards('gev', nshards(srv), 2)
    eq(r.cmd('CONFIG', 'SET', 'notify-keyspace-events', 'KEA'), 'OK')
    try:
        sub.send(encode_command('PSUBSCRIBE', '__keyevent@*__:*'))
        eq(sub.read_reply()[0][0], b'psubscribe')

        def expect(*pairs):
            for event, key in pairs:
                v, _ = sub.read_reply()
                eq((v[2], v[3]), (('__keyevent@0__:' + event).encode(), key.encode()))

        eq(r.cmd('GEOADD', src, *SICILY), 2)
        expect(('zadd', src))
        eq(r.cmd('GEOADD', src, 'NX', *SICILY), 0)
        eq(r.cmd('GEORADIUS', src, '15', '37', '200', 'km', 'STORE', dst), 2)
        expect(('georadiusstore', dst))
        eq(r.cmd('GEORADIUSBYMEMBER', src, 'Palermo', '1', 'km', 'STOREDIST', dst), 1)
        expect(('georadiusstore', dst))
        eq(r.cmd('GEOSEARCHSTORE', dst, src, 'FROMMEMBER', 'Palermo', 'BYRADIUS', '1', 'km'), 1)
        expect(('geosearchstore', dst))
        eq(r.cmd('GEOSEARCHSTORE', dst, src, 'FROMLONLAT', '0', '0', 'BYRADIUS', '1', 'km'), 0)
        expect(('del', dst))
        eq(r.cmd('GEOSEARCHSTORE', dst, src, 'FROMLONLAT', '0', '0', 'BYRADIUS', '1', 'km'), 0)
        eq(r.cmd('GEOADD', src, 'XX', '1', '1', 'Palermo'), 0)
        expect(('zadd', src))
        eq(r.cmd('SET', 'last', 'v'), 'OK')
        expect(('set', 'last'))
    finally:
        r.cmd('CONFIG', 'SET', 'notify-keyspace-events', '')


# ---------------------------------------------------------------------------------------------
# A realistic dataset, searched on both servers

CITIES = [  # (name, lon, lat): plain, high latitude, southern, equator, antimeridian, origin
    ('paris', 2.3522, 48.8566), ('nyc', -74.0060, 40.7128), ('sydney', 151.2093, -33.8688),
    ('tokyo', 139.6917, 35.6895), ('reykjavik', -21.9426, 64.1466), ('ushuaia', -68.3030, -54.8019),
    ('quito', -78.4678, -0.1807), ('suva', 179.95, -18.1416), ('origin', 0.0005, 0.0005),
    ('svalbard', 15.6267, 78.2232),
]


def dataset(seed=17, per_city=40):
    """[(lon, lat, member)]: points scattered around each city (some on top of each other, some
    with integer names), as strings."""
    rnd = random.Random(seed)
    pts = []
    for name, lon, lat in CITIES:
        for i in range(per_city):
            spread = [0.01, 0.1, 0.5, 2.0][i % 4]
            x = lon + rnd.gauss(0, spread)
            y = lat + rnd.gauss(0, spread / 2)
            x = max(-180.0, min(180.0, x))
            y = max(-85.05, min(85.05, y))
            m = '%s-%d' % (name, i) if i % 5 else str(1000 + len(pts))
            pts.append(('%.6f' % x, '%.6f' % y, m))
        # Twins: equal positions, so equal distances.
        for k in range(3):
            pts.append(('%.6f' % lon, '%.6f' % lat, '%s-twin%d' % (name, k)))
    return pts


def load(c, key, pts):
    args = []
    for x, y, m in pts:
        args += [x, y, m]
    return c.cmd('GEOADD', key, *args)


def queries(key, pts, rnd):
    """Many searches over key, as argument lists."""
    shapes = []
    for name, lon, lat in CITIES:
        for radius, unit in [('0', 'm'), ('300', 'm'), ('1', 'km'), ('5', 'km'), ('20', 'km'),
                             ('50', 'mi'), ('150000', 'ft'), ('500', 'km'), ('3000', 'km'),
                             ('9000', 'km')]:
            shapes.append(('%.4f' % lon, '%.4f' % lat, 'r', radius, unit))
        for w, h, unit in [('1', '1', 'km'), ('10', '40', 'km'), ('100', '20', 'mi'),
                           ('2000', '2000', 'km'), ('30000', '10000', 'ft')]:
            shapes.append(('%.4f' % lon, '%.4f' % lat, 'b', w, h, unit))
    out = []
    option_sets = [[], ['ASC'], ['DESC'], ['COUNT', '1'], ['COUNT', '3', 'DESC'],
                   ['COUNT', '7'], ['COUNT', '4', 'ANY'], ['COUNT', '2', 'ANY', 'ASC'],
                   ['COUNT', '50', 'ANY', 'DESC'], ['COUNT', '1000']]
    withs = [[], ['WITHDIST'], ['WITHCOORD', 'WITHHASH'], ['WITHDIST', 'WITHCOORD', 'WITHHASH']]
    for i, sh in enumerate(shapes):
        lon, lat, kind = sh[0], sh[1], sh[2]
        opts = option_sets[i % len(option_sets)] + withs[(i // 3) % len(withs)]
        opts2 = option_sets[(i + 4) % len(option_sets)] + withs[(i + 1) % len(withs)]
        if kind == 'r':
            out.append(['GEORADIUS', key, lon, lat, sh[3], sh[4]] + opts)
            out.append(['GEOSEARCH', key, 'FROMLONLAT', lon, lat, 'BYRADIUS', sh[3], sh[4]] + opts2)
            m = rnd.choice(pts)[2]
            out.append(['GEORADIUSBYMEMBER_RO', key, m, sh[3], sh[4]] + opts2)
        else:
            out.append(['GEOSEARCH', key, 'FROMLONLAT', lon, lat, 'BYBOX', sh[3], sh[4], sh[5]]
                       + opts)
            m = rnd.choice(pts)[2]
            out.append(['GEOSEARCH', key, 'FROMMEMBER', m, 'BYBOX', sh[3], sh[4], sh[5]] + opts2)
    return out


def test_dataset_matches_redis(srv):
    ref = srv.start_reference()
    t, r = srv.raw(), srv.raw(port=ref.port)
    t3, r3 = srv.raw(), srv.raw(port=ref.port)
    t3.cmd('HELLO', '3')
    r3.cmd('HELLO', '3')
    pts = dataset()
    small = dataset(seed=3, per_city=8)
    for c in (t, r):
        eq(load(c, 'big', pts), len(pts))
        eq(load(c, 'small', small), len(small))
    eq(t.cmd('OBJECT', 'ENCODING', 'big'), b'skiplist')
    eq(t.cmd('OBJECT', 'ENCODING', 'small'), b'listpack')
    eq(t.cmd_raw('ZRANGE', 'big', '0', '-1', 'WITHSCORES'),
       r.cmd_raw('ZRANGE', 'big', '0', '-1', 'WITHSCORES'), 'scores')
    members = [m for _, _, m in pts]
    eq(t.cmd_raw('GEOPOS', 'big', *members), r.cmd_raw('GEOPOS', 'big', *members), 'GEOPOS')
    eq(t3.cmd_raw('GEOPOS', 'big', *members), r3.cmd_raw('GEOPOS', 'big', *members), 'GEOPOS 3')
    eq(t.cmd_raw('GEOHASH', 'big', *members), r.cmd_raw('GEOHASH', 'big', *members), 'GEOHASH')
    rnd = random.Random(5)
    for i in range(300):
        a, b = rnd.choice(members), rnd.choice(members)
        unit = ['m', 'km', 'mi', 'ft'][i % 4]
        eq(t.cmd_raw('GEODIST', 'big', a, b, unit), r.cmd_raw('GEODIST', 'big', a, b, unit),
           'GEODIST %s %s %s' % (a, b, unit))
    n = 0
    for key, data in (('big', pts), ('small', small)):
        for q in queries(key, data, random.Random(9)):
            tc, rc = (t3, r3) if n % 5 == 4 else (t, r)
            eq(tc.cmd_raw(*q), rc.cmd_raw(*q), ' '.join(q))
            n += 1
    ok(n > 400, 'ran %d searches' % n)
    # Stored results: every form, compared member by member with their scores.
    stores = [
        ['GEORADIUS', 'big', '2.35', '48.85', '60', 'km', 'STORE', 'dst'],
        ['GEORADIUS', 'big', '2.35', '48.85', '60', 'km', 'STOREDIST', 'dst', 'COUNT', '5'],
        ['GEORADIUSBYMEMBER', 'big', 'tokyo-twin0', '3', 'mi', 'STOREDIST', 'dst', 'DESC'],
        ['GEOSEARCHSTORE', 'dst', 'big', 'FROMLONLAT', '179.9', '-18', 'BYBOX', '900', '300',
         'km'],
        ['GEOSEARCHSTORE', 'dst', 'big', 'FROMMEMBER', 'quito-twin1', 'BYRADIUS', '400', 'km',
         'STOREDIST', 'COUNT', '10', 'ANY'],
        ['GEOSEARCHSTORE', 'dst', 'big', 'FROMLONLAT', '15', '78', 'BYRADIUS', '2000', 'km'],
    ]
    for q in stores:
        eq(t.cmd(*q), r.cmd(*q), ' '.join(q))
        eq(t.cmd_raw('ZRANGE', 'dst', '0', '-1', 'WITHSCORES'),
           r.cmd_raw('ZRANGE', 'dst', '0', '-1', 'WITHSCORES'), ' '.join(q))
        eq(t.cmd('OBJECT', 'ENCODING', 'dst'), r.cmd('OBJECT', 'ENCODING', 'dst'))


def test_random_points_match_redis(srv):
    """Uniform points over the whole map, searched around random centres with random radii and
    boxes: the cells Redis picks and its filter, everywhere."""
    ref = srv.start_reference()
    t, r = srv.raw(), srv.raw(port=ref.port)
    rnd = random.Random(23)
    pts = [('%.5f' % rnd.uniform(-180, 180), '%.5f' % rnd.uniform(-85, 85), 'p%d' % i)
           for i in range(600)]
    for c in (t, r):
        eq(load(c, 'world', pts), len(pts))
    for i in range(250):
        lon, lat = '%.3f' % rnd.uniform(-180, 180), '%.3f' % rnd.uniform(-85, 85)
        size = '%.1f' % (10 ** rnd.uniform(1, 4.3))
        if i % 2:
            q = ['GEOSEARCH', 'world', 'FROMLONLAT', lon, lat, 'BYRADIUS', size, 'km']
        else:
            q = ['GEOSEARCH', 'world', 'FROMLONLAT', lon, lat, 'BYBOX', size,
                 '%.1f' % (10 ** rnd.uniform(1, 4.3)), 'km']
        q += [[], ['WITHDIST'], ['COUNT', '5', 'WITHDIST'], ['COUNT', '3', 'ANY']][i % 4]
        eq(t.cmd_raw(*q), r.cmd_raw(*q), ' '.join(q))


def test_edges_match_redis(srv):
    """Points on both sides of the antimeridian and near the latitude limits, searched from the
    edges of the map with shapes up to the size of the earth (neighbour cells that wrap around or
    coincide)."""
    ref = srv.start_reference()
    t, r = srv.raw(), srv.raw(port=ref.port)
    rnd = random.Random(31)
    pts = []
    for i in range(300):
        lon = rnd.choice([180, -180, 0]) + rnd.gauss(0, 3)
        lon = ((lon + 180) % 360) - 180
        lat = rnd.choice([85.05, -85.05, 0, 66, -80]) + rnd.gauss(0, 2)
        lat = max(-85.0511, min(85.0511, lat))
        pts.append(('%.6f' % lon, '%.6f' % lat, 'e%d' % i))
    pts.append(('180', '85.05112878', 'corner-ne'))
    pts.append(('-180', '-85.05112878', 'corner-sw'))
    for c in (t, r):
        eq(load(c, 'edges', pts), len(pts))
    centres = [('180', '0'), ('-180', '0'), ('179.9', '84'), ('-179.99', '-85.05'), ('0', '85'),
               ('0', '-85.05112878'), ('90', '67'), ('-45', '-81')]
    n = 0
    for lon, lat in centres:
        for size in ['1', '100', '500', '2500', '8000', '20000', '40000']:
            for q in (['GEORADIUS', 'edges', lon, lat, size, 'km'],
                      ['GEORADIUS', 'edges', lon, lat, size, 'km', 'WITHDIST', 'COUNT', '9'],
                      ['GEOSEARCH', 'edges', 'FROMLONLAT', lon, lat, 'BYBOX', size, size, 'km',
                       'WITHCOORD'],
                      ['GEOSEARCH', 'edges', 'FROMLONLAT', lon, lat, 'BYBOX', size, '50', 'mi',
                       'DESC', 'COUNT', '4', 'ANY'],
                      ['GEOSEARCH', 'edges', 'FROMMEMBER', 'corner-ne', 'BYRADIUS', size, 'km',
                       'ASC', 'WITHDIST']):
                eq(t.cmd_raw(*q), r.cmd_raw(*q), ' '.join(q))
                n += 1
    ok(n == 280, 'ran %d searches' % n)


# ---------------------------------------------------------------------------------------------
# Through redis-py

def test_redis_py_client(srv):
    c = srv.client()
    eq(c.geoadd('places', [13.361389, 38.115556, 'Palermo', 15.087269, 37.502669, 'Catania']), 2)
    eq(c.geoadd('places', [13.361389, 38.115556, 'Palermo'], nx=True), 0)
    eq(c.geodist('places', 'Palermo', 'Catania', unit='km'), 166.2742)
    eq(c.geodist('places', 'Palermo', 'nowhere'), None)
    pos = c.geopos('places', 'Palermo', 'nowhere')
    eq(pos[1], None)
    ok(abs(pos[0][0] - 13.361389) < 1e-5 and abs(pos[0][1] - 38.115556) < 1e-5, repr(pos))
    eq(c.geohash('places', 'Palermo', 'Catania'), ['sqc8b49rny0', 'sqdtr74hyu0'])
    eq(c.geosearch('places', longitude=15, latitude=37, radius=200, unit='km', sort='ASC'),
       [b'Catania', b'Palermo'])
    got = c.geosearch('places', member='Palermo', width=400, height=400, unit='km',
                      withdist=True, withcoord=True, sort='DESC', count=1)
    eq(got[0][0], b'Catania')
    eq(got[0][1], 166.2742)
    eq(c.georadius('places', 15, 37, 100, unit='km', withdist=True), [[b'Catania', 56.4413]])
    eq(c.geosearchstore('near', 'places', longitude=15, latitude=37, radius=200, unit='km',
                        storedist=True), 2)
    eq(c.zrange('near', 0, -1), [b'Catania', b'Palermo'])
