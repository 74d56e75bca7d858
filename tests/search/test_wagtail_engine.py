"""Editorial search on an engine: Wagtail's own opensearch3 back end against the osmem server."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import ArticlePage, Person

pytestmark = [pytest.mark.django_db, pytest.mark.engine]


@pytest.fixture
def wagtail_on_opensearch(settings, osmem_url):
    # The same backend config.settings.base builds when SEARCH_ENGINE=opensearch.
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.opensearch3",
            "URLS": [osmem_url],
            "INDEX_PREFIX": "wagtail_test_",
            "TIMEOUT": 5,
        }
    }
    return settings


def test_an_article_is_found_through_wagtails_opensearch3_backend(wagtail_on_opensearch, site_tree, client):
    from wagtail.search.backends import get_search_backend

    reviewer = Person.objects.create(name="Dr Ada Example")
    article = ArticlePage(
        title="Piriformis stretches that help",
        summary="Gentle stretches for a tight piriformis.",
        medical_reviewer=reviewer,
        last_reviewed=timezone.localdate(),
    )
    site_tree.articles.add_child(instance=article)
    call_command("update_index", verbosity=0)

    backend = get_search_backend()
    assert type(backend).__module__.endswith("backends.opensearch3")
    found = list(ArticlePage.objects.live().search("piriformis", backend="default"))
    assert [page.pk for page in found] == [article.pk]
    assert list(ArticlePage.objects.live().search("unrelated", backend="default")) == []

    response = client.get("/search/?q=piriformis")
    assert response.status_code == 200
    assert "Piriformis stretches that help" in response.content.decode()
