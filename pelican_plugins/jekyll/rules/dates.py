"""Jekyll's dates: what Ruby's ``Time.parse`` makes of a post's ``date``.

Jekyll turns every front-matter ``date`` into text (``value.to_s``) and reads it
with ``Time.parse``, which finds a date, a time and a zone anywhere in the text
(``Date._parse``) and fills what is missing from "now". Times without a zone are
wall-clock times in the site's ``timezone``. The same goes for the
``YYYY-MM-DD`` in a post's file name (``file_names``). This module states those
rules in Python so a Pelican site dates its posts to the same instant Jekyll
does.

The parser is a scanner in ``Date._parse``'s order: each recogniser looks for
its pattern anywhere in the (cleaned) text, records what it found and blanks
the match out, so a later recogniser cannot read the same characters twice.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable
from fractions import Fraction
from typing import Any

__all__ = ["parse_time", "time_from_yaml"]

# Date._parse refuses longer input (Ruby's date 3.2 ``limit:``), in bytes.
_LIMIT = 128

_ABBR_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
_ABBR_DAYS = "sun|mon|tue|wed|thu|fri|sat"
_ERA = r"(c(?:e|\.e\.)|b(?:ce|\.c\.e\.)|a(?:d|\.d\.)|b(?:c|\.c\.))?"
# Ruby's \d and \s are ASCII only; after cleaning the only space left is " ".
_D = "[0-9]"
_ALPHA = r"[^\W\d_]"
_I = re.IGNORECASE

_DAY = re.compile(rf"\b({_ABBR_DAYS})[^-/0-9 ]*", _I)
_TIME = re.compile(
    rf"((?:{_D}+ *: *{_D}+(?: *: *{_D}+(?:[,.]{_D}*)?)?"
    rf"|{_D}+ *h(?: *{_D}+m?(?: *{_D}+s?)?)?)"
    r"(?: *[ap](?:m\b|\.m\.))?"
    rf"|{_D}+ *[ap](?:m\b|\.m\.))"
    rf"(?: *((?:gmt|utc?)?[-+]{_D}+(?:[,.:]{_D}+(?::{_D}+)?)?"
    rf"|(?:{_ALPHA}|[. ])+(?:standard|daylight) time\b"
    rf"|{_ALPHA}+(?: dst)?\b))?",
    _I,
)
_TIME_PARTS = re.compile(
    rf"({_D}+)h?(?: *:? *({_D}+)m?(?: *:? *({_D}+)(?:[,.]({_D}+))?s?)?)?"
    r"(?: *([ap])(?:m\b|\.m\.))?",
    _I,
)
_EU = re.compile(
    rf"('?{_D}+)[^-0-9 ]* *({_ABBR_MONTHS})[^-0-9 ']*"
    rf"(?: *{_ERA} *('?-?{_D}+(?:(?:st|nd|rd|th)\b)?))?",
    _I,
)
_US = re.compile(
    rf"\b({_ABBR_MONTHS})[^-0-9 ']* *('?{_D}+)[^-0-9 ']*"
    rf"(?: *,? *{_ERA} *('?-?{_D}+))?",
    _I,
)
_ISO = re.compile(rf"('?[-+]?{_D}+)-({_D}+)-('?-?{_D}+)")
_ISO21 = re.compile(rf"\b({_D}{{2}}|{_D}{{4}})?-?w({_D}{{2}})(?:-?({_D}))?\b", _I)
_ISO22 = re.compile(rf"-w-({_D})\b", _I)
_ISO23 = re.compile(rf"--({_D}{{2}})?-({_D}{{2}})\b")
_ISO24 = re.compile(rf"--({_D}{{2}})({_D}{{2}})?\b")
_ISO25_NOT = re.compile(rf"[,.]({_D}{{2}}|{_D}{{4}})-{_D}{{3}}\b")
_ISO25 = re.compile(rf"\b({_D}{{2}}|{_D}{{4}})-({_D}{{3}})\b")
_ISO26_NOT = re.compile(rf"{_D}-{_D}{{3}}\b")
_ISO26 = re.compile(rf"\b-({_D}{{3}})\b")
_JIS = re.compile(rf"\b([mtsh])({_D}+)\.({_D}+)\.({_D}+)", _I)
_VMS11 = re.compile(rf"('?-?{_D}+)-({_ABBR_MONTHS})[^-/.]*-('?-?{_D}+)", _I)
_VMS12 = re.compile(rf"\b({_ABBR_MONTHS})[^-/.]*-('?-?{_D}+)(?:-('?-?{_D}+))?", _I)
_SLA = re.compile(rf"('?-?{_D}+)/ *('?{_D}+)(?:[^0-9] *('?-?{_D}+))?", _I)
_DOT = re.compile(rf"('?-?{_D}+)\. *('?{_D}+)\. *('?-?{_D}+)", _I)
_YEAR = re.compile(rf"'({_D}+)\b")
_MON = re.compile(rf"\b({_ABBR_MONTHS})[^ ]*", _I)
_MDAY = re.compile(rf"({_D}+)(st|nd|rd|th)\b", _I)
_DDD = re.compile(
    rf"([-+]?)({_D}{{2,14}})(?: *t? *({_D}{{2,6}})?(?:[,.]({_D}*))?)?"
    rf"(?: *(z\b|[-+]{_D}{{1,4}}\b|\[[-+]?{_D}[^\]]*\]))?",
    _I,
)
_BC = re.compile(r"\b(bc\b|bce\b|b\.c\.|b\.c\.e\.)", _I)
_FRAG = re.compile(rf"\A *({_D}{{1,2}}) *\Z")

_ERAS = {"m": 1867, "t": 1911, "s": 1925, "h": 1988}
_MONTHS = _ABBR_MONTHS.split("|")

# Time.parse knows these zone names itself (time.rb's ZoneOffset), in hours.
_ZONE_HOURS = {
    "UTC": 0, "Z": 0, "UT": 0, "GMT": 0,
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5,
    "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
    **{letter: i + 1 for i, letter in enumerate("ABCDEFGHI")},
    **{letter: i + 10 for i, letter in enumerate("KLM")},
    **{letter: -(i + 1) for i, letter in enumerate("NOPQRSTUVWXY")},
}  # fmt: skip
_NUMERIC_ZONE = re.compile(r"([+-])([0-9]{2})(:?)([0-9]{2})(?:\3([0-9]{2}))?")
_SHORT_ZONE = re.compile(r"[+-][0-9]{2}")

_PLAIN_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")

Found = dict[str, Any]


class _RubyRaises(Exception):
    """Ruby stops with an error here (Jekyll: "invalid date" or a crash)."""


def _ruby_alnum(char: str) -> bool:
    """Onigmo's Unicode ``[[:alnum:]]``: a letter, a mark or a decimal digit."""
    category = unicodedata.category(char)
    return category[0] in "LM" or category == "Nd"


