"""The directory search's map of the results in a real browser: beside the list at 1280 px, behind "Show map"
at 390 px without moving the first result, in step with the list (pointer and keyboard), axe-clean, and
absent without JavaScript. Map tiles are answered locally (conftest.py)."""

import pytest

from tests.browser.accessibility import assert_accessible, assert_no_horizontal_scroll
from tests.hostile.content import listed_therapist

pytestmark = pytest.mark.browser

SEARCH = "/search/therapists/?q=sciatica&near=Toronto&sort=distance"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def directory(live_site):
    """Three therapists with clinics around Toronto."""
    from articles.models import Condition

    sciatica = Condition.objects.create(name="Sciatica", slug="sciatica")
    for title, slug, latitude, longitude in (
        ("Dana Okafor", "dana-okafor", 43.6487, -79.3960),
        ("Lee Chen", "lee-chen", 43.6700, -79.4100),
        ("Ravi Patel", "ravi-patel", 43.7058, -79.3986),
    ):
        clinic = {"name": f"{title}'s clinic", "city": "Toronto", "latitude": latitude, "longitude": longitude}
        listed_therapist(live_site.directory, title, slug=slug, clinics=(clinic,), conditions=[sciatica])
    return live_site


def results_map(page):
    return page.get_by_role("region", name="Map of these results")


def markers(page):
    return results_map(page).locator(".leaflet-marker-icon")


def list_item(page, name):
    return page.locator("[data-therapist-id]", has=page.get_by_role("link", name=name, exact=True))


def focused_therapist_id(page):
    return page.evaluate("document.activeElement.closest('[data-therapist-id]')?.dataset.therapistId")


def test_beside_the_list_on_a_wide_screen_and_in_step_with_it(page, console, live_server, directory):
    page.goto(live_server.url + SEARCH)
    markers(page).first.wait_for()
    # Every result with coordinates has its marker, named after the therapist and the clinic's city.
    assert sorted(markers(page).evaluate_all("icons => icons.map(icon => icon.alt)")) == [
        "Dana Okafor, Toronto",
        "Lee Chen, Toronto",
        "Ravi Patel, Toronto",
    ]
    assert page.locator("[data-therapist-id]").count() == 3
    # Beside the list, with no button to open it.
    results, area = page.locator(".search-results").bounding_box(), results_map(page).bounding_box()
    assert area["x"] >= results["x"] + results["width"]
    assert area["y"] < results["y"] + 200
    assert page.get_by_role("button", name="Show map").is_hidden()

    # Pointing at a result highlights its marker (only its own).
    list_item(page, "Lee Chen").hover()
    assert markers(page).and_(page.locator(".is-active")).evaluate_all("icons => icons.map(i => i.alt)") == [
        "Lee Chen, Toronto"
    ]
    # Choosing a marker moves focus to its result in the list, and highlights it there.
    markers(page).and_(page.locator('[alt="Ravi Patel, Toronto"]')).click()
    ravi = list_item(page, "Ravi Patel")
    assert focused_therapist_id(page) == ravi.get_attribute("data-therapist-id")
    assert "is-map-active" in ravi.get_attribute("class")

    # The keyboard: one Tab stop for the markers, arrows move between them, Enter goes to the result.
    assert markers(page).evaluate_all("icons => icons.filter(icon => icon.tabIndex === 0).length") == 1
    in_tab_order = markers(page).and_(page.locator("[tabindex='0']"))
    first = in_tab_order.get_attribute("alt")
    in_tab_order.focus()
    page.keyboard.press("ArrowRight")
    name = page.evaluate("document.activeElement.alt").split(",")[0]
    assert name != first.split(",")[0]
    assert in_tab_order.get_attribute("alt").startswith(name)  # the Tab stop moved with focus
    page.keyboard.press("Enter")
    assert focused_therapist_id(page) == list_item(page, name).get_attribute("data-therapist-id")

    assert_accessible(page)
    assert console.csp_violations == []
    assert console.errors == []


def test_behind_a_button_on_a_phone_without_moving_the_first_result(page, console, live_server, directory):
    page.set_viewport_size(PHONE)
    # Where the first result starts with no map at all (Leaflet not loaded: the map never appears).
    page.route("**/vendor/leaflet/leaflet.js", lambda route: route.abort())
    page.goto(live_server.url + SEARCH)
    without_map = page.locator("[data-therapist-id]").first.bounding_box()["y"]
    assert page.get_by_role("button", name="Show map").is_hidden()
    page.unroute("**/vendor/leaflet/leaflet.js")

    page.goto(live_server.url + SEARCH)
    toggle = page.get_by_role("button", name="Show map")
    toggle.wait_for()
    assert page.locator("[data-therapist-id]").first.bounding_box()["y"] == without_map
    assert without_map < PHONE["height"]  # the first result starts on the first screen
    # The button sits in the Filters bar, not above the results.
    summary, button = page.locator(".search-filters__summary").bounding_box(), toggle.bounding_box()
    assert summary["y"] - 16 <= button["y"] and button["y"] + button["height"] <= summary["y"] + summary["height"] + 16
    assert results_map(page).is_hidden()
    assert toggle.get_attribute("aria-expanded") == "false"

    toggle.click()
    hide = page.get_by_role("button", name="Hide map")
    assert hide.get_attribute("aria-expanded") == "true"
    markers(page).first.wait_for()
    assert markers(page).count() == 3
    assert_no_horizontal_scroll(page)
    assert_accessible(page)

    # A marker takes the reader to the result, scrolled into view.
    markers(page).and_(page.locator('[alt="Ravi Patel, Toronto"]')).click()
    ravi = list_item(page, "Ravi Patel")
    assert focused_therapist_id(page) == ravi.get_attribute("data-therapist-id")
    box = ravi.bounding_box()
    assert box["y"] >= 0 and box["y"] + min(box["height"], 100) <= PHONE["height"]

    hide.click()
    assert results_map(page).is_hidden()
    assert console.csp_violations == []
    assert console.errors == []


def test_without_javascript_the_list_is_the_whole_page(browser, live_server, directory):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(live_server.url + SEARCH)
        assert page.locator("[data-therapist-id]").count() == 3
        assert page.locator("#results-map").is_hidden()
        assert page.locator("[data-results-map-toggle]").is_hidden()
    finally:
        context.close()
