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

import random
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import chain, pairwise
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
from scipy import sparse

from . import config, parallel
from .segment import Segmenter, general_stopwords, read_wordlist
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
    "place_names",
    "tfidf_keywords",
    "without_places",
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
    max_df: int | float = 1.0,
) -> pd.DataFrame:
    """Distinctive terms of each group (cluster, year, source …) by class-based TF-IDF.

    The documents of a group are pooled; a term scores high when it is frequent in the group
    and rare across groups: ``tf(t, g) · log(1 + A / f(t))`` with ``A`` the mean number of
    tokens per group and ``f(t)`` the term's count over all groups (as in BERTopic's c-TF-IDF).
    With a single group this is plain frequency. ``counts``: ``count_matrix(tokens)`` when
    the caller has it already. Terms in more than ``max_df`` of the documents (a share, or a
    count when an int) are left out, from :data:`MAX_DF_FROM` documents on.

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
    if len(tokens) >= MAX_DF_FROM and max_df != 1.0:
        limit = max_df if isinstance(max_df, int) else max_df * len(tokens)
        keep = np.flatnonzero(np.asarray((counts > 0).sum(axis=0)).ravel() <= limit)
        counts, terms = counts[:, keep], [terms[j] for j in keep]
    index: dict = {}
    codes = np.array([index.setdefault(g, len(index)) for g in groups], dtype=np.int64)
    indicator = sparse.csr_matrix(
        (np.ones(len(codes)), (codes, np.arange(len(codes)))), shape=(len(index), len(codes))
    )
    return class_tfidf(indicator @ counts, terms, list(index), top_n=top_n)


def class_tfidf(pooled, terms: Sequence[str], groups: Sequence, *, top_n: int = 10) -> pd.DataFrame:
    """c-TF-IDF (see :func:`group_keywords`) of term counts already pooled per group: row
    ``i`` of the sparse ``pooled`` matrix counts the terms (columns, sorted) of ``groups[i]``.
    Returns the columns of :func:`group_keywords`, groups in order (numbers by value)."""
    _check_top_n(top_n)
    pooled = sparse.csr_matrix(pooled)
    pooled.sum_duplicates()
    terms = np.asarray(terms, dtype=object)
    total = np.asarray(pooled.sum(axis=0)).ravel()
    avg = total.sum() / max(len(groups), 1)
    rows: list[tuple] = []

    def order(i: int) -> tuple:  # numbers in numeric order (cluster 2 before 10), then text
        g = groups[i]
        numeric = isinstance(g, (int, float, np.integer, np.floating)) and not isinstance(g, bool)
        return (0, float(g), "") if numeric else (1, 0.0, str(g))

    for i in sorted(range(len(groups)), key=order):
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
#: Years and dates in Chinese numerals (一九五八年, 二〇二四, 三月, 十五日), dropped like Arabic
#: numbers; plan names such as 十四五 and 十八大 are not dates and stay.
_CJK_DATE = re.compile(
    r"^(?:[一二][九〇零][〇零一二三四五六七八九]{0,2}年?|[〇零一二三四五六七八九十]+[年月日号])$"
)
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
#: The document-frequency ceiling (``max_df``) applies from this many documents on.
MAX_DF_FROM = 10


@lru_cache(maxsize=1)
def _jieba_idf() -> tuple[dict[str, float], float]:
    """jieba's bundled IDF table (``jieba/analyse/idf.txt``, a word and its IDF per line, no
    word holds a space) and its median; found without importing jieba."""
    from importlib.util import find_spec

    folder = find_spec("jieba").submodule_search_locations[0]
    fields = (Path(folder) / "analyse" / "idf.txt").read_text(encoding="utf-8").split()
    values = np.array(fields[1::2], float)
    return dict(zip(fields[0::2], values.tolist(), strict=True)), float(np.median(values))


@dataclass(frozen=True)
class _Occurrences:
    """Where phrase candidates occur in a block of documents, one row per occurrence (by
    length, then position): every run of 1…``max_tokens`` adjacent content tokens that crosses no
    punctuation, function word, stopword or document end, does not start with a suffix (k),
    particle (u) or joiner, does not end with a prefix (h) or joiner, and has ≥ 2 characters."""

    doc: np.ndarray  # int64: the document (index in the block)
    start: np.ndarray  # int64: its first token (flat index into the block's tokens)
    n: np.ndarray  # int64: its number of tokens
    phrase: np.ndarray  # int64: code into ``phrases``
    phrases: object  # pyarrow string array: each distinct phrase once
    codes: np.ndarray  # int32: word code of every token of the block
    vocab: np.ndarray  # object: the block's distinct words
    char_cum: np.ndarray  # int64: characters before each token, flat (n_tokens + 1)


#: Bits of :func:`_word_rules`.
_JOINER, _NEVER, _STOP_LONG, _STOP_SHORT, _HAS_DIGIT = 1, 2, 4, 8, 16


def _word_rules(vocab: np.ndarray, stopwords: frozenset[str]) -> tuple[np.ndarray, np.ndarray]:
    """Per distinct word: its rule bits (joiner, never content, stopword of ≥ 2 characters,
    one-character stopword, has a digit) and its length."""
    words = vocab.tolist()
    bits = np.fromiter(map(_word_kind, words), np.uint8, len(words))
    stop = np.fromiter((w in stopwords for w in words), bool, len(words))
    lengths = np.fromiter(map(len, words), np.int64, len(words))
    bits |= np.where(lengths >= 2, _STOP_LONG, _STOP_SHORT).astype(np.uint8) * stop
    return bits, lengths


@lru_cache(maxsize=1 << 20)
def _word_kind(w: str) -> int:
    """The bits of :func:`_word_rules` that depend on the word alone (remembered: the blocks
    of a corpus share most of their words)."""
    never = (
        w in _BREAK_WORDS
        or bool(_NUM.match(w) or _PUNCT.match(w) or _CJK_DATE.match(w))
        or not w.strip()
    )
    return _JOINER * (w in _JOINERS) | _NEVER * never | _HAS_DIGIT * bool(_DIGIT.search(w))


def _group_min(keys: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For non-negative int64 ``keys`` and ``values``: each distinct key (in order), the
    smallest of its values and how many it has. One plain sort of (key, value) packed into an
    int64, several times faster here than ``np.unique`` and a grouped minimum."""
    if len(keys) == 0:
        return (np.zeros(0, np.int64),) * 3
    shift = int(values.max()).bit_length()
    if int(keys.max()).bit_length() + shift <= 63:
        packed = np.sort((keys << shift) | values)
        sorted_keys, sorted_values = packed >> shift, packed & ((1 << shift) - 1)
    else:  # too large to pack
        order = np.lexsort((values, keys))
        sorted_keys, sorted_values = keys[order], values[order]
    starts = np.flatnonzero(np.concatenate([[True], sorted_keys[1:] != sorted_keys[:-1]]))
    return sorted_keys[starts], sorted_values[starts], np.diff(np.append(starts, len(keys)))


