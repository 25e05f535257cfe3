"""Stored attention points: idempotent raising, automatic closing, claims, history, re-evaluation
on every change (rules.md; product.md 'Rules')."""

import datetime
import json

import pytest
from django.core.management import call_command

from herenigd.casefile.bundles import family_import_bundle
from herenigd.rules.models import AttentionPoint, PointStatus
from herenigd.rules.reasons import render_in
from herenigd.rules.services import (
    attention_evaluate_all,
    attention_evaluate_families,
    attention_point_set_status,
)
from herenigd.timeline.services import timeline_event_correct, timeline_event_record

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def family(example_bundle, municipalities, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):  # no evaluation at today's date
        return family_import_bundle(data=example_bundle).family


def active(family):
    return sorted(
        (p.code, p.subject)
        for p in AttentionPoint.objects.filter(family=family, status__in=["open", "claimed"])
    )


def test_evaluate_twice_creates_nothing_new(family):
    first = attention_evaluate_all(as_of=D(2017, 3, 10))
    points = list(AttentionPoint.objects.values_list("id", "code", "subject", "status"))
    second = attention_evaluate_all(as_of=D(2017, 3, 10))
    assert first.raised > 0
    assert (second.raised, second.closed) == (0, 0)
    assert list(AttentionPoint.objects.values_list("id", "code", "subject", "status")) == points


def test_point_whose_condition_lapses_is_closed_with_reason_and_history(family):
    attention_evaluate_all(as_of=D(2017, 3, 10))
    not_reached = AttentionPoint.objects.get(code="NOT_REACHED", subject="partner")
    assert not_reached.status == PointStatus.OPEN
    # The direct contact of 20-3-2017 (in the bundle) ends NOT_REACHED at that date.
    count = attention_evaluate_all(as_of=D(2017, 3, 20))
    not_reached.refresh_from_db()
    assert not_reached.status == PointStatus.RESOLVED
    assert not_reached.closed_on == D(2017, 3, 20)
    assert count.closed >= 1
    history = list(not_reached.history.values_list("status", "as_of", "by"))
    assert history == [("open", D(2017, 3, 10), None), ("resolved", D(2017, 3, 20), None)]
    assert "no longer holds" in not_reached.history.last().note


def test_claimed_point_is_not_closed_automatically(family, django_user_model):
    worker = django_user_model.objects.create_user("worker", password="x" * 12)
    attention_evaluate_all(as_of=D(2017, 3, 10))
    point = AttentionPoint.objects.get(code="NOT_REACHED", subject="partner")
    attention_point_set_status(
        point=point, status="claimed", acting_user=worker, as_of=D(2017, 3, 11)
    )
    attention_evaluate_all(as_of=D(2017, 3, 20))
    point.refresh_from_db()
    assert point.status == PointStatus.CLAIMED
    assert point.claimed_by == worker
    assert [h.status for h in point.history.all()] == ["open", "claimed"]


def test_withdrawn_point_is_not_raised_again(family, django_user_model):
    worker = django_user_model.objects.create_user("worker", password="x" * 12)
    attention_evaluate_all(as_of=D(2017, 3, 10))
    point = AttentionPoint.objects.get(code="NOT_REACHED", subject="partner")
    attention_point_set_status(
        point=point, status="withdrawn", acting_user=worker, as_of=D(2017, 3, 11)
    )
    assert attention_evaluate_all(as_of=D(2017, 3, 12)).raised == 0
    assert AttentionPoint.objects.filter(code="NOT_REACHED").count() == 1


def test_point_raised_again_after_automatic_close_when_condition_returns(family):
    attention_evaluate_all(as_of=D(2017, 3, 10))
    attention_evaluate_all(as_of=D(2017, 3, 20))
    attention_evaluate_all(as_of=D(2017, 3, 10))
    assert AttentionPoint.objects.filter(code="NOT_REACHED", subject="partner").count() == 2
    assert ("NOT_REACHED", "partner") in active(family)


