"""Figures of the school directory for the bench runner: loading the three sample files, and a
search on a generated directory of 60,000 schools (SQLite, in a temporary file).

Floors: reading the samples' CSV rows with nothing else done; fetching one school by its UAI.
"""

from __future__ import annotations

import csv
import itertools
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from directory.parse import read_file
from directory.records import Establishment, Headcount, ParsedFile
from grants.identifiers import uai_check_letter

SAMPLES = Path("/work/shared/data/education")
SAMPLE_FILES = (
    "annuaire-education-35-2023.csv",
    "annuaire-education-94-2026.csv",
    "ecoles-effectifs-nb-classes-35.csv",
)
SCHOOLS = 60_000
LOAD_TARGET, SEARCH_TARGET = 2.0, 0.05
QUERIES = ("0350122T", "03501", "jules ferry", "saint", "saint jean", "ecole du centre", "35238", "montagne")
PATRONYMES = (
    "Jules Ferry",
    "Jean Jaurès",
    "Victor Hugo",
    "Louis Pasteur",
    "Jean Moulin",
    "Paul Bert",
    "Jacques Prévert",
    "Marie Curie",
    "Jean de la Fontaine",
    "Condorcet",
    "du Centre",
    "des Tilleuls",
    "Anatole France",
    "Paul Langevin",
    "Pierre et Marie Curie",
    "Françoise Dolto",
    "Le Petit Prince",
    "Les Écureuils",
    "Saint-Joseph",
    "Sainte-Marie",
    "Notre-Dame",
    "Albert Camus",
    "George Sand",
)
ROOTS = (
    "Mont",
    "Val",
    "Bois",
    "Champ",
    "Font",
    "Ville",
    "Roche",
    "Mar",
    "Beau",
    "Bel",
    "Clair",
    "Pré",
    "Chât",
    "Vill",
    "Lan",
    "Ker",
    "Plou",
    "Saint-Jean",
    "Saint-Martin",
    "Sainte-Anne",
    "Montagne",
)
ENDS = ("", "eau", "ier", "ac", "ay", "ville", "court", "mont", "y", "ois", "ange", "et")
SUFFIXES = ("", "-sur-Loire", "-en-Bresse", "-les-Bains", "-le-Grand", "-sur-Mer", "-de-Bretagne")


def _median(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _communes() -> Iterator[tuple[str, str]]:
    names = (f"{r}{e}{s}" for s, r, e in itertools.product(SUFFIXES, ROOTS, ENDS))
    for n, name in enumerate(itertools.cycle(names)):
        yield f"{n:05d}", name


def generated(schools: int = SCHOOLS) -> list[ParsedFile]:
    """An annuaire and two rentrées of headcounts for `schools` schools in 95 départements."""
    annuaire, effectifs = (
        ParsedFile("generated-annuaire", "annuaire"),
        ParsedFile("generated-effectifs", "effectifs"),
    )
    communes = _communes()
    code, commune = next(communes)
    for n in range(schools):
        if n % 3 == 0:
            code, commune = next(communes)
        dept = f"{1 + n % 95:02d}"
        first = f"0{dept}{n // 95:04d}"
        uai = first + uai_check_letter(first)
        kind = ("elementaire", "primaire", "maternelle")[n % 3]
        annuaire.rows.append(
            Establishment(
                uai,
                f"Ecole {kind} {PATRONYMES[n % len(PATRONYMES)]}",
                kind,
                "public",
                "",
                "",
                f"{dept}{code[2:]}",
                commune,
                f"{dept}{n % 1000:03d}",
                dept,
                f"Circonscription de {commune}",
                "21" + f"{n:012d}",
            )
        )
        for rentree in (2020, 2021):
            effectifs.rows.append(Headcount(uai, rentree, 6, 150, 50, 95, 5, 20, 20, 19, 18, 18))
    return [annuaire, effectifs]


def _read_rows(paths: list[Path]) -> int:
    count = 0
    for path in paths:
        with path.open(encoding="utf-8-sig", newline="") as text:
            count += sum(1 for _ in csv.reader(text, delimiter=";"))
    return count


def _app(folder: str):
    from app import create_app
    from models import db

    app = create_app(
        {"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db"}
    )
    with app.app_context():
        db.create_all()
    return app


def _load(files: list[ParsedFile]) -> None:
    from models import db
    from services.directory import load_directory

    load_directory(files)
    db.session.commit()


def _sample_figures(runs: int) -> list[dict]:
    paths = [SAMPLES / name for name in SAMPLE_FILES]
    if not all(p.is_file() for p in paths):
        return []
    seconds = _median(lambda: _load([read_file(p) for p in paths]), runs)
    floor = _median(lambda: _read_rows(paths), runs)
    return [
        {
            "name": "directory.load.three-sample-files",
            "value": round(seconds, 4),
            "unit": "s",
            "target": LOAD_TARGET,
            "floor": round(floor, 4),
        }
    ]


def _search_figures(runs: int) -> list[dict]:
    import sqlalchemy as sa

    from grants.call import get_call
    from models import DirectoryEstablishment, db
    from services.directory import search
    from services.directory_picks import picks

    start = time.perf_counter()
    _load(generated())
    loading = time.perf_counter() - start
    call = get_call("snee-2021")
    worst = max(_median(lambda q=q: picks(search(q, "35"), call), runs) for q in QUERIES)
    floor = _median(
        lambda: db.session.execute(
            sa.select(DirectoryEstablishment).where(DirectoryEstablishment.uai == "0350122T")
        ).all(),
        runs,
    )
    return [
        {
            "name": "directory.search.60000-schools.slowest-query",
            "value": round(worst, 4),
            "unit": "s",
            "target": SEARCH_TARGET,
            "floor": round(floor, 5),
        },
        {
            "name": "directory.load.60000-schools-120000-headcounts",
            "value": round(loading, 2),
            "unit": "s",
            "target": None,
            "floor": None,
        },
    ]


def directory_figures(quick: bool) -> list[dict]:
    """Loading the three sample files (when present) and the slowest typical search on 60,000 schools."""
    runs = 3 if quick else 15
    with tempfile.TemporaryDirectory() as folder:
        app = _app(folder)
        with app.app_context():
            figures = _sample_figures(2 if quick else 5)
            figures += _search_figures(runs)
            from models import db

            db.session.remove()
            db.engine.dispose()
    return figures


if __name__ == "__main__":  # pragma: no cover - a manual look
    for figure in directory_figures(quick=False):
        print(figure)
