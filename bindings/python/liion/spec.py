"""Spec checks, process physics and SPC (liion/spec.h) and spec results on plant objects
(liion/spec_plant.h).

Sequences of measurements go to C through the buffer protocol (``array('d')``, a
``memoryview``, a numpy float64 array: no copy; any iterable of numbers otherwise, converted
once in C)::

    lim = spec.Limits("RECIPE-7", 3)
    lim.set_default(SpecParam.WET_FILM_THICKNESS, 150.0)
    res = spec.Result()
    res.check(lim, "wet_film_thickness", array("d", readings), "4H", where="JR-1")
    for v in res.violations: print(v.index, v.value, v.side.name)

    chart = spec.SpcChart(SpcChartType.IMR); chart.fit(phase1)
    signals = chart.evaluate(phase2)            # [Signal(rule, point, value), ...]
"""

import collections
import math
from ctypes import POINTER, byref, c_double, c_size_t, c_uint32, c_uint64, sizeof

from . import _ffi
from ._default import ctx_or_default
from ._enums import (BoundMethod, DewpointBasis, ObjectKind, SpcChartType, SpecKind, SpecParam,
                     SpecSeverity, SpecSide, Status, VisionVerdict)
from ._handle import _Handle
from ._util import cstr, encode_into, in_array, in_bytes, u32, u64
from .errors import LiionValueError, _check

__all__ = ["Limits", "Result", "SpcStats", "SpcChart", "Registry", "LimitInfo", "Violation",
           "Signal", "Capability", "VisionReport", "RecordInfo", "param_name", "param_unit",
           "dewpoint_vapor_pressure", "dewpoint_to_ppmv", "dewpoint_from_ppmv",
           "dewpoint_mixing_ratio", "electrode_wet_loading", "electrode_loading_tolerance",
           "electrode_coat_thickness", "electrode_true_density", "electrode_density",
           "electrode_porosity", "binomial_bounds", "vision_qualify", "vision_streak_counts",
           "spc_constants", "SpecParam", "SpecKind", "SpecSeverity", "SpecSide",
           "DewpointBasis", "BoundMethod", "VisionVerdict", "SpcChartType", "RULES_NELSON",
           "RULES_WESTERN_ELECTRIC", "CHART_LOCATION", "CHART_RANGE", "INDEX_STACK"]

# SPC rule bits (LIION_SPC_RULE_*)
RULE_NELSON1, RULE_NELSON2, RULE_NELSON3, RULE_NELSON4 = 1, 2, 4, 8
RULE_NELSON5, RULE_NELSON6, RULE_NELSON7, RULE_NELSON8 = 16, 32, 64, 128
RULE_WE4 = 1 << 8
RULE_RANGE = 1 << 9
#: the four Western Electric rules plus the range chart
RULES_WESTERN_ELECTRIC = RULE_NELSON1 | RULE_NELSON5 | RULE_NELSON6 | RULE_WE4 | RULE_RANGE
#: the eight Nelson rules plus the range chart
RULES_NELSON = 0xFF | RULE_RANGE
#: liion_spc_chart_limits() chart selectors
CHART_LOCATION, CHART_RANGE = 0, 1
#: violation index of a whole-stack check (LIION_SPEC_INDEX_STACK)
INDEX_STACK = 0xFFFFFFFFFFFFFFFF
# dewpoint flags
_ENHANCE, _DRY_BASIS, _MAGNUS = 1, 2, 4

LimitInfo = collections.namedtuple("LimitInfo", "param unit kind a b lo hi advisory_lo "
                                                "advisory_hi")
LimitInfo.__doc__ = "One limit: kind with its numbers a, b; effective [lo, hi]; advisory band."
Violation = collections.namedtuple("Violation", "severity side index value limit param unit "
                                                "where")
