"""Hostile markup stored in every field a writer can fill renders inert on every page that shows it.

The pages are rendered by the real views; `assert_inert` finds any script, event handler or script
URL that did not come from our templates, and JSON-LD that a breakout would have broken. Each test
also checks the payload is on the page as text, so an empty page cannot pass.
"""

import pytest
from django.utils.html import escape

from tests.hostile.content import HOSTILE_URL, hostile_article
from tests.hostile.markup import assert_inert

pytestmark = pytest.mark.django_db


def render(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def test_reference_urls_are_accepted_by_the_url_block():
    from wagtail.blocks import URLBlock

    URLBlock().clean(HOSTILE_URL)


def test_a_hostile_article_is_inert_on_its_page_and_in_listings(client, site_tree):
    article = hostile_article(site_tree.articles)
    html = render(client, article.url)
    assert_inert(html, article.url)
    assert escape(article.title) in html
    assert escape(article.summary) in html
    # Every JSON-LD block still parses (assert_inert) and carries the hostile title as data.
    assert html.count('type="application/ld+json"') >= 2

    for path in ["/articles/", "/articles/?condition=hostile-condition", "/"]:
        listing = render(client, path)
        assert_inert(listing, path)
    assert escape(article.title) in render(client, "/articles/")


@pytest.mark.parametrize("feed", ["/articles/feed/", "/articles/feed/atom/"])
def test_hostile_articles_leave_the_feeds_well_formed(client, site_tree, feed):
    from xml.etree import ElementTree

    article = hostile_article(site_tree.articles)
    response = client.get(feed)
    assert response.status_code == 200
    tree = ElementTree.fromstring(response.content)  # raises if a payload broke the XML
    titles = [element.text for element in tree.iter() if element.tag.rsplit("}", 1)[-1] == "title"]
    assert article.title in titles


def test_the_admin_editor_stores_hostile_rich_text_inert():
    from tests.hostile.content import admin_rich_text

    stored = admin_rich_text(["bold", "italic", "link", "ul"])
    assert_inert(stored, "rich text as the admin stores it")
    assert "&lt;script&gt;" in stored  # the payloads were kept, as text
