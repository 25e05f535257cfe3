"""The leak test over every URL (issue 8, Deliver 8).

For every role of docs/privacy.md's permission table and every relation of its relation table,
a professional logs in with a verified second factor and requests every URL pattern of the
urlconf (tests/access/urlwalk.py) with every id that exists: GET, POST with an empty body and
POST with a plausible body. Then:

(a) no response is a 500;
(b) each marker of `leak_world` (tests/world.py) appears in a response only when the tables of
    docs/privacy.md let this user see that item — computed here from the tables, not from the
    code — and, when they do, it appears on at least one page (it is not simply missing);
(c) a request for an object the user may not see answers exactly like the same request for an id
    that does not exist (status, content type and body), and so does every 404.
    Normalisation before comparing bodies: the per-response CSRF token (form field and the
    htmx header in base.html) is blanked, and the request path is replaced by a placeholder.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from herenigd.access.models import BreakGlassAccess, Involvement, Professional, Role
from herenigd.demo.services import ROLE_ORGANISATION
from tests.access import urlwalk
from tests.world import FAMILY_LEVEL, LEAK_MARKERS, Item, login_verified, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quiet_request_log")]


DOC = Path(__file__).resolve().parents[2] / "docs" / "privacy.md"
COLUMNS = [
    "identity",
    "procedure",
    "household",
    "contact_log",
    "intake",
    "attention_normal",
    "health",
    "confidential",
]


def _table(marker: str) -> list[list[str]]:
    text = DOC.read_text(encoding="utf-8")
    block = text.split(f"<!-- {marker} -->")[1].split(f"<!-- /{marker} -->")[0]
    rows = [line for line in block.strip().splitlines() if line.startswith("|")][2:]
    return [[c.strip() for c in row.strip("|").split("|")] for row in rows]


TABLE = {row[0]: dict(zip(COLUMNS, row[1:], strict=True)) for row in _table("permission-table")}
RELATION_ROWS = [cells[0] for cells in _table("relation-table")]

#: The relations of docs/privacy.md's relation table this test arranges, by the row they stand
#: for. Break-the-glass has its own test below; "family member's own account" is the sponsor.
RELATIONS = {
    "whole": "involved now (from ≤ today ≤ until)",
    "named": "involved now with named members only",
    "regisseur": "regisseur of the family's municipality",
    "ended": "involvement ended",
    "never": "never involved",
    "other_municipality": "other municipality",
    "member_account": "family member's own account (sponsor, partner)",
    "break_glass": "break-the-glass (emergency, reason stated)",
}

NO_DATA = {role for role, cells in TABLE.items() if all(v == "no" for v in cells.values())}


def cases() -> list[tuple[str, str]]:
    result = [("sponsor", "member_account")]
    for role in TABLE:
        if role in NO_DATA:
            result.append((role, "whole"))  # no relation gives them personal data
        elif role == Role.REGISSEUR:
            result += [(role, "regisseur"), (role, "other_municipality")]
        else:
            relations = ("whole", "named", "ended", "never", "other_municipality")
            result += [(role, r) for r in relations]
    return result


def test_the_tables_are_what_this_test_reads():
    assert set(TABLE) == set(Role.values)
    assert set(RELATIONS.values()) == set(RELATION_ROWS), "a relation row is not tried here"


# --- The oracle: who may see an item, from the tables of docs/privacy.md --------------------------


@dataclass
class Viewer:
    user: object
    role: str | None  # None: a family member's own account
    organisation_id: int | None
    municipality_id: int | None
    #: family id -> None (every member) or the ids of the members the involvement names.
    scope: dict[int, frozenset[int] | None] = field(default_factory=dict)
    consents: frozenset[tuple[int, int]] = frozenset()

    def sees(self, item: Item | None) -> bool:
        if item is None or self.role is None or self.role in NO_DATA:
            return False
        if item.family_id not in self.scope:
            return False
        if item.category == FAMILY_LEVEL:
            return True
        members = self.scope[item.family_id]
        if members is not None and item.person_id is not None and item.person_id not in members:
            return False
        if item.category == "own_organisation":  # e.g. a consent given to the organisation
            return item.recorded_by_organisation_id == self.organisation_id
        cell = TABLE[self.role][item.category]
        own = item.recorded_by_organisation_id == self.organisation_id
        consent = (item.person_id, self.organisation_id) in self.consents
        return {
            "yes": True,
            "no": False,
            "consent": consent,
            "own+consent": own or consent,
            "own/named": own or self.user.pk in item.named_user_ids,
        }[cell]


def _event_column(event) -> str:
    from herenigd.access.categories import EVENT_CATEGORY

    category = str(EVENT_CATEGORY[event.type])
    return "intake" if category == "intake_normal" else category


def _recorder_org(user) -> int | None:
    professional = Professional.objects.filter(user=user).first() if user else None
    return professional.organisation_id if professional else None


def describe(kwarg: str, pk: int) -> Item | None:
    """The object a URL kwarg names, in the oracle's terms; None when it does not exist."""
    model = urlwalk.kwarg_model(kwarg)
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        return None
    name = model.__name__
    if name == "Family":
        return Item(obj.pk, None, FAMILY_LEVEL)
    if name == "Person":
        return Item(obj.family_id, obj.pk, "identity")
    if name == "EventRevision":
        obj, name = obj.event, "TimelineEvent"
    if name == "TimelineEvent":
        recorder = _recorder_org(obj.recorded_by)
        return Item(obj.family_id, obj.person_id, _event_column(obj), recorder)
    if name == "Contact":
        return Item(obj.family_id, obj.person_id, "contact_log")
    if name == "AttentionPointStatusChange":
        obj, name = obj.point, "AttentionPoint"
    if name == "AttentionPoint":
        column = {"health": "health", "confidential": "confidential"}.get(
            obj.sensitivity, "attention_normal"
        )
        named = frozenset(obj.named_users.values_list("pk", flat=True))
        return Item(obj.family_id, obj.person_id, column, obj.recorded_by_organisation_id, named)
    if name == "PlanGoal":
        return Item(obj.family_id, None, "household")
    if name == "PlanAction":
        return Item(obj.goal.family_id, obj.person_id, "household")
    if name == "FamilyObservation":
        return Item(obj.family_id, None, "intake")
    if name == "IntakeResponse":
        return Item(obj.person.family_id, obj.person_id, "intake", obj.organisation_id)
    if name == "Consent":
        return Item(obj.person.family_id, obj.person_id, "own_organisation", obj.organisation_id)
    raise AssertionError(f"teach describe() who may see a {name} (kwarg {kwarg})")


