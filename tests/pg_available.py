"""Exit 0 when the PostgreSQL server of a URL answers, 1 otherwise (used by `make test`)."""

import sys

import sqlalchemy as sa


def main(url: str) -> int:
    try:
        with sa.create_engine(url).connect() as conn:
            conn.execute(sa.text("select 1"))
    except Exception:  # noqa: BLE001 - any failure means "not available"
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
