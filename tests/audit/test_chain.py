"""The keyed audit chain: every way of tampering with the trail in the database is detected and
the first broken entry is named (docs/decisions/0002-audit-trail.md). These tests need no world:
they write events through the service, seal them, and then tamper as someone with database
access (but without HERENIGD_AUDIT_KEY) would."""

import hashlib
import hmac

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings

from herenigd.audit.keyed import chain_link, event_mac, head_mac
from herenigd.audit.models import Action, AuditEvent, AuditHead, AuditPurpose, AuditSubject
from herenigd.audit.selectors import audit_verify_chain
from herenigd.audit.services import (
    SYSTEM,
    Actor,
    AuditChainBroken,
    audit_record,
    audit_seal,
    event_fields,
)

pytestmark = pytest.mark.django_db

ACTOR = Actor(7, "gp", 3, "Huisartsen", "0268")


def write(n: int = 6) -> list[int]:
    for i in range(n):
        audit_record(
            actor=ACTOR,
            action=Action.READ,
            family_id=100 + i % 2,
            person_id=200 + i,
            category="identity,household",
            purpose=AuditPurpose.GUIDANCE,
        )
    return list(AuditEvent.objects.order_by("id").values_list("id", flat=True))


def sql(statement: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, list(params))


def broken(id_: int | None, words: str) -> None:
    report = audit_verify_chain()
    assert not report.ok, report
    assert report.first_broken_id == id_, report
    assert words in report.problem, report
    with pytest.raises(CommandError, match=f"Audit trail broken at event #{id_}: "):
        call_command("verify_audit")


def test_an_intact_sealed_trail_verifies(capsys):
    ids = write()
    assert audit_seal() == len(ids)
    assert audit_seal() == 0
    assert list(AuditEvent.objects.order_by("seq").values_list("id", flat=True)) == ids
    head = AuditHead.objects.get()
    assert (head.last_seq, head.last_id) == (len(ids), ids[-1])
    assert audit_verify_chain().ok
    call_command("verify_audit")
    assert capsys.readouterr().out.strip() == f"Audit trail intact: {len(ids)} events verified."


def test_verify_audit_seals_new_events_first(capsys):
    ids = write(3)
    call_command("verify_audit")
    assert AuditEvent.objects.filter(seq__isnull=True).count() == 0
    assert f"{len(ids)} events verified" in capsys.readouterr().out


def test_an_edited_field_is_detected():
    ids = write()
    audit_seal()
    sql("UPDATE audit_auditevent SET purpose = %s WHERE id = %s", ["", ids[2]])
    broken(ids[2], "content changed")


def test_an_edited_field_of_an_unsealed_event_is_detected():
    ids = write()
    audit_seal()
    audit_record(actor=ACTOR, action=Action.UPDATE, family_id=100, category="plan")
    last = AuditEvent.objects.latest("id").pk
    sql("UPDATE audit_auditevent SET actor = %s WHERE id = %s", ["nobody", last])
    assert audit_verify_chain().first_broken_id == last
    assert len(ids) + 1 == AuditEvent.objects.count()


def test_a_deleted_row_in_the_middle_is_detected():
    ids = write()
    audit_seal()
    sql("DELETE FROM audit_auditsubject WHERE event_id = %s", [ids[2]])
    sql("DELETE FROM audit_auditevent WHERE id = %s", [ids[2]])
    broken(ids[3], "missing")


def test_an_inserted_row_without_the_key_is_detected():
    ids = write()
    audit_seal()
    forged = AuditEvent.objects.get(pk=ids[1])
    forged.pk, forged.seq, forged.chain, forged.actor = None, None, "", "forger"
    fields = event_fields(forged)
    forged.mac = hashlib.sha256(repr(fields).encode()).hexdigest()
    AuditEvent.objects.bulk_create([forged])
    broken(forged.pk, "content changed")


def test_an_inserted_row_with_a_copied_mac_is_detected():
    """A copy of a genuine event (same MAC) slipped into the chain in a new place."""
    ids = write()
    audit_seal()
    copy = AuditEvent.objects.get(pk=ids[1])
    head = AuditHead.objects.get()
    copy.pk, copy.seq = None, head.last_seq + 1
    copy.chain = hashlib.sha256(f"{head.last_chain}{copy.mac}".encode()).hexdigest()
    AuditEvent.objects.bulk_create([copy])
    sql(
        "INSERT INTO audit_auditsubject (event_id, family_id, person_id, categories) "
        "SELECT %s, family_id, person_id, categories FROM audit_auditsubject WHERE event_id = %s",
        [copy.pk, ids[1]],
    )
    broken(copy.pk, "link to the previous event broken")


