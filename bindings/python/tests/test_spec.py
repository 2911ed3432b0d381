"""liion.spec: limit sets, checks, physics, SPC (liion/spec.h) and the registry
(liion/spec_plant.h)."""

import array
import math
import os
import sys
import unittest

_HERE = os.path.dirname(os.path.abspath(__file__))
try:
    import liion
except ModuleNotFoundError:  # run from a checkout without PYTHONPATH
    sys.path.insert(0, os.path.dirname(_HERE))
    import liion

from liion import (BoundMethod, DewpointBasis, MaterialUse, ObjectKind as K,  # noqa: E402
                   SpcChartType, SpecKind, SpecParam, SpecSeverity, SpecSide, VisionVerdict,
                   spec)

try:
    import numpy
except ImportError:
    numpy = None


class LimitsTest(unittest.TestCase):
    def setUp(self):
        self.ctx = liion.Context()

    def tearDown(self):
        self.ctx.close()

    def test_build_and_read(self):
        lim = spec.Limits("RECIPE-7", 3, self.ctx)
        self.assertEqual((lim.owner, lim.version, len(lim)), ("RECIPE-7", 3, 0))
        lim.set_default(SpecParam.WET_FILM_THICKNESS, 150.0)
        lim.set("areal_loading", "GM2", SpecKind.TWO_SIDED, 10, 12)
        lim.set_advisory("areal_loading", 10.5, 11.5)
        self.assertEqual(len(lim), 2)
        self.assertIn("areal_loading", lim)
        self.assertNotIn("nope", lim)
        wet = lim["wet_film_thickness"]
        self.assertEqual((wet.kind, wet.lo, wet.hi, wet.unit),
                         (SpecKind.TARGET_ABS, 148.5, 151.5, "4H"))
        self.assertEqual(lim[1].advisory_lo, 10.5)
        self.assertEqual(lim.find("areal_loading"), 1)
        self.assertEqual([i.param for i in lim], ["wet_film_thickness", "areal_loading"])
        self.assertEqual(spec.param_name(SpecParam.DRY_ROOM_DEW_POINT), "dry_room_dew_point")
        self.assertEqual(spec.param_unit(SpecParam.WET_FILM_THICKNESS), "4H")

    def test_parse(self):
        lim = spec.Limits.parse("limits R2 4  # header\nwet_film_thickness 4H target 150 1.5\n"
                                "default dry_room_dew_point\n", self.ctx)
        self.assertEqual((lim.owner, lim.version, len(lim)), ("R2", 4, 2))
        self.assertEqual(lim["dry_room_dew_point"].hi, -40.0)
        with self.assertRaises(liion.LiionValueError) as cm:
            spec.Limits.parse("limits R2 4\nwet_film_thickness um target 150 1.5\n", self.ctx)
        self.assertIn("line 2", cm.exception.message)
        self.assertEqual(cm.exception.offset, 12)
        self.assertEqual(cm.exception.message, self.ctx.errmsg)
        with self.assertRaises(liion.LiionDecodeError) as cm:
            spec.Limits.parse(b"limits R2 4\nfoo 4H bogus 1\n", self.ctx)
        self.assertEqual(cm.exception.status, liion.Status.DECODE)
        with self.assertRaises(liion.LiionDecodeError) as cm:
            spec.Limits.parse("", self.ctx)
        self.assertEqual(cm.exception.status, liion.Status.TRUNCATED)

    def test_to_text_round_trip(self):
        lim = spec.Limits.parse("limits R2 4\nwet_film_thickness 4H target 150 1.5\n"
                                "default dry_room_dew_point\n", self.ctx)
        lim.set("thirds", "MMT", spec.SpecKind.TWO_SIDED, 1 / 3, 2.5)
        text = lim.to_text()
        self.assertTrue(text.startswith("limits R2 4\nwet_film_thickness 4H target 150 1.5\n"))
        self.assertIn("thirds MMT two_sided 0.3333333333333333 2.5\n", text)
        back = spec.Limits.parse(text, self.ctx)
        self.assertEqual([(r.param, r.kind, r.a, r.b, r.lo, r.hi, r.advisory_lo, r.advisory_hi)
                          for r in back],
                         [(r.param, r.kind, r.a, r.b, r.lo, r.hi, r.advisory_lo, r.advisory_hi)
                          for r in lim])
        with self.assertRaises(liion.LiionUnsupportedError):
            spec.Limits("R 2", 1, self.ctx).to_text()

    def test_errors(self):
        lim = spec.Limits("R", 1, self.ctx)
        with self.assertRaises(liion.LiionValueError) as cm:
            lim.set("x", "mg/cm2", SpecKind.UPPER, 1)
        self.assertIn("Rec 20", cm.exception.message)
        with self.assertRaises(liion.LiionNotFoundError):
            lim.set_advisory("missing", 0, 1)
        with self.assertRaises(liion.LiionNotFoundError):
            lim.find("missing")
        with self.assertRaises(liion.LiionValueError):
            lim.get(5)
        with self.assertRaises(liion.LiionNotFoundError):
            lim.set_default(SpecParam.POROSITY)
        with self.assertRaises(ValueError):
            lim.set("x", "MMT", 99, 1)
        with self.assertRaises(liion.LiionValueError):
            spec.Limits("R", -1)


