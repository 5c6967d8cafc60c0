"""Generated dossiers of a given size, valid and varied enough that every rule has work to do."""

from __future__ import annotations

from decimal import Decimal

from stdnum import luhn

from grants.dossier import Cofunder, Collectivite, Dossier, Line, Person, Project, School
from grants.identifiers import uai_check_letter

EQUIPMENT = (
    "classe_affichage",
    "classe_poste_enseignant",
    "classe_audio",
    "classe_visualiseur",
    "classe_capture",
    "mobile_tablettes",
    "mobile_rangement",
    "direction_poste",
    "direction_impression",
    "reseau_wifi",
    "reseau_cablage",
)
OUTSIDE = ("formation", "maintenance", "mobilier")
PROJECT = (
    "Le projet a été construit avec les équipes enseignantes et les IEN des circonscriptions : "
    "affichage collectif dans chaque classe, classes mobiles pour les productions d'élèves, "
    "ENT pour le lien avec les familles, accompagnement par les animations de l'académie. "
) * 3


def uai(departement: str, number: int) -> str:
    """A valid UAI of a metropolitan département (`69`) with its check letter."""
    first_seven = f"0{departement}{number:04d}"
    return first_seven + uai_check_letter(first_seven)


def _collectivite() -> Collectivite:
    body = "2169123450001"  # a commune's SIREN (21…) and an establishment number
    return Collectivite(
        "commune",
        "Ville de Grand-Exemple",
        body + luhn.calc_check_digit(body),
        "69123",
        "69",
        520000,
        True,
        Person("Jeanne Martin", "Maire"),
        Person("Paul Durand", email="numerique@ville.example.fr", phone="04 00 00 00 00"),
    )


def _school(n: int) -> School:
    classes = 4 + n % 12
    kind = ("elementaire", "elementaire", "primaire", "elementaire", "maternelle")[n % 5]
    sector = "prive_sous_contrat" if n % 17 == 0 else "public"
    inventory = {"classe_affichage": n % 4, "direction_poste": n % 2, "mobile_tablettes": n % 3 // 2}
    return School(uai("69", n + 1), f"École n° {n + 1}", kind, sector, classes, classes * 24, inventory)


def _line(k: int, schools: list[School]) -> Line:
    """The k-th line: mostly equipment, some subscriptions (school or dossier), some outside."""
    school = schools[k % len(schools)].uai if schools else None
    price = Decimal(f"{150 + 97 * (k % 29)}.{(k * 37) % 100:02d}")
    if k % 10 == 7:
        return Line(
            school if k % 20 == 7 else None,
            "ressource_numerique",
            f"Ressources {k}",
            Decimal(1),
            price,
            Decimal("0.055"),
            12 + 6 * (k % 5),
        )
    if k % 10 == 9:
        return Line(
            school, OUTSIDE[k % len(OUTSIDE)], f"Hors subvention {k}", Decimal(1), price, Decimal("0.20")
        )
    return Line(
        school, EQUIPMENT[k % len(EQUIPMENT)], f"Équipement {k}", Decimal(1 + k % 6), price, Decimal("0.20")
    )


def big_dossier(schools: int = 80, lines: int = 400) -> Dossier:
    """A city's dossier of `schools` schools and `lines` budget lines, cofunded by its département."""
    found = [_school(n) for n in range(schools)]
    return Dossier(
        "snee-2021",
        _collectivite(),
        found,
        [_line(k, found) for k in range(lines)],
        [
            Cofunder("Département du Rhône", "departement", Decimal("150000.00"), "requested"),
            Cofunder("Fondation d'entreprise", "prive", Decimal("20000.00"), "granted"),
        ],
        Project(
            "Équiper toutes les écoles élémentaires de la ville.", PROJECT, "IEN", "Conseils des maîtres."
        ),
    )
