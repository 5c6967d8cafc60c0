"""The columns of each import and the headers they accept, however people type them."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from grants.call import CallDefinition
from grants.i18n import N_, gettext_for
from grants.labels import CATEGORY_LABELS

SCHOOLS, LINES = "schools", "lines"
INVENTORY = "inv:"
# Words that carry no meaning in a header: "Nb classes", "Nombre de classes" and "Classes" agree.
_FILLERS = {
    "nb",
    "nbre",
    "nombre",
    "de",
    "d",
    "des",
    "du",
    "l",
    "le",
    "la",
    "les",
    "n",
    "no",
    "num",
    "numero",
    "en",
    "eur",
    "euro",
    "euros",
    "a",
    "au",
    "aux",
}
# How a header says "already there" around a référentiel item: "État des lieux : Micro et enceintes".
_INVENTORY_AROUND = (
    "etat lieux",
    "edl",
    "existant",
    "existante",
    "deja place",
    "place",
    "inventaire",
    "equipement existant",
    "classe equipee",
    "equipee",
)


@dataclass(frozen=True)
class Column:
    """A column of an import: its key, the template's header and the other headers accepted."""

    key: str
    header: str
    variants: tuple[str, ...] = ()
    required: bool = False
    hint: str = ""

    def names(self) -> set[str]:
        """Every accepted header, normalised."""
        return {normalize_header(h) for h in (self.header, *self.variants)}


def normalize_header(text: object) -> str:
    """Lower case, no accents, no punctuation, no filler words nor parentheses, no plural s."""
    raw = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode().lower()
    bare = re.sub(r"\([^)]*\)", " ", raw)
    words = re.sub(r"[^a-z0-9]+", " ", bare if bare.strip() else raw).split()
    kept = [w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words if w not in _FILLERS]
    return " ".join(kept)


SCHOOL_COLUMNS = (
    Column(
        "uai",
        "UAI",
        (
            "Code UAI",
            "Numéro UAI",
            "UAI de l'école",
            "RNE",
            "Code RNE",
            "Identifiant de l'établissement",
            "Numéro de l'école",
            "Code établissement",
        ),
        required=True,
        hint=N_("8 caractères, par exemple 0750655E ; minuscules et espaces acceptés."),
    ),
    Column(
        "name",
        "Nom de l'école",
        (
            "Nom",
            "École",
            "Nom école",
            "Nom de l'établissement",
            "Établissement",
            "Appellation officielle",
            "Dénomination",
            "Name",
            "School",
        ),
        required=True,
        hint=N_("200 caractères au plus."),
    ),
    Column(
        "kind",
        "Type d'école",
        ("Type", "Nature", "Type école", "Kind"),
        required=True,
        hint=N_("Élémentaire, Primaire ou Maternelle (ou les codes elementaire, primaire, maternelle)."),
    ),
    Column(
        "sector",
        "Secteur",
        ("Statut", "Secteur public/privé", "Public/privé", "Sector"),
        hint=N_("Public, Privé sous contrat ou Privé hors contrat ; vide : public."),
    ),
    Column(
        "classes",
        "Classes",
        ("Nb classes", "Nombre de classes", "Classes cycles 2 et 3", "Classes CP-CM2"),
        required=True,
        hint=N_("Nombre entier."),
    ),
    Column(
        "pupils",
        "Élèves",
        ("Nb élèves", "Nombre d'élèves", "Effectif", "Effectifs", "Élèves cycles 2 et 3", "Pupils"),
        required=True,
        hint=N_("Nombre entier."),
    ),
)

LINE_COLUMNS = (
    Column(
        "school",
        "UAI de l'école",
        ("UAI", "École", "Code UAI", "École (UAI)", "Établissement", "School"),
        required=True,
        hint=N_("L'UAI d'une école du dossier."),
    ),
    Column(
        "category",
        "Catégorie",
        (
            "Catégorie du référentiel",
            "Code catégorie",
            "Référentiel",
            "Type de dépense",
            "Nature de la dépense",
            "Category",
        ),
        required=True,
        hint=N_("Le code ou le libellé d'une catégorie du référentiel (voir la liste)."),
    ),
    Column(
        "label",
        "Libellé",
        ("Désignation", "Description", "Article", "Objet", "Intitulé", "Libellé de la dépense", "Label"),
        required=True,
        hint=N_("300 caractères au plus."),
    ),
    Column(
        "quantity",
        "Quantité",
        ("Qté", "Qte", "Quantity", "Qty"),
        required=True,
        hint=N_("Nombre supérieur à zéro, 4 décimales au plus."),
    ),
    Column(
        "unit_price_ht",
        "Prix unitaire HT (€)",
        (
            "Prix unitaire HT",
            "Prix unitaire",
            "PU HT",
            "P.U. HT",
            "Prix HT",
            "Prix unitaire hors taxes",
            "Coût unitaire HT",
            "Montant unitaire HT",
            "Unit price",
            "unit_price_ht",
        ),
        required=True,
        hint=N_("Montant hors taxes, par exemple 1 234,56 ; le signe € est accepté."),
    ),
    Column(
        "vat_rate",
        "Taux de TVA",
        ("TVA", "TVA (%)", "Taux TVA", "VAT", "VAT rate", "vat_rate"),
        hint=N_("20 %, 20, 0,2 ou 5,5 % ; vide : 20 %."),
    ),
    Column(
        "duration_months",
        "Durée (mois)",
        ("Durée", "Durée en mois", "Nombre de mois", "Mois", "Duration", "duration_months"),
        hint=N_("Pour un abonnement (ENT, ressources) : nombre entier de mois ; vide : 12."),
    ),
)


