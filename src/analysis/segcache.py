"""Segment a corpus once: a cache of token lists keyed by the corpus content and the full
segmenter configuration.

Entries are Parquet files (one ``tokens`` column of string lists; never pickle) in
:func:`analysis.config.cache_dir`, written atomically (a temporary file renamed into place).
The key is the SHA-256 of every text and of :meth:`Segmenter.config` (engine and version,
dictionary and stopword hashes, POS set, filters), so a changed character, dictionary or
setting misses the cache. A corrupted or mismatching entry is recomputed with a warning.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import warnings
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from . import config
from .segment import Segmenter

__all__ = ["cache_key", "clear_cache", "segment_corpus"]

_FORMAT = "analysis-tokens-1"


def cache_key(texts: Sequence[str], segmenter: Segmenter) -> str:
    """SHA-256 of the texts (in order) and of the segmenter's configuration."""
    digest = hashlib.sha256(_FORMAT.encode())
    digest.update(json.dumps(segmenter.config(), sort_keys=True, default=str).encode())
    for text in texts:
        digest.update(b"\x1e")
        digest.update(text.encode("utf-8", "surrogatepass") if isinstance(text, str) else b"\x00")
    return digest.hexdigest()


def _read(path: Path, key: str, n_docs: int) -> list[list[str]] | None:
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
        meta = table.schema.metadata or {}
        if meta.get(b"key", b"").decode() != key or table.num_rows != n_docs:
            raise ValueError("the entry belongs to another corpus or configuration")
        return [list(t) if t is not None else [] for t in table.column("tokens").to_pylist()]
    except Exception as exc:  # pyarrow raises several types for a damaged file
        warnings.warn(
            f"segmentation cache entry {path.name} is unreadable or stale ({exc}); "
            "segmenting again",
            stacklevel=3,
        )
        return None


def _write(path: Path, key: str, tokens: list[list[str]], segmenter: Segmenter) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"tokens": pa.array(tokens, type=pa.list_(pa.string()))})
    table = table.replace_schema_metadata(
        {
            "key": key,
            "format": _FORMAT,
            "config": json.dumps(segmenter.config(), sort_keys=True, default=str),
        }
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".parquet")
    os.close(fd)
    try:
        pq.write_table(table, tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)  # atomic: readers see the old entry or the whole new one
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def segment_corpus(
    docs: pd.DataFrame | Sequence[str],
    segmenter: Segmenter | None = None,
    *,
    column: str = "clean_text",
    cache: bool = True,
    cache_dir: str | Path | None = None,
    progress: bool | None = None,
) -> list[list[str]]:
    """Tokens of every document, from the cache when this corpus was segmented before.

    Parameters
    ----------
    docs
        A corpus frame (``column`` is segmented) or a list of texts.
    cache
        ``False`` segments without reading or writing the cache.

    Examples
    --------
    >>> segment_corpus(["数据共享", "一网通办"], cache=False)
    [['数据共享'], ['一网通办']]
    """
    segmenter = segmenter or Segmenter()
    if isinstance(docs, pd.DataFrame):
        if column not in docs.columns:
            raise ValueError(
                f"segment_corpus: no column {column!r}; columns are {list(docs.columns)}"
            )
        texts = docs[column].tolist()
    else:
        texts = list(docs)
    if not cache:
        return segmenter.segment(texts, progress=progress)
    key = cache_key(texts, segmenter)
    path = Path(cache_dir or config.cache_dir()) / f"tokens-{key[:40]}.parquet"
    if path.exists():
        tokens = _read(path, key, len(texts))
        if tokens is not None:
            return tokens
    tokens = segmenter.segment(texts, progress=progress)
    _write(path, key, tokens, segmenter)
    return tokens


def clear_cache(cache_dir: str | Path | None = None) -> int:
    """Delete every cached segmentation; returns the number of files removed."""
    folder = Path(cache_dir or config.cache_dir())
    removed = 0
    for path in folder.glob("tokens-*.parquet"):
        path.unlink()
        removed += 1
    for path in folder.glob(".tmp-*.parquet"):
        path.unlink()
    return removed
