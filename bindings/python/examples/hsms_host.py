#!/usr/bin/env python3
"""A GEM host over HSMS-SS in pure Python: liion.hsms.Session does the protocol, this file
does the socket loop (select(), timers, writes).

    python3 hsms_host.py HOST PORT     # talk to real equipment (active role, session id 0)
    python3 hsms_host.py               # self-test: host and a simulated equipment on a
                                       # socketpair, each with its own Session

The host selects, establishes communication (S1F13/S1F14), asks "are you there" (S1F1/S1F2),
acknowledges the equipment's event reports (S6F11/S6F12) and separates once it has
``want_reports`` of them.
"""

import select
import socket
import sys
import threading

from liion import HsmsEventType as EV, HsmsRole, HsmsState, hsms, secs


def pump(session, sock, on_event, timeout_s=10.0):
    """Drive ``session`` over ``sock`` until ``on_event`` returns True or the session closes.

    One loop: write what the session queued, wait for input or the next timer, feed the bytes
    or run the timers, hand every event to ``on_event(event)``. Returns the last event.
    """
    end = hsms.now_ms() + int(timeout_s * 1000)
    last = None
    while True:
        while session.out_pending:
            sock.sendall(session.take())
        now = hsms.now_ms()
        if now >= end:
            raise TimeoutError("HSMS conversation did not finish in %.1f s" % timeout_s)
        deadline = session.next_deadline
        wait = min(end, deadline if deadline is not None else end) - now
        readable, _, _ = select.select([sock], [], [], max(wait, 0) / 1000.0)
        if readable:
            data = sock.recv(65536)
            if not data:  # the peer closed the connection
                session.disconnected()
            else:
                session.feed(data)
        session.tick()
        done = False
        for ev in session.events():  # hand over every queued event, then decide
            last = ev
            if on_event(ev):
                done = True
            if ev.type == EV.CLOSE or (ev.type == EV.STATE
                                       and ev.state == HsmsState.NOT_CONNECTED):
                done = True
        if done:
            while session.out_pending:
                sock.sendall(session.take())
            return last


def run_host(sock, want_reports=1, ctx=None, log=None, timeout_s=10.0):
    """The host side over a connected socket. Returns what it learnt::

        {"commack": 0, "mdln": "...", "softrev": "...", "reports": [Item, ...],
         "close": HsmsCloseReason}
    """
    log = log or (lambda *a: None)
    s = hsms.Session(HsmsRole.ACTIVE, t3_ms=5000, ctx=ctx)
    result = {"reports": []}
    s.connected()  # queues Select.req

    def maybe_done():
        if len(result["reports"]) >= want_reports and "mdln" in result:
            s.separate()  # all we came for: Separate.req, then a CLOSE event

    def on_event(ev):
        log("host:", ev)
        if ev.type == EV.STATE and ev.state == HsmsState.SELECTED:
            s.send(1, 13, hsms.s1f13_encode(ctx=ctx), wbit=True, user_tag=13)
        elif ev.type == EV.REPLY and ev.user_tag == 13:
            result["commack"] = hsms.s1f14_decode(ev.body, ctx=ctx)
            s.send(1, 1, None, wbit=True, user_tag=1)
        elif ev.type == EV.REPLY and ev.user_tag == 1:
            mdln, softrev = ev.item
            result["mdln"], result["softrev"] = mdln.value, softrev.value
            maybe_done()
        elif ev.type == EV.DATA and (ev.stream, ev.function) == (6, 11):
            result["reports"].append(ev.item)
            s.reply(ev, hsms.ack_encode(0, ctx=ctx))
            maybe_done()
        elif ev.type == EV.DATA and ev.wbit:
            s.reply(ev, function=0)  # anything else: abort the transaction (SxF0)
        elif ev.type == EV.CLOSE:
            result["close"] = ev.code
            return True
        elif ev.type in (EV.TIMEOUT, EV.REJECTED, EV.PROTOCOL_ERROR, EV.ABORTED):
            result.setdefault("problems", []).append(ev)
        return False

    pump(s, sock, on_event, timeout_s)
    s.close()
    return result


def run_equipment(sock, reports, mdln="LIION-SIM", softrev="1.0", ctx=None, log=None,
                  timeout_s=10.0):
    """A minimal simulated equipment (passive role) that answers S1F13 and S1F1 and sends
    each of ``reports`` (secs Items) as an S6F11 once communication is established. Returns
    the ACKC6 codes it received."""
    log = log or (lambda *a: None)
    s = hsms.Session(HsmsRole.PASSIVE, equipment=True, t3_ms=5000, ctx=ctx)
    acks = []
    s.connected()

    def on_event(ev):
        log("equipment:", ev)
        if ev.type == EV.DATA and (ev.stream, ev.function) == (1, 13):
            s.reply(ev, hsms.s1f14_encode(0, mdln, softrev, ctx=ctx))
            for i, rep in enumerate(reports):
                s.send(6, 11, rep, wbit=True, user_tag=1000 + i)
        elif ev.type == EV.DATA and (ev.stream, ev.function) == (1, 1):
            s.reply(ev, secs.L(secs.A(mdln), secs.A(softrev)))
        elif ev.type == EV.REPLY and ev.stream == 6:
            acks.append(hsms.ack_decode(ev.body, ctx=ctx))
        elif ev.type == EV.DATA and ev.wbit:
            s.reply(ev, function=0)
        return False

    pump(s, sock, on_event, timeout_s)
    s.close()
    return acks


def self_test(log=print):
    """Host and simulated equipment on a socketpair; returns (host result, equipment acks)."""
    a, b = socket.socketpair()
    report = secs.L(secs.U4(1), secs.U4(4001), secs.L(secs.L(secs.U4(10), secs.L(
        secs.A("CELL-0001"), secs.F8(4.187)))))
    acks = []
    eq = threading.Thread(target=lambda: acks.extend(run_equipment(b, [report], log=log)))
    eq.start()
    try:
        result = run_host(a, want_reports=1, log=log)
    finally:
        eq.join(15)
        a.close()
        b.close()
    return result, acks


def main(argv):
    if len(argv) == 3:
        with socket.create_connection((argv[1], int(argv[2])), timeout=10) as sock:
            print(run_host(sock, log=print))
        return 0
    result, acks = self_test()
    print("host learnt:", result)
    print("equipment got ACKC6:", acks)
    ok = result.get("commack") == 0 and len(result["reports"]) == 1 and acks == [0]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
