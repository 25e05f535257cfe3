"""The web pages' URLs, by namespace (the names templates reverse: families:…, intake:…,
access:…)."""

from django.urls import path

from . import families, intake, who_saw

families_urls = (
    [
        path("", families.caseload_view, name="caseload"),
        path("<int:family_id>/", families.family_page, name="family"),
        path("<int:family_id>/events/new/", families.event_add, name="event_add"),
        path(
            "<int:family_id>/events/<int:event_id>/correct/",
            families.event_correct,
            name="event_correct",
        ),
        path("<int:family_id>/contacts/new/", families.contact_add, name="contact_add"),
        path("<int:family_id>/plan/goals/", families.plan_goal, name="plan_goal"),
        path("<int:family_id>/plan/actions/", families.plan_action, name="plan_action"),
        path("<int:family_id>/concerns/", families.concern_add, name="concern_add"),
        path("<int:family_id>/observations/", families.observation_add, name="observation_add"),
    ],
    "families",
)

intake_urls = ([path("<int:person_id>/intake/", intake.person_intake, name="person")], "intake")

access_urls = ([path("<int:person_id>/who-saw/", who_saw.who_saw, name="who_saw")], "access")
