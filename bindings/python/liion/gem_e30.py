"""GEM (E30) host/equipment message bodies (liion/gem_e30.h): S1F1-F4, S1F15-F18,
S2F13/F14, S2F41/F42, S5F1/F2, S6F12, S7F3-F6, S7F19/F20.

Encoders return the SECS-II body as ``bytes``; every value may be a
:class:`liion.secs.Item` or a plain Python value (``Item.from_python``: an ``int`` becomes
I8, so pass ``secs.U4(1001)`` when the equipment wants U4)::

    body = gem_e30.s2f41_encode("START", {"LOTID": "LOT-7", "PPID": "RCP-1"})
    rcmd, params = gem_e30.s2f41_decode(body)     # A('START'), [(A('LOTID'), A('LOT-7')), ...]

Decoders take what was received: a :class:`liion.hsms.Event`, a :class:`liion.secs.Message`
or the body bytes (then the stream and function are taken to be the expected ones). They
check stream, function, structure and every item's format; a refused body raises
:class:`~liion.LiionDecodeError` with the library's message (naming the part) and the byte
offset of the offending item. Items come back as :class:`liion.secs.Item` (copies: no C
memory is kept).

The one-byte replies (S1F16 OFLACK, S1F18 ONLACK, S5F2 ACKC5, S6F12 ACKC6, S7F4 ACKC7) are
encoded with :func:`ack_encode` and parsed with the ``sXfY_decode`` functions below.
"""

import ctypes
from ctypes import byref, c_size_t, c_uint8

from . import _ffi
from ._default import ctx_or_default
from ._enums import (GemAckc5, GemAckc6, GemAckc7, GemAlarmCategory, GemCpack, GemHcack,
                     GemOflack, GemOnlack, Status)
from ._util import encode_into, in_bytes, u8, u64
from .errors import LiionValueError, _check
from .hsms import ack_encode
from .secs import Item, Message

__all__ = [
    "GemOflack", "GemOnlack", "GemHcack", "GemCpack", "GemAckc5", "GemAckc6", "GemAckc7",
    "GemAlarmCategory", "ALCD_SET", "ALCD_CATEGORY_MASK", "alcd", "ack_encode",
    "header_only_decode", "ack_msg_decode",
    "s1f1_decode", "s1f2_encode", "s1f2_decode", "s1f3_encode", "s1f3_decode", "s1f4_encode",
    "s1f4_decode", "s1f15_decode", "s1f16_encode", "s1f16_decode", "s1f17_decode",
    "s1f18_encode", "s1f18_decode", "s2f13_encode", "s2f13_decode", "s2f14_encode",
    "s2f14_decode", "s2f41_encode", "s2f41_decode", "s2f42_encode", "s2f42_decode",
    "s5f1_encode", "s5f1_decode", "s5f2_encode", "s5f2_decode", "s5f3_encode", "s5f3_decode",
    "s5f5_encode", "s5f5_decode", "s5f6_encode", "s5f6_decode", "ALED_ENABLE",
    "s10f3_encode", "s10f3_decode", "s2f15_encode", "s2f15_decode", "s2f18_encode",
    "s2f18_decode", "s7f1_encode", "s7f1_decode", "s7f17_encode", "s7f17_decode", "s6f12_encode", "s6f12_decode",
    "s7f3_encode", "s7f3_decode", "s7f4_encode", "s7f4_decode", "s7f5_encode", "s7f5_decode",
    "s7f6_encode", "s7f6_decode", "s7f19_decode", "s7f20_encode", "s7f20_decode",
]

#: ALCD bit 8: the alarm is set (1) or cleared (0)
ALCD_SET = 0x80
#: ALCD bits 1-7: the alarm category (GemAlarmCategory)
ALCD_CATEGORY_MASK = 0x7F


def alcd(category, is_set=True):
    """The ALCD byte of an alarm ``category`` (:class:`~liion.GemAlarmCategory`)."""
    return (ALCD_SET if is_set else 0) | int(GemAlarmCategory(category))


