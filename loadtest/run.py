"""The load test: simulated members of collectivités build their dossiers against gunicorn and
PostgreSQL on this machine, then every acknowledged write is looked for in the database.

    .venv/bin/python -m loadtest.run [--users 50] [--seconds 60] [--workers 4] [--threads 2]

It creates a scratch database beside the one of --database-url (dropped at the end), starts
gunicorn on 127.0.0.1, and prints requests, errors, lost writes and latencies. Exit code 0 when
there was no error and no lost write. A benchmark to run by hand, not part of the tests.
"""

from __future__ import annotations

import argparse
import secrets
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from .report import Outcome, check_writes, render
from .server import environment, gunicorns, migrate, scratch_database
from .users import Record, SimulatedUser

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
PASSWORD = "charge-de-test-2021"


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m loadtest.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50, help="simulated users (1-200)")
    parser.add_argument("--seconds", type=int, default=60, help="duration of the load (5-600)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (1-8)")
    parser.add_argument("--threads", type=int, default=2, help="threads per worker (1-8)")
    parser.add_argument(
        "--database-url",
        default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
        help="a PostgreSQL server on loopback; the test uses a scratch database beside this one",
    )
    args = parser.parse_args(argv)
    if not (
        1 <= args.users <= 200
        and 5 <= args.seconds <= 600
        and 1 <= args.workers <= 8
        and 1 <= args.threads <= 8
    ):
        parser.error("bounded: 1-200 users, 5-600 seconds, 1-8 workers, 1-8 threads")
    url = make_url(args.database_url)
    if url.get_backend_name() != "postgresql" or (url.host or "localhost") not in LOOPBACK:
        parser.error("a PostgreSQL server on loopback (127.0.0.1) only")
    return args


def _people(database_url: str, count: int) -> list[tuple[str, int]]:
    """(e-mail, dossier id) of `count` members, each with their collectivité and an empty dossier."""
    from app import create_app
    from models import User, db
    from services import accounts, dossiers
    from services.passwords import hash_password

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    digest, people = hash_password(PASSWORD), []
    with app.app_context():
        for index in range(count):
            user = User(
                email=f"agent{index}@commune{index}.example.fr", name=f"Agent {index}", password_hash=digest
            )
            db.session.add(user)
            db.session.flush()
            org = accounts.create_organisation(user, f"Commune {index}", "commune", "", "", "71")
            people.append((user.email, dossiers.create(org, user, f"Dossier {index}", practice=True).id))
        db.session.commit()
        db.engine.dispose()
    return people


def _load(base: str, people: list[tuple[str, int]], seconds: int) -> list[Record]:
    deadline = time.monotonic() + seconds
    users = [SimulatedUser(base, i, email, PASSWORD, dossier) for i, (email, dossier) in enumerate(people)]
    records: list[Record] = [Record() for _ in users]

    def work(i: int) -> None:
        records[i] = users[i].run(deadline)

    threads = [threading.Thread(target=work, args=(i,), daemon=True) for i in range(len(users))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 120)
    return records


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    started = datetime.now(UTC)
    with scratch_database(args.database_url, "loadtest") as url, tempfile.TemporaryDirectory() as logs:
        env = environment(url, SECRET_KEY=secrets.token_hex(16), LOGIN_LIMIT="100000")
        migrate(env)
        people = _people(url, args.users)
        with gunicorns(env, 1, Path(logs), args.workers, args.threads) as (base,):
            clock = time.monotonic()
            records = _load(base, people, args.seconds)
            elapsed = time.monotonic() - clock
        engine = sa.create_engine(url)
        lost, stale = check_writes(engine, people, records)
        with engine.connect() as conn:
            version = conn.execute(sa.text("show server_version")).scalar()
        engine.dispose()
    outcome = Outcome(started, args, elapsed, records, lost, stale, f"PostgreSQL {version}")
    print(render(outcome))
    return 0 if outcome.errors == 0 and not lost else 1


if __name__ == "__main__":
    sys.exit(main())
