from __future__ import annotations

import json
import warnings
from pathlib import Path

import pandas as pd
import pytest

from analysis.corpus import SCHEMA, CorpusError, load_corpus, load_report, parse_web_article
from analysis.workflow import Selection, load_clean


def load_quiet(*args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_corpus(*args, **kwargs)


# --------------------------------------------------------------------------- the seed


def test_seed_gives_one_essay_and_every_snippet(seed_path):
    docs = load_corpus(seed_path)
    assert list(docs.columns[: len(SCHEMA)]) == SCHEMA
    # the file holds 11 bulleted snippets under 相关推荐; every one is kept
    bullets = seed_path.read_text(encoding="utf-8").count("•")
    assert bullets == 11
    assert (docs["kind"] == "article").sum() == 1
    assert (docs["kind"] == "snippet").sum() == bullets
    essay = docs.iloc[0]
    assert essay["title"] == "卸掉基层治理的“数字枷锁”"
    assert essay["author"] == "陈书"
    assert essay["source"] == "组织人事报"
    assert essay["date"] == "2021-10-21"
    assert essay["page"] == "07版"
    assert essay["author_unit"] == "云南昆明官渡区委组织部"
    assert not essay["truncated"]
    assert essay["text"].startswith("据相关媒体报道")
    assert docs["doc_id"].is_unique


def test_seed_page_furniture_belongs_to_no_document(seed_path):
    docs = load_corpus(seed_path)
    for text in docs["text"]:
        assert "相关推荐" not in text
        assert "(0)" not in text
        assert "作者单位" not in text
    snippets = docs[docs["kind"] == "snippet"]
    assert snippets["title"].str.len().gt(0).all()
    assert snippets["truncated"].all()  # every snippet ends in "..."
    assert snippets.iloc[0]["title"] == "陈根:从管理到服务,数字政府加速度"
    assert snippets.iloc[-1]["text"].startswith("转载请注明来源")


def test_parse_web_article_returns_none_for_plain_text():
    assert parse_web_article("数字政府建设。\n\n第二段。") is None


# --------------------------------------------------------------------------- formats


def test_folder_of_text_files(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("数字政府\n\n数字政府建设要推动数据共享。", encoding="utf-8")
    (tmp_path / "sub" / "b.md").write_text("# 智慧城市\n\n城市大脑让治理更智能。", encoding="utf-8")
    (tmp_path / "c.txt").write_text("只有一行的正文，没有标题。", encoding="utf-8")
    docs = load_corpus(tmp_path)
    assert docs["doc_id"].tolist() == ["a", "c", "sub/b"]
    assert docs["title"].tolist() == ["数字政府", "c", "智慧城市"]
    assert docs["text"].tolist()[0] == "数字政府建设要推动数据共享。"
    assert set(docs["kind"]) == {"document"}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_text_encodings_are_detected(tmp_path, encoding):
    text = "卸掉基层治理的数字枷锁，推动数据共享与一网通办。形式主义要不得。"
    path = tmp_path / "doc.txt"
    path.write_bytes(text.encode(encoding))
    docs = load_corpus(path)
    assert docs.loc[0, "text"] == text
    assert load_report(docs).issues == []


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "utf-16"])
def test_seed_in_other_encodings(tmp_path, seed_path, encoding):
    path = tmp_path / "seed.txt"
    path.write_bytes(seed_path.read_text(encoding="utf-8").encode(encoding))
    assert load_corpus(path)["title"].tolist() == load_corpus(seed_path)["title"].tolist()


ROWS = [
    {
        "id": "p1",
        "title": "数字政府",
        "content": "推动数据共享。",
        "date": "2022/12/2",
        "org": "国务院",
    },
    {
        "id": "p2",
        "title": "智慧城市",
        "content": "城市全域数字化转型。",
        "date": "2024-05-14",
        "org": "发改委",
    },
]


def _write_table(path, suffix, encoding="utf-8"):
    frame = pd.DataFrame(ROWS)
    if suffix == ".csv":
        path.write_bytes(frame.to_csv(index=False).encode(encoding))
    elif suffix == ".tsv":
        path.write_bytes(frame.to_csv(index=False, sep="\t").encode(encoding))
    elif suffix == ".jsonl":
        lines = "\n".join(json.dumps(r, ensure_ascii=False) for r in ROWS)
        path.write_bytes(lines.encode(encoding))
    elif suffix == ".json":
        path.write_bytes(json.dumps({"data": ROWS}, ensure_ascii=False).encode(encoding))
    elif suffix == ".xlsx":
        frame.to_excel(path, index=False)


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".jsonl", ".json", ".xlsx"])
def test_tables(tmp_path, suffix):
    path = tmp_path / f"docs{suffix}"
    _write_table(path, suffix)
    docs = load_corpus(path, id_col="id")
    assert docs["doc_id"].tolist() == ["p1", "p2"]
    assert docs["text"].tolist() == ["推动数据共享。", "城市全域数字化转型。"]
    assert docs["title"].tolist() == ["数字政府", "智慧城市"]
    assert docs["date"].tolist() == ["2022-12-02", "2024-05-14"]
    assert docs["org"].tolist() == ["国务院", "发改委"]  # extra columns are kept
    assert set(docs["kind"]) == {"record"}


def test_table_rows_are_numbered_without_an_id_column(tmp_path):
    path = tmp_path / "docs.csv"
    pd.DataFrame({"text": ["数据共享", "一网通办"]}).to_csv(path, index=False)
    assert load_corpus(path)["doc_id"].tolist() == ["docs#1", "docs#2"]


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-8-sig"])
def test_csv_encodings(tmp_path, encoding):
    path = tmp_path / "docs.csv"
    _write_table(path, ".csv", encoding)
    assert load_corpus(path)["text"].tolist() == ["推动数据共享。", "城市全域数字化转型。"]


