"""Conditional GETs: an ``ETag`` from the exact bytes, a ``Last-Modified`` that never lies.

The ETag is a hash of the rendered answer, so it changes exactly when the answer does. What an
answer shows depends on more than timestamped rows (a restriction comes into force at midnight, an
availability goes stale, a taxonomy name is edited), so ``Last-Modified`` is not read from the
data: it is the moment this server first gave this answer at this address, kept in the shared cache
beside the ETag it belongs to. When the answer changes, so does the moment; when the cache forgets,
the moment moves later — a client then downloads once more, never misses a change.
"""

from __future__ import annotations

import datetime
import hashlib

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag

# How long the cache remembers when an answer was first given (an upper bound; eviction is fine).
FIRST_SEEN_SECONDS = 30 * 24 * 3600
# Clients and shared caches may reuse an answer this long before asking again (with its ETag).
MAX_AGE_SECONDS = 60


def first_given(request: HttpRequest, etag: str) -> datetime.datetime:
    """When this exact answer (``etag``) was first given at this address (URL with its query)."""
    key = "api:first-given:" + hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()[:40]
    seen = cache.get(key)
    known = isinstance(seen, tuple) and len(seen) == 2
    if known and seen[0] == etag:
        return seen[1]
    moment = timezone.now().replace(microsecond=0)  # HTTP dates have whole seconds
    if known:
        # A new answer within the second of the last one must still be later than it, or a client
        # holding the last one's date would be told that nothing changed.
        moment = max(moment, seen[1] + datetime.timedelta(seconds=1))
    cache.set(key, (etag, moment), timeout=FIRST_SEEN_SECONDS)
    return moment


def conditional_response(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Add ETag, Last-Modified and Cache-Control to a 200, and answer 304 when the client's copy is current."""
    if hasattr(response, "render") and not getattr(response, "is_rendered", True):
        response.render()
    etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
    last_modified = first_given(request, etag)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified.timestamp())
    patch_cache_control(response, public=True, max_age=MAX_AGE_SECONDS)
    return get_conditional_response(request, etag=etag, last_modified=int(last_modified.timestamp()), response=response)
