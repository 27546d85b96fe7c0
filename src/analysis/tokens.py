"""A segmented corpus held as one Arrow list array instead of a Python string per token.

:class:`TokenLists` is a read-only ``Sequence[list[str]]``: indexing, slicing, iterating and
``==`` behave like a list of token lists, so every function that takes token lists takes it.
What it adds is speed at scale: the tokens live in Arrow buffers (a cached corpus is
memory-mapped straight from disk, no Python object per token), and :meth:`TokenLists.encoded`
gives integer token codes, from which :mod:`analysis.vectorize` counts n-grams with NumPy.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

__all__ = ["Encoded", "TokenLists"]

_ITER_BATCH = 2048


@dataclass(frozen=True)
class Encoded:
    """Integer form of a segmented corpus: the tokens of document ``i`` are
    ``vocab[codes[offsets[i]:offsets[i + 1]]]``."""

    offsets: np.ndarray  # int64, n_docs + 1, starting at 0
    codes: np.ndarray  # int32, one per token
    vocab: np.ndarray  # object array of str, each distinct token once

    @property
    def lengths(self) -> np.ndarray:
        return np.diff(self.offsets)

    @property
    def doc_of_token(self) -> np.ndarray:
        return np.repeat(np.arange(len(self.offsets) - 1, dtype=np.int64), self.lengths)


class TokenLists(Sequence):
    """Token lists of a corpus, one per document, backed by an Arrow ``list<string>`` array.

    Examples
    --------
    >>> tokens = TokenLists.from_lists([["数字政府", "数据共享"], [], ["一网通办"]])
    >>> tokens
    TokenLists(3 documents, 3 tokens)
    >>> tokens[0], tokens[-1]
    (['数字政府', '数据共享'], ['一网通办'])
    >>> tokens == [["数字政府", "数据共享"], [], ["一网通办"]]
    True
    """

    def __init__(self, array) -> None:
        import pyarrow as pa

        if isinstance(array, pa.ChunkedArray):
            array = array.combine_chunks() if array.num_chunks else pa.array([], array.type)
        if not pa.types.is_list(array.type) and not pa.types.is_large_list(array.type):
            raise TypeError(f"TokenLists needs an Arrow list<string> array, got {array.type}")
        self._array = array

    @classmethod
    def from_lists(cls, lists: Iterable[Sequence[str]]) -> TokenLists:
        """From Python token lists (``None`` counts as an empty document)."""
        import pyarrow as pa

        return cls(pa.array([list(t) if t else [] for t in lists], type=pa.list_(pa.string())))

    @classmethod
    def coerce(cls, tokens: Iterable[Sequence[str]]) -> TokenLists:
        """``tokens`` itself when it is a :class:`TokenLists`, else :meth:`from_lists`."""
        return tokens if isinstance(tokens, TokenLists) else cls.from_lists(tokens)

    @classmethod
    def concat(cls, parts: Sequence[TokenLists]) -> TokenLists:
        """The documents of several parts, in order."""
        import pyarrow as pa

        if not parts:
            return cls.from_lists([])
        return cls(pa.concat_arrays([p._array for p in parts]))

    @property
    def arrow(self):
        """The underlying ``pyarrow`` list array."""
        return self._array

    def __len__(self) -> int:
        return len(self._array)

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step == 1:
                return TokenLists(self._array.slice(start, max(stop - start, 0)))
            return self.take(np.arange(start, stop, step))
        if isinstance(index, (int, np.integer)):
            n = len(self)
            if not -n <= index < n:
                raise IndexError(f"document {index} out of range for {n} documents")
            return self._array[int(index) % n].as_py() or []
        raise TypeError(f"TokenLists indices must be integers or slices, not {type(index)}")

    def __iter__(self) -> Iterator[list[str]]:
        for start in range(0, len(self), _ITER_BATCH):
            for doc in self._array.slice(start, _ITER_BATCH).to_pylist():
                yield doc or []

    def __eq__(self, other: object) -> bool:
        if isinstance(other, TokenLists):
            return self._array.equals(other._array)
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(self) == len(other) and all(
                a == list(b) for a, b in zip(self, other, strict=True)
            )
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # compared by content, like a list

    def __repr__(self) -> str:
        return f"TokenLists({len(self)} documents, {self.n_tokens} tokens)"

    def __reduce__(self):
        return (TokenLists, (self._array,))

    @property
    def n_tokens(self) -> int:
        return int(self.lengths.sum())

    @cached_property
    def lengths(self) -> np.ndarray:
        """Number of tokens of each document."""
        offsets = self._array.offsets.to_numpy()
        return np.diff(offsets).astype(np.int64)

    @cached_property
    def memo(self) -> dict:
        """Results computed from these tokens (they never change), e.g. unpruned n-gram counts,
        so a pipeline that counts the same corpus twice counts it once."""
        return {}

    def take(self, indices) -> TokenLists:
        """The documents at ``indices`` (an integer array or list), in that order."""
        return TokenLists(self._array.take(np.asarray(indices, dtype=np.int64)))

    def to_lists(self) -> list[list[str]]:
        """Plain Python lists (one string object per token)."""
        return list(self)

    @cached_property
    def encoded(self) -> Encoded:
        """Integer codes of the tokens, computed once (Arrow's dictionary encoding, in C)."""
        import pyarrow as pa

        values = self._array.flatten()
        offsets = self._array.offsets.to_numpy().astype(np.int64)
        offsets -= offsets[0]
        if len(values) == 0:
            return Encoded(offsets, np.zeros(0, np.int32), np.array([], dtype=object))
        encoded = values.dictionary_encode()
        codes = encoded.indices.cast(pa.int32()).to_numpy(zero_copy_only=False)
        vocab = np.array(encoded.dictionary.to_pylist(), dtype=object)
        return Encoded(offsets, codes, vocab)

    def char_lengths(self) -> np.ndarray:
        """Number of characters of each document's tokens together."""
        enc = self.encoded
        per_word = np.fromiter(map(len, enc.vocab), dtype=np.int64, count=len(enc.vocab))
        cum = np.concatenate([[0], np.cumsum(per_word[enc.codes])])
        return cum[enc.offsets[1:]] - cum[enc.offsets[:-1]]
