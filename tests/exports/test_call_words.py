"""The Word documents say what the dossier's call says: a blank to sign when the representative
is not named, only the call's own rules, the call's words for the socle (issue #15's review)."""

from __future__ import annotations

import dataclasses

from grants.dossier import Person

from .reading import example, export


def test_without_a_name_the_commitments_leave_a_blank_line_to_fill():
    d = example("petite-commune")
    collectivite = dataclasses.replace(d.collectivite, representative=Person(name="", title="Maire"))
    text = export(dataclasses.replace(d, collectivite=collectivite)).text()
    assert "Je soussigné(e), ……" in text and "représentant légal de la collectivité" in text
    assert "soussigné :" not in text
    assert "……………………………………, Maire, représentant légal" in text  # the title stays


def test_without_name_nor_title_the_line_is_left_blank():
    d = example("petite-commune")
    collectivite = dataclasses.replace(d.collectivite, representative=Person(name="", title=""))
    text = export(dataclasses.replace(d, collectivite=collectivite)).text()
    assert "Je soussigné(e), ……………………………………, représentant légal de la collectivité" in text


def test_the_label_report_lists_only_the_label_call_s_rules_and_its_word_its_socle():
    from grants.rules import codes_of

    from .reading import report

    d = example("label-village")
    exported = report(d)
    text = exported.text()
    own = set(codes_of(exported.evaluation.call.rules))
    assert "SCHOOL-FLOOR" in own and "EQ-CAP-CLASS" not in own
    for foreign in ("EQ-CAP-CLASS", "SRV-DURATION", "EQ-CAP-DOSSIER", "SRV-CAP-PUPIL", "SCHOOL-AT-SOCLE"):
        assert foreign not in text
    annex = export(d).text().split("Annexe 1")[-1]
    assert "socle numérique de base" not in annex
    assert "référentiel du label" in annex


def test_every_rule_of_every_check_is_known():
    from grants.findings import RULES
    from grants.pieces import PIECE_MISSING
    from grants.rules import CODES, REGISTRY

    assert set(CODES) == set(REGISTRY)
    # Every rule but the pieces' (grants.pieces, checked beside the engine on a stored dossier)
    assert {code for codes in CODES.values() for code in codes} == set(RULES) - {PIECE_MISSING}


def test_each_word_dossier_names_its_programme_and_its_subsidy_in_its_calls_words():
    label = export(example("label-village")).text()
    assert "Programme d'investissements d'avenir" in label and "France Relance" not in label
    assert "volet 1" not in label.lower() and "volet 2" not in label.lower()  # no volet in its subsidy
    assert "Subvention de l'État, écoles (dans la bande de l'appel)" in label
    snee = export(example("ville-14-ecoles")).text()
    assert "plan de relance (France Relance)" in snee and "Programme d'investissements" not in snee
    assert "Subvention de l'État, volet 1 (équipement et réseaux)" in snee
    assert "Volet 1 : équipement et réseaux" in snee and "État — volet 2 (services et ressources)" in snee
