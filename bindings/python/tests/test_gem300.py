"""liion.gem: E87 carrier, E90 substrate and location, GEM300 messages (liion/gem300.h)."""

import os
import sys
import unittest

_HERE = os.path.dirname(os.path.abspath(__file__))
try:
    import liion
except ModuleNotFoundError:  # run from a checkout without PYTHONPATH
    sys.path.insert(0, os.path.dirname(_HERE))
    import liion

from liion import (E87Cas, E87CarrierEvent as CE, E87Cids, E87Csms,  # noqa: E402
                   E87SlotState as SS, E90Event as SE, E90LocEvent, E90LocState, E90Sids, E90Sps, E90Sts,
                   Gem300Field as F, Gem300Kind as K, gem, secs)


class CarrierTest(unittest.TestCase):
    def test_lifecycle(self):
        with liion.Context() as ctx:
            c = gem.Carrier(ctx=ctx)
            self.assertEqual(c.creation_transitions, [1, 2, 12, 17])
            self.assertEqual((c.id_status, c.slot_map_status, c.access_status),
                             (E87Cids.NOT_READ, E87Csms.NOT_READ, E87Cas.NOT_ACCESSED))
            self.assertEqual(c.apply(CE.ID_READ_WAIT), 7)
            self.assertEqual(c.apply(CE.PROCEED), 8)
            self.assertEqual(c.id_status, E87Cids.VERIFICATION_OK)
            self.assertEqual(c.slots, [])
            c.set_slot_map(bytes([SS.CORRECTLY_OCCUPIED, SS.EMPTY, SS.CORRECTLY_OCCUPIED]))
            self.assertEqual(c.slots, [SS.CORRECTLY_OCCUPIED, SS.EMPTY, SS.CORRECTLY_OCCUPIED])
            self.assertEqual(c.apply(CE.SLOT_MAP_READ_OK), 13)
            self.assertEqual(c.apply(CE.ACCESS_STARTED), 18)
            self.assertEqual(c.apply(CE.ACCESS_COMPLETE), 19)
            self.assertEqual(c.access_status, E87Cas.CARRIER_COMPLETE)
            self.assertFalse(c.removed)
            self.assertEqual(c.apply(CE.REMOVE), 21)
            self.assertTrue(c.removed)
            self.assertEqual(gem.Carrier(E87Cids.VERIFICATION_OK, ctx).creation_transitions,
                             [1, 4, 12, 17])
            self.assertEqual(gem.Carrier.cids_str(E87Cids.NOT_READ), "ID NOT READ")
            for fn, v in ((gem.Carrier.csms_str, E87Csms.NOT_READ), (gem.Carrier.cas_str, 0),
                          (gem.Carrier.slot_state_str, SS.EMPTY),
                          (gem.Carrier.event_str, CE.PROCEED)):
                self.assertTrue(fn(v))

    def test_refusals(self):
        with liion.Context() as ctx:
            c = gem.Carrier(ctx=ctx)
            with self.assertRaises(liion.LiionStateError) as cm:
                c.apply(CE.ID_PROCEED)
            self.assertEqual(cm.exception.message, ctx.errmsg)
            self.assertIn("ID NOT READ", cm.exception.message)
            self.assertEqual(c.id_status, E87Cids.NOT_READ)
            with self.assertRaises(liion.LiionValueError) as cm:
                c.set_slot_map([1, 9])
            self.assertIn("slot 2", cm.exception.message)
            with self.assertRaises(liion.LiionValueError):
                c.set_slot_map([])
            with self.assertRaises(OverflowError):
                c.set_slot_map([256])
            c.set_slot_map([SS.DOUBLE_SLOTTED])
            with self.assertRaises(liion.LiionStateError):
                c.apply(CE.SLOT_MAP_READ_OK)  # refused with a double-slotted slot
            with self.assertRaises(ValueError):
                c.apply(99)
            with self.assertRaises(ValueError):
                gem.Carrier(7, ctx)
            c.close()
            with self.assertRaises(ValueError):
                c.id_status


class SubstrateTest(unittest.TestCase):
    def test_substrate(self):
        with liion.Context() as ctx:
            s = gem.Substrate(ctx)
            self.assertEqual(len(s.creation_transitions), 3)
            self.assertEqual((s.transport, s.processing, s.id_status),
                             (E90Sts.AT_SOURCE, E90Sps.NEEDS_PROCESSING, E90Sids.NOT_CONFIRMED))
            self.assertEqual(s.apply(SE.TO_WORK), 2)
            self.assertEqual(s.apply(SE.START), 11)
            self.assertEqual(s.apply(SE.PROCESSED), 12)
            self.assertEqual(s.processing, E90Sps.PROCESSED)
            with self.assertRaises(liion.LiionStateError) as cm:
                s.apply(SE.START)
            self.assertEqual(cm.exception.message, ctx.errmsg)
            self.assertEqual(s.apply(SE.REMOVE), 9)
            self.assertEqual(s.transport, E90Sts.STS_REMOVED)
            self.assertEqual(gem.Substrate.sts_str(E90Sts.AT_WORK), "ATWORK")
            for fn in (gem.Substrate.sps_str, gem.Substrate.sids_str, gem.Substrate.event_str):
                self.assertTrue(fn(1))

    def test_location(self):
        with liion.Context() as ctx:
            loc = gem.SubstrateLocation(ctx=ctx)
            self.assertEqual(loc.state, E90LocState.UNOCCUPIED)
            self.assertEqual(loc.apply(E90LocEvent.PLACED), 2)
            self.assertEqual(loc.state, E90LocState.OCCUPIED)
            with self.assertRaises(liion.LiionStateError):
                loc.apply(E90LocEvent.PLACED)
            self.assertEqual(gem.SubstrateLocation(E90LocState.OCCUPIED, ctx).state,
                             E90LocState.OCCUPIED)
            self.assertEqual(gem.SubstrateLocation.state_str(1), "OCCUPIED")
            with self.assertRaises(ValueError):
                gem.SubstrateLocation(5, ctx)


