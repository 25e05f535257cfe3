"""Reason texts of attention points, in the active language, quoting the data (factors.md §4).

Each attention point carries a reason that quotes the data that triggered it. Dates are written
d-m-yyyy; a member is named by given name (with the role), or by role when no name is known.
`render` reads only the point's `facts` (JSON-friendly: ISO dates, member keys), so a stored point
can be re-rendered later, in any language.

The texts are gettext messages with the English text as message id: whole sentences with named
`{placeholders}`, so a translation may put the parts in its own order; a language is added by
adding a catalogue. Facts that are missing or of the wrong type (an anonymised point keeps
`facts = {}`) give a neutral sentence naming the point by its label (`labels.py`).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping
from typing import Any

from django.utils import translation
from django.utils.translation import gettext, ngettext, pgettext, pgettext_lazy

from .dates import format_date
from .facts import Member
from .labels import ATTENTION_LABELS, attention_label

__all__ = ["CODES", "render", "render_in"]

Facts = Mapping[str, Any]
Members = Mapping[str, Member]


class _BadFacts(ValueError):
    """A fact a text needs is missing or of the wrong type."""


_BARE, _DEFINITE, _INDEFINITE = 0, 1, 2

#: role: (bare, definite, indefinite). An unknown role is named as "other".
_ROLE = {
    "sponsor": (
        # Translators: a family member's role without article, as in "Karim (sponsor)".
        pgettext_lazy("role", "sponsor"),
        # Translators: a family member's role with the definite article, as a subject or object.
        pgettext_lazy("role, definite", "the sponsor"),
        # Translators: a family member's role where English uses the indefinite article ("a
        # child arrived"); the sponsor is only one, so "the sponsor".
        pgettext_lazy("role, indefinite", "the sponsor"),
    ),
    "partner": (
        pgettext_lazy("role", "partner"),
        pgettext_lazy("role, definite", "the partner"),
        # Translators: the sponsor's partner, without article ("Partner arrived 4-9-2017").
        pgettext_lazy("role, indefinite", "partner"),
    ),
    "child": (
        pgettext_lazy("role", "child"),
        pgettext_lazy("role, definite", "the child"),
        pgettext_lazy("role, indefinite", "a child"),
    ),
    "parent": (
        pgettext_lazy("role", "parent"),
        pgettext_lazy("role, definite", "the parent"),
        pgettext_lazy("role, indefinite", "a parent"),
    ),
    "sibling": (
        pgettext_lazy("role", "sibling"),
        pgettext_lazy("role, definite", "the sibling"),
        pgettext_lazy("role, indefinite", "a sibling"),
    ),
    "other": (
        pgettext_lazy("role", "family member"),
        pgettext_lazy("role, definite", "the family member"),
        pgettext_lazy("role, indefinite", "a family member"),
    ),
}

#: Organisation type (rule set `organisation_types`) → name; an unknown type is shown as is.
_ORGANISATION = {
    # Translators: an organisation type, as in "(contact by municipality)".
    "municipality": pgettext_lazy("organisation type", "municipality"),
    "social_guidance": pgettext_lazy("organisation type", "social guidance"),
    "legal_guidance": pgettext_lazy("organisation type", "legal guidance"),
    # Translators: the Immigration and Naturalisation Service (Immigratie- en Naturalisatiedienst).
    "ind": pgettext_lazy("organisation type", "IND"),
    "embassy": pgettext_lazy("organisation type", "embassy"),
    # Translators: the Central Agency for the Reception of Asylum Seekers.
    "coa": pgettext_lazy("organisation type", "COA"),
    # Translators: GezondheidsZorg Asielzoekers, the health care of asylum seekers.
    "gza": pgettext_lazy("organisation type", "GZA"),
    # Translators: the municipal public health service.
    "ggd": pgettext_lazy("organisation type", "GGD"),
    # Translators: youth health care (jeugdgezondheidszorg).
    "jgz": pgettext_lazy("organisation type", "JGZ"),
    # Translators: general practitioner.
    "gp": pgettext_lazy("organisation type", "GP"),
    "school": pgettext_lazy("organisation type", "school"),
    "wijkteam": pgettext_lazy("organisation type", "neighbourhood team"),
    # Translators: the Dutch advice and reporting centre for domestic violence and child abuse.
    "veilig_thuis": pgettext_lazy("organisation type", "Veilig Thuis"),
    # Translators: the Dutch guardianship organisation for unaccompanied minors.
    "nidos": pgettext_lazy("organisation type", "Nidos"),
    "welfare": pgettext_lazy("organisation type", "welfare organisation"),
    "mental_health": pgettext_lazy("organisation type", "mental health care"),
    # Translators: the offices that pay allowances and benefits (Toeslagen, SVB).
    "allowances": pgettext_lazy("organisation type", "allowances office"),
    "interpreter_service": pgettext_lazy("organisation type", "interpreter service"),
}

#: Unit of a term → its text for a count; the units in the order they are written.
_UNIT_TEXT: dict[str, Callable[[int], str]] = {
    "years": lambda n: ngettext("{n} year", "{n} years", n),
    "months": lambda n: ngettext("{n} month", "{n} months", n),
    "weeks": lambda n: ngettext("{n} week", "{n} weeks", n),
    "days": lambda n: ngettext("{n} day", "{n} days", n),
}


# --- reading facts -----------------------------------------------------------------------------


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _BadFacts(value)
    return value


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise _BadFacts(value)
    return value


def _d(value: Any) -> str:
    """An ISO date fact, written d-m-yyyy."""
    return format_date(_dt.date.fromisoformat(_str(value)))


def _map(value: Any) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _BadFacts(value)
    return value


def _items(value: Any) -> list[Mapping[str, Any]]:
    """A non-empty list of mappings (e.g. the arrivals of FAMILY_INCOMPLETE)."""
    if not isinstance(value, list) or not value:
        raise _BadFacts(value)
    return [_map(item) for item in value]


# --- words -------------------------------------------------------------------------------------


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _name(members: Members, key: Any, form: int, detail: str | None = None) -> str:
    """'Rana (partner)' when the given name is known, else the role ('the partner', 'a child');
    `detail` joins the parenthesis: 'Omar (child, aged 12)', 'the child (aged 12)'."""
    if key is not None and not isinstance(key, str):
        raise _BadFacts(key)
    member = members.get(key) if key is not None else None
    if member is None:
        # Translators: names the whole family when a point is on no one member.
        who = key or pgettext("member", "the family")
    elif member.given_name:
        role = str(_ROLE.get(member.role, _ROLE["other"])[_BARE])
        if detail is None:
            # Translators: a member's given name and role: "Rana (partner)".
            return pgettext("member", "{name} ({role})").format(name=member.given_name, role=role)
        # Translators: a member's given name, role and a detail such as the age: "Omar (child,
        # aged 12)".
        return pgettext("member", "{name} ({role}, {detail})").format(
            name=member.given_name, role=role, detail=detail
        )
    else:
        who = str(_ROLE.get(member.role, _ROLE["other"])[form])
    if detail is None:
        return who
    # Translators: a member named by role (or key), with a detail such as the age: "the child
    # (aged 12)".
    return pgettext("member", "{person} ({detail})").format(person=who, detail=detail)


def _aged(age: Any) -> str:
    age = _int(age)
    # Translators: a person's age in years, inside a parenthesis: "Omar (child, aged 12)".
    return ngettext("aged {age}", "aged {age}", age).format(age=age)


def _join(items: list[str]) -> str:
    """'a, b and c'."""
    text = items[0]
    for item in items[1:-1]:
        # Translators: adds an item to a list: "{items}, {item}" gives "a, b".
        text = pgettext("list", "{items}, {item}").format(items=text, item=item)
    if len(items) > 1:
        # Translators: adds the last item to a list: "{items} and {item}" gives "a, b and c".
        text = pgettext("list", "{items} and {item}").format(items=text, item=items[-1])
    return text


def _duration(term: Any) -> str:
    """'3 months', '180 days', '1 year and 2 months'; '0 days' for an empty term (a rule-set
    term as `Duration.as_dict()` stores it: units years, months, weeks, days)."""
    term = _map(term)
    if not term.keys() <= _UNIT_TEXT.keys():
        raise _BadFacts(term)
    parts = []
    for unit, words in _UNIT_TEXT.items():
        n = _int(term.get(unit, 0))
        if n:
            parts.append(words(n).format(n=n))
    if not parts:
        return ngettext("{n} day", "{n} days", 0).format(n=0)
    text = parts[0]
    for part in parts[1:]:
        # Translators: adds a part to a duration: "1 year" and "2 months" give "1 year and 2
        # months".
        text = pgettext("duration", "{duration} and {part}").format(duration=text, part=part)
    return text


def _amount(value: Any) -> str:
    """'~€2,500' / 'ca. € 2.500'."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _BadFacts(value)
    whole = int(value) if float(value).is_integer() else value
    separators = {
        # Translators: the separator of thousands in numbers: 2,500 (English), 2.500 (Dutch).
        ord(","): pgettext("number", ","),
        # Translators: the decimal separator in numbers: 2.5 (English), 2,5 (Dutch).
        ord("."): pgettext("number", "."),
    }
    number = f"{whole:,}".translate(separators)
    # Translators: an approximate amount in euros; {amount} is the number: "~€2,500".
    return pgettext("amount", "~€{amount}").format(amount=number)


