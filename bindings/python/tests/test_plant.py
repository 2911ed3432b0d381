"""liion.plant: the ISA-95 model, genealogy queries, roll map (liion/plant.h)."""

import array
import os
import sys
import unittest

_HERE = os.path.dirname(os.path.abspath(__file__))
try:
    import liion
except ModuleNotFoundError:  # run from a checkout without PYTHONPATH
    sys.path.insert(0, os.path.dirname(_HERE))
    import liion

from liion import (AssemblyRel, AssemblyType, Disposition, EquipmentLevel,  # noqa: E402
                   MaterialUse, ObjectKind as K, ProcessStep, QtyType, ResponseState,
                   TestOutcome)
from liion.plant import Plant, Row, TestResult, TestRow, TraceRow  # noqa: E402


def build(plant):
    """cathode powder lot -> slurry -> jumbo roll -> two daughter rolls -> 4 cells."""
    p = plant
    nmc = p.add_material_class("NMC811")
    cu = p.add_material_class("Cu-foil")
    d_nmc = p.add_material_definition("NMC811-powder", nmc)
    d_cu = p.add_material_definition("Cu-8um", cu)
    powder = p.add_lot("PWD-1", d_nmc)
    foil = p.add_lot("FOIL-1", d_cu)
    slurry = p.add_lot("SLR-1")
    jumbo = p.add_lot("JR-1")
    a = p.add_lot("JR-1-A", parent=jumbo)
    b = p.add_lot("JR-1-B", parent="JR-1")
    cells = [p.add_lot("CELL-%d" % i) for i in range(4)]
    mix = p.add_segment("MIX", ProcessStep.MIXING)
    coat = p.add_segment("COAT", ProcessStep.COATING)
    slit = p.add_segment("SLIT", ProcessStep.SLITTING)
    stack = p.add_segment("STACK", ProcessStep.STACKING)
    line = p.add_equipment("LINE-1", EquipmentLevel.PRODUCTION_LINE)
    coater = p.add_equipment("COATER-1", EquipmentLevel.WORK_UNIT, parent=line)
    stacker = p.add_equipment("STACKER-1", EquipmentLevel.WORK_UNIT, parent="LINE-1")
    formation = p.add_equipment("FORM-1", EquipmentLevel.WORK_UNIT)
    r = p.add_response("R-MIX", mix, 0, 10)
    p.response_add_material(r, powder, MaterialUse.CONSUMED, 100.0, "KGM")
    p.response_add_material(r, slurry, MaterialUse.PRODUCED, 95.0, "KGM")
    r = p.add_response("R-COAT", coat, 10, 20)
    p.response_add_equipment(r, coater)
    p.response_add_material(r, slurry, MaterialUse.CONSUMED)
    p.response_add_material(r, foil, MaterialUse.CONSUMED)
    p.response_add_material(r, jumbo, MaterialUse.PRODUCED)
    r = p.add_response("R-SLIT", slit, 20, 25)
    p.response_add_material(r, jumbo, MaterialUse.CONSUMED)
    p.response_add_material(r, a, MaterialUse.PRODUCED)
    p.response_add_material(r, b, MaterialUse.PRODUCED)
    for k, cell in enumerate(cells):
        r = p.add_response("R-STACK-%d" % k, stack, 30 + k, 31 + k)
        p.response_add_equipment(r, stacker)
        p.response_add_material(r, a if k < 2 else b, MaterialUse.CONSUMED)
        p.response_add_material(r, cell, MaterialUse.PRODUCED)
        p.add_equipment_use(formation, cell, 100 + 10 * k, 105 + 10 * k)
    return dict(nmc=nmc, powder=powder, slurry=slurry, jumbo=jumbo, a=a, b=b, cells=cells,
                coater=coater, stacker=stacker, formation=formation, line=line, mix=mix, coat=coat)


