"""Jekyll's Liquid tags, and common plugin tags as plain HTML.

``include``, ``include_relative``, ``link``, ``post_url`` and ``highlight`` follow
Jekyll 4.3 (``jekyll/tags/*.rb``); ``gist``, ``youtube``, ``vimeo`` and Octopress'
``img`` print a link or an ``<img>`` and load nothing from elsewhere.
"""

from __future__ import annotations

import html
import re
from io import StringIO
from typing import TYPE_CHECKING, Any, TextIO

import pygments
from liquid.ast import BlockNode, Node
from liquid.exceptions import LiquidError, LiquidSyntaxError
from liquid.parser import get_parser
from liquid.tag import Tag
from liquid.token import TOKEN_EXPRESSION, TOKEN_TAG, Token
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from .environment import LimitError, RenderState

if TYPE_CHECKING:
    from liquid import RenderContext
    from liquid.stream import TokenStream

_PARAM = re.compile(
    r"([\w-]+)\s*=\s*"
    r"""(?:"([^"\\]*(?:\\.[^"\\]*)*)"|'([^'\\]*(?:\\.[^'\\]*)*)'|([\w.-]+))"""
)
_PARAMS = re.compile(rf"\A\s*(?:{_PARAM.pattern}(?=\s|\Z)\s*)*\Z")
_VARIABLE = re.compile(
    r"(?P<variable>[^{]*(\{\{\s*[\w\-.]+\s*(\|.*)?\}\}[^\s{}]*)+)(?P<params>.*)",
    re.DOTALL,
)
_FILE_CHARS = re.compile(r"^[\w/.\-()+~#@]+$")
_BAD_SEQUENCES = re.compile(r"[./]{2,}")
_POST_NAME = re.compile(r"^(.+/)*(\d+-\d+-\d+)-(.*)$")
_HIGHLIGHT = re.compile(
    r'^([a-zA-Z0-9.+#_-]+)((\s+\w+(=(\w+|"([0-9]+\s)*[0-9]+"))?)*)$'
)
_EDGE_NEWLINES = re.compile(r"\A[\n\r]+|[\n\r]+\Z")
_IMG = re.compile(
    r"(?P<class>\S.*\s+)?(?P<src>(?:https?://|/|\S+/)\S+)"
    r"(?:\s+(?P<width>\d+))?(?:\s+(?P<height>\d+))?(?P<title>\s+.+)?"
)
_IMG_TITLE = re.compile(
    r"""(?:"|')(?P<title>[^"']+)?(?:"|')\s+(?:"|')(?P<alt>[^"']+)?"""
)


def _markup(stream: TokenStream) -> tuple[Token, str]:
    """The tag token and its markup text; the stream is left on the tag's end."""
    token = stream.current
    if stream.peek.kind == TOKEN_EXPRESSION:
        next(stream)
        return token, stream.current.value
    return token, ""


def _state(context: RenderContext) -> RenderState:
    return context.state  # type: ignore[attr-defined]


def _owner(context: RenderContext) -> Any:
    return context.env.owner  # type: ignore[attr-defined]


class _InlineNode(Node):
    """A tag with no body that prints what ``output(context)`` returns."""

    __slots__ = ("markup", "tag")

    def __init__(self, token: Token, markup: str, tag: _InlineTag) -> None:
        super().__init__(token)
        self.markup = markup
        self.tag = tag
        self.blank = False

    def __str__(self) -> str:
        return f"{{% {self.token.value} {self.markup} %}}"

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        """Write the tag's output."""
        return buffer.write(self.tag.output(self, context))


class _InlineTag(Tag):
    """Base for tags that take their markup as text, as Jekyll's do."""

    block = False

    def parse(self, stream: TokenStream) -> Node:
        """Check the markup now so that a bad tag is a parse problem."""
        token, markup = _markup(stream)
        self.check(token, markup.strip())
        return _InlineNode(token, markup.strip(), self)

    def check(self, token: Token, markup: str) -> None:
        """Raise a syntax error for markup Jekyll would refuse."""

    def output(self, node: _InlineNode, context: RenderContext) -> str:
        """What the tag prints."""
        raise NotImplementedError


