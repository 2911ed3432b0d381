"""The sans-I/O HSMS-SS session and the GEM state models (liion/gem.h), and HSMS framing
(liion/hsms.h: :func:`encode_data`, :func:`decode_frame`, the incremental
:class:`FrameReader`).

The :class:`Session` owns no socket, thread or clock: feed it the bytes you read
(:meth:`Session.feed`), call :meth:`Session.tick` at :attr:`Session.next_deadline`, write out
what :meth:`Session.take` returns, and handle :meth:`Session.events`. ``now_ms`` arguments
default to ``time.monotonic()`` in milliseconds. ``examples/hsms_host.py`` is a complete
host loop over a TCP socket in a few dozen lines::

    s = hsms.Session(hsms.HsmsRole.ACTIVE)
    s.connected()                                  # queues Select.req
    sock.sendall(s.take())
    for ev in s.events():                          # after s.feed(sock.recv(65536))
        if ev.type == HsmsEventType.DATA and ev.wbit:
            s.reply(ev, secs.B(b"\\x00"))          # function + 1, body encoded for you

Message bodies may be given as :class:`liion.secs.Item`, a plain Python value (see
``secs.Item.from_python``) or raw ``bytes``; :attr:`Event.item` decodes a received body.
"""

import collections
import ctypes
import time
from ctypes import byref, c_int, c_size_t, c_uint8, c_uint32, c_void_p, sizeof

from . import _ffi
from ._default import ctx_or_default
from ._enums import (GemCommEvent, GemCommState, GemControlEvent, GemControlState,
                     HsmsCloseReason, HsmsError, HsmsEventType, HsmsRejectReason, HsmsRole,
                     HsmsState, HsmsStype, HsmsTimer, Status)
from ._handle import _Handle
from ._util import encode_into, in_bytes, string_at, u8, u16, u32
from .errors import LiionValueError, _check
from .secs import Item, Message

__all__ = ["Session", "Event", "GemControl", "GemComm", "now_ms", "s1f13_encode",
           "s1f14_encode", "s1f13_decode", "s1f14_decode", "ack_encode", "ack_decode",
           "HsmsRole", "HsmsState", "HsmsEventType", "HsmsTimer", "HsmsError",
           "HsmsCloseReason", "GemControlState", "Header", "FrameReader", "frame_size",
           "encode_frame", "encode_data", "encode_control", "encode_reject", "decode_header",
           "decode_frame", "stype_str", "select_status_str", "deselect_status_str",
           "reject_reason_str", "HsmsStype", "HsmsRejectReason", "GemControlEvent", "GemCommState",
           "GemCommEvent"]

_NO_DEADLINE = 0xFFFFFFFFFFFFFFFF


def now_ms():
    """The monotonic clock in whole milliseconds (the sessions' default time source)."""
    return int(time.monotonic() * 1000)


def _t(t):
    return now_ms() if t is None else int(t)


def _body(body, ctx):
    """bytes for a body given as Item, plain value, bytes-like or None."""
    if body is None:
        return b""
    if isinstance(body, (bytes, bytearray, memoryview)):
        return bytes(body)
    return Item.from_python(body).encode(ctx)


def _enum(cls, v):
    try:
        return cls(v)
    except ValueError:
        return v