Violation.__doc__ = "One stored violation (value NaN for a missing value)."
Signal = collections.namedtuple("Signal", "rule point value")
Signal.__doc__ = "A control-chart signal: the rule bit, the plotted point and its value."
Capability = collections.namedtuple("Capability", "cp cpk pp ppk")
VisionReport = collections.namedtuple("VisionReport", "verdict defects goods recall recall_lo "
                                                      "frr frr_hi")
RecordInfo = collections.namedtuple("RecordInfo", "kind index limits_version limits_owner param "
                                                  "unit time checked failed warned dropped "
                                                  "violations")


def _s(b):
    return "" if b is None else b.decode("utf-8", "replace")


def _doubles(values, name="values"):
    return in_array(values, ("f", 8), name)


def _opt_doubles(values, name):
    if values is None:
        return None, 0, None
    return _doubles(values, name)


def _ctx_call(ctx, fn, *args, nout=1):
    """Run ``fn(out..., ctx, *args)`` with ``nout`` double outputs; return them."""
    ctx = ctx_or_default(ctx)
    outs = [c_double() for _ in range(nout)]
    with ctx._lock:
        h = ctx._handle()
        _check(fn(*[byref(o) for o in outs], h, *args), h)
    return outs[0].value if nout == 1 else tuple(o.value for o in outs)


def param_name(param):
    """Catalogue name of a :class:`~liion.SpecParam` ("wet_film_thickness", ...)."""
    return _s(_ffi.lib.liion_spec_param_name(int(SpecParam(param))))


def param_unit(param):
    """Unit code of a catalogue parameter."""
    return _s(_ffi.lib.liion_spec_param_unit(int(SpecParam(param))))


def _violation(v):
    return Violation(SpecSeverity(v.severity), SpecSide(v.side), v.index, v.value, v.limit,
                     _s(v.param), _s(v.unit), _s(v.where))


class _Owned(_Handle):
    """A handle created from a context and sharing its lock."""

    def _make(self, ctx, new, free, *args):
        ctx = ctx_or_default(ctx)
        _Handle.__init__(self, lock=ctx._lock)
        out = POINTER(new.argtypes[0]._type_._type_)()
        with ctx._lock:
            h = ctx._handle()
            _check(new(byref(out), h, *args), h)
        self._ctx = ctx
        self._adopt(out, free, ctx)
        ctx._dependents.add(self)

    def _hh(self):
        return self._handle(), self._ctx._handle()


# ---- limit sets -----------------------------------------------------------------------------

