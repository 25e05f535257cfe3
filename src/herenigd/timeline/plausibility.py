"""Plausibility of a family's dates and roles: one declarative table (docs/bundles.md)
for the case-bundle importer, the timeline write services (web forms, API) and member writes.
`refuse`: impossible, the input is refused; `flag`: unusual but possibly true, accepted with a
warning. Plain data only (`MemberFacts`, `EventFacts`, a bundle's JSON); a `Problem`'s message is
translated when shown, naming the event type by its label, the member, the value and the rule."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from .vocab import EventType

REFUSE, FLAG = "refuse", "flag"
RULES_MD, REPORT, COMMON_SENSE = "rules.md", "report", "common sense"
SOURCES = (RULES_MD, REPORT, COMMON_SENSE)

#: Event types that may be recorded ahead, as planned appointments (see `planned_date_too_late`).
PLANNED_TYPES = frozenset(
    {EventType.EVIDENCE_INTERVIEW, EventType.INFORMATION_SESSION, EventType.JGZ_INTAKE}
)


@dataclasses.dataclass(frozen=True)
class Rule:
    code: str
    severity: str
    description: Promise  # one line: what is checked (`%(limit)s`: the limit)
    message: Promise  # the located sentence of a problem, with named placeholders
    source: str
    reason: str  # why this rule, its limit and its severity
    limit: Any = None

    @property
    def summary(self) -> str:
        """The description in the active language, with the limit filled in."""
        return str(self.description) % {"limit": _limit(self.limit)}


_TABLE = (
    Rule(
        "event_date_too_early",
        REFUSE,
        _("No event date before %(limit)s."),
        _(
            "Event %(event)s on %(date)s is before %(limit)s: a date that early is not "
            "plausible (a typing error in the year?)."
        ),
        COMMON_SENSE,
        "No one followed lived before 1900; year 1 is a typing error. Never true: refused.",
        datetime.date(1900, 1, 1),
    ),
    Rule(
        "event_date_too_late",
        REFUSE,
        _("No event date more than %(limit)s days after the as-of date (except planned types)."),
        _(
            "Event %(event)s on %(date)s is more than %(limit)s days after %(as_of)s: only a "
            "planned appointment may lie that far ahead."
        ),
        RULES_MD,
        "Events after the as-of date are ignored (rules.md): a mistyped 2999 would never count "
        "and its deadline stay open. The margin allows what is fixed for the coming weeks.",
        31,
    ),
    Rule(
        "planned_date_too_late",
        REFUSE,
        _("A planned appointment at most %(limit)s days after the as-of date."),
        _(
            "Event %(event)s on %(date)s is more than %(limit)s days after %(as_of)s: even a "
            "planned appointment does not lie that far ahead."
        ),
        RULES_MD,
        "PLANNED_TYPES are appointments made ahead (IND invitation, scheduled session, JGZ "
        "appointment), read only from their date on; other types are facts (a future arrival "
        "or guidance_ended would count on the caseload). One year covers real planning.",
        366,
    ),
    Rule(
        "event_before_birth",
        REFUSE,
        _("No event of a person before their birth (a year-only birth compares by year)."),
        _("Event %(event)s on %(date)s is before the birth (%(birth)s)."),
        REPORT,
        "The tester's finding; impossible: refused. A year-only birth compares by year.",
    ),
    Rule(
        "birth_after_event",
        REFUSE,
        _("A person's birth date is not after one of their own events (such as their arrival)."),
        _("Birth date %(birth)s of '%(member)s' is after their event '%(type)s' on %(date)s."),
        REPORT,
        "The same, seen from a changed birth date (born after their own arrival): refused.",
    ),
    Rule(
        "birth_date_too_early",
        REFUSE,
        _("No birth date before %(limit)s."),
        _(
            "Birth date %(birth)s of '%(member)s' is before %(limit)s: a date that early is not "
            "plausible (a typing error in the year?)."
        ),
        COMMON_SENSE,
        "As for events: no one followed was born before 1900. Refused.",
        datetime.date(1900, 1, 1),
    ),
    Rule(
        "birth_date_in_future",
        REFUSE,
        _("No birth date after the as-of date."),
        _(
            "Birth date %(birth)s of '%(member)s' is after %(as_of)s: a birth date cannot lie "
            "in the future."
        ),
        COMMON_SENSE,
        "A child still to be born is a pregnancy event, not a member; no margin. Refused.",
    ),
    Rule(
        "child_too_old",
        FLAG,
        _("A member with the role child is at most %(limit)s years old at the as-of date."),
        _(
            "'%(member)s' has the role child but is %(age)s years old on %(as_of)s (older than "
            "%(limit)s): check the role and the birth date %(birth)s."
        ),
        COMMON_SENSE,
        "Reunification is for minor children, adult (young, dependent) children are the "
        "exception: a 'child' of 40 is a wrong role or year, but a long case can have one: flag.",
        25,
    ),
    Rule(
        "child_age_gap",
        FLAG,
        _("A member with the role child is at least %(limit)s years younger than the sponsor."),
        _(
            "'%(member)s' has the role child but is less than %(limit)s years younger than the "
            "sponsor (born %(birth)s, the sponsor %(sponsor_birth)s): check the role and the "
            "birth dates."
        ),
        COMMON_SENSE,
        "Impossible for the sponsor's own child, possible for a stepchild: flagged.",
        12,
    ),
    Rule(
        "partner_too_young",
        REFUSE,
        _("A member with the role partner is at least %(limit)s years old at the as-of date."),
        _(
            "'%(member)s' has the role partner but is %(age)s years old on %(as_of)s (younger "
            "than %(limit)s): the role or the birth date %(birth)s is wrong."
        ),
        COMMON_SENSE,
        "A marriage with a minor is not recognised (Wet tegengaan huwelijksdwang): no child is "
        "reunified as a partner; under 15 the role or year is wrong. Refused.",
        15,
    ),
    Rule(
        "partner_minor",
        FLAG,
        _("A member with the role partner is an adult (%(limit)s or older) at the as-of date."),
        _(
            "'%(member)s' has the role partner but is a minor (%(age)s years old on "
            "%(as_of)s): a marriage with a minor is not recognised in the Netherlands; check "
            "the role and the birth date %(birth)s."
        ),
        COMMON_SENSE,
        "15 to 17 can be true (an estimated year, a marriage abroad) and needs attention: flag.",
        18,
    ),
    Rule(
        "parent_younger_than_sponsor",
        REFUSE,
        _("A member with the role parent is older than the sponsor."),
        _(
            "'%(member)s' has the role parent but is not older than the sponsor (born "
            "%(birth)s, the sponsor %(sponsor_birth)s): the role or a birth date is wrong."
        ),
        COMMON_SENSE,
        "A parent born on or after the sponsor is impossible (year-only: a later year): refused.",
    ),
    Rule(
        "parent_age_gap",
        FLAG,
        _("A member with the role parent is at least %(limit)s years older than the sponsor."),
        _(
            "'%(member)s' has the role parent but is less than %(limit)s years older than the "
            "sponsor (born %(birth)s, the sponsor %(sponsor_birth)s): check the role and the "
            "birth dates."
        ),
        COMMON_SENSE,
        "Nearly impossible, possible for a step-parent or two year-only births: flagged.",
        12,
    ),
    Rule(
        "arrival_before_decision",
        FLAG,
        _("A reunifier arrives after the first decision on the application."),
        _(
            "Event %(event)s on %(date)s is before '%(other_type)s' on %(other_date)s: on the "
            "reunification route the IND decides before the family member travels; check both "
            "dates."
        ),
        REPORT,
        "Report §2.1-2.3: application, decision, MVV, then travel. Flagged: either date can be "
        "wrong, the order of recording must not block a correction, other routes exist.",
    ),
    Rule(
        "arrival_before_mvv",
        FLAG,
        _("A reunifier arrives after their first MVV was issued."),
        _(
            "Event %(event)s on %(date)s is before '%(other_type)s' on %(other_date)s: on the "
            "reunification route the family member travels with the MVV; check both dates."
        ),
        REPORT,
        "As for the decision (their own MVV or the family's): flagged.",
    ),
)

#: The table, by code.
RULES: dict[str, Rule] = {rule.code: rule for rule in _TABLE}


# --- plain data --------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class MemberFacts:
    key: str
    role: str
    #: A year-only birth is stored as 1 July of that year (rules.md).
    birth_date: datetime.date | None = None
    birth_year_only: bool = False
    travelled_with_sponsor: bool = False

    @property
    def reunifier(self) -> bool:
        """rules.md: not the sponsor and not travelled to the Netherlands with the sponsor."""
        return self.role != "sponsor" and not self.travelled_with_sponsor

    @property
    def birth_value(self) -> str:
        """The birth date as a case bundle writes it (YYYY-MM-DD, or YYYY); "" when unknown."""
        if self.birth_date is None:
            return ""
        return (
            f"{self.birth_date.year:04d}" if self.birth_year_only else self.birth_date.isoformat()
        )

    @property
    def birth_text(self) -> str:
        """The birth date as a message shows it: d-m-yyyy, or the year alone."""
        return self.birth_value if self.birth_year_only else _d(self.birth_date)


@dataclasses.dataclass(frozen=True)
class EventFacts:
    type: str
    date: datetime.date
    #: The member's key; None for an event of the whole family.
    person: str | None = None
    #: The caller's reference (a bundle index, a primary key), carried into each Problem.
    ref: Hashable = None


@dataclasses.dataclass(frozen=True)
class Problem:
    rule: str
    severity: str
    #: What was found implausible: "date" of an event, "birth_date" or "role" of a member.
    field: str
    #: The value of that field as a case bundle writes it (ISO date, year, role).
    value: str
    member_key: str | None
    #: A lazily translated sentence; not part of a problem's identity.
    message: str = dataclasses.field(compare=False, hash=False)
    #: The `EventFacts.ref` of an event's problem; None for a member's.
    ref: Hashable = None
    #: Its JSON path in a case bundle (`bundle_family_problems`), else "".
    path: str = ""

    @property
    def refused(self) -> bool:
        return self.severity == REFUSE

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else str(self.message)


# --- messages ----------------------------------------------------------------------------------

_LABELS = dict(EventType.choices)


@dataclasses.dataclass(frozen=True)
class _Label:
    """An event type's label (vocab.EventType), in the language active when shown."""

    type: str

    def __str__(self) -> str:
        return str(_LABELS.get(self.type, self.type))


