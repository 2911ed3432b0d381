"""Shared machinery for wrapper classes that own one C handle.

Every wrapper (``Context`` today; stores, decoders, ... later) derives from :class:`_Handle`:

* ``self._lock`` (a :class:`_CallLock`) is held around every C call on the handle, because a
  libliion handle may be used by one thread at a time and ctypes drops the GIL during calls.
  Objects created from a context share the context's lock (pass ``lock=ctx._lock``): the C
  rule covers "a context and every object obtained from it".
* the handle is freed by :meth:`_Handle.close` (idempotent) or, as a safety net, by a
  :func:`weakref.finalize` registered in :meth:`_Handle._adopt`. Pass every object the C side
  still points to (CFUNCTYPE callbacks, the parent wrapper of a child handle) as ``keep`` so it
  outlives the handle even when the wrapper itself is collected first.
* a child registers with its parent through ``parent._dependents.add(child)`` so that closing
  the parent closes the children first (the C library requires that order).
* any use after close raises :class:`ValueError`, like a closed file.
"""

import threading
import weakref

__all__ = []


class _CallLock:
    """A :class:`threading.Lock` that also refuses re-entry from the thread holding it.

    The lock is held while C runs, and C may call back into Python (the log callback) on the
    same thread. A plain Lock would deadlock if that callback called the same handle again;
    this one raises RuntimeError instead (inside a log callback the error is swallowed).
    """

    __slots__ = ("_lock", "_owner")

    def __init__(self):
        self._lock = threading.Lock()
        self._owner = None

    def __enter__(self):
        me = threading.get_ident()
        if self._owner == me:
            raise RuntimeError("liion: a handle cannot be used from inside one of its own "
                               "callbacks (for example the log callback)")
        self._lock.acquire()
        self._owner = me
        return self

    def __exit__(self, *exc_info):
        self._owner = None
        self._lock.release()
        return False


class _Handle:
    """Base of every wrapper that owns one ``liion_*`` handle."""

    def __init__(self, lock=None):
        self._h = None
        self._finalizer = None
        self._lock = lock if lock is not None else _CallLock()
        self._dependents = weakref.WeakSet()

    def _adopt(self, handle, free, *keep):
        """Take ownership of ``handle``; ``free(handle)`` releases it exactly once."""
        self._h = handle
        self._finalizer = weakref.finalize(self, _release, free, handle, keep)

    def _get_enum(self, fn, enum):
        """``enum(fn(handle))`` under the lock: a C getter of an enum-valued state."""
        with self._lock:
            return enum(fn(self._handle()))

    def _handle(self):
        """The live handle; call with ``self._lock`` held. ValueError once closed."""
        h = self._h
        if h is None:
            raise ValueError("operation on a closed %s" % type(self).__name__)
        return h

    @property
    def closed(self):
        """True once :meth:`close` has run (or construction failed)."""
        return self._h is None

    def close(self):
        """Free the C handle (and first every object created from it). Safe to call again."""
        for dep in list(self._dependents):
            dep.close()
        with self._lock:
            if self._h is None:
                return
            self._h = None
            fin, self._finalizer = self._finalizer, None
            if fin is not None:
                fin()

    def __enter__(self):
        with self._lock:
            self._handle()
        return self

    def __exit__(self, *exc_info):
        self.close()
        return False

    def __repr__(self):
        state = "closed" if self._h is None else "open"
        return "<%s.%s %s at %#x>" % (type(self).__module__.rpartition(".")[0] or "liion",
                                      type(self).__name__, state, id(self))


def _release(free, handle, keep):
    # Module-level so the finalizer holds no reference to the wrapper; `keep` stays alive
    # until the handle is gone.
    free(handle)
    del keep
