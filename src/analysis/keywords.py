"""Keyword extraction, keyness and method comparison. Every method returns the same shape:

==========  ===========================================================================
doc_id      the document (``group`` instead for per-group / per-cluster / corpus keywords)
rank        1 = best
term        the keyword (may be a phrase such as 无线传感器网络)
score       the method's score, larger is better
method      the method's name
==========  ===========================================================================
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import numpy as np
import pandas as pd
from scipy import sparse

from . import config, parallel
from .segment import Segmenter, general_stopwords
from .tokens import SegmentedCorpus, TokenLists
from .vectorize import check_doc_ids, count_matrix, tfidf

__all__ = [
    "KEYWORD_COLUMNS",
    "METHODS",
    "class_tfidf",
    "compare_methods",
    "extract_keywords",
    "group_keywords",
    "jieba_keywords",
    "keyness",
    "phrase_keywords",
    "tfidf_keywords",
]

KEYWORD_COLUMNS = ["doc_id", "rank", "term", "score", "method"]
GROUP_COLUMNS = ["group", "rank", "term", "score", "method"]
METHODS = config.KEYWORD_METHODS


def _check_top_n(top_n: int) -> None:
    if not isinstance(top_n, (int, np.integer)) or top_n < 1:
        raise ValueError(f"top_n must be a positive integer, got {top_n!r}")


def _frame(rows: list[tuple], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    return frame.astype({"rank": "int64", "score": "float64"})


def tfidf_keywords(
    tokens: Sequence[Sequence[str]],
    *,
    doc_ids: Sequence | None = None,
    top_n: int = 10,
    ngram_range: tuple[int, int] = (1, 1),
    min_df: int | float = 1,
    max_df: int | float = 1.0,
) -> pd.DataFrame:
    """Top TF-IDF terms of each document, with IDF learnt from the corpus itself.

    Examples
    --------
    >>> kw = tfidf_keywords([["数字枷锁", "基层", "基层"], ["基层", "数据"]], top_n=2)
    >>> kw.query("doc_id == 0")[["rank", "term", "method"]].values.tolist()
    [[1, '基层', 'tfidf'], [2, '数字枷锁', 'tfidf']]
    """
    _check_top_n(top_n)
    tokens = TokenLists.coerce(tokens)
    ids = check_doc_ids(doc_ids, len(tokens))
    rows: list[tuple] = []
    if not tokens.n_tokens:
        return _frame(rows, KEYWORD_COLUMNS)
    result = tfidf(tokens, ngram_range=ngram_range, min_df=min_df, max_df=max_df)
    for i, doc_id in enumerate(ids):
        top = result.top_terms(i, top_n)
        rows.extend(
            (doc_id, r + 1, t, float(s), "tfidf")
            for r, (t, s) in enumerate(zip(top["term"], top["score"], strict=True))
        )
    return _frame(rows, KEYWORD_COLUMNS)


def group_keywords(
    tokens: Sequence[Sequence[str]],
    groups: Sequence,
    *,
    top_n: int = 10,
    counts: tuple | None = None,
) -> pd.DataFrame:
    """Distinctive terms of each group (cluster, year, source …) by class-based TF-IDF.

    The documents of a group are pooled; a term scores high when it is frequent in the group
    and rare across groups: ``tf(t, g) · log(1 + A / f(t))`` with ``A`` the mean number of
    tokens per group and ``f(t)`` the term's count over all groups (as in BERTopic's c-TF-IDF).
    With a single group this is plain frequency. ``counts``: ``count_matrix(tokens)`` when
    the caller has it already.

    Examples
    --------
    >>> kw = group_keywords([["数据", "共享"], ["数据", "平台"], ["形式主义"]], ["a", "a", "b"])
    >>> kw.query("rank == 1")[["group", "term"]].values.tolist()
    [['a', '数据'], ['b', '形式主义']]
    """
    _check_top_n(top_n)
    tokens = TokenLists.coerce(tokens)
    if len(groups) != len(tokens):
        raise ValueError(f"{len(tokens)} documents but {len(groups)} group labels")
    if not tokens.n_tokens:
        return _frame([], GROUP_COLUMNS)
    # columns in term order: ties in class_tfidf break by term
    counts, terms = counts if counts is not None else count_matrix(tokens)
    index: dict = {}
    codes = np.array([index.setdefault(g, len(index)) for g in groups], dtype=np.int64)
    indicator = sparse.csr_matrix(
        (np.ones(len(codes)), (codes, np.arange(len(codes)))), shape=(len(index), len(codes))
    )
    return class_tfidf(indicator @ counts, terms, list(index), top_n=top_n)


def class_tfidf(pooled, terms: Sequence[str], groups: Sequence, *, top_n: int = 10) -> pd.DataFrame:
    """c-TF-IDF (see :func:`group_keywords`) of term counts already pooled per group: row
    ``i`` of the sparse ``pooled`` matrix counts the terms (columns, sorted) of ``groups[i]``.
    Returns the columns of :func:`group_keywords`, groups in ``str`` order."""
    _check_top_n(top_n)
    pooled = sparse.csr_matrix(pooled)
    pooled.sum_duplicates()
    terms = np.asarray(terms, dtype=object)
    total = np.asarray(pooled.sum(axis=0)).ravel()
    avg = total.sum() / max(len(groups), 1)
    rows: list[tuple] = []
    for i in sorted(range(len(groups)), key=lambda i: str(groups[i])):
        row = pooled.getrow(i)
        if not row.nnz or row.data.sum() <= 0:
            continue
        scores = row.data / row.data.sum() * np.log1p(avg / total[row.indices])
        order = np.lexsort((row.indices, -scores))[:top_n]
        rows.extend(
            (groups[i], r + 1, terms[row.indices[j]], float(scores[j]), "c-tfidf")
            for r, j in enumerate(order)
        )
    return _frame(rows, GROUP_COLUMNS)


def keyness(
    tokens: Sequence[Sequence[str]],
    is_target: Sequence[bool],
    *,
    top_n: int = 20,
    min_count: int = 2,
    group: str = "target",
    method: Literal["log-likelihood", "log-ratio"] = "log-likelihood",
) -> pd.DataFrame:
    """Terms over-used in a target group of documents compared with the rest (the reference).

    ``log-likelihood`` is Dunning's G² (how sure the difference is), ``log-ratio`` is the
    binary log of the ratio of relative frequencies (how big it is; 0.5 added to zero
    counts). Only terms relatively more frequent in the target and seen ``min_count`` times
    there are listed.

    Returns
    -------
    pandas.DataFrame
        ``group, rank, term, score, method`` and, to judge each score, ``count`` (in the
        target), ``ref_count`` (in the reference), ``log_likelihood``, ``log_ratio``.

    Examples
    --------
    >>> toks = [["形式主义", "形式主义", "平台"], ["数据", "平台"], ["数据", "共享"]]
    >>> keyness(toks, [True, False, False], min_count=2)[["term", "count", "ref_count"]]
           term  count  ref_count
    0  形式主义      2          0
    """
    if len(is_target) != len(tokens):
        raise ValueError(f"{len(tokens)} documents but {len(is_target)} target flags")
    if method not in ("log-likelihood", "log-ratio"):
        raise ValueError(f"method must be 'log-likelihood' or 'log-ratio', got {method!r}")
    _check_top_n(top_n)
    target, reference = Counter(), Counter()
    for flag, toks in zip(is_target, tokens, strict=True):
        (target if flag else reference).update(toks)
    c, d = sum(target.values()), sum(reference.values())
    columns = [*GROUP_COLUMNS, "count", "ref_count", "log_likelihood", "log_ratio"]
    if c == 0 or d == 0:
        raise ValueError(
            "keyness needs tokens in both the target and the reference documents "
            f"(target: {c} tokens, reference: {d})"
        )
    terms = [t for t, a in target.items() if a >= min_count]
    a = np.array([target[t] for t in terms], dtype=float)
    b = np.array([reference[t] for t in terms], dtype=float)
    e1, e2 = c * (a + b) / (c + d), d * (a + b) / (c + d)
    with np.errstate(divide="ignore", invalid="ignore"):
        g2 = 2 * (np.where(a > 0, a * np.log(a / e1), 0) + np.where(b > 0, b * np.log(b / e2), 0))
    log_ratio = np.log2(((np.where(a == 0, 0.5, a)) / c) / ((np.where(b == 0, 0.5, b)) / d))
    frame = pd.DataFrame(
        {
            "term": terms,
            "count": a.astype(int),
            "ref_count": b.astype(int),
            "log_likelihood": g2,
            "log_ratio": log_ratio,
        }
    )
    frame = frame[frame["log_ratio"] > 0]
    frame["score"] = frame["log_likelihood" if method == "log-likelihood" else "log_ratio"]
    frame = frame.sort_values(["score", "term"], ascending=[False, True]).head(top_n)
    frame = frame.assign(group=group, rank=np.arange(1, len(frame) + 1), method=method)
    return frame[columns].reset_index(drop=True).astype({"rank": "int64"})


def compare_methods(keywords: pd.DataFrame, *, top_k: int = 10) -> pd.DataFrame:
    """How far keyword methods agree: mean share of shared terms in the top ``top_k``.

    Takes the concatenated output of several methods (same ``doc_id`` values) and returns a
    square table, methods × methods, of the mean overlap ``|A ∩ B| / top_k`` per document.
    """
    key = "doc_id" if "doc_id" in keywords.columns else "group"
    top = keywords[keywords["rank"] <= top_k]
    sets = {(m, d): set(g["term"]) for (m, d), g in top.groupby(["method", key], sort=False)}
    methods = list(dict.fromkeys(top["method"]))
    docs = list(dict.fromkeys(top[key]))
    table = pd.DataFrame(index=pd.Index(methods, name="method"), columns=methods, dtype=float)
    for m1 in methods:
        for m2 in methods:
            overlaps = [
                len(sets.get((m1, d), set()) & sets.get((m2, d), set())) / top_k for d in docs
            ]
            table.loc[m1, m2] = float(np.mean(overlaps)) if overlaps else np.nan
    return table


# --------------------------------------------------------------------------- phrase keywords

#: POS tags that always end a phrase: particles, prepositions, conjunctions, pronouns,
#: interjections, localisers (中/上/后), measure words and adverbs (逐渐, 不断).
_BREAK_POS = frozenset(
    {"uj", "ul", "uz", "ud", "ug", "uv", "u", "p", "c", "r", "y", "e", "o", "f", "mq", "d"}
)
#: Words that always end a phrase: copulas and existentials (数据是智慧城市 is a clause).
_BREAK_WORDS = frozenset({"是", "为", "成为", "有", "没有"})
#: A one-character stopword may sit inside a phrase when tagged as content (管 in 拉瓦尔管).
_SINGLE_STOP_OK = frozenset(
    {"n", "ng", "nr", "ns", "nz", "vn", "zg", "k", "h", "q", "a", "m", "b", "x", "g", "v"}
)
_JOINERS = frozenset({"-", "/", "·", "+"})
_NUM = re.compile(r"^[\d.%％,，+\-～~:/]+$")
_PUNCT = re.compile(r"^\W+$")
_DIGIT = re.compile(r"\d")
_LATIN = re.compile(r"[A-Za-z]")

#: Weights of the phrase score (log-linear). Chosen once on the CSL development abstracts by a
#: coarse grid over these general features; nothing else is learnt from any data set.
PHRASE_WEIGHTS = {
    "alone": 1.0,
    "position": 2.0,
    "jieba_idf": 0.1,
    "corpus_idf": 0.2,
    "phrase_df": 0.3,
    "two_chars": 1.5,
    "four_tokens": 1.25,
    "latin": 0.75,
    "domain_term": 1.0,
}


_LEAD_CHARS = 300
_LONG_TEXT = 2000
_STATS_SAMPLE = 3000


@lru_cache(maxsize=1)
def _jieba_idf() -> tuple[dict[str, float], float]:
    """jieba's bundled IDF table (``jieba/analyse/idf.txt``) and its median."""
    from importlib.resources import files

    idf = {}
    for line in (files("jieba") / "analyse" / "idf.txt").read_text(encoding="utf-8").splitlines():
        word, _, value = line.rpartition(" ")
        if word:
            idf[word] = float(value)
    return idf, float(np.median(list(idf.values())))


