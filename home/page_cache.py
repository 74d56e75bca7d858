"""The page cache: anonymous GET responses served from the shared cache until what they show changes.

What is cached. GET and HEAD requests from visitors who carry no session and no flash messages
(so nobody is signed in and nothing is personal), outside the admin, the portal, the accounts and
the one-action availability links; and of their answers only a 200 in HTML or JSON that sets no
cookie, asks for no privacy (``Cache-Control: private/no-store/no-cache``), carries no CSRF token
and no CSP nonce. Everything else passes through untouched and is marked ``private, no-store``
unless the view chose its own ``Cache-Control``.

The key. The scheme, host and path, and the query string normalised: parameters sorted, empty ones
dropped, tracking parameters (``utm_*``, ``gclid``…) ignored. The view is handed that normalised
query too, so every spelling of one search renders (and caches) the same bytes. An entry is used
only while both of these are what they were when it was rendered:

- the *content version* (home/content_version.py), a random token kept in the cache (and in each
  entry, compared on every read) and replaced whenever anything a public page shows is written: a page published,
  unpublished, moved, deleted or made private; a registration, restriction on practice, clinic, language,
  taxonomy term, image or site setting saved or deleted; a therapist confirming availability
  (``directory.signals.registration_changed``). The token is replaced at once *and* again after
  the transaction commits: the first stops the old copies being served, the second drops anything
  a concurrent request rendered from the pre-commit data in between.
- the local date (in the key), because registrations expire, restrictions start and end, and
  "accepting new clients" goes stale with the calendar, not with writes.

A hit costs one cache round trip (the version and the entry together) and no query. A view whose
visits must all be counted, even those the cache answers (the directory search's report), names a
recorder on its response (``page_cache_on_hit``, see ``PAGE_CACHE_HIT_RECORDERS``): it is called on
every hit. Browsers and
a CDN get ``Cache-Control: public, max-age=PAGE_CACHE_MAX_AGE`` (short: they cannot see the
version), an ``ETag`` and ``Last-Modified`` for conditional requests (304), and ``Vary: Cookie``:
a signed-in visitor's copy of the same URL differs. For a CDN that caches longer, Wagtail's
front-end cache invalidation purges published pages (``WAGTAILFRONTENDCACHE`` in settings, off
unless configured).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.module_loading import import_string
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from articles.models import Condition, Person, Technique
from directory.models import (
    Clinic,
    ClinicHoursException,
    Language,
    Registration,
    RegistrationRestriction,
    Regulator,
)
from directory.signals import registration_changed
from home.content_version import VERSION_KEY, bump_content_version, new_version, remember

KEY_PREFIX = "page-cache:page"

# Paths whose answers are always personal, or forms, or (the API) carry per-client rate-limit
# headers and their own ETags: never cached here whoever asks.
UNCACHED_PREFIXES = ("/admin/", "/django-admin/", "/portal/", "/accounts/", "/availability/", "/documents/", "/api/")
# Parameters that only say where a visitor came from; the page is the same without them.
TRACKING_PARAMETERS = frozenset({"gclid", "dclid", "fbclid", "msclkid", "mc_cid", "mc_eid", "igshid", "_ga", "_gl"})
CACHED_CONTENT_TYPES = ("text/html", "application/json")
PRIVATE_DIRECTIVES = ("private", "no-store", "no-cache")


def normalised_query(query: QueryDict) -> str:
    """The query string with parameters sorted, empty values and tracking parameters dropped."""
    pairs = sorted(
        (name, value)
        for name, values in query.lists()
        if name not in TRACKING_PARAMETERS and not name.startswith("utm_")
        for value in values
        if value.strip()
    )
    return urlencode(pairs)


def _setting_saved(sender, created: bool = False, **kwargs) -> None:
    # Wagtail creates a settings row with its defaults the first time a page reads it: the page
    # looks the same as before, so only a change to an existing row counts.
    if not created:
        bump_content_version()


# Wagtail fills these in lazily while rendering (``get_file_size``, ``get_file_hash``): nothing shown changes.
_IMAGE_BOOKKEEPING = frozenset({"file_size", "file_hash"})


def _image_saved(sender, update_fields=None, **kwargs) -> None:
    if update_fields is None or not set(update_fields) <= _IMAGE_BOOKKEEPING:
        bump_content_version()


def _page_changed(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        bump_content_version()


def cache_key(request: HttpRequest) -> str:
    """The entry's key. The content version is not in it but in the entry, checked on every read:
    one cache round trip (``get_many``) fetches both."""
    scheme = "https" if request.is_secure() else "http"
    url = f"{scheme}://{request.get_host()}{request.path}?{request.META.get('QUERY_STRING', '')}"
    digest = hashlib.sha256(url.encode()).hexdigest()
    return f"{KEY_PREFIX}:{timezone.localdate().isoformat()}:{digest}"


def is_cacheable_request(request: HttpRequest) -> bool:
    if not settings.PAGE_CACHE_ENABLED or request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(UNCACHED_PREFIXES):
        return False
    # A session may belong to a signed-in visitor (or hold a Wagtail page password); flash messages
    # are personal; Authorization means an API client with its own identity.
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    return "HTTP_AUTHORIZATION" not in request.META


def _cache_control_directives(response: HttpResponseBase) -> set[str]:
    return {part.split("=")[0].strip().lower() for part in response.get("Cache-Control", "").split(",") if part}


def is_cacheable_response(response: HttpResponseBase) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if not response.get("Content-Type", "").startswith(CACHED_CONTENT_TYPES):
        return False
    if _cache_control_directives(response) & set(PRIVATE_DIRECTIVES):
        return False
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
    if vary - {"cookie"}:
        return False  # it varies on something the key does not hold
    # A nonce in the policy means the page's scripts depend on this response's nonce.
    if "'nonce-" in response.get("Content-Security-Policy", ""):
        return False
    # Belt and braces: a CSRF token sets a cookie (refused above), but never store one regardless.
    return b"csrfmiddlewaretoken" not in response.content


# Headers set here on every cached answer, or set per response by outer middleware: not stored.
_NOT_STORED = {"cache-control", "vary", "etag", "last-modified", "set-cookie", "x-page-cache"}


def _entry(response: HttpResponse, version: str) -> dict:
    return {
        "version": version,
        "on_hit": getattr(response, "page_cache_on_hit", None),
        "content": response.content,
        "headers": [(name, value) for name, value in response.items() if name.lower() not in _NOT_STORED],
        "etag": '"' + hashlib.md5(response.content, usedforsecurity=False).hexdigest() + '"',
        "last_modified": int(time.time()),
    }


def _record_hit(entry: dict) -> None:
    if entry.get("on_hit"):
        name, args = entry["on_hit"]
        import_string(settings.PAGE_CACHE_HIT_RECORDERS[name])(*args)


def _response_from(entry: dict) -> HttpResponse:
    response = HttpResponse(entry["content"])
    for name, value in entry["headers"]:
        response[name] = value
    return response


def _shared_cache_headers(response: HttpResponseBase, entry: dict) -> None:
    response["Cache-Control"] = f"public, max-age={settings.PAGE_CACHE_MAX_AGE}"
    response["ETag"] = entry["etag"]
    response["Last-Modified"] = http_date(entry["last_modified"])
    patch_vary_headers(response, ["Cookie"])


def _private_headers(response: HttpResponseBase) -> None:
    # Pages and JSON only: feeds, sitemaps and files keep whatever their views decided.
    if not response.get("Content-Type", "").startswith(CACHED_CONTENT_TYPES):
        return
    if not response.has_header("Cache-Control"):
        response["Cache-Control"] = "private, no-store"
    patch_vary_headers(response, ["Cookie"])


class PageCacheMiddleware:
    """Serve and store anonymous pages (see the module's docstring). Sits right after the security
    middleware (and WhiteNoise): a hit skips sessions, CSRF, authentication and the view."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not is_cacheable_request(request):
            response = self.get_response(request)
            _private_headers(response)
            return response
        query = normalised_query(request.GET)
        request.META["QUERY_STRING"] = query
        request.GET = QueryDict(query)
        key = cache_key(request)
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY) or new_version()
        remember(request, version)  # what the page's own cached parts check against (home/content_version.py)
        entry = found.get(key)
        if entry is not None and entry["version"] == version:
            response = _response_from(entry)
            _shared_cache_headers(response, entry)
            response["X-Page-Cache"] = "hit"
            _record_hit(entry)
            return get_conditional_response(
                request, etag=entry["etag"], last_modified=entry["last_modified"], response=response
            )
        response = self.get_response(request)
        if not is_cacheable_response(response):
            _private_headers(response)
            return response
        # Stored with the version read *before* rendering: if a change landed meanwhile, the
        # entry is already out of date and the next read will not use it.
        entry = _entry(response, version)
        cache.set(key, entry, timeout=settings.PAGE_CACHE_SECONDS)
        _shared_cache_headers(response, entry)
        response["X-Page-Cache"] = "miss"
        return response


