"""No family is left stored but unevaluated: every change marks its family as needing evaluation
in the change's own transaction (families/changes.py); the mark is cleared only by an evaluation
that commits and read the latest change, and `herenigd evaluate --pending`, Celery beat and the
daily job pick up every marked family (docs/operations.md 'Evaluation after a change')."""

import datetime
import importlib
import json
import os
import shutil
import subprocess
import sys
import textwrap

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import timezone

from herenigd.casefile.bundles import family_import_bundle
from herenigd.families.changes import (
    evaluation_due_summary,
    family_changed,
    family_ids_due_for_evaluation,
    family_touched,
)
from herenigd.families.models import Family
from herenigd.rules import services, tasks
from herenigd.rules.models import AttentionPoint
from herenigd.rules.services import attention_evaluate_families, attention_evaluate_pending
from herenigd.timeline.services import timeline_event_record
from tests.fixtures import EXAMPLE_BUNDLE

D = datetime.date
AS_OF = D(2017, 3, 10)


def import_unevaluated(bundle, reference=None):
    """Import, committing nothing after: the state the process leaves when it dies right there."""
    if reference:
        bundle = {**bundle, "family": {**bundle["family"], "reference": reference}}
    return family_import_bundle(data=bundle).family


@pytest.fixture
def family(example_bundle, municipalities, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        return import_unevaluated(example_bundle)


def marked(family) -> bool:
    return Family.objects.get(pk=family.pk).evaluation_due_since is not None


def changes(family) -> int:
    return Family.objects.get(pk=family.pk).changes


# --- The mark, in process -------------------------------------------------------------------


@pytest.mark.django_db
def test_an_import_marks_the_family_and_its_evaluation_clears_the_mark(family):
    assert marked(family) and changes(family) == 1
    assert not AttentionPoint.objects.filter(family=family).exists()
    assert family_ids_due_for_evaluation() == [family.pk]
    # `family` was read before the import counted its change: the evaluation reads the counter
    # itself, so a stale instance still clears the mark.
    attention_evaluate_families(families=[family], as_of=AS_OF)
    assert not marked(family)
    assert AttentionPoint.objects.filter(family=family).exists()
    assert evaluation_due_summary().families == 0


@pytest.mark.django_db
def test_the_mark_is_set_in_the_transaction_of_the_change(
    family, django_capture_on_commit_callbacks
):
    attention_evaluate_families(families=[family], as_of=AS_OF)
    partner = family.members.get(key="partner")
    with (
        django_capture_on_commit_callbacks(execute=False) as scheduled,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        timeline_event_record(family=family, type="pregnancy", date=D(2017, 5, 1), person=partner)
        assert marked(family) and changes(family) == 2  # written with the change
        raise RuntimeError("the change fails after it was written")
    assert not marked(family) and changes(family) == 1  # rolled back with it
    assert scheduled == []  # and no evaluation was scheduled
    with django_capture_on_commit_callbacks(execute=False):
        timeline_event_record(family=family, type="pregnancy", date=D(2017, 5, 1), person=partner)
    assert marked(family) and changes(family) == 2


@pytest.mark.django_db
def test_a_change_during_the_evaluation_keeps_the_mark(
    family, monkeypatch, django_capture_on_commit_callbacks
):
    evaluations = services.family_evaluations

    def evaluations_while_the_family_changes(**kwargs):
        # After the evaluation read the counter, before it reads the data: a change commits.
        family_changed(family_id=family.pk)
        yield from evaluations(**kwargs)

    monkeypatch.setattr(services, "family_evaluations", evaluations_while_the_family_changes)
    with django_capture_on_commit_callbacks(execute=False):
        attention_evaluate_families(families=[family], as_of=AS_OF)
    assert AttentionPoint.objects.filter(family=family).exists()  # the evaluation committed
    assert marked(family) and changes(family) == 2  # but did not see the latest change
    monkeypatch.setattr(services, "family_evaluations", evaluations)
    attention_evaluate_families(families=[family], as_of=AS_OF)
    assert not marked(family)


@pytest.mark.django_db
def test_an_unchanged_write_evaluates_a_marked_family_only(
    family, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        family_touched(family_id=family.pk)
    assert not marked(family) and changes(family) == 1
    assert Family.objects.get(pk=family.pk).evaluated_on is not None
    with django_capture_on_commit_callbacks(execute=False) as scheduled:
        family_touched(family_id=family.pk)
    assert scheduled == []  # evaluated and unchanged: nothing to do


# --- What picks the mark up -----------------------------------------------------------------


@pytest.fixture
def two_families(example_bundle, municipalities, django_capture_on_commit_callbacks):
    """A marked family and an evaluated one."""
    with django_capture_on_commit_callbacks(execute=False):
        evaluated = import_unevaluated(example_bundle, "NIJ-EVALUATED")
        pending = import_unevaluated(example_bundle, "NIJ-PENDING")
    attention_evaluate_families(families=[evaluated], as_of=AS_OF)
    return pending, evaluated


@pytest.mark.django_db
def test_evaluate_pending_evaluates_the_marked_families_and_says_how_many(two_families, capsys):
    pending, evaluated = two_families
    call_command("evaluate", pending=True, as_of="2017-03-10", json=True)
    result = json.loads(capsys.readouterr().out)
    assert (result["pending"], result["families"], result["failed"]) == (1, 1, [])
    assert result["raised"] == AttentionPoint.objects.filter(family=pending).count() > 0
    assert result["pending_since"] is not None
    assert not marked(pending) and not marked(evaluated)
    call_command("evaluate", pending=True, as_of="2017-03-10")
    out = capsys.readouterr().out
    assert "Evaluated 0 families" in out and "0 families were pending evaluation." in out


@pytest.mark.django_db
def test_evaluate_without_arguments_evaluates_every_family_and_clears_the_marks(
    two_families, capsys
):
    pending, _evaluated = two_families
    call_command("evaluate", as_of="2017-03-10")
    out = capsys.readouterr().out
    assert "Evaluated 2 families" in out and "1 families were pending evaluation" in out
    assert not marked(pending)


@pytest.mark.django_db
@pytest.mark.parametrize("task", [tasks.evaluate_all, tasks.evaluate_pending])
def test_the_scheduled_jobs_clear_the_marks(two_families, task, caplog):
    pending, _evaluated = two_families
    Family.objects.filter(pk=pending.pk).update(
        evaluation_due_since=datetime.datetime(2017, 3, 1, tzinfo=datetime.UTC)
    )
    task()
    assert not marked(pending)
    assert evaluation_due_summary().families == 0
    assert "1 families need evaluation" in caplog.text  # a missed mark is a warning
    assert any(r.levelname == "WARNING" for r in caplog.records)


def test_the_pending_job_runs_often():
    entry = settings.CELERY_BEAT_SCHEDULE["evaluate-pending-families"]
    assert entry["task"] == "herenigd.rules.tasks.evaluate_pending"
    assert entry["schedule"].minute == set(range(0, 60, 15))


@pytest.mark.django_db
def test_a_family_that_cannot_be_evaluated_stays_marked_and_blocks_no_other(
    two_families, monkeypatch, capsys, caplog
):
    pending, _evaluated = two_families
    broken = Family.objects.create(municipality=pending.municipality, reference="NIJ-BROKEN")
    family_changed(family_id=broken.pk)
    evaluations = services.family_evaluations

    def evaluations_failing_for_one(*, families, **kwargs):
        if any(f.pk == broken.pk for f in families):
            raise ValueError("the engine cannot evaluate this family")
        yield from evaluations(families=families, **kwargs)

    monkeypatch.setattr(services, "family_evaluations", evaluations_failing_for_one)
    with pytest.raises(CommandError, match=f"1 families could not be evaluated.*ids {broken.pk}"):
        call_command("evaluate", pending=True, as_of="2017-03-10")
    assert "2 families were pending evaluation" in capsys.readouterr().out
    assert marked(broken) and not marked(pending)
    assert f"evaluation of family id {broken.pk} failed" in caplog.text


@pytest.mark.django_db
def test_too_many_failures_stop_the_run(municipalities, monkeypatch):
    def evaluations_failing(**kwargs):
        raise RuntimeError("the database is gone")
        yield

    monkeypatch.setattr(services, "family_evaluations", evaluations_failing)
    for n in range(services.MAX_FAILED_FAMILIES + 2):
        other = Family.objects.create(municipality=municipalities["0268"], reference=f"F-{n}")
        family_changed(family_id=other.pk)
    with pytest.raises(RuntimeError, match="the database is gone"):
        attention_evaluate_pending(as_of=AS_OF, chunk_size=5)
    assert evaluation_due_summary().families == services.MAX_FAILED_FAMILIES + 2


@pytest.mark.django_db
def test_finding_the_marked_families_uses_the_partial_index(family):
    query = Family.objects.filter(evaluation_due_since__isnull=False).order_by().values("id")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # the planner would read a table this small whole
            cursor.execute("SET LOCAL enable_seqscan = off")
    assert "family_evaluation_due_idx" in query.explain()


@pytest.mark.django_db
def test_the_migration_marks_families_that_were_never_evaluated(two_families):
    pending, evaluated = two_families
    Family.objects.filter(pk=pending.pk).update(evaluation_due_since=None)
    migration = importlib.import_module("herenigd.families.migrations.0004_family_evaluation_due")
    migration.mark_never_evaluated(apps, None)
    assert marked(pending) and not marked(evaluated)


# --- The process dies between commit and evaluation ------------------------------------------

PRELUDE = """
import json, os, sys
import django
django.setup()
from django.core.management import call_command
from herenigd.families.models import Family
from herenigd.rules.models import AttentionPoint
"""

MIGRATE = """
call_command("migrate", verbosity=0)
from herenigd.organisations.models import Municipality
Municipality.objects.create(code="0268", name="Nijmegen")
"""

# The evaluation after commit is replaced by the process dying: the change has committed, its
# evaluation never runs.
IMPORT_AND_DIE = """
from types import SimpleNamespace
from herenigd.rules import tasks

def die(family_id):
    print("committed, dying before the evaluation", flush=True)
    os._exit(1)

tasks.evaluate_family = SimpleNamespace(delay=die)
call_command("import_bundle", sys.argv[1])
print("the evaluation after commit did not run")
"""

IMPORT = """
call_command("import_bundle", sys.argv[1])
"""

STATE = """
family = Family.objects.get(reference=sys.argv[1])
print(json.dumps({
    "marked": family.evaluation_due_since is not None,
    "points": AttentionPoint.objects.filter(family=family).count(),
    "evaluated_on": family.evaluated_on and family.evaluated_on.isoformat(),
}))
"""


@pytest.fixture(scope="module")
def migrated_database(tmp_path_factory):
    """A migrated SQLite file with the municipality (made once; each test works on a copy)."""
    path = tmp_path_factory.mktemp("crash") / "migrated.sqlite3"
    run(MIGRATE, database=path)
    return path


@pytest.fixture
def database(migrated_database, tmp_path):
    path = tmp_path / "herenigd.sqlite3"
    shutil.copyfile(migrated_database, path)
    return path


def run(script, *args, database, check=True) -> subprocess.CompletedProcess:
    """Run `script` (after PRELUDE) in a new process on the SQLite file `database`."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "herenigd.settings",
        "DATABASE_URL": f"sqlite:///{database}",
    }
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(PRELUDE + script), *map(str, args)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if check:
        assert done.returncode == 0, done.stderr[-3000:]
    return done


def state(database, reference="NIJ-EXAMPLE-1") -> dict:
    return json.loads(run(STATE, reference, database=database).stdout.splitlines()[-1])


def herenigd(*args, database) -> subprocess.CompletedProcess:
    """The console script (`python -m herenigd.cli` is what `herenigd` runs)."""
    return run(
        "from herenigd.cli import main; main(['herenigd', *sys.argv[1:]])", *args, database=database
    )


def import_and_die(database, bundle=EXAMPLE_BUNDLE):
    died = run(IMPORT_AND_DIE, bundle, database=database, check=False)
    assert (died.returncode, died.stdout.strip()) == (
        1,
        "committed, dying before the evaluation",
    ), died.stderr[-3000:]


def test_a_family_committed_by_a_process_that_died_is_evaluated_by_evaluate_pending(database):
    """The import commits, then the process dies (`os._exit(1)` in place of the evaluation after
    commit). This test always runs on a SQLite file of its own in tmp_path, whatever
    DATABASE_URL the suite runs on: each step is a new process, as in production."""
    import_and_die(database)
    assert state(database) == {"marked": True, "points": 0, "evaluated_on": None}

    evaluated = herenigd(
        "evaluate", "--pending", "--as-of", "2017-03-10", "--json", database=database
    )
    result = json.loads(evaluated.stdout.splitlines()[-1])
    assert (result["pending"], result["families"]) == (1, 1)
    after = state(database)
    assert after["marked"] is False and after["points"] == result["raised"] > 0
    assert after["evaluated_on"] == "2017-03-10"


def test_reimporting_the_unchanged_bundle_after_the_crash_evaluates_the_family(database):
    """As above (a SQLite file of its own): the import died after its commit; importing the
    same bundle again finds nothing to change, and still ends with the family evaluated."""
    import_and_die(database)
    run(IMPORT, EXAMPLE_BUNDLE, database=database)
    after = state(database)
    assert after["marked"] is False
    assert after["evaluated_on"] == timezone.localdate().isoformat()