class Limits(_Owned):
    """A versioned limit set for one material definition or recipe (``liion_spec_limits``).

    ``Limits(owner_id, version, ctx=None)``, or :meth:`parse` the text form. ``len()``,
    iteration (:class:`LimitInfo` rows), ``limits["param"]`` and ``"param" in limits``.
    """

    def __init__(self, owner_id, version=1, ctx=None):
        self._make(ctx, _ffi.lib.liion_spec_limits_new, _ffi.lib.liion_spec_limits_free,
                   cstr(owner_id, "owner_id"), u32("version", version))

    @classmethod
    def parse(cls, text, ctx=None):
        """A limit set from its text form (``limits <owner> <version>`` then directives).
        Errors raise with the line number in the message and the byte offset."""
        ctx = ctx_or_default(ctx)
        self = cls.__new__(cls)
        p, n = in_bytes(text)
        self._make(ctx, _ffi.lib.liion_spec_limits_decode, _ffi.lib.liion_spec_limits_free,
                   p, n)
        return self

    def to_text(self):
        """The text form :meth:`parse` reads (``liion_spec_limits_encode``): every limit with
        its numbers written so that they read back exactly; ``default`` lines come out as the
        limits they set. LiionUnsupportedError for an owner, parameter or unit with a space or
        '#'."""
        with self._lock:
            lim, h = self._hh()
            return encode_into(
                lambda b, cap, w: _ffi.lib.liion_spec_limits_encode(b, cap, w, lim), h,
                text=True, first=1024)

    @property
    def owner(self):
        """Owner ID (material definition or recipe)."""
        with self._lock:
            return _s(_ffi.lib.liion_spec_limits_owner(self._handle()))

    @property
    def version(self):
        """Version number."""
        with self._lock:
            return _ffi.lib.liion_spec_limits_version(self._handle())

    def set(self, param, unit, kind, a, b=0.0):
        """Add or replace the limit of ``param`` (a :class:`~liion.SpecKind` with numbers
        a, b: TWO_SIDED a..b, UPPER <= a, LOWER >= a, TARGET_ABS a +- b, TARGET_PCT a +- b %)."""
        with self._lock:
            lim, h = self._hh()
            _check(_ffi.lib.liion_spec_limits_set(lim, cstr(param, "param"), cstr(unit, "unit"),
                                                  int(SpecKind(kind)), float(a), float(b)), h)
        return self

    def set_advisory(self, param, lo=-math.inf, hi=math.inf):
        """Warn (not fail) for values inside the limit but outside [lo, hi]."""
        with self._lock:
            lim, h = self._hh()
            _check(_ffi.lib.liion_spec_limits_set_advisory(lim, cstr(param, "param"), float(lo),
                                                           float(hi)), h)
        return self

    def set_default(self, param, nominal=0.0):
        """Add the documented default limit of a catalogue :class:`~liion.SpecParam`."""
        with self._lock:
            lim, h = self._hh()
            _check(_ffi.lib.liion_spec_limits_set_default(lim, int(SpecParam(param)),
                                                          float(nominal)), h)
        return self

    def __len__(self):
        with self._lock:
            return _ffi.lib.liion_spec_limits_count(self._handle())

    def find(self, param):
        """Index of ``param``'s limit; LiionNotFoundError."""
        with self._lock:
            lim, h = self._hh()
            i = c_size_t()
            _check(_ffi.lib.liion_spec_limits_find(byref(i), lim, cstr(param, "param")), h)
            return i.value

    def get(self, index):
        """The :class:`LimitInfo` at ``index``; LiionValueError (RANGE) past the end."""
        info = _ffi.SpecLimitInfo()
        info.struct_size = sizeof(info)
        with self._lock:
            lim, h = self._hh()
            _check(_ffi.lib.liion_spec_limits_get(byref(info), lim, index), h)
            return LimitInfo(_s(info.param), _s(info.unit), SpecKind(info.kind), info.a,
                             info.b, info.lo, info.hi, info.advisory_lo, info.advisory_hi)

    def __getitem__(self, param):
        return self.get(param if isinstance(param, int) else self.find(param))

    def __contains__(self, param):
        from .errors import LiionNotFoundError
        try:
            self.find(param)
            return True
        except LiionNotFoundError:
            return False

    def __iter__(self):
        return iter([self.get(i) for i in range(len(self))])


# ---- results and checks -----------------------------------------------------------------------

