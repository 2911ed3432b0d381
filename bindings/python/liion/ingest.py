"""Ingest (liion/ingest.h): equipment messages mapped onto the ISA-95 plant model by a mapping
file, with spec checks applied as values arrive.

    m = ingest.IngestMap(open("plant_day.map").read())
    with ingest.Ingest(plant, m, registry=reg, limits=limits) as ing:
        ing.event("MIXER-1", 100, {1001: "SLURRY-A-1", 1002: "NMC811-L2609"}, time=t)
        ing.s6f11("FORMATION-1", reports, body, time=t)
        ing.state_change("STACKER-1", IngestMachine.E40, E40State.PROCESSING, "PJ-1", time=t)
        ing.uadp(network_message_bytes, time=t)
        ing.datavalue(2, "s=DryRoom1.DewPoint", opcua.DataValue(-41.5), time=t)

A message the map does not cover, a missing report variable, a value of the wrong type, ...
changes nothing and raises the matching :class:`~liion.LiionError` subclass with the library's
message (``LiionUnsupportedError`` for an unmapped message, ``LiionNotFoundError`` for a
missing VID or lot, ``LiionValueError`` for a wrong type or unit, ``LiionStateError`` for a
response that is not open ...). Each refusal is also kept in :attr:`Ingest.problems` as a
:class:`Problem` (status and text), so a feed loop may catch and carry on, then review the
list. :attr:`Ingest.stats` gives the counters.
"""

import collections
import os
from ctypes import POINTER, byref, c_uint32, cast

from . import _ffi
from ._default import ctx_or_default
from ._enums import IngestMachine, IngestStatKind
from ._handle import _Handle
from ._util import cstr, i64, in_array, in_bytes, u16, u32
from .errors import _as_status, _check
from .secs import Item

__all__ = ["IngestMap", "Ingest", "Problem", "IngestMachine", "IngestStatKind",
           "MAX_MAP_BYTES", "MAX_LINE_BYTES", "MAX_RULES", "MAX_VALUES", "MAX_RESPONSE_LOTS",
           "MAX_PROBLEMS"]

MAX_MAP_BYTES = 4 * 1024 * 1024
MAX_LINE_BYTES = 1024
MAX_RULES = 65536
MAX_VALUES = 256
MAX_RESPONSE_LOTS = 64
MAX_PROBLEMS = 1024


class Problem(collections.namedtuple("Problem", "status text")):
    """One refused message: its :class:`~liion.Status` and the library's text naming the
    message (``S6F11 CEID 301 from STACKER-1``), the field and what was wrong."""

    __slots__ = ()

    def __str__(self):
        return self.text


class IngestMap(_Handle):
    """A parsed mapping file (``liion_ingest_map``). ``text`` is str or bytes (UTF-8). A syntax
    error raises LiionDecodeError whose message reads ``line L, column C: ...`` and whose
    ``offset`` is the byte offset; a second rule for one message key LiionExistsError."""

    def __init__(self, text, ctx=None):
        ctx = ctx_or_default(ctx)
        super().__init__(lock=ctx._lock)
        raw = text.encode("utf-8") if isinstance(text, str) else bytes(memoryview(text))
        lib = _ffi.lib
        with ctx._lock:
            h = ctx._handle()
            m = _ffi.IngestMapP()
            _check(lib.liion_ingest_map_parse(byref(m), h, raw, len(raw)), h)
        self._ctx = ctx
        self._adopt(m, lib.liion_ingest_map_free, ctx)
        ctx._dependents.add(self)

    @classmethod
    def from_file(cls, path, ctx=None):
        """Parse the mapping file at ``path``."""
        with open(os.fspath(path), "rb") as f:
            return cls(f.read(), ctx)

    @property
    def rule_count(self):
        """Number of rules (``on`` lines)."""
        with self._lock:
            return _ffi.lib.liion_ingest_map_rule_count(self._handle())

    def __len__(self):
        return self.rule_count


