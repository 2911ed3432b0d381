"""SECS-II items and messages (liion/secs.h) as plain Python values.

An :class:`Item` is an immutable Python value: a :class:`SecsFormat` and its data. Build
them with the format helpers::

    from liion import secs
    body = secs.L(secs.U4(7), secs.A("LOT-7"), secs.F8(1.5, 2.5), secs.B(b"\\x01"))
    data = body.encode()                       # E5 wire bytes (liion_secs_item_encode)
    assert secs.Item.decode(data) == body      # liion_secs_item_decode
    print(body.to_sml())                       # <L [4] ...>   (liion_secs_item_to_sml)
    secs.Item.from_sml('<L <U4 7> <A "x">>')   # liion_secs_item_from_sml

Values as Python sees them (:attr:`Item.value`):

=====================  ============================================================
format                 value
=====================  ============================================================
L                      tuple of :class:`Item`
A, J                   ``str`` (each byte one character, Latin-1)
C2                     ``bytes`` of text (the 2-byte header is :attr:`Item.lsh`)
B                      ``bytes``
BOOLEAN                list of ``bool``
I1..I8, U1..U8         list of ``int`` (:meth:`Item.array` gives an ``array.array``)
F4, F8                 list of ``float`` (likewise)
=====================  ============================================================

Numeric items take their values through the buffer protocol: ``secs.F8(array('d', ...))``,
a ``memoryview`` or a numpy array of the right element type go to C without a copy, and
``item.array()`` reads them back in one C call.

A :class:`Message` (stream, function, W-bit, session ID, system bytes, body) encodes its body
with :meth:`Message.encode` and renders/parses SML (``S1F3 W <L ...> .``).
:class:`BodyDecoder` keeps one C message for decoding many bodies with no allocation per
message in steady state.

Every function takes an optional ``ctx`` (a :class:`~liion.Context`, for limits, memory cap
and error messages); without one the shared :func:`liion.default_context` is used.
"""

import array
import ctypes
import sys
from ctypes import byref, c_size_t

from . import _ffi
from ._default import ctx_or_default
from ._enums import SecsFormat, Status
from ._handle import _Handle
from ._util import _KIND, _TYPECODE, encode_into, in_array, in_bytes, out_array, u16, u32
from .errors import LiionValueError, _check

__all__ = ["Item", "Message", "BodyDecoder", "SecsFormat", "format_name", "format_elem_size",
           "L", "A", "J", "C2", "B", "BOOLEAN", "I1", "I2", "I4", "I8", "U1", "U2", "U4", "U8",
           "F4", "F8", "MAX_LENGTH"]

#: LIION_SECS_MAX_LENGTH: bytes of an array / items of a list an E5 item may hold
MAX_LENGTH = 0xFFFFFF

F = SecsFormat
# numeric format -> (kind, size) of its C element type
_NUM = {
    F.I1: ("i", 1), F.I2: ("i", 2), F.I4: ("i", 4), F.I8: ("i", 8),
    F.U1: ("u", 1), F.U2: ("u", 2), F.U4: ("u", 4), F.U8: ("u", 8),
    F.F4: ("f", 4), F.F8: ("f", 8),
}
_TEXT = (F.A, F.J)


def format_name(fmt):
    """SML name of a format ("U4", "BOOLEAN", ...; "?" for other values)."""
    return _ffi.text(_ffi.lib.liion_secs_format_name(int(fmt)))


def format_elem_size(fmt):
    """Bytes per element of a format (1, 2, 4 or 8); 0 for a value that is not a format."""
    return _ffi.lib.liion_secs_format_elem_size(int(fmt))


def _fmt(fmt):
    try:
        fmt = SecsFormat(fmt)
    except ValueError:
        raise LiionValueError(Status.INVALID_ARG, "unknown SECS-II format %r" % (fmt,)) from None
    if fmt == F.NONE:
        raise LiionValueError(Status.INVALID_ARG, "SecsFormat.NONE is not a format")
    return fmt


