"""Moving a dossier through its life: checked against grants.workflow, logged, frozen on deposit."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from grants.evaluation import evaluation_to_data
from grants.i18n import N_
from grants.loader import dossier_to_data
from grants.workflow import DEPOSE, TRANSITIONS, refusal
from models import Deposit, DossierRecord, StateChange, User, db
from models.base import utcnow

from .attachments import manifest
from .convert import to_domain
from .dossiers import evaluated, log, with_now


@dataclass
class Refused(Exception):
    """A transition that may not happen; `reasons` are translatable sentences or findings."""

    reasons: list


def transition(
    rec: DossierRecord, user: User, action: str, actors: set[str], reason: str = "", override_reason: str = ""
) -> StateChange:
    """Apply a transition after checking the state, the actor and the reason."""
    why = refusal(action, rec.state, actors)
    if why:
        raise Refused([why])
    step = TRANSITIONS[action]
    if step.needs_reason and not reason.strip():
        raise Refused([N_("Indiquez le motif.")])
    change = StateChange(
        dossier_id=rec.id,
        from_state=rec.state,
        to_state=step.target,
        by_id=user.id,
        reason=reason.strip(),
        override_reason=override_reason,
    )
    db.session.add(change)
    log(rec, user, "state", None, action, step.target, {"from": rec.state, "to": step.target})
    rec.state = step.target
    rec.updated_at = utcnow()
    db.session.flush()
    return change


ATTACHMENTS_KEY = "attachments"


def frozen_document(dossier_data: dict, pieces: list[dict]) -> str:
    """The deposit's JSON file: the dossier in the interchange format plus, under
    `attachments`, each attached piece (kind, file name, type, size, pages and the SHA-256 of its
    bytes). A reader of the format ignores the extra key; its digest covers the pieces."""
    return json.dumps({**dossier_data, ATTACHMENTS_KEY: pieces}, ensure_ascii=False, sort_keys=True, indent=1)


def frozen_bytes(content: str, pieces: str = "[]") -> bytes:
    """The bytes of the file « contenu.json » a deposit offers: its SHA-256 is the deposit's
    digest (`sha256sum` of the downloaded file prints it). Deposits made before the attachments
    were written into the JSON had, with pieces, their manifest on a line after the content."""
    legacy = pieces not in ("", "[]") and ATTACHMENTS_KEY not in json.loads(content)
    return (f"{content}\n{pieces}" if legacy else content).encode("utf-8")


def content_digest(content: str, pieces: str = "[]") -> str:
    """SHA-256 of the deposit's file (`frozen_bytes`): the proof that neither the content nor
    any attached piece changed (each piece is named in it by the SHA-256 of its bytes)."""
    return hashlib.sha256(frozen_bytes(content, pieces)).hexdigest()


def deposit(
    rec: DossierRecord, user: User, actors: set[str], at: datetime, practice_on_closed_call: bool
) -> Deposit:
    """Deposit when nothing blocks: freeze the content and its evaluation, log the change."""
    checked_at = None if (rec.practice and practice_on_closed_call) else at
    ev = with_now(evaluated(rec), checked_at).evaluation
    if ev.blocking():
        raise Refused(ev.blocking())
    frozen_pieces = manifest(rec)
    content = frozen_document(dossier_to_data(to_domain(rec)), frozen_pieces)
    pieces = json.dumps(frozen_pieces, ensure_ascii=False, sort_keys=True)
    number = (
        db.session.scalar(sa.select(sa.func.max(Deposit.number)).where(Deposit.dossier_id == rec.id)) or 0
    ) + 1
    transition(rec, user, "deposit", actors)
    frozen = Deposit(
        dossier_id=rec.id,
        number=number,
        deposited_by_id=user.id,
        content=content,
        evaluation=json.dumps(evaluation_to_data(ev, "fr"), ensure_ascii=False),
        pieces=pieces,
        digest=content_digest(content, pieces),
        deposited_at=utcnow(),
    )
    db.session.add(frozen)
    # The review's list figures: a new deposit has no avis yet (earlier ones stay, on their deposit)
    rec.deposit_count, rec.deposited_at, rec.avis_value = number, frozen.deposited_at, None
    rec.first_deposited_at = rec.first_deposited_at or frozen.deposited_at
    db.session.flush()
    assert rec.state == DEPOSE
    return frozen


def deposited_pieces(frozen: Deposit) -> list[dict]:
    """The pieces a deposit froze, in their order (the number of each in its URL is its rank)."""
    return json.loads(frozen.pieces or "[]")


def deposits(rec: DossierRecord) -> list[Deposit]:
    """Every frozen deposit of a dossier, oldest first."""
    return list(
        db.session.scalars(sa.select(Deposit).where(Deposit.dossier_id == rec.id).order_by(Deposit.number))
    )
