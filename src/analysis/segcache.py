"""Segment a corpus once: a cache of segmented corpora keyed by the corpus content and the full
segmenter configuration.

Entries are Arrow IPC files (one row per document: words, tags, offsets, sentences and the
filter's verdicts as list columns; a data format, never pickle)
in :func:`analysis.config.cache_dir`, written atomically (a temporary file renamed into place)
and memory-mapped when read, so a warm run costs a hash of the texts and an ``mmap``, not a
Python object per token. The key is the SHA-256 of every text and of
:meth:`Segmenter.config` (engine and version, dictionary and stopword hashes, POS set,
filters), so a changed character, dictionary or setting misses the cache. A corrupted or
mismatching entry (checked by the key and row count stored in the file, Arrow's full
validation and a CRC-32 of the token buffers) is recomputed with a warning.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import warnings
import zlib
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from . import config
from .segment import Segmenter
from .tokens import SegmentedCorpus

log = logging.getLogger(__name__)

__all__ = ["cache_key", "clear_cache", "segment_corpus"]

_FORMAT = "analysis-segmented-2"  # words (dictionary-coded), tags, offsets, sentences, verdicts
_SUFFIX = ".arrow"


def _text_array(texts: Sequence[str] | pd.Series):
    """The texts as one Arrow ``large_string`` array (zero-copy for pandas' Arrow strings);
    anything that is not a string is a null."""
    import pyarrow as pa

    if isinstance(texts, pd.Series):
        try:
            array = pa.array(texts, from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError):  # a mixed object column
            array = None
        if array is not None and (
            pa.types.is_string(array.type) or pa.types.is_large_string(array.type)
        ):
            return array.cast(pa.large_string())
        texts = texts.tolist()
    return pa.array([t if isinstance(t, str) else None for t in texts], type=pa.large_string())


def cache_key(texts: Sequence[str] | pd.Series, segmenter: Segmenter) -> str:
    """SHA-256 of the texts (in order, with their boundaries) and of the segmenter's
    configuration."""
    import numpy as np

    digest = hashlib.sha256(_FORMAT.encode())
    digest.update(json.dumps(segmenter.config(), sort_keys=True, default=str).encode())
    array = _text_array(texts)
    # boundaries: the offsets from 0, nulls marked; content: the UTF-8 bytes between them
    offsets = np.frombuffer(array.buffers()[1], dtype=np.int64)[
        array.offset : array.offset + len(array) + 1
    ]
    digest.update((offsets - offsets[0]).tobytes())
    digest.update(array.is_null().to_numpy(zero_copy_only=False).tobytes())
    data = array.buffers()[2]
    if data is not None:
        digest.update(memoryview(data)[offsets[0] : offsets[-1]])
    return digest.hexdigest()


def _checksum(table) -> str:
    crc = 0
    for column in table.columns:
        for chunk in column.chunks:
            for array in (chunk, chunk.values):
                for buffer in array.buffers():
                    if buffer is not None:
                        crc = zlib.crc32(memoryview(buffer), crc)
            if hasattr(chunk.values, "dictionary"):
                for buffer in chunk.values.dictionary.buffers():
                    if buffer is not None:
                        crc = zlib.crc32(memoryview(buffer), crc)
    return f"{crc:08x}"


def _read(path: Path, key: str, n_docs: int) -> SegmentedCorpus | None:
    import pyarrow as pa

    try:
        with pa.memory_map(str(path)) as source:
            table = pa.ipc.open_file(source).read_all()
        meta = table.schema.metadata or {}
        if meta.get(b"key", b"").decode() != key or table.num_rows != n_docs:
            raise ValueError("the entry belongs to another corpus or configuration")
        table.validate()  # buffer sizes; the checksum below vouches for their content
        if meta.get(b"crc32", b"").decode() != _checksum(table):
            raise ValueError("checksum mismatch")
        return SegmentedCorpus(table)
    except Exception as exc:  # pyarrow raises several types for a damaged file
        warnings.warn(
            f"segmentation cache entry {path.name} is unreadable or stale ({exc}); "
            "segmenting again",
            stacklevel=3,
        )
        return None


def _write(path: Path, key: str, corpus: SegmentedCorpus, segmenter: Segmenter) -> None:
    import pyarrow as pa

    table = corpus.table.replace_schema_metadata(
        {
            "key": key,
            "format": _FORMAT,
            "crc32": _checksum(corpus.table),
            "config": json.dumps(segmenter.config(), sort_keys=True, default=str),
        }
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=_SUFFIX)
    os.close(fd)
    try:
        with pa.OSFile(tmp, "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)
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
) -> SegmentedCorpus:
    """The segmented corpus (:class:`~analysis.tokens.SegmentedCorpus`), from the cache when
    this corpus was segmented before with this segmenter. Every text is tagged once; all later
    steps (keywords of every method, KWIC, co-occurrence, vectorizing, clustering) read the
    result and never segment again.

    Parameters
    ----------
    docs
        A corpus frame (``column`` is segmented) or a list of texts.
    cache
        ``False`` segments without reading or writing the cache.

    Returns
    -------
    SegmentedCorpus
        A read-only sequence of the kept tokens of each document (index, slice and iterate it
        like a list, or call ``.to_lists()``), with every word's tag, offset and sentence.

    Examples
    --------
    >>> corpus = segment_corpus(["数据共享", "一网通办"], cache=False)
    >>> corpus
    SegmentedCorpus(2 documents, 2 kept of 2 tokens)
    >>> corpus.to_lists()
    [['数据共享'], ['一网通办']]
    """
    segmenter = segmenter or Segmenter()
    if isinstance(docs, pd.DataFrame):
        if column not in docs.columns:
            raise ValueError(
                f"segment_corpus: no column {column!r}; columns are {list(docs.columns)}"
            )
        texts = docs[column]
    else:
        texts = docs if isinstance(docs, pd.Series) else list(docs)
    if not cache:
        return segmenter.segmented(list(texts), progress=progress)
    key = cache_key(texts, segmenter)
    path = Path(cache_dir or config.cache_dir()) / f"segmented-{key[:40]}{_SUFFIX}"
    if path.exists():
        corpus = _read(path, key, len(texts))
        if corpus is not None:
            log.info(
                "segmentation of %d documents read from the cache (not segmented again)", len(texts)
            )
            return corpus
    corpus = segmenter.segmented(list(texts), progress=progress)
    _write(path, key, corpus, segmenter)
    log.info("%d documents segmented; cached for the next run", len(texts))
    return corpus


def clear_cache(cache_dir: str | Path | None = None) -> int:
    """Delete every cached segmentation; returns the number of files removed."""
    folder = Path(cache_dir or config.cache_dir())
    removed = 0
    for pattern in (
        "segmented-*.arrow",
        "segmented-*.arrow",
        "tokens-*.parquet",
    ):  # older: tokens-*
        for path in folder.glob(pattern):
            path.unlink()
            removed += 1
    for path in folder.glob(".tmp-*"):
        path.unlink()
    return removed
