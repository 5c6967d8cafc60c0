"""Real servers for the trust tests: gunicorn on loopback over a SQLite file or a scratch
PostgreSQL database (beside DATABASE_URL's), migrated; the browser of loadtest.server."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

import pytest

from loadtest.server import Browser, environment, gunicorns, migrate, scratch_database
from tests.security.browser import csrf_token

DATABASES = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]


@contextmanager
def database(kind: str, tmp: Path, suffix: str):
    """The URL of an empty database of that kind (PostgreSQL only when DATABASE_URL is one)."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp / 'server.db'}"
        return
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.skip("PostgreSQL runs need DATABASE_URL=postgresql://…")
    from web.config import database_url

    with scratch_database(database_url(tmp), suffix) as scratch:
        yield scratch


@contextmanager
def server(kind: str, tmp: Path, suffix: str, workers: int = 3, threads: int = 4, **env: str):
    """One gunicorn instance (several workers) on a migrated database: yields (base, env). Its
    tasks go to a real queue (a SQLite file in `tmp` unless TASK_QUEUE_URL is given), for a
    worker the test starts, never run inside the server."""
    pytest.importorskip("gunicorn")
    with database(kind, tmp, suffix) as url:
        environ = environment(url, **{"TASK_QUEUE_PATH": str(tmp / "tasks.db"), **env})
        environ.pop("TASK_QUEUE_IMMEDIATE", None)
        migrate(environ)
        with gunicorns(environ, 1, tmp, workers=workers, threads=threads) as [base]:
            yield base, environ


def submit(browser: Browser, base: str, page: str, data: dict, action: str | None = None, **headers):
    """Open the page, post the data with its CSRF token: (status, Location, body)."""
    status, _location, body = browser.open(base + page)
    assert status == 200, (page, status, body[:500])
    return browser.open(base + (action or page), {**data, "csrf_token": csrf_token(body)})


def sign_up(base: str, email: str, password: str, name: str = "Agent") -> Browser:
    browser = Browser()
    status, location, body = submit(
        browser,
        base,
        "/inscription",
        {"name": name, "email": email, "password": password, "confirm": password},
    )
    assert (status, location) == (302, "/"), body[:2000]
    return browser
