from django.contrib import admin
from django.http import Http404
from django.urls import include, path
from django.views.generic import RedirectView

from herenigd.accounts import views as account_views
from herenigd.web import urls as web_urls

admin.site.site_header = "herenigd"
admin.site.site_title = "herenigd"
_login_page = RedirectView.as_view(pattern_name="accounts:login", query_string=True)


def admin_login(request, *args, **kwargs):
    """The admin logs in through the same page as everyone (password, then the second factor).
    A logged-in account without admin rights (a family member, a professional who is not staff)
    gets a 404: sending it to the login page would send it straight back here, in a loop."""
    if request.user.is_authenticated and not admin.site.has_permission(request):
        raise Http404
    return _login_page(request, *args, **kwargs)


admin.site.login = admin_login

urlpatterns = [
    path("", account_views.home, name="home"),
    path("accounts/", include("herenigd.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("families/", include(web_urls.families_urls)),
    path("persons/", include(web_urls.intake_urls)),
    path("persons/", include(web_urls.access_urls)),
    path("api/v1/", include("herenigd.api.urls")),
    path("admin/", admin.site.urls),
]