class Event:
    """One session event (``liion_hsms_event``); the body is copied out as ``bytes``."""

    __slots__ = ("type", "state", "prev_state", "code", "status", "user_tag", "offset",
                 "system_bytes", "session_id", "stype", "stream", "function", "wbit", "body")

    def __init__(self, ev):
        self.type = _enum(HsmsEventType, ev.type)
        self.state = _enum(HsmsState, ev.state)
        self.prev_state = _enum(HsmsState, ev.prev_state)
        code = ev.code
        if self.type == HsmsEventType.TIMEOUT:
            code = _enum(HsmsTimer, code)
        elif self.type == HsmsEventType.PROTOCOL_ERROR:
            code = _enum(HsmsError, code)
        elif self.type == HsmsEventType.CLOSE:
            code = _enum(HsmsCloseReason, code)
        self.code = code
        self.status = _enum(Status, ev.status)
        self.user_tag = ev.user_tag
        self.offset = ev.offset
        self.system_bytes = ev.system_bytes
        self.session_id = ev.session_id
        self.stype = _enum(HsmsStype, ev.stype)
        self.stream = ev.stream
        self.function = ev.function
        self.wbit = bool(ev.wbit)
        self.body = string_at(ev.body, ev.body_len)

    @property
    def item(self):
        """The body decoded as a :class:`liion.secs.Item` (None when empty)."""
        return Item.decode(self.body) if self.body else None

    @property
    def message(self):
        """The data message as a :class:`liion.secs.Message`."""
        return Message(self.stream, self.function, self.wbit, self.item, self.session_id,
                       self.system_bytes)

    def __repr__(self):
        t = self.type.name if isinstance(self.type, HsmsEventType) else self.type
        extra = ""
        if self.type in (HsmsEventType.DATA, HsmsEventType.REPLY):
            extra = " S%dF%d%s %d bytes" % (self.stream, self.function,
                                            " W" if self.wbit else "", len(self.body))
        elif self.type == HsmsEventType.STATE:
            extra = " %s -> %s" % (getattr(self.prev_state, "name", self.prev_state),
                                   getattr(self.state, "name", self.state))
        else:
            extra = " code=%r" % (self.code,)
        return "<hsms.Event %s%s>" % (t, extra)


