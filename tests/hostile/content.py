"""Builders for pages whose every text field holds hostile markup, respecting each field's length.

Plain fields get script payloads stored as-is (as if typed into a form): templates must escape
them. Rich-text fields are stored the way each writing path stores them (the admin's Draftail
converter, the portal's bio converter), plus raw where noted, since stored HTML is trusted by
Wagtail's ``|richtext`` filter.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import TherapistPageFactory
from tests.hostile.markup import XSS_PAYLOADS

# Shortest first, so short fields still get an active payload.
_BY_LENGTH = sorted((p for p in XSS_PAYLOADS if "__pwned" in p), key=len)

# A URL that every URL validator accepts (http, a host, a path) but that breaks out of an
# unquoted or badly quoted attribute if a template ever forgets to escape it.
HOSTILE_URL = "https://evil.example/?q=\"><script>window.__pwned=20</script>&x='onmouseover=window.__pwned=21"


def hostile_text(max_length: int | None = None, *, single_line: bool = True) -> str:
    """As many payloads as fit in max_length characters (at least the shortest one)."""
    chosen: list[str] = []
    for payload in _BY_LENGTH:
        candidate = " ".join([*chosen, payload])
        if max_length is None or len(candidate) <= max_length:
            chosen.append(payload)
    text = " ".join(chosen or [_BY_LENGTH[0][:max_length]])
    return text if single_line else text.replace(" ", "\n", 3)


def fit(model, field: str) -> str:
    return hostile_text(model._meta.get_field(field).max_length)


def admin_rich_text(features: list[str]) -> str:
    """What the Wagtail editor stores for a hostile submission to a rich-text field with these features.

    Draftail posts Draft.js content state (JSON), not HTML, so that is what an attacker controls:
    payloads as text, and a link entity whose URL is a javascript: URL.
    """
    import json

    from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

    text = " ".join(XSS_PAYLOADS)
    link = "click me"
    contentstate = {
        "entityMap": {"0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": "javascript:window.__pwned=30"}}},
        "blocks": [
            {"key": "a1", "type": "unstyled", "depth": 0, "text": text, "inlineStyleRanges": [], "entityRanges": []},
            {
                "key": "b2",
                "type": "unordered-list-item",
                "depth": 0,
                "text": link,
                "inlineStyleRanges": [{"offset": 0, "length": len(link), "style": "BOLD"}],
                "entityRanges": [{"offset": 0, "length": len(link), "key": 0}],
            },
        ],
    }
    return ContentstateConverter(features).to_database_format(json.dumps(contentstate))


def hostile_rich_html() -> str:
    """Hostile rich text as stored HTML that no writing path produced (imports, scripts, a future API)."""
    return "<p>Intro " + " ".join(XSS_PAYLOADS) + '</p><p><a href="javascript:window.__pwned=30">link</a></p>'


def assert_url_field_accepts(model, field: str, value: str) -> None:
    """The hostile URL is one that forms accept, so the test is about rendering, not validation."""
    model._meta.get_field(field).run_validators(value)


def url_field_refuses(model, field: str, value: str) -> bool:
    try:
        model._meta.get_field(field).run_validators(value)
    except ValidationError:
        return True
    return False


# --- articles ------------------------------------------------------------------------------------


def hostile_article(index_page, *, raw_rich_text: bool = False):
    """A published article whose every reader-visible field, people and topics included, is hostile."""
    from articles.blocks import PROSE_FEATURES
    from articles.models import ArticlePage, Condition, Person, Technique

    rich = hostile_rich_html() if raw_rich_text else admin_rich_text(PROSE_FEATURES)
    advice = hostile_rich_html() if raw_rich_text else admin_rich_text(["bold", "italic", "link"])
    person = Person.objects.create(
        name=fit(Person, "name"),
        credentials=fit(Person, "credentials"),
        role=fit(Person, "role"),
        bio=hostile_text(),
    )
    condition = Condition.objects.create(
        name=fit(Condition, "name"), slug="hostile-condition", summary=hostile_text(), synonyms=hostile_text()
    )
    technique = Technique.objects.create(name=fit(Technique, "name"), slug="hostile-technique")
    short = hostile_text(80)
    body = [
        ("heading", {"text": hostile_text(120), "level": "h2", "anchor": ""}),
        ("heading", {"text": "Second", "level": "h2", "anchor": '"><script>window.__pwned=40</script>'}),
        ("paragraph", rich),
        ("red_flags", {"heading": short, "urgency": "urgent", "symptoms": [hostile_text(250)], "advice": advice}),
        ("key_points", {"heading": short, "points": [hostile_text(300)]}),
        ("faq", {"heading": short, "questions": [{"question": hostile_text(200), "answer": rich}]}),
        (
            "references",
            {
                "heading": short,
                "references": [
                    {"title": hostile_text(300), "publisher": hostile_text(200), "year": 2024, "url": HOSTILE_URL}
                ],
            },
        ),
    ]
    page = ArticlePage(
        title=fit(ArticlePage, "title"),
        slug="hostile-article",
        seo_title=fit(ArticlePage, "seo_title"),
        search_description=hostile_text(),
        summary=fit(ArticlePage, "summary"),
        body=body,
        author=person,
        medical_reviewer=person,
        last_reviewed=datetime.date.today(),  # the articles app counts days by date.today()
        live=False,
    )
    index_page.add_child(instance=page)
    page.conditions.set([condition])
    page.techniques.set([technique])
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def plain_article(index_page, *, sections: int = 2, slug: str = "sciatica-explained", publish: bool = True):
    """An ordinary published article with `sections` headed sections, for tests that need one to exist."""
    from articles.models import ArticlePage, Condition, Person

    reviewer, _ = Person.objects.get_or_create(name="Dr Rae Reviewer", defaults={"role": "General practitioner"})
    condition, _ = Condition.objects.get_or_create(slug="sciatica", defaults={"name": "Sciatica"})
    page = ArticlePage(
        title="Sciatica explained",
        slug=slug,
        summary="What sciatica is.",
        body=[
            block
            for number in range(1, sections + 1)
            for block in [
                ("heading", {"text": f"Part {number}", "level": "h2", "anchor": ""}),
                *[("paragraph", f"<p>Paragraph {i} of part {number}: staying active helps.</p>") for i in range(4)],
            ]
        ],
        medical_reviewer=reviewer,
        last_reviewed=datetime.date.today(),  # the articles app counts days by date.today()
        live=False,
    )
    index_page.add_child(instance=page)
    page.conditions.set([condition])
    revision = page.save_revision()
    if publish:
        revision.publish()
        page.refresh_from_db()
    return page


# --- directory -----------------------------------------------------------------------------------


def _regulator(name: str = "College of Massage Therapists of Ontario"):
    from directory.models import Regulator

    return Regulator.objects.get_or_create(name=name, defaults={"jurisdiction": "Ontario, Canada"})[0]


def listed_therapist(
    directory,
    title: str,
    *,
    clinics: tuple[dict, ...] = ({"city": "Toronto", "latitude": 43.6532, "longitude": -79.3832},),
    conditions=(),
    techniques=(),
    languages=(),
    owner=None,
    regulator=None,
    **fields,
):
    """A live therapist with a verified registration (so listed), clinics given as field dicts."""
    from directory.models import TherapistPage

    fields.setdefault("designation", "RMT")
    fields.setdefault("bio", "<p>Massage therapy for people with sciatica.</p>")
    fields.setdefault("contact_email", "therapist@example.org")
    if fields.get("accepting_new_clients"):
        # "Accepting new clients" only counts while recently confirmed (directory.availability).
        fields.setdefault("accepting_confirmed_on", timezone.localdate())
    located = [{"location_source": "manual"} if clinic.get("latitude") is not None else {} for clinic in clinics]
    page = TherapistPageFactory(
        parent=directory,
        title=title,
        owner=owner,
        live=False,
        conditions=list(conditions),
        techniques=list(techniques),
        languages=list(languages),
        clinics=[{"region": "", **extra, **clinic} for extra, clinic in zip(located, clinics, strict=True)],
        registration__regulator=regulator or _regulator(),
        registration__verified_on=timezone.localdate(),
        **fields,
    )
    return TherapistPage.objects.get(pk=page.pk)


def hostile_therapist(directory, *, raw_bio: bool = False):
    """A listed therapist whose every field a therapist (or editor) can fill holds script payloads.

    The bio goes through the portal's converter (the way therapists write it) unless raw_bio, which
    stores the hostile HTML as-is.
    """
    from articles.models import Condition, Technique
    from directory.models import Clinic, Language, TherapistPage
    from portal.bio_text import text_to_bio

    bio = hostile_rich_html() if raw_bio else text_to_bio(" ".join(XSS_PAYLOADS) + "\n\n[link](javascript:alert(1))")
    condition = Condition.objects.create(name=fit(Condition, "name"), slug="hostile-condition", summary=hostile_text())
    technique = Technique.objects.create(name=fit(Technique, "name"), slug="hostile-technique")
    language = Language.objects.create(name=fit(Language, "name"), code="xx")
    regulator = _regulator(fit(type(_regulator()), "name"))
    regulator.jurisdiction = hostile_text(100)
    regulator.register_url = HOSTILE_URL
    regulator.save()
    clinic = {
        field: fit(Clinic, field)
        for field in ("name", "street_address", "city", "region", "postcode", "phone", "parking")
    }
    clinic.update(opening_hours=hostile_text(single_line=False), latitude=43.65, longitude=-79.38)
    for url_field in ("booking_url", "website"):
        assert_url_field_accepts(TherapistPage, url_field, HOSTILE_URL)
    return listed_therapist(
        directory,
        fit(TherapistPage, "title"),
        clinics=(clinic,),
        conditions=[condition],
        techniques=[technique],
        languages=[language],
        regulator=regulator,
        slug="hostile-therapist",
        designation=fit(TherapistPage, "designation"),
        gender=fit(TherapistPage, "gender"),
        phone=fit(TherapistPage, "phone"),
        bio=bio,
        booking_url=HOSTILE_URL,
        website=HOSTILE_URL,
        seo_title=fit(TherapistPage, "seo_title"),
        search_description=hostile_text(),
    )
