"""RSS and Atom feeds of published articles, served by the article index page (RoutablePageMixin)."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

FEED_SIZE = 20


class ArticlesFeed(Feed):
    """The newest published articles. Drafts and private pages never appear: the index's own queryset decides."""

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return self.index_page.title

    # Canonical (site) URLs, like the sitemap and the pages' own <link rel="canonical">.
    def link(self):
        return self.index_page.get_full_url(request=self.request)

    def description(self):
        return "Plain-language articles on sciatica and massage, each reviewed by a clinician."

    def items(self):
        return (
            self.index_page.articles()
            .select_related("author", "medical_reviewer")
            .order_by("-first_published_at", "pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        reviewed = f" Medically reviewed by {item.medical_reviewer}." if item.medical_reviewer_id else ""
        return f"{item.summary}{reviewed}"

    def item_link(self, item):
        return item.get_full_url(request=self.request)

    def item_guid(self, item):
        return item.get_full_url(request=self.request)

    item_guid_is_permalink = True

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        if item.last_reviewed:
            return timezone.make_aware(datetime.datetime.combine(item.last_reviewed, datetime.time()))
        return item.last_published_at

    def item_author_name(self, item):
        return item.author.name if item.author_id else None


class ArticlesAtomFeed(ArticlesFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()
