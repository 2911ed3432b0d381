"""The one module that touches the shared library.

It finds and loads libliion, declares ``argtypes``/``restype`` for every exported C function
in one table (:data:`_PROTOTYPES`), mirrors the public C structs and macros, and refuses a
library whose major version is not the one this package was written for.

Without declared prototypes ctypes assumes every function takes and returns ``int``, which
truncates 64-bit pointers and ``uint64_t`` values; so no code outside this module calls a
function that is not in the table (``lib`` only exposes what the table declares).

Library lookup, first hit wins:

1. the ``LIION_LIBRARY`` environment variable, a path to ``libliion.so.*``. When it is set
   it is the only candidate: a typo there must fail loudly, not quietly load some other copy;
2. a ``libliion.so*`` (``libliion*.dylib``, ``liion*.dll``) inside this package's directory;
3. ``ctypes.util.find_library("liion")`` (the system linker path).

Adding a module: add its prototypes as a new section of ``_PROTOTYPES``, its handle types and
structs next to the existing ones, its enums to ``_enums.py``, and a wrapper file.
"""

import ctypes
import ctypes.util
import glob
import os
from ctypes import (CFUNCTYPE, POINTER, c_char_p, c_int, c_uint, c_uint32, c_uint64,
                    c_size_t, c_void_p)

__all__ = [
    "ABI_MAJOR", "ABI_MINOR", "LIBRARY_ENV", "lib", "library_path",
    "CtxP", "Allocator", "CtxOptions", "LogFn", "AllocFn", "ReallocFn", "FreeFn",
    "OFFSET_NONE", "DEFAULT_MAX_DEPTH", "DEFAULT_MAX_ITEMS", "DEFAULT_MAX_MESSAGE_BYTES",
]

#: Major version of the C library this package was written for; another major is refused.
ABI_MAJOR = 0
#: While the major is 0 a minor release may break the ABI, so the minor must match too.
ABI_MINOR = 1

#: Environment variable naming the shared library to load.
LIBRARY_ENV = "LIION_LIBRARY"

# ---- C scalar types ------------------------------------------------------------------------
# The C enums are pinned to 32 bits (the *__FORCE_INT32 members), so they travel as int.
status_t = c_int      # liion_status
limit_t = c_int       # liion_limit
log_level_t = c_int   # liion_log_level

# ---- macros (liion/ctx.h) ------------------------------------------------------------------
#: liion_ctx_error_offset() value when the last error has no byte offset: (size_t)-1.
OFFSET_NONE = c_size_t(-1).value
DEFAULT_MAX_DEPTH = 100
DEFAULT_MAX_ITEMS = 1000000
DEFAULT_MAX_MESSAGE_BYTES = 32 * 1024 * 1024

# ---- typed opaque handles ------------------------------------------------------------------
# A distinct POINTER type per handle: passing the wrong kind of handle raises
# ctypes.ArgumentError in Python instead of crashing in C.


class _Ctx(ctypes.Structure):
    """``struct liion_ctx`` (opaque)."""


CtxP = POINTER(_Ctx)

# ---- callbacks and structs (liion/common.h, liion/ctx.h) -----------------------------------

#: ``void *(*alloc)(void *user, size_t size)``
AllocFn = CFUNCTYPE(c_void_p, c_void_p, c_size_t)
#: ``void *(*realloc)(void *user, void *ptr, size_t old_size, size_t new_size)``
ReallocFn = CFUNCTYPE(c_void_p, c_void_p, c_void_p, c_size_t, c_size_t)
#: ``void (*free)(void *user, void *ptr, size_t size)``
FreeFn = CFUNCTYPE(None, c_void_p, c_void_p, c_size_t)
#: ``liion_log_fn``: ``void (*)(void *user, liion_log_level level, const char *msg)``
LogFn = CFUNCTYPE(None, c_void_p, log_level_t, c_char_p)


class Allocator(ctypes.Structure):
    """Mirror of ``liion_allocator``; set ``struct_size = ctypes.sizeof(Allocator)``."""

    _fields_ = [
        ("struct_size", c_uint32),
        ("reserved", c_uint32),
        ("alloc", AllocFn),
        ("realloc", ReallocFn),
        ("free", FreeFn),
        ("user", c_void_p),
    ]


class CtxOptions(ctypes.Structure):
    """Mirror of ``liion_ctx_options`` (field order and types exactly as in ctx.h).

    Initialise with ``lib.liion_ctx_options_init(byref(o), ctypes.sizeof(o))`` so that
    ``struct_size`` is the size Python lays out, never a hard-coded number.
    """

    _fields_ = [
        ("struct_size", c_uint32),
        ("flags", c_uint32),
        ("allocator", POINTER(Allocator)),
        ("max_memory", c_uint64),
        ("max_depth", c_uint64),
        ("max_items", c_uint64),
        ("max_message_bytes", c_uint64),
        ("log", LogFn),
        ("log_user", c_void_p),
        ("log_level", c_uint32),
        ("reserved", c_uint32),
    ]


# ---- liion/opcua.h: the value container and its borrowed views ------------------------------


class _UaValue(ctypes.Structure):
    """``struct liion_ua_value`` (opaque, owned: free with liion_ua_value_free)."""


class _UaVariant(ctypes.Structure):
    """``struct liion_ua_variant`` (opaque borrowed view)."""


class _UaDataValue(ctypes.Structure):
    """``struct liion_ua_datavalue`` (opaque borrowed view)."""


class _UaNodeId(ctypes.Structure):
    """``struct liion_ua_nodeid`` (opaque borrowed view)."""


class _UaExpandedNodeId(ctypes.Structure):
    """``struct liion_ua_expandednodeid`` (opaque borrowed view)."""


class _UaExtObj(ctypes.Structure):
    """``struct liion_ua_extobj`` (opaque borrowed view)."""


class _UaDiagInfo(ctypes.Structure):
    """``struct liion_ua_diaginfo`` (opaque borrowed view)."""


UaValueP = POINTER(_UaValue)
UaVariantP = POINTER(_UaVariant)
UaDataValueP = POINTER(_UaDataValue)
UaNodeIdP = POINTER(_UaNodeId)
UaExpandedNodeIdP = POINTER(_UaExpandedNodeId)
UaExtObjP = POINTER(_UaExtObj)
UaDiagInfoP = POINTER(_UaDiagInfo)
ua_type_t = c_int     # liion_ua_type
ua_id_type_t = c_int  # liion_ua_id_type


# ---- liion/uadp.h: the UADP NetworkMessage handle ------------------------------------------


class _UadpMsg(ctypes.Structure):
    """``struct liion_uadp_msg`` (opaque, owned: free with liion_uadp_msg_free)."""


UadpMsgP = POINTER(_UadpMsg)
uadp_enum_t = c_int  # liion_uadp_pubid_type / liion_uadp_encoding / liion_uadp_dsm_type


# ---- liion/hsms.h and liion/secs1.h: framing handles and header records --------------------


class _HsmsStream(ctypes.Structure):
    """``struct liion_hsms_stream`` (opaque)."""


HsmsStreamP = POINTER(_HsmsStream)


class _Secs1Reasm(ctypes.Structure):
    """``struct liion_secs1_reasm`` (opaque)."""


Secs1ReasmP = POINTER(_Secs1Reasm)


class HsmsHeader(ctypes.Structure):
    """Mirror of ``liion_hsms_header``; set ``struct_size = ctypes.sizeof(HsmsHeader)``."""

    _fields_ = [
        ("struct_size", c_uint32),
        ("flags", c_uint32),
        ("system_bytes", c_uint32),
        ("session_id", ctypes.c_uint16),
        ("stype", ctypes.c_uint8),
        ("ptype", ctypes.c_uint8),
        ("stream", ctypes.c_uint8),
        ("function", ctypes.c_uint8),
        ("wbit", ctypes.c_uint8),
        ("status", ctypes.c_uint8),
        ("reject_type", ctypes.c_uint8),
        ("reserved", ctypes.c_uint8 * 3),
    ]


class Secs1Header(ctypes.Structure):
    """Mirror of ``liion_secs1_header``; set ``struct_size = ctypes.sizeof(Secs1Header)``."""

    _fields_ = [
        ("struct_size", c_uint32),
        ("system_bytes", c_uint32),
        ("device_id", ctypes.c_uint16),
        ("block_number", ctypes.c_uint16),
        ("rbit", ctypes.c_uint8),
        ("wbit", ctypes.c_uint8),
        ("ebit", ctypes.c_uint8),
        ("stream", ctypes.c_uint8),
        ("function", ctypes.c_uint8),
        ("reserved", ctypes.c_uint8 * 3),
    ]


# ---- liion/gem.h: HSMS session handle, options and event records ---------------------------


class _Hsms(ctypes.Structure):
    """``struct liion_hsms`` (opaque)."""


HsmsP = POINTER(_Hsms)


class HsmsOptions(ctypes.Structure):
    """Mirror of ``liion_hsms_options``; set ``struct_size = ctypes.sizeof(HsmsOptions)``."""

    _fields_ = [
        ("struct_size", c_uint32),
        ("role", c_uint32),
        ("session_id", c_uint32),
        ("flags", c_uint32),
        ("t3_ms", c_uint32),
        ("t5_ms", c_uint32),
        ("t6_ms", c_uint32),
        ("t7_ms", c_uint32),
        ("t8_ms", c_uint32),
        ("linktest_ms", c_uint32),
    ]


class HsmsEvent(ctypes.Structure):
    """Mirror of ``liion_hsms_event``; set ``struct_size = ctypes.sizeof(HsmsEvent)``."""

    _fields_ = [
        ("struct_size", c_uint32),
        ("type", c_uint32),
        ("state", c_uint32),
        ("prev_state", c_uint32),
        ("code", c_uint32),
        ("status", c_uint32),
        ("user_tag", c_uint64),
        ("offset", c_uint64),
        ("system_bytes", c_uint32),
        ("session_id", ctypes.c_uint16),
        ("stype", ctypes.c_uint8),
        ("stream", ctypes.c_uint8),
        ("function", ctypes.c_uint8),
        ("wbit", ctypes.c_uint8),
        ("reserved", ctypes.c_uint8 * 6),
        ("body", c_void_p),
        ("body_len", c_size_t),
    ]


class _GemControl(ctypes.Structure):
    """``struct liion_gem_control`` (opaque)."""


class _GemComm(ctypes.Structure):
    """``struct liion_gem_comm`` (opaque)."""


GemControlP = POINTER(_GemControl)
GemCommP = POINTER(_GemComm)


# ---- liion/secs.h: SECS-II item and message handles ----------------------------------------


class _SecsItem(ctypes.Structure):
    """``struct liion_secs_item`` (opaque)."""


class _SecsMsg(ctypes.Structure):
    """``struct liion_secs_msg`` (opaque)."""


SecsItemP = POINTER(_SecsItem)
SecsMsgP = POINTER(_SecsMsg)
secs_format_t = c_int  # liion_secs_format
#: liion_secs_item_to_sml() / liion_secs_msg_to_sml() flag
SECS_SML_COMPACT = 1


# ---- liion/gem_report.h: GEM event report table ---------------------------------------------


class _GemReports(ctypes.Structure):
    """``struct liion_gem_reports`` (opaque)."""


GemReportsP = POINTER(_GemReports)
#: liion_gem_vid_fn: value of a VID for liion_gem_reports_s6f11_encode() (borrowed item or NULL).
#: The result is declared c_void_p (the item's address, or None): ctypes cannot make a Python
#: callback that returns a POINTER type.
GemVidFn = CFUNCTYPE(c_void_p, c_void_p, c_uint32)
#: liion_gem_value_fn: one value of a parsed S6F11
GemValueFn = CFUNCTYPE(status_t, c_void_p, c_uint32, c_uint32, SecsItemP)

# ---- liion/gem300.h: E40 process job and E94 control job handles ---------------------------


class _E40Job(ctypes.Structure):
    """``struct liion_e40_job`` (opaque)."""


E40JobP = POINTER(_E40Job)


class _E94Job(ctypes.Structure):
    """``struct liion_e94_job`` (opaque)."""


E94JobP = POINTER(_E94Job)


class _E87Port(ctypes.Structure):
    """``struct liion_e87_port`` (opaque)."""


E87PortP = POINTER(_E87Port)

#: entries of the transitions array liion_e87_port_apply() fills
E87_MAX_TRANSITIONS = 3

#: liion_e40_job_new() / liion_e94_job_new() flag
E40_AUTO_START = 1
E94_AUTO_START = 1


class _E87Carrier(ctypes.Structure):
    """``struct liion_e87_carrier`` (opaque)."""


E87CarrierP = POINTER(_E87Carrier)


class _E90Substrate(ctypes.Structure):
    """``struct liion_e90_substrate`` (opaque)."""


E90SubstrateP = POINTER(_E90Substrate)


class _E90Location(ctypes.Structure):
    """``struct liion_e90_location`` (opaque)."""


