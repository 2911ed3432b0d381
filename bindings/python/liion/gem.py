"""GEM (E30) event reports (liion/gem_report.h): the report table fed by S2F33 / S2F35 /
S2F37 and S6F11 built from it (equipment) or parsed against it (host); the GEM300 state
models (liion/gem300.h): E40 :class:`ProcessJob`, E94 :class:`ControlJob`, E87
:class:`LoadPort` and :class:`Carrier`, E90 :class:`Substrate` and
:class:`SubstrateLocation`; and the GEM300 messages: ``s3f17_encode`` ... ``s14f10_encode``
build bodies, :class:`Gem300Decoder` / :func:`gem300_decode` parse them into a
:class:`Gem300Message`. (The E30 messages S1F1 ... S7F20 are in :mod:`liion.gem_e30`.)

Equipment side::

    rep = gem.Reports()
    drack = rep.on_s2f33(body)          # answer S2F34 with gem.ack_encode(drack)
    body = rep.s6f11_encode(dataid=1, ceid=4001, values={10: secs.A("CELL-1")})

Host side::

    s.send(2, 33, gem.s2f33_encode(1, {10: [1001, 1002]}), wbit=True)
    dataid, ceid, values = rep.s6f11_decode(event.body)   # [(rptid, vid, Item), ...]

A malformed or refused host message raises a LiionError whose ``ack`` attribute holds the
acknowledge code to send back (DRACK / LRACK / ERACK).
"""

import ctypes
from ctypes import POINTER, byref, c_size_t, c_uint8, c_uint32, cast, sizeof

from . import _ffi
from ._default import ctx_or_default
from ._enums import (E40Event, E40State, E87AccessMode, E87Association, E87Cas,
                     E87CarrierEvent, E87Cids, E87Csms, E87LtsEvent, E87LtsState, E87PortEvent,
                     E87Reservation, E87SlotState, E90Event, E90LocEvent,
                     E90LocState, E90Sids, E90Sps, E90Sts, E94Event, E94State, Gem300Field,
                     Gem300Kind)
from ._handle import _Handle
from ._util import encode_into, in_array, in_bytes, u8, u32
from .errors import LiionError, _check
from .hsms import ack_decode, ack_encode  # re-exported for GEM users
from .secs import Item

__all__ = ["Reports", "ProcessJob", "ControlJob", "LoadPort", "E40State", "E40Event",
           "E94State", "E94Event", "E87LtsState", "E87LtsEvent", "E87AccessMode",
           "E87Reservation", "E87Association", "E87PortEvent", "s2f33_encode", "s2f35_encode", "s2f37_encode", "ack_encode",
           "ack_decode", "DRACK_OK", "DRACK_NO_SPACE", "DRACK_FORMAT", "DRACK_DEFINED",
           "DRACK_UNKNOWN_VID", "LRACK_OK", "LRACK_NO_SPACE", "LRACK_FORMAT", "LRACK_LINKED",
           "LRACK_UNKNOWN_CEID", "LRACK_UNKNOWN_RPTID", "ERACK_OK", "ERACK_UNKNOWN_CEID",
           "MAX_REPORTS", "MAX_REPORT_VIDS", "MAX_EVENTS", "MAX_EVENT_REPORTS",
           "Carrier", "Substrate", "SubstrateLocation", "E87Cids", "E87Csms", "E87Cas",
           "E87SlotState", "E87CarrierEvent", "E90Sts", "E90Sps", "E90Sids", "E90Event",
           "E90LocState", "E90LocEvent", "Gem300Kind", "Gem300Field", "Gem300Message",
           "Gem300Decoder", "gem300_decode", "s3f17_encode", "s3f18_encode", "s16f11_encode",
           "s16f12_encode", "s16f5_encode", "s16f6_encode", "s14f9_encode", "s14f10_encode",
           "CAACK_OK", "CAACK_INVALID_COMMAND", "CAACK_CANNOT_NOW", "CAACK_INVALID_DATA",
           "CAACK_LATER", "CAACK_REJECTED", "CAACK_WITH_ERRORS"]

DRACK_OK, DRACK_NO_SPACE, DRACK_FORMAT, DRACK_DEFINED, DRACK_UNKNOWN_VID = 0, 1, 2, 3, 4
LRACK_OK, LRACK_NO_SPACE, LRACK_FORMAT, LRACK_LINKED = 0, 1, 2, 3
LRACK_UNKNOWN_CEID, LRACK_UNKNOWN_RPTID = 4, 5
ERACK_OK, ERACK_UNKNOWN_CEID = 0, 1
MAX_REPORTS, MAX_REPORT_VIDS, MAX_EVENTS, MAX_EVENT_REPORTS = 4096, 1024, 4096, 1024


def _u32s(values, name):
    return in_array(values, ("u", 4), name)


