"""The acceptance journeys of the professional web app, in a real browser on a phone-sized
screen: log in with the second factor, find the family, record an arrival and a direct contact
through a telephone interpreter, complete the partner's intake, and see "not reached" go and the
factor profile appear; a school user never sees a health answer."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone, translation

from herenigd.access.models import Role
from herenigd.intake.loading import load_builtin
from herenigd.intake.models import IntakeResponse
from herenigd.rules.labels import attention_label, deadline_label
from herenigd.rules.models import AttentionPoint
from herenigd.rules.services import attention_evaluate_all
from tests.e2e.conftest import log_in, shot
from tests.world import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def set_password(user):
    user.set_password(PASSWORD)
    user.save()
    return user


def answer_everything_visible(page) -> None:
    """Answer each question on the intake form: the first option of every choice question."""
    for fieldset in page.locator("form fieldset").all():
        first = fieldset.locator("input[type=radio], input[type=checkbox]").first
        if first.count():
            first.check()


with translation.override("nl"):
    NOT_REACHED = attention_label("NOT_REACHED")
    REPORT_CENTRE = deadline_label("REPORT_REGISTRATION_CENTRE")


def test_social_worker_on_a_phone(world, phone, django_capture_on_commit_callbacks):
    family = world.family
    family.contacts.filter(direct=True).delete()  # nobody has spoken with the partner yet
    family.attention_points.filter(code="NOT_REACHED").delete()  # the world's planted marker
    attention_evaluate_all(as_of=timezone.localdate())
    not_reached = AttentionPoint.objects.filter(
        family=family, code="NOT_REACHED", subject="partner", status="open", origin="rule"
    )
    assert not_reached.exists()
    worker = set_password(world.users[Role.SOCIAL_GUIDANCE])

    log_in(phone, worker, PASSWORD)
    shot(phone, "01-caseload")
    phone.fill("#id_q", "Haddad")
    phone.click("form[role=search] button[type=submit]")
    phone.click(f"text={family.reference}")
    phone.wait_for_url(f"**/families/{family.pk}/")
    assert phone.locator("#attention").is_visible()
    main = phone.locator("main").inner_text()
    assert NOT_REACHED in main and "NOT_REACHED" not in main, "a label, never the code"
    shot(phone, "02-family")

    # Record the daughter's arrival, 40 days ago.
    arrived = timezone.localdate() - datetime.timedelta(days=40)
    phone.locator("#event-form summary").click()
    phone.select_option("#id_type", "arrival")
    phone.wait_for_selector("#event-fields form")
    phone.select_option("#event-fields #id_event_person", "daughter")
    phone.fill("#event-fields #id_event_date", arrived.isoformat())
    phone.click("#event-fields button[type=submit]")
    phone.wait_for_url(f"**/families/{family.pk}/#timeline")
    deadlines = phone.locator("#deadlines ~ .table-wrap").first.inner_text()
    assert REPORT_CENTRE in deadlines and "REPORT_REGISTRATION_CENTRE" not in deadlines
    assert NOT_REACHED in phone.locator("main").inner_text()  # now the daughter too
    shot(phone, "03-arrival-recorded")

    # A direct contact with the partner through a telephone interpreter.
    phone.locator("#contact-form summary").click()
    phone.select_option("#contact-form #id_contact_person", "partner")
    phone.fill("#contact-form #id_contact_date", timezone.localdate().isoformat())
    phone.check("#contact-form input[name=direct][value=true]")
    phone.select_option("#contact-form #id_contact_interpreter", "phone")
    phone.fill("#contact-form #id_contact_topic", "intake")
    phone.click("#contact-form button[type=submit]")
    phone.wait_for_url(f"**/families/{family.pk}/#contacts")
    contact = family.contacts.get(direct=True)
    assert (contact.person.key, contact.interpreter) == ("partner", "phone")
    assert not not_reached.exists()
    shot(phone, "04-contact-recorded")

    # Her intake, shown in Arabic next to the worker's language; health needs her consent.
    phone.goto(f"/persons/{world.partner.pk}/intake/?lang=ar")
    assert phone.locator("[lang=ar][dir=rtl]").first.is_visible()
    phone.click("#consent-button")
    answer_everything_visible(phone)
    shot(phone, "05-intake-filled")
    phone.locator("button[name=complete]").click()
    phone.wait_for_selector("#profile")
    shot(phone, "06-profile")
    response = IntakeResponse.objects.get(person=world.partner, status="completed")
    assert response.answers
    profile = phone.locator("#profile ~ .table-wrap").first.inner_text()
    factors = load_builtin("adult").factors
    assert len(phone.locator("#profile ~ .table-wrap tbody tr").all()) == len(factors)
    assert profile.strip()
    assert world.partner.events.filter(type="intake_completed").exists()

    phone.goto(f"/families/{family.pk}/")
    name = world.partner.given_name
    partner_not_reached = phone.locator(
        f"#attention-list li:has-text('{NOT_REACHED}'):has-text('{name}')"
    )
    assert partner_not_reached.count() == 0
    shot(phone, "07-family-after-intake")


def test_school_never_sees_a_health_answer(world, phone, browser, live_server):
    # The GP practice completes the partner's intake, health questions included.
    questionnaire = load_builtin("adult")
    health_questions = [
        q for q in questionnaire.questions if q.sensitivity == "health" and q.options
    ]
    answers = {
        q.id: ([q.options[0].value] if q.type == "multi" else q.options[0].value)
        for q in health_questions
    }
    IntakeResponse.objects.create(
        person=world.partner,
        questionnaire="adult",
        version=questionnaire.version,
        language="ar",
        answers=answers,
        status="completed",
        completed_on=timezone.localdate(),
        organisation=world.orgs["gp"],
    )
    labels = {
        q.options[0].label[lang] for q in health_questions for lang in ("nl", "en", "ar", "ti")
    }
    texts = {q.text[lang] for q in health_questions for lang in ("nl", "en", "ar", "ti")}

    school = set_password(world.users[Role.SCHOOL])
    log_in(phone, school, PASSWORD)
    pages = [
        "/",
        "/families/",
        f"/families/{world.family.pk}/",
        f"/persons/{world.partner.pk}/intake/",
        f"/persons/{world.partner.pk}/intake/?lang=ar",
        f"/api/v1/families/{world.family.pk}/",
    ]
    for url in pages:
        phone.goto(url)
        content = phone.content()
        for secret in labels | texts:
            assert secret not in content, (url, secret)
    phone.goto(f"/families/{world.family.pk}/")
    shot(phone, "08-school-family-page")