def _clean(text: str) -> str:
    """Date._parse's first step: every run of other characters becomes a space."""
    out: list[str] = []
    for char in text:
        keep = char in "-+',./:@[]" or _ruby_alnum(char)
        if keep:
            out.append(char)
        elif not out or out[-1] != "\0":
            out.append("\0")
    return "".join(out).replace("\0", " ")


def _has(text: str, *kinds: str) -> bool:
    """Date._parse's character-class gate, on ASCII letters and digits only."""
    checks = {
        "alpha": lambda: re.search("[A-Za-z]", text) is not None,
        "digit": lambda: re.search("[0-9]", text) is not None,
        "dash": lambda: "-" in text,
        "dot": lambda: "." in text,
        "slash": lambda: "/" in text,
    }
    return all(checks[kind]() for kind in kinds)


def _number(text: str) -> int:
    """Ruby's lenient ``String#to_i`` on a sign and digits ("-" alone is 0)."""
    match = re.match(r"[-+]?[0-9]+", text)
    return int(match.group()) if match else 0


def _month(name: str) -> int:
    """1 for "jan..." up to 12; Ruby's mon_num compares the first three letters."""
    head = name[:3].lower()
    return _MONTHS.index(head) + 1 if head in _MONTHS else 13


def _first(text: str, chars: Callable[[str], bool]) -> int:
    return next((i for i, c in enumerate(text) if chars(c)), len(text))


def _digit_run(text: str, start: int) -> int:
    end = start
    while end < len(text) and text[end] in "0123456789":
        end += 1
    return end


def _sign_or_digit(char: str) -> bool:
    return char in "+-0123456789"


def _ascii_digit(char: str) -> bool:
    return char in "0123456789"


