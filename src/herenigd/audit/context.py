"""Which door the current work came through (web, api, admin, cli, task), and the collector that
merges a request's reads into one audit event, for the audit trail.

No model imports here: the console script sets the door before Django is set up.
"""

import contextvars
from contextlib import contextmanager

_via: contextvars.ContextVar[str] = contextvars.ContextVar("audit_via", default="task")
#: The reads of the current request (services.ReadCollector), or None outside a request.
_reads: contextvars.ContextVar[object | None] = contextvars.ContextVar("audit_reads", default=None)


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


def current_reads():
    return _reads.get()


@contextmanager
def collecting_reads(collector):
    token = _reads.set(collector)
    try:
        yield collector
    finally:
        _reads.reset(token)
