"""Benchmark of the inspectors' inbox: its first page with 10,000 dossiers (target 150 ms) and its
SQL query count, which must be the same with 100 dossiers; the floor is a bare page of the same
application measured in the same run."""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

DOSSIERS, FEW, TARGET_MS = 10_000, 100, 150
STATES = ("brouillon", "depose", "en_instruction", "correction_demandee", "accepte", "refuse")
DEPARTEMENTS = ("71", "21", "58", "89", "92", "93", "94", "69")


def _app(tmp: Path, url: str | None):
    from flask_migrate import upgrade

    from app import create_app

    app = create_app(
        {
            "TESTING": False,
            "SECRET_KEY": "bench",
            "WTF_CSRF_ENABLED": False,
            "MAIL_SERVER": "",
            "SQLALCHEMY_DATABASE_URI": url or f"sqlite:///{tmp / 'inbox.db'}",
        }
    )
    with app.app_context():
        if url:  # a database of its own, emptied first
            from models import db

            with db.engine.begin() as conn:
                conn.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        upgrade()
    return app


def seed(count: int, start: int = 0) -> None:
    """`count` dossiers spread over eight départements and every state, a quarter with threads."""
    from models import CommentThread, DossierRecord, Organisation, User, db
    from models.base import utcnow

    org = Organisation(name=f"Bench {start}", departement="71")
    author = User(email=f"bench-{start}@example.fr", name="Bench", password_hash="-")
    db.session.add_all([org, author])
    db.session.flush()
    now = utcnow()
    db.session.execute(
        sa.insert(DossierRecord),
        [
            dict(
                organisation_id=org.id,
                title=f"Socle numérique {n}",
                name=f"Commune n° {n}",
                state=STATES[n % 6],
                shared=n % 3 == 0,
                departement=DEPARTEMENTS[n % 8],
                reference=f"BENCH-{n:06d}",
                school_count=1 + n % 9,
                state_subsidy_cents=731_000 + 37 * n,
                blocking_count=n % 2,
                updated_at=now - timedelta(seconds=n),
            )
            for n in range(start, start + count)
        ],
    )
    ids = db.session.scalars(sa.select(DossierRecord.id).where(DossierRecord.organisation_id == org.id)).all()
    db.session.execute(
        sa.insert(CommentThread),
        [
            dict(
                dossier_id=i,
                anchor_kind="section",
                anchor_ref="budget",
                anchor_label="Budget",
                status=status,
                created_by_id=author.id,
            )
            for i in ids[::4]
            for status in ("open", "resolved")
        ],
    )
    db.session.commit()


def _inspector_client(app):
    from models import InspectorScope, User, db

    with app.app_context():
        user = User(
            email="ien-bench@example.fr",
            name="IEN",
            password_hash="-",
            inspector_level="ien",
            scopes=[InspectorScope(departement=d) for d in DEPARTEMENTS],
        )
        db.session.add(user)
        db.session.commit()
        user_id = user.id
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = f"{user_id}:1", True
    return client


def _measure(client, url: str, runs: int, engine) -> tuple[float, int]:
    """Median milliseconds of a GET and the number of SQL statements it runs."""
    statements = []

    def count(*_args):
        statements.append(1)

    assert client.get(url).status_code == 200, url  # warm
    sa.event.listen(engine, "before_cursor_execute", count)
    client.get(url)
    sa.event.remove(engine, "before_cursor_execute", count)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 2), len(statements)


def review_figures(quick: bool, database_url: str | None = None) -> list[dict]:
    """The inbox's first page with 100 and with 10,000 dossiers (on SQLite, or on the PostgreSQL
    database of `database_url`, which it empties first) (an inspector covering all the
    départements of the seed, the worst case): time and SQL queries."""
    runs = 5 if quick else 30
    with tempfile.TemporaryDirectory() as tmp:
        app = _app(Path(tmp), database_url)
        client = _inspector_client(app)
        with app.app_context():  # each request then opens its own context and session, as in production
            from models import db

            engine = db.engine
            seed(FEW)
        floor = _measure(client, "/sante", runs, engine)[0] if "home.health" in app.view_functions else None
        few_ms, few_queries = _measure(client, "/inspection/", runs, engine)
        with app.app_context():
            seed(DOSSIERS - FEW, start=FEW)
        ms, queries = _measure(client, "/inspection/", runs, engine)
        filtered, _ = _measure(client, "/inspection/?state=depose&sort=amount&q=commune&page=3", runs, engine)
    return [
        {
            "name": "review.inbox.first-page.10000-dossiers",
            "value": ms,
            "unit": "ms",
            "target": TARGET_MS,
            "floor": floor,
        },
        {
            "name": "review.inbox.filtered-sorted.10000-dossiers",
            "value": filtered,
            "unit": "ms",
            "target": TARGET_MS,
            "floor": floor,
        },
        {
            "name": "review.inbox.first-page.100-dossiers",
            "value": few_ms,
            "unit": "ms",
            "target": None,
            "floor": floor,
        },
        {
            "name": "review.inbox.queries.10000-dossiers",
            "value": queries,
            "unit": "sql",
            "target": few_queries,
            "floor": None,
        },
    ]


if __name__ == "__main__":  # pragma: no cover - a manual look
    import os

    for figure in review_figures(quick=False, database_url=os.environ.get("BENCH_DATABASE_URL")):
        print(figure)
