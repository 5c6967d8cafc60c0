"""Budget lines, the caps of both volets and the needs of the état des lieux."""

from __future__ import annotations

from ..findings import Context, Finding, finding
from ..funding import line_months, services_eligible_base
from ..i18n import N_
from ..labels import category_label
from ..params import Money, Msg, Num, SchoolName


def check_lines(ctx: Context) -> list[Finding]:
    """Each line has a known category and belongs to a school of the dossier when it must."""
    found = []
    uais = {s.uai for s in ctx.dossier.schools}
    categories, wide = ctx.call.categories, ctx.call.dossier_wide_volets
    for j, line in enumerate(ctx.dossier.lines):
        category = categories.get(line.category)
        if category is None:
            found.append(
                finding(
                    "LINE-CATEGORY",
                    f"lines[{j}].category",
                    N_(
                        "La ligne « %(label)s » a une catégorie inconnue (« %(category)s ») : choisissez une "
                        "catégorie du référentiel, ou « autre » si la dépense est hors subvention."
                    ),
                    label=line.label,
                    category=line.category,
                )
            )
        if line.school is not None and line.school not in uais:
            found.append(
                finding(
                    "LINE-SCHOOL",
                    f"lines[{j}].school",
                    N_(
                        "La ligne « %(label)s » est rattachée à l'UAI %(uai)s, qui n'est pas une école du "
                        "dossier : choisissez l'une des écoles du dossier."
                    ),
                    label=line.label,
                    uai=line.school,
                )
            )
        elif (
            line.school is None
            and category is not None
            and category.volet not in wide
            and category.volet == 1  # equipment; a service or another line reads as any expense
        ):
            found.append(
                finding(
                    "LINE-SCHOOL",
                    f"lines[{j}].school",
                    N_(
                        "La ligne d'équipement « %(label)s » n'est rattachée à aucune école : le plafond "
                        "se calcule par école, choisissez celle qui recevra ce matériel."
                    ),
                    label=line.label,
                )
            )
        elif line.school is None and category is not None and category.volet not in wide:
            found.append(
                finding(
                    "LINE-SCHOOL",
                    f"lines[{j}].school",
                    N_(
                        "La ligne « %(label)s » n'est rattachée à aucune école : dans cet appel, chaque dépense "
                        "est celle d'une école. Choisissez l'école concernée."
                    ),
                    label=line.label,
                )
            )
        elif category is not None and category.volet == 0:
            found.append(
                finding(
                    "LINE-OUTSIDE",
                    f"lines[{j}]",
                    N_(
                        "La ligne « %(label)s » (%(category)s, %(amount)s) fait partie du coût du projet mais "
                        "n'est pas subventionnable par l'appel : elle reste à votre charge ou à celle "
                        "d'autres financeurs."
                    ),
                    label=line.label,
                    category=Msg(category_label(line.category)),
                    amount=Money(ctx.funding.lines[j].base),
                )
            )
    return found


def check_school_caps(ctx: Context) -> list[Finding]:
    """Equipment above 3,500 € per class is not subsidised; below 3,500 € per school warns."""
    found = []
    minimum = ctx.call.equipment_min_per_school
    # The amounts are the subsidy's base: TTC when the collectivité does not recover VAT.
    base = Msg(N_("HT") if ctx.funding.base == "ht" else N_("TTC"))
    for s in ctx.funding.schools:
        # Most schools are within both bounds: their message's values are only built for a finding.
        if not s.eligible or not (s.equipment_expense > s.equipment_cap or 0 < s.equipment_expense < minimum):
            continue
        params = dict(
            name=SchoolName(s.name),
            expense=Money(s.equipment_expense),
            classes=Num(s.classes),
            base=base,
            per_class=Money(ctx.call.equipment_cap_per_class),
            cap=Money(s.equipment_cap),
            excess=Money(s.equipment_expense - s.equipment_cap),
            minimum=Money(minimum),
        )
        if s.equipment_expense > s.equipment_cap:
            found.append(
                finding(
                    "EQ-CAP-CLASS",
                    f"schools[{s.index}]",
                    N_(
                        "La dépense d'équipement de l'école %(name)s (%(expense)s %(base)s) dépasse le plafond de "
                        "%(per_class)s par classe × %(classes)s classes = %(cap)s : %(excess)s ne seront pas "
                        "subventionnés."
                    ),
                    **params,
                )
            )
        elif 0 < s.equipment_expense < minimum:
            found.append(
                finding(
                    "EQ-MIN-SCHOOL",
                    f"schools[{s.index}]",
                    N_(
                        "La dépense d'équipement de l'école %(name)s (%(expense)s) est inférieure à %(minimum)s : "
                        "certaines sources signalent ce minimum par école (non confirmé par le cahier des "
                        "charges). Complétez l'équipement ou vérifiez auprès de l'inspection."
                    ),
                    **params,
                )
            )
    return found


