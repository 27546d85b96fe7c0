"""Word segmentation in three parts: the engine, the token filter and the corpus driver.

- **Engines** (:data:`ENGINES`: rjieba, jieba) cut and tag one text. They implement
  ``cut(text) -> list[str]`` and ``tag(text) -> list[tuple[str, str]]`` and expose
  ``name``/``version``; a faster engine can be registered without changing callers. Each owns
  its dictionary (jieba's module-level tokenizer is never touched).
- **The filter** (:class:`TokenFilter`) decides which tokens are kept for counting:
  stopwords, part of speech, length and kind (Chinese, Latin acronyms, numbers).
- **The driver** (:func:`segment_texts`) runs a segmenter over a corpus, on every core for
  large ones.

A :class:`Segmenter` puts an engine, the user dictionaries (so domain terms come out whole)
and a filter together. :meth:`Segmenter.config` describes everything that affects the
output, so a segmented corpus can be cached under it and reused.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from collections.abc import Callable, Collection, Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import accumulate, chain
from pathlib import Path
from typing import Literal, Protocol

from . import config, parallel
from .chars import PERCENT, has_cjk
from .tokens import SegmentedCorpus, TokenLists, encode_tags

__all__ = [
    "CONTENT_POS",
    "ENGINES",
    "Segmenter",
    "TokenFilter",
    "default_stopwords",
    "english_stopwords",
    "general_stopwords",
    "make_segmenter",
    "read_user_dict",
    "read_wordlist",
    "segment_texts",
]

#: Part-of-speech tags (jieba/ICTCLAS) of content words: nouns, verbs, adjectives, Latin words.
CONTENT_POS = frozenset(
    {"n", "nr", "ns", "nt", "nz", "nl", "ng", "v", "vn", "vi", "a", "an", "eng", "i", "l", "j"}
)


_LATIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9+#&._\-]*$")
_HAS_LETTER = re.compile(r"[A-Za-z]")
_NUMBER = re.compile(r"^[\d.,%\-+/:~]+$")
_CJK_NUMBER = re.compile(
    rf"^(?:{PERCENT}|[\d零〇一二三四五六七八九十百千万亿两几第.%]+[年月日号个次]?)$"
)


class Engine(Protocol):
    """What the driver needs of an engine. An engine whose tagger gives each word the same tag
    wherever it occurs (rjieba: the dictionary's tag, else one from its characters) may also
    implement ``word_tag(word) -> str | None``: the tag of ``word`` when the engine, given
    the word alone, cuts it as one word (else ``None``). The driver then cuts each text
    (about twice as fast as tagging it) and tags each distinct word once."""

    name: str
    version: str

    def cut(self, text: str) -> list[str]: ...

    def tag(self, text: str) -> list[tuple[str, str]]: ...


@contextmanager
def _quiet_jieba():
    """Keep jieba's "Building prefix dict…" lines off stderr, restoring its logger after."""
    logger = logging.getLogger("jieba")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


#: A user-dictionary entry: word, frequency (``None``: jieba's suggestion), POS tag or ``None``.
Entry = tuple[str, int | None, str | None]


def _private_dir() -> Path:
    """A folder only this user can write, for jieba's dictionary cache: jieba's default, the
    shared temp folder, is writable by anyone on the machine, and a file planted there as
    ``jieba.cache`` would change every tokenisation."""
    folder = config.cache_dir() / "jieba"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(folder, 0o700)
    return folder


class JiebaEngine:
    """jieba's own algorithm and dictionary, on a private ``jieba.Tokenizer`` whose dictionary
    cache lives in this project's cache folder, never in the shared temp folder."""

    name = "jieba"

    def __init__(self, entries: Sequence[Entry] = ()) -> None:
        import jieba
        import jieba.posseg

        self.version = jieba.__version__
        with _quiet_jieba():
            self.tokenizer = jieba.Tokenizer()
            self.tokenizer.tmp_dir = str(_private_dir())
            self.tokenizer.initialize()
            self.tagger = jieba.posseg.POSTokenizer(self.tokenizer)
            for word, freq, tag in entries:
                self.tokenizer.add_word(word, freq, tag)  # the tagger reads the tags from it

    def cut(self, text: str) -> list[str]:
        return self.tokenizer.lcut(text)

    def tag(self, text: str) -> list[tuple[str, str]]:
        return [(p.word, p.flag) for p in self.tagger.lcut(text)]


class RjiebaEngine:
    """jieba's algorithm and dictionary in Rust (``rjieba``, a binding of jieba-rs): 15–25×
    faster than jieba. Its tokens agree with jieba's on ≥ 99 % of sentences; the known
    difference is that hyphenated numbers stay whole (``2021-10-21``). Its tagger gives each
    token of the same segmentation its dictionary tag, unlike ``jieba.posseg``, which
    segments differently from ``jieba.lcut``."""

    name = "rjieba"

    def __init__(self, entries: Sequence[Entry] = ()) -> None:
        from importlib.metadata import version

        import rjieba

        self.version = version("rjieba")
        self._jieba = rjieba.Jieba()  # loads jieba's default dictionary at construction
        for word, freq, tag in entries:
            self._jieba.add_word(word, freq, tag)

    def cut(self, text: str) -> list[str]:
        return self._jieba.cut(text)

    def tag(self, text: str) -> list[tuple[str, str]]:
        return self._jieba.tag(text)

    def word_tag(self, word: str) -> str | None:
        """jieba-rs tags the words of its cut one by one, each by its dictionary entry (or its
        characters when it has none), so a word's tag does not depend on where it occurs
        (``tests/test_segment.py`` checks this against :meth:`tag` on whole texts)."""
        tagged = self._jieba.tag(word)
        return tagged[0][1] if len(tagged) == 1 and tagged[0][0] == word else None


def _engine_version(engine: str) -> str:
    """Installed version of an engine's package, without loading its dictionary."""
    from importlib.metadata import version

    return version(engine)


#: Engines by name. Each takes the entries of the user dictionaries.
ENGINES: dict[str, Callable[[Sequence[Entry]], Engine]] = {
    "rjieba": RjiebaEngine,
    "jieba": JiebaEngine,
}


def read_wordlist(path: str | Path) -> list[str]:
    """Words of a one-word-per-line file; blank lines and ``#`` comments are ignored."""
    words = []
    for line in Path(path).read_text(encoding="utf-8-sig").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words.append(line)
    return words


@lru_cache(maxsize=1)
def general_stopwords() -> frozenset[str]:
    """The maintained general Chinese list of the ``stopwordsiso`` package (mostly function
    words)."""
    import stopwordsiso

    return frozenset(stopwordsiso.stopwords("zh"))


def english_stopwords() -> frozenset[str]:
    """English function words (``data/stopwords/english_stopwords.txt``: scikit-learn's list
    without its nouns and adjectives), so that an English passage gives no keyword the or
    and; a Latin token is compared in lower case unless it is in capitals (IT, an acronym).

    >>> {"the", "and"} <= english_stopwords(), "system" in english_stopwords()
    (True, False)
    """
    return frozenset(read_wordlist(config.data_dir() / config.ENGLISH_STOPWORDS))


def default_stopwords() -> frozenset[str]:
    """The general Chinese list of ``stopwordsiso``, the project's domain list and the
    :func:`english_stopwords`."""
    words = set(general_stopwords()) | english_stopwords()
    path = config.domain_stopwords_path()
    if path.exists():
        words.update(read_wordlist(path))
    return frozenset(words)


def read_user_dict(path: str | Path) -> tuple[list[Entry], str]:
    """The entries of a user dictionary and the SHA-256 of the file's bytes, read once: the
    segmenter is built from these entries and its cache key names this hash, so both always
    describe the same content.

    A ``.txt`` file is jieba's format, ``word [freq] [pos]`` per line (blank lines and ``#``
    comments are passed over). A ``.csv`` or ``.tsv`` file is a table with a ``term`` column
    and optional ``freq`` and ``pos`` columns, such as the reviewed output of
    ``analysis terms --discover``.
    """
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"user dictionary {path} does not exist; pass user_dicts=() for none")
    data = path.read_bytes()
    if path.suffix.lower() in (".csv", ".tsv"):
        return _table_entries(path, data), hashlib.sha256(data).hexdigest()
    entries = []
    for n, line in enumerate(data.decode("utf-8-sig").splitlines(), start=1):
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        if len(parts) > 3 or (len(parts) > 1 and not parts[1].isdigit()):
            raise ValueError(
                f"{path}, line {n}: expected 'word [frequency] [pos]' (jieba format), got {line!r}"
            )
        freq = int(parts[1]) if len(parts) > 1 else None
        entries.append((parts[0], freq, parts[2] if len(parts) > 2 else None))
    return entries, hashlib.sha256(data).hexdigest()


