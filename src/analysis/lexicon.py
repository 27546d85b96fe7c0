"""What a change of the domain lexicon does to the results: which keywords and which cluster
assignments move when the same corpus is segmented with one dictionary and then another.

:func:`lexicon_changes` lists the entries added, removed or changed between two dictionaries;
:func:`lexicon_diff` runs keywords and clustering on both segmentations of a corpus and returns
one row per document. The clusterings are matched by overlap (the Hungarian method on their
contingency table), so a cluster that only changed its number is not a move.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from . import config
from .cluster import cluster_documents
from .keywords import extract_keywords
from .segcache import segment_corpus
from .segment import Entry, Segmenter

__all__ = ["CHANGE_COLUMNS", "DIFF_COLUMNS", "lexicon_changes", "lexicon_diff"]

#: Columns of :func:`lexicon_changes`.
CHANGE_COLUMNS = ["term", "change", "old", "new"]
#: Columns of :func:`lexicon_diff`.
DIFF_COLUMNS = [
    "doc_id",
    "title",
    "removed",
    "added",
    "old_cluster",
    "new_cluster",
    "moved",
    "old_label",
    "new_label",
]


def lexicon_changes(old: list[Entry], new: list[Entry]) -> pd.DataFrame:
    """Entries ``(word, freq, pos)`` added, removed or given another frequency or tag.

    Examples
    --------
    >>> lexicon_changes([("数字政府", 300, "n"), ("城市大脑", 300, "n")],
    ...                 [("数字政府", 500, "n"), ("接诉即办", 300, "l")]).values.tolist()
    [['城市大脑', 'removed', '300 n', ''], ['接诉即办', 'added', '', '300 l'], ['数字政府', 'changed', '300 n', '500 n']]
    """

    def spec(entry: Entry) -> str:
        return " ".join(str(v) for v in entry[1:] if v is not None)

    before, after = ({e[0]: spec(e) for e in entries} for entries in (old, new))
    rows = []
    for term in sorted(before.keys() | after.keys()):
        if term not in after:
            rows.append((term, "removed", before[term], ""))
        elif term not in before:
            rows.append((term, "added", "", after[term]))
        elif before[term] != after[term]:
            rows.append((term, "changed", before[term], after[term]))
    return pd.DataFrame(rows, columns=CHANGE_COLUMNS)


def _match(old: np.ndarray, new: np.ndarray) -> dict[int, int]:
    """Each new cluster's old cluster of largest overlap, one to one (Hungarian method); the
    cluster of documents without words (−1) stays −1."""
    from scipy.optimize import linear_sum_assignment

    old_ids, new_ids = np.unique(old[old >= 0]), np.unique(new[new >= 0])
    table = pd.crosstab(new, old).reindex(index=new_ids, columns=old_ids, fill_value=0)
    rows, cols = linear_sum_assignment(-table.to_numpy())
    mapping = {int(new_ids[r]): int(old_ids[c]) for r, c in zip(rows, cols, strict=True)}
    spare = iter(range(int(old_ids.max(initial=0)) + 1, 10**9))  # more new clusters than old
    mapping = {int(c): mapping[int(c)] if c in mapping else next(spare) for c in new_ids}
    return {-1: -1, **mapping}


def lexicon_diff(
    docs: pd.DataFrame,
    old: Segmenter,
    new: Segmenter,
    *,
    top_n: int = config.DEFAULT_TOP_N,
    k: int | Literal["auto"] = "auto",
    random_state: int | None = config.DEFAULT_SEED,
) -> pd.DataFrame:
    """Keywords and clusters of ``docs`` (a cleaned corpus) segmented by ``old`` and by
    ``new``, document by document.

    Both runs use the same ``k`` (with ``"auto"``, the one chosen for ``old``) and seed.

    Returns
    -------
    DataFrame
        :data:`DIFF_COLUMNS`: keywords only in the old and only in the new top ``top_n``
        (joined by 、), the old cluster and the new one (renumbered to the old cluster it
        overlaps most), whether the document moved, and both cluster names.

    Examples
    --------
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "clean_title": ["", "", ""],
    ...     "clean_text": ["推行接诉即办改革。", "深化接诉即办。", "城市大脑建设"]})
    >>> old = Segmenter(user_dicts=())
    >>> new = Segmenter(user_dicts=(), terms=["接诉即办", "城市大脑"])
    >>> diff = lexicon_diff(docs, old, new, top_n=3, k=2)
    >>> diff.loc[2, ["added", "old_label", "new_label"]].tolist(), int(diff["moved"].sum())
    (['城市大脑', '城市·大脑·建设', '城市大脑·建设'], 0)
    """
    corpora = [segment_corpus(docs, seg) for seg in (old, new)]
    old_kw, new_kw = (
        extract_keywords(
            docs["clean_text"], doc_ids=docs["doc_id"], top_n=top_n, segmenter=seg, tokens=c
        )
        .groupby("doc_id", sort=False)["term"]
        .apply(list)
        for seg, c in zip((old, new), corpora, strict=True)
    )
    old_cl = new_cl = None
    if len(docs) >= 2:
        old_cl = cluster_documents(
            corpora[0], doc_ids=docs["doc_id"], k=k, random_state=random_state
        )
        new_cl = cluster_documents(
            corpora[1], doc_ids=docs["doc_id"], k=old_cl.k, random_state=random_state
        )
    ids = docs["doc_id"].tolist()
    frame = pd.DataFrame({"doc_id": ids, "title": docs["clean_title"].tolist()})
    before = [old_kw.get(d, []) for d in ids]
    after = [new_kw.get(d, []) for d in ids]
    frame["removed"] = [
        "、".join(t for t in b if t not in a) for b, a in zip(before, after, strict=True)
    ]
    frame["added"] = [
        "、".join(t for t in a if t not in b) for b, a in zip(before, after, strict=True)
    ]
    if old_cl is None:
        frame[["old_cluster", "new_cluster"]] = 0
        frame["moved"] = False
        frame[["old_label", "new_label"]] = ""
        return frame[DIFF_COLUMNS]
    o, n = old_cl.assignments, new_cl.assignments
    mapping = _match(o["cluster"].to_numpy(), n["cluster"].to_numpy())
    frame["old_cluster"] = o["cluster"].to_numpy()
    frame["new_cluster"] = [mapping[c] for c in n["cluster"].to_numpy()]
    frame["moved"] = frame["old_cluster"] != frame["new_cluster"]
    frame["old_label"] = o["label"].to_numpy()
    frame["new_label"] = n["label"].to_numpy()
    return frame[DIFF_COLUMNS]
