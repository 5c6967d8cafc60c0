"""Writes the test files of tests/sheets/files/, one per real-world case, byte for byte.

    .venv/bin/python -m tests.sheets.make_files

The files are committed: a test reads them as a user's upload would arrive. Encodings, BOMs and
non-breaking spaces are easier to get exactly right here than in an editor.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook

FILES = Path(__file__).parent / "files"
NBSP, NNBSP = "\u00a0", "\u202f"
# Valid UAIs of the test collectivité's département (71)
A, B, C, D = "0710001R", "0710002S", "0710003T", "0710004U"


def csv_text(rows: list[list[str]], sep: str = ";") -> str:
    return "\r\n".join(sep.join(cells) for cells in rows) + "\r\n"


SCHOOL_HEADER = [
    "UAI",
    "Nom de l'école",
    "Type d'école",
    "Secteur",
    "Classes (cycles 2 et 3)",
    "Élèves (cycles 2 et 3)",
    "État des lieux : Vidéoprojecteur, TBI/TNI ou écran interactif",
]

TEXT_FILES: dict[str, tuple[str, str]] = {
    # Excel's "CSV UTF-8": BOM, semicolons, French words for codes, a UAI in lower case with spaces.
    "ecoles-utf8-bom-point-virgule.csv": (
        "utf-8-sig",
        csv_text(
            [
                SCHOOL_HEADER,
                [" 0710 001r ", "École élémentaire Jules Ferry", "Élémentaire", "Public", "8", "210", "2"],
                [
                    B,
                    "École primaire Sainte-Anne",
                    "primaire",
                    "privé sous contrat",
                    "5",
                    "1" + NBSP + "234",
                    "",
                ],
            ]
        ),
    ),
    # Excel's plain "CSV (séparateur : point-virgule)" on Windows: Windows-1252, no BOM.
    "ecoles-windows-1252.csv": (
        "cp1252",
        csv_text(
            [
                ["UAI", "Nom", "Type", "Secteur", "Nb classes", "Nombre d'élèves"],
                [A, "École élémentaire Léon Blum", "Élémentaire", "Publique", "6", "148"],
                [C, "École des Mûriers", "École primaire", "Privée sous contrat", "4", "97"],
            ]
        ),
    ),
    # A comma-separated export (LibreOffice default), UTF-8 without BOM, a quoted name with a comma.
    "ecoles-utf8-virgule.csv": (
        "utf-8",
        csv_text(
            [
                ["uai", "nom", "type", "secteur", "classes", "eleves"],
                [A, '"École élémentaire Pasteur, site nord"', "elementaire", "public", "7", "170"],
            ],
            sep=",",
        ),
    ),
    # Excel's "Texte (séparateur : tabulation)".
    "ecoles-tabulations.txt": (
        "utf-8",
        csv_text(
            [
                ["UAI", "Nom de l'école", "Type", "Secteur", "Classes", "Élèves"],
                [A, "École Victor Hugo", "Élémentaire", "Public", "9", "230"],
            ],
            sep="\t",
        ),
    ),
    # Headers typed by hand: case, accents, extra spaces, other wordings, a title row above them,
    # and an unknown column.
    "ecoles-entetes-varies.csv": (
        "utf-8",
        csv_text(
            [
                ["Liste des écoles de la commune (rentrée 2020)"],
                [
                    "  Code UAI ",
                    "NOM DE L'ECOLE",
                    "type d'ecole",
                    " secteur ",
                    "  Nb   CLASSES ",
                    "Effectif",
                    "EDL vidéoprojecteur, TBI/TNI ou écran interactif",
                    "Commentaire",
                ],
                [A, "École du Centre", "ELEMENTAIRE", "PUBLIC", "5", "120", "1", "à vérifier"],
            ]
        ),
    ),
    # Blank rows between the data and at the end, as left by deleting lines in a spreadsheet.
    "ecoles-lignes-vides.csv": (
        "utf-8",
        csv_text(
            [
                ["UAI", "Nom", "Type", "Secteur", "Classes", "Élèves"],
                ["", "", "", "", "", ""],
                [A, "École des Lilas", "Élémentaire", "Public", "6", "140"],
                ["", "", "", "", "", ""],
                [";;;;;"],
                [B, "École des Roses", "Primaire", "Public", "3", "70"],
                ["", "", "", "", "", ""],
            ]
        ),
    ),
    # Budget lines written the French way: spaces, NBSP and NNBSP between thousands, €, %, rates
    # as "0,2", a dossier-wide ENT line with an empty UAI, a UAI in lower case.
    "lignes-formats-francais.csv": (
        "utf-8-sig",
        csv_text(
            [
                [
                    "UAI de l'école",
                    "Catégorie",
                    "Libellé",
                    "Quantité",
                    "Prix unitaire HT (€)",
                    "Taux de TVA",
                    "Durée (mois)",
                ],
                [
                    A.lower(),
                    "Vidéoprojecteur, TBI/TNI ou écran interactif",
                    "VPI salle 1",
                    "2",
                    "1 234,56 €",
                    "20 %",
                    "",
                ],
                [A, "classe_poste_enseignant", "Portables enseignants", "3", "1" + NBSP + "000,5", "0,2", ""],
                [A, "Bornes Wi-Fi", "Bornes", "1,5", "2" + NNBSP + "000", "20", ""],
                ["", "ENT", "ENT 2 ans", "1", "4800", "5,5 %", "24"],
                ["", "formation", "Formation des enseignants", "1", "600,00€", "", ""],
            ]
        ),
    ),
    # The same in Windows-1252, where € is byte 0x80 and the non-breaking space 0xA0.
    "lignes-windows-1252.csv": (
        "cp1252",
        csv_text(
            [
                ["UAI", "Catégorie", "Désignation", "Qté", "PU HT", "TVA"],
                [A, "Micro et enceintes", "Kit audio", "4", "1" + NBSP + "250,00 €", "20 %"],
            ]
        ),
    ),
    # A file with a problem in every row: each must be reported with its row and column.
    "lignes-erreurs.csv": (
        "utf-8",
        csv_text(
            [
                ["UAI", "Catégorie", "Libellé", "Quantité", "Prix unitaire HT", "TVA", "Durée"],
                [A, "tableau noir", "Craie", "1", "10", "", ""],
                [A, "classe_audio", "Micros", "-2", "100", "", ""],
                [A, "classe_audio", "Micros", "2", "cent euros", "", ""],
                [D, "classe_audio", "Micros", "2", "100", "", ""],
                ["", "classe_affichage", "VPI sans école", "1", "1000", "", ""],
                [A, "service_ent", "ENT", "1", "100", "150 %", "200"],
                ["0710001X", "classe_audio", "Micros", "1", "100", "", ""],
            ]
        ),
    ),
    "vide.csv": ("utf-8", ""),
    "entetes-seules.csv": ("utf-8", csv_text([SCHOOL_HEADER[:6]])),
    "colonnes-fausses.csv": ("utf-8", csv_text([["UAI", "Commune", "Adresse"], [A, "Mâcon", "1 rue X"]])),
    "dossier-invalide.json": (
        "utf-8",
        '{"format": "dossier-snee/1", "call": "snee-2021", "collectivite": '
        '{"kind": "commune", "name": "X", "siret": 12, "insee": "71270"}, '
        '"schools": [{"uai": "0710001R", "name": "A", "kind": "elementaire", '
        '"sector": "public", "classes": "huit", "pupils": 10}], "lines": "aucune"}\n',
    ),
}


def workbook_bytes(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_cached_values(data: bytes, values: dict[str, str]) -> bytes:
    """What Excel saves: each formula with its last computed value (openpyxl writes none)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = content.decode()
                for ref, value in values.items():
                    text = re.sub(
                        rf'(<c r="{ref}"[^>]*><f>[^<]*</f>)<v\s*/?>(</v>)?', rf"\g<1><v>{value}</v>", text
                    )
                content = text.encode()
            dst.writestr(item, content)
    return out.getvalue()


