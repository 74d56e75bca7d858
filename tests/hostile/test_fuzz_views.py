"""Arbitrary query strings against every public URL: never a server error; JSON stays JSON.

Each generated query string is sent to *every* public URL (see public_urls.py), so each view sees
the same hostile inputs. Keys are drawn from the parameters our views read as well as arbitrary
text; values include control characters, NUL bytes, invalid UTF-8, huge and non-finite numbers,
very long strings and repeated keys. Examples are bounded to keep the suite quick on two cores.
"""

import json
from urllib.parse import quote, quote_plus

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.hostile.markup import assert_inert
from tests.hostile.public_urls import KNOWN_PARAMETERS, PublicUrl, public_urls
from tests.hostile.strategies import pairs

pytestmark = pytest.mark.django_db


def encode(pairs: list[tuple[str, str]]) -> str:
    return "&".join(f"{quote_plus(key)}={quote_plus(value)}" for key, value in pairs)


def raw_bytes_query(chunks: list[bytes]) -> str:
    """Percent-encoded arbitrary bytes: invalid UTF-8 the way a broken client sends it."""
    return "&".join(f"{KNOWN_PARAMETERS[i % len(KNOWN_PARAMETERS)]}={quote(chunk)}" for i, chunk in enumerate(chunks))


def check_response(url: PublicUrl, response, query: str) -> None:
    where = f"GET {url.path}?{query[:300]}"
    assert response.status_code < 500, f"{where} -> {response.status_code}"
    content_type = response.get("Content-Type", "")
    if content_type.startswith("application/json"):
        # JSON endpoints answer bad input with a 400 that is still JSON, never an HTML error page.
        body = json.loads(response.content)
        if response.status_code == 400:
            assert isinstance(body, dict) and body, f"{where}: a 400 without an explanation: {body!r}"
    elif content_type.startswith("text/html") and response.status_code == 200:
        assert_inert(response.content.decode(), where)


@pytest.fixture
def urls(client, public_content) -> list[PublicUrl]:
    found = public_urls()
    # Every URL answers a plain request first, so a failure below is about the query string.
    for url in found:
        response = client.get(url.path)
        assert response.status_code < 500, f"{url} fails even without parameters"
    return found


def test_the_public_urls_are_discovered(urls):
    paths = {url.path for url in urls}
    assert {"/", "/articles/", "/articles/sciatica-explained/", "/therapists/", "/robots.txt", "/sitemap.xml"} <= paths
    assert {"/articles/feed/", "/articles/feed/atom/", "/therapists/dana-example/"} <= paths


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=pairs)
@example(query=[("q", "0"), ("page", ":")])
@example(query=[("q", "sciatica")] * 500)
@example(query=[("page", "9" * 400), ("radius", "-1"), ("lat", "91"), ("lng", "-181"), ("max_fee", "nan")])
@example(query=[("q", "x" * 100_000)])
@example(query=[("lat", "inf"), ("lng", "1e999"), ("sort", "distance"), ("near", "\x00")])
def test_arbitrary_query_strings_never_cause_a_server_error(client, urls, query):
    encoded = encode(query)
    for url in urls:
        check_response(url, client.get(f"{url.path}?{encoded}"), encoded)


@pytest.mark.parametrize("value", ["\x00", "sciatica\x00near"])
def test_a_nul_byte_in_any_parameter_never_reaches_the_database(client, urls, value):
    # Found by the fuzzer, once, on PostgreSQL only: psycopg refuses NUL bytes, so any parameter
    # that reaches a query unchecked is a 500 there. Every parameter, every URL, every time.
    for url in urls:
        for name in KNOWN_PARAMETERS:
            query = encode([(name, value)])
            check_response(url, client.get(f"{url.path}?{query}"), query)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chunks=st.lists(st.binary(min_size=1, max_size=30), min_size=1, max_size=6))
@example(chunks=[b"\xff\xfe", b"\xc0\xaf", b"\xed\xa0\x80", b"\x00"])
def test_invalid_utf8_never_causes_a_server_error(client, urls, chunks):
    query = raw_bytes_query(chunks)
    for url in urls:
        check_response(url, client.get(f"{url.path}?{query}"), query)


@pytest.fixture
def signed_in_therapist(client, public_content, groups):
    """The same client, signed in as a therapist who owns a listed profile (the portal's own views)."""
    from tests.portal.conftest import make_account, make_profile

    account = make_account("fuzz@example.org")
    make_profile(public_content.directory, account, title="Fuzz Tester", number="F-0001")
    client.force_login(account)
    return client


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=pairs)
@example(query=[("q", "Toronto"), ("country", "\x00"), ("postcode", "9" * 400)])
def test_signed_in_portal_views_never_cause_a_server_error(signed_in_therapist, urls, query):
    encoded = encode(query)
    portal = [url for url in urls if url.path.startswith(("/portal/", "/accounts/"))]
    assert any(url.path == "/portal/profile/" for url in portal)
    for url in portal:
        check_response(url, signed_in_therapist.get(f"{url.path}?{encoded}"), encoded)


@pytest.mark.parametrize("payload", ['"><script>window.__pwned=1</script>', "'><svg onload=window.__pwned=2>"])
def test_query_values_are_never_reflected_as_markup(client, urls, payload):
    query = encode([(name, payload) for name in KNOWN_PARAMETERS])
    for url in urls:
        check_response(url, client.get(f"{url.path}?{query}"), query)
