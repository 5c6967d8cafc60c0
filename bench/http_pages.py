"""Benchmark of the wizard's step pages over loopback HTTP (issue 18): a real gunicorn started on a
free port (2 sync workers, `--preload`, as deployed) on a SQLite file holding the 80-school,
400-line dossier, a signed-in person's GET of each step against `/sante` on the same server,
timed alternately so that the machine's load weighs on both. What the in-process benchmark
(bench/pages.py) does not see is here: the socket, gunicorn's parsing, the session cookie, the
user's loading, and the two workers each meeting the dossier's revision for the first time
(services.stored: the second reads what the first stored)."""

from __future__ import annotations

import http.client
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from services.steps import STEP_KEYS

from .figures import Figure
from .pages import _app, _seed
from .startup import ROOT, _free_port

SCHOOLS = 80
RATIO_TARGET = 15  # a step page over HTTP against /sante on the same server
FLOOR_URL = "/sante"
EMAIL, PASSWORD = "bench@example.fr", "bench-password-1"


class _Browser:
    """One person's cookies, one connection per request (gunicorn's sync workers close each)."""

    def __init__(self, port: int):
        self.port, self.cookies = port, SimpleCookie()

    def request(self, method: str, url: str, body: dict | None = None) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={m.value}" for k, m in self.cookies.items())}
        data = None
        if body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, url, body=data, headers=headers)
            response = connection.getresponse()
            content = response.read()
            for value in response.headers.get_all("Set-Cookie") or []:
                self.cookies.load(value)
            return response.status, content
        finally:
            connection.close()

    def sign_in(self) -> None:
        _status, page = self.request("GET", "/connexion")
        token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page)
        form = {"email": EMAIL, "password": PASSWORD}
        if token:
            form["csrf_token"] = token.group(1).decode()
        status, _ = self.request("POST", "/connexion", form)
        if status != 302:
            raise RuntimeError(f"signing in answered {status}")


def _serve(tmp: Path, port: int) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp / 'bench.db'}",
        "SECRET_KEY": "bench",
        "MAIL_SERVER": "",
    }
    env.pop("HTTPS", None)
    proc = subprocess.Popen(
        [str(gunicorn), "app:create_app()", "-w", "2", "--preload", "-b", f"127.0.0.1:{port}"]
        + ["--log-level", "error"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.perf_counter() + 60
    while time.perf_counter() < deadline:
        try:
            if _Browser(port).request("GET", FLOOR_URL)[0] == 200:
                return proc
        except OSError:
            time.sleep(0.05)
    proc.terminate()
    raise RuntimeError("gunicorn gave no 200 within 60 s")


def _timed(browser: _Browser, url: str) -> float:
    start = time.perf_counter()
    status, _ = browser.request("GET", url)
    elapsed = (time.perf_counter() - start) * 1000
    if status != 200:
        raise RuntimeError(f"GET {url} answered {status}")
    return elapsed


def http_figures(quick: bool) -> list[Figure]:
    """Each step of the 80-school dossier over HTTP: median ms, its floor (`/sante`, timed
    between the page's runs) and their ratio (target 15×)."""
    runs = 7 if quick else 21
    with tempfile.TemporaryDirectory() as tmp:
        app = _app(Path(tmp))
        dossier_id = _seed(app, SCHOOLS, 5 * SCHOOLS)
        app = None  # the server reads the file; this process only times
        port = _free_port()
        server = _serve(Path(tmp), port)
        try:
            browser = _Browser(port)
            browser.sign_in()
            figures = []
            for step in STEP_KEYS:
                url = f"/dossiers/{dossier_id}/{step}"
                for _ in range(4):  # both workers meet the page (and the stored revision)
                    _timed(browser, url)
                times, floors = [], []
                for _ in range(runs):
                    floors.append(_timed(browser, FLOOR_URL))
                    times.append(_timed(browser, url))
                page, floor = statistics.median(times), statistics.median(floors)
                figures += [
                    Figure(f"web.http.{step}.{SCHOOLS}-schools", page, "ms", None, floor),
                    Figure(f"web.http.ratio.{step}.{SCHOOLS}-schools", page / floor, "×", RATIO_TARGET),
                ]
            return figures
        finally:
            server.terminate()
            server.wait(10)
