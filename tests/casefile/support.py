"""Helpers of the case-bundle robustness tests."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps

from herenigd.casefile.bundles import BundleError, BundleIssue


def row_counts() -> dict[str, int]:
    """The number of rows of every model (audit trail included): what "nothing written" means."""
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


def refused(call: Callable[..., Any], *args: Any, **kwargs: Any) -> list[BundleIssue]:
    """The issues of the BundleError that `call` raises."""
    with pytest.raises(BundleError) as exc:
        call(*args, **kwargs)
    assert exc.value.issues, "a refusal names at least one problem"
    return exc.value.issues


def write(tmp_path, name: str, content: Any) -> str:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
        path.write_text(text, encoding="utf-8")
    return str(path)
