"""Shared machinery: enum mirrors against the headers and the library, buffer helpers,
the encode-into-buffer helper, handles (with / close / finalizer / use after close)."""

import array
import ctypes
import gc
import os
import sys
import threading
import unittest

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, _HERE)
try:
    import liion
except ModuleNotFoundError:  # run from a checkout without PYTHONPATH
    sys.path.insert(0, os.path.dirname(_HERE))
    import liion

import _headers  # noqa: E402
from liion import _enums, _util, secs  # noqa: E402

try:
    import numpy
except ImportError:
    numpy = None



@unittest.skipUnless(os.path.isdir(_headers.INCLUDE_DIR), "needs the checkout's headers")
class EnumMirrorTest(unittest.TestCase):
    def setUp(self):
        self.c = _headers.c_enums()

    def test_each_mirror_equals_the_header(self):
        for cls, (cname, prefix) in _enums.C_ENUMS.items():
            with self.subTest(enum=cname):
                self.assertIn(cname, self.c)
                want = {}
                for k, v in self.c[cname].items():
                    if prefix is None:  # liion_status: LIION_OK and LIION_E_*
                        k = k[len("LIION_E_"):] if k.startswith("LIION_E_") else k[6:]
                    else:
                        self.assertTrue(k.startswith(prefix), k)
                        k = k[len(prefix):]
                    want[k] = v
                got = {m.name: m.value for m in cls}
                self.assertEqual(got, want)

    def test_every_enum_of_the_headers_is_mirrored(self):
        mirrored = {c for c, _ in _enums.C_ENUMS.values()}
        missing = sorted(set(self.c) - mirrored)
        self.assertEqual(missing, [], "C enums not in liion._enums: run "
                         "python3 bindings/python/tests/_headers.py to regenerate it")

    def test_exported_in_package(self):
        for cls in _enums.C_ENUMS:
            self.assertIs(getattr(liion, cls.__name__), cls)


class EnumAgainstLibraryTest(unittest.TestCase):
    """The same tables checked through the loaded library's own *_name / *_str functions."""

    def test_secs_format_names(self):
        for f in liion.SecsFormat:
            if f is liion.SecsFormat.NONE:
                continue
            self.assertEqual(secs.format_name(f), f.name)
        self.assertEqual(secs.format_name(liion.SecsFormat.NONE), "?")

    def test_status_str_distinct(self):
        texts = {liion.status_str(s) for s in liion.Status}
        self.assertEqual(len(texts), len(liion.Status))
        self.assertEqual(liion.status_str(999), liion.status_str(998))  # unknown text


