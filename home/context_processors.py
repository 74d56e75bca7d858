from django.utils.functional import SimpleLazyObject
from wagtail.models import Site


def site_navigation(request):
    """The main navigation: live pages under the site's home that editors put in menus."""

    def pages():
        site = Site.find_for_request(request)
        if site is None:
            return []
        return list(site.root_page.get_children().live().in_menu().only("title", "url_path", "path"))

    # Lazy: responses that never render the header (JSON endpoints, feeds) pay no query.
    return {"site_nav_pages": SimpleLazyObject(pages)}
