"""The wheel works installed anywhere: built from this checkout, installed into a fresh venv
outside it, run from a temporary folder (issue 11).

It checks that the dictionary, stopwords, bundled corpus and notebooks ship inside the package,
that the results equal those of the checkout, and that a run writes only under ``--out`` and the
user cache folder: nothing inside the venv, nothing in the current folder, nothing left in the
temporary folder. It installs the dependencies from the package index, about a minute.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SEED

NOISE = ("Warning", "WARNING", "findfont", "Kernel is running", "\r", "Traceback")


def _tree(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(folder)): (p.stat().st_mtime_ns, p.stat().st_size)
        for p in folder.rglob("*")
        if not p.is_dir()
    }


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    if os.environ.get("CI") != "true" and os.environ.get("ANALYSIS_TEST_INSTALL") != "1":
        pytest.skip("builds and installs the wheel (about a minute): runs with CI=true")
    base = tmp_path_factory.mktemp("install")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", str(ROOT), "-w", base / "dist"],
        check=True,
        capture_output=True,
    )
    (wheel,) = (base / "dist").glob("analysis-*.whl")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    subprocess.run(
        [venv / "bin" / "python", "-m", "pip", "install", "-q", wheel],
        check=True,
        capture_output=True,
    )
    return venv


def test_installed_wheel_runs_from_any_folder(installed, tmp_path):
    venv = installed
    work, home, tmp = tmp_path / "work", tmp_path / "home", tmp_path / "tmp"
    for folder in (work, home, tmp):
        folder.mkdir()
    (work / "essay.txt").write_bytes(SEED.read_bytes())
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ANALYSIS_", "XDG_", "JUPYTER_", "MPL", "IPYTHON", "VIRTUAL_ENV"))
    }
    env.update(HOME=str(home), TMPDIR=str(tmp), PATH=f"{venv / 'bin'}:/usr/bin:/bin")
    before = _tree(venv)

    def run(*args: str) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [venv / "bin" / "analysis", *args],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr
        noise = [line for line in done.stderr.splitlines() if any(n in line for n in NOISE)]
        assert not noise, f"analysis {args[0]} printed noise: {noise}"
        return done

    assert run("--version").stdout.strip() == "analysis 0.1.0"
    run("corpus", "essay.txt", "--out", "out/corpus.csv")
    run("keywords", "essay.txt", "--out", "out/keywords.csv")
    run("cluster", "essay.txt", "--seed", "0", "--out", "out/clusters.csv")
    run("report", "--corpus", "essay.txt", "--out", "out/reports")

    # the README's "library in 10 lines", as written, outside the checkout (in a home of its
    # own: matplotlib, imported as a library, keeps its font list in ~/.cache/matplotlib)
    library_home = tmp_path / "library-home"
    library_home.mkdir()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = readme.split("## The library in 10 lines", 1)[1].split("```python\n", 1)[1]
    snippet = lines.split("```", 1)[0] + "print(len(kw), clusters.k, ax.get_title() is not None)\n"
    done = subprocess.run(
        [venv / "bin" / "python", "-c", snippet],
        cwd=work,
        env={**env, "MPLBACKEND": "Agg", "HOME": str(library_home)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0 and done.stdout.strip().endswith("True"), done.stderr

    out = work / "out"
    with (out / "corpus.csv").open(encoding="utf-8-sig", newline="") as f:
        assert len(list(csv.DictReader(f))) == 12
    with (out / "keywords.csv").open(encoding="utf-8-sig", newline="") as f:
        keywords = list(csv.DictReader(f))
    essay = [row["term"] for row in keywords if row["doc_id"] == "essay#0"]
    assert "数字枷锁" in essay  # the packaged user dictionary keeps it whole
    with (out / "clusters.csv").open(encoding="utf-8-sig", newline="") as f:
        assert len(list(csv.DictReader(f))) == 12

    # the same keywords as the checkout's library gives
    from analysis import Segmenter, clean_corpus, extract_keywords, load_corpus

    docs = clean_corpus(load_corpus(work / "essay.txt"))
    expected = extract_keywords(docs["clean_text"], doc_ids=docs["doc_id"], segmenter=Segmenter())
    assert essay == expected.loc[expected["doc_id"] == "essay#0", "term"].tolist()

    reports = out / "reports"
    # every notebook but 05, skipped on a corpus of one date (the index says why), twice + index
    assert len(list(reports.glob("*.html"))) == 11
    assert "跳过：有日期的文档只在 1 个年份" in (reports / "index.html").read_text(encoding="utf-8")
    assert len(list((reports / "figures").glob("*.png"))) == 15  # those of 01–04 and 06

    # written: only --out and the user cache folder; nothing in the venv, nothing left in TMPDIR
    assert _tree(venv) == before, "the run wrote inside the venv"
    assert sorted(p.name for p in work.iterdir()) == ["essay.txt", "out"]
    assert list(tmp.iterdir()) == []
    outside = [p for p in home.rglob("*") if p.is_file()]
    assert outside and all(p.is_relative_to(home / ".cache" / "analysis") for p in outside), [
        str(p.relative_to(home)) for p in outside if not p.is_relative_to(home / ".cache")
    ]
