"""OPC UA Binary values (liion/opcua.h) as Python objects.

The value model, all plain immutable Python objects:

* :class:`Variant` ``(type, value, dims=None)``: ``type`` is a :class:`~liion.UaType`;
  ``value`` is None (a null Variant, or a null array with ``is_array=True``), a scalar, or a
  sequence for an array. Numeric arrays come back as ``array.array`` (and go in through the
  buffer protocol: ``array``, ``memoryview``, numpy), so bulk data needs no per-value loop.
* :class:`NodeId`, :class:`ExpandedNodeId`, :class:`QualifiedName`, :class:`LocalizedText`,
  :class:`ExtensionObject`, :class:`DataValue`, :class:`DiagnosticInfo`.

Python types of scalars: Boolean ``bool``; SByte..UInt64, StatusCode ``int``; Float, Double
``float``; DateTime ``int`` ticks (100 ns since 1601; see :func:`to_datetime`,
:func:`from_datetime`); Guid :class:`uuid.UUID`; String, XmlElement ``str`` (None for a null
string); ByteString ``bytes`` (or None).

:func:`encode` writes a Variant, DataValue or DiagnosticInfo; :func:`decode` reads any
built-in type. :class:`Value` wraps the reusable C container (``liion_ua_value``) for
decoding message after message with no allocation in C.
"""

import array
import ctypes
import datetime
import uuid
from ctypes import byref, c_size_t, c_uint16, c_void_p

from . import _ffi
from ._default import ctx_or_default
from ._enums import Status, UaIdType, UaType
from ._handle import _Handle
from ._util import (_TYPECODE, encode_into, i32, in_array, in_bytes, string_at, u16, u32)
from .errors import LiionValueError, _check

__all__ = ["UaType", "UaIdType", "Variant", "NodeId", "ExpandedNodeId", "QualifiedName",
           "LocalizedText", "ExtensionObject", "DataValue", "DiagnosticInfo", "Value",
           "encode", "decode", "status_name", "to_datetime", "from_datetime",
           "datetime_from_unix_ns", "datetime_from_unix_us", "datetime_to_unix_ns",
           "datetime_to_unix_us", "DATETIME_UNIX_EPOCH", "DATETIME_MAX_TICKS",
           "EXTOBJ_NOBODY", "EXTOBJ_BYTESTRING", "EXTOBJ_XML"]

T = UaType
#: DateTime ticks of 1970-01-01T00:00:00Z
DATETIME_UNIX_EPOCH = 116444736000000000
#: DateTime ticks of 9999-12-31T23:59:59Z
DATETIME_MAX_TICKS = 2650467743990000000
#: ExtensionObject body encodings
EXTOBJ_NOBODY, EXTOBJ_BYTESTRING, EXTOBJ_XML = 0, 1, 2
# DataValue / DiagnosticInfo mask bits
_DV_VALUE, _DV_STATUS, _DV_SRC_TS, _DV_SRV_TS, _DV_SRC_PS, _DV_SRV_PS = 1, 2, 4, 8, 16, 32
_DI_SYM, _DI_NS, _DI_LT, _DI_LOC, _DI_AI, _DI_IS, _DI_INNER = 1, 2, 4, 8, 16, 32, 64

#: element kind of each fixed-size type (Guid is handled apart)
_FIXED = {
    T.BOOLEAN: ("u", 1), T.SBYTE: ("i", 1), T.BYTE: ("u", 1), T.INT16: ("i", 2),
    T.UINT16: ("u", 2), T.INT32: ("i", 4), T.UINT32: ("u", 4), T.INT64: ("i", 8),
    T.UINT64: ("u", 8), T.FLOAT: ("f", 4), T.DOUBLE: ("f", 8), T.DATETIME: ("i", 8),
    T.STATUSCODE: ("u", 4),
}
_STRINGS = (T.STRING, T.BYTESTRING, T.XMLELEMENT)


# ---- value classes ---------------------------------------------------------------------------

class _Record:
    __slots__ = ()

    def __eq__(self, other):
        return type(self) is type(other) and self._key() == other._key()

    def __hash__(self):
        return hash(self._key())

    def _key(self):
        return tuple(getattr(self, k) for k in self.__slots__)

    def __repr__(self):
        return "%s(%s)" % (type(self).__name__,
                           ", ".join("%s=%r" % (k, getattr(self, k)) for k in self.__slots__))


