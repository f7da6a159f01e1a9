"""The pages in a real browser: headless Chromium (Debian's ``chromium`` and ``chromium-driver``,
installed by ``.ci/run``) driven by Selenium against the app served by uvicorn on 127.0.0.1.

Each page type is opened on the demo store and its screenshot saved under a temporary folder (the
path is printed); links are followed, the search form is filled and paged through, a merge is made
and undone, charts are checked to be drawn, and no page logs a console error (a script or style the
Content-Security-Policy blocked would). Hostile pages are ingested through the pipeline and shown:
no script runs, and the layout holds (no page wider than the window, the navigation visible).

Skipped, saying why, when Chromium or its driver is not installed. Nothing is downloaded.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import uvicorn

from saidwhat.core.options import Options
from saidwhat.pipeline import extract_bytes
from saidwhat.store import Store
from saidwhat.web import bind, create_app
from saidwhat.web import server as web_server

from .conftest import LONG_WORD, hostile_article

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (the test extra)")
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By

pytestmark = pytest.mark.slow

_CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
_DRIVER = shutil.which("chromedriver")
if not (_CHROMIUM and _DRIVER):
    pytest.skip(
        "no headless Chromium here (apt-get install chromium chromium-driver; .ci/run does)",
        allow_module_level=True,
    )

PWNED = "window.__pwned"
HOSTILE_HTML = f"""<!DOCTYPE html><html><head>
<title>&lt;script&gt;{PWNED}=1&lt;/script&gt; Council "plan" &lt;img src=x onerror={PWNED}=2&gt;</title>
<meta name="author" content="&lt;svg onload={PWNED}=3&gt;Eve">
<meta property="og:url" content="javascript:{PWNED}=4">
<meta property="og:site_name" content="&lt;/style&gt;&lt;style&gt;*{{display:none}}&lt;/style&gt;">
</head><body><article>
<h1>&lt;script&gt;{PWNED}=1&lt;/script&gt; Council "plan" &lt;img src=x onerror={PWNED}=2&gt;</h1>
<p>"We will &lt;img src=x onerror={PWNED}=5&gt; win the vote on the harbour plan," said Mayor Jane &lt;b onmouseover={PWNED}=6&gt;Doe on Monday.</p>
<p>"The council \u202ewill review\u202c the &lt;a href=javascript:{PWNED}=7&gt;plan&lt;/a&gt; next week," councillor Amir Khan said.</p>
<p>The report runs to {"Z" * 10_000} pages, &lt;style&gt;body{{display:none}}&lt;/style&gt; officials said.</p>
</article></body></html>"""


@pytest.fixture(scope="module")
def site(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The web app (edits allowed) over a copy of the demo store with hostile pages added, on 127.0.0.1."""
    db = tmp_path_factory.mktemp("browser") / "store.db"
    shutil.copy(demo_db, db)
    with Store.open(db) as store:
        store.add(hostile_article())
        store.add(extract_bytes(HOSTILE_HTML.encode(), "hostile.html", Options()))
    app = create_app(str(db), allow_edits=True, editor="browser-test")
    sock = bind("127.0.0.1", 0)
    running = uvicorn.Server(web_server.config(app, quiet=True))
    thread = threading.Thread(target=running.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(500):
        if running.started:
            break
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        running.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from selenium.webdriver.chrome.options import Options as ChromeOptions
    from selenium.webdriver.chrome.service import Service

    options = ChromeOptions()
    options.binary_location = str(_CHROMIUM)
    profile = tmp_path_factory.mktemp("chromium-profile")
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1280,900", f"--user-data-dir={profile}"):  # fmt: skip
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(_DRIVER)))
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("screenshots")
    print(f"\nscreenshots of each page type: {folder}")
    return folder


def _open(browser: Any, url: str) -> None:
    browser.get_log("browser")  # forget what earlier pages logged
    browser.get(url)


def _go(browser: Any, element: Any) -> None:
    """Click a link or button that loads another page, and wait for that page."""
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    old = browser.find_element(By.TAG_NAME, "html")
    element.click()
    WebDriverWait(browser, 30).until(expected_conditions.staleness_of(old))


