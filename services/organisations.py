"""Finding or creating the collectivité account a dossier belongs to."""

from __future__ import annotations

import sqlalchemy as sa

from grants.dossier import Dossier
from models import Membership, Organisation, User, db

from .accounts import CREATOR_DELEGATION


def organisation_named(name: str, dossier: Dossier, member: User | None = None) -> Organisation:
    """The collectivité of that name, created from the dossier's identity when new."""
    org = db.session.scalar(sa.select(Organisation).where(Organisation.name == name))
    if org is None:
        c = dossier.collectivite
        org = Organisation(name=name, kind=c.kind, siret=c.siret, insee=c.insee, departement=c.departement)
        db.session.add(org)
        db.session.flush()
    if member is not None and org.id not in member.organisation_ids:
        holder = db.session.scalar(
            sa.select(Membership.id).where(
                Membership.organisation_id == org.id,
                Membership.deposit_right.in_(("representative", "delegation")),
            )
        )
        # As for a collectivité created on the site: its first member holds the right to deposit
        # (and gives it to others, services/members.py); without one, nobody could ever deposit.
        right = {} if holder else {"deposit_right": "delegation", "delegation": CREATOR_DELEGATION}
        db.session.add(Membership(user_id=member.id, organisation_id=org.id, role="admin", **right))
        db.session.flush()
        db.session.refresh(member)
    return org