class IncludeTag(_InlineTag):
    """``{% include file.html key="value" key2=page.var %}`` from ``_includes``."""

    name = "include"

    def check(self, token: Token, markup: str) -> None:
        """Jekyll's checks on the parameters (the file may hold variables)."""
        _, params = _split_include(markup)
        if params and not _PARAMS.match(params):
            raise LiquidSyntaxError(
                f"invalid parameters for {self.name}: {params}", token=token
            )

    def output(self, node: _InlineNode, context: RenderContext) -> str:
        """The included file rendered with ``include.*`` set."""
        owner = _owner(context)
        state = _state(context)
        file, params = _split_include(node.markup)
        if _VARIABLE.match(file):
            file = owner.render_fragment(file, context).strip()
        if _BAD_SEQUENCES.search(file) or not _FILE_CHARS.match(file):
            raise LiquidError(
                f"{self.name}: invalid file name {file!r}", token=node.token
            )
        template = owner.include_template(self.base(context), file, self.name)
        if state.depth >= state.limits.include_depth:
            raise LimitError(
                f"includes nested more than {state.limits.include_depth} deep"
                f" (at {file})",
                token=node.token,
            )
        values = _include_params(params, context) if params else None
        buffer = StringIO()
        state.depth += 1
        try:
            scope = {"include": values} if values is not None else {}
            with context.extend(scope):
                template.render_with_context(context, buffer, partial=True)
        except LiquidError as err:
            wrapped = LiquidError(_inner_message(file, err), token=node.token)
            wrapped.from_include = True  # type: ignore[attr-defined]
            raise wrapped from err
        finally:
            state.depth -= 1
        return buffer.getvalue()

    def base(self, context: RenderContext) -> Any:
        """The folder the file name is relative to."""
        return _owner(context).includes_dir


class IncludeRelativeTag(IncludeTag):
    """``{% include_relative file %}``: relative to the page's own folder."""

    name = "include_relative"

    def base(self, context: RenderContext) -> Any:
        """The page's folder inside the site."""
        owner = _owner(context)
        folder = owner.site_root.joinpath(_state(context).page_path).parent
        return folder


def _split_include(markup: str) -> tuple[str, str]:
    """Jekyll's split of include markup into the file and its parameters."""
    matched = _VARIABLE.match(markup)
    if matched:
        return matched.group("variable").strip(), matched.group("params").strip()
    file, _, params = markup.partition(" ")
    return file, params.strip()


def _include_params(params: str, context: RenderContext) -> dict[str, Any]:
    """``include.*``: quoted values as written, bare ones looked up."""
    values: dict[str, Any] = {}
    for key, double, single, variable in _PARAM.findall(params):
        if variable:
            values[key] = lookup(context, variable)
        elif double or not single:
            values[key] = double.replace('\\"', '"')
        else:
            values[key] = single.replace("\\'", "'")
    return values


def lookup(context: RenderContext, dotted: str) -> Any:
    """The value of a dotted name such as ``page.title`` (nil when missing)."""
    literals = {"true": True, "false": False, "nil": None, "null": None}
    if dotted in literals:
        return literals[dotted]
    if re.fullmatch(r"-?\d+", dotted):
        return int(dotted)
    if re.fullmatch(r"-?\d+\.\d+", dotted):
        return float(dotted)
    path: list[object] = [int(p) if p.isdigit() else p for p in dotted.split(".")]
    value = context.get(path, token=None, default=None)
    return None if type(value).__name__ == "Undefined" else value


def _inner_message(file: str, err: LiquidError) -> str:
    """An error from inside an included file, named by the file and position."""
    if getattr(err, "from_include", False):
        return str(err.message)
    place = ""
    if err.token is not None and err.token.start_index >= 0:
        source = err.token.source
        offset = err.token.start_index
        line = source.count("\n", 0, offset) + 1
        place = f":{line}:{offset - source.rfind(chr(10), 0, offset)}"
    return f"in {file}{place}: {err.message}"


