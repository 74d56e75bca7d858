"""Errors as ``application/problem+json`` (RFC 9457): one shape for every error the API gives.

A bad request names each bad parameter once, with a message for people, in ``errors`` — the same
messages the directory search form shows beside its fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"


class ParameterErrors(exceptions.APIException):
    """Bad query parameters: ``errors`` maps each parameter to the messages about it."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = "Some parameters are not valid; see errors."

    def __init__(self, errors: Mapping[str, list[str]]):
        self.errors = {name: list(messages) for name, messages in errors.items()}
        super().__init__(self.default_detail)


class ProblemRenderer(JSONRenderer):
    media_type = PROBLEM_CONTENT_TYPE


def problem_body(request_path: str, status_code: int, detail: str, errors: Mapping[str, list[str]] | None = None):
    body = {
        "type": "about:blank",
        "title": HTTPStatus(status_code).phrase,
        "status": status_code,
        "detail": detail,
        "instance": request_path,
    }
    if errors is not None:
        # One entry per parameter: several messages about one parameter are one sentence each.
        body["errors"] = [
            {"parameter": name, "detail": " ".join(messages)} for name, messages in sorted(errors.items())
        ]
    return body


def exception_handler(exc, context) -> Response | None:
    """DRF's handler (which sets Retry-After on 429 and Allow on 405), with the body as a problem."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound("Nothing public is found at this address.")
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a real bug: Django's 500 handling (and logging) takes over
    request = context["request"]
    detail = str(getattr(exc, "detail", ""))
    if isinstance(exc, exceptions.Throttled):
        detail = f"Too many requests from your address; try again in {response.get('Retry-After', 'a few')} seconds."
    errors = exc.errors if isinstance(exc, ParameterErrors) else None
    response.data = problem_body(request.path, response.status_code, detail, errors)
    response.content_type = PROBLEM_CONTENT_TYPE
    # Rendered by a renderer whose media type matches the header, whatever the client accepted.
    request.accepted_renderer = ProblemRenderer()
    request.accepted_media_type = PROBLEM_CONTENT_TYPE
    return response


def not_found(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """Any address under /api/ that is not an endpoint: a problem, not the site's HTML 404 page."""
    return JsonResponse(
        problem_body(request.path, 404, "No API endpoint at this address; see /api/v1/ for the list."),
        status=404,
        content_type=PROBLEM_CONTENT_TYPE,
    )
