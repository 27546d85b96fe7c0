"""Language over time: how often chosen terms occur per period, which terms set one period
apart from another, and topic shares per period.

Periods come from the documents' ``date`` column (``1954``, ``2021-10-21`` …): its year, or
its decade. Every period between the first and the last is listed; one without documents is a
gap (``n_docs`` 0, counts and rates missing), never a zero, so a chart breaks its line there
instead of drawing a fall to zero.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np
import pandas as pd

from . import config
from .context import kwic
from .corpus import date_year
from .keywords import keyness
from .tokens import TokenLists
from .vectorize import count_matrix

__all__ = [
    "COMPARE_COLUMNS",
    "GROUP_COLUMNS",
    "SUMMARY_COLUMNS",
    "TERM_GROUP_COLUMNS",
    "TREND_COLUMNS",
    "compare_groups",
    "compare_periods",
    "comparison_summary",
    "describe_trends",
    "document_periods",
    "dominant_documents",
    "emerging_terms",
    "few_documents_note",
    "first_uses",
    "parse_periods",
    "recent_periods",
    "split_periods",
    "term_groups",
    "term_trends",
    "topic_shares",
    "trend_summary",
]

#: Columns of :func:`term_trends`.
TREND_COLUMNS = [
    "period",
    "term",
    "count",
    "docs_with",
    "n_docs",
    "n_tokens",
    "rate",
    "ci_low",
    "ci_high",
]
#: Columns of :func:`term_groups`.
TERM_GROUP_COLUMNS = ["group", *TREND_COLUMNS[1:]]
#: Columns of :func:`trend_summary`.
SUMMARY_COLUMNS = ["term", "total", "first_period", "first_count", "peak_period", "peak_rate"]
_MEASURES = [
    "rank",
    "term",
    "score",
    "count",
    "ref_count",
    "docs",
    "ref_docs",
    "rate",
    "ref_rate",
    "log_likelihood",
    "log_ratio",
    "p_value",
]
#: Columns of :func:`compare_groups`.
GROUP_COLUMNS = ["group", *_MEASURES]
#: Columns of :func:`compare_periods` and :func:`emerging_terms`.
COMPARE_COLUMNS = ["period", "reference", *_MEASURES]

_PER = 10_000


def document_periods(dates: Sequence, *, by: Literal["year", "decade"] = "year") -> pd.Series:
    """The period of each document from its date (missing where no year can be read).

    >>> document_periods(["1954", "2021-10-21", None, "二〇二一年"]).tolist()
    [1954.0, 2021.0, nan, nan]
    >>> document_periods(["1954", "1961"], by="decade").tolist()
    [1950.0, 1960.0]
    """
    if by not in ("year", "decade"):
        raise ValueError(f"by must be 'year' or 'decade', got {by!r}")
    years = pd.Series([date_year(d) for d in dates], dtype=float)
    return (years // 10 * 10) if by == "decade" else years


def _all_periods(periods: pd.Series, by: str) -> np.ndarray:
    known = periods.dropna()
    if known.empty:
        return np.array([], dtype=float)
    step = 10 if by == "decade" else 1
    return np.arange(known.min(), known.max() + step, step)


def _poisson_interval(count: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
    """Exact (Garwood) interval of a Poisson count."""
    from scipy.stats import chi2

    alpha = 1 - level
    low = np.where(count > 0, chi2.ppf(alpha / 2, 2 * count) / 2, 0.0)
    high = chi2.ppf(1 - alpha / 2, 2 * (count + 1)) / 2
    return low, high


def _binomial_interval(k: np.ndarray, n: np.ndarray, level: float):
    """Exact (Clopper–Pearson) interval of a share ``k / n``."""
    from scipy.stats import beta

    alpha = 1 - level
    with np.errstate(invalid="ignore"):
        low = np.where(k > 0, beta.ppf(alpha / 2, k, n - k + 1), 0.0)
        high = np.where(k < n, beta.ppf(1 - alpha / 2, k + 1, n - k), 1.0)
    return low, high


def _per_document(texts: list[str], terms: list[str], tokens: TokenLists | None) -> np.ndarray:
    """Uses of each term in each document: search hits in the text, or (with ``tokens``) the
    tokens equal to it, from the corpus's count matrix."""
    if tokens is None:
        return np.array([[t.count(term) for term in terms] for t in texts], float).reshape(
            len(texts), len(terms)
        )
    out = np.zeros((len(texts), len(terms)))
    if tokens.n_tokens:
        matrix, vocab = count_matrix(tokens)
        column = {w: i for i, w in enumerate(vocab.tolist())}
        for j, term in enumerate(terms):
            if term in column:
                out[:, j] = matrix[:, column[term]].toarray().ravel()
    return out