class Session(_Handle):
    """An HSMS-SS session (``liion_hsms``).

    ``Session(role=HsmsRole.ACTIVE, session_id=0, equipment=False, auto_select=True,
    lenient=False, check_body=False, t3_ms=0, t5_ms=0, t6_ms=0, t7_ms=0, t8_ms=0,
    linktest_ms=0, ctx=None)``; zero timers mean the E37 defaults.
    """

    def __init__(self, role=HsmsRole.ACTIVE, session_id=0, equipment=False, auto_select=True,
                 lenient=False, check_body=False, t3_ms=0, t5_ms=0, t6_ms=0, t7_ms=0, t8_ms=0,
                 linktest_ms=0, ctx=None):
        ctx = ctx_or_default(ctx)
        super().__init__(lock=ctx._lock)
        lib = _ffi.lib
        o = _ffi.HsmsOptions()
        _check(lib.liion_hsms_options_init(byref(o), sizeof(o)))
        o.role = int(HsmsRole(role))
        o.session_id = u32("session_id", session_id)
        o.flags = ((0 if auto_select else 1) | (2 if equipment else 0) | (4 if lenient else 0)
                   | (8 if check_body else 0))
        for name in ("t3_ms", "t5_ms", "t6_ms", "t7_ms", "t8_ms", "linktest_ms"):
            setattr(o, name, u32(name, locals()[name]))
        with ctx._lock:
            h = ctx._handle()
            s = _ffi.HsmsP()
            _check(lib.liion_hsms_new(byref(s), h, byref(o)), h)
        self._ctx = ctx
        self._ev = _ffi.HsmsEvent()
        self._adopt(s, lib.liion_hsms_free, ctx)
        ctx._dependents.add(self)

    def _sh(self):
        return self._handle(), self._ctx._handle()

    def _run(self, fn, *args):
        with self._lock:
            s, h = self._sh()
            _check(fn(s, *args), h)

    # ---- connection -------------------------------------------------------------------------

    @property
    def state(self):
        """The :class:`~liion.HsmsState`."""
        with self._lock:
            return HsmsState(_ffi.lib.liion_hsms_get_state(self._handle()))

    def connected(self, now_ms=None):
        """The TCP connection is up (the active role queues Select.req)."""
        self._run(_ffi.lib.liion_hsms_connected, _t(now_ms))

    def disconnected(self, now_ms=None):
        """The TCP connection is gone: open transactions end (ABORTED events)."""
        self._run(_ffi.lib.liion_hsms_disconnected, _t(now_ms))

    @property
    def connect_time(self):
        """Earliest time (ms) to reconnect (last disconnect + T5); 0 before any."""
        with self._lock:
            return _ffi.lib.liion_hsms_connect_time(self._handle())

    def feed(self, data, now_ms=None):
        """Feed received bytes (any chunking). Protocol faults become events."""
        p, n = in_bytes(data)
        self._run(_ffi.lib.liion_hsms_feed, p, n, _t(now_ms))

    def tick(self, now_ms=None):
        """Run the timers (T3, T6, T7, T8, linktest)."""
        self._run(_ffi.lib.liion_hsms_tick, _t(now_ms))

    @property
    def next_deadline(self):
        """Time (ms) of the next timer, or None when none runs."""
        with self._lock:
            d = _ffi.lib.liion_hsms_next_deadline(self._handle())
        return None if d == _NO_DEADLINE else d

    # ---- messages ---------------------------------------------------------------------------

    def send(self, stream, function, body=None, wbit=False, user_tag=0, now_ms=None):
        """Queue a data message; returns its system bytes. With ``wbit`` a transaction opens
        (T3 runs) and its reply comes back as a REPLY event carrying ``user_tag``."""
        raw = _body(body, self._ctx)
        sb = c_uint32()
        with self._lock:
            s, h = self._sh()
            _check(_ffi.lib.liion_hsms_send_data(byref(sb), s, u8("stream", stream),
                                                 u8("function", function), 1 if wbit else 0,
                                                 raw or None, len(raw),
                                                 int(user_tag), _t(now_ms)), h)
        return sb.value

    def reply(self, to, body=None, function=None, stream=None):
        """Queue the reply to a received primary: ``to`` is the :class:`Event` (or its system
        bytes, then give ``stream`` and ``function``). ``function`` defaults to the
        primary's + 1; 0 aborts the transaction (SxF0)."""
        if isinstance(to, Event):
            system_bytes = to.system_bytes
            stream = to.stream if stream is None else stream
            function = to.function + 1 if function is None else function
        else:
            system_bytes = to
            if stream is None or function is None:
                raise LiionValueError(Status.INVALID_ARG,
                                      "give stream and function with bare system bytes")
        raw = _body(body, self._ctx)
        with self._lock:
            s, h = self._sh()
            _check(_ffi.lib.liion_hsms_reply(s, u32("system_bytes", system_bytes),
                                             u8("stream", stream), u8("function", function),
                                             raw or None, len(raw)), h)

    def send_s9(self, function, about):
        """Queue S9F``function`` (1, 3, 5, 7, 9, 11) about the message of event ``about``;
        returns the system bytes."""
        hdr = _ffi.HsmsHeader()
        hdr.struct_size = sizeof(hdr)
        hdr.system_bytes = about.system_bytes
        hdr.session_id = about.session_id
        hdr.stype = int(about.stype)
        hdr.stream = about.stream
        hdr.function = about.function
        hdr.wbit = 1 if about.wbit else 0
        sb = c_uint32()
        with self._lock:
            s, h = self._sh()
            _check(_ffi.lib.liion_hsms_send_s9(byref(sb), s, u8("function", function),
                                               byref(hdr)), h)
        return sb.value

    def set_supported(self, stream, function, supported=True):
        """Declare (or take back) a primary message this side handles; once any is declared,
        undeclared primaries are refused (S9F3/S9F5 by the equipment, SxF0 by the host)."""
        self._run(_ffi.lib.liion_hsms_set_supported, u8("stream", stream),
                  u8("function", function), 1 if supported else 0)

    def select(self, now_ms=None):
        """Queue Select.req."""
        self._run(_ffi.lib.liion_hsms_select, _t(now_ms))

    def deselect(self, now_ms=None):
        """Queue Deselect.req."""
        self._run(_ffi.lib.liion_hsms_deselect, _t(now_ms))

    def linktest(self, now_ms=None):
        """Queue Linktest.req."""
        self._run(_ffi.lib.liion_hsms_linktest, _t(now_ms))

    def separate(self, now_ms=None):
        """Queue Separate.req and end the connection (a CLOSE event follows)."""
        self._run(_ffi.lib.liion_hsms_separate, _t(now_ms))

    # ---- output and events ------------------------------------------------------------------

    @property
    def out_pending(self):
        """Bytes waiting to be written."""
        with self._lock:
            return _ffi.lib.liion_hsms_out_pending(self._handle())

    def take(self, max_bytes=None):
        """Take (and drop from the queue) up to ``max_bytes`` waiting bytes (all by default)."""
        with self._lock:
            s, h = self._sh()
            n = _ffi.lib.liion_hsms_out_pending(s)
            if max_bytes is not None:
                n = min(n, max_bytes)
            if n == 0:
                return b""
            return encode_into(lambda b, cap, w: _ffi.lib.liion_hsms_out_take(b, cap, w, s),
                               h, size=n)

    def write_to(self, sock):
        """Send waiting bytes with ``sock.send`` (one call, zero-copy view); returns the
        number of bytes the socket took (they are dropped from the queue)."""
        with self._lock:
            s, h = self._sh()
            p, n = c_void_p(), c_size_t()
            _check(_ffi.lib.liion_hsms_out_peek(byref(p), byref(n), s), h)
            if not n.value:
                return 0
            sent = sock.send(string_at(p.value, n.value))
            _check(_ffi.lib.liion_hsms_out_consume(s, sent), h)
            return sent

    @property
    def event_count(self):
        """Events waiting."""
        with self._lock:
            return _ffi.lib.liion_hsms_event_count(self._handle())

    def next_event(self):
        """The next :class:`Event`, or None when the queue is empty."""
        ev = self._ev
        with self._lock:
            s, h = self._sh()
            ev.struct_size = sizeof(ev)
            _check(_ffi.lib.liion_hsms_event_next(byref(ev), s), h)
            if ev.type == HsmsEventType.NONE:
                return None
            return Event(ev)

    def events(self):
        """Iterator draining the event queue."""
        while True:
            ev = self.next_event()
            if ev is None:
                return
            yield ev

    @property
    def open_transactions(self):
        """Data transactions waiting for their reply."""
        with self._lock:
            return _ffi.lib.liion_hsms_open_transactions(self._handle())

    @staticmethod
    def state_str(state):
        """Name of a session state ("SELECTED", ...)."""
        return _ffi.text(_ffi.lib.liion_hsms_state_str(int(state)))

    @staticmethod
    def event_type_str(type):
        """Name of an event type ("reply", ...)."""
        return _ffi.text(_ffi.lib.liion_hsms_event_type_str(int(type)))


