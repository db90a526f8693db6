"""Build-time benchmark: the bundle against plain Pelican and against the peer stack.

Generates a deterministic Jekyll-style corpus (``corpus.py``), builds it with the
real ``pelican`` command in a fresh process per build, each configuration several
times in alternation, and prints a Markdown table of median wall time, CPU time,
peak memory and the ratio to the floor (plain Pelican, ``notmyidea``, the same
posts in Pelican's native metadata), then the targets each plugin promised.
The same posts as a whole Jekyll site are built through ``JEKYLL_SITE``, with
plain settings that write the same files, and by ``jekyll build``, each cold
and warm (``--configs jekyll``).

    python benchmarks/build.py --posts 2000
    python benchmarks/build.py --posts 200 --repeats 1 --no-scale   # a quick look
    python benchmarks/build.py --list                               # configurations

Work files go to ``benchmarks/_work/`` (git-ignored). See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / "_work"
sys.path.insert(0, str(HERE))

import corpus as corpus_module  # noqa: E402

PEER_PLUGINS = ("yaml_metadata", "series", "seo", "tag_cloud", "neighbors")
# The Jekyll-style corpus is read by front_matter with jekyll's conventions.
READER = ("front_matter", "jekyll")
BUNDLE = (*READER, "description_cards", "post_series", "tag_summaries")


# How a configuration's posts are laid out and built.
CONTENT = "content"  # content/posts, a pelicanconf.py written here
JEKYLL_SITE = "jekyll_site"  # the Jekyll site, its own four-line pelicanconf.py
PLAIN_TREE = "plain_tree"  # the same Jekyll site, settings written by hand
JEKYLL_BUILD = "jekyll_build"  # the same Jekyll site, `jekyll build`
TREES = (JEKYLL_SITE, PLAIN_TREE, JEKYLL_BUILD)
# The Jekyll site with Liquid in one post in five, and with it rendered.
LIQUID_SITE = "jekyll_site_liquid"
RENDERED_SITE = "jekyll_site_rendered"
SITE_FOLDERS = {
    JEKYLL_SITE: "site",
    LIQUID_SITE: "site-liquid",
    RENDERED_SITE: "site-rendered",
}


@dataclass(frozen=True)
class Config:
    """One way of building the same posts.

    ``cache`` is ``"off"`` (no content cache), ``"cold"`` (caches on, their
    folder removed before every build) or ``"warm"`` (caches kept: every timed
    build is a second build).
    """

    name: str
    label: str
    plugins: tuple[str, ...]
    theme: str  # "notmyidea" or "postcard"
    native: bool = False  # the posts in Pelican's own metadata (the floor)
    tree: str = ""  # another copy of the posts: "plain" has their Liquid rendered
    settings: dict[str, object] = field(default_factory=dict)
    # Keep the output folder between builds: every timed build is a rebuild of
    # an unchanged site (the warm-up build is the first one).
    keep_output: bool = False
    site: str = CONTENT
    cache: str = "off"

    def available(self) -> bool:
        if self.site == JEKYLL_BUILD:
            return shutil.which("jekyll") is not None
        wanted = PEER_PLUGINS if set(self.plugins) & set(PEER_PLUGINS) else ()
        return all(
            importlib.util.find_spec(f"pelican.plugins.{name}") is not None
            for name in wanted
        )


def _without(name: str) -> tuple[str, ...]:
    return tuple(p for p in BUNDLE if p != name)


# Share images are measured by their own configurations (images_*): the others
# measure what the plugins cost to read and write the pages.
NO_IMAGES: dict[str, object] = {"DESCRIPTION_CARDS_IMAGES": False}


CONFIGS: tuple[Config, ...] = (
    Config("floor", "plain Pelican, native metadata (floor)", (), "notmyidea", True),
    Config("front_matter", "front_matter + jekyll", READER, "notmyidea"),
    Config(
        "liquid_rendered",
        "front_matter + jekyll, the same posts with their Liquid rendered",
        READER,
        "notmyidea",
        tree="plain",
    ),
    Config(
        "cards_alone",
        "front_matter + jekyll + description_cards (injection)",
        (*READER, "description_cards"),
        "notmyidea",
        settings=NO_IMAGES,
    ),
    Config(
        "series_alone",
        "front_matter + jekyll + post_series",
        (*READER, "post_series"),
        "notmyidea",
    ),
    Config(
        "tags_alone",
        "front_matter + jekyll + tag_summaries",
        (*READER, "tag_summaries"),
        "notmyidea",
    ),
    Config(
        "bundle_notmyidea",
        "bundle, notmyidea (injection)",
        ("postcard",),
        "notmyidea",
        settings=NO_IMAGES,
    ),
    Config(
        "bundle_theme",
        "bundle, Postcard theme",
        ("postcard",),
        "postcard",
        settings=NO_IMAGES,
    ),
    Config(
        "bundle_theme_no_cards",
        "bundle − description_cards, Postcard theme",
        _without("description_cards"),
        "postcard",
    ),
    Config(
        "bundle_theme_no_series",
        "bundle − post_series, Postcard theme",
        _without("post_series"),
        "postcard",
        settings=NO_IMAGES,
    ),
    Config(
        "bundle_theme_no_tags",
        "bundle − tag_summaries, Postcard theme",
        _without("tag_summaries"),
        "postcard",
        settings=NO_IMAGES,
    ),
    Config(
        "images_on",
        "bundle, Postcard theme, share images (first build)",
        ("postcard",),
        "postcard",
    ),
    Config(
        "images_off_rebuild",
        "bundle, Postcard theme, rebuild",
        ("postcard",),
        "postcard",
        settings=NO_IMAGES,
        keep_output=True,
    ),
    Config(
        "images_on_rebuild",
        "bundle, Postcard theme, share images, rebuild",
        ("postcard",),
        "postcard",
        keep_output=True,
    ),
    Config(
        "peers",
        "peer stack, notmyidea",
        PEER_PLUGINS,
        "notmyidea",
        # What the peer stack needs to do the comparable job: pelican-seo's
        # OpenGraph and Twitter tags (its report has no counterpart in the bundle).
        settings={
            "SEO_REPORT": False,
            "SEO_ENHANCER": True,
            "SEO_ENHANCER_OPEN_GRAPH": True,
            "SEO_ENHANCER_TWITTER_CARDS": True,
        },
    ),
)


def _jekyll_configs() -> tuple[Config, ...]:
    """The Jekyll site three ways, each cold and warm: through ``JEKYLL_SITE``,
    with the same output written by plain settings, and by ``jekyll build``."""
    configs = []
    for cache in ("cold", "warm"):
        configs += [
            Config(
                f"jekyll_tree_{cache}",
                f"Jekyll site through JEKYLL_SITE, {cache}",
                ("postcard",),
                "postcard",
                site=JEKYLL_SITE,
                cache=cache,
            ),
            Config(
                f"jekyll_plain_{cache}",
                f"the same posts, plain settings, {cache}",
                ("postcard",),
                "postcard",
                site=PLAIN_TREE,
                cache=cache,
            ),
            Config(
                f"jekyll_real_{cache}",
                f"jekyll build, {cache}",
                (),
                "Jekyll layouts",
                site=JEKYLL_BUILD,
                cache=cache,
            ),
        ]
    return tuple(configs)


CONFIGS += _jekyll_configs()
CONFIGS += (
    Config(
        "jekyll_liquid",
        "Jekyll site through JEKYLL_SITE, Liquid in one post in five, cold",
        ("postcard",),
        "postcard",
        site=LIQUID_SITE,
        cache="cold",
    ),
    Config(
        "jekyll_liquid_rendered",
        "the same Jekyll site with that Liquid rendered, cold",
        ("postcard",),
        "postcard",
        site=RENDERED_SITE,
        cache="cold",
    ),
)
BY_NAME = {c.name: c for c in CONFIGS}
# Names --configs accepts for several configurations.
GROUPS = {
    "jekyll": tuple(c.name for c in CONFIGS if c.site in TREES),
    "liquid": (
        "front_matter",
        "liquid_rendered",
        "jekyll_liquid",
        "jekyll_liquid_rendered",
    ),
}


@dataclass(frozen=True)
class Target:
    """A promised ratio: ``numerator / denominator`` against ``limit``."""

    label: str
    numerator: str
    denominator: str
    limit: float
    at_least: bool = False  # the ratio must be >= limit (a speed-up), not <=


TARGETS: tuple[Target, ...] = (
    Target("front_matter vs Pelican's own reader", "front_matter", "floor", 1.05),
    Target(
        "rendering Liquid in one post in five",
        "front_matter",
        "liquid_rendered",
        1.05,
    ),
    Target(
        "rendering Liquid in one post in five of a Jekyll site (JEKYLL_SITE)",
        "jekyll_liquid",
        "jekyll_liquid_rendered",
        1.05,
    ),
    Target("bundle + Postcard theme vs floor", "bundle_theme", "floor", 1.10),
    Target(
        "description_cards, Postcard theme",
        "bundle_theme",
        "bundle_theme_no_cards",
        1.05,
    ),
    Target(
        "description_cards, injection into notmyidea",
        "cards_alone",
        "front_matter",
        1.15,
    ),
    Target("post_series alone (notmyidea)", "series_alone", "front_matter", 1.05),
    Target(
        "post_series in the bundle (Postcard theme)",
        "bundle_theme",
        "bundle_theme_no_series",
        1.05,
    ),
    Target("tag_summaries alone (notmyidea)", "tags_alone", "front_matter", 1.03),
    Target(
        "tag_summaries in the bundle (Postcard theme)",
        "bundle_theme",
        "bundle_theme_no_tags",
        1.03,
    ),
    Target(
        "share images, first build (drawing every image)",
        "images_on",
        "bundle_theme",
        1.25,
    ),
    Target(
        "share images, rebuild of an unchanged site (drawing none)",
        "images_on_rebuild",
        "images_off_rebuild",
        1.02,
    ),
    Target(
        "peer stack / bundle, notmyidea (speed-up)",
        "peers",
        "bundle_notmyidea",
        2.0,
        at_least=True,
    ),
    Target(
        "JEKYLL_SITE vs plain settings, cold",
        "jekyll_tree_cold",
        "jekyll_plain_cold",
        1.05,
    ),
    Target(
        "JEKYLL_SITE vs plain settings, warm",
        "jekyll_tree_warm",
        "jekyll_plain_warm",
        1.05,
    ),
    Target(
        "Pelican through JEKYLL_SITE vs jekyll build, cold",
        "jekyll_tree_cold",
        "jekyll_real_cold",
        1.0,
    ),
    Target(
        "Pelican through JEKYLL_SITE vs jekyll build, warm",
        "jekyll_tree_warm",
        "jekyll_real_warm",
        1.0,
    ),
)

NO_JEKYLL = (
    "`jekyll` is not installed: the ratios to `jekyll build` are skipped "
    "(Debian: apt-get install jekyll ruby-jekyll-feed ruby-jekyll-seo-tag)."
)

SCALE_CONFIGS = ("floor", "bundle_theme")
SCALE_LIMIT = 1.2  # time per post at the largest size / at the smallest


@dataclass
class Sample:
    wall: float
    cpu: float
    maxrss_mb: float


@dataclass
class Result:
    config: str
    posts: int
    samples: list[Sample] = field(default_factory=list)
    failed: str | None = None
    html_files: int = 0
    files: int = 0
    warnings: int = 0
    errors: int = 0
    log: str = ""

    @property
    def wall(self) -> float:
        return statistics.median(s.wall for s in self.samples)

    @property
    def cpu(self) -> float:
        return statistics.median(s.cpu for s in self.samples)

    @property
    def maxrss_mb(self) -> float:
        return max(s.maxrss_mb for s in self.samples)


def pelican_command() -> list[str]:
    """The real ``pelican`` command of the interpreter running this script."""
    script = Path(sys.executable).with_name("pelican")
    return [str(script)] if script.exists() else [sys.executable, "-m", "pelican"]


def prepare_corpus(posts: int, seed: int) -> Path:
    """Write (once per size, seed and generator) the Jekyll and the native copy,
    and the same posts as a whole Jekyll site (``site/``)."""
    # The generator's own hash in the name: an edited corpus.py never reuses old files.
    digest = hashlib.sha256((HERE / "corpus.py").read_bytes())
    for path in sorted(corpus_module.SITE_FILES.rglob("*")):
        if path.is_file():
            digest.update(path.read_bytes())
    root = WORK / f"corpus-{posts}-{seed}-{digest.hexdigest()[:10]}"
    done = root / ".complete"
    if done.exists():
        return root
    shutil.rmtree(root, ignore_errors=True)
    data = corpus_module.generate(posts, seed)
    corpus_module.write_jekyll(data, root / "jekyll" / "content")
    corpus_module.write_jekyll(data, root / "plain" / "content", liquid=False)
    corpus_module.write_native(data, root / "native" / "content")
    corpus_module.write_jekyll_site(data, root / "site", seed)
    for kind in ("liquid", "rendered"):
        corpus_module.write_jekyll_site(data, root / f"site-{kind}", seed, kind)
    done.write_text("ok\n")
    return root


def _settings_file(site: Path, lines: list[str]) -> Path:
    site.mkdir(parents=True, exist_ok=True)
    conf = site / "pelicanconf.py"
    header = '"""Generated by benchmarks/build.py."""'
    conf.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return conf


def write_settings(config: Config, corpus_root: Path, site: Path) -> Path:
    """A pelicanconf.py for one configuration, as a user would write it."""
    tree = config.tree or ("native" if config.native else "jekyll")
    content = corpus_root / tree / "content"
    lines = [
        'AUTHOR = "Bench Author"',
        'SITENAME = "Benchmark Blog"',
        'SITEURL = "https://bench.example.org"',
        "RELATIVE_URLS = False",
        f"PATH = {str(content)!r}",
        'TIMEZONE = "UTC"',
        'DEFAULT_LANG = "en"',
        'ARTICLE_PATHS = ["posts"]',
        'PAGE_PATHS = ["pages"]',
        "DEFAULT_PAGINATION = 10",
        "CACHE_CONTENT = False",
        "LOAD_CONTENT_CACHE = False",
        f"PLUGINS = {list(config.plugins)!r}",
    ]
    if config.theme == "postcard":
        lines += ["from pelican.plugins import postcard", "THEME = postcard.THEME"]
    lines += [f"{key} = {value!r}" for key, value in config.settings.items()]
    return _settings_file(site, lines)


def write_plain_settings(tree: Path, site: Path) -> Path:
    """Settings written by hand that make Pelican write what ``JEKYLL_SITE``
    writes of ``tree`` (the same posts, pages, static files, index and feed,
    with the same caches), without ``JEKYLL_SITE``."""
    cache = site / "cache"
    lines = [
        "import os",
        "from jinja2 import FileSystemBytecodeCache",
        "from pelican.plugins import postcard",
        'PLUGINS = ["postcard"]',
        "THEME = postcard.THEME",
        f"PATH = {str(tree)!r}",
        'SITENAME = "Benchmark Blog"',
        'SITESUBTITLE = "Field notes on code, travel and the rest, written over '
        'ten years."',
        'SITEURL = "https://bench.example.org"',
        'AUTHOR = "Bench Author"',
        'TIMEZONE = "UTC"',
        'DEFAULT_LANG = "en"',
        'ARTICLE_PATHS = ["_posts"]',
        'PAGE_PATHS = ["about.md", "404.html"]',
        'STATIC_PATHS = ["assets", "favicon.ico", "robots.txt", "CNAME"]',
        "FRONT_MATTER_HTML = True",
        # Jekyll's "date" permalink; the day is the post's own, not UTC's.
        'ARTICLE_URL = "{category}/{date:%Y}/{date:%m}/{date:%d}/{slug}.html"',
        "ARTICLE_SAVE_AS = ARTICLE_URL",
        'DIRECT_TEMPLATES = ["index"]',
        "DEFAULT_PAGINATION = False",
        'AUTHOR_SAVE_AS = CATEGORY_SAVE_AS = TAG_SAVE_AS = ""',
        'AUTHOR_URL = CATEGORY_URL = TAG_URL = ""',
        'FEED_ALL_ATOM = "feed.xml"',
        "FEED_MAX_ITEMS = 10",
        "CATEGORY_FEED_ATOM = AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None",
        "TRANSLATION_FEED_ATOM = None",
        'POST_SERIES_INDEX_SAVE_AS = POST_SERIES_FEED_ATOM = SITEMAP_SAVE_AS = ""',
        "DESCRIPTION_CARDS_IMAGES = False",
        # kramdown, and Jekyll's excerpts (a post's first paragraph) as summaries
        "JEKYLL_KRAMDOWN = True",
        'JEKYLL_EXCERPT_SEPARATOR = "\\n\\n"',
        f"CACHE_PATH = {str(cache)!r}",
        "CACHE_CONTENT = True",
        "LOAD_CONTENT_CACHE = True",
        f"os.makedirs({str(cache / 'jinja')!r}, exist_ok=True)",
        "JINJA_ENVIRONMENT = {",
        '    "trim_blocks": True,',
        '    "lstrip_blocks": True,',
        f'    "bytecode_cache": FileSystemBytecodeCache({str(cache / "jinja")!r}),',
        "}",
    ]
    return _settings_file(site, lines)


@dataclass(frozen=True)
class Build:
    """How one configuration is built: the command, where it runs, where it
    writes, and its caches (removed before each build when cold)."""

    command: list[str]
    cwd: Path
    output: Path
    caches: tuple[Path, ...] = ()


def prepare_build(config: Config, corpus_root: Path, folder: Path) -> Build:
    """Lay out one configuration's site below ``folder``; a Jekyll site is
    copied afresh, so that its caches are its own."""
    output = folder / "output"
    if config.site == CONTENT:
        conf = write_settings(config, corpus_root, folder)
        return Build(
            [*pelican_command(), "-s", str(conf), "-o", str(output)], folder, output
        )
    if config.site == PLAIN_TREE:
        conf = write_plain_settings(corpus_root / "site", folder)
        command = [*pelican_command(), "-s", str(conf), "-o", str(output)]
        return Build(command, folder, output, (folder / "cache",))
    tree = folder / "site"
    shutil.rmtree(tree, ignore_errors=True)
    shutil.copytree(corpus_root / SITE_FOLDERS.get(config.site, "site"), tree)
    if config.site in SITE_FOLDERS:
        # The contract: its four-line pelicanconf.py, run in the site's folder.
        command = [*pelican_command(), "-s", "pelicanconf.py", "-o", str(output)]
        return Build(command, tree, output, (tree / "cache",))
    command = [str(shutil.which("jekyll")), "build", "--destination", str(output)]
    return Build(command, tree, output, (tree / ".jekyll-cache",))


LEVEL = re.compile(r"^\[?[\d:. ]*\]?\s*(WARNING|ERROR|CRITICAL)\b", re.MULTILINE)
# Jekyll's log: a topic ending in ":" (right-aligned), then the message.
JEKYLL_TOPIC = re.compile(r"^\s*([A-Z][\w ]*?):", re.MULTILINE)


def log_levels(text: str, jekyll: bool) -> tuple[int, int]:
    """The warnings and errors (and criticals) a build's log shows."""
    if not jekyll:
        levels = LEVEL.findall(text)
        return levels.count("WARNING"), len(levels) - levels.count("WARNING")
    topics = JEKYLL_TOPIC.findall(text)
    errors = sum(1 for t in topics if "Error" in t or "Exception" in t)
    warnings = sum(1 for t in topics if "Warning" in t or "Deprecation" in t)
    return warnings, errors