class BufferTest(unittest.TestCase):
    def test_in_bytes_kinds(self):
        for data in (b"abc", bytearray(b"abc"), memoryview(b"abc"), array.array("B", b"abc"),
                     "abc", memoryview(bytearray(b"xabc"))[1:]):
            p, n = _util.in_bytes(data, ctypes.POINTER(ctypes.c_uint8))
            self.assertEqual(n, 3)
            self.assertEqual(bytes(p[:3]), b"abc")
        self.assertEqual(_util.in_bytes(None), (None, 0))
        with self.assertRaises(TypeError):
            _util.in_bytes(12)
        with self.assertRaises(ValueError):
            _util.in_bytes(memoryview(b"abcd")[::2])

    def test_in_array_zero_copy_for_matching_buffer(self):
        a = array.array("d", [1.0, 2.0, 3.0])
        p, n, keep = _util.in_array(a, ("f", 8))
        self.assertEqual(n, 3)
        p[1] = 5.0  # same memory: no copy was made
        self.assertEqual(a[1], 5.0)

    def test_in_array_converts_other_inputs(self):
        for src in ([1, 2, 3], range(1, 4), array.array("i", [1, 2, 3]), (1.0, 2.0, 3.0)):
            p, n, keep = _util.in_array(src, ("f", 8))
            self.assertEqual([p[i] for i in range(n)], [1.0, 2.0, 3.0])
        with self.assertRaises(OverflowError):
            _util.in_array([300], ("u", 1))
        with self.assertRaises(TypeError):
            _util.in_array([1.5], ("i", 4))
        with self.assertRaises(TypeError):
            _util.in_array("abc", ("f", 8))
        with self.assertRaises(ValueError):
            _util.in_array(memoryview(bytes(16)).cast("d", (2, 1)), ("f", 8))

    @unittest.skipIf(numpy is None, "numpy is not installed")
    def test_numpy(self):
        a = numpy.arange(4, dtype=numpy.float64)
        p, n, keep = _util.in_array(a, ("f", 8))
        p[0] = 9.0
        self.assertEqual(a[0], 9.0)
        self.assertEqual(secs.F8(a).value, [9.0, 1.0, 2.0, 3.0])

    def test_out_array(self):
        arr, p = _util.out_array(("u", 2), 3)
        p[2] = 7
        self.assertEqual(arr.tolist(), [0, 0, 7])
        arr, p = _util.out_array(("u", 2), 0)
        self.assertIsNone(p)

    def test_encode_into_retries_and_sizes(self):
        calls = []

        def call(buf, cap, written):
            calls.append(cap)
            written._obj.value = 10
            if cap < 10:
                return liion.Status.BUFFER_TOO_SMALL
            ctypes.memmove(buf, b"0123456789", 10)
            return 0

        self.assertEqual(_util.encode_into(call, first=4), b"0123456789")
        self.assertEqual(calls, [4, 10])
        calls.clear()
        self.assertEqual(_util.encode_into(call, size=10), b"0123456789")
        self.assertEqual(calls, [10])

    def test_encode_into_raises_status(self):
        with self.assertRaises(liion.LiionValueError) as cm:
            _util.encode_into(lambda b, c, w: liion.Status.INVALID_ARG)
        self.assertEqual(cm.exception.status, liion.Status.INVALID_ARG)

    def test_int_ranges(self):
        self.assertEqual(_util.u16("x", 65535), 65535)
        for bad in (-1, 65536):
            with self.assertRaises(liion.LiionValueError) as cm:
                _util.u16("x", bad)
            self.assertIn("x must be in [0, 65535]", cm.exception.message)
        with self.assertRaises(TypeError):
            _util.u32("x", 1.5)
        with self.assertRaises(liion.LiionValueError):
            _util.cstr("a\0b")
        self.assertEqual(_util.cstr("é"), "é".encode())


class HandleTest(unittest.TestCase):
    """Lifecycle rules shared by every wrapper, shown on secs.BodyDecoder."""

    def test_with_close_and_use_after_close(self):
        with liion.Context() as ctx:
            with secs.BodyDecoder(ctx) as dec:
                self.assertFalse(dec.closed)
                self.assertEqual(dec.decode(secs.U1(5).encode()), secs.U1(5))
            self.assertTrue(dec.closed)
            dec.close()  # harmless
            with self.assertRaises(ValueError):
                dec.decode(b"")
            self.assertIn("closed", repr(dec))

    def test_closing_context_closes_children(self):
        ctx = liion.Context()
        dec = secs.BodyDecoder(ctx)
        ctx.close()
        self.assertTrue(dec.closed)
        with self.assertRaises(ValueError):
            dec.decode(b"")
        with self.assertRaises(ValueError):
            secs.BodyDecoder(ctx)

    def test_finalizer_frees(self):
        ctx = liion.Context()
        base = ctx.memory_used
        dec = secs.BodyDecoder(ctx)
        dec.decode(secs.L(*range(100)).encode(ctx))
        self.assertGreater(ctx.memory_used, base)
        del dec
        gc.collect()
        self.assertEqual(ctx.memory_used, base)
        ctx.close()

    def test_child_shares_context_lock(self):
        with liion.Context() as ctx:
            dec = secs.BodyDecoder(ctx)
            self.assertIs(dec._lock, ctx._lock)

    def test_threads(self):
        with liion.Context() as ctx:
            dec = secs.BodyDecoder(ctx)
            body = secs.L(secs.U4(*range(50)), secs.A("x" * 100)).encode(ctx)
            errors = []

            def work():
                try:
                    for _ in range(200):
                        assert dec.decode(body)[1].value == "x" * 100
                except Exception as e:  # pragma: no cover
                    errors.append(e)
            ts = [threading.Thread(target=work) for _ in range(4)]
            for t in ts:
                t.start()
            for t in ts:
                t.join()
            self.assertEqual(errors, [])

    def test_default_context(self):
        c = liion.default_context()
        self.assertIs(c, liion.default_context())
        self.assertIsInstance(c, liion.Context)


if __name__ == "__main__":
    unittest.main()
