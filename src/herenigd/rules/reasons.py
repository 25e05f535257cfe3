"""Reason texts of attention points, in Dutch and English, quoting the data (factors.md §4).

Each attention point carries a reason that quotes the data that triggered it. Dates are written
d-m-yyyy; a member is named by given name (with the role), or by role when no name is known.
`render` reads only the point's `facts` (JSON-friendly: ISO dates, member keys), so a stored point
can be re-rendered later.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

from .dates import format_date
from .facts import Member
from .ruleset import Duration

__all__ = ["render"]

Facts = Mapping[str, Any]
Members = Mapping[str, Member]

_ROLE = {
    # role: (bare, definite, indefinite)
    "en": {
        "sponsor": ("sponsor", "the sponsor", "the sponsor"),
        "partner": ("partner", "the partner", "partner"),
        "child": ("child", "the child", "a child"),
        "parent": ("parent", "the parent", "a parent"),
        "sibling": ("sibling", "the sibling", "a sibling"),
        "other": ("family member", "the family member", "a family member"),
    },
    "nl": {
        "sponsor": ("referent", "de referent", "de referent"),
        "partner": ("partner", "de partner", "partner"),
        "child": ("kind", "het kind", "een kind"),
        "parent": ("ouder", "de ouder", "een ouder"),
        "sibling": ("broer of zus", "de broer of zus", "een broer of zus"),
        "other": ("gezinslid", "het gezinslid", "een gezinslid"),
    },
}
_BARE, _DEFINITE, _INDEFINITE = 0, 1, 2

_ORGANISATION = {
    "municipality": ("gemeente", "municipality"),
    "social_guidance": ("maatschappelijke begeleiding", "social guidance"),
    "legal_guidance": ("juridische begeleiding", "legal guidance"),
    "ind": ("IND", "IND"),
    "embassy": ("ambassade", "embassy"),
    "coa": ("COA", "COA"),
    "gza": ("GZA", "GZA"),
    "ggd": ("GGD", "GGD"),
    "jgz": ("JGZ", "JGZ"),
    "gp": ("huisarts", "GP"),
    "school": ("school", "school"),
    "wijkteam": ("wijkteam", "neighbourhood team"),
    "veilig_thuis": ("Veilig Thuis", "Veilig Thuis"),
    "nidos": ("Nidos", "Nidos"),
    "welfare": ("welzijnsorganisatie", "welfare organisation"),
    "mental_health": ("GGZ", "mental health care"),
    "allowances": ("Toeslagen/SVB", "allowances office"),
    "interpreter_service": ("tolkendienst", "interpreter service"),
}


def _d(iso: str) -> str:
    return format_date(_dt.date.fromisoformat(iso))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _name(members: Members, key: str | None, lang: str, form: int, extra: str = "") -> str:
    """'Rana (partner)' when the given name is known, else the role ('the partner', 'a child');
    `extra` joins the parenthesis: 'Omar (child, aged 12)', 'the child (aged 12)'."""
    member = members.get(key) if key is not None else None
    if member is None:
        name = key or ("the family" if lang == "en" else "het gezin")
        return f"{name} ({extra})" if extra else name
    words = _ROLE[lang].get(member.role, _ROLE[lang]["other"])
    if member.given_name:
        inside = f"{words[_BARE]}, {extra}" if extra else words[_BARE]
        return f"{member.given_name} ({inside})"
    return f"{words[form]} ({extra})" if extra else words[form]


def _join(items: list[str], lang: str) -> str:
    """'a, b and c' / 'a, b en c'."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {'and' if lang == 'en' else 'en'} {items[-1]}"


def _duration(term: Mapping[str, int], lang: str) -> str:
    return _describe(tuple(term.items()), lang)


@lru_cache(maxsize=256)
def _describe(term: tuple[tuple[str, int], ...], lang: str) -> str:
    return Duration(**dict(term)).describe(lang)


def _amount(value: float, lang: str) -> str:
    whole = int(value) if float(value).is_integer() else value
    text = f"{whole:,}"
    if lang == "nl":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
        return f"ca. € {text}"
    return f"~€{text}"


def _org(code: str | None, lang: str) -> str:
    if code is None:
        return "onbekende organisatie" if lang == "nl" else "unknown organisation"
    names = _ORGANISATION.get(code)
    return code if names is None else names[0 if lang == "nl" else 1]


