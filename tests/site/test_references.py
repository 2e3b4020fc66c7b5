"""Every citation in the book names an entry of references.bib.

The site build already fails on an unknown key (sphinxcontrib-bibtex warns and the
build runs with -W); this finds the same mistake in a second, without building.
"""

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CITE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")
ENTRY = re.compile(r"^@\w+\{([^,\s]+),", re.MULTILINE)


def markdown_sources():
    for path in sorted((ROOT / "book").glob("*.md")):
        yield path.name, path.read_text(encoding="utf-8")
    for path in sorted((ROOT / "book").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        text = "\n".join(
            "".join(c["source"]) for c in cells if c["cell_type"] == "markdown"
        )
        yield path.name, text


def test_every_cited_key_is_in_the_bibliography():
    keys = set(ENTRY.findall((ROOT / "references.bib").read_text(encoding="utf-8")))
    assert {"davis2006", "boyd2013", "saito2015", "manning2008", "flach2015"} <= keys
    unknown = [
        (name, key.strip())
        for name, text in markdown_sources()
        for group in CITE.findall(text)
        for key in group.split(",")
        if key.strip() not in keys
    ]
    assert unknown == []


def test_the_pattern_finds_citations():
    text = "See {cite}`davis2006`, {cite:p}`boyd2013,saito2015` and {cite:t}`x`."
    assert CITE.findall(text) == ["davis2006", "boyd2013,saito2015", "x"]
