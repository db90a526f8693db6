"""The Postcard theme's budgets, checked on the built example site.

Each test reads the demo as a visitor's browser would get it: every HTML page and
the stylesheet it links. The browser-only checks (axe-core, overflow at 320 px,
the Nu HTML Checker) are in ``test_theme_browser.py``.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from sitebuilder import REPO, BuiltSite

CSS = REPO / "theme" / "static" / "css" / "postcard.css"
CSS_MAX_BYTES = 12_000
CSS_MAX_GZIP_BYTES = 3_500
PYCON_MAX_BYTES = 20 * 1024

# Every pair of custom properties the stylesheet uses as text colour on a
# background, in both schemes (foreground, background).
TEXT_PAIRS = [
    ("text", "bg"),
    ("text", "surface"),
    ("text", "chip"),
    ("text", "code"),
    ("text", "line"),
    ("muted", "bg"),
    ("muted", "surface"),
    ("muted", "chip"),
    ("muted", "code"),
    ("link", "bg"),
    ("link", "surface"),
    ("link", "code"),
    ("accent", "bg"),
    ("accent", "surface"),
    ("accent", "soft"),
    ("accent", "code"),
    ("green", "code"),
    ("bg", "text"),
]
AA_NORMAL_TEXT = 4.5


def pages(site: BuiltSite) -> list[Path]:
    return sorted(site.output.rglob("*.html"))


def soups(site: BuiltSite) -> dict[str, BeautifulSoup]:
    return {
        p.relative_to(site.output).as_posix(): BeautifulSoup(
            p.read_text(encoding="utf-8"), "html.parser"
        )
        for p in pages(site)
    }


@pytest.fixture(scope="module")
def demo_pages(demo_site: BuiltSite) -> dict[str, BeautifulSoup]:
    return soups(demo_site)


def stylesheet_of(site: BuiltSite, rel: str, soup: BeautifulSoup) -> Path:
    sheets = soup.select('link[rel~="stylesheet"]')
    assert len(sheets) == 1, f"{rel}: expected one stylesheet, got {len(sheets)}"
    target = urljoin(f"file:///{rel}", sheets[0]["href"])
    return site.output / urlsplit(target).path.lstrip("/")


# --- No JavaScript, nothing leaves the site, one small stylesheet ------------------


def test_no_javascript_anywhere(demo_site: BuiltSite, demo_pages) -> None:
    assert demo_pages, "the demo built no pages"
    for rel, soup in demo_pages.items():
        scripts = [
            s
            for s in soup.find_all("script")
            if s.get("type") != "application/ld+json"  # JSON-LD is data, not code
        ]
        assert not scripts, f"{rel}: has a script element"
        handlers = [
            (el.name, attr)
            for el in soup.find_all(True)
            for attr in el.attrs
            if attr.lower().startswith("on")
        ]
        assert not handlers, f"{rel}: inline event handlers {handlers}"
        assert not soup.select('a[href^="javascript:"]'), rel
    assert not list(demo_site.output.rglob("*.js")), "the build ships a .js file"


def _requested_urls(soup: BeautifulSoup) -> list[str]:
    """Every URL the browser fetches by itself for this page (not links to follow)."""
    urls = [el["src"] for el in soup.find_all(src=True)]
    for el in soup.find_all(srcset=True):
        urls += [part.strip().split()[0] for part in el["srcset"].split(",")]
    for link in soup.find_all("link", href=True):
        rel = set(link.get("rel", []))
        if rel & {
            "stylesheet",
            "icon",
            "preload",
            "prefetch",
            "modulepreload",
            "manifest",
        }:
            urls.append(link["href"])
    for el in soup.find_all(style=True):
        urls += re.findall(r"url\(\s*['\"]?([^'\")]+)", el["style"])
    for style in soup.find_all("style"):
        urls += re.findall(r"url\(\s*['\"]?([^'\")]+)", style.get_text())
        urls += re.findall(r"@import\s+(?:url\()?['\"]?([^'\")\s;]+)", style.get_text())
    return urls


def _is_offsite(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme and parts.scheme != "data") or url.startswith("//")


def test_no_request_leaves_the_site(demo_site: BuiltSite, demo_pages) -> None:
    for rel, soup in demo_pages.items():
        offsite = [u for u in _requested_urls(soup) if _is_offsite(u)]
        assert not offsite, f"{rel} fetches {offsite}"
    for css in demo_site.output.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        fetched = re.findall(r"url\(\s*['\"]?([^'\")]+)", text)
        fetched += re.findall(r"@import\s+(?:url\()?['\"]?([^'\")\s;]+)", text)
        assert not [u for u in fetched if _is_offsite(u)], f"{css} fetches {fetched}"
        assert "@font-face" not in text, f"{css} loads a web font"


def test_every_page_links_the_one_stylesheet(demo_site: BuiltSite, demo_pages) -> None:
    for rel, soup in demo_pages.items():
        sheet = stylesheet_of(demo_site, rel, soup)
        assert sheet.is_file(), f"{rel}: stylesheet {sheet} is missing"
        assert sheet.name == "postcard.css"
        assert not soup.find("style"), f"{rel}: inline <style>"


def test_stylesheet_budget() -> None:
    raw = CSS.read_bytes()
    assert len(raw) <= CSS_MAX_BYTES, f"postcard.css is {len(raw)} bytes"
    packed = len(gzip.compress(raw, compresslevel=9))
    assert packed <= CSS_MAX_GZIP_BYTES, f"postcard.css is {packed} bytes gzipped"


def test_system_font_stack_only() -> None:
    css = CSS.read_text(encoding="utf-8")
    assert "@font-face" not in css and "@import" not in css
    families = re.findall(r"--(?:font|mono)\s*:\s*([^;]+);", css)
    assert len(families) == 2
    assert families[0].split(",")[0].strip() == "system-ui"
    assert families[1].split(",")[0].strip() == "ui-monospace"
    for decl in re.findall(r"(?<![-\w])font(?:-family)?\s*:\s*([^;}]+)", css):
        assert "var(--font)" in decl or "var(--mono)" in decl or "inherit" in decl, decl


def test_pycon_post_html_budget(demo_site: BuiltSite) -> None:
    page = demo_site.output / "pycon-us.html"
    assert page.is_file()
    size = page.stat().st_size
    assert size <= PYCON_MAX_BYTES, f"pycon-us.html is {size} bytes"


# --- Colour: light and dark, WCAG AA for every text pair ---------------------------


def _custom_properties(block: str) -> dict[str, str]:
    return dict(re.findall(r"--([a-z]+)\s*:\s*(#[0-9a-fA-F]{3,6})\s*;", block))


def colour_schemes(css: str) -> dict[str, dict[str, str]]:
    """The colour custom properties of the light (default) and dark schemes."""
    light = re.search(r":root\s*{([^}]*)}", css)
    dark = re.search(
        r"@media\s*\(prefers-color-scheme:\s*dark\)\s*{\s*:root\s*{([^}]*)}", css
    )
    assert light and dark, "light and dark :root blocks not found"
    base = _custom_properties(light.group(1))
    return {"light": base, "dark": {**base, **_custom_properties(dark.group(1))}}


def _luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    channels = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    )
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg: str, bg: str) -> float:
    """WCAG 2 contrast ratio of two sRGB hex colours."""
    hi, lo = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_formula() -> None:
    assert contrast("#000", "#fff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_light_and_dark_schemes_meet_wcag_aa() -> None:
    css = CSS.read_text(encoding="utf-8")
    assert "color-scheme: light dark" in css
    schemes = colour_schemes(css)
    assert schemes["light"]["bg"] != schemes["dark"]["bg"]
    failures = [
        f"{name}: --{fg} on --{bg} is {contrast(cols[fg], cols[bg]):.2f}:1"
        for name, cols in schemes.items()
        for fg, bg in TEXT_PAIRS
        if contrast(cols[fg], cols[bg]) < AA_NORMAL_TEXT
    ]
    assert not failures, failures


def test_focus_motion_and_print_rules() -> None:
    css = CSS.read_text(encoding="utf-8")
    focus = re.search(r":focus-visible\s*{([^}]*)}", css)
    assert focus and re.search(r"outline:\s*[2-9]px solid", focus.group(1))
    rules = re.findall(r"([^{}]+){([^{}]*)}", css)
    hidden = [
        sel.strip() for sel, body in rules if re.search(r"outline:\s*(none|0)\b", body)
    ]
    # Only <main>, focused by the skip link but not interactive, drops its outline.
    assert hidden == ["main:focus"], f"rules removing focus outlines: {hidden}"
    motion = re.search(r"@media \(prefers-reduced-motion: reduce\)\s*{([^\n]*)}", css)
    assert motion and "transition: none" in motion.group(1)
    printing = css[css.index("@media print") :]
    assert ".site-nav" in printing.split("{", 2)[1] and "display: none" in printing


# --- Page structure on every page of the demo --------------------------------------


def test_landmarks_skip_link_and_one_h1(demo_pages) -> None:
    for rel, soup in demo_pages.items():
        if soup.find("meta", attrs={"http-equiv": "refresh"}):
            continue
        assert len(soup.find_all("h1")) == 1, f"{rel}: {len(soup.find_all('h1'))} h1"
        body = soup.body
        for landmark in ("header", "nav", "main", "footer"):
            assert body.find(landmark), f"{rel}: no <{landmark}>"
        main = soup.find_all("main")
        assert len(main) == 1 and main[0].get("id") == "main", rel
        first_link = body.find("a")
        assert first_link["href"] == "#main" and "skip-link" in first_link["class"], rel
        assert soup.html.get("lang"), f"{rel}: no lang"
        assert soup.find("meta", attrs={"name": "viewport"}), rel


def test_feed_autodiscovery_on_every_page(demo_site: BuiltSite, demo_pages) -> None:
    for rel, soup in demo_pages.items():
        feeds = soup.select('link[rel="alternate"][type="application/atom+xml"]')
        assert feeds, f"{rel}: no Atom autodiscovery"
        for feed in feeds:
            target = urlsplit(urljoin(f"file:///{rel}", feed["href"])).path.lstrip("/")
            assert (demo_site.output / target).is_file(), f"{rel}: {feed['href']}"
