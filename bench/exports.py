"""Figures of the Word export on a large dossier (80 schools, 800 lines), for the bench runner.

The floor is the time of merely zipping the document's XML parts, measured in the same run:
no export can be faster than writing its own package.
"""

from __future__ import annotations

import statistics
import time
import zipfile
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from io import BytesIO

from stdnum import luhn

from exports.docx_dossier import build_dossier_docx
from exports.meta import PARIS, ExportMeta
from grants.call import get_call
from grants.dossier import Cofunder, Collectivite, Dossier, Line, Person, Project, School
from grants.evaluation import Evaluation, evaluate
from grants.identifiers import uai_check_letter

EQUIPMENT = (
    "classe_affichage",
    "classe_poste_enseignant",
    "classe_audio",
    "classe_visualiseur",
    "classe_capture",
    "mobile_tablettes",
    "mobile_rangement",
    "direction_poste",
    "reseau_wifi",
)
TARGET_SECONDS, TARGET_RATIO = 0.5, 10.0
RSS_SCHOOLS = 1000


def _uai(departement: str, number: int) -> str:
    first = f"0{departement}{number:04d}"
    return first + uai_check_letter(first)


def _school_lines(uai: str, i: int, per_school: int) -> list[Line]:
    lines = [
        Line(
            uai,
            EQUIPMENT[(i + k) % len(EQUIPMENT)],
            f"Équipement {k + 1} de l'école {i + 1}",
            Decimal(1 + (i + k) % 6),
            Decimal(f"{189 + 37 * ((i * 7 + k) % 40)}.{(i + k) % 100:02d}"),
            Decimal("0.20"),
        )
        for k in range(per_school - 1)
    ]
    if per_school > 0:
        lines.append(Line(uai, "formation", "Demi-journée de prise en main", Decimal(1), Decimal("350.00")))
    return lines


def large_dossier(schools: int = 80, lines: int = 800) -> Dossier:
    """A city's dossier: `schools` elementary schools and `lines` budget lines in all."""
    siren = "21690123" + luhn.calc_check_digit("21690123")
    siret = siren + "0001" + luhn.calc_check_digit(siren + "0001")
    collectivite = Collectivite(
        "commune",
        "Ville de Grand-Exemple",
        siret,
        "69123",
        "69",
        480000,
        True,
        Person("Jeanne Martin", "Maire"),
        Person("Paul Durand", email="numerique@ville.example.fr", phone="04 00 00 00 00"),
    )
    found = [
        School(
            _uai("69", n + 1),
            f"École élémentaire n° {n + 1}",
            "elementaire",
            "public",
            5 + n % 8,
            (5 + n % 8) * 24,
            {"classe_affichage": n % 3},
        )
        for n in range(schools)
    ]
    per_school, extra = divmod(max(0, lines - 1), max(1, schools))
    budget = [line for n, s in enumerate(found) for line in _school_lines(s.uai, n, per_school + (n < extra))]
    budget.append(
        Line(
            None, "service_ent", "ENT, abonnement 2 ans", Decimal(1), Decimal("90000.00"), Decimal("0.20"), 24
        )
    )
    text = "Le projet a été construit avec les équipes enseignantes et les IEN des circonscriptions. " * 8
    return Dossier(
        "snee-2021",
        collectivite,
        found,
        budget[:lines],
        [Cofunder("Département", "departement", Decimal("150000.00"), "requested")],
        Project("Équiper toutes les écoles élémentaires de la ville.", text, "IEN", "Conseils des maîtres."),
    )


def _evaluated() -> tuple[Dossier, Evaluation, ExportMeta]:
    dossier = large_dossier()
    call = get_call(dossier.call)
    assert call is not None
    meta = ExportMeta("SNEE-2021-000042", "brouillon", datetime(2021, 3, 1, 10, 0, tzinfo=PARIS))
    return dossier, evaluate(dossier, call), meta