class Item:
    """One SECS-II item: an immutable (format, value) pair; see the module documentation.

    ``Item(format, value, lsh=0)``; ``value`` is converted as the module table says (a list
    of items for L, str/bytes for text, bytes for B, any iterable or buffer of numbers for
    the numeric formats and BOOLEAN). Range errors are found when the item is first sent
    to C (encode, SML) for floats and by ``array`` at once for integers (OverflowError).
    """

    __slots__ = ("_fmt", "_data", "_lsh")

    def __init__(self, format, value=(), lsh=0):
        fmt = _fmt(format)
        self._lsh = 0
        if fmt == F.L:
            items = tuple(value)
            for it in items:
                if not isinstance(it, Item):
                    raise TypeError("list children must be Item, not %s" % type(it).__name__)
            data = items
        elif fmt in _TEXT:
            if isinstance(value, str):
                value.encode("latin-1")  # UnicodeEncodeError for characters above U+00FF
                data = value
            else:
                data = bytes(memoryview(value)).decode("latin-1")
        elif fmt == F.C2:
            data = value.encode("utf-8") if isinstance(value, str) else bytes(memoryview(value))
            self._lsh = u16("lsh", lsh)
        elif fmt == F.B:
            if isinstance(value, int):
                value = [value]
            data = value if isinstance(value, bytes) else bytes(value)
        elif fmt == F.BOOLEAN:
            if isinstance(value, bool):
                value = [value]
            data = bytes(map(bool, value))
        else:
            kind = _NUM[fmt]
            if isinstance(value, (int, float)):
                value = [value]
            _, _, keep = in_array(value, kind, "values")
            if isinstance(keep, array.array):
                data = keep
            else:
                data = array.array(_TYPECODE[kind])
                if keep is not None:
                    data.frombytes(memoryview(keep).cast("B"))
        self._fmt = fmt
        self._data = data

    # ---- reading ---------------------------------------------------------------------------

    @property
    def format(self):
        """The :class:`SecsFormat`."""
        return self._fmt

    @property
    def lsh(self):
        """The 2-byte localized-string header of a C2 item (0 for other formats)."""
        return self._lsh

    @property
    def value(self):
        """The value as plain Python (see the module table)."""
        fmt, d = self._fmt, self._data
        if fmt == F.BOOLEAN:
            return list(map(bool, d))
        if fmt in _NUM:
            return d.tolist()
        return d

    def array(self):
        """A copy of a numeric item's elements as ``array.array`` (host order)."""
        if self._fmt not in _NUM:
            raise TypeError("array() needs a numeric item, not %s" % self._fmt.name)
        return array.array(self._data.typecode, self._data)

    @property
    def scalar(self):
        """The one element of a one-element numeric/BOOLEAN item (or the str / bytes)."""
        v = self.value
        if self._fmt in _NUM or self._fmt == F.BOOLEAN:
            if len(v) != 1:
                raise ValueError("item has %d elements, not 1" % len(v))
            return v[0]
        return v

    def __len__(self):
        """Elements (children of a list, bytes of text)."""
        return len(self._data)

    def __getitem__(self, index):
        return self.value[index]

    def __iter__(self):
        return iter(self.value)

    def __eq__(self, other):
        if not isinstance(other, Item):
            return NotImplemented
        if self._fmt != other._fmt or self._lsh != other._lsh:
            return False
        if self._fmt in (F.F4, F.F8):  # compare bits, like the C side (NaN == NaN)
            return self._data.tobytes() == other._data.tobytes()
        return self._data == other._data

    def __hash__(self):
        d = self._data
        return hash((self._fmt, self._lsh, d.tobytes() if isinstance(d, array.array) else d))

    def __repr__(self):
        fmt = self._fmt
        if fmt == F.L:
            return "L(%s)" % ", ".join(map(repr, self._data))
        if fmt == F.C2:
            return "C2(%r, lsh=%#06x)" % (self._data, self._lsh)
        if fmt in _TEXT or fmt == F.B:
            return "%s(%r)" % (fmt.name, self._data)
        return "%s(%s)" % (fmt.name, ", ".join(map(repr, self.value)))

    # ---- to and from C ---------------------------------------------------------------------

    def _build(self, h):
        """A new C item (owned by the caller) for this value on context handle ``h``."""
        lib = _ffi.lib
        out = _ffi.SecsItemP()
        fmt, d = self._fmt, self._data
        if fmt == F.L:
            _check(lib.liion_secs_item_new_list(byref(out), h, len(d)), h)
            try:
                for child in d:
                    c = child._build(h)
                    st = lib.liion_secs_list_append(out, c)
                    if st:
                        lib.liion_secs_item_free(c)
                        _check(st, h)
            except BaseException:
                lib.liion_secs_item_free(out)
                raise
            return out
        if fmt in _TEXT:
            raw = d.encode("latin-1")
            fn = lib.liion_secs_item_new_ascii if fmt == F.A else lib.liion_secs_item_new_jis8
            _check(fn(byref(out), h, raw, len(raw)), h)
        elif fmt == F.C2:
            p, n = in_bytes(d, ctypes.POINTER(ctypes.c_uint8))
            _check(lib.liion_secs_item_new_localized(byref(out), h, self._lsh, p, n), h)
        elif fmt == F.B:
            p, n = in_bytes(d, ctypes.POINTER(ctypes.c_uint8))
            _check(lib.liion_secs_item_new_binary(byref(out), h, p, n), h)
        elif fmt == F.BOOLEAN:
            p, n = in_bytes(d, ctypes.POINTER(ctypes.c_uint8))
            _check(lib.liion_secs_item_new_bool(byref(out), h, p, n), h)
        else:
            addr, n = d.buffer_info()
            _check(lib.liion_secs_item_new(byref(out), h, int(fmt), addr if n else None, n), h)
        return out

    @classmethod
    def _read(cls, p):
        """A Python :class:`Item` for the C item ``p`` (borrowed)."""
        return _read_item(p, c_size_t())

    @classmethod
    def from_raw(cls, format, data, ctx=None):
        """An item from its data bytes exactly as on the wire (big-endian elements; for C2
        the 2-byte header first), checked by ``liion_secs_item_new_raw``."""
        fmt = _fmt(format)
        ctx = ctx_or_default(ctx)
        p, n = in_bytes(data, ctypes.POINTER(ctypes.c_uint8))
        with ctx._lock:
            h = ctx._handle()
            out = _ffi.SecsItemP()
            _check(_ffi.lib.liion_secs_item_new_raw(byref(out), h, int(fmt), p, n), h)
            try:
                return cls._read(out)
            finally:
                _ffi.lib.liion_secs_item_free(out)

    def _with_c(self, ctx, fn):
        ctx = ctx_or_default(ctx)
        with ctx._lock:
            h = ctx._handle()
            p = self._build(h)
            try:
                return fn(h, p)
            finally:
                _ffi.lib.liion_secs_item_free(p)

    def encoded_size(self, ctx=None):
        """Bytes :meth:`encode` produces."""
        def run(h, p):
            size = c_size_t()
            _check(_ffi.lib.liion_secs_item_encoded_size(byref(size), h, p), h)
            return size.value
        return self._with_c(ctx, run)

    def encode(self, ctx=None):
        """The E5 wire bytes (format byte, minimal length bytes, data) as ``bytes``."""
        def run(h, p):
            size = c_size_t()
            _check(_ffi.lib.liion_secs_item_encoded_size(byref(size), h, p), h)
            return encode_into(lambda b, cap, w: _ffi.lib.liion_secs_item_encode(
                b, cap, w, h, p), h, size=size.value)
        return self._with_c(ctx, run)

    def to_sml(self, compact=False, ctx=None):
        """SML text, e.g. ``<L [2] <U4 1> <A "LOT-7">>`` (one line with ``compact``)."""
        flags = _ffi.SECS_SML_COMPACT if compact else 0
        return self._with_c(ctx, lambda h, p: encode_into(
            lambda b, cap, w: _ffi.lib.liion_secs_item_to_sml(b, cap, w, h, p, flags),
            h, text=True))

    @classmethod
    def decode(cls, data, ctx=None, partial=False):
        """Decode one item from ``data`` (bytes-like).

        With ``partial=False`` the item must fill ``data`` exactly; with ``partial=True``
        bytes after it are allowed and ``(item, consumed)`` is returned. Malformed input
        raises :class:`~liion.LiionDecodeError` with the byte offset.
        """
        ctx = ctx_or_default(ctx)
        p, n = in_bytes(data)
        lib = _ffi.lib
        with ctx._lock:
            h = ctx._handle()
            out = _ffi.SecsItemP()
            used = c_size_t()
            _check(lib.liion_secs_item_decode(byref(out), byref(used), h, p, n), h)
            try:
                item = cls._read(out)
            finally:
                lib.liion_secs_item_free(out)
        if partial:
            return item, used.value
        if used.value != n:
            from .errors import LiionDecodeError
            raise LiionDecodeError(Status.DECODE, "%d bytes after the item" % (n - used.value),
                                   used.value)
        return item

    @classmethod
    def from_sml(cls, text, ctx=None):
        """Parse one SML item (``str`` or bytes)."""
        ctx = ctx_or_default(ctx)
        raw = text.encode("utf-8") if isinstance(text, str) else bytes(memoryview(text))
        lib = _ffi.lib
        with ctx._lock:
            h = ctx._handle()
            out = _ffi.SecsItemP()
            _check(lib.liion_secs_item_from_sml(byref(out), h, raw, len(raw)), h)
            try:
                return cls._read(out)
            finally:
                lib.liion_secs_item_free(out)

    @classmethod
    def from_python(cls, value):
        """An item for a plain Python value: Item as is; bool -> BOOLEAN; int -> I8 (U8
        above 2**63-1); float -> F8; str -> A; bytes -> B; list/tuple -> L (recursively)."""
        if isinstance(value, Item):
            return value
        if isinstance(value, bool):
            return cls(F.BOOLEAN, [value])
        if isinstance(value, int):
            return cls(F.U8 if value > 0x7FFFFFFFFFFFFFFF else F.I8, [value])
        if isinstance(value, float):
            return cls(F.F8, [value])
        if isinstance(value, str):
            return cls(F.A, value)
        if isinstance(value, (bytes, bytearray, memoryview)):
            return cls(F.B, bytes(value))
        if isinstance(value, (list, tuple)):
            return cls(F.L, [cls.from_python(v) for v in value])
        raise TypeError("no SECS-II item for %s" % type(value).__name__)


