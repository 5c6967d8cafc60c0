"""Step 6: the pedagogical project, saved by the button and autosaved while typing."""

from __future__ import annotations

from flask import jsonify
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user

from forms.project import ProjectForm
from models import db
from models.base import utcnow
from services.dossiers import refresh
from services.editing import Conflict, save_fields

from ..access import dossier_for, policy
from . import bp
from .common import current_evaluated, render_step, saved, shows, version_of

FIELDS = ("summary", "pedagogy", "ien", "concertation")


@shows("projet")
def show_project(rec, form=None, **context):
    form = form or ProjectForm(formdata=None, obj=rec, version=rec.version_project)
    return render_step("projet", current_evaluated(rec), form=form, **context)


def _save(rec, form) -> None:
    save_fields(
        rec,
        rec,
        "version_project",
        version_of(form),
        {k: getattr(form, k).data or "" for k in FIELDS},
        current_user,
        "project",
        _("Projet pédagogique"),
    )
    refresh(rec, current_user)
    db.session.commit()


@bp.route("/<int:dossier_id>/projet", methods=["POST"])
@policy("member")
def save_project(dossier_id: int):
    rec = dossier_for(dossier_id, edit=True)
    form = ProjectForm()
    if not form.validate_on_submit():
        return show_project(rec, form)[0], 422
    try:
        _save(rec, form)
    except Conflict as conflict:
        db.session.rollback()
        rec = dossier_for(dossier_id)
        form.version.data = rec.version_project
        return show_project(rec, form, conflict=conflict)[0], 409
    return saved(rec.id, "projet")


@bp.route("/<int:dossier_id>/projet/autosave", methods=["POST"])
@policy("member")
def autosave_project(dossier_id: int):
    """The same save as the button, answered in JSON for the page's script."""
    rec = dossier_for(dossier_id, edit=True)
    form = ProjectForm()
    if not form.validate_on_submit():
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        return jsonify(
            saved=False,
            errors=errors,
            message=_(
                "Non enregistré : %(errors)s", errors=" ".join(e for errs in errors.values() for e in errs)
            ),
        ), 422
    try:
        _save(rec, form)
    except Conflict as conflict:
        db.session.rollback()
        who = conflict.entries[-1].user.name if conflict.entries and conflict.entries[-1].user else ""
        return jsonify(
            saved=False,
            conflict=True,
            message=_(
                "%(who)s a modifié le projet entre-temps : rechargez la page pour voir ses changements "
                "(copiez d'abord votre texte).",
                who=who or _("Un collègue"),
            ),
        ), 409
    rec = dossier_for(dossier_id)
    return jsonify(
        saved=True,
        version=rec.version_project,
        message=_("Enregistré automatiquement à %(time)s", time=format_datetime(utcnow(), "HH:mm")),
    )
