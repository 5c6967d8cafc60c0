"""Loading, evaluating, creating and importing stored dossiers."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cache
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

import grants
from grants.call import CallDefinition, get_call
from grants.dossier import Dossier
from grants.evaluation import Evaluation, evaluate
from grants.findings import Context
from grants.rules.project import check_window
from models import ChangeLog, DossierRecord, Organisation, User, db
from models.base import utcnow

from . import references, stored
from .convert import fill_record, to_domain
from .sessions import checked_at, current_call, default_call_id
from .steps import blocking_total, step_report


@dataclass
class Evaluated:
    """A stored dossier with its domain form and its evaluation, computed once per request."""

    record: DossierRecord
    dossier: Dossier
    call: CallDefinition
    evaluation: Evaluation


def load(dossier_id: int, for_update: bool = False, eager: bool = True) -> DossierRecord | None:
    """A dossier with its schools, lines and funders in a constant number of queries; with
    `for_update`, its row stays locked until the commit, so that saves of one dossier queue up
    and each stores figures computed with the saves before it."""
    if for_update:
        # Written before it is read: the one lock both databases take (SQLite opens its write
        # transaction at the first write; a SELECT … FOR UPDATE would be ignored there).
        db.session.execute(
            sa.update(DossierRecord)
            .where(DossierRecord.id == dossier_id)
            .values(id=DossierRecord.id)
            .execution_options(synchronize_session=False)
        )
    query = sa.select(DossierRecord).where(DossierRecord.id == dossier_id)
    if for_update:
        query = query.execution_options(populate_existing=True)  # read again, under the lock
    if eager:
        query = query.options(
            selectinload(DossierRecord.schools),
            selectinload(DossierRecord.lines),
            selectinload(DossierRecord.cofunders),
        )
    # Without `eager`, each list is read (in one query) only if the request uses it: a page
    # showing one form of a 300-school dossier then reads no school (its figures are stored).
    return db.session.execute(query).scalar_one_or_none()


COUNTER = {"evaluations": 0}  # how many evaluations this process ran (the benchmark reads it)


def _compute(rec: DossierRecord) -> Evaluated:
    dossier = to_domain(rec)
    call = get_call(rec.call_id)
    assert call is not None, rec.call_id
    COUNTER["evaluations"] += 1
    return Evaluated(rec, dossier, call, evaluate(dossier, call))


@cache
def fingerprint(call_id: str) -> str:
    """What a stored evaluation was computed with: the call's definition and the rules' code."""
    digest = hashlib.sha256(repr(get_call(call_id)).encode())
    for path in sorted(Path(grants.__file__).parent.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


class _Kept:
    """The evaluations of the latest revisions this process computed, keyed by dossier, revision
    and the call and rules they were computed with. A revision's figures never change, so an
    entry never goes stale: a save bumps the revision, and the next page reads the save's result."""

    def __init__(self, size: int):
        self.size, self.items, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, key):
        with self.lock:
            found = self.items.get(key)
            if found is not None:
                self.items.move_to_end(key)
            return found

    def put(self, key, value) -> None:
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.items.clear()

    def forget(self, dossier_ids: set[int] | None) -> None:
        """Drop the evaluations kept for these dossiers (every one for None)."""
        with self.lock:
            if dossier_ids is None:
                self.items.clear()
            else:
                for key in [k for k in self.items if k[0] in dossier_ids]:
                    del self.items[key]


KEPT = _Kept(32)


def revision_key(rec: DossierRecord) -> tuple:
    """A revision's key: its number and the instant it was made (a dossier removed and its id
    reused, or a database restored or emptied, never meets an evaluation kept for another), and
    the call and rules."""
    return (rec.id, rec.revision, stamp_of(rec.updated_at), fingerprint(rec.call_id))


def stamp_of(updated_at: datetime | None) -> str:
    """A revision's instant as its keys hold it."""
    return updated_at.replace(tzinfo=None).isoformat() if updated_at else ""


