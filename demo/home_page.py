"""The demo home page: the first demo articles featured, once."""

from articles.models import ArticlePage
from home.models import HomePageFeaturedArticle
from home.site_tree import SiteTree


def ensure_featured_articles(tree: SiteTree, count: int = 3) -> None:
    """Put the first demo articles on the home page, once: an editor's later choice is kept."""
    home = tree.home.specific
    if home.featured_articles.exists():
        return
    articles = ArticlePage.objects.child_of(tree.articles).live().order_by("path")[:count]
    if not articles:
        return
    # Through a published revision, so the admin's editor shows what the public sees.
    home.featured_articles = [HomePageFeaturedArticle(page=article) for article in articles]
    home.save_revision().publish()
