"""INSEE's Code officiel géographique read as downloaded (v_commune_2024.csv)."""

from __future__ import annotations

import pytest

from directory.communes import read_communes
from directory.records import FileRefused

from .conftest import FILES


def test_the_real_format_is_read_with_each_kind_of_code():
    parsed = read_communes(FILES / "v_commune_2024.csv")
    by_key = {(r.code, r.typecom): r for r in parsed.rows}
    assert parsed.rejected == 0 and len(parsed.rows) == 48
    assert by_key[("35238", "COM")].name == "Rennes" and by_key[("35238", "COM")].departement == "35"
    assert by_key[("2A004", "COM")].name == "Ajaccio" and by_key[("2A004", "COM")].region == "94"
    assert by_key[("97411", "COM")].departement == "974"
    assert by_key[("69381", "ARM")].parent == "69123"
    assert by_key[("74011", "COMD")].parent == "74010"


def test_unreadable_rows_are_counted_and_named(tmp_path):
    bad = tmp_path / "v_commune.csv"
    bad.write_text(
        "TYPECOM,COM,REG,DEP,CTCD,ARR,TNCC,NCC,NCCENR,LIBELLE,CAN,COMPARENT\n"
        "COM,35238,53,35,35D,353,0,RENNES,Rennes,Rennes,,\n"
        "XYZ,3523,53,35,35D,353,0,RENNES,Rennes,Rennes,,\n"
        "COM,35047,53\n",
        encoding="utf-8",
    )
    parsed = read_communes(bad)
    assert [r.code for r in parsed.rows] == ["35238"] and parsed.rejected == 2
    assert [e.render() for e in parsed.errors] == [
        "ligne 3 : commune illisible « 3523 »",
        "ligne 4 : 3 colonnes au lieu de 12",
    ]


def test_a_file_that_is_not_the_cog_is_refused_naming_the_missing_columns():
    with pytest.raises(FileRefused) as refused:
        read_communes(FILES / "annuaire-2026.csv")
    assert "colonnes manquantes : TYPECOM, COM, REG, DEP, LIBELLE, COMPARENT" in refused.value.render()
