"""liion.opcua: OPC UA Binary values (liion/opcua.h)."""

import array
import datetime
import os
import random
import sys
import unittest
import uuid

_HERE = os.path.dirname(os.path.abspath(__file__))
try:
    import liion
except ModuleNotFoundError:  # run from a checkout without PYTHONPATH
    sys.path.insert(0, os.path.dirname(_HERE))
    import liion

from liion import opcua as ua  # noqa: E402
from liion import UaType as T  # noqa: E402
from liion.opcua import Variant as V  # noqa: E402

try:
    import numpy
except ImportError:
    numpy = None


def _kind(obj):
    if isinstance(obj, ua.DataValue):
        return T.DATAVALUE
    if isinstance(obj, ua.DiagnosticInfo):
        return T.DIAGNOSTICINFO
    return T.VARIANT


SAMPLES = [
    V(T.NULL), V(T.INT32, 5), V(T.SBYTE, -3), V(T.BYTE, 200), V(T.UINT64, 2 ** 64 - 1),
    V(T.FLOAT, 0.25), V(T.DOUBLE, [1.5, 2.5]), V(T.DOUBLE, array.array("d", [1, 2, 3, 4]), dims=(2, 2)),
    V(T.BYTE, b"\x01\x02"), V(T.STRING, "hé"), V(T.STRING, None), V(T.STRING, ["a", None, ""]),
    V(T.BYTESTRING, b"xy"), V(T.BYTESTRING, [b"", None]), V(T.XMLELEMENT, "<a/>"),
    V(T.BOOLEAN, True), V(T.BOOLEAN, [True, False]),
    V(T.GUID, uuid.UUID(int=12345)), V(T.GUID, [uuid.UUID(int=1), uuid.UUID(int=2)]),
    V(T.NODEID, ua.NodeId(2, "Line1.Temp")),
    V(T.NODEID, [ua.NodeId(0, 85), ua.NodeId(1, b"\x01"), ua.NodeId(3, uuid.UUID(int=7))]),
    V(T.EXPANDEDNODEID, ua.ExpandedNodeId(ua.NodeId(1, 5), "urn:x", 3)),
    V(T.EXPANDEDNODEID, [ua.ExpandedNodeId(ua.NodeId(1, 5)), ua.ExpandedNodeId(ua.NodeId(0, "s"), "u")]),
    V(T.QUALIFIEDNAME, ua.QualifiedName(1, "Temp")),
    V(T.QUALIFIEDNAME, [ua.QualifiedName(1, "T"), ua.QualifiedName(0, None)]),
    V(T.LOCALIZEDTEXT, ua.LocalizedText("Hallo", "de")),
    V(T.LOCALIZEDTEXT, [ua.LocalizedText("x"), ua.LocalizedText()]),
    V(T.EXTENSIONOBJECT, ua.ExtensionObject(ua.NodeId(0, 12), b"abc")),
    V(T.EXTENSIONOBJECT, [ua.ExtensionObject(ua.NodeId(0, 12)), ua.ExtensionObject(7, b"<x/>", ua.EXTOBJ_XML)]),
    V(T.DATAVALUE, ua.DataValue(1.5, status=0, source_timestamp=5)),
    V(T.DATAVALUE, [ua.DataValue(1.5), ua.DataValue()]),
    V(T.VARIANT, [V(T.INT16, 3), "x", V(T.NULL)]),
    V(T.DIAGNOSTICINFO, ua.DiagnosticInfo(1, additional_info="x", inner=ua.DiagnosticInfo(inner_status=5))),
    V(T.DIAGNOSTICINFO, [ua.DiagnosticInfo(1), ua.DiagnosticInfo()]),
    V(T.DATETIME, 132000000000000000), V(T.STATUSCODE, [0x80000000]),
    V(T.INT32, None, is_array=True), V(T.INT32, [], is_array=True), V(T.STRING, []),
    ua.DataValue(V(T.FLOAT, 2.5), 0x80000000, 1, 2, 3, 4), ua.DataValue(),
    ua.DiagnosticInfo(1, 2, 3, 4, "ai", 5, ua.DiagnosticInfo(9)),
]