def _rate(c, k, n, size, norm: str, level: float | None):
    """The rate of a term per period and its interval; a period without documents (``n`` 0)
    has neither."""
    if norm == "per10k":
        scale = np.where(size > 0, _PER / np.maximum(size, 1), np.nan)
        rate = c * scale
    elif norm == "docs":
        rate = k / np.where(n > 0, n, np.nan)
    else:
        scale, rate = 1.0, c
    if level is None or not len(n):
        return rate, np.full(len(n), np.nan), np.full(len(n), np.nan)
    if norm == "docs":
        low, high = _binomial_interval(np.nan_to_num(k), np.maximum(n, 1), level)
    else:
        low, high = _poisson_interval(np.nan_to_num(c), level)
        low, high = low * scale, high * scale
    gap = n == 0
    return rate, np.where(gap, np.nan, low), np.where(gap, np.nan, high)


def term_trends(
    texts: Sequence[str],
    dates: Sequence,
    terms: Sequence[str],
    *,
    tokens: Sequence[Sequence[str]] | None = None,
    by: Literal["year", "decade"] = "year",
    norm: Literal["per10k", "docs", "raw"] = "per10k",
    count: Literal["text", "tokens"] = "text",
    level: float | None = 0.95,
) -> pd.DataFrame:
    """How often each term occurs in each period.

    Parameters
    ----------
    texts
        The cleaned texts. With ``count="text"`` a term is counted wherever it occurs in them,
        as a search finds it (``str.count``: 数据 inside 大数据 counts), whatever the
        segmenter does with it.
    dates
        Each document's date; see :func:`document_periods`.
    terms
        The terms to follow.
    tokens
        The segmented corpus: its words but punctuation are the ``n_tokens`` of a period
        (the denominator of ``per10k``, whatever the stopwords keep; of a
        :class:`~analysis.tokens.TokenLists`, its tokens), and with ``count="tokens"`` its
        kept tokens give the counts.
    by
        ``"year"`` or ``"decade"``.
    norm
        ``rate`` is occurrences per 10,000 words (``per10k``), the share of the period's
        documents that hold the term (``docs``), or the count (``raw``).
    level
        Confidence level of ``ci_low``/``ci_high`` (``None`` for none). A count gets an exact
        Poisson interval, a share of documents an exact binomial one. Both treat uses as
        independent; one speech that repeats a term makes the true uncertainty wider.

    Returns
    -------
    DataFrame
        :data:`TREND_COLUMNS`, one row per period and term; a period without documents has
        ``n_docs`` 0 and missing counts and rates.

    Examples
    --------
    >>> t = term_trends(["推进大数据。", "大数据、数据共享", "数据"], ["2019", "2021", "2021"],
    ...                 ["数据"], norm="raw", level=None)
    >>> t[["period", "count", "docs_with", "n_docs"]].values.tolist()
    [[2019, 1, 1, 1], [2020, <NA>, <NA>, 0], [2021, 3, 2, 2]]
    """
    texts, terms, tokens = _checked(texts, dates, "dates", terms, tokens, norm, count)
    periods = document_periods(dates, by=by)
    index = pd.Index(_all_periods(periods, by), name="period")
    frame = _term_table(texts, periods, index, terms, tokens, norm, count, level)
    # whole numbers stay whole; a gap's count is missing (<NA>), not 0
    return frame.astype({"period": "int64"})


def _checked(texts, labels, what: str, terms, tokens, norm: str, count: str):
    """The arguments of :func:`term_trends` and :func:`term_groups` checked: ``(texts,
    terms, tokens)`` with missing texts as ``""``, each term once, tokens as TokenLists."""
    if norm not in ("per10k", "docs", "raw"):
        raise ValueError(f"norm must be 'per10k', 'docs' or 'raw', got {norm!r}")
    if count not in ("text", "tokens"):
        raise ValueError(f"count must be 'text' or 'tokens', got {count!r}")
    if len(labels) != len(texts):
        raise ValueError(f"{len(texts)} texts but {len(labels)} {what}")
    if (norm == "per10k" or count == "tokens") and tokens is None:
        raise ValueError(f"norm={norm!r}, count={count!r} need the segmented corpus (tokens=)")
    if tokens is not None:
        tokens = TokenLists.coerce(tokens)
        if len(tokens) != len(texts):
            raise ValueError(f"{len(texts)} texts but {len(tokens)} segmented documents")
    texts = ["" if not isinstance(t, str) else t for t in texts]
    return texts, list(dict.fromkeys(t for t in terms if t)), tokens