E90LocationP = POINTER(_E90Location)


class _Gem300Msg(ctypes.Structure):
    """``struct liion_gem300_msg`` (opaque): a decoded S3F17/F18, S14F9/F10, S16F5/F6, S16F11/F12."""


Gem300MsgP = POINTER(_Gem300Msg)

#: entries of the transitions arrays of liion_e87_carrier_new() / liion_e90_substrate_new()
E87_CARRIER_NEW_TRANSITIONS = 4
E90_SUBSTRATE_NEW_TRANSITIONS = 3
#: most slots of an E87 slot map
E87_MAX_SLOTS = 1024


# ---- liion/plant.h: plant and query-result handles ------------------------------------------


class _Plant(ctypes.Structure):
    """``struct liion_plant`` (opaque)."""


class _Trace(ctypes.Structure):
    """``struct liion_trace`` (opaque)."""


class _PlantCursor(ctypes.Structure):
    """``struct liion_plant_cursor`` (opaque)."""


PlantP = POINTER(_Plant)
TraceP = POINTER(_Trace)
PlantCursorP = POINTER(_PlantCursor)
c_double = ctypes.c_double
c_int64 = ctypes.c_int64
#: LIION_PLANT_NONE: "no object" index
PLANT_NONE = 0xFFFFFFFF
#: liion_plant_trace_forward() flag
TRACE_TERMINAL_ONLY = 1
#: liion_plant_roll_link() flags
ROLL_REVERSED = 1
ROLL_LANE = 2


# ---- liion/store.h: durable plant store ----------------------------------------------------


class _Store(ctypes.Structure):
    """``struct liion_store`` (opaque)."""


StoreP = POINTER(_Store)
#: liion_store_durability
STORE_GROUP = 0
STORE_FULL = 1
STORE_NONE = 2
#: liion_store_open() flags
STORE_READ_ONLY = 1
STORE_NO_AUTO_COMPACT = 2
#: liion_store_write_fn: sink of liion_store_export_cbor_seq()
StoreWriteFn = CFUNCTYPE(status_t, c_void_p, c_void_p, c_size_t)


class StoreOptions(ctypes.Structure):
    """Mirror of ``liion_store_options``; set ``struct_size = ctypes.sizeof(StoreOptions)``."""

    _fields_ = [
        ("struct_size", c_uint32),
        ("flags", c_uint32),
        ("durability", c_uint32),
        ("group_records", c_uint32),
        ("group_ms", c_uint32),
        ("buffer_bytes", c_uint32),
        ("compact_bytes", c_uint64),
    ]


# ---- liion/spec.h: spec checker and SPC handles, result records -----------------------------


class _SpecLimits(ctypes.Structure):
    """``struct liion_spec_limits`` (opaque)."""


class _SpecResult(ctypes.Structure):
    """``struct liion_spec_result`` (opaque)."""


class _SpcStats(ctypes.Structure):
    """``struct liion_spc_stats`` (opaque)."""


class _SpcChart(ctypes.Structure):
    """``struct liion_spc_chart`` (opaque)."""


SpecLimitsP = POINTER(_SpecLimits)
SpecResultP = POINTER(_SpecResult)
SpcStatsP = POINTER(_SpcStats)
SpcChartP = POINTER(_SpcChart)


class SpecLimitInfo(ctypes.Structure):
    """Mirror of ``liion_spec_limit_info``; set ``struct_size = ctypes.sizeof(SpecLimitInfo)``."""

    _fields_ = [
        ("struct_size", c_uint32),
        ("kind", c_int),
        ("param", c_char_p),
        ("unit", c_char_p),
        ("a", ctypes.c_double),
        ("b", ctypes.c_double),
        ("lo", ctypes.c_double),
        ("hi", ctypes.c_double),
        ("advisory_lo", ctypes.c_double),
        ("advisory_hi", ctypes.c_double),
    ]


class SpecViolation(ctypes.Structure):
    """Mirror of ``liion_spec_violation``; set ``struct_size = ctypes.sizeof(SpecViolation)``."""

    _fields_ = [
        ("struct_size", c_uint32),
        ("severity", c_int),
        ("side", c_int),
        ("reserved", c_uint32),
        ("index", c_uint64),
        ("value", ctypes.c_double),
        ("limit", ctypes.c_double),
        ("param", c_char_p),
        ("unit", c_char_p),
        ("where", c_char_p),
    ]


class VisionReport(ctypes.Structure):
    """Mirror of ``liion_vision_report``; set ``struct_size = ctypes.sizeof(VisionReport)``."""

    _fields_ = [
        ("struct_size", c_uint32),
        ("verdict", c_int),
        ("defects", c_uint64),
        ("goods", c_uint64),
        ("recall", ctypes.c_double),
        ("recall_lo", ctypes.c_double),
        ("frr", ctypes.c_double),
        ("frr_hi", ctypes.c_double),
    ]


# ---- liion/spec_plant.h: spec results attached to plant objects ----------------------------


class _SpecRegistry(ctypes.Structure):
    """``struct liion_spec_registry`` (opaque)."""


class _SpecSelection(ctypes.Structure):
    """``struct liion_spec_selection`` (opaque)."""


SpecRegistryP = POINTER(_SpecRegistry)
SpecSelectionP = POINTER(_SpecSelection)

#: longest parameter label liion_spec_registry_attach() accepts
SPEC_MAX_PARAM_BYTES = 256


class SpecRecordInfo(ctypes.Structure):
    """Mirror of ``liion_spec_record_info``; set ``struct_size = ctypes.sizeof(SpecRecordInfo)``."""

    _fields_ = [
        ("struct_size", c_uint32),
        ("kind", c_int),
        ("index", c_uint32),
        ("limits_version", c_uint32),
        ("limits_owner", c_char_p),
        ("param", c_char_p),
        ("unit", c_char_p),
        ("time", c_int64),
        ("checked", c_uint64),
        ("failed", c_uint64),
        ("warned", c_uint64),
        ("dropped", c_uint64),
        ("violations", c_uint64),
    ]


# ---- liion/ingest.h: mapping and ingest handles --------------------------------------------


class _IngestMap(ctypes.Structure):
    """``struct liion_ingest_map`` (opaque)."""


class _Ingest(ctypes.Structure):
    """``struct liion_ingest`` (opaque)."""


IngestMapP = POINTER(_IngestMap)
IngestP = POINTER(_Ingest)
#: liion_ingest_machine values
INGEST_E40 = 1
INGEST_E87 = 2


# ---- liion/export.h: export document and builder handles -----------------------------------


class _ExportDoc(ctypes.Structure):
    """``struct liion_export_doc`` (opaque)."""


class _Un38(ctypes.Structure):
    """``struct liion_un38`` (opaque)."""


class _Formation(ctypes.Structure):
    """``struct liion_formation`` (opaque)."""


class _Dossier(ctypes.Structure):
    """``struct liion_dossier`` (opaque)."""


ExportDocP = POINTER(_ExportDoc)
Un38P = POINTER(_Un38)
FormationP = POINTER(_Formation)
DossierP = POINTER(_Dossier)


class _Iec62660(ctypes.Structure):
    """``struct liion_iec62660`` (opaque)."""


Iec62660P = POINTER(_Iec62660)


class _Passport(ctypes.Structure):
    """``struct liion_passport`` (opaque)."""


PassportP = POINTER(_Passport)
#: liion_export_format values and flags
EXPORT_CBOR = 1
EXPORT_JSON = 2
EXPORT_MARKDOWN = 3
EXPORT_ZLIB = 1
EXPORT_SHA256_BYTES = 32
SERIES_AGGREGATED = 1


# ---- the prototype table: EVERY exported function, one section per public header ----------
# (name, restype, argtypes)

