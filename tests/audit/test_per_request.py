"""One read record per request: the reads of a request are merged into one audit event per
purpose, naming every data subject (indexed per person), written at the end of the request, also
for an error response; outside a request every record is written at once."""

import pytest
from django.http import HttpResponse, HttpResponseServerError
from django.test import RequestFactory

from herenigd.accounts.middleware import AuditViaMiddleware
from herenigd.audit.models import Action, AuditEvent, AuditPurpose, AuditSubject
from herenigd.audit.selectors import audit_verify_chain, audit_who_saw_person
from herenigd.audit.services import Actor, audit_reads_per_request, audit_record, audit_seal

pytestmark = pytest.mark.django_db

GP = Actor(7, "gp", 3, "Huisartsen", "0268")
JGZ = Actor(8, "jgz", 4, "JGZ", "0268")


def read(actor=GP, family_id=1, person_id=None, category="identity", purpose="guidance", **kw):
    return audit_record(
        actor=actor,
        action=Action.READ,
        family_id=family_id,
        person_id=person_id,
        category=category,
        purpose=purpose,
        **kw,
    )


def test_outside_a_request_each_read_is_written_at_once():
    event = read(person_id=11)
    assert event is not None and AuditEvent.objects.get() == event
    assert event.subjects == [[1, 11, "identity"]]
    assert list(AuditSubject.objects.values_list("event_id", "person_id")) == [(event.pk, 11)]


def test_the_reads_of_a_request_become_one_event_naming_every_subject():
    with audit_reads_per_request():
        for person_id in (11, 12, 13):
            assert read(person_id=person_id, category="identity,household") is None
        read(person_id=12, category="contact_log")
        read(family_id=2, category="identity,caseload")
        assert not AuditEvent.objects.exists()  # nothing before the request ends
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.purpose) == ("read", "gp", "guidance")
    assert event.family_id is None and event.person_id is None  # several subjects
    assert event.subjects == [
        [1, 11, "household,identity"],
        [1, 12, "contact_log,household,identity"],
        [1, 13, "household,identity"],
        [2, None, "caseload,identity"],
    ]
    assert event.category == "caseload,contact_log,household,identity"
    index = AuditSubject.objects.filter(event_id=event.pk)
    assert sorted(index.values_list("family_id", "person_id", "categories")) == [
        (1, 11, "household,identity"),
        (1, 12, "contact_log,household,identity"),
        (1, 13, "household,identity"),
        (2, None, "caseload,identity"),
    ]
    audit_seal()
    assert audit_verify_chain().ok


def test_one_subject_keeps_family_and_person_on_the_event():
    with audit_reads_per_request():
        read(person_id=11)
    event = AuditEvent.objects.get()
    assert (event.family_id, event.person_id) == (1, 11)


def test_a_request_reading_with_two_purposes_writes_one_event_per_purpose():
    with audit_reads_per_request():
        read(person_id=11, purpose=AuditPurpose.GUIDANCE)
        read(person_id=12, purpose=AuditPurpose.BREAK_THE_GLASS, category="health")
        read(person_id=13, purpose=AuditPurpose.BREAK_THE_GLASS)
    events = {e.purpose: e for e in AuditEvent.objects.all()}
    assert set(events) == {"guidance", "break-the-glass"}
    assert events["guidance"].subjects == [[1, 11, "identity"]]
    assert events["break-the-glass"].subjects == [[1, 12, "health"], [1, 13, "identity"]]
    flagged = [e for e in audit_who_saw_person(person_id=12) if e.break_glass]
    assert [e.category for e in flagged] == ["health"]


def test_other_actions_in_a_request_are_written_at_once_in_the_callers_transaction():
    with audit_reads_per_request():
        read(person_id=11)
        denied = audit_record(actor=GP, action=Action.DENIED, detail="family")
        created = audit_record(actor=GP, action=Action.CREATE, family_id=1, category="plan")
        assert denied is not None and created is not None
        assert set(AuditEvent.objects.values_list("action", flat=True)) == {"denied", "create"}
    assert AuditEvent.objects.filter(action="read").count() == 1


def test_two_actors_in_one_request_are_kept_apart():
    with audit_reads_per_request():
        read(actor=GP, person_id=11)
        read(actor=JGZ, person_id=11)
    assert sorted(AuditEvent.objects.values_list("actor", flat=True)) == ["gp", "jgz"]


def test_the_reads_are_written_when_the_request_fails():
    with pytest.raises(RuntimeError), audit_reads_per_request():
        read(person_id=11)
        raise RuntimeError("the view broke after reading")
    assert AuditEvent.objects.get().subjects == [[1, 11, "identity"]]


def test_the_middleware_writes_one_event_per_request_also_for_an_error_response():
    def view(request):
        read(person_id=11)
        read(person_id=12)
        return HttpResponseServerError("boom")

    response = AuditViaMiddleware(view)(RequestFactory().get("/api/v1/families/1/"))
    assert response.status_code == 500
    event = AuditEvent.objects.get()
    assert (event.via, [s[1] for s in event.subjects]) == ("api", [11, 12])

    AuditViaMiddleware(lambda request: HttpResponse("no reads"))(RequestFactory().get("/"))
    assert AuditEvent.objects.count() == 1  # a request without reads writes nothing


def test_who_saw_gives_per_person_entries_with_that_persons_categories():
    with audit_reads_per_request():
        read(person_id=11, category="identity,health")
        read(person_id=12, category="identity")
    with audit_reads_per_request():
        read(actor=JGZ, person_id=12, category="contact_log")
    read(family_id=1, category="identity,caseload")  # the family as a whole
    entries = audit_who_saw_person(person_id=11)
    assert [(e.actor, e.category, e.purpose, e.via) for e in entries] == [
        ("gp", "health,identity", "guidance", "task")
    ]
    assert entries[0].organisation == "Huisartsen"
    assert entries[0].get_action_display() == Action.READ.label
    assert [(e.actor, e.category) for e in audit_who_saw_person(person_id=12)] == [
        ("jgz", "contact_log"),
        ("gp", "identity"),
    ]
    with_family = audit_who_saw_person(person_id=12, family_id=1)
    assert [e.category for e in with_family] == ["caseload,identity", "contact_log", "identity"]
    with pytest.raises(AttributeError):
        entries[0].actor = "someone else"  # frozen, plain data
