"""The JSON endpoints under arbitrary input: a 200 with the documented shape, or a 400 that says, per
field, what to fix — never an HTML error page, and never a suggestion URL a script could abuse."""

import json
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.hostile.content import listed_therapist
from tests.hostile.public_urls import KNOWN_PARAMETERS
from tests.hostile.strategies import pairs

pytestmark = pytest.mark.django_db

FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def directory_content(public_content):
    from articles.models import Condition

    sciatica = Condition.objects.get(slug="sciatica")
    listed_therapist(public_content.directory, "Scia Tica <b>", slug="scia-tica", conditions=[sciatica])
    return public_content


def get_json(client, url: str, query: list[tuple[str, str]]):
    response = client.get(url + "?" + urlencode(query))
    assert response["Content-Type"].startswith("application/json"), (query, response.status_code)
    return response.status_code, json.loads(response.content)


@FUZZ
@given(query=pairs)
@example(query=[("radius", "-5")])
@example(query=[("lat", "91"), ("lng", "0")])
@example(query=[("lat", "nan"), ("lng", "inf")])
@example(query=[("page", "9" * 30)])
@example(query=[("q", "sciatica"), ("near", "Toronto"), ("sort", "distance")])
def test_directory_search_json_answers_200_or_a_400_naming_each_field(client, directory_content, query):
    status, body = get_json(client, reverse("directory_search_json"), query)
    assert status in (200, 400), (query, status)
    if status == 200:
        assert isinstance(body["hits"], list)
        assert isinstance(body["total"], int)
    else:
        errors = body["errors"]
        assert errors and set(errors) <= set(KNOWN_PARAMETERS), errors
        assert all(messages and all(isinstance(m, str) and m.strip() for m in messages) for messages in errors.values())


def test_bad_directory_queries_get_400s_with_reasons(client, directory_content):
    for query, field in [
        ([("radius", "-5")], "radius"),
        ([("lat", "91"), ("lng", "0")], "lat"),
        ([("max_fee", "lots")], "max_fee"),
        ([("sort", "sideways")], "sort"),
        ([("page", "0")], "page"),
        ([("q", "x" * 5000)], "q"),
    ]:
        status, body = get_json(client, reverse("directory_search_json"), query)
        assert status == 400, query
        assert field in body["errors"], (query, body)


@FUZZ
@given(text=st.text(max_size=60))
@example(text="sci")
@example(text="Scia")
@example(text="Tor")
@example(text="javascript:alert(1)")
def test_autocomplete_suggestions_only_ever_link_within_the_site(client, directory_content, text):
    status, suggestions = get_json(client, reverse("search_autocomplete"), [("q", text.replace("\x00", ""))])
    assert status == 200
    assert isinstance(suggestions, list)
    for suggestion in suggestions:
        assert {"label", "kind", "url"} <= set(suggestion)
        # search.js does `location.href = item.url`: only same-site paths may ever get there.
        assert suggestion["url"].startswith("/") and not suggestion["url"].startswith("//"), suggestion


def test_autocomplete_finds_what_the_examples_expect(client, directory_content):
    _, suggestions = get_json(client, reverse("search_autocomplete"), [("q", "Scia")])
    kinds = {suggestion["kind"] for suggestion in suggestions}
    assert "condition" in kinds
