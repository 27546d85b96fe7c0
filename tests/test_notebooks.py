"""Notebooks: stored clean, parameterised, and executable into self-contained HTML."""

from __future__ import annotations

import base64
import json
import re
import sys
from pathlib import Path

import nbformat
import pytest

from analysis import config, report
from analysis.corpus import CorpusError, load_corpus
from conftest import ROOT, SEED

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


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_styled_tables_escape_their_cells(path):
    """pandas' Styler writes cells as raw HTML unless told: corpus text and the parameters in
    the provenance table (a file name, a term) are text, never markup."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code" and ".style." in cell.source:
            assert 'format(escape="html")' in cell.source, cell.source


def _build(corpus, out, notify=None):
    return report.build_reports(corpus, out, progress=False, notify=notify)


def _check_reports(index, *, skipped=()):
    out = index.parent
    page = index.read_text(encoding="utf-8")
    for nb in NOTEBOOKS:
        if nb.stem in skipped:  # listed with the reason, no pages
            assert not (out / f"{nb.stem}.html").exists() and "跳过" in page
            continue
        for name in (f"{nb.stem}.html", f"{nb.stem}.brief.html", nb.name):
            assert (out / name).is_file(), name
        assert f'href="{nb.stem}.html"' in page
        title = f"<title>{report._title(nb)}</title>"  # the tab names the report
        assert title in (out / f"{nb.stem}.brief.html").read_text(encoding="utf-8")
        executed = nbformat.read(out / nb.name, as_version=4)
        errors = [
            o
            for c in executed.cells
            for o in c.get("outputs", [])
            if o.get("output_type") == "error"
        ]
        assert not errors, errors
    assert any((out / "figures").glob("*.png"))


def test_reports_are_written(built_reports):
    _check_reports(built_reports)


#: The interactive tables of all documents: in 01, 02 and 03 (03 has two, clusters and topics).
#: The first tables of these pages list every document (later ones: cleaning changes, key
#: terms of each group …).
DOCUMENT_TABLES = {"01-corpus": 1, "02-keywords": 1, "03-clusters": 2}


def _table_rows(page: str) -> list[int]:
    """The number of rows of each interactive table in an HTML page (its data is JSON)."""
    found = re.findall(r'"data_json": ("(?:[^"\\]|\\.)*")', page)
    return [len(json.loads(json.loads(data))) for data in found]


def _check_document_tables(index, n_docs):
    for stem, n_tables in DOCUMENT_TABLES.items():
        for name in (f"{stem}.html", f"{stem}.brief.html"):
            page = (index.parent / name).read_text(encoding="utf-8")
            rows = _table_rows(page)
            assert rows[:n_tables] == [n_docs] * n_tables, name  # every document, none cut
            assert page.count("function injectModule") == 1, name  # DataTables in the page, once


def test_document_tables_hold_every_document(built_reports):
    from analysis import load_corpus

    _check_document_tables(built_reports, len(load_corpus(SEED)))


def test_reports_on_city_work_reports(shared_data, tmp_path_factory):
    """All notebooks on 143 real city government work reports of 2024; each notebook is told
    as it runs (a report run without a terminal printed nothing for minutes)."""
    told = []
    index = _build(
        shared_data / "city_gov_work_reports_2024" / "txt",
        tmp_path_factory.mktemp("city"),
        notify=told.append,
    )
    _check_reports(index, skipped={"05-trends"})  # the .txt files carry no dates
    assert "跳过：没有一篇文档有日期" in index.read_text(encoding="utf-8")
    assert told[:2] == ["01-corpus (1 of 6) …", told[1]] and re.fullmatch(
        r"01-corpus ran in \d+ s", told[1]
    )
    assert any(
        t.startswith("05-trends (5 of 6) skipped: the documents are dated in 0 year") for t in told
    )
    page = (index.parent / "03-clusters.html").read_text(encoding="utf-8")
    assert "北京" in page or "上海" in page
    _check_document_tables(index, 143)
    assert "语料：city_gov_work_reports_2024/txt" in index.read_text(encoding="utf-8")
    # place names fill the keywords, cluster names and clouds of 143 cities: each page says so
    # in a note set apart from the outputs, with the option that leaves them out
    for stem in ("01-corpus", "02-keywords", "03-clusters", "04-wordclouds"):
        page = (index.parent / f"{stem}.brief.html").read_text(encoding="utf-8")
        notes = re.findall(r'class="analysis-note"[^>]*>([^<]*)<', page)
        assert any("是地名或含地名" in n and "drop_places" in n for n in notes), stem


@pytest.mark.parametrize("stem", [p.stem for p in NOTEBOOKS])
def test_html_is_self_contained(built_reports, stem):
    page = (built_reports.parent / f"{stem}.html").read_text(encoding="utf-8")
    images = re.findall(r'<img[^>]* src="data:image/png;base64,([^"]+)"', page)
    assert images or 'class="analysis-map"' in page, "figures are embedded"
    for data in images:
        assert base64.b64decode(data).startswith(b"\x89PNG")
    assert not re.search(r'<(?:script|link)[^>]+(?:src|href)="(?:https?:)?//', page)
    assert "Traceback" not in page
    brief = (built_reports.parent / f"{stem}.brief.html").read_text(encoding="utf-8")
    code = "corpus_path</span>"
    assert code in page and code not in brief  # the brief version hides the code


def test_reports_hold_no_path_of_this_machine(built_reports):
    """Pages, notebooks and the load report name files relative to the corpus (issue 11)."""
    folder = built_reports.parent
    machine = {str(ROOT), str(folder), str(folder.parent), sys.prefix, str(Path.home())}
    machine.discard("/")
    for path in [*folder.glob("*.html"), *folder.glob("*.ipynb")]:
        # embedded images and fonts are base64, where "/root" turns up by chance (it did)
        text = re.sub(r"[A-Za-z0-9+/=]{200,}", "", path.read_text(encoding="utf-8"))
        leaked = sorted(m for m in machine if m in text)
        assert not leaked, f"{path.name} shows {leaked}"


def test_an_unchanged_corpus_gives_the_same_figures(built_reports, tmp_path):
    """Figures are byte for byte the same on a re-run: no churn in the project's figures/."""
    nb = config.notebooks_dir() / "03-clusters.ipynb"
    again = report.build_reports(SEED, tmp_path / "again", notebooks=[nb], progress=False)
    first, second = built_reports.parent / "figures", again.parent / "figures"
    names = sorted(p.name for p in second.glob("03-*.png"))
    assert names
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_a_failing_notebook_leaves_the_previous_reports_and_names_the_cell(tmp_path):
    good = tmp_path / "01-good.ipynb"
    bad = tmp_path / "02-bad.ipynb"
    for path, code in ((good, "x = 1"), (bad, "x = 1\nraise ValueError('坏了')")):
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {
            "name": "python3",
            "display_name": "Python 3",
            "language": "python",
        }
        params = nbformat.v4.new_code_cell("corpus_path = ''\nfigures_dir = ''")
        params.metadata["tags"] = ["parameters"]
        nb.cells = [
            nbformat.v4.new_markdown_cell("# 标题"),
            params,
            nbformat.v4.new_code_cell(code),
        ]
        nbformat.write(nb, path)
    out = tmp_path / "reports"
    report.build_reports(SEED, out, notebooks=[good], progress=False)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    with pytest.raises(
        report.ReportError, match=r"02-bad\.ipynb: cell 3 \(x = 1\) failed with ValueError: 坏了"
    ):
        report.build_reports(SEED, out, notebooks=[good, bad], progress=False)
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no leftovers


