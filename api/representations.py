"""Model instances and search hits as the plain data the API answers with.

Only what the public site shows: the profile's own fields (never ``contact_email``), the
registration as the trust box states it, restrictions in force, upcoming exception hours, the
bio sanitised exactly as the profile renders it. Each function fetches what it needs for a whole
page of items in a fixed number of queries.
"""

from __future__ import annotations

from collections import defaultdict

from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode
from wagtail.images import get_image_model

from articles.models import ArticlePage, Condition, Person
from directory.availability import Availability
from directory.models import ClinicHoursException, TherapistPage
from directory.templatetags.directory_tags import bio_html
from directory.templatetags.practice_tags import UPCOMING_EXCEPTION_DAYS
from search.presentation import hit_status_json
from search.query import DirectoryQuery, DirectoryResults, Hit

# The sizes the profile page shows, in the formats every browser takes.
PHOTO_FILTERS = [f"fill-{size}-c100|format-{fmt}" for size in ("240x240", "480x480") for fmt in ("webp", "jpeg")]
HERO_FILTERS = [f"fill-{size}|format-{fmt}" for size in ("800x400", "1200x600") for fmt in ("webp", "jpeg")]
BODY_IMAGE_FILTERS = [f"width-{width}|format-{fmt}" for width in (800, 1200) for fmt in ("webp", "jpeg")]


def absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def api_url(request: HttpRequest, name: str, **kwargs) -> str:
    return absolute(request, reverse(f"api:{name}", kwargs=kwargs or None))


def page_url(request: HttpRequest, page) -> str:
    return absolute(request, page.get_url(request) or page.url_path)


def image(request: HttpRequest, img, filters: list[str], alt: str = "") -> dict | None:
    if img is None:
        return None
    renditions = img.get_renditions(*filters)
    return {
        "id": img.pk,
        "alt": alt,
        "renditions": [
            {
                "filter": spec,
                "url": absolute(request, rendition.url),
                "width": rendition.width,
                "height": rendition.height,
                "format": spec.rsplit("format-", 1)[-1],
            }
            for spec, rendition in renditions.items()
        ],
    }


def availability(accepting: bool, confirmed_on) -> dict:
    return {
        "state": Availability.of(accepting, confirmed_on).state,
        "accepting_new_clients": accepting,
        "confirmed_on": confirmed_on,
    }


# --- taxonomy ------------------------------------------------------------------------------------


def term_link(request: HttpRequest, term) -> dict:
    kind = "condition" if isinstance(term, Condition) else "technique"
    return {"id": term.pk, "slug": term.slug, "name": term.name, "url": api_url(request, kind, ref=term.pk)}


def term(request: HttpRequest, term) -> dict:
    param = "condition" if isinstance(term, Condition) else "technique"
    data = {
        **term_link(request, term),
        "summary": term.summary,
        "synonyms": term.synonym_list,
        "symptoms": term.symptom_list,
        "therapists_url": absolute(request, reverse("api:therapists") + "?" + urlencode({param: term.slug})),
    }
    if isinstance(term, Condition):
        article = term.main_article
        data["main_article"] = article_link(request, article) if article and article.live else None
    return data


# --- therapists ----------------------------------------------------------------------------------


def therapist_link_fields(request: HttpRequest, pk: int, slug: str, name: str, profile_path: str, designation: str):
    return {
        "id": pk,
        "slug": slug,
        "name": name,
        "url": api_url(request, "therapist", ref=pk),
        "profile_url": absolute(request, profile_path),
        "designation": designation,
    }


def search_results(request: HttpRequest, query: DirectoryQuery, results: DirectoryResults) -> dict:
    """The API's answer to a directory search: the hits in the back end's order, with facets."""
    slugs = dict(TherapistPage.objects.filter(pk__in=results.hit_ids).values_list("pk", "slug"))
    base = reverse("api:therapists")

    def link(page: int) -> str:
        querystring = query.to_querystring(page=page)
        return absolute(request, f"{base}?{querystring}" if querystring else base)

    return {
        "count": results.total,
        "page": query.page,
        "page_count": results.page_count,
        "next": link(query.page + 1) if results.has_next else None,
        "previous": link(min(query.page - 1, results.page_count)) if results.has_previous else None,
        "query": _query_params(query),
        "place": results.place_label,
        "sort": query.sort,
        "notices": list(results.notices),
        "results": [hit_data(request, hit, slugs.get(hit.id, "")) for hit in results.hits],
        "facets": {
            name: [{"value": v.value, "label": v.label, "count": v.count, "selected": v.selected} for v in values]
            for name, values in results.facets.items()
        },
        "wider_searches": [
            {"label": s.label, "total": s.total, "url": absolute(request, base + _querystring(s.query))}
            for s in results.suggestions
        ],
    }


def _querystring(query: DirectoryQuery) -> str:
    querystring = query.to_querystring()
    return f"?{querystring}" if querystring else ""


def _query_params(query: DirectoryQuery) -> dict:
    params: dict[str, object] = {}
    for name, value in query.to_params():
        if name in ("condition", "technique"):
            params.setdefault(name, []).append(value)
        else:
            params[name] = value
    return params


def hit_data(request: HttpRequest, hit: Hit, slug: str) -> dict:
    trust = hit_status_json(hit)
    return {
        **therapist_link_fields(request, hit.id, slug, hit.title, hit.url, hit.designation),
        "city": hit.city,
        "distance_km": None if hit.distance_km is None else round(hit.distance_km, 1),
        "matched": list(hit.matched),
        "availability": availability(hit.accepting_new_clients, hit.accepting_confirmed_on),
        "restrictions": trust["restrictions"],
        "why": trust["why"],
    }


