"""``liion.Context``: the wrapper around ``liion_ctx*`` (liion/ctx.h)."""

import operator
from ctypes import byref, sizeof

from . import _ffi
from ._enums import Limit, LogLevel, Status
from ._handle import _Handle
from .errors import LiionValueError, _check

__all__ = ["Context"]

_U32_MAX = 0xFFFFFFFF
_U64_MAX = 0xFFFFFFFFFFFFFFFF
_I32_MIN, _I32_MAX = -0x80000000, 0x7FFFFFFF


def _int_in(name, value, lo, hi):
    """``value`` as an int in [lo, hi]; ctypes would silently wrap anything outside."""
    value = operator.index(value)  # TypeError for floats, strings, None
    if not lo <= value <= hi:
        raise LiionValueError(Status.RANGE, "%s must be in [%d, %d], got %d"
                              % (name, lo, hi, value))
    return value


def _u64(name, value):
    return 0 if value is None else _int_in(name, value, 0, _U64_MAX)


class _LogSlot:
    """Holds the CFUNCTYPE object the C context points to, for the handle's lifetime."""

    __slots__ = ("cfn",)

    def __init__(self):
        self.cfn = None


def _log_trampoline(fn):
    """Wrap ``fn(level, message)`` as a ``liion_log_fn``; nothing it raises reaches C."""

    def trampoline(user, level, msg):
        try:
            try:
                level = LogLevel(level)
            except ValueError:
                pass
            fn(level, _ffi.text(msg))
        except BaseException:  # an exception must never unwind through C frames
            pass

    return _ffi.LogFn(trampoline)