class NodeId(_Record):
    """``NodeId(ns, identifier)``: identifier int (numeric), str, bytes (ByteString) or
    :class:`uuid.UUID` (Guid)."""

    __slots__ = ("ns", "identifier")

    def __init__(self, ns, identifier):
        self.ns = u16("ns", ns)
        if isinstance(identifier, bool) or not isinstance(identifier, (int, str, bytes, uuid.UUID)):
            raise TypeError("NodeId identifier must be int, str, bytes or UUID")
        if isinstance(identifier, int):
            u32("identifier", identifier)
        self.identifier = identifier

    @property
    def id_type(self):
        """The :class:`~liion.UaIdType`."""
        i = self.identifier
        if isinstance(i, int):
            return UaIdType.NUMERIC
        if isinstance(i, str):
            return UaIdType.STRING
        if isinstance(i, uuid.UUID):
            return UaIdType.GUID
        return UaIdType.BYTESTRING

    def _args(self):
        i = self.identifier
        if isinstance(i, int):
            return self.ns, UaIdType.NUMERIC, i, None, 0
        if isinstance(i, str):
            b = i.encode("utf-8")
            return self.ns, UaIdType.STRING, 0, b, len(b)
        if isinstance(i, uuid.UUID):
            return self.ns, UaIdType.GUID, 0, i.bytes_le, 16
        return self.ns, UaIdType.BYTESTRING, 0, i, len(i)


class ExpandedNodeId(_Record):
    """``ExpandedNodeId(node_id, uri=None, server_index=0)``."""

    __slots__ = ("node_id", "uri", "server_index")

    def __init__(self, node_id, uri=None, server_index=0):
        if not isinstance(node_id, NodeId):
            raise TypeError("node_id must be a NodeId")
        self.node_id = node_id
        self.uri = uri
        self.server_index = u32("server_index", server_index)


class QualifiedName(_Record):
    """``QualifiedName(ns, name)`` (name None for a null name)."""

    __slots__ = ("ns", "name")

    def __init__(self, ns, name):
        self.ns = u16("ns", ns)
        self.name = name


class LocalizedText(_Record):
    """``LocalizedText(text, locale=None)`` (None leaves a part out)."""

    __slots__ = ("text", "locale")

    def __init__(self, text=None, locale=None):
        self.text = text
        self.locale = locale


class ExtensionObject(_Record):
    """``ExtensionObject(type_id, body=None, encoding=None)``: ``type_id`` a numeric
    :class:`NodeId` of the DataTypeEncoding node; ``body`` bytes (opaque) or None. The
    encoding defaults to ByteString when there is a body."""

    __slots__ = ("type_id", "encoding", "body")

    def __init__(self, type_id, body=None, encoding=None):
        if not isinstance(type_id, NodeId):
            type_id = NodeId(0, type_id)
        self.type_id = type_id
        self.body = body
        if encoding is None:
            encoding = EXTOBJ_NOBODY if body is None else EXTOBJ_BYTESTRING
        self.encoding = encoding


class DataValue(_Record):
    """``DataValue(value=None, status=None, source_timestamp=None, source_picoseconds=None,
    server_timestamp=None, server_picoseconds=None)``; None means "field absent".

    ``value`` is a :class:`Variant` (plain values are wrapped by :meth:`Variant.of`).
    Timestamps are DateTime ticks; picoseconds are in 10 ps units (0..9999).
    """

    __slots__ = ("value", "status", "source_timestamp", "source_picoseconds",
                 "server_timestamp", "server_picoseconds")

    def __init__(self, value=None, status=None, source_timestamp=None, source_picoseconds=None,
                 server_timestamp=None, server_picoseconds=None):
        self.value = None if value is None else Variant.of(value)
        self.status = status
        self.source_timestamp = source_timestamp
        self.source_picoseconds = source_picoseconds
        self.server_timestamp = server_timestamp
        self.server_picoseconds = server_picoseconds

    def _mask(self):
        m = 0
        for bit, v in ((_DV_VALUE, self.value), (_DV_STATUS, self.status),
                       (_DV_SRC_TS, self.source_timestamp), (_DV_SRV_TS, self.server_timestamp),
                       (_DV_SRC_PS, self.source_picoseconds),
                       (_DV_SRV_PS, self.server_picoseconds)):
            if v is not None:
                m |= bit
        return m


