"""OPC UA PubSub UADP NetworkMessages (liion/uadp.h) as Python objects.

::

    from liion import uadp, opcua, UaType
    nm = uadp.NetworkMessage(publisher_id=7, writer_group_id=1, sequence_number=42,
                             messages=[uadp.DataSetMessage(10, fields=[
                                 opcua.Variant(UaType.DOUBLE, 3.5), 12])])
    data = uadp.encode(nm)
    assert uadp.decode(data) == nm

A :class:`NetworkMessage` holds the header parts (None means "absent") and a list of
:class:`DataSetMessage`; each DataSetMessage holds its header and its ``fields``, a dict
``{field index: Variant or DataValue}`` (a list of values is numbered 0, 1, ...). RawData
DataSetMessages are decoded when the field types are known (``raw_types={writer_id:
[UaType, ...]}``); otherwise their payload is kept in :attr:`DataSetMessage.raw`.
:class:`Decoder` reuses one C handle (no allocation in C per message in steady state).
"""

import ctypes
import uuid
from ctypes import byref, c_size_t, c_uint32, c_uint64, c_void_p

from . import _ffi
from ._default import ctx_or_default
from ._enums import Status, UadpDsmType, UadpEncoding, UadpPubidType, UaType
from ._handle import _Handle
from ._util import encode_into, in_bytes, string_at, u16, u32, u64
from .errors import LiionValueError, _check
from .opcua import DataValue, Variant, _read_datavalue, _read_variant, _set_datavalue, \
    _set_variant

__all__ = ["NetworkMessage", "DataSetMessage", "Decoder", "encode", "decode",
           "UadpPubidType", "UadpEncoding", "UadpDsmType", "MAX_DSM"]

#: most DataSetMessages in one NetworkMessage
MAX_DSM = 255
# NetworkMessage header parts (LIION_UADP_NM_*)
NM_PUBLISHER_ID = 1 << 0
NM_GROUP_HEADER = 1 << 1
NM_PAYLOAD_HEADER = 1 << 2
NM_EXT_FLAGS1 = 1 << 3
NM_DATASET_CLASS_ID = 1 << 4
NM_SECURITY = 1 << 5
NM_TIMESTAMP = 1 << 6
NM_PICOSECONDS = 1 << 7
NM_EXT_FLAGS2 = 1 << 8
NM_PROMOTED_FIELDS = 1 << 9
NM_WRITER_GROUP_ID = 1 << 10
NM_GROUP_VERSION = 1 << 11
NM_NETWORK_MESSAGE_NUMBER = 1 << 12
NM_SEQUENCE_NUMBER = 1 << 13
# DataSetMessage header parts (LIION_UADP_DSM_*)
DSM_VALID = 1 << 0
DSM_SEQUENCE_NUMBER = 1 << 1
DSM_STATUS = 1 << 2
DSM_CONFIG_MAJOR = 1 << 3
DSM_CONFIG_MINOR = 1 << 4
DSM_FLAGS2 = 1 << 5
DSM_TIMESTAMP = 1 << 6
DSM_PICOSECONDS = 1 << 7

__all__ += [n for n in list(globals()) if n.startswith(("NM_", "DSM_"))]


class _Rec:
    __slots__ = ()

    def __eq__(self, other):
        return type(self) is type(other) and all(
            getattr(self, k) == getattr(other, k) for k in self._cmp)

    __hash__ = None

    def __repr__(self):
        return "%s(%s)" % (type(self).__name__, ", ".join(
            "%s=%r" % (k, getattr(self, k)) for k in self.__slots__
            if getattr(self, k) not in (None, [], {})))


