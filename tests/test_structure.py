"""analysis.structure: sections and front matter of Chinese policy documents."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest

from analysis.structure import (
    SECTION_COLUMNS,
    chinese_numeral_to_int,
    outline_notes,
    parse_front_matter,
    parse_sections,
    section_units,
    sections_table,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def _folder(name: str) -> Path:
    path = SHARED / name
    if path.is_dir():
        return path
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but {path} is missing; CI must provide ../shared/data/{name}")
    pytest.skip(f"{path} not found: the tests on real documents need ../shared/data/{name}")


@pytest.fixture(scope="module")
def national() -> dict[str, dict]:
    path = _folder("gov_work_reports_national") / "government_work_reports.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return {r["id"]: r for r in records}


@pytest.fixture(scope="module")
def policy_docs() -> dict[str, dict]:
    path = _folder("central_data_policy_docs") / "policy_docs.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return {r["id"]: r for r in records}


@pytest.fixture(scope="module")
def city_reports() -> dict[str, str]:
    folder = _folder("city_gov_work_reports_2024") / "txt"
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}


def _tiles(frame: pd.DataFrame, text: str) -> None:
    """The sections cover [0, len(text)) in order, without gap or overlap."""
    assert list(frame.columns) == list(SECTION_COLUMNS)
    if not text:
        assert frame.empty
        return
    assert frame["start"].iloc[0] == 0
    assert frame["end"].iloc[-1] == len(text)
    assert (frame["start"].iloc[1:].to_numpy() == frame["end"].iloc[:-1].to_numpy()).all()
    assert (frame["start"] < frame["end"]).all()
    assert "".join(frame["text"]) == text
    for row in frame.itertuples():
        assert text[row.start : row.end] == row.text


def _outline(text: str, **kwargs) -> list[tuple]:
    frame = parse_sections(text, **kwargs)
    _tiles(frame, text)
    return list(
        frame[["section_id", "level", "number", "heading"]].itertuples(index=False, name=None)
    )


# ----------------------------------------------------------------------------- numerals


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("二十三", 23), ("九十九", 99),
        ("一百", 100), ("一百零五", 105), ("一百一十", 110), ("两千", 2000), ("零", 0),
        ("二〇二二", 2022), ("一九五四", 1954), ("一九八○", 1980), ("两", 2),
        ("一千九百五十四", 1954), ("三万", 30000), ("12", 12), ("１９９５", 1995),
    ],
)  # fmt: skip
def test_chinese_numeral_to_int(numeral, value):
    assert chinese_numeral_to_int(numeral) == value


@pytest.mark.parametrize("bad", ["", "abc", "一a", "第一"])
def test_chinese_numeral_to_int_rejects(bad):
    with pytest.raises(ValueError):
        chinese_numeral_to_int(bad)


# ----------------------------------------------------------------------------- schemes


def test_chinese_enumeration_and_parens():
    text = "前言。\n一、总体要求\n（一）指导思想。坚持党的领导。\n（二）基本原则\n二、主要任务\n（三）加快数字基础设施建设。正文。\n"
    assert _outline(text) == [
        ("0", 0, "", ""),
        ("1", 1, "一", "总体要求"),
        ("1.1", 2, "（一）", "指导思想"),
        ("1.2", 2, "（二）", "基本原则"),
        ("2", 1, "二", "主要任务"),
        ("2.1", 2, "（三）", "加快数字基础设施建设"),
    ]


def test_half_width_parens_and_arabic_schemes():
    text = "一、任务\n(一)数据\n1.采集。正文\n2．汇聚：正文\n3、共享\n（1）开放\n(2)利用\n①第一\n②第二\n"
    assert _outline(text) == [
        ("1", 1, "一", "任务"),
        ("1.1", 2, "(一)", "数据"),
        ("1.1.1", 3, "1", "采集"),
        ("1.1.2", 3, "2", "汇聚"),
        ("1.1.3", 3, "3", "共享"),
        ("1.1.3.1", 4, "（1）", "开放"),
        ("1.1.3.2", 4, "(2)", "利用"),
        ("1.1.3.2.1", 5, "①", "第一"),
        ("1.1.3.2.2", 5, "②", "第二"),
    ]


def test_law_style_chapters_and_articles():
    text = (
        "中华人民共和国数据安全法\n第一章　总则\n第一条　为了规范数据处理活动，制定本法。\n"
        "第二条　在中华人民共和国境内开展数据处理活动，适用本法。\n"
        "第二章　数据安全与发展\n第三条　国家统筹发展和安全。\n第十条　跳号的条文。\n"
    )
    out = _outline(text)
    assert [(s, lvl, n) for s, lvl, n, _ in out] == [
        ("0", 0, ""),
        ("1", 1, "第一章"),
        ("1.1", 2, "第一条"),
        ("1.2", 2, "第二条"),
        ("2", 1, "第二章"),
        ("2.1", 2, "第三条"),
    ]
    assert out[1][3] == "总则" and out[4][3] == "数据安全与发展"


def test_parts_and_sections_with_arabic_numbers():
    text = "第1编 总则\n第1章 一般规定\n第1节 适用\n第2节 定义\n第2章 数据\n第2编 分则\n"
    assert [(s, lvl, n) for s, lvl, n, _ in _outline(text)] == [
        ("1", 1, "第1编"),
        ("1.1", 2, "第1章"),
        ("1.1.1", 3, "第1节"),
        ("1.1.2", 3, "第2节"),
        ("1.2", 2, "第2章"),
        ("2", 1, "第2编"),
    ]


def test_attachment_at_the_end():
    text = "关于印发方案的通知\n一、目标\n二、任务\n附件：重点任务清单\n一、数据\n二、算力\n附件2\n名单\n"
    assert _outline(text) == [
        ("0", 0, "", ""),
        ("1", 1, "一", "目标"),
        ("2", 1, "二", "任务"),
        ("3", 1, "附件", "重点任务清单"),
        ("3.1", 2, "一", "数据"),
        ("3.2", 2, "二", "算力"),
        ("4", 1, "附件2", "名单"),
    ]


# ----------------------------------------------------------------------------- adversarial


def test_enumerations_inside_a_sentence_are_not_headings():
    text = "一、任务\n重点包括1.数据 2.算力 3.算法，以及（一）类事项。\n二、保障\n"
    assert [n for _, _, n, _ in _outline(text)] == ["一", "二"]


def test_parenthesised_number_in_running_text():
    text = "一、任务\n各地要按照（一）中的要求推进。\n（一）加强领导。正文。\n"
    assert _outline(text) == [("1", 1, "一", "任务"), ("1.1", 2, "（一）", "加强领导")]


def test_headings_without_body():
    text = "一、总体要求\n（一）指导思想\n（二）基本原则\n二、主要任务\n"
    frame = parse_sections(text)
    _tiles(frame, text)
    assert frame["text"].tolist() == [
        "一、总体要求\n",
        "（一）指导思想\n",
        "（二）基本原则\n",
        "二、主要任务\n",
    ]


def test_out_of_order_numbers_are_body_text():
    text = "一、甲\n1.子一\n2.子二\n4.跳号\n3.子三\n三、跳号\n二、乙\n"
    assert [(s, n) for s, _, n, _ in _outline(text)] == [
        ("1", "一"),
        ("1.1", "1"),
        ("1.2", "2"),
        ("1.3", "3"),
        ("2", "二"),
    ]


def test_a_new_scheme_must_start_at_one():
    assert [n for _, _, n, _ in _outline("一、甲\n3.不是标题\n二、乙\n")] == ["一", "二"]


def test_decimal_numbers_are_not_headings():
    text = "一、空气\n细颗粒物（PM\n2.5\n）浓度下降。\n二、水\n"
    assert [n for _, _, n, _ in _outline(text)] == ["一", "二"]


def test_inner_list_restarted_inside_a_section():
    # an enumerated list 一、二、三 inside section 三 (1955 report) is body text, and its 四
    # does not become the next top-level heading
    text = (
        "一、甲\n二、乙\n三、丙\n（一）子\n来源如下：\n一、\n第一条来源。\n二、\n第二条来源。\n"
        "三、\n第三条来源。\n四、\n第四条来源。\n（二）子二\n四、丁\n"
    )
    assert [(s, n, h) for s, _, n, h in _outline(text)] == [
        ("1", "一", "甲"),
        ("2", "二", "乙"),
        ("3", "三", "丙"),
        ("3.1", "（一）", "子"),
        ("3.2", "（二）", "子二"),
        ("4", "四", "丁"),
    ]


def test_items_of_a_list_open_no_section():
    """Lines ending with ； are items of a list, even at the start (the 1988 report's 五项措施
    took the place of its headings); they still continue an inner list's run."""
    text = (
        "采取以下措施：\n一、调整价格体系；\n二、控制物价涨幅；\n三、加强物价管理。\n经验如下：\n"
        "一、坚持改革\n正文。\n二、从实际出发\n正文。\n要求：\n一、统一思想；\n二、加强领导。\n"
        "三、提高效益\n正文。\n"
    )
    assert [(s, h) for s, _, _, h in _outline(text)] == [
        ("0", ""), ("1", "坚持改革"), ("2", "从实际出发"), ("3", "提高效益"),
    ]  # fmt: skip


