"""The pedagogical project and the call's window."""

from __future__ import annotations

from ..findings import Context, Finding, finding
from ..i18n import N_
from ..params import Num


def check_project(ctx: Context) -> list[Finding]:
    """The project is written, and long enough to say what the equipment is for."""
    length = ctx.dossier.project.length()
    minimum = ctx.call.project_min_chars
    if length == 0:
        return [
            finding(
                "PROJECT-MISSING",
                "project",
                N_(
                    "Le projet pédagogique n'est pas rédigé : décrivez les usages prévus avec les équipes "
                    "enseignantes, l'IEN consulté et la façon dont le projet a été construit."
                ),
            )
        ]
    if length < minimum:
        return [
            finding(
                "PROJECT-SHORT",
                "project",
                N_(
                    "Le projet pédagogique compte %(length)s caractères, moins que les %(minimum)s attendus : "
                    "précisez les usages prévus en classe, l'accompagnement des enseignants et la concertation "
                    "menée."
                ),
                length=Num(length),
                minimum=Num(minimum),
            )
        ]
    return []


def check_window(ctx: Context) -> list[Finding]:
    """A dossier is deposited while the call is open (only checked at a given instant)."""
    call = ctx.call
    if ctx.at is None or call.is_open(ctx.at):
        return []
    return [
        finding(
            "CALL-CLOSED",
            "call",
            N_(
                "L'appel « %(title)s » reçoit les dossiers du %(opens)s au %(closes)s (heure de Paris) ; "
                "le %(at)s est en dehors de cette période : le dépôt n'est pas possible."
            ),
            title=call.title,
            opens=call.opens.strftime("%d/%m/%Y %H:%M"),
            closes=call.closes.strftime("%d/%m/%Y %H:%M"),
            at=call.local_time(ctx.at).strftime("%d/%m/%Y %H:%M"),
        )
    ]


CHECKS = (check_project, check_window)
