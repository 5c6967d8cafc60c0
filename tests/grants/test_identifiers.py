"""The identifiers a city team copies from SIRENE, the INSEE and the annuaire de l'éducation."""

import pytest

from grants.identifiers import (
    insee_departement,
    insee_is_valid,
    normalize_uai,
    siret_is_valid,
    uai_check_letter,
    uai_departement,
    uai_is_valid,
)

from .factories import collectivite, dossier, findings, school


@pytest.mark.parametrize(
    "value",
    [
        "21750001600019",  # Ville de Paris
        "21710112000012",  # a commune of Saône-et-Loire (the example dossier)
        "24330031600011",  # Bordeaux Métropole, an EPCI
        "20005478100022",  # Métropole du Grand Paris
        "35600000000048",  # La Poste, whose SIRETs also pass the Luhn key
        "35600000049837",  # La Poste: fails Luhn, but its digit sum is a multiple of 5
    ],
)
def test_a_real_siret_is_accepted(value):
    assert siret_is_valid(value)


@pytest.mark.parametrize(
    "value",
    [
        "21750001600018",  # Paris with the last digit mistyped
        "35600000000049",  # La Poste with a digit sum that is not a multiple of 5
        "2175000160001",  # 13 digits
        "217500016000190",  # 15 digits
        "2175000160001A",
        "217 500 016 00019",  # as printed on a letterhead: the team must remove the spaces
        "",
    ],
)
def test_a_wrong_siret_is_refused(value):
    assert not siret_is_valid(value)


def test_a_wrong_siret_blocks_the_dossier():
    d = dossier(collectivite=collectivite(siret="21750001600018"))
    assert ("ID-SIRET", "collectivite.siret") in findings(d)


@pytest.mark.parametrize("siret", ["", "   "])
def test_an_empty_siret_is_asked_for_not_quoted(siret):
    from .factories import evaluated

    d = dossier(collectivite=collectivite(siret=siret))
    assert ("ID-SIRET", "collectivite.siret") in findings(d)
    found = next(f for f in evaluated(d).findings if f.rule == "ID-SIRET")
    assert "n'est pas indiqué" in found.render("fr") and "« »" not in found.render("fr")
    assert "is not given" in found.render("en")


@pytest.mark.parametrize(
    "value, departement",
    [
        ("0750655E", "75"),
        ("0710001R", "71"),
        ("0921234S", "92"),
        ("6200001G", "2A"),  # Corse-du-Sud
        ("7200001N", "2B"),  # Haute-Corse
        ("9710001Z", "971"),  # Guadeloupe
        ("9740001H", "974"),  # La Réunion
    ],
)
def test_a_valid_uai_gives_its_departement(value, departement):
    assert uai_is_valid(value)
    assert uai_departement(value) == departement


@pytest.mark.parametrize(
    "value",
    [
        "0750655F",  # wrong check letter
        "0750655I",  # I, O and Q are never check letters
        "075065E",  # six digits
        "07506555E",  # eight digits
        "1750655E",  # no département starts with 1
        "5200001G",
        "0750655e",  # lower case: normalize_uai first
        "",
    ],
)
def test_a_wrong_uai_is_refused(value):
    assert not uai_is_valid(value)


def test_the_check_letter_skips_i_o_and_q():
    letters = {uai_check_letter(f"{n:07d}") for n in range(23)}
    assert letters == set("ABCDEFGHJKLMNPRSTUVWXYZ")


def test_a_uai_typed_with_spaces_and_small_letters_is_normalized():
    assert normalize_uai(" 0750 655e ") == "0750655E"


@pytest.mark.parametrize(
    "value, departement",
    [
        ("71412", "71"),
        ("2A004", "2A"),  # Ajaccio
        ("2B033", "2B"),  # Bastia
        ("97101", "971"),  # Les Abymes, Guadeloupe
        ("97611", "976"),  # Mayotte
        ("98714", "987"),  # Polynésie française
        ("01001", "01"),
        ("95018", "95"),
    ],
)
def test_a_valid_code_insee_gives_its_departement(value, departement):
    assert insee_is_valid(value)
    assert insee_departement(value) == departement


@pytest.mark.parametrize(
    "value",
    [
        "20000",  # Ajaccio's postal code, not its code INSEE
        "20004",  # Corsica has been 2A/2B since 1976
        "96001",  # no département 96
        "00123",
        "97901",  # 979 does not exist
        "98001",  # 980 does not exist
        "2C004",
        "7541",  # four characters
        "750561",  # six characters
        "",
    ],
)
def test_a_wrong_code_insee_is_refused(value):
    assert not insee_is_valid(value)
    assert insee_departement(value) is None


def test_a_wrong_code_insee_blocks_the_dossier():
    d = dossier(collectivite=collectivite(insee="20000", departement=""))
    assert ("ID-INSEE", "collectivite.insee") in findings(d)


@pytest.mark.parametrize(
    "uai_value, expected",
    [
        ("0750655F", "ID-UAI"),
        ("075065E", "ID-UAI"),
    ],
)
def test_a_wrong_uai_blocks_its_school(uai_value, expected):
    d = dossier(schools=[school(), school(2, uai=uai_value)])
    assert (expected, "schools[1].uai") in findings(d)


@pytest.mark.parametrize(
    "name, title",
    [("", "Maire"), ("Claire Moreau", ""), ("", ""), ("   ", "Maire"), ("Claire Moreau", " \t")],
)
def test_a_representative_without_name_or_title_blocks_the_dossier(name, title):
    from grants.dossier import Person

    from .factories import evaluated

    d = dossier(collectivite=collectivite(representative=Person(name=name, title=title)))
    ev = evaluated(d)
    # At the contract's path (dossier-format.md), naming the parts that are missing.
    missing = [part for part, value in (("name", name), ("title", title)) if not value.strip()]
    assert ("ID-REPRESENTATIVE", "collectivite.representative") in findings(d)
    assert not ev.eligible
    found = next(f for f in ev.findings if f.rule == "ID-REPRESENTATIVE")
    assert found.params["parts"].split() == missing
    message = found.render("fr")
    assert "représentant légal" in message and "%(" not in message


def test_a_named_representative_with_a_title_raises_nothing():
    assert not [r for r, _ in findings(dossier()) if r == "ID-REPRESENTATIVE"]


@pytest.mark.parametrize("name, title", [("", "Maire"), ("Claire Moreau", ""), ("", "")])
def test_the_representative_message_agrees_with_what_is_missing(name, title):
    from grants.dossier import Person

    from .factories import evaluated

    d = dossier(collectivite=collectivite(representative=Person(name=name, title=title)))
    message = next(f for f in evaluated(d).findings if f.rule == "ID-REPRESENTATIVE").render("fr")
    assert "manquant" not in message
    missing = [w for w, v in (("le nom", name), ("la qualité", title)) if not v]
    assert f"il manque {' et '.join(missing)}" in message


@pytest.mark.parametrize(
    "name, title, english",
    [
        ("Claire Moreau", "", "is incomplete: the title is missing."),
        ("", "Maire", "is incomplete: the name is missing."),
        ("", "", "is incomplete: the name and the title are missing."),
    ],
)
def test_the_representative_message_reads_naturally_in_english(name, title, english):
    from grants.dossier import Person

    from .factories import evaluated

    d = dossier(collectivite=collectivite(representative=Person(name=name, title=title)))
    found = next(f for f in evaluated(d).findings if f.rule == "ID-REPRESENTATIVE")
    assert english in found.render("en")
    assert "(il manque " in found.render("fr")  # the French source is unchanged