def test_named_columns(tmp_path):
    path = tmp_path / "docs.csv"
    pd.DataFrame({"编号": ["a", "b"], "正文内容": ["数据共享", "一网通办"]}).to_csv(
        path, index=False
    )
    docs = load_corpus(path, text_col="正文内容", id_col="编号")
    assert docs["doc_id"].tolist() == ["a", "b"]


# --------------------------------------------------------------------------- bad input


def test_missing_path_names_it(tmp_path, monkeypatch):
    with pytest.raises(CorpusError, match="no such file or folder"):
        load_corpus("does/not/exist.txt")
    # a typo: the close name first, the folder's other names after, hidden ones never
    for name in ("mine", "reports", ".reports.building-x1"):
        (tmp_path / name).mkdir()
    with pytest.raises(CorpusError, match=r"mnie: no such .*did you mean mine\?") as caught:
        load_corpus(tmp_path / "mnie")
    assert "reports" in str(caught.value) and ".reports" not in str(caught.value)
    # astray higher up: the folder where it goes wrong, and the close name there
    with pytest.raises(CorpusError, match=rf"{tmp_path} has no reprots; did you mean reports\?"):
        load_corpus(tmp_path / "reprots" / "2024" / "a.txt")
    # a bundled corpus's name mistyped: this folder's names only when one of them is close
    monkeypatch.chdir(tmp_path / "mine")
    with pytest.raises(CorpusError) as caught:
        load_corpus("national-report")
    assert str(caught.value).endswith("did you mean national-reports (a bundled corpus)?")


def test_csv_without_text_column_lists_columns(tmp_path):
    path = tmp_path / "t.csv"
    pd.DataFrame({"a": ["x"], "b": ["y"]}).to_csv(path, index=False)
    with pytest.raises(CorpusError, match=r"t\.csv.*no text column.*a, b"):
        load_corpus(path)
    with pytest.raises(CorpusError, match=r"no column 'body'.*a, b.*--text-col"):
        load_corpus(path, text_col="body")


def test_empty_file_is_a_listed_skip(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "ok.txt").write_text("数据共享", encoding="utf-8")
    with pytest.warns(UserWarning, match="1 file"):
        docs = load_corpus(tmp_path)
    assert docs["doc_id"].tolist() == ["ok"]
    (issue,) = load_report(docs).skipped
    assert issue.path.endswith("empty.txt") and issue.reason == "empty file"


def test_binary_file_renamed_txt(tmp_path):
    (tmp_path / "image.txt").write_bytes(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
    )
    docs = load_quiet(tmp_path)
    assert docs.empty and list(docs.columns) == SCHEMA
    (issue,) = load_report(docs).skipped
    assert "binary" in issue.reason


def test_invalid_utf8_bytes_are_repaired_and_reported(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes("数字政府建设。".encode() * 40 + b"\xff\xfe\xfa" + "基层治理。".encode() * 40)
    docs = load_corpus(path)
    assert "数字政府建设" in docs.loc[0, "text"] and "基层治理" in docs.loc[0, "text"]
    (issue,) = load_report(docs).issues
    assert issue.action == "repaired" and "U+FFFD" in issue.reason


@pytest.mark.parametrize("suffix", [".jsonl", ".json"])
def test_a_lone_surrogate_is_repaired_and_named_by_row(tmp_path, suffix):
    # "\ud800" without its pair is valid JSON but no character: OpenCC, the segmenter and
    # every UTF-8 output refuse it
    path = tmp_path / f"docs{suffix}"
    rows = ['{"text": "数字政府"}', '{"text": "数据共享\\ud800平台"}']
    lines = "\n".join(rows) if suffix == ".jsonl" else f"[{', '.join(rows)}]"
    path.write_text(lines, encoding="utf-8")
    docs = load_corpus(path)
    assert docs["text"].tolist() == ["数字政府", "数据共享\ufffd平台"]
    note, issue = load_report(docs).issues
    assert note.action == "note" and "rows are named docs#1, docs#2 …; --id-col" in note.reason
    assert (
        issue.action == "repaired" and issue.row == 2 and "text: 1 lone surrogate" in issue.reason
    )
    docs["text"].str.encode("utf-8")  # no surrogate left to refuse it


def test_mostly_undecodable_file_is_skipped(tmp_path):
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(range(128, 256)) * 50)
    docs = load_quiet(path)
    assert docs.empty
    assert load_report(docs).skipped


def test_large_single_line_file(tmp_path):
    line = "卸掉基层治理的数字枷锁，推动数据共享与一网通办。" * 800_000  # ~20 MB
    path = tmp_path / "big.txt"
    path.write_text(line, encoding="utf-8")
    assert path.stat().st_size > 19_000_000
    docs = load_corpus(path)
    assert len(docs) == 1 and len(docs.loc[0, "text"]) == len(line)


def test_punctuation_and_emoji_only_document_is_skipped(tmp_path):
    (tmp_path / "marks.txt").write_text("！！？？……😀🎉——", encoding="utf-8")
    docs = load_quiet(tmp_path)
    assert docs.empty
    assert "only punctuation" in load_report(docs).skipped[0].reason


def test_english_only_document_is_kept_with_a_note(tmp_path):
    (tmp_path / "en.txt").write_text("Digital government and data sharing.", encoding="utf-8")
    docs = load_corpus(tmp_path)
    assert len(docs) == 1
    (issue,) = load_report(docs).issues
    assert issue.action == "note" and "no Chinese" in issue.reason


def test_empty_folder_gives_empty_frame_and_a_listed_issue(tmp_path):
    with pytest.warns(UserWarning, match="skipped"):
        docs = load_corpus(tmp_path)
    assert docs.empty and list(docs.columns) == SCHEMA
    assert "no readable files" in load_report(docs).skipped[0].reason