def _phrase_candidates(
    tagged: Sequence[tuple[str, str]], stopwords: frozenset[str], max_tokens: int
) -> tuple[dict[str, list[str]], dict[str, int]]:
    """Every run of 1…max_tokens adjacent content tokens, joined: string → its tokens, and how
    often each occurs as such a run."""

    def content(word: str, pos: str) -> bool:
        if word in _JOINERS:
            return True
        if word in _BREAK_WORDS:
            return False
        if _NUM.match(word) or _PUNCT.match(word) or not word.strip():
            return False
        if word in stopwords and (len(word) >= 2 or pos not in _SINGLE_STOP_OK):
            return False
        if pos == "m" and _DIGIT.search(word):
            return False
        return pos not in _BREAK_POS

    verdicts: dict[tuple[str, str], bool] = {}  # tokens repeat: each pair decided once
    runs, current = [], []
    for pair in tagged:
        keep = verdicts.get(pair)
        if keep is None:
            keep = verdicts[pair] = content(*pair)
        if keep:
            current.append(pair)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    found: dict[str, list[str]] = {}
    spans: dict[str, int] = {}
    for run in runs:
        words = [w for w, _ in run]
        tags = [p for _, p in run]
        for i, first in enumerate(words):
            if tags[i] in ("k", "u") or first in _JOINERS:
                continue
            phrase = ""  # words i…j joined, grown one word at a time
            for j in range(i, min(i + max_tokens, len(words))):
                phrase += words[j]
                if tags[j] == "h" or words[j] in _JOINERS:
                    continue
                if len(phrase) >= 2:
                    if phrase in spans:
                        spans[phrase] += 1
                    else:
                        spans[phrase] = 1
                        found[phrase] = words[i : j + 1]
    return found, spans


