"""Downloads of a dossier: the candidature (Word, PDF) and the verification report for the team
and the inspectors.

The Word file is built in the request and never goes through LibreOffice (a rendering takes
seconds, half a minute for 80 schools): its table of contents holds every heading and asks
Word to fill the page numbers on opening (`w:updateFields`). The page numbers computed from a
rendering are the PDF's (`services.pdf.docx_to_pdf`), the document the filing platform takes.
Both documents read the evaluation the recap shows (`evaluated_now`: the call's window checked
now, the reference lists' findings), so they count the same blocking points.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, flash, redirect, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

import exports
from services import pdf
from services.dossiers import evaluated_now
from services.filing import export_meta

from .access import dossier_for, policy

bp = Blueprint("exports", __name__, url_prefix="/dossiers")

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _documents(dossier_id: int, build):
    rec = dossier_for(dossier_id)
    result = evaluated_now(rec)
    sources = (
        (_("Source : ministère de l'Éducation nationale, Annuaire de l'éducation, Licence Ouverte"),)
        if any(s.source_note for s in rec.schools)
        else ()
    )
    locale = str(get_locale() or "fr")
    return rec, build(result.dossier, result.evaluation, locale, export_meta(rec, sources))


def _attachment(data: bytes, mimetype: str, filename: str) -> Response:
    return Response(
        data, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


@bp.route("/<int:dossier_id>/dossier.docx")
@policy("viewer")
def dossier_docx(dossier_id: int):
    """The candidature as a Word document, with the same figures as the recap."""
    rec, data = _documents(dossier_id, exports.build_dossier_docx)
    return _attachment(data, DOCX, f"{rec.reference or 'dossier'}.docx")


@bp.route("/<int:dossier_id>/rapport-de-verification.docx")
@policy("viewer")
def report_docx(dossier_id: int):
    """The verification report: findings, rule codes and remarks, never part of the candidature."""
    rec, data = _documents(dossier_id, exports.build_report_docx)
    return _attachment(data, DOCX, f"{rec.reference or 'dossier'}-verification.docx")


@bp.route("/<int:dossier_id>/dossier.pdf")
@policy("viewer")
def dossier_pdf(dossier_id: int):
    """The candidature as a PDF (LibreOffice headless), its table of contents numbered."""
    back = request.referrer or url_for("home.index")
    if not pdf.available():
        flash(
            _(
                "Le PDF n'est pas disponible sur ce serveur (LibreOffice n'y est pas installé) : téléchargez le dossier Word."
            ),
            "error",
        )
        return redirect(back)
    rec, data = _documents(dossier_id, exports.build_dossier_docx)
    try:
        document = pdf.docx_to_pdf(data, current_app.config.get("PDF_TIMEOUT", pdf.DEFAULT_TIMEOUT))
    except pdf.PdfUnavailable as error:
        current_app.logger.warning("PDF of dossier %s failed: %s", rec.id, error)
        flash(
            _(
                "Le PDF n'a pas pu être produit cette fois : réessayez dans un instant, ou téléchargez le dossier Word."
            ),
            "error",
        )
        return redirect(back)
    return _attachment(document, "application/pdf", f"{rec.reference or 'dossier'}.pdf")
