"""The shape of the code (issue 9): no module over 600 lines and no function over 80 lines in
`src/` (migrations excepted), so a reader can find and change one rule, question or page."""

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "herenigd"
MODULES = sorted(p for p in SRC.rglob("*.py") if "migrations" not in p.parts)
MAX_MODULE_LINES, MAX_FUNCTION_LINES = 600, 80


def test_the_walk_finds_the_code():
    assert len(MODULES) > 50


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_modules_and_functions_stay_small(path):
    source = path.read_text(encoding="utf-8")
    assert source.count("\n") <= MAX_MODULE_LINES, f"{path.name}: split it by concern"
    long = [
        (node.name, node.end_lineno - node.lineno + 1)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert long == [], f"{path.name}: split these by rule or by use case"
