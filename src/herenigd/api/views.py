"""REST API v1. Thin: every view goes through the access layer (herenigd.access)."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from herenigd.access.categories import Category
from herenigd.access.gates import NotFound, access_family, access_person
from herenigd.access.models import Role
from herenigd.access.selectors import families_for_caseload, family_view
from herenigd.access.services import break_glass_open
from herenigd.audit.models import Action
from herenigd.audit.selectors import audit_who_saw_person


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
        return Response(family_view(access, purpose=request.query_params.get("purpose", "")))


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
        access.record(action=Action.READ, categories=["audit"], person_id=person.pk)
        entries = [
            {
                "at": e.at,
                "who": e.actor,
                "organisation": e.organisation,
                "action": e.action,
                "categories": e.category,
                "purpose": e.purpose,
                "via": e.via,
            }
            for e in audit_who_saw_person(person_id=person.pk)
        ]
        return Response(entries)