def _term_table(texts, labels, index, terms, tokens, norm, count, level) -> pd.DataFrame:
    """Uses of each term in the documents of each label of ``index`` (a period, a group):
    the rows of :func:`term_trends` and :func:`term_groups`, the label in ``index.name``.
    Documents without a label are left out; a label without documents has missing counts."""
    lengths = tokens.word_lengths if tokens is not None else np.zeros(len(texts), np.int64)
    per_doc = _per_document(texts, terms, tokens if count == "tokens" else None)
    frame = pd.DataFrame(per_doc, columns=terms).assign(_label=list(labels), _tokens=lengths)
    frame = frame.dropna(subset=["_label"])
    grouped = frame.groupby("_label", sort=False)
    counts = grouped[terms].sum().reindex(index)
    holding = (frame[terms] > 0).groupby(frame["_label"], sort=False).sum().reindex(index)
    n = grouped.size().reindex(index, fill_value=0).to_numpy().astype(float)
    size = grouped["_tokens"].sum().reindex(index, fill_value=0).to_numpy().astype(float)
    columns = [index.name, *TREND_COLUMNS[1:]]
    rows = []
    for term in terms:
        c, k = counts[term].to_numpy(), holding[term].to_numpy()
        rate, low, high = _rate(c, k, n, size, norm, level)
        rows.append(
            pd.DataFrame(
                dict(
                    zip(
                        columns,
                        [index.to_numpy(), term, c, k, n, size, rate, low, high],
                        strict=True,
                    )
                )
            )
        )
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=float) for c in columns})
    frame = pd.concat(rows, ignore_index=True)[columns]
    return frame.astype({"count": "Int64", "docs_with": "Int64", "n_docs": "int64"}).astype(
        {"n_tokens": "int64"}
    )


def term_groups(
    texts: Sequence[str],
    groups: Sequence,
    terms: Sequence[str],
    *,
    tokens: Sequence[Sequence[str]] | None = None,
    norm: Literal["per10k", "docs", "raw"] = "per10k",
    count: Literal["text", "tokens"] = "text",
    level: float | None = 0.95,
) -> pd.DataFrame:
    """How often each term occurs in each group of documents (a province, a doc_type; or
    each document, given its ``doc_id``): which cities stress 低空经济, and how much.

    The counts, rates and intervals of :func:`term_trends`, with groups for periods (see
    there for ``tokens``, ``norm``, ``count`` and ``level``). Documents without a group are
    left out.

    Returns
    -------
    DataFrame
        :data:`TERM_GROUP_COLUMNS`, one row per term and group, for each term the groups whose
        rate is surely highest first: by the lower end of its interval (with ``level``; a
        group of one short document tops a rate easily, not a lower end), then the rate,
        the uses and the order they first occur.

    Examples
    --------
    >>> t = term_groups(["发展低空经济。低空经济", "数据共享", "低空经济"], ["芜湖", "南京", "深圳"],
    ...                 ["低空经济"], norm="raw", level=None)
    >>> t[["group", "count", "docs_with", "n_docs"]].values.tolist()
    [['芜湖', 2, 1, 1], ['深圳', 1, 1, 1], ['南京', 0, 0, 1]]
    """
    texts, terms, tokens = _checked(texts, groups, "groups", terms, tokens, norm, count)
    labels = pd.Series(list(groups), dtype=object)
    index = pd.Index(list(dict.fromkeys(labels.dropna())), dtype=object, name="group")
    frame = _term_table(texts, labels, index, terms, tokens, norm, count, level)
    order = {term: i for i, term in enumerate(terms)}
    surely = ["ci_low"] if level is not None else []
    return frame.sort_values(
        ["term", *surely, "rate", "count"],
        key=lambda c: c.map(order) if c.name == "term" else -c.astype(float),
        kind="stable",
    ).reset_index(drop=True)