def build_once(
    build: Build, log: Path, cold: bool, keep_output: bool = False
) -> tuple[Sample, int]:
    """Run one build in a fresh process; return its sample and exit code."""
    if not keep_output:
        shutil.rmtree(build.output, ignore_errors=True)
    if cold:
        for cache in build.caches:
            shutil.rmtree(cache, ignore_errors=True)
    env = {
        **os.environ,
        "COLUMNS": "200",
        "PYTHONDONTWRITEBYTECODE": "1",
        "LANG": "C.UTF-8",
    }
    with log.open("w", encoding="utf-8") as stream:
        start = time.perf_counter()
        proc = subprocess.Popen(
            build.command,
            cwd=build.cwd,
            env=env,
            stdout=stream,
            stderr=subprocess.STDOUT,
        )
        # wait4 gives this child's own peak memory and CPU time.
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    sample = Sample(
        wall=wall, cpu=usage.ru_utime + usage.ru_stime, maxrss_mb=usage.ru_maxrss / 1024
    )
    return sample, proc.returncode


def _first_build(result: Result, build: Build, log: Path, jekyll: bool) -> None:
    """What the first build wrote and logged."""
    text = log.read_text(encoding="utf-8", errors="replace")
    result.warnings, result.errors = log_levels(text, jekyll)
    written = [p for p in build.output.rglob("*") if p.is_file()]
    result.html_files = sum(1 for p in written if p.suffix == ".html")
    result.files = len(written)
    result.log = str(log)


