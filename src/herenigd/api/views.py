"""REST API v1. Thin: every view goes through the access layer (herenigd.access)."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from herenigd import clock
from herenigd.access.categories import Category
from herenigd.access.gates import NotFound, access_family, access_person
from herenigd.access.models import Role
from herenigd.access.projection import FamilyProjection, as_data
from herenigd.access.selectors import families_for_caseload, family_projection, who_saw_person
from herenigd.access.services import break_glass_open
from herenigd.audit.models import Action, AuditPurpose

_IDENTITY_FIELDS = (
    "given_name",
    "family_name",
    "birth_date",
    "sex",
    "nationality",
    "languages",
    "dutch_level",
    "speaks_english",
    "bsn",
)
_HOUSEHOLD_FIELDS = ("location", "travelled_with_sponsor", "uam")


def family_data(view: FamilyProjection) -> dict:
    """The API's family document, rendered from the access layer's projection only: a field
    the user may not see is absent."""
    members = []
    for m in view.members:
        row = {"id": m.id, "key": m.key, "role": m.role}
        # The projection leaves a category's fields None when the user may not see it.
        if m.given_name is not None:
            row |= {name: getattr(m, name) for name in _IDENTITY_FIELDS}
            row["languages"] = list(m.languages)
        if m.uam is not None:
            row |= {name: getattr(m, name) for name in _HOUSEHOLD_FIELDS}
        members.append(row)
    return {
        "id": view.id,
        "reference": view.reference,
        "municipality": view.municipality,
        "break_glass": view.break_glass,
        "members": members,
        "timeline": [
            {"id": e.id, "type": e.type, "date": e.date.isoformat(), "person": e.person_id}
            | e.details()
            for e in view.timeline
        ],
        "contacts": [
            {
                "id": c.id,
                "person": c.person_id,
                "date": c.date.isoformat(),
                "direct": c.direct,
                "via": c.via_id,
                "interpreter": c.interpreter,
                "interpreter_member": c.interpreter_member_id,
                "organisation": c.organisation_type,
                "topic": c.topic,
            }
            for c in view.contacts
        ],
        "attention_points": [
            {
                "id": p.id,
                "code": p.code,
                "person": p.person_id,
                "sensitivity": p.sensitivity,
                "status": p.status,
                "responsible": p.responsible,
                "reason": p.reason,
                "raised_on": p.raised_on.isoformat() if p.raised_on else None,
            }
            for p in view.attention_points
        ],
        "deadlines": as_data(view.deadlines),
    }


class FamilyListView(APIView):
    @extend_schema(
        responses=inline_serializer(
            "FamilySummary",
            {"id": serializers.IntegerField(), "reference": serializers.CharField()},
            many=True,
        )
    )
    def get(self, request):
        paginator = PageNumberPagination()
        families = families_for_caseload(request.user).values("id", "reference")
        page = paginator.paginate_queryset(families, request, view=self)
        return paginator.get_paginated_response(page)


class FamilyDetailView(APIView):
    @extend_schema(responses=inline_serializer("Family", {"id": serializers.IntegerField()}))
    def get(self, request, family_id: int):
        access = access_family(request.user, family_id)
        view = family_projection(
            access,
            as_of=clock.today(),
            sections=frozenset({"timeline", "contacts", "attention", "deadlines"}),
        )
        return Response(family_data(view))


class BreakGlassView(APIView):
    @extend_schema(
        request=inline_serializer("BreakGlass", {"reason": serializers.CharField()}),
        responses=inline_serializer("BreakGlassGrant", {"expires_at": serializers.DateTimeField()}),
    )
    def post(self, request, family_id: int):
        grant = break_glass_open(
            user=request.user, family_id=family_id, reason=str(request.data.get("reason", ""))
        )
        return Response({"expires_at": grant.expires_at}, status=201)


class WhoSawView(APIView):
    """'Who saw my data' for one person: for the regisseur of the person's municipality."""

    @extend_schema(responses=inline_serializer("AuditEntry", {"at": serializers.DateTimeField()}))
    def get(self, request, person_id: int):
        access, person = access_person(request.user, person_id, category=Category.IDENTITY)
        if access.professional.role != Role.REGISSEUR:
            raise NotFound()
        access.record(
            action=Action.READ,
            categories=["audit"],
            person_id=person.pk,
            purpose=AuditPurpose.OVERSIGHT,
        )
        entries = [
            {
                "at": e.at,
                "who": e.actor,
                "organisation": e.organisation,
                "action": e.action,
                "categories": ",".join(e.category_codes),
                "purpose": e.purpose,
                "emergency": e.emergency,
                "via": e.via,
            }
            for e in who_saw_person(access, person.pk)
        ]
        return Response(entries)
