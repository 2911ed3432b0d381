"""The ISA-95 plant model and genealogy queries (liion/plant.h).

Objects are numbered per kind (:class:`~liion.ObjectKind`) from 0 in the order they are
added; every ``add_*`` method returns the new index. Wherever a method takes a lot, a piece
of equipment, a segment, ... it accepts the index or the object's ID as a ``str`` (looked up
with :meth:`Plant.find`, no scheme).

Queries:

* :meth:`Plant.trace_backward` ("where from") returns an **iterator** of
  :class:`TraceRow` ``(index, depth)``, breadth first;
* :meth:`Plant.trace_forward` ("where used", a recall) returns a **frozenset** of lot indices;
  :meth:`Plant.iter_forward` / :meth:`Plant.forward_chunks` walk the same trace lazily
  (rows, or ``array('I')`` chunks for bulk use);
* :meth:`Plant.common_cause`, :meth:`Plant.common_equipment`, :meth:`Plant.equipment_window`,
  :meth:`Plant.roll_defect`, :meth:`Plant.roll_neighbours` return lists of :class:`Row`
  ``(index, depth, score)``;
* :meth:`Plant.common_equipment_overlap` keeps only equipment that saw all the failed cells
  at overlapping times;
* :meth:`Plant.quarantine` restricts a lot and its whole forward closure.

Job responses group segment responses (:meth:`Plant.add_job_response`); test results
(:meth:`Plant.add_test_result`, :meth:`Plant.lot_test_results`) record graded measurements
on lots; material classes and definitions carry an assembly type and relationship
(:meth:`Plant.set_assembly`).

Lists of cells go to C through the buffer protocol (``array('I')`` and numpy uint32 arrays
without a copy; any iterable of ints otherwise).
"""

import collections
import math
from ctypes import byref, c_char_p, c_double, c_int, c_int64, c_size_t, c_uint32, c_uint64

from . import _ffi
from ._default import ctx_or_default
from ._enums import (AssemblyRel, AssemblyType, Disposition, EquipmentLevel, MaterialUse,
                     ObjectKind, ProcessStep, PropType, QtyType, ResponseState, Status,
                     TestOutcome, TraceFilter)
from ._handle import _Handle
from ._util import cstr, i64, in_array, out_array, u32
from .errors import LiionValueError, _check

__all__ = ["Plant", "TraceRow", "Row", "TestResult", "TestRow", "NONE", "ObjectKind",
           "EquipmentLevel", "Disposition",
           "QtyType", "MaterialUse", "ProcessStep", "AssemblyType", "AssemblyRel",
           "PropType", "TraceFilter", "ResponseState", "TestOutcome"]

#: LIION_PLANT_NONE: "no object"
NONE = 0xFFFFFFFF
K = ObjectKind

#: One row of a trace: object index and depth (edges from the start lot).
TraceRow = collections.namedtuple("TraceRow", "index depth")
#: One row of a ranked query: object index, depth (sheet index for roll queries), score.
Row = collections.namedtuple("Row", "index depth score")
#: A test result's fields (Plant.test_result).
TestResult = collections.namedtuple("TestResult", "lot property name value unit outcome time")
#: One row of Plant.lot_test_results: test result index, TestOutcome, evaluation time.
TestRow = collections.namedtuple("TestRow", "index outcome time")


def _opt_index(v):
    return None if v == NONE else v


