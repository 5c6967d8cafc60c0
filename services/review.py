"""The inspectors' use cases: comment threads anchored in a dossier, avis, instruction, requests
for correction and decisions. Each checks, changes, notifies and flushes; the view commits."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa

from grants.call import get_call
from grants.i18n import N_
from grants.workflow import (
    AVIS_LABELS,
    CORRECTION,
    DECIDER_LEVELS,
    DEPOSE,
    EN_INSTRUCTION,
    FINAL_STATES,
    INSPECTOR,
    STATE_LABELS,
    TEAM,
    TRANSITIONS,
    refusal,
)
from models import Avis, Comment, CommentThread, DossierRecord, StateChange, User, db
from models.base import utcnow

from . import notify
from .steps import steps_of
from .workflow import Refused, transition

BODY_MAX = 4000
ANCHOR_KINDS = ("section", "school", "line")
DECISIONS = ("accept", "refuse", "close")
REVIEW_ACTIONS = ("instruct", "request_correction")
AVIS_STATES = (DEPOSE, EN_INSTRUCTION)
NEEDS_AVIS = ("accept", "refuse")
CLOSED = "closed"  # a thread closed with the decision


ASSIGNED_ELSEWHERE = N_(
    "Ce dossier est attribué à un autre inspecteur : seuls lui et les services de l'IA-DASEN ou de "
    "la DAN agissent dessus (demandez-leur de vous l'attribuer)."
)


def may_act(user: User, rec: DossierRecord) -> bool:
    """Whether the inspector may act on the dossier (put it in instruction, request a correction,
    give an avis): an IA-DASEN's or DAN's office on every dossier of its départements, an IEN on
    the dossiers assigned to them and on the unassigned ones (of their départements, the only
    ones they see)."""
    if user.inspector_level in DECIDER_LEVELS:
        return True
    return rec.assignee_id is None or rec.assignee_id == user.id


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
        return dict(steps_of(get_call(rec.call_id))).get(ref)
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


def touch(rec: DossierRecord | None) -> None:
    """Something happened on the dossier (a save, a deposit, a comment, an avis, a decision, an
    assignment): its « Dernière activité », the inbox's column and its sort, is now."""
    if rec is not None:
        rec.updated_at = utcnow()


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
    touch(rec)
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
    if thread.status == CLOSED:
        raise Refused([N_("Cette discussion a été close avec la décision.")])
    comment = Comment(author_id=user.id, body=clean_text(body), created_at=utcnow())
    thread.comments.append(comment)
    touch(rec)
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


def may_set_status(thread: CommentThread, rec: DossierRecord, actors: set[str]) -> bool:
    """Whether this person may resolve or reopen the thread: a thread the inspection opened is
    the inspection's to resolve; a thread closed with the decision stays closed."""
    if thread.status == CLOSED or rec.state in FINAL_STATES:
        return False
    return INSPECTOR in actors or not _opened_by_inspection(thread)


def _opened_by_inspection(thread: CommentThread) -> bool:
    first = thread.comments[0] if thread.comments else None
    return first is not None and first.author.is_inspector


def set_status(
    thread: CommentThread, user: User, resolved: bool, rec: DossierRecord | None = None, actors=None
) -> None:
    """Resolve a thread, or open it again (refused to the team on the inspection's threads)."""
    if rec is not None and not may_set_status(thread, rec, actors or set()):
        raise Refused(
            [N_("Seule l'inspection clôt ses remarques ; répondez-y pour indiquer ce qui a été fait.")]
        )
    thread.status = "resolved" if resolved else "open"
    thread.resolved_at = utcnow() if resolved else None
    thread.resolved_by_id = user.id if resolved else None
    touch(rec if rec is not None else db.session.get(DossierRecord, thread.dossier_id))
    db.session.flush()


def place_link(rec: DossierRecord, thread: CommentThread) -> str:
    """The address of the thread's place in the wizard, for e-mails and notifications."""
    return notify.dossier_link(rec, **place_args(thread.anchor_kind, thread.anchor_ref))


def anchor_place(kind: str, ref: str) -> tuple[str, str]:
    """The step and the element id where an anchor is shown."""
    if kind == "school":
        return "ecoles", f"school-{ref}"
    if kind == "line":
        return "budget", f"line-{ref}"
    return ref, f"comments-section-{ref}"