#: Patterns whose object rule is not "may open the family": break-the-glass may be asked for any
#: family of the own municipality, never for another municipality's (relation table).
BREAK_GLASS = "api:break-glass"


def object_visible(viewer: Viewer, concrete: urlwalk.ConcreteUrl, municipality_of) -> bool:
    values = dict(concrete.values)
    items = {k: describe(k, v) for k, v in values.items()}
    if concrete.pattern.name == BREAK_GLASS:
        family = items["family_id"]
        return (
            family is not None
            and viewer.role is not None
            and viewer.role not in NO_DATA
            and municipality_of(family.family_id) == viewer.municipality_id
        )
    if not all(viewer.sees(item) for item in items.values()):
        return False
    if "family_id" in values:  # an object of another family is not reachable through this one
        return all(i.family_id == values["family_id"] for i in items.values())
    return True


# --- Arranging a relation -------------------------------------------------------------------------


def arrange(lw, role: str, relation: str, django_user_model) -> Viewer:
    world = lw.world
    family, other = world.family, world.other_family
    if relation == "member_account":
        return Viewer(world.sponsor_user, None, None, None)
    user = world.users[role]
    org = Professional.objects.get(user=user).organisation
    scope: dict[int, frozenset[int] | None] = {}
    if relation in ("whole", "regisseur"):
        scope = {family.pk: None}
    elif relation == "named":
        Involvement.objects.filter(organisation=org, family=family).delete()
        Involvement.objects.create(
            organisation=org, family=family, person=lw.son, started_on=timezone.localdate()
        )
        scope = {family.pk: frozenset({lw.son.pk})}
    elif relation == "ended":
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        Involvement.objects.filter(organisation=org, family=family).update(ended_on=yesterday)
    elif relation == "never":
        Involvement.objects.filter(organisation=org, family=family).delete()
    elif relation == "other_municipality":
        org = world.other_orgs[ROLE_ORGANISATION[role]]
        user = make_user(django_user_model, f"{role}-almelo", org, role)
        Involvement.objects.create(organisation=org, family=other, started_on=timezone.localdate())
        scope = {other.pk: None}
    elif relation == "break_glass":
        Involvement.objects.filter(organisation=org, family=family).delete()
        now = timezone.now()
        BreakGlassAccess.objects.create(
            user=user,
            family=family,
            reason="acute crisis at the family home tonight",
            started_at=now,
            expires_at=now + datetime.timedelta(hours=3),
        )
        scope = {family.pk: None}
    else:
        raise AssertionError(relation)
    if role in NO_DATA:
        scope = {}
    return Viewer(user, role, org.pk, org.municipality_id, scope, lw.consents)