class DataSetMessage(_Rec):
    """One DataSetMessage; header fields None when absent."""

    __slots__ = ("writer_id", "encoding", "type", "fields", "valid", "sequence_number",
                 "status", "config_major", "config_minor", "timestamp", "picoseconds", "raw",
                 "flags")
    _cmp = __slots__[:-1]

    def __init__(self, writer_id, fields=(), encoding=UadpEncoding.VARIANT,
                 type=UadpDsmType.KEYFRAME, valid=True, sequence_number=None, status=None,
                 config_major=None, config_minor=None, timestamp=None, picoseconds=None,
                 raw=None, flags=None):
        self.writer_id = u16("writer_id", writer_id)
        self.encoding = UadpEncoding(encoding)
        self.type = UadpDsmType(type)
        if isinstance(fields, dict):
            items = fields.items()
        else:
            items = enumerate(fields)
        self.fields = {u16("field index", i): (v if isinstance(v, (Variant, DataValue))
                                               else Variant.of(v)) for i, v in items}
        self.valid = bool(valid)
        self.sequence_number = sequence_number
        self.status = status
        self.config_major = config_major
        self.config_minor = config_minor
        self.timestamp = timestamp
        self.picoseconds = picoseconds
        self.raw = raw
        #: the LIION_UADP_DSM_* bits as decoded (OR-ed in when encoding; None: computed)
        self.flags = flags


class NetworkMessage(_Rec):
    """A UADP NetworkMessage; every header part is None when absent.

    ``publisher_id`` is an int or str; ``publisher_id_type`` (a :class:`UadpPubidType`)
    defaults to the smallest type that holds it. ``security`` is ``(flags, token_id,
    nonce_bytes)`` for an unsecured SecurityHeader. ``flags`` (``NM_*`` bits) adds header
    parts that carry nothing (e.g. ``NM_PAYLOAD_HEADER`` with one DataSetMessage); a
    decoded message keeps the flags it had so that it re-encodes byte for byte.
    """

    __slots__ = ("publisher_id", "publisher_id_type", "dataset_class_id", "writer_group_id",
                 "group_version", "network_message_number", "sequence_number", "timestamp",
                 "picoseconds", "security", "promoted_fields", "messages", "flags")
    _cmp = __slots__[:-1]

    def __init__(self, messages=(), publisher_id=None, publisher_id_type=None,
                 dataset_class_id=None, writer_group_id=None, group_version=None,
                 network_message_number=None, sequence_number=None, timestamp=None,
                 picoseconds=None, security=None, promoted_fields=(), flags=None):
        self.messages = list(messages)
        self.publisher_id = publisher_id
        if publisher_id_type is None and publisher_id is not None:
            if isinstance(publisher_id, str):
                publisher_id_type = UadpPubidType.STRING
            else:
                pid = u64("publisher_id", publisher_id)
                publisher_id_type = (UadpPubidType.BYTE if pid <= 0xFF else
                                     UadpPubidType.UINT16 if pid <= 0xFFFF else
                                     UadpPubidType.UINT32 if pid <= 0xFFFFFFFF else
                                     UadpPubidType.UINT64)
        self.publisher_id_type = None if publisher_id_type is None else \
            UadpPubidType(publisher_id_type)
        self.dataset_class_id = dataset_class_id
        self.writer_group_id = writer_group_id
        self.group_version = group_version
        self.network_message_number = network_message_number
        self.sequence_number = sequence_number
        self.timestamp = timestamp
        self.picoseconds = picoseconds
        self.security = None if security is None else tuple(security)
        self.promoted_fields = [Variant.of(v) for v in promoted_fields]
        self.flags = flags


# ---- building -----------------------------------------------------------------------------

def _opt(v, default=0):
    return default if v is None else v


