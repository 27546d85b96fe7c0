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
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import config
from .segment import Segmenter
from .tokens import SegmentedCorpus

log = logging.getLogger(__name__)

__all__ = ["cache_key", "clean_corpus_cached", "clear_cache", "segment_corpus"]

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
    """SHA-256 of the texts (in order, with their boundaries), of the segmenter's
    configuration and of the code of its token filter (:mod:`analysis.segment` and the
    :mod:`analysis.chars` it reads: a changed rule, such as which words are numbers, must not
    read an old verdict back)."""

    digest = hashlib.sha256(_FORMAT.encode())
    digest.update(json.dumps(segmenter.config(), sort_keys=True, default=str).encode())
    digest.update(_source("segment", "chars"))
    _digest_texts(digest, texts)
    return digest.hexdigest()


@lru_cache(maxsize=4)
def _source(*modules: str) -> bytes:
    """SHA-256 of the source of these modules of the package (read once per process)."""
    from importlib import import_module

    digest = hashlib.sha256()
    for name in modules:
        digest.update(Path(import_module(f".{name}", __package__).__file__).read_bytes())
    return digest.digest()


def _digest_texts(digest, texts: Sequence[str] | pd.Series) -> None:
    """Feed the texts to ``digest``: their boundaries (offsets from 0, nulls marked) and the
    UTF-8 bytes between them, straight from Arrow's buffers."""
    import numpy as np

    array = _text_array(texts)
    offsets = np.frombuffer(array.buffers()[1], dtype=np.int64)[
        array.offset : array.offset + len(array) + 1
    ]
    digest.update((offsets - offsets[0]).tobytes())
    digest.update(array.is_null().to_numpy(zero_copy_only=False).tobytes())
    data = array.buffers()[2]
    if data is not None:
        digest.update(memoryview(data)[offsets[0] : offsets[-1]])


def _checksum(table) -> str:
    """CRC-32 of every buffer of ``table``: of list columns' values and of dictionaries too."""
    crc = 0
    for column in table.columns:
        for chunk in column.chunks:
            arrays = [chunk, *([chunk.values] if hasattr(chunk, "values") else [])]
            for array in arrays:
                buffers = array.buffers()
                if hasattr(array, "dictionary"):
                    buffers += array.dictionary.buffers()
                for buffer in buffers:
                    if buffer is not None:
                        crc = zlib.crc32(memoryview(buffer), crc)
    return f"{crc:08x}"


def _read_table(path: Path, key: str, n_docs: int, *, stacklevel: int):
    """The table of a cache entry (memory-mapped), or ``None`` with a warning when its key, row
    count, structure or checksum does not check out."""
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
        return table
    except Exception as exc:  # pyarrow raises several types for a damaged file
        warnings.warn(
            f"cache entry {path.name} is unreadable or stale ({exc}); computing it again",
            stacklevel=stacklevel + 1,  # at the caller of segment_corpus or clean_corpus_cached
        )
        return None


def _read(path: Path, key: str, n_docs: int) -> SegmentedCorpus | None:
    table = _read_table(path, key, n_docs, stacklevel=4)
    return None if table is None else SegmentedCorpus(table)


def _write(path: Path, key: str, corpus: SegmentedCorpus, segmenter: Segmenter) -> None:
    config_json = json.dumps(segmenter.config(), sort_keys=True, default=str)
    _write_table(path, key, corpus.table, {"format": _FORMAT, "config": config_json})


def _write_table(path: Path, key: str, table, metadata: dict[str, str]) -> None:
    """Write a cache entry atomically: a temporary file renamed into place."""
    import pyarrow as pa

    table = table.replace_schema_metadata({"key": key, "crc32": _checksum(table), **metadata})
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


_CLEAN_FORMAT = "analysis-cleaned-1"  # clean_title, clean_text and the simplified flag


def _cleaners_version() -> str:
    """What decides the cleaned text besides the text: the code of the cleaners (the source of
    :mod:`analysis.clean` and :mod:`analysis.chars`), OpenCC's version and Python's."""
    import sys
    from importlib.metadata import version

    digest = hashlib.sha256(f"{version('opencc')} {sys.version_info[:2]}".encode())
    digest.update(_source("clean", "chars"))
    return digest.hexdigest()


def _clean_key(docs: pd.DataFrame, columns: Sequence[str]) -> str:
    digest = hashlib.sha256(f"{_CLEAN_FORMAT} {_cleaners_version()} {list(columns)}".encode())
    for column in columns:
        _digest_texts(digest, docs[column])
    return digest.hexdigest()


def clean_corpus_cached(
    docs: pd.DataFrame,
    *,
    columns: Sequence[str] = ("title", "text"),
    cache_dir: str | Path | None = None,
) -> pd.DataFrame:
    """:func:`~analysis.clean.clean_corpus` with the default cleaners, read from the cache when
    these very texts were cleaned before by this version of the cleaners (the key holds the
    texts, the cleaners' source code and OpenCC's version); written there otherwise.

    >>> import pandas as pd
    >>> docs = pd.DataFrame({"title": ["数字政府"], "text": ["据报道,基层平台数量过多."]})
    >>> clean_corpus_cached(docs)["clean_text"].tolist()
    ['据报道，基层平台数量过多。']
    """
    import pyarrow as pa

    from .clean import check_columns, clean_columns, with_cleaned

    columns = list(columns)
    check_columns(docs, columns)  # before the key reads them
    key = _clean_key(docs, columns)
    path = Path(cache_dir or config.cache_dir()) / f"cleaned-{key[:40]}{_SUFFIX}"
    if path.exists():
        table = _read_table(path, key, len(docs), stacklevel=3)
        if table is not None:
            cleaned = {  # a cell that is no string stays as it is, as clean_corpus leaves it
                f"clean_{c}": [
                    v if isinstance(raw, str) else raw
                    for v, raw in zip(table.column(f"clean_{c}").to_pylist(), docs[c], strict=True)
                ]
                for c in columns
            }
            log.info(
                "cleaned texts of %s read from the cache", config.counted(len(docs), "document")
            )
            return with_cleaned(docs, cleaned, table.column("simplified").to_pylist())
    cleaned, simplified = clean_columns(docs, columns=columns)
    arrays = {
        name: pa.array([v if isinstance(v, str) else None for v in values], pa.large_string())
        for name, values in cleaned.items()
    }
    table = pa.table({**arrays, "simplified": pa.array(simplified, pa.bool_())})
    _write_table(path, key, table, {"format": _CLEAN_FORMAT})
    return with_cleaned(docs, cleaned, simplified)


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
                "segmentation of %s read from the cache (not segmented again)",
                config.counted(len(texts), "document"),
            )
            return corpus
    corpus = segmenter.segmented(list(texts), progress=progress)
    _write(path, key, corpus, segmenter)
    log.info("%s segmented; cached for the next run", config.counted(len(texts), "document"))
    return corpus


def clear_cache(cache_dir: str | Path | None = None) -> int:
    """Delete every cached segmentation and cleaned corpus; returns the number of files
    removed."""
    folder = Path(cache_dir or config.cache_dir())
    removed = 0
    for pattern in ("segmented-*.arrow", "cleaned-*.arrow", "tokens-*.parquet"):  # older: tokens
        for path in folder.glob(pattern):
            path.unlink()
            removed += 1
    for path in folder.glob(".tmp-*"):
        path.unlink()
    return removed
