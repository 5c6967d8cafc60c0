"""The focus indicator stands out at 3:1 or more (WCAG 1.4.11, non-text contrast) against every
background the stylesheets paint, computed from the CSS values themselves, so that a new colour
or a changed ring cannot slip below it unnoticed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CSS = sorted((Path(__file__).resolve().parents[2] / "static" / "css").glob("*.css"))
NAMED = {"white": "#ffffff", "black": "#000000"}


def rules(text: str) -> list[tuple[str, dict[str, str]]]:
    """(selector, {property: value}) of each rule, media queries flattened."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    found = []
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", text):
        declarations = {}
        for part in body.split(";"):
            if ":" in part:
                name, value = part.split(":", 1)
                declarations[name.strip().lower()] = value.strip()
        found.append((" ".join(selector.split()), declarations))
    return found


def variables(all_rules) -> dict[str, str]:
    return {k: v for sel, decl in all_rules if sel == ":root" for k, v in decl.items() if k.startswith("--")}


def resolve(value: str, names: dict[str, str]) -> str:
    for _ in range(5):
        value = re.sub(r"var\((--[\w-]+)\)", lambda m: names[m.group(1)], value)
    return value


def colours(value: str) -> list[tuple[float, float, float]]:
    """The opaque colours of a CSS value (hex, rgb(), a few names); translucent ones are shadows."""
    found = []
    for token in re.findall(r"#[0-9a-fA-F]{3,8}\b|rgba?\([^)]*\)|\b(?:white|black)\b", value):
        token = NAMED.get(token.lower(), token)
        if token.startswith("#"):
            digits = token[1:]
            if len(digits) in (3, 4):
                digits = "".join(d * 2 for d in digits)
            if len(digits) == 8 and int(digits[6:], 16) < 255:
                continue
            found.append(tuple(int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)))
        else:
            parts = [p.strip() for p in token[token.index("(") + 1 : -1].replace("/", ",").split(",")]
            if len(parts) == 4 and float(parts[3]) < 1:
                continue
            found.append(tuple(float(p) / 255 for p in parts[:3]))
    return found


def luminance(rgb) -> float:
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a, b) -> float:
    low, high = sorted((luminance(a), luminance(b)))
    return (high + 0.05) / (low + 0.05)


def stylesheet():
    all_rules = [r for path in CSS for r in rules(path.read_text(encoding="utf-8"))]
    return all_rules, variables(all_rules)


def focus_rings():
    """Each rule that draws a focus indicator: its selector and the colours of its rings."""
    all_rules, names = stylesheet()
    rings = []
    for selector, decl in all_rules:
        if ":focus" not in selector or decl.get("outline", "").startswith("none"):
            continue
        outline = resolve(decl.get("outline", "") + " " + decl.get("outline-color", ""), names)
        shadow = resolve(decl.get("box-shadow", ""), names)
        if colours(outline) or colours(shadow):
            width = re.search(r"(\d+(?:\.\d+)?)px", outline)
            rings.append((selector, colours(outline), colours(shadow), float(width.group(1)) if width else 0))
    return rings


def backgrounds():
    all_rules, names = stylesheet()
    found = {(1.0, 1.0, 1.0)}  # the page itself
    for _selector, decl in all_rules:
        for name in ("background", "background-color"):
            if name in decl:
                found.update(colours(resolve(decl[name], names)))
    return sorted(found)


def test_the_stylesheets_draw_a_focus_indicator():
    rings = focus_rings()
    assert any(sel.startswith(":focus-visible") for sel, *_ in rings), rings
    assert len(backgrounds()) > 5


@pytest.mark.parametrize("ring", focus_rings(), ids=lambda r: r[0][:60])
def test_the_focus_indicator_has_3_to_1_against_every_background(ring):
    selector, outline, shadow, width = ring
    assert width >= 2, f"{selector}: the outline is {width}px"
    tones = outline + shadow
    for background in backgrounds():
        best = max(contrast(tone, background) for tone in tones)
        hex_bg = "#" + "".join(f"{round(c * 255):02x}" for c in background)
        assert best >= 3, f"{selector}: {best:.2f}:1 at most against {hex_bg}"
    for inner, outer in zip(tones, tones[1:], strict=False):  # two rings must be told apart from each other
        assert contrast(inner, outer) >= 3, selector


def test_the_check_refuses_the_yellow_ring_alone_on_white():
    (yellow,) = colours("3px solid #ffbf47")
    assert contrast(yellow, (1.0, 1.0, 1.0)) < 3  # the old ring: about 1.6:1
    assert round(contrast((0, 0, 0), (1, 1, 1)), 1) == 21.0
