"""A git merge driver for the message catalogues: the union of both sides' messages.

    git config merge.po.driver "python3 tools/merge_po.py %O %A %B"

(.gitattributes names it for *.po). A message translated on one side only keeps that
translation; translated differently on both, ours wins and the conflict is printed.
Run `make i18n` after the merge to drop messages that no code uses any more.
"""

from __future__ import annotations

import sys

from babel.messages.pofile import read_po, write_po


def _read(path: str):
    with open(path, "rb") as fh:
        return read_po(fh)


def main(base: str, ours: str, theirs: str) -> int:
    mine, other = _read(ours), _read(theirs)
    for message in other:
        if not message.id:
            continue
        current = mine.get(message.id, message.context)
        if current is None:
            mine[message.id] = message
        elif not current.string and message.string:
            current.string = message.string
        elif message.string and current.string != message.string:
            print(f"merge_po: kept ours for {message.id!r}", file=sys.stderr)
    with open(ours, "wb") as fh:
        write_po(fh, mine, sort_output=True, no_location=True, width=100)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
