"""The content version: one token in the shared cache, replaced whenever anything a public page shows changes.

The page cache (home/page_cache.py) says which writes replace it and keeps whole responses against
it. What every page shows around its content, whatever the URL (the site's settings, the main
navigation), is kept against it too (``cached_while_current``): a page the page cache has not
stored, or a signed-in visitor's, then renders without querying for them again. An entry holds
the version it was built under and is used only while that is still the version, so one write
makes every entry stale at once, with nothing to list or delete.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

VERSION_KEY = "page-cache:version"
# Kept on the request once read, so every lookup during one request shares a single read.
REQUEST_ATTRIBUTE = "_content_version"
# Entries read ahead for this request, in the same round trip (``prefetch``).
PREFETCHED_ATTRIBUTE = "_content_cache_prefetched"

T = TypeVar("T")


def new_version() -> str:
    # First use, or the entry was evicted: any fresh token is as good (old entries simply die).
    cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    return cache.get(VERSION_KEY)


def bump_content_version(**_kwargs) -> None:
    """Signal receiver: something a public page shows has changed; every cached entry is stale.

    Replaced at once *and* again after the transaction commits: the first stops old entries being
    used, the second drops anything a concurrent request built from the pre-commit data in between."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    transaction.on_commit(lambda: cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None))


def remember(request: HttpRequest, version: str) -> None:
    """The version read for this request (the page cache reads it with its entry, in one round trip)."""
    setattr(request, REQUEST_ATTRIBUTE, version)


def _dated(key: str) -> str:
    return f"{key}:{timezone.localdate().isoformat()}"


def host_key(request: HttpRequest, name: str) -> str:
    """A key for what depends on the site the request is for: by host and port, which decide the site
    (both validated by then, ALLOWED_HOSTS: no key for an arbitrary Host header)."""
    return f"{name}:{request.get_host()}:{request.get_port()}"


def prefetch(request: HttpRequest, keys: list[str]) -> None:
    """Read the version and these entries in one round trip; ``cached_while_current`` then finds them
    on the request instead of asking the cache one by one."""
    dated = [_dated(key) for key in keys]
    found = cache.get_many([VERSION_KEY, *dated])
    if getattr(request, REQUEST_ATTRIBUTE, None) is None:
        remember(request, found.get(VERSION_KEY) or new_version())
    prefetched = getattr(request, PREFETCHED_ATTRIBUTE, {})
    prefetched.update({key: found.get(key) for key in dated})
    setattr(request, PREFETCHED_ATTRIBUTE, prefetched)


def cached_while_current(request: HttpRequest, key: str, build: Callable[[], T], timeout: int | None = None) -> T:
    """``build()``'s value, from the shared cache while the content version it was built under holds,
    and that day only (as the page cache: a change made without a signal still shows the next day).

    One cache round trip (the version and the entry together, unless this request has read the
    version already), none if ``prefetch`` read the entry; on a miss, ``build()`` and one write. The
    version is read *before* building: if a change lands meanwhile, the entry is already stale and
    the next read rebuilds it."""
    key = _dated(key)
    if timeout is None:
        timeout = settings.PAGE_CACHE_SECONDS
    version = getattr(request, REQUEST_ATTRIBUTE, None)
    prefetched = getattr(request, PREFETCHED_ATTRIBUTE, {})
    if key in prefetched:
        entry = prefetched.pop(key)
    elif version is None:
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY) or new_version()
        remember(request, version)
        entry = found.get(key)
    else:
        entry = cache.get(key)
    version = getattr(request, REQUEST_ATTRIBUTE)
    if entry is not None and entry[0] == version:
        return entry[1]
    value = build()
    cache.set(key, (version, value), timeout=timeout)
    return value


def of_request(request: HttpRequest) -> str:
    """The content version for this request, read once (or taken from the page cache's read)."""
    version = getattr(request, REQUEST_ATTRIBUTE, None)
    if version is None:
        version = cache.get(VERSION_KEY) or new_version()
        remember(request, version)
    return version