# --- Requests -------------------------------------------------------------------------------------


def plausible_body(lw, name: str) -> dict:
    """A body a real user of the page could send (no marker in it)."""
    today = timezone.localdate().isoformat()
    bodies = {
        "home": {},
        "families:caseload": {"q": "Haddad"},
        "families:family": {"as_of": today},
        "families:event_add": {"type": "arrival", "date": today, "person": "son"},
        "families:event_correct": {"date": "2017-04-03", "note": "corrected by the walk"},
        "families:contact_add": {
            "person": "partner",
            "date": today,
            "direct": "true",
            "interpreter": "phone",
            "topic": "allowances",
        },
        "families:plan_goal": {"text": "Find a school for the son"},
        "families:plan_action": {"goal": lw.goal.pk, "text": "Call the school", "person": "son"},
        # The same code another organisation already has open for the same person.
        "families:concern_add": {"person": "partner", "note": "Bruises seen at the home visit"},
        "families:observation_add": {"code": "roles_obligations", "observed_on": today},
        "intake:person": {"q": "adult", "age_group": "30_49", "save": "1"},
        "access:who_saw": {},
        "api:families": {},
        "api:family": {},
        "api:break-glass": {"reason": "Acute crisis, police at the door tonight"},
        "api:who-saw": {},
    }
    if name not in bodies:
        raise AssertionError(f"add a plausible POST body for {name!r} in test_every_url.py")
    return bodies[name]


#: POSTs that change what the user may see (break-the-glass opens the family) go last.
ACCESS_CHANGING = {BREAK_GLASS}

