"""Embedded SQLite holds under concurrency (docs/operations.md, "Embedded SQLite under load").

A tester once found the SQLite file falling over: parallel CLI reads and imports failing with
"database is locked", half the requests of four concurrent web users ending in a 500, logins
failing. These tests drive the REAL thing against their own SQLite file in tmp_path — migrate, a
small demo, `herenigd runserver` (what `make run` serves: one thread per request) and `herenigd`
CLI processes — and demand zero errors and every write stored exactly once.

SQLite-only by nature, and never skipped: the file is the test's own, so the tests run the same
when the rest of the suite runs on PostgreSQL.
"""

from __future__ import annotations

import json
import re
import sqlite3
import statistics
import subprocess
import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from tests.concurrency.harness import (
    HERENIGD,
    Response,
    WebClient,
    herenigd,
    running_server,
    sqlite_env,
)
from tests.fixtures import EXAMPLE_BUNDLE

CLIENTS = 8
ROUNDS = 4  # per web client after logging in: caseload, family page, then a write (or a read)
CLI_ROUNDS = 5
NIJMEGEN = "0268"
#: Eight demo accounts (`herenigd demo`) with families in their caseload: (user, records contacts).
ACCOUNTS = [
    ("regisseur", True),
    ("social-guidance", True),
    ("jgz-nurse", True),
    ("gp", True),
    ("regisseur-denhaag", True),
    ("regisseur-almelo", True),
    ("school", False),
    ("welfare", False),
]
LOCKED = re.compile(r"database (table )?is locked", re.IGNORECASE)
_FAMILY_LINK = re.compile(r'href="/families/(\d+)/"')
_PERSON_SELECT = re.compile(r'<select[^>]*name="person"[^>]*>(.*?)</select>', re.S)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """Migrated schema and a small demo (3 families per municipality), built once per worker."""
    db = tmp_path_factory.mktemp("sqlite-load") / "template.sqlite3"
    env = sqlite_env(db)
    for args in (("migrate", "--no-input", "-v", "0"), ("demo", "--families", "3")):
        done = herenigd(env, *args)
        assert done.returncode == 0, done.stderr[-3000:]
    return db


@pytest.fixture
def demo_db(demo_template, tmp_path) -> Path:
    """A copy of the demo database of the test's own."""
    db = tmp_path / "load.sqlite3"
    source, target = sqlite3.connect(demo_template), sqlite3.connect(db)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    return db


def rows(db: Path, sql: str, *params) -> list[tuple]:
    conn = sqlite3.connect(db, timeout=30)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def count(db: Path, sql: str, *params) -> int:
    return rows(db, sql, *params)[0][0]


def concurrently(work: Callable[[int, threading.Barrier], object]) -> tuple[list, float]:
    """Run work(n, barrier) in CLIENTS threads that start together; (results, seconds)."""
    results: list = [None] * CLIENTS
    start = threading.Barrier(CLIENTS)

    def run(n):
        results[n] = work(n, start)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(CLIENTS)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert not any(t.is_alive() for t in threads), "a client hung"
    return results, time.perf_counter() - began


def logged_in(response: Response | None) -> bool:
    return response is not None and response.status == 302 and "/accounts/" not in response.location


