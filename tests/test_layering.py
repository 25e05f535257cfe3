"""Views and the API never query families or persons directly: every read of personal data goes
through the access layer (conventions.md 'Access control')."""

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "herenigd"
FORBIDDEN = re.compile(r"\b(Family|Person|Contact|TimelineEvent|AttentionPoint)\.objects\b")


def test_views_and_api_use_the_access_layer():
    offenders = []
    for path in [*SRC.glob("web/*.py"), *SRC.glob("accounts/views.py"), *SRC.glob("api/*.py")]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if FORBIDDEN.search(line):
                offenders.append(f"{path.relative_to(SRC)}:{number}: {line.strip()}")
    assert not offenders, "query through herenigd.access instead:\n" + "\n".join(offenders)
