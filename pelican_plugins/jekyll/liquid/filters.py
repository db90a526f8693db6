"""Jekyll's Liquid filters (``jekyll/filters.rb`` and ``filters/*.rb``, 4.3).

Each follows Jekyll's rules for its input and arguments; values print as Ruby
prints them (times as ``2020-01-02 00:00:00 +0000``, ``inspect`` as Ruby's).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import random
import re
import urllib.parse
from collections.abc import Callable, Iterable, Mapping
from io import StringIO
from typing import Any

from dateutil import parser as date_parser
from liquid.exceptions import FilterArgumentError
from liquid.filter import with_context
from liquid.undefined import Undefined

from ..rules.slugs import slugify as _slugify

_CJK = (
    "\u1100-\u11ff\u3005\u3007\u3021-\u3029\u3038-\u303b\u3040-\u309f"
    "\u30a0-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff\uf900-\ufaff\uff66-\uff9f"
    "\U00020000-\U0003134f"
)
_CJK_CHAR = re.compile(f"[{_CJK}]")
_NON_CJK_WORD = re.compile(rf"[^{_CJK}\s]+")
_INTEGER_LIKE = re.compile(r"\A\s*-?\d+\s*\Z")
_FLOAT_LIKE = re.compile(r"\A\s*-?(?:\d+\.?\d*|\.\d+)\s*\Z")
_ABSOLUTE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


class RubyTime(dt.datetime):
    """A datetime that prints as Ruby's Time does."""

    def __str__(self) -> str:
        return self.strftime("%Y-%m-%d %H:%M:%S %z").rstrip()


# Values ruby_values returns as they are, checked first (most values are these).
_PLAIN_TYPES = frozenset({str, int, float, bool, type(None), RubyTime})


def ruby_values(value: Any) -> Any:
    """``value`` with every datetime (in mappings and lists) a :class:`RubyTime`."""
    kind = type(value)
    if kind in _PLAIN_TYPES:
        return value
    if kind is dict:
        return {key: ruby_values(item) for key, item in value.items()}
    if kind is list:
        return [ruby_values(item) for item in value]
    if isinstance(value, dt.datetime) and not isinstance(value, RubyTime):
        return (
            RubyTime.fromtimestamp(value.timestamp(), value.tzinfo)
            if (value.tzinfo)
            else RubyTime(*value.timetuple()[:6], value.microsecond)
        )
    if isinstance(value, Mapping):
        return {key: ruby_values(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [ruby_values(item) for item in value]
    return value


def _nil(value: Any) -> bool:
    return value is None or isinstance(value, Undefined)


def _text(value: Any) -> str:
    return "" if _nil(value) else to_s(value)


def to_s(value: Any) -> str:
    """Ruby's ``to_s`` for a Liquid value."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list | tuple):
        return "".join(to_s(item) for item in value)
    if isinstance(value, Mapping):
        return inspect_value(value)
    return "" if _nil(value) else str(value)


def inspect_value(value: Any) -> str:
    """Ruby's ``inspect``: ``"text"``, ``nil``, ``["a", 1]``, ``{"a"=>1}``."""
    if _nil(value):
        return "nil"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Mapping):
        pairs = (f"{inspect_value(k)}=>{inspect_value(v)}" for k, v in value.items())
        return "{" + ", ".join(pairs) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(inspect_value(item) for item in value) + "]"
    return str(value)


# --- URLs ---------------------------------------------------------------------


def relative_url(site: Mapping[str, Any], value: Any) -> Any:
    """``baseurl`` + ``value``, each with one leading slash (Jekyll's rules)."""
    if _nil(value):
        return None
    value = value.get("url", value) if isinstance(value, Mapping) else value
    text = to_s(value)
    if _ABSOLUTE.match(text):
        return text
    base = to_s(site.get("baseurl") or "").removesuffix("/")
    parts = [
        part if not part or part.startswith("/") else "/" + part
        for part in (base, text)
    ]
    return _normalize("".join(parts))


def absolute_url(site: Mapping[str, Any], value: Any) -> Any:
    """``url`` + the relative URL; absolute URLs are returned as they are."""
    if _nil(value):
        return None
    value = value.get("url", value) if isinstance(value, Mapping) else value
    if _ABSOLUTE.match(to_s(value)):
        return to_s(value)
    relative = relative_url(site, value)
    url = site.get("url")
    if not url:
        return relative
    return _normalize(to_s(url) + relative)


def _normalize(url: str) -> str:
    """Percent-encode what Addressable's normalize would."""
    return urllib.parse.quote(url, safe="!#$%&'()*+,/:;=?@[]~")


# --- dates --------------------------------------------------------------------


def to_time(value: Any, zone: dt.tzinfo | None) -> dt.datetime:
    """Liquid's ``to_date`` then Jekyll's ``localtime``; raises when not a date."""
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        moment = dt.datetime.fromtimestamp(value, dt.timezone.utc)
    elif isinstance(value, str) and value.strip().lower() in {"now", "today"}:
        moment = dt.datetime.now().astimezone()
    elif isinstance(value, str) and value.strip().isdigit():
        moment = dt.datetime.fromtimestamp(int(value), dt.timezone.utc)
    elif isinstance(value, str) and value.strip():
        try:
            moment = date_parser.parse(value)
        except (ValueError, OverflowError) as err:
            raise FilterArgumentError(
                f"invalid date: {value!r} is not a valid datetime", token=None
            ) from err
    else:
        raise FilterArgumentError(
            f"invalid date: {inspect_value(value)} is not a valid datetime",
            token=None,
        )
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone) if zone else moment.astimezone()
    return RubyTime.fromtimestamp(moment.timestamp(), zone or moment.tzinfo)


