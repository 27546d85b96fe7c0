"""Outputs that are safe to open: write_table, atomic writes, figure copies, interactive tables
and the fonts embedded in pages."""

from __future__ import annotations

import base64
import io
import json
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from analysis import report
from analysis.report import XLSX_CELL_MAX, copy_figures, embed_font, interactive_table, write_table

FORMULAS = ['=HYPERLINK("http://example.com","点我")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("suffix", [".csv", ".tsv"])
def test_text_cells_that_would_run_get_a_leading_quote(tmp_path, suffix):
    frame = pd.DataFrame({"term": [*FORMULAS, "数据共享"], "score": [-1.5] * 7})
    out = tmp_path / f"t{suffix}"
    notes = write_table(frame, out)
    back = pd.read_csv(out, sep="\t" if suffix == ".tsv" else ",", keep_default_na=False)
    assert back["term"].tolist() == ["'" + f for f in FORMULAS] + ["数据共享"]
    assert back["score"].tolist() == [-1.5] * 7  # numbers are numbers, never quoted
    assert "6 text cell(s)" in notes[0]
    write_table(frame, out, raw=True)
    raw = pd.read_csv(out, sep="\t" if suffix == ".tsv" else ",", keep_default_na=False)
    assert raw["term"].tolist()[0] == FORMULAS[0]


def test_column_names_are_neutralised_too(tmp_path):
    out = tmp_path / "t.csv"
    write_table(pd.DataFrame({"=cmd|' /C calc'!A0": ["x"]}), out)
    assert out.read_text(encoding="utf-8").startswith("'=cmd")


@pytest.mark.parametrize("raw", [False, True])
def test_xlsx_cells_are_strings_never_formulas(tmp_path, raw):
    out = tmp_path / "t.xlsx"
    write_table(pd.DataFrame({"term": FORMULAS[:4], "rank": [1, 2, 3, 4]}), out, raw=raw)
    sheet = load_workbook(out)["data"]
    cells = [sheet.cell(row=r, column=1) for r in range(2, 6)]
    assert all(c.data_type == "s" for c in cells)
    # the text as it is, marked as text as Excel marks a typed ' (no ' in the value)
    assert [c.value for c in cells] == FORMULAS[:4]
    assert [c.quotePrefix for c in cells] == [not raw] * 4
    assert not sheet.cell(row=1, column=1).quotePrefix  # the header "term"
    assert [sheet.cell(row=r, column=2).value for r in range(2, 6)] == [1, 2, 3, 4]
    xml = zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml  # no formula element anywhere


def test_xlsx_replaces_and_lists_characters_it_cannot_hold(tmp_path):
    out = tmp_path / "t.xlsx"
    notes = write_table(pd.DataFrame({"text": ["数据\x00共享\x07平台", "正常"]}), out)
    assert load_workbook(out)["data"]["A2"].value == "数据\ufffd共享\ufffd平台"
    assert any("control characters" in n and "1 cell" in n for n in notes)


def test_xlsx_continues_over_long_text_in_further_columns(tmp_path):
    long = "数" * (XLSX_CELL_MAX * 2 + 5)
    out = tmp_path / "t.xlsx"
    notes = write_table(pd.DataFrame({"doc_id": ["a", "b"], "text": [long, "短"]}), out)
    sheet = load_workbook(out)["data"]
    header = [c.value for c in sheet[1]]
    assert header == ["doc_id", "text", "text_2", "text_3"]
    row = [c.value or "" for c in sheet[2]]
    assert "".join(row[1:]) == long  # nothing lost
    assert [c.value for c in sheet[3]][:2] == ["b", "短"]
    assert any("continued in text_2" in n for n in notes)


def test_a_failed_write_leaves_no_half_file_and_keeps_the_old_one(tmp_path, monkeypatch):
    out = tmp_path / "t.xlsx"
    write_table(pd.DataFrame({"a": ["旧"]}), out)
    old = out.read_bytes()

    class Boom:
        def __str__(self):
            raise RuntimeError("half-way")

    with pytest.raises(RuntimeError, match="half-way"):
        write_table(pd.DataFrame({"a": ["新", Boom()]}), out)
    assert out.read_bytes() == old
    assert [p.name for p in tmp_path.iterdir()] == ["t.xlsx"]


def test_unknown_output_type_is_refused(tmp_path):
    with pytest.raises(ValueError, match=r"unsupported output type \.docx"):
        write_table(pd.DataFrame({"a": [1]}), tmp_path / "t.docx")


def test_copy_figures_rewrites_only_what_changed(tmp_path):
    src, dst = tmp_path / "src", tmp_path / "dst"
    src.mkdir()
    dst.mkdir()
    (src / "01-a.png").write_bytes(b"same")
    (src / "02-b.png").write_bytes(b"new")
    (dst / "01-a.png").write_bytes(b"same")
    (dst / "02-b.png").write_bytes(b"old")
    (dst / "03-gone.png").write_bytes(b"stale")
    (dst / "logo.png").write_bytes(b"not a figure of ours")
    mtime = (dst / "01-a.png").stat().st_mtime_ns
    assert copy_figures(src, dst) == [dst / "02-b.png"]
    assert sorted(p.name for p in dst.iterdir()) == ["01-a.png", "02-b.png", "logo.png"]
    assert (dst / "01-a.png").stat().st_mtime_ns == mtime


XSS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<b>x</b>"]


def _table_data(html: str) -> list[list]:
    """The rows an interactive table hands DataTables (JSON in its script)."""
    (data,) = re.findall(r'"data_json": ("(?:[^"\\]|\\.)*")', html)
    return json.loads(json.loads(data))


def test_interactive_table_holds_every_row_and_escapes_markup(monkeypatch):
    monkeypatch.setattr(report, "_tables_shown", 0)
    frame = pd.DataFrame(
        {
            "title": [f"第{i}篇 数字政府" for i in range(140)] + XSS,
            "cluster": list(range(143)),
        },
        index=pd.Index([f"d{i}" for i in range(143)], name="doc_id"),
    )
    frame = frame.rename(columns={"cluster": "<i>类</i>"})
    html = interactive_table(frame, caption="<u>全部</u>文档").data
    rows = _table_data(html)
    assert len(rows) == 143  # nothing cut or sampled (itables keeps 64 KB by default)
    assert rows[0] == ["d0", "第0篇 数字政府", 0]  # the named index is the first column
    assert [r[1] for r in rows[-3:]] == [
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&lt;img src=x onerror=alert(1)&gt;",
        "&lt;b&gt;x&lt;/b&gt;",
    ]
    for markup in [*XSS, "<i>类</i>", "<u>全部</u>"]:
        assert markup not in html, markup  # cells, column names and the caption are text
    assert "&lt;i&gt;" in html and "&lt;u&gt;" in html  # escaped (Chinese may be \\uXXXX)
    assert '"search": "\\u641c\\u7d22\\uff1a"' in html  # 搜索：, the interface in Chinese


def test_interactive_table_brings_datatables_once_and_loads_nothing(monkeypatch):
    monkeypatch.setattr(report, "_tables_shown", 0)
    frame = pd.DataFrame({"term": ["数据", "共享"]})
    first, second = interactive_table(frame).data, interactive_table(frame).data
    assert "injectModule" in first and len(first) > 500_000  # DataTables, in the page itself
    assert "injectModule" not in second and len(second) < 20_000
    assert 'id="analysis-table-1"' in first and 'id="analysis-table-2"' in second
    for html in (first, second):
        assert not re.search(r"<(?:script|link)[^>]+(?:src|href)=[\"']?(?:https?:)?//", html)
        assert not re.search(r"""import [^;]*from ['"](?:https?:)?//""", html)


def test_interactive_table_rejects_an_empty_page():
    with pytest.raises(ValueError, match="page_length"):
        interactive_table(pd.DataFrame({"a": [1]}), page_length=0)


def _cmap(data_url_b64: str) -> set[str]:
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(base64.b64decode(data_url_b64)))
    return {chr(c) for c in font.getBestCmap()}


