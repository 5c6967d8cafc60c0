"""Findings: what a rule says about a place of the dossier, and the catalogue of rules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .call import CallDefinition
from .dossier import Dossier
from .funding import Funding
from .i18n import N_
from .params import render

BLOCKING, WARNING, INFO = "blocking", "warning", "info"
SEVERITIES = (BLOCKING, WARNING, INFO)


@dataclass(frozen=True)
class Rule:
    """A rule of the call: its code, how serious a breach is, and the paragraph it applies."""

    code: str
    severity: str
    paragraph: str
    title: str
    # Where the team fixes a breach, when not where its path points (a school's spend is fixed
    # in the budget, a school's socle in the état des lieux): a wizard step's key, or "".
    place: str = ""


@dataclass(frozen=True, slots=True)  # a large dossier has thousands: slots build them faster
class Finding:
    """One rule's verdict on one place of the dossier, with the values it tested."""

    rule: str
    severity: str
    path: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)

    def render(self, locale: str | None = None) -> str:
        """The message as a sentence in the locale, values formatted."""
        return render(self.message, self.params, locale)


@dataclass(frozen=True)
class Context:
    """What every rule reads: the dossier, the call, the computed funding and the instant."""

    dossier: Dossier
    call: CallDefinition
    funding: Funding
    at: datetime | None = None


Check = Callable[[Context], list[Finding]]

RULES: dict[str, Rule] = {
    r.code: r
    for r in (
        Rule("ID-SIRET", BLOCKING, "§4", N_("SIRET de la collectivité valide")),
        Rule("ID-SIRET-KIND", WARNING, "§4", N_("SIREN cohérent avec le type de collectivité")),
        Rule("ID-INSEE", BLOCKING, "§4", N_("Code INSEE de la commune siège valide")),
        Rule("ID-REPRESENTATIVE", BLOCKING, "§4", N_("Représentant légal de la collectivité indiqué")),
        Rule("ID-UAI", BLOCKING, "§4", N_("UAI de chaque école valide")),
        Rule("ID-UAI-DEPT", WARNING, "§4", N_("Écoles du département de la collectivité")),
        Rule("ELIG-APPLICANT", BLOCKING, "§2", N_("Porteur éligible (commune, EPCI, syndicat)")),
        Rule("ELIG-SCHOOL-KIND", BLOCKING, "§2", N_("Écoles des types et des secteurs que l'appel admet")),
        Rule("ELIG-POPULATION", BLOCKING, "§2", N_("Commune sous le seuil de population de l'appel")),
        Rule(
            "ELIG-GROUPING", WARNING, "§2", N_("Communes membres du groupement sous le seuil de population")
        ),
        Rule("SCHOOL-FLOOR", WARNING, "§3", N_("Dépense minimale par école"), "budget"),
        Rule("SCHOOL-CAP", INFO, "§3", N_("Plafond de dépense par école"), "budget"),
        Rule("ELIG-PRIVATE", WARNING, "§2", N_("Parité des écoles privées sous contrat justifiée")),
        Rule("ELIG-NO-SCHOOL", BLOCKING, "§4", N_("Au moins une école éligible")),
        Rule("ELIG-NO-EXPENSE", BLOCKING, "§4", N_("Au moins une dépense du référentiel")),
        Rule("DUP-UAI", BLOCKING, "§4", N_("Chaque école une seule fois")),
        Rule("LINE-SCHOOL", BLOCKING, "§3", N_("Chaque ligne rattachée à une école du dossier")),
        Rule("LINE-CATEGORY", BLOCKING, "§5", N_("Chaque ligne dans une catégorie connue")),
        Rule("LINE-OUTSIDE", INFO, "§3", N_("Dépenses hors subvention signalées")),
        Rule("EQ-CAP-CLASS", INFO, "§3 volet 1", N_("Plafond d'équipement par classe"), "budget"),
        Rule("EQ-MIN-SCHOOL", WARNING, "§3 volet 1", N_("Dépense minimale par école"), "budget"),
        Rule("EQ-CAP-DOSSIER", INFO, "§3 volet 1", N_("Plafond d'équipement du dossier")),
        Rule("SRV-DURATION", WARNING, "§3 volet 2", N_("Durée des abonnements")),
        Rule("SRV-NONE", WARNING, "§4", N_("Les deux volets du projet")),
        Rule("SRV-CAP-PUPIL", INFO, "§3 volet 2", N_("Plafond des services par élève")),
        Rule("NEED-MET", WARNING, "§5", N_("Dépenses répondant à un besoin"), "budget"),
        Rule("SCHOOL-AT-SOCLE", WARNING, "§5", N_("Écoles n'ayant pas déjà le socle"), "etat"),
        Rule("FIN-OVERFUNDED", BLOCKING, "§3 plan de financement", N_("Aides au plus égales au coût")),
        Rule(
            "FIN-MIN-OWN",
            BLOCKING,
            "§3 plan de financement",
            N_("Participation minimale de 20 % (CGCT L1111-10)"),
        ),
        Rule("PROJECT-MISSING", BLOCKING, "§4", N_("Projet pédagogique rédigé")),
        Rule("PROJECT-SHORT", WARNING, "§4", N_("Projet pédagogique développé")),
        Rule("CALL-CLOSED", BLOCKING, "§1", N_("Dépôt pendant la période de l'appel"), "recap"),
        # Not a rule of the contract's evaluation: computed from the stored dossier's attachments
        # (grants.pieces), shown on the recap and in the reports.
        Rule("PIECE-MISSING", WARNING, "§4", N_("Pièces demandées par l'appel jointes")),
    )
}


def finding(code: str, path: str, message: str, **params: Any) -> Finding:
    """A finding of a rule of the catalogue, with that rule's severity."""
    return Finding(code, RULES[code].severity, path, message, params)
