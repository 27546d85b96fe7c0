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
from itertools import chain

import numpy as np

from .chars import SENTENCE_MARKS

__all__ = ["SENTENCE_ENDS", "Encoded", "SegmentedCorpus", "TokenLists", "encode_tags"]

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


def _compact(data):
    """An Arrow array or table that is a slice of larger buffers, copied to its own: Arrow
    pickles a slice with the whole buffers, so a block of documents sent to a worker process
    would carry the entire corpus (at 20 MB: each of 14 blocks pickled the whole of it)."""
    if data.get_total_buffer_size() <= 2 * data.nbytes + 4096:
        return data
    return data.take(np.arange(len(data)))


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
        """From Python token lists (``None`` counts as an empty document). A table or a text
        in place of a token list is a ``TypeError`` that says what to pass: iterated, a
        DataFrame gives its column names and a text its characters, each as a "word".

        >>> TokenLists.from_lists(["数字政府建设"])
        Traceback (most recent call last):
        ...
        TypeError: each document must be a list of words, not a text ('数字政府建设'): segment the texts first, e.g. segment_corpus(docs)
        """
        import pyarrow as pa

        if hasattr(lists, "columns") or isinstance(lists, str):
            raise TypeError(
                f"expected token lists, one per document, not a {type(lists).__name__}: pass "
                "segment_corpus(docs), or docs['clean_text'] where texts are asked for"
            )
        rows = []
        for t in lists:
            if isinstance(t, str):
                raise TypeError(
                    f"each document must be a list of words, not a text ({t[:12]!r}): segment "
                    "the texts first, e.g. segment_corpus(docs)"
                )
            rows.append(list(t) if t else [])
        return cls(pa.array(rows, type=pa.list_(pa.string())))

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
        if len({p._array.type for p in parts}) > 1:  # coded and plain words: plain
            return cls(pa.concat_arrays([p.arrow for p in parts]))
        return cls(pa.concat_arrays([p._array for p in parts]))

    @property
    def arrow(self):
        """The tokens as a ``pyarrow`` ``list<string>`` array."""
        import pyarrow as pa

        if pa.types.is_dictionary(self._array.type.value_type):
            return self._array.cast(pa.list_(pa.string()))
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
        if isinstance(other, TokenLists) and self._array.type == other._array.type:
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
        return (TokenLists, (_compact(self._array),))

    @property
    def n_tokens(self) -> int:
        return int(self.lengths.sum())

    @cached_property
    def lengths(self) -> np.ndarray:
        """Number of tokens of each document."""
        offsets = self._array.offsets.to_numpy()
        return np.diff(offsets).astype(np.int64)

    @property
    def word_lengths(self) -> np.ndarray:
        """Number of words of each document, the denominator of a rate per 10,000 words: here
        the tokens given (a :class:`SegmentedCorpus` counts all its words but punctuation)."""
        return self.lengths

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
        if pa.types.is_dictionary(values.type):  # words of a segmented corpus: coded already
            import pandas as pd

            # the words in use, numbered in order of first appearance, as dictionary_encode does
            codes, used = pd.factorize(values.indices.to_numpy(zero_copy_only=False))
            vocab = np.array(values.dictionary.take(used).to_pylist(), dtype=object)
            return Encoded(offsets, codes.astype(np.int32), vocab)
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


#: jieba's part-of-speech tags: every segmented corpus encodes its tags against this one
#: dictionary (plus any other tag a user dictionary brings), so parts concatenate as they are.
_JIEBA_TAGS = (
    "a ad ag an b c d df dg e eng f g h i j k l m mg mq n ng nr nrfg nrt ns nt nz o p q r "
    "rg rr rz s t tg u ud ug uj ul un uv uz v vd vg vi vn vq x y z zg"
)
POS_TAGS = tuple(sorted(_JIEBA_TAGS.split()))