def strftime(moment: dt.datetime, fmt: str) -> str:
    """Ruby's strftime for the directives Python lacks (%L, %N, %:z, %P, %s)."""

    def directive(match: re.Match[str]) -> str:
        code = match.group(0)
        extra = {
            "%L": f"{moment.microsecond // 1000:03d}",
            "%N": f"{moment.microsecond * 1000:09d}",
            "%:z": moment.strftime("%z")[:3] + ":" + moment.strftime("%z")[3:],
            "%P": moment.strftime("%p").lower(),
            "%s": str(int(moment.timestamp())),
            "%%": "%",
        }
        if code in extra:
            return extra[code]
        try:
            return moment.strftime(code)
        except ValueError:
            return code

    return re.sub(r"%(?::z|[-_0^#]?\d*[a-zA-Z%])", directive, fmt)


def _ordinal(day: int) -> str:
    if 11 <= day <= 13:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def make_date_filters(zone: dt.tzinfo | None) -> dict[str, Callable[..., Any]]:
    """Jekyll's date filters and Liquid's ``date``, in the site's time zone."""

    def stringify(value: Any, month: str, kind: Any, style: Any) -> Any:
        if _text(value) == "":
            return value
        moment = to_time(value, zone)
        if kind == "ordinal":
            day = f"{moment.day}{_ordinal(moment.day)}"
            if style == "US":
                return strftime(moment, f"{month} {day}, %Y")
            return strftime(moment, f"{day} {month} %Y")
        return strftime(moment, f"%d {month} %Y")

    def date(value: Any, fmt: Any = None) -> Any:
        if _nil(value):
            return None
        if _text(fmt) == "":
            return value
        try:
            moment = to_time(value, zone)
        except FilterArgumentError:
            return value  # Liquid prints what it cannot read as a date
        return strftime(moment, _text(fmt))

    def xmlschema(value: Any) -> Any:
        if _text(value) == "":
            return value
        moment = to_time(value, zone)
        return strftime(moment, "%Y-%m-%dT%H:%M:%S%:z")

    def rfc822(value: Any) -> Any:
        if _text(value) == "":
            return value
        return strftime(to_time(value, zone), "%a, %d %b %Y %H:%M:%S %z")

    return {
        "date": date,
        "date_to_string": lambda v, t=None, s=None: stringify(v, "%b", t, s),
        "date_to_long_string": lambda v, t=None, s=None: stringify(v, "%B", t, s),
        "date_to_xmlschema": xmlschema,
        "date_to_rfc822": rfc822,
    }


# --- arrays and properties -------------------------------------------------------


def _items(value: Any, limit: int) -> list[Any] | None:
    """A list of ``value``'s items (a mapping's values), None when not a list."""
    if isinstance(value, Mapping):
        value = list(value.values())
    if isinstance(value, range):
        if len(value) > limit:
            raise FilterArgumentError(f"range longer than {limit} items", token=None)
        return list(value)
    if isinstance(value, list | tuple):
        if len(value) > limit:
            raise FilterArgumentError(f"more than {limit} items", token=None)
        return list(value)
    return None


def item_property(item: Any, prop: Any) -> Any:
    """``item[prop]`` (``a.b`` reads nested), numbers in text read as numbers."""
    key = to_s(prop)
    value: Any = item
    for part in key.split(".") if "." in key else [key]:
        value = value.get(part) if isinstance(value, Mapping) else None
    text = to_s(value) if not isinstance(value, list | Mapping) else ""
    if _INTEGER_LIKE.match(text):
        return int(text)
    if _FLOAT_LIKE.match(text):
        return float(text)
    return value