def evaluated(rec: DossierRecord) -> Evaluated:
    """The evaluation of a stored dossier under its call: the one computed for this revision
    (by the save that made it, or the first page that needed it) and kept by this process, else
    the one a worker stored in the database (services.stored), else computed now; this process
    stores it at the end of the request unless it knows it is stored."""
    if not rec.revision:
        return _compute(rec)
    key = revision_key(rec)
    kept = KEPT.get(key)
    if kept is None:
        kept = _stored(rec)
        if kept is not None:
            KEPT.put(key, kept)
    if kept is None:
        result = _compute(rec)
        kept = (result.dossier, result.call, result.evaluation)
        KEPT.put(key, kept)
    _store(rec, key, kept)
    dossier, call, evaluation = kept
    return Evaluated(rec, dossier, call, evaluation)


STORED_KEYS: set = set()  # the revisions this process knows are stored (services.stored)


def forget_kept(dossier_ids: set[int] | None) -> None:
    """After a change made outside the application's saves (the revision unchanged): drop what
    this process kept of these dossiers (every one for None), and what it knew was stored."""
    KEPT.forget(dossier_ids)
    if dossier_ids is None:
        STORED_KEYS.clear()
    else:
        STORED_KEYS.difference_update({key for key in STORED_KEYS if key[0] in dossier_ids})


def _stored(rec: DossierRecord):
    """The evaluation another worker (or this one before a restart) stored for this revision."""
    payload = stored.stored(rec, stored.EVALUATION)
    value = stored.unpack(payload) if payload is not None else None
    try:
        dossier, findings, funding = value
    except (TypeError, ValueError):
        return None  # none, or not an evaluation: computed again, and stored over it
    STORED_KEYS.add(revision_key(rec))
    call = get_call(rec.call_id)
    return dossier, call, Evaluation(call, findings, funding)


def _store(rec: DossierRecord, key: tuple, kept: tuple) -> None:
    """Store this revision's evaluation when the request ends, unless this process knows it is."""
    if key in STORED_KEYS:
        return
    if len(STORED_KEYS) > 4 * KEPT.size:
        STORED_KEYS.clear()
    dossier, _call, evaluation = kept
    if stored.schedule(
        rec, stored.EVALUATION, lambda: stored.pack((dossier, evaluation.findings, evaluation.funding))
    ):
        STORED_KEYS.add(key)


def with_now(result: Evaluated, at: datetime | None) -> Evaluated:
    """A stored evaluation completed by what depends on more than the dossier: the window of the
    call's published session checked at `at` (None: not checked), and the reference lists'
    findings (INSEE's communes, the school directory)."""
    call = current_call(result.record.call_id)
    ev = result.evaluation
    extra = check_window(Context(result.dossier, call, ev.funding, at)) + references.findings(result.dossier)
    return Evaluated(
        result.record, result.dossier, call, replace(ev, call=call, findings=ev.findings + extra)
    )


def evaluated_now(rec: DossierRecord) -> Evaluated:
    """The evaluation the team's pages, the dashboard and the deposit show: the stored one, with
    the call's window checked now (unless practice) and the reference lists' findings."""
    return with_now(evaluated(rec), checked_at(rec))


def blocking_now(rec: DossierRecord) -> int:
    """The dossier's blocking points as its recap counts them now (the one count of every page)."""
    result = evaluated_now(rec)
    return blocking_total(step_report(result.dossier, result.evaluation))


def refresh(rec: DossierRecord, user: User | None) -> Evaluated:
    """After a change: evaluate once (the evaluation reads a rate-based contribution as rate ×
    base, grants.funding), store its figures, the list figures and the evaluation for the pages."""
    db.session.flush()
    result = _compute(rec)
    f = result.evaluation.funding
    # The rules read a rate-based contribution as rate × base (grants.funding): store that figure.
    for funder, read, amount in zip(rec.cofunders, result.dossier.cofunding, f.cofunder_amounts, strict=True):
        if funder.rate is not None and funder.base:
            funder.amount = read.amount = amount
    rec.state_subsidy_cents = int(f.state_subsidy * 100)
    rec.project_cost_cents = int(f.project_cost * 100)
    rec.school_count = len(rec.schools)
    # The lists show what the recap shows: the reference lists' findings stored, the call's window
    # added as they read them (sessions.window_blocking): it changes without any save.
    report = step_report(result.dossier, with_now(result, None).evaluation)
    rec.blocking_count = blocking_total(report)
    rec.steps_status = {key: state.status for key, state in report.items()}
    rec.updated_at = utcnow()
    rec.updated_by_id = user.id if user else None
    rec.revision = (rec.revision or 0) + 1
    db.session.flush()
    KEPT.put(revision_key(rec), (result.dossier, result.call, result.evaluation))
    db.session.info["unevaluated"] = False  # the guard of web/unit.py: this change is evaluated
    return result


