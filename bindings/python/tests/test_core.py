"""Tests of the core binding: loading, version, enums, errors, structs, Context, threads.

Run against a freshly built library:

    LIION_LIBRARY=build/libliion.so.0.1 PYTHONPATH=bindings/python \
        python3 -m unittest discover -s bindings/python/tests -v

Standard library unittest only.
"""

import base64
import csv
import ctypes
import gc
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import unittest
import weakref
import zipfile

_HERE = os.path.dirname(os.path.abspath(__file__))
_PKG_ROOT = os.path.dirname(_HERE)  # bindings/python

try:
    import liion
except ModuleNotFoundError:  # run from a checkout without PYTHONPATH
    sys.path.insert(0, _PKG_ROOT)
    import liion

from liion import _ffi
from liion import errors as _errors
from liion import Context, Limit, LogLevel, Status

# The source tree layout, when the tests run from a checkout (not from an sdist).
_INCLUDE = os.path.normpath(os.path.join(_PKG_ROOT, "..", "..", "include", "liion"))
_BACKEND = os.path.join(_PKG_ROOT, "_build", "liion_build.py")


def _subprocess_env(**changes):
    env = dict(os.environ)
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def _pkg_parent():
    return os.path.dirname(os.path.dirname(os.path.abspath(liion.__file__)))


# ---- loading and version -------------------------------------------------------------------