class Ingest(_Handle):
    """A map joined to a plant (``liion_ingest``). ``plant`` is a :class:`~liion.Plant` (or a
    :class:`~liion.Store`: its plant); ``registry`` (a :class:`liion.spec.Registry`) and
    ``limits`` (a :class:`liion.spec.Limits`) enable the ``check`` rules. The plant, the map,
    the registry and the limits must share one context; they are kept alive by the ingest,
    and closing any of them closes the ingest first."""

    def __init__(self, plant, map, registry=None, limits=None):
        plant = getattr(plant, "plant", plant)  # a Store gives its plant
        ctx = plant._ctx
        if map._ctx is not ctx:
            raise ValueError("the map and the plant must share one Context")
        super().__init__(lock=ctx._lock)
        lib = _ffi.lib
        with ctx._lock:
            h = ctx._handle()
            ing = _ffi.IngestP()
            _check(lib.liion_ingest_new(byref(ing), h, plant._handle(), map._handle()), h)
        self._ctx = ctx
        self._plant = plant
        self._map = map
        self._spec = (None, None)
        self._adopt(ing, lib.liion_ingest_free, ctx, plant, map)
        plant._dependents.add(self)
        map._dependents.add(self)
        if registry is not None or limits is not None:
            try:
                self.set_spec(registry, limits)
            except BaseException:
                self.close()
                raise

    @property
    def plant(self):
        """The :class:`~liion.Plant` mutations go to."""
        return self._plant

    def _ih(self):
        return self._handle(), self._ctx._handle()

    def set_spec(self, registry, limits):
        """Attach (or with None, detach) the spec registry and limit set ``check`` rules use."""
        for obj in (registry, limits):
            if obj is not None and obj._ctx is not self._ctx:
                raise ValueError("the registry and the limits must share the plant's Context")
        with self._lock:
            ing, h = self._ih()
            _check(_ffi.lib.liion_ingest_set_spec(
                ing, None if registry is None else registry._handle(),
                None if limits is None else limits._handle()), h)
            self._spec = (registry, limits)  # keep them alive while attached
        for obj in (registry, limits):
            if obj is not None:
                obj._dependents.add(self)

    def s6f11(self, equipment, reports, body, time=0):
        """Ingest one S6F11 body from ``equipment``, decoded with ``reports`` (a
        :class:`liion.gem.Reports`, the host's copy of the report definitions)."""
        e = cstr(equipment, "equipment")
        p, n = in_bytes(body, name="body")
        with self._lock:
            ing, h = self._ih()
            _check(_ffi.lib.liion_ingest_s6f11(ing, e, reports._handle(), p, n,
                                              i64("time", time)), h)

    def event(self, equipment, ceid, values, time=0):
        """Ingest one decoded collection event: ``values`` maps each VID to an Item or a
        plain value (``Item.from_python``), or is a sequence of (vid, value) pairs."""
        lib = _ffi.lib
        pairs = list(values.items()) if isinstance(values, dict) else [tuple(v) for v in values]
        e = cstr(equipment, "equipment")
        vp, n, keep = in_array([v for v, _ in pairs], ("u", 4), "vid")
        vp = None if vp is None else cast(vp, POINTER(c_uint32))
        with self._lock:
            ing, h = self._ih()
            items = []
            try:
                for _, v in pairs:
                    items.append(Item.from_python(v)._build(h))
                arr = (_ffi.SecsItemP * n)(*items) if n else None
                _check(lib.liion_ingest_event(ing, e, u32("ceid", ceid), vp, arr, n,
                                             i64("time", time)), h)
            finally:
                for it in items:
                    lib.liion_secs_item_free(it)

    def state_change(self, equipment, machine, state, object_id=None, time=0):
        """Ingest an E40 process job (``object_id`` the PRJobID) or E87 load port
        (``object_id`` the CarrierID) state change; ``machine`` an
        :class:`~liion.IngestMachine`, ``state`` an :class:`~liion.E40State` /
        :class:`~liion.E87LtsState` value."""
        machine = IngestMachine(machine)
        e = cstr(equipment, "equipment")
        o = cstr(object_id, "object_id")
        with self._lock:
            ing, h = self._ih()
            _check(_ffi.lib.liion_ingest_state_change(ing, e, int(machine), u32("state", state),
                                                     o, i64("time", time)), h)

    def uadp(self, data, time=0):
        """Ingest every mapped field of one UADP NetworkMessage: its bytes (decoded into a
        message the ingest keeps) or a :class:`liion.uadp.NetworkMessage` (built into a
        reused C message, ``liion_ingest_uadp_msg``)."""
        from . import uadp
        lib = _ffi.lib
        if isinstance(data, uadp.NetworkMessage):
            dec = getattr(self, "_uadp", None)
            if dec is None or dec.closed:
                dec = self._uadp = uadp.Decoder(self._ctx)
                self._dependents.add(dec)
            with self._lock:
                ing, h = self._ih()
                m = dec._handle()
                try:
                    uadp._build(m, h, data, dec._scratch())
                    _check(lib.liion_ingest_uadp_msg(ing, m, i64("time", time)), h)
                finally:
                    lib.liion_uadp_msg_reset(m)
                    lib.liion_ua_value_reset(dec._tmp)
            return
        p, n = in_bytes(data)
        with self._lock:
            ing, h = self._ih()
            _check(lib.liion_ingest_uadp(ing, p, n, i64("time", time)), h)

    def datavalue(self, ns, identifier, dv, time=0):
        """Ingest one OPC UA DataValue of node (``ns``, ``identifier``: ``"i=123"`` or
        ``"s=Name"``). ``dv`` is a :class:`liion.opcua.DataValue` (a plain value or Variant
        is wrapped in one). A Bad StatusCode is a problem (LiionValueError)."""
        from . import opcua
        if not isinstance(dv, opcua.DataValue):
            dv = opcua.DataValue(dv)
        ident = cstr(identifier, "identifier")
        lib = _ffi.lib
        with self._lock:
            ing, h = self._ih()
            v = _ffi.UaValueP()
            _check(lib.liion_ua_value_new(byref(v), h), h)
            try:
                def tmp_new():
                    out = _ffi.UaValueP()
                    _check(lib.liion_ua_value_new(byref(out), h), h)
                    return out
                opcua._set_datavalue(v, h, dv, tmp_new)
                view = _ffi.UaDataValueP()
                _check(lib.liion_ua_variant_get_datavalue(lib.liion_ua_value_variant(v), 0,
                                                          byref(view)), h)
                _check(lib.liion_ingest_datavalue(ing, u16("ns", ns), ident, view,
                                                  i64("time", time)), h)
            finally:
                lib.liion_ua_value_free(v)

    def lot_in_process(self, equipment):
        """Index of the lot in process on ``equipment`` (see the C doc), or None."""
        e = cstr(equipment, "equipment")
        with self._lock:
            ing, _ = self._ih()
            lot = _ffi.lib.liion_ingest_lot_in_process(ing, e)
        return None if lot == _ffi.PLANT_NONE else lot

    def stat(self, kind):
        """One counter (an :class:`~liion.IngestStatKind`)."""
        kind = IngestStatKind(kind)
        with self._lock:
            return _ffi.lib.liion_ingest_stat(self._handle(), int(kind))

    @property
    def stats(self):
        """Every counter as ``{IngestStatKind: value}``."""
        with self._lock:
            ing = self._handle()
            return {k: _ffi.lib.liion_ingest_stat(ing, int(k)) for k in IngestStatKind}

    @property
    def problems(self):
        """The kept :class:`Problem` entries, oldest first (at most MAX_PROBLEMS)."""
        lib = _ffi.lib
        with self._lock:
            ing = self._handle()
            return [Problem(_as_status(lib.liion_ingest_problem_status(ing, i)),
                            _ffi.text(lib.liion_ingest_problem(ing, i)))
                    for i in range(lib.liion_ingest_problem_count(ing))]

    def clear_problems(self):
        """Forget the kept problems (the counters stay)."""
        with self._lock:
            _ffi.lib.liion_ingest_problems_clear(self._handle())