def place_args(kind: str, ref: str) -> dict:
    """The arguments of `wizard.step` for the place of an anchor: its step, its element and, for a
    budget line, the line (the budget page shows the school of that line)."""
    step, anchor = anchor_place(kind, ref)
    return {"step": step, "_anchor": anchor, **({"ligne": ref} if kind == "line" else {})}


def _excerpt(text: str, size: int = 300) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def give_avis(rec: DossierRecord, user: User, actors: set[str], value: str, motivation: str) -> Avis:
    """An inspector's avis on a deposited dossier, with its motivation; the team is told."""
    if INSPECTOR not in actors:
        raise Refused([N_("Vous n'avez pas le rôle nécessaire pour cette action.")])
    if rec.state not in AVIS_STATES:
        raise Refused([N_("Un avis se donne sur un dossier déposé ou en instruction.")])
    if not may_act(user, rec):
        raise Refused([ASSIGNED_ELSEWHERE])
    if value not in AVIS_LABELS:
        raise Refused([N_("Choisissez un avis : favorable, favorable avec réserves ou défavorable.")])
    avis = Avis(
        dossier_id=rec.id,
        by_id=user.id,
        value=value,
        at=utcnow(),
        motivation=clean_text(motivation),
        deposit_number=rec.deposit_count,
    )
    db.session.add(avis)
    rec.avis_value = value
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


def current_avis(rec: DossierRecord, avis: list[Avis] | None = None) -> list[Avis]:
    """The avis given on the dossier's current deposit."""
    return [a for a in (avis if avis is not None else avis_of(rec)) if a.deposit_number == rec.deposit_count]


@dataclass(frozen=True)
class Decision:
    """What a decision records besides its motivation."""

    granted: Decimal | None = None  # the amount granted (accept), in euros
    convention: str = ""  # the convention number (accept)
    override: str = ""  # why deciding without an avis on the current deposit


def ignored_in_decision(rec: DossierRecord, action: str, decision: Decision) -> list[str]:
    """What was typed in the decision's form and is not recorded (a notice for the decider): an
    amount or a convention number on a refusal or a closing, a convention number on a practice
    dossier."""
    notes = []
    if action != "accept" and decision.convention.strip():
        notes.append(
            N_("Le numéro de convention saisi n'est pas enregistré : il ne vaut que pour une acceptation.")
        )
    if action != "accept" and decision.granted not in (None, Decimal(rec.state_subsidy_cents).scaleb(-2)):
        notes.append(N_("Le montant saisi n'est pas enregistré : un refus ou un classement n'accorde rien."))
    if action == "accept" and rec.practice and decision.convention.strip():
        notes.append(
            N_(
                "Dossier d'entraînement : aucun numéro de convention n'est enregistré, pour qu'aucun "
                "numéro de convention réelle n'y figure."
            )
        )
    return notes


def check_decision(rec: DossierRecord, action: str, decision: Decision) -> list[str]:
    """Why this decision cannot be recorded as given (empty when it can)."""
    problems = []
    if action in NEEDS_AVIS and not current_avis(rec) and not decision.override.strip():
        problems.append(
            N_(
                "Aucun avis n'a été donné sur le dépôt actuel : donnez un avis sur ce dépôt, "
                "ou décidez sans avis en indiquant pourquoi."
            )
        )
    if action == "accept":
        requested = Decimal(rec.state_subsidy_cents).scaleb(-2)
        if decision.granted is None:
            problems.append(N_("Montant accordé : indiquez le montant de la subvention accordée, en euros."))
        elif decision.granted <= 0:
            problems.append(
                N_("Montant accordé : indiquez un montant supérieur à zéro (ou refusez le dossier).")
            )
        elif decision.granted > requested:
            problems.append(N_("Montant accordé : il ne peut dépasser la subvention demandée."))
        if rec.practice:
            pass  # a practice dossier gets no convention number (see _record_decision)
        elif not decision.convention.strip():
            problems.append(N_("Numéro de convention : indiquez le numéro de la convention attributive."))
        elif len(decision.convention.strip()) > 60:
            problems.append(N_("Numéro de convention : 60 caractères au plus."))
    return problems


