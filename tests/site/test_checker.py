"""The site checker fails when it should: small fixture pages, each broken one way.

A checker that passes on the book proves nothing unless it is seen to fail. Each
page below breaks exactly one rule (``good.html`` breaks none); the test asserts
that the checker reports that rule on that page, and only problems that follow
from it.
"""

import struct
import zlib
from pathlib import Path

import pytest

MATHJAX = (
    Path(__file__).resolve().parents[2] / "_vendor" / "mathjax" / "node_modules"
)
LOCAL_MATHJAX = '<script defer src="_static/mathjax/es5/tex-chtml.js"></script>'


def png(width, height, rgba):
    """A PNG of one colour, built by hand (no imaging library needed)."""
    row = b"\x00" + bytes(rgba) * width
    raw = zlib.compress(row * height)

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(
            ">I", zlib.crc32(body)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", raw)
        + chunk(b"IEND", b"")
    )


def page(body, head=""):
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>t</title>"
        f"{head}</head><body><main>{body}</main></body></html>"
    )


GOOD = page(
    '<h1 id="top-heading">Good</h1>'
    '<p>An equation: <span class="math notranslate">\\(x^2 + 1\\)</span></p>'
    '<div class="math notranslate">\\[\\sum_{n} (R_n - R_{n-1}) P_n\\]</div>'
    '<img src="white.png" alt="A white square standing in for a figure">'
    '<p><a href="other.html#section">a link</a> <a href="#top-heading">up</a>'
    ' <a href="sub/">a folder</a> <a href="https://example.org/">outside</a></p>',
    LOCAL_MATHJAX,
)

# page -> (the kind of problem it must produce, other kinds it may also produce)
CASES = {
    "good.html": (None, set()),
    "cdn_script.html": ("request to another host", {"console error"}),
    "cdn_image.html": (
        "request to another host",
        {"console error", "image did not load"},
    ),
    "preconnect.html": ("request to another host", set()),
    "missing_image.html": (
        "image did not load",
        {"console error", "missing resource"},
    ),
    "corrupt_image.html": ("image did not load", set()),
    "no_alt.html": ("image without alt text", set()),
    "file_name_alt.html": ("image without alt text", set()),
    "transparent_figure.html": (
        "image background not opaque (unreadable in dark mode)",
        set(),
    ),
    "broken_link.html": ("broken link", set()),
    "broken_anchor.html": ("broken anchor", set()),
    "broken_local_anchor.html": ("broken anchor", set()),
    "untypeset.html": ("equation not typeset", set()),
    "tex_error.html": ("equation MathJax error", set()),
    "undefined_macro.html": ("equation undefined macro", set()),
    "wide_equation.html": ("equation wider than its column", set()),
    "raw_tex.html": ("TeX delimiters in plain text", set()),
    "console_error.html": ("console error", set()),
    "missing_stylesheet.html": ("missing resource", {"console error"}),
    "uncaught_exception.html": ("console error", set()),
    "bad_redirect.html": ("redirect to a missing page", set()),
}


def make_site(root: Path) -> None:
    """Write the fixture site; MathJax is linked from the installed copy."""
    (root / "_static").mkdir(parents=True)
    (root / "_static" / "mathjax").symlink_to(MATHJAX / "mathjax")
    (root / "white.png").write_bytes(png(8, 6, (255, 255, 255, 255)))
    (root / "clear.png").write_bytes(png(8, 6, (255, 255, 255, 0)))
    (root / "corrupt.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    (root / "sub").mkdir()
    (root / "sub" / "index.html").write_text(page("<p>folder</p>"))
    (root / "other.html").write_text(page('<h2 id="section">Section</h2>'))
    pages = {
        "good.html": GOOD,
        "cdn_script.html": page(
            "<p>x</p>",
            '<script src="https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-chtml.js">'
            "</script>",
        ),
        "cdn_image.html": page(
            '<img src="https://upload.example.org/fig.png" alt="A remote figure">'
        ),
        "preconnect.html": page(
            "<p>x</p>", '<link rel="preconnect" href="https://fonts.example.org">'
        ),
        "missing_image.html": page('<img src="nowhere.png" alt="A missing figure">'),
        "corrupt_image.html": page('<img src="corrupt.png" alt="A corrupt figure">'),
        "no_alt.html": page('<img src="white.png">'),
        "file_name_alt.html": page('<img src="white.png" alt="white.png">'),
        "transparent_figure.html": page(
            '<img src="clear.png" alt="A figure on a transparent background">'
        ),
        "broken_link.html": page('<a href="nowhere.html">gone</a>'),
        "broken_anchor.html": page('<a href="other.html#no-such-id">gone</a>'),
        "broken_local_anchor.html": page('<a href="#no-such-id">gone</a>'),
        "untypeset.html": page('<span class="math notranslate">\\(x\\)</span>'),
        "tex_error.html": page(
            '<span class="math notranslate">\\(\\frac{1}\\)</span>', LOCAL_MATHJAX
        ),
        "undefined_macro.html": page(
            '<span class="math notranslate">\\(\\notamacro{x}\\)</span>',
            LOCAL_MATHJAX,
        ),
        "wide_equation.html": page(
            '<div style="width: 240px"><div class="math notranslate">\\['
            + " + ".join(f"x_{{{i}}}^2" for i in range(40))
            + "\\]</div></div>",
            LOCAL_MATHJAX,
        ),
        "raw_tex.html": page("<p>Never marked up: $$ P_n R_n $$</p>"),
        "missing_stylesheet.html": page(
            "<p>x</p>", '<link rel="stylesheet" href="gone.css">'
        ),
        "console_error.html": page("<script>console.error('on purpose')</script>"),
        "uncaught_exception.html": page(
            "<script>throw new Error('on purpose')</script>"
        ),
        "bad_redirect.html": '<meta http-equiv="Refresh" content="0; url=gone.html" />',
    }
    assert set(pages) == set(CASES)
    for name, html in pages.items():
        (root / name).write_text(html)


@pytest.fixture(scope="module")
def fixture_report(tmp_path_factory, browser, checker):
    if not (MATHJAX / "mathjax" / "es5" / "tex-chtml.js").is_file():
        pytest.fail("MathJax is not installed: run `make mathjax`")
    root = tmp_path_factory.mktemp("fixture-site")
    make_site(root)
    return checker.crawl(browser, root, sorted(CASES))


def kind(problem: str) -> str:
    return problem.split(": ", 1)[0]


@pytest.mark.parametrize("name", sorted(CASES))
def test_checker_reports_exactly_the_broken_rule(fixture_report, name):
    expected, allowed = CASES[name]
    problems = fixture_report.problems.get(name, [])
    kinds = {kind(p) for p in problems}
    if expected is None:
        assert problems == []
    else:
        assert expected in kinds, problems
        assert kinds <= {expected} | allowed, problems


def test_good_page_was_really_checked(fixture_report):
    # Guards against a checker that passes good.html because it saw nothing.
    assert fixture_report.equations >= 5  # good (2), untypeset, tex_error, macro
    assert fixture_report.internal_links >= 6
    assert fixture_report.external_links >= 1
    assert fixture_report.images >= 7


def test_no_request_left_the_machine(fixture_report):
    # The two CDN pages asked for other hosts; both were blocked and recorded.
    hosts = sorted({url.split("/")[2] for url in fixture_report.foreign_requests})
    assert hosts == ["cdn.jsdelivr.net", "upload.example.org"]