def test_reports_never_replace_a_folder_they_did_not_make(tmp_path):
    mine = tmp_path / "documents"
    mine.mkdir()
    (mine / "thesis.docx").write_bytes(b"important")
    with pytest.raises(ValueError, match="not a report folder made by analysis"):
        report.build_reports(SEED, mine, progress=False)
    assert (mine / "thesis.docx").read_bytes() == b"important"


def test_every_keyword_link_finds_its_evidence(built_reports):
    page = (built_reports.parent / "02-keywords.html").read_text(encoding="utf-8")
    assert page.count("analysis-kwic") >= 1
    assert "原文中没有逐字出现" not in page  # each keyword is found in its own document


def test_trends_notebook_runs_on_the_national_reports_by_default(built_reports):
    """Issue 14: on the bundled essay (one date), 05 shows the bundled national reports."""
    page = (built_reports.parent / "05-trends.brief.html").read_text(encoding="utf-8")
    assert "语料覆盖 1954–2025 年，其中 20 年没有文档" in page
    assert "大数据：共 11 次，最早见于 2014 年" in page
    assert (built_reports.parent / "figures" / "05-term-trends.png").is_file()
    assert (built_reports.parent / "figures" / "05-topic-shares.png").is_file()


def test_trends_notebook_runs_on_any_dated_corpus(tmp_path):
    rows = [
        {"id": f"r{year}", "year": year, "content": text}
        for year, text in [
            (2001, "推进信息化建设，发展电子政务。加快信息化。"),
            (2003, "电子政务和信息化。完善电子政务。"),
            (2015, "实施大数据战略，推进互联网加政务服务。大数据"),
            (2016, "发展大数据，推进互联网应用。"),
            (2021, "建设数字政府，发展数字经济。数字政府"),
            (2022, "加快数字政府建设，数据要素市场。"),
        ]
    ]
    corpus = tmp_path / "dated.jsonl"
    corpus.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    nb = [p for p in NOTEBOOKS if p.stem == "05-trends"]
    index = report.build_reports(
        corpus, tmp_path / "out", notebooks=nb, parameters={"n_topics": 2}, progress=False
    )
    page = (index.parent / "05-trends.brief.html").read_text(encoding="utf-8")
    assert "语料覆盖 2001–2022 年" in page
    # no --terms: not the national reports' list (放管服, 云计算 …) but this corpus's words
    # whose use changed most between its earlier and later years
    assert "没有指定要跟踪的词" in page and "放管服" not in page
    assert re.search(r"- \w+：共 \d+ 次，最早见于 20\d\d 年", page)


