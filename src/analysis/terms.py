"""New-term discovery, read from the segmented corpus.

:func:`discover_terms` proposes terms the segmenter cuts apart but the corpus uses as one unit
(卷积 + 神经网络, 接诉 + 即办). It ranks runs of two to ``max_tokens`` adjacent words by the two
classic unsupervised signals of a word (Sproat & Shih 1990; Huang & Powers 2003; popularised
for Chinese by Matrix67's 互联网时代的社会语言学, 2012):

* **cohesion**, pointwise mutual information of the weakest split: a run is a term when its
  parts occur together far more often than chance, ``min_k log(p(run) / (p(left_k) p(right_k)))``;
* **boundary freedom**, the entropy of the words just before and just after it: a term is used
  in many contexts, while a fragment of a longer term (卷积神经 in 卷积神经网络) always has the
  same neighbour. A sentence boundary counts as a new neighbour every time.

The score is ``log(count) × min(left, right entropy) × PMI``: frequent, free and cohesive at
once. All three factors are needed: measured on ``csl_keywords_dev`` in
``benchmarks/quality.py``, beside ranking the same candidates by frequency alone.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

import numpy as np
import pandas as pd

from .chars import CJK
from .tokens import SegmentedCorpus

__all__ = ["DISCOVER_COLUMNS", "discover_terms"]


def _distinct(keys: np.ndarray) -> np.ndarray:
    """``np.unique(keys)`` by a plain sort, several times faster here."""
    keys = np.sort(keys)
    return keys[np.concatenate([[True], keys[1:] != keys[:-1]])] if len(keys) else keys


#: Columns of :func:`discover_terms`.
DISCOVER_COLUMNS = [
    "term",
    "parts",
    "count",
    "n_docs",
    "pmi",
    "left_entropy",
    "right_entropy",
    "score",
    "example",
]

# A part of a term is Chinese or Latin letters; particles, prepositions, conjunctions,
# pronouns, adverbs, numerals, measure words and punctuation (jieba tags) never are.
_WORD = re.compile(rf"^[{CJK}A-Za-z]+$")
_NOT_PART = ("u", "p", "c", "r", "d", "m", "q", "x", "y", "e", "o", "w")


def _dense(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Dense ids of int64 ``keys`` (equal keys, equal ids) and the count of each id."""
    order = np.argsort(keys, kind="stable")
    new = np.concatenate([[True], keys[order][1:] != keys[order][:-1]]) if len(keys) else keys
    ids = np.empty(len(keys), np.int64)
    ids[order] = np.cumsum(new) - 1
    return ids, np.bincount(ids)


def _entropy(group: np.ndarray, neighbour: np.ndarray, n_groups: int, n_words: int):
    """Entropy (nats) of the neighbours of each group; ``neighbour < 0`` is a boundary,
    a new neighbour every time."""
    total = np.bincount(group, minlength=n_groups).astype(float)
    inner = neighbour >= 0
    pair, _ = _dense(group[inner] * n_words + neighbour[inner])
    counts = np.bincount(pair)
    pair_group = np.zeros(len(counts), np.int64)
    pair_group[pair] = group[inner]
    c_log_c = np.bincount(pair_group, weights=counts * np.log(counts), minlength=n_groups)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.nan_to_num(np.log(total) - c_log_c / total)


def _runs(codes: np.ndarray, ok: np.ndarray, doc: np.ndarray, n_words: int, max_tokens: int):
    """``ids[m][i]``: a dense id of the run of ``m`` words starting at token ``i`` (-1 where
    a word of it is not ``ok`` or it crosses documents); ``counts[m]``: uses per id."""
    n = len(codes)
    ids, counts, run = {1: codes}, {1: np.bincount(codes, minlength=n_words)}, ok.copy()
    for m in range(2, max_tokens + 1):
        run = run[:-1] & ok[m - 1 :] & (doc[m - 1 :] == doc[: n - m + 1])
        valid = np.flatnonzero(run)
        dense, counts[m] = _dense(ids[m - 1][valid] * n_words + codes[valid + m - 1])
        ids[m] = np.full(n, -1, np.int64)
        ids[m][valid] = dense
    return ids, counts


def _neighbours(at: np.ndarray, codes: np.ndarray, boundary: np.ndarray):
    """The word at positions ``at``, or -1 past a document's ends or at punctuation."""
    inside = (at >= 0) & (at < len(codes))
    at = np.clip(at, 0, len(codes) - 1)
    return np.where(inside & ~boundary[at], codes[at], -1), inside, at


