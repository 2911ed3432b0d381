"""libliion for Python: a ctypes binding of the libliion C library.

    >>> import liion
    >>> with liion.Context(max_depth=32) as ctx:
    ...     ctx.max_depth
    32

The shared library is found through ``LIION_LIBRARY``, then the package directory, then the
system library path (see ``liion._ffi``). Importing fails with ImportError if none is found
or if its major version is not the one this package supports.
"""

from . import _ffi
from ._default import default_context
from ._enums import *  # noqa: F401,F403  (every mirrored C enum: Status, SecsFormat, UaType, ...)
from ._enums import C_ENUMS, Limit, LogLevel, Status
from ._ffi import (DEFAULT_MAX_DEPTH, DEFAULT_MAX_ITEMS, DEFAULT_MAX_MESSAGE_BYTES,
                   OFFSET_NONE)
from .context import Context
from .errors import (LiionCorruptError, LiionDecodeError, LiionError, LiionExistsError,
                     LiionIOError, LiionMemoryError, LiionMisuseError, LiionNotFoundError,
                     LiionStateError, LiionUnsupportedError, LiionValueError, error_class)
from .plant import Plant
from .store import Store
# One module per C header family: liion.secs, liion.secs1, liion.opcua, liion.uadp, liion.plant,
# liion.store, liion.spec, liion.hsms (session, GEM state models), liion.gem (event reports,
# GEM300 state models and messages), liion.gem_e30 (E30 messages), liion.ingest (equipment
# messages into the plant), liion.export (UN 38.3, formation, IEC 62660, dossier, passport
# documents).
from . import (export, gem, gem_e30, hsms, ingest, opcua, plant, secs, secs1, spec,  # noqa: E402
               store, uadp)
from .ingest import Ingest, IngestMap  # noqa: E402

#: Version of this Python package (not of the C library: see library_version()).
__version__ = "0.1.0"

__all__ = [
    "__version__", "library_version", "version_number", "library_path", "status_str",
    "Context", "default_context", "Plant", "Store", "Ingest", "IngestMap",
    "secs", "secs1", "opcua", "uadp", "plant", "store", "spec", "hsms", "gem", "gem_e30",
    "ingest", "export",
    "Status", "Limit", "LogLevel", "C_ENUMS",
    "DEFAULT_MAX_DEPTH", "DEFAULT_MAX_ITEMS", "DEFAULT_MAX_MESSAGE_BYTES", "OFFSET_NONE",
    "LiionError", "LiionValueError", "LiionMemoryError", "LiionDecodeError",
    "LiionNotFoundError", "LiionExistsError", "LiionStateError", "LiionIOError",
    "LiionCorruptError", "LiionUnsupportedError", "LiionMisuseError", "error_class",
] + [cls.__name__ for cls in C_ENUMS if cls.__name__ not in ("Status", "Limit", "LogLevel")]

#: Path (or linker name) of the shared library that was loaded.
library_path = _ffi.library_path


def library_version():
    """Version of the loaded C library as "MAJOR.MINOR.PATCH" (``liion_version_string``)."""
    return _ffi.text(_ffi.lib.liion_version_string())


def version_number():
    """Version of the loaded C library as MAJOR*10000 + MINOR*100 + PATCH."""
    return _ffi.lib.liion_version_number()


def status_str(status):
    """The library's fixed English text for any status value (``liion_status_str``)."""
    return _ffi.text(_ffi.lib.liion_status_str(int(status)))