def _groups(mapping, name):
    """{id: [ids...]} -> (ids array, counts array, flat array)."""
    keys = list(mapping)
    groups = [list(mapping[k]) for k in keys]
    flat = [x for g in groups for x in g]
    k = _u32s(keys, name)
    counts = in_array([len(g) for g in groups], ("u", sizeof(c_size_t)), "counts")
    f = _u32s(flat, name)
    return k, counts, f, len(keys)


def _encode_groups(fn, dataid, mapping, name, ctx):
    ctx = ctx_or_default(ctx)
    (kp, _, kk), (cp, _, ck), (fp, _, fk), n = _groups(mapping, name)
    cpt = None if cp is None else cast(cp, POINTER(c_size_t))
    with ctx._lock:
        h = ctx._handle()
        return encode_into(lambda b, cap, w: fn(b, cap, w, h, u32("dataid", dataid), kp, cpt,
                                                fp, n), h)


def s2f33_encode(dataid, reports, ctx=None):
    """S2F33 (Define Report) body from ``{rptid: [vid, ...]}`` (empty dict: delete all)."""
    return _encode_groups(_ffi.lib.liion_gem_s2f33_encode, dataid, reports, "rptid", ctx)


def s2f35_encode(dataid, links, ctx=None):
    """S2F35 (Link Event Report) body from ``{ceid: [rptid, ...]}``."""
    return _encode_groups(_ffi.lib.liion_gem_s2f35_encode, dataid, links, "ceid", ctx)


def s2f37_encode(enable, ceids=(), ctx=None):
    """S2F37 (Enable/Disable Event Report) body; no ``ceids`` means every event."""
    ctx = ctx_or_default(ctx)
    p, n, keep = _u32s(list(ceids), "ceids")
    with ctx._lock:
        h = ctx._handle()
        return encode_into(lambda b, cap, w: _ffi.lib.liion_gem_s2f37_encode(
            b, cap, w, h, 1 if enable else 0, p, n), h)


class Reports(_Handle):
    """The report-definition table (``liion_gem_reports``)."""

    def __init__(self, ctx=None):
        ctx = ctx_or_default(ctx)
        super().__init__(lock=ctx._lock)
        with ctx._lock:
            h = ctx._handle()
            r = _ffi.GemReportsP()
            _check(_ffi.lib.liion_gem_reports_new(byref(r), h), h)
        self._ctx = ctx
        self._adopt(r, _ffi.lib.liion_gem_reports_free, ctx)
        ctx._dependents.add(self)

    def _rh(self):
        return self._handle(), self._ctx._handle()

    def add_vid(self, vid):
        """Declare a VID (then S2F33 naming an undeclared one is denied)."""
        with self._lock:
            r, h = self._rh()
            _check(_ffi.lib.liion_gem_reports_add_vid(r, u32("vid", vid)), h)

    def add_ceid(self, ceid):
        """Declare a collection event (initially disabled)."""
        with self._lock:
            r, h = self._rh()
            _check(_ffi.lib.liion_gem_reports_add_ceid(r, u32("ceid", ceid)), h)

    @property
    def report_count(self):
        """Defined reports."""
        with self._lock:
            return _ffi.lib.liion_gem_reports_report_count(self._handle())

    def report_size(self, rptid):
        """VIDs in report ``rptid`` (0 when undefined)."""
        with self._lock:
            return _ffi.lib.liion_gem_reports_report_size(self._handle(), u32("rptid", rptid))

    def link_count(self, ceid):
        """Reports linked to event ``ceid``."""
        with self._lock:
            return _ffi.lib.liion_gem_reports_link_count(self._handle(), u32("ceid", ceid))

    def event_enabled(self, ceid):
        """Whether event ``ceid`` is enabled."""
        with self._lock:
            return bool(_ffi.lib.liion_gem_reports_event_enabled(self._handle(),
                                                                 u32("ceid", ceid)))

    def _on(self, fn, body):
        ack = c_uint8()
        p, n = in_bytes(body)
        with self._lock:
            r, h = self._rh()
            try:
                _check(fn(byref(ack), r, p, n), h)
            except LiionError as e:
                e.ack = ack.value
                raise
        return ack.value

    def on_s2f33(self, body):
        """Apply an S2F33 body; returns the DRACK for S2F34 (the table changes only with 0)."""
        return self._on(_ffi.lib.liion_gem_reports_on_s2f33, body)

    def on_s2f35(self, body):
        """Apply an S2F35 body; returns the LRACK for S2F36."""
        return self._on(_ffi.lib.liion_gem_reports_on_s2f35, body)

    def on_s2f37(self, body):
        """Apply an S2F37 body; returns the ERACK for S2F38."""
        return self._on(_ffi.lib.liion_gem_reports_on_s2f37, body)

    def s6f11_encode(self, dataid, ceid, values):
        """S6F11 body for event ``ceid`` from the table; ``values`` maps each VID to its
        value (an Item or a plain value) or is a callable ``values(vid)``."""
        lib = _ffi.lib
        with self._lock:
            r, h = self._rh()
            if callable(values):
                built = {}

                def vid_value(user, vid):
                    try:
                        if vid not in built:
                            v = values(vid)
                            built[vid] = None if v is None else Item.from_python(v)._build(h)
                        p = built[vid]
                        return ctypes.cast(p, ctypes.c_void_p).value if p else None
                    except BaseException:
                        return None  # LIION_E_NOT_FOUND from the encoder
                cfn = _ffi.GemVidFn(vid_value)
                try:
                    return encode_into(lambda b, cap, w: lib.liion_gem_reports_s6f11_encode(
                        b, cap, w, r, u32("dataid", dataid), u32("ceid", ceid), cfn, None), h)
                finally:
                    for p in built.values():
                        if p:
                            lib.liion_secs_item_free(p)
            vids = list(values)
            items = []
            try:
                for vid in vids:
                    items.append(Item.from_python(values[vid])._build(h))
                vp, n, keep = _u32s(vids, "vid")
                arr = (_ffi.SecsItemP * max(n, 1))(*items)
                return encode_into(lambda b, cap, w: lib.liion_gem_reports_s6f11_encode_values(
                    b, cap, w, r, u32("dataid", dataid), u32("ceid", ceid), vp, arr, n), h)
            finally:
                for p in items:
                    lib.liion_secs_item_free(p)

    def s6f11_decode(self, body):
        """Parse an S6F11 body against the table: ``(dataid, ceid, [(rptid, vid, Item)])``."""
        lib = _ffi.lib
        out = []
        err = []

        def on_value(user, rptid, vid, item):
            try:
                out.append((rptid, vid, Item._read(item)))
                return 0
            except BaseException as e:
                err.append(e)
                return 1
        cfn = _ffi.GemValueFn(on_value)
        d, c = c_uint32(), c_uint32()
        p, n = in_bytes(body)
        with self._lock:
            r, h = self._rh()
            st = lib.liion_gem_reports_s6f11_decode(byref(d), byref(c), r, p, n, cfn, None)
            if err:
                raise err[0]
            _check(st, h)
        return d.value, c.value, out



