"""Recording searches for the admin report (one row per query, box and day).

Searches are counted in memory and written in one go at most every ``SEARCH_LOG_FLUSH_SECONDS`` per
process (and when it exits): a search answered from the page cache is still counted
(``PAGE_CACHE_HIT_RECORDERS``) but costs no query, and a popular query's row is not updated by every
request at once. The report is at most that many seconds behind.
"""

from __future__ import annotations

import atexit
import datetime
import logging
import threading
import time
from collections import Counter

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from search.models import SearchLog

logger = logging.getLogger(__name__)

Key = tuple[str, str, datetime.date]  # (query, box, day)

_lock = threading.Lock()
_searches: Counter[Key] = Counter()
_zero_results: Counter[Key] = Counter()
_last_flush = time.monotonic()


def normalize_query(text: str) -> str:
    return " ".join(text.lower().split())[:255]


def record_search(text: str, total: int, kind: str) -> None:
    """Count one search; never lets a logging problem reach the person searching."""
    query_string = normalize_query(text)
    if not query_string:
        return
    key = (query_string, kind, timezone.localdate())
    with _lock:
        _searches[key] += 1
        _zero_results[key] += total == 0
        due = time.monotonic() - _last_flush >= settings.SEARCH_LOG_FLUSH_SECONDS
    if due:
        flush_search_log()


def flush_search_log() -> None:
    """Write the searches counted so far to the report's table."""
    global _last_flush
    with _lock:
        searches, zero_results = dict(_searches), dict(_zero_results)
        _searches.clear()
        _zero_results.clear()
        _last_flush = time.monotonic()
    for key, count in searches.items():
        try:
            _add(key, count, zero_results.get(key, 0))
        except Exception:
            logger.exception("Could not record %s searches for %r", count, key[0])


def _add(key: Key, searches: int, zero_results: int) -> None:
    query_string, kind, day = key
    rows = SearchLog.objects.filter(query_string=query_string, kind=kind, date=day)
    more = {"searches": F("searches") + searches, "zero_result_searches": F("zero_result_searches") + zero_results}
    if rows.update(**more):
        return
    try:
        with transaction.atomic():
            SearchLog.objects.create(
                query_string=query_string, kind=kind, date=day, searches=searches, zero_result_searches=zero_results
            )
    except IntegrityError:  # another process created the day's row first
        rows.update(**more)


atexit.register(flush_search_log)
