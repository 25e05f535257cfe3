"""Intake attention points of different organisations coexist (issue 8): completing an intake
never collides with, reuses or closes another organisation's point of the same code (hand-recorded
or intake-raised, confidential or health), nor a rule point; the same organisation's points are
reused; household points of normal sensitivity stay one shared point."""

import datetime

import pytest

from herenigd.casefile.bundles import family_import_bundle
from herenigd.intake.loading import load_builtin
from herenigd.intake.reasons import render_intake_reason
from herenigd.intake.services import intake_save
from herenigd.organisations.models import Organisation, OrganisationType
from herenigd.rules import services as rule_services
from herenigd.rules.models import AttentionPoint, PointOrigin, PointStatus
from herenigd.rules.services import attention_evaluate_families, attention_point_record_manual

pytestmark = pytest.mark.django_db

D = datetime.date
SG, WT, JGZ = OrganisationType.SOCIAL_GUIDANCE, OrganisationType.WIJKTEAM, OrganisationType.JGZ
SLW = "SEPARATE_LIVING_WISH"


@pytest.fixture
def family(example_bundle, municipalities, django_capture_on_commit_callbacks):
    example_bundle["family"]["contacts"][0]["interpreter"] = "son"  # a child interpreted
    with django_capture_on_commit_callbacks(execute=False):  # no evaluation at today's date
        return family_import_bundle(data=example_bundle).family


@pytest.fixture
def orgs(municipalities):
    return {
        t: Organisation.objects.create(municipality=municipalities["0268"], type=t, name=t)
        for t in (SG, WT, JGZ)
    }


def complete(family, orgs, org_type, answers, person_key="partner", questionnaire="adult"):
    q = load_builtin(questionnaire)
    return intake_save(
        person=family.members.get(key=person_key),
        questionnaire=q,
        organisation=orgs[org_type],
        acting_user=None,
        language="nl",
        answers=answers,
        visible_questions={question.id for question in q.questions},
        complete=True,
        as_of=D(2017, 3, 10),
    )


def active(family, code=SLW):
    return AttentionPoint.objects.filter(
        family=family, code=code, status__in=["open", "claimed"]
    ).order_by("id")


def owners(family, code=SLW):
    return [(p.recorded_by_organisation_id, p.origin) for p in active(family, code)]


def manual_point(family, organisation, code=SLW):
    """A hand-recorded point, as the demo stores one (SEPARATE_LIVING_WISH by social guidance)."""
    partner = family.members.get(key="partner")
    return AttentionPoint.objects.create(
        family=family,
        person=partner,
        subject="partner",
        code=code,
        origin=PointOrigin.MANUAL,
        sensitivity="confidential",
        note="Wants to live apart.",
        raised_on=D(2017, 3, 1),
        recorded_by_organisation=organisation,
    )


WANTS_APART = {"live_together_wish": "want_separately"}


def test_intake_of_a_second_organisation_raises_its_own_point(family, orgs):
    complete(family, orgs, SG, WANTS_APART)
    first = active(family).get()
    # the stored point keeps codes and facts; its reason is rendered from them
    assert render_intake_reason(first.code, first.facts, "en") == (
        "Asked whether they want to live with the sponsor: No, I want to live separately."
    )
    assert render_intake_reason(first.code, first.facts, "nl") == (
        "Op de vraag of de persoon met de referent wil samenwonen: Nee, ik wil apart wonen."
    )
    complete(family, orgs, WT, WANTS_APART)
    assert owners(family) == [(orgs[SG].pk, "intake"), (orgs[WT].pk, "intake")]
    assert active(family).first().pk == first.pk  # the first organisation's point untouched


def test_intake_of_another_organisation_never_closes_a_point(family, orgs):
    complete(family, orgs, SG, WANTS_APART)
    complete(family, orgs, WT, {"live_together_wish": "want_together"})
    assert owners(family) == [(orgs[SG].pk, "intake")]


def test_intake_beside_another_organisations_manual_point(family, orgs):
    manual = manual_point(family, orgs[SG])
    complete(family, orgs, WT, WANTS_APART)  # was a unique violation: HTTP 500
    assert owners(family) == [(orgs[SG].pk, "manual"), (orgs[WT].pk, "intake")]
    complete(family, orgs, WT, {"live_together_wish": "want_together"})
    assert owners(family) == [(orgs[SG].pk, "manual")]
    manual.refresh_from_db()
    assert manual.status == PointStatus.OPEN


