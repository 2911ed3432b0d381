"""liion.gem: GEM event reports (liion/gem_report.h)."""

import os
import sys
import unittest

_HERE = os.path.dirname(os.path.abspath(__file__))
try:
    import liion
except ModuleNotFoundError:  # run from a checkout without PYTHONPATH
    sys.path.insert(0, os.path.dirname(_HERE))
    import liion

from liion import gem, secs  # noqa: E402


class ReportsTest(unittest.TestCase):
    def setUp(self):
        self.ctx = liion.Context()
        self.r = gem.Reports(self.ctx)
        for v in (1001, 1002, 1003):
            self.r.add_vid(v)
        self.r.add_ceid(4001)

    def tearDown(self):
        self.ctx.close()

    def define(self):
        r = self.r
        self.assertEqual(r.on_s2f33(gem.s2f33_encode(1, {10: [1001, 1002], 11: [1003]})),
                         gem.DRACK_OK)
        self.assertEqual(r.on_s2f35(gem.s2f35_encode(2, {4001: [10, 11]})), gem.LRACK_OK)
        self.assertEqual(r.on_s2f37(gem.s2f37_encode(True, [4001])), gem.ERACK_OK)

    def test_host_bodies(self):
        body = gem.s2f33_encode(1, {10: [1001]})
        self.assertEqual(secs.Item.decode(body), secs.L(secs.U4(1), secs.L(secs.L(
            secs.U4(10), secs.L(secs.U4(1001))))))
        self.assertEqual(secs.Item.decode(gem.s2f33_encode(5, {})),
                         secs.L(secs.U4(5), secs.L()))
        self.assertEqual(secs.Item.decode(gem.s2f37_encode(False)),
                         secs.L(secs.BOOLEAN(False), secs.L()))
        self.assertEqual(secs.Item.decode(gem.s2f35_encode(3, {4001: [10, 11]})),
                         secs.L(secs.U4(3), secs.L(secs.L(secs.U4(4001),
                                                          secs.L(secs.U4(10), secs.U4(11))))))
        with self.assertRaises(OverflowError):
            gem.s2f33_encode(1, {10: [-1]})

    def test_table(self):
        r = self.r
        self.define()
        self.assertEqual((r.report_count, r.report_size(10), r.report_size(99)), (2, 2, 0))
        self.assertEqual(r.link_count(4001), 2)
        self.assertTrue(r.event_enabled(4001))
        self.assertEqual(r.on_s2f37(gem.s2f37_encode(False)), gem.ERACK_OK)
        self.assertFalse(r.event_enabled(4001))

    def test_refusals(self):
        r = self.r
        self.define()
        self.assertEqual(r.on_s2f33(gem.s2f33_encode(1, {10: [1001]})), gem.DRACK_DEFINED)
        self.assertEqual(r.on_s2f33(gem.s2f33_encode(1, {12: [9999]})), gem.DRACK_UNKNOWN_VID)
        self.assertEqual(r.on_s2f35(gem.s2f35_encode(1, {4999: [10]})),
                         gem.LRACK_UNKNOWN_CEID)
        self.assertEqual(r.on_s2f37(gem.s2f37_encode(True, [4999])), gem.ERACK_UNKNOWN_CEID)
        self.assertEqual(r.report_count, 2)  # unchanged
        with self.assertRaises(liion.LiionDecodeError) as cm:
            r.on_s2f33(secs.L(secs.A("x")).encode())
        self.assertEqual(cm.exception.ack, gem.DRACK_FORMAT)
        self.assertEqual(cm.exception.message, self.ctx.errmsg)
        with self.assertRaises(liion.LiionDecodeError) as cm:
            r.on_s2f37(b"\x01")
        self.assertEqual(cm.exception.ack, gem.ERACK_UNKNOWN_CEID)

    def test_s6f11(self):
        r = self.r
        self.define()
        body = r.s6f11_encode(7, 4001, {1001: secs.A("CELL-1"), 1002: 4.2, 1003: secs.U1(1)})
        self.assertEqual(secs.Item.decode(body)[1], secs.U4(4001))
        dataid, ceid, values = r.s6f11_decode(body)
        self.assertEqual((dataid, ceid), (7, 4001))
        self.assertEqual(values, [(10, 1001, secs.A("CELL-1")), (10, 1002, secs.F8(4.2)),
                                  (11, 1003, secs.U1(1))])
        body2 = r.s6f11_encode(8, 4001, lambda vid: secs.U4(vid))
        self.assertEqual([v for _, _, v in r.s6f11_decode(body2)[2]],
                         [secs.U4(1001), secs.U4(1002), secs.U4(1003)])
        with self.assertRaises(liion.LiionNotFoundError) as cm:
            r.s6f11_encode(7, 4001, {1001: 1})
        self.assertIn("1002", cm.exception.message)
        with self.assertRaises(liion.LiionNotFoundError):
            r.s6f11_encode(7, 4001, lambda vid: None)
        with self.assertRaises(liion.LiionNotFoundError):
            r.s6f11_encode(7, 4999, {})
        wrong = secs.L(secs.U4(1), secs.U4(4001), secs.L(secs.L(secs.U4(10), secs.L(
            secs.A("only one"))))).encode()
        with self.assertRaises(liion.LiionDecodeError) as cm:
            r.s6f11_decode(wrong)
        self.assertEqual(cm.exception.message, self.ctx.errmsg)

    def test_ack_reexport(self):
        self.assertEqual(gem.ack_decode(gem.ack_encode(3)), 3)


