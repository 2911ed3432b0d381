"""liion.uadp: UADP NetworkMessages (liion/uadp.h)."""

import os
import sys
import unittest
import uuid

_HERE = os.path.dirname(os.path.abspath(__file__))
try:
    import liion
except ModuleNotFoundError:  # run from a checkout without PYTHONPATH
    sys.path.insert(0, os.path.dirname(_HERE))
    import liion

from liion import UaType as T, UadpDsmType, UadpEncoding, UadpPubidType  # noqa: E402
from liion import opcua as ua, uadp  # noqa: E402
from liion.opcua import Variant as V  # noqa: E402

# open62541 UA_NetworkMessage_encodeBinary output (shared/reference/opcua.md 2.3 A and B)
VEC_A = bytes.fromhex("F101BA08096400 2A00010100 090700 0200 0B0000000000106340"
                      "0B0000000000003E40".replace(" ", ""))
VEC_B = bytes.fromhex("F101BA0809640 02A00010100 0D0700 0200 07 0B0000000000106340 00000040"
                      "00C08976453CDA01 01 0B0000000000003E40".replace(" ", ""))


class ReferenceTest(unittest.TestCase):
    def test_vector_a(self):
        nm = uadp.decode(VEC_A)
        self.assertEqual((nm.publisher_id, nm.publisher_id_type), (2234, UadpPubidType.UINT16))
        self.assertEqual((nm.writer_group_id, nm.sequence_number), (100, 42))
        self.assertEqual(len(nm.messages), 1)
        d = nm.messages[0]
        self.assertEqual((d.writer_id, d.sequence_number, d.encoding, d.type),
                         (1, 7, UadpEncoding.VARIANT, UadpDsmType.KEYFRAME))
        self.assertEqual(d.fields, {0: V(T.DOUBLE, 152.5), 1: V(T.DOUBLE, 30.0)})
        self.assertEqual(uadp.encode(nm), VEC_A)
        built = uadp.NetworkMessage(
            [uadp.DataSetMessage(1, [152.5, 30.0], sequence_number=7)], publisher_id=2234,
            publisher_id_type=UadpPubidType.UINT16, writer_group_id=100, sequence_number=42,
            flags=uadp.NM_PAYLOAD_HEADER)
        self.assertEqual(uadp.encode(built), VEC_A)
        self.assertEqual(built, nm)

    def test_vector_b(self):
        nm = uadp.decode(VEC_B)
        d = nm.messages[0]
        self.assertEqual(d.encoding, UadpEncoding.DATAVALUE)
        f0 = d.fields[0]
        self.assertEqual(f0.value, V(T.DOUBLE, 152.5))
        self.assertEqual(f0.status, 0x40000000)
        self.assertEqual(ua.to_datetime(f0.source_timestamp).year, 2024)
        self.assertEqual(d.fields[1], ua.DataValue(V(T.DOUBLE, 30.0)))
        self.assertEqual(uadp.encode(nm), VEC_B)