# ---- GEM300 state models (liion/gem300.h) ---------------------------------------------------

class _Job(_Handle):
    _new = _free = _get = _apply = _sstr = _estr = None
    _State = _Event = None

    def _init(self, ctx, arg):
        ctx = ctx_or_default(ctx)
        _Handle.__init__(self, lock=ctx._lock)
        new = getattr(_ffi.lib, self._new)
        out = new.argtypes[0]._type_()
        with ctx._lock:
            h = ctx._handle()
            _check(new(byref(out), h, arg), h)
        self._ctx = ctx
        self._adopt(out, getattr(_ffi.lib, self._free), ctx)
        ctx._dependents.add(self)

    @property
    def state(self):
        """The current state."""
        with self._lock:
            return self._State(getattr(_ffi.lib, self._get)(self._handle()))

    @classmethod
    def state_str(cls, state):
        """The standard's name of a state."""
        return _ffi.text(getattr(_ffi.lib, cls._sstr)(int(state)))

    @classmethod
    def event_str(cls, event):
        """The standard's name of an event."""
        return _ffi.text(getattr(_ffi.lib, cls._estr)(int(event)))


class _SingleJob(_Job):
    def apply(self, event):
        """Apply an event; returns the standard's transition number. LiionStateError (the
        message names state and event) when the event is not allowed; nothing changes."""
        t = c_uint32()
        with self._lock:
            j = self._handle()
            h = self._ctx._handle()
            _check(getattr(_ffi.lib, self._apply)(byref(t), j, int(event)), h)
        return t.value


class ProcessJob(_SingleJob):
    """E40 process job state model (``liion_e40_job``); ``auto_start`` skips WAITING FOR
    START."""

    _new, _free, _get, _apply = ("liion_e40_job_new", "liion_e40_job_free",
                                 "liion_e40_job_get_state", "liion_e40_job_apply")
    _sstr, _estr = "liion_e40_state_str", "liion_e40_event_str"
    _State, _Event = E40State, E40Event

    def __init__(self, auto_start=False, ctx=None):
        self._init(ctx, _ffi.E40_AUTO_START if auto_start else 0)


class ControlJob(_SingleJob):
    """E94 control job state model (``liion_e94_job``)."""

    _new, _free, _get, _apply = ("liion_e94_job_new", "liion_e94_job_free",
                                 "liion_e94_job_get_state", "liion_e94_job_apply")
    _sstr, _estr = "liion_e94_state_str", "liion_e94_event_str"
    _State, _Event = E94State, E94Event

    def __init__(self, auto_start=False, ctx=None):
        self._init(ctx, _ffi.E94_AUTO_START if auto_start else 0)


