"""'Who saw my data' for one person, for the regisseur of the person's municipality."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from herenigd.access.categories import Category
from herenigd.access.gates import NotFound, access_person
from herenigd.access.models import Role
from herenigd.access.selectors import person_header, who_saw_person
from herenigd.audit.models import Action, AuditPurpose


@login_required
def who_saw(request, person_id: int):
    try:
        access, person = access_person(request.user, person_id, category=Category.IDENTITY)
    except NotFound:
        raise Http404() from None
    if access.professional.role != Role.REGISSEUR:
        raise Http404()
    access.record(
        action=Action.READ,
        categories=["audit"],
        person_id=person.pk,
        purpose=AuditPurpose.OVERSIGHT,
    )
    return render(
        request,
        "access/who_saw.html",
        {
            "person": person_header(access, person),
            "family": {"id": person.family_id, "reference": access.family.reference},
            "entries": who_saw_person(access, person.pk),
        },
    )