class DiagnosticInfo(_Record):
    """DiagnosticInfo; every field None when absent; ``inner`` another DiagnosticInfo."""

    __slots__ = ("symbolic_id", "namespace_uri", "localized_text", "locale",
                 "additional_info", "inner_status", "inner")

    def __init__(self, symbolic_id=None, namespace_uri=None, localized_text=None, locale=None,
                 additional_info=None, inner_status=None, inner=None):
        self.symbolic_id = symbolic_id
        self.namespace_uri = namespace_uri
        self.localized_text = localized_text
        self.locale = locale
        self.additional_info = additional_info
        self.inner_status = inner_status
        self.inner = inner

    def _args(self):
        m = 0
        vals = []
        for bit, v in ((_DI_SYM, self.symbolic_id), (_DI_NS, self.namespace_uri),
                       (_DI_LT, self.localized_text), (_DI_LOC, self.locale)):
            if v is not None:
                m |= bit
            vals.append(i32("index", 0 if v is None else v))
        ai = None
        if self.additional_info is not None:
            m |= _DI_AI
            ai = self.additional_info.encode("utf-8")
        if self.inner_status is not None:
            m |= _DI_IS
        return (m, vals[0], vals[1], vals[2], vals[3], ai, 0 if ai is None else len(ai),
                u32("inner_status", self.inner_status or 0))


class Variant:
    """An OPC UA Variant: ``Variant(type, value, dims=None, is_array=None)``.

    ``is_array`` defaults to True for lists, tuples and buffers (``bytes`` only for Byte /
    SByte / Boolean) and False otherwise. ``Variant(UaType.NULL)`` is the null Variant.
    ``dims`` (ArrayDimensions, higher rank first) must multiply to the element count.
    """

    __slots__ = ("type", "value", "is_array", "dims", "type_id")

    def __init__(self, type, value=None, dims=None, is_array=None, type_id=None):
        self.type = UaType(type)
        if is_array is None:
            is_array = _looks_like_array(self.type, value)
        if self.type == T.NULL:
            value, is_array = None, False
        if self.type == T.VARIANT and not is_array:
            raise LiionValueError(Status.INVALID_ARG, "a Variant cannot hold a scalar Variant")
        if is_array and value is not None:
            if self.type in _FIXED:
                kind = _FIXED[self.type]
                if self.type == T.BOOLEAN:
                    value = [bool(v) for v in value] if not isinstance(value, (bytes, bytearray)) \
                        else list(map(bool, value))
                else:
                    _, _, keep = in_array(value, kind, "value")
                    if not isinstance(keep, array.array):
                        arr = array.array(_TYPECODE[kind])
                        if keep is not None:
                            arr.frombytes(memoryview(keep).cast("B"))
                        keep = arr
                    value = keep
            elif self.type == T.VARIANT:
                value = [Variant.of(e) for e in value]
            else:
                value = list(value)
        self.value = value
        self.is_array = bool(is_array)
        self.dims = None if dims is None else tuple(dims)
        self.type_id = int(self.type) if type_id is None else type_id

    @classmethod
    def of(cls, value):
        """A Variant for a plain value: bool Boolean, int Int64, float Double, str String,
        bytes ByteString, UUID Guid, NodeId, QualifiedName, ..., DataValue; a Variant as is."""
        if isinstance(value, Variant):
            return value
        for typ, t in ((bool, T.BOOLEAN), (int, T.INT64), (float, T.DOUBLE), (str, T.STRING),
                       (bytes, T.BYTESTRING), (uuid.UUID, T.GUID), (NodeId, T.NODEID),
                       (ExpandedNodeId, T.EXPANDEDNODEID), (QualifiedName, T.QUALIFIEDNAME),
                       (LocalizedText, T.LOCALIZEDTEXT), (ExtensionObject, T.EXTENSIONOBJECT),
                       (DataValue, T.DATAVALUE), (DiagnosticInfo, T.DIAGNOSTICINFO)):
            if isinstance(value, typ):
                return cls(t, value, is_array=False)
        if value is None:
            return cls(T.NULL)
        raise TypeError("no OPC UA Variant type for %s" % type(value).__name__)

    def _norm(self):
        v = self.value
        if isinstance(v, array.array):
            v = v.tobytes() if self.type in (T.FLOAT, T.DOUBLE) else tuple(v)
        elif isinstance(v, list):
            v = tuple(v)
        elif isinstance(v, float):
            v = array.array("d" if self.type == T.DOUBLE else "f", [v]).tobytes()
        dims = self.dims if self.dims and len(self.dims) > 1 else None
        return (self.type, self.is_array, v, dims)

    def __eq__(self, other):
        if not isinstance(other, Variant):
            return NotImplemented
        return self._norm() == other._norm()

    def __hash__(self):
        return hash(self._norm())

    def __repr__(self):
        extra = "" if not self.dims else ", dims=%r" % (self.dims,)
        arr = ", is_array=True" if self.is_array and not isinstance(
            self.value, (list, array.array)) else ""
        return "Variant(UaType.%s, %r%s%s)" % (self.type.name, self.value, extra, arr)