def test_a_heading_with_a_stray_semicolon_is_still_a_heading():
    """An item of a list opens no section, but a line ending with ； whose number runs on
    the headings before it is one of them, not the end of the outline."""
    text = (
        "一、总体要求\n正文。\n二、主要任务；\n正文。\n三、保障措施\n正文。\n四、组织实施\n正文。"
    )
    assert [n for _, _, n, _ in _outline(text)] == ["一", "二", "三", "四"]


def test_outline_notes_name_documents_to_check():
    docs = pd.DataFrame(
        {
            "doc_id": ["甲", "乙", "丙"],
            "clean_text": [
                "一、总则\n正文。\n二、分则\n正文。",
                "一、回顾\n" + "正文。" * 100 + "\n二、任务\n正文。",
                "没有编号的标题。",
            ],
        }
    )
    notes = outline_notes(sections_table(docs), docs)
    assert notes[0] == "1 of 3 documents have no numbered heading (丙)"
    assert notes[1].startswith("1 document has a top-level section holding most of the text (乙 9")
    assert outline_notes(sections_table(docs[:1]), docs[:1]) == []
    # a section runs to the next of its level, subsections included
    nested = (
        "一、回顾\n正文。\n二、任务\n（一）甲\n" + "正文。" * 100 + "\n（二）乙\n" + "正文。" * 100
    )
    one = pd.DataFrame({"doc_id": ["丁"], "clean_text": [nested]})
    assert outline_notes(sections_table(one), one)[0].endswith(
        "(丁 99%): check that the headings were found"
    )
    assert outline_notes(sections_table(one[:0]), one[:0]) == []