def phrase_keywords(
    texts: Sequence[str],
    tagged: Sequence[Sequence[tuple[str, str]]],
    *,
    doc_ids: Sequence | None = None,
    top_n: int = 10,
    stopwords: Iterable[str] = (),
    exclude: Iterable[str] = (),
    max_tokens: int = 4,
    corpus_stats: bool = True,
    domain_terms: Iterable[str] = (),
) -> pd.DataFrame:
    """Keywords that may be phrases (活性染料, 无线传感器网络, 数字化平台).

    Candidates are runs of 1–``max_tokens`` adjacent content tokens that cross no punctuation,
    function word or stopword. Each is scored by how often it occurs (and occurs on its own,
    not only inside a longer candidate), how early it first appears (weighted less in texts
    longer than an abstract), the IDF of its tokens
    (jieba's table and, with ``corpus_stats``, the corpus's own), how common the whole phrase
    is across the corpus, and small penalties for two-character, four-token and Latin terms.
    A candidate contained in an already chosen keyword is skipped. ``domain_terms`` (the
    user dictionary's words, which the analyst declared as the terms of the field) get a bonus.

    Parameters
    ----------
    texts
        Cleaned texts.
    tagged
        ``(word, pos)`` pairs of each text, unfiltered (``Segmenter.tag``).
    stopwords
        Function words that end a phrase (a general list such as ``stopwordsiso``'s).
    exclude
        Terms never returned (e.g. domain stopwords such as 加强, 推进); unlike ``stopwords``
        they do not split phrases.

    Examples
    --------
    >>> from analysis.segment import Segmenter
    >>> seg = Segmenter()
    >>> texts = ["无线传感器网络的节点定位算法。无线传感器网络能耗低。", "数据共享平台建设。"]
    >>> kw = phrase_keywords(texts, [seg.tag(t) for t in texts], top_n=2)
    >>> kw.query("doc_id == 0")["term"].tolist()
    ['无线传感器网络', '节点定位算法']
    """
    _check_top_n(top_n)
    ids = check_doc_ids(doc_ids, len(texts))
    if len(tagged) != len(texts):
        raise ValueError(f"{len(texts)} texts but {len(tagged)} tagged documents")
    scorer = _PhraseScorer.fit(
        tagged,
        stopwords=stopwords,
        exclude=exclude,
        domain_terms=domain_terms,
        max_tokens=max_tokens,
        corpus_stats=corpus_stats,
        top_n=top_n,
    )
    rows: list[tuple] = []
    for i, (doc_id, text) in enumerate(zip(ids, texts, strict=True)):
        chosen = scorer(text, tagged[i]) if isinstance(text, str) and text else []
        rows.extend((doc_id, r + 1, t, sc, "phrase") for r, (t, sc) in enumerate(chosen))
    return _frame(rows, KEYWORD_COLUMNS)


