"""The API documentation works offline and under the CSP: Swagger UI comes from the app's own
static files (drf-spectacular-sidecar), nothing from a CDN, no inline script or style."""

import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from herenigd.access.models import Role
from herenigd.organisations.models import Municipality, Organisation, OrganisationType
from tests.world import login_verified, make_user

ASSET = re.compile(r"<(?:script|link)\b[^>]*?\b(?:src|href)=\"([^\"]+)\"", re.IGNORECASE)


@pytest.fixture
def professional_client(client, django_user_model):
    municipality = Municipality.objects.create(code="0268", name="Nijmegen")
    organisation = Organisation.objects.create(
        municipality=municipality, type=OrganisationType.SOCIAL_GUIDANCE, name="VWN Nijmegen"
    )
    user = make_user(django_user_model, "docs-reader", organisation, Role.SOCIAL_GUIDANCE)
    login_verified(client, user)
    return client


@pytest.mark.django_db
def test_docs_page_loads_every_asset_from_the_app_itself(professional_client):
    response = professional_client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assets = ASSET.findall(html)
    # The stylesheet, the favicon, the two Swagger UI scripts and the start script.
    assert len(assets) >= 5, assets
    assert "<script>" not in html and "<style" not in html  # nothing inline for the CSP to block
    for url in assets:
        url = url.replace("&amp;", "&")
        parts = urlsplit(url)
        assert not parts.scheme and not parts.netloc, f"{url} is not same-origin"
        asset = professional_client.get(url)
        assert asset.status_code == 200, url
        if "script" in parts.query:
            assert asset["Content-Type"].startswith("application/javascript")
            assert b"SwaggerUIBundle" in asset.content


@pytest.mark.django_db
def test_the_csp_allows_scripts_and_styles_from_self_only(professional_client):
    response = professional_client.get("/api/v1/docs/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "http" not in csp  # no CDN host
    assert settings.SPECTACULAR_SETTINGS["SWAGGER_UI_DIST"] == "SIDECAR"
