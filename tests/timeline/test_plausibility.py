"""The plausibility table (herenigd/timeline/plausibility.py; docs/bundles.md, Plausibility): one
table-driven test per rule with its boundaries, the messages in Dutch and English, the case-bundle
paths, and the timeline write services refusing without changing anything."""

from __future__ import annotations

import copy
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from herenigd.audit.models import AuditEvent
from herenigd.casefile.bundles import family_import_bundle
from herenigd.timeline import plausibility as P
from herenigd.timeline.models import EventRevision, TimelineEvent
from herenigd.timeline.plausibility import (
    FLAG,
    REFUSE,
    RULES,
    EventFacts,
    MemberFacts,
    bundle_family_problems,
    check_event,
    check_family,
    check_member,
)
from herenigd.timeline.services import timeline_event_correct, timeline_event_record
from herenigd.timeline.vocab import EventType

D = datetime.date
AS_OF = D(2026, 12, 2)
DAY = datetime.timedelta(days=1)


def days(n: int) -> datetime.date:
    return AS_OF + datetime.timedelta(days=n)


def years_ago(n: int, extra_days: int = 0) -> datetime.date:
    return AS_OF.replace(year=AS_OF.year - n) + datetime.timedelta(days=extra_days)


def codes(problems) -> list[str]:
    return [p.rule for p in problems]


SPONSOR = MemberFacts("sponsor", "sponsor", D(1978, 3, 14))
PARTNER = MemberFacts("partner", "partner", D(1983, 7, 1), birth_year_only=True)


# --- the table ---------------------------------------------------------------------------------


def test_every_rule_has_a_code_severity_description_source_and_reason():
    assert RULES, "the table is empty"
    for code, rule in RULES.items():
        assert rule.code == code
        assert rule.severity in (REFUSE, FLAG)
        assert rule.source in P.SOURCES, code
        assert len(rule.reason) > 20, code
        with translation.override("en"):
            english = str(rule.description)
        with translation.override("nl"):
            dutch = str(rule.description)
        assert english and dutch and english != dutch, code


def test_planned_types_are_event_types_and_the_limits_are_in_the_table():
    assert set(EventType.values) >= P.PLANNED_TYPES
    assert RULES["event_date_too_late"].limit == 31
    assert RULES["planned_date_too_late"].limit > RULES["event_date_too_late"].limit
    assert RULES["event_date_too_early"].limit == D(1900, 1, 1)


# --- dates of events ---------------------------------------------------------------------------

EVENT_DATES = [
    # (rule expected or None, event type, date)
    ("event_date_too_early", "arrival", D(1899, 12, 31)),
    (None, "arrival", D(1900, 1, 1)),
    ("event_date_too_early", "arrival", D(1, 1, 1)),
    (None, "arrival", days(31)),  # as-of + margin: still fine
    ("event_date_too_late", "arrival", days(32)),
    ("event_date_too_late", "arrival", D(2999, 1, 1)),
    ("event_date_too_late", "arrival", D(9999, 12, 31)),
    ("event_date_too_late", "guidance_ended", days(32)),  # not a planned type: see the table
    (None, "jgz_intake", days(32)),  # planned appointments may lie further ahead
    (None, "jgz_intake", days(366)),
    ("planned_date_too_late", "jgz_intake", days(367)),
    ("planned_date_too_late", "information_session", D(2999, 1, 1)),
    ("planned_date_too_late", "evidence_interview", D(9999, 12, 31)),
    ("event_date_too_early", "evidence_interview", D(1, 1, 1)),
]


@pytest.mark.parametrize(("rule", "event_type", "date"), EVENT_DATES)
def test_event_date_range(rule, event_type, date):
    problems = check_event(EventFacts(event_type, date), None, as_of=AS_OF)
    assert codes(problems) == ([rule] if rule else [])
    if rule:
        (problem,) = problems
        assert (problem.severity, problem.field, problem.value) == (
            REFUSE,
            "date",
            date.isoformat(),
        )


@pytest.mark.parametrize("event_type", EventType.values)
@pytest.mark.parametrize("date", [D(2999, 1, 1), D(1, 1, 1), D(9999, 12, 31)])
def test_impossible_dates_are_refused_for_every_event_type(event_type, date):
    problems = check_event(EventFacts(event_type, date, "partner"), PARTNER, as_of=AS_OF)
    assert len(problems) == 1 and problems[0].severity == REFUSE  # not also "before the birth"


