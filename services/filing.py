"""What the filed documents need beyond the dossier's content: the seat commune (pre-filled
from the school directory), the deliberation, the schools' communes and the attachments."""

from __future__ import annotations

from exports.context import default_place
from exports.meta import Attachment as AttachmentMeta
from exports.meta import ExportMeta
from models import DossierRecord
from services import directory


def seat_commune_of(rec: DossierRecord) -> str:
    """The seat commune the team gave; else the directory's commune of that INSEE code; else,
    for a commune, its own name less « Ville de » (an EPCI gets nothing: it is no town)."""
    if rec.seat_commune and rec.seat_commune.strip():
        return rec.seat_commune.strip()
    if rec.insee:
        found = directory.communes_by_code([rec.insee.strip().upper()])
        if found:
            return found[0].name
    return default_place(rec.name).strip() if rec.kind == "commune" else ""


def school_communes(rec: DossierRecord) -> dict[str, str]:
    """Each school's commune, from the directory (what an EPCI's candidature shows)."""
    known = directory.by_uai([s.uai for s in rec.schools])
    return {uai: e.commune for uai, e in known.items() if e.commune}


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
        academie=rec.academie or "",
        school_communes=school_communes(rec) if rec.kind in ("epci", "syndicat") else {},
        attachments=tuple(
            AttachmentMeta(a.kind, a.filename, a.pages, a.sha256) for a in getattr(rec, "attachments", [])
        ),
    )
