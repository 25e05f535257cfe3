"""The rules are registered by code: one function per code of the shipped rule set, and back.

Also: each function is named after its code, declares the parameters of its row, cites the sources
the rule set gives for it, and can be run on its own against a `FamilyContext`; adding a rule is
one registered function plus one row of rule-set data (`test_adding_a_rule_*`).
"""

from __future__ import annotations

import copy
import datetime as dt
import inspect
import json
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from herenigd.rules import attention, deadlines
from herenigd.rules.attention import ATTENTION, RaisedFacts
from herenigd.rules.context import FamilyContext
from herenigd.rules.deadlines import DEADLINES, DeadlineStarts
from herenigd.rules.engine import evaluate
from herenigd.rules.registry import PARAM_KINDS, Registry
from herenigd.rules.ruleset import (
    DEFAULT_RULESET_PATH,
    SCHEMA_PATH,
    RuleSetError,
    compose_schema,
    load_ruleset,
)
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
    registry.unregister("ONE")
    assert "ONE" not in registry
    with pytest.raises(LookupError, match="code ONE"):
        registry.unregister("ONE")


def test_a_rule_declares_its_parameters_by_kind():
    registry: Registry = Registry("example")
    registry.rule("ONE", params={"min_age": "age", "after": "duration"}, informational=True)(len)
    registry.rule("TWO")(len)
    assert dict(registry["ONE"].params) == {"min_age": "age", "after": "duration"}
    assert registry["ONE"].informational and not registry["TWO"].informational
    assert registry.signature() == (
        ("ONE", True, (("min_age", "age"), ("after", "duration"))),
        ("TWO", False, ()),
    )
    with pytest.raises(ValueError, match=r"parameter after has unknown kind 'days' \(known: age"):
        registry.rule("THREE", params={"after": "days"})
    with pytest.raises(ValueError, match="parameter 'After' is not snake_case"):
        registry.rule("THREE", params={"After": "duration"})
    assert "THREE" not in registry


def test_the_shipped_rules_declare_the_parameters_they_read():
    """Each rule reads exactly the parameters it declares (`.params["name"]` in its source)."""
    for registry in (DEADLINES, ATTENTION):
        for code in registry:
            source = inspect.getsource(registry[code].run)
            read = set(re.findall(r"""params\["(\w+)"\]""", source))
            assert read == set(registry[code].params), code
    assert dict(DEADLINES["JGZ_INTAKE"].params) == {
        "min_age_at_arrival": "age",
        "max_age_at_arrival": "age",
    }
    assert dict(ATTENTION["INTERPRETER_NEEDED"].params) == {"dutch_levels": "dutch_levels"}
    kinds = {kind for r in (DEADLINES, ATTENTION) for code in r for kind in r[code].params.values()}
    assert kinds == {"age", "duration", "amount", "dutch_levels"} <= set(PARAM_KINDS)


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


# --- adding a rule = one function + one row --------------------------------------------------


def gp_registration(ctx: FamilyContext) -> DeadlineStarts:
    """Each member aged `min_age`+ at D with `brp_registered` B: B + the term, by
    `gp_registered` (test rule)."""
    min_age = ctx.ruleset.deadlines["GP_REGISTRATION"].params["min_age"]
    out = []
    for m in ctx.members:
        age, b = ctx.age_now[m.key], ctx.first("brp_registered", m.key)
        if b is not None and age is not None and age >= min_age:
            out.append((m.key, b, ctx.first("gp_registered", m.key)))
    return out


def large_family(ctx: FamilyContext) -> RaisedFacts:
    """A family of `min_children` children or more (test rule)."""
    children = [m.key for m in ctx.members if m.role == "child"]
    if len(children) < ctx.ruleset.attention["LARGE_FAMILY"].params["min_children"]:
        return ()
    return [(None, {"children": len(children)})]


#: The rows a rule set adds for them.
NEW_ROWS = {
    "deadlines": {
        "GP_REGISTRATION": {"term": {"days": 30}, "min_age": 18, "source": "test rule"},
    },
    "attention": {
        "LARGE_FAMILY": {
            "raised_by": ["data"],
            "sensitivity": "normal",
            "responsible": "social_guidance",
            "min_children": 3,
            "source": "test rule",
        },
    },
}


@pytest.fixture
def new_rules() -> Iterator[None]:
    """GP_REGISTRATION and LARGE_FAMILY registered as a rule module would, removed after."""
    DEADLINES.rule("GP_REGISTRATION", params={"min_age": "age"})(gp_registration)
    try:
        ATTENTION.rule("LARGE_FAMILY", params={"min_children": "count"})(large_family)
        try:
            yield
        finally:
            ATTENTION.unregister("LARGE_FAMILY")
    finally:
        DEADLINES.unregister("GP_REGISTRATION")


def _with_rows(tmp_path: Path, change=None, name: str = "custom.yaml") -> Path:
    """A copy of the shipped rule set with the new rows (`change` edits the copy first)."""
    doc = yaml.safe_load(DEFAULT_RULESET_PATH.read_text(encoding="utf-8"))
    for section, rows in NEW_ROWS.items():
        doc[section].update(copy.deepcopy(rows))
    if change is not None:
        change(doc)
    path = tmp_path / name
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def test_adding_a_rule_is_one_function_and_one_row(tmp_path, new_rules):
    rs = load_ruleset(_with_rows(tmp_path))
    assert dict(rs.deadlines["GP_REGISTRATION"].params) == {"min_age": 18}
    assert rs.param("LARGE_FAMILY", "min_children") == 3
    fam = family(
        member("sp", "sponsor"),
        member("pa", "partner"),
        *(member(f"c{i}", "child", born="2010-01-01") for i in range(3)),
        events=[ev("brp_registered", "2017-03-01", "pa"), ev("brp_registered", "2017-03-01", "c0")],
    )
    result = evaluate(fam, rs, dt.date(2017, 4, 15))
    gp = result.deadline("GP_REGISTRATION", "pa")
    assert (gp.due, gp.status) == (dt.date(2017, 3, 31), "overdue")
    assert result.deadline("GP_REGISTRATION", "c0") is None  # below min_age
    point = next(p for p in result.attention if p.code == "LARGE_FAMILY")
    assert (point.person, point.facts, point.responsible) == (
        None,
        {"children": 3},
        "social_guidance",
    )