class LinkTag(_InlineTag):
    """``{% link path/in/site.md %}``: that file's URL."""

    name = "link"

    def output(self, node: _InlineNode, context: RenderContext) -> str:
        """The URL of the named source file, with ``baseurl``."""
        owner = _owner(context)
        path = owner.render_fragment(node.markup, context).strip()
        url = owner.links.get(path)
        if url is None:
            url = owner.links.get("/" + path.lstrip("/"))
        if url is None:
            raise LiquidError(f"link: no file {path!r} in this site", token=node.token)
        return owner.relative_url(url)


class PostUrlTag(_InlineTag):
    """``{% post_url 2020-01-02-name %}`` (or ``folder/2020-01-02-name``)."""

    name = "post_url"

    def check(self, token: Token, markup: str) -> None:
        """Jekyll refuses a name without a date at parse time."""
        if _POST_NAME.match(markup.lstrip("/")) is None:
            raise LiquidSyntaxError(
                f"post_url: {markup!r} has no date and title", token=token
            )

    def output(self, node: _InlineNode, context: RenderContext) -> str:
        """The named post's URL, with ``baseurl``."""
        owner = _owner(context)
        url = owner.post_url(node.markup)
        if url is None:
            raise LiquidError(
                f"post_url: no post {node.markup!r} in this site", token=node.token
            )
        return owner.relative_url(url)


def post_matcher(name: str) -> tuple[re.Pattern[str], str, str] | None:
    """Jekyll's PostComparer: the pattern a post's path must match, its date
    and slug; None for a name without a date."""
    matched = _POST_NAME.match(name.strip().lstrip("/"))
    if matched is None:
        return None
    folder, date, slug = matched.group(1) or "", matched.group(2), matched.group(3)
    base = f"{re.escape(date)}-{re.escape(slug)}\\.[^.]+"
    folder = re.escape(folder)
    return re.compile(f"^_posts/{folder}{base}|^{folder}_posts/?{base}"), date, slug


class HighlightNode(Node):
    """A ``{% highlight lang [linenos] %}`` block."""

    __slots__ = ("block", "language", "line_numbers")

    def __init__(
        self, token: Token, language: str, line_numbers: bool, block: BlockNode
    ) -> None:
        super().__init__(token)
        self.language = language
        self.line_numbers = line_numbers
        self.block = block
        self.blank = False

    def __str__(self) -> str:
        return f"{{% highlight {self.language} %}}"

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        """The block's rendered text, highlighted as Pelican's Markdown does."""
        inner = StringIO()
        self.block.render(context, inner)
        code = _EDGE_NEWLINES.sub("", _state(context).masks.restore(inner.getvalue()))
        highlighters = _owner(context).highlighters
        return buffer.write(
            highlight(code, self.language, self.line_numbers, highlighters)
        )


Highlighters = dict[tuple[str, bool], tuple[Lexer, HtmlFormatter]]


def highlight(
    code: str, language: str, line_numbers: bool, cache: Highlighters | None = None
) -> str:
    """The HTML Python-Markdown's codehilite writes for ``code`` (Pelican's code
    highlighting); the lexer and formatter for each language are made once per
    ``cache``."""
    key = (language, line_numbers)
    found = None if cache is None else cache.get(key)
    if found is None:
        # codehilite's options: no guessing, Pelican's "highlight" class
        options = {
            "linenos": line_numbers or None,
            "cssclass": "highlight",
            "wrapcode": True,
            "full": False,
        }
        try:
            lexer = get_lexer_by_name(language, **options)
        except ClassNotFound:
            lexer = get_lexer_by_name("text", **options)
        found = (lexer, HtmlFormatter(**options))
        if cache is not None:
            cache[key] = found
    return pygments.highlight(code.strip("\n"), *found)