def caseload_and_write(client: WebClient, n: int, username: str, writes: bool) -> list[str]:
    """Caseload → a family page → record a contact through its form (a reader opens the family
    page at another date instead), ROUNDS times, then the start page. Returns the topics of the
    contacts the server confirmed (302)."""
    topics: list[str] = []
    for i in range(ROUNDS):
        caseload = client.get("/families/")
        if caseload is None or caseload.status != 200:
            continue
        families = sorted(set(_FAMILY_LINK.findall(caseload.body)), key=int)
        if not families:
            client.errors.append(f"{username}: empty caseload")
            continue
        family = families[(n + i) % len(families)]
        page = client.get(f"/families/{family}/")
        if page is None or page.status != 200:
            continue
        if not writes:
            client.get(f"/families/{family}/?as_of=2019-0{1 + i}-15")
            continue
        select = _PERSON_SELECT.search(page.body)
        if select is None or "/contacts/new/" not in page.body:
            client.errors.append(f"{username}: no contact form on family {family}")
            continue
        topic = f"load-{n}-{i}"
        posted = client.post(
            f"/families/{family}/contacts/new/",
            page,
            {
                "person": re.findall(r'value="([^"]+)"', select.group(1))[0],
                "date": date.today().isoformat(),
                "direct": "true",
                "via": "",
                "interpreter": "none",
                "topic": topic,
            },
        )
        if posted is not None and posted.status == 302:
            topics.append(topic)
    client.get("/")
    return topics


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def summary(clients: list[WebClient], seconds: float) -> dict:
    latencies = [r.seconds for c in clients for r in c.log]
    return {
        "requests": len(latencies),
        "5xx": sum(r.status >= 500 for c in clients for r in c.log),
        "connection errors": sum(len(c.errors) for c in clients),
        "p50 ms": round(1000 * statistics.median(latencies)),
        "p95 ms": round(1000 * _percentile(latencies, 0.95)),
        "max ms": round(1000 * max(latencies)),
        "seconds": round(seconds, 1),
    }


def assert_clean(clients: list[WebClient], log: Path, measured: dict) -> None:
    responses = [r for c in clients for r in c.log]
    server_log = log.read_text()
    failed = [f"{r.status} {r.url}" for r in responses if r.status >= 500]
    assert failed == [], (measured, failed, server_log[-4000:])
    assert [e for c in clients for e in c.errors] == [], measured
    assert not LOCKED.search(server_log), server_log[-4000:]
    assert "Traceback" not in server_log, server_log[-4000:]
    unexpected = [f"{r.status} {r.url}" for r in responses if r.status not in (200, 302)]
    assert unexpected == [], unexpected


def test_eight_concurrent_web_users_get_no_errors_and_every_write_is_stored_once(demo_db, tmp_path):
    logins_before = count(demo_db, "SELECT COUNT(*) FROM audit_auditevent WHERE action = 'login'")

    # Phase 1, the demo's login (HERENIGD_REQUIRE_2FA=false): log in at the same moment, then
    # caseload, family pages and contacts recorded through the web form with its CSRF token.
    log = tmp_path / "server.log"
    with running_server(sqlite_env(demo_db), log) as base:

        def professional(n, start):
            username, writes = ACCOUNTS[n]
            client = WebClient(base)
            start.wait()
            topics = (
                caseload_and_write(client, n, username, writes)
                if logged_in(client.login(username))
                else []
            )
            return client, topics

        results, seconds = concurrently(professional)
    clients = [c for c, _ in results]
    measured = summary(clients, seconds)
    print("web load:", json.dumps(measured))
    assert_clean(clients, log, measured)
    # Every request answered: login (2) + ROUNDS × 3 + the start page, for every client.
    assert measured["requests"] == CLIENTS * (2 + ROUNDS * 3 + 1), measured

    # Every write the server confirmed is stored exactly once, with its audit event; none lost.
    written = [topic for _, topics in results for topic in topics]
    assert len(written) == sum(writes for _, writes in ACCOUNTS) * ROUNDS
    stored = rows(
        demo_db,
        "SELECT topic, COUNT(*) FROM families_contact WHERE topic LIKE 'load-%' GROUP BY 1",
    )
    assert dict(stored) == dict.fromkeys(written, 1)
    audited = count(
        demo_db,
        "SELECT COUNT(*) FROM audit_auditevent"
        " WHERE action = 'create' AND category = 'contact_log'",
    )
    assert audited == len(written)

    # Phase 2, the production login: password and a second factor (TOTP set up on first login:
    # the device, its confirmation and the verified session are all writes), 8 at the same moment.
    log2 = tmp_path / "server-2fa.log"
    with running_server(sqlite_env(demo_db, second_factor=True), log2) as base:

        def two_factor(n, start):
            client = WebClient(base)
            start.wait()
            if logged_in(client.login(ACCOUNTS[n][0])) and logged_in(client.second_factor()):
                client.get("/families/")
            return client

        clients2, seconds2 = concurrently(two_factor)
    measured2 = summary(clients2, seconds2)
    print("2fa logins:", json.dumps(measured2))
    assert_clean(clients2, log2, measured2)
    assert measured2["requests"] == CLIENTS * 5, measured2
    assert all(c.log[-1].url == "/families/" and c.log[-1].status == 200 for c in clients2)
    confirmed = count(demo_db, "SELECT COUNT(*) FROM otp_totp_totpdevice WHERE confirmed")
    assert confirmed == CLIENTS
    logins = count(demo_db, "SELECT COUNT(*) FROM audit_auditevent WHERE action = 'login'")
    assert logins - logins_before == 2 * CLIENTS

    verified = herenigd(sqlite_env(demo_db), "verify-audit")
    assert verified.returncode == 0, verified.stdout + verified.stderr


