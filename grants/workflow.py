"""The life of a dossier (call §6): states, the transitions allowed, and who may make them."""

from __future__ import annotations

from dataclasses import dataclass

from .i18n import N_

BROUILLON, DEPOSE, EN_INSTRUCTION = "brouillon", "depose", "en_instruction"
CORRECTION, ACCEPTE, REFUSE, SANS_SUITE = "correction_demandee", "accepte", "refuse", "classe_sans_suite"

STATE_LABELS = {
    BROUILLON: N_("Brouillon"),
    DEPOSE: N_("Déposé"),
    EN_INSTRUCTION: N_("En instruction"),
    CORRECTION: N_("Correction demandée"),
    ACCEPTE: N_("Accepté"),
    REFUSE: N_("Refusé"),
    SANS_SUITE: N_("Classé sans suite"),
}
# A practice dossier's state is never shown alone: « Accepté (entraînement) ».
PRACTICE_STATE = N_("%(state)s (entraînement)")
EDITABLE_STATES = (BROUILLON, CORRECTION)
FINAL_STATES = (ACCEPTE, REFUSE, SANS_SUITE)

TEAM, INSPECTOR, DECIDER = "team", "inspector", "decider"
DECIDER_LEVELS = ("dasen", "dan")

AVIS_LABELS = {
    "favorable": N_("Favorable"),
    "reserves": N_("Favorable avec réserves"),
    "defavorable": N_("Défavorable"),
}


@dataclass(frozen=True)
class Transition:
    """An action that moves a dossier from some states to one, made by one kind of actor."""

    action: str
    sources: tuple[str, ...]
    target: str
    actor: str
    needs_reason: bool
    label: str


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("deposit", (BROUILLON, CORRECTION), DEPOSE, TEAM, False, N_("Déposer le dossier")),
        Transition("instruct", (DEPOSE,), EN_INSTRUCTION, INSPECTOR, False, N_("Mettre en instruction")),
        Transition(
            "request_correction",
            (DEPOSE, EN_INSTRUCTION),
            CORRECTION,
            INSPECTOR,
            True,
            N_("Demander une correction"),
        ),
        Transition("accept", (EN_INSTRUCTION,), ACCEPTE, DECIDER, True, N_("Accepter")),
        Transition("refuse", (EN_INSTRUCTION,), REFUSE, DECIDER, True, N_("Refuser")),
        Transition("close", (DEPOSE, EN_INSTRUCTION), SANS_SUITE, DECIDER, True, N_("Classer sans suite")),
    )
}


def actor_kinds(is_member: bool, inspector_level: str | None) -> set[str]:
    """What kinds of actor a person is for a dossier they can see."""
    kinds = {TEAM} if is_member else set()
    if inspector_level:
        kinds.add(INSPECTOR)
        if inspector_level in DECIDER_LEVELS:
            kinds.add(DECIDER)
    return kinds


def refusal(action: str, state: str, actors: set[str]) -> str | None:
    """Why this action is not allowed now (a translatable sentence), or None when it is."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        return N_("Action inconnue.")
    if transition.actor not in actors:
        return N_("Vous n'avez pas le rôle nécessaire pour cette action.")
    if state not in transition.sources:
        return N_("Cette action n'est pas possible dans l'état actuel du dossier.")
    return None


def allowed_actions(state: str, actors: set[str]) -> list[Transition]:
    """The transitions a person may make on a dossier in that state."""
    return [t for t in TRANSITIONS.values() if refusal(t.action, state, actors) is None]


def state_text(state: str, practice: bool, translate) -> str:
    """The state as people read it, marked when the dossier is a practice one; `translate` is
    the caller's gettext."""
    label = translate(STATE_LABELS.get(state, state))
    return translate(PRACTICE_STATE) % {"state": label} if practice else label
