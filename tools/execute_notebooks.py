"""Execute notebooks in place and record how long each one took.

``make execute`` runs this. Each notebook is executed by ``jupyter nbconvert
--execute --inplace`` in its own process (a fresh kernel, as in CI), and the
wall time of that process, rounded to 0.1 s, is written to
``book/execution_times.json``. Times of notebooks not run this time are kept.
The status page (``book/status.ipynb``) reads that file, so it is executed
last, after the file is written; it is not timed itself.

The file holds no dates, paths or user names: only notebook file names, seconds
and the number of CPU cores of the machine that ran them.

Usage: ``python tools/execute_notebooks.py [NOTEBOOK ...]`` (default: every
notebook in ``book/``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
TIMES = BOOK / "execution_times.json"
STATUS = BOOK / "status.ipynb"
JUPYTER = Path(sys.executable).with_name("jupyter")


def execute(notebook: Path) -> float:
    """Execute one notebook in place; return the wall time in seconds."""
    command = [
        str(JUPYTER),
        "nbconvert",
        "--to",
        "notebook",
        "--execute",
        "--inplace",
        "--ExecutePreprocessor.kernel_name=python3",
        "--ExecutePreprocessor.timeout=600",
        "--ExecutePreprocessor.record_timing=False",
        str(notebook),
    ]
    start = time.perf_counter()
    subprocess.run(command, check=True)
    return time.perf_counter() - start


def read_times() -> dict:
    """The recorded times, or an empty record."""
    if TIMES.is_file():
        return json.loads(TIMES.read_text(encoding="utf-8"))
    return {"seconds": {}}


def write_times(record: dict) -> None:
    """Write the record with sorted keys, one notebook a line."""
    existing = {p.name for p in BOOK.glob("*.ipynb")}
    record["seconds"] = {
        name: record["seconds"][name]
        for name in sorted(record["seconds"])
        if name in existing
    }
    record["cpu_count"] = os.cpu_count()
    TIMES.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n")


def main(argv: list[str]) -> int:
    notebooks = [Path(a).resolve() for a in argv] or sorted(BOOK.glob("*.ipynb"))
    missing = [str(p) for p in notebooks if not p.is_file()]
    if missing:
        print(f"no such notebook: {', '.join(missing)}", file=sys.stderr)
        return 2
    timed = [p for p in notebooks if p != STATUS.resolve()]
    record = read_times()
    for notebook in timed:
        seconds = execute(notebook)
        record["seconds"][notebook.name] = round(seconds, 1)
        # Written after each notebook, so a failure later keeps earlier times.
        write_times(record)
        print(f"{notebook.name}: {seconds:.1f} s")
    if STATUS.is_file():
        execute(STATUS)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
