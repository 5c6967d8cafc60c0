"""The real files of the ministry (samples of two départements), when this machine has them."""

from pathlib import Path

import pytest

from grants.call import get_call
from services.directory import search
from services.directory_picks import picks

SAMPLES = Path("/work/shared/data/education")
FILES = (
    "annuaire-education-35-2023.csv",
    "annuaire-education-94-2026.csv",
    "ecoles-effectifs-nb-classes-35.csv",
)

pytestmark = pytest.mark.skipif(
    not all((SAMPLES / f).is_file() for f in FILES), reason="the open-data samples are not on this machine"
)


@pytest.fixture
def real(load):
    result = load(*(SAMPLES / f for f in FILES))
    assert result.exit_code == 0, result.output
    return result.output


def test_the_real_files_load_whole_with_nothing_unreadable(real):
    assert (
        "annuaire-education-35-2023.csv : Annuaire de l'éducation, 685 école(s) lue(s), 311 établissement(s) qui ne sont pas des écoles ignoré(s), 0 ligne(s) illisible(s)"
        in real
    )
    assert "annuaire-education-94-2026.csv : Annuaire de l'éducation, 613 école(s) lue(s)" in real
    assert "2704 ligne(s) école × rentrée lue(s)" in real
    assert "Annuaire : 1298 école(s)." in real


def test_a_real_primary_school_gets_its_2020_figures_estimated(real, ctx):
    pick = picks(search("0350122T"), get_call("snee-2021"))[0]
    assert (pick.school.name, pick.school.kind, pick.school.commune) == (
        "Ecole primaire publique les Lucioles",
        "primaire",
        "Baulon",
    )
    # rentrée 2020: 6 classes, 60 pre-elementary and 93 elementary pupils → 6 × 93 / 153 = 3.6
    assert (pick.figures.rentree, pick.figures.classes, pick.figures.pupils, pick.figures.estimated) == (
        2020,
        4,
        93,
        True,
    )
    assert "Bruz" in pick.school.circonscription


def test_real_names_and_communes_are_found(real, ctx):
    assert {s.commune for s in search("vitry sur seine")} == {"Vitry-sur-Seine"}
    assert all(s.sector == "prive_sous_contrat" for s in search("saint joseph", departement="35"))
