"""Release checks on whole builds: nothing lost, no broken link, valid feeds,
reproducible output, rebuilds in one process and the content cache.

Every test builds a real site (the demo, or a corpus from ``benchmarks/corpus.py``)
and checks a property of everything the build wrote, not of one chosen page.
"""

from __future__ import annotations

import filecmp
import importlib.util
import logging
import os
import posixpath
import re
import shutil
import sys
import textwrap
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.settings import DEFAULT_CONFIG, read_settings
from pelican.utils import slugify
from sitebuilder import (
    EXAMPLE_SITE,
    REPO,
    BuiltSite,
    LogCollector,
    isolated_signals,
    run_pelican,
    write_files,
)

from pelican.plugins import postcard, signals
from pelican.plugins.postcard_core.document import parse_document
from pelican.plugins.postcard_core.problems import FrontMatterError


def slug(text: str) -> str:
    """Pelican's default slug of ``text`` (tags, series)."""
    return slugify(text, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])


def load_corpus():
    """``benchmarks/corpus.py``, imported by path (benchmarks/ is no package)."""
    spec = importlib.util.spec_from_file_location(
        "postcard_bench_corpus", REPO / "benchmarks" / "corpus.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # dataclasses look their module up
    spec.loader.exec_module(sys.modules[spec.name])
    return sys.modules[spec.name]


# ------------------------------------------------------ builds


@dataclass
class RecordedBuild:
    """An in-process build, with what Pelican wrote for which source file."""

    output: Path
    content: Path
    settings: dict
    records: list[logging.LogRecord]
    written: dict[str, list[Path]] = field(default_factory=dict)  # source -> files
    writers: dict[Path, list[str]] = field(default_factory=dict)  # file -> sources
    urls: dict[str, str] = field(default_factory=dict)  # source -> url

    def messages(self, minimum: int = logging.ERROR) -> list[str]:
        return [r.getMessage() for r in self.records if r.levelno >= minimum]


@dataclass
class _Recorder:
    """``content_written`` receiver noting which source each written file shows."""

    content: Path
    written: dict[str, list[Path]] = field(default_factory=lambda: defaultdict(list))
    writers: dict[Path, list[str]] = field(default_factory=lambda: defaultdict(list))
    urls: dict[str, str] = field(default_factory=dict)

    def __call__(self, path, context=None) -> None:
        for key in ("article", "page"):
            item = (context or {}).get(key)
            source = getattr(item, "source_path", None)
            if not source:
                continue
            rel = Path(source).resolve().relative_to(self.content).as_posix()
            self.written[rel].append(Path(path))
            self.writers[Path(path)].append(rel)
            self.urls[rel] = item.url


def build_recorded(
    content: Path, output: Path, settings_file: Path | None = None, **override
) -> RecordedBuild:
    """Build in this process with Pelican, recording sources and log records."""
    override = {
        "PATH": str(content),
        "OUTPUT_PATH": str(output),
        "CACHE_CONTENT": False,
        "LOAD_CONTENT_CACHE": False,
        **override,
    }
    handler = LogCollector()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    recorder = _Recorder(content.resolve())
    try:
        with isolated_signals():
            settings = read_settings(
                path=str(settings_file) if settings_file else None, override=override
            )
            signals.content_written.connect(recorder)
            Pelican(settings).run()
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
    return RecordedBuild(
        output=output,
        content=content,
        settings=settings,
        records=handler.records,
        written=dict(recorder.written),
        writers=dict(recorder.writers),
        urls=recorder.urls,
    )


def copy_demo(root: Path) -> Path:
    site = root / "example_site"
    shutil.copytree(
        EXAMPLE_SITE,
        site,
        ignore=shutil.ignore_patterns("output", "cache", "__pycache__"),
    )
    return site


@pytest.fixture(scope="module")
def published_demo(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The demo built with ``publishconf.py``: absolute URLs, more feeds."""
    site = copy_demo(tmp_path_factory.mktemp("published"))
    output = site / "output"
    result = run_pelican(site, "content", "-s", "publishconf.py", "-o", str(output))
    return BuiltSite(
        output=output, content=site / "content", log=result.stdout + result.stderr
    )


# -------------------------------------------------------- URLs


def output_file(output: Path, site_path: str) -> Path | None:
    """The file a site path (no scheme, no host) is served from, if any."""
    path = unquote(site_path).lstrip("/")
    target = output / path
    if not path or path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def resolve_link(
    output: Path, page: Path, value: str, roots: str | tuple[str, ...]
) -> tuple[Path | None, str, bool]:
    """Resolve ``value`` found in ``page``: (file or None, fragment, is_internal).

    ``roots`` are the absolute URLs the site is served from (``SITEURL``,
    ``FEED_DOMAIN``); any other absolute URL is external.
    """
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        roots = (roots,) if isinstance(roots, str) else roots
        for root in filter(None, roots):
            site = urlsplit(root)
            prefix = site.path.rstrip("/")
            same_host = (parts.scheme, parts.netloc) == (site.scheme, site.netloc)
            if same_host and parts.path.startswith(prefix):
                path = parts.path[len(prefix) :] or "/"
                break
        else:
            return None, "", False
    else:
        path = parts.path
    if not path:  # "#top" or "?q": this very page
        return page, parts.fragment, True
    if not path.startswith("/"):
        base = page.parent.relative_to(output).as_posix()
        joined = posixpath.normpath(posixpath.join(base, path))
        if joined == ".." or joined.startswith("../"):
            return None, parts.fragment, True  # climbs out of the site
        path = "/" + joined + ("/" if path.endswith("/") else "")
    return output_file(output, path), parts.fragment, True


def link_values(soup: BeautifulSoup) -> Iterator[str]:
    """Every URL a page points at through ``href``, ``src`` or ``srcset``."""
    for element in soup.find_all(True):
        for attribute in ("href", "src"):
            value = element.get(attribute)
            if value:
                yield value
        for candidate in (element.get("srcset") or "").split(","):
            if candidate.strip():
                yield candidate.split()[0]


def anchors(path: Path, cache: dict[Path, set[str]]) -> set[str]:
    if path not in cache:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        cache[path] = {e["id"] for e in soup.find_all(id=True)} | {
            e["name"] for e in soup.find_all("a", attrs={"name": True})
        }
    return cache[path]


def feed_files(output: Path) -> list[Path]:
    """Every Atom or RSS file in the output, whatever its name."""
    found = []
    for path in sorted(output.rglob("*.xml")):
        start = path.read_bytes()[:500]
        if b"<feed" in start or b"<rss" in start:
            found.append(path)
    return found


def parse_feed(path: Path):
    return feedparser.parse(
        path.read_bytes(), resolve_relative_uris=False, sanitize_html=False
    )


def broken_links(output: Path, siteurl: str | tuple[str, ...]) -> list[str]:
    """Every internal link of every page and feed that points at nothing."""
    problems: list[str] = []
    cache: dict[Path, set[str]] = {}

    def check(page: Path, value: str, base: Path) -> None:
        target, fragment, internal = resolve_link(output, base, value, siteurl)
        if not internal:
            return
        where = page.relative_to(output).as_posix()
        if target is None:
            problems.append(f"{where}: {value!r} points at no file")
        elif (
            fragment
            and target.suffix == ".html"
            and fragment not in anchors(target, cache)
        ):
            problems.append(f"{where}: {value!r} has no #{fragment} in its page")

    for page in sorted(output.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for value in link_values(soup):
            check(page, value, page)
    for feed_path in feed_files(output):
        feed = parse_feed(feed_path)
        for link in feed.feed.get("links", []):
            check(feed_path, link["href"], output / "index.html")
        for entry in feed.entries:
            entry_page = output / "index.html"
            for link in entry.get("links", []):
                check(feed_path, link["href"], output / "index.html")
                target, _, internal = resolve_link(
                    output, output / "index.html", link["href"], siteurl
                )
                if internal and target is not None:
                    entry_page = target
            # Relative URLs in an entry's HTML are read against the entry's page.
            bodies = [c["value"] for c in entry.get("content", [])]
            bodies.append(entry.get("summary", ""))
            for body in bodies:
                for value in link_values(BeautifulSoup(body, "html.parser")):
                    check(feed_path, value, entry_page)
    return problems


# ----------------------------------------------------- sources


@dataclass(frozen=True)
class SourcePost:
    path: str
    title: str
    published: bool
    tags: tuple[str, ...]
    series: str | None


def title_from_name(path: Path) -> str:
    """Jekyll's title for a post without one: ``2024-07-14-quiet-switches.md``
    gives ``Quiet Switches``."""
    slug_part = re.sub(r"^\d{4}-\d{1,2}-\d{1,2}-", "", path.stem)
    return " ".join(word.capitalize() for word in slug_part.split("-"))


def read_source_posts(content: Path, folder: str = "posts") -> list[SourcePost]:
    """What the demo's front matter says, read with the bundle's own parser."""
    posts = []
    for path in sorted((content / folder).glob("*.md")):
        try:
            meta = parse_document(path.read_text(encoding="utf-8"), str(path)).metadata
        except FrontMatterError:
            continue
        meta = {str(k).lower(): v for k, v in meta.items()}
        tags = meta.get("tags") or ()
        if isinstance(tags, str):
            tags = [t for t in tags.split(",") if t.strip()]
        status = str(meta.get("status", "published")).lower()
        published = meta.get("published", True) is not False and status not in (
            "draft",
            "hidden",
            "skip",
        )
        posts.append(
            SourcePost(
                path=path.relative_to(content).as_posix(),
                title=str(meta["title"]) if "title" in meta else title_from_name(path),
                published=published,
                tags=tuple(str(t).strip() for t in tags),
                series=str(meta["series"]) if meta.get("series") else None,
            )
        )
    return posts


def lost_sources(build: RecordedBuild) -> list[str]:
    """Sources that are neither in the output nor named in an ERROR, and files
    written by two sources."""
    errors = build.messages(logging.ERROR)
    warnings = build.messages(logging.WARNING)
    content = build.content.resolve()
    settings = build.settings
    problems = []

    def named(rel: str, messages: list[str]) -> bool:
        return any(rel in m or str(content / rel) in m for m in messages)

    for path in sorted(p for p in content.rglob("*") if p.is_file()):
        rel = path.relative_to(content).as_posix()
        top = rel.split("/", 1)[0]
        if top in ("_includes", "_data"):
            continue  # what Liquid reads (jekyll), never output, as in Jekyll
        if top in ("series", "tags"):
            # A definition shows as its series or tag page (an unused one is warned).
            pattern = (
                "series/{slug}.html" if top == "series" else settings["TAG_SAVE_AS"]
            )
            target = build.output / pattern.format(slug=path.stem)
            if not target.is_file() and not named(rel, warnings):
                problems.append(f"{rel}: no {target.name} and no message naming it")
        elif top in settings["ARTICLE_PATHS"] or top in settings["PAGE_PATHS"]:
            files = build.written.get(rel)
            if not files:
                if not named(rel, errors):
                    problems.append(f"{rel}: not in the output and no ERROR names it")
                continue
            missing = [f for f in files if not f.is_file()]
            if missing:
                problems.append(f"{rel}: wrote {missing} but they are gone")
            if output_file(build.output, urlsplit(build.urls[rel]).path) is None:
                problems.append(
                    f"{rel}: its URL {build.urls[rel]!r} resolves to no file"
                )
        elif not (build.output / rel).is_file():
            problems.append(f"{rel}: static file not copied to the output")
    for written, sources in build.writers.items():
        if len(set(sources)) > 1:
            problems.append(f"{written.name} written by {sorted(set(sources))}")
    return problems


def tree(output: Path) -> dict[str, bytes]:
    return {
        p.relative_to(output).as_posix(): p.read_bytes()
        for p in sorted(output.rglob("*"))
        if p.is_file()
    }


def tree_differences(one: Path, two: Path) -> list[str]:
    a, b = tree(one), tree(two)
    problems = [f"only in the first build: {n}" for n in sorted(a.keys() - b.keys())]
    problems += [f"only in the second build: {n}" for n in sorted(b.keys() - a.keys())]
    for name in sorted(a.keys() & b.keys()):
        if a[name] != b[name]:
            one, two = a[name], b[name]
            pairs = zip(one, two, strict=False)
            first = next((i for i, (x, y) in enumerate(pairs) if x != y), len(one))
            problems.append(
                f"{name} differs at byte {first}: "
                f"{a[name][max(0, first - 60) : first + 60]!r} vs "
                f"{b[name][max(0, first - 60) : first + 60]!r}"
            )
    return problems


# ------------------------------------------------ nothing lost


def test_demo_loses_nothing(tmp_path: Path, demo_site: BuiltSite) -> None:
    site = copy_demo(tmp_path)
    build = build_recorded(
        site / "content", site / "output", settings_file=site / "pelicanconf.py"
    )
    assert lost_sources(build) == []
    assert build.messages(logging.ERROR) == []
    # The in-process build is the one the pelican command makes.
    assert sorted(tree(build.output)) == sorted(tree(demo_site.output))


BROKEN_POSTS = {
    # Bad YAML (unclosed quote), and a header that is opened but never closed.
    "posts/2099-01-01-broken-yaml.md": (
        '---\ntitle: "Unclosed\ntags: [a, b\n---\n\nBody.\n'
    ),
    "posts/2099-01-02-unclosed-header.md": "---\ntitle: Never closed\n\nBody.\n",
}


@pytest.fixture(scope="module")
def corpus_build(tmp_path_factory: pytest.TempPathFactory) -> RecordedBuild:
    """300 generated posts (with series and tag definitions) plus two broken ones."""
    corpus = load_corpus()
    root = tmp_path_factory.mktemp("corpus")
    content = root / "content"
    corpus.write_jekyll(corpus.generate(300, seed=7), content)
    write_files(content, BROKEN_POSTS)
    return build_recorded(
        content,
        root / "output",
        PLUGINS=["postcard"],
        THEME=postcard.THEME,
        ARTICLE_PATHS=["posts"],
        PAGE_PATHS=["pages"],
        SITENAME="Corpus",
        SITEURL="",
        TIMEZONE="UTC",
        AUTHOR="Corpus Author",
        DEFAULT_PAGINATION=10,
    )


def test_corpus_loses_nothing(corpus_build: RecordedBuild) -> None:
    assert lost_sources(corpus_build) == []
    posts = [r for r in corpus_build.written if r.startswith("posts/")]
    assert len(posts) == 300
    for broken in BROKEN_POSTS:
        assert any(broken in m for m in corpus_build.messages(logging.ERROR)), broken


def test_corpus_has_no_broken_links(corpus_build: RecordedBuild) -> None:
    assert broken_links(corpus_build.output, "") == []


# ------------------------------------------------------- links


def served_from(site: Path, conf: str) -> tuple[str, ...]:
    """The absolute URLs a demo configuration serves its pages and feeds from."""
    settings = read_settings(str(site / conf))
    return (settings["SITEURL"], settings.get("FEED_DOMAIN") or "")


def test_demo_has_no_broken_links(demo_site: BuiltSite) -> None:
    pages = list(demo_site.output.rglob("*.html"))
    assert len(pages) > 10
    roots = served_from(demo_site.content.parent, "pelicanconf.py")
    assert broken_links(demo_site.output, roots) == []


def test_published_demo_has_no_broken_links(published_demo: BuiltSite) -> None:
    roots = served_from(published_demo.content.parent, "publishconf.py")
    assert "https://postcard.example.org" in roots
    assert broken_links(published_demo.output, roots) == []


# ------------------------------------------------------- feeds


def expected_entries(posts: list[SourcePost], feed: str) -> set[str] | None:
    """Titles a feed at ``feed`` (relative path) must list; None when unknown."""
    live = [p for p in posts if p.published]
    name = feed.rsplit("/", 1)[-1].split(".", 1)[0]
    if feed.startswith("feeds/all."):
        return {p.title for p in live}
    if feed.startswith("feeds/tag/"):
        return {p.title for p in live if name in {slug(t) for t in p.tags}}
    if feed.startswith("feeds/series/"):
        return {p.title for p in live if p.series and slug(p.series) == name}
    return None


@pytest.mark.parametrize("which", ["preview", "published"])
def test_every_feed_parses_and_lists_its_posts(
    which: str, demo_site: BuiltSite, published_demo: BuiltSite
) -> None:
    site = demo_site if which == "preview" else published_demo
    posts = read_source_posts(site.content)
    live_titles = {p.title for p in posts if p.published}
    feeds = feed_files(site.output)
    names = [f.relative_to(site.output).as_posix() for f in feeds]
    assert "feeds/all.atom.xml" in names
    assert any(n.startswith("feeds/series/") for n in names), names
    if which == "published":
        assert "feeds/all.rss.xml" in names
        assert any(n.startswith("feeds/tag/") for n in names), names
    for path, name in zip(feeds, names, strict=True):
        feed = parse_feed(path)
        assert not feed.bozo, f"{name}: {feed.get('bozo_exception')}"
        titles = [e.title for e in feed.entries]
        assert titles, f"{name} lists no entry"
        assert len(titles) == len(set(titles)), f"{name} repeats an entry"
        assert set(titles) <= live_titles, f"{name} lists {set(titles) - live_titles}"
        expected = expected_entries(posts, name)
        if expected is not None:
            assert set(titles) == expected, name


# ------------------------------------------------ reproducible


# publishconf.py sets SITEURL: its build draws the share images too.
@pytest.mark.parametrize("conf", ["pelicanconf.py", "publishconf.py"])
def test_two_clean_builds_are_byte_identical(
    conf: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outputs = []
    for seed in ("1", "2"):
        # Different folders and hash seeds: no path or set order may leak out.
        site = copy_demo(tmp_path / f"build-{seed}")
        monkeypatch.setenv("PYTHONHASHSEED", seed)
        run_pelican(site, "content", "-s", conf, "-o", str(site / "output"))
        outputs.append(site / "output")
    assert tree_differences(*outputs) == []


# ----------------------------------------------------- rebuild


REBUILD_CONF = """
from pelican.plugins import postcard

AUTHOR = "Tester"
SITENAME = "Rebuild"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
PLUGINS = ["postcard"]
THEME = postcard.THEME
ARTICLE_PATHS = ["posts"]
PAGE_PATHS = ["pages"]
DELETE_OUTPUT_DIRECTORY = True
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
"""

REBUILD_POSTS = {
    "posts/2024-01-01-arrival.md": """
        ---
        title: "Europe, part 1: Arrival"
        description: Landing in Lisbon with two laptops.
        date: 2024-01-01
        tags: [Travel, Remote Work]
        series: Europe Trip
        series_index: 1
        ---

        We arrived.
        """,
    "posts/2024-01-08-trains.md": """
        ---
        title: "Europe, part 2: Trains"
        description: Fast trains between slow days.
        date: 2024-01-08
        tags: [Travel]
        series: Europe Trip
        series_index: 2
        ---

        Trains.
        """,
    "posts/2024-02-01-rack.md": """
        ---
        title: "Home lab, part 1: The rack"
        description: A small rack for a small flat.
        date: 2024-02-01
        tags: [Hardware]
        series: Home Lab
        series_index: 1
        ---

        A rack.
        """,
    "series/europe-trip.md": """
        ---
        title: Europe Trip
        description: Working remotely across Europe.
        ---
        """,
    "series/home-lab.md": """
        ---
        title: Home Lab
        description: Servers in a cupboard.
        ---
        """,
    "tags/travel.md": """
        ---
        title: Travel
        description: Going places.
        ---
        """,
}

EDITED_ARRIVAL = """
    ---
    title: "Europe, part 1: Arrival"
    description: Landing in Lisbon with two laptops.
    date: 2024-01-01
    tags: [Hardware, Python]
    series: Home Lab
    series_index: 2
    ---

    We arrived.
    """


def links_to(output: Path, page: str, target: Path) -> bool:
    """Does ``page`` link to the file ``target``?"""
    path = output / page
    assert path.is_file(), f"{page} was not written"
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return any(
        resolve_link(output, path, value, "")[0] == target
        for value in link_values(soup)
    )


def card_for(output: Path, page: str, target: Path):
    """The listing card (``article`` or ``li``) on ``page`` that links to ``target``."""
    path = output / page
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for link in soup.find_all("a", href=True):
        if resolve_link(output, path, link["href"], "")[0] == target:
            card = link.find_parent(["article", "li"])
            if card is not None:
                return card
    return None


def test_rebuild_in_one_process_reflects_edits(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_files(site, {"pelicanconf.py": REBUILD_CONF})
    write_files(site / "content", REBUILD_POSTS)
    output = site / "output"
    source = "posts/2024-01-01-arrival.md"
    with isolated_signals():
        # What `pelican --autoreload` does: one Pelican object, run again.
        settings = read_settings(
            str(site / "pelicanconf.py"), override={"OUTPUT_PATH": str(output)}
        )
        pelican = Pelican(settings)
        recorder = _Recorder((site / "content").resolve())
        signals.content_written.connect(recorder)
        pelican.run()
        (arrival,) = recorder.written[source]
        trains = recorder.written["posts/2024-01-08-trains.md"][0]
        assert links_to(output, "series/europe-trip.html", arrival)
        assert links_to(output, "tag/remote-work.html", arrival)

        write_files(site / "content", {source: EDITED_ARRIVAL})
        recorder.written.clear()
        pelican.run()
        assert recorder.written[source] == [arrival]

    assert not links_to(output, "series/europe-trip.html", arrival)
    assert links_to(output, "series/europe-trip.html", trains)
    assert links_to(output, "series/home-lab.html", arrival)
    assert not (output / "tag/remote-work.html").exists()
    assert links_to(output, "tag/hardware.html", arrival)
    assert links_to(output, "tag/python.html", arrival)
    assert not links_to(output, "tag/travel.html", arrival)
    assert links_to(output, arrival.name, output / "series/home-lab.html")
    assert not links_to(output, arrival.name, output / "series/europe-trip.html")
    card = card_for(output, "index.html", arrival)
    assert card is not None, "no listing card links to the edited post"
    assert "Home Lab" in card.get_text(" ")
    assert "Europe Trip" not in card.get_text(" ")

    # Nothing from the first build leaks: the rebuild equals a fresh build.
    fresh = tmp_path / "fresh"
    run_pelican(site, "content", "-s", "pelicanconf.py", "-o", str(fresh))
    assert tree_differences(output, fresh) == []


# ------------------------------------------------------- cache


CACHE_ARGS = ("-e", "CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true")

# Runs the pelican command with an audit hook noting every Markdown file opened
# below the content folder (argv[1]) into a file (argv[2]).
OPEN_SPY = textwrap.dedent(
    """
    import os
    import sys
    content, report = sys.argv[1], sys.argv[2]
    opened = []
    def spy(event, args):
        if event == "open" and isinstance(args[0], (str, os.PathLike)):
            path = os.fspath(args[0])
            if path.startswith(content) and path.endswith(".md"):
                opened.append(path)
    sys.addaudithook(spy)
    sys.argv = ["pelican", *sys.argv[3:]]
    from pelican import main
    try:
        main()
    finally:
        with open(report, "w", encoding="utf-8") as out:
            out.write("\\n".join(sorted(set(opened))))
    """
)


def spied_build(site: Path, output: Path, report: Path) -> list[str]:
    """Build the demo with the content cache on; return the posts/pages it opened."""
    content = str((site / "content").resolve())
    args = ("-c", OPEN_SPY, content, str(report), "content", "-s", "pelicanconf.py")
    extra = (*CACHE_ARGS, f'CACHE_PATH="{site / "cache"}"', "-o", str(output))
    run_pelican_python(site, *args, *extra)
    return [
        line
        for line in report.read_text(encoding="utf-8").splitlines()
        if "/posts/" in line or "/pages/" in line
    ]


def run_pelican_python(site: Path, *args: str) -> None:
    import subprocess

    env = {**os.environ, "COLUMNS": "200", "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run(
        [sys.executable, *args], cwd=site, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_content_cache_gives_the_same_output(tmp_path: Path) -> None:
    site = copy_demo(tmp_path)
    first = spied_build(site, site / "out-1", tmp_path / "first.txt")
    assert first, "the first build read no post (is the spy working?)"
    assert (site / "cache").is_dir() and any((site / "cache").iterdir())
    second = spied_build(site, site / "out-2", tmp_path / "second.txt")
    assert tree_differences(site / "out-1", site / "out-2") == []
    # An unchanged site is read from the cache, not from the files again.
    assert second == []

    # An edited post is read again, and the cached build equals an uncached one.
    post = sorted((site / "content" / "posts").glob("*.md"))[0]
    post.write_text(post.read_text(encoding="utf-8") + "\nEdited after caching.\n")
    stat = post.stat()
    os.utime(post, (stat.st_atime, stat.st_mtime + 10))
    third = spied_build(site, site / "out-3", tmp_path / "third.txt")
    assert [Path(p).name for p in third] == [post.name]
    run_pelican(site, "content", "-s", "pelicanconf.py", "-o", str(site / "out-4"))
    assert tree_differences(site / "out-3", site / "out-4") == []
    assert tree_differences(site / "out-2", site / "out-3") != []


def test_link_checker_reports_each_kind_of_broken_link(tmp_path: Path) -> None:
    # The checker the link tests rely on must see every kind of break.
    write_files(
        tmp_path,
        {
            "index.html": """
                <a href="post.html">ok</a> <a href="./tag/">ok, directory</a>
                <a href="/post.html#part-2">ok, fragment</a>
                <a href="https://elsewhere.example/x">external</a>
                <a href="mailto:me@example.org">mail</a>
                <a href="https://site.example/post.html">ok, absolute</a>
                <img src="missing.png"> <a href="post.html#nowhere">bad</a>
                <a href="../../outside.html">bad</a>
                <a href="https://site.example/gone.html">bad</a>
                """,
            "post.html": '<h2 id="part-2">Part 2</h2>',
            "tag/index.html": "<a href='../index.html#top'>bad</a>",
        },
    )
    problems = broken_links(tmp_path, "https://site.example")
    assert len(problems) == 5, problems
    for value in ("missing.png", "#nowhere", "outside.html", "gone.html", "#top"):
        assert any(value in p for p in problems), value


def test_trees_compare_equal_only_when_equal(tmp_path: Path) -> None:
    # The comparison the reproducibility, rebuild and cache tests rely on.
    one, two = tmp_path / "one", tmp_path / "two"
    write_files(one, {"a.html": "<p>a</p>", "b/c.xml": "<x/>"})
    shutil.copytree(one, two)
    assert tree_differences(one, two) == []
    assert filecmp.cmp(one / "a.html", two / "a.html", shallow=False)
    (two / "a.html").write_text("<p>b</p>", encoding="utf-8")
    (two / "d.txt").write_text("new", encoding="utf-8")
    problems = tree_differences(one, two)
    assert any("a.html differs" in p for p in problems)
    assert "only in the second build: d.txt" in problems
