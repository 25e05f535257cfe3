"""Professional web pages: caseload and family page. Thin: every read goes through the access
layer (herenigd.access), every write through a service."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from herenigd import clock
from herenigd.access.caseload import CaseloadFilters, caseload, caseload_facets, caseload_rows
from herenigd.access.categories import EVENT_CATEGORY, Category
from herenigd.access.gates import NotFound, access_family, visible_families
from herenigd.access.selectors import (
    event_for,
    event_view,
    family_members_projection,
    family_projection,
    visible_persons,
)
from herenigd.audit.models import Action
from herenigd.families.models import PlanGoal
from herenigd.families.services import (
    contact_record,
    observation_record,
    plan_action_add,
    plan_goal_add,
)
from herenigd.intake.observations import load_family_observations
from herenigd.organisations.models import Organisation
from herenigd.rules.selectors import active_ruleset
from herenigd.rules.services import attention_point_record_manual
from herenigd.timeline.services import timeline_event_correct, timeline_event_record
from herenigd.timeline.vocab import EventType

from . import forms

PAGE_SIZE = 25


def _as_of(request) -> datetime.date:
    raw = request.GET.get("as_of")
    if raw:
        try:
            return datetime.date.fromisoformat(raw)
        except ValueError:
            messages.error(request, _("The date %(d)s is not valid; showing today.") % {"d": raw})
    return clock.today()


def _gate(request, family_id, *, audit_read: bool = True):
    """The access gate for a family page; pages that show member names record that read."""
    try:
        access = access_family(request.user, family_id)
    except NotFound:
        raise Http404() from None
    if audit_read:
        access.record(action=Action.READ, categories=[Category.IDENTITY])
    return access


def observation_choices_for(catalogue, language: str):
    """Grouped choices: per FAMCORT realm its adverse and rebuilding items, then the literature
    factors (factors.md §3)."""
    lang = "en" if language.startswith("en") else "nl"
    groups = []
    for realm in catalogue.realms:
        items = [(o.code, o.label[lang]) for o in (*realm.adverse, *realm.rebuilding)]
        groups.append((realm.label[lang], items))
    literature = _("Literature factors")
    groups.append((literature, [(o.code, o.label[lang]) for o in catalogue.literature_factors]))
    return groups


@login_required
def caseload_view(request):
    user = request.user
    base = visible_families(user)
    people = visible_persons(user)
    as_of = clock.today()
    normal_codes = sorted(
        code for code, rule in active_ruleset().attention.items() if rule.sensitivity == "normal"
    )
    nationalities, languages = caseload_facets(people)
    form = forms.CaseloadFilterForm(
        request.GET or None, codes=normal_codes, nationalities=nationalities, languages=languages
    )
    filters = CaseloadFilters()
    if form.is_bound and form.is_valid():
        filters = CaseloadFilters(**form.cleaned_data)
    families, counts = caseload(base, filters, as_of=as_of, people=people)
    page = Paginator(families, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = caseload_rows(user, list(page.object_list), as_of=as_of, phase_labels=forms.PHASE_LABELS)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "families/caseload.html",
        {
            "nav": "caseload",
            "form": form,
            "page": _page_info(page),
            "rows": rows,
            "counts": [(forms.PHASE_LABELS[p], n) for p, n in counts.items()],
            "total": page.paginator.count,
            "query": query.urlencode(),
        },
    )


def _page_info(page) -> dict:
    """The paginator's numbers only (the page's objects are models; rows are the projection)."""
    return {
        "number": page.number,
        "num_pages": page.paginator.num_pages,
        "has_previous": page.has_previous(),
        "has_next": page.has_next(),
        "previous_page_number": page.previous_page_number() if page.has_previous() else None,
        "next_page_number": page.next_page_number() if page.has_next() else None,
    }


def _organisation_choices(access) -> list[tuple[int, str]]:
    return list(
        Organisation.objects.filter(municipality_id=access.family.municipality_id)
        .order_by("name")
        .values_list("pk", "name")
    )


@login_required
def family_page(request, family_id: int):
    access = _gate(request, family_id, audit_read=False)  # the projection audits per person
    as_of = _as_of(request)
    view = family_projection(access, as_of=as_of)
    members = view.member_choices
    observation_choices, labels = [], {}
    if view.may[Category.INTAKE_NORMAL]:
        observation_choices = observation_choices_for(
            load_family_observations(), request.LANGUAGE_CODE
        )
        labels = {code: label for _group, items in observation_choices for code, label in items}
    context = {
        "nav": "caseload",
        "view": view,
        "as_of": as_of,
        "may": view.may,
        "event_types": forms.EventTypeForm(),
        "contact_form": forms.ContactForm(members=members, initial={"date": clock.today()}),
        "goal_form": forms.PlanGoalForm(),
        "concern_form": forms.ConcernForm(members=members),
        "goals": _goals_with_action_forms(view.goals, members, _organisation_choices(access)),
        "observations": [{"label": labels.get(o.code, o.code), "o": o} for o in view.observations],
        "observation_form": forms.ObservationForm(
            choices=observation_choices, initial={"observed_on": clock.today()}
        )
        if observation_choices
        else None,
    }
    return render(request, "families/family.html", context)


def _goals_with_action_forms(goals, members, organisations):
    """Each goal with its own "add an action" form, ids unique per goal (id_action12_text)."""
    return [
        (
            goal,
            forms.PlanActionForm(
                members=members, organisations=organisations, auto_id=f"id_action{goal.id}_%s"
            ),
        )
        for goal in goals
    ]


def _family_header(access) -> dict:
    return {"id": access.family.pk, "reference": access.family.reference}


def _invalid_form_page(request, access, form, *, heading: str, url_name: str, submit: str):
    """An invalid form of the family page, again, on a page of its own in the site's layout: the
    errors at the fields and in a summary on top, the entered values kept (status 400)."""
    return render(
        request,
        "families/form_page.html",
        {
            "family": _family_header(access),
            "form": form,
            "heading": heading,
            "action": reverse(f"families:{url_name}", args=[access.family.pk]),
            "submit": submit,
        },
        status=400,
    )


def _warn_implausible(request, event) -> None:
    """The plausibility table's flags of a recorded event: saved, shown as warnings."""
    for problem in event.plausibility_flags:
        messages.warning(request, problem.message)


