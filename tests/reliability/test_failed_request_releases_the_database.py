"""A request that fails after it wrote must not keep the database: on SQLite the write lock
would stay with the failed worker and every other worker's saves would fail (« database is
locked ») until a restart. A real gunicorn with two workers on one SQLite file: the first
request writes then fails, the second (on the other worker) must save at once."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from loadtest.server import ROOT, Browser, environment, free_port, migrate, wait_until_up
from tests.security.browser import csrf_token

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    pytest.importorskip("gunicorn")
    folder = tmp_path_factory.mktemp("lock")
    env = environment(f"sqlite:///{folder / 'app.db'}")
    migrate(env)
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", "demo", "load"], cwd=ROOT, env=env, check=True
    )
    port, log = free_port(), (folder / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "tests.reliability.failing_app:create()"]
        + ["-b", f"127.0.0.1:{port}", "-w", "2", "--timeout", "60"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(process, base)
        yield base
    finally:
        process.terminate()
        process.wait(15)
        log.close()


def _signed_in(base: str) -> Browser:
    browser = Browser()
    _status, _location, page = browser.open(base + "/connexion")
    login = {
        "email": "demo@ville.example.fr",
        "password": "demo-ecole-numerique",
        "csrf_token": csrf_token(page),
    }
    assert browser.open(base + "/connexion", login)[0] == 302
    return browser


@pytest.mark.parametrize("failure", ["/_test/ecrit-puis-echoue", "/_test/ecriture-refusee"])
def test_saves_go_on_after_a_request_failed_midway(server, failure):
    """The error page itself is shown (its header counts the notifications: a query, which must
    not run inside the failed transaction), and the next saves do not wait."""
    browser = _signed_in(server)
    for _ in range(3):  # each worker gets at least one of them
        status, _location, page = browser.open(server + failure)
        assert status == 500 and "Traceback" not in page and "Erreur du serveur" in page
    _status, _location, page = browser.open(server + "/collectivites/1/dossiers/import")
    token = csrf_token(page)
    started = time.monotonic()
    for _ in range(4):
        status, _location, page = browser.open(
            server + "/dossiers/1/partage", {"csrf_token": token, "shared": "1"}
        )
        assert status == 302, page[:2000]
    assert time.monotonic() - started < 4  # no save waited for a lock (SQLite waits 5 s, then fails)