_PROTOTYPES = (
    # liion/common.h
    ("liion_status_str", c_char_p, (status_t,)),

    # liion/version.h
    ("liion_version_number", c_uint, ()),
    ("liion_version_string", c_char_p, ()),

    # liion/ctx.h
    ("liion_ctx_options_init", status_t, (POINTER(CtxOptions), c_uint32)),
    ("liion_ctx_new", status_t, (POINTER(CtxP), POINTER(CtxOptions))),
    ("liion_ctx_free", None, (CtxP,)),
    ("liion_ctx_errmsg", c_char_p, (CtxP,)),
    ("liion_ctx_errcode", status_t, (CtxP,)),
    ("liion_ctx_error_offset", c_size_t, (CtxP,)),
    ("liion_ctx_set_limit", status_t, (CtxP, limit_t, c_uint64)),
    ("liion_ctx_get_limit", c_uint64, (CtxP, limit_t)),
    ("liion_ctx_set_log", status_t, (CtxP, log_level_t, LogFn, c_void_p)),
    ("liion_ctx_memory_used", c_uint64, (CtxP,)),
    ("liion_ctx_memory_peak", c_uint64, (CtxP,)),

    # liion/hsms.h (enums travel as int)
    ("liion_hsms_stype_str", c_char_p, (c_int,)),
    ("liion_hsms_select_status_str", c_char_p, (c_int,)),
    ("liion_hsms_deselect_status_str", c_char_p, (c_int,)),
    ("liion_hsms_reject_reason_str", c_char_p, (c_int,)),
    ("liion_hsms_frame_size", c_size_t, (c_size_t,)),
    ("liion_hsms_encode", status_t,
     (c_void_p, c_size_t, POINTER(c_size_t), CtxP, POINTER(HsmsHeader), c_void_p, c_size_t)),
    ("liion_hsms_encode_data", status_t,
     (c_void_p, c_size_t, POINTER(c_size_t), CtxP, ctypes.c_uint16, ctypes.c_uint8,
      ctypes.c_uint8, ctypes.c_uint8, c_uint32, c_void_p, c_size_t)),
    ("liion_hsms_encode_control", status_t,
     (c_void_p, c_size_t, POINTER(c_size_t), CtxP, c_int, ctypes.c_uint16, c_uint32,
      ctypes.c_uint8, ctypes.c_uint8)),
    ("liion_hsms_encode_reject", status_t,
     (c_void_p, c_size_t, POINTER(c_size_t), CtxP, POINTER(HsmsHeader), c_int)),
    ("liion_hsms_header_encode", status_t,
     (c_void_p, c_size_t, POINTER(c_size_t), CtxP, POINTER(HsmsHeader))),
    ("liion_hsms_header_decode", status_t,
     (POINTER(HsmsHeader), CtxP, c_void_p, c_size_t, c_uint32)),
    ("liion_hsms_frame_decode", status_t,
     (POINTER(HsmsHeader), POINTER(c_void_p), POINTER(c_size_t), CtxP, c_void_p, c_size_t,
      c_uint32)),
    ("liion_hsms_stream_new", status_t, (POINTER(HsmsStreamP), CtxP, c_uint32)),
    ("liion_hsms_stream_free", None, (HsmsStreamP,)),
    ("liion_hsms_stream_set_session_id", status_t, (HsmsStreamP, ctypes.c_int32)),
    ("liion_hsms_stream_feed", status_t,
     (POINTER(c_size_t), HsmsStreamP, c_void_p, c_size_t)),
    ("liion_hsms_stream_ready", c_int, (HsmsStreamP,)),
    ("liion_hsms_stream_frame", status_t,
     (POINTER(HsmsHeader), POINTER(c_void_p), POINTER(c_size_t), HsmsStreamP)),
    ("liion_hsms_stream_offset", c_uint64, (HsmsStreamP,)),
    ("liion_hsms_stream_pending", c_size_t, (HsmsStreamP,)),
    ("liion_hsms_stream_broken", c_int, (HsmsStreamP,)),
    ("liion_hsms_stream_reset", None, (HsmsStreamP,)),

    # liion/gem.h (enums travel as int)
    ("liion_hsms_options_init", status_t, (POINTER(HsmsOptions), c_uint32)),
    ("liion_hsms_new", status_t, (POINTER(HsmsP), CtxP, POINTER(HsmsOptions))),
    ("liion_hsms_free", None, (HsmsP,)),
    ("liion_hsms_get_state", c_int, (HsmsP,)),
    ("liion_hsms_connected", status_t, (HsmsP, c_uint64)),
    ("liion_hsms_disconnected", status_t, (HsmsP, c_uint64)),
    ("liion_hsms_connect_time", c_uint64, (HsmsP,)),
    ("liion_hsms_feed", status_t, (HsmsP, c_void_p, c_size_t, c_uint64)),
    ("liion_hsms_tick", status_t, (HsmsP, c_uint64)),
    ("liion_hsms_next_deadline", c_uint64, (HsmsP,)),
    ("liion_hsms_send_data", status_t,
     (POINTER(c_uint32), HsmsP, ctypes.c_uint8, ctypes.c_uint8, ctypes.c_uint8, c_void_p,
      c_size_t, c_uint64, c_uint64)),
    ("liion_hsms_reply", status_t,
     (HsmsP, c_uint32, ctypes.c_uint8, ctypes.c_uint8, c_void_p, c_size_t)),
    ("liion_hsms_send_s9", status_t,
     (POINTER(c_uint32), HsmsP, ctypes.c_uint8, POINTER(HsmsHeader))),
    ("liion_hsms_select", status_t, (HsmsP, c_uint64)),
    ("liion_hsms_deselect", status_t, (HsmsP, c_uint64)),
    ("liion_hsms_linktest", status_t, (HsmsP, c_uint64)),
    ("liion_hsms_separate", status_t, (HsmsP, c_uint64)),
    ("liion_hsms_set_supported", status_t, (HsmsP, ctypes.c_uint8, ctypes.c_uint8, c_int)),
    ("liion_hsms_out_pending", c_size_t, (HsmsP,)),
    ("liion_hsms_out_take", status_t, (c_void_p, c_size_t, POINTER(c_size_t), HsmsP)),
    ("liion_hsms_out_peek", status_t, (POINTER(c_void_p), POINTER(c_size_t), HsmsP)),
    ("liion_hsms_out_consume", status_t, (HsmsP, c_size_t)),
    ("liion_hsms_event_count", c_size_t, (HsmsP,)),
    ("liion_hsms_event_next", status_t, (POINTER(HsmsEvent), HsmsP)),
    ("liion_hsms_open_transactions", c_size_t, (HsmsP,)),
    ("liion_hsms_state_str", c_char_p, (c_int,)),
    ("liion_hsms_event_type_str", c_char_p, (c_int,)),
    ("liion_gem_control_new", status_t, (POINTER(GemControlP), CtxP, c_int, c_uint32)),
    ("liion_gem_control_free", None, (GemControlP,)),
    ("liion_gem_control_get_state", c_int, (GemControlP,)),
    ("liion_gem_control_apply", status_t, (GemControlP, c_int)),
    ("liion_gem_control_on_s1f17", status_t, (POINTER(ctypes.c_uint8), GemControlP)),
    ("liion_gem_control_on_s1f15", status_t, (POINTER(ctypes.c_uint8), GemControlP)),
    ("liion_gem_control_state_str", c_char_p, (c_int,)),
    ("liion_gem_comm_new", status_t, (POINTER(GemCommP), CtxP, c_uint32)),
    ("liion_gem_comm_free", None, (GemCommP,)),
    ("liion_gem_comm_get_state", c_int, (GemCommP,)),
    ("liion_gem_comm_apply", status_t, (GemCommP, c_int)),
    ("liion_gem_comm_state_str", c_char_p, (c_int,)),
    ("liion_gem_s1f13_encode", status_t,
     (c_void_p, c_size_t, POINTER(c_size_t), CtxP, c_char_p, c_size_t, c_char_p, c_size_t)),
    ("liion_gem_s1f14_encode", status_t,
     (c_void_p, c_size_t, POINTER(c_size_t), CtxP, ctypes.c_uint8, c_char_p, c_size_t, c_char_p,
      c_size_t)),
    ("liion_gem_s1f13_decode", status_t, (POINTER(c_int), CtxP, c_void_p, c_size_t)),
    ("liion_gem_s1f14_decode", status_t, (POINTER(ctypes.c_uint8), CtxP, c_void_p, c_size_t)),
    ("liion_gem_ack_encode", status_t,
     (c_void_p, c_size_t, POINTER(c_size_t), CtxP, ctypes.c_uint8)),
    ("liion_gem_ack_decode", status_t, (POINTER(ctypes.c_uint8), CtxP, c_void_p, c_size_t)),

    # liion/gem_report.h
    ("liion_gem_reports_new", status_t, (POINTER(GemReportsP), CtxP)),
    ("liion_gem_reports_free", None, (GemReportsP,)),
    ("liion_gem_reports_add_vid", status_t, (GemReportsP, c_uint32)),
    ("liion_gem_reports_add_ceid", status_t, (GemReportsP, c_uint32)),
    ("liion_gem_reports_report_count", c_size_t, (GemReportsP,)),
    ("liion_gem_reports_report_size", c_size_t, (GemReportsP, c_uint32)),
    ("liion_gem_reports_link_count", c_size_t, (GemReportsP, c_uint32)),
    ("liion_gem_reports_event_enabled", c_int, (GemReportsP, c_uint32)),
    ("liion_gem_reports_on_s2f33", status_t,
     (POINTER(ctypes.c_uint8), GemReportsP, c_void_p, c_size_t)),
    ("liion_gem_reports_on_s2f35", status_t,
     (POINTER(ctypes.c_uint8), GemReportsP, c_void_p, c_size_t)),
    ("liion_gem_reports_on_s2f37", status_t,
     (POINTER(ctypes.c_uint8), GemReportsP, c_void_p, c_size_t)),
    ("liion_gem_s2f33_encode", status_t,
     (c_void_p, c_size_t, POINTER(c_size_t), CtxP, c_uint32, POINTER(c_uint32),
      POINTER(c_size_t), POINTER(c_uint32), c_size_t)),
    ("liion_gem_s2f35_encode", status_t,
     (c_void_p, c_size_t, POINTER(c_size_t), CtxP, c_uint32, POINTER(c_uint32),
      POINTER(c_size_t), POINTER(c_uint32), c_size_t)),
    ("liion_gem_s2f37_encode", status_t,
     (c_void_p, c_size_t, POINTER(c_size_t), CtxP, c_int, POINTER(c_uint32), c_size_t)),
    ("liion_gem_reports_s6f11_encode", status_t,
     (c_void_p, c_size_t, POINTER(c_size_t), GemReportsP, c_uint32, c_uint32, GemVidFn,
      c_void_p)),
    ("liion_gem_reports_s6f11_encode_values", status_t,
     (c_void_p, c_size_t, POINTER(c_size_t), GemReportsP, c_uint32, c_uint32,
      POINTER(c_uint32), POINTER(SecsItemP), c_size_t)),
    ("liion_gem_reports_s6f11_decode", status_t,
     (POINTER(c_uint32), POINTER(c_uint32), GemReportsP, c_void_p, c_size_t, GemValueFn,
      c_void_p)),

    # liion/gem_e30.h (items are borrowed SecsItemP; text outputs are c_void_p + length)
    ("liion_gem_msg_from_event", status_t,
     (SecsMsgP, POINTER(HsmsEvent))),
    ("liion_gem_pair_at", status_t,
     (POINTER(SecsItemP), POINTER(SecsItemP), SecsItemP, c_size_t)),
    ("liion_gem_empty_decode", status_t,
     (CtxP, SecsMsgP, ctypes.c_uint8, ctypes.c_uint8)),
    ("liion_gem_ack_msg_decode", status_t,
     (POINTER(ctypes.c_uint8), CtxP, SecsMsgP, ctypes.c_uint8, ctypes.c_uint8)),
    ("liion_gem_s1f2_encode", status_t,
     (c_void_p, c_size_t, POINTER(c_size_t), CtxP, c_char_p, c_size_t, c_char_p, c_size_t)),
    ("liion_gem_s1f2_decode", status_t,
     (POINTER(c_void_p), POINTER(c_size_t), POINTER(c_void_p), POINTER(c_size_t), CtxP, SecsMsgP)),
    ("liion_gem_s1f3_encode", status_t,
     (c_void_p, c_size_t, POINTER(c_size_t), CtxP, POINTER(SecsItemP), c_size_t)),
    ("liion_gem_s1f3_decode", status_t,
     (POINTER(SecsItemP), POINTER(c_size_t), CtxP, SecsMsgP)),
    ("liion_gem_s1f4_encode", status_t,
     (c_void_p, c_size_t, POINTER(c_size_t), CtxP, POINTER(SecsItemP), c_size_t)),
    ("liion_gem_s1f4_decode", status_t,
     (POINTER(SecsItemP), POINTER(c_size_t), CtxP, SecsMsgP)),
    ("liion_gem_s2f13_encode", status_t,
     (c_void_p, c_size_t, POINTER(c_size_t), CtxP, POINTER(SecsItemP), c_size_t)),
    ("liion_gem_s2f13_decode", status_t,
     (POINTER(SecsItemP), POINTER(c_size_t), CtxP, SecsMsgP)),
    ("liion_gem_s2f14_encode", status_t,
     (c_void_p, c_size_t, POINTER(c_size_t), CtxP, POINTER(SecsItemP), c_size_t)),
    ("liion_gem_s2f14_decode", status_t,
     (POINTER(SecsItemP), POINTER(c_size_t), CtxP, SecsMsgP)),
    ("liion_gem_s7f20_encode", status_t,
     (c_void_p, c_size_t, POINTER(c_size_t), CtxP, POINTER(SecsItemP), c_size_t)),
    ("liion_gem_s7f20_decode", status_t,
     (POINTER(SecsItemP), POINTER(c_size_t), CtxP, SecsMsgP)),
    ("liion_gem_s2f41_encode", status_t,
     (c_void_p, c_size_t, POINTER(c_size_t), CtxP, SecsItemP, POINTER(SecsItemP), POINTER(SecsItemP), c_size_t)),
    ("liion_gem_s2f41_decode", status_t,
     (POINTER(SecsItemP), POINTER(SecsItemP), POINTER(c_size_t), CtxP, SecsMsgP)),
    ("liion_gem_s2f42_encode", status_t,
     (c_void_p, c_size_t, POINTER(c_size_t), CtxP, ctypes.c_uint8, POINTER(SecsItemP), POINTER(ctypes.c_uint8), c_size_t)),
    ("liion_gem_s2f42_decode", status_t,
     (POINTER(ctypes.c_uint8), POINTER(SecsItemP), POINTER(c_size_t), CtxP, SecsMsgP)),
    ("liion_gem_s5f1_encode", status_t,
     (c_void_p, c_size_t, POINTER(c_size_t), CtxP, ctypes.c_uint8, SecsItemP, c_char_p, c_size_t)),
    ("liion_gem_s5f1_decode", status_t,
     (POINTER(ctypes.c_uint8), POINTER(SecsItemP), POINTER(c_void_p), POINTER(c_size_t), CtxP, SecsMsgP)),
    ("liion_gem_s5f3_encode", status_t,
     (c_void_p, c_size_t, POINTER(c_size_t), CtxP, ctypes.c_uint8, SecsItemP)),
    ("liion_gem_s5f3_decode", status_t,
     (POINTER(ctypes.c_uint8), POINTER(SecsItemP), CtxP, SecsMsgP)),
    ("liion_gem_s5f5_encode", status_t, (c_void_p, c_size_t, POINTER(c_size_t), CtxP, SecsItemP)),
    ("liion_gem_s5f5_decode", status_t, (POINTER(SecsItemP), CtxP, SecsMsgP)),
    ("liion_gem_s5f6_encode", status_t,
     (c_void_p, c_size_t, POINTER(c_size_t), CtxP, POINTER(ctypes.c_uint8), POINTER(SecsItemP),
      POINTER(c_char_p), POINTER(c_size_t), c_size_t)),
    ("liion_gem_s5f6_decode", status_t, (POINTER(SecsItemP), POINTER(c_size_t), CtxP, SecsMsgP)),
    ("liion_gem_s2f15_encode", status_t,
     (c_void_p, c_size_t, POINTER(c_size_t), CtxP, POINTER(SecsItemP), POINTER(SecsItemP), c_size_t)),
    ("liion_gem_s2f15_decode", status_t, (POINTER(SecsItemP), POINTER(c_size_t), CtxP, SecsMsgP)),
    ("liion_gem_s2f18_encode", status_t,
     (c_void_p, c_size_t, POINTER(c_size_t), CtxP, c_char_p, c_size_t)),
    ("liion_gem_s2f18_decode", status_t,
     (POINTER(c_void_p), POINTER(c_size_t), CtxP, SecsMsgP)),
    ("liion_gem_s7f1_encode", status_t,
     (c_void_p, c_size_t, POINTER(c_size_t), CtxP, SecsItemP, ctypes.c_uint64)),
    ("liion_gem_s7f1_decode", status_t,
     (POINTER(SecsItemP), POINTER(ctypes.c_uint64), CtxP, SecsMsgP)),
    ("liion_gem_s7f17_encode", status_t,
     (c_void_p, c_size_t, POINTER(c_size_t), CtxP, POINTER(SecsItemP), c_size_t)),
    ("liion_gem_s7f17_decode", status_t, (POINTER(SecsItemP), POINTER(c_size_t), CtxP, SecsMsgP)),
    ("liion_gem_s10f3_encode", status_t,
     (c_void_p, c_size_t, POINTER(c_size_t), CtxP, ctypes.c_uint8, SecsItemP)),
    ("liion_gem_s10f3_decode", status_t,
     (POINTER(ctypes.c_uint8), POINTER(SecsItemP), CtxP, SecsMsgP)),
    ("liion_gem_s5f6_alarm_at", status_t,
     (POINTER(ctypes.c_uint8), POINTER(SecsItemP), POINTER(c_void_p), POINTER(c_size_t),
      SecsItemP, c_size_t)),
    ("liion_gem_s7f3_encode", status_t,
     (c_void_p, c_size_t, POINTER(c_size_t), CtxP, SecsItemP, SecsItemP)),
    ("liion_gem_s7f3_decode", status_t,
     (POINTER(SecsItemP), POINTER(SecsItemP), CtxP, SecsMsgP)),
    ("liion_gem_s7f5_encode", status_t,
     (c_void_p, c_size_t, POINTER(c_size_t), CtxP, SecsItemP)),
    ("liion_gem_s7f5_decode", status_t,
     (POINTER(SecsItemP), CtxP, SecsMsgP)),
    ("liion_gem_s7f6_encode", status_t,
     (c_void_p, c_size_t, POINTER(c_size_t), CtxP, SecsItemP, SecsItemP)),
    ("liion_gem_s7f6_decode", status_t,
     (POINTER(SecsItemP), POINTER(SecsItemP), CtxP, SecsMsgP)),

    # liion/secs1.h
    ("liion_secs1_checksum", ctypes.c_uint16, (c_void_p, c_size_t)),
    ("liion_secs1_block_encode", status_t,
     (c_void_p, c_size_t, POINTER(c_size_t), CtxP, POINTER(Secs1Header), c_void_p, c_size_t)),
    ("liion_secs1_block_decode", status_t,
     (POINTER(Secs1Header), POINTER(c_void_p), POINTER(c_size_t), CtxP, c_void_p, c_size_t)),
    ("liion_secs1_block_count", c_size_t, (c_size_t,)),
    ("liion_secs1_message_block", status_t,
     (c_void_p, c_size_t, POINTER(c_size_t), CtxP, POINTER(Secs1Header), c_void_p, c_size_t,
      c_size_t)),
    ("liion_secs1_message_size", c_size_t, (c_size_t,)),
    ("liion_secs1_message_encode", status_t,
     (c_void_p, c_size_t, POINTER(c_size_t), CtxP, POINTER(Secs1Header), c_void_p, c_size_t)),
    ("liion_secs1_reasm_new", status_t, (POINTER(Secs1ReasmP), CtxP)),
    ("liion_secs1_reasm_free", None, (Secs1ReasmP,)),
    ("liion_secs1_reasm_add", status_t, (POINTER(c_int), Secs1ReasmP, c_void_p, c_size_t)),
    ("liion_secs1_reasm_message", status_t,
     (POINTER(Secs1Header), POINTER(c_void_p), POINTER(c_size_t), Secs1ReasmP)),
    ("liion_secs1_reasm_blocks", c_size_t, (Secs1ReasmP,)),
    ("liion_secs1_reasm_reset", None, (Secs1ReasmP,)),

    # liion/opcua.h (enums travel as int; byte pointers as c_void_p)
    ("liion_ua_value_new", status_t, (POINTER(UaValueP), CtxP)),
    ("liion_ua_value_free", None, (UaValueP,)),
    ("liion_ua_value_reset", None, (UaValueP,)),
    ("liion_ua_value_decode", status_t,
     (UaValueP, ua_type_t, c_void_p, c_size_t, POINTER(c_size_t))),
    ("liion_ua_value_encode", status_t, (UaValueP, c_void_p, c_size_t, POINTER(c_size_t))),
    ("liion_ua_value_encoded_size", status_t, (UaValueP, POINTER(c_size_t))),
    ("liion_ua_value_type", ua_type_t, (UaValueP,)),
    ("liion_ua_value_variant", UaVariantP, (UaValueP,)),
    ("liion_ua_value_set_scalar", status_t, (UaValueP, ua_type_t, c_void_p)),
    ("liion_ua_value_set_array", status_t,
     (UaValueP, ua_type_t, c_void_p, c_size_t, POINTER(c_uint32), c_size_t)),
    ("liion_ua_value_set_bytes", status_t, (UaValueP, ua_type_t, c_void_p, c_size_t)),
    ("liion_ua_value_set_bytes_array", status_t,
     (UaValueP, ua_type_t, POINTER(c_void_p), POINTER(c_size_t), c_size_t)),
    ("liion_ua_value_set_nodeid", status_t,
     (UaValueP, ctypes.c_uint16, ua_id_type_t, c_uint32, c_void_p, c_size_t)),
    ("liion_ua_value_set_expand", status_t, (UaValueP, c_void_p, c_size_t, c_uint32)),
    ("liion_ua_value_set_qualifiedname", status_t,
     (UaValueP, ctypes.c_uint16, c_void_p, c_size_t)),
    ("liion_ua_value_set_localizedtext", status_t,
     (UaValueP, c_void_p, c_size_t, c_void_p, c_size_t)),
    ("liion_ua_value_set_extobj", status_t,
     (UaValueP, ctypes.c_uint16, c_uint32, c_uint32, c_void_p, c_size_t)),
    ("liion_ua_value_set_datavalue", status_t,
     (UaValueP, c_uint32, c_uint32, ctypes.c_int64, ctypes.c_uint16, ctypes.c_int64,
      ctypes.c_uint16)),
    ("liion_ua_value_set_diaginfo", status_t,
     (UaValueP, c_uint32, ctypes.c_int32, ctypes.c_int32, ctypes.c_int32, ctypes.c_int32,
      c_void_p, c_size_t, c_uint32)),
    ("liion_ua_value_add_inner_diaginfo", status_t,
     (UaValueP, c_uint32, ctypes.c_int32, ctypes.c_int32, ctypes.c_int32, ctypes.c_int32,
      c_void_p, c_size_t, c_uint32)),
    ("liion_ua_value_wrap_variant", status_t, (UaValueP,)),
    ("liion_ua_value_set_array_begin", status_t, (UaValueP, ua_type_t, c_size_t)),
    ("liion_ua_value_set_elem_bytes", status_t, (UaValueP, c_size_t, c_void_p, c_size_t)),
    ("liion_ua_value_set_elem_nodeid", status_t,
     (UaValueP, c_size_t, ctypes.c_uint16, ua_id_type_t, c_uint32, c_void_p, c_size_t)),
    ("liion_ua_value_set_elem_expand", status_t,
     (UaValueP, c_size_t, c_void_p, c_size_t, c_uint32)),
    ("liion_ua_value_set_elem_qualifiedname", status_t,
     (UaValueP, c_size_t, ctypes.c_uint16, c_void_p, c_size_t)),
    ("liion_ua_value_set_elem_localizedtext", status_t,
     (UaValueP, c_size_t, c_void_p, c_size_t, c_void_p, c_size_t)),
    ("liion_ua_value_set_elem_extobj", status_t,
     (UaValueP, c_size_t, ctypes.c_uint16, c_uint32, c_uint32, c_void_p, c_size_t)),
    ("liion_ua_value_set_elem_value", status_t, (UaValueP, c_size_t, UaValueP)),
    ("liion_ua_variant_type_id", c_uint32, (UaVariantP,)),
    ("liion_ua_variant_type", ua_type_t, (UaVariantP,)),
    ("liion_ua_variant_is_array", c_int, (UaVariantP,)),
    ("liion_ua_variant_is_null_array", c_int, (UaVariantP,)),
    ("liion_ua_variant_length", c_size_t, (UaVariantP,)),
    ("liion_ua_variant_ndims", c_size_t, (UaVariantP,)),
    ("liion_ua_variant_dim", c_uint32, (UaVariantP, c_size_t)),
    ("liion_ua_variant_array_data", status_t,
     (UaVariantP, POINTER(c_void_p), POINTER(c_size_t))),
    ("liion_ua_variant_get_int64", status_t,
     (UaVariantP, c_size_t, POINTER(ctypes.c_int64))),
    ("liion_ua_variant_get_uint64", status_t, (UaVariantP, c_size_t, POINTER(c_uint64))),
    ("liion_ua_variant_get_double", status_t,
     (UaVariantP, c_size_t, POINTER(ctypes.c_double))),
    ("liion_ua_variant_get_bytes", status_t,
     (UaVariantP, c_size_t, POINTER(c_void_p), POINTER(c_size_t))),
    ("liion_ua_variant_get_guid", status_t, (UaVariantP, c_size_t, c_void_p)),
    ("liion_ua_variant_get_nodeid", status_t, (UaVariantP, c_size_t, POINTER(UaNodeIdP))),
    ("liion_ua_variant_get_expandednodeid", status_t,
     (UaVariantP, c_size_t, POINTER(UaExpandedNodeIdP))),
    ("liion_ua_variant_get_qualifiedname", status_t,
     (UaVariantP, c_size_t, POINTER(ctypes.c_uint16), POINTER(c_void_p), POINTER(c_size_t))),
    ("liion_ua_variant_get_localizedtext", status_t,
     (UaVariantP, c_size_t, POINTER(c_void_p), POINTER(c_size_t), POINTER(c_void_p),
      POINTER(c_size_t))),
    ("liion_ua_variant_get_extobj", status_t, (UaVariantP, c_size_t, POINTER(UaExtObjP))),
    ("liion_ua_variant_get_datavalue", status_t,
     (UaVariantP, c_size_t, POINTER(UaDataValueP))),
    ("liion_ua_variant_get_variant", status_t, (UaVariantP, c_size_t, POINTER(UaVariantP))),
    ("liion_ua_variant_get_diaginfo", status_t,
     (UaVariantP, c_size_t, POINTER(UaDiagInfoP))),
    ("liion_ua_nodeid_ns", ctypes.c_uint16, (UaNodeIdP,)),
    ("liion_ua_nodeid_id_type", ua_id_type_t, (UaNodeIdP,)),
    ("liion_ua_nodeid_numeric", c_uint32, (UaNodeIdP,)),
    ("liion_ua_nodeid_bytes", status_t, (UaNodeIdP, POINTER(c_void_p), POINTER(c_size_t))),
    ("liion_ua_expandednodeid_nodeid", UaNodeIdP, (UaExpandedNodeIdP,)),
    ("liion_ua_expandednodeid_uri", status_t,
     (UaExpandedNodeIdP, POINTER(c_void_p), POINTER(c_size_t))),
    ("liion_ua_expandednodeid_server_index", c_uint32, (UaExpandedNodeIdP,)),
    ("liion_ua_extobj_type_id", UaNodeIdP, (UaExtObjP,)),
    ("liion_ua_extobj_encoding", c_uint32, (UaExtObjP,)),
    ("liion_ua_extobj_body", status_t, (UaExtObjP, POINTER(c_void_p), POINTER(c_size_t))),
    ("liion_ua_datavalue_mask", c_uint32, (UaDataValueP,)),
    ("liion_ua_datavalue_value", UaVariantP, (UaDataValueP,)),
    ("liion_ua_datavalue_status", c_uint32, (UaDataValueP,)),
    ("liion_ua_datavalue_source_timestamp", ctypes.c_int64, (UaDataValueP,)),
    ("liion_ua_datavalue_source_picoseconds", ctypes.c_uint16, (UaDataValueP,)),
    ("liion_ua_datavalue_server_timestamp", ctypes.c_int64, (UaDataValueP,)),
    ("liion_ua_datavalue_server_picoseconds", ctypes.c_uint16, (UaDataValueP,)),
    ("liion_ua_diaginfo_mask", c_uint32, (UaDiagInfoP,)),
    ("liion_ua_diaginfo_index", ctypes.c_int32, (UaDiagInfoP, c_uint32)),
    ("liion_ua_diaginfo_additional_info", status_t,
     (UaDiagInfoP, POINTER(c_void_p), POINTER(c_size_t))),
    ("liion_ua_diaginfo_inner_status", c_uint32, (UaDiagInfoP,)),
    ("liion_ua_diaginfo_inner", UaDiagInfoP, (UaDiagInfoP,)),
    ("liion_ua_datetime_from_unix_ns", ctypes.c_int64, (ctypes.c_int64,)),
    ("liion_ua_datetime_from_unix_us", ctypes.c_int64, (ctypes.c_int64,)),
    ("liion_ua_datetime_to_unix_ns", ctypes.c_int64, (ctypes.c_int64,)),
    ("liion_ua_datetime_to_unix_us", ctypes.c_int64, (ctypes.c_int64,)),
    ("liion_ua_status_name", c_char_p, (c_uint32,)),

    # liion/uadp.h
    ("liion_uadp_msg_new", status_t, (POINTER(UadpMsgP), CtxP)),
    ("liion_uadp_msg_free", None, (UadpMsgP,)),
    ("liion_uadp_msg_reset", None, (UadpMsgP,)),
    ("liion_uadp_msg_decode", status_t, (UadpMsgP, c_void_p, c_size_t)),
    ("liion_uadp_msg_encode", status_t, (UadpMsgP, c_void_p, c_size_t, POINTER(c_size_t))),
    ("liion_uadp_msg_encoded_size", status_t, (UadpMsgP, POINTER(c_size_t))),
    ("liion_uadp_msg_set_flags", status_t, (UadpMsgP, c_uint32)),
    ("liion_uadp_msg_set_publisher_id", status_t,
     (UadpMsgP, uadp_enum_t, c_uint64, c_void_p, c_size_t)),
    ("liion_uadp_msg_set_dataset_class_id", status_t, (UadpMsgP, c_void_p)),
    ("liion_uadp_msg_set_group", status_t,
     (UadpMsgP, c_uint32, ctypes.c_uint16, c_uint32, ctypes.c_uint16, ctypes.c_uint16)),
    ("liion_uadp_msg_set_timestamp", status_t, (UadpMsgP, ctypes.c_int64)),
    ("liion_uadp_msg_set_picoseconds", status_t, (UadpMsgP, ctypes.c_uint16)),
    ("liion_uadp_msg_set_security", status_t,
     (UadpMsgP, c_uint32, c_uint32, c_void_p, c_size_t)),
    ("liion_uadp_msg_add_promoted", status_t, (UadpMsgP, UaVariantP)),
    ("liion_uadp_msg_flags", c_uint32, (UadpMsgP,)),
    ("liion_uadp_msg_publisher_id", status_t,
     (UadpMsgP, POINTER(uadp_enum_t), POINTER(c_uint64), POINTER(c_void_p), POINTER(c_size_t))),
    ("liion_uadp_msg_dataset_class_id", status_t, (UadpMsgP, c_void_p)),
    ("liion_uadp_msg_writer_group_id", ctypes.c_uint16, (UadpMsgP,)),
    ("liion_uadp_msg_group_version", c_uint32, (UadpMsgP,)),
    ("liion_uadp_msg_network_message_number", ctypes.c_uint16, (UadpMsgP,)),
    ("liion_uadp_msg_sequence_number", ctypes.c_uint16, (UadpMsgP,)),
    ("liion_uadp_msg_timestamp", ctypes.c_int64, (UadpMsgP,)),
    ("liion_uadp_msg_picoseconds", ctypes.c_uint16, (UadpMsgP,)),
    ("liion_uadp_msg_security", status_t,
     (UadpMsgP, POINTER(c_uint32), POINTER(c_uint32), POINTER(c_void_p), POINTER(c_size_t))),
    ("liion_uadp_msg_promoted_count", c_size_t, (UadpMsgP,)),
    ("liion_uadp_msg_promoted", UaVariantP, (UadpMsgP, c_size_t)),
    ("liion_uadp_msg_dsm_count", c_size_t, (UadpMsgP,)),
    ("liion_uadp_msg_add_dsm", status_t, (UadpMsgP, ctypes.c_uint16, uadp_enum_t, uadp_enum_t)),
    ("liion_uadp_dsm_set_flags", status_t, (UadpMsgP, c_uint32)),
    ("liion_uadp_dsm_set_header", status_t,
     (UadpMsgP, c_uint32, ctypes.c_uint16, ctypes.c_uint16, c_uint32, c_uint32, ctypes.c_int64, ctypes.c_uint16)),
    ("liion_uadp_dsm_add_scalar", status_t, (UadpMsgP, ctypes.c_uint16, ua_type_t, c_void_p)),
    ("liion_uadp_dsm_add_variant", status_t, (UadpMsgP, ctypes.c_uint16, UaVariantP)),
    ("liion_uadp_dsm_add_datavalue", status_t, (UadpMsgP, ctypes.c_uint16, UaDataValueP)),
    ("liion_uadp_field_set_dv", status_t,
     (UadpMsgP, c_uint32, c_uint32, ctypes.c_int64, ctypes.c_uint16, ctypes.c_int64, ctypes.c_uint16)),
    ("liion_uadp_dsm_writer_id", ctypes.c_uint16, (UadpMsgP, c_size_t)),
    ("liion_uadp_dsm_flags", c_uint32, (UadpMsgP, c_size_t)),
    ("liion_uadp_dsm_encoding", uadp_enum_t, (UadpMsgP, c_size_t)),
    ("liion_uadp_dsm_type_of", uadp_enum_t, (UadpMsgP, c_size_t)),
    ("liion_uadp_dsm_sequence_number", ctypes.c_uint16, (UadpMsgP, c_size_t)),
    ("liion_uadp_dsm_status", ctypes.c_uint16, (UadpMsgP, c_size_t)),
    ("liion_uadp_dsm_config_major", c_uint32, (UadpMsgP, c_size_t)),
    ("liion_uadp_dsm_config_minor", c_uint32, (UadpMsgP, c_size_t)),
    ("liion_uadp_dsm_timestamp", ctypes.c_int64, (UadpMsgP, c_size_t)),
    ("liion_uadp_dsm_picoseconds", ctypes.c_uint16, (UadpMsgP, c_size_t)),
    ("liion_uadp_dsm_field_count", c_size_t, (UadpMsgP, c_size_t)),
    ("liion_uadp_dsm_field_index", ctypes.c_uint16, (UadpMsgP, c_size_t, c_size_t)),
    ("liion_uadp_dsm_field_variant", UaVariantP, (UadpMsgP, c_size_t, c_size_t)),
    ("liion_uadp_dsm_field_datavalue", UaDataValueP, (UadpMsgP, c_size_t, c_size_t)),
    ("liion_uadp_dsm_raw", status_t, (UadpMsgP, c_size_t, POINTER(c_void_p), POINTER(c_size_t))),
    ("liion_uadp_dsm_decode_raw", status_t, (UadpMsgP, c_size_t, POINTER(ua_type_t), c_size_t)),

    # liion/secs.h
    ("liion_secs_format_elem_size", c_size_t, (secs_format_t,)),
    ("liion_secs_format_name", c_char_p, (secs_format_t,)),
    ("liion_secs_item_new", status_t,
     (POINTER(SecsItemP), CtxP, secs_format_t, c_void_p, c_size_t)),
    ("liion_secs_item_new_raw", status_t,
     (POINTER(SecsItemP), CtxP, secs_format_t, POINTER(ctypes.c_uint8), c_size_t)),
    ("liion_secs_item_new_list", status_t, (POINTER(SecsItemP), CtxP, c_size_t)),
    ("liion_secs_list_append", status_t, (SecsItemP, SecsItemP)),
    ("liion_secs_item_new_ascii", status_t, (POINTER(SecsItemP), CtxP, c_char_p, c_size_t)),
    ("liion_secs_item_new_jis8", status_t, (POINTER(SecsItemP), CtxP, c_char_p, c_size_t)),
    ("liion_secs_item_new_localized", status_t,
     (POINTER(SecsItemP), CtxP, ctypes.c_uint16, POINTER(ctypes.c_uint8), c_size_t)),
    ("liion_secs_item_new_binary", status_t,
     (POINTER(SecsItemP), CtxP, POINTER(ctypes.c_uint8), c_size_t)),
    ("liion_secs_item_new_bool", status_t,
     (POINTER(SecsItemP), CtxP, POINTER(ctypes.c_uint8), c_size_t)),
    ("liion_secs_item_new_i1", status_t,
     (POINTER(SecsItemP), CtxP, POINTER(ctypes.c_int8), c_size_t)),
    ("liion_secs_item_new_i2", status_t,
     (POINTER(SecsItemP), CtxP, POINTER(ctypes.c_int16), c_size_t)),
    ("liion_secs_item_new_i4", status_t,
     (POINTER(SecsItemP), CtxP, POINTER(ctypes.c_int32), c_size_t)),
    ("liion_secs_item_new_i8", status_t,
     (POINTER(SecsItemP), CtxP, POINTER(ctypes.c_int64), c_size_t)),
    ("liion_secs_item_new_u1", status_t,
     (POINTER(SecsItemP), CtxP, POINTER(ctypes.c_uint8), c_size_t)),
    ("liion_secs_item_new_u2", status_t,
     (POINTER(SecsItemP), CtxP, POINTER(ctypes.c_uint16), c_size_t)),
    ("liion_secs_item_new_u4", status_t,
     (POINTER(SecsItemP), CtxP, POINTER(ctypes.c_uint32), c_size_t)),
    ("liion_secs_item_new_u8", status_t,
     (POINTER(SecsItemP), CtxP, POINTER(c_uint64), c_size_t)),
    ("liion_secs_item_new_f4", status_t,
     (POINTER(SecsItemP), CtxP, POINTER(ctypes.c_float), c_size_t)),
    ("liion_secs_item_new_f8", status_t,
     (POINTER(SecsItemP), CtxP, POINTER(ctypes.c_double), c_size_t)),
    ("liion_secs_item_clone", status_t, (POINTER(SecsItemP), CtxP, SecsItemP)),
    ("liion_secs_item_free", None, (SecsItemP,)),
    ("liion_secs_item_format", secs_format_t, (SecsItemP,)),
    ("liion_secs_item_count", c_size_t, (SecsItemP,)),
    ("liion_secs_item_raw", c_void_p, (SecsItemP, POINTER(c_size_t))),
    ("liion_secs_item_text", c_void_p, (SecsItemP, POINTER(c_size_t))),
    ("liion_secs_item_lsh", ctypes.c_uint16, (SecsItemP,)),
    ("liion_secs_item_child", SecsItemP, (SecsItemP, c_size_t)),
    ("liion_secs_item_get_int", status_t, (POINTER(ctypes.c_int64), SecsItemP, c_size_t)),
    ("liion_secs_item_get_uint", status_t, (POINTER(c_uint64), SecsItemP, c_size_t)),
    ("liion_secs_item_get_float", status_t, (POINTER(ctypes.c_double), SecsItemP, c_size_t)),
    ("liion_secs_item_get_bool", status_t, (POINTER(c_int), SecsItemP, c_size_t)),
    ("liion_secs_item_read_array", status_t,
     (c_void_p, c_size_t, POINTER(c_size_t), SecsItemP)),
    ("liion_secs_item_equal", c_int, (SecsItemP, SecsItemP)),
    ("liion_secs_item_encoded_size", status_t, (POINTER(c_size_t), CtxP, SecsItemP)),
    ("liion_secs_item_encode", status_t,
     (c_void_p, c_size_t, POINTER(c_size_t), CtxP, SecsItemP)),
    ("liion_secs_item_decode", status_t,
     (POINTER(SecsItemP), POINTER(c_size_t), CtxP, c_void_p, c_size_t)),
    ("liion_secs_msg_new", status_t, (POINTER(SecsMsgP), CtxP)),
    ("liion_secs_msg_free", None, (SecsMsgP,)),
    ("liion_secs_msg_stream", ctypes.c_uint8, (SecsMsgP,)),
    ("liion_secs_msg_function", ctypes.c_uint8, (SecsMsgP,)),
    ("liion_secs_msg_wbit", c_int, (SecsMsgP,)),
    ("liion_secs_msg_session_id", ctypes.c_uint16, (SecsMsgP,)),
    ("liion_secs_msg_system_bytes", c_uint32, (SecsMsgP,)),
    ("liion_secs_msg_set_sf", status_t, (SecsMsgP, c_uint, c_uint, c_int)),
    ("liion_secs_msg_set_ids", status_t, (SecsMsgP, ctypes.c_uint16, c_uint32)),
    ("liion_secs_msg_set_body", status_t, (SecsMsgP, SecsItemP)),
    ("liion_secs_msg_body", SecsItemP, (SecsMsgP,)),
    ("liion_secs_msg_encoded_size", status_t, (POINTER(c_size_t), SecsMsgP)),
    ("liion_secs_msg_encode", status_t, (c_void_p, c_size_t, POINTER(c_size_t), SecsMsgP)),
    ("liion_secs_msg_decode", status_t, (SecsMsgP, c_void_p, c_size_t)),
    ("liion_secs_item_to_sml", status_t,
     (c_char_p, c_size_t, POINTER(c_size_t), CtxP, SecsItemP, c_uint32)),
    ("liion_secs_msg_to_sml", status_t,
     (c_char_p, c_size_t, POINTER(c_size_t), SecsMsgP, c_uint32)),
    ("liion_secs_item_from_sml", status_t, (POINTER(SecsItemP), CtxP, c_char_p, c_size_t)),
    ("liion_secs_msg_from_sml", status_t, (SecsMsgP, c_char_p, c_size_t)),

    # liion/plant.h (enums travel as int)
    ("liion_plant_new", status_t, (POINTER(PlantP), CtxP)),
    ("liion_plant_free", None, (PlantP,)),
    ("liion_plant_count", c_uint32, (PlantP, c_int)),
    ("liion_plant_find", status_t, (POINTER(c_uint32), PlantP, c_int, c_char_p, c_char_p)),
    ("liion_plant_id", c_char_p, (PlantP, c_int, c_uint32)),
    ("liion_plant_scheme", c_char_p, (PlantP, c_int, c_uint32)),
    ("liion_plant_compact", status_t, (PlantP,)),
    ("liion_plant_edge_count", c_uint64, (PlantP,)),
    ("liion_plant_graph_bytes", c_uint64, (PlantP,)),
    ("liion_plant_equipment_class_add", status_t,
     (POINTER(c_uint32), PlantP, c_char_p, c_char_p, c_int)),
    ("liion_plant_equipment_add", status_t,
     (POINTER(c_uint32), PlantP, c_char_p, c_char_p, c_int, c_uint32, c_uint32)),
    ("liion_plant_equipment_level", c_int, (PlantP, c_uint32)),
    ("liion_plant_equipment_parent", c_uint32, (PlantP, c_uint32)),
    ("liion_plant_equipment_class", c_uint32, (PlantP, c_uint32)),
    ("liion_plant_material_class_add", status_t, (POINTER(c_uint32), PlantP, c_char_p, c_char_p)),
    ("liion_plant_material_definition_add", status_t,
     (POINTER(c_uint32), PlantP, c_char_p, c_char_p, c_uint32)),
    ("liion_plant_lot_add", status_t,
     (POINTER(c_uint32), PlantP, c_char_p, c_char_p, c_uint32, c_uint32)),
    ("liion_plant_lot_definition", c_uint32, (PlantP, c_uint32)),
    ("liion_plant_lot_parent", c_uint32, (PlantP, c_uint32)),
    ("liion_plant_lot_producer", c_uint32, (PlantP, c_uint32)),
    ("liion_plant_definition_class", c_uint32, (PlantP, c_uint32)),
    ("liion_plant_lot_set_quantity", status_t, (PlantP, c_uint32, c_double, c_char_p, c_int)),
    ("liion_plant_lot_quantity", status_t,
     (POINTER(c_double), POINTER(c_char_p), POINTER(c_int), PlantP, c_uint32)),
    ("liion_plant_lot_set_disposition", status_t, (PlantP, c_uint32, c_int)),
    ("liion_plant_lot_disposition", c_int, (PlantP, c_uint32)),
    ("liion_plant_lot_set_status", status_t, (PlantP, c_uint32, c_char_p)),
    ("liion_plant_lot_status", c_char_p, (PlantP, c_uint32)),
    ("liion_plant_prop_set_number", status_t,
     (PlantP, c_int, c_uint32, c_char_p, c_double, c_char_p)),
    ("liion_plant_prop_set_text", status_t, (PlantP, c_int, c_uint32, c_char_p, c_char_p)),
    ("liion_plant_prop_get", status_t,
     (POINTER(c_int), POINTER(c_double), POINTER(c_char_p), PlantP, c_int, c_uint32, c_char_p)),
    ("liion_plant_segment_add", status_t, (POINTER(c_uint32), PlantP, c_char_p, c_char_p, c_int)),
    ("liion_plant_segment_step", c_int, (PlantP, c_uint32)),
    ("liion_plant_response_add", status_t,
     (POINTER(c_uint32), PlantP, c_char_p, c_char_p, c_uint32, c_int64, c_int64)),
    ("liion_plant_response_info", status_t,
     (POINTER(c_int64), POINTER(c_int64), POINTER(c_uint32), PlantP, c_uint32)),
    ("liion_plant_person_add", status_t, (POINTER(c_uint32), PlantP, c_char_p, c_char_p)),
    ("liion_plant_response_add_person", status_t, (PlantP, c_uint32, c_uint32)),
    ("liion_plant_response_equipment", status_t, (PlantP, TraceP, c_uint32)),
    ("liion_plant_response_persons", status_t, (PlantP, TraceP, c_uint32)),
    ("liion_plant_response_add_equipment", status_t, (PlantP, c_uint32, c_uint32)),
    ("liion_plant_response_add_material", status_t, (PlantP, c_uint32, c_uint32, c_int)),
    ("liion_plant_response_add_material_qty", status_t,
     (PlantP, c_uint32, c_uint32, c_int, c_double, c_char_p)),
    ("liion_plant_response_balance", status_t,
     (POINTER(c_double), POINTER(c_double), PlantP, c_uint32, c_char_p)),
    ("liion_plant_assembly_add", status_t, (PlantP, c_uint32, c_uint32, c_int, c_int)),
    ("liion_plant_equipment_use_add", status_t, (PlantP, c_uint32, c_uint32, c_int64, c_int64)),
    ("liion_trace_new", status_t, (POINTER(TraceP), CtxP)),
    ("liion_trace_free", None, (TraceP,)),
    ("liion_trace_count", c_size_t, (TraceP,)),
    ("liion_trace_index", c_uint32, (TraceP, c_size_t)),
    ("liion_trace_depth", c_uint32, (TraceP, c_size_t)),
    ("liion_trace_score", c_double, (TraceP, c_size_t)),
    ("liion_trace_next", c_int, (TraceP, POINTER(c_uint32), POINTER(c_uint32))),
    ("liion_trace_rewind", None, (TraceP,)),
    ("liion_trace_contains", c_int, (TraceP, c_uint32)),
    ("liion_plant_trace_backward", status_t,
     (PlantP, TraceP, c_uint32, c_uint32, c_int, c_uint32)),
    ("liion_plant_trace_forward", status_t, (PlantP, TraceP, c_uint32, c_uint32, c_uint32)),
    ("liion_plant_common_cause", status_t, (PlantP, TraceP, POINTER(c_uint32), c_size_t)),
    ("liion_plant_common_equipment", status_t, (PlantP, TraceP, POINTER(c_uint32), c_size_t)),
    ("liion_plant_equipment_window", status_t, (PlantP, TraceP, c_uint32, c_int64, c_int64)),
    ("liion_plant_quarantine", status_t, (POINTER(c_uint64), PlantP, c_uint32)),
    ("liion_plant_first_last_cell", status_t,
     (POINTER(c_uint32), POINTER(c_uint32), PlantP, c_uint32)),
    ("liion_plant_roll_link", status_t,
     (PlantP, c_uint32, c_uint32, c_double, c_double, c_double, c_double, c_double, c_double,
      c_uint32)),
    ("liion_plant_roll_use", status_t, (PlantP, c_uint32, c_double, c_double, c_uint32, c_uint32)),
    ("liion_plant_roll_defect", status_t,
     (PlantP, TraceP, c_uint32, c_double, c_double, c_double)),
    ("liion_plant_roll_neighbours", status_t,
     (PlantP, TraceP, c_uint32, c_double, c_double, c_uint32)),
    ("liion_plant_cursor_new", status_t, (POINTER(PlantCursorP), PlantP)),
    ("liion_plant_cursor_free", None, (PlantCursorP,)),
    ("liion_plant_cursor_forward", status_t, (PlantCursorP, c_uint32, c_uint32, c_uint32)),
    ("liion_plant_cursor_read", status_t,
     (POINTER(c_size_t), POINTER(c_uint32), POINTER(c_uint32), PlantCursorP, c_size_t)),
    ("liion_plant_job_response_add", status_t,
     (POINTER(c_uint32), PlantP, c_char_p, c_char_p, c_int64, c_int64, c_int)),
    ("liion_plant_job_response_add_segment", status_t, (PlantP, c_uint32, c_uint32)),
    ("liion_plant_job_response_set_state", status_t, (PlantP, c_uint32, c_int)),
    ("liion_plant_job_response_info", status_t,
     (POINTER(c_int64), POINTER(c_int64), POINTER(c_int), PlantP, c_uint32)),
    ("liion_plant_job_response_segments", status_t, (PlantP, TraceP, c_uint32)),
    ("liion_plant_response_job", c_uint32, (PlantP, c_uint32)),
    ("liion_plant_test_result_add", status_t,
     (POINTER(c_uint32), PlantP, c_char_p, c_char_p, c_uint32, c_char_p, c_char_p, c_double,
      c_char_p, c_int, c_int64)),
    ("liion_plant_test_result_info", status_t,
     (POINTER(c_uint32), POINTER(c_double), POINTER(c_char_p), POINTER(c_int),
      POINTER(c_int64), PlantP, c_uint32)),
    ("liion_plant_test_result_name", c_char_p, (PlantP, c_uint32)),
    ("liion_plant_test_result_property", c_char_p, (PlantP, c_uint32)),
    ("liion_plant_lot_test_results", status_t, (PlantP, TraceP, c_uint32)),
    ("liion_plant_set_assembly", status_t, (PlantP, c_int, c_uint32, c_int, c_int)),
    ("liion_plant_assembly_info", status_t,
     (POINTER(c_int), POINTER(c_int), PlantP, c_int, c_uint32)),
    ("liion_plant_common_equipment_overlap", status_t,
     (PlantP, TraceP, POINTER(c_uint32), c_size_t, c_int64)),
    # liion/store.h
    ("liion_store_options_init", status_t, (POINTER(StoreOptions), c_uint32)),
    ("liion_store_open", status_t, (POINTER(StoreP), CtxP, c_char_p, POINTER(StoreOptions))),
    ("liion_store_free", None, (StoreP,)),
    ("liion_store_plant", PlantP, (StoreP,)),
    ("liion_store_commit", status_t, (StoreP,)),
    ("liion_store_committed_seq", c_uint64, (StoreP,)),
    ("liion_store_seq", c_uint64, (StoreP,)),
    ("liion_store_tail_cut", c_uint64, (StoreP,)),
    ("liion_store_committed_bytes", c_uint64, (StoreP,)),
    ("liion_store_export_cbor_seq", status_t, (StoreP, StoreWriteFn, c_void_p)),
    ("liion_store_compact", status_t, (StoreP,)),
    ("liion_store_snapshot_seq", c_uint64, (StoreP,)),
    ("liion_store_snapshot_bytes", c_uint64, (StoreP,)),
    ("liion_store_spec_registry", SpecRegistryP, (StoreP,)),
    ("liion_store_atomic_begin", status_t, (StoreP,)),
    ("liion_store_atomic_end", status_t, (StoreP,)),
    ("liion_store_atomic_abort", status_t, (StoreP,)),
    ("liion_store_atomic_depth", c_uint32, (StoreP,)),
    # liion/spec.h (enums travel as int)
    ("liion_spec_param_name", c_char_p, (c_int,)),
    ("liion_spec_param_unit", c_char_p, (c_int,)),
    ("liion_spec_limits_new", status_t, (POINTER(SpecLimitsP), CtxP, c_char_p, c_uint32)),
    ("liion_spec_limits_free", None, (SpecLimitsP,)),
    ("liion_spec_limits_decode", status_t,
     (POINTER(SpecLimitsP), CtxP, c_void_p, c_size_t)),
    ("liion_spec_limits_encode", status_t, (c_char_p, c_size_t, POINTER(c_size_t), SpecLimitsP)),
    ("liion_spec_limits_owner", c_char_p, (SpecLimitsP,)),
    ("liion_spec_limits_version", c_uint32, (SpecLimitsP,)),
    ("liion_spec_limits_set", status_t,
     (SpecLimitsP, c_char_p, c_char_p, c_int, ctypes.c_double, ctypes.c_double)),
    ("liion_spec_limits_set_advisory", status_t,
     (SpecLimitsP, c_char_p, ctypes.c_double, ctypes.c_double)),
    ("liion_spec_limits_set_default", status_t, (SpecLimitsP, c_int, ctypes.c_double)),
    ("liion_spec_limits_count", c_size_t, (SpecLimitsP,)),
    ("liion_spec_limits_find", status_t, (POINTER(c_size_t), SpecLimitsP, c_char_p)),
    ("liion_spec_limits_get", status_t, (POINTER(SpecLimitInfo), SpecLimitsP, c_size_t)),
    ("liion_spec_result_new", status_t, (POINTER(SpecResultP), CtxP)),
    ("liion_spec_result_free", None, (SpecResultP,)),
    ("liion_spec_result_clear", None, (SpecResultP,)),
    ("liion_spec_result_set_max_violations", status_t, (SpecResultP, c_size_t)),
    ("liion_spec_check_values", status_t,
     (SpecResultP, SpecLimitsP, c_char_p, c_char_p, POINTER(ctypes.c_double), c_size_t,
      c_char_p, c_uint64)),
    ("liion_spec_check_value", status_t,
     (SpecResultP, SpecLimitsP, c_char_p, c_char_p, ctypes.c_double, c_char_p, c_uint64)),
    ("liion_spec_check_stack", status_t,
     (SpecResultP, SpecLimitsP, POINTER(ctypes.c_double), POINTER(ctypes.c_double),
      POINTER(ctypes.c_double), POINTER(ctypes.c_double), c_size_t, c_char_p)),
    ("liion_spec_check_transfer", status_t,
     (SpecResultP, SpecLimitsP, POINTER(ctypes.c_double), POINTER(ctypes.c_double),
      POINTER(ctypes.c_double), c_char_p, c_uint64)),
    ("liion_spec_result_checked", c_uint64, (SpecResultP,)),
    ("liion_spec_result_failed", c_uint64, (SpecResultP,)),
    ("liion_spec_result_warned", c_uint64, (SpecResultP,)),
    ("liion_spec_result_dropped", c_uint64, (SpecResultP,)),
    ("liion_spec_result_count", c_size_t, (SpecResultP,)),
    ("liion_spec_result_violation", status_t, (POINTER(SpecViolation), SpecResultP, c_size_t)),
    ("liion_dewpoint_vapor_pressure", status_t,
     (POINTER(ctypes.c_double), CtxP, ctypes.c_double, c_int, c_uint32)),
    ("liion_dewpoint_to_ppmv", status_t,
     (POINTER(ctypes.c_double), CtxP, ctypes.c_double, ctypes.c_double, c_int, c_uint32)),
    ("liion_dewpoint_from_ppmv", status_t,
     (POINTER(ctypes.c_double), CtxP, ctypes.c_double, ctypes.c_double, c_int, c_uint32)),
    ("liion_dewpoint_mixing_ratio", status_t,
     (POINTER(ctypes.c_double), CtxP, ctypes.c_double, ctypes.c_double, c_int, c_uint32)),
    ("liion_electrode_wet_loading", status_t,
     (POINTER(ctypes.c_double), CtxP, ctypes.c_double, ctypes.c_double, ctypes.c_double)),
    ("liion_electrode_loading_tolerance", status_t,
     (POINTER(ctypes.c_double), CtxP, ctypes.c_double, ctypes.c_double)),
    ("liion_electrode_coat_thickness", status_t,
     (POINTER(ctypes.c_double), CtxP, ctypes.c_double, ctypes.c_double, c_uint32)),
    ("liion_electrode_true_density", status_t,
     (POINTER(ctypes.c_double), CtxP, POINTER(ctypes.c_double), POINTER(ctypes.c_double),
      c_size_t)),
    ("liion_electrode_density", status_t,
     (POINTER(ctypes.c_double), CtxP, ctypes.c_double, ctypes.c_double)),
    ("liion_electrode_porosity", status_t,
     (POINTER(ctypes.c_double), CtxP, ctypes.c_double, ctypes.c_double, ctypes.c_double)),
    ("liion_binomial_bounds", status_t,
     (POINTER(ctypes.c_double), POINTER(ctypes.c_double), CtxP, c_uint64, c_uint64,
      ctypes.c_double, c_int, c_uint32)),
    ("liion_vision_qualify", status_t,
     (POINTER(VisionReport), CtxP, c_uint64, c_uint64, c_uint64, c_uint64, ctypes.c_double,
      ctypes.c_double, ctypes.c_double, c_int)),
    ("liion_vision_streak_counts", status_t,
     (POINTER(c_uint64), CtxP, POINTER(ctypes.c_double), POINTER(ctypes.c_uint8),
      POINTER(ctypes.c_uint8), c_size_t, ctypes.c_double)),
    ("liion_spc_stats_new", status_t, (POINTER(SpcStatsP), CtxP)),
    ("liion_spc_stats_free", None, (SpcStatsP,)),
    ("liion_spc_stats_push", status_t, (SpcStatsP, POINTER(ctypes.c_double), c_size_t)),
    ("liion_spc_stats_count", c_uint64, (SpcStatsP,)),
    ("liion_spc_stats_mean", ctypes.c_double, (SpcStatsP,)),
    ("liion_spc_stats_variance", ctypes.c_double, (SpcStatsP,)),
    ("liion_spc_stats_min", ctypes.c_double, (SpcStatsP,)),
    ("liion_spc_stats_max", ctypes.c_double, (SpcStatsP,)),
    ("liion_spc_stats_capability", status_t,
     (POINTER(ctypes.c_double), POINTER(ctypes.c_double), POINTER(ctypes.c_double),
      POINTER(ctypes.c_double), SpcStatsP, ctypes.c_double, ctypes.c_double)),
    ("liion_spc_constants", status_t,
     (POINTER(ctypes.c_double), POINTER(ctypes.c_double), POINTER(ctypes.c_double),
      POINTER(ctypes.c_double), CtxP, c_uint32)),
    ("liion_spc_chart_new", status_t, (POINTER(SpcChartP), CtxP, c_int, c_uint32)),
    ("liion_spc_chart_free", None, (SpcChartP,)),
    ("liion_spc_chart_fit", status_t, (SpcChartP, POINTER(ctypes.c_double), c_size_t)),
    ("liion_spc_chart_set_limits", status_t, (SpcChartP, ctypes.c_double, ctypes.c_double)),
    ("liion_spc_chart_limits", status_t,
     (POINTER(ctypes.c_double), POINTER(ctypes.c_double), POINTER(ctypes.c_double), SpcChartP,
      c_uint32)),
    ("liion_spc_chart_evaluate", status_t,
     (SpcChartP, POINTER(ctypes.c_double), c_size_t, c_uint32)),
    ("liion_spc_chart_signal_count", c_size_t, (SpcChartP,)),
    ("liion_spc_chart_signal", status_t,
     (POINTER(c_uint32), POINTER(c_uint64), POINTER(ctypes.c_double), SpcChartP, c_size_t)),
    # liion/gem300.h (enums travel as int)
    ("liion_e40_job_new", status_t, (POINTER(E40JobP), CtxP, c_uint32)),
    ("liion_e40_job_free", None, (E40JobP,)),
    ("liion_e40_job_get_state", c_int, (E40JobP,)),
    ("liion_e40_job_apply", status_t, (POINTER(c_uint32), E40JobP, c_int)),
    ("liion_e40_state_str", c_char_p, (c_int,)),
    ("liion_e40_event_str", c_char_p, (c_int,)),
    ("liion_e94_job_new", status_t, (POINTER(E94JobP), CtxP, c_uint32)),
    ("liion_e94_job_free", None, (E94JobP,)),
    ("liion_e94_job_get_state", c_int, (E94JobP,)),
    ("liion_e94_job_apply", status_t, (POINTER(c_uint32), E94JobP, c_int)),
    ("liion_e94_state_str", c_char_p, (c_int,)),
    ("liion_e94_event_str", c_char_p, (c_int,)),
    ("liion_e87_port_new", status_t, (POINTER(E87PortP), CtxP, c_int)),
    ("liion_e87_port_free", None, (E87PortP,)),
    ("liion_e87_port_get_state", c_int, (E87PortP,)),
    ("liion_e87_port_apply", status_t,
     (POINTER(c_uint32), POINTER(c_size_t), E87PortP, c_int)),
    ("liion_e87_port_change", status_t, (POINTER(c_uint32), E87PortP, c_int)),
    ("liion_e87_port_access_mode", c_int, (E87PortP,)),
    ("liion_e87_port_reservation", c_int, (E87PortP,)),
    ("liion_e87_port_association", c_int, (E87PortP,)),
    ("liion_e87_port_event_str", c_char_p, (c_int,)),
    ("liion_e87_lts_state_str", c_char_p, (c_int,)),
    ("liion_e87_lts_event_str", c_char_p, (c_int,)),
    # liion/gem300.h: E87 carrier, E90 substrate and location, GEM300 messages
    ("liion_e87_carrier_new", status_t,
     (POINTER(E87CarrierP), POINTER(c_uint32), POINTER(c_size_t), CtxP, c_int)),
    ("liion_e87_carrier_free", None, (E87CarrierP,)),
    ("liion_e87_carrier_get_id_status", c_int, (E87CarrierP,)),
    ("liion_e87_carrier_get_slot_map_status", c_int, (E87CarrierP,)),
    ("liion_e87_carrier_get_access_status", c_int, (E87CarrierP,)),
    ("liion_e87_carrier_removed", c_int, (E87CarrierP,)),
    ("liion_e87_carrier_set_slot_map", status_t,
     (E87CarrierP, POINTER(ctypes.c_uint8), c_size_t)),
    ("liion_e87_carrier_slot_count", c_size_t, (E87CarrierP,)),
    ("liion_e87_carrier_get_slot", c_int, (E87CarrierP, c_size_t)),
    ("liion_e87_carrier_apply", status_t, (POINTER(c_uint32), E87CarrierP, c_int)),
    ("liion_e87_cids_str", c_char_p, (c_int,)),
    ("liion_e87_csms_str", c_char_p, (c_int,)),
    ("liion_e87_cas_str", c_char_p, (c_int,)),
    ("liion_e87_slot_state_str", c_char_p, (c_int,)),
    ("liion_e87_carrier_event_str", c_char_p, (c_int,)),
    ("liion_e90_substrate_new", status_t,
     (POINTER(E90SubstrateP), POINTER(c_uint32), POINTER(c_size_t), CtxP)),
    ("liion_e90_substrate_free", None, (E90SubstrateP,)),
    ("liion_e90_substrate_get_transport", c_int, (E90SubstrateP,)),
    ("liion_e90_substrate_get_processing", c_int, (E90SubstrateP,)),
    ("liion_e90_substrate_get_id_status", c_int, (E90SubstrateP,)),
    ("liion_e90_substrate_apply", status_t, (POINTER(c_uint32), E90SubstrateP, c_int)),
    ("liion_e90_sts_str", c_char_p, (c_int,)),
    ("liion_e90_sps_str", c_char_p, (c_int,)),
    ("liion_e90_sids_str", c_char_p, (c_int,)),
    ("liion_e90_event_str", c_char_p, (c_int,)),
    ("liion_e90_location_new", status_t, (POINTER(E90LocationP), CtxP, c_int)),
    ("liion_e90_location_free", None, (E90LocationP,)),
    ("liion_e90_location_get_state", c_int, (E90LocationP,)),
    ("liion_e90_location_apply", status_t, (POINTER(c_uint32), E90LocationP, c_int)),
    ("liion_e90_loc_state_str", c_char_p, (c_int,)),
    ("liion_gem300_msg_new", status_t, (POINTER(Gem300MsgP), CtxP)),
    ("liion_gem300_msg_free", None, (Gem300MsgP,)),
    ("liion_gem300_msg_decode", status_t, (Gem300MsgP, c_int, c_void_p, c_size_t)),
    ("liion_gem300_msg_get_kind", c_int, (Gem300MsgP,)),
    ("liion_gem300_msg_get_uint", status_t, (POINTER(c_uint64), Gem300MsgP, c_int)),
    ("liion_gem300_msg_get_text", status_t,
     (POINTER(c_void_p), POINTER(c_size_t), Gem300MsgP, c_int)),
    ("liion_gem300_msg_count", c_size_t, (Gem300MsgP, c_int)),
    ("liion_gem300_msg_get_attr", status_t,
     (POINTER(c_void_p), POINTER(c_size_t), POINTER(SecsItemP), Gem300MsgP, c_size_t)),
    ("liion_gem300_msg_get_error", status_t,
     (POINTER(c_uint64), POINTER(c_void_p), POINTER(c_size_t), Gem300MsgP, c_size_t)),
    ("liion_gem300_msg_get_carrier", status_t,
     (POINTER(c_void_p), POINTER(c_size_t), POINTER(c_size_t), Gem300MsgP, c_size_t)),
    ("liion_gem300_msg_get_slot", status_t,
     (POINTER(ctypes.c_uint8), Gem300MsgP, c_size_t, c_size_t)),
    ("liion_gem300_msg_get_pause_event", status_t, (POINTER(c_uint64), Gem300MsgP, c_size_t)),
    ("liion_gem300_s3f17_encode", status_t,
     (c_void_p, c_size_t, POINTER(c_size_t), CtxP, c_uint32, c_char_p, c_size_t, c_char_p,
      c_size_t, ctypes.c_uint8, POINTER(c_char_p), POINTER(c_size_t), POINTER(SecsItemP),
      c_size_t)),
    ("liion_gem300_s3f18_encode", status_t,
     (c_void_p, c_size_t, POINTER(c_size_t), CtxP, ctypes.c_uint8, POINTER(c_uint32),
      POINTER(c_char_p), POINTER(c_size_t), c_size_t)),
    ("liion_gem300_s16f11_encode", status_t,
     (c_void_p, c_size_t, POINTER(c_size_t), CtxP, c_uint32, c_char_p, c_size_t,
      ctypes.c_uint8, POINTER(c_char_p), POINTER(c_size_t), POINTER(c_size_t),
      POINTER(ctypes.c_uint8), c_size_t, ctypes.c_uint8, c_char_p, c_size_t, POINTER(c_char_p),
      POINTER(c_size_t), POINTER(SecsItemP), c_size_t, c_int, POINTER(c_uint32), c_size_t)),
    ("liion_gem300_s16f12_encode", status_t,
     (c_void_p, c_size_t, POINTER(c_size_t), CtxP, c_char_p, c_size_t, c_int, POINTER(c_uint32),
      POINTER(c_char_p), POINTER(c_size_t), c_size_t)),
    ("liion_gem300_s16f5_encode", status_t,
     (c_void_p, c_size_t, POINTER(c_size_t), CtxP, c_uint32, c_char_p, c_size_t, c_char_p,
      c_size_t, POINTER(c_char_p), POINTER(c_size_t), POINTER(SecsItemP), c_size_t)),
    ("liion_gem300_s16f6_encode", status_t,
     (c_void_p, c_size_t, POINTER(c_size_t), CtxP, c_char_p, c_size_t, c_int, POINTER(c_uint32),
      POINTER(c_char_p), POINTER(c_size_t), c_size_t)),
    ("liion_gem300_s14f9_encode", status_t,
     (c_void_p, c_size_t, POINTER(c_size_t), CtxP, c_char_p, c_size_t, c_char_p, c_size_t,
      POINTER(c_char_p), POINTER(c_size_t), POINTER(SecsItemP), c_size_t)),
    ("liion_gem300_s14f10_encode", status_t,
     (c_void_p, c_size_t, POINTER(c_size_t), CtxP, c_char_p, c_size_t, POINTER(c_char_p),
      POINTER(c_size_t), POINTER(SecsItemP), c_size_t, ctypes.c_uint8, POINTER(c_uint32),
      POINTER(c_char_p), POINTER(c_size_t), c_size_t)),

    # liion/spec_plant.h
    ("liion_spec_registry_new", status_t, (POINTER(SpecRegistryP), CtxP, PlantP)),
    ("liion_spec_registry_free", None, (SpecRegistryP,)),
    ("liion_spec_registry_attach", status_t,
     (POINTER(c_size_t), SpecRegistryP, c_int, c_uint32, SpecResultP, SpecLimitsP, c_char_p,
      c_int64)),
    ("liion_spec_registry_count", c_size_t, (SpecRegistryP,)),
    ("liion_spec_registry_record", status_t,
     (POINTER(SpecRecordInfo), SpecRegistryP, c_size_t)),
    ("liion_spec_registry_violation", status_t,
     (POINTER(SpecViolation), SpecRegistryP, c_size_t, c_size_t)),
    ("liion_spec_registry_select_object", status_t,
     (SpecRegistryP, SpecSelectionP, c_int, c_uint32)),
    ("liion_spec_registry_select_closure", status_t,
     (SpecRegistryP, SpecSelectionP, c_uint32, c_uint32)),
    ("liion_spec_selection_new", status_t, (POINTER(SpecSelectionP), CtxP)),
    ("liion_spec_selection_free", None, (SpecSelectionP,)),
    ("liion_spec_selection_count", c_size_t, (SpecSelectionP,)),
    ("liion_spec_selection_record", c_size_t, (SpecSelectionP, c_size_t)),
    ("liion_spec_selection_depth", c_uint32, (SpecSelectionP, c_size_t)),
    ("liion_spec_selection_next", c_int,
     (SpecSelectionP, POINTER(c_size_t), POINTER(c_uint32))),
    ("liion_spec_selection_rewind", None, (SpecSelectionP,)),

    # liion/ingest.h (enums travel as int)
    ("liion_ingest_map_parse", status_t, (POINTER(IngestMapP), CtxP, c_char_p, c_size_t)),
    ("liion_ingest_map_free", None, (IngestMapP,)),
    ("liion_ingest_map_rule_count", c_size_t, (IngestMapP,)),
    ("liion_ingest_new", status_t, (POINTER(IngestP), CtxP, PlantP, IngestMapP)),
    ("liion_ingest_free", None, (IngestP,)),
    ("liion_ingest_set_spec", status_t, (IngestP, SpecRegistryP, SpecLimitsP)),
    ("liion_ingest_s6f11", status_t,
     (IngestP, c_char_p, GemReportsP, c_void_p, c_size_t, c_int64)),
    ("liion_ingest_event", status_t,
     (IngestP, c_char_p, c_uint32, POINTER(c_uint32), POINTER(SecsItemP), c_size_t, c_int64)),
    ("liion_ingest_state_change", status_t, (IngestP, c_char_p, c_int, c_uint32, c_char_p, c_int64)),
    ("liion_ingest_uadp", status_t, (IngestP, c_void_p, c_size_t, c_int64)),
    ("liion_ingest_uadp_msg", status_t, (IngestP, UadpMsgP, c_int64)),
    ("liion_ingest_datavalue", status_t, (IngestP, ctypes.c_uint16, c_char_p, UaDataValueP, c_int64)),
    ("liion_ingest_lot_in_process", c_uint32, (IngestP, c_char_p)),
    ("liion_ingest_stat", c_uint64, (IngestP, c_int)),
    ("liion_ingest_problem_count", c_size_t, (IngestP,)),
    ("liion_ingest_problem", c_char_p, (IngestP, c_size_t)),
    ("liion_ingest_problem_status", status_t, (IngestP, c_size_t)),
    ("liion_ingest_problems_clear", None, (IngestP,)),
    # liion/export.h (enums travel as int; byte buffers as c_void_p)
    ("liion_export_doc_free", None, (ExportDocP,)),
    ("liion_export_doc_type", c_char_p, (ExportDocP,)),
    ("liion_export_doc_encode", status_t,
     (c_void_p, c_size_t, POINTER(c_size_t), ExportDocP, c_int, c_uint32)),
    ("liion_export_doc_write_file", status_t, (ExportDocP, c_char_p, c_int, c_uint32)),
    ("liion_export_doc_decode", status_t,
     (POINTER(ExportDocP), CtxP, c_void_p, c_size_t, c_uint32)),
    ("liion_export_doc_verify", status_t, (ExportDocP,)),
    ("liion_export_sha256", status_t, (c_void_p, c_void_p, c_size_t)),
    ("liion_un38_setpoint", status_t,
     (POINTER(ctypes.c_double), POINTER(ctypes.c_double), c_uint32, c_uint32, c_int)),
    ("liion_un38_mass_loss_limit_pct", ctypes.c_double, (ctypes.c_double,)),
    ("liion_un38_new", status_t, (POINTER(Un38P), CtxP)),
    ("liion_un38_free", None, (Un38P,)),
    ("liion_un38_set_text", status_t, (Un38P, c_int, c_char_p)),
    ("liion_un38_set_number", status_t, (Un38P, c_int, ctypes.c_double)),
    ("liion_un38_set_int", status_t, (Un38P, c_int, ctypes.c_int64)),
    ("liion_un38_set_test", status_t, (Un38P, c_int, c_int)),
    ("liion_un38_set_test_param", status_t, (Un38P, c_int, c_int, ctypes.c_double)),
    ("liion_un38_build", status_t, (POINTER(ExportDocP), Un38P)),
    ("liion_formation_new", status_t, (POINTER(FormationP), CtxP)),
    ("liion_formation_free", None, (FormationP,)),
    ("liion_formation_clear", None, (FormationP,)),
    ("liion_formation_set_text", status_t, (FormationP, c_int, c_char_p)),
    ("liion_formation_set_number", status_t, (FormationP, c_int, ctypes.c_double)),
    ("liion_formation_set_ocv", status_t, (FormationP, c_uint32, ctypes.c_int64, ctypes.c_double)),
    ("liion_formation_add_step", status_t,
     (FormationP, c_int, ctypes.c_int64, ctypes.c_int64) + (ctypes.c_double,) * 9),
    ("liion_formation_set_series", status_t,
     (FormationP, POINTER(ctypes.c_int64), POINTER(ctypes.c_double), POINTER(ctypes.c_double),
      POINTER(ctypes.c_double), c_size_t, c_uint32, c_uint32)),
    ("liion_formation_build", status_t, (POINTER(ExportDocP), FormationP)),
    ("liion_dossier_new", status_t, (POINTER(DossierP), CtxP, PlantP, c_uint32)),
    ("liion_dossier_free", None, (DossierP,)),
    ("liion_dossier_set_registry", status_t, (DossierP, SpecRegistryP)),
    ("liion_dossier_add_record", status_t, (DossierP, ExportDocP)),
    ("liion_dossier_build", status_t, (POINTER(ExportDocP), DossierP)),
    ("liion_iec62660_new", status_t, (POINTER(Iec62660P), CtxP, c_int)),
    ("liion_iec62660_free", None, (Iec62660P,)),
    ("liion_iec62660_set_text", status_t, (Iec62660P, c_int, c_char_p)),
    ("liion_iec62660_set_number", status_t, (Iec62660P, c_int, ctypes.c_double)),
    ("liion_iec62660_add_value", status_t,
     (Iec62660P, c_uint32, c_char_p, ctypes.c_double, c_char_p)),
    ("liion_iec62660_set_outcome", status_t, (Iec62660P, c_int)),
    ("liion_iec62660_set_verdict", status_t, (Iec62660P, c_uint32)),
    ("liion_iec62660_build", status_t, (POINTER(ExportDocP), Iec62660P)),
    ("liion_passport_new", status_t, (POINTER(PassportP), CtxP, PlantP, c_uint32)),
    ("liion_passport_free", None, (PassportP,)),
    ("liion_passport_set_text", status_t, (PassportP, c_int, c_char_p)),
    ("liion_passport_set_number", status_t, (PassportP, c_int, ctypes.c_double)),
    ("liion_passport_set_cells", status_t, (PassportP, c_uint32, c_char_p)),
    ("liion_passport_build", status_t, (POINTER(ExportDocP), PassportP)),
)


