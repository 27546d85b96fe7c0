"""analysis.workflow: the paths the commands take, checked without running the notebooks."""

from __future__ import annotations

import pytest

from analysis import report, workflow
from analysis.corpus import CorpusError


@pytest.fixture
def built(monkeypatch, tmp_path):
    """report_path with build_reports replaced: the parameters it would pass on."""
    calls = []

    def build(corpus, out, *, parameters, progress, notify):
        calls.append(parameters)
        return tmp_path / "index.html"

    monkeypatch.setattr(report, "build_reports", build)
    return calls


def test_the_national_reports_are_read_without_their_resolutions(built):
    told = []
    workflow.report_path("national-reports", parameters={"terms": ["改革开放"]}, notify=told.append)
    assert built[-1] == {"terms": ["改革开放"], "where": {"doc_type": ["report"]}}
    assert sum("not the NPC resolutions" in line for line in told) == 1  # told once
    assert not any("(--where)" in line for line in told)  # the default rows, not asked for
    asked = {"where": {"doc_type": ["report", "resolution"]}}
    workflow.report_path("national-reports", parameters=asked, notify=told.append)
    assert built[-1] == asked  # what the user asked for stands


def test_every_command_reads_the_national_reports_without_their_resolutions():
    """A resolution is a page of set phrases: a year whose only document is one read as a
    peak of every term it names (2020 in the trends of 高质量发展)."""
    told = []
    docs = workflow.load_clean("national-reports", notify=told.append)
    assert set(docs["doc_type"]) == {"report"} and len(docs) == 52
    assert any("not the NPC resolutions" in line for line in told), told
    both = workflow.Selection(where={"doc_type": ["report", "resolution"]})
    assert len(workflow.load_clean("national-reports", select=both)) == 72
    every = workflow.Selection(where={})  # {} keeps all, as the notebooks' parameters say
    assert len(workflow.load_clean("national-reports", select=every)) == 72
    # comparing the kinds of document needs both
    table, _ = workflow.compare_path("national-reports", None, group="doc_type", min_count=2)
    assert set(table["group"]) == {"report", "resolution"}


def test_a_report_checks_the_group_before_any_notebook_runs(built, seed_path):
    with pytest.raises(CorpusError, match="--group province: the corpus has no such column"):
        workflow.report_path(seed_path, group="province")
    assert not built
    workflow.report_path(seed_path, group="kind")
    assert built[-1] == {"group_column": "kind"}