@dataclass
class _PhraseScorer:
    """The phrase method's settings and corpus statistics; called on one document at a time
    (so documents can be scored in parallel and never all held in memory)."""

    stopwords: frozenset[str]
    exclude: frozenset[str]
    domain_terms: frozenset[str]
    max_tokens: int
    corpus_stats: bool
    top_n: int
    token_df: Counter[str]
    ngram_df: Counter[str]
    n_docs: int
    df_scale: float

    @classmethod
    def fit(
        cls,
        tagged: Sequence,
        *,
        stopwords,
        exclude,
        domain_terms,
        max_tokens: int,
        corpus_stats: bool,
        top_n: int,
    ) -> _PhraseScorer:
        # document frequencies from at most _STATS_SAMPLE documents (a seeded sample), which
        # bounds time and memory on large corpora; phrase frequencies are scaled to the corpus
        sample: Sequence[int] = range(len(tagged))
        if len(tagged) > _STATS_SAMPLE:
            sample = sorted(random.Random(0).sample(range(len(tagged)), _STATS_SAMPLE))
        token_df: Counter[str] = Counter()
        ngram_df: Counter[str] = Counter()
        if corpus_stats:
            for i in sample:
                words = [p[0] for p in tagged[i]]
                token_df.update(set(words))
                grams = set()
                for j in range(len(words) - 1):  # the 2…max_tokens-grams starting at j
                    gram = words[j]
                    for word in words[j + 1 : j + max_tokens]:
                        gram += word
                        grams.add(gram)
                ngram_df.update(grams)
        return cls(
            frozenset(stopwords),
            frozenset(exclude),
            frozenset(domain_terms),
            max_tokens,
            corpus_stats,
            top_n,
            token_df,
            ngram_df,
            len(sample),
            len(tagged) / max(len(sample), 1),
        )

    def __call__(self, text: str, pairs: Sequence[tuple[str, str]]) -> list[tuple[str, float]]:
        w = PHRASE_WEIGHTS
        idf, median_idf = _jieba_idf()
        jieba_weight = w["jieba_idf"] if self.corpus_stats else 0.15
        found, spans = _phrase_candidates(pairs, self.stopwords, self.max_tokens)
        if len(text) > _LONG_TEXT:  # in a long text, a term used once is no keyword
            found = {p: words for p, words in found.items() if spans[p] >= 2}
        # where a term first appears says most in an abstract-sized text (~300 characters);
        # in a long essay or report the lead is no summary, so the weight fades with length
        position_weight = w["position"] * min(1.0, (_LEAD_CHARS / len(text)) ** 0.5)
        tf = {s: text.count(s) for s in found}
        nested = dict.fromkeys(found, 0)  # largest tf of a longer candidate containing s
        for longer in found:
            for i in range(len(longer)):
                for j in range(i + 2, len(longer) + 1 - (i == 0)):
                    sub = longer[i:j]
                    if sub in nested and nested[sub] < tf[longer]:
                        nested[sub] = tf[longer]
        scored = []
        for phrase, words in found.items():
            if phrase in self.exclude:
                continue
            count = max(tf[phrase], 1)
            first = text.find(phrase)
            score = (
                math.log(count)
                + w["alone"] * math.log1p(max(count - nested[phrase], 0))
                - position_weight * max(first, 0) / len(text)
                + jieba_weight * sum(idf.get(t, median_idf) for t in words) / len(words)
            )
            if self.corpus_stats:
                score += (
                    w["corpus_idf"]
                    * sum(math.log(self.n_docs / max(self.token_df[t], 1)) for t in words)
                    / len(words)
                )
                df = self.ngram_df[phrase] if len(words) > 1 else self.token_df[words[0]]
                score -= w["phrase_df"] * math.log(max(df * self.df_scale, 1))
            score -= (
                w["two_chars"] * (len(phrase) == 2)
                + w["four_tokens"] * (len(words) == 4)
                + w["latin"] * bool(_LATIN.search(phrase))
            )
            score += w["domain_term"] * (phrase in self.domain_terms)
            scored.append((-score, first, phrase))
        scored.sort()
        chosen: list[tuple[str, float]] = []
        for neg, _, phrase in scored:
            if any(phrase in c for c, _ in chosen):
                continue
            chosen.append((phrase, float(-neg)))
            if len(chosen) == self.top_n:
                break
        return chosen


