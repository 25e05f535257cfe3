"""Settings from environment variables, each declared once with a default and help text.

`docs/operations.md` lists them; a test keeps that list complete (Open Zaak practice).
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class EnvVar:
    name: str
    default: str
    help: str


DECLARED: dict[str, EnvVar] = {}


def _declare(name: str, default: str, help: str) -> str:
    DECLARED[name] = EnvVar(name, default, help)
    return os.environ.get(name, default)


def env_str(name: str, default: str, help: str) -> str:
    return _declare(name, default, help)


def env_bool(name: str, default: bool, help: str) -> bool:
    raw = _declare(name, "true" if default else "false", help).strip().lower()
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"Environment variable {name} must be true or false, not {raw!r}")


def env_int(name: str, default: int, help: str) -> int:
    raw = _declare(name, str(default), help)
    try:
        return int(raw)
    except ValueError:
        raise ValueError(
            f"Environment variable {name} must be a whole number, not {raw!r}"
        ) from None


def env_list(name: str, default: str, help: str) -> list[str]:
    return [item.strip() for item in _declare(name, default, help).split(",") if item.strip()]
