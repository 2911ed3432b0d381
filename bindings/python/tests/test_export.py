"""liion.export: export documents (liion/export.h)."""

import array
import hashlib
import math
import os
import sys
import tempfile
import unittest

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, _HERE)
try:
    import liion
except ModuleNotFoundError:  # run from a checkout without PYTHONPATH
    sys.path.insert(0, os.path.dirname(_HERE))
    import liion

from liion import (ExportFormat, FormationMode, Iec62660Outcome, Iec62660Part,  # noqa: E402
                   MaterialUse, ObjectKind, ProcessStep, SpecKind, Un38Chemistry, Un38Field,
                   Un38Format, Un38Item, Un38Param, Un38Result, Un38SetpointId, Un38Test,
                   export, spec)

UN38 = dict(
    manufacturer="Nordvolt Cells AB", manufacturer_address="Batterigatan 1, Skelleftea",
    manufacturer_phone="+46 910 000 000", manufacturer_email="compliance@nordvolt.example",
    manufacturer_web="https://nordvolt.example", lab_name="Test Lab GmbH",
    lab_address="Pruefstrasse 5, Muenchen", lab_phone="+49 89 000 000",
    lab_email="un383@testlab.example", lab_web="https://testlab.example",
    report_id="TL-2026-0815", report_date="2026-03-14", chemistry=Un38Chemistry.LI_ION,
    mass_g=70.0, watt_hours=18.0, description="Cylindrical 21700 cell, NMC811/graphite",
    model="NV-21700-50E", item=Un38Item.CELL, format=Un38Format.CYLINDRICAL, diameter_mm=21.0,
    revision=8, amendment=0, signatory_name="Ada Lindqvist",
    signatory_title="Head of Product Compliance")


def un38(ctx):
    s = export.Un38Summary(ctx, **UN38)
    for t in Un38Test:
        if t != Un38Test.T7:  # T.7 is for batteries, not cells
            s.set_test(t, Un38Result.PASS)
    return s


def formation(ctx, cell="CELL-1", n=600):
    t = array.array("q", (1767225600000 + k * 1000 for k in range(n)))
    v = array.array("d", (3.0 + 0.9 * (1.0 - math.exp(-k / 150.0)) for k in range(n)))
    a = array.array("d", [0.5]) * n
    tc = [25.0 + 3.0 * k / n for k in range(n)]  # a list: converted once
    f = export.FormationRecord(ctx, cell_id=cell, recipe_id="FORM-NMC811-A", recipe_version=3)
    f.add_step(FormationMode.CC_CHARGE, t[0], t[-1], set_a=0.5, set_v=3.9, end_v=v[-1],
               end_a=0.5, ah=0.08, wh=0.3, t_min_c=25.0, t_max_c=28.0, ambient_c=23.0)
    f.set_series(t, v, a, tc)
    f.set_ocv(1, 1767312000, 4.1523).set_ocv(2, 1767916800, 4.1481)
    f.update(acir_mohm=11.8, dcir_mohm=19.4, capacity_ah=5.02, grade="A1")
    return f


