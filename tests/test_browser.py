"""Generated reports in a real browser: Debian's headless Chromium driven by Playwright.

Skipped (with a message) where Chromium is missing; with ``CI=true`` they must run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from analysis import report
from conftest import SEED

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
XSS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"]
HEADINGS = {
    "01-corpus": "语料概览",
    "02-keywords": "关键词",
    "03-clusters": "聚类",
    "04-wordclouds": "词云",
}


@pytest.fixture(scope="module")
def playwright():
    if not CHROMIUM:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but Chromium is missing: .ci/run installs Debian's chromium")
        pytest.skip("Chromium not found (apt-get install chromium): browser tests skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(playwright):
    b = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
    yield b
    b.close()


@pytest.fixture(scope="module")
def bare_browser(playwright, tmp_path_factory):
    """Chromium that sees no system font with Chinese: fontconfig is pointed at matplotlib's own
    DejaVu/STIX fonts only (with no font at all, Chromium fails to load any web font)."""
    import matplotlib

    latin_only = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    root = tmp_path_factory.mktemp("nofonts")
    conf = root / "fonts.conf"
    conf.write_text(
        f"<?xml version='1.0'?><fontconfig><dir>{latin_only}</dir>"
        f"<cachedir>{root / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    if shutil.which("fc-list"):
        listed = subprocess.run(
            ["fc-list", ":lang=zh"], env=env, capture_output=True, text=True, check=True
        )
        assert listed.stdout.strip() == "", "fontconfig still sees Chinese fonts"
    b = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, env=env)
    yield b
    b.close()


def open_page(browser, path):
    page = browser.new_page()
    problems = {"console": [], "dialogs": [], "requests": []}
    page.on("console", lambda m: m.type == "error" and problems["console"].append(m.text))
    page.on("pageerror", lambda e: problems["console"].append(str(e)))
    page.on("dialog", lambda d: (problems["dialogs"].append(d.message), d.dismiss()))
    page.on("request", lambda r: r.url.startswith("http") and problems["requests"].append(r.url))
    page.goto(path.as_uri(), wait_until="load")
    return page, problems


@pytest.fixture(scope="module")
def seed_reports(built_reports):
    return built_reports


@pytest.mark.parametrize("stem", list(HEADINGS))
@pytest.mark.parametrize("brief", [False, True], ids=["full", "brief"])
def test_report_pages_render(browser, seed_reports, stem, brief):
    path = seed_reports.parent / (f"{stem}.brief.html" if brief else f"{stem}.html")
    page, problems = open_page(browser, path)
    images = page.eval_on_selector_all(
        "img", "imgs => imgs.map(i => i.complete && i.naturalWidth > 0)"
    )
    assert images and all(images), f"{sum(not i for i in images)} image(s) did not load"
    headings = " ".join(page.locator("h1, h2").all_inner_texts())
    assert HEADINGS[stem] in headings
    assert page.locator(".jp-OutputArea-output pre:has-text('Traceback')").count() == 0
    assert problems == {"console": [], "dialogs": [], "requests": []}
    page.close()


def test_index_links_every_report(browser, seed_reports):
    page, problems = open_page(browser, seed_reports)
    hrefs = page.eval_on_selector_all("a", "links => links.map(a => a.getAttribute('href'))")
    assert {f"{s}.html" for s in HEADINGS} <= set(hrefs)
    assert not problems["console"]


def test_keyword_links_jump_to_their_evidence(browser, seed_reports):
    page, _ = open_page(browser, seed_reports.parent / "02-keywords.html")
    link = page.locator(".analysis-kwic a").first
    target = link.get_attribute("href")
    assert page.locator(target).count() == 1
    assert link.inner_text() in page.locator(target).inner_text()


#: Titles that once broke a report or ran as something (issue 10): two dollar signs were drawn
#: as math, ``$$\\alert$$`` stopped matplotlib with a ParseException, markup could run.
TRICKY = [
    *XSS,
    "营收从$5亿增至$10亿",
    "$$\\alert$$ 与 $x^2$",
    '=HYPERLINK("http://example.com","点我")',
    "@SUM(1+1) 与 -2+3",
]


def test_corpus_text_is_data_never_markup(browser, tmp_path):
    """Titles with markup, dollar signs and formulas show as text and run nothing."""
    from analysis import load_corpus

    docs = load_corpus(SEED)
    n = len(TRICKY)
    table = pd.DataFrame(
        {"title": TRICKY + docs["title"].tolist()[n:], "text": docs["text"].tolist()}
    )
    corpus = tmp_path / "tricky.csv"
    table.to_csv(corpus, index=False)
    out = tmp_path / "reports"
    index = report.build_reports(corpus, out, progress=False)
    pages = sorted(index.parent.glob("*.html"))
    assert len(pages) == 1 + 2 * len(HEADINGS)  # every page was built
    for html_file in pages:
        page, problems = open_page(browser, html_file)
        assert problems["dialogs"] == [], f"{html_file.name}: a title ran as a script"
        assert page.locator("img[src='x']").count() == 0, html_file.name
        if html_file.stem.startswith("01-corpus"):
            body = page.inner_text("body")
            for title in TRICKY:
                assert title in body, title  # shown, as text
        page.close()


def _used_fonts(page, selector: str) -> list[dict]:
    """The fonts Chromium drew a node's text with (DevTools ``CSS.getPlatformFontsForNode``)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    assert node, f"no {selector} on the page"
    return cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]


def test_pages_carry_their_own_font(bare_browser, seed_reports, tmp_path):
    """With no system font, every page's Chinese is drawn with the font embedded in it."""
    from analysis.fonts import WEB_FONT_FAMILY

    pages = sorted(seed_reports.parent.glob("*.html"))
    assert len(pages) == 1 + 2 * len(HEADINGS)
    for html_file in pages:
        page, problems = open_page(bare_browser, html_file)
        loaded = page.evaluate(
            "async () => { await document.fonts.ready;"
            " return [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family); }"
        )
        assert [f.strip('"') for f in loaded] == [WEB_FONT_FAMILY], html_file.name
        found = page.evaluate(  # mark a table cell, else a paragraph, with Chinese text
            "() => { const own = e => [...e.childNodes].some(n => n.nodeType === 3"
            " && /[\\u4e00-\\u9fff]/.test(n.textContent));"
            " const c = [...document.querySelectorAll('td')].find(own)"
            " || [...document.querySelectorAll('p, li')].find(own);"
            " if (c) c.setAttribute('data-probe', '1'); return Boolean(c); }"
        )
        assert found, f"{html_file.name}: no table cell or paragraph with Chinese"
        for selector in ("h1", "[data-probe]"):
            fonts = _used_fonts(page, selector)
            assert fonts and all(f["isCustomFont"] for f in fonts), (html_file.name, fonts)
        if html_file.stem == "01-corpus.brief":
            page.screenshot(path=str(tmp_path / "bare-01-corpus.png"))
        assert problems["requests"] == []
        page.close()
