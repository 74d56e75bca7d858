"""Articles in the page cache: an editor's publish, unpublish or move shows to the next visitor."""

import pytest

from articles.models import ArticleIndexPage

pytestmark = pytest.mark.django_db


def test_a_published_change_shows_on_the_article_and_the_index(client, make_article, site_tree):
    article = make_article("Understanding sciatica")
    for url in (article.url, site_tree.articles.url):
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit"
    article.title = "Sciatica, explained"
    article.save_revision().publish()
    for url in (article.url, site_tree.articles.url):
        assert "Sciatica, explained" in client.get(url).content.decode()


def test_a_draft_changes_nothing_the_public_sees(client, make_article):
    article = make_article("Understanding sciatica")
    client.get(article.url)
    article.title = "Work in progress"
    article.save_revision()
    response = client.get(article.url)
    assert response["X-Page-Cache"] == "hit"
    assert "Work in progress" not in response.content.decode()


def test_unpublishing_an_article_takes_it_off_at_once(client, make_article, site_tree):
    article = make_article("Understanding sciatica")
    assert client.get(article.url).status_code == 200
    assert "Understanding sciatica" in client.get(site_tree.articles.url).content.decode()
    article.unpublish()
    assert client.get(article.url).status_code == 404
    assert "Understanding sciatica" not in client.get(site_tree.articles.url).content.decode()


def test_moving_an_article_serves_it_at_its_new_address(client, make_article, site_tree):
    article = make_article("Understanding sciatica")
    old_url = article.url
    assert client.get(old_url).status_code == 200
    second_index = ArticleIndexPage(title="More guides", slug="more-guides")
    site_tree.home.add_child(instance=second_index)
    second_index.save_revision().publish()
    article.move(second_index, pos="last-child")
    article.refresh_from_db()
    moved = client.get(old_url)  # Wagtail leaves a redirect behind; the cached old page is gone
    assert (moved.status_code, moved["Location"]) == (301, article.url)
    assert client.get(article.url).status_code == 200
