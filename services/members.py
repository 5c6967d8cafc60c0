"""A collectivité's team: who may join (the invited address, never an inspector or an
administrator), removing a member, the right to deposit, and the collectivité's log.

Who may deposit (the decision, see SECURITY.md): the member recorded as the collectivité's legal
representative, or a member holding a recorded delegation (the act named: « arrêté de délégation
de signature n° … du … »). The member who creates the collectivité's space holds the right first
(they certify on deposit that they act for the representative) and records it for others. The
right is given and withdrawn only by a member who holds it, and the last holder keeps it: a
dossier can always be deposited by someone named.
"""

from __future__ import annotations

import sqlalchemy as sa

from grants.i18n import N_
from models import Invitation, Membership, Organisation, OrganisationEvent, User, db
from models.base import utcnow

from . import accounts

RIGHTS = ("representative", "delegation")


class Refused(Exception):
    """The change is refused: `message` (a msgid with %(…)s parameters) says why."""

    def __init__(self, message: str, **params):
        super().__init__(message % params if params else message)
        self.message, self.params = message, params

    def render(self, translate) -> str:
        return translate(self.message) % self.params if self.params else translate(self.message)


def log(org_id: int, actor: User | None, action: str, subject: User | str, detail: str = "") -> None:
    """An entry of the collectivité's log (the subject kept by name and address)."""
    who = subject if isinstance(subject, str) else f"{subject.name} <{subject.email}>"
    db.session.add(
        OrganisationEvent(
            organisation_id=org_id,
            actor_id=actor.id if actor else None,
            action=action,
            subject=who[:500],
            detail=detail[:300],
        )
    )


def check_may_join(user: User) -> None:
    """Inspectors and administrators review and manage dossiers: they are never team members."""
    if user.is_inspector or user.is_admin:
        raise Refused(
            N_(
                "Un compte d'inspecteur ou d'administrateur ne peut pas faire partie de l'équipe "
                "d'une collectivité : il relit les dossiers sans les rédiger."
            )
        )


def check_invitee(email: str) -> None:
    """An invitation to the address of an inspector's or an administrator's account is refused."""
    user = accounts.find_user(email)
    if user is not None:
        check_may_join(user)


def same_address(invitation: Invitation, user: User) -> bool:
    return invitation.email.strip().casefold() == user.email.strip().casefold()


def join(invitation: Invitation, user: User) -> None:
    """The invited person joins: only with the account of the invited address."""
    check_may_accept(invitation, user)
    joined = invitation.organisation_id not in user.organisation_ids
    accounts.accept_invitation(invitation, user)
    if joined:
        log(invitation.organisation_id, user, "joined", user)
        db.session.flush()


def check_may_accept(invitation: Invitation, user: User) -> None:
    """An invitation opens the team to the account of its address only (a forwarded or leaked link
    opens nothing), and never to an inspector or an administrator."""
    check_may_join(user)
    if not same_address(invitation, user):
        raise Refused(
            N_(
                "Cette invitation est adressée à %(email)s. Connectez-vous avec le compte de cette "
                "adresse (ou créez-le), ou demandez une invitation à votre propre adresse."
            ),
            email=masked(invitation.email),
        )


def masked(email: str) -> str:
    """`m…@ville.example.fr`: enough to recognise one's own address, not to learn another's."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}…@{domain}"


def members_of(org: Organisation) -> list[Membership]:
    return db.session.scalars(
        sa.select(Membership).where(Membership.organisation_id == org.id).order_by(Membership.created_at)
    ).all()


def membership(org: Organisation, membership_id: int) -> Membership | None:
    found = db.session.get(Membership, membership_id)
    return found if found is not None and found.organisation_id == org.id else None


def holds_right(user: User, org_id: int) -> bool:
    return any(m.organisation_id == org_id and m.deposit_right in RIGHTS for m in user.memberships)


def may_deposit(user: User, org_id: int) -> bool:
    """The legal representative, or a member with a recorded delegation."""
    return holds_right(user, org_id)


def holders(org: Organisation) -> list[Membership]:
    return [m for m in members_of(org) if m.deposit_right in RIGHTS]


def remove(org: Organisation, actor: User, gone: Membership) -> None:
    """A member leaves the team (by their own hand or a colleague's); logged."""
    members = members_of(org)
    if len(members) == 1:
        raise Refused(N_("Le dernier membre d'une collectivité ne peut pas être retiré."))
    if gone.deposit_right in RIGHTS and len(holders(org)) == 1:
        raise Refused(
            N_(
                "%(name)s est le seul à pouvoir déposer : donnez d'abord ce droit à un autre membre, "
                "puis retirez-le."
            ),
            name=gone.user.name,
        )
    log(org.id, actor, "removed", gone.user)
    db.session.delete(gone)
    db.session.flush()
    db.session.expire(gone.user, ["memberships"])


def grant(org: Organisation, actor: User, member: Membership, right: str, delegation: str) -> None:
    """Record that a member is the legal representative, or holds a delegation (its act named)."""
    _check_holder(org, actor)
    delegation = " ".join(delegation.split())
    if right not in RIGHTS:
        raise Refused(N_("Choisissez : représentant légal, ou délégation de signature."))
    if right == "delegation" and not delegation:
        raise Refused(
            N_(
                "Indiquez l'acte de délégation, par exemple : arrêté de délégation de signature "
                "n° 2021-12 du 3 mars 2021."
            )
        )
    member.deposit_right, member.delegation = right, delegation[:300] if right == "delegation" else ""
    member.right_granted_by_id, member.right_granted_at = actor.id, utcnow()
    log(org.id, actor, f"right_{right}", member.user, member.delegation)
    db.session.flush()


def withdraw(org: Organisation, actor: User, member: Membership) -> None:
    """The member may no longer deposit; the last holder keeps the right."""
    _check_holder(org, actor)
    if member.deposit_right in RIGHTS and len(holders(org)) == 1:
        raise Refused(
            N_("C'est le seul membre qui peut déposer : donnez d'abord ce droit à un autre membre.")
        )
    member.deposit_right, member.delegation = "", ""
    member.right_granted_by_id, member.right_granted_at = actor.id, utcnow()
    log(org.id, actor, "right_withdrawn", member.user)
    db.session.flush()


def _check_holder(org: Organisation, actor: User) -> None:
    if not holds_right(actor, org.id):
        raise Refused(
            N_(
                "Seul le représentant légal ou un membre ayant une délégation peut donner ou retirer "
                "le droit de déposer."
            )
        )


def events(org: Organisation, limit: int = 100) -> list[OrganisationEvent]:
    return db.session.scalars(
        sa.select(OrganisationEvent)
        .where(OrganisationEvent.organisation_id == org.id)
        .order_by(OrganisationEvent.at.desc(), OrganisationEvent.id.desc())
        .limit(limit)
    ).all()
