"""A therapist's profile in a real browser: accessible, one map marker per located clinic, the contact
form delivers, it reflows at 320 px, and hostile profile content runs nothing."""

import base64

import pytest
from django.core import mail

from tests.browser.accessibility import assert_accessible, assert_no_horizontal_scroll
from tests.hostile.content import hostile_therapist, listed_therapist

pytestmark = pytest.mark.browser

# A 1x1 transparent PNG served for every map tile: the tests never reach the network.
TILE = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=")
CLINICS = (
    {"name": "Queen Street Clinic", "city": "Toronto", "latitude": 43.6487, "longitude": -79.3960},
    {"name": "Yonge Wellness", "city": "Toronto", "latitude": 43.7058, "longitude": -79.3986},
    # A place no gazetteer knows: it stays unmapped, listed as text only.
    {"name": "Not yet on the map", "city": "Xyzzyville"},
)


@pytest.fixture
def offline_tiles(page):
    page.route("https://tile.openstreetmap.org/**", lambda route: route.fulfill(body=TILE, content_type="image/png"))
    return page


@pytest.fixture
def therapist(live_site):
    return listed_therapist(live_site.directory, "Dana Okafor", clinics=CLINICS, slug="dana-okafor")


def test_the_profile_is_accessible_and_maps_one_marker_per_located_clinic(
    offline_tiles, console, live_server, therapist
):
    page = offline_tiles
    page.goto(live_server.url + therapist.url)
    clinic_map = page.get_by_role("region", name="Map of clinic locations")
    clinic_map.locator(".leaflet-marker-icon").first.wait_for()
    markers = clinic_map.locator(".leaflet-marker-icon")
    assert markers.count() == 2
    assert sorted(markers.evaluate_all("els => els.map(e => e.alt)")) == ["Queen Street Clinic", "Yonge Wellness"]
    # Every clinic is still listed as text, the unmapped one included.
    for clinic in CLINICS:
        assert page.get_by_role("heading", name=clinic["name"]).is_visible()
    assert page.get_by_text("Location not mapped.").count() == 1
    assert_accessible(page)
    assert console.csp_violations == []
    assert console.errors == []


def test_the_contact_form_sends_the_message(page, live_server, therapist):
    page.goto(live_server.url + therapist.url)
    page.locator("#contact").get_by_role("link", name=f"Write to {therapist.title}").click()
    form = page.locator("#contact")
    form.get_by_label("Your name").fill("Sam Reader")
    form.get_by_label("Your e-mail address").fill("sam@example.org")
    form.get_by_label("Message").fill("Do you have an appointment next week for sciatica?")
    form.get_by_role("button", name="Send message").click()
    page.get_by_role("status").filter(has_text="your message has been sent").wait_for()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [therapist.contact_email]
    assert "appointment next week" in mail.outbox[0].body


def test_the_contact_form_explains_what_to_fix_and_keeps_the_message(page, live_server, therapist):
    page.goto(live_server.url + therapist.url + "contact/")
    form = page.locator("#contact")
    form.get_by_label("Your name").fill("Sam Reader")
    form.get_by_label("Your e-mail address").fill("not an address")
    form.get_by_label("Message").fill("Kept, please.")
    form.get_by_role("button", name="Send message").click()
    page.locator(".field__error").first.wait_for()
    form = page.locator("#contact")
    assert form.get_by_label("Message").input_value() == "Kept, please."
    assert form.get_by_label("Your name").input_value() == "Sam Reader"
    assert mail.outbox == []
    assert_accessible(page)


def test_the_profile_reflows_at_320px(page, live_server, therapist):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server.url + therapist.url)
    assert_no_horizontal_scroll(page)


def test_hostile_profile_content_runs_no_script(offline_tiles, console, live_server, live_site):
    page = offline_tiles
    therapist = hostile_therapist(live_site.directory)
    page.goto(live_server.url + therapist.url)
    marker = page.locator(".leaflet-marker-icon").first
    marker.wait_for()
    marker.click()  # the popup shows the hostile clinic name: as text
    page.locator(".leaflet-popup-content").wait_for()
    for link in page.locator("main a").all()[:25]:
        link.hover()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert console.csp_violations == []
    assert console.errors == []
