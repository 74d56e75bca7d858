import xml.etree.ElementTree as ET

import pytest

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def published_and_draft(make_article):
    return make_article(title="Published article"), make_article(title="Draft article", publish=False)


def test_rss_feed_lists_published_articles_only(client, site_tree, published_and_draft):
    published, _draft = published_and_draft
    response = client.get(site_tree.articles.url + "feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Published article"]
    assert items[0].findtext("link") == published.full_url
    assert "Medically reviewed by Dr Ada Example" in items[0].findtext("description")


def test_atom_feed_lists_published_articles_only(client, site_tree, published_and_draft):
    response = client.get(site_tree.articles.url + "feed/atom/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")] == ["Published article"]


def test_feed_leaves_out_unpublished_articles(client, site_tree, make_article):
    def titles() -> list[str]:
        channel = ET.fromstring(client.get(site_tree.articles.url + "feed/").content).find("channel")
        return sorted(item.findtext("title") for item in channel.findall("item"))

    make_article(title="Standing article")
    gone = make_article(title="Withdrawn article")
    assert titles() == ["Standing article", "Withdrawn article"]  # both in the feed while published
    gone.unpublish()
    assert titles() == ["Standing article"]


def test_index_advertises_its_feeds(client, site_tree):
    html = client.get(site_tree.articles.url).content.decode()
    assert 'type="application/rss+xml"' in html
    assert 'href="/articles/feed/"' in html


def test_sitemap_lists_published_articles_not_drafts(client, site_tree, published_and_draft):
    published, draft = published_and_draft
    body = client.get("/sitemap.xml").content.decode()
    assert f"<loc>{published.full_url}</loc>" in body
    assert "draft-article" not in body
    assert draft.slug == "draft-article"
