"""Run the notebooks on a corpus and write shareable outputs: executed notebooks, self-contained
HTML (images embedded, nothing loaded from the network), a code-hidden version, an index page,
PNG figures and a provenance table. With the corpus loader and the segment cache, this is the only
module that writes files.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import functools
import hashlib
import html
import os
import platform
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from . import config

if TYPE_CHECKING:  # pandas is imported where a table is made: the CLI starts faster
    import pandas as pd

__all__ = [
    "REPORT_PACKAGES",
    "ReportError",
    "build_reports",
    "copy_figures",
    "embed_font",
    "export_html",
    "interactive_table",
    "keywords_with_evidence",
    "lab_environment",
    "note",
    "notebook_paths",
    "provenance",
    "run_notebook",
    "save_figure",
    "spread_documents",
    "write_table",
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


#: What a spreadsheet may run when a cell starts with it (OWASP, "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_CELL_MAX = 32_767  # characters an Excel cell holds
TABLE_SUFFIXES = (".csv", ".tsv", ".jsonl", ".xlsx")


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A temporary file beside ``path`` to write to, renamed to ``path`` when the block ends
    without an error and deleted when it fails: a reader never sees half a file, and a
    failed write leaves the old file as it was."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:  # named by the file asked for, not by the temporary one
        raise OSError(exc.errno, f"cannot write here ({exc.strerror})", str(path)) from None
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _neutralise(value):
    """A text cell a spreadsheet would run as a formula, made inert by a leading ``'``."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value


