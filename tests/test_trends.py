from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import config
from analysis.trends import (
    COMPARE_COLUMNS,
    TREND_COLUMNS,
    compare_groups,
    compare_periods,
    document_periods,
    emerging_terms,
    parse_periods,
    term_groups,
    term_trends,
    topic_shares,
    trend_summary,
)

TEXTS = ["推进信息化。信息化建设", "发展互联网", "大数据、数据共享", "数字政府和大数据"]
DATES = ["2001", "2002", "2015", "2021"]
TOKENS = [
    ["推进", "信息化", "信息化", "建设"],
    ["发展", "互联网"],
    ["大数据", "数据", "共享"],
    ["数字政府", "大数据"],
]


def test_years_without_documents_are_gaps_not_zeros():
    t = term_trends(TEXTS, DATES, ["大数据"], tokens=TOKENS)
    assert list(t.columns) == TREND_COLUMNS
    assert t["period"].tolist() == list(range(2001, 2022))
    gap = t[t["period"] == 2010].iloc[0]
    assert gap["n_docs"] == 0 and pd.isna(gap["count"]) and np.isnan(gap["rate"])
    assert np.isnan(gap["ci_low"]) and np.isnan(gap["ci_high"])
    zero = t[t["period"] == 2001].iloc[0]  # a year with a report that does not use it
    assert zero["count"] == 0 and zero["rate"] == 0 and zero["ci_high"] > 0


def test_text_counts_are_what_a_search_finds_token_counts_what_the_segmenter_made():
    text = term_trends(TEXTS, DATES, ["数据"], tokens=TOKENS, norm="raw")
    assert text.set_index("period").loc[2015, "count"] == 2  # 大数据 and 数据共享
    tokens = term_trends(TEXTS, DATES, ["数据"], tokens=TOKENS, norm="raw", count="tokens")
    assert tokens.set_index("period").loc[2015, "count"] == 1


def test_norms_and_intervals():
    per10k = term_trends(TEXTS, DATES, ["信息化"], tokens=TOKENS).set_index("period")
    assert per10k.loc[2001, "rate"] == pytest.approx(2 / 4 * 10_000)
    assert per10k.loc[2001, "ci_low"] < per10k.loc[2001, "rate"] < per10k.loc[2001, "ci_high"]
    docs = term_trends(TEXTS, DATES, ["大数据"], tokens=TOKENS, norm="docs").set_index("period")
    assert docs.loc[2021, "rate"] == 1.0 and docs.loc[2021, "ci_high"] == 1.0
    assert 0 < docs.loc[2021, "ci_low"] < 1
    none = term_trends(TEXTS, DATES, ["大数据"], tokens=TOKENS, level=None)
    assert none["ci_low"].isna().all()


def test_bad_arguments_say_what_to_fix():
    with pytest.raises(ValueError, match="need the segmented corpus"):
        term_trends(TEXTS, DATES, ["大数据"])
    with pytest.raises(ValueError, match="norm must be"):
        term_trends(TEXTS, DATES, ["大数据"], tokens=TOKENS, norm="percent")
    with pytest.raises(ValueError, match="4 texts but 3 dates"):
        term_trends(TEXTS, DATES[:3], ["大数据"], tokens=TOKENS)
    with pytest.raises(ValueError, match="cannot read 'twenty'"):
        parse_periods("2013-2020,twenty")


def test_summary_first_appearance_and_peak():
    t = term_trends(TEXTS, DATES, ["大数据", "信息化", "区块链"], tokens=TOKENS, norm="raw")
    s = trend_summary(t).set_index("term")
    assert (s.loc["大数据", "first_period"], s.loc["大数据", "total"]) == (2015, 2)
    assert s.loc["信息化", "peak_period"] == 2001
    assert pd.isna(s.loc["区块链", "first_period"]) and s.loc["区块链", "total"] == 0


