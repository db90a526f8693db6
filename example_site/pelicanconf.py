"""Settings for previewing the demo locally (``make demo``)."""

from pelican.plugins import postcard

AUTHOR = "Sam Rivera"
SITENAME = "Notes from the Road"
SITESUBTITLE = "A Python developer writing about conferences, code and working abroad."
SITEURL = ""

PATH = "content"
TIMEZONE = "America/New_York"
DEFAULT_LANG = "en"
LOCALE = ("en_US.UTF-8", "C")

PLUGINS = ["postcard"]
THEME = postcard.THEME

ARTICLE_PATHS = ["posts"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
# Posts without `categories` are filed under "Blog", not under their folder name.
USE_FOLDER_AS_CATEGORY = False
DEFAULT_CATEGORY = "Blog"

DEFAULT_PAGINATION = 5
DEFAULT_DATE_FORMAT = "%B %-d, %Y"

# The preview's feeds get the absolute address of `make demo`'s server; their entry
# links stay relative until publishconf.py sets SITEURL, as Pelican does.
FEED_DOMAIN = "http://127.0.0.1:8000"
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

DISPLAY_CATEGORIES_ON_MENU = False

SOCIAL = (
    ("Mastodon", "https://fosstodon.org/@example"),
    ("GitHub", "https://github.com/example"),
)
TWITTER_USERNAME = "example"

DESCRIPTION_CARDS_SITE_DESCRIPTION = (
    "Posts about Python conferences, open source and three months of working "
    "remotely across Europe."
)

TAG_SUMMARIES = {
    "Open Source": "Contributing to, and living with, the projects we all depend on.",
}

RELATIVE_URLS = True
