"""`herenigd import-bundle`: one file's failure never stops the others (finding 5), messages in
Dutch or English (finding 9), and `--dry-run` shows what would change without writing anything
(finding 10)."""

import copy
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from herenigd.audit.models import AuditEvent
from herenigd.casefile.bundles import family_import_bundle
from herenigd.casefile.management.commands import import_bundle as command
from herenigd.families.models import Family

from .support import row_counts, write

pytestmark = pytest.mark.django_db
REF = "0268/NIJ-EXAMPLE-1"


def run(*args):
    """Run the command; the CommandError it ends with, or None."""
    error = None
    try:
        call_command("import_bundle", *args)
    except CommandError as exc:
        error = exc
    return error


def lines(text):
    return [line for line in text.splitlines() if line]


def other_family(bundle, reference):
    other = copy.deepcopy(bundle)
    other["family"]["reference"] = reference
    return other


# --- 5. one file's failure does not stop the others ----------------------------------------------


def test_an_unexpected_crash_in_one_file_does_not_stop_the_next(
    tmp_path, example_bundle, municipalities, capsys, monkeypatch
):
    real = command.family_import_bundle

    def crashing(*, data, **kwargs):
        if data["family"]["reference"] == "NIJ-CRASH":
            raise RuntimeError("Karim Haddad 123456782")
        return real(data=data, **kwargs)

    monkeypatch.setattr(command, "family_import_bundle", crashing)
    first = write(tmp_path, "first.json", example_bundle)
    crash = write(tmp_path, "crash.json", other_family(example_bundle, "NIJ-CRASH"))
    last = write(tmp_path, "last.json", other_family(example_bundle, "NIJ-LAST"))

    error = run(first, crash, last, "--language", "en")

    out, err = capsys.readouterr()
    assert lines(out) == [f"{first}: {REF} created", f"{last}: 0268/NIJ-LAST created"]
    assert lines(err)[0].startswith(f"{crash}: $: unexpected error (RuntimeError)")
    assert "Karim" not in err and "123456782" not in err
    assert str(error) == "1 of 3 files not imported, 1 by an unexpected error."
    assert error.returncode == 1
    assert sorted(Family.objects.values_list("reference", flat=True)) == [
        "NIJ-EXAMPLE-1",
        "NIJ-LAST",
    ]


@override_settings(HERENIGD_BUNDLE_MAX_BYTES=100_000)
def test_every_crashing_input_of_the_tester_is_reported_and_the_rest_imported(
    tmp_path, example_bundle, municipalities, capsys
):
    text = json.dumps(example_bundle)
    files = {
        "deep.json": "[" * 10_000 + "]" * 10_000,
        "number.json": '{"format": ' + "7" * 5000 + "}",
        "year.json": text.replace('"birth_date": "1983"', '"birth_date": "0000"'),
        "nul.json": text.replace('"Rana"', '"Ra\\u0000na"'),
        "duplicate.json": text.replace('"format": ', '"format": "x", "format": '),
        "array.json": json.dumps(example_bundle["family"]["members"]),
        "big.json": " " * 200_000 + text,
        "bom.json": "\ufeff" + json.dumps(other_family(example_bundle, "NIJ-BOM")),
        "good.json": text,
    }
    paths = [write(tmp_path, name, content) for name, content in files.items()]

    error = run(*paths, "--language", "en")

    out, err = capsys.readouterr()
    assert lines(out) == [f"{paths[-2]}: 0268/NIJ-BOM created", f"{paths[-1]}: {REF} created"]
    reported = {line.split(": ")[0] for line in lines(err)}
    assert reported == set(paths[:-2])
    for line in lines(err):
        assert line.split(": ")[1].startswith("$"), "every problem has its JSON path"
        assert "Rana" not in line and "Haddad" not in line
    assert str(error).startswith("7 of 9 files refused")


def test_a_missing_file_is_reported_with_the_others(tmp_path, example_bundle, municipalities):
    good = write(tmp_path, "good.json", example_bundle)
    error = run(str(tmp_path / "missing.json"), good, "--language", "en")
    assert str(error).startswith("1 of 2 files refused")
    assert Family.objects.count() == 1


# --- 9. the language of the messages -------------------------------------------------------------


def test_messages_are_dutch_by_default_and_english_on_request(
    tmp_path, example_bundle, municipalities, capsys
):
    example_bundle["family"]["members"][1]["birth_date"] = "2019-02-30"
    path = write(tmp_path, "bad.json", example_bundle)

    error = run(path)
    expected = f"{path}: $.family.members[1].birth_date: Lid 'partner', geboortedatum 2019-02-30"
    assert lines(capsys.readouterr().err) == [f"{expected}: geen bestaande datum"]
    assert str(error) == "1 van 1 bestand geweigerd; daarvoor is niets opgeslagen."

    error = run(path, "--language", "en")
    assert lines(capsys.readouterr().err) == [
        f"{path}: $.family.members[1].birth_date: Member 'partner', birth_date 2019-02-30: "
        "not an existing date"
    ]
    assert str(error) == "1 of 1 file refused; nothing was written for it."


