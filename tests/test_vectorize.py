from __future__ import annotations

import numpy as np
import pytest

from analysis.vectorize import TokenAnalyzer, term_counts, tfidf

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
    with pytest.warns(UserWarning, match="leave no term"):
        result = tfidf([["数据"]], min_df=2)
    assert result.terms.tolist() == ["数据"]
    with pytest.raises(ValueError, match="every document is empty"):
        tfidf([[], []])


def test_tfidf_never_resegments():
    # tokens are used as given: a "word" with a space or punctuation stays one feature
    assert tfidf([["a b", "数据,共享"]]).terms.tolist() == ["a b", "数据,共享"]
