import json
from pathlib import Path

import pytest

# The shared "world" (two municipalities, every role, a family with data of every category).
pytest_plugins = ["tests.world"]

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EXAMPLE_BUNDLE = SHARED / "spec" / "examples" / "nijmegen-family.json"


@pytest.fixture
def example_bundle() -> dict:
    if not EXAMPLE_BUNDLE.exists():
        pytest.skip(f"example bundle not found at {EXAMPLE_BUNDLE} (shared/ is beside the repo)")
    return json.loads(EXAMPLE_BUNDLE.read_text(encoding="utf-8"))


@pytest.fixture
def municipalities(db):
    from herenigd.organisations.models import Municipality

    return {
        code: Municipality.objects.create(code=code, name=name)
        for code, name in [("0268", "Nijmegen"), ("0518", "'s-Gravenhage"), ("0141", "Almelo")]
    }