class RoundTripTest(unittest.TestCase):
    def test_everything(self):
        nm = uadp.NetworkMessage(
            [uadp.DataSetMessage(10, {0: V(T.INT32, 1), 1: "x"}, sequence_number=3, status=0x8000,
                                 config_major=1, config_minor=2, timestamp=5, picoseconds=6),
             uadp.DataSetMessage(11, {4: ua.DataValue(2.5, status=0)}, UadpEncoding.DATAVALUE,
                                 UadpDsmType.DELTAFRAME),
             uadp.DataSetMessage(12, type=UadpDsmType.KEEPALIVE, valid=False),
             uadp.DataSetMessage(13, [V(T.UINT16, 7), V(T.DOUBLE, 1.5)], UadpEncoding.RAWDATA),
             uadp.DataSetMessage(14, [V(T.STRING, "evt")], type=UadpDsmType.EVENT)],
            publisher_id="press-7", dataset_class_id=uuid.UUID(int=99), writer_group_id=1,
            group_version=2, network_message_number=3, sequence_number=4, timestamp=123,
            picoseconds=5, security=(0, 9, b"\x01\x02"), promoted_fields=[V(T.INT32, 8)])
        with liion.Context() as ctx, uadp.Decoder(ctx) as dec:
            data = dec.encode(nm)
            back = dec.decode(data, raw_types={13: [T.UINT16, T.DOUBLE]})
            self.assertEqual(back, nm)
            raw = dec.decode(data)
            self.assertEqual(raw.messages[3].raw, b"\x07\x00" + b"\x00" * 6 + b"\xf8\x3f")
            self.assertEqual(raw.messages[3].fields, {})
            self.assertEqual(dec.encode(back), data)
            used = ctx.memory_used
            for _ in range(20):
                dec.decode(data)
            self.assertEqual(ctx.memory_used, used)
        self.assertIn("publisher_id='press-7'", repr(nm))

    def test_publisher_id_types(self):
        for pid, t in ((1, UadpPubidType.BYTE), (300, UadpPubidType.UINT16),
                       (70000, UadpPubidType.UINT32), (2 ** 40, UadpPubidType.UINT64)):
            nm = uadp.NetworkMessage(publisher_id=pid)
            self.assertEqual(nm.publisher_id_type, t)
            self.assertEqual(uadp.decode(uadp.encode(nm)).publisher_id, pid)


class ErrorTest(unittest.TestCase):
    def test_decode_errors(self):
        with liion.Context() as ctx:
            cases = [(b"", liion.LiionDecodeError, liion.Status.TRUNCATED),
                     (b"\x02", liion.LiionDecodeError, liion.Status.DECODE),
                     (VEC_A[:-3], liion.LiionDecodeError, None),
                     (bytes.fromhex("F111BA08016400014DF403010000000" "8B02D012E01000000"), liion.LiionUnsupportedError, None)]
            for data, exc, status in cases:
                with self.subTest(data=data.hex()):
                    with self.assertRaises(exc) as cm:
                        uadp.decode(data, ctx)
                    self.assertEqual(cm.exception.message, ctx.errmsg)
                    if status is not None:
                        self.assertEqual(cm.exception.status, status)
            with self.assertRaises(liion.LiionDecodeError) as cm:
                uadp.decode(uadp.encode(uadp.NetworkMessage(
                    [uadp.DataSetMessage(1, [V(T.INT32, 1)], UadpEncoding.RAWDATA)],
                    flags=uadp.NM_PAYLOAD_HEADER)), ctx,
                    raw_types={1: [T.INT64]})
            self.assertEqual(cm.exception.message, ctx.errmsg)

    def test_build_errors(self):
        with liion.Context() as ctx:
            two = uadp.NetworkMessage([uadp.DataSetMessage(1), uadp.DataSetMessage(2)])
            self.assertEqual(len(uadp.decode(uadp.encode(two, ctx)).messages), 2)
            with self.assertRaises(liion.LiionUnsupportedError) as cm:
                uadp.encode(uadp.NetworkMessage([uadp.DataSetMessage(
                    1, [V(T.INT32, [1, 2])], UadpEncoding.RAWDATA)]), ctx)
            self.assertEqual(cm.exception.message, ctx.errmsg)
            with self.assertRaises(liion.LiionUnsupportedError):
                uadp.encode(uadp.NetworkMessage(security=(0x01, 1, b"")), ctx)
            with self.assertRaises(liion.LiionValueError):
                uadp.encode(uadp.NetworkMessage(dataset_class_id=b"short"), ctx)
            with self.assertRaises(liion.LiionValueError):
                uadp.DataSetMessage(70000)
            with self.assertRaises(TypeError):
                uadp.encode(uadp.NetworkMessage(["not a dsm"]))
            with self.assertRaises(TypeError):
                uadp.encode("nope")
            with self.assertRaises(liion.LiionValueError):
                uadp.NetworkMessage(publisher_id=-1)

    def test_closed(self):
        d = uadp.Decoder()
        d.close()
        with self.assertRaises(ValueError):
            d.decode(VEC_A)


if __name__ == "__main__":
    unittest.main()