def _build(m, h, nm, tmp):
    """Fill the C handle ``m`` from ``nm``. ``tmp`` is a scratch ua container."""
    lib = _ffi.lib
    if not isinstance(nm, NetworkMessage):
        raise TypeError("expected a NetworkMessage, not %s" % type(nm).__name__)
    lib.liion_uadp_msg_reset(m)
    if nm.publisher_id is not None:
        if nm.publisher_id_type == UadpPubidType.STRING:
            s = nm.publisher_id.encode("utf-8") if isinstance(nm.publisher_id, str) \
                else bytes(nm.publisher_id)
            _check(lib.liion_uadp_msg_set_publisher_id(m, int(nm.publisher_id_type), 0, s,
                                                       len(s)), h)
        else:
            _check(lib.liion_uadp_msg_set_publisher_id(
                m, int(nm.publisher_id_type), u64("publisher_id", nm.publisher_id), None, 0), h)
    if nm.dataset_class_id is not None:
        g = nm.dataset_class_id
        g = g.bytes_le if isinstance(g, uuid.UUID) else bytes(g)
        if len(g) != 16:
            raise LiionValueError(Status.INVALID_ARG, "dataset_class_id must be 16 bytes")
        _check(lib.liion_uadp_msg_set_dataset_class_id(m, g), h)
    which = 0
    for bit, v in ((NM_WRITER_GROUP_ID, nm.writer_group_id),
                   (NM_GROUP_VERSION, nm.group_version),
                   (NM_NETWORK_MESSAGE_NUMBER, nm.network_message_number),
                   (NM_SEQUENCE_NUMBER, nm.sequence_number)):
        if v is not None:
            which |= bit
    if which:
        _check(lib.liion_uadp_msg_set_group(
            m, which, u16("writer_group_id", _opt(nm.writer_group_id)),
            u32("group_version", _opt(nm.group_version)),
            u16("network_message_number", _opt(nm.network_message_number)),
            u16("sequence_number", _opt(nm.sequence_number))), h)
    if nm.timestamp is not None:
        _check(lib.liion_uadp_msg_set_timestamp(m, nm.timestamp), h)
    if nm.picoseconds is not None:
        _check(lib.liion_uadp_msg_set_picoseconds(m, u16("picoseconds", nm.picoseconds)), h)
    if nm.security is not None:
        flags, token, nonce = nm.security
        nonce = bytes(nonce or b"")
        _check(lib.liion_uadp_msg_set_security(m, u32("security flags", flags),
                                               u32("token_id", token), nonce or None,
                                               len(nonce)), h)
    for var in nm.promoted_fields:
        _set_variant(tmp[0], h, var, tmp[1])
        _check(lib.liion_uadp_msg_add_promoted(m, lib.liion_ua_value_variant(tmp[0])), h)
    for dsm in nm.messages:
        _build_dsm(m, h, dsm, tmp)
    extra = 0 if nm.flags is None else u32("flags", nm.flags)
    if len(nm.messages) > 1:
        extra |= NM_PAYLOAD_HEADER  # required to carry several DataSetMessages
    if extra:
        _check(lib.liion_uadp_msg_set_flags(m, lib.liion_uadp_msg_flags(m) | extra), h)


def _build_dsm(m, h, dsm, tmp):
    lib = _ffi.lib
    if not isinstance(dsm, DataSetMessage):
        raise TypeError("messages must be DataSetMessage, not %s" % type(dsm).__name__)
    _check(lib.liion_uadp_msg_add_dsm(m, dsm.writer_id, int(dsm.encoding), int(dsm.type)), h)
    which = 0
    for bit, v in ((DSM_SEQUENCE_NUMBER, dsm.sequence_number), (DSM_STATUS, dsm.status),
                   (DSM_CONFIG_MAJOR, dsm.config_major), (DSM_CONFIG_MINOR, dsm.config_minor),
                   (DSM_TIMESTAMP, dsm.timestamp), (DSM_PICOSECONDS, dsm.picoseconds)):
        if v is not None:
            which |= bit
    if which:
        _check(lib.liion_uadp_dsm_set_header(
            m, which, u16("sequence_number", _opt(dsm.sequence_number)),
            u16("status", _opt(dsm.status)), u32("config_major", _opt(dsm.config_major)),
            u32("config_minor", _opt(dsm.config_minor)), _opt(dsm.timestamp),
            u16("picoseconds", _opt(dsm.picoseconds))), h)
    last = lib.liion_uadp_msg_dsm_count(m) - 1
    flags = lib.liion_uadp_dsm_flags(m, last)
    want = flags if dsm.valid else flags & ~DSM_VALID
    if dsm.flags is not None:
        want |= dsm.flags & ~DSM_VALID
    if want != flags:
        _check(lib.liion_uadp_dsm_set_flags(m, want), h)
    for index, val in dsm.fields.items():
        if isinstance(val, DataValue):
            _set_datavalue(tmp[0], h, val, tmp[1])
            view = _ffi.UaDataValueP()
            _check(lib.liion_ua_variant_get_datavalue(lib.liion_ua_value_variant(tmp[0]), 0,
                                                      byref(view)), h)
            _check(lib.liion_uadp_dsm_add_datavalue(m, index, view), h)
        else:
            _set_variant(tmp[0], h, val, tmp[1])
            _check(lib.liion_uadp_dsm_add_variant(m, index, lib.liion_ua_value_variant(tmp[0])),
                   h)


