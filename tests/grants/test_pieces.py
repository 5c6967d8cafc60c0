"""The pieces a call requires, against those attached: warnings naming each missing piece, and
the parity warning answered once the parity calculation is attached (grants.pieces)."""

from __future__ import annotations

from grants.pieces import PIECE_MISSING, missing, with_pieces

from . import factories as f


def _private_dossier():
    return f.dossier(schools=[f.school(), f.school(2, sector="prive_sous_contrat")])


def test_each_required_piece_of_the_label_call_is_a_warning_naming_it():
    dossier = f.dossier()
    evaluation = f.evaluated(dossier, f.LABEL)
    shown = with_pieces(evaluation, dossier, attached=())
    added = [x for x in shown.findings if x.rule == PIECE_MISSING]
    assert {x.path for x in added} == {"pieces.deliberation", "pieces.devis", "pieces.rib"}
    assert all(x.severity == "warning" for x in added)
    assert "Relevé d'identité bancaire (RIB)" in " ".join(x.render("fr") for x in added)
    # The contract's evaluation is left as it is.
    assert PIECE_MISSING not in {x.rule for x in evaluation.findings}
    assert shown.eligible == evaluation.eligible


def test_an_attached_piece_is_no_longer_missing():
    dossier = f.dossier()
    assert [p.code for p in missing(f.LABEL, dossier, ["devis", "rib", "autre"])] == ["deliberation"]


def test_the_parity_calculation_is_asked_only_with_a_private_school_and_answers_its_warning():
    assert "parite" not in {p.code for p in missing(f.SNEE, f.dossier(), ())}
    dossier = _private_dossier()
    evaluation = f.evaluated(dossier, f.SNEE)
    assert "ELIG-PRIVATE" in {x.rule for x in evaluation.findings}
    before = with_pieces(evaluation, dossier, attached=())
    assert {"ELIG-PRIVATE", PIECE_MISSING} <= {x.rule for x in before.findings}
    assert "pieces.parite" in {x.path for x in before.findings}
    after = with_pieces(evaluation, dossier, attached=["parite"])
    assert "ELIG-PRIVATE" not in {x.rule for x in after.findings}
    assert "pieces.parite" not in {x.path for x in after.findings}
