"""Phrase keywords from the segmented corpus (:func:`best_phrases`, behind
:func:`analysis.keywords.phrase_keywords`): candidates are runs of adjacent content words,
found and counted on integer word codes, a block of documents at a time, on every core.

How a block is read (:func:`_read_block`):

1. Each word of the corpus's dictionary gets its rule bits (stopword, number, joiner …), its
   length and a polynomial hash of its characters, once (:class:`_Words`).
2. Runs of 1–``max_tokens`` content words are extended word by word; the hash of a run is
   that of its characters, so 数据共享 as one word and 数据 + 共享 are one phrase. Two
   phrases of random text share the 64-bit hash with odds of about 2**-64; the strings known
   to collide for any odd base (a Thue–Morse string and its complement, mod 2**64) need
   1,024 characters or more, and no phrase has that many: a word of more than
   :data:`_MAX_WORD` characters is never part of one.
3. One sort of (phrase, document, position) gives each document's candidates (their first
   occurrence, how many runs they are) and the document frequencies of words and phrases.
4. How often a candidate occurs in the text and where first come from the text itself, as
   ``str.count`` and ``str.find`` would give them (:func:`_counts`): 阻燃 inside 阻燃剂
   counts, which the author keywords of scientific abstracts reward. Which candidate holds
   another (数据 in 数据共享) is found once per block (:func:`_inside`).

The score (:meth:`_Scorer.score`) is log-linear in those counts, the position of the first
occurrence, jieba's IDF and the corpus's own, and small penalties (:data:`PHRASE_WEIGHTS`);
the best of each document are chosen by :meth:`_Scorer.choose`.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from itertools import chain, pairwise
from pathlib import Path

import numpy as np

from . import parallel
from .chars import PERCENT
from .tokens import SegmentedCorpus

__all__ = ["PHRASE_WEIGHTS", "best_phrases", "holds_place", "jieba_idf"]

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
#: Where a term first appears weighs fully in the first this many characters.
_LEAD_CHARS = 300
#: In a text longer than this, a phrase met once is no candidate.
_LONG_TEXT = 2000
#: Corpus statistics come from at most this many documents (a seeded sample).
_STATS_SAMPLE = 3000
#: A longer word (a base64 blob, a run of digits) is never part of a phrase, so a phrase has
#: at most 4 × 255 = 1,020 characters (see the module's note on hash collisions).
_MAX_WORD = 255

#: POS tags that always end a phrase: particles, prepositions, conjunctions, pronouns,
#: interjections, localisers (中/上/后), measure words and adverbs (逐渐, 不断).
_BREAK_POS = frozenset(
    {"uj", "ul", "uz", "ud", "ug", "uv", "u", "p", "c", "r", "y", "e", "o", "f", "mq", "d"}
)
#: Words that always end a phrase: copulas and existentials (数据是智慧城市 is a clause), the
#: words of rankings (排全省第3, 居全区第一, 获评全省…: a rank, not a topic) and years named
#: from the report's own (本年收入, 去年同期增长, 年内净增: when, not what).
_BREAK_WORDS = frozenset(
    {"是", "为", "成为", "有", "没有"}
    | {"本年", "上年", "上一年", "今年", "去年", "明年", "当年", "同期", "去年同期", "上年同期"}
    | {"年内", "年初", "年底", "年末", "年中"}
    | {"排", "列", "居", "位居", "排名", "获评", "评为", "入选", "入选国", "获批", "第"}
    | {"全国", "全省", "全区", "全市", "全州", "全县"}
)
#: A one-character stopword may sit inside a phrase when tagged as content (管 in 拉瓦尔管).
_SINGLE_STOP_OK = frozenset(
    {"n", "ng", "nr", "ns", "nz", "vn", "zg", "k", "h", "q", "a", "m", "b", "x", "g", "v"}
)
_JOINERS = frozenset({"-", "/", "·", "+"})
_NUM = re.compile(r"^(?=.*\d)[\d.%％,，+\-～~:/]+$")  # with a digit: a lone ， is none
_PUNCT = re.compile(r"^\W+$")
#: Years and dates in Chinese numerals (一九五八年, 二〇二四, 三月, 十五日), dropped like Arabic
#: numbers; plan names such as 十四五 and 十八大 are not dates and stay.
_CJK_DATE = re.compile(
    r"^(?:[一二][九〇零][〇零一二三四五六七八九]{0,2}年?|[〇零一二三四五六七八九十]+[年月日号])$"
)
#: A percentage in Chinese numerals (百分之, 百分之三十): a number, never part of a phrase.
_CJK_PERCENT = re.compile(rf"^{PERCENT}$")
#: Units that follow a number in reports: money, weight, area, energy, people, things.
_UNITS = (
    "美元|欧元|元|公斤|吨|斤|担|公顷|亩|平方公里|平方米|立方米|公里|米|千瓦时|瓦时|千瓦|瓦|伏|"
    "标准箱|标箱|人次|人|户|名|头|家|套|辆|件|项|个|座|张|场次|场|台|株|所|批|部|位|篇|册|"
    "份|例|起|宗|笔|艘|架|只|分点|级|倍"
)
#: A quantity in Chinese numerals, perhaps with its unit: part of a phrase (十八大) but no
#: phrase alone. Numerals alone (二十, 五千九百, 三亿七千万), or 十百千万亿 and a unit (亿元,
#: 二十亿元, 万公顷, 百分点, 千亿级; jieba cuts 300多亿元 into 300 and 多亿元, 300余家 into
#: 300 and 余家). Plan names (十五, 十四五) are none, and so are 百强, 千村, 多元 (no unit)
#: and 百度, 十条 (度 and 条 are no units here: a company, a policy's name).
#: The token filter keeps these words: dropping them there lowered the news-title NMI
#: from 0.541 to 0.531.
_CJK_QUANTITY = re.compile(
    r"^(?![一二三四五六七八九十]*五$)"
    r"(?:[〇零一二三四五六七八九十百千万亿两]+[元吨斤亩]?"
    rf"|[\d.零〇一二三四五六七八九两几]*[多余]?[十百千万亿]+[多余]?(?:{_UNITS})?|余(?:{_UNITS}))$"
)
_DIGIT = re.compile(r"\d")
_MULTIPLIER = re.compile("[十百千万亿多余几]")

#: The multiplier of the polynomial hash of a phrase's characters (mod 2**64, odd).
_HASH_BASE = np.uint64(0x100000001B3)


@lru_cache(maxsize=1)
def _jieba_idf_table():
    """jieba's bundled IDF table (``jieba/analyse/idf.txt``: a word and its IDF per line, no
    word holds a space), found without importing jieba: its words (Arrow), their IDF and the
    median, which jieba gives words it lacks."""
    from importlib.util import find_spec

    import pyarrow as pa
    import pyarrow.csv as csv

    folder = find_spec("jieba").submodule_search_locations[0]
    table = csv.read_csv(
        Path(folder) / "analyse" / "idf.txt",
        read_options=csv.ReadOptions(column_names=["word", "idf"]),
        parse_options=csv.ParseOptions(delimiter=" ", quote_char=False),
        convert_options=csv.ConvertOptions(column_types={"word": pa.string(), "idf": pa.float64()}),
    )
    values = table.column("idf").to_numpy()
    return table.column("word").combine_chunks(), values, float(np.median(values))


def jieba_idf(words) -> np.ndarray:
    """jieba's IDF of each of ``words`` (an Arrow string array), its median for the words
    its table lacks, as ``jieba.analyse.extract_tags`` scores them.

    >>> import pyarrow as pa
    >>> idf = jieba_idf(pa.array(["数据", "数字枷锁"]))
    >>> bool(idf[0] < idf[1])  # a common word, and one jieba's table lacks (the median)
    True
    """
    import pyarrow.compute as pc

    known, values, median = _jieba_idf_table()
    at = pc.index_in(words, value_set=known).to_numpy(zero_copy_only=False)
    return np.where(np.isnan(at), median, values[np.nan_to_num(at).astype(np.int64)])


def _plain_number(w: str) -> bool:
    """A number in digits, or a date or percentage in Chinese numerals."""
    return bool(_NUM.match(w) or _CJK_DATE.match(w) or _CJK_PERCENT.match(w))


@lru_cache(maxsize=1 << 20)
def _never_content(w: str) -> bool:
    """A copula, a number (:func:`_plain_number`), punctuation or blank: never part of a
    phrase (remembered: corpora share most of their words)."""
    return w in _BREAK_WORDS or _plain_number(w) or bool(_PUNCT.match(w)) or not w.strip()


def _is_number(w: str) -> bool:
    """A number (:func:`_plain_number`) or a quantity (:data:`_CJK_QUANTITY`)."""
    return _plain_number(w) or bool(_CJK_QUANTITY.match(w))


def _powers(n: int) -> np.ndarray:
    """``B^0 … B^(n - 1)`` (mod 2**64)."""
    powers = np.cumprod(np.full(max(n, 1), _HASH_BASE, np.uint64))
    return np.concatenate([[np.uint64(1)], powers[:-1]])[:n]


def _string_hashes(strings: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The code points (+ 1) of ``strings`` joined, where each string starts in them, and the
    prefix sums ``S[k] = Σ_{m<k} p_m · B^m``: the hash of the characters ``a:b`` is
    ``(S[b] - S[a]) · B^-a``."""
    points = _code_points("".join(strings)) + np.uint64(1)
    starts = np.cumsum([0, *map(len, strings)])
    prefix = np.concatenate([[np.uint64(0)], np.cumsum(points * _powers(len(points)))])
    return points, starts, prefix