class ModelTest(unittest.TestCase):
    def setUp(self):
        self.ctx = liion.Context()
        self.p = Plant(self.ctx)
        self.o = build(self.p)

    def tearDown(self):
        self.ctx.close()

    def test_objects(self):
        p, o = self.p, self.o
        self.assertEqual(p.count(K.LOT), 10)
        self.assertEqual(p.find(K.LOT, "JR-1-A"), o["a"])
        self.assertEqual(p.id(K.LOT, o["b"]), "JR-1-B")
        self.assertEqual(p.ids(K.LOT, o["cells"][:2]), ["CELL-0", "CELL-1"])
        self.assertEqual(p.scheme(K.LOT, o["a"]), "")
        self.assertIsNone(p.id(K.LOT, 999))
        self.assertEqual(p.lot_parent(o["a"]), o["jumbo"])
        self.assertIsNone(p.lot_parent(o["jumbo"]))
        self.assertEqual(p.definition_class(p.lot_definition(o["powder"])), o["nmc"])
        self.assertIsNone(p.lot_definition("SLR-1"))
        self.assertEqual(p.id(K.RESPONSE, p.lot_producer(o["jumbo"])), "R-COAT")
        self.assertEqual(p.equipment_level(o["coater"]), EquipmentLevel.WORK_UNIT)
        self.assertEqual(p.equipment_parent(o["coater"]), o["line"])
        self.assertIsNone(p.equipment_parent(o["line"]))
        cls = p.add_equipment_class("COATERS", EquipmentLevel.WORK_UNIT)
        eq = p.add_equipment("COATER-2", EquipmentLevel.WORK_UNIT, eq_class=cls, scheme="site")
        self.assertEqual(p.equipment_class(eq), cls)
        self.assertIsNone(p.equipment_class(o["coater"]))
        self.assertEqual(p.find(K.EQUIPMENT, "COATER-2", scheme="site"), eq)
        self.assertEqual(p.segment_step(o["coat"]), ProcessStep.COATING)
        self.assertEqual(p.response_info("R-COAT"), (10, 20, o["coat"]))
        self.assertGreater(p.edge_count, 0)
        p.compact()
        self.assertGreater(p.graph_bytes, 0)

    def test_lot_attributes(self):
        p, o = self.p, self.o
        p.set_quantity(o["jumbo"], 1200.5, "MTR")
        self.assertEqual(p.quantity("JR-1"), (1200.5, "MTR", QtyType.REAL))
        p.set_quantity(o["a"], 3, "C62", QtyType.INTEGER)
        self.assertEqual(p.quantity(o["a"])[2], QtyType.INTEGER)
        self.assertEqual(p.disposition(o["a"]), Disposition.NONE)
        p.set_disposition(o["a"], Disposition.UNRESTRICTED)
        self.assertEqual(p.disposition(o["a"]), Disposition.UNRESTRICTED)
        self.assertIsNone(p.status(o["a"]))
        p.set_status(o["a"], "HOLD-QA")
        self.assertEqual(p.status(o["a"]), "HOLD-QA")
        p.set_prop(K.LOT, o["jumbo"], "coat_weight", 10.5, "GM")
        p.set_prop(K.LOT, "JR-1", "operator_note", "ok")
        p.set_prop(K.EQUIPMENT, o["coater"], "speed", 40)
        self.assertEqual(p.get_prop(K.LOT, o["jumbo"], "coat_weight"), 10.5)
        self.assertEqual(p.get_prop(K.LOT, o["jumbo"], "coat_weight", with_unit=True), (10.5, "GM"))
        self.assertEqual(p.get_prop(K.LOT, o["jumbo"], "operator_note", with_unit=True), ("ok", None))
        self.assertEqual(p.get_prop(K.EQUIPMENT, o["coater"], "speed", True), (40.0, ""))
        self.assertEqual(p.response_balance("R-MIX", "KGM"), (100.0, 95.0))
        person = p.add_person("OP-7")
        p.response_add_person("R-COAT", person)
        self.assertEqual(p.response_persons("R-COAT"), [person])
        self.assertEqual(p.response_equipment("R-COAT"), [o["coater"]])

    def test_errors(self):
        p, ctx = self.p, self.ctx
        with self.assertRaises(liion.LiionNotFoundError) as cm:
            p.find(K.LOT, "NOPE")
        self.assertIn("NOPE", cm.exception.message)
        self.assertEqual(cm.exception.message, ctx.errmsg)
        with self.assertRaises(liion.LiionNotFoundError):
            p.trace_backward("NOPE")
        with self.assertRaises(liion.LiionExistsError) as cm:
            p.add_lot("JR-1")
        self.assertEqual(cm.exception.message, ctx.errmsg)
        with self.assertRaises(liion.LiionValueError) as cm:
            p.set_quantity(self.o["a"], 1.0, "")
        self.assertEqual(cm.exception.message, ctx.errmsg)
        with self.assertRaises(liion.LiionValueError):
            p.set_quantity(self.o["a"], float("nan"), "KGM")
        with self.assertRaises(liion.LiionNotFoundError):
            p.quantity(self.o["b"])
        with self.assertRaises(liion.LiionNotFoundError):
            p.get_prop(K.LOT, self.o["a"], "missing")
        with self.assertRaises(liion.LiionStateError) as cm:
            p.add_assembly(self.o["powder"], self.o["cells"][0])  # a cycle
        self.assertEqual(cm.exception.message, ctx.errmsg)
        with self.assertRaises(liion.LiionValueError):
            p.roll_link(self.o["jumbo"], self.o["a"], 10.0, 5.0)
        with self.assertRaises(liion.LiionValueError):
            p.set_prop(K.LOT, 0, "x", "text", unit="KGM")
        with self.assertRaises(TypeError):
            p.set_prop(K.LOT, 0, "x", [1])
        with self.assertRaises(liion.LiionValueError):
            p.trace_backward(0, material_class=0, segment=0)
        with self.assertRaises(liion.LiionValueError):
            p.id(K.LOT, -1)
        with self.assertRaises(ValueError):
            p.count(99)
        with self.assertRaises(liion.LiionValueError):
            p.find(K.LOT, "a\0b")
        with self.assertRaises(liion.LiionValueError):
            p.common_cause([])


