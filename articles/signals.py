"""Keep the search index true to what was published.

modelcluster saves an article's conditions and techniques (ParentalManyToMany) *after* the page row,
so the index update Wagtail makes on save sees the previous topics. Re-indexing once publishing has
finished makes condition names and synonyms ("lumbar radiculopathy") find the article at once.
"""

from django.dispatch import receiver
from wagtail.search import index
from wagtail.signals import page_published

from articles.models import ArticlePage


@receiver(page_published, sender=ArticlePage)
def reindex_published_article(sender, instance, **kwargs):
    index.insert_or_update_object(instance)
