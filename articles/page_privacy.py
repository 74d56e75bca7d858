"""Pages known to be public skip Wagtail's view-restriction queries.

Wagtail checks every page it serves for view restrictions (a password, a login, groups) on the
page and its ancestors: two queries on every request, whatever the page. The cached routing
(home/routing.py) checks once, when it keeps the page, and marks a page none applies to; the
mark lasts as long as the kept page, which a new or removed restriction, or a move, replaces
(the content version). Every page type of the site takes this mixin; a page without the mark
(the admin's, a routable page's sub-URL, a private page) is checked by Wagtail as always. Shared
by articles, the directory and the home page, so it lives in the lowest layer.
"""

from wagtail.models import PageViewRestriction


class KnownPublicPageMixin:
    # Set on an instance by the cached routing when no view restriction applies to it.
    known_public = False

    def get_view_restrictions(self):
        if self.known_public:
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
