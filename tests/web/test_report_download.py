"""The « rapport de vérification » the team downloads counts the blocking points of the recap,
with the same findings (the call's window checked now)."""

from __future__ import annotations

import io
import re

from docx import Document

from tests.exports.reading import Exported, plain

from .factories import text
from .test_closed_call import real, recap_count  # noqa: F401 - the fixture of a real dossier


def test_the_report_gives_the_recaps_blocking_points_on_a_closed_call(real):  # noqa: F811
    member, dossier_id = real
    recap = text(member.get(f"/dossiers/{dossier_id}/recap"))
    count = recap_count(recap)
    assert count >= 1  # the call's window is over
    data = member.get(f"/dossiers/{dossier_id}/rapport-de-verification.docx").data
    report = Exported(data, None)
    body = report.text()
    found = re.search(r"Points bloquants : (\d+)", body)
    assert found and int(found.group(1)) == count
    rows = [[plain(c.text) for c in row.cells] for t in report.tables() for row in t.rows]
    failed = {row[1].split("\n")[0] for row in rows if row[0] == "Bloquant"}
    assert "CALL-CLOSED" in failed
    passed_at = body.index("Règles respectées")
    assert "CALL-CLOSED" not in body[passed_at:]
    headings = [h for _style, h in report.headings()]
    assert headings.count("Avant le dépôt : ce qui manque") == 1
    assert [p.text for p in Document(io.BytesIO(data)).paragraphs].count("Rapport de vérification") == 1
