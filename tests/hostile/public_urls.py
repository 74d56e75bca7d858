"""Every public URL of the site, discovered rather than listed, so new views are fuzzed as they land.

Two sources: the URL patterns that take no arguments (search, sitemap, robots, feeds, the portal's
entry points, ...) and every live page of the default site (home, indexes, articles, profiles) that
the test's content fixture created. The admin is Wagtail's and is left out; its own tests cover it.
"""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site

# URL prefixes that are not the public site's own views.
NOT_PUBLIC = ("admin/", "django-admin/", "documents/", "favicon.ico")

# Query parameter names the site's views read (contracts.md), so generated queries hit real code
# paths rather than only unknown keys.
KNOWN_PARAMETERS = [
    "q",
    "near",
    "lat",
    "lng",
    "radius",
    "condition",
    "technique",
    "language",
    "gender",
    "accepting",
    "direct_billing",
    "home_visits",
    "wheelchair",
    "max_fee",
    "sort",
    "page",
    "tag",
    "format",
    "next",
    "literal",
]


@dataclass(frozen=True)
class PublicUrl:
    path: str
    source: str  # the URL name or the page's class, for messages

    def __str__(self) -> str:
        return f"{self.path} ({self.source})"


def _routes(patterns, prefix: str = ""):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route, entry


def named_routes() -> list[PublicUrl]:
    """Named URL patterns without parameters, outside the admin."""
    urls = []
    for route, pattern in _routes(get_resolver().url_patterns):
        if pattern.pattern.regex.groups or "<" in route or route.startswith(NOT_PUBLIC):
            continue
        # Regex routes keep their anchors; our routes are plain paths.
        path = "/" + route.lstrip("^").rstrip("$").replace("\\", "")
        urls.append(PublicUrl(path, pattern.name or route))
    return sorted(set(urls), key=lambda url: url.path)


def live_pages() -> list[PublicUrl]:
    """Every live page, plus the argument-free routes of routable pages (feeds, contact forms, ...)."""
    site = Site.objects.get(is_default_site=True)
    pages = Page.objects.live().public().descendant_of(site.root_page, inclusive=True).specific()
    urls = []
    for page in pages:
        url = page.get_url()
        urls.append(PublicUrl(url, type(page).__name__))
        if isinstance(page, RoutablePageMixin):
            for pattern in page.get_subpage_urls():
                if pattern.name and not pattern.pattern.regex.groups and str(pattern.pattern):
                    urls.append(
                        PublicUrl(url + page.reverse_subpage(pattern.name), f"{type(page).__name__}:{pattern.name}")
                    )
    return urls


def public_urls() -> list[PublicUrl]:
    urls = {url.path: url for url in [*named_routes(), *live_pages()]}
    return sorted(urls.values(), key=lambda url: url.path)