def _org(code: Any) -> str:
    if code is None:
        return pgettext("organisation type", "unknown organisation")
    name = _ORGANISATION.get(_str(code))
    return code if name is None else str(name)


# --- the reasons, one function per code --------------------------------------------------------


def _application_deadline(f: Facts, m: Members) -> str:
    granted, due, days = _d(f["permit_granted"]), _d(f["due"]), _int(f["days_left"])
    term = _duration(f["term"])
    if days >= 0:
        text = ngettext(
            # Translators: {term} is a duration ("3 months"); {days} counts the days left until
            # {due}.
            "Permit granted {granted} and no reunification application filed yet: the term of "
            "{term} ends {due} ({days} day left).",
            "Permit granted {granted} and no reunification application filed yet: the term of "
            "{term} ends {due} ({days} days left).",
            days,
        )
    else:
        text = gettext(
            # Translators: {term} is a duration ("3 months"), {due} the date it ended.
            "Permit granted {granted} and no reunification application filed yet: the term of "
            "{term} ended {due}."
        )
    return text.format(granted=granted, term=term, due=due, days=days)


def _decision_overdue(f: Facts, m: Members) -> str:
    filed, due, late = _d(f["application_filed"]), _d(f["due"]), _int(f["days_overdue"])
    text = ngettext(
        # Translators: {term} is a duration ("180 days"); {days} counts the days since {due}.
        "Application filed {filed}; no decision within the legal term of {term} (due {due}, "
        "now {days} day overdue).",
        "Application filed {filed}; no decision within the legal term of {term} (due {due}, "
        "now {days} days overdue).",
        late,
    )
    return text.format(filed=filed, term=_duration(f["term"]), due=due, days=late)


