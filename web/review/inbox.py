"""The inspectors' inbox and its spreadsheets (CSV, and Excel with schools and lines)."""

from __future__ import annotations

from flask import Response, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from models.base import utcnow
from services import inbox as service

from ..access import policy
from . import bp, guards, sheets


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
        page_size=service.PAGE_SIZE,
    )


def _attachment(body: bytes, mimetype: str, extension: str) -> Response:
    name = f"dossiers-{utcnow():%Y%m%d-%H%M}.{extension}"
    return Response(
        body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@bp.route("/export.csv")
@policy("inspector")
def export_csv():
    """The filtered list as CSV."""
    guards.inspector()
    rows = service.all_rows(current_user, _filters())
    return _attachment(sheets.dossiers_csv(rows, _), "text/csv; charset=utf-8", "csv")


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
