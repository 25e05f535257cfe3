"""Timeline vocabulary (product.md 'Timeline event'; per-type fields from rules.md).

Extend, do not rename: the values are API contract and appear in case bundles.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventType(models.TextChoices):
    PERMIT_GRANTED = "permit_granted", _("Permit granted")
    APPLICATION_FILED = "application_filed", _("Reunification application filed")
    EVIDENCE_INTERVIEW = "evidence_interview", _("DNA test or identifying interview")
    DECISION = "decision", _("Decision on the application")
    OBJECTION_FILED = "objection_filed", _("Objection filed")
    MVV_ISSUED = "mvv_issued", _("MVV issued")
    SEPARATED = "separated", _("Last lived together with the sponsor")
    ARRIVAL = "arrival", _("Arrival in the Netherlands")
    REGISTRATION_CENTRE_REPORT = "registration_centre_report", _("Reported at registration centre")
    BRP_REGISTERED = "brp_registered", _("Registered in the BRP (BSN)")
    RESIDENCE_DOCUMENT_ISSUED = "residence_document_issued", _("Residence document issued")
    RESIDENCE_DOCUMENT_COLLECTED = "residence_document_collected", _("Residence document collected")
    HEALTH_INSURANCE_STARTED = "health_insurance_started", _("Health insurance started")
    MOVED = "moved", _("Moved")
    FAMILY_HOME_ASSIGNED = "family_home_assigned", _("Family home assigned")
    GP_REGISTERED = "gp_registered", _("Registered with a GP")
    SCHOOL_REGISTERED = "school_registered", _("Registered at a school")
    JGZ_INTAKE = "jgz_intake", _("JGZ intake")
    INTAKE_COMPLETED = "intake_completed", _("Intake completed")
    INFORMATION_SESSION = "information_session", _("Information session")
    GUIDANCE_STARTED = "guidance_started", _("Social guidance started")
    GUIDANCE_ENDED = "guidance_ended", _("Social guidance ended")
    GUARDIANSHIP_ENDED = "guardianship_ended", _("Guardianship ended")
    PREGNANCY = "pregnancy", _("Pregnancy")
    BIRTH = "birth", _("Birth")
    SEPARATION_OF_PARTNERS = "separation_of_partners", _("Partners separated")
    INDEPENDENT_PERMIT_REQUESTED = "independent_permit_requested", _("Independent permit requested")
    MOVED_OUT_OF_MUNICIPALITY = "moved_out_of_municipality", _("Moved out of the municipality")


class Outcome(models.TextChoices):
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")
    PARTLY_GRANTED = "partly_granted", _("Partly granted")


class Route(models.TextChoices):
    DIRECT = "direct", _("Directly to the municipality")
    VIA_AZC = "via_azc", _("Via an asylum seekers' centre")
    OTHER = "other", _("Other")


class Destination(models.TextChoices):
    SPONSOR_HOME = "sponsor_home", _("The sponsor's home")
    AZC = "azc", _("Asylum seekers' centre")
    FAMILY_HOME = "family_home", _("Family home")
    OTHER = "other", _("Other")


class Topic(models.TextChoices):
    HEALTH_CARE = "health_care", _("Health care")
    SEXUAL_HEALTH = "sexual_health", _("Sexual health")
    DUTCH_SOCIETY = "dutch_society", _("Dutch society")
    LEGAL = "legal", _("Legal")
    INSURANCE = "insurance", _("Insurance")
    PARENTING = "parenting", _("Parenting")
    DOMESTIC_VIOLENCE = "domestic_violence", _("Domestic violence")
    OTHER = "other", _("Other")


REQUIRED, OPTIONAL, FORBIDDEN = "required", "optional", "forbidden"


@dataclass(frozen=True)
class EventSpec:
    """Which member reference and which per-type fields an event type takes."""

    person: str = REQUIRED
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()


_FAMILY_OR_PERSON = EventSpec(person=OPTIONAL)

#: Per-type shape of an event. Family-level types (application, decision) may name no person;
#: `guardianship_ended` and `family_home_assigned` on the family apply to every member (rules.md).
EVENT_SPECS: dict[str, EventSpec] = {
    EventType.PERMIT_GRANTED: EventSpec(),
    EventType.APPLICATION_FILED: _FAMILY_OR_PERSON,
    EventType.EVIDENCE_INTERVIEW: _FAMILY_OR_PERSON,
    EventType.DECISION: EventSpec(person=OPTIONAL, required=("outcome",)),
    EventType.OBJECTION_FILED: _FAMILY_OR_PERSON,
    EventType.MVV_ISSUED: _FAMILY_OR_PERSON,
    EventType.SEPARATED: EventSpec(),
    EventType.ARRIVAL: EventSpec(),
    EventType.REGISTRATION_CENTRE_REPORT: EventSpec(),
    EventType.BRP_REGISTERED: EventSpec(),
    EventType.RESIDENCE_DOCUMENT_ISSUED: EventSpec(),
    EventType.RESIDENCE_DOCUMENT_COLLECTED: EventSpec(),
    EventType.HEALTH_INSURANCE_STARTED: EventSpec(),
    EventType.MOVED: EventSpec(required=("route", "destination"), optional=("suitable", "address")),
    EventType.FAMILY_HOME_ASSIGNED: _FAMILY_OR_PERSON,
    EventType.GP_REGISTERED: EventSpec(),
    EventType.SCHOOL_REGISTERED: EventSpec(),
    EventType.JGZ_INTAKE: EventSpec(),
    EventType.INTAKE_COMPLETED: EventSpec(),
    EventType.INFORMATION_SESSION: EventSpec(person=OPTIONAL, required=("topic",)),
    EventType.GUIDANCE_STARTED: _FAMILY_OR_PERSON,
    EventType.GUIDANCE_ENDED: _FAMILY_OR_PERSON,
    EventType.GUARDIANSHIP_ENDED: _FAMILY_OR_PERSON,
    EventType.PREGNANCY: EventSpec(),
    EventType.BIRTH: _FAMILY_OR_PERSON,
    EventType.SEPARATION_OF_PARTNERS: _FAMILY_OR_PERSON,
    EventType.INDEPENDENT_PERMIT_REQUESTED: EventSpec(),
    EventType.MOVED_OUT_OF_MUNICIPALITY: _FAMILY_OR_PERSON,
}

#: Every per-type field an event can carry, with its vocabulary (None = free or boolean).
DETAIL_FIELDS = ("outcome", "route", "destination", "suitable", "address", "topic")
