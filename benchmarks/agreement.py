"""How far the fast engine (rjieba) agrees with jieba, sentence by sentence.

Run with ``make bench-agreement``. On the bundled corpus and on the corpora of
``../shared/data`` it reports the share of sentences whose tokens are identical
(``cut`` vs ``jieba.lcut``), whose tokens after the ``Segmenter``'s filters are identical
(what the analysis sees: stopwords, numbers and punctuation dropped), whose tokens and POS
tags are identical (``tag`` vs ``jieba.posseg``), and the most frequent differences. Both engines use the project's user
dictionary, as the ``Segmenter`` does.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
MAX_SENTENCES = 4000


def corpora() -> dict[str, list[str]]:
    from analysis import clean_corpus, load_corpus
    from analysis.config import seed_corpus_path

    out = {
        "bundled essay + snippets": clean_corpus(load_corpus(seed_corpus_path()))[
            "clean_text"
        ].tolist()
    }
    if SHARED.is_dir():
        out["city work reports 2024"] = [
            p.read_text(encoding="utf-8")
            for p in sorted((SHARED / "city_gov_work_reports_2024" / "txt").glob("*.txt"))
        ]
        out["central policy docs"] = [
            json.loads(line)["text"]
            for line in (SHARED / "central_data_policy_docs" / "policy_docs.jsonl").open(
                encoding="utf-8"
            )
        ]
        out["THUCNews titles"] = [
            line.split("\t")[0]
            for line in (SHARED / "thucnews_titles_dev" / "dev.txt").open(encoding="utf-8")
        ]
        out["CSL abstracts"] = [
            json.loads(line)["abstract"]
            for line in (SHARED / "csl_keywords_dev" / "fewclue_csl_positive_keywords.jsonl").open(
                encoding="utf-8"
            )
        ]
    return out


def main() -> int:
    from analysis.config import user_dict_path
    from analysis.context import split_sentences
    from analysis.segment import JiebaEngine, RjiebaEngine, Segmenter

    jieba_engine = JiebaEngine([user_dict_path()])
    fast = RjiebaEngine([user_dict_path()])
    filtered_jieba, filtered_fast = Segmenter(engine="jieba"), Segmenter()
    print(
        f"{'corpus':28} {'sentences':>9} {'same tokens':>12} {'same filtered':>14} "
        f"{'same tokens+POS':>16}"
    )
    differences: Counter[tuple[str, str]] = Counter()
    for name, texts in corpora().items():
        sentences = [s for t in texts for s in split_sentences(t)][:MAX_SENTENCES]
        same_cut = same_tag = same_filtered = 0
        for s in sentences:
            a, b = jieba_engine.cut(s), fast.cut(s)
            if a == b:
                same_cut += 1
            else:
                differences[
                    (
                        " ".join(x for x in a if x not in b)[:30],
                        " ".join(x for x in b if x not in a)[:30],
                    )
                ] += 1
            same_tag += jieba_engine.tag(s) == fast.tag(s)
            same_filtered += filtered_jieba.tokenize(s) == filtered_fast.tokenize(s)
        n = max(len(sentences), 1)
        print(
            f"{name:28} {len(sentences):9d} {same_cut / n:12.1%} {same_filtered / n:14.1%} "
            f"{same_tag / n:16.1%}"
        )
    print("\nmost frequent token differences (jieba | rjieba):")
    for (a, b), count in differences.most_common(12):
        print(f"{count:5d}  {a} | {b}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