def _median_time(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def zip_floor_parts(docx_bytes: bytes) -> list[tuple[str, bytes]]:
    """The XML parts of a .docx (its .xml and .rels members) with their bytes."""
    with zipfile.ZipFile(BytesIO(docx_bytes)) as archive:
        return [(n, archive.read(n)) for n in archive.namelist() if n.endswith((".xml", ".rels"))]


def _zip(parts: list[tuple[str, bytes]]) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts:
            archive.writestr(name, data)
    return out.getvalue()


_RSS_CHILD = """
import resource, sys
from bench.exports import large_dossier, naive_docx, _evaluated_of
dossier, evaluation, meta = _evaluated_of(large_dossier({schools}, {lines}))
before = int([l for l in open('/proc/self/status') if l.startswith('VmRSS')][0].split()[1])
if sys.argv[1] == 'product':
    from exports.docx_dossier import build_dossier_docx
    data = build_dossier_docx(dossier, evaluation, 'fr', meta)
else:
    data = naive_docx(dossier, evaluation)
peak = int([l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1])
print(peak, before, len(data))
"""


def naive_docx(dossier: Dossier, evaluation: Evaluation) -> bytes:
    """The same schools and lines written the naive way, through python-docx's object API (a
    paragraph and a table object per school): the comparison for the peak memory."""
    import docx

    document = docx.Document()
    document.add_heading(evaluation.call.title, 0)
    by_school: dict[str | None, list] = {}
    for line, result in zip(dossier.lines, evaluation.funding.lines, strict=True):
        by_school.setdefault(line.school, []).append((line, result))
    for school in dossier.schools:
        document.add_heading(f"{school.uai} — {school.name}", 2)
        document.add_paragraph(f"Classes : {school.classes} ; élèves : {school.pupils}.")
        rows = by_school.get(school.uai, [])
        table = document.add_table(rows=1 + len(rows), cols=7)
        for cell, title in zip(
            table.rows[0].cells, ("Catégorie", "Libellé", "Quantité", "Prix", "HT", "TVA", "TTC"), strict=True
        ):
            cell.text = title
        for row, (line, result) in zip(table.rows[1:], rows, strict=True):
            for cell, text in zip(
                row.cells,
                (
                    line.category,
                    line.label,
                    str(line.quantity),
                    str(line.unit_price_ht),
                    str(result.ht),
                    "20 %",
                    str(result.ttc),
                ),
                strict=True,
            ):
                cell.text = text
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def _evaluated_of(dossier: Dossier) -> tuple[Dossier, Evaluation, ExportMeta]:
    call = get_call(dossier.call)
    meta = ExportMeta("SNEE-2021-000042", "brouillon", datetime(2021, 3, 1, 10, 0, tzinfo=PARIS))
    return dossier, evaluate(dossier, call), meta


def peak_rss(kind: str, schools: int = RSS_SCHOOLS, lines: int | None = None) -> tuple[float, float]:
    """Peak resident memory (VmHWM, MiB) of a fresh process exporting a dossier of that many
    schools (`product` or `naive` python-docx), and its resident memory before the export."""
    import subprocess
    import sys
    from pathlib import Path

    code = _RSS_CHILD.format(schools=schools, lines=lines or schools * 10)
    done = subprocess.run(
        [sys.executable, "-c", code, kind],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    peak, before, _size = (int(x) for x in done.stdout.split())
    return peak / 1024, before / 1024


def export_figures(quick: bool) -> list[dict]:
    """Export time, zip floor, their ratio, and the peak RSS of a fresh process exporting a dossier
    of `RSS_SCHOOLS` schools, beside naive python-docx's (tracemalloc would miss lxml's memory)."""
    dossier, evaluation, meta = _evaluated()
    runs = 3 if quick else 15

    def export() -> bytes:
        return build_dossier_docx(dossier, evaluation, "fr", meta)

    parts = zip_floor_parts(export())  # also warms the caches (catalogues, call, styles)
    seconds = _median_time(export, runs)
    floor = _median_time(lambda: _zip(parts), runs)
    rss_schools = 100 if quick else RSS_SCHOOLS
    rss, rss_before = peak_rss("product", rss_schools)
    naive, naive_before = peak_rss("naive", rss_schools)
    return [
        {
            "name": "exports.docx.80-schools-800-lines",
            "value": round(seconds, 4),
            "unit": "s",
            "target": TARGET_SECONDS,
            "floor": round(floor, 4),
        },
        {
            "name": "exports.docx.zip-floor",
            "value": round(floor, 4),
            "unit": "s",
            "target": None,
            "floor": None,
        },
        {
            "name": "exports.docx.ratio-to-zip-floor",
            "value": round(seconds / floor, 2),
            "unit": "x",
            "target": TARGET_RATIO,
            "floor": 1.0,
        },
        {
            "name": f"exports.docx.peak-rss-{rss_schools}-schools",
            "value": round(rss, 1),
            "unit": "MiB",
            "target": round(naive, 1),  # no more than naive python-docx's
            "floor": round(rss_before, 1),  # the process before the export
        },
        {
            "name": f"exports.docx.naive-python-docx-peak-rss-{rss_schools}-schools",
            "value": round(naive, 1),
            "unit": "MiB",
            "target": None,
            "floor": round(naive_before, 1),
        },
    ]


if __name__ == "__main__":  # pragma: no cover - a manual look
    for figure in export_figures(quick=False):
        print(figure)
