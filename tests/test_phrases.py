"""The phrase method's parts: candidates hashed per block, counts in the text, word rules."""

from __future__ import annotations

import random
import re

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from analysis import phrases


@pytest.fixture(scope="module")
def seed_docs(request):
    from analysis import clean_corpus, load_corpus
    from conftest import SEED

    return clean_corpus(load_corpus(SEED))


def test_one_pass_scores_as_statistics_from_a_sample_of_everything(seed_docs, segmenter):
    """Counting the statistics while finding the candidates (the corpus is its own sample)
    gives what the path of large corpora gives (statistics of a sample first, then each
    block read and scored apart) when its sample is every document."""
    from analysis.segment import general_stopwords

    texts = seed_docs["clean_text"].tolist()
    corpus = segmenter.segmented(texts)
    general = general_stopwords()
    enc, (tags, names) = corpus.word_codes, corpus._tag_codes
    words = phrases._Words.of(enc.vocab, names, segmenter.stopwords & general, None)
    shared = phrases._Shared(words, enc.codes, tags, enc.offsets, texts, 4)
    scorer = phrases._Scorer(
        5, segmenter.stopwords - general, segmenter.dictionary_words, None, None
    )
    one_pass, left_out = phrases._one_pass(shared, scorer, 0.25, corpus_stats=True)
    sampled, left_out_sampled = phrases._from_sample(
        shared, corpus, range(len(texts)), scorer, 0.25
    )
    assert [i for i, _ in one_pass] == [i for i, _ in sampled]
    for (_, a), (_, b) in zip(one_pass, sampled, strict=True):
        assert [t for t, _ in a] == [t for t, _ in b]
        assert [s for _, s in a] == pytest.approx([s for _, s in b])
    # the ceiling (max_df 0.25 of 12 documents) drops some terms found in both ways, and
    # names them, those that would have been keywords first
    assert left_out and left_out == left_out_sampled
    assert min(sum(t in x for x in texts) for t in left_out) > 0.25 * len(texts)
    no_ceiling, none_left = phrases._one_pass(shared, scorer, 1.0, corpus_stats=True)
    assert none_left == []
    were = {t for _, a in no_ceiling for t, _ in a}
    assert were != {t for _, a in one_pass for t, _ in a}
    assert left_out[0] in were, (left_out, were)  # what the ceiling took comes first


_TEXT = st.text(alphabet="数据共享平台一二", max_size=40)


@settings(max_examples=300, deadline=None)
@given(
    text=_TEXT,
    terms=st.lists(
        st.text(alphabet="数据共享平台一二", min_size=2, max_size=5),
        min_size=1,
        max_size=8,
        unique=True,
    ),
)
def test_counts_are_str_count_and_find_and_nested_the_largest_outer_count(text, terms):
    tf, first = phrases._counts(text, terms)
    nested = phrases._nested(np.zeros(len(terms), np.int64), np.arange(len(terms)), tf, terms)
    assert tf.tolist() == [text.count(t) for t in terms]
    assert first.tolist() == [max(text.find(t), 0) for t in terms]
    # largest count of another term containing each term, by the plain loop it replaces
    expected = [max([text.count(o) for o in terms if o != t and t in o], default=0) for t in terms]
    assert nested.tolist() == expected


_WORD = st.text(
    alphabet="数据共享一二三九五〇零十百千万亿多余几分之元家年月日号是为有第次届0123456789.%，,-/·+ABCxyz\u3000 \n。？",
    min_size=1,
    max_size=6,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORD, min_size=1, max_size=30, unique=True))