_FORMATS = {int(f): f for f in SecsFormat}
_BIG_ENDIAN_HOST = sys.byteorder == "big"
_NUM_TYPECODE = {f: _TYPECODE[k] for f, k in _NUM.items()}


def _read_item(p, n):
    """Build the Python tree of C item ``p``: few C calls per item, no enum lookups."""
    lib = _ffi.lib
    fmt = _FORMATS[lib.liion_secs_item_format(p)]
    self = Item.__new__(Item)
    self._fmt = fmt
    self._lsh = 0
    if fmt == F.L:
        child = lib.liion_secs_item_child
        self._data = tuple([_read_item(child(p, i), n)
                            for i in range(lib.liion_secs_item_count(p))])
    elif fmt in _NUM:
        # the wire bytes are big-endian: one copy, then one byteswap in C on this host
        ptr = lib.liion_secs_item_raw(p, byref(n))
        arr = array.array(_NUM_TYPECODE[fmt])
        if n.value:
            arr.frombytes(ctypes.string_at(ptr, n.value))
            if not _BIG_ENDIAN_HOST and arr.itemsize > 1:
                arr.byteswap()
        self._data = arr
    elif fmt in _TEXT or fmt == F.C2:
        ptr = lib.liion_secs_item_text(p, byref(n))
        raw = ctypes.string_at(ptr, n.value) if n.value else b""
        if fmt == F.C2:
            self._data = raw
            self._lsh = lib.liion_secs_item_lsh(p)
        else:
            self._data = raw.decode("latin-1")
    else:  # B, BOOLEAN
        ptr = lib.liion_secs_item_raw(p, byref(n))
        self._data = ctypes.string_at(ptr, n.value) if n.value else b""
    return self