class _Lib:
    """The loaded library, exposing only the functions declared in ``_PROTOTYPES``."""

    def __init__(self, cdll, path):
        self._cdll = cdll
        self._path = path

    def __repr__(self):
        return "<liion._ffi.lib %r>" % (self._path,)


# ---- loading -------------------------------------------------------------------------------

_PACKAGE_PATTERNS = ("libliion.so*", "libliion*.dylib", "liion*.dll")


def _load():
    """Return ``(CDLL, path)`` or raise ImportError saying everywhere it looked."""
    tried = []

    env = os.environ.get(LIBRARY_ENV)
    if env:
        try:
            return ctypes.CDLL(env), env
        except OSError as exc:
            raise ImportError(
                "liion: cannot load the library named by %s=%r: %s\n"
                "(when %s is set no other location is tried; unset it to search the package "
                "directory and the system library path)" % (LIBRARY_ENV, env, exc, LIBRARY_ENV)
            ) from None
    tried.append("%s: not set" % LIBRARY_ENV)

    here = os.path.dirname(os.path.abspath(__file__))
    found = sorted({p for pat in _PACKAGE_PATTERNS for p in glob.glob(os.path.join(here, pat))})
    if not found:
        tried.append("package directory %s: no %s" % (here, " / ".join(_PACKAGE_PATTERNS)))
    for path in found:
        try:
            return ctypes.CDLL(path), path
        except OSError as exc:
            tried.append("%s: %s" % (path, exc))

    name = ctypes.util.find_library("liion")
    if name is None:
        tried.append('ctypes.util.find_library("liion"): not found')
    else:
        try:
            return ctypes.CDLL(name), name
        except OSError as exc:
            tried.append('ctypes.util.find_library("liion") -> %s: %s' % (name, exc))

    raise ImportError(
        "liion: cannot find the libliion shared library. Looked in:\n  - "
        + "\n  - ".join(tried)
        + "\nBuild libliion and set %s to the path of libliion.so.N, or install it where the "
        "system linker finds it." % LIBRARY_ENV
    )


