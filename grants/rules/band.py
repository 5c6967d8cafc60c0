"""Rules of a call that funds each school within a band (a floor, a cap, a rate) and limits the
communes that apply by their population (the Label Écoles numériques 2020)."""

from __future__ import annotations

from ..findings import Context, Finding, finding
from ..i18n import N_
from ..params import Money, Msg, Num, Pct, SchoolName
from .eligibility import APPLICANT_KIND_LABELS

POPULATION_MISSING = N_(
    "La population de la commune n'est pas indiquée : l'appel est réservé aux communes d'au plus "
    "%(max)s habitants (population municipale). Indiquez-la à l'étape Collectivité."
)
# A message as its own step shows it (the step the finding belongs to): the same point, without
# sending the reader to the page they are on.
ON_ITS_STEP = {
    POPULATION_MISSING: N_(
        "La population de la commune n'est pas indiquée : l'appel est réservé aux communes d'au plus "
        "%(max)s habitants (population municipale). Indiquez-la dans le champ « Population »."
    ),
}


def check_population(ctx: Context) -> list[Finding]:
    """A commune of at most the call's population; a grouping's member communes must be too."""
    call, c = ctx.call, ctx.dossier.collectivite
    if call.max_population is None:
        return []
    if c.kind in call.population_kinds and (c.population is None or c.population > call.max_population):
        message = (
            POPULATION_MISSING
            if c.population is None
            else N_(
                "La commune compte %(population)s habitants : l'appel est réservé aux communes d'au plus "
                "%(max)s habitants (population municipale). Vérifiez le chiffre de l'INSEE ; au-delà, la "
                "commune ne peut pas candidater."
            )
        )
        return [
            finding(
                "ELIG-POPULATION",
                "collectivite.population",
                message,
                population=Num(c.population or 0),
                max=Num(call.max_population),
            )
        ]
    if c.kind in call.grouping_kinds:
        return [
            finding(
                "ELIG-GROUPING",
                "collectivite.kind",
                N_(
                    "Un %(kind)s peut candidater si chacune de ses communes membres compte au plus %(max)s "
                    "habitants : joignez au dossier la liste des communes membres avec leur population."
                ),
                kind=Msg(APPLICANT_KIND_LABELS.get(c.kind, c.kind)),
                max=Num(call.max_population),
            )
        ]
    return []


def check_school_band(ctx: Context) -> list[Finding]:
    """A school's spend below the floor gets nothing; above the cap, the excess is not subsidised."""
    call = ctx.call
    found = []
    base = Msg(N_("HT") if ctx.funding.base == "ht" else N_("TTC"))
    floor, cap = call.school_floor, call.school_cap
    for s in ctx.funding.schools:
        # Most schools are within the band: their message's values are only built for a finding.
        if not s.eligible or not (0 < s.expense < floor or s.expense > cap):
            continue
        params = dict(
            name=SchoolName(s.name),
            expense=Money(s.expense),
            base=base,
            floor=Money(call.school_floor),
            cap=Money(call.school_cap),
            excess=Money(s.expense - call.school_cap),
            rate=Pct(call.school_rate),
            subsidy=Money(s.subsidy),
        )
        if 0 < s.expense < call.school_floor:
            found.append(
                finding(
                    "SCHOOL-FLOOR",
                    f"schools[{s.index}]",
                    N_(
                        "La dépense de l'école %(name)s (%(expense)s %(base)s) est inférieure au plancher de "
                        "%(floor)s par école : elle ne recevra aucune subvention. Complétez son projet pour "
                        "atteindre %(floor)s, ou regroupez ses dépenses avec celles d'une autre école."
                    ),
                    **params,
                )
            )
        elif s.expense > call.school_cap:
            found.append(
                finding(
                    "SCHOOL-CAP",
                    f"schools[{s.index}]",
                    N_(
                        "La dépense de l'école %(name)s (%(expense)s %(base)s) dépasse le plafond de %(cap)s par "
                        "école : %(excess)s ne seront pas subventionnés ; la subvention est de %(rate)s × "
                        "%(cap)s = %(subsidy)s."
                    ),
                    **params,
                )
            )
    return found


def check_band_expense(ctx: Context) -> list[Finding]:
    """At least one eligible school's spend reaches the floor."""
    floor = ctx.call.school_floor
    if any(s.eligible and s.expense >= floor and s.expense > 0 for s in ctx.funding.schools):
        return []
    return [
        finding(
            "ELIG-NO-EXPENSE",
            "lines",
            N_(
                "Aucune école éligible n'atteint le plancher de %(floor)s de dépenses du référentiel : "
                "ajoutez des lignes de budget à au moins une école pour atteindre ce montant."
            ),
            floor=Money(floor),
        )
    ]


CHECKS = (check_population, check_school_band, check_band_expense)