class DocumentTest(unittest.TestCase):
    def setUp(self):
        self.ctx = liion.Context()

    def tearDown(self):
        self.ctx.close()

    def test_un38_formats_and_roundtrip(self):
        with un38(self.ctx).build() as doc:
            self.assertEqual(doc.type, "un38.3-test-summary")
            py = doc.to_python()
            self.assertEqual(py["document"], "un38.3-test-summary")
            self.assertIn("Nordvolt", doc.to_json())
            md = doc.to_markdown()
            self.assertTrue(md.startswith("# UN 38.3 test summary: NV-21700-50E\n"), md[:80])
            self.assertIn("**Verdict: PASS**: 7 of 7 tests passed, 0 failed.", md)
            self.assertIn("| Manufacturer | Nordvolt Cells AB |", md)
            self.assertEqual(doc.encode(ExportFormat.MARKDOWN), md.encode("utf-8"))
            self.assertEqual(py["manufacturer"]["name"], "Nordvolt Cells AB")
            self.assertEqual(py["description"]["mass_g"], 70)
            self.assertEqual([t["test"] for t in py["tests"]],
                             ["T.1", "T.2", "T.3", "T.4", "T.5", "T.6", "T.8"])
            self.assertEqual(py["tests"][1]["setpoint_c"], 72)  # Rev.8 T.2 setpoint
            cbor = doc.encode()
            self.assertEqual(doc.encode(ExportFormat.CBOR), cbor)  # deterministic
            z = doc.encode(zlib=True)
            back = export.Document.decode(cbor, ctx=self.ctx)
            self.assertEqual(back.type, doc.type)
            self.assertEqual(back.encode(), cbor)
            self.assertEqual(export.Document.decode(z, zlib=True, ctx=self.ctx).encode(), cbor)
            with tempfile.TemporaryDirectory() as d:
                path = os.path.join(d, "un38.json")
                doc.write(path, ExportFormat.JSON)
                with open(path, "rb") as f:
                    self.assertEqual(f.read(), doc.encode(ExportFormat.JSON))
                md_path = os.path.join(d, "un38.md")
                doc.write_file(md_path, ExportFormat.MARKDOWN)
                with open(md_path, encoding="utf-8") as f:
                    self.assertEqual(f.read(), md)
                zpath = os.path.join(d, "un38.cbor.z")
                doc.write(zpath, zlib=True)
                with open(zpath, "rb") as f:
                    self.assertEqual(f.read(), z)
                with self.assertRaises(liion.LiionIOError) as cm:
                    doc.write(os.path.join(d, "no", "such", "dir.cbor"))
                self.assertEqual(cm.exception.message, self.ctx.errmsg)
                with self.assertRaises(ValueError):
                    doc.encode(format=9)  # not an ExportFormat
        self.assertTrue(doc.closed)
        with self.assertRaises(ValueError):
            doc.type

    def test_un38_refusals(self):
        s = un38(self.ctx)
        s.set_test_param(Un38Test.T2, Un38Param.SETPOINT_C, 75.0)  # superseded under Rev.8
        with self.assertRaises(liion.LiionError) as cm:
            s.build()
        self.assertEqual(cm.exception.message, self.ctx.errmsg)
        self.assertIn("T.2", cm.exception.message)
        s.set_test_param(Un38Test.T2, Un38Param.SETPOINT_C, 72.0)
        s.build().close()
        s.set(Un38Field.MANUFACTURER_EMAIL, "no-at-sign")
        with self.assertRaises(liion.LiionValueError) as cm:
            s.build()
        self.assertIn("(b)", cm.exception.message)
        with self.assertRaises(TypeError):
            s.update(no_such_field=1)
        with self.assertRaises(ValueError):
            s.set_test(99, Un38Result.PASS)
        self.assertEqual(export.Un38Summary.setpoint(8, 0, Un38SetpointId.T5_CASE_C),
                         (57.0, 4.0))
        with self.assertRaises(liion.LiionUnsupportedError):
            export.Un38Summary.setpoint(2, 0, Un38SetpointId.T2_HIGH_C)
        self.assertGreater(export.Un38Summary.mass_loss_limit_pct(70.0), 0)

    def test_formation(self):
        f = formation(self.ctx)
        doc = f.build()
        self.assertEqual(doc.type, "formation-record")
        self.assertIn("CELL-1", doc.to_json())
        with self.assertRaises(liion.LiionValueError):
            f.set_series([1, 2], [3.0], [0.1, 0.1], [25.0, 25.0])  # lengths differ
        with self.assertRaises(liion.LiionError):
            f.set_ocv(3, 0, 4.0)
        with self.assertRaises(liion.LiionError):
            f.set_series([0], [float("nan")], [0.0], [0.0])
        f.clear()
        with self.assertRaises(liion.LiionValueError) as cm:
            f.build()  # cell ID missing
        self.assertEqual(cm.exception.message, self.ctx.errmsg)

    def test_formation_series_buffers(self):
        n = 100
        t = array.array("q", (1767225600000 + 500 * k for k in range(n)))
        v = array.array("d", (3.5 + k * 1e-3 for k in range(n)))
        a = array.array("d", [1.0]) * n
        tc = array.array("d", [25.0]) * n

        def record(*series, **kw):
            f = export.FormationRecord(self.ctx, cell_id="C-9", recipe_id="R", recipe_version=1)
            f.add_step(FormationMode.REST, t[0], t[-1])
            f.set_series(*series, **kw)
            return f.build().encode()
        ref = record(t, v, a, tc)
        # memoryviews (read-only ones are copied once), lists and a float32 array: same bytes
        self.assertEqual(record(memoryview(t), memoryview(v), memoryview(a).toreadonly(),
                                memoryview(bytes(tc)).cast("d")), ref)
        self.assertEqual(record(list(t), v.tolist(), a, array.array("f", tc)), ref)
        try:
            import numpy
        except ImportError:
            numpy = None
        if numpy is not None:
            self.assertEqual(record(numpy.asarray(t, dtype=numpy.int64), numpy.asarray(v),
                                    numpy.asarray(a), numpy.asarray(tc)), ref)
        f = export.FormationRecord(self.ctx, cell_id="C-9", recipe_id="R", recipe_version=1)
        f.add_step(FormationMode.REST, t[0], t[-1])
        with self.assertRaises(OverflowError):  # times are int64: never wrapped
            f.set_series([2 ** 63], [3.5], [1.0], [25.0])
        with self.assertRaises(TypeError):
            f.set_series("12", [3.5], [1.0], [25.0])
        with self.assertRaises(liion.LiionStateError) as cm:  # a batch average
            f.set_series(t, v, a, tc, source_cells=24)
        self.assertEqual(cm.exception.message, self.ctx.errmsg)
        with self.assertRaises(liion.LiionStateError):
            f.set_series(t, v, a, tc, aggregated=True)
        with self.assertRaises(liion.LiionError):  # times going backwards
            f.set_series([2, 1], [3.5, 3.5], [1.0, 1.0], [25.0, 25.0])
        with self.assertRaises(liion.LiionValueError):
            f.set(export.FormationField.CELL_ID, "bad\0id")
        md = f.set_series(t, v, a, tc).build().to_markdown()
        self.assertTrue(md.startswith("# Formation record: C-9\n"))

    def test_iec62660(self):
        r = export.Iec62660Record(Iec62660Part.IEC62660_2, self.ctx, cell_id="C-1",
                                  cell_model="NV-P72", chemistry="NMC811/graphite",
                                  format="pouch", application="BEV", edition=2018,
                                  clause="6.4.2", test_item="overcharge",
                                  rated_capacity_ah=72.0, nominal_v=3.65, v_max=4.2, v_min=2.5,
                                  lab_name="Test Lab GmbH", report_id="TL-62660-77",
                                  sample_no="S-3", test_start="2026-04-01",
                                  test_end="2026-04-03")
        r.add_condition("ambient_temperature", 25.0, "Cel")
        r.add_condition("overcharge_current", 72.0, "A")
        r.add_result("max_surface_temperature", 61.5, "Cel")
        r.set_outcome(Iec62660Outcome.VENTING)
        with self.assertRaises(liion.LiionStateError):
            r.set_verdict(True)  # Part 2 has no pass/fail
        with self.assertRaises(liion.LiionValueError):
            r.add_condition("ambient_temperature", 30.0, "Cel")  # duplicate
        doc = r.build()
        self.assertEqual(doc.type, "iec62660-test-record")
        self.assertIn("overcharge", doc.to_json())
        with self.assertRaises(liion.LiionNotFoundError):
            doc.verify()  # only the dossier carries a content hash
        p1 = export.Iec62660Record(Iec62660Part.IEC62660_1, self.ctx)
        with self.assertRaises(liion.LiionStateError):
            p1.set_outcome(Iec62660Outcome.FIRE)  # Part 1 has no outcome class
        with self.assertRaises(liion.LiionValueError) as cm:
            p1.build()  # nothing set: the first missing element is named
        self.assertEqual(cm.exception.message, self.ctx.errmsg)
        self.assertTrue(cm.exception.message)
        with self.assertRaises(ValueError):
            export.Iec62660Record(7, self.ctx)


