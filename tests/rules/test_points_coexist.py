"""Attention points of different organisations coexist (issue 8): a point recorded by hand never
collides with another organisation's point of the same code and subject, the same organisation
recording twice adds to its own point, the rule engine keeps one shared point per code and
subject and never touches an organisation's point, and a race is read back, not a 500."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from herenigd.access.models import Professional, Role
from herenigd.casefile.bundles import family_import_bundle
from herenigd.organisations.models import Organisation, OrganisationType
from herenigd.rules import services
from herenigd.rules.models import AttentionPoint, PointOrigin, PointStatus
from herenigd.rules.services import (
    attention_evaluate_families,
    attention_point_record_manual,
    attention_point_set_status,
)

pytestmark = pytest.mark.django_db

D = datetime.date
DV = "DOMESTIC_VIOLENCE_CONCERN"


@pytest.fixture
def family(example_bundle, municipalities, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):  # no evaluation at today's date
        return family_import_bundle(data=example_bundle).family


@pytest.fixture
def orgs(municipalities):
    nijmegen = municipalities["0268"]
    return {
        t: Organisation.objects.create(municipality=nijmegen, type=t, name=f"{t} test")
        for t in (OrganisationType.SOCIAL_GUIDANCE, OrganisationType.WIJKTEAM)
    }


@pytest.fixture
def workers(orgs, django_user_model):
    out = {}
    for org_type, role in (
        (OrganisationType.SOCIAL_GUIDANCE, Role.SOCIAL_GUIDANCE),
        (OrganisationType.WIJKTEAM, Role.WIJKTEAM),
    ):
        user = django_user_model.objects.create_user(f"worker-{org_type}")
        Professional.objects.create(user=user, organisation=orgs[org_type], role=role)
        out[org_type] = user
    return out


def record(family, orgs, workers, org_type, note, person_key="partner", **extra):
    return attention_point_record_manual(
        family=family,
        person=family.members.get(key=person_key),
        code=DV,
        note=note,
        acting_user=workers[org_type],
        organisation=orgs[org_type],
        as_of=D(2017, 3, 10),
        **extra,
    )


def active(family, code=DV, **filters):
    return AttentionPoint.objects.filter(
        family=family, code=code, status__in=["open", "claimed"], **filters
    )


def shape(point):
    """What a caller learns from the returned point, apart from its id and owner."""
    return (
        point.code,
        point.subject,
        point.origin,
        point.sensitivity,
        point.status,
        point.note,
        point.raised_on,
    )


SG, WT = OrganisationType.SOCIAL_GUIDANCE, OrganisationType.WIJKTEAM


def test_second_organisation_gets_its_own_point(family, orgs, workers):
    first = record(family, orgs, workers, SG, "Bruises seen at the home visit.")
    second = record(family, orgs, workers, WT, "The son said his father hits him.")
    assert first.pk != second.pk
    owners = dict(active(family).values_list("recorded_by_organisation", "note"))
    assert owners == {
        orgs[SG].pk: "Bruises seen at the home visit.",
        orgs[WT].pk: "The son said his father hits him.",
    }


def test_second_organisations_result_does_not_depend_on_the_first(family, orgs, workers):
    alone = record(family, orgs, workers, WT, "Seen.", person_key="sponsor")
    record(family, orgs, workers, SG, "Reported.", person_key="partner")
    beside = record(family, orgs, workers, WT, "Seen.", person_key="partner")
    assert shape(alone)[2:] == shape(beside)[2:]
    assert beside.recorded_by_organisation == orgs[WT]
    assert list(beside.named_users.all()) == []


def test_same_organisation_twice_adds_to_its_own_point(family, orgs, workers, django_user_model):
    named = django_user_model.objects.create_user("named")
    first = record(family, orgs, workers, SG, "Bruises seen.")
    second = record(family, orgs, workers, SG, "Child afraid to go home.", named_users=[named])
    again = record(family, orgs, workers, SG, "Child afraid to go home.")
    assert first.pk == second.pk == again.pk
    assert active(family).count() == 1
    second.refresh_from_db()
    assert second.note == "Bruises seen.\n\nChild afraid to go home."
    assert list(second.named_users.all()) == [named]
    assert [h.status for h in second.history.all()] == ["open"]


def test_withdrawing_one_organisations_point_leaves_the_other(family, orgs, workers):
    ours = record(family, orgs, workers, SG, "Bruises seen.")
    theirs = record(family, orgs, workers, WT, "The son told us.")
    attention_point_set_status(
        point=ours, status="withdrawn", acting_user=workers[SG], as_of=D(2017, 3, 11)
    )
    theirs.refresh_from_db()
    assert theirs.status == PointStatus.OPEN
    assert [h.status for h in theirs.history.all()] == ["open"]
    # Recording again after the withdrawal starts a new point of the same organisation.
    renewed = record(family, orgs, workers, SG, "Seen again.")
    assert renewed.pk not in (ours.pk, theirs.pk)
    assert active(family).count() == 2


def test_a_closed_point_cannot_be_claimed_beside_its_successor(family, orgs, workers):
    old = record(family, orgs, workers, SG, "Bruises seen.")
    attention_point_set_status(
        point=old, status="withdrawn", acting_user=workers[SG], as_of=D(2017, 3, 11)
    )
    record(family, orgs, workers, SG, "Seen again.")
    with pytest.raises(ValidationError):
        attention_point_set_status(
            point=old, status="claimed", acting_user=workers[SG], as_of=D(2017, 3, 12)
        )
    old.refresh_from_db()
    assert old.status == PointStatus.WITHDRAWN


def test_rule_evaluation_never_closes_or_reuses_a_manual_point(family, orgs, workers):
    manual = record(family, orgs, workers, SG, "Bruises seen.")
    attention_evaluate_families(families=[family], as_of=D(2017, 3, 10))
    attention_evaluate_families(families=[family], as_of=D(2017, 3, 20))
    manual.refresh_from_db()
    assert manual.status == PointStatus.OPEN
    assert not AttentionPoint.objects.filter(code=DV, origin=PointOrigin.RULE).exists()


def test_evaluation_keeps_one_shared_rule_point_per_code_and_subject(family, orgs, workers):
    # An organisation's own point of a code the engine raises too (NOT_REACHED of the partner).
    AttentionPoint.objects.create(
        family=family,
        person=family.members.get(key="partner"),
        subject="partner",
        code="NOT_REACHED",
        origin=PointOrigin.MANUAL,
        sensitivity="normal",
        note="Nooit bereikt.",
        raised_on=D(2017, 3, 1),
        recorded_by_organisation=orgs[WT],
    )
    attention_evaluate_families(families=[family], as_of=D(2017, 3, 10))
    attention_evaluate_families(families=[family], as_of=D(2017, 3, 10))
    rule_points = AttentionPoint.objects.filter(family=family, origin=PointOrigin.RULE)
    keys = list(rule_points.values_list("code", "subject"))
    assert keys and len(keys) == len(set(keys))
    assert not rule_points.exclude(recorded_by_organisation=None).exists()
    assert active(family, "NOT_REACHED").count() == 2  # the shared one and the wijkteam's
    # Closing the shared one when its condition lapses leaves the organisation's point open.
    attention_evaluate_families(families=[family], as_of=D(2017, 3, 20))
    assert list(active(family, "NOT_REACHED").values_list("origin", flat=True)) == ["manual"]


def test_shared_points_stay_unique_in_the_database(family):
    fields = {
        "family": family,
        "subject": "",
        "code": "FAMILY_INCOMPLETE",
        "sensitivity": "normal",
        "note": "x",
        "raised_on": D(2017, 3, 1),
    }
    AttentionPoint.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        AttentionPoint.objects.create(**fields)


def test_owned_points_are_unique_per_owner_in_the_database(family, orgs):
    fields = {
        "family": family,
        "subject": "",
        "code": DV,
        "sensitivity": "confidential",
        "note": "x",
        "raised_on": D(2017, 3, 1),
    }
    AttentionPoint.objects.create(**fields, recorded_by_organisation=orgs[SG])
    AttentionPoint.objects.create(**fields, recorded_by_organisation=orgs[WT])
    AttentionPoint.objects.create(**fields)  # the shared one
    with pytest.raises(IntegrityError), transaction.atomic():
        AttentionPoint.objects.create(**fields, recorded_by_organisation=orgs[SG])


def test_a_concurrent_insert_of_the_same_point_is_read_back(family, orgs, workers, monkeypatch):
    """Two requests at once: the other one inserted the organisation's point after this one
    looked (simulated by the first lookup finding nothing); the unique violation is caught in a
    savepoint and the point read back, so the caller sees no error and the note is kept."""
    theirs = record(family, orgs, workers, SG, "First request.")
    real_lookup = services._active_point
    calls = []

    def lookup_missing_once(**kwargs):
        calls.append(kwargs)
        return None if len(calls) == 1 else real_lookup(**kwargs)

    monkeypatch.setattr(services, "_active_point", lookup_missing_once)
    with transaction.atomic():  # as in a request: the savepoint must keep the transaction usable
        point = record(family, orgs, workers, SG, "Second request.")
        assert point.pk == theirs.pk
    assert len(calls) == 2
    assert active(family).count() == 1
    point.refresh_from_db()
    assert point.note == "First request.\n\nSecond request."


def test_a_concurrent_rule_point_is_not_raised_twice(family, monkeypatch):
    """A concurrent evaluation stored the same rule point after this one read the stored points."""
    attention_evaluate_families(families=[family], as_of=D(2017, 3, 10))
    before = list(AttentionPoint.objects.order_by("id").values_list("id", "code", "subject"))
    monkeypatch.setattr(services, "_active_and_withdrawn", lambda families, origin="rule": {})
    count = attention_evaluate_families(families=[family], as_of=D(2017, 3, 10))
    assert count.raised == 0
    assert list(AttentionPoint.objects.order_by("id").values_list("id", "code", "subject")) == (
        before
    )
