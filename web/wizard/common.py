"""What every step page needs: the dossier, its evaluation, findings by place, step statuses."""

from __future__ import annotations

from collections import OrderedDict

from flask import abort, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from grants.findings import Finding
from services import stored
from services.dossiers import Evaluated, evaluated_now, revision_key
from services.editing import Deleted, Missing, find
from services.steps import STEP_KEYS, blocking_total, on_its_step, step_of, step_report

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


def render_step(step: str, result: Evaluated, status: int = 200, shown_findings=None, **context):
    """A step page with the progress bar, its findings and the live computation panel.
    `shown_findings` keeps those of the step listed at the top (a page showing one school)."""
    rec = result.record
    report = step_report(result.dossier, result.evaluation)
    step_findings = [on_its_step(f) for f in result.evaluation.findings if step_of(f) == step]
    if shown_findings is not None:
        step_findings = shown_findings(step_findings)
    position = STEP_KEYS.index(step)
    return render_template(
        f"wizard/{step}.html",
        rec=rec,
        result=result,
        ev=result.evaluation,
        funding=result.evaluation.funding,
        step=step,
        statuses={key: state.status for key, state in report.items()},
        report=report,
        blocking_total=blocking_total(report),
        step_findings=step_findings,
        by_path=findings_by_path(result),
        funding_panel=funding_panel(result),
        editable=rec.editable and is_member(current_user, rec),
        member=is_member(current_user, rec),
        actors=actors(current_user, rec),
        previous_step=STEP_KEYS[position - 1] if position else None,
        next_step=STEP_KEYS[position + 1] if position + 1 < len(STEP_KEYS) else None,
        **context,
    ), status


_PANELS: OrderedDict = OrderedDict()
PANELS_KEPT = 256


def _render_panel(result: Evaluated) -> Markup:
    return Markup(render_template("wizard/_funding.html", funding=result.evaluation.funding, preview=False))


def funding_panel(result: Evaluated) -> Markup:
    """The live computation panel of a step page, rendered once per revision of the dossier and
    locale (it is most of a step page's rendering, and the same on every step): kept by this
    process, else read from the database where the first worker to render it stored it
    (services.stored), else rendered now and stored when the request ends."""
    rec = result.record
    if not rec.revision:
        return _render_panel(result)
    locale = str(get_locale() or "fr")
    key = (*revision_key(rec), locale)
    panel = _PANELS.get(key)
    if panel is not None:
        _PANELS.move_to_end(key)
        return panel
    part = f"panel:{locale}"
    panel = _stored_panel(rec, part)
    if panel is None:
        panel = _render_panel(result)
        stored.schedule(rec, part, lambda: str(panel).encode())
    _PANELS[key] = panel
    while len(_PANELS) > PANELS_KEPT:
        _PANELS.popitem(last=False)
    return panel


def _stored_panel(rec, part: str) -> Markup | None:
    """The panel a worker stored for this revision and locale (its seal verified by
    services.stored), or None when there is none or it does not decode: rendered again then,
    and stored over it."""
    payload = stored.stored(rec, part)
    if payload is None:
        return None
    try:
        return Markup(payload.decode())
    except UnicodeDecodeError:
        return None


def forget_panels(dossier_ids: set[int] | None = None) -> None:
    """Drop the rendered panels of these dossiers, or every one (after a change made outside the
    application's saves)."""
    if dossier_ids is None:
        _PANELS.clear()
        return
    for key in [k for k in _PANELS if k[0] in dossier_ids]:
        _PANELS.pop(key, None)


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


FIELD_CHECKED_STEPS = ("collectivite", "ecoles")


def answer(outcome: Outcome, step: str, part: str, conflict_page, anchor: str = "", **query):
    """The answer to a save: back to the step (Post/Redirect/Get), or the page with the fields
    to choose (409) when a colleague changed the same ones (the others are saved)."""
    if outcome.conflicts:
        return conflict_page(outcome.record, conflicts=outcome.conflicts, conflict_part=part)[0], 409
    kept_message(outcome, part)
    # Where identifiers are typed, the confirmation says what the rules found at the fields.
    result = evaluated_now(outcome.record) if step in FIELD_CHECKED_STEPS else None
    return saved(outcome.record.id, step, anchor, result=result, **query)


def saved(rec_id: int, step: str, anchor: str = "", result: Evaluated | None = None, **query):
    """Back to the step after a save (Post/Redirect/Get), at `query` (the school shown: `ecole=`);
    with the save's evaluation, the confirmation says how many points the rules found in this
    step (shown at their fields)."""
    flash_saved([f for f in result.evaluation.findings if step_of(f) == step] if result else [])
    url = url_for("wizard.step", dossier_id=rec_id, step=step, **query)
    return redirect(url + (f"#{anchor}" if anchor else ""))


def flash_saved(found: list[Finding]) -> None:
    """The confirmation of a save that says how many points the rules found (shown at their
    fields), or only « Enregistré. » when they found none."""
    from flask import flash

    blocking = sum(f.severity == "blocking" for f in found)
    if found:
        flash(
            _(
                "Enregistré, avec %(n)s point(s) à vérifier dont %(blocking)s bloquant(s) : ils sont "
                "signalés sous les champs concernés.",
                n=len(found),
                blocking=blocking,
            ),
            "warning" if blocking else "success",
        )
    else:
        flash(_("Enregistré."), "success")


def removed(outcome: Outcome, step: str, already, anchor: str = "", **query):
    """The answer to a removal (a line, a funder): back to the step at `query`; when a colleague
    had removed it first, `already(deleted)` says so by name and nothing else is claimed."""
    from flask import flash

    if outcome.deleted:
        flash(already(outcome.deleted), "info")
        return redirect(url_for("wizard.step", dossier_id=outcome.record.id, step=step, **query))
    return saved(outcome.record.id, step, anchor, **query)


def current_evaluated(rec) -> Evaluated:
    """The evaluation every page of the team shows: the call's window checked now."""
    return evaluated_now(rec)


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