def test_embedded_font_has_two_faces_and_the_characters_of_scripts(tmp_path):
    """Chinese written as \\uXXXX (an interactive table's JSON) gets glyphs too; the CJK face
    comes first in every font list, the code font's included, with its unicode-range."""
    from analysis.fonts import WEB_FONT_FAMILY

    page = tmp_path / "p.html"
    page.write_text(
        "<html><head></head><body><h1>标题 Title</h1><pre>k = 6，方法</pre>"
        '<script>var rows = "[\\"\\u6570\\u5b57\\"]";</script></body></html>',
        encoding="utf-8",
    )
    embed_font([page])
    text = page.read_text(encoding="utf-8")
    faces = re.findall(
        r'@font-face \{ font-family: "([^"]+)";[^}]*?(unicode-range: [^;]+;)?\s*'
        r"src: url\(data:font/woff2;base64,([A-Za-z0-9+/=]+)\)",
        text,
    )
    assert [f[0] for f in faces] == [f"{WEB_FONT_FAMILY} CJK", WEB_FONT_FAMILY]
    assert faces[0][1].startswith("unicode-range: U+2E80-9FFF") and not faces[1][1]
    cjk, rest = _cmap(faces[0][2]), _cmap(faces[1][2])
    assert set("标题，方法数字") <= cjk  # 数字 only in the script, as \\u6570\\u5b57
    assert not set("标题，方法数字") & rest and set("Title") <= rest
    code = re.search(r"--jp-code-font-family: ([^;]+);", text)[1]
    assert code.startswith(f'"{WEB_FONT_FAMILY} CJK", var(--jp-code-font-family-default')