def _table_entries(path: Path, data: bytes) -> list[Entry]:
    import csv
    import io

    text = data.decode("utf-8-sig")
    rows = list(
        csv.DictReader(io.StringIO(text), delimiter="\t" if path.suffix.lower() == ".tsv" else ",")
    )
    if rows and "term" not in rows[0]:
        raise ValueError(f"{path}: a user dictionary table needs a 'term' column")
    entries = []
    for n, row in enumerate(rows, start=2):
        word = (row.get("term") or "").strip().lstrip("'")  # a ' that guarded a spreadsheet
        if not word:
            continue
        if any(c.isspace() for c in word):
            raise ValueError(f"{path}, row {n}: term {word!r} holds a space")
        freq = (row.get("freq") or "").strip()
        if freq and not freq.isdigit():
            raise ValueError(f"{path}, row {n}: freq must be a whole number, got {freq!r}")
        entries.append((word, int(freq) if freq else None, (row.get("pos") or "").strip() or None))
    return entries


@dataclass(frozen=True)
class TokenFilter:
    """Which tokens a segmented corpus keeps for counting: the filter alone, apart from the
    engine that cuts the text and the driver that runs it over a corpus. The dropped tokens
    stay in :class:`~analysis.tokens.SegmentedCorpus` for phrases and KWIC.

    ``stopwords`` are dropped; ``dictionary_words`` (the user dictionaries' terms, such as
    十四五) are kept whatever their form; ``pos`` keeps only those tags (``None``: all);
    ``min_len`` is the shortest Chinese token kept; ``keep_latin`` keeps APP, 5G, AI;
    ``keep_numbers`` keeps 2021, 10%, 十四五. :class:`Segmenter` documents them.

    Examples
    --------
    >>> keep = TokenFilter(stopwords=frozenset({"的"})).keep
    >>> keep("数据"), keep("的"), keep("数"), keep("APP"), keep("2021")
    (True, False, False, True, False)
    >>> keep("委等", "u"), keep("平等", "a")  # a list's last character glued to its 等
    (False, True)
    """

    stopwords: frozenset[str]
    dictionary_words: frozenset[str] = frozenset()
    pos: frozenset[str] | None = None
    min_len: int = 2
    keep_latin: bool = True
    keep_numbers: bool = False

    def __post_init__(self) -> None:
        if self.min_len < 1:
            raise ValueError(f"min_len must be at least 1, got {self.min_len}")

    def keep(self, token: str, tag: str | None = None) -> bool:
        """Whether ``token`` (tagged ``tag``, or untagged) is kept."""
        if not token or token in self.stopwords:
            return False
        if token in self.dictionary_words:  # domain terms such as 十四五, whatever their form
            return self.keep_latin or has_cjk(token)
        if tag is not None and self.pos is not None and tag not in self.pos:
            return False
        if tag is not None and tag.startswith("u") and token.endswith("等"):
            return False  # 春节|等 glued into the particle 节等, 国家发展改革委等 into 委等
        if has_cjk(token):
            if not self.keep_numbers and _CJK_NUMBER.match(token):
                return False
            return len(token) >= self.min_len
        if _NUMBER.match(token):
            return self.keep_numbers
        if _LATIN.match(token) and _HAS_LETTER.search(token):
            # The and THE's lower case is a stopword; an acronym in capitals is not (IT, ONE)
            stopped = not token.isupper() and token.lower() in self.stopwords
            return self.keep_latin and len(token) >= 2 and not stopped
        return False  # punctuation, symbols, emoji, whitespace

    @cached_property
    def verdicts(self) -> _Verdicts:
        """Token, or ``(token, tag)``, → the token as kept, or ``""``: each is decided once,
        then looked up (in C, by ``map`` over the dict), as tokens repeat a lot."""
        return _Verdicts(self.keep)

    def config(self) -> dict[str, object]:
        """The filter's part of :meth:`Segmenter.config`."""
        stopwords = hashlib.sha256("\n".join(sorted(self.stopwords)).encode()).hexdigest()
        return {
            "stopwords": stopwords,
            "n_stopwords": len(self.stopwords),
            "pos": sorted(self.pos) if self.pos is not None else None,
            "min_len": self.min_len,
            "keep_latin": self.keep_latin,
            "keep_numbers": self.keep_numbers,
        }

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        state.pop("verdicts", None)  # decided again where it is used
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)