def _application_refused(f: Facts, m: Members) -> str:
    return gettext("The latest decision, of {date}, refuses the application.").format(
        date=_d(f["decision"])
    )


def _long_separation(f: Facts, m: Members) -> str:
    text = gettext(
        # Translators: {person} is a member ("Amina (parent)", "the parent"); {term} a duration
        # ("2 years").
        "{person} last lived with the sponsor on {separated} and arrived {arrival}: more than "
        "{term} apart."
    )
    return text.format(
        person=_name(m, f["person"], _DEFINITE),
        separated=_d(f["separated"]),
        arrival=_d(f["arrival"]),
        term=_duration(f["min_separation"]),
    )


def _arrived(m: Members, arrivals: Any, form: int) -> str:
    """'Omar (sibling) arrived 6-2-2017 and Rana (partner) arrived 4-9-2017'."""
    return _join(
        [
            # Translators: one item of a list of arrivals: "Rana (partner) arrived 4-9-2017".
            pgettext("clause", "{person} arrived {date}").format(
                person=_name(m, a["person"], form), date=_d(a["arrival"])
            )
            for a in _items(arrivals)
        ]
    )


def _family_incomplete(f: Facts, m: Members) -> str:
    away = []
    for a in _items(f["not_in_nl"]):
        who = _name(m, a["person"], _BARE)
        if a["location"] == "missing":
            # Translators: one item of a list of members not in the Netherlands.
            away.append(pgettext("clause", "{person} is missing").format(person=who))
        else:
            away.append(pgettext("clause", "{person} is still abroad").format(person=who))
    # Translators: {arrived} lists who arrived ("Rana (partner) arrived 4-9-2017"),
    # {not_in_nl} who is not in the Netherlands ("Lina (sibling) is still abroad").
    return gettext("{arrived}; {not_in_nl}.").format(
        arrived=_arrived(m, f["arrived"], _BARE), not_in_nl=_join(away)
    )