# ---- reading ------------------------------------------------------------------------------

def _read(m, h, raw_types=None):
    lib = _ffi.lib
    flags = lib.liion_uadp_msg_flags(m)
    nm = NetworkMessage(flags=flags)
    if flags & NM_PUBLISHER_ID:
        t = ctypes.c_int()
        num = c_uint64()
        p = c_void_p()
        n = c_size_t()
        _check(lib.liion_uadp_msg_publisher_id(m, byref(t), byref(num), byref(p), byref(n)), h)
        nm.publisher_id_type = UadpPubidType(t.value)
        nm.publisher_id = (string_at(p.value, n.value).decode("utf-8", "replace")
                           if t.value == UadpPubidType.STRING else num.value)
    if flags & NM_DATASET_CLASS_ID:
        g = ctypes.create_string_buffer(16)
        _check(lib.liion_uadp_msg_dataset_class_id(m, g), h)
        nm.dataset_class_id = uuid.UUID(bytes_le=g.raw)
    if flags & NM_WRITER_GROUP_ID:
        nm.writer_group_id = lib.liion_uadp_msg_writer_group_id(m)
    if flags & NM_GROUP_VERSION:
        nm.group_version = lib.liion_uadp_msg_group_version(m)
    if flags & NM_NETWORK_MESSAGE_NUMBER:
        nm.network_message_number = lib.liion_uadp_msg_network_message_number(m)
    if flags & NM_SEQUENCE_NUMBER:
        nm.sequence_number = lib.liion_uadp_msg_sequence_number(m)
    if flags & NM_TIMESTAMP:
        nm.timestamp = lib.liion_uadp_msg_timestamp(m)
    if flags & NM_PICOSECONDS:
        nm.picoseconds = lib.liion_uadp_msg_picoseconds(m)
    if flags & NM_SECURITY:
        sf, tok, p, n = c_uint32(), c_uint32(), c_void_p(), c_size_t()
        _check(lib.liion_uadp_msg_security(m, byref(sf), byref(tok), byref(p), byref(n)), h)
        nm.security = (sf.value, tok.value, string_at(p.value, n.value))
    nm.promoted_fields = [_read_variant(lib.liion_uadp_msg_promoted(m, i))
                          for i in range(lib.liion_uadp_msg_promoted_count(m))]
    for i in range(lib.liion_uadp_msg_dsm_count(m)):
        nm.messages.append(_read_dsm(m, h, i, raw_types))
    return nm


