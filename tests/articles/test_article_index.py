import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import ArticleIndexPage
from home.content_version import bump_content_version

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select(".article-list .card__title a")]


def test_index_lists_live_articles_only(client, site_tree, make_article):
    make_article(title="Published one")
    make_article(title="Draft one", publish=False)
    response = client.get(site_tree.articles.url)
    assert response.status_code == 200
    assert titles(response) == ["Published one"]


def test_index_filters_by_condition_and_technique(client, site_tree, make_article, sciatica, back_pain, deep_tissue):
    make_article(title="Sciatica and deep tissue", conditions=[sciatica], techniques=[deep_tissue])
    make_article(title="Sciatica only", conditions=[sciatica])
    make_article(title="Back pain only", conditions=[back_pain])
    url = site_tree.articles.url
    assert sorted(titles(client.get(url, {"condition": "sciatica"}))) == ["Sciatica and deep tissue", "Sciatica only"]
    assert titles(client.get(url, {"condition": "sciatica", "technique": "deep-tissue"})) == [
        "Sciatica and deep tissue"
    ]
    assert titles(client.get(url, {"technique": "deep-tissue"})) == ["Sciatica and deep tissue"]


def test_unknown_filter_says_so_and_shows_everything(client, site_tree, make_article):
    make_article(title="Anything")
    response = client.get(site_tree.articles.url, {"condition": "no-such-thing"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "That condition is not one we have articles about." in html
    assert titles(response) == ["Anything"]


@pytest.mark.parametrize("bad_page", ["abc", "-1", "0", "999", "1.5", "%00"])
def test_bad_page_numbers_clamp_instead_of_failing(client, site_tree, make_article, bad_page, monkeypatch):
    monkeypatch.setattr(ArticleIndexPage, "per_page", 2)
    for n in range(5):
        make_article(title=f"Article {n}")
    response = client.get(site_tree.articles.url, {"page": bad_page})
    assert response.status_code == 200
    assert len(titles(response)) in (1, 2)  # the first page (2 articles) or the last (1)


def test_pagination_keeps_filters_in_links(client, site_tree, make_article, sciatica, monkeypatch):
    monkeypatch.setattr(ArticleIndexPage, "per_page", 2)
    for n in range(5):
        make_article(title=f"Article {n}", conditions=[sciatica])
    response = client.get(site_tree.articles.url, {"condition": "sciatica", "page": "2"})
    soup = BeautifulSoup(response.content, "html.parser")
    assert len(titles(response)) == 2
    assert soup.select_one('.pagination [aria-current="page"]').get_text() == "2"
    assert soup.select_one('.pagination a[rel="next"]')["href"] == "?condition=sciatica&page=3"
    last = client.get(site_tree.articles.url, {"condition": "sciatica", "page": "999"})
    assert len(titles(last)) == 1


def test_index_query_count_does_not_grow_with_articles(
    client, site_tree, make_article, django_assert_max_num_queries, settings
):
    settings.PAGE_CACHE_ENABLED = False  # the cost of rendering the index; a cached answer costs none
    make_article(title="First")
    client.get(site_tree.articles.url)
    bump_content_version()  # rendered from scratch: no cached listing fragment, route or menu
    with CaptureQueriesContext(connection) as few:
        client.get(site_tree.articles.url)
    for n in range(8):
        make_article(title=f"More {n}")
    bump_content_version()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(site_tree.articles.url)
    assert len(titles(response)) == 9
