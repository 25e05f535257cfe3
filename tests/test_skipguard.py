"""tests/skipguard.py: with HERENIGD_FAIL_ON_SKIP=1 a skip whose reason is not in
tests/allowed_skips.txt fails the run (as .ci/run runs it); allowed reasons and plain runs pass."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

SKIPPING_TESTS = """
import pytest

def test_runs():
    assert True

def test_allowed():
    pytest.skip("shared/ not beside the checkout")
"""


def run_pytest(tmp_path, source: str, fail_on_skip: bool) -> subprocess.CompletedProcess:
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    (tmp_path / "test_sample.py").write_text(source, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("HERENIGD_FAIL_ON_SKIP", None)
    if fail_on_skip:
        env["HERENIGD_FAIL_ON_SKIP"] = "1"
    command = [sys.executable, "-m", "pytest", "-p", "tests.skipguard", "-p", "no:django"]
    command += ["-p", "no:cacheprovider", "-p", "no:xdist", "-q", "-rs", str(tmp_path)]
    return subprocess.run(
        command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_a_skip_with_an_allowed_reason_passes(tmp_path):
    result = run_pytest(tmp_path, SKIPPING_TESTS, fail_on_skip=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed, 1 skipped" in result.stdout


@pytest.mark.parametrize("fail_on_skip", [True, False])
def test_a_skip_without_an_allowed_reason_fails_the_run_in_ci(tmp_path, fail_on_skip):
    source = SKIPPING_TESTS + '\n\ndef test_other():\n    pytest.skip("no database here")\n'
    result = run_pytest(tmp_path, source, fail_on_skip=fail_on_skip)
    if fail_on_skip:
        assert result.returncode == 1, result.stdout + result.stderr
        assert "skipped without an allowed reason" in result.stdout
        assert "test_sample.py::test_other: no database here" in result.stdout
        assert "test_allowed" not in result.stdout.split("skipped without an allowed reason")[1]
    else:
        assert result.returncode == 0, result.stdout + result.stderr