def encode_tags(tags):
    """Tags as a dictionary array over :data:`POS_TAGS` (then any others, sorted)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    others = sorted(set(pc.unique(tags).to_pylist()) - set(POS_TAGS) - {None})
    dictionary = pa.array([*POS_TAGS, *others], type=pa.string())
    codes = pc.index_in(tags, value_set=dictionary).to_numpy(zero_copy_only=False)
    # a plain int16 array (no validity bitmap), so the cache's checksum survives a round trip
    return pa.DictionaryArray.from_arrays(pa.array(codes.astype(np.int16)), dictionary)


#: Tokens after which a new sentence starts (the sentence index of :class:`SegmentedCorpus`).
SENTENCE_ENDS = frozenset(SENTENCE_MARKS) | {"\n", "……", "\r\n"}


def _lists_where(words, mask: np.ndarray):
    """The list array ``words`` keeping, in each list, the values where the flat ``mask``
    holds."""
    import pyarrow as pa

    bounds = words.offsets.to_numpy().astype(np.int64)
    kept_before = np.concatenate([[0], np.cumsum(mask, dtype=np.int64)])  # kept before each
    offsets = kept_before[bounds - bounds[0]].astype(np.int32)
    return pa.ListArray.from_arrays(pa.array(offsets), words.flatten().filter(pa.array(mask)))


def _within_documents(values: np.ndarray, offsets: np.ndarray, lengths: np.ndarray):
    """Per element of the flat ``values``: the sum of those before it in its document
    (``offsets``/``lengths``: where each document starts and how many it has), as int32."""
    before = np.cumsum(values, dtype=np.int64)
    before -= values  # the sum before each element, over the whole corpus
    if len(before):
        before -= np.repeat(before[np.minimum(offsets[:-1], len(before) - 1)], lengths)
    return before.astype(np.int32)


class SegmentedCorpus(TokenLists):
    """A segmented corpus: every token of every document with its part of speech, character
    offset and sentence, and the filter's verdict. Made once by
    :func:`analysis.segcache.segment_corpus` and read by every later step.

    As a sequence it is the *kept* tokens of each document (what counting, vectorizing and
    clustering use), exactly like :class:`TokenLists`. Beside them it holds, per document and
    unfiltered, :attr:`words` and :attr:`tags` (for phrases), and the flat arrays
    :attr:`starts` (character offset of each word into the segmented text), :attr:`sents`
    (sentence index within its document) and :attr:`kept` (the filter's verdict), aligned with
    ``words`` flattened. KWIC and evidence lines come from the offsets, so no later step
    segments or searches the text again.

    Examples
    --------
    >>> corpus = SegmentedCorpus.from_tagged(
    ...     [[("数据", "n"), ("共享", "v"), ("。", "x"), ("一网通办", "nz")]],
    ...     kept=[[True, True, False, True]],
    ... )
    >>> corpus[0], corpus.pairs(0)[-1], corpus.starts.tolist(), corpus.sents.tolist()
    (['数据', '共享', '一网通办'], ('一网通办', 'nz'), [0, 2, 4, 5], [0, 0, 0, 1])
    """

    def __init__(self, table) -> None:
        import pyarrow as pa

        names = set(table.column_names)
        missing = {"words", "tags", "starts", "sents", "kept"} - names
        if missing:
            raise ValueError(f"SegmentedCorpus: the table lacks {sorted(missing)}")
        self.table = table.combine_chunks()
        kept = self.table.column("kept").chunk(0) if self.table.num_rows else None
        words = self.table.column("words")
        words = words.chunk(0) if words.num_chunks else pa.array([], pa.list_(pa.string()))
        if kept is None:
            super().__init__(pa.array([], pa.list_(pa.string())))
            return
        super().__init__(_lists_where(words, kept.flatten().to_numpy(zero_copy_only=False)))

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_tagged(
        cls,
        tagged: Sequence[Sequence[tuple[str, str]]],
        *,
        kept: Sequence[Sequence[bool]],
    ) -> SegmentedCorpus:
        """From ``(word, tag)`` pairs of each document, in order and unfiltered, and the
        filter's verdict on each word; offsets and sentences are computed here, vectorized."""
        import pyarrow as pa

        lengths = np.fromiter((len(d) for d in tagged), dtype=np.int64, count=len(tagged))
        pairs = pa.array(  # (word, tag) tuples straight into two Arrow columns, in C
            list(chain.from_iterable(tagged)),
            type=pa.struct([("word", pa.string()), ("tag", pa.string())]),
        )
        flat_kept = np.fromiter(chain.from_iterable(kept), dtype=bool)
        if len(flat_kept) != len(pairs):
            raise ValueError(f"{len(pairs)} words but {len(flat_kept)} verdicts")
        words = pairs.field(0).dictionary_encode()
        return cls.from_codes(
            lengths,
            words.indices.to_numpy(zero_copy_only=False),
            words.dictionary,
            tags=encode_tags(pairs.field(1)),
            kept=flat_kept,
        )

    @classmethod
    def from_codes(cls, lengths, codes, vocab, *, tags, kept) -> SegmentedCorpus:
        """From integer words: document ``i`` has ``lengths[i]`` words, each word is
        ``vocab[code]`` (``codes`` flat, in order); ``tags`` is an Arrow dictionary array of
        each word's tag (:func:`encode_tags`) and ``kept`` the filter's verdict on each word
        (both flat). Character offsets and sentence indices are computed here."""
        import pyarrow as pa
        import pyarrow.compute as pc

        vocab = vocab if isinstance(vocab, pa.Array) else pa.array(list(vocab), pa.string())
        codes = np.asarray(codes, dtype=np.int32)
        lengths = np.asarray(lengths, dtype=np.int64)
        offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int32)
        chars = pc.utf8_length(vocab).to_numpy(zero_copy_only=False).astype(np.int32)[codes]
        starts = _within_documents(chars, offsets, lengths)
        del chars  # each array freed once used: a 20 MB corpus has 3.6 M words
        is_end = pc.is_in(vocab, value_set=pa.array(sorted(SENTENCE_ENDS))).to_numpy(
            zero_copy_only=False
        )
        sents = _within_documents(is_end[codes], offsets, lengths)  # ends before each word

        def lists(values):
            return pa.ListArray.from_arrays(pa.array(offsets), values)

        words = pa.DictionaryArray.from_arrays(pa.array(codes, pa.int32()), vocab)
        table = pa.table(
            {
                "words": lists(words),
                "tags": lists(tags),
                "starts": lists(pa.array(starts)),
                "sents": lists(pa.array(sents)),
                "kept": lists(pa.array(np.asarray(kept, dtype=bool))),
            }
        )
        return cls(table)

    @classmethod
    def concat(cls, parts: Sequence[SegmentedCorpus]) -> SegmentedCorpus:
        import pyarrow as pa

        if not parts:
            return cls.from_tagged([], kept=[])
        tables = [p.table for p in parts]
        dictionaries = {
            tuple(t.column("tags").chunk(0).values.dictionary.to_pylist())
            for t in tables
            if t.num_rows
        }
        if len(dictionaries) <= 1:  # the usual case: every part has only jieba's tags
            return cls(pa.concat_tables(tables).combine_chunks())
        plain = pa.list_(pa.string())
        unified = [t.set_column(1, "tags", t.column("tags").cast(plain)) for t in tables]
        table = pa.concat_tables(unified).combine_chunks()
        tags = table.column("tags").chunk(0)
        encoded = pa.ListArray.from_arrays(tags.offsets, encode_tags(tags.flatten()))
        return cls(table.set_column(1, "tags", encoded))

    def __reduce__(self):
        return (SegmentedCorpus, (_compact(self.table),))

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step == 1:
                return self.rows(start, stop)
        return super().__getitem__(index)

    def rows(self, start: int, stop: int) -> SegmentedCorpus:
        """Documents ``start`` to ``stop`` (exclusive) as a segmented corpus (zero-copy)."""
        return SegmentedCorpus(self.table.slice(start, max(stop - start, 0)))

    def words_where(self, mask: np.ndarray) -> TokenLists:
        """The words of each document where ``mask`` (one verdict per word, flat, like
        :attr:`kept`) holds; ``words_where(corpus.kept)`` is the corpus itself."""
        column = self.table.column("words")
        words = column.chunk(0) if column.num_chunks else None
        if words is None:
            return TokenLists.from_lists([])
        return TokenLists(_lists_where(words, np.asarray(mask, dtype=bool)))

    def tagged(self, tags: Iterable[str]) -> TokenLists:
        """The kept words of each document whose POS tag is one of ``tags``.

        >>> corpus = SegmentedCorpus.from_tagged(
        ...     [[("加大", "v"), ("力度", "n"), ("。", "x")]], kept=[[True, True, False]]
        ... )
        >>> corpus.tagged({"n"}).to_lists()
        [['力度']]
        """
        wanted = set(tags)
        codes, names = self._tag_codes
        chosen = [i for i, name in enumerate(names) if name in wanted]
        return self.words_where(self.kept.astype(bool) & np.isin(codes, chosen))

    def sentences(self) -> TokenLists:
        """The kept tokens of every sentence, document after document (sentences with none
        are left out): the units of sentence-level co-occurrence.

        >>> corpus = SegmentedCorpus.from_tagged(
        ...     [[("数据", "n"), ("共享", "v"), ("。", "x"), ("平台", "n")], [("基层", "n")]],
        ...     kept=[[True, True, False, True], [True]],
        ... )
        >>> corpus.sentences().to_lists()
        [['数据', '共享'], ['平台'], ['基层']]
        """
        import pyarrow as pa

        kept = self.kept.astype(bool)
        if not kept.any():
            return TokenLists.from_lists([])
        doc = np.repeat(np.arange(len(self), dtype=np.int64), np.diff(self.word_offsets))
        unit = (doc << 32 | self.sents.astype(np.int64))[kept]
        starts = np.flatnonzero(np.concatenate([[True], unit[1:] != unit[:-1]]))
        offsets = pa.array(np.append(starts, len(unit)).astype(np.int32))
        return TokenLists(pa.ListArray.from_arrays(offsets, self._flat("words").filter(kept)))

    def take_rows(self, indices) -> SegmentedCorpus:
        """The documents at ``indices``, in that order, as a segmented corpus."""
        return SegmentedCorpus(self.table.take(np.asarray(indices, dtype=np.int64)))

    def __repr__(self) -> str:
        return (
            f"SegmentedCorpus({len(self)} documents, {self.n_tokens} kept of "
            f"{len(self.starts)} tokens)"
        )

    # ------------------------------------------------------------------ reading
    def _flat(self, name: str):
        column = self.table.column(name)
        return column.chunk(0).flatten() if column.num_chunks else column.combine_chunks()

    @cached_property
    def word_offsets(self) -> np.ndarray:
        """Row ``i``'s words are ``words_flat[word_offsets[i]:word_offsets[i + 1]]``."""
        column = self.table.column("words")
        if not column.num_chunks:
            return np.zeros(1, np.int64)
        offsets = column.chunk(0).offsets.to_numpy().astype(np.int64)
        return offsets - offsets[0]

    @cached_property
    def starts(self) -> np.ndarray:
        return self._flat("starts").to_numpy(zero_copy_only=False)

    @cached_property
    def sents(self) -> np.ndarray:
        return self._flat("sents").to_numpy(zero_copy_only=False)

    @cached_property
    def kept(self) -> np.ndarray:
        return self._flat("kept").to_numpy(zero_copy_only=False)

    @cached_property
    def word_codes(self) -> Encoded:
        """Integer codes of every word (unfiltered), like :attr:`TokenLists.encoded`, straight
        from the dictionary-encoded words. ``vocab`` is the corpus's dictionary: a slice of a
        corpus shares it, so codes mean the same word in every slice (some words of the
        dictionary may not occur in a slice)."""
        import pyarrow as pa

        values = self._flat("words")
        if not pa.types.is_dictionary(values.type):
            values = values.dictionary_encode()
        if len(values) == 0:
            return Encoded(self.word_offsets, np.zeros(0, np.int32), np.array([], dtype=object))
        codes = values.indices.cast(pa.int32()).to_numpy(zero_copy_only=False)
        return Encoded(self.word_offsets, codes, np.array(values.dictionary.to_pylist(), object))

    @cached_property
    def word_lengths(self) -> np.ndarray:
        """Number of words of each document, every word but punctuation and blanks, whatever
        the stopwords and the POS filter keep: a rate per 10,000 words does not move with a
        stopword list.

        >>> SegmentedCorpus.from_tagged([[("数据", "n"), ("的", "uj"), ("。", "x")]],
        ...                             kept=[[True, False, False]]).word_lengths.tolist()
        [2]
        """
        enc = self.word_codes
        wordy = np.fromiter((any(c.isalnum() for c in w) for w in enc.vocab), bool, len(enc.vocab))
        return np.bincount(enc.doc_of_token[wordy[enc.codes]], minlength=len(self))

    def words(self, i: int) -> list[str]:
        """Every word of document ``i``, unfiltered, in order."""
        return self.table.column("words")[i].as_py() or []

    @cached_property
    def _tag_codes(self) -> tuple[np.ndarray, list[str]]:
        tags = self._flat("tags")
        if not hasattr(tags, "indices"):
            tags = tags.dictionary_encode()
        return tags.indices.to_numpy(zero_copy_only=False), tags.dictionary.to_pylist()

    def _tags(self, lo: int, hi: int) -> list[str]:
        codes, names = self._tag_codes
        return [names[c] for c in codes[lo:hi].tolist()]

    def pairs(self, i: int) -> list[tuple[str, str]]:
        """``(word, tag)`` of every word of document ``i``, unfiltered, in order."""
        lo, hi = self.word_offsets[i], self.word_offsets[i + 1]
        words = self.table.column("words")[i].as_py() or []
        return list(zip(words, self._tags(lo, hi), strict=True))

    def iter_pairs(self) -> Iterator[list[tuple[str, str]]]:
        """:meth:`pairs` of each document in turn, converted in batches."""
        words, offsets = self.table.column("words"), self.word_offsets
        for start in range(0, len(self), _ITER_BATCH):
            batch = words.slice(start, _ITER_BATCH).to_pylist()
            for i, dw in enumerate(batch, start):
                yield list(zip(dw or [], self._tags(offsets[i], offsets[i + 1]), strict=True))
