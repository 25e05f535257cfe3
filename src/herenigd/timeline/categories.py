"""The data category of each timeline event type (docs/privacy.md 'Data categories'), as the
values of `herenigd.access.categories.Category`; a test keeps the two vocabularies equal.

Declared here, with the event types, because the timeline's own services audit every event
with its category, and the timeline sits below the access layer."""

from __future__ import annotations

from .vocab import EventType

_E = EventType

_PROCEDURE_EVENTS = (
    _E.PERMIT_GRANTED,
    _E.APPLICATION_FILED,
    _E.EVIDENCE_INTERVIEW,
    _E.DECISION,
    _E.OBJECTION_FILED,
    _E.MVV_ISSUED,
    _E.SEPARATED,
    _E.REGISTRATION_CENTRE_REPORT,
    _E.BRP_REGISTERED,
    _E.RESIDENCE_DOCUMENT_ISSUED,
    _E.RESIDENCE_DOCUMENT_COLLECTED,
    _E.GUARDIANSHIP_ENDED,
)
_HOUSEHOLD_EVENTS = (
    _E.ARRIVAL,
    _E.HEALTH_INSURANCE_STARTED,
    _E.MOVED,
    _E.FAMILY_HOME_ASSIGNED,
    _E.GP_REGISTERED,
    _E.SCHOOL_REGISTERED,
    _E.INFORMATION_SESSION,
    _E.GUIDANCE_STARTED,
    _E.GUIDANCE_ENDED,
    _E.BIRTH,
    _E.SEPARATION_OF_PARTNERS,
    _E.MOVED_OUT_OF_MUNICIPALITY,
)

#: The category of each timeline event type. Pregnancy is health; a request for an independent
#: permit can reveal the wish to leave the sponsor (§4.3) and is confidential.
EVENT_CATEGORY: dict[str, str] = {
    **dict.fromkeys(_PROCEDURE_EVENTS, "procedure"),
    **dict.fromkeys(_HOUSEHOLD_EVENTS, "household"),
    _E.JGZ_INTAKE: "intake_normal",
    _E.INTAKE_COMPLETED: "intake_normal",
    _E.PREGNANCY: "health",
    _E.INDEPENDENT_PERMIT_REQUESTED: "confidential",
}