def _ex_amv_overload(f: Facts, m: Members) -> str:
    return gettext(
        # Translators: {arrived} lists who arrived ("a parent arrived 6-2-2017").
        "{sponsor} is an (ex-)unaccompanied minor and {arrived}: risk of overload."
    ).format(
        sponsor=_name(m, f["sponsor"], _DEFINITE), arrived=_arrived(m, f["arrived"], _INDEFINITE)
    )


def _guardianship_handover(f: Facts, m: Members) -> str:
    parent, adult = f.get("parent_arrived"), f.get("adult_since")
    if parent and adult:
        text = gettext(
            # Translators: {age} is the age of majority (18), reached on {adult_since}.
            "{sponsor} is an (ex-)unaccompanied minor with no recorded end of guardianship; "
            "{parent} arrived {arrival} and {sponsor} turned {age} on {adult_since}: warm "
            "handover from Nidos to social guidance needed."
        )
    elif parent:
        text = gettext(
            "{sponsor} is an (ex-)unaccompanied minor with no recorded end of guardianship; "
            "{parent} arrived {arrival}: warm handover from Nidos to social guidance needed."
        )
    elif adult:
        text = gettext(
            # Translators: {age} is the age of majority (18), reached on {adult_since}.
            "{sponsor} is an (ex-)unaccompanied minor with no recorded end of guardianship; "
            "{sponsor} turned {age} on {adult_since}: warm handover from Nidos to social "
            "guidance needed."
        )
    else:
        raise _BadFacts(f)
    return text.format(
        sponsor=_name(m, f["sponsor"], _DEFINITE),
        parent=_name(m, _map(parent)["person"], _INDEFINITE) if parent else "",
        arrival=_d(_map(parent)["arrival"]) if parent else "",
        age=_int(f["adult_age"]) if adult else "",
        adult_since=_d(adult) if adult else "",
    )


def _direct_route_info_gap(f: Facts, m: Members) -> str:
    text = gettext(
        # Translators: an azc is a reception centre for asylum seekers.
        "{person} moved directly to the municipality on {date} (no stay in an azc) and has no "
        "recorded information session on health care."
    )
    return text.format(person=_name(m, f["person"], _DEFINITE), date=_d(f["moved"]))


def _not_reached(f: Facts, m: Members) -> str:
    days = _int(f["days_since_arrival"])
    text = ngettext(
        # Translators: {days} counts the days since {arrival}; {via} is the number of contacts
        # through other family members.
        "{person} arrived {arrival}; {days} day later there is still no direct contact with "
        "this person themself (contacts via others: {via}).",
        "{person} arrived {arrival}; {days} days later there is still no direct contact with "
        "this person themself (contacts via others: {via}).",
        days,
    )
    return text.format(
        person=_name(m, f["person"], _DEFINITE),
        arrival=_d(f["arrival"]),
        days=days,
        via=_int(f["contacts_via_others"]),
    )


