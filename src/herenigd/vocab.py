"""Vocabularies shared across apps, declared once as plain data.

The pure modules (rule engine, rule sets, questionnaires) import these tuples; Django models build
their `TextChoices` from the same values (a model adds only the translated labels), and the JSON
Schemas of the data files refer to them as `urn:herenigd:vocab:<name>` (`herenigd.schemacheck`).
Extend, do not rename: the values are stored, and appear in rule sets, questionnaires and bundles.
"""

from __future__ import annotations

__all__ = ["DUTCH_LEVELS", "FAMILY_ROLES", "SENSITIVITIES", "sensitivity_rank"]

#: Who may see an attention point or an answer, least to most restricted (factors.md §4
#: 'Sensitivity levels').
SENSITIVITIES = ("normal", "health", "confidential")

#: Dutch language level (CEFR) of a person, "none" below A0 (product.md 'Core data').
DUTCH_LEVELS = ("none", "A0", "A1", "A2", "B1", "B2", "C1", "C2")

#: A person's role in the family (product.md 'Core data').
FAMILY_ROLES = ("sponsor", "partner", "child", "parent", "sibling", "other")


def sensitivity_rank(level: str) -> int:
    """0 for normal, 1 for health, 2 for confidential: compare with `<=`."""
    return SENSITIVITIES.index(level)
