"""Public search views: site search, the directory search (HTML and JSON) and autocomplete.

Invalid input is answered with the form, the person's own input and one message per field —
status 400, never a 500. Every search is a GET URL that can be shared or bookmarked.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from wagtail.contrib.search_promotions.models import Query

from articles.models import ArticlePage
from directory.geocoding import places_matching
from directory.models import TherapistPage
from search.analytics import record_search
from search.backends.engine.backend import FALLBACK_NOTICE
from search.backends.engine.breaker import guarded
from search.presentation import hit_status_json, results_map
from search.query import (
    BOOLEAN_FILTERS,
    DEFAULT_RADIUS_KM,
    MAX_TEXT_LENGTH,
    TRUE_VALUES,
    DirectoryQuery,
    DirectoryResults,
    QueryError,
)
from search.service import autocomplete_names, search_directory
from search.text import autocomplete_terms, correct_spelling

logger = logging.getLogger(__name__)

RADIUS_CHOICES = (5, 10, 25, 50, 100, 250, 500)
SORT_CHOICES = (("relevance", "Best match"), ("distance", "Distance"), ("name", "Name"))
FACET_HEADINGS = {"conditions": "Condition", "techniques": "Technique", "languages": "Language", "gender": "Gender"}
ARTICLES_PER_PAGE = 10
THERAPISTS_IN_SITE_SEARCH = 5
AUTOCOMPLETE_MAX_LENGTH = 100


def run_directory_search(
    params, *, photos: bool = True
) -> tuple[DirectoryQuery | None, DirectoryResults | None, dict[str, list[str]]]:
    """(query, results, errors) for GET parameters; errors is empty on success."""
    try:
        query = DirectoryQuery.from_params(params)
    except QueryError as error:
        return None, None, error.errors
    try:
        return query, search_directory(query, photos=photos), {}
    except QueryError as error:  # e.g. a place the geocoder does not know
        return query, None, error.errors


@require_GET
def directory_search(request: HttpRequest) -> HttpResponse:
    query, results, errors = run_directory_search(request.GET)
    counted = None
    if results is not None and not query.is_empty:
        # exact_total: a search answered only by relaxing it still counts as finding nothing.
        counted = (query.text or query.near or "(filters only)", results.exact_total, "directory")
        record_search(*counted)
    if results is not None:
        query = results.query  # relaxed when nothing matched as asked: the page shows what it searched
    context = {
        "query": query or DirectoryQuery(),
        "results": results,
        "errors": errors,
        "raw": request.GET,  # what the person typed, shown back when it could not be parsed
        "radius_choices": RADIUS_CHOICES,
        "default_radius": DEFAULT_RADIUS_KM,
        "sort_choices": SORT_CHOICES,
        "facet_groups": _facet_groups(results),
        "flag_facets": _flag_facets(results),
        "active_filter_count": _active_filter_count(query),
        "pages": _page_links(query, results),
        "max_text_length": MAX_TEXT_LENGTH,
        # The map of the results (static/js/results_map.js): from the page's own hits, no query of its own.
        "results_map": results_map(results),
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
    }
    response = render(request, "search/directory_search.html", context, status=400 if errors else 200)
    if counted:
        response.page_cache_on_hit = ("search-log", counted)  # a cached answer is still a search made
    return _uncached_if_degraded(response, results)


def _facet_groups(results: DirectoryResults | None) -> list[dict]:
    if results is None:
        return []
    param = {"conditions": "condition", "techniques": "technique", "languages": "language", "gender": "gender"}
    kinds = {"conditions": "checkbox", "techniques": "checkbox", "languages": "radio", "gender": "radio"}
    return [
        {"name": name, "param": param[name], "heading": heading, "kind": kinds[name], "values": results.facets[name]}
        for name, heading in FACET_HEADINGS.items()
        if results.facets.get(name)
    ]


def _active_filter_count(query: DirectoryQuery | None) -> int:
    """How many choices the filters panel holds (each ticked condition or technique counts), for "Filters (n)"."""
    if query is None:
        return 0
    return sum(
        len(getattr(query, name)) if name in ("conditions", "techniques") else 1 for name in query.active_filters
    )


def _flag_facets(results: DirectoryResults | None) -> list[dict]:
    if results is None:
        return []
    return [{"param": name, "value": value} for name in BOOLEAN_FILTERS for value in results.facets.get(name, [])[:1]]


def _page_links(query: DirectoryQuery | None, results: DirectoryResults | None) -> dict | None:
    if query is None or results is None or results.page_count <= 1:
        return None
    return {
        "current": query.page,
        "count": results.page_count,
        "previous": query.to_querystring(page=query.page - 1) if results.has_previous else "",
        "next": query.to_querystring(page=query.page + 1) if results.has_next else "",
    }


@require_GET
def directory_search_json(request: HttpRequest) -> JsonResponse:
    query, results, errors = run_directory_search(request.GET, photos=False)
    if errors:
        return JsonResponse({"errors": errors}, status=400)
    return _uncached_if_degraded(JsonResponse(results_as_json(request, query, results)), results)


def _uncached_if_degraded(response: HttpResponse, results: DirectoryResults | None) -> HttpResponse:
    """An answer from the fallback must not outlive the outage in the page cache (home/page_cache.py)."""
    if results is not None and FALLBACK_NOTICE in results.notices:
        add_never_cache_headers(response)
    return response


def results_as_json(request: HttpRequest, query: DirectoryQuery, results: DirectoryResults) -> dict:
    return {
        "query": dict(query.to_params()),
        "total": results.total,
        "page": query.page,
        "page_count": results.page_count,
        "place": results.place_label,
        "notices": results.notices,
        # When nothing matched as asked: what was relaxed, and the words the search did not use.
        "relaxed": results.relaxed,
        "unused_words": list(results.unused_words),
        "hits": [
            {
                "id": hit.id,
                "name": hit.title,
                "url": request.build_absolute_uri(hit.url) if hit.url else "",
                "designation": hit.designation,
                "city": hit.city,
                "distance_km": None if hit.distance_km is None else round(hit.distance_km, 1),
                "matched": list(hit.matched),
                "accepting_new_clients": hit.accepting_new_clients,
                **hit_status_json(hit),  # availability with its date, restrictions, why it matched
            }
            for hit in results.hits
        ],
        "facets": {
            name: [{"value": v.value, "label": v.label, "count": v.count, "selected": v.selected} for v in values]
            for name, values in results.facets.items()
        },
        "wider_searches": [
            {"label": s.label, "total": s.total, "url": f"{request.path}?{s.query.to_querystring()}"}
            for s in results.suggestions
        ],
    }


@require_GET
@never_cache  # every search counts: Wagtail's promoted-query hits and the search report
def site_search(request: HttpRequest) -> HttpResponse:
    """One box for everything: promoted pages, articles (Wagtail search) and therapists (ours).

    Typos are corrected once for the whole page (``correct_spelling``): therapists, articles and
    promotions are all searched with the corrected words, and the page says so once, with a link
    that searches the words as typed (``literal=1``) — which then offers the correction instead.
    """
    raw = request.GET.get("q", "")
    text = " ".join(raw.split())
    literal = request.GET.get("literal", "") in TRUE_VALUES
    errors: list[str] = []
    if len(text) > MAX_TEXT_LENGTH:
        errors.append(f"Please use at most {MAX_TEXT_LENGTH} characters.")
    elif any(ord(ch) < 32 or ord(ch) == 127 for ch in text):
        errors.append("Please type plain text; the search contained control characters.")
    context: dict = {"search_query": text if not errors else raw[:MAX_TEXT_LENGTH], "errors": errors}
    if text and not errors:
        spelling = correct_spelling(text)
        searched = text if literal else spelling.corrected
        query = Query.get(searched)  # promoted pages are chosen for the words searched
        promotions = (
            list(query.editors_picks.select_related("page").filter(page__live=True))
            if hasattr(Query, "editors_picks")
            else []
        )
        article_page = search_articles(ArticlePage, searched, request.GET.get("page"))
        paginator = article_page.paginator
        therapists = None
        try:
            # correct=False: the words are decided above, for the articles as much as the therapists.
            therapists = search_directory(
                DirectoryQuery(text=searched, page_size=THERAPISTS_IN_SITE_SEARCH), correct=False
            )
        except QueryError:
            therapists = None
        total = paginator.count + (therapists.exact_total if therapists else 0) + len(promotions)
        query.add_hit()
        record_search(text, total, kind="site")  # as typed: the report shows what people type
        context.update(
            {
                "searched": searched,
                "spelling": spelling,
                "literal": literal,
                # Links: the words as typed, searched literally; and back to the correction.
                "typed_querystring": urlencode({"q": text, "literal": "1"}),
                "corrected_querystring": urlencode({"q": spelling.corrected}),
                "pages_querystring": urlencode({"q": text, **({"literal": "1"} if literal else {})}),
                "promotions": promotions,
                "articles": article_page,
                "therapists": therapists,
                "directory_querystring": DirectoryQuery(text=searched).to_querystring(),
                "total": total,
            }
        )
    return render(request, "search/site_search.html", context, status=400 if errors else 200)


ARTICLE_FALLBACK_NOTICE = (
    "Article search is running in a reduced mode right now: only titles and summaries are matched."
)


def search_articles(model, text: str, page):
    """A page of articles from Wagtail's search. Query syntax is not offered to the public:
    punctuation is dropped, since SQLite FTS5 treats it as operators (and fails on stray ones).

    When the search back end cannot answer (the engine is down, hangs or errs; the circuit breaker
    is open; the database's full-text search fails), the page still answers: articles whose title
    or summary holds every word, with a notice (``page.notice``) saying search is reduced.
    """
    words = re.sub(r"[^\w\s]", " ", text).split()
    queryset = model.objects.live().public()

    def from_search_backend():
        return _article_page(queryset.search(" ".join(words)) if words else queryset.none(), page)

    def from_titles_and_summaries():
        matches = queryset
        for word in words:
            matches = matches.filter(Q(title__icontains=word) | Q(summary__icontains=word))
        article_page = _article_page(matches.order_by("title", "pk") if words else queryset.none(), page)
        article_page.notice = ARTICLE_FALLBACK_NOTICE
        return article_page

    if settings.SEARCH_ENGINE != "database":
        return guarded(from_search_backend, from_titles_and_summaries)
    try:
        return from_search_backend()
    except DatabaseError:
        logger.exception("Article search failed for %r", text)
        return from_titles_and_summaries()


def _article_page(results, page):
    # get_page forgives any page value (junk -> 1, too far -> last) instead of raising.
    article_page = Paginator(results, ARTICLES_PER_PAGE).get_page(page)
    article_page.object_list = list(article_page.object_list)
    return article_page


@require_GET
def autocomplete(request: HttpRequest) -> JsonResponse:
    """Suggestions as the person types: therapists, conditions, techniques and places."""
    text = " ".join(request.GET.get("q", "").split())
    if len(text) < 2 or len(text) > AUTOCOMPLETE_MAX_LENGTH or not text.isprintable():
        return JsonResponse([], safe=False)
    search_url = reverse("directory_search")
    suggestions: list[dict] = []
    for term in autocomplete_terms(text, limit=5):
        param = "condition" if term.kind == "condition" else "technique"
        suggestions.append(
            {"label": term.name, "kind": term.kind, "value": term.name, "url": f"{search_url}?{param}={term.slug}"}
        )
    names = autocomplete_names(text, limit=5)
    pages = {
        page.pk: page for page in TherapistPage.objects.filter(pk__in=[pk for pk, _ in names]).only("pk", "url_path")
    }
    for pk, title in names:
        if pk in pages:
            suggestions.append({"label": title, "kind": "therapist", "value": title, "url": pages[pk].get_url(request)})
    for place in places_matching(text, limit=3):  # only in the countries the directory covers
        # A postcode's label ("78701 (Austin), Texas, US") is for people; the code itself geocodes.
        near = place.approximate_for or place.code or place.label
        suggestions.append(
            {
                "label": place.label,
                "kind": "place",
                "value": near,
                "url": f"{search_url}?{DirectoryQuery(near=near).to_querystring()}",
            }
        )
    return JsonResponse(suggestions, safe=False)