def _read_dsm(m, h, i, raw_types):
    lib = _ffi.lib
    f = lib.liion_uadp_dsm_flags(m, i)
    enc = UadpEncoding(lib.liion_uadp_dsm_encoding(m, i))
    dsm = DataSetMessage(lib.liion_uadp_dsm_writer_id(m, i), (), enc,
                         UadpDsmType(lib.liion_uadp_dsm_type_of(m, i)), bool(f & DSM_VALID),
                         flags=f)
    for bit, attr, fn in ((DSM_SEQUENCE_NUMBER, "sequence_number",
                           lib.liion_uadp_dsm_sequence_number),
                          (DSM_STATUS, "status", lib.liion_uadp_dsm_status),
                          (DSM_CONFIG_MAJOR, "config_major", lib.liion_uadp_dsm_config_major),
                          (DSM_CONFIG_MINOR, "config_minor", lib.liion_uadp_dsm_config_minor),
                          (DSM_TIMESTAMP, "timestamp", lib.liion_uadp_dsm_timestamp),
                          (DSM_PICOSECONDS, "picoseconds", lib.liion_uadp_dsm_picoseconds)):
        if f & bit:
            setattr(dsm, attr, fn(m, i))
    if enc == UadpEncoding.RAWDATA:
        types = raw_types
        if isinstance(raw_types, dict):
            types = raw_types.get(dsm.writer_id)
        if types is None:
            p, n = c_void_p(), c_size_t()
            _check(lib.liion_uadp_dsm_raw(m, i, byref(p), byref(n)), h)
            dsm.raw = string_at(p.value, n.value)
            return dsm
        arr = (ctypes.c_int * max(len(types), 1))(*[int(UaType(t)) for t in types])
        _check(lib.liion_uadp_dsm_decode_raw(m, i, arr, len(types)), h)
    for j in range(lib.liion_uadp_dsm_field_count(m, i)):
        idx = lib.liion_uadp_dsm_field_index(m, i, j)
        if enc == UadpEncoding.DATAVALUE:
            dsm.fields[idx] = _read_datavalue(lib.liion_uadp_dsm_field_datavalue(m, i, j))
        else:
            dsm.fields[idx] = _read_variant(lib.liion_uadp_dsm_field_variant(m, i, j))
    return dsm


class Decoder(_Handle):
    """One reusable C UADP handle (``liion_uadp_msg``) for encoding and decoding message
    after message. Shares the context's lock; close it or use ``with``."""

    def __init__(self, ctx=None):
        ctx = ctx_or_default(ctx)
        super().__init__(lock=ctx._lock)
        lib = _ffi.lib
        with ctx._lock:
            h = ctx._handle()
            m = _ffi.UadpMsgP()
            _check(lib.liion_uadp_msg_new(byref(m), h), h)
            tmp = _ffi.UaValueP()
            st = lib.liion_ua_value_new(byref(tmp), h)
            if st:
                lib.liion_uadp_msg_free(m)
                _check(st, h)
        self._ctx = ctx
        self._tmp = tmp
        self._adopt(m, _free_pair(tmp), ctx)
        ctx._dependents.add(self)

    def _scratch(self):
        h = self._ctx._handle()

        def new():
            out = _ffi.UaValueP()
            _check(_ffi.lib.liion_ua_value_new(byref(out), h), h)
            return out
        return (self._tmp, new)

    def decode(self, data, raw_types=None):
        """The :class:`NetworkMessage` in ``data``. ``raw_types`` maps a writer id to the
        list of :class:`~liion.UaType` of its RawData fields. Raises LiionDecodeError (with
        the byte offset) or LiionUnsupportedError (chunked, secured or discovery messages)."""
        p, n = in_bytes(data)
        with self._lock:
            m = self._handle()
            h = self._ctx._handle()
            _check(_ffi.lib.liion_uadp_msg_decode(m, p, n), h)
            return _read(m, h, raw_types)

    def encode(self, nm):
        """The bytes of :class:`NetworkMessage` ``nm``."""
        with self._lock:
            m = self._handle()
            h = self._ctx._handle()
            try:
                _build(m, h, nm, self._scratch())
                size = c_size_t()
                _check(_ffi.lib.liion_uadp_msg_encoded_size(m, byref(size)), h)
                return encode_into(lambda b, cap, w: _ffi.lib.liion_uadp_msg_encode(
                    m, b, cap, w), h, size=size.value)
            finally:
                _ffi.lib.liion_uadp_msg_reset(m)
                _ffi.lib.liion_ua_value_reset(self._tmp)


def _free_pair(tmp):
    lib = _ffi.lib

    def free(m):
        lib.liion_uadp_msg_free(m)
        lib.liion_ua_value_free(tmp)
    return free


def encode(nm, ctx=None):
    """The UADP bytes of a :class:`NetworkMessage`."""
    with Decoder(ctx) as d:
        return d.encode(nm)


def decode(data, ctx=None, raw_types=None):
    """The :class:`NetworkMessage` in ``data`` (see :meth:`Decoder.decode`)."""
    with Decoder(ctx) as d:
        return d.decode(data, raw_types)