class LoadPort(_Job):
    """E87 load port transfer state model (``liion_e87_port``)."""

    _new, _free, _get, _apply = ("liion_e87_port_new", "liion_e87_port_free",
                                 "liion_e87_port_get_state", "liion_e87_port_apply")
    _sstr, _estr = "liion_e87_lts_state_str", "liion_e87_lts_event_str"
    _State, _Event = E87LtsState, E87LtsEvent

    def __init__(self, initial=E87LtsState.OUT_OF_SERVICE, ctx=None):
        self._init(ctx, int(E87LtsState(initial)))

    def apply(self, event):
        """Apply an event; returns the list of E87 transition numbers taken (one event may
        pass through superstates)."""
        ts = (c_uint32 * _ffi.E87_MAX_TRANSITIONS)()
        n = c_size_t()
        with self._lock:
            p = self._handle()
            h = self._ctx._handle()
            _check(_ffi.lib.liion_e87_port_apply(ts, byref(n), p, int(event)), h)
        return list(ts[:n.value])

    def change(self, event):
        """Apply an access mode, reservation or association event (:class:`E87PortEvent`);
        returns the E87 transition number of that model (AMS, LRS or LCAS).
        LiionStateError when the model's state does not allow it."""
        event = E87PortEvent(event)  # ValueError for a number that is no event
        t = c_uint32()
        with self._lock:
            p = self._handle()
            h = self._ctx._handle()
            _check(_ffi.lib.liion_e87_port_change(byref(t), p, int(event)), h)
        return t.value

    @property
    def access_mode(self):
        """:class:`E87AccessMode` (MANUAL when new)."""
        return self._get_enum(_ffi.lib.liion_e87_port_access_mode, E87AccessMode)

    @property
    def reservation(self):
        """:class:`E87Reservation` (NOT_RESERVED when new)."""
        return self._get_enum(_ffi.lib.liion_e87_port_reservation, E87Reservation)

    @property
    def association(self):
        """:class:`E87Association` (NOT_ASSOCIATED when new)."""
        return self._get_enum(_ffi.lib.liion_e87_port_association, E87Association)

    @staticmethod
    def port_event_str(event):
        """Name of an access mode, reservation or association event."""
        return _ffi.text(_ffi.lib.liion_e87_port_event_str(int(event)))


# ---- E87 carrier object, E90 substrate and substrate location (liion/gem300.h) -------------

class _Obj(_Handle):
    """A GEM300 object state model created from a context; shares the context's lock."""

    _get = _Handle._get_enum

    def _apply(self, fn, event, enum):
        event = enum(event)  # ValueError for a number that is no event
        t = c_uint32()
        with self._lock:
            o = self._handle()
            h = self._ctx._handle()
            _check(fn(byref(t), o, int(event)), h)
        return t.value



def _new_with_transitions(new, ctx, n_max, *tail):
    """Run a ``*_new(&out, transitions, &count, ctx[, initial])`` constructor."""
    ts = (c_uint32 * n_max)()
    n = c_size_t()
    out = new.argtypes[0]._type_()
    with ctx._lock:
        h = ctx._handle()
        _check(new(byref(out), ts, byref(n), h, *tail), h)
    return out, list(ts[:n.value])


