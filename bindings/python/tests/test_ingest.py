"""liion.ingest: mapping files and equipment messages into the plant (liion/ingest.h)."""

import os
import sys
import tempfile
import unittest

_HERE = os.path.dirname(os.path.abspath(__file__))
try:
    import liion
except ModuleNotFoundError:  # run from a checkout without PYTHONPATH
    sys.path.insert(0, os.path.dirname(_HERE))
    import liion

from liion import (E40State, E87LtsState, EquipmentLevel, IngestMachine,  # noqa: E402
                   IngestStatKind, ObjectKind, ProcessStep, SpecParam, Status, gem, ingest,
                   opcua, spec, uadp)

MAP = (
    "# test mapping\n"
    "liion-ingest 1\n"
    "on s6f11 STACKER-1 100 start STACKING   # cell started\n"
    "  vid 1 lot produced CELL-DEF\n"
    "  vid 2 lot consumed\n"
    "  vid 3 prop align_x MMT\n"
    "  vid 3 check stack_align_x MMT\n"
    "  vid 4 text recipe\n"
    "on s6f11 STACKER-1 101 end STACKING\n"
    "on e40 FILLER-1 PROCESSING start FILLING\n"
    "on e40 FILLER-1 PROCESS_COMPLETE end FILLING\n"
    "on e87 FILLER-1 TRANSFER_BLOCKED consume\n"
    "on uadp 1 0 COATER-1 prop wet_film MC\n"
    "on node ns=2;s=DryRoom.DewPoint FILLER-1 check dry_room_dew_point CEL\n"
)


class MapTest(unittest.TestCase):
    def test_parse(self):
        with liion.Context() as ctx:
            m = ingest.IngestMap(MAP, ctx)
            self.assertEqual(m.rule_count, 7)
            self.assertEqual(len(m), 7)
            m.close()
            with self.assertRaises(ValueError):
                m.rule_count
            with tempfile.TemporaryDirectory() as d:
                path = os.path.join(d, "x.map")
                with open(path, "w") as f:
                    f.write(MAP)
                self.assertEqual(len(ingest.IngestMap.from_file(path, ctx)), 7)

    def test_demo_map(self):
        """The mapping file of the end-to-end demo (examples/plant_day.map) parses."""
        path = os.path.join(_HERE, "..", "..", "..", "examples", "plant_day.map")
        if not os.path.exists(path):
            self.skipTest("not run from a checkout")
        with liion.Context() as ctx:
            m = ingest.IngestMap.from_file(path, ctx)
            with open(path, encoding="utf-8") as f:
                rules = sum(1 for line in f if line.lstrip().startswith("on "))
            self.assertEqual(m.rule_count, rules)

    def test_bad_maps(self):
        ctx = liion.Context()
        cases = [
            ("liion-ingest 1\nfoo bar\n", liion.LiionDecodeError, "line 2, column 1:", 15),
            ("liion-ingest 1\non s6f11 EQ abc\n", liion.LiionDecodeError, "line 2, column 13:",
             27),
            ("", liion.LiionDecodeError, "empty mapping", 0),
            ("liion-ingest 1\non s6f11 EQ 1 end S\non s6f11 EQ 1 end S\n",
             liion.LiionExistsError, "line 3", None),
        ]
        for text, exc, where, offset in cases:
            with self.subTest(text=text):
                with self.assertRaises(exc) as cm:
                    ingest.IngestMap(text, ctx)
                self.assertIn(where, cm.exception.message)
                self.assertEqual(cm.exception.message, ctx.errmsg)
                if offset is not None:
                    self.assertEqual(cm.exception.offset, offset)
        with self.assertRaises(TypeError):
            ingest.IngestMap(None, ctx)
        ctx.close()