def move(
    rec: DossierRecord,
    user: User,
    action: str,
    actors: set[str],
    reason: str = "",
    decision: Decision | None = None,
) -> StateChange:
    """Instruct, request a correction, or decide (accept, refuse, close); the team is told, and
    of a decision everyone who acted on the dossier."""
    if action not in REVIEW_ACTIONS + DECISIONS:
        raise Refused([N_("Action inconnue.")])
    why = refusal(action, rec.state, actors)
    if why:
        raise Refused([why])
    if action in REVIEW_ACTIONS and not may_act(user, rec):
        raise Refused([ASSIGNED_ELSEWHERE])
    if TRANSITIONS[action].needs_reason and not reason.strip():
        raise Refused([N_("Indiquez le motif.")])
    decision = decision or Decision()
    if action in DECISIONS:
        problems = check_decision(rec, action, decision)
        if problems:
            raise Refused(problems)
    reason = clean_text(reason) if reason.strip() else ""
    override = (
        clean_text(decision.override)
        if action in NEEDS_AVIS and decision.override.strip() and not current_avis(rec)
        else ""
    )
    change = transition(rec, user, action, actors, reason, override)
    if action in DECISIONS:
        _record_decision(rec, user, action, change, decision)
        return change
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


def _record_decision(
    rec: DossierRecord, user: User, action: str, change: StateChange, decision: Decision
) -> None:
    now = utcnow()
    rec.decided_at = now
    if action == "accept":
        rec.granted_cents = int((decision.granted * 100).to_integral_value(rounding=ROUND_HALF_UP))
        # A practice dossier's decision binds nothing: it gets no convention number, so that no
        # number of a real convention is ever seen on one.
        rec.convention_number = "" if rec.practice else " ".join(decision.convention.split())
    else:
        # A refusal or a closing grants nothing: no amount (not « 0,00 € »), no convention.
        rec.granted_cents, rec.convention_number = None, ""
    # The decision closes the discussion: every thread still open is closed with it.
    for thread in threads_of(rec.id):
        if thread.status == "open":
            thread.status, thread.resolved_at, thread.resolved_by_id = CLOSED, now, user.id
    db.session.flush()
    granted = {}
    if action == "accept":
        granted = {"granted": Decimal(rec.granted_cents).scaleb(-2), "convention": rec.convention_number}
    notify.notify(
        actors_of(rec),
        rec,
        "decision",
        user,
        notify.dossier_link(rec, "review.dossier"),
        state=STATE_LABELS[change.to_state],
        reason=_excerpt(change.reason),
        **granted,
    )


def actors_of(rec: DossierRecord) -> list[User]:
    """Everyone who acted on the dossier: its team, the assignee, and every inspector who
    commented, gave an avis or moved it."""
    ids = {
        *db.session.scalars(
            sa.select(Comment.author_id)
            .join(CommentThread, CommentThread.id == Comment.thread_id)
            .where(CommentThread.dossier_id == rec.id)
        ),
        *db.session.scalars(sa.select(Avis.by_id).where(Avis.dossier_id == rec.id)),
        *db.session.scalars(sa.select(StateChange.by_id).where(StateChange.dossier_id == rec.id)),
    }
    if rec.assignee_id:
        ids.add(rec.assignee_id)
    team = notify.team_of(rec)
    ids -= {u.id for u in team}
    others = (
        list(
            db.session.scalars(
                sa.select(User).where(User.id.in_(ids), User.active.is_(True)).order_by(User.id)
            )
        )
        if ids
        else []
    )
    return team + others


def state_changes(rec: DossierRecord) -> list[StateChange]:
    """The dossier's life, oldest first."""
    return list(
        db.session.scalars(
            sa.select(StateChange).where(StateChange.dossier_id == rec.id).order_by(StateChange.id)
        )
    )


def pending_correction(rec: DossierRecord) -> StateChange | None:
    """The request for correction waiting for the team's new deposit (None when the dossier is
    not sent back)."""
    if rec.state != CORRECTION:
        return None
    return db.session.scalars(
        sa.select(StateChange)
        .where(StateChange.dossier_id == rec.id, StateChange.to_state == CORRECTION)
        .order_by(StateChange.id.desc())
        .limit(1)
    ).first()