# ---- GEM state models -----------------------------------------------------------------------

class _Model(_Handle):
    _new = _free = _get = _apply = _str = None

    def _init(self, ctx, cls_state, *args):
        ctx = ctx_or_default(ctx)
        _Handle.__init__(self, lock=ctx._lock)
        new = getattr(_ffi.lib, self._new)
        out = new.argtypes[0]._type_()
        with ctx._lock:
            h = ctx._handle()
            _check(new(byref(out), h, *args), h)
        self._ctx = ctx
        self._cls_state = cls_state
        self._adopt(out, getattr(_ffi.lib, self._free), ctx)
        ctx._dependents.add(self)

    @property
    def state(self):
        """The current state."""
        with self._lock:
            return self._cls_state(getattr(_ffi.lib, self._get)(self._handle()))

    def apply(self, event):
        """Apply an event; LiionStateError (naming state and event) when not allowed.
        Returns the new state."""
        with self._lock:
            m = self._handle()
            h = self._ctx._handle()
            _check(getattr(_ffi.lib, self._apply)(m, int(event)), h)
            return self._cls_state(getattr(_ffi.lib, self._get)(m))

    @classmethod
    def state_str(cls, state):
        """Name of a state."""
        return _ffi.text(getattr(_ffi.lib, cls._str)(int(state)))


class GemControl(_Model):
    """The E30 control state model (``liion_gem_control``)."""

    _new, _free = "liion_gem_control_new", "liion_gem_control_free"
    _get, _apply = "liion_gem_control_get_state", "liion_gem_control_apply"
    _str = "liion_gem_control_state_str"

    def __init__(self, initial=GemControlState.EQUIPMENT_OFFLINE, fail_to_host_offline=False,
                 remote=False, ctx=None):
        self._init(ctx, GemControlState, int(GemControlState(initial)),
                   (1 if fail_to_host_offline else 0) | (2 if remote else 0))

    def _ack(self, fn):
        out = c_uint8()
        with self._lock:
            m = self._handle()
            h = self._ctx._handle()
            _check(fn(byref(out), m), h)
        return out.value

    def on_s1f17(self):
        """Answer a received S1F17 (request online): the ONLACK for S1F18."""
        return self._ack(_ffi.lib.liion_gem_control_on_s1f17)

    def on_s1f15(self):
        """Answer a received S1F15 (request offline): the OFLACK for S1F16."""
        return self._ack(_ffi.lib.liion_gem_control_on_s1f15)


