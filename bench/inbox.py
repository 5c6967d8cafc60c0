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
AVIS = (None, "favorable", "reserves", "defavorable")
DASHBOARD_TARGET_MS, BATCH, BATCH_TARGET_S = 300, 200, 60
# Every filter and sort of the inbox's new columns: each must stay under the target with the
# same number of queries as the first page.
FILTERS = (
    "?state=depose&sort=amount&q=commune&page=3",
    "?avis=defavorable&sort=granted",
    "?avis=none&sort=deposited&dir=desc",
    "?decision=accepte&sort=decision",
    "?practice=include&sort=assignee",
    "?practice=only",
    "?comments=yes&sort=comments&dir=desc",
    "?comments=no&blocking=yes&sort=avis",
    "?view=todo&sort=deposit",
    "?view=mine",
    "?assignee=none&circonscription=CIRCONSCRIPTION+03&sort=reference",
    "?q=CIRCONSCRIPTION+07&sort=name&page=5",
)


def _app(tmp: Path, url: str | None):
    from flask_migrate import upgrade

    from app import create_app

    app = create_app(
        {
            "TESTING": False,
            "SECRET_KEY": "bench",
            "WTF_CSRF_ENABLED": False,
            "MAIL_SERVER": "",
            "ALLOWED_HOSTS": "*",  # the test client's host (localhost) with no SERVER_NAME
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
                practice=n % 10 == 9,
                circonscription=f"CIRCONSCRIPTION {n % 12:02d}",
                deposit_count=0 if STATES[n % 6] == "brouillon" else 1 + n % 2,
                deposited_at=None if STATES[n % 6] == "brouillon" else now - timedelta(days=n % 60),
                first_deposited_at=None if STATES[n % 6] == "brouillon" else now - timedelta(days=n % 60 + 3),
                avis_value=AVIS[n % 4],
                granted_cents=700_000 + n if STATES[n % 6] == "accepte" else None,
                decided_at=now - timedelta(days=n % 20) if STATES[n % 6] in ("accepte", "refuse") else None,
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
        session["second_factor"] = True  # an inspector's session has passed its second factor
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
        floor = (
            _measure(app.test_client(), "/sante", runs, engine)[0]
            if "home.health" in app.view_functions
            else None
        )
        few_ms, few_queries = _measure(client, "/inspection/", runs, engine)
        with app.app_context():
            seed(DOSSIERS - FEW, start=FEW)
        ms, queries = _measure(client, "/inspection/", runs, engine)
        filtered = {f: _measure(client, f"/inspection/{f}", runs, engine) for f in FILTERS}
        board_ms, board_queries = _measure(client, "/inspection/tableau-de-bord?departement=71", runs, engine)
    worst = max(filtered, key=lambda f: filtered[f][0])
    for f, (value, count) in filtered.items():
        print(f"  inbox{f}: {value} ms, {count} SQL")
    return [
        {
            "name": "review.inbox.any-filter-worst.10000-dossiers",
            "value": filtered[worst][0],
            "unit": "ms",
            "target": TARGET_MS,
            "floor": floor,
        },
        {
            "name": "review.inbox.any-filter-queries-max.10000-dossiers",
            "value": max(c for _v, c in filtered.values()),
            "unit": "sql",
            "target": queries,
            "floor": None,
        },
        {
            "name": "review.dashboard.10000-dossiers",
            "value": board_ms,
            "unit": "ms",
            "target": DASHBOARD_TARGET_MS,
            "floor": floor,
        },
        {
            "name": "review.dashboard.queries.10000-dossiers",
            "value": board_queries,
            "unit": "sql",
            "target": None,
            "floor": None,
        },
        {
            "name": "review.inbox.first-page.10000-dossiers",
            "value": ms,
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


def _peak_rss_mb() -> float:
    """The process's peak resident memory so far, in MB (Linux gives kilobytes)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def batch_figures(quick: bool) -> list[dict]:
    """A batch download of 200 candidatures (Word, with the CSV summary) built by one worker:
    the job's own function (services.jobs.run_job, what `flask --app app worker` runs), timed
    from its start to its zip. The dossiers are the examples' small commune and, one in four,
    the town of 13 elementary schools and about 50 lines. The floor is the Word files alone (each example built
    once, outside the job), times the batch: what the job adds is reading, evaluating and zipping."""
    import json

    from grants.loader import dossier_from_data

    count = 20 if quick else BATCH
    with tempfile.TemporaryDirectory() as tmp:
        app = _app(Path(tmp), None)
        app.config["JOBS_DIR"] = str(Path(tmp) / "jobs")
        from exports.docx_dossier import build_dossier_docx
        from models import DossierRecord, InspectorScope, Job, Organisation, User, db
        from services import jobs, workflow
        from services.dossiers import evaluated, import_dossier
        from services.filing import export_meta
        from tests.conftest import EXAMPLES

        examples = []
        for name in ("petite-commune.json", "ville-14-ecoles.json"):
            data = json.loads((EXAMPLES / name).read_text())
            # The town's example keeps a nursery school on purpose (blocking): a depositable copy.
            left_out = {s["uai"] for s in data["schools"] if s["kind"] == "maternelle"}
            data["schools"] = [s for s in data["schools"] if s["uai"] not in left_out]
            data["lines"] = [line for line in data["lines"] if line["school"] not in left_out]
            examples.append(data)
        with app.app_context():
            org = Organisation(name="Bench", departement="71")
            team = User(email="team-bench@example.fr", name="Équipe", password_hash="-")
            ien = User(
                email="ien-batch@example.fr",
                name="IEN",
                password_hash="-",
                inspector_level="ien",
                scopes=[InspectorScope(departement=d) for d in ("71", "92")],
            )
            db.session.add_all([org, team, ien])
            db.session.flush()
            ids = []
            for n in range(count):
                data = examples[1 if n % 4 == 3 else 0]
                rec = import_dossier(org, team, dossier_from_data(data), f"Dossier {n}", practice=True)
                workflow.deposit(rec, team, {"team"}, workflow.utcnow(), True)
                ids.append(rec.id)
            db.session.commit()
            # The floor: each kind of Word file built once outside the job, weighted as in the batch.
            one = {}
            for kind, rec_id in (("small", ids[0]), ("large", ids[3])):
                result = evaluated(db.session.get(DossierRecord, rec_id))
                meta = export_meta(result.record)
                build_dossier_docx(result.dossier, result.evaluation, "fr", meta)  # warm
                started = time.perf_counter()
                build_dossier_docx(result.dossier, result.evaluation, "fr", meta)
                one[kind] = time.perf_counter() - started
            large = sum(1 for n in range(count) if n % 4 == 3)
            floor = one["small"] * (count - large) + one["large"] * large
            job = Job(user_id=ien.id, kind="download", params={"ids": ids}, total=len(ids))
            db.session.add(job)
            db.session.commit()
            job_id = job.id
        rss_before = _peak_rss_mb()
        with app.app_context():
            start = time.perf_counter()
            jobs.run_job.call_local(job_id)
            seconds = time.perf_counter() - start
            job = db.session.get(Job, job_id)
            assert job.status == "done" and job.done == count, (job.status, job.message)
            size = jobs.file_of(job).stat().st_size
        peak = _peak_rss_mb()
        print(
            f"  batch of {count} ({count - large} small, {large} of 13 schools): {seconds:.1f} s in all, "
            f"{seconds / count:.3f} s per dossier, zip {size / 1e6:.1f} MB, "
            f"peak RSS {peak:.0f} MB ({rss_before:.0f} MB before the job); "
            f"the Word files alone {floor:.1f} s"
        )
    target = BATCH_TARGET_S if count == BATCH else None
    return [
        {
            "name": f"review.batch-download.{count}-candidatures",
            "value": round(seconds, 2),
            "unit": "s",
            "target": target,
            "floor": round(floor, 2),
        },
        {
            "name": "review.batch-download.per-dossier",
            "value": round(seconds / count, 3),
            "unit": "s",
            "target": round(BATCH_TARGET_S / BATCH, 3),
            "floor": round(floor / count, 3),
        },
        {
            "name": "review.batch-download.zip-size",
            "value": round(size / 1e6, 1),
            "unit": "MB",
            "target": None,
        },
        {"name": "review.batch-download.peak-rss", "value": round(peak), "unit": "MB", "target": None},
    ]


if __name__ == "__main__":  # pragma: no cover - a manual look
    import os

    for figure in review_figures(quick=False, database_url=os.environ.get("BENCH_DATABASE_URL")):
        print(figure)