def _application_deadline(f: Facts, m: Members) -> tuple[str, str]:
    p, due, days = _d(f["permit_granted"]), _d(f["due"]), f["days_left"]
    term_nl, term_en = _duration(f["term"], "nl"), _duration(f["term"], "en")
    if days >= 0:
        end_nl = f"eindigt op {due} (nog {days} dagen)"
        end_en = f"ends {due} ({days} days left)"
    else:
        end_nl = f"is op {due} verstreken"
        end_en = f"ended {due}"
    return (
        f"Verblijfsvergunning verleend op {p} en nog geen aanvraag gezinshereniging ingediend: "
        f"de termijn van {term_nl} {end_nl}.",
        f"Permit granted {p} and no reunification application filed yet: "
        f"the term of {term_en} {end_en}.",
    )


def _decision_overdue(f: Facts, m: Members) -> tuple[str, str]:
    a, due, late = _d(f["application_filed"]), _d(f["due"]), f["days_overdue"]
    return (
        f"Aanvraag ingediend op {a}; geen beslissing binnen de wettelijke termijn van "
        f"{_duration(f['term'], 'nl')} (uiterlijk {due}, nu {late} dagen over tijd).",
        f"Application filed {a}; no decision within the legal term of "
        f"{_duration(f['term'], 'en')} (due {due}, now {late} days overdue).",
    )


def _application_refused(f: Facts, m: Members) -> tuple[str, str]:
    d = _d(f["decision"])
    return (
        f"De laatste beslissing, van {d}, wijst de aanvraag af.",
        f"The latest decision, of {d}, refuses the application.",
    )


def _long_separation(f: Facts, m: Members) -> tuple[str, str]:
    who_nl = _name(m, f["person"], "nl", _DEFINITE)
    who_en = _name(m, f["person"], "en", _DEFINITE)
    s, r = _d(f["separated"]), _d(f["arrival"])
    return (
        _cap(
            f"{who_nl} woonde tot {s} samen met de referent en kwam aan op {r}: meer dan "
            f"{_duration(f['min_separation'], 'nl')} gescheiden."
        ),
        _cap(
            f"{who_en} last lived with the sponsor on {s} and arrived {r}: more than "
            f"{_duration(f['min_separation'], 'en')} apart."
        ),
    )


def _family_incomplete(f: Facts, m: Members) -> tuple[str, str]:
    here_nl = [
        f"{_name(m, a['person'], 'nl', _BARE)} kwam aan op {_d(a['arrival'])}" for a in f["arrived"]
    ]
    here_en = [
        f"{_name(m, a['person'], 'en', _BARE)} arrived {_d(a['arrival'])}" for a in f["arrived"]
    ]
    away_nl, away_en = [], []
    for a in f["not_in_nl"]:
        missing = a["location"] == "missing"
        where_nl = "wordt vermist" if missing else "is nog in het buitenland"
        where_en = "is missing" if missing else "is still abroad"
        away_nl.append(f"{_name(m, a['person'], 'nl', _BARE)} {where_nl}")
        away_en.append(f"{_name(m, a['person'], 'en', _BARE)} {where_en}")
    return (
        _cap(f"{_join(here_nl, 'nl')}; {_join(away_nl, 'nl')}."),
        _cap(f"{_join(here_en, 'en')}; {_join(away_en, 'en')}."),
    )


def _ex_amv_overload(f: Facts, m: Members) -> tuple[str, str]:
    sp_nl, sp_en = _name(m, f["sponsor"], "nl", _DEFINITE), _name(m, f["sponsor"], "en", _DEFINITE)
    arr_nl = _join(
        [
            f"{_name(m, a['person'], 'nl', _INDEFINITE)} kwam aan op {_d(a['arrival'])}"
            for a in f["arrived"]
        ],
        "nl",
    )
    arr_en = _join(
        [
            f"{_name(m, a['person'], 'en', _INDEFINITE)} arrived {_d(a['arrival'])}"
            for a in f["arrived"]
        ],
        "en",
    )
    return (
        _cap(f"{sp_nl} is (ex-)amv en {arr_nl}: risico op overbelasting."),
        _cap(f"{sp_en} is an (ex-)unaccompanied minor and {arr_en}: risk of overload."),
    )