def _console_errors(browser: Any) -> list[str]:
    return [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def _no_script_ran(browser: Any) -> None:
    assert browser.execute_script(f"return typeof {PWNED}") == "undefined"
    try:
        alert = browser.switch_to.alert  # raises when no alert is open
    except NoAlertPresentException:
        return
    raise AssertionError(f"an alert is open ({alert.text!r}): a script of the page ran")


def _layout_holds(browser: Any) -> None:
    width = browser.execute_script("return document.documentElement.scrollWidth")
    window = browser.execute_script("return window.innerWidth")
    assert width <= window + 1, f"the page is {width}px wide in a {window}px window"
    nav = browser.find_element(By.CSS_SELECTOR, "header nav")
    assert nav.is_displayed() and nav.rect["height"] > 0


def test_each_page_type_renders_without_console_errors(browser: Any, site: str, shots: Path) -> None:
    pages = {
        "search": "/",
        "search-filtered": "/?q=minister&kind=direct&kind=mixed&min_confidence=0",
        "articles": "/articles",
        "article": "/article/1",
        "speakers": "/speakers",
        "speaker": "/speaker/an",
        "charts": "/charts?min_confidence=0",
        "compare-form": "/compare",
        "compare": "/compare?a=1&b=2",
        "corrections": "/edits",
        "api": "/api/docs",
        "not-found": "/no/such/page",
    }
    for name, path in pages.items():
        _open(browser, site + path)
        assert browser.find_element(By.TAG_NAME, "h1").text.strip(), name
        browser.save_screenshot(str(shots / f"{name}.png"))
        errors = [e for e in _console_errors(browser) if not (name == "not-found" and "404" in e)]
        assert not errors, (name, errors)
        _no_script_ran(browser)
        _layout_holds(browser)
    assert len(list(shots.glob("*.png"))) == len(pages)


def test_follow_links_from_search_to_article_to_speaker_to_compare(browser: Any, site: str) -> None:
    _open(browser, site + "/?min_confidence=0&per_page=20")
    first = browser.find_element(By.CSS_SELECTOR, "table.results td.said a.title")
    _go(browser, first)
    assert "/article/" in browser.current_url
    assert browser.find_elements(By.CSS_SELECTOR, "article.text span.hl")
    speaker = browser.find_element(By.CSS_SELECTOR, "aside a.who")
    name = speaker.text
    _go(browser, speaker)
    assert "/speaker/" in browser.current_url and browser.find_element(By.TAG_NAME, "h1").text == name
    _open(browser, site + "/articles")
    search = browser.find_element(By.CSS_SELECTOR, "form.filters input[name=q]")
    search.send_keys("Rhône talks Geneva")
    _go(browser, browser.find_element(By.CSS_SELECTOR, "form.filters button"))
    rhone = browser.find_elements(By.CSS_SELECTOR, "table.results a.title")
    assert rhone, "the demo corpus has two accounts of the Rhône talks"
    _go(browser, rhone[0])
    compare = browser.find_elements(By.CSS_SELECTOR, "ul.related a.button")
    assert compare, "the article lists the other account of its story"
    _go(browser, compare[0])
    assert "/compare?" in browser.current_url
    assert browser.find_element(By.TAG_NAME, "h1").text == "Two accounts"
    assert not _console_errors(browser)


def test_search_form_filters_and_pages(browser: Any, site: str) -> None:
    _open(browser, site + "/")
    form = browser.find_element(By.CSS_SELECTOR, "form.filters")
    form.find_element(By.CSS_SELECTOR, "select[name=min_confidence] option[value='0']").click()
    form.find_element(By.CSS_SELECTOR, "select[name=per_page] option[value='20']").click()
    form.find_element(By.CSS_SELECTOR, "input[name=kind][value=indirect]").click()
    _go(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    url = browser.current_url
    assert "kind=indirect" in url and "min_confidence=0" in url and "per_page=20" in url
    kinds = {k.text.lower() for k in browser.find_elements(By.CSS_SELECTOR, "table.results span.kind")}
    assert kinds == {"indirect"}
    heading = browser.find_element(By.ID, "count").text
    assert heading.startswith("Statements 1–20 of ")
    first_page = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "td.said a.title")]
    _go(browser, browser.find_element(By.CSS_SELECTOR, "nav.pager a[rel=next]"))
    assert "page=2" in browser.current_url
    assert browser.find_element(By.ID, "count").text.startswith("Statements 21–")
    second_page = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "td.said a.title")]
    assert second_page and not set(first_page) & set(second_page)
    _go(browser, browser.find_element(By.CSS_SELECTOR, "th a.sort"))  # sort by date
    assert "sort=date" in browser.current_url and "&page=" not in browser.current_url
    assert not _console_errors(browser)


