"""Per-type validation of timeline events: the bundle schema and the model agree for every type."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from herenigd.casefile.bundles import bundle_schema, family_import_bundle, validate_bundle
from herenigd.timeline.models import TimelineEvent
from herenigd.timeline.vocab import EVENT_SPECS, REQUIRED, EventType

VALUES = {
    "outcome": "granted",
    "route": "direct",
    "destination": "sponsor_home",
    "suitable": True,
    "address": "Molenstraat 1, Nijmegen",
    "topic": "health_care",
}


def valid_event(event_type):
    spec = EVENT_SPECS[event_type]
    event = {"type": event_type, "date": "2017-03-01", "person": "partner"}
    event.update({f: VALUES[f] for f in spec.required})
    return event


def bundle_with(example_bundle, event):
    example_bundle["family"]["events"] = [event]
    return example_bundle


def test_every_type_has_a_spec_and_is_in_the_schema():
    from herenigd.timeline.events import EVENT_TYPES

    schema_types = bundle_schema()["$defs"]["event"]["properties"]["type"]["enum"]
    assert schema_types == list(EventType.values) == list(EVENT_TYPES)
    assert set(EVENT_SPECS) == set(EventType.values)


def test_schema_and_specs_agree_on_which_types_need_a_person():
    rule = bundle_schema()["$defs"]["event"]["allOf"][0]
    schema_person_types = set(rule["if"]["properties"]["type"]["enum"])
    assert schema_person_types == {t for t, s in EVENT_SPECS.items() if s.person == REQUIRED}


@pytest.mark.parametrize("event_type", EventType.values)
def test_valid_event_of_each_type_passes(example_bundle, event_type):
    assert validate_bundle(bundle_with(example_bundle, valid_event(event_type))) == []


@pytest.mark.parametrize("event_type", EventType.values)
def test_person_rule_of_each_type(example_bundle, event_type):
    event = valid_event(event_type)
    del event["person"]
    issues = validate_bundle(bundle_with(example_bundle, event))
    if EVENT_SPECS[event_type].person == REQUIRED:
        assert [i.path for i in issues] == ["$.family.events[0]"]
        assert issues[0].code == "required"
        assert "'person'" in issues[0].message
    else:
        assert issues == []


@pytest.mark.parametrize("event_type", EventType.values)
def test_required_fields_of_each_type(example_bundle, event_type):
    for field in EVENT_SPECS[event_type].required:
        event = valid_event(event_type)
        del event[field]
        issues = validate_bundle(bundle_with(example_bundle, event))
        assert issues, f"{event_type} without {field} must be refused"


@pytest.mark.parametrize("event_type", EventType.values)
def test_fields_of_other_types_are_refused(example_bundle, event_type):
    spec = EVENT_SPECS[event_type]
    for field, value in VALUES.items():
        if field in spec.required or field in spec.optional:
            continue
        event = valid_event(event_type) | {field: value}
        assert validate_bundle(bundle_with(example_bundle, event)), (
            f"{event_type} must not accept {field}"
        )


@pytest.mark.django_db
@pytest.mark.parametrize("event_type", EventType.values)
def test_model_clean_agrees_with_schema(example_bundle, municipalities, event_type):
    family = family_import_bundle(data=example_bundle).family
    partner = family.members.get(key="partner")
    spec = EVENT_SPECS[event_type]
    fields = {f: VALUES[f] for f in spec.required}
    event = TimelineEvent(
        family=family, person=partner, type=event_type, date=datetime.date(2017, 3, 1), **fields
    )
    event.full_clean()
    if spec.person == REQUIRED:
        event.person = None
        with pytest.raises(ValidationError) as exc:
            event.full_clean()
        assert "person" in exc.value.message_dict
    stray = next(f for f in ("outcome", "topic", "route") if f not in spec.required)
    other = TimelineEvent(
        family=family,
        person=partner,
        type=event_type,
        date=datetime.date(2017, 3, 1),
        **fields,
        **{stray: VALUES[stray]},
    )
    with pytest.raises(ValidationError) as exc:
        other.full_clean()
    assert stray in exc.value.message_dict
