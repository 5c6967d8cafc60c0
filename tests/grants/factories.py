"""Small factories for the rules engine's tests: a valid dossier by default, changed by keywords.

The default dossier is a commune of Saône-et-Loire with one elementary school of 4 classes and
100 pupils, 10,000 € of equipment and 2,000 € of ENT: it raises no finding at all, so a test
changes one thing and reads the one finding that change causes.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal

from stdnum import luhn

from grants.call import CallDefinition, get_call
from grants.dossier import Cofunder, Collectivite, Dossier, Line, Person, Project, School
from grants.evaluation import Evaluation, evaluate
from grants.identifiers import uai_check_letter

SNEE = get_call("snee-2021")
LABEL = get_call("label-ecoles-numeriques-2020")
assert SNEE is not None and LABEL is not None

# Long enough for PROJECT-SHORT to stay silent (500 characters are expected).
PROJECT_TEXT = (
    "Le projet a été construit avec les équipes enseignantes et l'IEN de la circonscription. "
    "Chaque classe disposera d'un affichage collectif et d'un poste pour l'enseignant ; la classe "
    "mobile servira aux productions d'élèves (textes, enregistrements, photos) et l'ENT au lien "
    "avec les familles. Les enseignants suivront les animations pédagogiques de l'académie, un "
    "référent numérique de la commune assurera la prise en main du matériel et les conseils "
    "d'école évalueront les usages chaque année scolaire avant de compléter l'équipement."
)


def money(value: str | int | Decimal) -> Decimal:
    """Euros as a Decimal, from the text a person would write (`"3500.00"`)."""
    return Decimal(str(value))


def uai(prefix: str = "071", number: int = 1) -> str:
    """A valid UAI: a département part (`071`, `620`, `971`), four digits and its check letter."""
    first_seven = f"{prefix}{number:04d}"
    return first_seven + uai_check_letter(first_seven)


def siret(siren: str = "217101120", nic: str = "0001") -> str:
    """A valid SIRET: SIREN, four digits of establishment and the Luhn key."""
    body = siren + nic
    return body + luhn.calc_check_digit(body)


def collectivite(**changes) -> Collectivite:
    """A commune of Saône-et-Loire that recovers VAT, with valid identifiers."""
    base = Collectivite(
        kind="commune",
        name="Commune de Saint-Exemple",
        siret=siret(),
        insee="71412",
        departement="71",
        population=820,
        vat_recovered=True,
        representative=Person(name="Claire Moreau", title="Maire"),
        contact=Person(name="Karim Benali", email="numerique@example.fr", phone="01 02 03 04 05"),
    )
    return replace(base, **changes)


def school(number: int = 1, prefix: str = "071", **changes) -> School:
    """A public elementary school with 4 classes and 100 pupils of cycles 2 and 3."""
    base = School(
        uai=uai(prefix, number),
        name=f"École élémentaire n° {number}",
        kind="elementaire",
        sector="public",
        classes=4,
        pupils=100,
        inventory={},
    )
    return replace(base, **changes)


def full_socle(classes: int) -> dict[str, int]:
    """An inventory that meets the whole socle for a school of that many classes."""
    return {
        "classe_affichage": classes,
        "classe_poste_enseignant": classes,
        "classe_audio": classes,
        "classe_capture": 1,
        "direction_poste": 1,
        "direction_impression": 1,
        "mobile_tablettes": 1,
    }


def equipment(
    school_uai: str | None,
    amount: str | Decimal = "10000.00",
    category: str = "classe_affichage",
    quantity: str | int | Decimal = 1,
    vat_rate: str | Decimal = "0.20",
) -> Line:
    """A volet 1 line of one school: `quantity` units at `amount` HT each."""
    return Line(
        school=school_uai,
        category=category,
        label=f"Équipement {category}",
        quantity=money(quantity),
        unit_price_ht=money(amount),
        vat_rate=money(vat_rate),
    )


def service(
    amount: str | Decimal = "2000.00",
    months: int | None = 24,
    school_uai: str | None = None,
    category: str = "service_ent",
    **changes,
) -> Line:
    """A volet 2 subscription, for the whole dossier unless a school is given."""
    return Line(
        school=school_uai,
        category=category,
        label="ENT, abonnement",
        quantity=money(1),
        unit_price_ht=money(amount),
        vat_rate=money("0.20"),
        duration_months=months,
        **changes,
    )


def outside(school_uai: str | None, amount: str | Decimal = "350.00", category: str = "formation") -> Line:
    """A line outside the subsidy (training by default)."""
    return Line(
        school=school_uai,
        category=category,
        label="Demi-journée de prise en main",
        quantity=money(1),
        unit_price_ht=money(amount),
        vat_rate=money("0.20"),
    )


def cofunder(amount: str | Decimal, kind: str = "departement", status: str = "requested") -> Cofunder:
    """Another funder's contribution in euros."""
    return Cofunder(funder=f"Financeur ({kind})", kind=kind, amount=money(amount), status=status)


def project(length: int = len(PROJECT_TEXT)) -> Project:
    """A pedagogical project of exactly `length` characters (in its summary)."""
    text = (PROJECT_TEXT * (length // len(PROJECT_TEXT) + 1))[:length]
    if text[-1:].isspace():  # the count strips the texts: keep the last character visible
        text = text[:-1] + "."
    return Project(summary=text)


def dossier(
    schools: list[School] | None = None,
    lines: list[Line] | None = None,
    cofunding: list[Cofunder] | None = None,
    **changes,
) -> Dossier:
    """A complete, eligible dossier without any finding, unless told otherwise."""
    schools = [school()] if schools is None else schools
    if lines is None:
        lines = [equipment(schools[0].uai), service()] if schools else [service()]
    base = Dossier(
        call="snee-2021",
        collectivite=collectivite(),
        schools=schools,
        lines=lines,
        cofunding=cofunding or [],
        project=project(),
    )
    return replace(base, **changes)


def evaluated(d: Dossier, call: CallDefinition = SNEE, at: datetime | None = None) -> Evaluation:
    """The evaluation of a dossier under a call (the 2021 call by default)."""
    return evaluate(d, call, at)


def rules(d: Dossier, call: CallDefinition = SNEE, at: datetime | None = None) -> set[str]:
    """The codes of the rules the dossier breaks."""
    return {f.rule for f in evaluated(d, call, at).findings}


def findings(d: Dossier, call: CallDefinition = SNEE, at: datetime | None = None) -> set[tuple[str, str]]:
    """The (rule, path) pairs of the evaluation, the contract's identity of a finding."""
    return {(f.rule, f.path) for f in evaluated(d, call, at).findings}


def label_dossier(
    schools: list[School] | None = None,
    lines: list[Line] | None = None,
    cofunding: list[Cofunder] | None = None,
    **changes,
) -> Dossier:
    """A dossier of the Label Écoles numériques 2020 without any finding: a commune of 820
    inhabitants, one elementary school, 5,000 € of equipment (subsidy 2,500 €)."""
    schools = [school()] if schools is None else schools
    if lines is None:
        lines = [equipment(schools[0].uai, "5000.00")] if schools else []
    base = Dossier(
        call=LABEL.id,
        collectivite=collectivite(),
        schools=schools,
        lines=lines,
        cofunding=cofunding or [],
        project=project(),
    )
    return replace(base, **changes)
