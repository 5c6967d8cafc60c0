"""Loading, evaluating, creating and importing stored dossiers."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from grants.call import CallDefinition, get_call
from grants.dossier import Dossier
from grants.evaluation import Evaluation, evaluate
from models import ChangeLog, DossierRecord, Organisation, User, db
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


def evaluated(rec: DossierRecord) -> Evaluated:
    """Evaluate a stored dossier under its call."""
    dossier = to_domain(rec)
    call = get_call(rec.call_id)
    assert call is not None, rec.call_id
    return Evaluated(rec, dossier, call, evaluate(dossier, call))


def refresh(rec: DossierRecord, user: User | None) -> Evaluated:
    """After a change: follow rate-based contributions, re-evaluate, store the list figures."""
    result = evaluated(rec)
    f = result.evaluation.funding
    # The rules read a rate-based contribution as rate × base (grants.funding): store that figure.
    for funder, read, amount in zip(rec.cofunders, result.dossier.cofunding, f.cofunder_amounts, strict=True):
        if funder.rate is not None and funder.base:
            funder.amount = read.amount = amount
    rec.state_subsidy_cents = int(f.state_subsidy * 100)
    rec.project_cost_cents = int(f.project_cost * 100)
    rec.school_count = len(rec.schools)
    rec.blocking_count = len(result.evaluation.blocking())
    rec.steps_status = step_statuses(result.dossier, result.evaluation)
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
