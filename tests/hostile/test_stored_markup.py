"""Hostile markup stored in every field a writer can fill renders inert on every page that shows it.

The pages are rendered by the real views; `assert_inert` finds any script, event handler or script
URL that did not come from our templates, and JSON-LD that a breakout would have broken. Each test
also checks the payload is on the page as text, so an empty page cannot pass.
"""

import pytest
from django.urls import reverse
from django.utils.html import escape

from tests.hostile.content import HOSTILE_URL, hostile_article, hostile_therapist, url_field_refuses
from tests.hostile.markup import assert_inert

pytestmark = pytest.mark.django_db


def route(name: str, query: str = "") -> str:
    """The named URL. A renamed route fails here, loudly, rather than silently skipping its checks."""
    return reverse(name) + query


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

    for path in [
        "/articles/",
        "/articles/?condition=hostile-condition",
        "/",
        route("site_search", "?q=script"),
    ]:
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


def test_a_hostile_profile_is_inert_on_its_page_and_in_the_directory(client, site_tree):
    therapist = hostile_therapist(site_tree.directory)
    html = render(client, therapist.url)
    assert_inert(html, therapist.url)
    clinic = therapist.clinics.get()
    for value in [therapist.title, therapist.designation, therapist.gender, clinic.name, clinic.parking]:
        assert escape(value) in html, value
    assert "&lt;script&gt;" in html
    assert therapist.contact_email not in html

    for path in ["/therapists/", route("site_search", "?q=script")]:
        assert_inert(render(client, path), path)
    # The directory search lists the hostile therapist (filtered by its hostile condition), inert.
    path = route("directory_search", "?condition=hostile-condition")
    results = render(client, path)
    assert_inert(results, path)
    assert escape(therapist.title) in results


def test_javascript_urls_never_pass_the_url_fields():
    from directory.models import TherapistPage

    for scheme in ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,<script>alert(1)</script>"]:
        assert url_field_refuses(TherapistPage, "website", scheme)
        assert url_field_refuses(TherapistPage, "booking_url", scheme)


# Defence in depth: the profile sanitises the stored bio as it renders it (directory_tags.bio_html),
# so HTML that reached the database without passing a writing path's sanitiser still renders inert.
def test_a_bio_stored_raw_still_renders_inert(client, site_tree):
    therapist = hostile_therapist(site_tree.directory, raw_bio=True)
    assert_inert(render(client, therapist.url), therapist.url)