# --- events before the birth -------------------------------------------------------------------

BIRTHS = [
    # (rule or None, birth date, year only, event date)
    (None, D(2016, 7, 1), True, D(2016, 3, 1)),  # year-only 2016: an event in 2016 is fine
    (None, D(2016, 7, 1), True, D(2016, 1, 1)),
    ("event_before_birth", D(2016, 7, 1), True, D(2015, 12, 31)),
    (None, D(2016, 3, 12), False, D(2016, 3, 12)),  # on the day of birth
    ("event_before_birth", D(2016, 3, 12), False, D(2016, 3, 11)),
    ("event_before_birth", D(2016, 3, 12), False, D(2015, 1, 1)),
]


@pytest.mark.parametrize(("rule", "birth", "year_only", "date"), BIRTHS)
def test_no_event_before_the_birth(rule, birth, year_only, date):
    child = MemberFacts("son", "child", birth, birth_year_only=year_only)
    problems = check_event(EventFacts("arrival", date, "son"), child, as_of=AS_OF)
    assert codes(problems) == ([rule] if rule else [])
    assert all(p.member_key == "son" and p.severity == REFUSE for p in problems)


def test_a_family_event_is_not_compared_with_a_birth():
    members = [SPONSOR, MemberFacts("son", "child", D(2016, 3, 12))]
    events = [EventFacts("application_filed", D(2015, 1, 1))]  # no person: the family's
    assert check_family(members, events, as_of=AS_OF) == []


@pytest.mark.parametrize(
    ("rule", "birth", "year_only"),
    [
        (None, D(2017, 2, 6), False),  # born on the day of the arrival
        ("birth_after_event", D(2017, 2, 7), False),
        (None, D(2017, 7, 1), True),  # year-only 2017 vs an arrival in 2017
        ("birth_after_event", D(2018, 7, 1), True),
    ],
)
def test_a_birth_is_not_after_the_persons_own_events(rule, birth, year_only):
    son = MemberFacts("son", "child", birth, birth_year_only=year_only)
    events = [
        EventFacts("arrival", D(2017, 2, 6), "son"),
        EventFacts("arrival", D(2017, 1, 1), "partner"),  # someone else's
        EventFacts("application_filed", D(2016, 1, 1)),  # the family's
    ]
    problems = check_member(son, as_of=AS_OF, sponsor=SPONSOR, events=events)
    assert codes(problems) == ([rule] if rule else [])
    if rule:
        assert problems[0].field == "birth_date" and problems[0].severity == REFUSE


@pytest.mark.parametrize(
    ("rule", "birth"),
    [
        ("birth_date_too_early", D(1899, 12, 31)),
        (None, D(1900, 1, 1)),
        (None, AS_OF),
        ("birth_date_in_future", AS_OF + DAY),
        ("birth_date_in_future", D(9999, 12, 31)),
    ],
)
def test_birth_date_range(rule, birth):
    problems = check_member(MemberFacts("sponsor", "sponsor", birth), as_of=AS_OF)
    assert codes(problems) == ([rule] if rule else [])


# --- role and age ------------------------------------------------------------------------------

ROLE_AGES = [
    # (rule or None, role, birth date)
    (None, "child", years_ago(25)),
    (None, "child", years_ago(26, 1)),  # 25 until tomorrow
    ("child_too_old", "child", years_ago(26)),
    ("child_too_old", "child", years_ago(40)),
    ("partner_too_young", "partner", years_ago(14)),
    ("partner_too_young", "partner", years_ago(15, 1)),
    ("partner_minor", "partner", years_ago(15)),
    ("partner_minor", "partner", years_ago(18, 1)),
    (None, "partner", years_ago(18)),
    (None, "sibling", years_ago(3)),
    (None, "child", AS_OF),
]


@pytest.mark.parametrize(("rule", "role", "birth"), ROLE_AGES)
def test_role_and_age_at_as_of(rule, role, birth):
    young_sponsor = MemberFacts("sponsor", "sponsor", years_ago(60))
    problems = check_member(MemberFacts("m", role, birth), as_of=AS_OF, sponsor=young_sponsor)
    assert codes(problems) == ([rule] if rule else [])
    if rule:
        assert problems[0].severity == RULES[rule].severity
        assert problems[0].field == "role" and problems[0].value == role