class Gem300Test(unittest.TestCase):
    def test_process_job(self):
        from liion import E40Event as E, E40State as S
        with liion.Context() as ctx:
            j = gem.ProcessJob(ctx=ctx)
            self.assertEqual(j.state, S.QUEUED)
            self.assertEqual(j.apply(E.SETUP), 2)
            self.assertEqual(j.state, S.SETTING_UP)
            with self.assertRaises(liion.LiionStateError) as cm:
                j.apply(E.RESUME)
            self.assertEqual(cm.exception.message, ctx.errmsg)
            self.assertIn("RESUME", cm.exception.message)
            self.assertEqual(j.state, S.SETTING_UP)
            with self.assertRaises(liion.LiionValueError):
                j.apply(99)
            self.assertEqual(gem.ProcessJob.state_str(S.WAITING_FOR_START), "WAITING FOR START")
            self.assertEqual(gem.ProcessJob.event_str(E.START), "START")
            a = gem.ProcessJob(auto_start=True, ctx=ctx)
            a.apply(E.SETUP)
            a.apply(E.SETUP_DONE)
            self.assertEqual(a.state, S.PROCESSING)

    def test_control_job(self):
        from liion import E94Event as E, E94State as S
        c = gem.ControlJob()
        self.assertEqual(c.apply(E.SELECT), 3)
        self.assertEqual(c.state, S.SELECTED)
        with self.assertRaises(liion.LiionStateError):
            c.apply(E.RESUME)
        self.assertTrue(gem.ControlJob.state_str(S.EXECUTING))
        self.assertTrue(gem.ControlJob.event_str(E.START))

    def test_load_port(self):
        from liion import E87LtsEvent as E, E87LtsState as S
        p = gem.LoadPort()
        self.assertEqual(p.state, S.OUT_OF_SERVICE)
        self.assertEqual(p.apply(E.IN_SERVICE_LOAD), [2, 4, 5])
        self.assertEqual(p.state, S.READY_TO_LOAD)
        self.assertEqual(gem.LoadPort(S.READY_TO_UNLOAD).state, S.READY_TO_UNLOAD)
        with self.assertRaises(liion.LiionStateError):
            p.apply(E.READY_TO_UNLOAD)
        with self.assertRaises(ValueError):
            gem.LoadPort(99)
        self.assertTrue(gem.LoadPort.state_str(S.READY_TO_LOAD))
        self.assertTrue(gem.LoadPort.event_str(E.TRANSFER_STARTED))

    def test_load_port_access_reservation_association(self):
        from liion import (E87AccessMode as A, E87Association as L, E87LtsEvent as E,
                           E87PortEvent as P, E87Reservation as R)
        p = gem.LoadPort()
        self.assertEqual((p.access_mode, p.reservation, p.association),
                         (A.MANUAL, R.NOT_RESERVED, L.NOT_ASSOCIATED))
        self.assertEqual(p.change(P.SET_AUTO), 2)
        self.assertEqual(p.change(P.RESERVE), 2)
        self.assertEqual(p.change(P.ASSOCIATE), 2)
        self.assertEqual(p.change(P.REASSOCIATE), 4)
        self.assertEqual((p.access_mode, p.reservation, p.association),
                         (A.AUTO, R.RESERVED, L.ASSOCIATED))
        with self.assertRaises(liion.LiionStateError):
            p.change(P.RESERVE)
        p.apply(E.IN_SERVICE_BLOCKED)
        with self.assertRaises(liion.LiionStateError):  # not while TRANSFER BLOCKED
            p.change(P.SET_MANUAL)
        self.assertEqual(p.change(P.CANCEL_RESERVATION), 3)
        self.assertEqual(p.change(P.DISASSOCIATE), 3)
        with self.assertRaises(ValueError):
            p.change(99)
        self.assertEqual(gem.LoadPort.port_event_str(P.RESERVE), "reserve")


if __name__ == "__main__":
    unittest.main()
