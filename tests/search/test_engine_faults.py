"""Engine faults: every public search page answers when the engine refuses, hangs or errs; the shared
circuit breaker stops the site from trying a failing engine; the client speaks each major's dialect.

The misbehaving engines are local servers (fault_servers.py); nothing here measures time: whether
the site still tries the engine is read from the connections the server accepted.
"""

import logging

import pytest
from django.core.cache import cache
from django.utils import timezone
from wagtail.search.backends import get_search_backend

from articles.models import ArticlePage, Person
from search.backends.engine import ElasticsearchClient, OpenSearchClient
from search.backends.engine.breaker import CircuitBreaker, engine_breaker
from search.query import DirectoryQuery
from search.service import search_directory
from search.views import ARTICLE_FALLBACK_NOTICE
from tests.search.fault_servers import HangingServer, RecordingServer

pytestmark = pytest.mark.django_db

PUBLIC_SEARCHES = [
    "/search/?q=sciatica",
    "/search/?q=massage&page=2",
    "/search/therapists/?q=sciatica",
    "/search/therapists.json?q=sciatica",
    "/search/autocomplete/?q=sci",
]


def point_engine_at(settings, url: str, *, failures: int = 3) -> None:
    """Both searches on one engine at ``url``, as config.settings.base builds them."""
    settings.SEARCH_ENGINE = "opensearch"
    settings.SEARCH_URL = url
    settings.SEARCH_TIMEOUT = 0.3
    settings.SEARCH_BREAKER_FAILURES = failures
    settings.SEARCH_BREAKER_COOL_OFF = 30
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "wagtail.search.backends.opensearch3", "URLS": [url], "TIMEOUT": 0.3}
    }


@pytest.fixture
def article(site_tree):
    # Created before the engine is pointed anywhere: publishing indexes through the database back end.
    page = ArticlePage(
        title="Massage for sciatica: what helps",
        summary="What a massage therapist can and cannot do for sciatica.",
        medical_reviewer=Person.objects.create(name="Dr Ada Example"),
        last_reviewed=timezone.localdate(),
    )
    site_tree.articles.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.mark.parametrize("fault", ["refused", "hang", "503"])
def test_every_public_search_answers_whatever_the_engine_does(settings, directory, article, client, fault):
    server = {"refused": None, "hang": HangingServer, "503": lambda: RecordingServer(status=503)}[fault]
    engine = server() if server else None
    # Port 9 (discard) has no listener on our machines: connection refused.
    point_engine_at(settings, engine.url if engine else "http://127.0.0.1:9", failures=100)
    try:
        for path in PUBLIC_SEARCHES:
            response = client.get(path)
            assert response.status_code == 200, path
        site = client.get("/search/?q=sciatica").content.decode()
        assert ARTICLE_FALLBACK_NOTICE in site
        assert "Massage for sciatica: what helps" in site  # found by title, not by the engine
        assert "results may be incomplete" in site  # the therapists part fell back too
        data = client.get("/search/therapists.json?q=sciatica").json()
        assert data["total"] == 7 and data["notices"]
        if engine:
            assert engine.connections > 0  # the engine really was asked, and failed
    finally:
        if engine:
            engine.close()


def test_a_misspelt_site_search_is_corrected_for_both_parts_while_the_engine_is_down(
    settings, directory, article, client
):
    point_engine_at(settings, "http://127.0.0.1:9", failures=100)
    page = client.get("/search/?q=sciatca").content.decode()
    assert "Showing results for <strong>sciatica</strong>" in page
    assert ARTICLE_FALLBACK_NOTICE in page
    assert "Massage for sciatica: what helps" in page  # the titles fallback searched the corrected word
    assert "results may be incomplete" in page and "Treats Sciatica" in page  # so did the therapists'


def test_the_site_search_uses_the_engine_when_it_answers(settings, article, client):
    engine = RecordingServer(status=200)
    point_engine_at(settings, engine.url)
    try:
        page = client.get("/search/?q=sciatica").content.decode()
    finally:
        engine.close()
    assert ARTICLE_FALLBACK_NOTICE not in page
    assert any("_search" in path for _, path, _ in engine.requests)


