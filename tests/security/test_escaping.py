"""What people type is shown as text, never run: in every page, in the Word export, and in the
spreadsheets (a cell typed `=HYPERLINK(…)` stays text)."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
import sqlalchemy as sa
from lxml import etree

from models import (
    ChangeLog,
    CofunderRecord,
    Comment,
    CommentThread,
    DossierRecord,
    LineRecord,
    Notification,
    Organisation,
    SchoolRecord,
    StateChange,
    User,
    db,
)

from .routes import routes

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = "\"'><img src=x onerror=alert(2)>"
FORMULA = '=HYPERLINK("http://evil.example","clic")'
PAYLOAD = SCRIPT + ATTRIBUTE
RAW = ("<script>alert(1)", "<img src=x onerror", "onerror=alert(2)>")
MODELS = (
    DossierRecord,
    SchoolRecord,
    LineRecord,
    CofunderRecord,
    Organisation,
    User,
    CommentThread,
    Comment,
    Notification,
)
KEEP = {"email", "password_hash", "token_hash"}


def _text_columns(model) -> list[str]:
    """The free-text columns of a model, long enough to hold the payload."""
    names = []
    for column in model.__table__.columns:
        kind = column.type
        if column.name in KEEP or not isinstance(kind, sa.String):
            continue
        if isinstance(kind, sa.Text) or (kind.length or 0) >= 100:
            names.append(column.name)
    return names


def _poison(app, world, text: str) -> None:
    """Put `text` in every free-text field of the world, and in new history entries."""
    with app.app_context():
        for model in MODELS:
            values = {name: text for name in _text_columns(model)}
            if values:
                db.session.execute(sa.update(model).values(**values))
        author = world.users["member_a"]
        for dossier_id in world.dossiers.values():
            db.session.add(
                ChangeLog(
                    dossier_id=dossier_id,
                    user_id=author,
                    part="collectivite",
                    action="update",
                    label=text,
                    changes={"name": [text, text], "_v": 99},
                )
            )
        db.session.add(
            StateChange(
                dossier_id=world.dossiers["A"],
                from_state="depose",
                to_state="depose",
                by_id=world.users["ien_x"],
                reason=text,
            )
        )
        db.session.commit()


def _html_pages(app, world, roles=("member_a", "ien_x")):
    for route in (r for r in routes() if r.method == "GET"):
        for target in route.targets:
            for role in roles:
                url = route.url(world, target, owner=role)
                response = world.client(app, role).get(url)
                if response.mimetype == "text/html":
                    yield role, url, response.get_data(as_text=True)


def test_no_page_runs_what_people_typed(app, world):
    _poison(app, world, PAYLOAD)
    unescaped, shown = [], 0
    for role, url, body in _html_pages(app, world):
        unescaped += [f"{role} GET {url}: {raw}" for raw in RAW if raw in body]
        shown += "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert not unescaped, "\n".join(unescaped)
    assert shown > 10  # the payload really was on the pages, escaped


def test_a_school_named_like_a_script_shows_escaped(app, world):
    _poison(app, world, SCRIPT)
    client = world.client(app, "member_a")
    body = client.get(f"/dossiers/{world.dossiers['A2']}/ecoles").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert SCRIPT not in body


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = [n for n in archive.namelist() if n.startswith("word/") and n.endswith(".xml")]
        texts = []
        for name in parts:
            root = etree.fromstring(archive.read(name))  # raises if the XML was broken by the text
            texts += root.itertext()
    return "".join(texts)


def test_the_word_export_writes_what_people_typed_as_text(app, world):
    builder = pytest.importorskip("exports.docx_dossier", reason="the Word export is not there yet")
    hostile = PAYLOAD + "</w:t></w:r><w:r><w:t>INJECTED\x0b&amp;"  # \x0b: a character XML cannot hold
    _poison(app, world, hostile)
    from services.dossiers import evaluated, load

    with app.app_context():
        result = evaluated(load(world.dossiers["A2"]))
        data = builder.build_dossier_docx(result.dossier, result.evaluation, "fr")
    text = _docx_text(data)
    assert PAYLOAD + "</w:t></w:r><w:r><w:t>INJECTED&amp;" in text  # literally, minus what XML cannot hold
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b"<w:t>INJECTED" not in archive.read("word/document.xml")


def test_the_word_export_served_by_the_site_is_escaped_too(app, world):
    endpoints = [r for r in routes() if r.method == "GET" and r.endpoint.startswith("exports.")]
    if not endpoints:
        pytest.skip("no Word export route yet (exports.*)")
    _poison(app, world, PAYLOAD)
    for route in endpoints:
        target = None if route.targets == (None,) else "A2"
        response = world.client(app, "member_a").get(route.url(world, target))
        if route.rule.endswith(".docx"):
            assert response.status_code == 200, route.rule
        else:  # the PDF: a GET shows its job's page or starts nothing (a POST starts the rendering)
            assert response.status_code < 400, route.rule
        if response.get_data()[:2] == b"PK":
            assert SCRIPT in _docx_text(response.get_data())


def _sheet_routes():
    return [r for r in routes() if r.method == "GET" and r.rule.endswith((".xlsx", ".csv"))]


def _cells(response) -> list[tuple[str, object, str]]:
    """(where, value, type) of every cell of a CSV or XLSX answer."""
    data = response.get_data()
    if data[:2] == b"PK":
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(data))
        return [
            (f"{ws.title}!{c.coordinate}", c.value, c.data_type)
            for ws in book
            for row in ws.iter_rows()
            for c in row
            if c.value is not None
        ]
    text = data.decode("utf-8-sig")
    dialect = csv.Sniffer().sniff(text[:2000], delimiters=";,\t") if text.strip() else csv.excel
    return [
        (f"row {i}", v, "csv") for i, row in enumerate(csv.reader(io.StringIO(text), dialect)) for v in row
    ]


def _runs(value, kind: str) -> bool:
    """Whether a spreadsheet program would compute the cell: a formula cell of a workbook, or a CSV
    field starting with = + - @ (CSV has no types: the program guesses)."""
    if kind == "f":
        return True
    return kind == "csv" and str(value).lstrip().startswith(("=", "+", "-", "@"))


def test_a_cell_typed_as_a_formula_stays_text_in_the_spreadsheets(app, world):
    if not _sheet_routes():
        pytest.skip("no spreadsheet download yet")
    _poison(app, world, FORMULA)
    problems = []
    for route in _sheet_routes():
        for target in route.targets:
            for role in ("member_a", "ien_x"):
                response = world.client(app, role).get(route.url(world, target, owner=role))
                if response.status_code != 200:
                    continue
                problems += [
                    f"{route.rule} [{target}] {where}: {value!r}"
                    for where, value, kind in _cells(response)
                    if "evil.example" in str(value) and _runs(value, kind)
                ]
    assert not problems, "a typed formula would run when the file is opened:\n" + "\n".join(problems)
