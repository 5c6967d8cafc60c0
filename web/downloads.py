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

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

import exports
from models import DossierRecord, db
from services import jobs, pdf
from services.documents import candidature_documents

from .access import dossier_for, policy

bp = Blueprint("exports", __name__, url_prefix="/dossiers")

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _documents(dossier_id: int, build):
    rec = dossier_for(dossier_id)
    return rec, candidature_documents(rec, build, str(get_locale() or "fr"))


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


@bp.route("/<int:dossier_id>/dossier.pdf", methods=["GET", "POST"])
@policy("viewer")
def dossier_pdf(dossier_id: int):
    """« Télécharger en PDF »: LibreOffice renders the candidature twice (its contents then show
    the page numbers), tens of seconds for a large dossier: a background job (tasks/), whose page
    follows its progress and then offers the file."""
    back = request.referrer or url_for("home.index")
    if not pdf.available():
        flash(
            _(
                "Le PDF n'est pas disponible sur ce serveur (LibreOffice n'y est pas installé) : téléchargez le dossier Word."
            ),
            "error",
        )
        return redirect(back)
    if request.method != "POST":  # a link followed: the job starts from the button (a POST)
        flash(_("Cliquez sur « Télécharger en PDF » pour préparer le PDF."), "info")
        return redirect(back)
    rec = dossier_for(dossier_id)
    job = jobs.pdf_job(current_user, rec, str(get_locale() or "fr"))
    jobs.start(job)
    return redirect(url_for("exports.pdf_job", job_id=job.id))


def _pdf_job(job_id: int):
    """The person's own PDF job and its dossier (the worker checked that they see it)."""
    job = jobs.pdf_of(current_user, job_id)
    rec = db.session.get(DossierRecord, job.params["ids"][0]) if job is not None else None
    if rec is None:
        abort(404)
    return rec, job


@bp.route("/pdf/<int:job_id>")
@policy("authenticated")
def pdf_job(job_id: int):
    """The PDF's preparation; the page follows it (script, else a refresh) and offers the file."""
    rec, job = _pdf_job(job_id)
    return render_template(
        "exports/pdf_job.html",
        rec=rec,
        job=job,
        statuses=jobs.STATUS_LABELS,
        ready=jobs.file_of(job),
    )


@bp.route("/pdf/<int:job_id>/etat.json")
@policy("authenticated")
def pdf_job_status(job_id: int):
    """The PDF's preparation for the page's script."""
    _rec, job = _pdf_job(job_id)
    ready = jobs.file_of(job)
    return jsonify(
        status=job.status,
        status_label=_(jobs.STATUS_LABELS[job.status]),
        percent=job.percent,
        text=_("PDF prêt") if ready else _("Mise en page par LibreOffice…"),
        file=url_for("exports.pdf_file", job_id=job.id) if ready else None,
        finished=job.finished,
    )


@bp.route("/pdf/<int:job_id>/fichier")
@policy("authenticated")
def pdf_file(job_id: int):
    """The PDF the job made."""
    rec, job = _pdf_job(job_id)
    path = jobs.file_of(job)
    if path is None:
        flash(_("Le PDF n'est pas encore prêt."), "info")
        return redirect(url_for("exports.pdf_job", job_id=job.id))
    name = f"{rec.reference or 'dossier'}.pdf"
    return send_file(path, mimetype="application/pdf", as_attachment=True, download_name=name)