def _three(found: Found, y: str | None, m: str | None, d: str | None, bc: bool) -> None:
    """Date._parse's s3e: decide which of three numbers is year, month and day."""
    if y is not None and m is not None and d is None:
        y, m, d = None, y, m
    if y is None:
        if d is not None and len(d) > 2:
            y, d = d, None
        if d is not None and d[:1] == "'":
            y, d = d, None
    if y is not None:
        start = _first(y, _sign_or_digit)
        if start < len(y):
            body = start + 1 if y[start] in "+-" else start
            end = _digit_run(y, body)
            if end < len(y):  # a year with a suffix ("5th") is really the day
                y, d = d, y[start:end]
    if m is not None and (m[:1] == "'" or len(m) > 2):
        y, m, d = m, d, y
    if d is not None and (d[:1] == "'" or len(d) > 2):
        y, d = d, y
    complete: bool | None = None
    if y is not None:
        start = _first(y, _sign_or_digit)
        if start < len(y):
            body = start + 1 if y[start] in "+-" else start
            end = _digit_run(y, body)
            if body > start or end - body > 2:
                complete = False
            found["year"] = _number(y[start:end])
    if bc:
        found["_bc"] = True
    for key, part in (("mon", m), ("mday", d)):
        if part is not None:
            start = _first(part, _ascii_digit)
            if start < len(part):
                found[key] = int(part[start : _digit_run(part, start)])
    if complete is not None:
        found["_comp"] = complete


def _fraction(digits: str) -> Fraction:
    return Fraction(int(digits or "0"), 10 ** len(digits))


def _on_day(match: re.Match[str], found: Found) -> None:
    found["wday"] = match.group(1)


def _on_time(match: re.Match[str], found: Found) -> None:
    if match.group(2) is not None:
        found["zone"] = match.group(2)
    parts = _TIME_PARTS.match(match.group(1))
    if parts is None:
        return
    hour_text, minute, second, fraction, meridian = parts.groups()
    hour = int(hour_text)
    if meridian is not None:
        if hour > 2**31 - 1:  # Ruby's NUM2INT: "too big to convert to int"
            raise _RubyRaises(hour_text)
        hour = hour % 12 + (12 if meridian in "Pp" else 0)
    found["hour"] = hour
    if minute is not None:
        found["min"] = int(minute)
    if second is not None:
        found["sec"] = int(second)
    if fraction is not None:
        found["sec_fraction"] = _fraction(fraction)


def _era_bc(era: str | None) -> bool:
    return era is not None and era[0] in "Bb"


def _on_eu(match: re.Match[str], found: Found) -> None:
    day, month, era, year = match.groups()
    _three(found, year, str(_month(month)), day, _era_bc(era))


def _on_us(match: re.Match[str], found: Found) -> None:
    month, day, era, year = match.groups()
    _three(found, year, str(_month(month)), day, _era_bc(era))


def _on_ymd(match: re.Match[str], found: Found) -> None:
    year, month, day = match.groups()
    _three(found, year, month, day, False)


def _on_vms11(match: re.Match[str], found: Found) -> None:
    day, month, year = match.groups()
    _three(found, year, str(_month(month)), day, False)


def _on_vms12(match: re.Match[str], found: Found) -> None:
    month, day, year = match.groups()
    _three(found, year, str(_month(month)), day, False)


def _on_jis(match: re.Match[str], found: Found) -> None:
    era, year, month, day = match.groups()
    found["year"] = int(year) + _ERAS[era.lower()]
    found["mon"] = int(month)
    found["mday"] = int(day)


def _on_week(match: re.Match[str], found: Found) -> None:
    # Time.parse ignores commercial weeks, but the match still ends the search.
    found["cweek"] = match.group(match.lastindex or 0)


def _on_iso23(match: re.Match[str], found: Found) -> None:
    if match.group(1) is not None:
        found["mon"] = int(match.group(1))
    found["mday"] = int(match.group(2))


def _on_iso24(match: re.Match[str], found: Found) -> None:
    found["mon"] = int(match.group(1))
    if match.group(2) is not None:
        found["mday"] = int(match.group(2))


def _on_iso25(match: re.Match[str], found: Found) -> None:
    found["year"] = int(match.group(1))
    found["yday"] = int(match.group(2))


