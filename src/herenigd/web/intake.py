"""The intake of one person, shown in the person's language next to the professional's, and the
factor profile it yields. Health and confidential questions follow the access model."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from herenigd import clock
from herenigd.access.categories import Category
from herenigd.access.gates import NotFound, access_person
from herenigd.access.models import Consent
from herenigd.access.projection import ConsentView, IntakeResponseView
from herenigd.access.selectors import person_header
from herenigd.access.services import consent_give, consent_withdraw
from herenigd.audit.models import Action
from herenigd.intake.factors import FACTORS_BY_CODE, LANGUAGES
from herenigd.intake.loading import load_builtin
from herenigd.intake.models import IntakeResponse
from herenigd.intake.profile import factor_profile
from herenigd.intake.questionnaire import Questionnaire
from herenigd.intake.services import intake_save, questionnaire_for

RTL = {"ar"}


def _visible(access, person, questionnaire: Questionnaire, organisation_id: int) -> set[str]:
    """The questions of an intake recorded by `organisation_id` that this user may see."""
    health = access.may_see_health(person_id=person.pk, recorded_by_organisation_id=organisation_id)
    confidential = access.may_see_confidential(
        recorded_by_organisation_id=organisation_id, named_user_ids=set()
    )
    allowed = (
        {"normal"}
        | ({"health"} if health else set())
        | ({"confidential"} if confidential else set())
    )
    return {q.id for q in questionnaire.questions if q.sensitivity in allowed}


def _parse(request, questionnaire: Questionnaire, visible: set[str]) -> dict:
    answers = {}
    for q in questionnaire.questions:
        if q.id not in visible:
            continue
        if q.type == "multi":
            values = request.POST.getlist(q.id)
            if values:
                answers[q.id] = values
            continue
        raw = request.POST.get(q.id, "").strip()
        if not raw:
            continue
        if q.type == "number":
            try:
                answers[q.id] = int(raw) if raw.lstrip("-").isdigit() else float(raw)
            except ValueError:
                answers[q.id] = raw  # validate_answers reports it
        else:
            answers[q.id] = raw
    return answers


@login_required
def person_intake(request, person_id: int):
    try:
        access, person = access_person(request.user, person_id, category=Category.INTAKE_NORMAL)
    except NotFound:
        raise Http404() from None
    as_of = clock.today()
    try:
        questionnaire = questionnaire_for(person, as_of, request.GET.get("q"))
    except KeyError:
        raise Http404() from None
    language = request.GET.get("lang") or (person.languages[0] if person.languages else "nl")
    if language not in LANGUAGES:
        language = "en" if person.speaks_english else "nl"
    organisation = access.professional.organisation
    own = (
        IntakeResponse.objects.filter(
            person=person, questionnaire=questionnaire.id, organisation=organisation
        )
        .order_by("-id")
        .first()
    )
    visible = _visible(access, person, questionnaire, organisation.pk)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        done = _consent_post(request, person, organisation, as_of)
        if done is None:
            done, errors = _answers_post(
                request, person, questionnaire, organisation, language, visible, as_of
            )
        if done is not None:
            return done
    current = (
        (own.answers if own else {}) if not errors else _parse(request, questionnaire, visible)
    )
    ui = "en" if request.LANGUAGE_CODE.startswith("en") else "nl"
    hidden_health = any(
        q.sensitivity == "health" and q.id not in visible for q in questionnaire.questions
    )
    profile = _profile(access, person, ui)
    access.record(
        action=Action.READ,
        categories=["intake_normal", *(["health"] if not hidden_health else [])],
        person_id=person.pk,
    )
    return render(
        request,
        "intake/person.html",
        {
            "person": person_header(access, person),
            "family": {"id": person.family_id, "reference": access.family.reference},
            "questionnaire": questionnaire,
            "title": questionnaire.title[ui],
            "language": language,
            "rtl": language in RTL,
            "languages": LANGUAGES,
            "sections": _sections(questionnaire, visible, current, errors, language, ui),
            "own": _response_view(own),
            "errors": errors,
            "hidden_health": hidden_health,
            "profile": profile,
            "consents": _consent_views(person, organisation),
        },
        status=400 if errors else 200,
    )


def _consent_post(request, person, organisation, as_of):
    """Withdraw or record the person's consent; a redirect when the POST was about consent."""
    if request.POST.get("withdraw"):
        raw = request.POST["withdraw"]
        consent = Consent.objects.filter(
            pk=raw if raw.isdigit() else None,
            person=person,
            organisation=organisation,
            withdrawn_at__isnull=True,
        ).first()
        if consent is None:
            raise Http404()
        consent_withdraw(consent=consent, acting_user=request.user)
        messages.success(request, _("The consent has been withdrawn; it takes effect now."))
        return redirect(request.get_full_path())
    if request.POST.get("consent") == "health":
        consent_give(
            person=person,
            organisation=organisation,
            category=Category.HEALTH,
            purpose=request.POST.get("purpose", "").strip() or _("Intake and guidance"),
            given_on=as_of,
            acting_user=request.user,
        )
        messages.success(request, _("The consent has been recorded."))
        return redirect(request.get_full_path())
    return None


