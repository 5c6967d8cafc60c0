"""The sign-in limit holds under parallel tries (issue 13, item 8): 24 tries sent at the same
instant to a real server (three processes, four threads each) never let more than the limit
through, on SQLite and on PostgreSQL. Each try is counted before the password is checked."""

from __future__ import annotations

import threading

import pytest

from loadtest.server import Browser
from tests.security.browser import csrf_token

from .servers import DATABASES, server, sign_up, submit

pytestmark = pytest.mark.slow
LIMIT = 10
PASSWORD = "motdepasse-solide"
EMAIL = "agent@mairie.example.fr"


@pytest.fixture(params=DATABASES)
def base(request, tmp_path):
    with server(request.param, tmp_path, "limits", LOGIN_LIMIT=str(LIMIT)) as (url, _env):
        yield url


def _parallel_tries(base: str, count: int) -> list[int]:
    """`count` wrong-password sign-ins released together; their statuses."""
    browsers = []
    for _ in range(count):
        browser = Browser()
        status, _location, body = browser.open(base + "/connexion")
        assert status == 200
        browsers.append((browser, csrf_token(body)))
    barrier = threading.Barrier(count)
    statuses: list[int] = []
    lock = threading.Lock()

    def attempt(browser: Browser, token: str) -> None:
        barrier.wait()
        status, _l, _b = browser.open(
            base + "/connexion", {"email": EMAIL, "password": "pas-le-bon", "csrf_token": token}
        )
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=attempt, args=pair) for pair in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return statuses


def test_parallel_wrong_passwords_never_pass_the_limit(base):
    sign_up(base, EMAIL, PASSWORD)
    statuses = _parallel_tries(base, 24)
    assert len(statuses) == 24
    checked = statuses.count(200)  # the form again, "wrong password": the password was checked
    print(f"24 parallel tries, limit {LIMIT}: {checked} checked, {statuses.count(429)} refused (429)")
    assert set(statuses) <= {200, 429}, statuses
    assert checked <= LIMIT, f"{checked} tries checked for a limit of {LIMIT}: {sorted(statuses)}"
    assert statuses.count(429) >= 24 - LIMIT
    # And the right password is now refused too.
    status, _location, _body = submit(Browser(), base, "/connexion", {"email": EMAIL, "password": PASSWORD})
    assert status == 429