class GemComm(_Model):
    """The E30 communication state model (``liion_gem_comm``)."""

    _new, _free = "liion_gem_comm_new", "liion_gem_comm_free"
    _get, _apply = "liion_gem_comm_get_state", "liion_gem_comm_apply"
    _str = "liion_gem_comm_state_str"

    def __init__(self, host_initiated=False, start_enabled=False, ctx=None):
        self._init(ctx, GemCommState, (1 if host_initiated else 0) | (2 if start_enabled else 0))


# ---- GEM message bodies -----------------------------------------------------------------------

def _enc(ctx, fn, *args):
    ctx = ctx_or_default(ctx)
    with ctx._lock:
        h = ctx._handle()
        return encode_into(lambda b, cap, w: fn(b, cap, w, h, *args), h)


def _txt(s):
    if s is None:
        return None, 0
    b = s.encode("latin-1") if isinstance(s, str) else bytes(s)
    return b, len(b)


def s1f13_encode(mdln=None, softrev="", ctx=None):
    """S1F13 body: ``L[2] <A MDLN> <A SOFTREV>`` (equipment) or ``L[0]`` (host: no mdln)."""
    m, mn = _txt(mdln)
    s, sn = _txt(softrev if mdln is not None else None)
    return _enc(ctx, _ffi.lib.liion_gem_s1f13_encode, m, mn, s, sn)


def s1f14_encode(commack=0, mdln=None, softrev="", ctx=None):
    """S1F14 body: ``L[2] <B COMMACK> L[2] <A MDLN> <A SOFTREV>`` (or ``L[0]``, host)."""
    m, mn = _txt(mdln)
    s, sn = _txt(softrev if mdln is not None else None)
    return _enc(ctx, _ffi.lib.liion_gem_s1f14_encode, u8("commack", commack), m, mn, s, sn)


def _dec(ctx, fn, out, body):
    ctx = ctx_or_default(ctx)
    p, n = in_bytes(body)
    with ctx._lock:
        h = ctx._handle()
        _check(fn(byref(out), h, p, n), h)
    return out.value


def s1f13_decode(body, ctx=None):
    """Check an S1F13 body; True for the equipment form (with MDLN and SOFTREV)."""
    return bool(_dec(ctx, _ffi.lib.liion_gem_s1f13_decode, c_int(), body))


def s1f14_decode(body, ctx=None):
    """The COMMACK of an S1F14 body."""
    return _dec(ctx, _ffi.lib.liion_gem_s1f14_decode, c_uint8(), body)


def ack_encode(ack, ctx=None):
    """A one-byte acknowledge body ``<B ack>`` (S1F16, S1F18, S6F12, S2F34, ...)."""
    return _enc(ctx, _ffi.lib.liion_gem_ack_encode, u8("ack", ack))


def ack_decode(body, ctx=None):
    """The code of a one-byte acknowledge body."""
    return _dec(ctx, _ffi.lib.liion_gem_ack_decode, c_uint8(), body)


# ---- HSMS framing (liion/hsms.h) ------------------------------------------------------------

#: liion_hsms_header flags (Header.flags)
FLAG_SESSION_ALL, FLAG_SESSION_MATCH, FLAG_UNSUPPORTED, FLAG_TOO_LONG = 1, 2, 4, 8
# LIION_HSMS_STREAM_* decoder flags
_LENIENT, _PASS_UNSUPPORTED, _SKIP_TOO_LONG = 1, 2, 4