def check_dossier_cap(ctx: Context) -> list[Finding]:
    """Equipment above the dossier's ceiling is not subsidised."""
    eq = ctx.funding.equipment
    if eq.before_cap <= ctx.call.equipment_ceiling:
        return []
    return [
        finding(
            "EQ-CAP-DOSSIER",
            "funding.equipment",
            N_(
                "L'équipement éligible des écoles (%(sum)s) dépasse le plafond de %(ceiling)s par dossier : "
                "%(excess)s ne seront pas subventionnés."
            ),
            sum=Money(eq.before_cap),
            ceiling=Money(ctx.call.equipment_ceiling),
            excess=Money(eq.before_cap - eq.eligible),
        )
    ]


def check_durations(ctx: Context) -> list[Finding]:
    """A subscription counts for at most 24 months."""
    found = []
    limit, categories = ctx.call.services_max_months, ctx.call.categories
    for j, line in enumerate(ctx.dossier.lines):
        category = categories.get(line.category)
        if category is None or category.volet != 2:
            continue
        months = line_months(line, ctx.call)
        if months <= limit:
            continue
        result = ctx.funding.lines[j]
        found.append(
            finding(
                "SRV-DURATION",
                f"lines[{j}].duration_months",
                N_(
                    "L'abonnement « %(label)s » dure %(months)s mois ; l'appel en retient %(limit)s au plus : "
                    "%(base)s × %(limit)s / %(months)s = %(eligible)s comptent dans la base du volet 2."
                ),
                # The arithmetic shown, even for a line the subsidy does not count (ineligible school).
                label=line.label,
                months=Num(months),
                limit=Num(limit),
                base=Money(result.base),
                eligible=Money(services_eligible_base(result.base, months, ctx.call)),
            )
        )
    return found


def check_services(ctx: Context) -> list[Finding]:
    """Both volets are expected; services above 20 € per pupil are not subsidised."""
    f = ctx.funding
    if f.equipment.expense > 0 and f.services.expense == 0:
        return [
            finding(
                "SRV-NONE",
                "funding.services",
                N_(
                    "Le dossier prévoit de l'équipement (%(equipment)s) mais aucun service ni ressource "
                    "numérique (volet 2) : l'appel attend un projet couvrant les deux volets, par exemple "
                    "un ENT ou des ressources pédagogiques."
                ),
                equipment=Money(f.equipment.expense),
            )
        ]
    if f.services.before_cap > f.services.eligible:
        return [
            finding(
                "SRV-CAP-PUPIL",
                "funding.services",
                N_(
                    "Les services et ressources retenus (%(sum)s) dépassent le plafond de %(per_pupil)s par "
                    "élève × %(pupils)s élèves = %(cap)s : %(excess)s ne seront pas subventionnés."
                ),
                sum=Money(f.services.before_cap),
                per_pupil=Money(ctx.call.services_cap_per_pupil),
                pupils=Num(sum(s.pupils for s in f.schools if s.eligible)),
                cap=Money(f.services.cap or 0),
                excess=Money(f.services.before_cap - f.services.eligible),
            )
        ]
    return []


CHECKS = (check_lines, check_school_caps, check_dossier_cap, check_durations, check_services)