def _matches(prop: Any, target: Any) -> bool:
    """Jekyll's compare_property_vs_target."""
    if _nil(target):
        return _nil(prop)
    target = to_s(target)
    if isinstance(prop, str):
        return prop == target
    values = prop if isinstance(prop, list) else [] if _nil(prop) else [prop]
    return any(to_s(value) == target for value in values)


def _compare(a: Any, b: Any) -> int:
    """Ruby's ``<=>`` falling back to comparing the texts."""
    try:
        return (a > b) - (a < b)
    except TypeError:
        return (to_s(a) > to_s(b)) - (to_s(a) < to_s(b))


# Many small closures over one environment: Jekyll array filters, each a few lines.
def make_array_filters(limit: int) -> dict[str, Callable[..., Any]]:
    """``where``, ``find``, ``group_by``, ``sort``, ``push`` … as Jekyll has them."""
    from functools import cmp_to_key

    def where(value: Any, prop: Any = None, target: Any = None) -> Any:
        items = _items(value, limit)
        if _nil(prop) or isinstance(target, list | Mapping) or items is None:
            return value
        return [item for item in items if _matches(item_property(item, prop), target)]

    def find(value: Any, prop: Any = None, target: Any = None) -> Any:
        items = _items(value, limit)
        if _nil(prop) or isinstance(target, list | Mapping) or items is None:
            return value
        return next(
            (i for i in items if _matches(item_property(i, prop), target)), None
        )

    def group_by(value: Any, prop: Any) -> Any:
        items = _items(value, limit)
        if items is None:
            return value
        groups: dict[str, list[Any]] = {}
        for item in items:
            groups.setdefault(to_s(item_property(item, prop)), []).append(item)
        return [{"name": k, "items": v, "size": len(v)} for k, v in groups.items()]

    def sort(value: Any, prop: Any = None, nils: Any = "first") -> Any:
        if _nil(value):
            raise FilterArgumentError("cannot sort a null object", token=None)
        if _nil(prop) and isinstance(value, Mapping):  # Ruby's Hash#sort: pairs
            pairs = [[key, item] for key, item in value.items()]
            return sorted(pairs, key=cmp_to_key(lambda a, b: _compare(a[0], b[0])))
        items = _items(value, limit)
        if items is None:
            return value
        if _nil(prop):
            return sorted(items, key=cmp_to_key(_compare))
        if nils not in ("first", "last"):
            raise FilterArgumentError(
                f"invalid nils order {nils!r}: must be 'first' or 'last'", token=None
            )
        order = -1 if nils == "first" else 1

        def by(a: tuple[Any, Any], b: tuple[Any, Any]) -> int:
            if not _nil(a[0]) and _nil(b[0]):
                return -order
            if _nil(a[0]) and not _nil(b[0]):
                return order
            return _compare(a[0], b[0])

        pairs = [(item_property(item, prop), item) for item in items]
        return [item for _, item in sorted(pairs, key=cmp_to_key(by))]

    def push(value: Any, item: Any) -> Any:
        return [*value, item] if isinstance(value, list) else value

    def unshift(value: Any, item: Any) -> Any:
        return [item, *value] if isinstance(value, list) else value

    def pop(value: Any, count: Any = 1) -> Any:
        if not isinstance(value, list):
            return value
        count = max(_integer(count), 0)
        return value[: len(value) - count] if count else list(value)

    def shift(value: Any, count: Any = 1) -> Any:
        return value[max(_integer(count), 0) :] if isinstance(value, list) else value

    def sample(value: Any, count: Any = 1) -> Any:
        items = _items(value, limit)
        if items is None or not items:
            return None if items is not None and _integer(count) == 1 else value
        count = _integer(count)
        if count == 1:
            return random.choice(items)
        return random.sample(items, min(max(count, 0), len(items)))

    return {
        "where": where,
        "find": find,
        "group_by": group_by,
        "sort": sort,
        "push": push,
        "pop": pop,
        "shift": shift,
        "unshift": unshift,
        "sample": sample,
    }


def _integer(value: Any) -> int:
    """Liquid's to_integer."""
    if value is True:
        return 1
    try:
        return int(float(to_s(value))) if not isinstance(value, int) else value
    except ValueError as err:
        raise FilterArgumentError(f"invalid integer {value!r}", token=None) from err


