"""What the filed documents need beyond the dossier's content: the seat commune (pre-filled
from the school directory), the deliberation, the schools' communes and the attachments."""

from __future__ import annotations

from exports.context import default_place
from exports.meta import Attachment as AttachmentMeta
from exports.meta import ExportMeta
from grants.academies import academie_of
from models import DossierRecord
from services import communes, directory


def seat_commune_of(rec: DossierRecord) -> str:
    """The seat commune the team gave; else INSEE's name of that code (Code officiel
    géographique, when loaded); else the directory's commune of that INSEE code; else, for a
    commune, its own name less « Ville de » (an EPCI gets nothing: it is no town)."""
    if rec.seat_commune and rec.seat_commune.strip():
        return rec.seat_commune.strip()
    if rec.insee and (official := communes.name_of(rec.insee.strip().upper())):
        return official
    if rec.insee:
        found = directory.communes_by_code([rec.insee.strip().upper()])
        if found:
            return found[0].name
    return default_place(rec.name).strip() if rec.kind == "commune" else ""


def school_communes(rec: DossierRecord) -> dict[str, str]:
    """Each school's commune (what an EPCI's candidature shows): the one stored with the school
    (picked in the directory or typed by the team), else the directory's for its UAI."""
    given = {s.uai: s.commune.strip() for s in rec.schools if (s.commune or "").strip()}
    missing = [s.uai for s in rec.schools if s.uai not in given]
    known = directory.by_uai(missing) if missing else {}
    return given | {uai: e.commune for uai, e in known.items() if e.commune}


def export_meta(rec: DossierRecord, sources: tuple[str, ...] = ()) -> ExportMeta:
    """Everything the candidature and the verification report show beyond the content."""
    return ExportMeta(
        reference=rec.reference,
        state=rec.state,
        place=seat_commune_of(rec),
        sources=sources,
        practice=rec.practice,
        signed_on=rec.signed_on,
        deliberation_number=rec.deliberation_number or "",
        deliberation_date=rec.deliberation_date,
        address=rec.address or "",
        academie=rec.academie or academie_of(rec.departement, rec.insee),
        school_communes=school_communes(rec) if rec.kind in ("epci", "syndicat") else {},
        attachments=tuple(
            AttachmentMeta(a.kind, a.filename, a.pages, a.sha256) for a in getattr(rec, "attachments", [])
        ),
    )