class Carrier(_Obj):
    """E87 carrier object (``liion_e87_carrier``): carrier ID status, slot map status and
    accessing status in one object. ``initial`` is the carrier ID status it is created in;
    :attr:`creation_transitions` lists the E87 transitions of its creation (1, 2-5, 12, 17)."""

    def __init__(self, initial=E87Cids.NOT_READ, ctx=None):
        ctx = ctx_or_default(ctx)
        _Handle.__init__(self, lock=ctx._lock)
        lib = _ffi.lib
        out, self.creation_transitions = _new_with_transitions(
            lib.liion_e87_carrier_new, ctx, _ffi.E87_CARRIER_NEW_TRANSITIONS,
            int(E87Cids(initial)))
        self._ctx = ctx
        self._adopt(out, lib.liion_e87_carrier_free, ctx)
        ctx._dependents.add(self)

    @property
    def id_status(self):
        """Carrier ID status (:class:`~liion.E87Cids`)."""
        return self._get(_ffi.lib.liion_e87_carrier_get_id_status, E87Cids)

    @property
    def slot_map_status(self):
        """Slot map status (:class:`~liion.E87Csms`)."""
        return self._get(_ffi.lib.liion_e87_carrier_get_slot_map_status, E87Csms)

    @property
    def access_status(self):
        """Carrier accessing status (:class:`~liion.E87Cas`)."""
        return self._get(_ffi.lib.liion_e87_carrier_get_access_status, E87Cas)

    @property
    def removed(self):
        """True once the carrier object has ended (transition 21)."""
        with self._lock:
            return bool(_ffi.lib.liion_e87_carrier_removed(self._handle()))

    def set_slot_map(self, slots):
        """Store the slot map read by the equipment: :class:`~liion.E87SlotState` values
        (any sequence or a bytes-like buffer of uint8), slot 1 first."""
        p, n, keep = in_array(slots, ("u", 1), "slots")
        with self._lock:
            c = self._handle()
            h = self._ctx._handle()
            _check(_ffi.lib.liion_e87_carrier_set_slot_map(c, p, n), h)

    @property
    def slots(self):
        """The stored slot map as a list of :class:`~liion.E87SlotState` (empty before
        :meth:`set_slot_map`)."""
        lib = _ffi.lib
        with self._lock:
            c = self._handle()
            return [E87SlotState(lib.liion_e87_carrier_get_slot(c, i))
                    for i in range(lib.liion_e87_carrier_slot_count(c))]

    def apply(self, event):
        """Apply an :class:`~liion.E87CarrierEvent`; returns the E87 transition number.
        LiionStateError (nothing changes) when the event is not allowed now."""
        return self._apply(_ffi.lib.liion_e87_carrier_apply, event, E87CarrierEvent)

    @staticmethod
    def cids_str(v):
        """The standard's name of a carrier ID status."""
        return _ffi.text(_ffi.lib.liion_e87_cids_str(int(v)))

    @staticmethod
    def csms_str(v):
        """The standard's name of a slot map status."""
        return _ffi.text(_ffi.lib.liion_e87_csms_str(int(v)))

    @staticmethod
    def cas_str(v):
        """The standard's name of an accessing status."""
        return _ffi.text(_ffi.lib.liion_e87_cas_str(int(v)))

    @staticmethod
    def slot_state_str(v):
        """The standard's name of a slot state."""
        return _ffi.text(_ffi.lib.liion_e87_slot_state_str(int(v)))

    @staticmethod
    def event_str(v):
        """The name of a carrier event."""
        return _ffi.text(_ffi.lib.liion_e87_carrier_event_str(int(v)))


class Substrate(_Obj):
    """E90 substrate object (``liion_e90_substrate``): transport, processing and ID status.
    :attr:`creation_transitions` lists the E90 transitions of its creation."""

    def __init__(self, ctx=None):
        ctx = ctx_or_default(ctx)
        _Handle.__init__(self, lock=ctx._lock)
        lib = _ffi.lib
        out, self.creation_transitions = _new_with_transitions(
            lib.liion_e90_substrate_new, ctx, _ffi.E90_SUBSTRATE_NEW_TRANSITIONS)
        self._ctx = ctx
        self._adopt(out, lib.liion_e90_substrate_free, ctx)
        ctx._dependents.add(self)

    @property
    def transport(self):
        """Transport state (:class:`~liion.E90Sts`; ``STS_REMOVED`` once the object ended)."""
        return self._get(_ffi.lib.liion_e90_substrate_get_transport, E90Sts)

    @property
    def processing(self):
        """Processing state (:class:`~liion.E90Sps`)."""
        return self._get(_ffi.lib.liion_e90_substrate_get_processing, E90Sps)

    @property
    def id_status(self):
        """ID status (:class:`~liion.E90Sids`)."""
        return self._get(_ffi.lib.liion_e90_substrate_get_id_status, E90Sids)

    def apply(self, event):
        """Apply an :class:`~liion.E90Event`; returns the E90 transition number.
        LiionStateError (nothing changes) when the event is not allowed now."""
        return self._apply(_ffi.lib.liion_e90_substrate_apply, event, E90Event)

    @staticmethod
    def sts_str(v):
        """The standard's name of a transport state."""
        return _ffi.text(_ffi.lib.liion_e90_sts_str(int(v)))

    @staticmethod
    def sps_str(v):
        """The standard's name of a processing state."""
        return _ffi.text(_ffi.lib.liion_e90_sps_str(int(v)))

    @staticmethod
    def sids_str(v):
        """The standard's name of an ID status."""
        return _ffi.text(_ffi.lib.liion_e90_sids_str(int(v)))

    @staticmethod
    def event_str(v):
        """The name of a substrate event."""
        return _ffi.text(_ffi.lib.liion_e90_event_str(int(v)))


class SubstrateLocation(_Obj):
    """E90 substrate location (``liion_e90_location``): UNOCCUPIED / OCCUPIED."""

    def __init__(self, initial=E90LocState.UNOCCUPIED, ctx=None):
        ctx = ctx_or_default(ctx)
        _Handle.__init__(self, lock=ctx._lock)
        lib = _ffi.lib
        out = _ffi.E90LocationP()
        with ctx._lock:
            h = ctx._handle()
            _check(lib.liion_e90_location_new(byref(out), h, int(E90LocState(initial))), h)
        self._ctx = ctx
        self._adopt(out, lib.liion_e90_location_free, ctx)
        ctx._dependents.add(self)

    @property
    def state(self):
        """The current :class:`~liion.E90LocState`."""
        return self._get(_ffi.lib.liion_e90_location_get_state, E90LocState)

    def apply(self, event):
        """Apply an :class:`~liion.E90LocEvent`; returns the E90 transition number."""
        return self._apply(_ffi.lib.liion_e90_location_apply, event, E90LocEvent)

    @staticmethod
    def state_str(v):
        """The standard's name of a location state."""
        return _ffi.text(_ffi.lib.liion_e90_loc_state_str(int(v)))