def next_reference(call_id: str) -> str:
    """A readable, unique reference: the call's identifier in capitals and a number."""
    number = (db.session.scalar(sa.select(sa.func.max(DossierRecord.id))) or 0) + 1
    prefix = call_id.upper()
    while db.session.scalar(
        sa.select(DossierRecord.id).where(DossierRecord.reference == f"{prefix}-{number:06d}")
    ):
        number += 1
    return f"{prefix}-{number:06d}"


def _insert_with_reference(rec: DossierRecord, call_id: str, tries: int = 8) -> None:
    """Insert the new dossier under the next free reference. Two creations at the same moment
    compute the same one: the second insert fails on the unique reference, and takes the next
    (inside a savepoint, so nothing else of the request is lost)."""
    for attempt in range(tries):
        rec.reference = next_reference(call_id)
        try:
            with db.session.begin_nested():
                db.session.add(rec)
                db.session.flush()
            return
        except IntegrityError:
            if attempt == tries - 1:
                raise


def representative_of(org: Organisation) -> dict:
    """The legal representative the collectivité's latest dossier names (the account holds no
    representative of its own): a new dossier starts from him, the team changes him there."""
    if org.id is None:
        return {}
    found = db.session.execute(
        sa.select(DossierRecord.rep_name, DossierRecord.rep_title)
        .where(DossierRecord.organisation_id == org.id, DossierRecord.rep_name != "")
        .order_by(DossierRecord.updated_at.desc(), DossierRecord.id.desc())
        .limit(1)
    ).first()
    return {"rep_name": found.rep_name, "rep_title": found.rep_title} if found else {}


def create(
    org: Organisation, user: User | None, title: str, practice: bool, call_id: str | None = None
) -> DossierRecord:
    """A new empty draft under a call (by default the open one, or the one that closed last),
    prefilled with what the collectivité's account knows."""
    if not call_id:
        call_id = default_call_id(utcnow())
    rec = DossierRecord(
        organisation_id=org.id,
        call_id=call_id,
        title=title,
        practice=practice,
        kind=org.kind,
        name=org.name,
        siret=org.siret,
        insee=org.insee,
        departement=org.departement,
        created_by_id=user.id if user else None,
        **representative_of(org),
    )
    _insert_with_reference(rec, call_id)
    log(rec, user, "dossier", rec.id, "create", title)
    refresh(rec, user)
    return rec


def import_dossier(
    org: Organisation, user: User | None, dossier: Dossier, title: str, practice: bool = False
) -> DossierRecord:
    """A new draft holding a dossier read from the interchange format."""
    rec = create(org, user, title, practice, dossier.call)
    fill_record(rec, dossier)
    db.session.flush()
    log(rec, user, "dossier", rec.id, "import", title)
    refresh(rec, user)
    return rec


def log(
    rec: DossierRecord,
    user: User | None,
    part: str,
    object_id: int | None,
    action: str,
    label: str = "",
    changes: dict | None = None,
) -> ChangeLog:
    """Record a change in the dossier's history."""
    entry = ChangeLog(
        dossier_id=rec.id,
        user_id=user.id if user else None,
        part=part,
        object_id=object_id,
        action=action,
        label=label[:300],
        changes=changes or {},
    )
    db.session.add(entry)
    return entry


def practice_copy(rec: DossierRecord, user: User | None, title: str) -> DossierRecord:
    """A practice copy of a dossier (any state): the same content as a new practice draft, its
    schools keeping where their figures came from; the original is untouched."""
    copy = import_dossier(rec.organisation, user, to_domain(rec), title[:200], practice=True)
    for source, school in zip(rec.schools, copy.schools, strict=True):
        school.circonscription, school.commune = source.circonscription, source.commune
        school.source_note = source.source_note
    log(copy, user, "dossier", copy.id, "practice_copy", rec.reference or rec.title, {"from": rec.id})
    refresh(copy, user)
    return copy
