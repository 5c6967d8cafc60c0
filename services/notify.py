"""Telling people what happened to a dossier: a notification in the application and an e-mail.

E-mails wait in the session's outbox and leave only once the transaction is committed, so a
rolled-back change never mails anyone.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import force_locale, gettext
from sqlalchemy.orm import Session

from grants.i18n import N_
from models import DossierRecord, InspectorScope, Membership, Notification, User, db
from models.base import utcnow

from .mail import send_mail

# kind: (subject, text); every text may use who, title, reference, org and the kind's own values
MESSAGES = {
    "comment": (
        N_("Nouveau commentaire sur le dossier %(reference)s"),
        N_("%(who)s a commenté « %(place)s » dans le dossier « %(title)s » : %(excerpt)s"),
    ),
    "reply": (
        N_("Réponse sur le dossier %(reference)s"),
        N_("%(who)s a répondu sur « %(place)s » dans le dossier « %(title)s » : %(excerpt)s"),
    ),
    "correction": (
        N_("Correction demandée sur le dossier %(reference)s"),
        N_("%(who)s demande une correction du dossier « %(title)s » : %(reason)s"),
    ),
    "avis": (
        N_("Avis sur le dossier %(reference)s"),
        N_("%(who)s a donné un avis « %(avis)s » sur le dossier « %(title)s » : %(reason)s"),
    ),
    "state": (
        N_("Le dossier %(reference)s est « %(state)s »"),
        N_("%(who)s a fait passer le dossier « %(title)s » à l'état « %(state)s ». %(reason)s"),
    ),
    "shared": (
        N_("Brouillon partagé : %(reference)s"),
        N_("%(org)s partage avec l'inspection son brouillon « %(title)s »."),
    ),
    "deposited": (N_("Dossier déposé : %(reference)s"), N_("%(org)s a déposé le dossier « %(title)s ».")),
    "redeposited": (
        N_("Dossier déposé à nouveau : %(reference)s"),
        N_(
            "%(org)s a déposé à nouveau le dossier « %(title)s » (dépôt n° %(number)s) : "
            "comparez-le avec le dépôt précédent."
        ),
    ),
}
MESSAGES.update(
    {
        "decision": (
            N_("Le dossier %(reference)s est « %(state)s »"),
            N_("%(who)s a décidé : le dossier « %(title)s » est « %(state)s ». %(reason)s"),
        ),
        "assigned": (
            N_("Dossier attribué : %(reference)s"),
            N_("%(who)s vous a attribué le dossier « %(title)s » (%(org)s)."),
        ),
    }
)
TRANSLATED_PARAMS = ("place", "avis", "state")


@dataclass(frozen=True)
class Mail:
    """An e-mail waiting for the commit."""

    to: str
    subject: str
    body: str


def team_of(rec: DossierRecord) -> list[User]:
    """The active members of the dossier's collectivité."""
    return list(
        db.session.scalars(
            sa.select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.organisation_id == rec.organisation_id, User.active.is_(True))
            .order_by(User.id)
        )
    )


def inspectors_of(rec: DossierRecord) -> list[User]:
    """The inspectors told about the dossier: its assignee and the inspectors of its département
    at the levels configured (REVIEW_NOTIFY_LEVELS, « dasen » by default); every active
    inspector of the département while nobody has the dossier."""
    clauses = [
        InspectorScope.departement == rec.departement,
        User.inspector_level.is_not(None),
        User.active.is_(True),
    ]
    if rec.assignee_id is not None:
        levels = [lv.strip() for lv in current_app.config.get("REVIEW_NOTIFY_LEVELS", "dasen").split(",")]
        clauses.append(
            sa.or_(User.id == rec.assignee_id, User.inspector_level.in_([lv for lv in levels if lv]))
        )
    return list(
        db.session.scalars(
            sa.select(User)
            .join(InspectorScope, InspectorScope.user_id == User.id)
            .where(*clauses)
            .order_by(User.id)
        )
    )


def notify(
    users: list[User], rec: DossierRecord, kind: str, by: User | None, link: str, **params: str
) -> list[Notification]:
    """A notification for each person (but the one who acted), and an e-mail after commit."""
    sent = []
    for user in users:
        if by is not None and user.id == by.id:
            continue
        subject, text = _render(user.locale, kind, rec, by, params)
        sent.append(
            Notification(user_id=user.id, dossier_id=rec.id, kind=kind, text=text, created_at=utcnow())
        )
        _outbox().append(Mail(user.email, subject, f"{text}\n\n{link}\n"))
    db.session.add_all(sent)
    db.session.flush()
    return sent


def _render(locale: str, kind: str, rec: DossierRecord, by: User | None, params: dict) -> tuple[str, str]:
    subject, text = MESSAGES[kind]
    with force_locale(locale or "fr"):
        values = {
            "who": by.name if by else "",
            "title": rec.title,
            "reference": rec.reference or "",
            "org": rec.name or rec.organisation.name,
            "reason": "",
            "excerpt": "",
            **params,
        }
        for key in TRANSLATED_PARAMS:
            if key in values:
                values[key] = gettext(values[key])
        return gettext(subject, **values), gettext(text, **values).strip()


def dossier_link(rec: DossierRecord, endpoint: str = "wizard.step", **args) -> str:
    """An absolute address of a page of the dossier, for an e-mail."""
    if endpoint == "wizard.step":
        args.setdefault("step", "recap")
    return url_for(endpoint, dossier_id=rec.id, _external=True, **args)


def dossier_shared(rec: DossierRecord, by: User) -> None:
    """The team shared its draft: it is assigned to its circonscription's IEN, and the
    inspectors may read it."""
    _assign(rec)
    notify(inspectors_of(rec), rec, "shared", by, dossier_link(rec, "review.dossier"))


def dossier_deposited(rec: DossierRecord, by: User, number: int) -> None:
    """A deposit (a first one, or another after a correction): the inspectors are told."""
    _assign(rec)
    kind, args = ("deposited", {}) if number == 1 else ("redeposited", {"number": str(number)})
    link = dossier_link(rec, "review.compare_latest") if number > 1 else dossier_link(rec, "review.dossier")
    notify(inspectors_of(rec), rec, kind, by, link, **args)


def _assign(rec: DossierRecord) -> None:
    from .inspectors import assign_auto

    assign_auto(rec)


def dossier_assigned(rec: DossierRecord, by: User, assignee: User) -> None:
    """The dossier was given to an inspector: they are told."""
    notify([assignee], rec, "assigned", by, dossier_link(rec, "review.dossier"))


def unread_count(user: User) -> int:
    """How many notifications the person has not read yet."""
    return (
        db.session.scalar(
            sa.select(sa.func.count(Notification.id)).where(
                Notification.user_id == user.id, Notification.read_at.is_(None)
            )
        )
        or 0
    )


# The outbox: e-mails queued during a transaction, sent after its commit, dropped on rollback.


def _outbox() -> list[Mail]:
    return db.session.info.setdefault("outbox", [])


def _send_after_commit(session: Session) -> None:
    for mail in session.info.pop("outbox", []):
        send_mail(mail.to, mail.subject, mail.body)


def _drop_after_rollback(session: Session) -> None:
    session.info.pop("outbox", None)


def install() -> None:
    """Send queued e-mails after each commit (idempotent)."""
    if not sa.event.contains(Session, "after_commit", _send_after_commit):
        sa.event.listen(Session, "after_commit", _send_after_commit)
        sa.event.listen(Session, "after_rollback", _drop_after_rollback)