# ---- GEM300 messages: S3F17/F18, S14F9/F10, S16F5/F6, S16F11/F12 (liion/gem300.h) ------------

CAACK_OK, CAACK_INVALID_COMMAND, CAACK_CANNOT_NOW, CAACK_INVALID_DATA = 0, 1, 2, 3
CAACK_LATER, CAACK_REJECTED, CAACK_WITH_ERRORS = 4, 5, 6

_UINT_FIELDS = (Gem300Field.DATAID, Gem300Field.PTN, Gem300Field.MF,
                Gem300Field.PRRECIPEMETHOD, Gem300Field.PRPROCESSSTART, Gem300Field.ACK)
_TEXT_FIELDS = (Gem300Field.CARRIERACTION, Gem300Field.CARRIERID, Gem300Field.PRJOBID,
                Gem300Field.PRCMDNAME, Gem300Field.RCPSPEC, Gem300Field.OBJSPEC,
                Gem300Field.OBJTYPE)


def _texts(values, name):
    """``(char* array, size_t lengths pointer, n, keep)`` for a sequence of str/bytes."""
    raw = []
    for v in values:
        if isinstance(v, str):
            v = v.encode("utf-8")
        elif not isinstance(v, bytes):
            v = bytes(memoryview(v))
        raw.append(v)
    n = len(raw)
    if n == 0:
        return None, None, 0, None
    arr = (ctypes.c_char_p * n)(*raw)
    lp, _, lk = in_array([len(r) for r in raw], ("u", sizeof(c_size_t)), name)
    return arr, cast(lp, POINTER(c_size_t)), n, (raw, arr, lk)


def _text(v):
    if v is None:
        return None, 0
    if isinstance(v, str):
        v = v.encode("utf-8")
    elif not isinstance(v, bytes):
        v = bytes(memoryview(v))
    return v, len(v)


def _pairs(pairs):
    """A dict or a sequence of (name, value) as two lists."""
    items = list(pairs.items()) if isinstance(pairs, dict) else [tuple(p) for p in pairs]
    return [k for k, _ in items], [v for _, v in items]


def _errors(errors):
    errors = [tuple(e) for e in errors]
    codes = [c for c, _ in errors]
    cp, n, ck = _u32s(codes, "errcode")
    tp, lp, _, tk = _texts([t for _, t in errors], "errtext")
    return cp, tp, lp, n, (ck, tk)


class _Built:
    """Build Python values as C items for one call, free them after it."""

    def __init__(self, h, values):
        self.items = []
        lib = _ffi.lib
        try:
            for v in values:
                self.items.append(Item.from_python(v)._build(h))
        except BaseException:
            for p in self.items:
                lib.liion_secs_item_free(p)
            raise
        self.array = (_ffi.SecsItemP * len(self.items))(*self.items) if self.items else None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for p in self.items:
            _ffi.lib.liion_secs_item_free(p)
        self.items = []
        return False


def _encode_300(ctx, values, call):
    """Run ``call(h, item_array)`` under the context lock with ``values`` built as items."""
    ctx = ctx_or_default(ctx)
    with ctx._lock:
        h = ctx._handle()
        with _Built(h, values) as b:
            return encode_into(lambda buf, cap, w: call(buf, cap, w, h, b.array), h)


def s3f17_encode(dataid, action, carrierid, ptn, attrs=(), ctx=None):
    """S3F17 (carrier action request) body; ``attrs`` is a dict or (CATTRID, CATTRDATA)
    pairs, each value an Item or a plain value."""
    names, values = _pairs(attrs)
    np_, nl, n, keep = _texts(names, "attr names")
    a, al = _text(action)
    c, cl = _text(carrierid)
    return _encode_300(ctx, values, lambda b, cap, w, h, arr: _ffi.lib.liion_gem300_s3f17_encode(
        b, cap, w, h, u32("dataid", dataid), a, al, c, cl, u8("ptn", ptn), np_, nl, arr, n))


def s3f18_encode(caack, errors=(), ctx=None):
    """S3F18 (carrier action acknowledge) body; ``errors`` are (ERRCODE, ERRTEXT) pairs."""
    cp, tp, lp, n, keep = _errors(errors)
    return _encode_300(ctx, (), lambda b, cap, w, h, arr: _ffi.lib.liion_gem300_s3f18_encode(
        b, cap, w, h, u8("caack", caack), cp, tp, lp, n))


