"""Searching the directory near a postcode: Canadian and UK ones as well as US ZIP codes."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from directory.geocoding import get_geocoder
from directory.models import Clinic, Registration, Regulator, TherapistPage
from home import site_tree as skeleton
from search.text import invalidate_vocabulary
from tests.contract.dataset import build_directory

pytestmark = pytest.mark.django_db

TORONTO = {"Ana Silva", "David Chen", "Farah Khan", "Gabriel Santos", "Lucia Fernandes"}
VANCOUVER = {"Isaac Brown", "Kenji Sato"}
LONDON = "Olivia Hughes"


def add_london_therapist(site_tree) -> None:
    """One therapist in London, at the gazetteer's London, beside the contract directory (Canada)."""
    london = get_geocoder().geocode("London, GB")
    page = TherapistPage(title=LONDON, designation="MSTA", bio="<p>Sports massage in Westminster.</p>")
    page.clinics.add(
        Clinic(
            city="London",
            country="GB",
            latitude=london.latitude,
            longitude=london.longitude,
            location_source="gazetteer",
        )
    )
    site_tree.directory.add_child(instance=page)
    Registration.objects.create(
        therapist=page,
        regulator=Regulator.objects.create(name="Massage Therapists' Register", jurisdiction="United Kingdom"),
        number="UK0001",
        status="verified",
        expires_on=timezone.localdate() + datetime.timedelta(days=365),
    )
    page.save_revision().publish()
    invalidate_vocabulary()


@pytest.fixture(scope="module")
def directory_with_london(django_db_setup, django_db_blocker):
    """Built once for the module's tests, which only read it."""
    with django_db_blocker.unblock(), transaction.atomic():
        site_tree = skeleton.ensure_site_tree()
        directory = build_directory(site_tree)
        add_london_therapist(site_tree)
        yield directory
        transaction.set_rollback(True)
    invalidate_vocabulary()  # a rollback sends no signal: the cached vocabulary still names London


def search_json(client, querystring: str):
    return client.get(f"{reverse('directory_search_json')}?{querystring}")


def names(response) -> set[str]:
    return {hit["name"] for hit in response.json()["hits"]}


@pytest.mark.parametrize("near", ["M5V 2T6", "m5v2t6", "M5V"])
def test_canadian_postcode_finds_toronto_therapists(client, directory_with_london, near):
    response = search_json(client, f"near={near}&radius=10")
    assert response.status_code == 200
    assert names(response) == TORONTO
    assert response.json()["place"] == "M5V (Downtown Toronto), Ontario, CA"


def test_vancouver_postcode(client, directory_with_london):
    assert names(search_json(client, "near=V6B+1A1&radius=10")) == VANCOUVER


@pytest.mark.parametrize("near", ["SW1A 1AA", "sw1a1aa", "SW1A"])
def test_uk_postcode_finds_london_therapists(client, directory_with_london, near):
    response = search_json(client, f"near={near}&radius=25")
    assert response.status_code == 200
    assert names(response) == {LONDON}


def test_page_says_a_full_postcode_was_placed_near_its_outward_code(client, directory_with_london):
    html = client.get(f"{reverse('directory_search')}?near=SW1A+1AA&radius=25").content.decode()
    assert LONDON in html
    assert "within 25 km of SW1A (" in html
    assert "Showing results near SW1A" in html
    outward = search_json(client, "near=SW1A&radius=25").json()
    assert not any("Showing results near" in notice for notice in outward["notices"])


@pytest.mark.parametrize(
    ("near", "message"),
    [
        ("2000", "looks like a postcode from a country we have no postcode data for"),
        ("D02 X285", "we can place postcodes in Canada, the UK and the US only"),
        ("ZZ9 9ZZ", "We couldn’t find the UK postcode “ZZ9 9ZZ”"),
        ("Z9Z 9Z9", "We couldn’t find the Canadian postal code “Z9Z 9Z9”"),
    ],
)
def test_postcode_we_cannot_place_is_said_plainly(client, directory_with_london, near, message):
    response = client.get(reverse("directory_search"), {"near": near})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_autocomplete_suggests_postcodes(client, directory_with_london):
    url = reverse("search_autocomplete")
    outward = [item for item in client.get(url, {"q": "M5V"}).json() if item["kind"] == "place"]
    assert outward[0]["value"] == "M5V"
    assert outward[0]["label"] == "M5V (Downtown Toronto), Ontario, CA"
    assert client.get(outward[0]["url"]).status_code == 200
    full = [item for item in client.get(url, {"q": "sw1a 1aa"}).json() if item["kind"] == "place"]
    assert [item["value"] for item in full] == ["SW1A 1AA"]
    started = [item["value"] for item in client.get(url, {"q": "sw1"}).json() if item["kind"] == "place"]
    assert started and all(value.startswith("SW1") for value in started)


def test_autocomplete_keeps_to_the_countries_the_directory_covers(client, directory_with_london, settings):
    # The same URL is asked under two settings: the page cache (which a deploy, not a request,
    # would empty) is off so each answer is rendered.
    settings.PAGE_CACHE_ENABLED = False
    url = reverse("search_autocomplete")
    assert not [item for item in client.get(url, {"q": "lisbo"}).json() if item["kind"] == "place"]
    settings.DIRECTORY_COUNTRIES = ("PT",)
    assert [item["label"] for item in client.get(url, {"q": "lisbo"}).json() if item["kind"] == "place"][0].startswith(
        "Lisbon"
    )
    assert not [item for item in client.get(url, {"q": "M5V"}).json() if item["kind"] == "place"]
