"""Every chapter notebook carries its outputs, so that nbval really checks it.

nbval passes a notebook whose outputs were cleared; these checks close that
gap and keep outputs free of what varies between machines.
"""

import json
import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "book").glob("*.ipynb"))
MACHINE_PATH = re.compile(r"(?<![\w.:/~-])/(?:[\w.-]+/){2,}[\w.-]+|site-packages")
TOC_FILES = set(re.findall(r"file:\s*(\S+)", (ROOT / "_toc.yml").read_text()))


def code_cells(nb):
    return [c for c in nb["cells"]
            if c["cell_type"] == "code" and "".join(c["source"]).strip()]


def output_text(out):
    # Images are base64, whose runs of "/" look like paths: check text only.
    data = {k: v for k, v in out.get("data", {}).items()
            if not k.startswith("image/")}
    return json.dumps(out.get("text", "")) + json.dumps(data)


@pytest.fixture(params=NOTEBOOKS, ids=lambda p: p.name)
def notebook(request):
    return request.param, json.loads(request.param.read_text())


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 8


def test_kernelspec_is_python3(notebook):
    path, nb = notebook
    assert nb["metadata"]["kernelspec"]["name"] == "python3", path.name


def test_every_code_cell_was_executed(notebook):
    path, nb = notebook
    unrun = [i for i, c in enumerate(nb["cells"])
             if c["cell_type"] == "code" and "".join(c["source"]).strip()
             and c.get("execution_count") is None
             and "nbval-skip" not in c["metadata"].get("tags", [])]
    assert not unrun, f"{path.name}: cells {unrun} have no committed outputs"


def test_execution_counts_are_in_order(notebook):
    path, nb = notebook
    counts = [c["execution_count"] for c in code_cells(nb)
              if c.get("execution_count") is not None]
    assert counts == sorted(counts), f"{path.name} was not run top to bottom"


def test_no_stderr_and_no_unexpected_errors(notebook):
    path, nb = notebook
    for i, cell in enumerate(code_cells(nb)):
        tags = cell["metadata"].get("tags", [])
        for out in cell.get("outputs", []):
            assert out.get("name") != "stderr", f"{path.name} cell {i}: stderr"
            if out["output_type"] == "error":
                assert "raises-exception" in tags, f"{path.name} cell {i}: error"


def test_no_machine_paths_in_outputs(notebook):
    path, nb = notebook
    for i, cell in enumerate(code_cells(nb)):
        for out in cell.get("outputs", []):
            text = output_text(out)
            assert not MACHINE_PATH.search(text), f"{path.name} cell {i}"
            assert not re.search(r"\bat 0x[0-9a-f]{6,}", text), f"{path.name} {i}"


def test_first_cell_silences_tensorflow(notebook):
    path, nb = notebook
    first = nb["cells"][0] if nb["cells"][0]["cell_type"] == "code" else \
        nb["cells"][1]
    src = "".join(first["source"])
    assert "remove-cell" in first["metadata"].get("tags", []), path.name
    assert 'TF_CPP_MIN_LOG_LEVEL"] = "2"' in src, path.name
    assert 'TF_ENABLE_ONEDNN_OPTS"] = "0"' in src, path.name


def test_ignored_outputs_say_why(notebook):
    path, nb = notebook
    for i, cell in enumerate(code_cells(nb)):
        if "nbval-ignore-output" in cell["metadata"].get("tags", []):
            assert "#" in "".join(cell["source"]), (
                f"{path.name} cell {i}: nbval-ignore-output without a reason")


def test_every_notebook_is_in_the_toc(notebook):
    path, _ = notebook
    assert f"book/{path.stem}" in TOC_FILES, path.name
