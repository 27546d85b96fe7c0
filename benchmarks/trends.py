"""Speed of the time analyses on the bundled national work reports, beside a naive baseline
timed in the same run.

Run with ``.venv/bin/python benchmarks/trends.py`` (the corpus ships with the package, so this
needs nothing else). Whole processes, start-up and imports included, ``--repeat`` times
interleaved; medians are printed with the ratio of the medians.

* ``analysis trends national-reports --where doc_type=report --terms <10 terms>``, against
  the naive recipe: read the JSON lines, and for each report and term ``str.count`` the raw
  text and sum by year (no cleaning, segmentation, gaps or intervals: what a user would write
  first).
* ``analysis compare … --periods 2013-2020,2021-2025`` (issue 14 asks for under 10 s), against
  ``jieba.lcut`` of every report in the two periods and a ``collections.Counter`` per period
  (counts only, no test statistic).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TERMS = "互联网,信息化,电子政务,大数据,云计算,数字经济,数字政府,数据要素,人工智能,放管服"
CORPUS = ROOT / "data" / "raw" / "gov_work_reports_national" / "government_work_reports.jsonl"

NAIVE_TRENDS = f"""
import json, collections
counts = collections.Counter()
for line in open({str(CORPUS)!r}, encoding="utf-8"):
    r = json.loads(line)
    if r["doc_type"] == "report":
        for term in {TERMS!r}.split(","):
            counts[(r["year"], term)] += r["content"].count(term)
print(len(counts))
"""

NAIVE_COMPARE = f"""
import json, collections, logging, jieba
jieba.setLogLevel(logging.WARNING)
a, b = collections.Counter(), collections.Counter()
for line in open({str(CORPUS)!r}, encoding="utf-8"):
    r = json.loads(line)
    if r["doc_type"] == "report" and 2013 <= r["year"] <= 2025:
        (a if r["year"] <= 2020 else b).update(jieba.lcut(r["content"]))
print(len(a), len(b))
"""


def _seconds(command: list[str], env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    import os

    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "ANALYSIS_CACHE_DIR": str(Path(tmp) / "cache")}
        out = str(Path(tmp) / "out.csv")
        where = ["--where", "doc_type=report"]
        runs = {
            "naive trends: str.count per report and term": [sys.executable, "-c", NAIVE_TRENDS],
            "analysis trends (10 terms)": [
                str(BIN / "analysis"), "trends", "national-reports", *where, "--terms", TERMS,
                "--out", out,
            ],
            "naive compare: jieba.lcut + Counter per period": [
                sys.executable, "-c", NAIVE_COMPARE,
            ],
            "analysis compare 2013-2020 vs 2021-2025": [
                str(BIN / "analysis"), "compare", "national-reports", *where, "--periods",
                "2013-2020,2021-2025", "--out", out,
            ],
        }  # fmt: skip
        _seconds(runs["analysis trends (10 terms)"], env)  # the first run fills the cache
        times: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(args.repeat):
            for name, command in runs.items():
                times[name].append(_seconds(command, env))
    medians = {name: statistics.median(values) for name, values in times.items()}
    print(f"National work reports (52 reports), whole processes, medians of {args.repeat}:")
    for name, seconds in medians.items():
        print(f"  {name:<50} {seconds:6.2f} s")
    trends, compare = (
        medians["analysis trends (10 terms)"]
        / medians["naive trends: str.count per report and term"],
        medians["analysis compare 2013-2020 vs 2021-2025"]
        / medians["naive compare: jieba.lcut + Counter per period"],
    )
    print(f"  time against its naive recipe: trends {trends:.1f}×, compare {compare:.2f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
