"""Limits of what `import-bundle` accepts, each a Django setting (docs/bundles.md "Limits").

A bundle is one family: a few members, some dozens of events and contacts. The limits are far
above that and keep a wrong or hostile file (50 MB, 10,000 members, nesting 10,000 deep) from
using up memory or time before it is refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

#: field of BundleLimits → (Django setting, default). settings.py reads each from the environment.
LIMIT_SETTINGS: dict[str, tuple[str, int]] = {
    "max_bytes": ("HERENIGD_BUNDLE_MAX_BYTES", 5_000_000),
    "max_members": ("HERENIGD_BUNDLE_MAX_MEMBERS", 50),
    "max_events": ("HERENIGD_BUNDLE_MAX_EVENTS", 2_000),
    "max_contacts": ("HERENIGD_BUNDLE_MAX_CONTACTS", 5_000),
    "max_depth": ("HERENIGD_BUNDLE_MAX_DEPTH", 16),
    "max_string_length": ("HERENIGD_BUNDLE_MAX_STRING_LENGTH", 10_000),
}
#: The deepest nesting any setting can allow: checks walk the data recursively.
DEPTH_CEILING = 200
#: The format has no numbers at all; a number this long is refused before Python converts it.
MAX_NUMBER_DIGITS = 40


@dataclass(frozen=True)
class BundleLimits:
    max_bytes: int
    max_members: int
    max_events: int
    max_contacts: int
    max_depth: int
    max_string_length: int

    @staticmethod
    def setting(field: str) -> str:
        """The name of the setting of a limit (messages name it, so an operator can raise it)."""
        return LIMIT_SETTINGS[field][0]


def bundle_limits() -> BundleLimits:
    """The limits in force (read at each import, so tests and deployments can change them)."""
    values = {
        field: max(1, int(getattr(settings, name, default)))
        for field, (name, default) in LIMIT_SETTINGS.items()
    }
    values["max_depth"] = min(values["max_depth"], DEPTH_CEILING)
    return BundleLimits(**values)