class PlantDocumentTest(unittest.TestCase):
    def test_dossier(self):
        with tempfile.TemporaryDirectory() as d, liion.Context() as ctx:
            with liion.Store(os.path.join(d, "p.store"), ctx=ctx) as st:
                p = st.plant
                cam = p.add_lot("NMC811-L1")
                cell = p.add_lot("CELL-1")
                r = p.add_response("R-1", p.add_segment("STACK", ProcessStep.STACKING), 1, 2)
                p.response_add_material(r, cam, MaterialUse.CONSUMED)
                p.response_add_material(r, cell, MaterialUse.PRODUCED)
                lim = spec.Limits("CELL-SPEC", 1, ctx).set("capacity", "AMH", SpecKind.LOWER,
                                                          4.9)
                res = spec.Result(ctx).check(lim, "capacity", 4.5, "AMH", where="CELL-1")
                st.spec_registry.attach(ObjectKind.LOT, cell, res, lim, "capacity", 3)
                ds = export.Dossier(st, "CELL-1", st.spec_registry)
                ds.add_record(formation(ctx, "CELL-1", 60).build())
                with self.assertRaises(liion.LiionStateError):
                    ds.add_record(formation(ctx, "CELL-2", 60).build())  # another cell
                with self.assertRaises(liion.LiionValueError):
                    ds.add_record(un38(ctx).build())  # not a cell record
                doc = ds.build()
                self.assertEqual(doc.type, "cell-audit-dossier")
                doc.verify()
                text = doc.to_json()
                self.assertIn("NMC811-L1", text)
                self.assertIn("capacity", text)
                cbor = doc.encode()
                back = export.Document.decode(cbor, ctx=ctx)
                back.verify()
                self.assertEqual(back.to_markdown(), doc.to_markdown())
                md = doc.to_markdown()
                self.assertTrue(md.startswith("# Cell audit dossier: CELL-1\n"), md[:80])
                self.assertIn("**Verdict: FAIL**: 1 failed", md)
                self.assertLess(md.index("## Violations"), md.index("## Genealogy"))
                self.assertIn("| capacity |", md)
                sha = doc.to_python()["content_sha256"]
                self.assertIn(sha, md)
                self.assertEqual(len(sha), 64)
                # the content hash covers the content: change one cell ID byte in the CBOR
                i = cbor.index(b"NMC811-L1")
                tampered = cbor[:i] + b"NMC811-L2" + cbor[i + 9:]
                with export.Document.decode(tampered, ctx=ctx) as bad:
                    with self.assertRaises(liion.LiionCorruptError) as cm:
                        bad.verify()
                    self.assertEqual(cm.exception.message, ctx.errmsg)
                plain = export.Dossier(p, cell).build()  # no registry, no record
                md = plain.to_markdown()
                self.assertIn("**Verdict: NO SPEC RESULTS**", md)
                self.assertIn("## Violations\n\nNo violations.", md)
                self.assertIn("| 1 | · NMC811-L1 |", md)  # genealogy indented by depth
                with self.assertRaises(liion.LiionNotFoundError):
                    export.Dossier(st, "NO-SUCH-CELL")
            self.assertTrue(ds.closed)  # closed with the store's plant
            self.assertFalse(doc.closed)  # a document is a snapshot: it outlives the plant
            doc.verify()
            self.assertEqual(doc.encode(), cbor)

    def test_passport(self):
        with liion.Context() as ctx, liion.Plant(ctx) as p:
            cls = p.add_material_class("CELL")
            d = p.add_material_definition("NV-P72", cls)
            pack = p.add_lot("PACK-0001")
            for m in range(2):
                mod = p.add_lot("MOD-%d" % m)
                p.add_assembly(pack, mod)
                for k in range(3):
                    c = p.add_lot("CELL-%d%d" % (m, k), d)
                    p.add_assembly(mod, c)
                    p.set_prop(ObjectKind.LOT, c, "dcir", 0.8 + 0.1 * (m * 3 + k), "E45")
            pp = export.Passport(p, "PACK-0001", passport_id="urn:bp:PACK-0001",
                                 manufacturer_id="DE-NV-001", place="Skelleftea, Sweden",
                                 date="2026-11", category="ev", chemistry_short="NMC811",
                                 chemistry_clear="lithium nickel manganese cobalt oxide",
                                 mass_kg=412.5, rated_capacity_ah=216.0, min_v=300.0,
                                 nominal_v=350.4, max_v=403.2, pack_resistance_ohm=0.085)
            pp.set_cells("CELL", "dcir")
            doc = pp.build()
            self.assertEqual(doc.type, "battery-passport-attributes")
            self.assertIn("PACK-0001", doc.to_json())
            pp.update(date="2026-13")
            with self.assertRaises(liion.LiionValueError) as cm:
                pp.build()
            self.assertIn("2026-13", cm.exception.message)
            with self.assertRaises(liion.LiionNotFoundError):
                pp.set_cells("NO-CLASS", "dcir")
            pp.update(date="2026-11", min_v=410.0)
            with self.assertRaises(liion.LiionStateError):  # minimum above maximum
                pp.build()
            with self.assertRaises(liion.LiionValueError):
                pp.update(mass_kg=float("inf"))
            self.assertTrue(doc.to_markdown().startswith("#"))