def test_severities_of_role_rules():
    assert RULES["child_too_old"].severity == FLAG
    assert RULES["partner_minor"].severity == FLAG
    assert RULES["partner_too_young"].severity == REFUSE
    assert RULES["parent_younger_than_sponsor"].severity == REFUSE


GENERATIONS = [
    # (rule or None, role, birth, year only) against the sponsor born 14-3-1978
    ("parent_younger_than_sponsor", "parent", D(1980, 1, 1), False),
    ("parent_younger_than_sponsor", "parent", D(1978, 3, 14), False),  # same day
    ("parent_age_gap", "parent", D(1966, 3, 15), False),  # 11 years older
    (None, "parent", D(1966, 3, 14), False),  # 12 years older
    ("parent_younger_than_sponsor", "parent", D(1979, 7, 1), True),
    ("parent_age_gap", "parent", D(1978, 7, 1), True),  # the same year: cannot be decided
    ("parent_age_gap", "parent", D(1967, 7, 1), True),
    (None, "parent", D(1966, 7, 1), True),
    ("child_age_gap", "child", D(1990, 3, 13), False),  # 11 years younger
    (None, "child", D(1990, 3, 14), False),
    ("child_age_gap", "child", D(1977, 1, 1), False),  # older than the sponsor
]


@pytest.mark.parametrize(("rule", "role", "birth", "year_only"), GENERATIONS)
def test_parents_and_children_against_the_sponsor(rule, role, birth, year_only):
    member = MemberFacts("m", role, birth, birth_year_only=year_only)
    as_of = D(2000, 1, 1)  # the child aged 9 or 10 is not too old
    problems = check_member(member, as_of=as_of, sponsor=SPONSOR)
    assert codes(problems) == ([rule] if rule else [])


# --- the reunification route -------------------------------------------------------------------


def route(partner: MemberFacts, *events: EventFacts):
    problems = check_family([SPONSOR, partner], list(events), as_of=AS_OF)
    return [(p.rule, p.severity, p.member_key, p.ref) for p in problems]


ARRIVAL = EventFacts("arrival", D(2017, 2, 6), "partner", ref="arrival")


@pytest.mark.parametrize(
    ("expected", "others"),
    [
        ([], []),  # nothing to compare with
        ([], [EventFacts("decision", D(2016, 11, 15))]),
        ([], [EventFacts("decision", D(2017, 2, 6))]),
        (["arrival_before_decision"], [EventFacts("decision", D(2017, 2, 7))]),
        (["arrival_before_decision"], [EventFacts("decision", D(2017, 3, 1), "partner")]),
        ([], [EventFacts("decision", D(2017, 3, 1), "son")]),  # someone else's decision
        ([], [EventFacts("mvv_issued", D(2017, 1, 10), "partner")]),
        (["arrival_before_mvv"], [EventFacts("mvv_issued", D(2017, 2, 10), "partner")]),
        (["arrival_before_mvv"], [EventFacts("mvv_issued", D(2017, 2, 10))]),
        (
            [],  # the earliest decision counts (a refusal, then a grant after objection)
            [EventFacts("decision", D(2016, 5, 1)), EventFacts("decision", D(2017, 5, 1))],
        ),
    ],
)
def test_a_reunifier_arrives_after_the_decision_and_the_mvv(expected, others):
    found = route(PARTNER, ARRIVAL, *others)
    assert found == [(rule, FLAG, "partner", "arrival") for rule in expected]


def test_who_travelled_with_the_sponsor_is_no_reunifier():
    with_sponsor = MemberFacts("partner", "partner", D(1983, 7, 1), travelled_with_sponsor=True)
    assert route(with_sponsor, ARRIVAL, EventFacts("decision", D(2017, 3, 1))) == []


def test_the_sponsor_arrives_before_any_decision():
    arrival = EventFacts("arrival", D(2014, 1, 1), "sponsor")
    assert route(PARTNER, arrival, EventFacts("decision", D(2017, 3, 1))) == []


# --- messages ----------------------------------------------------------------------------------