def trend_summary(trends: pd.DataFrame) -> pd.DataFrame:
    """Per term of :func:`term_trends`: its total count, the first period it occurs in (and
    its count there) and its peak, the period of its highest rate. With intervals, the peak
    is the period whose rate is surely highest, that of the highest lower bound: a year of
    one short document (a 191-word resolution) using a term once has a high rate and a
    lower bound near 0, and is no peak; ``peak_rate`` is that period's rate.

    >>> t = term_trends(["数据", "大数据。大数据", "大数据"], ["2019", "2021", "2023"],
    ...                 ["大数据"], norm="raw", level=None)
    >>> trend_summary(t).values.tolist()
    [['大数据', 3, 2021, 2, 2021, 2.0]]
    """
    rows = []
    for term, group in trends.groupby("term", sort=False):
        used = group[group["count"] > 0]
        first = used.iloc[0] if len(used) else None
        sure = group["ci_low"] if "ci_low" in group and group["ci_low"].notna().any() else None
        by = group["rate"] if sure is None else sure.where(group["count"] > 0)
        peak = group.loc[by.idxmax()] if by.notna().any() else None
        rows.append(
            {
                "term": term,
                "total": int(group["count"].sum()),
                "first_period": first["period"] if first is not None else np.nan,
                "first_count": first["count"] if first is not None else np.nan,
                "peak_period": peak["period"] if peak is not None and peak["rate"] > 0 else np.nan,
                "peak_rate": peak["rate"] if peak is not None else np.nan,
            }
        )
    frame = pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
    return frame.astype({"first_period": "Int64", "first_count": "Int64", "peak_period": "Int64"})


def parse_periods(spec: str) -> list[tuple[float, float]]:
    """``"2013-2020,2021-2025"`` → ``[(2013, 2020), (2021, 2025)]``; one year is a period too.

    >>> parse_periods("2013-2020, 2021-2025"), parse_periods("2024")
    ([(2013.0, 2020.0), (2021.0, 2025.0)], [(2024.0, 2024.0)])
    """
    out = []
    for part in spec.split(","):
        match = re.fullmatch(r"\s*(\d{4})\s*(?:[-–~至]\s*(\d{4}))?\s*", part)
        if not match:
            raise ValueError(
                f"periods: cannot read {part.strip()!r}; write e.g. 2013-2020,2021-2025"
            )
        start, end = float(match.group(1)), float(match.group(2) or match.group(1))
        if end < start:
            raise ValueError(f"periods: {part.strip()!r} ends before it starts")
        out.append((start, end))
    return out


def recent_periods(dates: Sequence, *, window: int = 5) -> list[tuple[float, float]]:
    """The last ``window`` years of a corpus and the ``window`` years before them; when no
    document is dated in those earlier years, :func:`split_periods` instead.

    >>> recent_periods(["1954", "2019", "2025"])
    [(2016.0, 2020.0), (2021.0, 2025.0)]
    >>> recent_periods(["2019", "2021", "2023"])  # nothing in 2014-2018
    [(2019.0, 2019.0), (2021.0, 2023.0)]
    """
    years = document_periods(dates).dropna()
    if years.empty:
        raise ValueError("no document has a year: give the date column (--date-col)")
    end = float(years.max())
    if ((years > end - 2 * window) & (years <= end - window)).any():
        return [(end - 2 * window + 1, end - window), (end - window + 1, end)]
    return split_periods(dates)


def split_periods(dates: Sequence) -> list[tuple[float, float]]:
    """The years of a corpus in two periods, earlier and later, each holding half of the
    years that have documents.

    >>> split_periods(["2001", "2003", "2015", "2016", "2021", "2022"])
    [(2001.0, 2015.0), (2016.0, 2022.0)]
    """
    distinct = np.unique(document_periods(dates).dropna().to_numpy(float)).tolist()
    if len(distinct) < 2:
        raise ValueError(
            f"documents dated in {len(distinct)} year(s): two periods need at least two years"
        )
    half = len(distinct) // 2
    return [(distinct[0], distinct[half - 1]), (distinct[half], distinct[-1])]


