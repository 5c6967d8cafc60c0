"""The pieces attached to a dossier: the list with what the call requires, upload, removal and
download (the team and the inspectors who see the dossier)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField

from grants.call import get_call
from grants.labels import PIECE_LABELS
from models import Attachment, db
from services import attachments as pieces
from services import workflow
from services.attachments import Refused

from .access import dossier_for, is_member, policy

bp = Blueprint("attachments", __name__, url_prefix="/dossiers")


class PieceForm(FlaskForm):
    """The kind of the piece (the file itself is read from the request, size-bounded)."""

    kind = SelectField(_l("Nature de la pièce"))


def _form(call) -> PieceForm:
    form = PieceForm()
    form.kind.choices = [(p.code, _(PIECE_LABELS.get(p.code, p.code))) for p in call.pieces]
    return form


def _page(rec, form, error: str | None = None, status: int = 200):
    call = get_call(rec.call_id)
    private = any(s.sector in call.private_sectors_needing_parity for s in rec.schools)
    wanted = [p for p in call.pieces if p.when != "private" or private]
    have = {a.kind for a in rec.attachments}
    missing = [p for p in wanted if p.required and p.code not in have]
    editable = is_member(current_user, rec) and rec.editable
    return (
        render_template(
            "attachments/index.html",
            rec=rec,
            form=form,
            error=error,
            wanted=wanted,
            missing=missing,
            editable=editable,
            accepted=pieces.ACCEPTED,
            max_size=pieces.limit_text(),
            deposits=workflow.deposits(rec),
            PIECE_LABELS=PIECE_LABELS,
        ),
        status,
    )


@bp.route("/<int:dossier_id>/pieces", methods=["GET"])
@policy("viewer")
def index(dossier_id: int):
    rec = dossier_for(dossier_id)
    return _page(rec, _form(get_call(rec.call_id)))


@bp.route("/<int:dossier_id>/pieces", methods=["POST"])
@policy("member")
def upload(dossier_id: int):
    rec = dossier_for(dossier_id, edit=True)
    call = get_call(rec.call_id)
    form = _form(call)
    if not form.validate_on_submit():
        return _page(rec, form, _("Choisissez la nature de la pièce dans la liste."), 422)
    sent = request.files.get("file")
    if sent is None or not sent.filename:
        return _page(rec, form, _("Choisissez le fichier à joindre."), 422)
    limit = current_app.config.get("UPLOAD_MAX_BYTES", pieces.DEFAULT_MAX_BYTES)
    data = sent.stream.read(limit + 1)
    try:
        piece = pieces.add(rec, current_user, form.kind.data, sent.filename, data, call)
    except Refused as refused:
        db.session.rollback()
        return _page(dossier_for(dossier_id), form, str(refused.args[0]), 422)
    db.session.commit()
    flash(_("Pièce jointe : %(name)s.", name=piece.filename), "success")
    return redirect(url_for("attachments.index", dossier_id=rec.id))


@bp.route("/<int:dossier_id>/pieces/<int:piece_id>/supprimer", methods=["POST"])
@policy("member")
def delete(dossier_id: int, piece_id: int):
    rec = dossier_for(dossier_id, edit=True)
    if not FlaskForm().validate_on_submit():
        abort(400)
    piece = db.session.get(Attachment, piece_id)
    if piece is None or piece.dossier_id != rec.id:
        abort(404)
    name = piece.filename
    pieces.remove(rec, current_user, piece)
    db.session.commit()
    flash(_("Pièce retirée du dossier : %(name)s.", name=name), "success")
    return redirect(url_for("attachments.index", dossier_id=rec.id))


@bp.route("/<int:dossier_id>/pieces/<int:piece_id>")
@policy("viewer")
def download(dossier_id: int, piece_id: int):
    rec = dossier_for(dossier_id)
    piece = db.session.get(Attachment, piece_id)
    if piece is None or piece.dossier_id != rec.id:
        abort(404)
    try:
        data = pieces.read(piece.sha256)
    except OSError:
        current_app.logger.error("attachment %s of dossier %s is missing or damaged", piece.id, rec.id)
        abort(404)
    return Response(
        data,
        mimetype=piece.content_type,
        headers={
            "Content-Disposition": f'attachment; filename="{piece.filename}"',
            "X-Content-Type-Options": "nosniff",
        },
    )
