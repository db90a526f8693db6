"""jekyll.dates against real Ruby: the instant ``Time.parse`` gives, per zone.

One ``ruby`` process reads the whole table as JSON lines, sets ``TZ`` per case
(as Jekyll does from ``timezone``) and answers with microseconds since the epoch
or the error Ruby raised. Without Ruby the comparisons are skipped, except in CI.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from hypothesis import example, given
from hypothesis import strategies as st
from jekyll_reference import ruby_lines

from pelican.plugins.jekyll.rules.dates import parse_time, time_from_yaml
from pelican.plugins.jekyll.rules.file_names import post_name

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
# A fixed "now" (2024-06-30 12:00 UTC) for texts that leave out the date.
NOW = 1719748800

_RUBY_TABLE = r"""
require "time"
require "json"
STDIN.each_line do |line|
  c = JSON.parse(line)
  ENV["TZ"] = c["tz"]
  begin
    t = Time.parse(c["text"], Time.at(c["now"]))
    puts JSON.generate({"us" => (t.to_r * 1_000_000).floor})
  rescue StandardError => e
    puts JSON.generate({"error" => e.class.name})
  end
end
"""

ZONES = ("UTC", "America/New_York", "Pacific/Auckland", "Europe/Berlin", "Asia/Kolkata")

TEXTS = (
    # Dates seen in real posts.
    "2016-07-19 (optional)",
    "2016-06-17 12:00-400",
    "2023-01-29 18:30:22 2023 -0800",
    "2016-03-21 12:00 EDT",
    "2016-03-21 12:00 PST",
    "2016-03-21 23:30 UTC",
    "2016-03-21 23:30 GMT",
    "2016-03-21T23:30:00Z",
    "2016-03-21T23:30:00+05:30",
    "2016-03-21T23:30:00.123456-07:00",
    "2010-01-10 13:07:09 +0000",
    "2010-01-10 13:07:09 -0000",
    "Jan 5 2020",
    "5 January 2020 10:00",
    "January 5, 2020 at 10:00 PM",
    "Sun, 05 Jan 2020 23:59:59 +0100",
    "2017-2-5",
    "2017-02-05 7:05",
    "2019-12-31 23:00",
    "2019-12-31 23:00 CEST",
    "2019-12-31 23:00 NZDT",
    "2019-12-31 23:00 IST",
    "2019-12-31 23:00 Europe/Paris",
    "2019-12-31 23:00 GMT+3",
    "2019-12-31 23:00 +05",
    "2019-12-31 23:00 +5",
    # Impossible and odd dates: Ruby rolls some over and rejects others.
    "2024-02-30",
    "2023-02-29 12:00",
    "2024-04-31",
    "2024-02-31 23:30 -0300",
    "2024-13-01",
    "2024-00-10",
    "2024-01-32",
    "2024-01-01 24:00",
    "2024-01-01 24:01",
    "2024-01-01 23:59:60",
    "2024-01-01 25:00",
    # Wall times that do not exist or exist twice in some zones.
    "2024-03-10 02:30",
    "2024-11-03 01:30",
    "2024-03-31 02:30",
    "2024-10-27 02:30",
    "2024-04-07 02:30",
    "2024-09-29 02:30",
    # Other shapes Date._parse knows.
    "20200105",
    "20200105T101112",
    "12/25/2020",
    "2020/12/25",
    "25.12.2020",
    "H31.04.30",
    "3rd of March 2021",
    "Mar 2021",
    "'99-01-01",
    "69-01-01",
    "68-01-01",
    "2020-123",
    "2020-W05-3",
    "12:00",
    "3pm",
    "noon",
    "",
    "not a date",
    "x" * 129,
)


def _ruby_instants(cases: list[dict[str, object]]) -> list[dict[str, object]]:
    return ruby_lines(_RUBY_TABLE, cases)  # type: ignore[return-value]


def _micros(moment: datetime.datetime | None) -> int | None:
    if moment is None:
        return None
    return (moment - EPOCH) // datetime.timedelta(microseconds=1)


def test_parse_time_matches_ruby_in_every_zone() -> None:
    cases = [{"text": text, "tz": zone, "now": NOW} for zone in ZONES for text in TEXTS]
    answers = _ruby_instants(cases)
    assert len(answers) == len(cases)
    differences = []
    for case, answer in zip(cases, answers, strict=True):
        zone = ZoneInfo(str(case["tz"]))
        now = datetime.datetime.fromtimestamp(NOW, zone)
        mine = parse_time(str(case["text"]), zone, now)
        if mine is not None:
            assert mine.tzinfo is zone  # aware, shown in the site's zone
        if _micros(mine) != answer.get("us"):
            differences.append((case["text"], case["tz"], mine, answer))
    assert differences == []
    # The table must exercise both outcomes, or it proves little.
    assert any("error" in answer for answer in answers)
    assert sum("us" in answer for answer in answers) > len(answers) // 2


def test_file_names_match_ruby_reading_their_dates() -> None:
    names = (
        "_posts/2024-02-30-leap.md",
        "_posts/2017-2-5-unpadded.md",
        "_posts/24-02-05-two-digit-year.md",
        "en/news/_posts/2019-12-31-new-year.markdown",
        "_posts/99-1-5-last-century.md",
        "_posts/2023-04-31-thirty-first.md",
    )
    cases = []
    for zone in ("America/New_York", "Pacific/Auckland"):
        for name in names:
            date_text = name.rsplit("/", 1)[-1].split("-", 3)
            cases.append({"text": "-".join(date_text[:3]), "tz": zone, "now": NOW})
    answers = _ruby_instants(cases)
    for case, answer, name in zip(cases, answers, names * 2, strict=True):
        found = post_name(name, ZoneInfo(str(case["tz"])))
        assert found is not None
        assert _micros(found.date) == answer["us"]


def test_post_name_reads_jekyll_names() -> None:
    zone = ZoneInfo("America/New_York")

    def read(name: str) -> tuple[datetime.datetime | None, str] | None:
        found = post_name(name, zone)
        return None if found is None else (found.date, found.slug)

    assert read("_posts/2024-02-30-leap.md") == (
        datetime.datetime(2024, 3, 1, tzinfo=zone),
        "leap",
    )
    assert read("_posts/99-1-5-x.md") == (
        datetime.datetime(1999, 1, 5, tzinfo=zone),
        "x",
    )
    assert read("_posts/2017-2-5-jekyll-sass-converter-3.0-released.md") == (
        datetime.datetime(2017, 2, 5, tzinfo=zone),
        "jekyll-sass-converter-3.0-released",
    )
    assert read("_posts/sub/2020-01-01-trailing...md") == (
        datetime.datetime(2020, 1, 1, tzinfo=zone),
        "trailing",
    )
    # A dated name Jekyll stops on: a post, but without a date.
    assert read("_posts/2024-13-01-no-month.md") == (None, "no-month")
    assert read("_posts/about.md") is None
    assert read("_posts/2020-01-01-no-extension") is None
    assert read("_posts/x2020-01-01-prefixed.md") is None
    assert read("_posts/1-1-1-short-year.md") is None


# Zones whose clocks jumped at midnight: the day starts at 01:00 there.
_MIDNIGHT_ZONES = (
    "America/Sao_Paulo",
    "America/Havana",
    "America/Santiago",
    "Asia/Beirut",
    "Pacific/Auckland",
    "UTC",
)


@given(
    day=st.dates(datetime.date(1900, 1, 1), datetime.date(2037, 12, 31)),
    zone=st.sampled_from(_MIDNIGHT_ZONES),
)
@example(day=datetime.date(2018, 11, 4), zone="America/Sao_Paulo")
@example(day=datetime.date(2013, 3, 10), zone="America/Havana")
@example(day=datetime.date(2019, 9, 8), zone="America/Santiago")
@example(day=datetime.date(2020, 3, 29), zone="Asia/Beirut")
def test_a_plain_file_date_is_what_time_parse_reads(
    day: datetime.date, zone: str
) -> None:
    tz = ZoneInfo(zone)
    found = post_name(f"_posts/{day:%Y-%m-%d}-x.md", tz)
    expected = parse_time(f"{day:%Y-%m-%d}", tz)
    assert found is not None and found.date is not None and expected is not None
    assert (found.date, found.date.utcoffset()) == (expected, expected.utcoffset())


def test_time_from_yaml_follows_what_jekyll_reloads() -> None:
    zone = ZoneInfo("America/New_York")
    utc = datetime.timezone.utc
    # A YAML date is local midnight; a YAML timestamp without a zone is UTC.
    assert time_from_yaml(datetime.date(2020, 1, 5), zone) == datetime.datetime(
        2020, 1, 5, tzinfo=zone
    )
    naive = time_from_yaml(datetime.datetime(2016, 6, 17, 2, 0, 0, 500), zone)
    assert naive == datetime.datetime(2016, 6, 17, 2, 0, tzinfo=utc)
    assert naive is not None and naive.day == 16  # 22:00 the evening before
    aware = datetime.datetime(2016, 6, 17, 2, 0, tzinfo=datetime.timezone.max)
    assert time_from_yaml(aware, zone) == aware
    # Quoted text is local time, unlike the same timestamp unquoted.
    text = time_from_yaml("2016-06-17 02:00:00", zone)
    assert text == datetime.datetime(2016, 6, 17, 2, 0, tzinfo=zone)
    assert time_from_yaml(20200105, zone) == datetime.datetime(2020, 1, 5, tzinfo=zone)
    for rejected in (True, None, [2020, 1, 5], {"y": 2020}, "soon"):
        assert time_from_yaml(rejected, zone) is None


@given(st.text(max_size=140))
def test_parse_time_never_raises(text: str) -> None:
    moment = parse_time(text, ZoneInfo("Pacific/Auckland"))
    assert moment is None or moment.tzinfo is not None


@given(
    st.lists(
        st.sampled_from(
            ["2020", "-", "12", ":", "30", " ", "jan", "pm", "+0800", "/", ".", "'"]
        ),
        max_size=12,
    )
)
def test_parse_time_never_raises_on_date_like_text(parts: list[str]) -> None:
    parse_time("".join(parts), ZoneInfo("America/New_York"))
