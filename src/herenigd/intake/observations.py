"""Family observations (factors.md §3): the FAMCORT realms and the literature factors, as data.

`questionnaires/family-observations-v1.yaml`, format `herenigd.family-observations/1`, checked
against `schema/family-observations-1.schema.json`; codes are unique across the file.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from herenigd.schemacheck import SchemaChecker, gettext_noop, join, read_data_file

from .loading import QUESTIONNAIRE_DIR
from .questionnaire import QuestionnaireError

__all__ = [
    "FAMILY_OBSERVATIONS_FORMAT",
    "FAMILY_OBSERVATIONS_PATH",
    "FamilyObservations",
    "Observation",
    "Realm",
    "load_family_observations",
]

FAMILY_OBSERVATIONS_FORMAT = "herenigd.family-observations/1"
FAMILY_OBSERVATIONS_PATH = QUESTIONNAIRE_DIR / "family-observations-v1.yaml"
SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "family-observations-1.schema.json"


@dataclass(frozen=True, slots=True)
class Observation:
    """A family-level observation: a FAMCORT item or a literature factor (labels nl, en)."""

    code: str
    label: Mapping[str, str] = field(hash=False)


@dataclass(frozen=True, slots=True)
class Realm:
    """A FAMCORT realm (Weine et al. 2004, figure 8) with its adverse and rebuilding items."""

    code: str
    label: Mapping[str, str] = field(hash=False)
    adverse: tuple[Observation, ...] = ()
    rebuilding: tuple[Observation, ...] = ()


@dataclass(frozen=True, eq=False)
class FamilyObservations:
    version: int
    realms: tuple[Realm, ...]
    literature_factors: tuple[Observation, ...]
    path: str | None = None

    def observation(self, code: str) -> Observation:
        for realm in self.realms:
            for item in (*realm.adverse, *realm.rebuilding):
                if item.code == code:
                    return item
        for item in self.literature_factors:
            if item.code == code:
                return item
        raise KeyError(code)

    @property
    def codes(self) -> frozenset[str]:
        codes = {o.code for o in self.literature_factors}
        for realm in self.realms:
            codes |= {o.code for o in (*realm.adverse, *realm.rebuilding)}
        return frozenset(codes)


class _Builder:
    def __init__(self, path: str):
        self.path = path
        self.seen: dict[str, str] = {}  # code → where it was first used

    def build(self, doc: Mapping[str, Any]) -> FamilyObservations:
        realms = []
        for i, r in enumerate(doc["realms"]):
            key = join("realms", i)
            realms.append(
                Realm(
                    code=self.code(r["code"], join(key, "code")),
                    label=MappingProxyType(dict(r["label"])),
                    adverse=self.items(r["adverse"], join(key, "adverse")),
                    rebuilding=self.items(r["rebuilding"], join(key, "rebuilding")),
                )
            )
        return FamilyObservations(
            version=doc["version"],
            realms=tuple(realms),
            literature_factors=self.items(doc["literature_factors"], "literature_factors"),
            path=self.path,
        )

    def code(self, code: str, key: str) -> str:
        if code in self.seen:
            raise QuestionnaireError.of(
                "invalid",
                gettext_noop("duplicate code {found} (first at {first})"),
                path=self.path,
                key=key,
                found=repr(code),
                first=self.seen[code],
            )
        self.seen[code] = key
        return code

    def items(self, raw: list[Mapping[str, Any]], key: str) -> tuple[Observation, ...]:
        return tuple(
            Observation(
                code=self.code(item["code"], join(join(key, i), "code")),
                label=MappingProxyType(dict(item["label"])),
            )
            for i, item in enumerate(raw)
        )


@functools.cache
def _checker() -> SchemaChecker:
    return SchemaChecker(SCHEMA_PATH)


def _load(path: Path) -> FamilyObservations:
    doc = read_data_file(path, QuestionnaireError)
    _checker().check(doc, path=path, error=QuestionnaireError, fmt=FAMILY_OBSERVATIONS_FORMAT)
    return _Builder(str(path)).build(doc)


@functools.cache
def _default_family_observations() -> FamilyObservations:
    return _load(FAMILY_OBSERVATIONS_PATH)


def load_family_observations(path: str | Path | None = None) -> FamilyObservations:
    """FAMCORT realms and literature factors for the family section (factors.md §3)."""
    if path is None:
        return _default_family_observations()
    return _load(Path(path))
