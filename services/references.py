"""The reference lists' findings on a stored dossier: the seat's code against INSEE's communes,
the schools against the directory."""

from __future__ import annotations

import sqlalchemy as sa

from grants.dossier import Dossier
from grants.findings import Finding
from grants.references import DirectorySchool, check_directory, check_seat_code, check_seat_name
from models import DirectoryEstablishment, db

from . import communes, directory
from .memo import once_per_request


def _postcode_of(code: str) -> list[str]:
    """The communes of the directory whose postal code is that code (a code INSEE mistyped)."""
    E = DirectoryEstablishment
    rows = db.session.execute(
        sa.select(E.commune).where(E.postcode == code).group_by(E.commune).order_by(E.commune).limit(5)
    )
    return [name for (name,) in rows]


def seat_findings(dossier: Dossier) -> list[Finding]:
    """The seat's code INSEE against the list of communes, when a list is loaded."""
    insee = dossier.collectivite.insee
    if not insee or not communes.is_loaded():
        return []
    known, postcodes = once_per_request(("communes", "seat", insee), lambda: _seat_lists(insee))
    return check_seat_code(dossier, known, postcodes) + check_seat_name(dossier, known)


def _seat_lists(insee: str) -> tuple[dict, list[str]]:
    known = communes.lookup([insee])
    return known, [] if insee in known else _postcode_of(insee)


def directory_schools(uais: list[str]) -> dict[str, DirectorySchool]:
    """The directory's description of the schools of those UAIs (read once per request: a save
    and the page it answers with check the same schools)."""
    return once_per_request(("directory", "schools", tuple(uais)), lambda: _directory_schools(uais))


def _directory_schools(uais: list[str]) -> dict[str, DirectorySchool]:
    found = directory.by_uai(uais) if uais else {}
    return {u: DirectorySchool(e.uai, e.name, e.kind, e.sector, e.commune) for u, e in found.items()}


def findings(dossier: Dossier) -> list[Finding]:
    """Every finding of the reference lists on the dossier."""
    return seat_findings(dossier) + check_directory(
        dossier, directory_schools([s.uai for s in dossier.schools])
    )