def _looks_like_array(t, value):
    if value is None:
        return False
    if isinstance(value, (list, tuple, array.array, memoryview, bytearray)):
        return True
    if isinstance(value, bytes):
        return t in (T.BYTE, T.SBYTE, T.BOOLEAN)
    if isinstance(value, (str, int, float, uuid.UUID, _Record)):
        return False
    try:
        memoryview(value)
        return True
    except TypeError:
        return hasattr(value, "__iter__")


# ---- DateTime and StatusCode helpers -----------------------------------------------------------

def datetime_from_unix_ns(ns):
    """DateTime ticks from nanoseconds since 1970 (clamped like the encoder)."""
    return _ffi.lib.liion_ua_datetime_from_unix_ns(ns)


def datetime_from_unix_us(us):
    """DateTime ticks from microseconds since 1970."""
    return _ffi.lib.liion_ua_datetime_from_unix_us(us)


def datetime_to_unix_ns(ticks):
    """Nanoseconds since 1970 from DateTime ticks (saturating)."""
    return _ffi.lib.liion_ua_datetime_to_unix_ns(ticks)


def datetime_to_unix_us(ticks):
    """Microseconds since 1970 from DateTime ticks."""
    return _ffi.lib.liion_ua_datetime_to_unix_us(ticks)


def to_datetime(ticks):
    """DateTime ticks as an aware :class:`datetime.datetime` (UTC, microsecond precision)."""
    return (datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
            + datetime.timedelta(microseconds=datetime_to_unix_us(ticks)))


