"""The reference lists' rules, pure: the seat's code against INSEE's communes, schools against the directory."""

from __future__ import annotations

import pytest

from grants.dossier import Collectivite, Dossier, School
from grants.references import (
    DIRECTORY_DIFFERS,
    INSEE_NOT_SEAT,
    INSEE_UNKNOWN,
    DirectorySchool,
    KnownCommune,
    check_directory,
    check_seat_code,
    same_name,
)

LIST = {
    "35238": KnownCommune("35238", "COM", "Rennes", "35"),
    "69381": KnownCommune("69381", "ARM", "Lyon 1er Arrondissement", "69", "69123", "Lyon"),
}


def seat(insee: str) -> Dossier:
    return Dossier("snee-2021", Collectivite("commune", "Commune", "21350238000010", insee))


@pytest.mark.parametrize(
    ("insee", "communes", "rules"),
    [
        ("35238", LIST, []),
        ("35690", LIST, [INSEE_UNKNOWN]),
        ("69381", LIST, [INSEE_NOT_SEAT]),
        ("35690", None, []),  # no list loaded: no check, never a guess
        ("3569", LIST, []),  # malformed: ID-INSEE's business, not this rule's
        ("", LIST, []),
    ],
)
def test_the_seat_code_against_the_list(insee, communes, rules):
    assert [f.rule for f in check_seat_code(seat(insee), communes)] == rules


def test_an_unknown_code_is_named_and_a_postal_code_recognised():
    (found,) = check_seat_code(seat("35690"), LIST, ["Acigné"])
    text = found.render("fr")
    assert "« 35690 »" in text and "code postal d'Acigné." in text and found.severity == "warning"
    assert "“35690”" in found.render("en") and "postal code of Acigné." in found.render("en")


@pytest.mark.parametrize(
    ("name", "fr", "en"),
    [
        ("Acigné", "d'Acigné", "of Acigné"),
        ("Ecole primaire du Bourg", "de l'Ecole primaire du Bourg", "of Ecole primaire du Bourg"),
        ("École Jules Ferry", "de l'École Jules Ferry", "of École Jules Ferry"),
        ("École élémentaire n°1", "de l'École élémentaire n°1", "of École élémentaire n°1"),
        (
            "Ville de Montclair-sur-Seine",
            "de la Ville de Montclair-sur-Seine",
            "of Ville de Montclair-sur-Seine",
        ),
        ("Commune d'Acigné", "de la Commune d'Acigné", "of Commune d'Acigné"),
        (
            "Syndicat intercommunal des écoles",
            "du Syndicat intercommunal des écoles",
            "of Syndicat intercommunal des écoles",
        ),
        ("Villeneuve-d'Ascq", "de Villeneuve-d'Ascq", "of Villeneuve-d'Ascq"),
        ("Écommoy", "d'Écommoy", "of Écommoy"),
        ("Rennes", "de Rennes", "of Rennes"),
        ("Le Havre", "du Havre", "of Le Havre"),
        ("Les Ulis", "des Ulis", "of Les Ulis"),
        ("La Rochelle", "de La Rochelle", "of La Rochelle"),
        ("Yvetot", "d'Yvetot", "of Yvetot"),
        ("Hennebont", "de Hennebont", "of Hennebont"),  # an h is never elided: it may be aspirated
    ],
)
def test_de_and_a_name_are_elided_in_french(name, fr, en):
    from grants.params import of_name

    assert (of_name(name, "fr"), of_name(name, "en")) == (fr, en)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("École Sainte-Jeanne d'Arc", "Ecole primaire privée Ste Jeanne d'Arc", True),
        ("ECOLE ELEMENTAIRE JULES FERRY", "Ecole élémentaire Jules Ferry", True),
        ("École Jules Ferry", "École Jean Jaurès", False),
    ],
)
def test_two_spellings_of_one_name(a, b, same):
    assert same_name(a, b) is same


def test_each_difference_with_the_directory_is_one_finding_at_its_field():
    school = School("0352358Y", "École Jules Ferry", "elementaire", "public", 3, 60)
    ref = DirectorySchool(
        "0352358Y", "Ecole primaire privée Ste Jeanne d'Arc", "primaire", "prive_sous_contrat", "Acigné"
    )
    found = check_directory(
        Dossier("snee-2021", Collectivite("commune", "C", "", ""), [school]), {"0352358Y": ref}
    )
    assert [(f.rule, f.path) for f in found] == [
        (DIRECTORY_DIFFERS, "schools[0].name"),
        (DIRECTORY_DIFFERS, "schools[0].kind"),
        (DIRECTORY_DIFFERS, "schools[0].sector"),
    ]
    assert "« Élémentaire » dans le dossier, « Primaire » dans l'annuaire" in found[1].render("fr")
    assert "“Elementary” in the dossier" in found[1].render("en") or "in the dossier" in found[1].render("en")


@pytest.mark.parametrize(
    ("typed", "differs"),
    [
        ("Rennes", True),
        ("Acigné", False),
        ("ACIGNE", False),
        ("", False),  # not given: the directory fills it, nothing to compare
    ],
)
def test_the_schools_commune_is_compared_with_the_directorys(typed, differs):
    school = School("0352358Y", "Ste Jeanne d'Arc", "primaire", "prive_sous_contrat", 3, 60, commune=typed)
    ref = DirectorySchool(
        "0352358Y", "Ecole primaire privée Ste Jeanne d'Arc", "primaire", "prive_sous_contrat", "Acigné"
    )
    found = check_directory(
        Dossier("snee-2021", Collectivite("commune", "C", "", ""), [school]), {"0352358Y": ref}
    )
    assert [f.path for f in found] == (["schools[0].commune"] if differs else [])
    if differs:
        assert "commune « Rennes » dans le dossier, « Acigné » dans l'annuaire" in found[0].render("fr")


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Saint-Malo", "ST MALO", True),
        ("Sainte-Anne-d'Auray", "Ste Anne d Auray", True),
        ("Acigné", "acigne", True),
        ("Rennes", "Acigné", False),
        ("Saint-Malo", "Saint-Malon-sur-Mel", False),
    ],
)
def test_two_spellings_of_one_commune(a, b, same):
    from grants.references import same_commune

    assert same_commune(a, b) is same