class Sha256Test(unittest.TestCase):
    def test_sha256(self):
        for data in (b"", b"abc", bytes(range(256)) * 10):
            self.assertEqual(export.sha256(data), hashlib.sha256(data).digest())
        self.assertEqual(export.sha256(bytearray(b"abc")), hashlib.sha256(b"abc").digest())

    def test_decode_bad(self):
        with liion.Context() as ctx:
            with self.assertRaises(liion.LiionDecodeError) as cm:
                export.Document.decode(b"\xff\x00", ctx=ctx)
            self.assertEqual(cm.exception.message, ctx.errmsg)
            self.assertIsNotNone(cm.exception.offset)
            good = un38(ctx).build().encode()
            with self.assertRaises(liion.LiionDecodeError) as cm:
                export.Document.decode(good[:-3], ctx=ctx)  # truncated
            self.assertEqual(cm.exception.status, liion.Status.TRUNCATED)
            with self.assertRaises(liion.LiionDecodeError):
                export.Document.decode(good + b"\x00", ctx=ctx)  # trailing byte
            with self.assertRaises(liion.LiionDecodeError):
                export.Document.decode(good, zlib=True, ctx=ctx)  # not a zlib stream
            with self.assertRaises(TypeError):
                export.sha256(12)
        with liion.Context(max_items=10) as small:
            with self.assertRaises(liion.LiionDecodeError) as cm:
                export.Document.decode(good, ctx=small)
            self.assertEqual(cm.exception.status, liion.Status.LIMIT)


