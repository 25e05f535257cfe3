"""403, 404 and 500 pages: in the user's language and the site's layout, with a way home, and no
technical detail (issue 11, point 8). The tests run with DEBUG=false (pyproject.toml)."""

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory
from django.urls import path
from django.utils import translation
from django.views.defaults import server_error

from herenigd.accounts.views import LoginView
from herenigd.urls import urlpatterns as site_urlpatterns


def _forbidden(request):
    raise PermissionDenied("technical reason MRK-TECH")


def _missing_object(request):
    raise Http404("No Family matches the given query MRK-TECH")


# A test-only URL configuration: the site's URLs plus two that fail on purpose (not in production).
urlpatterns = [
    path("test-only/forbidden/", _forbidden),
    path("test-only/missing/", _missing_object),
    *site_urlpatterns,
]

pytestmark = [pytest.mark.urls(__name__), pytest.mark.django_db]


def _in_layout(html: str) -> None:
    assert 'class="site-header"' in html
    assert "herenigd/site.css" in html
    assert 'href="/"' in html  # the way home
    assert "Traceback" not in html and "MRK-TECH" not in html


def test_debug_is_off_in_tests():
    assert settings.DEBUG is False


def test_a_missing_url_answers_404_in_dutch_in_the_site_layout(client):
    response = client.get("/does-not-exist/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Pagina niet gevonden" in html
    assert '<html lang="nl"' in html
    _in_layout(html)


def test_the_404_page_follows_the_users_language(client):
    response = client.get("/does-not-exist/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html and '<html lang="en"' in html


def test_a_404_raised_by_a_view_shows_no_detail(client):
    response = client.get("/test-only/missing/")
    assert response.status_code == 404
    _in_layout(response.content.decode())


def test_a_forbidden_page_answers_403_in_the_site_layout(client):
    response = client.get("/test-only/forbidden/")
    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="nl"' in html
    _in_layout(html)
    assert "<h1" in html


def test_the_500_handler_renders_without_context_or_database():
    request = RequestFactory().get("/anything/")
    with translation.override("nl"), pytest.MonkeyPatch.context() as patch:
        # The 500 page must not touch the database (it may be what failed).
        patch.setattr("django.db.backends.utils.CursorWrapper.execute", _no_database)
        response = server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="nl"' in html
    _in_layout(html)


def test_the_500_handler_answers_through_the_middleware(client):
    client.raise_request_exception = False
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(LoginView, "get_context_data", _boom)
        response = client.get("/accounts/login/")
    assert response.status_code == 500
    _in_layout(response.content.decode())


def _no_database(*args, **kwargs):
    raise AssertionError("the 500 page queried the database")


def _boom(*args, **kwargs):
    raise RuntimeError("MRK-TECH failure")