def measure(
    configs: Sequence[Config], posts: int, seed: int, repeats: int, warmup: int
) -> dict[str, Result]:
    """Build every configuration ``warmup + repeats`` times, in rotating order."""
    corpus_root = prepare_corpus(posts, seed)
    results = {c.name: Result(c.name, posts) for c in configs}
    builds = {
        c.name: prepare_build(c, corpus_root, WORK / f"site-{posts}" / c.name)
        for c in configs
    }
    for build in builds.values():
        # Every configuration starts from nothing, whatever an older run left.
        shutil.rmtree(build.output, ignore_errors=True)
    total = warmup + repeats
    for round_number in range(total):
        shift = round_number % len(configs)
        order = list(configs[shift:]) + list(configs[:shift])
        for config in order:
            result = results[config.name]
            if result.failed:
                continue
            build = builds[config.name]
            log = build.output.parent / "build.log"
            sample, code = build_once(
                build, log, config.cache == "cold", config.keep_output
            )
            kind = "warm-up" if round_number < warmup else "run"
            step = f"{kind} {round_number + 1}/{total}"
            print(
                f"  {posts:>6} posts  {config.name:<24} {step}  {sample.wall:7.2f} s",
                file=sys.stderr,
                flush=True,
            )
            if code != 0:
                kept = log.with_name(f"failed-{round_number + 1}.log")
                shutil.copy(log, kept)
                result.failed = f"exit {code} in build {round_number + 1}, see {kept}"
                continue
            if round_number == 0:
                _first_build(result, build, log, config.site == JEKYLL_BUILD)
            if round_number >= warmup:
                result.samples.append(sample)
    return results


