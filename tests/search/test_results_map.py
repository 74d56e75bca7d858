"""The directory search page's map data: the page's own hits at their clinics, embedded as JSON (no inline
script), the searched place and radius, nothing when no hit can be mapped, and no query of its own."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory.geocoding import get_geocoder
from directory.models import Clinic
from search.geo import haversine_km
from tests.hostile.content import listed_therapist

pytestmark = pytest.mark.django_db

MAP_DATA = re.compile(r'<script id="results-map-data" type="application/json">(.*?)</script>', re.S)


def search(client, querystring: str):
    response = client.get(f"{reverse('directory_search')}?{querystring}")
    assert response.status_code == 200
    return response.content.decode()


def map_data(html: str) -> dict | None:
    match = MAP_DATA.search(html)
    return json.loads(match.group(1)) if match else None


def listed_ids(html: str) -> list[int]:
    """The result list's therapists, in page order (the list items the map's markers point to)."""
    return [int(pk) for pk in re.findall(r'data-therapist-id="(\d+)"', html)]


def clinic_points(therapist_id: int) -> list[dict]:
    return [
        {"lat": lat, "lng": lng, "city": city}
        for lat, lng, city in Clinic.objects.filter(therapist_id=therapist_id, latitude__isnull=False)
        .order_by("sort_order", "pk")
        .values_list("latitude", "longitude", "city")
    ]


def test_with_a_place_each_hit_is_mapped_at_its_nearest_clinic_with_the_radius(client, directory):
    html = search(client, "q=back+pain&near=Ottawa&radius=500&sort=distance")
    data = map_data(html)
    ottawa = get_geocoder().geocode("Ottawa")
    assert data["place"] == {
        "lat": ottawa.latitude,
        "lng": ottawa.longitude,
        "radius_km": 500.0,
        "label": ottawa.label,
    }
    # Exactly the page's hits, in list order, each once.
    assert [hit["id"] for hit in data["hits"]] == listed_ids(html)
    assert len(data["hits"]) > 1
    for hit in data["hits"]:
        clinics = clinic_points(hit["id"])
        nearest = min(clinics, key=lambda c: haversine_km(ottawa.latitude, ottawa.longitude, c["lat"], c["lng"]))
        assert hit["points"] == [nearest]  # the clinic whose city and distance the card shows
    # Chloé works in Montreal and Ottawa: searched from Ottawa, the map shows her Ottawa clinic.
    chloe = next(hit for hit in data["hits"] if hit["id"] == directory.id("Chloé Tremblay"))
    assert [point["city"] for point in chloe["points"]] == ["Ottawa"]
    # Embedded as data for static/js/results_map.js, which is loaded with Leaflet; no inline script.
    assert 'data-markers="results-map-data"' in html
    assert "vendor/leaflet/leaflet.js" in html and "js/results_map.js" in html
    assert "<script>" not in html


def test_without_a_place_each_hit_is_mapped_at_every_clinic(client, directory):
    html = search(client, "technique=swedish")
    data = map_data(html)
    assert data["place"] is None
    assert [hit["id"] for hit in data["hits"]] == listed_ids(html)
    for hit in data["hits"]:
        assert hit["points"] == clinic_points(hit["id"])
    chloe = next(hit for hit in data["hits"] if hit["id"] == directory.id("Chloé Tremblay"))
    assert [point["city"] for point in chloe["points"]] == ["Montreal", "Ottawa"]


def test_a_therapist_without_coordinates_is_listed_but_not_mapped(client, site_tree):
    mapped = listed_therapist(site_tree.directory, "Mapped Person", slug="mapped-person")
    unmapped = listed_therapist(
        site_tree.directory, "Unmapped Person", slug="unmapped-person", clinics=({"city": "Xyzzyville"},)
    )
    html = search(client, "q=sciatica")
    assert sorted(listed_ids(html)) == sorted([mapped.pk, unmapped.pk])
    assert [hit["id"] for hit in map_data(html)["hits"]] == [mapped.pk]


def test_no_map_without_a_hit_to_show_on_it(client, site_tree):
    html = search(client, "q=sciatica")  # an empty directory: nothing found, even relaxed
    assert "No listed therapist matches" in html
    assert map_data(html) is None
    assert "results-map" not in html and "leaflet" not in html

    unmapped = listed_therapist(
        site_tree.directory, "Unmapped Person", slug="unmapped-person", clinics=({"city": "Xyzzyville"},)
    )
    html = search(client, "q=sciatica")  # found, but nowhere to put a marker
    assert listed_ids(html) == [unmapped.pk]
    assert map_data(html) is None
    assert "results-map" not in html and "leaflet" not in html


def test_the_map_costs_no_query(client, directory, settings):
    settings.PAGE_CACHE_ENABLED = False  # the cost of rendering a search; a cached answer costs none
    querystring = "q=sciatica&near=Toronto&radius=500&sort=distance"
    search(client, querystring)  # warm per-process caches and create today's log row
    with CaptureQueriesContext(connection) as queries:
        html = search(client, querystring)
    assert len(map_data(html)["hits"]) == len(listed_ids(html)) > 5
    # As many as the page takes without a map: the coordinates come with the clinics' cities, in the
    # one query that fills every card's place (search.presentation.add_places). 9: the site, its
    # settings and menu come from the cache (home/sites.py), what the text and the place matched is
    # kept from the first search (search.backends.bitmaps.DirectoryBitmaps.remember), and why each
    # therapist matched reuses the cards' tags (search.match_reasons).
    assert len(queries) == 9, "\n".join(query["sql"] for query in queries.captured_queries)
