"""Export documents (liion/export.h): the UN 38.3 test summary, the per-cell formation record,
IEC 62660 test records, the single-cell audit dossier and battery passport attributes.

Each builder collects fields (``set(field, value)`` or keyword arguments named after the
field enum in lower case) and :meth:`build` validates them into a :class:`Document`; a
missing or contradictory element raises LiionValueError / LiionStateError with the library's
message naming the element, e.g. ``"(b) manufacturer e-mail is missing"``. A document comes
out as bytes (:meth:`Document.encode`: deterministic CBOR, JSON or Markdown, optionally
zlib-compressed), as a file (:meth:`Document.write`) or as Python objects
(:meth:`Document.to_python`, the JSON parsed)::

    s = export.Un38Summary(manufacturer="Nordvolt Cells AB", mass_g=70.0, ...)
    s.set_test(Un38Test.T1, Un38Result.PASS)
    with s.build() as doc:
        doc.write("un38.json", ExportFormat.JSON)
        print(doc.type, doc.to_python()["document"])
"""

import json
import os
from ctypes import POINTER, byref, c_char, c_double, c_int64, cast

from . import _ffi
from ._default import ctx_or_default
from ._enums import (ExportFormat, FormationField, FormationMode, Iec62660Field, Iec62660Outcome,
                     Iec62660Part, PassportField, Status, Un38Field, Un38Param, Un38Result,
                     Un38SetpointId, Un38Test)
from ._handle import _Handle
from ._util import cstr, encode_into, i64, in_array, in_bytes, u32
from .errors import LiionValueError, _check

__all__ = ["Document", "Un38Summary", "FormationRecord", "Iec62660Record", "Dossier",
           "Passport", "sha256", "ExportFormat", "FormationField", "FormationMode",
           "Iec62660Field", "Iec62660Outcome", "Iec62660Part", "PassportField", "Un38Field",
           "Un38Param", "Un38Result", "Un38SetpointId", "Un38Test", "SHA256_BYTES"]

SHA256_BYTES = 32
_ZLIB = 1


def sha256(data):
    """SHA-256 (FIPS 180-4) of bytes-like ``data`` as 32 bytes (``liion_export_sha256``)."""
    p, n = in_bytes(data)
    out = (c_char * SHA256_BYTES)()
    _check(_ffi.lib.liion_export_sha256(out, p, n))
    return out.raw


class Document(_Handle):
    """A built or decoded export document (``liion_export_doc``). Shares its context's lock."""

    def _init(self, ctx, doc):
        _Handle.__init__(self, lock=ctx._lock)
        self._ctx = ctx
        self._adopt(doc, _ffi.lib.liion_export_doc_free, ctx)
        ctx._dependents.add(self)

    @classmethod
    def _take(cls, ctx, doc):
        self = cls.__new__(cls)
        self._init(ctx, doc)
        return self

    @classmethod
    def decode(cls, data, zlib=False, ctx=None):
        """A document from its deterministic CBOR bytes (``zlib``: compressed). Malformed
        input raises LiionDecodeError with the byte offset."""
        ctx = ctx_or_default(ctx)
        p, n = in_bytes(data)
        with ctx._lock:
            h = ctx._handle()
            out = _ffi.ExportDocP()
            _check(_ffi.lib.liion_export_doc_decode(byref(out), h, p, n,
                                                    _ZLIB if zlib else 0), h)
        return cls._take(ctx, out)

    @property
    def type(self):
        """The document type (its ``"document"`` key), e.g. ``"un38.3-test-summary"``."""
        with self._lock:
            return _ffi.text(_ffi.lib.liion_export_doc_type(self._handle()))

    def encode(self, format=ExportFormat.CBOR, zlib=False):
        """The document as ``bytes`` in ``format`` (an :class:`~liion.ExportFormat`)."""
        fmt = int(ExportFormat(format))
        with self._lock:
            d = self._handle()
            h = self._ctx._handle()
            return encode_into(lambda b, cap, w: _ffi.lib.liion_export_doc_encode(
                b, cap, w, d, fmt, _ZLIB if zlib else 0), h, first=4096)

    def to_json(self):
        """The compact JSON text."""
        return self.encode(ExportFormat.JSON).decode("utf-8")

    def to_markdown(self):
        """The human-readable Markdown text."""
        return self.encode(ExportFormat.MARKDOWN).decode("utf-8")

    def to_python(self):
        """The document as Python objects (dicts, lists, str, numbers): its JSON parsed."""
        return json.loads(self.to_json())

    def write(self, path, format=ExportFormat.CBOR, zlib=False):
        """Write the document to ``path`` (created or truncated). LiionIOError on failure."""
        fmt = int(ExportFormat(format))
        raw = os.fsencode(path)
        with self._lock:
            d = self._handle()
            h = self._ctx._handle()
            _check(_ffi.lib.liion_export_doc_write_file(d, raw, fmt, _ZLIB if zlib else 0), h)

    write_file = write  # the C name (liion_export_doc_write_file)

    def verify(self):
        """Check the content hash of a document that carries one (the dossier):
        LiionCorruptError when the content was changed."""
        with self._lock:
            d = self._handle()
            h = self._ctx._handle()
            _check(_ffi.lib.liion_export_doc_verify(d), h)