def _guardianship_handover(f: Facts, m: Members) -> tuple[str, str]:
    sp_nl, sp_en = _name(m, f["sponsor"], "nl", _DEFINITE), _name(m, f["sponsor"], "en", _DEFINITE)
    why_nl, why_en = [], []
    parent = f.get("parent_arrived")
    if parent:
        arrived = _d(parent["arrival"])
        why_nl.append(f"{_name(m, parent['person'], 'nl', _INDEFINITE)} kwam aan op {arrived}")
        why_en.append(f"{_name(m, parent['person'], 'en', _INDEFINITE)} arrived {arrived}")
    adult = f.get("adult_since")
    if adult:
        why_nl.append(f"{sp_nl} is {f['adult_age']} sinds {_d(adult)}")
        why_en.append(f"{sp_en} turned {f['adult_age']} on {_d(adult)}")
    return (
        _cap(
            f"{sp_nl} is (ex-)amv en er is geen einde van de voogdij vastgelegd; "
            f"{' en '.join(why_nl)}: warme overdracht van Nidos naar maatschappelijke begeleiding."
        ),
        _cap(
            f"{sp_en} is an (ex-)unaccompanied minor with no recorded end of guardianship; "
            f"{' and '.join(why_en)}: warm handover from Nidos to social guidance needed."
        ),
    )


def _direct_route_info_gap(f: Facts, m: Members) -> tuple[str, str]:
    who_nl, who_en = _name(m, f["person"], "nl", _DEFINITE), _name(m, f["person"], "en", _DEFINITE)
    d = _d(f["moved"])
    return (
        _cap(
            f"{who_nl} verhuisde op {d} direct naar de gemeente (zonder verblijf in een azc) en "
            "heeft geen vastgelegde voorlichting over de gezondheidszorg."
        ),
        _cap(
            f"{who_en} moved directly to the municipality on {d} (no stay in an azc) and has "
            "no recorded information session on health care."
        ),
    )


def _not_reached(f: Facts, m: Members) -> tuple[str, str]:
    who_nl, who_en = _name(m, f["person"], "nl", _DEFINITE), _name(m, f["person"], "en", _DEFINITE)
    r, days, via = _d(f["arrival"]), f["days_since_arrival"], f["contacts_via_others"]
    return (
        _cap(
            f"{who_nl} kwam aan op {r}; {days} dagen later is er nog geen direct contact met "
            f"deze persoon zelf (contacten via anderen: {via})."
        ),
        _cap(
            f"{who_en} arrived {r}; {days} days later there is still no direct contact with "
            f"this person themself (contacts via others: {via})."
        ),
    )


def _alo_kop_reclaim(f: Facts, m: Members) -> tuple[str, str]:
    partner_nl = _name(m, f["partner"], "nl", _INDEFINITE)
    partner_en = _name(m, f["partner"], "en", _INDEFINITE)
    child_nl = _name(m, f["child"], "nl", _INDEFINITE)
    child_en = _name(m, f["child"], "en", _INDEFINITE)
    r2 = _d(f["partner_arrival"])
    since = f.get("child_in_nl_since")
    if since:
        child_part_nl = f"{child_nl} woont sinds {_d(since)} in Nederland"
        child_part_en = f"{child_en} has lived in NL since {_d(since)}"
    else:
        child_part_nl = f"{child_nl} kwam met de referent naar Nederland"
        child_part_en = f"{child_en} came to NL with the sponsor"
    amount = f["amount_eur"]
    return (
        _cap(
            f"{partner_nl} kwam aan op {r2}; {child_part_nl}: de Belastingdienst kan de "
            f"alleenstaande-ouderkop terugvorderen ({_amount(amount, 'nl')})."
        ),
        _cap(
            f"{partner_en} arrived {r2}; {child_part_en}: the tax office may reclaim the "
            f"single-parent supplement ({_amount(amount, 'en')})."
        ),
    )


def _health_insurance_gap(f: Facts, m: Members) -> tuple[str, str]:
    who_nl, who_en = _name(m, f["person"], "nl", _DEFINITE), _name(m, f["person"], "en", _DEFINITE)
    t, due = _d(f["residence_document_issued"]), _d(f["due"])
    return (
        f"Het verblijfsdocument van {who_nl} is afgegeven op {t}; er is geen zorgverzekering "
        f"vastgelegd binnen {_duration(f['term'], 'nl')} (uiterlijk {due}), wanneer de Regeling "
        "Zorg Asielzoekers afloopt.",
        f"The residence document of {who_en} was issued {t}; no health insurance was recorded "
        f"within {_duration(f['term'], 'en')} (by {due}), when the asylum seekers' health cost "
        "cover ends.",
    )