def _distinct(keys: np.ndarray) -> np.ndarray:
    """``np.unique(keys)``, by a plain sort."""
    keys = np.sort(keys)
    return keys[np.concatenate([[True], keys[1:] != keys[:-1]])] if len(keys) else keys


def _encode(arrays: list) -> tuple[object, np.ndarray]:
    """The distinct strings of several Arrow string arrays (first seen first) and the code of
    each string, all arrays in order: one dictionary encoding across the chunks, no copy."""
    import pyarrow as pa

    encoded = pa.chunked_array(arrays, pa.string()).dictionary_encode()
    if not encoded.num_chunks:
        return pa.array([], pa.string()), np.zeros(0, np.int64)
    codes = [c.indices.to_numpy(zero_copy_only=False) for c in encoded.chunks]
    return encoded.chunks[-1].dictionary, np.concatenate(codes).astype(np.int64)


def _occurrences(
    corpus: SegmentedCorpus,
    stopwords: frozenset[str],
    max_tokens: int,
    places: frozenset[str] | None = None,
) -> _Occurrences:
    """Every phrase candidate of ``corpus`` from its ``(word, tag)`` codes, vectorized. With
    ``places``, a place name (tagged ``ns`` or listed there) ends a phrase like a stopword."""
    import pyarrow as pa
    import pyarrow.compute as pc

    enc = corpus.word_codes
    codes, vocab = enc.codes, enc.vocab
    tags, names = corpus._tag_codes
    bits, lengths = _word_rules(vocab, stopwords)
    rules = bits[codes]
    joiner, never, stop_long, stop_short, digit = (
        (rules & bit).astype(bool) for bit in (_JOINER, _NEVER, _STOP_LONG, _STOP_SHORT, _HAS_DIGIT)
    )

    def tag_in(group) -> np.ndarray:
        return np.array([t in group for t in names], bool)[tags]

    place = np.zeros(len(codes), bool)
    if places is not None:  # a listed place or a word tagged ns
        listed = np.fromiter((w in places for w in vocab.tolist()), bool, len(vocab))
        place = listed[codes] | tag_in({"ns"})

    content = joiner | ~(
        never
        | stop_long
        | (stop_short & ~tag_in(_SINGLE_STOP_OK))
        | (tag_in({"m"}) & digit)
        | tag_in(_BREAK_POS)
        | place
    )
    startable = content & ~joiner & ~tag_in({"k", "u"})
    endable = ~joiner & ~tag_in({"h"})
    char_cum = np.concatenate([[0], np.cumsum(lengths[codes])]).astype(np.int64)
    doc = enc.doc_of_token
    m = len(codes)
    words = pa.array(vocab.tolist(), pa.string())
    starts, ns, seqs, strings = [], [], [], []
    pos = np.flatnonzero(content)  # where a run of n content tokens of one document starts
    ids = codes[pos].astype(np.int64)  # which distinct word sequence that run is
    n_seqs = 0
    for n in range(1, max_tokens + 1):
        if n > 1:  # extend each run by the next token, where it is content of the same document
            nxt = np.minimum(pos + n - 1, max(m - 1, 0))
            ok = (pos + n - 1 < m) & content[nxt] & (doc[nxt] == doc[pos])
            pos, ids = pos[ok], pd.factorize(ids[ok] * len(vocab) + codes[nxt[ok]])[0]
        last = pos + n - 1
        emit = startable[pos] & endable[last] & (char_cum[last + 1] - char_cum[pos] >= 2)
        i = pos[emit]
        # the string of each distinct sequence once, from its first occurrence
        local, distinct = pd.factorize(ids[emit])
        first = np.empty(len(distinct), np.int64)
        first[local[::-1]] = i[::-1]
        parts = [words.take(pa.array(codes[first + k])) for k in range(n)]
        strings.append(pc.binary_join_element_wise(*parts, ""))
        starts.append(i)
        ns.append(np.full(len(i), n, np.int64))
        seqs.append(local + n_seqs)
        n_seqs += len(distinct)
    # one code per distinct string: 数据共享 as one token or as 数据 + 共享 is one phrase
    phrases, seq_phrase = _encode(strings)
    start = np.concatenate([np.zeros(0, np.int64), *starts])
    return _Occurrences(
        doc[start],
        start,
        np.concatenate([np.zeros(0, np.int64), *ns]),
        seq_phrase[np.concatenate([np.zeros(0, np.int64), *seqs])],
        phrases,
        codes,
        vocab,
        char_cum,
    )


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
    max_df: float = config.KEYWORD_MAX_DF,
    drop_places: bool = False,
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

    A keyword should tell its document apart: with ``corpus_stats``, a term found in more than
    ``max_df`` of the documents (建设 and 发展 in nearly every work report) is not returned,
    as scikit-learn's ``max_df`` drops corpus-specific stopwords. It applies from
    :data:`MAX_DF_FROM` documents on (in a handful of documents, sharing a term says little);
    ``max_df=1.0`` keeps every term.

    Parameters
    ----------
    texts
        Cleaned texts.
    tagged
        The segmented corpus of ``texts`` (:class:`~analysis.tokens.SegmentedCorpus`), or the
        ``(word, pos)`` pairs of each text, unfiltered (``Segmenter.tag``).
    stopwords
        Function words that end a phrase (a general list such as ``stopwordsiso``'s).
    exclude
        Terms never returned (e.g. domain stopwords such as 加强, 推进); unlike ``stopwords``
        they do not split phrases.
    max_df
        Largest share of documents a returned term may occur in (0 < max_df ≤ 1).
    drop_places
        Leave place names out: a word tagged ``ns`` or listed in :func:`place_names` ends a
        phrase like a stopword (三亚旅游 → 旅游). In a city's own report its name and districts
        are frequent and distinctive, but say nothing about what the report is about.

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
    if not 0 < max_df <= 1:
        raise ValueError(f"max_df must be a share of documents in (0, 1], got {max_df!r}")
    ids = check_doc_ids(doc_ids, len(texts))
    if len(tagged) != len(texts):
        raise ValueError(f"{len(texts)} texts but {len(tagged)} tagged documents")
    corpus = tagged
    if not isinstance(corpus, SegmentedCorpus):
        corpus = SegmentedCorpus.from_tagged(tagged, kept=[[True] * len(d) for d in tagged])
    texts = [t if isinstance(t, str) else "" for t in texts]
    places = place_names() if drop_places else None
    jobs, start = [], 0  # blocks of about parallel.CHUNK characters bound the memory
    for chunk in parallel.text_chunks(texts):
        jobs.append((chunk, corpus.rows(start, start + len(chunk))))
        start += len(chunk)
    settings = {
        "stopwords": stopwords,
        "exclude": exclude,
        "domain_terms": domain_terms,
        "max_tokens": max_tokens,
        "corpus_stats": corpus_stats,
        "top_n": top_n,
        "places": places,
    }
    if corpus_stats and 0 < len(corpus) <= _STATS_SAMPLE:
        # the statistics are the corpus's own: count them while finding the candidates
        scored = _score_in_one_pass(_PhraseScorer.of(len(corpus), **settings), jobs, texts, max_df)
    else:
        scorer = _PhraseScorer.fit(corpus, max_df=max_df, texts=texts, **settings)
        scored = _map_blocks(_score_block, scorer, jobs, texts)
    rows = [
        (ids[i + offset], r + 1, t, sc, "phrase")
        for offset, (_, block) in zip(_block_offsets(scored), scored, strict=True)
        for i, chosen in block
        for r, (t, sc) in enumerate(chosen)
    ]
    return _frame(rows, KEYWORD_COLUMNS)


def _map_blocks(function, shared, jobs: list, texts: Sequence[str]) -> list:
    """``function(shared, job)`` for each job, in order: on every core when there are several
    jobs over texts large enough for a pool (:func:`~analysis.parallel.pool_workers`), else
    here."""
    workers = parallel.pool_workers(texts)
    if workers and len(jobs) > 1:
        return parallel.process_map(function, jobs, shared=shared, workers=workers)
    return [function(shared, job) for job in jobs]


def _block_offsets(blocks: list) -> list[int]:
    sizes = [n for n, _ in blocks]
    return np.cumsum([0, *sizes])[:-1].tolist()


@dataclass(frozen=True)
class _Candidates:
    """The keyword candidates of a block of documents, one row per (document, phrase) in
    document order, with every feature of the score that needs no corpus statistics."""

    n_texts: int
    doc: np.ndarray  # int64: the document (index in the block), ascending
    phrase: np.ndarray  # int64: index into ``phrases``
    start: np.ndarray  # int64: first token of its first occurrence (flat, into ``codes``)
    n: np.ndarray  # int64: its number of tokens there
    phrases: object  # pyarrow strings: each candidate phrase of the block once
    latin: np.ndarray  # bool, per phrase: holds a Latin letter
    domain: np.ndarray  # bool, per phrase: a domain term
    never: np.ndarray  # bool, per phrase: holds a place name (with ``places``)
    alpha: np.ndarray  # int64, per phrase: its rank in code-point order (breaks ties)
    codes: np.ndarray  # int32: word code of every token of the block
    vocab: object  # pyarrow strings: the block's distinct words
    jieba_idf: np.ndarray  # float, per row: mean jieba IDF of its tokens
    chars: np.ndarray  # int64, per row: its characters
    count: np.ndarray  # float, per row: how often it occurs in the text (at least 1)
    alone: np.ndarray  # float, per row: … not inside another candidate
    first: np.ndarray  # int64, per row: where it first occurs in the text
    position: np.ndarray  # float, per document: the weight of ``first``
    text_len: np.ndarray  # int64, per document: its characters
    # with statistics: documents of the block holding each word, and each phrase of ≥ 2
    # tokens (those held by one document at least: ``df_phrases``, ``df_counts``)
    word_df: np.ndarray | None = None
    df_phrases: object = None
    df_counts: np.ndarray | None = None


def _token_means(per_word: np.ndarray, codes: np.ndarray, start: np.ndarray, n: np.ndarray):
    """The mean of ``per_word`` over the ``n`` tokens from ``start`` of each row."""
    cum = np.concatenate([[0.0], np.cumsum(per_word[codes])])
    return (cum[start + n] - cum[start]) / n


@dataclass
class _PhraseScorer:
    """The phrase method's settings and corpus statistics; called on a block of documents at a
    time (so blocks can be scored in parallel and never all held in memory)."""

    stopwords: frozenset[str]
    exclude: frozenset[str]
    domain_terms: frozenset[str]
    max_tokens: int
    corpus_stats: bool
    top_n: int
    token_df: dict[str, int]  # word → documents of the sample that hold it
    ngram_df: dict[str, int]  # phrase of ≥ 2 tokens → documents of the sample holding it
    n_docs: int
    df_scale: float
    common: frozenset[str]  # terms in more than max_df of the documents: never keywords
    places: frozenset[str] | None = None  # place names that end phrases (drop_places)

    @classmethod
    def of(
        cls, n_docs: int, *, stopwords, exclude, domain_terms, places=None, **settings
    ) -> _PhraseScorer:
        """A scorer without statistics yet, for a corpus of ``n_docs`` documents."""
        _jieba_idf()  # loaded here, so forked workers inherit it
        return cls(
            stopwords=frozenset(stopwords),
            exclude=frozenset(exclude),
            domain_terms=frozenset(domain_terms),
            token_df={},
            ngram_df={},
            n_docs=n_docs,
            df_scale=1.0,
            common=frozenset(),
            places=places,
            **settings,
        )

    @classmethod
    def fit(
        cls,
        corpus: SegmentedCorpus,
        *,
        max_df: float = 1.0,
        texts: Sequence[str] | None = None,
        **settings,
    ) -> _PhraseScorer:
        """The scorer with the statistics of at most :data:`_STATS_SAMPLE` documents (a seeded
        sample), which bounds time and memory on large corpora; phrase frequencies are scaled
        to the corpus. ``settings``: those of :meth:`of`."""
        import pyarrow as pa

        n = len(corpus)
        sample, rows = corpus, range(n)
        if n > _STATS_SAMPLE:
            rows = sorted(random.Random(0).sample(range(n), _STATS_SAMPLE))
            sample = corpus.take_rows(rows)
        scorer = cls.of(len(sample), **settings)
        scorer.df_scale = n / max(len(sample), 1)
        if scorer.corpus_stats and len(sample):
            sample_texts = [texts[i] for i in rows] if texts is not None else None
            rules = (scorer.stopwords, scorer.max_tokens, scorer.places)
            scorer.token_df, scorer.ngram_df = _document_frequencies(sample, rules, sample_texts)
            if (max_df if n >= MAX_DF_FROM else 1.0) < 1 and sample_texts is not None:
                frequencies = [
                    (pa.array(list(df), pa.string()), np.fromiter(df.values(), np.int64, len(df)))
                    for df in (scorer.token_df, scorer.ngram_df)
                ]
                scorer.common = _common_terms(sample_texts, frequencies, max_df * len(sample))
        return scorer

    def __call__(
        self, texts: Sequence[str], corpus: SegmentedCorpus
    ) -> tuple[int, list[tuple[int, list[tuple[str, float]]]]]:
        """The keywords of each non-empty document of a block: ``(len(block), [(index,
        [(term, score), …]), …])``."""
        found = self.candidates(texts, corpus)
        word_df = phrase_df = None
        if self.corpus_stats:
            word_df = np.array([self.token_df.get(t, 0) for t in found.vocab.to_pylist()], float)
            strings = found.phrases.to_pylist()
            phrase_df = np.array([self.ngram_df.get(t, 0) for t in strings], float)
        common = np.fromiter((t in self.common for t in found.phrases.to_pylist()), bool)
        return self.finish(found, word_df, phrase_df, common)

    def candidates(
        self, texts: Sequence[str], corpus: SegmentedCorpus, *, frequencies: bool = False
    ) -> _Candidates:
        """The candidates of a block and their features that need no corpus statistics; with
        ``frequencies``, also the block's document frequencies."""
        import pyarrow as pa
        import pyarrow.compute as pc

        occ = _occurrences(corpus, self.stopwords, self.max_tokens, self.places)
        n_phrases = max(len(occ.phrases), 1)
        # one row per (document, phrase): its first occurrence (shorter first), how often a run
        width = self.max_tokens + 1
        key, first, spans = _group_min(occ.doc * n_phrases + occ.phrase, occ.start * width + occ.n)
        (doc, phrase), (start, n) = divmod(key, n_phrases), divmod(first, width)
        text_len = np.array([len(t) for t in texts], np.int64)
        keep = (text_len[doc] <= _LONG_TEXT) | (spans >= 2)  # in a long text, once is no term
        doc, start, n = doc[keep], start[keep], n[keep]
        # the phrases still candidates, each once (``phrase`` indexes them from here on)
        used, phrase = np.unique(phrase[keep], return_inverse=True)
        phrases = occ.phrases.take(used)
        strings = phrases.to_pylist()
        idf, median_idf = _jieba_idf()
        vocab = occ.vocab.tolist()
        jieba_idf = _token_means(
            np.array([idf.get(t, median_idf) for t in vocab], float), occ.codes, start, n
        )
        never = np.zeros(len(strings), bool)
        if self.places is not None:  # nor a phrase holding a place (中共乐业县委, 三亚旅游)
            never = _holds_place(np.array(strings, dtype=object), self.places)
        # rank of each phrase in code-point order, for ties (as Python sorts strings)
        order = pc.sort_indices(phrases).to_numpy()
        alpha = np.empty(len(order), np.int64)
        alpha[order] = np.arange(len(order))
        # how often each candidate occurs in its text, alone, and where first
        overlapping = np.fromiter(map(_overlaps_itself, strings), bool, len(strings))
        count, alone, at = np.ones(len(doc)), np.zeros(len(doc)), np.zeros(len(doc), np.int64)
        bounds = np.searchsorted(doc, np.arange(len(texts) + 1))
        position = np.zeros(len(texts))
        for d in np.flatnonzero(np.diff(bounds)).tolist():
            lo, hi = bounds[d], bounds[d + 1]
            rows = phrase[lo:hi]
            tf, at[lo:hi], nested = _find_all(
                texts[d], [strings[p] for p in rows.tolist()], overlapping[rows]
            )
            count[lo:hi] = np.maximum(tf, 1)
            alone[lo:hi] = np.maximum(count[lo:hi] - nested, 0)
            # where a term first appears says most in an abstract-sized text (~300
            # characters); in a long essay or report the lead is no summary, so it fades
            position[d] = PHRASE_WEIGHTS["position"] * min(
                1.0, (_LEAD_CHARS / len(texts[d])) ** 0.5
            )
        found = _Candidates(
            n_texts=len(texts),
            doc=doc,
            phrase=phrase,
            start=start,
            n=n,
            phrases=phrases,
            latin=pc.match_substring_regex(phrases, "[A-Za-z]").to_numpy(zero_copy_only=False),
            domain=np.fromiter((t in self.domain_terms for t in strings), bool, len(strings)),
            never=never,
            alpha=alpha,
            codes=occ.codes,
            vocab=pa.array(vocab, pa.string()),
            jieba_idf=jieba_idf,
            chars=occ.char_cum[start + n] - occ.char_cum[start],
            count=count,
            alone=alone,
            first=at,
            position=position,
            text_len=text_len,
        )
        if not frequencies:
            return found
        n_words = max(len(vocab), 1)
        words = _distinct(corpus.word_codes.doc_of_token * n_words + occ.codes)
        multi = occ.n > 1
        pairs = _distinct(occ.doc[multi] * n_phrases + occ.phrase[multi])
        held = np.bincount(pairs % n_phrases, minlength=len(occ.phrases))
        return replace(
            found,
            word_df=np.bincount(words % n_words, minlength=len(vocab)),
            df_phrases=occ.phrases.filter(held > 0),
            df_counts=held[held > 0],
        )

    def finish(
        self,
        found: _Candidates,
        word_df: np.ndarray | None,
        phrase_df: np.ndarray | None,
        common: np.ndarray,
    ) -> tuple[int, list[tuple[int, list[tuple[str, float]]]]]:
        """The keywords of each document of a block with candidates (as :meth:`__call__`),
        given the document frequencies of its words and phrases (float, ``None`` without
        statistics) and which phrases are too common: the score, then the best candidates
        that are not part of a better one, excluded or too common."""
        w, c = PHRASE_WEIGHTS, found
        base = (w["jieba_idf"] if self.corpus_stats else 0.15) * c.jieba_idf
        if self.corpus_stats:
            corpus_idf = np.log(self.n_docs / np.maximum(word_df, 1))
            df = np.where(c.n > 1, phrase_df[c.phrase], word_df[c.codes[c.start]])
            base += w["corpus_idf"] * _token_means(corpus_idf, c.codes, c.start, c.n) - w[
                "phrase_df"
            ] * np.log(np.maximum(df * self.df_scale, 1))
        base -= w["two_chars"] * (c.chars == 2) + w["four_tokens"] * (c.n == 4)
        base -= w["latin"] * c.latin[c.phrase]
        base += w["domain_term"] * c.domain[c.phrase]
        score = (
            base
            + np.log(c.count)
            + w["alone"] * np.log1p(c.alone)
            - c.position[c.doc] * c.first / c.text_len[c.doc]
        )
        skip = (common | c.never)[c.phrase]
        order = np.lexsort((c.alpha[c.phrase], c.first, -score, c.doc))
        bounds = np.searchsorted(c.doc, np.arange(c.n_texts + 1))
        strings = c.phrases.to_pylist()
        results = []
        for d in np.flatnonzero(np.diff(bounds)).tolist():
            chosen: list[tuple[str, float]] = []
            for k in order[bounds[d] : bounds[d + 1]].tolist():
                term = strings[c.phrase[k]]
                if skip[k] or term in self.exclude or any(term in t for t, _ in chosen):
                    continue
                chosen.append((term, float(score[k])))
                if len(chosen) == self.top_n:
                    break
            results.append((d, chosen))
        return c.n_texts, results


def _candidates_of_block(scorer: _PhraseScorer, job: tuple) -> _Candidates:
    texts, corpus = job
    return scorer.candidates(texts, corpus, frequencies=True)


def _score_in_one_pass(scorer: _PhraseScorer, jobs: list, texts: Sequence[str], max_df: float):
    """Score the blocks ``jobs`` with the statistics of the whole corpus, counted per block
    while finding its candidates (on every core) and summed here; no block is read twice."""
    import pyarrow as pa
    import pyarrow.compute as pc

    found = _map_blocks(_candidates_of_block, scorer, jobs, texts)
    # the same word (phrase) in several blocks: one code, its per-block counts summed
    words, word_ids = _encode([f.vocab for f in found])
    word_df = np.bincount(word_ids, np.concatenate([f.word_df for f in found]), len(words))
    held = [f.df_phrases for f in found]
    phrases, phrase_ids = _encode([*held, *(f.phrases for f in found)])
    n_held = sum(map(len, held))
    counts = np.concatenate([f.df_counts for f in found])
    phrase_df = np.bincount(phrase_ids[:n_held], counts, len(phrases))
    common = pa.array([], pa.string())
    if max_df < 1 and scorer.n_docs >= MAX_DF_FROM:
        frequencies = [(words, word_df), (phrases, phrase_df)]
        common = pa.array(
            sorted(_common_terms(texts, frequencies, max_df * scorer.n_docs)), pa.string()
        )
    scored = []
    word_bounds = np.cumsum([0, *(len(f.vocab) for f in found)])
    phrase_bounds = n_held + np.cumsum([0, *(len(f.phrases) for f in found)])
    for i, f in enumerate(found):
        scored.append(
            scorer.finish(
                f,
                word_df[word_ids[word_bounds[i] : word_bounds[i + 1]]],
                phrase_df[phrase_ids[phrase_bounds[i] : phrase_bounds[i + 1]]],
                pc.is_in(f.phrases, value_set=common).to_numpy(zero_copy_only=False),
            )
        )
    return scored


def _automaton(terms: Sequence[str]):
    """An Aho–Corasick automaton (``pyahocorasick``) that finds each of ``terms`` as its
    index."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for i, term in enumerate(terms):
        automaton.add_word(term, i)
    automaton.make_automaton()
    return automaton


def _matches(automaton, haystack: str) -> tuple[np.ndarray, np.ndarray]:
    """Every match in ``haystack``, overlaps included: its end position and term index."""
    if not len(automaton):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    flat = np.fromiter(chain.from_iterable(automaton.iter(haystack)), np.int64)
    return flat[0::2], flat[1::2]


def _matches_inside(automaton, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Every match inside each of ``words``, in one pass over them all, a separator apart:
    the index of the word and the term index."""
    bounds = np.cumsum([len(w) + 1 for w in words])  # one past each word's separator
    ends, which = _matches(automaton, "\x00".join(words))
    return np.searchsorted(bounds, ends, side="right"), which


def _find_all(
    text: str, terms: list[str], overlapping: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each term: how often it occurs in ``text`` (as ``str.count``: without overlaps),
    where it first does (``str.find``, 0 when absent), and the largest count of another term
    that contains it (数据 in 数据共享). One Aho–Corasick automaton of the terms, run over the
    text and over the terms themselves."""
    automaton = _automaton(terms)
    lengths = np.array([len(t) for t in terms], np.int64)
    ends, which = _matches(automaton, text)
    tf = np.bincount(which, minlength=len(terms))
    first = np.full(len(terms), len(text), np.int64)
    np.minimum.at(first, which, ends - lengths[which] + 1)
    first[tf == 0] = 0
    # a match count includes overlaps; they are possible only where a term's start is also its
    # end (一一 in 一一一), and str.count gives those
    if overlapping is None:
        overlapping = np.fromiter(map(_overlaps_itself, terms), bool, len(terms))
    for i in np.flatnonzero(overlapping).tolist():
        tf[i] = text.count(terms[i])
    outer, inner = _matches_inside(automaton, terms)
    other = inner != outer
    nested = np.zeros(len(terms), np.int64)
    np.maximum.at(nested, inner[other], tf[outer[other]])
    return tf, first, nested


def _overlaps_itself(term: str) -> bool:
    """Whether two occurrences of ``term`` can overlap: a start of it is also its end."""
    return term[0] in term[1:] and any(term[:k] == term[-k:] for k in range(1, len(term)))


def _frequencies_of_block(rules: tuple, corpus: SegmentedCorpus):
    """Document frequencies in a block: of each word, and of each phrase of ≥ 2 tokens
    (``rules``: the stopwords, ``max_tokens`` and places of :func:`_occurrences`)."""
    import pyarrow as pa

    enc = corpus.word_codes
    pairs = _distinct(enc.doc_of_token * len(enc.vocab) + enc.codes)
    words = np.bincount(pairs % max(len(enc.vocab), 1), minlength=len(enc.vocab))
    occ = _occurrences(corpus, *rules)
    multi = occ.n > 1
    pairs = _distinct(occ.doc[multi] * len(occ.phrases) + occ.phrase[multi])
    phrases = np.bincount(pairs % max(len(occ.phrases), 1), minlength=len(occ.phrases))
    present = phrases > 0
    return (pa.array(enc.vocab.tolist(), pa.string()), words), (
        occ.phrases.filter(present),
        phrases[present],
    )


def _document_frequencies(
    corpus: SegmentedCorpus, rules: tuple, texts: Sequence[str] | None
) -> tuple[dict[str, int], dict[str, int]]:
    """Of each word and each phrase of ≥ 2 tokens, the documents of ``corpus`` holding it:
    counted per block of documents (on every core for a large corpus) and summed, as the
    blocks share no document."""
    import pyarrow as pa

    chunks = parallel.text_chunks(texts) if texts is not None else [corpus]  # sized by text
    bounds = np.cumsum([0, *map(len, chunks)]).tolist()
    jobs = [corpus.rows(lo, hi) for lo, hi in pairwise(bounds)]
    parts = _map_blocks(_frequencies_of_block, rules, jobs, texts or [])
    merged = []
    for kind in (0, 1):  # the same string in several blocks: its counts summed
        keys = pa.concat_arrays([part[kind][0] for part in parts]).dictionary_encode()
        counts = np.concatenate([part[kind][1] for part in parts])
        totals = np.bincount(keys.indices.to_numpy(False), counts, len(keys.dictionary))
        merged.append(
            dict(zip(keys.dictionary.to_pylist(), totals.astype(int).tolist(), strict=True))
        )
    return merged[0], merged[1]


def _common_terms(texts: Sequence[str], frequencies: list[tuple], ceiling: float) -> frozenset[str]:
    """Terms found in more than ``ceiling`` of ``texts``, counted as a search finds them (改革
    inside 改革开放 counts). Only terms of ≥ 2 characters whose token or phrase document
    frequency (``frequencies``: pairs of Arrow strings and their counts) is at least half the
    ceiling can reach it in practice, so only those are searched."""
    import pyarrow as pa
    import pyarrow.compute as pc

    risky = set()
    for strings, df in frequencies:
        long = pc.utf8_length(strings).to_numpy(zero_copy_only=False) >= 2
        risky.update(strings.filter(pa.array((np.asarray(df) >= ceiling / 2) & long)).to_pylist())
    risky = sorted(risky)
    if not risky:
        return frozenset()
    parts = _map_blocks(_texts_holding, tuple(risky), parallel.text_chunks(texts), texts)
    found = np.sum(parts, axis=0)
    return frozenset(t for t, d in zip(risky, found.tolist(), strict=True) if d > ceiling)


def _texts_holding(terms: Sequence[str], texts: Sequence[str]) -> np.ndarray:
    """For each of ``terms``, how many of ``texts`` hold it."""
    automaton = _automaton(terms)
    found = np.zeros(len(terms), np.int64)
    for text in texts:
        if isinstance(text, str) and text:
            found[_distinct(_matches(automaton, text)[1])] += 1
    return found


def _score_block(scorer: _PhraseScorer, job: tuple):
    texts, corpus = job
    return scorer(texts, corpus)


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
    max_df: float = config.KEYWORD_MAX_DF,
    drop_places: bool = False,
) -> pd.DataFrame:
    """Keywords of each document by any method of :data:`METHODS`; see the module for the shape.

    ``tokens`` is the segmented corpus of ``texts`` (:func:`analysis.segcache.segment_corpus`,
    cached): every method reads it and none segments again. Without it the texts are segmented
    here, once. ``phrase`` (default, the best measured: see the README) builds candidates from
    its ``(word, tag)`` runs; ``tfidf`` uses its kept tokens (plain token lists are accepted
    too); ``jieba-tfidf`` and ``jieba-textrank`` are jieba's algorithms, as references.
    ``max_df``: for ``phrase`` and ``tfidf``, terms in more than this share of the documents
    are not keywords (see :func:`phrase_keywords`); 1.0 keeps them. ``drop_places``: for
    ``phrase`` and ``tfidf``, no place names (tagged ``ns`` or in :func:`place_names`).

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
    ceiling = max_df if len(texts) >= MAX_DF_FROM else 1.0  # as phrase_keywords applies it
    places = place_names() if drop_places else frozenset()
    if method == "tfidf" and tokens is not None and not isinstance(tokens, SegmentedCorpus):
        tokens = [[t for t in doc if t not in places] for doc in tokens] if places else tokens
        return tfidf_keywords(tokens, doc_ids=doc_ids, top_n=top_n, max_df=ceiling)
    corpus = tokens if isinstance(tokens, SegmentedCorpus) else segmenter.segmented(texts)
    if len(corpus) != len(texts):
        raise ValueError(
            f"extract_keywords: {len(texts)} texts but a segmented corpus of {len(corpus)} "
            "documents; pass the segment_corpus result of these very texts"
        )
    if method == "tfidf":
        kept = without_places(corpus, places) if drop_places else corpus
        return tfidf_keywords(kept, doc_ids=doc_ids, top_n=top_n, max_df=ceiling)
    if method != "phrase":
        return jieba_keywords(corpus, doc_ids=doc_ids, top_n=top_n, method=method)
    general = general_stopwords()
    options = {
        "stopwords": segmenter.stopwords & general,
        "exclude": segmenter.stopwords - general,
        "domain_terms": segmenter.dictionary_words,
    }
    return phrase_keywords(
        texts,
        corpus,
        doc_ids=doc_ids,
        top_n=top_n,
        max_df=max_df,
        drop_places=drop_places,
        **options,
    )


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """The bundled gazetteer: 4,564 administrative place names (广东省, 广东, 成都, 凉山,
    乐业县 …), from THUOCL and the cpca code table (both MIT); see ``data/lexicon/README.md``.

    >>> {"三亚", "四川", "凉山"} <= place_names()
    True
    """
    return frozenset(read_wordlist(config.places_path()))


@lru_cache(maxsize=2)
def _place_automaton(places: frozenset[str]):
    """The automaton of the place names of ≥ 2 characters (built once per process)."""
    return _automaton(sorted(name for name in places if len(name) >= 2))


def _holds_place(words: np.ndarray, places: frozenset[str]) -> np.ndarray:
    """Per word or phrase: whether a listed place name of ≥ 2 characters is part of it
    (三亚旅游, 中共上海市委), found in one Aho–Corasick pass over them all."""
    holds = np.zeros(len(words), bool)
    if len(words):
        holds[_matches_inside(_place_automaton(places), words.tolist())[0]] = True
    return holds


def without_places(corpus: SegmentedCorpus, places: frozenset[str] | None = None) -> TokenLists:
    """The kept tokens of each document, without place names (tagged ``ns``, listed in
    ``places`` (default :func:`place_names`), or holding a listed name: 三亚旅游)."""
    places = place_names() if places is None else places
    enc = corpus.word_codes
    tags, names = corpus._tag_codes
    listed = np.fromiter((w in places for w in enc.vocab.tolist()), bool, len(enc.vocab))
    listed |= _holds_place(enc.vocab, places)
    ns = np.array([t == "ns" for t in names], bool)[tags]
    return corpus.words_where(corpus.kept & ~listed[enc.codes] & ~ns)