class _Builder(_Handle):
    """A builder handle: set fields, then :meth:`build` a Document."""

    _prefix = None      # "liion_un38"
    #: the C functions of the builder, spelled out (the coverage test reads them): each
    #: subclass lists exactly the liion_<prefix>_* functions it calls
    _FUNCS = ()
    _Field = None       # the field IntEnum
    _INT = ()           # fields set with *_set_int

    def _make(self, ctx, new_args, keep=(), dep=None):
        ctx = ctx_or_default(ctx)
        _Handle.__init__(self, lock=ctx._lock)
        new = self._fn("_new")
        out = new.argtypes[0]._type_()
        with ctx._lock:
            h = ctx._handle()
            _check(new(byref(out), h, *new_args), h)
        self._ctx = ctx
        self._adopt(out, self._fn("_free"), ctx, *keep)
        ctx._dependents.add(self)
        if dep is not None:
            dep._dependents.add(self)

    @classmethod
    def _fn(cls, suffix):
        name = cls._prefix + suffix
        if name not in cls._FUNCS:
            raise AssertionError("%s is not in %s._FUNCS" % (name, cls.__name__))
        return getattr(_ffi.lib, name)

    def _call(self, name, *args):
        with self._lock:
            b = self._handle()
            h = self._ctx._handle()
            _check(self._fn(name)(b, *args), h)
        return self

    def set(self, field, value):
        """Set one field: text (str), a number, or an int for the enum-valued fields."""
        field = self._Field(field)
        if isinstance(value, (str, bytes)):
            return self._call("_set_text", int(field), cstr(value, field.name.lower()))
        if field in self._INT:
            return self._call("_set_int", int(field), i64(field.name.lower(), value))
        return self._call("_set_number", int(field), float(value))

    def update(self, **fields):
        """Set several fields by lower-case name: ``update(mass_g=70.0, model="X")``."""
        for name, value in fields.items():
            try:
                field = self._Field[name.upper()]
            except KeyError:
                raise TypeError("%s has no field %r" % (type(self).__name__, name)) from None
            self.set(field, value)
        return self

    def build(self):
        """Validate and snapshot the fields as a new :class:`Document` (the builder can be
        changed and built again)."""
        with self._lock:
            b = self._handle()
            h = self._ctx._handle()
            out = _ffi.ExportDocP()
            _check(self._fn("_build")(byref(out), b), h)
        return Document._take(self._ctx, out)


