"""The `deadlines`, `attention` and `evaluate` commands: output shape, as-of, clear errors."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from herenigd.casefile.bundles import family_import_bundle

pytestmark = pytest.mark.django_db

FAMILY = {"municipality": "0268", "family": "NIJ-EXAMPLE-1"}


@pytest.fixture
def family(example_bundle, municipalities):
    return family_import_bundle(data=example_bundle).family


def run(capsys, command, **options):
    call_command(command, **FAMILY, **options)
    return capsys.readouterr().out


def test_deadlines_json_for_an_as_of_date(family, capsys):
    # Derived by hand from rules.md for the example bundle on 10-3-2017.
    rows = json.loads(run(capsys, "deadlines", as_of="2017-03-10", json=True))
    assert sorted((r["code"], r["person"], r["due"], r["status"]) for r in rows) == sorted(
        [
            ("APPLICATION_FILING", "sponsor", "2016-04-12", "met"),
            ("DECISION", None, "2016-08-28", "met_late"),
            ("REPORT_REGISTRATION_CENTRE", "partner", "2017-02-09", "met"),
            ("REPORT_REGISTRATION_CENTRE", "son", "2017-02-09", "met"),
            ("HEALTH_INSURANCE", "partner", "2017-02-22", "met"),
            ("INTAKE", "partner", "2017-02-20", "overdue"),
            ("JGZ_INTAKE", "son", "2017-03-06", "overdue"),
            ("SCHOOL_REGISTRATION", "son", "2017-02-20", "met"),
            ("GP_INTERPRETER_WINDOW", "partner", "2017-08-08", "open"),
            ("MIN_COHABITATION", "son", "2018-02-06", "open"),
        ]
    )
    assert all(set(r) == {"code", "person", "due", "status"} for r in rows)


def test_attention_json_for_an_as_of_date(family, capsys):
    rows = json.loads(run(capsys, "attention", as_of="2017-03-10", json=True, language="en"))
    assert sorted((r["code"], r["person"]) for r in rows) == sorted(
        [
            ("FAMILY_INCOMPLETE", None),
            ("DIRECT_ROUTE_INFO_GAP", "partner"),
            ("DIRECT_ROUTE_INFO_GAP", "son"),
            ("NOT_REACHED", "partner"),
            ("INTERPRETER_NEEDED", "partner"),
        ]
    )
    assert all(r["family"] == "NIJ-EXAMPLE-1" for r in rows)
    assert all(set(r) == {"code", "person", "family", "reason", "sensitivity"} for r in rows)
    assert {r["sensitivity"] for r in rows} == {"normal"}


def test_reasons_in_dutch_by_default_and_in_english_on_request(family, capsys):
    nl = json.loads(run(capsys, "attention", as_of="2017-03-10", json=True))
    en = json.loads(run(capsys, "attention", as_of="2017-03-10", json=True, language="en"))
    assert [r["code"] for r in nl] == [r["code"] for r in en]
    assert all(a["reason"] != b["reason"] for a, b in zip(nl, en, strict=True))


def test_table_output_is_readable(family, capsys):
    out = run(capsys, "deadlines", as_of="2017-03-10")
    header, *lines = out.splitlines()
    assert header.split() == ["code", "person", "due", "status"]
    assert any(line.split()[:2] == ["DECISION", "-"] for line in lines)


@pytest.mark.parametrize("command", ["deadlines", "attention"])
@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"municipality": "9999", "family": "NIJ-EXAMPLE-1"}, "No family 'NIJ-EXAMPLE-1'"),
        ({"municipality": "0268", "family": "NOPE"}, "No family 'NOPE'"),
        ({**FAMILY, "as_of": "2017-02-30"}, "is not a date"),
        ({**FAMILY, "as_of": "yesterday"}, "is not a date"),
    ],
)
def test_bad_input_is_a_clear_error(family, command, options, message):
    with pytest.raises(CommandError, match=message):
        call_command(command, **options)


def test_evaluate_rejects_bad_date(family):
    with pytest.raises(CommandError, match="is not a date"):
        call_command("evaluate", as_of="2017-13-01")


def test_console_script_exits_nonzero_with_message(tmp_path):
    script = Path(sys.executable).with_name("herenigd")
    if not script.exists():
        pytest.skip("console script not installed (run `make install`)")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}"}
    subprocess.run([script, "migrate", "-v", "0"], env=env, check=True, timeout=300)
    result = subprocess.run(
        [script, "deadlines", "--municipality", "0268", "--family", "X", "--as-of", "2017-01-01"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "No family 'X' in municipality '0268'" in result.stderr
    assert "Traceback" not in result.stderr


def test_malformed_rule_set_is_refused_at_start(tmp_path):
    script = Path(sys.executable).with_name("herenigd")
    if not script.exists():
        pytest.skip("console script not installed (run `make install`)")
    broken = tmp_path / "rules.yaml"
    broken.write_text("format: herenigd.ruleset/1\ndeadlines: [oops\n", encoding="utf-8")
    for path, expected in [(broken, "rules.yaml"), (tmp_path / "missing.yaml", "missing.yaml")]:
        env = {**os.environ, "HERENIGD_RULESET": str(path)}
        result = subprocess.run(
            [script, "check"], env=env, capture_output=True, text=True, timeout=120
        )
        assert result.returncode != 0
        assert "HERENIGD_RULESET" in result.stderr and expected in result.stderr
