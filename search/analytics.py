"""Recording searches for the admin report (one row per query, box and day)."""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from search.models import SearchLog

logger = logging.getLogger(__name__)


def normalize_query(text: str) -> str:
    return " ".join(text.lower().split())[:255]


def record_search(text: str, total: int, kind: str) -> None:
    """Count one search; never lets a logging problem reach the person searching."""
    query_string = normalize_query(text)
    if not query_string:
        return
    today = timezone.localdate()
    zero = 1 if total == 0 else 0
    try:
        rows = SearchLog.objects.filter(query_string=query_string, kind=kind, date=today)
        if not rows.update(searches=F("searches") + 1, zero_result_searches=F("zero_result_searches") + zero):
            try:
                with transaction.atomic():
                    SearchLog.objects.create(
                        query_string=query_string, kind=kind, date=today, searches=1, zero_result_searches=zero
                    )
            except IntegrityError:  # another request created today's row first
                rows.update(searches=F("searches") + 1, zero_result_searches=F("zero_result_searches") + zero)
    except Exception:
        logger.exception("Could not record a search")
