"""Settings: every environment variable is documented; the console script honours DATABASE_URL."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from herenigd.env import DECLARED, env_bool, env_int

REPO = Path(__file__).resolve().parents[1]


def test_every_declared_environment_variable_is_documented():
    documented = set(
        re.findall(r"^\| `([A-Z0-9_]+)` \|", (REPO / "docs/operations.md").read_text(), re.M)
    )
    assert set(DECLARED) == documented


@pytest.mark.parametrize(
    ("raw", "value"), [("true", True), ("0", False), ("YES", True), ("", False)]
)
def test_env_bool(monkeypatch, raw, value):
    monkeypatch.setenv("HERENIGD_TEST_FLAG", raw)
    assert env_bool("HERENIGD_TEST_FLAG", False, "test") is value


def test_env_rejects_nonsense_with_a_clear_message(monkeypatch):
    monkeypatch.setenv("HERENIGD_TEST_FLAG", "maybe")
    with pytest.raises(ValueError, match="HERENIGD_TEST_FLAG must be true or false"):
        env_bool("HERENIGD_TEST_FLAG", False, "test")
    monkeypatch.setenv("HERENIGD_TEST_INT", "ten")
    with pytest.raises(ValueError, match="HERENIGD_TEST_INT must be a whole number"):
        env_int("HERENIGD_TEST_INT", 1, "test")


def test_console_script_honours_database_url(tmp_path):
    script = Path(sys.executable).with_name("herenigd")
    if not script.exists():
        pytest.skip("console script not installed (run `make install`)")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"}
    subprocess.run([script, "migrate", "-v", "0"], env=env, check=True, timeout=300)
    assert (tmp_path / "x.sqlite3").exists()
    shown = subprocess.run(
        [script, "showmigrations", "families"], env=env, check=True, capture_output=True, text=True
    )
    assert "[X] 0001_initial" in shown.stdout


# --- production fails closed ---------------------------------------------------------------------

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "p" * 50,
    "HERENIGD_AUDIT_KEY": "a" * 40,
    "HTTPS": "true",
}
SHOW = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)"
)


def start(tmp_path, command, **overrides):
    """Start Django in a fresh process with a production-like environment (no override)."""
    env = {k: v for k, v in os.environ.items() if k not in {*PRODUCTION, "HERENIGD_INSECURE_DEV"}}
    env |= {
        "DJANGO_SETTINGS_MODULE": "herenigd.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'p.sqlite3'}",
        **PRODUCTION,
    }
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)


def refusal(done) -> str:
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("herenigd refuses to start with DEBUG=false: ")
    return lines[0]


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"SECRET_KEY": None}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "insecure-development-key-change-me"}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY must be set"),
        ({"HERENIGD_AUDIT_KEY": None}, "HERENIGD_AUDIT_KEY must be set"),
        ({"HERENIGD_AUDIT_KEY": "insecure-development-audit-key"}, "HERENIGD_AUDIT_KEY must be"),
        ({"HERENIGD_AUDIT_KEY": "p" * 50}, "HERENIGD_AUDIT_KEY must differ from SECRET_KEY"),
        ({"HTTPS": None}, "HTTPS must be true"),
        ({"HTTPS": "false"}, "HTTPS must be true"),
    ],
)
def test_production_refuses_to_start_unsafe_in_one_clear_line(tmp_path, overrides, named):
    line = refusal(start(tmp_path, [sys.executable, "-c", SHOW], **overrides))
    assert named in line
    assert "p" * 50 not in line and "a" * 40 not in line  # no key in the message


def test_production_with_nothing_set_names_every_problem(tmp_path):
    line = refusal(
        start(
            tmp_path,
            [sys.executable, "-c", SHOW],
            SECRET_KEY=None,
            HERENIGD_AUDIT_KEY=None,
            HTTPS=None,
        )
    )
    for named in ("SECRET_KEY", "HERENIGD_AUDIT_KEY", "HTTPS", "HERENIGD_INSECURE_DEV=true"):
        assert named in line


def test_the_console_script_refuses_too(tmp_path):
    script = Path(sys.executable).with_name("herenigd")
    if not script.exists():
        pytest.skip("console script not installed (run `make install`)")
    refusal(start(tmp_path, [str(script), "check", "--deploy"], HERENIGD_AUDIT_KEY=None))


def test_production_starts_with_real_keys_secure_cookies_and_hsts(tmp_path):
    done = start(tmp_path, [sys.executable, "-c", SHOW])
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "True", "31536000"]


def test_the_documented_override_allows_the_development_defaults(tmp_path):
    done = start(
        tmp_path,
        [sys.executable, "-c", SHOW],
        SECRET_KEY=None,
        HERENIGD_AUDIT_KEY=None,
        HTTPS=None,
        HERENIGD_INSECURE_DEV="true",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "False", "0"]
