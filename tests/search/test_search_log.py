"""The search report counts every search made, including those the page cache answers, and writes
its counts in batches (search/analytics.py)."""

import pytest
from django.urls import reverse

from search.analytics import flush_search_log, record_search
from search.models import SearchLog

pytestmark = pytest.mark.django_db


def logged(query: str, kind: str = "directory") -> tuple[int, int]:
    row = SearchLog.objects.filter(query_string=query, kind=kind).first()
    return (row.searches, row.zero_result_searches) if row else (0, 0)


def test_a_search_answered_from_the_page_cache_is_still_counted(client, shared_directory, settings):
    settings.PAGE_CACHE_ENABLED = True
    url = f"{reverse('directory_search')}?q=sciatica&near=Toronto"
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
    assert client.get(url)["X-Page-Cache"] == "hit"
    assert logged("sciatica") == (3, 0)
    nothing = f"{reverse('directory_search')}?q=zzzqqq"
    client.get(nothing)
    assert client.get(nothing)["X-Page-Cache"] == "hit"
    assert logged("zzzqqq") == (2, 2)


def test_an_empty_search_page_is_not_counted_even_from_the_cache(client, shared_directory, settings):
    settings.PAGE_CACHE_ENABLED = True
    client.get(reverse("directory_search"))
    assert client.get(reverse("directory_search"))["X-Page-Cache"] == "hit"
    assert not SearchLog.objects.exists()


def test_counts_wait_in_memory_until_the_flush_interval_has_passed(settings):
    settings.SEARCH_LOG_FLUSH_SECONDS = 3600
    flush_search_log()  # starts the interval now
    record_search("Sciatica", 4, "directory")
    record_search("  sciatica ", 0, "directory")
    record_search("sciatica", 2, "site")
    assert not SearchLog.objects.exists()
    flush_search_log()
    assert logged("sciatica") == (2, 1)
    assert logged("sciatica", "site") == (1, 0)
    record_search("sciatica", 0, "directory")
    flush_search_log()
    assert logged("sciatica") == (3, 2)  # added to the day's row, not a second row
    assert SearchLog.objects.count() == 2
