"""Jinja filters and globals: Babel formatting for the request's locale, findings, steps."""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from flask import Flask, current_app, g, request, url_for
from flask_babel import format_date, format_datetime, get_locale
from flask_babel import gettext as _
from flask_login import current_user

from grants.call import get_call
from grants.labels import (
    APPLICANT_LABELS,
    BASE_LABELS,
    CATEGORY_LABELS,
    COFUNDING_BASE_LABELS,
    COFUNDING_KIND_LABELS,
    COFUNDING_STATUS_LABELS,
    SCHOOL_KIND_LABELS,
    SECTOR_LABELS,
    SEVERITY_LABELS,
    VOLET_LABELS,
)
from grants.numbers import fmt_date, fmt_number, fmt_percent, fmt_size, money_formatter
from grants.params import SchoolName, of_name, render
from grants.summary import OWN_SHARE_DIGITS, OWN_SHARE_WORDING
from grants.workflow import AVIS_LABELS, STATE_LABELS
from models import LineRecord, SchoolRecord, db
from services.accounts import CREATOR_DELEGATIONS
from services.steps import (
    REPRESENTATIVE,
    STATUS_LABELS,
    index_of,
    representative_fields,
    step_help,
    step_of,
    steps_of,
)
from web.history_labels import ACTION_LABELS, FIELD_LABELS, PART_LABELS, change_rows, field_label, show_value
from web.i18n import request_translations


def locale() -> str:
    """The request's locale's name (asked by every amount, number and school name of a page:
    written once per Babel locale object rather than by Babel each time)."""
    current = get_locale()
    if current is None:
        return "fr"
    try:
        return current._short_name
    except AttributeError:
        current._short_name = str(current)
        return current._short_name


def money(value) -> str:
    # grants.numbers: the one formatter, compiled per locale (pages print thousands of amounts).
    return money_formatter(locale())(Decimal(value))


def filesize(n_bytes: int) -> str:
    """A file's size (« 10 ko », « 5,7 Mo »): grants.numbers.fmt_size, the one size formatter."""
    return fmt_size(int(n_bytes), locale())


def cents_money(value: int) -> str:
    return money_formatter(locale())(Decimal(value) / 100)


def number(value) -> str:
    return fmt_number(value, locale())


def percent(value, digits: int = 1) -> str:
    return fmt_percent(Decimal(value), locale(), digits)


def own_share(value) -> str:
    """« 35,4 % du financement public »: the own share in its one wording (grants.summary)."""
    return _(OWN_SHARE_WORDING, share=percent(value, OWN_SHARE_DIGITS))


def label(mapping: dict, code) -> str:
    """A code's translated name (the code itself when unknown)."""
    if code not in mapping:
        return str(code or "")
    name = mapping[code]
    return str(name) if not isinstance(name, str) else request_translations().ugettext(name)


SLOT = 2_000_000_017  # an id no row reaches, marking where a row's id goes in its address


def url_maker(endpoint: str, slot: str, **values):
    """`url_for(endpoint, **values, slot=id)` for each row of a list, built once: the rows of a
    300-school table then cost a string each instead of a routing of the URL map."""
    built = url_for(endpoint, **values, **{slot: SLOT})
    if built.count(str(SLOT)) != 1:
        return lambda value: url_for(endpoint, **values, **{slot: value})
    head, _mark, tail = built.partition(str(SLOT))
    return lambda value: f"{head}{int(value)}{tail}"


def french_day(text: str) -> str:
    """A date Babel wrote for the request's locale, with « 1er » in French."""
    from grants.numbers import first_of_month

    return first_of_month(text, str(get_locale() or "fr"))


def call_text(call, key: str, fallback: str = "", **params) -> str:
    """The call's own wording of a key (its `[wording]`), translated, with `params` put in its
    `%(name)s`; the fallback (already in the page's language) when the call has none."""
    text = call.text(key) if call is not None else ""
    return _(text, **params) if text else fallback


