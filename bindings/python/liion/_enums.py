"""C enumerations mirrored as :class:`enum.IntEnum` (the only place they are spelled out).

Each member has the value of the C constant of the same name (``Status.INVALID_ARG`` is
``LIION_E_INVALID_ARG``). The ``*__FORCE_INT32`` sentinels are not mirrored: they are never
returned and are not valid arguments. ``tests/test_core.py`` checks these tables against the
loaded library (for example through ``liion_status_str``), so a value added in C and missed
here fails the tests.

Later modules append their enums below in their own section.
"""

from enum import IntEnum

__all__ = ["Status", "Limit", "LogLevel"]


# ---- liion/common.h ------------------------------------------------------------------------

class Status(IntEnum):
    """``liion_status``: result of every fallible call. 0 is success, errors are positive."""

    OK = 0
    INVALID_ARG = 1
    NOMEM = 2
    BUFFER_TOO_SMALL = 3
    UNSUPPORTED = 4
    MISUSE = 5
    LIMIT = 6
    DECODE = 7
    TRUNCATED = 8
    NOT_FOUND = 9
    EXISTS = 10
    STATE = 11
    IO = 12
    CORRUPT = 13
    RANGE = 14


# ---- liion/ctx.h ---------------------------------------------------------------------------

class Limit(IntEnum):
    """``liion_limit``: the limits a :class:`liion.Context` enforces."""

    MAX_MEMORY = 1
    MAX_DEPTH = 2
    MAX_ITEMS = 3
    MAX_MESSAGE_BYTES = 4


class LogLevel(IntEnum):
    """``liion_log_level``: severity of a log record (lower is more severe)."""

    ERROR = 1
    WARNING = 2
    INFO = 3
    DEBUG = 4