def s16f11_encode(dataid, prjobid, mf, carriers=(), recipe_method=1, rcpspec="", params=(),
                  process_start=True, pause_events=(), ctx=None):
    """S16F11 (PRJobCreateEnh) body. ``carriers`` is a dict or (CARRIERID, [SLOTID, ...])
    pairs; ``params`` a dict or (RCPPARNM, RCPPARVAL) pairs; ``pause_events`` CEIDs."""
    cids, slot_lists = _pairs(carriers)
    slot_lists = [list(s) for s in slot_lists]
    cp, cl, nc, ck = _texts(cids, "carrier ids")
    sc, _, sck = in_array([len(s) for s in slot_lists], ("u", sizeof(c_size_t)), "slot counts")
    sc = None if sc is None else cast(sc, POINTER(c_size_t))
    sp, _, spk = in_array([x for s in slot_lists for x in s], ("u", 1), "slots")
    names, values = _pairs(params)
    np_, nl, npar, nk = _texts(names, "param names")
    pe, npe, pek = _u32s(list(pause_events), "pause_events")
    j, jl = _text(prjobid)
    r, rl = _text(rcpspec)
    return _encode_300(ctx, values, lambda b, cap, w, h, arr: _ffi.lib.liion_gem300_s16f11_encode(
        b, cap, w, h, u32("dataid", dataid), j, jl, u8("mf", mf), cp, cl, sc, sp, nc,
        u8("recipe_method", recipe_method), r, rl, np_, nl, arr, npar,
        1 if process_start else 0, pe, npe))


def s16f12_encode(prjobid, acka, errors=(), ctx=None):
    """S16F12 (PRJobCreateEnh acknowledge) body; ``acka`` True for success."""
    cp, tp, lp, n, keep = _errors(errors)
    j, jl = _text(prjobid)
    return _encode_300(ctx, (), lambda b, cap, w, h, arr: _ffi.lib.liion_gem300_s16f12_encode(
        b, cap, w, h, j, jl, 1 if acka else 0, cp, tp, lp, n))


def s16f5_encode(dataid, prjobid, command, params=(), ctx=None):
    """S16F5 (process job command request) body: PRCMDNAME ``command`` (START, STOP, PAUSE,
    RESUME, ABORT, CANCEL) with (CPNAME, CPVAL) ``params``."""
    names, values = _pairs(params)
    np_, nl, n, keep = _texts(names, "param names")
    j, jl = _text(prjobid)
    c, cl = _text(command)
    return _encode_300(ctx, values, lambda b, cap, w, h, arr: _ffi.lib.liion_gem300_s16f5_encode(
        b, cap, w, h, u32("dataid", dataid), j, jl, c, cl, np_, nl, arr, n))


def s16f6_encode(prjobid, acka, errors=(), ctx=None):
    """S16F6 (process job command acknowledge) body; ``acka`` True for success."""
    cp, tp, lp, n, keep = _errors(errors)
    j, jl = _text(prjobid)
    return _encode_300(ctx, (), lambda b, cap, w, h, arr: _ffi.lib.liion_gem300_s16f6_encode(
        b, cap, w, h, j, jl, 1 if acka else 0, cp, tp, lp, n))


def s14f9_encode(objspec, objtype, attrs=(), ctx=None):
    """S14F9 (create object request, e.g. a ControlJob) body; ``attrs`` (ATTRID, ATTRDATA)."""
    names, values = _pairs(attrs)
    np_, nl, n, keep = _texts(names, "attr names")
    s, sl = _text(objspec)
    t, tl = _text(objtype)
    return _encode_300(ctx, values, lambda b, cap, w, h, arr: _ffi.lib.liion_gem300_s14f9_encode(
        b, cap, w, h, s, sl, t, tl, np_, nl, arr, n))


def s14f10_encode(objspec, attrs=(), objack=0, errors=(), ctx=None):
    """S14F10 (create object acknowledge) body; ``objack`` 0 for success."""
    names, values = _pairs(attrs)
    np_, nl, n, keep = _texts(names, "attr names")
    cp, tp, lp, ne, ekeep = _errors(errors)
    s, sl = _text(objspec)
    return _encode_300(ctx, values, lambda b, cap, w, h, arr: _ffi.lib.liion_gem300_s14f10_encode(
        b, cap, w, h, s, sl, np_, nl, arr, n, u8("objack", objack), cp, tp, lp, ne))


