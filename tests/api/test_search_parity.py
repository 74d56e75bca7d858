"""The API's therapist search is the directory search: the same therapists in the same order as
/search/therapists.json, for every case of the search contract."""

import pytest
from django.db import transaction

from home import site_tree
from tests.contract.dataset import build_directory
from tests.contract.test_contract import CASES, MUST_RANK_FIRST

pytestmark = pytest.mark.django_db

QUERIES = [(case, params) for case, params, _ in CASES] + [(case, params) for case, params, _ in MUST_RANK_FIRST]


@pytest.fixture(scope="module")
def directory(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_directory(site_tree.ensure_site_tree())
        transaction.set_rollback(True)


@pytest.mark.parametrize(("case", "params"), QUERIES, ids=[case for case, _ in QUERIES])
def test_same_therapists_in_the_same_order_as_the_site(client, directory, case, params):
    site = client.get(f"/search/therapists.json?{params}")
    api = client.get(f"/api/v1/therapists/?{params}")
    assert site.status_code == api.status_code == 200
    site, api = site.json(), api.json()
    assert [hit["id"] for hit in api["results"]] == [hit["id"] for hit in site["hits"]]
    assert api["count"] == site["total"]
    assert api["facets"] == site["facets"]
    assert [hit["distance_km"] for hit in api["results"]] == [hit["distance_km"] for hit in site["hits"]]


@pytest.mark.parametrize(
    ("querystring", "parameter"),
    [("lat=91&lng=0", "lat"), ("radius=0", "radius"), ("sort=price", "sort"), ("near=Nowhereville+Xyz", "near")],
)
def test_bad_parameters_are_refused_as_the_site_refuses_them(client, directory, querystring, parameter):
    site = client.get(f"/search/therapists.json?{querystring}").json()
    api = client.get(f"/api/v1/therapists/?{querystring}")
    assert api.status_code == 400
    assert api["Content-Type"] == "application/problem+json"
    problem = api.json()
    assert problem["status"] == 400
    assert [e["parameter"] for e in problem["errors"]] == sorted(site["errors"]) == [parameter]
    assert problem["errors"][0]["detail"] == " ".join(site["errors"][parameter])


def test_one_message_per_bad_parameter(client, directory):
    problem = client.get("/api/v1/therapists/?lat=abc&lng=500&page=0&accepting=maybe").json()
    assert [e["parameter"] for e in problem["errors"]] == ["accepting", "lat", "lng", "page"]
    assert all(e["detail"] for e in problem["errors"])


def test_pages_link_to_each_other_with_absolute_urls(client, directory):
    first = client.get("/api/v1/therapists/?sort=name").json()
    assert first["count"] == 13 and first["page_count"] == 1 and first["next"] is None
    # The directory search pages by 20; a page past the end is empty, and links back.
    past = client.get("/api/v1/therapists/?sort=name&page=3").json()
    assert past["results"] == [] and past["previous"] == "http://testserver/api/v1/therapists/?sort=name"
