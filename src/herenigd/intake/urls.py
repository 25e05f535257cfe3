from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("<int:person_id>/intake/", views.person_intake, name="person"),
]