def machine_line(python_version: str, pelican_version: str) -> str:
    cpu = platform.processor() or "unknown CPU"
    with open("/proc/cpuinfo", encoding="utf-8") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    today = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"{cpu}, {os.cpu_count()} cores, Python {python_version}, "
        f"Pelican {pelican_version}, {today}, load average at start {load}"
    )


def ratio(
    results: dict[str, Result], top: str, bottom: str, measure: str = "wall"
) -> float | None:
    """``top / bottom`` by median wall time, median CPU time or best wall time."""
    a, b = results.get(top), results.get(bottom)
    if not a or not b or a.failed or b.failed or not a.samples or not b.samples:
        return None
    if measure == "best":
        return min(s.wall for s in a.samples) / min(s.wall for s in b.samples)
    return getattr(a, measure) / getattr(b, measure)


def _fmt(value: float | None, pattern: str = "{:.3f}") -> str:
    return "n/a" if value is None else pattern.format(value)


def main_table(results: dict[str, Result], posts: int) -> str:
    rows = [
        f"Build of {posts} posts; median of the timed runs; ratio = wall time / floor"
        " (n/a without the floor).",
        "",
        "| configuration | plugins | theme | wall s (median) | range | CPU s | "
        "peak MB | ratio | HTML files | files | warnings / errors |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, result in results.items():
        config = BY_NAME[name]
        plugins = ", ".join(config.plugins) or "none"
        if result.failed or not result.samples:
            rows.append(
                f"| {config.label} | {plugins} | {config.theme} | failed: "
                f"{result.failed or 'no sample'} | | | | | | | |"
            )
            continue
        walls = [s.wall for s in result.samples]
        rows.append(
            f"| {config.label} | {plugins} | {config.theme} | {result.wall:.2f} | "
            f"{min(walls):.2f}–{max(walls):.2f} | {result.cpu:.2f} | "
            f"{result.maxrss_mb:.0f} | {_fmt(ratio(results, name, 'floor'))} | "
            f"{result.html_files} | {result.files} | "
            f"{result.warnings} / {result.errors} |"
        )
    return "\n".join(rows)


def _verdict(target: Target, value: float) -> str:
    held = value >= target.limit if target.at_least else value <= target.limit
    return "yes" if held else "**no**"


def targets_table(
    results: dict[str, Result], skipped: Sequence[str] = ()
) -> tuple[str, list[dict[str, object]]]:
    """The targets whose configurations were asked for (measured or not)."""
    asked = {*results, *skipped}
    rows = [
        "| target | ratio (median wall) | best-of ratio | CPU ratio | limit | "
        "holds (wall / CPU) |",
        "|---|---:|---:|---:|---:|---|",
    ]
    verdicts = []
    for target in TARGETS:
        if not {target.numerator, target.denominator} <= asked | {"floor"}:
            continue
        value = ratio(results, target.numerator, target.denominator)
        cpu = ratio(results, target.numerator, target.denominator, "cpu")
        best = ratio(results, target.numerator, target.denominator, "best")
        sign = "≥" if target.at_least else "≤"
        failed = [
            n
            for n in (target.numerator, target.denominator)
            if n in results and results[n].failed
        ]
        if failed:
            holds = f"**build failed** ({', '.join(failed)})"
        elif value is None or cpu is None:
            holds = "not measured"
        else:
            holds = f"{_verdict(target, value)} / {_verdict(target, cpu)}"
        rows.append(
            f"| {target.label} ({target.numerator} / {target.denominator}) | "
            f"{_fmt(value)} | {_fmt(best)} | {_fmt(cpu)} | {sign} {target.limit:.2f} | "
            f"{holds} |"
        )
        verdicts.append(
            {**asdict(target), "ratio": value, "best_ratio": best, "cpu_ratio": cpu}
        )
    return "\n".join(rows), verdicts


def scale_table(by_size: dict[int, dict[str, Result]]) -> str:
    sizes = sorted(by_size)
    rows = [
        "| configuration | "
        + " | ".join(f"{n} posts: s (ms/post)" for n in sizes)
        + f" | ms/post ratio {sizes[-1]} / {sizes[0]} (≤ {SCALE_LIMIT}) |",
        "|---|" + "---:|" * (len(sizes) + 1),
    ]
    for name in SCALE_CONFIGS:
        cells, per_post = [], []
        for size in sizes:
            result = by_size[size].get(name)
            if not result or not result.samples:
                cells.append("n/a")
                per_post.append(None)
                continue
            per_post.append(result.wall / size)
            cells.append(f"{result.wall:.2f} ({1000 * result.wall / size:.2f})")
        growth = per_post[-1] / per_post[0] if per_post[0] and per_post[-1] else None
        verdict = (
            "" if growth is None else (" yes" if growth <= SCALE_LIMIT else " **no**")
        )
        rows.append(
            f"| {BY_NAME[name].label} | "
            + " | ".join(cells)
            + f" | {_fmt(growth)}{verdict} |"
        )
    return "\n".join(rows)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=2000, help="posts in the main run")
    parser.add_argument(
        "--repeats", type=int, default=5, help="timed builds per config"
    )
    parser.add_argument("--warmup", type=int, default=1, help="untimed builds first")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument(
        "--configs",
        default="all",
        help="comma-separated configuration names (see --list), or 'all'",
    )
    parser.add_argument(
        "--scale",
        default="1000,10000",
        help="post counts for the growth check (bundle and floor)",
    )
    parser.add_argument("--no-scale", action="store_true", help="skip the growth check")
    parser.add_argument("--scale-repeats", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write raw results here")
    parser.add_argument("--list", action="store_true", help="list configurations")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.list:
        for config in CONFIGS:
            state = "" if config.available() else "  (not installed)"
            print(f"{config.name:<24} {config.label}{state}")
        return 0
    names = (
        [c.name for c in CONFIGS] if args.configs == "all" else args.configs.split(",")
    )
    names = [n for name in names for n in GROUPS.get(name, (name,))]
    unknown = [n for n in names if n not in BY_NAME]
    if unknown:
        print(f"unknown configuration(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    configs = [BY_NAME[n] for n in names]
    skipped = [c.name for c in configs if not c.available()]
    configs = [c for c in configs if c.available()]
    needs_floor = any(c.site == CONTENT for c in configs)
    if needs_floor and "floor" not in {c.name for c in configs}:
        configs.insert(0, BY_NAME["floor"])
    if any(BY_NAME[n].site == JEKYLL_BUILD for n in skipped):
        print(NO_JEKYLL, file=sys.stderr)

    python_version = platform.python_version()
    pelican_version = importlib.metadata.version("pelican")
    header = machine_line(python_version, pelican_version)
    WORK.mkdir(exist_ok=True)

    results = measure(configs, args.posts, args.seed, args.repeats, args.warmup)
    by_size: dict[int, dict[str, Result]] = {}
    if not args.no_scale:
        scale_configs = [BY_NAME[n] for n in SCALE_CONFIGS]
        for size in (int(x) for x in args.scale.split(",")):
            by_size[size] = measure(
                scale_configs, size, args.seed, args.scale_repeats, args.warmup
            )

    load_at_end = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    command = "python benchmarks/build.py " + " ".join(
        sys.argv[1:] if argv is None else argv
    )
    parts = [
        f"### Build time, {args.posts} posts",
        "",
        f"Machine: {header}, at end {load_at_end}.  ",
        f"Command: `{command.strip()}` ({args.warmup} warm-up + {args.repeats} timed "
        "builds per configuration, in rotating order, each a fresh `pelican` or "
        "`jekyll build` process).",
        "",
        main_table(results, args.posts),
        "",
    ]
    if skipped:
        parts += [f"Not installed, not measured: {', '.join(skipped)}.", ""]
    if any(BY_NAME[n].site == JEKYLL_BUILD for n in skipped):
        parts += [NO_JEKYLL, ""]
    targets, verdicts = targets_table(results, skipped)
    parts += ["#### Targets", "", targets, ""]
    if by_size:
        parts += [
            "#### Growth (time per post)",
            "",
            f"Median of {args.scale_repeats} builds after {args.warmup} warm-up.",
            "",
            scale_table(by_size),
            "",
        ]
    report = "\n".join(parts)
    print(report)
    (WORK / f"results-{args.posts}.md").write_text(report, encoding="utf-8")
    if args.json:
        raw = {
            "machine": header,
            "command": command,
            "results": {n: asdict(r) for n, r in results.items()},
            "targets": verdicts,
            "scale": {
                s: {n: asdict(r) for n, r in rs.items()} for s, rs in by_size.items()
            },
        }
        args.json.write_text(json.dumps(raw, indent=2), encoding="utf-8")
    return 0 if all(not r.failed for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