class Result(_Owned):
    """Accumulated check counts and violations (``liion_spec_result``)."""

    def __init__(self, ctx=None, max_violations=None):
        self._make(ctx, _ffi.lib.liion_spec_result_new, _ffi.lib.liion_spec_result_free)
        if max_violations is not None:
            self.max_violations = max_violations

    def clear(self):
        """Forget counts and violations, keeping the memory."""
        with self._lock:
            _ffi.lib.liion_spec_result_clear(self._handle())

    @property
    def max_violations(self):
        """Cap on stored violations (write-only in C; reads the last value set here)."""
        return getattr(self, "_maxv", 100000)

    @max_violations.setter
    def max_violations(self, n):
        with self._lock:
            r, h = self._hh()
            _check(_ffi.lib.liion_spec_result_set_max_violations(r, u64("max_violations", n)), h)
        self._maxv = n

    def check(self, limits, param, values, unit, where=None, first_index=0):
        """Check a sequence (or one number) of ``param`` measured in ``unit``. Values failing
        the limit are recorded, not raised; a NaN/inf anywhere raises LiionValueError and
        nothing is recorded. Returns self."""
        where = cstr(where, "where")
        if isinstance(values, (int, float)):
            with self._lock:
                r, h = self._hh()
                _check(_ffi.lib.liion_spec_check_value(
                    r, limits._handle(), cstr(param, "param"), cstr(unit, "unit"),
                    float(values), where, u64("first_index", first_index)), h)
            return self
        p, n, keep = _doubles(values)
        with self._lock:
            r, h = self._hh()
            _check(_ffi.lib.liion_spec_check_values(
                r, limits._handle(), cstr(param, "param"), cstr(unit, "unit"), p, n, where,
                u64("first_index", first_index)), h)
        return self

    def check_stack(self, limits, dx_mm=None, dy_mm=None, rot_deg=None, overhang_mm=None,
                    where=None):
        """Check a stack's alignment per layer and over the stack (sequences of equal
        length; None for a quantity not measured)."""
        arrays = [_opt_doubles(a, nm) for a, nm in ((dx_mm, "dx_mm"), (dy_mm, "dy_mm"),
                                                   (rot_deg, "rot_deg"),
                                                   (overhang_mm, "overhang_mm"))]
        lens = {n for a, (_, n, _) in zip((dx_mm, dy_mm, rot_deg, overhang_mm), arrays)
                if a is not None}
        if len(lens) > 1:
            raise LiionValueError(Status.INVALID_ARG, "per-layer sequences differ in length")
        layers = lens.pop() if lens else 0
        with self._lock:
            r, h = self._hh()
            _check(_ffi.lib.liion_spec_check_stack(r, limits._handle(), arrays[0][0],
                                                   arrays[1][0], arrays[2][0], arrays[3][0],
                                                   layers, cstr(where, "where")), h)
        return self

    def check_transfer(self, limits=None, pressure_diff_pa=None, dwell_s=None,
                       gripper_vacuum_kpa=None, where=None, index=0):
        """Check one robotic dry-room transfer record (a missing value is a failure)."""
        vals = [None if v is None else c_double(float(v))
                for v in (pressure_diff_pa, dwell_s, gripper_vacuum_kpa)]
        ptrs = [None if v is None else byref(v) for v in vals]
        with self._lock:
            r, h = self._hh()
            lim = None if limits is None else limits._handle()
            _check(_ffi.lib.liion_spec_check_transfer(r, lim, *ptrs, cstr(where, "where"),
                                                      u64("index", index)), h)
        return self

    def _u(self, fn):
        with self._lock:
            return fn(self._handle())

    @property
    def checked(self):
        """Values checked so far."""
        return self._u(_ffi.lib.liion_spec_result_checked)

    @property
    def failed(self):
        """Failures so far (stored or not)."""
        return self._u(_ffi.lib.liion_spec_result_failed)

    @property
    def warned(self):
        """Warnings so far."""
        return self._u(_ffi.lib.liion_spec_result_warned)

    @property
    def dropped(self):
        """Violations counted but not stored (past :attr:`max_violations`)."""
        return self._u(_ffi.lib.liion_spec_result_dropped)

    def __len__(self):
        """Violations stored."""
        return self._u(_ffi.lib.liion_spec_result_count)

    @property
    def violations(self):
        """The stored :class:`Violation` rows, in order."""
        out = []
        v = _ffi.SpecViolation()
        with self._lock:
            r, h = self._hh()
            for i in range(_ffi.lib.liion_spec_result_count(r)):
                v.struct_size = sizeof(v)
                _check(_ffi.lib.liion_spec_result_violation(byref(v), r, i), h)
                out.append(_violation(v))
        return out


# ---- process physics --------------------------------------------------------------------------

def _dp_flags(enhance=False, dry_basis=False, magnus=False):
    return (_ENHANCE if enhance else 0) | (_DRY_BASIS if dry_basis else 0) | \
        (_MAGNUS if magnus else 0)