def _maker(fmt):
    def make(*values):
        if len(values) == 1 and not isinstance(values[0], (int, float, bool)):
            return Item(fmt, values[0])
        return Item(fmt, values)
    make.__name__ = fmt.name
    make.__doc__ = ("%s(*values) or %s(iterable_or_buffer): a %s item"
                    % (fmt.name, fmt.name, fmt.name))
    return make


def L(*items):
    """A list item; children may be :class:`Item` or plain values (see ``Item.from_python``)."""
    return Item(F.L, [Item.from_python(i) for i in items])


def A(text=""):
    """An ASCII item from a str (Latin-1 characters) or bytes."""
    return Item(F.A, text)


def J(text=""):
    """A JIS-8 item from a str (Latin-1 characters, one per byte) or bytes."""
    return Item(F.J, text)


def C2(text=b"", lsh=0):
    """A localized-string item: ``text`` bytes (str is UTF-8 encoded) with header ``lsh``."""
    return Item(F.C2, text, lsh)


def B(data=b""):
    """A binary item from bytes-like data (or ints 0..255)."""
    if isinstance(data, int):
        data = [data]
    return Item(F.B, bytes(data) if not isinstance(data, bytes) else data)


BOOLEAN = _maker(F.BOOLEAN)
I1, I2, I4, I8 = _maker(F.I1), _maker(F.I2), _maker(F.I4), _maker(F.I8)
U1, U2, U4, U8 = _maker(F.U1), _maker(F.U2), _maker(F.U4), _maker(F.U8)
F4, F8 = _maker(F.F4), _maker(F.F8)