def first_uses(
    texts: Sequence[str],
    dates: Sequence,
    terms: Sequence[str],
    *,
    titles: Sequence[str] | None = None,
    width: int = 30,
) -> pd.DataFrame:
    """Where each term is first used: the earliest document (by year, then corpus order)
    holding it, with the line around its first occurrence there.

    Columns ``term, period, title, left, match, right``; a term never used is left out.

    >>> first_uses(["推进信息化", "发展大数据，用好大数据"], ["2001", "2014"], ["大数据"],
    ...            titles=["甲", "乙"])[["term", "period", "title", "match"]].values.tolist()
    [['大数据', 2014, '乙', '大数据']]
    """
    periods = document_periods(dates).to_numpy()
    order = [i for i in np.argsort(periods, kind="stable") if not np.isnan(periods[i])]
    titles = list(titles) if titles is not None else [str(i) for i in range(len(texts))]
    rows = []
    for term in dict.fromkeys(terms):
        first = next((i for i in order if isinstance(texts[i], str) and term in texts[i]), None)
        if first is None:
            continue
        line = kwic([texts[first]], term, width=width, max_per_term=1).iloc[0]
        rows.append(
            (term, int(periods[first]), titles[first], line["left"], line["match"], line["right"])
        )
    return pd.DataFrame(rows, columns=["term", "period", "title", "left", "match", "right"])


def describe_trends(summary: pd.DataFrame, trends: pd.DataFrame, *, undated: int = 0) -> str:
    """Plain Chinese sentences on a :func:`trend_summary`: the span of the corpus, its years
    without documents, and each term's first and peak year (a notebook prints them, so the
    text fits whatever corpus it runs on). With ``undated`` documents left out of the
    periods, the counts say they are of the dated ones only.

    >>> t = term_trends(["数据", "大数据"], ["2019", "2021"], ["大数据", "区块链"], norm="raw")
    >>> print(describe_trends(trend_summary(t), t))
    语料覆盖 2019–2021 年，其中 1 年没有文档（2020）。
    - 大数据：共 1 次，最早见于 2021 年，使用率最高在 2021 年。
    - 区块链：语料中没有出现。
    >>> print(describe_trends(trend_summary(t), t, undated=8).split("。", 1)[1])
    另有 8 篇文档没有日期，下面只计有日期的文档。
    - 大数据：共 1 次，最早见于 2021 年，使用率最高在 2021 年。
    - 区块链：有日期的文档中没有出现。
    """
    periods = trends.drop_duplicates("period")
    if periods.empty:
        return "语料中没有带年份的文档。"
    gaps = periods.loc[periods["n_docs"] == 0, "period"].astype(int).tolist()
    shown = "、".join(map(str, gaps[:12])) + ("等" if len(gaps) > 12 else "")
    lines = [
        f"语料覆盖 {int(periods['period'].min())}–{int(periods['period'].max())} 年，"
        + (f"其中 {len(gaps)} 年没有文档（{shown}）。" if gaps else "每年都有文档。")
        + (f"另有 {undated} 篇文档没有日期，下面只计有日期的文档。" if undated else "")
    ]
    where = "有日期的文档中" if undated else "语料中"
    for row in summary.itertuples():
        if pd.isna(row.first_period):
            lines.append(f"- {row.term}：{where}没有出现。")
        else:
            lines.append(
                f"- {row.term}：共 {row.total} 次，最早见于 {row.first_period} 年，"
                f"使用率最高在 {row.peak_period} 年。"
            )
    return "\n".join(lines)


def _label(period: tuple[float, float]) -> str:
    start, end = int(period[0]), int(period[1])
    return str(start) if start == end else f"{start}-{end}"