def write_table(
    frame: pd.DataFrame, path: str | Path, *, raw: bool = False, bom: bool = False
) -> list[str]:
    """Write a table as ``.csv``, ``.tsv``, ``.jsonl`` or ``.xlsx``, safe to open.

    * Text cells (and column names) that start with ``= + - @``, a tab or a carriage return
      get a leading ``'`` in CSV and TSV, as OWASP advises against CSV/formula injection;
      in XLSX they keep their text and are marked as text the way Excel marks a typed
      ``'`` (its quote prefix), so an edit does not turn them into a formula either.
      ``raw=True`` writes them as they are. JSON lines are never changed.
    * In XLSX every text cell is a string, never a formula. Characters XLSX cannot hold
      (control characters) are replaced by U+FFFD, and a text longer than an Excel cell
      (32,767 characters) continues in the columns ``<name>_2``, ``<name>_3`` …
    * The file is written under a temporary name and renamed: a failure leaves no half file.

    Returns notes on what was changed or made (a missing folder), for the user to read (empty
    when nothing was).
    ``bom=True`` starts a CSV/TSV with a UTF-8 BOM, so Excel reads it as UTF-8.

    >>> import pandas as pd, tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> print(*write_table(pd.DataFrame({"title": ["=1+1", "数据共享"]}), out))
    1 text cell(s) starting with = + - @ were written with a leading ' (--raw to keep them as they are)
    >>> out.read_text(encoding="utf-8").splitlines()
    ['title', "'=1+1", '数据共享']
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise ValueError(
            f"{path}: unsupported output type {suffix or '(none)'}; use .csv, .tsv, .jsonl or .xlsx"
        )
    notes: list[str] = []
    out = frame.copy()
    if suffix in (".csv", ".tsv") and not raw:
        text = out.select_dtypes(include=["object", "string"]).columns
        n = 0
        for col in text:
            flagged = out[col].map(lambda v: isinstance(v, str) and v.startswith(FORMULA_START))
            n += int(flagged.sum())
            out[col] = out[col].map(_neutralise)
        out.columns = [_neutralise(str(c)) for c in out.columns]
        if n:
            notes.append(
                f"{n} text cell(s) starting with = + - @ were written with a leading ' "
                "(--raw to keep them as they are)"
            )
    if not path.parent.exists():  # a mistyped folder is made, and said so
        notes.append(f"made the folder {path.parent}")
    with atomic_path(path) as tmp:
        if suffix in (".csv", ".tsv"):
            out.to_csv(
                tmp,
                sep="\t" if suffix == ".tsv" else ",",
                index=False,
                encoding="utf-8-sig" if bom else "utf-8",
                lineterminator="\r\n",  # RFC 4180; a field holding \r or \n is then quoted
            )
        elif suffix == ".jsonl":
            out.to_json(tmp, orient="records", lines=True, force_ascii=False)
        else:
            notes += _write_xlsx(out, tmp, mark=not raw)
    return notes


def _write_xlsx(frame: pd.DataFrame, path: Path, *, mark: bool = True) -> list[str]:
    """One sheet of string (never formula) cells, those that start like a formula marked as
    text (``mark``); see :func:`write_table`."""
    import numpy as np
    import pandas as pd
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    notes = []
    frame = frame.reset_index(drop=True)
    n_illegal = 0

    def legal(value):
        nonlocal n_illegal
        if isinstance(value, str) and ILLEGAL_CHARACTERS_RE.search(value):
            n_illegal += 1
            return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
        return value

    columns: list[tuple[str, pd.Series]] = []
    for col in frame.columns:
        values = frame[col].map(legal)
        lengths = values.map(lambda v: len(v) if isinstance(v, str) else 0)
        parts = max(1, -(-int(lengths.max() if len(lengths) else 0) // XLSX_CELL_MAX))
        for k in range(parts):
            name = str(col) if k == 0 else f"{col}_{k + 1}"
            piece = (
                values
                if parts == 1
                else values.map(
                    lambda v, k=k: (
                        v[k * XLSX_CELL_MAX : (k + 1) * XLSX_CELL_MAX]
                        if isinstance(v, str)
                        else (v if k == 0 else None)
                    )
                )
            )
            columns.append((name, piece))
        if parts > 1:
            long_rows = int((lengths > XLSX_CELL_MAX).sum())
            notes.append(
                f"{long_rows} cell(s) of {col!r} are longer than an Excel cell holds "
                f"({XLSX_CELL_MAX:,} characters): continued in {col}_2 … {col}_{parts} "
                "(CSV and JSON lines keep them whole)"
            )
    if n_illegal:
        notes.append(
            f"{n_illegal} cell(s) held control characters XLSX cannot store: "
            "replaced by U+FFFD (CSV and JSON lines keep them)"
        )

    def value(v):
        if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and pd.isna(v)):
            return None  # an empty cell, as in the CSV
        if isinstance(v, np.generic):
            v = v.item()
        return v if isinstance(v, (str, int, float, bool)) else str(v)

    # every value is converted before the workbook is opened: a failure inside openpyxl's
    # streaming writer leaves it (and the interpreter's generator state) in a bad way
    rows = [[str(name) for name, _ in columns]]
    rows += [list(map(value, row)) for row in zip(*(s.tolist() for _, s in columns), strict=True)]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("data")

    marked = 0

    def cell(v):
        nonlocal marked
        c = WriteOnlyCell(sheet, value=v)
        if isinstance(v, str):
            c.data_type = "s"  # text, even when it starts with "=": never a formula
            if mark and v.startswith(FORMULA_START):
                c.quotePrefix = True  # Excel's typed ': stays text when the cell is edited
                marked += 1
        return c

    for row in rows:
        sheet.append([cell(v) for v in row])
    book.save(path)
    if marked:
        notes.append(
            f"{marked} text cell(s) starting with = + - @ are marked as text "
            "(Excel's quote prefix; --raw leaves them unmarked)"
        )
    return notes


def notebook_paths() -> list[Path]:
    """The numbered notebooks of the project, in order."""
    return sorted(config.notebooks_dir().glob("[0-9][0-9]-*.ipynb"))


def save_figure(
    figure, name: str, *, directory: str | Path | None = None, dpi: int = 150
) -> Path | None:
    """Save a matplotlib ``Figure`` (or the figure of an ``Axes``) as ``<directory>/<name>.png``.

    ``directory`` defaults to ``figures/`` in the current folder; ``""`` saves nothing (the
    notebooks' default: in JupyterLab the charts are in the notebook, and no run on another
    corpus overwrites the project's figures; ``analysis report`` gives its own folder).
    Returns the written path, or ``None``.

    >>> import matplotlib.pyplot as plt
    >>> save_figure(plt.figure(), "01-doc-lengths", directory="") is None
    True
    """
    figure = getattr(figure, "figure", figure)
    if not re.fullmatch(r"[\w.-]+", name):
        raise ValueError(f"figure name {name!r}: use letters, digits, '-', '_' and '.' only")
    if directory == "":
        return None
    out = Path(directory) if directory is not None else config.figures_dir()
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{name}.png"
    figure.savefig(path, dpi=dpi, bbox_inches="tight", facecolor="white")
    return path


def _sha256(paths: Sequence[Path]) -> tuple[str, str]:
    """The provenance row of the corpus files' SHA-256: of the file itself, as ``sha256sum``
    gives it, or of several files' names and contents in the order of their paths."""
    if len(paths) == 1:
        return "corpus SHA-256", hashlib.sha256(paths[0].read_bytes()).hexdigest()
    digest = hashlib.sha256()
    for p in sorted(paths):
        digest.update(p.name.encode())
        digest.update(p.read_bytes())
    return f"corpus SHA-256 (names and contents of the {len(paths)} files)", digest.hexdigest()


def provenance(
    docs: pd.DataFrame, *, segmenter=None, seed: int | None = None, **parameters
) -> pd.DataFrame:
    """What a report was computed from, as a two-column table (``item``, ``value``).

    Lists the corpus file(s) with a SHA-256 of their content, the number of documents, the
    segmenter configuration (engine, dictionary and stopword hashes), the seed, any other
    parameters, package versions, Python and the date.
    """
    import pandas as pd

    files = sorted({Path(p) for p in docs["path"].dropna().unique()}) if "path" in docs else []
    existing = [p for p in files if p.is_file()]
    rows: list[tuple[str, object]] = [
        ("corpus files", ", ".join(str(p) for p in files[:5]) + (" …" if len(files) > 5 else "")),
        _sha256(existing) if existing else ("corpus SHA-256", "n/a"),
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


class ReportError(RuntimeError):
    """A notebook failed; the message names it, the cell and the error."""


#: Set in the report kernel: BLAS and OpenMP on one thread, so sums run in one order and the
#: figures of an unchanged corpus come out byte for byte the same (no churn in ``figures/``),
#: and no progress bar drawn into the pages.
DETERMINISTIC_ENV = {
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "PYTHONHASHSEED": "0",
    "ANALYSIS_PROGRESS": "0",  # no progress bars in the pages
}


def _kernel_manager(workdir: Path):
    """A kernel manager class for this very interpreter (the notebooks see the ``analysis`` that
    runs them, whatever ``python3`` kernelspec the user has), talking over Unix sockets in
    ``workdir`` (nothing listens on the network), with its IPython profile in ``workdir`` and
    its own log lines in ``workdir/kernel.log``: a shutdown starts with a SIGINT, which a busy
    kernel logs as "KeyboardInterrupt caught in kernel", and that is no news for the user
    (what a cell prints or raises comes back in the notebook)."""
    from jupyter_client.kernelspec import KernelSpec
    from jupyter_client.manager import AsyncKernelManager

    spec = KernelSpec(
        argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        display_name="Python 3 (analysis)",
        language="python",
        env={
            **DETERMINISTIC_ENV,
            "IPYTHONDIR": str(workdir / "ipython"),
            "MPLCONFIGDIR": str(config.cache_dir() / "matplotlib"),
            "ANALYSIS_CACHE_DIR": str(config.cache_dir()),
        },
    )

    class ReportKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            kwargs.update(
                transport="ipc",
                connection_file=str(workdir / "kernel.json"),
                ip=str(workdir / "k"),
            )
            super().__init__(**kwargs)

        @property
        def kernel_spec(self):
            return spec

        async def start_kernel(self, **kwargs):
            with open(workdir / "kernel.log", "ab") as log:  # the kernel keeps its own copy
                kwargs.setdefault("stderr", log)
                return await super().start_kernel(**kwargs)

    return ReportKernelManager


def _notebook_parameters(notebook: Path) -> set[str]:
    """The names its ``parameters`` cell sets (each notebook gets only its own, so papermill
    warns of none)."""
    import papermill

    return set(papermill.inspect_notebook(str(notebook)))


@functools.cache
def _readable_parameters() -> None:
    """Have papermill write the injected strings as Python writes them (``"改革开放"``), not
    as ``\\u`` escapes, so the parameters cell of a report reads as what was asked: its
    translator registry is the documented place for this (once a process)."""
    from papermill.translators import PythonTranslator, papermill_translators

    class Readable(PythonTranslator):
        @classmethod
        def translate_str(cls, val):
            return repr(val)

    papermill_translators.register("python", Readable)


def run_notebook(
    notebook: str | Path,
    output: str | Path,
    *,
    parameters: dict | None = None,
    cwd: str | Path | None = None,
    progress: bool = True,
) -> Path:
    """Execute a notebook with papermill (parameters go to its ``parameters`` cell), in
    ``cwd`` (default: the notebook's folder), in a kernel of this interpreter with
    :data:`DETERMINISTIC_ENV`. Raises :class:`ReportError` naming the cell that failed."""
    import papermill
    from nbclient.exceptions import DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    notebook, output = Path(notebook), Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    # short and private: a Unix socket path holds at most 107 bytes
    workdir = Path(tempfile.mkdtemp(prefix="analysis-kernel-"))
    _readable_parameters()
    try:
        papermill.execute_notebook(
            str(notebook),
            str(output),
            parameters=parameters or {},
            kernel_name="python3",
            kernel_manager_class=_kernel_manager(workdir),
            cwd=str(cwd or notebook.parent),
            progress_bar=progress,
            log_output=False,
        )
    except PapermillExecutionError as exc:
        first = next((ln for ln in exc.source.splitlines() if ln.strip()), "")
        raise ReportError(
            f"{notebook.name}: cell {exc.exec_count} ({first.strip()[:60]}) failed with "
            f"{exc.ename}: {str(exc.evalue).strip()[:300]}"
        ) from None
    except DeadKernelError as exc:  # out of memory, a crash: the kernel's last words say why
        log = workdir / "kernel.log"
        said = log.read_text(encoding="utf-8", errors="replace").strip() if log.exists() else ""
        last = " | ".join(said.splitlines()[-3:])
        raise ReportError(
            f"{notebook.name}: the kernel died ({exc})"
            + (f"; it said: {last[:300]}" if last else "")
        ) from None
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return output


def export_html(notebook: str | Path, output: str | Path, *, hide_code: bool = False) -> Path:
    """Write an executed notebook as one self-contained HTML file.

    Images are embedded as data URIs and no script is loaded from the network (MathJax and
    require.js are left out), so the file opens offline. ``hide_code=True`` leaves out code cells'
    input and prompts, for readers who do not code.
    """
    import logging

    import nbformat
    from bs4 import BeautifulSoup
    from nbconvert import HTMLExporter

    quiet = logging.getLogger("analysis.report.nbconvert")
    quiet.setLevel(logging.ERROR)  # its only warning is the missing alt text, added below
    exporter = HTMLExporter(
        template_name="lab",
        embed_images=True,
        mathjax_url="",
        require_js_url="",
        exclude_input=hide_code,
        exclude_input_prompt=hide_code,
        exclude_output_prompt=hide_code,
        log=quiet,
    )
    nb = nbformat.read(str(notebook), as_version=4)
    _static_widgets(nb)
    body, _ = exporter.from_notebook_node(nb)
    soup = BeautifulSoup(_EMPTY_SCRIPT.sub("", body), features="html.parser")
    if soup.title is not None:  # the tab and bookmark say which report, not "Notebook"
        soup.title.string = _title(Path(notebook))
    for img in soup.select("img"):  # a chart is described by the heading it stands under
        heading = img.find_previous(["h1", "h2", "h3"])
        if heading is not None and (not img.get("alt") or img["alt"].startswith("No desc")):
            img["alt"] = "图：" + heading.get_text(" ", strip=True).rstrip("¶").strip()
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(str(soup), encoding="utf-8")
    return output


#: What the CJK face of a page's font covers: CJK radicals to unified ideographs (with the CJK
#: punctuation, kana and Hangul between), compatibility ideographs, vertical and small forms,
#: full-width forms.
CJK_RANGES = ((0x2E80, 0x9FFF), (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF))

# The page's characters are cut into two faces, each embedded once. The CJK face comes first in
# every font list, the code font's too: Chromium (156) does not always fall back from the
# monospace fonts to a web font listed after them, and Chinese in printed output drew as boxes
# on a machine without CJK fonts (seen in the code-hidden pages). Its unicode-range keeps Latin
# in code monospace.
_LAB_CSS = """/* written by `analysis lab`: Chinese in JupyterLab on any machine */
@font-face {{ font-family: "{family}"; font-display: swap;
  src: url("{font}") format("opentype"); }}
@font-face {{ font-family: "{family} CJK"; font-display: swap;
  src: url("{font}") format("opentype");
  unicode-range: U+2E80-9FFF, U+F900-FAFF, U+FE30-FE4F, U+FF00-FFEF; }}
body {{
  --jp-ui-font-family: "{family} CJK", system-ui, -apple-system, "Segoe UI", "{family}", sans-serif;
  --jp-content-font-family: "{family} CJK", system-ui, -apple-system, "Segoe UI", "{family}",
    sans-serif;
  --jp-code-font-family: "{family} CJK", var(--jp-code-font-family-default, monospace);
}}
input, select, textarea, button {{ font-family: var(--jp-ui-font-family); }}
"""


def run_lab(
    root: str | Path, *, ip: str = "127.0.0.1", port: int = 8888, lab_args: Sequence[str] = ()
) -> int:
    """Run JupyterLab on the notebooks under ``root`` (until it is stopped; returns its exit
    status): on ``ip``:``port`` with a token, no browser, the bundled font given to its UI
    (:func:`lab_environment`), and ``--allow-root`` when run as root, as containers need.
    ``lab_args`` go to JupyterLab as they are."""
    import subprocess

    env = {**os.environ, **lab_environment(config.cache_dir() / "lab")}
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ip={ip}",
        f"--port={port}",
        "--no-browser",
        "--LabApp.custom_css=True",
        f"--ServerApp.root_dir={root}",
        *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []),
        *lab_args,
    ]
    return subprocess.call(command, env=env)


