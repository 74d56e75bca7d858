from django.conf import settings
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from home import content_version
from home.content_version import cached_while_current
from home.sites import navigation_key, site_for_request


def site_navigation(request):
    """The main navigation: live pages under the site's home that editors put in menus.

    From the shared cache while the content version holds (home/content_version.py): every page
    shows it, and only a publish, unpublish, move or delete changes it, each replacing the version."""

    def pages():
        site = site_for_request(request)
        if site is None:
            return []
        return cached_while_current(
            request,
            navigation_key(request),
            lambda: list(site.root_page.get_children().live().in_menu().only("title", "url_path", "path")),
        )

    # Lazy: responses that never render the header (JSON endpoints, feeds) pay no query.
    return {"site_nav_pages": SimpleLazyObject(pages)}


def page_cache_vary(request):
    """``page_cache_vary``: what a cached fragment of a page varies on besides the page itself, as in
    ``{% wagtailpagecache fragment_cache_seconds "profile" page_cache_vary %}``. What the page cache
    keys whole pages by: the content version (replaced by every write a public page shows,
    home/content_version.py), the local date (availability goes stale, restrictions start and end
    with the calendar), and the scheme and host (absolute URLs in links and structured data)."""

    def vary() -> str:
        version = content_version.of_request(request)
        return f"{version}:{timezone.localdate().isoformat()}:{request.scheme}://{request.get_host()}"

    return {
        # Fragments expire with the page cache's entries; the version makes them stale before that.
        "fragment_cache_seconds": settings.PAGE_CACHE_SECONDS,
        "page_cache_vary": SimpleLazyObject(vary),
    }
