from __future__ import annotations

import json
import os
import subprocess
import sys

import pandas as pd
import pytest

from analysis.cli import main


def run_cli(*args, cwd=None):
    """Run ``python -m analysis`` as a user would, in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "analysis", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )


def test_corpus_command_on_the_seed(tmp_path, seed_path):
    out = tmp_path / "x.csv"
    result = run_cli("corpus", seed_path, "--out", out)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for Excel
    docs = pd.read_csv(out, encoding="utf-8-sig")
    assert len(docs) == 12  # 1 essay + the 11 snippets of the page
    essay = docs.iloc[0]
    assert (essay["title"], essay["author"], essay["source"], essay["date"]) == (
        "卸掉基层治理的“数字枷锁”",
        "陈书",
        "组织人事报",
        "2021-10-21",
    )
    assert docs.loc[1:, "title"].notna().all()
    assert not docs["text"].str.contains("相关推荐|\\(0\\)").any()
    assert {"clean_text", "clean_title"} <= set(docs.columns)


@pytest.mark.parametrize("suffix", [".jsonl", ".xlsx"])
def test_corpus_command_other_outputs(tmp_path, seed_path, suffix):
    out = tmp_path / f"x{suffix}"
    assert main(["corpus", str(seed_path), "--out", str(out)]) == 0
    frame = pd.read_json(out, lines=True) if suffix == ".jsonl" else pd.read_excel(out)
    assert len(frame) == 12


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["corpus", "missing.txt", "--out", "x.csv"], "missing.txt: no such file or folder"),
        (["corpus", "{table}", "--out", "x.csv", "--text-col", "body"], "no column 'body'"),
        (["corpus", "{table}", "--out", "x.docx"], "unsupported output type"),
        (["corpus", "{empty}", "--out", "x.csv"], "no usable documents"),
    ],
)
def test_errors_are_one_line_with_status_2(tmp_path, args, message):
    table = tmp_path / "t.csv"
    pd.DataFrame({"a": ["数据"]}).to_csv(table, index=False)
    empty = tmp_path / "empty"
    empty.mkdir()
    args = [a.format(table=table, empty=empty) for a in args]
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("analysis: error: ")


def test_skipped_files_are_listed_on_stderr(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ok.txt").write_text("数据共享", encoding="utf-8")
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    result = run_cli("corpus", tmp_path / "in", "--out", tmp_path / "out.csv")
    assert result.returncode == 0
    assert "skipped:" in result.stderr and "empty.txt: empty file" in result.stderr
    assert len(pd.read_csv(tmp_path / "out.csv")) == 1


def test_console_script_is_installed():
    import shutil

    exe = shutil.which("analysis", path=os.path.dirname(sys.executable))
    assert exe, "the 'analysis' console script is missing: run make setup"
    result = subprocess.run([exe, "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "corpus" in result.stdout


# --------------------------------------------------------------------------- keywords / cluster


@pytest.fixture
def news_jsonl(tmp_path):
    rows = [
        {"nid": f"n{i}", "content": text}
        for i, text in enumerate(
            [
                "数字政府建设推动数据共享和一网通办。",
                "数据共享平台打通信息孤岛，数字政府提速。",
                "基层治理的数字枷锁是形式主义。",
                "为基层减负，警惕指尖上的形式主义。",
            ]
        )
    ]
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    return path


def test_keywords_contract_on_the_seed(tmp_path, seed_path):
    out = tmp_path / "kw.csv"
    result = run_cli("keywords", seed_path, "--out", out, "--top", "10")
    assert result.returncode == 0, result.stderr
    assert not out.read_bytes().startswith(b"\xef\xbb\xbf")  # plain UTF-8
    kw = pd.read_csv(out, encoding="utf-8")
    assert list(kw.columns) == ["doc_id", "rank", "term", "score"]
    corpus = tmp_path / "corpus.csv"
    run_cli("corpus", seed_path, "--out", corpus)
    ids = pd.read_csv(corpus, encoding="utf-8-sig")["doc_id"]
    assert set(kw["doc_id"]) <= set(ids)
    essay = kw[kw["doc_id"] == ids[0]]["term"].tolist()
    assert len(essay) == 10 and {"基层治理", "数字枷锁", "形式主义"} <= set(essay)


def test_keywords_contract_on_jsonl_with_columns(tmp_path, news_jsonl):
    out = tmp_path / "kw.csv"
    result = run_cli(
        "keywords",
        news_jsonl,
        "--out",
        out,
        "--text-col",
        "content",
        "--id-col",
        "nid",
        "--top",
        "3",
        "--method",
        "tfidf",
    )
    assert result.returncode == 0, result.stderr
    kw = pd.read_csv(out)
    assert set(kw["doc_id"]) == {"n0", "n1", "n2", "n3"}
    assert kw.groupby("doc_id")["rank"].max().max() <= 3


def test_cluster_contract(tmp_path, news_jsonl, seed_path):
    out = tmp_path / "cl.csv"
    result = run_cli(
        "cluster", news_jsonl, "--out", out, "--id-col", "nid", "--k", "2", "--seed", "1"
    )
    assert result.returncode == 0, result.stderr
    clusters = pd.read_csv(out)
    assert list(clusters.columns) == ["doc_id", "cluster", "label"]
    assert clusters["doc_id"].tolist() == ["n0", "n1", "n2", "n3"]
    by_id = clusters.set_index("doc_id")["cluster"]
    assert by_id["n0"] == by_id["n1"] != by_id["n2"] == by_id["n3"]
    # the seed file, k chosen automatically: every document appears
    result = run_cli("cluster", seed_path, "--out", out)
    assert result.returncode == 0, result.stderr
    assert len(pd.read_csv(out)) == 12


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["cluster", "{seed}", "--out", "x.csv", "--k", "50"], "choose k ≤ 12"),
        (["cluster", "{seed}", "--out", "x.csv", "--k", "many"], "--k must be a positive"),
        (["keywords", "{seed}", "--out", "x.csv", "--top", "0"], "--top must be at least 1"),
        (["keywords", "{seed}", "--out", "x.json"], "unsupported output type"),
        (["keywords", "missing.csv", "--out", "x.csv"], "missing.csv: no such file"),
    ],
)
def test_analysis_command_errors(tmp_path, seed_path, args, message):
    result = run_cli(*[a.format(seed=seed_path) for a in args], cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_keywords_output_shows_formulas_as_text_in_a_spreadsheet(tmp_path):
    from openpyxl import load_workbook

    hyperlink = '=HYPERLINK("http://example.com","点我")'
    corpus = tmp_path / "c.csv"
    pd.DataFrame(
        {
            "id": [hyperlink, "@SUM(1)", "ok"],
            "text": ["数字政府推动数据共享。", "基层治理的数字枷锁。", "一网通办提升效率。"],
        }
    ).to_csv(corpus, index=False)
    for suffix in (".csv", ".xlsx"):
        out = tmp_path / f"kw{suffix}"
        result = run_cli("keywords", corpus, "--id-col", "id", "--out", out, "--top", "2")
        assert result.returncode == 0, result.stderr
        assert "leading '" in result.stderr  # the user is told
        if suffix == ".csv":
            ids = pd.read_csv(out)["doc_id"].tolist()
        else:
            sheet = load_workbook(out)["data"]
            assert all(c.data_type == "s" for c in sheet["A"][1:])
            ids = [c.value for c in sheet["A"][1:]]
        assert "'" + hyperlink in ids and "'@SUM(1)" in ids
    out = tmp_path / "raw.csv"
    assert run_cli("keywords", corpus, "--id-col", "id", "--out", out, "--raw").returncode == 0
    assert hyperlink in pd.read_csv(out)["doc_id"].tolist()


def test_corpus_output_keeps_control_characters_and_long_texts_safe(tmp_path):
    from openpyxl import load_workbook

    corpus = tmp_path / "c.jsonl"
    rows = [{"text": "数据\u0007共享" + "平台" * 20_000}, {"text": "一网通办"}]
    corpus.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), "utf-8")
    out = tmp_path / "c.xlsx"
    result = run_cli("corpus", corpus, "--out", out)
    assert result.returncode == 0, result.stderr
    assert "U+FFFD" in result.stderr and "text_2" in result.stderr
    sheet = load_workbook(out)["data"]
    header = [c.value for c in sheet[1]]
    text = "".join(
        sheet.cell(row=2, column=header.index(c) + 1).value or "" for c in ("text", "text_2")
    )
    assert text == "数据\ufffd共享" + "平台" * 20_000


def test_sections_command_writes_the_section_table(tmp_path, capsys):
    doc = tmp_path / "意见.txt"
    doc.write_text(
        "关于推进数字政府建设的意见\n一、总体要求\n（一）指导思想。坚持系统观念。\n"
        "（二）工作原则。\n二、保障措施\n加强组织领导。\n",
        encoding="utf-8",
    )
    out = tmp_path / "sections.csv"
    assert main(["sections", str(doc), "--out", str(out)]) == 0
    table = pd.read_csv(out, encoding="utf-8-sig", keep_default_na=False, dtype=str)
    assert list(table.columns) == [
        "doc_id", "section_id", "level", "number", "heading", "text", "start", "end"
    ]  # fmt: skip
    # the first line is the document's title, so the text starts at the first heading
    assert table["section_id"].tolist() == ["1", "1.1", "1.2", "2"]
    assert table["heading"].tolist()[:2] == ["总体要求", "指导思想"]
    assert "4 sections of 1 documents" in capsys.readouterr().err


def test_keywords_after_cluster_do_not_segment_again(tmp_path, seed_path, capsys, monkeypatch):
    monkeypatch.setenv("ANALYSIS_CACHE_DIR", str(tmp_path / "cache"))  # nothing cached yet
    assert main(["cluster", str(seed_path), "--k", "3", "--out", str(tmp_path / "c.csv")]) == 0
    assert "documents segmented" in capsys.readouterr().err
    assert main(["keywords", str(seed_path), "--out", str(tmp_path / "k.csv")]) == 0
    assert "read from the cache (not segmented again)" in capsys.readouterr().err


def test_keywords_without_places(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text("三亚推进自贸港建设。三亚旅游持续升温。三亚自贸港建设提速。", encoding="utf-8")
    out = tmp_path / "kw.csv"
    result = run_cli("keywords", path, "--out", out, "--no-places")
    assert result.returncode == 0, result.stderr
    terms = pd.read_csv(out, encoding="utf-8")["term"].tolist()
    assert terms and not any("三亚" in t for t in terms), terms