# ---- encoding ------------------------------------------------------------------------------

def _encode(values, call, ctx):
    """Build ``values`` as C items, run ``call(buf, cap, written, h, items)`` (items a list of
    SecsItemP), free the items. Everything under the context's lock."""
    ctx = ctx_or_default(ctx)
    lib = _ffi.lib
    with ctx._lock:
        h = ctx._handle()
        items = []
        try:
            for v in values:
                items.append(Item.from_python(v)._build(h))
            return encode_into(lambda b, cap, w: call(b, cap, w, h, items), h)
        finally:
            for p in items:
                lib.liion_secs_item_free(p)


def _arr(items, lo=0, hi=None):
    part = items[lo:hi]
    return (_ffi.SecsItemP * len(part))(*part) if part else None


def _list_encode(fn, values, ctx):
    values = list(values)
    return _encode(values, lambda b, cap, w, h, it: fn(b, cap, w, h, _arr(it), len(it)), ctx)


def _text(s, name):
    if s is None:
        raise TypeError("%s must be str or bytes, not None" % name)
    b = s.encode("latin-1") if isinstance(s, str) else bytes(memoryview(s))
    return b, len(b)


def _pairs(params):
    items = list(params.items()) if isinstance(params, dict) else [tuple(p) for p in params]
    return [k for k, _ in items], [v for _, v in items]


def s1f2_encode(mdln, softrev, ctx=None):
    """S1F2 (on-line data, equipment): ``L[2] <A MDLN> <A SOFTREV>``."""
    m, mn = _text(mdln, "mdln")
    s, sn = _text(softrev, "softrev")
    return _encode((), lambda b, cap, w, h, it: _ffi.lib.liion_gem_s1f2_encode(
        b, cap, w, h, m, mn, s, sn), ctx)


def s1f3_encode(svids, ctx=None):
    """S1F3 (selected equipment status request): ``L[n] <SVID>...``."""
    return _list_encode(_ffi.lib.liion_gem_s1f3_encode, svids, ctx)


def s1f4_encode(values, ctx=None):
    """S1F4 (selected equipment status data): ``L[n] <SV>...``."""
    return _list_encode(_ffi.lib.liion_gem_s1f4_encode, values, ctx)


def s2f13_encode(ecids, ctx=None):
    """S2F13 (equipment constant request): ``L[n] <ECID>...``."""
    return _list_encode(_ffi.lib.liion_gem_s2f13_encode, ecids, ctx)


def s2f14_encode(values, ctx=None):
    """S2F14 (equipment constant data): ``L[n] <ECV>...``."""
    return _list_encode(_ffi.lib.liion_gem_s2f14_encode, values, ctx)


def s7f20_encode(ppids, ctx=None):
    """S7F20 (current EPPD data): ``L[n] <PPID>...``."""
    return _list_encode(_ffi.lib.liion_gem_s7f20_encode, ppids, ctx)


def s2f15_encode(constants, ctx=None):
    """S2F15 (new equipment constant send): ``constants`` as a dict or (ECID, ECV) pairs;
    ``L[n]`` of ``L[2] <ECID> <ECV>``. The reply S2F16 is one EAC byte."""
    ids, vals = _pairs(constants)
    n = len(ids)
    return _encode(ids + vals, lambda b, cap, w, h, it: _ffi.lib.liion_gem_s2f15_encode(
        b, cap, w, h, _arr(it, 0, n), _arr(it, n), n), ctx)


def s2f18_encode(time, ctx=None):
    """S2F18 (date and time data): ``time`` as 12 (YYMMDDhhmmss) or 16 (YYYYMMDDhhmmsscc)
    digits. S2F17, the request, has no body."""
    t, tn = _text(time, "time")
    return _encode([], lambda b, cap, w, h, it: _ffi.lib.liion_gem_s2f18_encode(
        b, cap, w, h, t, tn), ctx)


