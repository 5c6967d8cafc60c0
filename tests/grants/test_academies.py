"""The académie of each département (the official list since 2020)."""

from __future__ import annotations

from grants.academies import ACADEMIE_OF, ACADEMIES, academie_of


def test_every_departement_has_one_academie_and_there_are_thirty_academies():
    metropolitan = {f"{n:02d}" for n in range(1, 96) if n != 20} | {"2A", "2B"}
    overseas = {"971", "972", "973", "974", "976"}
    assert metropolitan | overseas <= set(ACADEMIE_OF)
    assert len(ACADEMIES) == 30
    listed = [d for depts in ACADEMIES.values() for d in depts]
    assert len(listed) == len(set(listed))  # no département in two académies


def test_known_departements_and_communes():
    assert academie_of("92") == "Versailles"
    assert academie_of("14") == academie_of("76") == "Normandie"  # Caen and Rouen merged in 2020
    assert academie_of("2B") == "Corse" and academie_of("976") == "Mayotte"
    assert academie_of("", insee="97411") == "La Réunion"
    assert academie_of(None, insee="2A004") == "Corse"
    assert academie_of("988") == "" and academie_of("") == ""
