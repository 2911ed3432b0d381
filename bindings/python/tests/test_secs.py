"""liion.secs: SECS-II items and messages (liion/secs.h)."""

import array
import os
import random
import sys
import unittest

_HERE = os.path.dirname(os.path.abspath(__file__))
try:
    import liion
except ModuleNotFoundError:  # run from a checkout without PYTHONPATH
    sys.path.insert(0, os.path.dirname(_HERE))
    import liion

from liion import secs  # noqa: E402
from liion.secs import Item, Message, SecsFormat as F  # noqa: E402


class ItemValueTest(unittest.TestCase):
    def test_helpers_and_values(self):
        self.assertEqual(secs.U4(7).value, [7])
        self.assertEqual(secs.U4(1, 2, 3).value, [1, 2, 3])
        self.assertEqual(secs.U4([1, 2]).value, [1, 2])
        self.assertEqual(secs.I2(array.array("h", [-5, 5])).value, [-5, 5])
        self.assertEqual(secs.F4(0.5).value, [0.5])
        self.assertEqual(secs.A("LOT").value, "LOT")
        self.assertEqual(secs.J(b"\xb1").value, "\xb1")
        self.assertEqual(secs.B(b"\x00\xff").value, b"\x00\xff")
        self.assertEqual(secs.B(7).value, b"\x07")
        self.assertEqual(secs.BOOLEAN(True, False).value, [True, False])
        c2 = secs.C2("hé", lsh=0x0102)
        self.assertEqual((c2.value, c2.lsh), ("hé".encode(), 0x0102))
        lst = secs.L(1, "a", 2.5, b"x", True, [secs.U1(3)])
        self.assertEqual([i.format for i in lst], [F.I8, F.A, F.F8, F.B, F.BOOLEAN, F.L])
        self.assertEqual(len(lst), 6)
        self.assertEqual(lst[5][0].scalar, 3)
        self.assertEqual(Item.from_python(2 ** 64 - 1).format, F.U8)
        self.assertEqual(secs.U2(5).array(), array.array("H", [5]))

    def test_bad_python_values(self):
        with self.assertRaises(OverflowError):
            secs.U1(256)
        with self.assertRaises(OverflowError):
            secs.I1(-129)
        with self.assertRaises(TypeError):
            secs.U4(1.5)
        with self.assertRaises(UnicodeEncodeError):
            secs.A("€")
        with self.assertRaises(TypeError):
            Item(F.L, [1])
        with self.assertRaises(TypeError):
            Item.from_python(object())
        with self.assertRaises(liion.LiionValueError) as cm:
            Item(99, [])
        self.assertIn("unknown SECS-II format", str(cm.exception))
        with self.assertRaises(liion.LiionValueError):
            Item(F.NONE)
        with self.assertRaises(liion.LiionValueError):
            secs.C2(b"", lsh=0x10000)
        with self.assertRaises(ValueError):
            secs.U4(1, 2).scalar
        with self.assertRaises(TypeError):
            secs.A("x").array()

    def test_equality_and_hash(self):
        self.assertEqual(secs.F8(float("nan")), secs.F8(float("nan")))
        self.assertNotEqual(secs.U4(1), secs.U2(1))
        self.assertNotEqual(secs.C2(b"a", 1), secs.C2(b"a", 2))
        self.assertEqual(len({secs.U4(1), secs.U4(1), secs.A("1")}), 2)
        self.assertEqual(repr(secs.L(secs.U1(1), secs.A("x"))), "L(U1(1), A('x'))")
        self.assertIn("lsh=0x0001", repr(secs.C2(b"a", 1)))

    def test_format_info(self):
        self.assertEqual(secs.format_elem_size(F.U8), 8)
        self.assertEqual(secs.format_elem_size(F.A), 1)
        self.assertEqual(secs.format_elem_size(F.NONE), 0)
        self.assertEqual(secs.format_name(F.BOOLEAN), "BOOLEAN")


