"""« Télécharger le dossier Word »: the document the team and the inspectors download carries
the same State subsidy as the recap page and as `flask dossier evaluate`."""

import io
import json
from decimal import Decimal

import pytest
import sqlalchemy as sa
from docx import Document

from grants.numbers import fmt_money
from models import Organisation, db
from services import pdf

from ..conftest import EXAMPLES

NAMES = sorted(p.name.removesuffix(".expected.json") for p in EXAMPLES.glob("*.expected.json"))


def _import(app, member, name: str) -> int:
    runner = app.test_cli_runner()
    with app.app_context():
        org_id = db.session.scalar(sa.select(Organisation.id))
        org_name = db.session.get(Organisation, org_id).name
    result = runner.invoke(
        args=["dossier", "import", str(EXAMPLES / f"{name}.json"), "--organisation", org_name]
    )
    assert result.exit_code == 0, result.output
    return int(result.output.strip())


def _document_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


@pytest.mark.parametrize("name", NAMES)
def test_the_word_dossier_states_the_subsidy_of_the_recap_and_of_evaluate(app, team, name):
    member, _org, _draft = team
    dossier_id = _import(app, member, name)
    evaluated = app.test_cli_runner().invoke(args=["dossier", "evaluate", str(EXAMPLES / f"{name}.json")])
    subsidy = fmt_money(Decimal(json.loads(evaluated.output)["funding"]["state_subsidy"]), "fr")

    recap = member.get(f"/dossiers/{dossier_id}/recap").get_data(as_text=True)
    assert subsidy in recap
    response = member.get(f"/dossiers/{dossier_id}/dossier.docx")
    assert response.status_code == 200
    assert response.mimetype.endswith("wordprocessingml.document")
    assert subsidy in _document_text(response.data)


def test_another_collectivite_cannot_download_the_word_dossier(team, actor):
    _member, _org, dossier_id = team
    stranger = actor("autre@ville.example.fr")
    stranger.signup()
    assert stranger.get(f"/dossiers/{dossier_id}/dossier.docx").status_code == 404


def test_the_word_dossier_follows_the_language_of_the_page(team):
    member, _org, dossier_id = team
    member.get("/langue/en")
    text = _document_text(member.get(f"/dossiers/{dossier_id}/dossier.docx").data)
    assert "DRAFT" in text.upper() or "Draft" in text


@pytest.mark.parametrize("name", ["ville-14-ecoles", "label-village"])
def test_the_recaps_summary_gives_the_figures_of_the_word_documents_summary(app, team, name):
    import html
    import re

    from tests.exports.reading import Exported, plain

    member, _org, _draft = team
    dossier_id = _import(app, member, name)
    page = member.get(f"/dossiers/{dossier_id}/recap").get_data(as_text=True)
    section = page[page.index('id="summary-title"') :]
    section = section[: section.index("</dl>")]
    recap = {
        plain(html.unescape(k)): plain(html.unescape(v))
        for k, v in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", section, re.S)
    }
    data = member.get(f"/dossiers/{dossier_id}/dossier.docx").data
    word = Exported(data, None)
    for label in (
        "Écoles éligibles",
        "Coût total HT",
        # A dossier without VAT recovery is subsidised on TTC: the recap shows that cost too.
        "Coût total TTC",
        "Base de la subvention (après plafonds)",
        "Subvention de l'État demandée",
    ):
        rows = word.rows_of(label)
        assert rows and recap[label] == rows[0][1], label
    own = word.rows_of("Part de la collectivité")[0][1]
    assert own.startswith(recap["Part de la collectivité"])


def test_the_word_download_never_runs_libreoffice_and_asks_word_to_number_its_contents(
    app, team, monkeypatch
):
    import zipfile

    from exports.toc_pages import toc_entries

    def refuse(*_args, **_kwargs):
        raise AssertionError("the Word download ran LibreOffice")

    monkeypatch.setattr(pdf, "convert", refuse)
    monkeypatch.setattr(pdf, "available", lambda: True)
    member, _org, _draft = team
    dossier_id = _import(app, member, "petite-commune")
    data = member.get(f"/dossiers/{dossier_id}/dossier.docx").data
    assert len(toc_entries(data)) >= 10  # the contents list every section
    assert b"updateFields" in zipfile.ZipFile(io.BytesIO(data)).read("word/settings.xml")
    report = member.get(f"/dossiers/{dossier_id}/rapport-de-verification.docx").data
    assert b"updateFields" not in zipfile.ZipFile(io.BytesIO(report)).read("word/settings.xml")