def compare_periods(
    tokens: Sequence[Sequence[str]],
    dates: Sequence,
    periods: Sequence[tuple[float, float]],
    *,
    top_n: int = 30,
    min_count: int = 5,
    sizes: Sequence[int] | None = None,
) -> pd.DataFrame:
    """The terms most over-used in each of two periods against the other: those that
    significantly more of the period's documents use, by Dunning's G² of their counts, with
    the log-ratio for the size of the difference (see :func:`~analysis.keywords.keyness`).

    Returns
    -------
    DataFrame
        :data:`COMPARE_COLUMNS`: for each period the ``top_n`` terms by ``score`` (see
        :func:`~analysis.keywords.keyness`), with counts, documents holding them and rates per
        10,000 tokens in the period and in the other one; ``attrs["n_docs"]``: the documents
        of each period.

    Examples
    --------
    >>> toks = [["信息化", "建设"], ["信息化", "建设"], ["数字政府", "建设"], ["数字政府", "建设"]]
    >>> c = compare_periods(toks, ["2001", "2002", "2021", "2022"], [(2001, 2010), (2021, 2025)],
    ...                     min_count=2)
    >>> c[["period", "term", "count", "ref_count"]].values.tolist()
    [['2001-2010 (2001-2002)', '信息化', 2, 0], ['2021-2025 (2021-2022)', '数字政府', 2, 0]]
    """
    if len(periods) != 2:
        raise ValueError(f"compare two periods, got {len(periods)}: e.g. 2013-2020,2021-2025")
    years = document_periods(dates).to_numpy()
    inside = [(years >= a) & (years <= b) for a, b in periods]
    if (inside[0] & inside[1]).any():
        raise ValueError(f"the periods {_label(periods[0])} and {_label(periods[1])} overlap")
    for flags, period in zip(inside, periods, strict=True):
        if not flags.any():
            known = years[~np.isnan(years)]
            span = f"{int(known.min())}–{int(known.max())}" if len(known) else "none"
            raise ValueError(
                f"no documents dated {_label(period)} (the documents are dated {span})"
            )
    # 2015-2019 (2019) where the documents cover less of a period than its name says
    first, second = (_window_label(p, _span(pd.Series(years), p)) for p in periods)
    labels = np.where(inside[0], first, np.where(inside[1], second, None))
    table = compare_groups(tokens, labels.tolist(), top_n=top_n, min_count=min_count, sizes=sizes)
    other = {first: second, second: first}
    n_docs = table.attrs["n_docs"]
    table = table.rename(columns={"group": "period"})
    table = table.assign(reference=table["period"].map(other))[COMPARE_COLUMNS]
    table.attrs["n_docs"] = n_docs
    return table


def compare_groups(
    tokens: Sequence[Sequence[str]],
    groups: Sequence,
    *,
    top_n: int = 30,
    min_count: int = 5,
    sizes: Sequence[int] | None = None,
) -> pd.DataFrame:
    """For each group of documents (a province, a doc_type …), the terms it over-uses against
    all the other documents (G² and log-ratio, as :func:`compare_periods`); documents without
    a group are left out. ``attrs["n_docs"]``: the documents of each group.

    ``rate`` and ``ref_rate`` are per 10,000 of ``sizes``, the words of each document
    (default ``tokens.word_lengths``: of a segmented corpus every word but punctuation, as
    :func:`term_trends` counts them, so that a stopword list moves no rate; of plain token
    lists their tokens). Pass the segmented corpus's ``word_lengths`` with tokens derived
    from it (:func:`~analysis.keywords.without_places`).

    >>> toks = [["信息化", "建设"], ["信息化", "建设"], ["数字政府", "建设"], ["数字政府", "建设"]]
    >>> c = compare_groups(toks, ["甲", "甲", "乙", "乙"], min_count=2)
    >>> c[["group", "term", "count", "ref_count"]].values.tolist()
    [['甲', '信息化', 2, 0], ['乙', '数字政府', 2, 0]]
    """
    tokens = TokenLists.coerce(tokens)
    if len(groups) != len(tokens):
        raise ValueError(f"{len(tokens)} documents but {len(groups)} groups")
    sizes = np.asarray(tokens.word_lengths if sizes is None else sizes, dtype=np.int64)
    if len(sizes) != len(tokens):
        raise ValueError(f"{len(tokens)} documents but {len(sizes)} sizes")
    labels = pd.Series(list(groups), dtype=object)
    known = labels.notna().to_numpy()
    names = list(dict.fromkeys(labels[known]))
    if len(names) < 2:
        raise ValueError(f"compare needs at least two groups, got {names}")
    chosen = np.flatnonzero(known)
    subset, labels = tokens.take(chosen), labels[known].to_numpy()
    lengths = sizes[chosen]
    parts = []
    for name in names:
        mine = labels == name
        table = keyness(subset, mine.tolist(), top_n=top_n, min_count=min_count)
        table = table.assign(
            group=name,
            rate=table["count"] * _PER / max(int(lengths[mine].sum()), 1),
            ref_rate=table["ref_count"] * _PER / max(int(lengths[~mine].sum()), 1),
        )
        parts.append(table)
    out = pd.concat(parts, ignore_index=True)[GROUP_COLUMNS]
    out.attrs["n_docs"] = {name: int((labels == name).sum()) for name in names}
    return out


#: A document holding more than this share of a period's words makes the period's rates.
DOMINANT_SHARE = 0.5