class CoverageTest(unittest.TestCase):
    def test_every_prototype_is_wrapped(self):
        """Every LIION_API function of export.h, plant.h and store.h is called by a wrapper
        module: ``lib.liion_x`` or a quoted ``"liion_x"`` (a builder's _FUNCS) in liion/*.py
        other than the prototype table (a mention in a docstring does not count)."""
        import glob
        import re
        from _headers import INCLUDE_DIR  # tests/ is on sys.path (top of this file)
        if not os.path.isdir(INCLUDE_DIR):
            self.skipTest("public headers not found at %s" % INCLUDE_DIR)
        pkg = os.path.dirname(liion.__file__)
        src = ""
        for f in glob.glob(os.path.join(pkg, "*.py")):
            if not f.endswith("_ffi.py"):
                with open(f, encoding="utf-8") as fh:
                    src += fh.read()
        used = set(re.findall(r"(?:\blib\.|\")(liion_\w+)", src))
        for header, least in (("export.h", 45), ("plant.h", 82), ("store.h", 14)):
            with open(os.path.join(INCLUDE_DIR, header), encoding="utf-8") as f:
                text = re.sub(r"/\*.*?\*/|//[^\n]*", " ", f.read(), flags=re.S)
            names = re.findall(r"LIION_API\s+[^;{]*?\b(liion_\w+)\s*\(", text)
            self.assertGreaterEqual(len(names), least, header)
            self.assertEqual([n for n in names if n not in used], [], header)


if __name__ == "__main__":
    unittest.main()
