"""What reading a hostile upload costs: issue 13's workbook (one row of 2.5 million inline-string
cells, ~280 KB zipped, 95 MB unzipped) and a workbook of many narrow rows at the cell limit, each
read in a fresh process whose peak resident memory and wall time are measured. The peak is the
child's own high-water mark (VmHWM, as bench/exports.py reads it), not `ru_maxrss`: Linux keeps
that across the exec, so a child of a 270 MB benchmark runner reported 270 MB whatever it did.
The floor is the same child's resident memory (VmRSS) just before the upload is read, after
importing the reader and loading the file's bytes."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from .bombs import one_row_bomb, workbook_of_rows
from .figures import Figure

TARGET_SECONDS, TARGET_MB = 3.0, 150.0
_CHILD = """
import json, sys, time
from services.sheets.reading import SheetRefused, read_table

def status_mb(field):
    line = next(line for line in open("/proc/self/status") if line.startswith(field + ":"))
    return int(line.split()[1]) / 1024

data = open(sys.argv[1], "rb").read()
before = status_mb("VmRSS")
start = time.perf_counter()
try:
    read_table(data, "ecoles.xlsx")
    outcome = "read"
except SheetRefused as refused:
    outcome = "refused: " + str(refused)[:80]
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "rss_mb": status_mb("VmHWM"), "before_mb": before, "outcome": outcome}))
"""


def _measure(path: str) -> dict:
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, path],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def upload_figures(quick: bool) -> list[Figure]:
    """Time and peak memory of refusing each hostile workbook, each in a fresh process."""
    figures = []
    cases = {
        "one row of 2.5 million cells (issue 13)": one_row_bomb(),
        "1,001 rows of 100 cells (over the cell limit)": workbook_of_rows(1_001, 100),
    }
    if not quick:  # the worst workbook still accepted: what the limits let through
        cases["5,000 rows of 20 cells (accepted, at the limit)"] = workbook_of_rows(5_000, 20)
    with tempfile.TemporaryDirectory() as folder:
        for label, data in cases.items():
            path = Path(folder) / "bomb.xlsx"
            path.write_bytes(data)
            found = _measure(str(path))
            print(f"  {label}: {len(data) / 1024:.0f} KB zipped, {found['outcome']}")
            refused = found["outcome"].startswith("refused")
            seconds, megabytes = (TARGET_SECONDS, TARGET_MB) if refused else (None, None)
            figures.append(Figure(f"upload {label}: time", found["seconds"], "s", seconds))
            figures.append(
                Figure(
                    f"upload {label}: peak RSS", found["rss_mb"], "MB", megabytes, floor=found["before_mb"]
                )
            )
    return figures