def check_version(number, path="libliion"):
    """Raise ImportError unless ``number`` (a ``liion_version_number()``) has major ABI_MAJOR."""
    major, minor = number // 10000, number // 100 % 100
    ok = major == ABI_MAJOR
    want = "%d.x" % ABI_MAJOR
    if ABI_MAJOR == 0:  # 0.x: each minor may break the ABI
        ok = ok and minor == ABI_MINOR
        want = "0.%d.x" % ABI_MINOR
    if not ok:
        raise ImportError(
            "liion: %s is version %d.%d.%d, but this Python package is for libliion %s "
            "and cannot use it; install a matching libliion or a matching liion package"
            % (path, major, minor, number % 100, want)
        )


def _bind(cdll, path):
    out = _Lib(cdll, path)
    missing = []
    for name, restype, argtypes in _PROTOTYPES:
        try:
            fn = getattr(cdll, name)
        except AttributeError:
            missing.append(name)
            continue
        fn.restype = restype
        fn.argtypes = list(argtypes)
        setattr(out, name, fn)
    # Version first: a wrong major explains missing symbols better than the list does.
    if hasattr(out, "liion_version_number"):
        check_version(out.liion_version_number(), path)
    if missing:
        raise ImportError("liion: %s lacks functions this package needs: %s"
                          % (path, ", ".join(missing)))
    return out


_cdll, library_path = _load()
#: The bound library: ``lib.liion_ctx_new(...)`` etc., prototypes declared.
lib = _bind(_cdll, library_path)
del _cdll


def text(ptr):
    """Decode a ``const char *`` result (bytes or None) as UTF-8 text."""
    if ptr is None:
        return ""
    return ptr.decode("utf-8", "replace")
