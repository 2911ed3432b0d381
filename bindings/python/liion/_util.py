"""Helpers every wrapper module shares: bytes in, bytes out, bulk numbers, range checks.

* :func:`in_bytes` turns any bytes-like object into a pointer + length for one C call without
  copying when it can (``bytes``, writable buffers); read-only buffers other than ``bytes``
  are copied once.
* :func:`encode_into` is the one implementation of the caller-buffer convention
  (``buf, cap, &written`` returning ``LIION_E_BUFFER_TOO_SMALL`` with the size needed): it
  tries a buffer of the given (or a default) size and retries once with the size the library
  asked for.
* :func:`in_array` / :func:`out_array` move bulk numbers through the buffer protocol:
  ``array.array``, ``memoryview``, numpy arrays (when numpy is installed; it is never
  imported here) and any other buffer exporter of the right element type go to C without a
  copy; other iterables are converted by ``array.array`` in C, never by a Python loop.
"""

import array
import ctypes
import operator
import struct
import sys
from ctypes import POINTER, byref, c_size_t

from ._enums import Status
from .errors import LiionValueError, _check

__all__ = []

_BIG = sys.byteorder == "big"

# (kind, itemsize) of a struct/buffer format character
_KIND = {}
for _c in "bhilq":
    _KIND[_c] = ("i", struct.calcsize(_c))
for _c in "BHILQ":
    _KIND[_c] = ("u", struct.calcsize(_c))
for _c in "fd":
    _KIND[_c] = ("f", struct.calcsize(_c))
_KIND["?"] = ("u", 1)
_KIND["c"] = ("u", 1)

#: array typecode for (kind, size)
_TYPECODE = {}
for _c in "bhilqBHILQfd":
    _TYPECODE.setdefault(_KIND[_c], _c)

_CTYPE = {
    ("i", 1): ctypes.c_int8, ("i", 2): ctypes.c_int16, ("i", 4): ctypes.c_int32,
    ("i", 8): ctypes.c_int64, ("u", 1): ctypes.c_uint8, ("u", 2): ctypes.c_uint16,
    ("u", 4): ctypes.c_uint32, ("u", 8): ctypes.c_uint64, ("f", 4): ctypes.c_float,
    ("f", 8): ctypes.c_double,
}


def int_in(name, value, lo, hi):
    """``value`` as an int in [lo, hi]; ctypes would silently wrap anything outside."""
    value = operator.index(value)  # TypeError for floats, strings, None
    if not lo <= value <= hi:
        raise LiionValueError(Status.RANGE, "%s must be in [%d, %d], got %d"
                              % (name, lo, hi, value))
    return value


def u8(name, v):
    return int_in(name, v, 0, 0xFF)


def u16(name, v):
    return int_in(name, v, 0, 0xFFFF)


def u32(name, v):
    return int_in(name, v, 0, 0xFFFFFFFF)


def u64(name, v):
    return int_in(name, v, 0, 0xFFFFFFFFFFFFFFFF)


def i32(name, v):
    return int_in(name, v, -0x80000000, 0x7FFFFFFF)


def i64(name, v):
    return int_in(name, v, -0x8000000000000000, 0x7FFFFFFFFFFFFFFF)


def cstr(value, name="text"):
    """``str`` (UTF-8 encoded) or bytes-like as bytes for a ``const char *``; None stays None.

    Embedded NUL bytes are refused: C would silently cut the string there.
    """
    if value is None:
        return None
    if isinstance(value, str):
        value = value.encode("utf-8")
    elif not isinstance(value, bytes):
        value = bytes(memoryview(value))
    if b"\0" in value:
        raise LiionValueError(Status.INVALID_ARG, "%s contains a NUL byte" % name)
    return value


def in_bytes(data, ptype=ctypes.c_void_p, name="data"):
    """``(pointer, length)`` for a bytes-like ``data`` (str is UTF-8 encoded).

    The pointer is of ``ptype`` (``c_void_p``, ``c_char_p`` or a ``POINTER`` type) and keeps
    the memory it points into alive. ``None`` gives ``(None, 0)``.
    """
    if data is None:
        return None, 0
    if isinstance(data, str):
        data = data.encode("utf-8")
    if isinstance(data, bytes):
        n = len(data)
        if ptype is ctypes.c_char_p or ptype is ctypes.c_void_p:
            return data, n
        return ctypes.cast(ctypes.c_char_p(data), ptype), n  # keeps data alive
    try:
        mv = memoryview(data)
    except TypeError:
        raise TypeError("%s must be bytes-like (bytes, bytearray, memoryview, array), not %s"
                        % (name, type(data).__name__)) from None
    if not mv.c_contiguous:
        raise ValueError("%s must be a C-contiguous buffer" % name)
    mv = mv.cast("B")
    n = mv.nbytes
    if n == 0:
        return None, 0
    if mv.readonly:
        return in_bytes(mv.tobytes(), ptype, name)
    arr = (ctypes.c_char * n).from_buffer(mv)
    return ctypes.cast(arr, ptype), n


