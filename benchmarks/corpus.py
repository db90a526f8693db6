"""A deterministic Jekyll-style blog corpus, and the same posts in Pelican's metadata.

``generate(posts, seed)`` decides everything (titles, dates, tags, series, bodies)
from one seeded random generator, so a given ``(posts, seed)`` always gives the same
files. ``write_jekyll`` writes the posts with YAML front matter plus the series and
tag definition files the bundle reads; ``write_native`` writes the very same posts
with Pelican's own ``Key: value`` metadata, for the plain-Pelican floor. One Jekyll
post in five also uses Liquid (two of ``post_url``, ``link``, ``include``,
``highlight``, filters with ``assign``, ``raw`` with ``if``; one in ten of those
also lists ``site.posts``); a Pelican-native blog has none, so the native copy has
none either. ``write_jekyll(..., liquid=False)``
writes those posts with their Liquid already rendered (plain Markdown), to measure
what rendering it costs.

``write_jekyll_site`` lays the same posts out as a whole Jekyll site
(``_config.yml``, ``_posts/``, layouts of the size of Jekyll's default theme,
pages, static files) with the four-line ``pelicanconf.py`` of ``JEKYLL_SITE``.

Usable as a script: ``python benchmarks/corpus.py OUT --posts 300`` (``--site``
for the whole Jekyll site).
"""

from __future__ import annotations

import argparse
import random
import shutil
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

from pelican.utils import slugify

SLUG_SUBS = (
    (r"[^\w\s-]", ""),
    (r"(?u)\A\s*", ""),
    (r"(?u)\s*\Z", ""),
    (r"[-\s]+", "-"),
)

TOPICS = (
    "Python", "Remote Work", "Travel", "Life", "Open Source", "Testing", "Packaging",
    "Conferences", "Django", "Flask", "Data", "Pandas", "Rust", "Linux", "Debian",
    "Keyboards", "Laptops", "Cycling", "Cooking", "Coffee", "Books", "Music",
    "Photography", "Writing", "Teaching", "Mentoring", "Security", "Databases",
    "PostgreSQL", "SQLite", "Web", "CSS", "Accessibility", "Performance", "Logging",
    "Debugging", "Tooling", "Editors", "Vim", "Git", "CI", "Containers", "Networking",
    "Home Lab", "Hardware", "Embedded", "Maps", "Trains", "Europe", "Lisbon", "Berlin",
    "Pittsburgh", "Community", "Meetups", "Career", "Health", "Family", "Gardening",
    "Hiking", "Year in Review",
)  # fmt: skip

CATEGORIES = ("Notes", "Talks", "Projects", "Travel", "Reviews")

SERIES_WORDS = (
    ("Europe", "Trip"), ("Building a", "Compiler"), ("Learning", "Rust"),
    ("The Home", "Lab"), ("Notes on", "Testing"), ("A Year of", "Running"),
    ("Packaging", "Python"), ("Debian", "Diaries"), ("Keyboard", "Builds"),
    ("Reading", "SICP"), ("Coffee", "Experiments"), ("Train", "Journeys"),
    ("Writing a", "Parser"), ("SQLite", "Internals"), ("CSS", "Layouts"),
    ("Remote", "Work Logs"), ("Conference", "Season"), ("Garden", "Journal"),
    ("Hiking the", "Alps"), ("Mentoring", "Notes"), ("Vim", "Habits"),
    ("Static Sites", "Explained"), ("Linux", "From Scratch"), ("Data", "Cleaning"),
    ("Postgres", "Tuning"), ("Open Source", "Maintenance"), ("Fixing", "Laptops"),
    ("Home", "Networking"), ("Lisbon", "Winters"), ("Berlin", "Summers"),
    ("Teaching", "Python"), ("Profiling", "Python"), ("Git", "Archaeology"),
    ("Embedded", "Weekends"), ("Map", "Making"), ("Book", "Notes"),
    ("Photo", "Walks"), ("Career", "Changes"), ("Family", "Recipes"),
    ("Year", "Reviews"),
)  # fmt: skip