def test_numbering_continues_across_parents():
    text = "一、甲\n（一）a\n（二）b\n二、乙\n（三）c\n（一）不连续\n（四）d\n"
    assert [(s, n) for s, _, n, _ in _outline(text)] == [
        ("1", "一"),
        ("1.1", "（一）"),
        ("1.2", "（二）"),
        ("2", "二"),
        ("2.1", "（三）"),
        ("2.2", "（四）"),
    ]


def test_deep_nesting_and_closing_levels():
    text = "第一章 总则\n一、甲\n（一）a\n1.x\n（1）p\n①q\n②r\n（2）s\n2.y\n（二）b\n二、乙\n第二章 附则\n一、丙\n"
    out = _outline(text)
    assert [(s, lvl) for s, lvl, _, _ in out] == [
        ("1", 1), ("1.1", 2), ("1.1.1", 3), ("1.1.1.1", 4), ("1.1.1.1.1", 5),
        ("1.1.1.1.1.1", 6), ("1.1.1.1.1.2", 6), ("1.1.1.1.2", 5), ("1.1.1.2", 4),
        ("1.1.2", 3), ("1.2", 2), ("2", 1), ("2.1", 2),
    ]  # fmt: skip


def test_crlf_and_indentation():
    text = (
        "标题\r\n\u3000\u3000一、总体要求\r\n\u3000\u3000正文。\r\n  （一）指导思想\r\n二、任务\r\n"
    )
    out = _outline(text)
    assert out == [
        ("0", 0, "", ""),
        ("1", 1, "一", "总体要求"),
        ("1.1", 2, "（一）", "指导思想"),
        ("2", 1, "二", "任务"),
    ]
    frame = parse_sections(text)
    assert frame["text"].iloc[1].startswith("\u3000\u3000一、")


