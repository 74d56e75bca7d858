"""The API's endpoints: read-only, public, JSON; errors as problems; conditional GETs; rate-limited.

Every endpoint is a ``PublicAPIView``: no sessions or cookies (nothing to forge, nothing private),
JSON whatever the client accepts, the per-address rate limit, ETag/Last-Modified with 304s.
"""

from __future__ import annotations

import re

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api import representations as represent
from api.conditional import conditional_response
from api.pagination import MAX_PAGE, page_number, paginate
from api.problems import PROBLEM_CONTENT_TYPE, ParameterErrors, exception_handler
from api.serializers import (
    ArticleListSerializer,
    ArticleSerializer,
    ConditionListSerializer,
    ConditionSerializer,
    IndexSerializer,
    ProblemSerializer,
    TechniqueListSerializer,
    TechniqueSerializer,
    TherapistSearchSerializer,
    TherapistSerializer,
)
from api.throttling import ClientAddressRateThrottle
from articles.models import Condition, Technique
from search.query import (
    MAX_PAGE as SEARCH_MAX_PAGE,
)
from search.query import (
    MAX_PLACE_LENGTH,
    MAX_RADIUS_KM,
    MAX_TEXT_LENGTH,
    SORTS,
    DirectoryQuery,
    QueryError,
)
from search.service import search_directory


