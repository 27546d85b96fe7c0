"""Notebooks: stored clean, parameterised, and executable into self-contained HTML."""

from __future__ import annotations

import base64
import re

import nbformat
import pytest

from analysis import report
from conftest import SEED

NOTEBOOKS = report.notebook_paths()


def test_there_are_numbered_notebooks():
    assert NOTEBOOKS and NOTEBOOKS[0].name == "01-corpus.ipynb"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_without_outputs_and_parameterised(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code), "clear the outputs"
    tagged = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, "one cell tagged 'parameters' for papermill"
    assert "corpus_path" in tagged[0].source
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_code_cells_only_call_the_library(path):
    """Notebooks hold narrative and calls; definitions belong in src/analysis/."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not re.search(r"^\s*(def|class) ", cell.source, re.M), cell.source


@pytest.fixture(scope="session")
def built_reports(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    index = report.build_reports(
        SEED, out, parameters={"figures_dir": str(out / "figures")}, progress=False
    )
    return index


def test_reports_are_written(built_reports):
    out = built_reports.parent
    index = built_reports.read_text(encoding="utf-8")
    for nb in NOTEBOOKS:
        assert (out / f"{nb.stem}.html").is_file()
        assert (out / f"{nb.stem}.brief.html").is_file()
        assert (out / nb.name).is_file()
        assert f'href="{nb.stem}.html"' in index
    assert any((out / "figures").glob("*.png"))


@pytest.mark.parametrize("stem", [p.stem for p in NOTEBOOKS])
def test_html_is_self_contained(built_reports, stem):
    page = (built_reports.parent / f"{stem}.html").read_text(encoding="utf-8")
    images = re.findall(r'<img[^>]* src="data:image/png;base64,([^"]+)"', page)
    assert images, "figures are embedded"
    for data in images:
        assert base64.b64decode(data).startswith(b"\x89PNG")
    assert not re.search(r'<(?:script|link)[^>]+(?:src|href)="(?:https?:)?//', page)
    assert 'class="jp-RenderedText" data-mime-type="application/vnd.jupyter.stderr"' not in page
    assert "Traceback" not in page
    brief = (built_reports.parent / f"{stem}.brief.html").read_text(encoding="utf-8")
    code = 'load_corpus</span><span class="p">(</span><span class="n">corpus_path'
    assert code in page and code not in brief  # the brief version hides the code