def test_success_is_reported_in_dutch(tmp_path, example_bundle, municipalities, capsys):
    path = write(tmp_path, "b.json", example_bundle)
    call_command("import_bundle", path)
    call_command("import_bundle", path)
    assert lines(capsys.readouterr().out) == [
        f"{path}: {REF} aangemaakt",
        f"{path}: {REF} ongewijzigd",
    ]


def test_an_unknown_language_is_refused(tmp_path):
    with pytest.raises(CommandError):
        call_command("import_bundle", str(tmp_path / "x.json"), "--language", "fr")


# --- 10. --dry-run -------------------------------------------------------------------------------


def without_daughter(bundle):
    changed = copy.deepcopy(bundle)
    changed["family"]["members"] = [
        m for m in changed["family"]["members"] if m["key"] != "daughter"
    ]
    return changed


def changed_bundle(bundle):
    changed = copy.deepcopy(bundle)
    changed["family"]["members"][1]["dutch_level"] = "A1"
    changed["family"]["events"][6]["date"] = "2017-02-05"
    changed["family"]["events"].append(
        {"type": "gp_registered", "person": "son", "date": "2017-03-01"}
    )
    changed["family"]["contacts"] = changed["family"]["contacts"][:1]
    return changed


def dry_then_real(tmp_path, capsys, django_capture_on_commit_callbacks, bundle, *options):
    """The dry run's stdout (nothing written, no callbacks) and the real import's stdout."""
    path = write(tmp_path, "b.json", bundle)
    before, audit = row_counts(), AuditEvent.objects.count()
    with django_capture_on_commit_callbacks() as callbacks:
        dry_error = run(path, "--dry-run", "--language", "en", *options)
    dry_out, dry_err = capsys.readouterr()
    assert row_counts() == before, "a dry run writes nothing"
    assert AuditEvent.objects.count() == audit, "a dry run is not audited as an import"
    assert callbacks == [], "no on_commit callback of a dry run runs"

    real_error = run(path, "--language", "en", *options)
    real_out, real_err = capsys.readouterr()
    assert dry_err == real_err, "a dry run refuses what the import refuses"
    assert (dry_error is None) == (real_error is None)
    return lines(dry_out), lines(real_out), path


def test_dry_run_of_a_new_family(
    tmp_path, example_bundle, municipalities, capsys, django_capture_on_commit_callbacks
):
    dry, real, path = dry_then_real(
        tmp_path, capsys, django_capture_on_commit_callbacks, example_bundle
    )
    assert dry == [f"{path}: {REF} would be created", "Dry run: nothing was written."]
    assert real == [f"{path}: {REF} created"]


def test_dry_run_of_a_changed_family_shows_the_summary(
    tmp_path, example_bundle, municipalities, capsys, django_capture_on_commit_callbacks
):
    call_command("import_bundle", write(tmp_path, "first.json", example_bundle))
    capsys.readouterr()
    dry, real, path = dry_then_real(
        tmp_path, capsys, django_capture_on_commit_callbacks, changed_bundle(example_bundle)
    )
    summary = (
        "members updated: 1, events added: 1, events corrected: 1, contacts kept (not in bundle): 1"
    )
    assert dry[0] == f"{path}: {REF} would be updated ({summary})"
    assert real == [f"{path}: {REF} updated ({summary})"]


def test_dry_run_of_an_unchanged_family(
    tmp_path, example_bundle, municipalities, capsys, django_capture_on_commit_callbacks
):
    call_command("import_bundle", write(tmp_path, "first.json", example_bundle))
    capsys.readouterr()
    dry, real, path = dry_then_real(
        tmp_path, capsys, django_capture_on_commit_callbacks, example_bundle
    )
    assert dry[0] == real[0] == f"{path}: {REF} unchanged"


def test_dry_run_names_the_members_it_would_delete(
    tmp_path, example_bundle, municipalities, capsys, django_capture_on_commit_callbacks
):
    call_command("import_bundle", write(tmp_path, "first.json", example_bundle))
    capsys.readouterr()
    dry, real, path = dry_then_real(
        tmp_path,
        capsys,
        django_capture_on_commit_callbacks,
        without_daughter(example_bundle),
        "--allow-member-removal",
    )
    assert dry[0] == f"{path}: {REF} would be updated (members removed: 1 ('daughter'))"
    assert real == [f"{path}: {REF} updated (members removed: 1 ('daughter'))"]


def test_dry_run_refuses_what_the_import_refuses(
    tmp_path, example_bundle, municipalities, capsys, django_capture_on_commit_callbacks
):
    call_command("import_bundle", write(tmp_path, "first.json", example_bundle))
    capsys.readouterr()
    dry, real, _path = dry_then_real(
        tmp_path, capsys, django_capture_on_commit_callbacks, without_daughter(example_bundle)
    )
    assert dry == ["Dry run: nothing was written."]
    assert real == []


def test_dry_run_in_the_service_returns_the_result_without_writing(example_bundle, municipalities):
    before = row_counts()
    result = family_import_bundle(data=example_bundle, dry_run=True)
    assert (result.created, result.changed, result.dry_run) == (True, True, True)
    assert result.members_added == 4 and result.events_added == 16
    assert row_counts() == before