class Message:
    """A SECS-II message: ``SxxFyy`` [W], session ID, system bytes and an optional body.

    ``body`` may be an :class:`Item`, a plain Python value (``Item.from_python``) or None.
    """

    __slots__ = ("stream", "function", "wbit", "session_id", "system_bytes", "body")

    def __init__(self, stream, function, wbit=False, body=None, session_id=0,
                 system_bytes=0):
        self.stream = int(stream)
        self.function = int(function)
        self.wbit = bool(wbit)
        self.session_id = u16("session_id", session_id)
        self.system_bytes = u32("system_bytes", system_bytes)
        self.body = None if body is None else Item.from_python(body)

    def __repr__(self):
        return "Message(S%dF%d%s, body=%r)" % (self.stream, self.function,
                                              " W" if self.wbit else "", self.body)

    def __eq__(self, other):
        if not isinstance(other, Message):
            return NotImplemented
        return all(getattr(self, k) == getattr(other, k) for k in Message.__slots__)

    def _with_c(self, ctx, fn):
        ctx = ctx_or_default(ctx)
        lib = _ffi.lib
        with ctx._lock:
            h = ctx._handle()
            m = _ffi.SecsMsgP()
            _check(lib.liion_secs_msg_new(byref(m), h), h)
            try:
                _check(lib.liion_secs_msg_set_sf(m, self.stream, self.function,
                                                 int(self.wbit)), h)
                _check(lib.liion_secs_msg_set_ids(m, self.session_id, self.system_bytes), h)
                if self.body is not None:
                    b = self.body._build(h)
                    st = lib.liion_secs_msg_set_body(m, b)
                    if st:
                        lib.liion_secs_item_free(b)
                        _check(st, h)
                return fn(h, m)
            finally:
                lib.liion_secs_msg_free(m)

    def encode(self, ctx=None):
        """The body bytes (what follows the 10-byte HSMS header); ``b""`` without body."""
        def run(h, m):
            size = c_size_t()
            _check(_ffi.lib.liion_secs_msg_encoded_size(byref(size), m), h)
            return encode_into(lambda b, cap, w: _ffi.lib.liion_secs_msg_encode(
                b, cap, w, m), h, size=size.value)
        return self._with_c(ctx, run)

    def to_sml(self, compact=False, ctx=None):
        """SML text: ``S1F3 W``, the body and a closing ``.``."""
        flags = _ffi.SECS_SML_COMPACT if compact else 0
        return self._with_c(ctx, lambda h, m: encode_into(
            lambda b, cap, w: _ffi.lib.liion_secs_msg_to_sml(b, cap, w, m, flags),
            h, text=True))

    @classmethod
    def _read(cls, m, stream=None, function=None, wbit=None):
        lib = _ffi.lib
        body = lib.liion_secs_msg_body(m)
        return cls(lib.liion_secs_msg_stream(m) if stream is None else stream,
                   lib.liion_secs_msg_function(m) if function is None else function,
                   bool(lib.liion_secs_msg_wbit(m)) if wbit is None else wbit,
                   Item._read(body) if body else None,
                   lib.liion_secs_msg_session_id(m), lib.liion_secs_msg_system_bytes(m))

    @classmethod
    def from_sml(cls, text, session_id=0, system_bytes=0, ctx=None):
        """Parse ``SxxFyy [W] [item] .``; the IDs are not part of SML and are given here."""
        raw = text.encode("utf-8") if isinstance(text, str) else bytes(memoryview(text))
        probe = cls(0, 0, session_id=session_id, system_bytes=system_bytes)

        def run(h, m):
            _check(_ffi.lib.liion_secs_msg_from_sml(m, raw, len(raw)), h)
            return cls._read(m)
        return probe._with_c(ctx, run)

    @classmethod
    def decode(cls, body, stream, function, wbit=False, session_id=0, system_bytes=0,
               ctx=None):
        """A message from its header fields and its encoded ``body`` bytes (may be empty)."""
        with BodyDecoder(ctx) as dec:
            item = dec.decode(body)
        return cls(stream, function, wbit, item, session_id, system_bytes)


