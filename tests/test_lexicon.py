from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.lexicon import DIFF_COLUMNS, _match, lexicon_changes, lexicon_diff
from analysis.segment import Segmenter


def test_lexicon_changes_lists_added_removed_and_changed():
    changes = lexicon_changes(
        [("数字政府", 300, "n"), ("城市大脑", 300, "n"), ("一网通办", None, None)],
        [("数字政府", 300, "nz"), ("一网通办", None, None), ("接诉即办", 300, "l")],
    )
    assert changes.values.tolist() == [
        ["城市大脑", "removed", "300 n", ""],
        ["接诉即办", "added", "", "300 l"],
        ["数字政府", "changed", "300 n", "300 nz"],
    ]
    assert lexicon_changes([("数字政府", 1, "n")], [("数字政府", 1, "n")]).empty


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(0, 4), min_size=1, max_size=30), st.permutations(range(5)))
def test_renumbered_clusters_are_not_moves(labels, permutation):
    old = np.array(labels)
    new = np.array([permutation[c] for c in labels])
    mapping = _match(old, new)
    assert [mapping[c] for c in new] == labels


def test_match_keeps_the_no_words_cluster_and_extra_clusters_apart():
    mapping = _match(np.array([0, 0, 1, -1]), np.array([1, 2, 0, -1]))
    assert mapping[-1] == -1 and mapping[1] == 0 and mapping[0] == 1
    assert mapping[2] not in (-1, 0, 1)  # a cluster the old run did not have


def test_lexicon_diff_shows_what_a_new_term_moves():
    docs = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c", "d"],
            "clean_title": ["甲", "乙", "丙", "丁"],
            "clean_text": [
                "推行接诉即办改革。接诉即办提升效能。",
                "深化接诉即办，服务群众。",
                "城市大脑建设，城市治理。",
                "城市大脑赋能城市治理。",
            ],
        }
    )
    old = Segmenter(user_dicts=())
    new = Segmenter(user_dicts=(), terms=["接诉即办", "城市大脑"])
    diff = lexicon_diff(docs, old, new, top_n=3, k=2)
    assert list(diff.columns) == DIFF_COLUMNS
    assert diff["doc_id"].tolist() == ["a", "b", "c", "d"]
    assert diff["title"].tolist() == ["甲", "乙", "丙", "丁"]
    # b's keyword was 接诉即办 with both lexicons (深化, a verb of action, starts no phrase)
    assert diff["added"].tolist()[1] == ""
    assert all("接诉即办" in a or "城市大脑" in a for a in diff["added"] if a)
    assert not diff["moved"].any()  # two clear topics stay together
    assert "城市大脑" in diff.loc[2, "new_label"] and "城市大脑" not in diff.loc[2, "old_label"]
    same = lexicon_diff(docs, old, old, top_n=3, k=2)
    assert (same["added"] == "").all() and (same["removed"] == "").all()
    assert not same["moved"].any()