def test_swapped_sequence_numbers_are_detected():
    ids = write()
    audit_seal()
    sql("UPDATE audit_auditevent SET seq = -1 WHERE id = %s", [ids[1]])
    sql("UPDATE audit_auditevent SET seq = 2 WHERE id = %s", [ids[2]])
    sql("UPDATE audit_auditevent SET seq = 3 WHERE id = %s", [ids[1]])
    broken(ids[2], "link to the previous event broken")


def test_swapped_ids_are_detected():
    ids = write()
    audit_seal()
    a, b = ids[1], ids[2]
    for old, new in [(a, -1), (b, a), (-1, b)]:
        sql("UPDATE audit_auditevent SET id = %s WHERE id = %s", [new, old])
        sql("UPDATE audit_auditsubject SET event_id = %s WHERE event_id = %s", [new, old])
    broken(b, "link to the previous event broken")


def test_a_truncated_tail_is_detected():
    ids = write()
    audit_seal()
    sql("DELETE FROM audit_auditsubject WHERE event_id >= %s", [ids[4]])
    sql("DELETE FROM audit_auditevent WHERE id >= %s", [ids[4]])
    broken(ids[3], "removed")


def test_a_deleted_head_is_detected_and_not_recreated_by_the_sealer():
    ids = write()
    audit_seal()
    sql("DELETE FROM audit_audithead")
    with pytest.raises(AuditChainBroken):
        audit_seal()
    assert not AuditHead.objects.exists()
    broken(ids[-1], "head is missing")


def test_a_rewritten_head_is_detected():
    """Tail cut and head moved back to the new last event: without the key its MAC is wrong."""
    ids = write()
    audit_seal()
    survivor = AuditEvent.objects.get(pk=ids[3])
    sql("DELETE FROM audit_auditsubject WHERE event_id > %s", [ids[3]])
    sql("DELETE FROM audit_auditevent WHERE id > %s", [ids[3]])
    sql(
        "UPDATE audit_audithead SET last_seq = %s, last_id = %s, last_chain = %s",
        [survivor.seq, survivor.pk, survivor.chain],
    )
    with pytest.raises(AuditChainBroken):
        audit_seal()
    broken(ids[3], "head was changed")


def test_an_old_head_with_an_intact_tail_is_detected():
    """A replayed older (genuine) head while the events after it are still there."""
    ids = write(3)
    audit_seal()
    old = AuditHead.objects.values("last_seq", "last_id", "last_chain", "mac").get()
    write(2)
    audit_seal()
    sql(
        "UPDATE audit_audithead SET last_seq = %s, last_id = %s, last_chain = %s, mac = %s",
        [old["last_seq"], old["last_id"], old["last_chain"], old["mac"]],
    )
    broken(ids[-1], "does not match")


def _recompute(mac, link, head):
    """Rewrite every MAC, link and the head as an attacker who lacks the real key would."""
    prev = "0" * 64
    for event in AuditEvent.objects.order_by("seq"):
        event.actor = "rewritten"
        new_mac = mac(event_fields(event))
        prev = link(prev, event.seq, event.pk, new_mac)
        sql(
            "UPDATE audit_auditevent SET actor = %s, mac = %s, chain = %s WHERE id = %s",
            ["rewritten", new_mac, prev, event.pk],
        )
        last = event
    sql(
        "UPDATE audit_audithead SET mac = %s",
        [head(last.seq, last.pk, prev)],
    )


def test_a_chain_recomputed_with_plain_sha256_is_detected():
    ids = write()
    audit_seal()

    def sha(text):
        return hashlib.sha256(text.encode()).hexdigest()

    _recompute(
        lambda fields: sha(f"event|{sorted(fields.items())}"),
        lambda prev, seq, id_, mac: sha(f"chain|{prev}|{seq}|{id_}|{mac}"),
        lambda seq, id_, chain: sha(f"head|{seq}|{id_}|{chain}"),
    )
    broken(ids[0], "content changed")


