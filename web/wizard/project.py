"""Step 6: the pedagogical project, saved by the button and autosaved while typing."""

from __future__ import annotations

from flask import jsonify, request
from flask_babel import format_datetime
from flask_babel import gettext as _

from forms.project import ProjectForm
from grants.fields import PROJECT, names
from models.base import utcnow
from services.editing import update_project
from web.templating import datetime_pattern

from ..access import current_dossier, policy
from ..unit import change
from . import bp
from .common import answer, current_evaluated, merge_inputs, refill, render_step, shows, version_of

FIELDS = names(PROJECT)


@shows("projet")
def show_project(rec, form=None, **context):
    """The project's form, with what the page shows (`shown-<field>`) for the merge of its saves:
    the stored texts, or after a refused save what that page had shown."""
    form = form or ProjectForm(formdata=None, obj=rec, version=rec.version_project)
    posted = request.method == "POST" and not context.get("conflicts")
    shown = {
        name: request.form.get(f"shown-{name}", getattr(rec, name)) if posted else getattr(rec, name)
        for name in FIELDS
    }
    return render_step("projet", current_evaluated(rec), form=form, shown=shown, **context)


def _save(form):
    return change(
        update_project,
        version_of(form),
        {k: getattr(form, k).data or "" for k in FIELDS},
        _("Projet pédagogique"),
        **merge_inputs(request.form, FIELDS),
    )


@bp.route("/<int:dossier_id>/projet", methods=["POST"])
@policy("member", edit=True)
def save_project(dossier_id: int):
    form = ProjectForm()
    if not form.validate_on_submit():
        return show_project(current_dossier(), form)[0], 422
    outcome = _save(form)
    return answer(
        outcome,
        "projet",
        "project",
        lambda rec, **ctx: show_project(rec, refill(form, rec, outcome, FIELDS, "version_project"), **ctx),
    )


@bp.route("/<int:dossier_id>/projet/autosave", methods=["POST"])
@policy("member", edit=True)
def autosave_project(dossier_id: int):
    """The same save as the button, answered in JSON for the page's script: the texts as stored
    now (a colleague's changes of the other texts come back to the page), and, for a text both
    changed, both versions, so that the script shows the colleague's beside this person's."""
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
    outcome = _save(form)
    rec = outcome.record
    stored = {name: getattr(rec, name) for name in FIELDS}
    answer_ = {"version": rec.version_project, "stored": stored}
    if outcome.conflicts:
        return jsonify(
            saved=False,
            conflict=True,
            conflicts=[
                {
                    "field": c.field,
                    "label": str(form[c.field].label.text),
                    "theirs": c.theirs,
                    "who": c.who.name if c.who else _("Un collègue"),
                    "when": format_datetime(c.at, datetime_pattern("short")) if c.at else "",
                }
                for c in outcome.conflicts
            ],
            message=_(
                "%(who)s a aussi modifié ce texte : sa version est affichée sous le vôtre. Votre texte n'est "
                "pas encore enregistré : choisissez, ou fusionnez les deux, puis enregistrez.",
                who=outcome.conflicts[0].who.name if outcome.conflicts[0].who else _("Un collègue"),
            ),
            **answer_,
        ), 409
    return jsonify(
        saved=True,
        kept=[k.field for k in outcome.kept],
        message=_("Enregistré automatiquement à %(time)s", time=format_datetime(utcnow(), "HH:mm")),
        **answer_,
    )