def dewpoint_vapor_pressure(t_c, basis=DewpointBasis.FROST, magnus=False, ctx=None):
    """Saturation vapour pressure in Pa over ice (FROST) or water at ``t_c`` degrees C."""
    return _ctx_call(ctx, _ffi.lib.liion_dewpoint_vapor_pressure, float(t_c),
                     int(DewpointBasis(basis)), _dp_flags(magnus=magnus))


def dewpoint_to_ppmv(t_c, pressure_pa=101325.0, basis=DewpointBasis.FROST, enhance=False,
                     dry_basis=False, magnus=False, ctx=None):
    """Water vapour in ppmv at dew/frost point ``t_c``."""
    return _ctx_call(ctx, _ffi.lib.liion_dewpoint_to_ppmv, float(t_c), float(pressure_pa),
                     int(DewpointBasis(basis)), _dp_flags(enhance, dry_basis, magnus))


def dewpoint_from_ppmv(ppmv, pressure_pa=101325.0, basis=DewpointBasis.FROST, enhance=False,
                       dry_basis=False, magnus=False, ctx=None):
    """Dew/frost point in degrees C for ``ppmv`` (inverse of :func:`dewpoint_to_ppmv`)."""
    return _ctx_call(ctx, _ffi.lib.liion_dewpoint_from_ppmv, float(ppmv), float(pressure_pa),
                     int(DewpointBasis(basis)), _dp_flags(enhance, dry_basis, magnus))


def dewpoint_mixing_ratio(t_c, pressure_pa=101325.0, basis=DewpointBasis.FROST, enhance=False,
                          magnus=False, ctx=None):
    """Mixing ratio in mg water per kg dry air at dew/frost point ``t_c``."""
    return _ctx_call(ctx, _ffi.lib.liion_dewpoint_mixing_ratio, float(t_c), float(pressure_pa),
                     int(DewpointBasis(basis)), _dp_flags(enhance, False, magnus))


def electrode_wet_loading(wet_um, slurry_g_cm3, solids_fraction, ctx=None):
    """Areal loading in mg/cm2 from a wet film."""
    return _ctx_call(ctx, _ffi.lib.liion_electrode_wet_loading, float(wet_um),
                     float(slurry_g_cm3), float(solids_fraction))


def electrode_loading_tolerance(nominal_wet_um, tol_um, ctx=None):
    """Loading tolerance in percent implied by a wet-film tolerance."""
    return _ctx_call(ctx, _ffi.lib.liion_electrode_loading_tolerance, float(nominal_wet_um),
                     float(tol_um))


def electrode_coat_thickness(electrode_um, foil_um, sides=2, ctx=None):
    """Coating thickness per side in um."""
    return _ctx_call(ctx, _ffi.lib.liion_electrode_coat_thickness, float(electrode_um),
                     float(foil_um), u32("sides", sides))


def electrode_true_density(mass_fractions, densities, ctx=None):
    """Composite true density 1 / sum(w_i / rho_i) in g/cm3."""
    pw, nw, kw = _doubles(mass_fractions, "mass_fractions")
    pd, nd, kd = _doubles(densities, "densities")
    if nw != nd:
        raise LiionValueError(Status.INVALID_ARG, "mass_fractions and densities differ in length")
    return _ctx_call(ctx, _ffi.lib.liion_electrode_true_density, pw, pd, nw)


def electrode_density(loading_mg_cm2, coat_um, ctx=None):
    """Compaction density in g/cm3."""
    return _ctx_call(ctx, _ffi.lib.liion_electrode_density, float(loading_mg_cm2),
                     float(coat_um))


def electrode_porosity(loading_mg_cm2, coat_um, true_g_cm3, ctx=None):
    """Porosity (0..1) from loading, coat thickness and true density."""
    return _ctx_call(ctx, _ffi.lib.liion_electrode_porosity, float(loading_mg_cm2),
                     float(coat_um), float(true_g_cm3))