@example(["第一次", "第十一届", "第一次\n", "第二", "所作"])
def test_word_rules_are_the_patterns_word_by_word(words):
    """The rules of a dictionary, found for most words by Arrow's vectorized patterns, are
    those of the Python patterns applied to each word (零号 and 一九五八年 are dates)."""
    stop = frozenset(words[::3])
    rules = phrases._Words.of(np.array(words, dtype=object), ["n"], stop, None).rules
    for word, bits in zip(words, rules.tolist(), strict=True):
        ordinal = re.fullmatch(phrases._ORDINAL.strip("^$"), word) is not None
        expected = (
            phrases._JOINER * (word in phrases._JOINERS)
            | phrases._NEVER * phrases._never_content(word)
            | (phrases._STOP_LONG if len(word) >= 2 else phrases._STOP_SHORT) * (word in stop)
            | phrases._HAS_DIGIT * (phrases._DIGIT.search(word) is not None)
            | phrases._NUMBER * (phrases._is_number(word) or ordinal)
            | phrases._FIGURE
            * (phrases._is_number(word) and bool(re.search("[十百千万亿多余几]", word)))
            | phrases._LONE_DATE * (word in phrases._LONE_DATES)
            | phrases._ACTION * (word in phrases._ACTIONS | phrases._AUXILIARIES)
            | phrases._NO_END * (word in phrases._SAYINGS | phrases._AUXILIARIES or ordinal)
        )
        assert bits == expected, word
    assert phrases._never_content("零号") and phrases._never_content("一九五八年")
    # percentages never take part; quantities do (十八大) but make no phrase alone (二十);
    # plan names (十四五) are no quantities
    assert phrases._never_content("百分之") and phrases._never_content("百分之三十")
    assert phrases._is_number("二十") and not phrases._never_content("二十")
    assert phrases._is_number("三亿七千万") and phrases._is_number("万亿元")
    assert not phrases._is_number("十四五") and not phrases._is_number("十五")
    assert not phrases._is_number("多元")
    # with a unit after 十百千万亿: a quantity; without, a word (百强, 千村, 余额)
    for quantity in ("万公顷", "多亿元", "亿美元", "万千瓦", "余家", "百分点", "二十亿元"):
        assert phrases._is_number(quantity), quantity
    for word in ("百强", "千村", "余额", "百姓", "十八大", "百度", "十条"):
        assert not phrases._is_number(word), word


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="数据共享平台一", min_size=1, max_size=5), min_size=1, max_size=6))
def test_a_run_of_words_hashes_as_the_word_that_spells_it(words):
    hashes, shift = phrases._hashes([*words, "".join(words)])
    run, power = hashes[:1], shift[:1]  # arrays: wrapping mod 2**64 is their arithmetic
    for h, s in zip(hashes[1:-1], shift[1:-1], strict=True):
        run, power = run + h * power, power * s
    assert run[0] == hashes[-1] and power[0] == shift[-1]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.text(alphabet="数据共享平台", min_size=2, max_size=6),
        min_size=1,
        max_size=8,
        unique=True,
    )
)
def test_inside_finds_every_phrase_within_another(strings):
    outer, inner = phrases._inside(strings)
    found = set(zip(outer.tolist(), inner.tolist(), strict=True))
    expected = {
        (i, j) for i, a in enumerate(strings) for j, b in enumerate(strings) if i != j and b in a
    }
    assert found == expected


def test_texts_holding_counts_texts_like_in():
    rng = random.Random(0)
    alphabet = "数据共享平台一二"
    for _ in range(300):
        texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(4)]
        terms = sorted(
            {"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 4))) for _ in range(5)}
        )
        expected = [sum(t in x for x in texts) for t in terms]
        assert phrases._texts_holding(terms, texts).tolist() == expected, (texts, terms)


def test_thue_morse_words_share_a_hash_but_take_no_part_in_phrases(segmenter):
    """Polynomial hashes mod 2**64 collide for the Thue–Morse string and its complement of
    1,024+ characters, whatever the base; such a word is longer than any phrase's word may
    be, and keywords are found as usual (no failure on the repeated hash)."""
    from analysis.keywords import extract_keywords

    word = "a"
    while len(word) < 2048:
        word += word.translate(str.maketrans("ab", "ba"))
    other = word.translate(str.maketrans("ab", "ba"))
    hashes, _ = phrases._hashes([word, other])
    assert hashes[0] == hashes[1] and len(word) > phrases._MAX_WORD
    texts = [f"数据共享平台建设。{word} {other}。数据共享" for _ in range(12)]
    kw = extract_keywords(texts, top_n=3, segmenter=segmenter, max_df=1.0)
    assert "数据共享" in set(kw["term"]) and not any("ab" in t for t in kw["term"])


def test_positions_takes_the_first_of_repeated_keys():
    keys = np.array([5, 7, 5, 9], dtype=np.uint64)
    at = phrases._positions(keys, np.array([5, 9, 8], dtype=np.uint64))
    assert at.tolist() == [0, 3, -1]


def test_pair_counts_at_the_largest_code_point():
    text = "\U0010ffff\U0010ffff数据"
    tf, first = phrases._counts(text, ["\U0010ffff\U0010ffff", "数据", "据数"])
    assert tf.tolist() == [1, 1, 0] and first.tolist() == [0, 2, 0]


def test_statistics_from_a_sample_on_the_workers_equal_those_here(monkeypatch, segmenter):
    """The path of large corpora (statistics of a sample, then each block read and scored on
    the workers) gives what it gives in one process."""
    from analysis.keywords import extract_keywords
    from conftest import on_two_workers

    topics = ["数据共享平台", "基层治理", "形式主义", "数字政府", "一网通办", "智慧城市", "营商环境",
              "乡村振兴", "城市更新", "公共数据资源"]  # fmt: skip
    rng = random.Random(0)
    texts = [
        "。".join(f"推进{t}建设，{t}取得成效" for t in rng.sample(topics, 3)) * 30
        for _ in range(40)
    ]
    monkeypatch.setattr(phrases, "_STATS_SAMPLE", 25)
    here = extract_keywords(texts, top_n=4, segmenter=segmenter)
    calls = on_two_workers(monkeypatch, 3000)
    on_workers = extract_keywords(texts, top_n=4, segmenter=segmenter)
    assert {"_read_block", "_score_block"} <= set(calls), calls
    assert here.equals(on_workers) and here["doc_id"].nunique() == len(texts)
