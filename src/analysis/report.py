"""Run the notebooks on a corpus and write shareable outputs: executed notebooks, self-contained
HTML (images embedded, nothing loaded from the network), a code-hidden version, an index page,
PNG figures and a provenance table. With the corpus loader and the segment cache, this is the only
module that writes files.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import html
import platform
import re
import sys
from collections.abc import Iterable, Sequence
from importlib import metadata
from pathlib import Path

import pandas as pd

from . import config

__all__ = [
    "REPORT_PACKAGES",
    "build_reports",
    "export_html",
    "keywords_with_evidence",
    "notebook_paths",
    "provenance",
    "run_notebook",
    "save_figure",
]

#: Packages whose versions each report's provenance lists.
REPORT_PACKAGES = (
    "analysis",
    "jieba",
    "scikit-learn",
    "pandas",
    "numpy",
    "matplotlib",
    "wordcloud",
    "charset-normalizer",
    "stopwordsiso",
    "opencc",
)

_EMPTY_SCRIPT = re.compile(r'<script src=""></script>\s*')


def notebook_paths() -> list[Path]:
    """The numbered notebooks of the project, in order."""
    return sorted(config.notebooks_dir().glob("[0-9][0-9]-*.ipynb"))


def save_figure(figure, name: str, *, directory: str | Path | None = None, dpi: int = 150) -> Path:
    """Save a matplotlib ``Figure`` (or the figure of an ``Axes``) as ``<directory>/<name>.png``.

    ``directory`` defaults to the project's ``figures/``. Returns the written path.
    """
    figure = getattr(figure, "figure", figure)
    if not re.fullmatch(r"[\w.-]+", name):
        raise ValueError(f"figure name {name!r}: use letters, digits, '-', '_' and '.' only")
    out = Path(directory) if directory is not None else config.figures_dir()
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{name}.png"
    figure.savefig(path, dpi=dpi, bbox_inches="tight", facecolor="white")
    return path


def _sha256(paths: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for p in sorted(paths):
        digest.update(p.name.encode())
        digest.update(p.read_bytes())
    return digest.hexdigest()


def provenance(
    docs: pd.DataFrame, *, segmenter=None, seed: int | None = None, **parameters
) -> pd.DataFrame:
    """What a report was computed from, as a two-column table (``item``, ``value``).

    Lists the corpus file(s) with a SHA-256 of their content, the number of documents, the
    segmenter configuration (engine, dictionary and stopword hashes), the seed, any other
    parameters, package versions, Python and the date.
    """
    files = sorted({Path(p) for p in docs["path"].dropna().unique()}) if "path" in docs else []
    existing = [p for p in files if p.is_file()]
    rows: list[tuple[str, object]] = [
        ("corpus files", ", ".join(str(p) for p in files[:5]) + (" …" if len(files) > 5 else "")),
        ("corpus SHA-256", _sha256(existing)[:16] if existing else "n/a"),
        ("documents", len(docs)),
    ]
    if segmenter is not None:
        for key, value in segmenter.config().items():
            rows.append((f"segmenter {key}", value))
    if seed is not None:
        rows.append(("seed", seed))
    rows.extend((f"parameter {k}", v) for k, v in parameters.items())
    for pkg in REPORT_PACKAGES:
        try:
            rows.append((pkg, metadata.version(pkg)))
        except metadata.PackageNotFoundError:
            rows.append((pkg, "not installed"))
    rows.append(("python", f"{platform.python_version()} ({sys.platform})"))
    rows.append(("date", _dt.datetime.now().astimezone().isoformat(timespec="seconds")))
    return pd.DataFrame({"item": [r[0] for r in rows], "value": [str(r[1]) for r in rows]})


def run_notebook(
    notebook: str | Path,
    output: str | Path,
    *,
    parameters: dict | None = None,
    kernel_name: str = "python3",
    progress: bool = True,
) -> Path:
    """Execute a notebook with papermill (parameters go to its ``parameters`` cell)."""
    import papermill

    notebook, output = Path(notebook), Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    papermill.execute_notebook(
        str(notebook),
        str(output),
        parameters=parameters or {},
        kernel_name=kernel_name,
        cwd=str(notebook.parent),
        progress_bar=progress,
        log_output=False,
    )
    return output


def export_html(notebook: str | Path, output: str | Path, *, hide_code: bool = False) -> Path:
    """Write an executed notebook as one self-contained HTML file.

    Images are embedded as data URIs and no script is loaded from the network (MathJax and
    require.js are left out), so the file opens offline. ``hide_code=True`` leaves out code cells'
    input and prompts, for readers who do not code.
    """
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="lab",
        embed_images=True,
        mathjax_url="",
        require_js_url="",
        exclude_input=hide_code,
        exclude_input_prompt=hide_code,
        exclude_output_prompt=hide_code,
    )
    nb = nbformat.read(str(notebook), as_version=4)
    body, _ = exporter.from_notebook_node(nb)
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(_EMPTY_SCRIPT.sub("", body), encoding="utf-8")
    return output


def _title(notebook: Path) -> str:
    import nbformat

    nb = nbformat.read(str(notebook), as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return notebook.stem


def _index_page(entries: Sequence[tuple[str, str, str]], corpus: str) -> str:
    items = "\n".join(
        f'<li><a href="{html.escape(full)}">{html.escape(title)}</a> · '
        f'<a href="{html.escape(brief)}">只看结果（隐藏代码）</a></li>'
        for title, full, brief in entries
    )
    stamp = _dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>分析报告</title>
<style>body{{font-family:sans-serif;max-width:46em;margin:3em auto;line-height:1.7;padding:0 1em}}
li{{margin:.4em 0}} .meta{{color:#666;font-size:.9em}}</style></head>
<body><h1>分析报告</h1>
<p class="meta">语料：{html.escape(corpus)} · 生成于 {stamp}</p>
<ol>
{items}
</ol></body></html>
"""


