"""liion.gem_e30: GEM (E30) message bodies (liion/gem_e30.h)."""

import os
import sys
import unittest

_HERE = os.path.dirname(os.path.abspath(__file__))
try:
    import liion
except ModuleNotFoundError:  # run from a checkout without PYTHONPATH
    sys.path.insert(0, os.path.dirname(_HERE))
    import liion

from liion import GemAlarmCategory, GemCpack, GemHcack, GemOnlack, gem_e30 as g, secs  # noqa: E402
from liion.secs import A, B, L, U1, U4, Message  # noqa: E402


class EncodeDecodeTest(unittest.TestCase):
    def test_stream1(self):
        b = g.s1f2_encode("CELL-LINE", "1.2.0")
        self.assertEqual(secs.Item.decode(b), L(A("CELL-LINE"), A("1.2.0")))
        self.assertEqual(g.s1f2_decode(b), ("CELL-LINE", "1.2.0"))
        self.assertEqual(g.s1f2_decode(L().encode()), ("", ""))  # host form
        b = g.s1f3_encode([U4(1001), U4(1002)])
        self.assertEqual(secs.Item.decode(b), L(U4(1001), U4(1002)))
        self.assertEqual(g.s1f3_decode(b), [U4(1001), U4(1002)])
        self.assertEqual(g.s1f3_decode(g.s1f3_encode([])), [])
        self.assertEqual(g.s1f4_decode(g.s1f4_encode([4.2, "x"])), [secs.F8(4.2), A("x")])
        for fn in (g.s1f1_decode, g.s1f15_decode, g.s1f17_decode):
            fn(b"")
        g.s1f1_decode(Message(1, 1, wbit=True))
        self.assertEqual(g.s1f16_decode(g.s1f16_encode()), 0)
        self.assertEqual(g.s1f18_decode(g.s1f18_encode(GemOnlack.ALREADY_ONLINE)),
                         GemOnlack.ALREADY_ONLINE)
        self.assertEqual(g.s1f18_decode(U1(1).encode()), GemOnlack.NOT_ALLOWED)  # U1 accepted

    def test_stream2(self):
        self.assertEqual(g.s2f13_decode(g.s2f13_encode([U4(7)])), [U4(7)])
        self.assertEqual(g.s2f14_decode(g.s2f14_encode([U4(7), A("on")])), [U4(7), A("on")])
        b = g.s2f41_encode("START", {"LOTID": "LOT-7", "QTY": U4(24)})
        self.assertEqual(secs.Item.decode(b), L(A("START"), L(L(A("LOTID"), A("LOT-7")),
                                                             L(A("QTY"), U4(24)))))
        self.assertEqual(g.s2f41_decode(b),
                         (A("START"), [(A("LOTID"), A("LOT-7")), (A("QTY"), U4(24))]))
        self.assertEqual(g.s2f41_decode(g.s2f41_encode(U1(3))), (U1(3), []))
        b = g.s2f42_encode(GemHcack.PARAMETER_INVALID, [("QTY", GemCpack.ILLEGAL_VALUE)])
        self.assertEqual(secs.Item.decode(b), L(B(3), L(L(A("QTY"), B(2)))))
        hc, params = g.s2f42_decode(b)
        self.assertEqual(hc, GemHcack.PARAMETER_INVALID)
        self.assertIsInstance(hc, GemHcack)
        self.assertEqual(params, [(A("QTY"), GemCpack.ILLEGAL_VALUE)])
        self.assertEqual(g.s2f42_decode(g.s2f42_encode(0)), (GemHcack.OK, []))

    def test_alarm_management(self):
        b = g.s5f3_encode(g.ALED_ENABLE, U4(7))
        self.assertEqual(secs.Item.decode(b), L(B(0x80), U4(7)))
        self.assertEqual(g.s5f3_decode(b), (0x80, U4(7)))
        b = g.s5f5_encode(U4(7, 9))
        self.assertEqual(g.s5f5_decode(b), U4(7, 9))
        self.assertEqual(g.s5f5_decode(g.s5f5_encode(U4())), U4())
        alarms = [(0x82, U4(7), "Door"), (0x02, U4(9), "")]
        b = g.s5f6_encode(alarms)
        self.assertEqual(g.s5f6_decode(b), alarms)
        self.assertEqual(g.s5f6_decode(Message(5, 8, False, secs.Item.decode(b))), alarms)
        self.assertEqual(g.s5f6_decode(g.s5f6_encode([])), [])
        with self.assertRaises(liion.LiionDecodeError):
            g.s5f3_decode(L(B(0x80)).encode())
        with self.assertRaises(liion.LiionValueError):
            g.s5f5_encode(A("x"))

    def test_constants_and_time(self):
        b = g.s2f15_encode({U4(5001): A("ON")})
        self.assertEqual(secs.Item.decode(b), L(L(U4(5001), A("ON"))))
        self.assertEqual(g.s2f15_decode(b), [(U4(5001), A("ON"))])
        b = g.s2f18_encode("2026112720551234")
        self.assertEqual(g.s2f18_decode(b), "2026112720551234")
        with self.assertRaises(liion.LiionValueError):
            g.s2f18_encode("2026-11-27")
        with self.assertRaises(liion.LiionDecodeError):
            g.s2f18_decode(A("123").encode())

    def test_program_inquire_and_delete(self):
        b = g.s7f1_encode("COAT-A", 4096)
        self.assertEqual(secs.Item.decode(b), L(A("COAT-A"), U4(4096)))
        self.assertEqual(g.s7f1_decode(b), (A("COAT-A"), 4096))
        self.assertEqual(g.s7f1_decode(g.s7f1_encode("X", 2**33)), (A("X"), 2**33))
        b = g.s7f17_encode([A("COAT-A"), A("FORM-2")])
        self.assertEqual(g.s7f17_decode(b), [A("COAT-A"), A("FORM-2")])
        self.assertEqual(g.s7f17_decode(g.s7f17_encode([])), [])

    def test_terminal_text(self):
        b = g.s10f3_encode(0, "Tray 42 to rack 3")
        self.assertEqual(secs.Item.decode(b), L(B(0), A("Tray 42 to rack 3")))
        self.assertEqual(g.s10f3_decode(b), (0, A("Tray 42 to rack 3")))
        self.assertEqual(g.s10f3_decode(Message(10, 1, True, secs.Item.decode(b))),
                         (0, A("Tray 42 to rack 3")))
        with self.assertRaises(liion.LiionDecodeError):
            g.s10f3_decode(L(B(0), L()).encode())

    def test_streams_5_6_7(self):
        alcd = g.alcd(GemAlarmCategory.PARAMETER_ERROR)
        self.assertEqual(alcd, 0x84)
        self.assertEqual(g.alcd(GemAlarmCategory.ATTENTION, is_set=False), 7)
        b = g.s5f1_encode(alcd, U4(3001), "dew point high")
        self.assertEqual(secs.Item.decode(b), L(B(0x84), U4(3001), A("dew point high")))
        a, alid, text = g.s5f1_decode(b)
        self.assertEqual((a & g.ALCD_SET, a & g.ALCD_CATEGORY_MASK, alid, text),
                         (0x80, 4, U4(3001), "dew point high"))
        self.assertEqual(g.s5f2_decode(g.s5f2_encode(0)), 0)
        self.assertEqual(g.s6f12_decode(g.s6f12_encode(0)), 0)
        self.assertEqual(g.s6f12_decode(B(17).encode()), 17)  # 1-63: error, kept as int
        b = g.s7f3_encode("RCP-1", B(b"\x01\x02"))
        self.assertEqual(g.s7f3_decode(b), (A("RCP-1"), B(b"\x01\x02")))
        self.assertEqual(g.s7f4_decode(g.s7f4_encode(4)), liion.GemAckc7.PPID_NOT_FOUND)
        self.assertEqual(g.s7f5_decode(g.s7f5_encode("RCP-1")), A("RCP-1"))
        self.assertEqual(g.s7f6_decode(g.s7f6_encode("RCP-1", "text")), (A("RCP-1"), A("text")))
        g.s7f19_decode(b"")
        self.assertEqual(g.s7f20_decode(g.s7f20_encode(["A", "B"])), [A("A"), A("B")])

    def test_message_and_event_input(self):
        msg = Message(2, 41, True, L(A("STOP"), L()))
        self.assertEqual(g.s2f41_decode(msg), (A("STOP"), []))

        class Ev:  # what liion.hsms.Event offers
            stream, function, wbit, body = 1, 2, False, g.s1f2_encode("M", "1")
        self.assertEqual(g.s1f2_decode(Ev()), ("M", "1"))