def test_a_registered_rule_without_its_row_is_refused(tmp_path, new_rules):
    with pytest.raises(RuleSetError) as info:
        load_ruleset()  # the shipped rule set has no rows for the new rules
    assert str(info.value) == f"{DEFAULT_RULESET_PATH}: attention: missing key 'LARGE_FAMILY'"
    path = _with_rows(tmp_path, lambda doc: doc["deadlines"].pop("GP_REGISTRATION"))
    with pytest.raises(RuleSetError) as info:
        load_ruleset(path)
    assert str(info.value) == f"{path}: deadlines: missing key 'GP_REGISTRATION'"
    assert info.value.code == "ruleset_invalid"


def _set(section: str, code: str, key: str, value: Any):
    def change(doc: dict[str, Any]) -> None:
        doc[section][code][key] = value

    return change


@pytest.mark.parametrize(
    ("change", "key", "message"),
    [
        (
            lambda doc: doc["attention"]["LARGE_FAMILY"].update(
                min_childen=doc["attention"]["LARGE_FAMILY"].pop("min_children")
            ),
            "attention.LARGE_FAMILY",
            "missing key 'min_children'",
        ),
        (
            _set("attention", "LARGE_FAMILY", "max_children", 3),
            "attention.LARGE_FAMILY.max_children",
            "unknown key 'max_children' (allowed: min_children, raised_by, sensitivity,"
            " responsible, responsible_minor, also, source, enabled, note)",
        ),
        (
            _set("attention", "LARGE_FAMILY", "min_children", "three"),
            "attention.LARGE_FAMILY.min_children",
            "expected an integer ≥ 0, got a string",
        ),
        (
            _set("deadlines", "GP_REGISTRATION", "min_age", 200),
            "deadlines.GP_REGISTRATION.min_age",
            "200 is out of range (must be between 0 and 130)",
        ),
    ],
    ids=["misspelt", "unknown", "wrong kind", "out of range"],
)
def test_a_parameter_is_checked_by_its_declared_kind(tmp_path, new_rules, change, key, message):
    path = _with_rows(tmp_path, change)
    with pytest.raises(RuleSetError) as info:
        load_ruleset(path)
    assert str(info.value) == f"{path}: {key}: {message}"
    assert (info.value.path, info.value.key) == (str(path), key)


def test_a_misspelt_parameter_of_a_shipped_rule_names_its_path(tmp_path):
    doc = yaml.safe_load(DEFAULT_RULESET_PATH.read_text(encoding="utf-8"))
    row = doc["deadlines"]["JGZ_INTAKE"]
    row["max_age_at_arival"] = row.pop("max_age_at_arrival")
    path = tmp_path / "typo.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    with pytest.raises(RuleSetError) as info:
        load_ruleset(path)
    # Both keys are wrong; the one spelt right is missed first, at its row.
    assert str(info.value) == f"{path}: deadlines.JGZ_INTAKE: missing key 'max_age_at_arrival'"
    row["max_age_at_arrival"] = 17
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    with pytest.raises(RuleSetError) as info:
        load_ruleset(path)
    assert str(info.value) == (
        f"{path}: deadlines.JGZ_INTAKE.max_age_at_arival: unknown key 'max_age_at_arival'"
        " (allowed: min_age_at_arrival, max_age_at_arrival, term, source, enabled, note)"
    )


def test_a_row_for_a_rule_no_longer_registered_is_refused(tmp_path, new_rules):
    path = _with_rows(tmp_path)
    assert load_ruleset(path).deadlines["GP_REGISTRATION"]
    DEADLINES.unregister("GP_REGISTRATION")
    try:
        with pytest.raises(RuleSetError) as info:
            load_ruleset(path)  # not the cached one: that was checked against other rules
        assert str(info.value).startswith(
            f"{path}: deadlines.GP_REGISTRATION: unknown key 'GP_REGISTRATION' (allowed: "
        )
    finally:
        DEADLINES.rule("GP_REGISTRATION", params={"min_age": "age"})(gp_registration)


def test_the_rule_modules_import_in_any_order():
    """No import cycle: each rules module can be the first one imported (a fresh interpreter)."""
    modules = "attention context deadlines engine reasons registry results ruleset ruleset_data"
    script = textwrap.dedent(
        """
        import importlib, sys
        for name in sys.argv[1:]:
            for loaded in [m for m in sys.modules if m.startswith("herenigd")]:
                del sys.modules[loaded]
            importlib.import_module("herenigd.rules." + name)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script, *modules.split()],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_a_parameter_named_like_a_common_key_or_a_code_in_both_lists_is_a_programming_error():
    generic = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    with pytest.raises(ValueError, match="rule ODD: parameter source is a key of every deadline"):
        compose_schema(generic, (("ODD", False, (("source", "age"),)),), ())
    with pytest.raises(ValueError, match="WAITING_STRESS is both derived from data and raised by"):
        compose_schema(generic, (), (("WAITING_STRESS", False, ()),))