class QueryTest(unittest.TestCase):
    def setUp(self):
        self.ctx = liion.Context()
        self.p = Plant(self.ctx)
        self.o = build(self.p)

    def tearDown(self):
        self.p.close()
        self.ctx.close()

    def test_backward_is_an_iterator(self):
        p, o = self.p, self.o
        it = p.trace_backward(o["cells"][0])
        self.assertIs(iter(it), it)
        rows = list(it)
        self.assertIsInstance(rows[0], TraceRow)
        self.assertEqual(rows[0], TraceRow(o["a"], 1))
        names = {p.id(K.LOT, r.index) for r in rows}
        self.assertEqual(names, {"JR-1-A", "JR-1", "SLR-1", "FOIL-1", "PWD-1"})
        self.assertEqual([r.index for r in p.trace_backward(o["cells"][0], max_depth=1)],
                         [o["a"]])
        self.assertEqual([r.index for r in p.trace_backward("CELL-3", material_class="NMC811")],
                         [o["powder"]])
        self.assertEqual([r.index for r in p.trace_backward("CELL-3", segment=o["mix"])],
                         [o["slurry"]])

    def test_forward_recall_is_a_set(self):
        p, o = self.p, self.o
        recall = p.trace_forward("PWD-1", terminal_only=True)
        self.assertIsInstance(recall, frozenset)
        self.assertEqual(recall, frozenset(o["cells"]))
        self.assertEqual(p.trace_forward(o["a"]), frozenset(o["cells"][:2]))
        self.assertIn(o["jumbo"], p.trace_forward(o["powder"]))
        self.assertEqual(p.trace_forward(o["powder"], max_depth=1), {o["slurry"]})

    def test_reaches(self):
        p, o = self.p, self.o
        self.assertTrue(p.reaches("PWD-1", "CELL-3"))
        self.assertTrue(p.reaches(o["a"], o["cells"][0]))
        self.assertFalse(p.reaches(o["a"], o["cells"][3]))  # made from the other daughter roll
        self.assertFalse(p.reaches("CELL-0", "PWD-1"))  # forward only
        self.assertFalse(p.reaches("PWD-1", "CELL-3", max_depth=1))
        with self.assertRaises(liion.LiionNotFoundError):
            p.reaches("PWD-1", "NO-SUCH-CELL")

    def test_lazy_forward(self):
        p, o = self.p, self.o
        rows = list(p.iter_forward("PWD-1", terminal_only=True, chunk=3))
        self.assertIsInstance(rows[0], TraceRow)
        self.assertEqual({r.index for r in rows}, set(o["cells"]))
        self.assertEqual({r.index for r in p.iter_forward(o["powder"])},
                         set(p.trace_forward(o["powder"])))
        chunks = list(p.forward_chunks("PWD-1", terminal_only=True, chunk=3))
        self.assertEqual([len(i) for i, _ in chunks], [3, 1])
        self.assertEqual(chunks[0][0].typecode, "I")
        self.assertEqual(list(p.iter_forward(o["cells"][0])), [])
        with self.assertRaises(liion.LiionNotFoundError):
            list(p.iter_forward("NOPE"))
        it = p.iter_forward(o["powder"], chunk=1)
        next(it)
        p.add_assembly(p.add_lot("MODULE-1"), o["cells"][0])  # the graph changes under it
        with self.assertRaises(liion.LiionStateError) as cm:
            list(it)
        self.assertEqual(cm.exception.message, self.ctx.errmsg)

    def test_lazy_forward_outlived_by_generator(self):
        ctx = liion.Context()
        p = Plant(ctx)
        o = build(p)
        it = p.iter_forward(o["powder"], chunk=1)
        next(it)
        ctx.close()  # frees the cursor, then the plant, then the context
        with self.assertRaises(ValueError):
            next(it)

    def test_common_cause_and_equipment(self):
        p, o = self.p, self.o
        rows = p.common_cause(array.array("I", o["cells"][:2]))
        self.assertIsInstance(rows[0], Row)
        self.assertEqual(rows[0].index, o["a"])  # most specific: only the two failed cells
        self.assertEqual(rows[0].score, 2)
        wide = p.common_cause(["CELL-0", "CELL-3"])
        self.assertEqual(wide[0], Row(o["powder"], 0, 4.0))  # ties: lowest index first
        self.assertIn(o["jumbo"], [r.index for r in wide])
        self.assertNotIn(o["a"], [r.index for r in wide])
        eq = p.common_equipment(o["cells"])
        self.assertEqual({r.index for r in eq}, {o["coater"], o["stacker"], o["formation"]})
        self.assertEqual([r.score for r in eq], sorted(r.score for r in eq))
        win = p.equipment_window(o["formation"], 110, 120)
        self.assertEqual([r.index for r in win], o["cells"][1:3])
        self.assertEqual(win[0].score, 110.0)
        self.assertEqual(p.equipment_window("FORM-1", 0, 1), [])
        self.assertEqual(p.first_last_cell("JR-1"), (o["cells"][0], o["cells"][3]))

    def test_quarantine(self):
        p, o = self.p, self.o
        self.assertEqual(p.quarantine(o["a"]), 3)
        self.assertEqual(p.disposition(o["cells"][0]), Disposition.RESTRICTED)
        self.assertEqual(p.disposition(o["cells"][3]), Disposition.NONE)

    def test_roll_map(self):
        p, o = self.p, self.o
        cal = p.add_lot("JR-1-CAL")
        p.roll_link(o["jumbo"], cal, 0.0, 100.0, scale=1.2)
        p.roll_link(cal, o["a"], 0.0, 120.0, cd_min=0, cd_max=300, lane=True)
        p.roll_link(cal, o["b"], 0.0, 120.0, cd_min=300, cd_max=600, lane=True, reversed=True,
                    out_start=0.0)
        for k in range(4):
            p.roll_use(o["a"] if k < 2 else o["b"], 10.0 * k, 10.0 * k + 10.0, o["cells"][k],
                       sheet=k)
        hits = p.roll_defect(o["jumbo"], 5.0, 0.0, 100.0)
        self.assertEqual([h.index for h in hits], [o["cells"][0]])
        self.assertEqual(hits[0].depth, 0)  # sheet index
        hit = p.roll_defect(o["jumbo"], 10.0, 0.0, 100.0)  # jumbo 10 m -> calendered 12 m
        self.assertEqual(hit, [Row(o["cells"][1], 1, 10.0)])
        hits = p.roll_defect(o["jumbo"], 5.0, 5.0, 100.0)
        self.assertEqual({h.index for h in hits}, {o["cells"][0], o["cells"][1]})
        near = p.roll_neighbours(o["jumbo"], 5.0, 100.0, n=1)
        self.assertEqual({h.index for h in near}, {o["cells"][0], o["cells"][1]})