def test_a_short_document_using_a_term_once_is_no_peak():
    """2020 holds one 2-word text using 改革 once (rate 5,000 per 10,000 words, interval from
    127); 1992's report of 570 words uses it 30 times (rate 526, interval from 355): 1992 is
    the peak. Without intervals the highest rate is the peak."""
    long = "改革" * 30 + "经济发展" * 270
    texts, dates = [long, "深化改革。", "经济发展" * 300], ["1992", "2020", "2021"]
    tokens = [["改革"] * 30 + ["经济", "发展"] * 270, ["深化", "改革"], ["经济", "发展"] * 300]
    sure = trend_summary(term_trends(texts, dates, ["改革"], tokens=tokens)).iloc[0]
    assert (sure["peak_period"], sure["peak_rate"]) == (1992, pytest.approx(30 * 10_000 / 570))
    bare = trend_summary(term_trends(texts, dates, ["改革"], tokens=tokens, level=None))
    assert bare.iloc[0]["peak_period"] == 2020


def test_periods_compared_and_terms_rising_and_fading():
    tokens = [["信息化", "建设"]] * 3 + [["数字政府", "建设"]] * 3
    dates = ["2001", "2002", "2003", "2021", "2022", "2023"]
    c = compare_periods(tokens, dates, parse_periods("2001-2010,2021-2025"), min_count=2)
    assert list(c.columns) == COMPARE_COLUMNS
    # each period named with the years its documents cover, where they cover less of it
    assert c[["period", "term", "count", "ref_count"]].values.tolist() == [
        ["2001-2010 (2001-2003)", "信息化", 3, 0],
        ["2021-2025 (2021-2023)", "数字政府", 3, 0],
    ]
    assert c.attrs["n_docs"] == {"2001-2010 (2001-2003)": 3, "2021-2025 (2021-2023)": 3}
    assert set(c["reference"]) == {"2001-2010 (2001-2003)", "2021-2025 (2021-2023)"}
    few = compare_periods(tokens, dates, parse_periods("2001-2001,2021-2025"), min_count=1)
    assert few.attrs["n_docs"] == {"2001": 1, "2021-2025 (2021-2023)": 3}
    with pytest.raises(ValueError, match="no documents dated 1990-1995"):
        compare_periods(tokens, dates, parse_periods("1990-1995,2021-2025"))
    with pytest.raises(ValueError, match="overlap"):
        compare_periods(tokens, dates, parse_periods("2001-2022,2021-2025"))
    e = emerging_terms(
        tokens, ["2016", "2017", "2018", "2021", "2022", "2023"], window=5, min_count=2
    )
    rising = e[e["direction"] == "rising"].iloc[0]
    fading = e[e["direction"] == "fading"].iloc[0]
    # the windows 2019-2023 and 2014-2018, with the years of their documents
    assert (rising["period"], rising["reference"], rising["term"]) == (
        "2019-2023 (2021-2023)",
        "2014-2018 (2016-2018)",
        "数字政府",
    )
    assert (fading["term"], fading["count"], fading["ref_count"]) == ("信息化", 0, 3)
    assert fading["log_ratio"] < 0 < rising["log_ratio"]
    assert e.attrs["n_docs"] == {"2014-2018 (2016-2018)": 3, "2019-2023 (2021-2023)": 3}
    full = emerging_terms(tokens, ["2014", "2016", "2018", "2019", "2021", "2023"], min_count=2)
    assert set(full["period"]) | set(full["reference"]) == {"2014-2018", "2019-2023"}


