"""Every attention and deadline code has a human label, in Dutch and English (labels.py)."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from herenigd.rules.labels import (
    ATTENTION_LABELS,
    DEADLINE_LABELS,
    attention_label,
    deadline_label,
)
from herenigd.rules.reasons import CODES
from herenigd.rules.ruleset import ATTENTION_CODES, DEADLINE_CODES

#: English words (none of them also a Dutch word) that must not appear in a Dutch label.
ENGLISH = re.compile(
    r"\b(the|and|for|with|from|to|at|not|no|only|family|application|decision|child|"
    r"health|care|reached|needed|waiting|home|minor|report|take|out|interview|"
    r"registration|other|deadline|attention|point)\b",
    re.IGNORECASE,
)


def in_language(label, language):
    with translation.override(language):
        return str(label)


def test_every_code_has_a_label():
    assert set(ATTENTION_LABELS) == set(ATTENTION_CODES)
    assert set(ATTENTION_LABELS) >= CODES
    assert set(DEADLINE_LABELS) == set(DEADLINE_CODES)


@pytest.mark.parametrize(
    ("code", "label"),
    [*ATTENTION_LABELS.items(), *DEADLINE_LABELS.items()],
    ids=[*ATTENTION_LABELS, *DEADLINE_LABELS],
)
def test_labels_are_words_in_each_language(code, label):
    nl, en = in_language(label, "nl"), in_language(label, "en")
    for text in (nl, en):
        assert text and text == text.strip(), code
        assert "_" not in text, (code, text)
        assert code not in text, (code, text)
        assert text[0].isupper(), (code, text)
    assert nl != en, (code, nl)  # no label is the same words in both languages
    assert not ENGLISH.search(nl), (code, nl)


def test_selected_labels():
    with translation.override("nl"):
        assert attention_label("NOT_REACHED") == "Niet bereikt"
        assert deadline_label("APPLICATION_FILING") == "Aanvraag gezinshereniging binnen termijn"
        assert deadline_label("GP_INTERPRETER_WINDOW") == "Huisarts met tolk"
    with translation.override("en"):
        assert attention_label("NOT_REACHED") == "Not reached"
        assert deadline_label("GP_INTERPRETER_WINDOW") == "GP with interpreter"


def test_labels_follow_the_active_language():
    assert isinstance(attention_label("PREGNANCY"), str)
    assert in_language(ATTENTION_LABELS["PREGNANCY"], "nl") == "Zwangerschap"
    assert in_language(ATTENTION_LABELS["PREGNANCY"], "en") == "Pregnancy"
    with translation.override("nl"):
        assert attention_label("PREGNANCY") == "Zwangerschap"


@pytest.mark.parametrize("code", ["NO_SUCH_CODE", "", None, "INTAKE", "NOT_REACHED "])
def test_an_unknown_code_gets_a_neutral_label(code):
    with translation.override("en"):
        assert attention_label(code) == "Other attention point"
    with translation.override("nl"):
        assert attention_label(code) == "Overig aandachtspunt"


@pytest.mark.parametrize("code", ["NO_SUCH_CODE", "", None, "NOT_REACHED"])
def test_an_unknown_deadline_code_gets_a_neutral_label(code):
    with translation.override("en"):
        assert deadline_label(code) == "Other deadline"
    with translation.override("nl"):
        assert deadline_label(code) == "Overige termijn"