class SessionExchangeTest(unittest.TestCase):
    """Host and equipment exchange E30 messages over two HSMS sessions wired back to back;
    the decoders take the received hsms.Event as is."""

    def test_s2f41_over_hsms(self):
        from liion import HsmsRole, hsms
        with liion.Context() as ctx:
            host = hsms.Session(HsmsRole.ACTIVE, ctx=ctx)
            eq = hsms.Session(HsmsRole.PASSIVE, equipment=True, ctx=ctx)
            host.connected(1000)
            eq.connected(1000)

            def shuttle():
                for _ in range(10):
                    moved = False
                    for a, b in ((host, eq), (eq, host)):
                        data = a.take()
                        if data:
                            b.feed(data, 1000)
                            moved = True
                    if not moved:
                        return
            shuttle()
            list(host.events())
            list(eq.events())
            host.send(2, 41, g.s2f41_encode("START", {"LOTID": "LOT-7"}, ctx=ctx), wbit=True,
                      now_ms=1000)
            shuttle()
            [ev] = list(eq.events())
            rcmd, params = g.s2f41_decode(ev, ctx=ctx)
            self.assertEqual((rcmd, params), (A("START"), [(A("LOTID"), A("LOT-7"))]))
            with self.assertRaises(liion.LiionDecodeError) as cm:
                g.s2f42_decode(ev, ctx=ctx)  # the event is an S2F41, not an S2F42
            self.assertIn("S2F42", cm.exception.message)
            eq.reply(ev, secs.Item.decode(g.s2f42_encode(GemHcack.WILL_FINISH_LATER, ctx=ctx)))
            shuttle()
            [rep] = list(host.events())
            self.assertEqual(g.s2f42_decode(rep, ctx=ctx), (GemHcack.WILL_FINISH_LATER, []))


