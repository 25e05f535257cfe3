from django.urls import path

from . import views

app_name = "families"

urlpatterns = [
    path("", views.caseload_view, name="caseload"),
    path("<int:family_id>/", views.family_page, name="family"),
    path("<int:family_id>/events/new/", views.event_add, name="event_add"),
    path(
        "<int:family_id>/events/<int:event_id>/correct/", views.event_correct, name="event_correct"
    ),
    path("<int:family_id>/contacts/new/", views.contact_add, name="contact_add"),
    path("<int:family_id>/plan/goals/", views.plan_goal, name="plan_goal"),
    path("<int:family_id>/plan/actions/", views.plan_action, name="plan_action"),
    path("<int:family_id>/concerns/", views.concern_add, name="concern_add"),
    path("<int:family_id>/observations/", views.observation_add, name="observation_add"),
]
