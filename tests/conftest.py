import json

import pytest

from tests.fixtures import EXAMPLE_BUNDLE

# The shared "world" (two municipalities, every role, a family with data of every category).
pytest_plugins = ["tests.world", "tests.skipguard"]


@pytest.fixture
def example_bundle() -> dict:
    """The example case bundle (a committed copy of shared/spec/examples/nijmegen-family.json)."""
    return json.loads(EXAMPLE_BUNDLE.read_text(encoding="utf-8"))


@pytest.fixture
def municipalities(db):
    from herenigd.organisations.models import Municipality

    return {
        code: Municipality.objects.create(code=code, name=name)
        for code, name in [("0268", "Nijmegen"), ("0518", "'s-Gravenhage"), ("0141", "Almelo")]
    }
