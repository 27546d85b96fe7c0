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
from conftest import SEED, used_fonts

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
    "05-trends": "时间趋势",
    "06-explore": "交互探索",
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
    assert all(images), f"{sum(not i for i in images)} image(s) did not load"
    assert images or page.locator("svg.analysis-map").count() == 1  # 06: the map is SVG
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
    # every page was built, but the time notebook: the corpus has no dates, the index says so
    assert len(pages) == 1 + 2 * (len(HEADINGS) - 1)
    assert "跳过：没有一篇文档有日期" in index.read_text(encoding="utf-8")
    for html_file in pages:
        page, problems = open_page(browser, html_file)
        assert problems["dialogs"] == [], f"{html_file.name}: a title ran as a script"
        assert page.locator("img[src='x']").count() == 0, html_file.name
        if html_file.stem.startswith("01-corpus"):
            body = page.inner_text("body")
            for title in TRICKY:
                assert title in body, title  # shown, as text
        page.close()


#: Text in a monospace font: printed output, and code (a comment or string with Chinese).
MONOSPACE = {"output": ".jp-OutputArea-output pre", "code": ".jp-InputArea pre span"}
#: Marks the first node of a selector whose own text holds Chinese; returns that text or null.
PROBE_OWN_TEXT = (
    "([selector, kind]) => { const e = [...document.querySelectorAll(selector)].find(e =>"
    " [...e.childNodes].some(n => n.nodeType === 3 && /[\\u4e00-\\u9fff]/.test(n.textContent)));"
    " if (!e) return null; e.setAttribute('data-probe-' + kind, '1');"
    " return [...e.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join(''); }"
)


def _is_cjk(ch: str) -> bool:
    return any(a <= ord(ch) <= b for a, b in report.CJK_RANGES)


def test_pages_carry_their_own_font(bare_browser, seed_reports, tmp_path):
    """With no system font, every page's Chinese is drawn with the font embedded in it: in the
    text, and in code and printed output (``<pre>``), whose Latin stays monospace."""
    from analysis.fonts import WEB_FONT_FAMILY

    pages = sorted(seed_reports.parent.glob("*.html"))
    assert len(pages) == 1 + 2 * len(HEADINGS)
    found_in = {kind: [] for kind in MONOSPACE}
    for html_file in pages:
        page, problems = open_page(bare_browser, html_file)
        loaded = page.evaluate(
            "async () => { await document.fonts.ready;"
            " return [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family); }"
        )
        # the page's characters in two faces: the CJK ones, and the rest
        assert [f.strip('"') for f in loaded] == [f"{WEB_FONT_FAMILY} CJK", WEB_FONT_FAMILY], (
            html_file.name
        )
        found = page.evaluate(  # mark a table cell, else a paragraph, with Chinese text
            "() => { const own = e => [...e.childNodes].some(n => n.nodeType === 3"
            " && /[\\u4e00-\\u9fff]/.test(n.textContent));"
            " const c = [...document.querySelectorAll('td')].find(own)"
            " || [...document.querySelectorAll('p, li')].find(own);"
            " if (c) c.setAttribute('data-probe', '1'); return Boolean(c); }"
        )
        assert found, f"{html_file.name}: no table cell or paragraph with Chinese"
        for selector in ("h1", "[data-probe]"):
            fonts = used_fonts(page, selector)
            assert fonts and all(f["isCustomFont"] for f in fonts), (html_file.name, fonts)
        for kind, selector in MONOSPACE.items():
            text = page.evaluate(PROBE_OWN_TEXT, [selector, kind])
            if text is None:
                continue
            found_in[kind].append(html_file.stem)
            fonts = used_fonts(page, f"[data-probe-{kind}]")
            cjk = sum(1 for ch in text if _is_cjk(ch))
            custom = sum(f["glyphCount"] for f in fonts if f["isCustomFont"])
            assert cjk and custom == cjk, (html_file.name, kind, text, fonts)
            assert all("Mono" in f["familyName"] for f in fonts if not f["isCustomFont"]), fonts
        if html_file.stem == "01-corpus.brief":
            page.screenshot(path=str(tmp_path / "bare-01-corpus.png"))
        assert problems["requests"] == []
        page.close()
    # 01, 02, 03 and 05 print Chinese (e.g. "k = 6，方法：kmeans", "全部读入：…"); every full
    # page has it in code
    assert set(found_in["output"]) == {
        "01-corpus",
        "01-corpus.brief",
        "02-keywords",
        "02-keywords.brief",
        "03-clusters",
        "03-clusters.brief",
        "05-trends",
        "05-trends.brief",
    }
    assert set(found_in["code"]) == set(HEADINGS)