def _alo_kop_reclaim(f: Facts, m: Members) -> str:
    since = f.get("child_in_nl_since")
    if since:
        text = gettext(
            # Translators: {amount} is an approximate amount in euros ("~€2,500").
            "{partner} arrived {arrival}; {child} has lived in NL since {since}: the tax office "
            "may reclaim the single-parent supplement ({amount})."
        )
    else:
        text = gettext(
            # Translators: {amount} is an approximate amount in euros ("~€2,500").
            "{partner} arrived {arrival}; {child} came to NL with the sponsor: the tax office "
            "may reclaim the single-parent supplement ({amount})."
        )
    return text.format(
        partner=_name(m, f["partner"], _INDEFINITE),
        arrival=_d(f["partner_arrival"]),
        child=_name(m, f["child"], _INDEFINITE),
        since=_d(since) if since else "",
        amount=_amount(f["amount_eur"]),
    )


def _health_insurance_gap(f: Facts, m: Members) -> str:
    text = gettext(
        # Translators: {term} is a duration ("14 days"), ending on {due}; the health cost cover is
        # the Regeling Zorg Asielzoekers.
        "The residence document of {person} was issued {issued}; no health insurance was "
        "recorded within {term} (by {due}), when the asylum seekers' health cost cover ends."
    )
    return text.format(
        person=_name(m, f["person"], _DEFINITE),
        issued=_d(f["residence_document_issued"]),
        term=_duration(f["term"]),
        due=_d(f["due"]),
    )


def _coa_deregistration_risk(f: Facts, m: Members) -> str:
    text = gettext(
        "{person} moved on {date} into the sponsor's home, recorded as unsuitable, and no family "
        "home is assigned: risk of deregistration at COA and losing the place on the housing "
        "list."
    )
    return text.format(person=_name(m, f["person"], _DEFINITE), date=_d(f["moved"]))


def _housing_wait(f: Facts, m: Members) -> str:
    days = _int(f["days_since_arrival"])
    text = ngettext(
        # Translators: {days} counts the days since {arrival}.
        "{person} arrived {arrival}; {days} day later no family home is assigned and no move to "
        "a suitable home is recorded.",
        "{person} arrived {arrival}; {days} days later no family home is assigned and no move "
        "to a suitable home is recorded.",
        days,
    )
    return text.format(person=_name(m, f["person"], _DEFINITE), arrival=_d(f["arrival"]), days=days)


def _interpreter_needed(f: Facts, m: Members) -> str:
    level = _str(f["dutch_level"])
    if level == "none":
        text = gettext("{person} is an adult who speaks no Dutch and does not speak English.")
    else:
        text = gettext(
            # Translators: {level} is a language level of the European framework (A0, A1, ...).
            "{person} is an adult who speaks Dutch at level {level} and does not speak English."
        )
    return text.format(person=_name(m, f["person"], _DEFINITE, _aged(f["age"])), level=level)


def _school_concern(f: Facts, m: Members) -> str:
    age = _int(f["age"])
    detail = ngettext(
        # Translators: a child's age, inside a parenthesis: "Omar (child, aged 12, of compulsory
        # school age)".
        "aged {age}, of compulsory school age",
        "aged {age}, of compulsory school age",
        age,
    ).format(age=age)
    text = gettext(
        "{person} arrived {arrival}; no school registration was recorded in time (due {due})."
    )
    return text.format(
        person=_name(m, f["person"], _DEFINITE, detail), arrival=_d(f["arrival"]), due=_d(f["due"])
    )


