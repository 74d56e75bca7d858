"""What API clients expect of HTTP: conditional GETs, CORS, a rate limit, problems, paging, a schema."""

from urllib.parse import quote

import pytest
from django.utils.http import parse_http_date
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from articles.models import Condition

pytestmark = pytest.mark.django_db


@pytest.fixture
def conditions(db):
    return [Condition.objects.create(name=f"Condition {n:02d}", slug=f"condition-{n:02d}") for n in range(25)]


def test_etag_and_if_none_match(client, conditions):
    first = client.get("/api/v1/conditions/")
    assert first.status_code == 200 and first["ETag"].startswith('"')
    again = client.get("/api/v1/conditions/", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]
    Condition.objects.filter(slug="condition-00").update(name="Renamed")
    changed = client.get("/api/v1/conditions/", headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def test_last_modified_is_when_this_answer_was_first_given(client, conditions):
    first = client.get("/api/v1/conditions/")
    since = first["Last-Modified"]
    assert client.get("/api/v1/conditions/", headers={"If-Modified-Since": since}).status_code == 304
    # A changed answer is modified after any date the client holds, even one later than the
    # first answer's: the moment restarts with the new answer.
    Condition.objects.filter(slug="condition-00").update(name="Renamed")
    changed = client.get("/api/v1/conditions/", headers={"If-Modified-Since": since})
    assert changed.status_code == 200
    assert parse_http_date(changed["Last-Modified"]) > parse_http_date(since)
    again = client.get("/api/v1/conditions/", headers={"If-Modified-Since": changed["Last-Modified"]})
    assert again.status_code == 304


def test_pages_have_totals_and_absolute_links(client, conditions):
    first = client.get("/api/v1/conditions/").json()
    assert (first["count"], first["page"], first["page_count"], len(first["results"])) == (25, 1, 2, 20)
    assert first["next"] == "http://testserver/api/v1/conditions/?page=2" and first["previous"] is None
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 5 and second["next"] is None
    assert second["previous"] == "http://testserver/api/v1/conditions/"
    assert {c["slug"] for c in first["results"] + second["results"]} == {c.slug for c in conditions}
    assert client.get("/api/v1/conditions/?page=9").json()["results"] == []
    problem = client.get("/api/v1/conditions/?page=x").json()
    assert problem["errors"] == [{"parameter": "page", "detail": "Page must be a whole number from 1 to 10000."}]


def test_ids_are_stable_and_urls_absolute(client, conditions):
    condition = conditions[3]
    term = client.get(f"/api/v1/conditions/{condition.slug}/").json()
    assert term["id"] == condition.pk and term["url"] == f"http://testserver/api/v1/conditions/{condition.pk}/"
    assert term["therapists_url"] == "http://testserver/api/v1/therapists/?condition=condition-03"
    condition.slug = "renamed"
    condition.save()
    assert client.get(term["url"]).json()["slug"] == "renamed"


def test_cors_allows_gets_from_anywhere_under_the_api_only(client, conditions):
    response = client.get("/api/v1/conditions/", headers={"Origin": "https://clinic.example"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = client.options(
        "/api/v1/conditions/",
        headers={
            "Origin": "https://clinic.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )
    assert preflight.status_code == 200
    methods = preflight["Access-Control-Allow-Methods"]
    assert "GET" in methods and "POST" not in methods
    assert "if-none-match" in preflight["Access-Control-Allow-Headers"]
    assert not client.get("/robots.txt", headers={"Origin": "https://clinic.example"}).has_header(
        "Access-Control-Allow-Origin"
    )


def test_rate_limit_per_client_address(client, settings, conditions):
    settings.API_RATE_LIMIT = (3, 60)
    for _ in range(3):
        assert client.get("/api/v1/conditions/").status_code == 200
    limited = client.get("/api/v1/techniques/")
    assert limited.status_code == 429
    assert 0 < int(limited["Retry-After"]) <= 60
    assert limited["Content-Type"] == "application/problem+json"
    assert limited.json()["status"] == 429
    # Another address has its own allowance.
    assert client.get("/api/v1/conditions/", REMOTE_ADDR="203.0.113.9").status_code == 200


def test_errors_are_problems(client, db):
    missing = client.get("/api/v1/therapists/999999/")
    assert missing.status_code == 404 and missing["Content-Type"] == "application/problem+json"
    assert missing.json()["instance"] == "/api/v1/therapists/999999/"
    nowhere = client.get("/api/v2/anything")
    assert nowhere.status_code == 404 and nowhere["Content-Type"] == "application/problem+json"
    refused = client.post("/api/v1/conditions/")
    assert refused.status_code == 405 and refused.json()["title"] == "Method Not Allowed"
    # No session, no cookie: nothing an API answer could leak or forge.
    assert not client.get("/api/v1/").cookies


@pytest.mark.parametrize("bad", ["\x00", "sciatica\x00", "a b", "<script>", "x/y"])
def test_a_slug_that_cannot_be_one_is_refused_before_the_database_sees_it(client, db, bad):
    # PostgreSQL refuses NUL bytes with an error of its own: that must never become a 500.
    listed = client.get("/api/v1/articles/", {"condition": bad})
    assert listed.status_code == 400
    assert [error["parameter"] for error in listed.json()["errors"]] == ["condition"]
    assert client.get(f"/api/v1/conditions/{quote(bad, safe='')}/").status_code == 404


def test_the_schema_is_valid_openapi_and_only_the_public_api(client, db):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    assert all(path.startswith("/api/v1/") for path in schema["paths"])
    served = client.get("/api/v1/schema/")
    assert served.status_code == 200 and served.json()["openapi"].startswith("3.")
    assert set(served.json()["paths"]) == set(schema["paths"])


def test_the_docs_page_is_served_from_the_site_under_its_policy(client, site_tree):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert 'data-schema-url="/api/v1/schema/"' in html
    assert "<script>" not in html and "<style" not in html and "style=" not in html  # nothing inline
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert 'href="/api/v1/docs/"' in client.get("/").content.decode()  # the footer links it


def test_taxonomy_terms_carry_their_synonyms_and_symptoms(client, db):
    Condition.objects.create(
        slug="sciatica",
        name="Sciatica",
        synonyms="sciatic nerve pain\nlumbar radiculopathy",
        symptoms="shooting pain down my leg\ndouleur dans la jambe",
    )
    body = client.get("/api/v1/conditions/sciatica/").json()
    assert body["synonyms"] == ["sciatic nerve pain", "lumbar radiculopathy"]
    assert body["symptoms"] == ["shooting pain down my leg", "douleur dans la jambe"]