def connect() -> None:
    """Every write that changes what a public page shows replaces the content version."""
    page_published.connect(_page_changed, dispatch_uid="page-cache-page-published")
    page_unpublished.connect(_page_changed, dispatch_uid="page-cache-page-unpublished")
    post_page_move.connect(_page_changed, dispatch_uid="page-cache-page-moved")
    post_delete.connect(_page_changed, dispatch_uid="page-cache-page-deleted")
    registration_changed.connect(bump_content_version, dispatch_uid="page-cache-registration-changed")
    shown = [
        Registration,
        RegistrationRestriction,
        Regulator,
        Clinic,
        ClinicHoursException,
        Language,
        Condition,
        Technique,
        Person,
        Site,
        # A page made private (password, login, groups) must stop being served from the cache.
        PageViewRestriction,
    ]
    for model in shown:
        label = model._meta.label
        post_save.connect(bump_content_version, sender=model, dispatch_uid=f"page-cache-{label}-saved")
        post_delete.connect(bump_content_version, sender=model, dispatch_uid=f"page-cache-{label}-deleted")
    image = get_image_model()
    post_save.connect(_image_saved, sender=image, dispatch_uid="page-cache-image-saved")
    post_delete.connect(bump_content_version, sender=image, dispatch_uid="page-cache-image-deleted")
    for model in apps.get_models():
        if issubclass(model, BaseSiteSetting | BaseGenericSetting):
            label = model._meta.label
            post_save.connect(_setting_saved, sender=model, dispatch_uid=f"page-cache-{label}-saved")
            post_delete.connect(bump_content_version, sender=model, dispatch_uid=f"page-cache-{label}-deleted")