class _CorpusPairs(Sequence):
    """``(word, tag)`` pairs of each document of a segmented corpus, read on access."""

    def __init__(self, corpus: SegmentedCorpus) -> None:
        self.corpus = corpus

    def __len__(self) -> int:
        return len(self.corpus)

    def __getitem__(self, i):
        return self.corpus.pairs(i)


def _score_chunk(scorer: _PhraseScorer, job: tuple) -> list[list[tuple[str, float]]]:
    texts, corpus = job
    return [
        scorer(t, pairs) if t else [] for t, pairs in zip(texts, corpus.iter_pairs(), strict=True)
    ]


def _parallel_phrase_keywords(texts, ids, corpus, scorer, workers) -> pd.DataFrame:
    jobs, start = [], 0
    for chunk in parallel.text_chunks(list(texts)):
        jobs.append((chunk, corpus.rows(start, start + len(chunk))))
        start += len(chunk)
    parts = parallel.process_map(_score_chunk, jobs, shared=scorer, workers=workers)
    scored = [chosen for part in parts for chosen in part]
    rows = [
        (doc_id, r + 1, t, sc, "phrase")
        for doc_id, chosen in zip(ids, scored, strict=True)
        for r, (t, sc) in enumerate(chosen)
    ]
    return _frame(rows, KEYWORD_COLUMNS)


