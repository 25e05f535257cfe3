"""'Who saw my data' for one person, for the regisseur of the person's municipality."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from herenigd.audit.models import Action
from herenigd.audit.selectors import audit_who_saw_person

from .categories import Category
from .gates import NotFound, access_person
from .models import Role


@login_required
def who_saw(request, person_id: int):
    try:
        access, person = access_person(request.user, person_id, category=Category.IDENTITY)
    except NotFound:
        raise Http404() from None
    if access.professional.role != Role.REGISSEUR:
        raise Http404()
    access.record(action=Action.READ, categories=["audit"], person_id=person.pk)
    entries = audit_who_saw_person(person_id=person.pk)
    return render(
        request,
        "access/who_saw.html",
        {"person": person, "family": person.family, "entries": entries[:500]},
    )
