from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(permission_classes=[]), name="schema"),
    # Swagger UI from the app's own static files (drf-spectacular-sidecar) and its start script
    # from this same URL (`?script`), not inline: the CSP allows scripts from 'self' only.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", permission_classes=[], template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    path("families/", views.FamilyListView.as_view(), name="families"),
    path("families/<int:family_id>/", views.FamilyDetailView.as_view(), name="family"),
    path(
        "families/<int:family_id>/break-glass/", views.BreakGlassView.as_view(), name="break-glass"
    ),
    path("persons/<int:person_id>/who-saw/", views.WhoSawView.as_view(), name="who-saw"),
]
