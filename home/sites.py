"""The Wagtail site a request is for, from the shared cache, and the keys of what depends on it.

Wagtail finds the site with a query on every request that needs one (``Site.find_for_request``:
the host and port matched against every site, the root page joined). Sites change only when an
editor edits one, which replaces the content version (home/page_cache.py), so the site is kept
against it (home/content_version.py), with its root page already in its own type (routing starts
from it). Wagtail keeps the site it found on the request (``request._wagtail_site``, as
``Site.find_for_request`` documents); ``site_for_request`` fills it from the cache, reading the
site's settings and menu in the same round trip, since a page that needs the site shows them.
"""

from __future__ import annotations

from django.http import HttpRequest
from wagtail.models import Site

from home.content_version import cached_while_current, host_key, prefetch


def settings_key(request: HttpRequest) -> str:
    return host_key(request, "site-settings")


def navigation_key(request: HttpRequest) -> str:
    return host_key(request, "site-navigation")


def cached_site(request: HttpRequest) -> Site | None:
    """What ``Site.find_for_request`` finds, with ``root_page`` as its specific page, from the shared cache."""

    def find() -> Site | None:
        site = Site._find_for_request(request)
        if site is not None:
            # Routing starts from `site.root_page.localized.specific`: already specific, that costs nothing.
            site.root_page = site.root_page.specific
        return site

    return cached_while_current(request, host_key(request, "wagtail-site"), find)


def site_for_request(request: HttpRequest, *also: str) -> Site | None:
    """``Site.find_for_request(request)``, from the shared cache the first time; the cache keys in
    ``also`` are read in the same round trip (with the site's settings and menu)."""
    if not hasattr(request, "_wagtail_site"):
        prefetch(request, [host_key(request, "wagtail-site"), settings_key(request), navigation_key(request), *also])
        request._wagtail_site = cached_site(request)
    return request._wagtail_site
