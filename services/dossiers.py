"""Loading, evaluating, creating and importing stored dossiers."""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import sqlalchemy as sa
from flask import has_request_context, request
from sqlalchemy.orm import selectinload

import grants
from grants.call import CallDefinition, get_call
from grants.dossier import Dossier
from grants.evaluation import Evaluation, evaluate
from grants.funding import cofunding_from_rate
from models import ChangeLog, DossierRecord, Organisation, StoredEvaluation, User, db
from models.base import utcnow

from .convert import fill_record, to_domain
from .steps import step_statuses


@dataclass
class Evaluated:
    """A stored dossier with its domain form and its evaluation, computed once per request."""

    record: DossierRecord
    dossier: Dossier
    call: CallDefinition
    evaluation: Evaluation


def load(dossier_id: int, for_update: bool = False) -> DossierRecord | None:
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
    return db.session.execute(
        sa.select(DossierRecord)
        .where(DossierRecord.id == dossier_id)
        .options(
            selectinload(DossierRecord.schools),
            selectinload(DossierRecord.lines),
            selectinload(DossierRecord.cofunders),
        )
    ).scalar_one_or_none()


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


def _store(result: Evaluated) -> None:
    rec = result.record
    data = pickle.dumps((result.dossier, result.evaluation.findings, result.evaluation.funding), protocol=5)
    stored = db.session.get(StoredEvaluation, rec.id)
    if stored is None:
        db.session.add(
            StoredEvaluation(
                dossier_id=rec.id, revision=rec.revision, fingerprint=fingerprint(rec.call_id), data=data
            )
        )
    else:
        stored.revision, stored.fingerprint, stored.data = rec.revision, fingerprint(rec.call_id), data


def _stored(rec: DossierRecord) -> Evaluated | None:
    """The evaluation a save stored for this very revision, if any (written by this application
    only: the data is never from a user)."""
    row = db.session.execute(
        sa.select(StoredEvaluation.revision, StoredEvaluation.fingerprint, StoredEvaluation.data).where(
            StoredEvaluation.dossier_id == rec.id
        )
    ).first()
    if row is None or row.revision != rec.revision or row.fingerprint != fingerprint(rec.call_id):
        return None
    dossier, findings, funding = pickle.loads(row.data)  # noqa: S301 (our own rows)
    call = get_call(rec.call_id)
    return Evaluated(rec, dossier, call, Evaluation(call, findings, funding))


def _memo() -> dict:
    """This request's evaluations (none kept outside a request)."""
    return request.environ.setdefault("dossier.evaluations", {}) if has_request_context() else {}


def evaluated(rec: DossierRecord) -> Evaluated:
    """The evaluation of a stored dossier under its call: the one its last save stored when it is
    of the dossier's current revision (one per request, kept on the request), else computed."""
    memo = _memo()
    key = (rec.id, rec.revision)
    if key in memo and memo[key].record is rec:
        return memo[key]
    result = _stored(rec) if rec.id is not None and rec.revision else None
    if result is None:
        result = _compute(rec)
    memo[key] = result
    return result


def refresh(rec: DossierRecord, user: User | None) -> Evaluated:
    """After a change: evaluate once (again only when a rate-based contribution moved), follow
    rate-based contributions, store the list figures and the evaluation for the pages."""
    db.session.flush()
    result = _compute(rec)
    moved = False
    for funder in rec.cofunders:
        if funder.rate is not None and funder.base:
            amount = cofunding_from_rate(funder.rate, funder.base, result.evaluation.funding)
            moved = moved or amount != funder.amount
            funder.amount = amount
    if moved:
        result = _compute(rec)
    f = result.evaluation.funding
    rec.state_subsidy_cents = int(f.state_subsidy * 100)
    rec.project_cost_cents = int(f.project_cost * 100)
    rec.school_count = len(rec.schools)
    rec.blocking_count = len(result.evaluation.blocking())
    rec.steps_status = step_statuses(result.dossier, result.evaluation)
    rec.updated_at = utcnow()
    rec.updated_by_id = user.id if user else None
    rec.revision = (rec.revision or 0) + 1
    _store(result)
    db.session.flush()
    _memo()[(rec.id, rec.revision)] = result
    db.session.info["unevaluated"] = False  # the guard of web/unit.py: this change is evaluated
    return result


def next_reference(call_id: str) -> str:
    """A readable, unique reference: SNEE-2021-000042."""
    number = (db.session.scalar(sa.select(sa.func.max(DossierRecord.id))) or 0) + 1
    prefix = call_id.upper()
    while db.session.scalar(
        sa.select(DossierRecord.id).where(DossierRecord.reference == f"{prefix}-{number:06d}")
    ):
        number += 1
    return f"{prefix}-{number:06d}"


def create(
    org: Organisation, user: User | None, title: str, practice: bool, call_id: str = "snee-2021"
) -> DossierRecord:
    """A new empty draft, prefilled with what the collectivité's account knows."""
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
        reference=next_reference(call_id),
    )
    db.session.add(rec)
    db.session.flush()
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
