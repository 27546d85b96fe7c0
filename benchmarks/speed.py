"""Speed and memory at 5, 20 and 50 MB, beside a naive baseline measured in the same run.

Run with ``make bench-speed`` (needs ``../shared/data``). ``--sizes 5 20`` picks sizes.

Corpora: the real texts of ``../shared/data`` (city and national government work reports,
central policy documents, CSL abstracts, THUCNews titles) cut into documents of about 6,500
characters; to reach a size the set is repeated, and every repeat shuffles the paragraphs of
each document with a seeded RNG, so no two repeats are identical texts.

For each size it prints: MB/s of each stage (load + clean, segmentation with and without the
POS filter, TF-IDF, clustering), whole-process seconds and peak RSS of ``analysis cluster``
and ``analysis keywords`` (start-up and imports included), the warm-cache rerun of
``analysis cluster`` and of the segmentation alone, ``analysis keywords`` after ``analysis
cluster`` (it reads the cleaned texts and the segmentation that run cached), and the naive
baselines as whole processes
(clustering: ``jieba.lcut`` over every document, ``TfidfVectorizer``, ``KMeans(10)``;
keywords: ``jieba.analyse.extract_tags(topK=10)`` of each document). The baseline
and ``analysis cluster`` (cold cache, then warm) run ``--repeat`` times, interleaved; their
medians are printed (RSS: the largest), and the speed-up is the ratio of the medians.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
DOC_CHARS = 6500
MB = 1_000_000

BASELINE = r"""
import json, logging, sys
import jieba
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
jieba.setLogLevel(logging.WARNING)
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
tokens = [jieba.lcut(t) for t in texts]
x = TfidfVectorizer(analyzer=lambda d: d).fit_transform(tokens)
KMeans(10, random_state=0).fit_predict(x)
"""

#: The naive keyword recipe: jieba's own TF-IDF keywords of each document.
KEYWORDS_BASELINE = r"""
import json, logging, sys
import jieba, jieba.analyse
jieba.setLogLevel(logging.WARNING)
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
keywords = [jieba.analyse.extract_tags(t, topK=10) for t in texts]
"""


def source_texts() -> list[str]:
    texts = []
    for path in sorted((SHARED / "city_gov_work_reports_2024" / "txt").glob("*.txt")):
        texts.append(path.read_text(encoding="utf-8"))
    for name, field in (
        ("gov_work_reports_national/government_work_reports.jsonl", "content"),
        ("central_data_policy_docs/policy_docs.jsonl", "text"),
        ("csl_keywords_dev/fewclue_csl_positive_keywords.jsonl", "abstract"),
    ):
        for line in (SHARED / name).read_text(encoding="utf-8").splitlines():
            texts.append(json.loads(line)[field])
    titles = (SHARED / "thucnews_titles_dev" / "dev.txt").read_text(encoding="utf-8").splitlines()
    texts.append("\n".join(t.split("\t")[0] for t in titles))
    docs = []
    for text in texts:  # documents of about DOC_CHARS characters, cut at paragraph ends
        current = ""
        for para in text.split("\n"):
            current += para + "\n"
            if len(current) >= DOC_CHARS:
                docs.append(current)
                current = ""
        if current.strip():
            docs.append(current)
    return docs


def build_corpus(size_mb: int, folder: Path) -> Path:
    base = source_texts()
    rng = random.Random(size_mb)
    path = folder / f"corpus-{size_mb}mb.jsonl"
    written, n, repeat = 0, 0, 0
    with path.open("w", encoding="utf-8") as out:
        while written < size_mb * MB:
            for text in base:
                paras = text.split("\n")
                if repeat:
                    rng.shuffle(paras)
                doc = "\n".join(paras)
                out.write(json.dumps({"id": f"d{n}", "text": doc}, ensure_ascii=False) + "\n")
                written += len(doc.encode("utf-8"))
                n += 1
                if written >= size_mb * MB:
                    break
            repeat += 1
    return path


def run_process(args: list[str], env: dict | None = None) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of a whole process."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, **(env or {})}
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {proc.stderr.read().decode()[-500:]}")
    return elapsed, usage.ru_maxrss / 1024


def stages(path: Path, cache_dir: Path) -> dict[str, float]:
    """Per-stage throughput in this process."""
    from analysis import Segmenter, clean_corpus, load_corpus
    from analysis.cluster import cluster_documents
    from analysis.segcache import segment_corpus
    from analysis.segment import CONTENT_POS
    from analysis.vectorize import tfidf

    size = path.stat().st_size / MB
    out = {}
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        docs = clean_corpus(load_corpus(path))
    out["load+clean MB/s"] = size / (time.perf_counter() - t0)
    seg = Segmenter()
    t0 = time.perf_counter()
    tokens = segment_corpus(docs, seg, cache_dir=cache_dir, progress=False)
    cold = time.perf_counter() - t0
    out["segment MB/s"] = size / cold
    warm = []
    for _ in range(3):  # a noisy machine: the median of three
        t0 = time.perf_counter()
        segment_corpus(docs, seg, cache_dir=cache_dir)
        warm.append(time.perf_counter() - t0)
    out["segment warm/cold %"] = 100 * statistics.median(warm) / cold
    t0 = time.perf_counter()
    Segmenter(pos=CONTENT_POS).token_lists(docs["clean_text"].tolist(), progress=False)
    out["segment+POS MB/s"] = size / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    tfidf(tokens, ngram_range=(1, 2), min_df=2, max_df=0.5)
    out["tfidf MB/s"] = size / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    cluster_documents(tokens, k=10, random_state=0)
    out["cluster MB/s"] = size / (time.perf_counter() - t0)
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5, 20, 50])
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of the baseline and of analysis cluster"
    )
    args = parser.parse_args(argv)
    if not SHARED.is_dir():
        print(f"benchmarks/speed.py: {SHARED} not found; it needs ../shared/data", file=sys.stderr)
        return 2
    exe = Path(sys.executable).parent / "analysis"
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {platform.platform()}"
    )
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for size in args.sizes:
            path = build_corpus(size, folder)
            cache = folder / f"cache-{size}"
            env = {"ANALYSIS_CACHE_DIR": str(cache)}
            row = {"size": f"{size} MB"}
            cluster = [str(exe), "cluster", str(path), "--k", "10", "--out", str(folder / "c.csv")]
            keywords = [str(exe), "keywords", str(path), "--out", str(folder / "k.csv")]
            base, cold, warm, kw_base, kw_cold, kw_after = [], [], [], [], [], []
            for _ in range(args.repeat):  # interleaved, so drifts of a noisy machine hit all
                base.append(run_process([sys.executable, "-c", BASELINE, str(path)]))
                kw_base.append(run_process([sys.executable, "-c", KEYWORDS_BASELINE, str(path)]))
                shutil.rmtree(cache, ignore_errors=True)  # cold: nothing cached
                kw_cold.append(run_process(keywords, env))
                shutil.rmtree(cache, ignore_errors=True)
                cold.append(run_process(cluster, env))
                warm.append(run_process(cluster, env))
                kw_after.append(run_process(keywords, env))  # reads the cluster run's segmentation
            row["baseline s"] = statistics.median(s for s, _ in base)
            row["baseline RSS MB"] = max(r for _, r in base)
            row["cluster s"] = statistics.median(s for s, _ in cold)
            row["cluster RSS MB"] = max(r for _, r in cold)
            row["speed-up"] = row["baseline s"] / row["cluster s"]
            row["cluster warm s"] = statistics.median(s for s, _ in warm)
            row["keywords baseline s"] = statistics.median(s for s, _ in kw_base)
            row["keywords s"] = statistics.median(s for s, _ in kw_cold)
            row["keywords RSS MB"] = max(r for _, r in kw_cold)
            row["keywords speed-up"] = row["keywords baseline s"] / row["keywords s"]
            row["keywords after cluster s"] = statistics.median(s for s, _ in kw_after)
            row["keywords after cluster speed-up"] = (
                row["keywords baseline s"] / row["keywords after cluster s"]
            )
            row.update(stages(path, folder / f"stage-cache-{size}"))
            rows.append(row)
            print(
                json.dumps(
                    {k: round(v, 2) if isinstance(v, float) else v for k, v in row.items()},
                    ensure_ascii=False,
                ),
                flush=True,
            )
    import pandas as pd

    table = pd.DataFrame(rows).set_index("size").T
    print()
    print(table.to_string(float_format=lambda v: f"{v:.2f}"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