def test_a_chain_recomputed_with_a_wrong_key_is_detected():
    ids = write()
    audit_seal()
    wrong = "a-guessed-key-that-is-not-the-real-one"
    _recompute(
        lambda fields: event_mac(wrong, fields),
        lambda prev, seq, id_, mac: chain_link(wrong, prev, seq, id_, mac),
        lambda seq, id_, chain: head_mac(wrong, seq, id_, chain),
    )
    broken(ids[0], "content changed")


def test_the_key_is_not_in_the_database():
    write(2)
    audit_seal()
    from django.conf import settings

    key = settings.HERENIGD_AUDIT_KEY
    with connection.cursor() as cursor:
        for table in ("audit_auditevent", "audit_audithead", "audit_auditsubject"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names
            assert key not in repr(cursor.fetchall())
    with override_settings(HERENIGD_AUDIT_KEY="another-deployment-key-of-enough-length"):
        assert not audit_verify_chain().ok


def test_a_tampered_subject_index_row_is_detected():
    ids = write()
    audit_seal()
    sql("UPDATE audit_auditsubject SET person_id = %s WHERE event_id = %s", [999, ids[2]])
    broken(ids[2], "index of data subjects")


def test_a_deleted_subject_index_row_is_detected():
    ids = write()
    sql("DELETE FROM audit_auditsubject WHERE event_id = %s", [ids[4]])
    broken(ids[4], "index of data subjects")


def test_an_index_row_for_no_event_is_detected():
    write()
    audit_seal()
    AuditSubject.objects.create(event_id=10_000, family_id=1, person_id=2, categories="health")
    broken(10_000, "index row of a missing event")


def test_an_event_committed_late_gets_the_next_place_without_a_false_alarm():
    """A lower id committed after a higher one was sealed (concurrent transactions)."""
    ids = write(3)
    late = AuditEvent.objects.get(pk=ids[0])
    sql("DELETE FROM audit_auditsubject WHERE event_id = %s", [ids[0]])
    sql("DELETE FROM audit_auditevent WHERE id = %s", [ids[0]])  # not committed yet
    audit_seal()
    late.seq, late.chain = None, ""
    AuditEvent.objects.bulk_create([late])  # ... now it is
    AuditSubject.objects.bulk_create(
        AuditSubject(event_id=late.pk, family_id=f, person_id=p, categories=c)
        for f, p, c in late.subjects
    )
    assert audit_seal() == 1
    assert list(AuditEvent.objects.order_by("seq").values_list("id", flat=True)) == [
        ids[1],
        ids[2],
        ids[0],
    ]
    assert audit_verify_chain().ok


def test_the_sealer_only_sets_seq_and_chain_once():
    ids = write(2)
    audit_seal()
    assert AuditEvent.objects.all()._seal(ids[0], seq=99, chain="x") == 0
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=ids[0]).update(seq=None)
    with pytest.raises(TypeError):
        AuditSubject.objects.all().delete()
    with pytest.raises(TypeError):
        AuditSubject.objects.all().update(person_id=1)
    with pytest.raises(TypeError):
        AuditSubject.objects.first().save()


def test_an_event_mac_is_an_hmac_with_the_configured_key():
    from django.conf import settings

    audit_record(actor=SYSTEM, action=Action.LOGIN_FAILED)
    event = AuditEvent.objects.get()
    payload = "event|" + __import__("json").dumps(
        event_fields(event), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    expected = hmac.new(
        settings.HERENIGD_AUDIT_KEY.encode(), payload.encode(), hashlib.sha256
    ).hexdigest()
    assert event.mac == expected


@pytest.mark.parametrize("purpose", ["because I can", "?purpose=x", "Guidance", "break_glass"])
def test_a_purpose_outside_the_vocabulary_is_refused(purpose):
    with pytest.raises(ValueError, match="unknown audit purpose"):
        audit_record(actor=ACTOR, action=Action.READ, family_id=1, purpose=purpose)
    assert not AuditEvent.objects.exists()


def test_the_purposes_in_use_are_in_the_vocabulary():
    for purpose in ["guidance", "break-the-glass", "", *AuditPurpose.values]:
        audit_record(actor=ACTOR, action=Action.READ, family_id=1, purpose=purpose)
    with pytest.raises(ValueError):
        # A free-text purpose (as the daily evaluation once spelled it) is refused.
        audit_record(
            actor=SYSTEM, action=Action.READ, purpose="evaluation of deadlines and attention points"
        )
