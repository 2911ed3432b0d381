"""The process-wide default :class:`~liion.Context` used when a call is given no ``ctx``."""

import threading

__all__ = []

_lock = threading.Lock()
_ctx = None


def default_context():
    """The shared default context (created on first use, library defaults, no memory cap).

    It is safe to share between threads (its lock serialises the C calls). Pass your own
    ``ctx=`` to get other limits, a memory cap or a log callback.
    """
    global _ctx
    with _lock:
        if _ctx is None or _ctx.closed:
            from .context import Context
            _ctx = Context()
        return _ctx


def ctx_or_default(ctx):
    return default_context() if ctx is None else ctx