# --------------------------------------------------------------------------- jieba references


def jieba_keywords(
    corpus: SegmentedCorpus,
    *,
    doc_ids: Sequence | None = None,
    top_n: int = 10,
    method: Literal["jieba-tfidf", "jieba-textrank"] = "jieba-tfidf",
) -> pd.DataFrame:
    """jieba's own keyword algorithms, as references, on the words of the segmented corpus
    (so the text is not segmented again): ``jieba-tfidf`` is ``jieba.analyse.extract_tags``
    (term frequency × jieba's IDF table, its median for unknown words, jieba's stopwords);
    ``jieba-textrank`` is ``jieba.analyse.textrank`` (nouns and verbs, co-occurrence within 5
    words, jieba's own weighted PageRank, scores scaled as jieba scales them).

    >>> from analysis.segment import Segmenter
    >>> corpus = Segmenter().segmented(["数字枷锁困住基层治理，数字枷锁必须卸掉。"])
    >>> jieba_keywords(corpus, top_n=2)["term"].tolist()
    ['数字枷锁', '基层治理']
    """
    import jieba.analyse
    from jieba.analyse.textrank import UndirectWeightedGraph

    _check_top_n(top_n)
    ids = check_doc_ids(doc_ids, len(corpus))
    if method not in ("jieba-tfidf", "jieba-textrank"):
        raise ValueError(f"method must be 'jieba-tfidf' or 'jieba-textrank', got {method!r}")
    tfidf = jieba.analyse.default_tfidf
    idf, median = tfidf.idf_freq, tfidf.median_idf
    stop = jieba.analyse.default_textrank.stop_words
    allowed = frozenset(("ns", "n", "vn", "v"))
    rows: list[tuple] = []
    for doc_id, pairs in zip(ids, corpus.iter_pairs(), strict=True):
        if method == "jieba-tfidf":
            freq = Counter(w for w, _ in pairs if len(w.strip()) >= 2 and w.lower() not in stop)
            total = sum(freq.values())
            scores = {w: n * idf.get(w, median) / total for w, n in freq.items()}
        else:
            ok = [t in allowed and len(w.strip()) >= 2 and w.lower() not in stop for w, t in pairs]
            co: Counter[tuple[str, str]] = Counter()
            for i, (word, _) in enumerate(pairs):
                if ok[i]:
                    co.update(
                        (word, pairs[j][0]) for j in range(i + 1, min(i + 5, len(pairs))) if ok[j]
                    )
            graph = UndirectWeightedGraph()
            for (a, b), weight in co.items():
                graph.addEdge(a, b, weight)
            scores = graph.rank() if co else {}
        best = sorted(scores.items(), key=lambda item: item[1], reverse=True)[:top_n]
        rows.extend((doc_id, r + 1, t, float(sc), method) for r, (t, sc) in enumerate(best))
    return _frame(rows, KEYWORD_COLUMNS)