class VariantRoundTripTest(unittest.TestCase):
    def test_samples(self):
        with liion.Context() as ctx:
            for obj in SAMPLES:
                with self.subTest(obj=obj):
                    data = ua.encode(obj, ctx)
                    self.assertEqual(ua.decode(_kind(obj), data, ctx), obj)

    def test_reference_bytes(self):
        # OPC 10000-6 5.2.2.16: encoding mask (type id | 0x80 array | 0x40 dims), then data
        self.assertEqual(ua.encode(V(T.INT32, 5)).hex(), "0605000000")
        self.assertEqual(ua.encode(V(T.BOOLEAN, True)).hex(), "0101")
        self.assertEqual(ua.encode(V(T.NULL)).hex(), "00")
        self.assertEqual(ua.encode(V(T.STRING, "hi")).hex(), "0c020000006869")
        self.assertEqual(ua.encode(V(T.UINT16, [1, 2])).hex(), "8502000000" "01000200")
        self.assertEqual(ua.encode(V(T.INT32, None, is_array=True)).hex(), "86ffffffff")
        self.assertEqual(ua.encode(V(T.NODEID, ua.NodeId(0, 85))).hex(), "110055")
        self.assertEqual(ua.encode(V(T.BYTE, [1, 2, 3, 4], dims=(2, 2))).hex(),
                         "c30400000001020304" "020000000200000002000000")
        self.assertEqual(ua.encode(ua.DataValue(V(T.BYTE, 7), status=0)).hex(), "03030700000000")

    def test_unassigned_type_ids_read_as_bytestring(self):
        var = ua.decode(T.VARIANT, b"\x1a\x01\x00\x00\x00z")
        self.assertEqual((var.type, var.type_id, var.value), (T.BYTESTRING, 26, b"z"))

    def test_bare_types(self):
        self.assertEqual(ua.decode(T.INT32, b"\x05\x00\x00\x00"), 5)
        self.assertEqual(ua.decode(T.STRING, b"\x02\x00\x00\x00hi"), "hi")
        self.assertEqual(ua.decode(T.NODEID, b"\x00\x55"), ua.NodeId(0, 85))
        self.assertEqual(ua.decode(T.BOOLEAN, b"\x01"), True)
        self.assertEqual(ua.decode(T.INT32, b"\x05\x00\x00\x00\xff", partial=True), (5, 4))

    def test_random_numeric_arrays(self):
        rng = random.Random(5)
        with ua.Value() as v:
            for _ in range(100):
                t = rng.choice([T.INT16, T.UINT32, T.INT64, T.DOUBLE, T.FLOAT, T.BYTE])
                n = rng.randrange(20)
                vals = [rng.randrange(100) for _ in range(n)]
                var = V(t, vals, is_array=True)
                data = v.set(var).encode()
                self.assertEqual(len(data), v.encoded_size())
                self.assertEqual(v.decode(T.VARIANT, data), var)

    def test_bulk_through_buffers(self):
        a = array.array("d", (i * 0.5 for i in range(10000)))
        var = V(T.DOUBLE, a)
        back = ua.decode(T.VARIANT, ua.encode(var))
        self.assertIsInstance(back.value, array.array)
        self.assertEqual(back.value, a)
        self.assertEqual(ua.decode(T.VARIANT, ua.encode(V(T.DOUBLE, memoryview(a)))), var)

    @unittest.skipIf(numpy is None, "numpy is not installed")
    def test_numpy(self):
        a = numpy.arange(6, dtype=numpy.int32)
        back = ua.decode(T.VARIANT, ua.encode(V(T.INT32, a)))
        self.assertEqual(list(numpy.frombuffer(back.value, dtype=numpy.int32)), list(a))


class ValueTest(unittest.TestCase):
    def test_container(self):
        with liion.Context() as ctx, ua.Value(ctx) as v:
            self.assertEqual(v.type, T.VARIANT)  # a fresh container is a null Variant
            self.assertEqual(v.get(), V(T.NULL))
            v.set(3.5)
            self.assertEqual(v.type, T.VARIANT)
            self.assertEqual(v.get(), V(T.DOUBLE, 3.5))
            v.set(ua.DataValue(1))
            self.assertEqual(v.type, T.DATAVALUE)
            v.wrap_variant()
            self.assertEqual(v.type, T.VARIANT)
            self.assertEqual(v.get(), V(T.DATAVALUE, ua.DataValue(V(T.INT64, 1))))
            v.reset()
            self.assertEqual(v.get(), V(T.NULL))
            v.decode(T.INT32, b"\x01\x00\x00\x00")
            self.assertEqual(v.type, T.INT32)
            self.assertEqual(v.encode(), b"\x01\x00\x00\x00")
            v.wrap_variant()
            self.assertEqual(v.encode(), b"\x06\x01\x00\x00\x00")
            with self.assertRaises(liion.LiionStateError) as cm:
                v.wrap_variant()
            self.assertEqual(cm.exception.message, ctx.errmsg)
        with self.assertRaises(ValueError):
            v.get()

    def test_steady_state_no_growth(self):
        with liion.Context() as ctx, ua.Value(ctx) as v:
            data = ua.encode(V(T.DOUBLE, [1.0] * 100))
            v.decode(T.VARIANT, data)
            used = ctx.memory_used
            for _ in range(50):
                v.decode(T.VARIANT, data)
            self.assertEqual(ctx.memory_used, used)


