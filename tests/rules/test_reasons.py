"""Reason texts quote the data, in the active language (factors.md §4; dates d-m-yyyy).

`TEXTS` is a table of facts → the Dutch and English reason, checked by hand. It was compared with
the texts of the earlier per-language tables of `reasons.py` (identical for every row, except that
a count of 1 day is now singular: "1 day left", "nog 1 dag"); the kitchen-sink tests run the
whole engine.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.utils import translation

from herenigd.rules.engine import evaluate
from herenigd.rules.facts import Member
from herenigd.rules.labels import ATTENTION_LABELS
from herenigd.rules.reasons import CODES, render, render_in
from herenigd.rules.ruleset import DATA_ATTENTION_CODES, OTHER_ATTENTION_CODES, load_ruleset

from .strategies import contact, ev, family, member

ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
NAMES = {"sp": "Karim", "pa": "Rana", "mo": "Amina", "br": "Lina", "br2": "Omar", "c1": "Sami"}

# --- render and render_in, from facts -----------------------------------------------------------

_PEOPLE = {
    "sp": ("sponsor", "Karim"),
    "pa": ("partner", "Rana"),
    "c1": ("child", "Omar"),
    "mo": ("parent", "Amina"),
    "br": ("sibling", "Lina"),
    "ot": ("other", "Yonas"),
    "x": ("stepparent", "Tesfay"),  # a role without a text: named as a family member
}
#: Members known by given name, and the same members known only by role.
NAMED = {k: Member(key=k, role=r, given_name=n) for k, (r, n) in _PEOPLE.items()}
ROLES = {k: Member(key=k, role=r) for k, (r, _) in _PEOPLE.items()}

TEXTS = [
    pytest.param(
        "APPLICATION_DEADLINE",
        {
            "person": "sp",
            "permit_granted": "2016-01-12",
            "due": "2016-04-12",
            "term": {"months": 3},
            "days_left": 5,
        },
        NAMED,
        (
            "Verblijfsvergunning verleend op 12-1-2016 en nog geen aanvraag "
            "gezinshereniging ingediend: de termijn van 3 maanden eindigt op 12-4-2016 "
            "(nog 5 dagen)."
        ),
        (
            "Permit granted 12-1-2016 and no reunification application filed yet: the "
            "term of 3 months ends 12-4-2016 (5 days left)."
        ),
        id="deadline: days left",
    ),
    pytest.param(
        "APPLICATION_DEADLINE",
        {
            "person": "sp",
            "permit_granted": "2016-01-12",
            "due": "2016-04-12",
            "term": {"months": 3},
            "days_left": 1,
        },
        NAMED,
        (
            "Verblijfsvergunning verleend op 12-1-2016 en nog geen aanvraag "
            "gezinshereniging ingediend: de termijn van 3 maanden eindigt op 12-4-2016 "
            "(nog 1 dag)."
        ),
        (
            "Permit granted 12-1-2016 and no reunification application filed yet: the "
            "term of 3 months ends 12-4-2016 (1 day left)."
        ),
        id="deadline: 1 day left",
    ),
    pytest.param(
        "APPLICATION_DEADLINE",
        {
            "person": "sp",
            "permit_granted": "2016-01-12",
            "due": "2016-04-12",
            "term": {"months": 3},
            "days_left": 0,
        },
        NAMED,
        (
            "Verblijfsvergunning verleend op 12-1-2016 en nog geen aanvraag "
            "gezinshereniging ingediend: de termijn van 3 maanden eindigt op 12-4-2016 "
            "(nog 0 dagen)."
        ),
        (
            "Permit granted 12-1-2016 and no reunification application filed yet: the "
            "term of 3 months ends 12-4-2016 (0 days left)."
        ),
        id="deadline: last day",
    ),
    pytest.param(
        "APPLICATION_DEADLINE",
        {
            "person": "sp",
            "permit_granted": "2016-01-12",
            "due": "2016-04-12",
            "term": {"months": 3},
            "days_left": -19,
        },
        NAMED,
        (
            "Verblijfsvergunning verleend op 12-1-2016 en nog geen aanvraag "
            "gezinshereniging ingediend: de termijn van 3 maanden is op 12-4-2016 "
            "verstreken."
        ),
        (
            "Permit granted 12-1-2016 and no reunification application filed yet: the "
            "term of 3 months ended 12-4-2016."
        ),
        id="deadline: ended",
    ),
    pytest.param(
        "APPLICATION_DEADLINE",
        {
            "person": "sp",
            "permit_granted": "2016-01-12",
            "due": "2017-03-13",
            "term": {"years": 1, "months": 2, "weeks": 1, "days": 1},
            "days_left": 21,
        },
        NAMED,
        (
            "Verblijfsvergunning verleend op 12-1-2016 en nog geen aanvraag "
            "gezinshereniging ingediend: de termijn van 1 jaar en 2 maanden en 1 week en "
            "1 dag eindigt op 13-3-2017 (nog 21 dagen)."
        ),
        (
            "Permit granted 12-1-2016 and no reunification application filed yet: the "
            "term of 1 year and 2 months and 1 week and 1 day ends 13-3-2017 (21 days "
            "left)."
        ),
        id="deadline: long term",
    ),
    pytest.param(
        "APPLICATION_DEADLINE",
        {
            "person": "sp",
            "permit_granted": "2016-01-12",
            "due": "2017-02-20",
            "term": {"years": 1, "months": 1, "weeks": 1},
            "days_left": -3,
        },
        NAMED,
        (
            "Verblijfsvergunning verleend op 12-1-2016 en nog geen aanvraag "
            "gezinshereniging ingediend: de termijn van 1 jaar en 1 maand en 1 week is op"
            " 20-2-2017 verstreken."
        ),
        (
            "Permit granted 12-1-2016 and no reunification application filed yet: the "
            "term of 1 year and 1 month and 1 week ended 20-2-2017."
        ),
        id="deadline: 1 of each unit",
    ),
    pytest.param(
        "APPLICATION_DEADLINE",
        {
            "person": "sp",
            "permit_granted": "2016-01-12",
            "due": "2016-01-12",
            "term": {},
            "days_left": -3,
        },
        NAMED,
        (
            "Verblijfsvergunning verleend op 12-1-2016 en nog geen aanvraag "
            "gezinshereniging ingediend: de termijn van 0 dagen is op 12-1-2016 "
            "verstreken."
        ),
        (
            "Permit granted 12-1-2016 and no reunification application filed yet: the "
            "term of 0 days ended 12-1-2016."
        ),
        id="deadline: empty term",
    ),
    pytest.param(
        "DECISION_OVERDUE",
        {
            "application_filed": "2016-03-01",
            "due": "2016-08-28",
            "term": {"days": 180},
            "days_overdue": 226,
        },
        NAMED,
        (
            "Aanvraag ingediend op 1-3-2016; geen beslissing binnen de wettelijke termijn"
            " van 180 dagen (uiterlijk 28-8-2016, nu 226 dagen over tijd)."
        ),
        (
            "Application filed 1-3-2016; no decision within the legal term of 180 days "
            "(due 28-8-2016, now 226 days overdue)."
        ),
        id="decision overdue",
    ),
    pytest.param(
        "DECISION_OVERDUE",
        {
            "application_filed": "2016-03-01",
            "due": "2016-08-28",
            "term": {"days": 180},
            "days_overdue": 1,
        },
        NAMED,
        (
            "Aanvraag ingediend op 1-3-2016; geen beslissing binnen de wettelijke termijn"
            " van 180 dagen (uiterlijk 28-8-2016, nu 1 dag over tijd)."
        ),
        (
            "Application filed 1-3-2016; no decision within the legal term of 180 days "
            "(due 28-8-2016, now 1 day overdue)."
        ),
        id="decision overdue: 1 day",
    ),
    pytest.param(
        "APPLICATION_REFUSED",
        {"decision": "2016-11-15", "outcome": "refused"},
        NAMED,
        "De laatste beslissing, van 15-11-2016, wijst de aanvraag af.",
        "The latest decision, of 15-11-2016, refuses the application.",
        id="refused",
    ),
    pytest.param(
        "LONG_SEPARATION",
        {
            "person": "mo",
            "separated": "2014-01-01",
            "arrival": "2017-02-06",
            "min_separation": {"years": 2},
        },
        NAMED,
        (
            "Amina (ouder) woonde tot 1-1-2014 samen met de referent en kwam aan op "
            "6-2-2017: meer dan 2 jaar gescheiden."
        ),
        (
            "Amina (parent) last lived with the sponsor on 1-1-2014 and arrived 6-2-2017:"
            " more than 2 years apart."
        ),
        id="long separation: named",
    ),
    pytest.param(
        "LONG_SEPARATION",
        {
            "person": "c1",
            "separated": "2014-01-01",
            "arrival": "2017-02-06",
            "min_separation": {"years": 1, "months": 6},
        },
        ROLES,
        (
            "Het kind woonde tot 1-1-2014 samen met de referent en kwam aan op 6-2-2017: "
            "meer dan 1 jaar en 6 maanden gescheiden."
        ),
        (
            "The child last lived with the sponsor on 1-1-2014 and arrived 6-2-2017: more"
            " than 1 year and 6 months apart."
        ),
        id="long separation: role",
    ),
    pytest.param(
        "LONG_SEPARATION",
        {
            "person": "ghost",
            "separated": "2014-01-01",
            "arrival": "2017-02-06",
            "min_separation": {"years": 2},
        },
        NAMED,
        (
            "Ghost woonde tot 1-1-2014 samen met de referent en kwam aan op 6-2-2017: "
            "meer dan 2 jaar gescheiden."
        ),
        (
            "Ghost last lived with the sponsor on 1-1-2014 and arrived 6-2-2017: more "
            "than 2 years apart."
        ),
        id="long separation: not a member",
    ),
    pytest.param(
        "FAMILY_INCOMPLETE",
        {
            "arrived": [
                {"person": "br", "arrival": "2017-02-06"},
                {"person": "mo", "arrival": "2017-02-06"},
                {"person": "pa", "arrival": "2017-09-04"},
            ],
            "not_in_nl": [{"person": "c1", "location": "abroad"}],
        },
        NAMED,
        (
            "Lina (broer of zus) kwam aan op 6-2-2017, Amina (ouder) kwam aan op 6-2-2017"
            " en Rana (partner) kwam aan op 4-9-2017; Omar (kind) is nog in het "
            "buitenland."
        ),
        (
            "Lina (sibling) arrived 6-2-2017, Amina (parent) arrived 6-2-2017 and Rana "
            "(partner) arrived 4-9-2017; Omar (child) is still abroad."
        ),
        id="family incomplete: named",
    ),
    pytest.param(
        "FAMILY_INCOMPLETE",
        {
            "arrived": [{"person": "pa", "arrival": "2017-09-04"}],
            "not_in_nl": [
                {"person": "c1", "location": "missing"},
                {"person": "br", "location": "abroad"},
                {"person": "ot", "location": "abroad"},
            ],
        },
        ROLES,
        (
            "Partner kwam aan op 4-9-2017; kind wordt vermist, broer of zus is nog in het"
            " buitenland en gezinslid is nog in het buitenland."
        ),
        (
            "Partner arrived 4-9-2017; child is missing, sibling is still abroad and "
            "family member is still abroad."
        ),
        id="family incomplete: roles",
    ),
    pytest.param(
        "EX_AMV_OVERLOAD",
        {
            "person": "sp",
            "sponsor": "sp",
            "arrived": [
                {"person": "mo", "arrival": "2017-02-06"},
                {"person": "br", "arrival": "2017-02-06"},
            ],
        },
        NAMED,
        (
            "Karim (referent) is (ex-)amv en Amina (ouder) kwam aan op 6-2-2017 en Lina "
            "(broer of zus) kwam aan op 6-2-2017: risico op overbelasting."
        ),
        (
            "Karim (sponsor) is an (ex-)unaccompanied minor and Amina (parent) arrived "
            "6-2-2017 and Lina (sibling) arrived 6-2-2017: risk of overload."
        ),
        id="ex-uam overload: named",
    ),
    pytest.param(
        "EX_AMV_OVERLOAD",
        {"person": "sp", "sponsor": "sp", "arrived": [{"person": "mo", "arrival": "2017-02-06"}]},
        ROLES,
        "De referent is (ex-)amv en een ouder kwam aan op 6-2-2017: risico op overbelasting.",
        (
            "The sponsor is an (ex-)unaccompanied minor and a parent arrived 6-2-2017: "
            "risk of overload."
        ),
        id="ex-uam overload: roles",
    ),
    pytest.param(
        "GUARDIANSHIP_HANDOVER",
        {
            "person": "sp",
            "sponsor": "sp",
            "adult_age": 18,
            "parent_arrived": {"person": "mo", "arrival": "2017-02-06"},
            "adult_since": "2017-01-01",
        },
        NAMED,
        (
            "Karim (referent) is (ex-)amv en er is geen einde van de voogdij vastgelegd; "
            "Amina (ouder) kwam aan op 6-2-2017 en Karim (referent) is 18 sinds 1-1-2017:"
            " warme overdracht van Nidos naar maatschappelijke begeleiding."
        ),
        (
            "Karim (sponsor) is an (ex-)unaccompanied minor with no recorded end of "
            "guardianship; Amina (parent) arrived 6-2-2017 and Karim (sponsor) turned 18 "
            "on 1-1-2017: warm handover from Nidos to social guidance needed."
        ),
        id="guardianship: parent and adult",
    ),
    pytest.param(
        "GUARDIANSHIP_HANDOVER",
        {
            "person": "sp",
            "sponsor": "sp",
            "adult_age": 18,
            "parent_arrived": {"person": "mo", "arrival": "2017-02-06"},
            "adult_since": None,
        },
        ROLES,
        (
            "De referent is (ex-)amv en er is geen einde van de voogdij vastgelegd; een "
            "ouder kwam aan op 6-2-2017: warme overdracht van Nidos naar maatschappelijke"
            " begeleiding."
        ),
        (
            "The sponsor is an (ex-)unaccompanied minor with no recorded end of "
            "guardianship; a parent arrived 6-2-2017: warm handover from Nidos to social "
            "guidance needed."
        ),
        id="guardianship: parent",
    ),
    pytest.param(
        "GUARDIANSHIP_HANDOVER",
        {
            "person": "sp",
            "sponsor": "sp",
            "adult_age": 18,
            "parent_arrived": None,
            "adult_since": "2017-01-01",
        },
        ROLES,
        (
            "De referent is (ex-)amv en er is geen einde van de voogdij vastgelegd; de "
            "referent is 18 sinds 1-1-2017: warme overdracht van Nidos naar "
            "maatschappelijke begeleiding."
        ),
        (
            "The sponsor is an (ex-)unaccompanied minor with no recorded end of "
            "guardianship; the sponsor turned 18 on 1-1-2017: warm handover from Nidos to"
            " social guidance needed."
        ),
        id="guardianship: adult",
    ),
    pytest.param(
        "GUARDIANSHIP_HANDOVER",
        {
            "person": "sp",
            "sponsor": "sp",
            "adult_age": 18,
            "parent_arrived": None,
            "adult_since": "2017-01-01",
        },
        NAMED,
        (
            "Karim (referent) is (ex-)amv en er is geen einde van de voogdij vastgelegd; "
            "Karim (referent) is 18 sinds 1-1-2017: warme overdracht van Nidos naar "
            "maatschappelijke begeleiding."
        ),
        (
            "Karim (sponsor) is an (ex-)unaccompanied minor with no recorded end of "
            "guardianship; Karim (sponsor) turned 18 on 1-1-2017: warm handover from "
            "Nidos to social guidance needed."
        ),
        id="guardianship: adult, named",
    ),
    pytest.param(
        "DIRECT_ROUTE_INFO_GAP",
        {"person": "mo", "moved": "2017-02-10"},
        NAMED,
        (
            "Amina (ouder) verhuisde op 10-2-2017 direct naar de gemeente (zonder "
            "verblijf in een azc) en heeft geen vastgelegde voorlichting over de "
            "gezondheidszorg."
        ),
        (
            "Amina (parent) moved directly to the municipality on 10-2-2017 (no stay in "
            "an azc) and has no recorded information session on health care."
        ),
        id="direct route: named",
    ),
    pytest.param(
        "DIRECT_ROUTE_INFO_GAP",
        {"person": "pa", "moved": "2017-02-10"},
        ROLES,
        (
            "De partner verhuisde op 10-2-2017 direct naar de gemeente (zonder verblijf "
            "in een azc) en heeft geen vastgelegde voorlichting over de gezondheidszorg."
        ),
        (
            "The partner moved directly to the municipality on 10-2-2017 (no stay in an "
            "azc) and has no recorded information session on health care."
        ),
        id="direct route: role",
    ),
    pytest.param(
        "NOT_REACHED",
        {
            "person": "mo",
            "arrival": "2017-02-06",
            "days_since_arrival": 338,
            "after": {"days": 30},
            "contacts_via_others": 1,
        },
        NAMED,
        (
            "Amina (ouder) kwam aan op 6-2-2017; 338 dagen later is er nog geen direct "
            "contact met deze persoon zelf (contacten via anderen: 1)."
        ),
        (
            "Amina (parent) arrived 6-2-2017; 338 days later there is still no direct "
            "contact with this person themself (contacts via others: 1)."
        ),
        id="not reached: named",
    ),
    pytest.param(
        "NOT_REACHED",
        {
            "person": "pa",
            "arrival": "2017-02-06",
            "days_since_arrival": 1,
            "after": {"days": 1},
            "contacts_via_others": 0,
        },
        ROLES,
        (
            "De partner kwam aan op 6-2-2017; 1 dag later is er nog geen direct contact "
            "met deze persoon zelf (contacten via anderen: 0)."
        ),
        (
            "The partner arrived 6-2-2017; 1 day later there is still no direct contact "
            "with this person themself (contacts via others: 0)."
        ),
        id="not reached: role, 1 day",
    ),
    pytest.param(
        "NOT_REACHED",
        {
            "person": "x",
            "arrival": "2017-02-06",
            "days_since_arrival": 30,
            "after": {"days": 30},
            "contacts_via_others": 2,
        },
        ROLES,
        (
            "Het gezinslid kwam aan op 6-2-2017; 30 dagen later is er nog geen direct "
            "contact met deze persoon zelf (contacten via anderen: 2)."
        ),
        (
            "The family member arrived 6-2-2017; 30 days later there is still no direct "
            "contact with this person themself (contacts via others: 2)."
        ),
        id="not reached: unknown role",
    ),
    pytest.param(
        "ALO_KOP_RECLAIM",
        {
            "person": "sp",
            "partner": "pa",
            "partner_arrival": "2017-09-04",
            "child": "c1",
            "child_in_nl_since": None,
            "amount_eur": 2500,
        },
        NAMED,
        (
            "Rana (partner) kwam aan op 4-9-2017; Omar (kind) kwam met de referent naar "
            "Nederland: de Belastingdienst kan de alleenstaande-ouderkop terugvorderen "
            "(ca. € 2.500)."
        ),
        (
            "Rana (partner) arrived 4-9-2017; Omar (child) came to NL with the sponsor: "
            "the tax office may reclaim the single-parent supplement (~€2,500)."
        ),
        id="alo kop: with the sponsor",
    ),
    pytest.param(
        "ALO_KOP_RECLAIM",
        {
            "person": "sp",
            "partner": "pa",
            "partner_arrival": "2017-09-04",
            "child": "c1",
            "child_in_nl_since": "2016-05-01",
            "amount_eur": 3000,
        },
        ROLES,
        (
            "Partner kwam aan op 4-9-2017; een kind woont sinds 1-5-2016 in Nederland: de"
            " Belastingdienst kan de alleenstaande-ouderkop terugvorderen (ca. € 3.000)."
        ),
        (
            "Partner arrived 4-9-2017; a child has lived in NL since 1-5-2016: the tax "
            "office may reclaim the single-parent supplement (~€3,000)."
        ),
        id="alo kop: since, roles",
    ),
    pytest.param(
        "ALO_KOP_RECLAIM",
        {
            "person": "sp",
            "partner": "pa",
            "partner_arrival": "2017-09-04",
            "child": "c1",
            "child_in_nl_since": None,
            "amount_eur": 2500.5,
        },
        ROLES,
        (
            "Partner kwam aan op 4-9-2017; een kind kwam met de referent naar Nederland: "
            "de Belastingdienst kan de alleenstaande-ouderkop terugvorderen (ca. € "
            "2.500,5)."
        ),
        (
            "Partner arrived 4-9-2017; a child came to NL with the sponsor: the tax "
            "office may reclaim the single-parent supplement (~€2,500.5)."
        ),
        id="alo kop: cents",
    ),
    pytest.param(
        "ALO_KOP_RECLAIM",
        {
            "person": "sp",
            "partner": "pa",
            "partner_arrival": "2017-09-04",
            "child": "c1",
            "child_in_nl_since": None,
            "amount_eur": 1234567.25,
        },
        NAMED,
        (
            "Rana (partner) kwam aan op 4-9-2017; Omar (kind) kwam met de referent naar "
            "Nederland: de Belastingdienst kan de alleenstaande-ouderkop terugvorderen "
            "(ca. € 1.234.567,25)."
        ),
        (
            "Rana (partner) arrived 4-9-2017; Omar (child) came to NL with the sponsor: "
            "the tax office may reclaim the single-parent supplement (~€1,234,567.25)."
        ),
        id="alo kop: millions",
    ),
    pytest.param(
        "ALO_KOP_RECLAIM",
        {
            "person": "sp",
            "partner": "pa",
            "partner_arrival": "2017-09-04",
            "child": "c1",
            "child_in_nl_since": None,
            "amount_eur": 999.0,
        },
        NAMED,
        (
            "Rana (partner) kwam aan op 4-9-2017; Omar (kind) kwam met de referent naar "
            "Nederland: de Belastingdienst kan de alleenstaande-ouderkop terugvorderen "
            "(ca. € 999)."
        ),
        (
            "Rana (partner) arrived 4-9-2017; Omar (child) came to NL with the sponsor: "
            "the tax office may reclaim the single-parent supplement (~€999)."
        ),
        id="alo kop: small, float",
    ),
    pytest.param(
        "HEALTH_INSURANCE_GAP",
        {
            "person": "mo",
            "residence_document_issued": "2017-02-08",
            "due": "2017-02-22",
            "term": {"days": 14},
        },
        NAMED,
        (
            "Het verblijfsdocument van Amina (ouder) is afgegeven op 8-2-2017; er is geen"
            " zorgverzekering vastgelegd binnen 14 dagen (uiterlijk 22-2-2017), wanneer "
            "de Regeling Zorg Asielzoekers afloopt."
        ),
        (
            "The residence document of Amina (parent) was issued 8-2-2017; no health "
            "insurance was recorded within 14 days (by 22-2-2017), when the asylum "
            "seekers' health cost cover ends."
        ),
        id="health insurance: named",
    ),
    pytest.param(
        "HEALTH_INSURANCE_GAP",
        {
            "person": "c1",
            "residence_document_issued": "2017-02-08",
            "due": "2017-02-22",
            "term": {"weeks": 2},
        },
        ROLES,
        (
            "Het verblijfsdocument van het kind is afgegeven op 8-2-2017; er is geen "
            "zorgverzekering vastgelegd binnen 2 weken (uiterlijk 22-2-2017), wanneer de "
            "Regeling Zorg Asielzoekers afloopt."
        ),
        (
            "The residence document of the child was issued 8-2-2017; no health insurance"
            " was recorded within 2 weeks (by 22-2-2017), when the asylum seekers' health"
            " cost cover ends."
        ),
        id="health insurance: role",
    ),
    pytest.param(
        "COA_DEREGISTRATION_RISK",
        {"person": "mo", "moved": "2017-02-10"},
        NAMED,
        (
            "Amina (ouder) is op 10-2-2017 in de als ongeschikt vastgelegde woning van de"
            " referent gaan wonen en er is geen gezinswoning toegewezen: risico op "
            "uitschrijving bij het COA en verlies van de plek op de wachtlijst."
        ),
        (
            "Amina (parent) moved on 10-2-2017 into the sponsor's home, recorded as "
            "unsuitable, and no family home is assigned: risk of deregistration at COA "
            "and losing the place on the housing list."
        ),
        id="coa: named",
    ),
    pytest.param(
        "COA_DEREGISTRATION_RISK",
        {"person": "br", "moved": "2017-02-10"},
        ROLES,
        (
            "De broer of zus is op 10-2-2017 in de als ongeschikt vastgelegde woning van "
            "de referent gaan wonen en er is geen gezinswoning toegewezen: risico op "
            "uitschrijving bij het COA en verlies van de plek op de wachtlijst."
        ),
        (
            "The sibling moved on 10-2-2017 into the sponsor's home, recorded as "
            "unsuitable, and no family home is assigned: risk of deregistration at COA "
            "and losing the place on the housing list."
        ),
        id="coa: role",
    ),
    pytest.param(
        "HOUSING_WAIT",
        {"person": "mo", "arrival": "2017-02-06", "days_since_arrival": 45, "after": {"days": 30}},
        NAMED,
        (
            "Amina (ouder) kwam aan op 6-2-2017; 45 dagen later is er geen gezinswoning "
            "toegewezen en geen verhuizing naar een geschikte woning vastgelegd."
        ),
        (
            "Amina (parent) arrived 6-2-2017; 45 days later no family home is assigned "
            "and no move to a suitable home is recorded."
        ),
        id="housing wait: named",
    ),
    pytest.param(
        "HOUSING_WAIT",
        {"person": "mo", "arrival": "2017-02-06", "days_since_arrival": 1, "after": {"days": 1}},
        ROLES,
        (
            "De ouder kwam aan op 6-2-2017; 1 dag later is er geen gezinswoning "
            "toegewezen en geen verhuizing naar een geschikte woning vastgelegd."
        ),
        (
            "The parent arrived 6-2-2017; 1 day later no family home is assigned and no "
            "move to a suitable home is recorded."
        ),
        id="housing wait: role, 1 day",
    ),
    pytest.param(
        "INTERPRETER_NEEDED",
        {"person": "sp", "dutch_level": "none", "speaks_english": False, "age": 19},
        NAMED,
        ("Karim (referent, 19 jaar) is volwassen, spreekt geen Nederlands en spreekt geen Engels."),
        "Karim (sponsor, aged 19) is an adult who speaks no Dutch and does not speak English.",
        id="interpreter: no Dutch",
    ),
    pytest.param(
        "INTERPRETER_NEEDED",
        {"person": "mo", "dutch_level": "A1", "speaks_english": False, "age": 47},
        ROLES,
        (
            "De ouder (47 jaar) is volwassen, spreekt Nederlands op niveau A1 en spreekt "
            "geen Engels."
        ),
        (
            "The parent (aged 47) is an adult who speaks Dutch at level A1 and does not "
            "speak English."
        ),
        id="interpreter: A1, role",
    ),
    pytest.param(
        "SCHOOL_CONCERN",
        {"person": "c1", "arrival": "2017-09-04", "due": "2017-09-18", "age": 12},
        NAMED,
        (
            "Omar (kind, 12 jaar, leerplichtig) kwam aan op 4-9-2017; er is geen "
            "inschrijving op school vastgelegd binnen de termijn (uiterlijk 18-9-2017)."
        ),
        (
            "Omar (child, aged 12, of compulsory school age) arrived 4-9-2017; no school "
            "registration was recorded in time (due 18-9-2017)."
        ),
        id="school: named",
    ),
    pytest.param(
        "SCHOOL_CONCERN",
        {"person": "c1", "arrival": "2017-09-04", "due": "2017-09-18", "age": 5},
        ROLES,
        (
            "Het kind (5 jaar, leerplichtig) kwam aan op 4-9-2017; er is geen "
            "inschrijving op school vastgelegd binnen de termijn (uiterlijk 18-9-2017)."
        ),
        (
            "The child (aged 5, of compulsory school age) arrived 4-9-2017; no school "
            "registration was recorded in time (due 18-9-2017)."
        ),
        id="school: role",
    ),
    pytest.param(
        "PREGNANCY",
        {"pregnancy": "2017-10-01", "last_birth": None},
        NAMED,
        (
            "Zwangerschap in het gezin vastgelegd op 1-10-2017; sindsdien is geen "
            "geboorte vastgelegd."
        ),
        "Pregnancy in the family recorded on 1-10-2017; no birth has been recorded since.",
        id="pregnancy: family",
    ),
    pytest.param(
        "PREGNANCY",
        {"person": "pa", "pregnancy": "2017-10-01", "last_birth": "2015-01-01"},
        NAMED,
        (
            "Zwangerschap van Rana (partner) vastgelegd op 1-10-2017; sindsdien is geen "
            "geboorte vastgelegd."
        ),
        "Pregnancy of Rana (partner) recorded on 1-10-2017; no birth has been recorded since.",
        id="pregnancy: named",
    ),
    pytest.param(
        "PREGNANCY",
        {"person": "pa", "pregnancy": "2017-10-01", "last_birth": None},
        ROLES,
        (
            "Zwangerschap van de partner vastgelegd op 1-10-2017; sindsdien is geen "
            "geboorte vastgelegd."
        ),
        "Pregnancy of the partner recorded on 1-10-2017; no birth has been recorded since.",
        id="pregnancy: role",
    ),
    pytest.param(
        "CHILD_INTERPRETER",
        {
            "person": "c1",
            "contacts": 2,
            "latest": {"date": "2017-02-14", "for": "pa", "age": 12, "organisation": "coa"},
        },
        NAMED,
        (
            "Omar (kind, 12 jaar) tolkte op 14-2-2017 voor Rana (partner) (contact van "
            "COA); 2 keer als tolk vastgelegd."
        ),
        (
            "Omar (child, aged 12) interpreted for Rana (partner) on 14-2-2017 (contact "
            "by COA); recorded as interpreter 2 times."
        ),
        id="child interpreter: named, twice",
    ),
    pytest.param(
        "CHILD_INTERPRETER",
        {
            "person": "br",
            "contacts": 1,
            "latest": {"date": "2017-02-14", "for": "mo", "age": 7, "organisation": None},
        },
        ROLES,
        (
            "De broer of zus (7 jaar) tolkte op 14-2-2017 voor de ouder (contact van "
            "onbekende organisatie); 1 keer als tolk vastgelegd."
        ),
        (
            "The sibling (aged 7) interpreted for the parent on 14-2-2017 (contact by "
            "unknown organisation); recorded as interpreter 1 time."
        ),
        id="child interpreter: role, once, no organisation",
    ),
    pytest.param(
        "CHILD_INTERPRETER",
        {
            "person": "c1",
            "contacts": 3,
            "latest": {"date": "2017-02-14", "for": "pa", "age": 12, "organisation": "gp"},
        },
        NAMED,
        (
            "Omar (kind, 12 jaar) tolkte op 14-2-2017 voor Rana (partner) (contact van "
            "huisarts); 3 keer als tolk vastgelegd."
        ),
        (
            "Omar (child, aged 12) interpreted for Rana (partner) on 14-2-2017 (contact "
            "by GP); recorded as interpreter 3 times."
        ),
        id="child interpreter: GP",
    ),
    pytest.param(
        "CHILD_INTERPRETER",
        {
            "person": "c1",
            "contacts": 1,
            "latest": {
                "date": "2017-02-14",
                "for": "pa",
                "age": 12,
                "organisation": "mental_health",
            },
        },
        NAMED,
        (
            "Omar (kind, 12 jaar) tolkte op 14-2-2017 voor Rana (partner) (contact van "
            "GGZ); 1 keer als tolk vastgelegd."
        ),
        (
            "Omar (child, aged 12) interpreted for Rana (partner) on 14-2-2017 (contact "
            "by mental health care); recorded as interpreter 1 time."
        ),
        id="child interpreter: mental health",
    ),
    pytest.param(
        "CHILD_INTERPRETER",
        {
            "person": "c1",
            "contacts": 5,
            "latest": {"date": "2017-02-14", "for": "pa", "age": 12, "organisation": "mosque"},
        },
        ROLES,
        (
            "Het kind (12 jaar) tolkte op 14-2-2017 voor de partner (contact van mosque);"
            " 5 keer als tolk vastgelegd."
        ),
        (
            "The child (aged 12) interpreted for the partner on 14-2-2017 (contact by "
            "mosque); recorded as interpreter 5 times."
        ),
        id="child interpreter: unknown organisation type",
    ),
    pytest.param(
        "CHILD_INTERPRETER",
        {
            "person": "c1",
            "contacts": 1,
            "latest": {"date": "2017-02-14", "for": None, "age": 12, "organisation": "wijkteam"},
        },
        NAMED,
        (
            "Omar (kind, 12 jaar) tolkte op 14-2-2017 voor het gezin (contact van "
            "wijkteam); 1 keer als tolk vastgelegd."
        ),
        (
            "Omar (child, aged 12) interpreted for the family on 14-2-2017 (contact by "
            "neighbourhood team); recorded as interpreter 1 time."
        ),
        id="child interpreter: family level",
    ),
]


@pytest.mark.parametrize(("code", "facts", "members", "nl", "en"), TEXTS)
def test_reason_texts(code, facts, members, nl, en):
    assert render_in(code, facts, members, "nl") == nl
    assert render_in(code, facts, members, "en") == en


def test_the_table_covers_every_code():
    assert {p.values[0] for p in TEXTS} == CODES


def test_render_uses_the_active_language():
    facts = {"decision": "2016-11-15", "outcome": "refused"}
    with translation.override("nl"):
        assert render("APPLICATION_REFUSED", facts, {}) == (
            "De laatste beslissing, van 15-11-2016, wijst de aanvraag af."
        )
    with translation.override("en"):
        assert render("APPLICATION_REFUSED", facts, {}) == (
            "The latest decision, of 15-11-2016, refuses the application."
        )
        render_in("APPLICATION_REFUSED", facts, {}, "nl")
        assert translation.get_language() == "en"  # render_in restores the language


def test_codes_are_the_data_codes():
    assert set(DATA_ATTENTION_CODES) == CODES


@pytest.mark.parametrize("code", sorted(CODES))
@pytest.mark.parametrize("facts", [{}, None, [], "x", {"person": "mo"}], ids=repr)
def test_missing_facts_give_a_neutral_sentence(code, facts):
    label = ATTENTION_LABELS[code]
    with translation.override("en"):
        assert render(code, facts, NAMED) == f"Attention point: {label}."
    with translation.override("nl"):
        assert render(code, facts, NAMED) == f"Aandachtspunt: {label}."


def test_neutral_sentences():
    assert render_in("NOT_REACHED", {}, {}, "en") == "Attention point: Not reached."
    assert render_in("NOT_REACHED", {}, {}, "nl") == "Aandachtspunt: Niet bereikt."
    # A point raised from the intake or by hand has no text from facts here: its label.
    assert render_in("FINANCIAL_DEBT", {"x": 1}, {}, "en") == (
        "Attention point: Debts or money problems."
    )
    assert render_in("FINANCIAL_DEBT", {}, {}, "nl") == "Aandachtspunt: Schulden of geldzorgen."
    for code in OTHER_ATTENTION_CODES:
        assert code not in render_in(code, {}, {}, "nl")


@pytest.mark.parametrize("code", ["NO_SUCH_CODE", "", None, 7])
def test_an_unknown_code_gives_a_neutral_text(code):
    assert render_in(code, {"decision": "2016-11-15"}, {}, "en") == "Other attention point."
    assert render_in(code, {"decision": "2016-11-15"}, {}, "nl") == "Overig aandachtspunt."


WRONG = [None, True, 1.5, -1, "", "not a date", [], [{}], {}, {"days": "3"}, {"fortnights": 1}]


def _broken(facts):
    """Each fact (at the top and one level down) removed, and replaced by each wrong value."""
    for key, value in facts.items():
        yield {k: v for k, v in facts.items() if k != key}
        for wrong in WRONG:
            yield {**facts, key: wrong}
        if isinstance(value, dict):
            for sub in value:
                yield {**facts, key: {k: v for k, v in value.items() if k != sub}}
                for wrong in WRONG:
                    yield {**facts, key: {**value, sub: wrong}}
        if isinstance(value, list) and value:
            for wrong in WRONG:
                yield {**facts, key: [wrong, *value[1:]]}
                yield {**facts, key: [{**value[0], "arrival": wrong}]}


@pytest.mark.parametrize(("code", "facts", "members", "nl", "en"), TEXTS)
def test_incomplete_or_ill_typed_facts_never_raise(code, facts, members, nl, en):
    neutral = {
        "en": f"Attention point: {ATTENTION_LABELS[code]}.",
        "nl": render_in(code, {}, members, "nl"),
    }
    for broken in _broken(facts):
        for language in ("nl", "en"):
            text = render_in(code, broken, members, language)
            assert text == neutral[language] or (
                text.endswith(".") and "{" not in text and "None" not in text
            ), (broken, text)


# --- the whole engine ---------------------------------------------------------------------------


def kitchen_sink(named: bool, *, filed: bool):
    """Families that trigger every data-derived code (DECISION_OVERDUE needs a filed
    application, APPLICATION_DEADLINE needs none: two variants)."""

    def m(key, role, born, **kw):
        if named:
            kw["given_name"] = NAMES[key]
        return member(key, role, born=born, **kw)

    members = [
        m("sp", "sponsor", "1999-01-01", uam=True, dutch_level="none"),
        m("mo", "parent", "1970", dutch_level="A1"),
        m("pa", "partner", "1998-05-05", dutch_level="B1"),
        m("c1", "child", "2016-01-01", travelled_with_sponsor=True),
        m("br", "sibling", "2008-01-01", location="abroad"),
        m("br2", "sibling", "2010-01-01"),
    ]
    events = [
        ev("permit_granted", "2016-01-12", "sp"),
        ev("decision", "2016-11-15", outcome="refused"),
        ev("separated", "2014-01-01", "mo"),
        ev("arrival", "2017-02-06", "mo"),
        ev("arrival", "2017-02-06", "br2"),
        ev("arrival", "2017-09-04", "pa"),
        ev("residence_document_issued", "2017-02-08", "mo"),
        ev("moved", "2017-02-10", "mo", route="direct", destination="sponsor_home", suitable=False),
        ev("moved", "2017-02-10", "br2", route="direct", destination="sponsor_home"),
        ev("pregnancy", "2017-10-01", "pa"),
    ]
    if filed:
        events = [e for e in events if e["type"] != "decision"]
        events.append(ev("application_filed", "2016-03-01"))
    contacts = [
        contact("mo", "2017-02-14", direct=False, via="sp", interpreter="br2", organisation="coa")
    ]
    return family(*members, events=events, contacts=contacts)


def points(named: bool):
    rs = load_ruleset()
    as_of = dt.date(2018, 1, 10)
    out = {}
    for filed in (False, True):
        for a in evaluate(kitchen_sink(named, filed=filed), rs, as_of).attention:
            out.setdefault((a.code, a.person), a)
    return out


def test_the_kitchen_sink_triggers_every_data_code():
    assert {code for code, _ in points(named=True)} == set(DATA_ATTENTION_CODES) == CODES


def _dates(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _dates(v)
    elif isinstance(value, list):
        for v in value:
            yield from _dates(v)
    elif isinstance(value, str) and ISO.fullmatch(value):
        yield dt.date.fromisoformat(value)


@pytest.mark.parametrize("named", [True, False], ids=["given names", "roles only"])
def test_reasons_quote_every_date_of_their_facts(named):
    for (code, _person), a in points(named).items():
        nl, en = (
            render_in(a.code, a.facts, a.members, "nl"),
            render_in(a.code, a.facts, a.members, "en"),
        )
        assert nl and en and nl != en, code
        assert not nl.startswith("Aandachtspunt:"), (code, nl)
        for text in (nl, en):
            assert not ISO.search(text), (code, text)
            assert text[0].isupper(), (code, text)
            assert text.endswith("."), (code, text)
            for day in _dates(a.facts):
                assert f"{day.day}-{day.month}-{day.year}" in text, (code, day, text)
        json.dumps(a.facts)  # storable as JSON


def test_names_or_roles():
    def reason(points, key, language):
        a = points[key]
        return render_in(a.code, a.facts, a.members, language)

    named = points(named=True)
    unnamed = points(named=False)
    nr = ("NOT_REACHED", "mo")
    assert reason(named, nr, "en").startswith("Amina (parent) arrived 6-2-2017;")
    assert reason(unnamed, nr, "en").startswith("The parent arrived 6-2-2017;")
    assert reason(unnamed, nr, "nl").startswith("De ouder kwam aan op 6-2-2017;")
    assert reason(named, ("CHILD_INTERPRETER", "br2"), "en").startswith(
        "Omar (sibling, aged 7) interpreted for Amina (parent) on 14-2-2017 (contact by COA)"
    )
    for key in unnamed:
        for name in NAMES.values():
            assert name not in reason(unnamed, key, "en") + reason(unnamed, key, "nl")


def test_selected_texts():
    p = points(named=True)

    def reason(key, language):
        return render_in(p[key].code, p[key].facts, p[key].members, language)

    assert reason(("LONG_SEPARATION", "mo"), "en") == (
        "Amina (parent) last lived with the sponsor on 1-1-2014 and arrived 6-2-2017: "
        "more than 2 years apart."
    )
    assert reason(("FAMILY_INCOMPLETE", None), "nl") == (
        "Omar (broer of zus) kwam aan op 6-2-2017, Amina (ouder) kwam aan op 6-2-2017 en "
        "Rana (partner) kwam aan op 4-9-2017; Lina (broer of zus) is nog in het buitenland."
    )
    assert reason(("HEALTH_INSURANCE_GAP", "mo"), "en") == (
        "The residence document of Amina (parent) was issued 8-2-2017; no health insurance was "
        "recorded within 14 days (by 22-2-2017), when the asylum seekers' health cost cover ends."
    )
    assert reason(("APPLICATION_DEADLINE", "sp"), "en") == (
        "Permit granted 12-1-2016 and no reunification application filed yet: the term of "
        "3 months ended 12-4-2016."
    )
    assert reason(("INTERPRETER_NEEDED", "mo"), "en") == (
        "Amina (parent, aged 47) is an adult who speaks Dutch at level A1 and does not speak "
        "English."
    )
    assert "ALO" not in reason(("ALO_KOP_RECLAIM", "sp"), "en")
    assert "Sami (child) came to NL with the sponsor" in reason(("ALO_KOP_RECLAIM", "sp"), "en")