# --------------------------------------------------------------------------- one entry point


def extract_keywords(
    texts: Sequence[str],
    *,
    doc_ids: Sequence | None = None,
    method: str = "phrase",
    top_n: int = 10,
    segmenter: Segmenter | None = None,
    tokens: SegmentedCorpus | Sequence[Sequence[str]] | None = None,
) -> pd.DataFrame:
    """Keywords of each document by any method of :data:`METHODS`; see the module for the shape.

    ``tokens`` is the segmented corpus of ``texts`` (:func:`analysis.segcache.segment_corpus`,
    cached): every method reads it and none segments again. Without it the texts are segmented
    here, once. ``phrase`` (default, the best measured: see the README) builds candidates from
    its ``(word, tag)`` runs; ``tfidf`` uses its kept tokens (plain token lists are accepted
    too); ``jieba-tfidf`` and ``jieba-textrank`` are jieba's algorithms, as references.

    Examples
    --------
    >>> kw = extract_keywords(["卸掉基层治理的数字枷锁，数字枷锁本质是形式主义。"], top_n=2)
    >>> kw["term"].tolist()
    ['数字枷锁', '基层治理']
    """
    if method not in METHODS:
        raise ValueError(f"unknown keyword method {method!r}; choose one of {', '.join(METHODS)}")
    texts = ["" if not isinstance(t, str) else t for t in texts]
    segmenter = segmenter or Segmenter()
    if method == "tfidf" and tokens is not None and not isinstance(tokens, SegmentedCorpus):
        return tfidf_keywords(tokens, doc_ids=doc_ids, top_n=top_n)
    corpus = tokens if isinstance(tokens, SegmentedCorpus) else segmenter.segmented(texts)
    if len(corpus) != len(texts):
        raise ValueError(
            f"extract_keywords: {len(texts)} texts but a segmented corpus of {len(corpus)} "
            "documents; pass the segment_corpus result of these very texts"
        )
    if method == "tfidf":
        return tfidf_keywords(corpus, doc_ids=doc_ids, top_n=top_n)
    if method != "phrase":
        return jieba_keywords(corpus, doc_ids=doc_ids, top_n=top_n, method=method)
    general = general_stopwords()
    options = {
        "stopwords": segmenter.stopwords & general,
        "exclude": segmenter.stopwords - general,
        "domain_terms": segmenter.dictionary_words,
    }
    workers = parallel.pool_workers(texts)
    if workers:
        _check_top_n(top_n)
        tagged = _CorpusPairs(corpus)
        scorer = _PhraseScorer.fit(tagged, max_tokens=4, corpus_stats=True, top_n=top_n, **options)
        ids = check_doc_ids(doc_ids, len(texts))
        return _parallel_phrase_keywords(texts, ids, corpus, scorer, workers)
    tagged = list(corpus.iter_pairs())  # small corpus: converted once, used twice
    return phrase_keywords(texts, tagged, doc_ids=doc_ids, top_n=top_n, **options)
