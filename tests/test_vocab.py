"""One vocabulary per concept (herenigd/vocab.py): the models' choices carry the same values in
the same order, adding only translated labels, so a value cannot exist in one place only."""

from herenigd import vocab
from herenigd.families.vocab import DutchLevel, FamilyRole
from herenigd.rules.models import Sensitivity


def test_model_choices_are_the_shared_vocabularies():
    assert tuple(Sensitivity.values) == vocab.SENSITIVITIES
    assert tuple(DutchLevel.values) == vocab.DUTCH_LEVELS
    assert tuple(FamilyRole.values) == vocab.FAMILY_ROLES


def test_every_event_type_has_a_data_category_of_the_access_vocabulary():
    from herenigd.access.categories import Category
    from herenigd.timeline.categories import EVENT_CATEGORY
    from herenigd.timeline.vocab import EventType

    assert set(EVENT_CATEGORY) == set(EventType.values)
    assert set(EVENT_CATEGORY.values()) <= set(Category.values)
