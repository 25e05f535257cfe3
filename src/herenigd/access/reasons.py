"""The reason of a stored attention point, rendered when it is shown (issue 9).

A stored point keeps its code and the facts it quotes, never sentences: a rule point's reason is
rendered from its facts by the rule engine's catalogue texts (`rules.reasons`), an intake point's
from its questionnaire (`intake.reasons`), in the reader's language. What a professional wrote
(a point recorded by hand) is the point's `note` and is shown as written. Members are named as
the reader may see them: a member outside the reader's scope appears by role only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.utils.translation import get_language

from herenigd.intake.reasons import render_intake_reason
from herenigd.rules import reasons as rule_reasons
from herenigd.rules.facts import Member
from herenigd.rules.models import AttentionPoint, PointOrigin

from .projection import MemberView

__all__ = ["point_reason", "reason_members"]

#: Between the rendered reason and the notes a professional added.
SEPARATOR = "\n\n"


def reason_members(members: Iterable[MemberView]) -> dict[str, Member]:
    """Member key → what a reason may say of them: the given name only when the reader sees
    the member's identity, else just the role."""
    return {
        m.key: Member(key=m.key, role=m.role, given_name=m.given_name if m.in_scope else None)
        for m in members
    }


def point_reason(
    point: AttentionPoint, members: Mapping[str, Member], language: str | None = None
) -> str:
    """The point's reason in `language` (default: the active language)."""
    language = language or get_language() or "nl"
    parts = []
    facts = point.facts or {}
    if "questionnaire" in facts or point.origin == PointOrigin.INTAKE:
        parts.append(render_intake_reason(point.code, facts, language))
    elif point.origin == PointOrigin.RULE or facts:
        parts.append(rule_reasons.render_in(point.code, facts, members, language))
    if point.note:
        parts.append(point.note)
    return SEPARATOR.join(parts)