class HighlightTag(Tag):
    """Parses ``{% highlight %}`` … ``{% endhighlight %}``."""

    name = "highlight"
    end = "endhighlight"

    def parse(self, stream: TokenStream) -> Node:
        """The language, ``linenos`` and the block up to ``endhighlight``."""
        token, markup = _markup(stream)
        matched = _HIGHLIGHT.match(markup.strip())
        if matched is None:
            raise LiquidSyntaxError(
                "highlight: expected a language, then options such as linenos",
                token=token,
            )
        next(stream)
        block = get_parser(self.env).parse_block(stream, (self.end,))
        stream.expect(TOKEN_TAG, value=self.end)
        options = re.findall(r'(?:\w="[^"]*"|\w=\w|\w)+', matched.group(2))
        line_numbers = any(o.split("=")[0] == "linenos" for o in options)
        return HighlightNode(token, matched.group(1).lower(), line_numbers, block)


def _link(url: str, text: str, kind: str) -> str:
    return f'<a class="{kind}" href="{html.escape(url)}">{html.escape(text)}</a>'


class GistTag(_InlineTag):
    """``{% gist [user/]id [file] %}``: a link to the gist."""

    name = "gist"

    def check(self, token: Token, markup: str) -> None:
        """A gist needs an id."""
        if not markup:
            raise LiquidSyntaxError("gist: expected a gist id", token=token)

    def output(self, node: _InlineNode, context: RenderContext) -> str:
        """A link to the gist (and its file)."""
        words = _owner(context).render_fragment(node.markup, context).split()
        url = f"https://gist.github.com/{words[0]}" if words else ""
        if len(words) > 1:
            url += f"#file-{re.sub(r'[^a-z0-9]+', '-', words[1].lower())}"
        return _link(url, "Gist " + " ".join(words), "gist")


class _VideoTag(_InlineTag):
    prefix = ""
    label = ""

    def check(self, token: Token, markup: str) -> None:
        """A video needs an id."""
        if not markup:
            raise LiquidSyntaxError(f"{self.name}: expected a video id", token=token)

    def output(self, node: _InlineNode, context: RenderContext) -> str:
        """A link to the video page."""
        words = _owner(context).render_fragment(node.markup, context).split()
        video = words[0].strip("\"'") if words else ""
        return _link(self.prefix + video, f"{self.label} video {video}", self.name)


class YoutubeTag(_VideoTag):
    """``{% youtube id %}``."""

    name = "youtube"
    prefix = "https://www.youtube.com/watch?v="
    label = "YouTube"


class VimeoTag(_VideoTag):
    """``{% vimeo id %}``."""

    name = "vimeo"
    prefix = "https://vimeo.com/"
    label = "Vimeo"


class ImgTag(_InlineTag):
    """Octopress ``{% img [class] src [width [height]] ["title" ["alt"]] %}``."""

    name = "img"

    def output(self, node: _InlineNode, context: RenderContext) -> str:
        """An ``<img>`` with every attribute escaped."""
        markup = _owner(context).render_fragment(node.markup, context).strip()
        matched = _IMG.match(markup)
        if matched is None:
            raise LiquidError(f"img: no image in {markup!r}", token=node.token)
        attributes = {
            "class": (matched.group("class") or "").strip(),
            "src": matched.group("src"),
            "width": matched.group("width"),
            "height": matched.group("height"),
        }
        title = (matched.group("title") or "").strip()
        if title:
            quoted = _IMG_TITLE.match(title)
            if quoted:
                attributes["title"] = quoted.group("title")
                attributes["alt"] = quoted.group("alt")
            else:
                attributes["title"] = attributes["alt"] = title.strip("\"'")
        shown = " ".join(
            f'{key}="{html.escape(value)}"'
            for key, value in attributes.items()
            if value
        )
        return f"<img {shown}>"


JEKYLL_TAGS = (
    IncludeTag,
    IncludeRelativeTag,
    LinkTag,
    PostUrlTag,
    HighlightTag,
    GistTag,
    YoutubeTag,
    VimeoTag,
    ImgTag,
)
