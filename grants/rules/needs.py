"""Lines against the needs of the état des lieux, and schools that already have the socle."""

from __future__ import annotations

from ..findings import Context, Finding, finding
from ..i18n import N_
from ..labels import category_label
from ..needs import item_need, meets_socle
from ..params import Msg, Num, SchoolName


def check_needs(ctx: Context) -> list[Finding]:
    """A line for an item the school already has in full asks for what is not needed."""
    found = []
    categories, schools = ctx.call.categories, ctx.dossier.schools
    for j, (line, result) in enumerate(zip(ctx.dossier.lines, ctx.funding.lines, strict=True)):
        school_i = result.school_index
        category = categories.get(line.category)
        # item_need counts volet 1 items only (None otherwise): the other lines are skipped here.
        if school_i is None or category is None or category.volet != 1:
            continue
        school = schools[school_i]
        if item_need(school, line.category, ctx.call) != 0:
            continue
        found.append(
            finding(
                "NEED-MET",
                f"lines[{j}]",
                N_(
                    "La ligne « %(label)s » porte sur « %(category)s », déjà présent à l'école %(name)s "
                    "(%(have)s selon l'état des lieux, pour %(classes)s classes) : corrigez l'état des lieux "
                    "ou expliquez ce renouvellement dans le projet."
                ),
                label=line.label,
                category=Msg(category_label(line.category)),
                name=SchoolName(school.name),
                have=Num(school.inventory.get(line.category, 0)),
                classes=Num(school.classes),
            )
        )
    return found


def check_socle(ctx: Context) -> list[Finding]:
    """A school that already meets the whole socle is not the call's target."""
    return [
        finding(
            "SCHOOL-AT-SOCLE",
            f"schools[{i}]",
            N_(
                "D'après l'état des lieux, l'école %(name)s dispose déjà de tout le socle numérique de "
                "base : elle n'est pas la cible de l'appel. Vérifiez l'état des lieux ou justifiez la "
                "demande dans le projet."
            ),
            name=SchoolName(school.name),
        )
        for i, school in enumerate(ctx.dossier.schools)
        if ctx.funding.schools[i].eligible and meets_socle(school, ctx.call)
    ]


CHECKS = (check_needs, check_socle)
