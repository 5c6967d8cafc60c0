"""Short names of circonscriptions for charts: the directory calls them « Circonscription
d'inspection du 1er degré de Mâcon-Nord », and cut at 32 characters every bar would read the
same. The distinctive part is what is left once the words every such name shares are dropped."""

from __future__ import annotations

import re

_GENERIC = re.compile(
    r"^\s*(circonscription|circo\.?|ien)\s+"
    r"(d['’]\s*inspection\s+)?"
    r"(de\s+l['’]\s*[ée]ducation\s+nationale\s+)?"
    r"(du\s+(1er|1e|premier|1ᵉʳ)\s+degr[ée]\s+)?"
    r"((de\s+la|de\s+l['’]|des|du|de|d['’])\s*)?",
    re.IGNORECASE,
)


def short_area_name(name: str) -> str:
    """« Circonscription d'inspection du 1er degré de Mâcon-Nord » → « Mâcon-Nord »; a name
    without the generic words is kept as it is."""
    name = " ".join(name.split())
    short = _GENERIC.sub("", name, count=1).strip()
    return short[:1].upper() + short[1:] if short else name


def short_area_names(names: list[str], size: int = 32) -> list[str]:
    """The short names of several circonscriptions, still distinct: when two would read the
    same once shortened (or cut at `size`), both keep their full name (cut from the left)."""
    shorts = [_cut(short_area_name(n), size) for n in names]
    for n, short in enumerate(shorts):
        if shorts.count(short) > 1:
            shorts[n] = "…" + names[n][-(size - 1) :] if len(names[n]) > size else names[n]
    return shorts


def _cut(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"
