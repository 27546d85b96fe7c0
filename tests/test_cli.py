from __future__ import annotations

import json
import os
import re
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
        (["corpus", "{empty}", "--out", "x.csv"], "no usable documents (see the skipped"),
        (["corpus", "{header}", "--out", "x.csv"], "no usable documents (it holds no text)"),
        (["report", "--corpus", "{empty}", "--out", "r"], "no usable documents"),
    ],
)
def test_errors_are_one_line_with_status_2(tmp_path, args, message):
    table = tmp_path / "t.csv"
    pd.DataFrame({"a": ["数据"]}).to_csv(table, index=False)
    empty = tmp_path / "empty"
    empty.mkdir()
    header = tmp_path / "header.csv"
    header.write_text("id,text\n", encoding="utf-8")
    args = [a.format(table=table, empty=empty, header=header) for a in args]
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
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # a BOM: Excel reads it as UTF-8
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
    for row in clusters.drop_duplicates("cluster").itertuples():  # each cluster told
        told = re.search(
            rf"^  {row.cluster} {re.escape(row.label)} \(2\): (.+)$", result.stderr, re.M
        )
        ids = set(clusters.loc[clusters["cluster"] == row.cluster, "doc_id"])
        assert told and set(told[1].split("、")) == ids, result.stderr
    # the seed file, k chosen automatically: every document appears
    result = run_cli("cluster", seed_path, "--out", out)
    assert result.returncode == 0, result.stderr
    assert len(pd.read_csv(out)) == 12
    assert re.search(r"12 documents in \d+ clusters \(\w+, silhouette 0\.\d\d\)", result.stderr)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["cluster", "{seed}", "--out", "x.csv", "--k", "50"], "choose k ≤ 12"),
        (["cluster", "{seed}", "--out", "x.csv", "--k", "many"], "--k must be a positive"),
        (["keywords", "{seed}", "--out", "x.csv", "--top", "0"], "--top must be at least 1"),
        (["keywords", "{seed}", "--out", "x.json"], "unsupported output type"),
        (["keywords", "missing.csv", "--out", "x.csv"], "missing.csv: no such file"),
        (["keywords", "{seed}", "--out", "x.csv", "--user-dict", "no.txt"], "no.txt: no such file"),
        (["cluster", "{seed}", "--out", "x.csv", "--stopwords", "no.txt"], "no.txt: no such file"),
        (["terms", "{seed}", "--out", "x.csv", "--top", "0"], "--top must be at least 1"),
        (["lexicon", "diff", "bundled", "v2.txt", "{seed}", "--out", "x.csv"], "v2.txt: no such"),
        (["keywords", "{seed}", "--out", "x.csv", "--max-df", "0"], "--max-df: a share of"),
        (["keywords", "{seed}", "--out", "x.csv", "--max-df", "nan"], "--max-df: a share of"),
        (["keywords", "{seed}", "--out", "x.csv", "--max-df", "80%"], "--max-df: a share of"),
        (["cluster", "{seed}", "--out", "x.csv", "--no-places", "--stream", "on"], "not with --s"),
        (["cluster", "{seed}", "--out", "x.csv", "--no-places", "--dask", "local"], "not with --d"),
        (
            ["keywords", "{seed}", "--out", "x.csv", "--method", "jieba-tfidf", "--max-df", "0.5"],
            "max_df applies to the phrase and tfidf methods",
        ),
    ],
)
def test_analysis_command_errors(tmp_path, seed_path, args, message):
    result = run_cli(*[a.format(seed=seed_path) for a in args], cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_an_output_that_cannot_be_written_is_said_before_the_work(tmp_path, seed_path):
    """--out in a folder that is a file, or a folder itself: one line naming the output (not
    the input, not a temporary file), before the corpus is read."""
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    (tmp_path / "kw.csv").mkdir()
    cases = [
        ("notes.txt/k.csv", "cannot write notes.txt/k.csv: "),
        ("kw.csv", "cannot write kw.csv: it is a folder"),
    ]
    for out, message in cases:
        result = run_cli("keywords", seed_path, "--out", out, cwd=tmp_path)
        assert result.returncode == 2 and message in result.stderr, result.stderr
        assert "segment" not in result.stderr and "Traceback" not in result.stderr
    from analysis.report import atomic_path

    target = tmp_path / "notes.txt" / "k.csv"  # the library's own writes name it too
    with pytest.raises(OSError, match="cannot write here") as caught, atomic_path(target):
        pass
    assert caught.value.filename == str(target)


def test_an_output_never_overwrites_an_input_nor_lands_in_the_corpus_folder(tmp_path):
    corpus = tmp_path / "texts"
    corpus.mkdir()
    (corpus / "a.txt").write_text("数据共享平台建设。", encoding="utf-8")
    table = tmp_path / "docs.csv"
    table.write_text("text\n数据共享\n基层减负\n", encoding="utf-8")
    meta = tmp_path / "meta.csv"
    meta.write_text("doc_id,city\na,三亚\n", encoding="utf-8")
    cases = [
        (["corpus", str(table), "--out", str(table)], "it is the corpus this command reads"),
        (["corpus", str(corpus), "--meta", str(meta), "--out", str(meta)], "it is --meta"),
        (["corpus", str(corpus), "--out", str(corpus / "c.csv")], "inside the corpus folder"),
    ]
    for args, message in cases:
        result = run_cli(*args, cwd=tmp_path)
        assert result.returncode == 2 and message in result.stderr, result.stderr
    assert table.read_text(encoding="utf-8").startswith("text\n")  # untouched
    assert meta.read_text(encoding="utf-8").startswith("doc_id,city")
    assert sorted(p.name for p in corpus.iterdir()) == ["a.txt"]


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
        if suffix == ".csv":
            assert "leading '" in result.stderr  # the user is told
            ids = pd.read_csv(out)["doc_id"].tolist()
            assert "'" + hyperlink in ids and "'@SUM(1)" in ids
        else:
            assert "marked as text" in result.stderr
            sheet = load_workbook(out)["data"]
            assert all(c.data_type == "s" for c in sheet["A"][1:])
            marked = {c.value for c in sheet["A"][1:] if c.quotePrefix}
            assert {hyperlink, "@SUM(1)"} <= marked
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


def test_keywords_after_cluster_read_the_cleaned_texts_too(tmp_path, capsys, monkeypatch):
    """A traditional text is noted on stderr as it is cleaned to simplified characters, and
    again when a later command reads the cleaned texts from the cache."""
    monkeypatch.setenv("ANALYSIS_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "1954.txt").write_text("國家機關的工作報告。我們的國家發展很快。", encoding="utf-8")
    (folder / "2024.txt").write_text("数字政府建设，数据共享平台。", encoding="utf-8")
    for command in ("cluster", "keywords"):
        args = [command, str(folder), "--out", str(tmp_path / f"{command}.csv")]
        assert main(args + (["--k", "2"] if command == "cluster" else [])) == 0
        err = capsys.readouterr().err
        notes = [line for line in err.splitlines() if "traditional characters" in line]
        assert len(notes) == 1 and "1954" in notes[0], err
    assert "cleaned texts of 2 documents read from the cache" in err


def test_a_stale_cache_entry_is_one_warning_line(tmp_path, seed_path, capsys, monkeypatch):
    monkeypatch.setenv("ANALYSIS_CACHE_DIR", str(tmp_path / "cache"))
    assert main(["keywords", str(seed_path), "--out", str(tmp_path / "k.csv")]) == 0
    for entry in (tmp_path / "cache").glob("*.arrow"):
        entry.write_bytes(entry.read_bytes()[:100])  # truncated
    capsys.readouterr()
    assert main(["keywords", str(seed_path), "--out", str(tmp_path / "k.csv")]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "warning" in line]
    assert len(warnings) == 2, warnings  # the cleaned texts and the segmentation
    assert all(line.startswith("analysis: warning: cache entry") for line in warnings)


def test_keywords_without_places(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text("三亚推进自贸港建设。三亚旅游持续升温。三亚自贸港建设提速。", encoding="utf-8")
    out = tmp_path / "kw.csv"
    result = run_cli("keywords", path, "--out", out, "--no-places")
    assert result.returncode == 0, result.stderr
    terms = pd.read_csv(out, encoding="utf-8")["term"].tolist()
    assert terms and not any("三亚" in t for t in terms), terms


# 以进促稳 is not in any bundled dictionary, and jieba cuts it (以进/促稳)
SLOGAN_TEXTS = [
    "坚持稳中求进、以进促稳，推动经济回升。",
    "我们以进促稳，扩大有效投资。",
    "以进促稳成效明显。",
    "全年工作要以进促稳、先立后破。",
    "必须以进促稳，稳住基本盘。",
]


@pytest.fixture
def slogan_corpus(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    for i, text in enumerate(SLOGAN_TEXTS):
        (folder / f"r{i}.txt").write_text(text, encoding="utf-8")
    return folder


def test_terms_discover_proposes_a_table_that_loads_as_a_user_dict(tmp_path, slogan_corpus):
    out = tmp_path / "new_terms.csv"
    result = run_cli("terms", slogan_corpus, "--discover", "--min-count", "3", "--out", out)
    assert result.returncode == 0, result.stderr
    assert "review them" in result.stderr
    proposed = pd.read_csv(out, encoding="utf-8-sig")
    assert proposed.loc[0, "term"] == "以进促稳" and proposed.loc[0, "count"] == 5
    kw = tmp_path / "kw.csv"
    plain = run_cli("terms", slogan_corpus, "--out", kw)
    assert plain.returncode == 0, plain.stderr
    assert "以进促稳" not in set(pd.read_csv(kw)["term"])
    with_dict = run_cli("terms", slogan_corpus, "--out", kw, "--user-dict", out)
    assert with_dict.returncode == 0, with_dict.stderr
    vocabulary = pd.read_csv(kw).set_index("term")
    assert vocabulary.loc["以进促稳", "count"] == 5 and vocabulary.loc["以进促稳", "n_docs"] == 5


def test_terms_and_stopwords_options_reach_every_step(tmp_path, slogan_corpus):
    stop = tmp_path / "stop.txt"
    stop.write_text("稳中求进\n", encoding="utf-8")
    out = tmp_path / "kw.csv"
    args = ["--terms", "以进促稳,先立后破", "--stopwords", stop, "--out", out]
    assert run_cli("keywords", slogan_corpus, *args).returncode == 0
    terms = pd.read_csv(out)["term"].tolist()
    assert "以进促稳" in terms and "稳中求进" not in terms
    assert run_cli("cluster", slogan_corpus, "--k", "2", *args).returncode == 0
    assert set(pd.read_csv(out)["doc_id"]) == {f"r{i}" for i in range(5)}


def test_lexicon_diff_reports_what_moved(tmp_path, slogan_corpus):
    from analysis import config

    new = tmp_path / "lexicon-v2.txt"
    new.write_text(
        config.policy_lexicon_path().read_text(encoding="utf-8") + "以进促稳 300 nz\n",
        encoding="utf-8",
    )
    out, changes = tmp_path / "diff.csv", tmp_path / "changes.csv"
    result = run_cli(
        "lexicon",
        "diff",
        "bundled",
        new,
        slogan_corpus,
        "--k",
        "2",
        "--out",
        out,
        "--changes",
        changes,
    )
    assert result.returncode == 0, result.stderr
    assert "1 added, 0 removed, 0 changed" in result.stderr
    diff = pd.read_csv(out, keep_default_na=False)
    assert len(diff) == 5 and diff["added"].str.contains("以进促稳").any()
    assert pd.read_csv(changes, keep_default_na=False).values.tolist() == [
        ["以进促稳", "added", "", "300 nz"]
    ]


@pytest.fixture
def dated_corpus(tmp_path):
    rows = [
        {
            "id": "r2001",
            "year": 2001,
            "doc_type": "report",
            "content": "推进信息化。加快信息化建设。",
        },
        {"id": "r2002", "year": 2002, "doc_type": "report", "content": "发展互联网和信息化。"},
        {"id": "r2002b", "year": 2002, "doc_type": "resolution", "content": "批准报告。互联网"},
        {"id": "r2005", "year": 2005, "doc_type": "report", "content": "发展大数据和互联网。"},
    ]
    path = tmp_path / "reports.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    return path


def test_trends_counts_per_year_with_gaps_and_where(tmp_path, dated_corpus):
    out, summary = tmp_path / "t.csv", tmp_path / "s.csv"
    result = run_cli(
        "trends", dated_corpus, "--terms", "互联网,信息化", "--where", "doc_type=report",
        "--norm", "raw", "--out", out, "--summary", summary,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "3 of 4 documents have doc_type=report (--where)" in result.stderr
    assert "2 without documents, left as gaps" in result.stderr  # 2003, 2004
    assert "互联网: 2 uses, first 2002, peak 2002" in result.stderr
    # the line of a first use, to check what the search found
    assert "first use of 互联网: 2002, r2002: …发展【互联网】和信息化。…" in result.stderr
    t = pd.read_csv(out).set_index(["term", "period"])
    assert t.loc[("互联网", 2002), "count"] == 1  # the resolution is left out
    assert t.loc[("信息化", 2001), "count"] == 2
    assert pd.isna(t.loc[("信息化", 2003), "count"]) and t.loc[("信息化", 2003), "n_docs"] == 0
    assert pd.read_csv(summary).set_index("term").loc["信息化", "first_period"] == 2001


def test_traditional_terms_are_searched_as_the_texts_spell_them(tmp_path, dated_corpus):
    """The texts are compared in simplified characters: --terms 互聯網 would find nothing,
    so it is searched as 互联网 (said once), and finds its 3 uses."""
    out = tmp_path / "t.csv"
    result = run_cli("trends", dated_corpus, "--terms", "互聯網", "--out", out)
    assert result.returncode == 0, result.stderr
    told = "互聯網 is searched as 互联网: the texts are compared in simplified characters"
    assert result.stderr.count(told) == 1
    assert "互联网: 3 uses, first 2002" in result.stderr


def test_trends_by_decade_name_decades(tmp_path, dated_corpus):
    result = run_cli("trends", dated_corpus, "--terms", "互联网", "--by", "decade",
                     "--out", tmp_path / "t.csv")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "互联网: 3 uses, first 2000s, peak 2000s" in result.stderr  # not 2000, a year


def test_trends_by_group_tells_which_documents_use_a_term(tmp_path, dated_corpus):
    """Which documents, or groups, use a term (no dates needed): the first question of an
    analyst with a corpus of one year."""
    out = tmp_path / "g.csv"
    result = run_cli(
        "trends", dated_corpus, "--terms", "信息化,互联网", "--group", "doc_id", "--norm", "raw",
        "--out", out,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "信息化: used in 2 of 4 documents; most: r2001 2 (2 uses)、r2002 1 (1 use)" in (
        result.stderr
    )  # raw counts: in the order of the counts
    t = pd.read_csv(out)
    assert t.loc[t["term"] == "互联网", "group"].tolist()[:3] == ["r2002", "r2002b", "r2005"]
    assert t.loc[t["term"] == "信息化", "count"].tolist() == [2, 1, 0, 0]
    result = run_cli(
        "trends", dated_corpus, "--terms", "信息化", "--group", "doc_type", "--norm", "docs",
        "--out", out,
    )  # fmt: skip
    assert (
        "信息化: used in 1 of 2 groups; most (share of documents), surest first (by the lower "
        "end of the interval): report 67% (2 of 3 documents)" in (result.stderr)
    )
    result = run_cli(
        "trends", dated_corpus, "--terms", "信息化", "--group", "doc_id", "--by", "decade",
        "--out", out,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert "--by sets the periods: leave it out with --group" in result.stderr
    result = run_cli("trends", dated_corpus, "--terms", "信息化", "--group", "省份", "--out", out)
    assert result.returncode == 2 and "--group 省份: the corpus has no such column" in (
        result.stderr
    )


def test_compare_two_periods_and_emerging_terms(tmp_path, dated_corpus):
    out, emerging = tmp_path / "k.csv", tmp_path / "e.csv"
    result = run_cli(
        "compare", dated_corpus, "--periods", "2001-2002,2005", "--min-count", "1",
        "--out", out, "--emerging", emerging, "--window", "2",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    table = pd.read_csv(out)
    assert set(table["period"]) == {"2001-2002", "2005"}
    assert table[table["period"] == "2001-2002"]["term"].iloc[0] == "信息化"
    assert set(pd.read_csv(emerging)["direction"]) <= {"rising", "fading"}
    # each side's documents are counted, and a thin side is said to be thin
    assert "2001-2002 (3 documents):" in result.stderr and "2005 (1 document):" in result.stderr
    assert "few documents to compare (2005: 1 document)" in result.stderr
    assert "few documents in some windows (" in result.stderr  # --emerging windows too


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["trends", "{c}", "--terms", "互联网", "--where", "kind"], "write COLUMN=VALUE"),
        (["trends", "{c}", "--terms", "互联网", "--where", "city=北京"], "no column 'city'"),
        (["trends", "{c}", "--terms", "互联网", "--where", "doc_type=law"], "no document has"),
        (
            ["trends", "{c}", "--terms", "互联网", "--where", "doc_type=reports"],
            "(doc_type holds report, resolution; did you mean report?)",
        ),
        (["compare", "{c}", "--periods", "2001"], "needs two periods"),
        (
            ["compare", "{c}", "--periods", "1990-1995,2001"],
            "dated 1990-1995 (the documents are dated 2001–2005)",
        ),
        (["trends", "{c}", "--terms", "myterms.txt"], "--terms myterms.txt: no such file"),
        (["corpus", "{c}", "--meta", "{c}"], "metadata must be .csv"),
    ],
)
def test_trend_and_compare_errors(tmp_path, dated_corpus, args, message):
    result = run_cli(*[a.format(c=dated_corpus) for a in args], "--out", tmp_path / "x.csv")
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr


def test_keywords_of_sections(tmp_path):
    doc = tmp_path / "plan.txt"
    doc.write_text(
        "关于推进数字政府建设的意见\n一、总体要求\n坚持数据共享，推进数据共享。\n"
        "二、主要任务\n建设城市大脑，完善城市大脑。\n",
        encoding="utf-8",
    )
    out = tmp_path / "kw.csv"
    result = run_cli("keywords", doc, "--unit", "section", "--out", out)
    assert result.returncode == 0, result.stderr
    assert "2 units of 1 documents: 2 top-level sections and 0 texts before" in result.stderr
    assert "keywords of 2 units (phrase)" in result.stderr
    kw = pd.read_csv(out)
    by_unit = kw.groupby("doc_id")["term"].apply(set)
    assert {"plan§1", "plan§2"} <= set(by_unit.index)
    assert "城市大脑" in by_unit["plan§2"] and "城市大脑" not in by_unit["plan§1"]
    assert list(kw.columns[:2]) == ["doc_id", "heading"]  # which part: its heading
    assert kw.groupby("doc_id")["heading"].first().to_dict() == {
        "plan§1": "总体要求",
        "plan§2": "主要任务",
    }


def test_bundled_corpora_by_name(tmp_path):
    out = tmp_path / "docs.csv"
    result = run_cli("corpus", "policy-docs", "--out", out)
    assert result.returncode == 0, result.stderr
    assert len(pd.read_csv(out, encoding="utf-8-sig")) == 10


def test_meta_where_and_group(tmp_path, dated_corpus):
    meta = tmp_path / "meta.csv"
    meta.write_text("doc,era\nr2001,早期\nr2002,早期\nr2005,近期\n", encoding="utf-8")
    out = tmp_path / "g.csv"
    result = run_cli(
        "compare", dated_corpus, "--meta", meta, "--meta-key", "doc", "--where", "era=早期|近期",
        "--group", "era", "--min-count", "1", "--out", out,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "1 of 4 documents have no row" in result.stderr  # the resolution
    assert "3 of 4 documents have era=早期|近期 (--where)" in result.stderr
    table = pd.read_csv(out)
    assert set(table["group"]) == {"早期", "近期"}
    assert table[table["group"] == "早期"]["term"].iloc[0] == "信息化"
    clash = tmp_path / "clash.csv"
    clash.write_text("doc_id,doc_type\nr2001,law\n", encoding="utf-8")
    bad = run_cli("corpus", dated_corpus, "--meta", clash, "--out", tmp_path / "c.csv")
    assert bad.returncode == 2 and "disagrees with the corpus for 'r2001'" in bad.stderr
    missing = run_cli("compare", dated_corpus, "--group", "city", "--out", out)
    assert (
        missing.returncode == 2 and "--group city: the corpus has no such column" in missing.stderr
    )


def test_meta_that_joins_nothing_and_xlsx_gaps(tmp_path, dated_corpus):
    meta = tmp_path / "meta.csv"
    meta.write_text("file,era\ntxt/r2001.txt,早期\n", encoding="utf-8")  # a path from elsewhere
    result = run_cli("corpus", dated_corpus, "--meta", meta, "--out", tmp_path / "c.csv")
    assert result.returncode == 0, result.stderr
    assert pd.read_csv(tmp_path / "c.csv", encoding="utf-8-sig")["era"].notna().sum() == 1
    meta.write_text("file,era\ntxt/r1999.txt,早期\n", encoding="utf-8")  # no such document
    result = run_cli("corpus", dated_corpus, "--meta", meta, "--out", tmp_path / "c.csv")
    assert result.returncode == 2
    assert "no row of column 'file' matches a doc_id" in result.stderr
    assert "'txt/r1999.txt'" in result.stderr and "'r2001'" in result.stderr
    out = tmp_path / "t.xlsx"
    assert (
        run_cli(
            "trends", dated_corpus, "--terms", "互联网", "--norm", "raw", "--out", out
        ).returncode
        == 0
    )
    from openpyxl import load_workbook

    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    gap = next(r for r in rows[1:] if r[0] == 2003)  # a year without documents
    assert gap[2] is None and gap[4] == 0  # an empty count, not the text '<NA>'


def test_cluster_without_places_groups_and_names_by_content(tmp_path):
    # two cities, two topics: with places the names share a city; without, they do not
    texts = {
        "sy-data": "三亚推进数据共享，三亚数据共享平台上线，数据共享提速。",
        "bj-data": "北京推进数据共享，北京数据共享平台上线，数据共享见效。",
        "sy-sea": "三亚建设海洋牧场，三亚海洋牧场扩容，海洋牧场升级。",
        "bj-sea": "北京支持海洋牧场，北京海洋牧场合作，海洋牧场升级。",
    }
    rows = [{"id": k, "content": v} for k, v in texts.items()]
    corpus = tmp_path / "cities.jsonl"
    corpus.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    out = tmp_path / "c.csv"
    result = run_cli("cluster", corpus, "--k", "2", "--no-places", "--out", out)
    assert result.returncode == 0, result.stderr
    table = pd.read_csv(out).set_index("doc_id")
    assert table.loc["sy-data", "cluster"] == table.loc["bj-data", "cluster"]
    assert table.loc["sy-sea", "cluster"] == table.loc["bj-sea", "cluster"]
    assert table.loc["sy-data", "cluster"] != table.loc["sy-sea", "cluster"]
    assert not table["label"].str.contains("三亚|北京").any(), table["label"].tolist()


def test_keywords_max_df_keeps_or_drops_shared_terms(tmp_path):
    # 数字政府 is in 6 of 10 documents: over the default ceiling of half, under 0.8
    own = ["海洋牧场", "低空经济", "冰雪旅游", "算力网络", "城市大脑"] * 2
    rows = [
        {"id": f"d{i}", "content": f"{'数字政府' if i < 6 else '乡村振兴'}。{own[i]}稳步推进。"}
        for i in range(10)
    ]
    corpus = tmp_path / "docs.jsonl"
    corpus.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    out = tmp_path / "kw.csv"
    result = run_cli("keywords", corpus, "--out", out)
    assert result.returncode == 0, result.stderr
    assert "数字政府" not in set(pd.read_csv(out)["term"])
    # the user is told what the ceiling left out, and how to keep it
    note = next(line for line in result.stderr.splitlines() if "is no keyword" in line)
    assert "1 term found in more than 50% of the 10 documents" in note, note
    assert "数字政府 (--max-df 1 or max_df=1.0 keeps it)" in note, note
    assert run_cli("keywords", corpus, "--out", out, "--max-df", "0.8").returncode == 0
    assert "数字政府" in set(pd.read_csv(out)["term"])


def test_compare_groups_without_places(tmp_path):
    rows = [
        {"id": f"{city}{i}", "city": city, "content": text}
        for i in range(2)
        for city, text in (
            ("三亚", "三亚推进自贸港建设，三亚自贸港封关运作。三亚旅游升温。"),
            ("北京", "北京推进接诉即办，北京主动治理见效。北京数据治理。"),
        )
    ]
    corpus = tmp_path / "cities.jsonl"
    corpus.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    out = tmp_path / "g.csv"
    args = ["compare", corpus, "--group", "city", "--min-count", "2", "--out", out]
    assert run_cli(*args).returncode == 0
    assert {"三亚", "北京"} & set(pd.read_csv(out)["term"])
    assert run_cli(*args, "--no-places").returncode == 0
    terms = set(pd.read_csv(out)["term"])
    assert terms and not any("三亚" in t or "北京" in t for t in terms)


def test_report_passes_the_table_options_to_the_notebooks(tmp_path, monkeypatch, capsys):
    """The error of a table without a guessable text column says "Pass --text-col": the
    report command takes it too, and the notebooks get it as ``load_options``."""
    import analysis.report

    table = tmp_path / "plans.csv"
    table.write_text("编号,类型,全文\n1,通知,推进数字政府建设。\n2,意见,建设智慧城市。\n", "utf-8")
    monkeypatch.setenv("ANALYSIS_CACHE_DIR", str(tmp_path / "cache"))
    assert main(["report", "--corpus", str(table), "--out", str(tmp_path / "r")]) == 2
    assert "Pass --text-col" in capsys.readouterr().err
    seen = {}
    monkeypatch.setattr(
        analysis.report, "build_reports", lambda corpus, out, **kw: seen.update(kw) or out
    )
    args = ["--text-col", "全文", "--id-col", "编号", "--encoding", "utf-8"]
    assert main(["report", "--corpus", str(table), "--out", str(tmp_path / "r"), *args]) == 0
    assert seen["parameters"]["load_options"] == {
        "text_col": "全文",
        "id_col": "编号",
        "encoding": "utf-8",
    }
    assert "group_column" not in seen["parameters"]  # the notebook's own choice (auto)
    out = str(tmp_path / "r")
    assert main(["report", "--corpus", str(table), "--out", out, *args, "--group", "类型"]) == 0
    assert seen["parameters"]["group_column"] == "类型"
    assert main(["report", "--corpus", str(table), "--out", out, *args, "--group", "省份"]) == 2
    assert "--group 省份: the corpus has no such column" in capsys.readouterr().err


def test_cluster_says_when_no_k_stands_out(tmp_path, monkeypatch, capsys):
    """On the bundled reports alone (52), silhouettes of k = 2 … 15 lie within 0.11–0.15:
    the CLI says that k = 2 is no better than the others; with the 72 documents it is not
    (the NPC resolutions, asked for, form a group of their own)."""
    monkeypatch.setenv("ANALYSIS_CACHE_DIR", str(tmp_path / "cache"))
    out = str(tmp_path / "c.csv")
    args = ["cluster", "national-reports", "--out", out]
    assert main(args) == 0  # the reports alone, by default
    assert "the silhouette hardly changes with k" in capsys.readouterr().err
    assert main([*args, "--where", "doc_type=report|resolution"]) == 0
    assert "hardly changes" not in capsys.readouterr().err


def test_strict_reads_a_folder_whose_metadata_table_is_the_meta(tmp_path):
    corpus = tmp_path / "texts"
    corpus.mkdir()
    for city in ("三亚", "东营"):
        (corpus / f"{city}.txt").write_text(f"{city}推进数据共享平台建设。", encoding="utf-8")
    meta = corpus / "metadata.csv"
    meta.write_text("file,province\n三亚.txt,海南\n东营.txt,山东\n", encoding="utf-8")
    out = tmp_path / "c.csv"
    plain = run_cli("corpus", str(corpus), "--strict", "--out", str(out), cwd=tmp_path)
    assert plain.returncode == 2 and "strict mode" in plain.stderr  # a table without text
    joined = run_cli(
        "corpus", str(corpus), "--strict", "--meta", str(meta), "--out", str(out), cwd=tmp_path
    )
    assert joined.returncode == 0, joined.stderr
    assert "海南" in out.read_text(encoding="utf-8-sig")


def test_drop_copies_on_the_command_line(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text(
        "编号,正文\n1,数字政府建设推进数据共享。\n2,基层减负一网通办。\n3,数字政府建设推进数据共享。\n",
        encoding="utf-8",
    )
    out = tmp_path / "kw.csv"
    result = run_cli("keywords", path, "--id-col", "编号", "--out", out)
    assert "2 documents have the same text: 1, 3" in result.stderr
    assert "--drop-copies or drop_copies=True keeps the first" in result.stderr
    assert set(pd.read_csv(out)["doc_id"]) == {1, 2, 3}
    result = run_cli("keywords", path, "--id-col", "编号", "--drop-copies", "--out", out)
    assert result.returncode == 0, result.stderr
    assert "1 copy left out (--drop-copies): 3" in result.stderr
    assert set(pd.read_csv(out)["doc_id"]) == {1, 2}


def test_kwic_lists_every_use_with_its_document(tmp_path):
    """A journalist's concordance from the command line: every use with its title and date;
    --words leaves out 数据 inside 大数据; a formula-like context is written as text."""
    path = tmp_path / "news.csv"
    path.write_text(
        "编号,标题,日期,正文\n1,数据新政,2023-05-01,公共数据开放。大数据产业。\n"
        "2,基层,2024-01-02,=数据共享减负。\n",
        encoding="utf-8",
    )
    out = tmp_path / "kwic.csv"
    result = run_cli("kwic", path, "--id-col", "编号", "--terms", "数据", "--out", out)
    assert result.returncode == 0, result.stderr
    lines = pd.read_csv(out)
    assert list(lines.columns) == ["doc_id", "title", "date", "term", "left", "match", "right",
                                   "position"]  # fmt: skip
    assert len(lines) == 3 and set(lines["title"]) == {"数据新政", "基层"}
    assert "数据: 3 uses in 2 documents; first: 数据新政" in result.stderr
    result = run_cli("kwic", path, "--id-col", "编号", "--terms", "数据", "--words", "--out", out)
    assert "大" not in "".join(pd.read_csv(out)["left"].fillna("").str[-1:])