def dominant_documents(
    dates: Sequence, sizes: Sequence[int], *, titles: Sequence | None = None
) -> pd.DataFrame:
    """The periods (years) of two documents or more in which one holds more than
    :data:`DOMINANT_SHARE` of the words (``sizes``, per document): a rate per 10,000 words
    there is mostly that document's, and a term it says often (or never) peaks (or dips)
    with it. Columns ``period, title, share, n_docs``, the largest share first.

    >>> dominant_documents(["2019", "2020", "2020", "2020"], [900, 50_000, 3_000, 2_000],
    ...                    titles=["甲", "长文", "乙", "丙"]).values.tolist()
    [[2020, '长文', 0.9090909090909091, 3]]
    """
    columns = ["period", "title", "share", "n_docs"]
    years = document_periods(dates)
    frame = pd.DataFrame(
        {"period": years, "size": np.asarray(sizes, dtype=float),
         "title": list(titles) if titles is not None else list(range(len(years)))}
    ).dropna(subset=["period"])  # fmt: skip
    rows = []
    for period, group in frame.groupby("period"):
        total = group["size"].sum()
        if len(group) < 2 or total <= 0:
            continue
        top = group["size"].idxmax()
        share = group.at[top, "size"] / total
        if share > DOMINANT_SHARE:
            rows.append((int(period), group.at[top, "title"], float(share), len(group)))
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values("share", ascending=False, ignore_index=True)


def few_documents_note(
    n_docs: Mapping,
    *,
    fewest: int = config.DISPERSION_FROM,
    what: str = "",
    says: str = "the terms are",
    language: Literal["en", "zh"] = "en",
) -> str:
    """One line when a side of a comparison (a period, group or window: ``n_docs``, as the
    ``attrs["n_docs"]`` of :func:`compare_periods` give it) holds fewer than ``fewest``
    documents (and any; by default as few as keyness tests no dispersion for): its over-used terms, or a term's first use or peak there, are then
    those documents' own words, not a period's or a group's; ``""`` otherwise.

    >>> few_documents_note({"2016-2020": 1, "2021-2025": 38}, language="zh")
    '有的一方文档很少（2016-2020：1 篇）：比较出的词是那几篇文档自己的用词，不代表一个时期或一组'
    """
    thin = {name: n for name, n in n_docs.items() if 0 < n < fewest}
    if not thin:
        return ""
    shown = list(thin.items())[:5]
    if language == "zh":
        sides = "，".join(f"{name}：{n} 篇" for name, n in shown)
        more = f" 等 {len(thin)} 个" if len(thin) > len(shown) else ""
        return f"有的一方文档很少（{sides}{more}）：比较出的词是那几篇文档自己的用词，不代表一个时期或一组"
    sides = ", ".join(f"{name}: {config.counted(n, 'document')}" for name, n in shown)
    if len(thin) > len(shown):
        held = sum(n > 0 for n in n_docs.values())
        sides += f" and {len(thin) - len(shown)} more of the {held}"
    lead = f"few documents in some {what}" if what else "few documents to compare"
    return f"{lead} ({sides}): {says} what those documents say"


def comparison_summary(table: pd.DataFrame, *, top_n: int = 8) -> pd.DataFrame:
    """One row per period or group of a :func:`compare_periods` or :func:`compare_groups`
    table, in its order: its documents and its first ``top_n`` terms, joined by 、.

    Returns
    -------
    DataFrame
        Columns ``period`` or ``group`` (as the table), ``n_docs`` (its documents, from
        ``attrs["n_docs"]``) and ``terms``; a period or group without key terms has ``""``.

    >>> toks = [["信息化", "建设"], ["信息化", "建设"], ["数字政府", "建设"], ["数字政府", "建设"]]
    >>> comparison_summary(compare_groups(toks, ["甲", "甲", "乙", "乙"], min_count=2)).values.tolist()
    [['甲', 2, '信息化'], ['乙', 2, '数字政府']]
    """
    by = "period" if "period" in table.columns else "group"
    n_docs = table.attrs.get("n_docs", {})
    names = list(n_docs) or list(dict.fromkeys(table[by]))
    terms = table.groupby(by, sort=False)["term"].agg(lambda t: "、".join(t.head(top_n)))
    return pd.DataFrame(
        {
            by: names,
            "n_docs": [n_docs.get(name, pd.NA) for name in names],
            "terms": [terms.get(name, "") for name in names],
        }
    )


def _span(years: pd.Series, period: tuple[float, float]) -> tuple[float, float]:
    """The first and last year of the documents in ``period``."""
    inside = years[(years >= period[0]) & (years <= period[1])]
    return inside.min(), inside.max()


