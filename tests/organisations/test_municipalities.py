"""Municipality reference data and `herenigd municipality …` (issue 11, point 7)."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from herenigd.audit.models import Action, AuditEvent, AuditPurpose
from herenigd.demo.services import MUNICIPALITIES
from herenigd.families.models import Family
from herenigd.organisations.models import Municipality
from herenigd.organisations.services import CBS_CODE, reference_list
from tests.fixtures import EXAMPLE_BUNDLE

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("municipality", *args, stdout=out)
    return out.getvalue()


def test_the_reference_file_names_its_year_and_source_and_holds_valid_codes():
    data = reference_list()
    assert data["year"] == 2026
    assert "CBS" in data["source"]
    assert "1 januari 2026" in data["title"]
    codes = [row["code"] for row in data["municipalities"]]
    assert len(codes) == len(set(codes))
    assert all(CBS_CODE.fullmatch(code) for code in codes)
    # Every municipality of the demo is in it, with the same name.
    listed = {row["code"]: row["name"] for row in data["municipalities"]}
    assert {code: listed[code] for code in MUNICIPALITIES} == MUNICIPALITIES


def test_the_example_bundle_imports_on_a_freshly_migrated_database_after_load():
    assert not Municipality.objects.exists()  # migrate alone ships no tenant
    out = run("load")
    assert "0 already present" in out
    call_command("import_bundle", str(EXAMPLE_BUNDLE), stdout=StringIO())
    assert Family.objects.filter(municipality__code="0268").count() == 1
    # Loading again changes nothing.
    assert "0 added" in run("load")
    assert Municipality.objects.filter(code="0268", name="Nijmegen").count() == 1


def test_add_is_validated_idempotent_and_audited():
    assert "added" in run("add", "0363", "Amsterdam")
    assert "already present" in run("add", "0363", "Amsterdam")
    assert Municipality.objects.filter(code="0363").count() == 1
    events = AuditEvent.objects.filter(detail="municipality 0363")
    assert events.count() == 1
    event = events.get()
    assert event.action == Action.CREATE
    assert event.purpose == AuditPurpose.ADMINISTRATION
    assert event.actor.startswith("operator:")
    for code in ("363", "03630", "abcd", "03 6"):
        with pytest.raises(CommandError, match="four digits"):
            run("add", code, "Somewhere")
    with pytest.raises(CommandError, match="already known"):
        run("add", "0363", "Amsterdam-Noord")
    assert Municipality.objects.get(code="0363").name == "Amsterdam"


def test_list_shows_the_known_municipalities():
    run("add", "0268", "Nijmegen")
    run("add", "0141", "Almelo")
    assert run("list").splitlines() == ["0141  Almelo", "0268  Nijmegen"]
    assert json.loads(run("list", "--json")) == [
        {"code": "0141", "name": "Almelo"},
        {"code": "0268", "name": "Nijmegen"},
    ]
