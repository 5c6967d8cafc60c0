"""The financing plan: aid within the cost, and the collectivité's 20 % (CGCT L1111-10)."""

from __future__ import annotations

from ..findings import Context, Finding, finding
from ..i18n import N_
from ..identifiers import insee_departement
from ..money import cents_up
from ..params import Money, Pct


def check_financing(ctx: Context) -> list[Finding]:
    """Own contribution not negative, and at least 20 % of the public financing."""
    f = ctx.funding
    path = "funding.own_contribution"
    if f.own_contribution < 0:
        return [
            finding(
                "FIN-OVERFUNDED",
                path,
                N_(
                    "Les aides (État %(state)s + autres financeurs %(other)s) dépassent le coût du projet "
                    "(%(cost)s) de %(excess)s : réduisez les cofinancements demandés."
                ),
                state=Money(f.state_subsidy),
                other=Money(f.cofunding),
                cost=Money(f.project_cost),
                excess=Money(-f.own_contribution),
            )
        ]
    c = ctx.dossier.collectivite
    dept = c.departement or insee_departement(c.insee) or ""
    minimum = ctx.call.min_own_share
    if dept in ctx.call.own_share_exempt_departements or f.own_contribution >= minimum * f.public_financing:
        return []
    # Lowering public aid by g raises the own share by g and leaves the public total as it is.
    needed = minimum * f.public_financing
    return [
        finding(
            "FIN-MIN-OWN",
            path,
            N_(
                "La part de la collectivité (%(own)s) représente %(share)s du financement public "
                "(%(public)s) ; la loi (CGCT, art. L1111-10) en exige au moins %(minimum)s, soit %(needed)s. "
                "Réduisez les cofinancements publics d'au moins %(gap)s."
            ),
            own=Money(f.own_contribution),
            share=Pct(f.own_public_share),
            public=Money(f.public_financing),
            minimum=Pct(minimum),
            needed=Money(needed),
            gap=Money(cents_up(needed - f.own_contribution)),
        )
    ]


CHECKS = (check_financing,)
