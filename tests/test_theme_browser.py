"""The built example site in a real browser, and through the Nu HTML Checker.

Headless Chromium (Debian's ``chromium``) renders every page type in the light and
the dark colour scheme and runs axe-core on it; the same run checks overflow at
320 px, the skip link's focus ring, the print stylesheet, reduced motion and that
no request leaves the site (``tests/browser/check.cjs``). The Nu HTML Checker
(``vnu.jar``) validates every page. ``tests/tools/setup.sh`` installs the npm
packages into ``.tools/browser``; Chromium, Java and Node.js come from the OS.

Without those tools the tests are skipped, except in CI (``CI=true``), where a
missing tool is a failure that names it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest
from sitebuilder import REPO, BuiltSite

TOOLS = REPO / ".tools" / "browser" / "node_modules"
CHECK_SCRIPT = REPO / "tests" / "browser" / "check.cjs"
VNU_JAR = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"

# One page of every type the theme renders.
PAGE_TYPES = {
    "index": "index.html",
    "index, page 2": "index2.html",
    "article": "pycon-us.html",
    "article in a series": "europe-planning.html",
    "page": "about/index.html",
    "tag": "tag/life.html",
    "tags": "tags.html",
    "category": "category/travel.html",
    "categories": "categories.html",
    "author": "author/sam-rivera.html",
    "authors": "authors.html",
    "archives": "archives.html",
    "series": "series/europe-trip.html",
    "series index": "series/index.html",
}


def _require(what: str, found: bool, how: str) -> None:
    if found:
        return
    message = f"browser checks need {what}: {how}"
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def chromium_path() -> str | None:
    return os.environ.get("POSTCARD_CHROMIUM") or shutil.which("chromium")


@pytest.fixture(scope="session")
def browser_report(demo_site: BuiltSite) -> dict:
    """Run check.cjs once over every page type; its JSON report, by page."""
    node = shutil.which("node")
    _require("Node.js", node is not None, "install Debian's nodejs and npm")
    chromium = chromium_path()
    _require("Chromium", chromium is not None, "install Debian's chromium")
    _require(
        "playwright-core and axe-core",
        (TOOLS / "playwright-core").is_dir() and (TOOLS / "axe-core").is_dir(),
        "run `bash tests/tools/setup.sh`",
    )
    missing = [rel for rel in PAGE_TYPES.values() if not demo_site.exists(rel)]
    assert not missing, f"the demo did not build {missing}"
    args = {"root": str(demo_site.output), "pages": list(PAGE_TYPES.values())}
    result = subprocess.run(
        [node, str(CHECK_SCRIPT), json.dumps({**args, "chromium": chromium})],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "NODE_PATH": str(TOOLS)},
    )
    assert result.returncode == 0, f"check.cjs failed:\n{result.stderr}"
    return json.loads(result.stdout)


def _describe(violations: list[dict]) -> str:
    return "\n".join(
        f"  {v['id']} ({v['impact']}): {v['help']}\n"
        + "\n".join(f"    {n['target']}: {n['summary']}" for n in v["nodes"])
        for v in violations
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("page_type", list(PAGE_TYPES))
def test_axe_finds_no_violation(
    browser_report: dict, page_type: str, scheme: str
) -> None:
    violations = browser_report[PAGE_TYPES[page_type]][scheme]
    assert not violations, f"{page_type} ({scheme}):\n{_describe(violations)}"


def test_no_horizontal_scrolling_at_320px(browser_report: dict) -> None:
    wide = {
        rel: r["narrow"]
        for rel, r in browser_report.items()
        if r["narrow"]["scrollWidth"] > r["narrow"]["clientWidth"]
    }
    assert not wide, f"pages wider than a 320 px screen: {wide}"


def test_no_request_leaves_the_site_and_none_fails(
    demo_site: BuiltSite, browser_report: dict
) -> None:
    for rel, report in browser_report.items():
        assert not report["offsite"], f"{rel} requested {report['offsite']}"
        assert not report["missing"], f"{rel}: failed requests {report['missing']}"
        absent = [u for u in report["requested"] if not demo_site.exists(unquote(u))]
        assert not absent, f"{rel} requested missing files {absent}"
        assert any(u.endswith(".css") for u in report["requested"]), rel


def test_skip_link_is_the_first_tab_stop_and_shows_focus(browser_report: dict) -> None:
    for rel, report in browser_report.items():
        first = report["firstTab"]
        assert first["href"] == "#main" and "skip-link" in first["className"], rel
        assert first["visible"], f"{rel}: the focused skip link is off screen"
        assert first["outlineStyle"] == "solid" and first["outlineWidth"] >= 2, (
            f"{rel}: no visible focus ring on the skip link: {first}"
        )


def test_print_hides_navigation(browser_report: dict) -> None:
    for rel, report in browser_report.items():
        menus = [nav for nav in report["print"] if nav["label"] in {"Main", "Pages"}]
        assert menus, f"{rel}: no main navigation found"
        assert all(nav["display"] == "none" for nav in menus), f"{rel}: {menus}"


def test_reduced_motion_stops_transitions(browser_report: dict) -> None:
    moving = {
        rel: r["reducedMotion"]
        for rel, r in browser_report.items()
        if r["reducedMotion"]
    }
    assert not moving, f"elements still animate with reduced motion: {moving}"


def test_nu_html_checker_finds_no_error(demo_site: BuiltSite) -> None:
    java = shutil.which("java")
    _require("Java", java is not None, "install Debian's default-jre-headless")
    _require("vnu.jar", VNU_JAR.is_file(), "run `bash tests/tools/setup.sh`")
    pages = sorted(str(p) for p in demo_site.output.rglob("*.html"))
    assert len(pages) > 10
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", *pages],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(result.stderr)["messages"]
    errors = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error" or m.get("subType") == "fatal"
    ]
    assert not errors, "\n".join(errors)