@dataclasses.dataclass(frozen=True)
class _Event:
    """An event named in a message by its type's label and whose it is, rendered when shown."""

    type: str
    member: str | None

    def __str__(self) -> str:
        label = _Label(self.type)
        if self.member is None:
            # Translators: an event of the whole family: "'Decision on the application' of…".
            return pgettext("plausibility", "'%(type)s' of the family") % {"type": label}
        # Translators: an event of a member (by key): "'Arrival in the Netherlands' of 'son'".
        text = pgettext("plausibility", "'%(type)s' of '%(member)s'")
        return text % {"type": label, "member": self.member}


def _d(value: datetime.date) -> str:
    """Dates as d-m-yyyy, like the reason texts of attention points."""
    return f"{value.day}-{value.month}-{value.year:04d}"


def _limit(limit: Any) -> str:
    return _d(limit) if isinstance(limit, datetime.date) else str(limit)


def _render(code: str, params: Mapping[str, Any]) -> str:
    limit = _limit(RULES[code].limit)
    return str(RULES[code].message) % {"limit": limit, **{k: str(v) for k, v in params.items()}}


_lazy_render = lazy(_render, str)


def _problem(code: str, field: str, value: str, member_key, ref=None, **params) -> Problem:
    rule = RULES[code]
    return Problem(code, rule.severity, field, value, member_key, _lazy_render(code, params), ref)


