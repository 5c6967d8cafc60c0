"""Other funders: add, change, remove."""

from __future__ import annotations

from grants.fields import COFUNDER, names
from models import CofunderRecord, DossierRecord, User, db

from .dossiers import log
from .editing import Saved, find, plain, save_fields

COFUNDER_FIELDS = names(COFUNDER)


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
    rec: DossierRecord, user: User | None, funder_id: int, read_version: int, values: dict, **merge
) -> Saved:
    """Merge a funder's edit; a rate's amount is the rules' (refresh), not the form's."""
    funder = find(rec, "cofunder", funder_id)
    if values.get("rate") is not None:
        values = {k: v for k, v in values.items() if k != "amount"}
    return save_fields(
        rec,
        funder,
        "version",
        read_version,
        values,
        user,
        "cofunder",
        values.get("funder") or funder.funder,
        **merge,
    )


def remove_cofunder(rec: DossierRecord, user: User | None, funder_id: int) -> None:
    funder = find(rec, "cofunder", funder_id)
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