class Plant(_Handle):
    """An in-memory ISA-95 plant with its genealogy graph (``liion_plant``).

    ``Plant(ctx=None)`` makes an empty plant; :attr:`liion.Store.plant` is the plant of an
    open store (every mutation is journalled; closed with the store). Shares the context's
    lock. Close it or use ``with``.
    """

    def __init__(self, ctx=None):
        ctx = ctx_or_default(ctx)
        super().__init__(lock=ctx._lock)
        lib = _ffi.lib
        with ctx._lock:
            h = ctx._handle()
            p = _ffi.PlantP()
            _check(lib.liion_plant_new(byref(p), h), h)
            t = _ffi.TraceP()
            st = lib.liion_trace_new(byref(t), h)
            if st:
                lib.liion_plant_free(p)
                _check(st, h)
        self._init(ctx, p, t, lib.liion_plant_free)

    def _init(self, ctx, p, t, free):
        self._ctx = ctx
        self._trace = t
        lib = _ffi.lib

        def release(plant):
            lib.liion_trace_free(t)
            free(plant)
        self._adopt(p, release, ctx)
        ctx._dependents.add(self)

    @classmethod
    def _borrowed(cls, ctx, handle, owner):
        """A Plant view of a plant another handle owns (a store's)."""
        self = cls.__new__(cls)
        _Handle.__init__(self, lock=ctx._lock)
        lib = _ffi.lib
        with ctx._lock:
            h = ctx._handle()
            t = _ffi.TraceP()
            _check(lib.liion_trace_new(byref(t), h), h)
        self._init(ctx, handle, t, lambda p: None)
        owner._dependents.add(self)
        self._owner = owner
        return self

    # ---- helpers ----------------------------------------------------------------------------

    def _ph(self):
        return self._handle(), self._ctx._handle()

    def _idx(self, kind, x, name="index"):
        """Index of an object given as int or ID string (lock held)."""
        if isinstance(x, (str, bytes)):
            p, h = self._ph()
            out = c_uint32()
            _check(_ffi.lib.liion_plant_find(byref(out), p, int(kind), None, cstr(x, "id")), h)
            return out.value
        return u32(name, x)

    def _opt(self, kind, x, name):
        return NONE if x is None else self._idx(kind, x, name)

    def _add(self, fn, *args):
        with self._lock:
            p, h = self._ph()
            out = c_uint32()
            _check(fn(byref(out), p, *args), h)
            return out.value

    def _rows(self):
        lib = _ffi.lib
        t = self._trace
        return [Row(lib.liion_trace_index(t, i), lib.liion_trace_depth(t, i),
                    lib.liion_trace_score(t, i)) for i in range(lib.liion_trace_count(t))]

    def _indices(self):
        lib = _ffi.lib
        t = self._trace
        return [lib.liion_trace_index(t, i) for i in range(lib.liion_trace_count(t))]

    def _cells(self, cells):
        if not _is_buffer(cells):  # IDs or ints: resolve IDs; a buffer goes to C as it is
            with self._lock:
                cells = [self._idx(K.LOT, c, "cell") for c in cells]
        return in_array(cells, ("u", 4), "cells")

    # ---- objects ----------------------------------------------------------------------------

    def count(self, kind):
        """Number of objects of ``kind`` (also the index the next one gets)."""
        with self._lock:
            return _ffi.lib.liion_plant_count(self._handle(), int(ObjectKind(kind)))

    def find(self, kind, id, scheme=None):
        """Index of the object of ``kind`` with this ID (and scheme); LiionNotFoundError."""
        with self._lock:
            p, h = self._ph()
            out = c_uint32()
            _check(_ffi.lib.liion_plant_find(byref(out), p, int(ObjectKind(kind)),
                                             cstr(scheme, "scheme"), cstr(id, "id")), h)
            return out.value

    def id(self, kind, index):
        """The ID of an object (None for an unknown index)."""
        with self._lock:
            r = _ffi.lib.liion_plant_id(self._handle(), int(ObjectKind(kind)), u32("index", index))
        return None if r is None else r.decode("utf-8", "replace")

    def ids(self, kind, indices):
        """IDs of several objects, in order (e.g. of a recall set: ``sorted(...)`` first)."""
        return [self.id(kind, i) for i in indices]

    def scheme(self, kind, index):
        """The ID scheme of an object ("" for none; None for an unknown index)."""
        with self._lock:
            r = _ffi.lib.liion_plant_scheme(self._handle(), int(ObjectKind(kind)),
                                            u32("index", index))
        return None if r is None else r.decode("utf-8", "replace")

    def compact(self):
        """Merge pending genealogy edges into the compact arrays (optional; faster queries)."""
        with self._lock:
            p, h = self._ph()
            _check(_ffi.lib.liion_plant_compact(p), h)

    @property
    def edge_count(self):
        """Genealogy edges (material flow and assembly)."""
        with self._lock:
            return _ffi.lib.liion_plant_edge_count(self._handle())

    @property
    def graph_bytes(self):
        """Bytes the genealogy graph holds."""
        with self._lock:
            return _ffi.lib.liion_plant_graph_bytes(self._handle())

    # ---- equipment ------------------------------------------------------------------------

    def add_equipment_class(self, id, level, scheme=None):
        """Add an equipment class; returns its index."""
        return self._add(_ffi.lib.liion_plant_equipment_class_add, cstr(scheme, "scheme"),
                         cstr(id, "id"), int(EquipmentLevel(level)))

    def add_equipment(self, id, level, parent=None, eq_class=None, scheme=None):
        """Add a piece of equipment (``parent`` and ``eq_class``: index, ID or None)."""
        with self._lock:
            par = self._opt(K.EQUIPMENT, parent, "parent")
            cls = self._opt(K.EQUIPMENT_CLASS, eq_class, "eq_class")
        return self._add(_ffi.lib.liion_plant_equipment_add, cstr(scheme, "scheme"),
                         cstr(id, "id"), int(EquipmentLevel(level)), par, cls)

    def equipment_level(self, equipment):
        """The :class:`~liion.EquipmentLevel` of a piece of equipment."""
        with self._lock:
            return EquipmentLevel(_ffi.lib.liion_plant_equipment_level(
                self._handle(), self._idx(K.EQUIPMENT, equipment)))

    def equipment_parent(self, equipment):
        """Index of the containing equipment, or None."""
        with self._lock:
            return _opt_index(_ffi.lib.liion_plant_equipment_parent(
                self._handle(), self._idx(K.EQUIPMENT, equipment)))

    def equipment_class(self, equipment):
        """Index of the equipment class, or None."""
        with self._lock:
            return _opt_index(_ffi.lib.liion_plant_equipment_class(
                self._handle(), self._idx(K.EQUIPMENT, equipment)))

    # ---- materials ------------------------------------------------------------------------

    def add_material_class(self, id, scheme=None):
        """Add a material class; returns its index."""
        return self._add(_ffi.lib.liion_plant_material_class_add, cstr(scheme, "scheme"),
                         cstr(id, "id"))

    def add_material_definition(self, id, mat_class=None, scheme=None):
        """Add a material definition (of material class ``mat_class``)."""
        with self._lock:
            cls = self._opt(K.MATERIAL_CLASS, mat_class, "mat_class")
        return self._add(_ffi.lib.liion_plant_material_definition_add, cstr(scheme, "scheme"),
                         cstr(id, "id"), cls)

    def add_lot(self, id, definition=None, parent=None, scheme=None):
        """Add a lot (with ``parent``: a sublot); returns its index."""
        with self._lock:
            d = self._opt(K.MATERIAL_DEFINITION, definition, "definition")
            par = self._opt(K.LOT, parent, "parent")
        return self._add(_ffi.lib.liion_plant_lot_add, cstr(scheme, "scheme"), cstr(id, "id"),
                         d, par)

    def _lot_get(self, fn, lot):
        with self._lock:
            return _opt_index(fn(self._handle(), self._idx(K.LOT, lot, "lot")))

    def lot_definition(self, lot):
        """Material definition index of a lot, or None."""
        return self._lot_get(_ffi.lib.liion_plant_lot_definition, lot)

    def lot_parent(self, lot):
        """Parent lot index of a sublot, or None."""
        return self._lot_get(_ffi.lib.liion_plant_lot_parent, lot)

    def lot_producer(self, lot):
        """Index of the segment response that produced the lot, or None."""
        return self._lot_get(_ffi.lib.liion_plant_lot_producer, lot)

    def definition_class(self, definition):
        """Material class index of a material definition, or None."""
        with self._lock:
            return _opt_index(_ffi.lib.liion_plant_definition_class(
                self._handle(), self._idx(K.MATERIAL_DEFINITION, definition)))

    def set_quantity(self, lot, value, unit, type=QtyType.REAL):
        """Set a lot's quantity (``unit``: a UN/CEFACT Rec 20 code such as "KGM")."""
        with self._lock:
            p, h = self._ph()
            _check(_ffi.lib.liion_plant_lot_set_quantity(
                p, self._idx(K.LOT, lot), float(value), cstr(unit, "unit"),
                int(QtyType(type))), h)

    def quantity(self, lot):
        """``(value, unit, QtyType)`` of a lot; LiionNotFoundError when none is set."""
        with self._lock:
            p, h = self._ph()
            v, u, t = c_double(), c_char_p(), c_int()
            _check(_ffi.lib.liion_plant_lot_quantity(byref(v), byref(u), byref(t), p,
                                                     self._idx(K.LOT, lot)), h)
            return v.value, u.value.decode(), QtyType(t.value)

    def set_disposition(self, lot, disposition):
        """Set a lot's :class:`~liion.Disposition`."""
        with self._lock:
            p, h = self._ph()
            _check(_ffi.lib.liion_plant_lot_set_disposition(p, self._idx(K.LOT, lot),
                                                            int(disposition)), h)

    def disposition(self, lot):
        """A lot's :class:`~liion.Disposition` (NONE when never set)."""
        with self._lock:
            return Disposition(_ffi.lib.liion_plant_lot_disposition(self._handle(),
                                                                   self._idx(K.LOT, lot)))

    def set_status(self, lot, status):
        """Set a lot's site-defined status code."""
        with self._lock:
            p, h = self._ph()
            _check(_ffi.lib.liion_plant_lot_set_status(p, self._idx(K.LOT, lot),
                                                       cstr(status, "status")), h)

    def status(self, lot):
        """A lot's status code, or None."""
        with self._lock:
            r = _ffi.lib.liion_plant_lot_status(self._handle(), self._idx(K.LOT, lot))
        return None if r is None else r.decode("utf-8", "replace")

    # ---- properties -----------------------------------------------------------------------

    def set_prop(self, kind, index, name, value, unit=None):
        """Set a property: a number (int/float, with an optional Rec 20 ``unit``) or text."""
        kind = ObjectKind(kind)
        with self._lock:
            p, h = self._ph()
            i = self._idx(kind, index)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                _check(_ffi.lib.liion_plant_prop_set_number(p, int(kind), i, cstr(name, "name"),
                                                            float(value), cstr(unit, "unit")), h)
            elif isinstance(value, str):
                if unit is not None:
                    raise LiionValueError(Status.INVALID_ARG, "a text property has no unit")
                _check(_ffi.lib.liion_plant_prop_set_text(p, int(kind), i, cstr(name, "name"),
                                                          cstr(value, "value")), h)
            else:
                raise TypeError("property value must be a number or str, not %s"
                                % type(value).__name__)

    def get_prop(self, kind, index, name, with_unit=False):
        """A property's value (float or str); ``with_unit=True`` gives ``(value, unit)``
        (unit "" for a dimensionless number, None for text). LiionNotFoundError if absent."""
        kind = ObjectKind(kind)
        with self._lock:
            p, h = self._ph()
            t, num, txt = c_int(), c_double(), c_char_p()
            _check(_ffi.lib.liion_plant_prop_get(byref(t), byref(num), byref(txt), p, int(kind),
                                                 self._idx(kind, index), cstr(name, "name")), h)
            text = (txt.value or b"").decode("utf-8", "replace")
        if t.value == PropType.TEXT:
            return (text, None) if with_unit else text
        return (num.value, text) if with_unit else num.value

    # ---- segments, responses, persons -----------------------------------------------------

    def add_segment(self, id, step, scheme=None):
        """Add a process segment for :class:`~liion.ProcessStep` ``step``."""
        return self._add(_ffi.lib.liion_plant_segment_add, cstr(scheme, "scheme"),
                         cstr(id, "id"), int(ProcessStep(step)))

    def segment_step(self, segment):
        """The :class:`~liion.ProcessStep` of a segment."""
        with self._lock:
            return ProcessStep(_ffi.lib.liion_plant_segment_step(
                self._handle(), self._idx(K.SEGMENT, segment)))

    def add_response(self, id, segment=None, start=0, end=0, scheme=None):
        """Add a segment response (an executed segment) from ``start`` to ``end``."""
        with self._lock:
            seg = self._opt(K.SEGMENT, segment, "segment")
        return self._add(_ffi.lib.liion_plant_response_add, cstr(scheme, "scheme"),
                         cstr(id, "id"), seg, int(start), int(end))

    def response_info(self, response):
        """``(start, end, segment)`` of a response (segment None when unset)."""
        with self._lock:
            p, h = self._ph()
            s, e, seg = c_int64(), c_int64(), c_uint32()
            _check(_ffi.lib.liion_plant_response_info(byref(s), byref(e), byref(seg), p,
                                                      self._idx(K.RESPONSE, response)), h)
            return s.value, e.value, _opt_index(seg.value)

    def add_person(self, id, scheme=None):
        """Add a person; returns its index."""
        return self._add(_ffi.lib.liion_plant_person_add, cstr(scheme, "scheme"), cstr(id, "id"))

    def _rel(self, fn, kind_a, a, kind_b, b, *rest):
        with self._lock:
            p, h = self._ph()
            _check(fn(p, self._idx(kind_a, a), self._idx(kind_b, b), *rest), h)

    def response_add_person(self, response, person):
        """Record that ``person`` worked on ``response``."""
        self._rel(_ffi.lib.liion_plant_response_add_person, K.RESPONSE, response, K.PERSON, person)

    def response_add_equipment(self, response, equipment):
        """Record that ``equipment`` executed ``response``."""
        self._rel(_ffi.lib.liion_plant_response_add_equipment, K.RESPONSE, response,
                  K.EQUIPMENT, equipment)

    def response_add_material(self, response, lot, use, quantity=None, unit=None):
        """Record a material actual (:class:`~liion.MaterialUse`), with an optional quantity.

        A consumed lot becomes an ancestor of every lot the response produces.
        """
        use = int(MaterialUse(use))
        if quantity is None:
            self._rel(_ffi.lib.liion_plant_response_add_material, K.RESPONSE, response, K.LOT,
                      lot, use)
        else:
            self._rel(_ffi.lib.liion_plant_response_add_material_qty, K.RESPONSE, response,
                      K.LOT, lot, use, float(quantity), cstr(unit, "unit"))

    def response_balance(self, response, unit):
        """``(consumed, produced)``: sums of the input and output quantities in ``unit``."""
        with self._lock:
            p, h = self._ph()
            c, pr = c_double(), c_double()
            _check(_ffi.lib.liion_plant_response_balance(byref(c), byref(pr), p,
                                                         self._idx(K.RESPONSE, response),
                                                         cstr(unit, "unit")), h)
            return c.value, pr.value

    def _trace_query(self, fn, *args):
        with self._lock:
            p, h = self._ph()
            _check(fn(p, self._trace, *args), h)
            return self._indices()

    def response_equipment(self, response):
        """Equipment indices recorded on a response, in order."""
        with self._lock:
            r = self._idx(K.RESPONSE, response)
        return self._trace_query(_ffi.lib.liion_plant_response_equipment, r)

    def response_persons(self, response):
        """Person indices recorded on a response, in order."""
        with self._lock:
            r = self._idx(K.RESPONSE, response)
        return self._trace_query(_ffi.lib.liion_plant_response_persons, r)

    def add_assembly(self, whole, part, type=AssemblyType.PHYSICAL, rel=AssemblyRel.PERMANENT):
        """Record that lot ``part`` is assembled into lot ``whole``."""
        self._rel(_ffi.lib.liion_plant_assembly_add, K.LOT, whole, K.LOT, part,
                  int(AssemblyType(type)), int(AssemblyRel(rel)))

    def add_equipment_use(self, equipment, lot, t0, t1):
        """Record that ``equipment`` handled ``lot`` between ``t0`` and ``t1``."""
        self._rel(_ffi.lib.liion_plant_equipment_use_add, K.EQUIPMENT, equipment, K.LOT, lot,
                  int(t0), int(t1))

    # ---- job responses --------------------------------------------------------------------

    def add_job_response(self, id, start=0, end=0, state=ResponseState.COMPLETED, scheme=None):
        """Add a job response (B2MML JobResponse: a group of segment responses with its own
        times and :class:`~liion.ResponseState`); returns its index."""
        return self._add(_ffi.lib.liion_plant_job_response_add, cstr(scheme, "scheme"),
                         cstr(id, "id"), i64("start", start), i64("end", end),
                         int(ResponseState(state)))

    def job_response_add_segment(self, job, response):
        """Put segment response ``response`` into job response ``job`` (at most one job per
        response: LiionExistsError)."""
        self._rel(_ffi.lib.liion_plant_job_response_add_segment, K.JOB_RESPONSE, job,
                  K.RESPONSE, response)

    def set_job_response_state(self, job, state):
        """Change the :class:`~liion.ResponseState` of a job response."""
        state = int(ResponseState(state))
        with self._lock:
            p, h = self._ph()
            _check(_ffi.lib.liion_plant_job_response_set_state(
                p, self._idx(K.JOB_RESPONSE, job, "job"), state), h)

    def job_response_info(self, job):
        """``(start, end, ResponseState)`` of a job response."""
        with self._lock:
            p, h = self._ph()
            s, e, st = c_int64(), c_int64(), c_int()
            _check(_ffi.lib.liion_plant_job_response_info(byref(s), byref(e), byref(st), p,
                                                          self._idx(K.JOB_RESPONSE, job, "job")),
                   h)
            return s.value, e.value, ResponseState(st.value)

    def job_response_segments(self, job):
        """Segment response indices of a job response, in the order they were added."""
        with self._lock:
            j = self._idx(K.JOB_RESPONSE, job, "job")
        return self._trace_query(_ffi.lib.liion_plant_job_response_segments, j)

    def response_job(self, response):
        """Index of the job response a segment response belongs to, or None."""
        with self._lock:
            return _opt_index(_ffi.lib.liion_plant_response_job(
                self._handle(), self._idx(K.RESPONSE, response, "response")))

    # ---- test results ---------------------------------------------------------------------

    def add_test_result(self, id, lot, name, value, unit, outcome=TestOutcome.PASS, time=0,
                        property=None, scheme=None):
        """Record a test result (B2MML TestResult) on ``lot`` (or on its property
        ``property``): the test ``name``, the measured ``value`` in Rec 20 ``unit``, its
        :class:`~liion.TestOutcome` and evaluation ``time``; returns its index."""
        with self._lock:
            lot = self._idx(K.LOT, lot, "lot")
        return self._add(_ffi.lib.liion_plant_test_result_add, cstr(scheme, "scheme"),
                         cstr(id, "id"), lot, cstr(property, "property"), cstr(name, "name"),
                         float(value), cstr(unit, "unit"), int(TestOutcome(outcome)),
                         i64("time", time))

    def test_result(self, test):
        """A :class:`TestResult` ``(lot, property, name, value, unit, outcome, time)``;
        LiionNotFoundError for an unknown result (property "" for the lot as a whole)."""
        lib = _ffi.lib
        with self._lock:
            p, h = self._ph()
            t = self._idx(K.TEST_RESULT, test, "test")
            lot, v, u, o, tm = c_uint32(), c_double(), c_char_p(), c_int(), c_int64()
            _check(lib.liion_plant_test_result_info(byref(lot), byref(v), byref(u), byref(o),
                                                    byref(tm), p, t), h)
            name = _ffi.text(lib.liion_plant_test_result_name(p, t))
            prop = _ffi.text(lib.liion_plant_test_result_property(p, t))
            return TestResult(lot.value, prop, name, v.value, _ffi.text(u.value),
                              TestOutcome(o.value), tm.value)

    def lot_test_results(self, lot):
        """The test results of ``lot`` by evaluation time: a list of :class:`TestRow`
        ``(index, outcome, time)``."""
        lib = _ffi.lib
        with self._lock:
            p, h = self._ph()
            _check(lib.liion_plant_lot_test_results(p, self._trace, self._idx(K.LOT, lot, "lot")),
                   h)
            t = self._trace
            return [TestRow(lib.liion_trace_index(t, i), TestOutcome(lib.liion_trace_depth(t, i)),
                            int(lib.liion_trace_score(t, i)))
                    for i in range(lib.liion_trace_count(t))]

    # ---- assembly attributes of material classes and definitions --------------------------

    def set_assembly(self, kind, index, type, rel):
        """Set the :class:`~liion.AssemblyType` and :class:`~liion.AssemblyRel` of a material
        class or definition (``kind``: ObjectKind.MATERIAL_CLASS or MATERIAL_DEFINITION)."""
        kind = ObjectKind(kind)
        with self._lock:
            p, h = self._ph()
            _check(_ffi.lib.liion_plant_set_assembly(p, int(kind), self._idx(kind, index),
                                                     int(AssemblyType(type)),
                                                     int(AssemblyRel(rel))), h)

    def assembly_info(self, kind, index):
        """``(AssemblyType or None, AssemblyRel or None)`` of a material class or definition
        (a definition without its own values reports its class's; None when not set)."""
        kind = ObjectKind(kind)
        with self._lock:
            p, h = self._ph()
            t, r = c_int(), c_int()
            _check(_ffi.lib.liion_plant_assembly_info(byref(t), byref(r), p, int(kind),
                                                      self._idx(kind, index)), h)
        return (AssemblyType(t.value) if t.value else None,
                AssemblyRel(r.value) if r.value else None)

    # ---- genealogy queries ----------------------------------------------------------------

    def trace_backward(self, lot, max_depth=0, material_class=None, segment=None):
        """Iterator of :class:`TraceRow` over every ancestor of ``lot`` (breadth first, each
        once at its shortest depth). Only lots of ``material_class`` or produced by
        ``segment`` become rows when one is given (the walk still goes through all)."""
        if material_class is not None and segment is not None:
            raise LiionValueError(Status.INVALID_ARG, "give material_class or segment, not both")
        lib = _ffi.lib
        with self._lock:
            p, h = self._ph()
            if material_class is not None:
                filt, fi = TraceFilter.MATERIAL_CLASS, self._idx(K.MATERIAL_CLASS,
                                                                  material_class)
            elif segment is not None:
                filt, fi = TraceFilter.SEGMENT, self._idx(K.SEGMENT, segment)
            else:
                filt, fi = TraceFilter.NONE, 0
            _check(lib.liion_plant_trace_backward(p, self._trace, self._idx(K.LOT, lot),
                                                  u32("max_depth", max_depth), int(filt), fi), h)
            t = self._trace
            lib.liion_trace_rewind(t)
            i, d = c_uint32(), c_uint32()
            rows = []
            nxt, ri, rd, add = lib.liion_trace_next, byref(i), byref(d), rows.append
            while nxt(t, ri, rd):  # one C call per row
                add(TraceRow(i.value, d.value))
        return iter(rows)

    def trace_forward(self, lot, max_depth=0, terminal_only=False):
        """The recall set: a frozenset of every descendant lot index of ``lot`` (with
        ``terminal_only``: only lots that feed nothing, i.e. cells)."""
        with self._lock:
            lot = self._idx(K.LOT, lot)
        return frozenset(self._trace_query(_ffi.lib.liion_plant_trace_forward, lot,
                                           u32("max_depth", max_depth),
                                           _ffi.TRACE_TERMINAL_ONLY if terminal_only else 0))

    def reaches(self, lot, target, max_depth=0):
        """Whether lot ``target`` is in the forward closure of ``lot`` (is this cell part of
        that recall?), answered in C (``liion_trace_contains``) without building a Python
        set of the whole recall."""
        lib = _ffi.lib
        with self._lock:
            p, h = self._ph()
            a = self._idx(K.LOT, lot, "lot")
            b = self._idx(K.LOT, target, "target")
            _check(lib.liion_plant_trace_forward(p, self._trace, a, u32("max_depth", max_depth),
                                                 0), h)
            return bool(lib.liion_trace_contains(self._trace, b))

    def forward_chunks(self, lot, max_depth=0, terminal_only=False, chunk=65536):
        """Lazy forward trace in bulk: a generator of ``(indices, depths)`` pairs of
        ``array('I')`` with up to ``chunk`` rows each (``liion_plant_cursor_*``; no Python
        loop per row: hand the arrays to numpy with ``numpy.frombuffer``). Adding genealogy
        edges while it runs raises LiionStateError at the next chunk."""
        lib = _ffi.lib
        chunk = max(1, int(chunk))
        cursor = _Cursor(self)  # closed before the plant if the plant closes first
        try:
            with self._lock:
                p, h = self._ph()
                _check(lib.liion_plant_cursor_forward(
                    cursor._handle(), self._idx(K.LOT, lot), u32("max_depth", max_depth),
                    _ffi.TRACE_TERMINAL_ONLY if terminal_only else 0), h)
            while True:
                idx, ip = out_array(("u", 4), chunk)
                dep, dp = out_array(("u", 4), chunk)
                n = c_size_t()
                with self._lock:
                    p, h = self._ph()
                    _check(lib.liion_plant_cursor_read(byref(n), ip, dp, cursor._handle(),
                                                       chunk), h)
                if n.value == 0:
                    return
                if n.value < chunk:
                    del idx[n.value:]
                    del dep[n.value:]
                yield idx, dep
        finally:
            cursor.close()

    def iter_forward(self, lot, max_depth=0, terminal_only=False, chunk=4096):
        """Lazy forward trace: an iterator of :class:`TraceRow` read ``chunk`` rows at a time
        (for recalls too large to hold as a set)."""
        for idx, dep in self.forward_chunks(lot, max_depth, terminal_only, chunk):
            yield from map(TraceRow, idx, dep)

    def _ranked(self, fn, *args):
        with self._lock:
            p, h = self._ph()
            _check(fn(p, self._trace, *args), h)
            return self._rows()

    def common_cause(self, cells):
        """Lots in the backward closure of every failed cell, most specific first:
        rows ``(lot, depth, score)`` with score = cells the lot reaches."""
        ptr, n, keep = self._cells(cells)
        return self._ranked(_ffi.lib.liion_plant_common_cause, ptr, n)

    def common_equipment(self, cells):
        """Equipment that handled every failed cell (or a lot of its closure), most specific
        first: rows ``(equipment, depth, score)``."""
        ptr, n, keep = self._cells(cells)
        return self._ranked(_ffi.lib.liion_plant_common_equipment, ptr, n)

    def common_equipment_overlap(self, cells, tolerance=0):
        """Like :meth:`common_equipment`, but only equipment whose use windows on all the
        cells overlap at some moment (each widened by ``tolerance``): rows ``(equipment, 0,
        use records overlapping the shared moment)``, most specific first."""
        ptr, n, keep = self._cells(cells)
        return self._ranked(_ffi.lib.liion_plant_common_equipment_overlap, ptr, n,
                            i64("tolerance", tolerance))

    def equipment_window(self, equipment, t0, t1):
        """Lots ``equipment`` handled in [t0, t1]: rows ``(lot, 0, start time)``."""
        with self._lock:
            eq = self._idx(K.EQUIPMENT, equipment)
        return self._ranked(_ffi.lib.liion_plant_equipment_window, eq, int(t0), int(t1))

    def quarantine(self, lot):
        """Restrict ``lot`` and its forward closure; returns the number of lots restricted."""
        with self._lock:
            p, h = self._ph()
            n = c_uint64()
            _check(_ffi.lib.liion_plant_quarantine(byref(n), p, self._idx(K.LOT, lot)), h)
            return n.value

    def first_last_cell(self, lot):
        """``(first, last)`` cell made from ``lot`` by production end time."""
        with self._lock:
            p, h = self._ph()
            a, b = c_uint32(), c_uint32()
            _check(_ffi.lib.liion_plant_first_last_cell(byref(a), byref(b), p,
                                                        self._idx(K.LOT, lot)), h)
            return a.value, b.value

    # ---- roll map -------------------------------------------------------------------------

    def roll_link(self, from_roll, to_roll, md_start, md_end, out_start=0.0, scale=1.0,
                  cd_min=-math.inf, cd_max=math.inf, reversed=False, lane=False):
        """Map [md_start, md_end) of ``from_roll`` onto ``to_roll`` (calendering, rewinding
        with ``reversed``, splices, slitting lanes with ``lane`` and a cd range)."""
        flags = (_ffi.ROLL_REVERSED if reversed else 0) | (_ffi.ROLL_LANE if lane else 0)
        self._rel(_ffi.lib.liion_plant_roll_link, K.LOT, from_roll, K.LOT, to_roll,
                  float(md_start), float(md_end), float(cd_min), float(cd_max),
                  float(out_start), float(scale), flags)

    def roll_use(self, roll, md_start, md_end, cell, sheet=0):
        """Record that [md_start, md_end) of ``roll`` went into ``cell`` as sheet ``sheet``."""
        with self._lock:
            p, h = self._ph()
            _check(_ffi.lib.liion_plant_roll_use(p, self._idx(K.LOT, roll), float(md_start),
                                                 float(md_end), self._idx(K.LOT, cell),
                                                 u32("sheet", sheet)), h)

    def roll_defect(self, roll, md, tol=0.0, cd=0.0):
        """Cells a defect at (roll, md +- tol, cd) reached: rows ``(cell, sheet, md on the
        roll the cell used)``."""
        with self._lock:
            r = self._idx(K.LOT, roll)
        return self._ranked(_ffi.lib.liion_plant_roll_defect, r, float(md), float(tol), float(cd))

    def roll_neighbours(self, roll, md, cd=0.0, n=1):
        """The cells hit by a defect plus ``n`` cells either side on each roll they used."""
        with self._lock:
            r = self._idx(K.LOT, roll)
        return self._ranked(_ffi.lib.liion_plant_roll_neighbours, r, float(md), float(cd),
                            u32("n", n))


class _Cursor(_Handle):
    """A ``liion_plant_cursor`` owned by one forward_chunks() generator."""

    def __init__(self, plant):
        super().__init__(lock=plant._lock)
        with plant._lock:
            p, h = plant._ph()
            cur = _ffi.PlantCursorP()
            _check(_ffi.lib.liion_plant_cursor_new(byref(cur), p), h)
        self._adopt(cur, _ffi.lib.liion_plant_cursor_free, plant)
        plant._dependents.add(self)


def _is_buffer(obj):
    try:
        memoryview(obj)
        return True
    except TypeError:
        return False

