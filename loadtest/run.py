"""The load test: simulated people of collectivités and inspectors work at the same time against
gunicorn and PostgreSQL on this machine, then every acknowledged write is looked for in the
database.

    .venv/bin/python -m loadtest.run [--users 50] [--seconds 60] [--mix build|deadline]
                                     [--think 0] [--workers 4] [--threads 2]

It creates a scratch database beside the one of --database-url (dropped at the end), starts
gunicorn on 127.0.0.1, and prints requests, errors, lost writes and latencies, then the
throughput of a bare page under the same gunicorn settings. Exit code 0 when there was no error
and no lost write. A benchmark to run by hand, not part of the tests.
"""

from __future__ import annotations

import argparse
import random
import secrets
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from . import cpu
from .report import Outcome, check_writes, render
from .server import SERVERS, Browser, environment, gunicorns, migrate, scratch_database
from .users import MIXES, ROLES, Record, roles_for, totp_secret_of

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
PASSWORD = "charge-de-test-2021"
COMPLETE_DOSSIER = Path(__file__).resolve().parents[1] / "tests" / "examples" / "petite-commune.json"


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m loadtest.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50, help="simulated people (1-400)")
    parser.add_argument("--seconds", type=int, default=60, help="duration of the load (5-600)")
    parser.add_argument("--mix", choices=sorted(MIXES), default="build", help="who the people are")
    parser.add_argument("--think", type=float, default=0.0, help="mean think time between actions, s (0-60)")
    parser.add_argument(
        "--arrive",
        type=float,
        default=0.0,
        help="people arrive one after another over these seconds (0: at once)",
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (1-8)")
    parser.add_argument("--threads", type=int, default=2, help="threads per worker (1-8)")
    parser.add_argument("--bare-seconds", type=int, default=10, help="duration of the bare-page phase (0-60)")
    parser.add_argument(
        "--database-url",
        default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
        help="a PostgreSQL server on loopback; the test uses a scratch database beside this one",
    )
    args = parser.parse_args(argv)
    if not (
        1 <= args.users <= 400
        and 5 <= args.seconds <= 600
        and 0 <= args.think <= 60
        and 0 <= args.arrive < args.seconds
        and 1 <= args.workers <= 8
        and 1 <= args.threads <= 8
        and 0 <= args.bare_seconds <= 60
    ):
        parser.error(
            "bounded: 1-400 users, 5-600 seconds, think 0-60 s, arrivals within the run, 1-8 workers, 1-8 threads, bare 0-60 s"
        )
    url = make_url(args.database_url)
    if url.get_backend_name() != "postgresql" or (url.host or "localhost") not in LOOPBACK:
        parser.error("a PostgreSQL server on loopback (127.0.0.1) only")
    return args


def _people(database_url: str, roles: list[str]) -> list[tuple[str, str, int | None]]:
    """(role, e-mail, dossier id) of each person: builders with their collectivité and an empty
    practice dossier; readers in a builder's team (or their own when there is no builder);
    depositors with a complete practice dossier; inspectors of the dossiers' département."""
    from app import create_app
    from commands.dossier import read_dossier_file
    from models import Membership, User, db
    from services import accounts, dossiers
    from services.inspectors import set_scope
    from services.passwords import hash_password

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    digest, people, teams = hash_password(PASSWORD), [], []
    complete = read_dossier_file(str(COMPLETE_DOSSIER), "fr")
    with app.app_context():
        for index, role in enumerate(roles):
            email = f"{role}{index}@commune{index}.example.fr"
            user = User(email=email, name=f"{role.title()} {index}", password_hash=digest)
            db.session.add(user)
            db.session.flush()
            dossier_id = None
            if role == "inspector":
                user.totp_secret = totp_secret_of(email)  # inspectors pass a second factor
                set_scope(user, "ien", [complete.collectivite.departement, "71"])
            elif role == "reader" and teams:
                org_id, dossier_id = teams[index % len(teams)]
                db.session.add(Membership(user_id=user.id, organisation_id=org_id))
            elif role == "depositor":
                org = accounts.create_organisation(user, f"Commune {index}", "commune", "", "", "71")
                dossier_id = dossiers.import_dossier(
                    org, user, complete, f"Dossier {index}", practice=True
                ).id
            else:
                org = accounts.create_organisation(user, f"Commune {index}", "commune", "", "", "71")
                dossier_id = dossiers.create(org, user, f"Dossier {index}", practice=True).id
                teams.append((org.id, dossier_id))
            people.append((role, email, dossier_id))
        db.session.commit()
        db.engine.dispose()
    return people


def _threads(work, count: int, seconds: int) -> None:
    threads = [threading.Thread(target=work, args=(i,), daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 120)


def _load(
    base: str, people: list[tuple[str, str, int | None]], seconds: int, think: float, arrive: float = 0.0
) -> list[Record]:
    start = time.monotonic()
    deadline = start + seconds
    users = [
        ROLES[role](base, i, email, PASSWORD, dossier, think)
        for i, (role, email, dossier) in enumerate(people)
    ]
    records: list[Record] = [Record(role=role) for role, _e, _d in people]

    # People arrive in a shuffled order (roles mixed), one every arrive / n seconds: a morning's sign-ins
    order = random.Random(0).sample(range(len(users)), len(users))

    def work(i: int) -> None:
        time.sleep(max(0.0, start + arrive * order[i] / max(1, len(users)) - time.monotonic()))
        records[i] = users[i].run(deadline)

    _threads(work, len(users), seconds)
    return records


def bare_throughput(base: str, clients: int, seconds: int) -> float:
    """Requests per second of `/sante` (one query, no template) under the same server, with
    `clients` threads in a closed loop and no think time."""
    if seconds <= 0:
        return 0.0
    deadline, counts = time.monotonic() + seconds, [0] * clients

    def work(i: int) -> None:
        browser = Browser()
        while time.monotonic() < deadline:
            try:
                status, _l, _b = browser.open(base + "/sante")
            except OSError:  # a server still busy with the load's last requests: not counted
                continue
            counts[i] += status == 200

    started = time.monotonic()
    _threads(work, clients, seconds)
    return sum(counts) / (time.monotonic() - started)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    started = datetime.now(UTC)
    with scratch_database(args.database_url, "loadtest") as url, tempfile.TemporaryDirectory() as logs:
        env = environment(url, SECRET_KEY=secrets.token_hex(16), LOGIN_LIMIT="100000")
        migrate(env)
        people = _people(url, roles_for(args.mix, args.users))
        with gunicorns(env, 1, Path(logs), args.workers, args.threads) as (base,):
            database = make_url(url).database
            before = cpu.snapshot(SERVERS[base], database)
            clock = time.monotonic()
            records = _load(base, people, args.seconds, args.think, args.arrive)
            elapsed = time.monotonic() - clock
            cpu_split = cpu.split(before, cpu.snapshot(SERVERS[base], database), elapsed)
            bare = bare_throughput(base, min(args.users, 50), args.bare_seconds)
        engine = sa.create_engine(url)
        lost, stale = check_writes(engine, [(e, d) for _r, e, d in people], records)
        with engine.connect() as conn:
            version = conn.execute(sa.text("show server_version")).scalar()
        engine.dispose()
    outcome = Outcome(started, args, elapsed, records, lost, stale, f"PostgreSQL {version}", bare, cpu_split)
    print(render(outcome))
    return 0 if outcome.errors == 0 and not lost else 1


if __name__ == "__main__":
    sys.exit(main())
