"""No template receives a personal-data model instance (issue 8, Deliver 1, enforcement).

Pages render only the plain, immutable projection the access layer builds; a template that gets a
Family, Person, event, contact, point, intake, consent, plan or observation instance — or a
queryset or related manager of them — can walk its relations and show what the access layer
withheld. Every URL of the urlconf (tests/access/urlwalk.py) is rendered as legal users, every
template context is captured and walked, and any such object fails the test with its path.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping

import pytest
from django import forms
from django.core.paginator import Page, Paginator
from django.db import models
from django.forms.models import ModelChoiceIteratorValue
from django.template.context import BaseContext
from django.test import Client
from django.test.signals import template_rendered

from herenigd.access.models import Consent, Role
from herenigd.families.models import (
    Contact,
    Family,
    FamilyObservation,
    Person,
    PlanAction,
    PlanGoal,
)
from herenigd.intake.models import IntakeResponse
from herenigd.rules.models import AttentionPoint, AttentionPointStatusChange
from herenigd.timeline.models import EventRevision, TimelineEvent
from tests.access import urlwalk
from tests.world import give_health_consent, login_verified

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quiet_request_log")]

PERSONAL_DATA_MODELS = (
    Family,
    Person,
    TimelineEvent,
    EventRevision,
    Contact,
    AttentionPoint,
    AttentionPointStatusChange,
    IntakeResponse,
    Consent,
    PlanGoal,
    PlanAction,
    FamilyObservation,
)

#: Context keys not walked: the request and the logged-in user, their permissions and messages,
#: the CSRF token, the class-based view, and what Django and its context processors put in every
#: context (the True/False/None builtins, language and debug settings, message levels).
IGNORED_KEYS = frozenset(
    {
        "request",
        "user",
        "perms",
        "messages",
        "csrf_token",
        "view",
        "True",
        "False",
        "None",
        "DEFAULT_MESSAGE_LEVELS",
        "LANGUAGES",
        "LANGUAGE_CODE",
        "LANGUAGE_BIDI",
        "debug",
        "sql_queries",
    }
)

#: Objects walked through their attributes: the project's own classes (a projection must not
#: smuggle an instance inside a plain object).
OWN_MODULES = ("herenigd.",)


def _personal_model(model) -> bool:
    return isinstance(model, type) and issubclass(model, PERSONAL_DATA_MODELS)


class Finder:
    def __init__(self):
        self.found: list[str] = []
        self._seen: set[int] = set()

    def walk(self, value, path: str):
        if value is None or isinstance(value, str | bytes | int | float | bool):
            return
        # Flag before the "seen" check: the same object under two names is reported twice.
        if isinstance(value, models.Model):
            if isinstance(value, PERSONAL_DATA_MODELS):
                self.found.append(f"{path}: {type(value).__name__} instance")
            return  # other models (organisations, users) are not personal data of a family
        if isinstance(value, models.QuerySet):
            if _personal_model(value.model):
                self.found.append(f"{path}: QuerySet of {value.model.__name__}")
            return
        if isinstance(value, models.Manager):
            if _personal_model(value.model):
                self.found.append(f"{path}: manager of {value.model.__name__}")
            return
        if id(value) in self._seen:
            return
        self._seen.add(id(value))
        if isinstance(value, ModelChoiceIteratorValue):
            self.walk(value.instance, f"{path}.instance")
            return
        if isinstance(value, forms.BaseForm):
            self.walk_form(value, path)
            return
        if isinstance(value, forms.formsets.BaseFormSet):
            for i, form in enumerate(value.forms):
                self.walk_form(form, f"{path}.forms[{i}]")
            return
        if isinstance(value, Page):
            self.walk(value.object_list, f"{path}.object_list")
            self.walk(value.paginator, f"{path}.paginator")
            return
        if isinstance(value, Paginator):
            self.walk(value.object_list, f"{path}.object_list")
            return
        if isinstance(value, BaseContext):
            for key, item in value.flatten().items():
                if key not in IGNORED_KEYS:
                    self.walk(item, f"{path}.{key}" if path else str(key))
            return
        if isinstance(value, Mapping):
            for key, item in value.items():
                self.walk(key, f"{path}[key {key!r}]")
                self.walk(item, f"{path}[{key!r}]")
            return
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            for f in dataclasses.fields(value):
                self.walk(getattr(value, f.name), f"{path}.{f.name}")
            return
        if isinstance(value, tuple) and hasattr(value, "_fields"):  # namedtuple
            for name in value._fields:
                self.walk(getattr(value, name), f"{path}.{name}")
            return
        if isinstance(value, list | tuple | set | frozenset):
            for i, item in enumerate(value):
                self.walk(item, f"{path}[{i}]")
            return
        if type(value).__module__.startswith(OWN_MODULES) and hasattr(value, "__dict__"):
            for name, item in vars(value).items():
                self.walk(item, f"{path}.{name}")
            return
        if hasattr(value, "__slots__") and type(value).__module__.startswith(OWN_MODULES):
            for name in value.__slots__:
                self.walk(getattr(value, name, None), f"{path}.{name}")

    def walk_form(self, form, path: str):
        if isinstance(form, forms.BaseModelForm) and _personal_model(form._meta.model):
            self.found.append(f"{path}: ModelForm of {form._meta.model.__name__} (an instance)")
        self.walk(form.initial, f"{path}.initial")
        if form.is_bound:
            data = dict(form.data.lists()) if hasattr(form.data, "lists") else form.data
            self.walk(data, f"{path}.data")
        for name, field in form.fields.items():
            where = f"{path}.fields[{name!r}]"
            self.walk(field.initial, f"{where}.initial")
            self.walk(form[name].value(), f"{path}[{name!r}].value")
            if hasattr(field, "queryset"):
                self.walk(field.queryset, f"{where}.queryset")
            if hasattr(field, "choices"):
                self.walk(list(field.choices), f"{where}.choices")
            if hasattr(field.widget, "choices"):
                self.walk(list(field.widget.choices), f"{where}.widget.choices")


USERS = {
    "regisseur": Role.REGISSEUR,
    "social_guidance_with_consent": Role.SOCIAL_GUIDANCE,
    "school": Role.SCHOOL,
}


@pytest.mark.parametrize("who", USERS)
def test_no_template_context_holds_a_personal_data_model(leak_world, who):
    world = leak_world.world
    if who == "social_guidance_with_consent":
        give_health_consent(world, world.orgs["social_guidance"])  # the partner, to this org
    client = Client(raise_request_exception=False)
    login_verified(client, world.users[USERS[who]])

    rendered: list[tuple[str, object]] = []

    def capture(sender, template, context, **kwargs):
        rendered.append((template.name, context))

    patterns = urlwalk.url_patterns()
    concretes = urlwalk.concrete_urls(patterns)
    found: dict[tuple[str, str], tuple[set[str], set[str]]] = {}  # -> (templates, requests)
    pages = 0
    template_rendered.connect(capture)
    try:
        for concrete in concretes:
            for method in ("GET", "POST"):
                rendered.clear()
                if method == "GET":
                    client.get(concrete.url)
                else:
                    client.post(concrete.url, {})
                    client.cookies.pop("messages", None)
                pages += bool(rendered)
                for template_name, context in rendered:
                    finder = Finder()
                    finder.walk(context, "")
                    for hit in finder.found:
                        hit = re.sub(r"\[\d+\]", "[*]", hit)  # one line per loop
                        templates, requests = found.setdefault(
                            (concrete.pattern.name, hit), (set(), set())
                        )
                        templates.add(template_name)
                        requests.add(f"{method} {concrete.url}")
    finally:
        template_rendered.disconnect(capture)

    assert pages, "no page rendered a template: the walk did not reach the pages"
    assert not found, f"{who}: personal-data model objects in template contexts:\n" + "\n".join(
        f"{name}  {hit}  [{', '.join(sorted(templates))}] (e.g. {sorted(requests)[0]}, "
        f"{len(requests)} requests)"
        for (name, hit), (templates, requests) in sorted(found.items())
    )


def test_the_walk_finds_a_model_however_it_is_wrapped(world):
    """The walk itself: a test that finds nothing must be because there is nothing."""
    from collections import namedtuple

    @dataclasses.dataclass(frozen=True)
    class Row:
        label: str
        payload: object

    class PersonForm(forms.ModelForm):
        class Meta:
            model = Person
            fields = ["given_name"]

    class PickForm(forms.Form):
        who = forms.ModelChoiceField(queryset=Person.objects.none())
        plain = forms.ChoiceField(choices=[("a", "A")])

    Pair = namedtuple("Pair", "left right")
    family = world.family
    person = world.partner
    picks = PickForm(initial={"plain": "a"})
    picks.fields["who"].queryset = Person.objects.filter(family=family)
    wrapped = {
        "rows": [Row("x", {"deep": (person,)})],
        "pair": Pair("plain", {family}),
        "members": family.members,
        "events": TimelineEvent.objects.all(),
        "form": PersonForm(),
        "picks": picks,
        "initial": forms.Form(initial={"who": person}),
    }
    finder = Finder()
    finder.walk(wrapped, "")
    assert {re.sub(r"\[\d+\]", "[*]", hit) for hit in finder.found} == {
        "['rows'][*].payload['deep'][*]: Person instance",
        "['pair'].right[*]: Family instance",
        "['members']: manager of Person",
        "['events']: QuerySet of TimelineEvent",
        "['form']: ModelForm of Person (an instance)",
        "['picks'].fields['who'].queryset: QuerySet of Person",
        "['picks'].fields['who'].choices[*][*].instance: Person instance",
        "['picks'].fields['who'].widget.choices[*][*].instance: Person instance",
        "['initial'].initial['who']: Person instance",
    }, finder.found

    plain = Finder()
    plain.walk({"rows": [Row("x", {"id": person.pk, "name": "Rana"})], "n": 3}, "")
    assert plain.found == []
