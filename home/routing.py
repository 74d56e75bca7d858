"""Wagtail's routing of a page request, from the shared cache: the page a URL names.

Before a page renders, Wagtail finds its site (home/sites.py keeps it), fetches the root page
as its own type, and then, for every segment of the path, fetches the child page and fetches it
again as its own type: up to five queries for a profile, the same on every request, for what
only an editor changes (a page published, unpublished, moved or deleted, a site edited). Each of
those replaces the content version (home/page_cache.py), so the page each URL names is kept
against it (home/content_version.py): a page request then starts from its page, read in the same
cache round trip as the site, its settings and menu.

Wagtail keeps what it found on the request (``request._wagtail_route_for_request``, as
``Page.route_for_request`` does); this middleware fills it before Wagtail's page view runs. The
page's own ``route()`` still runs (on the cached page, with no path left): it checks the page is
live and resolves a routable page's index view, as on any request. Paths that go past a page (a
routable page's sub-URL such as a profile's contact form) and paths that name no page are routed
by Wagtail as usual, from the cached site.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponseBase
from wagtail import views as wagtail_views
from wagtail.models import Page, Site

from home.content_version import cached_while_current, host_key
from home.sites import site_for_request


def components_of(path: str) -> list[str]:
    return [component for component in path.split("/") if component]


def page_key(request: HttpRequest, path: str) -> str:
    return host_key(request, "wagtail-page") + ":" + "/".join(components_of(path))


def cached_page(request: HttpRequest, site: Site, path: str) -> Page | None:
    """The specific page whose URL under ``site`` is ``path`` exactly, from the shared cache; None when
    the path names no page, or goes past one (a routable page's sub-URL)."""
    components = components_of(path)

    def find() -> Page | None:
        try:
            page = site.root_page.route(request, components).page
        except Http404:
            return None
        # Only a page reached with nothing of the path left over: its URL path is the path.
        wanted = site.root_page.url_path + "".join(f"{component}/" for component in components)
        if page.url_path != wanted:
            return None
        # Checked once here rather than by Wagtail on every request (articles/page_privacy.py).
        page.known_public = not page.get_view_restrictions().exists()
        return page

    return cached_while_current(request, page_key(request, path), find)


class CachedRoutingMiddleware:
    """Hands Wagtail's page view the cached site and page (see the module's docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> None:
        # Wagtail's pages only: other views (the API, JSON search) may never need a site at all.
        if view_func is not wagtail_views.serve or hasattr(request, "_wagtail_route_for_request"):
            return
        path = view_kwargs.get("path", view_args[0] if view_args else "")
        # One cache round trip for what every page needs: the site, the page, the settings and the menu.
        site = site_for_request(request, page_key(request, path))
        if site is None:
            return
        page = cached_page(request, site, path)
        if page is None:
            return  # Wagtail routes it, from the cached site
        try:
            # The page's own last step: live or 404; a routable page's index view.
            request._wagtail_route_for_request = page.route(request, [])
        except Http404:
            request._wagtail_route_for_request = None