class _Verdicts(dict):
    """Token, or ``(token, tag)``, → the token as kept (stripped), or ``""`` when the filter
    drops it; computed on first sight."""

    def __init__(self, keep: Callable[[str, str | None], bool]) -> None:
        super().__init__()
        self._keep = keep

    def __missing__(self, key: str | tuple[str, str]) -> str:
        word, tag = key if isinstance(key, tuple) else (key, None)
        word = word.strip()
        kept = word if self._keep(word, tag) else ""
        self[key] = kept
        return kept


class Segmenter:
    """Split Chinese texts into filtered word tokens: the engine (:data:`ENGINES`) with the
    user dictionaries loaded, and a :class:`TokenFilter`. Whole corpora are segmented by
    :func:`segment_texts` (on every core for large ones), which its methods call.

    Parameters
    ----------
    engine
        Segmentation engine, a key of :data:`ENGINES`: ``"rjieba"`` (default, fast) or
        ``"jieba"`` (the reference Python implementation).
    user_dicts
        jieba-format dictionaries (``word [freq] [pos]`` per line; ``#`` comments). ``None``
        means the project's ``data/dict/domain_terms.txt`` and then the versioned policy
        lexicon ``data/lexicon/policy_lexicon.txt`` (999 terms such as 大数据, 区块链,
        一网通办, 接诉即办; its frequencies win where both list a word); ``()`` means none.
        Tables (``.csv``/``.tsv`` with a ``term`` column) are read too.
    terms
        More words to keep whole, added after the dictionaries (jieba picks their frequency).
    stopwords
        Words to drop. ``None`` means :func:`default_stopwords`; ``()`` keeps everything.
    pos
        Part-of-speech tags to keep (e.g. :data:`CONTENT_POS`); ``None`` keeps all and uses
        the faster untagged cut.
    min_len
        Shortest Chinese token kept (2 drops single characters such as 的, 在).
    keep_latin
        Keep Latin words and acronyms such as APP, 5G, AI.
    keep_numbers
        Keep numbers such as 2021, 10%, 十四五.

    Examples
    --------
    >>> seg = Segmenter()
    >>> seg.tokenize("卸掉基层治理的“数字枷锁”，警惕APP热")
    ['卸掉', '基层治理', '数字枷锁', '警惕', 'APP']
    """

    def __init__(
        self,
        *,
        engine: Literal["rjieba", "jieba"] | str = "rjieba",
        user_dicts: Iterable[str | Path] | None = None,
        terms: Iterable[str] = (),
        stopwords: Iterable[str] | None = None,
        pos: Collection[str] | None = None,
        min_len: int = 2,
        keep_latin: bool = True,
        keep_numbers: bool = False,
    ) -> None:
        if engine not in ENGINES:
            raise ValueError(f"unknown engine {engine!r}; choose one of {sorted(ENGINES)}")
        self.engine = engine
        self.user_dicts = (
            [config.user_dict_path(), config.policy_lexicon_path()]
            if user_dicts is None
            else [Path(p) for p in user_dicts]
        )
        read = [read_user_dict(path) for path in self.user_dicts]
        self.terms = tuple(dict.fromkeys(t.strip() for t in terms if t and t.strip()))
        self._entries = [entry for entries, _ in read for entry in entries]
        self._entries += [(term, None, None) for term in self.terms]
        self._dict_hashes = [(p.name, d) for p, (_, d) in zip(self.user_dicts, read, strict=True)]
        if self.terms:
            digest = hashlib.sha256("\n".join(self.terms).encode()).hexdigest()
            self._dict_hashes.append(("terms", digest))
        self.dictionary_words = frozenset(word for word, _, _ in self._entries)
        self.filter = TokenFilter(
            stopwords=default_stopwords() if stopwords is None else frozenset(stopwords),
            dictionary_words=self.dictionary_words,
            pos=None if pos is None else frozenset(pos),
            min_len=min_len,
            keep_latin=keep_latin,
            keep_numbers=keep_numbers,
        )

    @property
    def stopwords(self) -> frozenset[str]:
        return self.filter.stopwords

    @property
    def pos(self) -> frozenset[str] | None:
        return self.filter.pos

    @cached_property
    def _engine(self) -> Engine:
        return ENGINES[self.engine](self._entries)

    def config(self) -> dict[str, object]:
        """Everything that determines the output: engine and version, hashes of the
        dictionaries and stopwords, filters. Used as a cache key and in report provenance."""
        return {
            "engine": self.engine,
            "engine_version": _engine_version(self.engine),
            # the content read when this segmenter was made (an edit later makes another one)
            "user_dicts": [[name, digest] for name, digest in self._dict_hashes],
            **self.filter.config(),
        }

    def tokenize(self, text: str) -> list[str]:
        """Tokens of one text, filtered."""
        if not isinstance(text, str) or not text:
            return []
        items = self._engine.cut(text) if self.pos is None else self._engine.tag(text)
        return list(filter(None, map(self.filter.verdicts.__getitem__, items)))

    def tag(self, text: str) -> list[tuple[str, str]]:
        """``(token, pos)`` pairs of one text, unfiltered: for inspection and custom filters."""
        return self._engine.tag(text) if isinstance(text, str) and text else []

    def warm_up(self) -> Segmenter:
        """Load the engine's dictionary now rather than on first use (worker processes
        forked afterwards share it), and Arrow, which the driver builds its output with: a
        worker of :func:`~analysis.parallel.worker_pool` warms up while the corpus is read,
        so its first chunk does not wait 0.2 s for the import."""
        import pyarrow.compute  # noqa: F401

        self._engine  # noqa: B018
        return self

    def segment(
        self,
        texts: Iterable[str],
        *,
        progress: bool | None = None,
        n_jobs: int | None = None,
    ) -> list[list[str]]:
        """Tokens of each text, in order (:func:`segment_texts` says how large inputs run on
        every core and when a progress bar shows).

        >>> Segmenter().segment(["数据共享", "", "一网通办和放管服"])
        [['数据共享'], [], ['一网通办', '放管服']]
        """
        return segment_texts(self, texts, output="lists", progress=progress, n_jobs=n_jobs)

    def token_lists(
        self, texts: Iterable[str], *, progress: bool | None = None, n_jobs: int | None = None
    ) -> TokenLists:
        """:meth:`segment` as a :class:`~analysis.tokens.TokenLists` (Arrow-backed): the form
        the vectorizers count fastest.

        >>> Segmenter().token_lists(["数据共享", "一网通办和放管服"])
        TokenLists(2 documents, 3 tokens)
        """
        return segment_texts(self, texts, output="tokens", progress=progress, n_jobs=n_jobs)

    def segmented(
        self, texts: Iterable[str], *, progress: bool | None = None, n_jobs: int | None = None
    ) -> SegmentedCorpus:
        """Every text tagged once (``(word, tag)`` of every word, unfiltered), with the
        filter's verdict on each word, character offsets and sentences: the one segmented
        corpus every later step reads (:class:`~analysis.tokens.SegmentedCorpus`). As a
        sequence it holds the same kept tokens as :meth:`token_lists`.

        >>> Segmenter().segmented(["数据共享。一网通办和放管服"])
        SegmentedCorpus(1 documents, 3 kept of 5 tokens)
        """
        return segment_texts(self, texts, output="segmented", progress=progress, n_jobs=n_jobs)

    def tag_all(
        self, texts: Iterable[str], *, progress: bool | None = None, n_jobs: int | None = None
    ) -> list[list[tuple[str, str]]]:
        """:meth:`tag` of each text, in parallel chunks like :meth:`segment`."""
        return segment_texts(self, texts, output="tagged", progress=progress, n_jobs=n_jobs)

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        state.pop("_engine", None)  # rebuilt lazily in a worker process
        state.pop("_word_verdicts", None)  # a memo of _segmented_by_word, per process
        return state

    def __repr__(self) -> str:
        pos = "all" if self.pos is None else len(self.pos)
        return (
            f"Segmenter(engine={self.engine!r}, user_dicts={[p.name for p in self.user_dicts]}, "
            f"stopwords={len(self.stopwords)}, pos={pos}, min_len={self.filter.min_len})"
        )


