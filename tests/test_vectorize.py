from __future__ import annotations

import warnings

import numpy as np
import pytest

from analysis.vectorize import LimitsRelaxedWarning, TokenAnalyzer, term_counts, tfidf

TOKENS = [["数字", "政府", "数据共享"], ["数据共享", "一网通办"], ["形式主义", "数字", "政府"]]


def test_term_counts_shape_and_order():
    frame = term_counts(TOKENS)
    assert list(frame.columns) == ["term", "count", "n_docs"]
    assert frame.iloc[0].tolist() == ["政府", 2, 2] or frame.iloc[0]["count"] == 2
    assert frame["count"].is_monotonic_decreasing
    assert len(term_counts(TOKENS, top_n=2)) == 2
    assert term_counts([]).empty


def test_analyzer_ngrams():
    assert TokenAnalyzer((1, 2))(["数字", "政府", "APP"]) == [
        "数字",
        "政府",
        "APP",
        "数字政府",
        "政府 APP",
    ]
    assert TokenAnalyzer((2, 2))(["数字", "政府"]) == ["数字政府"]
    chars = TokenAnalyzer((1, 1), (2, 2))(["数字", "政府"])
    assert chars == ["数字", "政府", "#数字", "#字政", "#政府"]


def test_tfidf_carries_terms_and_is_sparse():
    result = tfidf(TOKENS, ngram_range=(1, 2))
    assert result.matrix.shape == (3, len(result.terms))
    assert "数字政府" in set(result.terms)
    np.testing.assert_allclose(
        np.sqrt(result.matrix.multiply(result.matrix).sum(1)).A1, 1, rtol=1e-5
    )
    top = result.top_terms(1, top_n=2)
    assert list(top.columns) == ["term", "score"] and len(top) == 2


def test_tfidf_min_df_and_tiny_corpora():
    assert set(tfidf(TOKENS, min_df=2).terms) == {"数字", "政府", "数据共享"}
    with pytest.warns(LimitsRelaxedWarning, match="leave no term"):
        result = tfidf([["数据"]], min_df=2)
    assert result.terms.tolist() == ["数据"]
    with pytest.raises(ValueError, match="every document is empty"):
        tfidf([[], []])


def test_tfidf_never_resegments():
    # tokens are used as given: a "word" with a space or punctuation stays one feature
    assert tfidf([["a b", "数据,共享"]]).terms.tolist() == ["a b", "数据,共享"]


def _random_corpus(n_docs=150, seed=0):
    import random

    rng = random.Random(seed)
    words = ["数字", "政府", "数字政府", "APP", "5G", "治理", "基层", "数据", "共享", "平台"]
    return [[rng.choice(words) for _ in range(rng.randint(0, 12))] for _ in range(n_docs)]


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"ngram_range": (1, 2), "min_df": 2, "max_df": 0.5},
        {"ngram_range": (1, 3), "char_ngram_range": (1, 3), "min_df": 2, "max_df": 0.9},
        {"ngram_range": (2, 2), "char_ngram_range": (2, 3)},
        {"ngram_range": (1, 2), "min_df": 0.05, "max_df": 40, "binary": True},
    ],
)
def test_count_matrix_equals_scikit_learn(options):
    # 数字 + 政府 and the word 数字政府 are one column, as in scikit-learn's vocabulary
    from sklearn.feature_extraction.text import CountVectorizer

    from analysis.vectorize import count_matrix

    docs = _random_corpus()
    analyzer = TokenAnalyzer(options.get("ngram_range", (1, 1)), options.get("char_ngram_range"))
    sk_options = {k: v for k, v in options.items() if k in ("min_df", "max_df", "binary")}
    reference = CountVectorizer(analyzer=analyzer, **sk_options)
    expected = reference.fit_transform(docs)
    matrix, terms = count_matrix(docs, **options)
    assert terms.tolist() == reference.get_feature_names_out().tolist()
    assert (matrix != expected).nnz == 0


def test_count_matrix_limits_features_by_frequency():
    from analysis.vectorize import count_matrix

    _, terms = count_matrix(_random_corpus(), ngram_range=(1, 2), max_features=5)
    full, all_terms = count_matrix(_random_corpus(), ngram_range=(1, 2))
    totals = dict(zip(all_terms, np.asarray(full.sum(axis=0)).ravel(), strict=True))
    assert len(terms) == 5 and terms.tolist() == sorted(terms)
    assert min(totals[t] for t in terms) >= sorted(totals.values())[-5]


def test_tfidf_equals_scikit_learn_and_transforms_new_texts():
    from sklearn.feature_extraction.text import TfidfVectorizer

    docs = _random_corpus()
    result = tfidf(docs, ngram_range=(1, 2), min_df=2)
    reference = TfidfVectorizer(
        analyzer=TokenAnalyzer((1, 2)), min_df=2, sublinear_tf=True, dtype=np.float32
    ).fit(docs)
    assert np.abs(result.matrix - reference.transform(docs)).max() < 1e-6
    new = [["数字", "政府", "未见过的词"]]
    assert np.abs(result.vectorizer.transform(new) - reference.transform(new)).max() < 1e-6


def test_tfidf_from_precomputed_counts_is_the_same():
    from analysis.vectorize import count_matrix

    docs = _random_corpus()
    for limits in ({"min_df": 2, "max_df": 0.5}, {"max_features": 4}, {"min_df": 500}):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # min_df=500 is relaxed, the same way in both
            direct = tfidf(docs, **limits)
            given = tfidf(docs, counts=count_matrix(docs), **limits)
        assert given.terms.tolist() == direct.terms.tolist()
        assert abs(given.matrix - direct.matrix).max() == 0