class IngestTest(unittest.TestCase):
    def setUp(self):
        self.ctx = ctx = liion.Context()
        p = self.plant = liion.Plant(ctx)
        p.add_equipment("STACKER-1", EquipmentLevel.WORK_CELL)
        p.add_equipment("FILLER-1", EquipmentLevel.WORK_CELL)
        p.add_equipment("COATER-1", EquipmentLevel.PRODUCTION_UNIT)
        p.add_segment("STACKING", ProcessStep.STACKING)
        p.add_segment("FILLING", ProcessStep.FILLING)
        p.add_material_definition("CELL-DEF")
        p.add_lot("ROLL-A")
        self.map = ingest.IngestMap(MAP, ctx)
        self.reg = spec.Registry(p)
        self.limits = spec.Limits("CELL-DEF", 3, ctx)
        self.limits.set_default(SpecParam.STACK_ALIGN_X, 0)
        self.limits.set_default(SpecParam.DRY_ROOM_DEW_POINT, 0)
        self.ing = ingest.Ingest(p, self.map, self.reg, self.limits)

    def tearDown(self):
        self.ctx.close()

    def start(self, cell, dx, t=10):
        self.ing.event("STACKER-1", 100, {1: cell, 2: "ROLL-A", 3: dx, 4: "R-7"}, time=t)

    def test_event_and_stats(self):
        ing, p = self.ing, self.plant
        self.start("CELL-1", 0.1)
        cell = p.find(ObjectKind.LOT, "CELL-1")
        self.assertEqual(ing.lot_in_process("STACKER-1"), cell)
        self.assertIsNone(ing.lot_in_process("FILLER-1"))
        self.assertAlmostEqual(p.get_prop(ObjectKind.LOT, cell, "align_x"), 0.1)
        ing.event("STACKER-1", 101, [], time=20)
        st = ing.stats
        self.assertEqual(st[IngestStatKind.MESSAGES], 2)
        self.assertEqual(st[IngestStatKind.RESPONSES], 1)
        self.assertEqual(st[IngestStatKind.LOTS], 1)
        self.assertEqual(ing.stat(IngestStatKind.CHECKS), 1)
        self.assertEqual(ing.problems, [])
        self.assertEqual(len(self.reg), 1)
        self.assertIn(cell, p.trace_forward("ROLL-A"))

    def test_refusals_are_problems(self):
        ing = self.ing
        with self.assertRaises(liion.LiionUnsupportedError) as cm:
            ing.event("STACKER-1", 999, {}, time=1)
        self.assertEqual(cm.exception.message, self.ctx.errmsg)
        self.assertIn("999", cm.exception.message)
        with self.assertRaises(liion.LiionNotFoundError) as cm:
            ing.event("STACKER-1", 100, {1: "CELL-2"}, time=1)  # VIDs 2-4 missing
        with self.assertRaises(liion.LiionValueError):
            ing.event("STACKER-1", 100, {1: "CELL-2", 2: "ROLL-A", 3: "not a number",
                                         4: "R"}, time=1)
        with self.assertRaises(liion.LiionStateError):
            ing.event("STACKER-1", 101, {}, time=2)  # no response open
        probs = ing.problems
        self.assertEqual([pr.status for pr in probs],
                         [Status.UNSUPPORTED, Status.NOT_FOUND, Status.RANGE, Status.STATE])
        self.assertIsInstance(probs[0], ingest.Problem)
        self.assertIn("STACKER-1", str(probs[0]))
        self.assertEqual(ing.stat(IngestStatKind.REJECTED), 4)
        self.assertEqual(self.plant.count(ObjectKind.LOT), 1)  # nothing applied
        ing.clear_problems()
        self.assertEqual(ing.problems, [])
        self.assertEqual(ing.stat(IngestStatKind.PROBLEMS), 4)
        with self.assertRaises(ValueError):
            ing.stat(99)
        with self.assertRaises(liion.LiionValueError):
            ing.event("STACKER-1", -1, {})

    def test_s6f11(self):
        rep = gem.Reports(self.ctx)
        for v in (1, 2, 3, 4):
            rep.add_vid(v)
        rep.add_ceid(100)
        rep.on_s2f33(gem.s2f33_encode(1, {10: [1, 2, 3, 4]}))
        rep.on_s2f35(gem.s2f35_encode(2, {100: [10]}))
        rep.on_s2f37(gem.s2f37_encode(True, [100]))
        body = rep.s6f11_encode(1, 100, {1: "CELL-9", 2: "ROLL-A", 3: 0.05, 4: "R"})
        self.ing.s6f11("STACKER-1", rep, body, time=5)
        self.assertIsNotNone(self.plant.find(ObjectKind.LOT, "CELL-9"))
        with self.assertRaises(liion.LiionDecodeError) as cm:
            self.ing.s6f11("STACKER-1", rep, b"\x01\x03", time=6)
        self.assertEqual(cm.exception.message, self.ctx.errmsg)

    def test_state_change(self):
        ing = self.ing
        ing.state_change("FILLER-1", IngestMachine.E87, E87LtsState.TRANSFER_BLOCKED, "ROLL-A", 1)
        ing.state_change("FILLER-1", IngestMachine.E40, E40State.PROCESSING, "PJ-1", 2)
        ing.state_change("FILLER-1", IngestMachine.E40, E40State.PROCESS_COMPLETE, "PJ-1", 3)
        self.assertEqual(ing.stat(IngestStatKind.RESPONSES), 1)
        with self.assertRaises(liion.LiionUnsupportedError):
            ing.state_change("FILLER-1", IngestMachine.E40, E40State.PAUSED, "PJ-1", 4)
        with self.assertRaises(ValueError):
            ing.state_change("FILLER-1", 7, 0)

    def test_uadp_and_datavalue(self):
        ing = self.ing
        nm = uadp.NetworkMessage([uadp.DataSetMessage(1, [opcua.DataValue(152.5)],
                                                      encoding=liion.UadpEncoding.DATAVALUE)],
                                 publisher_id=7, flags=uadp.NM_PAYLOAD_HEADER)
        p = self.plant
        self.start("CELL-U", 0.0)
        ing.uadp(uadp.encode(nm), time=30)
        self.assertEqual(ing.stat(IngestStatKind.MESSAGES), 2)
        ing.uadp(nm, time=31)  # a NetworkMessage object: built into a reused C message
        ing.uadp(nm, time=32)
        self.assertEqual(ing.stat(IngestStatKind.MESSAGES), 4)
        self.assertAlmostEqual(p.get_prop(ObjectKind.EQUIPMENT, "COATER-1", "wet_film"), 152.5)
        with self.assertRaises(liion.LiionUnsupportedError) as cm:
            ing.uadp(uadp.NetworkMessage([uadp.DataSetMessage(9, [1.0])], publisher_id=7,
                                         flags=uadp.NM_PAYLOAD_HEADER), time=33)
        self.assertIn("writer 9", cm.exception.message)
        with self.assertRaises(liion.LiionDecodeError):
            ing.uadp(b"\xf1", time=31)
        ing.datavalue(2, "s=DryRoom.DewPoint", opcua.DataValue(-45.0), time=40)
        ing.datavalue(2, "s=DryRoom.DewPoint", -20.0, time=41)  # plain value: wrapped
        self.assertEqual(ing.stat(IngestStatKind.CHECKS_FAILED), 1)
        with self.assertRaises(liion.LiionError) as cm:
            ing.datavalue(2, "s=DryRoom.DewPoint", opcua.DataValue(-45.0, status=0x80000000))
        self.assertIn("DewPoint", cm.exception.message)
        with self.assertRaises(liion.LiionUnsupportedError):
            ing.datavalue(2, "s=Nowhere", opcua.DataValue(1.0))
        _ = p

    def test_lifetime(self):
        ing = self.ing
        self.map.close()  # closes the ingest first
        self.assertTrue(ing.closed)
        with self.assertRaises(ValueError):
            ing.event("STACKER-1", 101, {})
        other = liion.Context()
        with self.assertRaises(ValueError):
            ingest.Ingest(self.plant, ingest.IngestMap(MAP, other))
        m2 = ingest.IngestMap(MAP, self.ctx)
        with self.assertRaises(ValueError):
            ingest.Ingest(self.plant, m2, limits=spec.Limits("X", 1, other))
        ing2 = ingest.Ingest(self.plant, m2, self.reg, self.limits)
        self.limits.close()  # closes the ingest that uses it first
        self.assertTrue(ing2.closed)
        other.close()

    def test_store_plant(self):
        with tempfile.TemporaryDirectory() as d, liion.Context() as ctx:
            with liion.Store(os.path.join(d, "s.store"), ctx=ctx) as st:
                st.plant.add_equipment("STACKER-1", EquipmentLevel.WORK_CELL)
                st.plant.add_segment("STACKING", ProcessStep.STACKING)
                st.plant.add_material_definition("CELL-DEF")
                st.plant.add_lot("ROLL-A")
                m = ingest.IngestMap(MAP, ctx)
                with ingest.Ingest(st, m) as ing:
                    with self.assertRaises(liion.LiionError):  # check rule without limits
                        ing.event("STACKER-1", 100, {1: "C", 2: "ROLL-A", 3: 0.1, 4: "R"})
                    self.assertEqual(len(ing.problems), 1)
                st.commit()


class CoverageTest(unittest.TestCase):
    def test_every_prototype_is_wrapped(self):
        """Every function of ingest.h, gem_e30.h and the GEM300 additions is used by a
        wrapper (liion_gem_msg_from_event: hsms.Event already carries the decoded fields)."""
        import glob
        import re
        from liion import _ffi
        pkg = os.path.dirname(liion.__file__)
        src = ""
        for f in glob.glob(os.path.join(pkg, "*.py")):
            if not f.endswith("_ffi.py"):
                with open(f, encoding="utf-8") as fh:
                    src += fh.read()
        pat = re.compile(r"liion_(ingest|gem_s\d|gem_pair|gem_empty|gem_ack_msg|e87_carrier|"
                         r"e87_c|e87_slot|e90_|gem300_)")
        names = [n for n, _, _ in _ffi._PROTOTYPES if pat.match(n)]
        self.assertGreater(len(names), 80)
        missing = [n for n in names if n not in src and n != "liion_gem_msg_from_event"]
        self.assertEqual(missing, [])


if __name__ == "__main__":
    unittest.main()