_CSRF = [
    (re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*'), rb"\1-"),
    (re.compile(rb'("X-CSRFToken": ")[^"]*'), rb"\1-"),
]


@dataclass(frozen=True)
class Answer:
    status: int
    content_type: str
    body: bytes

    @classmethod
    def of(cls, response, path: str) -> Answer:
        body = response.content
        for pattern, replacement in _CSRF:
            body = pattern.sub(replacement, body)
        body = body.replace(path.encode(), b"<path>")
        return cls(response.status_code, response.get("Content-Type", ""), body)


class Walker:
    def __init__(self, client: Client):
        self.client = client
        self.missing: dict[tuple, Answer] = {}

    def request(self, method: str, url: str, body: dict | None):
        if method == "GET":
            response = self.client.get(url)
        else:
            response = self.client.post(url, body or {})
            # A POST leaves a flash message for the next page; drop it, so that two answers
            # differ only by what the request itself shows.
            self.client.cookies.pop("messages", None)
        return response

    def answer_for_missing(self, method, concrete, body_kind, body, replace):
        key = (method, concrete.pattern.route, body_kind, tuple(sorted(replace.items())))
        if key not in self.missing:
            probe = concrete.with_values(**replace)
            response = self.request(method, probe.url, body)
            self.missing[key] = Answer.of(response, probe.url)
        return self.missing[key]


def markers_in(body: bytes) -> set[str]:
    text = body.decode("utf-8", errors="replace")
    return {name for name, marker in LEAK_MARKERS.items() if marker in text}


def walk(lw, viewer: Viewer, client: Client):
    """Request every concrete URL; return (URL patterns walked, requests made, problems)."""
    from herenigd.families.models import Family

    municipalities = dict(Family.objects.values_list("pk", "municipality_id"))
    allowed = {name for name, item in lw.items.items() if viewer.sees(item)}
    patterns = urlwalk.url_patterns()
    concretes = urlwalk.concrete_urls(patterns)
    # Decided once, on the world as it is before any POST changes it.
    hidden = {c: hidden_kwargs(viewer, c, municipalities.get) for c in concretes}
    walker = Walker(client)
    problems: list[str] = []
    shown: set[str] = set()
    count = 0

    def check(method, concrete, body_kind, body):
        nonlocal count
        url = concrete.url
        response = walker.request(method, url, body)
        count += 1
        answer = Answer.of(response, url)
        where = f"{method} {body_kind} {concrete.pattern.name} {url}"
        if response.status_code >= 500:
            problems.append(f"{where}: status {response.status_code}")
        leaked = markers_in(response.content) - allowed
        if leaked:
            problems.append(f"{where}: shows {sorted(leaked)}")
        if method == "GET":
            shown.update(markers_in(response.content))
        if not concrete.values:
            return
        refused = hidden[concrete]
        if refused or response.status_code == 404:
            replace = refused or urlwalk.missing_values(concrete.pattern)
            expected = walker.answer_for_missing(method, concrete, body_kind, body, replace)
            if answer != expected:
                problems.append(
                    f"{where}: answers {answer.status} ({len(answer.body)} bytes), an id that "
                    f"does not exist {expected.status} ({len(expected.body)} bytes)"
                    + (f" [not visible: {sorted(refused)}]" if refused else " [a 404]")
                )

    for concrete in concretes:
        check("GET", concrete, "get", None)
    for concrete in concretes:
        check("POST", concrete, "empty", {})
    ordered = sorted(concretes, key=lambda c: c.pattern.name in ACCESS_CHANGING)
    for concrete in ordered:
        body = plausible_body(lw, concrete.pattern.name)
        if body:  # an empty plausible body is the request of the pass before
            check("POST", concrete, "plausible", body)

    for name in sorted(allowed - shown):
        if lw.items[name].rendered:
            problems.append(f"{name}: may be seen, but no page shows it")
    return len(patterns), count, problems


def hidden_kwargs(viewer, concrete, municipality_of) -> dict[str, int]:
    """{} when the user may see the object of this URL; otherwise the kwarg to replace by a
    missing id to get the answer the refusal must look like: the first kwarg (in URL order)
    whose object the user may not see through this URL."""
    if object_visible(viewer, concrete, municipality_of):
        return {}
    values = dict(concrete.values)
    missing = urlwalk.missing_values(concrete.pattern)
    if concrete.pattern.name == BREAK_GLASS:
        return {"family_id": missing["family_id"]}
    for name in concrete.pattern.kwargs:
        item = describe(name, values[name])
        same_family = (
            name == "family_id"
            or "family_id" not in values
            or (item is not None and item.family_id == values["family_id"])
        )
        if not viewer.sees(item) or not same_family:
            return {name: missing[name]}
    raise AssertionError(f"{concrete.url} is hidden, but no kwarg is")


@pytest.mark.parametrize(("role", "relation"), cases())
def test_every_url_shows_each_marker_exactly_where_the_tables_allow(
    leak_world, django_user_model, role, relation
):
    viewer = arrange(leak_world, role, relation, django_user_model)
    client = Client(raise_request_exception=False)
    if viewer.role is None:
        client.force_login(viewer.user)
    else:
        login_verified(client, viewer.user)
    patterns, requests, problems = walk(leak_world, viewer, client)
    print(f"[{role}/{relation}] {patterns} URL patterns, {requests} requests")  # -s shows it
    assert patterns >= urlwalk.PATTERNS_AT_LEAST, "the walk lost URL patterns"
    assert not problems, f"{role} / {RELATIONS[relation]}:\n" + "\n".join(problems)


@pytest.mark.parametrize("role", [Role.WIJKTEAM, Role.SOCIAL_GUIDANCE, Role.GP])
def test_every_url_after_break_the_glass(leak_world, django_user_model, role):
    """Break-the-glass opens the whole family, with the role's categories only."""
    viewer = arrange(leak_world, role, "break_glass", django_user_model)
    client = Client(raise_request_exception=False)
    login_verified(client, viewer.user)
    patterns, _requests, problems = walk(leak_world, viewer, client)
    assert patterns >= urlwalk.PATTERNS_AT_LEAST
    assert not problems, f"{role} / {RELATIONS['break_glass']}:\n" + "\n".join(problems)
