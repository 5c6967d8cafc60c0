"""Downloads of a dossier: the Word dossier for the team and the inspectors."""

from __future__ import annotations

from flask import Blueprint, Response
from flask_babel import get_locale
from flask_babel import gettext as _

import exports
from services.dossiers import evaluated

from .access import dossier_for, policy

bp = Blueprint("exports", __name__, url_prefix="/dossiers")

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@bp.route("/<int:dossier_id>/dossier.docx")
@policy("viewer")
def dossier_docx(dossier_id: int):
    """The candidature as a Word document, with the same figures as the recap."""
    rec = dossier_for(dossier_id)
    result = evaluated(rec)
    sources = (
        [_("Source : ministère de l'Éducation nationale, Annuaire de l'éducation, Licence Ouverte")]
        if any(s.source_note for s in rec.schools)
        else []
    )
    meta = exports.ExportMeta(
        reference=rec.reference, state=rec.state, sources=tuple(sources), practice=rec.practice
    )
    data = exports.build_dossier_docx(result.dossier, result.evaluation, str(get_locale() or "fr"), meta)
    return Response(
        data,
        mimetype=DOCX,
        headers={"Content-Disposition": f'attachment; filename="{rec.reference or "dossier"}.docx"'},
    )