def lab_environment(folder: str | Path) -> dict[str, str]:
    """Prepare ``folder`` as the Jupyter configuration folder of ``analysis lab`` and return
    the environment to start JupyterLab with (with ``--LabApp.custom_css=True``).

    It holds ``custom/custom.css``, which gives the JupyterLab UI, markdown, outputs and code
    the bundled Noto Sans SC (for the CJK characters, first in each font list, so Chinese
    renders on a machine without CJK fonts), and the font file itself, served by JupyterLab
    under ``/custom/``. The user's own configuration is read as before (it stays on
    ``JUPYTER_CONFIG_PATH``) and their settings and workspaces stay where they are: nothing
    of theirs is written.
    """
    from jupyter_core.paths import jupyter_config_dir

    from .fonts import WEB_FONT_FAMILY, bundled_font_path

    folder = Path(folder)
    custom = folder / "custom"
    custom.mkdir(parents=True, exist_ok=True)
    font, source = custom / "analysis-NotoSansSC-Regular.otf", bundled_font_path()
    if not font.exists() or font.stat().st_size != source.stat().st_size:
        with atomic_path(font) as tmp:  # a copy: JupyterLab serves no link out of its folder
            shutil.copyfile(source, tmp)
    css = _LAB_CSS.format(family=WEB_FONT_FAMILY, font=font.name)
    with atomic_path(custom / "custom.css") as tmp:
        tmp.write_text(css, encoding="utf-8")
    user = Path(os.environ.get("JUPYTER_CONFIG_DIR") or jupyter_config_dir())
    paths = [str(user), *filter(None, os.environ.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep))]
    return {
        "JUPYTER_CONFIG_DIR": str(folder),
        "JUPYTER_CONFIG_PATH": os.pathsep.join(paths),
        "JUPYTERLAB_SETTINGS_DIR": os.environ.get(
            "JUPYTERLAB_SETTINGS_DIR", str(user / "lab" / "user-settings")
        ),
        "JUPYTERLAB_WORKSPACES_DIR": os.environ.get(
            "JUPYTERLAB_WORKSPACES_DIR", str(user / "lab" / "workspaces")
        ),
    }


_WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _static_widgets(nb) -> None:
    """A page has no widget state: each widget output shows its static HTML snapshot (see
    :mod:`analysis.explore`) or its text, and nothing loads a widget manager from the network."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            output.get("data", {}).pop(_WIDGET_VIEW, None)


_FONT_CSS = """<style>
@font-face {{ font-family: "{family} CJK"; font-display: block; unicode-range: {cjk_range};
  src: url(data:font/woff2;base64,{cjk}) format("woff2"); }}
@font-face {{ font-family: "{family}"; font-display: block;
  src: url(data:font/woff2;base64,{rest}) format("woff2"); }}
:root {{
  --jp-content-font-family: "{family} CJK", "{family}", system-ui, -apple-system, "Segoe UI",
    sans-serif;
  --jp-ui-font-family: "{family} CJK", "{family}", system-ui, -apple-system, "Segoe UI",
    sans-serif;
  --jp-code-font-family: "{family} CJK", var(--jp-code-font-family-default, monospace),
    "{family}";
}}
body {{ font-family: var(--jp-content-font-family); }}
input, select, button {{ font-family: var(--jp-ui-font-family); }}
</style>
"""

_UNICODE_RANGE = ", ".join(f"U+{a:X}-{b:X}" for a, b in CJK_RANGES)
_JSON_ESCAPE = re.compile(
    r"\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})|\\u([0-9a-fA-F]{4})"
)


def _page_characters(text: str) -> set[str]:
    """The characters a page can show: its text and those written as ``\\uXXXX`` in its
    scripts (the cells of an interactive table are JSON)."""
    chars = set(text)
    for high, low, one in _JSON_ESCAPE.findall(text):
        if one:
            code = int(one, 16)
            if not 0xD800 <= code < 0xE000:  # a lone surrogate is no character
                chars.add(chr(code))
        else:
            chars.add(chr(0x10000 + ((int(high, 16) - 0xD800) << 10) + int(low, 16) - 0xDC00))
    return chars


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return any(a <= code <= b for a, b in CJK_RANGES)


def embed_font(pages: Sequence[Path]) -> None:
    """Give each HTML page its own font: the packaged Noto Sans SC cut down to the characters
    that page uses, as two WOFF2 ``@font-face`` data URLs (its CJK characters, and the rest),
    placed first in the page's font lists, code and output included (system fonts after them).
    Chinese then renders on a machine without CJK fonts, and the page stays one self-contained
    file."""
    import base64

    from .fonts import WEB_FONT_FAMILY, subset_font

    texts = [p.read_text(encoding="utf-8") for p in pages]
    chars = [_page_characters(t) for t in texts]
    base = subset_font("".join(set().union(*chars)), woff2=False)  # parse once

    def face(part: set[str]) -> str:
        return base64.b64encode(subset_font("".join(sorted(part)), source=base)).decode("ascii")

    for path, text, mine in zip(pages, texts, chars, strict=True):
        cjk = {c for c in mine if _is_cjk(c)}
        css = _FONT_CSS.format(
            family=WEB_FONT_FAMILY,
            cjk_range=_UNICODE_RANGE,
            cjk=face(cjk),
            rest=face(mine - cjk),
        )
        head_end = text.find("</head>")
        if head_end < 0:
            raise ValueError(f"{path.name}: no </head> to put the font in")
        path.write_text(text[:head_end] + css + text[head_end:], encoding="utf-8")


def _title(notebook: Path) -> str:
    import nbformat

    nb = nbformat.read(str(notebook), as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return notebook.stem


#: The parameters the index page lists, by the names of ``analysis report``'s options.
_OPTION_NAMES = {
    "terms": "--terms",
    "where": "--where",
    "meta_path": "--meta",
    "meta_key": "--meta-key",
    "group_column": "--group",
    "drop_places": "--no-places",
    "unit": "--unit",
    "drop_copies": "--drop-copies",
    "user_dicts": "--user-dict",
    "stopword_files": "--stopwords",
    "load_options": "table options",
    "k": "--k",
    "top_n": "--top-n",
    "seed": "--seed",
}


def _options_line(parameters: dict) -> str:
    """The options a report was made with, as a reader can repeat them; files by name only
    (no path of this machine).

    >>> _options_line({"terms": ["低空经济", "以进促稳"], "where": {"doc_type": ["report"]},
    ...                "meta_path": "/home/me/cities.csv", "drop_places": True, "k": 6})
    '选项：--terms 低空经济、以进促稳 · --where doc_type=report · --meta cities.csv · --no-places · --k 6'
    >>> _options_line({})
    '选项：无（默认设置）'
    """
    shown = []
    for key, value in parameters.items():
        if key not in _OPTION_NAMES or value in (None, "", [], {}, False, "document"):
            continue
        if key in ("meta_path", "user_dicts", "stopword_files"):
            value = [Path(v).name for v in (value if isinstance(value, list) else [value])]
        if isinstance(value, dict):
            value = "; ".join(
                f"{k}={'|'.join(map(str, v)) if isinstance(v, list) else v}"
                for k, v in value.items()
            )
        elif isinstance(value, list):
            value = "、".join(map(str, value))
        shown.append(_OPTION_NAMES[key] if value is True else f"{_OPTION_NAMES[key]} {value}")
    return "选项：" + " · ".join(shown) if shown else "选项：无（默认设置）"


#: Folder names that say nothing of a corpus: the index names their parent too.
_GENERIC_FOLDERS = frozenset({"txt", "text", "texts", "data", "docs", "raw", "files", "input"})


def _corpus_name(corpus: Path) -> str:
    """How the index names the corpus: its file or folder name, with the folder above when
    the name alone says nothing (city_gov_work_reports_2024/txt, not txt).

    >>> _corpus_name(Path("/data/city_gov_work_reports_2024/txt")), _corpus_name(Path("a/essay.txt"))
    ('city_gov_work_reports_2024/txt', 'essay.txt')
    """
    if corpus.name.lower() in _GENERIC_FOLDERS and corpus.parent.name:
        return f"{corpus.parent.name}/{corpus.name}"
    return corpus.name


def _index_page(
    entries: Sequence[tuple[str, str, str]], corpus: str, parameters: dict | None = None
) -> str:
    """Links to each report; an entry without pages (``full`` empty) shows ``brief`` as
    the reason it was skipped; under the corpus, the options given (:func:`_options_line`)."""
    items = "\n".join(
        f'<li><a href="{html.escape(full)}">{html.escape(title)}</a> · '
        f'<a href="{html.escape(brief)}">只看结果（隐藏代码）</a></li>'
        if full
        else f'<li>{html.escape(title)} · <span class="meta">{html.escape(brief)}</span></li>'
        for title, full, brief in entries
    )
    stamp = _dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>分析报告</title>
<style>body{{font-family:sans-serif;max-width:46em;margin:3em auto;line-height:1.7;padding:0 1em}}
li{{margin:.4em 0}} .meta{{color:#666;font-size:.9em}}</style></head>
<body><h1>分析报告</h1>
<p class="meta">语料：{html.escape(corpus)} · 生成于 {stamp}<br>{html.escape(_options_line(parameters or {}))}</p>
<ol>
{items}
</ol></body></html>
"""


