"""INSEE's list of communes: loading it (replacing the old list in one transaction) and reading
a code's commune."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import sqlalchemy as sa

from grants.references import KnownCommune
from grants.references import seat_commune as of_code
from models import GeoCommune, GeoLoad, db

from .memo import forget, once_per_request

if TYPE_CHECKING:  # the file's parser loads with the command that reads it (issue 18)
    from directory.communes import ParsedCommunes

_PREFERRED = {"COM": 0, "ARM": 1, "COMD": 2, "COMA": 3}


def load_communes(parsed: ParsedCommunes) -> int:
    """Replace the list by the file's communes (flushes; the caller commits once)."""
    rows = {(r.code, r.typecom): r for r in parsed.rows}  # a repeated row counts once
    db.session.execute(sa.delete(GeoCommune))
    if rows:
        db.session.execute(
            sa.insert(GeoCommune.__table__),
            [
                {
                    "code": r.code,
                    "typecom": r.typecom,
                    "name": r.name,
                    "departement": r.departement,
                    "region": r.region,
                    "parent": r.parent,
                }
                for r in rows.values()
            ],
        )
    db.session.execute(sa.delete(GeoLoad))
    db.session.add(GeoLoad(filename=parsed.name[:300], rows=len(rows), rejected=parsed.rejected))
    db.session.flush()
    forget("communes")
    return len(rows)


def last_load() -> GeoLoad | None:
    """The file the list was last loaded from (None: no list loaded)."""
    return db.session.scalar(sa.select(GeoLoad).order_by(GeoLoad.id.desc()).limit(1))


def is_loaded() -> bool:
    """Whether any commune is known (read once per request)."""
    return once_per_request(
        ("communes",), lambda: db.session.execute(sa.select(GeoCommune.code).limit(1)).first() is not None
    )


def lookup(codes: Iterable[str]) -> dict[str, KnownCommune]:
    """The communes of those codes (a commune before an arrondissement or a commune déléguée)."""
    wanted = [c for c in dict.fromkeys(codes) if c]
    if not wanted:
        return {}
    found: dict[str, KnownCommune] = {}
    rows = db.session.scalars(sa.select(GeoCommune).where(GeoCommune.code.in_(wanted)))
    for row in sorted(rows, key=lambda r: _PREFERRED.get(r.typecom, 9)):
        found.setdefault(row.code, KnownCommune(row.code, row.typecom, row.name, row.departement, row.parent))
    parents = {c.parent for c in found.values() if c.parent and c.parent not in found}
    if parents:
        for row in db.session.scalars(
            sa.select(GeoCommune).where(GeoCommune.code.in_(parents), GeoCommune.typecom == "COM")
        ):
            for code, commune in found.items():
                if commune.parent == row.code:
                    found[code] = commune.with_parent_name(row.name)
    return found


def name_of(code: str) -> str:
    """The name of the seat commune of that code INSEE ("" when the list does not know it): for
    the place of signature, the dossier's pages."""
    commune = seat_commune(code)
    return commune.name if commune else ""


def seat_commune(code: str) -> KnownCommune | None:
    """The commune of a dossier's seat code, when the list knows it as a commune."""
    return of_code(code, lookup([code])) if code else None
