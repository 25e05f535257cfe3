"""docs/bundles.md (finding 12) documents every limit with its setting and default, the re-import
rules and the messages; the plausibility table is the lead's."""

import re
from pathlib import Path

from django.conf import settings

from herenigd.casefile.parsing import LIMIT_SETTINGS, bundle_limits
from herenigd.timeline.plausibility import RULES

DOC = Path(__file__).resolve().parents[2] / "docs" / "bundles.md"


def test_every_limit_is_documented_with_its_setting_and_default():
    text = DOC.read_text(encoding="utf-8")
    for name, default in LIMIT_SETTINGS.values():
        row = re.search(rf"^\| `{name}` \| `([0-9_]+)` \|", text, re.M)
        assert row, name
        assert int(row.group(1).replace("_", "")) == default, name


def test_the_settings_defaults_are_the_documented_ones():
    for field, (name, default) in LIMIT_SETTINGS.items():
        assert getattr(settings, name) == default, name
        assert getattr(bundle_limits(), field) == default


def test_the_doc_covers_reimport_dry_run_and_messages():
    text = DOC.read_text(encoding="utf-8")
    for needle in ("--allow-member-removal", "--dry-run", "--language en", "EventRevision"):
        assert needle in text, needle
    assert "Lid 'partner', geboortedatum 2019-02-30: geen bestaande datum" in text
    assert "Member 'partner', birth_date 2019-02-30: not an existing date" in text
    plausibility = text.split("\n## Plausibility\n", 1)[1]
    for code in RULES:
        assert f"`{code}`" in plausibility, code