def s2f41_encode(rcmd, params=(), ctx=None):
    """S2F41 (host command send): ``rcmd`` (A, U1 or I1; a str becomes A) and ``params``
    as a dict or (CPNAME, CPVAL) pairs."""
    names, vals = _pairs(params)
    n = len(names)
    return _encode([rcmd] + names + vals, lambda b, cap, w, h, it: _ffi.lib.liion_gem_s2f41_encode(
        b, cap, w, h, it[0], _arr(it, 1, 1 + n), _arr(it, 1 + n), n), ctx)


def s2f42_encode(hcack, params=(), ctx=None):
    """S2F42 (host command acknowledge): ``hcack`` (:class:`~liion.GemHcack`) and the refused
    parameters as a dict or (CPNAME, CPACK) pairs."""
    names, acks = _pairs(params)
    n = len(names)
    acks = (c_uint8 * n)(*[u8("cpack", a) for a in acks]) if n else None
    return _encode(names, lambda b, cap, w, h, it: _ffi.lib.liion_gem_s2f42_encode(
        b, cap, w, h, u8("hcack", hcack), _arr(it), acks, n), ctx)


def s5f1_encode(alcd, alid, altx, ctx=None):
    """S5F1 (alarm report send): ``L[3] <B ALCD> <ALID> <A ALTX>``; see :func:`alcd`."""
    t, tn = _text(altx, "altx")
    return _encode([alid], lambda b, cap, w, h, it: _ffi.lib.liion_gem_s5f1_encode(
        b, cap, w, h, u8("alcd", alcd), it[0], t, tn), ctx)


#: ALED bit 8 (S5F3): enable the alarm's reports; 0 disables them.
ALED_ENABLE = 0x80


def s5f3_encode(aled, alid, ctx=None):
    """S5F3 (enable/disable alarm send): ``L[2] <B ALED> <ALID>``; ``aled`` is
    :data:`ALED_ENABLE` or 0. The reply S5F4 is one ACKC5 byte (:func:`s5f2_encode` shape)."""
    return _encode([alid], lambda b, cap, w, h, it: _ffi.lib.liion_gem_s5f3_encode(
        b, cap, w, h, u8("aled", aled), it[0]), ctx)


def s5f5_encode(alids, ctx=None):
    """S5F5 (list alarms request): the ALID vector, one U1-U8/I1-I8 Item (empty: every
    alarm). S5F7 has no body."""
    return _encode([alids], lambda b, cap, w, h, it: _ffi.lib.liion_gem_s5f5_encode(
        b, cap, w, h, it[0]), ctx)


def s5f6_encode(alarms, ctx=None):
    """S5F6 / S5F8 (alarm data): ``alarms`` is a sequence of ``(alcd, alid, altx)``;
    ``L[n]`` of ``L[3] <B ALCD> <ALID> <A ALTX>``."""
    alarms = [tuple(a) for a in alarms]
    texts = [_text(t, "altx") for _, _, t in alarms]
    n = len(alarms)

    def call(b, cap, w, h, it):
        alcds = (ctypes.c_uint8 * max(n, 1))(*[u8("alcd", a[0]) for a in alarms])
        tx = (ctypes.c_char_p * max(n, 1))(*[t for t, _ in texts])
        ln = (c_size_t * max(n, 1))(*[k for _, k in texts])
        return _ffi.lib.liion_gem_s5f6_encode(b, cap, w, h, alcds, _arr(it), tx, ln, n)
    return _encode([a[1] for a in alarms], call, ctx)


def s10f3_encode(tid, text, ctx=None):
    """S10F3 (terminal display, host to equipment) or S10F1 (terminal request, equipment to
    host), one body: ``L[2] <B TID> <TEXT>``; ``text`` a str (A) or any non-list Item. The
    replies S10F4 / S10F2 are one ACKC10 byte."""
    return _encode([text], lambda b, cap, w, h, it: _ffi.lib.liion_gem_s10f3_encode(
        b, cap, w, h, u8("tid", tid), it[0]), ctx)


