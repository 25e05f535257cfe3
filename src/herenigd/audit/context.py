"""Which door the current work came through (web, api, admin, cli, task), for the audit trail.

No model imports here: the console script sets it before Django is set up.
"""

import contextvars
from contextlib import contextmanager

_via: contextvars.ContextVar[str] = contextvars.ContextVar("audit_via", default="task")


@contextmanager
def audit_via(via: str):
    token = _via.set(via)
    try:
        yield
    finally:
        _via.reset(token)


def current_via() -> str:
    return _via.get()


def set_via(via: str) -> None:
    _via.set(via)