class Header(collections.namedtuple("Header", "stype session_id system_bytes stream function "
                                              "wbit status reject_type ptype flags")):
    """The fields of one HSMS message header (``liion_hsms_header``)."""

    __slots__ = ()

    def __new__(cls, stype=HsmsStype.DATA, session_id=0, system_bytes=0, stream=0,
                function=0, wbit=False, status=0, reject_type=0, ptype=0, flags=0):
        return super().__new__(cls, _enum(HsmsStype, stype), session_id, system_bytes, stream,
                               function, bool(wbit), status, reject_type, ptype, flags)

    def _c(self):
        h = _ffi.HsmsHeader()
        h.struct_size = sizeof(h)
        h.stype = u8("stype", self.stype)
        h.session_id = u16("session_id", self.session_id)
        h.system_bytes = u32("system_bytes", self.system_bytes)
        h.stream = u8("stream", self.stream)
        h.function = u8("function", self.function)
        h.wbit = 1 if self.wbit else 0
        h.status = u8("status", self.status)
        h.reject_type = u8("reject_type", self.reject_type)
        h.ptype = u8("ptype", self.ptype)
        return h

    @classmethod
    def _of(cls, h):
        return cls(h.stype, h.session_id, h.system_bytes, h.stream, h.function, h.wbit,
                   h.status, h.reject_type, h.ptype, h.flags)


def _stream_flags(lenient, pass_unsupported, skip_too_long):
    return ((_LENIENT if lenient else 0) | (_PASS_UNSUPPORTED if pass_unsupported else 0)
            | (_SKIP_TOO_LONG if skip_too_long else 0))


def frame_size(body_len):
    """Bytes of the frame for a body of ``body_len`` bytes (14 + body_len)."""
    return _ffi.lib.liion_hsms_frame_size(body_len)


def encode_frame(header, body=b"", ctx=None):
    """A whole frame (length, header, body) for a :class:`Header`; ``body`` as for
    :meth:`Session.send`."""
    ctx = ctx_or_default(ctx)
    raw = _body(body, ctx)
    hdr = header._c()
    with ctx._lock:
        h = ctx._handle()
        return encode_into(lambda b, cap, w: _ffi.lib.liion_hsms_encode(
            b, cap, w, h, byref(hdr), raw or None, len(raw)), h, size=frame_size(len(raw)))


def encode_data(stream, function, body=b"", wbit=False, session_id=0, system_bytes=0,
                ctx=None):
    """A data message frame."""
    ctx = ctx_or_default(ctx)
    raw = _body(body, ctx)
    with ctx._lock:
        h = ctx._handle()
        return encode_into(lambda b, cap, w: _ffi.lib.liion_hsms_encode_data(
            b, cap, w, h, u16("session_id", session_id), u8("stream", stream),
            u8("function", function), 1 if wbit else 0, u32("system_bytes", system_bytes),
            raw or None, len(raw)), h, size=frame_size(len(raw)))


def encode_control(stype, session_id=0xFFFF, system_bytes=0, status=0, reject_type=0,
                   ctx=None):
    """A control message frame (Select.req, Linktest.rsp, ...)."""
    ctx = ctx_or_default(ctx)
    with ctx._lock:
        h = ctx._handle()
        return encode_into(lambda b, cap, w: _ffi.lib.liion_hsms_encode_control(
            b, cap, w, h, int(HsmsStype(stype)), u16("session_id", session_id),
            u32("system_bytes", system_bytes), u8("status", status),
            u8("reject_type", reject_type)), h, size=frame_size(0))


def encode_reject(rejected, reason, ctx=None):
    """A Reject.req frame answering the message whose :class:`Header` is ``rejected``."""
    ctx = ctx_or_default(ctx)
    hdr = rejected._c()
    with ctx._lock:
        h = ctx._handle()
        return encode_into(lambda b, cap, w: _ffi.lib.liion_hsms_encode_reject(
            b, cap, w, h, byref(hdr), int(HsmsRejectReason(reason))), h, size=frame_size(0))


def decode_header(data, lenient=False, ctx=None):
    """The :class:`Header` of 10 header bytes."""
    ctx = ctx_or_default(ctx)
    hdr = _ffi.HsmsHeader()
    hdr.struct_size = sizeof(hdr)
    p, n = in_bytes(data)
    with ctx._lock:
        h = ctx._handle()
        _check(_ffi.lib.liion_hsms_header_decode(byref(hdr), h, p, n,
                                                 _LENIENT if lenient else 0), h)
    return Header._of(hdr)


