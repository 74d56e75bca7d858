import json
import re

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.content_version import bump_content_version

pytestmark = pytest.mark.django_db


def json_ld_blocks(html: str) -> dict[str, dict]:
    soup = BeautifulSoup(html, "html.parser")
    blocks = [json.loads(tag.string) for tag in soup.find_all("script", type="application/ld+json")]
    return {block["@type"]: block for block in blocks}


def test_article_renders_toc_review_box_and_callouts(client, make_article, sciatica):
    article = make_article(conditions=[sciatica])
    response = client.get(article.url)
    assert response.status_code == 200
    html = response.content.decode()
    soup = BeautifulSoup(html, "html.parser")
    toc_links = [a["href"] for a in soup.select("nav.toc a")]
    assert toc_links == ["#what-it-is", "#why-it-happens"]
    assert soup.find(id="what-it-is").name == "h2"
    assert soup.find(id="why-it-happens").get_text() == "Causes"
    review = soup.select_one(".review-box").get_text(" ", strip=True)
    assert "Medically reviewed by Dr Ada Example , MBBS, MRCGP" in review
    assert article.last_reviewed.strftime("%-d %B %Y") in review
    assert "Next review due" in review
    assert "Loss of bladder or bowel control" in soup.select_one(".callout--emergency").get_text()
    assert "Most sciatica improves within weeks." in soup.select_one(".key-points").get_text()
    assert soup.select_one(".references a")["href"] == "https://www.nhs.uk/conditions/sciatica/"
    # One h1, and the breadcrumb trail ends at this page.
    assert len(soup.find_all("h1")) == 1
    crumbs = [li.get_text(strip=True) for li in soup.select("nav.breadcrumbs li")]
    assert crumbs == ["Home", "Sciatica A–Z", article.title]


def test_json_ld_describes_a_reviewed_medical_page(client, make_article, sciatica):
    article = make_article(conditions=[sciatica])
    blocks = json_ld_blocks(client.get(article.url).content.decode())
    page = blocks["MedicalWebPage"]
    assert page["name"] == article.title
    assert page["lastReviewed"] == article.last_reviewed.isoformat()
    assert page["publisher"] == {"@type": "Organization", "name": "Relieve"}
    assert page["reviewedBy"] == {
        "@type": "Person",
        "name": "Dr Ada Example",
        "honorificSuffix": "MBBS, MRCGP",
        "jobTitle": "General practitioner",
    }
    assert page["about"][0]["@type"] == "MedicalCondition"
    assert page["about"][0]["name"] == "Sciatica"
    assert page["about"][0]["alternateName"] == ["sciatic nerve pain", "lumbar radiculopathy"]
    crumbs = blocks["BreadcrumbList"]["itemListElement"]
    assert [c["position"] for c in crumbs] == [1, 2, 3]
    assert crumbs[-1]["item"] == article.full_url
    faq = blocks["FAQPage"]["mainEntity"]
    assert faq == [
        {
            "@type": "Question",
            "name": "Is sciatica serious?",
            "acceptedAnswer": {"@type": "Answer", "text": "Usually not, but some signs are."},
        }
    ]


def test_json_ld_cannot_break_out_of_its_script_element(client, make_article):
    article = make_article(title="Pain </script><script>alert(1)</script>")
    html = client.get(article.url).content.decode()
    assert "</script><script>alert(1)" not in html
    assert json_ld_blocks(html)["MedicalWebPage"]["name"] == article.title


def test_meta_description_and_open_graph(client, make_article):
    article = make_article(summary="What sciatica is and why it hurts.")
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    assert soup.find("meta", attrs={"name": "description"})["content"] == "What sciatica is and why it hurts."
    assert soup.find("meta", property="og:title")["content"] == article.title
    assert soup.find("meta", property="og:description")["content"] == "What sciatica is and why it hurts."
    assert soup.find("meta", property="og:url")["content"] == article.full_url
    assert soup.find("meta", property="og:type")["content"] == "article"


def test_therapists_link_points_at_directory_filtered_by_condition(client, make_article, sciatica):
    article = make_article(conditions=[sciatica])
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    link = soup.select_one(".find-therapist a")
    assert link.get_text(strip=True) == "Therapists who treat sciatica"
    assert re.search(r"\?condition=sciatica$", link["href"])


def test_reading_time_grows_with_the_text(make_article):
    short = make_article(title="Short", body=[("paragraph", "<p>" + "word " * 150 + "</p>")], summary="")
    long = make_article(title="Long", body=[("paragraph", "<p>" + "word " * 1001 + "</p>")], summary="")
    assert short.reading_minutes == 1
    assert long.reading_minutes == 6


def test_next_review_defaults_to_a_year_after_the_last(make_article):
    article = make_article()
    assert (article.next_review_due - article.last_reviewed).days == 365


def test_related_articles_prefer_shared_conditions(make_article, sciatica, back_pain, deep_tissue):
    article = make_article(title="Main", conditions=[sciatica, back_pain])
    unrelated = make_article(title="Unrelated")
    one_shared = make_article(title="One shared", conditions=[back_pain])
    both_shared = make_article(title="Both shared", conditions=[sciatica, back_pain])
    make_article(title="Draft twin", conditions=[sciatica, back_pain], publish=False)
    related = list(article.related_articles(limit=3))
    assert related == [both_shared, one_shared, unrelated]


def test_article_page_query_count_is_constant_as_related_articles_grow(
    client, make_article, sciatica, django_assert_max_num_queries, settings
):
    settings.PAGE_CACHE_ENABLED = False  # the cost of rendering the page; a cached answer costs none
    article = make_article(title="Main", conditions=[sciatica])
    make_article(title="Related 1", conditions=[sciatica])
    client.get(article.url)  # warm the site-root cache that every page shares

    bump_content_version()  # rendered from scratch: no cached fragment, route or menu
    with CaptureQueriesContext(connection) as few:
        assert client.get(article.url).status_code == 200
    for n in range(2, 12):
        make_article(title=f"Related {n}", conditions=[sciatica])
    bump_content_version()
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(article.url).content.decode()
    assert html.count('class="card article-card"') == 3


def test_draft_article_is_not_served(client, make_article):
    draft = make_article(title="Unfinished", publish=False)
    assert client.get("/articles/unfinished/").status_code == 404
    assert draft.live is False


def test_hero_image_and_image_block_render_as_responsive_pictures(client, make_article, django_assert_max_num_queries):
    from io import BytesIO

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images.models import Image

    buffer = BytesIO()
    PILImage.new("RGB", (1600, 900), (30, 120, 90)).save(buffer, "JPEG")
    image = Image.objects.create(title="Stretching the hamstrings", file=ImageFile(buffer, name="stretch.jpg"))
    article = make_article(
        hero_image=image,
        body=[
            (
                "image",
                {"image": image, "alt_text": "A person stretching", "caption": "A gentle stretch", "credit": "Relieve"},
            )
        ],
    )
    response = client.get(article.url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    figure = soup.select_one(".article__body figure")
    assert figure.find("img")["alt"] == "A person stretching"
    assert figure.find("source") is not None  # modern formats offered first
    assert "Credit: Relieve" in figure.get_text()
    assert soup.find("meta", property="og:image")["content"].startswith("http://testserver/")
    # Renditions exist now; a second view costs no more queries than the first.
    with CaptureQueriesContext(connection) as first:
        client.get(article.url)
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(article.url)
