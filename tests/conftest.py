"""Shared fixtures: tiny literal Chinese corpora, the bundled seed, and ../shared/data."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "raw" / "digital-shackles-essay-2021-10-21.txt"
SHARED_DATA = ROOT.parent / "shared" / "data"

#: A tiny corpus on the project's theme: three short documents, two topics.
TINY_TEXTS = [
    "基层治理的数字枷锁本质是形式主义，平台过多让基层干部更累。",
    "数字政府建设要推动数据共享，实现一网通办，让数据多跑路。",
    "智慧城市建设离不开数据共享，数据孤岛阻碍了数字政府。",
]


def pytest_configure(config):
    """Tests never write the project's .cache/ or the user's: each session has its own cache
    folder. A hook, not a fixture, so that the doctests under src/ use it too."""
    config._analysis_cache = (os.environ.get("ANALYSIS_CACHE_DIR"), tempfile.mkdtemp("-cache"))
    os.environ["ANALYSIS_CACHE_DIR"] = config._analysis_cache[1]


def pytest_unconfigure(config):
    old, private = config._analysis_cache
    shutil.rmtree(private, ignore_errors=True)
    if old is None:
        os.environ.pop("ANALYSIS_CACHE_DIR", None)
    else:
        os.environ["ANALYSIS_CACHE_DIR"] = old


#: Six segmented documents on two clear topics, for clustering and chart tests.
TWO_TOPICS = [
    ["数据", "共享", "平台"],
    ["数据", "共享", "开放"],
    ["数据", "开放", "平台"],
    ["形式主义", "基层", "减负"],
    ["形式主义", "减负", "干部"],
    ["基层", "减负", "干部"],
]


@pytest.fixture
def seed_path() -> Path:
    return SEED


@pytest.fixture
def tiny_texts() -> list[str]:
    return list(TINY_TEXTS)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data``: skipped where absent, required when ``CI=true``."""
    if SHARED_DATA.is_dir():
        return SHARED_DATA
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but {SHARED_DATA} is missing; CI must provide ../shared/data")
    pytest.skip(f"{SHARED_DATA} not found: tests on the shared corpora need ../shared/data")


@pytest.fixture(scope="session")
def segmenter():
    from analysis import Segmenter

    return Segmenter()


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.fixture(scope="session")
def built_reports(tmp_path_factory):
    """All notebooks run on the bundled corpus once per test session; the index.html path."""
    from analysis import report

    out = tmp_path_factory.mktemp("reports")
    return report.build_reports(SEED, out, progress=False)


def on_two_workers(monkeypatch, chunk: int) -> list[str]:
    """Make every corpus large enough for two worker processes, in chunks of ``chunk``
    characters; the list filled with the name of each function mapped on them."""
    from analysis import parallel

    monkeypatch.setattr(parallel, "PARALLEL_FROM", 100)
    monkeypatch.setattr(parallel, "CHUNK", chunk)
    monkeypatch.setattr(parallel, "n_workers", lambda n_jobs=None: 2)
    calls: list[str] = []
    process_map = parallel.process_map
    monkeypatch.setattr(
        parallel,
        "process_map",
        lambda f, *a, **k: calls.append(f.__name__) or process_map(f, *a, **k),
    )
    return calls


def used_fonts(page, selector: str) -> list[dict]:
    """The fonts Chromium drew a node's text with (DevTools ``CSS.getPlatformFontsForNode``),
    for the browser tests of reports and of JupyterLab."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    assert node, f"no {selector} on the page"
    return cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