class CheckTest(unittest.TestCase):
    def setUp(self):
        self.ctx = liion.Context()
        self.lim = spec.Limits("R", 1, self.ctx)
        self.lim.set_default(SpecParam.WET_FILM_THICKNESS, 150.0)
        self.lim.set("areal_loading", "GM2", SpecKind.TWO_SIDED, 10, 12)
        self.lim.set_advisory("areal_loading", 10.5, 11.5)

    def tearDown(self):
        self.ctx.close()

    def test_sequences(self):
        r = spec.Result(self.ctx)
        vals = array.array("d", [150, 152, 149, 148.4])
        r.check(self.lim, "wet_film_thickness", vals, "4H", where="JR-1")
        r.check(self.lim, "areal_loading", 11.8, "GM2", where="JR-1", first_index=9)
        r.check(self.lim, "areal_loading", memoryview(array.array("d", [11.0, 9.0])), "GM2",
                first_index=20)
        r.check(self.lim, "areal_loading", [11, 11], "GM2")  # a list of ints: converted
        self.assertEqual((r.checked, r.failed, r.warned, r.dropped, len(r)), (9, 3, 1, 0, 4))
        v = r.violations
        self.assertEqual(v[0], spec.Violation(SpecSeverity.FAIL, SpecSide.HIGH, 1, 152.0, 151.5,
                                              "wet_film_thickness", "4H", "JR-1"))
        self.assertEqual((v[1].side, v[1].index), (SpecSide.LOW, 3))
        self.assertEqual((v[2].severity, v[2].index), (SpecSeverity.WARN, 9))
        self.assertEqual((v[3].index, v[3].where), (21, ""))
        r.clear()
        self.assertEqual((r.checked, len(r)), (0, 0))

    def test_many_values_and_cap(self):
        r = spec.Result(self.ctx, max_violations=5)
        self.assertEqual(r.max_violations, 5)
        vals = array.array("d", [150.0]) * 10000
        for i in range(0, 10000, 100):
            vals[i] = 160.0
        r.check(self.lim, "wet_film_thickness", vals, "4H")
        self.assertEqual((r.checked, r.failed, len(r), r.dropped), (10000, 100, 5, 95))

    @unittest.skipIf(numpy is None, "numpy is not installed")
    def test_numpy(self):
        r = spec.Result(self.ctx)
        r.check(self.lim, "wet_film_thickness", numpy.full(1000, 150.0), "4H")
        self.assertEqual(r.checked, 1000)

    def test_stack_and_transfer(self):
        lim = spec.Limits("STACK", 1, self.ctx)
        lim.set_default(SpecParam.STACK_ALIGN_X)
        lim.set_default(SpecParam.STACK_ALIGN_Y)
        r = spec.Result(self.ctx)
        r.check_stack(lim, dx_mm=[0.1, -0.2, 0.5], dy_mm=[0, 0, 0], where="CELL-1")
        self.assertGreaterEqual(r.failed, 1)
        self.assertTrue(any(v.where == "CELL-1" for v in r.violations))
        with self.assertRaises(liion.LiionValueError):
            r.check_stack(lim, dx_mm=[0.1], dy_mm=[0.1, 0.2])
        r.clear()
        r.check_transfer(None, pressure_diff_pa=12.0, dwell_s=None, gripper_vacuum_kpa=60.0,
                         where="T-1", index=7)
        self.assertEqual(r.failed, 1)  # the missing dwell time
        self.assertEqual(r.violations[0].side, SpecSide.MISSING)
        self.assertTrue(math.isnan(r.violations[0].value))

    def test_check_errors(self):
        r = spec.Result(self.ctx)
        with self.assertRaises(liion.LiionValueError) as cm:
            r.check(self.lim, "wet_film_thickness", [150.0, float("nan")], "4H")
        self.assertIn("1", cm.exception.message)
        self.assertEqual(cm.exception.message, self.ctx.errmsg)
        self.assertEqual(r.checked, 0)  # atomic
        with self.assertRaises(liion.LiionNotFoundError):
            r.check(self.lim, "porosity", [0.3], "P1")
        with self.assertRaises(liion.LiionError):
            r.check(self.lim, "wet_film_thickness", [150.0], "MMT")
        with self.assertRaises(TypeError):
            r.check(self.lim, "wet_film_thickness", "150", "4H")


