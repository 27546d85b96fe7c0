"""`make lab`'s JupyterLab: starts on 127.0.0.1, answers with the token, refuses without it."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from conftest import ROOT, used_fonts


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_makefile_lab_target_uses_loopback_and_notebooks():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    lab = makefile[makefile.index("\nlab:") :].split("\n\n")[0]
    assert "analysis lab" in lab and "--ip=127.0.0.1" in lab and "--notebook-dir notebooks" in lab


def test_jupyterlab_requires_the_token(tmp_path):
    port, token = _free_port(), "analysis-test-token"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--ip=127.0.0.1",
            f"--port={port}",
            "--no-browser",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={ROOT / 'notebooks'}",
            "--ServerApp.allow_root=True",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**__import__("os").environ, "JUPYTER_RUNTIME_DIR": str(tmp_path)},
    )
    url = f"http://127.0.0.1:{port}/api/status"
    try:
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"{url}?token={token}", timeout=2) as r:
                    status = json.load(r)
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not answer within 60 s")
        assert "started" in status
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url, timeout=5)
        assert refused.value.code == 403
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(f"{url}?token=wrong", timeout=5)
        kernels = urllib.request.urlopen(f"http://127.0.0.1:{port}/api/kernelspecs?token={token}")
        specs = json.load(kernels)["kernelspecs"]
        assert "python3" in specs
        assert specs["python3"]["spec"]["argv"][0].startswith(sys.prefix)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def _status(port: int, token: str, proc: subprocess.Popen) -> dict:
    url = f"http://127.0.0.1:{port}/api/status?token={token}"
    for _ in range(120):
        if proc.poll() is not None:
            pytest.fail(f"make lab exited with {proc.returncode}: {proc.stderr.read()[-500:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                return json.load(r)
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.5)
    pytest.fail("JupyterLab did not answer within 60 s")


def test_make_lab_starts_as_this_user(tmp_path):
    """`make lab` itself, as whoever runs the tests (root in CI: it must pass --allow-root)."""
    if not shutil.which("make"):
        pytest.skip("make is not installed")
    port, token = _free_port(), "analysis-make-lab-token"
    env = {**os.environ, "JUPYTER_TOKEN": token, "JUPYTER_RUNTIME_DIR": str(tmp_path)}
    proc = subprocess.Popen(
        ["make", "--no-print-directory", "lab", f"LAB_PORT={port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert "started" in _status(port, token, proc)
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status", timeout=5)
        assert refused.value.code == 403
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    assert "Running as root is not recommended" not in err, err


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _latin_only_fonts(tmp_path):
    """A fontconfig that sees only matplotlib's DejaVu fonts: no Chinese system font."""
    from pathlib import Path

    import matplotlib

    conf = tmp_path / "fonts.conf"
    latin = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    conf.write_text(
        f"<?xml version='1.0'?><fontconfig><dir>{latin}</dir>"
        f"<cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    return {**os.environ, "FONTCONFIG_FILE": str(conf)}


def _cjk_drawn_with_the_bundled_font(page, selector):
    """Every CJK character of the node's own text is drawn with the bundled (web) font."""
    fonts = used_fonts(page, selector)
    own = page.evaluate(
        "s => [...document.querySelector(s).childNodes].filter(n => n.nodeType === 3)"
        ".map(n => n.textContent).join('')",
        selector,
    )
    cjk = sum(1 for ch in own if "\u2e80" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef")
    custom = sum(f["glyphCount"] for f in fonts if f["isCustomFont"])
    assert cjk and custom == cjk, (selector, own, fonts)


def test_explorers_in_jupyterlab_on_the_city_reports(shared_data, tmp_path):
    """Issue 15: the real JupyterLab, started as `make lab` starts it (`analysis lab`), on a
    machine with no CJK font: run 06-explore on the 143 city reports, then type a term, move
    the k slider and pick a document; each answer within 2 s, Chinese drawn as glyphs."""
    if not CHROMIUM:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but Chromium is missing: .ci/run installs Debian's chromium")
        pytest.skip("Chromium not found (apt-get install chromium)")
    import nbformat
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook
    from playwright.sync_api import sync_playwright

    corpus = shared_data / "city_gov_work_reports_2024" / "txt"
    work = tmp_path / "notebooks"
    work.mkdir()
    nb = load_notebook_node(str(ROOT / "notebooks" / "06-explore.ipynb"))
    nbformat.write(
        parameterize_notebook(nb, {"corpus_path": str(corpus)}), work / "06-explore.ipynb"
    )
    port, token = _free_port(), "analysis-explore-token"
    env = {**os.environ, "JUPYTER_TOKEN": token, "JUPYTER_RUNTIME_DIR": str(tmp_path / "rt")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "analysis", "lab", f"--port={port}", "--notebook-dir", str(work)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    timings = {}
    try:
        _status(port, token, proc)
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM,
                args=["--headless", "--no-sandbox"],
                env=_latin_only_fonts(tmp_path),
            )
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"http://127.0.0.1:{port}/lab/tree/06-explore.ipynb?token={token}")
            page.locator(".jp-StatusBar-TextItem", has_text="Idle").first.wait_for(timeout=90_000)
            page.click("text=Run", timeout=10_000)
            page.click("text=Run All Cells", timeout=10_000)
            page.wait_for_selector(".analysis-cluster-view svg", state="attached", timeout=240_000)
            text = lambda sel: page.evaluate("s => document.querySelector(s).textContent", sel)  # noqa: E731

            view = page.locator(".analysis-term-view")
            view.scroll_into_view_if_needed()
            box = page.locator(".analysis-term-box input")
            box.fill("数据共享")
            start = time.perf_counter()
            box.press("Enter")
            view.locator("text=“数据共享”：共").wait_for(timeout=10_000)
            timings["term"] = time.perf_counter() - start
            assert "数据共享" in text(".analysis-term-view table")
            page.screenshot(path=str(tmp_path / "term.png"))
            _cjk_drawn_with_the_bundled_font(page, ".analysis-term-view td")

            page.locator(".analysis-cluster-view").scroll_into_view_if_needed()
            before = (text(".analysis-cluster-view h4"), text(".analysis-cluster-view table"))
            handle = page.locator(".analysis-k-slider .noUi-handle")
            handle.focus()
            start = time.perf_counter()
            handle.press("ArrowRight")
            page.wait_for_function(
                "b => document.querySelector('.analysis-cluster-view h4').textContent !== b",
                arg=before[0],
                timeout=10_000,
            )
            timings["k"] = time.perf_counter() - start
            assert text(".analysis-cluster-view table") != before[1]  # the names changed too
            page.screenshot(path=str(tmp_path / "cluster.png"))

            document = page.locator(".analysis-document-view")
            document.scroll_into_view_if_needed()
            start = time.perf_counter()
            page.locator(".analysis-doc-select select").select_option(label="北京")
            document.locator("h4", has_text="北京").wait_for(timeout=10_000)
            timings["document"] = time.perf_counter() - start
            assert "关键词与原文" in text(".analysis-document-view")
            page.screenshot(path=str(tmp_path / "document.png"))

            page.locator(".jp-RenderedMarkdown h1").first.scroll_into_view_if_needed()
            _cjk_drawn_with_the_bundled_font(page, ".jp-RenderedMarkdown h1")
            browser.close()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
        proc.communicate(timeout=30)
    assert all(seconds < 2 for seconds in timings.values()), timings


def test_lab_environment_writes_only_its_own_folder(tmp_path, monkeypatch):
    from analysis.report import lab_environment

    user = tmp_path / "user-config"
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(user))
    monkeypatch.delenv("JUPYTERLAB_SETTINGS_DIR", raising=False)
    env = lab_environment(tmp_path / "lab")
    css = (tmp_path / "lab" / "custom" / "custom.css").read_text(encoding="utf-8")
    assert "unicode-range" in css and 'url("analysis-NotoSansSC-Regular.otf")' in css
    assert (tmp_path / "lab" / "custom" / "analysis-NotoSansSC-Regular.otf").stat().st_size > 1e6
    assert env["JUPYTER_CONFIG_DIR"] == str(tmp_path / "lab")
    assert env["JUPYTER_CONFIG_PATH"].split(os.pathsep)[0] == str(user)  # still read
    assert env["JUPYTERLAB_SETTINGS_DIR"] == str(user / "lab" / "user-settings")
    assert not user.exists()  # nothing of the user's was written


def test_lab_passes_jupyterlab_options_on(monkeypatch, tmp_path):
    """Options for JupyterLab itself go on as they are, with or without a '--' before them;
    an unknown option of any other command is still an error."""
    from analysis import cli, report

    seen = []
    monkeypatch.setattr(report, "run_lab", lambda root, **kw: seen.append(kw["lab_args"]) or 0)
    token = "--IdentityProvider.token=abc"
    assert cli.main(["lab", "--port", "8899", "--notebook-dir", str(tmp_path), token]) == 0
    assert cli.main(["lab", "--notebook-dir", str(tmp_path), "--", token, "--no-mathjax"]) == 0
    assert seen == [[token], [token, "--no-mathjax"]]
    with pytest.raises(SystemExit):
        cli.main(["keywords", "essay", "--out", str(tmp_path / "k.csv"), token])
