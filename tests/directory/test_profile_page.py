"""The public profile: what it shows, what it never shows, and its constant query count."""

import json
import re

import pytest

from directory.models import Clinic
from home.content_version import bump_content_version

pytestmark = pytest.mark.django_db


def test_listed_profile_shows_trust_box_clinics_and_practical_details(client, make_therapist, sciatica, deep_tissue):
    page = make_therapist(
        "Maria Silva",
        designation="RMT",
        fee_min=80,
        fee_max=120,
        currency="CAD",
        direct_billing=True,
        phone="416 555 0100",
        clinics=(
            {
                "name": "Queen West Clinic",
                "street_address": "100 Queen St W",
                "city": "Toronto",
                "region": "Ontario",
                "postcode": "M5H 2N2",
                "country": "CA",
                "opening_hours": "Mon–Fri 9:00–17:00\nSat 10:00–14:00",
                "wheelchair_access": True,
                "parking": "Street parking",
            },
        ),
    )
    page.conditions.add(sciatica)
    page.techniques.add(deep_tissue)
    page.save_revision().publish()

    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    registration = page.registration
    assert (
        f"Registration verified on {registration.verified_on:%-d %B %Y} — "
        f"College of Massage Therapists of Ontario #{registration.number}" in html
    )
    assert 'href="https://register.example/cmto"' in html
    assert "Queen West Clinic" in html and "100 Queen St W" in html
    assert "Mon–Fri 9:00–17:00<br>Sat 10:00–14:00" in html
    assert "80–120 CAD per 60-minute session" in html
    assert "?condition=sciatica" in html and "?technique=deep-tissue" in html
    assert "Location not mapped" not in html


def test_contact_email_is_never_rendered(client, make_therapist):
    page = make_therapist("Private Person", contact_email="secret-inbox@private.example")
    html = client.get(page.url).content.decode()
    assert "secret-inbox" not in html
    assert "private.example" not in html


def test_json_ld_describes_person_and_each_clinic_with_geo(client, make_therapist):
    page = make_therapist(
        "Geo Person",
        designation="RMT",
        clinics=(
            {"name": "Downtown", "street_address": "1 King St", "city": "Toronto", "country": "CA"},
            {"name": "Nowhere Studio", "city": "Atlantis", "country": "CA"},
        ),
    )
    html = client.get(page.url).content.decode()
    blob = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    graph = json.loads(blob)["@graph"]
    person, downtown, nowhere = graph
    assert person["@type"] == "Person" and person["name"] == "Geo Person"
    assert person["hasCredential"]["identifier"] == page.registration.number
    assert "HealthAndBeautyBusiness" in downtown["@type"] and "LocalBusiness" in downtown["@type"]
    assert downtown["address"]["addressLocality"] == "Toronto"
    assert downtown["geo"]["latitude"] == pytest.approx(43.7, abs=0.1)
    assert "geo" not in nowhere  # never a made-up position
    assert downtown["employee"] == {"@id": person["@id"]}


def test_map_data_block_and_leaflet_only_for_mapped_clinics(client, make_therapist):
    page = make_therapist(
        "Map Person",
        clinics=(
            {"name": "Mapped", "city": "Lisbon", "country": "PT"},
            {"name": "Lost", "city": "Qwxyz", "country": "PT"},
        ),
    )
    html = client.get(page.url).content.decode()
    markers = json.loads(
        re.search(r'<script id="clinic-markers" type="application/json">(.*?)</script>', html).group(1)
    )
    assert [m["name"] for m in markers] == ["Mapped"]
    assert markers[0]["lat"] == pytest.approx(38.72, abs=0.05)
    assert 'data-tile-url="https://tile.openstreetmap.org/{z}/{x}/{y}.png"' in html
    assert "OpenStreetMap" in html  # attribution travels with the tiles
    assert "vendor/leaflet/leaflet.js" in html and "js/directory.js" in html
    assert "Location not mapped." in html  # the unmapped clinic says so
    # No inline script: only data blocks, which the CSP does not execute.
    for match in re.finditer(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", html, re.S):
        assert "src=" in match["attrs"] or "application/" in match["attrs"], match.group(0)[:80]


def test_profile_without_mapped_clinics_loads_no_map_code(client, make_therapist):
    page = make_therapist("No Map", clinics=({"city": "Qwxyz", "country": "CA"},))
    html = client.get(page.url).content.decode()
    assert "leaflet" not in html
    assert "Location not mapped." in html


def test_photo_srcset_offers_webp_and_jpeg_renditions(client, make_therapist):
    page = make_therapist("Photo Person", photo=True)
    html = client.get(page.url).content.decode()
    picture = re.search(r"<picture>.*?</picture>", html, re.S).group(0)
    webp = re.search(r'<source[^>]*type="image/webp"[^>]*srcset="([^"]+)"', picture) or re.search(
        r'<source[^>]*srcset="([^"]+)"[^>]*type="image/webp"', picture
    )
    assert webp is not None
    assert webp.group(1).count(".webp") == 2  # two sizes
    img = re.search(r"<img[^>]*>", picture).group(0)
    assert ".jpg" in img and "srcset=" in img
    assert "240w" in picture and "480w" in picture
    renditions = set(page.photo.renditions.values_list("filter_spec", flat=True))
    assert {
        f"format-{fmt}|fill-{size}-c100" for fmt in ("webp", "jpeg") for size in ("240x240", "480x480")
    } <= renditions


def test_photo_renditions_follow_the_focal_point(make_therapist):
    page = make_therapist("Focus Person", photo=True)
    image = page.photo
    assert image.has_focal_point()
    rendition = image.get_rendition("fill-240x240-c100|format-jpeg")
    # The crop is centred on the face, which sits in the upper half of the portrait.
    assert rendition.focal_point is not None
    assert (rendition.width, rendition.height) == (240, 240)


@pytest.mark.parametrize("clinic_count", [1, 8])
def test_profile_query_count_is_constant_whatever_the_number_of_clinics(
    client, make_therapist, sciatica, deep_tissue, portuguese, django_assert_max_num_queries, clinic_count, settings
):
    settings.PAGE_CACHE_ENABLED = False  # the cost of rendering the profile; a cached answer costs none
    clinics = [{"name": f"Clinic {n}", "city": "Toronto", "country": "CA"} for n in range(clinic_count)]
    page = make_therapist("Busy Person", clinics=clinics, photo=True)
    page.conditions.add(sciatica)
    page.techniques.add(deep_tissue)
    page.languages.add(portuguese)
    page.save_revision().publish()
    assert Clinic.objects.filter(therapist=page).count() == clinic_count
    client.get(page.url)  # first view creates the photo's renditions
    bump_content_version()  # rendered from scratch: no cached fragment, route or menu
    # 13 + 2 for the trust box (restrictions in force) and the clinics' exception hours (one for all);
    # 2 of them Wagtail's view restrictions, 4 the routing (site, home, directory index, the profile
    # with photo and registration), 4 the relations fetched along. Once cached, none remain
    # (tests/directory/test_render_cost.py).
    with django_assert_max_num_queries(15):
        response = client.get(page.url)
    assert response.status_code == 200
    assert response.content.decode().count('class="clinic"') == clinic_count


def test_send_a_message_link_even_without_other_contact_details(client, make_therapist):
    page = make_therapist("Quiet Person", booking_url="", website="", phone="")
    html = client.get(page.url).content.decode()
    assert 'href="#contact"' in html
    assert 'id="contact"' in html