class PhysicsTest(unittest.TestCase):
    def test_dewpoint(self):
        ppmv = spec.dewpoint_to_ppmv(-40.0)
        self.assertAlmostEqual(ppmv, 126.7, delta=0.5)
        self.assertAlmostEqual(spec.dewpoint_from_ppmv(ppmv), -40.0, places=6)
        self.assertGreater(spec.dewpoint_to_ppmv(-40.0, enhance=True), ppmv)
        self.assertAlmostEqual(spec.dewpoint_vapor_pressure(0.0, DewpointBasis.WATER), 611.2,
                               delta=0.5)
        self.assertNotEqual(spec.dewpoint_vapor_pressure(-20, magnus=True),
                            spec.dewpoint_vapor_pressure(-20))
        self.assertGreater(spec.dewpoint_mixing_ratio(-40.0), 0)
        self.assertGreater(spec.dewpoint_to_ppmv(-40.0, dry_basis=True), ppmv)
        with liion.Context() as ctx:
            with self.assertRaises(liion.LiionValueError) as cm:
                spec.dewpoint_to_ppmv(-40.0, pressure_pa=1.0, ctx=ctx)
            self.assertEqual(cm.exception.message, ctx.errmsg)
            with self.assertRaises(liion.LiionValueError):
                spec.dewpoint_from_ppmv(-1.0, ctx=ctx)

    def test_electrode(self):
        self.assertAlmostEqual(spec.electrode_wet_loading(150, 1.8, 0.6), 16.2)
        self.assertAlmostEqual(spec.electrode_loading_tolerance(150, 1.5), 1.0)
        self.assertAlmostEqual(spec.electrode_coat_thickness(150, 10, 2), 70.0)
        self.assertAlmostEqual(spec.electrode_true_density([0.9, 0.1], [4.7, 1.8]),
                               1 / (0.9 / 4.7 + 0.1 / 1.8))
        self.assertAlmostEqual(spec.electrode_density(20.0, 70.0), 20e-3 / 70e-4)
        por = spec.electrode_porosity(20.0, 70.0, 4.0)
        self.assertAlmostEqual(por, 1 - (20e-3 / 70e-4) / 4.0)
        with self.assertRaises(liion.LiionValueError):
            spec.electrode_wet_loading(-1, 1.8, 0.6)
        with self.assertRaises(liion.LiionValueError):
            spec.electrode_true_density([0.5, 0.1], [4.7, 1.8])  # fractions do not sum to 1
        with self.assertRaises(liion.LiionValueError):
            spec.electrode_true_density([1.0], [4.7, 1.8])
        with self.assertRaises(liion.LiionValueError):
            spec.electrode_coat_thickness(150, 10, 3)

    def test_statistics_and_vision(self):
        lo, hi = spec.binomial_bounds(0, 59, one_sided=True)
        self.assertEqual(lo, 0.0)
        self.assertAlmostEqual(hi, 0.0495, places=3)  # the "0 in 59" rule
        w = spec.binomial_bounds(5, 100, 0.95, BoundMethod.WILSON)
        self.assertLess(w[0], 0.05)
        self.assertGreater(w[1], 0.05)
        with self.assertRaises(liion.LiionValueError):
            spec.binomial_bounds(5, 4)
        rep = spec.vision_qualify(100, 0, 1, 999, min_recall=0.95, max_frr=0.015)
        self.assertEqual(rep.verdict, VisionVerdict.QUALIFIED)
        self.assertEqual((rep.defects, rep.goods), (100, 1000))
        rep = spec.vision_qualify(5, 0, 0, 5)
        self.assertEqual(rep.verdict, VisionVerdict.NOT_ENOUGH_EVIDENCE)
        self.assertEqual(spec.vision_streak_counts([0.5, 0.1, 0.0, 0.0], b"\x01\x01\x00\x00",
                                                   [1, 0, 1, 0]), (1, 0, 1, 1))
        with self.assertRaises(liion.LiionValueError):
            spec.vision_streak_counts([0.5], [1, 0], [1])
        d2, d3, d4, a2 = spec.spc_constants(5)
        self.assertEqual((d2, d3, d4, a2), (2.326, 0.0, 2.114, 0.577))
        with self.assertRaises(liion.LiionValueError):
            spec.spc_constants(11)


