"""Readers don't wait for readers: writing an audit record takes no lock that another request's
open transaction holds (PostgreSQL, two real connections), and concurrent writers on SQLite wait
their turn instead of failing with "database is locked"."""

import json
import os
import subprocess
import sys
import textwrap
import threading

import pytest
from django.db import connection, transaction

from herenigd.audit.models import Action, AuditEvent
from herenigd.audit.selectors import audit_verify_chain
from herenigd.audit.services import Actor, audit_reads_per_request, audit_record, audit_seal

READER_A = Actor(1, "reader-a", 1, "GGD", "0268")
READER_B = Actor(2, "reader-b", 2, "JGZ", "0268")


def request_reads(actor: Actor, person_id: int) -> None:
    """What a page does: reads during a request, written as one event when it ends."""
    with audit_reads_per_request():
        audit_record(
            actor=actor,
            action=Action.READ,
            family_id=1,
            person_id=person_id,
            category="identity",
            purpose="guidance",
        )


def in_other_connection(work) -> list[str]:
    """Run `work` on a second database connection (a thread has its own) that gives up on any
    lock after 5 s, so a wait fails the test instead of hanging it. Returns the errors."""
    errors: list[str] = []

    def run():
        from django.db import connection as own

        try:
            with own.cursor() as cursor:
                cursor.execute("SET lock_timeout = '5s'")
            with transaction.atomic():
                work()
        except Exception as error:
            errors.append(f"{type(error).__name__}: {error}")
        finally:
            own.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive(), "the second connection hung"
    return errors


def needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: row locks between two connections (CI runs it there)")


@pytest.mark.django_db(transaction=True)
def test_a_reader_does_not_wait_for_another_readers_open_transaction():
    needs_postgresql()
    with transaction.atomic():
        request_reads(READER_A, 11)  # written, not committed: A's transaction stays open
        audit_record(actor=READER_A, action=Action.DENIED, detail="family")
        errors = in_other_connection(lambda: request_reads(READER_B, 12))
        assert errors == []
        errors = in_other_connection(
            lambda: audit_record(actor=READER_B, action=Action.CREATE, family_id=1)
        )
        assert errors == []
    assert AuditEvent.objects.count() == 4
    audit_seal()
    assert audit_verify_chain().ok


@pytest.mark.django_db(transaction=True)
def test_neither_readers_nor_a_second_sealer_wait_for_the_sealer():
    needs_postgresql()
    audit_seal()  # the head exists (committed)
    request_reads(READER_A, 11)
    with transaction.atomic():
        assert audit_seal() == 1  # holds the head lock until this block ends
        assert in_other_connection(lambda: request_reads(READER_B, 12)) == []
        sealed = []
        assert in_other_connection(lambda: sealed.append(audit_seal(wait=False))) == []
        assert sealed == [0]  # left the work to the sealer that holds the lock
    assert audit_seal() == 1
    assert audit_verify_chain().ok


SQLITE_WRITERS = textwrap.dedent(
    """
    import json, threading
    import django
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    call_command("migrate", "audit", verbosity=0)
    from herenigd.audit.models import Action, AuditEvent
    from herenigd.audit.services import Actor, audit_reads_per_request, audit_record

    errors = []

    def writer(n):
        actor = Actor(n, f"reader-{n}", n, "Org", "0268")
        try:
            for i in range(25):
                with audit_reads_per_request():
                    for person in range(3):
                        audit_record(actor=actor, action=Action.READ, family_id=n,
                                     person_id=person, category="identity", purpose="guidance")
                audit_record(actor=actor, action=Action.DENIED, detail="family")
        except Exception as error:
            errors.append(f"{type(error).__name__}: {error}")
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(json.dumps({"errors": errors, "events": AuditEvent.objects.count()}))
    """
)


def test_concurrent_audit_writers_on_sqlite_do_not_fail_with_database_is_locked(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "herenigd.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'concurrent.sqlite3'}",
    }
    done = subprocess.run(
        [sys.executable, "-c", SQLITE_WRITERS],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"errors": [], "events": 8 * 25 * 2}