def _of_event(code: str, event: EventFacts, **params) -> Problem:
    """A problem at an event's date."""
    where = {"event": _Event(event.type, event.person), "date": _d(event.date)}
    iso = event.date.isoformat()
    return _problem(code, "date", iso, event.person, event.ref, **where, **params)


def _of_member(code: str, member: MemberFacts, field: str, **params) -> Problem:
    """A problem at a member's birth date or role."""
    value = member.birth_value if field == "birth_date" else member.role
    where = {"member": member.key, "birth": member.birth_text}
    return _problem(code, field, value, member.key, **where, **params)


# --- checks ------------------------------------------------------------------------------------


def check_event(event: EventFacts, member: MemberFacts | None, *, as_of) -> list[Problem]:
    """The event's date against the table's range, and against the birth of `member` (the
    event's person; None for a family event or a birth not to compare with)."""
    if event.date < RULES["event_date_too_early"].limit:
        return [_of_event("event_date_too_early", event)]
    code = "planned_date_too_late" if event.type in PLANNED_TYPES else "event_date_too_late"
    if (event.date - as_of).days > RULES[code].limit:
        return [_of_event(code, event, as_of=_d(as_of))]
    if member is not None and _before_birth(event.date, member):
        return [_of_event("event_before_birth", event, birth=member.birth_text)]
    return []


