"""The financing plan as a picture: one bar split by funder, drawn as a PNG in pure Python.

No plotting library: the bar is made of flat rectangles, so each pixel row is the same and the
whole image is one row repeated; the legend is a table of the document beside it.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence
from decimal import Decimal

PALETTE = ("000091", "6A6AF4", "E1000F", "009081", "B34000", "A558A0", "C8AA39", "417DC4", "CE614A", "5E2A2B")
OWN_COLOUR = "929292"
WIDTH, HEIGHT, GAP = 1600, 90, 3


def colour_for(index: int) -> str:
    """The colour of the index-th funder (cycling through the palette)."""
    return PALETTE[index % len(PALETTE)]


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def _widths(amounts: Sequence[Decimal], width: int) -> list[int]:
    """Pixel widths proportional to the amounts (negative ones count as none), summing to width."""
    positive = [max(a, Decimal(0)) for a in amounts]
    total = sum(positive, Decimal(0))
    if total <= 0:
        return [0] * len(amounts)
    edges = [int(sum(positive[: i + 1], Decimal(0)) * width / total) for i in range(len(positive))]
    return [edge - (edges[i - 1] if i else 0) for i, edge in enumerate(edges)]


def _row(segments: Sequence[tuple[Decimal, str]]) -> bytes:
    row = bytearray()
    widths = _widths([amount for amount, _ in segments], WIDTH)
    for (_, colour), width in zip(segments, widths, strict=True):
        if width <= 0:
            continue
        gap = min(GAP, width // 4) if row else 0
        row += b"\xff\xff\xff" * gap + bytes.fromhex(colour) * (width - gap)
    return bytes(row.ljust(WIDTH * 3, b"\xff"))


def stacked_bar_png(segments: Sequence[tuple[Decimal, str]]) -> bytes:
    """A PNG of one horizontal bar split into (amount, RRGGBB colour) segments."""
    line = b"\x00" + _row(segments)
    pixels = zlib.compress(line * HEIGHT, 6)
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 2, 0, 0, 0)  # 8-bit RGB
    dpi = struct.pack(">IIB", 11811, 11811, 1)  # 300 dpi, in pixels per metre
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"pHYs", dpi)
        + _chunk(b"IDAT", pixels)
        + _chunk(b"IEND", b"")
    )
