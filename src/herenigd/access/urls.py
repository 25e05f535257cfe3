from django.urls import path

from . import views

app_name = "access"

urlpatterns = [
    path("<int:person_id>/who-saw/", views.who_saw, name="who_saw"),
]