def test_merge_and_undo_in_the_browser(browser: Any, site: str) -> None:
    _open(browser, site + "/speakers?min_confidence=0")
    links = browser.find_elements(By.CSS_SELECTOR, "table.results a.who")
    source_url, target_name = links[1].get_attribute("href"), links[0].text
    browser.get(source_url)
    source_name = browser.find_element(By.TAG_NAME, "h1").text
    merge = browser.find_element(By.CSS_SELECTOR, "form[action='/edit/merge']")
    merge.find_element(By.NAME, "target").send_keys(target_name)
    _go(browser, merge.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert "The two speakers are one now." in browser.find_element(By.CSS_SELECTOR, "p.done").text
    assert browser.find_element(By.TAG_NAME, "h1").text == target_name
    _go(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/edit/undo'] button"))
    assert "The merge is undone" in browser.find_element(By.CSS_SELECTOR, "p.done").text
    assert browser.find_element(By.TAG_NAME, "h1").text == source_name
    _open(browser, site + "/edits")
    rows = browser.find_element(By.CSS_SELECTOR, "table.results").text
    assert "undone by browser-test" in rows and "unmerge" in rows
    assert not _console_errors(browser)


def test_charts_are_drawn(browser: Any, site: str) -> None:
    _open(browser, site + "/charts?min_confidence=0")
    figures = browser.find_elements(By.CSS_SELECTOR, "figure.chart svg[role=img]")
    assert len(figures) == 4
    for svg in figures:
        assert svg.rect["width"] > 100 and svg.rect["height"] > 20
        assert svg.find_elements(By.CSS_SELECTOR, "rect.bar")
    legend = browser.find_elements(By.CSS_SELECTOR, "ul.legend li")
    assert legend and all(li.text for li in legend)
    assert not _console_errors(browser)


def test_hostile_pages_run_no_script_and_keep_their_layout(browser: Any, site: str, shots: Path) -> None:
    _open(browser, site + "/articles?q=" + quote("harbour plan council"))
    for path in ("/?min_confidence=0&per_page=200", "/?q=plan&min_confidence=0", "/speakers?min_confidence=0",
                 "/charts?min_confidence=0", "/articles"):  # fmt: skip
        _open(browser, site + path)
        _no_script_ran(browser)
        _layout_holds(browser)
        assert not _console_errors(browser), path
    _open(browser, site + "/articles?per_page=200")
    hostile = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "a.title")
               if "script" in a.text or "Mayor" in a.text]  # fmt: skip
    assert len(hostile) == 2, "both hostile pages are listed, their titles shown as text"
    for number, href in enumerate(hostile):
        _open(browser, href)
        browser.save_screenshot(str(shots / f"hostile-{number}.png"))
        _no_script_ran(browser)
        _layout_holds(browser)
        assert not _console_errors(browser)
        body = browser.find_element(By.TAG_NAME, "body").text
        assert "<script>" in body or "<img" in body  # shown as text
        for link in browser.find_elements(By.TAG_NAME, "a"):
            assert not (link.get_attribute("href") or "").lower().startswith("javascript:")
    assert LONG_WORD[:50] in browser.page_source or "Z" * 50 in browser.page_source