def test_zero_width_characters_and_full_width_digits_keep_offsets():
    text = "\u200b\n\u200b一、\u200b２０２３年工作\u200d回顾\n正文\n二、\ufeff１９９５年\n"
    frame = parse_sections(text)
    _tiles(frame, text)
    assert frame["heading"].tolist() == ["２０２３年工作回顾", "１９９５年"]
    assert frame["start"].iloc[0] == 0  # the white-space-only preamble joins the first section


def test_heading_broken_across_lines():
    text = "政府工作报\n告\n\n\n一、二〇二三年工作回\n顾\n\n过去一年，成绩显著。\n\n二、关于《\n规划纲要（草案）\n》的说明\n\n正文。\n"
    out = _outline(text)
    assert out[1:] == [
        ("1", 1, "一", "二〇二三年工作回顾"),
        ("2", 1, "二", "关于《规划纲要（草案）》的说明"),
    ]
    assert parse_front_matter(text)["title"] == "政府工作报告"


def test_a_heading_does_not_swallow_the_next_paragraph():
    text = "一、总体要求\n\u3000\u3000坚持创新。\n（一）优化结构\n\u3000\u3000面向需求。\n"
    assert [h for _, _, _, h in _outline(text)] == ["总体要求", "优化结构"]


def test_empty_text_and_text_without_headings():
    assert parse_sections("").empty
    assert list(parse_sections("").columns) == list(SECTION_COLUMNS)
    text = "会议听取了报告。会议认为，报告实事求是。"
    assert _outline(text) == [("0", 0, "", "")]
    assert _outline("   \n") == [("0", 0, "", "")]


def test_doc_id_is_copied():
    frame = parse_sections("一、甲\n二、乙", doc_id="gwr-1")
    assert frame["doc_id"].tolist() == ["gwr-1", "gwr-1"]


def test_text_without_line_breaks_uses_sentences():
    body = "过去一年，成绩显著。" * 30
    text = f"各位代表：现在报告工作。一、2023年工作回顾 {body}二、2024年工作安排 {body}"
    out = _outline(text)
    assert [(s, n, h) for s, _, n, h in out] == [
        ("0", "", ""),
        ("1", "一", "2023年工作回顾"),
        ("2", "二", "2024年工作安排"),
    ]
    assert _outline(text, paragraphs="lines") == [("0", 0, "", "")]
    with pytest.raises(ValueError, match="paragraphs"):
        parse_sections(text, paragraphs="words")


# ----------------------------------------------------------------------------- front matter