def _offline_page(browser, path):
    """A page in a context that lets only local files, data: and blob: URLs through: a request
    to the network fails (and is listed)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    network: list[str] = []

    def route(r):
        if r.request.url.startswith(("file:", "data:", "blob:")):
            r.continue_()
        else:
            network.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "request",
        lambda r: not r.url.startswith(("file:", "data:", "blob:")) and network.append(r.url),
    )
    page.goto(path.as_uri(), wait_until="load")
    return page, network, errors


def _shown(table) -> list[str]:
    return table.locator("tbody tr").all_inner_texts()


@pytest.mark.parametrize(
    "page_name, column",
    [
        ("01-corpus.html", "title"),
        ("02-keywords.html", "关键词"),
        ("02-keywords.brief.html", "关键词"),
        ("03-clusters.html", "title"),
    ],
)
def test_document_tables_are_complete_searchable_and_sortable_offline(
    browser, seed_reports, tmp_path, page_name, column
):
    """The table of all documents works in the exported page with no network: every document,
    a search box that filters the rows, and column names that sort."""
    from analysis import load_corpus

    n_docs = len(load_corpus(SEED))
    page, network, errors = _offline_page(browser, seed_reports.parent / page_name)
    page.wait_for_selector("table.dataTable", timeout=20_000)
    table = page.locator("div.dt-container").first
    assert table.locator(".dt-info").inner_text() == f"第 1–{n_docs} 行，共 {n_docs} 行"
    assert len(_shown(table)) == n_docs <= 15  # the bundled corpus fits on one page
    search = table.locator("input[type=search]")
    assert search.count() == 1 and "搜索" in table.locator(".dt-search").inner_text()

    search.fill("数字")
    page.wait_for_timeout(300)
    rows = _shown(table)
    assert 0 < len(rows) < n_docs and all("数字" in row for row in rows), rows
    assert f"（从 {n_docs} 行中筛出）" in table.locator(".dt-info").inner_text()
    page.screenshot(path=str(tmp_path / f"{page_name}-search.png"))
    search.fill("不会出现的词语组合")
    page.wait_for_timeout(300)
    assert _shown(table) == ["没有匹配的行"]
    search.fill("")
    page.wait_for_timeout(300)
    assert len(_shown(table)) == n_docs

    headers = table.locator("thead th")
    names = headers.all_inner_texts()
    index = [h.strip() for h in names].index(column)
    header = headers.nth(index)
    cells = table.locator(f"tbody tr td:nth-child({index + 1})")
    before = cells.all_inner_texts()
    header.click()
    page.wait_for_timeout(300)
    assert header.get_attribute("aria-sort") == "ascending"
    ascending = cells.all_inner_texts()
    assert sorted(ascending) == sorted(before) and ascending != before
    header.click()
    page.wait_for_timeout(300)
    assert header.get_attribute("aria-sort") == "descending"
    assert cells.all_inner_texts() == ascending[::-1]

    assert network == [] and errors == []
    page.context.close()


def test_cells_with_markup_show_as_text_in_the_table(browser, tmp_path):
    """A title holding markup is a string in the interactive table: shown, never run."""
    from analysis import load_corpus

    docs = load_corpus(SEED)
    titles = [*XSS, "<b>x</b>", *docs["title"].tolist()[3:]]
    corpus = tmp_path / "markup.csv"
    pd.DataFrame({"title": titles, "text": docs["text"].tolist()}).to_csv(corpus, index=False)
    nb = report.notebook_paths()[0]  # 01-corpus: the table of documents
    index = report.build_reports(corpus, tmp_path / "reports", notebooks=[nb], progress=False)
    page, network, errors = _offline_page(browser, index.parent / "01-corpus.html")
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.wait_for_selector("table.dataTable", timeout=20_000)
    table = page.locator("div.dt-container").first
    body = table.inner_text()
    for title in titles[:3]:
        assert title in body, title  # as text
    assert table.locator("b, img[src='x'], tbody script").count() == 0
    assert dialogs == [] and network == [] and errors == []
    page.context.close()
