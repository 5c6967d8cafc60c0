"""Message catalogues, one per area: extract the French source messages and update the English
catalogue of each area, keeping existing translations.

    python -m tools.i18n            # update every area's en catalogue
    python -m tools.i18n --check    # list messages without an English translation (exit 1)
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from grants.call import call_messages

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"N_": None, "_": None, "gettext": None, "lazy_gettext": None, "_l": None, "ngettext": (1, 2)}
METHODS = [("**.py", "python"), ("**.html", "jinja2"), ("**.txt", "jinja2")]

# area: (source folders, catalogue folder)
AREAS = {
    "grants": (["grants"], ROOT / "grants" / "translations"),
    "exports": (["exports"], ROOT / "exports" / "translations"),
    "web": (["web", "forms", "services", "models", "templates", "directory"], ROOT / "translations"),
}


def extract(folders: list[str]) -> Catalog:
    """Every message marked in those folders."""
    catalog = Catalog(locale="en")
    for folder in folders:
        base = ROOT / folder
        if not base.is_dir():
            continue
        for _file, lineno, message, _comments, _ctx in extract_from_dir(
            base,
            METHODS,
            keywords=KEYWORDS,
            options_map={
                "**.html": {"extensions": "jinja2.ext.i18n"},
                "**.txt": {"extensions": "jinja2.ext.i18n"},
            },
        ):
            catalog.add(message, locations=[(f"{folder}/{_file}", lineno)])
        # A call's file holds French text shown on pages (its title, its wording).
        for path in sorted((base / "calls").glob("*.toml")):
            for message in call_messages(path):
                catalog.add(message, locations=[(f"{folder}/calls/{path.name}", 1)])
    return catalog


def po_path(catalog_dir: Path) -> Path:
    return catalog_dir / "en" / "LC_MESSAGES" / "messages.po"


def update(area: str) -> Catalog:
    """Merge the extracted messages into the area's English catalogue, keeping translations."""
    folders, catalog_dir = AREAS[area]
    fresh = extract(folders)
    path = po_path(catalog_dir)
    old: dict = {}
    if path.exists():
        with path.open("rb") as fh:
            previous = read_po(fh)
        old = {m.id: m.string for m in previous if m.id}
        # Keep the header's dates: an update that changes no message changes no byte.
        fresh.creation_date, fresh.revision_date = previous.creation_date, previous.revision_date
    for message in fresh:
        if message.id and old.get(message.id):
            message.string = old[message.id]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, fresh, omit_header=False, sort_output=True, no_location=True, width=100)
    return fresh


def missing(area: str) -> list[str]:
    """Messages of the area's sources that the English catalogue does not translate."""
    folders, catalog_dir = AREAS[area]
    path = po_path(catalog_dir)
    translated: dict = {}
    if path.exists():
        with path.open("rb") as fh:
            translated = {m.id: m.string for m in read_po(fh) if m.id}
    return sorted(
        m.id if isinstance(m.id, str) else m.id[0]
        for m in extract(folders)
        if m.id and not translated.get(m.id)
    )


def main(argv: list[str]) -> int:
    if "--check" in argv:
        gaps = {area: missing(area) for area in AREAS}
        for area, ids in gaps.items():
            for msgid in ids:
                print(f"{area}: {msgid!r}")
        return 1 if any(gaps.values()) else 0
    for area in AREAS:
        update(area)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