WORDS = (  # noqa: SIM905 (a word list reads better as prose)
    "the a we our build site post code test data trip city train morning evening "
    "python module function package release plugin theme reader writer feed page "
    "series part tag summary card description library pattern idea week month "
    "year coffee laptop keyboard talk conference booth session room friend team "
    "problem answer question detail error warning log cache file folder output "
    "simple careful quiet fast slow small large early late clear useful honest "
    "writes reads builds tests ships fixes learns finds keeps breaks explains "
    "about with from into over under after before during between across through"
).split()

LANGS = ("python", "bash", "toml", "yaml", "sql")


@dataclass(frozen=True)
class Post:
    """One blog post, independent of how its metadata is written."""

    number: int
    title: str
    slug: str
    date: datetime
    description: str | None
    excerpt: str | None
    tags: tuple[str, ...]
    tag_style: str  # "flow", "block" or "comma": how the YAML writes the list
    category: str
    series: str | None
    series_index: int | None
    series_link: str | None
    body: str
    liquid: str = ""  # a Jekyll post's Liquid, after its body
    rendered: str = ""  # what that Liquid renders to, as plain Markdown

    @property
    def filename(self) -> str:
        """The Jekyll file name: ``YYYY-MM-DD-slug.md``."""
        return f"{self.date:%Y-%m-%d}-{self.slug}.md"


@dataclass(frozen=True)
class PlannedPart:
    title: str
    index: int | None
    description: str | None


@dataclass(frozen=True)
class SeriesDefinition:
    title: str
    slug: str
    description: str
    status: str
    planned: tuple[PlannedPart, ...]
    intro: str


@dataclass(frozen=True)
class TagDefinition:
    title: str
    slug: str
    description: str
    intro: str


@dataclass(frozen=True)
class Corpus:
    posts: tuple[Post, ...]
    series: tuple[SeriesDefinition, ...]
    tags: tuple[TagDefinition, ...]
    series_names: tuple[str, ...]
    tag_names: tuple[str, ...]


def _slug(text: str) -> str:
    return slugify(text, regex_subs=SLUG_SUBS)


def _sentence(rng: random.Random, low: int = 8, high: int = 18) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(3, 6)))


def _body(rng: random.Random, tags: tuple[str, ...]) -> str:
    parts = [_paragraph(rng), f"## What I learned about {tags[0]}", _paragraph(rng)]
    if rng.random() < 0.3:
        lang = rng.choice(LANGS)
        code = "\n".join(
            f"{rng.choice(WORDS)}_{i} = {rng.randint(0, 99)}" for i in range(4)
        )
        parts.append(f"```{lang}\n{code}\n```")
    if rng.random() < 0.4:
        parts.append("\n".join(f"- {_sentence(rng, 3, 7)}" for _ in range(3)))
    parts.append(_paragraph(rng))
    if rng.random() < 0.5:
        parts.append(f"> {_sentence(rng)}")
    parts.append(_paragraph(rng))
    return "\n\n".join(parts) + "\n"


LIQUID_EVERY = 5  # one post in five uses Liquid
SITE_POSTS_EVERY = 50  # and one of those in ten lists site.posts
NOTE_INCLUDE = '<aside class="note">{{ include.text | capitalize }}</aside>\n'