class ItemCodecTest(unittest.TestCase):
    def setUp(self):
        self.ctx = liion.Context()

    def tearDown(self):
        self.ctx.close()

    def test_reference_encodings(self):
        # SEMI E5: format byte (code << 2 | length-byte count), length, big-endian data
        cases = [
            (secs.U4(7), "b10400000007"),
            (secs.A("AB"), "41024142"),
            (secs.L(), "0100"),
            (secs.L(secs.U1(1), secs.BOOLEAN(True)), "0102a50101250101"),
            (secs.F8(1.0), "81083ff0000000000000"),
            (secs.I2(-2), "6902fffe"),
            (secs.B(b""), "2100"),
        ]
        for item, hexs in cases:
            with self.subTest(item=item):
                data = item.encode(self.ctx)
                self.assertEqual(data.hex(), hexs)
                self.assertEqual(item.encoded_size(self.ctx), len(data))
                self.assertEqual(Item.decode(data, self.ctx), item)
                self.assertEqual(Item.decode(bytearray(data)), item)

    def test_three_length_bytes(self):
        item = secs.B(bytes(70000))
        data = item.encode()
        self.assertEqual(data[:4].hex(), "23011170")
        self.assertEqual(Item.decode(memoryview(data)), item)

    def test_round_trip_random(self):
        rng = random.Random(11)

        def rand_item(depth=0):
            fmt = rng.choice([f for f in F if f not in (F.NONE,)])
            if fmt == F.L:
                return Item(F.L, [rand_item(depth + 1) for _ in range(rng.randrange(4 if depth < 3 else 1))])
            n = rng.randrange(5)
            if fmt in (F.A, F.J):
                return Item(fmt, "".join(chr(rng.randrange(32, 127)) for _ in range(n)))
            if fmt == F.C2:
                return secs.C2(bytes(rng.randrange(256) for _ in range(n)), rng.randrange(65536))
            if fmt in (F.B, F.BOOLEAN):
                return Item(fmt, bytes(rng.randrange(2) for _ in range(n)))
            if fmt in (F.F4, F.F8):
                return Item(fmt, [rng.choice([0.5, -2.25, 1e10, 0.0]) for _ in range(n)])
            size = secs.format_elem_size(fmt) * 8
            lo, hi = (-(1 << (size - 1)), (1 << (size - 1)) - 1) if fmt.name[0] == "I" else (0, (1 << size) - 1)
            return Item(fmt, [rng.randint(lo, hi) for _ in range(n)])

        for _ in range(200):
            item = rand_item()
            data = item.encode(self.ctx)
            self.assertEqual(Item.decode(data, self.ctx), item)
            self.assertEqual(Item.from_sml(item.to_sml(ctx=self.ctx), self.ctx), item)
            self.assertEqual(Item.from_sml(item.to_sml(compact=True)), item)

    def test_decode_partial(self):
        data = secs.U1(9).encode() + b"\xff\xff"
        item, used = Item.decode(data, partial=True)
        self.assertEqual((item, used), (secs.U1(9), 3))
        with self.assertRaises(liion.LiionDecodeError) as cm:
            Item.decode(data)
        self.assertEqual(cm.exception.offset, 3)
        self.assertIn("2 bytes after the item", cm.exception.message)

    def test_decode_errors(self):
        cases = [
            (b"\x41\x05ab", liion.Status.TRUNCATED, "only 2 left", 0),
            (b"\x40\x00", liion.Status.DECODE, None, 0),
            (b"\xa9\x03\x00\x00\x00", liion.Status.DECODE, None, 0),
            (b"", None, None, None),
        ]
        for data, status, text, offset in cases:
            with self.subTest(data=data):
                with self.assertRaises(liion.LiionDecodeError if status else liion.LiionError) as cm:
                    Item.decode(data, self.ctx)
                e = cm.exception
                if status is not None:
                    self.assertEqual(e.status, status)
                    self.assertEqual(e.message, self.ctx.errmsg)
                    self.assertEqual(e.offset, offset)
                if text:
                    self.assertIn(text, e.message)

    def test_decode_limits(self):
        with liion.Context(max_depth=3) as ctx:
            deep = secs.L(secs.L(secs.L(secs.L(secs.L()))))
            data = deep.encode()  # default context: no such limit
            with self.assertRaises(liion.LiionDecodeError) as cm:
                deep.encode(ctx)  # building checks the depth too
            self.assertIn("limit 3", cm.exception.message)
            with self.assertRaises(liion.LiionDecodeError) as cm:
                Item.decode(data, ctx)
            self.assertEqual(cm.exception.status, liion.Status.LIMIT)

    def test_memory_cap(self):
        with liion.Context(max_memory=64 << 10) as ctx:
            with self.assertRaises(liion.LiionMemoryError) as cm:
                secs.B(bytes(200000)).encode(ctx)
            self.assertIsInstance(cm.exception, MemoryError)
            self.assertEqual(cm.exception.status, liion.Status.NOMEM)

    def test_too_long_item(self):
        with self.assertRaises(liion.LiionValueError) as cm:
            secs.B(bytes(secs.MAX_LENGTH + 1)).encode(self.ctx)
        self.assertEqual(cm.exception.status, liion.Status.RANGE)

    def test_from_raw(self):
        self.assertEqual(Item.from_raw(F.U2, b"\x01\x02\x00\x03"), secs.U2(258, 3))
        self.assertEqual(Item.from_raw(F.C2, b"\x00\x01hi"), secs.C2(b"hi", 1))
        with self.assertRaises(liion.LiionValueError) as cm:
            Item.from_raw(F.U4, b"\x01\x02", self.ctx)
        self.assertEqual(cm.exception.message, self.ctx.errmsg)
        with self.assertRaises(liion.LiionValueError):
            Item.from_raw(F.L, b"")

    def test_sml(self):
        item = secs.L(secs.U4(1), secs.A('LOT "7"'))
        self.assertEqual(item.to_sml(compact=True), '<L [2] <U4 1> <A "LOT \\"7\\"">>')
        self.assertIn("\n", item.to_sml())
        self.assertEqual(Item.from_sml("<l <u4 1> // comment\n <A 'x'>>".replace("'", '"')),
                         secs.L(secs.U4(1), secs.A("x")))
        self.assertEqual(Item.from_sml(b"<BOOLEAN TRUE>."), secs.BOOLEAN(True))
        big = secs.L(*[secs.A("x" * 50) for _ in range(100)])  # longer than the first buffer
        self.assertEqual(Item.from_sml(big.to_sml()), big)

    def test_sml_errors(self):
        cases = [("<U1 300>", liion.LiionValueError, 4), ("<Q 1>", liion.LiionDecodeError, 1),
                 ("<L", liion.LiionDecodeError, None), ("<U1 1> junk", liion.LiionDecodeError, 7),
                 ("<L [2] <U1 1>>", liion.LiionDecodeError, None)]
        for text, exc, offset in cases:
            with self.subTest(text=text):
                with self.assertRaises(exc) as cm:
                    Item.from_sml(text, self.ctx)
                self.assertEqual(cm.exception.message, self.ctx.errmsg)
                self.assertTrue(cm.exception.message)
                if offset is not None:
                    self.assertEqual(cm.exception.offset, offset)

    def test_closed_context(self):
        ctx = liion.Context()
        ctx.close()
        with self.assertRaises(ValueError):
            secs.U1(1).encode(ctx)
        with self.assertRaises(ValueError):
            Item.decode(b"\xa5\x01\x01", ctx)


