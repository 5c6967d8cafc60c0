"""Other funders: add, change, remove."""

from __future__ import annotations

from models import CofunderRecord, DossierRecord, User, db

from .dossiers import log
from .editing import plain, save_fields

COFUNDER_FIELDS = ("funder", "kind", "status", "amount", "rate", "base")


def add_cofunder(rec: DossierRecord, user: User | None, values: dict) -> CofunderRecord:
    position = max((f.position for f in rec.cofunders), default=-1) + 1
    funder = CofunderRecord(dossier_id=rec.id, position=position, **values)
    rec.cofunders.append(funder)
    db.session.flush()
    log(
        rec,
        user,
        "cofunder",
        funder.id,
        "create",
        funder.funder,
        {k: [None, plain(v)] for k, v in values.items()},
    )
    return funder


def update_cofunder(
    rec: DossierRecord, funder: CofunderRecord, user: User | None, expected: int, values: dict
) -> dict:
    return save_fields(rec, funder, "version", expected, values, user, "cofunder", values.get("funder", ""))


def remove_cofunder(rec: DossierRecord, funder: CofunderRecord, user: User | None) -> None:
    log(
        rec,
        user,
        "cofunder",
        funder.id,
        "delete",
        funder.funder,
        {k: [plain(getattr(funder, k)), None] for k in COFUNDER_FIELDS},
    )
    rec.cofunders.remove(funder)
    db.session.flush()
