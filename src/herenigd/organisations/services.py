"""Municipalities as reference data: the shipped CBS list (data/municipalities.json) and single
additions by an administrator (`herenigd municipality …`; docs/operations.md)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from herenigd.audit.models import Action, AuditPurpose
from herenigd.audit.services import Actor, audit_record

from .models import Municipality

REFERENCE_FILE = Path(__file__).resolve().parent / "data" / "municipalities.json"
CBS_CODE = re.compile(r"^\d{4}$")


class MunicipalityError(ValueError):
    """A code or name that cannot be added (the message is shown to the operator)."""


@dataclass(frozen=True)
class Added:
    municipality: Municipality
    created: bool


def reference_list(path: Path = REFERENCE_FILE) -> dict:
    """The shipped reference file: its title, year, source and the (code, name) entries."""
    return json.loads(path.read_text(encoding="utf-8"))


def municipality_add(*, code: str, name: str, actor: Actor) -> Added:
    """Add one municipality by its four-digit CBS code. Idempotent: the same code with the same
    name changes nothing; the same code with another name is refused (codes are never reused)."""
    code, name = code.strip(), " ".join(name.split())
    if not CBS_CODE.fullmatch(code):
        raise MunicipalityError(f"{code!r} is not a CBS municipality code (four digits, e.g. 0268)")
    if not name or len(name) > Municipality._meta.get_field("name").max_length:
        raise MunicipalityError("the name must be 1 to 100 characters")
    with transaction.atomic():
        existing = Municipality.objects.filter(code=code).first()
        if existing is not None:
            if existing.name != name:
                raise MunicipalityError(
                    f"code {code} is already known as {existing.name!r}; not changed"
                )
            return Added(existing, created=False)
        municipality = Municipality.objects.create(code=code, name=name)
        audit_record(
            actor=actor,
            action=Action.CREATE,
            purpose=AuditPurpose.ADMINISTRATION,
            category="municipality",
            detail=f"municipality {code}",
        )
    return Added(municipality, created=True)


def municipalities_load(*, actor: Actor, path: Path = REFERENCE_FILE) -> list[Added]:
    """Add every municipality of the reference file that is not known yet (idempotent)."""
    data = reference_list(path)
    with transaction.atomic():
        return [
            municipality_add(code=row["code"], name=row["name"], actor=actor)
            for row in data["municipalities"]
        ]