def test_trends_notebook_on_the_bundled_reports_follows_its_own_terms(tmp_path):
    """`analysis report --corpus national-reports`: 05 follows its terms of digital governance
    (信息化 … 数据要素), as for the essay, not words it picks itself (产量, 基本建设)."""
    nb = [p for p in NOTEBOOKS if p.stem == "05-trends"]
    index = report.build_reports(
        config.corpus_path("national-reports"),
        tmp_path / "out",
        notebooks=nb,
        parameters={"where": {"doc_type": ["report"]}, "n_topics": 2},
        progress=False,
    )
    page = (index.parent / "05-trends.brief.html").read_text(encoding="utf-8")
    assert "没有指定要跟踪的词" not in page and "放管服" in page


def test_notebooks_read_a_table_with_the_columns_given(tmp_path):
    """`analysis report --text-col/--date-col` reach the notebooks (load_options): a table
    whose columns the loader cannot guess is read, and its dates make 05 run."""
    rows = [
        ("甲", "2019-03-01", "推进信息化建设，发展电子政务。"),
        ("乙", "2021-03-01", "建设数字政府，发展数字经济。数字政府"),
        ("丙", "2023-03-01", "加快数字政府建设，培育数据要素市场。"),
    ]
    corpus = tmp_path / "plans.csv"
    corpus.write_text(
        "编号,发文日期,全文\n" + "".join(f"{i},{d},{t}\n" for i, d, t in rows), encoding="utf-8"
    )
    with pytest.raises(CorpusError, match="no text column"):
        load_corpus(corpus)
    nb = [p for p in NOTEBOOKS if p.stem in ("02-keywords", "05-trends")]
    options = {"text_col": "全文", "id_col": "编号", "date_col": "发文日期"}
    index = report.build_reports(
        corpus,
        tmp_path / "out",
        notebooks=nb,
        parameters={"load_options": options, "n_topics": 2, "terms": ["数字政府"]},
        progress=False,
    )
    assert "数字政府" in (index.parent / "02-keywords.brief.html").read_text(encoding="utf-8")
    trends = (index.parent / "05-trends.brief.html").read_text(encoding="utf-8")
    assert "语料覆盖 2019–2023 年" in trends


def test_notebooks_take_where_meta_and_unit(tmp_path):
    """Issue 14: --where, --meta and --unit reach the notebooks (here 02, on sections)."""
    folder = tmp_path / "plans"
    folder.mkdir()
    for name, body in {
        "甲": "甲市实施方案\n一、总体要求\n推进数据共享，建设数字政府。\n二、主要任务\n建设城市大脑，完善城市大脑。\n",
        "乙": "乙市实施方案\n一、总体要求\n整治形式主义，为基层减负。\n二、主要任务\n基层减负落到实处，减负见效。\n",
        "丙": "丙市实施方案\n一、总体要求\n这一篇不在选中的省份里。\n",
    }.items():
        (folder / f"{name}.txt").write_text(body, encoding="utf-8")
    meta = tmp_path / "meta.csv"
    meta.write_text("doc_id,province\n甲,浙江\n乙,浙江\n丙,广东\n", encoding="utf-8")
    nb = [p for p in NOTEBOOKS if p.stem == "02-keywords"]
    index = report.build_reports(
        folder,
        tmp_path / "out",
        notebooks=nb,
        parameters={"where": {"province": ["浙江"]}, "meta_path": str(meta), "unit": "section"},
        progress=False,
    )
    page = (index.parent / "02-keywords.html").read_text(encoding="utf-8")
    assert "甲§2" in page and "城市大脑" in page and "丙§1" not in page
    assert str(tmp_path) not in page  # the metadata file is seen by its name only
