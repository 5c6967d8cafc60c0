"""The directory's figures are what the dossier's call counts, said in its words: cycles 2 and 3
for the 2021 call (a primary school's classes estimated), every class and pupil, maternelle
included, for the 2020 label (issue #15)."""

from __future__ import annotations

import pytest

from directory.cycles import counted, cycle23, every_class
from directory.records import Headcount

from .conftest import MATERNELLE, TILLEULS
from .test_web import page_of, suggestions


def _headcount(classes, pre, levels, ulis=0):
    cp, ce1, ce2, cm1, cm2 = levels
    elementary = sum(levels)
    return Headcount(
        "0710002S", 2019, classes, pre + elementary + ulis, pre, elementary, ulis, cp, ce1, ce2, cm1, cm2
    )


@pytest.mark.parametrize(
    ("class_count", "expected"),
    [("cycles_2_3", (4, 86, True)), ("all", (6, 136, False)), ("unknown", (4, 86, True))],
)
def test_each_count_takes_its_classes_and_pupils(class_count, expected):
    h = _headcount(6, 50, [20, 18, 17, 16, 15])
    figures = counted(h, class_count)
    assert (figures.classes, figures.pupils, figures.estimated) == expected
    assert every_class(h).rentree == cycle23(h).rentree == 2019


def label_dossier(member, org_id) -> int:
    response = member.post(
        f"/collectivites/{org_id}/dossiers", data={"title": "L", "call_id": "label-ecoles-numeriques-2020"}
    )
    assert response.status_code == 302
    return int(response.headers["Location"].split("/dossiers/")[1].split("/")[0])


def test_a_label_dossier_takes_every_class_and_pupil_of_a_primary_school(team, loaded):
    member, org_id, _dossier_id = team
    tilleuls = suggestions(member, label_dossier(member, org_id), "tilleuls")[TILLEULS]
    # Rentrée 2019 (the label opened in February 2020): 6 classes, 50 + 86 pupils, nothing estimated.
    assert (tilleuls["fields"]["classes"], tilleuls["fields"]["pupils"]) == (6, 136)
    assert tilleuls["rentree"] == 2019 and not tilleuls["estimated"]
    assert "maternelle comprise" in tilleuls["figures"] and "cycles 2 et 3" not in tilleuls["figures"]
    assert not any("prorata" in f["text"] for f in tilleuls["flags"])


def test_a_label_dossiers_directory_page_never_says_cycles_2_and_3(team, loaded):
    member, org_id, dossier_id = team
    label_id = label_dossier(member, org_id)
    page = page_of(member.get(f"/dossiers/{label_id}/annuaire?q=tilleuls&commune=71412"))
    assert "cycles 2 et 3" not in page
    assert "Les écoles non éligibles (privées hors contrat) ne sont pas cochées." in page
    assert "Classes / élèves, maternelle comprise" in page
    assert "maternelle comprise, à la rentrée 2019" in page
    # A maternelle is eligible to the label, so nothing refuses it.
    maternelle = suggestions(member, label_id, MATERNELLE)[MATERNELLE]
    assert maternelle["eligible"] and not any(f["severity"] == "blocking" for f in maternelle["flags"])
    # The 2021 dossier keeps its words.
    page_2021 = page_of(member.get(f"/dossiers/{dossier_id}/annuaire?q=tilleuls&commune=71412"))
    assert "Classes / élèves de cycles 2 et 3" in page_2021
    assert "Classes et élèves de cycles 2 et 3 de la rentrée 2020" in page_2021
    assert "Les écoles non éligibles (maternelles, privées hors contrat) ne sont pas cochées." in page_2021
    refused = suggestions(member, dossier_id, MATERNELLE)[MATERNELLE]
    assert any("maternelle : non éligible" in f["text"] for f in refused["flags"])


def test_the_directory_figures_are_translated_for_each_call(team, loaded):
    member, org_id, dossier_id = team
    label_id = label_dossier(member, org_id)
    member.get("/langue/en")
    assert "nursery included" in suggestions(member, label_id, "tilleuls")[TILLEULS]["figures"]
    assert "cycles 2 and 3" in suggestions(member, dossier_id, "tilleuls")[TILLEULS]["figures"]