class MessagesTest(unittest.TestCase):
    def test_s3f17_s3f18(self):
        b = gem.s3f17_encode(1, "ProceedWithCarrier", "CAR-1", 2, {"Capacity": secs.U1(25)})
        self.assertEqual(secs.Item.decode(b), secs.L(
            secs.U4(1), secs.A("ProceedWithCarrier"), secs.A("CAR-1"), secs.U1(2),
            secs.L(secs.L(secs.A("Capacity"), secs.U1(25)))))
        m = gem.gem300_decode(K.S3F17, b)
        self.assertEqual(m.kind, K.S3F17)
        self.assertEqual((m[F.DATAID], m[F.CARRIERACTION], m[F.CARRIERID], m[F.PTN]),
                         (1, "ProceedWithCarrier", "CAR-1", 2))
        self.assertEqual(m.attrs, [("Capacity", secs.U1(25))])
        self.assertIsNone(m.get(F.PRJOBID))
        with self.assertRaises(KeyError):
            m[F.PRJOBID]
        m = gem.gem300_decode(K.S3F18, gem.s3f18_encode(gem.CAACK_WITH_ERRORS,
                                                        [(7, "no such carrier")]))
        self.assertEqual((m[F.ACK], m.errors), (6, [(7, "no such carrier")]))
        self.assertIn("S3F18", repr(m))

    def test_s16_s14(self):
        b = gem.s16f11_encode(5, "PJ-1", 13, {"CAR-1": [1, 2, 3]}, 2, "RCP-A",
                              [("TEMP", 45.5)], False, [4001])
        m = gem.gem300_decode(K.S16F11, b)
        self.assertEqual((m[F.PRJOBID], m[F.MF], m[F.PRRECIPEMETHOD], m[F.RCPSPEC],
                          m[F.PRPROCESSSTART]), ("PJ-1", 13, 2, "RCP-A", 0))
        self.assertEqual(m.carriers, [("CAR-1", [1, 2, 3])])
        self.assertEqual(m.attrs, [("TEMP", secs.F8(45.5))])
        self.assertEqual(m.pause_events, [4001])
        m = gem.gem300_decode(K.S16F12, gem.s16f12_encode("PJ-1", False, [(1, "busy")]))
        self.assertEqual((m[F.PRJOBID], m[F.ACK], m.errors), ("PJ-1", 0, [(1, "busy")]))
        m = gem.gem300_decode(K.S16F5, gem.s16f5_encode(9, "PJ-1", "START"))
        self.assertEqual((m[F.DATAID], m[F.PRCMDNAME], m.attrs), (9, "START", []))
        m = gem.gem300_decode(K.S16F6, gem.s16f6_encode("PJ-1", True))
        self.assertEqual(m[F.ACK], 1)
        m = gem.gem300_decode(K.S14F9, gem.s14f9_encode("", "ControlJob",
                                                        {"ObjID": "CJ-1"}))
        self.assertEqual((m[F.OBJTYPE], m.attrs), ("ControlJob", [("ObjID", secs.A("CJ-1"))]))
        m = gem.gem300_decode(K.S14F10, gem.s14f10_encode("CJ-1", {"ObjID": "CJ-1"}, 1,
                                                          [(3, "bad")]))
        self.assertEqual((m[F.OBJSPEC], m[F.ACK], m.errors), ("CJ-1", 1, [(3, "bad")]))

    def test_decoder_reuse_and_bad_input(self):
        with liion.Context() as ctx:
            d = gem.Gem300Decoder(ctx)
            self.assertEqual(d.kind, K.NONE)
            d.decode(K.S16F6, gem.s16f6_encode("PJ", True, ctx=ctx))
            self.assertEqual(d.kind, K.S16F6)
            with self.assertRaises(liion.LiionDecodeError) as cm:
                d.decode(K.S3F17, gem.s3f18_encode(0, ctx=ctx))
            self.assertEqual(cm.exception.message, ctx.errmsg)
            self.assertIn("S3F17", cm.exception.message)
            self.assertEqual(cm.exception.offset, 0)
            self.assertEqual(d.kind, K.NONE)
            with self.assertRaises(liion.LiionDecodeError) as cm:
                d.decode(K.S3F17, b"\x01\x05")
            self.assertEqual(cm.exception.status, liion.Status.TRUNCATED)
            bad_ptn = secs.L(secs.U4(1), secs.A("x"), secs.A("C"), secs.A("2"), secs.L())
            with self.assertRaises(liion.LiionDecodeError) as cm:
                d.decode(K.S3F17, bad_ptn.encode())
            self.assertGreater(cm.exception.offset, 0)
            with self.assertRaises(ValueError):
                d.decode(12345, b"")
            d.close()
            with self.assertRaises(ValueError):
                d.decode(K.S3F17, b"")
        with self.assertRaises(liion.LiionValueError):
            gem.s3f17_encode(1, "x", "C", 256)
        with self.assertRaises(liion.LiionValueError):
            gem.s3f17_encode(-1, "x", "C", 1)
        with self.assertRaises(TypeError):
            gem.s14f9_encode("", "ControlJob", {"x": object()})


if __name__ == "__main__":
    unittest.main()