def _liquid(
    number: int, title: str, tags: tuple[str, ...], before: list[Post]
) -> tuple[str, str]:
    """The Liquid a Jekyll post adds after its body (none for most), and plain
    Markdown of the same size and shape, holding no Liquid; ``before`` are the
    (up to three) posts before.

    Each Liquid post uses two of six uses, in turn (about four statements).
    """
    if number % LIQUID_EVERY or not before:
        return "", ""
    previous = before[-1]
    name = f"{previous.date:%Y-%m-%d}-{previous.slug}"
    link = f"{{filename}}/posts/{previous.filename}"
    code = "total = sum(n * n for n in range(10))"
    many = " and many tags" if len(tags) > 2 else ""
    uses = [  # (Liquid, the plain Markdown it gives)
        (
            f"See [the note before]({{% post_url {name} %}}).",
            f"See [the note before]({link}).",
        ),
        (
            f"The [source]({{% link posts/{previous.filename} %}}) is online.",
            f"The [source]({link}) is online.",
        ),
        (
            '{% include note.html text="written on the train" %}',
            '<aside class="note">Written on the train</aside>',
        ),
        (
            f"{{% highlight python %}}\n{code}\n{{% endhighlight %}}",
            f"```python\n{code}\n```",
        ),
        (
            "{% assign first_tag = page.tags | first %}Filed under "
            "**{{ first_tag | upcase }}** in {{ site.title }}.",
            f"Filed under **{tags[0].upper()}** in Benchmark Blog.",
        ),
        (
            "Templates print `{% raw %}{{ name }}{% endraw %}`; this title has "
            "{{ page.title | size }} characters"
            "{% if page.tags.size > 2 %} and many tags{% endif %}.",
            # no "{{" left: the copy must hold no Liquid at all
            f"Templates print `( name )`; this title has {len(title)} characters"
            f"{many}.",
        ),
    ]
    turn = (number // LIQUID_EVERY) % len(uses)
    chosen = [uses[turn], uses[(turn + len(uses) // 2) % len(uses)]]
    if number % SITE_POSTS_EVERY == 0:
        latest = [f"[{p.title}](/{p.slug}.html)" for p in reversed(before)]
        chosen.append(
            (
                "Latest: {% for p in site.posts limit: 3 %}"
                "[{{ p.title }}]({{ p.url | relative_url }}){% unless forloop.last %}"
                ", {% endunless %}{% endfor %}.",
                "Latest: " + ", ".join(latest) + ".",
            )
        )
    liquid = "\n\n".join(text for text, _ in chosen) + "\n"
    return liquid, "\n\n".join(plain for _, plain in chosen) + "\n"


def _weighted_tags(rng: random.Random, names: tuple[str, ...]) -> tuple[str, ...]:
    # Zipf-like popularity: a few tags on many posts, a long tail on few.
    weights = [1 / (rank + 1) for rank in range(len(names))]
    chosen: list[str] = []
    for _ in range(rng.randint(1, 4)):
        tag = rng.choices(names, weights)[0]
        if tag not in chosen:
            chosen.append(tag)
    return tuple(chosen)


def generate(
    posts: int,
    seed: int = 2024,
    *,
    series_count: int = 40,
    tag_count: int = 60,
    series_share: float = 0.10,
) -> Corpus:
    """Decide every post, series and tag of a corpus of ``posts`` posts."""
    rng = random.Random(seed)
    tag_names = TOPICS[:tag_count]
    series_names = tuple(f"{a} {b}" for a, b in SERIES_WORDS[:series_count])
    start = datetime(2015, 1, 5, 8, 0, tzinfo=timezone.utc)
    step = timedelta(days=3650) / max(posts, 1)
    members: dict[str, int] = {}
    result: list[Post] = []
    for number in range(1, posts + 1):
        tags = _weighted_tags(rng, tag_names)
        offset = timezone(timedelta(hours=rng.choice((-7, -4, 0, 1, 2))))
        date = (
            start + step * number + timedelta(minutes=rng.randint(0, 600))
        ).astimezone(offset)
        series = rng.choice(series_names) if rng.random() < series_share else None
        index = None
        if series is not None:
            members[series] = members.get(series, 0) + 1
            index = members[series]
        topic = tags[0]
        title = f"Field notes #{number}: {topic} and {rng.choice(WORDS)}"
        roll = rng.random()
        description = None
        if roll < 0.85:
            description = " ".join(_sentence(rng, 6, 14) for _ in range(2))
            while len(description) > 150:  # a meta description's usual length
                description = description.rsplit(" ", 1)[0].rstrip(".") + "."
            if rng.random() < 0.1:
                description = description.replace(" the ", ' the "best" & ', 1)
        excerpt = _sentence(rng) if 0.85 <= roll < 0.90 else None
        result.append(
            Post(
                number=number,
                title=title,
                slug=_slug(title),
                date=date.replace(second=0, microsecond=0),
                description=description,
                excerpt=excerpt,
                tags=tags,
                tag_style=rng.choice(("flow", "flow", "block", "comma")),
                category=rng.choice(CATEGORIES),
                series=series,
                series_index=index,
                # links only to series that have a definition, so they resolve
                series_link=rng.choice(series_names[::2])
                if rng.random() < 0.02
                else None,
                body=_body(rng, tags),
            )
        )
        # the three posts before this one (a slice of at most three)
        liquid, rendered = _liquid(number, title, tags, result[-4:-1])
        result[-1] = replace(result[-1], liquid=liquid, rendered=rendered)
    return Corpus(
        posts=tuple(result),
        series=_series_definitions(rng, series_names, result),
        tags=tuple(
            TagDefinition(
                title=name,
                slug=_slug(name),
                description=f"Posts about {name.lower()}: {_sentence(rng, 5, 10)}",
                intro=_paragraph(rng),
            )
            for name in tag_names[:: max(1, len(tag_names) // 6)][:6]
        ),
        series_names=series_names,
        tag_names=tag_names,
    )


def _series_definitions(
    rng: random.Random, names: tuple[str, ...], posts: list[Post]
) -> tuple[SeriesDefinition, ...]:
    # Every other series has a definition; most of those promise parts to come,
    # some by index (fulfilled or not), some by title only (one fulfilled by a
    # published post's title).
    parts: dict[str, list[Post]] = {}
    for post in posts:
        if post.series:
            parts.setdefault(post.series, []).append(post)
    definitions = []
    for position, name in enumerate(names):
        if position % 2:
            continue
        published = len(parts.get(name, ()))
        planned: list[PlannedPart] = []
        if position % 4 == 0:
            planned.append(PlannedPart(f"{name}: the plan", 1, _sentence(rng, 5, 9)))
            for extra in range(1, rng.randint(2, 4)):
                index = max(published, 1) + extra
                planned.append(
                    PlannedPart(
                        f"{name}: chapter {index}",
                        index,
                        _sentence(rng, 5, 9) if extra % 2 else None,
                    )
                )
        if position % 6 == 0:
            planned.append(PlannedPart(f"{name}: what comes next", None, None))
        if position % 8 == 2 and published:
            planned.append(PlannedPart(parts[name][-1].title, None, None))
        definitions.append(
            SeriesDefinition(
                title=name,
                slug=_slug(name),
                description=_sentence(rng, 6, 12),
                status="ongoing",
                planned=tuple(planned),
                intro=_paragraph(rng),
            )
        )
    return tuple(definitions)


def _yaml_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _folded(text: str, width: int = 60) -> str:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return ">\n" + "\n".join(f"  {part}" for part in lines)


def jekyll_post(post: Post, liquid: bool = True) -> str:
    """The post as a Jekyll file: YAML front matter, then Markdown (with its
    Liquid, or what that renders to)."""
    head = ["---", "layout: post", f"title: {_yaml_quote(post.title)}"]
    if post.number % 3:
        head.append(f"date: {post.date.isoformat()}")
    else:  # Jekyll's own timestamp form
        head.append(f"date: {post.date:%Y-%m-%d %H:%M:%S %z}")
    if post.description is not None:
        head.append(f"description: {_folded(post.description)}")
    if post.excerpt is not None:
        head.append(f"excerpt: {_yaml_quote(post.excerpt)}")
    if post.tag_style == "flow":
        head.append("tags: [" + ", ".join(post.tags) + "]")
    elif post.tag_style == "block":
        head.append("tags:\n" + "\n".join(f"  - {tag}" for tag in post.tags))
    else:
        head.append("tags: " + ", ".join(post.tags))
    head.append(f"categories: [{post.category}]")
    if post.series:
        head.append(f"series: {_yaml_quote(post.series)}")
        head.append(f"series_index: {post.series_index}")
    if post.series_link:
        head.append(f"series_link: {_slug(post.series_link)}")
    head.append("---")
    extra = post.liquid if liquid else post.rendered
    body = post.body + ("\n" + extra if extra else "")
    return "\n".join(head) + "\n\n" + body


def native_post(post: Post) -> str:
    """The same post with Pelican's ``Key: value`` Markdown metadata."""
    head = [
        f"Title: {post.title}",
        f"Date: {post.date.isoformat()}",
        f"Slug: {post.slug}",
        f"Category: {post.category}",
        "Tags: " + ", ".join(post.tags),
    ]
    if post.description is not None:
        head.append(f"Description: {post.description}")
    if post.excerpt is not None:
        head.append(f"Summary: {post.excerpt}")
    if post.series:
        head.append(f"Series: {post.series}")
        head.append(f"Series_index: {post.series_index}")
    return "\n".join(head) + "\n\n" + post.body


def series_file(definition: SeriesDefinition) -> str:
    head = [
        "---",
        f"title: {_yaml_quote(definition.title)}",
        f"description: {_yaml_quote(definition.description)}",
        f"status: {definition.status}",
    ]
    if definition.planned:
        head.append("planned:")
        for part in definition.planned:
            if part.index is None and part.description is None:
                head.append(f"  - {_yaml_quote(part.title)}")
                continue
            head.append(f"  - title: {_yaml_quote(part.title)}")
            if part.index is not None:
                head.append(f"    index: {part.index}")
            if part.description is not None:
                head.append(f"    description: {_yaml_quote(part.description)}")
    head.append("---")
    return "\n".join(head) + "\n\n" + definition.intro + "\n"


def tag_file(definition: TagDefinition) -> str:
    return (
        f"---\ntitle: {_yaml_quote(definition.title)}\n"
        f"description: {_yaml_quote(definition.description)}\n---\n\n"
        f"{definition.intro}\n"
    )


def write_jekyll(corpus: Corpus, content: Path, liquid: bool = True) -> list[Path]:
    """Write posts to ``content/posts``, definitions to ``content/series`` and
    ``content/tags``; return the post paths."""
    posts = {post.filename: jekyll_post(post, liquid) for post in corpus.posts}
    written = []
    for folder, files in (
        ("posts", posts),
        ("series", {f"{d.slug}.md": series_file(d) for d in corpus.series}),
        ("tags", {f"{d.slug}.md": tag_file(d) for d in corpus.tags}),
    ):
        target = content / folder
        target.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (target / name).write_text(text, encoding="utf-8")
            if folder == "posts":
                written.append(target / name)
    includes = content / "_includes"
    includes.mkdir(parents=True, exist_ok=True)
    (includes / "note.html").write_text(NOTE_INCLUDE, encoding="utf-8")
    return written


def write_native(corpus: Corpus, content: Path) -> list[Path]:
    """Write the posts with Pelican's native metadata to ``content/posts``."""
    target = content / "posts"
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for post in corpus.posts:
        path = target / post.filename
        path.write_text(native_post(post), encoding="utf-8")
        written.append(path)
    return written


# -- The same posts as a whole Jekyll site ------------------------------------
#
# A blog as `jekyll new` leaves it after some years: the posts in `_posts/`, and
# from jekyll_site/ a `_config.yml` using jekyll-feed and jekyll-seo-tag, layouts
# and includes of the size of Jekyll's default theme (written for this benchmark,
# not the theme's own), a home page listing every post, an about page and a 404
# page; then the four-line pelicanconf.py and some static files.

SITE_FILES = Path(__file__).resolve().parent / "jekyll_site"
# The contract of JEKYLL_SITE: exactly these four lines.
CONTRACT = """\
from pelican.plugins import postcard
PLUGINS = ["postcard"]
THEME = postcard.THEME
JEKYLL_SITE = "."
"""


def _static_files(rng: random.Random) -> dict[str, bytes]:
    """A stylesheet, a script, some images and the root's usual files."""
    rules = "\n".join(
        f".c{i} {{ margin: {rng.randint(0, 40)}px; "
        f"color: #{rng.randrange(16**6):06x}; }}"
        for i in range(400)
    )
    files = {
        "assets/css/style.css": rules.encode() + b"\n",
        "assets/js/site.js": b"document.documentElement.classList.add('js');\n",
        "favicon.ico": rng.randbytes(1150),
        "robots.txt": b"User-agent: *\nAllow: /\n",
        "CNAME": b"bench.example.org\n",
    }
    for number in range(1, 9):
        size = rng.randint(2_000, 20_000)
        files[f"assets/images/photo-{number}.jpg"] = rng.randbytes(size)
    return files


def write_jekyll_site(
    corpus: Corpus, root: Path, seed: int = 2024, liquid: str = ""
) -> list[Path]:
    """Write the corpus as a Jekyll site at ``root`` (``_config.yml``,
    ``_posts/``, layouts, includes, pages, static files) with the four-line
    ``pelicanconf.py`` that builds it through ``JEKYLL_SITE``; return the post
    paths. No series or tag definitions: Jekyll has none. ``liquid`` is ``""``
    (no Liquid), ``"liquid"`` (one post in five ends with Liquid, its links and
    includes this site's) or ``"rendered"`` (the same posts with it rendered),
    for the pair that measures Liquid in a Jekyll site."""
    rng = random.Random(seed)
    shutil.copytree(SITE_FILES, root, dirs_exist_ok=True)
    (root / "pelicanconf.py").write_text(CONTRACT, encoding="utf-8")
    for rel, data in _static_files(rng).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    if liquid:
        (root / "_includes" / "note.html").write_text(NOTE_INCLUDE, encoding="utf-8")
    posts = root / "_posts"
    posts.mkdir(parents=True, exist_ok=True)
    written = []
    for post in corpus.posts:
        # Jekyll splits a tags string at spaces, not commas: lists only here.
        if post.tag_style == "comma":
            post = replace(post, tag_style="flow")
        if liquid:
            post = replace(
                post, liquid=_in_site(post.liquid), rendered=_in_site(post.rendered)
            )
        else:
            post = replace(post, liquid="", rendered="")
        path = posts / post.filename
        path.write_text(jekyll_post(post, liquid != "rendered"), encoding="utf-8")
        written.append(path)
    return written


def _in_site(text: str) -> str:
    """A post's Liquid (or its rendering) with links to this site's ``_posts``,
    where the ``content/`` layout has ``posts``."""
    return text.replace("{% link posts/", "{% link _posts/").replace(
        "{filename}/posts/", "{filename}/_posts/"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write content/ into")
    parser.add_argument("--posts", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--native", action="store_true", help="Pelican metadata")
    parser.add_argument(
        "--site", action="store_true", help="a whole Jekyll site (_config.yml, ...)"
    )
    args = parser.parse_args()
    corpus = generate(args.posts, args.seed)
    if args.site:
        paths = write_jekyll_site(corpus, args.out, args.seed)
        print(f"wrote a Jekyll site of {len(paths)} posts to {args.out}")
        return
    writer = write_native if args.native else write_jekyll
    paths = writer(corpus, args.out / "content")
    print(f"wrote {len(paths)} posts to {args.out / 'content'}")


if __name__ == "__main__":
    main()
