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
from herenigd.casefile.bundles import family_import_bundle
from herenigd.demo.services import ROLE_ORGANISATION
from herenigd.organisations.models import Municipality, Organisation, OrganisationType
from herenigd.rules.models import AttentionPoint, PointOrigin
from herenigd.timeline.models import TimelineEvent

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
        # Stored facts (by hand), not a rule point: the page derives rule points for its
        # date from the data, so a marker must live on a point that is stored.
        origin=PointOrigin.MANUAL,
        sensitivity="health",
        responsible_type="gp",
        note=MARKERS["health"],
        raised_on=today,
        recorded_by_organisation=gp_org,
    )
    AttentionPoint.objects.create(
        family=family,
        person=partner,
        subject="partner",
        code="NOT_REACHED",
        origin=PointOrigin.MANUAL,  # owned: the rule engine's own NOT_REACHED stays free
        sensitivity="normal",
        responsible_type="social_guidance",
        note=MARKERS["attention_normal"],
        raised_on=today,
        recorded_by_organisation=sg_org,
    )
    confidential = AttentionPoint.objects.create(
        family=family,
        person=partner,
        subject="partner",
        code="SEPARATE_LIVING_WISH",
        origin=PointOrigin.INTAKE,
        sensitivity="confidential",
        responsible_type="social_guidance",
        note=MARKERS["confidential"],
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


@pytest.fixture
def quiet_request_log():
    """For tests that make thousands of expected 404s: errors (a 500's traceback) still show."""
    import logging

    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


# --- The leak world (issue 8, Deliver 8): markers for the walk over every URL -------------------
#
# `leak_world` adds to `world` one item per kind of data that must stay hidden from someone, each
# carrying a unique marker string that appears nowhere else. Every marker is described as an
# `Item` (family, person, category as in docs/privacy.md's permission table, recording
# organisation, named users), so a test can compute from the table alone who may see it.
# Markers are plain ASCII (nothing is escaped in HTML or JSON) and none contains another.

#: Columns of docs/privacy.md's permission table, plus "family": the family itself (its
#: reference), visible to whoever may open the family.
FAMILY_LEVEL = "family"

LEAK_MARKERS = {
    "health_event_no_consent": "LEAK01HEALTHEVENTNOCONSENT",
    "health_point_no_consent": "LEAK02HEALTHPOINTNOCONSENT",
    "health_point_consent_elsewhere": "LEAK03HEALTHCONSENTOTHERORG",
    "confidential_dv_note": "LEAK04CONFIDENTIALDVNOTE",
    "confidential_permit_event": "LEAK05CONFIDENTIALPERMITEVENT",
    "out_of_scope_name": "LEAK06OUTOFSCOPENAME",
    "out_of_scope_address": "LEAK07OUTOFSCOPEADDRESS",
    # Person.location holds at most 10 characters; get_location_display() shows an unknown
    # value as it is.
    "out_of_scope_location": "LK18DAULOC",
    "in_scope_location": "LK19SONLOC",
    "out_of_scope_contact_topic": "LEAK08OUTOFSCOPECONTACT",
    "out_of_scope_plan_action": "LEAK09OUTOFSCOPEPLANACTION",
    "in_scope_contact_topic": "LEAK10INSCOPECONTACT",
    "in_scope_intake_event": "LEAK11INSCOPEINTAKEEVENT",
    "intake_answer": "LEAK12INTAKEANSWER",
    "family_procedure_note": "LEAK13FAMILYPROCEDURE",
    "family_plan_goal": "LEAK14FAMILYPLANGOAL",
    "family_observation_note": "LEAK15FAMILYOBSERVATION",
    "other_municipality_reference": "LEAK16OTHERMUNICIPALITYREF",
    "other_municipality_name": "LEAK17OTHERMUNICIPALITYNAME",
}


@dataclass(frozen=True)
class Item:
    """One marked piece of data, described in the terms of docs/privacy.md."""

    family_id: int
    person_id: int | None  # None: a family-level ("shared") item
    category: str  # a permission-table column, or FAMILY_LEVEL
    recorded_by_organisation_id: int | None = None
    named_user_ids: frozenset[int] = frozenset()
    #: False for data no page renders today (raw intake answers): the walk then only proves the
    #: marker never shows where it must not; it cannot ask that it shows where it may.
    rendered: bool = True


@dataclass
class LeakWorld:
    world: World
    items: dict[str, Item]  # marker name (LEAK_MARKERS key) -> Item
    #: (person id, organisation id) pairs with an active health consent.
    consents: frozenset[tuple[int, int]]
    son: object
    daughter: object
    goal: object


def _keep_events(family, types):
    """Delete the family's events except the first of each type in `types`."""
    kept = set()
    for type_ in types:
        first = family.events.filter(type=type_).order_by("id").values_list("id", flat=True)
        kept.update(first[:1])
    family.events.exclude(id__in=kept).delete()


@pytest.fixture
def leak_world(world, django_user_model, django_capture_on_commit_callbacks) -> LeakWorld:
    from herenigd.families.models import Contact, FamilyObservation, PlanAction, PlanGoal
    from herenigd.intake.models import IntakeResponse
    from herenigd.rules.services import attention_point_record_manual

    family, orgs, users = world.family, world.orgs, world.users
    members = {p.key: p for p in family.members.all()}
    partner, son, daughter = members["partner"], members["son"], members["daughter"]
    M = LEAK_MARKERS
    items: dict[str, Item] = {}
    today = timezone.localdate()

    def org_id(type_):
        return orgs[type_].pk

    with django_capture_on_commit_callbacks(execute=False):
        # The walk pairs every family with every event, so the timeline is cut to one event of
        # each kind the access rules tell apart (procedure of a person and of the family,
        # household of two members, intake, health); the marked events are added below.
        kinds = ["permit_granted", "application_filed", "arrival", "moved", "school_registered"]
        _keep_events(family, [*kinds, "intake_completed", "pregnancy"])

        # Health without consent: the GP's pregnancy note and JGZ's health point.
        TimelineEvent.objects.create(
            family=family,
            person=partner,
            type="pregnancy",
            date=datetime.date(2017, 5, 2),
            note=M["health_event_no_consent"],
            recorded_by=users[Role.GP],
        )
        items["health_event_no_consent"] = Item(
            family.pk, partner.pk, "health", org_id(OrganisationType.GP)
        )
        for key, person, code, org_type in (
            ("health_point_no_consent", partner, "PSYCH_COMPLAINTS", "jgz"),
            # Health with consent, but for another organisation (social guidance) only.
            ("health_point_consent_elsewhere", daughter, "CHRONIC_CONDITION_UNTREATED", "ggd"),
        ):
            AttentionPoint.objects.create(
                family=family,
                person=person,
                subject=person.key,
                code=code,
                origin=PointOrigin.MANUAL,
                sensitivity="health",
                responsible_type=org_type,
                note=M[key],
                raised_on=today,
                recorded_by_organisation=orgs[org_type],
            )
            items[key] = Item(family.pk, person.pk, "health", org_id(org_type))
        Consent.objects.create(
            person=daughter,
            organisation=orgs[OrganisationType.SOCIAL_GUIDANCE],
            category="health",
            purpose="care coordination",
            given_on=today,
        )

        # Confidential items recorded by one organisation each.
        attention_point_record_manual(
            family=family,
            person=partner,
            code="DOMESTIC_VIOLENCE_CONCERN",
            note=M["confidential_dv_note"],
            acting_user=users[Role.WIJKTEAM],
            organisation=orgs["wijkteam"],
            as_of=today,
            named_users=[users[Role.SCHOOL]],  # the recorder names the school's worker
        )
        items["confidential_dv_note"] = Item(
            family.pk,
            partner.pk,
            "confidential",
            org_id("wijkteam"),
            named_user_ids=frozenset({users[Role.SCHOOL].pk}),
        )
        TimelineEvent.objects.create(
            family=family,
            person=partner,
            type="independent_permit_requested",
            date=datetime.date(2017, 6, 1),
            note=M["confidential_permit_event"],
            recorded_by=users[Role.SOCIAL_GUIDANCE],
        )
        items["confidential_permit_event"] = Item(
            family.pk, partner.pk, "confidential", org_id(OrganisationType.SOCIAL_GUIDANCE)
        )

        # The daughter: outside an involvement that names only the son.
        daughter.given_name = M["out_of_scope_name"]
        daughter.location = M["out_of_scope_location"]
        daughter.save(update_fields=["given_name", "location"])
        items["out_of_scope_name"] = Item(family.pk, daughter.pk, "identity")
        items["out_of_scope_location"] = Item(family.pk, daughter.pk, "household")
        son.location = M["in_scope_location"]
        son.save(update_fields=["location"])
        items["in_scope_location"] = Item(family.pk, son.pk, "household")
        TimelineEvent.objects.create(
            family=family,
            person=daughter,
            type="moved",
            date=datetime.date(2017, 7, 1),
            route="direct",
            destination="other",
            address=M["out_of_scope_address"],
            recorded_by=users[Role.SOCIAL_GUIDANCE],
        )
        items["out_of_scope_address"] = Item(family.pk, daughter.pk, "household")
        for key, person in (
            ("out_of_scope_contact_topic", daughter),
            ("in_scope_contact_topic", son),
        ):
            Contact.objects.create(
                family=family,
                person=person,
                date=datetime.date(2017, 7, 2),
                direct=True,
                interpreter="phone",
                organisation_type="social_guidance",
                topic=M[key],
            )
            items[key] = Item(family.pk, person.pk, "contact_log")
        goal = PlanGoal.objects.create(family=family, text=M["family_plan_goal"])
        items["family_plan_goal"] = Item(family.pk, None, "household")
        PlanAction.objects.create(goal=goal, person=daughter, text=M["out_of_scope_plan_action"])
        items["out_of_scope_plan_action"] = Item(family.pk, daughter.pk, "household")

        # Intake: an event of the son (in scope), raw answers of the sponsor, an observation.
        TimelineEvent.objects.create(
            family=family,
            person=son,
            type="jgz_intake",
            date=datetime.date(2017, 3, 1),
            note=M["in_scope_intake_event"],
            recorded_by=users[Role.JGZ_NURSE],
        )
        items["in_scope_intake_event"] = Item(family.pk, son.pk, "intake")
        sponsor = members["sponsor"]
        IntakeResponse.objects.create(
            person=sponsor,
            questionnaire="adult",
            version=1,
            language="ar",
            answers={"work_study": M["intake_answer"]},
            organisation=orgs[OrganisationType.SOCIAL_GUIDANCE],
        )
        items["intake_answer"] = Item(
            family.pk,
            sponsor.pk,
            "intake",
            org_id(OrganisationType.SOCIAL_GUIDANCE),
            rendered=False,  # no page shows a raw (non-option) answer value
        )
        FamilyObservation.objects.create(
            family=family,
            code="roles_obligations",
            note=M["family_observation_note"],
            observed_on=datetime.date(2017, 8, 1),
        )
        items["family_observation_note"] = Item(family.pk, None, "intake")
        TimelineEvent.objects.create(
            family=family,
            type="objection_filed",
            date=datetime.date(2016, 12, 1),
            note=M["family_procedure_note"],
            recorded_by=users[Role.SOCIAL_GUIDANCE],
        )
        items["family_procedure_note"] = Item(family.pk, None, "procedure")

        # Another municipality's family: its reference and a member's name.
        other = world.other_family
        other.reference = M["other_municipality_reference"]
        other.save(update_fields=["reference"])
        items["other_municipality_reference"] = Item(other.pk, None, FAMILY_LEVEL)
        other_partner = other.members.get(key="partner")
        other_partner.given_name = M["other_municipality_name"]
        other_partner.save(update_fields=["given_name"])
        items["other_municipality_name"] = Item(other.pk, other_partner.pk, "identity")
        # Its timeline is cut to three events (family-level, household, intake): enough for the
        # cross-family ids of the walk, which pairs every family with every event.
        _keep_events(other, ["application_filed", "arrival", "intake_completed"])

    assert set(items) == set(LEAK_MARKERS)
    consents = frozenset(
        Consent.objects.filter(withdrawn_at__isnull=True, category="health").values_list(
            "person_id", "organisation_id"
        )
    )
    return LeakWorld(world, items, consents, son, daughter, goal)
