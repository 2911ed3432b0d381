"""liion.store: the durable plant store (liion/store.h)."""

import io
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

from liion import MaterialUse, ObjectKind as K, ProcessStep, Store, StoreDurability  # noqa: E402


class StoreTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.dir.name, "plant.liion")
        self.ctx = liion.Context()

    def tearDown(self):
        self.ctx.close()
        self.dir.cleanup()

    def fill(self, st):
        p = st.plant
        powder = p.add_lot("PWD-1")
        cell = p.add_lot("CELL-1")
        seg = p.add_segment("STACK", ProcessStep.STACKING)
        r = p.add_response("R-1", seg, 1, 2)
        p.response_add_material(r, powder, MaterialUse.CONSUMED)
        p.response_add_material(r, cell, MaterialUse.PRODUCED)
        p.set_quantity(powder, 12.5, "KGM")

    def test_write_commit_reopen(self):
        with Store(self.path, ctx=self.ctx) as st:
            self.assertFalse(st.read_only)
            self.fill(st)
            self.assertGreater(st.seq, st.committed_seq)
            st.commit()
            self.assertEqual(st.seq, st.committed_seq)
            self.assertEqual(st.committed_bytes, os.path.getsize(self.path))
            self.assertEqual(st.tail_cut, 0)
            plant = st.plant
        self.assertTrue(st.closed)
        self.assertTrue(plant.closed)  # the plant goes with its store
        with self.assertRaises(ValueError):
            plant.count(K.LOT)
        with self.assertRaises(ValueError):
            st.commit()
        with Store(self.path, read_only=True, ctx=self.ctx) as ro:
            p = ro.plant
            self.assertEqual(p.count(K.LOT), 2)
            self.assertEqual(p.quantity("PWD-1"), (12.5, "KGM", liion.QtyType.REAL))
            self.assertEqual(p.trace_forward("PWD-1"), {p.find(K.LOT, "CELL-1")})
            with self.assertRaises(liion.LiionStateError) as cm:
                p.add_lot("X")
            self.assertEqual(cm.exception.message, self.ctx.errmsg)
            with self.assertRaises(liion.LiionStateError):
                ro.commit()

    def test_atomic_group(self):
        with Store(self.path, ctx=self.ctx, group_records=1) as st:
            self.fill(st)
            st.commit()
            before = st.committed_seq
            with st.atomic():
                self.assertEqual(st.atomic_depth, 1)
                st.plant.add_lot("IN-GROUP-1")
                st.plant.add_lot("IN-GROUP-2")
                self.assertEqual(st.committed_seq, before)  # no commit inside
                with self.assertRaises(liion.LiionStateError):
                    st.commit()
            self.assertEqual(st.atomic_depth, 0)
            self.assertEqual(st.committed_seq, st.seq)
            with self.assertRaises(KeyError):
                with st.atomic():
                    st.plant.add_lot("ABANDONED")
                    raise KeyError("give up")
            with self.assertRaises(liion.LiionStateError):  # reopen first
                st.plant.add_lot("AFTER")
            with self.assertRaises(liion.LiionStateError):
                st.atomic_end()
        with Store(self.path, read_only=True, ctx=self.ctx) as ro:
            p = ro.plant
            self.assertEqual(p.count(K.LOT), 4)
            p.find(K.LOT, "IN-GROUP-2")
            with self.assertRaises(liion.LiionNotFoundError):
                p.find(K.LOT, "ABANDONED")

    def test_spec_registry(self):
        from liion import SpecKind, spec
        lim = spec.Limits("CELL-SPEC", 2, self.ctx).set("capacity", "AMH", SpecKind.LOWER, 4.9)
        res = spec.Result(self.ctx)
        with Store(self.path, ctx=self.ctx) as st:
            self.fill(st)
            reg = st.spec_registry
            self.assertIs(reg, st.spec_registry)
            res.check(lim, "capacity", 4.5, "AMH", where="CELL-1")
            self.assertEqual(reg.attach(K.LOT, "CELL-1", res, lim, "capacity", 5), 0)
            st.commit()
        self.assertTrue(reg.closed)  # closed with its store
        with self.assertRaises(ValueError):
            len(reg)
        with Store(self.path, read_only=True, ctx=self.ctx) as st:
            reg = st.spec_registry
            self.assertEqual(len(reg), 1)  # journalled and restored
            info = reg.record(0)
            self.assertEqual((info.param, info.failed, info.limits_owner),
                             ("capacity", 1, "CELL-SPEC"))
            self.assertEqual(reg.violations(0)[0].where, "CELL-1")
            self.assertEqual(reg.select_closure("CELL-1"), [(0, 0)])
            with self.assertRaises(liion.LiionStateError) as cm:
                reg.attach(K.LOT, "CELL-1", res, lim, "capacity", 6)
            self.assertEqual(cm.exception.message, self.ctx.errmsg)

    def test_forgotten_store_with_registry_is_freed(self):
        import gc
        import weakref
        st = Store(self.path, ctx=self.ctx)
        reg = st.spec_registry
        gone = weakref.ref(st)
        del st, reg
        gc.collect()
        self.assertIsNone(gone())
        Store(self.path, ctx=self.ctx).close()  # the writer lock was released

    def test_compact_and_snapshot(self):
        with Store(self.path, auto_compact=False, compact_bytes=1, ctx=self.ctx) as st:
            self.fill(st)
            for i in range(50):
                st.plant.add_lot("L-%d" % i)
            st.commit()
            self.assertEqual((st.snapshot_seq, st.snapshot_bytes), (0, 0))  # no auto compaction
            journal = st.committed_bytes
            st.compact()
            self.assertGreater(st.snapshot_seq, 0)
            self.assertLessEqual(st.snapshot_seq, st.committed_seq)
            self.assertEqual(st.snapshot_bytes, os.path.getsize(self.path + ".snap"))
            self.assertLess(st.committed_bytes, journal)  # the journal starts after the snapshot
            st.compact()  # nothing new: a no-op
            st.plant.add_lot("AFTER")
            st.commit()
            snap = st.snapshot_seq
        with Store(self.path, read_only=True, ctx=self.ctx) as ro:
            self.assertEqual(ro.snapshot_seq, snap)
            self.assertEqual(ro.plant.count(K.LOT), 53)
            self.assertEqual(ro.plant.quantity("PWD-1"), (12.5, "KGM", liion.QtyType.REAL))
            with self.assertRaises(liion.LiionStateError) as cm:
                ro.compact()
            self.assertIn("read-only", cm.exception.message)
            self.assertEqual(cm.exception.message, self.ctx.errmsg)
        other = os.path.join(self.dir.name, "auto.liion")
        with Store(other, compact_bytes=1, ctx=self.ctx) as st:  # automatic compaction
            self.fill(st)
            st.commit()
            self.assertGreater(st.snapshot_seq, 0)
        with self.assertRaises(liion.LiionValueError):
            Store(other, compact_bytes=-1, ctx=self.ctx)
        with self.assertRaises(liion.LiionValueError):
            Store(other, compact_bytes=2 ** 64, ctx=self.ctx)

    def test_path_like_and_durability(self):
        import pathlib
        with Store(pathlib.Path(self.path), durability=StoreDurability.FULL) as st:
            st.plant.add_lot("A")
            self.assertEqual(st.seq, st.committed_seq)  # FULL: each mutation committed
        with Store(self.path, durability=StoreDurability.NONE, group_records=10, group_ms=5,
                   buffer_bytes=8192) as st:
            self.assertEqual(st.plant.count(K.LOT), 1)

    def test_single_writer(self):
        with Store(self.path, ctx=self.ctx):
            with self.assertRaises(liion.LiionStateError) as cm:
                Store(self.path, ctx=self.ctx)
            self.assertEqual(cm.exception.message, self.ctx.errmsg)
            with Store(self.path, read_only=True):  # readers take no lock
                pass

    def test_export(self):
        with Store(self.path, ctx=self.ctx) as st:
            self.fill(st)
            st.commit()
            data = st.export_cbor_seq()
            self.assertTrue(data.startswith(b"\x82\x6bliion-store\x01"))
            buf = io.BytesIO()
            self.assertEqual(st.export_cbor_seq(buf), len(data))
            self.assertEqual(buf.getvalue(), data)
            parts = []
            st.export_cbor_seq(parts.append)
            self.assertEqual(b"".join(parts), data)

            def boom(chunk):
                raise RuntimeError("sink failed")
            with self.assertRaises(RuntimeError):
                st.export_cbor_seq(boom)

    def test_bad_files(self):
        with self.assertRaises((liion.LiionIOError, liion.LiionNotFoundError)) as cm:
            Store(os.path.join(self.dir.name, "missing", "x.liion"), ctx=self.ctx)
        self.assertEqual(cm.exception.message, self.ctx.errmsg)
        self.assertIn("x.liion", cm.exception.message)
        with self.assertRaises(liion.LiionError):
            Store(os.path.join(self.dir.name, "nothing.liion"), read_only=True)
        bad = os.path.join(self.dir.name, "bad.liion")
        with open(bad, "wb") as f:
            f.write(b"this is not a liion store file at all" * 4)
        with self.assertRaises(liion.LiionCorruptError) as cm:
            Store(bad, ctx=self.ctx)
        self.assertEqual(cm.exception.message, self.ctx.errmsg)
        with self.assertRaises(liion.LiionValueError):
            Store(self.path, group_records=-1)
        with self.assertRaises(ValueError):
            Store(self.path, durability=9)

    def test_torn_tail(self):
        with Store(self.path) as st:
            self.fill(st)
            st.commit()
            good = st.committed_bytes
        with open(self.path, "ab") as f:
            f.write(b"\x00\x01\x02torn")
        with Store(self.path, read_only=True) as ro:
            self.assertEqual(ro.tail_cut, 7)
            self.assertEqual(ro.plant.count(K.LOT), 2)
        with Store(self.path) as st:
            self.assertEqual(st.tail_cut, 7)
        self.assertEqual(os.path.getsize(self.path), good)


if __name__ == "__main__":
    unittest.main()
