"""No silent skips: with HERENIGD_FAIL_ON_SKIP=1 (.ci/run sets it) the run fails when a test is
skipped for a reason that tests/allowed_skips.txt does not list, so a green run really ran every
test. A pytest plugin, loaded by tests/conftest.py."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ALLOWED_SKIPS = Path(__file__).resolve().parent / "allowed_skips.txt"
FAIL_ON_SKIP = "HERENIGD_FAIL_ON_SKIP"


_skips: list[tuple[str, str]] = []


def allowed_skip_reasons(path: Path = ALLOWED_SKIPS) -> list[str]:
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def skip_reason(report) -> str:
    longrepr = report.longrepr
    reason = longrepr[2] if isinstance(longrepr, tuple | list) else str(longrepr)
    return reason.removeprefix("Skipped: ")


def disallowed_skips(skips, allowed) -> list[tuple[str, str]]:
    return [(nodeid, why) for nodeid, why in skips if not why.startswith(tuple(allowed))]


def _record_skip(report) -> None:
    if report.skipped and not hasattr(report, "wasxfail"):
        _skips.append((report.nodeid, skip_reason(report)))


def pytest_runtest_logreport(report):
    _record_skip(report)


def pytest_collectreport(report):
    _record_skip(report)


def _fails_on_skip(config) -> bool:
    # Only the controlling process decides (xdist workers report their skips to it).
    return os.environ.get(FAIL_ON_SKIP) == "1" and not hasattr(config, "workerinput")


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session, exitstatus):
    if (
        _fails_on_skip(session.config)
        and session.exitstatus == pytest.ExitCode.OK
        and disallowed_skips(_skips, allowed_skip_reasons())
    ):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not _fails_on_skip(config):
        return
    bad = disallowed_skips(_skips, allowed_skip_reasons())
    if bad:
        terminalreporter.section(f"skipped without an allowed reason ({FAIL_ON_SKIP}=1)", red=True)
        for nodeid, why in bad:
            terminalreporter.line(f"{nodeid}: {why}")
        terminalreporter.line(f"Run the test, or add its reason to {ALLOWED_SKIPS.name}.")