def binomial_bounds(k, n, confidence=0.95, method=BoundMethod.CLOPPER_PEARSON,
                    one_sided=False, ctx=None):
    """``(lo, hi)`` confidence bounds for the proportion k / n."""
    return _ctx_call(ctx, _ffi.lib.liion_binomial_bounds, u64("k", k), u64("n", n),
                     float(confidence), int(BoundMethod(method)), 1 if one_sided else 0,
                     nout=2)


def vision_qualify(tp, fn, fp, tn, min_recall=0.95, max_frr=0.015, confidence=0.95,
                   method=BoundMethod.CLOPPER_PEARSON, ctx=None):
    """Qualify a vision system from confusion counts: a :class:`VisionReport`."""
    ctx = ctx_or_default(ctx)
    rep = _ffi.VisionReport()
    rep.struct_size = sizeof(rep)
    with ctx._lock:
        h = ctx._handle()
        _check(_ffi.lib.liion_vision_qualify(byref(rep), h, u64("tp", tp), u64("fn", fn),
                                             u64("fp", fp), u64("tn", tn), float(min_recall),
                                             float(max_frr), float(confidence),
                                             int(BoundMethod(method))), h)
    return VisionReport(VisionVerdict(rep.verdict), rep.defects, rep.goods, rep.recall,
                        rep.recall_lo, rep.frr, rep.frr_hi)


def vision_streak_counts(width_mm, is_defect, rejected, min_width_mm=0.3, ctx=None):
    """``(tp, fn, fp, tn)`` for streak detection over a labelled set (three sequences of
    equal length: widths, truth flags, reject flags; flags as bytes or 0/1 sequences)."""
    ctx = ctx_or_default(ctx)
    pw, n, kw = _doubles(width_mm, "width_mm")
    pd, nd, kd = in_array(is_defect, ("u", 1), "is_defect")
    pr, nr, kr = in_array(rejected, ("u", 1), "rejected")
    if not n == nd == nr:
        raise LiionValueError(Status.INVALID_ARG, "the three sequences differ in length")
    counts = (c_uint64 * 4)()
    with ctx._lock:
        h = ctx._handle()
        _check(_ffi.lib.liion_vision_streak_counts(counts, h, pw, pd, pr, n,
                                                   float(min_width_mm)), h)
    return tuple(counts)


def spc_constants(n, ctx=None):
    """Control-chart constants ``(d2, D3, D4, A2)`` for subgroup size n (2..10)."""
    ctx = ctx_or_default(ctx)
    outs = [c_double() for _ in range(4)]
    with ctx._lock:
        h = ctx._handle()
        _check(_ffi.lib.liion_spc_constants(*[byref(o) for o in outs], h, u32("n", n)), h)
    return tuple(o.value for o in outs)


# ---- SPC ------------------------------------------------------------------------------------

class SpcStats(_Owned):
    """Streaming statistics (``liion_spc_stats``): push sequences, read moments and
    capability indices."""

    def __init__(self, values=None, ctx=None):
        self._make(ctx, _ffi.lib.liion_spc_stats_new, _ffi.lib.liion_spc_stats_free)
        if values is not None:
            self.push(values)

    def push(self, values):
        """Add values in order (buffer protocol; all finite, else LiionValueError and none
        is added). Returns self."""
        p, n, keep = _doubles(values)
        with self._lock:
            s, h = self._hh()
            _check(_ffi.lib.liion_spc_stats_push(s, p, n), h)
        return self

    def _d(self, fn):
        with self._lock:
            return fn(self._handle())

    @property
    def count(self):
        """Values added."""
        return self._d(_ffi.lib.liion_spc_stats_count)

    @property
    def mean(self):
        """Mean (NaN when empty)."""
        return self._d(_ffi.lib.liion_spc_stats_mean)

    @property
    def variance(self):
        """Sample variance (NaN with fewer than 2 values)."""
        return self._d(_ffi.lib.liion_spc_stats_variance)

    @property
    def stdev(self):
        """Sample standard deviation."""
        return math.sqrt(self.variance)

    @property
    def min(self):
        """Smallest value."""
        return self._d(_ffi.lib.liion_spc_stats_min)

    @property
    def max(self):
        """Largest value."""
        return self._d(_ffi.lib.liion_spc_stats_max)

    def capability(self, lsl=-math.inf, usl=math.inf):
        """:class:`Capability` (Cp, Cpk, Pp, Ppk) against the spec limits."""
        outs = [c_double() for _ in range(4)]
        with self._lock:
            s, h = self._hh()
            _check(_ffi.lib.liion_spc_stats_capability(*[byref(o) for o in outs], s, float(lsl),
                                                       float(usl)), h)
        return Capability(*(o.value for o in outs))