def s7f1_encode(ppid, length, ctx=None):
    """S7F1 (process program load inquire): ``L[2] <PPID> <LENGTH>`` (U4, U8 past 2**32 - 1).
    The reply S7F2 is one PPGNT byte."""
    return _encode([ppid], lambda b, cap, w, h, it: _ffi.lib.liion_gem_s7f1_encode(
        b, cap, w, h, it[0], u64("length", length)), ctx)


def s7f17_encode(ppids, ctx=None):
    """S7F17 (delete process program send): ``L[n] <PPID>...`` (empty: every program). The
    reply S7F18 is one ACKC7 byte."""
    return _list_encode(_ffi.lib.liion_gem_s7f17_encode, ppids, ctx)


def s7f3_encode(ppid, ppbody, ctx=None):
    """S7F3 (process program send): ``L[2] <PPID> <PPBODY>``."""
    return _encode([ppid, ppbody], lambda b, cap, w, h, it: _ffi.lib.liion_gem_s7f3_encode(
        b, cap, w, h, it[0], it[1]), ctx)


def s7f5_encode(ppid, ctx=None):
    """S7F5 (process program request): ``<PPID>``."""
    return _encode([ppid], lambda b, cap, w, h, it: _ffi.lib.liion_gem_s7f5_encode(
        b, cap, w, h, it[0]), ctx)


def s7f6_encode(ppid, ppbody, ctx=None):
    """S7F6 (process program data): ``L[2] <PPID> <PPBODY>``."""
    return _encode([ppid, ppbody], lambda b, cap, w, h, it: _ffi.lib.liion_gem_s7f6_encode(
        b, cap, w, h, it[0], it[1]), ctx)


def s1f16_encode(oflack=GemOflack.ACK, ctx=None):
    """S1F16 body ``<B OFLACK>``."""
    return ack_encode(oflack, ctx)


def s1f18_encode(onlack, ctx=None):
    """S1F18 body ``<B ONLACK>``."""
    return ack_encode(onlack, ctx)


def s5f2_encode(ackc5, ctx=None):
    """S5F2 body ``<B ACKC5>``."""
    return ack_encode(ackc5, ctx)


def s6f12_encode(ackc6, ctx=None):
    """S6F12 body ``<B ACKC6>``."""
    return ack_encode(ackc6, ctx)


def s7f4_encode(ackc7, ctx=None):
    """S7F4 body ``<B ACKC7>``."""
    return ack_encode(ackc7, ctx)


# ---- decoding ------------------------------------------------------------------------------

def _parts(msg, stream, function, ctx):
    """(stream, function, wbit, body bytes) of an hsms.Event, a secs.Message or a body."""
    if isinstance(msg, Message):
        return msg.stream, msg.function, msg.wbit, (b"" if msg.body is None
                                                     else msg.body.encode(ctx))
    if hasattr(msg, "stream") and hasattr(msg, "function") and hasattr(msg, "body"):
        return msg.stream, msg.function, bool(getattr(msg, "wbit", False)), msg.body
    return stream, function, False, msg


def _decode(msg, stream, function, run, ctx):
    """Load ``msg`` into a C message and run ``run(h, m)`` under the context's lock."""
    s, f, w, body = _parts(msg, stream, function, ctx)
    if not 0 <= s <= 127 or not 0 <= f <= 255:
        raise LiionValueError(Status.RANGE, "stream %d / function %d out of range" % (s, f))
    ctx = ctx_or_default(ctx)
    lib = _ffi.lib
    p, n = in_bytes(body, name="body")
    with ctx._lock:
        h = ctx._handle()
        m = _ffi.SecsMsgP()
        _check(lib.liion_secs_msg_new(byref(m), h), h)
        try:
            _check(lib.liion_secs_msg_decode(m, p, n), h)
            _check(lib.liion_secs_msg_set_sf(m, s, f, 1 if w else 0), h)
            return run(h, m)
        finally:
            lib.liion_secs_msg_free(m)


def _children(lst):
    lib = _ffi.lib
    return [Item._read(lib.liion_secs_item_child(lst, i))
            for i in range(lib.liion_secs_item_count(lst))]


