"""The files in tests/fixtures/ are copies of ../shared/; when shared/ is beside the checkout they
must be identical to it, so the copies cannot drift. (The only test that reads ../shared.)"""

from pathlib import Path

import pytest

from tests.fixtures import SHARED_SOURCES

SHARED = Path(__file__).resolve().parents[3] / "shared"


@pytest.mark.parametrize("fixture", sorted(SHARED_SOURCES), ids=lambda p: p.name)
def test_committed_fixture_is_identical_to_shared(fixture):
    if not SHARED.is_dir():
        pytest.skip("shared/ not beside the checkout")
    source = SHARED / SHARED_SOURCES[fixture]
    assert source.is_file(), f"{source} is gone: update tests/fixtures/ and its README"
    assert fixture.read_bytes() == source.read_bytes(), (
        f"{fixture.name} differs from {source}: copy it again (tests/fixtures/README.md)"
    )
