"""Sessions of a call: an administrator publishes new dates for the same rules, as data. The
call's TOML file stays the one source of the rules; the latest published session gives the
window every evaluation of the application checks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app

from grants.call import CallDefinition, get_call
from models import CallSession, DossierRecord, User, db
from models.base import utcnow
from tasks import task

from .memo import forget, once_per_request


@dataclass(frozen=True)
class Window:
    """When a call takes deposits, as the recap and the dashboard say it."""

    opens: datetime  # aware, in the call's time zone
    closes: datetime
    state: str  # upcoming, open, closed
    session: str  # the published session's name, "" for the call's own dates
    practice: bool  # a practice dossier that the window does not bind


def session_of(call_id: str) -> CallSession | None:
    """The latest published session of a call (None: the call's own dates apply), read once per
    request (a page asks it for each evaluation and window it shows)."""
    return once_per_request(
        ("sessions", call_id),
        lambda: db.session.scalar(
            sa.select(CallSession)
            .where(CallSession.call_id == call_id, CallSession.withdrawn_at.is_(None))
            .order_by(CallSession.opens.desc(), CallSession.id.desc())
            .limit(1)
        ),
    )


def current_call(call_id: str) -> CallDefinition | None:
    """The call's rules from its file, with the window of its latest published session."""
    call = get_call(call_id)
    session = session_of(call_id) if call is not None else None
    if session is None:
        return call
    return call.with_values(opens=session.opens, closes=session.closes)


def calls_offered(now: datetime) -> list[CallDefinition]:
    """Every call a team may create a dossier under (an open one for real, a closed one for
    practice), each with its current window: the open ones first, then the latest to close."""
    from grants.call import known_calls

    found = [c for c in (current_call(call_id) for call_id in known_calls()) if c is not None]
    return sorted(found, key=lambda c: (not c.is_open(now), -c.local_time(c.closes).timestamp()))


def default_call_id(now: datetime) -> str:
    """The call a new dossier belongs to unless the team chooses another: the open one, or the
    one that closed last."""
    return calls_offered(now)[0].id


def call_window(call: CallDefinition, rec: DossierRecord | None, now: datetime) -> Window:
    """The window of a call (as `current_call` gives it) at an instant, for a dossier."""
    tz = ZoneInfo(call.timezone)
    opens, closes = call.opens.replace(tzinfo=tz), call.closes.replace(tzinfo=tz)
    local = call.local_time(now)
    state = "upcoming" if local < opens else "open" if call.is_open(now) else "closed"
    session = session_of(call.id)
    practice = bool(rec is not None and rec.practice and checked_at(rec) is None)
    return Window(opens, closes, state, session.label if session else "", practice)


EDITABLE = ("brouillon", "correction_demandee")


def _practice_free() -> bool:
    """Whether the instance lets practice dossiers ignore the call's window."""
    return bool(current_app.config.get("ALLOW_PRACTICE_ON_CLOSED_CALL", True))


def checked_at(rec: DossierRecord) -> datetime | None:
    """The instant the call's window is checked at for this dossier: now while the team may
    (re)deposit it; for a deposited dossier, the instant of its latest deposit (the deposit was
    refused outside the window, so its evaluation never turns « closed » as time passes); never
    for a practice dossier where the instance allows practice on a closed call."""
    if rec.practice and _practice_free():
        return None
    if rec.state not in EDITABLE:
        return rec.deposited_at  # (None for a row that never went through a deposit: not checked)
    return utcnow()


def window_blocking(rec: DossierRecord, now: datetime | None = None) -> int:
    """The blocking point the call's window adds to the dossier's stored count (0 or 1): the
    stored figures leave the window out (`dossiers.refresh`), since it changes with time and
    with the sessions an administrator publishes, without any save."""
    if rec.state not in EDITABLE or (rec.practice and _practice_free()):
        return 0
    call = current_call(rec.call_id)
    return 0 if call is None or call.is_open(now or utcnow()) else 1


def listed_blocking(rec: DossierRecord) -> int:
    """The dossier's blocking points as the lists give them: the stored count and the window's."""
    return rec.blocking_count + window_blocking(rec)


def _latest(call_id: str, column) -> sa.ScalarSelect:
    """A column of the call's latest published session (uncorrelated: computed once a query)."""
    return (
        sa.select(column)
        .where(CallSession.call_id == call_id, CallSession.withdrawn_at.is_(None))
        .order_by(CallSession.opens.desc(), CallSession.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def window_blocking_sql(now: datetime) -> sa.ColumnElement[int]:
    """`window_blocking` in SQL, for the inbox's one query: 1 for a dossier the team may still
    deposit whose call, with the dates of its latest session (else its file's), is not open at
    `now`. Two uncorrelated subqueries per call (a few rows of `call_sessions`), no extra query."""
    from grants.call import known_calls

    D = DossierRecord
    binds = [D.state.in_(EDITABLE)]
    if _practice_free():
        binds.append(D.practice.is_(False))
    whens = []
    for call_id in known_calls():
        call = get_call(call_id)
        if call is None:
            continue
        opens = sa.func.coalesce(_latest(call_id, CallSession.opens), sa.literal(call.opens, sa.DateTime()))
        closes = sa.func.coalesce(
            _latest(call_id, CallSession.closes), sa.literal(call.closes, sa.DateTime())
        )
        local = call.local_time(now).replace(microsecond=0, tzinfo=None)
        whens.append(sa.and_(D.call_id == call_id, sa.or_(opens > local, closes < local)))
    if not whens:
        return sa.literal(0)
    return sa.case((sa.and_(*binds, sa.or_(*whens)), 1), else_=0)


def sessions(call_id: str | None = None) -> list[CallSession]:
    """Every session published, newest first."""
    stmt = sa.select(CallSession).order_by(CallSession.opens.desc(), CallSession.id.desc())
    if call_id:
        stmt = stmt.where(CallSession.call_id == call_id)
    return list(db.session.scalars(stmt))


def publish(call_id: str, label: str, opens: datetime, closes: datetime, user: User | None) -> CallSession:
    """A new session of a known call (flushes): from now on, its window is the one checked."""
    if get_call(call_id) is None:
        raise ValueError(call_id)
    if closes <= opens:
        raise ValueError("closes")
    session = CallSession(
        call_id=call_id,
        label=label.strip()[:200],
        opens=opens.replace(tzinfo=None),
        closes=closes.replace(tzinfo=None),
        published_by_id=user.id if user else None,
    )
    db.session.add(session)
    db.session.flush()
    forget("sessions")
    return session


def withdraw(session: CallSession) -> None:
    """Take a session back (kept for the record); the previous one applies again."""
    session.withdrawn_at = utcnow()
    db.session.flush()
    forget("sessions")


def recount(call_id: str) -> int:
    """The stored counts and step statuses of the call's dossiers that can still be deposited,
    recomputed (flushes): without the window's finding, which the lists add as they read them
    (`window_blocking`); this rewrites figures stored by an older version that counted it.
    Returns how many were updated."""
    from .dossiers import evaluated, load, with_now
    from .steps import blocking_total, step_report

    ids = db.session.scalars(
        sa.select(DossierRecord.id).where(
            DossierRecord.call_id == call_id, DossierRecord.state.in_(("brouillon", "correction_demandee"))
        )
    ).all()
    for dossier_id in ids:
        rec = load(dossier_id)
        result = with_now(evaluated(rec), None)
        report = step_report(result.dossier, result.evaluation)
        rec.blocking_count = blocking_total(report)
        rec.steps_status = {key: state.status for key, state in report.items()}
    db.session.flush()
    return len(ids)


@task()
def recount_task(call_id: str) -> int:
    """`recount` as background work, committed."""
    count = recount(call_id)
    db.session.commit()
    return count
