"""The analyst example (examples/analyst_recall.py): recall from a plant store with spec
checks. (examples/hsms_host.py is exercised by test_hsms.py.)"""

import contextlib
import importlib.util
import io
import os
import subprocess
import sys
import tempfile
import unittest

_HERE = os.path.dirname(os.path.abspath(__file__))
try:
    import liion  # noqa: F401
except ModuleNotFoundError:  # run from a checkout without PYTHONPATH
    sys.path.insert(0, os.path.dirname(_HERE))
    import liion  # noqa: F401


def load(name):
    path = os.path.join(os.path.dirname(_HERE), "examples", name + ".py")
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def plant_day_exe():
    """The end-to-end demo (examples/plant_day.c) of the build whose library is tested:
    ``LIION_PLANT_DAY``, else ``examples/example_plant_day`` next to ``LIION_LIBRARY``."""
    exe = os.environ.get("LIION_PLANT_DAY")
    if not exe and os.environ.get("LIION_LIBRARY"):
        exe = os.path.join(os.path.dirname(os.path.abspath(os.environ["LIION_LIBRARY"])),
                           "examples", "example_plant_day")
    return exe if exe and os.access(exe, os.X_OK) else None


class AnalystRecallTest(unittest.TestCase):
    """The store built by the example itself (same shape as the demo's)."""

    def setUp(self):
        self.mod = load("analyst_recall")
        self.dir = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.dir.name, "plant.store")
        self.mod.build_demo_store(self.path)

    def tearDown(self):
        self.dir.cleanup()

    def test_recall_first_lot(self):
        lot, rows = self.mod.recall(self.path, "NMC811-L2609")
        self.assertEqual(lot, "NMC811-L2609")
        self.assertEqual([r["cell"] for r in rows], ["CELL-%05d" % i for i in range(1, 5)])
        self.assertEqual(rows[2]["capacity"], 4.70)
        self.assertEqual(rows[0]["units"], {"capacity": "AMH", "ocv": "VLT", "dcir": "E45"})
        self.assertEqual(rows[0]["checks"], 3)  # streaks on the roll, stack, formation
        streak = "coating_streaks high 1 C62 (limit 0) on JR-C-1"
        self.assertEqual([r["violations"] for r in rows], [
            [streak], [streak],
            ["formation_capacity low 4.7 AMH (limit 4.85) on CELL-00003", streak], [streak]])
        out = io.StringIO()
        self.mod.print_table(lot, rows, out)
        text = out.getvalue()
        self.assertIn("CELL-00003", text)
        self.assertIn("4 of 4 cells", text)
        self.assertEqual(text.count("\n"), 7)

    def test_default_lot_and_main(self):
        lot, rows = self.mod.recall(self.path)  # the first cathode lot
        self.assertEqual(lot, "NMC811-L2609")
        lot, rows = self.mod.recall(self.path, "NMC811-L2610")
        self.assertEqual([r["cell"] for r in rows], ["CELL-%05d" % i for i in range(5, 9)])
        self.assertFalse(any(r["violations"] for r in rows))
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            self.assertEqual(self.mod.main(["x", self.path, "NMC811-L2610"]), 0)
            self.assertEqual(self.mod.main(["x"]), 0)  # the no-argument run
        self.assertIn("CELL-00008", out.getvalue())
        self.assertIn("0 of 4 cells", out.getvalue())
        self.assertIn("Audit dossier of CELL-00001 (", out.getvalue())  # the no-argument run
        with contextlib.redirect_stderr(io.StringIO()):
            self.assertEqual(self.mod.main(["x", "a", "b", "c"]), 2)

    def test_dossier(self):
        lot, rows = self.mod.recall(self.path, "NMC811-L2609")
        self.assertEqual(self.mod.dossier_cell(rows), "CELL-00001")
        self.assertIsNone(self.mod.dossier_cell([]))
        md_path = os.path.join(self.dir.name, "d.md")
        verdict = self.mod.write_dossier(self.path, "CELL-00003", md_path)
        self.assertEqual(verdict, "**Verdict: FAIL**: 2 failed, 0 warned, 1 passed spec results "
                                  "(3 in all), 2 stored violations.")
        with open(md_path, encoding="utf-8") as f:
            md = f.read()
        self.assertTrue(md.startswith("# Cell audit dossier: CELL-00003\n"))
        self.assertIn("| formation\\_capacity | CELL-00003 (lot) |", md)
        self.assertIn("2026-11-27T", md)  # plant times in ns since the epoch, as ISO 8601
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            self.assertEqual(self.mod.main(["x", self.path, "--dossier", md_path]), 0)
        self.assertIn("Audit dossier of CELL-00001 written to %s: **Verdict: FAIL**" % md_path,
                      out.getvalue())
        with contextlib.redirect_stderr(io.StringIO()):
            self.assertEqual(self.mod.main(["x", self.path, "--dossier"]), 2)
        with self.assertRaises(liion.LiionNotFoundError):
            self.mod.write_dossier(self.path, "NO-SUCH-CELL", md_path)

    def test_bad_input(self):
        with self.assertRaises(liion.LiionNotFoundError) as cm:
            self.mod.recall(self.path, "NO-SUCH-LOT")
        self.assertIn("NO-SUCH-LOT", cm.exception.message)
        with self.assertRaises(liion.LiionNotFoundError) as cm:
            self.mod.recall(os.path.join(self.dir.name, "missing.store"))
        self.assertIn("missing.store", cm.exception.message)
        empty = os.path.join(self.dir.name, "empty.store")
        liion.Store(empty).close()
        with self.assertRaises(liion.LiionNotFoundError) as cm:
            self.mod.recall(empty)
        self.assertIn("no cathode", cm.exception.message)


@unittest.skipUnless(plant_day_exe(), "example_plant_day not built next to LIION_LIBRARY")
class PlantDayRecallTest(unittest.TestCase):
    """The store the end-to-end demo writes (example_plant_day --small --out DIR)."""

    def test_recall_from_demo_store(self):
        mod = load("analyst_recall")
        with tempfile.TemporaryDirectory() as d:
            subprocess.run([plant_day_exe(), "--small", "--out", d], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=300)
            path = os.path.join(d, "plant.store")
            lot, rows = mod.recall(path)
            self.assertEqual(lot, "NMC811-L2609")
            self.assertEqual(len(rows), 32)
            self.assertEqual(rows[0]["cell"], "CELL-00001")
            for r in rows:
                self.assertGreater(r["capacity"], 4.0)
                self.assertGreater(r["checks"], 0)
                self.assertEqual(r["units"]["dcir"], "E45")
            by_cell = {r["cell"]: r["violations"] for r in rows}
            # the injected faults: the streak on JR-A-2 at 412 m reaches the cells of that
            # roll, the dew-point excursion cells 25-27
            self.assertTrue(any("coating_streaks" in v and "JR-A-2 at 412" in v
                                for v in by_cell["CELL-00020"]))
            for c in ("CELL-00025", "CELL-00026", "CELL-00027"):
                self.assertTrue(any(v.startswith("dry_room_dew_point") for v in by_cell[c]))
            self.assertEqual(by_cell["CELL-00001"], [])
            self.assertEqual(mod.recall(path, "GRAPHITE-L2611")[1], rows)  # same cells
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                self.assertEqual(mod.main(["x", path]), 0)
            self.assertIn("Recall of cathode lot NMC811-L2609: 32 cells", out.getvalue())


if __name__ == "__main__":
    unittest.main()