def test_the_trends_notebook_sees_the_dates_of_the_meta_table(tmp_path):
    """Text files dated only by a --meta table: 05 runs (the review found it skipped with
    "0 个年份" while `analysis trends` on the same input worked)."""
    folder = tmp_path / "txt"
    folder.mkdir()
    for name, year in (("甲", 2019), ("乙", 2021), ("丙", 2023)):
        (folder / f"{name}.txt").write_text(f"{year}年推进数字政府建设。", encoding="utf-8")
    meta = tmp_path / "meta.csv"
    meta.write_text("doc_id,year\n甲,2019\n乙,2021\n丙,2023\n", encoding="utf-8")
    assert report._dated_corpus(folder, {}) == (None, 0)
    assert report._dated_corpus(folder, {"meta_path": str(meta)}) == (folder, 3)
    where = {"meta_path": str(meta), "where": {"year": ["2019", "2021"]}}
    assert report._dated_corpus(folder, where)[0] is None  # 2 years chosen: too few
    # files named with their year are dated by it
    for name, year in (("甲", 2019), ("乙", 2021), ("丙", 2023)):
        (folder / f"{name}.txt").rename(folder / f"{year}年{name}.txt")
    assert report._dated_corpus(folder, {}) == (folder, 3)


def test_the_kernels_own_log_lines_stay_out_of_the_terminal(tmp_path, capfd):
    """What the kernel process itself writes to its stderr (ipykernel's "KeyboardInterrupt
    caught in kernel" when a shutdown's SIGINT finds it busy) goes to a log file."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell('import os\nos.write(2, b"kernel-noise\\n")')]
    path = tmp_path / "noise.ipynb"
    nbformat.write(nb, str(path))
    report.run_notebook(path, tmp_path / "out.ipynb", progress=False)
    assert "kernel-noise" not in capfd.readouterr().err


def test_the_injected_parameters_read_as_written(tmp_path):
    """The parameters cell of a report shows ``['改革开放', "它's"]``, not ``\\u6539`` escapes,
    and the kernel gets the same values."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("terms = []", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("print(terms)"),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python"}
    path = tmp_path / "params.ipynb"
    nbformat.write(nb, str(path))
    terms = ["改革开放", 'it\'s "数据"\n']
    report.run_notebook(path, tmp_path / "out.ipynb", parameters={"terms": terms}, progress=False)
    out = nbformat.read(str(tmp_path / "out.ipynb"), as_version=4)
    injected = next(c for c in out.cells if "injected-parameters" in c.metadata.get("tags", []))
    assert "改革开放" in injected.source and "\\u" not in injected.source
    assert out.cells[-1].outputs[0]["text"].strip() == repr(terms)


def test_a_kernel_that_dies_is_a_report_error_with_its_last_words(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook()
    code = 'import os, sys\nsys.__stderr__.write("MemoryError: out of memory\\n")\nos._exit(9)'
    nb.cells = [nbformat.v4.new_code_cell(code)]
    path = tmp_path / "dies.ipynb"
    nbformat.write(nb, str(path))
    with pytest.raises(report.ReportError, match=r"dies\.ipynb: the kernel died.*out of memory"):
        report.run_notebook(path, tmp_path / "out.ipynb", progress=False)


def test_provenance_gives_the_corpus_sha256_a_reader_can_check(tmp_path):
    """One file: its SHA-256 whole, as ``sha256sum`` prints it (it was cut to 16 digits and
    mixed with the file name). Several: one digest of their names and contents."""
    import hashlib

    from analysis import load_corpus

    one = tmp_path / "a.txt"
    one.write_text("推进数字政府建设。", encoding="utf-8")
    table = report.provenance(load_corpus(one)).set_index("item")["value"]
    assert table["corpus SHA-256"] == hashlib.sha256(one.read_bytes()).hexdigest()
    (tmp_path / "b.txt").write_text("数据共享。", encoding="utf-8")
    table = report.provenance(load_corpus(tmp_path)).set_index("item")["value"]
    digest = table["corpus SHA-256 (names and contents of the 2 files)"]
    assert re.fullmatch("[0-9a-f]{64}", digest)
    (tmp_path / "b.txt").write_text("数据开放。", encoding="utf-8")
    again = report.provenance(load_corpus(tmp_path)).set_index("item")["value"]
    assert again["corpus SHA-256 (names and contents of the 2 files)"] != digest


def test_a_report_folder_is_as_readable_as_a_new_folder(tmp_path):
    """The reports are built in a private temporary folder (0700); the folder put in place
    has the permissions the umask gives a new one, so a shared drive or web server can read
    it."""
    import os
    import stat
    import tempfile

    new = Path(tempfile.mkdtemp(dir=tmp_path))
    (new / "index.html").write_text("<p>报告</p>", encoding="utf-8")
    umask = os.umask(0o022)
    try:
        report._replace_folder(new, tmp_path / "reports")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "reports").stat().st_mode) == 0o755


def test_write_table_says_when_it_makes_a_folder(tmp_path):
    """--out results/kw.csv with no results/ yet works, and says it made the folder (a
    mistyped path would otherwise make one unseen)."""
    out = tmp_path / "new" / "kw.csv"
    assert write_table(pd.DataFrame({"term": ["数据"]}), out) == [f"made the folder {out.parent}"]
    assert write_table(pd.DataFrame({"term": ["数据"]}), out) == []
