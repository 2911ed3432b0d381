"""The durable plant store (liion/store.h).

::

    with liion.Store("plant.liion") as st:          # read-write (created when missing)
        lot = st.plant.add_lot("LOT-1")
        st.commit()
    with liion.Store("plant.liion", read_only=True) as st:
        print(st.plant.count(liion.ObjectKind.LOT))

:meth:`Store.compact` (or automatic compaction after a commit, see ``compact_bytes``) writes a
snapshot of the plant so that reopening does not replay the whole journal.

``with st.atomic():`` groups mutations that must become durable together (a response and
its material actuals): no commit point falls inside, so a crash keeps all of them or none; an
exception inside abandons the group (it is cut from the journal and the store refuses further
writes until it is reopened).

A writer holds an exclusive lock on the file (a second writer gets LiionStateError); a
reader takes no lock and sees the committed prefix. :attr:`Store.plant` is a
:class:`~liion.Plant` whose every mutation is journalled; it is closed with the store.
"""

import contextlib
import os
from ctypes import byref, sizeof

from . import _ffi
from ._default import ctx_or_default
from ._enums import StoreDurability
from ._handle import _Handle
from ._util import string_at, u32, u64
from .errors import _check
from .plant import Plant

__all__ = ["Store", "StoreDurability"]