def from_datetime(dt):
    """DateTime ticks of a :class:`datetime.datetime` (naive means UTC)."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=datetime.timezone.utc)
    delta = dt - datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
    us = (delta.days * 86400 + delta.seconds) * 1000000 + delta.microseconds
    return datetime_from_unix_us(us)


def status_name(code):
    """Symbolic name of a StatusCode ("Good", "BadDecodingError", ...) or None."""
    p = _ffi.lib.liion_ua_status_name(u32("code", code))
    return None if p is None else p.decode("ascii")


# ---- building a C container from Python values ----------------------------------------------

def _b(s):
    """str/bytes/None -> (pointer-able bytes or None, length)."""
    if s is None:
        return None, 0
    if isinstance(s, str):
        s = s.encode("utf-8")
    elif not isinstance(s, bytes):
        s = bytes(memoryview(s))
    return s, len(s)


def _scalar_ptr(t, value):
    if t == T.GUID:
        if not isinstance(value, uuid.UUID):
            value = uuid.UUID(bytes_le=bytes(value))
        return value.bytes_le, value
    if t == T.BOOLEAN:
        value = [1 if value else 0]
    else:
        value = [value]
    p, _, keep = in_array(value, _FIXED[t], "value")
    return p, keep


def _set_variant(v, h, var, _tmp_new):
    """Fill container ``v`` (handle ``h`` of its context) with Variant ``var``."""
    lib = _ffi.lib
    t = var.type
    val = var.value
    if t == T.NULL:
        lib.liion_ua_value_reset(v)  # an empty container is a null Variant
        return
    if var.is_array:
        _set_array(v, h, var, _tmp_new)
        return
    if t in _FIXED or t == T.GUID:
        p, keep = _scalar_ptr(t, val)
        _check(lib.liion_ua_value_set_scalar(v, int(t), p), h)
    elif t in _STRINGS:
        data, n = _b(val)
        _check(lib.liion_ua_value_set_bytes(v, int(t), data, n), h)
    elif t == T.NODEID:
        _check(lib.liion_ua_value_set_nodeid(v, *val._args()), h)
    elif t == T.EXPANDEDNODEID:
        _check(lib.liion_ua_value_set_nodeid(v, *val.node_id._args()), h)
        uri, n = _b(val.uri)
        _check(lib.liion_ua_value_set_expand(v, uri, n, val.server_index), h)
    elif t == T.QUALIFIEDNAME:
        name, n = _b(val.name)
        _check(lib.liion_ua_value_set_qualifiedname(v, val.ns, name, n), h)
    elif t == T.LOCALIZEDTEXT:
        loc, ln = _b(val.locale)
        txt, tn = _b(val.text)
        _check(lib.liion_ua_value_set_localizedtext(v, loc, ln, txt, tn), h)
    elif t == T.EXTENSIONOBJECT:
        _check(lib.liion_ua_value_set_extobj(v, *_extobj_args(val)), h)
    elif t == T.DATAVALUE:
        _set_datavalue(v, h, val, _tmp_new)
        _check(lib.liion_ua_value_wrap_variant(v), h)
    elif t == T.DIAGNOSTICINFO:
        _set_diaginfo(v, h, val)
        _check(lib.liion_ua_value_wrap_variant(v), h)
    else:
        raise LiionValueError(Status.INVALID_ARG, "cannot build a scalar %s Variant" % t.name)


def _extobj_args(eo):
    tid = eo.type_id
    if tid.id_type != UaIdType.NUMERIC:
        raise LiionValueError(Status.INVALID_ARG, "ExtensionObject type_id must be numeric")
    body, n = _b(eo.body)
    return tid.ns, tid.identifier, eo.encoding, body, n


def _set_array(v, h, var, _tmp_new):
    lib = _ffi.lib
    t = var.type
    val = var.value
    dims = var.dims
    if dims:
        darr = (ctypes.c_uint32 * len(dims))(*[u32("dim", d) for d in dims])
        nd = len(dims)
    else:
        darr, nd = None, 0
    if t in _FIXED or t == T.GUID:
        if val is None:
            _check(lib.liion_ua_value_set_array(v, int(t), None, 0, darr, nd), h)
            return
        if t == T.GUID:
            raw = b"".join((g if isinstance(g, uuid.UUID) else uuid.UUID(bytes_le=bytes(g)))
                           .bytes_le for g in val)
            n = len(val)
            p = ctypes.c_char_p(raw) if raw else ctypes.c_char_p(b"")
        elif t == T.BOOLEAN:
            raw = bytes(map(bool, val))
            n = len(raw)
            p = ctypes.c_char_p(raw)
        else:
            p, n, keep = in_array(val, _FIXED[t], "value")
            if p is None:
                p = ctypes.c_char_p(b"")  # non-NULL: an empty (not null) array
        _check(lib.liion_ua_value_set_array(v, int(t), ctypes.cast(p, c_void_p), n, darr, nd),
               h)
        return
    if val is None:
        raise LiionValueError(Status.INVALID_ARG,
                              "a null array is only available for fixed-size types")
    n = len(val)
    if t in _STRINGS:
        bufs = [_b(s) for s in val]
        ptrs = (c_void_p * max(n, 1))(*[ctypes.cast(ctypes.c_char_p(b), c_void_p).value
                                        if b is not None else None for b, _ in bufs])
        lens = (c_size_t * max(n, 1))(*[ln for _, ln in bufs])
        _check(lib.liion_ua_value_set_bytes_array(v, int(t), ptrs, lens, n), h)
        return
    _check(lib.liion_ua_value_set_array_begin(v, int(t), n), h)
    for i, e in enumerate(val):
        if t == T.NODEID:
            _check(lib.liion_ua_value_set_elem_nodeid(v, i, *e._args()), h)
        elif t == T.EXPANDEDNODEID:
            _check(lib.liion_ua_value_set_elem_nodeid(v, i, *e.node_id._args()), h)
            uri, un = _b(e.uri)
            _check(lib.liion_ua_value_set_elem_expand(v, i, uri, un, e.server_index), h)
        elif t == T.QUALIFIEDNAME:
            name, nn = _b(e.name)
            _check(lib.liion_ua_value_set_elem_qualifiedname(v, i, e.ns, name, nn), h)
        elif t == T.LOCALIZEDTEXT:
            loc, ln = _b(e.locale)
            txt, tn = _b(e.text)
            _check(lib.liion_ua_value_set_elem_localizedtext(v, i, loc, ln, txt, tn), h)
        elif t == T.EXTENSIONOBJECT:
            _check(lib.liion_ua_value_set_elem_extobj(v, i, *_extobj_args(e)), h)
        else:  # DataValue, Variant, DiagnosticInfo: build apart and copy in
            src = _tmp_new()
            try:
                if t == T.VARIANT:
                    _set_variant(src, h, Variant.of(e), _tmp_new)
                elif t == T.DATAVALUE:
                    _set_datavalue(src, h, e, _tmp_new)
                else:
                    _set_diaginfo(src, h, e)
                _check(lib.liion_ua_value_set_elem_value(v, i, src), h)
            finally:
                lib.liion_ua_value_free(src)


def _set_datavalue(v, h, dv, _tmp_new):
    lib = _ffi.lib
    if not isinstance(dv, DataValue):
        raise TypeError("expected a DataValue, not %s" % type(dv).__name__)
    if dv.value is not None:
        _set_variant(v, h, dv.value, _tmp_new)
    else:
        lib.liion_ua_value_reset(v)
    _check(lib.liion_ua_value_set_datavalue(
        v, dv._mask(), u32("status", dv.status or 0), dv.source_timestamp or 0,
        u16("source_picoseconds", dv.source_picoseconds or 0), dv.server_timestamp or 0,
        u16("server_picoseconds", dv.server_picoseconds or 0)), h)


def _set_diaginfo(v, h, di):
    lib = _ffi.lib
    if not isinstance(di, DiagnosticInfo):
        raise TypeError("expected a DiagnosticInfo, not %s" % type(di).__name__)
    _check(lib.liion_ua_value_set_diaginfo(v, *di._args()), h)
    inner = di.inner
    while inner is not None:
        _check(lib.liion_ua_value_add_inner_diaginfo(v, *inner._args()), h)
        inner = inner.inner


def _set_any(v, h, obj, tmp_new):
    if isinstance(obj, DataValue):
        _set_datavalue(v, h, obj, tmp_new)
    elif isinstance(obj, DiagnosticInfo):
        _set_diaginfo(v, h, obj)
    else:
        _set_variant(v, h, Variant.of(obj), tmp_new)


# ---- reading C views into Python values ------------------------------------------------------

def _bytes_out(fn, *args):
    p = c_void_p()
    n = c_size_t()
    _check(fn(*args, byref(p), byref(n)))
    return None if not p.value else string_at(p.value, n.value)


def _text(b):
    return None if b is None else b.decode("utf-8", "replace")


def _read_nodeid(p):
    lib = _ffi.lib
    ns = lib.liion_ua_nodeid_ns(p)
    it = lib.liion_ua_nodeid_id_type(p)
    if it == UaIdType.NUMERIC:
        return NodeId(ns, lib.liion_ua_nodeid_numeric(p))
    raw = _bytes_out(lib.liion_ua_nodeid_bytes, p)
    if it == UaIdType.STRING:
        return NodeId(ns, _text(raw) if raw is not None else "")
    if it == UaIdType.GUID:
        return NodeId(ns, uuid.UUID(bytes_le=raw))
    return NodeId(ns, raw if raw is not None else b"")


def _read_datavalue(p):
    lib = _ffi.lib
    m = lib.liion_ua_datavalue_mask(p)
    val = lib.liion_ua_datavalue_value(p)
    return DataValue(
        _read_variant(val) if (m & _DV_VALUE) and val else None,
        lib.liion_ua_datavalue_status(p) if m & _DV_STATUS else None,
        lib.liion_ua_datavalue_source_timestamp(p) if m & _DV_SRC_TS else None,
        lib.liion_ua_datavalue_source_picoseconds(p) if m & _DV_SRC_PS else None,
        lib.liion_ua_datavalue_server_timestamp(p) if m & _DV_SRV_TS else None,
        lib.liion_ua_datavalue_server_picoseconds(p) if m & _DV_SRV_PS else None)


def _read_diaginfo(p):
    lib = _ffi.lib
    m = lib.liion_ua_diaginfo_mask(p)

    def idx(bit):
        return lib.liion_ua_diaginfo_index(p, bit) if m & bit else None
    ai = _bytes_out(lib.liion_ua_diaginfo_additional_info, p) if m & _DI_AI else None
    inner = lib.liion_ua_diaginfo_inner(p)
    return DiagnosticInfo(idx(_DI_SYM), idx(_DI_NS), idx(_DI_LT), idx(_DI_LOC), _text(ai),
                          lib.liion_ua_diaginfo_inner_status(p) if m & _DI_IS else None,
                          _read_diaginfo(inner) if inner else None)


def _read_elem(var, t, i):
    lib = _ffi.lib
    if t in _STRINGS:
        raw = _bytes_out(lib.liion_ua_variant_get_bytes, var, i)
        return raw if t == T.BYTESTRING else _text(raw)
    if t == T.NODEID:
        out = _ffi.UaNodeIdP()
        _check(lib.liion_ua_variant_get_nodeid(var, i, byref(out)))
        return _read_nodeid(out)
    if t == T.EXPANDEDNODEID:
        out = _ffi.UaExpandedNodeIdP()
        _check(lib.liion_ua_variant_get_expandednodeid(var, i, byref(out)))
        return ExpandedNodeId(_read_nodeid(lib.liion_ua_expandednodeid_nodeid(out)),
                              _text(_bytes_out(lib.liion_ua_expandednodeid_uri, out)),
                              lib.liion_ua_expandednodeid_server_index(out))
    if t == T.QUALIFIEDNAME:
        ns = c_uint16()
        p = c_void_p()
        n = c_size_t()
        _check(lib.liion_ua_variant_get_qualifiedname(var, i, byref(ns), byref(p), byref(n)))
        return QualifiedName(ns.value, _text(string_at(p.value, n.value)) if p.value else None)
    if t == T.LOCALIZEDTEXT:
        lp, ln, tp, tn = c_void_p(), c_size_t(), c_void_p(), c_size_t()
        _check(lib.liion_ua_variant_get_localizedtext(var, i, byref(lp), byref(ln), byref(tp),
                                                       byref(tn)))
        return LocalizedText(_text(string_at(tp.value, tn.value)) if tp.value else None,
                             _text(string_at(lp.value, ln.value)) if lp.value else None)
    if t == T.EXTENSIONOBJECT:
        out = _ffi.UaExtObjP()
        _check(lib.liion_ua_variant_get_extobj(var, i, byref(out)))
        return ExtensionObject(_read_nodeid(lib.liion_ua_extobj_type_id(out)),
                               _bytes_out(lib.liion_ua_extobj_body, out),
                               lib.liion_ua_extobj_encoding(out))
    if t == T.DATAVALUE:
        out = _ffi.UaDataValueP()
        _check(lib.liion_ua_variant_get_datavalue(var, i, byref(out)))
        return _read_datavalue(out)
    if t == T.VARIANT:
        out = _ffi.UaVariantP()
        _check(lib.liion_ua_variant_get_variant(var, i, byref(out)))
        return _read_variant(out)
    if t == T.DIAGNOSTICINFO:
        out = _ffi.UaDiagInfoP()
        _check(lib.liion_ua_variant_get_diaginfo(var, i, byref(out)))
        return _read_diaginfo(out)
    raise LiionValueError(Status.UNSUPPORTED, "cannot read a %s element" % t.name)


def _read_variant(var):
    """A Python :class:`Variant` for the C view ``var`` (borrowed)."""
    lib = _ffi.lib
    t = UaType(lib.liion_ua_variant_type(var))
    tid = lib.liion_ua_variant_type_id(var)
    if t == T.NULL:
        return Variant(T.NULL)
    is_array = bool(lib.liion_ua_variant_is_array(var))
    nd = lib.liion_ua_variant_ndims(var)
    dims = tuple(lib.liion_ua_variant_dim(var, i) for i in range(nd)) if nd else None
    if t in _FIXED or t == T.GUID:
        p = c_void_p()
        n = c_size_t()
        _check(lib.liion_ua_variant_array_data(var, byref(p), byref(n)))
        if not p.value:
            values = None
        elif t == T.GUID:
            raw = string_at(p.value, 16 * n.value)
            values = [uuid.UUID(bytes_le=raw[16 * i:16 * i + 16]) for i in range(n.value)]
        else:
            kind = _FIXED[t]
            values = array.array(_TYPECODE[kind])
            values.frombytes(string_at(p.value, kind[1] * n.value))
            if t == T.BOOLEAN:
                values = list(map(bool, values))
        if not is_array:
            values = values[0]
    else:
        n = lib.liion_ua_variant_length(var)
        if is_array and lib.liion_ua_variant_is_null_array(var):
            values = None
        else:
            values = [_read_elem(var, t, i) for i in range(n)]
            if not is_array:
                values = values[0]
    out = Variant(t, values, dims, is_array, tid if tid != int(t) else None)
    return out


def _read_root(v):
    lib = _ffi.lib
    rt = UaType(lib.liion_ua_value_type(v))
    var = lib.liion_ua_value_variant(v)
    if rt == T.DATAVALUE:
        out = _ffi.UaDataValueP()
        _check(lib.liion_ua_variant_get_datavalue(var, 0, byref(out)))
        return _read_datavalue(out)
    if rt == T.DIAGNOSTICINFO:
        out = _ffi.UaDiagInfoP()
        _check(lib.liion_ua_variant_get_diaginfo(var, 0, byref(out)))
        return _read_diaginfo(out)
    variant = _read_variant(var)
    if rt in (T.VARIANT, T.NULL):
        return variant
    return variant.value


# ---- the container -------------------------------------------------------------------------

class Value(_Handle):
    """The reusable C container ``liion_ua_value`` (one value; arena-backed).

    ``decode(type, data)`` and ``set(obj)`` replace the content; :meth:`get` reads it back
    as Python objects; :meth:`encode` writes it. Decoding message after message into the
    same Value makes no allocation in C once its arena has grown. Shares the context's lock.
    """

    def __init__(self, ctx=None):
        ctx = ctx_or_default(ctx)
        super().__init__(lock=ctx._lock)
        with ctx._lock:
            h = ctx._handle()
            v = _ffi.UaValueP()
            _check(_ffi.lib.liion_ua_value_new(byref(v), h), h)
        self._ctx = ctx
        self._adopt(v, _ffi.lib.liion_ua_value_free, ctx)
        ctx._dependents.add(self)

    def _hv(self):
        return self._handle(), self._ctx._handle()

    def _tmp_new(self):
        out = _ffi.UaValueP()
        h = self._ctx._handle()
        _check(_ffi.lib.liion_ua_value_new(byref(out), h), h)
        return out

    @property
    def type(self):
        """The :class:`~liion.UaType` the root is encoded as."""
        with self._lock:
            return UaType(_ffi.lib.liion_ua_value_type(self._handle()))

    def reset(self):
        """Empty the container (a null Variant), keeping its memory."""
        with self._lock:
            _ffi.lib.liion_ua_value_reset(self._handle())

    def set(self, obj):
        """Set the content: a :class:`Variant` (or plain value, see :meth:`Variant.of`), a
        :class:`DataValue` or a :class:`DiagnosticInfo`. On error the container is empty."""
        with self._lock:
            v, h = self._hv()
            try:
                _set_any(v, h, obj, self._tmp_new)
            except BaseException:
                _ffi.lib.liion_ua_value_reset(v)
                raise
        return self

    def decode(self, type, data, partial=False):
        """Decode one value of built-in ``type`` from ``data``; return it as :meth:`get`
        does (with ``partial=True``: ``(value, consumed)``; otherwise trailing bytes are a
        LiionDecodeError)."""
        t = UaType(type)
        p, n = in_bytes(data)
        used = c_size_t()
        with self._lock:
            v, h = self._hv()
            _check(_ffi.lib.liion_ua_value_decode(v, int(t), p, n, byref(used)), h)
            if not partial and used.value != n:
                _ffi.lib.liion_ua_value_reset(v)
                from .errors import LiionDecodeError
                raise LiionDecodeError(Status.DECODE, "%d bytes after the %s"
                                       % (n - used.value, t.name), used.value)
            out = _read_root(v)
        return (out, used.value) if partial else out

    def get(self):
        """The content: a Variant, DataValue or DiagnosticInfo (a bare decoded built-in type
        comes back as its plain Python value, e.g. an int for a decoded Int32)."""
        with self._lock:
            v, _ = self._hv()
            return _read_root(v)

    def encoded_size(self):
        """Bytes :meth:`encode` writes."""
        with self._lock:
            v, h = self._hv()
            size = c_size_t()
            _check(_ffi.lib.liion_ua_value_encoded_size(v, byref(size)), h)
            return size.value

    def encode(self):
        """The content in OPC UA Binary, in its root type, as ``bytes``."""
        with self._lock:
            v, h = self._hv()
            size = c_size_t()
            _check(_ffi.lib.liion_ua_value_encoded_size(v, byref(size)), h)
            return encode_into(lambda b, cap, w: _ffi.lib.liion_ua_value_encode(v, b, cap, w),
                               h, size=size.value)

    def wrap_variant(self):
        """Turn a bare root (DataValue, DiagnosticInfo, a decoded bare value) into a Variant
        holding it."""
        with self._lock:
            v, h = self._hv()
            _check(_ffi.lib.liion_ua_value_wrap_variant(v), h)
        return self


def encode(obj, ctx=None):
    """OPC UA Binary bytes of a :class:`Variant` (or plain value), :class:`DataValue` or
    :class:`DiagnosticInfo`."""
    with Value(ctx) as v:
        return v.set(obj).encode()


def decode(type, data, ctx=None, partial=False):
    """Decode one value of built-in ``type`` (a :class:`~liion.UaType`) from ``data``.

    Returns a :class:`Variant`, :class:`DataValue`, :class:`DiagnosticInfo` or, for the
    other types, the plain Python value. Malformed input raises LiionDecodeError with the
    byte offset.
    """
    with Value(ctx) as v:
        return v.decode(type, data, partial)