class Un38Summary(_Builder):
    """UN 38.3 test summary (Manual of Tests and Criteria 38.3.5) builder (``liion_un38``)."""

    _prefix, _Field = "liion_un38", Un38Field
    _FUNCS = ("liion_un38_new", "liion_un38_free", "liion_un38_set_text", "liion_un38_set_number",
               "liion_un38_set_int", "liion_un38_set_test", "liion_un38_set_test_param",
               "liion_un38_build")
    _INT = (Un38Field.CHEMISTRY, Un38Field.ITEM, Un38Field.FORMAT, Un38Field.RECHARGEABLE,
            Un38Field.ASSEMBLED_REF, Un38Field.OVERCHARGE_VERIFIED, Un38Field.REVISION,
            Un38Field.AMENDMENT)

    def __init__(self, ctx=None, **fields):
        self._make(ctx, ())
        self.update(**fields)

    def set_test(self, test, result):
        """Record the outcome (:class:`~liion.Un38Result`) of a test (T.1 ... T.8)."""
        return self._call("_set_test", int(Un38Test(test)), int(Un38Result(result)))

    def set_test_param(self, test, param, value):
        """Record a measured parameter (:class:`~liion.Un38Param`) of a test."""
        return self._call("_set_test_param", int(Un38Test(test)), int(Un38Param(param)),
                          float(value))

    @staticmethod
    def setpoint(revision, amendment, setpoint):
        """``(nominal, tolerance)`` in C of an edition-dependent setpoint
        (:class:`~liion.Un38SetpointId`). LiionUnsupportedError for an unknown edition."""
        nom, tol = c_double(), c_double()
        _check(_ffi.lib.liion_un38_setpoint(byref(nom), byref(tol), u32("revision", revision),
                                            u32("amendment", amendment),
                                            int(Un38SetpointId(setpoint))))
        return nom.value, tol.value

    @staticmethod
    def mass_loss_limit_pct(mass_g):
        """The T.1-T.4 mass-loss limit in percent for a cell or battery of ``mass_g`` grams."""
        return _ffi.lib.liion_un38_mass_loss_limit_pct(float(mass_g))


class FormationRecord(_Builder):
    """Per-cell formation record builder (``liion_formation``)."""

    _prefix, _Field = "liion_formation", FormationField
    _FUNCS = ("liion_formation_new", "liion_formation_free", "liion_formation_set_text",
               "liion_formation_set_number", "liion_formation_set_ocv",
               "liion_formation_add_step", "liion_formation_set_series", "liion_formation_build")

    def __init__(self, ctx=None, **fields):
        self._make(ctx, ())
        self.update(**fields)

    def clear(self):
        """Forget every field, step and series (the memory is kept for the next cell)."""
        with self._lock:
            _ffi.lib.liion_formation_clear(self._handle())
        return self

    def set_ocv(self, checkpoint, time_s, volts):
        """OCV checkpoint 1 or 2 (Unix seconds, V); with both the record carries the K value."""
        return self._call("_set_ocv", u32("checkpoint", checkpoint), i64("time_s", time_s),
                          float(volts))

    def add_step(self, mode, t_start_ms, t_end_ms, set_a=0.0, set_v=0.0, end_v=0.0, end_a=0.0,
                 ah=0.0, wh=0.0, t_min_c=0.0, t_max_c=0.0, ambient_c=0.0):
        """Append a formation step (a :class:`~liion.FormationMode`), in execution order."""
        return self._call("_add_step", int(FormationMode(mode)), i64("t_start_ms", t_start_ms),
                          i64("t_end_ms", t_end_ms), *[float(x) for x in (
                              set_a, set_v, end_v, end_a, ah, wh, t_min_c, t_max_c, ambient_c)])

    def set_series(self, t_ms, volts, amps, temp_c, source_cells=1, aggregated=False):
        """The cell's own sample series, compressed at once: ``t_ms`` (int64, Unix ms,
        non-decreasing), ``volts``, ``amps``, ``temp_c`` (doubles) of equal length. Any buffer
        of the right element type (``array('q')`` / ``array('d')``, a ``memoryview``, numpy
        int64 / float64 arrays) goes in without a copy; other sequences are converted once in
        C. A batch average (``source_cells`` other than 1, or ``aggregated``) is refused by the
        library with LiionStateError: a formation record carries one cell's own samples."""
        tp, n, tk = in_array(t_ms, ("i", 8), "t_ms")
        chans = [in_array(x, ("f", 8), name) for x, name in
                 ((volts, "volts"), (amps, "amps"), (temp_c, "temp_c"))]
        if any(c[1] != n for c in chans):
            raise LiionValueError(Status.INVALID_ARG, "t_ms, volts, amps and temp_c must have "
                                  "the same length (%d, %s)" % (n, ", ".join(str(c[1])
                                                                            for c in chans)))
        tp = None if tp is None else cast(tp, POINTER(c_int64))
        return self._call("_set_series", tp, chans[0][0], chans[1][0], chans[2][0], n,
                          u32("source_cells", source_cells),
                          _ffi.SERIES_AGGREGATED if aggregated else 0)


