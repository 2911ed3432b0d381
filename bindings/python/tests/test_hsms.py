"""liion.hsms: the HSMS-SS session, GEM state models and bodies (liion/gem.h), and the
pure-Python host example against a Python equipment."""

import importlib.util
import os
import socket
import sys
import threading
import unittest

_HERE = os.path.dirname(os.path.abspath(__file__))
try:
    import liion
except ModuleNotFoundError:  # run from a checkout without PYTHONPATH
    sys.path.insert(0, os.path.dirname(_HERE))
    import liion

from liion import (GemCommEvent, GemCommState, GemControlEvent, GemControlState,  # noqa: E402
                   HsmsCloseReason, HsmsError, HsmsEventType as EV, HsmsRole, HsmsState,
                   HsmsTimer, hsms, secs)


def load_example():
    path = os.path.join(os.path.dirname(_HERE), "examples", "hsms_host.py")
    spec = importlib.util.spec_from_file_location("hsms_host", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


class Pair:
    """Two sessions wired back to back in memory, with a fake clock."""

    def __init__(self, ctx, **eq_opts):
        self.t = 1000
        self.host = hsms.Session(HsmsRole.ACTIVE, t3_ms=1000, ctx=ctx)
        self.eq = hsms.Session(HsmsRole.PASSIVE, equipment=True, ctx=ctx, **eq_opts)
        self.host.connected(self.t)
        self.eq.connected(self.t)

    def shuttle(self):
        for _ in range(10):
            moved = False
            for a, b in ((self.host, self.eq), (self.eq, self.host)):
                data = a.take()
                if data:
                    b.feed(data, self.t)
                    moved = True
            if not moved:
                return

    def drain(self, s):
        return list(s.events())


class SessionTest(unittest.TestCase):
    def setUp(self):
        self.ctx = liion.Context()
        self.p = Pair(self.ctx)
        self.p.shuttle()
        self.p.drain(self.p.host)
        self.p.drain(self.p.eq)

    def tearDown(self):
        self.ctx.close()

    def test_select_and_data(self):
        p = self.p
        self.assertEqual((p.host.state, p.eq.state), (HsmsState.SELECTED, HsmsState.SELECTED))
        sb = p.host.send(1, 3, secs.L(secs.U4(1, 2)), wbit=True, user_tag=77, now_ms=p.t)
        self.assertGreater(sb, 0)
        self.assertEqual(p.host.open_transactions, 1)
        p.shuttle()
        [ev] = p.drain(p.eq)
        self.assertEqual((ev.type, ev.stream, ev.function, ev.wbit, ev.system_bytes),
                         (EV.DATA, 1, 3, True, sb))
        self.assertEqual(ev.item, secs.L(secs.U4(1, 2)))
        self.assertEqual(ev.message.body, secs.L(secs.U4(1, 2)))
        p.eq.reply(ev, [1.5, "ok"])
        p.shuttle()
        [rep] = p.drain(p.host)
        self.assertEqual((rep.type, rep.function, rep.user_tag), (EV.REPLY, 4, 77))
        self.assertEqual(rep.item, secs.L(secs.F8(1.5), secs.A("ok")))
        self.assertEqual(p.host.open_transactions, 0)
        p.host.send(6, 11, b"", now_ms=p.t)  # raw bytes body, no reply wanted
        p.shuttle()
        [ev] = p.drain(p.eq)
        self.assertIsNone(ev.item)
        p.eq.reply(sb, None, function=0, stream=1)  # bare system bytes: SxF0 needs the ids
        self.assertIn("DATA", repr(ev))

    def test_t3_timeout(self):
        p = self.p
        p.host.send(1, 1, wbit=True, user_tag=5, now_ms=p.t)
        p.shuttle()
        p.drain(p.eq)  # the equipment never answers
        self.assertEqual(p.host.next_deadline, p.t + 1000)
        p.host.tick(p.t + 999)
        self.assertEqual(p.drain(p.host), [])
        p.host.tick(p.t + 1000)
        [ev] = p.drain(p.host)
        self.assertEqual((ev.type, ev.code, ev.user_tag), (EV.TIMEOUT, HsmsTimer.T3, 5))

    def test_control_and_close(self):
        p = self.p
        p.host.linktest(p.t)
        p.shuttle()
        [ev] = p.drain(p.host)
        self.assertEqual(ev.type, EV.CONTROL)
        p.host.deselect(p.t)
        p.shuttle()
        self.assertEqual(p.host.state, HsmsState.NOT_SELECTED)
        p.drain(p.host)
        p.host.select(p.t)
        p.shuttle()
        self.assertEqual(p.host.state, HsmsState.SELECTED)
        p.host.separate(p.t)
        self.assertEqual(p.host.state, HsmsState.NOT_CONNECTED)
        evs = p.drain(p.host)
        self.assertEqual(evs[-1].type, EV.CLOSE)
        self.assertEqual(evs[-1].code, HsmsCloseReason.SEPARATE_SENT)
        self.assertGreater(p.host.out_pending, 0)  # Separate.req still to be written
        p.shuttle()
        self.assertEqual(p.drain(p.eq)[-1].code, HsmsCloseReason.SEPARATE_RECEIVED)

    def test_protocol_errors(self):
        p = self.p
        p.eq.set_supported(1, 1)
        p.host.send(1, 3, wbit=True, now_ms=p.t)  # not declared on the equipment
        p.shuttle()
        [ev] = p.drain(p.eq)
        self.assertEqual((ev.type, ev.code), (EV.PROTOCOL_ERROR, HsmsError.UNKNOWN_FUNCTION))
        evs = p.drain(p.host)
        self.assertTrue(any(e.type == EV.DATA and (e.stream, e.function) == (9, 5) for e in evs))
        p.eq.set_supported(1, 1, False)
        sb = p.eq.send_s9(7, ev)
        self.assertGreater(sb, 0)
        p.eq.feed(b"\x00\x00\x00\x02\xff\xff", p.t)  # a length below 10: malformed
        evs = p.drain(p.eq)
        self.assertEqual(evs[0].code, HsmsError.MALFORMED)
        self.assertEqual(evs[-1].type, EV.CLOSE)
        self.assertEqual(p.eq.state, HsmsState.NOT_CONNECTED)

    def test_write_to_and_disconnect(self):
        p = self.p
        a, b = socket.socketpair()
        try:
            p.host.send(1, 1, wbit=True, user_tag=9, now_ms=p.t)
            n = p.host.write_to(a)
            self.assertEqual(n, 14)  # 4 length bytes + 10 header bytes
            self.assertEqual(len(b.recv(100)), 14)
            self.assertEqual(p.host.write_to(a), 0)
        finally:
            a.close()
            b.close()
        p.host.disconnected(p.t)
        evs = p.drain(p.host)
        self.assertTrue(any(e.type == EV.ABORTED and e.user_tag == 9 for e in evs))
        self.assertEqual(p.host.connect_time, p.t + 10000)

    def test_errors(self):
        p, ctx = self.p, self.ctx
        with self.assertRaises(liion.LiionStateError) as cm:
            p.host.connected(p.t)
        self.assertEqual(cm.exception.message, ctx.errmsg)
        with self.assertRaises(liion.LiionValueError):
            p.host.send(200, 1)
        with self.assertRaises(liion.LiionError):
            p.host.send(1, 2, wbit=True)  # a W-bit needs a primary (odd) function
        with self.assertRaises(liion.LiionValueError):
            p.eq.send_s9(2, type("E", (), dict(system_bytes=1, session_id=0, stype=0,
                                                 stream=1, function=1, wbit=0))())
        with self.assertRaises(liion.LiionValueError):
            p.host.reply(5)
        with self.assertRaises(liion.LiionValueError):
            hsms.Session(session_id=40000)
        with self.assertRaises(ValueError):
            hsms.Session(role=7)
        s = hsms.Session(ctx=ctx)
        self.assertEqual(s.state, HsmsState.NOT_CONNECTED)
        self.assertIsNone(s.next_deadline)
        with self.assertRaises(liion.LiionStateError):
            s.feed(b"\x00")
        with self.assertRaises(liion.LiionStateError):
            s.send(1, 1)
        s.close()
        with self.assertRaises(ValueError):
            s.tick()

    def test_strings(self):
        self.assertEqual(hsms.Session.state_str(HsmsState.SELECTED), "SELECTED")
        self.assertEqual(hsms.Session.event_type_str(EV.REPLY), "reply")
        self.assertEqual(hsms.GemControl.state_str(GemControlState.ONLINE_REMOTE),
                         "ONLINE REMOTE")
        self.assertEqual(hsms.GemComm.state_str(GemCommState.COMMUNICATING), "COMMUNICATING")


class GemModelTest(unittest.TestCase):
    def test_control(self):
        with liion.Context() as ctx:
            c = hsms.GemControl(ctx=ctx)
            self.assertEqual(c.state, GemControlState.EQUIPMENT_OFFLINE)
            self.assertEqual(c.apply(GemControlEvent.OPERATOR_ONLINE),
                             GemControlState.ATTEMPT_ONLINE)
            self.assertEqual(c.apply(GemControlEvent.S1F2_RECEIVED), GemControlState.ONLINE_LOCAL)
            self.assertEqual(c.apply(GemControlEvent.OPERATOR_REMOTE),
                             GemControlState.ONLINE_REMOTE)
            self.assertEqual(c.on_s1f15(), 0)
            self.assertEqual(c.state, GemControlState.HOST_OFFLINE)
            self.assertEqual(c.on_s1f17(), 0)
            self.assertEqual(c.on_s1f17(), 2)  # already online
            with self.assertRaises(liion.LiionStateError) as cm:
                c.apply(GemControlEvent.S1F2_RECEIVED)
            self.assertEqual(cm.exception.message, ctx.errmsg)
            self.assertTrue(cm.exception.message)
            f = hsms.GemControl(fail_to_host_offline=True, ctx=ctx)
            f.apply(GemControlEvent.OPERATOR_ONLINE)
            self.assertEqual(f.apply(GemControlEvent.S1F1_FAILED), GemControlState.HOST_OFFLINE)
            r = hsms.GemControl(remote=True, ctx=ctx)
            r.apply(GemControlEvent.OPERATOR_ONLINE)
            self.assertEqual(r.apply(GemControlEvent.S1F2_RECEIVED),
                             GemControlState.ONLINE_REMOTE)
            with self.assertRaises(liion.LiionValueError):
                hsms.GemControl(GemControlState.ATTEMPT_ONLINE, ctx=ctx)

    def test_comm(self):
        c = hsms.GemComm()
        self.assertEqual(c.state, GemCommState.DISABLED)
        self.assertEqual(c.apply(GemCommEvent.ENABLE), GemCommState.WAIT_CRA)
        self.assertEqual(c.apply(GemCommEvent.CR_FAILED), GemCommState.WAIT_DELAY)
        self.assertEqual(c.apply(GemCommEvent.DELAY_EXPIRED), GemCommState.WAIT_CRA)
        self.assertEqual(c.apply(GemCommEvent.CRA_RECEIVED), GemCommState.COMMUNICATING)
        self.assertEqual(hsms.GemComm(host_initiated=True, start_enabled=True).state,
                         GemCommState.WAIT_CR_FROM_HOST)
        with self.assertRaises(liion.LiionStateError):
            hsms.GemComm().apply(GemCommEvent.CRA_RECEIVED)


class BodyTest(unittest.TestCase):
    def test_bodies(self):
        self.assertEqual(hsms.s1f13_encode(), bytes.fromhex("0100"))
        eq = hsms.s1f13_encode("M", "1")
        self.assertEqual(secs.Item.decode(eq), secs.L(secs.A("M"), secs.A("1")))
        self.assertTrue(hsms.s1f13_decode(eq))
        self.assertFalse(hsms.s1f13_decode(b"\x01\x00"))
        self.assertEqual(hsms.s1f14_decode(hsms.s1f14_encode(1, "M", "1")), 1)
        self.assertEqual(hsms.s1f14_decode(hsms.s1f14_encode()), 0)
        self.assertEqual(hsms.ack_encode(4), bytes.fromhex("210104"))
        self.assertEqual(hsms.ack_decode(b"\x21\x01\x04"), 4)
        with liion.Context() as ctx:
            for fn, body in ((hsms.s1f13_decode, secs.U4(1).encode()),
                             (hsms.s1f14_decode, b"\x01\x00"),
                             (hsms.ack_decode, b"\x21\x02\x00\x00")):
                with self.subTest(fn=fn.__name__):
                    with self.assertRaises(liion.LiionDecodeError) as cm:
                        fn(body, ctx=ctx)
                    self.assertEqual(cm.exception.message, ctx.errmsg)
            with self.assertRaises(liion.LiionDecodeError) as cm:
                hsms.ack_decode(b"\x21\x05", ctx=ctx)
            self.assertEqual(cm.exception.status, liion.Status.TRUNCATED)
        with self.assertRaises(liion.LiionValueError):
            hsms.ack_encode(256)


class FramingTest(unittest.TestCase):
    def test_reference_frames(self):
        from liion import HsmsRejectReason as R, HsmsStype as T
        # E37: 4-byte length, session ID, byte 2 (W-bit | stream), byte 3, PType, SType,
        # system bytes, then the body
        f = hsms.encode_data(1, 3, secs.U4(5), wbit=True, session_id=7, system_bytes=42)
        self.assertEqual(f.hex(), "00000010" "0007" "8103" "0000" "0000002a" "b10400000005")
        self.assertEqual(hsms.frame_size(6), len(f))
        c = hsms.encode_control(T.SELECT_REQ, system_bytes=1)
        self.assertEqual(c.hex(), "0000000a" "ffff" "0000" "0001" "00000001")
        hdr, body = hsms.decode_frame(f)
        self.assertEqual((hdr.stype, hdr.session_id, hdr.system_bytes, hdr.stream,
                          hdr.function, hdr.wbit), (T.DATA, 7, 42, 1, 3, True))
        self.assertEqual(secs.Item.decode(body), secs.U4(5))
        self.assertEqual(hsms.decode_frame(c)[0].flags, hsms.FLAG_SESSION_ALL)
        self.assertEqual(hsms.encode_frame(hdr, body), f)
        self.assertEqual(hsms.decode_header(f[4:14]), hdr)
        rej = hsms.encode_reject(hdr, R.ENTITY_NOT_SELECTED)
        rh, _ = hsms.decode_frame(rej)
        self.assertEqual((rh.stype, rh.status, rh.system_bytes), (T.REJECT_REQ, 4, 42))
        self.assertEqual(hsms.stype_str(T.SELECT_REQ), "Select.req")
        self.assertTrue(hsms.select_status_str(0))
        self.assertTrue(hsms.deselect_status_str(0))
        self.assertEqual(hsms.reject_reason_str(R.ENTITY_NOT_SELECTED), "entity not selected")

    def test_bad_frames(self):
        with liion.Context() as ctx:
            f = hsms.encode_data(1, 1, b"", ctx=ctx)
            for data, status in ((f[:-1], liion.Status.TRUNCATED),
                                 (f + b"\x00", liion.Status.DECODE),
                                 (b"\x00\x00\x00\x02" + bytes(10), liion.Status.DECODE)):
                with self.subTest(data=data.hex()):
                    with self.assertRaises(liion.LiionDecodeError) as cm:
                        hsms.decode_frame(data, ctx=ctx)
                    self.assertEqual(cm.exception.status, status)
                    self.assertEqual(cm.exception.message, ctx.errmsg)
            with self.assertRaises(liion.LiionDecodeError):
                hsms.decode_header(f[4:13], ctx=ctx)
            with self.assertRaises(liion.LiionValueError):
                hsms.encode_data(200, 1)
            with self.assertRaises(ValueError):
                hsms.encode_control(99)

    def test_reader(self):
        from liion import HsmsStype as T
        f = hsms.encode_data(1, 3, secs.A("x" * 100), session_id=7)
        c = hsms.encode_control(T.LINKTEST_REQ)
        data = f + c + f
        with liion.Context() as ctx, hsms.FrameReader(session_id=7, ctx=ctx) as r:
            frames = []
            for i in range(0, len(data), 7):  # arbitrary chunking
                frames += r.feed(data[i:i + 7])
            self.assertEqual([h.stype for h, _ in frames], [T.DATA, T.LINKTEST_REQ, T.DATA])
            self.assertEqual(frames[0][0].flags & hsms.FLAG_SESSION_MATCH,
                             hsms.FLAG_SESSION_MATCH)
            self.assertEqual(secs.Item.decode(frames[2][1]), secs.A("x" * 100))
            self.assertEqual((r.offset, r.pending), (len(data), 0))
            self.assertEqual(len(r.feed(memoryview(bytearray(data)))), 3)
            self.assertEqual(r.feed(f[:5]), [])
            self.assertEqual(r.pending, 5)
            r.reset()
            self.assertEqual((r.pending, r.offset), (0, 0))
            with self.assertRaises(liion.LiionDecodeError) as cm:
                r.feed(b"\x00\x00\x00\x02\x00\x00")
            self.assertEqual(cm.exception.message, ctx.errmsg)
            self.assertTrue(r.broken)
            with self.assertRaises(liion.LiionStateError):
                r.feed(c)
            r.reset()
            self.assertFalse(r.broken)
            self.assertEqual(len(r.feed(c)), 1)
            r.set_session_id(None)
            with self.assertRaises(liion.LiionValueError):
                r.set_session_id(70000)


class ExampleTest(unittest.TestCase):
    def test_socketpair(self):
        mod = load_example()
        result, acks = mod.self_test(log=lambda *a: None)
        self.assertEqual(result["commack"], 0)
        self.assertEqual((result["mdln"], result["softrev"]), ("LIION-SIM", "1.0"))
        self.assertEqual(len(result["reports"]), 1)
        self.assertEqual(result["reports"][0][2][0][1][0].value, "CELL-0001")
        self.assertEqual(result["close"], HsmsCloseReason.SEPARATE_SENT)
        self.assertEqual(acks, [0])
        self.assertNotIn("problems", result)

    def test_loopback_tcp(self):
        mod = load_example()
        srv = socket.socket()
        srv.bind(("127.0.0.1", 0))
        srv.listen(1)
        port = srv.getsockname()[1]
        reports = [secs.L(secs.U4(1), secs.U4(k)) for k in range(3)]
        acks = []

        def equipment():
            conn, _ = srv.accept()
            with conn:
                acks.extend(mod.run_equipment(conn, reports))
        t = threading.Thread(target=equipment)
        t.start()
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
                result = mod.run_host(sock, want_reports=3)
        finally:
            t.join(15)
            srv.close()
        self.assertEqual(result["reports"], reports)
        self.assertEqual(acks, [0, 0, 0])


if __name__ == "__main__":
    unittest.main()
