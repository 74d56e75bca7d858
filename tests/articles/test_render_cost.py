"""Articles rendered outside the page cache (switched off here): their costly parts are cached
fragments, never shown in a preview of a draft, and replaced as soon as the article changes."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import ArticlePage
from home.content_version import bump_content_version

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    settings.PAGE_CACHE_ENABLED = False


def queries_for(client, url, **headers) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, **headers).status_code == 200, url
    return len(queries)


def test_an_article_rendered_again_costs_no_query(client, make_article, sciatica):
    article = make_article(title="Main", conditions=[sciatica])
    make_article(title="Related", conditions=[sciatica])
    for url in (article.url, "/articles/", "/articles/?condition=sciatica"):
        client.get(url)
        assert queries_for(client, url) == 0, url


def test_an_article_rendered_from_scratch_costs_fewer_queries(client, make_article, sciatica):
    article = make_article(title="Main", conditions=[sciatica])
    make_article(title="Related", conditions=[sciatica])
    client.get(article.url)
    bump_content_version()
    # Site and home page, the index (two: Wagtail's routing), the article with its hero image, author
    # and reviewer; view restrictions; settings and menu; conditions and techniques, related articles
    # (with the private pages they leave out), breadcrumbs. It was 17 with Wagtail's routing alone.
    assert queries_for(client, article.url) <= 15


def test_a_published_change_replaces_the_cached_article(client, make_article):
    article = make_article(title="Main")
    assert "Main" in client.get(article.url).content.decode()
    article.summary = "A new summary, reviewed again."
    article.save_revision().publish()
    html = client.get(article.url).content.decode()
    assert "A new summary, reviewed again." in html
    assert "A new summary, reviewed again." in client.get("/articles/").content.decode()


def test_a_preview_shows_the_draft_not_the_cached_fragments(client, make_article):
    article = make_article(title="Main")
    # The live article's fragments in the cache, for the host Wagtail's preview request names (the site's).
    host = article.get_site().hostname
    client.get(article.url, HTTP_HOST=host)
    assert queries_for(client, article.url, HTTP_HOST=host) == 0
    draft = ArticlePage.objects.get(pk=article.pk)
    draft.summary = "An unpublished summary."
    draft.title = "Main, rewritten"
    preview = BeautifulSoup(draft.make_preview_request().content, "html.parser")
    # The article's own content and head are fragments on the live page: the preview renders them anew.
    assert preview.select_one(".article__summary").get_text() == "An unpublished summary."
    assert preview.select_one("h1").get_text() == "Main, rewritten"
    assert preview.find("meta", property="og:description")["content"] == "An unpublished summary."
    live = BeautifulSoup(client.get(article.url, HTTP_HOST=host).content, "html.parser")
    assert live.select_one("h1").get_text() == "Main"
