"""The rules are registered by code: one function per code of the shipped rule set, and back.

Also: each function is named after its code, cites the sources the rule set gives for it, and can
be run on its own against a `FamilyContext`.
"""

from __future__ import annotations

import inspect
import re

import pytest

from herenigd.rules import attention, deadlines
from herenigd.rules.attention import ATTENTION
from herenigd.rules.context import FamilyContext
from herenigd.rules.deadlines import DEADLINES
from herenigd.rules.registry import Registry
from herenigd.rules.ruleset import load_ruleset
from herenigd.rules.selectors import active_ruleset

from .strategies import d, ev, family, member

#: Citations in a rule set `source`: report sections, recommendations, appendices.
_CITATION = re.compile(r"§\d+(?:\.\d+)?(?: fn \d+)?|rec\. \d+|app\. \d+")


def _data_codes(rs) -> set[str]:
    return {code for code, rule in rs.attention.items() if "data" in rule.raised_by}


@pytest.mark.parametrize("load", [load_ruleset, active_ruleset], ids=["default-v1", "active"])
def test_every_deadline_code_has_exactly_one_function(load):
    assert set(load().deadlines) == set(DEADLINES)
    assert len(list(DEADLINES)) == len(set(DEADLINES))


@pytest.mark.parametrize("load", [load_ruleset, active_ruleset], ids=["default-v1", "active"])
def test_every_data_attention_code_has_exactly_one_function(load):
    rs = load()
    assert _data_codes(rs) == set(ATTENTION)
    assert len(list(ATTENTION)) == len(set(ATTENTION))
    # Intake-derived and hand-raised codes are stored, never computed by the engine.
    assert not (set(rs.attention) - _data_codes(rs)) & set(ATTENTION)


@pytest.mark.parametrize(
    ("registry", "module"), [(DEADLINES, deadlines), (ATTENTION, attention)], ids=["d", "a"]
)
def test_rule_functions_are_named_after_their_code(registry, module):
    for code in registry:
        run = registry[code].run
        assert run.__name__ == code.lower()
        assert run.__module__ == module.__name__
        assert getattr(module, code.lower()) is run


@pytest.mark.parametrize(("registry", "kind"), [(DEADLINES, "deadlines"), (ATTENTION, "attention")])
def test_rule_functions_cite_the_sources_of_the_rule_set(registry, kind):
    rs = load_ruleset()
    for code in registry:
        doc = inspect.getdoc(registry[code].run) or ""
        source = getattr(rs, kind)[code].source.split("(")[0]
        cited = _CITATION.findall(source)
        assert cited, f"{code}: the rule set cites no section"
        for citation in cited:
            assert citation in " ".join(doc.split()), f"{code} does not cite {citation}"


def test_informational_deadlines_agree_with_the_rule_set():
    rs = load_ruleset()
    for code in DEADLINES:
        assert DEADLINES[code].informational == rs.deadlines[code].informational, code


def test_a_code_registers_once_and_unknown_codes_are_named():
    registry: Registry = Registry("example")

    @registry.rule("ONE")
    def one(ctx):  # pragma: no cover - never run
        return ()

    with pytest.raises(ValueError, match="ONE is registered twice"):
        registry.rule("ONE")(one)
    with pytest.raises(LookupError, match="code TWO"):
        registry["TWO"]
    assert "ONE" in registry and len(registry) == 1


def _context(*members, events=(), as_of="2017-06-01") -> FamilyContext:
    return FamilyContext(family(*members, events=events), load_ruleset(), d(as_of))


def test_a_deadline_rule_runs_on_its_own():
    ctx = _context(
        member("sp", "sponsor"),
        events=[ev("permit_granted", "2016-01-12", "sp"), ev("application_filed", "2016-03-01")],
    )
    assert list(deadlines.application_filing(ctx)) == [("sp", d("2016-01-12"), d("2016-03-01"))]
    assert list(deadlines.decision(ctx)) == [(None, d("2016-03-01"), None)]
    assert list(deadlines.report_registration_centre(ctx)) == []


def test_an_attention_rule_runs_on_its_own():
    ctx = _context(
        member("sp", "sponsor"),
        member("pa", "partner"),
        events=[ev("pregnancy", "2017-02-01", "pa")],
    )
    assert list(attention.pregnancy(ctx)) == [
        ("pa", {"pregnancy": "2017-02-01", "last_birth": None})
    ]
    assert list(attention.family_incomplete(ctx)) == []
