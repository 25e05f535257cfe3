"""herenigd — keeps every member of a reunited refugee family personally in view."""

from .celery import app as celery_app

__all__ = ["celery_app"]