class SpcChart(_Owned):
    """A Shewhart control chart (``liion_spc_chart``): IMR or X-bar/R."""

    def __init__(self, type=SpcChartType.IMR, subgroup_size=1, ctx=None):
        self._make(ctx, _ffi.lib.liion_spc_chart_new, _ffi.lib.liion_spc_chart_free,
                   int(SpcChartType(type)), u32("subgroup_size", subgroup_size))

    def fit(self, values):
        """Phase I: estimate the limits from data. Returns self."""
        p, n, keep = _doubles(values)
        with self._lock:
            c, h = self._hh()
            _check(_ffi.lib.liion_spc_chart_fit(c, p, n), h)
        return self

    def set_limits(self, center, sigma):
        """Phase II: limits from a known centre and process sigma. Returns self."""
        with self._lock:
            c, h = self._hh()
            _check(_ffi.lib.liion_spc_chart_set_limits(c, float(center), float(sigma)), h)
        return self

    def limits(self, which=CHART_LOCATION):
        """``(lcl, cl, ucl)`` of the location (or ``CHART_RANGE``) chart."""
        lcl, cl, ucl = c_double(), c_double(), c_double()
        with self._lock:
            c, h = self._hh()
            _check(_ffi.lib.liion_spc_chart_limits(byref(lcl), byref(cl), byref(ucl), c,
                                                   u32("which", which)), h)
        return lcl.value, cl.value, ucl.value

    def evaluate(self, values, rules=RULES_WESTERN_ELECTRIC):
        """Evaluate values against the limits and rules; returns the :class:`Signal` list."""
        p, n, keep = _doubles(values)
        with self._lock:
            c, h = self._hh()
            _check(_ffi.lib.liion_spc_chart_evaluate(c, p, n, u32("rules", rules)), h)
            return self._signals(c, h)

    def _signals(self, c, h):
        lib = _ffi.lib
        out = []
        rule, point, value = c_uint32(), c_uint64(), c_double()
        for i in range(lib.liion_spc_chart_signal_count(c)):
            _check(lib.liion_spc_chart_signal(byref(rule), byref(point), byref(value), c, i), h)
            out.append(Signal(rule.value, point.value, value.value))
        return out

    @property
    def signals(self):
        """Signals of the last :meth:`evaluate`."""
        with self._lock:
            c, h = self._hh()
            return self._signals(c, h)


# ---- spec results on plant objects ------------------------------------------------------------

