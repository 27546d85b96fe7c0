"""Counts and TF-IDF over already-segmented token lists (a corpus is segmented once)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

import pandas as pd

__all__ = ["term_counts"]


def term_counts(tokens: Iterable[Sequence[str]], *, top_n: int | None = None) -> pd.DataFrame:
    """Term frequencies of a segmented corpus.

    Returns
    -------
    pandas.DataFrame
        Columns ``term`` (str), ``count`` (occurrences), ``n_docs`` (documents containing the
        term), sorted by ``count`` then ``n_docs`` descending, then ``term``; at most ``top_n``
        rows.

    Examples
    --------
    >>> term_counts([["数字政府", "平台"], ["平台", "平台"]]).values.tolist()
    [['平台', 3, 2], ['数字政府', 1, 1]]
    """
    count: Counter[str] = Counter()
    n_docs: Counter[str] = Counter()
    for doc in tokens:
        count.update(doc)
        n_docs.update(set(doc))
    frame = pd.DataFrame(
        {"term": list(count), "count": list(count.values()), "n_docs": [n_docs[t] for t in count]},
        columns=["term", "count", "n_docs"],
    ).astype({"term": object, "count": "int64", "n_docs": "int64"})
    frame = frame.sort_values(["count", "n_docs", "term"], ascending=[False, False, True])
    if top_n is not None:
        frame = frame.head(top_n)
    return frame.reset_index(drop=True)