def test_strict_turns_skips_into_errors(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(CorpusError, match=r"empty\.txt: empty file"):
        load_corpus(tmp_path, strict=True)


def test_unsupported_and_hidden_files_are_listed(tmp_path):
    (tmp_path / "report.key").write_bytes(b"PK")
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4")  # a damaged PDF
    (tmp_path / ".DS_Store").write_bytes(b"\x00")
    (tmp_path / "ok.txt").write_text("数据共享", encoding="utf-8")
    docs = load_quiet(tmp_path)
    reasons = " ".join(i.reason for i in load_report(docs).skipped)
    assert "unsupported file type .key; readable: .txt, .md, .docx, .pdf, .csv" in reasons
    assert "hidden" in reasons and "cannot read as a PDF" in reasons


def test_empty_rows_and_bad_json_lines_are_listed(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text('{"text": "数据共享"}\n{"text": ""}\nnot json\n', encoding="utf-8")
    docs = load_quiet(path)
    assert docs["text"].tolist() == ["数据共享"]
    rows = {(i.row, i.reason.split(":")[0]) for i in load_report(docs).skipped}
    assert rows == {(2, "empty 'text'"), (3, "invalid JSON")}  # the file's own lines


def test_duplicate_ids_are_an_error(tmp_path):
    path = tmp_path / "docs.csv"
    pd.DataFrame({"id": ["a", "a"], "text": ["数据", "共享"]}).to_csv(path, index=False)
    with pytest.raises(CorpusError, match="duplicate doc_id"):
        load_corpus(path, id_col="id")


def test_documents_with_the_same_text_are_kept_with_a_note(tmp_path):
    for name, text in (
        ("台州", "国内生产总值增长。"),
        ("襄阳", "国内生产总值增长。"),
        ("三亚", "自贸港。"),
    ):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    docs = load_corpus(tmp_path)
    assert len(docs) == 3  # nothing dropped
    notes = [i for i in load_report(docs).issues if "same text" in i.reason]
    assert len(notes) == 1 and notes[0].action == "note", load_report(docs).issues
    assert "2 documents have the same text: 台州, 襄阳" in notes[0].reason


def test_a_date_column_is_found_by_its_name(tmp_path):
    path = tmp_path / "docs.jsonl"
    rows = [{"id": "p1", "text": "数据共享。", "date_in_source": "2024-09-21", "n_chars": 5}]
    path.write_text(json.dumps(rows[0], ensure_ascii=False), encoding="utf-8")
    assert load_corpus(path)["date"].tolist() == ["2024-09-21"]
    # two columns named so: neither is taken for the date
    rows[0]["update_date"] = "2025-01-01"
    path.write_text(json.dumps(rows[0], ensure_ascii=False), encoding="utf-8")
    assert load_corpus(path)["date"].isna().all()


def test_load_report_frame(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    report = load_report(load_quiet(tmp_path))
    assert list(report.to_frame().columns) == ["path", "row", "action", "reason"]
    assert "empty file" in str(report)


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".tsv"])
@pytest.mark.parametrize("batch_size", [1, 3, 100])
def test_iter_corpus_batches_equal_load_corpus(tmp_path, suffix, batch_size):
    from analysis.corpus import iter_corpus

    rows = [
        {"title": f"标题{i}", "text": f"第{i}篇：数字政府推动数据共享。" if i != 4 else ""}
        for i in range(8)
    ]
    path = tmp_path / f"docs{suffix}"
    frame = pd.DataFrame(rows)
    if suffix == ".jsonl":
        frame.to_json(path, orient="records", lines=True, force_ascii=False)
    else:
        frame.to_csv(path, sep="\t" if suffix == ".tsv" else ",", index=False)
    with pytest.warns(UserWarning, match="skipped"):
        whole = load_corpus(path)
    batches = list(iter_corpus(path, batch_size=batch_size))
    assert all(len(b) <= max(batch_size, 1) for b in batches[:-1])
    pd.testing.assert_frame_equal(pd.concat(batches, ignore_index=True), whole)
    report = batches[-1].attrs["load_report"]
    assert report.n_docs == 7 and [i.row for i in report.skipped] == [5]  # 5th row


def test_iter_corpus_reads_folders_file_by_file(tmp_path):
    from analysis.corpus import iter_corpus

    for i in range(5):
        (tmp_path / f"{i}.txt").write_text(f"第{i}篇\n\n城市大脑让治理更智能。", encoding="utf-8")
    batches = list(iter_corpus(tmp_path, batch_size=2))
    assert [len(b) for b in batches] == [2, 2, 1]
    pd.testing.assert_frame_equal(pd.concat(batches, ignore_index=True), load_corpus(tmp_path))


def test_two_tables_of_one_folder_with_the_same_ids_are_named(tmp_path):
    for name in ("政策文件.csv", "政策文件_补充.csv"):
        pd.DataFrame({"编号": [1, 2], "正文": ["数据共享", "基层减负"]}).to_csv(
            tmp_path / name, index=False
        )
    with pytest.raises(CorpusError) as caught:
        load_corpus(tmp_path)
    message = str(caught.value)
    assert "政策文件.csv, 政策文件_补充.csv" in message and "--id-col" in message


def test_iter_corpus_finds_duplicate_ids_across_batches(tmp_path):
    from analysis.corpus import iter_corpus

    path = tmp_path / "dup.csv"
    pd.DataFrame({"id": ["a", "b", "a"], "text": ["数据共享"] * 3}).to_csv(path, index=False)
    with pytest.raises(CorpusError, match="duplicate doc_id"):
        list(iter_corpus(path, batch_size=1, id_col="id"))


# --------------------------------------------------------------------------- nothing lost, nothing misread


def test_a_book_title_line_does_not_make_a_web_article(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text(
        "读书笔记\n第一段讲数据。\n第二段讲共享。\n《论语》\n第三段。", encoding="utf-8"
    )
    doc = load_corpus(path).iloc[0]
    assert doc["kind"] == "document" and doc["title"] == "读书笔记"
    for line in ("第一段讲数据。", "第二段讲共享。", "《论语》", "第三段。"):
        assert line in doc["text"]


def test_a_source_line_with_a_date_still_marks_a_web_article():
    docs, unread = parse_web_article("标题\n《人民日报》2024-03-05 01版\n正文。")
    assert [(d["kind"], d["source"], d["date"]) for d in docs] == [
        ("article", "人民日报", "2024-03-05")
    ]
    assert unread == []


def test_page_furniture_of_a_web_article_is_noted(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text(
        "标题\n作者\n《报》2021-10-21 07版\n正文。\n相关推荐\n更多\n• 题\n文 ...", "utf-8"
    )
    docs = load_corpus(path)
    notes = [i for i in load_report(docs).issues if i.action == "note"]
    assert len(notes) == 1 and "更多" in notes[0].reason


def test_every_sheet_of_a_workbook_is_read(tmp_path):
    path = tmp_path / "book.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"text": ["数字政府建设", "数据共享"]}).to_excel(
            writer, sheet_name="2023", index=False
        )
        pd.DataFrame({"text": ["一网通办"]}).to_excel(writer, sheet_name="2024", index=False)
        pd.DataFrame({"说明": ["本表为示例"]}).to_excel(writer, sheet_name="notes", index=False)
    docs = load_quiet(path)
    assert docs["text"].tolist() == ["数字政府建设", "数据共享", "一网通办"]
    assert docs["sheet"].tolist() == ["2023", "2023", "2024"]
    assert docs["doc_id"].tolist() == ["book#2023#1", "book#2023#2", "book#2024#1"]
    (skip,) = load_report(docs).skipped
    assert "notes" in skip.path and "no text column" in skip.reason
    one = load_corpus(path, sheet="2024")
    assert one["text"].tolist() == ["一网通办"] and one["doc_id"].tolist() == ["book#1"]
    with pytest.raises(CorpusError, match=r"no sheet 'x'.*2023, 2024, notes"):
        load_corpus(path, sheet="x")


def test_a_title_above_the_header_of_a_sheet_is_passed_over(tmp_path):
    """政策文件汇编（2024） merged across the columns above the header: the header is the row
    under it (noted), and the rows are numbered under the header, blank rows included."""
    from openpyxl import Workbook

    path = tmp_path / "汇编.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.append(["政策文件汇编（2024）"])
    sheet.merge_cells("A1:C1")
    sheet.append(["编号", "标题", "正文"])
    sheet.append(["p1", "数据条例", "推进公共数据开放。"])
    sheet.append([])
    sheet.append(["p2", "数字政府", "建设数字政府。"])
    book.save(path)
    docs = load_quiet(path)
    assert docs["title"].tolist() == ["数据条例", "数字政府"]
    assert docs["doc_id"].tolist() == ["p1", "p2"]
    (note,) = [i for i in load_report(docs).issues if i.action == "note"]
    assert "'政策文件汇编（2024）' is a title" in note.reason
    # a one-column sheet keeps its first row as the header, with pandas' index column or not
    single = tmp_path / "one.xlsx"
    frame = pd.DataFrame({"text": ["数字政府建设", "数据共享"], "year": [None, None]})
    for written in (frame[["text"]], frame):
        for index in (False, True):
            written.to_excel(single, index=index)
            assert load_quiet(single)["text"].tolist() == ["数字政府建设", "数据共享"]


def test_a_nul_byte_costs_its_row_only_in_both_readers(tmp_path):
    from analysis.corpus import iter_corpus

    path = tmp_path / "docs.csv"
    path.write_bytes("text\n数字政府\n数据\x00共享\n一网通办\n".encode())
    whole = load_quiet(path)
    streamed = pd.concat(iter_corpus(path, batch_size=1), ignore_index=True)
    for docs in (whole, streamed):
        assert docs["text"].tolist() == ["数字政府", "一网通办"]
        assert docs["doc_id"].tolist() == ["docs#1", "docs#3"]
    (skip,) = load_report(whole).skipped
    assert skip.row == 2 and "NUL" in skip.reason


def test_a_malformed_csv_row_costs_that_row_only(tmp_path):
    path = tmp_path / "docs.csv"
    path.write_text("id,text\na,数字政府\nb,数据,共享,多余\nc,一网通办\n", encoding="utf-8")
    docs = load_quiet(path, id_col="id")
    assert docs["doc_id"].tolist() == ["a", "c"]
    (skip,) = load_report(docs).skipped
    assert skip.row == 2 and "4 fields" in skip.reason


@pytest.mark.parametrize("stream", [False, True])
def test_ids_and_rows_follow_the_file_after_a_bad_json_line(tmp_path, stream):
    from analysis.corpus import iter_corpus

    path = tmp_path / "docs.jsonl"
    path.write_text(
        '{"text": "甲"}\nnot json\n{"text": "乙"}\n{"text": ""}\n{"text": "丙"}\n', "utf-8"
    )
    if stream:
        docs = pd.concat(iter_corpus(path, batch_size=2), ignore_index=True)
    else:
        docs = load_quiet(path)
    assert docs["doc_id"].tolist() == ["docs#1", "docs#3", "docs#5"]
    assert [(i.row, i.reason[:7]) for i in load_report(docs).skipped] == [
        (2, "invalid"),
        (4, "empty '"),
    ]


@pytest.mark.parametrize("text", ["一网通办", "数据", "基层减负", "放管服改革", "数字政府建设"])
def test_short_gbk_is_read_as_chinese_not_korean(tmp_path, text):
    path = tmp_path / "short.txt"
    path.write_bytes(text.encode("gbk"))
    docs = load_corpus(path)
    assert docs.loc[0, "text"] == text


def test_an_uncertain_encoding_is_noted_and_can_be_given(tmp_path):
    path = tmp_path / "short.txt"
    path.write_bytes("一网通办".encode("gbk"))
    notes = [i.reason for i in load_report(load_corpus(path)).issues if i.action == "note"]
    assert notes and "--encoding" in notes[0]
    big5 = tmp_path / "big5.txt"
    big5.write_bytes("數位政府".encode("big5"))
    assert load_corpus(big5, encoding="big5").loc[0, "text"] == "數位政府"
    with pytest.raises(CorpusError, match="cannot decode as utf-8"):
        load_corpus(big5, encoding="utf-8")


def test_real_gbk_reports_decode_exactly(shared_data, tmp_path):
    folder = shared_data / "city_gov_work_reports_2024" / "txt"
    for source in sorted(folder.glob("*.txt"))[:5]:
        text = source.read_text(encoding="utf-8")
        target = tmp_path / source.name
        target.write_bytes(text.encode("gb18030"))
        assert load_corpus(target).loc[0, "text"].strip() in text


def test_readme_and_license_in_a_corpus_folder_are_not_documents(tmp_path):
    (tmp_path / "README.md").write_text("# The corpus\n\nSource: the web, in English.", "utf-8")
    (tmp_path / "LICENSE").write_text("MIT License", "utf-8")
    (tmp_path / "readme.txt").write_text("说明", "utf-8")
    (tmp_path / "a.txt").write_text("数据共享", "utf-8")
    docs = load_quiet(tmp_path)
    assert docs["doc_id"].tolist() == ["a"]
    reasons = {Path(i.path).name: i.reason for i in load_report(docs).issues}
    assert set(reasons) == {"README.md", "LICENSE", "readme.txt"}
    assert all("README/LICENSE" in r for r in reasons.values())
    # noted, not skipped: --strict reads such a folder
    assert not load_report(docs).skipped
    assert len(load_corpus(tmp_path, strict=True)) == 1


def test_a_table_of_attributes_beside_the_texts_is_listed_not_fatal(tmp_path):
    from analysis.corpus import iter_corpus

    (tmp_path / "txt").mkdir()
    (tmp_path / "txt" / "枣庄.txt").write_text("数据共享", "utf-8")
    (tmp_path / "metadata.csv").write_text("file,city,report_year\n枣庄.txt,枣庄,2024\n", "utf-8")
    docs = load_quiet(tmp_path)
    assert docs["doc_id"].tolist() == ["txt/枣庄"]
    (skip,) = load_report(docs).skipped
    assert skip.path.endswith("metadata.csv")
    assert "no text column (columns: file, city, report_year)" in skip.reason
    assert "--meta" in skip.reason
    batches = list(iter_corpus(tmp_path))
    assert sum(map(len, batches)) == 1
    # named on its own, or with --strict, it is an error that says what to pass
    with pytest.raises(CorpusError, match=r"no text column found.*--text-col"):
        load_corpus(tmp_path / "metadata.csv")
    with pytest.raises(CorpusError, match="strict"):
        load_corpus(tmp_path, strict=True)
    # joined with --meta, it is the metadata table, not a skipped file, and its file names
    # (枣庄.txt) name the document of txt/枣庄.txt
    told = []
    joined = load_clean(
        tmp_path, select=Selection(meta=tmp_path / "metadata.csv"), notify=told.append
    )
    assert joined["city"].tolist() == ["枣庄"] and joined["date"].tolist() == ["2024"]
    assert not any("skipped" in line for line in told), told
    assert any("metadata.csv: read as the metadata table" in line for line in told), told


def test_metadata_dates_text_files_from_a_year_column(tmp_path):
    from analysis.corpus import join_metadata

    (tmp_path / "txt").mkdir()
    for city in ("枣庄", "潍坊"):
        (tmp_path / "txt" / f"{city}.txt").write_text("数据要素", "utf-8")
    meta = tmp_path / "metadata.csv"
    meta.write_text(
        "city,report_year,report_year_source\n枣庄,2024,heading\n潍坊,2023,heading\n", "utf-8"
    )
    docs = load_quiet(tmp_path / "txt")
    assert docs["date"].isna().all()
    joined = join_metadata(docs, meta)  # the one column named as a date (report_year)
    assert joined.set_index("doc_id")["date"].to_dict() == {"枣庄": "2024", "潍坊": "2023"}
    assert "dates of 2 documents from its column 'report_year'" in str(load_report(joined))
    # the notes go to the joined copy: joining again (a notebook cell run twice) adds none
    # to the corpus read, and gives the same report
    assert str(load_report(docs)) == str(load_report(load_quiet(tmp_path / "txt")))
    assert str(load_report(join_metadata(docs, meta))) == str(load_report(joined))
    # two such columns: none is guessed, --date-col chooses
    meta.write_text("city,report_year,edit_date\n枣庄,2024,2025-01-01\n", "utf-8")
    assert join_metadata(docs, meta)["date"].isna().all()
    chosen = join_metadata(docs, meta, date_col="edit_date")
    assert chosen.set_index("doc_id").loc["枣庄", "date"] == "2025-01-01"
    report = str(load_report(join_metadata(docs, meta)))
    assert "several columns could date the documents (report_year, edit_date)" in report
    with pytest.raises(CorpusError, match="--date-col nosuch: no such column"):
        join_metadata(docs, meta, date_col="nosuch")
    # the key stays a column (to group by it), and file names match the documents of the files
    assert chosen.set_index("doc_id").loc["枣庄", "city"] == "枣庄"
    files = tmp_path / "files.csv"
    files.write_text("file,report_year\n枣庄.txt,2024\n潍坊.txt,2023\n", "utf-8")
    by_file = join_metadata(docs, files)
    assert by_file.set_index("doc_id")["date"].to_dict() == {"枣庄": "2024", "潍坊": "2023"}
    assert by_file["file"].tolist() == ["枣庄.txt", "潍坊.txt"]  # as the table has them
    assert "names files: matched without extension" in str(load_report(by_file))
    # a Word or PDF file's name matches its document as well (its doc_id has no extension)
    files.write_text("file,report_year\n枣庄.docx,2024\n潍坊.PDF,2023\n", "utf-8")
    by_kind = join_metadata(docs, files)
    assert by_kind.set_index("doc_id")["date"].to_dict() == {"枣庄": "2024", "潍坊": "2023"}
    # paths from the folder above (txt/枣庄.txt, as the city reports' metadata.csv has them)
    # match the documents of txt/ read on its own
    files.write_text("file,report_year\ntxt/枣庄.txt,2024\ntxt/潍坊.txt,2023\n", "utf-8")
    by_path = join_metadata(docs, files)
    assert by_path.set_index("doc_id")["date"].to_dict() == {"枣庄": "2024", "潍坊": "2023"}
    assert "matched by file name, without folder and extension" in str(load_report(by_path))


def test_symlinks_out_of_the_folder_are_not_followed(tmp_path):
    corpus, outside = tmp_path / "corpus", tmp_path / "outside"
    corpus.mkdir()
    outside.mkdir()
    (outside / "secret.txt").write_text("机密文件内容", "utf-8")
    (corpus / "a.txt").write_text("数据共享", "utf-8")
    (corpus / "inside.txt").symlink_to(corpus / "a.txt")
    (corpus / "passwd.txt").symlink_to("/etc/passwd")
    (corpus / "secret.txt").symlink_to(outside / "secret.txt")
    (corpus / "sub").symlink_to(outside, target_is_directory=True)
    docs = load_quiet(corpus)
    assert docs["doc_id"].tolist() == ["a", "inside"]
    skipped = {Path(i.path).name for i in load_report(docs).skipped}
    assert skipped == {"passwd.txt", "secret.txt", "sub"}


def write_texts(folder: Path, texts: dict[str, str]) -> None:
    """One UTF-8 text file per name."""
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")


def test_the_first_line_of_a_text_file_is_its_title_when_it_reads_as_one(tmp_path):
    texts = {
        "亳州": "政府工作报告\n——2024年1月16日在亳州市第五届人民代表大会第三次会议上\n各位代表：\n推进数字政府建设。",
        "杭州": "（2024年1月29日在杭州市第十四届人民代表大会第四次会议上）\n各位代表：\n推进数据共享。",
        "林芝": "各位代表：\n现在，我代表市人民政府向大会报告工作。",
    }
    write_texts(tmp_path, texts)
    titles = load_quiet(tmp_path).set_index("doc_id")["title"].to_dict()
    # the occasion line and the salutation are no titles: the file name stands in
    assert titles == {"亳州": "政府工作报告", "杭州": "杭州", "林芝": "林芝"}


def test_a_metadata_join_names_what_it_left_unpaired(tmp_path):
    from analysis.corpus import join_metadata
    from analysis.workflow import unmatched_notes

    (tmp_path / "txt").mkdir()
    for city in ("枣庄", "潍坊", "苏州"):
        (tmp_path / "txt" / f"{city}.txt").write_text("数据要素", "utf-8")
    meta = tmp_path / "metadata.csv"
    meta.write_text("文件名,省份\n枣庄.txt,山东\n潍坊.txt,山东\n苏洲.txt,江苏\n", "utf-8")
    joined = join_metadata(load_quiet(tmp_path / "txt"), meta)
    assert joined.attrs["unmatched"] == 1 and joined.attrs["unmatched_docs"] == ["苏州"]
    assert joined.attrs["unused_rows"] == ["苏洲"]  # matched by file name, without extension
    notes = unmatched_notes(joined, meta)
    assert notes[0].endswith("documents have no row in " + str(meta) + ": 苏州")
    assert "1 row of" in notes[1] and "matches no document: 苏洲" in notes[1]


def test_skipped_files_are_told_before_a_meta_table_that_joins_nothing(tmp_path):
    (tmp_path / "a.txt").write_text("推进数据共享。", "utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02" * 50)  # not text: skipped
    meta = tmp_path / "meta.csv"
    meta.write_text("doc_id,city\nx,三亚\n", "utf-8")
    told = []
    with pytest.raises(CorpusError, match="no row of column 'doc_id' matches"):
        load_clean(tmp_path, select=Selection(meta=meta), notify=told.append)
    assert any("b.txt" in line and "skipped" in line for line in told), told


def test_the_bundled_corpora_load_by_name_in_the_library_too(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no such file here: the name is the bundled corpus
    assert len(load_corpus("policy-docs")) == 10
    (tmp_path / "policy-docs").write_text("我自己的文件。", encoding="utf-8")
    assert load_corpus("policy-docs")["text"].tolist() == ["我自己的文件。"]  # a file wins


def test_a_compilation_of_the_other_documents_is_noted(tmp_path):
    """A folder holding 汇编.txt beside the files it compiles: every text counts twice, so the
    load report says so (the shared policy folder's ref2_original.txt)."""
    parts = {
        "数据": "推进公共数据资源开发利用工作。建立健全数据要素市场规则体系。",
        "政府": "加强数字政府建设推动政务服务提质增效。完善一体化政务服务平台功能。",
        "城市": "深化智慧城市发展推进城市全域数字化转型。建设城市运行管理服务平台。",
    }
    write_texts(tmp_path, {**parts, "汇编": "\n".join(parts.values())})
    notes = [i.reason for i in load_report(load_quiet(tmp_path)).issues if i.action == "note"]
    assert any(
        "汇编 holds most sentences of 3 other document(s): 城市, 政府, 数据" in n for n in notes
    ), notes
    (tmp_path / "汇编.txt").unlink()
    notes = [i.reason for i in load_report(load_quiet(tmp_path)).issues]
    assert not any("holds most sentences" in n for n in notes)


def test_word_documents_and_pdfs_are_read(tmp_path):
    """Government documents arrive as .docx and PDF: their text is a document, with its title
    from the first line; a table's rows are lines; a scanned PDF or a .doc says what to do."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from docx import Document

    from analysis.fonts import use_cjk_font

    word = Document()
    word.add_paragraph("关于推进数据共享的通知")
    word.add_paragraph("各地要推进数据共享，建设一网通办平台。")
    table = word.add_table(rows=2, cols=2)
    for r, row in enumerate([("地区", "平台"), ("芜湖", "城市大脑")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    word.save(tmp_path / "通知.docx")
    with plt.rc_context({"pdf.fonttype": 42}):
        fig = plt.figure(figsize=(6, 3))
        family = use_cjk_font()
        fig.text(0.1, 0.8, "低空经济发展方案", family=family)
        # a paragraph the PDF's layout wraps inside 低空经济 and 通用机场
        lines = (
            "各地要加快培育低空经济产业集群，推动低",
            "空经济高质量发展，建设一批通用",
            "机场。",
        )
        for y, line in zip((0.6, 0.5, 0.4), lines, strict=True):
            fig.text(0.1, y, line, family=family)
        fig.savefig(tmp_path / "方案.pdf")
        blank = plt.figure(figsize=(3, 3))
        blank.savefig(tmp_path / "扫描件.pdf")  # no text layer, as a scan
        plt.close("all")
    (tmp_path / "旧稿.doc").write_bytes(b"\xd0\xcf\x11\xe0 old Word")
    (tmp_path / "改名.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old Word")
    (tmp_path / "截断.docx").write_bytes((tmp_path / "通知.docx").read_bytes()[:300])
    with pytest.warns(UserWarning, match=r"4 file\(s\)/row\(s\) skipped"):
        docs = load_corpus(tmp_path)
    by_id = docs.set_index("doc_id")
    assert by_id.loc["通知", "title"] == "关于推进数据共享的通知"
    assert (
        by_id.loc["通知", "text"]
        == "各地要推进数据共享，建设一网通办平台。\n地区 | 平台\n芜湖 | 城市大脑"
    )
    assert by_id.loc["方案", "title"] == "低空经济发展方案"
    assert by_id.loc["方案", "text"] == "".join(lines)  # one paragraph: 低空经济 whole
    issues = [str(i) for i in load_report(docs).issues]
    assert any(
        "扫描件.pdf: no text layer in 1 page(s): a scanned PDF; run OCR" in i for i in issues
    )
    assert any("旧稿.doc: unsupported file type .doc; save it as .docx" in i for i in issues)
    assert any(
        "改名.docx: an old Word (.doc) file named .docx; save it as .docx" in i for i in issues
    )
    assert any("截断.docx: cannot read as a Word document (" in i for i in issues)


def test_a_meta_key_that_repeats_names_the_columns_that_would_do(tmp_path):
    (tmp_path / "txt").mkdir()
    for city in ("芜湖", "合肥"):
        (tmp_path / "txt" / f"{city}.txt").write_text(f"{city}发展低空经济。", encoding="utf-8")
    meta = tmp_path / "meta.csv"
    meta.write_text(
        "file,city,province\ntxt/芜湖.txt,芜湖,安徽\ntxt/合肥.txt,合肥,安徽\n", encoding="utf-8"
    )
    from analysis.corpus import join_metadata

    with pytest.raises(
        CorpusError,
        match=r"repeats \['安徽'\]; --meta-key must name a column "
        r"with one value per document \(here: file, city\)",
    ):
        join_metadata(load_corpus(tmp_path / "txt"), meta, key="province")


def test_an_attachment_label_is_no_title(tmp_path):
    (tmp_path / "a.txt").write_text("附件1\n试点城市申报表\n申报城市：芜湖\n", encoding="utf-8")
    doc = load_corpus(tmp_path / "a.txt").iloc[0]
    assert doc["title"] == "试点城市申报表" and doc["text"] == "附件1\n申报城市：芜湖"


def test_a_policy_title_over_two_lines_is_read_whole(tmp_path):
    """The issuers on the first line, 关于… on the next (or a title broken before its
    ending): one title, and the body starts after it; a report's title stays one line."""
    cases = {
        "a.txt": "国家发展改革委等部门\n关于促进数据产业高质量发展的指导意见\n各省、自治区：\n数据产业……",
        "b.txt": "关于加强数字政府建设的\n指导意见\n\n各省、自治区：\n加快……",
        "c.txt": "芜湖市政府工作报告\n关于2024年工作的建议\n各位代表：\n……",
        "d.txt": "发改数据〔2024〕1836号\n关于促进数据产业高质量发展的指导意见\n各省：\n……",
    }
    for name, text in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    docs = load_corpus(tmp_path).set_index("doc_id")
    assert docs.loc["a", "title"] == "国家发展改革委等部门关于促进数据产业高质量发展的指导意见"
    assert docs.loc["a", "text"].startswith("各省、自治区：")
    assert docs.loc["b", "title"] == "关于加强数字政府建设的指导意见"
    assert docs.loc["b", "text"].startswith("各省、自治区：")
    assert docs.loc["c", "title"] == "芜湖市政府工作报告"  # ends as a title does: one line
    # a first line that names no issuers is no part of the title
    for first in ("目录", "新华社北京3月5日电", "标题：数据工作", "张三同志简历"):
        (tmp_path / "e.txt").write_text(f"{first}\n关于数据工作的通知\n各单位：\n……", "utf-8")
        assert load_corpus(tmp_path / "e.txt").iloc[0]["title"] == first
    # a document number above the title stays at the head of the text
    assert docs.loc["d", "title"] == "关于促进数据产业高质量发展的指导意见"
    assert docs.loc["d", "text"].startswith("发改数据〔2024〕1836号\n各省：")


def test_the_column_names_of_a_chinese_office_table_are_known(tmp_path):
    table = tmp_path / "文件.csv"
    table.write_text(
        "序号,文件名称,正文\n7,数字政府指导意见,加强数字政府建设。\n", encoding="utf-8"
    )
    doc = load_corpus(table).iloc[0]
    assert (doc["doc_id"], doc["title"]) == ("7", "数字政府指导意见")


def test_files_named_with_a_year_are_dated_by_it(tmp_path):
    """2024年北京市政府工作报告.txt is of 2024 (noted); a file naming two years, and the
    documents of a table, are not dated so; a --meta table's dates come first."""
    from analysis.corpus import join_metadata

    texts = {"2023年北京市政府工作报告": "数字北京。", "2024年北京市政府工作报告": "数据要素。",
             "2021-2025规划": "十四五。", "上海": "浦东。"}  # fmt: skip
    for name, text in texts.items():
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    docs = load_corpus(tmp_path)
    dates = docs.set_index("doc_id")["date"].to_dict()
    assert (
        dates["2023年北京市政府工作报告"] == "2023" and dates["2024年北京市政府工作报告"] == "2024"
    )
    assert pd.isna(dates["2021-2025规划"]) and pd.isna(dates["上海"])
    assert "dates of 2 documents from the year in their file names" in str(load_report(docs))
    meta = tmp_path / "meta.csv"
    meta.write_text("doc_id,date\n2024年北京市政府工作报告,2024-01-20\n上海,2024-01-23\n", "utf-8")
    joined = join_metadata(docs, meta).set_index("doc_id")["date"].to_dict()
    assert joined["2024年北京市政府工作报告"] == "2024-01-20"  # the table's date first
    assert joined["2023年北京市政府工作报告"] == "2023" and joined["上海"] == "2024-01-23"


def test_a_line_of_zero_width_characters_is_no_title(tmp_path):
    (tmp_path / "报告.txt").write_text(
        "\u200b\n\n政府工作报告\n\n各位代表：现在我代表政府作报告。", "utf-8"
    )
    docs = load_quiet(tmp_path)
    assert docs["title"].tolist() == ["政府工作报告"]


def test_a_metadata_table_named_without_its_folder_is_found_beside_the_documents(tmp_path):
    from analysis.corpus import join_metadata

    (tmp_path / "txt").mkdir()
    (tmp_path / "txt" / "三亚.txt").write_text("数据要素", "utf-8")
    (tmp_path / "txt" / "metadata.csv").write_text("file,province\n三亚,海南\n", "utf-8")
    docs = load_quiet(tmp_path / "txt")
    with pytest.raises(CorpusError, match=r"did you mean .*txt/metadata\.csv\?"):
        join_metadata(docs, tmp_path / "nowhere" / "metadata.csv")


def test_the_occasion_or_the_speaker_of_a_report_is_no_title(tmp_path):
    """Scraped reports that lost their title start with a piece of the occasion or with the
    speaker: the file's name is the better title (池州, 蚌埠 of the city reports)."""
    body = "\n\n各位代表：\n\n现在，我代表市人民政府向大会报告工作。"
    (tmp_path / "池州.txt").write_text("人民代表大会第二次会议上\n\n市长  朱浩东" + body, "utf-8")
    (tmp_path / "蚌埠.txt").write_text("市长\xa0 马\xa0 军" + body, "utf-8")
    (tmp_path / "合肥.txt").write_text("政府工作报告" + body, "utf-8")
    titles = load_quiet(tmp_path).set_index("doc_id")["title"].to_dict()
    assert titles == {"池州": "池州", "蚌埠": "蚌埠", "合肥": "政府工作报告"}


def test_a_long_csv_cell_is_read_with_the_rows_after_it(tmp_path):
    """A whole report in one cell (200,000 characters, beyond the csv module's own 128 KiB
    limit) is a document like any other, and the rows after it are read."""
    path = tmp_path / "news.csv"
    long = "数字政府建设" * 40_000
    path.write_text(f"id,text\na,一网通办\nb,{long}\nc,基层减负\n", encoding="utf-8")
    docs = load_quiet(path, id_col="id")
    assert docs["doc_id"].tolist() == ["a", "b", "c"]
    assert docs.loc[1, "text"] == long and not load_report(docs).skipped


def test_a_row_that_cannot_be_split_says_how_much_is_not_read(tmp_path, monkeypatch):
    """Where the csv module gives up (here: a cell beyond a lowered limit), the issue says how
    many lines after the row are not read, not only "from here on"."""
    import csv

    from analysis import corpus

    monkeypatch.setattr(corpus, "_CSV_FIELD_LIMIT", 1000)
    path = tmp_path / "news.csv"
    path.write_text(
        f"id,text\na,一网通办\nb,{'数据' * 600}\nc,基层减负\nd,智慧城市\n", encoding="utf-8"
    )
    limit = csv.field_size_limit()
    try:
        docs = load_quiet(path, id_col="id")
    finally:  # the csv module's limit is the process's: later readers need theirs back
        csv.field_size_limit(limit)
    assert docs["doc_id"].tolist() == ["a"]
    (skip,) = load_report(docs).skipped
    assert skip.row == 2 and "this row and the 2 lines after it are not read" in skip.reason
