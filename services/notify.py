"""Telling people what happened to a dossier: a notification in the application and an e-mail.

E-mails are written to the outbox (services.mail) in the same transaction: a rolled-back change
never mails anyone, a committed one never loses its mail.
"""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale, gettext

from grants.i18n import N_
from grants.numbers import fmt_money
from models import DossierRecord, InspectorScope, Membership, Notification, User, db
from models.base import utcnow

from .links import external_url
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
        "accepted": (
            N_("Le dossier %(reference)s est « %(state)s »"),
            N_(
                "%(who)s a décidé : le dossier « %(title)s » est « %(state)s ». Montant accordé : "
                "%(granted)s. Numéro de convention : %(convention)s. %(reason)s"
            ),
        ),
        "assigned": (
            N_("Dossier attribué : %(reference)s"),
            N_("%(who)s vous a attribué le dossier « %(title)s » (%(org)s)."),
        ),
    }
)
TRANSLATED_PARAMS = ("place", "avis", "state")
# Kinds that say nothing new when repeated: a person told of one in the last day is not told
# again (a team that shares, withdraws and shares again does not flood the inspectors).
REPEATS_SILENTLY = {"shared": timedelta(days=1)}


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
    told = _recently_told(users, rec, kind)
    for user in users:
        if (by is not None and user.id == by.id) or user.id in told:
            continue
        subject, text = _render(user.locale, kind, rec, by, params)
        values = json.dumps(_values(rec, by, params), ensure_ascii=False, default=str)
        sent.append(
            Notification(
                user_id=user.id, dossier_id=rec.id, kind=kind, text=text, params=values, created_at=utcnow()
            )
        )
        send_mail(user.email, subject, f"{text}\n\n{link}\n")
    db.session.add_all(sent)
    db.session.flush()
    return sent


def _recently_told(users: list[User], rec: DossierRecord, kind: str) -> set[int]:
    """Who already has a notification of this kind on this dossier, when the kind is one that
    repeats silently."""
    quiet = REPEATS_SILENTLY.get(kind)
    if quiet is None or not users:
        return set()
    return set(
        db.session.scalars(
            sa.select(Notification.user_id).where(
                Notification.dossier_id == rec.id,
                Notification.kind == kind,
                Notification.user_id.in_([u.id for u in users]),
                Notification.created_at > utcnow() - quiet,
            )
        )
    )


def _values(rec: DossierRecord, by: User | None, params: dict) -> dict[str, str]:
    """The values of a message, untranslated (the state, the avis, the place are msgids)."""
    return {
        "who": by.name if by else "",
        "title": rec.title,
        "reference": rec.reference or "",
        "org": rec.name or rec.organisation.name,
        "reason": "",
        "excerpt": "",
        **params,
        "practice": _practice(rec),
    }


def _written(locale: str | None, kind: str, values: dict) -> tuple[str, str]:
    # An acceptance says the amount granted and the convention number
    subject, text = MESSAGES["accepted" if kind == "decision" and "granted" in values else kind]
    with force_locale(locale or "fr"):
        values = dict(values)
        for key in TRANSLATED_PARAMS:
            if values.get(key):
                values[key] = gettext(values[key])
        practice = values.pop("practice", False)
        if "granted" in values:
            values["granted"] = fmt_money(Decimal(str(values["granted"])), locale or "fr")
        if "convention" in values:
            values["convention"] = values["convention"] or gettext("aucun (dossier d'entraînement)")
        subject, text = gettext(subject, **values), gettext(text, **values).strip()
        if practice:
            # A practice dossier's news never reads like a real one's
            subject = gettext("[Entraînement] %(subject)s", subject=subject)
            text = gettext("Dossier d'entraînement (sans effet) — %(text)s", text=text)
        return subject, text


def _render(locale: str, kind: str, rec: DossierRecord, by: User | None, params: dict) -> tuple[str, str]:
    return _written(locale, kind, _values(rec, by, params))


def shown_text(notification: Notification, locale: str | None) -> str:
    """The notification in the reader's language; a row made before its values were kept (or of
    a kind no longer known) shows the text it was stored with."""
    if not notification.params or notification.kind not in MESSAGES:
        return notification.text
    try:
        values = json.loads(notification.params)
        return _written(locale, notification.kind, values)[1]
    except (ValueError, KeyError, TypeError):
        return notification.text


def shown_reference(notification: Notification) -> str:
    """The dossier's reference the notification is about, when it was kept."""
    try:
        return str(json.loads(notification.params or "{}").get("reference") or "")
    except ValueError:
        return ""


def dossier_link(rec: DossierRecord, endpoint: str = "wizard.step", **args) -> str:
    """An absolute address of a page of the dossier, for an e-mail."""
    if endpoint == "wizard.step":
        args.setdefault("step", "recap")
    return external_url(endpoint, dossier_id=rec.id, **args)


def _practice(rec: DossierRecord) -> bool:
    """Whether the news is of a practice dossier (marked, and not sent to the inspectors)."""
    return bool(rec.practice)


def _told_of_team_news(rec: DossierRecord) -> list[User]:
    """The inspectors told of a share or a deposit: nobody for a practice dossier (like the
    inbox, which leaves them out by default), unless REVIEW_NOTIFY_PRACTICE=1."""
    if _practice(rec) and not current_app.config.get("REVIEW_NOTIFY_PRACTICE"):
        return []
    return inspectors_of(rec)


def dossier_shared(rec: DossierRecord, by: User) -> None:
    """The team shared its draft: it is assigned to its circonscription's IEN, and the
    inspectors may read it."""
    _assign(rec)
    notify(_told_of_team_news(rec), rec, "shared", by, dossier_link(rec, "review.dossier"))


def dossier_deposited(rec: DossierRecord, by: User, number: int) -> None:
    """A deposit (a first one, or another after a correction): the inspectors are told (not of
    a practice dossier's)."""
    _assign(rec)
    kind, args = ("deposited", {}) if number == 1 else ("redeposited", {"number": str(number)})
    link = dossier_link(rec, "review.compare_latest") if number > 1 else dossier_link(rec, "review.dossier")
    notify(_told_of_team_news(rec), rec, kind, by, link, **args)


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


def install() -> None:
    """Queued e-mails leave after each commit (see services.mail; idempotent)."""
    from . import mail

    mail.install()