class Registry(_Handle):
    """Spec results attached to the objects of a :class:`~liion.Plant`
    (``liion_spec_registry``); closed before its plant."""

    def __init__(self, plant):
        ctx = plant._ctx
        _Handle.__init__(self, lock=ctx._lock)
        lib = _ffi.lib
        with ctx._lock:
            h = ctx._handle()
            reg = _ffi.SpecRegistryP()
            _check(lib.liion_spec_registry_new(byref(reg), h, plant._handle()), h)
            sel = _ffi.SpecSelectionP()
            st = lib.liion_spec_selection_new(byref(sel), h)
            if st:
                lib.liion_spec_registry_free(reg)
                _check(st, h)
        self._ctx = ctx
        self._plant = plant
        self._sel = sel

        def free(r):
            lib.liion_spec_selection_free(sel)
            lib.liion_spec_registry_free(r)
        self._adopt(reg, free, ctx, plant)
        plant._dependents.add(self)

    @classmethod
    def _borrowed(cls, plant, handle, owner):
        """A Registry view of a registry another handle owns (a store's); only the
        selection scratch is freed here."""
        ctx = plant._ctx
        self = cls.__new__(cls)
        _Handle.__init__(self, lock=ctx._lock)
        lib = _ffi.lib
        with ctx._lock:
            h = ctx._handle()
            sel = _ffi.SpecSelectionP()
            _check(lib.liion_spec_selection_new(byref(sel), h), h)
        self._ctx = ctx
        self._plant = plant
        self._owner = owner  # a plain attribute: the finalizer must not keep the store alive
        self._sel = sel
        self._adopt(handle, lambda r: lib.liion_spec_selection_free(sel), ctx)
        owner._dependents.add(self)
        plant._dependents.add(self)
        return self

    def attach(self, kind, index, result, limits=None, param=None, time=0):
        """Attach what ``result`` holds to object (``kind``, ``index``: int or ID) as a new
        record; returns the record number. ``param`` labels the check (default: the first
        violation's parameter is not guessed: give it)."""
        kind = ObjectKind(kind)
        with self._lock:
            reg = self._handle()
            h = self._ctx._handle()
            idx = self._plant._idx(kind, index)
            rec = c_size_t()
            _check(_ffi.lib.liion_spec_registry_attach(
                byref(rec), reg, int(kind), idx, result._handle(),
                None if limits is None else limits._handle(), cstr(param, "param"),
                int(time)), h)
            return rec.value

    def __len__(self):
        with self._lock:
            return _ffi.lib.liion_spec_registry_count(self._handle())

    def record(self, record):
        """The :class:`RecordInfo` of a record."""
        info = _ffi.SpecRecordInfo()
        info.struct_size = sizeof(info)
        with self._lock:
            reg = self._handle()
            h = self._ctx._handle()
            _check(_ffi.lib.liion_spec_registry_record(byref(info), reg, record), h)
            return RecordInfo(ObjectKind(info.kind), info.index, info.limits_version,
                              _s(info.limits_owner), _s(info.param), _s(info.unit), info.time,
                              info.checked, info.failed, info.warned, info.dropped,
                              info.violations)

    def violations(self, record):
        """The stored :class:`Violation` rows of a record."""
        n = self.record(record).violations
        v = _ffi.SpecViolation()
        out = []
        with self._lock:
            reg = self._handle()
            h = self._ctx._handle()
            for i in range(n):
                v.struct_size = sizeof(v)
                _check(_ffi.lib.liion_spec_registry_violation(byref(v), reg, record, i), h)
                out.append(_violation(v))
        return out

    def _rows(self):
        lib = _ffi.lib
        s = self._sel
        return [(lib.liion_spec_selection_record(s, i), lib.liion_spec_selection_depth(s, i))
                for i in range(lib.liion_spec_selection_count(s))]

    def select_object(self, kind, index):
        """``[(record, 0), ...]``: every record on one object, in attach order."""
        kind = ObjectKind(kind)
        with self._lock:
            reg = self._handle()
            h = self._ctx._handle()
            _check(_ffi.lib.liion_spec_registry_select_object(
                reg, self._sel, int(kind), self._plant._idx(kind, index)), h)
            return self._rows()

    def select_closure(self, lot, max_depth=0):
        """``[(record, depth), ...]``: every record on ``lot`` and its backward closure
        (ancestors, sublot parents, producing responses): the audit dossier query."""
        with self._lock:
            reg = self._handle()
            h = self._ctx._handle()
            _check(_ffi.lib.liion_spec_registry_select_closure(
                reg, self._sel, self._plant._idx(ObjectKind.LOT, lot),
                u32("max_depth", max_depth)), h)
            return self._rows()
