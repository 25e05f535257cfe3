"""Synthetic case bundles shaped like the report's figures (demo data, benchmarks, tests).

`generate_bundles()` makes reunifying families in format `herenigd.case-bundle/1` that pass
`bundles.validate_bundle()` and follow the reference data (`shared/reference-data/`
report-figures.csv and study-sample.csv): nationality (§2.2 figure 5), household type (§1.2),
sex and age of reunifiers (§2.2 figure 6), IND processing times and grant rates (§2.1, §2.2),
the route after the registration centre (§2.3, §4.3), separation lengths (§4.1) and housing
waits (§4.3). Where the report gives no figure the value is a plausible assumption and says so.

Deterministic: every family has its own `random.Random`, seeded from (seed, municipality code,
sequence number), so family n is the same whatever `count` is; the clock is never read. `as_of`
is the "today" of the data set: the procedure is simulated beyond it and everything dated after
`as_of` is cut off, which spreads the families over the phases (waiting, refused, travelling,
arrived).

Modules: `figures` (the report's figures and the assumptions), `draws` (weighted draws, dates),
`base` (a member, the builder's state), `builder` (origin, household, procedure, the bundle),
`household`, `arrival`, `contacts`, `output` (the builder's steps per phase).
"""

from __future__ import annotations

import datetime
import random
from typing import Any

from .builder import FORMAT, FamilyBuilder
from .draws import bsn_for
from .figures import ORIGINS, PROCESSING, REUNIFIERS_PER_FAMILY, processing_days

__all__ = [
    "FORMAT",
    "ORIGINS",
    "PROCESSING",
    "REUNIFIERS_PER_FAMILY",
    "SEED_NAMESPACE",
    "bsn_for",
    "default_prefix",
    "generate_bundle",
    "generate_bundles",
    "processing_days",
]

#: Reference prefixes of the report's three municipalities (§1.2); others get "GEM{code}".
REFERENCE_PREFIXES = {"0268": "NIJ", "0518": "DH", "0141": "ALM"}

#: Seed namespace; change it only together with a note that the demo data set changes.
SEED_NAMESPACE = "herenigd.synthetic/1"


def default_prefix(municipality_code: str) -> str:
    return REFERENCE_PREFIXES.get(municipality_code, f"GEM{municipality_code}")


def generate_bundles(
    municipality_code: str,
    count: int,
    *,
    seed: int,
    as_of: datetime.date,
    reference_prefix: str | None = None,
) -> list[dict[str, Any]]:
    """`count` synthetic families of one municipality, references `{prefix}-{n:05d}` from 1."""
    prefix = reference_prefix or default_prefix(municipality_code)
    bundles = []
    for n in range(1, count + 1):
        rng = random.Random(f"{SEED_NAMESPACE}:{seed}:{municipality_code}:{n}")
        bundles.append(generate_bundle(rng, municipality_code, f"{prefix}-{n:05d}", as_of))
    return bundles


def generate_bundle(
    rng: random.Random, municipality_code: str, reference: str, as_of: datetime.date
) -> dict[str, Any]:
    """One synthetic family; nothing in it is dated after `as_of`."""
    return FamilyBuilder(rng, as_of).build(municipality_code, reference)