def _kind_of(fmt):
    fmt = fmt.lstrip("@=")
    if fmt[:1] in "<>!":
        if (fmt[0] == "<") == _BIG or fmt[0] == "!" and not _BIG:
            return None  # not host order
        fmt = fmt[1:]
    return _KIND.get(fmt)


def in_array(values, kind, name="values"):
    """``(pointer, count, keep)`` to ``count`` numbers of C type ``kind`` = (``"i"``/``"u"``/
    ``"f"``, size), e.g. ``("f", 8)`` for ``double``.

    A buffer of exactly that element type is passed without copying (``array('d')``, a
    numpy float64 array, a ``memoryview`` ...); anything else (a list, a range, a buffer of
    another element type) is converted once by ``array.array`` in C. Values outside the C
    type's range raise OverflowError (from ``array``), never wrap. ``keep`` must stay
    referenced until the C call returns.
    """
    ctype = _CTYPE[kind]
    ptype = POINTER(ctype)
    mv = None
    try:
        mv = memoryview(values)
    except TypeError:
        pass
    if mv is not None:
        if mv.ndim != 1:
            raise ValueError("%s must be a one-dimensional buffer" % name)
        if mv.c_contiguous and _kind_of(mv.format) == kind:
            n = mv.nbytes // kind[1]
            if n == 0:
                return None, 0, None
            if mv.readonly:
                buf = mv.tobytes()
                return ctypes.cast(ctypes.c_char_p(buf), ptype), n, buf
            arr = (ctype * n).from_buffer(mv.cast("B"))
            return ctypes.cast(arr, ptype), n, arr
        values = mv.tolist()  # another element type: array() below converts it in C
    elif isinstance(values, (str, bytes)):
        raise TypeError("%s must be numbers, not %s" % (name, type(values).__name__))
    arr = array.array(_TYPECODE[kind], values)
    n = len(arr)
    if n == 0:
        return None, 0, arr
    addr, _ = arr.buffer_info()
    return ctypes.cast(addr, ptype), n, arr


def out_array(kind, count):
    """A zeroed ``array.array`` of ``count`` elements of ``kind`` and a pointer to it."""
    arr = array.array(_TYPECODE[kind], bytes(count * kind[1]))
    if count == 0:
        return arr, None
    addr, _ = arr.buffer_info()
    return arr, ctypes.cast(addr, POINTER(_CTYPE[kind]))


def encode_into(call, handle=None, size=None, text=False, first=256):
    """Run a caller-buffer encoder and return its output as ``bytes`` (``str`` if ``text``).

    ``call(buf, cap, written_ptr)`` makes the C call with a ``c_char`` array ``buf`` (cast it
    if the prototype wants another pointer type), its capacity and a ``c_size_t`` pointer,
    and returns the status. ``size`` is the exact size when a size function gave it (one
    call); otherwise a ``first``-byte buffer is tried and, on ``BUFFER_TOO_SMALL``, one
    retry is made with the size the library reported. ``text`` leaves room for the NUL
    the text encoders write. Errors raise with ``handle``'s message.
    """
    extra = 1 if text else 0
    written = c_size_t()
    cap = first if size is None else size + extra
    for _ in range(3):
        buf = ctypes.create_string_buffer(cap) if cap else None
        status = call(buf, cap, byref(written))
        if status == Status.BUFFER_TOO_SMALL and written.value + extra > cap:
            cap = written.value + extra
            continue
        _check(status, handle)
        out = buf.raw[:written.value] if buf is not None else b""
        return out.decode("utf-8", "replace") if text else out
    _check(status, handle)  # still too small: report it
    return None


def u8p(buf):
    """A ``c_char`` array (or None) as ``uint8_t *``."""
    return None if buf is None else ctypes.cast(buf, POINTER(ctypes.c_uint8))


def string_at(ptr, length):
    """``length`` bytes at a ``c_void_p`` result (``b""`` for NULL or 0)."""
    if not ptr or not length:
        return b""
    return ctypes.string_at(ptr, length)