class Store(_Handle):
    """An open store file and its plant (``liion_store``).

    Arguments: ``path`` (str or path-like); ``read_only``; ``durability`` (a
    :class:`~liion.StoreDurability`: GROUP commits every ``group_records`` records or
    ``group_ms`` ms and at :meth:`commit`; FULL syncs every mutation; NONE never syncs);
    ``buffer_bytes``; ``compact_bytes`` (automatic compaction once the journal holds this
    many bytes, 0: the library default of 64 MiB) and ``auto_compact=False``
    (``LIION_STORE_NO_AUTO_COMPACT``: only :meth:`compact` writes snapshots); ``ctx``.
    Closing commits what is pending (best effort): call :meth:`commit` first to learn whether
    it reached the disk.
    """

    def __init__(self, path, read_only=False, durability=StoreDurability.GROUP,
                 group_records=0, group_ms=0, buffer_bytes=0, compact_bytes=0,
                 auto_compact=True, ctx=None):
        ctx = ctx_or_default(ctx)
        super().__init__(lock=ctx._lock)
        lib = _ffi.lib
        opts = _ffi.StoreOptions()
        _check(lib.liion_store_options_init(byref(opts), sizeof(opts)))
        opts.flags = ((_ffi.STORE_READ_ONLY if read_only else 0)
                      | (0 if auto_compact else _ffi.STORE_NO_AUTO_COMPACT))
        opts.durability = int(StoreDurability(durability))
        opts.group_records = u32("group_records", group_records)
        opts.group_ms = u32("group_ms", group_ms)
        opts.buffer_bytes = u32("buffer_bytes", buffer_bytes)
        opts.compact_bytes = u64("compact_bytes", compact_bytes)
        raw = os.fsencode(path)
        with ctx._lock:
            h = ctx._handle()
            st = _ffi.StoreP()
            _check(lib.liion_store_open(byref(st), h, raw, byref(opts)), h)
        self._ctx = ctx
        self.path = path
        self.read_only = bool(read_only)
        self._adopt(st, lib.liion_store_free, ctx)
        ctx._dependents.add(self)
        try:
            with self._lock:
                p = lib.liion_store_plant(self._handle())
            self._plant = Plant._borrowed(ctx, p, self)
        except BaseException:
            self.close()
            raise

    @property
    def plant(self):
        """The store's :class:`~liion.Plant` (valid until the store is closed)."""
        with self._lock:
            self._handle()
        return self._plant

    @property
    def spec_registry(self):
        """The store's :class:`liion.spec.Registry`: spec results attached through it are
        journalled with the plant and restored on reopen (``liion_store_spec_registry``;
        valid until the store is closed). Attaching on a read-only store raises
        LiionStateError."""
        from .spec import Registry
        with self._lock:
            st = self._handle()
            reg = getattr(self, "_registry", None)
            if reg is not None and not reg.closed:
                return reg
            r = _ffi.lib.liion_store_spec_registry(st)
        self._registry = Registry._borrowed(self._plant, r, self)
        return self._registry

    def commit(self):
        """Make every record appended so far durable. LiionIOError (the store then refuses
        writes; reopen it) or LiionStateError (read-only or failed store)."""
        with self._lock:
            s = self._handle()
            h = self._ctx._handle()
            _check(_ffi.lib.liion_store_commit(s), h)

    def atomic_begin(self):
        """Open an atomic group (groups nest): no commit point falls inside it, so the
        mutations up to the matching :meth:`atomic_end` become durable together or not at
        all. LiionStateError on a read-only or failed store. Prefer :meth:`atomic`."""
        self._call(_ffi.lib.liion_store_atomic_begin)

    def atomic_end(self):
        """Close the innermost atomic group; at the outermost the commit policy applies.
        LiionStateError when no group is open; LiionIOError from the commit."""
        self._call(_ffi.lib.liion_store_atomic_end)

    def atomic_abort(self):
        """Abandon the open atomic group: its records are cut from the journal, what was
        pending before it is committed, and the store refuses further writes (the plant
        holds changes the journal does not): reopen it."""
        self._call(_ffi.lib.liion_store_atomic_abort)

    @property
    def atomic_depth(self):
        """Depth of the open atomic groups (0: none)."""
        with self._lock:
            return _ffi.lib.liion_store_atomic_depth(self._handle())

    @contextlib.contextmanager
    def atomic(self):
        """``with st.atomic():`` an atomic group: ended on normal exit, abandoned (then the
        exception goes on) when the block raises."""
        self.atomic_begin()
        try:
            yield self
        except BaseException:
            if not self.closed and self.atomic_depth > 0:
                self.atomic_abort()
            raise
        self.atomic_end()

    def _call(self, fn):
        with self._lock:
            s = self._handle()
            h = self._ctx._handle()
            _check(fn(s), h)

    def compact(self):
        """Write a snapshot of the committed plant and start a new journal after it (crash
        safe; a no-op when nothing was committed since the last snapshot). LiionStateError on
        a read-only or failed store, LiionIOError, LiionUnsupportedError (records the
        snapshot format does not cover: nothing dropped)."""
        with self._lock:
            s = self._handle()
            h = self._ctx._handle()
            _check(_ffi.lib.liion_store_compact(s), h)

    @property
    def snapshot_seq(self):
        """Sequence number of the commit the current snapshot covers (0: no snapshot)."""
        return self._u64(_ffi.lib.liion_store_snapshot_seq)

    @property
    def snapshot_bytes(self):
        """Size of the current snapshot file in bytes (0: none)."""
        return self._u64(_ffi.lib.liion_store_snapshot_bytes)

    def _u64(self, fn):
        with self._lock:
            return fn(self._handle())

    @property
    def committed_seq(self):
        """Sequence number of the last durable commit (0: none)."""
        return self._u64(_ffi.lib.liion_store_committed_seq)

    @property
    def seq(self):
        """Sequence number of the last record appended (committed or not)."""
        return self._u64(_ffi.lib.liion_store_seq)

    @property
    def tail_cut(self):
        """Bytes of torn or uncommitted tail found at open (cut by a writer)."""
        return self._u64(_ffi.lib.liion_store_tail_cut)

    @property
    def committed_bytes(self):
        """Size of the committed part of the file."""
        return self._u64(_ffi.lib.liion_store_committed_bytes)

    def export_cbor_seq(self, out=None):
        """The committed journal as an RFC 8742 CBOR sequence: returns ``bytes``, or writes
        into ``out`` (a binary file object or any callable taking bytes) and returns the
        number of bytes written."""
        chunks = []
        total = [0]
        error = []
        if out is None:
            sink = chunks.append
        elif callable(out):
            sink = out
        else:
            sink = out.write

        def write(user, data, length):
            try:
                sink(string_at(data, length))
                total[0] += length
                return 0
            except BaseException as e:  # never unwind through C
                error.append(e)
                return 12  # LIION_E_IO stops the export
        cfn = _ffi.StoreWriteFn(write)
        with self._lock:
            s = self._handle()
            h = self._ctx._handle()
            status = _ffi.lib.liion_store_export_cbor_seq(s, cfn, None)
            if error:
                raise error[0]
            _check(status, h)
        return b"".join(chunks) if out is None else total[0]
