"""Article fixtures: people, taxonomy terms, and a builder for article pages."""

import datetime

import pytest

from articles.models import ArticlePage, Condition, Person, Technique


@pytest.fixture
def reviewer_person(db) -> Person:
    return Person.objects.create(name="Dr Ada Example", credentials="MBBS, MRCGP", role="General practitioner")


@pytest.fixture
def author_person(db) -> Person:
    return Person.objects.create(name="Sam Writer", role="Health writer")


@pytest.fixture
def sciatica(db) -> Condition:
    return Condition.objects.create(
        name="Sciatica",
        slug="sciatica",
        summary="Pain along the sciatic nerve.",
        synonyms="sciatic nerve pain\nlumbar radiculopathy",
    )


@pytest.fixture
def back_pain(db) -> Condition:
    return Condition.objects.create(name="Low back pain", slug="low-back-pain")


@pytest.fixture
def deep_tissue(db) -> Technique:
    return Technique.objects.create(name="Deep tissue massage", slug="deep-tissue")


SAMPLE_BODY = [
    ("heading", {"text": "What it is", "level": "h2", "anchor": ""}),
    ("paragraph", "<p>Sciatica is pain that travels along the sciatic nerve.</p>"),
    ("heading", {"text": "Causes", "level": "h2", "anchor": "why-it-happens"}),
    ("paragraph", "<p>A disc can press on a nerve root.</p>"),
    (
        "red_flags",
        {
            "heading": "When to see a doctor",
            "urgency": "emergency",
            "symptoms": ["Numbness around the genitals or bottom", "Loss of bladder or bowel control"],
            "advice": "",
        },
    ),
    ("key_points", {"heading": "Key points", "points": ["Most sciatica improves within weeks."]}),
    (
        "faq",
        {
            "heading": "Questions",
            "questions": [{"question": "Is sciatica serious?", "answer": "<p>Usually not, but some signs are.</p>"}],
        },
    ),
    (
        "references",
        {
            "heading": "References",
            "references": [
                {
                    "title": "Sciatica",
                    "publisher": "NHS",
                    "year": 2023,
                    "url": "https://www.nhs.uk/conditions/sciatica/",
                    "doi": "",
                }
            ],
        },
    ),
]


@pytest.fixture
def make_article(site_tree, reviewer_person, author_person):
    """Build an article under the index. Published (via a revision) unless publish=False."""

    def make(title="Understanding sciatica", publish=True, conditions=(), techniques=(), **fields):
        fields.setdefault("summary", f"A plain-language guide: {title.lower()}.")
        fields.setdefault("body", SAMPLE_BODY)
        fields.setdefault("author", author_person)
        fields.setdefault("medical_reviewer", reviewer_person)
        fields.setdefault("last_reviewed", datetime.date.today() - datetime.timedelta(days=10))
        page = ArticlePage(title=title, live=False, **fields)
        site_tree.articles.add_child(instance=page)
        page.conditions.set(conditions)
        page.techniques.set(techniques)
        revision = page.save_revision()
        if publish:
            revision.publish()
            page.refresh_from_db()
        return page

    return make
