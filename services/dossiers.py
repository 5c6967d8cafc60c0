"""Loading, evaluating, creating and importing stored dossiers."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from grants.call import CallDefinition, get_call
from grants.dossier import Dossier
from grants.evaluation import Evaluation, evaluate
from grants.funding import cofunding_from_rate, compute_funding
from models import ChangeLog, DossierRecord, Organisation, User, db
from models.base import utcnow

from . import references
from .convert import fill_record, to_domain
from .sessions import checked_at, current_call
from .steps import blocking_total, step_report


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


def evaluated(rec: DossierRecord, at: datetime | None = None) -> Evaluated:
    """Evaluate a stored dossier under its call (with its published session's window, checked
    when `at` is given), with what the reference lists (communes, directory) say of it."""
    dossier = to_domain(rec)
    call = current_call(rec.call_id)
    assert call is not None, rec.call_id
    ev = evaluate(dossier, call, at)
    ev = replace(ev, findings=ev.findings + references.findings(dossier))
    return Evaluated(rec, dossier, call, ev)


def blocking_now(rec: DossierRecord) -> int:
    """The dossier's blocking points as its recap counts them now (the one count of every page)."""
    result = evaluated_now(rec)
    return blocking_total(step_report(result.dossier, result.evaluation))


def evaluated_now(rec: DossierRecord) -> Evaluated:
    """The evaluation the team's pages show: the call's window checked now (unless practice)."""
    return evaluated(rec, checked_at(rec))


def refresh(rec: DossierRecord, user: User | None) -> Evaluated:
    """After a change: follow rate-based contributions, re-evaluate, store the list figures."""
    call = get_call(rec.call_id)
    assert call is not None
    funding = compute_funding(to_domain(rec), call)
    for funder in rec.cofunders:
        if funder.rate is not None and funder.base:
            funder.amount = cofunding_from_rate(funder.rate, funder.base, funding)
    result = evaluated_now(rec)
    f = result.evaluation.funding
    rec.state_subsidy_cents = int(f.state_subsidy * 100)
    rec.project_cost_cents = int(f.project_cost * 100)
    rec.school_count = len(rec.schools)
    report = step_report(result.dossier, result.evaluation)
    rec.blocking_count = blocking_total(report)
    rec.steps_status = {key: state.status for key, state in report.items()}
    rec.updated_at = utcnow()
    rec.updated_by_id = user.id if user else None
    db.session.flush()
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


def practice_copy(rec: DossierRecord, user: User | None, title: str) -> DossierRecord:
    """A practice copy of a dossier (any state): the same content as a new practice draft, its
    schools keeping where their figures came from; the original is untouched."""
    copy = import_dossier(rec.organisation, user, to_domain(rec), title[:200], practice=True)
    for source, school in zip(rec.schools, copy.schools, strict=True):
        school.circonscription, school.commune = source.circonscription, source.commune
        school.source_note = source.source_note
    log(copy, user, "dossier", copy.id, "practice_copy", rec.reference or rec.title, {"from": rec.id})
    db.session.flush()
    return copy