#: What :func:`segment_texts` returns.
Output = Literal["lists", "tokens", "tagged", "segmented"]


def segment_texts(
    segmenter: Segmenter,
    texts: Iterable[str],
    *,
    output: Output = "lists",
    progress: bool | None = None,
    n_jobs: int | None = None,
):
    """The corpus-level driver: every text through ``segmenter``, in order, as ``output``:
    ``"lists"`` (kept tokens of each text), ``"tokens"`` (the same as
    :class:`~analysis.tokens.TokenLists`), ``"tagged"`` (``(word, tag)`` pairs, unfiltered) or
    ``"segmented"`` (:class:`~analysis.tokens.SegmentedCorpus`).

    Large inputs (over :data:`~analysis.parallel.PARALLEL_FROM` characters) are cut into chunks
    run on every core (``n_jobs``: number of processes, default all cores; 1 = here); worker
    processes send Arrow buffers back, not a Python string per token. ``progress=None`` shows
    a bar from 2,000 texts on where someone can watch it
    (:func:`analysis.parallel.show_progress`).

    >>> segment_texts(Segmenter(), ["数据共享", "一网通办和放管服"], output="tokens")
    TokenLists(2 documents, 3 tokens)
    """
    texts = list(texts)
    workers = parallel.pool_workers(texts, n_jobs)
    show = parallel.show_progress(len(texts), progress)
    if workers:
        parts = parallel.process_map(
            _segment_chunk,
            [(chunk, output) for chunk in parallel.text_chunks(texts)],
            shared=segmenter,
            workers=workers,
            progress="segmenting" if show else None,
        )
        if output == "segmented":
            return SegmentedCorpus.concat(parts)
        if output == "tokens":
            return TokenLists.concat(parts)
        return [item for part in parts for item in part]
    if show:
        from tqdm.auto import tqdm

        texts = tqdm(texts, desc="segmenting", unit="doc")
    return _segment_chunk(segmenter, (texts, output))