def listed_therapists():
    """Therapists the public may see, with what a profile shows fetched up front."""
    return (
        TherapistPage.objects.listed()
        .public()
        .select_related("photo", "registration__regulator")
        .prefetch_related("clinics", "conditions", "techniques", "languages")
    )


def therapist(request: HttpRequest, page: TherapistPage) -> dict:
    registration = page.registration
    clinics = list(page.clinics.all())
    exceptions = defaultdict(list)
    for exception in ClinicHoursException.objects.filter(clinic__in=clinics).upcoming(days=UPCOMING_EXCEPTION_DAYS):
        exceptions[exception.clinic_id].append(exception)
    restrictions = list(registration.restrictions.in_force())
    restrictions.sort(key=lambda r: (r.kind != r.Kind.ALERT, -r.starts_on.toordinal(), -r.pk))
    return {
        **therapist_link_fields(request, page.pk, page.slug, page.title, page.get_url(request), page.designation),
        "bio": str(bio_html(page.bio)),
        "gender": page.gender,
        "years_in_practice": page.years_in_practice,
        "registration": {
            "regulator": {
                "name": registration.regulator.name,
                "jurisdiction": registration.regulator.jurisdiction,
                "register_url": registration.regulator.register_url,
            },
            "number": registration.number,
            "status": registration.status,
            "verified_on": registration.verified_on,
            "expires_on": registration.expires_on,
        },
        "restrictions": [
            {
                "kind": r.kind,
                "text": r.text,
                "starts_on": r.starts_on,
                "ends_on": r.ends_on,
                "source_url": r.source_url,
            }
            for r in restrictions
        ],
        "availability": availability(page.accepting_new_clients, page.accepting_confirmed_on),
        "fees": {"min": page.fee_min, "max": page.fee_max, "currency": page.currency, "per": "60-minute session"},
        "direct_billing": page.direct_billing,
        "home_visits": page.home_visits,
        "booking_url": page.booking_url,
        "website": page.website,
        "phone": page.phone,
        "clinics": [
            {
                "id": clinic.pk,
                "name": str(clinic),
                "address": {
                    "street_address": clinic.street_address,
                    "city": clinic.city,
                    "region": clinic.region,
                    "postcode": clinic.postcode,
                    "country": clinic.country,
                },
                "latitude": clinic.latitude,
                "longitude": clinic.longitude,
                "phone": clinic.phone,
                "opening_hours": [line.strip() for line in clinic.opening_hours.splitlines() if line.strip()],
                "hours_exceptions": [
                    {"date": e.date, "closed": e.closed, "hours": e.hours_label, "note": e.note}
                    for e in exceptions.get(clinic.pk, [])
                ],
                "wheelchair_access": clinic.wheelchair_access,
                "parking": clinic.parking,
            }
            for clinic in clinics
        ],
        "conditions": [term_link(request, c) for c in page.conditions.all()],
        "techniques": [term_link(request, t) for t in page.techniques.all()],
        "languages": [{"code": language.code, "name": language.name} for language in page.languages.all()],
        "photo": image(request, page.photo, PHOTO_FILTERS),
        "last_published_at": page.last_published_at,
    }


# --- articles ------------------------------------------------------------------------------------


def published_articles():
    """Live, public articles, newest review first (the article index's order)."""
    return (
        ArticlePage.objects.live()
        .public()
        .select_related("author", "medical_reviewer", "hero_image")
        .prefetch_related("conditions", "techniques")
        .order_by("-last_reviewed", "-first_published_at", "pk")
    )


def article_link(request: HttpRequest, article) -> dict:
    return {
        "id": article.pk,
        "title": article.title,
        "url": api_url(request, "article", ref=article.pk),
        "page_url": page_url(request, article),
    }


def person(someone: Person | None) -> dict | None:
    if someone is None:
        return None
    return {"name": someone.name, "credentials": someone.credentials, "role": someone.role}


def article_summary(request: HttpRequest, article: ArticlePage) -> dict:
    return {
        "id": article.pk,
        "slug": article.slug,
        "title": article.title,
        "url": api_url(request, "article", ref=article.pk),
        "page_url": page_url(request, article),
        "summary": article.summary,
        "author": person(article.author),
        "medical_reviewer": person(article.medical_reviewer),
        "last_reviewed": article.last_reviewed,
        "next_review_due": article.next_review_due,
        "review_status": article.review_status,
        "first_published_at": article.first_published_at,
        "last_published_at": article.last_published_at,
        "reading_minutes": article.reading_minutes,
        "conditions": [term_link(request, c) for c in article.conditions.all()],
        "techniques": [term_link(request, t) for t in article.techniques.all()],
    }


def article(request: HttpRequest, article: ArticlePage) -> dict:
    return {
        **article_summary(request, article),
        "hero_image": image(request, article.hero_image, HERO_FILTERS),
        "body": body_blocks(request, article),
    }


def body_blocks(request: HttpRequest, article: ArticlePage) -> list[dict]:
    """The body as Wagtail's API represents StreamField blocks, images as renditions, not bare ids."""
    blocks = article.body.stream_block.get_api_representation(article.body, context={})
    image_ids = [block["value"].get("image") for block in blocks if block["type"] == "image"]
    images = get_image_model().objects.in_bulk([pk for pk in image_ids if pk])
    for block in blocks:
        if block["type"] == "image":
            value = block["value"]
            chosen = images.get(value.get("image"))
            value["image"] = image(request, chosen, BODY_IMAGE_FILTERS, value.get("alt_text", ""))
        block.setdefault("id", None)
    return blocks