def build_reports(
    corpus: str | Path,
    out_dir: str | Path | None = None,
    *,
    notebooks: Sequence[str | Path] | None = None,
    parameters: dict | None = None,
    progress: bool = True,
) -> Path:
    """Run every notebook on ``corpus`` and write executed copies, HTML, code-hidden HTML and
    ``index.html`` to ``out_dir`` (default ``reports/``). Returns the path of ``index.html``."""
    out = Path(out_dir) if out_dir is not None else config.reports_dir()
    out.mkdir(parents=True, exist_ok=True)
    corpus = Path(corpus).resolve()
    params = {
        "corpus_path": str(corpus),
        "figures_dir": str(config.figures_dir()),
        **(parameters or {}),
    }
    entries = []
    for nb in [Path(p) for p in notebooks] if notebooks else notebook_paths():
        executed = run_notebook(nb, out / nb.name, parameters=params, progress=progress)
        export_html(executed, out / f"{nb.stem}.html")
        export_html(executed, out / f"{nb.stem}.brief.html", hide_code=True)
        entries.append((_title(executed), f"{nb.stem}.html", f"{nb.stem}.brief.html"))
    index = out / "index.html"
    index.write_text(_index_page(entries, str(corpus)), encoding="utf-8")
    return index


def keywords_with_evidence(
    keywords: pd.DataFrame,
    kwic_lines: pd.DataFrame,
    *,
    titles: dict | None = None,
    max_lines: int = 3,
):
    """An HTML block (for a notebook and its exported report): each document's keywords as
    links to their concordance lines below. All corpus text is escaped: it is data, never markup.
    """
    from IPython.display import HTML

    def anchor(doc_id, term) -> str:
        digest = hashlib.sha1(f"{doc_id}\x00{term}".encode()).hexdigest()[:10]
        return f"kwic-{digest}"

    parts = ['<div class="analysis-kwic">']
    for doc_id, group in keywords.groupby("doc_id", sort=False):
        name = (titles or {}).get(doc_id, doc_id)
        links = "、".join(
            f'<a href="#{anchor(doc_id, t)}">{html.escape(str(t))}</a>' for t in group["term"]
        )
        parts.append(f"<p><b>{html.escape(str(name))}</b>：{links}</p>")
    parts.append("<hr><h4>关键词所在的原文（KWIC）</h4>")
    for doc_id, group in keywords.groupby("doc_id", sort=False):
        name = (titles or {}).get(doc_id, doc_id)
        for term in group["term"]:
            lines = kwic_lines[(kwic_lines["doc_id"] == doc_id) & (kwic_lines["term"] == term)]
            rows = (
                "".join(
                    f"<tr><td style='text-align:right'>{html.escape(r.left)}</td>"
                    f"<td><mark>{html.escape(r.match)}</mark></td><td>{html.escape(r.right)}</td></tr>"
                    for r in lines.head(max_lines).itertuples()
                )
                or "<tr><td colspan=3>（原文中没有逐字出现）</td></tr>"
            )
            parts.append(
                f'<p id="{anchor(doc_id, term)}"><b>{html.escape(str(term))}</b> · '
                f"{html.escape(str(name))}</p><table>{rows}</table>"
            )
    parts.append("</div>")
    return HTML("\n".join(parts))
