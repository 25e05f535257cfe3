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
