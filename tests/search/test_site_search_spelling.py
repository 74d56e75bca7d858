"""The site search corrects a typo once for the whole page: therapists and articles are searched
with the same corrected words, the page says so once, and "search instead for" searches the words
as typed — on the database back end and on the engine (Wagtail's opensearch3 back end for the
articles, ours for the therapists)."""

import re

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.utils import timezone

from articles.models import ArticlePage, Person
from search.text import invalidate_vocabulary

pytestmark = pytest.mark.django_db

ARTICLES = (
    ("Living with sciatica", "What helps when the sciatic nerve is irritated."),
    ("Myofascial release: what to expect", "A slow, sustained pressure technique."),
    ("Piriformis stretches that help", "Gentle stretches for a tight piriformis."),
    ("Deep tissue massage, explained", "Firm pressure on the deeper layers of muscle."),
    # "joint" is one edit from "point" (Trigger point therapy): a real word no therapist uses.
    ("Joint stiffness in the morning", "Why joints feel stiff after a night's sleep."),
)


def publish_article(site_tree, title: str, summary: str) -> ArticlePage:
    article = ArticlePage(
        title=title,
        summary=summary,
        medical_reviewer=Person.objects.get_or_create(name="Dr Ada Example")[0],
        last_reviewed=timezone.localdate(),
    )
    site_tree.articles.add_child(instance=article)
    article.save_revision().publish()  # publishing refreshes the text layer's vocabulary
    return article


@pytest.fixture
def articles(shared_directory, site_tree):
    published = [publish_article(site_tree, title, summary) for title, summary in ARTICLES]
    yield published
    invalidate_vocabulary()  # the articles are rolled back; their words must go too


def site_search(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def spelling_notices(page) -> list[str]:
    return [" ".join(p.get_text().split()) for p in page.select(".spelling")]


def article_titles(page) -> list[str]:
    return [a.get_text() for a in page.select(".article-results li > a")]


def therapist_section(page):
    return page.find("section", attrs={"aria-labelledby": "therapists-title"})


@pytest.mark.parametrize(
    ("typed", "corrected", "article"),
    [
        ("sciatca", "sciatica", "Living with sciatica"),  # a condition
        ("myofacial release", "myofascial release", "Myofascial release: what to expect"),  # a technique
        ("pirifomis", "piriformis", "Piriformis stretches that help"),  # a condition's synonym
        ("deep tisue massage", "deep tissue massage", "Deep tissue massage, explained"),
    ],
)
def test_a_misspelt_word_is_corrected_once_for_therapists_and_articles(client, articles, typed, corrected, article):
    page = site_search(client, q=typed)
    assert spelling_notices(page) == [f"Showing results for {corrected} — search instead for {typed}"]
    assert article_titles(page) == [article]
    assert "No articles matched" not in page.get_text()
    therapists = therapist_section(page)
    assert therapists.select("li.hit")  # tagged therapists, found through the corrected words
    assert "Showing results for" not in therapists.get_text()  # the page says it once, not per part
    assert page.h2.get_text().endswith(f"for “{corrected}”")
    # The directory link carries the corrected words too.
    directory_link = therapists.find("a", string=re.compile("matching therapist"))
    assert directory_link["href"].endswith("?" + "q=" + corrected.replace(" ", "+"))


def test_the_correction_keeps_the_rest_of_the_words_as_typed(client, articles):
    page = site_search(client, q="Sciatca, Toronto")
    assert spelling_notices(page) == ["Showing results for Sciatica, Toronto — search instead for Sciatca, Toronto"]


def test_a_correctly_spelt_search_gets_no_correction_notice(client, articles):
    page = site_search(client, q="sciatica")
    assert spelling_notices(page) == []
    assert article_titles(page) == ["Living with sciatica"]


def test_nothing_close_is_not_corrected_into_something_else(client, articles):
    page = site_search(client, q="xylophone")
    assert spelling_notices(page) == []
    assert page.h2.get_text() == "0 results for “xylophone”"
    assert "No articles matched" in page.get_text()


def test_a_word_an_article_uses_is_not_corrected_to_a_therapy_word(client, articles):
    # "joint" is one edit from "point", a taxonomy word: the articles make it a known word.
    page = site_search(client, q="joint stiffness")
    assert spelling_notices(page) == []
    assert article_titles(page) == ["Joint stiffness in the morning"]


def test_search_instead_searches_the_words_as_typed_and_offers_the_correction(client, articles):
    page = site_search(client, q="sciatca")
    instead = page.select_one(".spelling a")
    assert instead.get_text() == "sciatca"
    assert instead["href"] == "?q=sciatca&literal=1"

    literal = site_search(client, q="sciatca", literal="1")
    assert spelling_notices(literal) == ["Did you mean sciatica?"]
    assert literal.select_one(".spelling a")["href"] == "?q=sciatica"
    assert literal.h2.get_text() == "0 results for “sciatca”"
    assert article_titles(literal) == [] and "No articles matched" in literal.get_text()
    # The therapists part searched the typo too: nobody matched it, and it says so.
    assert "No therapist matched “sciatca”" in therapist_section(literal).get_text()


@pytest.mark.engine
def test_the_correction_holds_on_the_engine_back_ends(client, engine_settings, shared_directory, site_tree):
    engine_settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.opensearch3",
            "URLS": [engine_settings.SEARCH_URL],
            "INDEX_PREFIX": "wagtail_spelling_",
            "TIMEOUT": 30,
        }
    }
    for title, summary in ARTICLES:
        publish_article(site_tree, title, summary)
    for number in range(11):  # two pages of articles about stretching
        publish_article(site_tree, f"Stretching routine {number}", "Ten minutes a day.")
    call_command("rebuild_directory_index", verbosity=0)
    call_command("update_index", verbosity=0)
    try:
        page = site_search(client, q="sciatca")
        assert spelling_notices(page) == ["Showing results for sciatica — search instead for sciatca"]
        assert article_titles(page) == ["Living with sciatica"]
        assert therapist_section(page).select("li.hit")
        assert "incomplete" not in page.get_text()  # answered by the engine, not its fallback
        assert "reduced mode" not in page.get_text()

        # The engine matches any of the words: the words as typed find the stretching pages, page
        # after page, and never the sciatica article the correction found.
        page = site_search(client, q="sciatca stretching")
        assert "Living with sciatica" in article_titles(page)
        literal = site_search(client, q="sciatca stretching", literal="1")
        assert spelling_notices(literal) == ["Did you mean sciatica stretching?"]
        assert len(article_titles(literal)) == 10
        assert literal.find("a", rel="next")["href"] == "?q=sciatca+stretching&literal=1&page=2"
        second = site_search(client, q="sciatca stretching", literal="1", page="2")
        assert second.select(".article-results li")
        assert "Living with sciatica" not in article_titles(literal) + article_titles(second)
        assert spelling_notices(second) == ["Did you mean sciatica stretching?"]
    finally:
        invalidate_vocabulary()
