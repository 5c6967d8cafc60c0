"""An export never fails: incomplete dossiers, odd codes and hostile text all give a document,
and what the team typed comes out as the literal text they typed."""

from decimal import Decimal

import pytest

from grants.dossier import Collectivite, Dossier, Line, Person, Project, School
from tests.grants import factories as f

from .reading import export


def _empty_dossier() -> Dossier:
    return Dossier("snee-2021", Collectivite("", "", "", ""))


def test_an_empty_dossier_exports_and_says_what_it_lacks():
    exported = export(_empty_dossier())
    text = exported.text()
    assert "Aucune école n'est inscrite au dossier." in text
    assert "Aucune dépense n'est inscrite au budget." in text
    assert (
        exported.rows_of("Subvention de l'État demandée")
        == [["Subvention de l'État demandée", "0,00\xa0€"]] * 2
    )  # on the cover and in the summary
    assert not exported.doc.inline_shapes  # no chart for a project without cost


def test_odd_codes_and_orphan_lines_are_shown_and_not_counted():
    school = f.school(kind="college", sector="inconnu", classes=0, pupils=0)
    lines = [
        Line(school.uai, "drone", "Drone de classe", Decimal(1), Decimal("999.00")),
        Line("0000000X", "classe_affichage", "Écran d'une autre école", Decimal(2), Decimal("100.00")),
        Line(None, "classe_audio", "Micro sans école", Decimal(1), Decimal("50.00")),
    ]
    d = f.dossier(
        schools=[school],
        lines=lines,
        cofunding=[f.cofunder("10.00", kind="mecene", status="promis")],
        project=Project(),
    )
    exported = export(d)
    text = exported.text()
    for expected in (
        "drone\nnon retenue",
        "Lignes rattachées à une école absente du dossier",
        "Micro et enceintes\nnon retenue",
        "college",
        "mecene",
        "promis",
        "Non renseigné.",
    ):
        assert expected in text


def test_an_overfunded_project_says_so_and_still_draws_its_chart():
    d = f.dossier(cofunding=[f.cofunder("50000.00")])
    exported = export(d)
    assert exported.evaluation.funding.own_contribution < 0
    assert any(t.startswith("Les aides dépassent le coût du projet") for t in exported.texts())
    assert len(exported.doc.inline_shapes) == 1


HOSTILE = "<script>alert('x')</script> & \"café\" ]]> \x00\x01\x07\x0b\x0c\x1f\ud800 fin"
LITERAL = "<script>alert('x')</script> & \"café\" ]]>  fin"


@pytest.mark.parametrize("where", ["collectivite", "school", "line", "project", "funder", "meta"])
def test_user_text_is_kept_literal_and_characters_xml_forbids_are_dropped(where):
    d, meta = _with_hostile_text(where)
    exported = export(d, **meta)
    text = exported.text() + "\n".join(exported.header_texts())
    assert LITERAL in text
    assert "\x01" not in text and "\x0b" not in text


def _with_hostile_text(where: str) -> tuple[Dossier, dict]:
    school = f.school()
    d = f.dossier(schools=[school], lines=[f.equipment(school.uai)])
    if where == "collectivite":
        d.collectivite = f.collectivite(name=HOSTILE, representative=Person(HOSTILE, HOSTILE))
    elif where == "school":
        d.schools = [School(school.uai, HOSTILE, "elementaire", "public", 4, 100)]
    elif where == "line":
        d.lines = [Line(school.uai, "classe_affichage", HOSTILE, Decimal(1), Decimal("10.00"))]
    elif where == "project":
        d.project = Project(summary=HOSTILE)
    elif where == "funder":
        d.cofunding = [f.Cofunder(HOSTILE, "departement", Decimal("1.00"), "requested")]
    return d, ({"reference": HOSTILE, "place": HOSTILE, "sources": [HOSTILE]} if where == "meta" else {})


def test_line_breaks_and_tabs_typed_by_the_team_are_kept():
    d = f.dossier(project=Project(summary="Un\tdeux", pedagogy="ligne 1\r\nligne 2\rligne 3"))
    texts = export(d).texts()
    assert "Un\tdeux" in texts and {"ligne 1", "ligne 2", "ligne 3"} <= set(texts)