def _hash_of(prefix: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The hash of the characters ``a:b`` of the joined strings (:func:`_string_hashes`)."""
    inverse = _inverse_powers(int(a.max()) + 1 if len(a) else 0)
    return (prefix[b] - prefix[a]) * inverse[a]


@lru_cache(maxsize=1)
def _inverse_base() -> np.uint64:
    """``B^-1`` mod 2**64 (B is odd), by Newton's iteration."""
    base, inverse = int(_HASH_BASE), 1
    for _ in range(7):
        inverse = inverse * (2 - base * inverse) % (1 << 64)
    return np.uint64(inverse)


def _inverse_powers(n: int) -> np.ndarray:
    powers = np.cumprod(np.full(max(n, 1), _inverse_base(), np.uint64))
    return np.concatenate([[np.uint64(1)], powers[:-1]])[:n]


def _hashes(words: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Per word, the polynomial hash of its code points (``Σ (c_i + 1) · B^i`` mod 2**64) and
    ``B^len``: the hash of a concatenation is ``h(a) + h(b) · B^len(a)``, so a run of words
    and the one word that spells it hash alike, and so does any stretch of a text with those
    characters (see the module's note on collisions)."""
    lengths = np.fromiter(map(len, words), np.int64, len(words))
    _, starts, prefix = _string_hashes(words)
    hashes = _hash_of(prefix, starts[:-1], starts[1:])
    return hashes, _powers(int(lengths.max()) + 1 if len(lengths) else 1)[lengths]


#: Bits of :attr:`_Words.rules`.
_JOINER, _NEVER, _STOP_LONG, _STOP_SHORT, _HAS_DIGIT, _PLACE, _NOT_PLACE = 1, 2, 4, 8, 16, 32, 64
_NUMBER = 128  # a number or quantity (:func:`_is_number`): no phrase alone, and a unit after
# it starts none
#: a number holding 十百千万亿多余几 (亿, 亿级, 余个 of 30余个): after a number, the rest of its figure
_FIGURE = 256
#: 年, 月 or 日 alone starts no phrase: 年 of 本|年|收入, where jieba splits 本年 (年收入 is no
#: term), and of 1955|年|国家预算; inside one it may stay (五|年|计划). Nor does 〇, of
#: 一九八|〇|年增长, where jieba splits a year (〇年增长 was a keyword of the 1982 report).
_LONE_DATE = 512
_LONE_DATES = frozenset({"年", "月", "日", "〇"})
#: The verbs of a plan's actions start no phrase: what is done to a topic, not the topic
#: (支持|亳州, 推进|城市, 完善|数据流通安全, 采用|超声; 坚持|四项基本原则 gives 四项基本原则;
#: 建设|武汉, 建设|四化同步发展示范区 gives 四化同步发展示范区; 建设用地 is one word).
_ACTION = 1024
#: A verb of saying ends no phrase: who speaks is the topic, not that they speak (周总理|说,
#: 周总理|指出 give 周总理; 会议|认为 no phrase; 温家宝|所作, of the report he made, 温家宝).
#: Nor does an ordinal, which needs what it counts (:data:`_ORDINAL`).
_NO_END = 2048
_SAYINGS = frozenset({"说", "指出", "认为", "强调", "表示", "讲", "所作"})
#: Modal and resultative verbs start and end no phrase: what must or will happen to a topic,
#: not the topic (宏观政策|要 gave 政策要, 增加|到 gave 增加到: keywords of national reports).
_AUXILIARIES = frozenset({"要", "到", "将", "会", "能", "应", "可", "需", "须", "得"})
#: An ordinal (第一次, 第十一届) ends no phrase and makes none alone, like a number: in
#: 第十一届|全国人民代表大会|第一次, cut off before its 会议 (a run has at most 4 words), and in
#: 第十一届 alone; the NPC's resolutions give 第十一届全国人民代表大会.
_ORDINAL = r"^第[〇零一二三四五六七八九十百千0-9]+[次届]$"
_ACTIONS = frozenset(
    {"支持", "推进", "推动", "加强", "加快", "加力", "完善", "促进", "打造", "实施", "深化"}
    | {"健全", "强化", "提升", "提高", "落实", "坚持", "实现", "建立", "开展", "做好", "抓好"}
    | {"发挥", "优化", "扩大", "培育", "构建", "聚焦", "围绕", "采用", "具有", "考虑", "利用"}
    | {"建设", "争创", "创建"}
    | {"让", "使"}  # causatives: 让|益阳 (让益阳更美) was a keyword
)


@dataclass(frozen=True, eq=False)
class _Words:
    """What the phrase rules need of each word of the corpus's dictionary (index = word code)
    and of each POS tag (index = tag code); made once per corpus and shared with the workers."""

    strings: object  # pyarrow strings: the words
    rules: np.ndarray  # uint16: the bits above
    chars: np.ndarray  # int64: characters
    hash: np.ndarray  # uint64: hash of the characters (:func:`_hashes`)
    shift: np.ndarray  # uint64: B ** chars
    idf: np.ndarray  # float: jieba's IDF (its median for words it lacks)
    breaks: np.ndarray  # bool per tag: always ends a phrase
    single_ok: np.ndarray  # bool per tag: a one-character stopword may stay inside
    numeral: np.ndarray  # bool per tag: m (a numeral: with a digit it ends a phrase)
    unit: np.ndarray  # bool per tag: m, q or t (right after a number, 年, 亿元, 斤, 年内 belong
    # to it: 1980年计划 gives 计划, not 年计划; but not a numeral: 2,5-二溴噻吩)
    no_start: np.ndarray  # bool per tag: k or u (a suffix or particle) starts no phrase
    no_end: np.ndarray  # bool per tag: h (a prefix) ends no phrase
    place: np.ndarray  # bool per tag: ns (with ``places``: ends a phrase like a stopword,
    # unless the word is one of ``not_places``)

    @classmethod
    def of(
        cls, vocab, tag_names: list[str], stopwords: frozenset[str], places, not_places=()
    ) -> _Words:
        import pyarrow as pa
        import pyarrow.compute as pc

        words = [str(w) for w in vocab]
        strings = pa.array(words, pa.string())

        def listed(values) -> np.ndarray:
            value_set = pa.array(sorted(values), pa.string())
            return pc.is_in(strings, value_set=value_set).to_numpy(zero_copy_only=False)

        lengths = np.fromiter(map(len, words), np.int64, len(words))
        # a word of Chinese characters that starts with no numeral has no digit, is no number,
        # punctuation or date: only the other words (a tenth) go through the patterns
        plain = pc.match_substring_regex(strings, r"^[\x{4e00}-\x{9fff}]+$").to_numpy(False)
        numerals = "^[〇零一二三四五六七八九十百千万亿两多余几]"  # 多亿元, 余家: quantities too
        plain &= ~pc.match_substring_regex(strings, numerals).to_numpy(False)
        never, digit = listed(_BREAK_WORDS) | (lengths > _MAX_WORD), np.zeros(len(words), bool)
        number, figure = np.zeros(len(words), bool), np.zeros(len(words), bool)
        for i in np.flatnonzero(~plain & ~never).tolist():
            never[i] = _never_content(words[i])
            digit[i] = _DIGIT.search(words[i]) is not None
            number[i] = _is_number(words[i])
            figure[i] = number[i] and _MULTIPLIER.search(words[i]) is not None
        stop = listed(stopwords)
        for i in np.flatnonzero(~plain & ~stop).tolist():  # The as the; IT is no "it"
            w = words[i]
            stop[i] = w.isascii() and not w.isupper() and w.lower() in stopwords
        ordinal = pc.match_substring_regex(strings, _ORDINAL).to_numpy(False)
        rules = (
            _JOINER * listed(_JOINERS)
            | _NEVER * never
            | np.where(lengths >= 2, _STOP_LONG, _STOP_SHORT) * stop
            | _HAS_DIGIT * digit
            | _NUMBER * (number | ordinal)
            | _FIGURE * figure
            | _LONE_DATE * listed(_LONE_DATES)
            | _ACTION * listed(_ACTIONS | _AUXILIARIES)
            | _NO_END * (listed(_SAYINGS | _AUXILIARIES) | ordinal)
            | _PLACE * (listed(places) if places is not None else False)
            | _NOT_PLACE * (listed(not_places) if places is not None else False)
        ).astype(np.uint16)
        hashes, shift = _hashes(words)

        def tagged(group) -> np.ndarray:
            return np.array([t in group for t in tag_names], bool)

        return cls(
            strings=strings,
            rules=rules,
            chars=lengths,
            hash=hashes,
            shift=shift,
            idf=jieba_idf(strings),
            breaks=tagged(_BREAK_POS),
            single_ok=tagged(_SINGLE_STOP_OK),
            numeral=tagged({"m"}),
            unit=tagged({"m", "q", "t"}),
            no_start=tagged({"k", "u"}),
            no_end=tagged({"h"}),
            place=tagged({"ns"} if places is not None else ()),
        )


@dataclass(frozen=True, eq=False)
class _Block:
    """What one block of documents gives: its candidates (``rows``, one per document and
    phrase, in document order) and its document frequencies."""

    doc: np.ndarray  # int64, per row: document (in the corpus)
    phrase: np.ndarray  # int64, per row: index into ``hashes`` / ``strings``
    start: np.ndarray  # int64, per row: first word of its first run (into the corpus's words)
    n: np.ndarray  # int64, per row: words in that run
    jieba: np.ndarray  # float, per row: mean jieba IDF of those words
    chars: np.ndarray  # int64, per row: their characters
    count: np.ndarray  # float, per row: occurrences in the text (at least 1)
    alone: np.ndarray  # float, per row: … not inside a longer candidate of the document
    first: np.ndarray  # int64, per row: character where it first occurs in the text
    hashes: np.ndarray  # uint64, per phrase of the block's rows
    strings: object  # pyarrow strings, per phrase of the block's rows
    word_df: np.ndarray  # int64 per word code: documents of the block holding it
    df_hashes: np.ndarray  # uint64: each phrase of ≥ 2 words some document holds …
    df_counts: np.ndarray  # int64: … and how many documents of the block hold it


@dataclass(frozen=True, eq=False)
class _Shared:
    """What every block job reads: the corpus, its texts and the rules (a forked worker
    inherits it; jobs name only their documents)."""

    words: _Words
    codes: np.ndarray  # int32: word code of every word of the corpus
    tags: np.ndarray  # int16/int32: tag code of every word
    offsets: np.ndarray  # int64: the words of document i are offsets[i]:offsets[i + 1]
    texts: Sequence[str]
    max_tokens: int


def _positions(keys: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Where each of ``values`` is among ``keys`` (its first place there), or -1 (a hash
    table: several times faster than a binary search of unsorted values)."""
    import pandas as pd

    index = pd.Index(keys)
    if index.is_unique:
        return index.get_indexer(values)
    first = np.flatnonzero(~index.duplicated())  # two words of one hash: the first one
    at = pd.Index(keys[first]).get_indexer(values)
    return np.where(at >= 0, first[np.maximum(at, 0)], -1)


def _changes(values: np.ndarray) -> np.ndarray:
    """Per element of a sorted array: whether it differs from the one before (the first
    does)."""
    return np.concatenate([[True], values[1:] != values[:-1]])[: len(values)]


def _runs(shared: _Shared, lo: int, hi: int):
    """Every candidate run of the documents ``lo:hi``: its first word (index into the corpus),
    its number of words and the hash of its characters, runs of one word first."""
    w, a, b = shared.words, shared.offsets[lo], shared.offsets[hi]
    codes, tags = shared.codes[a:b], shared.tags[a:b]
    rules = w.rules[codes]
    joiner = (rules & _JOINER) > 0
    never = (rules & (_NEVER | _STOP_LONG | _PLACE)) > 0
    never |= ((rules & _STOP_SHORT) > 0) & ~w.single_ok[tags]
    never |= ((rules & _HAS_DIGIT) > 0) & w.numeral[tags]
    never |= w.breaks[tags] | (w.place[tags] & ((rules & _NOT_PLACE) == 0))
    content = joiner | ~never
    startable = content & ~joiner & ~w.no_start[tags] & ((rules & (_LONE_DATE | _ACTION)) == 0)
    endable = ~joiner & ~w.no_end[tags] & ((rules & _NO_END) == 0)
    chars = np.concatenate([[0], np.cumsum(w.chars[codes])])
    doc = np.repeat(np.arange(hi - lo), np.diff(shared.offsets[lo : hi + 1]))
    # a number (in digits, tagged m; or in Chinese numerals) keeps its unit and the rest of
    # its figure: 年 in 1980年计划, 斤 in 四十斤, 年内 in 2023年内, 亿级 in 10亿级项目 start no
    # phrase right after it (a numeral without 十百千万亿多余几 may: 二 of 2,5-二溴噻吩); and a run of
    # numbers and quantities alone (二十, 万亿元) is none
    number = ((rules & _NUMBER) > 0) | (((rules & _HAS_DIGIT) > 0) & w.numeral[tags])
    unit = w.unit[tags] & (~number | ((rules & _FIGURE) > 0))
    startable[1:] &= ~(number[:-1] & unit[1:] & (doc[1:] == doc[:-1]))
    words_before = np.concatenate([[0], np.cumsum(~number)])  # words that are no number
    pos = np.flatnonzero(content)
    h, power = w.hash[codes[pos]], w.shift[codes[pos]]  # the run's hash and B^its length
    starts, ns, hashes = [], [], []
    for n in range(1, shared.max_tokens + 1):
        if n > 1:  # extend each run by the next word, where it is content of the same document
            nxt = pos + n - 1
            ok = nxt < len(codes)
            pos, h, power, nxt = pos[ok], h[ok], power[ok], nxt[ok]
            ok = content[nxt] & (doc[nxt] == doc[pos])
            pos, h, power, nxt = pos[ok], h[ok], power[ok], codes[nxt[ok]]
            h, power = h + w.hash[nxt] * power, power * w.shift[nxt]
        last = pos + n - 1
        emit = startable[pos] & endable[last] & (chars[last + 1] - chars[pos] >= 2)
        emit &= words_before[last + 1] > words_before[pos]
        starts.append(pos[emit])
        ns.append(np.full(int(emit.sum()), n, np.int64))
        hashes.append(h[emit])
    return a + np.concatenate(starts), np.concatenate(ns), np.concatenate(hashes), doc


def _read_block(shared: _Shared, job: tuple[int, int]) -> _Block:
    """The candidates and document frequencies of documents ``lo:hi``."""
    import pyarrow as pa
    import pyarrow.compute as pc

    lo, hi = job
    w, a = shared.words, shared.offsets[lo]
    start, n, h, doc_of_word = _runs(shared, lo, hi)
    # one sort of (phrase, document, first word, words): each document's phrases in turn
    order = np.argsort(h)
    ranked = h[order]
    new = _changes(ranked)
    phrase_hashes = ranked[new]
    phrase = np.empty(len(h), np.int64)
    phrase[order] = np.cumsum(new) - 1
    width = shared.max_tokens + 1
    place = (start - a) * width + n
    bits = int(max(len(doc_of_word) * width, 1)).bit_length()
    if bits + int(max(len(phrase_hashes), 1)).bit_length() > 63:  # a block of ~10^9 words
        raise ValueError(f"documents {lo}:{hi} hold too many words to read as one block")
    packed = np.sort((phrase << bits) | place)
    p, place = packed >> bits, packed & ((1 << bits) - 1)
    d = doc_of_word[place // width]
    first_run = np.flatnonzero(_changes(p) | _changes(d))
    runs = np.diff(np.append(first_run, len(packed)))
    row_phrase, row_place, row_doc = p[first_run], place[first_run], d[first_run]
    # document frequencies: of each word, and of each phrase met as ≥ 2 words
    n_words = len(w.chars)
    codes = shared.codes[a : shared.offsets[hi]]
    pairs = np.sort(doc_of_word.astype(np.int64) * n_words + codes)
    pairs = pairs[_changes(pairs)]
    word_df = np.bincount(pairs % n_words, minlength=n_words)
    multi = (place % width > 1).astype(np.int8)
    multi = np.maximum.reduceat(multi, first_run) > 0 if len(first_run) else multi > 0
    held = np.bincount(row_phrase[multi], minlength=len(phrase_hashes))
    df_hashes, df_counts = phrase_hashes[held > 0], held[held > 0]
    # in a long text, a phrase met once is no term; the rest in document order
    text_len = np.fromiter(map(len, shared.texts[lo:hi]), np.int64, hi - lo)
    keep = np.flatnonzero((text_len[row_doc] <= _LONG_TEXT) | (runs >= 2))
    keep = keep[np.argsort(row_doc[keep], kind="stable")]
    row_doc, row_phrase, row_place = row_doc[keep], row_phrase[keep], row_place[keep]
    used, row_phrase = np.unique(row_phrase, return_inverse=True)
    row_start, row_n = a + row_place // width, row_place % width
    # each phrase's string, spelled from the first row that has it, phrases of k words at once
    first_row = np.empty(len(used), np.int64)
    first_row[row_phrase[::-1]] = np.arange(len(row_phrase))[::-1]
    spelled, order = [], []
    for k in range(1, shared.max_tokens + 1):
        which = np.flatnonzero(row_n[first_row] == k)
        at = row_start[first_row[which]]
        parts = [w.strings.take(shared.codes[at + j]) for j in range(k)]
        spelled.append(pc.binary_join_element_wise(*parts, "") if k > 1 else parts[0])
        order.append(which)
    position = np.empty(len(used), np.int64)
    position[np.concatenate(order)] = np.arange(len(used))
    strings = pa.concat_arrays(spelled).take(position)
    count, alone, first = _text_counts(shared.texts, lo, row_doc, row_phrase, strings.to_pylist())
    return _Block(
        lo + row_doc,
        row_phrase,
        row_start,
        row_n,
        _run_sums(w.idf, shared.codes, row_start, row_n) / np.maximum(row_n, 1),
        _run_sums(w.chars, shared.codes, row_start, row_n).astype(np.int64),
        count,
        alone,
        first,
        phrase_hashes[used],
        strings,
        word_df,
        df_hashes,
        df_counts,
    )


def _text_counts(texts, lo: int, doc: np.ndarray, phrase: np.ndarray, strings: list[str]):
    """Per row (document ``lo + doc``, phrase): how often the phrase occurs in the text (at
    least once), how often not inside a longer candidate of the document, and where first."""
    tf, first = np.zeros(len(doc), np.int64), np.zeros(len(doc), np.int64)
    overlapping = np.fromiter(map(_overlaps_itself, strings), bool, len(strings))
    bounds = np.searchsorted(doc, np.arange(doc[-1] + 2 if len(doc) else 1))
    for d in np.flatnonzero(np.diff(bounds)).tolist():
        rows = slice(bounds[d], bounds[d + 1])
        text, terms = texts[lo + d], [strings[p] for p in phrase[rows].tolist()]
        if len(text) <= _SHORT_TEXT:  # str.count and str.find beat any set-up
            tf[rows] = [text.count(t) for t in terms]
            first[rows] = [max(text.find(t), 0) for t in terms]
        else:
            tf[rows], first[rows] = _counts(text, terms, overlapping[phrase[rows]])
    count = np.maximum(tf, 1)
    return count, np.maximum(count - _nested(doc, phrase, tf, strings), 0), first


#: Texts up to this many characters are searched term by term (``str.count``).
_SHORT_TEXT = 1000


def _nested(doc: np.ndarray, phrase: np.ndarray, tf: np.ndarray, strings: list[str]):
    """Per row (document, phrase): the largest count ``tf`` of another phrase of the same
    document that contains it (数据 in 数据共享). Which phrase holds which is found once for
    the block (:func:`_inside`), then looked up per document."""
    nested = np.zeros(len(doc), np.int64)
    outer, inner = _inside(strings)
    if not len(outer):
        return nested
    order = np.argsort(outer, kind="stable")
    outer, inner = outer[order], inner[order]
    starts = np.searchsorted(outer, np.arange(len(strings) + 1))
    # every (row of an outer phrase, phrase inside it), then the row of that inner phrase
    held = starts[phrase + 1] - starts[phrase]
    rows = np.repeat(np.arange(len(doc)), held)
    within = np.arange(len(rows)) - np.repeat(np.cumsum(held) - held, held)
    wanted = doc[rows] * len(strings) + inner[starts[phrase[rows]] + within]
    at = _positions(doc * len(strings) + phrase, wanted)
    np.maximum.at(nested, at[at >= 0], tf[rows[at >= 0]])
    return nested


def _inside(strings: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Every pair (outer, inner) of ``strings`` (distinct) where ``inner`` is a stretch of
    ``outer``: the hash of every stretch of two characters or more of every string, shorter
    than the string, looked up among the strings' own hashes."""
    if not strings:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    points, starts, prefix = _string_hashes(strings)
    length = np.diff(starts)
    owner = np.repeat(np.arange(len(strings)), length)
    # from each character a: stretches of 2 … min(characters left, length - 1) characters
    left = starts[owner + 1] - np.arange(len(points))
    spans = np.maximum(np.minimum(left, length[owner] - 1) - 1, 0)
    a = np.repeat(np.arange(len(points)), spans)
    b = a + 2 + np.arange(len(a)) - np.repeat(np.cumsum(spans) - spans, spans)
    full = _hash_of(prefix, starts[:-1], starts[1:])
    at = _positions(full, _hash_of(prefix, a, b))
    return owner[a[at >= 0]], at[at >= 0]


# --------------------------------------------------------------------------- text search


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


def _counts(
    text: str, terms: list[str], overlapping: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """For each term: how often it occurs in ``text`` (as ``str.count``: without overlaps) and
    where it first does (``str.find``, 0 when absent). Terms of two characters (most of them,
    and most of the matches) are counted by sorting the text's character pairs; the others by
    one Aho–Corasick automaton."""
    n = len(terms)
    tf, first = np.zeros(n, np.int64), np.zeros(n, np.int64)
    points = _code_points(text)
    two = np.fromiter(map(len, terms), np.int64, n) == 2
    two &= len(points) < _MAX_PAIR_TEXT
    pairs, others = np.flatnonzero(two), np.flatnonzero(~two)
    if len(pairs):
        tf[pairs], first[pairs] = _pair_counts(points, _term_keys(terms[i] for i in pairs))
    if len(others):
        longer = [terms[i] for i in others.tolist()]
        ends, which = _matches(_automaton(longer), text)
        tf[others] = np.bincount(which, minlength=len(others))
        found = np.full(len(others), len(text), np.int64)
        np.minimum.at(found, which, ends - np.fromiter(map(len, longer), np.int64)[which] + 1)
        first[others] = np.where(tf[others] > 0, found, 0)
    # a match count includes overlaps; they are possible only where a term's start is also its
    # end (一一 in 一一一), and str.count gives those
    if overlapping is None:
        overlapping = np.fromiter(map(_overlaps_itself, terms), bool, n)
    for i in np.flatnonzero(overlapping).tolist():
        tf[i] = text.count(terms[i])
    return tf, first


#: Texts from this many characters on are searched by the automaton alone (a character pair
#: and its position share one 64-bit key: 42 + 22 bits).
_MAX_PAIR_TEXT = 1 << 22


def _code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32).astype(np.uint64)


def _pair_keys(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Two code points (21 bits each) as one key."""
    return (first << np.uint64(21)) | second


def _pairs_of(points: np.ndarray) -> np.ndarray:
    """The key of each character pair of a text (by its code points)."""
    return _pair_keys(points[:-1], points[1:])


def _term_keys(terms: Iterable[str]) -> np.ndarray:
    """The key of each two-character term."""
    points = _code_points("".join(terms))
    return _pair_keys(points[0::2], points[1::2])


def _pair_counts(points: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """How many times each two-character key occurs in the text of ``points`` (overlaps
    included) and where first (0 when absent): one sort of every pair with its position."""
    if len(points) < 2:
        return np.zeros(len(keys), np.int64), np.zeros(len(keys), np.int64)
    shift = np.uint64(22)
    grams = _pairs_of(points)
    packed = np.sort((grams << shift) | np.arange(len(grams), dtype=np.uint64))
    lo = np.searchsorted(packed, keys << shift)
    hi = np.searchsorted(packed, (keys << shift) | np.uint64((1 << 22) - 1), side="right")
    at = packed[np.minimum(lo, len(packed) - 1)] & np.uint64((1 << 22) - 1)
    return (hi - lo).astype(np.int64), np.where(hi > lo, at, 0).astype(np.int64)


def _overlaps_itself(term: str) -> bool:
    """Whether two occurrences of ``term`` can overlap: a start of it is also its end."""
    return term[0] in term[1:] and any(term[:k] == term[-k:] for k in range(1, len(term)))


def _texts_holding(terms: Sequence[str], texts: Sequence[str]) -> np.ndarray:
    """For each of ``terms``, how many of ``texts`` hold it: two-character terms by the
    character pairs of all the texts at once, the others by one Aho–Corasick automaton."""
    texts = [t if isinstance(t, str) else "" for t in texts]
    lengths = np.fromiter(map(len, terms), np.int64, len(terms))
    found = np.zeros(len(terms), np.int64)
    pairs, others = np.flatnonzero(lengths == 2), np.flatnonzero(lengths != 2)
    if len(pairs) and texts:
        keys = _term_keys(terms[i] for i in pairs)
        order = np.argsort(keys)
        points = _code_points("\x00".join(texts))  # no term holds the separator
        starts = np.zeros(0x110000, bool)  # the characters a term starts with
        starts[(keys >> np.uint64(21)).astype(np.int64)] = True
        maybe = np.flatnonzero(starts[points[:-1].astype(np.int64)])
        grams = _pair_keys(points[maybe], points[maybe + 1])
        at = np.minimum(np.searchsorted(keys[order], grams), len(keys) - 1)
        hit = maybe[keys[order][at] == grams]
        at = at[keys[order][at] == grams]
        ends = np.cumsum([len(t) + 1 for t in texts])  # one past each text's separator
        held = np.zeros((len(texts), len(keys)), bool)
        held[np.searchsorted(ends, hit, side="right"), order[at]] = True
        found[pairs] = held.sum(axis=0)
    if len(others):
        automaton = _automaton([terms[i] for i in others])
        for text in texts:
            if text:
                found[others[np.unique(_matches(automaton, text)[1])]] += 1
    return found


# --------------------------------------------------------------------------- the corpus


@dataclass(frozen=True, eq=False)
class _Stats:
    """Document frequencies of words (by code) and of phrases of ≥ 2 words (by hash), counted
    on ``n_docs`` documents; ``scale`` is the corpus's size over theirs."""

    n_docs: int
    scale: float
    word_df: np.ndarray
    hashes: np.ndarray  # uint64, sorted
    counts: np.ndarray

    @classmethod
    def merge(cls, blocks: Sequence[_Block], n_docs: int, scale: float = 1.0) -> _Stats:
        """The blocks' counts summed (they share no document)."""
        word_df = np.sum([b.word_df for b in blocks], axis=0).astype(float)
        hashes = np.concatenate([np.zeros(0, np.uint64), *(b.df_hashes for b in blocks)])
        counts = np.concatenate([np.zeros(0, np.int64), *(b.df_counts for b in blocks)])
        order = np.argsort(hashes)
        hashes, counts = hashes[order], counts[order]
        new = np.flatnonzero(_changes(hashes))
        summed = np.add.reduceat(counts, new) if len(new) else counts
        return cls(n_docs, scale, word_df, hashes[new], summed.astype(float))

    def phrase_df(self, hashes: np.ndarray) -> np.ndarray:
        """Documents holding each phrase (by hash) as ≥ 2 words; 0 for those never seen."""
        if not len(self.hashes):
            return np.zeros(len(hashes))
        at = _positions(self.hashes, hashes)
        return np.where(at >= 0, self.counts[at], 0.0)


@dataclass(frozen=True, eq=False)
class _Candidates:
    """The candidates of a whole corpus: the blocks' rows, one phrase numbering."""

    doc: np.ndarray
    phrase: np.ndarray
    start: np.ndarray
    n: np.ndarray
    jieba: np.ndarray
    chars: np.ndarray
    count: np.ndarray
    alone: np.ndarray
    first: np.ndarray
    hashes: np.ndarray  # per phrase
    strings: object  # pyarrow strings, per phrase

    @cached_property
    def terms(self) -> list[str]:
        return self.strings.to_pylist()

    def phrases_in(self, terms: Iterable[str]) -> np.ndarray:
        """Per phrase: whether it is one of ``terms``."""
        import pyarrow as pa
        import pyarrow.compute as pc

        listed = pa.array(sorted(terms), pa.string())
        return pc.is_in(self.strings, value_set=listed).to_numpy(zero_copy_only=False)

    @classmethod
    def concat(cls, blocks: Sequence[_Block]) -> _Candidates:
        import pyarrow as pa

        hashes = np.concatenate([np.zeros(0, np.uint64), *(b.hashes for b in blocks)])
        unique, first, code = np.unique(hashes, return_index=True, return_inverse=True)
        offsets = np.cumsum([0, *(len(b.hashes) for b in blocks)])[:-1]
        strings = pa.concat_arrays([pa.array([], pa.string()), *(b.strings for b in blocks)])

        def cat(name: str) -> np.ndarray:
            return np.concatenate([np.zeros(0, int), *(getattr(b, name) for b in blocks)])

        phrase = np.concatenate(
            [
                np.zeros(0, np.int64),
                *(code[o + b.phrase] for o, b in zip(offsets, blocks, strict=True)),
            ]
        )
        return cls(
            cat("doc"), phrase, cat("start"), cat("n"), cat("jieba"), cat("chars"),
            cat("count"), cat("alone"), cat("first"), unique, strings.take(first),
        )  # fmt: skip


def _run_sums(per_word: np.ndarray, codes: np.ndarray, start: np.ndarray, n: np.ndarray):
    """The sum of ``per_word`` over the ``n`` words from ``start`` of each row."""
    total = np.zeros(len(start))
    for j in range(int(n.max()) if len(n) else 0):
        inside = n > j
        total[inside] += per_word[codes[start[inside] + j]]
    return total


#: At most this many keywords of a document may hold the same shorter keyword: 数据标注,
#: 数据标注产业, 数据标注需求, and then other topics rather than 数据标注企业, 数据标注领域 …
_MAX_GROWN = 2
#: A keyword and the same name with one of these after it name one place (三亚 and 三亚市,
#: 凉山 and 凉山州): the longer one is passed over, not a second keyword. Not 县: 长沙县 and
#: 岳阳县 are counties of their own beside the cities 长沙 and 岳阳.
_ADMIN_SUFFIXES = frozenset("市州省")


@dataclass(frozen=True, eq=False)
class _Scorer:
    """The settings and statistics that score candidates (``stats`` is ``None`` without
    corpus statistics), and the terms never returned: ``exclude`` and ``common`` (found in
    more than ``max_df`` of the documents)."""

    top_n: int
    exclude: frozenset[str]
    domain_terms: frozenset[str]
    places: frozenset[str] | None
    stats: _Stats | None
    common: frozenset[str] = frozenset()

    def choose(self, c: _Candidates, shared: _Shared) -> tuple[list, Counter]:
        """The best ``top_n`` of each document with candidates, ``[(doc, [(term, score), …]),
        …]``: by score, then earliest, then in code-point order; a candidate inside an already
        chosen keyword is passed over, and so is one holding a chosen keyword that
        :data:`_MAX_GROWN` chosen keywords hold already, or that is a chosen place name
        and its administrative suffix (三亚市 after 三亚). Also, per ``common`` term, the
        documents where it would have been among the ``top_n`` (what the ceiling took from
        them)."""
        import pyarrow.compute as pc

        score = self.score(c, shared)
        common = c.phrases_in(self.common)
        skip = c.phrases_in(self.exclude)
        if self.places is not None:  # nor a phrase holding a place (中共乐业县委, 三亚旅游)
            skip |= holds_place(c.terms, self.places)
        alpha = np.empty(len(c.strings), np.int64)  # code-point order of the phrases
        alpha[pc.sort_indices(c.strings).to_numpy()] = np.arange(len(c.strings))
        keep = np.flatnonzero(~skip[c.phrase])  # rows in document order
        doc, phrase, first, score = c.doc[keep], c.phrase[keep], c.first[keep], score[keep]
        # equal scores (to 1e-9: sums in another order differ in the last bits) go earliest
        # first, then in code-point order
        rounded = np.round(score, 9)
        tie = first * len(alpha) + alpha[phrase]
        starts = np.flatnonzero(_changes(doc))
        ends = np.append(starts[1:], len(doc))[: len(starts)]
        terms, out, displaced = c.terms, [], Counter()
        for lo, hi in zip(starts.tolist(), ends.tolist(), strict=True):
            order = lo + np.lexsort((tie[lo:hi], -rounded[lo:hi]))
            chosen: list[tuple[str, float]] = []
            grown: Counter = Counter()  # chosen keyword → the chosen keywords holding it
            for k in order.tolist():
                term = terms[phrase[k]]
                if any(term in t for t, _ in chosen):
                    continue
                hosts = [t for t, _ in chosen if t in term]
                if any(grown[t] >= _MAX_GROWN for t in hosts):
                    continue
                if term[-1] in _ADMIN_SUFFIXES and term[:-1] in hosts:
                    continue
                if common[phrase[k]]:
                    displaced[term] += 1
                    continue
                grown.update(hosts)
                chosen.append((term, float(score[k])))
                if len(chosen) == self.top_n:
                    break
            out.append((int(doc[lo]), chosen))
        return out, displaced

    def score(self, c: _Candidates, shared: _Shared) -> np.ndarray:
        """The log-linear score of each row (see :data:`PHRASE_WEIGHTS`)."""
        import pyarrow.compute as pc

        w, codes = PHRASE_WEIGHTS, shared.codes
        base = (w["jieba_idf"] if self.stats is not None else 0.15) * c.jieba
        if self.stats is not None:
            s = self.stats
            corpus_idf = np.log(s.n_docs / np.maximum(s.word_df, 1))
            df = np.where(c.n > 1, s.phrase_df(c.hashes)[c.phrase], s.word_df[codes[c.start]])
            base += w["corpus_idf"] * _run_sums(corpus_idf, codes, c.start, c.n) / c.n
            base -= w["phrase_df"] * np.log(np.maximum(df * s.scale, 1))
        base -= w["two_chars"] * (c.chars == 2) + w["four_tokens"] * (c.n == 4)
        latin = pc.match_substring_regex(c.strings, "[A-Za-z]").to_numpy(zero_copy_only=False)
        domain = c.phrases_in(self.domain_terms)
        base += w["domain_term"] * domain[c.phrase] - w["latin"] * latin[c.phrase]
        text_len = np.fromiter(map(len, shared.texts), np.int64, len(shared.texts))[c.doc]
        # where a term first appears says most in an abstract-sized text (~300 characters); in a
        # long essay or report the lead is no summary, so it fades
        lead = w["position"] * np.minimum(1.0, np.sqrt(_LEAD_CHARS / text_len))
        return base + np.log(c.count) + w["alone"] * np.log1p(c.alone) - lead * c.first / text_len


def _score_block(state: tuple[_Shared, _Scorer], job: tuple[int, int]):
    """:meth:`_Scorer.choose` of documents ``lo:hi``, read and scored in one go (large
    corpora, whose statistics come from a sample)."""
    shared, scorer = state
    return scorer.choose(_Candidates.concat([_read_block(shared, job)]), shared)


def _ranges(texts: Sequence[str]) -> list[tuple[int, int]]:
    """Consecutive documents of about :data:`~analysis.parallel.CHUNK` characters each."""
    return list(pairwise(np.cumsum([0, *map(len, parallel.text_chunks(texts))]).tolist()))


def _map(function, shared, jobs: list, texts: Sequence[str]) -> list:
    """``function(shared, job)`` for each job, in order: on every core (worker processes
    forked now, so they inherit ``shared`` and each job names only its documents) when
    there are several jobs over texts large enough for a pool, else here."""
    workers = parallel.pool_workers(texts)
    if workers and len(jobs) > 1:
        return parallel.process_map(function, jobs, shared=shared, workers=workers)
    return [function(shared, job) for job in jobs]


def _common(shared: _Shared, found: _Candidates, stats: _Stats, max_df: float) -> list[str]:
    """Candidates found in more than ``max_df`` of the documents, counted as a search finds
    them (改革 inside 改革开放 counts), the most widespread first. Searched are the candidates
    of ≥ 2 characters that could get there: those whose word or phrase document frequency is
    at least half the ceiling, and the stretches of those and of such frequent words, as a
    fragment found mostly inside a longer word is (一步 in 进一步, 人民代表 in 人民代表大会,
    高质量发 in the city reports). A fragment inside rarer words or across two can still pass
    (二十 and 全会精神, 2 of the 720 national keywords, are in 57 % and 53 % of the reports);
    searching every chosen term instead costs 2 s of CPU at 20 MB."""
    ceiling = max_df * stats.n_docs
    if max_df >= 1 or not len(found.strings):
        return []
    terms = found.terms
    word = _positions(shared.words.hash, found.hashes)  # a candidate that is one word
    df = np.maximum(np.where(word >= 0, stats.word_df[word], 0), stats.phrase_df(found.hashes))
    frequent = [terms[i] for i in np.flatnonzero(df >= ceiling / 2)]
    vocab = shared.words.strings
    common_words = np.flatnonzero(
        (stats.word_df >= ceiling / 2)
        & (shared.words.chars > 2)
        & (shared.words.chars <= _MAX_WORD)
    )
    frequent += vocab.take(common_words).to_pylist()
    stretches = {
        w[i:j] for w in frequent for i in range(len(w) - 1) for j in range(i + 2, len(w) + 1)
    }
    risky = sorted({terms[i] for i in np.flatnonzero(found.phrases_in(stretches))})
    if not risky:
        return []
    jobs = [(lo, hi, tuple(risky)) for lo, hi in _ranges(shared.texts)]
    held = np.sum(_map(_holding, shared, jobs, shared.texts), axis=0)
    over = [(-d, t) for t, d in zip(risky, held.tolist(), strict=True) if d > ceiling]
    return [t for _, t in sorted(over)]


def _holding(shared: _Shared, job: tuple[int, int, tuple[str, ...]]) -> np.ndarray:
    lo, hi, terms = job
    return _texts_holding(terms, shared.texts[lo:hi])


def best_phrases(
    texts: Sequence[str],
    corpus: SegmentedCorpus,
    *,
    top_n: int,
    stopwords: frozenset[str],
    exclude: frozenset[str],
    domain_terms: frozenset[str],
    max_tokens: int = 4,
    corpus_stats: bool = True,
    max_df: float = 1.0,
    places: frozenset[str] | None = None,
    not_places: frozenset[str] = frozenset(),
    place_words: frozenset[str] = frozenset(),
) -> tuple[list[tuple[int, list[tuple[str, float]]]], list[str]]:
    """The keywords of each document of ``corpus`` (the segmented ``texts``) that has
    candidates, ``(index, [(term, score), …])`` in document order, and the candidates left out
    as found in more than ``max_df`` of the documents, the most widespread first; see
    :func:`analysis.keywords.phrase_keywords` for the method and the options."""
    enc = corpus.word_codes
    tags, names = corpus._tag_codes
    # places: a listed name ends a phrase and no candidate may hold one (三亚旅游);
    # place_words (凯里 where 凯里市 is named) only end a phrase, as words
    every = None if places is None else places | place_words
    words = _Words.of(enc.vocab, names, stopwords, every, not_places)
    shared = _Shared(words, enc.codes, tags, enc.offsets, list(texts), max_tokens)
    n = len(texts)
    if not n or not len(enc.codes):
        return [], []
    scorer = _Scorer(top_n, exclude, domain_terms, places, stats=None)
    if not corpus_stats or n <= _STATS_SAMPLE:
        return _one_pass(shared, scorer, max_df, corpus_stats=corpus_stats)
    rows = sorted(random.Random(0).sample(range(n), _STATS_SAMPLE))  # seeded
    return _from_sample(shared, corpus, rows, scorer, max_df)


def _one_pass(shared: _Shared, scorer: _Scorer, max_df: float, *, corpus_stats: bool):
    """Every block read once, its candidates and its counts together (the corpus is its own
    sample: the statistics are summed here), then scored. One set of workers reads the
    blocks and then searches the texts for the too common terms."""
    ranges = _ranges(shared.texts)
    workers = parallel.pool_workers(shared.texts) if len(ranges) > 1 else 0
    with parallel.worker_pool(shared, workers=workers):
        blocks = _map(_read_block, shared, ranges, shared.texts)
        found = _Candidates.concat(blocks)
        common = []
        if corpus_stats:
            stats = _Stats.merge(blocks, len(shared.texts))
            common = _common(shared, found, stats, max_df)
            scorer = replace(scorer, stats=stats, common=frozenset(common))
    chosen, displaced = scorer.choose(found, shared)
    return chosen, _left_out(common, displaced)


def _from_sample(
    shared: _Shared, corpus: SegmentedCorpus, rows: Sequence[int], scorer: _Scorer, max_df: float
):
    """A large corpus: the statistics of the documents ``rows`` (a seeded sample, which bounds
    time and memory; phrase frequencies scaled to the corpus), then every block read and
    scored on the workers, which keep only each document's keywords."""
    sample = corpus.take_rows(rows)
    enc = sample.word_codes  # the corpus's dictionary: the same word codes
    texts = [shared.texts[i] for i in rows]
    tags, _ = sample._tag_codes
    in_sample = replace(shared, codes=enc.codes, tags=tags, offsets=enc.offsets, texts=texts)
    blocks = _map(_read_block, in_sample, _ranges(texts), texts)
    stats = _Stats.merge(blocks, len(rows), scale=len(shared.texts) / len(rows))
    common = _common(in_sample, _Candidates.concat(blocks), stats, max_df)
    scorer = replace(scorer, stats=stats, common=frozenset(common))
    parts = _map(_score_block, (shared, scorer), _ranges(shared.texts), shared.texts)
    displaced = sum((d for _, d in parts), Counter())
    return [item for part, _ in parts for item in part], _left_out(common, displaced)


def _left_out(common: list[str], displaced: Counter) -> list[str]:
    """The ``common`` terms, those that would have been keywords of the most documents first
    (then, as given, the most widespread)."""
    return sorted(common, key=lambda t: -displaced[t])  # stable


@lru_cache(maxsize=2)
def _place_automaton(places: frozenset[str]):
    """The automaton of the place names of ≥ 2 characters (built once per process)."""
    return _automaton(sorted(name for name in places if len(name) >= 2))


def holds_place(words: Sequence[str], places: frozenset[str]) -> np.ndarray:
    """Per word or phrase: whether a listed place name of ≥ 2 characters is part of it
    (三亚旅游, 中共上海市委), found in one Aho–Corasick pass over them all."""
    holds = np.zeros(len(words), bool)
    if len(words):
        holds[_matches_inside(_place_automaton(places), list(words))[0]] = True
    return holds
