"""The inspectors' inbox (columns, filters, saved views, « Mes dossiers » and « À traiter »),
its spreadsheets (CSV in French conventions, Excel with schools and lines), the bulk actions
run as background jobs, and the département's dashboard."""

from __future__ import annotations

from flask import (
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from markupsafe import Markup

from forms.review import ViewForm
from grants.areas import short_area_names
from grants.workflow import STATE_LABELS
from models import Job, User, db
from models.base import utcnow
from services import dashboard as dashboards
from services import inbox as service
from services import inspectors, jobs
from services.sheets import inbox_lists as sheets
from services.workflow import Refused

from ..access import policy
from ..templating import money
from . import bp, guards


def _filters() -> service.Filters:
    return service.Filters.from_args(request.args, current_user.departements)


@bp.route("/")
@policy("inspector")
def inbox():
    """The dossiers of the inspector's départements, filtered, sorted and paged."""
    guards.inspector()
    page = service.inbox(current_user, _filters())
    return render_template(
        "review/inbox.html",
        page=page,
        f=page.filters,
        departements=current_user.departements,
        circonscriptions=service.circonscriptions(current_user),
        people=inspectors.names_of(current_user.departements),
        page_sizes=service.PAGE_SIZES,
        batch_max=jobs.BATCH_MAX,
        choices=service.CHOICES,
        views=service.views_of(current_user),
        view_form=ViewForm(formdata=None, query=page.filters.query_string()),
        jobs=jobs.jobs_of(current_user, 3),
        kinds=jobs.KINDS,
        is_decider=current_user.inspector_level in ("dasen", "dan"),
    )


def _attachment(body: bytes, mimetype: str, extension: str, stem: str = "dossiers") -> Response:
    name = f"{stem}-{utcnow():%Y%m%d-%H%M}.{extension}"
    return Response(
        body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@bp.route("/export.csv")
@policy("inspector")
def export_csv():
    """The filtered list as CSV (French conventions: `;`, decimal comma, UTF-8 with a BOM)."""
    guards.inspector()
    rows = service.all_rows(current_user, _filters())
    return _attachment(sheets.dossiers_csv(rows, _), "text/csv", "csv")


@bp.route("/export.xlsx")
@policy("inspector")
def export_xlsx():
    """The filtered list as an Excel workbook with schools and lines."""
    guards.inspector()
    f = _filters()
    body = sheets.dossiers_xlsx(
        service.all_rows(current_user, f),
        service.schools_of(current_user, f),
        service.lines_of(current_user, f),
        _,
    )
    return _attachment(body, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")


# Saved views


@bp.route("/vues", methods=["POST"])
@policy("inspector")
def save_view():
    """Save the inbox's current filters under a name."""
    guards.inspector()
    form = ViewForm()
    f = service.filters_from_query(form.query.data or "", current_user.departements)
    if not form.validate_on_submit():
        for error in form.name.errors:
            flash(error, "error")
        return redirect(url_for("review.inbox", **f.args(page=1)))
    try:
        view = service.save_view(current_user, form.name.data, f)
    except Refused as refused:
        db.session.rollback()
        flash(_(refused.reasons[0]), "error")
        return redirect(url_for("review.inbox", **f.args(page=1)))
    db.session.commit()
    flash(_("Vue « %(name)s » enregistrée.", name=view.name), "success")
    return redirect(url_for("review.inbox", **f.args(page=1)))


@bp.route("/vues/<int:view_id>/suppression", methods=["POST"])
@policy("inspector")
def delete_view(view_id: int):
    """Delete one of the inspector's saved views."""
    guards.inspector()
    if not service.delete_view(current_user, view_id):
        abort(404)
    db.session.commit()
    flash(_("Vue supprimée."), "success")
    return redirect(url_for("review.inbox"))


# Bulk actions, as background jobs


def _selected_ids() -> list[int]:
    ids = []
    for value in request.form.getlist("ids")[: jobs.BATCH_MAX + 1]:
        if value.isascii() and value.isdigit() and len(value) < 12:
            ids.append(int(value))
    return ids


@bp.route("/lot", methods=["POST"])
@policy("inspector")
def bulk():
    """Start a bulk action on the dossiers ticked in the inbox; the job's page follows it."""
    guards.inspector()
    action = request.form.get("action", "")
    back = url_for("review.inbox", **_filters_from_form().args())
    params = {}
    if action == "assign":
        if current_user.inspector_level not in ("dasen", "dan"):
            flash(_("Seul un inspecteur de niveau IA-DASEN ou DAN attribue les dossiers."), "error")
            return redirect(back)
        value = request.form.get("assignee", "")
        if value and not (value.isascii() and value.isdigit() and len(value) < 12):
            value = ""
        assignee = db.session.get(User, int(value)) if value else None
        if value and (assignee is None or not assignee.is_inspector):
            flash(_("Attribuer à : choisissez un inspecteur de la liste."), "error")
            return redirect(back)
        params["assignee"] = assignee.id if assignee else None
    if request.form.get("scope") == "filter":
        # Every dossier of the filter: the ids are recomputed here with the inbox's visibility,
        # never taken from the page.
        ids = service.matching_ids(current_user, _filters_from_form(), jobs.BATCH_MAX + 1)
    else:
        ids = _selected_ids()
    try:
        job = jobs.create(current_user, action, ids, params)
    except Refused as refused:
        db.session.rollback()
        flash(_(refused.reasons[0]), "error")
        return redirect(back)
    jobs.start(job)
    return redirect(url_for("review.job", job_id=job.id))


def _filters_from_form() -> service.Filters:
    return service.filters_from_query(request.form.get("back", ""), current_user.departements)


def _job(job_id: int) -> Job:
    job = db.session.get(Job, job_id)
    if job is None or job.user_id != current_user.id:
        abort(404)
    return job


@bp.route("/travaux/<int:job_id>")
@policy("inspector")
def job(job_id: int):
    """A job's progress; the page refreshes itself (or its script asks) until it is finished."""
    guards.inspector()
    item = _job(job_id)
    return render_template(
        "review/job.html",
        job=item,
        kinds=jobs.KINDS,
        statuses=jobs.STATUS_LABELS,
        ready=jobs.file_of(item),
        stalled=jobs.stalled(item),
        stall_seconds=int(current_app.config.get("JOB_STALL_SECONDS", jobs.STALL_SECONDS)),
    )


@bp.route("/travaux/<int:job_id>/etat.json")
@policy("inspector")
def job_status(job_id: int):
    """A job's progress for the page's script."""
    guards.inspector()
    item = _job(job_id)
    return jsonify(
        status=item.status,
        status_label=_(jobs.STATUS_LABELS[item.status]),
        done=item.done,
        failed=item.failed,
        total=item.total,
        percent=item.percent,
        text=_("%(done)s sur %(total)s", done=item.done + item.failed, total=item.total),
        file=url_for("review.job_file", job_id=item.id) if jobs.file_of(item) else None,
        finished=item.finished,
        stalled=jobs.stalled(item),
    )


@bp.route("/travaux/<int:job_id>/fichier")
@policy("inspector")
def job_file(job_id: int):
    """The file a job made (the zip of candidatures)."""
    guards.inspector()
    item = _job(job_id)
    path = jobs.file_of(item)
    if path is None:
        flash(_("Ce travail n'a pas (encore) de fichier à télécharger."), "info")
        return redirect(url_for("review.job", job_id=item.id))
    return send_file(path, mimetype="application/zip", as_attachment=True, download_name=path.name)


# The département's dashboard


def _dashboard_for(departement: str | None):
    codes = current_user.departements
    code = departement if departement in codes else (codes[0] if codes else None)
    if code is None:
        abort(404)
    envelopes = dashboards.parse_envelopes(current_app.config.get("REVIEW_ENVELOPES", ""))
    practice = request.args.get("practice", "")
    return dashboards.dashboard(
        current_user, code, envelopes, practice if practice in dashboards.PRACTICE_CHOICES else ""
    )


def _area_name(name: str) -> str:
    if name == dashboards.ASSIGNED:
        return _("Circonscription des écoles inconnue (dossiers attribués)")
    return name or _("Circonscription inconnue")


def _days(low: int, high: int | None) -> str:
    if high is None:
        return ngettext("%(num)s jour ou plus", "%(num)s jours ou plus", low)
    return _("%(low)s à %(high)s jours", low=low, high=high)


@bp.route("/tableau-de-bord")
@policy("inspector")
def dashboard():
    """Where the département's real dossiers stand, with charts and their tables."""
    guards.inspector()
    board = _dashboard_for(request.args.get("departement"))
    states = [dashboards.Bar(_(STATE_LABELS[s]), n, str(n)) for s, n in board.by_state.items()]
    names = [_area_name(a.name) for a in board.areas]
    areas = [
        dashboards.Bar(short, a.count, str(a.count), full)
        for a, full, short in zip(board.areas, names, short_area_names(names), strict=True)
    ]
    amounts = [
        dashboards.Bar(_("Demandé"), float(board.requested), money(board.requested)),
        dashboards.Bar(_("Accordé"), float(board.granted), money(board.granted)),
    ]
    if board.envelope_of is not None and not board.envelope_of.national:
        # The national envelope would flatten the département's bars: it is in the figures only.
        amounts.insert(0, dashboards.Bar(_("Enveloppe"), float(board.envelope), money(board.envelope)))
    weeks = [dashboards.Bar(dashboards.week_label(w), n, str(n)) for w, n in board.weeks]
    delays = [dashboards.Bar(_days(low, high), n, str(n)) for low, high, n in board.decision_buckets]
    return render_template(
        "review/dashboard.html",
        board=board,
        departements=current_user.departements,
        area_names=names,
        delay_labels=[_days(low, high) for low, high, _n in board.decision_buckets],
        practice_choices=service.PRACTICE_FILTERS,
        charts={
            "states": Markup(dashboards.svg_bars(states, _("Dossiers par état"))),
            "areas": Markup(dashboards.svg_bars(areas, _("Dossiers par circonscription"))),
            "amounts": Markup(dashboards.svg_bars(amounts, _("Montants"))),
            "weeks": Markup(dashboards.svg_bars(weeks, _("Dépôts par semaine"))),
            "delays": Markup(dashboards.svg_bars(delays, _("Du dépôt à la décision"))),
        },
    )


@bp.route("/tableau-de-bord.csv")
@policy("inspector")
def dashboard_csv():
    """Every table of the dashboard, one after the other, as a French CSV: dossiers per state,
    per circonscription (with the amounts and the envelope), first deposits per week, and the
    time from deposit to decision."""
    guards.inspector()
    board = _dashboard_for(request.args.get("departement"))
    d = board.departement
    headers = [
        _("Tableau"),
        _("Département"),
        _("Libellé"),
        _("Dossiers"),
        _("Déposés"),
        _("Décidés"),
        _("Subvention demandée (€)"),
        _("Montant accordé (€)"),
    ]
    what = _("Dossiers par état")
    rows: list[list] = [
        [what, d, _(STATE_LABELS[s]), n, None, None, None, None] for s, n in board.by_state.items()
    ]
    what = _("Par circonscription")
    rows += [
        [what, d, _area_name(a.name), a.count, a.deposited, a.decided, a.requested, a.granted]
        for a in board.areas
    ]
    rows.append(
        [
            what,
            d,
            _("Total"),
            board.total,
            sum(a.deposited for a in board.areas),
            board.decided,
            board.requested,
            board.granted,
        ]
    )
    if board.envelope_of is not None:
        label = _("Enveloppe nationale de l'appel") if board.envelope_of.national else _("Enveloppe")
        rows.append([what, d, label, None, None, None, None, board.envelope])
    what = _("Premiers dépôts par semaine")
    rows += [
        [what, d, _("Semaine du %(date)s", date=dashboards.week_label(w)), None, n, None, None, None]
        for w, n in board.weeks
    ]
    what = _("Du dépôt à la décision")
    rows += [
        [what, d, _days(low, high), None, None, n, None, None] for low, high, n in board.decision_buckets
    ]
    return _attachment(
        sheets.french_csv(headers, rows),
        "text/csv",
        "csv",
        f"tableau-de-bord-{board.departement}",
    )
