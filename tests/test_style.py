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

    def targets(node: ast.AST) -> list[str]:
        """The package's modules that ``node`` imports: relative, absolute or by name."""
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            return [node.module] if node.module else [a.name for a in node.names]
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("analysis."):
            return [node.module.split(".")[1]]
        if isinstance(node, ast.Import):
            return [a.name.split(".")[1] for a in node.names if a.name.startswith("analysis.")]
        if (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", getattr(node.func, "attr", None)) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and str(node.args[0].value).startswith("analysis.")
        ):
            return [node.args[0].value.split(".")[1]]
        return []

    backwards = []
    for name in MODULE_ORDER:
        tree = ast.parse((package / f"{name}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            for target in targets(node):
                if MODULE_ORDER.index(target) >= MODULE_ORDER.index(name):
                    backwards.append(f"{name} imports {target}")
    assert backwards == []