class Gem300Message:
    """A decoded GEM300 message (plain Python data, no C memory).

    ``kind`` (:class:`~liion.Gem300Kind`); ``fields`` maps each scalar
    :class:`~liion.Gem300Field` present to an int (DATAID, PTN, MF, PRRECIPEMETHOD,
    PRPROCESSSTART, ACK) or a str (the text fields); ``attrs`` is a list of (name, Item);
    ``errors`` of (code, text); ``carriers`` of (carrier ID, [slot IDs]); ``pause_events``
    a list of CEIDs. ``msg[Gem300Field.PRJOBID]`` reads a field (KeyError when absent).
    """

    __slots__ = ("kind", "fields", "attrs", "errors", "carriers", "pause_events")

    def __init__(self, kind, fields, attrs, errors, carriers, pause_events):
        self.kind = kind
        self.fields = fields
        self.attrs = attrs
        self.errors = errors
        self.carriers = carriers
        self.pause_events = pause_events

    def __getitem__(self, field):
        return self.fields[Gem300Field(field)]

    def get(self, field, default=None):
        return self.fields.get(Gem300Field(field), default)

    def __repr__(self):
        return "Gem300Message(%s, %r, attrs=%r, errors=%r, carriers=%r, pause_events=%r)" % (
            self.kind.name, {f.name: v for f, v in self.fields.items()}, self.attrs,
            self.errors, self.carriers, self.pause_events)


def _s(ptr, n):
    return ctypes.string_at(ptr, n).decode("utf-8", "replace") if ptr and n else ""


class Gem300Decoder(_Handle):
    """Decodes GEM300 bodies again and again into one C holder (``liion_gem300_msg``; steady
    use allocates nothing in C). Shares the context's lock."""

    def __init__(self, ctx=None):
        ctx = ctx_or_default(ctx)
        super().__init__(lock=ctx._lock)
        lib = _ffi.lib
        with ctx._lock:
            h = ctx._handle()
            m = _ffi.Gem300MsgP()
            _check(lib.liion_gem300_msg_new(byref(m), h), h)
        self._ctx = ctx
        self._adopt(m, lib.liion_gem300_msg_free, ctx)
        ctx._dependents.add(self)

    def decode(self, kind, body):
        """Decode and check ``body`` as message ``kind`` (a :class:`~liion.Gem300Kind`);
        returns a :class:`Gem300Message`. A wrong structure raises LiionDecodeError naming the
        element, with the offending item's byte offset."""
        kind = Gem300Kind(kind)
        lib = _ffi.lib
        p, n = in_bytes(body)
        with self._lock:
            m = self._handle()
            h = self._ctx._handle()
            _check(lib.liion_gem300_msg_decode(m, int(kind), p, n), h)
            fields = {}
            u = ctypes.c_uint64()
            tp, tl = ctypes.c_void_p(), c_size_t()
            for f in _UINT_FIELDS:
                if lib.liion_gem300_msg_get_uint(byref(u), m, int(f)) == 0:
                    fields[f] = u.value
            for f in _TEXT_FIELDS:
                if lib.liion_gem300_msg_get_text(byref(tp), byref(tl), m, int(f)) == 0:
                    fields[f] = _s(tp.value, tl.value)
            item = _ffi.SecsItemP()
            attrs = []
            for i in range(lib.liion_gem300_msg_count(m, int(Gem300Field.ATTRS))):
                _check(lib.liion_gem300_msg_get_attr(byref(tp), byref(tl), byref(item), m, i), h)
                attrs.append((_s(tp.value, tl.value), Item._read(item)))
            errors = []
            for i in range(lib.liion_gem300_msg_count(m, int(Gem300Field.ERRORS))):
                _check(lib.liion_gem300_msg_get_error(byref(u), byref(tp), byref(tl), m, i), h)
                errors.append((u.value, _s(tp.value, tl.value)))
            carriers = []
            ns = c_size_t()
            slot = c_uint8()
            for i in range(lib.liion_gem300_msg_count(m, int(Gem300Field.CARRIERS))):
                _check(lib.liion_gem300_msg_get_carrier(byref(tp), byref(tl), byref(ns), m, i),
                       h)
                cid = _s(tp.value, tl.value)
                slots = []
                for j in range(ns.value):
                    _check(lib.liion_gem300_msg_get_slot(byref(slot), m, i, j), h)
                    slots.append(slot.value)
                carriers.append((cid, slots))
            pause = []
            for i in range(lib.liion_gem300_msg_count(m, int(Gem300Field.PAUSE_EVENTS))):
                _check(lib.liion_gem300_msg_get_pause_event(byref(u), m, i), h)
                pause.append(u.value)
            return Gem300Message(Gem300Kind(lib.liion_gem300_msg_get_kind(m)), fields, attrs,
                                 errors, carriers, pause)

    @property
    def kind(self):
        """Kind of the last successful decode (``Gem300Kind.NONE`` after a failure)."""
        with self._lock:
            return Gem300Kind(_ffi.lib.liion_gem300_msg_get_kind(self._handle()))


def gem300_decode(kind, body, ctx=None):
    """One-shot :meth:`Gem300Decoder.decode` (use a Gem300Decoder for many messages)."""
    with Gem300Decoder(ctx) as d:
        return d.decode(kind, body)