def _list_decode(fn, msg, stream, function, ctx):
    def run(h, m):
        lst = _ffi.SecsItemP()
        _check(fn(byref(lst), None, h, m), h)
        return _children(lst)
    return _decode(msg, stream, function, run, ctx)


def header_only_decode(msg, stream, function, ctx=None):
    """Check a header-only primary (S1F1, S1F15, S1F17, S7F19): LiionDecodeError if it has a
    body or is another message."""
    def run(h, m):
        _check(_ffi.lib.liion_gem_empty_decode(h, m, stream, function), h)
    _decode(msg, stream, function, run, ctx)


def ack_msg_decode(msg, stream, function, ctx=None):
    """The code of a one-byte acknowledge reply (S1F16, S1F18, S5F2, S6F12, S7F4)."""
    def run(h, m):
        ack = c_uint8()
        _check(_ffi.lib.liion_gem_ack_msg_decode(byref(ack), h, m, stream, function), h)
        return ack.value
    return _decode(msg, stream, function, run, ctx)


def _enum_or_int(cls, v):
    try:
        return cls(v)
    except ValueError:
        return v


def s1f1_decode(msg, ctx=None):
    """Check an S1F1 (are you there) request."""
    header_only_decode(msg, 1, 1, ctx)


def s1f15_decode(msg, ctx=None):
    """Check an S1F15 (request off-line)."""
    header_only_decode(msg, 1, 15, ctx)


def s1f17_decode(msg, ctx=None):
    """Check an S1F17 (request on-line)."""
    header_only_decode(msg, 1, 17, ctx)


def s7f19_decode(msg, ctx=None):
    """Check an S7F19 (current EPPD request)."""
    header_only_decode(msg, 7, 19, ctx)


def s1f16_decode(msg, ctx=None):
    """OFLACK of an S1F16 (a :class:`~liion.GemOflack`, or the int when E5 defines none)."""
    return _enum_or_int(GemOflack, ack_msg_decode(msg, 1, 16, ctx))


def s1f18_decode(msg, ctx=None):
    """ONLACK of an S1F18 (:class:`~liion.GemOnlack` or int)."""
    return _enum_or_int(GemOnlack, ack_msg_decode(msg, 1, 18, ctx))


def s5f2_decode(msg, ctx=None):
    """ACKC5 of an S5F2 (0 accepted; 1-63 error)."""
    return _enum_or_int(GemAckc5, ack_msg_decode(msg, 5, 2, ctx))


def s6f12_decode(msg, ctx=None):
    """ACKC6 of an S6F12 (0 accepted; 1-63 error)."""
    return _enum_or_int(GemAckc6, ack_msg_decode(msg, 6, 12, ctx))


def s7f4_decode(msg, ctx=None):
    """ACKC7 of an S7F4 (:class:`~liion.GemAckc7` or int)."""
    return _enum_or_int(GemAckc7, ack_msg_decode(msg, 7, 4, ctx))


def s1f2_decode(msg, ctx=None):
    """``(mdln, softrev)`` of an S1F2 (an empty ``L[0]`` from a host gives ``("", "")``)."""
    def run(h, m):
        a, an, b, bn = ctypes.c_void_p(), c_size_t(), ctypes.c_void_p(), c_size_t()
        _check(_ffi.lib.liion_gem_s1f2_decode(byref(a), byref(an), byref(b), byref(bn), h, m),
               h)
        return (ctypes.string_at(a.value, an.value).decode("latin-1") if an.value else "",
                ctypes.string_at(b.value, bn.value).decode("latin-1") if bn.value else "")
    return _decode(msg, 1, 2, run, ctx)


def s1f3_decode(msg, ctx=None):
    """The SVIDs of an S1F3, as a list of Items."""
    return _list_decode(_ffi.lib.liion_gem_s1f3_decode, msg, 1, 3, ctx)


