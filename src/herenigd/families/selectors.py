"""Reads of families for services and commands. Reads for people go through the access layer
(`herenigd.access`; the caseload: `access/caseload.py`)."""

from __future__ import annotations

from .models import Family


def family_get_by_reference(*, municipality_code: str, reference: str) -> Family | None:
    return (
        Family.objects.select_related("municipality")
        .filter(municipality__code=municipality_code, reference=reference)
        .first()
    )