class BodyDecoder(_Handle):
    """Decodes message bodies again and again into one C message (liion_secs_msg_decode).

    The C side keeps its storage from one body to the next, so steady-state decoding makes
    no allocation in C. Shares the context's lock. Close it (or use ``with``) when done.
    """

    def __init__(self, ctx=None):
        ctx = ctx_or_default(ctx)
        super().__init__(lock=ctx._lock)
        lib = _ffi.lib
        with ctx._lock:
            h = ctx._handle()
            m = _ffi.SecsMsgP()
            _check(lib.liion_secs_msg_new(byref(m), h), h)
        self._ctx = ctx
        self._adopt(m, lib.liion_secs_msg_free, ctx)
        ctx._dependents.add(self)

    def decode(self, body):
        """The body's :class:`Item` (None for an empty body). Raises LiionDecodeError."""
        p, n = in_bytes(body)
        with self._lock:
            m = self._handle()
            h = self._ctx._handle()
            _check(_ffi.lib.liion_secs_msg_decode(m, p, n), h)
            b = _ffi.lib.liion_secs_msg_body(m)
            return Item._read(b) if b else None

    def decode_array(self, body, out=None):
        """Decode a body that is one numeric item and return its elements as an
        ``array.array`` (or fill the writable buffer ``out`` and return the count)."""
        p, n = in_bytes(body)
        lib = _ffi.lib
        with self._lock:
            m = self._handle()
            h = self._ctx._handle()
            _check(lib.liion_secs_msg_decode(m, p, n), h)
            b = lib.liion_secs_msg_body(m)
            if not b:
                raise LiionValueError(Status.INVALID_ARG, "the body is empty")
            fmt = SecsFormat(lib.liion_secs_item_format(b))
            if fmt not in _NUM:
                raise LiionValueError(Status.INVALID_ARG,
                                      "the body is %s, not a numeric item" % fmt.name)
            count = lib.liion_secs_item_count(b)
            got = c_size_t()
            if out is None:
                arr, ptr = out_array(_NUM[fmt], count)
                _check(lib.liion_secs_item_read_array(ptr, count, byref(got), b))
                return arr
            mv = memoryview(out)
            if mv.readonly or not mv.c_contiguous or _KIND.get(mv.format.lstrip("@=")) != _NUM[fmt]:
                raise TypeError("out must be a writable contiguous buffer of the item's "
                                "element type (%s)" % fmt.name)
            cap = mv.nbytes // _NUM[fmt][1]
            ptr = (ctypes.c_char * mv.nbytes).from_buffer(mv.cast("B")) if cap else None
            _check(lib.liion_secs_item_read_array(ptr, cap, byref(got), b))
            return got.value