@login_required
def event_add(request, family_id: int):
    access = _gate(request, family_id)
    members = family_members_projection(access).member_choices
    event_type = request.POST.get("type") or request.GET.get("type") or ""
    if event_type not in EventType.values:
        form = None
    else:
        if not access.may(EVENT_CATEGORY[event_type]):
            raise Http404()
        form = forms.EventForm(
            request.POST if request.method == "POST" else None,
            event_type=event_type,
            members=members,
            initial={"date": clock.today()},
        )
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        details = {
            k: v for k, v in data.items() if k not in ("date", "person") and v not in ("", None)
        }
        try:
            recorded = timeline_event_record(
                family=access.family,
                type=event_type,
                date=data["date"],
                person=access.family.members.filter(key=data.get("person") or None).first(),
                acting_user=request.user,
                **details,
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The event has been recorded."))
            _warn_implausible(request, recorded)
            return redirect(reverse("families:family", args=[access.family.pk]) + "#timeline")
    template = (
        "families/_event_fields.html"
        if request.headers.get("HX-Request")
        else "families/event_form.html"
    )
    return render(
        request,
        template,
        {
            "family": _family_header(access),
            "form": form,
            "event_type": event_type,
            "types": forms.EventTypeForm(initial={"type": event_type}),
        },
        status=400 if form is not None and form.errors else 200,
    )


@login_required
def event_correct(request, family_id: int, event_id: int):
    access = _gate(request, family_id, audit_read=False)
    try:
        event = event_for(access, event_id)  # audited with the event's category and person
    except NotFound:
        raise Http404() from None
    members = family_members_projection(access)
    view = event_view(access, event, members.members)
    initial = {"date": view.date, **view.details()}
    form = forms.EventForm(
        request.POST if request.method == "POST" else None,
        event_type=view.type,
        members=members.member_choices,
        initial=initial,
    )
    form.fields.pop("person")
    forms.show_current_values(form)
    if request.method == "POST" and form.is_valid():
        changes = {
            k: ("" if v is None and k != "suitable" else v) for k, v in form.cleaned_data.items()
        }
        try:
            event = timeline_event_correct(event=event, acting_user=request.user, **changes)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request, _("The correction has been saved; the earlier version is kept.")
            )
            _warn_implausible(request, event)
            return redirect(reverse("families:family", args=[access.family.pk]) + "#timeline")
    return render(
        request,
        "families/event_correct.html",
        {"family": _family_header(access), "form": form, "event": view},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def contact_add(request, family_id: int):
    access = _gate(request, family_id)
    if not access.may(Category.CONTACT_LOG):
        raise Http404()
    members = family_members_projection(access).member_choices
    form = forms.ContactForm(request.POST, members=members)
    if form.is_valid():
        data = form.cleaned_data
        try:
            contact_record(
                family=access.family,
                acting_user=request.user,
                organisation_type=access.professional.organisation.type,
                person_key=data["person"],
                date=data["date"],
                direct=data["direct"],
                via_key=data["via"] or None,
                interpreter=data["interpreter"],
                topic=data["topic"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)  # a {"date": …} error lands at the date field
        else:
            messages.success(request, _("The contact has been recorded."))
            return redirect(reverse("families:family", args=[access.family.pk]) + "#contacts")
    return render(
        request,
        "families/contact_form.html",
        {"family": _family_header(access), "form": form},
        status=400,
    )


@login_required
@require_POST
def plan_goal(request, family_id: int):
    access = _gate(request, family_id)
    if not access.may(Category.HOUSEHOLD):
        raise Http404()
    form = forms.PlanGoalForm(request.POST)
    if not form.is_valid():
        return _invalid_form_page(
            request,
            access,
            form,
            heading=_("Add a goal"),
            url_name="plan_goal",
            submit=_("Add goal"),
        )
    plan_goal_add(family=access.family, acting_user=request.user, text=form.cleaned_data["text"])
    messages.success(request, _("The goal has been added to the family plan."))
    return redirect(reverse("families:family", args=[access.family.pk]) + "#plan")


@login_required
@require_POST
def plan_action(request, family_id: int):
    access = _gate(request, family_id)
    if not access.may(Category.HOUSEHOLD):
        raise Http404()
    organisations = _organisation_choices(access)
    members = family_members_projection(access).member_choices
    form = forms.PlanActionForm(request.POST, members=members, organisations=organisations)
    if form.is_valid():
        data = form.cleaned_data
        goal = PlanGoal.objects.filter(family=access.family, pk=data["goal"]).first()
        if goal is None:
            raise Http404()
        try:
            plan_action_add(
                goal=goal,
                acting_user=request.user,
                text=data["text"],
                person_key=data["person"] or None,
                owner=Organisation.objects.filter(
                    pk=int(data["owner"]), municipality_id=access.family.municipality_id
                ).first()
                if data["owner"]
                else None,
                due_on=data["due_on"],
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("The action has been added."))
            return redirect(reverse("families:family", args=[access.family.pk]) + "#plan")
    return _invalid_form_page(
        request,
        access,
        form,
        heading=_("Add an agreed action"),
        url_name="plan_action",
        submit=_("Add action"),
    )


@login_required
@require_POST
def concern_add(request, family_id: int):
    """Record a concern of domestic violence or child abuse (confidential, factors.md §4)."""
    access = _gate(request, family_id, audit_read=False)
    members = family_members_projection(access).member_choices
    form = forms.ConcernForm(request.POST, members=members)
    if form.is_valid():
        data = form.cleaned_data
        attention_point_record_manual(
            family=access.family,
            person=access.family.members.filter(key=data["person"]).first(),
            code="DOMESTIC_VIOLENCE_CONCERN",
            note=data["note"],
            acting_user=request.user,
            organisation=access.professional.organisation,
            as_of=clock.today(),
        )
        messages.success(
            request,
            _("The concern is recorded. Only your organisation and Veilig Thuis can see it."),
        )
    else:
        return _invalid_form_page(
            request,
            access,
            form,
            heading=_("Record a concern of domestic violence or child abuse (confidential)"),
            url_name="concern_add",
            submit=_("Record concern"),
        )
    return redirect(reverse("families:family", args=[access.family.pk]) + "#attention")


@login_required
@require_POST
def observation_add(request, family_id: int):
    access = _gate(request, family_id)
    if not access.may(Category.INTAKE_NORMAL):
        raise Http404()
    catalogue = load_family_observations()
    choices = observation_choices_for(catalogue, request.LANGUAGE_CODE)
    form = forms.ObservationForm(request.POST, choices=choices)
    if form.is_valid():
        observation_record(
            family=access.family,
            acting_user=request.user,
            known_codes=catalogue.codes,
            **form.cleaned_data,
        )
        messages.success(request, _("The observation has been recorded."))
    else:
        return _invalid_form_page(
            request,
            access,
            form,
            heading=_("Record an observation"),
            url_name="observation_add",
            submit=_("Save observation"),
        )
    return redirect(reverse("families:family", args=[access.family.pk]) + "#family-system")
