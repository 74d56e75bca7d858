import pytest

from articles.models import ArticlePage, Condition

pytestmark = pytest.mark.django_db


def test_articles_are_found_by_body_text_and_condition_synonyms(make_article, sciatica):
    make_article(title="Understanding the nerve", conditions=[sciatica], summary="How it is built.")
    make_article(
        title="Choosing shoes", summary="Comfort for walking.", body=[("paragraph", "<p>Soles and heels.</p>")]
    )
    live = ArticlePage.objects.live()
    assert [a.title for a in live.search("radiculopathy")] == ["Understanding the nerve"]
    assert [a.title for a in live.search("heels")] == ["Choosing shoes"]


def test_drafts_are_not_in_public_search(make_article):
    make_article(title="Secret draft", publish=False)
    assert list(ArticlePage.objects.live().search("secret")) == []


def test_conditions_are_found_by_synonym(sciatica, back_pain):
    from wagtail.search.backends import get_search_backend

    assert list(get_search_backend().search("radiculopathy", Condition)) == [sciatica]