def _call_named(of):
    """The call of a dossier record or a row (its `call_id`), of an identifier, or the call itself."""
    if of is None or hasattr(of, "steps"):
        return of
    return get_call(of if isinstance(of, str) else getattr(of, "call_id", None) or "")


FIELD_ANCHORS = {
    "collectivite.representative.name": "rep_name",
    "collectivite.representative.title": "rep_title",
    "collectivite.contact": "contact_name",
}


ONE_SCHOOL_STEPS = ("etat", "budget")


def render_finding(finding) -> str:
    """A finding's message in the request's language, written once per request: a step page
    shows a school's or a line's findings at the top and again at their row."""
    memo = g.setdefault("rendered_findings", {})
    key = (id(finding), locale())
    found = memo.get(key)
    if found is None or found[0] is not finding:
        found = memo[key] = (finding, finding.render(key[1]))
    return found[1]


def _step_url(dossier_id: int, step: str) -> str:
    urls = g.setdefault("step_urls", {})
    if (dossier_id, step) not in urls:
        urls[dossier_id, step] = url_for("wizard.step", dossier_id=dossier_id, step=step)
    return urls[dossier_id, step]


def _row_ids(rec, kind: str) -> list[int]:
    """The ids of the dossier's schools or lines in their order, once per request and revision:
    the list the page loaded, else the ids alone (the recap of 400 lines links each finding to
    its line without reading 400 rows)."""
    cache = g.setdefault("row_ids", {})
    loaded = rec.__dict__.get(kind)  # the list, when this request loaded it
    key = (rec.id, kind, rec.revision, None if loaded is None else len(loaded))
    if key not in cache:
        if loaded is not None:
            cache[key] = [row.id for row in loaded]
        else:
            model = SchoolRecord if kind == "schools" else LineRecord
            query = sa.select(model.id).where(model.dossier_id == rec.id).order_by(model.position)
            cache[key] = list(db.session.scalars(query))
    return cache[key]


def finding_link(rec, finding) -> str:
    """Where a finding is fixed: its step, at the school, line or field it concerns."""
    step = step_of(finding)
    url = _step_url(rec.id, step)
    school, line = index_of(finding.path, "schools"), index_of(finding.path, "lines")
    if school is not None and school < len(school_ids := _row_ids(rec, "schools")):
        school_id = school_ids[school]
        if step in ONE_SCHOOL_STEPS:  # these pages show one school at a time
            url = url_for("wizard.step", dossier_id=rec.id, step=step, ecole=school_id)
        return f"{url}#school-{school_id}"
    if line is not None and line < len(line_ids := _row_ids(rec, "lines")):
        line_id = line_ids[line]
        if step == "budget":
            url = url_for("wizard.step", dossier_id=rec.id, step=step, ligne=line_id)
        return f"{url}#line-{line_id}"
    if finding.path == REPRESENTATIVE:  # at the first of its fields that is missing
        return f"{url}#{representative_fields(finding)[0]}"
    if finding.path.startswith("collectivite."):
        return f"{url}#{FIELD_ANCHORS.get(finding.path, finding.path.split('.', 1)[1])}"
    if finding.path == "call":
        return f"{url}#way-forward"  # the call's dates, and the practice copy
    return url


# English dates that no reader misreads: « 2 Dec 2026, 06:10 », never the US « 12/2/26, 6:10 AM ».
# French keeps Babel's own formats (« 02/12/2026 06:10 »).
ENGLISH_DATETIMES = {"short": "d MMM y, HH:mm", "medium": "d MMM y, HH:mm:ss"}
ENGLISH_DATES = {"short": "d MMM y", "medium": "d MMM y", "long": "d MMMM y"}


def datetime_pattern(fmt: str) -> str:
    """The format of a date and time for the request's language."""
    return ENGLISH_DATETIMES.get(fmt, fmt) if locale() == "en" else fmt


def date_pattern(fmt: str) -> str:
    """The format of a date for the request's language."""
    return ENGLISH_DATES.get(fmt, fmt) if locale() == "en" else fmt


