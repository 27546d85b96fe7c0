from __future__ import annotations

import pytest

from analysis import config
from analysis.segment import CONTENT_POS, Segmenter, default_stopwords, read_wordlist


def dictionary_terms():
    return [line.split()[0] for line in read_wordlist(config.user_dict_path())]


def test_user_dictionary_is_large_enough():
    terms = dictionary_terms()
    assert len(terms) >= 60
    for term in (
        "数字枷锁",
        "基层治理",
        "形式主义",
        "痕迹主义",
        "数字政府",
        "智慧城市",
        "数据共享",
        "政务新媒体",
        "一网通办",
        "放管服",
        "新基建",
        "数据要素",
        "大数据杀熟",
        "算法歧视",
        "数字鸿沟",
    ):
        assert term in terms


@pytest.mark.parametrize("template", ["{}", "在{}的背景下", "推进{}建设", "关于{}问题的思考"])
def test_domain_terms_come_out_whole(segmenter, template):
    for term in dictionary_terms():
        assert term in segmenter.tokenize(template.format(term)), term


def test_domain_terms_in_the_seed(segmenter, seed_path):
    from analysis import clean_corpus, load_corpus

    tokens = segmenter.segment(clean_corpus(load_corpus(seed_path))["clean_text"])
    essay = set(tokens[0])
    assert {"数字枷锁", "基层治理", "形式主义", "政务新媒体", "APP"} <= essay
    assert "大数据杀熟" in tokens[-1] and "算法歧视" in tokens[-1]


def test_filters(segmenter):
    tokens = segmenter.tokenize("在2021年，一些APP和5G、AI平台，的了。")
    assert tokens == ["APP", "5G", "AI", "平台"]
    assert "2021" in Segmenter(keep_numbers=True).tokenize("在2021年")
    assert Segmenter(keep_latin=False).tokenize("APP平台") == ["平台"]
    assert "热" in Segmenter(min_len=1).tokenize("APP热")


def test_stopwords_extend_stopwordsiso():
    import stopwordsiso

    words = default_stopwords()
    assert set(stopwordsiso.stopwords("zh")) <= words
    assert "相关推荐" in words
    assert Segmenter(stopwords=()).tokenize("我们推进数据共享") == ["我们", "推进", "数据共享"]


def test_pos_filter():
    seg = Segmenter(pos={"n"})
    tokens = seg.tokenize("干部开始抱怨平台太复杂")
    assert "干部" in tokens and "抱怨" not in tokens and "复杂" not in tokens
    assert "数字枷锁" in Segmenter(pos=CONTENT_POS).tokenize("沦为数字枷锁")
    assert ("数字枷锁", "n") in seg.tag("沦为数字枷锁")


def test_segment_keeps_order_and_empties(segmenter):
    assert segmenter.segment(["数据共享", "", "一网通办和放管服"]) == [
        ["数据共享"],
        [],
        ["一网通办", "放管服"],
    ]
    assert segmenter.segment([]) == []


def test_the_filter_stands_alone_and_travels_without_its_memo():
    import pickle

    from analysis.segment import TokenFilter

    keep = TokenFilter(stopwords=frozenset({"的"}), dictionary_words=frozenset({"十四五"}))
    assert [keep.keep(t) for t in ("数据", "的", "数", "APP", "2021", "十四五", "，")] == [
        True, False, False, True, False, True, False,
    ]  # fmt: skip
    # numbers in Chinese numerals too, percentages included; not the words that hold one
    numbers = ("二十", "百分之五", "百分之三十", "百分之", "十四五规划", "一带一路")
    assert [keep.keep(t) for t in numbers] == [False, False, False, False, True, True]
    nouns = TokenFilter(stopwords=frozenset(), pos=frozenset({"n"}))
    assert nouns.keep("干部", "n") and not nouns.keep("抱怨", "v") and nouns.keep("抱怨")
    keep.verdicts["数据"]  # decided once, remembered
    copy = pickle.loads(pickle.dumps(keep))
    assert copy == keep and "verdicts" not in copy.__dict__
    with pytest.raises(ValueError, match="min_len"):
        TokenFilter(stopwords=frozenset(), min_len=0)