def _on_iso26(match: re.Match[str], found: Found) -> None:
    found["yday"] = int(match.group(1))


def _on_year(match: re.Match[str], found: Found) -> None:
    found["year"] = int(match.group(1))


def _on_mon(match: re.Match[str], found: Found) -> None:
    found["mon"] = _month(match.group(1))


def _on_mday(match: re.Match[str], found: Found) -> None:
    found["mday"] = int(match.group(1))


def _on_bc(match: re.Match[str], found: Found) -> None:
    found["_bc"] = True


def _on_frag(match: re.Match[str], found: Found) -> None:
    number = int(match.group(1))
    if "hour" in found and "mday" not in found and 1 <= number <= 31:
        found["mday"] = number
    if "mday" in found and "hour" not in found and 0 <= number <= 24:
        found["hour"] = number


def _pairs(digits: str, *names: str) -> dict[str, int]:
    """Split ``digits`` into two-digit fields, from the left."""
    count = min(len(names), len(digits) // 2)
    return {names[i]: int(digits[i * 2 : i * 2 + 2]) for i in range(count)}


def _tail_time(digits: str) -> dict[str, int]:
    """Digits read from the right as ...day, hour, minute, second."""
    names = ("sec", "min", "hour", "mday", "mon")
    out: dict[str, int] = {}
    end = len(digits)
    for name in names:
        if end <= 0:
            break
        out[name] = int(digits[max(end - 2, 0) : end])
        end -= 2
    return out


def _ddd_date(digits: str, negative: bool, found: Found) -> None:
    """A run of 2-14 digits that is a date (the common reading)."""
    size = len(digits)
    sign = -1 if negative else 1
    if size == 2:
        found["mday"] = int(digits)
    elif size == 4:
        found.update(_pairs(digits, "mon", "mday"))
    elif size == 6:
        found.update(_pairs(digits, "year", "mon", "mday"))
        found["year"] *= sign
    elif size in (8, 10, 12, 14):
        found["year"] = sign * int(digits[:4])
        found.update(_pairs(digits[4:], "mon", "mday", "hour", "min", "sec"))
        found["_comp"] = False
    elif size == 3:
        found["yday"] = int(digits)
    elif size == 5:
        found["year"] = sign * int(digits[:2])
        found["yday"] = int(digits[2:])
    elif size == 7:
        found["year"] = sign * int(digits[:4])
        found["yday"] = int(digits[4:])


def _ddd_time(digits: str, negative: bool, found: Found) -> None:
    """A run of digits followed by a fraction: a time read from the right."""
    size = len(digits)
    sign = -1 if negative else 1
    if size in (2, 4, 6, 8, 10):
        found.update(_tail_time(digits))
    elif size == 12:
        found.update(_tail_time(digits))
        found["year"] = sign * int(digits[:2])
    elif size == 14:
        found.update(_tail_time(digits))
        found["year"] = sign * int(digits[:4])
        found["_comp"] = False
    elif size == 3:
        found["sec"], found["min"] = int(digits[1:]), int(digits[0])
    elif size in (5, 7):
        found.update(_tail_time(digits[1:]))
        first = "hour" if size == 5 else "mday"
        found[first] = int(digits[0])


def _on_ddd(match: re.Match[str], found: Found) -> None:
    sign, digits, clock, fraction, zone = match.groups()
    # Digits then a fraction and no second run: the digits are a time.
    if clock is None and fraction is not None:
        _ddd_time(digits, sign == "-", found)
    else:
        _ddd_date(digits, sign == "-", found)
    if clock is not None and len(clock) in (2, 4, 6):
        if fraction is not None:
            found.update(_tail_time(clock))
        else:
            found.update(_pairs(clock, "hour", "min", "sec"))
    if fraction is not None:
        found["sec_fraction"] = _fraction(fraction)
    if zone is not None:
        found["zone"] = zone
        if zone.startswith("["):
            inside = zone[1:-1]
            found["zone"] = inside.split(":", 1)[1] if ":" in inside else inside


# Date._parse's recognisers in its order, each with the character classes the
# remaining text must still contain for it to be tried.
_DATE_STEPS: tuple[tuple[tuple[str, ...], re.Pattern[str] | None, Any], ...] = (
    (("alpha", "digit"), _EU, _on_eu),
    (("alpha", "digit"), _US, _on_us),
    (("digit", "dash"), _ISO, _on_ymd),
    (("digit", "dot"), _JIS, _on_jis),
    (("alpha", "digit", "dash"), _VMS11, _on_vms11),
    (("alpha", "digit", "dash"), _VMS12, _on_vms12),
    (("digit", "slash"), _SLA, _on_ymd),
    (("digit", "dot"), _DOT, _on_ymd),
    (("digit",), _ISO21, _on_week),
    (("digit",), _ISO22, _on_week),
    (("digit",), _ISO23, _on_iso23),
    (("digit",), _ISO24, _on_iso24),
    (("digit",), (_ISO25_NOT, _ISO25), _on_iso25),
    (("digit",), (_ISO26_NOT, _ISO26), _on_iso26),
    (("digit",), _YEAR, _on_year),
    (("alpha",), _MON, _on_mon),
    (("digit",), _MDAY, _on_mday),
    (("digit",), _DDD, _on_ddd),
)


def _blank(text: str, pattern: re.Pattern[str], found: Found, on: Any) -> str | None:
    """Find ``pattern``; record it and return the text with the match blanked."""
    match = pattern.search(text)
    if match is None:
        return None
    on(match, found)
    return text[: match.start()] + " " + text[match.end() :]


def ruby_date_parse(text: str) -> Found:
    """What Ruby's ``Date._parse(text)`` finds: year, mon, mday, yday, hour,
    min, sec, sec_fraction and zone (text), as far as each is in ``text``."""
    text = _clean(text)
    found: Found = {"_comp": True}
    for kinds, pattern, on in (
        (("alpha",), _DAY, _on_day),
        (("digit",), _TIME, _on_time),
    ):
        if _has(text, *kinds):
            text = _blank(text, pattern, found, on) or text
    for kinds, pattern, on in _DATE_STEPS:
        if not _has(text, *kinds):
            continue
        if isinstance(pattern, tuple):  # a pattern that must not match first
            if pattern[0].search(text):
                continue
            pattern = pattern[1]
        rest = _blank(text, pattern, found, on)
        if rest is not None:
            text = rest
            break
    if _has(text, "alpha"):
        text = _blank(text, _BC, found, _on_bc) or text
    if _has(text, "digit"):
        _blank(text, _FRAG, found, _on_frag)
    return _complete(found)


def _complete(found: Found) -> Found:
    """Years before Christ, then two-digit years: 69-99 are 19xx, 0-68 20xx."""
    year = found.get("year")
    if year is not None and found.pop("_bc", False):
        year = 1 - year
    if year is not None and found.get("_comp") and 0 <= year <= 99:
        year += 1900 if year >= 69 else 2000
    if year is not None:
        found["year"] = year
    found.pop("_bc", None)
    found.pop("_comp", None)
    return found


def _month_days(year: int, month: int) -> int | None:
    """time.rb's month_days, with Ruby's array indexing (0 is December, >12 nil)."""
    leap = (year % 4 == 0 and year % 100 != 0) or year % 400 == 0
    days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return days[month - 1] if -12 <= month - 1 < 12 else None


def _civil(fields: tuple[int, int, int, int, int, int], usec: int) -> Any:
    """Ruby's ``Time.utc``/``Time.local`` checks and rollovers, as a naive
    wall-clock datetime; None where Ruby raises ArgumentError."""
    year, month, day, hour, minute, second = fields
    if not (1 <= month <= 12 and 1 <= day <= 31 and 0 <= minute <= 59):
        return None
    if not (0 <= hour <= 24 and 0 <= second <= 60):
        return None
    if hour == 24 and (minute or second):
        return None
    # Feb 30 is Mar 1 (or 2); the 31st of a 30-day month is the 1st of the next.
    if month == 2 and day > (feb := _month_days(year, 2) or 28):
        month, day = 3, day - feb
    elif month in (4, 6, 9, 11) and day == 31:
        month, day = month + 1, 1
    try:
        start = datetime.datetime(year, month, day)
        return start + datetime.timedelta(
            hours=hour, minutes=minute, seconds=second, microseconds=usec
        )
    except (ValueError, OverflowError):
        return None  # outside Python's years 1-9999


def _apply_offset(fields: tuple[int, ...], offset: int) -> tuple[int, ...]:
    """time.rb's apply_offset: wall clock minus a zone offset, carrying at most a
    day into the next month (so a 31st of February stays odd, as in Ruby)."""
    year, month, day, hour, minute, second = fields
    sign = 1 if offset > 0 else -1
    rest = abs(offset)
    units = [second, minute, hour]
    for index, base in enumerate((60, 60, 24)):
        rest, part = divmod(rest, base)
        if part:
            carry, units[index] = divmod(units[index] - sign * part, base)
            rest -= sign * carry
    second, minute, hour = units
    if rest and sign < 0:
        day += rest
        days = _month_days(year, month)
        if days is not None and days < day:
            month, day = month + 1, 1
            if month > 12:
                year, month = year + 1, 1
    elif rest:
        day -= rest
        if day < 1:
            month -= 1
            if month < 1:
                year, month = year - 1, 12
            day = _month_days(year, month) or 31
    return year, month, day, hour, minute, second


def _zone_offset(zone: str, year: int, local: datetime.tzinfo) -> int | None:
    """time.rb's zone_offset in seconds: numeric zones, its own short list of
    names, and the site zone's own winter or summer abbreviation; else None
    (Time.parse then ignores the zone and reads the time as local)."""
    zone = zone.upper()
    match = _NUMERIC_ZONE.fullmatch(zone)
    if match:
        sign = -1 if match.group(1) == "-" else 1
        hours, minutes, seconds = (int(g or 0) for g in match.group(2, 4, 5))
        return sign * (hours * 3600 + minutes * 60 + seconds)
    if _SHORT_ZONE.fullmatch(zone):
        return int(zone) * 3600
    if zone in _ZONE_HOURS:
        return _ZONE_HOURS[zone] * 3600
    for month in (1, 7):
        try:
            moment = _wall_to_local(datetime.datetime(year, month, 1), local)
        except (ValueError, OverflowError):
            return None
        if moment is not None and (moment.tzname() or "").upper() == zone:
            offset = moment.utcoffset()
            return int(offset.total_seconds()) if offset is not None else None
    return None


def _wall_to_local(wall: datetime.datetime, zone: datetime.tzinfo) -> Any:
    """Ruby's ``Time.local``: a skipped wall time moves forward; a repeated one
    is the later of the two instants (both: the smaller UTC offset)."""
    first = wall.replace(tzinfo=zone, fold=0)
    second = wall.replace(tzinfo=zone, fold=1)
    one, two = first.utcoffset(), second.utcoffset()
    if one is None or two is None:
        return first
    return second if two < one else first


def _make_time(found: Found, now: datetime.datetime, zone: datetime.tzinfo) -> Any:
    """time.rb's make_time: fill what Date._parse left out from ``now``, then
    read the result in the text's zone, or as local time without one."""
    keys = ("year", "yday", "mon", "mday", "hour", "min", "sec", "sec_fraction")
    if not any(key in found for key in keys):
        return None  # Ruby: "no time information"
    text_zone = found.get("zone")
    year_for_zone = found.get("year", now.year)
    offset = None
    if text_zone is not None:
        offset = _zone_offset(text_zone, year_for_zone, zone)
    if "yday" in found:
        return _from_year_day(found, now, zone, year_for_zone)
    if offset is not None:
        now = now.astimezone(datetime.timezone(datetime.timedelta(seconds=offset)))
    else:
        now = now.astimezone(zone)
    fields = _fill_from_now(found, now)
    usec = int(found.get("sec_fraction", 0) * 1_000_000)
    if offset is None:
        wall = _civil(fields, usec)
        return None if wall is None else _wall_to_local(wall, zone)
    utc = _civil(_apply_offset(fields, offset), usec)
    if utc is None:
        return None
    shown = datetime.timezone(datetime.timedelta(seconds=offset))
    try:
        return utc.replace(tzinfo=datetime.timezone.utc).astimezone(shown)
    except OverflowError:
        return None


def _fill_from_now(found: Found, now: datetime.datetime) -> tuple[int, ...]:
    """Fields missing before the first one given come from ``now``; the rest
    are the start of their range (time.rb's "break if year" ladder)."""
    order = (
        ("year", now.year, 1970),
        ("mon", now.month, 1),
        ("mday", now.day, 1),
        ("hour", now.hour, 0),
        ("min", now.minute, 0),
        ("sec", now.second, 0),
    )
    out: list[int] = []
    given = False
    for key, current, start in order:
        given = given or key in found
        out.append(found.get(key, start if given else current))
    return tuple(out)


def _from_year_day(
    found: Found, now: datetime.datetime, zone: datetime.tzinfo, year_for_zone: int
) -> Any:
    """make_time with a day of the year: guess the month, then correct by the
    difference Ruby sees, at most once into the next month."""
    year_day = found["yday"]
    if not 1 <= year_day <= 366:
        return None
    month, day = divmod(year_day - 1, 31)
    month, day = month + 1, day + 1
    rest = {k: v for k, v in found.items() if k != "yday"}
    first = _make_time({**rest, "mon": month, "mday": day}, now, zone)
    if first is None:
        return None
    diff = year_day - first.timetuple().tm_yday
    if diff == 0:
        return first
    day += diff
    days = _month_days(year_for_zone, month) or 31
    if day > 28 and day > days:
        month += 1
        if month > 12:
            return None
        day -= days
    return _make_time({**rest, "mon": month, "mday": day}, now, zone)


def parse_time(
    text: str, zone: datetime.tzinfo, now: datetime.datetime | None = None
) -> datetime.datetime | None:
    """The instant Ruby's ``Time.parse(text)`` gives with ``TZ`` set to ``zone``
    (Jekyll's ``timezone``), as an aware datetime in ``zone``; None where Ruby
    raises (no date or time in the text, a month 13, text over 128 bytes...).

    Missing parts come from ``now`` (default: the current time), as in Ruby:
    ``"12:00"`` is today at noon, ``"Jan 5"`` is this year's. Fractions of a
    second are cut to microseconds. Years outside 1-9999 give None.
    """
    if len(text.encode("utf-8", "surrogatepass")) > _LIMIT:
        return None
    try:
        found = ruby_date_parse(text)
    except _RubyRaises:
        return None
    current = now if now is not None else datetime.datetime.now(zone)
    if current.tzinfo is None:
        current = current.replace(tzinfo=zone)
    try:
        moment = _make_time(found, current, zone)
    except (ValueError, OverflowError):
        return None
    return None if moment is None else moment.astimezone(zone)


def _ruby_float_text(number: float) -> str:
    """Ruby's ``Float#to_s``: like Python's repr, with ``1.0e+20`` and ``Infinity``."""
    if number != number:
        return "NaN"
    if number in (float("inf"), float("-inf")):
        return "Infinity" if number > 0 else "-Infinity"
    text = repr(number)
    mantissa, e, exponent = text.partition("e")
    if e and "." not in mantissa:
        mantissa += ".0"
    return mantissa + (e + exponent if e else "")


def time_from_yaml(value: object, zone: datetime.tzinfo) -> datetime.datetime | None:
    """What Jekyll makes of a front-matter ``date`` as PyYAML loaded it.

    Jekyll parses ``value.to_s`` again, so: a date is midnight in ``zone``; a
    timestamp with a zone keeps its instant, to the whole second (Ruby's
    ``Time#to_s`` drops fractions); a timestamp *without* a zone is UTC, because
    Ruby's YAML reads it so, unlike the same text quoted, which is local time;
    text and numbers go through :func:`parse_time`. None for what Jekyll
    rejects (``true``, an empty ``date:``, lists, text without a date).
    """
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.timezone.utc)
        return value.replace(microsecond=0).astimezone(zone)
    if isinstance(value, datetime.date):
        wall = datetime.datetime(value.year, value.month, value.day)
        return _wall_to_local(wall, zone).astimezone(zone)
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return parse_time(str(value), zone)
    if isinstance(value, float):
        return parse_time(_ruby_float_text(value), zone)
    if isinstance(value, str):
        return parse_time(value, zone)
    return None


def plain_date(text: str, zone: datetime.tzinfo) -> datetime.datetime | None:
    """A ``YYYY-MM-DD`` that is a real day: midnight in ``zone``, as
    ``Time.parse`` reads it, without its general parser (most posts' names);
    None for anything else."""
    match = _PLAIN_DATE.fullmatch(text)
    if match is None:
        return None
    try:
        wall = datetime.datetime(*(int(part) for part in match.groups()))
    except ValueError:
        return None
    return _wall_to_local(wall, zone).astimezone(zone)
