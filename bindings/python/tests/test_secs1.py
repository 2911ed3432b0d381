"""liion.secs1: SECS-I blocks and reassembly (liion/secs1.h)."""

import os
import sys
import unittest

_HERE = os.path.dirname(os.path.abspath(__file__))
try:
    import liion
except ModuleNotFoundError:  # run from a checkout without PYTHONPATH
    sys.path.insert(0, os.path.dirname(_HERE))
    import liion

from liion import Secs1Event, secs, secs1  # noqa: E402


class Secs1Test(unittest.TestCase):
    def test_reference_block(self):
        # E4: length byte, R|device (2), W|stream, function, E|block (2), system (4), data,
        # checksum = 16-bit sum of header and data
        b = secs1.encode_block(secs1.Header(stream=1, function=1, wbit=True, ebit=True,
                                            block_number=1))
        self.assertEqual(b.hex(), "0a" "0000" "8101" "8001" "00000000" "0103")
        self.assertEqual(secs1.checksum(b[1:11]), 0x81 + 0x01 + 0x80 + 0x01)
        hdr, data = secs1.decode_block(b)
        self.assertEqual(hdr, secs1.Header(0, 1, 1, True, False, True, 1, 0))
        self.assertEqual(data, b"")

    def test_split_and_reassemble(self):
        hdr = secs1.Header(device_id=1, stream=6, function=11, wbit=True, system_bytes=9)
        body = secs.B(bytes(range(256)) * 3).encode()
        blocks = secs1.split(hdr, body)
        self.assertEqual(len(blocks), secs1.block_count(len(body)))
        self.assertEqual([len(b) for b in blocks[:-1]], [secs1.BLOCK_MAX] * (len(blocks) - 1))
        self.assertEqual(b"".join(blocks), secs1.encode_message(hdr, body))
        self.assertEqual(secs1.message_size(len(body)), sum(map(len, blocks)))
        self.assertEqual(secs1.block_count(0), 1)
        with liion.Context() as ctx, secs1.Reassembler(ctx) as r:
            events = [r.add(b) for b in blocks]
            self.assertEqual(events[-1], Secs1Event.MESSAGE_COMPLETE)
            self.assertTrue(all(e == Secs1Event.BLOCK_ACCEPTED for e in events[:-1]))
            mh, mb = r.message()
            self.assertEqual(mb, body)
            self.assertEqual((mh.stream, mh.function, mh.system_bytes, mh.ebit), (6, 11, 9, True))
            self.assertEqual(secs.Item.decode(mb), secs.Item.decode(body))
            r.reset()
            with self.assertRaises(liion.LiionStateError) as cm:
                r.message()
            self.assertEqual(cm.exception.message, ctx.errmsg)
            r.add(blocks[0])
            self.assertEqual(r.blocks, 1)
            self.assertEqual(r.add(blocks[0]), Secs1Event.BLOCK_DUPLICATE)
        msg = secs1.encode_message(secs1.Header(stream=1, function=2), secs.L(secs.A("x")))
        self.assertEqual(secs1.decode_block(msg)[1], secs.L(secs.A("x")).encode())

    def test_bad_blocks(self):
        good = secs1.encode_block(secs1.Header(stream=1, function=1, ebit=True), b"\x01\x02")
        with liion.Context() as ctx:
            with self.assertRaises(liion.LiionCorruptError) as cm:
                secs1.decode_block(good[:-1] + b"\x00", ctx=ctx)
            self.assertIn("checksum", cm.exception.message)
            self.assertEqual(cm.exception.message, ctx.errmsg)
            with self.assertRaises(liion.LiionDecodeError) as cm:
                secs1.decode_block(good[:-2], ctx=ctx)
            self.assertEqual(cm.exception.status, liion.Status.TRUNCATED)
            with self.assertRaises(liion.LiionError):
                secs1.decode_block(b"\x02\x00\x00\x00\x00", ctx=ctx)
            with self.assertRaises(liion.LiionValueError):
                secs1.encode_block(secs1.Header(device_id=40000))
            with self.assertRaises(liion.LiionError):
                secs1.encode_block(secs1.Header(), bytes(245), ctx=ctx)
            with secs1.Reassembler(ctx) as r:
                with self.assertRaises(liion.LiionCorruptError):
                    r.add(good[:-1] + b"\x00")


if __name__ == "__main__":
    unittest.main()
