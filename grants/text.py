"""Control characters in what people type, paste or import, one rule for every entry.

- Word, Excel and PDF readers paste line and page breaks as characters no one sees: the
  vertical tab (U+000B, Word's manual line break), the form feed (U+000C), the next-line (U+0085)
  and the Unicode line and paragraph separators (U+2028, U+2029). They are *cleaned*: a space in
  a one-line text, a line break in a multi-line one. Tabs and line breaks in a one-line text
  become spaces too.
- The other control characters (U+0000–U+001F but tab, line feed and carriage return; U+007F;
  U+0080–U+009F) are never typed: they come from a damaged file, a bad encoding or a forged
  request. They are *refused*, with the field named, rather than stripped: silently dropping
  them would hide that the text is not what its author meant, and the author can fix it.
- Exports (Word, workbooks) must still open whatever is stored from before this rule: they
  use `printable`, which cleans the breaks and drops the rest.
"""

from __future__ import annotations

import re

BREAKS = "\v\f\x85\u2028\u2029"
_BREAKS_RE = re.compile(f"[{BREAKS}]")
_ONE_LINE_RE = re.compile(f"[{BREAKS}\t\r\n]")
_CRLF_RE = re.compile(r"\r\n?")
REFUSED_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")


def clean_text(value: str, multiline: bool = False) -> str:
    """The breaks pasted from office programs as a space (one line) or a line break (multi-line)."""
    if multiline:
        return _BREAKS_RE.sub("\n", _CRLF_RE.sub("\n", value))
    return _ONE_LINE_RE.sub(" ", value)


def refused_character(value: str) -> tuple[str, int] | None:
    """The first control character that cannot be stored (`U+0001`) and its position from 1."""
    match = REFUSED_RE.search(value)
    if match is None:
        return None
    return f"U+{ord(match.group()):04X}", match.start() + 1


def printable(value: str, multiline: bool = False) -> str:
    """What can be written to a file whatever is stored: breaks cleaned, other controls dropped."""
    return REFUSED_RE.sub("", clean_text(value, multiline))


def printable_data(data: object) -> object:
    """A JSON tree whose texts are `printable` (multi-line kept): a file that imports again."""
    if isinstance(data, str):
        return printable(data, multiline=True)
    if isinstance(data, dict):
        return {key: printable_data(value) for key, value in data.items()}
    if isinstance(data, list):
        return [printable_data(value) for value in data]
    return data
