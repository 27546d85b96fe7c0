from __future__ import annotations

import os
import subprocess
import sys

import pandas as pd
import pytest

from analysis.cli import main


def run_cli(*args, cwd=None):
    """Run ``python -m analysis`` as a user would, in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "analysis", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )


def test_corpus_command_on_the_seed(tmp_path, seed_path):
    out = tmp_path / "x.csv"
    result = run_cli("corpus", seed_path, "--out", out)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for Excel
    docs = pd.read_csv(out, encoding="utf-8-sig")
    assert len(docs) == 12  # 1 essay + the 11 snippets of the page
    essay = docs.iloc[0]
    assert (essay["title"], essay["author"], essay["source"], essay["date"]) == (
        "卸掉基层治理的“数字枷锁”",
        "陈书",
        "组织人事报",
        "2021-10-21",
    )
    assert docs.loc[1:, "title"].notna().all()
    assert not docs["text"].str.contains("相关推荐|\\(0\\)").any()
    assert {"clean_text", "clean_title"} <= set(docs.columns)


@pytest.mark.parametrize("suffix", [".jsonl", ".xlsx"])
def test_corpus_command_other_outputs(tmp_path, seed_path, suffix):
    out = tmp_path / f"x{suffix}"
    assert main(["corpus", str(seed_path), "--out", str(out)]) == 0
    frame = pd.read_json(out, lines=True) if suffix == ".jsonl" else pd.read_excel(out)
    assert len(frame) == 12


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["corpus", "missing.txt", "--out", "x.csv"], "missing.txt: no such file or folder"),
        (["corpus", "{table}", "--out", "x.csv", "--text-col", "body"], "no column 'body'"),
        (["corpus", "{table}", "--out", "x.docx"], "unsupported output type"),
        (["corpus", "{empty}", "--out", "x.csv"], "no usable documents"),
    ],
)
def test_errors_are_one_line_with_status_2(tmp_path, args, message):
    table = tmp_path / "t.csv"
    pd.DataFrame({"a": ["数据"]}).to_csv(table, index=False)
    empty = tmp_path / "empty"
    empty.mkdir()
    args = [a.format(table=table, empty=empty) for a in args]
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("analysis: error: ")


def test_skipped_files_are_listed_on_stderr(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ok.txt").write_text("数据共享", encoding="utf-8")
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    result = run_cli("corpus", tmp_path / "in", "--out", tmp_path / "out.csv")
    assert result.returncode == 0
    assert "skipped:" in result.stderr and "empty.txt: empty file" in result.stderr
    assert len(pd.read_csv(tmp_path / "out.csv")) == 1


def test_console_script_is_installed():
    import shutil

    exe = shutil.which("analysis", path=os.path.dirname(sys.executable))
    assert exe, "the 'analysis' console script is missing: run make setup"
    result = subprocess.run([exe, "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "corpus" in result.stdout