def test_topic_shares_per_period():
    shares = pd.DataFrame({"a": [1.0, 0.0, 0.5], "b": [0.0, 1.0, 0.5]})
    out = topic_shares(shares, ["2019", "2021", "2021"])
    assert out.index.tolist() == [2019, 2020, 2021]
    assert out.loc[2020].isna().all()
    assert out.loc[2021].tolist() == [0.25, 0.75]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.text(alphabet="数据共享大平台", max_size=20), st.integers(1990, 2000)),
        min_size=1,
        max_size=8,
    ),
    st.sampled_from(["数据", "大数据", "共享平台", "数"]),
)
def test_counts_add_up_to_a_search_of_each_text(docs, term):
    texts, years = [d[0] for d in docs], [str(d[1]) for d in docs]
    t = term_trends(texts, years, [term], norm="raw", level=None).set_index("period")
    for year in set(years):
        found = sum(text.count(term) for text, y in zip(texts, years, strict=True) if y == year)
        assert t.loc[int(year), "count"] == found
    assert t["n_docs"].sum() == len(texts)
    assert (t.loc[t["n_docs"] == 0, "count"].isna()).all()


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(alphabet="低空经济数据共享", max_size=20),
            st.sampled_from(["芜湖", "深圳", "南京", None]),
        ),
        min_size=1,
        max_size=8,
    ),
    st.sampled_from(["低空经济", "数据", "共享", "空"]),
)
def test_group_counts_add_up_to_a_search_of_each_text(docs, term):
    """Which groups (cities, provinces) use a term: each group's count is a search of its
    texts, documents without a group are left out, and the highest rate comes first."""
    texts, groups = [d[0] for d in docs], [d[1] for d in docs]
    t = term_groups(texts, groups, [term], norm="raw", level=None)
    assert list(t.columns) == ["group", *TREND_COLUMNS[1:]]
    assert set(t["group"]) == {g for g in groups if g is not None}
    for row in t.itertuples():
        mine = [x for x, g in zip(texts, groups, strict=True) if g == row.group]
        assert row.count == sum(x.count(term) for x in mine)
        assert row.docs_with == sum(term in x for x in mine) and row.n_docs == len(mine)
    assert t["rate"].is_monotonic_decreasing


def test_term_groups_rates_per_10000_tokens():
    t = term_groups(
        TEXTS, ["甲", "甲", "乙", "乙"], ["大数据", "信息化"], tokens=TOKENS, level=None
    )
    rows = t.set_index(["term", "group"])
    assert rows.loc[("大数据", "乙"), "rate"] == pytest.approx(2 / 5 * 10_000)
    assert rows.loc[("大数据", "甲"), "rate"] == 0
    assert t["term"].tolist() == ["大数据", "大数据", "信息化", "信息化"]  # given order
    assert t.loc[t["term"] == "信息化", "group"].tolist() == ["甲", "乙"]
    with pytest.raises(ValueError, match="4 texts but 3 groups"):
        term_groups(TEXTS, ["甲", "甲", "乙"], ["大数据"], norm="raw")


def test_document_periods_read_years_and_decades():
    assert document_periods(["2021-10-21", "1954", "无日期"]).tolist()[:2] == [2021.0, 1954.0]
    assert document_periods(["1988"], by="decade").tolist() == [1980.0]


DIGITAL_TERMS = [
    "互联网",
    "信息化",
    "电子政务",
    "大数据",
    "云计算",
    "数字经济",
    "数字政府",
    "数据要素",
    "人工智能",
    "放管服",
]


