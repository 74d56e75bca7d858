import json

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from wagtail.models import Page, Revision, WorkflowPage

from articles import demo
from articles.demo_articles import ARTICLES
from articles.models import ArticlePage, Condition, Person, Technique

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "people": Person.objects.count(),
        "conditions": list(Condition.objects.values_list("slug", "synonyms", "main_article")),
        "techniques": Technique.objects.count(),
        "workflow_pages": WorkflowPage.objects.count(),
    }


def test_demo_is_idempotent(site_tree, groups):
    demo.load()
    first = snapshot()
    demo.load()
    assert snapshot() == first


def test_load_demo_command_loads_the_articles():
    call_command("load_demo")
    assert ArticlePage.objects.live().count() >= 6


def test_demo_articles_are_reviewed_and_complete(site_tree, groups):
    pages = demo.load()
    assert len(pages) >= 6
    for page in pages:
        assert page.live
        assert page.medical_reviewer and page.medical_reviewer.credentials
        assert page.last_reviewed and page.next_review_due > page.last_reviewed
        kinds = {block.block_type for block in page.body}
        assert {"heading", "paragraph", "red_flags", "key_points", "faq", "references"} <= kinds, page.title
        assert page.conditions.exists()
        assert len(page.table_of_contents) >= 2


def test_sciatica_has_the_synonyms_people_type(site_tree, groups):
    demo.load()
    sciatica = Condition.objects.get(slug="sciatica")
    for phrase in ["sciatic nerve pain", "lumbar radiculopathy", "pain down the leg", "sciatic pain"]:
        assert phrase in sciatica.synonym_list
    assert sciatica.main_article.slug == "what-is-sciatica"


def test_demo_articles_render_with_valid_json_ld(client, site_tree, groups):
    for page in demo.load():
        response = client.get(page.url)
        assert response.status_code == 200
        soup = BeautifulSoup(response.content, "html.parser")
        types = {json.loads(tag.string)["@type"] for tag in soup.find_all("script", type="application/ld+json")}
        assert {"MedicalWebPage", "BreadcrumbList", "FAQPage"} <= types
        assert "Medically reviewed by" in soup.select_one(".review-box").get_text()


def test_references_point_at_sources_readers_can_follow():
    for spec in ARTICLES:
        refs = [ref for kind, value in spec["body"] if kind == "references" for ref in value["references"]]
        assert refs, spec["title"]
        for ref in refs:
            assert ref["url"].startswith("https://") or ref["doi"].startswith("10.")


def test_demo_does_not_overwrite_an_editors_change(site_tree, groups):
    demo.load()
    sciatica = Condition.objects.get(slug="sciatica")
    sciatica.summary = "Edited by an editor."
    sciatica.save()
    demo.load()
    sciatica.refresh_from_db()
    assert sciatica.summary == "Edited by an editor."


def test_demo_gives_the_review_report_and_reminders_something_to_show(site_tree, groups):
    from articles.review_dates import due_for_review

    demo.load()
    assert [a.slug for a in due_for_review(within_days=14)] == ["sciatica-when-to-see-a-doctor"]
