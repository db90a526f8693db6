"""The Postcard theme on real Pelican builds: templates, settings, URLs, fallbacks.

Sites are written in Pelican's native ``Key: value`` metadata so the same content
builds with every combination of the bundle's plugins, including none.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from sitebuilder import BuiltSite, build_site

from pelican.plugins import postcard

THEME = postcard.THEME
BUNDLE = ["front_matter", "description_cards", "post_series", "tag_summaries"]

POSTS = {
    "posts/pycon.md": """
        Title: PyCon US
        Date: 2024-05-21 07:00
        Tags: Life, Python
        Description: A Python Developer's Conference in Pittsburgh, PA
        Series_link: europe-trip

        # PyCon US 2024

        ## The talks

        Talks and open spaces, and [the trip]({series}europe-trip) to come.
        """,
    "posts/planning.md": """
        Title: Europe, part 1: Planning
        Date: 2024-11-02 09:30
        Tags: Travel, Life
        Category: Travel
        Description: How we picked six cities.
        Series: Europe Trip
        Series_index: 1

        Spreadsheets, visas and a map.
        """,
    "posts/logging.md": """
        Title: Logging that helps
        Date: 2024-06-02 21:00
        Tags: Python
        Description: Three habits for better logs.
        Series_link: cli-tools

        Log the decision, not just the event.
        """,
    "posts/laptop.md": """
        Title: A repairable laptop
        Date: 2024-07-01 08:00
        Tags: Hardware, Python
        Summary: A week with a modular laptop.

        Swapping a port took less time than finding the screwdriver.
        """,
    "pages/about.md": """
        Title: About
        Description: Who writes this blog.

        A Python developer who likes conferences.
        """,
    "series/europe-trip.md": """
        ---
        title: Europe Trip
        description: Three months of working remotely across Europe.
        planned:
          - title: Planning
            index: 1
          - title: Lisbon
            index: 2
            description: Coworking by the river.
          - Berlin
        ---

        The story, one part at a time.
        """,
    "series/cli-tools.md": """
        ---
        title: Small CLI tools
        description: Command-line tools I mean to write.
        planned:
          - A CSV of trips to a map
          - A front matter linter
        ---
        """,
    "tags/life.md": """
        ---
        title: Life
        description: Personal notes from conferences and travel.
        ---
        """,
}

BASE_SETTINGS = {
    "ARTICLE_PATHS": ["posts"],
    "PAGE_PATHS": ["pages"],
    "SITENAME": "Postcard Test",
    "SITESUBTITLE": "Notes from a test",
    "AUTHOR": "Sam",
    "DEFAULT_PAGINATION": 2,
    "DEFAULT_DATE_FORMAT": "%B %d, %Y",
    "RELATIVE_URLS": True,
}

PLUGIN_SETS = {
    "none": [],
    "front_matter": ["front_matter"],
    "description_cards": ["description_cards"],
    "post_series": ["post_series"],
    "tag_summaries": ["tag_summaries"],
    "bundle": ["postcard"],
}


def build_theme_site(root: Path, plugins=None, files=None, **settings) -> BuiltSite:
    site = build_site(
        root,
        files if files is not None else POSTS,
        {**BASE_SETTINGS, **settings},
        plugins=["postcard"] if plugins is None else plugins,
        theme=THEME,
    )
    template_errors = [m for m in site.errors if "template" in m.lower()]
    assert not template_errors, template_errors
    return site


def html_pages(site: BuiltSite) -> dict[str, BeautifulSoup]:
    return {
        p.relative_to(site.output).as_posix(): BeautifulSoup(
            p.read_text(encoding="utf-8"), "html.parser"
        )
        for p in sorted(site.output.rglob("*.html"))
    }


def resolve(site: BuiltSite, page: str, href: str) -> Path | None:
    """The output file a site-internal ``href`` on ``page`` points at, else None."""
    parts = urlsplit(urljoin(f"file:///{page}", href))
    if parts.scheme != "file":
        return None
    target = site.output / parts.path.lstrip("/")
    return target / "index.html" if parts.path.endswith("/") else target


@pytest.fixture(scope="module", params=list(PLUGIN_SETS))
def any_site(request, tmp_path_factory) -> tuple[str, BuiltSite]:
    root = tmp_path_factory.mktemp(f"theme-{request.param}")
    return request.param, build_theme_site(root, PLUGIN_SETS[request.param])


@pytest.fixture(scope="module")
def bundle_site(tmp_path_factory) -> BuiltSite:
    return build_theme_site(tmp_path_factory.mktemp("theme-bundle"), ["postcard"])


# --- With any set of plugins, or none, the theme builds a correct site -------------


def test_every_page_is_complete(any_site) -> None:
    name, site = any_site
    pages = html_pages(site)
    expected = ["index.html", "pycon-us.html", "tags.html", "archives.html"]
    expected += ["tag/life.html", "categories.html", "authors.html", "pages/about.html"]
    for rel in expected:
        assert rel in pages, f"[{name}] {rel} was not written"
    for rel, soup in pages.items():
        assert len(soup.find_all("h1")) == 1, f"[{name}] {rel}: h1 count"
        for landmark in ("header", "nav", "main", "footer"):
            assert soup.body.find(landmark), f"[{name}] {rel}: no <{landmark}>"
        assert soup.select_one("a.skip-link[href='#main']"), f"[{name}] {rel}"


def test_every_internal_link_resolves(any_site) -> None:
    name, site = any_site
    for rel, soup in html_pages(site).items():
        for el in soup.select("[href], [src]"):
            if el.find_parent(class_="post-body"):
                continue  # a post's own links are the author's (here: {series} links)
            url = el.get("href") or el.get("src")
            target = resolve(site, rel, url)
            if target is not None and not url.startswith("#"):
                assert target.is_file(), f"[{name}] {rel}: {url} -> {target}"


def test_listings_show_a_card_per_post(any_site) -> None:
    name, site = any_site
    index = site.soup("index.html")
    cards = index.select("ol.cards > li")
    assert len(cards) == 2, f"[{name}] index page 1 holds DEFAULT_PAGINATION cards"
    titles = [li.find(["h2", "h3"]).get_text(strip=True) for li in cards]
    assert titles == ["Europe, part 1: Planning", "A repairable laptop"]
    text = " ".join(li.get_text(" ", strip=True) for li in cards)
    assert "How we picked six cities." in text
    assert "A week with a modular laptop." in text
    tag = site.soup("tag/python.html")
    assert len(tag.select("ol.cards > li")) == 2
    assert tag.select_one('nav.pagination a[rel="next"]')


def test_article_lead_meta_and_tags(any_site) -> None:
    _, site = any_site
    soup = site.soup("pycon-us.html")
    article = soup.select_one("main article")
    assert article.h1.get_text(strip=True) == "PyCon US"
    assert "A Python Developer's Conference in Pittsburgh, PA" in article.get_text()
    time = article.select_one("header time[datetime]")
    assert time["datetime"].startswith("2024-05-21")
    tags = [a.get_text(strip=True) for a in article.select("header a[rel='tag']")]
    assert tags == ["Life", "Python"]


def test_post_headings_move_down_a_level(any_site) -> None:
    _, site = any_site
    body = site.soup("pycon-us.html").select_one(".post-body")
    assert not body.find("h1")
    assert body.find("h2").get_text(strip=True) == "PyCon US 2024"
    assert body.find("h3").get_text(strip=True) == "The talks"


def test_without_plugins_falls_back_to_pelican(tmp_path: Path) -> None:
    site = build_theme_site(tmp_path, [])
    tags = site.soup("tags.html")
    assert [a.get_text() for a in tags.select("main ul a")] == [
        "Hardware",
        "Life",
        "Python",
        "Travel",
    ]
    assert not site.exists("series/europe-trip.html")
    menu = [a.get_text() for a in site.soup("index.html").select(".site-nav a")]
    assert "Series" not in menu and "Tags" in menu
    life = site.soup("tag/life.html")
    assert life.h1.get_text(strip=True) == "Life"
    assert not life.find("svg")
    description = site.soup("pycon-us.html").find("meta", attrs={"name": "description"})
    assert description["content"] == "A Python Developer's Conference in Pittsburgh, PA"


# --- With the bundle: series, tag summaries and cards ------------------------------


def test_article_in_a_series_has_navigation_and_pager(bundle_site: BuiltSite) -> None:
    soup = bundle_site.soup("europe-part-1-planning.html")
    main = soup.main
    assert "Part 1" in main.get_text(" ") or "part 1" in main.get_text(" ")
    series_links = [a["href"] for a in main.select("a[href]")]
    assert any(href.endswith("series/europe-trip.html") for href in series_links)
    pager = main.select_one("nav.series-pager")
    assert pager is not None, "no previous/next at the bottom"
    assert "Lisbon" in pager.get_text(), "the next promised part is announced"


def test_series_link_callout(bundle_site: BuiltSite) -> None:
    main = bundle_site.soup("pycon-us.html").main
    body_link = main.select_one(".post-body a")
    assert body_link["href"].endswith("series/europe-trip.html")
    after_body = main.select_one(".post-body").find_all_next("a")
    assert any(a["href"].endswith("series/europe-trip.html") for a in after_body), (
        "no call-out for series_link after the post"
    )


def test_callout_for_a_series_with_only_promised_parts(bundle_site: BuiltSite) -> None:
    main = bundle_site.soup("logging-that-helps.html").main
    callout = main.select_one(".post-body ~ aside")
    assert callout is not None, "no call-out after the post"
    assert "Small CLI tools" in callout.get_text()
    assert "2 coming soon" in callout.get_text()
    link = callout.select_one("a[href$='series/cli-tools.html']")
    assert link is not None and bundle_site.exists("series/cli-tools.html")
    planned = bundle_site.soup("series/cli-tools.html").select("#parts + ol.cards > li")
    assert [li.h3.get_text(strip=True) for li in planned] == [
        "A CSV of trips to a map",
        "A front matter linter",
    ]


def test_series_pages(bundle_site: BuiltSite) -> None:
    soup = bundle_site.soup("series/europe-trip.html")
    assert soup.h1.get_text(strip=True) == "Europe Trip"
    main = soup.main
    assert "Three months of working remotely across Europe." in main.get_text()
    parts = main.select("#parts + ol.cards > li")
    assert [li.find("h3").get_text(strip=True) for li in parts] == [
        "Europe, part 1: Planning",
        "Lisbon",
        "Berlin",
    ], "published and promised parts, in order, under an h2"
    assert parts[0].select_one("article.card a[href]")
    assert [li.select_one("a") for li in parts[1:]] == [None, None]
    assert "Coming soon" in parts[1].get_text() and "Coming soon" in parts[2].get_text()
    feed = soup.select_one('head link[rel="alternate"][href$="europe-trip.atom.xml"]')
    assert feed is not None and bundle_site.exists("feeds/series/europe-trip.atom.xml")
    mentioned = [a.get_text(strip=True) for a in main.select("#linked-from ~ ul a")]
    assert mentioned == ["PyCon US"]
    index = bundle_site.soup("series/index.html")
    assert index.h1.get_text(strip=True) == "Series"
    assert "Europe Trip" in index.main.get_text()
    menu = bundle_site.soup("index.html").select(".site-nav a")
    assert "Series" in [a.get_text() for a in menu]


def test_tag_page_summary_and_chart(bundle_site: BuiltSite) -> None:
    soup = bundle_site.soup("tag/life.html")
    main = soup.main
    assert len(soup.find_all("h1")) == 1
    assert "Personal notes from conferences and travel." in main.get_text()
    chart = main.select_one("figure svg[role='img']")
    assert chart is not None, "no bar chart"
    label = chart["aria-label"]
    assert "May 2024: 1" in label and "Nov 2024: 1" in label
    bars = chart.find_all("rect")
    assert len(bars) == 7, "one bar per month from May to November"
    assert main.select_one("figure figcaption")
    assert len(main.select("ol.cards > li")) == 2


def test_tags_index_is_weighted_with_counts(bundle_site: BuiltSite) -> None:
    main = bundle_site.soup("tags.html").main
    text = main.get_text(" ", strip=True)
    assert "Personal notes from conferences and travel." in text
    assert "Python" in text and "Hardware" in text


def test_head_has_card_metadata_once(bundle_site: BuiltSite) -> None:
    head = bundle_site.soup("pycon-us.html").head
    descriptions = head.find_all("meta", attrs={"name": "description"})
    assert len(descriptions) == 1
    assert (
        descriptions[0]["content"]
        == "A Python Developer's Conference in Pittsburgh, PA"
    )
    assert len(head.find_all("meta", attrs={"property": "og:description"})) == 1


# --- Pelican's settings -------------------------------------------------------------


def test_menu_links_and_social_settings(tmp_path: Path) -> None:
    site = build_theme_site(
        tmp_path,
        MENUITEMS=[("Home page", "/"), ("Projects", "https://example.com/projects")],
        DISPLAY_PAGES_ON_MENU=False,
        DISPLAY_CATEGORIES_ON_MENU=True,
        LINKS=[("Pelican", "https://getpelican.com/")],
        SOCIAL=[("Mastodon", "https://mastodon.example/@sam")],
        POSTCARD_SECTIONS_ON_MENU=False,
    )
    soup = site.soup("index.html")
    menu = [(a.get_text(), a["href"]) for a in soup.select(".site-nav a")]
    assert menu[:2] == [
        ("Home page", "/"),
        ("Projects", "https://example.com/projects"),
    ]
    names = [name for name, _ in menu]
    assert "About" not in names and "Travel" in names and "Tags" not in names
    footer = soup.footer
    assert footer.find("a", string="Pelican")["href"] == "https://getpelican.com/"
    assert footer.find("a", string="Mastodon")["rel"] == ["me"]
    current = site.soup("category/travel.html").select_one(".site-nav [aria-current]")
    assert current.get_text() == "Travel"


def test_pages_on_menu_and_current_page(tmp_path: Path) -> None:
    site = build_theme_site(tmp_path)
    about = site.soup("pages/about.html")
    current = about.select_one(".site-nav [aria-current='page']")
    assert current.get_text() == "About"
    tags = site.soup("tags.html").select_one(".site-nav [aria-current='page']")
    assert tags.get_text() == "Tags"


def test_feed_autodiscovery_for_every_feed_setting(tmp_path: Path) -> None:
    site = build_theme_site(
        tmp_path,
        SITEURL="https://blog.example",
        RELATIVE_URLS=False,
        FEED_ALL_ATOM="feeds/all.atom.xml",
        FEED_ALL_RSS="feeds/all.rss.xml",
        FEED_ATOM="feeds/atom.xml",
        FEED_RSS="feeds/rss.xml",
        CATEGORY_FEED_ATOM="feeds/{slug}.atom.xml",
        CATEGORY_FEED_RSS="feeds/{slug}.rss.xml",
        TAG_FEED_ATOM="feeds/tag/{slug}.atom.xml",
        TAG_FEED_RSS="feeds/tag/{slug}.rss.xml",
        AUTHOR_FEED_ATOM="feeds/author/{slug}.atom.xml",
        AUTHOR_FEED_RSS="feeds/author/{slug}.rss.xml",
    )

    def feeds(rel: str) -> set[str]:
        soup = site.soup(rel)
        return {
            link["href"] for link in soup.select('head link[rel="alternate"][type]')
        }

    site_wide = {
        "https://blog.example/feeds/all.atom.xml",
        "https://blog.example/feeds/all.rss.xml",
        "https://blog.example/feeds/atom.xml",
        "https://blog.example/feeds/rss.xml",
    }
    assert site_wide <= feeds("index.html")
    assert {
        "https://blog.example/feeds/tag/life.atom.xml",
        "https://blog.example/feeds/tag/life.rss.xml",
    } <= feeds("tag/life.html")
    assert "https://blog.example/feeds/travel.atom.xml" in feeds("category/travel.html")
    assert "https://blog.example/feeds/author/sam.rss.xml" in feeds("author/sam.html")
    assert "https://blog.example/feeds/tag/life.atom.xml" not in feeds("index.html")
    for url in site_wide | feeds("tag/life.html"):
        assert (site.output / url.removeprefix("https://blog.example/")).is_file(), url


def test_absolute_siteurl_links(tmp_path: Path) -> None:
    site = build_theme_site(
        tmp_path, SITEURL="https://blog.example", RELATIVE_URLS=False
    )
    for rel, soup in html_pages(site).items():
        for el in soup.select("a[href], link[href], img[src]"):
            url = el.get("href") or el.get("src")
            if el.find_parent(class_="post-body"):
                continue  # the author's links
            if url.startswith(("#", "mailto:")) or "getpelican.com" in url:
                continue
            assert url.startswith("https://blog.example/"), f"{rel}: {url}"
            assert (site.output / urlsplit(url).path.lstrip("/")).exists(), url


def test_root_relative_links_without_siteurl(tmp_path: Path) -> None:
    site = build_theme_site(tmp_path, RELATIVE_URLS=False)
    soup = site.soup("tag/life.html")
    sheet = soup.select_one('link[rel="stylesheet"]')["href"]
    assert sheet == "/theme/css/postcard.css"
    assert soup.select_one(".site-title a")["href"] == "/"


def test_default_lang_and_css_file(tmp_path: Path) -> None:
    extra = tmp_path / "my-static"
    (extra / "css").mkdir(parents=True)
    (extra / "css" / "custom.css").write_text("body { color: red; }", encoding="utf-8")
    site = build_theme_site(
        tmp_path / "site",
        DEFAULT_LANG="nl",
        CSS_FILE="custom.css",
        THEME_STATIC_PATHS=[str(Path(THEME) / "static"), str(extra)],
    )
    soup = site.soup("index.html")
    assert soup.html["lang"] == "nl"
    href = soup.select_one('link[rel="stylesheet"]')["href"]
    assert href == "./theme/css/custom.css"
    assert site.exists("theme/css/custom.css")
    # Pelican's default CSS_FILE ("main.css") means the theme's own stylesheet.
    default = build_theme_site(tmp_path / "default", CSS_FILE="main.css")
    href = default.soup("index.html").select_one('link[rel="stylesheet"]')["href"]
    assert href == "./theme/css/postcard.css"


def test_translations_have_hreflang(tmp_path: Path) -> None:
    files = {
        **POSTS,
        "posts/pycon-fr.md": """
            Title: PyCon US en français
            Date: 2024-05-21 07:00
            Slug: pycon-us
            Lang: fr
            Tags: Life
            Description: Une conférence Python à Pittsburgh.

            Des conférences et des discussions.
            """,
    }
    site = build_theme_site(tmp_path, files=files, DEFAULT_LANG="en")
    english = site.soup("pycon-us.html")
    alternates = {
        link["hreflang"]: link["href"]
        for link in english.select('head link[rel="alternate"][hreflang]')
    }
    assert alternates == {"en": "./pycon-us.html", "fr": "./pycon-us-fr.html"}
    visible = english.select_one("nav.translations a[hreflang='fr']")
    assert visible["href"] == "./pycon-us-fr.html" and visible["lang"] == "fr"
    french = site.soup("pycon-us-fr.html")
    assert french.html["lang"] == "fr"


def test_period_archives(tmp_path: Path) -> None:
    site = build_theme_site(
        tmp_path,
        YEAR_ARCHIVE_SAVE_AS="{date:%Y}/index.html",
        YEAR_ARCHIVE_URL="{date:%Y}/",
        MONTH_ARCHIVE_SAVE_AS="{date:%Y}/{date:%m}/index.html",
    )
    year = site.soup("2024/index.html")
    assert year.h1.get_text(strip=True) == "2024"
    assert len(year.select("ol.archive li")) == 4
    month = site.soup("2024/05/index.html")
    assert month.h1.get_text(strip=True) == "May 2024"
    archives = site.soup("archives.html")
    assert [h.contents[0].strip() for h in archives.select("main h2")] == ["2024"]


# --- Every value is escaped where it lands ------------------------------------------

HOSTILE = '<script>alert("x")</script> & "quoted" </title>'


@pytest.mark.parametrize("plugins", [[], ["postcard"]], ids=["no-plugins", "bundle"])
def test_hostile_values_render_as_text(tmp_path: Path, plugins: list[str]) -> None:
    files = {
        "posts/evil.md": f"""
            Title: {HOSTILE}
            Date: 2024-05-21 07:00
            Tags: <b>bold</b>", Life
            Description: {HOSTILE}
            Series: {HOSTILE}

            Body.
            """,
    }
    site = build_theme_site(
        tmp_path,
        plugins,
        files=files,
        SITENAME=HOSTILE,
        SITESUBTITLE=HOSTILE,
        MENUITEMS=[(HOSTILE, '/x" onclick="alert(1)')],
        LINKS=[(HOSTILE, "https://example.com/?a=1&b=2")],
    )
    pages = html_pages(site)
    assert pages
    for rel, soup in pages.items():
        scripts = [
            s for s in soup.find_all("script") if s.get("type") != "application/ld+json"
        ]
        assert not scripts, f"{rel}: a value became a <script>"
        assert not soup.find("b"), f"{rel}: a tag name became markup"
        assert not soup.select("[onclick]"), f"{rel}: an attribute was broken out of"
        assert HOSTILE in soup.title.get_text(), f"{rel}: {soup.title}"
        assert soup.select_one(".site-title").get_text() == HOSTILE
    post = next(soup for rel, soup in pages.items() if soup.select_one("article.post"))
    assert post.h1.get_text() == HOSTILE
    description = post.find("meta", attrs={"name": "description"})["content"]
    # The text stays in the attribute (description_cards strips tags from it).
    assert 'alert("x")' in description and '"quoted"' in description
    tags = [a.get_text() for a in post.select("header a[rel='tag']")]
    assert '<b>bold</b>"' in tags


def test_month_chart_scales_bars(tmp_path: Path) -> None:
    files = {
        f"posts/p{i}.md": f"""
            Title: Post {i}
            Date: 2024-{month:02d}-{day:02d} 10:00
            Tags: Busy

            Text.
            """
        for i, (month, day) in enumerate([(1, 3), (1, 9), (1, 20), (3, 1)])
    }
    site = build_theme_site(tmp_path, ["tag_summaries"], files=files)
    svg = site.soup("tag/busy.html").select_one("figure svg")
    heights = [float(r["height"]) for r in svg.find_all("rect")]
    assert len(heights) == 3, "January to March, with the empty February"
    assert heights[0] == max(heights) and heights[1] < heights[2] < heights[0]
    assert "Jan 2024: 3" in svg["aria-label"] and "Feb 2024: 0" in svg["aria-label"]


def test_series_index_turned_off_leaves_no_link_to_it(tmp_path: Path) -> None:
    site = build_theme_site(tmp_path, ["postcard"], POST_SERIES_INDEX_SAVE_AS="")
    assert not site.exists("series/index.html")
    for rel, soup in html_pages(site).items():
        for link in soup.select("a[href]"):
            target = resolve(site, rel, link["href"])
            if target is not None and not link["href"].startswith("#"):
                assert target.is_file(), f"{rel}: {link['href']}"
    page = site.soup("series/europe-trip.html")
    assert page.select_one(".eyebrow").get_text(strip=True).startswith("Series")
    assert page.select_one(".eyebrow a") is None
    menu = [a.get_text(strip=True) for a in page.select("header nav a")]
    assert "Series" not in menu