def test_stored_point_quotes_the_data_and_names_the_person(family):
    attention_evaluate_all(as_of=D(2017, 3, 10))
    point = AttentionPoint.objects.get(code="NOT_REACHED")
    assert point.subject == "partner"
    assert point.person.key == "partner"
    assert "6-2-2017" in render_in(point.code, point.facts, {}, "en")
    assert "6-2-2017" in render_in(point.code, point.facts, {}, "nl")
    assert point.sensitivity == "normal"
    assert point.raised_on == D(2017, 3, 10)
    family_point = AttentionPoint.objects.get(code="FAMILY_INCOMPLETE")
    assert (family_point.subject, family_point.person) == ("", None)


def test_changing_an_event_reevaluates_that_family(family, django_capture_on_commit_callbacks):
    family_evaluated_today = AttentionPoint.objects.filter(family=family)
    assert not family_evaluated_today.exists()
    arrival = family.events.get(type="arrival", person__key="partner")
    with django_capture_on_commit_callbacks(execute=True):
        timeline_event_correct(event=arrival, date=D(2017, 2, 5))
    # Evaluated as of today: the daughter is still abroad, so the family is incomplete.
    assert family_evaluated_today.filter(code="FAMILY_INCOMPLETE").exists()


def test_a_point_that_still_holds_quotes_the_corrected_data(family):
    """Issue 11: after a correction the reason still said the old date."""
    attention_evaluate_all(as_of=D(2017, 3, 10))
    point = AttentionPoint.objects.get(code="NOT_REACHED", subject="partner")
    assert "6-2-2017" in render_in(point.code, point.facts, {}, "nl")
    arrival = family.events.get(type="arrival", person__key="partner")
    timeline_event_correct(event=arrival, date=D(2017, 2, 8))
    attention_evaluate_all(as_of=D(2017, 3, 10))
    point.refresh_from_db()
    assert point.status == PointStatus.OPEN  # the same point, not a new one
    reason = render_in(point.code, point.facts, {}, "nl")
    assert "8-2-2017" in reason and "6-2-2017" not in reason


def test_recording_an_event_reevaluates_that_family(family, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        timeline_event_record(
            family=family,
            type="pregnancy",
            date=D(2017, 5, 1),
            person=family.members.get(key="partner"),
        )
    assert AttentionPoint.objects.filter(
        family=family, code="PREGNANCY", subject="partner"
    ).exists()


def test_import_reevaluates_only_when_something_changed(
    example_bundle, municipalities, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        family_import_bundle(data=example_bundle)  # evaluated: the mark is cleared
    assert len(callbacks) == 1
    with django_capture_on_commit_callbacks() as callbacks:
        family_import_bundle(data=example_bundle)
    assert callbacks == []


def test_evaluate_command_is_idempotent(family, capsys):
    call_command("evaluate", as_of="2017-03-10", json=True)
    first = capsys.readouterr().out
    call_command("evaluate", as_of="2017-03-10", json=True)
    second = capsys.readouterr().out
    assert json.loads(first)["raised"] > 0
    counts = json.loads(second)
    assert {k: counts[k] for k in ("as_of", "families", "raised", "closed")} == {
        "as_of": "2017-03-10",
        "families": 1,
        "raised": 0,
        "closed": 0,
    }


def test_evaluation_is_audited_as_a_system_read_and_per_changed_family(family):
    from herenigd.audit.models import AuditEvent

    attention_evaluate_all(as_of=D(2017, 3, 10))
    assert AuditEvent.objects.filter(action="read", actor="system", family_id=None).count() == 1
    assert AuditEvent.objects.filter(action="update", family_id=family.pk).count() == 1
    attention_evaluate_all(as_of=D(2017, 3, 10))  # nothing changes: only the batch read
    assert AuditEvent.objects.filter(action="update", family_id=family.pk).count() == 1


def test_evaluate_families_counts_per_family(family):
    count = attention_evaluate_families(families=[family], as_of=D(2017, 3, 10))
    assert count.families == 1
    assert count.raised >= 4
    assert count.raised == len(active(family))