def with_extra(data: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr(name, content)
    return out.getvalue()


LINE_HEADER = [
    "UAI de l'école",
    "Catégorie",
    "Libellé",
    "Quantité",
    "Prix unitaire HT (€)",
    "Taux de TVA",
    "Durée (mois)",
]


def binary_files() -> dict[str, bytes]:
    schools = workbook_bytes(
        [
            ["Écoles de la communauté de communes"],
            [],
            [
                "UAI",
                "Nom de l'école",
                "Type d'école",
                "Secteur",
                "Classes",
                "Élèves",
                "classe_poste_enseignant",
            ],
            [A, "École de la Gare", "Élémentaire", "Public", 8, 205, 3],
            [C, "École du Bourg", "Primaire", "Privé sous contrat", 4.0, 88, None],
        ]
    )
    lines = [
        LINE_HEADER,
        [A, "classe_affichage", "VPI", 3, "=1890+10", 0.2, None],
        [A, "direction_poste", "Poste direction", 1, 900, "=10/100*2", None],
    ]
    with_formulas = workbook_bytes(lines)
    return {
        "ecoles.xlsx": schools,
        "lignes-formules.xlsx": with_cached_values(with_formulas, {"E2": "1900", "F3": "0.2"}),
        "lignes-formule-sans-resultat.xlsx": with_formulas,
        "lignes-macros.xlsm": with_extra(with_formulas, "xl/vbaProject.bin", b"\x00VBA"),
        "lignes-macros-cachees.xlsx": with_extra(with_formulas, "xl/vbaProject.bin", b"\x00VBA"),
        "octets-aleatoires.xlsx": random.Random(7).randbytes(4096),
        "octets-aleatoires.csv": random.Random(8).randbytes(4096),
        "ancien-format.xls": bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504),
        "texte-renomme.xlsx": "UAI;Nom\n0710001R;École\n".encode(),
        "document.pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
    }


def main() -> None:
    FILES.mkdir(exist_ok=True)
    for name, (encoding, text) in TEXT_FILES.items():
        (FILES / name).write_bytes(text.encode(encoding))
    for name, data in binary_files().items():
        (FILES / name).write_bytes(data)


if __name__ == "__main__":
    main()
