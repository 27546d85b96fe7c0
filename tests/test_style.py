"""The code passes the project's linter and formatter (configured in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_ruff_lint_and_format():
    for args in (["check"], ["format", "--check"]):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *args, "src", "tests", "benchmarks"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stdout + result.stderr


#: The one direction data flows in: each module imports only modules before it.
MODULE_ORDER = [
    "config", "chars", "parallel", "fonts", "tokens", "corpus", "clean", "segment", "segcache",
    "structure", "vectorize", "phrases", "keywords", "context", "similarity", "terms", "cluster", "lexicon",
    "trends", "stream", "distributed", "plots", "explore", "report", "workflow", "cli",
]  # fmt: skip


def test_modules_import_only_modules_before_them():
    import ast

    package = ROOT / "src" / "analysis"
    modules = {p.stem for p in package.glob("*.py")} - {"__init__", "__main__"}
    assert modules == set(MODULE_ORDER), "add a new module to MODULE_ORDER"
    backwards = []
    for name in MODULE_ORDER:
        tree = ast.parse((package / f"{name}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                targets = [node.module] if node.module else [a.name for a in node.names]
                for target in targets:
                    if MODULE_ORDER.index(target) >= MODULE_ORDER.index(name):
                        backwards.append(f"{name} imports {target}")
    assert backwards == []