def test_message_names_the_event_type_label_the_member_the_value_and_the_rule():
    partner = MemberFacts("partner", "partner", D(2016, 3, 12))
    (problem,) = check_event(EventFacts("arrival", D(2015, 1, 1), "partner"), partner, as_of=AS_OF)
    with translation.override("nl"):
        assert str(problem.message) == (
            "Gebeurtenis 'Aankomst in Nederland' van 'partner' op 1-1-2015 ligt vóór de "
            "geboorte (12-3-2016)."
        )
    with translation.override("en"):
        assert str(problem.message) == (
            "Event 'Arrival in the Netherlands' of 'partner' on 1-1-2015 is before the birth "
            "(12-3-2016)."
        )


def test_message_is_translated_when_shown_not_when_made():
    with translation.override("en"):
        (problem,) = check_event(EventFacts("decision", D(1, 1, 1)), None, as_of=AS_OF)
    with translation.override("nl"):
        text = str(problem.message)
    assert text.startswith(
        "Gebeurtenis 'Beslissing op de aanvraag' van het gezin op 1-1-0001 ligt vóór"
    )


def _one_problem_per_rule():
    """A case for every rule of the table (the test below renders each message)."""
    son = MemberFacts("son", "child", D(2016, 3, 12))
    parent = MemberFacts("grandma", "parent", D(1980, 1, 1))
    gap = MemberFacts("grandpa", "parent", D(1970, 1, 1))
    members = [
        SPONSOR,
        son,
        parent,
        gap,
        MemberFacts("old", "child", D(1950, 1, 1)),
        MemberFacts("young", "child", D(1985, 1, 1)),
        MemberFacts("bride", "partner", years_ago(14)),
        MemberFacts("wife", "partner", years_ago(16)),
        MemberFacts("early", "sibling", D(1899, 1, 1)),
        MemberFacts("late", "sibling", AS_OF + DAY),
    ]
    events = [
        EventFacts("arrival", D(2015, 1, 1), "son"),
        EventFacts("decision", D(2016, 1, 1)),
        EventFacts("mvv_issued", D(2017, 1, 1)),
        EventFacts("gp_registered", D(1800, 1, 1)),
        EventFacts("gp_registered", D(2999, 1, 1)),
        EventFacts("jgz_intake", D(2999, 1, 1)),
    ]
    problems = check_family(members, events, as_of=AS_OF)
    problems += check_member(
        MemberFacts("son", "child", D(2017, 1, 1)), as_of=AS_OF, events=events[:1]
    )
    return problems


def test_every_rule_has_a_dutch_and_an_english_message():
    problems = _one_problem_per_rule()
    assert set(codes(problems)) == set(RULES)
    for problem in problems:
        with translation.override("nl"):
            dutch = str(problem.message)
        with translation.override("en"):
            english = str(problem.message)
        assert dutch != english, problem.rule
        for word in (" the ", " before ", " after ", " has ", "Event", "Birth", "_"):
            assert word not in dutch, (problem.rule, word, dutch)


# --- case bundles ------------------------------------------------------------------------------


def test_the_example_bundle_is_plausible(example_bundle):
    assert bundle_family_problems(example_bundle["family"], as_of=AS_OF, path="$.family") == []


def test_bundle_problems_carry_json_paths(example_bundle):
    family = copy.deepcopy(example_bundle["family"])
    family["members"][2]["birth_date"] = "2999"  # the son
    family["events"][3]["date"] = "0001-01-01"  # separated (partner)
    family["events"][6]["date"] = "2016-11-01"  # arrival of the partner, before the decision
    family["events"][8]["date"] = "2017-02-30"  # impossible: the importer reports it
    family["events"][9]["person"] = "nobody"  # unknown key: the importer reports it
    family["members"][3]["birth_date"] = "1960-01-01"  # a "child" aged 66
    problems = bundle_family_problems(family, as_of=AS_OF, path="$.families[0]")
    found = {(p.path, p.rule, p.severity) for p in problems}
    assert found == {
        ("$.families[0].members[2].birth_date", "birth_date_in_future", REFUSE),
        ("$.families[0].members[3].role", "child_too_old", FLAG),
        ("$.families[0].members[3].role", "child_age_gap", FLAG),
        ("$.families[0].events[3].date", "event_date_too_early", REFUSE),
        ("$.families[0].events[6].date", "arrival_before_decision", FLAG),
        ("$.families[0].events[6].date", "arrival_before_mvv", FLAG),
    }
    assert all(str(p).startswith(p.path + ": ") for p in problems)