def _bundles(folder: Path, round_: int) -> list[Path]:
    """8 distinct bundles: the example family under a new reference each."""
    example = json.loads(EXAMPLE_BUNDLE.read_text(encoding="utf-8"))
    paths = []
    for k in range(CLIENTS):
        example["family"]["reference"] = f"LOAD-{round_}-{k}"
        path = folder / f"bundle-{round_}-{k}.json"
        path.write_text(json.dumps(example), encoding="utf-8")
        paths.append(path)
    return paths


def test_eight_parallel_imports_and_eight_parallel_reads_on_one_sqlite_file(demo_db, tmp_path):
    env = sqlite_env(demo_db)
    nijmegen = [r for (r,) in rows(demo_db, "SELECT reference FROM families_family")]
    nijmegen = sorted(r for r in nijmegen if r.startswith("NIJ-"))
    assert nijmegen
    imports_before = count(demo_db, "SELECT COUNT(*) FROM audit_auditevent WHERE action = 'import'")
    failures: list[str] = []
    seconds: list[float] = []
    for round_ in range(CLI_ROUNDS):
        # --skip-checks: the system checks touch no database; they only cost start-up time.
        # --traceback: a failed file names its cause (e.g. OperationalError: database is locked).
        commands = [
            ["import-bundle", "--skip-checks", "--traceback", str(p)]
            for p in _bundles(tmp_path, round_)
        ]
        commands += [
            [
                ("deadlines", "attention")[k % 2],
                "--skip-checks",
                "--municipality",
                NIJMEGEN,
                "--family",
                nijmegen[k % len(nijmegen)],
            ]
            for k in range(CLIENTS)
        ]
        began = time.perf_counter()
        processes = [
            subprocess.Popen(
                [HERENIGD, *args],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for args in commands
        ]
        for args, process in zip(commands, processes, strict=True):
            out, err = process.communicate(timeout=180)
            if process.returncode != 0 or LOCKED.search(out + err):
                failures.append(
                    f"round {round_} {args[0]}: exit {process.returncode}: {err[-500:]}"
                )
        seconds.append(time.perf_counter() - began)
    measured = {
        "processes": len(seconds) * 2 * CLIENTS,
        "failures": len(failures),
        "round p50 s": round(statistics.median(seconds), 2),
    }
    print("cli load:", json.dumps(measured))
    assert failures == [], failures

    # Every import stored exactly once, each with its one audit event; the trail is intact.
    loaded = rows(
        demo_db,
        "SELECT reference, COUNT(*) FROM families_family WHERE reference LIKE 'LOAD-%' GROUP BY 1",
    )
    expected = {f"LOAD-{r}-{k}" for r in range(CLI_ROUNDS) for k in range(CLIENTS)}
    assert dict(loaded) == dict.fromkeys(expected, 1)
    imports = count(demo_db, "SELECT COUNT(*) FROM audit_auditevent WHERE action = 'import'")
    assert imports - imports_before == len(expected)
    verified = herenigd(env, "verify-audit")
    assert verified.returncode == 0, verified.stdout + verified.stderr