class AdditionsTest(unittest.TestCase):
    """Job responses, test results, assembly attributes, common equipment with overlap."""

    def setUp(self):
        self.ctx = liion.Context()
        self.p = Plant(self.ctx)
        self.o = build(self.p)

    def tearDown(self):
        self.ctx.close()

    def test_job_responses(self):
        p = self.p
        j = p.add_job_response("JOB-1", 30, 40, ResponseState.RUNNING)
        self.assertEqual(p.find(K.JOB_RESPONSE, "JOB-1"), j)
        for k in range(4):
            p.job_response_add_segment("JOB-1", "R-STACK-%d" % k)
        self.assertEqual(p.job_response_info(j), (30, 40, ResponseState.RUNNING))
        stack = [p.find(K.RESPONSE, "R-STACK-%d" % k) for k in range(4)]
        self.assertEqual(p.job_response_segments(j), stack)
        self.assertEqual(p.response_job("R-STACK-2"), j)
        self.assertIsNone(p.response_job("R-MIX"))
        p.set_job_response_state(j, ResponseState.COMPLETED)
        self.assertEqual(p.job_response_info("JOB-1")[2], ResponseState.COMPLETED)
        with self.assertRaises(liion.LiionExistsError) as cm:
            p.job_response_add_segment(p.add_job_response("JOB-2"), "R-STACK-0")
        self.assertIn("already belongs to job response 'JOB-1'", cm.exception.message)
        self.assertEqual(cm.exception.message, self.ctx.errmsg)
        with self.assertRaises(liion.LiionValueError) as cm:
            p.add_job_response("JOB-3", 10, 5)
        self.assertIn("ends before it starts", cm.exception.message)
        with self.assertRaises(ValueError):
            p.add_job_response("JOB-4", state=99)  # not a ResponseState
        with self.assertRaises(liion.LiionNotFoundError):
            p.job_response_info(77)
        with self.assertRaises(liion.LiionValueError):
            p.add_job_response("JOB-5", start=2 ** 63)  # does not fit int64

    def test_test_results(self):
        p, o = self.p, self.o
        cell = o["cells"][0]
        t = p.add_test_result("T-1", "CELL-0", "IEC 62660-1 7.3 capacity", 5.01, "AMH",
                              TestOutcome.PASS, 200, property="capacity")
        t2 = p.add_test_result("T-2", cell, "ACIR", 0.02, "OHM", TestOutcome.FAIL, 150)
        self.assertEqual(p.find(K.TEST_RESULT, "T-2"), t2)
        self.assertEqual(p.test_result(t), TestResult(cell, "capacity", "IEC 62660-1 7.3 capacity",
                                                      5.01, "AMH", TestOutcome.PASS, 200))
        self.assertEqual(p.test_result("T-2").property, "")
        self.assertEqual(p.lot_test_results(cell),  # by time
                         [TestRow(t2, TestOutcome.FAIL, 150), TestRow(t, TestOutcome.PASS, 200)])
        self.assertEqual(p.lot_test_results("CELL-1"), [])
        with self.assertRaises(liion.LiionValueError) as cm:
            p.add_test_result("T-3", cell, "x", float("nan"), "OHM")
        self.assertIn("not finite", cm.exception.message)
        with self.assertRaises(liion.LiionValueError) as cm:
            p.add_test_result("T-3", cell, "x", 1.0, "")
        self.assertIn("unit", cm.exception.message)
        with self.assertRaises(liion.LiionExistsError):
            p.add_test_result("T-1", cell, "x", 1.0, "OHM")
        with self.assertRaises(liion.LiionNotFoundError) as cm:
            p.test_result(99)
        self.assertEqual(cm.exception.message, self.ctx.errmsg)
        with self.assertRaises(liion.LiionNotFoundError):
            p.add_test_result("T-4", "NO-SUCH-LOT", "x", 1.0, "OHM")

    def test_assembly_attributes(self):
        p = self.p
        cls = p.add_material_class("CELL")
        d = p.add_material_definition("CELL-DEF", cls)
        self.assertEqual(p.assembly_info(K.MATERIAL_DEFINITION, d), (None, None))
        p.set_assembly(K.MATERIAL_CLASS, "CELL", AssemblyType.PHYSICAL, AssemblyRel.PERMANENT)
        self.assertEqual(p.assembly_info(K.MATERIAL_DEFINITION, "CELL-DEF"),  # from its class
                         (AssemblyType.PHYSICAL, AssemblyRel.PERMANENT))
        p.set_assembly(K.MATERIAL_DEFINITION, d, AssemblyType.LOGICAL, AssemblyRel.TRANSIENT)
        self.assertEqual(p.assembly_info(K.MATERIAL_DEFINITION, d),
                         (AssemblyType.LOGICAL, AssemblyRel.TRANSIENT))
        with self.assertRaises(liion.LiionValueError) as cm:
            p.set_assembly(K.LOT, 0, AssemblyType.PHYSICAL, AssemblyRel.PERMANENT)
        self.assertIn("material classes and definitions", cm.exception.message)
        with self.assertRaises(ValueError):
            p.set_assembly(K.MATERIAL_CLASS, cls, 9, AssemblyRel.PERMANENT)

    def test_common_equipment_overlap(self):
        p, o = self.p, self.o
        every = {r.index for r in p.common_equipment(o["cells"])}
        self.assertEqual(every, {o["coater"], o["stacker"], o["formation"]})
        # the stacker and the formation rack saw the cells at different times
        self.assertEqual(p.common_equipment_overlap(o["cells"]), [Row(o["coater"], 0, 1.0)])
        rows = p.common_equipment_overlap(array.array("I", o["cells"][:2]), tolerance=20)
        self.assertEqual({r.index for r in rows}, every)
        self.assertEqual([r.score for r in rows], sorted(r.score for r in rows))
        with self.assertRaises(liion.LiionValueError) as cm:
            p.common_equipment_overlap([])
        self.assertIn("no cells", cm.exception.message)
        with self.assertRaises(liion.LiionValueError) as cm:
            p.common_equipment_overlap(o["cells"], tolerance=-1)
        self.assertIn("negative", cm.exception.message)


class LifecycleTest(unittest.TestCase):
    def test_close(self):
        ctx = liion.Context()
        p = Plant(ctx)
        p.add_lot("X")
        ctx.close()
        self.assertTrue(p.closed)
        with self.assertRaises(ValueError):
            p.count(K.LOT)

    def test_default_context(self):
        with Plant() as p:
            self.assertEqual(p.add_lot("A"), 0)
        with self.assertRaises(ValueError):
            p.add_lot("B")


if __name__ == "__main__":
    unittest.main()
