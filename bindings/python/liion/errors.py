"""Exceptions raised for non-zero ``liion_status`` values.

Every failing call raises a :class:`LiionError` subclass chosen by status family; the mapping
lives only in :data:`_FAMILY` and is applied only by :func:`_check`.

==============================  ==========================================================
status                          exception
==============================  ==========================================================
INVALID_ARG, RANGE              :class:`LiionValueError` (also a :class:`ValueError`)
NOMEM                           :class:`LiionMemoryError` (also a :class:`MemoryError`)
LIMIT, DECODE, TRUNCATED        :class:`LiionDecodeError`
NOT_FOUND                       :class:`LiionNotFoundError`
EXISTS                          :class:`LiionExistsError`
STATE                           :class:`LiionStateError`
IO                              :class:`LiionIOError`
CORRUPT                         :class:`LiionCorruptError`
UNSUPPORTED                     :class:`LiionUnsupportedError`
MISUSE                          :class:`LiionMisuseError`
BUFFER_TOO_SMALL, unknown       :class:`LiionError`
==============================  ==========================================================
"""

from . import _ffi
from ._enums import Status

__all__ = [
    "LiionError", "LiionValueError", "LiionMemoryError", "LiionDecodeError",
    "LiionNotFoundError", "LiionExistsError", "LiionStateError", "LiionIOError",
    "LiionCorruptError", "LiionUnsupportedError", "LiionMisuseError", "error_class",
]


def _as_status(status):
    try:
        return Status(status)
    except ValueError:  # a code newer than this package: keep the number
        return int(status)


class LiionError(Exception):
    """A libliion call failed.

    Attributes:
        status:  the :class:`~liion.Status` (a plain int for a code this package does not know).
        message: the library's English message (``liion_ctx_errmsg`` of the handle, or
                 ``liion_status_str`` when there was no handle).
        offset:  byte offset into the decoder's input where the fault was found, or None.
    """

    def __init__(self, status, message=None, offset=None):
        status = _as_status(status)
        if message is None:
            message = _ffi.text(_ffi.lib.liion_status_str(int(status)))
        super().__init__(status, message, offset)
        self.status = status
        self.message = message
        self.offset = offset

    def __str__(self):
        name = self.status.name if isinstance(self.status, Status) else str(self.status)
        where = "" if self.offset is None else " at byte %d" % self.offset
        return "%s%s [%s]" % (self.message, where, name)


class LiionValueError(LiionError, ValueError):
    """An argument is invalid or out of range (INVALID_ARG, RANGE)."""


class LiionMemoryError(LiionError, MemoryError):
    """An allocation failed or would pass the context's memory cap (NOMEM)."""


class LiionDecodeError(LiionError):
    """Input is malformed, truncated or passes a context limit (DECODE, TRUNCATED, LIMIT)."""


class LiionNotFoundError(LiionError):
    """The named object does not exist (NOT_FOUND)."""


class LiionExistsError(LiionError):
    """An object with that identity already exists (EXISTS)."""


class LiionStateError(LiionError):
    """The call is not valid in the object's current state (STATE)."""


class LiionIOError(LiionError):
    """An operating-system I/O call failed (IO)."""


class LiionCorruptError(LiionError):
    """Stored data failed an integrity check (CORRUPT)."""


class LiionUnsupportedError(LiionError):
    """A feature, option or struct size this build does not support (UNSUPPORTED)."""


class LiionMisuseError(LiionError):
    """A wrong, freed or foreign handle reached the library (MISUSE): a binding bug."""


_FAMILY = {
    Status.INVALID_ARG: LiionValueError,
    Status.RANGE: LiionValueError,
    Status.NOMEM: LiionMemoryError,
    Status.LIMIT: LiionDecodeError,
    Status.DECODE: LiionDecodeError,
    Status.TRUNCATED: LiionDecodeError,
    Status.NOT_FOUND: LiionNotFoundError,
    Status.EXISTS: LiionExistsError,
    Status.STATE: LiionStateError,
    Status.IO: LiionIOError,
    Status.CORRUPT: LiionCorruptError,
    Status.UNSUPPORTED: LiionUnsupportedError,
    Status.MISUSE: LiionMisuseError,
}


def error_class(status):
    """The exception class raised for ``status``."""
    return _FAMILY.get(_as_status(status), LiionError)


def _check(status, handle=None):
    """Raise the right :class:`LiionError` for a non-zero status; return None for LIION_OK.

    ``handle`` is the ``liion_ctx*`` the call was made on (or None). The caller must still
    hold that handle's lock: the message is only valid until the next call on the handle.
    The handle's message is used only if the handle recorded this very status; otherwise
    (the call failed before touching the handle) the fixed ``liion_status_str`` text is used.
    """
    if status == 0:
        return None
    lib = _ffi.lib
    message = None
    offset = None
    if handle:
        if lib.liion_ctx_errcode(handle) == status:
            message = _ffi.text(lib.liion_ctx_errmsg(handle))
            off = lib.liion_ctx_error_offset(handle)
            offset = None if off == _ffi.OFFSET_NONE else off
    if message is None:
        message = _ffi.text(lib.liion_status_str(status))
    raise error_class(status)(status, message, offset)
