"""schema.org JSON-LD for article pages: MedicalWebPage, BreadcrumbList and FAQPage.

Built as plain dicts from the page and the rows its view already fetched, so it costs no queries
and tests can parse it back as JSON.
"""

from django.conf import settings
from django.utils.html import strip_tags


def _person(person) -> dict:
    data = {"@type": "Person", "name": person.name}
    if person.credentials:
        data["honorificSuffix"] = person.credentials
    if person.role:
        data["jobTitle"] = person.role
    return data


def breadcrumb_list(page, request, ancestors) -> dict:
    """The trail from the home page to this page; `ancestors` excludes the page itself."""
    trail = [*ancestors, page]
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": crumb.title, "item": crumb.get_full_url(request)}
            for position, crumb in enumerate(trail, start=1)
        ],
    }


def medical_web_page(page, request, conditions) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": page.title,
        "headline": page.title,
        "url": page.get_full_url(request),
        "description": page.search_description or page.summary,
        "inLanguage": "en",
        "publisher": {"@type": "Organization", "name": settings.WAGTAIL_SITE_NAME},
        "about": [
            {
                "@type": "MedicalCondition",
                "name": condition.name,
                **({"alternateName": condition.synonym_list} if condition.synonym_list else {}),
                **({"description": condition.summary} if condition.summary else {}),
            }
            for condition in conditions
        ],
    }
    if page.last_reviewed:
        data["lastReviewed"] = page.last_reviewed.isoformat()
    if page.medical_reviewer_id:
        data["reviewedBy"] = _person(page.medical_reviewer)
    if page.author_id:
        data["author"] = _person(page.author)
    if page.first_published_at:
        data["datePublished"] = page.first_published_at.isoformat()
    if page.last_published_at:
        data["dateModified"] = page.last_published_at.isoformat()
    return data


def faq_page(page) -> dict | None:
    faqs = page.faqs
    if not faqs:
        return None
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": question,
                "acceptedAnswer": {"@type": "Answer", "text": strip_tags(answer.source).strip()},
            }
            for question, answer in faqs
        ],
    }