def _segment_chunk(segmenter: Segmenter, job: tuple[Iterable[str], Output]):
    texts, output = job
    if output in ("lists", "tokens"):
        out = [segmenter.tokenize(t) for t in texts]
        return TokenLists.from_lists(out) if output == "tokens" else out
    if output == "segmented" and hasattr(segmenter._engine, "word_tag"):
        return _segmented_by_word(segmenter, list(texts))
    tagged = [segmenter.tag(t) for t in texts]
    if output == "tagged":
        return tagged
    verdicts = segmenter.filter.verdicts
    kept = [list(map(bool, map(verdicts.__getitem__, doc))) for doc in tagged]
    return SegmentedCorpus.from_tagged(tagged, kept=kept)


def _segmented_by_word(segmenter: Segmenter, texts: list) -> SegmentedCorpus:
    """:meth:`Segmenter.segmented` of ``texts`` with an engine that tags word by word
    (:class:`Engine`): each text is cut, its words coded as integers, and each distinct word
    is tagged and filtered once. The same corpus as tagging every text (a test checks)."""
    import numpy as np
    import pyarrow as pa

    engine = segmenter._engine
    docs = [engine.cut(t) if isinstance(t, str) and t else [] for t in texts]
    lengths = np.fromiter(map(len, docs), np.int64, len(docs))
    # each word coded in order of first occurrence (Arrow hashes faster than a dict)
    coded = pa.array(list(chain.from_iterable(docs)), pa.large_string()).dictionary_encode()
    codes = coded.indices.to_numpy(zero_copy_only=False).astype(np.int32, copy=False)
    vocab = coded.dictionary.to_pylist()
    # word → (tag, kept): decided once per word in this process (the engine tags word by
    # word, and the filter's verdict depends on the word and its tag alone)
    memo = segmenter.__dict__.setdefault("_word_verdicts", {})
    new = [code for code, w in enumerate(vocab) if w not in memo]
    tags = {vocab[code]: engine.word_tag(vocab[code]) for code in new}
    missing = [code for code in new if tags[vocab[code]] is None]
    if missing:  # words the engine cuts otherwise when alone: tagged where they occur
        found = _tags_in_context(engine, texts, docs, codes, missing)
        tags.update(zip([vocab[i] for i in missing], found, strict=True))
    keep = segmenter.filter.keep
    memo.update((w, (t, keep(w.strip(), t))) for w, t in tags.items())
    decided = [memo[w] for w in vocab]
    tags = [t for t, _ in decided]
    kept = np.fromiter((k for _, k in decided), bool, len(vocab))
    tag_codes = encode_tags(pa.array(tags, pa.string()))
    return SegmentedCorpus.from_codes(
        lengths,
        codes,
        coded.dictionary.cast(pa.string()),
        tags=tag_codes.take(codes),
        kept=kept[codes],
    )