def _window_label(window: tuple[float, float], held: tuple[float, float]) -> str:
    """``2016-2020``, or ``2016-2020 (2016-2019)`` where its documents cover less of it."""
    name, years = _label(window), _label(held)
    return name if name == years else f"{name} ({years})"


def emerging_terms(
    tokens: Sequence[Sequence[str]],
    dates: Sequence,
    *,
    window: int = 5,
    top_n: int = 10,
    min_count: int = 5,
    sizes: Sequence[int] | None = None,
) -> pd.DataFrame:
    """Terms that rise and fall: each ``window`` years of documents (counting back from the
    last year) against the ``window`` years before.

    Returns :data:`COMPARE_COLUMNS` plus ``direction``. ``period`` is always the later
    window and ``reference`` the earlier one, each with the years of its documents where
    they cover less of it (``2016-2020 (2016-2019)`` without a 2020 report; ``1961-1965
    (1964)``; the first window of reports from 1954 on, ``1951-1955 (1954-1955)``), with
    ``count``/``docs``/``rate`` in the later and ``ref_count``/``ref_docs``/``ref_rate`` in
    the earlier: a ``rising`` term is
    over-used in the later window (``log_ratio`` > 0), a ``fading`` one in the earlier
    (``log_ratio`` < 0). ``attrs["n_docs"]``: the documents of each window compared.

    Examples
    --------
    >>> tokens = [["粮食", "产量"] * 3, ["粮食", "钢铁"] * 3, ["数字", "经济"] * 3, ["数字"] * 3]
    >>> dates = ["2018-03-05", "2019-03-05", "2022-03-05", "2023-03-05"]
    >>> table = emerging_terms(tokens, dates, window=3, top_n=1, min_count=2)
    >>> table.loc[0, "period"], table.loc[0, "reference"]
    ('2021-2023 (2022-2023)', '2018-2020 (2018-2019)')
    >>> table[["term", "count", "ref_count", "direction"]]
      term  count  ref_count direction
    0   粮食      0          6    fading
    1   数字      6          0    rising
    """
    columns = [*COMPARE_COLUMNS, "direction"]
    years = document_periods(dates)
    known = years.dropna()
    parts, n_docs = [], {}
    end = int(known.max()) if len(known) else 0
    while len(known) and end - window >= int(known.min()):  # the earlier window holds data
        later, earlier = (end - window + 1, end), (end - 2 * window + 1, end - window)
        end -= window
        if not all(((years >= a) & (years <= b)).any() for a, b in (later, earlier)):
            continue
        table = compare_periods(
            tokens, dates, [later, earlier], top_n=top_n, min_count=min_count, sizes=sizes
        )
        held = {p: _window_label(p, _span(years, p)) for p in (later, earlier)}  # as named there
        n_docs |= table.attrs["n_docs"]
        fading = table["period"] == held[earlier]
        swap = {"count": "ref_count", "ref_count": "count", "docs": "ref_docs", "ref_docs": "docs"}
        swap |= {"rate": "ref_rate", "ref_rate": "rate"}
        table.loc[fading, list(swap)] = table.loc[fading, list(swap.values())].to_numpy()
        table.loc[fading, "log_ratio"] *= -1
        table[["period", "reference"]] = [held[later], held[earlier]]
        table["direction"] = np.where(fading, "fading", "rising")
        parts.append(table)
    out = (
        pd.concat(parts[::-1], ignore_index=True)[columns]
        if parts
        else pd.DataFrame(columns=columns)
    )
    out.attrs["n_docs"] = dict(sorted(n_docs.items()))
    return out


def topic_shares(
    doc_topics: pd.DataFrame, dates: Sequence, *, by: Literal["year", "decade"] = "year"
) -> pd.DataFrame:
    """Mean topic share of the documents of each period (rows: every period from the first
    to the last, all missing where there are no documents; columns: the topics).

    >>> shares = pd.DataFrame({"a": [1.0, 0.0, 0.5], "b": [0.0, 1.0, 0.5]})
    >>> topic_shares(shares, ["2019", "2021", "2021"]).values.tolist()
    [[1.0, 0.0], [nan, nan], [0.25, 0.75]]
    """
    if len(dates) != len(doc_topics):
        raise ValueError(f"{len(doc_topics)} documents but {len(dates)} dates")
    periods = document_periods(dates, by=by)
    frame = doc_topics.reset_index(drop=True)
    means = frame.groupby(periods.to_numpy()).mean()
    return means.reindex(pd.Index(_all_periods(periods, by), name="period"))