def test_every_output_of_the_driver_holds_the_same_tokens(segmenter):
    from analysis.segment import segment_texts

    texts = ["数据共享。一网通办和放管服", "", "卸掉基层治理的数字枷锁"]
    lists = segment_texts(segmenter, texts)
    assert segment_texts(segmenter, texts, output="tokens") == lists
    assert segment_texts(segmenter, texts, output="segmented") == lists
    tagged = segment_texts(segmenter, texts, output="tagged")
    assert [[w for w, t in doc if segmenter.filter.keep(w, t)] for doc in tagged] == lists


def test_no_global_jieba_state_and_no_chatter(capfd):
    import jieba

    seg = Segmenter()
    seg.tokenize("数字枷锁")
    captured = capfd.readouterr()
    assert "prefix dict" not in captured.err
    # jieba's module-level tokenizer has not learnt the project's dictionary
    assert "数字枷锁" not in jieba.dt.FREQ
    assert "数字枷锁" not in jieba.Tokenizer().lcut("数字枷锁")


def test_config_describes_everything_that_changes_output():
    a, b = Segmenter().config(), Segmenter(pos=CONTENT_POS).config()
    assert a != b
    assert set(a) >= {"engine", "engine_version", "user_dicts", "stopwords", "pos", "min_len"}
    assert a == Segmenter().config()


def test_bad_arguments(tmp_path):
    with pytest.raises(ValueError, match="unknown engine"):
        Segmenter(engine="nope")
    with pytest.raises(ValueError, match="does not exist"):
        Segmenter(user_dicts=[tmp_path / "missing.txt"])
    bad = tmp_path / "bad.txt"
    bad.write_text("数字枷锁 很多 n\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 1"):
        Segmenter(user_dicts=[bad])
    with pytest.raises(ValueError, match="min_len"):
        Segmenter(min_len=0)


def test_jieba_never_reads_a_cache_planted_in_the_shared_temp_folder(tmp_path, monkeypatch):
    import marshal
    import tempfile

    from analysis.segment import JiebaEngine

    shared = tmp_path / "shared-tmp"
    shared.mkdir()
    text = "推动数据共享平台建设"
    planted = {ch: 1 for ch in text}  # a dictionary of single characters only
    (shared / "jieba.cache").write_bytes(marshal.dumps((planted, len(planted))))
    monkeypatch.setattr(tempfile, "tempdir", str(shared))
    monkeypatch.setenv("ANALYSIS_CACHE_DIR", str(tmp_path / "own-cache"))
    tokens = JiebaEngine().cut(text)
    assert "平台" in tokens and len(tokens) < len(text)  # not one character at a time
    cache = tmp_path / "own-cache" / "jieba"
    assert cache.is_dir() and (cache.stat().st_mode & 0o777) == 0o700


def test_user_dictionaries_may_hold_comments(tmp_path):
    user_dict = tmp_path / "terms.txt"
    user_dict.write_text("# version: 1\n# source: ours\n甲乙丙 100 n\n\n", encoding="utf-8")
    seg = Segmenter(user_dicts=[user_dict])
    assert seg.dictionary_words == {"甲乙丙"}
    assert "甲乙丙" in seg.tokenize("推进甲乙丙建设")
    assert "甲乙丙" in Segmenter(engine="jieba", user_dicts=[user_dict]).tokenize("推进甲乙丙建设")


def test_the_policy_lexicon_keeps_core_terms_whole():
    """Issue 13: 大数据, 云计算, 物联网 and 区块链 came out as 数据, 计算, 联网, 区块."""
    tokens = Segmenter().tokenize("促进大数据、云计算、物联网广泛应用，推进区块链和城市大脑建设")
    assert {"大数据", "云计算", "物联网", "区块链", "城市大脑"} <= set(tokens)
    assert not {"数据", "计算", "联网", "区块"} & set(tokens)
    lexicon = config.policy_lexicon_path()
    assert lexicon.is_file() and "# version:" in lexicon.read_text(encoding="utf-8")[:500]
    assert lexicon.name in [name for name, _ in Segmenter().config()["user_dicts"]]


def _lexicon_terms() -> list[str]:
    return [line.split()[0] for line in read_wordlist(config.policy_lexicon_path())]