class JSONOnly(BaseContentNegotiation):
    """One representation: JSON, whatever the Accept header asks (never a 406)."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class PublicAPIPolicy:
    """What every public API view shares: JSON only, no sessions (nothing private, no CSRF, no
    cookies), the per-address rate limit, problem+json errors and conditional GETs."""

    content_negotiation_class = JSONOnly
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [ClientAddressRateThrottle]

    def get_exception_handler(self):
        return exception_handler

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            return conditional_response(request, response)
        return response


class PublicAPIView(PublicAPIPolicy, APIView):
    renderer_classes = [JSONRenderer]


def problem(description: str) -> OpenApiResponse:
    return OpenApiResponse(ProblemSerializer, description=description)


NOT_MODIFIED = OpenApiResponse(
    description="Not modified: the copy named by If-None-Match (or dated by If-Modified-Since) is current."
)
COMMON_RESPONSES = {
    304: NOT_MODIFIED,
    (429, PROBLEM_CONTENT_TYPE): problem("Too many requests from this address; Retry-After says when to try again."),
}
BAD_PARAMETERS = problem("Bad parameters: one message per bad parameter in errors.")
NOT_FOUND = problem("Nothing public has this id or slug (unlisted, unpublished or never existed).")
CONDITIONAL_HEADERS = [
    OpenApiParameter("If-None-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, description="An ETag you hold."),
    OpenApiParameter(
        "If-Modified-Since", OpenApiTypes.STR, OpenApiParameter.HEADER, description="The Last-Modified you hold."
    ),
]


REF = OpenApiParameter(
    "ref",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="The id (digits), which never changes, or the current slug.",
)


# Wagtail allows Unicode slugs for pages (taxonomy slugs are ASCII: SLUG_PATTERN). Anything else
# (a NUL byte above all, which PostgreSQL refuses outright) is answered before the database sees it.
PAGE_SLUG = re.compile(r"[-\w]{1,255}")


def by_ref(ref: str) -> dict:
    """Lookup arguments for an id (ASCII digits) or a slug."""
    return {"pk": int(ref)} if re.fullmatch(r"[0-9]{1,18}", ref) else {"slug": ref}


def first_or_404(queryset, ref: str):
    """The item with this id or slug. Slugs are unique under one parent; the oldest wins regardless."""
    if not PAGE_SLUG.fullmatch(ref):
        raise Http404
    found = queryset.filter(**by_ref(ref)).order_by("pk").first()
    if found is None:
        raise Http404
    return found


def _flag(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.BOOL, description=description)


SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
PAGE_PARAMETER = OpenApiParameter(
    "page",
    {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
    description="Page number (20 per page). A page past the end is empty.",
)


def _slug_list(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(
        name,
        {"type": "array", "items": {"type": "string", "pattern": SLUG_PATTERN, "maxLength": 100}, "maxItems": 20},
        description=description,
        explode=True,
        style="form",
    )


SEARCH_PARAMETERS = [
    OpenApiParameter(
        "q",
        {"type": "string", "maxLength": MAX_TEXT_LENGTH},
        description="Free text: names, conditions and techniques (with their synonyms, typos corrected), "
        "words of the bio, clinic cities.",
    ),
    OpenApiParameter(
        "near",
        {"type": "string", "maxLength": MAX_PLACE_LENGTH},
        description="A place name, a ZIP code or 'lat,lng'. A place the gazetteer does not know is a 400.",
    ),
    OpenApiParameter("lat", {"type": "number", "minimum": -90, "maximum": 90}, description="Latitude, with lng."),
    OpenApiParameter("lng", {"type": "number", "minimum": -180, "maximum": 180}, description="Longitude, with lat."),
    OpenApiParameter(
        "radius",
        {"type": "number", "minimum": 0, "exclusiveMinimum": True, "maximum": MAX_RADIUS_KM},
        description="Kilometres around the place (default 25).",
    ),
    _slug_list("condition", "Condition slugs (alternatives: any of them)."),
    _slug_list("technique", "Technique slugs (alternatives: any of them)."),
    OpenApiParameter(
        "language", {"type": "string", "pattern": r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?$"}, description="ISO code."
    ),
    OpenApiParameter("gender", {"type": "string", "maxLength": 60}, description="As therapists describe themselves."),
    _flag("accepting", "Accepting new clients, confirmed recently."),
    _flag("direct_billing", "Bills insurers directly."),
    _flag("home_visits", "Visits clients at home."),
    _flag("wheelchair", "A clinic with wheelchair access."),
    _flag("unrestricted", "No restriction on practice in force."),
    OpenApiParameter(
        "max_fee", {"type": "number", "minimum": 0, "maximum": 100000}, description="Lowest fee at most this much."
    ),
    OpenApiParameter("sort", {"type": "string", "enum": list(SORTS)}, description="Default relevance."),
    OpenApiParameter(
        "page",
        {"type": "integer", "minimum": 1, "maximum": SEARCH_MAX_PAGE},
        description="Page number (20 per page). A page past the end is empty.",
    ),
]


class IndexView(PublicAPIView):
    @extend_schema(
        operation_id="index",
        responses={200: IndexSerializer, **COMMON_RESPONSES},
        parameters=CONDITIONAL_HEADERS,
        summary="What the API offers",
    )
    def get(self, request: Request) -> Response:
        names = ("therapists", "articles", "conditions", "techniques", "schema", "docs")
        return Response(IndexSerializer({name: represent.api_url(request, name) for name in names}).data)


class TherapistSearchView(PublicAPIView):
    @extend_schema(
        operation_id="therapists_search",
        summary="Search the directory",
        description="The directory search of the site (/search/therapists/): the same parameters, the same "
        "answers in the same order. Only listed therapists: live, registration verified and unexpired.",
        parameters=SEARCH_PARAMETERS + CONDITIONAL_HEADERS,
        responses={200: TherapistSearchSerializer, (400, PROBLEM_CONTENT_TYPE): BAD_PARAMETERS, **COMMON_RESPONSES},
    )
    def get(self, request: Request) -> Response:
        try:
            query = DirectoryQuery.from_params(request.GET)
            results = search_directory(query, photos=False)  # a hit carries no photo; its detail does
        except QueryError as error:
            raise ParameterErrors(error.errors) from None
        return Response(TherapistSearchSerializer(represent.search_results(request, query, results)).data)


class TherapistDetailView(PublicAPIView):
    @extend_schema(
        operation_id="therapist",
        summary="One therapist, by id or slug",
        description="A listed therapist's public profile.",
        parameters=[REF, *CONDITIONAL_HEADERS],
        responses={200: TherapistSerializer, (404, PROBLEM_CONTENT_TYPE): NOT_FOUND, **COMMON_RESPONSES},
    )
    def get(self, request: Request, ref: str) -> Response:
        page = first_or_404(represent.listed_therapists(), ref)
        return Response(TherapistSerializer(represent.therapist(request, page)).data)


class ArticleListView(PublicAPIView):
    @extend_schema(
        operation_id="articles",
        summary="Published articles",
        description="Clinically reviewed articles, the most recently reviewed first.",
        parameters=[
            OpenApiParameter(
                "condition",
                {"type": "string", "pattern": SLUG_PATTERN, "maxLength": 100},
                description="A condition's slug.",
            ),
            OpenApiParameter(
                "technique",
                {"type": "string", "pattern": SLUG_PATTERN, "maxLength": 100},
                description="A technique's slug.",
            ),
            PAGE_PARAMETER,
            *CONDITIONAL_HEADERS,
        ],
        responses={200: ArticleListSerializer, (400, PROBLEM_CONTENT_TYPE): BAD_PARAMETERS, **COMMON_RESPONSES},
    )
    def get(self, request: Request) -> Response:
        articles = represent.published_articles()
        errors: dict[str, list[str]] = {}
        for name in ("condition", "technique"):
            value = request.GET.get(name, "").strip()
            if len(value) > 100:
                errors[name] = [f"A {name} slug has at most 100 characters."]
            elif value and not re.fullmatch(SLUG_PATTERN, value):
                errors[name] = [f"A {name} slug has only letters, digits, hyphens and underscores."]
            elif value:
                articles = articles.filter(**{f"{name}s__slug": value.lower()})
        try:
            page = paginate(request, articles, page_number(request))
        except ParameterErrors as error:
            errors.update(error.errors)
        if errors:
            raise ParameterErrors(errors)
        data = {**page.envelope, "results": [represent.article_summary(request, a) for a in page.items]}
        return Response(ArticleListSerializer(data).data)


class ArticleDetailView(PublicAPIView):
    @extend_schema(
        operation_id="article",
        summary="One article, by id or slug",
        description="A published article with its review dates, reviewer and body as structured blocks.",
        parameters=[REF, *CONDITIONAL_HEADERS],
        responses={200: ArticleSerializer, (404, PROBLEM_CONTENT_TYPE): NOT_FOUND, **COMMON_RESPONSES},
    )
    def get(self, request: Request, ref: str) -> Response:
        article = first_or_404(represent.published_articles(), ref)
        return Response(ArticleSerializer(represent.article(request, article)).data)


def _term_views(model, list_serializer, serializer, kind: str):
    plural = f"{kind}s"

    class TermListView(PublicAPIView):
        @extend_schema(
            operation_id=plural,
            summary=f"All {plural}, with synonyms",
            parameters=[
                PAGE_PARAMETER,
                *CONDITIONAL_HEADERS,
            ],
            responses={200: list_serializer, (400, PROBLEM_CONTENT_TYPE): BAD_PARAMETERS, **COMMON_RESPONSES},
        )
        def get(self, request: Request) -> Response:
            terms = model.objects.order_by("name", "pk")
            if model is Condition:
                terms = terms.select_related("main_article")
            page = paginate(request, terms, page_number(request))
            data = {**page.envelope, "results": [represent.term(request, t) for t in page.items]}
            return Response(list_serializer(data).data)

    class TermDetailView(PublicAPIView):
        @extend_schema(
            operation_id=kind,
            summary=f"One {kind}, by id or slug",
            parameters=[REF, *CONDITIONAL_HEADERS],
            responses={200: serializer, (404, PROBLEM_CONTENT_TYPE): NOT_FOUND, **COMMON_RESPONSES},
        )
        def get(self, request: Request, ref: str) -> Response:
            return Response(serializer(represent.term(request, first_or_404(model.objects.all(), ref))).data)

    TermListView.__name__ = f"{kind.capitalize()}ListView"
    TermDetailView.__name__ = f"{kind.capitalize()}DetailView"
    return TermListView, TermDetailView


ConditionListView, ConditionDetailView = _term_views(
    Condition, ConditionListSerializer, ConditionSerializer, "condition"
)
TechniqueListView, TechniqueDetailView = _term_views(
    Technique, TechniqueListSerializer, TechniqueSerializer, "technique"
)


class SchemaView(PublicAPIPolicy, SpectacularJSONAPIView):
    """The OpenAPI 3 schema, generated from these views, with the API's caching and rate limit."""