def s1f4_decode(msg, ctx=None):
    """The status values of an S1F4, as a list of Items."""
    return _list_decode(_ffi.lib.liion_gem_s1f4_decode, msg, 1, 4, ctx)


def s2f15_decode(msg, ctx=None):
    """``[(ecid, ecv), ...]`` of an S2F15, all Items."""
    def run(h, m):
        lst = _ffi.SecsItemP()
        _check(_ffi.lib.liion_gem_s2f15_decode(byref(lst), None, h, m), h)
        return _pair_list(h, lst)
    return _decode(msg, 2, 15, run, ctx)


def s2f18_decode(msg, ctx=None):
    """The TIME digits of an S2F18, as a str."""
    def run(h, m):
        t, tn = ctypes.c_void_p(), c_size_t()
        _check(_ffi.lib.liion_gem_s2f18_decode(byref(t), byref(tn), h, m), h)
        return ctypes.string_at(t.value, tn.value).decode("ascii")
    return _decode(msg, 2, 18, run, ctx)


def s7f1_decode(msg, ctx=None):
    """``(ppid Item, length)`` of an S7F1."""
    def run(h, m):
        pp, n = _ffi.SecsItemP(), ctypes.c_uint64()
        _check(_ffi.lib.liion_gem_s7f1_decode(byref(pp), byref(n), h, m), h)
        return Item._read(pp), n.value
    return _decode(msg, 7, 1, run, ctx)


def s7f17_decode(msg, ctx=None):
    """The PPIDs of an S7F17, as a list of Items (empty: every program)."""
    return _list_decode(_ffi.lib.liion_gem_s7f17_decode, msg, 7, 17, ctx)


def s2f13_decode(msg, ctx=None):
    """The ECIDs of an S2F13, as a list of Items."""
    return _list_decode(_ffi.lib.liion_gem_s2f13_decode, msg, 2, 13, ctx)


def s2f14_decode(msg, ctx=None):
    """The ECVs of an S2F14, as a list of Items."""
    return _list_decode(_ffi.lib.liion_gem_s2f14_decode, msg, 2, 14, ctx)


def s7f20_decode(msg, ctx=None):
    """The PPIDs of an S7F20, as a list of Items."""
    return _list_decode(_ffi.lib.liion_gem_s7f20_decode, msg, 7, 20, ctx)


def _pair_list(h, lst):
    lib = _ffi.lib
    a, b = _ffi.SecsItemP(), _ffi.SecsItemP()
    out = []
    for i in range(lib.liion_secs_item_count(lst)):
        _check(lib.liion_gem_pair_at(byref(a), byref(b), lst, i))
        out.append((Item._read(a), Item._read(b)))
    return out


def s2f41_decode(msg, ctx=None):
    """``(rcmd, [(cpname, cpval), ...])`` of an S2F41, all Items."""
    def run(h, m):
        rcmd, params = _ffi.SecsItemP(), _ffi.SecsItemP()
        _check(_ffi.lib.liion_gem_s2f41_decode(byref(rcmd), byref(params), None, h, m), h)
        return Item._read(rcmd), _pair_list(h, params)
    return _decode(msg, 2, 41, run, ctx)


def _code(item):
    v = item.value
    return v[0]  # B: bytes[0]; U1: [n][0]


def s2f42_decode(msg, ctx=None):
    """``(hcack, [(cpname Item, cpack), ...])`` of an S2F42 (HCACK a
    :class:`~liion.GemHcack` when E5 defines the value, CPACKs ints)."""
    def run(h, m):
        hc, params = c_uint8(), _ffi.SecsItemP()
        _check(_ffi.lib.liion_gem_s2f42_decode(byref(hc), byref(params), None, h, m), h)
        return (_enum_or_int(GemHcack, hc.value),
                [(name, _enum_or_int(GemCpack, _code(ack)))
                 for name, ack in _pair_list(h, params)])
    return _decode(msg, 2, 42, run, ctx)