class SpcTest(unittest.TestCase):
    def test_stats(self):
        s = spec.SpcStats([1, 2, 3, 4, 5.5])
        self.assertEqual((s.count, s.mean, s.min, s.max), (5, 3.1, 1.0, 5.5))
        self.assertAlmostEqual(s.variance, 3.05)
        self.assertAlmostEqual(s.stdev, math.sqrt(3.05))
        s.push(array.array("d", [3.1]))
        self.assertEqual(s.count, 6)
        cap = s.capability(0, 10)
        self.assertIsInstance(cap, spec.Capability)
        self.assertLessEqual(cap.cpk, cap.cp)
        with self.assertRaises(liion.LiionValueError):
            s.push([1.0, float("inf")])
        self.assertEqual(s.count, 6)
        self.assertTrue(math.isnan(spec.SpcStats().mean))
        with self.assertRaises(liion.LiionStateError):
            spec.SpcStats([1.0]).capability(0, 2)

    def test_charts(self):
        c = spec.SpcChart(SpcChartType.IMR).fit([10, 11, 10, 9, 10, 11, 10, 9])
        lcl, cl, ucl = c.limits()
        self.assertEqual(cl, 10.0)
        self.assertAlmostEqual(ucl - cl, 3 * 1.0 / 1.128)  # MR-bar = 1, d2(2) = 1.128
        sig = c.evaluate(array.array("d", [10, 20, 10]))
        self.assertIn(spec.Signal(spec.RULE_NELSON1, 1, 20.0), sig)
        self.assertEqual(c.signals, sig)
        self.assertEqual(c.evaluate([10, 10.5], rules=spec.RULE_NELSON1), [])
        c.set_limits(100.0, 2.0)
        self.assertEqual(c.limits(), (94.0, 100.0, 106.0))
        x = spec.SpcChart(SpcChartType.XBAR_R, 4).fit([10, 11, 9, 10] * 5 + [10, 12, 8, 10])
        self.assertEqual(len(x.limits(spec.CHART_RANGE)), 3)
        with self.assertRaises(liion.LiionValueError):
            spec.SpcChart(SpcChartType.XBAR_R, 11)
        with self.assertRaises(liion.LiionStateError):
            spec.SpcChart().fit([1.0])
        with self.assertRaises(liion.LiionError):
            spec.SpcChart().evaluate([1.0, 2.0])  # no limits yet


class RegistryTest(unittest.TestCase):
    def test_attach_and_closure(self):
        with liion.Context() as ctx:
            p = liion.Plant(ctx)
            jumbo = p.add_lot("JR-1")
            daughter = p.add_lot("JR-1-A", parent=jumbo)
            cell = p.add_lot("CELL-1")
            r = p.add_response("STACK-1")
            p.response_add_material(r, daughter, MaterialUse.CONSUMED)
            p.response_add_material(r, cell, MaterialUse.PRODUCED)
            lim = spec.Limits("RECIPE", 9, ctx).set_default(SpecParam.WET_FILM_THICKNESS, 150)
            res = spec.Result(ctx).check(lim, "wet_film_thickness", [150, 152, 149], "4H",
                                         where="JR-1")
            reg = spec.Registry(p)
            rec = reg.attach(K.LOT, "JR-1", res, lim, "wet_film_thickness", time=100)
            self.assertEqual((rec, len(reg)), (0, 1))
            info = reg.record(rec)
            self.assertEqual((info.kind, info.index, info.limits_owner, info.limits_version,
                              info.unit, info.time, info.checked, info.failed, info.violations),
                             (K.LOT, jumbo, "RECIPE", 9, "4H", 100, 3, 1, 1))
            self.assertEqual(reg.violations(rec)[0].value, 152.0)
            self.assertEqual(reg.select_object(K.LOT, jumbo), [(0, 0)])
            self.assertEqual(reg.select_object(K.LOT, cell), [])
            rows = reg.select_closure("CELL-1")
            self.assertEqual([r for r, _ in rows], [0])
            self.assertEqual(rows[0][1], 2)  # cell -> daughter -> jumbo
            with self.assertRaises(liion.LiionNotFoundError) as cm:
                reg.attach(K.LOT, 99, res, lim, "x")
            self.assertEqual(cm.exception.message, ctx.errmsg)
            with self.assertRaises(liion.LiionValueError):
                reg.attach(K.LOT, 0, res, lim, "")
            with self.assertRaises(liion.LiionValueError):
                reg.record(5)
            p.close()
            self.assertTrue(reg.closed)  # closed with its plant


if __name__ == "__main__":
    unittest.main()