def test_trends_say_where_a_first_use_or_peak_rests_on_few_documents(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    texts = {"2022年数据工作要点": "数据要素市场化配置改革。", "2023年数据工作要点": "公共数据。"}
    texts |= {f"2024年数据工作要点{i}": "数据要素和公共数据。" for i in range(4)}
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    told = []
    trends, summary = workflow.trends_path(folder, ["数据要素"], notify=told.append)
    assert set(trends["n_docs"]) == {1, 4}
    assert summary["first_period"].tolist() == [2022]  # dated by the file names
    thin = [line for line in told if line.startswith("few documents in some years")]
    assert thin == [
        "few documents in some years (2022: 1 document, 2023: 1 document): "
        "a first use or peak there is what those documents say"
    ]
    # one document a year throughout, as a series of annual reports is: nothing to say
    told.clear()
    workflow.trends_path("national-reports", ["数字政府"], notify=told.append)
    assert not any(line.startswith("few documents") for line in told)


def test_dates_without_a_year_or_after_this_year_are_told(tmp_path):
    """A scrape's 昨天 holds no year: the document is undated and the load report and the
    trends say so, with the value; 2023年13月45日 is no calendar date and is kept as written,
    not turned into 2023-13-45; a date after this year is told; a column of sources given as
    the date column is an error that shows what it holds."""
    import datetime

    from analysis.corpus import load_report

    later = datetime.date.today().year + 73
    path = tmp_path / "news.csv"
    path.write_text(
        "编号,正文,来源,发布时间\n1,数字政府建设推进数据共享,新华网,2023年5月1日\n"
        "2,基层减负一网通办,财新,昨天\n3,智慧城市建设,人民网,2023年13月45日\n"
        f"4,数据要素市场,新华网,{later}-01-01\n",
        encoding="utf-8",
    )
    options = {"text_col": "正文", "id_col": "编号", "date_col": "发布时间"}
    docs = workflow.load_clean(path, load_options=options)
    assert docs["date"].tolist() == ["2023-05-01", "昨天", "2023年13月45日", f"{later}-01-01"]
    notes = {i.row: i.reason for i in load_report(docs).issues if i.action == "note"}
    assert "holds no year" in notes[2] and "no calendar date ('2023年13月45日')" in notes[3]
    told = []
    workflow.trends_path(path, ["数据"], load_options=options, notify=told.append)
    assert (
        "1 of 4 documents have no date and are left out of periods, 1 of them a date "
        "without a year: 昨天" in told
    )
    assert any(
        line.startswith(f"1 document dated after {later - 73}: {later}-01-01") for line in told
    )
    with pytest.raises(CorpusError, match=r"no document has a date with a year .*新华网"):
        workflow.trends_path(path, ["数据"], load_options=options | {"date_col": "来源"})


def test_drop_copies_keeps_the_first_of_each_text(tmp_path):
    """An article reposted by three sites, once with markup around it: its cleaned text is
    the same, and with drop_copies only the first stays, the others named."""
    path = tmp_path / "news.csv"
    path.write_text(
        "编号,正文\n1,数字政府建设推进数据共享。\n2,基层减负。\n3,<p>数字政府建设推进数据共享。</p>\n"
        "4,数字政府建设推进数据共享。\n",
        encoding="utf-8",
    )
    options = {"id_col": "编号"}
    assert len(workflow.load_clean(path, load_options=options)) == 4
    told = []
    docs = workflow.load_clean(
        path, load_options=options, select=workflow.Selection(drop_copies=True), notify=told.append
    )
    assert docs["doc_id"].tolist() == ["1", "2"]
    assert (
        "2 copies left out (--drop-copies): 3、4, each the same cleaned text as an earlier "
        "document, which is kept" in told
    )
    with pytest.raises(ValueError, match="--drop-copies work in memory"):
        workflow.cluster_path(path, select=workflow.Selection(drop_copies=True), stream="on")


def test_a_year_made_by_one_long_document_is_told(tmp_path):
    """One scraped page of 60,000 characters among short news items of its year: the
    year's rates per 10,000 words are mostly that page's, and trends says so."""
    path = tmp_path / "news.csv"
    rows = [f"{i},数字经济发展的新闻第{i}条。,2019-05-0{i}" for i in range(1, 4)]
    rows += ["4,基金市场。" + "数据要素市场化配置改革。" * 5000 + ",2020-01-01"]
    rows += [f"{i},基金市场的新闻第{i}条。,2020-05-0{i}" for i in range(5, 8)]
    path.write_text("编号,正文,日期\n" + "\n".join(rows) + "\n", encoding="utf-8")
    told = []
    workflow.trends_path(path, ["基金"], load_options={"id_col": "编号"}, notify=told.append)
    (line,) = [t for t in told if t.startswith("one document makes most of a year")]
    assert "2020: " in line and "of the words of its 4 documents" in line and "2019" not in line


def test_where_on_an_empty_column_points_to_the_column_holding_the_value(tmp_path):
    """source is the loader's own column, empty for a table whose sources are in 来源: the
    error says where the value asked for is."""
    path = tmp_path / "news.csv"
    path.write_text("编号,正文,来源\n1,数字政府建设,新华网\n2,基层减负,财新\n", encoding="utf-8")
    select = workflow.Selection(where={"source": ["新华网"]})
    with pytest.raises(
        CorpusError, match="source is empty in every document; 新华网 is in the column 来源"
    ):
        workflow.load_clean(path, load_options={"id_col": "编号"}, select=select)