def test_a_hung_engine_opens_the_breaker_and_the_site_stops_trying_it(settings, directory, client, caplog):
    engine = HangingServer()
    point_engine_at(settings, engine.url, failures=3)
    try:
        with caplog.at_level(logging.WARNING, logger="search"):
            for _ in range(3):
                assert client.get("/search/therapists.json?q=sciatica").status_code == 200
        assert engine_breaker().is_open
        assert "skipping it for 30" in caplog.text
        tried = engine.connections
        for path in PUBLIC_SEARCHES * 3:
            assert client.get(path).status_code == 200, path
        assert engine.connections == tried  # nobody waits on the hung engine while the breaker is open
        results = search_directory(DirectoryQuery(text="sciatica"))
        assert results.total == 7 and results.notices  # answered from the database, and says so
    finally:
        engine.close()


def test_after_the_cool_off_one_probe_closes_the_breaker_when_the_engine_is_back(settings, directory):
    point_engine_at(settings, "http://127.0.0.1:9", failures=2)
    for _ in range(2):
        search_directory(DirectoryQuery(text="sciatica"))
    breaker = engine_breaker()
    assert breaker.is_open
    cache.delete(breaker._open_key)  # the cool-off has passed
    engine = RecordingServer(status=200)
    point_engine_at(settings, engine.url, failures=2)
    try:
        results = search_directory(DirectoryQuery(text="sciatica"))
    finally:
        engine.close()
    assert engine.connections == 1  # the probe
    assert results.notices == []  # the engine's (empty) answer, not the database's
    assert not engine_breaker().is_open
    assert engine_breaker().allows()


def test_half_open_lets_exactly_one_caller_probe():
    breaker = CircuitBreaker("probe-test", failures=2, cool_off=30)
    breaker.record_failure()
    assert breaker.allows()  # one failure: still closed
    breaker.record_failure()
    assert not breaker.allows()  # open
    cache.delete(breaker._open_key)  # cool-off over
    assert [breaker.allows() for _ in range(3)] == [True, False, False]
    breaker.record_failure()  # the probe failed: open again
    assert breaker.is_open and not breaker.allows()


def test_a_broken_cache_never_stops_search(settings, monkeypatch):
    breaker = CircuitBreaker("cache-down", failures=1, cool_off=30)

    def refuse(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get", refuse)
    monkeypatch.setattr(cache, "add", refuse)
    assert breaker.allows()
    breaker.record_failure()  # logged, not raised
    breaker.record_success()


def test_the_elasticsearch_client_speaks_8_which_elasticsearch_8_and_9_accept():
    engine = RecordingServer(product="Elasticsearch")
    try:
        ElasticsearchClient.for_url(engine.url, timeout=2).search("relieve_directory", {"query": {"match_all": {}}})
    finally:
        engine.close()
    (_, path, headers) = engine.requests[-1]
    assert path.startswith("/relieve_directory/_search")
    # An 8.x server refuses compatible-with=9 (HTTP 400); 8 is accepted by 8.x and 9.x servers.
    assert headers["accept"] == "application/vnd.elasticsearch+json; compatible-with=8"
    assert headers["content-type"] == "application/vnd.elasticsearch+json; compatible-with=8"


def test_wagtails_editorial_search_uses_the_same_elasticsearch_client(settings):
    engine = RecordingServer(product="Elasticsearch")
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "wagtail.search.backends.elasticsearch8", "URLS": [engine.url], "TIMEOUT": 2}
    }
    try:
        list(get_search_backend().search("sciatica", ArticlePage))
    finally:
        engine.close()
    assert engine.requests
    assert {headers["accept"] for _, _, headers in engine.requests} == {
        "application/vnd.elasticsearch+json; compatible-with=8"
    }


def test_the_opensearch_client_sends_plain_json_which_opensearch_2_and_3_accept():
    engine = RecordingServer()
    try:
        OpenSearchClient.for_url(engine.url, timeout=2).search("relieve_directory", {"query": {"match_all": {}}})
    finally:
        engine.close()
    (_, path, headers) = engine.requests[-1]
    assert path.startswith("/relieve_directory/_search")
    assert "compatible-with" not in headers.get("accept", "")
    assert headers["content-type"] == "application/json"


def test_one_request_waits_on_a_hung_engine_at_most_once(settings, directory, client):
    engine = HangingServer()
    point_engine_at(settings, engine.url, failures=100)  # the breaker stays closed throughout
    try:
        # Nothing matches, so the page also counts wider searches (a larger radius, each filter dropped):
        # several engine calls, each of which would wait out the timeout.
        response = client.get("/search/therapists/?q=zzqqxx+sciatica&near=Toronto&radius=5&accepting=1&language=fr")
        assert response.status_code == 200
        assert engine.connections == 1
        assert client.get("/search/?q=sciatica").status_code == 200
        assert engine.connections == 2  # each request may try once; beyond that the breaker decides
    finally:
        engine.close()