class BadInputTest(unittest.TestCase):
    def setUp(self):
        self.ctx = liion.Context()

    def tearDown(self):
        self.ctx.close()

    def check(self, exc, fn, *args, where=None, offset=None):
        with self.assertRaises(exc) as cm:
            fn(*args, ctx=self.ctx)
        self.assertEqual(cm.exception.message, self.ctx.errmsg)
        if where:
            self.assertIn(where, cm.exception.message)
        if offset is not None:
            self.assertEqual(cm.exception.offset, offset)
        return cm.exception

    def test_decoders(self):
        D = liion.LiionDecodeError
        self.check(D, g.s1f1_decode, B(1).encode(), where="S1F1")
        self.check(D, g.s1f2_decode, Message(1, 4, body=L()), where="S1F2")
        self.check(D, g.s2f41_decode, L(A("x")).encode(), where="S2F41", offset=0)
        self.check(D, g.s5f1_decode, A("x").encode(), where="S5F1")
        # the second SVID is a list: the offset is that of the offending item
        e = self.check(D, g.s1f3_decode, L(U4(1), L()).encode(), where="S1F3")
        self.assertEqual(e.offset, 2 + len(U4(1).encode()))
        e = self.check(D, g.s1f3_decode, b"\x01", where="secs")
        self.assertEqual(e.status, liion.Status.TRUNCATED)
        self.check(D, g.s1f16_decode, L().encode())
        self.check(D, g.s2f42_decode, L(B(0), L(L(A("x")))).encode())
        with self.assertRaises(TypeError):
            g.s1f3_decode(12)

    def test_encoders(self):
        with self.assertRaises(liion.LiionValueError) as cm:  # checked before C sees it
            g.s2f42_encode(256)
        self.assertIn("hcack", cm.exception.message)
        with self.assertRaises(TypeError):
            g.s1f2_encode(None, "1")
        with self.assertRaises(TypeError):
            g.s1f3_encode([object()])
        self.check(liion.LiionValueError, g.s2f41_encode, L(), {},
                   where="RCMD")  # RCMD must be A, U1 or I1


if __name__ == "__main__":
    unittest.main()