def discover_terms(
    corpus: SegmentedCorpus,
    *,
    texts: Sequence[str] | None = None,
    known: Collection[str] = (),
    stopwords: Collection[str] = (),
    max_tokens: int = 3,
    min_count: int = 5,
    min_df: int = 2,
    max_df: float = 0.8,
    max_len: int = 10,
    top_n: int | None = 200,
) -> pd.DataFrame:
    """Terms the segmenter cuts apart, ranked by cohesion and boundary freedom.

    Parameters
    ----------
    corpus
        The segmented corpus (every word, kept or not, with its tag).
    texts
        The segmented texts (``clean_text``), for an ``example`` line around the first use.
    known
        Strings not to propose (the segmenter's user dictionaries, a reviewed list).
    stopwords
        Words that cannot be part of a term.
    max_tokens
        Longest run of words considered (2 to 4).
    min_count, min_df
        Fewest uses, and fewest documents using it, for a proposal.
    max_df
        Largest share of documents a proposal may occur in, from 10 documents on, as for
        keywords: a run in nearly every document is boilerplate (请予审议 in 140 of 143 work
        reports), not a term worth a dictionary entry. ``1.0`` keeps them.
    max_len
        Longest proposal in characters.
    top_n
        Proposals returned; ``None`` for all.

    Returns
    -------
    DataFrame
        :data:`DISCOVER_COLUMNS`, best first: the term, its parts joined by ``/``, count,
        document frequency, PMI of the weakest split, left and right neighbour entropy
        (nats), the score and an example line.

    Examples
    --------
    >>> docs = [["推行", "接诉", "即办", "。"], ["深化", "接诉", "即办", "改革"], ["接诉", "即办"]]
    >>> corpus = SegmentedCorpus.from_tagged(
    ...     [[(w, "x" if w == "。" else "v") for w in d] for d in docs],
    ...     kept=[[True] * len(d) for d in docs],
    ... )
    >>> found = discover_terms(corpus, min_count=2)
    >>> found[["term", "parts", "count", "n_docs"]].values.tolist()
    [['接诉即办', '接诉/即办', 3, 3]]
    >>> round(float(found["left_entropy"][0]), 3)  # 推行, 深化 and a boundary: log 3
    1.099
    """
    if not 2 <= max_tokens <= 4:
        raise ValueError(f"max_tokens must be 2 to 4, got {max_tokens}")
    if not isinstance(corpus, SegmentedCorpus):  # token lists lack the tags and the text
        raise TypeError(
            f"discover_terms needs the segmented corpus of segment_corpus(docs, segmenter), "
            f"not {type(corpus).__name__}"
        )
    enc = corpus.word_codes
    codes, vocab, n = enc.codes.astype(np.int64), enc.vocab, len(enc.codes)
    empty = pd.DataFrame({c: pd.Series(dtype=object) for c in DISCOVER_COLUMNS})
    if n < 2:
        return empty
    tag_codes, tag_names = corpus._tag_codes
    not_part = np.array([t.startswith(_NOT_PART) for t in tag_names])[tag_codes]
    punct = np.array([t.startswith("x") for t in tag_names])[tag_codes]
    stop = frozenset(stopwords)
    vocab_list = vocab.tolist()
    word_ok = np.fromiter((bool(_WORD.match(w)) and w not in stop for w in vocab_list), bool)
    length = np.fromiter(map(len, vocab_list), np.int64)
    doc, n_docs = enc.doc_of_token, len(enc.offsets) - 1
    ids, counts = _runs(codes, word_ok[codes] & ~not_part, doc, len(vocab), max_tokens)

    frames = []
    for m in range(2, max_tokens + 1):
        starts = np.flatnonzero(ids[m] >= 0)
        group, n_groups = ids[m][starts], len(counts[m])
        first = np.full(n_groups, n, np.int64)
        np.minimum.at(first, group, starts)  # every use has the same parts: read them here
        pmi = np.full(n_groups, np.inf)  # of the weakest split
        for k in range(1, m):
            left, right = counts[k][ids[k][first]], counts[m - k][ids[m - k][first + k]]
            pmi = np.minimum(pmi, np.log(counts[m] * n / (left * right)))
        sides = []
        for at in (starts - 1, starts + m):
            word, inside, at = _neighbours(at, codes, punct)
            sides.append(np.where(inside & (doc[at] == doc[starts]), word, -1))
        frames.append(
            pd.DataFrame(
                {
                    "first": first,
                    "m": m,
                    "count": counts[m],
                    "n_docs": np.bincount(
                        _distinct(group * n_docs + doc[starts]) // n_docs, minlength=n_groups
                    ),
                    "chars": sum(length[codes[first + j]] for j in range(m)),
                    "pmi": pmi,
                    "left_entropy": _entropy(group, sides[0], n_groups, len(vocab)),
                    "right_entropy": _entropy(group, sides[1], n_groups, len(vocab)),
                }
            )
        )
    table = pd.concat(frames, ignore_index=True)
    ceiling = max_df * n_docs if n_docs >= 10 else n_docs
    table = table[
        (table["count"] >= min_count)
        & (table["n_docs"] >= min_df)
        & (table["n_docs"] <= ceiling)
        & (table["chars"] <= max_len)
    ].copy()
    if table.empty:
        return empty
    table["parts"] = [
        "/".join(vocab[codes[i : i + m]]) for i, m in zip(table["first"], table["m"], strict=True)
    ]
    table["term"] = table["parts"].str.replace("/", "", regex=False)
    table = table[~table["term"].isin(frozenset(known))].copy()
    freedom = np.minimum(table["left_entropy"], table["right_entropy"])
    table["score"] = np.log(table["count"]) * freedom * table["pmi"].clip(lower=0)
    table = table.sort_values(["score", "term"], ascending=[False, True], kind="stable")
    table = table.drop_duplicates("term")  # the same string from different cuts
    if top_n is not None:
        table = table.head(top_n)
    table["example"] = _examples(corpus, table, texts)
    measures = ["pmi", "left_entropy", "right_entropy", "score"]
    table[measures] = table[measures].round(3)  # a table for review: three decimals tell apart
    return table[DISCOVER_COLUMNS].reset_index(drop=True)


def _examples(corpus: SegmentedCorpus, table: pd.DataFrame, texts, width: int = 15) -> list[str]:
    if texts is None:
        return [""] * len(table)
    doc = corpus.word_codes.doc_of_token
    out = []
    for first, term in zip(table["first"], table["term"], strict=True):
        d = int(doc[first])
        start = int(corpus.starts[first])
        text = texts[d]
        out.append(text[max(0, start - width) : start + len(term) + width].replace("\n", " "))
    return out
