"""Run the benchmarks and print one line per figure: `python -m bench [--quick] [NAME …]`.

Exit code 0 whether or not targets are met (the figures are a report, not a gate); 1 only
when a benchmark itself fails, or 2 for an unknown name.
"""

from __future__ import annotations

import argparse
import sys
import traceback

from .figures import as_figure
from .registry import BENCHMARKS, load


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs (under a minute in all)")
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"among {', '.join(BENCHMARKS)}")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = _arguments(argv)
    unknown = [n for n in args.names if n not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(BENCHMARKS)}", file=sys.stderr)
        return 2
    failed = False
    for name in args.names or list(BENCHMARKS):
        try:
            figures = [as_figure(f) for f in load(BENCHMARKS[name])(args.quick)]
        except Exception:  # one broken benchmark must not hide the others' figures
            print(f"{name} failed:\n{traceback.format_exc()}", file=sys.stderr)
            failed = True
            continue
        for figure in figures:
            print(figure.line(), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
