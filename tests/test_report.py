"""Outputs that are safe to open: write_table, atomic writes, figure copies."""

from __future__ import annotations

import zipfile

import pandas as pd
import pytest
from openpyxl import load_workbook

from analysis.report import XLSX_CELL_MAX, copy_figures, write_table

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
    expected = FORMULAS[:4] if raw else ["'" + f for f in FORMULAS[:4]]
    assert [c.value for c in cells] == expected
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