def decode_frame(data, lenient=False, pass_unsupported=False, ctx=None):
    """``(Header, body bytes)`` of exactly one whole frame."""
    ctx = ctx_or_default(ctx)
    hdr = _ffi.HsmsHeader()
    hdr.struct_size = sizeof(hdr)
    body, blen = c_void_p(), c_size_t()
    p, n = in_bytes(data)
    with ctx._lock:
        h = ctx._handle()
        _check(_ffi.lib.liion_hsms_frame_decode(byref(hdr), byref(body), byref(blen), h, p, n,
                                                _stream_flags(lenient, pass_unsupported,
                                                              False)), h)
        return Header._of(hdr), string_at(body.value, blen.value)


class FrameReader(_Handle):
    """Incremental frame decoder (``liion_hsms_stream``): :meth:`feed` bytes in any chunks,
    get whole frames back. A malformed frame raises (with the stream offset) and breaks the
    reader until :meth:`reset`."""

    def __init__(self, lenient=False, pass_unsupported=False, skip_too_long=False,
                 session_id=None, ctx=None):
        ctx = ctx_or_default(ctx)
        super().__init__(lock=ctx._lock)
        with ctx._lock:
            h = ctx._handle()
            st = _ffi.HsmsStreamP()
            _check(_ffi.lib.liion_hsms_stream_new(byref(st), h, _stream_flags(
                lenient, pass_unsupported, skip_too_long)), h)
        self._ctx = ctx
        self._adopt(st, _ffi.lib.liion_hsms_stream_free, ctx)
        ctx._dependents.add(self)
        if session_id is not None:
            self.set_session_id(session_id)

    def set_session_id(self, session_id):
        """The configured session ID (frames then carry FLAG_SESSION_MATCH); None for none."""
        with self._lock:
            st = self._handle()
            h = self._ctx._handle()
            _check(_ffi.lib.liion_hsms_stream_set_session_id(
                st, -1 if session_id is None else int(session_id)), h)

    def feed(self, data):
        """The list of ``(Header, body)`` frames completed by ``data``."""
        lib = _ffi.lib
        p, n = in_bytes(data)
        base = ctypes.cast(p, c_void_p).value if p is not None else None
        frames = []
        hdr = _ffi.HsmsHeader()
        body, blen, used = c_void_p(), c_size_t(), c_size_t()
        off = 0
        with self._lock:
            st = self._handle()
            h = self._ctx._handle()
            while True:
                ptr = None if base is None else base + off
                _check(lib.liion_hsms_stream_feed(byref(used), st, ptr, n - off), h)
                off += used.value
                if not lib.liion_hsms_stream_ready(st):
                    break
                hdr.struct_size = sizeof(hdr)
                _check(lib.liion_hsms_stream_frame(byref(hdr), byref(body), byref(blen), st), h)
                frames.append((Header._of(hdr), string_at(body.value, blen.value)))
                if off >= n:
                    break
        del p
        return frames

    def _get(self, fn):
        with self._lock:
            return fn(self._handle())

    @property
    def offset(self):
        """Bytes taken since creation or the last reset."""
        return self._get(_ffi.lib.liion_hsms_stream_offset)

    @property
    def pending(self):
        """Bytes of an incomplete frame taken so far."""
        return self._get(_ffi.lib.liion_hsms_stream_pending)

    @property
    def broken(self):
        """True after a malformed frame (until :meth:`reset`)."""
        return bool(self._get(_ffi.lib.liion_hsms_stream_broken))

    def reset(self):
        """Forget any partial frame and the broken state."""
        with self._lock:
            _ffi.lib.liion_hsms_stream_reset(self._handle())


def stype_str(stype):
    """Name of an SType ("Select.req", ...)."""
    return _ffi.text(_ffi.lib.liion_hsms_stype_str(int(stype)))


def select_status_str(status):
    """Name of a Select.rsp status."""
    return _ffi.text(_ffi.lib.liion_hsms_select_status_str(int(status)))


def deselect_status_str(status):
    """Name of a Deselect.rsp status."""
    return _ffi.text(_ffi.lib.liion_hsms_deselect_status_str(int(status)))


def reject_reason_str(reason):
    """Name of a Reject.req reason."""
    return _ffi.text(_ffi.lib.liion_hsms_reject_reason_str(int(reason)))
