"""E-mail goes through a durable outbox (issue 13, item 9): a real server writes the message in
the same transaction as the change, a real worker process (on the SQLite queue and on Redis)
sends it to a real SMTP sink, retrying while the mail server is down, and nothing is lost; without
a mail server the server writes the message to its log at once (INFO); administrators see every message's state
and send a failed one again."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from contextlib import contextmanager
from html import unescape

import pytest
import sqlalchemy as sa

from loadtest.server import ROOT, Browser, free_port
from models import OutboxMail, User, db
from tests.security.servers import server, sign_up, submit

from .conftest import make_person
from .smtp_sink import SmtpSink

APP_URL = "https://ecoles.example.gouv.fr"
EMAIL = "agent@mairie.example.fr"
PASSWORD = "motdepasse-solide"
REDIS = "redis://127.0.0.1:6379/4"


def _redis_or_skip() -> None:
    redis = pytest.importorskip("redis")
    try:
        client = redis.Redis.from_url(REDIS)
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis does not answer at 127.0.0.1:6379")
    client.flushdb()  # database 4 is this branch's own


def _queue_env(kind: str, tmp) -> dict[str, str]:
    if kind == "redis":
        _redis_or_skip()
        return {"TASK_QUEUE_URL": REDIS}
    return {"TASK_QUEUE_PATH": str(tmp / "tasks.db")}


@contextmanager
def worker(env: dict, log_path):
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "app", "worker", "-w", "2"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            yield process
        finally:
            process.terminate()
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()


@contextmanager
def stack(tmp, queue: str, **mail):
    """A gunicorn server and a worker on one SQLite database and one queue."""
    extra = {"APP_URL": APP_URL, "MAIL_RETRY_SECONDS": "1", "MAIL_FROM": "ne-pas-repondre@example.gouv.fr"}
    extra.update(_queue_env(queue, tmp))
    extra.update(mail)
    with (
        server("sqlite", tmp, "outbox", workers=2, threads=2, **extra) as (base, env),
        worker(env, tmp / "worker.log") as process,
    ):
        yield base, env["DATABASE_URL"], tmp / "worker.log", process


def _rows(url: str) -> list[dict]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(sa.select(OutboxMail.__table__))]
    finally:
        engine.dispose()


def _wait(condition, seconds: float = 40, what: str = ""):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.25)
    raise AssertionError(f"not within {seconds} s: {what}")


def _ask_reset(base: str) -> None:
    sign_up(base, EMAIL, PASSWORD)
    status, location, _body = submit(Browser(), base, "/mot-de-passe-oublie", {"email": EMAIL})
    assert (status, location) == (302, "/connexion")


@pytest.mark.slow
@pytest.mark.parametrize("queue", ["sqlite", "redis"])
def test_a_mail_server_that_is_down_loses_nothing(tmp_path, queue):
    port = free_port()  # nothing listens there yet: the mail server is down
    with stack(tmp_path, queue, MAIL_SERVER="127.0.0.1", MAIL_PORT=str(port)) as (base, url, log, _worker):
        _ask_reset(base)
        # The message is in the outbox, tried and waiting for its next try.
        [row] = _wait(
            lambda: [r for r in _rows(url) if r["attempts"] >= 1 and r["last_error"]], what="a failed try"
        )
        assert row["status"] in ("queued", "sending") and row["to_address"] == EMAIL
        assert "Connection" in row["last_error"] or "refused" in row["last_error"].lower()
        sink = SmtpSink(port).start()  # the server comes back
        try:
            [mail] = _wait(lambda: sink.to(EMAIL), what="the mail in the sink")
        finally:
            sink.stop()
        [link] = re.findall(r"https?://\S+", mail.get_content())
        assert link.startswith(f"{APP_URL}/mot-de-passe/")
        assert mail["From"] == "ne-pas-repondre@example.gouv.fr"
        [row] = _wait(lambda: [r for r in _rows(url) if r["status"] == "sent"], what="status sent")
        assert row["sent_at"] is not None and row["body"] == ""  # the link leaves the database
        # The link works on the real server.
        assert Browser().open(base + link.removeprefix(APP_URL))[0] == 200


@pytest.mark.slow
def test_without_a_mail_server_the_mail_is_written_to_the_log(tmp_path):
    """Development (`make run`, no worker): the reset link is in the server's log, at INFO."""
    with server("sqlite", tmp_path, "outbox", workers=1, threads=2, APP_URL=APP_URL, MAIL_SERVER="") as (
        base,
        env,
    ):
        _ask_reset(base)
        log = tmp_path / "gunicorn-0.log"
        _wait(lambda: "/mot-de-passe/" in log.read_text(), what="the reset link in the server's log")
        text = log.read_text()
        assert f"{APP_URL}/mot-de-passe/" in text and EMAIL in text and "INFO ecole_numerique.mail" in text
        _wait(lambda: [r["status"] for r in _rows(env["DATABASE_URL"])] == ["logged"], what="status logged")


# In the application's own process (tasks run at once): the administrators' view.


@pytest.fixture
def admin(app, actor):
    person = make_person(app, actor, "admin@ecole-numerique.example.fr", "Ada Admin")
    with app.app_context():
        db.session.scalar(sa.select(User).where(User.email == person.email)).is_admin = True
        db.session.commit()
    return person


def _outbox(app) -> list[OutboxMail]:
    with app.app_context():
        rows = list(db.session.scalars(sa.select(OutboxMail).order_by(OutboxMail.id)))
        db.session.expunge_all()
        return rows


def test_the_mail_is_written_with_the_change_and_a_failure_keeps_it(app, cast, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())  # nothing listens
    cast.share()
    rows = _outbox(app)
    assert sorted(r.to_address for r in rows) == sorted([cast.ien.email, cast.dasen.email])
    assert {r.status for r in rows} == {"queued"} and all(r.attempts == 1 and r.last_error for r in rows)
    assert all(f"/inspection/dossiers/{cast.dossier_id}" in r.body for r in rows)


def test_administrators_see_failed_mail_and_send_it_again(app, cast, admin, smtp, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_MAX_ATTEMPTS", 1)
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())  # down: one try, then failed
    cast.share()
    assert {r.status for r in _outbox(app)} == {"failed"}
    page = unescape(admin.get("/admin/courriels").get_data(as_text=True))
    assert cast.ien.email in page and "Échec" in page and "Brouillon partagé" in page
    assert "Connection" in page or "refused" in page.lower()
    assert cast.ien.get("/admin/courriels").status_code == 403
    monkeypatch.setitem(app.config, "MAIL_PORT", smtp.port)  # back
    failed = [r for r in _outbox(app) if r.to_address == cast.ien.email][0]
    retried = admin.post(f"/admin/courriels/{failed.id}/renvoyer", follow_redirects=True)
    assert f"Le courriel à {cast.ien.email} repart." in unescape(retried.get_data(as_text=True))
    assert len(smtp.to(cast.ien.email)) == 1 and smtp.to(cast.dasen.email) == []
    statuses = {r.to_address: r.status for r in _outbox(app)}
    assert statuses == {cast.ien.email: "sent", cast.dasen.email: "failed"}
    page = unescape(admin.get("/admin/courriels?etat=failed").get_data(as_text=True))
    assert cast.dasen.email in page and cast.ien.email not in page


def test_a_sent_mail_cannot_be_sent_twice_by_two_workers(app, cast, smtp):
    from services.mail import deliver

    cast.share()
    with app.app_context():
        ids = [r.id for r in _outbox(app)]
        assert all(deliver(i) is None for i in ids)  # already sent: nothing to do
    assert len(smtp.messages) == 2
