"""Real servers on loopback, for the load test and the tests that need several processes: a scratch
PostgreSQL database, migrated, gunicorn instances, and a small browser (cookies, no redirects)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from http.cookiejar import CookieJar
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def scratch_database(url: str, suffix: str):
    """A new, empty PostgreSQL database beside the one of `url`, dropped afterwards."""
    base = make_url(url)
    name = f"{base.database}_{suffix}"
    admin = sa.create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def environment(database_url: str, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "one-secret-for-every-process",
        "PYTHONPATH": str(ROOT),
        **extra,
    }
    env.pop("HTTPS", None)
    return env


def migrate(env: dict[str, str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", "db", "upgrade"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"flask db upgrade failed: {done.stderr[-3000:]}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


SERVERS: dict[str, int] = {}  # base URL -> pid of the gunicorn master serving it


@contextmanager
def gunicorns(env: dict[str, str], count: int, log_dir: Path, workers: int = 1, threads: int = 1):
    """`count` gunicorn instances of the application; yields their base URLs."""
    started = []
    try:
        for index in range(count):
            port = free_port()
            log = (log_dir / f"gunicorn-{index}.log").open("w")
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "app:create_app()",
                    "-b",
                    f"127.0.0.1:{port}",
                    "-w",
                    str(workers),
                    "--threads",
                    str(threads),
                    "--timeout",
                    "60",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=log,
            )
            started.append((process, f"http://127.0.0.1:{port}", log))
            SERVERS[f"http://127.0.0.1:{port}"] = process.pid
        for process, base, _log in started:
            wait_until_up(process, base)
        yield [base for _p, base, _l in started]
    finally:
        for process, base, log in started:
            SERVERS.pop(base, None)
            process.terminate()
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
            log.close()


def wait_until_up(process: subprocess.Popen, base: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn at {base} stopped (exit {process.returncode})")
        try:
            with urllib.request.urlopen(base + "/connexion", timeout=2):
                return
        except (OSError, urllib.error.URLError):
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn at {base} did not answer in {seconds} s")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Cookies kept across servers of the same host (as a browser does for 127.0.0.1:any port)."""

    def __init__(self):
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect
        )

    def open(self, url: str, data: dict | None = None) -> tuple[int, str, str]:
        """(status, Location, body) of a GET, or of a POST when `data` is given."""
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(urllib.request.Request(url, data=body), timeout=30) as answer:
                return answer.status, answer.headers.get("Location", ""), answer.read().decode()
        except urllib.error.HTTPError as answer:
            return answer.code, answer.headers.get("Location", ""), answer.read().decode()