def make_expression_filters(
    limit: int, condition: Callable[[str], Any], expression: Callable[[str], Any]
) -> dict[str, Callable[..., Any]]:
    """``where_exp``, ``find_exp`` and ``group_by_exp``: a Liquid expression per item.

    ``condition(text)`` and ``expression(text)`` give parsed templates that print
    ``1`` when the condition holds, and the expression's value.
    """

    def each(context: Any, items: list[Any], name: Any, template: Any) -> Iterable:
        for item in items:
            buffer = StringIO()
            with context.extend({to_s(name): item}):
                template.render_with_context(context, buffer, partial=True)
            yield item, buffer.getvalue().strip()

    @with_context
    def where_exp(value: Any, name: Any, text: Any, *, context: Any) -> Any:
        items = _items(value, limit)
        if items is None:
            return value
        found = each(context, items, name, condition(to_s(text)))
        return [item for item, shown in found if shown == "1"]

    @with_context
    def find_exp(value: Any, name: Any, text: Any, *, context: Any) -> Any:
        items = _items(value, limit)
        if items is None:
            return value
        found = each(context, items, name, condition(to_s(text)))
        return next((item for item, shown in found if shown == "1"), None)

    @with_context
    def group_by_exp(value: Any, name: Any, text: Any, *, context: Any) -> Any:
        items = _items(value, limit)
        if items is None:
            return value
        groups: dict[str, list[Any]] = {}
        for item, shown in each(context, items, name, expression(to_s(text))):
            groups.setdefault(shown, []).append(item)
        return [{"name": k, "items": v, "size": len(v)} for k, v in groups.items()]

    return {"where_exp": where_exp, "find_exp": find_exp, "group_by_exp": group_by_exp}


# --- text -----------------------------------------------------------------------


def xml_escape(value: Any) -> str:
    """``&``, ``<``, ``>``, ``"`` and ``'`` as entities (Ruby's xml: :attr)."""
    escaped = html.escape(_text(value), quote=False)
    return escaped.replace('"', "&quot;").replace("'", "&apos;")


def cgi_escape(value: Any) -> str:
    """Ruby's CGI.escape: form encoding, spaces as ``+``."""
    return urllib.parse.quote_plus(_text(value), safe="~")


def uri_escape(value: Any) -> str:
    """Addressable's normalize_component: reserved characters kept."""
    return urllib.parse.quote(_text(value), safe="!#$&'()*+,/:;=?@[]~%")


def normalize_whitespace(value: Any) -> str:
    """Every run of whitespace as one space, the ends trimmed."""
    return re.sub(r"\s+", " ", _text(value)).strip()


def number_of_words(value: Any, mode: Any = None) -> int:
    """Words split on whitespace; with ``cjk``/``auto``, CJK characters each count."""
    text = _text(value)
    if mode == "cjk":
        return len(_CJK_CHAR.findall(text)) + len(_NON_CJK_WORD.findall(text))
    if mode == "auto":
        cjk = len(_CJK_CHAR.findall(text))
        return len(text.split()) if cjk == 0 else cjk + len(_NON_CJK_WORD.findall(text))
    return len(text.split())


def array_to_sentence_string(value: Any, connector: Any = "and") -> str:
    """``a, b, and c``."""
    items = [to_s(item) for item in value] if isinstance(value, list) else [to_s(value)]
    connector = to_s(connector)
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    if len(items) == 2:
        return f"{items[0]} {connector} {items[1]}"
    return f"{', '.join(items[:-1])}, {connector} {items[-1]}"


def jsonify(value: Any) -> str:
    """JSON as Ruby's ``to_json`` writes it: compact, text as it is."""
    return json.dumps(
        _plain(value), ensure_ascii=False, separators=(",", ":"), default=to_s
    )


def _plain(value: Any) -> Any:
    if _nil(value):
        return None
    if isinstance(value, Mapping):
        return {to_s(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | range):
        return [_plain(item) for item in value]
    return value


def slugify(value: Any, mode: Any = None) -> str:
    """Jekyll's slugify with its modes (``default`` when none is given)."""
    return _slugify(_text(value), mode=to_s(mode) if not _nil(mode) else "default")


def inspect(value: Any) -> str:
    """Ruby's ``inspect`` of the value, XML-escaped."""
    return xml_escape(inspect_value(value))


def to_integer(value: Any) -> int:
    """``true`` 1, ``false`` 0, otherwise the number in the value."""
    if value is False:
        return 0
    return _integer(value)


TEXT_FILTERS: dict[str, Callable[..., Any]] = {
    "xml_escape": xml_escape,
    "cgi_escape": cgi_escape,
    "uri_escape": uri_escape,
    "normalize_whitespace": normalize_whitespace,
    "number_of_words": number_of_words,
    "array_to_sentence_string": array_to_sentence_string,
    "jsonify": jsonify,
    "slugify": slugify,
    "inspect": inspect,
    "to_integer": to_integer,
}
