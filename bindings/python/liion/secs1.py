"""SECS-I (SEMI E4) blocks over serial lines (liion/secs1.h).

::

    from liion import secs1, secs
    hdr = secs1.Header(device_id=1, stream=6, function=11, wbit=True, system_bytes=9)
    blocks = secs1.split(hdr, secs.L(...).encode())      # [block bytes, ...] of <= 257 bytes
    with secs1.Reassembler() as r:
        for b in blocks:
            done = r.add(b)                               # Secs1Event per block
        header, body = r.message()

Bodies may be given as bytes, a :class:`liion.secs.Item` or a plain Python value.
"""

import collections
from ctypes import byref, c_int, c_size_t, c_void_p, sizeof

from . import _ffi
from ._default import ctx_or_default
from ._enums import Secs1Event
from ._handle import _Handle
from ._util import encode_into, in_bytes, string_at, u8, u16, u32
from .errors import _check
from .hsms import _body

__all__ = ["Header", "Reassembler", "checksum", "encode_block", "decode_block", "block_count",
           "message_size", "encode_message", "split", "Secs1Event", "BLOCK_DATA_MAX",
           "BLOCK_MAX", "ENQ", "EOT", "ACK", "NAK"]

BLOCK_DATA_MAX, HEADER_BYTES, BLOCK_MAX, BLOCK_MIN, BLOCKS_MAX = 244, 10, 257, 13, 32767
ENQ, EOT, ACK, NAK = 0x05, 0x04, 0x06, 0x15


class Header(collections.namedtuple("Header", "device_id stream function wbit rbit ebit "
                                              "block_number system_bytes")):
    """SECS-I block header fields (``liion_secs1_header``)."""

    __slots__ = ()

    def __new__(cls, device_id=0, stream=0, function=0, wbit=False, rbit=False, ebit=False,
                block_number=0, system_bytes=0):
        return super().__new__(cls, device_id, stream, function, bool(wbit), bool(rbit),
                               bool(ebit), block_number, system_bytes)

    def _c(self):
        h = _ffi.Secs1Header()
        h.struct_size = sizeof(h)
        h.device_id = u16("device_id", self.device_id)
        h.stream = u8("stream", self.stream)
        h.function = u8("function", self.function)
        h.wbit, h.rbit, h.ebit = int(self.wbit), int(self.rbit), int(self.ebit)
        h.block_number = u16("block_number", self.block_number)
        h.system_bytes = u32("system_bytes", self.system_bytes)
        return h

    @classmethod
    def _of(cls, h):
        return cls(h.device_id, h.stream, h.function, h.wbit, h.rbit, h.ebit, h.block_number,
                   h.system_bytes)


def checksum(data):
    """The 16-bit SECS-I checksum of ``data`` (sum of the bytes)."""
    p, n = in_bytes(data)
    return _ffi.lib.liion_secs1_checksum(p, n)


def block_count(body_len):
    """Blocks a body of ``body_len`` bytes takes (1 for an empty body)."""
    return _ffi.lib.liion_secs1_block_count(body_len)


def message_size(body_len):
    """Bytes of all blocks of a body laid end to end (0 past 32767 blocks)."""
    return _ffi.lib.liion_secs1_message_size(body_len)


def _enc(ctx, fn, header, data, *extra, size=None):
    ctx = ctx_or_default(ctx)
    raw = _body(data, ctx)
    hdr = header._c()
    with ctx._lock:
        h = ctx._handle()
        return encode_into(lambda b, cap, w: fn(b, cap, w, h, byref(hdr), raw or None, len(raw),
                                                *extra), h, size=size)


def encode_block(header, data=b"", ctx=None):
    """One block (length byte, header, up to 244 data bytes, checksum)."""
    return _enc(ctx, _ffi.lib.liion_secs1_block_encode, header, data, size=BLOCK_MAX)


def decode_block(block, ctx=None):
    """``(Header, data)`` of one whole block; bad length or checksum raise with the offset."""
    ctx = ctx_or_default(ctx)
    hdr = _ffi.Secs1Header()
    hdr.struct_size = sizeof(hdr)
    d, dn = c_void_p(), c_size_t()
    p, n = in_bytes(block)
    with ctx._lock:
        h = ctx._handle()
        _check(_ffi.lib.liion_secs1_block_decode(byref(hdr), byref(d), byref(dn), h, p, n), h)
        return Header._of(hdr), string_at(d.value, dn.value)


def encode_message(header, body=b"", ctx=None):
    """Every block of a message body, end to end (block numbers and E-bit set)."""
    raw = _body(body, ctx_or_default(ctx))
    return _enc(ctx, _ffi.lib.liion_secs1_message_encode, header, raw,
                size=message_size(len(raw)))


def split(header, body=b"", ctx=None):
    """The list of blocks of a message body (``liion_secs1_message_block`` per block)."""
    raw = _body(body, ctx_or_default(ctx))
    return [_enc(ctx, _ffi.lib.liion_secs1_message_block, header, raw, i, size=BLOCK_MAX)
            for i in range(block_count(len(raw)))]


class Reassembler(_Handle):
    """Puts the blocks of one message at a time back together (``liion_secs1_reasm``)."""

    def __init__(self, ctx=None):
        ctx = ctx_or_default(ctx)
        super().__init__(lock=ctx._lock)
        with ctx._lock:
            h = ctx._handle()
            r = _ffi.Secs1ReasmP()
            _check(_ffi.lib.liion_secs1_reasm_new(byref(r), h), h)
        self._ctx = ctx
        self._adopt(r, _ffi.lib.liion_secs1_reasm_free, ctx)
        ctx._dependents.add(self)

    def add(self, block):
        """Add one received block; returns the :class:`~liion.Secs1Event` (MESSAGE_COMPLETE
        when :meth:`message` has the whole message)."""
        ev = c_int()
        p, n = in_bytes(block)
        with self._lock:
            r = self._handle()
            h = self._ctx._handle()
            _check(_ffi.lib.liion_secs1_reasm_add(byref(ev), r, p, n), h)
        return Secs1Event(ev.value)

    def message(self):
        """``(Header, body)`` of the completed message; LiionStateError when none is."""
        hdr = _ffi.Secs1Header()
        hdr.struct_size = sizeof(hdr)
        b, bn = c_void_p(), c_size_t()
        with self._lock:
            r = self._handle()
            h = self._ctx._handle()
            _check(_ffi.lib.liion_secs1_reasm_message(byref(hdr), byref(b), byref(bn), r), h)
            return Header._of(hdr), string_at(b.value, bn.value)

    @property
    def blocks(self):
        """Blocks taken for the message in progress."""
        with self._lock:
            return _ffi.lib.liion_secs1_reasm_blocks(self._handle())

    def reset(self):
        """Drop the message in progress (or the completed one)."""
        with self._lock:
            _ffi.lib.liion_secs1_reasm_reset(self._handle())
