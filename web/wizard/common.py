"""What every step page needs: the dossier, its evaluation, findings by place, step statuses."""

from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from grants.findings import Finding
from services.dossiers import Evaluated, evaluated
from services.editing import Deleted, Missing, find
from services.steps import STEP_KEYS, step_of, step_statuses

from ..access import actors, is_member
from ..history_labels import field_label, show_value
from ..unit import Outcome


def findings_by_path(result: Evaluated) -> dict[str, list[Finding]]:
    """Findings grouped by the place they concern: `schools[2]`, `lines[5]`, `collectivite.siret`."""
    grouped: dict[str, list[Finding]] = {}
    for finding in result.evaluation.findings:
        grouped.setdefault(finding.path, []).append(finding)
        head = finding.path.split(".")[0]
        if head != finding.path:
            grouped.setdefault(head, []).append(finding)
    return grouped


def render_step(step: str, result: Evaluated, status: int = 200, **context):
    """A step page with the progress bar, its findings and the live computation panel."""
    rec = result.record
    statuses = step_statuses(result.dossier, result.evaluation)
    step_findings = [f for f in result.evaluation.findings if step_of(f) == step]
    position = STEP_KEYS.index(step)
    return render_template(
        f"wizard/{step}.html",
        rec=rec,
        result=result,
        ev=result.evaluation,
        funding=result.evaluation.funding,
        step=step,
        statuses=statuses,
        step_findings=step_findings,
        by_path=findings_by_path(result),
        editable=rec.editable and is_member(current_user, rec),
        actors=actors(current_user, rec),
        previous_step=STEP_KEYS[position - 1] if position else None,
        next_step=STEP_KEYS[position + 1] if position + 1 < len(STEP_KEYS) else None,
        **context,
    ), status


def merge_inputs(formdata, names) -> dict:
    """What a save says besides its values: the fields where the person chose a colleague's
    value after a conflict (`choice-<field>` = theirs), and what the page showed when the page
    sends it (`shown-<field>`, the autosaved texts)."""
    keep = {name for name in names if formdata.get(f"choice-{name}") == "theirs"}
    shown = {name: formdata[f"shown-{name}"] for name in names if f"shown-{name}" in formdata}
    return {"keep_theirs": keep, "shown": shown or None}


def refill(form, obj, outcome: Outcome, names, version_attr: str = "version"):
    """The form after a save with conflicts: what is stored now (the colleagues' changes and this
    person's saved ones), except the conflicting fields, which keep what this person typed."""
    conflicting = {c.field for c in outcome.conflicts}
    for name in names:
        if name not in conflicting and name in form:
            form[name].data = getattr(obj, name)
            form[name].raw_data = None
    form.version.data = getattr(obj, version_attr)
    return form


def kept_message(outcome: Outcome, part: str) -> None:
    """Say which colleagues' changes the save kept (their fields were not on this person's page)."""
    from flask import flash

    for kept in outcome.kept:
        flash(
            _(
                "%(who)s a modifié « %(field)s » entre-temps (%(value)s) : sa valeur est gardée.",
                who=kept.who.name if kept.who else _("Un import"),
                field=field_label(part, kept.field),
                value=show_value(part, kept.field, kept.value),
            ),
            "info",
        )


def answer(outcome: Outcome, step: str, part: str, conflict_page, anchor: str = ""):
    """The answer to a save: back to the step (Post/Redirect/Get), or the page with the fields
    to choose (409) when a colleague changed the same ones (the others are saved)."""
    if outcome.conflicts:
        return conflict_page(outcome.record, conflicts=outcome.conflicts, conflict_part=part)[0], 409
    kept_message(outcome, part)
    return saved(outcome.record.id, step, anchor)


def saved(rec_id: int, step: str, anchor: str = ""):
    """Back to the step after a save (Post/Redirect/Get)."""
    from flask import flash

    flash(_("Enregistré."), "success")
    return redirect(url_for("wizard.step", dossier_id=rec_id, step=step) + (f"#{anchor}" if anchor else ""))


def current_evaluated(rec) -> Evaluated:
    return evaluated(rec)


SHOW: dict = {}


def shows(step: str):
    """Register the GET view of a step."""

    def register(fn):
        SHOW[step] = fn
        return fn

    return register


def version_of(form) -> int:
    """The version the form was loaded with (a tampered one is a bad request)."""
    try:
        version = int(form.version.data)
    except (TypeError, ValueError):
        abort(400)
    if not 0 <= version < 2**31:  # beyond, the database itself refuses to compare it
        abort(400)
    return version


def present(rec, part: str, object_id: int):
    """The school, line or funder of the URL, or the `Deleted` record of a colleague's removal
    (404 when it never was in this dossier)."""
    try:
        return find(rec, part, object_id)
    except Missing:
        abort(404)
    except Deleted as deleted:
        return deleted