def _tags_in_context(engine, texts, docs, codes, words: list[int]) -> list[str]:
    """The tag of each of ``words`` (codes) as :meth:`Engine.tag` gives it where the word
    first occurs: the text around it is tagged (a few words either side, then the whole
    text) until the word comes out whole at its place."""
    import numpy as np

    where = np.full(int(codes.max()) + 1, -1, np.int64)
    where[codes[::-1]] = np.arange(len(codes) - 1, -1, -1)  # first occurrence of each word
    bounds = np.cumsum([0, *map(len, docs)])
    offsets: dict[int, list[int]] = {}  # characters before each word, per document needed
    out = []
    for code in words:
        at = int(where[code])
        d = int(np.searchsorted(bounds, at, side="right")) - 1
        doc, k = docs[d], at - int(bounds[d])
        if d not in offsets:
            offsets[d] = [0, *accumulate(map(len, doc))]
        chars = offsets[d]
        for reach in (4, 16, len(doc)):
            lo, hi = max(k - reach, 0), min(k + reach + 1, len(doc))
            window = texts[d][chars[lo] : chars[hi]]
            offset, found = chars[lo], None
            for word, tag in engine.tag(window):
                if offset == chars[k] and word == doc[k]:
                    found = tag
                    break
                offset += len(word)
            if found is not None:
                out.append(found)
                break
        else:  # tagging the whole text gives its cut, so the word is there
            raise RuntimeError(f"{engine.name}: could not tag {doc[k]!r} where it occurs")
    return out


def make_segmenter(
    *,
    user_dicts: Sequence[str | Path] = (),
    stopwords: Sequence[str | Path] = (),
    terms: Iterable[str] = (),
    lexicon: str | Path | None = None,
) -> Segmenter:
    """The default segmenter plus a user's own words: more dictionaries (jieba ``.txt`` or a
    table with a ``term`` column), more stopword lists (one word per line) and more terms to
    keep whole. What ``--user-dict``, ``--stopwords`` and ``--terms`` give on the command line
    and the ``user_dicts``, ``stopword_files`` and ``terms`` parameters in the notebooks.
    ``lexicon`` replaces the bundled policy lexicon (another version of it).

    Examples
    --------
    >>> make_segmenter(terms=["卸掉枷锁"]).tokenize("基层要卸掉枷锁")
    ['基层', '卸掉枷锁']
    """
    extra_stop = set()
    for path in stopwords:
        if not Path(path).is_file():
            raise ValueError(f"stopword list {path} does not exist")
        extra_stop.update(read_wordlist(path))
    return Segmenter(
        user_dicts=[config.user_dict_path(), lexicon or config.policy_lexicon_path(), *user_dicts],
        stopwords=default_stopwords() | extra_stop,
        terms=terms,
    )
