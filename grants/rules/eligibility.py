"""Who may apply and which schools count."""

from __future__ import annotations

from ..findings import Context, Finding, finding
from ..i18n import N_
from ..params import Msg, SchoolName

SCHOOL_KIND_LABELS = {
    "elementaire": N_("élémentaire"),
    "primaire": N_("primaire"),
    "maternelle": N_("maternelle"),
}
APPLICANT_KIND_LABELS = {
    "commune": N_("commune"),
    "epci": N_("EPCI"),
    "syndicat": N_("syndicat"),
}
SECTOR_LABELS = {
    "public": N_("publique"),
    "prive_sous_contrat": N_("privée sous contrat"),
    "prive_hors_contrat": N_("privée hors contrat"),
}


def check_applicant(ctx: Context) -> list[Finding]:
    """Only a commune, an EPCI or a syndicat holding the school competence applies."""
    kind = ctx.dossier.collectivite.kind
    if kind in ctx.call.applicant_kinds:
        return []
    return [
        finding(
            "ELIG-APPLICANT",
            "collectivite.kind",
            N_(
                "Le porteur « %(kind)s » ne peut pas candidater : seules une commune, un EPCI ou un "
                "syndicat ayant la compétence scolaire le peuvent. Les écoles privées sous contrat sont "
                "présentées dans le dossier de leur commune."
            ),
            kind=kind,
        )
    ]


def check_school_kinds(ctx: Context) -> list[Finding]:
    """Elementary and primary schools, public or under contract; a private one needs parity."""
    found = []
    call = ctx.call
    for i, school in enumerate(ctx.dossier.schools):
        path = f"schools[{i}]"
        if school.kind not in call.school_kinds or school.sector not in call.school_sectors:
            found.append(
                finding(
                    "ELIG-SCHOOL-KIND",
                    path,
                    _kind_message(school.kind, call),
                    name=SchoolName(school.name),
                    kind=Msg(SCHOOL_KIND_LABELS.get(school.kind, school.kind)),
                    sector=Msg(SECTOR_LABELS.get(school.sector, school.sector)),
                )
            )
        elif school.sector in call.private_sectors_needing_parity:
            found.append(
                finding(
                    "ELIG-PRIVATE",
                    path,
                    N_(
                        "L'école %(name)s est privée sous contrat : elle est éligible, mais la commune doit "
                        "justifier que l'aide qu'elle lui apporte ne dépasse pas celle de ses écoles "
                        "publiques (Code de l'éducation, L442-16). Joignez ce calcul de parité au dossier."
                    ),
                    name=SchoolName(school.name),
                )
            )
    return found


def _kind_message(kind: str, call) -> str:
    # The call says which schools it aims at (`[wording]` "rule.ELIG-SCHOOL-KIND.kind").
    if kind not in call.school_kinds:
        return call.text("rule.ELIG-SCHOOL-KIND.kind") or N_(
            "L'école %(name)s (%(kind)s) n'est pas éligible : l'appel ne vise pas ce type d'école. "
            "Retirez-la du dossier, avec ses lignes de budget."
        )
    return N_(
        "L'école %(name)s (%(sector)s) n'est pas éligible : seules les écoles publiques et "
        "privées sous contrat peuvent être aidées. Retirez-la du dossier, avec ses lignes "
        "de budget."
    )


def check_some_school(ctx: Context) -> list[Finding]:
    """At least one school of the dossier is eligible."""
    if any(s.eligible for s in ctx.funding.schools):
        return []
    return [
        finding(
            "ELIG-NO-SCHOOL",
            "schools",
            # The schools the call admits are the call's words (`[wording]` "rule.ELIG-NO-SCHOOL").
            ctx.call.text("rule.ELIG-NO-SCHOOL")
            or N_(
                "Aucune école éligible dans le dossier (%(count)s école(s) saisie(s)) : ajoutez au moins "
                "une école que l'appel admet."
            ),
            count=len(ctx.dossier.schools),
        )
    ]


def check_some_expense(ctx: Context) -> list[Finding]:
    """Something is asked in volet 1 or volet 2."""
    f = ctx.funding
    if f.equipment.expense + f.services.expense > 0:
        return []
    return [
        finding(
            "ELIG-NO-EXPENSE",
            "lines",
            N_(
                "Le dossier ne demande rien au titre de l'équipement (volet 1) ni des services et "
                "ressources (volet 2) : ajoutez au moins une ligne de budget dans l'une de ces catégories."
            ),
        )
    ]


CHECKS = (check_applicant, check_school_kinds, check_some_school, check_some_expense)
