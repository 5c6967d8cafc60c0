"""Benchmark of the save path (issue 12, issue 18 item 2): per save and per GET that follows,
the evaluations run and the SQL statements sent; the pages' times at 10, 80 and 300 schools.

A save evaluates once and stores the result with the dossier's revision; the GET after it reads
that result instead of evaluating again (0 evaluations)."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from .pages import _app, _seed

SIZES = (10, 80, 300)


class _Counter:
    def __init__(self, engine):
        self.engine, self.count = engine, 0

    def __enter__(self):
        sa.event.listen(self.engine, "before_cursor_execute", self._hit)
        return self

    def _hit(self, *_args):
        self.count += 1

    def __exit__(self, *_exc):
        sa.event.remove(self.engine, "before_cursor_execute", self._hit)


def _collectivite_form(app, dossier_id: int, population: int) -> dict:
    from models import DossierRecord, db

    with app.app_context():
        rec = db.session.get(DossierRecord, dossier_id)
        data = {
            name: getattr(rec, name) or ""
            for name in (
                "kind",
                "name",
                "siret",
                "insee",
                "departement",
                "rep_name",
                "rep_title",
                "contact_name",
                "contact_email",
                "contact_phone",
            )
        }
        data.update(population=str(population), version=str(rec.version_collectivite))
        if rec.vat_recovered:
            data["vat_recovered"] = "y"
        return data


def _timed(action) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def save_figures(quick: bool) -> list[dict]:
    from services.dossiers import COUNTER

    runs = 3 if quick else 11
    figures: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        app = _app(Path(tmp))
        ids = {n: _seed(app, n, 5 * n) for n in SIZES}
        client = app.test_client()
        client.post("/connexion", data={"email": "bench@example.fr", "password": "bench-password-1"})
        with app.app_context():
            from models import db

            engine = db.engine
        for n, dossier_id in ids.items():
            url = f"/dossiers/{dossier_id}/collectivite"
            client.get(url)  # warm
            save_ms, get_ms = [], []
            for i in range(runs):
                form = _collectivite_form(app, dossier_id, 7000 + i)
                before = COUNTER["evaluations"]
                with _Counter(engine) as sql:
                    save_ms.append(_timed(lambda f=form, u=url: client.post(u, data=f)))
                save_sql, save_evals = sql.count, COUNTER["evaluations"] - before
                before = COUNTER["evaluations"]
                with _Counter(engine) as sql:
                    get_ms.append(_timed(lambda u=url: client.get(u)))
                get_sql, get_evals = sql.count, COUNTER["evaluations"] - before
            figures += [
                {
                    "name": f"save.collectivite.{n}-schools.evaluations",
                    "value": save_evals,
                    "unit": "n",
                    "target": 1,
                },
                {
                    "name": f"save.collectivite.{n}-schools.sql",
                    "value": save_sql,
                    "unit": "sql",
                    "target": None,
                },
                {
                    "name": f"save.collectivite.{n}-schools.time",
                    "value": statistics.median(save_ms),
                    "unit": "ms",
                    "target": None,
                },
                {
                    "name": f"get-after-save.collectivite.{n}-schools.evaluations",
                    "value": get_evals,
                    "unit": "n",
                    "target": 0,
                },
                {
                    "name": f"get-after-save.collectivite.{n}-schools.sql",
                    "value": get_sql,
                    "unit": "sql",
                    "target": None,
                },
                {
                    "name": f"get-after-save.collectivite.{n}-schools.time",
                    "value": statistics.median(get_ms),
                    "unit": "ms",
                    "target": None,
                },
            ]
            for step in ("budget", "etat", "recap"):
                client.get(f"/dossiers/{dossier_id}/{step}")
                times = [
                    _timed(lambda u=f"/dossiers/{dossier_id}/{step}": client.get(u)) for _ in range(runs)
                ]
                figures.append(
                    {
                        "name": f"page.{step}.{n}-schools",
                        "value": statistics.median(times),
                        "unit": "ms",
                        "target": None,
                    }
                )
    return figures