def test_national_reports_trends_equal_a_search_of_each_cleaned_report():
    """Issue 14: per-year counts of `analysis trends` on the bundled reports equal the
    occurrences a search of each report's cleaned text finds; first years from the same."""
    from analysis import clean_corpus, load_corpus
    from analysis.workflow import Selection, trends_path

    trends, summary = trends_path(
        "national-reports",
        DIGITAL_TERMS,
        norm="raw",
        select=Selection(where={"doc_type": ["report"]}),
    )
    path = config.corpus_path("national-reports")
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    reports = {r["id"]: r["year"] for r in records if r["doc_type"] == "report"}
    assert len(reports) == 52
    docs = clean_corpus(load_corpus(path))
    docs = docs[docs["doc_id"].isin(reports)]
    by_year = trends.set_index(["term", "period"])["count"]
    for term in DIGITAL_TERMS:
        expected = {}
        for doc_id, text in zip(docs["doc_id"], docs["clean_text"], strict=True):
            year = reports[doc_id]
            expected[year] = expected.get(year, 0) + text.count(term)
        for year, count in expected.items():
            assert by_year[(term, year)] == count, (term, year)
        first = min((y for y, c in expected.items() if c), default=None)
        assert summary.set_index("term").loc[term, "first_period"] == first
    years = trends[trends["term"] == "大数据"].set_index("period")
    assert years.loc[2020, "n_docs"] == 0 and pd.isna(years.loc[2020, "count"])  # no 2020 report
    assert summary.set_index("term").loc["大数据", "first_period"] == 2014


def test_rates_are_per_word_whatever_the_stopwords_keep():
    """A reviewer's stopword list moved 芜湖's 低空经济 from 6.0 to 6.6 per 10,000: the rate
    divided by the kept tokens. It divides by the words, punctuation aside."""
    from analysis.tokens import SegmentedCorpus

    pairs = [[("发展", "v"), ("低空经济", "n"), ("，", "x"), ("建设", "v"), ("机场", "n")]]
    rates = []
    for kept in ([True, True, False, True, True], [False, True, False, False, True]):
        corpus = SegmentedCorpus.from_tagged(pairs, kept=[kept])
        t = term_groups(
            ["发展低空经济，建设机场"], ["芜湖"], ["低空经济"], tokens=corpus, level=None
        )
        rates.append(t["rate"].iloc[0])
        assert t["n_tokens"].iloc[0] == 4  # the four words, not the comma
    assert rates[0] == rates[1] == 10_000 / 4


def test_groups_are_ranked_by_the_rate_they_surely_have():
    """One document using a term has the highest share, and an interval reaching down to
    nearly 0: the province of 20 reports, 19 using it, goes first."""
    texts = ["发展低空经济。"] * 20 + ["其他工作。"]
    groups = ["海南"] + ["四川"] * 20
    t = term_groups(texts, groups, ["低空经济"], norm="docs")
    assert t["group"].tolist() == ["四川", "海南"]
    assert t.set_index("group").loc["海南", "rate"] > t.set_index("group").loc["四川", "rate"]
    plain = term_groups(texts, groups, ["低空经济"], norm="docs", level=None)
    assert plain["group"].tolist() == ["海南", "四川"]  # without intervals: by the share


def test_compare_rates_count_every_word_as_trends_do():
    """A rate per 10,000 words is one measure in compare and in trends: of every word but
    punctuation, whatever the stopwords drop (的, 了 count; 。 does not)."""
    from analysis.keywords import without_places
    from analysis.segcache import segment_corpus

    texts = ["数字政府的建设推进了。数字政府。"] * 3 + ["基层减负的工作。基层减负。"] * 3
    corpus = segment_corpus(texts, cache=False)
    words = corpus.word_lengths
    assert words.tolist()[0] > corpus.lengths[0]  # 的 and 了 are words, not kept tokens
    table = compare_groups(corpus, ["新"] * 3 + ["旧"] * 3, min_count=1)
    row = table[table["term"] == "数字政府"].iloc[0]
    assert row["rate"] == pytest.approx(row["count"] * 10_000 / words[:3].sum())
    trends = term_trends(texts, ["2021"] * 3 + ["2020"] * 3, ["数字政府"], tokens=corpus)
    assert trends.set_index("period").loc[2021, "rate"] == pytest.approx(row["rate"])
    # tokens derived from the corpus keep its measure when its sizes are given
    kept = compare_groups(without_places(corpus), ["新"] * 3 + ["旧"] * 3, min_count=1, sizes=words)
    assert kept.set_index("term").loc["数字政府", "rate"] == pytest.approx(row["rate"])