def _before_birth(date: datetime.date, member: MemberFacts) -> bool:
    if member.birth_date is None:
        return False
    if member.birth_year_only:
        return date.year < member.birth_date.year
    return date < member.birth_date


def check_member(
    member: MemberFacts,
    *,
    as_of,
    sponsor: MemberFacts | None = None,
    events: Iterable[EventFacts] = (),
) -> list[Problem]:
    """The member's birth date: its range, not after their own `events`; and the role against
    the age at `as_of` and the `sponsor`'s birth. A refused birth date is not checked further."""
    if member.birth_date is None:
        return []
    problems = _birth_range(member, as_of)
    if problems:
        return problems
    problems += _role_age(member, as_of)
    if sponsor is not None and sponsor.key != member.key and sponsor.birth_date is not None:
        problems += [] if _birth_range(sponsor, as_of) else _generation(member, sponsor)
    own = [e for e in events if e.person == member.key and _before_birth(e.date, member)]
    if own:
        first = min(own, key=lambda e: e.date)
        problems.append(
            _of_member(
                "birth_after_event",
                member,
                "birth_date",
                type=_Label(first.type),
                date=_d(first.date),
            )
        )
    return problems


def _birth_range(member: MemberFacts, as_of) -> list[Problem]:
    born = member.birth_date
    if born < RULES["birth_date_too_early"].limit:
        return [_of_member("birth_date_too_early", member, "birth_date")]
    if born > as_of and not (member.birth_year_only and born.year == as_of.year):
        return [_of_member("birth_date_in_future", member, "birth_date", as_of=_d(as_of))]
    return []


def _age(born: datetime.date, on: datetime.date) -> int:
    """Whole years (rules.md: ages are in whole years at D)."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _role_age(member: MemberFacts, as_of) -> list[Problem]:
    age = _age(member.birth_date, as_of)
    code = None
    if member.role == "child" and age > RULES["child_too_old"].limit:
        code = "child_too_old"
    elif member.role == "partner" and age < RULES["partner_too_young"].limit:
        code = "partner_too_young"
    elif member.role == "partner" and age < RULES["partner_minor"].limit:
        code = "partner_minor"
    return [_of_member(code, member, "role", age=age, as_of=_d(as_of))] if code else []


def _years_between(older: MemberFacts, younger: MemberFacts) -> int:
    """Whole years from one birth to the other (by year when either is year-only); negative
    when `older` was born later."""
    if older.birth_year_only or younger.birth_year_only:
        return younger.birth_date.year - older.birth_date.year
    if older.birth_date > younger.birth_date:
        return -_age(younger.birth_date, older.birth_date)
    return _age(older.birth_date, younger.birth_date)


def _generation(member: MemberFacts, sponsor: MemberFacts) -> list[Problem]:
    code = None
    if member.role == "parent":
        if member.birth_year_only or sponsor.birth_year_only:
            not_older = member.birth_date.year > sponsor.birth_date.year
        else:
            not_older = member.birth_date >= sponsor.birth_date
        if not_older:
            code = "parent_younger_than_sponsor"
        elif _years_between(member, sponsor) < RULES["parent_age_gap"].limit:
            code = "parent_age_gap"
    elif member.role == "child" and _years_between(sponsor, member) < RULES["child_age_gap"].limit:
        code = "child_age_gap"
    if code is None:
        return []
    return [_of_member(code, member, "role", sponsor_birth=sponsor.birth_text)]


#: Route rules: (code, the event type a reunifier's arrival must not precede).
_ROUTE = (
    ("arrival_before_decision", EventType.DECISION),
    ("arrival_before_mvv", EventType.MVV_ISSUED),
)


def check_route(members: Sequence[MemberFacts], events: Sequence[EventFacts]) -> list[Problem]:
    """Each reunifier's arrival against the first decision and the first MVV issued (their own
    or the family's); nothing when none is recorded."""
    reunifiers = {m.key for m in members if m.reunifier}
    problems = []
    for arrival in events:
        if arrival.type != EventType.ARRIVAL or arrival.person not in reunifiers:
            continue
        for code, other in _ROUTE:
            dates = [
                e.date for e in events if e.type == other and e.person in (None, arrival.person)
            ]
            if dates and arrival.date < min(dates):
                problems.append(
                    _of_event(code, arrival, other_type=_Label(other), other_date=_d(min(dates)))
                )
    return problems


