"""A checker of built HTML sites in a real browser, shared by the site tests.

``test_site.py`` runs it on the book's ``_build/html``; ``test_checker.py`` runs it on
small fixture pages, each broken in one way, to show that every check can fail.

The site is served by ``http.server`` on a free port of 127.0.0.1 in a thread, and
Debian's Chromium is driven by Playwright. Every request to another host is
recorded and aborted before it leaves the browser, and Chromium is started with
background networking off and a host resolver that resolves nothing but
127.0.0.1, so no page, fixture or browser service reaches the network.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import threading
import time
import types
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--dns-prefetch-disable",
    # A second fence behind the request interception below.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
# Playwright launches with a fresh temporary --user-data-dir of its own.
PAGE_TIMEOUT_MS = 20_000

# Runs in the page after "load": waits for MathJax, then reports what the
# Python side cannot see from outside the DOM.
PAGE_PROBE = """
async () => {
  const out = {math: [], rawTex: [], images: [], links: [], ids: []};
  // Nothing below may wait for ever: a promise that never settles becomes a
  // reported problem after 10 s instead of a run that never ends.
  const late = (promise, what) => {
    let timer;
    const limit = new Promise(r => { timer = setTimeout(() => {
      out.math.push(what + ' still pending after 10 s'); r(null); }, 10000); });
    return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
  };
  const maths = [...document.querySelectorAll('.math')];
  // Wait for MathJax only where a page loads it (else nothing will typeset).
  // Deferred and async scripts run before "load", so MathJax.startup exists by
  // now if its script loaded at all; the short wait is only a margin.
  const loader = document.querySelector('script[src*="mathjax" i]');
  if (maths.length && loader) {
    const t0 = Date.now();
    while (!(window.MathJax && MathJax.startup && MathJax.startup.promise)
           && Date.now() - t0 < 2000) {
      await new Promise(r => setTimeout(r, 50));
    }
    if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
      await late(MathJax.startup.promise, 'typesetting');
    }
  }
  for (const el of maths) {
    const tex = el.textContent.trim().slice(0, 60);
    if (!el.querySelector('mjx-container')) {
      out.math.push('not typeset: ' + tex);
      continue;
    }
    // A display equation wider than the page column is cut off (or scrolls
    // with no sign that it does): at the default 1280 px window, none may be.
    const shown = el.querySelector('mjx-container[display="true"]');
    if (shown && shown.scrollWidth > shown.clientWidth + 1) {
      out.math.push('wider than its column: ' + tex);
    }
    const error = el.querySelector('mjx-merror');
    if (error) {
      out.math.push('MathJax error: '
        + (error.getAttribute('data-mjx-error') || error.textContent));
    }
    // MathJax's noundefined package shows an unknown macro as red text.
    for (const t of el.querySelectorAll('mjx-assistive-mml mtext[mathcolor="red"]')) {
      if (t.textContent.startsWith('\\\\')) {
        out.math.push('undefined macro: ' + t.textContent);
      }
    }
  }
  // TeX delimiters left in ordinary text mean math that was never marked up.
  const skip = 'pre, code, script, style, textarea, .math, mjx-container';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.parentElement.closest(skip)) continue;
    const m = n.textContent.match(/\\\\\\(|\\\\\\[|\\$\\$|\\\\begin\\{/);
    if (m) out.rawTex.push(n.textContent.trim().slice(0, 60));
  }
  for (const img of document.images) img.loading = 'eager';
  await late(Promise.all([...document.images].map(
    i => i.decode().catch(() => null))), 'image decoding');
  for (const img of document.images) {
    const info = {
      src: img.currentSrc || img.src,
      alt: img.getAttribute('alt'),
      loaded: img.complete && img.naturalWidth > 0,
      content: !!img.closest('.bd-article, article, main'),
    };
    out.images.push(info);
  }
  out.links = [...document.querySelectorAll('a[href]')].map(a => a.href);
  // Connection hints open sockets without a request the interception sees.
  out.hints = [...document.querySelectorAll(
    'link[rel~="preconnect" i], link[rel~="dns-prefetch" i]')].map(l => l.href);
  out.ids = [...document.querySelectorAll('[id], a[name]')]
    .map(e => e.id || e.getAttribute('name'));
  out.theme = document.documentElement.dataset.theme || null;
  return out;
}
"""


@dataclass
class SiteReport:
    """What one crawl saw: pages, requests, and every problem found, by page."""

    pages: list[str] = field(default_factory=list)
    requests: int = 0
    foreign_requests: list[str] = field(default_factory=list)
    internal_links: int = 0
    external_links: int = 0
    images: int = 0
    equations: int = 0
    problems: dict[str, list[str]] = field(default_factory=dict)
    seconds: float = 0.0

    def add(self, page: str, problem: str) -> None:
        """Record one problem on one page."""
        self.problems.setdefault(page, []).append(problem)

    def summary(self) -> str:
        """One line of figures for the test log."""
        return (
            f"{len(self.pages)} pages, {self.requests} requests "
            f"({len(self.foreign_requests)} to other hosts), "
            f"{self.internal_links} internal links checked, "
            f"{self.external_links} external links not followed, "
            f"{self.images} images, {self.equations} equations, "
            f"{sum(map(len, self.problems.values()))} problems, "
            f"{self.seconds:.1f} s"
        )


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # noqa: D102 - silence the access log
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A page that navigates away closes its connections early; the
        # browser's side of the story is what the checks look at.
        pass


@contextlib.contextmanager
def serve(root: Path):
    """Serve ``root`` on a free port of 127.0.0.1; yield the base URL."""
    handler = functools.partial(_Quiet, directory=str(root))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for key, value in attrs:
            if value and (key == "id" or (tag == "a" and key == "name")):
                self.ids.add(value)


@functools.lru_cache(maxsize=None)
def _ids_in(path: Path) -> frozenset[str]:
    parser = _Ids()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    return frozenset(parser.ids)


def site_pages(root: Path) -> list[str]:
    """Every HTML page of a built site, as paths relative to its root.

    Theme templates copied into ``_static/`` are not pages.
    """
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*.html")
        if not p.relative_to(root).parts[0].startswith("_")
    )


def _target_file(root: Path, base: str, url: str) -> Path:
    """The file that an internal URL (one starting with ``base``) points to."""
    parts = urlsplit(url)
    rel = unquote(urlunsplit(parts._replace(query="", fragment=""))[len(base) :])
    target = root / rel
    if not rel or rel.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def _opaque_corners(path: Path) -> bool:
    """Whether a raster figure has an opaque background (its four corners).

    The theme shows figures on the page's own background; a transparent one is
    dark ink on a dark page in the dark theme. Vector images are not checked.
    """
    if path.suffix.lower() == ".svg":
        return True
    from PIL import Image

    with Image.open(path) as image:
        rgba = image.convert("RGBA")
        w, h = rgba.size
        corners = [(0, 0), (w - 1, 0), (0, h - 1), (w - 1, h - 1)]
        return all(rgba.getpixel(xy)[3] == 255 for xy in corners)


_REFRESH = re.compile(
    r'<meta\s+http-equiv="refresh"\s+content="\d+;\s*url=([^"]+)"', re.IGNORECASE
)


def _meta_refresh(path: Path) -> str | None:
    match = _REFRESH.search(path.read_text(encoding="utf-8", errors="replace"))
    return match.group(1) if match else None


def _looks_like_file_name(alt: str, src: str) -> bool:
    name = Path(urlsplit(src).path).name
    return alt == name or alt.endswith(name) or alt.lower().endswith(
        (".png", ".jpg", ".jpeg", ".svg", ".gif")
    )


def _check_page(
    page, report: SiteReport, root: Path, base: str, rel: str, color_scheme: str
) -> None:
    console: list[str] = []
    page.on(
        "console",
        lambda m: console.append(m.text) if m.type == "error" else None,
    )
    page.on("pageerror", lambda e: console.append(f"uncaught: {e}"))
    missing: list[str] = []
    page.on(
        "response",
        lambda r: missing.append(f"HTTP {r.status} for {r.url}")
        if r.status >= 400
        else None,
    )
    redirect = _meta_refresh(root / rel)
    page.goto(base + rel, wait_until="load", timeout=PAGE_TIMEOUT_MS)
    if redirect is not None:
        # A redirect page (the site's index.html): its target must exist, and the
        # browser must arrive there; the target is then probed like any page.
        target = urljoin(base + rel, redirect)
        if not target.startswith(base) or not _target_file(
            root, base, target
        ).is_file():
            report.add(rel, f"redirect to a missing page: {redirect}")
            return
        page.wait_for_url(target, timeout=PAGE_TIMEOUT_MS)
        page.wait_for_load_state("load")
    probe = page.evaluate(PAGE_PROBE)
    page.wait_for_timeout(100)  # late console messages from deferred scripts

    if probe["theme"] not in (None, color_scheme):
        report.add(
            rel, f"theme is {probe['theme']!r}, not the reader's {color_scheme!r}"
        )
    for message in console:
        report.add(rel, f"console error: {message}")
    for message in missing:
        report.add(rel, f"missing resource: {message}")
    for message in probe["math"]:
        report.add(rel, f"equation {message}")
    for text in probe["rawTex"]:
        report.add(rel, f"TeX delimiters in plain text: {text!r}")
    report.equations += len(page.query_selector_all(".math"))

    for img in probe["images"]:
        report.images += 1
        src = img["src"]
        if not img["loaded"]:
            report.add(rel, f"image did not load: {src}")
        alt = (img["alt"] or "").strip()
        if not alt or _looks_like_file_name(alt, src):
            report.add(rel, f"image without alt text: {src} (alt={img['alt']!r})")
        if img["loaded"] and img["content"] and src.startswith(base):
            if not _opaque_corners(_target_file(root, base, src)):
                report.add(
                    rel,
                    f"image background not opaque (unreadable in dark mode): {src}",
                )

    for hint in probe["hints"]:
        if not hint.startswith(base):
            report.add(rel, f"request to another host: {hint} (connection hint)")

    page_ids = set(probe["ids"])
    for href in probe["links"]:
        parts = urlsplit(href)
        if not href.startswith(base):
            if parts.scheme in ("http", "https", "file"):
                report.external_links += 1
            continue  # mailto:, javascript: and the like
        report.internal_links += 1
        target = _target_file(root, base, href)
        if not target.is_file():
            report.add(rel, f"broken link: {href} (no file {target.relative_to(root)})")
            continue
        if not parts.fragment or parts.fragment == "top":
            continue
        fragment = unquote(parts.fragment)
        if target == root / rel:
            ids = page_ids | _ids_in(target)
        elif target.suffix == ".html":
            ids = _ids_in(target)
        else:
            ids = frozenset()
        if fragment not in ids:
            report.add(rel, f"broken anchor: {href} (no id {fragment!r})")


def crawl(
    browser,
    root: Path,
    pages: list[str] | None = None,
    *,
    color_scheme: str = "light",
    from_disk: bool = False,
) -> SiteReport:
    """Serve ``root``, open every page in Chromium and report what is wrong.

    Parameters
    ----------
    browser : playwright.sync_api.Browser
        A launched Chromium.
    root : Path
        The folder of the built site.
    pages : list of str, optional
        Pages to open, relative to ``root``; default every page (`site_pages`).
    color_scheme : {"light", "dark"}
        What the browser tells the page the reader prefers.
    from_disk : bool
        Open the pages as ``file://`` URLs instead of serving them; then every
        URL outside ``root`` counts as another host.

    Returns
    -------
    SiteReport
    """
    root = Path(root)
    pages = site_pages(root) if pages is None else pages
    report = SiteReport()
    start = time.perf_counter()
    root = root.resolve()
    server = contextlib.nullcontext(root.as_uri() + "/") if from_disk else serve(root)
    with server as base:
        context = browser.new_context(color_scheme=color_scheme)

        def count(request):
            report.requests += 1

        def block(route_, request):
            report.foreign_requests.append(request.url)
            route_.abort("blockedbyclient")

        context.on("request", count)
        # Only requests outside the site are intercepted (the pattern is matched
        # by the driver, so the site's own requests do not wait for Python).
        context.route(re.compile(rf"^(?!{re.escape(base)})[a-z]+:"), block)
        for rel in pages:
            report.pages.append(rel)
            before = len(report.foreign_requests)
            page = context.new_page()
            try:
                _check_page(page, report, root, base, rel, color_scheme)
            finally:
                page.close()
            for url in report.foreign_requests[before:]:
                report.add(rel, f"request to another host: {url}")
        context.close()
    report.seconds = time.perf_counter() - start
    return report


def search_results(browser, root: Path, word: str) -> list[tuple[str, str]]:
    """Run the site's own search page for ``word``; return (href, title) pairs."""
    with serve(Path(root)) as base:
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{base}search.html?q={word}", wait_until="load")
        page.wait_for_function(
            "() => { const s = document.querySelector('#search-results p');"
            " return s && /found|did not match/i.test(s.textContent); }",
            timeout=PAGE_TIMEOUT_MS,
        )
        links = page.eval_on_selector_all(
            "#search-results ul.search li a",
            "els => els.map(a => [a.getAttribute('href'), a.textContent.trim()])",
        )
        context.close()
    return [tuple(link) for link in links]


@pytest.fixture(scope="session")
def checker():
    """The checker's functions, for test modules (conftest is not importable)."""
    return types.SimpleNamespace(
        crawl=crawl, search_results=search_results, site_pages=site_pages, serve=serve
    )


@pytest.fixture(scope="session", autouse=True)
def _watchdog():
    """Print every thread's stack and stop the run if the browser tests hang.

    One run takes well under two minutes; after ten, a hang is certain, and a
    traceback says where it is instead of leaving CI to its own time limit.
    """
    import faulthandler

    faulthandler.dump_traceback_later(600, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright."""
    from playwright import sync_api

    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"no Chromium at {CHROMIUM}: run `make chromium`")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS
        )
        yield chromium
        chromium.close()