def _pregnancy(f: Facts, m: Members) -> str:
    if f.get("person") is None:
        text = gettext(
            "Pregnancy in the family recorded on {date}; no birth has been recorded since."
        )
        return text.format(date=_d(f["pregnancy"]))
    # Translators: {person} is the pregnant member ("Rana (partner)", "the partner").
    text = gettext("Pregnancy of {person} recorded on {date}; no birth has been recorded since.")
    return text.format(person=_name(m, f["person"], _DEFINITE), date=_d(f["pregnancy"]))


def _child_interpreter(f: Facts, m: Members) -> str:
    last = _map(f["latest"])
    n = _int(f["contacts"])
    text = ngettext(
        # Translators: {person} is the child who interpreted ("Omar (sibling, aged 12)"), {for_whom}
        # the member they interpreted for, {organisation} the type of organisation of the contact
        # ("COA"); {n} counts the contacts with this child as interpreter.
        "{person} interpreted for {for_whom} on {date} (contact by {organisation}); recorded as "
        "interpreter {n} time.",
        "{person} interpreted for {for_whom} on {date} (contact by {organisation}); recorded as "
        "interpreter {n} times.",
        n,
    )
    return text.format(
        person=_name(m, f["person"], _DEFINITE, _aged(last["age"])),
        for_whom=_name(m, last["for"], _DEFINITE),
        date=_d(last["date"]),
        organisation=_org(last["organisation"]),
        n=n,
    )


_RENDERERS: dict[str, Callable[[Facts, Members], str]] = {
    "APPLICATION_DEADLINE": _application_deadline,
    "DECISION_OVERDUE": _decision_overdue,
    "APPLICATION_REFUSED": _application_refused,
    "LONG_SEPARATION": _long_separation,
    "FAMILY_INCOMPLETE": _family_incomplete,
    "EX_AMV_OVERLOAD": _ex_amv_overload,
    "GUARDIANSHIP_HANDOVER": _guardianship_handover,
    "DIRECT_ROUTE_INFO_GAP": _direct_route_info_gap,
    "NOT_REACHED": _not_reached,
    "ALO_KOP_RECLAIM": _alo_kop_reclaim,
    "HEALTH_INSURANCE_GAP": _health_insurance_gap,
    "COA_DEREGISTRATION_RISK": _coa_deregistration_risk,
    "HOUSING_WAIT": _housing_wait,
    "INTERPRETER_NEEDED": _interpreter_needed,
    "SCHOOL_CONCERN": _school_concern,
    "PREGNANCY": _pregnancy,
    "CHILD_INTERPRETER": _child_interpreter,
}
#: The codes with a reason rendered from facts (the data-derived codes).
CODES = frozenset(_RENDERERS)

#: What incomplete or ill-typed facts (and a translation with a wrong placeholder) raise.
_FACT_ERRORS = (_BadFacts, KeyError, IndexError, TypeError, ValueError, AttributeError)


def _neutral(code: Any) -> str:
    """'Attention point: Not reached.'; 'Other attention point.' for an unknown code."""
    if isinstance(code, str) and code in ATTENTION_LABELS:
        label = attention_label(code)
        try:
            # Translators: the reason of a point whose data are no longer known; {label} is
            # the label of the attention point ("Not reached").
            return gettext("Attention point: {label}.").format(label=label)
        except _FACT_ERRORS:
            return label
    return gettext("Other attention point.")


def render(code: str, facts: Facts, members: Members) -> str:
    """The reason of an attention point from its facts, in the active language.

    Never raises: an unknown code, or facts that are missing or of the wrong type, give a
    neutral sentence naming the point by its label.
    """
    renderer = _RENDERERS.get(code) if isinstance(code, str) else None
    if renderer is None or not isinstance(facts, Mapping):
        return _neutral(code)
    try:
        return _cap(renderer(facts, members if members is not None else {}))
    except _FACT_ERRORS:
        return _neutral(code)


def render_in(code: str, facts: Facts, members: Members, language: str) -> str:
    """`render` in `language` (a Django language code: "nl", "en")."""
    with translation.override(language):
        return render(code, facts, members)
