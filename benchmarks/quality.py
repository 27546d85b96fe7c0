"""Quality of keywords and clusters on labelled data, baseline and project side by side.

Run with ``make bench-quality``. Needs ``../shared/data`` (see its README):

* keywords: ``csl_keywords_dev`` (658 abstracts with author keywords), precision / recall /
  F1 at 5 with exact match. Baseline: ``jieba.analyse.extract_tags(topK=5)``.
* new-term discovery: ``csl_keywords_dev`` again, precision of the top 100 and 200 proposals of
  ``analysis terms --discover`` against the set of all author keywords. Baseline: the same
  candidates (runs of words the segmenter cut apart) ranked by frequency alone.
* clusters: ``thucnews_titles_dev`` (9,991 news titles, 10 topics), NMI and ARI at k=10.
  Baseline: ``jieba.lcut`` + ``TfidfVectorizer`` + ``KMeans(10)``.

Both sides are computed in the same run; each clustering is repeated over seeds 0, 1, 2 and
the median is reported.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import sys
import time
import warnings
from pathlib import Path

import pandas as pd
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
SEEDS = (0, 1, 2)


def prf_at_k(predicted: list[list[str]], gold: list[list[str]], k: int = 5) -> dict[str, float]:
    """Macro precision and recall at k (exact match); F1 of the two macro averages."""
    p = r = 0.0
    for pred, g in zip(predicted, gold, strict=True):
        pred = [x.strip() for x in pred][:k]
        hits = len(set(pred) & {x.strip() for x in g})
        p += hits / len(pred) if pred else 0.0
        r += hits / len(g) if g else 0.0
    p, r = p / len(gold), r / len(gold)
    return {"P@5": p, "R@5": r, "F1@5": 2 * p * r / (p + r) if p + r else 0.0}


def bench_keywords() -> pd.DataFrame:
    import jieba
    import jieba.analyse

    from analysis import Segmenter, clean_corpus, load_corpus
    from analysis.keywords import extract_keywords

    path = SHARED / "csl_keywords_dev" / "fewclue_csl_positive_keywords.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    gold = [r["keywords"] for r in records]
    texts = [r["abstract"] for r in records]
    rows = []

    jieba.setLogLevel(logging.WARNING)
    start = time.perf_counter()
    baseline = [jieba.analyse.extract_tags(t, topK=5) for t in texts]
    rows.append(
        {
            "method": "baseline: jieba.analyse.extract_tags(topK=5)",
            **prf_at_k(baseline, gold),
            "seconds": time.perf_counter() - start,
        }
    )

    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        docs = clean_corpus(load_corpus(path, text_col="abstract", id_col="id"))
    segmenter = Segmenter()
    for method in ("phrase", "tfidf", "jieba-tfidf", "jieba-textrank"):
        t0 = time.perf_counter()
        kw = extract_keywords(
            docs["clean_text"], doc_ids=docs["doc_id"], method=method, top_n=5, segmenter=segmenter
        )
        by_doc = kw.groupby("doc_id", sort=False)["term"].apply(list)
        predicted = [by_doc.get(d, []) for d in docs["doc_id"]]
        elapsed = (
            time.perf_counter() - t0 + (time.perf_counter() - start if method == "phrase" else 0)
        )
        label = (
            "project: analysis keywords (default)"
            if method == "phrase"
            else f"project: --method {method}"
        )
        rows.append({"method": label, **prf_at_k(predicted, gold), "seconds": elapsed})
    return pd.DataFrame(rows)


def bench_discovery() -> pd.DataFrame:
    from analysis import clean_corpus, load_corpus, segment_corpus
    from analysis.segment import Segmenter
    from analysis.terms import discover_terms

    path = SHARED / "csl_keywords_dev" / "fewclue_csl_positive_keywords.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    gold = {k.strip() for r in records for k in r["keywords"]}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        docs = clean_corpus(load_corpus(path, text_col="abstract", id_col="id"))
    segmenter = Segmenter()
    corpus = segment_corpus(docs, segmenter)
    start = time.perf_counter()
    # min_count 3: 658 abstracts are a small corpus (the CLI's default is 5)
    found = discover_terms(
        corpus,
        known=segmenter.dictionary_words,
        stopwords=segmenter.stopwords,
        min_count=3,
        top_n=None,
    )
    seconds = time.perf_counter() - start
    by_frequency = found.sort_values(["count", "term"], ascending=[False, True], kind="stable")

    def precision(terms, k):
        top = list(terms)[:k]
        return sum(t in gold for t in top) / k if len(top) >= k else float("nan")

    rows = []
    for name, ranked in (
        ("baseline: same candidates by frequency", by_frequency),
        ("project: analysis terms --discover (PMI × entropy)", found),
    ):
        rows.append(
            {
                "method": name,
                "P@100": precision(ranked["term"], 100),
                "P@200": precision(ranked["term"], 200),
                "candidates": len(found),
                "seconds": seconds,
            }
        )
    return pd.DataFrame(rows)


def bench_clusters() -> pd.DataFrame:
    import jieba
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    from analysis import Segmenter
    from analysis.cluster import cluster_documents

    path = SHARED / "thucnews_titles_dev" / "dev.txt"
    frame = pd.read_csv(
        path, sep="\t", header=None, names=["title", "label"], quoting=3, dtype={"title": str}
    )
    titles, labels = frame["title"].tolist(), frame["label"].to_numpy()

    def summarise(name, runs, seconds):
        return {
            "method": name,
            "NMI": statistics.median(normalized_mutual_info_score(labels, r) for r in runs),
            "ARI": statistics.median(adjusted_rand_score(labels, r) for r in runs),
            "seconds": statistics.median(seconds),
        }

    jieba.setLogLevel(logging.WARNING)
    runs, seconds = [], []
    for seed in SEEDS:
        t0 = time.perf_counter()
        tokens = [jieba.lcut(t) for t in titles]
        x = TfidfVectorizer(analyzer=lambda d: d).fit_transform(tokens)
        runs.append(KMeans(10, random_state=seed).fit_predict(x))
        seconds.append(time.perf_counter() - t0)
    rows = [summarise("baseline: jieba.lcut + TfidfVectorizer + KMeans(10)", runs, seconds)]

    segmenter = Segmenter()
    for method in ("auto", "kmeans"):
        runs, seconds = [], []
        for seed in SEEDS:
            t0 = time.perf_counter()
            tokens = segmenter.segment(titles, progress=False)
            result = cluster_documents(tokens, k=10, method=method, random_state=seed)
            runs.append(result.labels)
            seconds.append(time.perf_counter() - t0)
        name = (
            "project: analysis cluster (default)"
            if method == "auto"
            else f"project: method={method}"
        )
        rows.append(summarise(name, runs, seconds))
    from analysis.stream import cluster_stream

    for sample_size, name in (
        (10_000, "default sample"),
        (7_500, "sample 7,500: the rest assigned"),
    ):
        runs, seconds = [], []
        for seed in SEEDS:
            t0 = time.perf_counter()
            tokens = segmenter.token_lists(titles, progress=False)
            ids = list(range(len(tokens)))

            def batches(tokens=tokens, ids=ids):
                return ((ids[s : s + 2500], tokens[s : s + 2500]) for s in range(0, len(ids), 2500))

            result = cluster_stream(batches, k=10, sample_size=sample_size, random_state=seed)
            runs.append(result.labels)
            seconds.append(time.perf_counter() - t0)
        rows.append(summarise(f"project: --stream on, batches of 2,500, {name}", runs, seconds))
    return pd.DataFrame(rows)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["keywords", "discovery", "clusters"])
    args = parser.parse_args(argv)
    if not SHARED.is_dir():
        print(
            f"benchmarks/quality.py: {SHARED} not found; it needs ../shared/data", file=sys.stderr
        )
        return 2
    pd.set_option("display.width", 160)
    if args.only in (None, "keywords"):
        print("Keywords — csl_keywords_dev (658 abstracts), exact match at 5")
        print(bench_keywords().to_string(index=False, float_format=lambda v: f"{v:.3f}"))
        print()
    if args.only in (None, "discovery"):
        print("New terms — csl_keywords_dev, proposals that are author keywords")
        print(bench_discovery().to_string(index=False, float_format=lambda v: f"{v:.3f}"))
        print()
    if args.only in (None, "clusters"):
        print(
            f"Clusters — thucnews_titles_dev (9,991 titles, 10 topics), k=10, median of seeds {SEEDS}"
        )
        print(bench_clusters().to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