def inventory_codes(call: CallDefinition) -> list[str]:
    """The référentiel items of volet 1, whose units already there the état des lieux counts."""
    return [code for code, cat in call.categories.items() if cat.volet == 1]


def inventory_header(code: str) -> str:
    """The template's header of an item's état des lieux column."""
    return f"État des lieux : {CATEGORY_LABELS.get(code, code)}"


def columns_for(kind: str, call: CallDefinition) -> tuple[Column, ...]:
    """The columns of an import of schools (with one per référentiel item) or of budget lines."""
    if kind == LINES:
        # A subscription's months only where the call caps them (as the budget form asks them).
        durations = call.services_max_months is not None
        return _worded(
            tuple(c for c in LINE_COLUMNS if durations or c.key != "duration_months"), call, "lines"
        )
    inventory = tuple(
        Column(
            INVENTORY + code,
            inventory_header(code),
            (code, CATEGORY_LABELS.get(code, code), gettext_for("en", CATEGORY_LABELS.get(code, code))),
            hint=N_(
                "Unités déjà en place (par classe : nombre de classes équipées) ; vide : inchangé "
                "pour une école déjà dans le dossier, aucune sinon."
            ),
        )
        for code in inventory_codes(call)
    )
    return _worded(SCHOOL_COLUMNS, call, "schools") + inventory


def _worded(columns: tuple[Column, ...], call: CallDefinition, kind: str) -> tuple[Column, ...]:
    """The columns with the call's own header and hint where its `[wording]` gives them
    (`import.schools.classes.header`, `import.lines.school.hint`…): « cycles 2 et 3 » is the
    2021 call's. A header the call renames is still read under its neutral name."""
    worded = []
    for column in columns:
        header = call.text(f"import.{kind}.{column.key}.header")
        hint = call.text(f"import.{kind}.{column.key}.hint")
        if header and header != column.header:
            column = replace(column, header=header, variants=(column.header, *column.variants))
        if hint:
            column = replace(column, hint=hint)
        worded.append(column)
    return tuple(worded)


@dataclass
class HeaderMatch:
    """Which column of the file holds which key, and the headers nobody reads."""

    positions: dict[str, int]
    headers: dict[str, str]
    ignored: list[str]
    duplicates: list[tuple[str, list[str]]]


def match_headers(cells: list[object], columns: tuple[Column, ...]) -> HeaderMatch:
    """Map each header of a row to a column (first one wins; a second one is a duplicate)."""
    plain = {name: c.key for c in columns if not c.key.startswith(INVENTORY) for name in c.names()}
    items = {name: c.key for c in columns if c.key.startswith(INVENTORY) for name in c.names()}
    found: dict[str, list[tuple[int, str]]] = {}
    ignored: list[str] = []
    for index, cell in enumerate(cells):
        text = str(cell).strip() if cell is not None else ""
        if not text:
            continue
        key = _key_of(normalize_header(text), plain, items)
        if key is None:
            ignored.append(text)
        else:
            found.setdefault(key, []).append((index, text))
    return HeaderMatch(
        positions={k: v[0][0] for k, v in found.items()},
        headers={k: v[0][1] for k, v in found.items()},
        ignored=ignored,
        duplicates=[(k, [t for _i, t in v]) for k, v in found.items() if len(v) > 1],
    )


def _key_of(name: str, plain: dict[str, str], items: dict[str, str]) -> str | None:
    if name in plain:
        return plain[name]
    if name in items:
        return items[name]
    for around in _INVENTORY_AROUND:
        for stripped in (name.removeprefix(around + " "), name.removesuffix(" " + around)):
            if stripped != name and stripped in items:
                return items[stripped]
    return None
