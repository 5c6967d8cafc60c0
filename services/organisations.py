"""Finding or creating the collectivité account a dossier belongs to."""

from __future__ import annotations

import sqlalchemy as sa

from grants.dossier import Dossier
from models import Membership, Organisation, User, db
from models.base import utcnow

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


# The collectivité's own identity, as an account holds it (models.Organisation): a dossier copies
# it when created (services.dossiers.create) and the team corrects its copy at the dossier's
# Collectivité step; a correction that passes the rules becomes the collectivité's.
IDENTITY = ("kind", "siret", "insee", "departement")


def identity_findings(kind: str, siret: str, insee: str, departement: str) -> dict[str, list]:
    """What the Collectivité step says of these identifiers, field by field (the same rules:
    the SIRET's key and kind, the code INSEE's form and the list of communes)."""
    from grants.call import get_call
    from grants.dossier import Collectivite
    from grants.findings import Context
    from grants.rules.identity import check_insee, check_siret

    from . import references
    from .sessions import default_call_id

    call = get_call(default_call_id(utcnow()))
    dossier = Dossier(call.id, Collectivite(kind, "", siret or "", insee or "", departement or ""))
    ctx = Context(dossier, call, None)
    # Empty identifiers too: the step asks for a missing SIRET or code INSEE (blocking).
    found = check_siret(ctx) + check_insee(ctx) + references.seat_findings(dossier)
    return {
        "siret": [f for f in found if f.path == "collectivite.siret"],
        "insee": [f for f in found if f.path == "collectivite.insee"],
    }


def take_identity(org: Organisation, rec) -> list[str]:
    """After the team saved a dossier's Collectivité step: the identifiers it corrected become
    the collectivité's (the next dossier starts from them), each only when the rules accept it
    (a mistake in one dossier never replaces a valid value). Other dossiers keep their copy.
    Returns the fields taken."""
    from grants.identifiers import insee_is_valid, siret_is_valid

    valid = {
        "kind": bool(rec.kind),
        "siret": siret_is_valid(rec.siret or ""),
        "insee": insee_is_valid(rec.insee or ""),
        "departement": bool(rec.departement),
    }
    taken = [name for name in IDENTITY if valid[name] and getattr(org, name) != getattr(rec, name)]
    for name in taken:
        setattr(org, name, getattr(rec, name))
    return taken