class ErrorTest(unittest.TestCase):
    def setUp(self):
        self.ctx = liion.Context()

    def tearDown(self):
        self.ctx.close()

    def test_decode_errors(self):
        cases = [(T.INT32, b"\x01\x02", liion.Status.TRUNCATED, 0),
                 (T.VARIANT, b"\x46\x01\x00\x00\x00", liion.Status.DECODE, 0),
                 (T.VARIANT, b"\x19\x80", liion.Status.DECODE, 1),
                 (T.VARIANT, b"\x18\x00", liion.Status.DECODE, 0),
                 (T.STRING, b"\x10\x00\x00\x00ab", liion.Status.TRUNCATED, None)]
        for t, data, status, offset in cases:
            with self.subTest(data=data):
                with self.assertRaises(liion.LiionDecodeError) as cm:
                    ua.decode(t, data, self.ctx)
                self.assertEqual(cm.exception.status, status)
                self.assertEqual(cm.exception.message, self.ctx.errmsg)
                if offset is not None:
                    self.assertEqual(cm.exception.offset, offset)
        with self.assertRaises(liion.LiionDecodeError) as cm:
            ua.decode(T.INT32, b"\x01\x00\x00\x00\x00")
        self.assertIn("1 bytes after the INT32", cm.exception.message)
        self.assertEqual(cm.exception.offset, 4)

    def test_limits(self):
        with liion.Context(max_depth=2) as ctx:
            nested = V(T.VARIANT, [V(T.DATAVALUE, ua.DataValue(V(T.VARIANT, [V(T.INT32, 1)])))])
            data = ua.encode(nested)
            with self.assertRaises(liion.LiionDecodeError) as cm:
                ua.decode(T.VARIANT, data, ctx)
            self.assertEqual(cm.exception.status, liion.Status.LIMIT)

    def test_bad_values(self):
        with self.assertRaises(OverflowError):
            ua.encode(V(T.BYTE, 256))
        with self.assertRaises(OverflowError):
            V(T.INT16, [1, 70000])
        with self.assertRaises(liion.LiionValueError):
            V(T.VARIANT, V(T.INT32, 1), is_array=False)
        with self.assertRaises(liion.LiionValueError) as cm:
            ua.encode(V(T.INT32, [1, 2, 3], dims=(2, 2)), self.ctx)
        self.assertEqual(cm.exception.message, self.ctx.errmsg)
        with self.assertRaises(liion.LiionValueError):
            ua.encode(V(T.STRING, None, is_array=True))
        with self.assertRaises(liion.LiionValueError):
            ua.ExtensionObject(ua.NodeId(0, "s"))._key() and ua.encode(
                V(T.EXTENSIONOBJECT, ua.ExtensionObject(ua.NodeId(0, "s"))))
        with self.assertRaises(TypeError):
            ua.NodeId(0, 1.5)
        with self.assertRaises(liion.LiionValueError):
            ua.NodeId(70000, 1)
        with self.assertRaises(TypeError):
            V.of(object())
        with self.assertRaises(liion.LiionValueError):
            ua.encode(ua.DataValue(1, status=-1))
        with self.assertRaises(TypeError):
            ua.ExpandedNodeId(5)


class HelperTest(unittest.TestCase):
    def test_datetime(self):
        self.assertEqual(ua.datetime_from_unix_ns(0), ua.DATETIME_UNIX_EPOCH)
        self.assertEqual(ua.datetime_from_unix_us(1), ua.DATETIME_UNIX_EPOCH + 10)
        self.assertEqual(ua.datetime_to_unix_ns(ua.DATETIME_UNIX_EPOCH + 1), 100)
        self.assertEqual(ua.datetime_to_unix_us(ua.DATETIME_UNIX_EPOCH + 10), 1)
        self.assertEqual(ua.datetime_to_unix_ns(0), -2 ** 63)
        dt = datetime.datetime(2024, 1, 2, 3, 4, 5, 6, tzinfo=datetime.timezone.utc)
        self.assertEqual(ua.to_datetime(ua.from_datetime(dt)), dt)
        self.assertEqual(ua.from_datetime(dt.replace(tzinfo=None)), ua.from_datetime(dt))

    def test_status_name(self):
        self.assertEqual(ua.status_name(0), "Good")
        self.assertEqual(ua.status_name(0x80070000), "BadDecodingError")
        self.assertIsNone(ua.status_name(0x7FFF0000))
        with self.assertRaises(liion.LiionValueError):
            ua.status_name(-1)

    def test_variant_of_and_repr(self):
        self.assertEqual(V.of(True).type, T.BOOLEAN)
        self.assertEqual(V.of(3).type, T.INT64)
        self.assertEqual(V.of(None), V(T.NULL))
        self.assertEqual(V.of(uuid.UUID(int=1)).type, T.GUID)
        self.assertIn("UaType.INT32", repr(V(T.INT32, 1)))
        self.assertEqual(ua.NodeId(1, "x").id_type, liion.UaIdType.STRING)
        self.assertEqual(len({V(T.INT32, 1), V(T.INT32, 1)}), 1)
        self.assertIn("ns=1", repr(ua.NodeId(1, 2)))


if __name__ == "__main__":
    unittest.main()