def check_family(
    members: Sequence[MemberFacts], events: Sequence[EventFacts], *, as_of
) -> list[Problem]:
    """Every rule of the table over one family: each member (against the sponsor), each event
    (against its person's birth, unless that birth date is refused itself) and the route. An
    event before a birth is reported at the event."""
    sponsor = next((m for m in members if m.role == "sponsor"), None)
    births: dict[str, MemberFacts] = {}
    problems: list[Problem] = []
    for member in members:
        found = check_member(member, as_of=as_of, sponsor=sponsor)
        problems += found
        if not any(p.field == "birth_date" for p in found):
            births.setdefault(member.key, member)
    for event in events:
        problems += check_event(event, births.get(event.person), as_of=as_of)
    return problems + check_route(members, events)


def introduced(before: Iterable[Problem], after: Iterable[Problem]) -> list[Problem]:
    """The problems of `after` that `before` did not have: what one write brings in (problems
    are the same when their rule, field, value, member and reference are)."""
    known = set(before)
    return [p for p in after if p not in known]


def refusals(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == REFUSE]


def flags(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == FLAG]


# --- case bundles ------------------------------------------------------------------------------


def bundle_family_problems(family: Mapping, *, as_of, path: str) -> list[Problem]:
    """The problems of one family of a case bundle (parsed JSON; `path` is the family's JSON
    path, e.g. "$.family"), each located: "$.family.events[3].date", "$.family.members[1].role".
    What the importer reports itself (an impossible date such as 2017-02-30, an unknown member
    key, a malformed item) is skipped here."""
    members, index, problems = [], {}, []
    for i, raw in enumerate(_items(family, "members")):
        member = _bundle_member(raw)
        if member is not None and member.key not in index:
            index[member.key] = i
            members.append(member)
            if raw.get("birth_date") == "0000":  # a year no date can hold
                zero = {"member": member.key, "birth": "0000"}
                problems.append(
                    _problem("birth_date_too_early", "birth_date", "0000", member.key, **zero)
                )
    events = [e for i, raw in enumerate(_items(family, "events")) if (e := _bundle_event(raw, i))]
    located = []
    for p in problems + check_family(members, events, as_of=as_of):
        item = f"events[{p.ref}]" if p.ref is not None else f"members[{index[p.member_key]}]"
        located.append(dataclasses.replace(p, path=f"{path}.{item}.{p.field}"))
    return located


def _items(family: Any, name: str) -> list:
    items = family.get(name) if isinstance(family, Mapping) else None
    return items if isinstance(items, list) else []


def _bundle_member(raw: Any) -> MemberFacts | None:
    if not isinstance(raw, Mapping) or not all(
        isinstance(raw.get(f), str) for f in ("key", "role")
    ):
        return None
    text, travelled = raw.get("birth_date"), raw.get("travelled_with_sponsor") is True
    member = MemberFacts(raw["key"], raw["role"], _date(text), travelled_with_sponsor=travelled)
    if isinstance(text, str) and len(text) == 4 and text.isdigit() and text != "0000":
        return dataclasses.replace(
            member, birth_date=datetime.date(int(text), 7, 1), birth_year_only=True
        )
    return member


def _bundle_event(raw: Any, index: int) -> EventFacts | None:
    if not isinstance(raw, Mapping) or not isinstance(raw.get("type"), str):
        return None
    date, person = _date(raw.get("date")), raw.get("person")
    if date is None or not (person is None or isinstance(person, str)):
        return None
    return EventFacts(raw["type"], date, person, ref=index)


def _date(text: Any) -> datetime.date | None:
    """An ISO date of a bundle; None for anything else (the importer reports that)."""
    if not isinstance(text, str) or len(text) != 10:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None