class Iec62660Record(_Builder):
    """IEC 62660 test record builder (``liion_iec62660``) for ``part`` (an
    :class:`~liion.Iec62660Part`)."""

    _prefix, _Field = "liion_iec62660", Iec62660Field
    _FUNCS = ("liion_iec62660_new", "liion_iec62660_free", "liion_iec62660_set_text",
               "liion_iec62660_set_number", "liion_iec62660_add_value",
               "liion_iec62660_set_outcome", "liion_iec62660_set_verdict", "liion_iec62660_build")

    def __init__(self, part, ctx=None, **fields):
        self._make(ctx, (int(Iec62660Part(part)),))
        self.update(**fields)

    def add_condition(self, name, value, unit):
        """A test condition (ambient temperature, initial SOC ...): name, value, unit."""
        return self._call("_add_value", 0, cstr(name, "name"), float(value), cstr(unit, "unit"))

    def add_result(self, name, value, unit):
        """A test result (capacity at a rate, DC resistance ...): name, value, unit."""
        return self._call("_add_value", 1, cstr(name, "name"), float(value), cstr(unit, "unit"))

    def set_outcome(self, outcome):
        """The Part 2/3 outcome class (:class:`~liion.Iec62660Outcome`)."""
        return self._call("_set_outcome", int(Iec62660Outcome(outcome)))

    def set_verdict(self, passed):
        """The Part 3 verdict (LiionStateError for Parts 1 and 2)."""
        return self._call("_set_verdict", 1 if passed else 0)


class Dossier(_Builder):
    """Single-cell audit dossier builder (``liion_dossier``): ``cell`` of ``plant`` (index or
    ID), with the spec results of ``registry`` (a :class:`liion.spec.Registry`, e.g.
    ``store.spec_registry``) when given."""

    _prefix = "liion_dossier"
    _FUNCS = ("liion_dossier_new", "liion_dossier_free", "liion_dossier_add_record",
               "liion_dossier_build")

    def __init__(self, plant, cell, registry=None):
        from ._enums import ObjectKind
        plant = getattr(plant, "plant", plant)
        with plant._lock:
            idx = plant._idx(ObjectKind.LOT, cell, "cell")
            ph = plant._handle()
        self._plant = plant
        self._refs = []  # the registry in use: kept alive as long as the C builder
        self._make(plant._ctx, (ph, idx), keep=(plant, self._refs), dep=plant)
        self._registry = None
        if registry is not None:
            self.set_registry(registry)

    def set(self, field, value):  # no fields
        raise TypeError("a Dossier has no fields")

    def set_registry(self, registry):
        """Use (or with None, drop) a spec registry of the same plant (a
        :class:`liion.spec.Registry`, e.g. ``store.spec_registry``): every spec result on the
        cell's backward closure goes into the dossier, violations first."""
        with self._lock:
            d = self._handle()
            h = self._ctx._handle()
            r = None if registry is None else registry._handle()
            _check(_ffi.lib.liion_dossier_set_registry(d, r), h)
        self._registry = registry
        self._refs[:] = [] if registry is None else [registry]
        if registry is not None:
            registry._dependents.add(self)
        return self

    def add_record(self, doc):
        """Add a formation record or IEC 62660 test record :class:`Document` of this cell
        (copied)."""
        return self._call("_add_record", doc._handle())


class Passport(_Builder):
    """Battery passport attributes builder (``liion_passport``) for ``battery`` (a lot index
    or ID) of ``plant``."""

    _prefix, _Field = "liion_passport", PassportField
    _FUNCS = ("liion_passport_new", "liion_passport_free", "liion_passport_set_text",
               "liion_passport_set_number", "liion_passport_set_cells", "liion_passport_build")

    def __init__(self, plant, battery, **fields):
        from ._enums import ObjectKind
        plant = getattr(plant, "plant", plant)
        with plant._lock:
            idx = plant._idx(ObjectKind.LOT, battery, "battery")
            ph = plant._handle()
        self._plant = plant
        self._make(plant._ctx, (ph, idx), keep=(plant,), dep=plant)
        self.update(**fields)

    def set_cells(self, cell_class, property):
        """Cells are the ancestor lots of material class ``cell_class`` (index or ID), each
        with a number property ``property`` in Ohm or milliohm."""
        from ._enums import ObjectKind
        with self._lock:
            cls_idx = self._plant._idx(ObjectKind.MATERIAL_CLASS, cell_class, "cell_class")
        return self._call("_set_cells", cls_idx, cstr(property, "property"))