class Context(_Handle):
    """A libliion context: allocator, memory cap, decode limits, log callback, error state.

    Every other libliion object is created from a context. All arguments are optional:

    * ``max_memory``: bytes the context may hold at once; None or 0 means no cap.
    * ``max_depth``, ``max_items``, ``max_message_bytes``: decode limits; None or 0 means the
      library default (``DEFAULT_MAX_DEPTH`` = 100, ``DEFAULT_MAX_ITEMS`` = 1000000,
      ``DEFAULT_MAX_MESSAGE_BYTES`` = 32 MiB).
    * ``log``: a callable ``log(level: LogLevel, message: str)`` receiving the library's log
      records at ``log_level`` or more severe. It runs on the calling thread while the
      context's lock is held: it must not use this context (such calls raise RuntimeError),
      and anything it raises is swallowed.
    * ``log_level``: least severe level delivered (default ``LogLevel.WARNING``).

    Use it as a context manager, or call :meth:`close`. A failed call raises a
    :class:`~liion.LiionError` subclass carrying the library's message. One lock per context
    serialises C calls, so a context may be shared between threads.
    """

    def __init__(self, max_memory=None, max_depth=None, max_items=None,
                 max_message_bytes=None, log=None, log_level=LogLevel.WARNING):
        super().__init__()
        if log is not None and not callable(log):
            raise TypeError("log must be callable or None, not %s" % type(log).__name__)
        lib = _ffi.lib
        opts = _ffi.CtxOptions()
        _check(lib.liion_ctx_options_init(byref(opts), sizeof(opts)))
        opts.max_memory = _u64("max_memory", max_memory)
        opts.max_depth = _u64("max_depth", max_depth)
        opts.max_items = _u64("max_items", max_items)
        opts.max_message_bytes = _u64("max_message_bytes", max_message_bytes)
        opts.log_level = _int_in("log_level", log_level, 0, _U32_MAX)
        slot = _LogSlot()
        if log is not None:
            slot.cfn = _log_trampoline(log)
            opts.log = slot.cfn
        handle = _ffi.CtxP()
        _check(lib.liion_ctx_new(byref(handle), byref(opts)))  # no handle yet: fixed text
        self._log_slot = slot
        self._adopt(handle, lib.liion_ctx_free, slot)

    # ---- limits --------------------------------------------------------------------------

    def get_limit(self, limit):
        """Current value of ``limit`` (a :class:`Limit`); 0 for a value the library lacks."""
        limit = _int_in("limit", limit, _I32_MIN, _I32_MAX)
        with self._lock:
            return _ffi.lib.liion_ctx_get_limit(self._handle(), limit)

    def set_limit(self, limit, value):
        """Set ``limit`` (a :class:`Limit`) to ``value``.

        For the depth, items and message-bytes limits 0 restores the default; for
        ``MAX_MEMORY`` 0 removes the cap. An unknown limit raises LiionValueError.
        """
        limit = _int_in("limit", limit, _I32_MIN, _I32_MAX)
        value = _int_in("value", value, 0, _U64_MAX)
        with self._lock:
            h = self._handle()
            _check(_ffi.lib.liion_ctx_set_limit(h, limit, value), h)

    @property
    def max_memory(self):
        """Bytes the context may hold allocated at once; 0 means no cap."""
        return self.get_limit(Limit.MAX_MEMORY)

    @max_memory.setter
    def max_memory(self, value):
        self.set_limit(Limit.MAX_MEMORY, value)

    @property
    def max_depth(self):
        """Nesting depth of one decoded value."""
        return self.get_limit(Limit.MAX_DEPTH)

    @max_depth.setter
    def max_depth(self, value):
        self.set_limit(Limit.MAX_DEPTH, value)

    @property
    def max_items(self):
        """Total items in one decoded value."""
        return self.get_limit(Limit.MAX_ITEMS)

    @max_items.setter
    def max_items(self, value):
        self.set_limit(Limit.MAX_ITEMS, value)

    @property
    def max_message_bytes(self):
        """Bytes of one message or encoded value."""
        return self.get_limit(Limit.MAX_MESSAGE_BYTES)

    @max_message_bytes.setter
    def max_message_bytes(self, value):
        self.set_limit(Limit.MAX_MESSAGE_BYTES, value)

    # ---- memory accounting ---------------------------------------------------------------

    @property
    def memory_used(self):
        """Bytes currently allocated through the context (the context itself included)."""
        with self._lock:
            return _ffi.lib.liion_ctx_memory_used(self._handle())

    @property
    def memory_peak(self):
        """Highest value :attr:`memory_used` has reached."""
        with self._lock:
            return _ffi.lib.liion_ctx_memory_peak(self._handle())

    # ---- error state ---------------------------------------------------------------------

    @property
    def errmsg(self):
        """Message of the last failed call on this context, or "no error" after a success."""
        with self._lock:
            return _ffi.text(_ffi.lib.liion_ctx_errmsg(self._handle()))

    @property
    def errcode(self):
        """:class:`Status` of the last call on this context (``Status.OK`` after a success)."""
        with self._lock:
            code = _ffi.lib.liion_ctx_errcode(self._handle())
        try:
            return Status(code)
        except ValueError:
            return code

    @property
    def error_offset(self):
        """Byte offset of the last decode fault, or None when the last error had none."""
        with self._lock:
            off = _ffi.lib.liion_ctx_error_offset(self._handle())
        return None if off == _ffi.OFFSET_NONE else off

    # ---- logging -------------------------------------------------------------------------

    def set_log(self, log, level=LogLevel.WARNING):
        """Set, replace or (``log=None``) remove the log callable; see the class docs."""
        if log is not None and not callable(log):
            raise TypeError("log must be callable or None, not %s" % type(log).__name__)
        level = _int_in("level", level, _I32_MIN, _I32_MAX)
        # ctypes refuses None for a CFUNCTYPE argument; LogFn() is the NULL function pointer.
        cfn = _ffi.LogFn() if log is None else _log_trampoline(log)
        with self._lock:
            h = self._handle()
            _check(_ffi.lib.liion_ctx_set_log(h, level, cfn, None), h)
            # C now points at cfn (or nothing); the previous callback may be released.
            self._log_slot.cfn = None if log is None else cfn