def s5f3_decode(msg, ctx=None):
    """``(aled, alid Item)`` of an S5F3."""
    def run(h, m):
        a, alid = c_uint8(), _ffi.SecsItemP()
        _check(_ffi.lib.liion_gem_s5f3_decode(byref(a), byref(alid), h, m), h)
        return a.value, Item._read(alid)
    return _decode(msg, 5, 3, run, ctx)


def s5f5_decode(msg, ctx=None):
    """The ALID vector Item of an S5F5 (empty: every alarm)."""
    def run(h, m):
        v = _ffi.SecsItemP()
        _check(_ffi.lib.liion_gem_s5f5_decode(byref(v), h, m), h)
        return Item._read(v)
    return _decode(msg, 5, 5, run, ctx)


def s5f6_decode(msg, ctx=None):
    """``[(alcd, alid Item, altx), ...]`` of an S5F6 or S5F8 (same body): a Message or
    Event says which; body bytes alone are read as S5F6."""
    def run(h, m):
        lst, n = _ffi.SecsItemP(), c_size_t()
        _check(_ffi.lib.liion_gem_s5f6_decode(byref(lst), byref(n), h, m), h)
        out = []
        for i in range(n.value):
            a, alid, t, tn = c_uint8(), _ffi.SecsItemP(), ctypes.c_void_p(), c_size_t()
            _check(_ffi.lib.liion_gem_s5f6_alarm_at(byref(a), byref(alid), byref(t), byref(tn),
                                                    lst, i))
            out.append((a.value, Item._read(alid),
                        ctypes.string_at(t.value, tn.value).decode("latin-1") if tn.value else ""))
        return out
    return _decode(msg, 5, 6, run, ctx)


def s10f3_decode(msg, ctx=None):
    """``(tid, text Item)`` of an S10F3 or S10F1 (a Message or Event says which; body bytes
    alone are read as S10F3)."""
    def run(h, m):
        t, text = c_uint8(), _ffi.SecsItemP()
        _check(_ffi.lib.liion_gem_s10f3_decode(byref(t), byref(text), h, m), h)
        return t.value, Item._read(text)
    return _decode(msg, 10, 3, run, ctx)


def s5f1_decode(msg, ctx=None):
    """``(alcd, alid Item, altx)`` of an S5F1; ``alcd & ALCD_SET`` tells set or cleared,
    ``alcd & ALCD_CATEGORY_MASK`` the category."""
    def run(h, m):
        a, alid, t, tn = c_uint8(), _ffi.SecsItemP(), ctypes.c_void_p(), c_size_t()
        _check(_ffi.lib.liion_gem_s5f1_decode(byref(a), byref(alid), byref(t), byref(tn), h, m),
               h)
        return (a.value, Item._read(alid),
                ctypes.string_at(t.value, tn.value).decode("latin-1") if tn.value else "")
    return _decode(msg, 5, 1, run, ctx)


def _pp(fn, stream, function):
    def decode(msg, ctx=None):
        def run(h, m):
            a, b = _ffi.SecsItemP(), _ffi.SecsItemP()
            _check(fn()(byref(a), byref(b), h, m), h)
            return Item._read(a), Item._read(b)
        return _decode(msg, stream, function, run, ctx)
    return decode


s7f3_decode = _pp(lambda: _ffi.lib.liion_gem_s7f3_decode, 7, 3)
s7f3_decode.__name__ = "s7f3_decode"
s7f3_decode.__doc__ = "``(ppid, ppbody)`` Items of an S7F3."
s7f6_decode = _pp(lambda: _ffi.lib.liion_gem_s7f6_decode, 7, 6)
s7f6_decode.__name__ = "s7f6_decode"
s7f6_decode.__doc__ = "``(ppid, ppbody)`` Items of an S7F6."


def s7f5_decode(msg, ctx=None):
    """The PPID Item of an S7F5."""
    def run(h, m):
        a = _ffi.SecsItemP()
        _check(_ffi.lib.liion_gem_s7f5_decode(byref(a), h, m), h)
        return Item._read(a)
    return _decode(msg, 7, 5, run, ctx)



