"""What the filed documents need beyond the dossier's content: the seat commune (pre-filled
from the school directory), the deliberation, the schools' communes and the attachments."""

from __future__ import annotations

from exports.context import default_place
from exports.meta import Attachment as AttachmentMeta
from exports.meta import ExportMeta
from grants.academies import academie_of
from grants.references import same_commune
from models import DossierRecord
from services import communes, directory


def code_commune(insee: str) -> str:
    """The commune of a code INSEE: INSEE's name (Code officiel géographique, when loaded), else
    the directory's commune of that code ("" when neither knows it)."""
    code = (insee or "").strip().upper()
    if not code:
        return ""
    if official := communes.name_of(code):
        return official
    found = directory.communes_by_code([code])
    return found[0].name if found else ""


def seat_commune_of(rec: DossierRecord) -> str:
    """The seat commune the team gave; else the commune of its code INSEE (`code_commune`);
    else, for a commune, its own name less « Ville de » (an EPCI gets nothing: it is no town)."""
    if rec.seat_commune and rec.seat_commune.strip():
        return rec.seat_commune.strip()
    if found := code_commune(rec.insee):
        return found
    return default_place(rec.name).strip() if rec.kind == "commune" else ""


def seat_following_code(rec: DossierRecord, values: dict) -> dict:
    """The collectivité step's values with the seat commune following a new code INSEE: when the
    seat is empty or the commune of the previous code (the one it was filled from), it becomes
    the new code's (empty when no list knows it: the pages then propose what they can). A seat
    the team typed otherwise is kept (a warning names both when it is not the code's commune)."""
    if "insee" not in values or "seat_commune" not in values:
        return values
    old, new = (rec.insee or "").strip().upper(), (values["insee"] or "").strip().upper()
    if old == new:
        return values
    given = (values["seat_commune"] or "").strip()
    before = code_commune(old)
    # What the form proposed when nothing was stored (the old code's commune, or the name less
    # « Ville de »): not typed by the team, so it follows the code too.
    proposed = "" if (rec.seat_commune or "").strip() else seat_commune_of(rec)
    if given and not any(known and same_commune(given, known) for known in (before, proposed)):
        return values
    return {**values, "seat_commune": code_commune(new)}


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