def test_front_matter_of_a_notice():
    text = (
        "国务院文件\n\n国发〔2022〕14号\n\n国务院关于加强数字政府建设的指导意见\n\n"
        "各省、自治区、直辖市人民政府：\n\n\u3000\u3000正文。\n\n国务院\n2022年6月6日\n\n"
        "（此件公开发布）\n\n主题词：数字政府　建设　意见\n\n抄送：党中央各部门，全国人大常委会办公厅。\n\n"
        "国务院办公厅　　　　2022年6月8日印发\n"
    )
    assert parse_front_matter(text) == {
        "title": "国务院关于加强数字政府建设的指导意见",
        "doc_number": "国发〔2022〕14号",
        "issuer": "国务院",
        "date": "2022-06-06",
        "subject_words": ["数字政府", "建设", "意见"],
        "cc": "党中央各部门，全国人大常委会办公厅。",
    }


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("国发〔2022〕14号", "国发〔2022〕14号"),
        ("国办发[2023]5号", "国办发〔2023〕5号"),
        ("发改数据(2024)660号", "发改数据〔2024〕660号"),
        ("财预（２０２１）１２号", "财预〔2021〕12号"),
        ("中办发〔2024〕 3 号", "中办发〔2024〕3号"),
    ],
)
def test_doc_number_variants(line, number):
    assert parse_front_matter(f"标题\n{line}\n正文。")["doc_number"] == number


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("2022年6月6日", "2022-06-06"),
        ("二〇二二年六月六日", "2022-06-06"),
        ("二〇二二年十二月三十一日", "2022-12-31"),
        ("2022-06-06", "2022-06-06"),
        ("２０２２年１月９日", "2022-01-09"),
    ],
)
def test_date_variants(line, date):
    assert parse_front_matter(f"标题\n\n正文。\n\n国务院\n{line}\n")["date"] == date


def test_issuer_from_a_joint_signature_and_from_the_title():
    text = "关于加快公共数据资源开发利用的意见\n\n正文。\n\n中共中央办公厅\n国务院办公厅\n2024年9月21日\n"
    assert parse_front_matter(text)["issuer"] == "中共中央办公厅 国务院办公厅"
    text = "中共中央办公厅\u2002国务院办公厅关于加快公共数据资源开发利用的意见\n\n一、总体要求\n"
    fm = parse_front_matter(text)
    assert fm["issuer"] == "中共中央办公厅 国务院办公厅"
    assert fm["title"] == "中共中央办公厅 国务院办公厅关于加快公共数据资源开发利用的意见"


def test_front_matter_absent():
    assert parse_front_matter("") == dict.fromkeys(
        ["title", "doc_number", "issuer", "date", "subject_words", "cc"]
    )
    fm = parse_front_matter("各位代表：\n\n现在，我代表国务院报告工作。")
    assert fm["title"] is None and fm["date"] is None and fm["issuer"] is None


# ----------------------------------------------------------------------------- corpus tables


def test_sections_table_and_units():
    docs = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "year": [2023, 2024, 2025],
            "clean_text": ["前言\n一、甲\n（一）子\n二、乙\n", "没有标题的文本。", ""],
        }
    )
    sections = sections_table(docs)
    assert list(sections.columns) == list(SECTION_COLUMNS)
    assert sections["doc_id"].tolist() == ["a", "a", "a", "a", "b"]
    units = section_units(docs, sections)
    assert units["doc_id"].tolist() == ["a§0", "a§1", "a§2", "b§0"]
    assert units["parent_id"].tolist() == ["a", "a", "a", "b"]
    assert units["year"].tolist() == [2023, 2023, 2023, 2024]
    assert units["section_heading"].tolist() == ["", "甲", "乙", ""]
    assert units["clean_text"].tolist() == [
        "前言\n",
        "一、甲\n（一）子\n",
        "二、乙\n",
        "没有标题的文本。",
    ]
    level2 = section_units(docs, sections, level=2)
    assert level2["doc_id"].tolist() == ["a§0", "a§1", "a§1.1", "a§2", "b§0"]
    with pytest.raises(ValueError, match="level"):
        section_units(docs, sections, level=0)


def test_sections_table_empty_and_missing_column():
    empty = sections_table(pd.DataFrame({"doc_id": [], "clean_text": []}))
    assert empty.empty and list(empty.columns) == list(SECTION_COLUMNS)
    with pytest.raises(ValueError, match=r"'content'.*\['doc_id', 'clean_text'\]"):
        sections_table(pd.DataFrame({"doc_id": [1], "clean_text": ["x"]}), column="content")
    frame = sections_table(pd.DataFrame({"doc_id": [1], "content": ["一、甲"]}), column="content")
    assert frame["heading"].tolist() == ["甲"]


