"""Benchmark of the wizard's pages on a large dossier: render time and SQL queries per page,
against a bare page of the same application (the floor) measured in the same run."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from services.steps import STEP_KEYS


def _app(tmp: Path):
    from flask_migrate import upgrade

    from app import create_app

    app = create_app(
        {
            "TESTING": False,
            "SECRET_KEY": "bench",
            "WTF_CSRF_ENABLED": False,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'bench.db'}",
            "MAIL_SERVER": "",
        }
    )
    with app.app_context():
        upgrade()
    return app


def _seed(app, schools: int, lines: int) -> int:
    from bench.dossiers import big_dossier
    from models import db
    from services import accounts
    from services.dossiers import import_dossier
    from services.organisations import organisation_named

    with app.app_context():
        user = accounts.find_user("bench@example.fr") or accounts.create_user(
            "bench@example.fr", "Bench", "bench-password-1"
        )
        dossier = big_dossier(schools, lines)
        org = organisation_named(f"Bench {schools}", dossier, member=user)
        rec = import_dossier(org, user, dossier, f"Bench {schools}")
        db.session.commit()
        return rec.id


def _measure(client, url: str, runs: int, engine) -> tuple[float, int]:
    """Median milliseconds of a GET and the SQL statements it runs."""
    count = [0]

    def counter(*_args):
        count[0] += 1

    sa.event.listen(engine, "before_cursor_execute", counter)
    client.get(url)  # warm
    count[0] = 0
    assert client.get(url).status_code == 200, url
    queries = count[0]
    sa.event.remove(engine, "before_cursor_execute", counter)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), queries


def page_figures(quick: bool) -> list[dict]:
    """Each step of an 80-school, 400-line dossier: time (target 100 ms) and query count, the
    latter also for a 10-school dossier to show it does not grow."""
    runs = 5 if quick else 25
    with tempfile.TemporaryDirectory() as tmp:
        app = _app(Path(tmp))
        big, small = _seed(app, 80, 400), _seed(app, 10, 50)
        client = app.test_client()
        client.post("/connexion", data={"email": "bench@example.fr", "password": "bench-password-1"})
        with app.app_context():
            from models import db

            engine = db.engine
        # Requests run outside any outer app context: each has its own session and `g`, as in
        # production, so the query counts include the user's loading.
        floor, _ = _measure(client, "/sante", runs, engine)
        figures = [{"name": "web.floor.bare-page", "value": floor, "unit": "ms", "target": None}]
        for step in STEP_KEYS:
            ms, queries = _measure(client, f"/dossiers/{big}/{step}", runs, engine)
            _, small_queries = _measure(client, f"/dossiers/{small}/{step}", 1, engine)
            figures += [
                {
                    "name": f"web.page.{step}.80-schools",
                    "value": ms,
                    "unit": "ms",
                    "target": 100,
                    "floor": floor,
                },
                {
                    "name": f"web.queries.{step}.80-schools",
                    "value": queries,
                    "unit": "sql",
                    "target": small_queries,
                    "floor": None,
                },
            ]
    return figures