def test_intake_of_the_same_organisation_keeps_its_manual_point(family, orgs):
    manual = manual_point(family, orgs[SG])
    complete(family, orgs, SG, WANTS_APART)
    assert [p.pk for p in active(family)] == [manual.pk]
    complete(family, orgs, SG, {"live_together_wish": "want_together"})
    assert [p.pk for p in active(family)] == [manual.pk]  # the intake never closes it


@pytest.fixture
def separate_living_by_hand(monkeypatch):
    """SEPARATE_LIVING_WISH may be recorded by a professional too (factors.md §4)."""
    monkeypatch.setattr(rule_services, "MANUAL_CODES", (*rule_services.MANUAL_CODES, SLW))


def record(family, orgs, org_type, note):
    return attention_point_record_manual(
        family=family,
        person=family.members.get(key="partner"),
        code=SLW,
        note=note,
        acting_user=None,
        organisation=orgs[org_type],
        as_of=D(2017, 3, 11),
    )


def test_manual_point_beside_another_organisations_intake_point(
    family, orgs, separate_living_by_hand
):
    complete(family, orgs, SG, WANTS_APART)
    point = record(family, orgs, WT, "She told us she wants to live apart.")
    assert point.recorded_by_organisation == orgs[WT]
    assert point.note == "She told us she wants to live apart."
    assert owners(family) == [(orgs[SG].pk, "intake"), (orgs[WT].pk, "manual")]


def test_manual_point_of_the_same_organisation_adds_to_its_intake_point(
    family, orgs, separate_living_by_hand
):
    complete(family, orgs, SG, WANTS_APART)
    intake_point = active(family).get()
    point = record(family, orgs, SG, "Confirmed in a second conversation.")
    assert point.pk == intake_point.pk
    assert point.note == "Confirmed in a second conversation."
    # what the intake raised still renders from the point's facts
    assert render_intake_reason(point.code, point.facts, "en") == (
        "Asked whether they want to live with the sponsor: No, I want to live separately."
    )
    # Recorded by hand now, so a later intake of the same organisation does not close it.
    complete(family, orgs, SG, {"live_together_wish": "want_together"})
    assert owners(family) == [(orgs[SG].pk, "manual")]


def test_health_points_of_two_organisations_coexist(family, orgs):
    complaints = {"psych_complaints": ["sleeplessness"]}
    complete(family, orgs, SG, complaints)
    complete(family, orgs, WT, complaints)
    assert owners(family, "PSYCH_COMPLAINTS") == [(orgs[SG].pk, "intake"), (orgs[WT].pk, "intake")]


def test_intake_point_beside_the_rule_point_of_the_same_code(family, orgs):
    attention_evaluate_families(families=[family], as_of=D(2017, 3, 10))
    assert owners(family, "CHILD_INTERPRETER") == [(None, "rule")]
    # The child intake raises CHILD_INTERPRETER too: was a unique violation.
    complete(family, orgs, JGZ, {"interprets_for_parents": "often"}, "son", "child")
    assert owners(family, "CHILD_INTERPRETER") == [(None, "rule"), (orgs[JGZ].pk, "intake")]
    attention_evaluate_families(families=[family], as_of=D(2017, 3, 10))
    assert owners(family, "CHILD_INTERPRETER") == [(None, "rule"), (orgs[JGZ].pk, "intake")]


def test_household_point_from_two_organisations_intakes_is_one_shared_point(family, orgs):
    complete(family, orgs, SG, {"work_study": ["paid_work"]}, "sponsor")
    complete(family, orgs, WT, {"work_study": ["none"]}, "partner")
    assert owners(family, "PARTICIPATION_ONE_PARTNER") == [(None, "intake")]
    point = active(family, "PARTICIPATION_ONE_PARTNER").get()
    assert render_intake_reason(point.code, point.facts, "en") == (
        "One partner works, studies or takes language lessons, the other does not: "
        "sponsor: Paid work; partner: None of these."
    )
    complete(family, orgs, WT, {"work_study": ["none"]}, "partner")  # idempotent
    assert [p.pk for p in active(family, "PARTICIPATION_ONE_PARTNER")] == [point.pk]
    complete(family, orgs, WT, {"work_study": ["study"]}, "partner")  # the condition lapses
    point.refresh_from_db()
    assert point.status == PointStatus.RESOLVED
