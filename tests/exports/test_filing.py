"""What the filed document knows beyond the dossier: an EPCI's candidature names each school's
commune, the one stored with the school first (a school typed by hand has no directory entry)."""

from __future__ import annotations

from types import SimpleNamespace

from services import filing
from tests.grants import factories as f

from .reading import export


def _school(uai: str, commune: str = "") -> SimpleNamespace:
    return SimpleNamespace(uai=uai, commune=commune)


def test_each_schools_commune_is_the_one_stored_with_it_else_the_directorys(monkeypatch):
    asked = []

    def by_uai(uais):
        asked.extend(uais)
        return {"0711002B": SimpleNamespace(commune="Cluny"), "0711003C": SimpleNamespace(commune="")}

    monkeypatch.setattr(filing.directory, "by_uai", by_uai)
    rec = SimpleNamespace(schools=[_school("0711001A", "Tournus "), _school("0711002B"), _school("0711003C")])
    assert filing.school_communes(rec) == {"0711001A": "Tournus", "0711002B": "Cluny"}
    assert asked == ["0711002B", "0711003C"]  # the directory is asked only for the others


def test_an_epcis_candidature_names_each_schools_commune():
    first, second = (
        f.school(uai="0710001A", name="École du bourg"),
        f.school(uai="0711002B", name="École du val"),
    )
    dossier = f.dossier(schools=[first, second], lines=[f.equipment(first.uai), f.equipment(second.uai)])
    dossier.collectivite.kind = "epci"
    exported = export(dossier, school_communes={first.uai: "Tournus", second.uai: "Cluny"})
    assert exported.rows_of(first.uai)[0][1] == "École du bourg\nTournus"
    assert exported.rows_of(second.uai)[0][1] == "École du val\nCluny"