def _link(corpus: Path, staging: Path, links: list[Path]) -> str:
    """The corpus, seen from the report folder by its own name (a symlink), so no path of
    this machine appears in a report."""
    link = staging / corpus.name
    if not link.is_symlink():
        link.symlink_to(corpus.resolve(), target_is_directory=corpus.is_dir())
        links.append(link)
    return corpus.name


def build_reports(
    corpus: str | Path,
    out_dir: str | Path | None = None,
    *,
    notebooks: Sequence[str | Path] | None = None,
    parameters: dict | None = None,
    progress: bool = True,
    notify: Callable[[str], None] | None = None,
) -> Path:
    """Run every notebook on ``corpus`` and write executed copies, HTML, code-hidden HTML,
    ``index.html`` and the figures (``figures/*.png``) to ``out_dir`` (default ``reports/``).
    Returns the path of ``index.html``. ``notify`` is told each notebook as it starts and
    ends, with its time, and each one skipped, with the reason (``progress`` draws a bar of
    each notebook's cells).

    Nothing is written outside ``out_dir``. The reports are built in a new folder beside it
    that replaces ``out_dir`` only when every notebook ran: when one fails, the earlier
    reports stay as they were and :class:`ReportError` says which notebook and cell failed.
    The notebooks run in the report folder and see the corpus under its own name, so no path
    of this machine appears in a report; so do the files of the ``user_dicts``,
    ``stopword_files`` and ``meta_path`` parameters. The notebooks of :data:`DATED_NOTEBOOKS` run on the bundled
    national work reports when ``corpus`` is the bundled essay, and are skipped (the index
    says why) on a corpus dated in fewer than :data:`MIN_YEARS` years.
    """
    out = Path(out_dir) if out_dir is not None else config.reports_dir()
    corpus = Path(corpus)
    if not corpus.exists():
        raise ValueError(f"{corpus}: no such file or folder")
    if parameters and {"corpus_path", "figures_dir"} & set(parameters):
        raise ValueError("build_reports: corpus_path and figures_dir are set by build_reports")
    if out.exists() and any(out.iterdir()) and not (out / _MARKER).exists():
        raise ValueError(
            f"{out} exists and is not a report folder made by analysis (no {_MARKER} in it); "
            "it is left alone: choose a new or empty folder for --out"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.building-"))
    (staging / _MARKER).write_text("made by analysis report; replaced whole on each run\n")
    links = []
    try:
        given = dict(parameters or {})
        params = {"corpus_path": _link(corpus, staging, links), "figures_dir": "figures"}
        params |= given
        for key in ("user_dicts", "stopword_files"):
            if key in params:
                params[key] = [_link(Path(p), staging, links) for p in params[key]]
        if params.get("meta_path"):
            params["meta_path"] = _link(Path(params["meta_path"]), staging, links)
        entries = []
        known = {Path(nb): _notebook_parameters(Path(nb)) for nb in notebooks or notebook_paths()}
        every = set().union(*known.values())
        if unknown := set(params) - every:
            raise ValueError(
                f"no notebook has the parameter(s) {', '.join(sorted(unknown))}; "
                f"they are: {', '.join(sorted(every))}"
            )
        tell = notify or (lambda line: None)
        for i, (nb, names) in enumerate(known.items(), 1):
            mine = {k: v for k, v in params.items() if k in names}
            if nb.stem in DATED_NOTEBOOKS:
                dated, years = _dated_corpus(corpus, given)
                if dated is None:
                    entries.append((_title(nb), "", _skipped(years)))
                    tell(
                        f"{nb.stem} ({i} of {len(known)}) skipped: the documents are dated in "
                        f"{years} year(s); a time analysis needs {MIN_YEARS} (dates come from a "
                        "date or year column, or from the --meta table)"
                    )
                    continue
                if dated != corpus:  # the bundled reports: the notebook's own default filter
                    mine["corpus_path"] = _link(dated, staging, links)
                elif not config.is_bundled(corpus, "national-reports"):
                    # the user's corpus: all its documents, and its own terms, not the
                    # national reports' (without --terms the notebook picks the words whose
                    # use changed most between the earlier and later years); the bundled
                    # reports named as the corpus keep the notebook's terms unless --terms
                    for key, value in (("where", {}), ("terms", [])):
                        if key in names:
                            mine.setdefault(key, value)
            tell(f"{nb.stem} ({i} of {len(known)}) …")
            started = time.perf_counter()
            executed = run_notebook(
                nb, staging / nb.name, parameters=mine, cwd=staging, progress=progress
            )
            tell(f"{nb.stem} ran in {time.perf_counter() - started:.0f} s")
            _scrub_paths(executed)
            export_html(executed, staging / f"{nb.stem}.html")
            export_html(executed, staging / f"{nb.stem}.brief.html", hide_code=True)
            entries.append((_title(executed), f"{nb.stem}.html", f"{nb.stem}.brief.html"))
        for link in links:
            link.unlink()
        (staging / "index.html").write_text(
            _index_page(entries, _corpus_name(corpus), given), encoding="utf-8"
        )
        embed_font(sorted(staging.glob("*.html")))
        _replace_folder(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return out / "index.html"


_MARKER = ".analysis-report"

#: Notebooks about time, which need documents dated in at least :data:`MIN_YEARS` years. On the
#: bundled essay (one date) they run on the bundled national work reports instead; on a
#: corpus with fewer years they are skipped, and the index page says why.
DATED_NOTEBOOKS = frozenset({"05-trends"})
MIN_YEARS = 3
_SKIPPED = (
    "跳过：{which}（时间分析至少需要 {least} 个年份；日期取自 date、year、日期 等列，或名称含 "
    "date / 日期 的唯一一列，或 --meta 表的这类列，或文件名中的年份）"
)


def _skipped(years: int) -> str:
    """Why the time notebook was skipped, counting only the documents with a date (8 of the
    10 policy documents have none: "语料只有 2 个年份" read as if all 10 were of two years)."""
    which = f"有日期的文档只在 {years} 个年份" if years else "没有一篇文档有日期"
    return _SKIPPED.format(which=which, least=MIN_YEARS)


def _dated_corpus(corpus: Path, parameters: dict) -> tuple[Path | None, int]:
    """The corpus a dated notebook runs on, or ``None`` when it is dated in fewer than
    :data:`MIN_YEARS` years, and the number of years (0 for the bundled national reports,
    which the essay's dated notebooks read). The dates are those the notebook will see: the
    table options (``load_options``), the ``--meta`` table (``meta_path``, ``meta_key``) and
    ``where`` of ``parameters`` apply."""
    import warnings

    from .corpus import join_metadata, load_corpus, select_documents
    from .trends import document_periods

    if config.is_bundled(corpus, "essay"):
        return config.corpus_path("national-reports"), 0
    options = parameters.get("load_options") or {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the other notebooks list the skipped files
        docs = load_corpus(corpus, **options)
        if meta := parameters.get("meta_path"):
            key = parameters.get("meta_key") or None
            docs = join_metadata(docs, meta, key=key, date_col=options.get("date_col"))
        if where := parameters.get("where"):
            docs = select_documents(docs, where)
    years = document_periods(docs["date"].tolist()).nunique()
    return (corpus if years >= MIN_YEARS else None), years


def copy_figures(source: str | Path, target: str | Path) -> list[Path]:
    """Make the numbered figures (``NN-*.png``) in ``target`` those of ``source``: new and
    changed files are copied, unchanged ones left untouched, and numbered figures that
    ``source`` no longer has are removed. Returns the files written."""
    source, target = Path(source), Path(target)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    new = {p.name: p for p in source.glob("[0-9][0-9]-*.png")}
    for name, path in sorted(new.items()):
        data = path.read_bytes()
        dest = target / name
        if not dest.exists() or dest.read_bytes() != data:
            with atomic_path(dest) as tmp:
                tmp.write_bytes(data)
            written.append(dest)
    for old in target.glob("[0-9][0-9]-*.png"):
        if old.name not in new:
            old.unlink()
    return written


def _scrub_paths(notebook: Path) -> None:
    """Drop papermill's record of the input and output paths from an executed notebook."""
    import nbformat

    nb = nbformat.read(str(notebook), as_version=4)
    record = nb.metadata.get("papermill", {})
    for key in ("input_path", "output_path"):
        record.pop(key, None)
    nbformat.write(nb, str(notebook))


def _replace_folder(new: Path, old: Path) -> None:
    """Put the folder ``new`` where ``old`` is, as nearly atomically as a file system
    allows: ``old`` is renamed aside, ``new`` renamed into place, then ``old`` deleted."""
    umask = os.umask(0)
    os.umask(umask)
    new.chmod(0o777 & ~umask)  # a temporary folder is private (0700): as a new folder would be
    aside = None
    if old.exists():
        aside = old.with_name(f".{old.name}.old-{os.getpid()}")
        os.replace(old, aside)
    try:
        os.replace(new, old)
    except BaseException:
        if aside is not None:
            os.replace(aside, old)
        raise
    if aside is not None:
        shutil.rmtree(aside, ignore_errors=True)


def note(text: str):
    """A note for the reader of a notebook and its exported report, set apart from the
    outputs (a shaded box with a bar, in the page's own font) where a printed line would read
    as one more line of program output: what a result means here, and the option that
    changes it. The text is escaped: a note is text, never markup. Shows nothing for ``""``,
    so that ``report.note(place_note(kw, language="zh"))`` may stand alone.

    >>> print(note("类名多是地名 <b>").data)
    <div class="analysis-note" style="border-left:4px solid #d9a400;background:#fff8e1;padding:6px 10px;margin:4px 0;white-space:pre-wrap">提示：类名多是地名 &lt;b&gt;</div>
    >>> note("").data
    ''
    """
    from IPython.display import HTML

    if not text:
        return HTML("")
    style = (
        "border-left:4px solid #d9a400;background:#fff8e1;padding:6px 10px;margin:4px 0;"
        "white-space:pre-wrap"
    )
    return HTML(f'<div class="analysis-note" style="{style}">提示：{html.escape(text)}</div>')


def spread_documents(docs: pd.DataFrame, n: int = 12) -> list:
    """The ``doc_id`` of ``n`` documents spread over the corpus, for a figure or table that
    shows only some: every document when there are at most ``n``; else evenly spaced in date
    order (undated documents last), so 70 years of reports show every decade, not the first
    twelve years.

    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": list("abcde"), "date": ["2024", "1954", "1990", None, "2000"]})
    >>> spread_documents(docs, 3), spread_documents(docs, 9)
    (['b', 'e', 'd'], ['b', 'c', 'e', 'a', 'd'])
    """
    import numpy as np

    from .trends import document_periods

    order = docs["doc_id"]
    if "date" in docs and docs["date"].notna().any():
        years = document_periods(docs["date"].tolist()).to_numpy()
        order = order.iloc[np.argsort(np.where(np.isnan(years), np.inf, years), kind="stable")]
    if len(order) <= n:
        return order.tolist()
    return order.iloc[np.linspace(0, len(order) - 1, n).round().astype(int)].tolist()


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


#: The DataTables interface in Chinese (https://datatables.net/reference/option/language).
TABLE_LANGUAGE = {
    "search": "搜索：",
    "lengthMenu": "每页 _MENU_ 行",
    "info": "第 _START_–_END_ 行，共 _TOTAL_ 行",
    "infoEmpty": "共 0 行",
    "infoFiltered": "（从 _MAX_ 行中筛出）",
    "zeroRecords": "没有匹配的行",
    "emptyTable": "表中没有数据",
}

_tables_shown = 0  # interactive tables made in this process; the first one carries DataTables


def interactive_table(
    frame: pd.DataFrame,
    *,
    caption: str | None = None,
    page_length: int = 15,
    digits: int | None = None,
):
    """The whole table, searchable, sortable and paged, for a notebook and its exported report.

    The table is an `itables <https://mwouts.github.io/itables/>`_ DataTable in offline mode:
    the first table a kernel shows carries the DataTables library itself (about 1 MB of
    JavaScript and CSS), so the exported HTML works with no network. Every row is in the page
    (nothing is cut or sampled); cell text, column names and the caption are escaped: they are
    data, never markup. Search, paging and sorting are labelled in Chinese.

    Parameters
    ----------
    frame
        The table; a named or non-default index is shown as the first column(s).
    caption
        A line of text shown under the table.
    page_length
        Rows per page (the reader can choose 50, 100 or all).
    digits
        Decimals shown of each float column, but for a ``p_value``, which keeps two
        significant digits (a p of 3.2e-12 is not 0); ``None``: as the frame holds them.

    Returns
    -------
    IPython.display.HTML
        Displayed when it is the last line of a cell. Without JavaScript (an untrusted
        notebook, a viewer that runs none) the first ``page_length`` rows show as a plain table.

    Notes
    -----
    Only the first table of a kernel carries DataTables, as with itables'
    ``init_notebook_mode``: run a notebook from the top in a fresh kernel (as ``analysis
    report`` does) before saving or exporting it, or a saved copy whose first table's cell was
    re-run later lacks the library and shows the plain table.

    Examples
    --------
    >>> import pandas as pd
    >>> table = interactive_table(pd.DataFrame({"标题": ["数字政府", "<b>基层</b>减负"]}),
    ...                           caption="全部文档")
    >>> "<b>" in table.data, "&lt;b&gt;" in table.data  # the cell is text, escaped
    (False, True)
    >>> "None" in interactive_table(pd.DataFrame({"作者": ["陈书", None]})).data  # blank
    False
    >>> "NaN" in interactive_table(pd.DataFrame({"rate": [1.5, float("nan")]})).data
    False
    >>> shown = interactive_table(pd.DataFrame({"rate": [1.23456], "p_value": [3.2178e-12]}),
    ...                           digits=2).data
    >>> "1.23" in shown and "1.235" not in shown and "3.2e-12" in shown
    True
    """
    global _tables_shown

    import pandas as pd
    from IPython.display import HTML
    from itables import javascript, options

    if page_length < 1:
        raise ValueError(f"page_length must be at least 1, not {page_length}")
    small = len(frame) <= page_length  # one page: the search box and the row count only
    if not isinstance(frame.index, pd.RangeIndex) or frame.index.name is not None:
        frame = frame.reset_index()  # the index as ordinary columns: one header row
    if digits is not None:
        p_values = frame["p_value"] if "p_value" in frame.columns else None
        frame = frame.round(digits)
        if p_values is not None:
            frame["p_value"] = p_values.map(lambda p: float(f"{p:.2g}"))
    text_columns = [i for i, dtype in enumerate(frame.dtypes) if dtype.kind not in "iufcb"]
    missing = [i for i in range(frame.shape[1]) if frame.iloc[:, i].isna().any()]
    if missing:  # a missing value is a blank cell, not None, NaN or <NA> (a year without data)
        frame = frame.copy()
        for i in missing:
            column = frame.iloc[:, i].astype(object)
            frame.isetitem(i, column.where(column.notna(), ""))
    shown = (  # a p below 10^-digits in two significant digits, not 0.000 (nor all as 4.1e-02)
        pd.option_context("display.float_format", _float_format(digits))
        if digits is not None
        else contextlib.nullcontext()
    )
    with shown:
        table = _datatable(frame, caption, page_length, small, text_columns)
    library = (
        "" if _tables_shown else javascript.generate_init_offline_itables_html(options.dt_bundle)
    )
    _tables_shown += 1
    return HTML(library + table)


def _float_format(digits: int):
    return lambda x: f"{x:.2g}" if 0 < abs(x) < 10**-digits else f"{x:.{digits}f}"


def _datatable(frame, caption, page_length, small, text_columns) -> str:
    from itables import javascript

    lengths = [page_length, *(n for n in (50, 100) if n > page_length)]
    return javascript.to_html_datatable(
        frame,
        caption=html.escape(caption) if caption else None,
        table_id=f"analysis-table-{_tables_shown + 1}",
        connected=False,  # DataTables from the page itself, never from a CDN
        allow_html=False,
        showIndex=False,
        maxBytes=0,  # every row: no downsampling
        maxColumns=0,
        pageLength=page_length,
        lengthMenu=[*lengths, {"label": "全部", "value": -1}],
        layout={
            "topStart": None if small else "pageLength",
            "topEnd": "search",
            "bottomStart": "info",
            "bottomEnd": None if small else "paging",
        },
        language=TABLE_LANGUAGE,
        classes="display compact",
        style="table-layout:auto;width:auto;margin:0;caption-side:bottom",  # left, as other tables
        # text reads from the left (the notebook's own style puts every cell to the right)
        columnDefs=[{"targets": text_columns, "className": "dt-left"}] if text_columns else [],
        text_in_header_can_be_selected=False,  # a click on a column name sorts by it
        display_logo_when_loading=False,
    )