def _answers_post(request, person, questionnaire, organisation, language, visible, as_of):
    """Save (or complete) the answers: (redirect, {}) when saved, (None, errors) when not."""
    try:
        intake_save(
            person=person,
            questionnaire=questionnaire,
            organisation=organisation,
            acting_user=request.user,
            language=language,
            answers=_parse(request, questionnaire, visible),
            visible_questions=visible,
            complete="complete" in request.POST,
            as_of=as_of,
        )
    except ValidationError as exc:
        return None, exc.message_dict
    if "complete" in request.POST:
        messages.success(request, _("The intake is complete."))
    else:
        messages.success(request, _("The answers are saved; you can continue later."))
    url = reverse("intake:person", args=[person.pk]) + f"?q={questionnaire.id}&lang={language}"
    return redirect(url), {}


def _sections(questionnaire, visible, current, errors, language: str, ui: str) -> list[dict]:
    """The questions this user may see, per section, in the person's and the user's language."""
    sections = []
    for section in questionnaire.sections:
        questions = [
            _question(q, current.get(q.id), errors.get(q.id, []), language, ui)
            for q in section.questions
            if q.id in visible
        ]
        if questions:
            sections.append({"title": section.title[ui], "questions": questions})
    return sections


def _question(q, value, errors, language: str, ui: str) -> dict:
    selected = set(value) if isinstance(value, list) else {value} if value is not None else set()
    return {
        "q": q,
        "text_person": q.text[language],
        "text_pro": q.text[ui],
        "options": [
            {
                "value": o.value,
                "person": o.label[language],
                "pro": o.label[ui],
                "checked": o.value in selected,
            }
            for o in q.options
        ],
        "value": value if not isinstance(value, list) else "",
        "errors": errors,
    }


def _consent_views(person, organisation) -> list[ConsentView]:
    consents = Consent.objects.filter(
        person=person, organisation=organisation, withdrawn_at__isnull=True
    ).order_by("id")
    return [
        ConsentView(
            id=c.pk,
            category=str(Category(c.category).label),
            purpose=c.purpose,
            given_on=c.given_on,
        )
        for c in consents
    ]


def _response_view(response: IntakeResponse | None) -> IntakeResponseView | None:
    if response is None:
        return None
    return IntakeResponseView(
        id=response.pk,
        status=response.status,
        status_label=str(response.get_status_display()),
        questionnaire=response.questionnaire,
        language=response.language,
        completed_on=response.completed_on,
    )


def _profile(access, person, ui: str):
    """The factor profile of the latest completed intake, from the answers this user may see."""
    response = (
        IntakeResponse.objects.filter(person=person, status=IntakeResponse.Status.COMPLETED)
        .order_by("-completed_on", "-id")
        .first()
    )
    if response is None:
        return None
    questionnaire = load_builtin(response.questionnaire, response.version)
    visible = _visible(access, person, questionnaire, response.organisation_id)
    answers = {k: v for k, v in response.answers.items() if k in visible}
    rows = []
    for state in factor_profile(questionnaire, answers, response.completed_on):
        factor = FACTORS_BY_CODE[state.factor]
        rows.append(
            {
                "label": factor.label[ui],
                "reunifier": factor.reunifier,
                "value": state.value,
                "sources": ", ".join(
                    questionnaire.question(qid).text[ui] for qid, _answer in state.sources
                ),
            }
        )
    return {"rows": rows, "on": response.completed_on, "questionnaire": questionnaire.title[ui]}