@pytest.mark.parametrize("template", ["{}", "推进{}建设"])
def test_every_policy_lexicon_term_comes_out_whole(segmenter, template):
    """Issue 13: at least 150 domain terms, each one token, alone and between words. The one
    exception is documented in the lexicon: jieba always cuts before × (数据要素×)."""
    terms = _lexicon_terms()
    assert len(terms) >= 150
    broken = [t for t in terms if t not in segmenter.tokenize(template.format(t))]
    assert broken == ["数据要素×"]


def test_user_dictionary_tables_and_terms(tmp_path):
    table = tmp_path / "reviewed.csv"
    table.write_text("term,count,pmi\n接诉即办,12,8.1\n'以进促稳,9,9.3\n\n", encoding="utf-8-sig")
    plain = Segmenter(user_dicts=())
    assert "接诉即办" not in plain.tokenize("推行接诉即办改革")
    seg = Segmenter(user_dicts=[table], terms=["四好农村路"])
    assert {"接诉即办", "以进促稳", "四好农村路"} <= set(
        seg.tokenize("推行接诉即办改革，坚持以进促稳，建设四好农村路")
    )
    # the terms are part of the cache key: another list, another segmentation
    assert seg.config() != Segmenter(user_dicts=[table]).config()
    bad = tmp_path / "bad.csv"
    bad.write_text("word\n接诉即办\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.csv.*'term' column"):
        Segmenter(user_dicts=[bad])
    bad.write_text("term,freq\n接诉即办,many\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.csv, row 2: freq"):
        Segmenter(user_dicts=[bad])


def test_make_segmenter_adds_to_the_defaults(tmp_path):
    from analysis.segment import make_segmenter

    stop = tmp_path / "stop.txt"
    stop.write_text("# 本地停用词\n警惕\n", encoding="utf-8")
    seg = make_segmenter(stopwords=[stop], terms=["卸掉枷锁"])
    assert Segmenter().tokenize("警惕数字政府，卸掉枷锁") == ["警惕", "数字政府", "卸掉", "枷锁"]
    assert seg.tokenize("警惕数字政府，卸掉枷锁") == ["数字政府", "卸掉枷锁"]
    assert default_stopwords() < seg.stopwords
    assert config.policy_lexicon_path() in seg.user_dicts
    with pytest.raises(ValueError, match=r"nope\.txt does not exist"):
        make_segmenter(stopwords=[tmp_path / "nope.txt"])


def test_cutting_and_tagging_each_word_once_is_tagging_every_text(segmenter):
    """The driver cuts texts and tags each distinct word once (rjieba tags word by word);
    the segmented corpus is the one tagging every text gives, including words the engine
    cuts otherwise when alone (更多, 上链, 同城) and a text that is partly traditional."""
    from analysis.segment import _segmented_by_word
    from analysis.tokens import SegmentedCorpus

    texts = [
        "推动提质增效，聚力赋能基层治理。让学子拥有更多逐梦机会。数据上链和政务区块链行动取得积极成果",
        "",
        "國家發展與經濟建設，2024年GDP增长5%，APP热要降温……",
        "加快融入都市圈，77个孝汉同城化发展重大项目落地见效",
    ]
    assert {segmenter._engine.word_tag(w) for w in ("更多", "上链", "同城")} == {None}
    fast = _segmented_by_word(segmenter, texts)
    tagged = [segmenter.tag(t) for t in texts]
    verdicts = segmenter.filter.verdicts
    slow = SegmentedCorpus.from_tagged(
        tagged, kept=[[bool(verdicts[pair]) for pair in doc] for doc in tagged]
    )
    assert [fast.pairs(i) for i in range(len(texts))] == tagged
    assert {"更多", "上链", "同城"} <= {w for doc in tagged for w, _ in doc}
    assert fast.to_lists() == slow.to_lists()
    for column in ("starts", "sents", "kept"):
        assert getattr(fast, column).tolist() == getattr(slow, column).tolist(), column


def test_a_list_character_glued_to_its_particle_is_no_token(segmenter):
    """rjieba glues 等 to the last character of a list into a particle: 国家发展改革委等部门
    gave 委等, a word of the policy documents' cluster cloud; 春节等 gave 节等."""
    corpus = segmenter.segmented(["国家发展改革委等部门关于促进数据产业。春节等节假日客流增长。"])
    tokens = next(iter(corpus))  # the segmented corpus, which every analysis reads, is tagged
    assert "委等" not in tokens and "节等" not in tokens
    assert {"部门", "数据产业", "节假日"} <= set(tokens)