def _day(day, fmt: str = "long") -> str:
    """A date for the request's language: French « 1er janvier 2027 », English « 1 Jan 2027 »."""
    if locale() == "fr":
        return fmt_date(day, "fr", fmt)
    return format_date(day, date_pattern(fmt))


def init_app(app: Flask) -> None:
    from forms.review import LEVEL_CHOICES
    from services.directory_picks import shown_note

    app.jinja_env.filters.update(
        money=money,
        filesize=filesize,
        cents_money=cents_money,
        number=number,
        percent=percent,
        # French dates write « 1er » (grants.numbers.first_of_month, as the Word documents do).
        datetime=lambda v, fmt="medium": french_day(format_datetime(v, datetime_pattern(fmt))) if v else "",
        # A wall-clock date as given (a call's date in its own time zone), never shifted.
        wallclock=lambda v: _day(v.date()) + " " + v.strftime("%H:%M") if v else "",
        # « 1er janvier 2027 » in French (grants.numbers.fmt_date), « 2 Dec 2026 » in English
        day=lambda v, fmt="long": _day(v.date() if hasattr(v, "date") else v, fmt) if v else "",
        render_finding=render_finding,
        # Inside « l'école %(name)s »: « l'école maternelle des Tilleuls », never « l'école École … ».
        school_name=lambda name: SchoolName(name or "").render(locale()),
        # Inside « … %(of_name)s »: « de » and the name, elided in French (« d'Acigné »).
        of_name=lambda name: of_name(name or "", locale()),
        source_note=shown_note,
        render_step=lambda s: (render(s.label, s.params, locale()), render(s.formula, s.params, locale())),
    )
    labels = {
        "category": CATEGORY_LABELS,
        "kind": SCHOOL_KIND_LABELS,
        "sector": SECTOR_LABELS,
        "volet": VOLET_LABELS,
        "severity": SEVERITY_LABELS,
        "state": STATE_LABELS,
        "cofunding_kind": COFUNDING_KIND_LABELS,
        "cofunding_status": COFUNDING_STATUS_LABELS,
        "cofunding_base": COFUNDING_BASE_LABELS,
        "avis": AVIS_LABELS,
        "applicant": APPLICANT_LABELS,
        "status": STATUS_LABELS,
        "base": BASE_LABELS,
        "part": PART_LABELS,
        "action": ACTION_LABELS,
        "field": FIELD_LABELS,
        "level": dict(LEVEL_CHOICES),
    }

    @app.context_processor
    def globals_():
        return {
            "LABELS": labels,
            # Between a name and its value: « : » with its space in French, ": " in English.
            "colon": _(" : "),
            "label": label,
            # The steps as the dossier's call names them: steps_of(rec), step_help_of(rec, key).
            "steps_of": lambda of: steps_of(_call_named(of)),
            "step_help_of": lambda of, key: step_help(_call_named(of), key),
            "current_locale": locale(),
            "current_user": current_user,
            "has_endpoint": lambda name: name in current_app.view_functions,
            "url_maker": url_maker,
            # The creator's delegation, stored as a message: in the reader's language.
            "delegation_text": lambda text: _(text) if text in CREATOR_DELEGATIONS else text,
            "pdf_available": _pdf_available,
            "own_share": own_share,
            "finding_link": finding_link,
            "call_text": call_text,
            "call_of": get_call,
            "change_rows": change_rows,
            "field_label": field_label,
            "show_value": show_value,
            "finding_step": step_of,
            # Replaced by the review's context processor: the comment threads at a place.
            "comments": lambda kind, ref, label="": "",
            "pending_correction": lambda rec: None,
            "lang_url": lambda lang: url_for("home.set_language", lang=lang, next=_here()),
        }


def _here() -> str:
    """Where the language switch comes back to: this page, or after a refused POST the page of
    its form (a GET on the POST's address would be « Action not possible »)."""
    if request.method in ("GET", "HEAD"):
        return request.full_path
    from web.security import readable_target

    return readable_target(request.full_path, request.referrer)


def _pdf_available() -> bool:
    """Whether this server can render PDFs (LibreOffice installed)."""
    from services.pdf import available

    return available()
