"""Every URL pattern of the urlconf, made concrete with every id that exists in the database.

The list comes from `django.urls.get_resolver()`, so a new page is walked without anyone
remembering to add it. Each path converter kwarg is filled by name from a generator below; a
kwarg without a generator fails loudly, so nothing is skipped in silence.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

#: Patterns not walked, by qualified name (namespace:name) or namespace prefix ("admin:"), each
#: with the reason. Everything else of the urlconf is walked.
EXCLUDED = {
    # Django's i18n view: it only stores the chosen interface language in the session or a
    # cookie and redirects; it reads no personal data.
    "set_language": "sets the interface language only",
    # The Django admin has its own test (tests/admin/); its model pages are walked there.
    "admin:": "covered by tests/admin/",
    # The OpenAPI document and its Swagger page describe the API; they hold no data.
    "api:schema": "static API description, no data",
    "api:docs": "static API description, no data",
    # The login flow: walking it would log the walking user out or change their second factor
    # in the middle of the walk; it shows no personal data (tests/access/test_login.py).
    "accounts:login": "authentication flow (test_login.py)",
    "accounts:logout": "would end the walking session",
    "accounts:two_factor": "authentication flow (test_login.py)",
}

#: The number of walked patterns when this test was written; a walk that finds fewer has lost
#: pages (e.g. a broken include), not gained safety.
PATTERNS_AT_LEAST = 16

_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>\w+)>")


@dataclass(frozen=True)
class Pattern:
    name: str  # qualified: "families:event_correct"; "" when the pattern has no name
    route: str  # "/families/<int:family_id>/events/<int:event_id>/correct/"
    kwargs: tuple[str, ...]  # ("family_id", "event_id")

    def url(self, values: dict[str, object]) -> str:
        return _PARAMETER.sub(lambda m: str(values[m.group("name")]), self.route)


@dataclass(frozen=True)
class ConcreteUrl:
    pattern: Pattern
    values: tuple[tuple[str, int], ...]  # ((kwarg, id), ...) in the order of pattern.kwargs

    @property
    def url(self) -> str:
        return self.pattern.url(dict(self.values))

    def with_values(self, **replace: int) -> ConcreteUrl:
        return ConcreteUrl(self.pattern, tuple((k, replace.get(k, v)) for k, v in self.values))


def _excluded(name: str) -> bool:
    return name in EXCLUDED or any(
        name.startswith(prefix) for prefix in EXCLUDED if prefix.endswith(":")
    )


def _walk(resolvers, prefix: str, namespace: str):
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            if not isinstance(entry.pattern, RoutePattern):
                raise AssertionError(f"regex include at {prefix!r}: teach urlwalk to read it")
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}{entry.namespace}:"
            if _excluded(inner):
                continue
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else ""
            if name and _excluded(name):
                continue
            if not isinstance(entry.pattern, RoutePattern):
                raise AssertionError(
                    f"regex pattern {prefix}{entry.pattern} ({name or 'unnamed'}): "
                    "teach urlwalk to fill it, or exclude it with a reason"
                )
            route = "/" + prefix + str(entry.pattern)
            kwargs = tuple(m.group("name") for m in _PARAMETER.finditer(route))
            yield Pattern(name=name, route=route, kwargs=kwargs)


def url_patterns() -> list[Pattern]:
    """Every pattern of the project's urlconf except the commented exclusions."""
    return list(_walk(get_resolver().url_patterns, "", ""))


def _ids(model) -> list[int]:
    ids = sorted(model.objects.values_list("pk", flat=True))
    return [*ids, missing_id(model)]


def missing_id(model) -> int:
    """An id that does not exist: max + 1000."""
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    return last + 1000


def _models():
    from herenigd.access.models import Consent
    from herenigd.families.models import (
        Contact,
        Family,
        FamilyObservation,
        Person,
        PlanAction,
        PlanGoal,
    )
    from herenigd.intake.models import IntakeResponse
    from herenigd.rules.models import AttentionPoint, AttentionPointStatusChange
    from herenigd.timeline.models import EventRevision, TimelineEvent

    return {
        "family_id": Family,
        "person_id": Person,
        "member_id": Person,
        "event_id": TimelineEvent,
        "revision_id": EventRevision,
        "contact_id": Contact,
        "point_id": AttentionPoint,
        "change_id": AttentionPointStatusChange,
        "goal_id": PlanGoal,
        "action_id": PlanAction,
        "observation_id": FamilyObservation,
        "intake_id": IntakeResponse,
        "response_id": IntakeResponse,
        "consent_id": Consent,
    }


def kwarg_model(name: str):
    models = _models()
    if name not in models:
        raise AssertionError(
            f"add a generator for <{name}> in tests/access/urlwalk.py (and teach the leak "
            "test's oracle who may see that object), so a new page is not skipped"
        )
    return models[name]


def concrete_urls(patterns: list[Pattern]) -> list[ConcreteUrl]:
    """Each pattern with every combination of existing ids (plus one missing id per kwarg):
    every family with every event — of its own family and of other families — and so on."""
    result = []
    for pattern in patterns:
        pools = [_ids(kwarg_model(name)) for name in pattern.kwargs]
        for combination in itertools.product(*pools):
            result.append(
                ConcreteUrl(pattern, tuple(zip(pattern.kwargs, combination, strict=True)))
            )
    return result


def missing_values(pattern: Pattern) -> dict[str, int]:
    return {name: missing_id(kwarg_model(name)) for name in pattern.kwargs}
