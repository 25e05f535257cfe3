"""A contact is recorded once it has taken place (issue 10, plausibility): the contact form and
the importer refuse a date after today, before 1900 or before the person's birth, with the
message at the date field on the same page, and store nothing."""

import datetime

import pytest
from django.utils import timezone

from herenigd.access.models import Role
from herenigd.families.models import Contact
from herenigd.families.services import contact_date_problem
from tests.world import login_verified

pytestmark = pytest.mark.django_db
D = datetime.date


def post(client, world, date: str):
    return client.post(
        f"/families/{world.family.pk}/contacts/new/",
        {"person": "partner", "date": date, "direct": "true", "interpreter": "none", "topic": ""},
    )


@pytest.mark.parametrize("date", ["2999-01-01", "9999-12-31", "0001-01-01", "1899-12-31"])
def test_the_contact_form_refuses_impossible_dates_on_the_same_page(world, client, date):
    login_verified(client, world.users[Role.SOCIAL_GUIDANCE])
    before = Contact.objects.count()
    response = post(client, world, date)
    assert response.status_code == 400
    (message,) = response.context["form"].errors["date"]
    assert "contact" in message.lower()
    assert Contact.objects.count() == before


def test_the_contact_form_accepts_today(world, client):
    login_verified(client, world.users[Role.SOCIAL_GUIDANCE])
    response = post(client, world, timezone.localdate().isoformat())
    assert response.status_code == 302


def test_a_contact_before_the_birth_is_refused(world, client):
    login_verified(client, world.users[Role.SOCIAL_GUIDANCE])
    before_birth = D(world.partner.birth_date.year - 1, 12, 31)  # before even a year-only birth
    response = post(client, world, before_birth.isoformat())
    assert response.status_code == 400
    assert "geboorte" in response.context["form"].errors["date"][0]


@pytest.mark.parametrize(
    ("date", "birth", "year_only", "refused"),
    [
        (D(1900, 1, 1), None, False, False),
        (D(1899, 12, 31), None, False, True),
        (D(2017, 3, 10), None, False, False),  # the as-of date itself
        (D(2017, 3, 11), None, False, True),
        (D(2016, 1, 1), D(2016, 7, 1), True, False),  # a year-only birth compares by year
        (D(2015, 12, 31), D(2016, 7, 1), True, True),
        (D(2016, 6, 30), D(2016, 7, 1), False, True),
    ],
)
def test_contact_date_boundaries(date, birth, year_only, refused):
    problem = contact_date_problem(date, as_of=D(2017, 3, 10), birth=birth, year_only=year_only)
    assert (problem is not None) == refused
