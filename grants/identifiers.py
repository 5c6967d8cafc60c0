"""The identifiers of a dossier: SIRET (with python-stdnum), UAI and code INSEE."""

from __future__ import annotations

import re

UAI_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
# re.ASCII: `\d` is 0-9 only, not the digits of other scripts (`٠٧٥٠٦٥٥`).
_UAI_RE = re.compile(r"^(0\d\d|620|720|97\d|98\d)(\d{4})([A-Z])$", re.ASCII)
_INSEE_RE = re.compile(
    r"^(?:(2A|2B|0[1-9]|1\d|2[1-9]|[3-8]\d|9[0-5])\d{3}|(97[1-8]|98[4-9])\d{2})$", re.ASCII
)


def siret_is_valid(value: str) -> bool:
    """14 digits with a valid Luhn key (La Poste's SIREN 356000000 follows its own rule)."""
    from stdnum.fr import siret as _siret  # stdnum.util imports pydoc, ssl…: not at start-up

    return isinstance(value, str) and is_ascii_digits(value) and len(value) == 14 and _siret.is_valid(value)


def is_ascii_digits(value: str) -> bool:
    """Only 0-9 (`str.isdigit` also accepts `²` and `١`, which `int` then refuses or reads)."""
    return value.isascii() and value.isdigit()


def uai_check_letter(first_seven: str) -> str:
    """The check letter of a UAI's first seven characters: their integer modulo 23."""
    return UAI_LETTERS[int(first_seven) % 23]


def uai_is_valid(value: str) -> bool:
    """Département part, four digits, and the right check letter (0750655E)."""
    match = _UAI_RE.match(value or "")
    return bool(match) and uai_check_letter(value[:7]) == value[7]


def uai_departement(value: str) -> str | None:
    """The département of a UAI (`092…` is 92, `620…` is 2A, `971…` is 971), or None."""
    match = _UAI_RE.match(value or "")
    if not match:
        return None
    prefix = match.group(1)
    if prefix == "620":
        return "2A"
    if prefix == "720":
        return "2B"
    return prefix if prefix.startswith("9") else prefix[1:]


def insee_is_valid(value: str) -> bool:
    """Five characters: a département (01-95, 2A, 2B, 971-978, 984-989) and a commune number."""
    return bool(_INSEE_RE.match(value or ""))


def insee_departement(value: str) -> str | None:
    """The département of a code INSEE, or None when the code is not valid."""
    if not insee_is_valid(value):
        return None
    return value[:3] if value.startswith("9") and value[:2] in ("97", "98") else value[:2]


def normalize_uai(value: str) -> str:
    """What a person typed, as a UAI is written: no spaces, capital letters."""
    return re.sub(r"\s+", "", value or "").upper()
