"""The pieces a call asks a dossier to attach, against those the stored dossier has.

The attachments are not part of the interchange format: these findings are computed from the
stored dossier's pieces, beside the contract's evaluation (`flask dossier evaluate` never gives
them). A missing required piece is a warning, not a blocking point: the calls were filed on the
State's platform (Démarches Simplifiées), which collects the pieces, and their texts do not make
the candidature's deposit wait for them; the warning names each piece so that none is forgotten.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from .call import CallDefinition, Piece
from .dossier import Dossier
from .evaluation import Evaluation
from .findings import Finding, finding
from .i18n import N_
from .labels import PIECE_LABELS
from .params import Msg

PIECE_MISSING = "PIECE-MISSING"


def wanted(call: CallDefinition, dossier: Dossier) -> list[Piece]:
    """The call's pieces that concern this dossier (the parity calculation only with a private
    school under contract)."""
    private = any(s.sector in call.private_sectors_needing_parity for s in dossier.schools)
    return [p for p in call.pieces if p.when != "private" or private]


def missing(call: CallDefinition, dossier: Dossier, attached: Iterable[str]) -> list[Piece]:
    """The required pieces of the dossier of which no file of that kind is attached."""
    have = set(attached)
    return [p for p in wanted(call, dossier) if p.required and p.code not in have]


def piece_findings(call: CallDefinition, dossier: Dossier, attached: Iterable[str]) -> list[Finding]:
    """One PIECE-MISSING warning per required piece not attached, naming it."""
    return [
        finding(
            PIECE_MISSING,
            f"pieces.{p.code}",
            N_("Pièce demandée par l'appel, non jointe : %(piece)s. Joignez-la au dossier avant son dépôt."),
            piece=Msg(PIECE_LABELS.get(p.code, p.code)),
        )
        for p in missing(call, dossier, attached)
    ]


def answered_rules(call: CallDefinition, attached: Iterable[str]) -> set[str]:
    """The rules whose warning an attached piece answers (ELIG-PRIVATE once the parity
    calculation is attached)."""
    have = set(attached)
    return {rule for p in call.pieces if p.code in have for rule in p.answers}


def with_pieces(evaluation: Evaluation, dossier: Dossier, attached: Iterable[str]) -> Evaluation:
    """The evaluation as the pages and the reports show it for a stored dossier: the warnings
    an attached piece answers are gone, a missing required piece is a warning. The contract's
    evaluation (`evaluation`) is left as it is."""
    kinds = list(attached)
    answered = answered_rules(evaluation.call, kinds)
    kept = [f for f in evaluation.findings if not (f.rule in answered and f.severity != "blocking")]
    added = piece_findings(evaluation.call, dossier, kinds)
    if not added and len(kept) == len(evaluation.findings):
        return evaluation
    return replace(evaluation, findings=kept + added)
