"""Drive a real `herenigd` server and `herenigd` CLI processes against one SQLite file.

Standard library only (the venv has no requests/httpx): urllib with a cookie jar per client, so
each client is a browser with its own session and CSRF cookie.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.cookiejar
import os
import re
import socket
import struct
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

HERENIGD = str(Path(sys.executable).with_name("herenigd"))
DEMO_PASSWORD = "herenigd-demo-2026"
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_SECRET = re.compile(r"<code[^>]*>([A-Z2-7=]+)</code>")


def sqlite_env(db: Path, *, second_factor: bool = False) -> dict[str, str]:
    """The environment of every process of the test: its own SQLite file, whatever the suite's
    DATABASE_URL (also when the suite itself runs on PostgreSQL). HERENIGD_LOAD_TEST_SETTINGS
    names another settings module to measure a different configuration with the same test
    (e.g. one without the SQLite options, for the "before" numbers in docs/operations.md)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env.update(
        DATABASE_URL=f"sqlite:///{db}",
        DJANGO_SETTINGS_MODULE=os.environ.get("HERENIGD_LOAD_TEST_SETTINGS", "herenigd.settings"),
        HERENIGD_INSECURE_DEV="true",
        HERENIGD_REQUIRE_2FA="true" if second_factor else "false",
        HERENIGD_DEMO_PASSWORD=DEMO_PASSWORD,
        CELERY_BROKER_URL="",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


def herenigd(env: dict[str, str], *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [HERENIGD, *args], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def totp(secret_b32: str, at: float | None = None) -> str:
    """The current code of an authenticator app (RFC 6238: SHA-1, 30 s, 6 digits)."""
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(base64.b32decode(secret_b32), struct.pack(">Q", counter), hashlib.sha1)
    raw = digest.digest()
    offset = raw[-1] & 0x0F
    return f"{(struct.unpack('>I', raw[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server(env: dict[str, str], log: Path, *, timeout: float = 120):
    """`herenigd runserver --noreload --insecure` (what `make run` serves; threaded) on a free
    port; yields the base URL once it answers, stops it afterwards."""
    port = free_port()
    with log.open("w") as out:
        server = subprocess.Popen(
            [HERENIGD, "runserver", "--noreload", "--insecure", f"127.0.0.1:{port}"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"server exited: {log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{base}/accounts/login/", timeout=2) as r:  # noqa: S310
                    if r.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"server did not answer: {log.read_text()[-2000:]}")
            time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Response:
    status: int
    url: str
    body: str
    location: str = ""
    seconds: float = 0.0


@dataclass
class WebClient:
    """One browser: its own cookies (session, CSRF); records every response."""

    base: str
    timeout: float = 60
    log: list[Response] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def __post_init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def request(self, path: str, data: dict | None = None) -> Response | None:
        url = self.base + path
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        headers = {"Referer": url} if data is not None else {}
        req = urllib.request.Request(url, data=body, headers=headers)  # noqa: S310
        start = time.perf_counter()
        try:
            with self.opener.open(req, timeout=self.timeout) as r:
                response = Response(
                    r.status, path, r.read().decode(), r.headers.get("Location", "")
                )
        except urllib.error.HTTPError as e:
            response = Response(
                e.code, path, e.read().decode(errors="replace"), e.headers.get("Location", "")
            )
        except (urllib.error.URLError, OSError) as e:
            self.errors.append(f"{path}: {type(e).__name__}: {e}")
            return None
        response.seconds = time.perf_counter() - start
        self.log.append(response)
        return response

    def get(self, path: str) -> Response | None:
        return self.request(path)

    def post(self, path: str, form_page: Response, data: dict) -> Response | None:
        """POST `data` with the CSRF token of the page the form came from."""
        match = _CSRF.search(form_page.body)
        token = match.group(1) if match else ""
        return self.request(path, {"csrfmiddlewaretoken": token, **data})

    def login(self, username: str, password: str = DEMO_PASSWORD) -> Response | None:
        page = self.get("/accounts/login/")
        if page is None or page.status != 200:
            return page
        return self.post("/accounts/login/", page, {"username": username, "password": password})

    def second_factor(self) -> Response | None:
        """First login with HERENIGD_REQUIRE_2FA: set up the authenticator (the key the page
        shows) and confirm it with its current code."""
        page = self.get("/accounts/2fa/?next=/")
        if page is None or page.status != 200:
            return page
        secret = _SECRET.search(page.body)
        if secret is None:
            self.errors.append("2fa: no key on the set-up page")
            return None
        return self.post("/accounts/2fa/", page, {"token": totp(secret.group(1)), "next": "/"})