# ----------------------------------------------------------------------------- real documents


def test_national_report_2024(national):
    text = national["gwr-report-2024"]["content"]
    frame = parse_sections(text, doc_id="gwr-report-2024")
    _tiles(frame, text)
    top = frame[frame["level"] == 1]
    assert top["number"].tolist() == ["一", "二", "三"]
    assert top["heading"].tolist() == [
        "2023年工作回顾",
        "2024年经济社会发展总体要求和政策取向",
        "2024年政府工作任务",
    ]
    second = frame[frame["level"] == 2]
    assert second["section_id"].tolist() == [f"3.{i}" for i in range(1, 11)]
    assert second["heading"].iloc[0] == "大力推进现代化产业体系建设，加快发展新质生产力"
    fm = parse_front_matter(text)
    assert fm["title"] == "政府工作报告"
    assert fm["date"] == "2024-03-05"


# Heading counts per level of the ten central policy documents, COUNTED BY HAND by reading
# every paragraph of each text (policy_docs.jsonl); level 1 = 一、…, level 2 = （一）…,
# level 3 = 1. … (only policy-05 has them: 1.指导思想 2.基本原则 3.主要目标 under 一（二）).
# The ——-bullets of policy-02 and the unnumbered paragraphs are not headings.
HAND_COUNTS = {
    "policy-01": {1: 6, 2: 17},
    "policy-02": {1: 6, 2: 20},
    "policy-03": {1: 2, 2: 7},
    "policy-04": {1: 5, 2: 23},
    "policy-05": {1: 8, 2: 31, 3: 3},
    "policy-06": {1: 5, 2: 13},
    "policy-07": {1: 9, 2: 22},
    "policy-08": {1: 6, 2: 19},
    "policy-09": {1: 6, 2: 13},
    "policy-10": {1: 5, 2: 2},
}


@pytest.mark.parametrize("doc_id", sorted(HAND_COUNTS))
def test_policy_docs_match_the_hand_counts(policy_docs, doc_id):
    text = policy_docs[doc_id]["text"]
    frame = parse_sections(text, doc_id=doc_id)
    _tiles(frame, text)
    counts = frame[frame["level"] > 0]["level"].value_counts().sort_index().to_dict()
    assert counts == HAND_COUNTS[doc_id]
    assert frame["level"].iloc[0] == 0  # every one starts with its title


def test_policy_docs_front_matter(policy_docs):
    for doc_id, record in policy_docs.items():
        fm = parse_front_matter(record["text"])
        assert fm["doc_number"] == record["doc_number_in_text"], doc_id
        assert fm["title"] is not None
    fm = parse_front_matter(policy_docs["policy-10"]["text"])
    assert fm["title"] == "国家发展改革委 国家数据局关于建立公共数据资源授权运营价格形成机制的通知"
    assert fm["issuer"] == "国家发展改革委 国家数据局"


def test_every_real_document_tiles(national, policy_docs, city_reports):
    texts = [r["content"] for r in national.values()]
    texts += [r["text"] for r in policy_docs.values()]
    texts += list(city_reports.values())
    for text in texts:
        _tiles(parse_sections(text), text)


def test_city_reports_without_line_breaks(city_reports):
    for city in ("枣庄", "潍坊", "泸州"):
        text = city_reports[city]
        assert "\n" not in text.strip()
        frame = parse_sections(text, doc_id=city)
        _tiles(frame, text)
        assert frame["level"].iloc[0] == 0
    # 枣庄 and 潍坊 keep their numbered headings after a full stop; 泸州 has no numbers at all
    assert (
        parse_sections(city_reports["潍坊"]).query("level == 1")["heading"].iloc[0]
        == "2023年工作回顾"
    )
