"""Hypothesis strategies for dossiers, built with the factories: valid in form, varied in content.

Every dossier drawn here is one the loader accepts (the properties check that too); what varies
is everything the rules judge: kinds of schools, classes, pupils, inventories, amounts, VAT,
durations, funders, the length of the project.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

from grants.dossier import Cofunder, Dossier, Line, School
from grants.loader import COFUNDING_KINDS

from . import factories as f

VOLET_1 = sorted(code for code, c in f.SNEE.categories.items() if c.volet == 1)
VOLET_2 = sorted(code for code, c in f.SNEE.categories.items() if c.volet == 2)
OUTSIDE = sorted(code for code, c in f.SNEE.categories.items() if c.volet == 0)


def euros(max_value: int = 60_000, places: int = 2) -> st.SearchStrategy[Decimal]:
    """An amount from 0 to `max_value`, with up to `places` decimals."""
    return st.decimals(min_value=0, max_value=max_value, places=places)


quantities = st.one_of(st.integers(1, 40).map(Decimal), st.decimals("0.01", "50", places=2))
vat_rates = st.sampled_from(["0.20", "0.10", "0.055", "0.021", "0"]).map(Decimal)
months = st.one_of(st.none(), st.integers(1, 60))


@st.composite
def schools(draw, number: int) -> School:
    """A school numbered `number`: mostly eligible, sometimes a maternelle or out of contract."""
    kind = draw(st.sampled_from(["elementaire"] * 4 + ["primaire"] * 2 + ["maternelle"]))
    sector = draw(st.sampled_from(["public"] * 4 + ["prive_sous_contrat", "prive_hors_contrat"]))
    classes = draw(st.integers(0, 25))
    inventory = draw(st.dictionaries(st.sampled_from(VOLET_1), st.integers(0, 30), max_size=8))
    return f.school(
        number,
        kind=kind,
        sector=sector,
        classes=classes,
        pupils=draw(st.integers(0, 30 * max(classes, 1))),
        inventory=inventory,
    )


@st.composite
def lines(draw, uais: list[str]) -> Line:
    """A line of volet 1 for a school, of volet 2 for a school or the dossier, or outside."""
    volet = draw(st.sampled_from([1, 1, 1, 2, 0]))
    school = draw(st.sampled_from(uais)) if uais else None
    quantity, price, vat = draw(quantities), draw(euros(places=4)), draw(vat_rates)
    if volet == 1 and school is not None:
        return f.equipment(school, price, draw(st.sampled_from(VOLET_1)), quantity, vat_rate=vat)
    if volet == 0:
        return Line(
            draw(st.sampled_from([school, None])),
            draw(st.sampled_from(OUTSIDE)),
            "Hors subvention",
            quantity,
            price,
            vat,
        )
    return Line(
        draw(st.sampled_from([None, school])),
        draw(st.sampled_from(VOLET_2)),
        "Abonnement",
        quantity,
        price,
        vat,
        draw(months),
    )


cofunders = st.builds(
    lambda amount, kind, status: Cofunder(f"Financeur {kind}", kind, amount, status),
    euros(40_000),
    st.sampled_from(COFUNDING_KINDS),
    st.sampled_from(["requested", "granted"]),
)

collectivites = st.builds(
    lambda kind, vat, place: f.collectivite(
        kind=kind, vat_recovered=vat, departement=place[0], insee=place[1]
    ),
    st.sampled_from(["commune", "commune", "epci", "syndicat", "association"]),
    st.booleans(),
    st.sampled_from([("71", "71412"), ("", "71412"), ("974", "97411"), ("2A", "2A004")]),
)


@st.composite
def dossiers(draw, max_schools: int = 6, max_lines: int = 14) -> Dossier:
    """A whole dossier in the interchange format's bounds."""
    drawn = [draw(schools(n)) for n in range(1, draw(st.integers(0, max_schools)) + 1)]
    uais = [s.uai for s in drawn]
    return f.dossier(
        schools=drawn,
        lines=draw(st.lists(lines(uais), max_size=max_lines)),
        cofunding=draw(st.lists(cofunders, max_size=3)),
        collectivite=draw(collectivites),
        project=f.project(draw(st.integers(0, 700))),
    )
