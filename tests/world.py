"""A small world for access tests: two municipalities, every organisation type, a professional
per role, one family with data of every category, each item carrying a marker string."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import pytest
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from herenigd.access.models import Consent, MemberAccount, Professional, Role
from herenigd.access.services import involvement_start
from herenigd.demo.services import ROLE_ORGANISATION
from herenigd.families.bundles import family_import_bundle
from herenigd.organisations.models import Municipality, Organisation, OrganisationType
from herenigd.procedure.models import TimelineEvent
from herenigd.rules.models import AttentionPoint, PointOrigin

PASSWORD = "correct horse battery staple"
MARKERS = {
    "identity": "MRK-IDENTITY",
    "procedure": "MRK-PROCEDURE",
    "household": "MRK-HOUSEHOLD",
    "contact_log": "MRK-CONTACTLOG",
    "intake": "MRK-INTAKE",
    "attention_normal": "MRK-ATTNORMAL",
    "health": "MRK-HEALTH",
    "confidential": "MRK-CONFIDENTIAL",
}


@dataclass
class World:
    family: object
    other_family: object
    orgs: dict = field(default_factory=dict)
    other_orgs: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    sponsor_user: object = None
    partner: object = None


def make_user(django_user_model, username, organisation=None, role=None, password=None, **extra):
    # No password unless a test logs in with one: Argon2 is slow on purpose.
    user = django_user_model.objects.create_user(username, password=password, **extra)
    if organisation is not None:
        Professional.objects.create(user=user, organisation=organisation, role=role)
    return user


def login_verified(client, user):
    """Log in with both factors (a confirmed TOTP device verified in this session)."""
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def _orgs(municipality):
    return {
        t: Organisation.objects.create(
            municipality=municipality, type=t, name=f"{t} {municipality.code}"
        )
        for t in OrganisationType.values
    }


@pytest.fixture
def world(db, example_bundle, django_user_model, django_capture_on_commit_callbacks) -> World:
    today = timezone.localdate()
    nijmegen = Municipality.objects.create(code="0268", name="Nijmegen")
    almelo = Municipality.objects.create(code="0141", name="Almelo")
    orgs, other_orgs = _orgs(nijmegen), _orgs(almelo)

    example_bundle["family"]["members"][1]["given_name"] = MARKERS["identity"]
    events = example_bundle["family"]["events"]
    events[1]["note"] = MARKERS["procedure"]  # application_filed
    events[12]["note"] = MARKERS["household"]  # moved (partner)
    events.append(
        {
            "type": "intake_completed",
            "person": "partner",
            "date": "2017-03-20",
            "note": MARKERS["intake"],
        }
    )
    example_bundle["family"]["contacts"][1]["topic"] = MARKERS["contact_log"]
    with django_capture_on_commit_callbacks(execute=False):
        family = family_import_bundle(data=example_bundle).family
        other = dict(example_bundle, municipality="0141")
        other_family = family_import_bundle(data=other).family

    users = {}
    for role in Role.values:
        users[role] = make_user(django_user_model, role, orgs[ROLE_ORGANISATION[role]], role)
    partner = family.members.get(key="partner")

    # Involvement of every organisation type with the family (the regisseur needs none).
    for org in orgs.values():
        involvement_start(
            organisation=org, family=family, started_on=today - datetime.timedelta(30)
        )

    gp_org = orgs[OrganisationType.GP]
    sg_org = orgs[OrganisationType.SOCIAL_GUIDANCE]
    TimelineEvent.objects.create(
        family=family,
        person=partner,
        type="pregnancy",
        date=datetime.date(2017, 4, 1),
        note=MARKERS["health"],
        recorded_by=users[Role.GP],
    )
    AttentionPoint.objects.create(
        family=family,
        person=partner,
        subject="partner",
        code="PREGNANCY",
        origin=PointOrigin.RULE,
        sensitivity="health",
        responsible_type="gp",
        reason_nl=MARKERS["health"],
        reason_en=MARKERS["health"],
        raised_on=today,
        recorded_by_organisation=gp_org,
    )
    AttentionPoint.objects.create(
        family=family,
        person=partner,
        subject="partner",
        code="NOT_REACHED",
        sensitivity="normal",
        responsible_type="social_guidance",
        reason_nl=MARKERS["attention_normal"],
        reason_en=MARKERS["attention_normal"],
        raised_on=today,
    )
    confidential = AttentionPoint.objects.create(
        family=family,
        person=partner,
        subject="partner",
        code="SEPARATE_LIVING_WISH",
        origin=PointOrigin.INTAKE,
        sensitivity="confidential",
        responsible_type="social_guidance",
        reason_nl=MARKERS["confidential"],
        reason_en=MARKERS["confidential"],
        raised_on=today,
        recorded_by_organisation=sg_org,
    )
    named = make_user(django_user_model, "named-wijkteam", orgs["wijkteam"], Role.WIJKTEAM)
    confidential.named_users.add(named)
    users["named"] = named

    sponsor_user = make_user(django_user_model, "sponsor-account")
    MemberAccount.objects.create(user=sponsor_user, person=family.members.get(key="sponsor"))
    return World(family, other_family, orgs, other_orgs, users, sponsor_user, partner)


def give_health_consent(world, organisation):
    return Consent.objects.create(
        person=world.partner,
        organisation=organisation,
        category="health",
        purpose="care coordination",
        given_on=timezone.localdate(),
    )