def _coa_deregistration_risk(f: Facts, m: Members) -> tuple[str, str]:
    who_nl, who_en = _name(m, f["person"], "nl", _DEFINITE), _name(m, f["person"], "en", _DEFINITE)
    d = _d(f["moved"])
    return (
        _cap(
            f"{who_nl} is op {d} in de als ongeschikt vastgelegde woning van de referent gaan "
            "wonen en er is geen gezinswoning toegewezen: risico op uitschrijving bij het COA en "
            "verlies van de plek op de wachtlijst."
        ),
        _cap(
            f"{who_en} moved on {d} into the sponsor's home, recorded as unsuitable, and no "
            "family home is assigned: risk of deregistration at COA and losing the place on the "
            "housing list."
        ),
    )


def _housing_wait(f: Facts, m: Members) -> tuple[str, str]:
    who_nl, who_en = _name(m, f["person"], "nl", _DEFINITE), _name(m, f["person"], "en", _DEFINITE)
    r, days = _d(f["arrival"]), f["days_since_arrival"]
    return (
        _cap(
            f"{who_nl} kwam aan op {r}; {days} dagen later is er geen gezinswoning toegewezen "
            "en geen verhuizing naar een geschikte woning vastgelegd."
        ),
        _cap(
            f"{who_en} arrived {r}; {days} days later no family home is assigned and no move "
            "to a suitable home is recorded."
        ),
    )


def _interpreter_needed(f: Facts, m: Members) -> tuple[str, str]:
    who_nl = _name(m, f["person"], "nl", _DEFINITE, f"{f['age']} jaar")
    who_en = _name(m, f["person"], "en", _DEFINITE, f"aged {f['age']}")
    level = f["dutch_level"]
    if level == "none":
        nl, en = "spreekt geen Nederlands", "speaks no Dutch"
    else:
        nl, en = f"spreekt Nederlands op niveau {level}", f"speaks Dutch at level {level}"
    return (
        _cap(f"{who_nl} is volwassen, {nl} en spreekt geen Engels."),
        _cap(f"{who_en} is an adult who {en} and does not speak English."),
    )


def _school_concern(f: Facts, m: Members) -> tuple[str, str]:
    age = f["age"]
    who_nl = _name(m, f["person"], "nl", _DEFINITE, f"{age} jaar, leerplichtig")
    who_en = _name(m, f["person"], "en", _DEFINITE, f"aged {age}, of compulsory school age")
    r, due = _d(f["arrival"]), _d(f["due"])
    return (
        _cap(
            f"{who_nl} kwam aan op {r}; er is geen inschrijving op school vastgelegd binnen de "
            f"termijn (uiterlijk {due})."
        ),
        _cap(f"{who_en} arrived {r}; no school registration was recorded in time (due {due})."),
    )


def _pregnancy(f: Facts, m: Members) -> tuple[str, str]:
    d = _d(f["pregnancy"])
    if f.get("person") is None:
        whose_nl, whose_en = "in het gezin", "in the family"
    else:
        whose_nl = f"van {_name(m, f['person'], 'nl', _DEFINITE)}"
        whose_en = f"of {_name(m, f['person'], 'en', _DEFINITE)}"
    return (
        f"Zwangerschap {whose_nl} vastgelegd op {d}; sindsdien is geen geboorte vastgelegd.",
        f"Pregnancy {whose_en} recorded on {d}; no birth has been recorded since.",
    )


def _child_interpreter(f: Facts, m: Members) -> tuple[str, str]:
    last = f["latest"]
    d, age, n = _d(last["date"]), last["age"], f["contacts"]
    who_nl = _name(m, f["person"], "nl", _DEFINITE, f"{age} jaar")
    who_en = _name(m, f["person"], "en", _DEFINITE, f"aged {age}")
    for_nl = _name(m, last["for"], "nl", _DEFINITE)
    for_en = _name(m, last["for"], "en", _DEFINITE)
    return (
        _cap(
            f"{who_nl} tolkte op {d} voor {for_nl} "
            f"(contact van {_org(last['organisation'], 'nl')}); {n} keer als tolk vastgelegd."
        ),
        _cap(
            f"{who_en} interpreted for {for_en} on {d} "
            f"(contact by {_org(last['organisation'], 'en')}); recorded as interpreter "
            f"{n} {'time' if n == 1 else 'times'}."
        ),
    )


_RENDERERS: dict[str, Callable[[Facts, Members], tuple[str, str]]] = {
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
CODES = frozenset(_RENDERERS)


def render(code: str, facts: Facts, members: Members) -> tuple[str, str]:
    """(reason_nl, reason_en) of a data-derived attention point from its facts."""
    return _RENDERERS[code](facts, members)
