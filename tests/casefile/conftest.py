import pytest
from django.utils import translation


@pytest.fixture
def english():
    """Read the English messages (the default language of herenigd is Dutch)."""
    with translation.override("en"):
        yield
