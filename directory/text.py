"""Text as the directory compares it: accents removed, upper case, words split."""

from __future__ import annotations

import re
import unicodedata

# Ligatures NFKD leaves alone.
_LIGATURES = str.maketrans({"Œ": "OE", "œ": "oe", "Æ": "AE", "æ": "ae", "ß": "ss"})
_NOT_WORD = re.compile(r"[^A-Z0-9]+")

# Words that say nothing about which school is meant (every school is an « école »).
STOPWORDS = frozenset(
    {
        "A",
        "AU",
        "AUX",
        "D",
        "DE",
        "DES",
        "DU",
        "EN",
        "ET",
        "L",
        "LA",
        "LE",
        "LES",
        "SUR",
        "SOUS",
        "ECOLE",
        "ECOLES",
        "PRIMAIRE",
        "ELEMENTAIRE",
        "MATERNELLE",
        "PUBLIQUE",
        "PRIVEE",
        "GROUPE",
        "SCOLAIRE",
    }
)


def normalize(text: str) -> str:
    """`Saint-Grégoire (Œuvre)` → `SAINT GREGOIRE OEUVRE`: what searches compare."""
    decomposed = unicodedata.normalize("NFKD", (text or "").translate(_LIGATURES))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).upper()
    return _NOT_WORD.sub(" ", plain).strip()


# How the annuaire abbreviates some words of names (« St Georges », « Ste Anne »).
ABBREVIATIONS = {"ST": "SAINT", "STE": "SAINTE", "STS": "SAINTS", "STES": "SAINTES"}


def words(text: str) -> list[str]:
    """The significant normalized words of a text, in order, without repeats or abbreviations."""
    return significant(normalize(text))


def significant(normalized: str) -> list[str]:
    """The significant words of an already normalized text."""
    seen: list[str] = []
    for word in normalized.split():
        word = ABBREVIATIONS.get(word, word)
        if word not in STOPWORDS and word not in seen:
            seen.append(word)
    return seen


def header_key(header: str) -> str:
    """A column header as compared across years: `Code postal` and `Code_postal` → `code_postal`."""
    return normalize(header.lstrip("\ufeff")).lower().replace(" ", "_")
