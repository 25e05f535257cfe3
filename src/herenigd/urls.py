from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from herenigd.accounts import views as account_views
from herenigd.web import urls as web_urls

admin.site.site_header = "herenigd"
admin.site.site_title = "herenigd"
# The admin logs in through the same page as everyone (password, then the second factor).
admin.site.login = RedirectView.as_view(pattern_name="accounts:login", query_string=True)

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
