"""The inspectors' use cases: comment threads anchored in a dossier, avis, instruction, requests
for correction and decisions. Each checks, changes, notifies and flushes; the view commits."""

from __future__ import annotations

import sqlalchemy as sa

from grants.i18n import N_
from grants.workflow import (
    AVIS_LABELS,
    DEPOSE,
    EN_INSTRUCTION,
    INSPECTOR,
    STATE_LABELS,
    TEAM,
    TRANSITIONS,
    refusal,
)
from models import Avis, Comment, CommentThread, DossierRecord, StateChange, User, db
from models.base import utcnow

from . import notify
from .steps import STEPS
from .workflow import Refused, transition

BODY_MAX = 4000
ANCHOR_KINDS = ("section", "school", "line")
DECISIONS = ("accept", "refuse", "close")
REVIEW_ACTIONS = ("instruct", "request_correction")
AVIS_STATES = (DEPOSE, EN_INSTRUCTION)
NEEDS_AVIS = ("accept", "refuse")


def clean_text(text: str | None) -> str:
    """A plain text, stripped, not empty and not too long (Refused otherwise)."""
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise Refused([N_("Écrivez un texte avant d'envoyer.")])
    if len(text) > BODY_MAX:
        raise Refused([N_("Le texte est trop long : 4 000 caractères au plus.")])
    return text


def anchor_label(rec: DossierRecord, kind: str, ref: str) -> str | None:
    """What the anchor names now (step, school or line), or None when it is not in the dossier."""
    if kind == "section":
        return dict(STEPS).get(ref)
    rows = rec.schools if kind == "school" else rec.lines if kind == "line" else []
    row = next((r for r in rows if str(r.id) == str(ref)), None)
    if row is None:
        return None
    return row.name if kind == "school" else row.label


def threads_of(dossier_id: int) -> list[CommentThread]:
    """Every thread of a dossier with its comments and their authors (two queries)."""
    return list(
        db.session.scalars(
            sa.select(CommentThread).where(CommentThread.dossier_id == dossier_id).order_by(CommentThread.id)
        )
    )


def open_thread(rec: DossierRecord, user: User, kind: str, ref: str, body: str) -> CommentThread:
    """A new thread at a section, a school or a line, with its first comment; the team is told."""
    label = anchor_label(rec, kind, ref) if kind in ANCHOR_KINDS else None
    if label is None:
        raise Refused([N_("Cet endroit du dossier n'existe plus : rechargez la page.")])
    text = clean_text(body)
    thread = CommentThread(
        dossier_id=rec.id,
        anchor_kind=kind,
        anchor_ref=str(ref),
        anchor_label=label[:300],
        created_by_id=user.id,
        created_at=utcnow(),
    )
    thread.comments.append(Comment(author_id=user.id, body=text, created_at=utcnow()))
    db.session.add(thread)
    db.session.flush()
    notify.notify(
        notify.team_of(rec),
        rec,
        "comment",
        user,
        place_link(rec, thread),
        place=label,
        excerpt=_excerpt(text),
    )
    return thread


def reply(rec: DossierRecord, thread: CommentThread, user: User, body: str, actors: set[str]) -> Comment:
    """An answer in a thread: the other side is told (the team, or the inspectors who took part)."""
    comment = Comment(author_id=user.id, body=clean_text(body), created_at=utcnow())
    thread.comments.append(comment)
    db.session.flush()
    if INSPECTOR in actors and TEAM not in actors:
        people = notify.team_of(rec)
    else:
        authors = {c.author_id for c in thread.comments}
        people = [u for u in notify.inspectors_of(rec) if u.id in authors]
    notify.notify(
        people,
        rec,
        "reply",
        user,
        place_link(rec, thread),
        place=thread.anchor_label,
        excerpt=_excerpt(comment.body),
    )
    return comment


def set_status(thread: CommentThread, user: User, resolved: bool) -> None:
    """Resolve a thread, or open it again."""
    thread.status = "resolved" if resolved else "open"
    thread.resolved_at = utcnow() if resolved else None
    thread.resolved_by_id = user.id if resolved else None
    db.session.flush()


def place_link(rec: DossierRecord, thread: CommentThread) -> str:
    """The address of the thread's place in the wizard, for e-mails and notifications."""
    step, anchor = anchor_place(thread.anchor_kind, thread.anchor_ref)
    return notify.dossier_link(rec, step=step, _anchor=anchor)


def anchor_place(kind: str, ref: str) -> tuple[str, str]:
    """The step and the element id where an anchor is shown."""
    if kind == "school":
        return "ecoles", f"school-{ref}"
    if kind == "line":
        return "budget", f"line-{ref}"
    return ref, f"comments-section-{ref}"


def _excerpt(text: str, size: int = 300) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def give_avis(rec: DossierRecord, user: User, actors: set[str], value: str, motivation: str) -> Avis:
    """An inspector's avis on a deposited dossier, with its motivation; the team is told."""
    if INSPECTOR not in actors:
        raise Refused([N_("Vous n'avez pas le rôle nécessaire pour cette action.")])
    if rec.state not in AVIS_STATES:
        raise Refused([N_("Un avis se donne sur un dossier déposé ou en instruction.")])
    if value not in AVIS_LABELS:
        raise Refused([N_("Choisissez un avis : favorable, favorable avec réserves ou défavorable.")])
    avis = Avis(dossier_id=rec.id, by_id=user.id, value=value, at=utcnow(), motivation=clean_text(motivation))
    db.session.add(avis)
    rec.updated_at = utcnow()
    db.session.flush()
    notify.notify(
        notify.team_of(rec),
        rec,
        "avis",
        user,
        notify.dossier_link(rec, "review.dossier"),
        avis=AVIS_LABELS[value],
        reason=_excerpt(avis.motivation),
    )
    return avis


def avis_of(rec: DossierRecord) -> list[Avis]:
    """The avis given on a dossier, oldest first."""
    return list(db.session.scalars(sa.select(Avis).where(Avis.dossier_id == rec.id).order_by(Avis.id)))


def move(rec: DossierRecord, user: User, action: str, actors: set[str], reason: str = "") -> StateChange:
    """Instruct, request a correction, or decide (accept, refuse, close); the team is told."""
    if action not in REVIEW_ACTIONS + DECISIONS:
        raise Refused([N_("Action inconnue.")])
    why = refusal(action, rec.state, actors)
    if why:
        raise Refused([why])
    if TRANSITIONS[action].needs_reason and not reason.strip():
        raise Refused([N_("Indiquez le motif.")])
    if action in NEEDS_AVIS and not avis_of(rec):
        raise Refused([N_("Un avis motivé doit être donné avant la décision.")])
    reason = clean_text(reason) if reason.strip() else ""
    change = transition(rec, user, action, actors, reason)
    kind = "correction" if action == "request_correction" else "state"
    link = (
        notify.dossier_link(rec)
        if action == "request_correction"
        else notify.dossier_link(rec, "review.dossier")
    )
    notify.notify(
        notify.team_of(rec),
        rec,
        kind,
        user,
        link,
        state=STATE_LABELS[change.to_state],
        reason=_excerpt(change.reason),
    )
    return change


def state_changes(rec: DossierRecord) -> list[StateChange]:
    """The dossier's life, oldest first."""
    return list(
        db.session.scalars(
            sa.select(StateChange).where(StateChange.dossier_id == rec.id).order_by(StateChange.id)
        )
    )