class TestVersion(unittest.TestCase):
    def test_runtime_string_matches_number(self):
        n = liion.version_number()
        self.assertIsInstance(n, int)
        self.assertEqual(liion.library_version(),
                         "%d.%d.%d" % (n // 10000, n // 100 % 100, n % 100))

    def test_major_is_the_supported_one(self):
        self.assertEqual(liion.version_number() // 10000, _ffi.ABI_MAJOR)
        self.assertEqual(_ffi.ABI_MAJOR, 0)

    def test_package_version(self):
        self.assertEqual(liion.__version__, "0.1.0")
        pyproject = os.path.join(_PKG_ROOT, "pyproject.toml")
        if os.path.exists(pyproject):
            with open(pyproject, encoding="utf-8") as f:
                m = re.search(r'^version\s*=\s*"([^"]+)"', f.read(), re.M)
            self.assertEqual(m.group(1), liion.__version__)

    def test_check_version_refuses_other_majors_and_0x_minors(self):
        for ok in (100, 101, 199):              # 0.1.0, 0.1.1, 0.1.99
            _ffi.check_version(ok)
        for bad in (0, 99, 200, 10000, 10100, 20304):   # 0.0.x, 0.2.0, 1.x, 2.x
            with self.assertRaises(ImportError) as cm:
                _ffi.check_version(bad, "/x/libliion.so")
            msg = str(cm.exception)
            self.assertIn("%d.%d.%d" % (bad // 10000, bad // 100 % 100, bad % 100), msg)
            self.assertIn("/x/libliion.so", msg)
            self.assertIn("0.1.x", msg)

    def test_public_names_exist(self):
        for name in liion.__all__:
            self.assertTrue(hasattr(liion, name), name)


class TestLoading(unittest.TestCase):
    def _import_in_subprocess(self, env, path=None, code="import liion; print(liion.library_path)"):
        return subprocess.run(
            [sys.executable, "-c", code], env=env, cwd=tempfile.gettempdir(),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
            timeout=60)

    def test_bad_env_path_is_a_clear_import_error(self):
        env = _subprocess_env(LIION_LIBRARY="/nonexistent/libliion.so.0",
                              PYTHONPATH=_pkg_parent())
        r = self._import_in_subprocess(env)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("ImportError", r.stderr)
        self.assertIn("LIION_LIBRARY", r.stderr)
        self.assertIn("/nonexistent/libliion.so.0", r.stderr)

    def test_no_library_anywhere_lists_where_it_looked(self):
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copytree(os.path.dirname(liion.__file__), os.path.join(tmp, "liion"),
                            ignore=shutil.ignore_patterns("__pycache__", "libliion*"))
            env = _subprocess_env(LIION_LIBRARY=None, PYTHONPATH=tmp)
            r = self._import_in_subprocess(env)
        if r.returncode == 0:
            self.skipTest("a libliion is installed on the system library path: %s"
                          % r.stdout.strip())
        self.assertIn("LIION_LIBRARY", r.stderr)
        self.assertIn("package directory", r.stderr)
        self.assertIn("find_library", r.stderr)

    def test_library_in_package_directory_is_found(self):
        with tempfile.TemporaryDirectory() as tmp:
            pkg = os.path.join(tmp, "liion")
            shutil.copytree(os.path.dirname(liion.__file__), pkg,
                            ignore=shutil.ignore_patterns("__pycache__", "libliion*"))
            shutil.copy(_ffi.library_path, os.path.join(pkg, "libliion.so.0"))
            env = _subprocess_env(LIION_LIBRARY=None, PYTHONPATH=tmp)
            r = self._import_in_subprocess(env)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(os.path.realpath(r.stdout.strip()),
                             os.path.realpath(os.path.join(pkg, "libliion.so.0")))

    def test_every_prototype_is_bound(self):
        for name, restype, argtypes in _ffi._PROTOTYPES:
            fn = getattr(_ffi.lib, name)
            self.assertEqual(fn.restype, restype, name)
            self.assertEqual(list(fn.argtypes), list(argtypes), name)

    def test_prototype_table_covers_every_public_function(self):
        if not os.path.isdir(_INCLUDE):
            self.skipTest("public headers not found at %s" % _INCLUDE)
        declared = set()
        for name in os.listdir(_INCLUDE):
            if name.endswith((".h", ".h.in")):
                with open(os.path.join(_INCLUDE, name), encoding="utf-8") as f:
                    text = f.read()
                text = re.sub(r"/\*.*?\*/|//[^\n]*", " ", text, flags=re.S)  # comments
                text = re.sub(r"^\s*#.*$", " ", text, flags=re.M)  # preprocessor lines
                declared.update(re.findall(r"LIION_API\s+[^;{]*?\b(liion_\w+)\s*\(", text))
        self.assertTrue(declared)
        table = {name for name, _, _ in _ffi._PROTOTYPES}
        self.assertEqual(declared - table, set(), "declared in headers, missing in _ffi")
        self.assertEqual(table - declared, set(), "in _ffi, not in the headers")

    def test_typed_handles_reject_wrong_types(self):
        with self.assertRaises(ctypes.ArgumentError):
            _ffi.lib.liion_ctx_free(ctypes.c_void_p(1234))
        with self.assertRaises(ctypes.ArgumentError):
            _ffi.lib.liion_ctx_memory_used(ctypes.pointer(ctypes.c_int(1)))
        # NULL is accepted and handled by the library.
        self.assertEqual(_ffi.lib.liion_ctx_memory_used(None), 0)
        _ffi.lib.liion_ctx_free(None)


# ---- enum mirrors ----------------------------------------------------------------------------

class TestEnums(unittest.TestCase):
    def test_every_status_is_known_to_c(self):
        for s in Status:
            text = liion.status_str(s)
            self.assertNotEqual(text, "unknown status", s)
            self.assertTrue(text)
        self.assertEqual(liion.status_str(Status.OK), "no error")

    def test_unknown_status_text(self):
        for v in (-1, 999, 0x7FFFFFFF):
            self.assertEqual(liion.status_str(v), "unknown status")

    def test_no_c_status_is_missing_from_the_mirror(self):
        # Codes 0-99 are the stable range: each is known to C exactly when it is in Status.
        known = {int(s) for s in Status}
        for v in range(100):
            self.assertEqual(liion.status_str(v) != "unknown status", v in known, v)

    def test_limit_mirror(self):
        with Context() as ctx:
            for lim in Limit:
                ctx.set_limit(lim, 12345)
                self.assertEqual(ctx.get_limit(lim), 12345, lim)
            for v in range(-2, 40):
                if v in {int(x) for x in Limit}:
                    continue
                with self.assertRaises(liion.LiionValueError, msg=v):
                    ctx.set_limit(v, 1)
                self.assertEqual(ctx.get_limit(v), 0, v)

    def test_log_level_mirror(self):
        with Context() as ctx:
            for lvl in LogLevel:
                ctx.set_log(lambda level, msg: None, lvl)
                ctx.set_log(None, lvl)
            for v in (0, 5, 99, -1):
                with self.assertRaises(liion.LiionValueError, msg=v):
                    ctx.set_log(None, v)


# ---- errors ------------------------------------------------------------------------------------

class TestErrors(unittest.TestCase):
    def test_family_mapping(self):
        expect = {
            Status.INVALID_ARG: liion.LiionValueError,
            Status.RANGE: liion.LiionValueError,
            Status.NOMEM: liion.LiionMemoryError,
            Status.DECODE: liion.LiionDecodeError,
            Status.TRUNCATED: liion.LiionDecodeError,
            Status.LIMIT: liion.LiionDecodeError,
            Status.STATE: liion.LiionStateError,
            Status.NOT_FOUND: liion.LiionNotFoundError,
            Status.EXISTS: liion.LiionExistsError,
            Status.IO: liion.LiionIOError,
            Status.CORRUPT: liion.LiionCorruptError,
            Status.UNSUPPORTED: liion.LiionUnsupportedError,
            Status.MISUSE: liion.LiionMisuseError,
            Status.BUFFER_TOO_SMALL: liion.LiionError,
        }
        for s in Status:
            if s == Status.OK:
                continue
            self.assertIs(liion.error_class(s), expect[s], s)
            with self.assertRaises(liion.LiionError) as cm:
                _errors._check(int(s), None)
            e = cm.exception
            self.assertIs(type(e), expect[s])
            self.assertIs(e.status, s)
            self.assertEqual(e.message, liion.status_str(s))
            self.assertIsNone(e.offset)
            self.assertIn(s.name, str(e))

    def test_builtin_bases(self):
        self.assertTrue(issubclass(liion.LiionMemoryError, MemoryError))
        self.assertTrue(issubclass(liion.LiionMemoryError, liion.LiionError))
        self.assertTrue(issubclass(liion.LiionValueError, ValueError))
        self.assertTrue(issubclass(liion.LiionValueError, liion.LiionError))
        self.assertTrue(issubclass(liion.LiionError, Exception))

    def test_ok_does_not_raise(self):
        self.assertIsNone(_errors._check(0, None))

    def test_unknown_status(self):
        with self.assertRaises(liion.LiionError) as cm:
            _errors._check(4242, None)
        self.assertIs(type(cm.exception), liion.LiionError)
        self.assertEqual(cm.exception.status, 4242)
        self.assertEqual(cm.exception.message, "unknown status")

    def test_pickle_round_trip(self):
        import pickle
        e = liion.LiionValueError(Status.INVALID_ARG, "unknown limit 99")
        e2 = pickle.loads(pickle.dumps(e))
        self.assertIs(type(e2), liion.LiionValueError)
        self.assertEqual((e2.status, e2.message), (Status.INVALID_ARG, "unknown limit 99"))


# ---- struct mirrors ----------------------------------------------------------------------------

class TestStructs(unittest.TestCase):
    @unittest.skipUnless(ctypes.sizeof(ctypes.c_void_p) == 8, "64-bit layout")
    def test_sizes_on_64_bit(self):
        # uint32, uint32, ptr, u64 x4, ptr, ptr, uint32, uint32
        self.assertEqual(ctypes.sizeof(_ffi.CtxOptions), 72)
        # uint32, uint32, ptr x4
        self.assertEqual(ctypes.sizeof(_ffi.Allocator), 40)

    def _probe(self, size, poke_at):
        """liion_ctx_new on a `size`-byte options buffer with one nonzero byte at `poke_at`."""
        buf = (ctypes.c_ubyte * size)()
        ctypes.memmove(buf, ctypes.byref(ctypes.c_uint32(size)), 4)
        buf[poke_at] = 1
        h = _ffi.CtxP()
        st = _ffi.lib.liion_ctx_new(ctypes.byref(h),
                                    ctypes.cast(buf, ctypes.POINTER(_ffi.CtxOptions)))
        _ffi.lib.liion_ctx_free(h)
        return st

    def test_c_reads_exactly_sizeof_options(self):
        # The library accepts a longer struct only if the tail it does not know is zero, so a
        # nonzero byte just past sizeof(CtxOptions) must be refused as UNSUPPORTED, while the
        # last byte inside it (the reserved field) is read and refused as INVALID_ARG.
        n = ctypes.sizeof(_ffi.CtxOptions)
        self.assertEqual(self._probe(n + 1, n), Status.UNSUPPORTED)
        self.assertEqual(self._probe(n, n - 1), Status.INVALID_ARG)
        self.assertEqual(_ffi.CtxOptions.reserved.offset + 4, n)

    def test_options_init(self):
        o = _ffi.CtxOptions()
        o.max_depth = 5
        self.assertEqual(_ffi.lib.liion_ctx_options_init(ctypes.byref(o), ctypes.sizeof(o)), 0)
        self.assertEqual(o.struct_size, ctypes.sizeof(_ffi.CtxOptions))
        self.assertEqual(o.max_depth, 0)
        self.assertEqual(_ffi.lib.liion_ctx_options_init(None, 72), Status.INVALID_ARG)

    def test_field_order_through_the_library(self):
        with Context(max_memory=1 << 40, max_depth=7, max_items=8, max_message_bytes=9) as c:
            self.assertEqual((c.max_memory, c.max_depth, c.max_items, c.max_message_bytes),
                             (1 << 40, 7, 8, 9))

    def test_allocator_mirror(self):
        try:
            libc = ctypes.CDLL(None)
            malloc, free, realloc = libc.malloc, libc.free, libc.realloc
        except (OSError, AttributeError):
            self.skipTest("no C library symbols in this process")
        malloc.restype = ctypes.c_void_p
        malloc.argtypes = [ctypes.c_size_t]
        realloc.restype = ctypes.c_void_p
        realloc.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
        free.restype = None
        free.argtypes = [ctypes.c_void_p]
        calls = []
        live = {}

        def a(user, size):
            p = malloc(size)
            calls.append(("alloc", user, size))
            live[p] = size
            return p

        def r(user, ptr, old, new):
            calls.append(("realloc", user, old, new))
            return realloc(ptr, new)

        def f(user, ptr, size):
            calls.append(("free", user, size))
            self.assertEqual(live.pop(ptr), size)
            free(ptr)

        hooks = _ffi.Allocator(ctypes.sizeof(_ffi.Allocator), 0, _ffi.AllocFn(a),
                               _ffi.ReallocFn(r), _ffi.FreeFn(f), 0xABC)
        opts = _ffi.CtxOptions()
        _ffi.lib.liion_ctx_options_init(ctypes.byref(opts), ctypes.sizeof(opts))
        opts.allocator = ctypes.pointer(hooks)
        opts.max_depth = 3
        h = _ffi.CtxP()
        self.assertEqual(_ffi.lib.liion_ctx_new(ctypes.byref(h), ctypes.byref(opts)), 0)
        try:
            self.assertEqual(len(calls), 1)
            kind, user, size = calls[0]
            self.assertEqual((kind, user), ("alloc", 0xABC))
            self.assertEqual(_ffi.lib.liion_ctx_memory_used(h), size)
            self.assertEqual(_ffi.lib.liion_ctx_get_limit(h, Limit.MAX_DEPTH), 3)
        finally:
            _ffi.lib.liion_ctx_free(h)
        self.assertEqual(calls[-1], ("free", 0xABC, size))
        self.assertEqual(live, {})

        # A partial allocator is refused.
        partial = _ffi.Allocator(ctypes.sizeof(_ffi.Allocator), 0, _ffi.AllocFn(a))
        opts.allocator = ctypes.pointer(partial)
        h2 = _ffi.CtxP()
        self.assertEqual(_ffi.lib.liion_ctx_new(ctypes.byref(h2), ctypes.byref(opts)),
                         Status.INVALID_ARG)
        self.assertFalse(h2)


# ---- Context -----------------------------------------------------------------------------------

class TestContext(unittest.TestCase):
    def test_defaults(self):
        with Context() as ctx:
            self.assertEqual(ctx.get_limit(Limit.MAX_DEPTH), 100)
            self.assertEqual(ctx.get_limit(Limit.MAX_ITEMS), 1000000)
            self.assertEqual(ctx.get_limit(Limit.MAX_MESSAGE_BYTES), 32 * 1024 * 1024)
            self.assertEqual(ctx.get_limit(Limit.MAX_MEMORY), 0)
            self.assertEqual(ctx.max_depth, liion.DEFAULT_MAX_DEPTH)
            self.assertEqual(ctx.max_items, liion.DEFAULT_MAX_ITEMS)
            self.assertEqual(ctx.max_message_bytes, liion.DEFAULT_MAX_MESSAGE_BYTES)
            self.assertEqual(ctx.max_memory, 0)
            self.assertGreater(ctx.memory_used, 0)
            self.assertGreaterEqual(ctx.memory_peak, ctx.memory_used)
            self.assertEqual(ctx.errmsg, "no error")
            self.assertIs(ctx.errcode, Status.OK)
            self.assertIsNone(ctx.error_offset)
            self.assertFalse(ctx.closed)

    def test_set_get_limits(self):
        with Context() as ctx:
            ctx.set_limit(Limit.MAX_DEPTH, 7)
            self.assertEqual(ctx.get_limit(Limit.MAX_DEPTH), 7)
            ctx.max_items = 11
            ctx.max_message_bytes = 1 << 33
            ctx.max_memory = 1 << 20
            self.assertEqual((ctx.max_items, ctx.max_message_bytes, ctx.max_memory),
                             (11, 1 << 33, 1 << 20))
            ctx.max_depth = 0  # zero restores the default
            self.assertEqual(ctx.max_depth, 100)
            ctx.max_memory = 0  # zero removes the cap
            self.assertEqual(ctx.max_memory, 0)
            ctx.set_limit(Limit.MAX_ITEMS, 2 ** 64 - 1)
            self.assertEqual(ctx.max_items, 2 ** 64 - 1)

    def test_limit_values_are_range_checked_in_python(self):
        with Context() as ctx:
            for bad in (-1, 2 ** 64):
                with self.assertRaises(ValueError):
                    ctx.set_limit(Limit.MAX_DEPTH, bad)
            with self.assertRaises(TypeError):
                ctx.set_limit(Limit.MAX_DEPTH, 1.5)
            with self.assertRaises(ValueError):
                ctx.get_limit(2 ** 40)
            self.assertEqual(ctx.max_depth, 100)
        with self.assertRaises(ValueError):
            Context(max_depth=-1)

    def test_invalid_limit_raw_call(self):
        with Context() as ctx:
            with ctx._lock:
                h = ctx._handle()
                st = _ffi.lib.liion_ctx_set_limit(h, 99, 1)
                self.assertEqual(st, Status.INVALID_ARG)
                with self.assertRaises(ValueError) as cm:
                    _errors._check(st, h)
            e = cm.exception
            self.assertIsInstance(e, liion.LiionValueError)
            self.assertIs(e.status, Status.INVALID_ARG)
            self.assertEqual(e.message, "unknown limit 99")

    def test_invalid_limit_through_wrapper(self):
        with Context() as ctx:
            with self.assertRaises(liion.LiionValueError) as cm:
                ctx.set_limit(99, 1)
            self.assertEqual(cm.exception.message, "unknown limit 99")
            self.assertEqual(ctx.errmsg, "unknown limit 99")
            self.assertIs(ctx.errcode, Status.INVALID_ARG)
            self.assertIsNone(ctx.error_offset)
            ctx.max_depth = 5  # a success clears the error state
            self.assertEqual(ctx.errmsg, "no error")
            self.assertIs(ctx.errcode, Status.OK)

    def test_memory_cap_too_small_for_the_context(self):
        with self.assertRaises(MemoryError) as cm:
            Context(max_memory=16)
        e = cm.exception
        self.assertIsInstance(e, liion.LiionMemoryError)
        self.assertIs(e.status, Status.NOMEM)
        self.assertEqual(e.message, liion.status_str(Status.NOMEM))

    def test_memory_cap_exactly_the_context(self):
        with Context() as probe:
            need = probe.memory_used
        with Context(max_memory=need) as ctx:
            self.assertEqual(ctx.memory_used, need)
            self.assertEqual(ctx.max_memory, need)
        with self.assertRaises(liion.LiionMemoryError):
            Context(max_memory=need - 1)

    def test_invalid_log_level_at_creation(self):
        with self.assertRaises(liion.LiionValueError) as cm:
            Context(log_level=9)
        self.assertIs(cm.exception.status, Status.INVALID_ARG)
        with self.assertRaises(ValueError):
            Context(log_level=-1)
        with self.assertRaises(TypeError):
            Context(log="not callable")

    def test_log_callback_receives_error(self):
        records = []
        with Context(log=lambda level, msg: records.append((level, msg))) as ctx:
            with self.assertRaises(liion.LiionValueError):
                ctx.set_limit(99, 1)
        self.assertEqual(records, [(LogLevel.ERROR, "unknown limit 99")])
        self.assertIs(type(records[0][0]), LogLevel)
        self.assertIs(type(records[0][1]), str)

    def test_log_callback_set_later_and_removed(self):
        records = []
        with Context() as ctx:
            ctx.set_log(lambda level, msg: records.append((level, msg)), LogLevel.DEBUG)
            with self.assertRaises(liion.LiionValueError):
                ctx.set_limit(98, 1)
            ctx.set_log(None)
            with self.assertRaises(liion.LiionValueError):
                ctx.set_limit(97, 1)
        self.assertEqual(records, [(LogLevel.ERROR, "unknown limit 98")])

    def test_log_callback_exceptions_are_swallowed(self):
        calls = []

        def bad(level, msg):
            calls.append(msg)
            raise RuntimeError("boom")

        with Context(log=bad) as ctx:
            with self.assertRaises(liion.LiionValueError) as cm:
                ctx.set_limit(99, 1)
            self.assertEqual(cm.exception.message, "unknown limit 99")
            self.assertEqual(ctx.max_depth, 100)  # still usable
        self.assertEqual(calls, ["unknown limit 99"])

    def test_log_callback_cannot_reenter_its_context(self):
        seen = []
        holder = {}

        def reenter(level, msg):
            try:
                holder["ctx"].max_depth
            except BaseException as exc:  # noqa: B902 - recording what happened
                seen.append(type(exc))
                raise

        with Context(log=reenter) as ctx:
            holder["ctx"] = ctx
            with self.assertRaises(liion.LiionValueError):
                ctx.set_limit(99, 1)  # must neither deadlock nor crash
            self.assertEqual(seen, [RuntimeError])
        holder.clear()

    def test_log_callback_kept_alive_by_the_wrapper(self):
        records = []

        def make():
            return lambda level, msg: records.append(msg)

        ctx = Context(log=make())
        for _ in range(3):
            gc.collect()
        with self.assertRaises(liion.LiionValueError):
            ctx.set_limit(99, 1)
        ctx.set_log(make(), LogLevel.ERROR)
        gc.collect()
        with self.assertRaises(liion.LiionValueError):
            ctx.set_limit(96, 1)
        ctx.close()
        self.assertEqual(records, ["unknown limit 99", "unknown limit 96"])

    def test_close_is_idempotent_and_use_after_close_raises(self):
        ctx = Context()
        fin = ctx._finalizer
        ctx.close()
        self.assertTrue(ctx.closed)
        self.assertFalse(fin.alive)
        ctx.close()
        ctx.close()
        uses = [
            lambda: ctx.get_limit(Limit.MAX_DEPTH),
            lambda: ctx.set_limit(Limit.MAX_DEPTH, 3),
            lambda: ctx.max_depth,
            lambda: ctx.max_memory,
            lambda: ctx.memory_used,
            lambda: ctx.memory_peak,
            lambda: ctx.errmsg,
            lambda: ctx.errcode,
            lambda: ctx.error_offset,
            lambda: ctx.set_log(None),
            lambda: ctx.__enter__(),
        ]
        for use in uses:
            with self.assertRaises(ValueError):
                use()
        self.assertIn("closed", repr(ctx))

    def test_with_statement(self):
        with Context() as ctx:
            self.assertIsInstance(ctx, Context)
            self.assertIn("open", repr(ctx))
        self.assertTrue(ctx.closed)
        with self.assertRaises(KeyError):
            with Context() as ctx2:
                raise KeyError("x")
        self.assertTrue(ctx2.closed)

    def test_finalizer_frees_unclosed_context(self):
        ctx = Context(log=lambda level, msg: None)
        fin = ctx._finalizer
        ref = weakref.ref(ctx)
        self.assertTrue(fin.alive)
        del ctx
        gc.collect()
        self.assertIsNone(ref())
        self.assertFalse(fin.alive)

    def test_finalizer_frees_context_in_a_cycle(self):
        ctx = Context(log=lambda level, msg: None)
        ctx.me = ctx
        fin = ctx._finalizer
        ref = weakref.ref(ctx)
        del ctx
        gc.collect()
        self.assertIsNone(ref())
        self.assertFalse(fin.alive)

    def test_many_contexts_collected(self):
        for i in range(2000):
            Context(max_depth=i + 1).max_depth
        gc.collect()


# ---- threads -----------------------------------------------------------------------------------

class TestThreads(unittest.TestCase):
    def _run(self, threads):
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
            self.assertFalse(t.is_alive())

    def test_shared_context(self):
        errors = []
        records = []
        ctx = Context(log=lambda level, msg: records.append(msg))
        limits = list(Limit)
        start = threading.Barrier(len(limits))

        def work(lim):
            try:
                start.wait()
                for i in range(1, 1001):
                    ctx.set_limit(lim, i)
                    got = ctx.get_limit(lim)
                    if got != i:
                        errors.append("%s: set %d, got %d" % (lim.name, i, got))
                    if i % 50 == 0:
                        try:
                            ctx.set_limit(90 + int(lim), 1)
                        except liion.LiionValueError as e:
                            if e.message != "unknown limit %d" % (90 + int(lim)):
                                errors.append("wrong message %r" % e.message)
                        else:
                            errors.append("no error for an unknown limit")
            except BaseException as exc:  # noqa: B902
                errors.append(repr(exc))

        self._run([threading.Thread(target=work, args=(lim,)) for lim in limits])
        ctx.close()
        self.assertEqual(errors, [])
        self.assertEqual(len(records), 4 * 20)

    def test_contexts_in_parallel(self):
        errors = []
        n = 8
        start = threading.Barrier(n)

        def work(k):
            try:
                got_logs = []
                with Context(max_depth=k + 1, log=lambda lv, m: got_logs.append(m)) as ctx:
                    start.wait()
                    for i in range(1, 501):
                        ctx.max_items = i * (k + 1)
                        if ctx.max_items != i * (k + 1) or ctx.max_depth != k + 1:
                            errors.append("thread %d: wrong value" % k)
                        if i % 100 == 0:
                            with self.assertRaises(liion.LiionValueError):
                                ctx.set_limit(50 + k, 0)
                            if ctx.errmsg != "unknown limit %d" % (50 + k):
                                errors.append("thread %d: %r" % (k, ctx.errmsg))
                if got_logs != ["unknown limit %d" % (50 + k)] * 5:
                    errors.append("thread %d logs: %r" % (k, got_logs))
            except BaseException as exc:  # noqa: B902
                errors.append(repr(exc))

        self._run([threading.Thread(target=work, args=(k,)) for k in range(n)])
        self.assertEqual(errors, [])

    def test_close_while_in_use(self):
        ctx = Context()
        errors = []
        start = threading.Barrier(5)

        def use():
            start.wait()
            for _ in range(2000):
                try:
                    ctx.max_depth = 3
                    ctx.memory_used
                except ValueError:
                    return  # closed under us: the only acceptable failure
                except BaseException as exc:  # noqa: B902
                    errors.append(repr(exc))
                    return

        def closer():
            start.wait()
            ctx.close()

        self._run([threading.Thread(target=use) for _ in range(4)]
                  + [threading.Thread(target=closer)])
        self.assertTrue(ctx.closed)
        self.assertEqual(errors, [])


# ---- build backend -----------------------------------------------------------------------------

@unittest.skipUnless(os.path.exists(_BACKEND), "in-tree build backend not present")
class TestBuildBackend(unittest.TestCase):
    def _hook(self, code, out):
        script = ("import sys; sys.path.insert(0, '_build'); import liion_build as b; "
                  "print(%s)" % code)
        r = subprocess.run([sys.executable, "-c", script], cwd=_PKG_ROOT,
                           env=_subprocess_env(PYTHONDONTWRITEBYTECODE="1"),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           universal_newlines=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        return os.path.join(out, r.stdout.strip())

    def test_wheel(self):
        with tempfile.TemporaryDirectory() as out:
            self.assertEqual(self._hook("b.get_requires_for_build_wheel()", ""), "[]")
            path = self._hook("b.build_wheel(%r)" % out, out)
            self.assertEqual(os.path.basename(path),
                             "liion-%s-py3-none-any.whl" % liion.__version__)
            with zipfile.ZipFile(path) as zf:
                names = zf.namelist()
                di = "liion-%s.dist-info/" % liion.__version__
                self.assertIn("liion/__init__.py", names)
                self.assertIn("liion/_ffi.py", names)
                self.assertFalse([n for n in names if "__pycache__" in n or n.endswith(".so")])
                wheel = zf.read(di + "WHEEL").decode()
                self.assertIn("Root-Is-Purelib: true", wheel)
                self.assertIn("Tag: py3-none-any", wheel)
                meta = zf.read(di + "METADATA").decode()
                self.assertIn("Name: liion\n", meta)
                self.assertIn("Version: %s\n" % liion.__version__, meta)
                rows = list(csv.reader(io.StringIO(zf.read(di + "RECORD").decode())))
                recorded = {row[0] for row in rows}
                self.assertEqual(recorded, set(names))
                for name, digest, size in rows:
                    if name == di + "RECORD":
                        self.assertEqual((digest, size), ("", ""))
                        continue
                    data = zf.read(name)
                    want = base64.urlsafe_b64encode(
                        hashlib.sha256(data).digest()).rstrip(b"=").decode()
                    self.assertEqual(digest, "sha256=" + want, name)
                    self.assertEqual(int(size), len(data), name)

    def test_sdist(self):
        import tarfile
        with tempfile.TemporaryDirectory() as out:
            path = self._hook("b.build_sdist(%r)" % out, out)
            base = "liion-%s" % liion.__version__
            self.assertEqual(os.path.basename(path), base + ".tar.gz")
            with tarfile.open(path) as tf:
                names = set(tf.getnames())
            for want in ("pyproject.toml", "PKG-INFO", "README.md", "_build/liion_build.py",
                         "liion/__init__.py", "tests/test_core.py"):
                self.assertIn("%s/%s" % (base, want), names)


if __name__ == "__main__":
    unittest.main()
