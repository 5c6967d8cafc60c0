"""Benchmark of the wizard's pages at 10, 80 and 300 schools: render time, HTML size and SQL
queries per page, against a bare page of the same application (the floor) measured in the same
run, and the exponent k of time ∝ schools^k between 80 and 300 schools (issue #18)."""

from __future__ import annotations

import math
import statistics
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from services.steps import STEP_KEYS

SIZES = (10, 80, 300)  # schools; 5 lines each
PAGE_TARGET_MS = 100
HTML_TARGET_KB = 300  # at 80 schools (issue #18 item 3)
EXPONENT_TARGET = 0.3  # a page showing one form must not grow with the dossier
# Pages that list every school (the budget and the état des lieux one line each, beside the
# one school they show): linear at most; their target is the time at 300 schools.
GROWING = {"ecoles": 1.2, "etat": 1.2, "budget": 1.2, "recap": 1.2}
FLOOR_URL = "/sante"
RATIO_TARGET = 10  # a wizard page of an 80-school dossier against the bare page


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


def _measure(client, url: str, runs: int, engine) -> tuple[float, int, int, float]:
    """Median milliseconds of a GET, the SQL statements it runs, its HTML's bytes and the
    median of the bare page (the floor) timed between its runs: on a shared machine the
    ratio of the two holds better than either figure."""
    count = [0]

    def counter(*_args):
        count[0] += 1

    sa.event.listen(engine, "before_cursor_execute", counter)
    client.get(url)  # warm
    count[0] = 0
    response = client.get(url)
    assert response.status_code == 200, url
    queries = count[0]
    sa.event.remove(engine, "before_cursor_execute", counter)
    times, floors = [], []
    for _ in range(runs):
        for target, into in ((FLOOR_URL, floors), (url, times)):
            start = time.perf_counter()
            client.get(target)
            into.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), queries, len(response.data), statistics.median(floors)


COLD_STEPS = ("collectivite", "budget", "recap")


def _cold(client, app, url: str, runs: int) -> tuple[float, float]:
    """Median milliseconds of a GET by a worker that never served this revision (its in-process
    evaluations and panels emptied before each run): reading what another worker stored, and
    loading, evaluating and rendering it as every worker did before the stored panels (nothing
    is written then, so that each run computes again). The two alternate, so that the machine's
    load weighs on both alike."""
    from unittest import mock

    from models import StoredPanel, db
    from services import dossiers
    from services import stored as shared
    from web.wizard.common import forget_panels

    def forget() -> None:
        dossiers.KEPT.clear()
        dossiers.STORED_KEYS.clear()
        forget_panels()

    read, computed = [], []
    for _ in range(runs):
        forget()
        client.get(url)  # stores the revision's evaluation and panel (none are stored here)
        forget()
        start = time.perf_counter()
        client.get(url)
        read.append((time.perf_counter() - start) * 1000)
        with app.app_context():
            db.session.execute(sa.delete(StoredPanel))
            db.session.commit()
        forget()
        with mock.patch.object(shared, "schedule", lambda *_args: False):
            start = time.perf_counter()
            client.get(url)
            computed.append((time.perf_counter() - start) * 1000)
    return statistics.median(read), statistics.median(computed)


def _cold_figures(client, app, dossier_id: int, runs: int) -> list[dict]:
    figures = []
    for step in COLD_STEPS:
        read, computed = _cold(client, app, f"/dossiers/{dossier_id}/{step}", runs + 2)
        figures.append(
            {
                "name": f"web.cold.{step}.80-schools",
                "value": read,
                "unit": "ms",
                # A page showing one form must gain by reading the stored revision (it then
                # reads no school nor line); the list pages read every row anyway, and are shown
                # for information.
                "target": computed if step == "collectivite" else None,
                "floor": computed,
            }
        )
        figures.append(
            {"name": f"web.cold-computed.{step}.80-schools", "value": computed, "unit": "ms", "target": None}
        )
    return figures


def exponent(sizes, values) -> float:
    """Least-squares slope of log(value) against log(size): 0 constant, 1 linear, 2 quadratic."""
    xs, ys = [math.log(s) for s in sizes], [math.log(v) for v in values]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


def page_figures(quick: bool) -> list[dict]:
    """Each step at 10, 80 and 300 schools (5 lines each): time (target 100 ms), HTML size
    (target 300 KB at 80 schools), query count (constant) and the growth exponent 80 → 300."""
    runs = 5 if quick else 15
    with tempfile.TemporaryDirectory() as tmp:
        app = _app(Path(tmp))
        ids = {n: _seed(app, n, 5 * n) for n in SIZES}
        client = app.test_client()
        client.post("/connexion", data={"email": "bench@example.fr", "password": "bench-password-1"})
        with app.app_context():
            from models import db

            engine = db.engine
        # Requests run outside any outer app context: each has its own session and `g`, as in
        # production, so the query counts include the user's loading.
        floor, _, _, _ = _measure(client, FLOOR_URL, runs, engine)
        figures = [{"name": "web.floor.bare-page", "value": floor, "unit": "ms", "target": None}]
        for step in STEP_KEYS:
            measured = {n: _measure(client, f"/dossiers/{ids[n]}/{step}", runs, engine) for n in SIZES}
            for n in SIZES:
                ms, queries, size, floor = measured[n]
                figures += [
                    {
                        "name": f"web.page.{step}.{n}-schools",
                        "value": ms,
                        "unit": "ms",
                        "target": PAGE_TARGET_MS,
                        "floor": floor,
                    },
                    {
                        "name": f"web.html.{step}.{n}-schools",
                        "value": size / 1000,
                        "unit": "KB",
                        "target": HTML_TARGET_KB if n <= 80 else None,
                        "floor": None,
                    },
                ]
            ms, _, _, floor = measured[80]
            figures.append(
                {
                    "name": f"web.ratio.{step}.80-schools",
                    "value": ms / floor,
                    "unit": "×",
                    "target": RATIO_TARGET,
                    "floor": None,
                }
            )
            figures.append(
                {
                    "name": f"web.queries.{step}.300-schools",
                    "value": measured[300][1],
                    "unit": "sql",
                    "target": measured[10][1],
                    "floor": None,
                }
            )
            figures.append(
                {
                    "name": f"web.growth.{step}.exponent-80-300",
                    # Of the page against its floor: the machine's load, shared, cancels out.
                    "value": exponent((80, 300), [measured[n][0] / measured[n][3] for n in (80, 300)]),
                    "unit": "k",
                    "target": GROWING.get(step, EXPONENT_TARGET),
                    "floor": None,
                }
            )
        figures += _cold_figures(client, app, ids[80], runs)
    return figures