class MessageTest(unittest.TestCase):
    def test_encode_decode(self):
        m = Message(6, 11, True, secs.L(secs.U4(1), secs.A("x")), session_id=3, system_bytes=42)
        body = m.encode()
        self.assertEqual(body, m.body.encode())
        back = Message.decode(body, 6, 11, True, session_id=3, system_bytes=42)
        self.assertEqual(back, m)
        self.assertEqual(Message(1, 1, True).encode(), b"")
        self.assertIsNone(Message.decode(b"", 1, 1).body)
        self.assertEqual(Message(1, 2, body=[1, "a"]).body, secs.L(secs.I8(1), secs.A("a")))

    def test_sml(self):
        m = Message(1, 3, True, secs.L(secs.U4(1)))
        self.assertEqual(m.to_sml(compact=True), "S1F3 W <L [1] <U4 1>> .")
        back = Message.from_sml(m.to_sml(), system_bytes=9)
        self.assertEqual((back.stream, back.function, back.wbit, back.system_bytes),
                         (1, 3, True, 9))
        self.assertEqual(back.body, m.body)
        self.assertEqual(Message.from_sml("S1F1 W.").body, None)
        self.assertIn("Message(S1F3 W", repr(m))

    def test_bad_messages(self):
        with liion.Context() as ctx:
            with self.assertRaises(liion.LiionValueError) as cm:
                Message(128, 1).encode(ctx)
            self.assertEqual(cm.exception.message, ctx.errmsg)
            with self.assertRaises(liion.LiionDecodeError) as cm:
                Message.from_sml("S1 <U1 1>.", ctx=ctx)
            self.assertEqual(cm.exception.message, ctx.errmsg)
            with self.assertRaises(liion.LiionDecodeError) as cm:
                Message.decode(b"\xa5\x01", 1, 2, ctx=ctx)
            self.assertEqual(cm.exception.status, liion.Status.TRUNCATED)
        with self.assertRaises(liion.LiionValueError):
            Message(1, 1, session_id=70000)
        with self.assertRaises(liion.LiionValueError):
            Message(1, 1, system_bytes=-1)


class BodyDecoderTest(unittest.TestCase):
    def test_decode_many(self):
        with liion.Context() as ctx, secs.BodyDecoder(ctx) as dec:
            for i in range(50):
                item = secs.L(secs.U4(i), secs.A("x" * i))
                self.assertEqual(dec.decode(item.encode(ctx)), item)
            self.assertIsNone(dec.decode(b""))
            with self.assertRaises(liion.LiionDecodeError) as cm:
                dec.decode(b"\x01\x05")
            self.assertEqual(cm.exception.message, ctx.errmsg)

    def test_decode_array(self):
        with secs.BodyDecoder() as dec:
            data = secs.F8(*[i / 4 for i in range(1000)]).encode()
            arr = dec.decode_array(data)
            self.assertEqual(arr.typecode, "d")
            self.assertEqual(arr[999], 999 / 4)
            out = array.array("d", bytes(8 * 1000))
            self.assertEqual(dec.decode_array(data, out), 1000)
            self.assertEqual(out, arr)
            with self.assertRaises(liion.LiionError) as cm:
                dec.decode_array(data, array.array("d", [0.0]))
            self.assertEqual(cm.exception.status, liion.Status.BUFFER_TOO_SMALL)
            with self.assertRaises(TypeError):
                dec.decode_array(data, array.array("f", [0.0]))
            with self.assertRaises(liion.LiionValueError):
                dec.decode_array(secs.A("x").encode())
            with self.assertRaises(liion.LiionValueError):
                dec.decode_array(b"")


if __name__ == "__main__":
    unittest.main()
