"""Finding a school by its UAI, its name or its commune, however it is typed."""

import pytest

from directory.records import Establishment, ParsedFile
from services.directory import communes, load_directory, search

from .conftest import (
    BOURG_CHALON,
    FERRY,
    MATERNELLE,
    MONTESSORI,
    SAINT_JOSEPH,
    SAINTE_THERESE,
    TILLEULS,
    VAUX_CHALON,
)


def uais(query, **kw):
    return [s.uai for s in search(query, **kw)]


@pytest.mark.parametrize("query", ["0710001R", "0710001r", " 0710001 R ", "0710001"])
def test_by_uai_whole_or_its_beginning(loaded, ctx, query):
    assert uais(query) == [FERRY]


def test_by_the_beginning_of_a_uai_lists_every_school_it_fits(loaded, ctx):
    assert len(uais("07100")) == 8


@pytest.mark.parametrize("query", ["jules ferry", "Ferry Jules", "FERR", "jul fer"])
def test_by_words_of_the_name_in_any_order(loaded, ctx, query):
    assert uais(query) == [MATERNELLE, FERRY] or uais(query) == [FERRY, MATERNELLE]


@pytest.mark.parametrize("query", ["saint remy", "Saint-Rémy", "SAINT RÉMY", "st remy", "rémy"])
def test_by_commune_with_or_without_accents(loaded, ctx, query):
    assert FERRY in uais(query) and BOURG_CHALON not in uais(query)
    assert len(uais(query)) == 6


def test_words_of_the_commune_and_the_name_together(loaded, ctx):
    assert uais("ferry saint remy") == [FERRY, MATERNELLE] or uais("ferry saint remy") == [MATERNELLE, FERRY]
    assert uais("chalon vaux") == [VAUX_CHALON]


def test_an_abbreviated_saint_is_found_either_way(loaded, ctx):
    assert uais("st joseph") == [SAINT_JOSEPH] == uais("saint joseph")


@pytest.mark.parametrize("code", ["71412", "71000"])
def test_by_insee_code_or_postcode(loaded, ctx, code):
    assert len(uais(code)) == 6


@pytest.mark.parametrize("query", ["", "a", "école", "  -  "])
def test_too_short_or_only_generic_words_find_nothing(loaded, ctx, query):
    assert uais(query) == []


def test_a_uai_beginning_lists_schools_by_uai(loaded, ctx):
    assert uais("0710") == [
        FERRY,
        TILLEULS,
        MATERNELLE,
        SAINTE_THERESE,
        SAINT_JOSEPH,
        MONTESSORI,
        BOURG_CHALON,
        VAUX_CHALON,
    ]


def school(uai: str, name: str, commune: str, departement: str) -> Establishment:
    return Establishment(
        uai, name, "elementaire", "public", "", "", departement + "001", commune, "", departement, "", ""
    )


@pytest.fixture
def moulins(ctx):
    """Three écoles Jean Moulin, in three départements."""
    load_directory(
        [
            ParsedFile(
                "a.csv",
                "annuaire",
                [
                    school("0290001U", "Ecole Jean Moulin", "Brest", "29"),
                    school("0810001L", "Ecole élémentaire Jean Moulin", "Albi", "81"),
                    school("0350001L", "Ecole Jean Moulin", "Rennes", "35"),
                    school("0350002M", "Groupe scolaire Jean Moulin", "Acigné", "35"),
                    school("0350003N", "Ecole Sainte-Anne", "Saint-Malo", "35"),
                ],
            )
        ]
    )


def test_words_find_schools_by_commune_then_name(moulins):
    assert [s.commune for s in search("jean moulin")] == ["Acigné", "Albi", "Brest", "Rennes"]


def test_the_dossiers_departement_comes_first(moulins):
    assert [s.commune for s in search("moulin", departement="35")] == ["Acigné", "Rennes", "Albi", "Brest"]
    assert [s.commune for s in search("moulin", departement="81", limit=2)] == ["Albi", "Acigné"]


def test_a_school_matching_a_word_twice_is_listed_once(moulins):
    assert [s.name for s in search("saint")] == ["Ecole Sainte-Anne"]  # SAINT and SAINTE
    assert len(search("je mo")) == 4


def test_communes_by_name_code_or_postcode(loaded, ctx):
    assert [(c.code, c.name, c.schools) for c in communes("saint r")] == [("71412", "Saint-Rémy", 6)]
    assert [c.name for c in communes("711")] == ["Chalon-sur-Saône"]
    assert communes("x") == []


def test_an_empty_directory_finds_nothing(ctx):
    assert search("ferry") == [] and communes("saint") == []