def test_a_year_zero_birth_is_refused_not_crashed(example_bundle):
    family = copy.deepcopy(example_bundle["family"])
    family["members"][0]["birth_date"] = "0000"
    (problem,) = bundle_family_problems(family, as_of=AS_OF, path="$.family")
    assert (problem.path, problem.rule, problem.value) == (
        "$.family.members[0].birth_date",
        "birth_date_too_early",
        "0000",
    )


def test_a_malformed_bundle_gives_no_crash():
    family = {"members": [{"key": "a"}, "x", {"key": "b", "role": "child", "birth_date": 7}]}
    family["events"] = [{"type": "arrival"}, {"date": "2017-01-01"}, None]
    assert bundle_family_problems(family, as_of=AS_OF, path="$.family") == []


# --- the timeline write services ---------------------------------------------------------------


@pytest.fixture
def family(example_bundle, municipalities):
    return family_import_bundle(data=example_bundle).family


def _state():
    return (
        sorted(TimelineEvent.objects.values_list("id", "type", "date", "person_id")),
        EventRevision.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("date", "rule_text"),
    [
        (D(1899, 12, 31), "ligt vóór 1-1-1900"),
        (D(2999, 1, 1), "meer dan 31 dagen na 2-12-2026"),
        (D(2008, 12, 31), "ligt vóór de geboorte (1-9-2009)"),
    ],
)
def test_recording_an_implausible_event_is_refused_and_changes_nothing(family, date, rule_text):
    son = family.members.get(key="son")
    before = _state()
    with translation.override("nl"), pytest.raises(ValidationError) as exc:
        timeline_event_record(
            family=family, type="gp_registered", date=date, person=son, as_of=AS_OF
        )
    with translation.override("nl"):
        (message,) = exc.value.message_dict["date"]
    assert rule_text in message
    assert _state() == before


@pytest.mark.django_db
def test_correcting_to_an_implausible_date_is_refused_and_changes_nothing(family):
    arrival = family.events.get(type="arrival", person__key="son")
    before = _state()
    with pytest.raises(ValidationError) as exc:
        timeline_event_correct(event=arrival, date=D(9999, 12, 31), as_of=AS_OF)
    assert set(exc.value.message_dict) == {"date"}
    assert _state() == before
    arrival.refresh_from_db()
    assert arrival.date == D(2017, 2, 6)


@pytest.mark.django_db
def test_refusals_and_shape_errors_come_together(family):
    with pytest.raises(ValidationError) as exc:
        timeline_event_record(family=family, type="arrival", date=D(1, 1, 1), as_of=AS_OF)
    assert {"person", "date"} <= set(exc.value.message_dict)  # an arrival needs a person


@pytest.mark.django_db
def test_a_flag_is_returned_not_refused(family):
    partner = family.members.get(key="partner")
    event = timeline_event_record(
        family=family, type="mvv_issued", date=D(2017, 3, 1), person=partner, as_of=AS_OF
    )
    assert TimelineEvent.objects.filter(pk=event.pk).exists()
    # The partner arrived on 6-2-2017: before this (second) mvv? No: the earliest mvv counts.
    assert event.plausibility_flags == []
    decision = timeline_event_record(
        family=family, type="decision", date=D(2016, 1, 1), outcome="granted", as_of=AS_OF
    )
    assert decision.plausibility_flags == []
    arrival = family.events.get(type="arrival", person__key="partner")
    corrected = timeline_event_correct(event=arrival, date=D(2016, 12, 1), as_of=AS_OF)
    assert [p.rule for p in corrected.plausibility_flags] == ["arrival_before_mvv"]
    arrival.refresh_from_db()
    assert arrival.date == D(2016, 12, 1)


@pytest.mark.django_db
def test_an_implausible_stored_event_does_not_block_other_writes(family):
    """Only what the write introduces is refused: data stored before the table still loads."""
    son = family.members.get(key="son")
    old = TimelineEvent.objects.create(
        family=family, person=son, type="moved_out_of_municipality", date=D(2999, 1, 1)
    )
    timeline_event_record(
        family=family, type="gp_registered", date=D(2017, 3, 1), person=son, as_of=AS_OF
    )
    timeline_event_correct(event=old, note="checked", as_of=AS_OF)  # the date stays as it was
    with pytest.raises(ValidationError):
        timeline_event_correct(event=old, date=D(2998, 1, 1), as_of=AS_OF)
