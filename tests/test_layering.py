"""Views and the API never query families or persons directly: every read of personal data goes
through the access layer (conventions.md 'Access control')."""

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "herenigd"
FORBIDDEN = re.compile(r"\b(Family|Person|Contact|TimelineEvent|AttentionPoint)\.objects\b")


def test_views_and_api_use_the_access_layer():
    offenders = []
    for path in [*SRC.glob("web/*.py"), *SRC.glob("accounts/views.py"), *SRC.glob("api/*.py")]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if FORBIDDEN.search(line):
                offenders.append(f"{path.relative_to(SRC)}:{number}: {line.strip()}")
    assert not offenders, "query through herenigd.access instead:\n" + "\n".join(offenders)


# --- Dependencies point one way (issue 9; docs/architecture.md 'Layers') ---------------------

#: From the top down. A module may import its own app and the layers below it, never a layer
#: above it; the apps on one line are independent of each other. Core modules (`herenigd.clock`,
#: `vocab`, `env`, `fields`, `yamlfile`, `schemacheck`, `settings`, `urls`, `cli`, `celery`) are
#: outside the layers.
LAYERS = (
    ("web", "api", "accounts", "demo"),
    ("access",),
    ("intake",),
    ("rules",),
    ("casefile",),
    ("timeline",),
    ("families",),
    ("organisations",),
    ("audit",),
)


def layer_violations(imports) -> list[str]:
    """`imports`: (importer, imported) module pairs. Returns each import that goes up a layer or
    across to another app of the same layer."""
    rank = {app: level for level, apps in enumerate(LAYERS) for app in apps}

    def app(module: str) -> str | None:
        parts = module.split(".")
        return parts[1] if len(parts) > 1 and parts[0] == "herenigd" else None

    bad = []
    for importer, imported in imports:
        a, b = app(importer), app(imported)
        if a in rank and b in rank and a != b and rank[b] <= rank[a]:
            bad.append(f"{importer} -> {imported}")
    return sorted(bad)


def _project_imports():
    import grimp

    graph = grimp.build_graph("herenigd")
    return [
        (module, imported)
        for module in graph.modules
        for imported in graph.find_modules_directly_imported_by(module)
    ]


def test_every_app_is_in_a_layer():
    apps = {p.name for p in SRC.iterdir() if (p / "apps.py").exists()}
    assert apps == {app for layer in LAYERS for app in layer}


def test_dependencies_point_down():
    assert layer_violations(_project_imports()) == []


def test_a_reversed_import_is_caught():
    assert layer_violations([("herenigd.families.models", "herenigd.access.gates")]) == [
        "herenigd.families.models -> herenigd.access.gates"
    ]
    assert layer_violations([("herenigd.web.families", "herenigd.api.views")])  # same layer
    assert layer_violations([("herenigd.web.families", "herenigd.access.gates")]) == []


def test_no_import_inside_a_function():
    """Imports at the top of the module, where a cycle would show (Django's `ready()` hooks,
    `TYPE_CHECKING` blocks and the console script's set-up are the exceptions)."""
    import ast

    offenders = []
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts or path.name in {"apps.py", "cli.py"}:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Import | ast.ImportFrom):
                        offenders.append(f"{path.relative_to(SRC)}:{inner.lineno}")
    assert offenders == []
